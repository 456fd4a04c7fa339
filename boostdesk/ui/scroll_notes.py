"""A word-wrapped label as tall as its text up to a few lines, then scrolled: the import
dialog's summary, whose eight "…不在本表中" notes filled the top of a 760×620 window and
left four preview rows to see."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


class ScrollNotes(QScrollArea):
    """``label`` shown whole up to ``most_lines`` lines of text, scrolled beyond; reached
    with Tab (and scrolled with the arrow keys) only when there is more than it shows. A
    short window may take it down to ``least_lines``. Shown and hidden with ``label`` (a
    NoteLabel hides itself while it is empty)."""

    def __init__(self, label: QLabel, most_lines: int, parent: QWidget | None = None, *,
                 least_lines: int = 2) -> None:
        super().__init__(parent)
        self.label = label
        self.most_lines = most_lines
        self.least_lines = least_lines
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
        if label.isHidden():  # (never shown here: without a parent yet, a window of its own)
            self.setVisible(False)
        label.installEventFilter(self)

    def line_height(self) -> int:
        """A line's height as the label lays it out (the font's spacing, rounded up: a
        rounded-down 15 for 16 showed three lines and most of a fourth)."""
        return math.ceil(QFontMetricsF(self.label.font()).lineSpacing())

    def most_height(self) -> int:
        return self.line_height() * self.most_lines + 2 * self.frameWidth()

    def set_most_lines(self, lines: int) -> None:
        """Show whole up to ``lines`` lines from now on (a window's room shared anew)."""
        if lines != self.most_lines:
            self.most_lines = lines
            self._refit()

    def text_height(self) -> int:
        """The label's height at the width it has (or would have, not shown yet)."""
        width = self.viewport().width() if self.isVisible() else self.label.sizeHint().width()
        height = self.label.heightForWidth(max(width, 1))
        return height if height >= 0 else self.label.sizeHint().height()

    def height_at(self, width: int, lines: int | None = None) -> int:
        """Its height at ``width`` showing up to ``lines`` (its most) lines: what a page
        sharing its room asks before it is laid out (a note just shown has no width yet)."""
        frame = 2 * self.frameWidth()
        most = self.line_height() * (self.most_lines if lines is None else lines) + frame
        text = self.label.heightForWidth(max(width - frame, 1))
        return min(text + frame if text >= 0 else self.label.sizeHint().height() + frame, most)

    def least_height_at(self, width: int) -> int:
        return min(self.height_at(width), self.height_at(width, self.least_lines))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # its frame too (a transparent one, for the focus): without it a note that fitted
        # was two pixels short, and scrolled
        return QSize(self.label.sizeHint().width(),
                     min(self.text_height() + 2 * self.frameWidth(), self.most_height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # a low screen may take it down to two lines (scrolled) before the rows below
        least = self.line_height() * self.least_lines + 2 * self.frameWidth()
        return QSize(0, min(self.text_height() + 2 * self.frameWidth(), least))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.viewport() and event.type() == QEvent.Type.LayoutRequest:
            self._refit()
        elif watched is self.label and event.type() in (QEvent.Type.ShowToParent,
                                                        QEvent.Type.HideToParent):
            shown = event.type() == QEvent.Type.ShowToParent
            if not shown or self.parentWidget() is not None:  # never a window of its own
                self.setVisible(shown)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # wrapped anew: another height
            self._refit()

    def _refit(self) -> None:
        more = self.text_height() > self.most_height() - 2 * self.frameWidth()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if more else Qt.FocusPolicy.NoFocus)
        self.updateGeometry()
