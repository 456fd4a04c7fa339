"""Page layout shared by every sheet BoostDesk writes for printing."""

from __future__ import annotations

from typing import Any, cast

from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet


def landscape_a4(ws: Worksheet | WriteOnlyWorksheet, *, freeze_row: int, title_rows: str, page_footer: bool = True) -> None:
    """Frozen header, header rows repeated on every page, A4 landscape fitted to the width."""
    ws.freeze_panes = f"A{freeze_row}"  # a name, not a cell: streamed sheets have none
    ws.print_title_rows = title_rows
    sheet = cast(Worksheet, ws)  # a streamed sheet has these too; its stubs leave them out
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]  # made with the sheet
    if page_footer:
        sheet.oddFooter.center.text = "第 &P 页 共 &N 页"  # type: ignore[union-attr]  # as above


def sheet_text(value: Any) -> Any:
    """A value a worksheet can hold: a text without the control characters a workbook
    cannot (pasted from a PDF, or stored by an earlier version); openpyxl refuses the
    whole export over one of them."""
    if type(value) is str and ILLEGAL_CHARACTERS_RE.search(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def as_typed(cell: Cell | MergedCell) -> Any:
    """Keep a text that begins with "=" text: openpyxl writes it as a formula, which Excel
    shows as #NAME? (=同上) and the importer refuses. Returns the cell."""
    value = cell.value
    if type(value) is str and value.startswith("="):
        cell.data_type = "s"
    return cell


def wrapped_lines(text: str, width: float) -> int:
    """Lines a text wraps to in a column ``width`` characters wide (a hanzi two)."""
    import unicodedata

    usable = max(1.0, width - 1)
    total = 0
    for paragraph in text.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in paragraph)
        total += max(1, -(-int(units) // int(usable)))
    return total
