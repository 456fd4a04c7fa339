"""专家评审 → 排名与档次: the ranking into tiers under the quotas, a tier set by hand
(OverrideDialog, with what it does to the others), a published project the ranking now
places higher kept at its published tier (维持公示档次…) or that decision withdrawn
(撤销维持公示档次…, 公示's own code: publicity_kept_tier), and the proposed list adopted or
withdrawn."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.campaign_settings import QUOTA_SHORT
from boostdesk.models import clock
from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.panel import grid as gr
from boostdesk.panel import scoring as sc
from boostdesk.panel.adopt_day import adoption_day_refusal
from boostdesk.panel.adopt_proposal import (
    NOTHING_TO_ADOPT,
    WITHDRAW_REASON_HINT,
    adopt,
    against_plan_message,
    against_plan_rows,
    conflict_advice,
    short_message,
    tie_message,
    unpublished_merge,
    withdraw,
)
from boostdesk.panel.adopt_reasons import short_decided
from boostdesk.panel.kept_tier_withdrawal import recorded_after_close, withdrawal_rule
from boostdesk.panel.over_request import over_request_message, tier_marks
from boostdesk.panel.published_list import adopt_refusal
from boostdesk.panel.published_rerank import KeptTier, kept_decisions, raised_advice, stale_advice
from boostdesk.panel.ranking import rank
from boostdesk.panel.ranking_rows import AWARD_CONFLICT_ADVICE, Ranking, RankRow
from boostdesk.panel.score_summary import named_totals
from boostdesk.panel.tie_break import TIE_RULE_OWN, tie_break_rule
from boostdesk.panel.tier_overrides import (
    TierChange,
    clear_override,
    keep_published_tier,
    override_effects,
    set_override,
)
from boostdesk.panel.tier_places import tier_name
from boostdesk.rules.passed_against import MARK
from boostdesk.validate import ValidationError, after_today

from . import dialogs
from . import panel_summary_export as summary_export
from .column_widths import NamesGiveWay
from .context import AppContext, backed_up, error_text
from .copy_rows import copyable
from .empty_hint import EmptyHint
from .form_widgets import DateField, TextField, first_too_long, limited
from .keep_selection import KeepSelection, current_id
from .many_rows import one_row_only
from .panel_common import TITLE_WIDEST, back_to_list, cell_texts, error_label, list_view
from .panel_models import DISAGREEMENT, MUTED, ShadedRowsModel
from .publicity_kept_tier import UNDO_TIP, ask_undo_keep, greyed_line, undo_refusals
from .row_search import project_refs
from .rows_model import Row
from .scroll_notes import ScrollNotes
from .small_screen import NoteLabel, WrappedTextFits, WrapRow
from .style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR, escape
from .theme import MUTED_COLOUR, themed

ADOPT_TIP = "按当前排名把项目列为拟助推或未获助推；公示前可撤回"
REASON_SHOWN = "市级第 1 名；"  # of 理由, what stays in view on a narrow window
WAITING_LINES = 4  # the warnings above the list shown whole up to so many lines, then scrolled
RULE_LINES = 2  # the tie rule under it
DETAIL_LINES = 4  # the chosen row's scores and reason
ROWS_WANTED = 8  # rows kept in view before the notes above and under are cut to 2 lines


def _some(texts: Iterable[str], n: int = 3) -> str:
    """The first ``n`` of ``texts``, then …… when there are more."""
    items = list(texts)
    return "；".join(items[:n]) + ("……" if len(items) > n else "")


def _sd_text(p: Any) -> str:
    """The 标准差 cell: its number, and 分歧 said in words when the experts are far apart
    (the tint alone said nothing to a clerk who cannot tell it from white; the CLI prints
    （意见分歧）)."""
    if p is None or p.sd is None:
        return ""
    return f"{p.sd:.2f} 分歧" if p.disagreement else f"{p.sd:.2f}"


class RankTab(WrappedTextFits, QWidget):
    # the population SD (÷ n, statistics.pstdev): a tie-break step, so said which one
    COLUMNS = ("级别", "名次", "项目名称", "工作室", "专家数", "平均分", "得分", "标准差（总体）",
               "拟助推档次", "理由")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ranking: Ranking | None = None
        self.kept: dict[int, KeptTier] = {}  # the published projects' keep-tier decisions
        self.dialog: QDialog | None = None  # the dialog up (撤销维持公示档次's)
        self._published_why = ""  # why 采纳 and 撤回 are greyed: the list published
        self.quotas = QLabel()
        self.quotas.setTextFormat(Qt.TextFormat.RichText)
        self.quotas.setWordWrap(True)  # with its note (原则上) wider than a small laptop
        # the ranking's own order: levels, then places (no header sorting)
        self.model = ShadedRowsModel(self.COLUMNS, self, right=(1, 4, 5, 6, 7),
                                     sorted_on_load=False, refs=project_refs)
        self.table = list_view(self.model)
        copyable(self.table, ctx.notice.emit)
        # 得分, 档次 in view, and of 理由 its first words (at 1366×768 ×1.5 it had 19 pixels;
        # the names a little narrower for it: seven characters, whole when pointed at)
        NamesGiveWay(self.table, names=(2, 3), through=8, cap=TITLE_WIDEST, floor=100,
                     after=lambda: self.table.fontMetrics().horizontalAdvance(REASON_SHOWN))
        self.table.setAccessibleName("排名与档次列表")
        EmptyHint(self.table, lambda: "还没有可排名的项目：项目通过资格审核、分配专家并提交评分后"
                                      "在这里排名，并按名额拟定助推档次")
        KeepSelection(self.table, self.model).follow(self._selected)  # a search's row too
        self.rule = QLabel()  # the year's rule, on reload
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet(f"color: {themed('#555')};")
        self.detail = NoteLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome = NoteLabel()  # what the last override did to the other projects
        self.waiting = QLabel()  # projects whose experts have not all submitted
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.override_button = QPushButton("人工调整档次…")
        self.override_button.clicked.connect(self.ask_override)
        self.clear_button = QPushButton("取消人工调整")
        self.clear_button.clicked.connect(self.clear_override)
        self.keep_button = QPushButton("维持公示档次…")
        self.keep_button.setToolTip("已公示项目按现有排名可列入较高档次的：登记经研究维持公示档次"
                                    "（写明理由），此后不再提示报请研究")
        self.keep_button.clicked.connect(self.ask_keep_tier)
        self.undo_keep_button = QPushButton("撤销维持公示档次…")
        self.undo_keep_button.clicked.connect(self.ask_undo_keep)
        self.undo_keep_button.setVisible(False)  # on a project with a decision standing
        # the day the office adopted the list (its publicity may not start before it):
        # today unless typed, as `panel adopt --date`
        self.adopted_on = DateField(self)
        self.adopted_on.setObjectName("adopted_on")
        self.adopted_on.setAccessibleName("采纳日期")
        self.adopted_on.set_value(clock.today())
        self.adopted_on.setToolTip("办公室采纳名单的日期（默认今天，不能晚于今天）；该批公示不能早于此日开始")
        self.adopted_on.setMinimumWidth(
            self.adopted_on.fontMetrics().horizontalAdvance("2022-12-31 ") + 16)
        self.adopted_on.returnPressed.connect(self._adopt_on_enter)
        self._day_typed = False  # a day the clerk typed stays; else today's, at each reload
        self.adopted_on.textEdited.connect(lambda _text: setattr(self, "_day_typed", True))
        self.adopted_on_label = QLabel("采纳日期(&C)")
        self.adopted_on_label.setBuddy(self.adopted_on)
        self.adopt_button = QPushButton("采纳为拟助推名单")
        self.adopt_button.setToolTip(ADOPT_TIP)
        self.adopt_button.clicked.connect(self.adopt)
        self.withdraw_button = QPushButton("撤回拟助推名单")
        self.withdraw_button.clicked.connect(self.withdraw)
        # the scores the chair signs off, whatever the stage: a reading, never greyed
        self.summary_button = QPushButton(summary_export.BUTTON_TEXT)
        self.summary_button.setObjectName("panel_summary")
        self.summary_button.setToolTip(summary_export.TIP)
        self.summary_button.clicked.connect(lambda: self.export_summary())
        self.greyed = NoteLabel()  # why a greyed keep-tier button waits, for the keyboard
        self.greyed.setObjectName("greyed_why")
        self.greyed.setTextFormat(Qt.TextFormat.PlainText)
        self.greyed.setStyleSheet(f"color: {themed(MUTED_COLOUR)};")
        self.error = error_label()
        buttons = WrapRow()  # at large text on a small screen: on to a second line
        for b in (self.override_button, self.clear_button, self.keep_button,
                  self.undo_keep_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        # the day beside 采纳为拟助推名单, one piece: where the row is wider than the screen
        # it goes on to the second line with the buttons (a line of its own cost the list
        # its fifth row at 150 %)
        day = QWidget()
        day_row = QHBoxLayout(day)
        day_row.setContentsMargins(0, 0, 0, 0)
        day_row.addWidget(self.adopted_on_label)
        day_row.addWidget(self.adopted_on)
        for w in (self.withdraw_button, day, self.adopt_button):
            buttons.addWidget(w)
        layout = self.page = QVBoxLayout(self)
        # a reading, beside the quotas: the row of decisions under the list is already as
        # wide as a small laptop's screen
        top = QHBoxLayout()
        top.addWidget(self.quotas, 1)
        top.addWidget(self.summary_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        # the notes above and under the list whole where there is room; on a small screen or
        # at large text a few lines each, scrolled, and the rows in view (3½ of 25 were)
        self.waiting_area = ScrollNotes(self.waiting, WAITING_LINES)
        layout.addWidget(self.waiting_area)
        # a few places in view, the page scrolling on a small screen rather than the list
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 4 * self.table.verticalHeader().defaultSectionSize() + 4)
        layout.addWidget(self.table, 1)
        self.detail_area = ScrollNotes(self.detail, DETAIL_LINES)
        layout.addWidget(self.detail_area)
        layout.addWidget(self.outcome)
        self.rule_area = ScrollNotes(self.rule, RULE_LINES, least_lines=1)
        layout.addWidget(self.rule_area)
        layout.addLayout(buttons)
        layout.addWidget(self.greyed)
        layout.addWidget(self.error)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if hasattr(self, "rule_area"):  # built
            self._share_height()

    def _share_height(self) -> None:
        """The notes above and under the list whole (up to their most lines) while
        ``ROWS_WANTED`` rows show beside them; on a lower page (150 %, large text) the
        tallest of them a line shorter, scrolled, until the rows show or each is at its
        least. Each is held at its height: the layout shrinks the list, not them."""
        most = {self.waiting_area: WAITING_LINES, self.detail_area: DETAIL_LINES,
                self.rule_area: RULE_LINES}
        margins = self.page.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        lines = dict(most)
        areas = [a for a in most if not a.isHidden()]
        spare = self.height() - self._needed_height(ROWS_WANTED, width, lines)
        while spare < 0:
            cuttable = [a for a in areas if lines[a] > a.least_lines
                        and a.height_at(width, lines[a]) > a.least_height_at(width)]
            if not cuttable:
                break
            area = max(cuttable, key=lambda a: a.height_at(width, lines[a]))
            before = area.height_at(width, lines[area])
            lines[area] -= 1
            spare += before - area.height_at(width, lines[area])
        for area in most:
            area.set_most_lines(lines[area])
            area.setFixedHeight(area.height_at(width))

    def _needed_height(self, rows: int, width: int, lines: dict[ScrollNotes, int]) -> int:
        """The page's height at ``width`` with ``rows`` rows of the list in view, the notes
        at ``lines`` and the rest at the heights they ask for."""
        layout = self.page
        margins = layout.contentsMargins()
        heights = []
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None or item.isEmpty():
                continue
            widget = item.widget()
            if widget is self.table:
                table = self.table
                bar = table.horizontalScrollBar()
                heights.append(table.horizontalHeader().sizeHint().height()
                               + 2 * table.frameWidth()
                               + rows * table.verticalHeader().defaultSectionSize()
                               + (bar.sizeHint().height() if bar.isVisible() else 0))
            elif isinstance(widget, ScrollNotes) and widget in lines:
                heights.append(widget.height_at(width, lines[widget]))
            elif item.hasHeightForWidth():
                heights.append(item.heightForWidth(width))
            else:
                heights.append(item.sizeHint().height())
        return (sum(heights) + max(0, layout.spacing()) * (len(heights) - 1)
                + margins.top() + margins.bottom())

    def reload(self) -> None:
        if not self._day_typed:  # today's, not the day the screen was built
            self.adopted_on.set_value(clock.today())
        self.ranking = rank(self.ctx.reg, self.ctx.year)
        self.kept = kept_decisions(self.ctx.reg, [r.project_id for r in self.ranking.rows
                                                  if r.held])
        panel_settings = gr.settings(self.ctx.reg, self.ctx.year)
        trim_min = panel_settings.trim_min_scores
        steps = self.ctx.reg.campaign(self.ctx.year).tie_break_steps
        self.rule.setText(f"同分规则：{tie_break_rule(panel_settings, steps)}{TIE_RULE_OWN}")
        rows, shades = [], {}
        for row in self.ranking.rows:
            p = row.panel
            tier = (format_money(row.amount_fen) if row.amount_fen else "—") + tier_marks(row)
            unfinished = not row.held and row.incomplete
            count: object = p.n if p else ""
            if unfinished and row.progress:
                count = f"{row.progress.submitted}/{row.progress.assigned}"
            cells = cell_texts(row.level_zh, row.rank or "", row.ref, row.studio, count,
                               sc.format_points(p.mean) if p else "",
                               sc.format_points(p.score) if p else "",
                               _sd_text(p), tier,
                               row.full_reason)
            tips = {9: row.full_reason}
            if p:  # the score the rank rests on, and which of the two it is
                tips[6] = ("去掉最高分、最低分后的平均分（排名依据）" if p.trimmed is not None
                           else f"{p.n} 位专家的平均分（不足 {trim_min} 位，不去掉最高、最低分；排名依据）")
            colours = (dict.fromkeys(range(len(cells)), MUTED) if row.held
                       else {8: OK_COLOUR} if row.amount_fen else {})
            if unfinished:
                colours[4] = WARNING_COLOUR
                tips[4] = (f"评分未齐：{row.progress.text}" if row.progress
                           else "尚未分配评审专家")
            if row.project_id in self.ranking.stale_published or row.amount_fen_fresh:
                colours[8] = WARNING_COLOUR  # the published list is no longer the ranking's
            if row.over_request:  # above the project's 申请金额: adopting asks
                colours[8] = WARNING_COLOUR
                tips[8] = row.over_request
            if row.against_plan:  # the office's discretion, said where the list is made
                colours[2] = colours[8] = ERROR_COLOUR
                tips[2] = tips[8] = row.against_plan.removeprefix("注意：")
            if p and p.disagreement:
                tips[7] = f"专家意见分歧较大（总体标准差 {p.sd:.2f}）"
                shades[row.project_id] = {7: DISAGREEMENT}
            rows.append(Row(row.project_id, cells, cell_tips=tips, colours=colours))
        self.model.set_shaded_rows(rows, shades)  # the selection is kept
        waiting = [r for r in self.ranking.candidates() if r.incomplete and r.override is None]
        lines = [self.ranking.undecided_note] if self.ranking.undecided else []
        # first: a score that must not count, and what to do — only while something is
        # left to do (an award 排名复核 revoked or kept on it is settled: not said again)
        if on_awards := self.ranking.conflicts_on_awards():
            lines.insert(0, f"已采纳的助推计入了存在利益冲突的评分 {len(on_awards)} 个："
                         + _some(k.text for k in on_awards) + "。" + AWARD_CONFLICT_ADVICE)
        if to_rank := self.ranking.conflicts_to_rank():
            lines.insert(0, f"存在利益冲突、不计入排名的评分 {len(to_rank)} 个："
                         + _some(k.text for k in to_rank)
                         + "。" + conflict_advice().strip().split("：", 1)[1])
        if self.ranking.stale:  # first of all: a stamped list the scores now rank otherwise
            stale = self.ranking.stale
            lines.insert(0, f"已公示的排名与现在的排名不同（{self.ranking.stale_cause}）："
                         + "；".join(stale[:3]) + ("……" if len(stale) > 3 else "")
                         + "。" + stale_advice())
        if self.ranking.raised:  # said, not held: the published tiers stand
            raised = self.ranking.raised
            lines.insert(1 if self.ranking.stale else 0, "已公示项目按现有排名可列入较高档次（其上有名额空出）："
                         + "；".join(raised[:3]) + ("……" if len(raised) > 3 else "")
                         + "。" + raised_advice())
        if waiting:
            lines.insert(bool(self.ranking.stale) + bool(self.ranking.raised), (
                f"评分未齐 {len(waiting)} 项（专家数一栏为“已交/分配”）：采纳拟助推名单前须交齐评分"
                + ("（尚未分配评审专家的，先在“分配专家”中分配）"
                   if any(r.progress is None for r in waiting) else "")
                + "，或取消、更换未交专家的分配：" + "；".join(
                    f"“{r.ref}”：{r.progress.text if r.progress else '尚未分配评审专家'}"
                    for r in waiting[:3]) + ("……" if len(waiting) > 3 else "")))
        # what adopting asks, while not answered by the adoption standing
        open_rows = [r for r in self.ranking.candidates() if not r.decided]
        if ties := [r for r in open_rows if r.cutoff_tie]:
            lines.append(f"档次分界处同分、仅按材料报送日期或申报登记编号排定 {len(ties)} 项（方案未作规定），"
                         "采纳时须写明理由，或人工调整档次：" + _some(f"“{r.ref}”" for r in ties))
        if against := [r for r in self.ranking.rows if r.against_plan]:
            lines.append(f"不符合方案条件、经资格审核通过 {len(against)} 项（档次一栏注“{MARK}”）"
                         + ("，列入拟助推档次的采纳时须确认" if against_plan_rows(
                             open_rows) else "") + "："
                         + _some(f"“{r.ref}”：{r.against_plan.removeprefix('注意：')}"
                                 for r in against))
        if over := [r for r in open_rows if r.over_request and r.override is None]:
            lines.append(f"拟助推金额超过申请金额 {len(over)} 项（档次一栏注“超申请”），采纳时须确认："
                         + _some(f"“{r.ref}”：{r.over_request.removeprefix('注意：')}"
                                 for r in over))
        # first of all: one expert's numbers counted twice (a package filled in by another)
        lines[:0] = [f"注意：{same.text}" for same in self.ranking.same_sheets]
        self.waiting.setVisible(bool(lines))
        self.waiting.setText("\n".join(lines))
        self._share_height()
        self.quotas.setText("名额：" + "；".join(
            f"{escape(q.tier.name)}（{LEVEL_ZH.get(q.tier.level, '')}）"
            f"<b>{q.used}</b>/{q.tier.quota}"
            + (f"<span style='color:{themed(ERROR_COLOUR)}'> 超出</span>" if q.used > q.tier.quota else "")
            for q in self.ranking.quotas)
            + f"<span style='color:{themed(MUTED_COLOUR)}'>（{QUOTA_SHORT}）</span>")
        self._selected()

    def current(self) -> RankRow | None:
        pid = current_id(self.table)
        if self.ranking is None or pid is None:
            return None
        return self.ranking.row(pid)

    def _selected(self) -> None:
        row = self.current()
        writable = not self.ctx.read_only
        # the domain's rule (tier_overrides._check_rankable): under review, or adopted and
        # not yet in publicity; a project only 资格审核通过 was offered it and then refused
        rankable = row is not None and (row.status == "review" or bool(row.adopted))
        movable = row is not None and not row.held and writable and rankable
        self.override_button.setEnabled(movable)
        self.override_button.setToolTip(
            "" if row is None or rankable else
            f"项目状态为“{STATUS_ZH.get(row.status, row.status)}”，尚未进入专家评审排名"
            "（分配专家并评分后才能调整档次）")
        self.clear_button.setEnabled(movable and row is not None and row.override is not None)
        self.keep_button.setEnabled(writable and row is not None and self.ranking is not None
                                    and row.project_id in self.ranking.raised_amounts)
        self._undo_keep_state(row, writable)
        has_candidates = bool(self.ranking and self.ranking.adoptable())
        self.adopt_button.setEnabled(writable and has_candidates)
        self.withdraw_button.setEnabled(writable and bool(
            self.ranking and any(r.adopted and not r.held for r in self.ranking.rows)))
        # once the year's list is published: greyed with why (the ways are elsewhere)
        self._published_why = self._published_refusals() if writable else ""
        self.adopt_button.setToolTip(self._published_why or (
            NOTHING_TO_ADOPT if self.ranking and self.ranking.candidates() and not has_candidates
            else ADOPT_TIP))
        self.withdraw_button.setToolTip(self._published_why)
        self.greyed.setText(self._greyed_why(row, writable))
        if row is None:
            self.detail.setText("")
            self._share_height()
            return
        p = row.panel
        # by name, as the 评审汇总表 has them: sorted alone they said neither whose score
        # was dropped as highest or lowest nor who stood aside
        totals = named_totals(self.ctx.reg, self.ctx.year, row.project_id, p, [
            k.assignment_id for k in self.ranking.conflicts] if self.ranking else ()) or "无"
        dropped = "（括号内为去掉的最高分、最低分）" if p and p.trimmed is not None else ""
        split = (f"专家意见分歧较大（总体标准差 {p.sd:.2f}）。"
                 if p and p.disagreement and p.sd is not None else "")
        self.detail.setText(f"“{row.ref}”各专家合计分：{totals}{dropped}。{split}"
                            f"{row.full_reason}")
        self._share_height()

    def export_summary(self, path: str | None = None, xlsx_first: bool = False) -> Any:
        """导出评审汇总表…: the file asked for (unless ``path``), written in the background."""
        return summary_export.export_summary(self, self.ctx, path, xlsx_first)

    def ask_override(self) -> None:
        row = self.current()
        if row is None or not self._one_project("人工调整档次"):
            return
        dialog = OverrideDialog(self.ctx, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.override(row.project_id, dialog.amount, dialog.reason)
        back_to_list(self.table)  # saved or Esc: on the project, as after every decision

    def ask_keep_tier(self) -> bool:
        """维持公示档次…: the office's decision on a published project the ranking now
        places higher, with its reason (Esc or an empty reason: nothing recorded)."""
        row = self.current()
        if row is None or self.ranking is None or not self._one_project("维持公示档次"):
            return False
        was, now = self.ranking.raised_amounts[row.project_id]
        c = self.ctx.campaign()
        reason = dialogs.ask_text(
            self, "维持公示档次",
            f"“{row.ref}”公示为{tier_name(c, was)}，按现有排名可列入{tier_name(c, now)}"
            "（其上有名额空出）。公示无异议的项目按公示档次核准；经研究维持公示档次、不调高的，"
            "请写明理由（记入修改记录），此后排名和结束公示说明该名额经研究留空，不再提示；"
            f"{withdrawal_rule(recorded_after_close(self.ctx.reg, row.project_id))}：")
        if not (reason or "").strip():
            back_to_list(self.table)
            return False
        result = self.ctx.write("维持公示档次", lambda: keep_published_tier(
            self.ctx.reg, row.project_id, reason or ""), changed="panel", parent=self,
            title="未能登记维持公示档次")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self.outcome.setText(f"已登记：“{row.ref}”{result.value.said}")
        return self._decided(result.ok)

    def _undo_keep_state(self, row: RankRow | None, writable: bool) -> None:
        """撤销维持公示档次… in 维持公示档次…'s place while the current project has a
        decision standing (and nothing new to decide): both side by side held the tab wider
        than a small laptop. Greyed with why: the domain's refusal when something rests on
        the decision."""
        raised = self.ranking.raised_amounts if self.ranking else {}
        undoing = row is not None and row.project_id in self.kept and row.project_id not in raised
        self.keep_button.setVisible(not undoing)
        self.undo_keep_button.setVisible(undoing)
        why = self.undo_keep_refusal(row)
        self.undo_keep_button.setEnabled(writable and not why)
        self.undo_keep_button.setToolTip(why or UNDO_TIP.format(f"“{row.ref}”" if row else ""))

    def _greyed_why(self, row: RankRow | None, writable: bool) -> str:
        """The line under the buttons: why the keep-tier button beside the current project
        is greyed, where the office has something to decide (a decision it cannot withdraw
        now; a project next in line for a freed place while another is selected)."""
        if not writable:
            return ""
        if self._published_why:  # 采纳 and 撤回 greyed: the list is published
            return self._published_why
        if row is None:
            return ""
        if self.undo_keep_button.isVisibleTo(self) and not self.undo_keep_button.isEnabled():
            return greyed_line(self.undo_keep_button)
        if (self.keep_button.isVisibleTo(self) and not self.keep_button.isEnabled()
                and self.ranking is not None and self.ranking.raised_amounts):
            return greyed_line(self.keep_button)
        return ""

    def _published_refusals(self) -> str:
        """Why 采纳为拟助推名单 and 撤回拟助推名单 are greyed once the year's list is
        published (nothing left to adopt, nothing to withdraw), or ""."""
        ranking = self.ranking
        if ranking is None or ranking.candidates() or not ranking.settled:
            return ""
        return "“采纳为拟助推名单”“撤回拟助推名单”不可用：" + adopt_refusal(
            self.ctx.reg, self.ctx.year, len(ranking.settled))

    def undo_keep_refusal(self, row: RankRow | None) -> str:
        """Why the current project's decision cannot be withdrawn now, or ""."""
        if row is None or row.project_id not in self.kept:
            return ("选中经研究维持公示档次的已公示项目（理由一栏注明“经研究维持公示档次”），"
                    "可撤销该决定")
        return undo_refusals(self.ctx.reg, {row.project_id: self.kept[row.project_id]})[
            row.project_id]

    def ask_undo_keep(self) -> bool:
        """撤销维持公示档次…: as 公示 asks it (the place named, the reason required)."""
        row = self.current()
        if row is None or not self._one_project("撤销维持公示档次"):
            return False
        why = self.undo_keep_refusal(row)
        if why:  # greyed: not reached by a click
            self.error.setText(why)
            return False
        notice = ask_undo_keep(self, self, row.project_id, self.kept[row.project_id],
                               self.ranking, row.ref)
        if notice:
            self.outcome.setText(notice)
        return bool(notice)

    def back_to_list(self) -> None:
        back_to_list(self.table)

    def _one_project(self, action: str) -> bool:
        """``action`` asked with several projects selected: said why nothing is done."""
        return one_row_only(self, self.table, action,
                            f"{action}一次只对一个项目，请只选中要{action}的那一项")

    def override(self, project_id: int, amount: int | None, reason: str) -> bool:
        return self._write_override(
            "人工调整档次", lambda: set_override(self.ctx.reg, project_id, amount, reason))

    def clear_override(self) -> bool:
        row = self.current()
        if row is None or not self._one_project("取消人工调整"):
            return False
        return self._write_override(
            "取消人工调整", lambda: clear_override(self.ctx.reg, row.project_id))

    def _decided(self, ok: bool) -> bool:
        """A decision made: the keyboard back on the list (its button, greyed by it —
        取消人工调整, 撤回 — handed the keyboard to the navigation); refused, it stays by
        the error said."""
        if ok:
            back_to_list(self.table)
        return ok

    def _write_override(self, label: str, do: Callable[[], list[TierChange]]) -> bool:
        """An override, then what it did to the other projects' tiers, under the table."""
        result = self.ctx.write(label, do, changed="panel", parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self.outcome.setText(changes_text(label, result.value))
        return self._decided(result.ok)

    def _adopt_on_enter(self) -> None:
        """Enter in 采纳日期 adopts, as the button beside it (not while it is greyed)."""
        if self.adopt_button.isEnabled():
            self.adopt_button.click()

    def adopt(self) -> bool:
        self.outcome.clear()
        try:  # the day first: a reason typed for nothing is lost on a wrong date
            on = self.adopted_on.value() or clock.today()
        except ValidationError as exc:
            self.error.setText(f"采纳日期：{exc.message}")
            self.adopted_on.setFocus()
            return False
        if future := after_today(on, "采纳日期"):
            self.error.setText(future)
            self.adopted_on.setFocus()
            return False
        # the ranking on screen is the register's (reloaded on every change)
        ranking = self.ranking
        rows = ranking.candidates() if ranking else []
        if rows and (early := adoption_day_refusal(
                self.ctx.reg, self.ctx.year, [r.project_id for r in rows], on)):
            self.error.setText(early)
            self.adopted_on.setFocus()
            return False
        # a list adopted earlier and not yet published, merged with projects reviewed since:
        # asked first (its adoption day would go), 取消 the default
        waiting = any(r.incomplete and r.override is None for r in rows)  # refused anyway
        merge = bool(rows) and not waiting and bool(merging := unpublished_merge(
            self.ctx.reg, self.ctx.year, rows))
        if merge and not dialogs.ask_yes_no(self, "合并采纳拟助推名单", merging, yes="合并采纳",
                                            no="取消", yes_key="M", no_key="N"):
            back_to_list(self.table)
            return False
        short = [r for r in rows if r.short]
        if short:  # decided by the adoption standing and left where it was: not asked again
            kept = short_decided(self.ctx.reg, self.ctx.year, short)
            short = [r for r in short if r.project_id not in kept]
        ties = [r for r in rows if r.cutoff_tie]
        over = [r for r in rows if r.over_request and r.override is None]
        against = against_plan_rows(rows)
        # the office's decisions, each asked with its reason (audited); all of them named
        # in every question, so that the clerk knows how many follow
        questions: list[tuple[str, Callable[[], str]]] = [q for q in (
            # cited as the year's plan numbers 专业评审, as `panel adopt` says it
            ("评审专家不足", lambda: ask_short_reason(
                self, head("评审专家不足") + short_message(
                    short, ranking.review_clause if ranking else ""))) if short else None,
            # only the received date or the number parted them
            ("档次分界处同分", lambda: ask_tie_reason(
                self, head("档次分界处同分") + tie_message(ties))) if ties else None,
            # more than the project asked for
            ("拟助推金额超过申请金额", lambda: ask_over_request_reason(
                self, head("拟助推金额超过申请金额")
                + over_request_message(over, ranking.quotas if ranking else ()))) if over else None,
            # a tier for a project the plan's conditions refuse
            ("不符合方案条件的项目列入档次", lambda: ask_against_plan_reason(
                self, head("不符合方案条件的项目列入档次") + against_plan_message(against)))
            if against else None,
        ) if q is not None]

        def head(title: str) -> str:
            if len(questions) < 2:
                return ""
            names = "、".join(f"{n}. {t}" for n, (t, _ask) in enumerate(questions, 1))
            k = next(n for n, (t, _ask) in enumerate(questions, 1) if t == title)
            return f"采纳前须逐项写明 {len(questions)} 项理由（{names}），这是第 {k} 项。\n\n"

        answers = []
        for _title, ask in questions:
            answers.append(ask())
            if not answers[-1].strip():
                back_to_list(self.table)  # its question closed (Esc)
                return False
        given = dict(zip((t for t, _a in questions), answers, strict=True))
        reason = given.get("评审专家不足", "")
        tie_reason = given.get("档次分界处同分", "")
        over_reason = given.get("拟助推金额超过申请金额", "")
        against_reason = given.get("不符合方案条件的项目列入档次", "")
        year = self.ctx.year
        return self._decided(backed_up(self, "采纳拟助推名单", lambda reg, cancelled: adopt(
            reg, year, reason, tie_reason=tie_reason, over_request_reason=over_reason,
            against_plan_reason=against_reason, cancelled=cancelled, adopted_on=on,
            merge_unpublished=merge),
            changed="project"))

    def withdraw(self) -> bool:
        """撤回拟助推名单, an office decision: asked with its reason (audited) first."""
        taken = [r for r in self.ranking.rows if r.adopted and not r.held] if self.ranking else []
        reason = ask_withdraw_reason(self, self.ctx.year, taken)
        if reason is None:
            back_to_list(self.table)  # its question closed (Esc): nothing withdrawn
            return False
        return self._decided(self._write(
            "撤回拟助推名单", lambda: withdraw(self.ctx.reg, self.ctx.year, reason), "project"))

    def _write(self, label: str, do: Callable[[], Any], changed: str) -> bool:
        result = self.ctx.write(label, do, changed=changed, parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        return result.ok


def ask_short_reason(parent: QWidget, text: str) -> str:
    """The reason to adopt projects scored by fewer experts than the year asks, or ""."""
    return dialogs.ask_text(
        parent, "评审专家不足",
        text.rpartition("\n")[0] + "\n\n如经研究按现有评分采纳，请写明理由（记入修改记录）；取消则不采纳：") or ""


def ask_withdraw_reason(parent: QWidget, year: int, taken: list[RankRow]) -> str | None:
    """The reason to withdraw the adopted proposal, or None (cancelled). Left empty, the
    withdrawal refuses it and says so."""
    proposed = sum(1 for r in taken if r.adopted_amount_fen)
    return dialogs.ask_text(
        parent, "撤回拟助推名单",
        f"撤回 {year} 年度已采纳、尚未公示的拟助推名单：{proposed} 项拟助推、"
        f"{len(taken) - proposed} 项未获助推的项目回到“专家评审”，之后可修改评分、人工调整档次后"
        f"重新采纳。\n\n撤回是办公室的决定，请写明理由（{WITHDRAW_REASON_HINT}），理由记入修改记录；"
        "取消则不撤回：")


def ask_tie_reason(parent: QWidget, text: str) -> str:
    """The reason to keep the received date's or the number's order at a tier boundary,
    or ""."""
    return dialogs.ask_text(
        parent, "档次分界处同分",
        text.rpartition("\n")[0] + "\n\n经研究确认按此顺序确定的，请写明理由（记入修改记录）；"
        "决定其他顺序的，请取消，对项目人工调整档次并写明理由：") or ""


def ask_over_request_reason(parent: QWidget, text: str) -> str:
    """The reason to award more than a project asked for, or ""."""
    return dialogs.ask_text(
        parent, "拟助推金额超过申请金额",
        text.rpartition("\n")[0] + "\n\n经研究确认按排名档次助推的，请写明理由（记入修改记录）；"
        "不按排名档次助推的，请取消，对项目人工调整档次（或不予助推）并写明理由：") or ""


def ask_against_plan_reason(parent: QWidget, text: str) -> str:
    """The reason to adopt a tier for a project that fails a condition of the plan, or ""."""
    return dialogs.ask_text(
        parent, "不符合方案条件的项目列入拟助推档次",
        text.rpartition("\n")[0] + "\n\n经研究确认列入的，请写明理由（记入修改记录）；"
        "不应助推的，请取消，对项目人工调整档次并写明理由：") or ""


def changes_text(label: str, changes: list[TierChange]) -> str:
    if not changes:
        return f"{label}后，其他项目的拟助推档次不变"
    return (f"{label}后，以下 {len(changes)} 个项目的拟助推档次随之改变："
            + "；".join(c.text for c in changes))


class OverrideDialog(QDialog):
    """The tier to give a project, with what it would do to the others before it is saved."""

    def __init__(self, ctx: AppContext, row: RankRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("人工调整档次")
        self.ctx, self.project_id = ctx, row.project_id
        self.amount: int | None = None
        self.reason = ""
        self.tier = QComboBox()
        level = row.level if row.level in LEVEL_ZH else None
        for t in ctx.campaign().tiers_for(level) if level else ():
            self.tier.addItem(f"{t.name}（{format_money(t.amount_fen)}）", t.amount_fen)
        self.tier.addItem("不予助推", None)
        self.effects = QLabel()
        self.effects.setWordWrap(True)
        self.effects.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.tier.currentIndexChanged.connect(lambda _: self._preview())
        self.reason_field = limited(TextField(), "reason")
        self.reason_field.setAccessibleName("调整理由")
        self.reason_field.setPlaceholderText("调整理由（必填，记入审计记录）")
        self.error = error_label()
        current = QLabel(row.full_reason)
        current.setWordWrap(True)
        title = QLabel(row.ref)
        title.setWordWrap(True)  # a 60-character title ran past the dialog's right edge
        form = QFormLayout()
        form.addRow("项目", title)
        form.addRow("当前", current)
        form.addRow("调整为", self.tier)
        form.addRow("影响", self.effects)
        form.addRow("理由", self.reason_field)
        buttons, _ok = dialogs.ok_cancel_buttons(self, on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self._preview()

    def _preview(self) -> None:
        """The other projects that would lose or change tier (an override takes a place
        inside the quota: set_override)."""
        try:
            changes = override_effects(self.ctx.reg, self.project_id, self.tier.currentData())
        except Exception as exc:  # noqa: BLE001 - a preview that cannot be made says why
            self.effects.setText(f"无法预览：{error_text(exc)}")
            return
        self.effects.setText(
            "其他项目的拟助推档次不变" if not changes else
            f"将使以下 {len(changes)} 个项目的拟助推档次改变：\n"
            + "\n".join(c.text for c in changes))

    def _try_accept(self) -> None:
        reason = self.reason_field.text().strip()
        if long := first_too_long(self.reason_field):  # on the audit trail: never cut
            self.error.setText(long[1])
            self.reason_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not reason:
            self.error.setText("请填写调整理由")
            self.reason_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.amount, self.reason = self.tier.currentData(), reason
        self.accept()
