"""Why a greyed 维持公示档次… / 撤销维持公示档次… waits was only its tooltip: a greyed button
takes no focus and a tooltip needs the mouse, so a keyboard user never heard it. The
screen's line under its buttons now says it (the tooltip's words), as the arrows move."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from test_kept_tier_undo_after_close import GUO, free_after_close
from test_panel_support import YEAR
from test_rank_tab_undo_keep_tier import kept_after_close, tab
from test_ui_support import shown_screen

from boostdesk.finance.paying import mark_paid
from boostdesk.models.records import PROJECT

__all__ = ["kept_after_close", "tab"]  # fixtures used by name


def _arrow_to(qtbot, table, title: str) -> None:
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(table.model().rowCount()):
        if any(str(table.model().index(table.currentIndex().row(), c).data()) == title
               for c in range(table.model().columnCount())):
            return
        qtbot.keyClick(table, Qt.Key.Key_Down)
    raise AssertionError(f"{title} not in the list")


def test_the_publicity_screen_says_why_keep_tier_waits_on_a_closed_batch(
        reg, tmp_path, qtbot, monkeypatch):
    from boostdesk.ui import dialogs
    from boostdesk.ui.publicity_screen import PublicityScreen

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    free_after_close(reg)
    screen = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1366)
    _arrow_to(qtbot, screen.table, GUO)
    assert not screen.keep_button.isEnabled()
    said = screen.greyed.text()
    assert said == f"“维持公示档次…”暂不可用：{screen.keep_button.toolTip()}"
    assert "第1批公示已结束" in said and "排名与档次" in said
    assert screen.greyed.isVisible()


def test_the_ranking_tab_says_why_a_decision_cannot_be_withdrawn(
        reg, kept_after_close, tab, qtbot):
    guo = kept_after_close["guo"]
    for (line,) in reg.conn.execute(
            "SELECT id FROM payments WHERE stream = ? AND application_id = ? AND tranche = 1",
            (PROJECT, guo)).fetchall():
        mark_paid(reg, line, date(2023, 1, 10), "记-2023-0001")
    tab.reload()
    _arrow_to(qtbot, tab.table, "王芳团队自动化改造")  # no decision on it: nothing greyed to explain
    assert tab.greyed.text() == ""
    _arrow_to(qtbot, tab.table, GUO)
    assert not tab.undo_keep_button.isEnabled()
    assert tab.greyed.text() == f"“撤销维持公示档次…”暂不可用：{tab.undo_keep_button.toolTip()}"
    assert "助推款已按公示档次（5万元档）登记拨付" in tab.greyed.text()
