"""补录往年结果…: an earlier year's project recorded as approved at its tier and approval
date (``panel.past``), from the 创新项目 list. Not undoable (a barrier, as a publicity
close is): a record made in error before payment is withdrawn by the office's decision,
with a reason (:class:`WithdrawPastDialog`, the same button on a recorded award)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QWidget

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.payment_marks import all_returned_text
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.panel.past import PAST_REASON, record_past_award, returned_count, withdraw_past_award
from boostdesk.validate import ValidationError

from . import dialogs
from .context import AppContext, OpResult
from .dialogs import ok_cancel_buttons
from .form_widgets import DateField, TextField
from .reason_dialog import ReasonDialog
from .style import ERROR_COLOUR, escape
from .theme import themed


class PastAwardDialog(QDialog):
    """The tier, the approval date and a note for one project of an earlier year."""

    def __init__(self, ctx: AppContext, app: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.app = ctx, app
        self.setWindowTitle("补录往年结果")
        c = ctx.reg.campaign(app.campaign_year)
        form = QFormLayout(self)
        about = QLabel(f"{app.campaign_year} 年度：“{app.title}”（{app.studio_name}）\n"
                       "按该年度已核准的结果记为“核准”（理由：历史补录），不经专家评分、排名和公示；"
                       "该年度的名额、上限等不再重新评判。拨付和结题验收之后在“拨付”中按实际日期登记。")
        about.setWordWrap(True)
        self.tier = QComboBox()
        self.tier.setAccessibleName("核准档次")
        for t in c.tiers:
            self.tier.addItem(f"{t.name}（{LEVEL_ZH.get(t.level, t.level)}）{format_money(t.amount_fen)}",
                              t.amount_fen)
        wanted = app.award_fen or app.requested_fen
        level_tiers = [i for i, t in enumerate(c.tiers)
                       if t.amount_fen == wanted and t.level == app.studio_level]
        if level_tiers:
            self.tier.setCurrentIndex(level_tiers[0])
        self.approved = DateField(example=date(app.campaign_year, 12, 20))
        self.approved.setAccessibleName("核准日期")
        self.note = TextField()
        self.note.setAccessibleName("说明")
        self.note.setPlaceholderText("如依据的文件：京工发〔2016〕12号（可不填）")
        self.error = QLabel()
        self.error.setWordWrap(True)
        form.addRow(about)
        form.addRow("核准档次", self.tier)
        form.addRow("核准日期", self.approved)
        form.addRow("说明", self.note)
        form.addRow(self.error)
        form.addRow(ok_cancel_buttons(self, "补录")[0])
        self.setMinimumWidth(560)
        self.approved.setFocus()

    def _refuse(self, text: str) -> None:
        self.error.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(text)}</span>")

    def accept(self) -> None:
        try:
            day = self.approved.value()
        except ValidationError as exc:
            self._refuse(exc.message)
            self.approved.setFocus()
            return
        if day is None:
            self._refuse("请填写核准日期")
            self.approved.setFocus()
            return
        amount, app_id, note = self.tier.currentData(), self.app.id, self.note.value()
        # after a backup: on a large register in the background, the dialog open till done
        self.ctx.write_backed_up(
            f"补录{self.app.campaign_year}年“{self.app.title}”（{PAST_REASON}）",
            lambda reg, cancelled: record_past_award(reg, app_id, amount, day, note,
                                                     cancelled=cancelled),
            changed="project", parent=self, title="未能补录", on_done=self._recorded)

    def _recorded(self, result: OpResult) -> None:
        if not result.ok:  # refused (said) or cancelled: the form stays as typed
            return
        if result.value.notes:
            dialogs.show_info(self, "已补录", "已补录。请注意：\n" + "\n".join(result.value.notes))
        super().accept()


class WithdrawPastDialog(ReasonDialog):
    """撤销补录: a past award recorded in error (wrong project, tier or date), none of its
    money standing paid (never paid, or every transfer sent back by the bank), back to
    未获助推 with the reason; it may then be recorded again."""

    def __init__(self, ctx: AppContext, app: Any, parent: QWidget | None = None) -> None:
        self.ctx, self.app = ctx, app
        on = app.approved_date.isoformat() if app.approved_date else "日期未记"
        returned = returned_count(ctx.reg, app.id)
        now = f"，现为“{STATUS_ZH.get(app.status, app.status)}”" if app.status != "approved" else ""
        super().__init__(
            "撤销补录",
            f"{app.campaign_year} 年度“{app.title}”（{app.studio_name}）已补录为核准 "
            f"{format_money(app.award_fen or 0)}（{on}{now}）。"
            + (f"{all_returned_text(returned)}：撤销后不再重拨，汇出和退回的记录留在修改记录中。"
               if returned else "")
            + "补录错了的（项目、档次或日期不对），"
            "撤销后改为“未获助推”，可重新补录；撤销记入修改记录，不能用 Ctrl+Z 恢复。",
            "如 档次录错，应为 3 万元", "撤销补录", "请填写撤销补录的理由，如 档次录错", parent)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)  # a title as typed, even A<B

    def accept(self) -> None:
        if not self.reason:  # ReasonDialog asks for it before accepting
            return
        app_id, reason = self.app.id, self.reason
        self.ctx.write_backed_up(  # after a backup: on a large register in the background
            f"撤销补录{self.app.campaign_year}年“{self.app.title}”",
            lambda reg, cancelled: withdraw_past_award(reg, app_id, reason, cancelled=cancelled),
            changed="project", parent=self, title="未能撤销补录", on_done=self._withdrawn)

    def _withdrawn(self, result: OpResult) -> None:
        if result.ok:
            super().accept()
