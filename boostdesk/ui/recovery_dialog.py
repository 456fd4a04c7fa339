"""撤销助推（已拨付，应追回） as 改变状态 offers it (finance.recovery): the decision with its
day, reason and document; on a revoked award, 已追回 per payer (and one in error taken
back), or the decision undone while nothing is recovered. The 改变状态 dialog lists :func:`choices` and opens
:class:`RecoveryDialog` for the one chosen; nothing else of it knows of recoveries."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from boostdesk.finance.errors import FinanceError
from boostdesk.finance.recovery import (
    COMMON_REASONS,
    Recovery,
    amounts_said,
    planned_revocation,
    record_recovered,
    recovery_of,
    revocation_question,
    revocation_refusal,
    revoke_paid_award,
    undo_revocation,
    withdraw_recovered,
)
from boostdesk.models import clock
from boostdesk.models.records import id_ref
from boostdesk.models.workflow import REVOCABLE, REVOKED, STATUS_ZH
from boostdesk.money import format_money
from boostdesk.validate import ValidationError

from . import dialogs
from .context import AppContext
from .form_widgets import DateField, TextField, labelled_row, limited
from .style import ERROR_COLOUR, escape
from .theme import themed

REVOKE = "recovery:revoke"
RECOVERED = "recovery:recovered"
UNDO = "recovery:undo"
UNRECOVER = "recovery:unrecover"
LABELS = {REVOKE: "撤销助推（已拨付，应追回）…", RECOVERED: "登记已追回…",
          UNRECOVER: "撤销“已追回”登记（登记错了时）…",
          UNDO: "撤销“撤销助推”（尚未登记追回时）…"}


def choices(ctx: AppContext, stream: str, app_ids: list[int]) -> list[str]:
    """The recovery choices 改变状态 offers one paper (never several at once)."""
    if len(app_ids) != 1:
        return []
    status = ctx.reg.application(stream, app_ids[0]).status
    if status in REVOCABLE[stream] and not revocation_refusal(ctx.reg, stream, app_ids[0]):
        return [REVOKE]
    if status == REVOKED and (rec := recovery_of(ctx.reg, stream, app_ids[0])):
        return ([RECOVERED] if rec.outstanding_fen else []) + (
            [UNRECOVER] if rec.recovered_fen else []) + ([UNDO] if rec.undoable else [])
    return []


def explain(ctx: AppContext, stream: str, app_id: int, choice: str) -> str:
    """What the choice will do, said in the 改变状态 dialog before it is opened."""
    if choice == REVOKE:
        plan = planned_revocation(ctx.reg, stream, app_id)
        return ("款已拨付、后发现不应助推的（如专利权被宣告无效、经核实为实用新型）：已拨付的款项仍记为"
                "已汇出，按付款单位列为应追回（" + "、".join(
                    f"{p.payer_name} {format_money(p.amount_fen)}" for p in plan.parts)
                + "）" + (f"，未拨付的 {plan.deleted_unpaid} 笔删除" if plan.deleted_unpaid else "")
                + "，不再计为助推。按“确定”填写决定日期、理由和依据文件")
    rec = recovery_of(ctx.reg, stream, app_id)
    said = rec.summary if rec else ""
    if choice == RECOVERED:
        return f"{said}。按“确定”登记一个付款单位已追回的日期和凭证号"
    if choice == UNRECOVER:
        return (f"{said}。已追回登记错了的（付款单位、凭证号错了，或款项其实未退回）：按“确定”选择"
                "付款单位、填写理由，该付款单位改回应追回（记入修改记录）")
    return (f"{said}。撤销后申报改回“{STATUS_ZH.get(rec.from_status, '') if rec else ''}”，"
            "未拨付的款项重新列入待拨付")


# The status bar's word once stored names the paper and the money (it said only
# 已撤销助推（已拨付，应追回）, as 撤回申报's names the paper).
def revoked_notice(rec: Recovery, deleted_unpaid: int) -> str:
    """已撤销专利35的助推：应追回 ¥3,000.00（北京市总工会 ¥1,500.00、…）."""
    return (f"已撤销{id_ref(rec.stream, rec.app_id)}的助推：应追回 {amounts_said(rec.parts)}"
            + (f"；删除未拨付的应拨款项 {deleted_unpaid} 笔" if deleted_unpaid else ""))


def recovered_notice(rec: Recovery, payer: str, recovered: bool) -> str:
    """已登记专利35：北京市总工会 已追回 ¥1,500.00（…）；尚应追回 ¥1,500.00, or the
    已追回 taken back: the payer's part as it now reads, and what is still to recover."""
    part = next(p for p in rec.parts if payer in (p.payer, p.payer_name))
    left = (f"尚应追回 {format_money(rec.outstanding_fen)}" if rec.outstanding_fen
            else "应追回的款项已全部追回")
    ref = id_ref(rec.stream, rec.app_id)
    return (f"已登记{ref}：{part.text}；{left}" if recovered
            else f"已撤销{ref}的“已追回”登记：{part.text}；{left}")


class RecoveryDialog(QDialog):
    """One recovery choice's fields; 确定 stores it (refused in words, in place)."""

    def __init__(self, ctx: AppContext, stream: str, app_id: int, choice: str,
                 parent: QWidget | None = None, payer: str | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.stream, self.app_id, self.choice = ctx, stream, app_id, choice
        self.setObjectName("recovery_dialog")
        self.setWindowTitle(LABELS[choice].rstrip("…"))
        app = ctx.reg.application(stream, app_id)
        layout = QVBoxLayout(self)
        self.intro = QLabel(f"<b>{escape(app.title or '（无名称）')}</b><br>"
                            + escape(explain(ctx, stream, app_id, choice)))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.day = DateField()
        self.day.setObjectName("recovery_day")
        self.day.set_value(clock.today())
        self.reason = limited(TextField(), "reason")
        self.reason.setObjectName("recovery_reason")
        self.document = limited(TextField(), "reason")
        self.document.setObjectName("recovery_document")
        self.payer = QComboBox()
        self.payer.setObjectName("recovery_payer")
        self.voucher = limited(TextField(), "reason")
        self.voucher.setObjectName("recovery_voucher")
        # each field named as its label reads (a screen reader said 理由 for 撤销理由（必填）)
        if choice == REVOKE:
            labelled_row(form, "撤销决定日期", "D", self.day)
            labelled_row(form, "理由（必填）", "R", self.reason)
            labelled_row(form, "依据文件及文号", "F", self.document)
            # what the office most often finds, offered as it is typed (a revocation's
            # reasons: not offered for taking a 已追回 or a revocation back)
            self.reason.setCompleter(QCompleter(list(COMMON_REASONS), self.reason))
            self.reason.setPlaceholderText("如 " + "、".join(COMMON_REASONS[:2]))
        elif choice in (RECOVERED, UNRECOVER):
            rec = recovery_of(ctx.reg, stream, app_id)
            for part in rec.parts if rec else ():
                if part.recovered == (choice == UNRECOVER):
                    self.payer.addItem(part.text if part.recovered else
                                       f"{part.payer_name} {format_money(part.amount_fen)}",
                                       part.payer)
            if payer is not None and (at := self.payer.findData(payer)) >= 0:
                self.payer.setCurrentIndex(at)  # the line chosen on 拨付
            labelled_row(form, "付款单位", "P", self.payer)
            if choice == RECOVERED:
                labelled_row(form, "追回日期", "D", self.day)
                labelled_row(form, "凭证号", "V", self.voucher)
            else:
                labelled_row(form, "撤销理由（必填）", "R", self.reason)
                self.reason.setPlaceholderText("如 凭证号登记错了、登记错了付款单位")
        else:
            labelled_row(form, "撤销理由（必填）", "R", self.reason)
            self.reason.setPlaceholderText("如 登记错了申报")
        self.error = QLabel()
        self.error.setObjectName("recovery_error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons, self.ok = dialogs.ok_cancel_buttons(self)
        layout.addWidget(buttons)
        self.setMinimumWidth(max(480, self.fontMetrics().horizontalAdvance("字") * 30))
        (self.payer if choice in (RECOVERED, UNRECOVER) else self.reason).setFocus()
        self._initial = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return (self.day.text().strip(), self.reason.text().strip(),
                self.document.text().strip(), self.voucher.text().strip(),
                str(self.payer.currentData()))

    def reject(self) -> None:
        """Esc asks before throwing away what was typed (a revocation's reason went
        unasked), as the paper forms do; nothing typed: closed at once."""
        if self._typed() != self._initial and not dialogs.confirm_discard(self):
            return
        super().reject()

    def accept(self) -> None:
        reg, stream, app_id = self.ctx.reg, self.stream, self.app_id
        self.error.clear()
        try:
            day = self.day.value() if self.choice in (REVOKE, RECOVERED) else None
        except ValidationError as exc:
            self._refuse(exc.message, self.day)
            return
        reason = self.reason.text().strip()
        if self.choice == REVOKE:
            if not reason:
                self._refuse("请填写撤销助推的理由（如 专利权被宣告无效、经核实为实用新型）", self.reason)
                return
            if day is None:
                self._refuse("请填写撤销决定的日期", self.day)
                return
            document = self.document.text()
            try:
                plan = planned_revocation(reg, stream, app_id, day, " ".join(reason.split()),
                                          " ".join(document.split()))
            except FinanceError as exc:
                self._refuse(str(exc), self.reason)
                return
            # asked, 取消 the default: it deletes the unpaid lines and sets 应追回 per payer
            # (an Enter after the reason's suggestions were closed stored it unasked)
            if not dialogs.ask_yes_no(self, "撤销助推", revocation_question(plan),
                                      yes="撤销助推", no="取消", guarded=True):
                return
            result = self.ctx.write("撤销助推（已拨付，应追回）", lambda: revoke_paid_award(
                reg, stream, app_id, day, reason, document), changed=stream, parent=self,
                title="不能撤销助推")
            if result.ok:
                self.ctx.notice.emit(revoked_notice(result.value, plan.deleted_unpaid))
        elif self.choice == RECOVERED:
            payer, voucher = self.payer.currentData(), self.voucher.text()
            if not voucher.strip():
                self._refuse("请填写追回的凭证号", self.voucher)
                return
            try:  # checked here first: said in place, not in a message box
                if day is None:
                    raise FinanceError("请填写追回日期")
                rec = recovery_of(reg, stream, app_id)
                if rec and day < rec.decided_on:
                    raise FinanceError(f"追回日期 {day} 早于撤销助推的日期 {rec.decided_on}")
            except FinanceError as exc:
                self._refuse(str(exc), self.day)
                return
            result = self.ctx.write("登记已追回", lambda: record_recovered(
                reg, stream, app_id, payer, day, voucher), changed=stream, parent=self,
                title="不能登记已追回")
            if result.ok:
                self.ctx.notice.emit(recovered_notice(result.value, payer, recovered=True))
        elif self.choice == UNRECOVER:
            payer = self.payer.currentData()
            if not reason:
                self._refuse("请填写撤销“已追回”登记的理由（如 凭证号登记错了）", self.reason)
                return
            result = self.ctx.write("撤销“已追回”登记", lambda: withdraw_recovered(
                reg, stream, app_id, payer, reason), changed=stream, parent=self,
                title="不能撤销“已追回”登记")
            if result.ok:
                self.ctx.notice.emit(recovered_notice(result.value, payer, recovered=False))
        else:
            if not reason:
                self._refuse("请填写撤销的理由（如 登记错了申报）", self.reason)
                return
            was = recovery_of(reg, stream, app_id)
            result = self.ctx.write("撤销“撤销助推”", lambda: undo_revocation(
                reg, stream, app_id, reason), changed=stream, parent=self,
                title="不能撤销")
            if result.ok:
                self.ctx.notice.emit(
                    f"已撤销{id_ref(stream, app_id)}的“撤销助推”：改回“{result.value}”"
                    + (f"，不再追回 {amounts_said(was.parts)}" if was else ""))
        if result.ok:
            super().accept()

    def _refuse(self, message: str, focus: QWidget) -> None:
        self.error.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(message)}</span>")
        focus.setFocus()
