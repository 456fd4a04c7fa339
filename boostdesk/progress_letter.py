"""What a letter leaving the office (办理进度告知单, to the applicant or its union) says
where the office's own screens say more: an open objection said as received, never who
objected nor what they wrote (their name, unit and phone are theirs: PIPL); the office's
next step in plain words, never a screen or a command the recipient cannot open; a
revoked award's decision and the money to return, to whom, in figures and 大写. No Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.register import Register
from boostdesk.money import daxie, format_money

OBJECTION_STEP = "异议正在核实处理，处理结果将另行告知"


def objection_step(received: Sequence[date]) -> str:
    """An open objection to a publicized project as its studio and union read it: the
    day(s) it came, that the office is checking it, that they will hear the outcome."""
    days = "、".join(d.isoformat() for d in dict.fromkeys(received))
    return f"公示期间收到异议（{days}），{OBJECTION_STEP}；异议处理后再定是否核准"


def close_step(when: str, terms: str) -> str:
    """The publicity over, the office yet to close the batch: said as the office's own
    step, not its screen."""
    return f"公示期{when}已满，待市总工会结束公示；公示无异议即核准，{terms}"


def plain_money_step(step: str) -> str:
    """An award's money step (``finance.payout``) as the recipient reads it: the office's
    own task (its payment plan not yet made, and where it makes it) said as news."""
    from boostdesk.finance.payout import PLAN_MISSING

    if step.startswith(PLAN_MISSING):
        return "已核准，市总工会将安排拨付，拨付时间将另行告知"
    return step


@dataclass(frozen=True)
class Refund:
    """A revoked award as its letter says it: the decision and what is owed to whom."""

    decision: str  # 2023-03-09 决定撤销助推：reason（document）
    owed: tuple[tuple[str, int], ...]  # (payer, 尚欠 fen) of each payer still owed

    @property
    def owing_fen(self) -> int:
        return sum(fen for _, fen in self.owed)


def refund_of(reg: Register, stream: str, app_id: int) -> Refund | None:
    """The revocation as recorded (``finance.recovery``), or None when none is."""
    from boostdesk.finance.recovery import recovery_of

    rec = recovery_of(reg, stream, app_id)
    if rec is None:
        return None
    decision = (f"{rec.decided_on.isoformat()} 决定撤销助推：{rec.reason or '理由未记'}"
                + (f"（{rec.document}）" if rec.document else ""))
    owed = tuple((p.payer_name, p.owing_fen) for p in rec.parts if p.owing_fen > 0)
    return Refund(decision, owed)


def refund_step(refund: Refund, campaign: Campaign) -> str:
    """下一步 of a revoked award with money still owed: the sum in figures and 大写, each
    payer it goes back to, and whom to ask how (the campaign's contact)."""
    to = "、".join(f"{name} {format_money(fen)}" for name, fen in refund.owed)
    ask = campaign.notice_contact or "市总工会"
    return (f"请收款人将尚未退还的助推资金 {format_money(refund.owing_fen)}（{daxie(refund.owing_fen)}）"
            f"退还原付款单位：{to}；退还方式和时间请联系 {ask}")


def revoked_facts(refund: Refund) -> list[tuple[str, str]]:
    """The letter's rows for a revoked award: the decision as recorded (what goes back to
    whom is its 下一步, :func:`refund_step`)."""
    return [("撤销决定", refund.decision)]


def letter_step(app: Any, refund: Refund | None, campaign: Campaign, step: str) -> str:
    """``step`` as the letter says it: a revoked award's refund where money is owed."""
    if app.status == "revoked" and refund is not None and refund.owed:
        return refund_step(refund, campaign)
    return step
