"""A table model over the register that holds ids, not rows (after Anki's browser DataModel).

A search is one SQL query returning ids in display order and one model reset;
``rowCount`` grows by ``fetchMore`` as the view scrolls; a row is built the
first time the view asks for it, a block of rows per query, into a small cache
that a change simply clears. ``data`` does nothing beyond a cache lookup.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.rules.findings import SEVERITY_ZH

from . import queries
from .queries import Filters, RowData, StreamSpec
from .style import VERDICT_COLOUR, VERDICT_TINT, show_money, verdict_icon

ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def findings_tooltip(verdict: str, findings: list[dict[str, Any]]) -> str:
    head = queries.VERDICT_ZH[verdict]
    if not findings:
        return head if verdict != queries.UNCHECKED else "尚未核对（按 F5 重新核对）"
    from boostdesk.safety.privacy import mask_text  # a finding may quote a typed number

    lines = [f"{SEVERITY_ZH.get(f['severity'], f['severity'])}：{mask_text(f['message'])}"
             for f in findings]
    return head + "\n" + "\n".join(lines)


class ApplicationModel(QAbstractTableModel):
    FETCH_CHUNK = 200  # rows added to the view per fetchMore
    BLOCK = 100  # rows built per query
    CACHE_LIMIT = 3000

    def __init__(self, reg: Any, spec: StreamSpec, year: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.spec = spec
        self.year = year
        self.filters = Filters()
        self.sort_key = "id"
        self.descending = False
        self.deadline: date | None = None
        self._ids: list[int] = []
        self._loaded = 0
        self._cache: dict[int, RowData] = {}

    # -- searching ----------------------------------------------------------
    def search(self, filters: Filters | None = None, year: int | None = None) -> None:
        """Run the search again (new filters, year, or data) as one model reset."""
        if filters is not None:
            self.filters = filters
        if year is not None:
            self.year = year
        self.beginResetModel()
        self._ids = queries.search_ids(self.reg, self.spec, self.year, self.filters,
                                       self.sort_key, self.descending)
        self._loaded = min(len(self._ids), self.FETCH_CHUNK)
        self._cache.clear()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        self.sort_key = self.spec.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.search()

    @property
    def total(self) -> int:
        """Matches of the search (``rowCount`` may show fewer until the view scrolls)."""
        return len(self._ids)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < self._loaded else None

    def row_of(self, app_id: int) -> int | None:
        """Row of an id, fetching rows up to it if needed; None when not in the search."""
        try:
            row = self._ids.index(app_id)
        except ValueError:
            return None
        if row >= self._loaded:
            self.beginInsertRows(QModelIndex(), self._loaded, row)
            self._loaded = row + 1
            self.endInsertRows()
        return row

    def row_data(self, row: int) -> RowData | None:
        app_id = self.id_at(row)
        if app_id is None:
            return None
        cached = self._cache.get(app_id)
        if cached is None:
            self._load_block(row)
            cached = self._cache.get(app_id)
        return cached

    def _load_block(self, row: int) -> None:
        if len(self._cache) > self.CACHE_LIMIT:
            self._cache.clear()
        start = row - row % self.BLOCK
        block = [i for i in self._ids[start:start + self.BLOCK] if i not in self._cache]
        self._cache.update(queries.load_rows(self.reg, self.spec, block))

    def invalidate(self) -> None:
        """Data changed outside: rows are rebuilt on next view."""
        self._cache.clear()
        if self._loaded:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._loaded - 1, self.columnCount() - 1))

    # -- Qt model -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(self.FETCH_CHUNK, len(self._ids) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.spec.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = self.spec.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column.kind, column.key, row)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = findings_tooltip(row.verdict, row.findings)
            if column.key == "received" and self._late(row):
                tip = f"逾期报送：晚于截止日 {self.deadline.isoformat()}\n{tip}"  # type: ignore[union-attr]
            return tip
        if role == Qt.ItemDataRole.DecorationRole and column.kind == "verdict":
            return verdict_icon(row.verdict)
        if role == Qt.ItemDataRole.BackgroundRole:
            return VERDICT_TINT[row.verdict]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.kind == "verdict":
                return VERDICT_COLOUR[row.verdict]
            if column.key == "received" and self._late(row):
                return VERDICT_COLOUR[queries.REFUSED]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in ("money", "id"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        if role == VERDICT_ROLE:
            return row.verdict
        return None

    def _late(self, row: RowData) -> bool:
        received = row.values.get("received")
        return bool(received and self.deadline and received > self.deadline.isoformat())

    def _display(self, kind: str, key: str, row: RowData) -> str:
        if kind == "verdict":
            return queries.VERDICT_ZH[row.verdict]
        value = row.values.get(key)
        if value is None:
            return ""
        if kind == "status":
            return STATUS_ZH.get(value, value)
        if kind == "level":
            return LEVEL_ZH.get(value, value)
        if kind == "money":
            return show_money(value)
        if key == "received" and self._late(row):
            return f"{value}（逾期）"
        return str(value)
