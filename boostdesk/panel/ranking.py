"""The ranking as the rules make it now (:func:`rank`; nothing is stored): each level's
projects placed in its tiers (:mod:`.tier_places`), the published projects ranked again
beside those they were ranked against (:mod:`.published_rerank`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from boostdesk.models.campaign import Campaign, tier_label
from boostdesk.models.payment_marks import sent_counts
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.rules.passed_against import passed_against_year

from .experts import (
    ScoreConflict,
    assignment_conflicts,
    assignments,
    undecided_award_conflicts,
)
from .grid import settings
from .publicity import published_level
from .published_list import settled_not_awarded
from .published_rerank import (
    LeftOpen,
    kept_note,
    kept_tiers,
    left_open,
    quota_changes_since,
    ranked_against,
    republishable,
    settled_reranks,
    stale_notes,
)
from .ranking_rows import (
    AWARD_CONFLICT_ADVICE,
    HOLDING,
    Override,
    Ranking,
    RankRow,
    adopted,
    overrides,
)
from .recusals import recusals, recused_names
from .same_sheets import identical_sheets
from .score_correction import corrections_since
from .scoring import panel_scores, progress
from .tier_places import Closed, rank_all, tier_name


def rank(reg: Register, year: int,
         assume: dict[int, Override | None] | None = None,
         closed: Closed | None = None) -> Ranking:
    """The proposal as the rules make it now (nothing is stored).

    Projects under review, and those of an adopted proposal not yet in publicity, are
    ranked afresh; a proposal already in publicity (or beyond) is shown as adopted and
    holds its tier, like any award held outside the ranking. ``assume`` puts overrides in
    place of the stored ones (None: the project's taken away), to show what one would do.

    A score that stops counting after publication (a conflict found late, an assignment
    taken off) can make the published list no longer the ranking's: the published
    projects are ranked once more beside those they were ranked against, and
    ``Ranking.stale`` says what would change (each row concerned says so too); the list
    itself never changes silently: the close of publicity waits for the office's decision.

    A tier's freed places a keep-tier decision left open (维持公示档次，空出名额不递补), or
    that wait for the office's decision on a published project ranked into them, are given
    to nobody ranked now either: a project ranked below that published one would otherwise
    take the higher tier it was not raised to (``closed``: those places, found by a first
    pass; a tier set by hand still takes one).
    """
    c = reg.campaign(year)
    assigned = assignments(reg, year)  # once: 100,000 at a large year
    conflicted = assignment_conflicts(reg, year, assigned)
    read: dict[int, dict[int, int]] = {}  # the scores counted, for same_sheets
    scores = panel_scores(reg, year, conflicted, assigned, read)
    experts_done = progress(reg, year, conflicted, assigned)
    over = overrides(reg, year)
    for project_id, o in (assume or {}).items():
        if o is None:
            over.pop(project_id, None)
        else:
            over[project_id] = o
    taken = adopted(reg, year)
    # only those ranked, holding or adopted (20,000 projects, a few hundred of them)
    # 资格审核通过 and not yet sent to the experts: ranked as unscored, holding adoption
    # (二（四）2: every qualified project is reviewed; left out, its places went to others)
    projects = reg.projects(year, statuses=("qualified", "review", "not_awarded", *HOLDING))
    adopted_elsewhere = set(taken) - {p.id for p in projects}
    if adopted_elsewhere:
        projects = sorted([*projects, *reg.projects_by_id(adopted_elsewhere)],
                          key=lambda p: p.id or 0)
    live = {pid for pid, r in taken.items() if r["period_id"] is None}
    candidates = [p for p in projects if p.status in ("qualified", "review")
                  or (p.id in live and p.status in ("proposed", "not_awarded"))]
    data = (c, projects, taken, scores, experts_done, over)
    rows, quotas = rank_all(*data, candidates, closed)
    # passed against a failed hard condition (资格审核 with a reason): said on its row
    against = passed_against_year(reg, PROJECT, year)
    for r in rows:
        if r.project_id in against:
            r.against_plan = against[r.project_id].line
            if r.against_plan not in r.reason:  # an adopted row's stored reason says it already
                r.notes.append(r.against_plan)
    # the year's panel asks so many experts a project (评审参数): a score resting on fewer
    # is said so, and adopting it is a decision with its reason (adopt)
    need = settings(reg, year).experts_per_project
    short = [r for r in rows if not r.held and r.override is None and r.panel
             and not r.incomplete and r.panel.n < need]
    adopted_short = [r for r in rows if r.held and SHORT_HEAD in r.reason]
    # who stood aside, named: 计入评分的专家 4 位 alone did not say why one was missing
    found = recusals(reg, year, assigned, conflicted) if short or adopted_short else []
    for r in short:
        who = recused_names(found, r.project_id)
        r.short = (f"{SHORT_HEAD}{r.panel.n} 位" + (f"（{who}）" if who else "")  # type: ignore[union-attr]
                   + f"，本年度每个项目 {need} 位")
        r.notes.append(r.short)
    for r in adopted_short:  # the adoption's stored words, from before they named anyone
        if who := recused_names(found, r.project_id):
            r.reason = _SHORT_UNNAMED.sub(_naming(who), r.reason)
    by_project: dict[int, list[ScoreConflict]] = {}
    held = {r.project_id for r in rows if r.held}
    # decided already (an objection settled or entered, a tier set by hand): not flagged
    for k in (undecided_award_conflicts(reg, held & {k.project_id for k in conflicted.values()})
              if conflicted else ()):
        by_project.setdefault(k.project_id, []).append(k)
    for r in rows:
        if r.held and r.project_id in by_project:
            # adopted (or awarded) on a score that no longer counts: the office decides
            r.notes.extend(f"注意：{k.text}存在利益冲突，不应计入，而采纳时已计入："
                           + AWARD_CONFLICT_ADVICE for k in by_project[r.project_id])
    undecided = [r[0] for r in reg.conn.execute(  # titles only: thousands at a large year
        "SELECT title FROM project_applications WHERE campaign_id = ? AND status = 'registered'"
        " ORDER BY id", (reg.campaign_id(year),))]
    ranking = Ranking(year, rows, quotas, undecided, c.clause("project_review"),
                      sorted(conflicted.values(), key=lambda k: (k.project_id, k.expert)))
    ranking.same_sheets = identical_sheets(reg, year, assigned, conflicted, read)
    # awaiting the office: those of projects still ranked, and those an award rests on
    # undecided (an award decided, or a project out of the ranking: nothing left to do)
    ranked = {r.project_id for r in rows if not r.held}
    undecided_on = {k.assignment_id for ks in by_project.values() for k in ks}
    ranking.open_conflicts = [k for k in ranking.conflicts if k.project_id in ranked
                              or k.assignment_id in undecided_on]
    again = republishable(reg, year, taken, projects)

    def afresh(again: frozenset[int]) -> list[RankRow]:
        """The ranking with the published projects ``again`` ranked once more beside
        those they were ranked against."""
        rivals = ranked_against(reg, year, taken, again)
        # each at the level it was published at (a studio's level corrected since does
        # not move its award: publicity.published_level)
        published = [replace(p, studio_level=published_level(
            c, taken[p.id or 0]["amount_fen"], p.studio_level))  # type: ignore[arg-type]
            for p in projects if p.id in again]
        fresh, _q = rank_all(c, [p for p in projects if p.id not in again] + published,
                             *data[2:], [p for p in candidates if p.id in rivals] + published)
        return fresh

    settled = settled_reranks(reg, taken, projects)
    # kept at the published tier by the office though ranked higher: not ranked afresh
    # (nothing would move for it) while the ranking still gives what it decided on
    kept = kept_tiers(reg, taken, projects) if again else {}
    again -= frozenset(kept)
    if settled or kept:
        # a review kept an award on what the ranking then gave: a later change that makes it
        # give something else again (another score corrected or found conflicted) asks anew
        trial = {r.project_id: r for r in afresh(again | frozenset(settled) | frozenset(kept))
                 if not r.held}
        again |= frozenset(
            pid for pid, decided in settled.items() if pid in trial
            and trial[pid].amount_fen != taken[pid]["amount_fen"]
            and tier_name(c, trial[pid].amount_fen) != decided)
        for pid, decision in kept.items():
            if pid in trial and trial[pid].amount_fen == decision.ranked_fen \
                    and decision.published_fen == taken[pid]["amount_fen"]:
                ranking.kept_published[pid] = decision
                row = ranking.row(pid)
                row.notes.append(kept_note(c, row, decision))
            else:  # ranked otherwise since: asked anew (or nothing to ask)
                again |= {pid}
    decided = frozenset(ranking.kept_published)
    opened = left_open(reg, c, taken, projects, ranking.kept_published,
                       lambda pid: ranking.row(pid).level) if decided else {}
    if again:
        # the kept ranked afresh too: the place the ranking gives them is the one the
        # office left open (ranked at their published tier, the next in line would be
        # raised into it and asked about, against the decision)
        since = min(str(taken[pid]["adopted_at"]) for pid in again | decided)
        ranking.corrected = corrections_since(reg, year, since) > 0
        stale_notes(c, ranking, afresh(again | decided), taken,
                    lambda: quota_changes_since(reg, year, since),
                    lambda: sent_counts(reg.conn, PROJECT, again), opened)
    if closed is None:
        shut = _places_awaiting_the_office(ranking, opened)
        lifted = {r.project_id: None for r in ranking.candidates()
                  if r.override is not None and r.override.amount_fen}
        if lifted and any(t["period_id"] is not None for t in taken.values()):
            # a tier set by hand into a freed place hides the published project it waits
            # for; the places the ranking without it would shut stay shut (else a project
            # it passed would read 不做人工调整时本项目列入…, a place it would not get)
            for key, places in rank(reg, year, {**(assume or {}), **lifted}).shut.items():
                if places[0] > shut.get(key, (0, ""))[0]:
                    shut[key] = places
        if shut:
            return rank(reg, year, assume, shut)  # ranked again with those places given nobody
    ranking.shut = closed or {}
    adopted_when_full(c, ranking)
    settle_published(ranking, settled_not_awarded(reg, year, taken))
    adopted_not_ranked(c, ranking, taken)
    passed_over_notes(reg, c, ranking)
    return ranking


def passed_over_notes(reg: Register, c: Campaign, ranking: Ranking) -> None:
    """A tier set by hand above projects scoring higher left lower, or for a studio an
    upheld objection barred: said on its row, so the signed 汇总表 names whom the office's
    decision passed over (override_guard; adopting refuses what may no longer stand)."""
    from .override_guard import passed_note, passed_over, studio_barred

    for r in ranking.candidates():
        if r.override is None or not r.amount_fen:
            continue
        if barred := studio_barred(reg, c, reg.project(r.project_id)):
            r.notes.append(f"注意：{barred}，不能人工调整为助推档次")
        if passed := passed_over(ranking.rows, r, c.max_awards_per_studio):
            r.notes.append(passed_note(r, passed))


def adopted_not_ranked(c: Campaign, ranking: Ranking,
                       taken: dict[int, dict[str, object]]) -> None:
    """An adopted list not yet published whose tier the ranking no longer gives a project
    (a project not adopted ranked ahead — its scores since handed in —, a quota or a
    level changed): said on the row, as ``publicity start`` refuses it."""
    for r in ranking.rows:
        then = taken.get(r.project_id)
        if (r.status == "proposed" and then is not None and then["period_id"] is None
                and r.amount_fen != then["amount_fen"]):
            r.notes.append(
                f"注意：已采纳为拟助推（{tier_name(c, then['amount_fen'])}），"  # type: ignore[arg-type]
                f"按现有排名为{tier_name(c, r.amount_fen)}：拟助推名单与现在的排名不一致，"
                "不能按此名单公示，请撤回拟助推名单后重新采纳")


def _places_awaiting_the_office(ranking: Ranking,
                                opened: dict[tuple[int | None, str], LeftOpen]) -> Closed:
    """The freed places of each tier that the office's decision on a published project
    covers — left open by a keep-tier decision, or awaiting one on a project the ranking
    raises into the tier — where the ranking gave one to a project ranked now: those
    ranked below the published project would take the higher tier it was not raised to
    (a 5万 request ranked below a 5万 award given 10万). Places freed after a keep-tier
    decision are not covered by it (asked anew, as ``left_open`` counts them)."""
    shut: Closed = {}
    for q in ranking.quotas:
        key = (q.tier.amount_fen, q.tier.level)
        if not q.proposed or (left := q.tier.quota - q.held) <= 0:
            continue
        kept = opened.get(key)  # type: ignore[call-overload]
        raised = [ranking.row(pid).ref for pid, (_w, now) in ranking.raised_amounts.items()
                  if now == q.tier.amount_fen and ranking.row(pid).level == q.tier.level]
        n = min(left, (left - kept.freed_since if kept else 0) + len(raised))
        if n <= 0:
            continue
        name = tier_label(q.tier.name)
        shut[key] = (n, f"{name}空出的名额经研究留空（“{ranking.row(kept.kept_id).ref}”维持公示档次）"
                     if kept else f"{name}空出的名额待研究已公示的“{raised[0]}”是否调高，"
                     "不由排名在后的项目递补")
    return shut


SHORT_HEAD = "评审专家不足：计入评分的专家 "
_SHORT_UNNAMED = re.compile(re.escape(SHORT_HEAD) + r"\d+ 位(?!（)")


def _naming(who: str) -> Callable[[re.Match[str]], str]:
    """The replacement naming ``who`` after 计入评分的专家 N 位."""
    return lambda m: f"{m.group(0)}（{who}）"


def settle_published(ranking: Ranking, settled: set[int]) -> None:
    """The projects an adoption since published left out of the tiers (``settled``) that
    the ranking still gives none, nor would afresh: held as not awarded with that list —
    no tie to decide again, nothing to adopt or withdraw (published_list). Done last: the
    published list's comparison (stale_notes) reads the rows as ranked."""
    for r in ranking.rows:
        if (r.project_id in settled and not r.held and r.amount_fen is None
                and not r.amount_fen_fresh and r.status == "not_awarded"):
            r.held = True
            r.cutoff_tie = r.short = ""
            ranking.settled.append(r.project_id)
    if ranking.settled:  # a not-awarded project's conflicted score: nothing left to do
        gone = set(ranking.settled)
        ranking.open_conflicts = [k for k in ranking.open_conflicts if k.project_id not in gone]


def adopted_when_full(c: Campaign, ranking: Ranking) -> None:
    """A published row's reason is its adoption's: “10万元档名额（10 项）已满” was true then.
    A place of that tier freed since (9 of 10 held), it says when it was full."""
    room = [(q.tier.level, re.compile(rf"(?<!采纳时){re.escape(tier_label(q.tier.name))}"
                                       r"名额（\d+ 项）已满"))
            for q in ranking.quotas if q.used < q.tier.quota]
    if not room:
        return
    for r in ranking.rows:
        if r.held and "已满" in r.reason:
            for level, full in room:
                if level == r.level:
                    r.reason = full.sub(lambda m: f"采纳时{m.group(0)}", r.reason)
