"""Each studio level's projects placed in its tiers under the plan's constraints.

二（三）: city-level (市级) studios' projects are boosted with 10万 or 5万, district, bureau and
group-level (区、局、集团（公司）级) studios' with 3万; 原则上 10 / 20 / 50 projects; the unions'
money may not exceed 50 % of the project's total budget. 二（二）2: 获得助推的项目至多1项 per
studio. 二（四）2: the expert score is the main basis.

How the proposal is made, per level:

1. Projects under review, and those of an adopted proposal not yet publicized, are ranked
   by the panel's score (only submitted scores count); a qualified project not yet sent
   to the experts is listed unscored, and holds adoption as a missing score does.
2. Awards already held in this campaign take their tier's quota and their studio's award
   first: a proposal already in publicity (shown as adopted, with its stored rank and
   reason), and any project proposed, publicized or approved outside the ranking.
3. Staff overrides (with a reason) are placed next, in rank order, each in one of its
   tier's places (the quota is not raised by an override: see
   :func:`.tier_overrides.set_override`); a project that loses its place to one is told
   which.
4. Then each project in rank order takes the highest tier of its level that has quota left
   and fits the cap (amount ≤ total budget × cap %, so a budget exactly twice the tier
   fits); a tier skipped is named in the reason. A studio that already has its award gets
   none, and the reason names the project that holds it.

Ties are broken by :mod:`.tie_break`.
"""

from __future__ import annotations

import re
from collections import Counter

from boostdesk.models.campaign import LEVELS, Campaign, Tier, tier_label
from boostdesk.models.records import ProjectApplication
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money

from .over_request import over_request_note
from .ranking_rows import HOLDING, UNLEVELLED, Override, QuotaUse, RankRow
from .scoring import Progress, ProjectScore
from .tie_break import cutoff_ties, rounding_notes, tie_key, tie_notes


def fits_cap(c: Campaign, amount_fen: int, budget_fen: int | None) -> bool:
    """二（三）: 助推资金总额不超过项目所需资金总额的 cap % (the limit itself fits)."""
    return budget_fen is not None and amount_fen * 100 <= budget_fen * c.budget_cap_percent


def cap_note(c: Campaign, tier: Tier, budget_fen: int, was: int | None = None) -> str:
    """一档8万元档超过项目总投入 ¥120,000.00 的 50%（¥60,000.00，方案二（三））; ``was``: the
    cap the reason was first written under, said when the year's cap changed since."""
    cap = budget_fen * c.budget_cap_percent // 100
    since = f"；上限原为 {was}%" if was is not None else ""
    return (f"{tier_label(tier.name)}超过项目总投入 {format_money(budget_fen)} 的 {c.budget_cap_percent}%"
            f"（{format_money(cap)}，{c.clause('project_award')}{since}）")


# A cap_note, or the missing-budget words, as an adopted proposal's reason keeps them.
_CAP_NOTE = re.compile(r"^(?P<tier>.+?)超过项目总投入 (?P<budget>¥[\d,]+\.\d\d) 的 (?P<pct>\d+)%（")
_NO_BUDGET = re.compile(r"无法核对 (?P<pct>\d+)% 上限$")


def restated_caps(c: Campaign, reason: str, budget_fen: int | None) -> str:
    """An adopted proposal's stored reason with each 50 % cap note it gave restated under the
    year's cap now: a cap changed after the adoption (50 % → 30 %) left the ranking saying
    the old cap beside the new one (超过…的 50%（¥60,000.00）… 注意：…的 30% 为 ¥36,000.00).
    A tier the new cap lets through says so, and what it was adopted under."""
    parts = reason.split("；")
    for i, part in enumerate(parts):
        if m := _NO_BUDGET.search(part):
            if int(m["pct"]) != c.budget_cap_percent:
                parts[i] = (part[:m.start()] + f"无法核对 {c.budget_cap_percent}% 上限"
                            f"（上限原为 {m['pct']}%）")
            continue
        m = _CAP_NOTE.match(part)
        if m is None or int(m["pct"]) == c.budget_cap_percent:
            continue
        was = int(m["pct"])
        tier = next((t for t in c.tiers if tier_label(t.name) == m["tier"]), None)
        if tier is None or budget_fen is None:  # renamed since: the note as written, dated
            parts[i] = f"{part}（采纳时的上限 {was}%，现为 {c.budget_cap_percent}%）"
        elif fits_cap(c, tier.amount_fen, budget_fen):
            cap = budget_fen * c.budget_cap_percent // 100
            parts[i] = (f"采纳时{m['tier']}超过项目总投入 {m['budget']} 的 {was}%；上限已调整为 "
                        f"{c.budget_cap_percent}%（{format_money(cap)}，"
                        f"{c.clause('project_award')}），{m['tier']}现不超出")
        else:
            parts[i] = cap_note(c, tier, budget_fen, was)
    return "；".join(parts)


# A tier's places the ranking gives nobody, by (amount, level): how many, and why (left
# open by the office's keep-tier decision, or awaiting it: :func:`.ranking.rank`).
Closed = dict[tuple[int, str], tuple[int, str]]


def rank_all(c: Campaign, projects: list[ProjectApplication],
             taken: dict[int, dict[str, object]], scores: dict[int, ProjectScore],
             experts_done: dict[int, Progress], over: dict[int, Override],
             candidates: list[ProjectApplication],
             closed: Closed | None = None) -> tuple[list[RankRow], list[QuotaUse]]:
    """Every level ranked: ``candidates`` afresh; the rest adopted (as adopted) or holding
    an award outside the ranking take their places first. ``closed``: places no project
    ranked now takes (a tier set by hand still may)."""
    chosen = {p.id for p in candidates}
    frozen = [p for p in projects if p.id in taken and p.id not in chosen]
    holders = [p for p in projects if p.id not in taken and p.status in HOLDING]
    rows: list[RankRow] = []
    quotas: list[QuotaUse] = []
    for level in (*LEVELS, UNLEVELLED):
        def at_level(p: ProjectApplication, level: str = level) -> bool:
            return (p.studio_level or UNLEVELLED) == level

        inputs = (c, level, [p for p in candidates if at_level(p)],
                  [p for p in holders if at_level(p)], [p for p in frozen if at_level(p)],
                  taken, scores, experts_done)
        shut = {amount: why for (amount, lv), why in (closed or {}).items() if lv == level}
        level_rows, level_quotas = rank_level(*inputs, over, shut)
        if any(r.override is not None for r in level_rows):
            # what the ranking alone would give, so that a project an override displaced
            # is told by which
            displacement_notes(level_rows, rank_level(*inputs, {}, shut)[0])
        for r in level_rows:
            if r.project_id in taken:
                r.adopted = True
                r.adopted_amount_fen = taken[r.project_id]["amount_fen"]  # type: ignore[assignment]
        rows.extend(level_rows)
        quotas.extend(level_quotas)
    return rows, quotas


_RANK_SAID = re.compile(r"^(\S*第 \d+ 名)")


def batch_said(batch: int, reason: str) -> str:
    """A published row's stored reason said as its batch's ranking:
    市级第 2 名；列入10万元档 -> 第1批 市级第 2 名（已公示）；列入10万元档."""
    if reason.startswith("第") and "批 " in reason[:6]:
        return reason
    said, n = _RANK_SAID.subn(r"\1（已公示）", reason, count=1)
    return f"第{batch}批 {said}" if n else reason


def rank_level(
    c: Campaign, level: str, candidates: list[ProjectApplication],
    holders: list[ProjectApplication], frozen: list[ProjectApplication],
    taken: dict[int, dict[str, object]], scores: dict[int, ProjectScore],
    experts_done: dict[int, Progress], over: dict[int, Override],
    closed: dict[int, tuple[int, str]] | None = None,
) -> tuple[list[RankRow], list[QuotaUse]]:
    tiers = c.tiers_for(level) if level != UNLEVELLED else ()
    by_amount = {t.amount_fen: t for t in tiers}
    remaining = {t.amount_fen: t.quota for t in tiers}
    held_count: Counter[int] = Counter()
    proposed_count: Counter[int] = Counter()
    studio_awards: Counter[int | None] = Counter()
    studio_holders: dict[int | None, list[RankRow]] = {}
    in_tier: dict[int, list[RankRow]] = {}  # who holds each tier's places, for 已满's reason
    batch_no: dict[int, int] = {}  # a published row's batch, for 已满's reason

    def take(row: RankRow, amount: int | None) -> None:
        row.amount_fen = amount
        if amount is None:
            return
        tier = by_amount.get(amount)
        row.tier_name = tier.name if tier else format_money(amount)
        if amount in remaining:
            remaining[amount] -= 1
        in_tier.setdefault(amount, []).append(row)
        studio_awards[row.studio_id] += 1
        studio_holders.setdefault(row.studio_id, []).append(row)

    def new_row(app: ProjectApplication) -> RankRow:
        return RankRow(app.id or 0, app.title, app.studio_name, app.studio_id, level,
                       app.status, scores.get(app.id or 0),
                       progress=experts_done.get(app.id or 0))

    held_rows = []
    # a published row keeps its batch's rank; beside another batch's or the projects
    # ranked now, its 理由 says whose ranking it is (第1批 市级第 2 名（已公示）), else two
    # rows read 市级第 2 名 with 名次 2 and 4
    batch_of = {pid: n for n, pid in enumerate(sorted({
        int(r["period_id"]) for r in taken.values() if r["period_id"] is not None}), 1)}  # type: ignore[call-overload]
    many = len(batch_of) > 1 or bool(candidates)
    for app in frozen:  # an adopted proposal already in publicity: as adopted
        row = new_row(app)
        row.held = True
        stored = taken[app.id or 0]
        row.rank = stored["rank"]  # type: ignore[assignment]
        status = STATUS_ZH.get(app.status, app.status)
        adopted_why = restated_caps(c, str(stored["reason"] or ""), app.total_budget_fen)
        if stored["period_id"] is not None:
            batch_no[row.project_id] = batch_of[int(stored["period_id"])]  # type: ignore[call-overload]
            if many:
                adopted_why = batch_said(batch_no[row.project_id], adopted_why)
        if app.status in HOLDING and stored["amount_fen"]:
            take(row, stored["amount_fen"])  # type: ignore[arg-type]
            held_count[row.amount_fen or 0] += 1
            row.reason = f"{adopted_why}（现为“{status}”）"
        else:
            row.reason = app.status_reason or f"{adopted_why}（现为“{status}”）"
        held_rows.append(row)
    for app in holders:
        row = new_row(app)
        row.held = True
        amount = app.award_fen or app.requested_fen
        take(row, amount)
        if amount in by_amount:
            held_count[amount] += 1
        row.reason = (f"状态为“{STATUS_ZH.get(app.status, app.status)}”"
                      f"（{format_money(amount) if amount else '金额未定'}），"
                      "占用本档名额，不参加本次排名")
        held_rows.append(row)

    # A rank is the place among every scored project of the level, those already in
    # publicity included: ranked among the rest alone, a project left out of the first
    # batch would be 第1名 beside the first batch's own 第1名.
    frozen_ids = {a.id for a in frozen}
    every = [(app, scores[app.id or 0]) for app in [*candidates, *frozen]
             if app.id in scores and scores[app.id].score is not None]
    every.sort(key=lambda pair: tie_key(pair[0], pair[1], c.tie_break_steps))
    place = {app.id: n for n, (app, _p) in enumerate(every, start=1)}
    for row in held_rows:
        if row.project_id in frozen_ids and row.project_id in place:
            row.rank = place[row.project_id]
    scored = [(app, p) for app, p in every if app.id not in frozen_ids]
    scored_ids = {a.id for a, _ in scored}
    unscored = [app for app in candidates if app.id not in scored_ids]
    ranked_rows: list[RankRow] = []
    for app, _p in scored:
        row = new_row(app)
        row.rank = place[app.id]
        ranked_rows.append(row)
    unscored_rows = [new_row(app) for app in unscored]

    # Overrides first, in rank order: staff decided them.
    for row in ranked_rows + unscored_rows:
        o = over.get(row.project_id)
        if o is None:
            continue
        row.override = o
        take(row, o.amount_fen)
        what = tier_label(row.tier_name or "") if o.amount_fen else "不予助推"  # take() named it
        row.reason = f"人工调整为{what}：{o.reason}（{o.operator}，{o.at[:10]}）"
        if o.amount_fen in remaining and remaining[o.amount_fen] < 0:
            # set_override keeps to the quota; one lowered in 设置 afterwards is said here
            tier = by_amount[o.amount_fen]
            row.reason += f"；超出{tier_label(tier.name)}原则名额 {tier.quota} 项"
        if o.amount_fen:
            proposed_count[o.amount_fen] += 1

    for row, app in zip(ranked_rows, [a for a, _ in scored], strict=True):
        if row.override is not None:
            continue
        head = f"{row.level_zh}第 {row.rank} 名"
        if studio_awards[row.studio_id] >= c.max_awards_per_studio:
            if all(h.score != row.score for h in studio_holders[row.studio_id]):
                # a holder tied with it may have won the studio's award by the tie rule
                row.barred = dict.fromkeys(
                    (t.amount_fen for t in tiers),
                    f"同一工作室获得助推的项目至多 {c.max_awards_per_studio} 项"
                    f"（{c.clause('project_studio')}）")
            # every holder: a year may allow more than one award per studio
            held = "、".join(
                f"“{h.ref}”" + (f"（人工调整为{tier_label(h.tier_name or '')}）" if h.override is not None else "")
                for h in studio_holders[row.studio_id])
            row.reason = (f"{head}；同一工作室获得助推的项目至多 {c.max_awards_per_studio} 项"
                          f"（{c.clause('project_studio')}），本工作室已有{held}")
            continue
        if not tiers:
            row.reason = f"{head}；未填写工作室级别，无法确定助推档次"
            continue
        if app.total_budget_fen is None:
            row.reason = f"{head}；缺少项目总投入，无法核对 {c.budget_cap_percent}% 上限"
            row.barred = dict.fromkeys((t.amount_fen for t in tiers), "缺少项目总投入")
            continue
        skipped: list[str] = []
        chosen = None
        for tier in tiers:
            if not fits_cap(c, tier.amount_fen, app.total_budget_fen):
                skipped.append(cap_note(c, tier, app.total_budget_fen))
                row.barred[tier.amount_fen] = (f"超过项目总投入的 {c.budget_cap_percent}% 上限"
                                               f"（{c.clause('project_award')}）")
            elif remaining[tier.amount_fen] <= 0:
                skipped.append(f"{tier_label(tier.name)}名额（{tier.quota} 项）已满"
                               + held_by(row, in_tier.get(tier.amount_fen, []), batch_no))
            elif remaining[tier.amount_fen] <= (closed or {}).get(tier.amount_fen, (0, ""))[0]:
                skipped.append((closed or {})[tier.amount_fen][1])
            else:
                chosen = tier
                break
        if chosen is None:
            row.reason = "；".join([head, *skipped, "未获助推"])
            continue
        take(row, chosen.amount_fen)
        proposed_count[chosen.amount_fen] += 1
        row.reason = "；".join([head, *skipped, f"列入{tier_label(chosen.name)}"])

    placed_rows = {r.project_id: r for r in ranked_rows + held_rows}
    ties = tie_notes(every, placed_rows, c.tie_break_steps, c.submission_deadline)
    for pid, lines in rounding_notes(every, placed_rows).items():
        ties.setdefault(pid, []).extend(lines)
    arbitrary = cutoff_ties(every, placed_rows, c.tie_break_steps, c.submission_deadline)
    for row in ranked_rows:
        row.tie = ties.get(row.project_id, [])
        row.cutoff_tie = arbitrary.get(row.project_id, "")
    for row in unscored_rows:
        if row.override is None:
            row.reason = ("尚无已提交的专家评分" if row.progress
                          else "尚未分配评审专家，尚无专家评分")
            if row.status == "qualified":
                row.reason = "资格审核通过，" + row.reason
    # 二（四）2: the score is the main basis; one taken on some of the assigned experts
    # only is said so (it may yet cross a tier boundary; adopt waits for the rest).
    for row in ranked_rows + unscored_rows:
        if row.progress is not None and not row.progress.complete:
            row.notes.append(f"评分未齐：{row.progress.text}")

    # an award above the project's request is said (the plan is silent on the request)
    asked = {app.id: app.requested_fen for app in candidates}
    for row in ranked_rows + unscored_rows:
        if note := over_request_note(row.amount_fen, asked.get(row.project_id),
                                     row.override is not None):
            row.over_request = note
            row.requested_fen = asked.get(row.project_id)
            row.notes.append(note)

    quotas = [QuotaUse(t, held_count[t.amount_fen], proposed_count[t.amount_fen]) for t in tiers]
    placed = sorted((r for r in ranked_rows + held_rows if r.rank is not None),
                    key=lambda r: r.rank or 0)
    return placed + unscored_rows + [r for r in held_rows if r.rank is None], quotas


LOWER_HELD = "得分低于本项目"  # a full tier held partly below this project's score


def held_by(row: RankRow, holders: list[RankRow], batch_no: dict[int, int]) -> str:
    """Who holds a full tier's places when some are held from before this ranking (earlier
    batches' lists, awards outside it): “：已公示的第1批 5 项、第2批 2 项（按其批次的排名列入，
    其中 3 项得分低于本项目）和本次排名在前的“乙””. A project left out beside lower scores that hold the tier
    otherwise reads as a mistake on the signed table; when this ranking alone filled the
    tier, 名额已满 says it all ("")."""
    held = [h for h in holders if h.held]
    if not held:
        return ""
    batches = Counter(batch_no[h.project_id] for h in held if h.project_id in batch_no)
    groups = [f"第{n}批 {k} 项" for n, k in sorted(batches.items())]
    lower = sum(1 for h in held if row.score is not None and h.score is not None
                and h.score < row.score)
    parts = [f"已公示的{'、'.join(groups)}（按其批次的排名列入"
             + (f"，其中 {lower} 项{LOWER_HELD}" if lower else "") + "）"] if groups else []
    if outside := sum(1 for h in held if h.project_id not in batch_no):
        parts.append(f"排名之外已占用本档的 {outside} 项")
    for what, now in (("人工调整列入的", [h for h in holders if not h.held and h.override]),
                      ("本次排名在前的", [h for h in holders if not h.held and not h.override])):
        if now:
            # one an adoption left out, the ranking now gives a freed place: not awarded yet
            names = "、".join(f"“{h.ref}”" + ("（可递补，待重新采纳）" if h.status == "not_awarded" else "")
                             for h in now[:3]) + (f"等 {len(now)} 项" if len(now) > 3 else "")
            parts.append(what + names)
    return "：" + "和".join(["、".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def tier_text(amount_fen: int | None, name: str | None) -> str:
    return tier_label(name or format_money(amount_fen)) if amount_fen else "未获助推"


def tier_name(c: Campaign, amount_fen: int | None) -> str:
    """“3万元档” for an amount of one of the campaign's tiers, else the amount; 未获助推."""
    return tier_text(amount_fen, next((t.name for t in c.tiers if t.amount_fen == amount_fen),
                                      None))


def displacement_notes(rows: list[RankRow], without: list[RankRow]) -> None:
    """Note on each ranked project whose tier the overrides changed, which override did.

    A project that lost a place names the override that took it: the overridden projects
    now in that tier (its studio's overridden project is named by its reason already); one
    moved only as a knock-on (a place freed above it, or taken below) names the overrides
    that changed something.
    """
    base = {r.project_id: r for r in without}
    movers = [r for r in rows if r.override is not None and not r.held
              and r.amount_fen != base[r.project_id].amount_fen]
    if not movers:
        return
    everyone = "、".join(
        f"“{m.ref}”调整为{tier_text(m.amount_fen, m.tier_name) if m.amount_fen else '不予助推'}"
        for m in movers)
    for row in rows:
        was = base.get(row.project_id)
        if row.held or row.override is not None or was is None \
                or was.amount_fen == row.amount_fen:
            continue
        before = tier_text(was.amount_fen, was.tier_name)
        if (row.amount_fen or 0) > (was.amount_fen or 0):
            row.notes.append(f"因人工调整（{everyone}），由{before}改列"
                             f"{tier_text(row.amount_fen, row.tier_name)}")
            continue
        unchanged = f"不做人工调整时本项目列入{before}"
        into = [m for m in movers if m.amount_fen == was.amount_fen]
        if any(m.amount_fen and m.studio_id == row.studio_id for m in movers):
            row.notes.append(unchanged)  # the reason names the studio's overridden project
        elif into:
            row.notes.append(f"{before}名额被人工调整的" + "、".join(f"“{m.ref}”" for m in into)
                             + f"占用（{unchanged}）")
        else:
            row.notes.append(f"因人工调整（{everyone}）顺延（{unchanged}）")
