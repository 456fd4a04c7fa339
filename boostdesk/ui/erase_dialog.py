"""删除个人信息… on 单位与人员 → 人员: the preview of ``erase_person.plan`` (masked), a
reason, and the erasure (``erase_person.erase``) run as the window's other writes are."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boostdesk import erase_person

from . import dialogs
from .context import AppContext
from .style import ERROR_COLOUR, escape, grown
from .theme import themed

TITLE = "删除个人信息"
BUTTON_TEXT = "删除个人信息(&Q)…"


class EraseDialog(QDialog):
    """The person's erasure previewed; 删除 enabled only when allowed and a reason is given."""

    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.key = f"人员{person_id}"
        self.setWindowTitle(TITLE)
        self.setObjectName("erase_dialog")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:  # the trail read whole and its chain checked: a second at a million lines
            self.plan: erase_person.Plan | None = erase_person.plan(ctx.reg, self.key)
            refused = self.plan.refusals
        except erase_person.EraseRefused as exc:
            self.plan, refused = None, [str(exc)]
        finally:
            QApplication.restoreOverrideCursor()
        lay = QVBoxLayout(self)
        self.refusal = QLabel("".join(
            f"<p style='color:{themed(ERROR_COLOUR)}'>不能删除：{escape(x)}</p>" for x in refused))
        self.refusal.setObjectName("erase_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setVisible(bool(refused))
        lay.addWidget(self.refusal)
        shown = self.plan.preview() if self.plan is not None else []
        self.preview = QLabel("<ul style='margin-left:-24px'>" + "".join(
            f"<li>{escape(x)}</li>" for x in shown) + "</ul>")
        self.preview.setObjectName("erase_preview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setMinimumWidth(grown(self.preview, 680))
        lay.addWidget(self.preview)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("如：申报资格审核不通过，保存期限已满")
        self.reason.setMaxLength(200)
        label = QLabel("理由(&R)（记入修改记录）")
        label.setBuddy(self.reason)
        form.addRow(label, self.reason)
        lay.addLayout(form)
        box, self.ok = dialogs.ok_cancel_buttons(self, "删除个人信息", on_accept=self._erase)
        self.ok.setObjectName("erase_ok")
        lay.addWidget(box)
        self.allowed = not refused
        self.reason.setEnabled(self.allowed)
        self.reason.textChanged.connect(self._enable)
        self._enable()
        self.result_lines: list[str] = []
        if self.allowed:
            self.reason.setFocus()

    def _enable(self) -> None:
        self.ok.setEnabled(self.allowed and bool(self.reason.text().strip()))

    def _erase(self) -> None:
        if not self.allowed or not self.reason.text().strip():
            return
        name = self.plan.subject.name if self.plan is not None else ""
        reason, key = self.reason.text(), self.key
        self.ok.setEnabled(False)  # (a large register's erasure runs behind a progress dialog)
        self.ctx.write_backed_up(
            f"删除“{name}”的个人信息",
            lambda reg, cancelled: erase_person.erase(reg, key, reason, cancelled=cancelled),
            changed="all", parent=self, title="未删除", on_done=self._done)

    def _done(self, result: Any) -> None:
        if not result.ok:
            self._enable()
            return
        self.result_lines = erase_person.result_lines(result.value)
        dialogs.show_info(self, TITLE, "\n".join(self.result_lines))
        self.accept()


def refusal_tip(reg: Any, person_id: int | None) -> str:
    """The button's tooltip for the chosen person: why not, or what it does."""
    if person_id is None:
        return "请先在列表中选中一人"
    why = erase_person.quick_refusal(reg, person_id)
    return ("不能删除：" + why) if why else (
        "删除所选人员的身份证号、卡号、电话和姓名（其申报均未获助推、保存期限已满；"
        "个人信息保护法第四十七条），先预览")
