"""The status bar counts each paper by its standing: the 资格审核 decision recorded, else
the rules' automatic check. After 14 projects passed and one refused (`panel qualify`,
their materials never ticked) it still said 项目：登记 15 · 合格 0 · 不合格 0 · 待补材料 15,
while the list's 状态 said 专家评审 and 资格审核不通过 and `stats` counted 14 通过资格审核."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from test_panel_screen import type_chinese
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models.workflow import standing
from boostdesk.panel.qualification import decide
from boostdesk.rules import recheck
from boostdesk.ui import queries
from tests.test_panel_support import make_project

__all__ = ["answers", "ctx", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def decided(reg) -> list[int]:
    """Three projects whose materials were never ticked (待补材料 by the rules): the first
    passed with a reason, the second refused, as `panel qualify` records them before the
    window opens; the third undecided."""
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会") for k in range(3)]
    for i in ids:
        reg.save_project(replace(reg.project(i), materials={}))
    recheck(reg)
    decide(reg, ids[0], True, "材料原件已当面核对")
    decide(reg, ids[1], False, "工作室未按期完成上年度结题验收")
    return ids


def projects_said(window) -> str:
    return next(part for part in window.counts_label.text().split("　　")
                if part.startswith("项目："))


def test_the_status_bar_counts_the_decisions_recorded_then_the_rules_verdicts(
        decided, window, reg, qtbot, answers):
    assert projects_said(window) == "项目：登记 3 · 合格 1 · 不合格 1 · 待补材料 1"
    # the clerk passes the third in the window (资格审核, its reason typed, Alt+P)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    assert tab.current().project.id == decided[2]
    tab.reason.setFocus()
    type_chinese(tab.reason, "材料已补交")
    qtbot.keyClick(tab.reason, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: reg.project(decided[2]).status == "qualified")
    qtbot.waitUntil(lambda: projects_said(window)
                    == "项目：登记 3 · 合格 2 · 不合格 1 · 待补材料 0")


def test_the_counts_are_the_standing_of_each_paper_grouped(decided, reg):
    """The counts grouped over indexes are each paper's ``workflow.standing`` counted, on
    either side of the query's choice (fewer decided papers, or fewer undecided)."""
    def one_by_one() -> queries.Counts:
        said = [standing(status, queries.verdict_of(eligible, incomplete))
                for status, eligible, incomplete in reg.conn.execute(
                    "SELECT status, eligible, incomplete FROM project_applications")]
        return queries.Counts(len(said), said.count(queries.ELIGIBLE),
                              said.count(queries.REFUSED), said.count(queries.INCOMPLETE))

    assert queries.counts(reg, "project", 2022) == one_by_one() == queries.Counts(3, 1, 1, 1)
    more = [make_project(reg, f"新项目{k}", f"新工作室{k}") for k in range(3)]
    recheck(reg)
    assert queries.counts(reg, "project", 2022) == one_by_one() == queries.Counts(6, 4, 1, 1)
    for i in more:
        decide(reg, i, False, "不符合")
    assert queries.counts(reg, "project", 2022) == one_by_one() == queries.Counts(6, 1, 4, 1)
