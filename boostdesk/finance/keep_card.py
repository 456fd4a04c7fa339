"""确认原卡号重拨: the office's word that a patent transfer the bank sent back may go again to
the card it came back from (the bank's cause was not the card: a transient fault, a frozen
account since thawed). Without it such a line is 待更正卡号 (``PaymentLine.card_stale``)."""

from __future__ import annotations

from boostdesk.models.records import PATENT
from boostdesk.models.register import Register
from boostdesk.safety.privacy import mask_card_grouped

from .errors import FinanceError
from .lines import PaymentLine, trail_facts
from .read_lines import payment_line

ACTION = "keep_card"  # its audit action; read_lines finds it after the standing return


def keep_card(reg: Register, payment_id: int, reason: str) -> PaymentLine:
    """Record the confirmation for the card now on the paper (a card corrected later needs
    none; one changed back needs it anew): audited with the reason, nothing else written."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("确认原卡号重拨须填写理由（如：经与银行核实，系系统临时故障退回，原卡号无误）")
    with reg.transaction():
        line = payment_line(reg, payment_id)
        if line.stream != PATENT or line.paid or not line.returned_date:
            raise FinanceError(f"编号 {payment_id} 不是被银行退回、待重拨的专利款项，无需确认卡号")
        if not line.resent_unchanged:
            raise FinanceError(
                f"编号 {payment_id} 的卡号已于退汇后更正（现为 {mask_card_grouped(line.card_number)}），"
                "无需确认，可直接登记拨付")
        if line.card_kept:
            raise FinanceError(f"编号 {payment_id} 已确认按原卡号重拨（{line.card_kept}），无需再次登记")
        reg.audit(ACTION, "payments", payment_id, None,
                  {**trail_facts(line), "reason": reason})
    return payment_line(reg, payment_id)
