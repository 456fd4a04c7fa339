"""Columns as wide as their texts, measured on the model's rows rather than by the view.

``QHeaderView.ResizeToContents`` asks the model for the size of every cell of every row,
through Python, on each load (seconds at 20,000 rows); the widest text of a column is
among its longest, so a few dozen are measured instead.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from operator import attrgetter, itemgetter

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

from .rows_model import RowsModel

SAMPLE = 40  # the longest texts of a column measured for its width
CELL_PADDING = 16  # the item's margins around its text


def fit_columns(view: QTableView, model: RowsModel, *, skip: Container[int] = (),
                widest: int | None = None) -> None:
    """Each column but ``skip`` and the stretching ones as wide as its widest text (at
    most ``widest`` pixels: a longer text is elided), never narrower than its header."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    longest = _longest(model)
    for column in range(len(model.headers)):
        if column in skip or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        texts = longest(column)
        width = max((metrics.horizontalAdvance(t) for t in texts), default=0) + CELL_PADDING
        if widest is not None:
            width = min(width, widest)
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))


def _longest(model: RowsModel) -> Callable[[int], set[str]]:
    """Each column's longest texts (at most SAMPLE) among the model's rows, read once for
    the rows shown and kept on the model while they are (the list, of the same length: a
    search or a load makes another): a screen fits again when its view is resized (twice
    as 拨付 opens), and 100,000 rows' cells were walked in Python for each column at each
    fit (0.25 s of 拨付's opening at 100,000 lines)."""
    rows = model.rows
    kept = getattr(model, "_longest_texts", None)
    if kept is None or kept[0] is not rows or kept[1] != len(rows):
        kept = (rows, len(rows), {})
        model._longest_texts = kept  # type: ignore[attr-defined]
    found: dict[int, set[str]] = kept[2]
    cells: list[Sequence[str]] = []

    def texts(column: int) -> set[str]:
        if column not in found:
            if not cells:
                cells.extend(map(_cells, rows))
            distinct = set(map(itemgetter(column), cells))  # C loops, no Python step a row
            # as heapq.nlargest(SAMPLE, distinct, key=len) (its documented equivalent),
            # without its Python loop over 100,000 names
            found[column] = (set(sorted(distinct, key=len, reverse=True)[:SAMPLE])
                             if len(distinct) > SAMPLE else distinct)
        return found[column]

    return texts


_cells = attrgetter("cells")


class NamesGiveWay(QObject):
    """On a narrow window the name columns (cut, whole when pointed at) give way so the
    columns up to ``through`` — the figures they name — stay in view: the header's
    maximum section size is the room those others leave, shared, between ``floor`` and
    ``cap``. (At 1280×720 ×1.5, 排名与档次's title and studio at their full 260 pixels
    each pushed 得分 and 拟助推档次 off to the right.) ``after`` (pixels, asked at each
    fit: the font may have changed) is kept for the columns after ``through`` too (排名与档次's
    理由, squeezed to 19 pixels at 1366×768 ×1.5)."""

    def __init__(self, view: QTableView, names: tuple[int, ...], through: int, *,
                 cap: int, floor: int = 120, roomy: int | None = None,
                 refit: Callable[[], None] | None = None,
                 after: Callable[[], int] | None = None, own: bool = False) -> None:
        super().__init__(view)
        self.view, self.names, self.through = view, names, through
        # ``own``: only the name columns are held (each as wide as its text, at most the
        # room): the header's maximum held every column, so a figure wider than the names'
        # share (资格审核不通过 beside three names at 1366×768 ×1.5) was cut with them
        self.own = own
        self.after = after
        self.cap, self.floor = cap, floor
        # the maximum when there is room for ``cap`` each: a stretching name column
        # (公示's title) takes the rest, the others being held to ``cap`` by their fitting
        self.roomy = cap if roomy is None else roomy
        self.refit = refit  # columns sized by hand (fit_columns) grow back only when told
        self.share = cap  # the room each name column has now (pixels), for ``refit``
        view.viewport().installEventFilter(self)  # the view's own Resize comes only once
        if own:
            header = view.horizontalHeader()
            for column in names:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        else:
            view.horizontalHeader().setMaximumSectionSize(self.roomy)
        view.model().modelReset.connect(self.fit)  # new rows: the figures' widths change

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(self.through + 1)
                     if c not in self.names)
        if self.after is not None:
            others += self.after()
        room = (self.view.viewport().width() - others) // len(self.names)
        widest = self.roomy if room >= self.cap else max(self.floor, room)
        if self.own:
            for column in self.names:
                natural = max(self.view.sizeHintForColumn(column),
                              header.sectionSizeHint(column))
                header.resizeSection(column, min(natural, widest))
            return
        grown = widest > header.maximumSectionSize() or max(self.cap, room) > self.share
        self.share = max(self.cap, room)
        if widest != header.maximumSectionSize():
            header.setMaximumSectionSize(widest)
        if grown and self.refit is not None:
            self.refit()
