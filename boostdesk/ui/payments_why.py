"""拨付's words for the keyboard: why Enter on the lines chosen records no payment (said in
the status bar), and why a greyed button is greyed for them (a line under the buttons, and
the list's accessible description). A greyed button takes no Tab and its tooltip needs the
mouse: its reason was out of a keyboard user's reach. Neither names a greyed button as the
way on: Enter on an 应追回 line pointed to 撤销拨付登记…, greyed for that very line."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton

from boostdesk.finance.cancel import revoked_refusal
from boostdesk.finance.lines import (
    ACCEPTANCE_FAILED,
    AWAITING_ACCEPTANCE,
    CARD_STALE,
    CARD_STALE_PRINTED,
    HELD,
    NO_CARD,
    NO_CARD_PRINTED,
    PAID,
    TO_RECOVER,
    WAS_RECOVERED,
    PaymentLine,
    card_wait_why,
    recovery_said,
)
from boostdesk.finance.returns import returned_refusal
from boostdesk.models.records import PROJECT

if TYPE_CHECKING:
    from .payments_screen import PaymentsScreen

# Each button's Alt letter on 拨付: none of the menu bar's (F, E, V, Y, H), none twice, nor
# the paid days' 从 (D) and 到 (U)
LETTERS = {"登记拨付…": "P", "撤销拨付登记…": "C", "登记退汇…": "T", "登记已追回…": "R",
           "登记结题验收…": "A", "撤销结题验收…": "W", "延期验收…": "L", "撤销延期…": "B",
           "维持核准…": "K", "确认原卡号重拨…": "G"}
ONE_ONLY = "请只选已拨付的款项"


def lettered(text: str) -> str:
    """``text`` with its Alt letter before the closing …: 登记拨付(&P)…"""
    return f"{text[:-1]}(&{LETTERS[text]})…"


def plain(button: QPushButton) -> str:
    """A button's words as said in a sentence: its letter taken out."""
    return re.sub(r"\(&\w\)", "", button.text())


def _offered(button: QPushButton, text: str) -> str:
    """``text`` (pointing to ``button``) while the button can be pressed, else ""."""
    return text if button.isEnabled() else ""


# -- Enter on lines it cannot pay -----------------------------------------------------------
def not_payable_why(screen: PaymentsScreen) -> str:
    """Why 登记拨付 has nothing to record for the lines chosen, by their state; a way on
    named only where its button is not greyed."""
    if screen.ctx.read_only:
        return getattr(screen.ctx.reg, "read_only_message", "登记册只读")
    chosen = screen.selected()
    if not chosen:
        return "请先选中要登记拨付的款项（↑↓ 选择，Shift+↓ 选择多笔）"
    by_state: dict[str, list[PaymentLine]] = {}
    for x in chosen:
        by_state.setdefault(screen.states.get(x.id, ""), []).append(x)
    (state, lines), *others = by_state.items()
    text = "所选款项" + _state_why(screen, state, lines)
    if others:  # a mixed choice: the first state's reason, the others counted
        text += "（另选中" + "、".join(f"{s} {len(ls)} 笔" for s, ls in others) + "）"
    return text


def _state_why(screen: PaymentsScreen, state: str, lines: list[PaymentLine]) -> str:
    s = screen
    if state == HELD:
        awards = {(x.stream, x.app_id) for x in lines}
        if len(awards) > 1:  # 维持核准… is greyed: one award at a time
            return f"{HELD}（属 {len(awards)} 项助推）：请逐项选中查看暂缓的原因"
        return f"{HELD}：{lines[0].held_why}"
    if state == NO_CARD:  # the fix is on the paper, not on this screen
        return f"{NO_CARD_PRINTED}：{lines[0].no_card_why}"
    if state == CARD_STALE:  # the card corrected on the paper, or confirmed here
        # the award's lines chosen said together: each payer's return (voucher) named
        award = [x for x in lines if (x.stream, x.app_id) == (lines[0].stream, lines[0].app_id)]
        return f"{CARD_STALE_PRINTED}：{card_wait_why(award)}"
    if state == TO_RECOVER:
        return (f"的助推已撤销（{recovery_said(lines)}）：款已汇出，不再拨付" + _offered(
            s.recover_button, f"；追回后用“{plain(s.recover_button)}”登记追回金额、日期和凭证号"
                              "（可分次追回）"))
    if state == WAS_RECOVERED:
        days = "、".join(dict.fromkeys(x.recovered_date.isoformat() for x in lines
                                       if x.recovered_date))
        return (f"的助推已撤销，款已于 {days} 追回（{WAS_RECOVERED}），不再拨付；追回登记错了的，"
                "在“专利助推”或“创新项目”的“改变状态”（Ctrl+M）中撤销")
    if state == PAID:
        return ("已登记拨付"
                + _offered(s.cancel_button, f"；登记错了的，用“{plain(s.cancel_button)}”")
                + _offered(s.return_button,
                           f"；汇出后被银行退回的，用“{plain(s.return_button)}”"))
    if state == ACCEPTANCE_FAILED:
        accept, withdraw = s.accept_button, s.withdraw_acceptance.button
        return ("不予拨付：项目结题验收未通过，尾款不予拨付"
                + _offered(accept, f"；整改后复验通过的，用“{plain(accept)}”登记")
                + _offered(withdraw, f"；验收登记错了的，用“{plain(withdraw)}”"))
    if state == AWAITING_ACCEPTANCE:
        return ("尚不能拨付：尾款在结题验收通过后拨付"
                + _offered(s.accept_button, f"（{plain(s.accept_button)}）"))
    return "尚不能拨付"


# -- the greyed buttons' reasons --------------------------------------------------------------
def greyed_why(screen: PaymentsScreen) -> str:
    """One line a greyed button whose reason is the lines chosen (those a clerk would
    expect it to act on), as ``“button”暂不可用：why``; "" when none (or read-only: every
    button is greyed, and the window's badge says why)."""
    s = screen
    chosen = s.selected()
    if s.ctx.read_only or not chosen:
        return ""
    said: list[tuple[QPushButton, str]] = []
    if any(not x.paid for x in chosen) and not s._payable():
        said.append((s.pay_button, not_payable_why(s)))
    back = next((x for x in chosen if x.to_recover), None)
    if any(x.paid or x.returned_date for x in chosen):
        said.append((s.cancel_button, revoked_refusal(back) if back else ONE_ONLY))
    if any(x.paid for x in chosen):
        said.append((s.return_button, returned_refusal(back) if back else ONE_ONLY))
    if any(x.to_recover for x in chosen):
        said.append((s.recover_button, _recover_why(chosen)))
    projects = {x.app_id for x in chosen if x.stream == PROJECT}
    if len(projects) > 1:
        said.append((s.accept_button, f"所选款项属 {len(projects)} 个项目，请只选一个项目的款项"))
        said.append((s.postpone.button, f"所选款项属 {len(projects)} 个项目，请只选一个项目的款项"))
        said.append((s.unpostpone.button, f"所选款项属 {len(projects)} 个项目，请只选一个项目的款项"))
    if len({(x.stream, x.app_id) for x in chosen if x.hold}) > 1:
        said.append((s.keep_button, "所选款项属几项暂缓拨付的助推，请只选其中一项的款项"))
    return "\n".join(f"“{plain(b)}”暂不可用：{why}" for b, why in said if not b.isEnabled())


def _recover_why(chosen: list[PaymentLine]) -> str:
    """Why 登记已追回… waits for lines chosen among which one is to be recovered."""
    if all(x.to_recover and x.recovered_date for x in chosen):
        return returned_refusal(chosen[0]).replace("，不能登记退汇", "")
    if any(not x.to_recover or x.recovered_date for x in chosen):
        return f"请只选“{TO_RECOVER}”的款项"
    return "一次登记一个付款单位追回的款：请只选同一付款单位的应追回款项"
