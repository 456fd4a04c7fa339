"""专家评审 → 资格审核: each project under qualification with the plan's findings, refused
one at a time (a conclusion against the findings with its reason), passed one at a time or,
several selected with nothing found against any of them, in one decision
(``qualification.pass_many``: asked once, all or none, the register backed up first).
Each decision is dated by 资格审核日期 (today unless typed: an office typing up a past
review day's decisions types its day once, kept for the next), printed on the 审批表."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models import clock
from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.records import PROJECT
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.panel import qualification as qu
from boostdesk.rules import late_papers
from boostdesk.rules.findings import weightiest_first
from boostdesk.validate import ValidationError

from . import dialogs
from .column_widths import NamesGiveWay
from .context import AppContext, OpResult
from .copy_rows import copyable
from .empty_hint import EmptyHint
from .form_widgets import DateField
from .keep_selection import KeepSelection, current_id, selected_ids
from .many_rows import one_row_only, selected_count
from .operations import MANY_MOVES
from .panel_common import TITLE_WIDEST, back_to_list, cell_texts, error_label, list_view
from .row_search import SearchRowsModel, project_refs
from .rows_model import Row
from .small_screen import WrapRow
from .style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR, escape
from .theme import themed


class _ReasonField(QLineEdit):
    """审核理由: at least 16 characters of its text wide, whatever the text size (at 18 pt
    on a 960-wide window the row left it 37 pixels, "…"): short of that, the row wraps."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self.fontMetrics().horizontalAdvance("审核理由" * 4)),
                     hint.height())


class _DayField(DateField):
    """资格审核日期 as wide as a date (its example, 如 2022-03-05), not the 180–230 pixels
    a form's date field may take: the room is the reason's."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        frame = hint.width() - metrics.horizontalAdvance("x") * 17  # QLineEdit's 17 x's
        text = max((self.text(), self.placeholderText(), "0000-00-00"),
                   key=metrics.horizontalAdvance)
        return QSize(frame + metrics.horizontalAdvance(text) + 4, hint.height())


# of 发现的问题, what stays in view on a narrow window (the whole under the list)
FINDINGS_SHOWN = "缺少“计划完成日期”，无法"


class QualificationTab(QWidget):
    COLUMNS = ("登记号", "项目名称", "工作室", "级别", "自动核对", "状态", "审核理由", "发现的问题")
    FINDINGS = 7

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[qu.QualificationRow] = []
        self.by_id: dict[int | None, qu.QualificationRow] = {}
        self.pending_only = QCheckBox("只看尚未审核的项目")
        self.pending_only.setChecked(True)
        self.pending_only.toggled.connect(lambda _: self.reload())
        self.summary = QLabel()
        self.model = SearchRowsModel(self.COLUMNS, self, sorted_on_load=False, refs=project_refs)
        self.table = list_view(self.model, sortable=True)
        self.table.setAccessibleName("资格审核列表")
        copyable(self.table, ctx.notice.emit)
        # 发现的问题 in view, its first words (at 1366×768 ×1.5 it was off to the right, 19
        # pixels): the name and reason columns give way, cut, whole when pointed at and,
        # for the row chosen, under the list
        NamesGiveWay(self.table, names=(1, 2, 6), through=5, cap=TITLE_WIDEST, floor=80,
                     after=lambda: self.table.fontMetrics().horizontalAdvance(FINDINGS_SHOWN),
                     own=True)
        EmptyHint(self.table, self._empty_text)
        # the findings and buttons of the row the cursor is on, however it got there (a
        # search's reset, its rows appended): they followed only the clerk's own moves
        keep = KeepSelection(self.table, self.model, first=True)
        keep.follow(self._selected)
        keep.follow(self._selected, selection=True)  # Ctrl+A: 已选中 N 项 under the list
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.reason = _ReasonField()
        self.reason.setPlaceholderText("审核理由：结论与自动核对不同时必填（如：企业已补交追加投入证明）")
        self.reason.setAccessibleName("审核理由")
        self.reason.setAccessibleDescription(self.reason.placeholderText())
        # the decision's day, after the reason in the Tab order: kept from one decision to
        # the next (a review day's list typed up at once), today's until changed
        self.day = _DayField()
        self.day.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.day.setObjectName("qualified_on")
        self.day.setAccessibleName("资格审核日期")
        self.day.set_value(clock.today())
        day_label = QLabel("资格审核日期(&D)")
        day_label.setBuddy(self.day)
        # Alt+P / Alt+R: decided from the list, several rows selected with Shift+↓ or Ctrl+A
        self.pass_button = QPushButton("通过资格审核(&P)")
        self.pass_button.setAccessibleName("通过资格审核")
        self.pass_button.setToolTip("Alt+P：通过选中的项目（可用 Shift+↓、Ctrl+A 选中多项"
                                    "自动核对符合的项目一并通过）")
        self.pass_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button = QPushButton("不通过(&R)…")
        self.refuse_button.setAccessibleName("不通过…")
        self.refuse_button.setToolTip("Alt+R：不通过当前项目（逐项审核，填写理由）")
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.error = error_label()
        # at 14–18 pt the row does not fit a small window: the reason on a line of its own
        buttons = WrapRow()
        buttons.addWidget(self.reason, 1)
        buttons.line_after(self.reason)
        buttons.addWidget(day_label)
        buttons.addWidget(self.day)
        buttons.addWidget(self.pass_button)
        buttons.addWidget(self.refuse_button)
        top = QHBoxLayout()
        top.addWidget(self.pending_only)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.findings)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def reload(self) -> None:
        self.rows = qu.qualification_lines(self.ctx.reg, self.ctx.year)
        # the current row's, looked up on each selection (a search's): not a walk of 20,000
        self.by_id = {}
        for r in self.rows:
            self.by_id.setdefault(r.project.id, r)
        open_rows = [r for r in self.rows if r.project.status in qu.OPEN]
        shown = ([r for r in open_rows if r.project.status == "registered"]
                 if self.pending_only.isChecked() else open_rows)
        waiting = sum(r.project.status == "registered" for r in self.rows)
        passed = sum(r.project.status not in ("registered", "refused") for r in self.rows)
        self.summary.setText(f"待审核 {waiting} 项；已通过 {passed} 项；"
                             f"不通过 {sum(r.project.status == 'refused' for r in self.rows)} 项")
        colour = {"符合": OK_COLOUR, "不符合": ERROR_COLOUR, "待补材料": WARNING_COLOUR}
        rows = []
        for row in shown:
            app = row.project
            problems = "；".join(f.message for f in weightiest_first(row.findings))
            # 符合（逾期报送）, as the lists say 合格（逾期报送）: its acceptance is the reviewer's
            late = any(f.code == late_papers.CODE for f in row.findings)
            found = row.verdict  # (worked out from the findings: once a row)
            verdict = found + (f"（{late_papers.LIST_MARK}）" if late else "")
            cells = cell_texts(app.id, app.title, app.studio_name,
                               LEVEL_ZH.get(app.studio_level or "", ""), verdict,
                               STATUS_ZH.get(app.status, app.status), app.status_reason, problems)
            rows.append(Row(app.id, cells, cell_tips={6: cells[6], 7: problems},
                            colours={4: WARNING_COLOUR if late and found == "符合"
                                     else colour[found]}))
        self.model.set_rows(rows)  # the selection is kept (or the first row taken)
        self._selected()

    def _empty_text(self) -> str:
        if not self.rows:
            return (f"{self.ctx.year} 年度还没有创新项目申报：在“创新项目”页录入（Ctrl+N）或导入"
                    "汇总表（Ctrl+I）后，在这里逐项审核资格")
        if self.pending_only.isChecked():
            return "没有尚未审核的项目：取消勾选“只看尚未审核的项目”可查看已审核的"
        return "没有可审核的项目"

    def current(self) -> qu.QualificationRow | None:
        pid = current_id(self.table)
        return self.by_id.get(pid)

    def _selected(self) -> None:
        row = self.current()
        writable = row is not None and not self.ctx.read_only
        self.pass_button.setEnabled(writable)
        self.refuse_button.setEnabled(writable)
        if row is None:
            self.findings.setText("")
            return
        count = selected_count(self.table)
        many = (f"已选中 {count} 项：“通过资格审核”一并通过（须均无不符合项、待补材料；"
                "逾期报送的须同意受理并写明理由，或只通过按期报送的）；"
                "“不通过”逐项审核。当前项目：<br>" if count > 1 else "")
        # the decision's reason too: its column is cut on a narrow window
        reason = row.project.status_reason if row.project.status != "registered" else ""
        said = f"<br>审核理由：{escape(reason)}" if reason else ""
        if not row.findings:
            self.findings.setText(
                f"{many}<span style='color:{themed(OK_COLOUR)}'>自动核对未发现问题</span>{said}")
            return
        lines = [f"<span style='color:{themed(ERROR_COLOUR if f.blocking else WARNING_COLOUR)}'>"
                 f"{'不符合' if f.blocking else '提示'}：{escape(f.message)}</span>"
                 for f in row.findings]
        self.findings.setText(many + "<br>".join(lines) + said)

    def _day(self) -> date | None:
        """The 资格审核日期 typed, or None (said, the field focused) when it is no date."""
        try:
            day = self.day.value()
        except ValidationError as exc:
            why = f"资格审核日期：{exc.message}"
        else:
            if day is not None:
                return day
            why = "请填写资格审核日期（作出审核结论的日期，打印在审批表上）"
        self.error.setText(why)
        self.day.setFocus(Qt.FocusReason.OtherFocusReason)
        return None

    def decide(self, passed: bool) -> bool:
        row = self.current()
        verb = "通过" if passed else "不通过"
        if row is None:
            return False
        on = self._day()
        if on is None:
            return False
        if passed and not self._near_copies_confirmed(row):
            back_to_list(self.table)
            return False
        if passed and selected_count(self.table) > 1:
            return self._pass_selected(on)
        # a refusal one at a time: it needs its own reason
        if row is None or not one_row_only(self, self.table, f"资格审核{verb}",
                                           "不通过须逐项审核并填写理由，请只选中要审核的那一项"):
            return False
        reason = self.reason.text().strip()
        if not passed and not reason and not row.blocking and not row.incomplete:
            reason = dialogs.ask_text(self, "不通过资格审核",
                                      f"项目“{row.project.title}”不通过的理由：") or ""
            if not reason.strip():
                back_to_list(self.table)  # its dialog closed (Esc): as 公示's and 拨付's
                return False
        pid = row.project.id or 0
        at = self.table.currentIndex().row()
        result = self.ctx.write(f"资格审核{verb}“{row.project.title}”",
                                lambda: qu.decide(self.ctx.reg, pid, passed, reason, on),
                                changed="project", parent=self, title="未能保存审核结论")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self.reason.clear()
            self._next_after(pid, at)
            back_to_list(self.table)  # on the next project (↓ went to the navigation)
        elif not reason and (qu.departs(row, passed) or late_papers.CODE in {
                f.code for f in row.findings}):  # refused for want of its reason
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        return result.ok

    def _near_copies_confirmed(self, row: qu.QualificationRow) -> bool:
        """A project (or one of those selected) with an uncleared near-copy 提示
        (near_copy_notes) passed: asked first, 取消 the default, as `panel qualify --yes`;
        a false alarm cleared there (确认不是同一项目…)."""
        from .near_copy_question import confirmed

        ids = ([i for i in selected_ids(self.table) if i is not None]
               if selected_count(self.table) > 1 else [row.project.id or 0])
        return confirmed(self, self.ctx, PROJECT, ids, "qualified", "仍要通过资格审核吗？",
                         "仍要通过", "P")

    def _pass_selected(self, on: date) -> bool:
        """通过 with several rows selected: one decision for them all when the rules found
        nothing against any (else none, those named, to be decided one at a time with a
        reason); asked once; in the background for ``MANY_MOVES`` or more."""
        ids = [i for i in selected_ids(self.table) if i is not None]
        rows = [self.by_id[i] for i in ids if i in self.by_id]
        why = qu.batch_refusal(rows, [i for i in ids if i not in self.by_id])
        if why:
            self.error.setText(why)
            dialogs.show_error(self, "资格审核通过", why)
            back_to_list(self.table)
            return False
        reason = self.reason.text().strip()
        late = late_papers.to_accept(self.ctx.reg, PROJECT, ids, late_papers.ACCEPTING)
        late_reason = ""
        if late:  # the reviewer's decision, asked before the pass, not a hint passed over
            decided = self._late_decision(ids, late)
            if decided is None:
                back_to_list(self.table)
                return False
            ids, late_reason = decided
            rows = [self.by_id[i] for i in ids if i in self.by_id]
        label = f"通过 {len(ids)} 项的资格审核"
        hints = qu.hinted(rows)  # 提示 do not stop a pass: said, not hidden under 均未发现
        question = (f"{label}？\n\n自动核对未发现不符合项或待补材料"
                    + (f"；{hints}。\n" if hints else "。")
                    + f"资格审核日期：{on.isoformat()}\n"
                    + (f"每项的审核理由：{reason}\n" if reason else "")
                    + (f"同意受理逾期报送的 {len(late)} 项，理由：{late_reason}\n"
                       if late_reason else "")
                    + "先备份登记册，再一并通过（全部通过或全部不改）；资格审核结论不能撤销。")
        if not dialogs.ask_yes_no(self, "通过资格审核", question, yes="通过", no="取消",
                                  default_yes=True):
            back_to_list(self.table)
            return False
        # the first selected row: where the next to review comes once they leave the list
        at = min((r.top() for r in self.table.selectionModel().selection()),  # type: ignore[attr-defined]  # iterable
                 default=-1)
        done = set(ids)

        def after(result: OpResult) -> None:
            if not shiboken6.isValid(self):
                return
            self.error.setText("" if result.ok or result.cancelled else result.error)
            if result.ok:
                self.reason.clear()
                self._next_after(done, at)
            back_to_list(self.table)

        ctx = self.ctx
        if ctx.reg.path is not None and not ctx.read_only and len(ids) >= MANY_MOVES:
            ctx.write_long(label, lambda reg, progress, cancelled: qu.pass_many(
                reg, ids, reason, on=on, late_reason=late_reason, progress=progress,
                cancelled=cancelled),
                changed="project", parent=self, title="未能保存审核结论", on_done=after)
            return True  # under way: ``after`` once passed or not
        result = ctx.write(label, lambda: qu.pass_many(ctx.reg, ids, reason, on=on,
                                                       late_reason=late_reason),
                           changed="project", parent=self, title="未能保存审核结论")
        after(result)
        return result.ok

    def _late_decision(self, ids: list[int], late: dict[int, late_papers.Late]
                       ) -> tuple[list[int], str] | None:
        """Late projects among those selected: pass only those on time, or accept the late
        ones too with a reason (their status history's 同意受理逾期报送：…). The projects
        to pass and that reason; None when the reviewer turned back."""
        on_time = [i for i in ids if i not in late]
        said = (f"所选的 {len(ids)} 项中，{late_papers.named(PROJECT, late)}逾期报送。"
                "方案只定了报送截止日，是否受理由审核人决定。")
        accept = f"同意受理逾期的 {len(late)} 项，一并通过（须写明理由）"
        if on_time:
            choice = dialogs.ask_choice(
                self, "逾期报送", said + "请选择：",
                [f"只通过按期报送的 {len(on_time)} 项，逾期的 {len(late)} 项不改", accept],
                preselect=False)
            if choice is None:
                return None
            if choice == 0:
                return on_time, ""
        why = dialogs.ask_text(self, "同意受理逾期报送",
                               said + "同意受理的理由（记入这些项目的状态历史）：")
        if not (why or "").strip():
            return None
        return ids, (why or "").strip()

    def _next_after(self, decided: int | set[int], at: int) -> None:
        """The projects decided left the list (只看尚未审核): the cursor on the one that took
        the place of the first, the next to review, not back on the first row (a clerk
        working down the list was sent back to its top after each decision)."""
        if at >= self.model.rowCount():  # a search still counting: that one not found yet
            self.model.finish()
        rows = self.model.rowCount()
        gone = decided if isinstance(decided, set) else {decided}
        if rows == 0 or at < 0 or current_id(self.table) in gone:
            return
        self.table.selectRow(min(at, rows - 1))
