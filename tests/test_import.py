"""Importing units' summary tables (attachments 2 and 4), messy as they really come."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from fixtures.summary_sheets import (
    CARD_1,
    CARD_2,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    UTILITY,
    ZERO,
    counts,
    numbered_name,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.errors import ImportCancelled, ImportFailed, ImportRefused
from boostdesk.io.headers import PATENT_TABLE, PROJECT_TABLE, match_header
from boostdesk.io.import_commit import commit, summarize
from boostdesk.io.importer import read_table
from boostdesk.models import PatentApplication, Register, clock, plan_2022


# -- headers -----------------------------------------------------------------
@pytest.mark.parametrize(("text", "field"), [
    ("身份证号码", "id_number"), ("身份证号", "id_number"), ("公民身份号码", "id_number"),
    ("工会会员互助服务卡号", "card_number"), ("互助服务卡号", "card_number"),
    ("会员卡号", "card_number"), ("专利号", "patent_number_raw"),
    ("专利号码", "patent_number_raw"), ("授权公告日", "grant_date"), ("授权日期", "grant_date"),
    ("授权公告日期", "grant_date"), ("第一发明人", "inventor_name"),
    ("第一发明人姓名", "inventor_name"), (" 身 份 证 号 ", "id_number"),
    ("是否一线职工\n（是/否）", "frontline"), ("*专利号", "patent_number_raw"),
    # as units' own sheets word them: the column was ignored, its rows left without it
    ("证件号码", "id_number"), ("第一发明人证件号码", "id_number"), ("是否一线", "frontline"),
    ("是否一线员工", "frontline"), ("是否为职务发明创造", "service_invention"),
    ("是否已在生产中使用", "applied_in_production"), ("发明人身份证号", "id_number"),
    ("发明人所在单位", "enterprise_name"), ("会员服务卡卡号", "card_number"),
])
def test_patent_header_variants(text, field):
    col, _ = match_header(PATENT_TABLE, text)
    assert col.field == field


@pytest.mark.parametrize("text", ["区、局、集团（公司）工会", "区、局、集团(公司)工会",
                                  "推荐单位（区、局、集团（公司）工会）",
                                  "推荐单位(区、局、集团(公司)工会)"])
def test_the_recommending_union_s_header_in_either_bracket_form(text):
    """The plan writes 集团（公司） with full-width brackets; a unit's own sheet may not."""
    for table in (PATENT_TABLE, PROJECT_TABLE):
        col, _ = match_header(table, text)
        assert col.field == "unit_name"


@pytest.mark.parametrize(("text", "unit"), [
    ("项目总投入（万元）", None), ("项目总投入(万元)", None), ("项目总投资（万元）", None),
    ("项目总投入 （ 万元 ）", None), ("项目总投入（元）", "元"), ("项目总投入", None),
])
def test_project_budget_header_variants(text, unit):
    col, found_unit = match_header(PROJECT_TABLE, text)
    assert col.field == "total_budget_fen"
    assert (found_unit if found_unit == "元" else None) == unit


@pytest.mark.parametrize(("text", "field", "unit"), [
    # as units' own sheets word them: the column was ignored, its rows left without it
    ("其中：申请助推金额（万元）", "requested_fen", "万元"), ("其中申请助推金额(元)", "requested_fen", "元"),
    ("拟申请助推金额（万元）", "requested_fen", "万元"), ("联系人电话", "contact_phone", None),
    ("联系人手机", "contact_phone", None), ("创新工作室级别", "studio_level", None),
    ("是否为示范性工作室", "model_studio", None),
])
def test_project_header_variants(text, field, unit):
    col, found_unit = match_header(PROJECT_TABLE, text)
    assert (col.field, found_unit) == (field, unit)


def test_unknown_header_matches_nothing():
    assert match_header(PATENT_TABLE, "籍贯") is None
    assert match_header(PROJECT_TABLE, "") is None


# -- the template's own shape --------------------------------------------------
def test_clean_patent_table_reads_every_field(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(备注="已提交证书"),
    ], merged=("A1:N1",))
    preview = read_table(path, 2022)
    assert preview.stream == "patent"
    assert preview.errors == [] and preview.warnings == []
    assert preview.header_row == 2 and preview.rows == [3]
    assert preview.title_year == 2022
    app = preview.records[0]
    assert app.campaign_year == 2022
    assert (app.unit_name, app.enterprise_name, app.title) == (
        "北京市海淀区总工会", "北京某某科技有限公司", "一种焊缝检测装置")
    assert app.patent_number_raw == INVENTION and app.patent_number == INVENTION
    assert app.grant_date == date(2021, 3, 5)
    assert (app.inventor_name, app.id_number, app.card_number, app.phone) == (
        "张三", ID_1, CARD_1, "13800138000")
    assert (app.frontline, app.service_invention, app.applied_in_production) == (True, True, True)
    assert app.remarks == "已提交证书" and app.seq == 1 and app.received_date is None


def test_a_title_an_excel_cell_wrapped_imports_as_the_form_stores_it(tmp_path):
    """一种焊缝缺陷的⏎超声检测方法 (Alt+Enter in its cell) was imported with a space in the
    middle, and printed so on the summary and the approval sheet. A line break between
    Latin words is still one space; the form's paste gives the same (test_markup_text).
    备注 keeps its line break, as the form's 备注 does (test_import_notes.py)."""
    from boostdesk.validate import tidy_line

    typed = "一种焊缝缺陷的\n超声检测方法（二期）\r\n for BIM\nmodels"
    path = write_sheet(tmp_path / "p.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(专利名称=typed, 备注="证书已交；\n原件已核"),
    ], merged=("A1:N1",))
    [app] = read_table(path, 2022).records
    assert app.title == "一种焊缝缺陷的超声检测方法（二期） for BIM models" == tidy_line(typed)
    assert app.remarks == "证书已交；\n原件已核"


# -- messy sheets ------------------------------------------------------------
def test_messy_patent_sheet(tmp_path):
    """Merged title, blank rows, reordered and renamed columns, extra columns, odd cells."""
    headers = ["第一发明人姓名", "专利号码", "授权日期", "公民身份号码", "互助服务卡号", "专利名称",
               "推荐单位", "所在单位", "是否一线职工", "是否职务发明", "是否已在生产中应用", "籍贯",
               "所属行业"]
    rows = [
        ["附件2"],
        ["2022年职工创新发明专利助推汇总表"],
        [],
        headers,
        # a real date cell, a √ and a Y
        ["张三", INVENTION, datetime(2021, 3, 5), ID_1, CARD_1, "甲", "海淀区总工会", "甲公司",
         "√", "Y", "是", "北京", "智能装备"],
        [],
        # full-width digits everywhere, a Chinese text date, × and N
        ["李 四", "ＺＬ２０２１１０６５４３２１." + INVENTION_2[-1],
         "２０２１年１２月３１日", "".join(chr(ord(c) + 0xFEE0) for c in ID_2),
         "6217 0000 9876 543" + CARD_2[-1], "乙", "海淀区总工会", "乙公司", "×", "N", "否",
         "", ""],
        # an Excel serial number (44197 = 2021-01-01) and a dotted text date
        ["王五", INVENTION, 44197, "", "", "丙", "海淀区总工会", "丙公司", "是", "是", "是", "", ""],
        ["赵六", INVENTION, "2021.3.5", "", "", "丁", "海淀区总工会", "丁公司", "否", "否", "否",
         "", ""],
        [None] * 13,
    ]
    path = write_sheet(tmp_path / "messy.xlsx", rows, merged=("A2:M2",))
    preview = read_table(path, 2022)
    assert preview.errors == []
    assert preview.stream == "patent" and preview.header_row == 4
    assert preview.rows == [5, 7, 8, 9]
    a, b, c, d = preview.records
    assert a.grant_date == date(2021, 3, 5)
    assert (a.frontline, a.service_invention, a.applied_in_production) == (True, True, True)
    assert a.industry == "智能装备"
    assert b.inventor_name == "李四"
    assert b.patent_number == INVENTION_2
    assert b.grant_date == date(2021, 12, 31)
    assert b.id_number == ID_2
    assert b.card_number == CARD_2
    assert (b.frontline, b.service_invention, b.applied_in_production) == (False, False, False)
    assert c.grant_date == date(2021, 1, 1)
    assert d.grant_date == date(2021, 3, 5)
    assert any("籍贯" in w for w in preview.warnings)
    # the template's columns this sheet lacks are named, so the clerk knows what will be missing
    assert any("联系电话" in w and "待补" in w for w in preview.warnings)


def test_header_on_a_later_sheet_and_title_year(tmp_path):
    path = tmp_path / "two.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["请按下表填写"])
    ws = wb.create_sheet("汇总")
    ws.append(["2021年创新项目助推汇总表"])
    ws.append(PROJECT_HEADERS)
    ws.append(project_row())
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.sheet_name == "汇总" and preview.stream == "project"
    assert preview.title_year == 2021
    assert any("2021" in w and "2022" in w for w in preview.warnings)


def test_messy_project_sheet(tmp_path):
    headers = ["项目名称", "工作室名称", "工作室级别", "领衔人", "立项时间", "启动资金是否到位",
               "计划完成时间", "项目总投资(万元)", "申请助推金额（元）", "所在单位", "推荐单位",
               "联系人", "联系电话"]
    rows = [
        ["2022年创新项目助推汇总表"],
        headers,
        ["甲项目", "甲工作室", "市级（示范性）", "甲", "2022-03-01", "是", "2024/2/29", 30,
         100000, "甲公司", "朝阳区总工会", "甲", "13800138000"],
        ["乙项目", "乙工作室", "区、局、集团（公司）级", "乙", 44652, "√", "2023年6月30日",
         "６", "30000元", "乙公司", "朝阳区总工会", "乙", ""],
        ["丙项目", "丙工作室", "局级", "丙", date(2022, 5, 1), "否", date(2023, 5, 1), 7.35,
         "3万元", "", "朝阳区总工会", "", ""],
    ]
    path = write_sheet(tmp_path / "proj.xlsx", rows, merged=("A1:M1",))
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.stream == "project"
    a, b, c = preview.records
    assert a.studio_level == "city" and a.model_studio is True
    assert a.approval_date == date(2022, 3, 1) and a.planned_completion == date(2024, 2, 29)
    assert a.total_budget_fen == 300_000_00  # 30 万元
    assert a.requested_fen == 100_000_00  # the header says 元
    assert a.enterprise_name == "甲公司" and a.unit_name == "朝阳区总工会"
    assert b.studio_level == "district" and b.model_studio is None  # the table says nothing
    assert b.approval_date == date(2022, 4, 1)  # serial 44652
    assert b.startup_funds_paid is True and b.planned_completion == date(2023, 6, 30)
    assert b.total_budget_fen == 60_000_00 and b.requested_fen == 30_000_00
    assert c.studio_level == "district" and c.startup_funds_paid is False
    assert c.total_budget_fen == 73_500_00  # 7.35 万元, to the fen
    assert c.requested_fen == 30_000_00  # "3万元" says its unit


def test_vertically_merged_unit_and_footer_rows(tmp_path):
    rows = [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 第一发明人="甲", 推荐单位="北京市总工会机关"),
        patent_row(序号=2, 第一发明人="乙", 推荐单位=None),
        patent_row(序号=3, 第一发明人="丙", 推荐单位=None),
        ["合计", None, None, "3 项", None, None, None, None, None, None, None, None, None, None],
        ["填表人：高珊", None, None, None, None, None, None, "联系电话：83570885"],
        ["注：本表只报送电子版"],
    ]
    path = write_sheet(tmp_path / "m.xlsx", rows, merged=("A1:N1", "B3:B5", "A8:N8"))
    preview = read_table(path, 2022)
    assert preview.errors == []
    assert [r.unit_name for r in preview.records] == ["北京市总工会机关"] * 3
    skipped = [w for w in preview.warnings if "已跳过" in w]
    assert len(skipped) == 2
    assert skipped[0].startswith("第 6 行") and "合计" in skipped[0]
    assert skipped[1].startswith("第 7 行") and "填表人" in skipped[1]
    # the note merged across the table only fills 序号, which alone is no data: skipped quietly


def test_id_typed_as_a_number_is_refused(tmp_path):
    path = write_sheet(tmp_path / "n.xlsx", [PATENT_HEADERS, patent_row(身份证号=110105198001010016)])
    preview = read_table(path, 2022)
    assert preview.records == []
    [error] = preview.errors
    assert (error.row, error.column) == (2, "身份证号") and "文本格式" in error.message


def test_a_seq_too_long_to_be_a_row_number_is_left_out(tmp_path, reg):
    # hypothesis found it: 9.2e18 in 序号 (a stray card number) overflowed SQLite's INTEGER
    path = write_sheet(tmp_path / "s.xlsx", [PATENT_HEADERS, patent_row(序号=9.223372036854776e18)])
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.records[0].seq is None
    [app_id] = commit(reg, preview)
    assert reg.patent(app_id).seq is None


# -- rows that cannot be read ----------------------------------------------------
def bad_patent_sheet(tmp_path: Path) -> Path:
    return write_sheet(tmp_path / "bad.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲"),
        patent_row(第一发明人="乙", 授权公告日="去年三月"),
        patent_row(第一发明人="", 专利名称="没有发明人的专利"),
        patent_row(第一发明人="丁", 是否一线职工="可能"),
        patent_row(第一发明人="戊", 专利号=INVENTION_2, 身份证号=ID_2),
    ])


def test_unreadable_rows_are_reported_with_row_column_and_reason(tmp_path):
    preview = read_table(bad_patent_sheet(tmp_path), 2022)
    assert [r.inventor_name for r in preview.records] == ["甲", "戊"]
    assert preview.rows == [3, 7]
    assert preview.refused_rows == [4, 5, 6]
    texts = [str(e) for e in preview.errors]
    assert texts[0].startswith("第 4 行“授权公告日”：无法识别的日期：去年三月")
    assert texts[1] == "第 5 行“第一发明人”：缺少第一发明人姓名，无法登记这一行"
    assert texts[2] == "第 6 行“是否一线职工”：无法识别“可能”：请填“是”或“否”"


def test_the_problem_list_for_the_unit_is_in_sheet_order_with_the_warnings(tmp_path):
    from boostdesk.io.union_problems import union_problem_list

    preview = read_table(bad_patent_sheet(tmp_path), 2022, campaign=plan_2022())
    preview.warnings.append("表格标题写的是 2021 年，本次按 2022 年度导入")
    text = union_problem_list(preview, {7: "专利 ZL… 与第 3 行重复"}, {})
    assert text.splitlines() == [
        "bad.xlsx（专利汇总表（附件2），工作表“Sheet”）：3 行无法读取，与前面的行重复 1 行",
        "第 4 行“授权公告日”：无法识别的日期：去年三月，请写成 2021-03-05",
        "第 5 行“第一发明人”：缺少第一发明人姓名，无法登记这一行",
        "第 6 行“是否一线职工”：无法识别“可能”：请填“是”或“否”",
        "第 7 行：与前面第 3 行重复：请删去多余的一行",
        "", "提示：", "表格标题写的是 2021 年，本次按 2022 年度导入",
    ]
    good = read_table(write_sheet(tmp_path / "good.xlsx", [PATENT_HEADERS, patent_row()]), 2022)
    assert union_problem_list(good, {}, {}) == ""


def test_unreadable_row_refuses_the_whole_import(tmp_path, reg):
    preview = read_table(bad_patent_sheet(tmp_path), 2022)
    with pytest.raises(ImportRefused) as exc:
        commit(reg, preview)
    assert "3 行无法读取，未导入任何数据" in exc.value.message
    assert "第 4 行“授权公告日”" in exc.value.message
    assert counts(reg) == ZERO


def test_skip_bad_rows_stores_the_readable_rows(tmp_path, reg):
    preview = read_table(bad_patent_sheet(tmp_path), 2022)
    ids = commit(reg, preview, skip_bad_rows=True)
    assert len(ids) == 2
    assert [p.inventor_name for p in reg.patents(2022)] == ["甲", "戊"]


def test_bad_amount_and_level_cells(tmp_path):
    path = write_sheet(tmp_path / "b.xlsx", [
        PROJECT_HEADERS,
        project_row(**{"项目总投入（万元）": "三十来万"}),
        project_row(工作室级别="国家级"),
        project_row(立项日期="2022-02-30"),
        project_row(项目名称=""),
    ])
    preview = read_table(path, 2022)
    assert preview.records == []
    texts = [str(e) for e in preview.errors]
    assert texts[0].startswith("第 2 行“项目总投入（万元）”：无法识别的金额：三十来万")
    assert texts[1].startswith("第 3 行“工作室级别”：无法识别的工作室级别：国家级")
    assert texts[2] == "第 4 行“立项日期”：“2022-02-30”：2022 年 2 月没有 30 日"
    assert texts[3] == "第 5 行“项目名称”：缺少项目名称，无法登记这一行"


# -- rule-breaking rows are kept -----------------------------------------------
def test_rule_breaking_rows_are_kept_and_flagged(tmp_path, reg):
    wrong_check = INVENTION[:-1] + ("0" if INVENTION[-1] != "0" else "1")
    path = write_sheet(tmp_path / "rules.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="甲", 专利号=UTILITY),
        patent_row(第一发明人="乙", 专利号=wrong_check),
        patent_row(第一发明人="丙", 授权公告日=date(2020, 12, 31), 身份证号=ID_2),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == [] and len(preview.records) == 3
    assert preview.records[1].patent_number_raw == wrong_check
    assert preview.records[1].patent_number is None
    ids = commit(reg, preview)
    codes = {}
    for app_id in ids:
        row = reg.query("SELECT eligible, findings FROM patent_applications WHERE id = ?",
                        (app_id,))[0]
        assert row["eligible"] == 0
        codes[app_id] = {f["code"] for f in json.loads(row["findings"])}
    assert "PATENT_NOT_INVENTION" in codes[ids[0]]
    assert "PATENT_NUMBER_INVALID" in codes[ids[1]]
    assert "GRANT_DATE_OUTSIDE_WINDOW" in codes[ids[2]]


# -- files that are no summary table -------------------------------------------
def _xls_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook" * 100


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("old.xls", _xls_bytes(), "已损坏或不是 Excel 工作簿"),  # an .xls header, no workbook in it
    ("old.doc", _xls_bytes(), "Office 97-2003 格式的文件"),
    ("wps.et", _xls_bytes(), "WPS 表格格式（.et）的文件"),
    ("renamed.xlsx", _xls_bytes(), "不是真正的 .xlsx 文件"),
    ("table.csv", "序号,推荐单位,专利号\n1,海淀区总工会,ZL202110123456.7\n".encode(), "CSV"),
    ("table.csv", "序号,推荐单位\n1,海淀\n".encode("gbk"), "CSV"),
    ("empty.xlsx", b"", "是空的"),
    ("corrupt.xlsx", bytes(range(256)) * 20, "已损坏或不是 Excel 工作簿"),
    ("web.xls", b"<html><table><tr><td>1</td></tr></table></html>", "网页"),
])
def test_files_that_are_not_xlsx(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert expected in exc.value.message
    if expected != "是空的":
        assert "另存为" in exc.value.message


FIXTURES = Path(__file__).parent / "fixtures"


def _ole_bytes(*names: str) -> bytes:
    """A compound file of one FAT sector and one directory sector naming ``names``."""
    import struct

    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<II", header, 44, 1, 1)  # one FAT sector; the directory at sector 1
    struct.pack_into("<109I", header, 76, 0, *[0xFFFFFFFF] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *[0xFFFFFFFF] * 126)
    directory = bytearray(512)
    for i, name in enumerate(("Root Entry", *names)):
        raw = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128:i * 128 + len(raw)] = raw
        struct.pack_into("<H", directory, i * 128 + 64, len(raw))
    return bytes(header) + fat + bytes(directory)


@pytest.mark.parametrize("path", [
    FIXTURES / "patent-table-password.xlsx",  # msoffcrypto's, password 123456
    None,  # built here: the directory's two names alone
])
def test_a_password_protected_xlsx_is_said_to_have_a_password(tmp_path, path):
    """An encrypted .xlsx is an OLE file whose directory names EncryptionInfo and
    EncryptedPackage: it was told "可能是改了扩展名的旧版 .xls 文件，或设置了打开密码"."""
    if path is None:
        path = tmp_path / "加密.xlsx"
        path.write_bytes(_ole_bytes("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"))
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert "设置了打开密码，无法读取" in exc.value.message
    assert "旧版 .xls" not in exc.value.message
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(_ole_bytes("Workbook", "\x05SummaryInformation"))
    with pytest.raises(ImportFailed) as exc:
        read_table(renamed, 2022)
    assert "不是真正的 .xlsx 文件" in exc.value.message


def test_an_excel_97_2003_table_is_imported(tmp_path):
    """Many units still save .xls. This one was typed into the template in LibreOffice Calc and
    saved as "Excel 97-2003": 序号 as =ROW()-2, a date cell and a date typed as text."""
    preview = read_table(FIXTURES / "patent-table-calc.xls", 2022)
    assert not preview.errors and not preview.warnings
    assert [(r.seq, r.inventor_name, r.grant_date.isoformat(), r.patent_number, r.id_number)
            for r in preview.records] == [
        (1, "曹嘉怡", "2021-07-27", "ZL201710753986.3", "110104199003074514"),
        (2, "武喆", "2021-03-05", "ZL202110123456.7", "11010119900307451X")]
    db = tmp_path / "x.db"
    assert main(["import", str(FIXTURES / "patent-table-calc.xls"), "--db", str(db)]) == 0
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 2


def test_an_xls_reaching_far_out_is_refused_before_its_cells_become_python(tmp_path):
    """One cell at IV65536, the last an .xls can hold: the grid calamine built is refused
    before 16.7 million Python cells are made of it."""
    with pytest.raises(ImportFailed) as exc:
        read_table(FIXTURES / "patent-table-far-cell.xls", 2022)
    assert "65,536 行 × 256 列" in exc.value.message


def test_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert "已损坏或不是 Excel 工作簿" in exc.value.message


def test_truncated_xlsx(tmp_path):
    good = write_sheet(tmp_path / "good.xlsx", [PATENT_HEADERS, patent_row()])
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert "已损坏" in exc.value.message


def test_workbook_without_content(tmp_path):
    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert "没有任何内容" in exc.value.message


def test_sheet_whose_headers_match_neither_table(tmp_path):
    path = write_sheet(tmp_path / "other.xlsx", [["姓名", "部门", "工资"], ["张三", "车间", 5000]])
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    msg = exc.value.message
    assert "找不到汇总表的表头" in msg
    assert "工会会员互助服务卡号" in msg and "申请助推金额（万元）" in msg


def test_patent_sheet_without_its_key_column(tmp_path):
    headers = [h for h in PATENT_HEADERS if h != "专利号"]
    path = write_sheet(tmp_path / "nokey.xlsx", [["标题"], headers])
    with pytest.raises(ImportFailed) as exc:
        read_table(path, 2022)
    assert exc.value.message.startswith("“Sheet”工作表第 2 行像是专利汇总表的表头，但缺少“专利号”列")


def test_missing_file(tmp_path):
    with pytest.raises(ImportFailed) as exc:
        read_table(tmp_path / "nope.xlsx", 2022)
    assert "找不到文件" in exc.value.message


def test_a_file_name_too_long_is_refused_as_a_bad_file_not_a_fault(tmp_path):
    """Monkey seed 5: 300 letters typed into 导入汇总表's 文件 box, Enter: the system's
    refusal came out of the check for the file as an OSError, logged as a fault."""
    with pytest.raises(ImportFailed) as exc:
        read_table(tmp_path / ("a" * 300), 2022)
    assert "文件名或路径太长" in exc.value.message


# -- progress, cancel, one transaction -----------------------------------------
def test_progress_and_cancel(tmp_path):
    rows = [PATENT_HEADERS] + [patent_row(序号=i, 第一发明人=numbered_name("人", i)) for i in range(1200)]
    path = write_sheet(tmp_path / "big.xlsx", rows)
    seen: list[tuple[int, int]] = []
    preview = read_table(path, 2022, progress=lambda d, t: seen.append((d, t)))
    assert len(preview.records) == 1200
    assert seen == [(500, 1200), (1000, 1200), (1200, 1200)]
    calls = []

    def cancel_after_first_chunk() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(ImportCancelled):
        read_table(path, 2022, cancelled=cancel_after_first_chunk)


def _three_rows(tmp_path: Path) -> Path:
    return write_sheet(tmp_path / "t.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="甲"), patent_row(第一发明人="乙", 身份证号=ID_2),
        patent_row(第一发明人="丙", 专利号=INVENTION_2, 身份证号="", 推荐单位="新的工会"),
    ])


def test_commit_is_all_or_nothing_when_a_row_fails_to_store(tmp_path, reg):
    """The third application is refused by the database itself (as a full disk would),
    after its unit, person and the first two rows were written: none of it stays."""
    preview = read_table(_three_rows(tmp_path), 2022)
    reg.conn.execute(
        "CREATE TEMP TRIGGER refuse_third BEFORE INSERT ON patent_applications"
        " WHEN NEW.patent_number_raw = '" + INVENTION_2 + "'"
        " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        commit(reg, preview)
    assert counts(reg) == ZERO
    assert reg.scalar("SELECT count(*) FROM audit_events WHERE entity != 'campaigns'"
                      " AND action != 'record_unsealed_exports'") == 0
    assert reg.scalar("SELECT count(*) FROM status_history") == 0


def test_commit_is_all_or_nothing_when_the_rules_fail(tmp_path, reg, monkeypatch):
    import boostdesk.rules.check as check

    def failing(*args: object) -> None:
        raise RuntimeError("rules crashed")

    monkeypatch.setattr(check, "judge_new", failing)
    with pytest.raises(RuntimeError):
        commit(reg, read_table(_three_rows(tmp_path), 2022))
    assert counts(reg) == ZERO


def test_commit_cancelled_stores_nothing(tmp_path, reg):
    path = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
    preview = read_table(path, 2022)
    with pytest.raises(ImportCancelled):
        commit(reg, preview, cancelled=lambda: True)
    assert counts(reg) == ZERO


def test_commit_received_date_and_summary(tmp_path, reg):
    path = write_sheet(tmp_path / "t.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="甲"),
        patent_row(第一发明人="乙", 专利号=UTILITY, 身份证号=ID_2),
    ])
    ids = commit(reg, read_table(path, 2022), received_date=date(2022, 10, 31))
    assert [reg.patent(i).received_date for i in ids] == [date(2022, 10, 31)] * 2
    summary = summarize(reg, "patent", ids)
    assert summary.imported == 2 and summary.refused == 1
    assert summary.eligible + summary.incomplete == 1


# -- the command line ----------------------------------------------------------
def test_cli_import_ok(tmp_path, capsys):
    path = write_sheet(tmp_path / "ok.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲"),
        patent_row(第一发明人="乙", 专利号=UTILITY, 身份证号=ID_2),
    ], merged=("A1:N1",))
    db = tmp_path / "x.db"
    code = main(["import", str(path), "--db", str(db), "--received", "2022-10-31"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "导入 2 行：" in out and "不合格 1" in out
    with Register.open(db) as reg:
        assert [p.inventor_name for p in reg.patents(2022)] == ["甲", "乙"]
        assert reg.patents(2022)[0].received_date == date(2022, 10, 31)


def test_cli_import_of_the_same_table_again_stores_nothing_twice(tmp_path, capsys):
    path = write_sheet(tmp_path / "ok.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲"),
    ], merged=("A1:N1",))
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    capsys.readouterr()
    # its row is the registered paper as the table gives it: passed over, not an error
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert "没有新的申报" in (out := capsys.readouterr().out)
    assert "已登记（与表中相同）1 行（第 3 行），不再导入" in out
    assert main(["import", str(path), "--db", str(db), "--skip-bad-rows"]) == 0
    assert "已登记（与表中相同）1 行" in capsys.readouterr().out
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 1


def test_cli_import_goes_to_the_year_its_title_names(tmp_path, capsys):
    path = write_sheet(tmp_path / "ok.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, patent_row(第一发明人="甲"),
    ], merged=("A1:N1",))
    db = tmp_path / "x.db"
    assert main(["campaign", "new", "--year", "2023", "--from", "2022", "--db", str(db)]) == 0
    with clock.fixed_day(date(2022, 10, 20)):  # 2022's papers still due (by 2022-11-01)
        assert main(["import", str(path), "--db", str(db)]) == 0
    assert "按表格标题导入 2022 年度" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert (len(reg.patents(2022)), len(reg.patents(2023))) == (1, 0)


def test_cli_import_refuses_a_title_year_whose_deadline_has_passed(tmp_path, capsys):
    """Last year's template filled in with this year's papers: imported into 2021 (its
    deadline long passed) on a 提示 alone, each row judged under the old plan."""
    path = write_sheet(tmp_path / "old.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, patent_row(第一发明人="甲"),
    ], merged=("A1:N1",))
    db = tmp_path / "x.db"
    assert main(["campaign", "new", "--year", "2023", "--from", "2022", "--db", str(db)]) == 0
    capsys.readouterr()
    with clock.fixed_day(date(2023, 3, 1)):
        assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "表格标题写的是 2022 年，登记册当前为 2023 年度" in err
    assert "2022 年度的材料报送截止日 2022-11-01 已过，未导入任何数据" in err
    assert "可能用了 2022 年的模板" in err and "--year 2023" in err and "--year 2022" in err
    with Register.open(db) as reg:
        assert (len(reg.patents(2022)), len(reg.patents(2023))) == (0, 0)
    with clock.fixed_day(date(2023, 3, 1)):  # told which: as told
        assert main(["import", str(path), "--db", str(db), "--year", "2023"]) == 0
    with Register.open(db) as reg:
        assert (len(reg.patents(2022)), len(reg.patents(2023))) == (0, 1)


def test_cli_import_refused_rows_exit_1_and_store_nothing(tmp_path, capsys):
    db = tmp_path / "x.db"
    code = main(["import", str(bad_patent_sheet(tmp_path)), "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "第 4 行“授权公告日”：无法识别的日期：去年三月" in err
    assert "--skip-bad-rows" in err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_cli_import_refusal_lists_every_problem_the_preview_does(tmp_path, capsys):
    """Refused for an unreadable row, the command line listed that row alone: the disputed
    row and the 请核对 name came only after --skip-bad-rows (the window lists all at once)."""
    path = write_sheet(tmp_path / "all.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲"),
        patent_row(第一发明人="乙", 授权公告日="去年三月", 专利号=INVENTION_2),
        patent_row(第一发明人="丙", 身份证号=ID_2),  # the same patent, another inventor
        patent_row(第一发明人="甲乙", 专利号=UTILITY),  # 甲's ID, another name
    ])
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 4 行“授权公告日”：无法识别的日期：去年三月" in err
    assert "另有 1 行已登记或在表中重复（加 --skip-bad-rows 也不导入）：\n  第 5 行：" in err
    assert "请核对：1 行第一发明人的姓名" in err and "导入时将按" in err
    assert "  第 6 行：“第一发明人”表中为“甲乙”" in err
    assert "请选“" not in err and "请加 --rename-people" in err  # the option, not the box
    assert err.rstrip().endswith("或加 --skip-bad-rows 跳过这些行、导入其余各行")
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_cli_import_skip_bad_rows(tmp_path, capsys):
    db = tmp_path / "x.db"
    code = main(["import", str(bad_patent_sheet(tmp_path)), "--db", str(db), "--skip-bad-rows"])
    out, err = capsys.readouterr()
    assert code == 0
    assert "导入 2 行" in out
    assert "跳过无法读取的 3 行" in err and "第 5 行“第一发明人”" in err
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 2


@pytest.mark.parametrize(("name", "content"), [
    ("a.xls", _xls_bytes()), ("a.csv", b"a,b\n1,2\n"), ("a.xlsx", b""),
    ("b.xlsx", bytes(range(256)) * 4),
])
def test_cli_bad_file_exit_1(tmp_path, capsys, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    db = tmp_path / "x.db"
    Register.open(db).close()  # (a --db newly made is said first)
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and name in err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_cli_headers_only_imports_nothing_and_fails(tmp_path, capsys):
    path = write_sheet(tmp_path / "h.xlsx", [["2022年创新项目助推汇总表"], PROJECT_HEADERS])
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 1
    assert "没有可导入的数据" in capsys.readouterr().err


def test_cli_unknown_year(tmp_path, capsys):
    path = write_sheet(tmp_path / "h.xlsx", [PATENT_HEADERS, patent_row()])
    assert main(["import", str(path), "--db", str(tmp_path / "x.db"), "--year", "2031"]) == 1
    assert "没有 2031 年度" in capsys.readouterr().err


def test_cli_bad_received_date(tmp_path, capsys):
    path = write_sheet(tmp_path / "h.xlsx", [PATENT_HEADERS, patent_row()])
    args = ["import", str(path), "--db", str(tmp_path / "x.db"), "--received", "10/31"]
    assert main(args) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_received_date_column_wins_over_the_default(tmp_path, reg):
    path = write_sheet(tmp_path / "r.xlsx", [
        [*PATENT_HEADERS, "报送日期"],
        [*patent_row(第一发明人="甲"), "2022年11月2日"],
        [*patent_row(第一发明人="乙", 身份证号=ID_2, 专利号=INVENTION_2), None],
    ])
    ids = commit(reg, read_table(path, 2022), received_date=date(2022, 10, 31))
    late, on_time = (reg.patent(i) for i in ids)
    assert late.received_date == date(2022, 11, 2)
    assert on_time.received_date == date(2022, 10, 31)
    findings = json.loads(reg.scalar(
        "SELECT findings FROM patent_applications WHERE id = ?", (ids[0],)))
    assert "LATE_SUBMISSION" in {f["code"] for f in findings}


def test_project_enterprise_column_goes_to_the_studio(tmp_path, reg):
    path = write_sheet(tmp_path / "e.xlsx", [
        [*PROJECT_HEADERS, "所在单位"], [*project_row(), "北京某某机床有限公司"],
    ])
    (app_id,) = commit(reg, read_table(path, 2022))
    project = reg.project(app_id)
    assert project.enterprise_name == "北京某某机床有限公司"
    (studio,) = reg.studios()
    assert (studio.name, studio.level, studio.enterprise_name, studio.unit_name) == (
        "李四职工创新工作室", "city", "北京某某机床有限公司", "北京市朝阳区总工会")


# -- storing many rows at once: the same verdicts, duplicates and audit trail -----------
def _awkward_sheet(tmp_path: Path) -> Path:
    """Duplicates inside the file and against the register, one person twice."""
    return write_sheet(tmp_path / "dupes.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="甲", 专利号=INVENTION),
        patent_row(第一发明人="乙", 专利号=INVENTION, 身份证号=ID_2),  # the same patent again
        patent_row(第一发明人="甲", 专利号=INVENTION_2),  # 甲 a second time
        patent_row(第一发明人="丙", 专利号=UTILITY, 身份证号=""),
        patent_row(第一发明人="丁", 专利号="ZL201910107124.2", 身份证号=""),
    ])


def _stored_verdicts(reg: Register) -> dict[int, tuple[int, int, str]]:
    return {r["id"]: (r["eligible"], r["incomplete"], r["findings"]) for r in reg.query(
        "SELECT id, eligible, incomplete, findings FROM patent_applications")}


def _full_check(reg: Register, year: int) -> dict[int, tuple[int, int, str]]:
    from boostdesk.rules import check_campaign
    from boostdesk.rules.findings import to_json

    return {v.app_id: (int(v.eligible), int(v.incomplete), to_json(v.findings))
            for v in check_campaign(reg, year)}


def _codes(reg: Register, app_id: int) -> set[str]:
    return {f["code"] for f in json.loads(reg.scalar(
        "SELECT findings FROM patent_applications WHERE id = ?", (app_id,)))}


@pytest.mark.parametrize("campaign_had_patents", [False, True])
def test_imported_verdicts_are_those_of_a_full_check(tmp_path, reg, campaign_had_patents):
    """The new rows are judged in memory with the applications already stored that share
    a patent number, a person or a studio with them (in any campaign), and written with
    their verdicts; those stored ones are checked again. The stored verdicts of both
    campaigns are what checking each whole campaign gives."""
    from boostdesk.rules import recheck

    reg.save_campaign(reg.campaign(2022).for_year(2021))
    with reg.transaction():
        earlier = reg.save_patent(PatentApplication(
            2021, title="去年的专利", patent_number_raw="ZL201910107124.2", inventor_name="戊"))
        if campaign_had_patents:
            reg.save_patent(PatentApplication(2022, title="已登记", inventor_name="己",
                                              patent_number_raw=INVENTION_2))
        recheck(reg)
    ids = commit(reg, read_table(_awkward_sheet(tmp_path), 2022))
    stored = _stored_verdicts(reg)
    for year in (2021, 2022):
        assert {i: stored[i] for i in _full_check(reg, year)} == _full_check(reg, year)
    first, again, second_of_jia, utility, last_year = ids
    assert "DUPLICATE_APPLICATION" in _codes(reg, again)
    assert "DUPLICATE_APPLICATION" in _codes(reg, last_year)  # claimed in 2021 (登记号 earlier)
    assert f"专利{earlier}" in reg.scalar(
        "SELECT findings FROM patent_applications WHERE id = ?", (last_year,))
    assert "PATENT_NOT_INVENTION" in _codes(reg, utility)
    if campaign_had_patents:
        assert "DUPLICATE_APPLICATION" in _codes(reg, second_of_jia)
    else:
        assert "PERSON_ALREADY_AWARDED_THIS_YEAR" in _codes(reg, second_of_jia)
        assert _codes(reg, first).isdisjoint({"DUPLICATE_APPLICATION",
                                              "PERSON_ALREADY_AWARDED_THIS_YEAR"})


def test_an_import_rechecks_only_the_applications_it_competes_with(tmp_path, reg):
    """An application sharing nothing with the imported rows keeps its stored verdict, even
    a wrong one planted here: the import did not look at it (a full check would)."""
    from boostdesk.rules import recheck

    with reg.transaction():
        neighbour = reg.save_patent(PatentApplication(  # the same patent as the file's rows
            2022, title="已登记", inventor_name="己", patent_number_raw=INVENTION))
        unrelated = reg.save_patent(PatentApplication(
            2022, title="无关", inventor_name="庚", patent_number_raw=INVENTION_2))
        recheck(reg)
    reg.conn.execute("UPDATE patent_applications SET findings = '[\"planted\"]' WHERE id IN (?, ?)",
                     (neighbour, unrelated))
    path = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
    [new] = commit(reg, read_table(path, 2022))
    full = _full_check(reg, 2022)
    stored = _stored_verdicts(reg)
    assert stored[new] == full[new] and "DUPLICATE_APPLICATION" in _codes(reg, new)
    assert stored[neighbour] == full[neighbour]  # looked at again, and put right
    assert stored[unrelated][2] == '["planted"]'


def test_imported_project_verdicts_are_those_of_a_full_check(tmp_path, reg):
    from boostdesk.rules import check_campaign
    from boostdesk.rules.findings import to_json

    path = write_sheet(tmp_path / "p.xlsx", [PROJECT_HEADERS] + [
        project_row(项目名称=f"项目{i}", 序号=i) for i in range(4)
    ] + [project_row(项目名称="项目1")])  # 同一工作室: over the limit, and one twice
    ids = commit(reg, read_table(path, 2022))
    stored = {r["id"]: (r["eligible"], r["incomplete"], r["findings"]) for r in reg.query(
        "SELECT id, eligible, incomplete, findings FROM project_applications")}
    full = {v.app_id: (int(v.eligible), int(v.incomplete), to_json(v.findings))
            for v in check_campaign(reg, 2022)}
    assert stored == full
    codes = [{f["code"] for f in json.loads(stored[i][2])} for i in ids]
    assert "STUDIO_TOO_MANY_APPLICATIONS" in codes[2]
    assert "DUPLICATE_APPLICATION" in codes[4]


def test_import_is_audited_with_the_file_and_who_imported_it(tmp_path, reg):
    import hashlib

    path = _awkward_sheet(tmp_path)
    reg.operator = "录入员乙"
    ids = commit(reg, read_table(path, 2022))
    for app_id in ids:
        (event,) = reg.audit_trail("patent_applications", app_id)
        assert (event["operator"], event["action"]) == ("录入员乙", "create")
        assert event["after"]["source"] == "dupes.xlsx"
        assert event["after"]["id"] == app_id
    (batch,) = reg.query("SELECT operator, after FROM audit_events WHERE action = 'import'")
    assert batch["operator"] == "录入员乙"
    assert json.loads(batch["after"]) == {
        "file": "dupes.xlsx", "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "sheet": "Sheet", "applications": 5, "first_id": ids[0], "last_id": ids[-1],
        "year": 2022,  # (no refused rows: no key of them)
        # every row's 序号 the same (patent_row's): each paper named by its sheet row too
        "rows": {str(app_id): row for app_id, row in zip(ids, range(2, 7), strict=True)},
    }
    assert reg.scalar("SELECT count(*) FROM status_history") == 5


# -- reading cells: the quick paths say what the slow definitions say ------------------
def test_cell_text_quick_paths_match_their_definitions():
    import re
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from boostdesk.io.cell_readers import clean_text, number_text
    from boostdesk.validate import _HAN_BREAK, _YES_NO_EXACT, normalize_text

    spaces = re.compile(r"\s+")
    # dropped: no workbook holds them, or (zero-width, BOM) nobody sees them
    # and the direction marks, embeddings and isolates (a Word or web table's)
    controls = re.compile(
        r"[\x00-\x08\x0e-\x1b\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
    # ... and normalize_text drops the variation selectors too (葛 + U+E0100 is 葛)
    invisible = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufe00-\ufe0f"
                           r"\ufeff\U000e0100-\U000e01ef]")
    odd = st.sampled_from(["\u3000", "\u00a0", "\u2003", "\x1c", "\u00a8", "\t", "\n", " ",
                           "\u200b", "\ufeff", "Ｚ", "２", "张", "\x02", "\x0b", "\x7f",
                           "\u202d", "\u2067", "\u00ad", "\U000e0100", "\ufe0f"])

    @settings(max_examples=400, deadline=None)
    @given(text=st.text(st.one_of(st.characters(), odd), max_size=12))
    def agree(text: str) -> None:
        slow = unicodedata.normalize("NFKC", text)
        assert normalize_text(text) == spaces.sub(" ", invisible.sub("", slow)).strip()
        kept = controls.sub("", text)
        # a line break between two hanzi joins them (一种焊缝缺陷的⏎超声检测方法: one_line)
        joined = _HAN_BREAK.sub("", kept)
        assert clean_text(text) == spaces.sub(" ", joined.replace("\u3000", " ")).strip()
        # number_text is clean_text's, NFKC'd: the hanzi line break joined too (、⏎㐀)
        assert number_text(text) == unicodedata.normalize(
            "NFKC", spaces.sub(" ", joined.replace("\u3000", " ")).strip()).strip().lstrip("'`‘’")

    agree()
    agree.hypothesis.inner_test("、\n㐀")  # the case a full run drew at stop 36
    # a cell holding exactly one of the yes/no words needs no normalizing
    assert all(normalize_text(w).casefold() == w for w in _YES_NO_EXACT)


def test_a_patent_number_typed_into_a_number_cell_gets_back_its_check_digit_0(tmp_path):
    # ZL202110000002.0 typed into a number cell: Excel stores 202110000002, the ".0" gone.
    # 202110123456 has check digit 7: that one was typed without it and stays refused.
    path = write_sheet(tmp_path / "n.xlsx", [
        PATENT_HEADERS,
        patent_row(专利号=202110000002.0),
        patent_row(专利号=202110123456, 身份证号=ID_2),
        patent_row(专利号="202110000002", 身份证号=ID_2),
    ])
    preview = read_table(path, 2022)
    assert preview.records[0].patent_number_raw == "202110000002.0"
    assert preview.records[0].patent_number == "ZL202110000002.0"
    assert preview.errors == []
    # typed without the check digit: still the unit's to fix (the rules say 缺少校验位)
    assert [(r.patent_number_raw, r.patent_number) for r in preview.records[1:]] == [
        ("202110123456", None), ("202110000002", None)]


# -- two-row headers: group headers merged above their columns' headers --------------
def test_a_two_row_header_with_merged_group_headers(tmp_path):
    top = ["序号", "推荐单位", "所在单位", "专利信息", "", "", "第一发明人", "", "", "",
           "是否一线职工", "是否职务发明", "是否已在生产中应用", "备注"]
    sub = ["", "", "", "专利名称", "专利号", "授权公告日", "姓名", "身份证号", "工会会员互助服务卡号",
           "联系电话", "", "", "", ""]
    path = write_sheet(tmp_path / "two.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], top, sub,
        patent_row(), patent_row(第一发明人="李四", 授权公告日="去年三月"),
    ], merged=("A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:J2", "K2:K3", "L2:L3", "M2:M3", "N2:N3"))
    preview = read_table(path, 2022)
    assert preview.header_rows_text == "2–3"
    # 姓名 and 身份证号 under 第一发明人 are read as 第一发明人姓名 and 第一发明人身份证号;
    # 专利号 under 专利信息 as itself; 序号 merged down the two rows keeps its own.
    assert preview.columns["inventor_name"] == "第一发明人姓名"
    assert preview.columns["id_number"] == "第一发明人身份证号"
    assert {"seq", "title", "patent_number_raw", "grant_date", "card_number", "phone",
            "frontline", "remarks"} <= preview.columns.keys()
    [record] = preview.records
    assert (record.inventor_name, record.patent_number, record.id_number, record.grant_date) == (
        "张三", INVENTION, ID_1, date(2021, 3, 5))
    assert [(e.row, e.column) for e in preview.errors] == [(5, "授权公告日")]
    assert not [w for w in preview.warnings if "未识别" in w or "没有以下列" in w]


def test_money_columns_under_a_group_header_take_its_unit(tmp_path):
    def table(group: str) -> Path:
        top = [*PROJECT_HEADERS[:9], group, "", *PROJECT_HEADERS[11:]]
        sub = ["", "", "", "", "", "", "", "", "", "项目总投入", "申请助推金额", "", "", ""]
        row = project_row(**{"项目总投入（万元）": 300000, "申请助推金额（万元）": 100000})
        return write_sheet(tmp_path / f"{group}.xlsx", [top, sub, row], merged=("J1:K1",))

    in_yuan = read_table(table("资金情况（元）"), 2022).records[0]
    assert (in_yuan.total_budget_fen, in_yuan.requested_fen) == (30_000_000, 10_000_000)
    in_wan = read_table(table("资金情况"), 2022).records[0]  # no unit said: 万元, as the plan
    assert in_wan.total_budget_fen == 300_000 * 1_000_000


def test_units_in_a_row_of_their_own_under_the_headers(tmp_path):
    # 项目总投入 with （万元） or 单位：元 in the row below, the other headers merged down both
    # rows: one header, its units read, no data row made of the units
    heads = [h.replace("（万元）", "") for h in PROJECT_HEADERS]
    merged = tuple(f"{c}2:{c}3" for c, h in zip("ABCDEFGHIJKLMN", PROJECT_HEADERS, strict=True)
                   if "万元" not in h and h != "启动资金是否到位")

    def table(unit: str, budget: int, requested: int) -> Path:
        notes = [unit if "万元" in h else "" for h in PROJECT_HEADERS]
        notes[PROJECT_HEADERS.index("启动资金是否到位")] = "（是/否）"
        row = project_row(**{"项目总投入（万元）": budget, "申请助推金额（万元）": requested})
        return write_sheet(tmp_path / f"{len(unit)}.xlsx",
                           [["2022年创新项目助推汇总表"], heads, notes, row], merged=merged)

    in_wan = read_table(table("（万元）", 30, 10), 2022)
    assert (in_wan.header_rows_text, in_wan.errors) == ("2–3", [])
    assert in_wan.columns["total_budget_fen"] == "项目总投入（万元）"
    [record] = in_wan.records
    assert (record.total_budget_fen, record.requested_fen) == (30_000_000, 10_000_000)
    assert record.startup_funds_paid is True
    in_yuan = read_table(table("单位：元", 300_000, 100_000), 2022)
    assert in_yuan.errors == [] and in_yuan.row_count == 1
    assert (in_yuan.records[0].total_budget_fen, in_yuan.records[0].requested_fen) == (
        30_000_000, 10_000_000)


def test_a_data_row_under_a_one_row_header_is_not_taken_for_headers(tmp_path):
    # a first data row whose cells happen to read like headers is still data
    path = write_sheet(tmp_path / "one.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="张三", 备注="专利号"), patent_row(第一发明人="李四")])
    preview = read_table(path, 2022)
    assert preview.header_rows_text == "1"
    assert [r.inventor_name for r in preview.records] == ["张三", "李四"]


def test_a_table_keeps_a_model_studio_model_and_an_awarded_studio_at_its_level(
        tmp_path, capsys):
    """A table without a 示范 column says nothing of it; a new year's table saying another
    level for a studio already awarded does not re-split what is still owed."""
    from boostdesk.models.records import ProjectApplication

    db = tmp_path / "x.db"
    with Register.open(db, operator="测试员") as reg:
        pid = reg.save_project(ProjectApplication(
            2022, title="往年项目", studio_name="李四职工创新工作室", studio_level="city",
            model_studio=True, total_budget_fen=3_000_000_00))
        reg.conn.execute("UPDATE project_applications SET status = 'approved',"
                         " award_fen = 10000000 WHERE id = ?", (pid,))  # 2022's award
    path = write_sheet(tmp_path / "p.xlsx", [
        ["2022年创新项目助推汇总表"], PROJECT_HEADERS,
        project_row(工作室级别="区级", 项目名称="新项目"),
    ], merged=("A1:N1",))
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert "仍按市级登记" in capsys.readouterr().err
    with Register.open(db) as reg:
        [studio] = reg.studios()
        assert (studio.level, studio.model_studio) == ("city", True)


def test_rows_typed_at_the_desk_before_the_table_came_are_passed_over_not_errors(
        tmp_path, capsys):
    """The union's table came after two of its papers were typed from the paper forms: those
    rows are 已登记（与表中相同）, counted; the import goes on with the rest (it stopped
    everything, exit 1, 全部导入 greyed). A row differing from its paper still stops it."""
    db = tmp_path / "x.db"
    typed = write_sheet(tmp_path / "typed.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲"), patent_row(第一发明人="乙", 专利号=INVENTION_2,
                                              身份证号=ID_2, 专利名称="一种传感器")])
    assert main(["import", str(typed), "--db", str(db)]) == 0
    capsys.readouterr()
    whole = write_sheet(tmp_path / "whole.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲"), patent_row(第一发明人="乙", 专利号=INVENTION_2,
                                              身份证号=ID_2, 专利名称="一种传感器"),
        patent_row(第一发明人="丙", 专利号=patent_no("202110777777"),
                   身份证号=resident_id("11010119900101003"), 专利名称="一种阀门")])
    assert main(["import", str(whole), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "导入 1 行" in out and "已登记（与表中相同）2 行（第 3、4 行），不再导入" in out
    with Register.open(db) as reg:
        assert sorted(p.inventor_name for p in reg.patents(2022)) == ["丙", "乙", "甲"]
    # a row differing from its registered paper is still listed and stops the import
    differs = write_sheet(tmp_path / "differs.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="甲", 联系电话="13911112222"),
        patent_row(第一发明人="乙", 专利号=INVENTION_2, 身份证号=ID_2, 专利名称="一种传感器")])
    assert main(["import", str(differs), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "1 行已登记或在表中重复" in err and "联系电话：登记册为" in err
    assert "另有已登记（与表中相同）1 行（第 4 行），不再导入（不是错误）" in err


def test_a_request_above_the_top_tier_is_imported_and_said_on_its_row(tmp_path):
    """The form asks about 申请助推金额 above the year's top tier before saving; the import
    reads such a row (short of the far bound it refuses) and says it on the row."""
    path = write_sheet(tmp_path / "r.xlsx", [
        PROJECT_HEADERS,
        project_row(),
        project_row(**{"序号": 2, "项目名称": "焊缝检测", "申请助推金额（万元）": 30,
                       "项目总投入（万元）": 80}),
    ])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert len(preview.records) == 2 and preview.errors == []
    assert list(preview.to_check) == [3]
    said = preview.to_check[3]
    assert "“申请助推金额（万元）”读作 ¥300,000.00（30 万元）" in said, said
    assert "最高档 ¥100,000.00（10 万元）" in said
    assert any(w.startswith("第 3 行：") and "30 万元" in w for w in preview.warnings)
