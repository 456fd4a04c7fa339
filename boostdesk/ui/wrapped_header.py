"""A list's column headings on two lines where a column is narrower than its heading.

At 18 pt in a 960-wide window 公示's name columns give way to 120 pixels (NamesGiveWay):
职工创新工作室 showed as 工创新工作, cut at both ends, and the objections' 处理意见 as
处理意. A heading wider than its column now goes on to a second line (职工创新 / 工作室),
broken between characters where its halves are most even, and the header is as high as
its tallest heading. A heading that fits is drawn as it always was, and a header whose
headings all fit is as high as it always was."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget


class WrappedHeader(QHeaderView):
    """A horizontal header (clickable and highlighting, as a QTableView's own) whose
    headings wrap to the width of their sections. ``relined`` when its height changed."""

    relined = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._lines = 1
        # counted once the sections are all resized (a stretching one's resize is told
        # before the others': counted then, a line too many stayed)
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self._relines)
        self.sectionResized.connect(lambda *_: self._recount.start())

    def heading(self, logical: int) -> str:
        model = self.model()
        if model is None:
            return ""
        text = model.headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if text is None else str(text)

    def room(self, logical: int) -> int:
        """The width a heading has in its section (the style's margins, the sort arrow's)."""
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)
        arrow = (self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, self)
                 if self.isSortIndicatorShown() else 0)
        return self.sectionSize(logical) - 4 * margin - arrow

    def wrapped(self, logical: int) -> str:
        """The heading, with a line break where it is wider than its section."""
        text = self.heading(logical)
        metrics = self.fontMetrics()
        room = self.room(logical)
        if "\n" in text or len(text) < 2 or metrics.horizontalAdvance(text) <= room:
            return text
        # the break that makes the wider line narrowest (a Latin word or number kept whole)
        breaks = [i for i in range(1, len(text))
                  if not (text[i - 1].isascii() and text[i].isascii()) or text[i] == " "]
        if not breaks:
            return text
        at = min(breaks, key=lambda i: max(metrics.horizontalAdvance(text[:i].rstrip()),
                                             metrics.horizontalAdvance(text[i:].lstrip())))
        return f"{text[:at].rstrip()}\n{text[at:].lstrip()}"

    def lines(self) -> int:
        """The most lines a heading takes now."""
        return max((self.wrapped(c).count("\n") + 1 for c in range(self.count())
                    if not self.isSectionHidden(c)), default=1)

    def _relines(self) -> None:
        lines = self.lines()
        if lines == self._lines:
            return
        self._lines = lines
        # the cached height forgotten, the view's margin for the header set anew
        self.headerDataChanged(self.orientation(), 0, max(0, self.count() - 1))
        self.updateGeometry()
        view = self.parentWidget()
        if view is not None and hasattr(view, "updateGeometries"):
            view.updateGeometries()
        self.relined.emit()

    def sectionSizeFromContents(self, logical: int) -> QSize:  # noqa: N802 - Qt's name
        size = super().sectionSizeFromContents(logical)
        if self._lines > 1:
            size.setHeight(size.height() + (self._lines - 1) * self.fontMetrics().lineSpacing())
        return size

    def initStyleOptionForIndex(self, option: QStyleOptionHeader,  # noqa: N802 - Qt's name
                                logical: int) -> None:
        super().initStyleOptionForIndex(option, logical)
        text = self.wrapped(logical)
        if text != option.text:
            option.text = text
