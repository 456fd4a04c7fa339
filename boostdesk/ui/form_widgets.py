"""Editors for entry forms, each reading what clerks type the way the paper says it.

Every editor has ``value()`` (raising :class:`ValidationError` with a Chinese reason
when the text cannot be read), ``set_value()`` and a ``edited`` signal. Yes/no and
level boxes answer to single keys (Y/N/1/0, 1/2) so the keyboard never needs a list.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from boostdesk.models.campaign import CITY, DISTRICT, LEVEL_ZH
from boostdesk.validate import ValidationError, parse_amount_fen, parse_date

INVALID_STYLE = "border: 1px solid #c62828; background: #fff6f5;"


def make_completer(words: list[str], parent: QWidget) -> QCompleter:
    completer = QCompleter(QStringListModel(words, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class TextField(QLineEdit):
    edited = Signal()
    # In an entry form Enter moves to the next field, also right after a completion was
    # picked (QCompleter hands that Enter to the line edit itself, past event filters).
    enter_moves_on = False

    def __init__(self, parent: QWidget | None = None, placeholder: str = "",
                 words: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(self.edited)
        if words is not None:
            self.setCompleter(make_completer(words, self))

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(INVALID_STYLE if invalid else "")

    def popup_open(self) -> bool:
        completer = self.completer()
        return bool(completer and completer.popup() and completer.popup().isVisible())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.enter_moves_on and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.popup_open():  # Enter takes the highlighted completion, then moves on
                popup = self.completer().popup()
                index = popup.currentIndex()
                if index.isValid():
                    self.setText(str(index.data()))
                popup.hide()
            event.accept()
            self.focusNextChild()
            return
        super().keyPressEvent(event)


class DateField(TextField):
    """2021-03-05, 2021/3/5, 2021.3.5, 20210305, 2021年3月5日; shown as 2021-03-05 once left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "如 2021-03-05")
        self.setMaximumWidth(180)
        self.editingFinished.connect(self._tidy)

    def value(self) -> date | None:  # type: ignore[override]
        text = self.text().strip()
        return parse_date(text) if text else None

    def set_value(self, value: Any) -> None:
        self.setText(value.isoformat() if isinstance(value, date) else (value or ""))

    def _tidy(self) -> None:
        try:
            day = self.value()
        except ValidationError:
            return
        if day is not None and self.text() != day.isoformat():
            self.setText(day.isoformat())


class AmountField(TextField):
    """An amount in 万元 unless the text says 元: "30" is ¥300,000.00."""

    def __init__(self, parent: QWidget | None = None, unit: str = "万元") -> None:
        super().__init__(parent, f"单位：{unit}，如 30")
        self.unit = unit
        self.setMaximumWidth(180)

    def value(self) -> int | None:  # type: ignore[override]
        text = self.text().strip()
        return parse_amount_fen(text, default_unit=self.unit) if text else None

    def set_value(self, value: Any) -> None:
        if value is None:
            self.setText("")
            return
        per_unit = 10_000_00 if self.unit == "万元" else 100
        amount = Decimal(int(value)) / per_unit  # exact: fen are integers, never floats
        self.setText(format(amount.normalize(), "f"))


class ChoiceField(QComboBox):
    """A short list answered with single keys; the first item is "not given"."""

    edited = Signal()
    CHOICES: tuple[tuple[Any, str], ...] = ()
    KEYS: dict[int, Any] = {}
    BLANK = "（未填）"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.BLANK, None)
        for value, label in self.CHOICES:
            self.addItem(label, value)
        self.setMaximumWidth(240)
        self.currentIndexChanged.connect(self.edited)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(INVALID_STYLE if invalid else "")

    def popup_open(self) -> bool:
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in self.KEYS:
            self.set_value(self.KEYS[key])
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.setCurrentIndex(0)
            return
        text = event.text()
        for i in range(1, self.count()):
            if text and self.itemText(i).startswith(text):
                self.setCurrentIndex(i)
                return
        super().keyPressEvent(event)


class YesNoField(ChoiceField):
    """是 / 否: Y or 1 for 是, N or 0 for 否, Backspace to clear."""

    CHOICES = ((True, "是"), (False, "否"))
    KEYS = {Qt.Key.Key_Y: True, Qt.Key.Key_1: True, Qt.Key.Key_N: False, Qt.Key.Key_0: False}


class LevelField(ChoiceField):
    """1 市级（含示范性）, 2 区、局、集团（公司）级."""

    CHOICES = ((CITY, f"1 {LEVEL_ZH[CITY]}"), (DISTRICT, f"2 {LEVEL_ZH[DISTRICT]}"))
    KEYS = {Qt.Key.Key_1: CITY, Qt.Key.Key_2: DISTRICT}
