"""A screen's list as shown (its filters, search, order or selection) written to a workbook:
a title, the columns' headings, one row a line. Amounts are numbers (Decimal yuan, shown
#,##0.00: they add up in Excel), a whole ISO date a date; every other cell text as shown,
a long number (a card, an ID) kept text so Excel does not read it as 6.2E+18."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from .errors import ExportCancelled

Cell = str | int | Decimal | date | None


@dataclass
class ShownList:
    title: str  # the sheet's first row: what the list is, its filters
    headers: Sequence[str]
    rows: list[Sequence[Cell]]
    money: frozenset[int] = frozenset()  # 0-based columns holding yuan (Decimal)
    widths: dict[int, int] = field(default_factory=dict)  # a column's width, where known
    footer: list[str] = field(default_factory=list)  # lines under the rows (the totals)
    sheet: str = "列表"


def fen_yuan(fen: int) -> Decimal:
    """Integer fen as the exact yuan a money cell holds."""
    return Decimal(fen) / 100


def write_list_xlsx(path: str | Path, shown: ShownList,
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> Path:
    """``shown`` to ``path`` (written beside and renamed in when whole). Streamed
    (openpyxl's write-only mode), the rows as text (io.fast_rows): held in memory cell by
    cell, 80,000 lines took ≈ 20 s. The same workbook as that one, cell for cell.
    openpyxl is imported here, not with the module: 拨付 imports this module, and
    openpyxl took ≈ 0.12 s of its first visit's 0.5 s (CPU, 100,000 lines)."""
    from copy import copy

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .export_summary import discard_streamed, save_streamed, streamed_workbook
    from .fast_rows import picked_rows_writer
    from .xlsx_layout import as_typed, landscape_a4, sheet_text

    wb = streamed_workbook()
    ws = wb.create_sheet(shown.sheet[:31])
    for j, header in enumerate(shown.headers, start=1):  # a streamed sheet's layout first
        width = shown.widths.get(j - 1) or max(8, min(40, 2 * len(header) + 4))
        ws.column_dimensions[get_column_letter(j)].width = width
    landscape_a4(ws, freeze_row=3, title_rows="2:2")
    title = WriteOnlyCell(ws, sheet_text(shown.title))
    title.font = Font(bold=True, size=13)
    ws.append([title])
    fill = PatternFill("solid", fgColor="D9E1F2")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    heads = []
    for header in shown.headers:
        head = WriteOnlyCell(ws, header)
        head.font, head.fill, head.alignment = Font(bold=True), fill, centred
        heads.append(head)
    ws.append(heads)

    palette = []  # PLAIN, MONEY, DAY, TEXT: a cell's format follows its value
    for fmt in (None, "#,##0.00", "yyyy-mm-dd", "@"):
        proto = WriteOnlyCell(ws)
        if fmt:
            proto.number_format = fmt
        palette.append(proto._style)  # type: ignore[attr-defined]  # StyleableObject's
    write = picked_rows_writer(ws, palette)
    total = len(shown.rows)
    try:
        for n, row in enumerate(shown.rows):
            if n % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                if progress is not None:
                    progress(n, total)
            values = [sheet_text(value) for value in row]
            picks = [_pick(j in shown.money, value) for j, value in enumerate(row)]
            if write is not None and write(values, picks):
                continue
            cells = []
            for value, pick in zip(values, picks, strict=True):
                made = as_typed(WriteOnlyCell(ws, value))
                if pick != PLAIN:
                    made._style = copy(palette[pick])
                cells.append(made)
            ws.append(cells)
        for line in shown.footer:
            ws.append([sheet_text(line)])
        if cancelled is not None and cancelled():
            raise ExportCancelled()
    except BaseException:
        discard_streamed(wb)
        raise
    path = Path(path)
    save_streamed(wb, path, cancelled)
    return path


PROGRESS_EVERY = 500  # rows between progress reports (and looks at 取消)
PLAIN, MONEY, DAY, TEXT = range(4)  # write_list_xlsx's cell formats


def _pick(money: bool, value: Cell) -> int:
    """A cell's format: a money column's amount #,##0.00, a date yyyy-mm-dd, a card or
    an ID typed as text (a long run of digits, else 6.2E+18)."""
    if money and isinstance(value, Decimal):
        return MONEY
    if isinstance(value, date):
        return DAY
    if isinstance(value, str) and value.isdigit() and len(value) > 11:
        return TEXT
    return PLAIN
