"""The year-end statistics (``boostdesk.statistics``) as a workbook: one sheet a table,
laid out as the summary tables are (title, frozen header, 小计 and 合计 bold and shaded, amounts in 元 to the
fen, A4 landscape)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from boostdesk.io.errors import ExportCancelled
from boostdesk.io.export_summary import MONEY_FORMAT, yuan_value
from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text
from boostdesk.os_errors import cannot_write
from boostdesk.statistics import Table, YearStatistics


class StatisticsWriteError(ValueError):
    """The workbook could not be written, said in Chinese with what to do."""


TITLE_ROW, DATE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
TOTAL_GREY = "D9D9D9"  # 小计 and 合计 rows, bold on this grey (as the PDF's, 85 %)


def write_statistics_xlsx(path: str | Path, stats: YearStatistics,
                          cancelled: Callable[[], bool] | None = None,
                          extra: Sequence[Table] = (), *, year_sheets: bool = True,
                          compared: YearStatistics | None = None) -> Path:
    """Write ``stats`` to ``path`` (a few hundred rows: built in memory, saved once),
    and after its sheets the ``extra`` tables' (年度对比, 按拨付日期).

    ``year_sheets`` False: the ``extra`` tables alone (``stats --paid-in 2023 --out``: the
    money paid in 2023 is no campaign year's; the newest year's sheets beside it were read
    as 2023's). Saved beside it first, then put in its place: a save that fails (the file open in
    Excel, a full disk) leaves no half-written workbook, and is said in Chinese."""
    from openpyxl import Workbook

    from .in_place import written_in_place

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's empty sheet
    wb.properties.creator = "BoostDesk"
    wb.properties.title = stats.title
    from boostdesk.stats_overview import year_tables

    # the 总览 first (``compared``: the other year beside it), as the handout's first page
    for table in [*(year_tables(stats, compared) if year_sheets else ()), *extra]:
        _sheet(wb.create_sheet(table.sheet), stats, table, alone=not year_sheets)
    path = Path(path)
    try:
        with written_in_place(path) as part:
            wb.save(part)
            if cancelled is not None and cancelled():  # 取消 while it was written: no file
                raise ExportCancelled("已取消导出年度统计，未生成文件")
    except OSError as exc:
        raise StatisticsWriteError(cannot_write(path, exc)) from None
    return path


def _sheet(ws: Any, stats: YearStatistics, table: Table, *, alone: bool = False) -> None:
    """One table's sheet; ``alone``: without the year's sheets, titled by itself (not by
    the year statistics', whose year is not its period's)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    widths = [col.width or (24 if j == 1 else 14 if col.money else 12 if col.text else 10)
              for j, col in enumerate(table.columns, start=1)]
    breaks = _printed_in_parts(ws, table, widths)
    # The title and the date line across the first printed page only: merged across every
    # part they were cut in pieces, one a page. A sheet printed in parts repeats its union
    # column on each page, so they start beside it (else its piece of them came again).
    first = table.repeat + 1 if breaks else 1
    span = sum(widths[first - 1:breaks[0] if breaks else len(widths)])
    left, last = get_column_letter(first), get_column_letter(breaks[0] if breaks else len(widths))
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    lines, size = title_lines([table.title] if alone else [stats.title, table.title], span)
    ws.cell(TITLE_ROW, first, "\n".join(lines)).font = Font(name="宋体", size=size, bold=True)
    ws.cell(TITLE_ROW, first).alignment = Alignment(horizontal="center", vertical="center",
                                                    wrap_text=True)
    ws.merge_cells(f"{left}{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = len(lines) * size * 1.5 + 8
    note = f"；{table.note}" if table.note else ""
    ws.cell(DATE_ROW, first, f"统计日期：{stats.as_of.isoformat()}（金额单位：元）{note}")
    ws.merge_cells(f"{left}{DATE_ROW}:{last}{DATE_ROW}")
    if note:  # said whole across the table's width, on as many lines as it takes
        ws.cell(DATE_ROW, first).alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[DATE_ROW].height = 15 * -int(-len(ws.cell(DATE_ROW, first).value)
                                                       * 2 // max(span, 1)) + 4
    ws.row_dimensions[HEADER_ROW].height = 48
    header_font = Font(name="宋体", size=11, bold=True)
    fill = PatternFill("solid", fgColor="D9E1F2")
    for j, col in enumerate(table.columns, start=1):
        c = ws.cell(HEADER_ROW, j, col.header)
        c.font, c.fill, c.border = header_font, fill, border
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = widths[j - 1]
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor=TOTAL_GREY)
    wrapped = Alignment(wrap_text=True, vertical="center")  # a name longer than its column
    middle = Alignment(vertical="center")  # the figures beside it
    for i, values in enumerate(table.rows):
        row = FIRST_DATA_ROW + i
        is_total = i == len(table.rows) - 1 or i in table.totals
        for j, (col, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            money = col.money and not isinstance(value, str)  # 年度对比's — of a year absent
            c = as_typed(ws.cell(row, j, yuan_value(cast(int, value)) if money
                                 else sheet_text(value)))
            c.border = border
            c.alignment = wrapped if isinstance(value, str) else middle
            if money:
                c.number_format = MONEY_FORMAT
            if is_total:
                c.font, c.fill = bold, shade
    landscape_a4(ws, freeze_row=FIRST_DATA_ROW, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, table.repeat + 1)  # the union's name in view
    if breaks:  # landscape_a4 fits the sheet to one page wide: printed in parts instead
        ws.sheet_properties.pageSetUpPr.fitToPage = False


# a character of the title at 16 pt is ~3.05 of the sheet's widths (16 pt = 5.6 mm, a width
# ~1.85 mm); a tenth spare for the reader's own rounding
TITLE_SIZE, TITLE_WIDTHS = 16, 3.05 * 1.1


def title_lines(pieces: list[str], span: float) -> tuple[list[str], int]:
    """A sheet's title as it is set across ``span`` widths: on one line where it fits at
    16 pt, else a line a piece (the year's title, the table's), each smaller if it must be,
    so it is never broken inside a word (B1 of a stream sheet printed “专利助推：按推荐 / 工会”)."""
    whole = "　".join(pieces)
    if len(whole) * TITLE_WIDTHS <= span:
        return [whole], TITLE_SIZE
    longest = max(len(p) for p in pieces)
    size = min(TITLE_SIZE, int(span * TITLE_SIZE / (longest * TITLE_WIDTHS)))
    return pieces, max(size, 9)


# A4 landscape less 12.7 mm margins each side; a table wider than a page at PRINT_SCALE
# is printed in parts, never smaller (fitted to one page wide, ~30 columns printed at
# ~45 %: unreadable)
PRINTABLE_MM = 297 - 2 * 12.7
PRINT_SCALE = 72
# Excel prints a column of width w at (7 w + 5) px at 96 dpi; LibreOffice (and so the PDF
# it makes of the workbook) ~25 % wider: the parts are cut for the wider
WIDER = 1.3


def column_mm(width: float) -> float:
    """A column ``width`` characters wide as printed at 100 %, the widest reader's."""
    return int(width * 7 + 5) * 25.4 / 96 * WIDER


def print_breaks(widths_mm: Sequence[float], groups: Sequence[int], repeat: int,
                 room: float) -> list[int]:
    """The columns (0-based) a printed page starts at, after the first. Each part
    (``groups``: their first columns) goes whole on the page where it fits beside the
    ``repeat`` columns printed again, else on a page of its own; a part wider than a page
    is cut in as few pages as it takes, evenly (not a full page and one column left), and
    the part after it starts a page of its own: a page holds whole parts, or one part's
    piece — never a part's last columns under the next one's title."""
    keys = sum(widths_mm[:repeat])
    space = room - keys
    starts = sorted({repeat, *(g for g in groups if g > repeat)})
    ends = [*starts[1:], len(widths_mm)]
    breaks: list[int] = []
    used = 0.0
    cut = False  # the part before was cut over pages: its last page is its own
    for start, end in zip(starts, ends, strict=True):
        part = sum(widths_mm[start:end])
        if used and not cut and used + part <= space:
            used += part
            continue
        if used:
            breaks.append(start)
        pages = max(1, -int(-part // space))  # ceil
        target, used, cut = part / pages, 0.0, pages > 1
        for j in range(start, end):
            if used and (used + widths_mm[j] > space or used + widths_mm[j] / 2 > target):
                breaks.append(j)
                used = 0.0
            used += widths_mm[j]
    return breaks


def _printed_in_parts(ws: Any, table: Table, widths: Sequence[float]) -> list[int]:
    """A table wider than a page at 100 % is printed at :data:`PRINT_SCALE` %, in parts:
    a page break before each, the union's column repeated on every page. Returns the
    breaks (0-based columns starting a page); [] for a table printed one page wide."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break, ColBreak

    mm = [column_mm(w) for w in widths]
    ws.page_margins.left = ws.page_margins.right = 0.5  # inches
    if sum(mm) <= PRINTABLE_MM:
        return []  # one page wide at 100 % (landscape_a4's fit to width shrinks nothing)
    room = PRINTABLE_MM * 100 / PRINT_SCALE
    found = print_breaks(mm, [g for _, g in table.groups], table.repeat, room)
    ws.page_setup.scale = PRINT_SCALE
    ws.print_title_cols = f"A:{get_column_letter(table.repeat)}"
    breaks = ColBreak()
    for j in found:
        breaks.append(Break(id=j))  # a break after column j (1-based): before j + 1
    ws.col_breaks = breaks
    return found
