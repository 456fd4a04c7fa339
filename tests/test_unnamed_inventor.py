"""A patent paper whose 第一发明人 is blank (left so, or cleared by mistake) is stored as it
was reported: 不合格 for the missing name, with the ID number and phone it gives. The
register keeps people by name, so it made no person for such a paper and its ID number
and phone went nowhere, the audit trail included (migration 20 keeps them on the paper)."""

from __future__ import annotations

import json
from dataclasses import replace

from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)

from boostdesk.io.importer import read_table
from boostdesk.models import PatentApplication
from boostdesk.rules import refresh
from boostdesk.rules.check import check_patent_draft

PHONE = "13800001234"


def _paper(**over: object) -> PatentApplication:
    values: dict[str, object] = {
        "title": "一种冻干粉针剂自动灯检方法", "patent_number_raw": INVENTION, "inventor_name": "",
        "id_number": ID_1, "card_number": CARD_1, "phone": PHONE, "unit_name": "大兴区总工会",
        "enterprise_name": "北京大兴生物医药产业基地管理有限公司"}
    values.update(over)
    return PatentApplication(2022, **values)  # type: ignore[arg-type]


def _codes(reg, app_id: int) -> set[str]:
    text = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return {f["code"] for f in json.loads(text)}


def test_a_paper_without_its_inventor_keeps_the_id_number_and_phone_it_gives(reg):
    typed = _paper()
    draft = check_patent_draft(reg, typed)
    app_id = reg.save_patent(typed)
    refresh(reg)

    stored = reg.patent(app_id)
    assert stored.person_id is None and stored.inventor_name == ""
    assert (stored.id_number, stored.phone, stored.card_number) == (ID_1, PHONE, CARD_1)
    [created] = reg.audit_trail("patent_applications", app_id)
    assert (created["after"]["id_number"], created["after"]["phone"]) == (ID_1, PHONE)
    # judged as the form judged it: 不合格 for the name alone, not 缺少“身份证号” besides
    assert _codes(reg, app_id) == {f.code for f in draft.findings}
    assert "INVENTOR_MISSING" in _codes(reg, app_id)
    assert reg.scalar("SELECT COUNT(*) FROM people") == 0


def test_its_name_typed_later_makes_the_person_of_those_facts(reg):
    app_id = reg.save_patent(_paper())
    reg.save_patent(replace(reg.patent(app_id), inventor_name="韩雪"))

    named = reg.patent(app_id)
    assert named.person_id is not None and named.inventor_name == "韩雪"
    assert (named.id_number, named.phone) == (ID_1, PHONE)
    person = reg.person_by_id_number(ID_1)
    assert person is not None and (person.name, person.phone) == ("韩雪", PHONE)
    assert reg.conn.execute("SELECT reported_id_number, reported_phone FROM patent_applications"
                            " WHERE id = ?", (app_id,)).fetchone() == (None, None)


def test_a_name_cleared_on_a_saved_paper_keeps_the_id_number_and_phone_on_it(reg):
    app_id = reg.save_patent(_paper(inventor_name="韩雪"))
    reg.save_patent(replace(reg.patent(app_id), inventor_name=""))

    cleared = reg.patent(app_id)
    assert cleared.person_id is None
    assert (cleared.inventor_name, cleared.id_number, cleared.phone) == ("", ID_1, PHONE)


def test_a_nameless_paper_with_a_winner_s_id_takes_nothing_from_him(reg):
    """One award a person a year, keyed by the ID number: the nameless paper is 不合格 for
    its name and claims no award, so the person's own paper stays 合格."""
    own = reg.save_patent(_paper(inventor_name="韩雪", patent_number_raw=INVENTION_2,
                                 title="一种灯检装置"))
    nameless = reg.save_patent(_paper())
    refresh(reg)
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (own,)) == 1
    assert "PERSON_ALREADY_AWARDED_THIS_YEAR" not in _codes(reg, own)
    assert reg.patent(own).inventor_name == "韩雪"  # not renamed by the nameless paper
    assert reg.patent(nameless).inventor_name == ""


def test_an_imported_row_without_its_inventor_is_refused_naming_the_column(tmp_path, reg):
    """A table's row is keyed by its 第一发明人: one without is refused, said by row and
    column for the union to correct (nothing stored, nothing lost)."""
    path = write_sheet(tmp_path / "t.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="", 身份证号=ID_2, 联系电话=PHONE)])
    preview = read_table(path, 2022)
    assert [(e.column, e.message) for e in preview.errors] == [
        ("第一发明人", "缺少第一发明人姓名，无法登记这一行")]


def test_many_papers_stored_at_once_keep_a_nameless_one_s_id_number_and_phone(reg):
    """``insert_patents`` (an import's, a table's rows at once) stores what save_patent does."""
    nameless, named = reg.insert_patents(
        [_paper(id_number=ID_2), _paper(inventor_name="张三", patent_number_raw=INVENTION_2)],
        source="t.xlsx")
    assert nameless.person_id is None
    for app in (nameless, reg.patent(nameless.id or 0)):
        assert (app.inventor_name, app.id_number, app.phone) == ("", ID_2, PHONE)
    [created] = reg.audit_trail("patent_applications", nameless.id or 0)
    assert (created["after"]["id_number"], created["after"]["phone"]) == (ID_2, PHONE)
    assert reg.patent(named.id or 0).id_number == ID_1
    assert reg.conn.execute("SELECT reported_id_number FROM patent_applications WHERE id = ?",
                            (named.id,)).fetchone() == (None,)
