"""打印 from the keyboard: Tab to one of its buttons and Enter presses it, as Space does
(a screen's buttons are no dialog's: auto-default answers Enter only there), and each
button has an Alt letter of its own, none a menu bar's."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton
from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]


def _letter(text: str) -> str | None:
    found = re.search(r"&(\w)", text)
    return found.group(1).upper() if found else None


def test_enter_on_a_focused_button_presses_it(window, qtbot):
    screen = window.screen_named("打印")
    for button in (screen.save_button, screen.print_button, screen.preview_button):
        button.setEnabled(True)
        pressed: list[bool] = []
        button.clicked.connect(lambda *_, said=pressed: said.append(True))
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(button.hasFocus)
        qtbot.keyClick(button, Qt.Key.Key_Return)
        assert pressed == [True], button.text()


def test_every_button_has_a_letter_of_its_own(window):
    screen = window.screen_named("打印")
    menus = {_letter(a.text()) for a in window.menuBar().actions()}
    buttons = screen.findChildren(QPushButton)
    letters = [_letter(b.text()) for b in buttons]
    assert None not in letters, [b.text() for b in buttons]
    # the screen's other letters: its fields' labels and its boxes'
    others = [_letter(w.text()) for w in screen.findChildren(QLabel)
              if w.buddy() is not None] + [
        _letter(b.text()) for b in screen.findChildren(QAbstractButton)
        if not isinstance(b, QPushButton)]
    taken = [x for x in letters + others if x]
    assert len(taken) == len(set(taken)), taken
    assert not set(taken) & menus, (set(taken) & menus)
