"""拨付's 撤销结题验收…: an acceptance (passed or failed) recorded in error taken back, with
a reason, while none of its 尾款 is paid (``finance.acceptance_withdraw``). The button sits
beside 登记结题验收…; a refusal (尾款 paid already) is said at once, with what to do, rather
than after a reason is typed."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from boostdesk.finance.acceptance_withdraw import (
    WITHDRAWABLE,
    Withdrawn,
    planned_withdrawal,
    withdraw_acceptance,
)
from boostdesk.finance.errors import FinanceError
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register

from . import dialogs
from .payments_why import lettered
from .reason_dialog import ReasonDialog

if TYPE_CHECKING:
    from .payments_screen import PaymentsScreen

WITHDRAW_TIP = ("选中项目的一笔款项，撤销登记错的结题验收（通过或未通过，须填理由）：尾款重新待验收，"
                "项目退回验收前的状态；尾款已登记拨付的，须先撤销该拨付登记")


class WithdrawAcceptanceDialog(ReasonDialog):
    """撤销结题验收: the acceptance taken back, where the project goes, and why."""

    def __init__(self, plan: Withdrawn, operator: str, parent: QWidget | None = None) -> None:
        studio = ("该工作室重新计为有未完成结题验收的项目（不能申报以后年度的项目）；"
                  if plan.passed else "不再是“验收未通过、尾款不予拨付”；")
        text = (f"撤销项目“{plan.title}”登记的结题验收：{plan.was}。\n\n撤销后项目改回"
                f"“{plan.status}”，尾款重新列为待验收，{studio}验收有了实际结论的，再按实际日期"
                f"登记。撤销和理由记入修改记录（操作人：{operator}），撤销前先备份登记册。")
        super().__init__("撤销结题验收", html.escape(text).replace("\n", "<br>"),
                         "如 登记错了项目、验收尚未进行", "撤销验收",
                         "请填写撤销结题验收的理由，如 登记错了项目", parent)


class OneProjectButton:
    """A 拨付 button acting on the one project of the chosen lines, enabled while that
    project's status is one of ``statuses`` (and the register writable)."""

    statuses: frozenset[str] | tuple[str, ...] | set[str] = ()

    def __init__(self, screen: PaymentsScreen, text: str, tip: str) -> None:
        self.screen = screen
        self.button = QPushButton(lettered(text))
        self.button.setToolTip(tip)
        self.button.clicked.connect(self.ask)

    def project_id(self) -> int | None:
        """The one project chosen, of one of ``statuses``."""
        lines = [x for x in self.screen.selected() if x.stream == PROJECT]
        if len({x.app_id for x in lines}) != 1 or lines[0].app_status not in self.statuses:
            return None
        return lines[0].app_id

    def update(self) -> None:
        self.button.setEnabled(self.project_id() is not None and not self.screen.ctx.read_only)

    def ask(self) -> None:
        raise NotImplementedError


class WithdrawAcceptance(OneProjectButton):
    """The button and what it does, for the project of the lines chosen on 拨付 whose
    acceptance (passed or failed) is recorded."""

    statuses = WITHDRAWABLE

    def __init__(self, screen: PaymentsScreen) -> None:
        super().__init__(screen, "撤销结题验收…", WITHDRAW_TIP)

    def ask(self) -> None:
        screen = self.screen
        app_id = self.project_id()
        if app_id is None or screen.ctx.read_only:
            return
        try:
            plan = planned_withdrawal(screen.ctx.reg, app_id)
        except FinanceError as exc:  # 尾款 paid: said now, with what to do first
            dialogs.show_error(screen, "不能撤销结题验收", str(exc))
            return
        dialog = WithdrawAcceptanceDialog(plan, screen.ctx.operator, screen)
        dialog.intro.setTextFormat(Qt.TextFormat.RichText)
        dialog.finished.connect(screen._back_to_table)
        dialog.accepted.connect(lambda: self.withdraw(app_id, plan.title, dialog.reason))
        screen.dialog = dialog
        dialogs.open_modal(dialog)

    def withdraw(self, app_id: int, title: str, reason: str) -> bool:
        """撤销结题验收, after a backup (on a large register in the background, as a payment);
        not undoable, as the acceptance was not: the trail keeps both."""
        def do(reg: Register, cancelled: Callable[[], bool] | None) -> Withdrawn:
            # the studio's later projects are judged again after it (二（一）): the status
            # move notes them, the window's write re-checks them
            return withdraw_acceptance(reg, app_id, reason, cancelled=cancelled)

        result = self.screen.ctx.write_backed_up(
            f"撤销结题验收“{title}”", do, changed="all", parent=self.screen,
            title="未能撤销结题验收")
        return result is None or result.ok
