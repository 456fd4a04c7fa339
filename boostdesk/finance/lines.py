"""One payer's part of one tranche (PaymentLine) and its state: 已拨付, 待拨付, 已逾期,
待验收, 验收未通过, 暂缓拨付, 退汇待重拨."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH
from boostdesk.money import format_money
from boostdesk.pinyin_order import sort_key
from boostdesk.validate import tidy_name

from .terms import FAILED, tranche_label

if TYPE_CHECKING:
    from .recovery_parts import PayerPart

# Line states, as the 拨付 screen and the lists show them.
PAID = "已拨付"
OVERDUE = "已逾期"
DUE = "待拨付"
AWAITING_ACCEPTANCE = "待验收"
ACCEPTANCE_FAILED = "验收未通过"  # the rest of the award is not paid (二（四）4)
# An objection received in the publicity period, entered after the close, not yet settled:
# the award stands (核准) but nothing is paid until the objection is (公示无异议 二（四）3).
HELD = "暂缓拨付"
HELD_WHY = "公示期内收到的异议待处理"
# An approved patent whose first inventor has no union card registered: the award stands,
# but it is paid to that card (一（四）3), so nothing can leave until the card is filled in.
NO_CARD = "待补卡号"
NO_CARD_PRINTED = f"{NO_CARD}、暂不拨付"  # as the 拨付清单 sets such a line apart
# A patent's transfer the bank sent back from the card still on the paper: sent again, it
# would go to the same (often closed) card, so it waits for the card to be corrected, or
# for the office's word that the card is right (the bank's cause was not the card).
CARD_STALE = "待更正卡号"
CARD_STALE_PRINTED = f"{CARD_STALE}（退汇后未更正）、暂不拨付"
# A transfer the bank sent back (退汇: card closed, name not the card's, account changed): it
# left and came back, so it is owed again, to the payee's right card or account.
RETURNED = "退汇待重拨"
# A paid line of an award revoked since (finance.recovery): the money left, it is to be
# recovered, and it is no paid award: never counted as 已拨付.
TO_RECOVER = "应追回"
WAS_RECOVERED = "已追回"


@dataclass(frozen=True)
class PaymentLine:
    id: int
    stream: str
    app_id: int
    year: int
    tranche: int
    tranche_count: int
    share_percent: int
    payer: str  # FEDERATION or RECOMMENDING_UNION
    payer_name: str  # 北京市总工会, 海淀区总工会
    amount_fen: int
    award_fen: int
    due_date: date | None
    paid_date: date | None
    voucher: str
    released: bool  # payable now (the last tranche only once the project is accepted)
    ref: str  # patent number as typed, or the project title
    title: str  # patent or project title
    payee: str  # the inventor, or the studio's enterprise
    unit_name: str
    enterprise_name: str
    studio_name: str = ""
    id_number: str = ""
    card_number: str = ""
    app_status: str = ""
    split: tuple[int, int] = (1, 1)  # (federation, union): the ratio the award is split in
    objections_open: int = 0  # of the project's publicity, entered after its close
    returned_date: date | None = None  # an unpaid line's last transfer came back that day
    returned_reason: str = ""  # and why (its audit reason: 退汇：day 退回，cause)
    returned_to: str = ""  # the payee and card it had been sent to
    returned_voucher: str = ""  # the voucher of the transfer that came back
    # a project's: the enterprise it came back from (spelt as now) when its payee was
    # redirected since (finance.redirect: 改汇), else ""
    redirected_from: str = ""
    # a paid line whose transfer came back once and was sent again: 曾退汇：… (what came
    # back, when, why, under which voucher), so no list hides the money that went out twice
    was_returned: str = ""
    # marks of this line cancelled as recorded by mistake (撤销拨付登记), in words:
    # 曾撤销拨付登记（凭证 V1，误登记）, so a voucher taken back shows beside the one now
    was_cancelled: str = ""
    # the office's word (its reason) to send a returned patent transfer again to the card
    # it came back from (``pay keep-card``), given since the return for this very card
    card_kept: str = ""
    # the award is no longer right since its approval (award_holds.Hold.message), or ""
    hold: str = ""
    hold_fact: str = ""  # the same as a printed list states it (Hold.fact): no how-to
    # its award revoked after payment (``app_status`` revoked): its share of its payer's
    # recovered money (recovery_parts.spread: the payer returns its part in instalments,
    # the oldest tranche's share first), the day that share was recovered whole, else None
    # (应追回), and its payer's part (应追回 / 已追回 / 尚欠, each instalment)
    recovered_date: date | None = None
    recovered_fen: int = 0
    recovery: PayerPart | None = None

    @property
    def to_recover(self) -> bool:
        """Paid, and its award revoked since: 应追回 or 已追回, not a paid award."""
        return self.paid and self.app_status == "revoked"

    @property
    def owing_fen(self) -> int:
        """尚欠: what of a line to recover is not back yet (0 on any other line)."""
        return self.amount_fen - self.recovered_fen if self.to_recover else 0

    @property
    def resent_unchanged(self) -> bool:
        """Owed after a return and to be sent where it came back from: the same card (a
        patent) or the same enterprise (a project) — right only if the bank's cause is gone."""
        if self.paid or not self.returned_date:
            return False
        if self.stream == PATENT:
            return bool(self.card_number) and self.returned_to.endswith(f" {self.card_number}")
        # tidied: a transfer returned before migration 14 names the payee's brackets ASCII
        return tidy_name(self.returned_to) == self.payee

    @property
    def returned_text(self) -> str:
        """An unpaid line's standing return in words: 2023-01-18 退回（卡号错误），原凭证 记-2023-001."""
        if not self.returned_date:
            return ""
        return return_text(self.returned_date, self.returned_reason, self.returned_voucher)

    @property
    def paid(self) -> bool:
        return self.paid_date is not None

    @property
    def no_payee_unit(self) -> bool:
        """Unpaid, and paying refuses it until filled in (``paying``): a project whose
        studio has no 所在单位 (no enterprise to pay). The lists' 现可拨付 leaves it out,
        and so does what a union's progress notice calls 现应拨付."""
        return not self.paid and self.stream == PROJECT and not self.enterprise_name

    @property
    def held(self) -> bool:
        """Not to be paid now: an objection of the award's publicity is still open, or the
        award is no longer right since its approval (``hold`` says how). Not the rest of a
        project whose acceptance failed: never paid, it waits for nothing (its first
        tranche sent back and owed again may be held)."""
        return (not self.paid and not self.withheld
                and (self.objections_open > 0 or bool(self.hold) or self.no_card
                     or self.card_stale))

    @property
    def no_card(self) -> bool:
        """Unpaid, a patent's, and its inventor has no union card registered: paying
        refuses it (``paying``), so it is held as 待补卡号, never listed or totalled as due."""
        return not self.paid and self.stream == PATENT and not self.card_number.strip()

    @property
    def card_stale(self) -> bool:
        """Unpaid, a patent's, its transfer came back from the card still on the paper and
        the office has not confirmed that card (``card_kept``): 待更正卡号, held as 待补卡号."""
        return self.stream == PATENT and self.resent_unchanged and not self.card_kept

    @property
    def card_only(self) -> bool:
        """Held for the card alone (no award hold, no objection): 待补卡号, or 待更正卡号
        (``card_stale``)."""
        return (self.no_card or self.card_stale) and not self.hold and not self.objections_open

    @property
    def card_label(self) -> str:
        """A card-only line's label as the lists set it apart."""
        return CARD_STALE_PRINTED if self.card_stale else NO_CARD_PRINTED

    @property
    def no_card_why(self) -> str:
        """A 待补卡号 / 待更正卡号 line's wait for the screens: what is missing, and the fix."""
        return card_wait_why([self])

    @property
    def no_card_fact(self) -> str:
        """The same as a printed list states it: the fact, no how-to."""
        return card_wait_fact([self])

    @property
    def held_why(self) -> str:
        """Why a held line waits: what changed and what to do."""
        if self.card_only:
            return self.no_card_why
        return self.hold or HELD_WHY

    def overdue(self, as_of: date) -> bool:
        """Unpaid past its term: the first tranche's the plan's, the rest's the campaign's
        months after the acceptance. A held line waits for the objection."""
        return (not self.paid and not self.held
                and is_overdue(self.released, self.due_date, as_of))

    @property
    def withheld(self) -> bool:
        """Never payable: the rest of a project whose acceptance failed."""
        return not self.paid and not self.released and self.app_status == FAILED

    def state(self, as_of: date) -> str:
        if self.to_recover:
            return WAS_RECOVERED if self.recovered_date else TO_RECOVER
        if self.paid:
            return PAID
        if self.held:
            if self.card_only:
                return CARD_STALE if self.card_stale else NO_CARD
            return HELD
        if not self.released:
            return ACCEPTANCE_FAILED if self.app_status == FAILED else AWAITING_ACCEPTANCE
        if self.returned_date:
            return RETURNED
        # ``overdue`` with what is known here (unpaid, not held): its checks again cost
        # half of this at each of 拨付's 100,000 lines
        return OVERDUE if is_overdue(self.released, self.due_date, as_of) else DUE

    @property
    def tranche_name(self) -> str:
        return tranche_label(self.stream, self.tranche, self.tranche_count)

    @property
    def stream_zh(self) -> str:
        return STREAM_ZH[self.stream]


def is_released(stream: str, tranche: int, count: int, accepted: object) -> bool:
    """Payable now: a patent, a tranche before the last, or the last once accepted."""
    return count == 1 or tranche < count or (stream == PROJECT and accepted is not None)


def is_overdue(released: bool, due: date | None, as_of: date) -> bool:
    """An unpaid line past its term: 二（四）4 sets the first tranche's; the rest's is the
    campaign's ``final_tranche_months`` after the acceptance (its due date, once accepted)."""
    return released and due is not None and due < as_of


def payers_of(lines: Iterable[PaymentLine]) -> list[tuple[str, str]]:
    """(payer, payer name) pairs in list order: the federation first, then each union."""
    # the distinct pairs first, in the order met, then sorted (stably, as the lines were):
    # a sort key a line took 0.1 s at 100,000 lines (拨付's opening)
    pairs = dict.fromkeys((x.payer, x.payer_name) for x in lines)
    return sorted(pairs, key=lambda p: (p[0] != FEDERATION, sort_key(p[1]) or ""))


def total(lines: Iterable[PaymentLine]) -> int:
    return sum(line.amount_fen for line in lines)


def returns_text(lines: Sequence[PaymentLine]) -> str:
    """The standing returns of one award's lines in words: one line's as its
    :attr:`PaymentLine.returned_text`; several (both payers' transfers came back) each under
    its payer, so that every voucher sent back is named, not one payer's alone:
    北京市总工会 2023-01-18 退回（卡号错误），原凭证 记-2023-001；海淀区总工会 2023-01-19 退回
    （卡号错误），原凭证 海工-2023-01."""
    back = [x for x in lines if x.returned_date]
    if len(back) <= 1:
        return back[0].returned_text if back else ""
    said: dict[str, list[str]] = {}  # the same return (day, cause, voucher) said once
    for x in sorted(back, key=lambda y: (y.payer != FEDERATION, y.id)):
        said.setdefault(x.returned_text, []).append(x.payer_name)
    return "；".join(f"{'、'.join(dict.fromkeys(payers))} {text}" for text, payers in said.items())


def card_wait_why(lines: Sequence[PaymentLine]) -> str:
    """Why one award's 待补卡号 / 待更正卡号 lines wait, for the screens and the command
    line: what is missing, and the fix — of a 待更正卡号 award, every return its lines stand
    under (:func:`returns_text`: both payers' vouchers when both came back) and each line's
    own confirmation (``pay keep-card`` takes one line)."""
    from boostdesk.models.records import id_ref
    from boostdesk.said_where import way

    first = lines[0]
    if first.card_stale:
        stale = [x for x in lines if x.card_stale]
        ref = id_ref(first.stream, first.app_id)
        return (f"专利“{first.title}”汇往第一发明人“{first.payee}”会员卡的款项被银行退回"
                f"（{returns_text(stale)}），卡号至今未更正，重拨仍将汇往原卡：请先更正卡号"
                + way("（“专利助推” → 选中 → 按 Enter 修改 → 工会会员互助服务卡号）",
                      f"（boostdesk correct card {ref} 卡号）")
                + "后拨付；经核实原卡号无误（退回并非卡号原因）的，请先登记确认原卡号重拨"
                + way("（“拨付” → 选中 → 确认原卡号重拨…" + ("，逐笔登记" if len(stale) > 1 else "")
                      + "）",
                      "（" + "；".join(f"boostdesk pay keep-card {x.id} --reason 理由" for x in stale)
                      + ("，逐笔登记" if len(stale) > 1 else "") + "）"))
    return (f"专利“{first.title}”的第一发明人“{first.payee}”未登记工会会员互助服务卡号，"
            "助推资金发放至该卡：请在申报表中补填卡号，补填后即可拨付")


def card_wait_fact(lines: Sequence[PaymentLine]) -> str:
    """:func:`card_wait_why` as a printed list states it: the fact, no how-to."""
    first = lines[0]
    if first.card_stale:
        stale = [x for x in lines if x.card_stale]
        return (f"专利“{first.title}”汇往第一发明人{first.payee}会员卡的款项被银行退回"
                f"（{returns_text(stale)}），卡号未更正，更正卡号后拨付")
    return (f"专利“{first.title}”第一发明人{first.payee}未登记工会会员互助服务卡号"
            f"（助推资金发放至该卡），补填卡号后拨付")


def held_groups(held: Iterable[PaymentLine]) -> list[tuple[str, list[PaymentLine]]]:
    """Held lines as the lists name them apart: 暂缓拨付 (an open objection, an award no
    longer right), then 待补卡号、暂不拨付 (a patent whose inventor has no card registered:
    the award stands, its money waits for the card), then 待更正卡号（退汇后未更正）、暂不拨付
    (sent back from the card still on the paper); the empty left out."""
    held = list(held)
    return [(label, some) for label, some in (
        (HELD, [x for x in held if not x.card_only]),
        (NO_CARD_PRINTED, [x for x in held if x.card_only and not x.card_stale]),
        (CARD_STALE_PRINTED, [x for x in held if x.card_only and x.card_stale])) if some]


def due_parts(overdue: tuple[int, int], returned: tuple[int, int], returned_overdue: int,
              count: Callable[[int], str] = str) -> list[str]:
    """What 待拨付 holds, as 拨付's totals and `pay list` word it after 其中: the overdue
    (count, fen) and the returned (退汇待重拨, owed again), a returned line past its term
    said once — inside the overdue when every returned line is (``count`` dresses a count:
    bold on the screen). Side by side they read as buckets to add."""
    text = f"已逾期 {count(overdue[0])} 笔 {format_money(overdue[1])}"
    if returned[0] and returned_overdue == returned[0]:
        return [text + f"，含{RETURNED} {returned[0]} 笔 {format_money(returned[1])}"]
    if returned_overdue:
        text += f"，含{RETURNED} {returned_overdue} 笔"
    return [text] + ([f"{RETURNED} {returned[0]} 笔 {format_money(returned[1])}"]
                     if returned[0] else [])



def recovery_figures(lines: Iterable[PaymentLine]) -> tuple[int, int, int]:
    """(应追回, 已追回, 尚欠) fen of the lines to recover among ``lines``."""
    back = [x for x in lines if x.to_recover]
    recovered = sum(x.recovered_fen for x in back)
    return total(back), recovered, total(back) - recovered


def recovery_said(lines: Iterable[PaymentLine]) -> str:
    """应追回 ¥3,000.00，已追回 ¥1,200.00，尚欠 ¥1,800.00: the lines to recover among
    ``lines``, as every list says them."""
    owed, back, left = recovery_figures(lines)
    return (f"{TO_RECOVER} {format_money(owed)}，{WAS_RECOVERED} {format_money(back)}，"
            f"尚欠 {format_money(left)}")


WAS_RETURNED = "曾退汇："  # a paid line sent again after a return: its note begins with it
CANCELLED = "撤销拨付登记："  # a cancelled mark's reason (status move and audit) begins with it
WAS_CANCELLED = "曾撤销拨付登记"  # a line whose mark was once cancelled: its note begins with it


def return_text(day: date, reason: str, voucher: str) -> str:
    """A return in words: 2023-01-18 退回（卡号错误），原凭证 记-2023-001 (``reason``: the
    return's audit reason, 退汇：2023-01-18 退回，卡号错误)."""
    cause = reason.partition("退回，")[2] if "退回，" in reason else reason
    cause = cause.removeprefix("退汇：").strip()
    text = f"{day.isoformat()} 退回" + (f"（{cause}）" if cause else "")
    return text + (f"，原凭证 {voucher}" if voucher else "")


def trail_facts(line: PaymentLine) -> dict[str, object]:
    """What a payment's 登记拨付, 退汇, 撤销 or 重拨 line in the trail says of the money: how
    much, from which payer (by name), to whom and (a patent) to which card, as the line
    stood at that write: a card corrected later does not rewrite where a transfer went."""
    facts: dict[str, object] = {"payment_fen": line.amount_fen, "payer_name": line.payer_name,
                                "paid_to": line.payee}
    if line.stream == PATENT:
        facts["paid_card"] = line.card_number
    return facts
