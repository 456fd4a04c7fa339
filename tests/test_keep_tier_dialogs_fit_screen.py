"""维持公示档次 on 排名与档次, asked as a keyboard user asks it (Ctrl+Tab to the tab, ↓ to
the project, Tab, Space): its rule text sat on one line of QInputDialog, ≈ 2,167 px wide,
确定 and 取消 off a 1366 laptop's screen. The text now wraps and the dialog fits the
screen; 公示's 维持/撤销 dialogs fit too."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton
from test_kept_tier_undo import freed
from test_kept_tier_undo_after_close import GUO, free_after_close
from test_panel_support import YEAR
from test_ui_support import shown_screen

__all__ = ["freed"]  # a fixture, used by name

LAPTOP = 1366


def _fits(dialog: QDialog) -> list[str]:
    """What of ``dialog`` lies past the screen or past a 1366 laptop's width (none: [])."""
    room = min(LAPTOP, dialog.screen().availableGeometry().width())
    wrong = []
    if dialog.frameGeometry().width() > room:
        wrong.append(f"dialog {dialog.frameGeometry().width()} px wide, the screen {room}")
    for button in dialog.findChildren(QPushButton):
        right = button.mapTo(dialog, button.rect().topRight()).x()
        if button.isVisible() and right > dialog.width():
            wrong.append(f"{button.text()} at x={right}, past the dialog's edge")
    return wrong


def _when_up(seen: dict, act) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        try:
            seen["title"] = dialog.windowTitle()
            seen["text"] = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
            seen["wrong"] = _fits(dialog)
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()
    QTimer.singleShot(0, run)


def test_the_ranking_tab_s_keep_tier_dialog_fits_a_laptop_screen(reg, tmp_path, qtbot):
    from boostdesk.ui.panel_screen import PanelScreen

    free_after_close(reg)
    screen = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR, LAPTOP)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(tab.model.rowCount()):
        if GUO in tab.table.currentIndex().siblingAtColumn(2).data():
            break
        qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)
    from boostdesk.ui.scroll_notes import ScrollNotes

    if isinstance(QApplication.focusWidget(), ScrollNotes):  # the notes under the table,
        # taking Tab when they scroll at this size (how long they are follows the day)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.keep_button

    seen: dict = {}
    _when_up(seen, lambda d: qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape))
    qtbot.keyClick(tab.keep_button, Qt.Key.Key_Space)
    assert seen["title"] == "维持公示档次"
    assert "在该项目的助推款登记拨付前可撤销" in seen["text"]  # the long rule, shown
    assert seen["wrong"] == []


def test_the_publicity_screen_s_keep_and_undo_dialogs_fit_a_laptop_screen(
        reg, tmp_path, qtbot, monkeypatch):
    from boostdesk.panel.tier_overrides import keep_published_tier
    from boostdesk.ui import dialogs
    from boostdesk.ui.publicity_screen import PublicityScreen

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    ids = free_after_close(reg)
    screen = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, LAPTOP)
    keep_published_tier(reg, ids["guo"], "经主任办公会研究，按公示档次核准")
    screen.reload()
    seen: dict = {}
    _when_up(seen, lambda d: None)
    qtbot.mouseClick(screen.undo_keep_button, Qt.MouseButton.LeftButton)
    assert seen["title"].startswith("撤销维持公示档次") and seen["wrong"] == []


def test_the_publicity_screen_s_keep_dialog_fits_a_laptop_screen(reg, freed, tmp_path, qtbot,
                                                                  monkeypatch):
    from boostdesk.ui import dialogs
    from boostdesk.ui.publicity_screen import PublicityScreen

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    screen = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, LAPTOP)
    seen: dict = {}
    _when_up(seen, lambda d: None)
    qtbot.mouseClick(screen.keep_button, Qt.MouseButton.LeftButton)
    assert seen["title"].startswith("维持公示档次") and seen["wrong"] == []
