"""What the 专家评审 tabs share: a list over a model, the error line under a tab, a row's
cell texts and the widths and wordings every tab keeps alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from .elided_tips import tip_when_elided
from .grid_view import GridView
from .many_rows import ListView, select_many
from .small_screen import NoteLabel
from .style import ERROR_COLOUR, WARNING_COLOUR
from .theme import themed

# Columns fit the texts of this many rows (from the first in view), not of Qt's 1,000: the
# model answers in Python, and the header measures again on each reload and selection.
MEASURED_ROWS = 200
TITLE_WIDEST = 260  # a project title column no wider: a longer title is elided, tooltip whole


class MeasuredList(ListView):
    """A list whose columns, sized to their contents, are measured once per change of its
    rows: Qt measures a column again whenever the header lays out (a scroll bar coming,
    a findings line growing under it), each time asking the model for every measured cell
    through Python — three times a keystroke on 资格审核 when a search found many rows
    after few (≈ 60 ms). The same rows in view give the same widths: Qt's own measure,
    kept until the rows, their order or what is in view change.

    A list of ``RowsModel`` rows (``sized_by_text``: a cell's width is its text's in its
    column) is measured over the rows Qt would measure, each text's width asked of the
    delegate once and kept across searches and reloads: Qt's measure asked the model for
    some eight roles of each of 200 rows × 7 columns at every keystroke on 资格审核
    (≈ 20 ms of its 26 at 100,000 applications), and a search finds rows measured before."""

    WIDTHS_KEPT = 50_000  # texts' widths kept (a dict entry each; the texts are the rows')

    def __init__(self) -> None:
        super().__init__()
        self._measured: dict[tuple[Any, ...], int] = {}
        self._widths: dict[tuple[int, str], int] = {}  # (column, text) → the delegate's width
        self._widths_for: tuple[Any, ...] = ()  # what those widths were measured with

    def _forget(self) -> None:
        self._measured.clear()
        self._widths.clear()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        self._forget()
        if model is not None:
            for signal in (model.modelReset, model.layoutChanged, model.dataChanged,
                           model.rowsInserted, model.rowsRemoved, model.rowsMoved,
                           model.columnsInserted, model.columnsRemoved,
                           model.headerDataChanged):
                signal.connect(self._measured.clear)

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:  # noqa: N802
        super().setItemDelegate(delegate)
        self._forget()

    def setItemDelegateForColumn(self, column: int,  # noqa: N802 - Qt's name
                                 delegate: QAbstractItemDelegate) -> None:
        super().setItemDelegateForColumn(column, delegate)
        self._forget()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._forget()
        super().changeEvent(event)

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802 - Qt's name
        rows = self.verticalHeader()
        key = (column, rows.visualIndexAt(0), rows.visualIndexAt(self.viewport().height()),
               self.isVisible(), self.showGrid(), self.font().key(),
               self.horizontalHeader().resizeContentsPrecision())
        width = self._measured.get(key)
        if width is None:
            width = self._measured[key] = self._measure(column)
        return width

    def _measure(self, column: int) -> int:
        """Qt's ``QTableView.sizeHintForColumn``: the widest of the rows it measures."""
        model = self.model()
        header = self.verticalHeader()
        if (not getattr(model, "sized_by_text", False) or header.sectionsHidden()
                or header.sectionsMoved()):
            return super().sizeHintForColumn(column)
        shown: list[Any] = model.rows  # type: ignore[attr-defined]  # a RowsModel's
        first, last = measured_rows(
            len(shown), header.visualIndexAt(0), header.visualIndexAt(self.viewport().height()),
            self.isVisible(), self.horizontalHeader().resizeContentsPrecision())
        self.ensurePolished()
        context = (self.font().key(), self.wordWrap(), self.iconSize().toTuple(),
                   self.style().objectName())
        widths = self._widths
        if context != self._widths_for or len(widths) > self.WIDTHS_KEPT:
            widths.clear()
            self._widths_for = context
        option: QStyleOptionViewItem | None = None
        hint = 0
        for row in range(first, last + 1):
            text = shown[row].cells[column]
            width = widths.get((column, text))
            if width is None:
                if option is None:
                    option = QStyleOptionViewItem()
                    self.initViewItemOption(option)
                index = model.index(row, column)  # type: ignore[union-attr]
                width = widths[(column, text)] = self.itemDelegateForIndex(index).sizeHint(
                    option, index).width()
            if width > hint:
                hint = width
        return hint + 1 if self.showGrid() else hint


def measured_rows(count: int, top: int, bottom: int, visible: bool,
                  precision: int) -> tuple[int, int]:
    """The first and last of the ``count`` rows Qt's ``sizeHintForColumn`` measures (no
    hidden or moved rows): those in view (``top``, ``bottom``: the header's visual
    indexes at the viewport's top and bottom edges), ``precision`` of them at most, then
    one by one below and above until ``precision`` are measured; every row for a negative
    precision, those in view for 0."""
    top = max(0, top)
    if not visible or bottom == -1:
        bottom = count - 1
    if precision < 0:
        return 0, count - 1
    last = min(bottom, count - 1) if precision == 0 else min(bottom, top + precision - 1)
    done = max(0, last - top + 1)
    first = top
    while precision and done < precision and (first > 0 or last < count - 1):
        if (done % 2 and first > 0) or last == count - 1:
            first -= 1
        else:
            last += 1
        done += 1
    return first, last


def list_view(model: QAbstractItemModel, *, rows_select: bool = True,
              sortable: bool = False) -> QTableView:
    """A list over ``model``: columns sized to their contents, the last one stretched;
    with ``sortable`` a header click sorts (the model keeps the order given until then)."""
    view = MeasuredList() if rows_select else GridView()  # a grid typed into: Tab leaves at its end
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows_select:
        select_many(view)  # Shift / Ctrl+click, Ctrl+A: Ctrl+C copies them all
        view.setTabKeyNavigation(False)  # Tab leaves a list of rows (↑↓ move in it)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(MEASURED_ROWS)
    # A 60-character title took the room of the scores and tiers beside it: cut, and
    # shown whole when pointed at.
    header.setMaximumSectionSize(TITLE_WIDEST)
    tip_when_elided(view)
    view.setWordWrap(False)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # no sort until a click
        view.setSortingEnabled(True)
    return view


def back_to_list(view: QWidget) -> None:
    """A decision made (a button, its dialog): the keyboard back on the list, on the row
    the cursor went to. A button greyed by its own click hands the keyboard to the next
    widget of the chain, often the navigation: the next ↓ opened another screen."""
    view.activateWindow()
    view.setFocus(Qt.FocusReason.OtherFocusReason)


def error_label() -> QLabel:
    label = NoteLabel()
    label.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed (“<b>王</b>”)
    return label


def warning_label() -> QLabel:
    """A line that asks the office to do something before it is too late (not an error)."""
    label = NoteLabel()
    label.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


NO_EXPERTS = "尚无评审专家：先在“评审组与评分细则”中添加专家（姓名、工作单位）"


def cell_texts(*values: object) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in values)
