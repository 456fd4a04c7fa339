"""Two experts' submitted scores that are a copy of each other: every project both scored
given the same scores, criterion by criterion. 孙国华 filled 李文静's package by mistake and
it was stored as hers, the ranking counting his numbers twice: a package repeating another
expert's scores is asked about at import (:mod:`.package_doubts`), and a pair standing in the
register is said on 排名与档次 and by ``rank`` (:func:`identical_sheets`), before adoption."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from boostdesk.models.register import Register

from .experts import Assignment, assignment_conflicts, assignments, experts

# two sheets alike on fewer projects than this are not taken for a copy: scores are whole
# numbers near the maxima, and two experts may well agree on a project or two
MIN_SAME = 3

Sheet = Mapping[int, tuple[tuple[int, int], ...]]  # project -> (criterion, tenths) sorted


@dataclass(frozen=True)
class SameSheets:
    """Two experts whose submitted scores are the same, criterion by criterion, on every
    project both scored (all of one's projects at least)."""

    first: str
    second: str
    projects: int

    @property
    def text(self) -> str:
        return (f"专家“{self.first}”与“{self.second}”已提交的 {self.projects} 个项目的评分逐项完全相同"
                "（很可能是误把一位专家的评分填进了另一位专家的评分包）：请在采纳前核对；确有误的，"
                "请让评错的专家用本人的评分包填写交回，导入时确认替换")


def _key(scores: Mapping[int, int | None]) -> tuple[tuple[int, int], ...]:
    return tuple(sorted((c, v) for c, v in scores.items() if v is not None))


def _same(a: Sheet, b: Sheet) -> int:
    """How many projects two sheets share when they are a copy of each other: every shared
    project scored alike, and they share all of one sheet's projects; else 0."""
    common = a.keys() & b.keys()
    if len(common) < MIN_SAME or len(common) < min(len(a), len(b)):
        return 0
    return len(common) if all(a[p] == b[p] for p in common) else 0


def submitted_sheets(reg: Register, year: int, assigned: list[Assignment] | None = None,
                     conflicted: Mapping[int, object] | None = None,
                     ) -> dict[int, dict[int, tuple[tuple[int, int], ...]]]:
    """Expert id -> project -> their submitted scores (a conflicted score, never counted,
    left out). ``assigned`` and ``conflicted``: the year's, as the ranking has them."""
    assigned = assignments(reg, year) if assigned is None else assigned
    if conflicted is None:
        conflicted = assignment_conflicts(reg, year, assigned)
    from .scoring import scores_by_assignment

    counted = {a.id: a for a in assigned if a.submitted and a.id not in conflicted}
    raw = scores_by_assignment(reg, list(counted))
    out: dict[int, dict[int, tuple[tuple[int, int], ...]]] = {}
    for aid, a in counted.items():
        if aid in raw:
            out.setdefault(a.expert_id, {})[a.project_id] = _key(raw[aid])
    return out


def identical_to(reg: Register, year: int, expert_id: int,
                 entries: Mapping[int, tuple[Mapping[int, int | None], str]]) -> list[tuple[str, int]]:
    """The other experts whose submitted scores ``entries`` (a package's) repeat on every
    project they share, each with how many projects: (name, projects)."""
    mine = {pid: key for pid, (scores, _c) in entries.items() if (key := _key(scores))}
    names = {e.id: e.name for e in experts(reg, year)}
    return [(names.get(eid, str(eid)), n) for eid, sheet in submitted_sheets(reg, year).items()
            if eid != expert_id and (n := _same(mine, sheet))]


def identical_sheets(reg: Register, year: int, assigned: list[Assignment] | None = None,
                     conflicted: Mapping[int, object] | None = None,
                     read: Mapping[int, Mapping[int, int]] | None = None) -> list[SameSheets]:
    """Every pair of experts whose submitted scores are a copy of each other's: alike on as
    many projects as the fewer either scored (all they share, then). ``read``: the
    submitted scores by assignment as :func:`.scoring.panel_scores` read them for the
    ranking (not read again: the ranking asks at every reload)."""
    from .scoring import scores_by_assignment

    assigned = assignments(reg, year) if assigned is None else assigned
    if conflicted is None:
        conflicted = assignment_conflicts(reg, year, assigned)
    counted = [a for a in assigned if a.submitted and a.id not in conflicted]
    if read is None:
        read = scores_by_assignment(reg, [a.id for a in counted])
    scored: dict[int, int] = {}  # expert -> projects with a submitted score
    groups: dict[tuple[int, tuple[tuple[int, int], ...]], list[int]] = {}
    for a in counted:
        if sheet := read.get(a.id):
            scored[a.expert_id] = scored.get(a.expert_id, 0) + 1
            # stored scores hold no blank: _key's filter not needed (10,000 sheets a reload)
            groups.setdefault((a.project_id, tuple(sorted(sheet.items()))), []).append(a.expert_id)
    alike: dict[tuple[int, int], int] = {}  # (expert, expert) -> projects scored alike
    for group in groups.values():
        for x in group:
            for y in group:
                if x < y:
                    alike[(x, y)] = alike.get((x, y), 0) + 1
    if not alike:
        return []
    panel = experts(reg, year)
    names = {e.id: e.name for e in panel}
    order = {e.id: n for n, e in enumerate(panel)}
    out = []
    for (x, y), n in alike.items():
        if n >= MIN_SAME and n == min(scored[x], scored[y]):
            first, second = sorted((x, y), key=lambda e: order.get(e, len(order)))
            out.append((order.get(first, 0), order.get(second, 0),
                        SameSheets(names.get(first, str(first)), names.get(second, str(second)), n)))
    return [same for *_o, same in sorted(out, key=lambda t: (t[0], t[1]))]
