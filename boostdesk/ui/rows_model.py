"""A read-only table model over a list of rows computed by the domain (studios, units,
projects under review, the publicity list, payments due).

It sorts itself on keys computed once per sort, so no proxy model is involved; a list
whose order means something (a ranking) stays in the order given until a header is
clicked (``sorted_on_load=False``). The register's applications and people, which
grow large, use id-holding SQL models instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boostdesk.pinyin_order import sort_key

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole.value
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, ID_ROLE, _FOREGROUND, _DESCRIPTION,
                       Qt.ItemDataRole.TextAlignmentRole.value})


def tip_heard(model: Any, index: Index) -> str | None:
    """A cell's tooltip as its accessible description, where it says more than the cell:
    a tooltip needs a mouse, a screen reader reads the description of the cell the
    keyboard is on (the split of a payment, why it waits, a 回避's reason)."""
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    if not tip:
        return None
    text = model.data(index, Qt.ItemDataRole.DisplayRole)
    return None if str(tip).strip() == str(text or "").strip() else str(tip)


class Row(NamedTuple):
    """One row: its id (ID_ROLE), the cells' texts, the row's tooltip, and per column a
    tooltip of its own or a text colour (``"#c62828"``)."""

    id: Any
    cells: tuple[str, ...]
    tip: str = ""
    cell_tips: dict[int, str] | None = None
    colours: dict[int, str] | None = None


class RowsModel(QAbstractTableModel):
    # A cell's size is its text's in its column: no role answered here (a colour, a
    # tooltip, the alignment of a column) changes it. The lists measuring their columns
    # keep each text's width across searches (``panel_common.MeasuredList``); a subclass
    # answering a font, an icon or a check box for some cells sets this False.
    sized_by_text = True

    def __init__(self, headers: Sequence[str], parent: Any = None, *,
                 right: Iterable[int] = (), sorted_on_load: bool = True) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self.rows: list[Row] = []
        self.right = frozenset(right)  # columns of numbers and amounts, aligned right
        self._sort: tuple[int, Qt.SortOrder] | None = (
            (0, Qt.SortOrder.AscendingOrder) if sorted_on_load else None)
        # each cell text's sort key, by column, made once: a screen searching its rows
        # sets them again at each search (工作室, 14,000 studios: ≈ 0.1–0.3 s of pinyin
        # keys a keystroke, the window frozen)
        self._keys_made: dict[int, dict[str, Any]] = {}
        self._most = 0  # the most rows set (a search's few rows keep the others' keys)

    @property
    def is_sorted(self) -> bool:
        """The rows are in a column's order (sorted on load or a header clicked), not the
        order given."""
        return self._sort is not None

    def set_headers(self, headers: Sequence[str], right: Iterable[int] = ()) -> None:
        self.beginResetModel()
        self.headers = tuple(headers)
        self.right = frozenset(right)
        self.rows = []
        self._keys_made.clear()
        self.endResetModel()

    def set_rows(self, rows: Iterable[Row | tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.rows = [r if type(r) is Row else Row(*r) for r in rows]
        self._apply_sort()
        self.endResetModel()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        keys = self._keys_made.setdefault(column, {})
        self._most = max(self._most, len(self.rows))
        if len(keys) > 2 * self._most + 1000:  # texts no longer shown: made afresh
            keys.clear()
        for row in self.rows:
            cell = row.cells[column]
            if cell not in keys:
                keys[cell] = _key(cell)
        self.rows.sort(key=lambda r: keys[r.cells[column]],
                       reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the rows move (a layout change, not a reset), so the current
        row and the selection move with them."""
        if not 0 <= column < len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self.rows[i.row()].id for i in old]
        self._sort = (column, order)
        self._apply_sort()
        moved = {r.id: n for n, r in enumerate(self.rows)}
        self.changePersistentIndexList(
            old, [self.index(moved[row_id], i.column()) for row_id, i in zip(ids, old, strict=True)])
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks each cell for eight or so roles and a list sized to its contents
        # measures hundreds of rows at each search: the roles not answered leave first.
        if role not in _ANSWERED or not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            return row.cells[column]
        if role == _TOOLTIP:
            tip = row.cell_tips.get(column) if row.cell_tips else None
            return tip or row.tip or None
        if role == ID_ROLE:
            return row.id
        if role == _FOREGROUND:
            colour = row.colours.get(column) if row.colours else None
            return self._brush(colour) if colour else None
        if role == _DESCRIPTION:
            return tip_heard(self, index)  # a subclass's tooltip too (拨付's, written when asked)
        return _RIGHT if column in self.right else None  # TextAlignmentRole

    def _brush(self, colour: str) -> Any:
        return brush(colour)

    def id_at(self, row: int) -> Any:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, row_id: Any) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == row_id), None)

    def text(self, row: int, column: int) -> str:
        """The cell's text (tests, copying)."""
        return self.rows[row].cells[column]

    def copy_texts(self, rows: Iterable[int], columns: Sequence[int]) -> Iterator[list[str]]:
        """The texts shown in these cells, straight from the rows (``copy_rows``)."""
        shown = self.rows
        for r in rows:
            cells = shown[r].cells
            yield [cells[c] for c in columns]


def brush(colour: str) -> Any:
    """The QBrush of a colour such as ``"#c62828"`` as shown on the application's palette
    (``style.themed``: a dark palette takes its readable counterpart)."""
    from .style import themed

    return _brush(themed(colour))


@lru_cache(maxsize=64)
def _brush(colour: str) -> Any:
    """Made once: a view asks on every paint."""
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour))


def _key(cell: str) -> tuple[int, Any]:
    """Numbers (also ¥-amounts) by value, text in pinyin order, blanks last."""
    if not cell:
        return (2, "")
    digits = cell.replace("¥", "").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return (1, sort_key(cell))
    return (0, value) if value.is_finite() else (1, sort_key(cell))
