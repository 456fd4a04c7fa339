"""Ctrl+Z after an import: the import is not undone by it (an older change is not undone
in its place either); the status bar says so and what to do instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_import_resend import first_table
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_ctrl_z_after_an_import_says_it_is_not_undone_and_what_to_do(window, qtbot, reg,
                                                                   answers, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, first_table(tmp_path))
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    imported = len(reg.patents(2022))
    assert imported
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier, window)
    message = window.statusBar().currentMessage()
    assert "导入不能用 Ctrl+Z 撤销" in message
    assert "“删除”" in message and "“单位与人员”→“人员”" in message
    assert len(reg.patents(2022)) == imported
    window.grab().save(str(tmp_path / "undo_note.png"))
