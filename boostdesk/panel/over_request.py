"""An award above what the project asked for (申请金额).

The plan (二（三）, 二（四）) sets the tiers by the studio's level, caps the unions' money at
50 % of the project's total budget and makes the experts' score the main basis; it never
names the amount a project asks for, nor says an award may not exceed it. So the ranking
does not cap an award at the request — that would be a rule of the program's own again —
but says it, by how much, and adopting such an award is the office's decision with its
reason (adopt_proposal), which it may instead settle by setting the tier by hand."""

from __future__ import annotations

from collections.abc import Sequence

from boostdesk.models.campaign import tier_label
from boostdesk.money import format_money
from boostdesk.rules.passed_against import MARK as AGAINST_MARK
from boostdesk.said_where import way

from .ranking_rows import QuotaUse, RankRow

OVER_MARK = "超申请"  # the tier column's tag of an award above the request


def tier_marks(row: RankRow) -> str:
    """What the ranking's tier column adds to the amount, the window's and `rank`'s alike:
    （人工） set by hand, （超申请） above the request, （不符合方案） passed against the plan."""
    return ("（人工）" if row.override is not None else "") \
        + (f"（{OVER_MARK}）" if row.over_request else "") \
        + (f"（{AGAINST_MARK}）" if row.against_plan else "")


def over_request_note(amount_fen: int | None, requested_fen: int | None,
                      by_hand: bool = False) -> str:
    """The line of a row whose award is above the project's request, or "". ``by_hand``:
    its tier set by hand (人工调整档次), decided with its reason already."""
    if not amount_fen or not requested_fen or amount_fen <= requested_fen:
        return ""
    return (f"注意：拟助推 {format_money(amount_fen)} 超过本项目申请金额 "
            f"{format_money(requested_fen)}，多 {format_money(amount_fen - requested_fen)}"
            "（方案按档次助推，未规定不得超过申请金额；"
            + ("已人工调整档次）" if by_hand else "采纳时须确认）"))


def over_request_message(rows: list[RankRow], quotas: Sequence[QuotaUse] = ()) -> str:
    """Why the proposal is not adopted as it stands: awards above the request, and what
    can be done for each (``quotas``: the ranking's, the tiers of each level and their
    room)."""
    lines = [f"“{r.ref}”：{r.over_request}" for r in rows]
    ways = [w for r in rows if (w := lower_tier_way(r, quotas))]
    return ("以下项目的拟助推金额超过其申请金额，不能直接采纳拟助推名单：\n" + "\n".join(lines)
            + ("\n按申请金额调整档次：\n" + "\n".join(ways) if ways else "")
            + "\n请核实：不按排名档次助推的，对项目人工调整档次（或不予助推）并写明理由；"
            "确认按排名档次助推的，请写明理由" + way("（再点“采纳为拟助推名单”时填写）",
                                          "（boostdesk panel adopt --over-request-reason 理由）")
            + "，理由记入修改记录")


def lower_tier_way(row: RankRow, quotas: Sequence[QuotaUse]) -> str:
    """What a tier set by hand can do for an award above the request: the tier of its
    level that matches the request, else the lowest below its award, if its quota has
    room; else that no tier of its level below the award is open (a 市级 studio asking 3万
    has 10万 and 5万 only). "" when the quotas are not known."""
    mine = sorted((q for q in quotas if q.tier.level == row.level),
                  key=lambda q: q.tier.amount_fen)
    if not mine or not row.amount_fen or not row.requested_fen:
        return ""
    asked = format_money(row.requested_fen)
    tiers = "、".join(tier_label(q.tier.name) for q in reversed(mine))
    lower = [q for q in mine if q.tier.amount_fen < row.amount_fen]
    if not lower:
        return (f"“{row.ref}”：{row.level_zh}的档次为{tiers}，没有低于本档的档次，"
                f"与申请金额 {asked} 相符的档次没有")
    fits = [q for q in lower if q.tier.amount_fen <= row.requested_fen]
    q = fits[-1] if fits else lower[0]
    name = tier_label(q.tier.name)
    what = (f"与申请金额 {asked} 相符的" if q.tier.amount_fen == row.requested_fen else
            "不超过申请金额的" if fits else f"{row.level_zh}最低档")
    if q.used >= q.tier.quota:
        # a tier matching the request exists and is full: say that one, not "none matches"
        lead = (f"{what}{name}" if q.tier.amount_fen == row.requested_fen
                else f"没有与申请金额 {asked} 相符的档次；{what}{name}")
        return (f"“{row.ref}”：{row.level_zh}的档次为{tiers}，{lead}名额（{q.tier.quota} 项）已满，"
                "不能人工调整到该档")
    more = (f"，仍超过申请金额 {format_money(q.tier.amount_fen - row.requested_fen)}"
            if q.tier.amount_fen > row.requested_fen else "")
    return (f"“{row.ref}”：{row.level_zh}的档次为{tiers}，可人工调整为{what}{name}"
            f"（名额尚余 {q.tier.quota - q.used} 项{more}）")
