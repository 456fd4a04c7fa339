"""Scoring packages as reviewers return them: what their spreadsheet programs and habits
do to the file, and what the office is told."""

from __future__ import annotations

import re
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import panel_scores
from tests import test_panel_packages as base
from tests.test_panel_packages import GOOD, _export, _fill, _refused
from tests.test_panel_support import YEAR

panel = base.panel  # the fixture: two projects under review, three experts


def _cell_xml(path: Path, cell: str, inner: str) -> None:
    """Write a score cell's XML as another spreadsheet program saved it."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    sheet, n = re.subn(rf'<c r="{cell}"([^>]*?) t="n"><v>[^<]*</v></c>',
                       rf'<c r="{cell}"\1>{inner}</c>', sheet)
    assert n == 1
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_formula_whose_saved_result_carries_binary_noise_is_read_as_excel_shows_it(
        reg, panel, tmp_path):
    """=36.9/3 shows 12.3 in Excel and WPS, which save its result as 12.299999999999999:
    the reviewer typed one decimal, the package is not refused for "more decimals"."""
    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, [[18, 12, *GOOD[0][2:]], GOOD[1]])
    _cell_xml(path, "D2", "<f>36.9/3</f><v>12.299999999999999</v>")
    import_package(reg, path)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (Fraction(833, 10),)


def test_a_score_with_two_decimals_is_still_refused(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, [[18, 12.25, *GOOD[0][2:]], GOOD[1]])
    _refused(reg, path, "“填补技术空白”最多保留一位小数，而不是 12.25")


def test_a_package_saved_as_opendocument_says_so_not_that_it_is_damaged(reg, panel, tmp_path):
    """LibreOffice's 保持当前格式 declined: the file is an .ods, a zip like .xlsx."""
    ods = tmp_path / "2022年度专家评分包_专家1.ods"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    refusal = _refused(reg, ods, "OpenDocument")
    assert "已损坏" not in refusal.reasons[0] and "另存为" in refusal.reasons[0]
    assert ".xlsx" in refusal.reasons[0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
@pytest.mark.parametrize("sep", [",", "\t"])
def test_a_package_saved_as_csv_says_what_was_lost_and_what_to_do(
        reg, panel, tmp_path, encoding, sep):
    ids, _ = panel
    text = "\r\n".join(sep.join(r) for r in (
        ["项目编号", "项目名称", "科技含量（满分20）"], [str(ids[0]), "特殊钢连铸坯质量在线判定系统研发", "18"]))
    csv = tmp_path / "评分包.csv"
    csv.write_bytes(text.encode(encoding))
    refusal = _refused(reg, csv, "CSV")
    assert "签名" in refusal.reasons[0] and "原评分包" in refusal.reasons[0]


def _sheet_text(path: Path, sheet: str) -> str:
    """A sheet's text as a reviewer's program shows it, read without the register."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return "\n".join(" ".join(str(v) for v in row if v != "") for row in rows)


def test_the_package_tells_its_reviewer_whose_it_is_and_how_to_score_without_the_register(
        reg, panel, tmp_path):
    """Opened on the reviewer's laptop: whose package it is (a file sent to the wrong
    expert is noticed before it is filled, not imported as the other expert's scores),
    each criterion's range and weight, what to do with a project of their own unit or
    studio, and what not to do to the file."""
    from boostdesk.panel.grid import Criterion, save_grid

    save_grid(reg, YEAR, [Criterion("科技含量", 10, 40), Criterion("推广价值", 100, 60)])
    path = _export(reg, tmp_path)
    text = _sheet_text(path, "填写说明")
    assert "本评分包属于专家“专家1”" in text and "北京市总工会2022年职工创新助推计划" in text
    assert "科技含量 0～10 分（占总分 40 分）" in text and "推广价值 0～100 分（占总分 60 分）" in text
    assert "利益" in text and "留空" in text
    assert ".xlsx" in text and "排序" in text
    from openpyxl import load_workbook

    assert "专家1" in load_workbook(path)["评分表"].oddHeader.center.text  # on paper too


def test_a_package_exported_before_the_longer_note_still_imports(reg, panel, tmp_path):
    """Packages already out with the one-line note (and a signature without the note)
    are read as they were written."""
    import json

    import openpyxl

    from boostdesk.panel.package_keys import sign, signing_key

    ids, _ = panel
    path = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws, sig = wb["评分表"], wb["签名"]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    ws.delete_cols(11)  # nor a 合计 column
    ws.delete_rows(5, ws.max_row)
    ws["A5"] = ("填写说明：请按各项评分细则为每个项目打分（0 至该项满分，可保留一位小数），评语可不填。"
                "只能填写评分和评语单元格；改动其他内容后评分包将无法导入。填好后保存，原文件交回。")
    payload = json.loads(sig["A2"].value)
    payload.pop("note", None)
    payload["version"] = 1  # the notes under the table: the previous releases' packages
    wb.remove(wb["填写说明"])
    sig["A2"] = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    sig["A3"] = sign(signing_key(reg, create=False), sig["A2"].value)
    wb.save(path)
    _fill(path, GOOD)
    import_package(reg, path)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (Fraction(835, 10),)


def _three_projects(reg):
    """A third project for 专家1, so a moved row is not the last."""
    from boostdesk.panel.experts import assign
    from tests.test_panel_support import DISTRICT, make_project, to_review

    extra = make_project(reg, "变电站巡检机器人改进", "电力检修创新工作室", DISTRICT)
    to_review(reg, extra)
    assign(reg, base.expert_by_name(reg, YEAR, "专家1").id, extra)


def _edited(path: Path, edit) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    edit(wb["评分表"])
    wb.save(path)


THREE = [*GOOD, [12, 9, 9, 9, 9, 6, 6]]


def test_a_comment_row_inserted_is_named_and_no_row_is_blamed_as_a_conflict(
        reg, panel, tmp_path):
    """A row inserted between projects: the scores below it sit one row down. The office
    is told so, not that the project now on a blank row went unscored (whose advice,
    登记回避, would take from the expert a project they did score)."""
    _three_projects(reg)
    path = _export(reg, tmp_path)
    _fill(path, THREE)

    def insert(ws):
        ws.insert_rows(3)
        ws["B3"] = "以下两项我不太熟悉，仅供参考"
    _edited(path, insert)
    refusal = _refused(reg, path, "评分表中第 3 行起插入了行")
    # nor every cell below, each one row down, listed as changed: the rows above only
    assert len(refusal.reasons) == 1, refusal.reasons


def test_a_deleted_row_names_the_project_it_held(reg, panel, tmp_path):
    _three_projects(reg)
    path = _export(reg, tmp_path)
    _fill(path, THREE)
    _edited(path, lambda ws: ws.delete_rows(3))
    refusal = _refused(reg, path, "评分表中删除了项目“五轴数控加工程序优化”的行（第 3 行）")
    assert "登记回避" not in "\n".join(refusal.reasons)


def _sort_rows(ws) -> None:
    """The project rows sorted by their total, highest first, as a reviewer's program
    sorts the table's selection: 项目编号 to 评语 move together."""
    rows = [[ws.cell(r, c).value for c in range(1, 11)] for r in (2, 3, 4)]
    rows.sort(key=lambda row: -sum(row[2:9]))
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)


def test_rows_sorted_with_their_numbers_and_titles_are_read_by_the_number(
        reg, panel, tmp_path):
    """李工 sorted his rows by total and renamed the sheet: refused outright (请把评分表恢复
    为导出时的行), though each row still carried its project's number and title. Read by
    the number, each score its own project's, said in a note."""
    ids, _ = panel
    _three_projects(reg)
    path = _export(reg, tmp_path)
    _fill(path, [GOOD[1], GOOD[0], THREE[2]], comment=None)  # 2nd highest first

    def sort_and_rename(ws):
        for r, text in ((2, "第一项"), (3, "第二项"), (4, "第三项")):
            ws.cell(r, 10, text)
        _sort_rows(ws)
        ws.title = "评分表 (2)"
    _edited(path, sort_and_rename)
    result = import_package(reg, path)
    assert result.projects == 3
    assert result.notes[0] == ("已按项目编号对应：评分表的行序与导出时不同（第 2 行起），各行的项目编号和"
                               "项目名称与本评分包的项目一一对应，评分按项目编号导入（行序不必改回）")
    assert panel_scores(reg, YEAR)[ids[0]].totals == (68,)  # GOOD[1], on row 3 now
    assert panel_scores(reg, YEAR)[ids[1]].totals == (Fraction(835, 10),)
    comments = dict(reg.conn.execute(
        "SELECT project_id, comment FROM assignments WHERE comment != ''").fetchall())
    assert (comments[ids[0]], comments[ids[1]]) == ("第一项", "第二项")


def test_rows_sorted_and_a_header_edited_is_refused_for_the_header_alone(reg, panel, tmp_path):
    _three_projects(reg)
    path = _export(reg, tmp_path)
    _fill(path, [GOOD[1], GOOD[0], THREE[2]])

    def sort_by_score(ws):
        _sort_rows(ws)
        ws["A1"] = "编号"  # and a header cell, above the rows that moved
    _edited(path, sort_by_score)
    refusal = _refused(reg, path, "评分表 A1 单元格被改动（应为“项目编号”，现为“编号”）：只能填写评分和评语")
    assert refusal.reasons[1].startswith("另：已按项目编号对应：评分表的行序与导出时不同")
    assert len(refusal.reasons) == 2


@pytest.mark.parametrize("moved", ["numbers", "numbers and scores"])
def test_rows_sorted_without_their_titles_are_still_refused(reg, panel, tmp_path, moved):
    """Only the 项目编号 column sorted (each number beside another project's title and
    scores), or the scores with their numbers but not their titles: which project a row's
    scores are is no longer known, and the package is refused as before."""
    _three_projects(reg)
    path = _export(reg, tmp_path)
    _fill(path, [GOOD[1], GOOD[0], THREE[2]])  # sorted, the first two change places

    def partly(ws):
        if moved == "numbers":
            _sort_rows(ws)  # whole rows, then the titles and scores put back
            for r, title in enumerate(["特殊钢连铸坯质量在线判定系统研发", "五轴数控加工程序优化",
                                       "变电站巡检机器人改进"], start=2):
                ws.cell(r, 2, title)
            for r, values in enumerate([GOOD[1], GOOD[0], THREE[2]], start=2):
                for c, value in enumerate(values, start=3):
                    ws.cell(r, c, value)
        else:  # the titles left where they were
            titles = [ws.cell(r, 2).value for r in (2, 3, 4)]
            _sort_rows(ws)
            for r, title in enumerate(titles, start=2):
                ws.cell(r, 2, title)
    _edited(path, partly)
    refusal = _refused(reg, path, "评分表中的行被重新排序过（第 2 行起与导出时不同）")
    assert "请把评分表恢复为导出时的行" in refusal.reasons[0]
    assert reg.scalar("SELECT COUNT(*) FROM scores") == 0


def test_a_comment_excel_took_for_a_formula_is_refused_not_stored_as_its_error(
        reg, panel, tmp_path):
    """-创新性强+推广价值高 typed as a comment: Excel reads a formula and saves #NAME?;
    the reviewer's words are not in the file, so "#NAME?" is not stored as the comment."""
    path = _export(reg, tmp_path)
    _fill(path, GOOD, comment=None)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    sheet, n = re.subn(r'<c r="J2" s="(\d+)" t="n" ?/>',
                       r'<c r="J2" s="\1" t="e"><f>-创新性强+推广价值高</f><v>#NAME?</v></c>', sheet)
    assert n == 1
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    _refused(reg, path, "评分表第 2 行（项目“特殊钢连铸坯质量在线判定系统研发”）：评语显示为错误值“#NAME?”")


def _merge_xml(path: Path, ref: str) -> None:
    """Merge cells as LibreOffice saves them when told to keep the covered cells' texts:
    the region listed, every cell's value still in the file."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet2.xml"].decode()
    # the score sheet has no merged cells of its own (its notes, merged, were under the
    # table until they moved to 填写说明): the list goes where the schema orders it
    sheet, n = re.subn(r'<dataValidations ',
                       f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells><dataValidations ',
                       sheet)
    assert n == 1
    parts["xl/worksheets/sheet2.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _comments(reg, experts) -> list[str]:
    from boostdesk.panel.scoring import expert_sheet

    return [r.comment for r in expert_sheet(reg, experts[0])]


def test_a_comment_merged_across_two_projects_is_each_ones_comment(reg, panel, tmp_path):
    """Excel keeps a merged region's top-left text only: the reviewer sees it beside both
    projects, and both get it (the second read blank before); the office is told."""
    import openpyxl

    _, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD, comment=None)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["J2"] = "两个项目均有推广价值"
    wb["评分表"].merge_cells("J2:J3")
    wb.save(path)
    result = import_package(reg, path)
    assert _comments(reg, experts) == ["两个项目均有推广价值", "两个项目均有推广价值"]
    assert "评分表 J2:J3 是合并的单元格：其中的评语“两个项目均有推广价值”计入第 2、3 行的项目" in result.lines


def test_texts_kept_in_merged_comment_cells_are_all_read(reg, panel, tmp_path):
    """LibreOffice keeps each covered cell's own text: nothing the reviewer wrote is lost.
    The second project's row shows the merged text and holds its own: both, joined."""
    import openpyxl

    _, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD, comment="第二项：工艺成熟")
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["J2"] = "第一项：创新性强"
    wb.save(path)
    _merge_xml(path, "J2:J3")
    import_package(reg, path)
    assert _comments(reg, experts) == ["第一项：创新性强", "第一项：创新性强\n第二项：工艺成熟"]


def test_a_comment_merged_with_the_cell_beside_it_keeps_the_text_there(reg, panel, tmp_path):
    """A comment widened over the next column, the text typed there kept hidden: read
    with the comment, not dropped (nor refused as a cell beyond the table). A package of
    the previous version, which has no 合计 beside its comments."""
    import openpyxl

    from boostdesk.panel.experts import expert
    from boostdesk.panel.grid import ensure_grid
    from boostdesk.panel.package_keys import signing_key
    from tests.fixtures.package_v2 import write_package

    _, experts = panel
    path = tmp_path / "评分包（上一版）.xlsx"
    write_package(reg, YEAR, expert(reg, experts[0]), ensure_grid(reg, YEAR),
                  signing_key(reg, create=True), path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["K2"] = "建议扩大推广范围"
    wb.save(path)
    _merge_xml(path, "J2:K2")
    import_package(reg, path)
    assert _comments(reg, experts) == ["建议加强成果推广\n建议扩大推广范围", "建议加强成果推广"]


def test_a_comment_merged_over_the_total_beside_it_does_not_take_the_total_in(
        reg, panel, tmp_path):
    """From version 3 the column beside 评语 is 合计: a comment merged over it (by a
    program that ignored the protection) is the comment, not the comment and 83.5."""
    import openpyxl

    _, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["K2"] = 83.5  # the total's value, as a spreadsheet program saves it
    wb.save(path)
    _merge_xml(path, "J2:K2")
    import_package(reg, path)
    assert _comments(reg, experts) == ["建议加强成果推广", "建议加强成果推广"]


def test_merged_score_cells_are_refused_naming_the_region(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    _merge_xml(path, "I2:J2")
    _refused(reg, path, "评分表 I2:J2 是合并的单元格：评分单元格不能合并")


@pytest.mark.parametrize(("typed", "hint"), [
    ("12,5", "小数点请用“.”，不要用逗号"), ("12，5", "小数点请用“.”，不要用逗号"),
    ("12分", "只填数字，不要带“分”字"), ("12.5 分", "只填数字，不要带“分”字"),
    ("十二", "请用阿拉伯数字填写，如 12.5"), ("十二点五分", "请用阿拉伯数字填写，如 12.5"),
])
def test_a_score_typed_with_a_comma_or_a_unit_says_how_to_type_it(
        reg, panel, tmp_path, typed, hint):
    path = _export(reg, tmp_path)
    _fill(path, [[18, typed, *GOOD[0][2:]], GOOD[1]])
    _refused(reg, path, f"“填补技术空白”应填写 0 到 15 之间的数字，而不是“{typed}”（{hint}）")


@pytest.mark.parametrize("typed", ["1_8", "1e1", "²", "①"])
def test_a_score_python_would_read_but_the_reviewer_did_not_mean_is_refused_by_row(
        reg, panel, tmp_path, typed):
    """1_8, 1e1 and ² typed as text (a cell formatted as text, WPS, a paste) were read as
    18, 10 and 2: refused by row and criterion as every unreadable score is."""
    path = _export(reg, tmp_path)
    _fill(path, [[18, typed, *GOOD[0][2:]], GOOD[1]])
    _refused(reg, path, "评分表第 2 行（项目“特殊钢连铸坯质量在线判定系统研发”）："
                        f"“填补技术空白”应填写 0 到 15 之间的数字，而不是“{typed}”（")


def test_a_score_of_a_project_the_expert_turned_out_to_be_in_conflict_with_is_not_stored(
        reg, panel, tmp_path):
    """The recommending union corrected after the export to the expert's own (专家1 is of
    清华大学): their score of that project must not count; the rest is stored and the
    office told what to do."""
    from dataclasses import replace

    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    reg.save_project(replace(reg.project(ids[0]), unit_name="清华大学工会"))
    result = import_package(reg, path)
    assert result.projects == 1
    assert ids[0] not in panel_scores(reg, YEAR)
    assert panel_scores(reg, YEAR)[ids[1]].totals == (68,)
    [line] = [s for s in result.skipped if "特殊钢连铸坯质量在线判定系统研发" in s]
    assert "专家来自推荐单位“清华大学工会”" in line and "取消" in line


def test_a_title_kept_with_a_space_at_its_end_does_not_make_every_package_refused(
        reg, panel, tmp_path):
    """The cell reads back trimmed: untouched, it is not "changed"."""
    from dataclasses import replace

    ids, _ = panel
    reg.save_project(replace(reg.project(ids[1]), title="五轴数控加工程序优化 "))
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    assert import_package(reg, path).projects == 2


@pytest.mark.parametrize("utf8", [True, False])
def test_a_package_sent_back_zipped_says_to_unzip_it(reg, panel, tmp_path, utf8):
    """An e-mail program or the reviewer zipped it (a Windows zip names it in GBK)."""
    path = _export(reg, tmp_path)
    archive = tmp_path / "评分包.zip"
    gbk = path.name.encode("gbk")
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(path.name if utf8 else "x" * len(gbk), path.read_bytes())
    if not utf8:  # as Windows' 发送到 → 压缩文件夹 writes it: GBK, no UTF-8 flag
        archive.write_bytes(archive.read_bytes().replace(b"x" * len(gbk), gbk))
    refusal = _refused(reg, archive, "评分包.zip 是压缩文件（内含 2022年度专家评分包_专家1.xlsx）")
    assert "解压" in refusal.reasons[0] and "已损坏" not in refusal.reasons[0]


def test_a_score_typed_into_a_cell_a_paste_left_formatted_as_a_date_is_read_as_typed(
        reg, panel, tmp_path):
    """A paste from another workbook brought a date format into a score cell; the sheet's
    protection keeps the reviewer from changing it back, and 12 typed there shows
    1900/1/12. The 12 they typed is read, not refused as a date."""
    import openpyxl

    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["D2"].value = 12.5
    wb["评分表"]["D2"].number_format = "yyyy/m/d h:mm"
    wb["评分表"]["E2"].number_format = "yyyy/m/d"
    wb["评分表"]["C3"].value = 0
    wb["评分表"]["C3"].number_format = "h:mm"
    wb.save(path)
    import_package(reg, path)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (Fraction(835, 10),)
    assert panel_scores(reg, YEAR)[ids[1]].totals == (53,)


def test_a_real_date_in_a_score_cell_is_refused_as_a_date(reg, panel, tmp_path):
    from datetime import datetime

    import openpyxl

    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["D2"].value = datetime(2022, 11, 20)
    wb["评分表"]["E2"].value = datetime(1900, 2, 28)  # typed 59, or 60: not guessed
    wb.save(path)
    refusal = _refused(reg, path, "“填补技术空白”应填写 0 到 15 之间的数字")
    assert any("“对企业转型升级、技术革新的推动作用”应填写" in r for r in refusal.reasons)


def test_a_project_number_edited_is_a_changed_cell_not_a_deleted_row(reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    _edited(path, lambda ws: ws.cell(3, 1, "999"))
    refusal = _refused(reg, path, "评分表 A3 单元格被改动（应为“2”，现为“999”）")
    assert not any("删除了" in r for r in refusal.reasons)


def test_a_package_the_system_will_not_let_be_read_says_so_not_that_it_is_damaged(
        reg, panel, tmp_path, monkeypatch):
    """A file the office may not read (its permissions, a cloud copy not downloaded) is
    the office's to fix, not the reviewer's to fill in again."""
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    real_open = Path.open

    def denied(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    [reason] = _refused(reg, path, f"无法读取 {path.name}：没有权限").reasons
    assert "损坏" not in reason and "重新填写" not in reason


def test_a_row_pasted_over_another_projects_row_is_named_as_copied_not_deleted(
        reg, panel, tmp_path):
    """A reviewer copying the row above to score alike pastes the whole row, number and
    title too: the office is told which row was copied over which project, not that the
    reviewer deleted a row they did not delete."""
    _three_projects(reg)
    path = _export(reg, tmp_path)
    _fill(path, THREE)

    def paste_row_2_over_3(ws):
        for c in range(1, 11):
            ws.cell(3, c, ws.cell(2, c).value)
    _edited(path, paste_row_2_over_3)
    refusal = _refused(reg, path, "评分表第 3 行复制了第 2 行（项目“特殊钢连铸坯质量在线判定系统研发”），"
                                  "覆盖了项目“五轴数控加工程序优化”的行")
    assert "删除" not in refusal.reasons[0]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_package_saved_as_csv_from_its_first_sheet_is_told_as_a_csv_of_the_package(
        reg, panel, tmp_path, encoding):
    """The package opens on its 填写说明 (version 2): 另存为 CSV there writes the notes, not
    the scores. The office is told it is the package saved as CSV, not "no workbook"."""
    from python_calamine import CalamineWorkbook

    path = _export(reg, tmp_path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("填写说明").to_python()
    text = "\r\n".join(",".join(str(v) for v in row) for row in rows)
    csv = tmp_path / "评分包.csv"
    csv.write_bytes(text.encode(encoding))
    refusal = _refused(reg, csv, "CSV")
    assert "签名" in refusal.reasons[0] and "原评分包" in refusal.reasons[0]
