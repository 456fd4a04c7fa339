"""Moving an application along its workflow: only the legal next steps are offered.

The list holds ``workflow.allowed(stream, status)`` and nothing else, so an
illegal move cannot be chosen; the register checks again when it stores the
move (``Register.set_status``), with the operator and time in the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models.records import PATENT, STREAM_ZH
from boostdesk.models.workflow import NEEDS_REASON, STATUS_ZH, allowed
from boostdesk.money import format_money
from boostdesk.validate import ValidationError

from . import dialogs, operations
from .context import AppContext
from .form_widgets import DateField
from .style import ERROR_COLOUR, escape


def _shared(stream: str, statuses: list[str]) -> tuple[str, ...]:
    """The moves allowed from every one of ``statuses``, in the first one's order."""
    return tuple(t for t in allowed(stream, statuses[0])
                 if all(t in allowed(stream, s) for s in statuses[1:]))


def common_moves(stream: str, statuses: list[str]) -> tuple[str, ...]:
    """What several applications in ``statuses`` can all be moved to at once: a project's
    approval is left out (each approved project gets its own tier's amount)."""
    return tuple(t for t in _shared(stream, statuses) if stream == PATENT or t != "approved")


# Dates a move records, and the field it is stored in.
_DATE_OF = {"approved": ("approved_date", "核准日期"), "accepted": ("accepted_date", "验收日期")}


class StatusDialog(QDialog):
    """One application's move, or the same move for several selected at once (the moves
    every one of them allows; a project's approval, which needs its own tier, excepted)."""

    def __init__(self, ctx: AppContext, stream: str, app_ids: int | Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stream = stream
        self.app_ids = [app_ids] if isinstance(app_ids, int) else list(app_ids)
        self.app_id = self.app_ids[0]
        self.app = ctx.reg.application(stream, self.app_id)
        self.setWindowTitle("改变状态")
        self.setObjectName("status_dialog")

        layout = QVBoxLayout(self)
        if len(self.app_ids) == 1:
            self.targets = allowed(stream, self.app.status)
            layout.addWidget(QLabel(
                f"<b>{escape(self.app.title or '（无名称）')}</b>"
                f"{('　' + escape(self.app.patent_number_raw)) if stream == PATENT else ''}"
                f"<br>{STREAM_ZH[stream]} · 登记号 "
                f"{self.app_id} · 当前状态 <b>{STATUS_ZH.get(self.app.status, self.app.status)}</b>"
            ))
            none_left = "已是流程的最后一步，没有可改的状态"
        else:
            counts = ctx.reg.status_counts(stream, self.app_ids)
            self.targets = common_moves(stream, list(counts))
            now = "、".join(f"{STATUS_ZH.get(s, s)} {n} 项" for s, n in counts.items())
            layout.addWidget(QLabel(
                f"<b>已选 {len(self.app_ids)} 项{STREAM_ZH[stream]}申报</b><br>当前状态：{now}"
                + ("<br>项目核准须逐项选择档次，不在此批量改" if stream != PATENT
                   and "approved" in _shared(stream, list(counts)) else "")))
            none_left = "所选申报没有共同的下一步：请按状态筛选后再选"
        self.choices = QListWidget()
        for target in self.targets:
            item = QListWidgetItem(STATUS_ZH.get(target, target))
            item.setData(Qt.ItemDataRole.UserRole, target)
            self.choices.addItem(item)
        self.choices.setMaximumHeight(28 * max(len(self.targets), 1) + 8)
        form = QFormLayout()
        layout.addWidget(QLabel("改为（↑↓ 选择）：" if self.targets else none_left))
        layout.addWidget(self.choices)
        layout.addLayout(form)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason_label = QLabel("理由")
        form.addRow(self.reason_label, self.reason)
        self.award = QComboBox()
        self.award.setObjectName("award")
        self.award_label = QLabel("助推金额")
        form.addRow(self.award_label, self.award)
        self.day = DateField()
        self.day.setObjectName("day")
        self.day_label = QLabel("日期")
        form.addRow(self.day_label, self.day)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons, self.ok = dialogs.ok_cancel_buttons(self)
        self.ok.setEnabled(bool(self.targets))
        layout.addWidget(buttons)

        self.choices.currentRowChanged.connect(self._target_changed)
        if self.targets:
            self.choices.setCurrentRow(0)
        else:
            self._target_changed(-1)
        self.choices.setFocus()
        self.resize(460, self.sizeHint().height())

    @property
    def target(self) -> str | None:
        item = self.choices.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, target: str) -> bool:
        for i in range(self.choices.count()):
            if self.choices.item(i).data(Qt.ItemDataRole.UserRole) == target:
                self.choices.setCurrentRow(i)
                return True
        return False

    def _target_changed(self, _row: int) -> None:
        target = self.target
        needs_reason = target in NEEDS_REASON
        self.reason_label.setText("理由（必填）" if needs_reason else "说明（可不填）")
        approving = target == "approved"
        self.award.clear()
        if approving:
            for fen, label in self._award_choices():
                self.award.addItem(label, fen)
        self.award.setVisible(approving)
        self.award_label.setVisible(approving)
        dated = target in _DATE_OF
        self.day.setVisible(dated)
        self.day_label.setVisible(dated)
        if dated:
            self.day_label.setText(_DATE_OF[target][1])
            if not self.day.text():
                self.day.set_value(date.today())
        self.error.clear()

    def _award_choices(self) -> list[tuple[int, str]]:
        campaign = self.ctx.reg.campaign(self.app.campaign_year)
        if self.stream == PATENT:
            fen = campaign.patent_award_fen
            return [(fen, f"{format_money(fen)}（每项专利定额）")]
        level = getattr(self.app, "studio_level", None)
        tiers = campaign.tiers_for(level) if level else campaign.tiers
        choices = [(t.amount_fen, f"{format_money(t.amount_fen)}（{t.name}档）") for t in tiers]
        if self.app.award_fen and self.app.award_fen not in {c[0] for c in choices}:
            choices.insert(0, (self.app.award_fen, format_money(self.app.award_fen)))
        if self.app.award_fen:
            choices.sort(key=lambda c: c[0] != self.app.award_fen)
        return choices

    def accept(self) -> None:
        target = self.target
        if target is None:
            return
        reason = self.reason.text().strip()
        if target in NEEDS_REASON and not reason:
            self._refuse(f"改为“{STATUS_ZH[target]}”须填写理由", self.reason)
            return
        extra: dict[str, Any] = {}
        if target == "approved":
            if self.award.currentData() is None:
                self._refuse("请选择助推金额", self.award)
                return
            extra["award_fen"] = int(self.award.currentData())
        if target in _DATE_OF:
            try:
                day = self.day.value()
            except ValidationError as exc:
                self._refuse(exc.message, self.day)
                return
            if day is None:
                self._refuse(f"请填写{_DATE_OF[target][1]}", self.day)
                return
            extra[_DATE_OF[target][0]] = day
        if len(self.app_ids) == 1:
            result = operations.move_status(self.ctx, self.stream, self.app_id, target, reason,
                                            **extra)
        else:
            result = operations.move_statuses(self.ctx, self.stream, self.app_ids, target,
                                              reason, **extra)
        if result.ok:
            super().accept()

    def _refuse(self, message: str, focus: QWidget) -> None:
        self.error.setText(f"<span style='color:{ERROR_COLOUR}'>{escape(message)}</span>")
        focus.setFocus()
