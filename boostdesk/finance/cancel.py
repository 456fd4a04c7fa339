"""撤销拨付登记: a payment recorded by mistake listed as unpaid again, and a return (退汇)
recorded by mistake taken back; audited with the reason."""

from __future__ import annotations

import json
from collections.abc import Iterable

from boostdesk.models.payment_marks import STANDING_RETURN_SQL
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register

from .errors import FinanceError
from .lines import CANCELLED as CANCELLED  # the status move's reason begins with it
from .lines import PaymentLine, trail_facts
from .paying import Cancelled, advance, unmark
from .payment_plan import accepted_unpaid
from .read_lines import payment_line


def cancel_payment(reg: Register, payment_id: int, reason: str) -> PaymentLine:
    """撤销拨付登记: a payment recorded against the wrong line, or with a wrong date or
    voucher, is listed as unpaid again (to be recorded anew); audited with the reason.

    A tranche it had completed moves its application back (已拨付 → 核准, 首笔拨付 → 核准,
    尾款拨付 → 结题验收); a first tranche an acceptance rests on is not cancelled.
    """
    return cancel_payments(reg, [payment_id], reason)[0]


def cancel_payments(reg: Register, payment_ids: Iterable[int], reason: str, *,
                    cancelled: Cancelled | None = None,
                    said: list[str] | None = None) -> list[PaymentLine]:
    """:func:`cancel_payment` for several: all checked first, one backup, one transaction
    (none once ``cancelled()`` says so after the backup: ``backed_up_write``). A project's
    redirect resting on a return taken back is undone with it (``finance.redirect``), in
    words added to ``said``."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("撤销拨付登记须填写理由（如 误选收款人、凭证号写错）")
    ids = list(dict.fromkeys(payment_ids))
    lines = [_cancellable(reg, payment_id) for payment_id in ids]  # refused before a backup
    # a return recorded against the wrong line: the transfer it named stands, as it was
    # (its day is before the return's, so pay mark could not record it again)
    returned = [x.id for x in lines if not x.paid]
    if returned:
        from boostdesk.safety.backup import backed_up_write

        from .redirect import undo_unfounded

        with backed_up_write(reg, "payment", cancelled), reg.transaction():
            since: dict[int, int] = {}  # project -> the earliest return taken back
            for payment_id in returned:
                line = next(x for x in lines if x.id == payment_id)
                if line.stream == PROJECT:
                    at = int(reg.scalar("SELECT " + STANDING_RETURN_SQL.format(payment="?"),
                                        (payment_id,) * 2))
                    since[line.app_id] = min(at, since.get(line.app_id, at))
                _restore(reg, payment_id, f"{RETURN_CANCELLED}{reason}")
            undone = undo_unfounded(reg, since, f"{RETURN_CANCELLED}{reason}")
            if said is not None:
                said.extend(undone)
            paid = [x.id for x in lines if x.paid]
            if paid:
                unmark(reg, paid, f"{CANCELLED}{reason}", {}, backup=False)
            return [payment_line(reg, payment_id) for payment_id in ids]
    return unmark(reg, ids, f"{CANCELLED}{reason}", {}, cancelled=cancelled)


RETURN_CANCELLED = "撤销退汇登记："


def _restore(reg: Register, payment_id: int, why: str) -> None:
    """The transfer a mistaken return took off, recorded again with its day and voucher."""
    # the return standing, not a later transfer cancelled as recorded by mistake
    before = json.loads(reg.scalar(
        "SELECT before FROM audit_events WHERE id = "
        + STANDING_RETURN_SQL.format(payment="?"), (payment_id,) * 2))
    reg.conn.execute("UPDATE payments SET paid_date = ?, voucher = ? WHERE id = ?",
                     (before["paid_date"], before.get("voucher", ""), payment_id))
    line = payment_line(reg, payment_id)
    reg.keep_payee(line.stream, line.app_id)
    reg.audit("update", "payments", payment_id, {"paid_date": None, "voucher": ""},
              {**trail_facts(line), "paid_date": before["paid_date"],
               "voucher": before.get("voucher", ""), "reason": why})
    if not reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                      " AND tranche = ? AND paid_date IS NULL",
                      (line.stream, line.app_id, line.tranche)):
        advance(reg, line)


def revoked_refusal(line: PaymentLine) -> str:
    """Why a revoked award's paid line keeps its payment (拨付's greyed button says it too)."""
    if line.recovered_date:  # nothing left to record: say what is recorded
        return (f"{line.payer_name}的这笔款已汇出、其助推已撤销，已于 "
                f"{line.recovered_date.isoformat()} 登记已追回，不能撤销拨付登记")
    return (f"{line.payer_name}的这笔款已汇出、其助推已撤销（应追回），不能撤销拨付登记："
            "追回后在“改变状态”或“拨付”中登记已追回")


def _cancellable(reg: Register, payment_id: int) -> PaymentLine:
    line = payment_line(reg, payment_id)
    if line.to_recover:  # finance.recovery: the money left and is owed back
        raise FinanceError(revoked_refusal(line))
    if not line.paid and line.returned_date:
        return line  # its return is what is cancelled
    if not line.paid:
        raise FinanceError(f"{line.payer_name}的这笔款尚未登记拨付，无需撤销")
    if line.stream == PROJECT and line.tranche == 1:
        status = reg.scalar("SELECT status FROM project_applications WHERE id = ?",
                            (line.app_id,))
        # the acceptance rests on the transfer standing when it was recorded, not on one
        # sent again after that came back (that one cancelled, the line is 退汇待重拨 again),
        # nor on one paid after it (an acceptance recorded before the first tranche was paid)
        if status not in ("approved", "paid_first") and not _returned_since_acceptance(
                reg, payment_id, line.app_id) and not accepted_unpaid(reg, line.app_id):
            raise FinanceError(
                f"项目“{line.title}”已登记结题验收，验收以首笔拨付为前提，首笔拨付登记不能撤销"
                "（款已汇出又被银行退回的，请登记退汇）")
    return line


def _returned_since_acceptance(reg: Register, payment_id: int, project_id: int) -> bool:
    """The payment's standing return was recorded after the project's first acceptance
    (passed or failed): its mark now is a transfer sent again after the acceptance."""
    return bool(reg.scalar(
        "SELECT " + STANDING_RETURN_SQL.format(payment="?") + " > (SELECT MIN(s.id)"
        " FROM audit_events s WHERE s.entity = 'project_applications' AND s.entity_id = ?"
        " AND s.action = 'status'"
        " AND json_extract(s.after, '$.status') IN ('accepted', 'acceptance_failed'))",
        (payment_id, payment_id, project_id)))
