"""Closing the window: the undo stack (the context's) outlives the window's Ctrl+Z
shortcut, and a change to it afterwards (the context shutting down clears it) printed
“Internal C++ object (PySide6.QtGui.QShortcut) already deleted” from its follower."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, qsettings

from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "ctx", "qsettings"]  # fixtures used by name


def test_the_undo_stack_changing_after_the_window_closed_raises_nothing(ctx, qtbot, reg):
    window = MainWindow(ctx)
    window.show()
    qtbot.waitExposed(window)
    ctx.undo_stack.push(QUndoCommand("改状态"))  # something to undo: Ctrl+Z's own then
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(window)
    with qtbot.captureExceptions() as raised:
        ctx.undo_stack.clear()  # can undo no more: the stack says so to whoever listens
        ctx.undo_noted.emit()
    assert raised == []
