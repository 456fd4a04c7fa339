"""排名与档次's warning of a conflicted score says it only while something is left to do
(stop 36: after 排名复核 revoked the award resting on it, the tab still asked to take the
expert's assignment off — refused for a decided award — with nothing left to decide).
An award adopted on the score, undecided, is asked for review (not an unassignment the
register refuses); once 排名复核 decided it (revoke or keep), the warning and the row's
note are gone; a project still ranked keeps the unassignment advice
(test_panel_conflicts_after)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_freed_places import published
from test_panel_support import YEAR
from test_ui_support import shown_screen

from boostdesk.panel.experts import declare_conflict
from boostdesk.panel.publicity import close_publicity, settle_rerank

WU = "吴强团队智能检测装置研制"


@pytest.fixture
def conflicted(reg):
    """Batch 1 closed; then 吴强's only score is found conflicted (his award approved)."""
    ids = published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    declare_conflict(reg, reg.scalar("SELECT id FROM experts"), ids["wu"],
                     "专家与吴强工作室存在竞争关系")
    return ids


@pytest.fixture
def tab(reg, conflicted, tmp_path, qtbot):
    from boostdesk.ui.panel_screen import PanelScreen

    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    return tab


def _row_note(qtbot, tab, project_id: int) -> str:
    row = next(r for r in range(tab.model.rowCount()) if tab.model.id_at(r) == project_id)
    rect = tab.table.visualRect(tab.model.index(row, 2))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return tab.detail.text()


@pytest.mark.parametrize("revoke", [True, False], ids=["撤销核准", "维持核准"])
def test_settled_by_the_review_the_warning_is_gone(reg, conflicted, tab, qtbot, revoke):
    said = tab.waiting.text()
    # undecided: the award is to be reviewed; an assignment of a decided award cannot go
    assert ("\n已采纳的助推计入了存在利益冲突的评分 1 个：专家“专家1”对"
            f"“{WU}”已提交的评分（专家申明回避：专家与吴强工作室存在竞争关系）。请复核") in said
    assert "取消该专家对该项目的分配" not in said
    assert "请复核" in _row_note(qtbot, tab, conflicted["wu"])

    settle_rerank(reg, conflicted["wu"], revoke, "不计该评分后无有效评分，经研究决定")
    tab.reload()
    assert "利益冲突" not in tab.waiting.text()
    note = _row_note(qtbot, tab, conflicted["wu"])
    assert "请复核" not in note and "利益冲突" not in note


def test_the_revoked_award_of_the_freed_place_scenario_asks_nothing(reg, tmp_path, qtbot):
    """The scenario engineers saw: 排名复核 revoked, 郭敏 next in line for the freed place."""
    from test_kept_tier_undo_after_close import free_after_close

    from boostdesk.ui.panel_screen import PanelScreen

    free_after_close(reg)
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    assert "已公示项目按现有排名可列入较高档次" in tab.waiting.text()  # still to decide
    assert "利益冲突" not in tab.waiting.text()  # settled: not asked again
