"""打印 from the keyboard: Tab to one of its buttons and Enter presses it, as Space does
(a screen's buttons are no dialog's: auto-default answers Enter only there), and each
button, field and tick box has an Alt letter of its own, none a menu bar's (the fields
and boxes had none: the keyboard Tabbed past the options to reach one)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
)
from test_ui_support import answers, ctx, focused, press, qsettings, window

from boostdesk.printing.jobs import APPROVAL, PAYMENTS, PROGRESS_UNION, SUMMARY_PATENT

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


def test_every_field_and_tick_box_has_a_letter(window):
    """Each field is named by a label whose letter reaches it (its buddy), each tick box
    by its own words' letter; with the buttons', each letter once on the screen."""
    screen = window.screen_named("打印")
    lettered = {id(w.buddy()) for w in screen.findChildren(QLabel)
                if w.buddy() is not None and _letter(w.text())}
    lettered |= {id(b) for b in screen.findChildren(QCheckBox) if _letter(b.text())}
    fields = [w for kind in (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox)
              for w in screen.findChildren(kind)
              if not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox))]  # their own
    assert len(fields) >= 10
    unlettered = [w.accessibleName() or type(w).__name__ for w in fields if id(w) not in lettered]
    assert not unlettered, unlettered


ALT = Qt.KeyboardModifier.AltModifier


def test_alt_letters_reach_each_field_and_tick_each_box(window, qtbot):
    screen = window.screen_named("打印")  # shown
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen.document.setFocus()
    qtbot.waitUntil(lambda: focused() is screen.document)

    def document(kind: str) -> None:
        press(qtbot, Qt.Key.Key_D, ALT)
        assert focused() is screen.document
        screen.document.setCurrentIndex(screen.document.findData(kind))

    document(PAYMENTS)
    for key, field in ((Qt.Key.Key_T, screen.tranche), (Qt.Key.Key_K, screen.payer),
                       (Qt.Key.Key_J, screen.page), (Qt.Key.Key_Z, screen.zoom)):
        press(qtbot, key, ALT)
        assert focused() is field, (key, focused())
    assert screen.unpaid.isChecked()
    press(qtbot, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: not screen.unpaid.isChecked())  # ticked off, as a click does
    document(SUMMARY_PATENT)
    press(qtbot, Qt.Key.Key_A, ALT)
    qtbot.waitUntil(screen.approved_only.isChecked)
    document(APPROVAL)
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focused() is screen.refs
    assert not screen.unmasked.isChecked()
    press(qtbot, Qt.Key.Key_C, ALT)  # 财务联: its words' letter ticks the box beside them
    qtbot.waitUntil(screen.unmasked.isChecked)
    document(PROGRESS_UNION)
    press(qtbot, Qt.Key.Key_U, ALT)
    assert focused() is screen.union
