"""A grid's first column kept in view while it scrolls sideways (Qt's “frozen column”):
at 1280×720 ×1.5 an expert's seven criteria do not fit beside the project's title, and a
score typed further right must still say which project its row is."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class FrozenFirstColumn(QTableView):
    """An overlay over ``table``'s left edge showing its column 0, sharing its model and
    selection; it takes no keyboard focus, so typing and Tab stay in the grid."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.setModel(table.model())
        self.setSelectionModel(table.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(table.selectionMode())
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(table.verticalScrollMode())
        self.setStyleSheet("QTableView { border: none; border-right: 1px solid #b0bec5; }")
        table.viewport().stackUnder(self)
        table.horizontalHeader().sectionResized.connect(self._column_resized)
        table.verticalHeader().sectionResized.connect(
            lambda row, _old, new: self.setRowHeight(row, new))
        self.verticalScrollBar().valueChanged.connect(table.verticalScrollBar().setValue)
        table.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        table.model().modelReset.connect(self.refit)
        # a right click on the overlay is one on the grid (its 复制 menu, copy_rows)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.refit()

    def _context_menu(self, pos: QPoint) -> None:
        if self.table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
            where = self.table.viewport().mapFromGlobal(self.viewport().mapToGlobal(pos))
            self.table.customContextMenuRequested.emit(where)

    @property
    def width_covered(self) -> int:
        return self.table.columnWidth(0)

    def refit(self) -> None:
        """Only column 0 shown, as wide and high as the grid's own."""
        for column in range(1, self.model().columnCount()):
            self.setColumnHidden(column, True)
        self.setColumnWidth(0, self.table.columnWidth(0))
        for row in range(self.model().rowCount()):
            self.setRowHeight(row, self.table.rowHeight(row))
        self.place()

    def _column_resized(self, column: int, _old: int, new: int) -> None:
        if column == 0:
            self.setColumnWidth(0, new)
            self.place()

    def place(self) -> None:
        table = self.table
        header = table.horizontalHeader()
        self.horizontalHeader().setFixedHeight(header.height())
        frame = table.frameWidth()
        self.setGeometry(table.verticalHeader().width() + frame, frame,
                         table.columnWidth(0), table.viewport().height() + header.height())
        self.setVisible(table.model().columnCount() > 1 and table.horizontalScrollBar().maximum() > 0)

    def keep_clear(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Scroll ``table`` so that the cell at ``index`` is not under the overlay."""
        if not index.isValid() or index.column() == 0 or not self.isVisible():
            return
        left = self.table.visualRect(index).left()
        if left < self.width_covered:
            bar = self.table.horizontalScrollBar()
            bar.setValue(bar.value() + left - self.width_covered)
