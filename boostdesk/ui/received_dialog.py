"""编辑 → 填写收件日期 (Ctrl+D): one 收件日期 for the papers selected on 专利助推 / 创新项目.

The day the office received the papers (方案三's 报送时限): its own to fill, never a
union's. A table imported with its date box left empty leaves every paper waiting for it;
this gives them theirs at once, audited and undoable (``operations.set_received_dates``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from boostdesk.io.template import example_dates
from boostdesk.models import clock
from boostdesk.models.records import id_ref
from boostdesk.received_days import decided, lacking, refusal, said
from boostdesk.validate import ValidationError

from . import dialogs, operations
from .context import OpResult
from .form_widgets import DateField
from .style import ERROR_COLOUR
from .theme import themed

TITLE = "填写收件日期"


class ReceivedDialog(QDialog):
    def __init__(self, ctx: Any, stream: str, app_ids: list[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("received_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self.ctx, self.stream, self.app_ids = ctx, stream, app_ids
        self.result_count: int | None = None
        missing = lacking(ctx.reg, stream, app_ids)
        named = (f"所选 {len(app_ids)} 项申报" if len(app_ids) > 1
                 else f"{id_ref(stream, app_ids[0])}")
        gap = (f"，其中 {len(missing)} 项尚无收件日期" if len(app_ids) > 1
               else ("（尚无收件日期）" if missing else ""))
        if judged := decided(ctx.reg, stream, app_ids):  # said before, not only after
            gap += (f"；{len(judged)} 项已审核/核准，按原收件日期审核，不改" if len(app_ids) > 1
                    else "（已审核/核准，按原收件日期审核，不改）")
        intro = QLabel(f"为{named}填写收件日期{gap}。\n收件日期是本办收到纸质申报的日期，"
                       "由本办填写（推荐单位不填），报送时限（方案三）据此核对；可用 Ctrl+Z 撤销。")
        intro.setWordWrap(True)
        # the example from the year's window (a week before its deadline), never today's:
        # today is the day the clerk types, seldom the day the papers came
        year = ctx.reg.application(stream, app_ids[0]).campaign_year
        c = ctx.reg.campaign(year)
        self.example = example_dates(c)["received_date"]
        # 10月28日 read in the year's season, as the paper form reads a 收件日期 (the
        # office's own date: no 原件 to copy a year from), how it was read said below it
        self.day = DateField(self, example=self.example,
                             season=(c.issued_date, c.submission_deadline))
        self.day.setObjectName("received_day")
        self.day.setAccessibleName("收件日期")
        self.missing_only = QCheckBox("只填尚无收件日期的申报(&O)")
        self.missing_only.setObjectName("missing_only")
        # some already dated: those kept unless she unticks it (a day typed at the desk)
        self.missing_only.setChecked(bool(missing) and len(missing) < len(app_ids))
        self.missing_only.setVisible(len(app_ids) > 1)
        form = QFormLayout()
        form.addRow("收件日期(&D)", self.day)
        self.read_as = QLabel()
        self.read_as.setObjectName("received_read_as")
        form.addRow("", self.read_as)
        self.day.textChanged.connect(lambda _text: self.read_as.setText(self.day.read_note()))
        self.error = QLabel()
        self.error.setObjectName("received_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
        buttons, self.ok = dialogs.ok_cancel_buttons(self, "填写", on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.missing_only)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.day.setFocus(Qt.FocusReason.OtherFocusReason)

    def _try_accept(self) -> None:
        try:
            day = self.day.value()
        except ValidationError as exc:
            self._refuse(f"收件日期写得不对：{exc.message}")
            return
        if day is None:
            self._refuse(f"请填写收件日期，如 {self.example.isoformat()}")
            return
        # a day to come, before the plan or the patent (the register refuses them too:
        # said here, in place, the earliest day named)
        if why := self._impossible(day):
            self._refuse(why)
            return
        # many papers written behind a progress dialog: this one closes once they are
        operations.set_received_dates(
            self.ctx, self.stream, self.app_ids, day,
            missing_only=self.missing_only.isChecked(), parent=self,
            on_done=lambda result: self._written(result, day))

    def _written(self, result: OpResult, day: date) -> None:
        if not result.ok:  # said by the write (a day to come, undone meanwhile…)
            if result.cancelled:  # the day kept, to try again
                self.error.setText("已取消，未填写任何收件日期")
            self.day.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        filled = result.value
        self.result_count = len(filled.was)
        left = len(self.app_ids) - self.result_count - len(filled.decided)
        more = said(self.ctx.reg, self.stream, filled, day)
        self.ctx.notice.emit(f"已填写 {self.result_count} 项申报的收件日期 {day.isoformat()}"
                             + (f"（其余 {left} 项已有收件日期或已是这一天，未改）" if left else "")
                             + (f"；{more}" if more else "")
                             + ("；Ctrl+Z 可撤销" if self.result_count else ""))
        self.accept()

    def _impossible(self, day: date) -> str | None:
        reg = self.ctx.reg
        ids = [self.ctx.ids.current(self.stream, i) for i in self.app_ids]
        left = set(decided(reg, self.stream, ids))
        if left and len(left) == len(ids):  # nothing to write: no empty undo step
            return (("所选申报均" if len(ids) > 1 else f"{id_ref(self.stream, ids[0])}")
                    + "已审核/核准，按原收件日期审核，收件日期不改")
        ids = [i for i in ids if i not in left]
        if self.missing_only.isChecked():
            ids = lacking(reg, self.stream, ids)
        return refusal(reg, self.stream, ids, day, clock.today())

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.day.setFocus(Qt.FocusReason.OtherFocusReason)
