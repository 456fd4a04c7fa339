"""文件 → 从备份恢复…: Esc (or 取消) on 「用备份…替换当前登记册？」 returns to the list of
backups, the same one highlighted; it closed the list too, and the clerk looked for the
backup again from the menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_restore import registered, window_on_two_backups
from test_ui_support import qsettings

from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["qsettings"]


def _answer_box(seen: list[str], act: Callable[[QMessageBox], None]) -> None:
    """Once the confirmation is up: note its question, then ``act`` in it."""
    def run() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, run)
            return
        seen.append(box.text())
        act(box)
    QTimer.singleShot(0, run)


def _esc(box: QMessageBox) -> None:
    QTest.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Escape)


def _restore(box: QMessageBox) -> None:
    next(b for b in box.buttons() if b.text().startswith("恢复")).click()


def test_esc_on_the_confirmation_returns_to_the_list_with_the_backup_chosen(
        tmp_path, qtbot, qapp, qsettings):
    reg, one, ctx, window = window_on_two_backups(tmp_path, qtbot, qsettings)
    try:
        window.restore_action.trigger()
        dialog = window.current_dialog
        assert isinstance(dialog, RestoreDialog)
        dialog.activateWindow()
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)  # the older, 手动
        seen: list[str] = []
        _answer_box(seen, _esc)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        assert one.path.name in seen[0]  # asked, and Esc answered it
        assert dialog.isVisible()  # the list is still up
        assert dialog.list.currentRow() == 1 and dialog.chosen().path == one.path
        assert dialog.focusWidget() is dialog.list  # the arrows move in it again
        assert ctx.reg is reg and registered(reg) == 2  # nothing restored

        _answer_box(seen, _restore)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
        assert ctx.reg is not reg and registered(ctx.reg) == 1  # 恢复: the one chosen
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()
