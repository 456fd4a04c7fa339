"""A union's table naming a registered person (by ID number) under another spelling renamed
him on every union's papers with a mere 提示, the row saying 可导入. A name differing only
by the middle dot is his name, as registered; a real difference is asked about on its row
(its row, column and both spellings), the register's name kept unless the clerk takes the
table's (--rename-people; the window's box) — as the form asks before a rename."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_1,
    INVENTION_2,
    PATENT_HEADERS,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.duplicates import registered_names
from boostdesk.io.importer import read_table
from boostdesk.models import Register
from boostdesk.validate import same_name

TITLE = ["2022年职工创新发明专利助推汇总表"]
UYGHUR_ID = resident_id("65010219840404004")


def _registered(tmp_path, capsys, name: str, number: str) -> object:
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        第一发明人=name, 身份证号=number)])
    assert main(["import", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def _other_union(tmp_path, name: str, number: str):
    return write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市朝阳区总工会", 专利号=INVENTION_2, 专利名称="一种光伏支架",
        第一发明人=name, 身份证号=number)])


def _names(db) -> list[str]:
    with Register.open(db) as reg:
        return [a.inventor_name for a in reg.patents(2022)]


def test_one_name_with_or_without_its_middle_dot():
    assert same_name("买买提艾力", "买买提·艾力")
    assert same_name("买买提•艾力", "买买提·艾力") and same_name("买买提・艾力", "买买提艾力")
    assert not same_name("张玮", "张伟") and not same_name("买买提", "买买提·艾力")


def test_a_dotless_name_in_another_unions_table_keeps_the_registered_spelling(tmp_path, capsys):
    db = _registered(tmp_path, capsys, "买买提·艾力", UYGHUR_ID)
    assert main(["import", str(_other_union(tmp_path, "买买提艾力", UYGHUR_ID)), "--db",
                 str(db)]) == 0
    said = capsys.readouterr()
    assert _names(db) == ["买买提·艾力", "买买提·艾力"]  # 海淀's paper not renamed
    assert "姓名" not in said.err and "请核对" not in said.out  # nothing to ask


def test_a_typo_of_a_registered_name_is_asked_on_its_row_not_taken(tmp_path, capsys):
    db = _registered(tmp_path, capsys, "张伟", ID_1)
    assert main(["import", str(_other_union(tmp_path, "张玮", ID_1)), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert _names(db) == ["张伟", "张伟"]  # no one renamed
    assert "请核对：1 行第一发明人的姓名与登记册不同" in out
    line = next(line for line in out.splitlines() if "第 3 行" in line and "张玮" in line)
    assert "第 3 行：“第一发明人”表中为“张玮”" in line and "为“张伟”" in line
    assert "--rename-people" in line and ID_1 not in line  # the ID masked
    # the command line names its option, not the window's box
    assert "请加 --rename-people 重新导入" in line and "按表中姓名更正" not in line


def test_the_clerk_may_take_the_tables_spelling(tmp_path, capsys):
    db = _registered(tmp_path, capsys, "张伟", ID_1)
    assert main(["import", str(_other_union(tmp_path, "张玮", ID_1)), "--db", str(db),
                 "--rename-people"]) == 0
    said = capsys.readouterr()
    assert _names(db) == ["张玮", "张玮"]
    assert "请核对：" not in said.out and "按本行登记，此人的其他申报也随之改变" in said.err


def test_the_preview_row_keeps_the_registered_name_and_says_why(tmp_path, capsys):
    db = _registered(tmp_path, capsys, "张伟", ID_1)
    table = _other_union(tmp_path, "张玮", ID_1)
    with Register.open(db) as reg:
        preview = read_table(table, 2022, campaign=reg.campaign(2022))
        kept, notes, asked = registered_names(reg, preview)
        assert [r.inventor_name for r in kept.records] == ["张伟"]
        assert asked == {3: ("张伟", "张玮")} and [row for row, _ in notes] == [3]
        taken, _notes, none = registered_names(reg, preview, rename=True)
        assert [r.inventor_name for r in taken.records] == ["张玮"] and none == {}


def _paper(number: str, name: str, patent: str):
    from dataclasses import replace
    from datetime import date

    from boostdesk.models import PatentApplication
    from boostdesk.models.records import PATENT_MATERIALS

    return replace(PatentApplication(
        campaign_year=2022, title="一种光伏支架", patent_number_raw=patent,
        grant_date=date(2021, 6, 15), inventor_name=name, id_number=number,
        card_number="6214680000000000008", phone="13800138000", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="北京市朝阳区总工会",
        enterprise_name="北京阳光电力设备有限公司", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True)))


def test_the_form_asks_nothing_for_the_dot_and_keeps_the_registered_spelling(reg):
    from fixtures.summary_sheets import INVENTION

    from boostdesk.ui.entry_checks import person_renamed

    first = reg.save_patent(_paper(UYGHUR_ID, "买买提·艾力", INVENTION))
    dotless = _paper(UYGHUR_ID, "买买提艾力", INVENTION_2)
    assert person_renamed(reg, dotless) is None
    second = reg.save_patent(dotless)
    assert {reg.patent(first).inventor_name, reg.patent(second).inventor_name} == {"买买提·艾力"}
    # a real difference is still asked
    asked = person_renamed(reg, _paper(UYGHUR_ID, "买买提", INVENTION_2))
    assert asked is not None and "买买提·艾力" in asked
