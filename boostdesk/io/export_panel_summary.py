"""评审汇总表 (``panel.score_summary``) as a workbook, for the chair to check with a
spreadsheet: every figure a number (an expert's total, 得分, 平均分, 标准差, the amount),
so that =AVERAGE() and =STDEV.P() over a row's expert columns give the table's 平均分 and
标准差（总体） (回避 and 未交 are text, which both skip); a total the trimmed mean drops is
shown in brackets by its number format, still a number. Under the table its notes, who
stood aside from what (回避登记), how each expert's scores came in (评分包交回) and the
signatures. A4 landscape, fitted to the width, the header row on every page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text
from boostdesk.os_errors import cannot_write
from boostdesk.panel.errors import PanelError
from boostdesk.panel.recusals import counted
from boostdesk.panel.score_summary import (
    CORRECTED,
    SCORE,
    PanelSummary,
    SummaryRow,
    notes,
    points,
    recusal_lines,
    return_lines,
)
from boostdesk.safety.privacy import mask_log_text

from .export_summary import MONEY_FORMAT

TITLE_ROW, STAGE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
LEADING = ("序号", "项目名称", "职工创新工作室", "登记号")
TRAILING = ("得分", "平均分", "标准差（总体）", "排名", "档次", "拟助推金额（元）", "状态", "备注")
WIDTHS_LEADING = (6, 34, 24, 8)
WIDTHS_TRAILING = (9, 9, 10, 6, 12, 14, 10, 44)
EXPERT_WIDTH = 10
HEADER_FILL, LEVEL_FILL, DROPPED_FILL = "D9E1F2", "EDEDED", "F2F2F2"
DROPPED_ONE, DROPPED_TWO = '"("0.0")"', '"("0.00")"'  # the value stays a number
SIGNING_PER_LINE = 3  # experts' names to sign beside, a row


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def write_panel_summary_xlsx(path: str | Path, summary: PanelSummary) -> Path:
    """Write the table to ``path`` (in place only once whole: ``written_in_place``)."""
    from openpyxl import Workbook

    from .in_place import written_in_place

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "评审汇总表"
    wb.properties.creator = "BoostDesk"
    wb.properties.title = summary.title
    _table(ws, summary)
    out = Path(path)
    try:
        with written_in_place(out) as part:
            wb.save(part)
    except OSError as exc:
        raise PanelError(cannot_write(out, exc)) from exc
    return out


def write_panel_summary(path: str | Path, summary: PanelSummary) -> Path:
    """The table as the file's suffix asks: .pdf to sign, else the workbook; written
    beside and put in place only once whole."""
    out = Path(path)
    if out.suffix.lower() != ".pdf":
        return write_panel_summary_xlsx(out, summary)
    from boostdesk.printing.panel_summary import write_panel_summary_pdf

    from .in_place import written_in_place

    try:
        with written_in_place(out) as part:
            write_panel_summary_pdf(part, summary)
    except OSError as exc:
        raise PanelError(cannot_write(out, exc)) from exc
    return out


def headers(summary: PanelSummary) -> list[str]:
    return [*LEADING, *summary.names, *TRAILING]


def _table(ws: Any, summary: PanelSummary) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    head = headers(summary)
    n = len(head)
    last = get_column_letter(n)
    widths = [*WIDTHS_LEADING, *[EXPERT_WIDTH] * len(summary.names), *WIDTHS_TRAILING]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrapped = Alignment(wrap_text=True, vertical="center")
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    ws.cell(TITLE_ROW, 1, summary.heading).font = Font(name="宋体", size=15, bold=True)
    ws.cell(TITLE_ROW, 1).alignment = centred
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 30
    stage = f"{summary.stage}　　制表日期：{summary.as_of.isoformat()}" + (
        f"　　制表人：{summary.operator}" if summary.operator else "")
    ws.cell(STAGE_ROW, 1, stage).alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(f"A{STAGE_ROW}:{last}{STAGE_ROW}")
    # wrapped over the table's width: a merged cell does not grow by itself
    ws.row_dimensions[STAGE_ROW].height = 15 * _lines(stage, sum(widths)) + 3
    for j, text in enumerate(head, start=1):
        c = ws.cell(HEADER_ROW, j, text)
        c.font, c.alignment, c.border = Font(bold=True), centred, border
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
    ws.row_dimensions[HEADER_ROW].height = 32

    row = FIRST_ROW
    level_fill = PatternFill("solid", fgColor=LEVEL_FILL)
    dropped_fill = PatternFill("solid", fgColor=DROPPED_FILL)
    for level, rows in summary.levels():
        c = ws.cell(row, 1, f"{level}（{len(rows)} 项）")
        c.font, c.fill = Font(bold=True), level_fill
        for j in range(1, n + 1):
            ws.cell(row, j).border = border
            ws.cell(row, j).fill = level_fill
        ws.merge_cells(f"A{row}:{last}{row}")
        row += 1
        for r in rows:
            _row(ws, row, r, border, wrapped, dropped_fill)
            row += 1
    landscape_a4(ws, freeze_row=FIRST_ROW, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.freeze_panes = f"C{FIRST_ROW}"  # the number and title in view beside the scores

    row += 1
    for k, line in enumerate(notes(summary)):
        row = _line(ws, row, ("注：" if k == 0 else "　　") + line, n, widths)
    row += 1
    row = _line(ws, row, f"回避登记（{counted(summary.recusals)}）", n, widths, bold=True)
    for k, line in enumerate(recusal_lines(summary) or ["无"], start=1):
        row = _line(ws, row, f"{k}. {line}" if summary.recusals else line, n, widths)
    row += 1
    row = _line(ws, row, "评分包交回与评分提交", n, widths, bold=True)
    for k, line in enumerate(return_lines(summary), start=1):
        row = _line(ws, row, f"{k}. {line}", n, widths)
    row += 1
    signing_from = row
    row = _line(ws, row, "评审组长签字：＿＿＿＿＿＿＿＿　　　　日期：　　　　年　　月　　日",
                n, widths, height=30)
    row = _line(ws, row, "评审专家签字：", n, widths, height=24)
    names = summary.names
    for at in range(0, len(names), SIGNING_PER_LINE):
        signing = "　　　　".join(f"{name}　＿＿＿＿＿＿＿＿" for name in names[at:at + SIGNING_PER_LINE])
        row = _line(ws, row, signing, n, widths, height=30)
    _signatures_whole(ws, signing_from, row - 1, widths)


def _row(ws: Any, row: int, r: SummaryRow, border: Any, wrapped: Any, dropped_fill: Any) -> None:
    from openpyxl.styles import Alignment

    values: list[Any] = [r.number, r.title, r.studio, r.ref]
    formats: dict[int, str] = {}
    for k, cell in enumerate(r.cells, start=len(values) + 1):
        if cell.kind == SCORE and cell.total is not None:
            values.append(_exact(cell.total))
            one = "." not in points(cell.total) or len(points(cell.total).split(".")[1]) == 1
            shown = (DROPPED_ONE if one else DROPPED_TWO) if cell.dropped else \
                ("0.0" if one else "0.00")
            formats[k] = _said_corrected(shown) if cell.corrected else shown
        else:
            values.append(cell.text or None)
    base = len(values)
    values += [_decimal(r.score_text), _decimal(r.mean_text), _decimal(r.sd_text), r.rank,
               r.tier_text, Decimal(r.decided_fen) / 100 if r.decided_fen else None, r.status,
               mask_log_text(r.note_text) or None]
    for k in (base + 1, base + 2, base + 3):
        formats[k] = "0.00"
    formats[base + 6] = MONEY_FORMAT
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    texts = {2: WIDTHS_LEADING[1], 3: WIDTHS_LEADING[2], len(values): WIDTHS_TRAILING[-1]}
    for j, value in enumerate(values, start=1):
        c = as_typed(ws.cell(row, j, sheet_text(value)))
        c.border = border
        # the texts wrapped in their columns, the figures centred under their names (the
        # amount to the right, its decimal points in line; 档次 wrapped where it is long)
        c.alignment = wrapped if j in texts else \
            Alignment(vertical="center") if j == base + 6 else centre
        if j in formats:
            c.number_format = formats[j]
    for k, cell in enumerate(r.cells, start=len(LEADING) + 1):
        if cell.dropped:
            ws.cell(row, k).fill = dropped_fill
    lines = max(_lines(str(values[j - 1] or ""), w)
                for j, w in {**texts, base + 5: WIDTHS_TRAILING[4]}.items())
    ws.row_dimensions[row].height = 15 * lines + 3


def _said_corrected(shown: str) -> str:
    """A total's number format with 更正 after it: inside its closing literal, if any
    (two quoted literals side by side would read as one with a quote in it)."""
    return f'{shown[:-1]}{CORRECTED}"' if shown.endswith('"') else f'{shown}"{CORRECTED}"'


def _exact(total: Fraction) -> Decimal | float:
    """An expert's total as a number: exact when it has a finite decimal (every total of the
    default grid, in tenths), else the nearest float (a spreadsheet holds no fraction)."""
    tenths = total * 100
    if tenths.denominator == 1:
        return Decimal(tenths.numerator) / 100
    return float(total)


def _line(ws: Any, row: int, text: str, n: int, widths: Sequence[float], *, bold: bool = False,
          height: float | None = None) -> int:
    """One line of text across the table, wrapped; returns the next row."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # the notes and recusal lines quote typed reasons: a phone, ID or card in one masked
    c = ws.cell(row, 1, sheet_text(mask_log_text(text)))
    c.alignment = Alignment(wrap_text=True, vertical="center")
    if bold:
        c.font = Font(bold=True)
    ws.merge_cells(f"A{row}:{get_column_letter(n)}{row}")
    ws.row_dimensions[row].height = height or 15 * _lines(text, sum(widths)) + 3
    return row + 1


def _lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a column ``width`` wide (a hanzi two of its units)."""
    from .xlsx_layout import wrapped_lines

    return wrapped_lines(text, width)


# A4 landscape inside openpyxl's default margins (0.7 inch a side, 0.75 top and bottom, the
# footer inside them), in points; a column's width unit is ≈ 7 pixels and 5 of padding.
PAGE_WIDE, PAGE_HIGH = 842 - 2 * 0.7 * 72, 595 - 2 * 0.75 * 72
DEFAULT_ROW = 15.0


def _signatures_whole(ws: Any, first: int, last: int, widths: Sequence[float]) -> None:
    """A page break before the signatures when the page they begin on would not hold them
    all: printed fitted to the width, the names to sign beside went on over a page holding
    nothing else but the repeated header. Where the pages end is worked out as the sheet is
    scaled to fit; a spreadsheet's own fonts may move it a line or two, the block is kept
    whole anyway when it is near the foot of a page."""
    from openpyxl.worksheet.pagebreak import Break

    scale = min(1.0, PAGE_WIDE / (sum(w * 7 + 5 for w in widths) * 0.75))
    room = PAGE_HIGH / scale  # of row heights, a page
    header = ws.row_dimensions[HEADER_ROW].height or DEFAULT_ROW

    def height(r: int) -> float:
        return ws.row_dimensions[r].height or DEFAULT_ROW

    used = 0.0
    for r in range(1, first):
        h = height(r)
        if used + h > room:
            used = header  # a new page, under the repeated header
        used += h
    block = sum(height(r) for r in range(first, last + 1))
    if used + block > room * 0.95 and header + block <= room:
        ws.row_breaks.append(Break(id=first - 1))
