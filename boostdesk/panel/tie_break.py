"""Equal scores: the tie-break rule in words, the order it gives, and each tied project's
note once the tiers are placed.

Tie-break rule (:func:`tie_break_rule`): the plan states none, so the steps and their
order are the year's own (``Campaign.tie_break_steps``, 设置 and ``campaign set
tie_break=…``), by default: a higher mean of all experts' totals; then a smaller standard
deviation (the experts agree more); then materials received earlier; then the smaller
application number. The last two weigh nothing of a project's merit: a quota cut-off they
settle is the office's to decide (:func:`cutoff_ties`, adopting asks for the reason). A
paper received after the year's deadline and accepted at 资格审核 (逾期报送) is said so
wherever the received date parts it from another: the date alone hid why it came later.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from boostdesk.models.campaign import DEFAULT_TIE_STEPS, OWN_CHOICE, TIE_STEPS, tier_label
from boostdesk.models.records import ProjectApplication

from .grid import PanelSettings
from .ranking_rows import RankRow
from .scoring import ProjectScore, format_points

# the default years' steps in words
TIE_BREAK_STEPS = tuple(TIE_STEPS[k][0] for k in DEFAULT_TIE_STEPS)
# steps that weigh nothing of the project's merit: a cut-off they settle asks the office
ARBITRARY_STEPS = frozenset({"received", "number"})
# what a rule's steps are when every one of them fails to part two projects
_NAMES = {"mean": "全体专家平均分", "sd": "标准差", "received": "材料报送日期",
          "number": "申报登记编号"}


def tie_break_rule(s: PanelSettings, steps: tuple[str, ...] = DEFAULT_TIE_STEPS) -> str:
    """The score and the tie-break rule in words, with the year's own trimming and steps
    (设置)."""
    if s.trim_each == 0:
        score = "全体专家的平均分，不去掉最高分和最低分"
    else:
        each = "一个最高分和一个最低分" if s.trim_each == 1 else f"最高分、最低分各 {s.trim_each} 个"
        score = (f"满 {s.trim_min_scores} 位专家时去掉{each}后的平均分，"
                 f"不足 {s.trim_min_scores} 位时为全体专家的平均分")
    return (f"得分（{score}）相同时，依次按："
            + "；".join(f"{n}. {TIE_STEPS[k][0]}" for n, k in enumerate(steps, start=1)))


TIE_BREAK_RULE = tie_break_rule(PanelSettings())  # the default years' rule
# said after the rule wherever it is shown: the plan states none
TIE_RULE_OWN = f"{OWN_CHOICE}；其中按材料报送日期或申报登记编号定下档次分界的，采纳时须写明理由"


def _step_value(key: str, app: ProjectApplication, p: ProjectScore) -> object:
    if key == "mean":
        return -(p.mean or 0)
    if key == "sd":
        return p.sd if p.sd is not None else float("inf")
    if key == "received":
        return app.received_date or date.max
    return app.id or 0


def tie_key(app: ProjectApplication, p: ProjectScore,
            steps: tuple[str, ...] = DEFAULT_TIE_STEPS) -> tuple[object, ...]:
    """The order of the ranking: the score, then the year's steps (the number last, so
    that no two projects are left in no order)."""
    return (-(p.score or 0), *(_step_value(k, app, p) for k in steps),
            *(() if "number" in steps else (app.id or 0,)))


def _deciding(a: tuple[ProjectApplication, ProjectScore],
              b: tuple[ProjectApplication, ProjectScore],
              steps: tuple[str, ...]) -> tuple[int, str]:
    """(its place in the rule from 1, key) of the step that puts ``a`` before ``b``
    (equal scores)."""
    for n, key in enumerate(steps, start=1):
        if _step_value(key, *a) != _step_value(key, *b):
            return n, key
    return len(steps), "number"


def _tie_rule(a: tuple[ProjectApplication, ProjectScore],
              b: tuple[ProjectApplication, ProjectScore],
              steps: tuple[str, ...] = DEFAULT_TIE_STEPS) -> str:
    """The tie-break step that puts ``a`` before ``b`` (equal scores), in words."""
    return TIE_STEPS[_deciding(a, b, steps)[1]][0]


def late_words(app: ProjectApplication, deadline: date | None) -> str:
    """2022-11-04 报送，晚于报送截止日 2022-11-01，经审核受理逾期报送 — or "" for a paper on
    time (ranked, a late paper was accepted: its 资格审核通过 is that decision)."""
    day = app.received_date
    if deadline is None or day is None or day <= deadline:
        return ""
    return f"{day.isoformat()} 报送，晚于报送截止日 {deadline.isoformat()}，经审核受理逾期报送"


def _late_behind(behind: ProjectApplication, key: str, deadline: date | None) -> str:
    """The tie's line of the project behind, when the received date parted them and it
    came late: （本项目 2022-11-04 报送，晚于…，经审核受理逾期报送）."""
    late = late_words(behind, deadline) if key == "received" else ""
    return f"（本项目 {late}）" if late else ""


def tie_notes(ordered: list[tuple[ProjectApplication, ProjectScore]],
              placed: dict[int, RankRow],
              steps: tuple[str, ...] = DEFAULT_TIE_STEPS,
              deadline: date | None = None) -> dict[int, list[str]]:
    """Each tied project's note, once tiers are placed.

    A project tied with ones placed in a better tier names the nearest of them ahead — the
    project that actually won the tier over it — and the rule that decided between the
    two; failing that, the tied project just ahead. (Its neighbour may have missed the
    tier for another reason, the cap, and decided nothing.) A better tier the project
    itself could not take (``RankRow.barred``: the cap, its studio's award) was won over
    it by nobody: its note says the rule only ranked it behind, and what kept it out of
    that tier. The winner names the projects it so beat, else the tied project just behind.
    """
    def amount(app: ProjectApplication) -> int:
        row = placed.get(app.id or 0)
        return (row.amount_fen or 0) if row else 0

    def tier(app: ProjectApplication) -> str:
        row = placed.get(app.id or 0)
        return tier_label(row.tier_name) if row and row.tier_name else "档次"

    def barred(app: ProjectApplication) -> dict[int, str]:
        row = placed.get(app.id or 0)
        return row.barred if row else {}

    groups: list[list[tuple[ProjectApplication, ProjectScore]]] = []
    for pair in ordered:
        if groups and groups[-1][0][1].score == pair[1].score:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    notes: dict[int, list[str]] = {}
    for group in (g for g in groups if len(g) > 1):
        shown = format_points(group[0][1].score)
        # each project's winner: the nearest tied project ahead in a better tier (tiers are
        # few, so the last place of each amount seen is enough)
        winner: list[int | None] = []
        out_of: list[int | None] = []  # the nearest ahead in a better tier it could not take
        last_at: dict[int, int] = {}
        for i, (app, _p) in enumerate(group):
            better = [j for a, j in last_at.items() if a > amount(app) and a not in barred(app)]
            winner.append(max(better) if better else None)
            kept_out = [j for a, j in last_at.items() if a > amount(app) and a in barred(app)]
            out_of.append(max(kept_out) if kept_out else None)
            last_at[amount(app)] = i
        beaten: dict[int, list[int]] = {}
        for i, w in enumerate(winner):
            if w is not None:
                beaten.setdefault(w, []).append(i)
        for i, me in enumerate(group):
            lines = notes.setdefault(me[0].id or 0, [])
            w = winner[i]
            if w is not None:
                won = group[w]
                lines.append(f"与列入{tier(won[0])}的“{won[0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(won, me, steps)}）排在其后"
                             + _late_behind(me[0], _deciding(won, me, steps)[1], deadline))
            elif (o := out_of[i]) is not None:
                ahead = group[o]
                lines.append(f"与列入{tier(ahead[0])}的“{ahead[0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(ahead, me, steps)}）排名在其后"
                             + _late_behind(me[0], _deciding(ahead, me, steps)[1], deadline)
                             + f"；未列入{tier(ahead[0])}是因{barred(me[0])[amount(ahead[0])]}，"
                             "与同分规则无关")
            elif i:
                lines.append(f"与“{group[i - 1][0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(group[i - 1], me, steps)}）排在其后"
                             + _late_behind(me[0], _deciding(group[i - 1], me, steps)[1],
                                            deadline))
            behind = beaten.get(i) or ([i + 1] if i + 1 < len(group) else [])
            for rule, names in _by_rule(
                    (_tie_rule(me, group[j], steps), group[j][0].title) for j in behind).items():
                lines.append(f"与{names}得分同为 {shown}，按同分规则（{rule}）排在其前")
    return notes


def rounding_notes(ordered: list[tuple[ProjectApplication, ProjectScore]],
                   placed: dict[int, RankRow]) -> dict[int, list[str]]:
    """Neighbours whose scores read the same to two places (80.33) but are not equal
    (80.3333 against 80.3250: a trimmed mean of three beside a mean of four, or a grid
    whose weights are not its maxima), placed in different tiers: no tie rule decided
    between them, the unrounded score did, and each says so with the scores to the
    places that tell them apart."""
    notes: dict[int, list[str]] = {}
    for (a, pa), (b, pb) in zip(ordered, ordered[1:], strict=False):
        ra, rb = placed.get(a.id or 0), placed.get(b.id or 0)
        if (pa.score is None or pb.score is None or pa.score == pb.score
                or format_points(pa.score) != format_points(pb.score)
                or ra is None or rb is None or ra.amount_fen == rb.amount_fen):
            continue
        places = next(n for n in range(3, 12)
                      if format_points(pa.score, n) != format_points(pb.score, n))
        shown, sa, sb = (format_points(pa.score), format_points(pa.score, places),
                         format_points(pb.score, places))
        notes.setdefault(a.id or 0, []).append(
            f"与“{b.title}”得分显示同为 {shown}，未舍入为 {sa}，高于其 {sb}，排在其前")
        notes.setdefault(b.id or 0, []).append(
            f"与“{a.title}”得分显示同为 {shown}，未舍入为 {sb}，低于其 {sa}，排在其后")
    return notes


def _by_rule(items: Iterable[tuple[str, str]], shown: int = 5) -> dict[str, str]:
    """(rule, title) → per rule, the first ``shown`` titles quoted and joined, in order."""
    out: dict[str, list[str]] = {}
    for rule, title in items:
        out.setdefault(rule, []).append(f"“{title}”")
    return {rule: "、".join(titles[:shown]) + (f"等 {len(titles)} 项" if len(titles) > shown
                                               else "")
            for rule, titles in out.items()}


def cutoff_ties(ordered: list[tuple[ProjectApplication, ProjectScore]],
                placed: dict[int, RankRow],
                steps: tuple[str, ...] = DEFAULT_TIE_STEPS,
                deadline: date | None = None) -> dict[int, str]:
    """Projects of equal score placed in different tiers (or one in none) — a quota
    cut-off — whose order there only a step weighing nothing of their merit settled
    (:data:`ARBITRARY_STEPS`: the received date, both papers in before the deadline, or
    the application number): the plan makes no such rule. Each gets a line naming the
    others, their tiers and the step; adopting asks the office to decide it
    (adopt_proposal). Equal projects inside one tier are parted by nothing that matters:
    silent. A group with a tier set by hand is the office's decision already. Only a pair
    the order decided counts: the one behind could have taken the tier of the one ahead
    (not kept out of it by the cap or its studio's award, ``RankRow.barred``), so that
    the other order would have given it."""
    out: dict[int, str] = {}
    groups: list[list[tuple[ProjectApplication, ProjectScore]]] = []
    for pair in ordered:
        if groups and groups[-1][0][1].score == pair[1].score:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    for group in groups:
        rows = [placed.get(app.id or 0) for app, _p in group]
        if len(group) < 2 or any(r is None or r.override is not None for r in rows):
            continue
        if len({r.amount_fen for r in rows if r is not None}) < 2:
            continue
        shown = format_points(group[0][1].score)

        def decided(ahead: RankRow | None, behind: RankRow | None) -> bool:
            """The order put ``ahead`` in a tier ``behind`` could have taken."""
            return (ahead is not None and behind is not None
                    and (ahead.amount_fen or 0) > (behind.amount_fen or 0)
                    and ahead.amount_fen not in behind.barred)

        def where(r: RankRow | None) -> str:
            return tier_label(r.tier_name) if r and r.amount_fen and r.tier_name else "未获助推"

        for i, ((app, _p), row) in enumerate(zip(group, rows, strict=True)):
            by_step: dict[tuple[int, str], list[int]] = {}
            for j in range(len(group)):
                a, b = (i, j) if i < j else (j, i)
                if i == j or not decided(rows[a], rows[b]):
                    continue
                step = _deciding(group[a], group[b], steps)
                if step[1] in ARBITRARY_STEPS:
                    by_step.setdefault(step, []).append(j)
            lines = []
            for (n, key), others in sorted(by_step.items()):
                dated = key == "received"
                same = "、".join(_NAMES[k] for k in steps[:n - 1])
                late = late_words(app, deadline) if dated else ""
                mine = (f"本项目 {late or app.received_date.isoformat() + ' 报送'}，"
                        if dated and app.received_date else "")
                lines.append(
                    f"与{'、'.join(_named(group[j][0], where(rows[j]), dated, deadline) for j in others)}"
                    f"得分同为 {shown}，"
                    + (f"{same}也都相同，" if same else "")
                    + f"{mine}仅按{_NAMES[key]}（同分规则第 {n} 步，方案未作规定）"
                    + (f"列入{where(row)}" if row and row.amount_fen else "未获助推"))
            if lines:
                out[app.id or 0] = "；".join(lines)
    return out


def _named(other: ProjectApplication, where: str, dated: bool,
           deadline: date | None = None) -> str:
    """A tied project as a cut-off note names it: title, number, its day when the received
    date parted them (late: said so, no brackets inside its own), its tier."""
    late = late_words(other, deadline) if dated else ""
    day = (f"，{late or other.received_date.isoformat() + ' 报送'}"
           if dated and other.received_date else "")
    return f"“{other.title}”（登记号 {other.id}{day}，{where}）"
