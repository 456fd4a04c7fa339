"""Summary tables as unions really fill them in Excel or WPS: numbers typed into number
cells, amounts in the other unit, a studio's facts given otherwise than the register."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import (
    CARD_2,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    ZERO,
    counts,
    own_card,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.importer import SheetsToChoose, read_table
from boostdesk.models import Register


# -- numbers typed into number cells ------------------------------------------------
def test_an_id_number_typed_into_a_number_cell_is_refused_naming_the_row(tmp_path, capsys):
    """Excel keeps 15 significant digits: 110105198001010016 typed as a number is stored as
    110105198001010000 (shown 1.10105E+17). Stored, it would be another person."""
    path = write_sheet(tmp_path / "id.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(专利号=INVENTION_2, 身份证号=110105198001010000),
    ])
    preview = read_table(path, 2022)
    assert preview.rows == [2]
    [error] = preview.errors
    assert (error.row, error.column) == (3, "身份证号")
    assert "110105198001010000" not in error.message and "文本格式" in error.message
    assert "号码 110105********0000 存成了数字" in error.message  # masked as everywhere
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 3 行“身份证号”" in err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_a_card_number_that_lost_its_last_digits_is_refused(tmp_path):
    """6.21700001234567E+18: a 19-digit card typed as a number; a 16-digit one ending in 0
    after Excel's 15 digits. A 16-digit card a program wrote exactly is kept."""
    exact = int(CARD_2)  # 16 digits, below 2**53: a float holds it whole
    assert exact % 10 != 0
    path = write_sheet(tmp_path / "card.xlsx", [
        PATENT_HEADERS,
        patent_row(工会会员互助服务卡号=6.2170000123456789e18),
        patent_row(专利号=INVENTION_2, 工会会员互助服务卡号=6217000012345670),
        patent_row(专利号="ZL202110000002.0", 工会会员互助服务卡号=exact),
    ])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [
        (2, "工会会员互助服务卡号"), (3, "工会会员互助服务卡号")]
    assert preview.rows == [4] and preview.records[0].card_number == CARD_2


def test_an_id_with_lowercase_x_or_spaces_is_the_same_person(tmp_path):
    x_id = "11010519491231002X"
    path = write_sheet(tmp_path / "x.xlsx", [
        PATENT_HEADERS, patent_row(身份证号=x_id.lower()),
        patent_row(专利号=INVENTION_2, 身份证号=f" {ID_1[:6]} {ID_1[6:14]} {ID_1[14:]} "),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == []
    assert [r.id_number for r in preview.records] == [x_id, ID_1]



# -- amounts in the other unit -------------------------------------------------------
def _projects(tmp_path, name, headers, rows):
    from fixtures.summary_sheets import project_row

    return write_sheet(tmp_path / name, [headers, *(
        project_row(项目名称=f"项目{i}", **{"项目总投入（万元）": budget, "申请助推金额（万元）": asked})
        for i, (budget, asked) in enumerate(rows))])


def test_yuan_typed_under_a_wan_header_is_refused_not_stored_ten_thousand_times(tmp_path, capsys):
    """300000 and 100000 under （万元） are 30亿 and 10亿: an award none of the plan's tiers
    and a budget that passes the 50 % cap whatever is asked. Refused by row and column."""
    from fixtures.summary_sheets import PROJECT_HEADERS

    from boostdesk.models import plan_2022

    path = _projects(tmp_path, "yuan.xlsx", PROJECT_HEADERS,
                     [(30, 10), (300000, 100000), ("¥300,000", 10), (30, "100,000")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.rows == [2]
    cells = [(e.row, e.column) for e in preview.errors]
    assert cells == [(3, "项目总投入（万元）"), (3, "申请助推金额（万元）"),
                     (4, "项目总投入（万元）"), (5, "申请助推金额（万元）")]
    asked = preview.errors[1].message
    big = _projects(tmp_path, "big.xlsx", PROJECT_HEADERS, [("20000万元", 10), (20000, 10)])
    big_preview = read_table(big, 2022, campaign=plan_2022())  # a unit in the cell is its own
    assert big_preview.rows == [2] and [e.row for e in big_preview.errors] == [3]
    assert "¥1,000,000,000.00" in asked and "最高档 ¥100,000.00" in asked and "（元）" in asked
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    assert "第 3 行“申请助推金额（万元）”" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_wan_typed_under_a_yuan_header_is_refused(tmp_path):
    """30 and 10 under （元）: a 10-元 request and a budget whose half is below every tier
    would refuse the project outright."""
    from fixtures.summary_sheets import PROJECT_HEADERS

    from boostdesk.models import plan_2022

    headers = [h.replace("（万元）", "（元）") for h in PROJECT_HEADERS]
    path = _projects(tmp_path, "wan.xlsx", headers,
                     [(300000, 100000), (30, 10), ("30万", "10万元")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.rows == [2, 4]
    assert [r.requested_fen for r in preview.records] == [100000_00] * 2
    assert [(e.row, e.column) for e in preview.errors] == [
        (3, "项目总投入（元）"), (3, "申请助推金额（元）")]
    assert "最低档 ¥30,000.00" in preview.errors[1].message
    assert "（万元）" in preview.errors[1].message


# -- a studio's facts, shared by its applications ------------------------------------
def _studio_register(db):
    from boostdesk.models.records import ProjectApplication

    with Register.open(db, operator="测试员") as reg:
        reg.save_project(ProjectApplication(
            2022, title="已登记项目", studio_name="李四职工创新工作室", studio_level="city",
            leader="李四", unit_name="北京市朝阳区总工会", total_budget_fen=3_000_000_00))


def test_a_table_keeps_a_registered_studios_facts_and_says_so_by_row(tmp_path, capsys):
    """The paper form asks before changing a known studio; a table used to change its level
    and leader silently, re-judging the studio's other projects. The register's facts are
    kept and each difference is named by row; --update-studios takes the table's."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    db = tmp_path / "x.db"
    _studio_register(db)
    path = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="新项目", 工作室级别="区级", 领衔人="王六"),
    ])
    assert main(["import", str(path), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "第 2 行：工作室“李四职工创新工作室”的工作室级别表中为区/局/集团级，登记册为市级" in err
    assert "第 2 行：工作室“李四职工创新工作室”的领衔人表中为王六，登记册为李四" in err
    assert "--update-studios" in err
    with Register.open(db) as reg:
        [studio] = reg.studios()
        assert (studio.level, studio.leader) == ("city", "李四")
        assert {p.studio_level for p in reg.projects(2022)} == {"city"}

    path = write_sheet(tmp_path / "q.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="又一项目", 工作室级别="区级", 领衔人="王六"),
    ])
    assert main(["import", str(path), "--db", str(db), "--update-studios"]) == 0
    assert "领衔人由登记册的李四改为表中的王六" in capsys.readouterr().err
    with Register.open(db) as reg:
        [studio] = reg.studios()
        assert (studio.level, studio.leader) == ("district", "王六")


def test_one_studio_on_several_rows_with_different_facts_takes_the_first(tmp_path, capsys):
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    db = tmp_path / "x.db"
    path = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS,
        project_row(项目名称="一", 工作室名称="新工作室", 工作室级别="市级", 领衔人="赵一"),
        project_row(项目名称="二", 工作室名称="新工作室", 工作室级别="区级", 领衔人="赵一"),
        project_row(项目名称="三", 工作室名称="新工作室", 工作室级别="", 领衔人="钱二"),
    ])
    assert main(["import", str(path), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "第 3 行：工作室“新工作室”的工作室级别为区/局/集团级，与第 2 行的市级不同：按第 2 行登记" in err
    assert "第 4 行：工作室“新工作室”的领衔人为钱二，与第 2 行的赵一不同：按第 2 行登记" in err
    with Register.open(db) as reg:
        [studio] = reg.studios()
        assert (studio.level, studio.leader) == ("city", "赵一")
        assert {p.studio_level for p in reg.projects(2022)} == {"city"}


def test_a_studio_named_nearly_as_a_registered_one_is_pointed_out(tmp_path, capsys):
    """李四创新工作室 for 李四职工创新工作室: a new studio would escape the registered one's
    limits (方案二（一）, 二（二）2); the paper form asks, the import names the row."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    db = tmp_path / "x.db"
    _studio_register(db)
    path = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="新项目", 工作室名称="李四 创新工作室"),
        project_row(项目名称="新项目二", 工作室名称="李四 创新工作室")])
    assert main(["import", str(path), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert err.count("登记册中没有“李四创新工作室”") == 1
    assert "第 2 行：登记册中没有“李四创新工作室”，但有" in err and "“李四职工创新工作室”" in err


def test_a_landline_typed_as_a_number_gets_back_its_leading_zero(tmp_path, capsys):
    """01083570885 typed into a number cell is 1083570885; a mobile number is whole."""
    db = tmp_path / "x.db"
    path = write_sheet(tmp_path / "phone.xlsx", [
        PATENT_HEADERS, patent_row(联系电话=1083570885),
        patent_row(专利号=INVENTION_2, 联系电话=13800138000, 第一发明人="李四",
                   身份证号="110108198506150020"),
    ])
    assert main(["import", str(path), "--db", str(db)]) == 0, capsys.readouterr().err
    with Register.open(db) as reg:
        assert [p.phone for p in reg.patents(2022)] == ["010-83570885", "13800138000"]


def test_yes_written_every_way_a_clerk_writes_it(tmp_path):
    from fixtures.summary_sheets import patent_no

    values = ["√", "Y", 1, "是的", "", "否", "×", "N", 0, "不是的", "✓"]
    path = write_sheet(tmp_path / "yes.xlsx", [PATENT_HEADERS, *(
        patent_row(是否一线职工=v, 专利号=patent_no(f"2021100{i:05d}"))
        for i, v in enumerate(values))])
    preview = read_table(path, 2022)
    assert preview.errors == []
    assert [r.frontline for r in preview.records] == [
        True, True, True, True, None, False, False, False, False, False, True]


# -- a person's facts ------------------------------------------------------------------
def test_a_registered_persons_card_changed_by_a_table_is_named_by_row(tmp_path, capsys):
    """The award is paid to the card: a table giving a registered inventor another card
    (or another name for the same ID number) says so, masked, row by row."""
    from fixtures.summary_sheets import CARD_2, ID_2, INVENTION, UTILITY

    db = tmp_path / "x.db"
    first = write_sheet(tmp_path / "a.xlsx", [PATENT_HEADERS, patent_row(专利号=UTILITY)])
    assert main(["import", str(first), "--db", str(db)]) == 0
    path = write_sheet(tmp_path / "b.xlsx", [
        PATENT_HEADERS, patent_row(专利号=INVENTION, 工会会员互助服务卡号=CARD_2),
        patent_row(专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2,
                   工会会员互助服务卡号=own_card("李四的另一张卡")),
        patent_row(专利号="ZL202110000002.0", 第一发明人="李四", 身份证号=ID_2,
                   工会会员互助服务卡号=CARD_2),
    ])
    capsys.readouterr()
    assert main(["import", str(path), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    masked = f"{CARD_2[:4]} **** **** {CARD_2[-4:]}"  # grouped, as every message shows a card
    assert (f"第 2 行：身份证号 {ID_1[:6]}********{ID_1[-4:]}（张三）的工会会员互助服务卡号表中为"
            f" {masked}，登记册为" in err)
    assert "第 4 行：身份证号" in err and "（李四）的工会会员互助服务卡号" in err and "第 3 行为" in err
    # the card is the application's own: his first one keeps the card it was given
    assert "本行申报按表中卡号登记、拨付，此人其他申报的卡号不变" in err
    assert CARD_2 not in err and ID_1 not in err


# -- the sheet as the unit left it ----------------------------------------------------
def test_hidden_rows_are_read_and_named(tmp_path):
    """A unit hides the rows it does not put forward (or leaves a filter on): they are
    read as every row is, and named, so the office can ask before they are registered."""
    import openpyxl
    from fixtures.summary_sheets import UTILITY

    path = write_sheet(tmp_path / "hidden.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2), patent_row(专利号=UTILITY)])
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[3].hidden = True
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.rows == [2, 3, 4]
    assert any(w.startswith("第 3 行在表中是隐藏的") for w in preview.warnings), preview.warnings


def test_a_hidden_column_is_read_and_named(tmp_path):
    import openpyxl

    path = write_sheet(tmp_path / "hidden-column.xlsx", [PATENT_HEADERS, patent_row()])
    wb = openpyxl.load_workbook(path)
    wb.active.column_dimensions["H"].hidden = True  # 身份证号
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.records[0].id_number == ID_1
    assert any(w.startswith("第 H 列“身份证号” 在表中是隐藏的") for w in preview.warnings), \
        preview.warnings


def test_of_two_columns_of_one_field_the_one_shown_is_read(tmp_path):
    """The unit hid its old 身份证号 column (a wrong number in it) and added a corrected one."""
    import openpyxl

    headers = [*PATENT_HEADERS, "身份证号"]
    path = write_sheet(tmp_path / "two-id-columns.xlsx",
                       [headers, [*patent_row(身份证号=ID_2), ID_1]])
    wb = openpyxl.load_workbook(path)
    wb.active.column_dimensions["H"].hidden = True
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.records[0].id_number == ID_1
    last = openpyxl.utils.get_column_letter(len(headers))
    assert f"“身份证号”有两列：第 H 列是隐藏的，读取未隐藏的第 {last} 列“身份证号”" in preview.warnings


def test_the_lock_file_excel_leaves_beside_an_open_table_is_named_as_such(tmp_path, capsys):
    owner = tmp_path / "~$海淀区汇总表.xlsx"
    owner.write_bytes(b"\x0c\x00\xe5\xbc\xa0\xe4\xb8\x89" + b"\x20" * 46 + b"\x00" * 111)
    db = tmp_path / "x.db"
    assert main(["import", str(owner), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "临时文件" in err and "“海淀区汇总表.xlsx”" in err


def test_a_leading_apostrophe_typed_to_keep_a_number_as_text_is_not_part_of_it(tmp_path):
    """'110105… is how clerks force text in Excel; pasted from elsewhere (or through WPS) the
    apostrophe stays in the cell. Kept, the inventor was another person: a second award
    of the year went unnoticed."""
    path = write_sheet(tmp_path / "q.xlsx", [
        PATENT_HEADERS, patent_row(身份证号=f"'{ID_1}", 工会会员互助服务卡号=f"‘{CARD_2}",
                                   联系电话="'13800138000", 专利号=f"'{INVENTION_2}")])
    [record] = read_table(path, 2022).records
    assert (record.id_number, record.card_number, record.phone, record.patent_number_raw) == (
        ID_1, CARD_2, "13800138000", INVENTION_2)


def test_total_and_footer_rows_as_units_write_them_are_skipped_not_refused(tmp_path):
    """A row of sums with no label, 共计 in the 序号 column, 共 2 项, 单位负责人：… 填表人：…:
    none is an application, and each used to refuse the whole table as a row without a
    project name."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    def blank(**over: object) -> list[object]:
        cells = dict.fromkeys(PROJECT_HEADERS)
        cells.update(over)
        return [cells[h] for h in PROJECT_HEADERS]

    sums = {"项目总投入（万元）": 60, "申请助推金额（万元）": 20}
    path = write_sheet(tmp_path / "totals.xlsx", [
        PROJECT_HEADERS, project_row(), project_row(项目名称="二"),
        blank(**sums), blank(序号="共计", **sums), blank(推荐单位="共2项"),
        blank(推荐单位="本单位共推荐 2 项"), blank(推荐单位="单位负责人：王某    填表人：李某"),
        blank(推荐单位="（此行无项目名称）", **sums),
    ])
    preview = read_table(path, 2022)
    assert preview.rows == [2, 3]
    assert [e.row for e in preview.errors] == [9]  # a row with a unit and sums is a row
    skipped = [w for w in preview.warnings if "已跳过" in w]
    assert [w.split(" ")[1] for w in skipped] == ["4", "5", "6", "7", "8"]


def test_a_second_sheet_holding_a_table_too_is_named_not_silently_left_out(tmp_path, capsys):
    """A unit splits its table over 第一批 and 第二批: the second sheet's rows were left out
    without a word."""
    import openpyxl
    from fixtures.summary_sheets import UTILITY

    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "第一批"
    for row in (PATENT_HEADERS, patent_row()):
        first.append(row)
    second = wb.create_sheet("第二批")
    for row in (["2022年职工创新发明专利助推汇总表（续）"], PATENT_HEADERS,
                patent_row(专利号=INVENTION_2, 专利名称="一种轴承故障诊断方法", 第一发明人="李四",
                           身份证号=ID_2), patent_row(专利号=UTILITY)):
        second.append(row)
    path = tmp_path / "two.xlsx"
    wb.save(path)
    # all or nothing: the first sheet imported alone (exit 0, a 提示) left 第二批's out
    with pytest.raises(SheetsToChoose) as refused:
        read_table(path, 2022)
    assert refused.value.sheets == [("第一批", 1), ("第二批", 2)]
    db = str(tmp_path / "x.db")
    assert main(["import", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "工作表“第一批”1 行、工作表“第二批”2 行" in err and "未导入任何数据" in err
    assert "--sheet" in err
    # the clerk's choice, one sheet at a time: the other named as not imported
    preview = read_table(path, 2022, sheet="第二批")
    assert preview.sheet_name == "第二批" and preview.rows == [3, 4]
    assert any(w.startswith("工作表“第一批”也有专利汇总表") and "的 1 行，本次未导入" in w
               for w in preview.warnings)
    assert main(["import", str(path), "--db", db, "--sheet", "第一批"]) == 0
    said = capsys.readouterr()
    assert "工作表“第二批”也有专利汇总表（附件2）的 2 行，本次未导入" in said.err
    assert "本文件另有工作表“第二批”（2 行）未在本次导入" in said.out  # said again once done
    assert '加 --sheet "第二批"' in said.out
    assert main(["import", str(path), "--db", db, "--sheet", "第二批"]) == 0
    with Register.open(tmp_path / "x.db") as reg:
        assert len(reg.patents(2022)) == 3
    assert main(["import", str(path), "--db", db, "--sheet", "第三批"]) == 1
    assert "没有名为“第三批”的汇总表工作表" in capsys.readouterr().err


def test_an_earlier_years_sheet_beside_this_years_rows_is_said_as_such(tmp_path):
    """File 01's 2021年已报 beside this year's filled sheet: the hint advised merging last
    year's list into this year's; it is said as last year's list, not read."""
    path, _blank = _template_with_second_sheet(tmp_path, "2021年已报", None)
    import openpyxl

    from boostdesk.io.template import FIRST_DATA_ROW

    wb = openpyxl.load_workbook(path)
    first = wb.worksheets[0]
    headers = [c.value for c in first[FIRST_DATA_ROW - 1]]
    values = dict(zip(PATENT_HEADERS, patent_row(专利号=INVENTION_2), strict=True))
    for j, header in enumerate(headers, start=1):
        if header in values:
            first.cell(FIRST_DATA_ROW, j, values[header])
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.sheet_name == first.title and len(preview.records) == 1
    [said] = [w for w in preview.warnings if "2021年已报" in w]
    assert "往年已报的名单" in said and "未读取" in said and "合并" not in said
    assert "填入" not in said  # no advice to move last year's rows into this year's sheet


def test_studio_notes_leave_out_the_rows_skipped_as_already_registered(tmp_path, capsys):
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    from boostdesk.models.records import ProjectApplication

    db = tmp_path / "x.db"
    with Register.open(db, operator="测试员") as reg:
        reg.save_project(ProjectApplication(2022, title="甲", studio_name="某工作室"))
    path = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="甲", 工作室名称="某工作室", 工作室级别="区级"),
        project_row(项目名称="乙", 工作室名称="某工作室", 工作室级别="市级")])
    assert main(["import", str(path), "--db", str(db), "--skip-bad-rows"]) == 0
    err = capsys.readouterr().err
    assert "第 2 行登记" not in err and "跳过已登记或重复的 1 行" in err
    with Register.open(db) as reg:
        assert reg.studio("某工作室").level == "city"


def test_a_header_in_qianyuan_is_refused_not_read_as_wan(tmp_path, capsys):
    """300 under 项目总投入（千元） is 30万元; read under the 万元 default it was stored as
    300万元, ten times over, and the request 100（千元, 10万元）as 100万元."""
    from fixtures.summary_sheets import PROJECT_HEADERS

    headers = [h.replace("（万元）", "（千元）") for h in PROJECT_HEADERS]
    path = _projects(tmp_path, "qian.xlsx", headers, [(300, 100)])
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "“项目总投入（千元）”" in err and "千元" in err and "万元" in err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_a_header_in_renminbi_yuan_is_read_in_yuan(tmp_path):
    """（人民币元）, （单位：人民币元）, （元人民币）: 元 as units write it, not the 万元 default
    (which refused every row, advising a header that already said 元)."""
    from fixtures.summary_sheets import PROJECT_HEADERS

    from boostdesk.models import plan_2022

    headers = [h.replace("项目总投入（万元）", "项目总投入（人民币元）")
               .replace("申请助推金额（万元）", "申请助推金额（单位：人民币元）") for h in PROJECT_HEADERS]
    path = _projects(tmp_path, "rmb.xlsx", headers, [(300000, 100000)])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.errors == []
    [record] = preview.records
    assert (record.total_budget_fen, record.requested_fen) == (300000_00, 100000_00)


def test_ditto_marks_take_the_row_above_not_stored_as_names(tmp_path, capsys):
    """同上 and 〃 under a unit, an enterprise or the same inventor's second patent: they
    were stored as a union named 同上 (the payer of the union's share) and an inventor
    named 〃; as the first row they say nothing and are refused."""
    path = write_sheet(tmp_path / "ditto.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(专利号=INVENTION_2, 推荐单位="同上", 所在单位=" 〃 ", 第一发明人="同上",
                   身份证号="同上", 工会会员互助服务卡号="〃", 授权公告日="同上"),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == []
    first, second = preview.records
    for name in ("unit_name", "enterprise_name", "inventor_name", "id_number", "card_number",
                 "grant_date"):
        assert getattr(second, name) == getattr(first, name), name
    assert any("同上" in w and "第 3 行" in w for w in preview.warnings)
    first_row = write_sheet(tmp_path / "ditto-first.xlsx", [
        PATENT_HEADERS, patent_row(推荐单位="同上")])
    db = tmp_path / "x.db"
    assert main(["import", str(first_row), "--db", str(db)]) == 1
    assert "第 2 行“推荐单位”" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_two_people_in_a_name_cell_are_refused_not_run_together(tmp_path):
    """孙七 and 周八 on two lines of one cell (Alt+Enter) were stored as one inventor 孙七周八,
    and 王五、赵六 as an inventor of that name: the award is paid to one first inventor's
    card, so the cell is refused by row and column. A name spaced out (张  三, 张\\n三)
    stays one name."""
    path = write_sheet(tmp_path / "names.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="孙七\n周八"),
        patent_row(专利号=INVENTION_2, 第一发明人="王五、赵六"),
        patent_row(专利号="ZL202110000002.0", 第一发明人="张  三"),
        patent_row(专利号="ZL202110000003.0", 第一发明人="张\n三"),
    ])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "第一发明人"), (3, "第一发明人")]
    assert "孙七" in preview.errors[0].message and "周八" in preview.errors[0].message
    assert [r.inventor_name for r in preview.records] == ["张三", "张三"]


def test_a_unit_noted_above_the_header_applies_to_money_columns_without_one(tmp_path):
    """单位：元 at the right of the line under the title, as official tables put it: the
    columns headed 项目总投入 and 申请助推金额 without a unit are in 元 (every row was
    refused as 元 typed under 万元). 推荐单位：元宝区总工会 names no unit."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    from boostdesk.models import plan_2022

    headers = [h.replace("（万元）", "") for h in PROJECT_HEADERS]

    def table(name, note):
        return write_sheet(tmp_path / name, [
            ["2022年创新项目助推汇总表"],
            ["填报单位：北京市朝阳区总工会", *[None] * 8, note],
            headers,
            project_row(**{"项目总投入（万元）": 300000, "申请助推金额（万元）": 100000}),
        ])

    preview = read_table(table("yuan.xlsx", "单位：元"), 2022, campaign=plan_2022())
    assert preview.errors == []
    [record] = preview.records
    assert (record.total_budget_fen, record.requested_fen) == (300000_00, 100000_00)
    assert any("单位：元" in w for w in preview.warnings)
    other = read_table(table("place.xlsx", "推荐单位：元宝区总工会"), 2022,
                       campaign=plan_2022())
    assert [e.row for e in other.errors] == [4, 4]  # 万元 as before: refused, not read


def test_headers_named_after_the_inventor_or_the_patent_are_read(tmp_path):
    """第一发明人身份证号码, 专利授权日期, 发明专利号码, 第一发明人联系电话, 工会会员服务卡号:
    columns named for whose or what they are were ignored ("未识别的列"), and the IDs, cards
    and grant dates of a whole table stored blank."""
    renamed = {"专利号": "发明专利号码", "授权公告日": "专利授权日期", "身份证号": "第一发明人身份证号码",
               "工会会员互助服务卡号": "工会会员服务卡号", "联系电话": "第一发明人联系电话",
               "是否已在生产中应用": "是否生产中应用"}
    path = write_sheet(tmp_path / "renamed.xlsx", [
        [renamed.get(h, h) for h in PATENT_HEADERS], patent_row()])
    preview = read_table(path, 2022)
    assert preview.errors == [] and not any("未识别" in w for w in preview.warnings)
    [record] = preview.records
    expected = patent_row()
    assert record.id_number == ID_1 and record.patent_number_raw == INVENTION
    assert record.grant_date == expected[PATENT_HEADERS.index("授权公告日")]
    assert record.card_number and record.phone and record.applied_in_production is True


def test_project_headers_named_after_the_project_or_the_studio_are_read(tmp_path):
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    renamed = {"立项日期": "项目立项时间", "领衔人": "工作室领衔人姓名",
               "项目总投入（万元）": "项目总投入资金（万元）", "申请助推金额（万元）": "申请资助金额（万元）"}
    path = write_sheet(tmp_path / "renamed.xlsx", [
        [renamed.get(h, h) for h in PROJECT_HEADERS], project_row()])
    preview = read_table(path, 2022)
    assert preview.errors == [] and not any("未识别" in w for w in preview.warnings)
    [record] = preview.records
    assert record.leader == "李四" and record.approval_date is not None
    assert (record.total_budget_fen, record.requested_fen) == (30_0000_00, 10_0000_00)


def test_invisible_characters_pasted_from_a_chat_or_web_page_are_dropped(tmp_path):
    """A zero-width space or BOM pasted with a union's name made a second union that looks
    the same as the first (each paid its own share), with an ID another person's key, and
    a date that no longer read."""
    path = write_sheet(tmp_path / "zw.xlsx", [
        PATENT_HEADERS,
        patent_row(推荐单位="北京市海淀区总工会\u200b", 身份证号=f"\ufeff{ID_1}\u200b",
                   第一发明人="张三\u2060", 授权公告日="\u200b2021-03-05"),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == []
    [record] = preview.records
    assert (record.unit_name, record.id_number, record.inventor_name) == (
        "北京市海淀区总工会", ID_1, "张三")
    assert record.grant_date.isoformat() == "2021-03-05"


def test_a_total_row_counting_the_inventors_is_skipped_not_stored_as_an_inventor(tmp_path):
    """合计 in 序号 and =COUNTA() of the inventors (3) under 第一发明人: stored as an
    application by an inventor named 3."""
    total = [None] * len(PATENT_HEADERS)
    total[0], total[PATENT_HEADERS.index("第一发明人")] = "合  计", 3
    path = write_sheet(tmp_path / "total.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2), total])
    preview = read_table(path, 2022)
    assert preview.rows == [2, 3] and preview.errors == []
    assert any("第 4 行" in w and "合计" in w for w in preview.warnings)


def test_yes_and_no_written_as_the_question_is_answered(tmp_path):
    """已应用 / 未应用 under 是否已在生产中应用, 是（已应用）: the answer, refused before; 部分应用
    says neither and stays refused."""
    from fixtures.summary_sheets import patent_no

    values = ["已应用", "未应用", "尚未应用", "是（已应用）", "否(试用中)", "已在生产中应用", "部分应用"]
    path = write_sheet(tmp_path / "yes.xlsx", [PATENT_HEADERS, *(
        patent_row(是否已在生产中应用=v, 专利号=patent_no(f"2021100{i:05d}"))
        for i, v in enumerate(values))])
    preview = read_table(path, 2022)
    assert [r.applied_in_production for r in preview.records] == [
        True, False, False, True, False, True]
    assert [e.row for e in preview.errors] == [8]


def test_a_number_that_is_no_date_of_this_plan_is_refused_not_read_as_1955(tmp_path):
    """20223 (2022年3月 typed short) read as Excel day 20223, 1955-05-14; 3.5 typed into a
    date cell is shown 1900-01-03. No patent or project of the plan is dated before 1985;
    44625, a date cell turned into text, is still 2022-03-05."""
    from datetime import datetime

    from fixtures.summary_sheets import patent_no

    values = ["20223", 20223, datetime(1900, 1, 3), "44625"]
    path = write_sheet(tmp_path / "dates.xlsx", [PATENT_HEADERS, *(
        patent_row(授权公告日=v, 专利号=patent_no(f"2021100{i:05d}"))
        for i, v in enumerate(values))])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [(r, "授权公告日") for r in (2, 3, 4)]
    assert "1955-05-14" in preview.errors[0].message
    assert [r.grant_date.isoformat() for r in preview.records] == ["2022-03-05"]


def test_a_union_merged_down_the_blank_rows_of_the_template_makes_no_rows(tmp_path):
    """推荐单位 merged over the template's rows (numbered), two filled, 填表人 under them: the
    rows left blank were each refused for a missing inventor, and the table could not be
    imported whole."""
    blank = [None] * len(PATENT_HEADERS)
    path = write_sheet(tmp_path / "merged.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2, 推荐单位=None),
        [3], [4], [5], blank, ["填表人：张三"]], merged=("B2:B6",))
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.rows == [2, 3]
    assert preview.records[1].unit_name == "北京市海淀区总工会"


def test_rows_with_only_the_union_dragged_down_are_no_applications(tmp_path, capsys):
    """推荐单位 and 是 dragged down the template's rows past the two filled in: each such row
    was refused for a missing inventor (and nothing imported). A row with an ID or a patent
    number but no name is still refused."""
    filler = patent_row(**dict.fromkeys(
        ("序号", "所在单位", "专利名称", "专利号", "授权公告日", "第一发明人", "身份证号",
         "工会会员互助服务卡号", "联系电话"), None))
    path = write_sheet(tmp_path / "dragged.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2), filler, filler, filler])
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.rows == [2, 3]
    assert any("第 4–6 行" in w for w in preview.warnings)
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert "第 4–6 行" in capsys.readouterr().err
    lone_id = write_sheet(tmp_path / "id.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人=None, 专利号=None)])
    errors = read_table(lone_id, 2022).errors  # no name, and its blank 专利号 said with it
    assert [(e.row, e.column) for e in errors] == [(2, "专利号"), (2, "第一发明人")]


def test_a_below_is_blank_line_is_no_inventor(tmp_path):
    """以下空白 written under the last row (in the name column, as clerks close a form) was
    stored as an inventor of that name; 以下无正文 in 序号 likewise ends nothing."""
    row = [None] * len(PATENT_HEADERS)
    row[PATENT_HEADERS.index("第一发明人")] = "以 下 空 白"
    other = [None] * len(PATENT_HEADERS)
    other[0] = "以下无正文"
    path = write_sheet(tmp_path / "blank.xlsx", [PATENT_HEADERS, patent_row(), row, other])
    preview = read_table(path, 2022)
    assert preview.rows == [2] and preview.errors == []
    assert any("第 3 行" in w for w in preview.warnings)


def test_an_example_row_left_in_the_table_is_not_an_application(tmp_path):
    """示例 in 序号 over a made-up row, as units show their members how to fill it in: it
    was stored as an application of 张三's."""
    path = write_sheet(tmp_path / "example.xlsx", [
        PATENT_HEADERS, patent_row(序号="示例"), patent_row(序号="例：", 专利号=INVENTION_2),
        patent_row(序号=1, 专利号="ZL202110000002.0")])
    preview = read_table(path, 2022)
    assert preview.rows == [4] and preview.errors == []
    assert any("第 2 行" in w and "示例" in w for w in preview.warnings)


def test_the_date_a_table_was_filled_in_is_not_the_year_it_is_for(tmp_path, capsys):
    """填报日期：2021年12月20日 over a 2022 table whose title names no year: it went into
    the 2021 campaign, as if its title named that year."""
    path = write_sheet(tmp_path / "dated.xlsx", [
        ["职工创新发明专利助推汇总表"], ["推荐单位：北京市海淀区总工会", None, "填报日期：2021年12月20日"],
        PATENT_HEADERS, patent_row()])
    assert read_table(path, 2022).title_year is None
    db = tmp_path / "x.db"
    assert main(["campaign", "new", "--year", "2021", "--from", "2022", "--db", str(db)]) == 0
    assert main(["import", str(path), "--db", str(db)]) == 0
    with Register.open(db) as reg:
        assert [p.campaign_year for p in reg.patents(2022)] == [2022]
    titled = write_sheet(tmp_path / "titled.xlsx", [
        ["2022年度职工创新发明专利助推汇总表"], ["填报日期：2021年12月20日"], PATENT_HEADERS,
        patent_row()])
    assert read_table(titled, 2022).title_year == 2022


def test_an_id_pasted_as_its_scientific_display_is_refused(tmp_path):
    """1.10105E+17 pasted as text from a number column: the digits are gone, and the row
    was stored with it as the ID (another person's key, every rule on it failing)."""
    path = write_sheet(tmp_path / "sci.xlsx", [
        PATENT_HEADERS, patent_row(身份证号="1.10105E+17"),
        patent_row(专利号=INVENTION_2, 工会会员互助服务卡号="6.21700E+15")])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "身份证号"), (3, "工会会员互助服务卡号")]
    assert "科学计数" in preview.errors[0].message


def test_the_union_named_above_a_table_without_its_column_is_each_rows(tmp_path, capsys):
    """推荐单位（盖章）：… on the line under the title, as official forms put it, and no
    推荐单位 column: every row was stored without its union (待补), the union that pays
    its share of each award."""
    headers = [h for h in PATENT_HEADERS if h != "推荐单位"]

    def rows(**over):
        row = patent_row(**over)
        return [v for h, v in zip(PATENT_HEADERS, row, strict=True) if h != "推荐单位"]

    path = write_sheet(tmp_path / "union-above.xlsx", [
        ["2022年职工创新发明专利助推汇总表"],
        ["推荐单位（盖章）：北京市西城区总工会      填报日期：2022年5月10日"],
        headers, rows(), rows(专利号=INVENTION_2)])
    preview = read_table(path, 2022)
    assert [r.unit_name for r in preview.records] == ["北京市西城区总工会"] * 2
    assert any("北京市西城区总工会" in w for w in preview.warnings)
    other = write_sheet(tmp_path / "none.xlsx", [["推荐单位（盖章）："], headers, rows()])
    assert [r.unit_name for r in read_table(other, 2022).records] == [""]


def test_of_inventors_and_first_inventor_the_first_inventor_column_is_read(tmp_path):
    """发明人 (every inventor) before 第一发明人: the first column of a field was read, and the
    award judged on the whole list of names."""
    headers = ["发明人", *PATENT_HEADERS]
    path = write_sheet(tmp_path / "inventors.xlsx", [
        headers, ["张三、李四、王五", *patent_row()]])
    preview = read_table(path, 2022)
    assert preview.errors == []
    assert [r.inventor_name for r in preview.records] == ["张三"]
    assert any("“发明人”" in w and "“第一发明人”" in w for w in preview.warnings)
    grouped = write_sheet(tmp_path / "grouped.xlsx", [  # 第一发明人 over 姓名 | 身份证号
        ["发明人", "第一发明人", None, "专利号"], [None, "姓名", "身份证号", None],
        ["张三、李四", "张三", ID_1, INVENTION]], merged=("B1:C1",))
    assert [r.inventor_name for r in read_table(grouped, 2022).records] == ["张三"]


def test_the_template_left_blank_before_the_sheet_filled_in_is_passed_over(tmp_path):
    """A union copies the template's sheet, fills the copy in and sends the workbook with
    the blank one still first: “没有可导入的数据” was said, the filled rows never read."""
    import openpyxl

    from boostdesk.io.template import FIRST_DATA_ROW, write_template

    path = write_template(tmp_path / "海淀区.xlsx", "patent", 2022)
    wb = openpyxl.load_workbook(path)
    blank = wb.worksheets[0]
    filled = wb.copy_worksheet(blank)
    filled.title = "海淀区"
    headers = [c.value for c in blank[FIRST_DATA_ROW - 1]]
    values = dict(zip(PATENT_HEADERS, patent_row(), strict=True))
    for j, header in enumerate(headers, start=1):
        if header in values:
            filled.cell(FIRST_DATA_ROW, j, values[header])
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.sheet_name == "海淀区" and len(preview.records) == 1
    assert preview.records[0].inventor_name == "张三"
    assert preview.warnings[0] == f"工作表“{blank.title}”只有表头，没有填写任何一行：已改读工作表“海淀区”"


def test_a_workbook_of_blank_sheets_still_says_there_is_nothing(tmp_path):
    import openpyxl

    from boostdesk.io.import_messages import empty_table_text

    wb = openpyxl.Workbook()
    wb.active.append(PATENT_HEADERS)
    wb.create_sheet("第二批").append(PATENT_HEADERS)
    wb.save(tmp_path / "blank.xlsx")
    preview = read_table(tmp_path / "blank.xlsx", 2022)
    assert preview.sheet_name == "Sheet" and not preview.records
    assert "没有可导入的数据" in empty_table_text(preview)


def _template_with_second_sheet(tmp_path, title: str, sheet_title: str | None = None):
    """The template's blank sheet first, a filled copy after it named ``title`` (its own
    title line saying ``sheet_title`` when given)."""
    import openpyxl

    from boostdesk.io.template import FIRST_DATA_ROW, write_template

    path = write_template(tmp_path / "东城区.xlsx", "patent", 2022)
    wb = openpyxl.load_workbook(path)
    blank = wb.worksheets[0]
    filled = wb.copy_worksheet(blank)
    filled.title = title
    if sheet_title is not None:
        filled["A1"] = sheet_title
    headers = [c.value for c in blank[FIRST_DATA_ROW - 1]]
    values = dict(zip(PATENT_HEADERS, patent_row(), strict=True))
    for j, header in enumerate(headers, start=1):
        if header in values:
            filled.cell(FIRST_DATA_ROW, j, values[header])
    wb.save(path)
    return path, blank.title


@pytest.mark.parametrize(("title", "sheet_title"), [
    ("2021年已报", None), ("已报名单", None), ("去年", None),
    ("Sheet2", "2021年职工创新发明专利助推汇总表")])
def test_an_earlier_years_list_beside_the_blank_sheet_is_not_read_in_its_place(
        tmp_path, title, sheet_title):
    """This year's sheet left blank, last year's list kept on a sheet beside it: the old
    rows were read in its place (and stored in 2021 by its title) on a 提示 alone."""
    from boostdesk.io.import_messages import empty_table_text

    path, blank = _template_with_second_sheet(tmp_path, title, sheet_title)
    preview = read_table(path, 2022)
    assert preview.sheet_name == blank and not preview.records
    said = empty_table_text(preview)
    assert "没有可导入的数据" in said
    assert f"工作表“{title}”有 1 行，未读取" in said and "往年已报的名单" in said
    assert not any(title in w for w in preview.warnings)  # said once, in the refusal


def test_a_renamed_copy_of_this_years_sheet_is_still_read(tmp_path):
    """The earlier-year check leaves the renamed filled copy found as before."""
    path, blank = _template_with_second_sheet(tmp_path, "东城区2022年", None)
    preview = read_table(path, 2022)
    assert preview.sheet_name == "东城区2022年" and len(preview.records) == 1
    assert preview.warnings[0].startswith(f"工作表“{blank}”只有表头")


def test_a_patent_and_a_project_sheet_in_one_workbook_are_each_named(tmp_path):
    """附件2 and 附件4 filled in one workbook: the project sheet's rows were left out on a
    提示; refused naming each sheet's table, no advice to merge two tables into one."""
    import openpyxl
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row

    wb = openpyxl.Workbook()
    wb.active.title = "专利"
    for row in (PATENT_HEADERS, patent_row()):
        wb.active.append(row)
    second = wb.create_sheet("项目")
    for row in (PROJECT_HEADERS, project_row()):
        second.append(row)
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    with pytest.raises(SheetsToChoose) as refused:
        read_table(path, 2022)
    said = refused.value.message
    assert "工作表“专利”专利汇总表 1 行、工作表“项目”项目汇总表 1 行" in said and "合并" not in said
    preview = read_table(path, 2022, sheet="项目")
    assert preview.stream == "project" and preview.sheets_left == [("专利", 1)]
