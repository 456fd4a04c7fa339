"""A status-bar message too wide for the room beside the counts: the counts give way while
it shows, and come back when it clears.

QStatusBar never hides a permanent widget for a message; it cuts the message off at the
first one. The window's counts (专利：登记 58 · 合格 38 … 项目：…) take 600 px of a
1366-pixel status bar and most of a 1024-pixel one: after a restore the message naming
the backups ended mid-file-name at 1366 and after its first file name at 1024.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

MARGIN = 12  # QStatusBar draws a message 6 px in, and up to 2 px short of a widget


class GiveWay(QObject):
    """``widgets`` (permanent widgets of ``bar``, its first ones, left to right) hidden
    while a message that does not fit beside them shows, the leftmost first and only as
    many as it needs; shown again once that message clears. The 待办 count (left of the
    counts) cut a recovery's message at 「合计尚…」 although the counts had given way."""

    def __init__(self, bar: QStatusBar, *widgets: QWidget) -> None:
        super().__init__(bar)
        self.bar, self.widgets = bar, widgets
        self.hidden: set[QWidget] = set()  # hidden here (never shown again what another hid)
        bar.messageChanged.connect(self._message)
        # The room is measured again when one of them moves or changes width under a
        # message: the 只读 badge added at its right (the register's lock lost as a
        # preview was made) pushed the counts over the message, 「已生」 left of them.
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.timeout.connect(lambda: self._message(self.bar.currentMessage()))
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() in (QEvent.Type.Move, QEvent.Type.Resize)
                and self.bar.currentMessage()):
            self._again.start(0)  # after the layout has placed them all (not inside it)
        return False

    def _message(self, text: str) -> None:
        ours = [w for w in self.widgets if not w.isHidden() or w in self.hidden]
        if not text:
            for w in ours:
                if w in self.hidden:
                    w.show()
            self.hidden.clear()
            return
        # Where each stands (or stood, hidden here): hiding those left of one gives the
        # message the room up to it; hiding them all, up to what stands beyond the last.
        width = self.bar.fontMetrics().horizontalAdvance(text)
        need = len(ours)
        for n, w in enumerate(ours):
            if width <= w.geometry().left() - MARGIN:
                need = n
                break
        for n, w in enumerate(ours):
            if n < need and w not in self.hidden:
                self.hidden.add(w)
                w.hide()
            elif n >= need and w in self.hidden:
                self.hidden.discard(w)
                w.show()


class ElidedLabel(QLabel):
    """One line that, short of room, says it shorter (``set_texts``' shorter forms, the
    first that fits), else ends in 「…」, with the whole of it in the tooltip: at 1097×617
    and 16 pt the counts stopped at 「… · 不合格 8 · 待补」, cut with no sign; at 1366×768
    ×1.5 at 「待补…」 (stop 39), now said whole in fewer words. ``text()`` is the whole
    text; only the painting is cut."""

    shorter: tuple[str, ...] = ()  # set_texts' shorter forms, the shortest last

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self.shorter = ()
        super().setText(text)
        self.setToolTip(text)

    def set_texts(self, text: str, *shorter: str) -> None:
        """``text``, or where it does not fit the first of ``shorter`` that does."""
        self.setText(text)
        self.shorter = shorter
        self.update()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("专利：登记 0…")),
                     hint.height())

    def elided(self) -> str:
        """What is shown: the text, or its start and 「…」 where the label is too narrow."""
        text, width = self.text(), self.contentsRect().width()
        metrics = self.fontMetrics()
        for said in (text, *self.shorter):
            if metrics.horizontalAdvance(said) <= width:
                return said
            text = said  # the shortest, cut, where none fits
        # only here: Qt's namespace builds its enums on first use, and the first window
        # paints this label before its first paint is done (tests/test_ui_start_speed.py)
        from PySide6.QtCore import Qt

        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.fontMetrics().horizontalAdvance(self.text()) <= self.contentsRect().width():
            super().paintEvent(event)  # it fits: QLabel's own (no alignment read in Python)
            return
        # only here: the first window paints the empty counts, and QPainter's class and
        # enums took ≈ 0.5 ms of its start
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()),
                                  self.palette(), self.isEnabled(), self.elided(),
                                  self.foregroundRole())
