"""The patent entry form: attachment 1 (职工创新发明专利助推申报表) in the order of the paper."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QWidget

from boostdesk.labels import mask_id
from boostdesk.models.payment_marks import sent_text
from boostdesk.models.records import PATENT, PatentApplication, id_ref
from boostdesk.old_ids import converted, converted_note
from boostdesk.validate import (
    FRONTLINE_WORDS,
    PatentNumber,
    ValidationError,
    check_phone,
    check_resident_id,
    check_union_card,
    lacking_check_char,
    parse_patent_number,
    person_key,
    phone_read_note,
    resident_id_birth_date,
    same_name,
    spaced_name_dot,
    tidy_card,
    tidy_line,
    tidy_name,
    tidy_patent_number,
)

from . import entry_checks
from .context import AppContext
from .entry_form import ERROR, OK, WARN, EntryForm, industry_example
from .form_widgets import (
    DateField,
    NotesField,
    PersonField,
    TextField,
    YesNoField,
    across_hints,
)

_TEXT = {"unit_name", "enterprise_name", "title", "patent_number_raw", "inventor_name",
         "id_number", "card_number", "phone", "industry", "remarks"}


def _lacking_said(number: PatentNumber) -> str:
    return (f"专利号缺少校验位（小数点后的一位）：按前 {len(number.digits)} 位算，校验位应为 "
            f"{number.check}，即 {number.patent_number}")


class PatentForm(EntryForm):
    STREAM = PATENT
    TITLE = "专利助推申报"

    def __init__(self, ctx: AppContext, record: PatentApplication | None = None,
                 parent: QWidget | None = None) -> None:
        self._looked_up = ""
        self._from_old_id = ""  # the 18-digit number a typed 15-digit ID became (old_ids)
        self._kept_his: str | None = None  # the awarded person the ID moves it onto (saved)
        super().__init__(ctx, record, parent)
        self.editor("id_number").textChanged.connect(self._fill_person)
        self.editor("enterprise_name").editingFinished.connect(self._fill_unit)
        for key in ("phone", "card_number", "id_number", "inventor_name"):
            self.editor(key).editingFinished.connect(lambda key=key: self._tidy(key))

    def paper_title(self) -> str:
        # the campaign's federation, not Beijing's
        from boostdesk.finance.terms import federation_name

        return (f"{federation_name(self.campaign)}{self.year}年职工创新发明专利助推申报表"
                f"（{self.campaign.attachment('patent_form')}）")

    def blank(self) -> PatentApplication:
        return self.prefill(PatentApplication(campaign_year=self.year))

    def build_fields(self) -> None:
        names = self.reg.names
        self.add_row("unit_name", "推荐单位", TextField(
            placeholder="区、局、集团（公司）工会", words=names("units")), required=True)
        self.add_row("enterprise_name", "所在单位", TextField(words=names("enterprises")),
                     required=True)
        self.add_row("title", "专利名称", TextField(placeholder="与专利证书一致"), required=True)
        # across the hints' column: a 60-character title showed 15 characters at 15 pt
        across_hints(self.grid, self.rows["title"], caption_top=False)
        self.add_row("patent_number_raw", "专利号", TextField(placeholder="如 ZL202110123456.7"),
                     required=True)
        self.add_row("grant_date", "授权公告日", DateField(example=self.examples["grant_date"]),
                     required=True)
        self.add_row("inventor_name", "第一发明人", PersonField(words=names("people"), one=True),
                     required=True)
        self.add_row("id_number", "身份证号", TextField(placeholder="18 位"), required=True)
        self.add_row("card_number", "工会会员互助服务卡号", TextField(placeholder="16—19 位"),
                     required=True)
        self.add_row("phone", "联系电话", TextField(placeholder="手机或 010-83570885"))
        self.add_row("frontline", "是否一线职工", YesNoField(words=FRONTLINE_WORDS), required=True)
        self.add_row("service_invention", "是否职务发明", YesNoField(), required=True)
        self.add_row("applied_in_production", "是否已在生产中应用", YesNoField(), required=True)
        self.add_row("industry", "所属领域", TextField(
            placeholder=industry_example(self.campaign), words=list(self.campaign.priority_industries)))
        # a team's names, a summary: lines as wide as the sheet
        self.add_row("remarks", "备注", NotesField())
        across_hints(self.grid, self.rows["remarks"])

    def build_record(self, values: dict[str, Any]) -> PatentApplication:
        record = replace(self.record, **{
            key: ("" if value is None and key in _TEXT else value) for key, value in values.items()
        })
        record = replace(record, title=self.title_of(values.get("title")),
                         patent_number_raw=tidy_patent_number(record.patent_number_raw))
        new = converted(record.id_number)  # a 15-digit ID: the person is his 18-digit self
        return replace(record, id_number=new) if new else record

    def field_notes(self, record: PatentApplication) -> dict[str, tuple[str, str]]:
        notes: dict[str, tuple[str, str]] = {}
        if record.patent_number_raw:
            try:
                number = parse_patent_number(record.patent_number_raw)
            except ValidationError as exc:
                completed = lacking_check_char(record.patent_number_raw)
                notes["patent_number_raw"] = (
                    (WARN, f"{_lacking_said(completed)}——按 F4 补上") if completed is not None
                    else (ERROR, exc.message))
            else:
                level = OK if number.is_invention else ERROR
                notes["patent_number_raw"] = (level, f"{number.kind_zh}专利 {number.patent_number}")
        if record.id_number:
            try:
                resident = check_resident_id(record.id_number)
            except ValidationError as exc:
                notes["id_number"] = (ERROR, exc.message)
            else:
                # the birth date is what the masked number hides (110105********002X)
                notes["id_number"] = (OK, "号码校验无误" if self.editor("id_number").masked()
                                      else f"出生日期 {resident_id_birth_date(resident).isoformat()}")
                if converted(self.editor("id_number").value()):
                    self._from_old_id = resident  # said on, once the field shows the 18 digits
                if resident == self._from_old_id:
                    notes["id_number"] = (OK, converted_note(resident))
                other = entry_checks.person_already_applied(self.reg, record)
                if other:
                    notes["id_number"] = (WARN, other)
        if record.card_number:
            try:
                _, warnings = check_union_card(record.card_number)
            except ValidationError as exc:
                notes["card_number"] = (ERROR, exc.message)
            else:
                if warnings:
                    notes["card_number"] = (WARN, warnings[0])
        if record.phone and (said := self.phone_note("phone", record.phone)):
            notes["phone"] = said
        person_note = getattr(self, "_person_note", "")
        if person_note and "inventor_name" not in notes:
            notes["inventor_name"] = (WARN, person_note)
        return notes

    def one_key_fixes(self) -> dict[str, str]:
        """With the spaced names' dots, a patent number's missing check digit (F4)."""
        fixes = super().one_key_fixes()
        editor = self.editor("patent_number_raw")
        completed = lacking_check_char(editor.text()) if editor.isEnabled() else None
        if completed is not None:
            fixes["patent_number_raw"] = completed.patent_number
        return fixes

    def draft_verdict(self, record: PatentApplication) -> Any:
        from boostdesk.rules import check_patent_draft

        return check_patent_draft(self.reg, record)

    def duplicate(self, record: PatentApplication) -> tuple[str, str] | None:
        reason = entry_checks.duplicate_patent(self.reg, record)
        return ("patent_number_raw", reason) if reason else None

    def _mistyped(self, record: PatentApplication) -> tuple[str, str] | None:
        """(field, reason) of the first number that fails its own check (a check digit, a
        length): far likelier a key missed at the desk than what the certificate says."""
        checks = (("patent_number_raw", parse_patent_number), ("id_number", check_resident_id),
                  ("card_number", check_union_card))
        for key, check in checks:
            text = getattr(record, key)
            if not text or (key == "patent_number_raw" and lacking_check_char(text)):
                continue  # the check digit missing: a fact to send, asked apart
            try:
                check(text)
            except ValidationError as exc:
                return key, f"{self.rows[key].label}：{exc.message}"
        return None

    def _question(self, record: PatentApplication) -> tuple[str, str | None] | None:
        """What to ask before saving, and the field it is about (返回修改 goes there)."""
        completed = lacking_check_char(record.patent_number_raw)
        if completed is not None and completed.is_invention:
            return (f"{_lacking_said(completed)}。\n请照专利证书核对：返回修改，按 F4 补上这一位；"
                    "按此保存，本申报为待补材料（待补专利号的校验位）", "patent_number_raw")
        mistyped = self._mistyped(record)
        if mistyped:
            return (f"{mistyped[1]}。\n请对照申报表核对是否录错。按此保存，本申报将核对为不合格"
                    "（登记册照实保存所报内容）", mistyped[0])
        # A rename first: told otherwise, the clerk reads the other person's paper as theirs.
        person = (entry_checks.person_renamed(self.reg, record)
                  or self._renamed_person_stays(record))
        if person:
            return person, "id_number"
        verdict = self.draft_verdict(record)
        refused = entry_checks.award_now_refused(self.reg, record, verdict)
        if refused:
            field = next((f.field for f in verdict.findings if f.blocking and f.field), None)
            return refused, field
        # onto a person with an award: what the save keeps of his, then his year's count
        said = [x for x in (entry_checks.moved_onto_awarded(self.reg, record),
                            self._others_this_year(record)) if x]
        return ("\n\n".join(said), "id_number") if said else None

    def _others_this_year(self, record: PatentApplication) -> str | None:
        """His other papers of the year (one award a person): asked of a new paper, or one
        whose ID or year changed; not at each save of a paper already so (its phone)."""
        opened = self.record
        if (opened.id is not None and record.campaign_year == opened.campaign_year
                and person_key(record.id_number) == person_key(opened.id_number)):
            return None
        return entry_checks.person_already_applied(self.reg, record)

    def confirm_first(self, record: PatentApplication) -> str | None:
        awarded = self.reg.moved_onto_awarded(record)  # said again once saved
        self._kept_his = awarded[0] if awarded is not None else None
        question = self._question(record)
        return question[0] if question else None

    def settle(self, record: PatentApplication) -> tuple[Any, dict[str, Any]] | None:
        """The card of an award corrected — approved (the money not yet sent goes to the
        new card), or with money sent to it (a share sent back by the bank, sent again to
        the new card): why, asked and written on the trail (``Register.save_patent``)."""
        if (self.record.id is None
                or tidy_card(record.card_number) == tidy_card(self.record.card_number)):
            return record, {}
        from boostdesk.models.register import APPROVED
        from boostdesk.safety.privacy import mask_card_grouped as mask_card

        from .reason_dialog import ReasonDialog

        old, new = mask_card(self.record.card_number) or "空", mask_card(record.card_number) or "空"
        if record.card_number and self.reg.returned_owed(PATENT, self.record.id):
            text = (f"{id_ref(PATENT, self.record.id)} 的助推款已汇往原卡 {old}，有款项被银行退回"
                    f"待重拨：更正为新卡 {new} 后，退回的款项汇往新卡。请写明更正原因"
                    "（记入修改记录，重印的审批表注明两张卡）。")
        elif self.record.card_number and self.reg.scalar(
                "SELECT status FROM patent_applications WHERE id = ?",
                (self.record.id,)) == APPROVED:
            text = (f"{id_ref(PATENT, self.record.id)} 已核准，按原卡 {old} 拨付：更正为 {new} 后，"
                    "助推资金汇往新卡。请写明更正原因（记入修改记录，审批表和拨付清单注明）。")
        else:
            return record, {}
        dialog = ReasonDialog(
            "更正会员卡号", text,
            "如：原卡已销户，本人提供新卡（银行退汇通知）", "更正卡号", "请填写更正卡号的原因",
            self)
        if dialog.exec() != ReasonDialog.DialogCode.Accepted:  # back to the card, unsaved
            self.activateWindow()
            self.editor("card_number").setFocus()
            return None
        return record, {"reason": dialog.reason}

    def _saved_message(self, app_id: int) -> str:
        """With, after an ID corrected onto a person with an award, what was kept of his."""
        text = super()._saved_message(app_id)
        if self._kept_his is not None:
            text += f"；“{self._kept_his}”已获助推，其登记的卡号、电话不随本申报更改"
        return text

    def confirm_focus(self, record: PatentApplication) -> str | None:
        question = self._question(record)
        return question[1] if question else None

    def _renamed_person_stays(self, record: PatentApplication) -> str | None:
        """The ID number corrected on a paper that renamed the person of the old number:
        he gets his name back, unless money of an award of his was sent since (under the
        name the paper gave him; paid, or sent back by the bank and owed again): then the
        clerk is told where it is corrected."""
        if record.id is None or record.person_id is None:
            return None
        before = self.reg.patent(record.id)
        if person_key(record.id_number) == person_key(before.id_number):
            return None
        back = self.reg.paper_changes_to_take_back(record.person_id, record.id,
                                                   keep_paid_name=False)
        kept = self.reg.paper_changes_to_take_back(record.person_id, record.id)
        if "name" not in back or "name" in kept:
            return None
        paid, returned = self.reg.sent_under_name(record.person_id, record.id)
        # not 登记拨付 for money that came back: it left under that name, to be sent again
        sent = (f"按“{before.inventor_name}”{sent_text(paid, returned)}" if returned
                else f"已按“{before.inventor_name}”登记拨付")
        return (
            f"录入本申报时，身份证号 {mask_id(before.id_number)} 的“{back['name']}”被改名为"
            f"“{before.inventor_name}”，其助推款此后{sent}，"
            "姓名不随本次更正改回。保存后请在“单位与人员”→“人员”中选中此人、按 Enter 更正"
            f"姓名为“{back['name']}”（写明原因），拨付清单和审批表随之更正"
        )

    # -- filling in what the register already knows ----------------------------------
    def _fill_person(self) -> None:
        """A known ID number fills the person's name, card, phone (and what else is blank)."""
        text = self.editor("id_number").value()
        try:
            number = check_resident_id(text)
        except ValidationError:
            self._person_note = ""
            return
        if number == self._looked_up:
            return
        self._looked_up = number
        person = self.reg.person_by_id_number(number)
        self._person_note = ""
        if person is None:
            return
        fills = {"inventor_name": person.name, "card_number": person.card_number,
                 "phone": person.phone, "enterprise_name": person.enterprise_name}
        for key, value in fills.items():
            editor = self.editor(key)
            if value and not tidy_line(editor.text()):  # (a name with a digit is no blank)
                editor.set_value(value)
        frontline = self.editor("frontline")
        if person.frontline is not None and frontline.value() is None:
            frontline.set_value(person.frontline)
        typed = tidy_name(tidy_line(self.editor("inventor_name").text()))
        if typed and same_name(typed, person.name) and typed != person.name:
            # 买买提艾力 for 买买提·艾力: his name, as registered (ensure_person keeps it)
            self._person_note = f"与登记册中此身份证号的“{person.name}”只差间隔号，按登记册的写法保存"
        elif typed and typed != person.name:
            self._person_note = f"登记册中此身份证号登记的是“{person.name}”，请核对"
        self.recheck()

    def _fill_from_enterprise(self) -> None:
        self._fill_unit()

    def _fill_unit(self) -> None:
        """A known enterprise fills its recommending union when that is still blank."""
        unit = self.editor("unit_name")
        if unit.value():
            return
        name = tidy_name(self.editor("enterprise_name").value())
        found = self.reg.scalar(
            "SELECT u.name FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE e.name = ?",
            (name,),
        )
        if found:
            unit.set_value(found)

    def _tidy(self, key: str) -> None:
        editor = self.editor(key)
        try:
            text = editor.value()  # a name with a digit: left as typed, the hint says why
            if not text:
                return
            if key == "inventor_name":  # as the register will store it: 买买提.艾力 is 买买提·艾力
                if spaced_name_dot(text):
                    return  # 阿依古丽 买买提: the space may be the dot, asked beside it (F4)
                clean = tidy_name(text)
            elif key == "phone":
                if phone_read_note(text):
                    return  # two numbers: left as typed while the hint says which one is stored
                clean = check_phone(text)
            elif key == "card_number":
                clean = check_union_card(text)[0]
            else:
                clean = check_resident_id(text)
                if converted(text):  # a 15-digit ID: the hint says what it became
                    self._from_old_id = clean
        except ValidationError:
            return
        if clean != editor.text():
            editor.setText(clean)  # (not set_value: a paste's note stays)

