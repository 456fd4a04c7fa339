"""A word-wrapped label as tall as its text up to a few lines, then scrolled: the import
dialog's summary, whose eight "…不在本表中" notes filled the top of a 760×620 window and
left four preview rows to see."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


class ScrollNotes(QScrollArea):
    """``label`` shown whole up to ``most_lines`` lines of text, scrolled beyond; reached
    with Tab (and scrolled with the arrow keys) only when there is more than it shows."""

    def __init__(self, label: QLabel, most_lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.most_lines = most_lines
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)  # the dialog's own background
        label.setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # reached with Tab (frameless otherwise): where the keyboard is, seen
        self.setStyleSheet("ScrollNotes { border: 1px solid transparent; }"
                           " ScrollNotes:focus { border: 1px solid palette(highlight); }")
        # the label's new text asks its parent (the viewport) for a new layout: the height follows
        self.viewport().installEventFilter(self)

    def most_height(self) -> int:
        return self.fontMetrics().lineSpacing() * self.most_lines + 2 * self.frameWidth()

    def text_height(self) -> int:
        """The label's height at the width it has (or would have, not shown yet)."""
        width = self.viewport().width() if self.isVisible() else self.label.sizeHint().width()
        height = self.label.heightForWidth(max(width, 1))
        return height if height >= 0 else self.label.sizeHint().height()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.label.sizeHint().width(), min(self.text_height(), self.most_height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # a low screen may take it down to two lines (scrolled) before the rows below
        two = self.fontMetrics().lineSpacing() * 2 + 2 * self.frameWidth()
        return QSize(0, min(self.text_height(), two))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport() and event.type() == QEvent.Type.LayoutRequest:
            self._refit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # wrapped anew: another height
            self._refit()

    def _refit(self) -> None:
        more = self.text_height() > self.most_height() - 2 * self.frameWidth()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if more else Qt.FocusPolicy.NoFocus)
        self.updateGeometry()
