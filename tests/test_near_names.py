"""A union's or enterprise's name typed nearly as a registered one (``near_names``), and
the union and enterprise an undone save created taken back (``Register.drop_unused_names``):
no display needed."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fixtures.summary_sheets import INVENTION, INVENTION_2

from boostdesk import near_names
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.near_names import ENTERPRISES, FORM, MORE, ONE, PART, SAME, UNITS, NameIndex

UNIONS = ["海淀区总工会", "朝阳区总工会", "东城区总工会", "北京市公交集团工会", "首钢集团工会"]
COMPANIES = ["北京中科智测科技有限公司", "北京华信数控技术有限公司", "北京公交集团保修分公司",
             "北京新疆（集团）有限公司"]


def found(index: NameIndex, typed: str) -> list[tuple[str, int]]:
    return [(n.name, n.how) for n in index.near(typed)]


def test_a_union_one_character_off_a_registered_one_is_near_it():
    unions = NameIndex().sync(UNIONS)
    [near] = unions.near("海淀区总公会")  # 公 for 工: the input method's next candidate
    assert (near.name, near.how) == ("海淀区总工会", ONE)
    assert "“公”与“工”一字之差" in near.why
    assert found(unions, "海淀区工会") == [("海淀区总工会", ONE)]  # a character left out
    assert "少了一个“总”" in unions.near("海淀区工会")[0].why
    assert found(unions, "海淀区总工会会") == [("海淀区总工会", ONE)]  # one added
    assert found(unions, "海淀总区工会") == [("海淀区总工会", ONE)]  # two swapped
    assert found(unions, "首钢集团公会") == [("首钢集团工会", ONE)]


def test_an_enterprise_misspelt_or_cut_short_is_near_the_registered_one():
    companies = NameIndex(enterprises=True).sync(COMPANIES)
    assert found(companies, "北京中科智侧科技有限公司") == [("北京中科智测科技有限公司", ONE)]
    assert found(companies, "中科智测") == [("北京中科智测科技有限公司", PART)]  # a fragment
    assert found(companies, "北京中科智测科技") == [("北京中科智测科技有限公司", FORM)]
    assert found(companies, "北京公交集团保修") == [("北京公交集团保修分公司", FORM)]
    assert found(companies, "北京新疆集团有限公司") == [("北京新疆（集团）有限公司", SAME)]
    assert found(companies, "北京中科智测科技有限公司第一分公司") == [
        ("北京中科智测科技有限公司", MORE)]
    assert "多出“第一分公司”" in companies.near("北京中科智测科技有限公司第一分公司")[0].why
    assert found(companies, "中科智侧科技") == [("北京中科智测科技有限公司", ONE)]  # both


def test_full_width_and_spaces_are_the_same_name():
    unions = NameIndex().sync(["5G Lab (Beijing)", "海淀区总工会"])
    assert found(unions, "５Ｇ　ｌａｂ（Ｂｅｉｊｉｎｇ）") == [("5G Lab (Beijing)", SAME)]
    assert found(unions, "5GLab Beijing") == [("5G Lab (Beijing)", SAME)]
    assert unions.near("海淀区 总工会") == []  # tidied, it is the registered name itself


def test_a_registered_name_or_one_near_none_is_not_asked_about():
    unions = NameIndex().sync(UNIONS)
    assert unions.near("海淀区总工会") == []
    assert unions.near("") == []
    assert unions.near("通州区总工会") == []  # two characters off every union
    # of three characters one off is another name (甲工会, 乙工会), not a slip
    short = NameIndex().sync(["甲工会"])
    assert short.near("乙工会") == []


def test_a_fragment_of_several_lists_them_nearest_first():
    unions = NameIndex().sync(UNIONS + ["北京市海淀区总工会"])
    names = [n.name for n in unions.near("海淀区总")]
    assert names == ["海淀区总工会", "北京市海淀区总工会"]  # the shorter, nearer, first
    assert len(unions.near("工会", limit=3)) == 3


def test_the_index_follows_names_added_and_gone():
    unions = NameIndex().sync(UNIONS)
    unions.sync(UNIONS[1:])  # 海淀区总工会 gone
    assert unions.near("海淀区总公会") == []
    assert unions._by_half and all(unions._by_half.values())  # nothing left empty
    unions.sync([*UNIONS, "西城区总工会"])
    assert found(unions, "海淀区总公会") == [("海淀区总工会", ONE)]
    assert ("西城区总工会", ONE) in found(unions, "西城区总公会")


def test_the_registers_names_are_looked_up_as_saves_change_them(reg):
    assert near_names.near(reg, UNITS, "海淀区总公会") == []
    reg.save_patent(PatentApplication(2022, title="一种扳手", patent_number_raw=INVENTION,
                                      unit_name="海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    assert [n.name for n in near_names.near(reg, UNITS, "海淀区总公会")] == ["海淀区总工会"]
    assert [n.name for n in near_names.near(reg, ENTERPRISES, "中科智测")] == [
        "北京中科智测科技有限公司"]
    reg.conn.execute("DELETE FROM patent_applications")
    reg.conn.execute("DELETE FROM enterprises")
    reg.conn.execute("DELETE FROM units")
    reg.conn.commit()
    assert near_names.near(reg, UNITS, "海淀区总公会") == []


def test_an_undone_saves_new_union_and_enterprise_are_removed_and_audited(reg):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    typed = PatentApplication(2022, title="一种扳手", patent_number_raw=INVENTION,
                              unit_name="海淀区总公会", enterprise_name="北京中科智侧科技有限公司")
    created = reg.new_names(("units", typed.unit_name), ("enterprises", typed.enterprise_name),
                            ("units", "海淀区总工会"))
    assert created == [("units", "海淀区总公会"), ("enterprises", "北京中科智侧科技有限公司")]
    app_id = reg.save_patent(typed)
    reg.delete_application("patent", app_id)

    assert reg.drop_unused_names(created) == ["北京中科智侧科技有限公司", "海淀区总公会"]
    assert reg.names("units") == ["海淀区总工会"]
    assert reg.names("enterprises") == ["北京中科智测科技有限公司"]
    deleted = reg.query("SELECT entity, before FROM audit_events WHERE action = 'delete'"
                        " AND entity IN ('units', 'enterprises') ORDER BY id")
    assert [(d["entity"], "智侧" in d["before"] or "总公会" in d["before"]) for d in deleted] == [
        ("enterprises", True), ("units", True)]


def test_a_new_name_something_else_uses_stays(reg):
    created = reg.new_names(("units", "海淀区总公会"), ("enterprises", "北京中科智侧科技有限公司"))
    first = reg.save_patent(PatentApplication(2022, title="一种扳手", patent_number_raw=INVENTION,
                                              unit_name="海淀区总公会",
                                              enterprise_name="北京中科智侧科技有限公司"))
    # a project of the same union, saved since: the union is real to it
    reg.save_project(ProjectApplication(2022, studio_name="李四职工创新工作室", title="数控",
                                        unit_name="海淀区总公会"))
    reg.delete_application("patent", first)
    assert reg.drop_unused_names(created) == ["北京中科智侧科技有限公司"]
    assert "海淀区总公会" in reg.names("units")


@dataclass
class _Preview:
    rows: list[int]
    records: list[PatentApplication] = field(default_factory=list)


def test_a_tables_near_union_is_noted_on_its_first_row_with_the_rows_naming_it(reg):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    rows = [4, 5, 6, 7]
    records = [PatentApplication(2022, title=f"专利{i}", unit_name="海淀区总公会",
                                 enterprise_name=enterprise)
               for i, enterprise in enumerate(("北京华信数控技术有限公司", "北京华信数控技术有限公司",
                                               "北京华信数控技术有限公司", "北京华信数空技术有限公司"))]
    notes = near_names.table_notes(reg, _Preview(rows, records))
    assert [row for row, _text in notes] == [4, 7]
    assert "推荐单位“海淀区总公会”（第 4、5、6、7 行）登记册中没有，相近的有“海淀区总工会”" in notes[0][1]
    assert "改为“海淀区总工会”后重新导入" in notes[0][1]
    # the table's own enterprise, on three rows, is the one the fourth probably means
    assert "所在单位“北京华信数空技术有限公司”" in notes[1][1]
    assert "“北京华信数控技术有限公司”（表中第 4、5、6 行）" in notes[1][1]


def test_a_table_of_registered_and_far_names_has_no_note(reg):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="海淀区总工会"))
    records = [PatentApplication(2022, title="专利", unit_name="海淀区总工会",
                                 enterprise_name="北京全新企业有限公司")]
    assert near_names.table_notes(reg, _Preview([3], records)) == []


def test_names_a_direction_or_number_apart_are_two_places_not_a_slip(reg):
    """东城区总工会's table, imported into a register of 西城区总工会, was told to rename
    itself 西城区总工会: two districts, not a slip."""
    unions = NameIndex().sync(["西城区总工会", "朝阳区总工会", "北京城建集团第一分公司工会"])
    assert unions.near("东城区总工会") == []
    assert unions.near("南城区总工会") == []
    assert unions.near("北京城建集团第二分公司工会") == []
    assert unions.near("北京城建集团第十一分公司工会") == []  # a numeral added to the number
    # 区 for 县: the old name of the same district's union (延庆县, 密云县 until 2015)
    assert found(unions, "朝阳县总工会") == [("朝阳区总工会", ONE)]
    # a real slip, even of a direction word, is near still
    assert found(unions, "西城区总公会") == [("西城区总工会", ONE)]
    assert found(unions, "栖城区总工会") == [("西城区总工会", ONE)]
    assert found(unions, "城西区总工会") == [("西城区总工会", ONE)]  # two swapped
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="西城区总工会"))
    records = [PatentApplication(2022, title="专利", unit_name="东城区总工会")]
    assert near_names.table_notes(reg, _Preview([3], records)) == []


def test_the_trial_prints_its_figures(capsys):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import near_names_trial

    assert near_names_trial.main(["--names", "300", "--typed", "4"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "near_build", "near_keystroke", "near_keystroke_max", "near_after_save"]
    assert all(line.split()[2] == "ms" and " baseline " in line for line in lines)


def test_names_of_a_transaction_rolled_back_are_not_kept(reg):
    import pytest

    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="海淀区总工会"))
    with pytest.raises(RuntimeError), reg.transaction():
        reg.ensure_unit("朝阳区总工会")
        assert [n.name for n in near_names.near(reg, UNITS, "朝阳区总公会")] == ["朝阳区总工会"]
        raise RuntimeError("rolled back")
    assert near_names.near(reg, UNITS, "朝阳区总公会") == []
    assert [n.name for n in near_names.near(reg, UNITS, "海淀区总公会")] == ["海淀区总工会"]


def test_the_command_line_import_notes_a_union_one_slip_from_a_registered_one(tmp_path, capsys):
    """`boostdesk import` said nothing of a misspelt union, which the window's preview notes."""
    from fixtures.summary_sheets import ID_2, PATENT_HEADERS, patent_no, patent_row, write_sheet

    from boostdesk.cli import main

    db = str(tmp_path / "x.db")
    first = write_sheet(tmp_path / "a.xlsx", [PATENT_HEADERS, patent_row()])
    assert main(["import", str(first), "--db", db, "--received", "2022-10-31"]) == 0
    capsys.readouterr()
    typo = write_sheet(tmp_path / "b.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位="北京市海淀区总公会", 第一发明人="李四", 身份证号=ID_2, 专利号=patent_no("202110654321"))])
    assert main(["import", str(typo), "--db", db, "--received", "2022-10-31"]) == 0
    err = capsys.readouterr().err
    assert "推荐单位“北京市海淀区总公会”" in err and "相近的有“北京市海淀区总工会”" in err


def test_enter_takes_the_registered_name_for_a_slip_not_over_a_whole_name_typed():
    """A whole union's name inside a registered one (丰台区总工会 in a stray
    北京公交集团工会丰台区总工会) or around one may be right as typed: Enter does not put
    the registered name over it. A slip, or a fragment that is no whole name, it does."""
    index = NameIndex().sync(["海淀区总工会", "北京公交集团工会丰台区总工会"])
    companies = NameIndex(True).sync(["北京中科智测科技有限公司"])

    def takes(kind: str, typed: str, table: NameIndex) -> tuple[int, bool]:
        [found] = table.near(typed, 1)
        return found.how, near_names.enter_takes(kind, typed, found)

    assert takes(UNITS, "海淀区工会", index) == (ONE, True)  # the tester's slip
    assert takes(UNITS, "海淀区总公会", index) == (ONE, True)
    assert takes(UNITS, "丰台区总工会", index) == (PART, False)  # whole: not replaced
    assert takes(UNITS, "丰台区", index) == (PART, True)  # a fragment
    assert takes(UNITS, "北京市海淀区总工会", index) == (FORM, True)  # the city only
    assert takes(UNITS, "北京公交集团工会海淀区总工会", index) == (MORE, False)
    assert takes(ENTERPRISES, "中科智测", companies) == (PART, True)
    assert takes(ENTERPRISES, "北京中科智测科技", companies)[1] is True  # FORM
    assert near_names.looks_whole(UNITS, "丰台区总工会")
    assert not near_names.looks_whole(UNITS, "丰台区")
    question = near_names.question(UNITS, "丰台区总工会", index.near("丰台区总工会", 1)[0])
    assert "本身是完整的名称" in question and "Enter 或 Esc：返回修改" in question


# (list, registered, typed, how near or None): organisation names as people say them
# (集团 / 有限公司 / 委员会 / 北京市 said or left out) near the registered one, and two
# organisations sharing only generic words (区总工会, 工会, 有限公司) not near each other.
SAID_OTHERWISE = [
    (UNITS, "首钢集团工会", "首钢工会", FORM),
    (UNITS, "首钢集团工会", "首钢集团有限公司工会委员会", FORM),
    (UNITS, "首钢集团有限公司工会委员会", "首钢集团工会", FORM),
    (UNITS, "首钢集团工会", "北京首钢集团工会", FORM),
    (UNITS, "北京市公交集团工会", "北京公交集团工会", FORM),
    (UNITS, "北京市公交集团工会", "公交集团工会委员会", FORM),
    (UNITS, "北京城建集团有限责任公司工会", "北京城建集团工会", FORM),
    (UNITS, "中国铁路北京局集团有限公司工会", "中国铁路北京局集团公司工会", FORM),
    (UNITS, "北京电力公司工会", "北京电力总公司工会", FORM),
    (UNITS, "北京新疆（集团）有限公司工会", "北京新疆有限公司工会", FORM),
    (UNITS, "首钢集团工会", "首钢公会", ONE),  # 公 for 工: a slip in the generic part
    (UNITS, "海淀区总工会", "北京市海淀区总公会", ONE),
    (UNITS, "首钢集团工会", "首刚工会", ONE),  # 刚 reads as 钢: a slip, 集团 left out too
    (ENTERPRISES, "北京测试有限公司", "北京测式有限公司", ONE),
    (ENTERPRISES, "北京华信有限公司", "北京华新有限公司", ONE),
    (ENTERPRISES, "北京首钢股份有限公司", "北京首钢有限公司", FORM),
    (ENTERPRISES, "北京城建集团有限责任公司", "北京城建集团有限公司", FORM),
    (ENTERPRISES, "北京城建集团有限责任公司", "北京城建集团公司", FORM),
    (ENTERPRISES, "北京城建集团有限责任公司", "北京城建有限公司", FORM),
    (ENTERPRISES, "北京新疆（集团）有限公司", "北京新疆有限公司", FORM),
    (ENTERPRISES, "北京燕山石化总公司", "北京燕山石化公司", FORM),
    (ENTERPRISES, "北京市自来水集团有限责任公司", "北京自来水集团有限责任公司", FORM),
    (ENTERPRISES, "北京北辰实业股份有限公司", "北辰实业公司", FORM),
    (ENTERPRISES, "北京中科智测科技有限公司", "中科智侧科技有限责任公司", ONE),
    # not near: only a generic part shared
    (UNITS, "北京市朝阳区总工会", "北京市海淀区总工会", None),
    (UNITS, "首农工会", "首钢工会", None),
    (UNITS, "北京首农集团工会", "首钢集团工会", None),
    (UNITS, "北京电力公司工会", "北京电子公司工会", None),
    (UNITS, "北京市教育工会", "北京市建设工会", None),
    (UNITS, "北京市总工会", "北京市教育工会", None),
    (ENTERPRISES, "北京首钢有限公司", "北京首农有限公司", None),
    (ENTERPRISES, "北京首钢集团有限公司", "首农集团有限公司", None),
    (ENTERPRISES, "北京城建集团有限责任公司", "北京住总集团有限责任公司", None),
    (ENTERPRISES, "北京集团有限公司", "北京有限公司", None),  # no name of its own left
]


@pytest.mark.parametrize(("kind", "known", "typed", "how"), SAID_OTHERWISE)
def test_an_organisation_said_with_or_without_its_form_words_is_near_and_no_other(
        kind, known, typed, how):
    index = NameIndex(kind == ENTERPRISES).sync([known])
    assert found(index, typed) == ([(known, how)] if how is not None else [])


def test_the_question_says_which_form_words_differ():
    unions = NameIndex().sync(["首钢集团工会", "北京市公交集团工会"])
    assert unions.near("首钢工会")[0].why == "少了“集团”"
    assert unions.near("首钢集团有限公司工会委员会")[0].why == "多了“有限公司”“委员会”"
    assert unions.near("北京公交集团工会")[0].why == "只差“北京”与“北京市”"
    question = near_names.question(UNITS, "首钢工会", unions.near("首钢工会")[0])
    assert "相近的有“首钢集团工会”（少了“集团”）" in question and "（Enter）" in question


def test_a_unions_form_variant_is_forgotten_with_it():
    unions = NameIndex().sync(["首钢集团工会", "海淀区总工会"])
    assert found(unions, "首钢工会") == [("首钢集团工会", FORM)]
    unions.sync(["海淀区总工会"])
    assert unions.near("首钢工会") == []
    assert "首钢工会" not in unions._by_core and all(unions._by_core.values())
