"""The 专利助推 and 创新项目 screens: search as you type, filters, the register table,
and the detail pane; new entries, edits, status moves, imports and exports start here.

Keys: Ctrl+F search (↓ or Enter into the table), Enter/F2 open the selected
application, Ctrl+N new, Ctrl+M change status, Delete delete an entry made by
mistake, Ctrl+I import a summary table, Ctrl+E export the list as shown, F5 re-check,
F3 the nearest other year the search finds applications in (``other_years``);
Ctrl+C (Ctrl+Shift+C with the headers, or a right click) copies the selected rows as shown
(``copy_rows``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models.journal import change_token
from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.models.workflow import CARD_WAIT_ZH, ON_HOLD, ON_HOLD_ZH, STATUS_ZH, statuses
from boostdesk.paths import with_extension
from boostdesk.validate import fold_name_brackets, tidy_name

from . import dialogs, operations, queries
from .context import EXPORT_CANCEL_LEAVES, AppContext
from .copy_rows import copyable
from .detail import DetailPane
from .elided_tips import plain_tips
from .empty_hint import EmptyHint
from .export_folder import export_start, import_start, remember_export, remember_import
from .form_widgets import NameCompleter
from .in_view import ReloadInView
from .keep_selection import KeepSelection
from .many_rows import ListView
from .other_years import KEY as OTHER_YEAR_KEY
from .other_years import OtherYears
from .queries import VERDICT_ZH, Filters
from .register_model import ApplicationModel
from .search_box import SearchBoxKeys
from .small_screen import WrapRow
from .steady_label import SteadyLabel
from .style import grown, row_height
from .theme import MUTED_COLOUR, themed

RELOAD_ON = {"all", "campaign", "panel", "payments"}
# the buttons that change the register: greyed on a read-only one
WRITERS = {"new_item", "change_status", "delete_current", "move_to_year", "import_table",
           "record_past"}
MAX_SHEETS_PICKED = 1000  # the 打印 box holds them as text: past this, print them all
_ON_HOLD_TIP = {
    PATENT: "核准后经核对为不合格、暂缓拨付的助推：“拨付”不予登记，更正或维持核准后方可拨付",
    PROJECT: ("暂缓拨付的助推：核准后经核对为不合格、排名已变化（评分不再计入、评分更正、名额调整），"
              "或公示期内的异议待处理；“拨付”不予登记，处理或维持核准后方可拨付"),
}


VERDICT_PADDING = 24  # the item's margins, and the gap between the icon and its text


# a column's longest common value, kept whole whatever font the system gives
WHOLE_IN_ANY_FONT = {"person": "阿依古丽·买买提", "unit": "北京经济技术开发区总工会",
                     "status": CARD_WAIT_ZH["approved_card_stale"]}  # 核准（待更正卡号）


def verdict_width(table: QTableView, icon: int) -> int:
    """The 资格 column's pixels for its longest text (不合格（逾期报送）) and its icon: its
    136 pixels cut it to 不合格（逾期报… in an older year, where most papers came late."""
    from boostdesk.rules.late_papers import LIST_MARK

    longest = max((f"{v}（{LIST_MARK}）" for v in queries.VERDICT_ZH.values()),
                  key=table.fontMetrics().horizontalAdvance)
    return table.fontMetrics().horizontalAdvance(longest) + icon + VERDICT_PADDING


class UnitFilter(QComboBox):
    """The 推荐单位 filter. Its units go into pinyin order (``queries.units``) when the clerk
    first opens or enters it: the pinyin table is built then, not while the window starts."""

    def __init__(self, fill: Any) -> None:
        super().__init__()
        self.in_pinyin = False
        self._fill = fill

    def _to_pinyin(self) -> None:
        if not self.in_pinyin:
            self.in_pinyin = True
            self._fill()

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        self._to_pinyin()
        super().showPopup()

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._to_pinyin()  # typing completes from the list: in pinyin order too
        super().focusInEvent(event)


class RegisterScreen(QWidget):
    STREAM = PATENT
    SEARCH_HINT = ""
    NOUN = ""  # 专利 / 创新项目: "2023 年度还没有专利申报"
    EMPTY_NEXT = ""  # how applications get into an empty year

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reg = ctx.reg
        self.spec = queries.SPECS[self.STREAM]
        self.current_form: Any = None
        self.setObjectName(f"{self.STREAM}_screen")

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.SEARCH_HINT)
        self.search.setAccessibleName("搜索")  # a screen reader reads the hint after it
        self.search.setAccessibleDescription(self.SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.unit = UnitFilter(self._fill_units)
        self.unit.setObjectName("unit_filter")
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # gives way to the search box on a narrow screen; grown with the text (at 16 pt a
        # fixed 120 px cut 全部推荐单位 to ⻖推荐单位)
        self.unit.setMinimumWidth(grown(self.unit, 120))
        # no caption beside the filters: NVDA on Windows said only “组合框, 已登记”
        self.unit.setAccessibleName("推荐单位筛选")
        # the combo box's own list, matched with a name's brackets either way typed
        completer = NameCompleter(self.unit.model(), self.unit)
        self.unit.setCompleter(completer)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.setAccessibleName("状态筛选")
        self.status.addItem("全部状态", None)
        for s in statuses(self.STREAM):
            self.status.addItem(STATUS_ZH[s], s)
            if s in queries.SHOWN_STATUSES and self.STREAM == PROJECT:
                key, label, _sql = queries.SHOWN_STATUSES[s]
                self.status.addItem(label, key)
            if s == "approved" and self.STREAM == PATENT:  # 拨付's 待补卡号 / 待更正卡号
                for key, label in CARD_WAIT_ZH.items():
                    self.status.addItem(label, key)
        # every award finance may not pay now, whatever its status: the ones to deal with
        self.status.addItem(ON_HOLD_ZH, ON_HOLD)
        self.status.setItemData(self.status.count() - 1, _ON_HOLD_TIP[self.STREAM],
                                Qt.ItemDataRole.ToolTipRole)
        self.verdict = QComboBox()
        self.verdict.setObjectName("verdict_filter")
        self.verdict.setAccessibleName("资格筛选")
        self.verdict.addItem("全部资格", None)
        for key, label in VERDICT_ZH.items():
            self.verdict.addItem(label, key)
        self.count = SteadyLabel()

        bar = self.search_bar = WrapRow()  # on two lines at 16–18 pt on a small screen
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.search, 3)
        bar.addWidget(self.unit, 2)
        bar.addWidget(self.status)
        bar.addWidget(self.verdict)
        bar.addWidget(self.count)

        buttons = WrapRow()
        self.buttons: dict[str, QPushButton] = {}
        # Each button's key in its tooltip (and in the menus and F1): eight labels with their
        # keys spelled out ran past a small laptop's screen at 150 %.
        for text, keys, slot in (("新建", "Ctrl+N", self.new_item),
                                 ("打开", "Enter", self.edit_current),
                                 ("改状态", "Ctrl+M", self.change_status),
                                 ("删除", "Delete", self.delete_current),
                                 ("打印审批表", "Ctrl+P", self.print_selected),
                                 ("移到其他年度…", "", self.move_to_year),
                                 ("导入汇总表", "Ctrl+I", self.import_table),
                                 ("导出 xlsx", "Ctrl+E", self.export_list)):
            b = QPushButton(text)
            if keys:
                b.setToolTip(f"{text}（{keys}）")
            if ctx.read_only and slot.__name__ in WRITERS:  # (taking the register over
                b.setEnabled(False)  # builds the screen again)
                b.setToolTip(f"{text}：{self._read_only_text()}")
            elif ctx.read_only and slot.__name__ == "edit_current":
                b.setToolTip(f"{text}（{keys}）：登记册只读，申报表只能查看，不能修改")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys do it; Tab stays in the data
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[slot.__name__] = b
        buttons.addStretch(1)

        self.model = ApplicationModel(self.reg, self.spec, ctx.year, self)
        self.table = ListView()
        self.table.setObjectName("register_table")
        self.table.setAccessibleName("申报列表")
        plain_tips(self.table)  # a finding quoting a title “A<B 与 C>D” shows as typed
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Shift+↓ / Ctrl+click / Ctrl+A select several: Ctrl+M moves them all at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (↑↓ move in it)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table))
        icon = grown(self.table, 16)  # the verdict's ✓ ✗ as large as the text beside it
        self.table.setIconSize(QSize(icon, icon))
        header = self.table.horizontalHeader()
        # A header asks its selection model, row by row, whether each column it paints is
        # wholly selected: after Ctrl+A over 80,000 rows loaded (a save shows its new row,
        # the last, so all are) every repaint of the header took 5–9 s. Rows are what is
        # selected here: the header gets a selection of its own that nothing fills.
        header.setSelectionModel(QItemSelectionModel(self.model, header))
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        for i, column in enumerate(self.spec.columns):
            width = grown(self.table, column.width)
            if column.kind == "verdict":  # 不合格（逾期报送） whole, beside its ✗, in any font
                width = max(width, verdict_width(self.table, icon))
            elif (whole := WHOLE_IN_ANY_FONT.get(column.key)) is not None:
                # the longest common name whole in the font Qt picked (a fallback font's
                # · is wider: 108 px held 阿依古丽·买买提 in one test run, not in another)
                width = max(width, self.table.fontMetrics().horizontalAdvance(whole) + 16)
            header.resizeSection(i, width)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        copier = copyable(self.table, ctx.notice.emit, export="导出 xlsx（Ctrl+E）")
        self._progress_entry(copier.menu)

        self.detail = DetailPane(self.reg)
        self.detail.setObjectName("detail")
        self.detail.setAccessibleName("申报详情")
        self.detail.clear_record()
        # under the list: the other years the search finds applications in (other_years)
        self.other_years = OtherYears(self, lambda: self.reg, self.spec)
        self.other_years.changed.connect(self._show_other_years)
        self.years_line = QLabel()
        self.years_line.setObjectName("other_years")
        self.years_line.setWordWrap(True)
        self.years_line.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        self.years_line.hide()
        list_side = QWidget()
        list_box = QVBoxLayout(list_side)
        list_box.setContentsMargins(0, 0, 0, 0)
        list_box.addWidget(self.table, 1)
        list_box.addWidget(self.years_line)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(list_side)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        # the pane under a quarter of the width: at 1366×768 the list's key columns whole beside
        # it (资格 sized to its longest verdict)
        self.splitter.setSizes([940, 260])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

        self._checking = False  # F5's re-check under way
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        SearchBoxKeys(self.search, self.table, self._search_now)
        self.unit.currentIndexChanged.connect(lambda _i: self.run_search())
        self.unit.lineEdit().editingFinished.connect(self.run_search)  # type: ignore[union-attr]  # editable
        # 海淀 typed and Enter: the one union it names taken, several said (_unit_typed)
        self.unit.lineEdit().returnPressed.connect(self._unit_typed)  # type: ignore[union-attr]
        self.status.currentIndexChanged.connect(lambda _i: self.run_search())
        self.verdict.currentIndexChanged.connect(lambda _i: self.run_search())
        # The rows chosen stay chosen across a search, a reload and a header sort (a search
        # again: it left none current, the pane showing the row it had left), and the pane
        # follows the current row however it is chosen.
        self._shown: tuple[int, Any] | None = None  # the application shown, and as of when
        KeepSelection(self.table, self.model, first=True).follow(self._show_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        # rows fetched after Ctrl+A come unselected: the selection is no longer every row
        self.model.rowsInserted.connect(lambda *_a: self._show_selected())
        self._count_text = ""
        self._facts: tuple[Any, int | None, Any] | None = None  # see _campaign_total
        self._in_view = ReloadInView(self, self._reload_all)
        ctx.changed.connect(self._on_changed)
        ctx.year_changed.connect(self._year_changed)

        for names, slot in ((("Return", "Enter", "F2"), self.edit_current),
                            (("Delete",), self.delete_current)):
            action = QAction(self.table)
            action.setShortcuts([QKeySequence(k) for k in names])
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        action = QAction(self)  # from the search box, the filters and the list alike
        action.setShortcut(QKeySequence(OTHER_YEAR_KEY))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(self.go_to_other_year)
        self.addAction(action)

        self.empty_hint = EmptyHint(self.table, self.empty_text)
        self._fill_units()
        self.restore_layout()
        self.reload()

    # -- searching --------------------------------------------------------------
    def filters(self) -> Filters:
        return Filters(self.search.text(), self._unit_id(), self.status.currentData(),
                       self.verdict.currentData())

    def _unit_id(self) -> int | None:
        text = self.unit.currentText().strip()
        if not text or text == "全部推荐单位":
            return None
        index = self.unit.findText(text)
        if index <= 0:  # 北京新疆(集团)工会 typed: the union stored 北京新疆（集团）工会
            index = self.unit.findText(tidy_name(text))
        if index <= 0:  # 海淀, as people say it: the one union whose name holds it
            named = self._units_named(text)
            index = named[0] if len(named) == 1 else -1
        return self.unit.itemData(index) if index > 0 else -1  # unknown unit: nothing matches

    def _units_named(self, text: str) -> list[int]:
        """The 推荐单位 box's entries whose name holds ``text`` as its completer matches it
        (any case, brackets either way), 全部推荐单位 aside."""
        typed = fold_name_brackets(text.strip()).casefold()
        if not typed:
            return []
        return [i for i in range(1, self.unit.count())
                if typed in fold_name_brackets(self.unit.itemText(i)).casefold()]

    def _unit_typed(self) -> None:
        """Enter in the 推荐单位 box: a fragment naming one union (海淀 for 海淀区总工会) takes
        that union, as ↓ Enter on its suggestion does; naming several, they are said and the
        suggestions stay open to choose from; naming none, that is said. It used to filter
        on the fragment itself: 找到 0 条."""
        text = self.unit.currentText().strip()
        if not text or text == "全部推荐单位" or self.unit.findText(text) > 0:
            return
        named = self._units_named(text)
        if len(named) == 1:
            self.unit.setCurrentIndex(named[0])
            self.run_search()
            return
        if not named:
            self.ctx.notice.emit(f"没有名称含“{text}”的推荐单位；可按 ↓ 从推荐单位列表中选择")
            return
        names = [self.unit.itemText(i) for i in named]
        shown = "、".join(names[:5]) + (f" 等 {len(names)} 个" if len(names) > 5 else "")
        self.ctx.notice.emit(f"名称含“{text}”的推荐单位有 {len(names)} 个：{shown}；"
                             "请用 ↓ 选择其中一个后按 Enter")
        completer = self.unit.completer()
        if completer is not None:  # (the completer hid its list on this Enter)
            QTimer.singleShot(0, lambda: self._reopen_suggestions(text))

    def _reopen_suggestions(self, text: str) -> None:
        completer = self.unit.completer()
        if completer is not None and self.unit.currentText().strip() == text:
            completer.setCompletionPrefix(text)
            completer.complete()

    def _fill_units(self) -> None:
        current = self.unit.currentText()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("全部推荐单位", None)
        for unit_id, name in queries.units(self.reg, pinyin=self.unit.in_pinyin):
            self.unit.addItem(name, unit_id)
        index = self.unit.findText(current) if current else 0
        self.unit.setCurrentIndex(max(index, 0))
        self.unit.blockSignals(False)

    def run_search(self) -> None:
        """The list searched again (KeepSelection chooses its rows again, the first when
        none is left); the pane shows the current row as the register has it now."""
        self._timer.stop()
        self.model.deadline = self._deadline_of_year()
        filters = self.filters()
        self.model.search(filters, self.ctx.year)
        self._show_count(self._campaign_total())
        self._show_current()
        self.other_years.ask(self.ctx.year, filters)
        self._show_other_years(pane=False)  # (_show_current said the list's words there)

    def _show_other_years(self, pane: bool = True) -> None:
        """The other years the search finds applications in, once counted (gone when the
        search changed): under the list, or in its middle when it is empty."""
        text = self.other_years.text()
        self.years_line.setText(text)
        self.years_line.setVisible(bool(text) and self.model.rowCount() > 0)
        self.empty_hint.refresh()
        if pane and self.current_id() is None and not self.model.rowCount():
            self.detail.clear_record(self.empty_text())

    def go_to_other_year(self) -> None:
        """F3: the nearest other year the search finds applications in, the search and the
        filters kept (the same search made there)."""
        year = self.other_years.target()
        if year is None:
            self.ctx.notice.emit("其他年度没有符合搜索的申报" if queries.searched(self.filters())
                                 else "请先在搜索框中输入要查找的内容（Ctrl+F）")
            return
        if self.ctx.set_year(year):  # else 设置's typing kept, its screen in view
            self.ctx.notice.emit(f"已转到 {year} 年度（搜索内容不变）")

    def empty_text(self) -> str:
        """What the list, and the pane beside it, say with no row in it: on a year with
        nothing registered yet, how applications get in."""
        if self._campaign_total():
            text = "没有符合条件的申报：可修改搜索内容或筛选条件"
            typed = self.unit.currentText().strip()
            if typed and self._unit_id() == -1:
                several = len(self._units_named(typed))
                text += (f"（推荐单位框中的“{typed}”符合 {several} 个推荐单位，请用 ↓ 选择其中一个）"
                         if several > 1 else f"（推荐单位框中的“{typed}”不是已登记的推荐单位）")
            if self.other_years.counts:
                text += f"\n{self.other_years.text()}"
            return text
        return f"{self.ctx.year} 年度还没有{self.NOUN}申报。\n{self._empty_next()}"

    def _empty_next(self) -> str:
        """EMPTY_NEXT with the summary table's number in the year's plan."""
        return self.EMPTY_NEXT.replace("{attachment}", self.ctx.attachment(f"{self.STREAM}_summary"))

    def _nothing_picked(self, action: str) -> None:
        """An action on the selection with none chosen says why nothing happened."""
        self.ctx.notice.emit(self.empty_text().split("\n")[0] if not self.model.total
                             else f"请先在列表中选择要{action}的申报")

    def _deadline_of_year(self) -> Any:
        """The campaign's deadline, read again only when the year or the register changed
        (not at every keystroke)."""
        key = (self.ctx.year, change_token(self.reg.conn))
        if self._facts is None or self._facts[0] != key:
            self._facts = (key, None, self._deadline())
        return self._facts[2]

    def _campaign_total(self) -> int:
        """The campaign's count: from the search's memory when it holds the campaign (a save
        adds no count of 80,000 rows), else counted once per year and register state."""
        total = self.model.searcher.total(self.ctx.year)
        if total is not None:
            return total
        key = (self.ctx.year, change_token(self.reg.conn))
        if self._facts is None or self._facts[0] != key:
            self._facts = (key, None, self._deadline())
        if self._facts[1] is None:
            total = queries.counts(self.reg, self.STREAM, self.ctx.year).registered
            self._facts = (key, total, self._facts[2])
        return self._facts[1] or 0

    def _deadline(self) -> Any:
        try:
            return self.reg.campaign(self.ctx.year).submission_deadline
        except Exception:  # noqa: BLE001 - no campaign for the year: no late flag
            return None

    def _show_count(self, total: int) -> None:
        found = self.model.total
        filtered = self.filters() != Filters()
        self._count_text = f"找到 {found} 条（共 {total} 条）" if filtered else f"共 {total} 条"
        self.count.reserve(f"找到 {total} 条（共 {total} 条）")  # found ≤ total: no wider
        self._show_selected()

    def _show_selected(self) -> None:
        """The count, and how many rows are selected when more than one is: as the actions
        on them count them (``picked_count``) — Ctrl+A with 200 of 1,558 rows fetched said
        已选 200 条 while Ctrl+D filled all 1,558's."""
        picked = self.picked_count()
        self.count.setText(self._count_text + (f" · 已选 {picked} 条" if picked > 1 else ""))

    def reload(self) -> None:
        self.run_search()
        self._show_past_button()

    def _year_changed(self, _year: int) -> None:
        self._facts = None
        self._in_view()  # behind another screen: when next shown
        self._show_past_button()

    # -- 往年 ▾: an earlier year's outcomes recorded (补录) and the year closed ----------------
    def _add_past_menu(self, tip: str, items: tuple[tuple[str, Any, str], ...]) -> None:
        """往年 ▾ beside the year's filters (the row of buttons below is a small laptop's
        width already), its entries ``items`` (text, slot, tip). A button named
        补录往年结果… squeezed the search box to “…” at 800 pixels."""
        button = QPushButton("往年")
        button.setObjectName("past_menu")
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # 编辑 → 补录往年… from the keys
        button.setEnabled(not self.ctx.read_only)
        menu = QMenu(button)
        for text, slot, item_tip in items:  # texts with the 编辑 menu's letters
            action = menu.addAction(text)
            action.setToolTip(item_tip)
            action.triggered.connect(lambda _on=False, slot=slot: slot())
        menu.setToolTipsVisible(True)
        button.setMenu(menu)
        self.buttons["record_past"] = button
        self.search_bar.insertWidget(self.search_bar.count() - 1, button)
        # the search box keeps room for a name (its hint is in the tooltip): the unit's
        # box, stretched beside it, gives way first
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("领衔人、单位") + 28)
        self._show_past_button()

    def _show_past_button(self) -> None:
        """往年 ▾ is for an earlier year: shown only there (the newest year's outcome is
        the panel's and the window's)."""
        button = self.buttons.get("record_past")
        if button is not None:
            button.setVisible(self.ctx.year < max(self.reg.campaign_years(), default=0))

    def close_past_year(self) -> Any:
        """往年结年…: the year shown, its papers left without a result closed, how many
        said and asked first (past_dialog.close_past_year)."""
        from .past_dialog import close_past_year

        if self._refused():
            return None
        dialog = close_past_year(self.ctx, self)
        self.current_form = dialog
        return dialog

    def reopen_past_year(self) -> Any:
        """撤销结年…: the year's close taken back, with a reason."""
        from .past_dialog import reopen_past_year

        if self._refused():
            return None
        dialog = reopen_past_year(self.ctx, self)
        self.current_form = dialog
        return dialog

    def _on_changed(self, kind: str) -> None:
        self._facts = None
        if kind == self.STREAM or kind in RELOAD_ON or (kind == "studio" and
                                                         self.STREAM == PROJECT):
            self._in_view()

    def _reload_all(self) -> None:
        self._fill_units()
        self.run_search()

    # -- selection --------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_count(self) -> int:
        """Rows selected (from the selection's ranges: Ctrl+A over 100,000 rows makes one)."""
        return sum(r.height() for r in self.table.selectionModel().selection())  # type: ignore[attr-defined]  # iterable; the stubs say not

    def selected_ids(self) -> list[int]:
        """The selected applications in display order when several are; else the current
        one (the one the detail pane shows), or none."""
        if self.selected_count() > 1:
            rows = sorted({row for r in self.table.selectionModel().selection()  # type: ignore[attr-defined]
                           for row in range(r.top(), r.bottom() + 1)})
            return [i for i in map(self.model.id_at, rows) if i is not None]
        current = self.current_id()
        return [] if current is None else [current]

    def select_id(self, app_id: int) -> bool:
        row = self.model.row_of(app_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._show_current()  # the same row, saved: as it is now
        return True

    def _show_current(self) -> None:
        """The detail pane: the current application (read again only when another, or the
        register has changed since), or what the list says when it shows none."""
        app_id = self.current_id()
        if app_id is None:
            self._shown = None
            if self.model.rowCount():
                self.detail.clear_record()
            else:
                self.detail.clear_record(self.empty_text() if self.model.year else "")
            return
        shown = (app_id, change_token(self.reg.conn))
        if shown != self._shown:
            self._shown = shown
            self.detail.show_application(self.STREAM, app_id)

    # -- keyboard ---------------------------------------------------------------
    def _search_now(self) -> None:
        if self._timer.isActive():
            self.run_search()

    # -- actions (the main window's shortcuts call these) ----------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        """F5: re-check the campaign against the plan and reload. In the background behind
        a cancellable progress dialog (seconds at 100,000 applications); a register with
        no file (tests) here. A read-only window could store nothing: it says so at once,
        without checking the campaign first."""
        from boostdesk.rules import refresh

        year = self.ctx.year
        if self.ctx.read_only:
            dialogs.show_error(self, "未能重新核对",
                               getattr(self.reg, "read_only_message", "登记册只读"))
            return
        if self.reg.path is None:
            self.ctx.write("重新核对", lambda: refresh(self.reg, year), changed="all",
                           title="未能重新核对", derived=True)
            return

        if self._checking:
            return  # F5 pressed again before the progress dialog showed: one check is enough

        def work(reg: Any, progress: Any, cancelled: Any) -> int:
            return len(refresh(reg, year, progress=progress, cancelled=cancelled))

        def done(count: int) -> None:
            self.ctx.changed.emit("all")
            self.ctx.notice.emit(f"已重新核对 {year} 年度的 {count} 项申报")

        task = self.ctx.run_long(f"正在按 {year} 年度计划重新核对…", work, done,
                                 with_register=True, parent=self)
        self._checking = True
        task.finished.connect(self._checked)

    def _checked(self) -> None:
        self._checking = False

    def _form_class(self) -> Any:
        raise NotImplementedError

    def new_item(self) -> Any:
        return self._open_form(None)

    def edit_current(self) -> Any:
        app_id = self.current_id()
        if app_id is None:
            self._nothing_picked("打开")
            return None
        return self._open_form(self.reg.application(self.STREAM, app_id))

    def _open_form(self, record: Any) -> Any:
        """A paper's form; in a read-only window, a paper opened to be read (只读（查看）),
        a new one refused."""
        if self.ctx.read_only and record is None:
            dialogs.show_error(self, "只读", getattr(self.reg, "read_only_message", "登记册只读"))
            return None
        form = self._form_class()(self.ctx, record, self)
        form.saved.connect(self._saved)
        form.finished.connect(self._back_to_table)
        self.current_form = form
        dialogs.open_modal(form)
        return form

    def _back_to_table(self, _result: int = 0) -> None:
        """A dialog closed: the keyboard is back on the register, where it left."""
        self.activateWindow()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _saved(self, app_id: int) -> None:
        self.select_id(app_id)

    def picked_count(self) -> int:
        """How many :meth:`picked_ids` gives, without gathering them."""
        picked, loaded = self.selected_count(), self.model.rowCount()
        if picked > 1 and picked >= loaded and len(self.model.ids) > loaded:
            return len(self.model.ids)
        return picked

    def picked_ids(self) -> list[int]:
        """What an action on the selection acts on: the selected rows (selected_ids), or
        every row found when every row in the view is selected — the view holds the rows
        fetched so far, so Ctrl+A selected the first 200 of 80,000 and 改状态 moved those."""
        picked, loaded = self.selected_count(), self.model.rowCount()
        if picked > 1 and picked >= loaded and len(self.model.ids) > loaded:
            return list(self.model.ids)
        return self.selected_ids()

    def _read_only_text(self) -> str:
        return getattr(self.reg, "read_only_message", "登记册只读")

    def _refused(self) -> bool:
        """A change asked of a read-only register: said at once, before any question,
        dialog or file is read (the change would be refused at the end)."""
        if not self.ctx.read_only:
            return False
        dialogs.show_error(self, "只读", self._read_only_text())
        return True

    def change_status(self) -> Any:
        """Ctrl+M: the current application's status, or that of all the rows selected."""
        if self._refused():
            return None
        ids = self.picked_ids()
        if not ids:
            self._nothing_picked("改变状态")
            return None
        from .status_dialog import StatusDialog

        dialog = StatusDialog(self.ctx, self.STREAM, ids, self)
        dialog.finished.connect(self._back_to_table)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def fill_received(self) -> Any:
        """Ctrl+D: one 收件日期 for the selected papers (the office's own date, 方案三)."""
        if self._refused():
            return None
        ids = self.picked_ids()
        if not ids:
            self._nothing_picked("填写收件日期")
            return None
        from .received_dialog import ReceivedDialog

        dialog = ReceivedDialog(self.ctx, self.STREAM, ids, self)
        dialog.finished.connect(self._back_to_table)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def print_selected(self) -> None:
        """The approval sheets of the selected applications, made on the 打印 screen."""
        from boostdesk.printing.refs import id_ref

        picked = self.selected_count()  # before the ids are gathered: Ctrl+A takes 80,000
        if picked > 1 and picked >= self.model.rowCount():  # every row: every row found
            picked = len(self.model.ids)
        if picked > MAX_SHEETS_PICKED:
            self.ctx.notice.emit(f"已选 {picked:,} 项，一次最多挑选 {MAX_SHEETS_PICKED:,} 项打印审批表；"
                                 "打印全部已核准的，请到“打印”页将“申报”一栏留空")
            return
        ids = self.picked_ids()
        if not ids:
            self._nothing_picked("打印审批表")
            return
        self.ctx.approval_wanted.emit("，".join(id_ref(self.STREAM, i) for i in ids))

    def _progress_entry(self, menu: QMenu) -> None:
        """The right-click menu's 打印办理进度告知单 (文件's entry, its key shown beside it)."""
        from .main_window import PROGRESS_KEY, PROGRESS_TEXT

        menu.addSeparator()
        if not self.ctx.read_only:  # the papers chosen given their 收件日期 at once
            dated = menu.addAction("填写收件日期(&D)…")
            dated.setShortcut(QKeySequence("Ctrl+D"))
            dated.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the window's key
            dated.triggered.connect(lambda _on=False: self.fill_received())
            # a near-copy 提示 found a false alarm: cleared from the paper (near_copy_question)
            near = menu.addAction("确认不是同一人(&J)…" if self.STREAM == PATENT
                                  else "确认不是同一项目(&J)…")
            near.setObjectName("clear_near")
            near.setToolTip("此申报提示可能与已登记的申报为同一人或同一项目（近似重复），核对后确为不同的："
                            "写明核对依据，此后不再提示")
            near.triggered.connect(lambda _on=False: self.clear_near())
        entry = menu.addAction(PROGRESS_TEXT)
        entry.setShortcut(QKeySequence(PROGRESS_KEY))
        entry.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown; the window's key
        entry.triggered.connect(lambda _on=False: self.print_progress())

    def clear_near(self) -> bool:
        """The current paper's near-copy 提示 cleared as a false alarm (确认不是同一人…)."""
        from .near_copy_question import clear_from_paper

        current = self.current_id()
        if current is None:
            self._nothing_picked("确认不是近似重复")
            return False
        return clear_from_paper(self, self.ctx, self.STREAM, current)

    def print_progress(self) -> None:
        """Ctrl+Shift+P: the 办理进度告知单 of the selected papers, made on the 打印 screen
        (one page a paper: what a caller is told)."""
        from boostdesk.printing.jobs import PROGRESS
        from boostdesk.printing.refs import id_ref

        picked = self.selected_count()
        if picked > MAX_SHEETS_PICKED:
            self.ctx.notice.emit(f"已选 {picked:,} 项，一次最多挑选 {MAX_SHEETS_PICKED:,} 项打印办理进度告知单；"
                                 "一个推荐单位的全部申报，请在“单位与人员”中选中该单位后打印")
            return
        ids = self.picked_ids()
        if not ids:
            self._nothing_picked("打印办理进度告知单")
            return
        self.ctx.progress_wanted.emit(PROGRESS, "，".join(id_ref(self.STREAM, i) for i in ids))

    def delete_current(self) -> None:
        if self._refused():
            return
        app_id = self.current_id()
        if app_id is None:
            self._nothing_picked("删除")
            return
        if self.selected_count() > 1:
            dialogs.show_error(self, "删除申报", "已选中多条申报：删除一次只删一条，请只选中要删除的那一条")
            return
        app = self.reg.application(self.STREAM, app_id)
        if not dialogs.ask_yes_no(
            self, "删除申报",
            f"删除{id_ref(self.STREAM, app_id)}“{app.named}”？\n只应删除录错的申报；删除后可用 Ctrl+Z 撤销。",
            yes="删除", no="不删除",
        ):
            return
        operations.delete_application(self.ctx, self.STREAM, app_id)

    def move_to_year(self) -> None:
        """A paper typed under the wrong year (the year box left on last year's): moved
        into the right one, judged there, undoable."""
        if self._refused():
            return
        app_id = self.current_id()
        if app_id is None:
            self._nothing_picked("移到其他年度")
            return
        if self.selected_count() > 1:
            dialogs.show_error(self, "移到其他年度", "已选中多条申报：一次只移一条，请只选中要移的那一条")
            return
        app = self.reg.application(self.STREAM, app_id)
        years = [y for y in self.reg.campaign_years() if y != app.campaign_year]
        if not years:
            dialogs.show_error(self, "移到其他年度",
                               "登记册中只有这一个年度：请先在“设置”中建立要移入的年度")
            return
        years.reverse()  # the newest first: a paper typed under last year belongs to this one
        chosen = dialogs.ask_choice(
            self, "移到其他年度",
            f"{id_ref(self.STREAM, app_id)}“{app.named}”现在 {app.campaign_year} 年度，移到：",
            [f"{y} 年度" for y in years])
        if chosen is None:
            return
        result = operations.move_to_year(self.ctx, self.STREAM, app_id, years[chosen])
        if result.ok:
            self.ctx.notice.emit(f"{id_ref(self.STREAM, app_id)} 已移到 {years[chosen]} 年度"
                                 "（在窗口上方“年度”中选择该年度可查看）；Ctrl+Z 可撤销")

    def import_table(self) -> Any:
        from .import_dialog import ImportDialog

        if self._refused():  # also a table dropped on the window
            return None
        dialog = ImportDialog(self.ctx, self)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    # -- exporting the list --------------------------------------------------------
    def export_ids(self) -> list[int]:
        """What 导出 writes: the selected rows when several are, else every row found, in
        the order shown. Every row in the view selected (Ctrl+A: the rows fetched so far)
        is every row found."""
        return self.picked_ids() if self.selected_count() > 1 else self.model.ids

    def export_list(self) -> None:
        """导出 xlsx (Ctrl+E): the list as shown, as a summary table (attachment 2 or 4 and
        the status and award; ID and card numbers masked, as on every copy but finance's,
        which 打印 exports)."""
        from boostdesk.io.headers import TABLE_BY_STREAM

        ids = self.export_ids()
        if not ids:
            self.ctx.notice.emit("列表中没有申报，无可导出")
            return
        name = TABLE_BY_STREAM[self.STREAM].name_zh
        path, _ = QFileDialog.getSaveFileName(
            self, "导出列表",
            export_start(self.ctx.settings, f"{self.ctx.year}年{name}-{len(ids)}项.xlsx"),
            "Excel 工作簿 (*.xlsx)")
        if path:
            remember_export(self.ctx.settings, path)
            self.save_list_to(Path(path), ids)

    def save_list_to(self, path: Path, ids: list[int] | None = None) -> None:
        if path.suffix.lower() != ".xlsx":
            path = with_extension(path, ".xlsx")
        ids = self.export_ids() if ids is None else ids
        stream, year = self.STREAM, self.ctx.year

        def work(reg: Any, progress: Any, cancelled: Any) -> int:
            from boostdesk.io.export_summary import build_summary, write_summary_xlsx

            summary = build_summary(reg, stream, year, ids=ids)
            write_summary_xlsx(path, summary, progress, cancelled)
            return len(summary.rows)

        def done(count: int) -> None:
            self.ctx.notice.emit(f"已导出 {count} 项：{path}")

        self.ctx.run_long("正在导出列表…", work, done, with_register=True, parent=self,
                          cancel_note=EXPORT_CANCEL_LEAVES)

    # -- layout memory ------------------------------------------------------------
    def restore_layout(self) -> None:
        settings = self.ctx.settings
        splitter = settings.value(f"{self.STREAM}/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        header = settings.value(f"{self.STREAM}/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def stop_reading(self) -> None:
        """The window closes: the list's search memory read in a thread (register_model)
        dropped, its thread waited for."""
        self.model.stop_reading()

    def save_layout(self) -> None:
        settings = self.ctx.settings
        settings.setValue(f"{self.STREAM}/splitter", self.splitter.saveState())
        settings.setValue(f"{self.STREAM}/header", self.table.horizontalHeader().saveState())


class PatentScreen(RegisterScreen):
    STREAM = PATENT
    NOUN = "专利"
    EMPTY_NEXT = ("按 Ctrl+N（新建）录入纸质申报表，或按 Ctrl+I（导入汇总表）导入推荐单位报来的"
                  "专利汇总表{attachment}；导入对话框的“空白汇总表…”可存下发给各单位的空表。")
    SEARCH_HINT = "姓名、专利号、专利名称、单位的任一片段；身份证号、电话、卡号全号或末 4–6 位（Ctrl+F）"

    def _form_class(self) -> Any:
        from .patent_form import PatentForm

        return PatentForm

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._add_past_menu(
            "往年（登记册启用前）已获助推的专利：补录往年核准名单、结年（补录完毕后其余专利记为资格审核不通过）、撤销结年",
            (("补录往年核准名单(&L)…", self.record_past_list,
              "一年已获助推的专利名单（专利号或登记号、核准日期，可带拨付日期：按往年已拨付记）"
              "按该年度每项专利金额补录为核准"),
             ("往年结年(&C)…", self.close_past_year,
              "补录完毕后，该年度其余项目记为“未获助推”、尚未核准的专利记为“资格审核不通过”（先说明数目并询问）"),
             ("撤销结年(&O)…", self.reopen_past_year, "结年错了的：专利改回“已登记”，项目改回“专家评审”")))

    def record_past_list(self, path: str | None = None) -> Any:
        """往年 ▾ → 补录往年核准名单… (编辑 → 补录往年名单…): an earlier year's awarded
        patents from a workbook or CSV (panel.past_patents), all or nothing."""
        from .past_dialog import record_past_patents_list

        if self._refused():
            return None
        return record_past_patents_list(self.ctx, self, path)


class ProjectScreen(RegisterScreen):
    STREAM = PROJECT
    NOUN = "创新项目"
    EMPTY_NEXT = ("按 Ctrl+N（新建）录入申报书，或按 Ctrl+I（导入汇总表）导入推荐单位报来的"
                  "项目汇总表{attachment}；导入对话框的“空白汇总表…”可存下发给各单位的空表。")
    SEARCH_HINT = "项目、工作室、领衔人、单位的任一片段；联系电话全号或末 4–6 位（Ctrl+F）"

    def _form_class(self) -> Any:
        from .project_form import ProjectForm

        return ProjectForm

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._add_past_menu(
            "往年（登记册启用前）的结果：补录往年结果（选中的项目）、补录往年名单、"
            "结年（补录完毕后其余项目记为未获助推）、撤销结年",
            (("补录往年结果(&P)…", self.record_past,
              "选中的往年项目按档次和核准日期补录为核准，不经评分和公示；补录错了、没有款项登记拨付的：撤销补录"),
             ("补录往年名单(&L)…", self.record_past_list,
              "一年的补录名单（可带验收日期、验收结论：按往年已结题补录）"),
             ("往年结年(&C)…", self.close_past_year,
              "补录完毕后，该年度其余项目记为“未获助推”（先说明数目并询问）"),
             ("撤销结年(&O)…", self.reopen_past_year, "结年错了的：项目改回“专家评审”")))

    def record_past_list(self, path: str | None = None) -> Any:
        """编辑 → 补录往年名单…: an earlier year's list of awards from a workbook or CSV
        (panel.past_list), recorded all or nothing, every wrong line named."""
        from PySide6.QtWidgets import QFileDialog

        from boostdesk.money import format_money
        from boostdesk.panel.past_list import COLUMNS, read_past_list
        from boostdesk.panel.past_settle import record_history_list, settled_text

        if self._refused():
            return None
        year = self.ctx.year
        if year >= max(self.reg.campaign_years(), default=year):
            dialogs.show_error(self, "补录往年名单", f"{year} 年度是登记册中最新的年度，其结果按专家评审和公示确定："
                               "补录往年名单只用于此前年度，请先在“年度”菜单中选择要补录的年度")
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, f"选择 {year} 年度的补录名单（每行：{COLUMNS}）",
                import_start(self.ctx.settings), "补录名单 (*.xlsx *.xls *.csv)")
            if not path:
                return None
            remember_import(self.ctx.settings, path)
        listed = Path(path)

        def recorded(result: Any) -> None:
            if not result.ok:
                return
            done, settled = result.value
            text = (f"已补录 {year} 年度 {len(done)} 项核准助推，合计 "
                    f"{format_money(sum(x.amount_fen for x in done))}（历史补录）"
                    + (f"，其中 {settled_text(settled)}" if settled else "") + "。"
                    + ("名单未填验收日期的，拨付和结题验收请在“拨付”中按实际日期登记。"
                       if len(settled) < len(done) else ""))
            notes = [f"“{x.title}”：{n}" for x in done for n in x.notes]
            dialogs.show_info(self, "已补录名单",
                              text + ("\n请注意：\n" + "\n".join(notes) if notes else ""))

        # after a backup: on a large register in the background (None returned at once)
        result = self.ctx.write_backed_up(
            f"补录{year}年度名单", lambda reg, cancelled: record_history_list(
                reg, read_past_list(reg, year, listed), cancelled=cancelled),
            changed="project", parent=self, title="未能补录名单", on_done=recorded)
        return result.value[0] if result is not None and result.ok else None

    def record_past(self) -> Any:
        """补录往年结果…: the chosen project of an earlier year recorded as approved at its
        tier and approval date (panel.past), without scores or publicity; on a project so
        recorded and none of its money standing paid, 撤销补录 (a record made in error); on
        one with money standing paid, why it is not withdrawn."""
        from boostdesk.panel.past import (
            is_past_record,
            is_recorded_past,
            past_refusal,
            withdraw_refusal,
        )

        from .past_dialog import PastAwardDialog, WithdrawPastDialog

        if self._refused():
            return None
        app_id = self.current_id()
        if app_id is None:
            self._nothing_picked("补录往年结果")
            return None
        if self.selected_count() > 1:
            dialogs.show_error(self, "补录往年结果", "已选中多条申报：一次补录一项，请只选中一项")
            return None
        app = self.reg.project(app_id)
        if is_recorded_past(self.reg, app):  # recorded in error: the office withdraws it
            withdraw = WithdrawPastDialog(self.ctx, app, self)
            self.current_form = withdraw
            dialogs.open_modal(withdraw)
            return withdraw
        if is_past_record(self.reg, app):  # paid: the refusal says what to do first
            dialogs.show_error(self, "撤销补录", withdraw_refusal(self.reg, app))
            return None
        why = past_refusal(self.reg, app)
        if why:
            dialogs.show_error(self, "补录往年结果", why)
            return None
        dialog = PastAwardDialog(self.ctx, app, self)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog
