"""撤销助推（已拨付，应追回） as 改变状态 offers it (finance.recovery) — or 撤销助推（未拨付）
for a project's award with nothing paid, undone by Ctrl+Z right after —: the decision with its
day, reason and document; on a revoked award, 已追回 per payer in instalments — each its
sum, day, voucher and note, each payer's 应追回 / 已追回 / 尚欠 shown — (and one in error
taken back), or the decision undone while nothing is recovered. The 改变状态 dialog lists :func:`choices` and opens
:class:`RecoveryDialog` for the one chosen; nothing else of it knows of recoveries."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boostdesk.finance.errors import FinanceError
from boostdesk.finance.recovery import (
    COMMON_REASONS,
    PAID_NAME,
    UNPAID_NAME,
    Recovery,
    amounts_said,
    planned_revocation,
    record_recovered,
    recovered_refusal,
    recovery_of,
    revocation_day_refusal,
    revocation_question,
    revocation_refusal,
    revoke_paid_award,
    undo_revocation,
    unpaid_revocation,
    withdraw_recovered,
)
from boostdesk.finance.recovery_parts import Instalment
from boostdesk.finance.voucher_use import recovery_voucher_caution
from boostdesk.models import clock
from boostdesk.models.records import PROJECT, id_ref
from boostdesk.models.workflow import REVOCABLE, REVOKED, STATUS_ZH
from boostdesk.money import format_money
from boostdesk.validate import ValidationError

from . import dialogs
from .context import AppContext
from .form_widgets import AmountField, DateField, TextField, labelled_row, limited
from .style import ERROR_COLOUR, escape
from .theme import themed

REVOKE = "recovery:revoke"
REVOKE_UNPAID = "recovery:revoke_unpaid"  # 撤销助推（未拨付）: the same decision, nothing paid
RECOVERED = "recovery:recovered"
UNDO = "recovery:undo"
UNRECOVER = "recovery:unrecover"
LABELS = {REVOKE: f"{PAID_NAME}…", REVOKE_UNPAID: f"{UNPAID_NAME}…", RECOVERED: "登记已追回…",
          UNRECOVER: "撤销“已追回”登记（登记错了时）…",
          UNDO: "撤销“撤销助推”（尚未登记追回时）…"}


def choices(ctx: AppContext, stream: str, app_ids: list[int]) -> list[str]:
    """The recovery choices 改变状态 offers one paper (never several at once)."""
    if len(app_ids) != 1:
        return []
    status = ctx.reg.application(stream, app_ids[0]).status
    if status in REVOCABLE[stream] and not revocation_refusal(ctx.reg, stream, app_ids[0]):
        return [REVOKE_UNPAID if unpaid_revocation(ctx.reg, stream, app_ids[0]) else REVOKE]
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
    if choice == REVOKE_UNPAID:
        plan = planned_revocation(ctx.reg, stream, app_id)
        return ("核准后尚未拨付、经研究撤销助推的（如公示结束后复核认定异议成立、经核实不符合申报条件）："
                + (f"未拨付的 {plan.deleted_unpaid} 笔应拨款项删除，" if plan.deleted_unpaid else "")
                + "无需追回，不再计为助推，空出的档次名额待研究决定。按“确定”填写决定日期、理由和依据文件")
    rec = recovery_of(ctx.reg, stream, app_id)
    said = rec.summary if rec else ""
    if choice == RECOVERED:
        return (f"{said}。按“确定”登记一个付款单位本次追回的金额、日期和凭证号：可分次追回，"
                "直至追回全部")
    if choice == UNRECOVER:
        return (f"{said}。一笔追回登记错了的（付款单位、金额、凭证号错了，或款项其实未退回）："
                "按“确定”选择那一笔、填写理由，其金额改回尚欠（记入修改记录）")
    return (f"{said}。撤销后申报改回“{STATUS_ZH.get(rec.from_status, '') if rec else ''}”，"
            "未拨付的款项重新列入待拨付")


# The status bar's word once stored names the paper and the money (it said only
# 已撤销助推（已拨付，应追回）, as 撤回申报's names the paper).
def revoked_notice(rec: Recovery, deleted_unpaid: int) -> str:
    """已撤销专利35的助推：应追回 ¥3,000.00（北京市总工会 ¥1,500.00、…）."""
    return (f"已撤销{id_ref(rec.stream, rec.app_id)}的助推："
            + (f"应追回 {amounts_said(rec.parts)}" if rec.parts else "款项均未拨付，无需追回")
            + (f"；删除未拨付的应拨款项 {deleted_unpaid} 笔" if deleted_unpaid else ""))


def recovered_notice(rec: Recovery, payer: str, instalment: Instalment,
                     recovered: bool) -> str:
    """已登记专利35的追回：海淀区总工会 ¥1,200.00（2024-02-01，凭证 收-7）；海淀区总工会应追回
    ¥1,800.00，已追回 ¥1,200.00，尚欠 ¥600.00, or the instalment taken back: the sum, the
    payer's part as it now reads, and what all payers still owe."""
    part = next(p for p in rec.parts if payer in (p.payer, p.payer_name))
    ref = id_ref(rec.stream, rec.app_id)
    head = (f"已登记{ref}的追回：" if recovered else f"已撤销{ref}的一笔“已追回”登记：")
    left = ("" if len(rec.parts) < 2 else
            f"；合计尚欠 {format_money(rec.outstanding_fen)}" if rec.outstanding_fen
            else "；应追回的款项已全部追回")
    return (f"{head}{part.payer_name} {instalment.text}；{part.payer_name}{part.figures}"
            + left)


def parts_table(rec: Recovery) -> str:
    """Each payer's 应追回 / 已追回 / 尚欠, and every sum it returned, as rich text."""
    cell = "<td style='padding:0 8px 0 0'>{}</td>"
    right = "<td align='right' style='padding:0 8px 0 0'>{}</td>"
    rows = ["<tr>" + "".join(cell.format(f"<b>{h}</b>") for h in
                             ("付款单位", "应追回", "已追回", "尚欠")) + "</tr>"]
    for p in rec.parts:
        owing = format_money(p.owing_fen)
        if p.owing_fen:
            owing = f"<span style='color:{themed(ERROR_COLOUR)}'>{owing}</span>"
        rows.append("<tr>" + cell.format(escape(p.payer_name)) + "".join(right.format(x) for x in (
            format_money(p.amount_fen), format_money(p.recovered_fen), owing)) + "</tr>")
    sums = [f"{escape(p.payer_name)}：{i.day.isoformat()} 追回 {format_money(i.amount_fen)}"
            f"，凭证 {escape(i.voucher)}" + (f"，{escape(i.note)}" if i.note else "")
            for p in rec.parts for i in p.instalments]
    return (f"<table>{''.join(rows)}</table>"
            + (f"<p style='margin:4px 0 0 0'>已登记的追回：<br>{'<br>'.join(sums)}</p>"
               if sums else ""))


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
        rec = recovery_of(ctx.reg, stream, app_id) if choice == RECOVERED else None
        # 登记已追回: each payer's figures are the table's, below (not said twice)
        said = (f"{rec.decision}。登记一个付款单位本次追回的金额、日期和凭证号：可分次追回，"
                "直至追回全部" if rec else explain(ctx, stream, app_id, choice))
        self.intro = QLabel(f"<b>{escape(app.title or '（无名称）')}</b><br>" + escape(said))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.day = DateField()
        self.day.setObjectName("recovery_day")
        if choice != RECOVERED:  # the day the money came back is typed from the bank's slip:
            self.day.set_value(clock.today())  # today's, left as it was, recorded a wrong day
        self.reason = limited(TextField(), "reason")
        self.reason.setObjectName("recovery_reason")
        self.document = limited(TextField(), "reason")
        self.document.setObjectName("recovery_document")
        self.payer = QComboBox()
        self.payer.setObjectName("recovery_payer")
        self.voucher = limited(TextField(), "reason")
        self.voucher.setObjectName("recovery_voucher")
        # one sum a payer returned: all it owes unless typed less (元, to the fen)
        self.amount = AmountField(unit="元", placeholder="单位：元，如 1200")
        self.amount.setObjectName("recovery_amount")
        self.note = limited(TextField(), "reason")
        self.note.setObjectName("recovery_note")
        self.parts = QLabel()
        self.parts.setObjectName("recovery_parts")
        self.owing: dict[str, int] = {}  # each payer's 尚欠 (登记已追回)
        # each field named as its label reads (a screen reader said 理由 for 撤销理由（必填）)
        if choice in (REVOKE, REVOKE_UNPAID):
            labelled_row(form, "撤销决定日期", "D", self.day)
            labelled_row(form, "理由（必填）", "R", self.reason)
            labelled_row(form, "依据文件及文号", "F", self.document)
            # what the office most often finds, offered as it is typed (a revocation's
            # reasons: not offered for taking a 已追回 or a revocation back)
            self.reason.setCompleter(QCompleter(list(COMMON_REASONS), self.reason))
            self.reason.setPlaceholderText("如 " + "、".join(COMMON_REASONS[:2]))
        elif choice == RECOVERED:
            self.owing = {p.payer: p.owing_fen for p in rec.parts} if rec else {}
            for part in rec.parts if rec else ():
                if not part.recovered:
                    self.payer.addItem(f"{part.payer_name}（尚欠 {format_money(part.owing_fen)}）",
                                       part.payer)
            if payer is not None and (at := self.payer.findData(payer)) >= 0:
                self.payer.setCurrentIndex(at)  # the line chosen on 拨付
            self.parts.setText(parts_table(rec) if rec else "")
            layout.insertWidget(1, self.parts)
            labelled_row(form, "付款单位", "P", self.payer)
            labelled_row(form, "追回金额（元）", "A", self.amount)
            labelled_row(form, "追回日期", "D", self.day)
            labelled_row(form, "凭证号", "V", self.voucher)
            labelled_row(form, "备注", "N", self.note)
            self.note.setPlaceholderText("如 余款下月退回")
            self._owed()
            self.payer.currentIndexChanged.connect(self._owed)
        elif choice == UNRECOVER:
            rec = recovery_of(ctx.reg, stream, app_id)
            for part in rec.parts if rec else ():
                for i in part.instalments:  # each sum its own: one is taken back
                    self.payer.addItem(f"{part.payer_name} {i.text}", (part.payer, i.id))
            labelled_row(form, "追回登记", "P", self.payer)
            labelled_row(form, "撤销理由（必填）", "R", self.reason)
            self.reason.setPlaceholderText("如 凭证号登记错了、金额登记错了、登记错了付款单位")
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

    def _owed(self) -> None:
        """The amount the payer chosen still owes, offered as this sum: typed less for an
        instalment (the union returns ¥1,200.00 of ¥1,800.00 now, the rest next month)."""
        self.amount.set_value(self.owing.get(self.payer.currentData()) or None)

    def _typed(self) -> tuple[str, ...]:
        return (self.day.text().strip(), self.reason.text().strip(),
                self.document.text().strip(), self.voucher.text().strip(),
                self.amount.text().strip(), self.note.text().strip(),
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
            day = (self.day.value() if self.choice in (REVOKE, REVOKE_UNPAID, RECOVERED)
                   else None)
        except ValidationError as exc:
            self._refuse(exc.message, self.day)
            return
        reason = self.reason.text().strip()
        if self.choice in (REVOKE, REVOKE_UNPAID):
            if not reason:
                self._refuse("请填写撤销助推的理由（如 专利权被宣告无效、经核实为实用新型）", self.reason)
                return
            if day is None:
                self._refuse("请填写撤销决定的日期", self.day)
                return
            document = self.document.text()
            try:
                if why := revocation_day_refusal(reg, stream, app_id, day):
                    self._refuse(why, self.day)
                    return
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
            result = self._revoke(day, reason, document)
            if result.ok:
                self.ctx.notice.emit(revoked_notice(result.value, plan.deleted_unpaid))
                if freed := self._freed():
                    dialogs.show_info(self.parentWidget(), "撤销助推", freed)
        elif self.choice == RECOVERED:
            if self._record_recovered(day):
                super().accept()
            return
        elif self.choice == UNRECOVER:
            payer, which = self.payer.currentData()
            if not reason:
                self._refuse("请填写撤销“已追回”登记的理由（如 凭证号登记错了）", self.reason)
                return
            was = recovery_of(reg, stream, app_id)
            taken = next(i for i in (was.instalments if was else ()) if i.id == which)
            result = self.ctx.write("撤销“已追回”登记", lambda: withdraw_recovered(
                reg, stream, app_id, payer, reason, which), changed=stream, parent=self,
                title="不能撤销“已追回”登记")
            if result.ok:
                self.ctx.notice.emit(recovered_notice(result.value, payer, taken,
                                                      recovered=False))
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

    def _revoke(self, day: date, reason: str, document: str) -> Any:
        """The revocation written; 撤销助推（未拨付） undoable by Ctrl+Z as a status move is
        (nothing recovered rests on it), the paid one a barrier as before. A project's
        ranking before it is kept for :meth:`_freed`."""
        from boostdesk.panel.freed_places import waiting
        from boostdesk.panel.ranking import rank

        reg, stream, app_id, ids = self.ctx.reg, self.stream, self.app_id, self.ctx.ids
        unpaid = self.choice == REVOKE_UNPAID
        year = reg.application(stream, app_id).campaign_year
        self.before = waiting(rank(reg, year)) if stream == PROJECT else None

        def revoke() -> Recovery:
            return revoke_paid_award(reg, stream, ids.current(stream, app_id), day, reason,
                                     document)

        def undo() -> str:
            return undo_revocation(reg, stream, ids.current(stream, app_id), "撤销误操作（Ctrl+Z）")

        return self.ctx.write(UNPAID_NAME if unpaid else PAID_NAME, revoke, changed=stream,
                              undo=undo if unpaid else None, parent=self, title="不能撤销助推")

    def _freed(self) -> str:
        """The tier place a revoked project frees and who the ranking moves into it, for
        the office's decision ("" when nobody moves), as an upheld objection says it."""
        from boostdesk.panel.freed_places import freed_place_notice

        if self.stream != PROJECT:
            return ""
        year = self.ctx.reg.application(self.stream, self.app_id).campaign_year
        return freed_place_notice(self.ctx.reg, year, self.app_id, self.before)

    def _record_recovered(self, day: date | None) -> bool:
        """One sum of the payer chosen: checked here first, said in place (more than it
        owes says how much remains), then stored; whether it was."""
        reg, stream, app_id = self.ctx.reg, self.stream, self.app_id
        payer, voucher, note = self.payer.currentData(), self.voucher.text(), self.note.text()
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            self._refuse(f"追回金额：{exc.message}", self.amount)
            return False
        rec = recovery_of(reg, stream, app_id)
        if rec is None or payer is None:
            self._refuse("没有应追回的款项", self.payer)
            return False
        try:
            refused = recovered_refusal(rec, payer, amount, day)
        except FinanceError as exc:
            refused = (str(exc), "payer")
        if refused:
            self._refuse(refused[0], {"amount": self.amount, "date": self.day}.get(
                refused[1], self.payer))
            return False
        if not voucher.strip():
            self._refuse("请填写追回的凭证号", self.voucher)
            return False
        # a payment's voucher or another payer's receipt: asked, as 登记拨付 asks
        used = recovery_voucher_caution(reg, stream, app_id, payer, voucher)
        if used and not dialogs.ask_yes_no(self, "凭证号已用过",
                                           f"{used}。\n\n仍按凭证号 {voucher.strip()} 登记？",
                                           yes="仍登记", no="返回修改"):
            self.voucher.setFocus()
            self.voucher.selectAll()
            return False
        result = self.ctx.write("登记已追回", lambda: record_recovered(
            reg, stream, app_id, payer, day, voucher, amount, note), changed=stream,
            parent=self, title="不能登记已追回")
        if result.ok:
            part = next(p for p in result.value.parts if p.payer == payer)
            self.ctx.notice.emit(recovered_notice(
                result.value, payer, max(part.instalments, key=lambda i: i.id), recovered=True))
        return bool(result.ok)

    def _refuse(self, message: str, focus: QWidget) -> None:
        self.error.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(message)}</span>")
        focus.setFocus()
        if isinstance(focus, QLineEdit):  # what was refused, typed over (a sum over 尚欠)
            focus.selectAll()
