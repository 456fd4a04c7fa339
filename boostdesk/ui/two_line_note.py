"""A note under a list held to two lines: 待办's current row (its paper, what is to be done,
where: three lines, and up to five wrapped) took three lines and more at 200 % with 16 pt
text, the list above it left two rows.

Its first line is the text's first line; the rest goes on the second, its lines joined
with ；. A line too long for the room is cut with 「…」 — the second before its last part,
so that what is to be done begins it and where to do it (办理：…) ends it, whole unless it
would leave the rest less than a third of the line. The text itself stays
whole: what a screen reader reads (the label's name) and, where cut, the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from .small_screen import NoteLabel
from .style import plain_tip


class TwoLineNote(NoteLabel):
    """A :class:`~.small_screen.NoteLabel` of at most two lines, each cut to the room."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(False)  # laid out here: a wrapped label asks for the lines it wraps to
        self.setTextFormat(Qt.TextFormat.PlainText)

    def _parts(self) -> list[str]:
        return [p.strip() for p in self.text().split("\n") if p.strip()]

    def lines(self) -> list[str]:
        """The lines as written: the first, and the rest on one."""
        parts = self._parts()
        return parts[:1] + (["；".join(parts[1:])] if parts[1:] else [])

    def shown(self) -> list[str]:
        """The lines as drawn at the label's width: cut with 「…」 where too long — the
        second before its last part (办理：…), kept whole where it fits."""
        room = max(0, self.contentsRect().width())
        metrics = self.fontMetrics()
        parts = self._parts()
        out = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
               for line in self.lines()]
        if len(parts) > 2 and out[1] != self.lines()[1]:
            # the last part whole where it leaves the rest a third of the room, else cut too
            tail = "；" + parts[-1]
            left = max(room - metrics.horizontalAdvance(tail), room // 3)
            head = metrics.elidedText("；".join(parts[1:-1]), Qt.TextElideMode.ElideRight, left)
            out[1] = head + metrics.elidedText(tail, Qt.TextElideMode.ElideRight,
                                               room - metrics.horizontalAdvance(head))
        return out

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._tip()
        self.updateGeometry()

    def _tip(self) -> None:
        cut = self.shown() != self.lines()
        self.setToolTip(plain_tip(self.text()) if cut else "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._tip()

    def _height(self) -> int:
        margins = self.contentsMargins()
        return (self.fontMetrics().lineSpacing() * max(1, len(self.lines()))
                + margins.top() + margins.bottom())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        widest = max((self.fontMetrics().horizontalAdvance(x) for x in self.lines()), default=0)
        return QSize(widest + 2, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # any width: each line is cut to it, never holding the window wider
        return QSize(self.fontMetrics().horizontalAdvance("中" * 4), self._height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        rect = self.contentsRect()
        step = self.fontMetrics().lineSpacing()
        for n, line in enumerate(self.shown()):
            row = rect.adjusted(0, n * step, 0, 0)
            row.setHeight(step)
            self.style().drawItemText(painter, row, int(Qt.AlignmentFlag.AlignLeft
                                                        | Qt.AlignmentFlag.AlignVCenter),
                                      self.palette(), self.isEnabled(), line,
                                      self.foregroundRole())
