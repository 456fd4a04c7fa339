"""A dialog that says what is about to be done and asks why (a reason is required):
撤销拨付登记, 维持核准, 撤销补录 and the like, each audited with the reason typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from . import dialogs
from .form_widgets import TextField, first_too_long, limited
from .style import ERROR_COLOUR
from .theme import themed

DIALOG_WIDTH = 460


class ReasonDialog(QDialog):
    """What is about to be done, and the reason for it (required): ``reason`` once accepted."""

    def __init__(self, title: str, text: str, hint: str, button: str, missing: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(DIALOG_WIDTH)
        self.reason = ""
        self.missing = missing
        self.intro = intro = QLabel(text)
        intro.setWordWrap(True)
        self.reason_field = limited(TextField(self, hint), "reason")
        self.reason_field.setAccessibleName("理由")
        form = QFormLayout()
        form.addRow("理由", self.reason_field)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        buttons, self.ok = dialogs.ok_cancel_buttons(self, button, on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _try_accept(self) -> None:
        self.reason = self.reason_field.value()
        long = first_too_long(self.reason_field)
        if long is not None:  # stored on the trail and printed: refused, never cut
            self.error.setText(long[1])
            self.reason_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self.reason:
            self.error.setText(self.missing)
            self.reason_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()
