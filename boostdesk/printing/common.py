"""What every printed document shares: masking, dates, cells, pages, tables split into pages.

Tables are paginated here rather than by platypus so that each page knows its own rows:
the header row is repeated on every page, a page can carry its own subtotal (本页小计), and
the page count (第 1 页 共 N 页) is known before the first page is drawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from boostdesk.safety import privacy

from .fonts import MAIN, draw_string, markup, register_fonts, string_width

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
A4_LANDSCAPE = (297 * MM, 210 * MM)
MARGIN = 15 * MM
GRID_GREY = (0.35, 0.35, 0.35)
HEADER_FILL = (0.90, 0.90, 0.90)
FOOTER_GREY = (0.35, 0.35, 0.35)

MASKED_NOTE = "身份证号、卡号已部分隐去"
FINANCE_NOTE = "财务联：含完整身份证号、卡号，请妥善保管"


# -- masking -------------------------------------------------------------------------
def mask_id(number: str) -> str:
    """110105194912310021 → 110105********0021, as everywhere (the one masking function)."""
    return privacy.mask_id(number)


def mask_card(number: str) -> str:
    """6214123456781234 → 6214 **** **** 1234: the one masking function's, in groups of four."""
    s = privacy.mask_card(number)
    if len(s) < 8:
        return s
    middle = s[4:-4]
    groups = [middle[i:i + 4] for i in range(0, len(middle), 4)]
    return " ".join([s[:4], *groups, s[-4:]])


def group_card(number: str) -> str:
    """The full card number in groups of four, as finance types it into the bank's form."""
    s = "".join(number.split())
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def shown_id(number: str, unmasked: bool) -> str:
    return "".join(number.split()) if unmasked else mask_id(number)


def shown_card(number: str, unmasked: bool) -> str:
    return group_card(number) if unmasked else mask_card(number)


def note_unmasked(reg: Any, document: str, year: int | None, to: str) -> bool:
    """Record in the audit trail that a copy with full ID and card numbers (finance's copy)
    left the register: which document, of which year, to where. A register open read-only
    (another BoostDesk writes it) cannot record it: False."""
    if getattr(reg, "read_only", False):
        return False
    with reg.transaction():
        reg.audit("export_unmasked", "documents", None, None,
                  {"document": document, "year": year, "to": to})
    return True


# -- dates ---------------------------------------------------------------------------
def cn_date(day: date | None) -> str:
    """2022年10月17日 (empty for no date)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# -- canvas and cells ----------------------------------------------------------------
def new_canvas(target: str | Path | IO[bytes], pagesize: tuple[float, float], title: str,
               *, invariant: bool = False, subject: str = ""):  # noqa: ANN201 - reportlab Canvas
    """A canvas whose every font is embedded: MAIN is its initial font, so no standard
    (non-embedded) font is ever named in the file. ``invariant`` makes the bytes
    reproducible (no creation time), for reference renderings."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    c = Canvas(target if not isinstance(target, Path) else str(target), pagesize=pagesize,
               initialFontName=MAIN, initialFontSize=10, invariant=int(invariant),
               pageCompression=1)
    c.setTitle(title)
    c.setAuthor("BoostDesk")
    c.setCreator("BoostDesk")
    if subject:
        c.setSubject(subject)
    return c


@lru_cache(maxsize=64)
def style(size: float = 9, align: str = "left", leading: float | None = None):  # noqa: ANN201
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    return ParagraphStyle(
        f"bd-{size}-{align}", fontName=MAIN, fontSize=size,
        leading=leading or round(size * 1.3, 1), wordWrap="CJK",
        alignment={"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}[align],
    )


def para(text: object, size: float = 9, align: str = "left"):  # noqa: ANN201
    """A wrapping cell: Chinese wraps between any two characters, fallback glyphs kept."""
    from reportlab.platypus import Paragraph

    return Paragraph(markup("" if text is None else str(text)).replace("\n", "<br/>"),
                     style(size, align))


def boxed(text: str, width: float, size: float, align: str = "left"):  # noqa: ANN201
    """:func:`para` for a cell ``width`` wide inside its padding. A closing mark the paragraph
    would hang past the end (、。”》 may not start a line) ran over the cell's rule: such a
    text is broken by :func:`wrap`, which brings the character before it down instead."""
    from .canvas_text import hangs, wrap

    if hangs(text, width, size):
        text = "\n".join(wrap(text, width, size))
    return para(text, size, align)


# One word of ASCII (a number, a code), or a phone with its extension (validate's 转123).
_FIGURE = re.compile(r"[\x21-\x7e]+(?:转\d+)?")
MIN_FIGURE_SIZE = 5.0  # a figure shrinks down to this before it would wrap
MIN_NAME_SIZE = 6.0  # a person's name down to this; a longer one wraps at the table's size
_SCRIPT_CHANGE = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3400-\u9fff])")


def figure_size(text: str, width: float, size: float) -> float:
    """The type size that keeps a figure (an amount) on one line within ``width``: a
    figure wrapped in two (9,999.9999 over 99) reads as another amount."""
    w = string_width(text, size)
    if w <= width:
        return size
    return max(MIN_FIGURE_SIZE, int(size * width / w * 0.98 * 10) / 10)


def fitting(text: str, width: float, size: float) -> float:
    """``size``, or smaller so that ``text`` fits ``width`` on one line (a title)."""
    w = string_width(text, size)
    return size if w <= width else int(size * width / w * 100) / 100


def fitted(text: str, width: float, size: float,
           min_size: float) -> tuple[float, list[str]]:
    """(size, lines) to draw ``text`` within ``width``: shrunk down to ``min_size``, then
    wrapped. For names: never cut, never drawn over their neighbours or the rules."""
    from .canvas_text import wrap

    w = string_width(text, size)
    if w <= width:
        return size, [text]
    smaller = max(min_size, int(size * width / w * 100) / 100)
    if string_width(text, smaller) <= width:
        return smaller, [text]
    return min_size, wrap(text, width, min_size)


def draw_footer(canvas, pagesize: tuple[float, float], page: int, pages: int,  # noqa: ANN001
                left: str = "", right: str = "") -> None:
    """第 i 页 共 N 页 at the bottom centre; ``left`` and ``right`` small notes beside it."""
    w = pagesize[0]
    y = MARGIN * 0.55
    canvas.saveState()
    canvas.setFillColorRGB(*FOOTER_GREY)
    draw_string(canvas, w / 2, y, f"第 {page} 页 共 {pages} 页", 9, align="center")
    if left:
        draw_string(canvas, MARGIN, y, left, 7.5)
    if right:
        draw_string(canvas, w - MARGIN, y, right, 7.5, align="right")
    canvas.restoreState()


# -- tables split into pages ---------------------------------------------------------
@dataclass(frozen=True)
class Col:
    header: str
    width_mm: float
    align: str = "left"  # left | center | right
    name: bool = False  # a person's name: set a little smaller rather than broken

    @property
    def width(self) -> float:
        return self.width_mm * MM


PAD = 2.5  # cell padding, points


def heading(text: str, width: float, size: float) -> str:
    """A column heading too wide for its column breaks before its unit, （元） on a line of
    its own: wrapped anywhere, 拟助推金额（ stood over 元）."""
    head, bracket, unit = text.rpartition("（")
    if (bracket and head and unit.endswith("）") and "\n" not in text
            and string_width(text, size) > width):
        return f"{head}\n（{unit}"
    return text


def row_height(cells: Sequence[Any], widths: Sequence[float]) -> float:
    h = 0.0
    for cell, w in zip(cells, widths, strict=True):
        _, ch = cell.wrap(w - 2 * PAD, 10_000)
        h = max(h, ch)
    return h + 2 * PAD


def paginate(heights: Sequence[float], avail: float, reserve_each: float,
             reserve_last: float) -> list[tuple[int, int]]:
    """Split rows of ``heights`` into pages of at most ``avail`` points.

    Every page keeps ``reserve_each`` free (header row, subtotal row); the last also has to
    hold ``reserve_last`` (totals, signatures): when it cannot, its last row moves to a new
    page with the closing block. Returns (start, end) index ranges; no rows still gives
    one page.
    """
    room = avail - reserve_each
    pages: list[tuple[int, int]] = []
    start, used = 0, 0.0
    for i, h in enumerate(heights):
        if used + h > room and i > start:
            pages.append((start, i))
            start, used = i, 0.0
        used += h
    pages.append((start, len(heights)))
    s, e = pages[-1]
    if used > room - reserve_last:
        if e - s >= 2 and heights[e - 1] <= room - reserve_last:
            pages[-1] = (s, e - 1)
            pages.append((e - 1, e))
        else:
            pages.append((e, e))
    return pages


def build_table(header: Sequence[Any], body: Sequence[Sequence[Any]], widths: Sequence[float],
                extra_rows: Sequence[Sequence[Any]] = (), spans: Sequence[tuple] = ()):  # noqa: ANN201
    """A platypus Table: grey header row, thin grid, extra rows (subtotals) shaded."""
    from reportlab.platypus import Table, TableStyle

    data = [list(header), *[list(r) for r in body], *[list(r) for r in extra_rows]]
    t = Table(data, colWidths=list(widths))
    n = len(data)
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), MAIN, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    if extra_rows:
        cmds.append(("BACKGROUND", (0, n - len(extra_rows)), (-1, -1), (0.96, 0.96, 0.96)))
    cmds.extend(spans)
    t.setStyle(TableStyle(cmds))
    return t


@dataclass
class PagedTable:
    """One document section: a table whose rows are spread over pages.

    ``title_block(canvas, page_index)`` draws what stands above the table on every page
    and returns the y where the table starts; ``closing`` draws under the table on the
    last page (totals in 大写, signatures) and needs ``closing_height`` points.
    """

    cols: Sequence[Col]
    rows: list[list[str]]
    size: float = 8.5
    values: list[int] | None = None  # money per row, for 本页小计
    subtotal_label: str = "本页小计"
    subtotal_col: int | None = None  # the amount column
    format_value: Callable[[int], str] | None = None
    final_rows: list[list[str]] = field(default_factory=list)  # e.g. 合计, on the last page
    closing: Callable[[Any, float], None] | None = None
    closing_height: float = 0.0
    header_size: float = 9
    final_label_span: int | None = None  # columns the label of a final row spans

    def cell(self, text: str, j: int) -> Any:
        """A cell of column ``j``. A figure — an amount (a right-aligned column), a phone,
        a patent or ID number — is set smaller rather than wrapped: 010-8357088 over 5
        reads as another number."""
        col = self.cols[j]
        size, width = self.size, col.width - 2 * PAD
        if col.align == "right" or _FIGURE.fullmatch(text):
            number, ext, rest = text.partition("转")
            if ext and string_width(text, size) > width:  # the extension on a line of its own
                text, size = f"{number}\n{ext}{rest}", figure_size(number, width, size)
            else:
                size = figure_size(text, width, size)
        elif col.name and string_width(text, size) > width:
            # 欧阳娜/娜 or 欧阳娜娜A/nna is not how a name is written: a little smaller, else
            # broken where its Chinese and Latin parts meet.
            smaller = figure_size(text, width, size)
            if smaller < MIN_NAME_SIZE:
                text = _SCRIPT_CHANGE.sub("\n", text)
                smaller = min(figure_size(part, width, size) for part in text.split("\n"))
            if smaller >= MIN_NAME_SIZE:
                size = smaller
        return boxed(text, width, size, col.align)

    def cells(self, row: Sequence[str]) -> list[Any]:
        return [self.cell(t, j) for j, t in enumerate(row)]

    def header_cells(self) -> list[Any]:
        return [boxed(heading(c.header, c.width - 2 * PAD, self.header_size),
                      c.width - 2 * PAD, self.header_size, "center") for c in self.cols]

    def layout(self, avail: float) -> list[tuple[int, int]]:
        """Pages as row ranges. Only the rows' heights are kept: a page's cells are made
        when it is drawn (20,000 rows of them held at once took 540 MB), and a text met
        again in its column (是, a date, a union) is measured once."""
        widths = [c.width for c in self.cols]
        measured: list[dict[str, float]] = [{} for _ in self.cols]

        def cell_height(text: str, j: int) -> float:
            h = measured[j].get(text)
            if h is None:
                _, h = self.cell(text, j).wrap(self.cols[j].width - 2 * PAD, 10_000)
                measured[j][text] = h
            return h

        heights = [max(map(cell_height, row, range(len(row))), default=0.0) + 2 * PAD
                   for row in self.rows]
        header_h = row_height(self.header_cells(), widths)
        sub_h = (self.size * 1.3 + 2 * PAD + 1) if self.values is not None else 0.0
        final_h = sum(row_height(self.cells(r), widths) for r in self.final_rows)
        return paginate(heights, avail, header_h + sub_h + 2, final_h + self.closing_height)

    def draw_page(self, canvas, x: float, top: float, span: tuple[int, int],  # noqa: ANN001
                  last: bool) -> float:
        widths = [c.width for c in self.cols]
        body = [self.cells(r) for r in self.rows[span[0]:span[1]]]
        extra: list[list[Any]] = []
        spans: list[tuple] = []
        if self.values is not None and self.subtotal_col is not None and self.format_value:
            sub = sum(self.values[span[0]:span[1]])
            row = [para("", self.size) for _ in self.cols]
            row[0] = para(self.subtotal_label, self.size, "center")
            row[self.subtotal_col] = self.cell(self.format_value(sub), self.subtotal_col)
            extra.append(row)
            r = 1 + len(body)
            if self.subtotal_col > 1:
                spans.append(("SPAN", (0, r), (self.subtotal_col - 1, r)))
        if last:
            for fr in self.final_rows:
                r = 1 + len(body) + len(extra)
                cells = self.cells(fr)
                width = self.final_label_span or self.subtotal_col or 1
                if width > 1 and not any(fr[1:width]):
                    spans.append(("SPAN", (0, r), (width - 1, r)))
                    # the label is set across the columns it spans, not broken to the first's
                    cells[0] = boxed(fr[0], sum(widths[:width]) - 2 * PAD, self.size,
                                     self.cols[0].align)
                extra.append(cells)
        table = build_table(self.header_cells(), body, widths, extra, spans)
        _, h = table.wrapOn(canvas, sum(widths), 10_000)
        table.drawOn(canvas, x, top - h)
        y = top - h
        if last and self.closing:
            self.closing(canvas, y)
        return y
