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
    """``shown`` to ``path`` (written beside and renamed in when whole). openpyxl is
    imported here, not with the module: 拨付 imports this module, and openpyxl took
    ≈ 0.12 s of its first visit's 0.5 s (CPU, 100,000 lines)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .in_place import written_in_place
    from .xlsx_layout import as_typed, landscape_a4, sheet_text

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the new workbook's empty sheet
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
    total = len(shown.rows)
    for i, row in enumerate(shown.rows, start=3):
        if i % 500 == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            if progress is not None:
                progress(i - 3, total)
        for j, value in enumerate(row):
            cell = as_typed(ws.cell(i, j + 1, sheet_text(value)))
            if j in shown.money and isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str) and value.isdigit() and len(value) > 11:
                cell.number_format = "@"  # a card or an ID typed as text
    r = len(shown.rows) + 3
    for line in shown.footer:
        ws.cell(r, 1, sheet_text(line))
        r += 1
    landscape_a4(ws, freeze_row=3, title_rows="2:2")
    if cancelled is not None and cancelled():
        raise ExportCancelled()
    path = Path(path)
    with written_in_place(path) as part:
        wb.save(part)
    return path
