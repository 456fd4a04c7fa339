"""The project entry form: attachment 3 (创新项目助推申报书) in the order of the paper."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QWidget

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS, ProjectApplication
from boostdesk.money import format_money
from boostdesk.validate import ValidationError, check_phone, tidy_name

from . import entry_checks
from .context import AppContext
from .entry_form import ERROR, OK, EntryForm
from .form_widgets import AmountField, DateField, LevelField, TextField, YesNoField

_TEXT = {"unit_name", "enterprise_name", "studio_name", "leader", "title", "industry",
         "contact_name", "contact_phone", "remarks"}


class ProjectForm(EntryForm):
    STREAM = PROJECT
    TITLE = "创新项目助推申报"
    MATERIALS = PROJECT_MATERIALS

    def __init__(self, ctx: AppContext, record: ProjectApplication | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, record, parent)
        self.editor("studio_name").editingFinished.connect(self._fill_studio)
        self.editor("contact_phone").editingFinished.connect(self._tidy_phone)

    def paper_title(self) -> str:
        return f"北京市总工会{self.year}年创新项目助推申报书（附件3）"

    def blank(self) -> ProjectApplication:
        return self.prefill(ProjectApplication(campaign_year=self.year))

    def build_fields(self) -> None:
        names = self.reg.names
        self.add_row("unit_name", "推荐单位", TextField(
            placeholder="区、局、集团（公司）工会", words=names("units")), required=True)
        self.add_row("enterprise_name", "所在单位", TextField(words=names("enterprises")),
                     required=True)
        self.add_row("studio_name", "工作室名称", TextField(words=names("studios")),
                     required=True)
        self.add_row("studio_level", "工作室级别", LevelField(), required=True)
        self.add_row("model_studio", "是否示范性工作室", YesNoField())
        self.add_row("leader", "领衔人", TextField(words=names("people")), required=True)
        self.add_row("title", "项目名称", TextField(), required=True)
        self.add_row("industry", "所属领域", TextField(
            placeholder="如 智能装备", words=list(self.campaign.priority_industries)))
        self.add_row("approval_date", "立项日期", DateField(), required=True)
        self.add_row("startup_funds_paid", "启动资金是否到位", YesNoField(), required=True)
        self.add_row("planned_completion", "计划完成日期", DateField(), required=True)
        self.add_row("total_budget_fen", "项目总投入（万元）", AmountField(), required=True)
        self.add_row("requested_fen", "申请助推金额（万元）", AmountField(), required=True)
        self.add_row("contact_name", "联系人", TextField(words=names("people")))
        self.add_row("contact_phone", "联系电话", TextField(placeholder="手机或 010-83570885"))
        self.add_row("remarks", "备注", TextField())

    def build_record(self, values: dict[str, Any]) -> ProjectApplication:
        out = {key: ("" if value is None and key in _TEXT else value)
               for key, value in values.items()}
        out["model_studio"] = bool(out.get("model_studio"))
        return replace(self.record, **out)

    def field_notes(self, record: ProjectApplication) -> dict[str, tuple[str, str]]:
        notes: dict[str, tuple[str, str]] = {}
        for key in ("total_budget_fen", "requested_fen"):
            value = getattr(record, key)
            if value is not None:
                notes[key] = (OK, format_money(value))
        if record.contact_phone:
            try:
                check_phone(record.contact_phone)
            except ValidationError as exc:
                notes["contact_phone"] = (ERROR, exc.message)
        if record.studio_level:
            tiers = self.campaign.tiers_for(record.studio_level)
            notes["studio_level"] = (
                OK, f"{LEVEL_ZH[record.studio_level]}档次："
                    + "、".join(format_money(t.amount_fen) for t in tiers))
        return notes

    def draft_verdict(self, record: ProjectApplication) -> Any:
        from boostdesk.rules import check_project_draft

        return check_project_draft(self.reg, record)

    def duplicate(self, record: ProjectApplication) -> tuple[str, str] | None:
        reason = entry_checks.duplicate_project(self.reg, record)
        return ("title", reason) if reason else None

    # -- filling in what the register already knows ----------------------------------
    def _fill_studio(self) -> None:
        """A known studio fills its level, model flag, leader, unit and enterprise if blank."""
        name = tidy_name(self.editor("studio_name").value())
        studio = next((s for s in self.reg.studios() if s.name == name), None) if name else None
        if studio is None:
            return
        self._filling = True
        try:
            for key, value in (("unit_name", studio.unit_name),
                               ("enterprise_name", studio.enterprise_name),
                               ("leader", studio.leader)):
                editor = self.editor(key)
                if value and not editor.value():
                    editor.set_value(value)
            if self.editor("studio_level").value() is None:
                self.editor("studio_level").set_value(studio.level)
            if self.editor("model_studio").value() is None:
                self.editor("model_studio").set_value(studio.model_studio)
        finally:
            self._filling = False
        self.recheck()

    def _tidy_phone(self) -> None:
        editor = self.editor("contact_phone")
        try:
            clean = check_phone(editor.value()) if editor.value() else ""
        except ValidationError:
            return
        if clean and clean != editor.text():
            editor.set_value(clean)
