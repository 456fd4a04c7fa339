"""待办 (Ctrl+0): what is open in every year of the register today, by kind, the most
overdue and oldest first (``boostdesk.todo``). ↑↓ move, Enter goes to the screen where the
item is done with its paper or line chosen (``todo_jump``); Ctrl+F searches the list.

The list is read off the UI thread (``todo_reader``: ≈ 0.5 s at 100,000 applications froze
the window): 正在统计待办… meanwhile, the list read before staying in view and usable; read
again when shown after a write, never showing one read before it."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models import clock
from boostdesk.money import format_money
from boostdesk.todo import ITEMS_SHOWN, TodoItem, TodoList

from . import dialogs
from .column_widths import fit_columns
from .context import AppContext
from .copy_rows import copyable
from .day_watch import DayWatch
from .elided_tips import plain_tips
from .empty_hint import EmptyHint
from .in_view import ReloadInView
from .keep_selection import KeepSelection
from .many_rows import ListView, select_many
from .row_search import SearchRowsModel
from .rows_model import Row
from .search_box import ListSearch
from .style import ERROR_COLOUR
from .theme import MUTED_COLOUR, themed
from .todo_reader import TodoReader
from .two_line_note import TwoLineNote

# what to do first, the paper's name last (it takes the room left)
COLUMNS = ("类别", "年度", "登记号", "要做的事", "期限", "金额", "在哪里办", "名称")
TODO, WHEN, MONEY = 3, 4, 5
TODO_WIDTH = 46  # characters of 要做的事 in view; the whole text in its tooltip
READING = "正在统计待办…"


class TodoScreen(QWidget):
    """The open items of every year as of today, grouped by kind."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("todo_screen")
        self.todo: TodoList | None = None
        self.items: list[TodoItem | None] = []  # by row id; None: a kind's 另有 N 项 line
        self.current_form: Any = None  # Ctrl+D's dialog while open
        self.summary = QLabel()
        self.summary.setObjectName("todo_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.search = ListSearch(self, "类别、登记号如 专利12、名称、要做的事的任一片段（Ctrl+F）",
                                 "搜索待办")
        self.model = SearchRowsModel(COLUMNS, self, right=(1, MONEY), sorted_on_load=False,
                                     refs=self._refs)
        self.table = ListView()
        self.table.setObjectName("todo_table")
        self.table.setAccessibleName("待办列表")
        plain_tips(self.table)
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self.table.setModel(self.model)
        self.search.show_list(self.table, self.model, "项")
        copyable(self.table, ctx.notice.emit)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        select_many(self.table)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.keeper = KeepSelection(self.table, self.model)
        self.table.doubleClicked.connect(lambda _i: self.go())
        go = QAction(self.table)
        go.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        go.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        go.triggered.connect(self.go)
        self.table.addAction(go)
        # the current row's case and steps in full, where the keyboard is (they were only in
        # the row's tooltip, for a mouse; a screen reader hears them as the cell's description)
        # (two lines at most, cut where too long, the text whole in its tooltip and to a
        # screen reader: three and more at 200 % left the list two rows)
        self.detail = TwoLineNote()
        self.detail.setObjectName("todo_detail")
        self.table.selectionModel().currentChanged.connect(self._show_detail)
        self.model.modelReset.connect(self._show_detail)
        self.hint = QLabel("↑↓ 选择，Enter 转到办理该事项的屏幕并选中该申报或款项；"
                           "待填收件日期可多选后按 Ctrl+D 一次填写；Ctrl+F 搜索")
        self.hint.setStyleSheet(f"color: {themed(MUTED_COLOUR)};")
        self.hint.setWordWrap(True)  # at 200 % the longer hint held the screen 1,124 px wide

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(self.search.bar())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.hint)
        self.read_error = ""  # why the last read failed
        self.reader = TodoReader(lambda: self.ctx, ITEMS_SHOWN, self)
        self.reader.done.connect(self._read)
        self.reader.failed.connect(self._failed)
        self._in_view = ReloadInView(self, self.reload)
        ctx.changed.connect(self._changed)
        self.read_day = clock.today()  # the day the last read was asked for
        self.reload()
        # left open past midnight: counted again as of the new day, as 拨付 is
        self.day_watch = DayWatch(self, lambda: self.read_day, self.reload)

    def _show_detail(self, *_args: Any) -> None:
        index = self.table.currentIndex()
        tip = self.model.data(index.siblingAtColumn(0), Qt.ItemDataRole.ToolTipRole) \
            if index.isValid() else None
        self.detail.setText(str(tip or ""))

    def _changed(self, _kind: str) -> None:
        self._in_view()  # behind another screen: when next shown

    def refresh(self) -> None:
        """F5 in the main window: counted again as of now."""
        self.reload()

    def focus_search(self) -> None:
        self.search.focus()

    def reload(self) -> None:
        """Read the list again in the background; the one in view stays until it comes."""
        self.read_error = ""
        self.read_day = clock.today()
        self.reader.read()
        if self.reader.reading:
            self._show_summary(self.todo)
            self.empty_hint.refresh()

    def stop_reading(self) -> None:
        """The window closes: the read under way waited for."""
        self.reader.stop()

    def _failed(self, text: str) -> None:
        self.read_error = text
        self._show_summary(self.todo)
        self.empty_hint.refresh()

    def _read(self, todo: TodoList) -> None:
        self.todo = todo
        self.items = []
        rows: list[Row] = []
        for g in todo.groups:
            for item in g.items:
                rows.append(self._row(len(self.items), g.kind.label, item))
                self.items.append(item)
            if g.more:
                rows.append(Row(len(self.items), (
                    g.kind.label, "", "", f"……另有 {g.more} 项未列出：按 Enter 到办理的屏幕查看",
                    "", "", g.items[-1].where if g.items else g.kind.screen, ""),
                    colours={TODO: MUTED_COLOUR}))
                self.items.append(None)
        self.model.set_rows(rows)
        self.search.apply()
        fit_columns(self.table, self.model, skip=(TODO,))
        self.table.setColumnWidth(TODO, self.table.fontMetrics().horizontalAdvance("事") * TODO_WIDTH)
        self._show_summary(todo)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _empty_text(self) -> str:
        if self.todo is None:
            return f"无法统计待办：{self.read_error}（按 F5 重试）" if self.read_error else READING
        if self.items:
            return "没有找到符合的待办"
        if self.todo.first_steps:  # a new register: nothing done yet, not all done
            return "\n".join(self.todo.first_steps)
        return "今天没有待办事项：各年度的申报都已审核，名单已公示并结束，应拨款项均已拨付"

    def _row(self, row_id: int, label: str, item: TodoItem) -> Row:
        money = format_money(item.amount_fen) if item.amount_fen is not None else ""
        cells = (label, str(item.year), item.ref, item.todo, item.when, money, item.where,
                 item.title)
        colours = {WHEN: ERROR_COLOUR, 0: ERROR_COLOUR} if item.overdue else None
        return Row(row_id, cells, tip=f"{item.title}\n{item.todo}\n办理：{item.where}",
                   colours=colours)

    def _show_summary(self, todo: TodoList | None) -> None:
        """截至 the day: the counts, each kind's heading; while a read is under way or after
        one failed, that said first, the headings of the list in view kept below it."""
        if self.reader.reading:
            head = f"<b>{READING}</b>" + ("（下面是上次统计的待办，统计完即更新）" if todo else "")
        elif self.read_error:
            head = (f"<span style='color:{themed(ERROR_COLOUR)}'><b>无法统计待办：</b>"
                    f"{html.escape(self.read_error)}（按 F5 重试）</span>")
        else:
            assert todo is not None
            head = (f"<b>截至 {todo.today.isoformat()}："
                    f"{html.escape(todo.status_line(key=''))}</b>")
        parts = []
        for g in todo.groups if todo is not None else ():
            text = html.escape(g.heading)
            if g.kind.urgent or g.overdue:
                text = f"<span style='color:{themed(ERROR_COLOUR)}'>{text}</span>"
            parts.append(text)
        self.summary.setText(head + ("<br>" + "；".join(parts) if parts else ""))

    def _refs(self, row: Row) -> tuple[str, ...]:
        item = self.items[row.id] if 0 <= row.id < len(self.items) else None
        return (item.ref,) if item is not None and item.app_id is not None else ()

    def current_item(self) -> TodoItem | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row_id = self.model.id_at(index.row())
        return self.items[row_id] if 0 <= row_id < len(self.items) else None

    def fill_received(self) -> Any:
        """Ctrl+D: the 收件日期 of the 待填收件日期 papers selected, at once (a kind's
        另有 N 项 line selected: all its papers of that year), as on 专利助推."""
        from boostdesk.received_days import undated

        from .received_dialog import ReceivedDialog

        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}
                      | ({self.table.currentIndex().row()}
                         if self.table.currentIndex().isValid() else set()))
        picked: dict[tuple[str, int], list[int]] = {}
        for row in rows:
            row_id = self.model.id_at(row)
            item = self.items[row_id] if row_id is not None and 0 <= row_id < len(self.items) \
                else None
            if item is None and row_id is not None:  # 另有 N 项: the kind of the item above
                before = next((self.items[i] for i in range(row_id - 1, -1, -1)
                               if self.items[i] is not None), None)
                if before is not None and before.kind == "no_received" and before.stream:
                    picked.setdefault((before.stream, before.year), []).extend(
                        undated(self.ctx.reg, before.stream, before.year))
                continue
            if (item is not None and item.kind == "no_received" and item.stream
                    and item.app_id is not None):
                picked.setdefault((item.stream, item.year), []).append(item.app_id)
        if len(picked) != 1:
            self.ctx.notice.emit(
                "请在“待填收件日期”中选中要填写的申报（可多选，同一年度、同一类），再按 Ctrl+D"
                if not picked else "所选申报分属不同年度或专利、项目，请分别选中后填写")
            return None
        (stream, _year), ids = next(iter(picked.items()))
        dialog = ReceivedDialog(self.ctx, stream, list(dict.fromkeys(ids)), self)
        dialog.finished.connect(lambda _r: self.table.setFocus())
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def go(self) -> None:
        """Enter: the screen the current item is done on, that paper or line chosen."""
        from .todo_jump import go_to

        index = self.table.currentIndex()
        if not index.isValid():
            return
        row_id = self.model.id_at(index.row())
        item = self.items[row_id] if 0 <= row_id < len(self.items) else None
        if item is None:  # 另有 N 项: the kind's screen, as the item above it sends there
            before = next((self.items[i] for i in range(row_id - 1, -1, -1)
                           if self.items[i] is not None), None)
            if before is None:
                return
            item = TodoItem(before.kind, before.year, "", "", "", "",
                            screen_label=before.screen_label, tab_label=before.tab_label)
        window = self.window()
        if hasattr(window, "switch_to"):
            go_to(window, item)
