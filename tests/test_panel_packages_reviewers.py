"""Scoring packages filled as offline reviewers fill them: 回避 written instead of scores, a
total typed instead of per-criterion scores, a project row copied in from another package;
and what the package shows them of a long title. Each row said once, in the office's
terms, and nothing stored until the package is right."""

from __future__ import annotations

import openpyxl
import pytest

from boostdesk.panel.errors import PackageRefused
from boostdesk.panel.experts import Expert, assign, declare_conflict, save_expert
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import expert_sheet
from tests import test_panel_packages as base
from tests.test_panel_packages import GOOD, _export, _fill, _refused, _stored_scores
from tests.test_panel_support import CITY, YEAR, make_project, to_review

panel = base.panel  # the fixture: two projects under review, three experts

FIRST = "评分表第 2 行（项目“特殊钢连铸坯质量在线判定系统研发”）："


def test_回避_written_in_the_score_cells_is_said_once_and_the_row_skipped_once_declared(
        reg, panel, tmp_path):
    """The note asks a reviewer in conflict to leave the row blank; many write 回避 in it.
    The office is told the reviewer declined the project and what to do — not seven times
    that 回避 is no number — and, the conflict registered, the rest of the package goes in."""
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, [["回避"] * 7, GOOD[1]], comment="")
    refusal = _refused(reg, path, FIRST + "专家注明“回避”，未评分该项目：请在“专家评审 → 分配专家”中")
    assert len(refusal.reasons) == 1, refusal.reasons
    assert "登记回避" in refusal.reasons[0]
    declare_conflict(reg, experts[0], ids[0], "专家在评分包中注明回避")
    result = import_package(reg, path, year=YEAR)
    assert result.projects == 1
    assert result.skipped == ("专家“专家1”已登记回避项目“特殊钢连铸坯质量在线判定系统研发”"
                              "（专家在评分包中注明回避），该项目跳过，未导入",)
    assert [r.project_id for r in expert_sheet(reg, experts[0]) if r.submitted] == [ids[1]]


def test_a_blank_row_whose_comment_says_回避_names_what_the_reviewer_wrote(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, [[None] * 7, GOOD[1]], comment="回避：本人曾为该工作室顾问")
    _refused(reg, path, FIRST + "专家注明“回避：本人曾为该工作室顾问”，未评分该项目：请在“专家评审 → 分配专家”中")


def test_a_total_typed_in_the_first_score_cell_is_said_as_a_total(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, [[83.5, *[None] * 6], GOOD[1]])
    refusal = _refused(reg, path, FIRST + "只在“科技含量”填了 83.5，其余各项未填写，像是填了总分。"
                                  "评分包须按评分细则逐项打分")
    assert len(refusal.reasons) == 1, refusal.reasons


def test_a_total_typed_as_the_comment_is_said_as_a_total_not_as_a_conflict(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, [[None] * 7, GOOD[1]], comment="总分85分")
    refusal = _refused(reg, path, FIRST + "各项评分未填写，评语填的是“总分85分”，像是填了总分")
    assert "登记回避" not in refusal.reasons[0]


def test_a_project_row_copied_in_below_the_projects_is_named_once(reg, panel, tmp_path):
    """A row of another package pasted under the projects (the note below pushed down):
    one line naming that row, not every note cell as changed."""
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    ws.insert_rows(4)
    for c, value in enumerate(["7", "智能焊接机器人工艺优化", *GOOD[1], "可推荐"], start=1):
        ws.cell(4, c, value)
    wb.save(path)
    refusal = _refused(reg, path, "评分表第 4 行多出一行（项目编号“7”、项目名称“智能焊接机器人工艺优化”）："
                                  "本评分包中没有这一行的项目，可能是从其他评分包复制过来的")
    assert len(refusal.reasons) == 1, refusal.reasons


def test_a_row_added_for_a_project_the_expert_stands_aside_from_says_so(reg, panel, tmp_path):
    """The package went out after the recusal, so without the project; the expert typed a
    row for it anyway. Not "copied from another package": the expert is recused from it."""
    ids, experts = panel
    declare_conflict(reg, experts[0], ids[1], "曾为该工作室提供技术咨询")
    path = _export(reg, tmp_path)
    _fill(path, [GOOD[0]])
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    for c, value in enumerate([str(ids[1]), "五轴数控加工程序优化", *GOOD[1], "可推荐"], start=1):
        ws.cell(3, c, value)
    wb.save(path)
    [reason] = _refused(reg, path, f"评分表第 3 行多出一行（项目编号“{ids[1]}”、项目名称“五轴数控加工"
                                   f"程序优化”）：该专家已回避项目{ids[1]}（“五轴数控加工程序优化”，"
                                   "曾为该工作室提供技术咨询），不评该项目").reasons
    assert "其他评分包" not in reason


def test_long_titles_wrap_in_both_sheets_so_titles_alike_stay_apart(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(path)
    for sheet, cells in (("评分表", ("B2", "J2")), ("项目概况", ("B2", "C2", "G2"))):
        for cell in cells:
            assert wb[sheet][cell].alignment.wrap_text, (sheet, cell)
    assert not wb["评分表"]["C2"].alignment.wrap_text


def test_sixty_projects_for_an_expert_with_a_rare_name_go_out_and_come_back(reg, tmp_path):
    ids = [make_project(reg, f"基于数字孪生的{k}号高炉炉况智能诊断与优化控制系统研究", f"工作室{k}", CITY)
           for k in range(60)]
    to_review(reg, *ids)
    eid = save_expert(reg, YEAR, Expert("张𠮷", "清华大学", "机械"))
    for i in ids:
        assign(reg, eid, i)
    [path] = export_packages(reg, YEAR, tmp_path, None)
    assert path.name == "2022年度专家评分包_张𠮷.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation} >= {"C2:C61", "J2:J61"}
    assert not ws["I61"].protection.locked and ws.max_row == 61  # no notes under the table
    # the notes open first, on their own sheet, and each score cell says what it needs
    assert wb.active.title == "填写说明"
    assert wb["填写说明"]["A3"].value.startswith("1. 本评分包属于专家“张𠮷”")
    assert "共 60 个项目" in wb["填写说明"]["A4"].value
    prompts = {dv.prompt for dv in ws.data_validations.dataValidation if dv.type == "custom"}
    assert prompts >= {"0 至 20 分，最多保留一位小数（如 12.5，不能填 12.25）。"
                       "需利益回避的项目整行留空，交回时说明"}
    _fill(path, [GOOD[0]] * 60)
    assert import_package(reg, path, year=YEAR).projects == 60
    assert _stored_scores(reg) == 60 * 7


def test_a_comment_with_line_breaks_excel_escaped_is_stored_as_the_reviewer_wrote_it(
        reg, panel, tmp_path):
    """Text pasted from Word or a web page keeps its carriage returns, which Excel saves
    as _x000D_: the register keeps the comment's lines, not that escape."""
    import zipfile

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD, comment="技术路线清晰@建议加强成果推广@@")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    assert sheet.count("@@") == 2
    parts["xl/worksheets/sheet2.xml"] = sheet.replace("@", "_x000D_\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    import_package(reg, path, year=YEAR)
    comments = {r.project_id: r.comment for r in expert_sheet(reg, experts[0])}
    assert comments[ids[0]] == "技术路线清晰\n建议加强成果推广"


def test_a_row_of_another_package_pasted_over_a_project_is_named_not_said_deleted(
        reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    for c, value in enumerate(["7", "智能焊接机器人工艺优化", *GOOD[1], "可推荐"], start=1):
        wb["评分表"].cell(3, c, value)
    wb.save(path)
    refusal = _refused(reg, path, "评分表第 3 行现为项目编号“7”“智能焊接机器人工艺优化”，不是本评分包的项目"
                                  "（可能是从其他评分包复制过来的），覆盖了项目“五轴数控加工程序优化”的行")
    assert "删除" not in refusal.reasons[0]


def test_a_save_date_without_a_time_in_the_document_properties_does_not_refuse_the_scores(
        reg, panel, tmp_path):
    """W3CDTF allows a date alone; openpyxl fails on it. The scores are intact: the package
    is read without its save time, not refused as damaged (re-scored from scratch)."""
    import re
    import zipfile

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    core, n = re.subn(r"(<dcterms:modified[^>]*>)[^<]*<", r"\g<1>2022-11-05<",
                      parts["docProps/core.xml"].decode())
    assert n == 1
    parts["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert import_package(reg, path, year=YEAR).projects == 2
    assert all(r.submitted for r in expert_sheet(reg, experts[0]))


def test_dates_a_program_saved_as_dates_read_as_the_day_they_show(reg, panel, tmp_path):
    """A cell holding a date at midnight is its day (2022-03-01), not 2022-03-01T00:00:00:
    项目概况's dates kept as real dates by the program that saved the file are not taken
    for an edit, and a comment Excel turned into a date is stored as that day."""
    from datetime import datetime

    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    for r in (2, 3):
        for col, day in ((10, datetime(2022, 3, 1)), (11, datetime(2023, 12, 31))):
            wb["项目概况"].cell(r, col).value = day
            wb["项目概况"].cell(r, col).number_format = "yyyy/m/d"
    wb["评分表"]["J2"] = datetime(2022, 11, 5)
    wb.save(path)
    import_package(reg, path, year=YEAR)
    comments = {r.project_id: r.comment for r in expert_sheet(reg, experts[0])}
    assert comments[ids[0]] == "2022-11-05"


def test_a_package_saved_as_strict_open_xml_says_so_not_that_it_lacks_its_signature(
        reg, panel, tmp_path):
    """Excel's 另存为 offers "Strict Open XML 电子表格 (*.xlsx)" beside the workbook: same
    extension, namespaces openpyxl does not read (no sheet at all)."""
    import zipfile

    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, data in parts.items():
        parts[name] = data.replace(
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            b"http://purl.oclc.org/ooxml/spreadsheetml/main").replace(
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            b"http://purl.oclc.org/ooxml/officeDocument/relationships")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    [reason] = _refused(reg, path, "被另存为了“Strict Open XML 电子表格”格式").reasons
    assert "“另存为”选“Excel 工作簿 (*.xlsx)”" in reason


def test_a_scored_row_whose_comment_speaks_of_回避_is_stored_and_pointed_out(
        reg, panel, tmp_path):
    """Scored, yet the comment asks to abstain: the scores go in (a comment saying 无需回避
    must not block a package), and the office is told to check the conflict."""
    path = _export(reg, tmp_path)
    _fill(path, GOOD, comment="无")
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["J2"] = "本人与该工作室有合作，申请回避"
    wb.save(path)
    result = import_package(reg, path, year=YEAR)
    assert result.projects == 2 and _stored_scores(reg) == 14
    assert result.lines == (
        FIRST + "评语中提到“回避”（“本人与该工作室有合作，申请回避”），但该项目已评分并导入："
        "请核对专家是否需回避该项目；需回避的，请在“分配专家”中为其登记回避，其评分随之撤回，不计入排名",)


def test_a_comment_saying_there_is_no_need_to_abstain_is_not_taken_for_回避(
        reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD, comment="经核对，不存在利益回避情形")
    assert import_package(reg, path, year=YEAR).lines == ()
    wb = openpyxl.load_workbook(path)
    for c in range(3, 10):
        wb["评分表"].cell(2, c).value = None
    wb["评分表"]["J2"] = "无需回避"
    wb.save(path)
    refusal = _refused_again(reg, path)
    assert "专家注明" not in refusal[0] and "未评分" in refusal[0]


def _refused_again(reg, path) -> list[str]:
    """The reasons a package is refused, scores stored before it left as they were."""
    before = _stored_scores(reg)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path, year=YEAR)
    assert _stored_scores(reg) == before
    return info.value.reasons


def test_a_criterion_named_with_a_plan_sentence_has_its_whole_heading_in_view(reg, tmp_path):
    """A column is at most 18 wide (about 8 hanzi a line): a long criterion's heading
    wraps to more lines than the header's usual height holds."""
    from boostdesk.panel.grid import Criterion, save_grid

    long = "具有较强的职工技能培养功能，能切实推动知识型、技能型、创新型技术工人队伍建设"
    save_grid(reg, YEAR, [Criterion("科技含量", 50, 50), Criterion(long, 50, 50)])
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    assign(reg, save_expert(reg, YEAR, Expert("张三", "清华大学", "机械")), pid)
    [path] = export_packages(reg, YEAR, tmp_path)
    ws = openpyxl.load_workbook(path)["评分表"]
    assert ws["D1"].value == long + "（满分50）"
    per_line = int(ws.column_dimensions["D"].width / 2.1)
    lines = -(-len(ws["D1"].value) // per_line)
    assert lines > 3 and ws.row_dimensions[1].height >= 16 * lines


def test_a_totals_row_added_under_the_projects_is_not_called_another_packages_project(
        reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    ws.insert_rows(4)
    ws["A4"] = "合计"
    for c in range(3, 10):
        ws.cell(4, c, f"=SUM({ws.cell(2, c).coordinate}:{ws.cell(3, c).coordinate})")
    ws["C4"] = 33  # one value kept, as Excel saves a sum's result
    wb.save(path)
    [reason] = _refused(reg, path, "评分表第 4 行多出一行（“合计”）：评分表只能填写各项目的评分和评语").reasons
    assert "其他评分包" not in reason


def test_a_package_brought_to_a_register_that_never_exported_one_says_why_it_cannot_be_checked(
        reg, panel, tmp_path):
    """A register restored from a backup made before the packages went out has no key to
    check them by: the clerk is told that, not only that the package was altered."""
    import sqlite3

    from boostdesk.models import Register

    with sqlite3.connect(tmp_path / "before-export.db") as copy:
        reg.conn.backup(copy)  # the register as backed up before the export
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    restored = Register.open(tmp_path / "before-export.db", operator="测试员")
    try:
        with pytest.raises(PackageRefused) as info:
            import_package(restored, path, year=YEAR)
    finally:
        restored.close()
    [reason] = info.value.reasons
    assert "本登记册还没有导出过评分包（没有签名密钥）" in reason
    assert "从导出评分包之前的备份恢复的（未经本程序的“从备份恢复”" in reason
    assert "原签名已无法核对，请重新导出该专家的评分包交其填写" in reason


@pytest.mark.parametrize("mark", ["/", "—", "无", "－"])
def test_a_row_of_not_applicable_marks_is_said_once_as_unscored_or_回避(
        reg, panel, tmp_path, mark):
    """Reviewers fill a row they will not score with / or — : one line for the row (回避
    when the comment says so), not one per cell saying the mark is no number."""
    path = _export(reg, tmp_path)
    _fill(path, [[mark] * 7, GOOD[1]], comment="")
    [reason] = _refused(reg, path, FIRST + "未评分（漏评的，请专家补填该项目的评分后交回，再导入；专家因利益冲突不评该项目的").reasons
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["J2"] = "利益回避"
    wb.save(path)
    [reason] = _refused(reg, path, FIRST + "专家注明“利益回避”，未评分该项目").reasons
