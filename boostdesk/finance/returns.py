"""退汇: transfers the bank sent back, owed again (退汇待重拨); whether a return still stands."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from boostdesk.models.payment_marks import STANDING_RETURN_SQL
from boostdesk.models.register import Register
from boostdesk.validate import after_today

from .errors import FinanceError
from .lines import PaymentLine
from .paying import DATE, REASON, Cancelled, Refused, numbered, unmark
from .read_lines import payment_line

RETURN_OF = "退汇："  # a returned transfer's reason (status move and audit) begins with it


def return_payments(reg: Register, payment_ids: Iterable[int], returned: date,
                    reason: str, *, cancelled: Cancelled | None = None) -> list[PaymentLine]:
    """退汇: transfers the bank sent back (the card closed, the name not the card's, the
    enterprise's account changed). Unlike a cancelled mark the money did leave: the audit
    keeps its day, voucher and where it went beside the day it came back; the lines are
    owed again (退汇待重拨, not counted as paid anywhere) and paid anew with ``pay mark``
    once the right card or account is on the paper. All checked first, one backup (none
    stored once ``cancelled()`` says so after it)."""
    ids = list(dict.fromkeys(payment_ids))
    check_all_returnable(reg, ids, returned, reason)
    reason = " ".join(reason.split())
    return unmark(reg, ids, f"{RETURN_OF}{returned.isoformat()} 退回，{reason}",
                  {"returned_date": returned.isoformat()}, cancelled=cancelled)


def check_all_returnable(reg: Register, payment_ids: Iterable[int], returned: date,
                         reason: str) -> list[PaymentLine]:
    """The dry run of :func:`return_payments` (nothing written): the lines, if each can be
    recorded returned on ``returned`` for ``reason``; else :class:`~.paying.Refused`
    naming the first refused and what typed it is about. 登记退汇 asks it before it closes."""
    if not " ".join(reason.split()):
        raise Refused("登记退汇须填写原因（如 会员卡已销户、户名与卡号不符、收款单位账户变更）",
                      REASON)
    ids = list(dict.fromkeys(payment_ids))
    lines = []
    for payment_id in ids:
        try:
            lines.append(_returnable(reg, payment_id, returned))
        except FinanceError as exc:
            raise numbered(exc, payment_id, len(ids)) from exc
    return lines


def _returnable(reg: Register, payment_id: int, returned: date) -> PaymentLine:
    line = payment_line(reg, payment_id)
    if line.to_recover:
        raise FinanceError(returned_refusal(line))
    if not line.paid:
        raise FinanceError(f"{line.payer_name}的这笔款尚未登记拨付，没有可退回的款项")
    if returned < line.paid_date:  # type: ignore[operator]
        raise Refused(f"退汇日期 {returned.isoformat()} 早于拨付日期"
                      f" {line.paid_date.isoformat()}，请核对", DATE,  # type: ignore[union-attr]
                      payment_id)
    future = after_today(returned, "退汇日期")
    if future:
        raise Refused(future, DATE, payment_id)
    # A first tranche may come back after the acceptance it preceded (or after the rest
    # was paid): the money left before the acceptance, which stands; the tranche is owed.
    return line


def returned_refusal(line: PaymentLine) -> str:
    """Why a paid line of a revoked award (finance.recovery) takes no 退汇: the money that
    came back is the recovery of a debt, not a transfer owed again — recorded returned, the
    line would read 退汇待重拨 and be paid again on an award that is none."""
    if line.recovered_date:
        return (f"{line.payer_name}的这笔款其助推已撤销，已于 {line.recovered_date.isoformat()} "
                "登记已追回，不能登记退汇")
    return (f"{line.payer_name}的这笔款其助推已撤销（应追回），不能登记退汇：银行退回的款项即是追回，"
            "不再重拨；请在“改变状态”或“拨付”中登记已追回（追回日期、凭证号）")


def returned_standing(reg: Register, payment_id: int) -> bool:
    """A return (退汇) of the payment still stands: unpaid, it is 退汇待重拨; paid, its
    mark is a transfer sent again after that return."""
    return reg.scalar("SELECT " + STANDING_RETURN_SQL.format(payment="?"),
                      (payment_id,) * 2) is not None
