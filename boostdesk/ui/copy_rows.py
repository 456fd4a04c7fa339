"""Ctrl+C, and 复制 / 复制（含表头） on a right click, in a list: the selected rows (or the
selected cells' rectangle) as the list shows them — the columns shown, in the order the
header shows them, each cell's displayed text, ID and card numbers masked as on screen —
onto the clipboard as text and as an HTML table (``boostdesk.io.copy_table``), so that
Excel, WPS or a WeChat message take them as they are. The status bar says what was copied.

A model that holds more rows than its view has fetched (the register's, the people's)
gives the texts itself (``copy_texts``, ``copy_total``): every row found is copied after
Ctrl+A, as 改状态 and 导出 take them, without the view fetching them one by one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import shiboken6
from PySide6.QtCore import QMimeData, QObject, QPoint, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QTableView

from boostdesk.io.copy_table import Building, both

from . import dialogs
from .context import _ProgressDialog as ProgressDialog  # Esc cancels, as 取消 does

# Copying runs on the UI thread, from the model's own data path (a block of 2,000 rows a
# query, not the view fetching and painting them). Measured on the 2-core machine
# (benchmarks/copy_trial.py), the 专利助推 list of a 100,000-patent register, 10 columns:
# 20,000 rows 0.65–1.0 s and +52–64 MB, 50,000 rows 1.6–2.4 s and +123–137 MB, all
# 100,000 rows 3.3–6.3 s and +240–256 MB (10 M characters of text and 34 M of HTML, held
# by Python and again by Qt). And the paste is slower than the copy: LibreOffice Calc
# took a minute of CPU to read the HTML of 20,000 rows. Past 20,000 rows, then, nothing
# is copied and the clerk is told to use the list's 导出 xlsx (Ctrl+E: in the background,
# cancellable, every column of the summary table), or to narrow the list by a search
# first. Only a year's register and the people (≈ 95,000) reach that; the other lists
# (units, studios, payments, publicity, the panel) stay far below it.
MAX_ROWS_COPIED = 20_000
# From 2,000 rows a copy is built a slice at a time (14,757 rows froze the window 1.9–3.0 s
# on the loaded machine, with nothing said): the window answering between slices, a busy
# cursor, the status bar saying 正在复制 N 行…, a progress dialog with 取消 after 300 ms;
# the clipboard set once, at the end (取消 leaves it as it was). Below, it is too quick to
# show a wait.
SLICED_FROM = 2_000
SLICE_ROWS = 500  # rows a turn of the event loop at most
SLICE_SECONDS = 0.05  # and no longer than this a turn (a loaded machine)

Notice = Callable[[str], None]


def visible_columns(view: QTableView) -> list[int]:
    """The model's columns as the view shows them: the hidden left out, in the header's
    order (a column dragged elsewhere is copied where it is shown)."""
    header = view.horizontalHeader()
    logical = (header.logicalIndex(v) for v in range(header.count()))
    return [c for c in logical if c >= 0 and not view.isColumnHidden(c)]


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


class Picked:
    """What a copy takes: the rows (of the model's whole list, fetched into the view or not)
    and the columns; in a grid that selects cells, the cells selected (``cells``), the others
    inside their rectangle left blank (None: every cell)."""

    def __init__(self, rows: Sequence[int], columns: list[int], whole_rows: bool = True,
                 cells: set[tuple[int, int]] | None = None) -> None:
        self.rows = rows
        self.columns = columns
        self.whole_rows = whole_rows
        self.cells = cells


def _ranges(view: QTableView) -> list[tuple[int, int, int, int]]:
    """The selection as (top, bottom, left, right), logical; the current row or cell when
    nothing is selected."""
    selected = view.selectionModel().selection()
    ranges = [(r.top(), r.bottom(), r.left(), r.right())
              for r in (selected.at(i) for i in range(selected.count())) if r.isValid()]
    current = view.currentIndex()
    if not ranges and current.isValid():
        ranges = [(current.row(), current.row(), current.column(), current.column())]
    return ranges


def picked(view: QTableView) -> Picked | None:
    """The rows and columns selected in ``view``; None when there is nothing to copy."""
    model = view.model()
    if model is None or view.selectionModel() is None:
        return None
    ranges = _ranges(view)
    shown = visible_columns(view)
    if not ranges or not shown:
        return None
    spans = _merge((top, bottom) for top, bottom, _l, _r in ranges)
    rows: Sequence[int] = [r for first, last in spans for r in range(first, last + 1)]
    if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows:
        # whole rows, whatever ranges a moved header cut the selection into
        loaded = model.rowCount()
        total = getattr(model, "copy_total", None)
        # Ctrl+A selects the rows fetched so far; like 改状态 and 导出, it means every row found
        if total is not None and spans == [(0, loaded - 1)] and 1 < loaded < total():
            rows = range(total())
        return Picked(rows, shown)
    # a grid selecting cells (small: the scoring grids, the tiers): the cells' rectangle
    cells = {(r, c) for top, bottom, left, right in ranges
             for r in range(top, bottom + 1) for c in range(left, right + 1)}
    chosen = {c for _r, c in cells}
    columns = [c for c in shown if c in chosen]
    if not columns:
        return None
    full = len(cells) == len(rows) * len(columns)
    return Picked(rows, columns, whole_rows=False, cells=None if full else cells)


def _texts(model: Any, chosen: Picked) -> Iterator[list[str]]:
    """The cells' displayed texts: from the model's own data path where it has one."""
    if hasattr(model, "copy_texts"):
        rows: Iterable[list[str]] = model.copy_texts(chosen.rows, chosen.columns)
    else:
        display = Qt.ItemDataRole.DisplayRole

        def cell(r: int, c: int) -> str:
            value = model.data(model.index(r, c), display)
            return "" if value is None else str(value)

        rows = ([cell(r, c) for c in chosen.columns] for r in chosen.rows)
    cells = chosen.cells
    if cells is None:
        yield from rows
        return
    for r, texts in zip(chosen.rows, rows, strict=True):
        yield [t if (r, c) in cells else "" for c, t in zip(chosen.columns, texts, strict=True)]


def _new_mime_data() -> QMimeData:
    """An empty QMimeData made by Qt, not by Python. One constructed in Python is PySide's
    C++ subclass, whose destructor calls into Python; the clipboard deletes its data when
    Qt's own statics go, after Python has shut down, and the process then crashed on exit
    (a segfault after every test session that copied, offscreen; PySide 6.11). Qt's item
    models make a plain one (``mimeData``, the caller's to own), handed to the clipboard."""
    model = QStringListModel([""])
    mime = model.mimeData([model.index(0, 0)])
    for kind in mime.formats():  # the model's own drag format
        mime.removeFormat(kind)
    return mime


def describe(rows: int, columns: int, whole_rows: bool, headers: bool) -> str:
    """What the status bar says: 已复制 12 行 / 已复制 3 行 × 2 列 / 已复制 1 个单元格."""
    if whole_rows:
        what = f"{rows:,} 行"
    elif rows == 1 and columns == 1:
        what = "1 个单元格"
    else:
        what = f"{rows:,} 行 × {columns} 列"
    return f"已复制 {what}" + ("（含表头）" if headers else "")


class RowCopier(QObject):
    """Ctrl+C / Ctrl+Shift+C and the right-click menu of one view. ``export`` names the
    list's export (导出 xlsx（Ctrl+E）), offered instead past MAX_ROWS_COPIED rows."""

    def __init__(self, view: QTableView, notice: Notice, *, export: str = "") -> None:
        super().__init__(view)
        self.view = view
        self.notice = notice
        self.export = export
        self.running: _SlicedCopy | None = None  # a copy of many rows under way
        self.copy_action = self._action("复制", QKeySequence(QKeySequence.StandardKey.Copy),
                                        lambda: self.copy(headers=False))
        self.copy_headers_action = self._action("复制（含表头）", QKeySequence("Ctrl+Shift+C"),
                                                lambda: self.copy(headers=True))
        # the menu's own entries, greyed when there is nothing to copy (the keys' actions
        # stay enabled: a key pressed with nothing selected says so)
        self.menu = QMenu(view)
        # each with its letter, as the menu bar's (复制(&C): C in the open menu)
        for action, text in ((self.copy_action, "复制(&C)"),
                             (self.copy_headers_action, "复制（含表头）(&H)")):
            entry = self.menu.addAction(text)
            entry.setShortcut(action.shortcut())  # shown beside the entry, as in any menu
            entry.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            entry.triggered.connect(action.trigger)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.show_menu)

    def _action(self, text: str, keys: QKeySequence, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self.view)
        action.setShortcut(keys)
        # only while the list has the keyboard: Ctrl+C in a search box or an open cell
        # editor copies its text as ever
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.view.addAction(action)
        return action

    def show_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu at ``pos`` (the viewport's; a right click on a row outside
        the selection has selected it, as Qt does)."""
        something = picked(self.view) is not None
        for entry in self.menu.actions():
            entry.setEnabled(something)
        self.menu.popup(self.view.viewport().mapToGlobal(pos))
        return self.menu

    def copy(self, headers: bool = False) -> int:
        """Copy what is selected; the rows copied (0: nothing, or too many, said why), or
        being copied (SLICED_FROM rows or more: ``running`` until the clipboard is set)."""
        if self.running is not None:  # Ctrl+C again while many rows are copied: the same
            return 0
        self._finish_search()
        chosen = picked(self.view)
        if chosen is None:
            self.notice("没有选中的行，未复制")
            return 0
        count = len(chosen.rows)
        if count > MAX_ROWS_COPIED:
            # a box, not the status bar: a paste would bring back what was copied before
            instead = (f"整个列表请用“{self.export}”导出" if self.export
                       else "可先搜索，缩小范围后再复制")
            dialogs.show_error(self.view, "未复制",
                               f"已选 {count:,} 行，一次最多复制 {MAX_ROWS_COPIED:,} 行：{instead}")
            return 0
        model = self.view.model()
        names = None
        if headers:
            names = [str(model.headerData(c, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.DisplayRole) or "")
                     for c in chosen.columns]
        if count >= SLICED_FROM:
            self.running = _SlicedCopy(self, _texts(model, chosen), count, names,
                                       lambda copied: describe(copied, len(chosen.columns),
                                                               chosen.whole_rows, headers))
            return count
        text, html, copied = both(_texts(model, chosen), names)
        _to_clipboard(text, html)
        self.notice(describe(copied, len(chosen.columns), chosen.whole_rows, headers))
        return copied


    def _finish_search(self) -> None:
        """A searched list still counting (``row_search``) finds the rest of its rows first:
        Ctrl+A then Ctrl+C copied only the rows found so far; every row selected stays so."""
        model = self.view.model()
        finish = getattr(model, "finish", None)
        if finish is None or not getattr(model, "counting", False):
            return
        selection = self.view.selectionModel()
        every = selection is not None and len(selection.selectedRows()) == model.rowCount()
        finish()
        if every:
            self.view.selectAll()


def _to_clipboard(text: str, html: str) -> None:
    mime = _new_mime_data()
    mime.setText(text)
    mime.setHtml(html)
    QGuiApplication.clipboard().setMimeData(mime)


class _SlicedCopy(QObject):
    """Many rows copied a slice at a time on the UI thread (the model's data path reads the
    register on its connection; a slice is a few dozen ms), the window answering between
    slices; see SLICED_FROM. The list reset or re-sorted meanwhile stops it (its rows are
    others then), as 取消 and Esc do: the clipboard kept, the status bar saying so."""

    def __init__(self, copier: RowCopier, rows: Iterator[list[str]], total: int,
                 headers: list[str] | None, said: Callable[[int], str]) -> None:
        # no parent, kept in _COPYING until it ends: a list closed mid-copy (a dialog's)
        # stops it, the cursor given back, rather than deleting it mid-way
        super().__init__()
        _COPYING.add(self)
        self.copier = copier
        self.notice = copier.notice
        copier.destroyed.connect(self._list_closed)
        self.rows = rows
        self.total = total
        self.said = said
        self.building = Building(headers)
        self.read = 0  # rows read so far (a row deleted since the search gives none)
        self.over = False
        self.dialog = ProgressDialog(f"正在复制 {total:,} 行…", "取消", 0, total,
                                     copier.view.window())
        self.dialog.setWindowTitle("请稍候")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)  # restarts Qt's show timer at 300 ms
        self.dialog.canceled.connect(lambda: self.stop("已取消复制，剪贴板未改变"))
        self.model = model = copier.view.model()
        for changed in (model.modelAboutToBeReset, model.layoutAboutToBeChanged,
                        model.rowsAboutToBeRemoved):
            changed.connect(self._list_changed)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.notice(f"正在复制 {total:,} 行…")
        QTimer.singleShot(0, self, self._slice)  # the key press answered first

    def _list_closed(self, *_args: Any) -> None:
        self.stop("列表已关闭，复制已停止，剪贴板未改变")

    def _list_changed(self, *_args: Any) -> None:
        self.stop("列表已改变，复制已停止，剪贴板未改变")

    def _slice(self) -> None:
        if self.over:
            return
        end = time.monotonic() + SLICE_SECONDS
        took = 0
        while took < SLICE_ROWS and time.monotonic() < end:
            rows = list(islice(self.rows, 50))
            self.building.add(rows)
            took += len(rows)
            if len(rows) < 50:
                self.read += took
                self._copied()
                return
        self.read += took
        self.dialog.setValue(min(self.read, self.total))
        QTimer.singleShot(0, self, self._slice)

    def _copied(self) -> None:
        text, html = self.building.done()
        count = self.building.count
        self._end()
        _to_clipboard(text, html)
        self.notice(self.said(count))

    def stop(self, why: str) -> None:
        if not self.over:
            self._end()
            self.notice(why)

    def _end(self) -> None:
        self.over = True
        QApplication.restoreOverrideCursor()
        self.rows, self.building = iter(()), Building()  # what was read: let go
        if shiboken6.isValid(self.copier):
            self.copier.running = None
            self.copier.destroyed.disconnect(self._list_closed)
        if shiboken6.isValid(self.model):
            for changed in (self.model.modelAboutToBeReset, self.model.layoutAboutToBeChanged,
                            self.model.rowsAboutToBeRemoved):
                changed.disconnect(self._list_changed)
        if shiboken6.isValid(self.dialog):
            self.dialog.hide()  # hide(), not close(): closing announces a cancellation
            self.dialog.deleteLater()
        _COPYING.discard(self)


_COPYING: set[_SlicedCopy] = set()


def copyable(view: QTableView, notice: Notice, *, export: str = "") -> RowCopier:
    """Give ``view`` Ctrl+C, Ctrl+Shift+C and the 复制 menu (``RowCopier``, kept by the view)."""
    return RowCopier(view, notice, export=export)
