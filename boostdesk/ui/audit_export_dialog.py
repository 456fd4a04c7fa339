"""文件 → 导出修改记录: what the auditor picks before the file is asked for — which lines
(全部 / 撤销的助推 / 核准后的修改), of which year (the one in view, another, or 全部年度),
whose (one application's, first inventor's or project leader's, written as ``boostdesk
audit --ref`` takes it), by whom (an operator, ``--by``) and a range of days; the years
its lines are of said as it is filled in. Thin over :mod:`boostdesk.audit_picks` (the command line's own reading of each);
the export itself runs in the background (:meth:`MainWindow.export_audit_trail`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk import audit_picks
from boostdesk.errors import UserError
from boostdesk.validate import ValidationError

from . import dialogs
from .form_widgets import DateField, TextField
from .small_screen import grow_to_rows
from .style import ERROR_COLOUR
from .theme import MUTED_COLOUR, themed

# Where to write, asked once the choice is made: (dialog, suggested file name) → path or "".
AskPath = Callable[[QWidget, str], str]


class AuditExportDialog(QDialog):
    """The choice, checked against the register (a reference it does not have is said here,
    the cursor back in its box); ``chosen`` and ``path`` once 导出 is pressed and a file
    named."""

    def __init__(self, reg: object, year: int, ask_path: AskPath,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出修改记录")
        self.reg, self.year, self.ask_path = reg, year, ask_path
        self.chosen: audit_picks.Choice | None = None
        self.path = ""
        intro = QLabel("导出为 .xlsx 审计底稿（标题写明登记册、导出人和导出时间，带序号、筛选和"
                       "冻结的表头；身份证号、卡号、电话遮盖）。")
        intro.setWordWrap(True)
        self.all_lines = QRadioButton("全部修改")
        self.withdrawn = QRadioButton("撤销的助推（核准、公示或拨付后撤销的，含原金额或公示档次和理由）")
        self.after_approval = QRadioButton("核准后的修改（申报核准之后其字段、状态、拨付的每一次修改）")
        self.all_lines.setChecked(True)
        self.year_box = QComboBox()
        self.year_box.setAccessibleName("年度")
        for y in sorted(reg.campaign_years(), reverse=True):  # type: ignore[attr-defined]
            self.year_box.addItem(f"{y} 年度" + ("（当前）" if y == year else ""), y)
        # the years since the last export, a colleague's leave among them: an earlier
        # year's payment made this week is that year's line, not the one in view
        self.year_box.addItem(audit_picks.ALL_YEARS, None)
        self.year_box.setCurrentIndex(max(self.year_box.findData(year), 0))
        self.ref_field = TextField(self, "不填：所选年度的全部申报")
        self.ref_field.setMinimumWidth(320)
        # lines broken by hand: a word-wrapped label of three lines had the height of two
        ref_hint = QLabel("或写一项申报：登记号（专利12 / 项目3）、专利号、专利或项目名称；\n"
                          "或一人：第一发明人的姓名、身份证号（其全部专利申报），\n"
                          "项目领衔人的姓名（其全部项目）；均不分年度")
        self.operator_field = TextField(self, "不填：所有人",
                                        audit_picks.operators(reg))
        self.operator_field.setAccessibleName("操作人")
        self.first_field = DateField(self)
        self.last_field = DateField(self)
        self.first_field.setPlaceholderText("不填：最早")
        self.last_field.setPlaceholderText("不填：最近")
        self.covers = QLabel()  # which years the file will hold, as it is filled in
        self.covers.setObjectName("covers")
        self.covers.setWordWrap(True)
        self.covers.setTextFormat(Qt.TextFormat.PlainText)
        self.covers.setStyleSheet(f"color: {themed(MUTED_COLOUR)};")
        form = QFormLayout()
        form.addRow("记录", self.all_lines)
        form.addRow("", self.withdrawn)
        form.addRow("", self.after_approval)
        for text, field in (("年度(&Y)", self.year_box), ("申报或人员(&R)", self.ref_field)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", ref_hint)
        for text, field in (("操作人(&O)", self.operator_field), ("日期从(&F)", self.first_field),
                            ("至(&T)", self.last_field)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("范围", self.covers)
        self.year_box.currentIndexChanged.connect(lambda _i: self._say_covers())
        self.ref_field.textChanged.connect(lambda _t: self._say_covers())
        self._say_covers()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # a reference as typed
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        buttons, self.export_button = dialogs.ok_cancel_buttons(self, "导出…", self._try_export)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        dialogs.tab_in_layout_order(self)  # 记录, 年度, 申报或人员, 操作人, 日期从, 至, 导出…, 取消
        self._fit_height()

    def _fit_height(self) -> None:
        """As high as its rows need at its width: at 150 % and with large text the hint
        under 申报或人员 was cut to two lines under the field above it and the 范围 note
        clipped at its top."""
        grow_to_rows(self)

    def _say_covers(self) -> None:
        """范围：仅 2022 年度（不含 2021 年度）; 全部年度（2021、2022 年度）及共用名录."""
        if self.ref_field.value():
            text = "所写申报或人员的修改，不分年度"
        else:
            text = audit_picks.Whose(year=self.year_box.currentData()).covers(self.reg)
            if self.year_box.currentData() is not None and self.year_box.count() > 2:
                text += "；要包括其他年度的，“年度”选“全部年度”"
        self.covers.setText(text)
        if self.isVisible():  # another year's note may take another line
            self._fit_height()

    def _refused(self, problem: str, field: TextField) -> None:
        self.error.setText(problem)
        # grown to hold it: the dialog kept the height it opened with, and a refusal of
        # three lines squeezed the rows above it into each other
        self._fit_height()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def _day(self, field: DateField, what: str) -> tuple[bool, date | None]:
        try:
            return True, field.value()
        except ValidationError as exc:
            self._refused(f"{what}：{exc}", field)
            return False, None

    def _try_export(self) -> None:
        ok, first = self._day(self.first_field, "日期从")
        if not ok:
            return
        ok, last = self._day(self.last_field, "日期至")
        if not ok:
            return
        if first and last and first > last:
            self._refused(f"开始日期 {first} 晚于结束日期 {last}", self.last_field)
            return
        ref = self.ref_field.value()
        try:
            whose = (audit_picks.whose(self.reg, ref) if ref
                     else audit_picks.Whose(year=self.year_box.currentData()))
        except UserError as exc:
            self._refused(str(exc), self.ref_field)
            return
        try:
            operator = (audit_picks.operator_named(self.reg, self.operator_field.value())
                        if self.operator_field.value() else "")
        except UserError as exc:
            self._refused(str(exc), self.operator_field)
            return
        self.error.clear()
        choice = audit_picks.Choice(whose, withdrawn=self.withdrawn.isChecked(),
                                    after_approval=self.after_approval.isChecked(),
                                    first=first, last=last, operator=operator)
        path = self.ask_path(self, f"{choice.file_stem()}.xlsx")
        if not path:  # the file dialog closed: the choice still here to change
            return
        self.chosen, self.path = choice, path
        self.accept()
