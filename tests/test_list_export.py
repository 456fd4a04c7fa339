"""A screen's list to a workbook (io.list_export: 拨付's Ctrl+E) is streamed, its rows written
as text (io.fast_rows): held in memory cell by cell, 80,000 lines took ≈ 20 s. The workbook
is the one the cell-by-cell writer made, cell for cell: values, formats, fonts, fills,
widths, the page's layout."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from boostdesk.io import fast_rows
from boostdesk.io.errors import ExportCancelled
from boostdesk.io.export_summary import rows_folder
from boostdesk.io.list_export import ShownList, fen_yuan, write_list_xlsx

HEADERS = ("状态", "批次", "付款单位", "收款人/收款单位", "金额", "应拨日期", "拨付日期", "凭证号",
           "一个很长很长很长很长很长很长很长很长很长的列名")


def _row(i: int) -> list[Any]:
    paid = i % 3 != 0
    return ["已拨付" if paid else "待拨付", "第一笔（50%）" if i % 2 else "尾款",
            " 北京市总工会" if i == 4 else "北京市总工会\n朝阳区总工会" if i == 5 else "海淀区总工会",
            f"张三{i}" if i % 7 else "=同上", fen_yuan(150_000 + i) if i % 11 else "",
            date(2022, 6, 1 + i % 28), datetime(2023, 1, 2, 9, 30) if paid and i % 5 == 0
            else date(2023, 1, 1 + i % 28) if paid else "",
            "6217000012345678901" if i % 4 == 0 else f"记-2023-{i:04d}" if paid else None,
            "12345678901" if i % 6 == 0 else i if i % 8 == 0 else Decimal("2.5") if i % 9 == 0
            else "x\x07y" if i == 10 else "#N/A" if i == 12 else ""]


SHOWN = ShownList("2022年度拨付款项（付款单位：北京市总工会；拨付日期：2023-01-01 至 2023-03-31）",
                  HEADERS, [_row(i) for i in range(1, 1_203)], money=frozenset({4}),
                  widths={0: 12, 2: 30, 4: 14}, footer=["已筛选（付款单位“北京市总工会”）：拨付 3 笔",
                                                       "=合计", "以下只计列出的款项"],
                  sheet="拨付款项" * 10)


def _in_memory(path: Path, shown: ShownList) -> None:
    """The list as write_list_xlsx wrote it before stop 44: a workbook held in memory,
    each cell made and styled one by one (kept here as the measure of the streamed one)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    ws = wb.create_sheet(shown.sheet[:31])
    ws.cell(1, 1, sheet_text(shown.title)).font = Font(bold=True, size=13)
    fill = PatternFill("solid", fgColor="D9E1F2")
    for j, header in enumerate(shown.headers, start=1):
        cell = ws.cell(2, j, header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = shown.widths.get(j - 1) or max(8, min(40, 2 * len(header) + 4))
        ws.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(shown.rows, start=3):
        for j, value in enumerate(row):
            cell = as_typed(ws.cell(i, j + 1, sheet_text(value)))
            if j in shown.money and isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and value.isdigit() and len(value) > 11:
                cell.number_format = "@"
    r = len(shown.rows) + 3
    for line in shown.footer:
        ws.cell(r, 1, sheet_text(line))
        r += 1
    landscape_a4(ws, freeze_row=3, title_rows="2:2")
    wb.save(path)


def _facts(path: Path) -> dict[str, Any]:
    """Everything a reader of the workbook sees: each cell's value, type and style, the
    columns' widths, the rows' heights, the sheet's page and print settings."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    size = (ws.max_row, ws.max_column)  # (before the cells read: reading makes them)
    cells = {}
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=len(HEADERS) + 1):
        for c in row:
            cells[c.coordinate] = (c.value, c.data_type, c.number_format, repr(c.font),
                                   repr(c.fill), repr(c.alignment), repr(c.border),
                                   repr(c.protection))
    setup = ws.page_setup
    return {
        "sheets": wb.sheetnames, "size": size, "cells": cells,
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "merged": list(ws.merged_cells.ranges), "freeze": ws.freeze_panes,
        "titles": ws.print_title_rows, "footer": ws.oddFooter.center.text,
        "page": (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight,
                 ws.sheet_properties.pageSetUpPr.fitToPage),
    }


@pytest.fixture
def spied(monkeypatch):
    """The writers io.fast_rows made for the export (None: openpyxl not as it follows)."""
    real, made = fast_rows.picked_rows_writer, []

    def spy(*args):
        made.append(real(*args))
        return made[-1]

    monkeypatch.setattr(fast_rows, "picked_rows_writer", spy)
    return made


def test_the_streamed_list_is_the_cell_by_cell_workbook_cell_for_cell(tmp_path, spied):
    before, after = tmp_path / "before.xlsx", tmp_path / "after.xlsx"
    _in_memory(before, SHOWN)
    write_list_xlsx(after, SHOWN)
    assert len(spied) == 1 and spied[0] is not None  # the rows went as text
    was, now = _facts(before), _facts(after)
    assert was["size"] == now["size"] == (len(SHOWN.rows) + 5, len(HEADERS))
    assert was == now
    # what the comparison rests on, read plainly
    ws = load_workbook(after).worksheets[0]
    assert ws.cell(3, 5).value == 1500.01 and ws.cell(3, 5).number_format == "#,##0.00"
    assert ws.cell(3, 6).value == datetime(2022, 6, 2) and ws.cell(3, 6).number_format == "yyyy-mm-dd"
    assert ws.cell(6, 8).value == "6217000012345678901" and ws.cell(6, 8).number_format == "@"
    assert ws.cell(9, 4).value == "=同上" and ws.cell(9, 4).data_type == "s"  # text, not a formula
    assert ws.cell(12, 9).value == "xy"


def test_rows_openpyxl_must_write_itself_make_the_same_workbook(tmp_path, monkeypatch):
    """The library not as io.fast_rows follows it (another version, lxml): every row cell by
    cell through openpyxl's streamed sheet, the same workbook again."""
    monkeypatch.setattr(fast_rows, "picked_rows_writer", lambda *_a: None)
    before, after = tmp_path / "before.xlsx", tmp_path / "after.xlsx"
    _in_memory(before, SHOWN)
    write_list_xlsx(after, SHOWN)
    assert _facts(before) == _facts(after)


def test_a_cancelled_list_leaves_no_file_and_no_streamed_rows(tmp_path):
    out = tmp_path / "拨付.xlsx"
    before = set(rows_folder().iterdir())
    looks: list[int] = []

    def cancelled() -> bool:  # 取消 pressed once the first rows are streamed
        looks.append(1)
        return len(looks) > 2

    with pytest.raises(ExportCancelled):
        write_list_xlsx(out, SHOWN, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []
    assert {p for p in set(rows_folder().iterdir()) - before
            if not p.name.startswith("owner.")} == set()
