"""Equal scores: the tie-break rule in words, the order it gives, and each tied project's
note once the tiers are placed.

Tie-break rule (:func:`tie_break_rule`), applied in this order when two scores are equal:
a higher mean of all experts' totals; then a smaller standard deviation (the experts
agree more); then materials received earlier; then the smaller application number.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from boostdesk.models.campaign import tier_label
from boostdesk.models.records import ProjectApplication

from .grid import PanelSettings
from .ranking_rows import RankRow
from .scoring import ProjectScore, format_points

TIE_BREAK_STEPS = (
    "全体专家平均分高者在前",
    "专家评分标准差小者（意见更一致）在前",
    "材料报送日期早者在前",
    "申报登记编号小者在前",
)


def tie_break_rule(s: PanelSettings) -> str:
    """The score and the tie-break rule in words, with the year's own trimming (设置)."""
    if s.trim_each == 0:
        score = "全体专家的平均分，不去掉最高分和最低分"
    else:
        each = "一个最高分和一个最低分" if s.trim_each == 1 else f"最高分、最低分各 {s.trim_each} 个"
        score = (f"满 {s.trim_min_scores} 位专家时去掉{each}后的平均分，"
                 f"不足 {s.trim_min_scores} 位时为全体专家的平均分")
    return (f"得分（{score}）相同时，依次按："
            + "；".join(f"{n}. {step}" for n, step in enumerate(TIE_BREAK_STEPS, start=1)))


TIE_BREAK_RULE = tie_break_rule(PanelSettings())  # the default years' rule


def tie_key(app: ProjectApplication, p: ProjectScore) -> tuple[object, ...]:
    return (
        -(p.score or 0),
        -(p.mean or 0),
        p.sd if p.sd is not None else float("inf"),
        app.received_date or date.max,
        app.id or 0,
    )


def _tie_rule(a: tuple[ProjectApplication, ProjectScore],
              b: tuple[ProjectApplication, ProjectScore]) -> str:
    """The tie-break step that puts ``a`` before ``b`` (equal scores)."""
    ka, kb = tie_key(*a), tie_key(*b)
    step = next((i for i in range(1, len(ka)) if ka[i] != kb[i]), len(ka) - 1)
    return TIE_BREAK_STEPS[step - 1]


def tie_notes(ordered: list[tuple[ProjectApplication, ProjectScore]],
              placed: dict[int, RankRow]) -> dict[int, list[str]]:
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
                             f"按同分规则（{_tie_rule(won, me)}）排在其后")
            elif (o := out_of[i]) is not None:
                ahead = group[o]
                lines.append(f"与列入{tier(ahead[0])}的“{ahead[0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(ahead, me)}）排名在其后；未列入"
                             f"{tier(ahead[0])}是因{barred(me[0])[amount(ahead[0])]}，"
                             "与同分规则无关")
            elif i:
                lines.append(f"与“{group[i - 1][0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(group[i - 1], me)}）排在其后")
            behind = beaten.get(i) or ([i + 1] if i + 1 < len(group) else [])
            for rule, names in _by_rule(
                    (_tie_rule(me, group[j]), group[j][0].title) for j in behind).items():
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


def number_ties(ordered: list[tuple[ProjectApplication, ProjectScore]],
                placed: dict[int, RankRow]) -> dict[int, str]:
    """Projects equal in everything the tie-break weighs but the application number (score,
    mean, spread, received date) and placed in different tiers (or one in none): only step 4,
    which the plan does not make, parted them. Each gets a line naming the others and their
    tiers; adopting asks the office to decide it (adopt_proposal). A group with a tier set by
    hand is the office's decision already. Only a pair the order decided counts: the one
    behind could have taken the tier of the one ahead (not kept out of it by the cap or its
    studio's award, ``RankRow.barred``), so that the other order would have given it."""
    out: dict[int, str] = {}
    groups: list[list[tuple[ProjectApplication, ProjectScore]]] = []
    for pair in ordered:
        if groups and tie_key(*groups[-1][0])[:-1] == tie_key(*pair)[:-1]:
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
            """The number put ``ahead`` in a tier ``behind`` could have taken."""
            return (ahead is not None and behind is not None
                    and (ahead.amount_fen or 0) > (behind.amount_fen or 0)
                    and ahead.amount_fen not in behind.barred)

        parted = {i: [j for j in range(len(group)) if decided(*(
                          (rows[i], rows[j]) if i < j else (rows[j], rows[i])))]
                  for i in range(len(group))}

        def where(r: RankRow | None) -> str:
            return tier_label(r.tier_name) if r and r.amount_fen and r.tier_name else "未获助推"

        for i, ((app, _p), row) in enumerate(zip(group, rows, strict=True)):
            if not parted[i]:
                continue
            others = "、".join(f"“{group[j][0].title}”（登记号 {group[j][0].id}，{where(rows[j])}）"
                              for j in parted[i])
            out[app.id or 0] = (
                f"与{others}得分同为 {shown}，全体专家平均分、标准差、材料报送日期也都相同，"
                f"仅按申报登记编号（同分规则第 4 步，方案未作规定）列入{where(row)}")
    return out
