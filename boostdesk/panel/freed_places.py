"""A tier place freed after publication (an objection upheld, an approval revoked on review)
and who the ranking puts into it, by the same ranking the panel uses (:func:`.ranking.rank`).

The project next in line for a freed place may be one already published in a lower tier (tied
on score at the boundary, say): the ranking ranks the published list again and names it
(``Ranking.raised_amounts``). Raising a published award is the office's decision (公示无异议的
项目按公示档次核准), so the notice names it as waiting for one, apart from the projects not yet
adopted that the ranking now gives a tier (re-adopted and publicized in a batch of their own).
The close of publicity says the same of every place still open (:func:`open_place_lines`).
Once the office has decided to keep such a project at its published tier
(tier_overrides.keep_published_tier), the place is said to be left open by that decision —
and so is every place of that tier freed until then: the next published project the ranking
would raise into it is said under the same decision, not asked about (``Ranking.left_open``),
until a place of the tier is freed after it. The decision withdrawn
(tier_overrides.undo_kept_tier), the places are said as before it (:func:`raised_place`
names one for the office's confirmation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from boostdesk.models.campaign import Campaign
from boostdesk.models.register import Register

from .published_rerank import raise_decisions
from .ranking_rows import HOLDING, QuotaUse, Ranking, RankRow, adopted
from .tier_places import tier_name


@dataclass(frozen=True)
class Waiting:
    """Who the ranking puts into a tier they do not hold: published projects raised, and
    projects not adopted given one (both by id)."""

    raised: dict[int, tuple[int | None, int | None]]  # id -> (published, ranked now)
    tiered: frozenset[int]
    # adopted (拟助推, not yet publicized) and given a tier by the ranking: one the ranking
    # left out while the tier was full moves up into a freed place without a new adoption
    adopted_in: frozenset[int] = frozenset()


def waiting(ranking: Ranking) -> Waiting:
    return Waiting(dict(ranking.raised_amounts), frozenset(
        r.project_id for r in _tiered(ranking)), frozenset(
        r.project_id for r in _adopted_in(ranking)))


def _adopted_in(ranking: Ranking) -> list[RankRow]:
    """The projects of an adopted list, not yet publicized, the ranking gives a tier."""
    return [r for r in ranking.candidates() if r.amount_fen is not None and r.status == "proposed"]


def _tiered(ranking: Ranking) -> list[RankRow]:
    """The projects under review the ranking gives a tier they were not proposed at."""
    return [r for r in ranking.candidates() if r.amount_fen is not None and r.status != "proposed"]


def _quota(ranking: Ranking, amount: int | None, level: str | None) -> QuotaUse | None:
    return next((q for q in ranking.quotas if q.tier.amount_fen == amount
                 and (level is None or q.tier.level == level)), None)


def _tiered_text(c: Campaign, r: RankRow) -> str:
    """A project not adopted the ranking gives a tier; the one it gets once the published
    projects above are raised, when that differs."""
    then = (f"；已公示项目调高后为{tier_name(c, r.amount_fen_fresh)}"
            if r.amount_fen_fresh and r.amount_fen_fresh != r.amount_fen else "")
    over = "（超申请）" if r.over_request else ""  # adopting it asks (over_request)
    return f"“{r.ref}”（{tier_name(c, r.amount_fen)}{over}{then}）"


def _listed_text(r: RankRow) -> str:
    """An adopted project moving up into a tier: published with its list, not re-adopted."""
    return f"“{r.ref}”（{r.tier_name}，已在采纳名单中，待公示）"


def _raised_text(c: Campaign, ranking: Ranking, pid: int, was: int | None) -> str:
    row = ranking.row(pid)
    # why it missed the tier then: the tie note its adoption stored (a published row's
    # reason is the adopted one, its status after it)
    said = re.sub(r"（现为“[^”]*”）$", "", row.reason)
    ties = [*row.tie, *(part for part in said.split("；") if "按同分规则" in part)]
    tie = f"；{ties[0]}" if ties else ""
    return f"已公示的“{row.ref}”（公示为{tier_name(c, was)}{tie}）"


def freed_place_notice(reg: Register, year: int, project_id: int,
                       before: Waiting | None = None, adopt_hint: str = "",
                       freed_fen: int | None = None, say_adopt: bool = True) -> str:
    """What an award given up (``project_id``'s, just now) frees and who moves into it, or
    "" when the ranking moves nobody. ``before``: :func:`waiting` before the change (those
    already waiting are not news of this place). ``adopt_hint``: how the caller re-adopts.
    ``freed_fen``: the tier freed, when its proposal is gone (撤回申报 before publicity).
    ``say_adopt`` False: the caller says how to re-adopt itself (撤回申报's rule)."""
    from .publicity import published_level
    from .ranking import rank

    c = reg.campaign(year)
    ranking = rank(reg, year)
    freed = freed_fen or reg.scalar("SELECT amount_fen FROM proposals WHERE project_id = ?",
                                    (project_id,))
    app = reg.project(project_id)
    level = published_level(c, freed, app.studio_level) if freed else None
    old = before or Waiting({}, frozenset())
    raised = {pid: was for pid, (was, now) in ranking.raised_amounts.items()
              if now == freed and old.raised.get(pid) != (was, now)}
    tiered = [r for r in _tiered(ranking) if r.project_id not in old.tiered]
    listed = ([r for r in _adopted_in(ranking) if r.project_id not in old.adopted_in]
              if before is not None else [])  # without ``before`` every adopted one is news
    if not raised and not tiered and not listed:
        return ""
    into = [r for r in tiered if r.amount_fen == freed]
    others = [r for r in tiered if r.amount_fen != freed]
    quota = _quota(ranking, freed, level)
    where = (f"（名额 {quota.tier.quota} 项，已有 {quota.held} 项）" if quota else "")
    parts = []
    if raised:
        parts.append(
            f"“{app.title}”的{tier_name(c, freed)}名额空出{where}，按排名应递补的是"
            + "、".join(_raised_text(c, ranking, pid, was) for pid, was in raised.items())
            + "。" + raise_decisions())
        if tiered or listed:
            parts.append("另按排名可列入：" + "、".join(
                [*(_tiered_text(c, r) for r in tiered), *(_listed_text(r) for r in listed)]))
    else:
        parts.append("名额空出，按排名可递补：" + "、".join(
            [*(f"“{r.ref}”（{r.tier_name}）" for r in [*into, *others]),
             *(_listed_text(r) for r in listed)]))
    if tiered and say_adopt:
        parts.append(adopt_hint or "请在“专家评审 → 排名与档次”中重新采纳，再另批公示")
    return "。".join(parts)


def open_place_lines(c: Campaign, ranking: Ranking) -> list[str]:
    """Each tier with a place the ranking gives to someone who does not hold it yet: the
    tier's use against its quota and who waits, for what decision (the close of publicity
    says them rather than approving with a place silently left open)."""
    by_tier: dict[tuple[int | None, str], list[str]] = {}
    for pid, (was, now) in ranking.raised_amounts.items():
        row = ranking.row(pid)
        by_tier.setdefault((now, row.level), []).append(
            _raised_text(c, ranking, pid, was) + "是否调高，待研究决定")
    for r in _tiered(ranking):
        by_tier.setdefault((r.amount_fen, r.level), []).append(
            f"{_tiered_text(c, r)}待重新采纳后另批公示")
    for pid, kept in ranking.kept_published.items():
        row = ranking.row(pid)
        quota = _quota(ranking, kept.ranked_fen, row.level)
        if quota is not None and quota.used >= quota.tier.quota:
            continue  # the place went to another since: not open
        by_tier.setdefault((kept.ranked_fen, row.level), []).append(
            f"已公示的“{row.ref}”（公示为{tier_name(c, kept.published_fen)}）不调高，"
            f"名额留空：{kept.said}")
    for pid, (was, now, kept_id) in ranking.left_open.items():
        row = ranking.row(pid)
        quota = _quota(ranking, now, row.level)
        if quota is not None and quota.used >= quota.tier.quota:
            continue
        kept = ranking.kept_published[kept_id]
        by_tier.setdefault((now, row.level), []).append(
            f"已公示的“{row.ref}”（公示为{tier_name(c, was)}）不调高，名额留空："
            f"同“{ranking.row(kept_id).ref}”，{kept.said}")
    lines = []
    for (amount, level), who in by_tier.items():
        quota = _quota(ranking, amount, level)
        use = (f"名额 {quota.tier.quota} 项，已有 {quota.held} 项" if quota else "")
        lines.append(f"{tier_name(c, amount)}{use}：" + "；".join(
            x if x.startswith("已公示的") and "名额留空" in x else f"按排名{x}" for x in who)
            + _adopted_apart(c, ranking, amount, level))
    return lines


def _adopted_apart(c: Campaign, ranking: Ranking, amount: int | None, level: str) -> str:
    """The tier's places an adopted list (not yet published) gives projects the ranking
    no longer places there: the list holds them, so re-adopting is withdrawing it first."""
    apart = [r for r in ranking.candidates() if r.status == "proposed" and r.level == level
             and r.adopted_amount_fen == amount and r.amount_fen != amount]
    if not apart:
        return ""
    return ("；拟助推名单中的" + "、".join(
        f"“{r.ref}”（采纳时为{tier_name(c, amount)}，现排名为{tier_name(c, r.amount_fen)}）"
        for r in apart) + "与现在的排名不一致，须撤回拟助推名单后重新采纳")


@dataclass(frozen=True)
class RaisedPlace:
    """A freed tier place and the published project next in line for it, as the office's
    decision on it (维持公示档次, or its withdrawal) names them."""

    project_id: int
    ref: str
    published: str  # 5万元档
    ranked: str  # 10万元档
    use: str  # 本档 2 项，已有 1 项
    freed_by: tuple[str, ...]  # the tier's published awards given up since, by title
    others: tuple[str, ...]  # other published projects next in line for the tier's places

    @property
    def place(self) -> str:
        """“吴强…”空出的10万元档名额（本档 2 项，已有 1 项）"""
        who = "、".join(f"“{t}”" for t in self.freed_by)
        return f"{who}空出的{self.ranked}名额" + (f"（{self.use}）" if self.use else "")


def raised_place(reg: Register, year: int, ranking: Ranking, project_id: int) -> RaisedPlace:
    """The place ``project_id`` is next in line for: raised by the ranking (undecided), or
    kept at its published tier by the office (the place left open)."""
    from .publicity import published_level

    c = reg.campaign(year)
    kept = ranking.kept_published.get(project_id)
    was, now = ((kept.published_fen, kept.ranked_fen) if kept is not None
                else ranking.raised_amounts[project_id])
    level = ranking.row(project_id).level
    quota = _quota(ranking, now, level)
    freed_by = []
    for pid, row in sorted(adopted(reg, year).items()):
        if row["period_id"] is not None and row["amount_fen"] == now and now is not None:
            app = reg.project(pid)
            if app.status not in HOLDING and published_level(c, now, app.studio_level) == level:
                freed_by.append(app.title)
    # the others the same decision covers: raised into the tier, or left open by it
    others = ([pid for pid, (_w, n) in ranking.raised_amounts.items() if n == now]
              if kept is None else
              [pid for pid, (_w, _n, by) in ranking.left_open.items() if by == project_id])
    return RaisedPlace(
        project_id, ranking.row(project_id).ref, tier_name(c, was), tier_name(c, now),
        f"本档 {quota.tier.quota} 项，已有 {quota.held} 项" if quota else "", tuple(freed_by),
        tuple(ranking.row(pid).ref for pid in others
              if pid != project_id and ranking.row(pid).level == level))
