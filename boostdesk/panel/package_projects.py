"""What an expert's scoring package holds: their assigned projects still under review,
none they are in conflict with, and each one's row of 项目概况; why an expert gets none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.register import Register
from boostdesk.money import format_money

from .experts import Expert, ScoreConflict, assignment_conflicts, assignments
from .package_format import SUMMARY_HEADERS


@dataclass(frozen=True)
class PackageProject:
    id: int
    title: str


def package_projects(reg: Register, year: int, expert_id: int, *, conflicted: bool = False,
                     known: Mapping[int, ScoreConflict] | None = None) -> list[PackageProject]:
    """An expert's assigned projects that are still under review, in register order; not
    one the register now shows them in conflict with (unless ``conflicted``): its
    materials do not go to the expert, nor a row to score it on. ``known``: the year's
    :func:`assignment_conflicts`, for a caller asking about every expert."""
    out = []
    if known is None and not conflicted:
        known = assignment_conflicts(reg, year)
    barred = set() if conflicted else set(known or ())
    for a in assignments(reg, year):
        if a.expert_id != expert_id or a.id in barred:
            continue
        app = reg.project(a.project_id)
        if app.status == "review":
            out.append(PackageProject(a.project_id, app.title))
    return out


def why_no_package(reg: Register, year: int, e: Expert,
                   known: Mapping[int, ScoreConflict] | None = None) -> str:
    """Why an expert gets no package, in the words the office acts on: nothing assigned,
    every project assigned out of review, or every one barred by a conflict."""
    if known is None:
        known = assignment_conflicts(reg, year)
    mine = [a for a in assignments(reg, year) if a.expert_id == e.id]
    if not mine:
        return "没有分配项目"
    barred = [a for a in mine if a.id in known]
    if len(barred) == len(mine):
        return "分配的项目都需回避（请在“分配专家”中取消分配或另派专家）"
    if not barred:
        return "分配的项目都已结束评审"
    return "分配的项目已结束评审或需回避"


def summary_rows(reg: Register, projects: list[PackageProject]) -> list[list[object]]:
    """The 项目概况 sheet's rows, its header first: what the signature's digest covers."""
    rows: list[list[object]] = [list(SUMMARY_HEADERS)]
    for p in projects:
        app = reg.project(p.id)
        rows.append([
            str(p.id), app.title, app.studio_name, LEVEL_ZH.get(app.studio_level or "", ""),
            "是" if app.model_studio else "否", app.leader, app.enterprise_name, app.unit_name,
            app.industry, app.approval_date.isoformat() if app.approval_date else "",
            app.planned_completion.isoformat() if app.planned_completion else "",
            format_money(app.total_budget_fen) if app.total_budget_fen is not None else "",
            format_money(app.requested_fen) if app.requested_fen is not None else "",
        ])
    return rows
