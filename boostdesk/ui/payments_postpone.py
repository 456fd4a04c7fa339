"""拨付's 延期验收…: the office's approval of a new acceptance deadline, with its decision,
for a project not accepted (``finance.acceptance_postpone``). The button sits beside
登记结题验收…; a later one replaces the deadline, Ctrl+Z puts the one before back.
撤销延期… beside it takes one recorded in error back, with a reason, as `pay postpone
--withdraw` does: refused at once, before a reason is typed, while an acceptance rests on it."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from boostdesk.finance.acceptance_postpone import (
    POSTPONABLE,
    STILL_BARRED,
    Postponement,
    check_postponement,
    postpone_acceptance,
    postponement_of,
    resting_refusal,
    withdraw_postponement,
)
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.late_completion import completion_limit_of
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.validate import ValidationError

from . import dialogs
from .form_widgets import DateField, TextField, first_too_long, limited
from .payments_acceptance import OneProjectButton
from .reason_dialog import ReasonDialog
from .style import ERROR_COLOUR
from .theme import themed

if TYPE_CHECKING:
    from .payments_screen import PaymentsScreen

POSTPONE_TIP = ("选中项目的一笔款项，登记经研究同意的延期验收（新的验收期限、何时经谁研究同意及理由）："
                "此后显示为“延期验收至 …”，过了新期限仍未验收的才列为逾期")
DECISION_HINT = "如 主任办公会2024年3月5日研究同意：因设备到货延迟延期验收"


class PostponeDialog(QDialog):
    """The new deadline and the decision; what the domain would refuse is said in it, the
    dialog kept open with all that is typed."""

    def __init__(self, reg: Register, project_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记延期验收")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        self.reg, self.project_id = reg, project_id
        app = reg.project(project_id)
        self.limit = completion_limit_of(reg, app)
        self.standing = postponement_of(reg, project_id)
        self.until: date | None = None
        self.decision = ""
        text = (f"项目“{app.title}”（{app.studio_name}）最晚结题日期 {self.limit.isoformat()}。"
                "经研究同意延期验收的，登记新的验收期限和决定（何时经谁研究同意、理由），记入修改"
                "记录：此后显示为“延期验收至 …”，过了新期限仍未验收的才列为逾期；在新期限前验收"
                "通过的，按这一决定拨付尾款。\n延期不是完成验收：按方案（已获往年助推且未完成结题验收"
                f"的不能申报），{STILL_BARRED}。")
        if self.standing is not None:
            text += f"\n已登记：{self.standing.said}。再次登记即改为新的期限。"
        self.intro = QLabel(html.escape(text).replace("\n", "<br>"))
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.setWordWrap(True)
        self.date_field = DateField(self)
        self.date_field.setAccessibleName("新的验收期限")
        self.decision_field = limited(TextField(self, DECISION_HINT), "reason")
        self.decision_field.setAccessibleName("研究决定及理由")
        if self.standing is not None:
            self.date_field.set_value(self.standing.until)
            self.decision_field.setText(self.standing.decision)
        form = QFormLayout()
        form.addRow("新的验收期限", self.date_field)
        form.addRow("研究决定及理由", self.decision_field)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        self.error.setWordWrap(True)
        buttons, self.ok = dialogs.ok_cancel_buttons(self, "登记延期", on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def check(self) -> tuple[TextField, str] | None:
        """The field a problem is about and the problem, or None (the input stored)."""
        try:
            until = self.date_field.value()
        except ValidationError as exc:
            return self.date_field, str(exc)
        if until is None:
            return self.date_field, f"请填写新的验收期限，{self.date_field.placeholderText()}"
        if long := first_too_long(self.decision_field):
            return long
        decision = self.decision_field.value()
        try:
            check_postponement(self.reg, self.project_id, until, decision)
        except FinanceError as exc:
            field = self.date_field if "验收期限" in str(exc) else self.decision_field
            return field, str(exc)
        self.until, self.decision = until, decision
        return None

    def _try_accept(self) -> None:
        problem = self.check()
        if problem is None:
            self.accept()
            return
        field, text = problem
        self.error.setText(text)
        field.setFocus(Qt.FocusReason.OtherFocusReason)


class PostponeAcceptance(OneProjectButton):
    """The button and what it does, for the project of the lines chosen on 拨付, awarded
    and not accepted."""

    statuses = POSTPONABLE

    def __init__(self, screen: PaymentsScreen) -> None:
        super().__init__(screen, "延期验收…", POSTPONE_TIP)

    def ask(self) -> None:
        screen = self.screen
        app_id = self.project_id()
        if app_id is None or screen.ctx.read_only:
            return
        dialog = PostponeDialog(screen.ctx.reg, app_id, screen)
        dialog.finished.connect(screen._back_to_table)
        dialog.accepted.connect(lambda: self.record(app_id, dialog.until, dialog.decision,
                                                    dialog.standing))
        screen.dialog = dialog
        dialogs.open_modal(dialog)

    def record(self, app_id: int, until: date | None, decision: str,
               before: Postponement | None) -> bool:
        """延期验收 recorded; Ctrl+Z puts back the postponement before it (or none), a line
        of its own on the trail."""
        if until is None:
            return False
        reg = self.screen.ctx.reg

        def undo() -> None:
            if before is None:
                withdraw_postponement(reg, app_id, "撤销（Ctrl+Z）")
            else:
                postpone_acceptance(reg, app_id, before.until, before.decision)

        title = reg.project(app_id).title
        result = self.screen.ctx.write(
            f"登记延期验收“{title}”", lambda: postpone_acceptance(reg, app_id, until, decision),
            changed="project", undo=undo, parent=self.screen, title="未能登记延期验收")
        return result.ok


WITHDRAW_TIP = ("选中项目的一笔款项，撤销登记错的延期验收（须填理由）：项目重新按最晚结题日期判断是否逾期；"
                "已按这一延期决定登记结题验收的，须先撤销结题验收")


class WithdrawPostponementDialog(ReasonDialog):
    """撤销延期验收: the postponement taken back, what follows, and why."""

    def __init__(self, title: str, standing: Postponement, operator: str,
                 parent: QWidget | None = None) -> None:
        text = (f"撤销项目“{title}”登记的{standing.said}。\n\n撤销后项目重新按最晚结题日期"
                f"{f' {standing.limit.isoformat()} ' if standing.limit else ''}判断是否逾期未验收。"
                f"撤销和理由记入修改记录（操作人：{operator}），按 Ctrl+Z 可恢复。")
        super().__init__("撤销延期验收", html.escape(text).replace("\n", "<br>"),
                         "如 登记错了项目", "撤销延期", "请填写撤销延期验收的理由，如 登记错了项目",
                         parent)
        self.intro.setTextFormat(Qt.TextFormat.RichText)


class WithdrawPostponement(OneProjectButton):
    """The button and what it does, for the project of the lines chosen on 拨付 with a
    postponement on record (whatever its status: an acceptance resting on it refuses)."""

    def __init__(self, screen: PaymentsScreen) -> None:
        super().__init__(screen, "撤销延期…", WITHDRAW_TIP)

    def project_id(self) -> int | None:
        """The one project chosen, if it has a postponement standing."""
        ids = {x.app_id for x in self.screen.selected() if x.stream == PROJECT}
        if len(ids) != 1:
            return None
        [app_id] = ids
        return app_id if postponement_of(self.screen.ctx.reg, app_id) is not None else None

    def ask(self) -> None:
        screen = self.screen
        app_id = self.project_id()
        if app_id is None or screen.ctx.read_only:
            return
        reg = screen.ctx.reg
        standing = postponement_of(reg, app_id)
        assert standing is not None  # (project_id)
        if refused := resting_refusal(reg, app_id, standing):  # said now, with the way on
            dialogs.show_error(screen, "不能撤销延期验收", refused)
            return
        title = reg.project(app_id).title
        dialog = WithdrawPostponementDialog(title, standing, screen.ctx.operator, screen)
        dialog.finished.connect(screen._back_to_table)
        dialog.accepted.connect(lambda: self.withdraw(app_id, title, standing, dialog.reason))
        screen.dialog = dialog
        dialogs.open_modal(dialog)

    def withdraw(self, app_id: int, title: str, standing: Postponement, reason: str) -> bool:
        """撤销延期验收 (``withdraw_postponement``: it refuses again what the button said);
        Ctrl+Z records the postponement again, a line of its own on the trail."""
        reg = self.screen.ctx.reg
        result = self.screen.ctx.write(
            f"撤销延期验收“{title}”", lambda: withdraw_postponement(reg, app_id, reason),
            changed="project", undo=lambda: postpone_acceptance(
                reg, app_id, standing.until, standing.decision),
            parent=self.screen, title="未能撤销延期验收")
        return result.ok
