"""资格审核's list reads each project's line and stored findings, not its whole record: at
20,000 projects the records took 0.4–1 s of 专家评审's first visit. What it shows and decides
by is the same."""

from __future__ import annotations

from dataclasses import replace

from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models import register
from boostdesk.models.records import PROJECT_MATERIALS
from boostdesk.panel import qualification as qu
from boostdesk.rules.check import recheck
from tests.test_panel_support import YEAR, make_project

__all__ = ["answers", "ctx", "qsettings", "window"]


def _projects(reg) -> list[int]:
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会") for k in range(4)]
    reg.save_project(replace(reg.project(ids[1]), materials={k: False for k in PROJECT_MATERIALS}))
    reg.save_project(replace(reg.project(ids[2]), startup_funds_paid=False))
    reg.set_status("project", ids[3], "refused", "不符合申报条件")
    recheck(reg)
    return ids


def _seen(rows: list[qu.QualificationRow]) -> list[tuple]:
    return [
        (
            r.project.id,
            r.project.title,
            r.project.studio_name,
            r.project.studio_level,
            r.project.status,
            r.project.status_reason,
            r.findings,
            r.verdict,
        )
        for r in rows
    ]


def test_the_lines_are_what_the_records_give(reg):
    _projects(reg)
    assert not reg.changes
    lines = qu.qualification_lines(reg, YEAR)
    assert all(isinstance(r.project, qu.ProjectLine) for r in lines)
    assert _seen(lines) == _seen(qu.qualification_rows(reg, YEAR))
    assert {r.verdict for r in lines} == {"符合", "待补材料", "不符合"}


def test_the_list_builds_no_project_record(window, reg, monkeypatch):
    ids = _projects(reg)

    def whole(*_a, **_k):
        raise AssertionError("a whole project record read for the list")

    monkeypatch.setattr(register, "project_from_row", whole)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    shown = {tab.model.rows[r].id: tab.model.rows[r].cells for r in range(tab.model.rowCount())}
    assert set(ids[:3]) <= set(shown) <= set(ids)  # (the refused one: with 已审核 shown)
    assert tab.by_id[ids[2]].verdict == "不符合" and tab.by_id[ids[1]].incomplete
