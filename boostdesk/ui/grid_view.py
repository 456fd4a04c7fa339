"""A grid typed into cell by cell whose Tab leaves it at the end.

A QTableView's Tab walks its cells and wraps from the last back to the first (Shift+Tab
the other way), so a keyboard never left an editable grid: 设置's tiers hid the seal, the
clauses and 保存本年度计划 behind them, the scoring grid its own buttons. Here Tab (or
Enter) on the last cell one can type in, and Shift+Tab on the first, go on to the next
control, as they do everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

_NEXT = QAbstractItemView.CursorAction.MoveNext
_PREVIOUS = QAbstractItemView.CursorAction.MovePrevious
_HINT = QAbstractItemDelegate.EndEditHint


class GridView(QTableView):
    def _at_end(self, forward: bool) -> bool:
        """Whether the current cell is the last (first) one Tab stops on."""
        model, current = self.model(), self.currentIndex()
        if model is None or not current.isValid():
            return False
        rows, cols = model.rowCount(), model.columnCount()
        order = range(rows * cols - 1, -1, -1) if forward else range(rows * cols)
        cells = (model.index(n // cols, n % cols) for n in order)  # from the end it leaves at
        editable = (i for i in cells if model.flags(i) & Qt.ItemFlag.ItemIsEditable)
        corner = model.index(rows - 1, cols - 1) if forward else model.index(0, 0)
        return next(editable, corner) == current  # a grid with nothing to type: its corner

    def moveCursor(self, action: Any, modifiers: Any) -> QModelIndex:  # noqa: N802 - Qt's name
        if action in (_NEXT, _PREVIOUS) and self._at_end(action == _NEXT):
            return self.currentIndex()  # not moved: Tab goes on to the next control
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor: Any, hint: Any) -> None:  # noqa: N802 - Qt's name
        forward = hint == _HINT.EditNextItem
        if hint in (_HINT.EditNextItem, _HINT.EditPreviousItem) and self._at_end(forward):
            super().closeEditor(editor, _HINT.NoHint)
            if forward:
                self.focusNextChild()
            else:
                self.focusPreviousChild()
            return
        super().closeEditor(editor, hint)


class NamedEditors(QStyledItemDelegate):
    """Cell editors named after their row and column header (“第 1 档 金额（元）”): a
    screen reader on a cell's editor heard its value alone, never which column it was."""

    def __init__(self, view: QAbstractItemView, row_name: Callable[[int], str]) -> None:
        super().__init__(view)
        self._row_name = row_name

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        model = index.model()
        header = model.headerData(index.column(), Qt.Orientation.Horizontal) if model else ""
        editor.setAccessibleName(f"{self._row_name(index.row())} {header or ''}".strip())
        return editor
