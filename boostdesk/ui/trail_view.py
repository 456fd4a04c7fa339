"""查看 → 修改记录 (Ctrl+H): the whole register's trail on screen, the newest change first,
chosen by operator, days, year or paper — what a clerk back from leave reads to learn what
her colleague did meanwhile. The lines are read a page at a time as the list is scrolled
(:mod:`boostdesk.audit_newest`, in the export's words); 导出… writes the same choice as
文件 → 导出修改记录 would (oldest first, as the auditor files it). Enter on a line about
one paper opens that paper on its screen; the view is kept as it was (choice, lines read,
line chosen) for the next Ctrl+H. A paper's or a person's trail is read whole (a second at
100,000 papers), the first reading reads what every line is made in (every
application, payment, deletion: 6 s at 100,000 papers), and a year's choice reads its
papers' first events and scans for its newest lines (2 s): all off the UI thread, on a
reading connection of its own (the app's :class:`LongTask`), the view shown and answering
meanwhile; a newer choice drops an older read, and closing the view stops it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThread,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk import audit_picks
from boostdesk.audit_log import Line
from boostdesk.audit_newest import PAGE, Chosen, NewestFirst, begun, whose_lines
from boostdesk.errors import UserError
from boostdesk.validate import ValidationError

from .context import LongTask, error_text, is_cancellation
from .copy_rows import copyable
from .elided_tips import tip_when_elided
from .form_widgets import DateField, TextField
from .small_screen import fit_screen
from .style import ERROR_COLOUR
from .theme import MUTED_COLOUR, themed

COLUMNS = ("时间", "操作人", "年度", "对象", "操作", "内容")
DETAILS_COLUMN = 5
ALL_YEARS = audit_picks.ALL_YEARS
Index = QModelIndex | QPersistentModelIndex
# Reads running, held here until they end: a view deleted meanwhile must not destroy a
# running thread (which aborts the program).
_RUNNING: set[LongTask] = set()


def _reading_register(path: Path) -> Any:
    """The worker's own connection, read-only (as 待办's reader opens one)."""
    from boostdesk.safety.integrity import connect_read_only
    from boostdesk.safety.session import ReadOnlyRegister

    return ReadOnlyRegister(connect_read_only(path), path, "")


class TrailModel(QAbstractTableModel):
    """The lines read so far, newest first; Qt asks for more (``fetchMore``) as the list is
    scrolled to its end, a page at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []
        self.reader: NewestFirst | None = None

    def show(self, reader: NewestFirst | None) -> None:
        self.beginResetModel()
        self.lines, self.reader = [], reader
        self.endResetModel()
        if reader is not None:
            self.fetchMore(QModelIndex())  # the first page now: the list is not empty a moment

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and self.reader is not None and not self.reader.done

    def fetchMore(self, parent: Index) -> None:  # noqa: N802 - Qt's name
        if parent.isValid() or self.reader is None or self.reader.done:
            return
        more = self.reader.more(PAGE)
        if more:
            first = len(self.lines)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self.lines += more
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        x = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (x.at, x.operator, str(x.year or ""), x.subject, x.action,
                    x.details)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DETAILS_COLUMN:
            return x.details
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


def line_text(x: Line) -> str:
    """A line whole, for the pane under the list."""
    head = "  ".join(p for p in (x.at, x.operator, f"{x.year} 年度" if x.year else "",
                                 x.computer and f"电脑：{x.computer}") if p)
    return f"{head}\n{x.subject}\n{x.action}\n{x.details}"


class TrailDialog(QDialog):
    """The view: the filters on top (Enter applies them), the list, the line chosen whole
    under it; 导出… and 关闭 (Esc)."""

    def __init__(self, ctx: Any, parent: QWidget | None = None,
                 export: Any = None,
                 open_paper: Callable[[tuple[str, int]], bool] | None = None) -> None:
        super().__init__(parent)
        # (stream, id) → shown on its screen (True), or False (its year is not in this
        # register's list, say): Enter on a line about one paper
        self.open_paper = open_paper
        self.stale = False  # a change saved while the view was closed: read afresh on show
        self.setWindowTitle("修改记录（全部申报，最近的在前）")
        self.ctx = ctx
        self.export = export  # (Choice) → None: the window's 导出修改记录 with a file asked
        self.reader: NewestFirst | None = None
        self.chosen = Chosen()
        # a paper's or a person's trail, or what the lines are made in, being read
        self.task: LongTask | None = None
        self._reader_of: Callable[[Any], NewestFirst] | None = None  # the read's, once read
        self._keep_row = 0  # the line chosen before a change made the list read again
        self._asked = 0  # reads asked so far: a read's lines are shown if it is the last
        self._focus_then: QWidget | None = None  # the keyboard's place when it was asked

        self.operator_field = TextField(self, "不填：所有人", audit_picks.operators(ctx.reg))
        self.operator_field.setAccessibleName("操作人")
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("年度")
        self.year_box.addItem(ALL_YEARS, None)
        for year in sorted(ctx.reg.campaign_years(), reverse=True):
            self.year_box.addItem(f"{year} 年度", year)
        self.first_field = DateField(self)
        self.last_field = DateField(self)
        self.first_field.setPlaceholderText("不填：最早")
        self.last_field.setPlaceholderText("不填：最近")
        self.first_field.setAccessibleName("日期从")
        self.last_field.setAccessibleName("日期至")
        self.ref_field = TextField(self, "不填：全部；或登记号（专利12 / 项目3）、专利号、名称、第一发明人或领衔人")
        self.ref_field.setAccessibleName("申报或人员")
        self.apply_button = QPushButton("筛选")
        self.apply_button.setToolTip("按所填条件重新列出（在任一栏中按 Enter 也可）")
        self.apply_button.clicked.connect(self.apply)
        for field in (self.operator_field, self.first_field, self.last_field, self.ref_field):
            field.returnPressed.connect(self.apply)
        # A year chosen filters at once, the keyboard left in the box: moved to the list,
        # 2021 two years down took Alt+Y ↓ twice over (↓ is a choice of a closed box).
        self.year_box.activated.connect(lambda _i: self.apply(to_list=False))

        grid = QGridLayout()
        for row, col, text, widget in ((0, 0, "操作人(&O)", self.operator_field),
                                       (0, 2, "年度(&Y)", self.year_box),
                                       (1, 0, "日期从(&F)", self.first_field),
                                       (1, 2, "至(&T)", self.last_field),
                                       (2, 0, "申报或人员(&R)", self.ref_field)):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, col)
            grid.addWidget(widget, row, col + 1, 1, 3 if row == 2 else 1)
        grid.addWidget(self.apply_button, 2, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        self.error.hide()
        self.status = QLabel("正在读取修改记录…")
        self.status.setObjectName("trail_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {themed(MUTED_COLOUR)};")

        self.model = TrailModel(self)
        self.table = QTableView()
        self.table.setObjectName("trail_table")
        self.table.setAccessibleName("修改记录列表")
        self.table.setModel(self.model)
        tip_when_elided(self.table)
        copyable(self.table, ctx.notice.emit)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (↑↓ move in it)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # widths by the text they hold, so Windows' larger text keeps the time whole
        metrics, pad = self.table.fontMetrics(), 16
        for column, sample in enumerate(("2022-12-20 09:15:03", "录入员李梦遥", "2022 年度",
                                         "专利12 ZL202110123456.7（买买提·艾力）", "状态变更（撤销）")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + pad)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._chosen_line)
        self.table.doubleClicked.connect(lambda _index: self.open_chosen())
        go = QAction("打开该申报", self.table)
        go.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        go.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        go.triggered.connect(self.open_chosen)
        self.table.addAction(go)
        self.model.rowsInserted.connect(lambda *_: self._say_count())

        self.whole = QPlainTextEdit()  # the line chosen, whole: its 内容 is often long
        self.whole.setObjectName("trail_line")
        self.whole.setAccessibleName("所选修改记录")
        self.whole.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.whole)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)

        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("导出(&E)…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setToolTip("把当前筛选出的修改记录导出为 .xlsx（按时间先后）")
        self.export_button.clicked.connect(self.export_chosen)
        self.export_button.setVisible(export is not None)
        self.open_button = buttons.addButton("打开申报(&G)", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setToolTip("在其屏幕上打开所选这一条修改的申报（在列表中按 Enter 也可）；"
                                    "再按 Ctrl+H 回到这里，筛选和位置不变")
        self.open_button.clicked.connect(self.open_chosen)
        self.open_button.setVisible(open_paper is not None)
        self.open_button.setEnabled(False)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        for button in (self.apply_button, self.export_button, self.open_button, close):
            button.setAutoDefault(False)  # Enter in a field filters, not exports or closes

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        # Tab row by row, left to right: the fields made with this dialog as their parent
        # came first (set once all are in the dialog), 年度 (top right) after 申报或人员
        chain = [self.operator_field, self.year_box, self.first_field, self.last_field,
                 self.ref_field, self.apply_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        fit_screen(self, 1100, 640)  # 1366×768 at 150 % leaves Qt 911×512
        ctx.changed.connect(self._register_changed)
        self.finished.connect(lambda _result: self._closed())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._years_listed()
        if self.reader is None:  # painted first ("正在读取…"), read just after
            QTimer.singleShot(0, self, self._first_read)
        elif self.stale:  # shown again after changes saved meanwhile
            self.stale = False
            self._read(self.chosen)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _years_listed(self) -> None:
        """The year box's years as the register now has them (a year made since the view
        was last shown)."""
        years = sorted(self.ctx.reg.campaign_years(), reverse=True)
        listed = [self.year_box.itemData(i) for i in range(1, self.year_box.count())]
        if listed == years:
            return
        chosen = self.year_box.currentData()
        self.year_box.blockSignals(True)
        while self.year_box.count() > 1:
            self.year_box.removeItem(1)
        for year in years:
            self.year_box.addItem(f"{year} 年度", year)
        self.year_box.setCurrentIndex(max(0, self.year_box.findData(chosen)))
        self.year_box.blockSignals(False)

    def _first_read(self) -> None:
        if self.reader is None:
            self.stale = False
            self._read(self.chosen)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- choosing ------------------------------------------------------------------
    def apply(self, to_list: bool = True) -> None:
        """The filters as typed, checked; the list read again from the newest (the
        keyboard on it, unless ``to_list`` is False)."""
        chosen = self._choice()
        if chosen is None:
            return
        self.error.hide()
        self._focus_then = QApplication.focusWidget() if to_list else None
        self._keep_row = 0
        self._read(chosen)
        if to_list and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choice(self) -> Chosen | None:
        days: list[date | None] = []
        for field, what in ((self.first_field, "日期从"), (self.last_field, "日期至")):
            try:
                days.append(field.value())
            except ValidationError as exc:
                return self._refused(f"{what}：{exc}", field)
        first, last = days
        if first and last and first > last:
            return self._refused(f"开始日期 {first} 晚于结束日期 {last}", self.last_field)
        reg = self.ctx.reg
        try:
            operator = (audit_picks.operator_named(reg, self.operator_field.value())
                        if self.operator_field.value() else "")
        except UserError as exc:
            return self._refused(str(exc), self.operator_field)
        try:
            whose = (audit_picks.whose(reg, self.ref_field.value())
                     if self.ref_field.value() else None)
        except UserError as exc:
            return self._refused(str(exc), self.ref_field)
        return Chosen(operator=operator, first=first, last=last,
                      year=self.year_box.currentData() if whose is None else None, whose=whose)

    def _refused(self, problem: str, field: TextField) -> Chosen | None:
        """Say why, the cursor back in the field; no choice (None)."""
        self.error.setText(problem)
        self.error.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()
        return None

    def _read(self, chosen: Chosen) -> None:
        self.chosen = chosen
        self._asked += 1
        self.stop_reading(wait=False)  # an older choice's read: dropped
        reg = self.ctx.reg
        # (A register in memory, or one inside a transaction, is read on the UI thread: no
        # other connection sees it.)
        if reg.path is not None and not reg.conn.in_transaction:
            if chosen.whose is not None:  # a paper's or a person's trail
                self._read_in_worker(
                    lambda worker, cancelled: whose_lines(worker, chosen, cancelled),
                    lambda lines: NewestFirst(reg, chosen, known=self.reader, lines=lines))
                return
            # the first reading (a paper's or a person's reads only theirs), or the first
            # since a change: what every line is made in; or a year's: its papers' first
            # events and a scan for its newest lines (2 s at 100,000 papers)
            known = self.reader if self.reader is not None and self.reader.knows else None
            if known is None or chosen.year is not None:
                self._read_in_worker(
                    lambda worker, cancelled: begun(worker, chosen, known, cancelled),
                    lambda reader: reader.moved(reg))
                return
        self.reader = (self.reader.again(chosen) if self.reader is not None
                       else NewestFirst(reg, chosen))
        self._show_read()

    def _read_in_worker(self, read: Callable[[Any, Callable[[], bool]], Any],
                        reader_of: Callable[[Any], NewestFirst]) -> None:
        """``read(worker_register, cancelled)`` in a worker, its result made into the list's
        reader by ``reader_of`` on the UI thread; the list empty and the line above saying
        so meanwhile."""
        asked = self._asked

        def work(reg: Any, _progress: Any, cancelled: Callable[[], bool]) -> Any:
            return asked, read(reg, cancelled)

        path = Path(self.ctx.reg.path)
        task = self.task = LongTask(work, lambda: _reading_register(path))
        self._reader_of = reader_of
        _RUNNING.add(task)
        task.succeeded.connect(self._worker_read)  # queued: this view lives on the UI thread
        task.failed.connect(self._worker_failed)
        task.finished.connect(lambda: _RUNNING.discard(task))
        task.finished.connect(task.deleteLater)
        self.model.show(None)
        self.whole.clear()
        self.open_button.setEnabled(False)
        self.status.setText(f"{self.scope()}：正在读取修改记录…")
        task.start(QThread.Priority.LowPriority)

    def _worker_read(self, result: tuple[int, Any]) -> None:
        asked, value = result
        if asked != self._asked or self._reader_of is None:  # an older choice's, or a
            return  # read a change overtook
        self.task = None
        self.reader = self._reader_of(value)
        self._reader_of = None
        self._show_read()
        focus, self._focus_then = self._focus_then, None
        if (focus is not None and focus is QApplication.focusWidget()
                and self.model.rowCount()):  # the keyboard not moved meanwhile: to the list
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _worker_failed(self, exc: BaseException) -> None:
        if self.sender() is not self.task:  # an older read (cancelled, most likely)
            return
        self.task = None
        if not is_cancellation(exc):
            self.status.setText(f"{self.scope()}：未能读取修改记录。")
            self.error.setText(f"读取修改记录失败：{error_text(exc, rolled_back=False)}")
            self.error.show()

    def stop_reading(self, wait: bool = True) -> None:
        """The read running stopped, its lines dropped; waited for (``wait``: the window
        closing — a thread destroyed while it runs aborts the program)."""
        task, self.task = self.task, None
        if task is not None:
            task.cancel()
            if wait:
                task.wait()

    def _closed(self) -> None:
        """Closed mid-read: the read stopped, made again when the view is shown."""
        if self.task is not None:
            self._asked += 1
            self.stop_reading(wait=False)
            self.stale = True

    def _show_read(self) -> None:
        self.model.show(self.reader)
        row, self._keep_row = self._keep_row, 0
        if self.model.rowCount():
            self.table.selectRow(row if 0 < row < self.model.rowCount() else 0)
        else:
            self.whole.clear()
        self._say_count()

    def _register_changed(self, kind: str) -> None:
        """A change saved meanwhile (the window's background work, or a paper changed after
        Enter opened it): read afresh, now or when the view is shown again."""
        if (self.reader is None and self.task is None) or kind == "operator":
            return
        if not self.isVisible():
            self.stale = True
            return
        self._keep_row = self.table.currentIndex().row()  # chosen again once read
        self.reader = None
        self._read(self.chosen)

    def scope(self) -> str:
        """What the list holds, in words: 全部年度，操作人 李梦遥，2023-03-06 至 最近."""
        c = self.chosen
        parts = [c.whose.scope() if c.whose is not None else
                 (f"{c.year} 年度" if c.year else ALL_YEARS)]
        if c.operator:
            parts.append(f"操作人 {c.operator}")
        if c.first or c.last:
            parts.append(f"{c.first or '最早'} 至 {c.last or '最近'}")
        return "，".join(parts)

    def _say_count(self) -> None:
        n = self.model.rowCount()
        if self.reader is None or self.task is not None:
            return
        if self.reader.done:
            said = f"共 {n} 条" if n else "没有符合条件的修改记录"
        else:
            said = f"已列出最近的 {n} 条，向下翻看更早的（Ctrl+End 到底部继续读取）"
        self.status.setText(f"{self.scope()}：{said}。最近的在前；选中一条，下方显示其全文。")

    def _chosen_line(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.lines):
            line = self.model.lines[current.row()]
            self.whole.setPlainText(line_text(line))
            self.open_button.setEnabled(line.paper is not None)
        else:
            self.whole.clear()
            self.open_button.setEnabled(False)

    def open_chosen(self) -> None:
        """Enter (打开申报): the paper the chosen line is about on its screen, this view
        closed as it stands — Ctrl+H brings it back. A line about no one paper says so."""
        row = self.table.currentIndex().row()
        if self.open_paper is None or not 0 <= row < len(self.model.lines):
            return
        line = self.model.lines[row]
        if line.paper is None:
            self.error.setText("这一条不是关于某一份申报的修改（或是汇总表、设置、人员的修改，"
                               "或该申报已删除），没有可打开的申报。")
            self.error.show()
            return
        self.error.hide()
        if self.open_paper(line.paper):
            self.accept()

    def export_chosen(self) -> None:
        """导出…: the lines chosen, as 文件 → 导出修改记录 writes them (a file asked)."""
        if self.export is not None:
            self.export(self.chosen.choice(), self)
