"""文件 → 导出年度统计…: what goes in beside the year's tables before the file is asked
for — an earlier year set beside this one (年度对比, ``stats --compare``) and the money paid
in a period by its paid day (按拨付日期, ``stats --paid-in``). The choice is kept for next
time; the export itself runs in the background (:meth:`MainWindow.export_statistics`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boostdesk.paid_in import Period, PeriodError, parse_period
from boostdesk.program_name import hint_named

from . import dialogs
from .form_widgets import DateField
from .panel_common import error_label

AskPath = Callable[[QWidget], str]  # the save dialog over this one: a path, or "" if closed
COMPARE_KEY = "export/statistics_compare"  # the year compared last time, or ""
PAID_IN_KEY = "export/statistics_paid_in"  # the period as typed last time, or ""
NO_COMPARE, NO_PAID_IN, OTHER_PERIOD = "不对比", "不含", "指定期间…"


class StatsExportDialog(QDialog):
    """对比年度 and 按拨付日期, each "none" by default; ``compare`` (a year or None),
    ``period`` (or None) and ``path`` once 导出… is pressed and a file named."""

    def __init__(self, year: int, years: list[int], paid_years: list[int], settings: QSettings,
                 ask_path: AskPath, parent: QWidget | None = None, *,
                 refusal: Callable[[date], str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导出 {year} 年度统计")
        self.settings, self.ask_path = settings, ask_path
        # why a 截至日期 cannot be counted (statistics.as_of_refusal), as `stats --as-of` says
        self.refusal = refusal
        self.compare: int | None = None
        self.period: Period | None = None
        self.path = ""
        intro = QLabel(f"{year} 年度统计的各表之后，可另加：与往年度的对比；某一期间实际拨付和"
                       "追回的金额（按拨付日期，跨申报年度）。截至日期：只计该日及以前的拨付、"
                       f"退汇和追回，核准和审核阶段也按该日（年末的数字写 {year}-12-31；对比的"
                       "年度计至其同一日），空着按现在的数字。")
        intro.setWordWrap(True)
        self.compare_box = QComboBox(self)
        self.compare_box.addItem(NO_COMPARE, None)
        for y in sorted((y for y in years if y < year), reverse=True):
            self.compare_box.addItem(f"{y}年度", y)
        self.paid_box = QComboBox(self)
        self.paid_box.addItem(NO_PAID_IN, "")
        for y in sorted(paid_years, reverse=True):
            self.paid_box.addItem(f"{y}年", str(y))
        self.paid_box.addItem(OTHER_PERIOD, None)
        self.period_field = QLineEdit(self)
        self.period_field.setPlaceholderText("如 2023-07 或 2023-01-01..2023-06-30")
        # stats --as-of: the year's money as it stood that day (its year-end: YYYY-12-31).
        # Not kept for next time: a day kept would quietly leave out what was paid since.
        self.as_of_field = DateField(self)
        self.as_of_field.setObjectName("stats_as_of")
        self.as_of_field.setAccessibleName("截至日期")
        self.as_of_field.setPlaceholderText(f"如 {year}-12-31")
        self.as_of_field.setToolTip(hint_named(
            "只计该日及以前的拨付、退汇和追回（同 boostdesk stats --as-of），"
            "各表标题注明“截至 …”；空着按现在的数字"))
        self.as_of: date | None = None
        form = QFormLayout()
        for text, field in (("对比年度(&C)", self.compare_box), ("按拨付日期(&P)", self.paid_box),
                            ("期间(&D)", self.period_field), ("截至日期(&T)", self.as_of_field)):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        self.error = error_label()  # wrapped, plain, no room while empty
        buttons, self.export_button = dialogs.ok_cancel_buttons(self, "导出…", self._try_export)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self._restore()
        self.paid_box.currentIndexChanged.connect(self._period_shown)
        self._period_shown()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        dialogs.tab_in_layout_order(self)

    def _restore(self) -> None:
        """Last time's choice, where this register still offers it."""
        kept = str(self.settings.value(COMPARE_KEY, "") or "")
        at = self.compare_box.findData(int(kept)) if kept.isdigit() else -1
        self.compare_box.setCurrentIndex(max(at, 0))
        period = str(self.settings.value(PAID_IN_KEY, "") or "")
        at = self.paid_box.findData(period) if period else 0
        if at < 0:  # a month or days typed: offered again as typed
            at = self.paid_box.count() - 1
            self.period_field.setText(period)
        self.paid_box.setCurrentIndex(at)

    def _period_shown(self) -> None:
        typed = self.paid_box.currentData() is None
        self.period_field.setEnabled(typed)
        if typed and self.isVisible():
            self.period_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _try_export(self) -> None:
        chosen = self.paid_box.currentData()
        text = self.period_field.text().strip() if chosen is None else chosen
        period = None
        if text:
            try:
                period = parse_period(text)
            except PeriodError as exc:
                self.error.setText(str(exc))
                self.period_field.setFocus(Qt.FocusReason.OtherFocusReason)
                self.period_field.selectAll()
                return
        elif chosen is None:
            self.error.setText("请写拨付期间，或在“按拨付日期”中选“不含”")
            self.period_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        as_of = None
        if self.as_of_field.text().strip():
            from boostdesk.validate import ValidationError

            try:
                as_of = self.as_of_field.value()
            except ValidationError as exc:
                self.error.setText(f"截至日期：{exc}")
                self.as_of_field.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            if self.refusal is not None and as_of is not None and (refused := self.refusal(as_of)):
                self.error.setText(refused)
                self.as_of_field.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.error.clear()
        compare = self.compare_box.currentData()
        self.settings.setValue(COMPARE_KEY, str(compare) if compare else "")
        self.settings.setValue(PAID_IN_KEY, text)
        path = self.ask_path(self)
        if not path:  # the file dialog closed: the choice still here to change
            return
        self.compare, self.period, self.path, self.as_of = compare, period, path, as_of
        self.accept()
