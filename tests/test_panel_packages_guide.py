"""A scoring package's notes (填写说明) where the reviewer reads them first: a sheet of their
own, the one open when the file is opened — not under a table of 60 rows, out of view while
the reviewer fills it in. Packages the previous release wrote (notes under the table) still
come back from the experts and are read as they were written."""

from __future__ import annotations

import json
from fractions import Fraction

import openpyxl
import pytest

from boostdesk.panel.errors import PackageRefused
from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.package_keys import signing_key
from boostdesk.panel.scoring import panel_scores
from tests.fixtures.package_v1 import write_package as write_v1_package
from tests.test_panel_support import CITY, YEAR, make_project, to_review

GOOD = [18, 12.5, 13, 12, 11, 8, 9]  # 83.5


@pytest.fixture
def sixty(reg):
    ids = [make_project(reg, f"基于数字孪生的{k}号高炉炉况智能诊断与优化控制系统研究", f"工作室{k}", CITY)
           for k in range(60)]
    to_review(reg, *ids)
    eid = save_expert(reg, YEAR, Expert("张三", "清华大学", "机械"))
    for i in ids:
        assign(reg, eid, i)
    return ids, eid


def _fill(path, rows: int, comment: str = "同意推荐") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    for r in range(2, rows + 2):
        for c, value in enumerate(GOOD, start=3):
            ws.cell(r, c, value)
        ws.cell(r, 3 + len(GOOD), comment)
    wb.save(path)


def test_the_notes_open_first_on_their_own_sheet_not_under_sixty_rows(reg, sixty, tmp_path):
    [path] = export_packages(reg, YEAR, tmp_path, None)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["填写说明", "评分表"]
    assert wb.active.title == "填写说明"  # what the reviewer sees on opening the file
    guide = wb["填写说明"]
    assert guide["A1"].value == "2022年度专家评分包填写说明（张三）"
    lines = [guide.cell(r, 1).value for r in range(3, 11)]
    assert lines[0].startswith("1. 本评分包属于专家“张三”（北京市总工会2022年职工创新助推计划")
    assert lines[1].startswith("2. 请在“评分表”工作表中为每个项目打分（共 60 个项目）")
    assert "科技含量 0～20 分" in lines[2] and "申报书" in lines[3] and "利益回避" in lines[4]
    assert "浅黄色" in lines[5] and "勿改动工作表名称" in lines[5]
    assert lines[6].startswith("7. 请在电脑上用 Excel 2007 或更高版本、WPS Office 或 LibreOffice Calc")
    assert ".xlsx" in lines[7]
    assert guide["A12"].hyperlink.location == "'评分表'!C2"
    assert guide.protection.sheet
    # the score table holds the projects only: nothing under row 61 to scroll to
    ws = wb["评分表"]
    assert ws.max_row == 61 and not ws.merged_cells.ranges
    assert ws["A62"].value is None and ws["A63"].value is None
    # the notes are signed as written (the package's fixed content)
    payload = json.loads(wb["签名"]["A2"].value)
    assert payload["version"] == 3
    assert [f"{n}. {line}" for n, line in enumerate(payload["note"], start=1)] == lines
    _fill(path, 60)
    assert import_package(reg, path, year=YEAR).projects == 60


def _v1_package(reg, eid, path):
    """A package as the previous release wrote it, signed with this register's key."""
    from boostdesk.panel.experts import expert

    grid = ensure_grid(reg, YEAR)
    write_v1_package(reg, YEAR, expert(reg, eid), grid, signing_key(reg, create=True), path)
    return path


def test_a_package_of_the_previous_release_with_its_notes_under_the_table_still_imports(
        reg, sixty, tmp_path):
    ids, eid = sixty
    path = _v1_package(reg, eid, tmp_path / "旧版评分包.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["评分表", "项目概况", "签名"]  # as that release wrote it
    assert wb["评分表"]["A63"].value.startswith("本评分包属于专家“张三”")
    _fill(path, 60)
    result = import_package(reg, path, year=YEAR)
    assert (result.projects, result.skipped) == (60, ())
    assert panel_scores(reg, YEAR)[ids[0]].totals == (Fraction(835, 10),)


def test_a_previous_release_package_with_a_note_cell_changed_is_still_refused(
        reg, sixty, tmp_path):
    """Its notes under the table are fixed content, checked as that release checked them."""
    _, eid = sixty
    path = _v1_package(reg, eid, tmp_path / "旧版评分包.xlsx")
    _fill(path, 60)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["A65"] = "已阅"
    wb.save(path)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path, year=YEAR)
    assert any(r.startswith("评分表 A65 单元格被改动") for r in info.value.reasons), info.value.reasons
    assert reg.scalar("SELECT COUNT(*) FROM scores") == 0


def test_a_row_pasted_under_the_projects_is_named_in_either_layout(reg, sixty, tmp_path):
    """Nothing under the table now: a row typed there is still said as a row too many."""
    [path] = export_packages(reg, YEAR, tmp_path, None)
    _fill(path, 60)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["A62"] = "合计"
    wb["评分表"]["C62"] = 1080
    wb.save(path)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path, year=YEAR)
    assert info.value.reasons[0].startswith("评分表第 62 行多出一行（“合计”）")


def test_the_notes_say_which_programs_keep_the_package_whole(reg, sixty, tmp_path):
    """The reviewer scores offline on his own laptop: the notes name the programs to fill it
    in with, and warn off an online editor or a phone's viewer (which may save it without
    its hidden signature or protection) — and the package still imports as signed."""
    [path] = export_packages(reg, YEAR, tmp_path, None)
    guide = openpyxl.load_workbook(path)["填写说明"]
    text = "\n".join(str(guide.cell(r, 1).value or "") for r in range(1, guide.max_row + 1))
    for words in ("Excel 2007 或更高版本", "WPS Office", "LibreOffice Calc", "腾讯文档", "金山文档",
                  "手机", "隐藏的签名", "保持 .xlsx 格式", "勿改动工作表名称"):
        assert words in text, words
    _fill(path, 60)
    assert import_package(reg, path, year=YEAR).projects == 60


def test_a_package_an_online_editor_saved_without_its_signature_says_so(reg, sixty, tmp_path):
    """An online editor or a phone's viewer drops the very hidden 签名 sheet: the refusal
    says how that happens and what to do, not only that the file is not a package."""
    [path] = export_packages(reg, YEAR, tmp_path, None)
    _fill(path, 60)
    wb = openpyxl.load_workbook(path)
    del wb["签名"]
    wb.save(path)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path, year=YEAR)
    [reason] = info.value.reasons
    assert "隐藏的签名已丢失" in reason and "腾讯文档" in reason and "在电脑上用 Excel" in reason
    assert reg.scalar("SELECT COUNT(*) FROM scores") == 0


def test_the_notes_quote_each_criterion_s_wording_from_the_year_s_grid_and_say_where_the_form_is(
        reg, sixty, tmp_path):
    """The expert was given names and maxima only, and nothing said the 申报书 they judge
    from comes separately. The wording is the year's (its grid as stored, the year's own
    attachment number), not the program's."""
    from dataclasses import replace

    from boostdesk.panel.grid import Criterion, save_grid

    save_grid(reg, YEAR, [Criterion("创新程度", 60, 60, description="技术方案新颖，有自主知识产权"),
                          Criterion("推广价值", 40, 40)])
    reg.save_campaign(replace(reg.campaign(YEAR), attachments={"project_form": "附件5"}))
    [path] = export_packages(reg, YEAR, tmp_path, None)
    guide = openpyxl.load_workbook(path)["填写说明"]
    lines = [guide.cell(r, 1).value for r in range(3, 8)]
    assert lines[2] == ("3. 评分细则（总分 100 分），各项满分和评分要点：\n（1）创新程度 0～60 分："
                        "技术方案新颖，有自主知识产权\n（2）推广价值 0～40 分")
    assert lines[3] == ("4. 各项目的申报书（附件5 创新项目助推申报书）及佐证材料不在本评分包中，由北京市总工会"
                        "另行提供；请对照申报书评分。“项目概况”工作表只列各项目的主要信息。")
    assert guide.row_dimensions[5].height >= 3 * 18  # each criterion on a line of its own
