"""Ctrl+Q over every dialog and form, as over the window (文件 → 退出).

The window's 退出 action is a shortcut of the window: Qt does not hear it while a dialog
or a paper form is the active window, and a clerk pressing Ctrl+Q at the end of the day
with a form open got nothing. :class:`QuitKey` gives each dialog the key the first time
the keyboard enters it (``QApplication.focusChanged``: one call a focus move, nothing a
keystroke or a paint, as an application event filter would cost), and answers it in one
place:

- a progress dialog, or a dialog whose own work runs behind one not yet shown: the
  window's close question, which names that work (取消并退出 / 继续等待; a restore, which
  cannot stop halfway, 完成后退出): the dialog is not dropped under its work;
- a question or chooser of Qt's own (a message box, a file dialog, a text asked): a beep,
  it is answered first — its caller waits on its answer, and Esc is not always the
  answer that changes nothing;
- any other dialog: closed as Esc closes it, asking what its Esc asks; a form with
  typing asks the quit's version of it (:func:`dialogs.confirm_discard`: 保存并退出 /
  放弃并退出 / 返回修改). Closed, the dialog under it is asked the same way, then the
  window closes by its own checks (work running, screens' unsaved scores).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from . import dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

KEY = "Ctrl+Q"
_GIVEN = "boostdesk_quit_key"  # a dialog's dynamic property: it has the key already


class QuitKey(QObject):
    """Ctrl+Q heard over ``window``'s dialogs: each dialog closed as above, then ``window``."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._tried: list[QWidget] = []  # the dialogs this quit has closed or asked
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # A bound method of a child of the window: dropped when the window goes.
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, now: QWidget | None) -> None:
        if now is None:
            return
        top = now.window()
        if (top is self.window or not isinstance(top, QDialog) or top.property(_GIVEN)
                or not self._over_window(top)):
            return
        top.setProperty(_GIVEN, True)
        # the dialog's own shortcut, gone with it (open_modal deletes a closed dialog)
        QShortcut(QKeySequence(KEY), top).activated.connect(self._pressed)

    def _over_window(self, dialog: QWidget) -> bool:
        """Whether ``dialog`` was opened over this window (its parent, or a parent's)."""
        parent = dialog.parentWidget()
        while parent is not None and parent is not self.window:
            parent = parent.parentWidget()
        return parent is not None

    def _pressed(self) -> None:
        shortcut = self.sender()
        dialog = shortcut.parent() if shortcut is not None else None
        if isinstance(dialog, QDialog):
            self._tried = []
            self.quit_from(dialog)

    def quit_from(self, dialog: QDialog) -> None:
        """Close ``dialog`` to quit (see the module's text), then what is under it."""
        if isinstance(dialog, QProgressDialog) or _working(dialog):
            self.window.close()  # its question names the work; the dialog stays with it
            return
        if _qts_own(dialog) or dialog in self._tried:
            QApplication.beep()
            return
        self._tried.append(dialog)
        dialogs.quitting.append(dialog)
        try:
            dialog.reject()  # what Esc asks, in the quit's words (confirm_discard)
        finally:
            dialogs.quitting.remove(dialog)
        if dialog.isVisible():  # 返回修改, or a save refused: the typing is kept
            return
        # Once the dialog's own exec() (if it had one) has returned to its caller.
        QTimer.singleShot(0, self, self._go_on)

    def _go_on(self) -> None:
        under = QApplication.activeModalWidget()
        if isinstance(under, QDialog) and under is not self.window:
            self.quit_from(under)  # a dialog opened from the one closed: asked the same way
        elif self.window.isVisible():
            self.window.close()  # its own checks: work running, unsaved scores


def _working(dialog: QDialog) -> bool:
    """Whether work the dialog started still runs behind its progress dialog (shown after
    300 ms; deleted once the work has ended)."""
    return dialog.findChild(QProgressDialog) is not None


def _qts_own(dialog: QDialog) -> bool:
    """A dialog of Qt's own class, not one of BoostDesk's: dialogs.py's message boxes and
    questions, a file or print dialog."""
    return type(dialog).__module__.startswith("PySide6")
