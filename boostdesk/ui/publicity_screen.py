"""公示: the proposed awards with the period's dates, objections and their resolution,
closing the period (the unobjected proposals become approved awards).

Thin over :mod:`boostdesk.panel.publicity`; every change goes through
:meth:`AppContext.write`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models import clock
from boostdesk.models.campaign import WORKING_DAYS, Campaign
from boostdesk.models.payment_marks import all_returned_text
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.panel import publicity as pub
from boostdesk.panel.freed_places import freed_place_notice, open_place_lines, waiting
from boostdesk.panel.publicity_days import period_end, span_words
from boostdesk.panel.ranking import rank
from boostdesk.panel.ranking_rows import Ranking
from boostdesk.paths import with_extension
from boostdesk.printing.common import cn_date
from boostdesk.validate import ValidationError

from . import dialogs
from .column_widths import NamesGiveWay, fit_columns
from .context import AppContext, OpResult, backed_up, error_text
from .copy_rows import copyable
from .elided_tips import tip_when_elided
from .empty_hint import EmptyHint
from .export_folder import export_start, remember_export
from .form_widgets import DateField, TextField
from .in_view import ReloadInView
from .keep_selection import KeepSelection, current_id
from .many_rows import ListView, one_row_only, select_many
from .publicity_kept_tier import KeptTierActions, greyed_line, lettered
from .row_search import SearchRowsModel, project_refs
from .rows_model import Row, RowsModel
from .search_box import ListSearch
from .small_screen import NoteLabel, WrappedTextFits, WrapRow
from .style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR
from .theme import MUTED_COLOUR, themed
from .wrapped_header import WrappedHeader

REFRESH_ON = ("panel", "project", "campaign", "all")
WIDEST = 200  # a name column no wider (pixels)
WAITING = -1  # the combo's entry for proposals not yet in a period
ROW_COLUMNS = ("序号", "项目名称", "职工创新工作室", "级别", "所在单位", "拟助推金额", "状态")
OBJECTION_COLUMNS = ("编号", "收到日期", "异议人", "异议内容", "处理结论", "处理意见", "处理日期")
STATE_COLOUR = {"有异议待处理": WARNING_COLOUR, "异议成立，不予助推": ERROR_COLOUR,
                "推荐单位撤回": ERROR_COLOUR,
                "核准": OK_COLOUR}


def _table(model: RowsModel, name: str, stretch: tuple[int, ...]) -> QTableView:
    """A read-only view over ``model`` selecting rows (several: Ctrl+C copies them), in the
    model's order (the ranking) until the user clicks a header; the ``stretch`` columns
    take the room left."""
    t = ListView()
    # a heading wider than its narrowed column on two lines (18 pt, a 960-wide window)
    t.setHorizontalHeader(WrappedHeader(t))
    t.setObjectName(name)
    t.setModel(model)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    select_many(t)
    t.setTabKeyNavigation(False)  # Tab leaves the list (↑↓ move in it), to the buttons below
    header = t.horizontalHeader()
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # no column: the given order
    t.setSortingEnabled(True)
    tip_when_elided(t)
    return t


class FormDialog(QDialog):
    """A small form with an error line; ``check()`` returns "" when the input is fine."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # titles as typed
        buttons, _ok = dialogs.ok_cancel_buttons(self, on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The fields are added after the buttons (by each dialog): tab as the form reads.
        super().showEvent(event)
        dialogs.tab_in_layout_order(self)

    def check(self) -> str:
        return ""

    def _try_accept(self) -> None:
        self.fault: TextField | None = None  # the field a problem is about, set by check()
        problem = self.check()
        self.error.setText(problem)
        if not problem:
            self.accept()
        elif self.fault is not None:  # type over what was refused
            self.fault.setFocus(Qt.FocusReason.OtherFocusReason)
            self.fault.selectAll()

    @staticmethod
    def read_date(field: DateField, what: str) -> tuple[date | None, str]:
        try:
            day = field.value()
        except ValidationError as exc:
            return None, str(exc)
        if day is None:
            return None, f"请填写{what}，{field.placeholderText()}"
        return day, ""


class StartDialog(FormDialog):
    """开始公示: the start day and the end day, the end filled from the year's 公示期 (natural
    or working days) and followed as the start is typed until the office types its own
    (a plan's 7 个工作日 posted over a holiday). The days between are said, natural and
    working, public holidays named as unknown."""

    def __init__(self, campaign: Campaign, count: int, parent: QWidget | None = None,
                 example: date | None = None) -> None:
        super().__init__("开始公示", f"拟助推项目 {count} 项，本年度公示期 {campaign.publicity_length}"
                         f"（{'按周一至周五计' if campaign.publicity_day_unit == WORKING_DAYS else '按日历日计'}，"
                         "含首尾两日）；结束日期按此填好，可改为公告写明的日期。", parent)
        self.campaign = campaign
        self.start_field = DateField(self, example)
        self.start_field.setObjectName("publicity_start")
        self.end_field = DateField(self, example)
        self.end_field.setObjectName("publicity_end")
        self.span = QLabel()
        self.span.setObjectName("publicity_span")
        self.span.setWordWrap(True)
        self._end_typed = False  # the office's own end day: no longer follows the start
        self.start_field.set_value(clock.today())
        self._follow_start()
        self.start_field.textChanged.connect(lambda _: self._follow_start())
        self.end_field.textEdited.connect(self._end_edited)
        self.end_field.textChanged.connect(lambda _: self._show_span())
        self.form.addRow("公示开始日期", self.start_field)
        self.form.addRow("公示结束日期", self.end_field)
        self.form.addRow("", self.span)
        self.start: date | None = None
        self.end: date | None = None

    def _end_edited(self, _text: str) -> None:
        self._end_typed = True

    def _follow_start(self) -> None:
        day, _ = self.read_date(self.start_field, "开始日期")
        if day is not None and not self._end_typed:
            self.end_field.set_value(period_end(self.campaign, day))
        self._show_span()

    def _show_span(self) -> None:
        start, _ = self.read_date(self.start_field, "开始日期")
        end, _ = self.read_date(self.end_field, "结束日期")
        if start is None or end is None:
            self.span.setText("")
        elif end < start:
            self.span.setText("结束日期早于开始日期")
        else:
            self.span.setText(span_words(start, end))

    def check(self) -> str:
        self.start, problem = self.read_date(self.start_field, "公示开始日期")
        self.fault = self.start_field
        if problem:
            return problem
        self.end, problem = self.read_date(self.end_field, "公示结束日期")
        self.fault = self.end_field
        if problem:
            return problem
        assert self.start is not None and self.end is not None
        if self.end < self.start:
            return f"公示结束日期 {cn_date(self.end)}早于开始日期 {cn_date(self.start)}"
        return ""


class ObjectionDialog(FormDialog):
    def __init__(self, title: str, period: pub.Period, parent: QWidget | None = None,
                 approved: bool = False) -> None:
        intro = f"对“{title}”的异议（公示期 {period.label}）。"
        if approved:  # entered after the close: the award the close made is held
            intro += (f"公示已于 {cn_date(period.closed)}结束，项目已核准：只登记公示期内"
                      "收到的异议（如邮戳在公示期内、结束后才送到的来信）；处理前该项目暂缓拨付。")
        super().__init__("登记异议", intro, parent)
        self.day_field = DateField(self, period.start)
        self.day_field.set_value(min(clock.today(), period.end))
        self.objector_field = TextField(self, "异议人（可填“匿名来信”）")
        self.content_field = TextField(self, "异议内容")
        self.form.addRow("收到日期", self.day_field)
        self.form.addRow("异议人", self.objector_field)
        self.form.addRow("异议内容", self.content_field)
        self.day: date | None = None

    def check(self) -> str:
        self.day, problem = self.read_date(self.day_field, "收到日期")
        self.fault = self.day_field
        if problem:
            return problem
        self.fault = self.content_field
        return "" if self.content_field.value() else "请填写异议内容"


class ResolveDialog(FormDialog):
    def __init__(self, objection: pub.Objection, closed: bool = False,
                 parent: QWidget | None = None, approved: bool = False, title: str = "") -> None:
        # the project named first: a finding typed for another project's objection was
        # recorded on the one under the lower list's cursor (the dialog named no project)
        super().__init__(f"处理异议 — {title}" if title else "处理异议",
                         (f"项目：“{title}”\n" if title else "")
                         + f"异议 {objection.id}：{objection.content}"
                         f"（{objection.received.isoformat()}，{objection.objector or '匿名'}）",
                         parent)
        # after the close there is no 期满 to wait for: a dismissal approves at once; an
        # objection entered after the close holds an approved award, which it releases
        self.dismissed = QRadioButton(
            "异议不成立(&N)（核准不变，即可拨付）" if approved
            else "异议不成立(&N)（公示已结束：项目即予核准）" if closed
            else "异议不成立(&N)（项目继续公示，期满核准）")
        self.upheld = QRadioButton("异议成立(&Y)（撤销核准，项目不予助推）" if approved
                                   else "异议成立(&Y)（项目不予助推）")
        # dismissed, a mistaken entry would mark the approval sheet 收到异议 for good
        self.in_error = QRadioButton("误登记(&W)（登记错了项目或重复登记：撤销，不计入审批表）")
        # none chosen: a director who only wrote the note had recorded a dismissal
        self.note_field = TextField(self, "核查情况和结论")
        self.day_field = DateField(self, objection.received)
        self.day_field.set_value(clock.today())
        self.form.addRow("结论", self.dismissed)
        self.form.addRow("", self.upheld)
        self.form.addRow("", self.in_error)
        self.form.addRow("处理意见", self.note_field)
        self.form.addRow("处理日期", self.day_field)
        self.day: date | None = None

    def check(self) -> str:
        if not any(b.isChecked() for b in (self.dismissed, self.upheld, self.in_error)):
            self.dismissed.setFocus(Qt.FocusReason.OtherFocusReason)
            return "请选择结论：异议不成立（Alt+N）、异议成立（Alt+Y）或误登记（Alt+W）"
        self.day, problem = self.read_date(self.day_field, "处理日期")
        self.fault = self.day_field
        if problem:
            return problem
        self.fault = self.note_field
        return "" if self.note_field.value() else "请填写处理意见（核查情况和结论）"


class CorrectDialog(FormDialog):
    """A settled objection's finding corrected on review. Upheld: entered against the wrong
    project (the objection goes, 误登记) or its finding wrong (kept, now 不成立: the 审批表
    says an objection was received and found groundless). Dismissed: now upheld, while the
    batch's publicity is open."""

    def __init__(self, objection: pub.Objection, title: str,
                 parent: QWidget | None = None) -> None:
        self.was_upheld = objection.resolution == pub.UPHELD
        said = (f"异议：{objection.content}（{objection.received.isoformat()}，"
                f"{objection.objector or '匿名'}），已于 {objection.resolved} 按"
                f"{objection.resolution_zh}处理")
        if self.was_upheld:
            intro = (f"{said}，项目“{title}”不予助推。在空出的名额重新采纳前可更正（名额已重新"
                     "采纳的，会说明该怎么办）：登记错了项目的，异议作为误登记撤销，不计入审批表；"
                     "复核后结论有误的，异议保留、改为异议不成立，审批表写明公示期内收到异议、经核实"
                     "不成立。项目恢复公示；公示已结束的恢复核准（原核准金额和日期）。")
        else:
            intro = (f"{said}。复核后认定异议成立的，本批公示结束前可更正为异议成立：项目不予"
                     "助推，两次处理都记入修改记录和状态历史。")
        super().__init__("复核更正异议的处理", intro, parent)
        self.in_error = QRadioButton("登记错了项目(&W)（撤销该异议，不计入审批表）", self)
        self.reverse = QRadioButton("结论有误，改为异议不成立(&N)（保留异议）" if self.was_upheld
                                    else "结论有误，改为异议成立(&Y)（项目不予助推）")
        if self.was_upheld:
            self.form.addRow("更正", self.in_error)
            self.form.addRow("", self.reverse)
        else:  # the one correction there is
            self.in_error.hide()
            self.reverse.setChecked(True)
            self.form.addRow("更正", self.reverse)
        self.note_field = TextField(self, "复核理由（如：经复核两项目内容不同）")
        self.day_field = DateField(self, objection.resolved or objection.received)
        self.day_field.set_value(clock.today())
        self.form.addRow("理由", self.note_field)
        self.form.addRow("复核日期", self.day_field)
        self.day: date | None = None

    def check(self) -> str:
        if not (self.in_error.isChecked() or self.reverse.isChecked()):
            self.in_error.setFocus(Qt.FocusReason.OtherFocusReason)
            return "请选择：登记错了项目（Alt+W），或结论有误、改为异议不成立（Alt+N）"
        self.day, problem = self.read_date(self.day_field, "复核日期")
        self.fault = self.day_field
        if problem:
            return problem
        self.fault = self.note_field
        return "" if self.note_field.value() else "请填写理由"


class ReviewDialog(FormDialog):
    """排名复核: an approved award none of whose money stands paid (never paid, or every
    transfer sent back by the bank) the ranking on the scores counted now places otherwise
    (a score found conflicted after the close): withdrawn or kept, with why; one partly
    paid may only be kept."""

    def __init__(self, title: str, stale: str, parent: QWidget | None = None,
                 paid_fen: int = 0, returned: int = 0, status: str = "") -> None:
        if paid_fen:  # money has moved: kept here, or what to recover is the office's
            text = (f"项目“{title}”已拨付 {format_money(paid_fen)}，但公示后排名已变化：{stale}。"
                    "撤销核准须追回已拨付的款项，不在此登记，请报请研究；经研究维持的，写明理由后"
                    "其余款项即可拨付。结论和理由记入修改记录。")
        elif returned:  # the money left and came back: nothing to recover, nothing paid
            now = f"（现为“{status}”）" if status else ""
            # the ranking's line says it too (published_rerank.stale_notes): said once, there
            said = "" if all_returned_text(returned) in stale else f"，{all_returned_text(returned)}"
            text = (f"项目“{title}”已核准{now}{said}，但公示后排名已变化："
                    f"{stale}。请按研究结论复核：撤销核准的，项目不予助推，退回的款项不再重拨"
                    "（无须追回），空出的名额由按排名递补的项目重新采纳后另批公示；维持的，写明理由后"
                    "重拨退回的款项。结论和理由记入修改记录。")
        else:
            text = (f"项目“{title}”已核准、尚未拨付，但公示后排名已变化：{stale}。"
                    "请按研究结论复核：撤销核准的，项目不予助推，空出的名额由按排名递补的项目重新"
                    "采纳后另批公示；维持的，写明理由。结论和理由记入修改记录。")
        super().__init__("排名复核", text, parent)
        self.keep = QRadioButton("维持核准（写明理由）")
        self.revoke = QRadioButton("撤销核准（项目不予助推，退回的款项不再重拨，名额递补后另批公示）"
                                   if returned else "撤销核准（项目不予助推，名额递补后另批公示）")
        self.revoke.setEnabled(not paid_fen)
        self.keep.setChecked(True)
        self.note_field = TextField(self, "复核理由")
        self.form.addRow("结论", self.keep)
        self.form.addRow("", self.revoke)
        self.form.addRow("理由", self.note_field)

    def check(self) -> str:
        self.fault = self.note_field
        return "" if self.note_field.value() else "请填写复核理由"


class CloseDialog(FormDialog):
    def __init__(self, period: pub.Period, parent: QWidget | None = None,
                 open_places: list[str] | None = None) -> None:
        places = "".join(f"\n名额未满：{line}" for line in open_places or ())
        intro = (f"公示期 {period.label}。{pub.CLOSE_RULE_ZH}。公示期内收到的异议请先登记；"
                 "结束后才送到的，在该项目拨付前仍可登记，处理前暂缓拨付。" + places)
        super().__init__("结束公示", intro, parent)
        self.day_field = DateField(self, period.end + timedelta(days=1))
        self.day_field.set_value(max(clock.today(), period.end + timedelta(days=1)))
        self.form.addRow("结束日期", self.day_field)
        # the explanation above, heard with the field a screen reader goes to
        self.day_field.setAccessibleDescription(intro)
        self.day: date | None = None
        layout = self.layout()
        if places and layout is not None:  # a long wrapped intro: as tall as its lines (cut)
            self.setMinimumWidth(640)
            self.setMinimumHeight(layout.totalHeightForWidth(640))

    def check(self) -> str:
        self.day, problem = self.read_date(self.day_field, "结束日期")
        self.fault = self.day_field
        return problem


class PublicityScreen(WrappedTextFits, QWidget):
    """The 公示 screen. (Its least height counts its rows wrapped on a small screen.)"""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.periods: list[pub.Period] = []
        self.rows: list[pub.PublicityRow] = []
        self.stale: dict[int, str] = {}
        self.stale_cause = ""  # why the ranking now differs (Ranking.stale_cause)
        self.open_places: list[str] = []
        self.ranking: Ranking | None = None  # read while a batch is open
        self.freed_notice = ""
        self.dialog: QDialog | None = None

        self.start_why = ""  # why 开始公示 waits (another batch open), or ""
        self.batch = QComboBox()
        self.batch.setMinimumWidth(380)
        self.batch.currentIndexChanged.connect(lambda _: self._show())
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setWordWrap(True)
        self.by_id: dict[int, pub.PublicityRow] = {}
        self._loading = False
        self.model = SearchRowsModel(ROW_COLUMNS, self, right=(5,), sorted_on_load=False,
                                     refs=project_refs)
        self.table = _table(self.model, "publicity_table", stretch=(1,))  # the title takes the room
        self.give_way = NamesGiveWay(
            self.table, names=(1, 2, 4), through=len(ROW_COLUMNS) - 1, cap=WIDEST,
            roomy=self.table.horizontalHeader().maximumSectionSize(), refit=self._fit_names)
        self.table.setAccessibleName("公示列表")
        copyable(self.table, ctx.notice.emit)
        EmptyHint(self.table, lambda: "还没有拟助推项目：在“专家评审 → 排名与档次”中采纳拟助推名单后，"
                                      "在这里开始公示、登记异议，公示期满后核准")
        self.search = ListSearch(self, "项目、工作室、所在单位的任一片段，或登记号如 项目6（Ctrl+F）",
                                 "搜索公示项目")
        self.search.show_list(self.table, self.model, "个项目")
        self.objection_model = RowsModel(OBJECTION_COLUMNS, self, sorted_on_load=False)
        self.objections = _table(self.objection_model, "objection_table",
                                 stretch=(3, 5))  # the content and the finding take the room
        self.objections.setAccessibleName("异议列表")
        copyable(self.objections, ctx.notice.emit)
        # across reloads the same project; its objections and the buttons follow the row
        # chosen, by a search's reset too (a search finding none left the last one's)
        KeepSelection(self.table, self.model, first=True).follow(
            lambda: None if self._loading else self._selected())
        KeepSelection(self.objections, self.objection_model, first=True).follow(
            lambda: None if self._loading else self._update_buttons())
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # titles as typed
        self.greyed = NoteLabel()  # why a greyed keep-tier button waits, for the keyboard
        self.greyed.setObjectName("greyed_why")
        self.greyed.setTextFormat(Qt.TextFormat.PlainText)
        self.greyed.setStyleSheet(f"color: {themed(MUTED_COLOUR)};")

        self.start_button = QPushButton(lettered("开始公示…"))
        self.start_button.clicked.connect(self.ask_start)
        self.object_button = QPushButton(lettered("登记异议…"))
        self.object_button.clicked.connect(self.ask_objection)
        self.resolve_button = QPushButton(lettered("处理异议…"))
        self.resolve_button.clicked.connect(self.ask_resolve)
        self.review_button = QPushButton(lettered("排名复核…"))
        self.review_button.setToolTip("已核准的项目，公示后有评分不再计入、排名已变化时：撤销核准"
                                      "（尚未拨付，或已汇出的款项均被银行退回的）或维持")
        self.review_button.clicked.connect(self.ask_review)
        # a freed tier place the office leaves open, or that decision withdrawn
        self.kept_tier = KeptTierActions(self)
        self.keep_button = self.kept_tier.keep_button
        self.undo_keep_button = self.kept_tier.undo_button
        self.close_button = QPushButton(lettered("结束公示…"))
        self.close_button.clicked.connect(self.ask_close)
        self.xlsx_button = QPushButton(lettered("导出名单 xlsx…"))
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        self.pdf_button = QPushButton(lettered("导出名单 PDF…"))
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))

        # both rows wrap on to further lines where the screen is narrower than they are: at
        # 18 pt on a 960-wide screen they held the screen 1136 wide, and it scrolled sideways
        top = WrapRow()
        batch_label = QLabel("公示批次(&B)")
        batch_label.setBuddy(self.batch)  # the box named by it: it had no name of its own
        self.batch.setAccessibleName("公示批次")
        top.addWidget(batch_label)
        top.addWidget(self.batch)
        top.addStretch(1)
        top.addWidget(self.xlsx_button)
        top.addWidget(self.pdf_button)
        buttons = WrapRow()
        for b in (self.start_button, self.object_button, self.resolve_button,
                  self.review_button, self.keep_button, self.undo_keep_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        # names the project the list is of (the clerk took it for every objection's)
        self.objections_label = QLabel("光标所在项目的异议")
        self.objections_label.setTextFormat(Qt.TextFormat.PlainText)
        lower_layout.addWidget(self.objections_label)
        lower_layout.addWidget(self.objections)
        # three projects in view, the screen scrolling on a small one rather than the list:
        # its rows wrapped at 18 pt on a 960×600 screen, one was left
        # (its headings on two lines, as many rows)
        self._three_rows()
        header = self.table.horizontalHeader()
        assert isinstance(header, WrappedHeader)
        header.relined.connect(self._three_rows)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.search.bar())  # beside the batch it held a small laptop wider
        layout.addWidget(self.info)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.greyed)
        layout.addWidget(self.error)

        self._in_view = ReloadInView(self, self.reload)
        ctx.changed.connect(self._register_changed)
        ctx.year_changed.connect(self._year_changed)
        self.reload()

    # -- loading ---------------------------------------------------------------------
    def _register_changed(self, kind: str) -> None:
        if kind in REFRESH_ON:
            self._in_view()  # behind another screen: when next shown

    def _year_changed(self, _year: int) -> None:
        # A method, not a lambda: PySide disconnects it when the screen is deleted
        # (从备份恢复 rebuilds the screens; a lambda would outlive this one).
        self._in_view()

    def refresh(self) -> None:
        self.reload()

    def focus_search(self) -> None:
        self.search.focus()

    def focus_list(self) -> None:
        """After a Ctrl+number switch: the keyboard on the projects, not the batch box."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _fit_names(self) -> None:
        """Studio and enterprise as wide as their names, up to an even share of the room
        (never under WIDEST; whole when pointed at): a 60-character title, studio and
        enterprise pushed 拟助推金额 and 状态 out of view; held to WIDEST on a wide window,
        the posted list's enterprises were cut (…零部件有…) beside an empty title column."""
        fit_columns(self.table, self.model, widest=self.give_way.share)

    def _three_rows(self) -> None:
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 3 * self.table.verticalHeader().defaultSectionSize() + 4)

    def reload(self) -> None:
        reg, year = self.ctx.reg, self.ctx.year
        self.periods = pub.periods(reg, year)
        # a score that stopped counting since the list was published (the close waits for
        # the office's decision): read while a batch is open, the ranking costs seconds
        self.ranking = ranking = rank(reg, year) if any(p.is_open for p in self.periods) else None
        self.stale = ranking.stale_published if ranking else {}
        # a tier place the ranking gives someone not holding it (said at the close)
        self.open_places = open_place_lines(self.ctx.campaign(), ranking) if ranking else []
        self.stale_cause = ranking.stale_cause if ranking else ""
        waiting = pub.waiting_rows(reg, year)
        current = self.batch.currentData()
        self.batch.blockSignals(True)
        self.batch.clear()
        for p in self.periods:
            # its dates in the label's own style (2022年12月26日), not 2026-12-06 beside it
            state = "公示中" if p.is_open else f"已于{cn_date(p.closed)}结束"
            self.batch.addItem(f"第{p.batch}批：{p.label}（{state}）", p.id)
        if waiting or not self.periods:
            self.batch.addItem(f"待公示：拟助推 {len(waiting)} 项", WAITING)
        index = self.batch.findData(current)
        if index < 0:  # the open period first, else the waiting list, else the latest
            open_ids = [p.id for p in self.periods if p.is_open]
            index = self.batch.findData(open_ids[0] if open_ids else
                                        WAITING if waiting else
                                        self.batch.itemData(self.batch.count() - 1))
        self.batch.setCurrentIndex(max(index, 0))
        self.batch.blockSignals(False)
        self._show(waiting)

    def current_period(self) -> pub.Period | None:
        pid = self.batch.currentData()
        return next((p for p in self.periods if p.id == pid), None)

    def _show(self, waiting: list[pub.PublicityRow] | None = None) -> None:
        """Lists the chosen batch (``waiting``: the waiting list, when already read)."""
        reg, year = self.ctx.reg, self.ctx.year
        p = self.current_period()
        if p is not None:
            self.rows = pub.publicity_rows(reg, year, period_id=p.id)
        else:
            self.rows = waiting if waiting is not None else pub.waiting_rows(reg, year)
        self.by_id = {row.project_id: row for row in self.rows}
        self.kept_tier.load(self.ranking, list(self.by_id))
        self._loading = True
        try:
            self.model.set_rows(self._row(n, row, self.stale.get(row.project_id, ""))
                                for n, row in enumerate(self.rows, start=1))
            self._fit_names()
        finally:
            self._loading = False
        total = sum(r.amount_fen for r in self.rows if not r.off_list)
        self.start_why = self._start_blocked() if p is None and self.rows else ""
        if p is None:
            text = (f"名单草稿（未公示）：拟助推 {len(self.rows)} 项，合计 {format_money(total)}，"
                    "序号即开始公示后公示名单的序号。"
                    f"公示期 {self.ctx.campaign().publicity_length}，按“开始公示”后生效。")
            if self.start_why:
                text += (f"<br><span style='color:{themed(WARNING_COLOUR)}'>"
                         f"{html.escape(self.start_why)}</span>")
        else:
            if p.is_open:
                when = f"公示中，{cn_date(p.end + timedelta(days=1))}起可结束公示"
            else:
                when = f"已于{cn_date(p.closed)}结束，无异议项目已核准"
            text = (f"<b>公示期 {p.label}</b>（{when}）："
                    + html.escape(pub.tally(self.rows, format_money(total))))
            stale = [line for pid, line in self.stale.items() if pid in self.by_id]
            if stale and p.is_open:
                text += (f"<br><span style='color:{themed(WARNING_COLOUR)}'>"
                         f"本批公示名单已不是现在的排名（{html.escape(self.stale_cause)}）："
                         + html.escape("；".join(stale)) + "。结束公示前请把排名变化登记为该项目的"
                         "异议并处理（成立的不予助推，名额递补后另批公示；维持的写明理由）</span>")
            decided = self.kept_tier.info_lines() if p.is_open else []
            if decided:  # a freed place: who the ranking moves in, or the office's decision
                text += (f"<br><span style='color:{themed(WARNING_COLOUR)}'>" + "<br>".join(
                    html.escape(line) for line in decided) + "</span>")
        self.info.setText(text)
        self._selected()

    def _start_blocked(self) -> str:
        """Why 开始公示 waits, and what to do, or "": another batch still in publicity
        (one batch at a time: publicity.start_publicity), its objections to handle first."""
        open_p = next((x for x in self.periods if x.is_open), None)
        if open_p is None:
            return ""
        rows = pub.publicity_rows(self.ctx.reg, self.ctx.year, period_id=open_p.id)
        pending = sum(o.open for r in rows for o in r.objections)
        return (f"暂不能开始公示：第{open_p.batch}批公示（{open_p.label}）尚未结束"
                + (f"，有 {pending} 件异议待处理" if pending else "")
                + f"。请在“公示批次”中选第{open_p.batch}批，"
                + ("先处理异议，" if pending else "")
                + f"{cn_date(open_p.end + timedelta(days=1))}起按“结束公示”结束该批后，"
                "再开始公示本批")

    @staticmethod
    def _row(number: int, row: pub.PublicityRow, stale: str = "") -> Row:
        """The list's row: its number in the ranking, the state coloured, and on the state
        a count of the objections (``stale``: how the ranking now differs, said there)."""
        amount = format_money(row.amount_fen) if row.amount_fen else "档次未定"
        state = row.state
        colour = STATE_COLOUR.get(state)
        if row.status == "approved" and any(o.open for o in row.objections):
            # entered after the close: approved, but held (as 创新项目 and 拨付 say)
            state = f"{state}（已核准，暂缓拨付）"
        tip = ""
        if row.objections:
            still_open = sum(o.open for o in row.objections)
            tip = f"异议 {len(row.objections)} 件" + (f"，待处理 {still_open} 件" if still_open
                                                    else "，均已处理")
        if stale and row.status == "publicized":
            state, colour = f"{state}（排名已变化）", WARNING_COLOUR
            tip = f"按现有评分：{stale}。结束公示前请登记为异议并处理"
        tips = {6: tip} if tip else {}
        if row.paid_to:  # the list shows what was posted; who is paid now, said on it
            tips[4] = (f"公示时的所在单位（公示名单照此打印）。现收款单位为“{row.paid_to}”"
                       "（改汇或工作室迁往其他单位），拨付清单按现收款单位")
        return Row(row.project_id,
                   (str(number), row.title, row.studio, row.level_zh, row.enterprise, amount,
                    state),
                   cell_tips=tips or None,
                   colours={6: colour} if colour else None)

    def current_row(self) -> pub.PublicityRow | None:
        return self.by_id.get(current_id(self.table))

    def _selected(self) -> None:
        """Lists the current project's objections, keeping the chosen one."""
        row = self.current_row()
        objections = row.objections if row else ()
        pending = sum(o.open for o in objections)
        self.objections_label.setText(
            f"“{row.title}”的异议：{len(objections)} 件" + (f"，待处理 {pending} 件" if pending else "")
            if row else "光标所在项目的异议")
        self._loading = True
        try:
            self.objection_model.set_rows(
                Row(o.id, (str(o.id), o.received.isoformat(), o.objector, o.content,
                           o.resolution_zh, o.note, o.resolved.isoformat() if o.resolved else ""),
                    cell_tips={3: o.content, 5: o.note},
                    colours={4: WARNING_COLOUR} if o.open else None)
                for o in objections)
            fit_columns(self.objections, self.objection_model)
        finally:
            self._loading = False
        self._update_buttons()

    def current_objection(self) -> pub.Objection | None:
        row = self.current_row()
        objection_id = current_id(self.objections)
        if row is None or objection_id is None:
            return None
        return next((o for o in row.objections if o.id == objection_id), None)

    def _update_buttons(self) -> None:
        writable = not self.ctx.read_only
        p = self.current_period()
        row = self.current_row()
        objection = self.current_objection()
        open_period = any(x.is_open for x in self.periods)
        self.start_button.setEnabled(writable and p is None and bool(self.rows)
                                     and not open_period)
        self.start_button.setToolTip(self.start_why if p is None and open_period else "")
        # after the close, an objection of the period can still hold an unpaid award (one
        # paid is refused, saying what to do instead)
        late = p is not None and not p.is_open and row is not None \
            and row.status in pub.AWARDED_AFTER_CLOSE
        self.object_button.setEnabled(writable and row is not None and p is not None
                                      and (row.status == "publicized" or late))
        # a settled one may be corrected: upheld while its project has not moved on (the
        # domain says when), dismissed while the batch's publicity is open
        upheld = (objection is not None and objection.resolution == pub.UPHELD
                  and row is not None and row.status == "not_awarded")
        refusal = ("" if objection is None or objection.open or upheld
                   else pub.correction_refusal(self.ctx.reg, objection))
        self.resolve_button.setEnabled(writable and objection is not None
                                       and (objection.open or upheld or not refusal))
        self.resolve_button.setToolTip(
            "" if objection is None or objection.open
            else "复核更正异议成立的处理（登记错了项目，或结论有误改为异议不成立）" if upheld
            else "复核更正：结论有误的，本批公示结束前可改为异议成立" if not refusal
            else f"该异议已处理（{objection.resolution_zh}）；{refusal}")
        # approved (paid in part: kept only): the office's review of a ranking changed since
        self.review_button.setEnabled(writable and row is not None
                                       and row.status in ("approved", "paid_first", "accepted"))
        greyed = self.kept_tier.update(writable)
        if writable and objection is not None and not self.resolve_button.isEnabled():
            # a settled objection past correcting: its reason seen without the mouse, as
            # 维持公示档次's (a greyed button takes no focus; Alt+D did nothing)
            greyed.insert(0, greyed_line(self.resolve_button))
        self.greyed.setText("\n".join(greyed))
        self.close_button.setEnabled(writable and p is not None and p.is_open)
        has_rows = bool(self.rows)
        self.xlsx_button.setEnabled(has_rows)
        self.pdf_button.setEnabled(has_rows)

    # -- actions -----------------------------------------------------------------------
    def _write(self, label: str, do: Callable[[], Any]) -> Any:
        result = self.ctx.write(label, do, changed="project", parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        return result

    def ask_start(self) -> None:
        dialog = StartDialog(self.ctx.campaign(), len(self.rows), self,
                             date(self.ctx.year, 12, 20))  # the open year's, as 2022's demo
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.start:
            self.start(dialog.start, dialog.end)
        self._back_to(self.table)

    def start(self, day: date, end: date | None = None) -> bool:
        """Publicity from ``day`` to ``end`` (None: the year's 公示期 from ``day``)."""
        return self._write("开始公示", lambda: pub.start_publicity(
            self.ctx.reg, self.ctx.year, day, end)).ok

    def ask_objection(self) -> None:
        row, p = self.current_row(), self.current_period()
        if row is None or p is None or not self._one_project("登记异议"):
            return
        if row.status != "publicized" and (
                why := pub.late_objection_refusal(self.ctx.reg, row.project_id)):
            self.error.setText(why)  # said before the letter is typed in, not after
            dialogs.show_error(self, "未能登记异议", why)
            return
        dialog = ObjectionDialog(row.title, p, self, approved=row.status == "approved")
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.day:
            self.record_objection(row.project_id, dialog.day, dialog.objector_field.value(),
                                  dialog.content_field.value())
        self._back_to(self.table)

    def back_to_list(self) -> None:
        self._back_to(self.table)

    def _back_to(self, view: QTableView) -> None:
        """A dialog closed (saved or Esc): the keyboard back on the list, as on 拨付 (it was
        left nowhere: ↑↓ moved nothing until a click)."""
        self.activateWindow()
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _one_project(self, action: str) -> bool:
        """``action`` asked with several projects selected: said why nothing is done."""
        return one_row_only(self, self.table, action,
                            f"{action}一次只对一个项目，请只选中要{action}的那一项")

    def record_objection(self, project_id: int, day: date, objector: str, content: str) -> bool:
        same = pub.same_objection(self.ctx.reg, project_id, day, objector, content)
        if same is not None and not dialogs.ask_yes_no(
                self, "异议已登记", pub.duplicate_text(same) + "。同一封来信不必重复登记。\n\n"
                "确是另一封内容相同的来信，仍要登记吗？", yes="仍要登记", no="不登记"):
            self.error.setText(pub.duplicate_text(same) + "，未重复登记")
            return False
        ok = self._write("登记异议", lambda: pub.record_objection(
            self.ctx.reg, project_id, day, objector, content, again=same is not None)).ok
        if ok and self.ctx.reg.project(project_id).status == "approved":
            self.ctx.notice.emit("已登记异议：该项目已核准，异议处理前暂缓拨付")
        return ok

    def ask_resolve(self) -> None:
        objection = self.current_objection()
        if objection is None or not one_row_only(
                self, self.objections, "处理异议", "处理异议一次只处理一件，请只选中要处理的那一件"):
            return
        p, row = self.current_period(), self.current_row()
        if not objection.open and row is not None:
            fix = CorrectDialog(objection, row.title, self)
            self.dialog = fix
            if fix.exec() == QDialog.DialogCode.Accepted and fix.day:
                if fix.in_error.isChecked():
                    self.withdraw(objection.id, fix.note_field.value())
                else:
                    self.correct(objection.id, fix.note_field.value(), fix.day)
            self._back_to(self.objections)
            return
        dialog = ResolveDialog(objection, bool(p and p.closed), self,
                               approved=row is not None and row.status == "approved",
                               title=row.title if row else "")
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.day:
            if dialog.in_error.isChecked():
                self.withdraw(objection.id, dialog.note_field.value())
            else:
                self.resolve(objection.id, dialog.upheld.isChecked(),
                             dialog.note_field.value(), dialog.day)
        self._back_to(self.objections)

    def ask_review(self) -> None:
        row = self.current_row()
        if row is None or not self._one_project("排名复核"):
            return
        # read when asked: the ranking costs seconds at a large year
        stale = rank(self.ctx.reg, self.ctx.year).stale_published.get(row.project_id)
        if stale is None:
            self.error.setText(f"项目“{row.title}”的助推档次与按现有评分的排名一致（或已复核），无需复核")
            return
        paid, returned = pub.award_money(self.ctx.reg, row.project_id)
        status = self.ctx.reg.project(row.project_id).status  # past 核准: accepted, failed
        dialog = ReviewDialog(row.title, stale, self, paid_fen=paid, returned=returned,
                              status="" if status == "approved" else STATUS_ZH.get(status, status))
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.review(row.project_id, dialog.revoke.isChecked(), dialog.note_field.value())
        self._back_to(self.table)

    def review(self, project_id: int, revoke: bool, reason: str) -> bool:
        """排名复核, after a backup (on a large register in the background)."""
        year = self.ctx.year
        before = waiting(rank(self.ctx.reg, year)) if revoke else None

        def reviewed(_result: OpResult) -> None:
            if revoke and (freed := freed_place_notice(self.ctx.reg, year, project_id, before)):
                self.freed_notice = freed
                self.ctx.notice.emit(freed)

        return backed_up(self, "排名复核", lambda reg, cancelled: pub.settle_rerank(
            reg, project_id, revoke, reason, cancelled=cancelled), changed="project",
            then=reviewed)

    def withdraw(self, objection_id: int, reason: str) -> bool:
        return self._write("撤销误登记的异议", lambda: pub.withdraw_entered_in_error(
            self.ctx.reg, objection_id, reason)).ok

    def correct(self, objection_id: int, reason: str, day: date) -> bool:
        """A settled objection's finding reversed on review, the objection kept."""
        reg, year = self.ctx.reg, self.ctx.year
        row = reg.query("SELECT project_id, resolution FROM objections WHERE id = ?",
                        (objection_id,))[0]
        to_upheld = row["resolution"] == pub.DISMISSED
        before = waiting(rank(reg, year)) if to_upheld else None
        ok = self._write("复核更正异议的处理", lambda: pub.correct_resolution(
            reg, objection_id, reason, day)).ok
        if ok and to_upheld and (freed := freed_place_notice(reg, year, row["project_id"],
                                                              before)):
            self.freed_notice = freed
            self.ctx.notice.emit(freed)
            self.error.setText(freed)
        return ok

    def resolve(self, objection_id: int, upheld: bool, note: str, day: date) -> bool:
        reg, year = self.ctx.reg, self.ctx.year
        before = waiting(rank(reg, year)) if upheld else None
        project_id = reg.scalar("SELECT project_id FROM objections WHERE id = ?", (objection_id,))
        ok = self._write("处理异议", lambda: pub.resolve_objection(
            reg, objection_id, upheld, note, day)).ok
        if ok and upheld and (freed := freed_place_notice(reg, year, project_id, before)):
            self.freed_notice = freed  # said in the status bar, and kept for a look
            self.ctx.notice.emit(freed)
            self.error.setText(freed)
        return ok

    def ask_close(self) -> None:
        p = self.current_period()
        if p is None:
            return
        dialog = CloseDialog(p, self, open_places=self.open_places)
        self.dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.day \
                and self._near_copies_confirmed():
            self.close_period(dialog.day)
        self._back_to(self.table)

    def _near_copies_confirmed(self) -> bool:
        """结束公示 approves: a project with an uncleared near-copy 提示 asked about first,
        as `publicity close --yes` wants, 取消 the default (确认不是同一项目… clears it)."""
        from boostdesk.models.records import PROJECT

        from .near_copy_question import confirmed

        ids = pub.approving_at_close(self.ctx.reg, self.ctx.year)
        return confirmed(self, self.ctx, PROJECT, ids, "approved",
                         "结束公示即核准这些项目。仍要结束公示吗？", "仍要结束公示", "P")

    def close_period(self, day: date) -> bool:
        """结束公示, after a backup (on a large register in the background)."""
        def closed(result: OpResult) -> None:
            done = result.value
            text = f"公示已结束：{len(done.approved)} 项核准助推"
            if done.pending:
                text += "；异议待处理，暂不核准：" + "、".join(done.pending)
            # a place still open (an upheld objection freed it): who waits, for what decision
            places = [f"名额未满：{line}" for line in open_place_lines(
                self.ctx.reg.campaign(year), rank(self.ctx.reg, year))]
            self.ctx.notice.emit("；".join([text, *places]))
            self.error.setText("；".join([*(f"异议待处理，暂不核准：{t}" for t in done.pending),
                                         *places]))

        year = self.ctx.year
        return backed_up(self, "结束公示", lambda reg, cancelled: pub.close_publicity(
            reg, year, day, cancelled=cancelled), changed="project", then=closed)

    def export_name(self, kind: str) -> str:
        """The file name offered: the batch in it (第1批, 第2批 side by side in a folder,
        not the second over the first), a 更正 said so, the list before publicity 待公示."""
        p = self.current_period()
        if p is None:
            part = "-待公示"
        else:
            corrected = any(r.off_list or r.taken_back for r in self.rows)
            part = f"-第{p.batch}批" + ("-更正" if corrected else "")
        return f"{self.ctx.year}年度拟助推项目公示名单{part}.{kind}"

    def ask_export(self, kind: str) -> None:
        name = self.export_name(kind)
        path, _ = QFileDialog.getSaveFileName(self, "导出公示名单", export_start(self.ctx.settings, name),
                                              "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)")
        if path:
            remember_export(self.ctx.settings, path)
            self.export(Path(path), kind)

    def export(self, path: Path, kind: str) -> bool:
        """The list written, and its line in the trail (a batch printed before: 补打)."""
        from boostdesk.panel.publicity_docs import export_publicity
        from boostdesk.printing.print_log import UNRECORDED

        if path.suffix.lower() != f".{kind}":
            path = with_extension(path, f".{kind}")
        p = self.current_period()
        try:
            _pages, recorded = export_publicity(self.ctx.reg, self.ctx.year, path, kind,
                                                p.id if p else None, waiting=p is None)
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            self.error.setText(error_text(exc))
            return False
        self.error.setText("")
        self.ctx.notice.emit(f"已导出公示名单：{path}" + ("" if recorded else f"；{UNRECORDED}"))
        return True
