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

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from . import dialogs


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
