"""A payment marked paid (date and voucher; the application moves on once its tranche is
paid in full), what is checked first, and a mark taken off again (``unmark``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register
from boostdesk.validate import after_today

from .errors import FinanceError
from .lines import HELD, HELD_WHY, PaymentLine, trail_facts
from .read_lines import HeldAwards, held_awards, payment_line
from .terms import app_table

Cancelled = Callable[[], bool]  # the window's 取消, asked after a backup of seconds

# What a refusal is about, for a form to put it under that field: the day or the voucher
# typed; "" the line itself (paid meanwhile, held, no card on its paper).
DATE, VOUCHER, REASON = "date", "voucher", "reason"


class Refused(FinanceError):
    """A payment (or return) refused before anything is written: ``field`` what typed it is
    about (DATE, VOUCHER, REASON, "" the line), ``payment_id`` the line, ``reason`` the
    sentence without the number a list of several prefixes."""

    def __init__(self, message: str, field: str = "", payment_id: int | None = None,
                 reason: str = "") -> None:
        super().__init__(message)
        self.field, self.payment_id, self.reason = field, payment_id, reason or message


def numbered(exc: FinanceError, payment_id: int, count: int) -> Refused:
    """``exc`` of one of ``count`` lines checked together: named by its number, the others
    said not recorded either (the command line's 编号 is the one `pay list` shows)."""
    field = exc.field if isinstance(exc, Refused) else ""
    text = str(exc)
    return Refused(f"编号 {payment_id}：{text}（{count} 笔均未登记）" if count > 1 else text,
                   field, payment_id, text)


def mark_paid(reg: Register, payment_id: int, paid_date: date, voucher: str) -> PaymentLine:
    """Record one payer's part of one tranche as paid (date and voucher number); audited.

    When every payer's part of the tranche is paid the application moves on
    (专利: 核准 → 已拨付; 项目: 核准 → 首笔拨付, 结题验收 → 尾款拨付).
    """
    from boostdesk.safety.backup import backed_up_write

    check_payable(reg, payment_id, paid_date, voucher)  # a refusal takes no backup's place
    with backed_up_write(reg, "payment"):
        return record_paid(reg, payment_id, paid_date, voucher)


def mark_all_paid(reg: Register, payment_ids: Iterable[int], paid_date: date,
                  voucher: str) -> list[PaymentLine]:
    """:func:`mark_paid` for a list paid under one voucher: every payment checked first
    (a refusal names its number and records none), one backup, one transaction."""
    from boostdesk.safety.backup import backed_up_write

    ids = list(dict.fromkeys(payment_ids))
    # the awards held, read once: paying one line holds or frees no other award, and
    # inside the transaction they would be read again for every line
    held = held_awards(reg, reg.campaign_years())
    check_all_payable(reg, ids, paid_date, voucher, held)
    # one for the lot: a backup a line rotates good ones away
    with backed_up_write(reg, "payment"), reg.transaction():
        return [record_paid(reg, payment_id, paid_date, voucher, held) for payment_id in ids]


def record_paid(reg: Register, payment_id: int, paid_date: date, voucher: str,
                held: HeldAwards | None = None) -> PaymentLine:
    """:func:`mark_paid` without its backup: for a caller that took one already, or that
    records many payments in one transaction (the demo register)."""
    voucher = voucher.strip()
    with reg.transaction():
        line = check_payable(reg, payment_id, paid_date, voucher, held)
        reg.conn.execute(
            "UPDATE payments SET paid_date = ?, voucher = ? WHERE id = ?",
            (paid_date.isoformat(), voucher, payment_id),
        )
        reg.keep_payee(line.stream, line.app_id)
        # how much, from whom, to which card; a transfer sent again after a return says
        # which one came back, so a re-send to a corrected card is provable from the trail
        facts = trail_facts(line)  # (read before the mark: the same payer, amount, card)
        if line.returned_date:
            facts["resent_after"] = line.returned_text
        reg.audit("update", "payments", payment_id, {"paid_date": None, "voucher": line.voucher},
                  {**facts, "paid_date": paid_date.isoformat(), "voucher": voucher})
        unpaid = reg.scalar(
            "SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
            " AND tranche = ? AND paid_date IS NULL",
            (line.stream, line.app_id, line.tranche),
        )
        if not unpaid:
            advance(reg, line)
        return payment_line(reg, payment_id, held)


def check_all_payable(reg: Register, payment_ids: Iterable[int], paid_date: date,
                      voucher: str, held: HeldAwards | None = None) -> list[PaymentLine]:
    """The dry run of :func:`mark_all_paid` (nothing written): the lines, if every one can
    be recorded paid on ``paid_date`` under ``voucher``; else :class:`Refused` naming the
    first refused and what typed it is about. 登记拨付 asks it before it closes."""
    ids = list(dict.fromkeys(payment_ids))
    if held is None and len(ids) > 1:
        held = held_awards(reg, reg.campaign_years())  # read once for the lot
    lines = []
    for payment_id in ids:
        try:
            lines.append(check_payable(reg, payment_id, paid_date, voucher, held))
        except FinanceError as exc:
            raise numbered(exc, payment_id, len(ids)) from exc
    return lines


def check_payable(reg: Register, payment_id: int, paid_date: date, voucher: str,
                  held: HeldAwards | None = None) -> PaymentLine:
    """The payment, if it can be recorded as paid on ``paid_date``; else FinanceError
    (:class:`Refused` with its field when it is about the day or the voucher)."""
    if not voucher.strip():
        raise Refused("请填写凭证号（如 记-2023-0012），以便日后核对", VOUCHER, payment_id)
    line = payment_line(reg, payment_id, held)
    if line.paid:
        raise FinanceError(
            f"{line.payer_name}的这笔款已于 {line.paid_date.isoformat()} 拨付"  # type: ignore[union-attr]
            f"（凭证 {line.voucher or '无'}），不能重复登记"
        )
    if line.withheld:
        raise FinanceError(f"项目“{line.title}”结题验收未通过，尾款不予拨付"
                           f"（{reg.campaign(line.year).clause('project_payment')}）")
    if line.hold:
        raise FinanceError(line.hold)
    if line.no_card:  # held as 待补卡号: its own words, not an objection's
        raise FinanceError(
            f"专利“{line.title}”的第一发明人“{line.payee}”未登记工会会员互助服务卡号，助推款"
            "打入会员卡，不知打入哪张：请先在申报表中补填卡号，再登记拨付"
        )
    if line.card_stale:  # held as 待更正卡号: sent again, it would go where it came back from
        raise FinanceError(line.no_card_why)
    if line.held:
        raise FinanceError(
            f"项目“{line.title}”有{HELD_WHY}，{HELD}：请先在“公示”中处理该异议"
            "（不成立即可拨付；成立则撤销核准，不予助推）"
        )
    if not line.released:
        raise FinanceError(f"项目“{line.title}”尚未结题验收，尾款不能拨付：请先登记验收")
    if line.no_payee_unit:
        raise FinanceError(
            f"项目“{line.title}”的工作室“{line.studio_name}”未登记所在单位，不知拨给哪家企业："
            "请先在“工作室”中补填所在单位（收款单位），再登记拨付"
        )
    approved = reg.scalar(
        f"SELECT approved_date FROM {app_table(line.stream)} WHERE id = ?", (line.app_id,)
    )
    if approved and paid_date < date.fromisoformat(approved):
        raise Refused(f"拨付日期 {paid_date.isoformat()} 早于核准日期 {approved}，请核对",
                      DATE, payment_id)
    if line.returned_date and paid_date < line.returned_date:
        raise Refused(
            f"拨付日期 {paid_date.isoformat()} 早于这笔款的退汇日期"
            f" {line.returned_date.isoformat()}：重新拨付在退汇之后，请核对", DATE, payment_id)
    if line.stream == PROJECT and line.tranche > 1:
        accepted = reg.scalar("SELECT accepted_date FROM project_applications WHERE id = ?",
                              (line.app_id,))
        if accepted and paid_date < date.fromisoformat(accepted):
            raise Refused(
                f"拨付日期 {paid_date.isoformat()} 早于结题验收日期 {accepted}：尾款在验收后拨付，请核对",
                DATE, payment_id)
    future = after_today(paid_date, "拨付日期")
    if future:
        raise Refused(future, DATE, payment_id)
    return line


# A payment recorded by mistake moves its application back to where the payment found it.
_BACK = {(PATENT, "paid"): "approved", (PROJECT, "paid_first"): "approved",
         (PROJECT, "paid_final"): "accepted"}


def unmark(reg: Register, ids: list[int], why: str, extra: dict[str, Any], *,
           backup: bool = True, cancelled: Cancelled | None = None) -> list[PaymentLine]:
    """The marks of ``ids`` taken off (one backup, one transaction), each audited with
    ``why`` and ``extra``: a tranche they had completed moves its application back."""
    from boostdesk.safety.backup import backed_up_write

    with backed_up_write(reg, "payment" if backup else None, cancelled), reg.transaction():
        for payment_id in ids:
            line = payment_line(reg, payment_id)
            status = reg.scalar(f"SELECT status FROM {app_table(line.stream)} WHERE id = ?",
                                (line.app_id,))
            back = _BACK.get((line.stream, status))
            # 尾款拨付 is every tranche paid: any of them taken off leaves 结题验收 (the
            # acceptance stands); a first tranche taken off before it leaves 核准
            if back and (back != "approved" or line.tranche == 1):
                reg.set_status(line.stream, line.app_id, back, why)
            reg.conn.execute("UPDATE payments SET paid_date = NULL, voucher = '' WHERE id = ?",
                             (payment_id,))
            # where the money went, as the paper said then: a card or account corrected
            # for the new transfer does not rewrite where the returned one was sent
            sent_to = " ".join(x for x in (line.payee, line.card_number) if x)
            reg.audit("update", "payments", payment_id,
                      {"paid_date": line.paid_date.isoformat(),  # type: ignore[union-attr]
                       "voucher": line.voucher},
                      {**trail_facts(line), "paid_date": None, "voucher": "", **extra,
                       "reason": why,
                       **({"returned_from": sent_to} if extra else {})})
            # after the trail line: a transfer sent back is still sent (SENT_SQL reads its
            # return there), so the project keeps the payee it went to — freed, a redirect
            # would find no old payee and the money owed follow the studio instead
            reg.keep_payee(line.stream, line.app_id)
        return [payment_line(reg, payment_id) for payment_id in ids]


def advance(reg: Register, line: PaymentLine) -> None:
    """The application moved on once ``line``'s tranche is paid in full: an accepted
    project is 尾款拨付 only with every tranche paid (its first may have come back after
    the acceptance and be paid again after the rest)."""
    status = reg.scalar(f"SELECT status FROM {app_table(line.stream)} WHERE id = ?",
                        (line.app_id,))
    if line.stream == PATENT and status == "approved":
        target = "paid"
    elif line.stream == PROJECT and line.tranche == 1 and status == "approved":
        target = "paid_first"
    elif line.stream == PROJECT and status == "accepted" and not reg.scalar(
            "SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
            " AND paid_date IS NULL", (PROJECT, line.app_id)):
        target = "paid_final"
    else:
        return
    reg.set_status(line.stream, line.app_id, target)
