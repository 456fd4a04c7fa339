"""A union's first table and its corrected resend (a district union's liaison, stop 40).

A row naming another person than the ID it gives (杨志强 with 王秀英's ID, copied from
her row above) is asked about, and while it is its card and phone are not written onto
her: the rule held for a registered person, not for one an earlier row of the same table
registered. A fact the union's own earlier table wrote is no "other table's" newer word:
its resend corrects it. A resend giving the same first inventor (same name) another valid
ID number for the same patent is the union correcting the ID, offered as such (taken with
--update-registered, as the form saves it), not a dispute between two first inventors."""

from __future__ import annotations

from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    card,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register

TITLE = ["2022年职工创新发明专利助推汇总表"]
HAIDIAN, CHAOYANG = "北京市海淀区总工会", "北京市朝阳区总工会"
CARD_A, CARD_B = card("621483010001000"), card("621483010002700")
NEW_ID = resident_id("11010119850317104")


def _import(tmp_path, db, name, *rows, options=()):
    sheet = write_sheet(tmp_path / name, [TITLE, PATENT_HEADERS, *rows])
    return main(["import", str(sheet), "--db", str(db), *options])


def _person(db, number):
    with Register.open(db) as reg:
        return reg.conn.execute("SELECT name, card_number, phone FROM people WHERE id_number = ?",
                                (number,)).fetchone()


def test_a_row_asked_about_an_earlier_rows_person_writes_no_card_or_phone(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "东城区.xlsx", patent_row(
        序号=1, 第一发明人="王秀英", 身份证号=ID_2, 工会会员互助服务卡号=CARD_A,
        联系电话="13812340001"), patent_row(
        序号=2, 第一发明人="杨志强", 身份证号=ID_2, 工会会员互助服务卡号=CARD_B,
        联系电话="13812340027", 专利号=INVENTION_2, 专利名称="一种传感器")) == 0
    out, err = capsys.readouterr()
    assert _person(db, ID_2) == ("王秀英", CARD_A, "13812340001")
    said = next(line for line in out.splitlines() if line.strip().startswith("第 4 行：“"))
    assert "按第 3 行的“王秀英”登记" in said
    assert ("在核对姓名之前，本行的工会会员互助服务卡号、联系电话不写入登记册（保留第 3 行的，"
            "此人的其他申报不变）") in said
    assert "此人的其他申报也随之改变" not in err  # the phone is not taken: nothing changes


def test_a_phone_the_unions_own_first_table_set_is_corrected_by_its_resend(tmp_path, capsys):
    """张三's two papers in 海淀's first table, the second row's phone (wrong) written on him;
    海淀 resends his first row: its phone is a difference to take, not passed over as
    another table's newer one."""
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(序号=1, 联系电话="13800138000"),
                   patent_row(序号=2, 联系电话="13999990000", 专利号=INVENTION_2,
                              专利名称="一种传感器")) == 0
    assert _person(db, ID_1)[2] == "13999990000"
    capsys.readouterr()
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", patent_row(序号=1, 联系电话="13800138000")) == 1
    err = capsys.readouterr().err
    assert "联系电话：登记册为“139****0000”，表中为“138****8000”" in err  # masked (privacy)
    assert "另一份表格" not in err and "不算不同" not in err
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", patent_row(序号=1, 联系电话="13800138000"),
                   options=["--update-registered"]) == 0
    assert _person(db, ID_1)[2] == "13800138000"


def test_another_unions_table_setting_the_phone_is_still_its_newer_word(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(联系电话="13800138000")) == 0
    assert _import(tmp_path, db, "朝阳区.xlsx", patent_row(
        推荐单位=CHAOYANG, 联系电话="13999990000", 专利号=INVENTION_2, 专利名称="一种传感器")) == 0
    capsys.readouterr()
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", patent_row(联系电话="13800138000")) == 0
    assert "已登记（与表中相同）1 行" in capsys.readouterr().out


def test_the_same_unions_resend_correcting_the_id_is_offered_and_taken(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(第一发明人="王明")) == 0
    capsys.readouterr()
    resend = patent_row(第一发明人="王明", 身份证号=NEW_ID, 工会会员互助服务卡号=CARD_1)
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend) == 1
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if line.strip().startswith("第 3 行"))
    assert "两份申报都称" not in row and "不是同一人" not in row
    assert "表中与登记册不同：身份证号：登记册为" in row
    assert "按更正专利1的身份证号处理，不属争议" in row and "--update-registered" in row
    assert "争第一发明人" not in err and "其中 1 行与登记册不同：加 --update-registered" in err

    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend,
                   options=["--update-registered"]) == 0
    out = capsys.readouterr().out
    assert "第 3 行：按表更新 专利1：身份证号" in out
    with Register.open(db) as reg:
        [paper] = reg.patents(2022)
        assert (paper.inventor_name, paper.id_number, paper.unit_name) == ("王明", NEW_ID, HAIDIAN)
        # the wrong number's person had no other paper: gone, not left behind
        assert reg.scalar("SELECT COUNT(*) FROM people WHERE id_number = ?", (ID_1,)) == 0


def test_an_id_another_persons_of_another_name_stays_a_dispute(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(序号=1, 第一发明人="王明"),
                   patent_row(序号=2, 第一发明人="李四", 身份证号=NEW_ID, 专利号=INVENTION_2,
                              专利名称="一种传感器")) == 0
    capsys.readouterr()
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", patent_row(第一发明人="王明", 身份证号=NEW_ID),
                   options=["--update-registered"]) == 1
    assert "属争议" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert reg.patent(1).id_number == ID_1


def test_another_unions_same_name_with_another_id_stays_a_dispute(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(第一发明人="王明")) == 0
    capsys.readouterr()
    assert _import(tmp_path, db, "朝阳区.xlsx", patent_row(
        推荐单位=CHAOYANG, 第一发明人="王明", 身份证号=NEW_ID), options=["--update-registered"]) == 1
    assert "属争议" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert (reg.patent(1).id_number, reg.patent(1).unit_name) == (ID_1, HAIDIAN)
    assert INVENTION


def test_the_next_letter_says_the_resend_corrected_the_id(tmp_path, capsys):
    import openpyxl

    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(第一发明人="王明")) == 0
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", patent_row(
        第一发明人="王明", 身份证号=NEW_ID, 工会会员互助服务卡号=CARD_1),
        options=["--update-registered"]) == 0
    assert main(["export", "notices", "--db", str(db), "--out", str(tmp_path / "letters"),
                 "--materials-unticked"]) == 0
    [letter] = (tmp_path / "letters").glob("*.xlsx")
    text = "\n".join(str(v) for row in openpyxl.load_workbook(letter).active.iter_rows(
        values_only=True) for v in row if v)
    assert ("【提示】重新报送的汇总表（海淀区（第2次）.xlsx）所填第一发明人身份证号 "
            f"{NEW_ID[:6]}********{NEW_ID[-4:]} 与登记册原登记的 {ID_1[:6]}********{ID_1[-4:]} 不同"
            ) in text
    assert "按更正身份证号处理" in text and NEW_ID not in text


def test_a_row_asked_about_a_copied_id_is_corrected_by_the_unions_resend(tmp_path, capsys):
    """杨志强 with 王秀英's ID copied from her row: registered as hers and asked. The union's
    resend gives him his own ID: that paper's correction (name and ID), not a dispute."""
    db = tmp_path / "r.db"
    hers = patent_row(序号=1, 第一发明人="王秀英", 身份证号=ID_2, 工会会员互助服务卡号=CARD_A,
                      联系电话="13812340001")
    his = {"序号": 2, "第一发明人": "杨志强", "工会会员互助服务卡号": CARD_B, "联系电话": "13812340027",
           "专利号": INVENTION_2, "专利名称": "一种传感器"}
    assert _import(tmp_path, db, "东城区.xlsx", hers, patent_row(**his, 身份证号=ID_2)) == 0
    capsys.readouterr()
    resend = ("东城区（第2次）.xlsx", hers, patent_row(**his, 身份证号=NEW_ID))
    assert _import(tmp_path, db, *resend) == 1
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if line.strip().startswith("第 4 行"))
    assert "两份申报都称" not in row and "争第一发明人" not in err
    assert "第一发明人仍为该单位上次所报的“杨志强”" in row
    assert "按更正专利2的第一发明人姓名和身份证号处理，不属争议" in row
    assert _import(tmp_path, db, *resend, options=["--update-registered"]) == 0
    with Register.open(db) as reg:
        apps = {a.id: a for a in reg.patents(2022)}
    assert (apps[2].inventor_name, apps[2].id_number, apps[2].card_number) == (
        "杨志强", NEW_ID, CARD_B)
    assert (apps[1].inventor_name, apps[1].id_number) == ("王秀英", ID_2)
    assert _person(db, ID_2) == ("王秀英", CARD_A, "13812340001")
    assert _person(db, NEW_ID) == ("杨志强", CARD_B, "13812340027")


def test_the_letter_says_a_row_was_registered_under_its_ids_other_name(tmp_path, capsys):
    import openpyxl

    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "东城区.xlsx", patent_row(序号=1, 第一发明人="王秀英", 身份证号=ID_2),
                   patent_row(序号=2, 第一发明人="杨志强", 身份证号=ID_2, 专利号=INVENTION_2,
                              专利名称="一种传感器")) == 0
    assert main(["export", "notices", "--db", str(db), "--out", str(tmp_path / "letters"),
                 "--materials-unticked"]) == 0
    [letter] = (tmp_path / "letters").glob("*.xlsx")
    rows = [r for r in openpyxl.load_workbook(letter).active.iter_rows(values_only=True)
            if r[1] == "专利2"]
    assert "【提示】汇总表所填第一发明人为“杨志强”，所填身份证号在登记册中是“王秀英”的：按“王秀英”登记" in rows[0][-1]


def test_a_resend_correcting_the_id_of_a_name_typed_in_traditional_characters(tmp_path, capsys):
    """张伟's second paper typed 張偉 with one digit off: the near check asks the union to
    write his ID (可能与已登记的 张伟…为同一人：请按其身份证号填写). Its resend doing so, the
    name in either spelling, is its correction — not two first inventors' dispute, which
    the next letter would send back as 不是同一人 for ever."""
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(序号=1, 第一发明人="张伟"),
                   patent_row(序号=2, 第一发明人="張偉", 身份证号=NEW_ID, 专利号=INVENTION_2,
                              专利名称="一种传感器")) == 0
    for spelt in ("張偉", "张伟"):
        capsys.readouterr()
        resend = patent_row(序号=2, 第一发明人=spelt, 专利号=INVENTION_2, 专利名称="一种传感器")
        assert _import(tmp_path, db, f"海淀区（{spelt}）.xlsx", resend) == 1
        err = capsys.readouterr().err
        assert "不是同一人" not in err and "争第一发明人" not in err, spelt
        assert "按更正专利2的身份证号处理，不属争议" in err, spelt
    assert _import(tmp_path, db, "海淀区（张伟）.xlsx", resend, options=["--update-registered"]) == 0
    with Register.open(db) as reg:
        paper = next(p for p in reg.patents(2022) if p.patent_number == INVENTION_2)
        assert (paper.inventor_name, paper.id_number) == ("张伟", ID_1)
