"""Dialogs used from the keyboard as intake staff do: Enter, Esc, and where the focus goes
after a save is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.ui.studio_screen import AwardDialog

__all__ = ["answers", "ctx", "qsettings", "window"]


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return dialog


def test_an_award_refused_for_its_amount_puts_the_cursor_in_the_amount(ctx, qtbot, reg):
    """录入往年助推: studio name typed, Enter; the amount is missing: type it there."""
    dialog = _shown(qtbot, AwardDialog(ctx))
    type_text(qtbot, "李四职工创新工作室", dialog.studio)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.studio)
    assert dialog.isVisible() and "助推金额" in dialog.error.text()
    assert focused() is dialog.amount
    assert reg.studio_awards() == []


def test_an_award_refused_for_its_year_selects_the_year(ctx, qtbot, reg):
    dialog = _shown(qtbot, AwardDialog(ctx))
    type_text(qtbot, "李四职工创新工作室", dialog.studio)
    dialog.year.setText(str(ctx.year))
    dialog.amount.setText("3")
    press(qtbot, Qt.Key.Key_Return, widget=dialog.amount)
    assert dialog.isVisible() and "年度" in dialog.error.text()
    assert focused() is dialog.year and dialog.year.selectedText() == str(ctx.year)
