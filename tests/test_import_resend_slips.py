"""A union's table sent again with 按表更新 (--update-registered): a row's slip never
replaces a valid registered fact. A patent number with its application digits but missing
or wrong check character stays the table's slip; a name spelt otherwise for the same ID is
asked, not taken, unless the clerk renames (--rename-people); a row whose name is in
question writes no phone or card onto the registered person; a person's phone another
union's table set since is not this table's difference."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_1,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register


def _registered(tmp_path, capsys, **over):
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀区.xlsx", [PATENT_HEADERS, patent_row(**over)])
    assert main(["import", str(first), "--db", str(db), "--year", "2022"]) == 0
    capsys.readouterr()
    return db


def _again(tmp_path, db, *options, name="海淀区重报.xlsx", **over):
    sheet = write_sheet(tmp_path / name, [PATENT_HEADERS, patent_row(**over)])
    return main(["import", str(sheet), "--db", str(db), "--year", "2022", *options])


def test_a_number_missing_its_check_character_never_replaces_a_valid_one(tmp_path, capsys):
    db = _registered(tmp_path, capsys)
    _again(tmp_path, db, "--update-registered", 专利号=INVENTION[:-2])
    err = capsys.readouterr().err
    with Register.open(db) as reg:
        paper = reg.patent(1)
        assert (paper.patent_number, paper.patent_number_raw) == (INVENTION, INVENTION)
    assert "表中的专利号有误：专利号缺少校验位" in err
    assert "登记册的专利号有效，按表更新也不改" in err


def test_a_wrong_check_character_never_replaces_a_valid_one(tmp_path, capsys):
    db = _registered(tmp_path, capsys)
    wrong = INVENTION[:-1] + ("0" if INVENTION[-1] != "0" else "1")
    _again(tmp_path, db, "--update-registered", 专利号=wrong)
    err = capsys.readouterr().err
    with Register.open(db) as reg:
        assert reg.patent(1).patent_number == INVENTION
    assert "表中的专利号有误" in err


def test_update_registered_does_not_rename_a_person_without_the_rename_option(tmp_path, capsys):
    db = _registered(tmp_path, capsys)
    _again(tmp_path, db, "--update-registered", 第一发明人="张叁", 所在单位="北京另一科技有限公司")
    out, err = capsys.readouterr()
    with Register.open(db) as reg:
        paper = reg.patent(1)
        assert paper.inventor_name == "张三"
        assert paper.enterprise_name == "北京另一科技有限公司"  # the rest is taken
    assert "按表更新不改名" in out + err and "--rename-people" in out + err
    _again(tmp_path, db, "--update-registered", "--rename-people", 第一发明人="张叁")
    with Register.open(db) as reg:
        assert reg.patent(1).inventor_name == "张叁"


def test_a_row_whose_name_is_asked_writes_no_phone_onto_the_registered_person(tmp_path, capsys):
    db = _registered(tmp_path, capsys, 联系电话="13800138000")
    # another union's new paper of the same ID under another name, another phone
    _again(tmp_path, db, "--skip-bad-rows", name="朝阳区.xlsx", 推荐单位="北京市朝阳区总工会",
           专利号=INVENTION_2, 专利名称="一种货架巡检机器人", 第一发明人="张叁", 联系电话="13900000000")
    out = capsys.readouterr().out
    with Register.open(db) as reg:
        assert [reg.patent(i).phone for i in (1, 2)] == ["13800138000"] * 2
        assert reg.patent(2).inventor_name == "张三"
    assert "本行的联系电话不写入登记册" in out
    # the registered row sent again under the other name: its phone waits for the name too
    _again(tmp_path, db, "--update-registered", 第一发明人="张叁", 联系电话="13900000000")
    with Register.open(db) as reg:
        assert reg.patent(1).phone == "13800138000"


def test_a_phone_another_unions_table_set_since_is_no_difference(tmp_path, capsys):
    db = _registered(tmp_path, capsys, 联系电话="13800138000")
    # 朝阳's table: his second paper, a new phone (one for all his papers)
    assert _again(tmp_path, db, name="朝阳区.xlsx", 推荐单位="北京市朝阳区总工会",
                  专利号=INVENTION_2, 专利名称="一种货架巡检机器人", 联系电话="13900000000") == 0
    with Register.open(db) as reg:
        assert reg.patent(1).phone == "13900000000"
    capsys.readouterr()
    # 海淀's unchanged table sent again: passed over, not refused whole
    assert _again(tmp_path, db, 联系电话="13800138000") == 0
    out, err = capsys.readouterr()
    assert "已登记（与表中相同）1 行" in out
    assert "修改" not in out + err
    # differing in another field too: the phone said as the other table's, not by hand
    _again(tmp_path, db, 联系电话="13800138000", 所在单位="北京另一科技有限公司")
    out, err = capsys.readouterr()
    assert "由另一份表格（朝阳区.xlsx）导入时修改" in out + err
    with Register.open(db) as reg:
        assert reg.patent(1).phone == "13900000000"
    assert ID_1


def test_a_new_id_spelt_two_ways_in_one_table_is_asked_not_renamed(tmp_path, capsys):
    from fixtures.summary_sheets import ID_2

    sheet = write_sheet(tmp_path / "海淀区.xlsx", [
        PATENT_HEADERS,
        patent_row(序号=1, 第一发明人="欧阳娜娜", 身份证号=ID_2),
        patent_row(序号=2, 第一发明人="欧阳那那", 身份证号=ID_2, 专利号=INVENTION_2,
                   专利名称="一种激光切割方法"),
    ])
    db = tmp_path / "r.db"
    assert main(["import", str(sheet), "--db", str(db), "--year", "2022"]) == 0
    out = capsys.readouterr().out
    with Register.open(db) as reg:
        assert [a.inventor_name for a in reg.patents(2022)] == ["欧阳娜娜", "欧阳娜娜"]
    assert "第 3 行：“第一发明人”表中为“欧阳那那”，本表第 2 行同一身份证号" in out
    assert "是同一人吗？按第 2 行的“欧阳娜娜”登记" in out


def test_one_paper_listed_twice_in_a_table_with_slips_is_asked_not_stored_twice(tmp_path, capsys):
    from fixtures.summary_sheets import patent_no

    sheet = write_sheet(tmp_path / "丰台区.xlsx", [
        PATENT_HEADERS,
        patent_row(序号=1, 专利名称="一种齿轮（箱）润滑方法", 专利号=patent_no("202110313131")),
        patent_row(序号=2, 专利名称="一种齿轮箱润滑方法", 专利号=patent_no("202110313113")),
    ])
    db = tmp_path / "r.db"
    assert main(["import", str(sheet), "--db", str(db), "--year", "2022"]) == 1
    err = capsys.readouterr().err
    assert "第 3 行：可能是同一份申报：与本表第 2 行同一第一发明人，专利号只差一位" in err
    assert main(["import", str(sheet), "--db", str(db), "--year", "2022", "--skip-bad-rows"]) == 0
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 1
