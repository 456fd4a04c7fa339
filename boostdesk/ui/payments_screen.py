"""拨付: what is due, to whom, how much, and what is overdue; marking paid; acceptance.

Thin over :mod:`boostdesk.finance`: the screen lists the payment lines of the campaign in
view, and every change (a payment, an acceptance) goes through :meth:`AppContext.write`.
The payment plan itself is derived from the awards, so it is brought up to date (audited,
by the register) each time the screen loads.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk import award_holds
from boostdesk.award_holds import Hold
from boostdesk.finance.acceptance import (
    overdue_completions,
    record_acceptance,
    record_failed_acceptance,
)
from boostdesk.finance.acceptance_postpone import Postponement, postponement_of
from boostdesk.finance.cancel import cancel_payments, revoked_refusal
from boostdesk.finance.cautions import payment_cautions, resend_warning
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.late_completion import (
    LATE,
    completion_limit_of,
    late_line,
    late_marks,
    late_reason_refusal,
)
from boostdesk.finance.lines import (
    ACCEPTANCE_FAILED,
    AWAITING_ACCEPTANCE,
    CARD_STALE,
    DUE,
    HELD,
    HELD_WHY,
    NO_CARD,
    OVERDUE,
    PAID,
    RETURNED,
    TO_RECOVER,
    WAS_RECOVERED,
    PaymentLine,
    due_parts,
    held_groups,
    payers_of,
    total,
)
from boostdesk.finance.movements import RETURNED as SENT_BACK
from boostdesk.finance.movements import SENT, Movement, Trail, read_trail
from boostdesk.finance.other_years import still_owed
from boostdesk.finance.paying import REASON, VOUCHER, Refused, check_all_payable, record_paid
from boostdesk.finance.payment_plan import hold_lifted, sync_if_writable
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import check_all_returnable, return_payments, returned_refusal
from boostdesk.finance.voucher_use import voucher_caution
from boostdesk.io.list_export import ShownList, fen_yuan, write_list_xlsx
from boostdesk.models import clock
from boostdesk.models.records import PROJECT
from boostdesk.money import format_money
from boostdesk.near_copy_notes import NEAR_MARK, near_flagged, near_note
from boostdesk.paths import with_extension
from boostdesk.rules import recheck
from boostdesk.validate import ValidationError, after_today

from . import dialogs
from .column_widths import fit_columns
from .context import EXPORT_CANCEL_LEAVES, AppContext, OpResult
from .copy_rows import copyable
from .day_watch import DayWatch
from .elided_tips import plain_tips
from .empty_hint import EmptyHint
from .export_folder import export_start, remember_export
from .form_widgets import DateField, TextField
from .in_view import ReloadInView
from .keep_selection import KeepSelection, selected_ids
from .many_rows import ListView, select_many
from .payments_acceptance import WithdrawAcceptance
from .payments_flags import FlagNote, waiting
from .payments_keep_card import KeepCard
from .payments_postpone import PostponeAcceptance, WithdrawPostponement
from .payments_tally import ShownTally
from .payments_why import greyed_why, lettered, not_payable_why
from .reason_dialog import ReasonDialog
from .row_search import SearchRowsModel
from .rows_model import Index, Row
from .search_box import ListSearch
from .small_screen import NoteLabel, WrappedTextFits, WrapRow
from .style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR, row_height
from .theme import MUTED_COLOUR, themed

COLUMNS = ("状态", "批次", "付款单位", "收款人/收款单位", "金额", "应拨日期", "拨付日期", "凭证号",
           "类别", "推荐单位", "专利号/项目名称")
STATE_COLOUR = {OVERDUE: "#fdeceb", PAID: "#eef7ee", AWAITING_ACCEPTANCE: "#f3f5f6",
                ACCEPTANCE_FAILED: "#f3f5f6", HELD: "#fff4e0", NO_CARD: "#fff4e0",
                CARD_STALE: "#fff4e0",
                RETURNED: "#fff4e0", DUE: None}
ALL = "全部"
REFRESH_ON = ("patent", "project", "payments", "campaign", "all")
STATE_COLUMN, AMOUNT_COLUMN, DUE_COLUMN, PAID_COLUMN = 0, 4, 5, 6
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# the exported sheet's widths (characters): 付款单位, 收款人/收款单位, 推荐单位 and the
# patent number or project title wide enough to read
EXPORT_WIDTHS = {0: 12, 1: 14, 2: 30, 3: 30, 4: 14, 5: 12, 6: 16, 7: 16, 8: 6, 9: 30, 10: 36}
STATE_TEXT_COLOUR = {OVERDUE: ERROR_COLOUR, PAID: OK_COLOUR, HELD: WARNING_COLOUR,
                     NO_CARD: WARNING_COLOUR, CARD_STALE: WARNING_COLOUR,
                     RETURNED: WARNING_COLOUR, TO_RECOVER: ERROR_COLOUR}
# a row's colours (read only): one dict a state, not one a line
_STATE_COLOURS = {state: {STATE_COLUMN: colour} for state, colour in STATE_TEXT_COLOUR.items()}
WIDEST_FITTED = 200  # a longer name is elided (its row's tooltip says it in full)
NAMES_LEAST = 120  # the names on a narrow window: no narrower (the list scrolls sideways)
TRANCHE_COLUMN = 1
UNIT_COLUMN, REF_COLUMN = 9, 10
# 专利号/项目名称 shown third, after 批次: which patent or project a line pays was the last
# column, 100 pixels wide ("ZL20201148922…") at 100 % and off the screen at 125 %
REF_SHOWN_AT = 2
# 付款单位, 收款人/收款单位, 专利号/项目名称: on a wide window they share the room with
# 推荐单位, shown last (at WIDEST_FITTED a long payer was cut beside a last column 500 wide)
NAME_COLUMNS = (2, 3, REF_COLUMN)
# The totals line's buckets: a line's state, a returned one past its term apart
BUCKETS = (DUE, OVERDUE, RETURNED, AWAITING_ACCEPTANCE, PAID, ACCEPTANCE_FAILED, HELD,
           "returned_overdue", TO_RECOVER, WAS_RECOVERED, NO_CARD, CARD_STALE)
(B_DUE, B_OVERDUE, B_RETURNED, B_AWAITING, B_PAID, B_WITHHELD, B_HELD, B_RETURNED_OVERDUE,
 B_TO_RECOVER, B_RECOVERED, B_NO_CARD, B_CARD_STALE) = range(len(BUCKETS))
# The small dialogs' width, as 公示's: laid out to their text, 登记拨付 for one line opened
# 205 pixels wide, its sentence broken inside （一次拨付）.
DIALOG_WIDTH = 460


KEEP_TIP = "核准后经核对为不合格、暂缓拨付的助推，经研究仍予助推：写明理由后即可拨付"
ACCEPT_TIP = "选中项目的一笔款项，登记其结题验收：通过即可拨付尾款，未通过则尾款不予拨付"
# workflow: → accepted / acceptance_failed. 二（四）4 ties only the rest to the acceptance: it
# is recorded on its day with the first tranche paid or not (finance.acceptance)
ACCEPTABLE = ("approved", "paid_first", "acceptance_failed")
CANCEL_TIP = ("选中登记错的已拨付款项（收款人选错、日期或凭证号写错），撤销其拨付登记（须填理由）："
              "款项重新列入待拨付，再按正确的日期、凭证号登记。款已汇出又被银行退回的请用“登记退汇”")
RETURN_TIP = ("选中汇出后被银行退回的已拨付款项（会员卡已销户、户名不符、收款账户变更），登记退汇日期和原因："
              "原拨付留在修改记录中，款项列为“退汇待重拨”、不计入已拨付；专利更正卡号、项目改汇新收款单位（工作室 → 修改）后再登记拨付")
RECOVER_TIP = ("选中撤销助推后应追回的一笔款项（款已汇出、助推已撤销），登记该付款单位本次追回的金额、"
               "日期和凭证号（可分次追回，直至追回全部；对话框列出各付款单位应追回、已追回、尚欠）；"
               "撤销助推在“专利助推”或“创新项目”的“改变状态”（Ctrl+M）中登记")

RECOVERED_WORD = "追回"
RECOVERED_MOVE = "recovered"  # a revoked award's money back (finance.recovery), by its day


_hold = attrgetter("hold")
# a year's lines hold a few amounts (tranche shares): each written once, not 100,000 times
_money = lru_cache(maxsize=4096)(format_money)


def line_moves(x: PaymentLine, trail: Trail,
               back: dict[int, list[tuple[date, int]]]) -> list[Movement]:
    """Each movement of ``x``'s money by its own day: sent, sent back (退汇), and its share
    of each sum recovered (``back``: :func:`recovered_by_day`)."""
    moves = trail.of(x)
    moves += [Movement(x.id, RECOVERED_MOVE, day, fen, "") for day, fen in back.get(x.id, ())]
    return moves


def recovered_by_day(lines: list[PaymentLine]) -> dict[int, list[tuple[date, int]]]:
    """The revoked awards' paid lines' shares of their payers' instalments, by day: a
    payer's sums fill its oldest tranche's line first, as its lines' 已追回 read."""
    from boostdesk.finance.recovery_parts import spread_by_day

    parts: dict[tuple[str, int, str], list[PaymentLine]] = {}
    for x in lines:
        if x.to_recover and x.recovery is not None and x.recovery.instalments:
            parts.setdefault((x.stream, x.app_id, x.payer), []).append(x)
    out: dict[int, list[tuple[date, int]]] = {}
    for paid in parts.values():
        paid.sort(key=lambda x: (x.tranche, x.id))
        instalments = paid[0].recovery.instalments  # type: ignore[union-attr]
        out.update(spread_by_day([(x.id, x.amount_fen) for x in paid], instalments))
    return out


class _Moves(dict[int, list[Movement]]):
    """Each line's movements (``line_moves``) by its id, worked out when a 拨付日期 filter
    first asks for them, not at each load (0.1–0.2 s of 拨付's opening at 100,000 lines)."""

    def __init__(self, by_id: dict[int, PaymentLine], trail: Trail) -> None:
        super().__init__()
        self._by_id, self._trail = by_id, trail
        self._back: dict[int, list[tuple[date, int]]] | None = None

    def __missing__(self, line_id: int) -> list[Movement]:
        if self._back is None:
            self._back = recovered_by_day(list(self._by_id.values()))
        moves = self[line_id] = line_moves(self._by_id[line_id], self._trail, self._back)
        return moves

    def get(self, line_id: int, default: Any = None) -> Any:  # type: ignore[override]
        return self[line_id] if line_id in self._by_id else default


def _typed_day(field: DateField, end: bool) -> date | None:
    """The day typed in 从 (``end`` False) or 到; a month or a year its first or last day;
    None when empty or unreadable (:func:`_unread` says so)."""
    from boostdesk.paid_in import PeriodError, parse_period

    text = field.text().strip()
    if not text:
        return None
    try:
        return field.value()
    except ValidationError:
        pass
    try:
        period = parse_period(text)
    except PeriodError:
        return None
    return period.last if end else period.first


def _unread(field: DateField, name: str) -> str:
    text = field.text().strip()
    if not text or _typed_day(field, False) is not None:
        return ""
    return f"拨付日期{name}“{text}”无法识别：请写如 2023-03-01，或月份 2023-03"


class PaymentsModel(SearchRowsModel):
    """The payment lines, each row tinted by its state (the 状态 column's text), its
    tooltip written when asked for (``describe(line id)``) rather than for every line."""

    def __init__(self, describe: Callable[[Any], str], parent: Any = None,
                 **search: Any) -> None:
        super().__init__(COLUMNS, parent, right=(AMOUNT_COLUMN,), sorted_on_load=False,
                         **search)
        self.describe = describe

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            if role == Qt.ItemDataRole.BackgroundRole:
                tint = STATE_COLOUR.get(self.rows[index.row()].cells[STATE_COLUMN])
                return self._brush(tint) if tint else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.describe(self.rows[index.row()].id) or None
        return super().data(index, role)


class PaymentsScreen(WrappedTextFits, QWidget):
    """The 拨付 screen."""

    selection_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list[PaymentLine] = []
        self.near: set[tuple[str, int]] = set()  # (stream, id) of papers marked (near copies)
        self.shown: list[PaymentLine] = []
        self.states: dict[int, str] = {}
        self.by_id: dict[int, PaymentLine] = {}
        self.line_rows: dict[int, Row] = {}
        self.tally: dict[int, tuple[int, int]] = {}  # a line's bucket (BUCKETS) and amount
        self.recovered: dict[int, int] = {}
        self._shown_ids: list[int] = []
        self._shown_tally = ShownTally([], {}, {}, len(BUCKETS), listed=frozenset(),
                                       returned=frozenset())
        self._year_due: tuple[int, int] | None = None  # 待拨付 of the year: lines, fen
        self.dialog: QDialog | None = None
        self.today = clock.today()

        self.tranche = QComboBox()
        self.tranche.addItems([ALL, "第一批（专利、项目首笔）", "第二批（项目尾款）"])
        self.payer = QComboBox()
        self.payer.setMinimumWidth(200)
        self.state = QComboBox()
        self.state.addItems([ALL, DUE, OVERDUE, RETURNED, HELD, NO_CARD, CARD_STALE,
                             AWAITING_ACCEPTANCE,
                             ACCEPTANCE_FAILED, PAID, TO_RECOVER, WAS_RECOVERED])
        for box in (self.tranche, self.payer, self.state):
            box.currentIndexChanged.connect(self._show)

        # the filters and the buttons wrap on to further lines where the screen is narrower
        # than they are: at 18 pt on a 960-wide screen they held the screen 996 wide
        filters = WrapRow()
        for label, box in (("批次", self.tranche), ("付款单位", self.payer), ("状态", self.state)):
            caption = QLabel(label)
            caption.setBuddy(box)  # the box named by it: a screen reader said only "全部"
            box.setAccessibleName(label)
            filters.addWidget(caption)
            filters.addWidget(box)
        # the paid days on the search's row: on a row of their own the list had 4½ rows at
        # 1366×768 ×1.5 (the row wraps where the room is narrower)
        find = WrapRow()
        # the paid days (从/到): each movement of a line's money by its own day — a transfer
        # sent, one sent back, a recovery — as `stats --paid-in` counts them; a month or a
        # year typed (2023-03) is its first day in 从, its last in 到
        self.paid_from = DateField(self)
        self.paid_to = DateField(self)
        self.paid_from.setPlaceholderText("如 2023-03-01")  # a month: its tooltip says
        self.paid_to.setPlaceholderText("如 2023-03-31")
        for label, field, name, tip in (
                ("拨付日期 从(&D)", self.paid_from, "拨付日期从", "只列此日及以后有资金往来的款项"),
                ("到(&U)", self.paid_to, "拨付日期到", "只列此日及以前有资金往来的款项")):
            caption = QLabel(label)
            caption.setBuddy(field)
            field.setAccessibleName(name)
            field.setToolTip(f"{tip}（拨付、退汇、追回各按其日期）；可写月份如 2023-03；空着不限")
            field.textChanged.connect(self._show)
            # a whole day readable (a narrow window squeezed it to 如 202…): wraps instead
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("2023-03-31 ") + 16)
            find.addWidget(caption)
            find.addWidget(field)
        filters.addStretch(1)
        # beside the days: beside the filters it held a small laptop's screen wider
        self.search = ListSearch(self, "收款人、单位、专利号、项目或登记号如 项目6 的任一片段（Ctrl+F）",
                                 "搜索款项")
        find.addWidget(QLabel("搜索"))
        find.addWidget(self.search.box, 1)
        find.addWidget(self.search.count)

        # wrapped: on one line the summary held the screen 989 px wide at 1280×720 ×1.5
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.others = NoteLabel()  # what other years still owe: the window opens on the newest
        self.others.setObjectName("other_years_owed")
        self._owed_notes: list[str] = []  # what other years still owe, from the last load
        self._other_moves: list[Any] = []  # other years' transfers by day (paid_in.YearMove)
        self.others.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        # the projects past their completion date unaccepted: the overdue in red, those
        # put off to a day not yet come apart (a Tab stop each; Enter or F1 lists them all)
        self.overdue_note = FlagNote("逾期未验收", ERROR_COLOUR, "overdue_flags", self)
        self.flags = self.overdue_note.label
        self.postponed_note = FlagNote("延期验收", None, "postponed_flags", self)
        self.postponed_flags = self.postponed_note.label

        self.model = PaymentsModel(self.describe, self, extra=self._found_by,
                                   refs=self._refs)
        self.table = ListView()
        self.table.setObjectName("payments_table")
        self.table.setAccessibleName("拨付列表")
        plain_tips(self.table)
        EmptyHint(self.table, lambda: "没有符合筛选条件的款项" if getattr(self, "lines", None) else
                  f"{self.ctx.year} 年度还没有应拨款项：专利核准后、创新项目公示期满核准后，"
                  "应拨的款项（付款单位、收款人、金额、应拨日期）在这里列出，拨付后在这里登记")
        self.table.setModel(self.model)
        self.search.show_list(self.table, self.model, "笔款项")
        self.search.searched.connect(self._update_summary)
        copyable(self.table, ctx.notice.emit, export="导出当前列表（Ctrl+E）")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # rows, several at once; ↓ from the search box (Tab, Ctrl+7) into the list chooses
        # the line the cursor lands on: its buttons greyed beside it, Enter paid it
        select_many(self.table)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list (↑↓ move in it), to the buttons
        self.table.verticalHeader().setVisible(False)
        # rows as high as 专利助推's (Qt's own were 4 pixels higher: a row less at 150 %)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(row_height(self.table))
        self.table.setAlternatingRowColors(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.moveSection(header.visualIndex(REF_COLUMN), REF_SHOWN_AT)  # 推荐单位 last
        header.setStretchLastSection(True)
        # The domain's order (campaign, stream, unit, application, tranche, payer) until a
        # header is clicked: no indicator, so enabling sorting sorts nothing yet.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self._fitting = False
        self._sized_by_hand: set[int] = set()
        header.sectionResized.connect(self._section_resized)
        self._share = WIDEST_FITTED  # the names' widest when last fitted
        self.table.viewport().installEventFilter(self)  # a wider window: the names grow
        # The selection by line, kept across a reload, a filter and a sort (each resets
        # the model).
        self.keeper = KeepSelection(self.table, self.model)  # across reloads and filters
        # a header sort moves the chosen lines with their rows: the current one stays in view
        self.model.layoutChanged.connect(lambda: self.table.scrollTo(self.table.currentIndex()))
        # the buttons follow the lines chosen, after a search's reset too (they were left
        # as for the lines chosen before it)
        self.keeper.follow(self._selection_changed, selection=True)
        self.table.doubleClicked.connect(lambda _: self.ask_mark_paid())
        pay = QAction(self.table)
        pay.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        pay.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        pay.triggered.connect(self.ask_mark_paid)
        self.table.addAction(pay)

        self.pay_button = QPushButton(lettered("登记拨付…"))
        self.pay_button.setToolTip("把选中的款项登记为已拨付（拨付日期、凭证号）；在列表中按 Enter")
        self.pay_button.clicked.connect(self.ask_mark_paid)
        self.cancel_button = QPushButton(lettered("撤销拨付登记…"))
        self.cancel_button.setToolTip(CANCEL_TIP)
        self.cancel_button.clicked.connect(self.ask_cancel_paid)
        self.return_button = QPushButton(lettered("登记退汇…"))
        self.return_button.setToolTip(RETURN_TIP)
        self.return_button.clicked.connect(self.ask_return)
        self.keep_button = QPushButton(lettered("维持核准…"))
        self.keep_button.setToolTip(KEEP_TIP)
        self.keep_button.clicked.connect(self.ask_keep)
        self.recover_button = QPushButton(lettered("登记已追回…"))
        self.recover_button.setToolTip(RECOVER_TIP)
        self.recover_button.clicked.connect(self.ask_recovered)
        self.accept_button = QPushButton(lettered("登记结题验收…"))
        self.accept_button.setToolTip(ACCEPT_TIP)
        self.accept_button.clicked.connect(self.ask_acceptance)
        self.withdraw_acceptance = WithdrawAcceptance(self)  # 撤销结题验收…
        self.postpone = PostponeAcceptance(self)  # 延期验收…
        self.unpostpone = WithdrawPostponement(self)  # 撤销延期…
        self.keep_card = KeepCard(self)  # 确认原卡号重拨…
        buttons = WrapRow()
        buttons.addWidget(self.pay_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.recover_button)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.withdraw_acceptance.button)
        buttons.addWidget(self.postpone.button)
        buttons.addWidget(self.unpostpone.button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.keep_card.button)
        buttons.addStretch(1)
        # why a greyed button waits for the lines chosen: greyed, it takes no Tab, and its
        # tooltip needs the mouse (as 排名与档次's and 公示's line)
        self.greyed = NoteLabel()
        self.greyed.setObjectName("greyed_why")
        self.greyed.setAccessibleName("按钮不可用的原因")
        self.greyed.setTextFormat(Qt.TextFormat.PlainText)
        self.greyed.setStyleSheet(f"color: {themed(MUTED_COLOUR)};")

        # compact: the list's rows are what the clerk works on (at 1366×768 ×1.5 the air
        # between the rows above took a list row); the notes one block of lines
        layout = QVBoxLayout(self)
        margins = layout.contentsMargins()
        layout.setContentsMargins(margins.left(), 4, margins.right(), 4)
        layout.setSpacing(4)
        buttons.setSpacing(4)
        notes = QVBoxLayout()
        notes.setSpacing(1)
        for note in (self.summary, self.others, self.flags, self.postponed_flags):
            notes.addWidget(note)
        layout.addLayout(filters)
        layout.addLayout(find)
        layout.addLayout(notes)
        # a few lines in view, the screen scrolling on a small one rather than the list
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 4 * self.table.verticalHeader().defaultSectionSize() + 4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.greyed)
        # Tab as the eye reads: the days (made with the screen as parent) came first, before
        # 批次 at the left of the row above them
        chain = [self.tranche, self.payer, self.state, self.paid_from, self.paid_to,
                 self.search.box, self.flags, self.postponed_flags, self.table]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

        self._sync_others = False  # a year chosen while behind another screen
        self._in_view = ReloadInView(self, self._reload_noted)
        ctx.changed.connect(self._changed)
        ctx.year_changed.connect(self._year_changed)
        self.reload()
        # past midnight a line due yesterday is overdue: the window stays open overnight
        self.day_watch = DayWatch(self, lambda: self.today, lambda: self.reload(sync_others=False))

    # -- loading -------------------------------------------------------------------------
    def _year_changed(self, _year: int) -> None:
        # A method, not a lambda: PySide disconnects it when the screen is deleted
        # (从备份恢复 rebuilds the screens; a lambda would outlive this one).
        self._sync_others = True
        self._in_view()  # behind another screen: when next shown

    def _changed(self, kind: str) -> None:
        if kind in REFRESH_ON:
            self._in_view()  # a write here is to the year in view: no other years' sync

    def _reload_noted(self) -> None:
        sync, self._sync_others = self._sync_others, False
        self.reload(sync_others=sync)

    def refresh(self) -> None:
        """F5 in the main window."""
        self.reload()

    def show_overdue(self) -> None:
        """Every project overdue for its acceptance, one a line (Enter or F1 on the note)."""
        self.overdue_note.show_all()

    @property
    def _overdue(self) -> list[str]:
        """The overdue projects' messages, of those the note shows."""
        return self.overdue_note.said

    @property
    def _all_flags(self) -> list[Any]:
        """Every project overdue for its acceptance (not one put off to a day to come)."""
        return self.overdue_note.every

    def focus_search(self) -> None:
        self.search.focus()

    def _found_by(self, row: Row) -> str:
        """What a line is searched by beyond its cells: the title, studio, enterprise."""
        x = self.by_id.get(row.id)
        # a recovered line's transfer voucher, not in its cells
        return " ".join((x.title, x.studio_name, x.enterprise_name, x.voucher)) if x else ""

    def _refs(self, row: Row) -> tuple[str, ...]:
        x = self.by_id.get(row.id)
        return (f"{'项目' if x.stream == PROJECT else '专利'}{x.app_id}",) if x else ()

    def reload(self, sync_others: bool = True) -> None:
        """Bring the plan up to date with the awards and show it; ``sync_others``: the
        other years' plans too, for what they still owe (on opening, a year chosen, F5)."""
        reg, year = self.ctx.reg, self.ctx.year
        self.today = clock.today()
        reg.operator = self.ctx.operator
        sync_if_writable(reg, year)
        self.lines = payment_lines(reg, year)
        self.trail = read_trail(reg)  # the days each line's money moved
        self._prepare()
        others = still_owed(reg, year, as_of=self.today, sync=sync_others)
        self._owed_notes = [f"注意：{o.message}，请在工具栏“年度”中选 {o.year} 年度查看"
                            for o in others]
        # other years' transfers by day, for the 注意 under a 拨付日期 filter (read once)
        from boostdesk.paid_in import year_moves

        self._other_moves = year_moves(reg, [y for y in reg.campaign_years() if y != year])
        self._say_others()
        flags = overdue_completions(reg, self.today)
        self.overdue_note.load([f for f in flags if not waiting(f)])
        self.postponed_note.load([f for f in flags if waiting(f)])
        current = self.payer.currentText()
        self.payer.blockSignals(True)
        self.payer.clear()
        self.payer.addItem(ALL)
        for _, name in payers_of(self.lines):
            self.payer.addItem(name)
        index = self.payer.findText(current)
        self.payer.setCurrentIndex(max(0, index))
        self.payer.blockSignals(False)
        self._show()

    def _prepare(self) -> None:
        """Each line's state and row, computed once per load (filters only pick)."""
        today = self.today
        self.by_id = {x.id: x for x in self.lines}
        # 逾期结题 accepted on the office's decision: its last tranche says so
        self.late = late = late_marks(self.ctx.reg, {x.app_id for x in self.lines
                                                     if x.stream == PROJECT})
        # a paper that may copy a registered one (near_copy_notes): its lines marked as
        # `pay list` marks them, the set read once a load (not a paper's findings a row)
        self.near = near = near_flagged(self.ctx.reg, {(x.stream, x.app_id) for x in self.lines})
        # one walk of the lines (100,000 of them at the field report's scale)
        states: dict[int, str] = {}
        rows: dict[int, Row] = {}
        tally: dict[int, tuple[int, int]] = {}
        row, bucket = self._row, self._bucket
        for x in self.lines:
            i, state = x.id, x.state(today)
            states[i] = state
            rows[i] = row(x, state, late_line(x, late),
                          bool(near) and (x.stream, x.app_id) in near)
            tally[i] = (bucket(x, state), x.amount_fen)
        self.states, self.line_rows, self.tally = states, rows, tally
        self._year_due = None
        # a revoked award's line: its share of what its payer has returned (in instalments)
        self.recovered = {x.id: x.recovered_fen for x in self.lines if x.to_recover}
        self.moves = _Moves(self.by_id, self.trail)

    def _bucket(self, x: PaymentLine, state: str) -> int:
        """Where the totals line counts a line: its state, a line sent back and owed again
        apart by whether it is past its term."""
        if state == RETURNED and x.overdue(self.today):
            return B_RETURNED_OVERDUE
        return BUCKETS.index(state)

    @staticmethod
    def _row(x: PaymentLine, state: str, late: str = "", near: bool = False) -> Row:
        due = "不予拨付" if x.withheld else x.due_date.isoformat() if x.due_date else "验收后"
        # the mark alone: the decision and its reason are the tooltip's (a cell cut them)
        tranche = f"{x.tranche_name}（{LATE}）" if late else x.tranche_name
        if x.was_returned:  # re-sent after a return: the list keeps that it came back once
            tranche += "（曾退汇）"
        if x.was_cancelled:  # a mark taken back: its voucher is the tooltip's
            tranche += "（曾撤销登记）"
        if near:  # the 提示 and the other paper are the tooltip's
            tranche += f"[{NEAR_MARK}]"
        day, voucher = x.paid_date.isoformat() if x.paid_date else "", x.voucher
        if state == WAS_RECOVERED and x.recovered_date:
            # the money came back that day: the paid day and its voucher are the tooltip's
            # (beside it, the transfer's voucher read as the recovery's)
            day, voucher = f"{x.recovered_date.isoformat()} {RECOVERED_WORD}", ""
        shown = state
        if x.to_recover and x.recovered_fen and not x.recovered_date:  # partly back
            shown = f"{state}（尚欠 {format_money(x.owing_fen)}）"
        cells = (shown, tranche, x.payer_name, x.payee, _money(x.amount_fen), due,
                 day, voucher, "专利" if x.stream != PROJECT else "项目", x.unit_name, x.ref)
        return Row(x.id, cells, "", None, _STATE_COLOURS.get(state))

    def describe(self, line_id: int) -> str:
        """A row's tooltip: what is paid for, by whom to whom, which part of the award."""
        x = self.by_id.get(line_id)
        if x is None:
            return ""
        what = (f"项目“{x.title}”（{x.studio_name}）" if x.stream == PROJECT
                else f"专利“{x.title}”（{x.ref}）")
        tip = (f"{what}\n{x.payer_name} → {x.payee}：{x.tranche_name} {x.share_percent}%，"
               f"{format_money(x.amount_fen)}（助推资金 {format_money(x.award_fen)}）")
        if (x.stream, x.app_id) in self.near:  # the paper it may copy, named
            tip += f"\n{NEAR_MARK}：{near_note(self.ctx.reg, x.stream, x.app_id)}"
        if late_line(x, self.late):  # accepted after the latest completion date: whose decision
            mark = self.late[x.app_id]
            tip += f"\n{mark.text}" + (f"（最晚结题日期 {mark.limit}）" if mark.limit else "")
        if x.recovery is not None:  # revoked since: its payer's part, each sum returned
            tip += f"\n撤销助推：{x.recovery.text}"
            if x.recovered_fen and x.recovery.amount_fen != x.amount_fen:  # of several lines
                tip += (f"\n本笔已追回 {format_money(x.recovered_fen)}，"
                        f"尚欠 {format_money(x.owing_fen)}（分次追回的先抵较早批次）")
        if x.hold:  # the award is no longer right since its approval: what changed, what to do
            tip += f"\n{x.hold}"
        elif x.card_only:  # the award stands; the card it is paid to is missing (or stale)
            tip += f"\n{x.card_label}：{x.no_card_why}"
        elif x.held:
            from boostdesk.panel.publicity import open_objections

            tip += f"\n{HELD_WHY}，{HELD}：在“公示”中处理异议后（不成立）方可拨付"
            tip += "".join(f"\n{o.pending_text}" for o in open_objections(self.ctx.reg, x.app_id))
        elif (x.stream == PROJECT and x.tranche == 1 and not x.paid
              and (lifted := hold_lifted(self.ctx.reg, x.app_id))):
            # its due date is months after the batch's others: say why
            tip += (f"\n首笔自异议处理（不成立）之日 {lifted.isoformat()} 起计："
                    "公示期内收到的异议处理前暂缓拨付")
        elif x.returned_date and not x.paid:
            tip += (f"\n{x.returned_reason}：请核对卡号或收款单位后重新拨付"
                    "（原拨付见修改记录）")
        elif x.was_returned:  # paid again after a return: the voucher's money went out twice
            tip += f"\n{x.was_returned}"
        if x.was_cancelled:  # a voucher recorded and taken back: the trail is not the only word
            tip += f"\n{x.was_cancelled}"
        elif x.to_recover and x.paid_date:
            tip += (f"\n{x.paid_date.isoformat()} 拨付（凭证 {x.voucher or '无'}），助推已撤销："
                    + (f"{x.recovered_date.isoformat()} {RECOVERED_WORD}" if x.recovered_date
                       else TO_RECOVER))
        elif x.withheld:
            tip += ("\n结题验收未通过，尾款不予拨付"
                    f"（{self.ctx.reg.campaign(x.year).clause('project_payment')}）")
        elif not x.released:
            tip += "\n尾款在项目通过结题验收后拨付"
        return tip

    def _filtered(self) -> list[PaymentLine]:
        tranche = self.tranche.currentIndex()
        payer = self.payer.currentText()
        state = self.state.currentText()
        states = self.states
        first, last, _ = self.paid_range()
        days = first is not None or last is not None
        low, high = first or date.min, last or date.max
        moves = self.moves
        return [x for x in self.lines
                if (not tranche or x.tranche == tranche)
                and (payer in ("", ALL) or x.payer_name == payer)
                and (state == ALL or states[x.id] == state)
                and (not days or any(low <= m.day <= high for m in moves[x.id]))]

    def paid_range(self) -> tuple[date | None, date | None, str]:
        """The days 从 and 到 name (None: open), and what could not be read in them. A
        从 after its 到 (2023-05 to 2023-03) filters nothing and says so: it listed 0 rows
        under 2023-05-01 至 2023-03-31, as if no money had moved."""
        first, last = _typed_day(self.paid_from, False), _typed_day(self.paid_to, True)
        unread = "；".join(filter(None, (_unread(self.paid_from, "从"),
                                         _unread(self.paid_to, "到"))))
        if first is not None and last is not None and first > last:
            return None, None, (f"拨付日期从 {first.isoformat()} 晚于到 {last.isoformat()}："
                                "起止写反了，请对调")
        return first, last, unread

    def _say_others(self) -> None:
        """注意 lines: what other years still owe, and with 拨付日期 set, what other years'
        transfers moved in those days (the list is the year in view's)."""
        from boostdesk.paid_in import moved_by_year, other_years_note

        notes = list(self._owed_notes)
        first, last, _ = self.paid_range()
        if first is not None or last is not None:
            moved = moved_by_year(self._other_moves, first, last)
            if said := other_years_note(moved, first, last):
                notes.insert(0, f"注意：{said}")
        self.others.setText("\n".join(notes))
        self.others.setVisible(bool(notes))

    def _show(self) -> None:
        self._say_others()
        self.shown = self._filtered()
        self._shown_ids = [x.id for x in self.shown]
        self._shown_tally = ShownTally(
            self._shown_ids, self.tally, self.recovered, len(BUCKETS), listed=frozenset({B_HELD}),
            returned=frozenset({B_TO_RECOVER, B_RECOVERED}))
        self.model.set_rows(list(map(self.line_rows.__getitem__, self._shown_ids)))
        self._fit_columns()
        self._update_summary()
        self._selection_changed()

    def _fit_columns(self) -> None:
        """Fitted to their texts at each load (the last one shown, 推荐单位, stretches), the
        names up to their share of the room; a width the user set stays."""
        self._fitting = True
        self._share = self._names_share()
        try:
            fit_columns(self.table, self.model, widest=self._share,
                        skip={*self._sized_by_hand, UNIT_COLUMN})
        finally:
            self._fitting = False

    def _names_share(self) -> int:
        """WIDEST_FITTED, or an even share with the last column of the room the other
        columns leave."""
        header = self.table.horizontalHeader()
        width = self.table.viewport().width()
        others = sum(header.sectionSize(c) for c in range(len(COLUMNS))
                     if c not in NAME_COLUMNS and c != UNIT_COLUMN)
        room = (width - others) // (len(NAME_COLUMNS) + 1)
        # on a narrow window (150 %, large text) the names give way, to NAMES_LEAST, so
        # that 金额 stays in view beside them (it was scrolled off at 1366×768 ×1.5)
        lead = sum(header.sectionSize(c) for c in (STATE_COLUMN, TRANCHE_COLUMN, AMOUNT_COLUMN))
        beside = max(NAMES_LEAST, (width - lead) // len(NAME_COLUMNS))
        return max(min(WIDEST_FITTED, beside), room)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.Resize and watched is self.table.viewport()
                and not self._fitting and self._names_share() != self._share):
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != UNIT_COLUMN:
            self._sized_by_hand.add(column)  # the user's width stays across reloads

    def _update_summary(self) -> None:
        # the lines found by the search, when one is typed (蒋敏: what he was paid, is owed)
        model = self.model
        # the overdue projects follow the search as the totals do, by their own words (an
        # earlier year's has no line here; and the lines found, 100,000 of them, are not
        # walked again at each key: the benchmark's 27 → 83 ms)
        searched = self.search.box.text() if model.searching else None
        for note in (self.overdue_note, self.postponed_note):
            note.follow(searched)
        # each line's bucket and amount are grouped once per load or filter (``_show``),
        # and a search's lines summed through its mask: a keystroke finding 100,000 lines
        # took 140 ms to sort them into lists here, 17–30 ms to sum them one by one
        mask: bytes | None = None
        if model.counting:  # its first rows only, so far
            sums = self._shown_tally.of_ids([r.id for r in model.rows])
        else:
            mask = model.found_mask() if model.searching else None
            sums = self._shown_tally.sums(mask)
        count, fen, back = sums.count, sums.fen, sums.back  # back: what payers returned
        held_ids = self._in_list_order(sums.listed, mask)
        due_buckets = (B_DUE, B_OVERDUE, B_RETURNED, B_RETURNED_OVERDUE)
        n_due, due_fen = sum(count[b] for b in due_buckets), sum(fen[b] for b in due_buckets)
        # past its term as finance counts it (`pay list`, other years' notes): a line sent
        # back and owed again (退汇待重拨) too, which its state names apart
        n_overdue = count[B_OVERDUE] + count[B_RETURNED_OVERDUE]
        overdue_fen = fen[B_OVERDUE] + fen[B_RETURNED_OVERDUE]
        overdue_returned = count[B_RETURNED_OVERDUE]
        n_returned = count[B_RETURNED] + count[B_RETURNED_OVERDUE]
        returned_fen = fen[B_RETURNED] + fen[B_RETURNED_OVERDUE]
        # each held line's hold, "" for an open objection (C loops: many may be held)
        holds = list(map(_hold, map(self.by_id.__getitem__, held_ids)))
        # 已逾期 and 退汇待重拨 are parts of 待拨付 (其中); the other buckets are beside it and
        # 暂缓拨付 is outside it (另): read as siblings, the overdue were counted twice
        # the returned: owed again, to a corrected card or account
        parts = [f"<span style='color:{themed(colour)}'>{part}</span>" for colour, part in zip(
            (ERROR_COLOUR, WARNING_COLOUR), due_parts((n_overdue, overdue_fen),
                                                      (n_returned, returned_fen),
                                                      overdue_returned, lambda n: f"<b>{n}</b>"),
            strict=False)]
        text = (f"待拨付 <b>{n_due}</b> 笔 {format_money(due_fen)}（其中{'；'.join(parts)}）；"
                f"<span style='color:{themed(WARNING_COLOUR)}'>待验收 {count[B_AWAITING]} 笔 "
                f"{format_money(fen[B_AWAITING])}</span>；"
                f"已拨付 {count[B_PAID]} 笔 {format_money(fen[B_PAID])}")
        if count[B_WITHHELD]:  # finance would wonder where the rest of those awards went
            text += (f"；验收未通过不予拨付 {count[B_WITHHELD]} 笔 "
                     f"{format_money(fen[B_WITHHELD])}")
        if holds:  # awarded, but not to be paid while an objection is open or since it changed
            why = "；".join(([HELD_WHY] if not all(holds) else [])
                           + list(dict.fromkeys(filter(None, holds))))
            text += (f"；另<span style='color:{themed(WARNING_COLOUR)}'>{HELD} {len(holds)} 笔 "
                     f"{format_money(fen[B_HELD])}（未计入待拨付：{html.escape(why)}）</span>")
        if count[B_NO_CARD]:  # approved patents whose inventor's card is not registered
            text += (f"；另<span style='color:{themed(WARNING_COLOUR)}'>{NO_CARD} "
                     f"{count[B_NO_CARD]} 笔 {format_money(fen[B_NO_CARD])}（未计入待拨付："
                     "第一发明人未登记工会会员互助服务卡号，补填后方可拨付）</span>")
        if count[B_CARD_STALE]:  # sent back from the card still on the paper
            text += (f"；另<span style='color:{themed(WARNING_COLOUR)}'>{CARD_STALE} "
                     f"{count[B_CARD_STALE]} 笔 {format_money(fen[B_CARD_STALE])}（未计入待拨付："
                     "被银行退回后卡号未更正，更正或确认原卡号后方可拨付）</span>")
        if count[B_TO_RECOVER] or count[B_RECOVERED]:  # finance.recovery: paid, no award
            owed = fen[B_TO_RECOVER] + fen[B_RECOVERED]
            text += (f"；另撤销助推 {count[B_TO_RECOVER] + count[B_RECOVERED]} 笔（已汇出，"
                     f"不计为助推）：{TO_RECOVER} {format_money(owed)}，{WAS_RECOVERED} "
                     f"{format_money(back)}，<span style='color:{themed(ERROR_COLOUR)}'>尚欠 "
                     f"{format_money(owed - back)}</span>")
        first, last, unread = self.paid_range()
        if first is not None or last is not None:  # the money moved in those days, first
            ids = ([r.id for r in model.rows] if model.counting else self._shown_ids
                   if mask is None else list(compress(self._shown_ids, mask)))
            text = f"{html.escape(self._moved_text(ids, first, last))}<br>所列款项现状：{text}"
        if unread:
            text = (f"<span style='color:{themed(ERROR_COLOUR)}'>{html.escape(unread)}"
                    f"（未按它筛选）</span><br>{text}")
        if self.model.counting:  # the lines found so far: the search still looks
            text = f"还在查找，已找到的款项：{text}"
        filters = self._filters_said()
        if filters:  # the totals are the lines shown, not the year's: said first
            # (退汇待重拨 kept on a switch to 2021 read 待拨付 0 笔 though 2021 owed ¥40,000)
            if self._year_due is None:  # once a load, not at each keystroke
                due_lines = [self.tally[x.id] for x in self.lines
                             if self.tally[x.id][0] in due_buckets]
                self._year_due = (len(due_lines), sum(fen for _b, fen in due_lines))
            n_year, fen_year = self._year_due
            text = (f"<span style='color:{themed(WARNING_COLOUR)}'><b>已筛选</b>"
                    f"（{html.escape('，'.join(filters))}），以下只计列出的款项：</span>{text}"
                    f"<br>{self.ctx.year} 年度全部款项：待拨付 <b>{n_year}</b> 笔 "
                    f"{format_money(fen_year)}（筛选选“全部”即列出）")
        self.summary.setText(text)

    def _in_list_order(self, ids: list[int], mask: bytes | None) -> list[int]:
        """``ids`` (in the order of the lines shown) in the list's order: a header clicked
        reorders them, and with them the order the holds' reasons are said in."""
        model = self.model
        if len(ids) < 2 or (mask is None and not model.searching) or not model.is_sorted:
            return ids
        chosen = set(ids)
        return [r.id for r in model.rows if r.id in chosen]

    def _moved_text(self, ids: list[int], first: date | None, last: date | None) -> str:
        """What the lines ``ids`` moved between ``first`` and ``last``, each movement by its
        own day: as `stats --paid-in` counts them for those lines."""
        low, high = first or date.min, last or date.max
        counts = {SENT: [0, 0], SENT_BACK: [0, 0], RECOVERED_MOVE: [0, 0]}
        resent = 0
        for i in ids:
            for m in self.moves.get(i, ()):
                if low <= m.day <= high:
                    counts[m.kind][0] += 1
                    counts[m.kind][1] += m.amount_fen
                    resent += m.kind == SENT and m.resent
        days = (f"{first.isoformat() if first else '…'} 至 {last.isoformat() if last else '…'}")
        sent, back, recovered = counts[SENT], counts[SENT_BACK], counts[RECOVERED_MOVE]
        net = sent[1] - back[1]  # the period list's 本期净拨付: recoveries are apart
        return (f"拨付日期 {days}：拨付 {sent[0]} 笔 {format_money(sent[1])}"
                + (f"（其中退汇后重拨 {resent} 笔）" if resent else "")
                + f"；退汇 {back[0]} 笔 {format_money(back[1])}；"
                f"净拨付 {format_money(net)}（拨付减退汇）；另撤销助推{RECOVERED_WORD} {recovered[0]} 笔 "
                f"{format_money(recovered[1])}（各按其日期，同“导出年度统计”的按拨付日期和拨付清单）")

    # -- exporting the list ---------------------------------------------------------------
    def export_ids(self) -> list[int]:
        """What 导出当前列表 writes, as the register lists do: the selected lines when several
        are, else every line shown (the filters, the search), in the order shown."""
        picked = self.selected_ids()
        return picked if len(picked) > 1 else [r.id for r in self.model.rows]

    def export_list(self) -> None:
        """文件 → 导出当前列表（xlsx）(Ctrl+E): the list as shown, amounts as numbers."""
        ids = self.export_ids()
        if not ids:
            self.ctx.notice.emit("列表中没有款项，无可导出")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "导出列表",
            export_start(self.ctx.settings, f"{self.ctx.year}年度拨付款项-{len(ids)}笔.xlsx"),
            "Excel 工作簿 (*.xlsx)")
        if path:
            remember_export(self.ctx.settings, path)
            self.save_list_to(Path(path), ids)

    def shown_list(self, ids: list[int]) -> ShownList:
        """The lines ``ids`` as their rows show them (a recovered line's day its recovery's),
        the amount and whole dates as values; the filters in the title, the totals under."""
        rows: list[Sequence[Any]] = []
        for i in ids:
            cells: list[Any] = list(self.line_rows[i].cells)
            cells[AMOUNT_COLUMN] = fen_yuan(self.by_id[i].amount_fen)
            for j in (DUE_COLUMN, PAID_COLUMN):
                if _ISO_DAY.fullmatch(cells[j]):
                    cells[j] = date.fromisoformat(cells[j])
            rows.append(cells)
        what = [f"{label}：{box.currentText()}" for label, box in (
            ("批次", self.tranche), ("付款单位", self.payer), ("状态", self.state))
            if box.currentIndex() > 0]
        first, last, _ = self.paid_range()
        if first is not None or last is not None:
            what.append(f"拨付日期：{first or '…'} 至 {last or '…'}")
        if self.model.searching:
            what.append(f"搜索：{self.search.box.text().strip()}")
        if len(self.selected_ids()) > 1:
            what.append(f"所选 {len(ids)} 笔")
        title = f"{self.ctx.year}年度拨付款项" + (f"（{'；'.join(what)}）" if what else "")
        summary = html.unescape(re.sub(r"<br\s*/?>", "\n", self.summary.text()))
        # the columns in the list's order (专利号/项目名称 third), as Ctrl+C copies them
        header = self.table.horizontalHeader()
        order = [header.logicalIndex(v) for v in range(header.count())]
        return ShownList(title, [COLUMNS[c] for c in order],
                         [[cells[c] for c in order] for cells in rows],
                         money=frozenset({order.index(AMOUNT_COLUMN)}),
                         widths={order.index(c): w for c, w in EXPORT_WIDTHS.items()},
                         footer=re.sub(r"<[^>]+>", "", summary).split("\n"), sheet="拨付")

    def save_list_to(self, path: Path, ids: list[int] | None = None) -> None:
        """The list written to ``path`` in the background (取消 leaves no file)."""
        if path.suffix.lower() != ".xlsx":
            path = with_extension(path, ".xlsx")
        shown = self.shown_list(self.export_ids() if ids is None else ids)

        def work(progress: Any, cancelled: Any) -> int:
            write_list_xlsx(path, shown, progress, cancelled)
            return len(shown.rows)

        self.ctx.run_long("正在导出列表…", work,
                          lambda count: self.ctx.notice.emit(f"已导出 {count} 笔款项：{path}"),
                          parent=self, cancel_note=EXPORT_CANCEL_LEAVES)

    def _filters_said(self) -> list[str]:
        """The filters on, as the totals line names them: 状态“退汇待重拨”."""
        said = []
        for label, box in (("批次", self.tranche), ("付款单位", self.payer), ("状态", self.state)):
            if box.currentIndex() > 0 and box.currentText() not in ("", ALL):
                said.append(f"{label}“{box.currentText()}”")
        return said

    # -- selection -----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        """The selected lines' ids, in the order the table shows them."""
        return selected_ids(self.table)

    def selected(self) -> list[PaymentLine]:
        return [self.by_id[i] for i in self.selected_ids() if i in self.by_id]

    def _payable(self) -> list[PaymentLine]:
        return [x for x in self.selected() if not x.paid and x.released and not x.held]

    def _selection_changed(self) -> None:
        read_only = self.ctx.read_only
        self.pay_button.setEnabled(bool(self._payable()) and not read_only)
        chosen = self.selected()
        # a revoked award's money that came back is a recovery, not a transfer owed again
        # (finance.returns.returned_refusal): greyed, its tip saying so
        back = next((x for x in chosen if x.to_recover), None)
        self.return_button.setEnabled(bool(chosen) and all(x.paid for x in chosen)
                                      and back is None and not read_only)
        self.return_button.setToolTip(RETURN_TIP if back is None else returned_refusal(back))
        self.recover_button.setEnabled(self._recoverable() is not None and not read_only)
        # a return recorded on the wrong line is cancelled too: its transfer stands again
        self.cancel_button.setEnabled(bool(chosen) and not read_only and back is None and all(
            x.paid or x.returned_date for x in chosen))
        self.cancel_button.setToolTip(CANCEL_TIP if back is None else revoked_refusal(back))
        self.keep_button.setEnabled(self._kept_hold() is not None and not read_only)
        held = {(x.stream, x.app_id) for x in chosen if x.hold}
        self.keep_button.setToolTip(KEEP_TIP if len(held) < 2 else  # greyed: say why
                                    f"{KEEP_TIP}（所选款项属 {len(held)} 项暂缓拨付的助推，"
                                    "请只选其中一项的款项）")
        lines = [x for x in self.selected() if x.stream == PROJECT]
        # an award not accepted yet (or failed, for 复验): the button said why not only once
        # a date had been typed into its dialog
        ready = len({x.app_id for x in lines}) == 1 and lines[0].app_status in ACCEPTABLE
        self.accept_button.setEnabled(ready and not read_only)
        self.accept_button.setToolTip(ACCEPT_TIP if ready or not lines else
                                      f"{ACCEPT_TIP}（已登记验收的，登记错了请先撤销结题验收）")
        self.withdraw_acceptance.update()
        self.postpone.update()
        self.unpostpone.update()
        self.keep_card.update()
        said = greyed_why(self)
        self.greyed.setText(said)
        self.table.setAccessibleDescription(said)  # heard on the list, where the keyboard is
        self.selection_changed.emit()

    # -- paying --------------------------------------------------------------------------
    def ask_mark_paid(self) -> None:
        index = self.table.currentIndex()
        if not self.selected() and index.isValid():
            # the cursor on a line not chosen (Ctrl+Space took it off, a click elsewhere):
            # Enter pays the line the cursor is on, as Enter opens it on 专利助推
            self.table.selectRow(index.row())
        lines = self._payable()
        if not lines or self.ctx.read_only:
            # Enter on a line it cannot pay: said in the status bar (the greyed 登记拨付… said
            # it only to the mouse; the keyboard got nothing)
            self.ctx.notice.emit(not_payable_why(self))
            return
        held = [x for x in self.selected() if x.held]  # chosen too, but not to be paid
        if not self._near_copies_confirmed(lines):
            self._back_to_table()
            return
        self._open_pay(lines, held)

    def _near_copies_confirmed(self, lines: list[PaymentLine]) -> bool:
        """Lines of a paper with an uncleared near-copy 提示 (`pay mark` refuses them
        without --yes): asked before 登记拨付 opens, 取消 the default."""
        near = near_flagged(self.ctx.reg, {(x.stream, x.app_id) for x in lines})
        if not near:
            return True
        said = "\n".join(near_note(self.ctx.reg, s, i) for s, i in sorted(near))
        return dialogs.ask_yes_no(
            self, "可能是近似重复申报",
            f"所选款项中有近似重复申报待核对（可能是已登记申报的同一人换身份证号、同一项目改名）：\n"
            f"{said}\n\n核对后仍要登记拨付吗？", yes="仍要登记拨付", no="取消", guarded=True,
            yes_key="P", no_key="C")

    def _open_pay(self, lines: list[PaymentLine], held: list[PaymentLine],
                  typed: tuple[str, str] | None = None, problem: str = "") -> None:
        """登记拨付 for ``lines``; ``typed`` and ``problem``: opened again as it was closed,
        the write having failed after it (nothing typed is lost)."""
        lines = [self.by_id.get(x.id, x) for x in lines]  # as read since, if reloaded
        dialog = PayDialog(lines, self, reg=self.ctx.reg, held=held)
        if typed is not None:
            dialog.retype(typed, problem)
        dialog.finished.connect(self._back_to_table)

        def paid() -> None:
            again = dialog.typed()
            self.mark_paid(lines, dialog.day, dialog.voucher,
                           refused=lambda why: self._open_pay(lines, held, again, why))

        dialog.accepted.connect(paid)
        self.dialog = dialog
        dialogs.open_modal(dialog)

    def _back_to_table(self, _result: int = 0) -> None:
        """The dialog closed: the keyboard is back on the lines, as on 专利助推."""
        self.activateWindow()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_paid(self, lines: list[PaymentLine], day: date, voucher: str, *,
                  refused: Callable[[str], None] | None = None) -> bool:
        """Record ``lines`` paid, after a backup of the register: on a large register in the
        background (``AppContext.write_backed_up``: 取消 during the backup stores nothing),
        this returning True once started. ``refused(why)`` once it failed (not cancelled)."""
        def pay(reg: Any, cancelled: Callable[[], bool] | None) -> int:
            from boostdesk.safety.backup import backed_up_write

            # refused before any backup (it takes no good one's place): the dialog's check
            check_all_payable(reg, [x.id for x in lines], day, voucher)
            # one backup for the lot, not one a line
            with backed_up_write(reg, "payment", cancelled), reg.transaction():
                for x in lines:
                    record_paid(reg, x.id, day, voucher)
                recheck(reg)  # the status moves (已拨付, 首笔拨付, 尾款拨付)
            return len(lines)

        # "all": a tranche paid in full moves its application on (已拨付, 首笔拨付, 尾款拨付).
        result = self.ctx.write_backed_up(f"登记拨付 {len(lines)} 笔（凭证 {voucher.strip()}）",
                                          pay, changed="all", parent=self, title="未能登记拨付",
                                          on_done=self._reopen_on_failure(refused))
        return result is None or result.ok

    @staticmethod
    def _reopen_on_failure(refused: Callable[[str], None] | None,
                           ) -> Callable[[OpResult], None] | None:
        """A write's ``on_done``: a failure (its message box closed) calls ``refused`` with
        why, once the dialog's own closing is over; 取消 during the backup is no failure."""
        if refused is None:
            return None

        def done(result: OpResult) -> None:
            if not result.ok and not result.cancelled:
                QTimer.singleShot(0, lambda: refused(result.error))
        return done

    def _kept_hold(self) -> Hold | None:
        """The hold 维持核准 would lift: the held lines among those chosen are one award's,
        held because its findings now refuse it; else None. Its paid line chosen with the
        held one (both lines of the award, as a search for the inventor lists them) or other
        lines beside it do not grey the button: the dialog names the award."""
        held = [x for x in self.selected() if x.hold]
        if not held or len({(x.stream, x.app_id) for x in held}) > 1:
            return None
        hold = award_holds.hold_of(self.ctx.reg, held[0].stream, held[0].app_id)
        return hold if hold is not None and hold.findings else None

    def ask_keep(self) -> None:
        hold = self._kept_hold()
        if hold is None or self.ctx.read_only:
            return
        dialog = KeepDialog(hold, self)
        dialog.finished.connect(self._back_to_table)
        dialog.accepted.connect(lambda: self.keep(hold, dialog.reason))
        self.dialog = dialog
        dialogs.open_modal(dialog)

    def keep(self, hold: Hold, reason: str) -> bool:
        """维持核准 (audited with its reason; not undoable, as a payment is not)."""
        return self.ctx.write(f"维持核准“{hold.title}”", lambda: award_holds.keep(
            self.ctx.reg, hold.stream, hold.app_id, reason), changed="all", parent=self,
            title="未能登记维持核准").ok

    def ask_cancel_paid(self) -> None:
        lines = self.selected()
        if not lines or not all(x.paid or x.returned_date for x in lines) or self.ctx.read_only:
            return
        dialog = CancelPaidDialog(lines, self)
        dialog.finished.connect(self._back_to_table)
        dialog.accepted.connect(lambda: self.cancel_paid(lines, dialog.reason))
        self.dialog = dialog
        dialogs.open_modal(dialog)

    def cancel_paid(self, lines: list[PaymentLine], reason: str) -> bool:
        """撤销拨付登记: the lines are to be paid again; a payment cannot be undone, nor
        can its cancellation (each is audited with its reason). On a large register in the
        background, as :meth:`mark_paid`."""
        ids = [x.id for x in lines]
        said: list[str] = []  # a redirect resting on a return taken back, undone with it

        def done(result: Any) -> None:
            if result.ok and said:
                self.ctx.when_free(lambda: dialogs.show_info(self, "改汇随之撤销", "\n".join(said)))

        result = self.ctx.write_backed_up(
            f"撤销拨付登记 {len(ids)} 笔", lambda reg, cancelled: cancel_payments(
                reg, ids, reason, cancelled=cancelled, said=said), changed="all", parent=self,
            title="未能撤销拨付登记", on_done=done)
        return result is None or result.ok

    def ask_return(self) -> None:
        lines = self.selected()
        if not lines or not all(x.paid for x in lines) or self.ctx.read_only:
            return
        self._open_return(lines)

    def _open_return(self, lines: list[PaymentLine], typed: tuple[str, str] | None = None,
                     problem: str = "") -> None:
        """登记退汇 for ``lines``; ``typed``, ``problem``: opened again after the write failed."""
        lines = [self.by_id.get(x.id, x) for x in lines]
        dialog = ReturnDialog(lines, self, reg=self.ctx.reg)
        if typed is not None:
            dialog.retype(typed, problem)
        dialog.finished.connect(self._back_to_table)

        def returned() -> None:
            again = dialog.typed()
            self.record_return(lines, dialog.day, dialog.reason,
                               refused=lambda why: self._open_return(lines, again, why))

        dialog.accepted.connect(returned)
        self.dialog = dialog
        dialogs.open_modal(dialog)

    def record_return(self, lines: list[PaymentLine], day: date, reason: str, *,
                      refused: Callable[[str], None] | None = None) -> bool:
        """登记退汇: the money came back; the lines are owed again (退汇待重拨). On a large
        register in the background, as :meth:`mark_paid`."""
        ids = [x.id for x in lines]
        result = self.ctx.write_backed_up(
            f"登记退汇 {len(ids)} 笔", lambda reg, cancelled: return_payments(
                reg, ids, day, reason, cancelled=cancelled), changed="all", parent=self,
            title="未能登记退汇", on_done=self._reopen_on_failure(refused))
        return result is None or result.ok

    # -- recovery -------------------------------------------------------------------------
    def _recoverable(self) -> PaymentLine | None:
        """The line chosen to record 已追回 for: the selection all 应追回 lines of one
        payer of one revoked award (its part is recovered in one sum or several)."""
        chosen = self.selected()
        if not chosen or any(not x.to_recover or x.recovered_date for x in chosen):
            return None
        if len({(x.stream, x.app_id, x.payer) for x in chosen}) > 1:
            return None
        return chosen[0]

    def ask_recovered(self) -> None:
        """登记已追回 for the chosen 应追回 line's payer, in 改变状态's own dialog."""
        line = self._recoverable()
        if line is None or self.ctx.read_only:
            return
        from .recovery_dialog import RECOVERED, RecoveryDialog

        dialog = RecoveryDialog(self.ctx, line.stream, line.app_id, RECOVERED, self,
                                payer=line.payer)
        dialog.finished.connect(self._back_to_table)
        self.dialog = dialog
        dialogs.open_modal(dialog)

    # -- acceptance ----------------------------------------------------------------------
    def ask_acceptance(self) -> None:
        projects = [x for x in self.selected() if x.stream == PROJECT]
        if not projects or self.ctx.read_only:
            return
        line = projects[0]
        limit = completion_limit_of(self.ctx.reg, self.ctx.reg.project(line.app_id))
        dialog = AcceptanceDialog(line, self, limit=limit,
                                  postponed=postponement_of(self.ctx.reg, line.app_id))
        dialog.finished.connect(self._back_to_table)
        dialog.accepted.connect(lambda: self.record_acceptance(
            line.app_id, dialog.day, line.title, failed=dialog.failed, reason=dialog.reason,
            late_reason=dialog.late_reason))
        self.dialog = dialog
        dialogs.open_modal(dialog)

    def record_acceptance(self, app_id: int, day: date, title: str = "", *,
                          failed: bool = False, reason: str = "", late_reason: str = "") -> bool:
        """登记结题验收, checked, then after a backup (结题验收前; on a large register in the
        background, as :meth:`mark_paid`); taken back with 撤销结题验收…, not Ctrl+Z."""
        def do(reg: Any, cancelled: Callable[[], bool] | None) -> None:
            if failed:  # refused before the backup, then backed up
                record_failed_acceptance(reg, app_id, day, reason, backup=True,
                                         cancelled=cancelled)
            else:
                record_acceptance(reg, app_id, day, late_reason, backup=True,
                                  cancelled=cancelled)
            recheck(reg)  # a pass unbars the studio's later projects (二（一）)

        what = "验收未通过" if failed else "结题验收"
        result = self.ctx.write_backed_up(f"登记{what}“{title}”", do, changed="project",
                                          parent=self, title="未能登记结题验收")
        return result is None or result.ok


class _DateDialog(QDialog):
    """A small form: the fields, an error line, 确定 / 取消. Accepts only readable input."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.day: date = clock.today()
        self.date_field = DateField(self)
        self.date_field.set_value(clock.today())
        self.form = QFormLayout()
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        self.error.setWordWrap(True)
        buttons, self.ok = dialogs.ok_cancel_buttons(self, on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The fields are added after the buttons (by each dialog): tab as the form reads.
        super().showEvent(event)
        dialogs.tab_in_layout_order(self)

    def check(self) -> str:
        """An error to show, or "" when the input is fine (and stored on self)."""
        try:
            day = self.date_field.value()
        except ValidationError as exc:
            return str(exc)
        if day is None:
            return f"请填写日期，{self.date_field.placeholderText()}"
        future = after_today(day, "日期")
        if future:
            return future
        self.day = day
        return ""

    def _try_accept(self) -> None:
        self.fault: TextField = self.date_field  # the field a problem is about, set by check()
        problem = self.check()
        self.error.setText(problem)
        if not problem:
            self.accept()
        else:  # type over what was refused
            self.fault.setFocus(Qt.FocusReason.OtherFocusReason)
            self.fault.selectAll()


class _DomainChecked(_DateDialog):
    """A dialog that asks the domain's dry run before it closes (``refused``): what it
    would refuse (a pay date before the approval, a return before the payment) is said
    under the field it is about, the cursor there, the dialog open with all that is typed.
    Asked again with what was typed when the write still failed (``typed``, ``say``)."""

    def __init__(self, title: str, intro: str, lines: list[PaymentLine],
                 parent: QWidget | None, reg: Any) -> None:
        super().__init__(title, intro, parent)
        self.reg = reg  # None: only what the dialog reads itself is checked (a test's)
        self.lines = lines
        self._pad = QLabel()  # the error's label column, when it sits under a field
        self._pad.hide()

    def field_of(self, what: str) -> TextField:
        """The field a refusal's ``field`` (paying.DATE, VOUCHER, REASON) is about."""
        return self.date_field

    def refused(self, check: Callable[[], Any]) -> str:
        """``check`` (the domain's dry run) run: "" when it passes, else its refusal, the
        fault set to the field it is about; a line of several named by its payer, payee."""
        try:
            check()
        except FinanceError as exc:
            what = exc.field if isinstance(exc, Refused) else ""
            self.fault = self.field_of(what) if what else self.date_field
            line = next((x for x in self.lines if x.id == getattr(exc, "payment_id", None)),
                        None)
            text = exc.reason if isinstance(exc, Refused) else str(exc)
            if len(self.lines) > 1 and line is not None:
                text = f"{line.payer_name} → {line.payee}（{line.tranche_name}）：{text}"
            return text
        return ""

    def _try_accept(self) -> None:
        super()._try_accept()
        if self.error.text():
            self.say(self.error.text(), self.fault)

    def say(self, problem: str, under: TextField | None = None) -> None:
        """``problem`` under the field ``under`` (else under the form), the cursor there."""
        if self.form.indexOf(self.error) >= 0:
            self.form.takeRow(self.error)
        else:
            self.layout().removeWidget(self.error)  # type: ignore[union-attr]
        if under is not None:
            row = self.form.getWidgetPosition(under)[0]  # type: ignore[index]
            self.form.insertRow(row + 1, self._pad, self.error)
        else:  # after the write failed: below every field, as before
            self.form.addRow(self._pad, self.error)
        self._pad.show()
        self.error.show()
        self.error.setText(problem)
        # a long one (a voucher's uses) grows the dialog: it was cut at its foot
        self.layout().activate()  # type: ignore[union-attr]
        self.resize(self.width(), max(self.height(), self.heightForWidth(self.width()),
                                      self.sizeHint().height()))
        self.fault = under or self.date_field
        self.fault.setFocus(Qt.FocusReason.OtherFocusReason)
        self.fault.selectAll()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)  # the cursor in the first field …
        if self.error.text():  # … unless reopened to say what went wrong
            self.fault.setFocus(Qt.FocusReason.OtherFocusReason)
            self.fault.selectAll()


class PayDialog(_DomainChecked):
    def __init__(self, lines: list[PaymentLine], parent: QWidget | None = None, *,
                 reg: Any = None, held: list[PaymentLine] | None = None) -> None:
        first = lines[0]
        if len(lines) == 1:
            intro = (f"{first.payer_name} → {first.payee}（{first.tranche_name}），"
                     f"{format_money(first.amount_fen)}")
        else:  # every payer named: one voucher number will be recorded for all of them
            by_payer: dict[str, int] = {}
            for x in lines:
                by_payer[x.payer_name] = by_payer.get(x.payer_name, 0) + 1
            payees = len({x.payee for x in lines})
            intro = ("、".join(f"{name}：{n} 笔" for name, n in by_payer.items())
                     + f"，拨给 {payees} 个收款人/单位，合计 {format_money(total(lines))}"
                     + ("；各付款单位将记同一凭证号" if len(by_payer) > 1 else ""))
        cautions = (payment_cautions(reg, lines) if reg is not None
                    else list(filter(None, map(resend_warning, lines))))
        if cautions:  # sent again where it came back from, a card changed: said first
            intro += "\n注意：" + "\n注意：".join(cautions)
        for label, some in held_groups(held or ()):  # chosen with the rest: said left out
            why = "；".join(dict.fromkeys(x.held_why for x in some))
            intro += (f"\n另选中的 {len(some)} 笔（{format_money(total(some))}）"
                      f"{label}，不登记：{why}")
        super().__init__("登记拨付", intro, lines, parent, reg)
        self.voucher = ""
        self.voucher_field = TextField(self, f"如 记-{clock.today().year}-0012")
        self.form.addRow("拨付日期", self.date_field)
        self.form.addRow("凭证号", self.voucher_field)

    def field_of(self, what: str) -> TextField:
        return self.voucher_field if what == VOUCHER else self.date_field

    def typed(self) -> tuple[str, str]:
        return self.date_field.text(), self.voucher_field.text()

    def retype(self, typed: tuple[str, str], problem: str) -> None:
        """Opened again after the write failed: what was typed, and why it failed."""
        self.date_field.setText(typed[0])
        self.voucher_field.setText(typed[1])
        self.say(problem)

    def check(self) -> str:
        problem = super().check()
        if problem:
            return problem
        self.fault = self.voucher_field
        voucher = self.voucher_field.value()
        if not voucher:
            return f"请填写凭证号（{self.voucher_field.placeholderText()}），以便日后核对"
        self.voucher = voucher
        if self.reg is None:
            return ""
        # what mark_all_paid would refuse, asked before closing: typed over, not typed again
        refused = self.refused(lambda: check_all_payable(
            self.reg, [x.id for x in self.lines], self.day, voucher))
        if refused:
            return refused
        # a voucher recorded for another day or payer: asked, not refused (one batch of
        # one payer on one day rightly shares one)
        used = voucher_caution(self.reg, self.lines, self.day, voucher)
        if used and not dialogs.ask_yes_no(self, "凭证号已用过", f"{used}。\n\n仍按凭证号 {voucher} 登记？",
                                           yes="仍登记", no="返回修改"):
            self.fault = self.voucher_field
            return used
        return ""


class CancelPaidDialog(ReasonDialog):
    """撤销拨付登记: which payments, and why (a reason is required)."""

    def __init__(self, lines: list[PaymentLine], parent: QWidget | None = None) -> None:
        first = lines[0]
        # a line whose return is what is cancelled is unpaid: said by its return, not "None"
        when = (f"{first.paid_date}，凭证 {first.voucher}" if first.paid
                else first.returned_reason or f"{first.returned_date} 退汇")
        which = (f"{first.payer_name} → {first.payee}（{first.tranche_name}），"
                 f"{format_money(first.amount_fen)}，{when}"
                 if len(lines) == 1 else
                 f"{len(lines)} 笔，合计 {format_money(total(lines))}")
        text = (f"撤销 {which} 的拨付登记：款项重新列入待拨付，拨付清单重新列出；"
                "已因这笔拨付改为“已拨付”“首笔拨付”“尾款拨付”的申报退回原状态。")
        if not all(x.paid for x in lines):  # a return recorded on the wrong line
            text = (f"撤销 {which} 的登记：已拨付的撤销拨付登记；登记了退汇的撤销退汇登记，"
                    "恢复原拨付（原拨付日期、凭证号）。")
        super().__init__("撤销拨付登记", text, "如 误选收款人、凭证号写错", "撤销登记",
                         "请填写撤销的理由，如 误选收款人", parent)


class KeepDialog(ReasonDialog):
    """维持核准: an award held because its findings now refuse it, paid on the office's
    decision (award_holds.keep), with its reason."""

    def __init__(self, hold: Hold, parent: QWidget | None = None) -> None:
        super().__init__(
            "维持核准", f"{html.escape(hold.message)}<br><br>经研究仍予助推的，写明理由后其款项即可拨付"
            "（记入修改记录；以后出现新的不合格情形仍会暂缓）。",
            "如 经核实立项日期登记有误，已更正材料", "维持核准",
            "请填写维持核准的理由", parent)


class ReturnDialog(_DomainChecked):
    """登记退汇: the day the bank sent the money back, and why (a reason is required)."""

    def __init__(self, lines: list[PaymentLine], parent: QWidget | None = None, *,
                 reg: Any = None) -> None:
        first = lines[0]
        which = (f"{first.payer_name} → {first.payee}（{first.tranche_name}），"
                 f"{format_money(first.amount_fen)}，{first.paid_date} 汇出，凭证 {first.voucher}"
                 if len(lines) == 1 else
                 f"{len(lines)} 笔，合计 {format_money(total(lines))}")
        super().__init__("登记退汇", f"{which}：被银行退回。原拨付留在修改记录中，款项列为"
                         f"“{RETURNED}”、不计入已拨付；专利更正卡号、项目改汇新收款单位（工作室 → 修改）后"
                         "再登记拨付。",
                         lines, parent, reg)
        self.reason = ""
        self.reason_field = TextField(self, "如 会员卡已销户、户名与卡号不符、收款账户变更")
        self.form.addRow("退汇日期", self.date_field)
        self.form.addRow("退汇原因", self.reason_field)

    def field_of(self, what: str) -> TextField:
        return self.reason_field if what == REASON else self.date_field

    def typed(self) -> tuple[str, str]:
        return self.date_field.text(), self.reason_field.text()

    def retype(self, typed: tuple[str, str], problem: str) -> None:
        """Opened again after the write failed: what was typed, and why it failed."""
        self.date_field.setText(typed[0])
        self.reason_field.setText(typed[1])
        self.say(problem)

    def check(self) -> str:
        problem = super().check()
        if problem:
            return problem
        self.fault = self.reason_field
        self.reason = self.reason_field.value()
        if not self.reason:
            return "请填写退汇原因，如 会员卡已销户"
        if self.reg is None:
            return ""
        # what return_payments would refuse (a day before the payment), before closing
        return self.refused(lambda: check_all_returnable(
            self.reg, [x.id for x in self.lines], self.day, self.reason))


class AcceptanceDialog(_DateDialog):
    """结题验收: 通过 releases the rest of the award; 未通过 (with its reason) withholds it
    for good and keeps the studio barred (二（一））."""

    def __init__(self, line: PaymentLine, parent: QWidget | None = None, *,
                 limit: date | None = None, postponed: Postponement | None = None) -> None:
        intro = (f"项目“{line.title}”（{line.studio_name}）通过市总工会与企业的结题验收后，"
                 "尾款即可拨付；验收未通过的，尾款不予拨付，该工作室仍不能申报以后年度的项目。")
        if limit is not None:  # 二（二）1: a later acceptance is no completion of the plan's
            intro += (f"\n最晚结题日期 {limit.isoformat()}（立项起两年内且不晚于本年度计划的最晚"
                      "结题时间）：验收日期晚于此的属逾期结题，尾款须经研究同意方可拨付，请写明理由。")
        if postponed is not None:  # its decision covers an acceptance up to the new deadline
            intro += (f"\n已登记{postponed.said}：在此之前验收通过的按这一决定拨付尾款，"
                      "不必再填逾期结题同意理由。")
        super().__init__("登记结题验收", intro, parent)
        self.limit = limit
        self.postponed = postponed
        self.failed = False
        self.reason = ""
        self.late_reason = ""
        self.passed_button = QRadioButton("通过（尾款可拨付）")
        self.failed_button = QRadioButton("未通过（尾款不予拨付）")
        self.passed_button.setChecked(True)
        self.reason_field = TextField(self, "未通过时填写，如 关键指标未达到立项要求")
        self.form.addRow("验收结论", self.passed_button)
        self.form.addRow("", self.failed_button)
        self.form.addRow("验收日期", self.date_field)
        self.form.addRow("未通过理由", self.reason_field)
        self.late_field = TextField(
            self, f"验收日期晚于 {limit.isoformat()} 时填写：何时经谁研究同意及理由，"
            "如 主任办公会某月某日研究同意拨付尾款：…"
            if limit else "逾期结题时填写")
        self.form.addRow("逾期结题同意理由", self.late_field)

    def check(self) -> str:
        problem = super().check()
        if problem:
            return problem
        self.fault = self.reason_field
        self.failed = self.failed_button.isChecked()
        self.reason = self.reason_field.value()
        if self.failed and not self.reason:
            return "验收未通过须填写理由"
        if not self.failed and self.reason:  # a reason typed with 通过 left chosen
            return "验收通过不填理由：如验收未通过，请选“未通过”"
        self.fault = self.late_field
        self.late_reason = "" if self.failed else self.late_field.value()
        late = self.limit is not None and self.day > self.limit
        covered = self.postponed is not None and self.day <= self.postponed.until
        if late and not self.failed and not self.late_reason and not covered:
            return (f"验收日期 {self.day.isoformat()} 晚于最晚结题日期 {self.limit.isoformat()}"  # type: ignore[union-attr]
                    "，属逾期结题：尾款须经研究同意方可拨付，请在“逾期结题同意理由”中写明"
                    "（记入修改记录）；未经同意的请取消")
        if self.late_field.value() and not late:
            return "验收日期未逾期，不填逾期结题同意理由"
        if late and self.late_reason:  # who decided, as the command's --late-reason is checked
            return late_reason_refusal(self.late_reason)
        return ""
