"""Who stood aside from which project (回避), as the register keeps it, for the papers the
panel's chair signs and for `panel status`.

A conflict declared while the project is under review takes the expert's assignment (and
any score) off: afterwards only the ``conflicts`` row and its audit line say the expert
ever had to do with the project. One declared after adoption keeps the assignment and its
score, flagged and left out of the ranking; one the register shows after a correction (a
union merged, an enterprise corrected to the expert's) has no row at all, only the
assignment :func:`~.experts.assignment_conflicts` finds. All three are a 回避 here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from boostdesk.models.register import Register

from .experts import (
    Assignment,
    Expert,
    ScoreConflict,
    assignment_conflicts,
    assignments,
    declared_conflicts,
    experts,
)
from .grid import criteria, weighted_total

DECLARED = "declared"  # the expert declared it (a ``conflicts`` row)
SHOWN = "shown"  # the register shows it since a correction (no row, no day)
# the expert's own unit (enterprise, studio, union): never assigned, nothing registered
AUTO = "auto"
# the expert's 工作单位 written nearly as the project's unit (near_conflicts): never
# assigned on the likelihood, nothing registered
NEAR = "near"


@dataclass(frozen=True)
class Recusal:
    expert_id: int
    expert: str
    project_id: int
    title: str
    reason: str  # as registered (申明回避's own words; the rule's for one the register shows)
    kind: str  # DECLARED | SHOWN | AUTO | NEAR
    declared_at: str | None = None  # ISO time it was registered (DECLARED)
    operator: str = ""  # who registered it (its audit line)
    # a submitted score kept (declared after adoption, or shown since): not counted
    kept_total: Fraction | None = None
    withdrawn_score: bool = False  # a submitted score went with the assignment
    withdrawn: bool = False  # an assignment was taken off for it (declared under review)

    @property
    def day(self) -> str:
        """The day it was registered, 2022-12-05; "" for one the register shows."""
        return (self.declared_at or "")[:10]

    @property
    def outcome(self) -> str:
        """What became of the expert's score of the project, in a few words."""
        from .scoring import format_points

        if self.kept_total is not None:
            when = "采纳后申明回避" if self.kind == DECLARED else "登记册信息更正后显示存在利益冲突"
            return f"{when}，已提交的评分 {format_points(self.kept_total, 1)} 保留备查，不计入得分"
        if self.kind == SHOWN:
            return "登记册信息更正后显示存在利益冲突，未评分"
        if self.kind == AUTO:
            return "分配时自动回避，未分配该项目，无评分"
        if self.kind == NEAR:
            return "单位名称相近、可能存在利益冲突，分配时未分配该项目，无评分"
        if self.withdrawn_score:
            return "评审中申明回避，已提交的评分随分配撤回，不计入得分"
        if self.withdrawn:
            return "评审中申明回避，其分配撤回，未评分"
        return "申明回避，未分配该项目，无评分"


def recusals(reg: Register, year: int, assigned: list[Assignment] | None = None,
             conflicted: Mapping[int, ScoreConflict] | None = None) -> list[Recusal]:
    """The year's recusals, by project then expert as the panel lists them (pinyin).
    ``assigned`` and ``conflicted``: the year's assignments and their conflicts, when the
    caller has them (the ranking: 100,000 assignments at a large year)."""
    panel = experts(reg, year)
    names = {e.id: e.name for e in panel}
    place = {e.id: n for n, e in enumerate(panel)}
    declared = declared_conflicts(reg, year)
    if assigned is None:
        assigned = assignments(reg, year)
    if conflicted is None:
        conflicted = assignment_conflicts(reg, year, assigned)
    kept = _kept_totals(reg, year, [a.id for a in assigned if a.id in conflicted and a.submitted])
    by_pair = {(k.expert_id, k.project_id): k for k in conflicted.values()}
    rows = {(r["expert_id"], r["project_id"]): r for r in reg.query(
        "SELECT k.expert_id, k.project_id, k.reason, k.declared_at FROM conflicts k"
        " JOIN experts e ON e.id = k.expert_id WHERE e.campaign_id = ?",
        (reg.campaign_id(year),))}
    audit = _declarations(reg, [eid for eid, _ in rows])
    pairs = set(declared) | set(by_pair)
    titles = {p.id: p.title for p in reg.projects_by_id({pid for _, pid in pairs})}
    out = []
    for eid, pid in pairs:
        k = by_pair.get((eid, pid))
        total = kept.get(k.assignment_id) if k is not None else None
        if (eid, pid) in rows:
            r = rows[(eid, pid)]
            operator, with_score, taken_off = audit.get((eid, pid), ("", False, False))
            out.append(Recusal(eid, names.get(eid, str(eid)), pid, titles.get(pid, ""),
                               r["reason"], DECLARED, r["declared_at"], operator, total,
                               with_score, taken_off))
        elif k is not None:
            out.append(Recusal(eid, k.expert, pid, k.title, k.reason, SHOWN,
                               kept_total=total))
    out.sort(key=lambda r: (r.project_id, place.get(r.expert_id, len(place)), r.expert))
    return out


def _kept_totals(reg: Register, year: int, ids: list[int]) -> dict[int, Fraction]:
    """Assignment id -> the submitted weighted total a conflict keeps out."""
    if not ids:
        return {}
    grid = criteria(reg, year)
    sheets: dict[int, dict[int, int]] = {i: {} for i in ids}
    marks = ",".join("?" * len(ids))
    for aid, cid, score in reg.conn.execute(
            f"SELECT assignment_id, criterion_id, score_x10 FROM scores"
            f" WHERE assignment_id IN ({marks})", ids):
        sheets[aid][cid] = score
    return {aid: weighted_total(grid, sheet) for aid, sheet in sheets.items()}


def _declarations(reg: Register, expert_ids: Iterable[int],
                  ) -> dict[tuple[int, int], tuple[str, bool, bool]]:
    """(expert, project) -> (who registered the conflict last, whether a submitted score
    was withdrawn with it, whether an assignment was), from the audit lines of
    ``declare_conflict`` and of the assignment it deleted (申明回避：…)."""
    ids = sorted(set(expert_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    taken_off = {(r[0], r[1]) for r in reg.conn.execute(
        "SELECT json_extract(before, '$.expert_id'), json_extract(before, '$.project_id')"
        " FROM audit_events WHERE entity = 'assignments' AND action = 'delete'"
        " AND json_extract(after, '$.reason') LIKE '申明回避%'"
        f" AND json_extract(before, '$.expert_id') IN ({marks})", ids)}
    out: dict[tuple[int, int], tuple[str, bool, bool]] = {}
    for eid, operator, after in reg.conn.execute(
            "SELECT entity_id, operator, after FROM audit_events WHERE entity = 'experts'"
            f" AND entity_id IN ({marks}) AND action = 'declare_conflict' ORDER BY id", ids):
        doc = json.loads(after or "{}")
        pid = doc.get("project_id")
        if isinstance(pid, int):
            out[(eid, pid)] = (operator, bool(doc.get("withdrawn_score")),
                               (eid, pid) in taken_off)
    return out


def recused_names(found: Iterable[Recusal], project_id: int) -> str:
    """Who stood aside from the project, as a short clause: 钱志伟回避; 钱志伟回避，李四存在利益冲突."""
    declared = [r.expert for r in found if r.project_id == project_id and r.kind == DECLARED]
    shown = [r.expert for r in found if r.project_id == project_id and r.kind == SHOWN]
    parts = [f"{'、'.join(declared)}回避"] if declared else []
    parts += [f"{'、'.join(shown)}存在利益冲突"] if shown else []
    near = [r.expert for r in found if r.project_id == project_id and r.kind == NEAR]
    parts += [f"{'、'.join(near)}单位名称相近未分配"] if near else []
    return "，".join(parts)


def not_assigned(reg: Register, panel: Sequence[Expert], project_ids: Iterable[int],
                 assigned: Sequence[Assignment], found: Iterable[Recusal]) -> list[Recusal]:
    """The experts never assigned a project of their own unit (its enterprise, studio or
    union, or its leader: AUTO) or of a unit named nearly as their 工作单位 (NEAR): a 回避
    the assignment made, nothing registered — not a blank 未分配该专家评审. ``found``: the
    recusals registered (:func:`recusals`), not repeated."""
    from .experts import automatic_conflict
    from .near_conflicts import NearOrgs

    taken = ({(a.expert_id, a.project_id) for a in assigned}
             | {(r.expert_id, r.project_id) for r in found})
    reviewed = {a.project_id for a in assigned}  # not one decided outside the review
    out = []
    apps = reg.projects_by_id([pid for pid in dict.fromkeys(project_ids) if pid in reviewed])
    near = NearOrgs(apps, reg) if any(e.organisation for e in panel) else None
    for app in apps:
        for e in panel:
            if (e.id, app.id) in taken:
                continue
            reason = automatic_conflict(e, app)
            if reason:
                out.append(Recusal(e.id or 0, e.name, app.id or 0, app.title, reason, AUTO))
            elif near is not None and (likely := near.likely(e.organisation, app)):
                # 自动均衡分配 passed him over on the names alone: a blank cell on a signed
                # table would say nothing of why (near_conflicts)
                out.append(Recusal(e.id or 0, e.name, app.id or 0, app.title,
                                   likely.text, NEAR))
    return out


def count_text(found: Iterable[Recusal]) -> str:
    """How many stood aside, the registered (declared, or shown since a correction) told
    apart from those the assignment passed over — `panel status` and the 评审汇总表 count
    alike: 回避登记 1 项，另分配时自动回避 2 项、因单位名称相近未分配 9 项."""
    return f"回避登记 {counted(found)}"


def counted(found: Iterable[Recusal]) -> str:
    """:func:`count_text` without its head, for a heading 回避登记（1 项，另…）."""
    kinds = [r.kind for r in found]
    others = [f"{what} {n} 项" for what, n in (("分配时自动回避", kinds.count(AUTO)),
                                               ("因单位名称相近未分配", kinds.count(NEAR))) if n]
    registered = len(kinds) - kinds.count(AUTO) - kinds.count(NEAR)
    return f"{registered} 项" + (f"，另{'、'.join(others)}" if others else "")
