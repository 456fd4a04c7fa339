"""评审汇总表 (``panel.score_summary``) as the PDF the panel's chair and experts sign: A4
landscape, the title and where the review stands atop every page; the scores' table level
by level with its header repeated on every page, then its notes, who stood aside from what
(回避登记), how each expert's scores came in (评分包交回) and the signatures — each part
going on under the one before while the page holds it. A panel too large for one page's
width prints its experts in parts (序号 and 项目名称 beside each), the results after the last."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, Any

from boostdesk.money import format_plain
from boostdesk.panel.recusals import counted
from boostdesk.panel.score_summary import (
    SD_HEADER,
    PanelSummary,
    SummaryRow,
    notes,
)
from boostdesk.safety.privacy import mask_log_text

from .canvas_text import wrap
from .common import (
    A4_LANDSCAPE,
    MARGIN,
    MM,
    Col,
    PagedTable,
    Part,
    Span,
    cn_date,
    draw_footer,
    fitting,
    leading,
    new_canvas,
    printed_by,
)
from .fonts import draw_string

SIZE = 8  # the tables' type
NOTE_SIZE = 8.5
TITLE_H = 19 * MM  # the title and the stage line's first line, every page
STAGE_SIZE = 9
SECTION_H = 7 * MM  # a part's heading above its table
WIDTH_MM = 297 - 2 * 15
LEFT_MM = (8, 40, 28)  # 序号, 项目名称, 职工创新工作室
RIGHT_MM = (12, 12, 14, 9, 22)  # 得分, 平均分, 标准差（总体）, 排名, 档次／拟助推金额
NOTE_MIN_MM = 40  # 备注, at least
EXPERT_MM = (10, 14)  # an expert's column, narrowest and widest
ONE_PART = 8  # experts printed beside the results on one page's width, at most
PART_EXPERTS = 12  # experts a part before the last holds
UNDER_REVIEW = ("专家评审", "资格审核通过")  # statuses a row's 备注 does not repeat
FOLLOW_ROWS = 3  # a part begun at a page's foot has at least these rows there
SIGN_ROW_H = 10 * MM
SIGN_PER_ROW = 4
SUB_NUMBERS = "一二三四五六七八九十"


def expert_parts(n: int) -> list[range]:
    """The experts' columns as printed side by side: all on one page's width up to
    ONE_PART, else parts of PART_EXPERTS and the rest (maybe none) with the results."""
    parts, at = [], 0
    while n - at > ONE_PART:
        parts.append(range(at, min(at + PART_EXPERTS, n)))
        at = parts[-1].stop
    parts.append(range(at, n))
    return parts


def _score_table(summary: PanelSummary, part: range, last: bool, rows: Sequence[SummaryRow],
                 closing: list[Part]) -> PagedTable:
    """One level's rows with the experts of ``part`` (and, ``last``, the results)."""
    names = summary.names
    left = [Col("序号", LEFT_MM[0], "center"), Col("项目名称", LEFT_MM[1]),
            Col("职工创新工作室", LEFT_MM[2])]
    if last:
        room = WIDTH_MM - sum(LEFT_MM) - sum(RIGHT_MM) - NOTE_MIN_MM
        each = max(EXPERT_MM[0], min(EXPERT_MM[1], room / max(len(part), 1)))
    else:  # the title wider, beside a full part
        each = EXPERT_MM[1] - 1
        left[1] = Col("项目名称", WIDTH_MM - LEFT_MM[0] - LEFT_MM[2] - each * len(part))
    cols = [*left, *(Col(names[k], each, "center", name=True) for k in part)]
    if last:
        cols += [Col("得分", RIGHT_MM[0], "center"), Col("平均分", RIGHT_MM[1], "center"),
                 Col(SD_HEADER, RIGHT_MM[2], "center"), Col("排名", RIGHT_MM[3], "center"),
                 Col("档次／拟助推金额（元）", RIGHT_MM[4], "center")]
        cols.append(Col("备注", WIDTH_MM - sum(c.width_mm for c in cols)))
    cells: list[list[str]] = []
    for r in rows:
        row = [str(r.number), r.title, r.studio, *(r.cells[k].text for k in part)]
        if last:
            # a row no list holds: the ranking's tier as text, no amount beside the awards'
            tier = r.tier_text.replace("：", "：\n") + (
                f"\n{format_plain(r.decided_fen)}" if r.decided_fen else "")
            # a decision's stage (拟助推, 公示, 核准…); under review it goes without saying
            # (a row to adopt again: its mark names the adopted tier)
            status = ([] if r.status in (r.tier, *UNDER_REVIEW) or r.readopt
                      else [f"现为{r.status}"])
            row += [r.score_text, r.mean_text, r.sd_text, r.rank_text, tier,
                    mask_log_text("；".join([*status, *r.notes]))]
        cells.append(row)
    return PagedTable(cols=cols, rows=cells, size=SIZE, header_size=SIZE,
                      closing_parts=closing)


def _text_parts(lines: Sequence[str], width: float, first: str = "",
                size: float = NOTE_SIZE) -> list[Part]:
    """``lines`` as closing parts, each wrapped to ``width``, ``first`` before the first
    (注：) and its width of indent before the others; a paragraph's first line never alone
    at a page's foot."""
    indent = draw_width(first, size)
    parts: list[Part] = []
    for k, text in enumerate(lines):
        wrapped = wrap(text, width - indent, size)
        for m, line in enumerate(wrapped):
            head = first if k == 0 and m == 0 else ""
            parts.append(Part(leading(size), _drawn(line, indent, head, size),
                              keep=m == 0 and len(wrapped) > 1))
    return parts


def draw_width(text: str, size: float) -> float:
    from .fonts import string_width

    return string_width(text, size) if text else 0.0


def _drawn(text: str, indent: float, head: str, size: float) -> Callable[[Any, float], None]:
    def draw(c: Any, y: float) -> None:
        if head:
            draw_string(c, MARGIN, y - size - 1, head, size)
        draw_string(c, MARGIN + indent, y - size - 1, text, size)
    return draw


def _list_table(cols: Sequence[Col], rows: list[list[str]], empty: str) -> PagedTable:
    if not rows:
        return PagedTable(cols=cols, rows=[], table=False,
                          closing_parts=_text_parts([empty], WIDTH_MM * MM))
    return PagedTable(cols=cols, rows=rows, size=SIZE, header_size=SIZE)


def _recusals(summary: PanelSummary) -> PagedTable:
    from boostdesk.models.records import PROJECT, id_ref
    from boostdesk.panel.recusals import AUTO, NEAR

    cols = (Col("序号", 8, "center"), Col("专家", 16, "center", name=True),
            Col("项目名称", 48), Col("登记号", 13, "center"), Col("回避理由", 82),
            Col("登记日期", 19, "center"), Col("登记人", 15, "center", name=True),
            Col("评分处理", 66))
    rows = [[str(k), x.expert, x.title, id_ref(PROJECT, x.project_id), mask_log_text(x.reason),
             x.day or ("无需登记" if x.kind in (AUTO, NEAR) else "（无）"), x.operator or "—", x.outcome]
            for k, x in enumerate(summary.recusals, start=1)]
    return _list_table(cols, rows, "本年度无回避登记。")


def _notes(summary: PanelSummary) -> list[str]:
    """The notes under the table, a phone, ID or card a typed reason quotes masked."""
    return [mask_log_text(n) for n in notes(summary)]


def _returns(summary: PanelSummary) -> PagedTable:
    """评分包交回, the signatures its closing: kept with its last rows, never on a page
    of their own."""
    cols = (Col("序号", 8, "center"), Col("专家", 16, "center", name=True),
            Col("交回方式", 18, "center"), Col("文件", 70), Col("交回（导入）时间", 28, "center"),
            Col("导入（录入）人", 25, "center", name=True), Col("项目数", 12, "center"),
            Col("说明", 90))
    rows = [[str(k), x.expert, x.way, x.file, x.day, x.operator, str(x.projects),
             mask_log_text(x.note)]
            for k, x in enumerate(summary.returns, start=1)]
    table = _list_table(cols, rows, "尚无专家交回评分。")
    table.closing_parts = [*table.closing_parts, Part(2 * MM), _signatures(summary)]
    return table


def _signatures(summary: PanelSummary) -> Part:
    names = summary.names
    rows = -(-len(names) // SIGN_PER_ROW)
    cell = WIDTH_MM * MM / SIGN_PER_ROW

    def draw(c: Any, y: float) -> None:
        draw_string(c, MARGIN, y - 8 * MM, "评审组长签字：＿＿＿＿＿＿＿＿＿＿　　　　日期：　　　　年"
                    "　　　月　　　日", 10.5)
        draw_string(c, MARGIN, y - 17 * MM, "评审专家签字：", 10.5)
        for k, name in enumerate(names):
            x = MARGIN + (k % SIGN_PER_ROW) * cell
            line_y = y - 17 * MM - (k // SIGN_PER_ROW + 1) * SIGN_ROW_H
            draw_string(c, x, line_y, f"{name}：", 10.5)
            c.setLineWidth(0.5)
            start = x + draw_width(f"{name}：", 10.5) + 2
            c.line(start, line_y - 2, x + cell - 8 * MM, line_y - 2)

    return Part(19 * MM + rows * SIGN_ROW_H, draw)


Piece = tuple[str, PagedTable, Span, bool]  # heading, table, its rows on the page, its last


def gap(heading: str) -> float:
    """The room a part's heading takes above it (the signatures have none)."""
    return SECTION_H if heading else 2 * MM


def _following(table: PagedTable, avail: float, left: float) -> list[Span] | None:
    """The part's pages when it goes on under the one before, whose page leaves ``left``
    points under it (its heading's room taken): None when it must begin a page (too
    little room for a few rows, or its closing — the signatures — would be cut off)."""
    first = left
    if first < 25 * MM:
        return None
    if not table.table and sum(p.height for p in table.parts()) > first:
        return None  # a notice (the signatures) whole under the part before, or not at all
    spans = table.layout(avail, first=first)
    lead = spans[0]
    if any(s.alone for s in spans):
        return None
    if table.table and lead.end - lead.start < min(FOLLOW_ROWS, len(table.rows)):
        return None
    return spans


def plan_pages(sections: Sequence[tuple[str, PagedTable]], avail: float) -> list[list[Piece]]:
    """Each page's pieces, the parts one under another (``avail``: a page's room under the
    title, each piece's heading taken from it)."""
    pages: list[list[Piece]] = []
    for heading, table in sections:
        spans = None
        if pages:
            left = avail - sum(gap(hd) + t.drawn_height(s, end) for hd, t, s, end in pages[-1])
            spans = _following(table, avail - gap(heading), left - gap(heading))
        joined = spans is not None
        if spans is None:
            spans = table.layout(avail - gap(heading))
        for k, span in enumerate(spans):
            piece = (heading if k == 0 else f"{heading}（续）" if heading else "", table, span,
                     k == len(spans) - 1)
            if joined and k == 0:
                pages[-1].append(piece)
            else:
                pages.append([piece])
    return pages


def write_panel_summary_pdf(target: str | Path | IO[bytes], summary: PanelSummary, *,
                            printed_on: date | None = None, invariant: bool = False) -> int:
    """Write the 评审汇总表 to ``target``; returns the number of pages."""
    printed_on = printed_on or date.today()
    w, h = A4_LANDSCAPE
    width = w - 2 * MARGIN
    parts = expert_parts(len(summary.names))
    sections: list[tuple[str, PagedTable]] = []
    levels = summary.levels()
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        which = "" if len(parts) == 1 else (
            f"（第 {k + 1} 部分，共 {len(parts)} 部分"
            + (f"：{summary.names[part.start]}至{summary.names[part.stop - 1]}）" if part
               else "：得分与档次）"))
        # a level a section: its heading never alone at a page's foot (plan_pages); the
        # levels numbered under 一 (（一）市级, （二）区级), not each headed 一 again
        for m, (level, rows) in enumerate(levels):
            closing = [Part(2 * MM), *_text_parts(_notes(summary), width, "注：")] \
                if last and m == len(levels) - 1 else []
            sub = f"（{SUB_NUMBERS[m % len(SUB_NUMBERS)]}）{level}（{len(rows)} 项）"
            heading = f"一、各专家评分与得分{which}　{sub}" if m == 0 else f"{sub}{which}"
            sections.append((heading, _score_table(summary, part, last, rows, closing)))
        if not levels:
            sections.append((f"一、各专家评分与得分{which}", _score_table(
                summary, part, last, [], _text_parts(_notes(summary), width, "注：")
                if last else [])))
    sections += [(f"二、回避登记（{counted(summary.recusals)}）", _recusals(summary)),
                 ("三、评分包交回与评分提交", _returns(summary))]
    stage = f"{summary.stage}　　制表日期：{cn_date(summary.as_of)}" + (
        f"　　制表人：{summary.operator}" if summary.operator else "")
    # the stage line wrapped at its size, not shrunk to one line: it says what is a draft
    stage_lines = wrap(stage, width, STAGE_SIZE)
    title_h = TITLE_H + (len(stage_lines) - 1) * leading(STAGE_SIZE)
    avail = h - 2 * MARGIN - title_h
    pages = plan_pages(sections, avail)
    canvas = new_canvas(target if not isinstance(target, str) else Path(target),
                        A4_LANDSCAPE, summary.title, invariant=invariant)
    for i, pieces in enumerate(pages, start=1):
        top = h - MARGIN
        draw_string(canvas, w / 2, top - 7 * MM, summary.heading,
                    fitting(summary.heading, width, 15), align="center", bold=True)
        for k, line in enumerate(stage_lines):
            draw_string(canvas, MARGIN, top - 14 * MM - k * leading(STAGE_SIZE), line,
                        STAGE_SIZE)
        y = top - title_h
        for heading, table, span, last in pieces:
            if heading:
                draw_string(canvas, MARGIN, y - 5 * MM, heading, 10.5, bold=True)
            y = table.draw_page(canvas, MARGIN, y - gap(heading), span, last=last)
        draw_footer(canvas, A4_LANDSCAPE, i, len(pages), left=printed_by(summary.federation, printed_on),
                    right=summary.title)
        canvas.showPage()
    canvas.save()
    return len(pages)
