"""The year's plan line in the main toolbar (年度 ▾, then the plan's title and dates), kept
in view at a large text size.

At 18 pt in a 960-wide window the line (title　报送截止 …　授权期间 … 至 …) is wider than
the toolbar leaves it: Qt put it behind the toolbar's » button, and the clerk could not
see which year's plan she was typing into. Where the line does not fit, it goes on to a
second (third) line at its parts' seams, and the toolbar grows as high as it; where it
fits, it is the one line it always was."""

from __future__ import annotations

from collections.abc import Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

SEAM = "　"  # between the line's parts, as it was always written
_SLACK = 48  # px: more than the toolbar style's item spacing, margin and frame, twice


class PlanLine(QObject):
    """Fits ``label`` (the toolbar's last widget, after ``before``) to the room the
    ``toolbar`` leaves it, each time the toolbar is resized or the text changes."""

    def __init__(self, toolbar: QToolBar, before: QWidget, label: QLabel) -> None:
        super().__init__(toolbar)
        self.toolbar, self.before, self.label = toolbar, before, label
        self.parts: list[str] = []
        toolbar.installEventFilter(self)
        label.installEventFilter(self)

    def show_parts(self, parts: Sequence[str]) -> None:
        """The line's parts (title, deadline, window): one line where they fit."""
        self.parts = [p for p in parts if p]
        self.fit()

    def room(self) -> int:
        """The width the toolbar leaves the label after ``before`` (its padding in it)."""
        from PySide6.QtWidgets import QStyle  # only when close: building it costs the start ≈ 4 ms

        style = self.toolbar.style()
        gap = (style.pixelMetric(QStyle.PixelMetric.PM_ToolBarItemSpacing, None, self.toolbar)
               + style.pixelMetric(QStyle.PixelMetric.PM_ToolBarItemMargin, None, self.toolbar)
               + style.pixelMetric(QStyle.PixelMetric.PM_ToolBarFrameWidth, None, self.toolbar))
        before = self.before.mapTo(self.toolbar, self.before.rect().topRight()).x() + 1
        padding = self.label.sizeHint().width() - self._text_width(self.label.text())
        return self.toolbar.width() - before - 2 * gap - max(0, padding)

    def _clearly_fits(self, one: str) -> bool:
        before = self.before.mapTo(self.toolbar, self.before.rect().topRight()).x() + 1
        spare = self.toolbar.width() - before - self.label.sizeHint().width() \
            + self._text_width(self.label.text())  # the label's padding left in
        return self.label.fontMetrics().horizontalAdvance(one) + _SLACK <= spare

    def _text_width(self, text: str) -> int:
        metrics = self.label.fontMetrics()
        return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)

    def lines(self, room: int) -> list[str]:
        """The parts in lines no wider than ``room`` (a part wider than it on its own)."""
        metrics = self.label.fontMetrics()
        out: list[str] = []
        for part in self.parts:
            joined = f"{out[-1]}{SEAM}{part}" if out else part
            if out and metrics.horizontalAdvance(joined) <= room:
                out[-1] = joined
            else:
                out.append(part)
        return out

    def fit(self) -> None:
        if not self.parts:
            self.label.setText("")
            return
        one = SEAM.join(self.parts)
        # not laid out yet, or clearly room for it (the usual sizes: the style's gaps, a few
        # pixels, not asked for): the one line, as always
        if not self.toolbar.isVisible() or self._clearly_fits(one) \
                or self.label.fontMetrics().horizontalAdvance(one) <= self.room():
            text = one
        else:
            text = "\n".join(self.lines(self.room()))
        if text != self.label.text():
            self.label.setText(text)
            # the label behind the » button is hidden: its new size would not reach the
            # toolbar, which would keep it there
            layout = self.toolbar.layout()
            if layout is not None:
                layout.invalidate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # the label told of the font's change while its toolbar is being deleted
        if not (shiboken6.isValid(self.toolbar) and shiboken6.isValid(self.label)):
            return False
        if ((watched is self.toolbar and event.type() in (QEvent.Type.Resize, QEvent.Type.Show))
                or (watched is self.label and event.type() == QEvent.Type.FontChange)):
            self.fit()
        return False
