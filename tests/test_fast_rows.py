"""Plain rows of a streamed workbook written as their text (io.fast_rows) are the very
bytes openpyxl writes cell by cell: the 专利汇总表's 80,000 rows and a year's 修改记录
took ≈ 36 s each at 100,000 papers, three quarters of it openpyxl's cell objects and
serializer."""

from __future__ import annotations

import sqlite3
import zipfile
from copy import copy
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Side

from boostdesk.cli import main
from boostdesk.io import fast_rows
from boostdesk.io.export_summary import save_streamed, streamed_workbook
from boostdesk.io.xlsx_layout import as_typed

YEAR = 2022


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.startswith("docProps/")}


ROWS = [
    [1, "a b", " lead", "x&<y>\"'", None, "", date(2022, 5, 1), Decimal("3000.00"),
     Decimal("0.3"), "=同上", "line\nbreak", 2.5, datetime(2022, 5, 1, 9, 30)],
    [2, "#N/A", "trail ", "ok", None, "", date(2021, 1, 1), Decimal("1"), Decimal("2"),
     "=", "x", 3, None],  # an error code: the row cell by cell
    [3, "x" * 40_000, "", "", None, "", None, None, None, "", "", 0, None],  # too long: cut by openpyxl
]


def _sheet(path, fast: bool, heights: bool = False) -> dict[str, bytes]:
    wb = streamed_workbook()
    ws = wb.create_sheet("表")
    ws.append(["标题"])
    side = Side(style="thin")
    styles = []
    for j in range(len(ROWS[0])):
        c = WriteOnlyCell(ws)
        c.border = Border(left=side)
        c.number_format = {6: "yyyy-mm-dd", 7: "#,##0.00", 11: "@", 12: "yyyy-mm-dd hh:mm"}.get(
            j, "General")
        if j == 1:
            c.alignment = Alignment(wrap_text=True)
        styles.append(c._style)
    unstyled = WriteOnlyCell(ws)._style
    styles[4] = unstyled  # a column without a style: its blanks left out
    write = fast_rows.rows_writer(ws, styles) if fast else None
    assert (write is not None) == fast
    for n, row in enumerate(ROWS * 3):
        if heights and n == 1:
            ws.row_dimensions[3].height = 30
        if write is None or not write(row):
            out = []
            for style, value in zip(styles, row, strict=True):
                made = as_typed(WriteOnlyCell(ws, value))
                made._style = copy(style)
                out.append(made)
            ws.append(out)
    ws.append(["合计"])
    save_streamed(wb, path)
    return parts(path)


@pytest.mark.parametrize("heights", [False, True])
def test_rows_as_text_are_openpyxl_s_own_bytes(tmp_path, heights):
    assert _sheet(tmp_path / "a.xlsx", True, heights) == _sheet(tmp_path / "b.xlsx", False, heights)


def test_a_date_in_a_column_without_a_date_format_goes_cell_by_cell(tmp_path):
    wb = streamed_workbook()
    ws = wb.create_sheet("表")
    ws.append(["标题"])
    write = fast_rows.rows_writer(ws, [WriteOnlyCell(ws)._style])
    assert write is not None and not write([date(2022, 1, 1)]) and write(["x"])
    save_streamed(wb, tmp_path / "a.xlsx")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    conn = sqlite3.connect(db)  # a 备注 of two lines, one that looks like a formula
    conn.execute("UPDATE patent_applications SET remarks = '第一行\n第二行' WHERE id = 1")
    conn.execute("UPDATE patent_applications SET remarks = '=同上' WHERE id = 2")
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize("argv", [
    ["export", "summary", "patent", "--year", str(YEAR)],
    ["export", "summary", "project", "--year", str(YEAR)],
    ["audit", "--year", str(YEAR)],
    ["audit"],
])
def test_the_exports_are_the_same_bytes_as_cell_by_cell(demo, tmp_path, monkeypatch, argv):
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    real, made = fast_rows.rows_writer, []

    def spied(*args):
        made.append(real(*args))
        return made[-1]

    monkeypatch.setattr(fast_rows, "rows_writer", spied)
    assert main([*argv, "--db", str(demo), "--out", str(fast)]) == 0
    assert made and made[0] is not None  # the rows went as text
    monkeypatch.setattr(fast_rows, "rows_writer", lambda *_a: None)
    assert main([*argv, "--db", str(demo), "--out", str(slow)]) == 0
    a, b = parts(fast), parts(slow)
    assert a.keys() == b.keys()
    for name in a:
        if name == "xl/worksheets/sheet1.xml" and argv[0] == "audit":
            # the note names when it was exported (to the second): the rest alike
            import re
            stamp = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")
            assert stamp.sub(b"", a[name]) == stamp.sub(b"", b[name])
        else:
            assert a[name] == b[name], name
