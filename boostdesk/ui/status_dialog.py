"""Moving an application along its workflow: only the legal next steps are offered.

The list holds ``workflow.allowed(stream, status)`` and nothing else, so an
illegal move cannot be chosen; the register checks again when it stores the
move (``Register.set_status``), with the operator and time in the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models import clock
from boostdesk.models.records import PROJECT, STREAM_ZH, PatentApplication, id_ref
from boostdesk.models.workflow import (
    HELD_SQL,
    HELD_STATUS_ZH,
    NEEDS_REASON,
    ONE_AT_A_TIME,
    REVOKED,
    STATUS_ZH,
    by_hand,
    elsewhere,
)
from boostdesk.money import format_money
from boostdesk.panel import withdrawal, withdrawal_restore
from boostdesk.paper_review import move_fields
from boostdesk.rules import late_papers
from boostdesk.rules.hand_moves import DAY_FIELD, DAY_OF, PASSING, stored_blocking
from boostdesk.rules.qualified_day import standing
from boostdesk.validate import ValidationError

from . import dialogs, operations, recovery_dialog
from .announce import plain
from .context import AppContext
from .form_widgets import (
    DateField,
    TextField,
    first_too_long,
    labelled_row,
    limited,
    name_by_label,
)
from .small_screen import fit_screen
from .style import ERROR_COLOUR, WARNING_COLOUR, escape, row_height
from .theme import themed


def common_moves(stream: str, statuses: list[str]) -> tuple[str, ...]:
    """What several applications in ``statuses`` can all be moved to by hand at once, in
    the first one's order."""
    return tuple(t for t in by_hand(stream, statuses[0])
                 if all(t in by_hand(stream, s) for s in statuses[1:])
                 and not any((s, t) in ONE_AT_A_TIME[stream] for s in statuses))


# Dates a move records, and the field it is stored in (a project's approval and acceptance
# are recorded on the 公示 and 拨付 screens): 核准's on the application, 资格审核's (通过 or
# 不通过) in the status history as the decision's day, printed on the 审批表 (an office
# typing up a past review got the day it typed it, as 补录).
_DATE_OF = {target: (field, DAY_OF[target]) for target, field in DAY_FIELD.items()}

# Not a move: the 资格审核日期 of a standing 资格审核通过 put right (rules.qualified_day),
# the last choice where the day was given. Once a paper is approved its decision is no
# longer made again, and one qualified before the day was asked (0.15.0's registers, a past
# season typed up) printed “资格审核通过（……补录）” on its 审批表 for ever.
REDATE = "redate_qualified"
REDATE_ZH = "更正资格审核日期（不改状态）"
# Not a plain move either: the recommending union's letter withdrawing the paper
# (panel.withdrawal), with its day, writer and reason; one paper at a time.
WITHDRAW = "withdraw_application"
WITHDRAW_ZH = withdrawal.CHOICE_ZH
# ... and its second letter taking that back (panel.withdrawal_restore): the paper back in
# the status it had. (The clerk's own slip is undone by Ctrl+Z, not here.)
RESTORE = "restore_application"
RESTORE_ZH = withdrawal_restore.CHOICE_ZH


class StatusDialog(QDialog):
    """One application's move, or the same move for several selected at once (the moves
    every one of them allows). Steps with a screen of their own (a project's ranking,
    publicity and payments, a patent's payment) are not offered: the dialog says where.
    A pass against the plan's findings needs a reason, one application at a time."""

    def __init__(self, ctx: AppContext, stream: str, app_ids: int | Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stream = stream
        self.app_ids = [app_ids] if isinstance(app_ids, int) else list(app_ids)
        self.app_id = self.app_ids[0]
        self.app = ctx.reg.application(stream, self.app_id)
        self._stored_blocking: dict[int, list[str]] | None = None
        # received after the deadline (rules.late_papers): said whatever the move; a pass
        # that accepts them asks the reviewer's decision and reason
        self.late = late_papers.late_papers(ctx.reg, stream, self.app_ids)
        self._to_accept: dict[str, dict[int, late_papers.Late]] = {}
        self.setWindowTitle("改变状态")
        self.setObjectName("status_dialog")

        # The text in a scroll area, the buttons below it: at 16–18 pt the guidance takes
        # five lines, more than a small screen may leave (fit_screen).
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        if len(self.app_ids) == 1:
            self.targets = by_hand(stream, self.app.status)
            places = elsewhere(stream, self.app.status)
            status, held = STATUS_ZH.get(self.app.status, self.app.status), ""
            if stream == PROJECT and ctx.reg.scalar(
                    f"SELECT 1 FROM project_applications a WHERE a.id = ? AND {HELD_SQL}",
                    (self.app_id,)):  # as the register list says, and 拨付 will not pay it
                status = HELD_STATUS_ZH
                held = "<br>公示期内收到的异议待处理：请先在“公示”中处理该异议，处理前不能拨付"
            heading = QLabel(
                f"<b>{escape(self.app.title or '（无名称）')}</b>"
                f"{('　' + escape(self.app.ref)) if isinstance(self.app, PatentApplication) else ''}"
                f"<br>{STREAM_ZH[stream]} · {id_ref(stream, self.app_id)}"
                f" · 当前状态 <b>{status}</b>{held}"
            )
            # wrapped: on one line a 60-character title made the dialog wider than a
            # 1280×720 screen at 150 %, 确定 past its right edge
            heading.setWordWrap(True)
            layout.addWidget(heading)
            none_left = "没有可在此改的状态" if places else "已是流程的最后一步，没有可改的状态"
        else:
            counts = ctx.reg.status_counts(stream, self.app_ids)
            self.targets = common_moves(stream, list(counts))
            places = list(dict.fromkeys(p for s in counts for p in elsewhere(stream, s)))
            now = "、".join(f"{STATUS_ZH.get(s, s)} {n} 项" for s, n in counts.items())
            heading = QLabel(
                f"<b>已选 {len(self.app_ids)} 项{STREAM_ZH[stream]}申报</b><br>当前状态：{now}")
            layout.addWidget(heading)
            none_left = "所选申报没有共同的下一步：请按状态筛选后再选"
        self.elsewhere = QLabel(("其他下一步" if self.targets else "下一步") + "请到："
                                + "；".join(places) if places else "")
        self.elsewhere.setObjectName("elsewhere")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.setVisible(bool(places))
        self.choices = QListWidget()
        self.choices.setAccessibleName("改为")
        # the qualification's days as given (a paper none of whose qualification stands
        # has none to correct: not offered)
        self.qualified = standing(ctx.reg, stream, self.app_ids)
        redate = len(self.qualified) == len(self.app_ids)
        # 撤回申报: offered for one paper still in the running or awarded; greyed, saying
        # why, once money is paid (a paper refused or not awarded has nothing to withdraw)
        offer_withdraw = len(self.app_ids) == 1 and self.app.status not in (
            "refused", "not_awarded", REVOKED)
        self.withdraw_refusal = (withdrawal.refusal(ctx.reg, stream, self.app_id)
                                 if offer_withdraw else "")
        # 恢复申报: offered for one paper its union withdrew; greyed, saying what stands in
        # the way, once something since conflicts (a list re-adopted, …)
        offer_restore = len(self.app_ids) == 1 and withdrawal.withdrawn(
            self.app.status, self.app.status_reason) is not None
        self.restore_refusal = (withdrawal_restore.refusal(ctx.reg, stream, self.app_id)
                                if offer_restore else "")
        if offer_restore and places and not self.targets:  # 恢复申报 is a next step here
            self.elsewhere.setText("其他下一步请到：" + "；".join(places))
        # 撤销助推（已拨付，应追回） and its steps, each in a dialog of its own
        recovery = recovery_dialog.choices(ctx, stream, self.app_ids)
        names = {REDATE: REDATE_ZH, WITHDRAW: WITHDRAW_ZH, RESTORE: RESTORE_ZH,
                 **recovery_dialog.LABELS}
        # a move its 确定 would refuse is greyed, saying why: an approval a payer has paid
        # part of is not withdrawn (撤销助推 is offered for it instead)
        self.refusals = refusals = ({WITHDRAW: self.withdraw_refusal}
                                    if self.withdraw_refusal else {})
        if self.restore_refusal:
            refusals[RESTORE] = self.restore_refusal
        if len(self.app_ids) == 1 and self.app.status == "approved":
            for target in set(self.targets) & {"refused", "not_awarded"}:
                if why := ctx.reg.award_withdrawal_refusal(stream, self.app_id):
                    refusals[target] = why
        # 撤销助推（未拨付） after 撤回申报 (the union's letter, the first thought of before)
        unpaid = [x for x in recovery if x == recovery_dialog.REVOKE_UNPAID]
        for target in ((RESTORE,) if offer_restore else ()) + (
                *self.targets, *(x for x in recovery if x not in unpaid),
                *((WITHDRAW,) if offer_withdraw else ()), *unpaid,
                *((REDATE,) if redate else ())):
            name = names.get(target) or STATUS_ZH.get(target, target)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, target)
            if target in refusals:
                item.setText(f"{name}：不可（原因见下）")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled
                              & ~Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(refusals[target])
            # heard as ↑↓ reach it, not only seen below the list once chosen
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, self._explanation(target))
            self.choices.addItem(item)
        withdraw_ok = offer_withdraw and not self.withdraw_refusal
        restore_ok = offer_restore and not self.restore_refusal
        # every choice in view, at any text size (Windows' 文本大小 grows the rows)
        self.choices.setMaximumHeight(
            row_height(self.choices, 28) * max(self.choices.count(), 1) + 8)
        form = QFormLayout()
        can = [x for x, on in (("撤回申报", withdraw_ok), ("恢复申报", restore_ok),
                               ("更正资格审核日期", redate)) if on]
        choose = QLabel()
        choose.setBuddy(self.choices)
        if self.targets or recovery or offer_restore:
            name_by_label(choose, "改为（↑↓ 选择）", "G")
            self.choices.setAccessibleName("改为")  # the arrows' hint is for the eye
        else:
            name_by_label(choose, none_left + (f"；可{'或'.join(can)}" if can else ""), "G")
        layout.addWidget(choose)
        layout.addWidget(self.choices)
        # each refusal once (one text may grey two moves), named when there are several
        said: dict[str, list[str]] = {}
        for target, why in refusals.items():
            said.setdefault(why, []).append(names.get(target) or STATUS_ZH.get(target, target))
        self.withdraw_note = QLabel("<br>".join(
            (f"<b>{escape('、'.join(moves))}</b>：" if len(said) > 1 else "") + escape(why)
            for why, moves in said.items()))
        self.withdraw_note.setObjectName("withdraw_note")
        self.withdraw_note.setWordWrap(True)
        self.withdraw_note.setVisible(bool(said))
        layout.addWidget(self.withdraw_note)
        layout.addWidget(self.elsewhere)
        self.against = QLabel()  # the plan's findings a pass would go against
        self.against.setObjectName("against")
        self.against.setWordWrap(True)
        layout.addWidget(self.against)
        self.late_note = QLabel()  # which are late, and what a pass of them asks
        self.late_note.setObjectName("late_note")
        self.late_note.setWordWrap(True)
        layout.addWidget(self.late_note)
        # several selected, some on time: pass those only, or accept the late ones too
        self.on_time_only = QRadioButton()
        self.on_time_only.setObjectName("late_on_time_only")
        self.accept_late = QRadioButton()
        self.accept_late.setObjectName("late_accept")
        self.late_choice = QButtonGroup(self)  # neither chosen: 确定 asks for a decision
        for button in (self.on_time_only, self.accept_late):
            self.late_choice.addButton(button)
            layout.addWidget(button)
            button.toggled.connect(lambda _on: self._late_shown())
        layout.addLayout(form)
        # Alt+letter to each field, one letter each in the dialog (确定 and 取消 have none)
        self.reason = limited(TextField(), "reason")
        self.reason.setObjectName("reason")
        self.reason_label = labelled_row(form, "理由", "R", self.reason)
        self.late_reason = limited(TextField(), "reason")  # several: the late ones' alone
        self.late_reason.setObjectName("late_reason")
        self.late_reason_label = labelled_row(form, "逾期受理理由（必填）", "L", self.late_reason)
        self.award = QComboBox()
        self.award.setObjectName("award")
        self.award_label = labelled_row(form, "助推金额", "A", self.award)
        self.day = DateField()
        self.day.setObjectName("day")
        self.day_label = labelled_row(form, "日期", "D", self.day)
        self._day_given = ""  # the day as the dialog put it, not typed
        self.by = limited(TextField(), "unit_name")  # 撤回申报's: who wrote the letter
        self.by.setObjectName("withdraw_by")
        self.by.setText(self.app.unit_name or "")
        self.by_label = labelled_row(form, "来函单位", "U", self.by)
        # 更正资格审核日期 only: a day typed wrong whose true day is not known, put back to
        # 未填 (the 审批表 then prints the day it was recorded, as 补录 after the 核准)
        self._day_hint = self.day.placeholderText()
        self.unknown = QCheckBox("日期不详，改回未填(&N)")
        self.unknown.setObjectName("qualified_unknown")
        self.unknown.toggled.connect(self._unknown_toggled)
        form.addRow("", self.unknown)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons, self.ok = dialogs.ok_cancel_buttons(self)
        # what is being changed, and from which status: heard with the dialog and 确定
        heard = plain(heading.text())
        self.setAccessibleDescription(heard)
        self.ok.setAccessibleDescription(heard)
        self.ok.setEnabled(any(self.choices.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
                               for i in range(self.choices.count())))
        scroll = QScrollArea()
        scroll.setObjectName("status_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        # Off the Tab path: Tab after 取消 landed on it, nothing highlighted, no name. Its
        # fields scroll it into view as Tab reaches them; nothing else in it takes keys.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(buttons)

        self.choices.currentRowChanged.connect(self._target_changed)
        enabled = [i for i in range(self.choices.count())  # not a greyed 撤回申报
                   if self.choices.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
        if enabled:
            self.choices.setCurrentRow(enabled[0])
        else:
            self._target_changed(-1)
        self.choices.setFocus()
        self._fit(outer, body, buttons)

    def _fit(self, outer: QVBoxLayout, body: QWidget, buttons: QWidget) -> None:
        """As high as the wrapped text takes at the dialog's width (a size hint counts a
        wrapped label one line high: at 16–18 pt the guidance was cut top and bottom), at
        most the screen, which then scrolls the text."""
        width = max(460, self.fontMetrics().horizontalAdvance("字") * 26)
        margins = outer.contentsMargins()
        inner = width - margins.left() - margins.right()
        height = (body.heightForWidth(inner) + buttons.sizeHint().height()
                  + outer.spacing() + margins.top() + margins.bottom())
        fit_screen(self, width, max(height, self.sizeHint().height()))

    @property
    def target(self) -> str | None:
        item = self.choices.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, target: str) -> bool:
        for i in range(self.choices.count()):
            if self.choices.item(i).data(Qt.ItemDataRole.UserRole) == target:
                self.choices.setCurrentRow(i)
                return True
        return False

    def _blocked(self, target: str | None = None) -> dict[int, list[str]]:
        """The selected applications a pass to ``target`` (the chosen step) would go against
        the plan's findings for (as stored: every write of the screens ends re-checked)."""
        if (target or self.target) not in PASSING:
            return {}
        if self._stored_blocking is None:  # asked once: each choice's description needs it
            self._stored_blocking = stored_blocking(self.ctx.reg, self.stream, self.app_ids)
        return self._stored_blocking

    def _against_lines(self, target: str, blocked: dict[int, list[str]]) -> list[str]:
        """What a pass against the plan's findings needs, in lines (shown red, heard as one)."""
        if len(self.app_ids) > 1:
            ids = "、".join(id_ref(self.stream, i) for i in sorted(blocked))
            return [f"{ids} 经自动核对有不符合项或待补材料，不能批量通过：请逐项打开核对"]
        return [f"自动核对发现不符合项或待补材料：{'；'.join(blocked[self.app_id])}",
                f"如仍改为“{STATUS_ZH[target]}”，须填写理由（记入状态历史）"]

    def _explanation(self, target: str) -> str:
        """What choosing ``target`` does or needs, as the text below the list says it once
        chosen: a screen reader's ↑↓ hears it with the choice (the list item's and the
        list's accessible description)."""
        if target in self.refusals:
            return f"不可：{self.refusals[target]}"
        if target == REDATE:
            return self._redate_text()
        if target == WITHDRAW:
            return self._withdraw_text()
        if target == RESTORE:
            return self._restore_text()
        if target in recovery_dialog.LABELS:
            return recovery_dialog.explain(self.ctx, self.stream, self.app_id, target)
        said = []
        if blocked := self._blocked(target):
            said.append("；".join(self._against_lines(target, blocked)))
        if self.late:
            said.append(self._late_text(target))
        return "；".join(said)

    def _accepting(self, target: str | None) -> dict[int, late_papers.Late]:
        """The late papers a move to ``target`` would accept (资格审核通过 from another
        status): each one the reviewer's decision, with its reason."""
        if target is None or target != late_papers.ACCEPTING:
            return {}
        if target not in self._to_accept:
            self._to_accept[target] = late_papers.to_accept(self.ctx.reg, self.stream,
                                                            self.app_ids, target)
        return self._to_accept[target]

    def _on_time(self, target: str | None) -> list[int]:
        accepting = self._accepting(target)
        return [i for i in self.app_ids if i not in accepting]

    def _late_text(self, target: str | None) -> str:
        """Which selected papers are late and, for a move accepting them, what it asks."""
        if not self.late:
            return ""
        accepting = self._accepting(target)
        if len(self.app_ids) == 1:
            text = f"逾期报送：{self.late[self.app_id].said}，是否受理由审核人决定"
            if accepting:
                text += "。同意受理的，须在“受理理由”中写明（记入状态历史）"
            return text
        some = "所选均" if len(self.late) == len(self.app_ids) else f"其中 {len(self.late)} 项"
        text = (f"{some}逾期报送：{late_papers.named(self.stream, self.late)}。"
                "方案只定了报送截止日，是否受理由审核人决定")
        if not accepting:
            return text
        on_time = len(self._on_time(target))
        if on_time:
            return text + (f"：请选择只改按期报送的 {on_time} 项，或同意受理逾期的 "
                           f"{len(accepting)} 项并写明理由（记入它们的状态历史）")
        return text + "：同意受理的，须在“逾期受理理由”中写明（记入状态历史）"

    def _late_shown(self) -> None:
        """The late papers said (amber), and, several selected with a pass accepting
        them, the choice between passing only those on time and accepting them too."""
        target = self.target
        text = self._late_text(target)
        self.late_note.setText(f"<span style='color:{themed(WARNING_COLOUR)}'>{escape(text)}</span>")
        self.late_note.setVisible(bool(text))
        accepting = self._accepting(target) if len(self.app_ids) > 1 else {}
        on_time = len(self._on_time(target)) if accepting else 0
        name = STATUS_ZH.get(target or "", "")
        self.on_time_only.setText(f"只改按期报送的 {on_time} 项，逾期的 {len(accepting)} 项不改(&O)")
        self.accept_late.setText(f"同意受理逾期的 {len(accepting)} 项，一并改为“{name}”(&Y)")
        self.on_time_only.setVisible(bool(accepting) and on_time > 0)
        self.accept_late.setVisible(bool(accepting) and on_time > 0)
        asks = bool(accepting) and (on_time == 0 or self.accept_late.isChecked())
        self.late_reason.setVisible(asks)
        self.late_reason_label.setVisible(asks)

    def _target_changed(self, _row: int) -> None:
        target = self.target
        blocked = self._blocked()
        needs_reason = target in NEEDS_REASON or bool(blocked)
        one_late = len(self.app_ids) == 1 and bool(self._accepting(target))
        name_by_label(self.reason_label, "更正原因（必填）" if target == REDATE
                      else "撤回理由（必填）" if target == WITHDRAW
                      else "恢复理由（必填）" if target == RESTORE
                      else "受理理由（必填）" if one_late and not needs_reason
                      else "理由（必填）" if needs_reason or one_late else "说明（可不填）", "R")
        self.by.setVisible(target in (WITHDRAW, RESTORE))
        self.by_label.setVisible(target in (WITHDRAW, RESTORE))
        self.against.setVisible(bool(blocked))
        if blocked and target is not None:  # only a passing step is blocked
            self.against.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>" + "<br>".join(
                escape(x) for x in self._against_lines(target, blocked)) + "</span>")
        approving = target == "approved"
        self.award.clear()
        if approving:
            for fen, label in self._award_choices():
                self.award.addItem(label, fen)
        self.award.setVisible(approving)
        self.award_label.setVisible(approving)
        dated = target in _DATE_OF or target in (REDATE, WITHDRAW, RESTORE)
        self.day.setAccessibleDescription("")  # 更正资格审核日期's, said anew if chosen
        self.day.setVisible(dated)
        self.day_label.setVisible(dated)
        self.unknown.setChecked(False)
        # offered while a day is given to put back (every one 未填 already: nothing to)
        self.unknown.setVisible(target == REDATE and any(
            d for _, d, _ in self.qualified.values()))
        if target in recovery_dialog.LABELS:  # its fields are its own dialog's
            for w in (self.reason, self.reason_label):
                w.setVisible(False)
            self.against.setText(escape(self._explanation(target)))
            self.against.setVisible(True)
        else:
            self.reason.setVisible(True)
            self.reason_label.setVisible(True)
        if target == REDATE:
            self._redate_shown()
        elif target in (WITHDRAW, RESTORE):
            self._letter_shown()
        elif dated and target is not None:
            name_by_label(self.day_label, _DATE_OF[target][1], "D")
            if not self.day.text():
                self._give_day(clock.today())
        self._late_shown()
        self.choices.setAccessibleDescription(self._explanation(target) if target else "")
        self.error.clear()

    def _give_day(self, day: date | None) -> None:
        """The day field filled in by the dialog (not typed: Esc closes without asking)."""
        self.day.set_value(day)
        self._day_given = self.day.text()

    def _redate_text(self) -> str:
        now = "、".join(sorted({d or f"未填（审批表按录入日 {at[:10]} 打印）"
                                for _, d, at in self.qualified.values()}))
        return (f"现资格审核日期：{now}。资格审核结论和状态不变；"
                "日期不能晚于核准日期，更正记入修改记录（可按 Ctrl+Z 撤销），"
                "重印的审批表印更正后的日期")

    def _redate_shown(self) -> None:
        """更正资格审核日期 chosen: the day as given, or none (the one the 审批表 prints as
        补录 is the day it was recorded, not a day to keep), and what is printed now."""
        name_by_label(self.day_label, f"{DAY_OF['qualified']}（更正为）", "D")
        days = {d for _, d, _ in self.qualified.values()}
        given = next(iter(days)) if len(days) == 1 else None
        self._give_day(date.fromisoformat(given) if given else None)
        said = self._redate_text()
        self.against.setText(escape(said))
        self.against.setVisible(True)
        self.day.setAccessibleDescription(said)  # heard with the date, not only seen above

    def _withdraw_text(self) -> str:
        """What 撤回申报 does, said before it is chosen and with its date."""
        status = self.app.status
        lines = self.ctx.reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = ?"
                                    " AND application_id = ?", (self.stream, self.app_id))
        target = STATUS_ZH[withdrawal.TARGET[self.stream]]
        said = [f"推荐单位（或申报人经推荐单位）来函撤回：改为“{target}”，状态历史和修改记录"
                "写明“推荐单位撤回”、来函日期和来函单位"]
        if lines:
            said.append(f"未拨付的应拨款项 {lines} 笔一并删除（记入修改记录），不再打印审批表")
        if self.stream == PROJECT and status in ("proposed", "publicized", "approved"):
            said.append("项目退出排名，公示名单（更正）写“推荐单位撤回”；"
                        + withdrawal.PLACE_RULE)
        said.append("撤回后可按 Ctrl+Z 撤销（登记前自动备份登记册）；推荐单位再次来函撤销撤回的，"
                    f"在此选“{RESTORE_ZH}”")
        return "。".join(said) + "。"

    def _restore_text(self) -> str:
        """What 恢复申报 does, said before it is chosen and with its date."""
        t = withdrawal_restore.taken(self.ctx.reg, self.stream, self.app_id)
        said = [f"推荐单位来函撤销撤回：恢复为撤回前的“{withdrawal_restore.back_to_zh(self.ctx.reg, t)}”"
                "，状态历史和修改记录写明“推荐单位撤销撤回”、来函日期和来函单位"]
        if t is not None and t.payments:
            said.append(f"撤回时删除的未拨付应拨款项 {len(t.payments)} 笔原样恢复"
                        f"（共 {format_money(t.owed_fen)}）")
        if t is not None and self.stream == PROJECT and t.was in ("publicized", "approved"):
            said.append("公示名单（更正）写明撤回和恢复")
        said.append("恢复后如需再撤回，选“撤回申报”（登记前自动备份登记册）")
        return "。".join(said) + "。"

    def _letter_shown(self) -> None:
        """撤回申报 or 恢复申报 chosen: the letter's day (today until typed) and what the
        move does."""
        name_by_label(self.day_label, "来函日期", "D")
        if not self.day.text():
            self._give_day(clock.today())
        text = self._withdraw_text() if self.target == WITHDRAW else self._restore_text()
        self.against.setText(escape(text))
        self.against.setVisible(True)
        self.day.setAccessibleDescription(text)

    def _typed(self) -> bool:
        """Anything the clerk typed or ticked that closing would lose (a day the dialog
        filled in and the recommending union it offers as the letter's writer are not)."""
        return bool(self.reason.text().strip() or self.late_reason.text().strip()
                    or self.by.text().strip() != (self.app.unit_name or "").strip()
                    or self.day.text().strip() != self._day_given.strip()
                    or self.unknown.isChecked())

    def reject(self) -> None:
        """Esc (or 取消, or the window's ×) asks before throwing away what was typed, as the
        paper forms do: a withdrawal's reason went unasked. Nothing typed: closed at once."""
        if self._typed() and not dialogs.confirm_discard(self):
            return
        super().reject()

    def _letter(self, reason: str, asked: str) -> tuple[str, date] | None:
        """A union's letter (撤回申报, 恢复申报): its reason, sender and day, each asked for
        in place when missing (``asked`` for the reason); None then."""
        if not reason:
            self._refuse(asked, self.reason)
            return None
        by = self.by.text().strip()
        if long := first_too_long(self.by):
            self._refuse(long[1], self.by)
            return None
        if not by:
            self._refuse("请填写来函单位（推荐单位，或申报人经推荐单位来函）", self.by)
            return None
        day = self._required_day("请填写来函日期")
        return None if day is None else (by, day)

    def _withdraw(self, reason: str) -> None:
        """撤回申报, backed up first (on a large register in the background); what becomes
        of its tier place said once stored."""
        from .context import backed_up

        if self.withdraw_refusal:  # greyed: not reached by the keys, said below the list
            self._refuse(self.withdraw_refusal, self.choices)
            return
        letter = self._letter(reason, f"请写明撤回理由（{withdrawal.REASON_HINT}）")
        if letter is None:
            return
        by, day = letter
        stream, app_id = self.stream, self.app_id
        if why := withdrawal.letter_refusal(self.ctx.reg, stream, app_id, by):
            self._refuse(why, self.by)  # another union's letter: said before asking
            return
        # it deletes payment lines: asked first, 取消 the default (Enter typed on from the
        # fields answers nothing: guarded), back in the dialog if declined
        if not dialogs.ask_yes_no(
                self, "撤回申报", withdrawal.question(self.ctx.reg, stream, app_id, day, by),
                yes="撤回申报", no="取消", guarded=True, yes_key="W", no_key="C"):
            return

        def done(result: Any) -> None:
            value = result.value
            said = (f"已登记{id_ref(stream, app_id)}推荐单位撤回，现为“{value.status_zh}”"
                    + (f"；删除未拨付的应拨款项 {value.payments_deleted} 笔"
                       if value.payments_deleted else ""))
            self.ctx.notice.emit(said)
            if value.place:
                dialogs.show_info(self.parentWidget(), "撤回申报", f"{said}。\n\n{value.place}")
            if shiboken6.isValid(self):
                super(StatusDialog, self).accept()

        ids = self.ctx.ids
        # undoable (Ctrl+Z right after: the clerk's slip), the paper put back as it was
        backed_up(self, f"撤回{id_ref(stream, app_id)}的申报",
                  lambda reg, cancelled: withdrawal.withdraw_application(
                      reg, stream, ids.current(stream, app_id), day, by, reason,
                      cancelled=cancelled),
                  changed=stream, title="不能撤回申报", then=done,
                  undo=lambda reg: withdrawal_restore.undo_withdrawal(
                      reg, stream, ids.current(stream, app_id)))

    def _restore(self, reason: str) -> None:
        """恢复申报 on the union's second letter, backed up first, asked first."""
        from .context import backed_up

        if self.restore_refusal:  # greyed: not reached by the keys, said below the list
            self._refuse(self.restore_refusal, self.choices)
            return
        letter = self._letter(reason, f"请写明恢复理由（{withdrawal_restore.REASON_HINT}）")
        if letter is None:
            return
        by, day = letter
        stream, app_id = self.stream, self.app_id
        if why := withdrawal.letter_refusal(self.ctx.reg, stream, app_id, by, "恢复申报"):
            self._refuse(why, self.by)
            return
        if not dialogs.ask_yes_no(
                self, "恢复申报", withdrawal_restore.question(self.ctx.reg, stream, app_id, day, by),
                yes="恢复申报", no="取消", guarded=True, yes_key="R", no_key="C"):
            return

        def done(result: Any) -> None:
            value = result.value
            self.ctx.notice.emit(
                f"已登记{id_ref(stream, app_id)}推荐单位撤销撤回，现为“{value.status_zh}”"
                + (f"；恢复未拨付的应拨款项 {value.payments_restored} 笔"
                   if value.payments_restored else ""))
            if shiboken6.isValid(self):
                super(StatusDialog, self).accept()

        backed_up(self, "恢复申报", lambda reg, cancelled: withdrawal_restore.restore_application(
            reg, stream, app_id, day, by, reason, cancelled=cancelled),
            changed=stream, title="不能恢复申报", then=done)

    def _unknown_toggled(self, on: bool) -> None:
        """日期不详: the day field cleared and out of the way (and off the Tab path)."""
        if on:
            self.day.clear()
        self.day.setEnabled(not on)
        # not 如 2026-…: greyed, a day in it read as the day kept
        self.day.setPlaceholderText("未填（审批表按录入日打印）" if on else self._day_hint)

    def _award_choices(self) -> list[tuple[int, str]]:
        # Only a patent is approved here (a project on the 公示 screen, at its adopted tier).
        fen = int(move_fields(self.ctx.reg.campaign(self.app.campaign_year), "approved",
                              None)["award_fen"])  # (boostdesk review decide's too)
        return [(fen, f"{format_money(fen)}（每项专利定额）")]

    def accept(self) -> None:
        target = self.target
        if target is None:
            return
        reason = self.reason.text().strip()
        if long := first_too_long(self.reason):  # on the trail and printed: never cut
            self._refuse(long[1], self.reason)
            return
        if target == REDATE:
            self._redate(reason)
            return
        if target == WITHDRAW:
            self._withdraw(reason)
            return
        if target == RESTORE:
            self._restore(reason)
            return
        if target in recovery_dialog.LABELS:
            sub = recovery_dialog.RecoveryDialog(self.ctx, self.stream, self.app_id, target, self)
            self.recovery = sub  # window-modal over this one; stored, this one closes too
            sub.accepted.connect(lambda: QDialog.accept(self))
            sub.open()
            return
        if target in NEEDS_REASON and not reason:
            self._refuse(f"改为“{STATUS_ZH[target]}”须填写理由", self.reason)
            return
        self._stored_blocking = None  # as stored now, not as the dialog opened
        blocked = self._blocked()
        if blocked and len(self.app_ids) > 1:
            self._refuse("所选申报中有经自动核对不符合或待补材料的，不能批量通过：请逐项核对",
                         self.choices)
            return
        if blocked and not reason:
            self._refuse(f"有不符合项或待补材料，如仍改为“{STATUS_ZH[target]}”须填写理由",
                         self.reason)
            return
        ids, late_reason = self.app_ids, ""
        accepting = self._accepting(target)
        if accepting and len(self.app_ids) == 1 and not reason:
            self._refuse("逾期报送：同意受理的，须填写受理理由（记入状态历史）", self.reason)
            return
        if accepting and len(self.app_ids) > 1:
            on_time = self._on_time(target)
            if on_time and not self.late_choice.checkedButton():
                self._refuse(f"所选中有 {len(accepting)} 项逾期报送：请选择只改按期报送的"
                             f" {len(on_time)} 项，或同意受理逾期的并写明理由", self.on_time_only)
                return
            if on_time and self.on_time_only.isChecked():
                ids = on_time
            else:
                late_reason = self.late_reason.text().strip()
                if long := first_too_long(self.late_reason):
                    self._refuse(long[1], self.late_reason)
                    return
                if not late_reason:
                    self._refuse("请写明同意受理逾期报送的理由（记入这些申报的状态历史）",
                                 self.late_reason)
                    return
        extra: dict[str, Any] = {}
        if target == "approved":
            if self.award.currentData() is None:
                self._refuse("请选择助推金额", self.award)
                return
            extra["award_fen"] = int(self.award.currentData())
        if target in _DATE_OF:
            day = self._required_day(f"请填写{_DATE_OF[target][1]}")
            if day is None:
                return
            extra[_DATE_OF[target][0]] = day
        if not self._closed_year_confirmed(target, reason):
            return
        if not self._near_copies_confirmed(target):
            return
        if len(self.app_ids) == 1:
            result = operations.move_status(self.ctx, self.stream, self.app_id, target, reason,
                                            **extra)
        else:  # many: in the background, this dialog closed once they are moved
            left = {i: x for i, x in accepting.items() if i not in ids}  # late, not moved
            operations.move_statuses(self.ctx, self.stream, ids, target, reason,
                                     late_reason=late_reason, parent=self,
                                     on_done=lambda result: self._moved(result, left, len(ids)),
                                     **extra)
            return
        if result.ok:
            super().accept()

    def _closed_year_confirmed(self, target: str, reason: str) -> bool:
        """A paper its year's close decided, or a 重新登记 in a closed year, asked as
        撤销结年 is (paper_review.year_closed_note, as `review decide --yes`): a reason,
        then a question, 取消 the default. Several selected are asked once, with the one
        reason each is moved with (paper_review.years_closed_note), all or none."""
        from boostdesk.paper_review import years_closed_note

        closed, note = years_closed_note(self.ctx.reg, self.stream, self.app_ids, target)
        if not closed:
            return True
        if not reason:
            self._refuse(f"{note}。须填写理由", self.reason)
            return False
        many = len(self.app_ids) > 1
        return dialogs.ask_yes_no(self, "已结年", f"{note}。\n\n理由：{reason}\n\n仍要改动吗？",
                                  yes=f"仍要改动（{len(self.app_ids)} 项）" if many else "仍要改动",
                                  no="取消", guarded=True, yes_key="Y", no_key="C")

    def _near_copies_confirmed(self, target: str) -> bool:
        """A paper with an uncleared near-copy 提示 (near_copy_notes) passed or approved:
        asked first, as `review decide --yes` wants, 取消 the default; a false alarm
        cleared there (确认不是同一人…) as `correct people-distinct` clears it."""
        from boostdesk.near_copy_notes import ASKED

        from .near_copy_question import confirmed

        return target not in ASKED or confirmed(
            self, self.ctx, self.stream, list(self.app_ids), target,
            f"仍要改为“{STATUS_ZH[target]}”吗？", "仍要改动", "Y")

    def _redate(self, reason: str) -> None:
        # 更正原因 first, as Tab reaches the fields (the date was asked for first)
        if not reason:
            self._refuse("请写明更正原因（如：按资格审核记录补记），它记入修改记录", self.reason)
            return
        try:
            day = self.day.value()
        except ValidationError as exc:
            self._refuse(exc.message, self.day)
            return
        unknown = not self.unknown.isHidden() and self.unknown.isChecked()
        if day is None and not unknown:
            self._refuse("请填写更正后的资格审核日期（作出审核结论的日期，打印在审批表上）"
                         + ("；日期不详的，勾选“日期不详，改回未填”" if not self.unknown.isHidden()
                            else ""), self.day)
            return
        if all(d == (day.isoformat() if day else None) for _, d, _ in self.qualified.values()):
            # nothing would change: no write, and no empty step for Ctrl+Z to undo
            self._refuse(f"资格审核日期已是 {day.isoformat() if day else '未填'}，无需更正",
                         self.day if day else self.unknown)
            return
        result = operations.correct_qualified_dates(self.ctx, self.stream, self.app_ids, day,
                                                    reason, parent=self)
        if result.ok:
            super().accept()
        elif result.error:
            self._refuse(result.error, self.day)

    def _moved(self, result: Any, left: dict[int, late_papers.Late] | None = None,
               moved: int = 0) -> None:
        if result.ok and left:  # in place of the move's own 已将 … 项申报改为 …
            self.ctx.notice.emit(f"已将按期报送的 {moved} 项申报改为“{STATUS_ZH[late_papers.ACCEPTING]}”；"
                                 f"逾期报送的{late_papers.refs(self.stream, left)}未改，"
                                 "请逐项决定是否受理")
        if result.ok and shiboken6.isValid(self):
            super().accept()

    def _required_day(self, missing: str) -> date | None:
        """The day typed; None once refused, as unreadable or (``missing`` said) empty."""
        try:
            day = self.day.value()
        except ValidationError as exc:
            self._refuse(exc.message, self.day)
            return None
        if day is None:
            self._refuse(missing, self.day)
        return day

    def _refuse(self, message: str, focus: QWidget) -> None:
        self.error.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(message)}</span>")
        focus.setFocus()
