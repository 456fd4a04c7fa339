"""拨付's 确认原卡号重拨…: a patent transfer the bank sent back from the card still on the
paper is 待更正卡号 (kept off the lists to pay); when the bank's cause was not the card, the
office confirms the card with a reason (``finance.keep_card``) and the line is payable."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton, QWidget

from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.lines import PaymentLine
from boostdesk.money import format_money

from . import dialogs
from .payments_why import lettered
from .reason_dialog import ReasonDialog

if TYPE_CHECKING:
    from .payments_screen import PaymentsScreen

KEEP_CARD_TIP = ("选中一笔“待更正卡号”的专利款项：经核实原卡号无误（银行退回并非卡号原因，如系统临时"
                 "故障）的，登记确认及理由后按原卡号列入拨付清单；卡号有误的，请在申报表中更正卡号")


class KeepCardDialog(ReasonDialog):
    """确认原卡号重拨: what came back, from which card, and why the office sends it there again."""

    def __init__(self, line: PaymentLine, parent: QWidget | None = None) -> None:
        text = (f"{line.payer_name} → {line.payee}（{line.tranche_name}），"
                f"{format_money(line.amount_fen)}：{line.returned_text}。卡号至今未更正，"
                "重拨将汇往原卡。\n\n经核实原卡号无误（退回并非卡号原因）的，写明理由后该笔按原卡号"
                "列入拨付清单（记入修改记录）；卡号有误的，请取消，在申报表中更正卡号。")
        super().__init__("确认原卡号重拨", html.escape(text).replace("\n", "<br>"),
                         "如 经与银行核实系系统临时故障退回，原卡号无误", "确认重拨",
                         "请填写确认原卡号无误的理由", parent)


class KeepCard:
    """The button and what it does, for the one 待更正卡号 line chosen on 拨付."""

    def __init__(self, screen: PaymentsScreen) -> None:
        self.screen = screen
        self.button = QPushButton(lettered("确认原卡号重拨…"))
        self.button.setToolTip(KEEP_CARD_TIP)
        self.button.clicked.connect(self.ask)

    def line(self) -> PaymentLine | None:
        """The one line chosen, if it is 待更正卡号."""
        chosen = self.screen.selected()
        return chosen[0] if len(chosen) == 1 and chosen[0].card_stale else None

    def update(self) -> None:
        self.button.setEnabled(self.line() is not None and not self.screen.ctx.read_only)

    def ask(self) -> None:
        screen = self.screen
        line = self.line()
        if line is None or screen.ctx.read_only:
            return
        dialog = KeepCardDialog(line, screen)
        dialog.finished.connect(screen._back_to_table)
        dialog.accepted.connect(lambda: self.keep(line, dialog.reason))
        screen.dialog = dialog
        dialogs.open_modal(dialog)

    def keep(self, line: PaymentLine, reason: str) -> bool:
        """Audited with its reason; not undoable, as 维持核准 is not: the trail keeps it."""
        return self.screen.ctx.write(
            f"确认原卡号重拨（编号 {line.id}）", lambda: keep_card(self.screen.ctx.reg, line.id, reason),
            changed="payments", parent=self.screen, title="未能登记确认原卡号重拨").ok
