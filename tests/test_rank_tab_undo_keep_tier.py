"""撤销维持公示档次… on 排名与档次 (stop 35 had it on 公示 and the command line only; a
decision recorded after its batch closed could not be withdrawn anywhere): clicked as the
office would, with 公示's confirmation and reason; greyed with the domain's reason when
something rests on the decision. 公示 withdraws such a decision from its closed batch too."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_kept_tier_undo import KEEP, UNDO, said
from test_kept_tier_undo_after_close import GUO, free_after_close
from test_panel_support import YEAR
from test_publicity_keep_tier_screen import _answer, _audit, _in_dialog
from test_ui_support import shown_screen

from boostdesk.finance.paying import mark_paid
from boostdesk.models.records import PROJECT
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier


@pytest.fixture
def kept_after_close(reg, monkeypatch):
    """郭敏 kept at 5万 by a decision recorded after batch 1 closed (测试员's)."""
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    ids = free_after_close(reg)
    ids["before"] = said(reg)  # type: ignore[assignment]
    keep_published_tier(reg, ids["guo"], KEEP)
    return ids


@pytest.fixture
def tab(reg, kept_after_close, tmp_path, qtbot):
    from boostdesk.ui.panel_screen import PanelScreen

    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    return tab


def _click_row(qtbot, tab, project_id: int) -> None:
    row = next(r for r in range(tab.model.rowCount()) if tab.model.id_at(r) == project_id)
    rect = tab.table.visualRect(tab.model.index(row, 2))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_withdrawn_on_the_ranking_tab(reg, kept_after_close, tab, qtbot):
    guo = kept_after_close["guo"]
    assert "已公示项目按现有排名可列入较高档次" not in tab.waiting.text()  # decided
    _click_row(qtbot, tab, kept_after_close["wang"])  # no decision on it: 维持… in its place
    assert tab.keep_button.isVisible() and not tab.undo_keep_button.isVisible()
    _click_row(qtbot, tab, guo)
    assert tab.undo_keep_button.isVisible() and not tab.keep_button.isVisible()
    assert tab.undo_keep_button.isEnabled()
    assert tab.undo_keep_button.toolTip() == (
        f"撤销“{GUO}”经研究维持公示档次的决定：空出的名额重新按排名提示应递补的项目")

    seen: list[str] = []
    _in_dialog(qtbot, tab, seen, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    qtbot.mouseClick(tab.undo_keep_button, Qt.MouseButton.LeftButton)
    assert seen[0].startswith(f"撤销维持公示档次 — {GUO}\n")
    assert ("撤销后：“吴强团队智能检测装置研制”空出的10万元档名额（本档 2 项，已有 1 项）按排名应递补的"
            f"又是已公示的“{GUO}”") in seen[0]
    assert _audit(reg, guo) == [("keep_published_tier", "测试员")]  # Esc: nothing

    _in_dialog(qtbot, tab, seen, _answer(qtbot, "撤销决定", UNDO))
    qtbot.mouseClick(tab.undo_keep_button, Qt.MouseButton.LeftButton)
    assert _audit(reg, guo) == [("keep_published_tier", "测试员"),
                                ("undo_keep_published_tier", "刘建国")]
    assert said(reg) == kept_after_close["before"]
    assert tab.outcome.text().startswith(f"已撤销：“{GUO}”经研究维持公示档次（测试员，")
    assert "已公示项目按现有排名可列入较高档次" in tab.waiting.text()  # asked again
    # asked again: 维持公示档次… back in its place, for a decision anew
    assert not tab.undo_keep_button.isVisible()
    assert tab.keep_button.isVisible() and tab.keep_button.isEnabled()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.table)  # back on the list
    assert tab.current().project_id == guo


def test_greyed_with_the_reason_once_its_money_is_paid(reg, kept_after_close, tab, qtbot):
    guo = kept_after_close["guo"]
    for (line,) in reg.conn.execute(
            "SELECT id FROM payments WHERE stream = ? AND application_id = ? AND tranche = 1",
            (PROJECT, guo)).fetchall():
        mark_paid(reg, line, date(2023, 1, 10), "记-2023-0001")
    tab.reload()
    _click_row(qtbot, tab, guo)
    assert tab.undo_keep_button.isVisible() and not tab.undo_keep_button.isEnabled()
    assert tab.undo_keep_button.toolTip().startswith(
        f"不能撤销：项目“{GUO}”的助推款已按公示档次（5万元档）登记拨付 ¥")
    assert guo in rank(reg, YEAR).kept_published


def test_the_publicity_screen_withdraws_it_from_the_closed_batch(reg, kept_after_close,
                                                                 tmp_path, qtbot):
    from boostdesk.ui.publicity_screen import PublicityScreen

    screen = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1200)
    assert screen.batch.currentText().startswith("第1批")
    assert not screen.keep_button.isEnabled()
    assert screen.undo_keep_button.isEnabled()
    seen: list[str] = []
    _in_dialog(qtbot, screen, seen, _answer(qtbot, "撤销决定", UNDO))
    qtbot.mouseClick(screen.undo_keep_button, Qt.MouseButton.LeftButton)
    assert seen[0].startswith(f"撤销维持公示档次 — {GUO}\n")
    assert _audit(reg, kept_after_close["guo"])[-1] == ("undo_keep_published_tier", "刘建国")
    assert said(reg) == kept_after_close["before"]
    assert not screen.undo_keep_button.isEnabled()
