"""The project entry form: attachment 3 (创新项目助推申报书) in the order of the paper."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QWidget

from boostdesk import intake, near_names
from boostdesk.io.template import tiers_in_wan
from boostdesk.models.campaign import LEVEL_ZH, level_and_outside
from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.money import format_money
from boostdesk.validate import ValidationError, check_phone, phone_read_note, tidy_line, tidy_name

from . import dialogs, entry_checks
from .context import AppContext
from .entry_form import ERROR, OK, WARN, EntryForm, industry_example
from .form_widgets import (
    AmountField,
    DateField,
    LevelField,
    NotesField,
    PersonField,
    TextField,
    YesNoField,
    across_hints,
)

_TEXT = {"unit_name", "enterprise_name", "studio_name", "leader", "title", "industry",
         "contact_name", "contact_phone", "remarks"}


class ProjectForm(EntryForm):
    STREAM = PROJECT
    TITLE = "创新项目助推申报"

    def __init__(self, ctx: AppContext, record: ProjectApplication | None = None,
                 parent: QWidget | None = None) -> None:
        # (typed name, known studio id) the clerk said are different studios
        self._declined: set[tuple[str, int]] = set()
        self._matches: dict[tuple[str, str, str], intake.StudioMatch | None] = {}
        super().__init__(ctx, record, parent)
        self.editor("studio_name").editingFinished.connect(self._studio_typed)
        self.editor("contact_phone").editingFinished.connect(self._tidy_phone)
        for key in ("leader", "contact_name"):
            editor = self.editor(key)
            editor.editingFinished.connect(lambda editor=editor: self._tidy_person(editor))

    def paper_title(self) -> str:
        # the campaign's federation, not Beijing's
        from boostdesk.finance.terms import federation_name

        return (f"{federation_name(self.campaign)}{self.year}年创新项目助推申报书"
                f"（{self.campaign.attachment('project_form')}）")

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
        self.add_row("studio_level", "工作室级别", LevelField(outside=True), required=True)
        self.add_row("model_studio", "是否示范性工作室", YesNoField())
        self.add_row("leader", "领衔人", PersonField(words=names("project_people"), one=True),
                     required=True)
        self.add_row("title", "项目名称", TextField(), required=True)
        # across the hints' column: a 60-character title showed 15 characters at 15 pt
        across_hints(self.grid, self.rows["title"], caption_top=False)
        self.add_row("industry", "所属领域", TextField(
            placeholder=industry_example(self.campaign), words=list(self.campaign.priority_industries)))
        self.add_row("approval_date", "立项日期", DateField(example=self.examples["approval_date"]),
                     required=True)
        self.add_row("startup_funds_paid", "启动资金是否到位", YesNoField(), required=True)
        # a month alone (2023年12月: completed by then) is an answer, read as its last day
        self.add_row("planned_completion", "计划完成日期", DateField(example=self.examples["planned_completion"],
                                                               month_end=True), required=True)
        self.add_row("total_budget_fen", "项目总投入（万元）", AmountField(), required=True)
        # the year's tiers, as its blank table says: 30 (万元) is no tier of any year's plan
        self.add_row("requested_fen", "申请助推金额（万元）", AmountField(
            placeholder=f"本年度各档 {tiers_in_wan(self.campaign)}"), required=True)
        self.add_row("contact_name", "联系人", PersonField(words=names("project_people")))
        self.add_row("contact_phone", "联系电话", TextField(placeholder="手机或 010-83570885"))
        # a team's names, a summary: lines as wide as the sheet
        self.add_row("remarks", "备注", NotesField())
        across_hints(self.grid, self.rows["remarks"])

    def build_record(self, values: dict[str, Any]) -> ProjectApplication:
        out = {key: ("" if value is None and key in _TEXT else value)
               for key, value in values.items()}
        out["model_studio"] = bool(out.get("model_studio"))
        out["title"] = self.title_of(out.get("title"))
        for key in ("leader", "contact_name"):  # 黄  志成 as the paper aligns it is 黄志成
            out[key] = tidy_name(out.get(key))
        if "studio_level" in out:  # 企业级 typed is kept as written, as the import keeps it;
            # a level chosen (or the field cleared) replaces it
            out["studio_level"], out["outside_level"] = level_and_outside(out["studio_level"])
        return replace(self.record, **out)

    def _load(self, record: Any) -> None:
        super()._load(record)
        if record.outside_level and not record.studio_level:  # 企业级 in its field
            self._filling = True
            try:
                self.editor("studio_level").set_value(record.outside_level)
            finally:
                self._filling = False

    def field_notes(self, record: ProjectApplication) -> dict[str, tuple[str, str]]:
        notes: dict[str, tuple[str, str]] = {}
        for key in ("total_budget_fen", "requested_fen"):
            value = getattr(record, key)
            if value is not None:
                notes[key] = (OK, format_money(value))
        if record.contact_phone and (said := self.phone_note("contact_phone", record.contact_phone)):
            notes["contact_phone"] = said
        for key, note in self._implausible_amounts(record).items():
            notes[key] = (WARN, note)
        kept = intake.level_kept(self.reg, record)
        level = kept or record.studio_level
        if record.outside_level and not record.studio_level:  # typed or imported as written
            notes["studio_level"] = (
                ERROR, f"不合格（{self.campaign.clause('project_scope')}：{record.outside_level}"
                       "不在助推范围）；确为市级或区、局、集团（公司）级而误写的，按 1 或 2 选择")
        elif level:
            tiers = self.campaign.tiers_for(level)
            notes["studio_level"] = (
                WARN if kept else OK,
                (f"该工作室已获助推，级别按登记册的{LEVEL_ZH[level]}核对（确有变化请在“工作室”"
                 "中修改）。" if kept else "")
                # a zero-width space after 、: Qt does not break "、¥" in a narrow hint
                + f"{LEVEL_ZH[level]}档次：" + "、\u200b".join(format_money(t.amount_fen)
                                                            for t in tiers))
        match = self._match(record)
        if (other := intake.another_studio_for(self.reg, record)) is not None:
            notes["studio_name"] = (WARN, f"登记册中的“{other.known.name}”是"
                                          f"{other.known.enterprise}的工作室：保存时询问是否为"
                                          "另一个同名工作室")
        elif match is not None:
            notes["studio_name"] = (
                WARN, f"按 {near_names.TAKE_KEY} 改用登记册中相近的“{match.studio.name}”，"
                      "否则保存时询问是否为同一工作室")
        return notes

    def _implausible_amounts(self, record: ProjectApplication) -> dict[str, str]:
        """The amounts that read as 元 typed in the form's 万元, by field."""
        notes = {"total_budget_fen": intake.implausible_budget(self.campaign, record.total_budget_fen),
                 "requested_fen": intake.implausible_request(self.campaign, record.requested_fen)}
        for key in ("total_budget_fen", "requested_fen"):
            # a budget of 3千万 is possible, but not one typed 3,000.00: 元 as a receipt writes
            notes[key] = notes[key] or intake.written_as_yuan(self.editor(key).text(),
                                                              getattr(record, key))
        return {key: note for key, note in notes.items() if note}

    def confirm_first(self, record: ProjectApplication) -> str | None:
        # Stored, 600000 under 万元 is a 60亿 budget the rules then judge: asked, not only hinted.
        notes = self._implausible_amounts(record)
        if not notes:
            return None
        return "\n".join(f"{self.rows[key].label}：{note}" for key, note in notes.items())

    def confirm_focus(self, record: ProjectApplication) -> str | None:
        return next(iter(self._implausible_amounts(record)), None)

    def draft_verdict(self, record: ProjectApplication) -> Any:
        from boostdesk.rules import check_project_draft

        kept = intake.level_kept(self.reg, record)  # what the register will judge it by
        return check_project_draft(self.reg, replace(record, studio_level=kept) if kept else record)

    def settle(self, record: ProjectApplication) -> tuple[Any, dict[str, Any]] | None:
        """Before saving: a new studio named nearly as a known one, then the studio's
        facts where the paper and the register differ."""
        known = self._ask_known_studio(record)
        if known is None:  # Esc: not decided, back to 工作室 (asked again at the next save)
            self.editor("studio_name").setFocus()
            return None
        if known:
            self._fill_studio()
            values, _errors = self.values()
            record = self.build_record(values)
            duplicate = self.duplicate(record)
            if duplicate:
                self.refuse_duplicate(duplicate)
                return None
        other = intake.another_studio_for(self.reg, record)
        if other is not None:  # 技术创新工作室 of another enterprise: not the registered one
            said = dialogs.ask_or_back(self, "另一个同名工作室？", other.question(),
                                       yes="是，登记为另一工作室", no="否，登记册中的工作室")
            if said is None:
                self.editor("enterprise_name").setFocus()
                return None
            if said:
                self._filling = True
                try:
                    self.editor("studio_name").set_value(other.name)
                finally:
                    self._filling = False
                record = replace(record, studio_name=other.name)
        only: set[str] | None = None
        if self.record.id is not None and (tidy_name(record.studio_name)
                                           == tidy_name(self.record.studio_name)):
            # An edit changes its studio only by the facts the clerk changed: the unit
            # of an older application, say, is not a new fact of the studio.
            only = {key for key in intake.STUDIO_FACTS
                    if getattr(record, key) != getattr(self.record, key)}
        keep: dict[str, Any] = {} if only is None else {"studio_facts": only}
        difference = intake.paper_differs(self.reg, record, only)
        if difference is None or not difference.asks:
            return record, keep
        # Enter: 保留登记册的, as before; Esc and × 返回修改 (they kept the register's facts
        # and saved: the clerk pressing Esc to look at the paper again had said nothing)
        said = dialogs.ask_or_back(self, "工作室信息与登记册不同", difference.question(),
                                   yes="改为申报书所填", no="保留登记册的", default_yes=False,
                                   no_key=None)
        if said is None:  # back to the first fact asked about, nothing saved
            row = self.rows.get(difference.first_asked)
            if row is not None and row.editor.isEnabled():
                row.editor.setFocus()
                if hasattr(row.editor, "selectAll"):
                    row.editor.selectAll()
            return None
        return (record, keep) if said else (record, {"studio_facts": ()})

    def duplicate(self, record: ProjectApplication) -> tuple[str, str] | None:
        reason = entry_checks.duplicate_project(self.reg, record)
        return ("title", reason) if reason else None

    def refused_before_asking(self, record: ProjectApplication) -> bool:
        """What the register would refuse at saving, refused before any question (the
        studio's, the 审批表's reason: typed for a save then refused, it was typed for
        nothing), the cursor on the field refused: an awarded project's 项目总投入 cut
        under its award's share (二（三）); an awarded project typed onto a studio holding
        its year's awards (二（二）2)."""
        from boostdesk.models.studio_limits import move_refusal

        if record.id is None:
            return False
        stored = self.reg.scalar("SELECT total_budget_fen FROM project_applications WHERE id = ?",
                                 (record.id,))
        if record.total_budget_fen != stored and (
                over := self.reg.award_over_cap(record.id, record.total_budget_fen)):
            self.refuse(f"助推资金超过项目总投入的 {self.campaign.budget_cap_percent}%，未保存",
                        over, over.split("。")[0], "total_budget_fen")
            return True
        if not (why := move_refusal(self.reg, record.id, record.studio_name)):
            return False
        # the banner: the box's lines after its first (which says 未保存), on one line
        said = "；".join(x.strip().rstrip("。") for x in why.split("\n")[1:]).replace("：；", "：")
        self.refuse("工作室获助推超过限额，未保存", why, said, "studio_name")
        return True

    # -- filling in what the register already knows ----------------------------------
    def _match(self, record: ProjectApplication) -> intake.StudioMatch | None:
        """The known studio a new studio's name probably means, unless the clerk said no
        (remembered per name, leader and enterprise: the form re-checks as it is typed)."""
        key = (tidy_name(record.studio_name), tidy_name(record.leader),
               tidy_name(record.enterprise_name))
        if key not in self._matches:
            self._matches[key] = intake.known_studio_for(self.reg, *key, year=self.year)
        match = self._matches[key]
        if match is None or (match.typed, match.studio.id) in self._declined:
            return None
        return match

    def _ask_known_studio(self, record: ProjectApplication) -> bool | None:
        """Ask “是否为已登记的…？” for a new studio named nearly as a known one; True when
        the clerk said yes and the form now names the known studio, False when they said
        it is a new one, None when they pressed Esc (返回修改): nothing decided."""
        match = self._match(record)
        if match is None:
            return False
        # Enter: 是 (二（一）); 否 (a new studio, lasting): Alt+N only, as a new union
        said = dialogs.ask_or_back(self, "是否为已登记的工作室？", match.question(),
                                   yes="是，同一工作室", no="否，新工作室")
        if said is None:
            return None
        if not said:
            self._declined.add((match.typed, match.studio.id))
            self.recheck()
            return False
        self._filling = True
        try:
            self.editor("studio_name").set_value(match.studio.name)
        finally:
            self._filling = False
        return True

    def _studio_typed(self) -> None:
        """The studio's name left: a known one fills what the register knows of it. A near
        name is not asked about here (a box opened on Tab took the typing that followed):
        the hint says it, F4 takes it, saving asks."""
        if self.reg.closed:  # the form left behind as its register closed
            return
        self._fill_studio()

    # -- F4 on the studio, as on the union and the enterprise -----------------------------
    def verdict_if(self, record: ProjectApplication) -> str:
        from boostdesk.refusal_reasons import RULES

        refused = self._refused_if_same(record)
        match = self._match(record)
        if not refused or match is None:
            return ""
        why = []
        for f in refused:  # the rule's short words and clause; its whole message below
            rule = RULES[PROJECT].get(f.code)
            why.append(f"{rule[1]}（{self.campaign.clause(rule[0])}）" if rule else f.message)
        return f"如与“{match.studio.name}”为同一工作室，不合格：" + "；".join(why)

    def _refused_if_same(self, record: ProjectApplication) -> list[Any]:
        """The findings refusing the paper once its near studio is said to be the same
        (a 3rd application of it, 二（二）2) that the paper as typed has not: the panel said
        合格 until the question, and the saved paper was 不合格."""
        match = self._match(record)
        if match is None or self.last_verdict is None:
            return []
        now = {f.code for f in self.last_verdict.findings if f.blocking}
        same = self.draft_verdict(replace(record, studio_name=match.studio.name))
        return [f for f in same.findings if f.blocking and f.code not in now]

    def asked_at_save(self, record: Any) -> list[str]:
        said = super().asked_at_save(record)
        match = self._match(record)
        if match is not None:
            said.append(f"工作室“{tidy_name(record.studio_name)}”与登记册中的"
                        f"“{match.studio.name}”相近"
                        + "".join(f"；如为同一工作室，不合格：{f.message}"
                                  for f in self._refused_if_same(record)))
        return said

    def near_keys(self, record: Any) -> list[str]:
        keys = super().near_keys(record)
        if self._match(record) is not None:
            order = list(self.rows)
            keys = sorted([*keys, "studio_name"], key=order.index)
        return keys

    def take_near_name(self, key: str, record: Any) -> str | None:
        if key != "studio_name":
            return super().take_near_name(key, record)
        match = self._match(record)
        if match is None:
            return None
        self.put_name(key, match.studio.name)
        self._fill_studio()  # its level, leader, … where still blank
        return match.studio.name

    def _next(self, message: str) -> None:
        self._declined.clear()
        self._matches.clear()  # the studio just saved is known now
        super()._next(message)

    def _fill_studio(self) -> None:
        """A known studio fills its level, model flag, leader, unit and enterprise if blank."""
        name = tidy_name(self.editor("studio_name").value())
        studio = self.reg.studio(name) if name else None
        if studio is None:
            return
        self._filling = True
        try:
            for key, value in (("unit_name", studio.unit_name),
                               ("enterprise_name", studio.enterprise_name),
                               ("leader", studio.leader)):
                editor = self.editor(key)
                if value and not tidy_line(editor.text()):  # (a name with a digit is no blank)
                    editor.set_value(value)
            if self.editor("studio_level").value() is None:
                self.editor("studio_level").set_value(studio.level)
            if self.editor("model_studio").value() is None:
                self.editor("model_studio").set_value(studio.model_studio)
        finally:
            self._filling = False
        self.recheck()

    def _tidy_person(self, editor: Any) -> None:
        try:
            clean = tidy_name(editor.value())
        except ValidationError:  # a digit in it: left as typed, the hint says why
            return
        if clean != editor.text():
            editor.setText(clean)  # (not set_value: a paste's note stays)

    def _tidy_phone(self) -> None:
        editor = self.editor("contact_phone")
        try:
            clean = check_phone(editor.value()) if editor.value() else ""
        except ValidationError:
            return
        if phone_read_note(editor.value()):
            return  # two numbers: left as typed while the hint says which one is stored
        if clean and clean != editor.text():
            editor.setText(clean)  # (not set_value: a paste's note stays)
