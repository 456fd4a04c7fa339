"""A read-only table model over a short list of rows (studios, units, enterprises).

For lists that stay small (hundreds); it sorts itself on keys computed once per
load, so no proxy model is involved. The register's applications and people,
which can grow large, use id-holding SQL models instead.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[int, tuple[str, ...], str]] = []  # id, cells, tooltip
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: list[tuple[int, tuple[str, ...], str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._apply_sort()
        self.endResetModel()

    def _apply_sort(self) -> None:
        column, order = self._sort
        self.rows.sort(key=lambda r: _key(r[1][column]),
                       reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.beginResetModel()
        self._sort = (column, order)
        self._apply_sort()
        self.endResetModel()

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
        if not index.isValid():
            return None
        row_id, cells, tip = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == ID_ROLE:
            return row_id
        return None

    def id_at(self, row: int) -> int | None:
        return self.rows[row][0] if 0 <= row < len(self.rows) else None

    def row_of(self, row_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r[0] == row_id), None)


def _key(cell: str) -> tuple[int, Any]:
    """Numbers (also ¥-amounts) by value, text by text, blanks last."""
    if not cell:
        return (2, "")
    digits = cell.replace("¥", "").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return (1, cell)
    return (0, value) if value.is_finite() else (1, cell)
