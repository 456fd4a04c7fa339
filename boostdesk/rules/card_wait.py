"""An approved patent whose first inventor has no union card registered: approved with the
office's reason (卡号后补), its money waiting for the card it is paid to (一（四）3).

The blank card is a missing fact (待补材料, ``rules.patent.union_card``), not a failed
condition, so ``passed_against`` (blocking findings) does not see it; the 审批表 must say
it all the same, as it says a pass against a failed rule: the gap, the reason the office
approved it regardless, and that payment waits for the card."""

from __future__ import annotations

import json
from collections.abc import Sequence

from boostdesk.models.record_rows import select_in
from boostdesk.models.register import Register

from .findings import ASK, SETTLED, Finding

CODE = "NO_UNION_CARD"  # rules.patent.union_card's finding
_HEAD = "缺少“工会会员互助服务卡号”"  # how its message begins (findings.missing)
# the audit actions of a move against findings: a hand move (改变状态, review decide),
# a past award recorded with its findings
_ACTIONS = ("accept_findings", "record_past")
WAITS = "待补填卡号后拨付至该卡"


def gap_said(f: Finding) -> str:
    """The finding as a sheet states it: neither asking (请补充) nor settled."""
    return f.message.removesuffix(ASK).removesuffix(SETTLED)


def card_reasons(reg: Register, app_ids: Sequence[int]) -> dict[int, str]:
    """Of ``app_ids``, the approved patents with no card, each with the reason of the
    office's latest decision taken against the missing card ("" when none is on record:
    the card cleared after the approval)."""
    rows = list(select_in(
        reg.conn, "SELECT id FROM patent_applications WHERE status = 'approved'"
        " AND TRIM(COALESCE(card_number, '')) = '' AND id IN", list(app_ids)))
    out: dict[int, str] = {}
    for (app_id,) in rows:
        out[app_id] = ""
        for (after,) in reg.conn.execute(
                "SELECT after FROM audit_events WHERE entity = 'patent_applications'"
                f" AND entity_id = ? AND action IN ({','.join('?' * len(_ACTIONS))})"
                " ORDER BY id", (app_id, *_ACTIONS)):
            a = json.loads(after or "{}")
            taken = a.get("taken_findings") or a.get("findings") or ()
            if any(str(m).startswith(_HEAD) for m in taken) and a.get("reason"):
                out[app_id] = " ".join(str(a["reason"]).split())
    return out


def card_opinion(clause: str, reason: str) -> str:
    """The federation's opinion's head (the amount left to the caller): 经研究，本专利第一
    发明人未登记工会会员互助服务卡号（方案一（二）2），按“卡号后补”理由同意助推; with no
    reason on record, 经审核，同意助推 (the gap then said after the amount: :func:`card_tail`)."""
    if not reason:
        return "经审核，同意助推"
    studied = "" if reason.startswith("经研究") else "经研究，"
    return (f"{studied}本专利第一发明人未登记工会会员互助服务卡号（{clause}），"
            f"按“{reason}”理由同意助推")


def card_tail(clause: str, reason: str) -> str:
    """What follows the amount: that the money waits for the card (the gap too when the
    head did not say it)."""
    if reason:
        return f"，{WAITS}"
    return f"；第一发明人未登记工会会员互助服务卡号（{clause}），{WAITS}"
