"""A status-bar message too wide for the room beside the counts: the counts give way while
it shows, and come back when it clears.

QStatusBar never hides a permanent widget for a message; it cuts the message off at the
first one. The window's counts (专利：登记 58 · 合格 38 … 项目：…) take 600 px of a
1366-pixel status bar and most of a 1024-pixel one: after a restore the message naming
the backups ended mid-file-name at 1366 and after its first file name at 1024.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QWidget

MARGIN = 12  # QStatusBar draws a message 6 px in, and up to 2 px short of a widget


class GiveWay(QObject):
    """``widget`` (a permanent widget of ``bar``, its first) hidden while a message that
    does not fit beside it shows; shown again once that message clears."""

    def __init__(self, bar: QStatusBar, widget: QWidget) -> None:
        super().__init__(bar)
        self.bar, self.widget = bar, widget
        self.hidden = False  # hidden here (never shown again what another hid)
        bar.messageChanged.connect(self._message)

    def _message(self, text: str) -> None:
        if not text:
            if self.hidden:
                self.hidden = False
                self.widget.show()
            return
        if self.widget.isHidden() and not self.hidden:
            return
        # Where the widget stands (or stood, hidden here): the message's room ends there.
        room = self.widget.geometry().left() - MARGIN
        fits = self.bar.fontMetrics().horizontalAdvance(text) <= room
        if fits and self.hidden:
            self.hidden = False
            self.widget.show()
        elif not fits and not self.hidden:
            self.hidden = True
            self.widget.hide()
