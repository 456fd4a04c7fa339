"""The year-end statistics (``boostdesk.statistics``) as a workbook: one sheet a table,
laid out as the summary tables are (title, frozen header, 合计 bold, amounts in 元 to the
fen, A4 landscape)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from boostdesk.io.errors import ExportCancelled
from boostdesk.io.export_summary import MONEY_FORMAT, yuan_value
from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text
from boostdesk.os_errors import cannot_write
from boostdesk.statistics import Table, YearStatistics, tables


class StatisticsWriteError(ValueError):
    """The workbook could not be written, said in Chinese with what to do."""


TITLE_ROW, DATE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4


def write_statistics_xlsx(path: str | Path, stats: YearStatistics,
                          cancelled: Callable[[], bool] | None = None) -> Path:
    """Write ``stats`` to ``path`` (a few hundred rows: built in memory, saved once).

    Saved beside it first, then put in its place: a save that fails (the file open in
    Excel, a full disk) leaves no half-written workbook, and is said in Chinese."""
    from openpyxl import Workbook

    from .in_place import written_in_place

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's empty sheet
    wb.properties.creator = "BoostDesk"
    wb.properties.title = stats.title
    for table in tables(stats):
        _sheet(wb.create_sheet(table.sheet), stats, table)
    path = Path(path)
    try:
        with written_in_place(path) as part:
            wb.save(part)
            if cancelled is not None and cancelled():  # 取消 while it was written: no file
                raise ExportCancelled("已取消导出年度统计，未生成文件")
    except OSError as exc:
        raise StatisticsWriteError(cannot_write(path, exc)) from None
    return path


def _sheet(ws: Any, stats: YearStatistics, table: Table) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(table.columns))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(TITLE_ROW, 1, f"{stats.title}　{table.title}").font = Font(
        name="宋体", size=16, bold=True)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    note = f"；{table.note}" if table.note else ""
    ws.cell(DATE_ROW, 1, f"统计日期：{stats.as_of.isoformat()}（金额单位：元）{note}")
    ws.merge_cells(f"A{DATE_ROW}:{last}{DATE_ROW}")
    if note:  # said whole across the table's width, on two lines where it is narrow
        ws.cell(DATE_ROW, 1).alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[DATE_ROW].height = 32 if len(table.columns) > 8 else 64
    ws.row_dimensions[TITLE_ROW].height = 32
    ws.row_dimensions[HEADER_ROW].height = 48
    header_font = Font(name="宋体", size=11, bold=True)
    fill = PatternFill("solid", fgColor="D9E1F2")
    for j, col in enumerate(table.columns, start=1):
        c = ws.cell(HEADER_ROW, j, col.header)
        c.font, c.fill, c.border = header_font, fill, border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        width = col.width or (24 if j == 1 else 14 if col.money else 12 if col.text else 10)
        ws.column_dimensions[get_column_letter(j)].width = width
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="center")  # a name longer than its column
    middle = Alignment(vertical="center")  # the figures beside it
    for i, values in enumerate(table.rows):
        row = FIRST_DATA_ROW + i
        is_total = i == len(table.rows) - 1 or i in table.totals
        for j, (col, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            c = as_typed(ws.cell(row, j, yuan_value(cast(int, value)) if col.money else sheet_text(value)))
            c.border = border
            c.alignment = wrapped if isinstance(value, str) else middle
            if col.money:
                c.number_format = MONEY_FORMAT
            if is_total:
                c.font = bold
    landscape_a4(ws, freeze_row=FIRST_DATA_ROW, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 2)  # the union's name stays in view
