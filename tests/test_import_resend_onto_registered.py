"""A union's resend correcting a paper's first inventor's ID to a number the register
already holds (a district union's liaison, round 2 of stop 40).

Same name, another registered person: taken with --update-registered only when he has no
award paid or approved — and then his card and phone stay his (the paper keeps its own
card), said on the row. With an award, a namesake is not the same man: asked, never taken
from a table. Another name's paid ID on a registered paper is an ID typed wrong, not a
rename: said so, the union told without the other person's name or payment, and the
paper counted as listed. 复制问题清单 says 原报 as the union wrote it."""

from __future__ import annotations

from fixtures.summary_sheets import (
    CARD_1,
    CARD_2,
    ID_1,
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)
from test_import_resend_own_table import (
    CARD_A,
    CHAOYANG,
    HAIDIAN,
    NEW_ID,
    TITLE,
    _import,
    _person,
)
from test_ui_corrections import a_paid_patent

from boostdesk.cli import main
from boostdesk.models import Register

THIRD = patent_no("202110777777")


def _haidian_wang(tmp_path, db):
    """海淀's 王明 typed with ID_1; the resend gives him NEW_ID (another card and phone)."""
    assert _import(tmp_path, db, "海淀区.xlsx", patent_row(
        第一发明人="王明", 专利号=INVENTION_2, 专利名称="一种传感器", 联系电话="13812340046")) == 0
    return patent_row(第一发明人="王明", 身份证号=NEW_ID, 专利号=INVENTION_2, 专利名称="一种传感器",
                      工会会员互助服务卡号=CARD_A, 联系电话="13900002222")


def test_a_correction_onto_a_registered_person_keeps_his_card_and_phone(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert _import(tmp_path, db, "朝阳区.xlsx", patent_row(
        推荐单位=CHAOYANG, 第一发明人="王明", 身份证号=NEW_ID, 工会会员互助服务卡号=CARD_2,
        联系电话="15252013522")) == 0
    resend = _haidian_wang(tmp_path, db)
    capsys.readouterr()
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend,
                   options=["--update-registered"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("第 3 行：按表更新 专利2："))
    assert "改按身份证号登记为已登记的“王明”" in line
    assert "表中卡号、电话与登记册不同，未写入登记册" in line and "如需更正" in line
    # the paper corrects his phone; 人员 corrects no card or phone (it said to)
    assert "如需更正此人的电话，请在“专利助推”中打开专利2更正后保存" in line
    assert "“人员”中选中此人更正" not in line
    assert "联系电话 138****0046 → 139****2222" not in line  # not written: not said as taken
    assert "不按表更新：（联系电话：" in line
    assert _person(db, NEW_ID) == ("王明", CARD_2, "15252013522")
    with Register.open(db) as reg:
        paper = reg.patent(2)
    assert (paper.id_number, paper.card_number) == (NEW_ID, CARD_A)  # the paper's own card


def test_a_correction_onto_a_paid_person_is_asked_not_taken(tmp_path, capsys):
    db = tmp_path / "r.db"
    with Register.open(db, operator="测试员") as reg:
        paid = a_paid_patent(reg, name="王明", id_number=NEW_ID, card=CARD_2, unit=CHAOYANG)
        reg.conn.execute("UPDATE people SET phone = '15252013522' WHERE id_number = ?", (NEW_ID,))
    resend = _haidian_wang(tmp_path, db)
    capsys.readouterr()
    # nothing taken, nothing new: the import says so and stops
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", resend,
                   options=["--update-registered"]) == 1
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.strip().startswith("第 3 行："))
    assert "按表更新 专利" not in line
    assert f"已是“王明”的（其 2022 年度专利{paid} 的助推款已登记拨付）：同名不一定是同一人" in line
    assert "按表更新不改" in line and "身份证复印件" in line
    assert _person(db, NEW_ID) == ("王明", CARD_2, "15252013522")
    with Register.open(db) as reg:
        assert reg.patent(paid + 1).id_number == ID_1


def _paid_zhang_and_haidian(tmp_path, db):
    """张三 (NEW_ID) paid, 朝阳's; 海淀's table: 王五 and 吴磊."""
    with Register.open(db, operator="测试员") as reg:
        a_paid_patent(reg, name="张三", id_number=NEW_ID, card=CARD_2, unit=CHAOYANG)
    rows = (patent_row(序号=1, 第一发明人="王五", 身份证号=ID_2, 专利号=THIRD, 专利名称="一种新夹具"),
            patent_row(序号=2, 第一发明人="吴磊", 身份证号=ID_1, 专利号=INVENTION_2,
                       专利名称="一种传感器"))
    assert _import(tmp_path, db, "海淀区.xlsx", *rows) == 0
    return rows[0], patent_row(序号=2, 第一发明人="吴磊", 身份证号=NEW_ID, 专利号=INVENTION_2,
                               专利名称="一种传感器")


def test_a_registered_papers_id_another_names_paid_is_a_wrong_id_counted_as_listed(
        tmp_path, capsys):
    db = tmp_path / "r.db"
    same, wrong = _paid_zhang_and_haidian(tmp_path, db)
    capsys.readouterr()
    assert _import(tmp_path, db, "海淀区（第2次）.xlsx", same, wrong,
                   options=["--update-registered", "--skip-bad-rows"]) == 0
    out, err = capsys.readouterr()
    out += err
    line = next(x for x in out.splitlines() if x.strip().startswith("第 4 行"))
    assert "已登记（2022 年度，专利3，第一发明人“吴磊”" in line
    assert "不能把专利3改到此人名下" in line and "请向推荐单位核对“吴磊”的身份证号" in line
    assert "按 Enter 更正姓名" not in line and "改名" not in line
    assert "不在本表中" not in out  # row 4 is 专利3, refused but there


def test_the_union_is_not_told_whose_id_it_is_nor_his_payment(tmp_path, capsys):
    import openpyxl

    from boostdesk.io.duplicates import refuse_renamed_payees
    from boostdesk.io.importer import read_table
    from boostdesk.io.union_problems import union_problem_list

    db = tmp_path / "r.db"
    same, wrong = _paid_zhang_and_haidian(tmp_path, db)
    sheet = write_sheet(tmp_path / "海淀区（第2次）.xlsx", [TITLE, PATENT_HEADERS, same, wrong])
    with Register.open(db) as reg:
        preview = refuse_renamed_payees(reg, read_table(sheet, 2022, campaign=reg.campaign(2022)))
        text = union_problem_list(preview, {}, {})
    assert "身份证号与登记册中另一人的相同，请核对“吴磊”的身份证号" in text
    assert "张三" not in text and "拨付" not in text and "专利1" not in text
    # the letter lists the refused row in the union's words too (a new row: imported)
    sheet = write_sheet(tmp_path / "海淀区（第3次）.xlsx", [TITLE, PATENT_HEADERS, same, wrong, patent_row(
        序号=3, 第一发明人="赵六", 身份证号=resident_id("11010219910101004"),
        专利号=patent_no("202110888888"), 专利名称="一种新阀门")])
    assert main(["import", str(sheet), "--db", str(db), "--skip-bad-rows"]) == 0
    assert main(["export", "notices", "--db", str(db), "--out", str(tmp_path / "letters"),
                 "--materials-unticked", "--union", HAIDIAN]) == 0
    [letter] = (tmp_path / "letters").glob("*海淀*.xlsx")
    # every sheet: the refused rows have a sheet of their own (未能登记的行)
    said = "\n".join(str(v) for sheet in openpyxl.load_workbook(letter).worksheets
                     for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "与登记册中另一人的相同" in said and "张三" not in said
    assert CARD_1


def test_the_union_list_says_the_name_the_union_wrote_first(tmp_path):
    """杨志强 with 王秀英's ID: registered as hers, asked. The resend gives him his own ID:
    his name is no correction of the union's — 原报 was 杨志强."""
    from boostdesk.io.duplicates import find_duplicates
    from boostdesk.io.importer import read_table
    from boostdesk.io.resend import compare, marks
    from boostdesk.io.union_problems import union_problem_list

    db = tmp_path / "r.db"
    hers = patent_row(序号=1, 第一发明人="王秀英", 身份证号=ID_2)
    his = {"序号": 2, "第一发明人": "杨志强", "专利号": INVENTION_2, "专利名称": "一种传感器"}
    assert _import(tmp_path, db, "东城区.xlsx", hers, patent_row(**his, 身份证号=ID_2)) == 0
    sheet = write_sheet(tmp_path / "东城区（第2次）.xlsx",
                        [TITLE, PATENT_HEADERS, hers, patent_row(**his, 身份证号=NEW_ID)])
    with Register.open(db) as reg:
        preview = read_table(sheet, 2022, campaign=reg.campaign(2022))
        matches = compare(reg, preview)
        text = union_problem_list(preview, marks(matches, preview.stream, 2022,
                                                 find_duplicates(reg, preview)), matches)
    line = next(x for x in text.splitlines() if x.startswith("第 4 行"))
    assert "王秀英" not in line and "原报“王秀英”" not in line
    assert "（身份证号（原报的与登记册中另一人的相同，曾按该人登记）" in line
    assert "第一发明人姓名" not in line
