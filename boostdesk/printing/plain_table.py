"""A table of text as a landscape PDF, header row on every page, numbered through the
file: the 修改记录 (audit trail) and the 目录 of a year's archive, which had no printed
form. Laid out by :class:`.common.PagedTable`, as every other table the program prints."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from boostdesk.io.errors import ExportCancelled

from .common import (
    A4_LANDSCAPE,
    MARGIN,
    MASKED_NOTE,
    MM,
    Col,
    PagedTable,
    draw_footer,
    fitting,
    new_canvas,
    printed_by,
)
from .fonts import draw_string

TITLE_H = 20 * MM
SIGNED_H = 12 * MM  # a line of signatures under the table
TOTALS_H = 9 * MM  # a line of totals (合计 in 大写) over them
STEP = 2_000  # rows made between looks at ``cancelled``
NOTE_SIZE, NOTE_MIN = 9, 8  # the note under the title: shrunk to 8 pt at most, then wrapped
NOTE_LEADING = 1.3  # its lines' spacing, × the size


def write_table_pdf(target: str | Path | IO[bytes], title: str, note: str,
                    cols: Sequence[Col], rows: Iterable[Sequence[str]], *,
                    printed_on: date | None = None, size: float = 7.5,
                    right: str = MASKED_NOTE, mark: str = "", signatures: str = "",
                    totals: str = "", issuer: str = "BoostDesk",
                    cancelled: Callable[[], bool] | None = None) -> int:
    """``rows`` under ``title`` and ``note`` (what it is, whose) on A4 landscape pages;
    returns the number of pages. ``mark`` (存档副本) in the footers; ``totals`` (a finance
    document's 合计 in 大写) in bold, then ``signatures`` (制表：… 审核：…), under the
    table's last row. ``issuer``: who the footer says printed it — the office, on a
    document leaving it (the archive's own 修改记录 and 目录: the program that kept them).
    ``cancelled()`` stops it with ExportCancelled. No cyclic garbage
    collection meanwhile: the collector's passes over 100,000 rows held, and the cells
    laid out, were ≈ 5 % of the 修改记录's (its lines, cells and strings make no cycles)."""
    from boostdesk.gc_pause import collector_paused

    with collector_paused():
        return _write(target, title, note, cols, rows, printed_on=printed_on, size=size,
                      right=right, mark=mark, signatures=signatures, totals=totals,
                      issuer=issuer, cancelled=cancelled)


def _write(target: str | Path | IO[bytes], title: str, note: str, cols: Sequence[Col],
           rows: Iterable[Sequence[str]], *, printed_on: date | None, size: float, right: str,
           mark: str, signatures: str, totals: str, issuer: str,
           cancelled: Callable[[], bool] | None) -> int:
    def stop(_laid: int = 0) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled("已取消，未生成文件")

    printed_on = printed_on or date.today()
    body: list[list[str]] = []
    for n, row in enumerate(rows):
        if n % STEP == 0:
            stop()
        body.append([str(x) for x in row])
    w, h = A4_LANDSCAPE
    line_w = w - 2 * MARGIN
    note_size, note_lines = note_layout(note, line_w)
    # the lines a long note takes beyond its one (the archive's 目录: the chain's statement)
    note_h = (len(note_lines) - 1) * note_size * NOTE_LEADING if note_lines else 0.0
    table = PagedTable(cols=list(cols), rows=body, size=size, header_size=8)
    # room for them under every page's rows
    signed_h = (SIGNED_H if signatures else 0.0) + (TOTALS_H if totals else 0.0)
    pages = table.layout(h - MARGIN - TITLE_H - note_h - MARGIN - signed_h, step=stop)
    canvas = new_canvas(target, A4_LANDSCAPE, title)
    for i, span in enumerate(pages, start=1):
        stop()
        top = h - MARGIN
        draw_string(canvas, w / 2, top - 7 * MM, title, fitting(title, line_w, 15),
                    align="center", bold=True)
        for n, line in enumerate(note_lines):
            draw_string(canvas, MARGIN, top - 15 * MM - n * note_size * NOTE_LEADING, line,
                        note_size)
        under = table.draw_page(canvas, MARGIN, top - TITLE_H - note_h, span,
                                last=i == len(pages))
        if totals and i == len(pages):
            draw_string(canvas, MARGIN, under - 7 * MM, totals, fitting(totals, line_w, 11),
                        bold=True)
            under -= TOTALS_H
        if signatures and i == len(pages):
            draw_string(canvas, MARGIN, under - 9 * MM, signatures, 10.5)
        draw_footer(canvas, A4_LANDSCAPE, i, len(pages),
                    left=printed_by(issuer, printed_on), right=right, mark=mark)
        canvas.showPage()
    canvas.save()
    return len(pages)


def note_layout(note: str, width: float) -> tuple[float, list[str]]:
    """(size, lines) of the note under the title: one line at 9 pt, or shrunk to no less
    than 8 pt, or wrapped at 8 pt (the 目录's, with the chain's statement, was shrunk to
    4 pt on one line: unreadable on paper)."""
    size = fitting(note, width, NOTE_SIZE)
    if size >= NOTE_MIN:
        return size, [note] if note else []
    from .canvas_text import wrap

    return NOTE_MIN, wrap(note, width, NOTE_MIN)


def trail_cols() -> list[Col]:
    """The 修改记录's columns, as its workbook's (序号 … 电脑), 267 mm across."""
    return [Col("序号", 11, "center"), Col("时间", 24), Col("操作人", 16, name=True),
            Col("年度", 10, "center"), Col("对象", 42), Col("操作", 26), Col("内容", 118),
            Col("电脑", 20)]
