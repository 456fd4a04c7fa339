"""操作人 at the day's first start: on a shared computer the window remembers the last
operator, and a clerk back from leave had her first changes of the day recorded under her
colleague's name. The first start of a day (the name last confirmed on an earlier day, or
never) asks, once the window is up and its register open: Enter keeps the name shown,
typing replaces it; Esc, Ctrl+Q or a close answer nothing (the name stays, unconfirmed:
the next start asks again). Later starts that day ask nothing; nor does a read-only register
(nothing is written under any name)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from . import dialogs

DAY_KEY = "operator/day"  # the day the operator was last confirmed (or typed) on this computer
NAME_KEY = "operator/name"


def note_day(settings: Any, day: str) -> None:
    """The operator confirmed (or chosen in 设置) on ``day`` (ISO): no question till tomorrow."""
    if settings.value(DAY_KEY, "") != day:
        settings.setValue(DAY_KEY, day)


def to_confirm(settings: Any, today: str) -> str:
    """The last day the remembered operator was confirmed ("" never: an earlier version
    did not note it), when it is before ``today``; None-like "" when no question is due."""
    day = str(settings.value(DAY_KEY, "") or "")
    return "" if day == today else (day or "（未记录）")


class OperatorCheck(QDialog):
    """今天由谁操作: the remembered name, selected (typing replaces it); Enter or 确定 keeps
    what the box holds. ``name`` once closed (Esc keeps the remembered name, unconfirmed)."""

    def __init__(self, name: str, last_day: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("确认操作人")
        self.remembered = self.name = name
        intro = QLabel(
            f"本机上次的操作人是“{name}”（上次确认：{last_day}）。\n"
            "今天的每一次修改都记在操作人名下：是您本人请按 Enter；"
            "不是，请直接输入您的姓名后按 Enter。")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # the name as typed
        self.field = QLineEdit(name)
        self.field.setObjectName("operator_check")
        self.field.setAccessibleName("操作人姓名")
        self.field.selectAll()
        label = QLabel("操作人(&N)")
        label.setBuddy(self.field)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("确定")
        ok.setDefault(True)
        buttons.accepted.connect(self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _try_accept(self) -> None:
        from boostdesk.operator_name import clean
        from boostdesk.validate import ValidationError

        try:
            self.name = clean(self.field.text())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.field.setFocus()
            return
        self.accept()


def check_operator(window: Any, ctx: Any, remembered: bool) -> OperatorCheck | None:
    """Ask for the operator once the window has opened its register, when the name was
    remembered (not typed at this start) and last confirmed on an earlier day; note the
    day otherwise. The dialog, or None when nothing was asked."""
    from boostdesk.models import clock

    today = clock.today().isoformat()
    settings = ctx.settings
    last = to_confirm(settings, today)
    if ctx.read_only:
        return None
    if not remembered or not last:
        note_day(settings, today)
        return None
    dialog = OperatorCheck(ctx.operator, last, window)

    def done(result: int) -> None:
        # Only an answer (Enter, 确定) confirms the day. Esc keeps the name shown and lets
        # the window go on (never stuck on the question), but is no answer: a reflex Esc
        # would have put the whole day under a colleague's name, so the next start today
        # asks again. Ctrl+Q or a close likewise: a new name typed and then Ctrl+Q left the
        # old name marked as confirmed, and the next start recorded the day under it.
        if result != QDialog.DialogCode.Accepted:
            return
        if dialog.name != ctx.operator:
            if ctx.switch_operator(dialog.name, window) is None:
                return  # (said: the line could not be written; asked again next start)
            ctx.notice.emit(f"操作人已改为 {dialog.name}（今天的修改记在此名下）")
            ctx.changed.emit("operator")
        note_day(settings, today)

    dialog.finished.connect(done)
    if hasattr(window, "current_dialog"):
        window.current_dialog = dialog
    dialogs.open_modal(dialog)
    dialog.field.setFocus(Qt.FocusReason.OtherFocusReason)
    return dialog
