"""The year-end statistics (``boostdesk.statistics``) as a PDF for the leadership's
handout (``stats --out X.pdf``, 文件 → 导出年度统计…): A4 landscape, each table in the
parts it prints readably in (a stream's ~30 columns as 收件与审核, 助推与金额, 拨付, 档次,
the union's name beside each), its header repeated on every page, amounts as ¥1,234.00,
小计 and 合计 rows bold and shaded. Nothing is shrunk to fit: a part wider than the page is cut."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from boostdesk.models.campaign import title_head
from boostdesk.money import format_money
from boostdesk.statistics import Table, YearStatistics

from .common import (
    A4_LANDSCAPE,
    MARGIN,
    MM,
    Col,
    PagedTable,
    cn_date,
    cn_dates,
    draw_footer,
    new_canvas,
)
from .fonts import draw_string

SIZE = 8  # the tables' type: ~8 pt, as the other lists print
HEAD_H = 22 * MM  # the title and the table's heading above each page's table
ROOM_MM = 297 - 2 * 15  # A4 landscape less the margins
# the tables whose whole note is printed under them: the 总览 handed over, and the 年度对比
# (what each year's column counts to; the stream tables' long notes stay in the workbook)
WHOLE_NOTE = ("总览", "年度对比")
# 小计 and 合计: bold on 85 % grey (the lists' 96 % vanished on the office's printers)
TOTAL_FILL = (0.85, 0.85, 0.85)


def _width_mm(table: Table, j: int) -> float:
    col = table.columns[j]
    if col.key == "unit":
        return 50
    if col.key == "period":  # 2022年度（截至2022年12月31日）, 增减（2022年度较2021年度）
        return 62
    if col.key == "reason":
        return 95
    if col.text:
        return 24 if col.key in ("stream", "kind", "year", "payer", "tranche") else 40
    return 26 if col.money else 17


def column_parts(table: Table, room: float = ROOM_MM) -> list[tuple[str, list[int]]]:
    """The table's columns as printed pages side by side: (the part's name, its columns,
    the ``repeat`` key columns first). A part that fits whole beside the one before goes
    on its page; one wider than a page is cut where the page is full."""
    from boostdesk.io.export_statistics import print_breaks

    widths = [_width_mm(table, j) for j in range(len(table.columns))]
    keys = list(range(table.repeat))
    starts = [g for _, g in table.groups]
    cuts = [table.repeat, *print_breaks(widths, starts, table.repeat, room), len(widths)]
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        out.append(("、".join(_part_names(table.groups, a, b)), keys + list(range(a, b))))
    return out


def _part_names(groups: Sequence[tuple[str, int]], a: int, b: int) -> list[str]:
    """The names of the parts columns ``a`` to ``b`` belong to, each once; a part begun on
    a page before says 续."""
    named = []
    for k, (name, start) in enumerate(groups):
        end = groups[k + 1][1] if k + 1 < len(groups) else b
        if start < b and end > a:
            named.append(name + ("，续" if start < a else ""))
    return named


@dataclass
class _Section:
    heading: str
    table: PagedTable
    spans: list[Any]
    title: str  # the page's title: the year's plan, or the two years a 年度对比 sets side by side


def write_statistics_pdf(target: str | Path | IO[bytes], stats: YearStatistics,
                         extra: Sequence[Table] = (), *, printed_on: date | None = None,
                         invariant: bool = False, year_sheets: bool = True,
                         compared: YearStatistics | None = None) -> int:
    """Write the 总览 (``compared``: the other year beside it), the tables of ``stats`` and
    the ``extra`` ones (年度对比, 按拨付日期) to ``target``, each part from a new page;
    returns the number of pages.

    The year's own pages are titled by the year's plan; only a 年度对比's pages name the
    other year too (……（2024年与2022年对比）): a range 2022—2024 over the year's figures
    read as three campaigns' statistics."""
    printed_on = printed_on or date.today()
    w, h = A4_LANDSCAPE
    avail = h - MARGIN - HEAD_H - MARGIN
    title = stats.title
    if not year_sheets:  # the extra tables alone: their own titles, not the year's
        title = "；".join(t.title for t in extra)
    sections: list[_Section] = []
    from boostdesk.stats_overview import year_tables

    for table in [*(year_tables(stats, compared) if year_sheets else ()), *extra]:
        page_title = title
        others = [y for y in _years(table) if y != stats.year]
        if year_sheets and others:
            page_title = f"{title}（{stats.year}年与{'、'.join(f'{y}年' for y in others)}对比）"
        parts = column_parts(table)
        for k, (name, cols) in enumerate(parts):
            heading = table.title + (f"（{name}）" if len(parts) > 1 and name else "")
            if len(parts) > 1 and not name:
                heading += f"（{k + 1}/{len(parts)}）"
            paged = _paged(table, cols, _paid_note(stats, table, cols))
            sections.append(_Section(heading, paged, paged.layout(avail), page_title))
    total = sum(len(s.spans) for s in sections)
    canvas = new_canvas(target if not isinstance(target, str) else Path(target),
                        A4_LANDSCAPE, title, invariant=invariant)
    # the office whose figures they are (the year's plan names it), not the program
    issuer = title_head(stats.title)[0] or "BoostDesk"
    page = 0
    for s in sections:
        for i, span in enumerate(s.spans):
            page += 1
            top = h - MARGIN
            draw_string(canvas, w / 2, top - 7 * MM, s.title, 15, align="center", bold=True)
            draw_string(canvas, MARGIN, top - 16 * MM,
                        s.heading + ("（续）" if i else ""), 11, bold=True)
            draw_string(canvas, w - MARGIN, top - 16 * MM,
                        f"统计日期：{cn_date(stats.as_of)}　金额单位：元", 9, align="right")
            s.table.draw_page(canvas, MARGIN, top - HEAD_H, span, last=i == len(s.spans) - 1)
            draw_footer(canvas, A4_LANDSCAPE, page, total, left=issuer,
                        right=f"打印日期：{cn_date(printed_on)}")
            canvas.showPage()
    canvas.save()
    return total


def _years(table: Table) -> list[int]:
    """The years a 年度对比 table sets side by side (its headers say them), each once."""
    if table.sheet != "年度对比":
        return []
    return sorted({int(c.header[:4]) for c in table.columns if c.header[:4].isdigit()})


def _paid_note(stats: YearStatistics, table: Table, cols: list[int]) -> str:
    """Under a part with 已拨付: what of it was paid after the year's end, or the day the
    money is counted to (``stats --as-of``); under one with 收到申报 as of a day, which
    papers are counted (received by then); "" otherwise."""
    from boostdesk.statistics import later_paid_line, received_line, undated_line

    if table.sheet in WHOLE_NOTE:  # a page to hand over: what each column counts, said
        return f"注：{cn_dates(table.note)}"
    keys = {table.columns[j].key for j in cols}
    stream = {"专利助推": "patent", "创新项目助推": "project"}.get(table.sheet)
    if stats.cutoff is not None:
        parts: list[str] = []
        if "received" in keys:
            parts.append(received_line(stats))
            if stream and (line := undated_line(stats, stream)):
                parts.append(line)
        if "paid" in keys:
            parts.append(f"拨付、退汇、追回只计 {cn_date(stats.cutoff)}及以前的（截至该日），"
                        "核准和审核与助推阶段也按该日的情况")
        return f"注：{'；'.join(parts)}" if parts else ""
    if "paid" not in keys:
        return ""
    said = later_paid_line(stats, stream) if stream else ""
    return f"注：{cn_dates(said)}" if said else ""


def _paged(table: Table, cols: list[int], note: str = "") -> PagedTable:
    def cell(value: int | str, money: bool) -> str:
        return format_money(value) if money and isinstance(value, int) else str(value)

    pcols = [Col(table.columns[j].header, _width_mm(table, j),
                 "left" if table.columns[j].text else "right") for j in cols]
    rows = [[cell(r[j], table.columns[j].money) for j in cols] for r in table.rows]
    # 小计 rows stay in the body; the 合计 (the last) closes the table on its last page
    closing = []
    if note:  # under the table's 合计, on its last page, on as many lines as it takes
        from .canvas_text import wrap
        from .common import Part

        width = A4_LANDSCAPE[0] - 2 * MARGIN

        def said(line: str, first: bool) -> Any:
            return lambda c, y: draw_string(c, MARGIN, y - (6 if first else 4.5) * MM, line, 9)

        closing = [Part((8 if k == 0 else 4.5) * MM, said(line, k == 0))
                   for k, line in enumerate(wrap(note, width, 9))]
    return PagedTable(cols=pcols, rows=rows[:-1], size=SIZE, header_size=SIZE,
                      final_rows=rows[-1:], final_label_span=table.repeat,
                      final_fill=TOTAL_FILL, final_bold=True, marked=frozenset(table.totals),
                      closing_parts=closing)
