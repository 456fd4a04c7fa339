"""Lists that select several rows, as 专利助推 does: Shift+click, Ctrl+click, Shift+↑↓ and
Ctrl+A, so that Ctrl+C (``copy_rows``) copies twenty people at once, not one.

What belongs to one row keeps to the current row (the one the detail pane shows, where
the keyboard is): Enter / F2 / a double click open it, as 专利助推's Enter opens its
paper. A change made to exactly one row (删除, 移到其他年度 on 专利助推; here 登记异议,
不通过资格审核, 删除专家…) asked while several are selected does nothing and says why
(``one_row_only``), as 专利助推's 删除 does: acting on the current row alone, a clerk who
selected five would think five were done.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from . import dialogs

_FLAG = QItemSelectionModel.SelectionFlag
_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
_TO_AN_END = (Qt.Key.Key_Home, Qt.Key.Key_End)


class ListView(QTableView):
    """The view of every list of rows. Ctrl+Shift+End / Ctrl+Shift+Home select from the
    row the selection started on to the last / first row, as Excel and Explorer do: Qt
    moves the cursor there and leaves the selection where it was (it reads any Ctrl with
    a move as “cursor only”), so the rows a clerk saw the cursor pass were not the ones
    Ctrl+C or Ctrl+M took. And Ctrl+End (with Shift or not) goes to the last row the list
    holds, not the last fetched so far: a model that fetches rows on demand puts all its
    rows in the view first (``fetch_to_end``: the count it knows, no row's data read), a
    search still counting finishes (``finish``), as Ctrl+C does; the cursor keeps its
    column (Qt's went to the last cell, the list scrolled sideways)."""

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 - Qt's name
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if action == QAbstractItemView.CursorAction.MoveEnd and ctrl:
            to_the_end(self.model())
        moved = super().moveCursor(action, modifiers)
        current = self.currentIndex()
        if (ctrl and action in _ENDS and moved.isValid() and current.isValid()
                and self.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows):
            # Qt's Ctrl+End is the last row's last cell: a list of rows scrolled sideways to
            # its last column, the titles and numbers out of view; the column stays
            return moved.siblingAtColumn(current.column())
        return moved

    def selectionCommand(self, index: Any,  # noqa: N802 - Qt's name
                         event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:
        if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in _TO_AN_END
                and event.modifiers() & _CTRL_SHIFT == _CTRL_SHIFT
                and self.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection):
            # as Shift+↓ does: the range from the selection's start to the new current row
            return _FLAG.SelectCurrent | _BEHAVIOUR.get(self.selectionBehavior(), _FLAG.NoUpdate)
        return super().selectionCommand(index, event)


_ENDS = (QAbstractItemView.CursorAction.MoveEnd, QAbstractItemView.CursorAction.MoveHome)
_BEHAVIOUR = {QAbstractItemView.SelectionBehavior.SelectRows: _FLAG.Rows,
              QAbstractItemView.SelectionBehavior.SelectColumns: _FLAG.Columns}


def to_the_end(model: Any) -> None:
    """Every row of ``model`` in its view: a search still counting finished, the rows a
    model fetches on demand put in at once (their data is read only when shown)."""
    if model is None:
        return
    if getattr(model, "counting", False) and hasattr(model, "finish"):
        model.finish()
    fetch = getattr(model, "fetch_to_end", None)
    if fetch is not None:
        fetch()


def select_many(view: QTableView) -> None:
    """Let ``view`` (over its model already) select several rows."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    # As on 专利助推: a header asks, on each repaint, whether each of its columns is wholly
    # selected (seconds once Ctrl+A spans tens of thousands of people); rows are what is
    # selected here, so the header gets a selection of its own that nothing fills.
    header = view.horizontalHeader()
    header.setSelectionModel(QItemSelectionModel(view.model(), header))
    header.setHighlightSections(False)
    view.installEventFilter(_RowOnArrival(view))


class _RowOnArrival(QObject):
    """A list the keyboard Tabs into with nothing selected selects the row its cursor is
    on (the first): Qt leaves that row unselected, the panes and buttons showed nothing,
    and ↓ went on to the second row as if the first had been seen."""

    KEYBOARD = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent)
                and event.reason() in self.KEYBOARD and isinstance(watched, QTableView)):
            self._select_current(watched)
        return False

    @staticmethod
    def _select_current(view: QTableView) -> None:
        model, selection = view.model(), view.selectionModel()
        if model is None or selection is None or selection.hasSelection():
            return
        if model.rowCount() == 0:
            return
        current = view.currentIndex()
        index = current if current.isValid() else model.index(0, 0)
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)


def selected_count(view: QTableView) -> int:
    """Rows selected, from the selection's ranges (Ctrl+A over thousands makes one); a
    row a moved header cut into several ranges counted once."""
    model = view.selectionModel()
    if model is None:
        return 0
    count, reached = 0, -1
    for top, bottom in sorted((r.top(), r.bottom()) for r in model.selection()):  # type: ignore[attr-defined]  # iterable; the stubs say not
        if bottom > reached:
            count += bottom - max(top, reached + 1) + 1
            reached = bottom
    return count


def one_row_only(parent: QWidget, view: QTableView, title: str, why: str) -> bool:
    """True when at most one row of ``view`` is selected; else nothing is done and the
    clerk is told ``why`` (“删除一次只删一位专家，请只选中要删除的那一位”), after how
    many rows are selected."""
    count = selected_count(view)
    if count <= 1:
        return True
    dialogs.show_error(parent, title, f"已选中 {count} 行：{why}")
    return False
