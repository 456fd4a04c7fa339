"""补录往年结果…: an earlier year's project recorded as approved at its tier and approval
date (``panel.past``), from the 创新项目 list. Not undoable (a barrier, as a publicity
close is): a record made in error before payment is withdrawn by the office's decision,
with a reason (:class:`WithdrawPastDialog`, the same button on a recorded award).
补录往年核准名单… (专利助推: ``panel.past_patents``) records a year's awarded patents from a
list. 往年结年… / 撤销结年… (``panel.past_close``): the year's papers left without a result
closed, how many said and asked first (:class:`CloseYearDialog`), and taken back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.payment_marks import all_returned_text
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import SEASON_CLOSED_ZH, STATUS_ZH
from boostdesk.money import format_money
from boostdesk.panel.errors import PanelError
from boostdesk.panel.past import PAST_REASON, record_past_award, returned_count, withdraw_past_award
from boostdesk.panel.past_close import (
    CLOSE_REASON,
    Reopened,
    YearToClose,
    close_year,
    closed_by_close,
    reopen_year,
    year_to_close,
)
from boostdesk.validate import ValidationError

from . import dialogs
from .context import AppContext, OpResult
from .dialogs import ok_cancel_buttons
from .export_folder import import_start, remember_import
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


class CloseYearDialog(QDialog):
    """往年结年…: how many of the earlier year's papers a close makes 未获助推 (and, ticked,
    how many patents 资格审核不通过), asked before it is done (``panel.past_close``)."""

    def __init__(self, ctx: AppContext, todo: YearToClose, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.todo = ctx, todo
        self.setWindowTitle(f"{todo.year} 年度结年")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if todo.season:  # run in the register: closed for what happened
            text = (f"{todo.year} 年度尚未结论（已登记、资格审核通过、专家评审）的 {len(todo.projects)} 个项目"
                    f"将记为“未获助推”（理由：{SEASON_CLOSED_ZH[PROJECT]}，并注明结年时所处阶段），"
                    "之后不再视为“评审中”，统计中单列；已有结论的申报不变。")
        else:
            text = (f"{todo.year} 年度尚未结论（已登记、资格审核通过、专家评审）的 {len(todo.projects)} 个项目将记为"
                    f"“未获助推”（理由：{CLOSE_REASON}），之后不再视为“评审中”。请先补录完该年度已核准的项目"
                    "（补录往年结果、补录往年名单）。")
        about = QLabel(text + "先备份登记册；结年错了的，可用“撤销结年…”改回结年前的状态。")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(about)
        self.patents = QCheckBox(f"同时将该年度尚未核准的 {len(todo.patents)} 项专利记为“资格审核不通过”")
        self.patents.setEnabled(bool(todo.patents))
        layout.addWidget(self.patents)
        if todo.season and todo.patents:  # what the statistics make of them, said before
            note = QLabel(f"专利的理由为“{SEASON_CLOSED_ZH[PATENT]}”并注明是否已通过资格审核；统计中单列，"
                          f"不计为资格审核不通过，其中资格审核已通过的 {todo.qualified_patents} 项"
                          "仍计为通过资格审核。")
            note.setWordWrap(True)
            layout.addWidget(note)
        if todo.patents and not todo.patents_approved:
            warn = QLabel(f"注意：{todo.year} 年度还没有核准的专利：往年已获助推的专利请先补录核准"
                          "（“专利助推”页 往年 ▾ → 补录往年核准名单…），否则勾选后将全部记为“资格审核不通过”")
            warn.setWordWrap(True)
            warn.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
            layout.addWidget(warn)
        buttons, self.ok = ok_cancel_buttons(self, "结年")
        self.patents.toggled.connect(lambda _on: self.ok.setEnabled(
            bool(todo.projects or self.patents.isChecked())))
        self.ok.setEnabled(bool(todo.projects))
        layout.addWidget(buttons)

    def accept(self) -> None:
        year, patents = self.todo.year, self.patents.isChecked()
        self.ctx.write_backed_up(
            f"{year}年度结年", lambda reg, cancelled: close_year(reg, year, patents=patents,
                                                              cancelled=cancelled),
            changed="all" if patents else "project", parent=self, title="未能结年",
            on_done=self._closed)

    def _closed(self, result: OpResult) -> None:
        if not result.ok:
            return
        done: YearToClose = result.value
        season = f"（{SEASON_CLOSED_ZH[PROJECT]}）" if done.season else ""
        dialogs.show_info(self, "已结年", f"{done.year} 年度已结年：{len(done.projects)} 个项目记为“未获助推”"
                          f"{season}"
                          + (f"，{len(done.patents)} 项专利记为“资格审核不通过”"
                             + (f"（{SEASON_CLOSED_ZH[PATENT]}）" if done.season else "")
                             if done.patents else "")
                          + "。")
        super().accept()


class ReopenYearDialog(ReasonDialog):
    """撤销结年…: the papers a close left as it left them taken back, each to the status
    and reason it had before the close, with the reason."""

    def __init__(self, ctx: AppContext, back: Reopened, parent: QWidget | None = None) -> None:
        self.ctx, self.back = ctx, back
        super().__init__(
            "撤销结年", f"撤销 {back.year} 年度结年，结年改动的申报回到结年前的状态和理由（{back.summary}）："
            "撤销后可补录漏补的往年结果，再结年。先备份登记册，撤销记入修改记录。",
            "如 结年前漏补录一项", "撤销结年", "请填写撤销结年的理由", parent)

    def accept(self) -> None:
        if not self.reason:  # ReasonDialog asks for it before accepting
            return
        year, reason = self.back.year, self.reason
        self.ctx.write_backed_up(
            f"撤销{year}年度结年", lambda reg, cancelled: reopen_year(reg, year, reason,
                                                                 cancelled=cancelled),
            changed="all", parent=self, title="未能撤销结年", on_done=self._reopened)

    def _reopened(self, result: OpResult) -> None:
        if result.ok:
            super().accept()


def record_past_patents_list(ctx: AppContext, parent: QWidget, path: str | None = None) -> Any:
    """补录往年核准名单… on 专利助推 at an earlier year: the list the office kept picked
    (``path``: given), read and recorded all or nothing after a backup
    (``panel.past_patents``), every wrong line named; the newest year refused in words.
    Returns what was recorded (None: refused, cancelled, or still writing in the
    background)."""
    from PySide6.QtWidgets import QFileDialog

    from boostdesk.panel.past_patents import (
        PATENT_COLUMNS,
        read_patent_list,
        record_past_patents,
        recorded_text,
        year_refusal,
    )

    year = ctx.year
    if why := year_refusal(ctx.reg, year):
        dialogs.show_error(parent, "补录往年核准名单", why)
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, f"选择 {year} 年度已获助推的专利名单（每行：{PATENT_COLUMNS}）",
            import_start(ctx.settings), "专利名单 (*.xlsx *.xls *.csv)")
        if not path:
            return None
        remember_import(ctx.settings, path)
    listed = Path(path)

    def recorded(result: OpResult) -> None:
        if not result.ok:  # refused (said, every wrong line named) or cancelled
            return
        done = result.value
        owed = sum(1 for x in done if x.paid_on is None)
        dialogs.show_info(parent, "已补录专利名单", recorded_text(year, done) + "。"
                          + (f"未填拨付日期的 {owed} 项按核准待拨付，请在“拨付”中按实际日期登记。"
                             if owed else "")
                          + "该年度补录完毕后，其余专利可用 往年 ▾ → 往年结年… 记为“资格审核不通过”。")

    # after a backup: on a large register in the background (None returned at once)
    result = ctx.write_backed_up(
        f"补录{year}年度专利名单", lambda reg, cancelled: record_past_patents(
            reg, read_patent_list(reg, year, listed), cancelled=cancelled),
        changed="all", parent=parent, title="未能补录专利名单", on_done=recorded)
    return result.value if result is not None and result.ok else None


def close_past_year(ctx: AppContext, parent: QWidget) -> QDialog | None:
    """往年结年… at the year shown: refused in words for the newest year or one whose panel
    is under way, said when nothing is left to close; else :class:`CloseYearDialog`."""
    try:
        todo = year_to_close(ctx.reg, ctx.year, patents=True)
    except PanelError as exc:
        dialogs.show_error(parent, "往年结年", str(exc))
        return None
    if not todo.projects and not todo.patents:
        dialogs.show_info(parent, "往年结年", f"{ctx.year} 年度没有尚未结论的项目或专利：无需结年")
        return None
    dialog = CloseYearDialog(ctx, todo, parent)
    dialogs.open_modal(dialog)
    return dialog


def reopen_past_year(ctx: AppContext, parent: QWidget) -> QDialog | None:
    """撤销结年… at the year shown (said when it has nothing a close left)."""
    back = closed_by_close(ctx.reg, ctx.year)
    if not back.projects and not back.patents:
        dialogs.show_info(parent, "撤销结年", f"{ctx.year} 年度没有结年时改动、现仍为结年结果的项目或专利")
        return None
    dialog = ReopenYearDialog(ctx, back, parent)
    dialogs.open_modal(dialog)
    return dialog
