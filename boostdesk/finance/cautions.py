"""What to check before paying (said, not refused): a transfer sent again where it came
back from, a part of an award sent where another came back from, a card changed since the
approval."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import NamedTuple

from boostdesk.models.payment_marks import STANDING_RETURN_SQL
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register
from boostdesk.validate import tidy_name

from .lines import PaymentLine
from .read_lines import payment_lines


def resend_warning(line: PaymentLine) -> str:
    """A caution for paying ``line`` again where its transfer came back from, else ""."""
    if not line.resent_unchanged or line.card_stale:
        return ""  # a stale card holds the line (待更正卡号), said as such
    if line.card_kept:  # the office confirmed the card: said, not asked again
        return (f"编号 {line.id}（{line.payer_name} → {line.payee}）上次汇往同一卡号被退回"
                f"（{line.returned_reason}），已确认按原卡号重拨（{line.card_kept}）")
    what = "卡号" if line.stream == PATENT else "收款单位"
    return (f"编号 {line.id}（{line.payer_name} → {line.payee}）上次汇往同一{what}被退回"
            f"（{line.returned_reason}）：如{what}须更正，请先更正再登记重新拨付")


class CardSinceApproval(NamedTuple):
    """A patent award's card changed since its approval: the card approved, the day of the
    last change and the reason written with it (required: ``Register.save_patent``)."""

    approved_to: str
    day: str
    reason: str


def card_since_approval(reg: Register, paper: int) -> CardSinceApproval | None:
    """The card changes of patent ``paper`` after its last approval, None when none."""
    rows = reg.query(
        "SELECT e.at, e.before, json_extract(e.after, '$.reason') AS reason"
        " FROM audit_events e WHERE e.entity = 'patent_applications'"
        " AND e.entity_id = ? AND e.action = 'update'"
        " AND json_type(e.after, '$.card_number') IS NOT NULL"
        " AND e.id > (SELECT MAX(s.id) FROM audit_events s WHERE s.entity = e.entity"
        " AND s.entity_id = e.entity_id AND s.action = 'status'"
        " AND json_extract(s.after, '$.status') = 'approved') ORDER BY e.id", (paper,))
    if not rows:
        return None
    return CardSinceApproval(json.loads(rows[0]["before"] or "{}").get("card_number") or "",
                             rows[-1]["at"][:10], rows[-1]["reason"] or "")


def card_changed_warning(reg: Register, line: PaymentLine) -> str:
    """A caution for paying a patent line to a card changed since the award's approval
    (the signed approval sheet bears the card it was approved to), else ""."""
    if line.stream != PATENT or line.paid:
        return ""
    changed = card_since_approval(reg, line.app_id)
    if changed is None or changed.approved_to == line.card_number:
        return ""
    from boostdesk.safety.privacy import mask_card_grouped as mask_card  # as the trail shows it

    why = f"，理由：{changed.reason}" if changed.reason else ""
    return (f"编号 {line.id}（{line.payer_name} → {line.payee}）的会员卡号在核准后更改过"
            f"（{changed.day} 由 {mask_card(changed.approved_to) or '空'} 改为"
            f" {mask_card(line.card_number) or '空'}{why}）：已签批的审批表上是原卡号，请核实新卡号"
            "属于本人后再拨付（审批表已签批的，请重新打印报批）")


def sibling_returned_warning(line: PaymentLine, returned: Iterable[PaymentLine]) -> str:
    """A caution for paying ``line`` (not sent before) where another part of the same
    award came back from and is still owed (退汇待重拨: the rest of a project after its
    first tranche was returned, the union's share beside the federation's), else ""."""
    if line.paid or line.returned_date or not line.released:
        return ""  # a line sent before has its own caution (resend_warning)
    for other in returned:
        if other.id == line.id:
            continue
        if line.stream == PATENT:
            same = bool(line.card_number) and other.returned_to.endswith(f" {line.card_number}")
        else:
            same = tidy_name(other.returned_to) == line.payee
        if same:
            what = "卡号" if line.stream == PATENT else "收款单位"
            return (f"编号 {line.id}（{line.payer_name} → {line.payee}）：同一{line.stream_zh}的"
                    f"编号 {other.id}（{other.payer_name}{other.tranche_name}）汇往同一{what}已被退回"
                    f"（{other.returned_reason}）：如{what}或账户须更正，请先更正再拨付")
    return ""


def _returned_by_award(reg: Register, lines: list[PaymentLine],
                       ) -> dict[tuple[str, int], list[PaymentLine]]:
    """The lines owed again after a return (退汇待重拨) of the awards of ``lines`` not
    sent before, by (stream, application): few, found by one query."""
    keys = {(x.stream, x.app_id) for x in lines if not x.paid and not x.returned_date}
    out: dict[tuple[str, int], list[PaymentLine]] = {}
    for stream in (PATENT, PROJECT):
        ids = sorted(app_id for s, app_id in keys if s == stream)
        if not ids:
            continue
        found = [r[0] for r in reg.conn.execute(
            "SELECT DISTINCT p.application_id FROM payments p WHERE p.stream = ?"
            f" AND p.application_id IN ({','.join('?' * len(ids))}) AND p.paid_date IS NULL"
            f" AND {STANDING_RETURN_SQL.format(payment='p.id')} IS NOT NULL", (stream, *ids))]
        if found:
            for x in payment_lines(reg, stream=stream, app_ids=found):
                if not x.paid and x.returned_date:
                    out.setdefault((stream, x.app_id), []).append(x)
    return out


def payment_cautions(reg: Register, lines: Iterable[PaymentLine]) -> list[str]:
    """What to check before paying ``lines`` (said, not refused): a transfer sent again
    where it came back from, or a part of an award sent where another part came back
    from, a card changed since the approval."""
    lines = list(lines)
    returned = _returned_by_award(reg, lines)
    out: list[str] = []
    for line in lines:
        out.extend(filter(None, (
            resend_warning(line),
            sibling_returned_warning(line, returned.get((line.stream, line.app_id), ())),
            card_changed_warning(reg, line))))
    return out


