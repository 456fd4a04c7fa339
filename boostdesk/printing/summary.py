"""Summary tables (attachments 2 and 4) as a landscape PDF.

The header row is repeated on every page, each page says 第 i 页 共 N 页, and the last page
closes with the 合计 row and the award total in 大写.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from boostdesk.io.errors import ExportCancelled
from boostdesk.io.export_summary import (
    AWARD,
    PDF_HEADERS,
    Summary,
    cell_text,
    wan_exact,
    wan_places,
    wan_text,
)
from boostdesk.io.headers import NAME
from boostdesk.money import daxie, format_plain

from .common import (
    A4_LANDSCAPE,
    FINANCE_NOTE,
    MARGIN,
    MASKED_NOTE,
    MM,
    PAD,
    STEP_ROWS,
    Col,
    PagedTable,
    cn_date,
    copy_title,
    draw_footer,
    figure_size,
    new_canvas,
)
from .fonts import draw_string

TITLE_H = 20 * MM
SIZE = 7.5  # the table's type
CANCELLED = "已取消打印，未生成文件"
# A project table printed in 元 (wan_exact): its amounts are twice as many figures
# (12,000,000.00 for 1,200.00), the money columns wider by what the text columns give
YUAN_WIDER = {"total_budget_fen": 4, "requested_fen": 4, AWARD: 4,
              "title": -6, "studio_name": -3, "remarks": -3}


def write_summary_pdf(target: str | Path | IO[bytes], summary: Summary, *,
                      printed_on: date | None = None, invariant: bool = False,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> int:
    """Write the summary table to ``target``; returns the number of pages. A large year
    takes a while (80,000 rows ≈ 16 s, 6,805 pages): ``progress(pages drawn, pages)`` as
    it goes, and ``cancelled()`` stops it with :class:`ExportCancelled` before anything
    is written — asked from the start, as the rows' texts are made and laid out (seconds
    at 80,000 rows before the first page), not from the first page on."""

    def stop(_laid: int = 0) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled(CANCELLED)

    printed_on = printed_on or date.today()
    shown = [i for i, c in enumerate(summary.columns) if c.pdf_mm]  # the page's columns
    columns = [summary.columns[i] for i in shown]
    # 万元 as attachment 4 where every amount is whole 百元; else the table in 元 (wan_exact)
    wan = wan_exact(summary)
    unit = "万元" if wan else "元"
    wider = YUAN_WIDER if summary.wan and not wan else {}
    cols = [Col(PDF_HEADERS.get(c.header, c.header).replace("（万元）", f"（{unit}）"),
                c.pdf_mm + wider.get(c.field, 0), "right" if c.money else
                ("center" if c.kind in ("seq", "yes_no", "date") else "left"),
                name=c.kind == NAME)
            for c in columns]
    places = wan_places(summary) if wan else {}  # a 万元 column's figures at two decimals
    rows = []
    remarks = next((j for j, c in enumerate(columns) if c.field == "remarks"), None)
    for start in range(0, len(summary.rows), STEP_ROWS):
        stop()
        rows += [[cell_text(summary, c, row[i], places, wan)
                  for c, i in zip(columns, shown, strict=True)]
                 for row in summary.rows[start:start + STEP_ROWS]]
        if remarks is not None:  # why a withdrawn or closed paper stands so (no 审核理由 here)
            for k, note in enumerate(summary.notes[start:start + STEP_ROWS], start=start):
                if note:
                    rows[k][remarks] = "\n".join(x for x in (rows[k][remarks], note) if x)
    total_row = [f"合计（共 {len(rows)} 项）"] + [""] * (len(cols) - 1)
    for i, c in enumerate(columns):
        if c.money:
            total_row[i] = cell_text(summary, c, summary.totals[c.field], places, wan)
            # a column's figures at one size, that of its widest — at one count of
            # decimals, its longest (digits are all as wide) — so their points line up
            widest = max((row[i] for row in [*rows, total_row]), key=len)
            cols[i] = replace(cols[i], figures=figure_size(widest, cols[i].width - 2 * PAD,
                                                            SIZE))
    w, h = A4_LANDSCAPE

    def closing(canvas: Any, y: float) -> None:
        # The figure in the table's own unit, named beside it (附件4 reads in 万元).
        figure = (f"{wan_text(summary.award_total)} 万元" if wan
                  else f"{format_plain(summary.award_total)} 元")
        draw_string(canvas, MARGIN, y - 6 * MM,
                    f"核准助推金额合计：{figure}（{daxie(summary.award_total)}）", 10)
        draw_string(canvas, MARGIN, y - 14 * MM,
                    "制表：　　　　　　　　审核：　　　　　　　　负责人：", 10)

    table = PagedTable(cols=cols, rows=rows, size=SIZE, header_size=8, final_rows=[total_row], final_label_span=3,
                       closing=closing, closing_height=18 * MM)
    avail = h - MARGIN - TITLE_H - MARGIN
    pages = table.layout(avail, step=stop)
    canvas = new_canvas(target, A4_LANDSCAPE, copy_title(summary.title, summary.unmasked),
                        invariant=invariant)
    scope = "核准助推的申报" if summary.approved_only else "全部申报"
    for i, span in enumerate(pages, start=1):
        stop()
        if progress is not None:
            progress(i - 1, len(pages))
        top = h - MARGIN
        draw_string(canvas, w / 2, top - 7 * MM, summary.title, 16, align="center", bold=True)
        draw_string(canvas, MARGIN, top - 15 * MM,
                    f"范围：{summary.year}年度{scope}，共 {len(rows)} 项", 9)
        draw_string(canvas, w - MARGIN, top - 15 * MM,
                    f"金额单位：{unit}　打印日期：{cn_date(printed_on)}",
                    9, align="right")
        table.draw_page(canvas, MARGIN, top - TITLE_H, span, last=i == len(pages))
        draw_footer(canvas, A4_LANDSCAPE, i, len(pages), left="BoostDesk",
                    right=FINANCE_NOTE if summary.unmasked else MASKED_NOTE)
        canvas.showPage()
    canvas.save()
    if progress is not None:
        progress(len(pages), len(pages))
    return len(pages)
