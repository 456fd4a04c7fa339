"""When does the money come, and to which card or account: an award's payment lines as a
caller hears them (the detail pane's 拨付 block, the 办理进度告知单).

Each payer's part of each tranche with its amount, its due day and its state in the 拨付
screen's words (``lines.PaymentLine.state``), said with what the caller asks next — the
day and the card's last four digits it went to, the days it is overdue, the transfer the
bank sent back and what is needed before it is sent again. A project's 尾款 waits for the
acceptance: its latest completion date (二（二）1) and the days past it are said. One line,
``next_step``, says what happens next and when. Every term (months after the approval, the
publicity or the acceptance) is the campaign's; no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register
from boostdesk.money import format_money

from .lines import (
    ACCEPTANCE_FAILED,
    AWAITING_ACCEPTANCE,
    CARD_STALE,
    DUE,
    HELD,
    HELD_WHY,
    NO_CARD,
    OVERDUE,
    PAID,
    RETURNED,
    TO_RECOVER,
    WAS_RECOVERED,
    PaymentLine,
)
from .terms import FAILED, tranche_shares

# How a line's state is coloured where it is shown (the pane): settled, waiting, late.
SETTLED, WAITING, LATE = "settled", "waiting", "late"
_TONE = {PAID: SETTLED, WAS_RECOVERED: SETTLED, DUE: WAITING, AWAITING_ACCEPTANCE: WAITING,
         OVERDUE: LATE, RETURNED: LATE, HELD: LATE, NO_CARD: LATE,
         CARD_STALE: LATE, TO_RECOVER: LATE, ACCEPTANCE_FAILED: LATE}
DONE = "办结"
PLAN_MISSING = "拨付计划尚未生成："  # the office's step (its screen named after it)


def card_tail(number: str) -> str:
    """尾号 4492: the last four digits of a card, all a caller needs to know it by."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    return f"尾号 {digits[-4:]}" if len(digits) >= 4 else "（卡号未填）"


@dataclass(frozen=True)
class MoneyLine:
    """One payer's part of one tranche, as a caller hears it."""

    tranche: str  # 一次拨付, 首笔, 尾款
    share: int  # the tranche's percent of the award
    payer: str  # 北京市总工会, 海淀区总工会
    amount_fen: int
    due: date | None
    state: str  # the 拨付 screen's word (lines.PAID …)
    said: str  # the state in words: 已拨付（2023-02-20 汇至会员卡尾号 4492）
    late_days: int = 0
    recovered_fen: int = 0  # its award revoked since: what of it is back (已追回)

    @property
    def tone(self) -> str:
        return _TONE.get(self.state, WAITING)

    @property
    def text(self) -> str:
        return f"{self.payer} {format_money(self.amount_fen)}：{self.said}"


@dataclass(frozen=True)
class Payout:
    """An award's money: its lines, a project's tranches and acceptance, what comes next."""

    stream: str
    award_fen: int
    lines: tuple[MoneyLine, ...]
    tranches: str  # 分两期：首笔 60%（公示期满后 3 个月内），尾款 40%（结题验收通过后 3 个月内)
    completion: date | None = None  # a project not accepted: its latest completion date
    completion_late: int = 0  # days past it (past the postponed deadline, when postponed)
    postponed: str = ""  # 延期验收至 2027年6月30日（主任办公会…研究同意…）: its acceptance put off
    accepted: date | None = None
    returned_card: str = ""  # a patent's card a transfer came back from, still on the paper
    next_step: str = ""

    @property
    def paid_fen(self) -> int:
        """Paid to an award that stands: a revoked award's money is to recover, not paid
        (as the statistics count it)."""
        return sum(x.amount_fen for x in self.lines if x.state == PAID)

    @property
    def recover_fen(self) -> int:
        """应追回: what was paid to an award revoked since."""
        return sum(x.amount_fen for x in self.lines if x.state in (TO_RECOVER, WAS_RECOVERED))

    @property
    def recovered_fen(self) -> int:
        """已追回: of ``recover_fen``, what is back."""
        return sum(x.recovered_fen for x in self.lines)

    @property
    def owing_fen(self) -> int:
        """尚欠: of ``recover_fen``, what is not back yet."""
        return self.recover_fen - self.recovered_fen

    @property
    def recovery_text(self) -> str:
        """应追回 ¥30,000.00，已追回 ¥18,333.33，尚欠 ¥11,666.67 ("" with nothing to recover)."""
        if not self.recover_fen:
            return ""
        return (f"应追回 {format_money(self.recover_fen)}，已追回 {format_money(self.recovered_fen)}，"
                f"尚欠 {format_money(self.owing_fen)}")

    @property
    def owed_fen(self) -> int:
        """Still to be paid: due, overdue, returned, held or waiting for the acceptance."""
        return sum(x.amount_fen for x in self.lines
                   if x.state in (DUE, OVERDUE, RETURNED, HELD, NO_CARD, CARD_STALE,
                                  AWAITING_ACCEPTANCE))

    @property
    def refused_fen(self) -> int:
        """不予拨付: the rest of an award whose acceptance failed (二（四）4)."""
        return sum(x.amount_fen for x in self.lines if x.state == ACCEPTANCE_FAILED)

    @property
    def settled_parts(self) -> tuple[str, ...]:
        """已拨付 ¥18,000.00，未拨付 ¥0.00 [and 不予拨付 ¥12,000.00]: the lines' sum, told
        whole (the lines above say why it is not paid)."""
        paid = f"已拨付 {format_money(self.paid_fen)}，未拨付 {format_money(self.owed_fen)}"
        return (paid, f"不予拨付 {format_money(self.refused_fen)}") if self.refused_fen else (paid,)

    def by_tranche(self) -> list[tuple[str, list[MoneyLine]]]:
        """The lines under each tranche's name, in the plan's order."""
        out: dict[str, list[MoneyLine]] = {}
        for x in self.lines:
            out.setdefault(x.tranche, []).append(x)
        return list(out.items())


def payout(reg: Register, stream: str, app: Any, as_of: date, held: Any = None,
           campaign: Campaign | None = None) -> Payout | None:
    """``app``'s money as of ``as_of`` (None: no award and no payment line). ``held``: the
    award's hold (``award_holds.hold_of``) when the caller has it — read once, not the
    year's every hold; ``campaign``: its year's, when the caller has it."""
    from .read_lines import payment_lines

    known = {app.campaign_year: {(stream, app.id): held} if held is not None else {}}
    lines = payment_lines(reg, stream=stream, app_ids=[app.id], held_awards=known)
    if not lines and not app.award_fen:
        return None
    return payout_from(lines, app, campaign or reg.campaign(app.campaign_year), as_of,
                       _postponed(reg, stream, [app]).get(app.id))


def _postponed(reg: Register, stream: str, apps: Sequence[Any]) -> dict[int, Any]:
    """The projects' standing postponements of their acceptance (延期验收)."""
    from .acceptance_postpone import POSTPONABLE, postponements

    if stream == PATENT:
        return {}
    return postponements(reg, [a.id for a in apps if a.status in POSTPONABLE])


def payouts(reg: Register, stream: str, apps: Sequence[Any], as_of: date,
            ) -> dict[int, Payout]:
    """:func:`payout` of many papers of one stream, their lines read in one query."""
    from .read_lines import payment_lines

    wanted = [a for a in apps if a.award_fen or a.status == "revoked"]
    if not wanted:
        return {}
    by_app: dict[int, list[PaymentLine]] = {}
    for x in payment_lines(reg, stream=stream, app_ids=[a.id for a in wanted]):
        by_app.setdefault(x.app_id, []).append(x)
    campaigns: dict[int, Campaign] = {}
    out = {}
    postponed = _postponed(reg, stream, wanted)
    for a in wanted:
        c = campaigns.get(a.campaign_year) or campaigns.setdefault(
            a.campaign_year, reg.campaign(a.campaign_year))
        out[a.id] = payout_from(by_app.get(a.id, []), a, c, as_of, postponed.get(a.id))
    return out


def payout_from(lines: Sequence[PaymentLine], app: Any, campaign: Campaign,
                as_of: date, postponed: Any = None) -> Payout:
    """The payout of ``app`` from its payment lines (``read_lines.payment_lines``)."""
    stream = app.stream
    said = tuple(_said(x, campaign, as_of) for x in lines)
    late = 0
    deadline: date | None = None
    if stream != PATENT and app.accepted_date is None and app.status in (
            "approved", "paid_first"):
        from .acceptance import completion_deadline

        deadline = completion_deadline(campaign, app.approval_date)
        late = max((as_of - (postponed.until if postponed else deadline)).days, 0)
    returned = ""
    if stream == PATENT:
        back = [x for x in lines if x.card_stale]  # the card confirmed: not said so
        if back:
            returned = (f"汇至会员卡{card_tail(back[0].card_number)} 的款项于 "
                        f"{back[0].returned_date} 被退回（{_cause(back[0])}）："
                        "重拨前须更正卡号（请第一发明人提供有效的会员卡号）")
    out = Payout(stream=stream, award_fen=app.award_fen or 0, lines=said,
                 tranches=tranche_terms(campaign, stream), completion=deadline,
                 completion_late=late, postponed=postponed.said if postponed else "",
                 accepted=getattr(app, "accepted_date", None),
                 returned_card=returned)
    from dataclasses import replace

    return replace(out, next_step=money_step(out, lines, app, campaign, as_of))


def tranche_terms(campaign: Campaign, stream: str) -> str:
    """The plan's payment terms in words, from the campaign (一（四）3, 二（四）4)."""
    if stream == PATENT:
        return f"核准后 {campaign.patent_payment_months} 个月内一次拨付至第一发明人的会员卡"
    shares = tranche_shares(campaign, stream)
    if len(shares) == 1:
        return f"公示期满后 {campaign.first_tranche_months} 个月内一次拨付"
    first, rest = shares[0], sum(shares[1:])
    return (f"分 {len(shares)} 期拨付：首笔 {first}%（公示期满后 {campaign.first_tranche_months}"
            f" 个月内），余款 {rest}%（结题验收通过后 {campaign.final_tranche_months} 个月内）")


def _cause(line: PaymentLine) -> str:
    """Why the bank sent a transfer back, as recorded (会员卡已销户)."""
    reason = line.returned_reason
    cause = reason.partition("退回，")[2] if "退回，" in reason else reason
    return cause.removeprefix("退汇：").strip() or "原因未记"


def _to(line: PaymentLine) -> str:
    """Where a line goes: 会员卡尾号 4492, or the studio's enterprise."""
    return f"会员卡{card_tail(line.card_number)}" if line.stream == PATENT else line.payee


def _said(line: PaymentLine, campaign: Campaign, as_of: date) -> MoneyLine:
    state = line.state(as_of)
    due = line.due_date
    days = (as_of - due).days if due is not None else 0
    if state == PAID:
        text = f"已拨付（{line.paid_date} 汇至{_to(line)}）"
        if line.was_returned:
            text += "，曾退汇后重拨"
    elif state == OVERDUE:
        text = f"已逾期 {days} 天（应于 {due} 前拨付至{_to(line)}）"
    elif state == DUE:
        text = (f"待拨付，应于 {due} 前拨付至{_to(line)}（还有 {-days} 天）" if due is not None
                else f"待拨付至{_to(line)}")
    elif state == RETURNED:
        text = f"退汇待重拨：{line.returned_date} 被退回（{_cause(line)}）"
        if line.resent_unchanged:  # a patent's only once the office confirmed the card
            text += ("，经核实原卡号无误，按原卡号重拨" if line.stream == PATENT
                     else "，须核实收款单位账户，更正后重拨")
        elif line.stream == PATENT:
            text += f"，卡号已更正为{card_tail(line.card_number)}，待重拨"
        else:  # redirected (finance.redirect) or its name corrected since it came back
            text += f"，收款单位已改为“{line.payee}”，待重拨"
        if line.overdue(as_of) and days > 0:
            text += f"（已逾期 {days} 天）"
    elif state == HELD:
        text = (f"{HELD}：{HELD_WHY}" if line.objections_open
                else f"{HELD}：核准后情况有变，待研究决定")
    elif state == NO_CARD:
        text = f"{NO_CARD}：第一发明人未登记工会会员互助服务卡号，补填卡号后拨付"
    elif state == CARD_STALE:  # sent again, it would go to the card it came back from
        text = (f"{CARD_STALE}：{line.returned_date} 被退回（{_cause(line)}），卡号至今未更正，"
                "更正卡号（或确认原卡号无误）后重拨")
    elif state == AWAITING_ACCEPTANCE:
        text = f"待结题验收：验收通过后 {campaign.final_tranche_months} 个月内拨付"
    elif state == ACCEPTANCE_FAILED:
        text = "验收未通过，不予拨付"
    elif state == TO_RECOVER:
        text = f"{TO_RECOVER}（{line.paid_date} 已拨付，助推已撤销）"
        if line.recovered_fen:
            text += f"，已追回 {format_money(line.recovered_fen)}，尚欠 {format_money(line.owing_fen)}"
    else:  # WAS_RECOVERED
        text = f"{WAS_RECOVERED}（{line.recovered_date}）"
    if line.was_cancelled:  # a voucher taken back stays in view beside the one now
        text += f"；{line.was_cancelled}"
    late = days if state == OVERDUE or (state == RETURNED and line.overdue(as_of)) else 0
    back = (line.amount_fen if state == WAS_RECOVERED
            else line.recovered_fen if state == TO_RECOVER else 0)
    return MoneyLine(line.tranche_name, line.share_percent, line.payer_name, line.amount_fen,
                     due, state, text, late, back)


def _payers(lines: Iterable[PaymentLine]) -> str:
    names = list(dict.fromkeys(x.payer_name for x in lines))
    return "、".join(names)


def money_step(p: Payout, lines: Sequence[PaymentLine], app: Any, campaign: Campaign,
               as_of: date) -> str:
    """下一步 of an award: what happens to its money next, and when."""
    states = {x.id: x.state(as_of) for x in lines}

    def pick(*wanted: str) -> list[PaymentLine]:
        return [x for x in lines if states[x.id] in wanted]

    if app.status == "revoked" or pick(TO_RECOVER, WAS_RECOVERED):
        back = pick(TO_RECOVER)
        if not back and not pick(WAS_RECOVERED):  # 撤销助推（未拨付）: nothing left
            return f"助推已撤销（款项均未拨付，无需追回），{DONE}"
        if not back:
            return f"助推已撤销，已拨付的款项已全部追回，{DONE}"
        owing = sum(x.owing_fen for x in back)
        return f"助推已撤销：{_payers(back)}已拨付的款项应追回，尚欠 {format_money(owing)}"
    if returned := pick(RETURNED):
        x = returned[0]
        amount = format_money(sum(y.amount_fen for y in returned))
        if x.resent_unchanged and x.stream != PATENT:
            return f"请企业核实收款账户，更正后由{_payers(returned)}重新拨付 {amount} 至该账户"
        return f"{_payers(returned)}的 {amount} 退汇后待重拨至{_to(x)}"
    if stale := pick(CARD_STALE):  # sent back from the card still on the paper
        # said as who pays whom: "拨付北京市总工会的 …" read as money paid to the union
        return (f"请第一发明人提供新的会员卡号，经推荐单位报市总工会更正后，由{_payers(stale)}"
                f"重新拨付 {format_money(sum(x.amount_fen for x in stale))} 至本人会员卡"
                "（经核实原卡号无误的，登记确认原卡号重拨）")
    if no_card := pick(NO_CARD):  # the award stands; the card it is paid to is missing
        return (f"请第一发明人提供工会会员互助服务卡号，经推荐单位报市总工会补填后，由"
                f"{_payers(no_card)}拨付 {format_money(sum(x.amount_fen for x in no_card))}"
                " 至本人会员卡")
    if held := pick(HELD):
        why = "公示期内收到的异议处理后再定" if held[0].objections_open else "待市总工会研究决定"
        return f"暂缓拨付 {format_money(sum(x.amount_fen for x in held))}：{why}"
    if overdue := pick(OVERDUE):
        x = min(overdue, key=lambda y: y.due_date or date.max)
        days = (as_of - x.due_date).days if x.due_date else 0
        return (f"{_payers(overdue)}的 {format_money(sum(y.amount_fen for y in overdue))} "
                f"应于 {x.due_date} 前拨付至{_to(x)}，已逾期 {days} 天，请付款单位尽快拨付")
    if due := pick(DUE):
        first = min(x.due_date or date.max for x in due)
        soon = [x for x in due if (x.due_date or date.max) == first]
        when = f"将于 {first} 前" if first != date.max else "将"
        return (f"{_payers(soon)}的 {format_money(sum(x.amount_fen for x in soon))} "
                f"{when}拨付至{_to(soon[0])}")
    if waiting := pick(AWAITING_ACCEPTANCE):
        rest = format_money(sum(x.amount_fen for x in waiting))
        step = (f"项目完成后由市总工会与企业结题验收，验收通过后 {campaign.final_tranche_months}"
                f" 个月内拨付尾款 {rest}")
        if p.postponed:  # the office put the deadline off: its decision pays the rest
            late = f"，也已过 {p.completion_late} 天" if p.completion_late else ""
            return step + f"；最晚结题日期 {p.completion}，{p.postponed}{late}"
        if p.completion is not None and p.completion_late:
            return (step + f"；最晚结题日期 {p.completion} 已过 {p.completion_late} 天，"
                    "逾期结题的尾款须经研究同意才拨付")
        if p.completion is not None:
            return step + f"（最晚 {p.completion} 前完成）"
        return step
    if pick(ACCEPTANCE_FAILED) or app.status == FAILED:
        return f"结题验收未通过，尾款不予拨付，{DONE}"
    paid = [x.paid_date for x in lines if x.paid_date is not None]
    if paid and len(paid) == len(lines):
        return f"已全部拨付（最后一笔 {max(paid)}），{DONE}"
    from boostdesk.said_where import way

    return PLAN_MISSING + way("请打开“拨付”页（它按本年度计划生成拨付记录）",
                                   "请用 boostdesk pay list 生成拨付记录")
