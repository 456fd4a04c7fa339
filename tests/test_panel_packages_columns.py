"""Columns a reviewer adds to the score sheet, said once for the column, not once a cell: a
总分 worked out to the right of the table (its sums shown as Excel shows them, without the
float noise of 94.20000000000002), a column inserted or moved (recognised by the header)."""

from __future__ import annotations

import openpyxl

from tests.test_panel_packages import GOOD, _export, _fill, _refused, panel

__all__ = ["panel"]


def _edited(path, edit):
    wb = openpyxl.load_workbook(path)
    edit(wb["评分表"])
    wb.save(path)
    return path


def test_a_total_column_to_the_right_is_said_once(reg, panel, tmp_path):
    def total(ws):
        ws["L1"] = "总分"  # beside the package's own 合计
        for r in (2, 3):
            ws.cell(r, 12, sum(ws.cell(r, c).value for c in range(3, 10)) + 0.1 + 0.2)

    path = _edited(_fill_good(reg, tmp_path), total)
    refusal = _refused(reg, path, "评分表右侧多出一列")
    assert refusal.reasons == ["评分表右侧多出一列“总分”（L 列），请删除该列后再交回"]


def test_an_inserted_column_is_recognised_by_the_header_row(reg, panel, tmp_path):
    def insert(ws):
        ws.insert_cols(3)
        ws["C1"] = "备注"

    path = _edited(_fill_good(reg, tmp_path), insert)
    refusal = _refused(reg, path, "评分表的列被插入或移动过")
    assert refusal.reasons == [
        "评分表的列被插入或移动过：C 列插入了“备注”。各项评分已无法按列对应到评分细则，本评分包未导入。"
        "请删除插入的列（C 列起依次为各项评分，然后是评语），或用导出的原评分包重新填写后交回"]


def test_two_criteria_columns_swapped_are_said_as_moved(reg, panel, tmp_path):
    def swap(ws):
        for r in range(1, 4):
            ws.cell(r, 3).value, ws.cell(r, 4).value = ws.cell(r, 4).value, ws.cell(r, 3).value

    path = _edited(_fill_good(reg, tmp_path), swap)
    [reason] = _refused(reg, path, "评分表的列被插入或移动过").reasons
    assert "“科技含量（满分20）”列被移动到 D 列" in reason or "“填补技术空白（满分15）”列被移动到 C 列" in reason
    assert "把移动的列移回原位" in reason


def test_a_number_beside_the_table_is_quoted_as_excel_shows_it(reg, panel, tmp_path):
    path = _edited(_fill_good(reg, tmp_path), lambda ws: ws.cell(6, 1, 94.1 + 0.1))
    refusal = _refused(reg, path, "评分表 A6 单元格多出内容")
    assert "评分表 A6 单元格多出内容“94.2”：只能填写评分和评语" in refusal.reasons


def _fill_good(reg, tmp_path):
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    return path
