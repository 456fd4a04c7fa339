"""The blank summary tables (attachments 2 and 4) and their round trip through import."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    ID_2,
    INVENTION,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    UTILITY,
)

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.io.template import write_template
from boostdesk.models import Register


def _validations(ws) -> dict[str, str]:
    """Column letter -> data-validation formula (or type) on that column's data cells."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv.formula1 or dv.type
    return out


def test_patent_template_shape(tmp_path):
    path = write_template(tmp_path / "p.xlsx", "patent", 2022)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "2022年职工创新发明专利助推汇总表"
    assert "A1:O1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == [*PATENT_HEADERS, "所属领域"]
    assert ws.freeze_panes == "A3"
    # ID, card, phone and patent-number cells are text, so no digit is lost
    for letter in "EHIJ":
        assert ws[f"{letter}3"].number_format == "@"
        assert ws.column_dimensions[letter].number_format == "@"
    assert ws["F3"].number_format == "yyyy-mm-dd"
    dv = _validations(ws)
    assert dv["K"] == dv["L"] == dv["M"] == '"是,否"'
    assert dv["H"] == "18"
    assert ws.column_dimensions["H"].width >= 20
    assert "填表说明" in wb.sheetnames


def test_project_template_shape(tmp_path):
    path = write_template(tmp_path / "q.xlsx", "project", 2023)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "2023年创新项目助推汇总表"
    # the plan's columns, then the studio's 所在单位 (the payee, 二（四）4) and 所属领域
    assert [c.value for c in ws[2]] == [*PROJECT_HEADERS, "所在单位", "所属领域"]
    dv = _validations(ws)
    assert dv["D"] == '"市级,区、局、集团（公司）级"'
    assert dv["H"] == '"是,否"'
    assert ws["G3"].number_format == ws["I3"].number_format == "yyyy-mm-dd"


def test_blank_template_reads_as_an_empty_table(tmp_path):
    for stream in ("patent", "project"):
        path = write_template(tmp_path / f"{stream}.xlsx", stream, 2022)
        preview = read_table(path, 2022)
        assert preview.stream == stream
        assert preview.records == [] and preview.errors == [] and preview.warnings == []
        assert preview.header_row == 2 and preview.title_year == 2022


def test_patent_round_trip(tmp_path, capsys, no_user_register):
    out = tmp_path / "附件2.xlsx"
    assert main(["template", "patent", str(out)]) == 0
    assert "2022年职工创新发明专利助推汇总表" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    # the template's formatted rows are filled in place, as a clerk would
    rows = [
        [1, "北京市海淀区总工会", "北京某某科技有限公司", "一种焊缝检测装置", INVENTION,
         date(2021, 3, 5), "张三", ID_1, CARD_1, "13800138000", "是", "是", "是", ""],
        [2, "北京市海淀区总工会", "北京某某科技有限公司", "一种夹具", UTILITY,
         "2021/6/1", "李四", ID_2, "", "13900139000", "是", "是", "否", "实用新型"],
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    wb.save(out)
    db = tmp_path / "x.db"
    assert main(["import", str(out), "--db", str(db), "--received", "2022-10-20"]) == 0
    assert "导入 2 行" in capsys.readouterr().out
    with Register.open(db) as reg:
        a, b = reg.patents(2022)
        assert (a.unit_name, a.enterprise_name, a.title) == (
            "北京市海淀区总工会", "北京某某科技有限公司", "一种焊缝检测装置")
        assert (a.patent_number, a.grant_date, a.inventor_name) == (
            INVENTION, date(2021, 3, 5), "张三")
        assert (a.id_number, a.card_number, a.phone) == (ID_1, CARD_1, "13800138000")
        assert (a.frontline, a.service_invention, a.applied_in_production) == (True, True, True)
        assert a.received_date == date(2022, 10, 20) and a.seq == 1
        assert b.patent_number_raw == UTILITY and b.grant_date == date(2021, 6, 1)
        assert b.applied_in_production is False and b.remarks == "实用新型"
        assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (b.id,)) == 0


def test_project_round_trip(tmp_path, capsys, no_user_register):
    out = tmp_path / "附件4.xlsx"
    assert main(["template", "project", str(out), "--year", "2022"]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    values = [1, "北京市朝阳区总工会", "李四职工创新工作室", "区、局、集团（公司）级", "数控机床精度补偿",
              "李四", date(2022, 3, 1), "是", date(2024, 2, 28), 12.5, 3, "王五", "83570885", ""]
    for c, value in enumerate(values, start=1):
        ws.cell(3, c, value)
    wb.save(out)
    db = tmp_path / "x.db"
    assert main(["import", str(out), "--db", str(db)]) == 0
    capsys.readouterr()
    with Register.open(db) as reg:
        (p,) = reg.projects(2022)
        assert (p.unit_name, p.studio_name, p.studio_level, p.title, p.leader) == (
            "北京市朝阳区总工会", "李四职工创新工作室", "district", "数控机床精度补偿", "李四")
        assert (p.approval_date, p.startup_funds_paid, p.planned_completion) == (
            date(2022, 3, 1), True, date(2024, 2, 28))
        assert (p.total_budget_fen, p.requested_fen) == (125_000_00, 30_000_00)
        # stored as the form stores a phone: 8 digits alone are a Beijing number
        assert (p.contact_name, p.contact_phone) == ("王五", "010-83570885")
        assert p.received_date is None


@pytest.mark.parametrize(("args", "expected"), [
    (["template", "patents", "x.xlsx"], "patent（专利）或 project（项目）"),
    (["template", "patent", "x.xls"], "应以 .xlsx 结尾"),
    (["template", "patent", "x.xlsx", "--year", "22"], "四位数字"),
    (["template", "patent", "no/such/folder/x.xlsx"], "无法写入"),
])
def test_template_command_errors(tmp_path, monkeypatch, capsys, args, expected,
                                 no_user_register):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and expected in err
    assert not (tmp_path / "x.xlsx").exists()


def test_template_command_accepts_chinese_kind(tmp_path, capsys, no_user_register):
    out = tmp_path / "t.xlsx"
    assert main(["template", "项目", str(out), "--year", "2024"]) == 0
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value == "2024年创新项目助推汇总表"


@pytest.fixture
def no_user_register(tmp_path, monkeypatch):
    """The user's data folder is an empty one: a template made without --db reads nothing."""
    monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path / "data"))


def _notes(path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)["填表说明"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] and r[1]}


def test_a_template_is_for_the_registers_newest_year_and_its_plan(tmp_path, capsys,
                                                                   no_user_register):
    """A 2023 table made with `template` was titled 2022, imported into 2022 and judged
    under 2022's window; its notes showed 2022's dates and tiers as examples."""
    from boostdesk.models.campaign import CITY, DISTRICT, Tier

    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        c = reg.campaign(2022).for_year(2023)
        reg.save_campaign(c.with_changes(tiers=(Tier("8万元", 80_000_00, 5, CITY),
                                                Tier("2.5万元", 25_000_00, 30, DISTRICT))))
    out = tmp_path / "附件2.xlsx"
    assert main(["template", "patent", str(out), "--db", str(db)]) == 0
    assert "2023年职工创新发明专利助推汇总表" in capsys.readouterr().out
    notes = _notes(out)
    assert "2022-01-01 至 2022-12-31 之间，如 2022-03-05" in notes["授权公告日"]
    project = tmp_path / "附件4.xlsx"
    assert main(["template", "project", str(project), "--db", str(db)]) == 0
    notes = _notes(project)
    assert "应在 2023 年内，如 2023-03-05" in notes["立项日期"]
    assert notes["申请助推金额（万元）"] == "单位：万元，本年度各档为 8、2.5"
    # the prompt Excel shows in the cell itself gave 2022's 10 as the example
    (dv,) = [d for d in openpyxl.load_workbook(project).worksheets[0].data_validations.dataValidation
             if str(d.sqref).startswith("K")]
    assert "8、2.5" in dv.prompt and "10" not in dv.prompt + dv.error
    assert "最晚 2025-12-31，如 2024-06-30" in notes["计划完成日期"]
    # filled in as the notes say, it goes to 2023 and is judged by 2023's window
    ws = openpyxl.load_workbook(out)
    sheet = ws.worksheets[0]
    for c_, value in enumerate([1, "北京市海淀区总工会", "北京某某科技有限公司", "一种焊缝检测装置",
                                INVENTION, date(2022, 3, 5), "张三", ID_1, CARD_1,
                                "13800138000", "是", "是", "是", ""], start=1):
        sheet.cell(3, c_, value)
    ws.save(out)
    assert main(["import", str(out), "--db", str(db), "--received", "2023-10-20"]) == 0
    capsys.readouterr()
    with Register.open(db) as reg:
        assert reg.patents(2022) == []
        (a,) = reg.patents(2023)
        assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (a.id,)) == 1


def test_a_template_for_a_year_not_yet_planned_says_so(tmp_path, capsys, no_user_register):
    db = tmp_path / "r.db"
    Register.open(db).close()
    out = tmp_path / "t.xlsx"
    assert main(["template", "project", str(out), "--db", str(db), "--year", "2024"]) == 0
    captured = capsys.readouterr()
    assert "还没有 2024 年度的助推计划" in captured.err and "campaign new --year 2024" in captured.err
    assert "应在 2024 年内" in _notes(out)["立项日期"]


def test_rank_help_names_no_figures_of_one_years_plan(capsys):
    with pytest.raises(SystemExit):
        main(["rank", "--help"])
    text = capsys.readouterr().out
    assert "50%" not in text and "至多一项" not in text and "本年度计划" in text


@pytest.mark.parametrize(("amounts", "said"), [
    ((100_000_00, 50_000_00, 30_000_00), "10、5、3"),  # 2022's plan
    ((80_000_00, 25_000_00, 22_500_00), "8、2.5、2.25"),
    # 2024's re-issued plan: 5.555555、3.3333 万元 were typed 5.56、3.33 by the unions
    ((80_000_00, 55_555_55, 33_333_00),
     "8 万元、55,555.55 元、33,333 元（按元填写的，在金额后写“元”，如 55555.55元）"),
    ((200_000_00, 100_000_07), "20 万元、100,000.07 元（按元填写的，在金额后写“元”，如 100000.07元）"),
])
def test_the_notes_name_each_tier_in_wan_whole(amounts, said):
    """附件4's 填表说明 told the unions 2022's tiers were 1、5、3 万元: 10 lost its zero.
    A tier not a whole hundred 元 is written in 元, as a union types it without rounding."""
    from boostdesk.io.template import example_notes
    from boostdesk.models import CITY, plan_2022
    from boostdesk.models.campaign import Tier

    c = plan_2022().with_changes(tiers=tuple(Tier(f"{i}档", a, 1, CITY)
                                             for i, a in enumerate(amounts)))
    assert example_notes(c)["requested_fen"] == f"单位：万元，本年度各档为 {said}"
    if "如 " in said:  # typed as the note says, in the column headed 万元: to the fen
        from boostdesk.validate import parse_amount_fen

        typed = said.rsplit("如 ", 1)[1].rstrip("）")
        assert parse_amount_fen(typed, "万元") == amounts[1]  # the highest in 元


# -- 所属领域: an optional column, the year's 重点产业领域 offered --------------------------
def _header_cells(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[2] if c.value}


@pytest.mark.parametrize("stream", ["patent", "project"])
def test_blank_tables_offer_the_campaigns_fields(tmp_path, stream):
    """Without the column every paper imported counted as （未填行业） in 按产业领域."""
    from boostdesk.models.campaign import plan_2022

    # the list is the campaign's setting, not the code's: a year naming other fields
    campaign = plan_2022().with_changes(priority_industries=("人工智能", "生物医药，器械"))
    path = write_template(tmp_path / "t.xlsx", stream, 2022, campaign=campaign)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[2]]
    old = PATENT_HEADERS if stream == "patent" else [*PROJECT_HEADERS, "所在单位"]
    # last, after 备注: last year's rows pasted in keep their columns
    assert headers == [*old, "所属领域"]
    letter = openpyxl.utils.get_column_letter(len(headers))
    (dv,) = [d for d in ws.data_validations.dataValidation if str(d.sqref).startswith(letter)]
    assert dv.type == "list" and dv.formula1 == "'填表说明'!$D$2:$D$3"
    assert not dv.showErrorMessage  # a field outside the list is typed freely
    notes = wb["填表说明"]
    assert [notes["D2"].value, notes["D3"].value] == ["人工智能", "生物医药，器械"]
    assert "人工智能、生物医药，器械" in _notes(path)["所属领域"]


def test_a_campaign_naming_no_fields_gives_the_column_without_a_list(tmp_path):
    from boostdesk.models.campaign import plan_2022

    campaign = plan_2022().with_changes(priority_industries=())
    path = write_template(tmp_path / "t.xlsx", "patent", 2022, campaign=campaign)
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws.cell(2, len(PATENT_HEADERS) + 1).value == "所属领域"
    assert not any(d.type == "list" and "填表说明" in (d.formula1 or "")
                   for d in ws.data_validations.dataValidation)


def test_old_tables_without_the_field_import_unwarned(tmp_path):
    """A table of last year's template (no 所属领域) reads as before: no word of a missing
    column (the column is optional, not 待补)."""
    path = write_template(tmp_path / "t.xlsx", "patent", 2022)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.delete_cols(len(PATENT_HEADERS) + 1)
    for c, value in enumerate([1, "北京市海淀区总工会", "北京某某科技有限公司", "一种焊缝检测装置",
                               INVENTION, date(2021, 3, 5), "张三", ID_1, CARD_1,
                               "13800138000", "是", "是", "是", "备注甲"], start=1):
        ws.cell(3, c, value)
    wb.save(path)
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.warnings == []
    (record,) = preview.records
    assert record.industry == "" and record.remarks == "备注甲"


def test_filled_field_reaches_the_statistics_by_industry(tmp_path, capsys, no_user_register):
    """The round trip: the blank table filled as a unit would (a listed field, one of its
    own, one left blank), imported, and 导出年度统计's 按产业领域 counts each."""
    out = tmp_path / "附件2.xlsx"
    assert main(["template", "patent", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    col = _header_cells(ws)
    rows = [("一种焊缝检测装置", INVENTION, "张三", ID_1, "人工智能"),
            ("一种夹具", UTILITY, "李四", ID_2, "海洋工程"),
            ("一种刀具", "ZL202110654321.X", "王五", "", "")]
    for r, (title, number, name, id_number, field) in enumerate(rows, start=3):
        for header, value in (("推荐单位", "北京市海淀区总工会"), ("专利名称", title),
                              ("专利号", number), ("授权公告日", date(2021, 3, 5)),
                              ("第一发明人", name), ("身份证号", id_number),
                              ("所属领域", field)):
            ws.cell(r, col[header], value)
    wb.save(out)
    db = tmp_path / "x.db"
    assert main(["import", str(out), "--db", str(db)]) == 0
    assert "所属领域" not in capsys.readouterr().err
    stats = tmp_path / "统计.xlsx"
    assert main(["stats", "--db", str(db), "--out", str(stats)]) == 0
    sheet = openpyxl.load_workbook(stats)["按产业领域"]
    counted = {r[0]: (r[1], r[2]) for r in sheet.iter_rows(values_only=True)
               if r[0] and isinstance(r[2], int)}
    assert counted["人工智能"] == ("重点产业领域", 1)
    assert counted["海洋工程"] == ("其他", 1)
    assert counted["（未填行业）"][1] == 1


@pytest.mark.parametrize(("stream", "numbers"), [
    ("patent", "4. 专利号、身份证号、工会会员互助服务卡号、联系电话等列已设为文本格式，请勿改成数字格式，否则末几位会丢失。"),
    ("project", "4. 联系电话列已设为文本格式，请勿改成数字格式，否则开头的 0 会丢失。")],
    ids=["patent", "project"])
def test_the_notes_sheet_prints_on_a4_portrait_one_page_wide(tmp_path, stream, numbers):
    """填表说明 had no print setup: its long lines cut at the page's edge, the 重点产业领域
    list alone on page 4; 附件4's item 4 named 身份证号 and 卡号 it has no column for."""
    wb = openpyxl.load_workbook(write_template(tmp_path / f"{stream}.xlsx", stream, 2022))
    notes = wb["填表说明"]
    setup = notes.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "portrait", 9, 1, 0)
    assert notes.sheet_properties.pageSetUpPr.fitToPage
    assert notes.print_area == f"'填表说明'!$A$1:$B${notes.max_row}"  # not the list in D
    assert notes["A2"].alignment.wrap_text and "A2:B2" in {str(r) for r in notes.merged_cells.ranges}
    assert notes["A5"].value == numbers
    for ws in wb.worksheets:  # a page-number footer on both sheets
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice not installed")
def test_the_notes_sheet_is_one_page_in_libreoffice(tmp_path):
    import subprocess

    path = write_template(tmp_path / "p.xlsx", "project", 2022)  # ten 重点产业领域
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "p.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = ["".join(page.split()) for page in text.split("\f")[:-1]]  # squashed
    assert len(pages) == 2  # the table's page, the notes' page
    assert "填表说明" in pages[1] and "保存为.xlsx格式后报送电子版" in pages[1]
    assert all(f"第{k}页共2页" in page for k, page in enumerate(pages, start=1))
