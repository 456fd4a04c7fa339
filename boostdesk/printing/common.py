"""What every printed document shares: masking, dates, cells, pages, tables split into pages.

Tables are paginated here rather than by platypus so that each page knows its own rows:
the header row is repeated on every page, a page can carry its own subtotal (本页小计), and
the page count (第 1 页 共 N 页) is known before the first page is drawn. They are drawn
straight on the canvas (:func:`draw_table`), as platypus tables of paragraphs looked but
≈ 7× faster: a year's summary table is 80,000 rows.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, NamedTuple

from boostdesk.safety import privacy

from . import fonts as _fonts
from .fonts import MAIN, draw_string, markup, register_fonts, string_width

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
A4_LANDSCAPE = (297 * MM, 210 * MM)
MARGIN = 15 * MM
GRID_GREY = (0.35, 0.35, 0.35)
HEADER_FILL = (0.90, 0.90, 0.90)
FOOTER_GREY = (0.35, 0.35, 0.35)

MASKED_NOTE = "身份证号、卡号、电话已部分隐去"
FINANCE_NOTE = "财务联：含完整身份证号、卡号（电话已部分隐去），请妥善保管"
FINANCE_COPY = "财务联"


def copy_title(title: str, unmasked: bool) -> str:
    """A document's title as its file's properties give it (a PDF reader's title bar, a
    mail's attachment list): finance's copy says it is one."""
    return f"{title}（{FINANCE_COPY}）" if unmasked else title


# -- masking -------------------------------------------------------------------------
def mask_id(number: str) -> str:
    """110105194912310021 → 110105********0021, as everywhere (the one masking function)."""
    return privacy.mask_id(number)


def mask_card(number: str) -> str:
    """6214123456781234 → 6214 **** **** 1234: the one masking function's, in groups of four."""
    return privacy.mask_card_grouped(number)


def group_card(number: str) -> str:
    """The full card number in groups of four, as finance types it into the bank's form."""
    s = "".join(number.split())
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def shown_id(number: str, unmasked: bool) -> str:
    return "".join(number.split()) if unmasked else mask_id(number)


def shown_card(number: str, unmasked: bool) -> str:
    return group_card(number) if unmasked else mask_card(number)


def sheet_card(number: str, unmasked: bool) -> str:
    """A card number as a workbook's cell holds it: on finance's copy its digits alone (a
    bank's batch upload takes no spaces; the cell is text, so Excel keeps all 19 digits
    rather than 6.2E+18), masked on the others. Paper keeps the groups of four to read."""
    return "".join(ch for ch in number if ch.isdigit()) if unmasked else mask_card(number)


def shown_phone(number: str | None, unmasked: bool) -> str:
    """A telephone number as every copy shows it, finance's too: 138****8000 (as the pane
    and the audit trail show it). Finance pays to a name, an ID and a card; a phone it
    does not need (the privacy officer counted 23 whole on one 财务联)."""
    del unmasked  # (finance's copy masks it as well)
    if not number:
        return ""
    return privacy.mask_phone(number)


def shown_text(text: str | None, unmasked: bool) -> str | None:
    """Free text (备注) as a copy shows it: an ID, card or mobile number quoted in it masked
    on every copy but finance's, which keeps the ID and card (原卡号 … 已挂失) and masks a
    mobile number as its 联系电话."""
    if not text:
        return text
    return privacy.mask_mobiles(text) if unmasked else privacy.mask_log_text(text)


def note_unmasked(reg: Any, document: str, year: int | None, to: str,
                  job: dict[str, Any] | None = None) -> bool:
    """Record in the audit trail that a copy with full ID and card numbers (finance's copy)
    left the register: which document, of which year, to where; ``job``: an official
    document's print line (``print_log.PrintJob.doc``), the papers on it, in the same
    line (one line a job). A register open read-only (another BoostDesk writes it)
    cannot record it: False."""
    if getattr(reg, "read_only", False):
        return False
    with reg.transaction():
        reg.audit("export_unmasked", "documents", None, None,
                  {**(job or {}), "document": document, "year": year, "to": to})
    return True


def unrecorded_refusal(reg: Any, masked_copy: str = "不加 --unmasked") -> str:
    """Why finance's copy is not made from a register open read-only, and what to do;
    ``masked_copy``: how the masked copy is asked for instead."""
    why = getattr(reg, "why", "") or "登记册不能写入"
    if getattr(reg, "holder", None) is not None:
        todo = ("请关闭那个 BoostDesk 窗口后重试，或在那个窗口中生成财务联（“打印”中勾选“财务联”），"
                "由它记入审计记录")
    else:
        todo = "请在登记册可以写入时重试"
    return (f"{why}，本次只读：财务联含完整身份证号、卡号，每一份都须记入审计记录（谁、何时、"
            f"存到哪里），只读时无法记入，未生成财务联。{todo}。部分隐去号码的一联（{masked_copy}）"
            "可以照常生成")


# -- dates ---------------------------------------------------------------------------
def cn_date(day: date | None) -> str:
    """2022年10月17日 (empty for no date)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# An ISO day in a sentence (not inside a longer run of digits and dashes, nor quoted as
# typed: “2023-03-15”), with the blank after it when Chinese follows (已于 2023年2月20日拨付,
# as the documents write cn_date) and the one before it in a range (2021年1月1日至2021年12月31日)
_ISO_IN_TEXT = re.compile(
    r"(?:(?<=至) )?(?<![0-9\-“])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?![0-9\-”])(?: (?=[^\x00-\x7f]))?")


def cn_dates(text: str) -> str:
    """``text`` with each ISO day in it said as :func:`cn_date` (2023-03-15 → 2023年3月15日),
    the blank between it and Chinese dropped: a rule's or a reason's words, shared with the
    screens (which say them in ISO), as a document leaving the office prints them."""
    def said(m: re.Match[str]) -> str:
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:  # no day (2023-02-30): left as written
            return m[0]
        return cn_date(day)

    return _ISO_IN_TEXT.sub(said, text) if "-" in text else text


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
    text is broken by :func:`wrap`, which brings the character before it down instead, as
    is one the paragraph would end with a lone character (有限公 / 司)."""
    from .canvas_text import hangs, widowed, wrap

    if hangs(text, width, size) or widowed(text, width, size):
        text = "\n".join(wrap(text, width, size))
    return para(text, size, align)


# One word of ASCII (a number, a code), or a phone with its extension (validate's 转123).
_FIGURE = re.compile(r"[\x21-\x7e]+(?:转\d+)?")
MIN_FIGURE_SIZE = 5.0  # a figure shrinks down to this before it would wrap
MIN_NAME_SIZE = 6.0  # a person's name down to this; a longer one wraps at the table's size
_SCRIPT_CHANGE = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3400-\u9fff])")


def _at_dot(name: str, width: float, size: float) -> tuple[str, float] | None:
    """A transliterated name too long for one line even at MIN_NAME_SIZE, in two lines
    broken at a middle dot (阿卜杜热合曼 / ·买买提明, the dot ending the first line or
    starting the second, whichever sets larger), both at the one size that fits them,
    MIN_NAME_SIZE at least: None when no break does (it wraps as any text). Broken
    anywhere it read 阿卜杜热 / 合曼·买买 / 提明 — three words none of which is a name."""
    best: tuple[str, float] | None = None
    for i, ch in enumerate(name):
        if ch != "·" or not 0 < i < len(name) - 1:
            continue
        for parts in ((name[:i + 1], name[i + 1:]), (name[:i], name[i:])):
            fit = min(figure_size(part, width, size) for part in parts)
            if fit >= MIN_NAME_SIZE and all(measure(p, fit) <= width for p in parts) and (
                    best is None or fit > best[1]):
                best = ("\n".join(parts), fit)
    return best


def figure_size(text: str, width: float, size: float) -> float:
    """The type size that keeps a figure (an amount) on one line within ``width``: a
    figure wrapped in two (9,999.9999 over 99) reads as another amount."""
    w = measure(text, size)
    if w <= width:
        return size
    return max(MIN_FIGURE_SIZE, int(size * width / w * 0.98 * 10) / 10)


@lru_cache(maxsize=1)
def _main_font() -> Any:
    from reportlab.pdfbase.pdfmetrics import getFont

    register_fonts()
    return getFont(MAIN)


# The last text measured, its size and width: a table's cell is measured for its size
# (:meth:`PagedTable.sized`) and then at that size again for its lines (:func:`lay`).
# One tuple, replaced whole, so that two threads printing never read a mixed one.
_last_measured: tuple[str, float, float] = ("", 0.0, 0.0)


def measure(text: str, size: float) -> float:
    """:func:`fonts.string_width`, the same figure, without its layers for a text the main
    font draws whole: nearly every cell of a summary table (80,000 rows of 16 cells) is
    measured, several times over before this."""
    global _last_measured
    last_text, last_size, last_width = _last_measured
    if size == last_size and text == last_text:
        return last_width
    if text and _fonts._main_chars.issuperset(text):
        width = _main_font().stringWidth(text, size)
    else:
        width = string_width(text, size)
    _last_measured = (text, size, width)
    return width


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


def page_number(page: int, pages: int) -> str:
    """The one way every document numbers its pages: 第 4 页 共 18 页 (of the whole file)."""
    return f"第 {page} 页 共 {pages} 页"


def printed_by(issuer: str, day: date) -> str:
    """A document's footer note: the office issuing it and the day it was printed
    (北京市总工会 打印于 2026年12月6日). A document leaving the office names the office,
    not the program it was made with."""
    return f"{issuer} 打印于 {cn_date(day)}"


def draw_footer(canvas, pagesize: tuple[float, float], page: int, pages: int,  # noqa: ANN001
                left: str = "", right: str = "", *, part: str = "", mark: str = "") -> None:
    """第 i 页 共 N 页 (of the whole file) at the bottom centre, ``part`` after it (a
    payer's own pages of a file of several: （本单位第 1 页 共 3 页）); ``left`` and
    ``right`` small notes beside it; ``mark`` (补打（首次打印于 …）, 存档副本) over the left
    note, in black."""
    w = pagesize[0]
    y = MARGIN * 0.55
    canvas.saveState()
    if mark:
        draw_string(canvas, MARGIN, y + 9.5, mark, 8.5)
    canvas.setFillColorRGB(*FOOTER_GREY)
    draw_string(canvas, w / 2, y, page_number(page, pages) + part, 9, align="center")
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
    # every figure of the column at this size (that of its widest): one shrunk to fit
    # alone would put its decimal point out of line with the others'
    figures: float | None = None

    @property
    def width(self) -> float:
        return self.width_mm * MM


PAD = 2.5  # cell padding, points
CONTINUED = "续"  # under 序号, atop a page going on with the row the page before split
LAID_KEPT = 2_000  # texts of a column kept laid out (PagedTable.laid)
STEP_ROWS = 256  # PagedTable.layout's ``step`` is called before each run of this many rows


def heading(text: str, width: float, size: float) -> str:
    """A column heading too wide for its column breaks before its unit, （元） on a line of
    its own: wrapped anywhere, 拟助推金额（ stood over 元）."""
    head, bracket, unit = text.rpartition("（")
    if (bracket and head and unit.endswith("）") and "\n" not in text
            and string_width(text, size) > width):
        return f"{head}\n（{unit}"
    return text


class Span(NamedTuple):
    """A page's rows, ``start`` to ``end``. A row taller than a page is split over pages:
    ``head`` (each cell's first line) when the page's first row goes on from the page
    before, ``tail`` (each cell's end line) when its last row goes on to the next.

    :meth:`PagedTable.layout` also says what of the closing each page carries: ``final``
    the final rows (合计; None: the caller's ``last`` decides), ``closing`` the parts
    ``a`` to ``b`` of the closing under them, and ``alone`` a page of the closing alone
    (no table, no 本页小计: a line saying it goes on from the page before heads it)."""

    start: int
    end: int
    head: tuple[int, ...] | None = None
    tail: tuple[int, ...] | None = None
    final: bool | None = None
    closing: tuple[int, int] | None = None
    alone: bool = False


class Part(NamedTuple):
    """A piece of what closes a table (the totals, a line of a note, the signatures):
    ``draw(canvas, y)`` draws it from ``y`` down within ``height`` points. The pieces go
    one under another after the table, on as many pages as they take, in order; a piece
    is never cut (a line of text, the signature block)."""

    height: float
    draw: Callable[[Any, float], None] | None = None  # None: a gap
    # never the last on a page: a paragraph's first line, the line before the signatures
    keep: bool = False


CONTINUED_PAGE = "（续上页）"
# 本页小计 of a page holding only pieces of a row begun on the page before, whose amount
# that page's subtotal counts: the pages' subtotals still add up to 合计
CONTINUED_SUBTOTAL = "本页小计：续上页，金额已计入上页小计"
CONTINUED_H = 18.0  # the line heading a page of the closing alone


# A tall row's pieces for (row, room on this page, room on a page): each cell's end line
# after each piece, and the piece's height; [] when this page holds too little to begin it.
Split = Callable[[int, float, float], list[tuple[tuple[int, ...], float]]]


def paginate(heights: Sequence[float], avail: float, reserve_each: float,
             reserve_last: float, split: Split | None = None,
             first: float | None = None) -> list[Span]:
    """Split rows of ``heights`` into pages of at most ``avail`` points (the first page
    ``first``, when a title block above the table there leaves it less).

    Every page keeps ``reserve_each`` free (header row, subtotal row); the last also has to
    hold ``reserve_last`` (totals, signatures): when it cannot, its last row moves to a new
    page with the closing block. A row taller than a page is cut into pieces by ``split``
    (without it, it would run past the page's bottom), and so is a first row taller than
    the first page's room; one that cannot even begin there leaves that page to the
    header alone. No rows still gives one page.
    """
    room = avail - reserve_each
    here = room if first is None else min(first, avail) - reserve_each  # this page's
    pages: list[Span] = []
    start, used, head = 0, 0.0, None

    def turn(at: int) -> None:  # the page ends before row ``at``
        nonlocal start, used, head, here
        pages.append(Span(start, at, head))
        start, used, head, here = at, 0.0, None, room

    for i, h in enumerate(heights):
        if used + h > here and i > start and (h <= room or split is None):
            turn(i)
        if used + h <= here or split is None:
            used += h
            continue
        # taller than a page, or than the first page's room: cut into pieces
        pieces = split(i, here - used, room if h > room else here)
        if not pieces and (i > start or here < room):  # too little left here to begin it
            turn(i)
            if h <= room:
                used = h
                continue
            pieces = split(i, here, room)
        # a page too small for a line of it (never at A4): whole, as it was
        *before, (_, last_h) = pieces or [((), h)]
        for ends, _ in before:
            pages.append(Span(start, i + 1, head, ends))
            start, head, here = i, ends, room
        used = last_h if before else used + last_h
    pages.append(Span(start, len(heights), head))
    s, e = start, len(heights)
    if used > here - reserve_last:
        if e - s >= 2 and heights[e - 1] <= room - reserve_last:
            pages[-1] = Span(s, e - 1, head)
            pages.append(Span(e - 1, e))
        else:
            pages.append(Span(e, e))
    return pages


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
    # how the final rows (and the body rows ``marked``: a table's 小计) stand out: the
    # statistics' handout prints them bold on a grey an office printer keeps
    final_fill: tuple[float, float, float] = (0.96, 0.96, 0.96)
    final_bold: bool = False
    marked: frozenset[int] = frozenset()
    # the closing as pieces that may go on over pages (a long note); ``closing`` and
    # ``closing_height`` are one piece
    closing_parts: list[Part] = field(default_factory=list)
    continued: str = CONTINUED_PAGE  # heads a page of the closing alone
    # False: no table at all, only the closing's parts — a notice (a payer whose every
    # line is held has nothing to list: no header, no 0 笔, no 合计 ¥0.00 to sign)
    table: bool = True
    _shared: Any = field(default=None, init=False, repr=False, compare=False)
    _laid: list[dict[str, Laid]] = field(default_factory=list, init=False, repr=False,
                                         compare=False)
    # What :meth:`layout` found, for drawing the pages without laying the cells out again:
    # the rows it laid out; a bit a cell (a row's bits in one number), set for a cell laid
    # as :func:`_plain_cell` lays it (one line as written at the column's size: most);
    # and each column's other texts as laid (a title in lines, a name set smaller).
    _found: tuple[list[list[str]], array[int] | None, list[dict[str, Laid]]] | None = field(
        default=None, init=False, repr=False, compare=False)
    # each row's height as :meth:`layout` measured it: laid out again for other room (a
    # section tried under the one before, then on a page of its own), not measured again
    _heights: list[float] = field(default_factory=list, init=False, repr=False, compare=False)
    _header: tuple[tuple[Any, ...], list[Laid]] | None = field(default=None, init=False,
                                                               repr=False, compare=False)
    _spec: list[tuple[float, str, float]] | None = field(default=None, init=False,
                                                         repr=False, compare=False)

    def cell(self, text: str, j: int) -> Any:
        """A cell of column ``j`` as the platypus paragraph it was printed as before tables
        were drawn on the canvas: what :meth:`laid` is checked against (tests)."""
        text, size = self.sized(text, j)
        col = self.cols[j]
        return boxed(text, col.width - 2 * PAD, size, col.align)

    def laid(self, text: str, j: int, *, not_one_line: bool = False) -> Laid:
        """A cell of column ``j`` as it is drawn: the lines :meth:`cell` would wrap to.
        A text met again in its column (是, a date, a union) is laid out once; only the
        first LAID_KEPT texts of a column are kept, since a title or an ID number seldom
        comes again and 80,000 rows of them would be held to no use. ``not_one_line``:
        :meth:`_one_line` said None already (not asked again)."""
        if not self._laid:
            self._laid = [{} for _ in self.cols]
        kept = self._laid[j]
        found = kept.get(text)
        if found is None:
            found = None if not_one_line else self._one_line(text, j)
            if found is None:
                shown, size = self.sized(text, j)
                col = self.cols[j]
                found = lay(shown, col.width - 2 * PAD, size, col.align)
            if len(kept) < LAID_KEPT:
                kept[text] = found
        return found

    def _one_line(self, text: str, j: int) -> Laid | None:
        """:meth:`laid`'s answer for a cell that is one line as written at its column's
        size (most: an ID number, a date, a short name), told by measuring it once — or
        None, for :meth:`sized` and :func:`lay` to tell. The cell's size is the column's
        (:meth:`sized` shrinks only a text too wide, and splits a phone's extension,
        转, only then); its text is as :func:`lay` would write it (white space run together)
        and fits: lay would keep it one line."""
        col = self.cols[j]
        size, align, spacing = self._specs()[j]
        # a figure in another column is sized at Col.figures too (sized)
        if (col.align == "right" or (col.figures or self.size) == size) and "转" not in text \
                and text == " ".join(text.split()) and measure(text, size) <= col.width - 2 * PAD:
            return _plain_cell(text, size, align, spacing)
        return None

    def sized(self, text: str, j: int) -> tuple[str, float]:
        """(text, size) of a cell of column ``j``. A figure — an amount (a right-aligned
        column), a phone, a patent or ID number — is set smaller rather than wrapped:
        010-8357088 over 5 reads as another number."""
        col = self.cols[j]
        size, width = self.size, col.width - 2 * PAD
        if col.align == "right" or _FIGURE.fullmatch(text):
            number, ext, rest = text.partition("转")
            if ext and measure(text, size) > width:  # the extension on a line of its own
                text, size = f"{number}\n{ext}{rest}", figure_size(number, width, size)
            else:
                size = figure_size(text, width, col.figures or size)
        elif col.name and measure(text, size) > width:
            # 欧阳娜/娜 or 欧阳娜娜A/nna is not how a name is written: a little smaller, else
            # broken at its middle dot or where its Chinese and Latin parts meet.
            smaller = figure_size(text, width, size)
            dotted = _at_dot(text, width, size) if smaller < MIN_NAME_SIZE else None
            if dotted is not None:
                return dotted
            if smaller < MIN_NAME_SIZE:
                text = _SCRIPT_CHANGE.sub("\n", text)
                smaller = min(figure_size(part, width, size) for part in text.split("\n"))
            if smaller >= MIN_NAME_SIZE:
                size = smaller
        return text, size

    def header_cells(self) -> list[Any]:
        """The header row as platypus paragraphs (see :meth:`cell`)."""
        return [boxed(heading(c.header, c.width - 2 * PAD, self.header_size),
                      c.width - 2 * PAD, self.header_size, "center") for c in self.cols]

    def header_laid(self) -> list[Laid]:
        key = (*self.cols, self.header_size)  # laid once, not on each of 1,700 pages
        if self._header is None or self._header[0] != key:
            self._header = (key, [lay(heading(c.header, c.width - 2 * PAD, self.header_size),
                                      c.width - 2 * PAD, self.header_size, "center")
                                  for c in self.cols])
        return list(self._header[1])

    def _specs(self) -> list[tuple[float, str, float]]:
        """Each column's (size, alignment, leading) for a cell of one line as written: a
        right-aligned column's figures at its own size (:attr:`Col.figures`)."""
        if self._spec is None:  # like _laid, once: the columns are set by then
            sizes = [(c.figures or self.size) if c.align == "right" else self.size
                     for c in self.cols]
            self._spec = [(size, c.align, leading(size))
                          for size, c in zip(sizes, self.cols, strict=True)]
        return self._spec

    def layout(self, avail: float, first: float | None = None, *,
               step: Callable[[int], None] | None = None) -> list[Span]:
        """Pages as row ranges, each ``avail`` points high (the first ``first``). A text
        met again in its column (是, a date, a union) is measured once. Not every cell is
        kept as laid (20,000 rows of them held at once took 540 MB): a cell of one line as
        written at its column's size — most — is kept as one bit, and drawing a page makes
        it again unmeasured; the others (a title in lines, a name set smaller) are kept
        as laid, each text once. A row taller than a page (a title or remark of thousands
        of characters) is split over pages (:meth:`pieces`). ``step(rows laid so far)``
        is called before every :data:`STEP_ROWS` rows: a cancelled document raises there
        (80,000 rows take seconds to lay out, before the first page is drawn)."""
        if not self.table:
            return self._notice(avail, first)
        if (self._found is None or self._found[0] is not self.rows
                or len(self._heights) != len(self.rows)):
            self._heights = self._measure(step)
        heights = self._heights
        header_h = max((c.height for c in self.header_laid()), default=0.0) + 2 * PAD
        sub_h = (self.size * 1.3 + 2 * PAD + 1) if self.values is not None else 0.0
        # A final row measured as it is drawn, its label spanning the columns before the
        # amount: measured in the first column alone (序号, 9 mm) 小计（10 笔，其中已拨付
        # 7 笔 123,000.00） took ten lines' room, and a page with room for the closing sent
        # its last row onto a page of its own.
        final_h = sum(r.height for r in self._final_rows())
        parts = self.parts()
        closing_h = sum(p.height for p in parts)
        reserve = header_h + sub_h + 2
        # A closing a page holds stays whole: with the last rows when they fit with it,
        # else on a page of its own; a longer one (a note of pages) begins under the last
        # rows and goes on over pages of its own.
        whole = final_h + closing_h <= avail - CONTINUED_H
        spans = paginate(heights, avail, reserve, final_h + (closing_h if whole else 0.0),
                         split=lambda i, here, room: self.pieces(self.rows[i], here, room),
                         first=first)
        return self._closed(spans, avail, first, parts)

    def _measure(self, step: Callable[[int], None] | None) -> list[float]:
        """Each row's height, the cells' layouts kept as :meth:`layout` says."""
        # A text's height in its column, or -1 for one not laid as a plain cell (one line
        # as written at its column's size): it is then in ``odd``, as laid.
        measured: list[dict[str, float]] = [{} for _ in self.cols]
        odd: list[dict[str, Laid]] = [{} for _ in self.cols]
        specs = self._specs()
        heights = []
        plain = array("Q") if len(self.cols) <= 64 else None
        for n, row in enumerate(self.rows):
            if step is not None and not n % STEP_ROWS:
                step(n)
            top, mask = 0.0, 0
            for j, text in enumerate(row):
                h = measured[j].get(text)
                if h is None:
                    found = self._one_line(text, j)
                    if found is None:
                        found = self.laid(text, j, not_one_line=True)
                        if found != _plain_cell(text, *specs[j]):
                            odd[j][text] = found
                    h = measured[j][text] = -1.0 if text in odd[j] else found.height
                if h < 0:
                    h = odd[j][text].height
                else:
                    mask |= 1 << j
                if h > top:
                    top = h
            heights.append(top + 2 * PAD)
            if plain is not None:
                plain.append(mask)
        self._found = (self.rows, plain, odd)
        return heights

    def _notice(self, avail: float, first: float | None) -> list[Span]:
        """The pages of a notice (no table): its parts from the top of the first, going on
        under a （续上页） line on pages of their own."""
        parts = self.parts()
        room = avail if first is None else min(first, avail)
        spans: list[Span] = []
        at = 0
        while True:
            end = max(_fill(parts, at, room), min(at + 1, len(parts)))
            spans.append(Span(0, 0, final=False, closing=(at, end), alone=bool(spans)))
            if end >= len(parts):
                return spans
            at, room = end, avail - CONTINUED_H

    def parts(self) -> list[Part]:
        if self.closing_parts:
            return list(self.closing_parts)
        if self.closing is not None or self.closing_height:
            return [Part(self.closing_height, self.closing)]
        return []

    def _closed(self, spans: list[Span], avail: float, first: float | None,
                parts: Sequence[Part]) -> list[Span]:
        """``spans`` with the final rows and the closing's parts placed: under the table on
        its last page as far as they fit, the rest on pages of their own. The page
        :func:`paginate` adds when the last page of rows cannot hold the closing (no rows
        on it) is such a page: it carries the final rows and the closing under a line
        saying it goes on, not an empty table with a 本页小计 of 0.00."""
        if not self.rows:
            spans = spans[:1]  # nothing to list: the header, 0 笔 and the closing
        last = spans[-1]
        alone = (len(spans) > 1 and last.start == last.end == spans[-2].end
                 and (spans[-2].end > spans[-2].start or spans[-2].head is not None))
        out = spans[:-1]
        if alone:
            out[-1] = out[-1]._replace(final=False)
        at = 0
        if not alone:
            if parts:  # the room under the last page's table (its cells laid out once more)
                used = sum(r.height for r in self.page_rows(last, True))
                room = min(first, avail) if first is not None and len(spans) == 1 else avail
                at = _fill(parts, 0, room - used)
            out.append(last._replace(final=True, closing=(0, at)))
        final = alone
        final_h = sum(r.height for r in self._final_rows()) if final else 0.0
        while at < len(parts) or final:
            end = max(_fill(parts, at, avail - CONTINUED_H - final_h), min(at + 1, len(parts)))
            out.append(Span(last.end, last.end, final=final, closing=(at, end), alone=True))
            at, final, final_h = end, False, 0.0
        return out

    def pieces(self, row: Sequence[str], first: float, room: float,
               ) -> list[tuple[tuple[int, ...], float]]:
        """A row too tall for a page cut into pieces: the first ``first`` points high at
        most, the others ``room``; each piece as (each cell's end line, its height).

        Only the cells taller than a page are cut, at line boundaries, each at its own line
        spacing; the others (序号, a name, an amount) stay whole in the first piece, so the
        number and the amount are printed once. [] when ``first`` cannot hold them and a
        line of each cut cell: the row then begins on the next page."""
        laid = [self.laid(t, j) for j, t in enumerate(row)]
        fits = room - 2 * PAD
        whole = max((c.height for c in laid if c.height <= fits), default=0.0)
        line = max((c.leading for c in laid if c.height > fits), default=0.0)
        if first - 2 * PAD < max(whole, line):
            return []
        out: list[tuple[tuple[int, ...], float]] = []
        at = [0] * len(laid)
        space, least = first - 2 * PAD, 0.0
        while any(a < len(c.lines) for a, c in zip(at, laid, strict=True)):
            ends = [min(len(c.lines), a + int(space / c.leading + 1e-6)) if c.leading
                    else len(c.lines) for a, c in zip(at, laid, strict=True)]
            height = max((e - a) * c.leading for a, e, c in zip(at, ends, laid, strict=True))
            out.append((tuple(ends), max(height, least) + 2 * PAD))
            # the pieces after the first say 续 under 序号: never lower than that line
            at, space, least = ends, fits, self._continued().height
        return out

    def page_rows(self, span: Span, last: bool) -> list[TableRow]:
        """The rows a page shows: the header, its body rows (the first or last maybe a
        piece of a row split over pages), then its subtotal and (on the last page) the
        final rows, shaded, their label spanning the columns before the amount when those
        are empty. A row going on from the page before is counted on that page only."""
        n = len(self.cols)
        start, end, head, tail = span[:4]
        whole = [(j, j) for j in range(n)]
        rows = [TableRow(list(zip(whole, self.header_laid(), strict=True)), HEADER_FILL)]
        plain: array[int] | None = None
        odd: list[dict[str, Laid]] = [{} for _ in self.cols]
        if self._found is not None and self._found[0] is self.rows:
            _, plain, odd = self._found
        specs = self._specs()
        body = []
        for i, r in enumerate(self.rows[start:end], start):
            mask = plain[i] if plain is not None else 0
            body.append(TableRow([((j, j), _plain_cell(t, *specs[j]) if mask >> j & 1
                                   else odd[j].get(t) or self.laid(t, j))
                                  for j, t in enumerate(r)],
                                 *((self.final_fill, False, self.final_bold)
                                   if i in self.marked else ())))
        if tail is not None:
            body[-1] = self._piece(self.rows[end - 1], head if end - 1 == start else None, tail)
        if head is not None and (tail is None or end - 1 > start):
            body[0] = self._piece(self.rows[start], head, None)
        rows += body
        if self.values is not None and self.subtotal_col is not None and self.format_value:
            k = self.subtotal_col
            counted = start + 1 if head is not None else start
            if counted < end:
                sub = self.format_value(sum(self.values[counted:end]))
                cells = [((0, k - 1), self._spanned(self.subtotal_label, k, "center"))] if k \
                    else []
                cells += [((j, j), self.laid(sub, j) if j == k else EMPTY)
                          for j in range(k, n)]
            else:  # only pieces of a row counted on the page it began on: no 0.00 here
                cells = [((0, k - 1), self._spanned(CONTINUED_SUBTOTAL, k, "center"))] if k \
                    else []
                cells += [((j, j), self._spanned(CONTINUED_PAGE, 1, "center")._replace(
                    colour=FOOTER_GREY) if j == k == 0 else EMPTY) for j in range(k, n)]
            rows.append(TableRow(cells, EXTRA_FILL))
        if last:
            rows += self._final_rows()
        return rows

    def _final_rows(self) -> list[TableRow]:
        """The final rows (合计), shaded, a label spanning the empty columns after it."""
        n = len(self.cols)
        rows = []
        for fr in self.final_rows:
            width = self.final_label_span or self.subtotal_col or 1
            if width > 1 and not any(fr[1:width]):
                # the label is set across the columns it spans, not broken to the first's
                cells = [((0, width - 1), self._spanned(fr[0], width, self.cols[0].align))]
                cells += [((j, j), self.laid(fr[j], j)) for j in range(width, n)]
            else:
                cells = [((j, j), self.laid(t, j)) for j, t in enumerate(fr)]
            rows.append(TableRow(cells, self.final_fill, bold=self.final_bold))
        return rows

    def _piece(self, row: Sequence[str], head: tuple[int, ...] | None,
               tail: tuple[int, ...] | None) -> TableRow:
        """The lines ``head`` to ``tail`` of each cell of a row split over pages, set from
        the piece's top; a piece going on from the page before says 续 under its 序号."""
        cells = []
        for j, t in enumerate(row):
            laid = self.laid(t, j)
            lo = head[j] if head is not None else 0
            hi = tail[j] if tail is not None else len(laid.lines)
            lines = laid.lines[lo:hi]
            if head is not None and j == 0 and not lines:
                cells.append(((j, j), self._continued()))
                continue
            cells.append(((j, j), laid._replace(lines=lines,
                                                height=len(lines) * laid.leading)))
        return TableRow(cells, top=True)

    def _continued(self) -> Laid:
        col = self.cols[0]
        return lay(CONTINUED, col.width - 2 * PAD, self.size, "center")._replace(
            colour=FOOTER_GREY)

    def _spanned(self, text: str, columns: int, align: str) -> Laid:
        width = sum(c.width for c in self.cols[:columns]) - 2 * PAD
        if text == CONTINUED_SUBTOTAL:  # one line, as the 本页小计 it stands for
            return lay(text, width, fitting(text, width, self.size), align)._replace(
                colour=FOOTER_GREY)
        return lay(text, width, self.size, align)

    def draw_page(self, canvas, x: float, top: float, span: Span,  # noqa: ANN001
                  last: bool) -> float:
        """Draw one page's table with its top-left corner at (``x``, ``top``); returns
        the y under it (where the closing block starts on the last page)."""
        if self._shared is None or self._shared.canvas is not canvas:
            from .canvas_text import Shared

            self._shared = Shared(canvas)  # one document's encoded strings, page to page
        final = last if span.final is None else span.final
        widths = [c.width for c in self.cols]
        if not self.table and not span.alone:  # a notice's first page: its parts alone
            y = top
        elif span.alone:  # the closing going on: no header, no rows, no 本页小计
            canvas.saveState()
            canvas.setFillColorRGB(*FOOTER_GREY)
            draw_string(canvas, x, top - 11, self.continued, 9.5)
            canvas.restoreState()
            y = top - CONTINUED_H
            if final:
                y = draw_table(canvas, self._shared, x, y, widths, self._final_rows())
        else:
            y = draw_table(canvas, self._shared, x, top, widths, self.page_rows(span, final))
        parts = self.parts()
        a, b = span.closing if span.closing is not None else (0, len(parts) if last else 0)
        for part in parts[a:b]:
            if part.draw is not None:
                part.draw(canvas, y)
            y -= part.height
        return y

    def drawn_height(self, span: Span, last: bool) -> float:
        """The points :meth:`draw_page` goes down drawing ``span``: what a section begun
        under it on the same page is left (the page's room less this)."""
        final = last if span.final is None else span.final
        if not self.table and not span.alone:
            height = 0.0
        elif span.alone:
            height = CONTINUED_H + (sum(r.height for r in self._final_rows()) if final else 0.0)
        else:
            height = sum(r.height for r in self.page_rows(span, final))
        parts = self.parts()
        a, b = span.closing if span.closing is not None else (0, len(parts) if last else 0)
        return height + sum(p.height for p in parts[a:b])


def _plain_cell(text: str, size: float, align: str, spacing: float) -> Laid:
    """``text`` on one line as written: :func:`lay`'s answer for most cells, unmeasured."""
    return Laid((text,), size, align, spacing, spacing) if text else \
        Laid((), size, align, spacing, 0.0)


def _fill(parts: Sequence[Part], at: int, room: float) -> int:
    """Where the parts from ``at`` that ``room`` points hold end: not after one kept with
    the next (a heading's line alone at a page's foot, the signatures alone on a page)."""
    start = at
    while at < len(parts) and parts[at].height <= room + 1e-6:
        room -= parts[at].height
        at += 1
    while start < at < len(parts) and parts[at - 1].keep:
        at -= 1
    return at


# -- tables drawn straight on the canvas ---------------------------------------------
EXTRA_FILL = (0.96, 0.96, 0.96)  # subtotal and total rows
GRID_WIDTH = 0.5


class Laid(NamedTuple):
    """A cell's text as drawn: its lines, their type size, spacing and alignment.

    Tables are drawn straight on the canvas: a platypus ``Paragraph`` and ``Table`` per
    cell cost ≈ 5 ms a row (parsing each cell's markup, wrapping it twice, the table
    measuring it again), 7 minutes for a year's 80,000-row summary. :func:`lay` breaks
    the lines where that paragraph (``wordWrap="CJK"``) broke them, and :func:`draw_table`
    puts them where the table put them, so the page looks as it did.
    """

    lines: tuple[str, ...]
    size: float
    align: str
    leading: float  # baseline to baseline
    height: float  # of all the lines: what the paragraph's wrap gave
    colour: tuple[float, float, float] = (0.0, 0.0, 0.0)


EMPTY = Laid((), 9, "left", 0.0, 0.0)


@dataclass
class TableRow:
    """A drawn row: its cells as ((first column, last column), text), and its shading."""

    cells: list[tuple[tuple[int, int], Laid]]
    fill: tuple[float, float, float] | None = None
    top: bool = False  # lines set from the top (a piece of a row split over pages)
    bold: bool = False  # strokes thickened, as draw_string's bold (no bold face ships)

    @property
    def height(self) -> float:
        return max((laid.height for _, laid in self.cells), default=0.0) + 2 * PAD


def leading(size: float) -> float:
    """A paragraph's line spacing at ``size`` (what :func:`style` gives it)."""
    return round(size * 1.3, 1)


def lay(text: str, width: float, size: float, align: str = "left") -> Laid:
    """``text`` as :func:`boxed` shows it ``width`` wide: white space run together and
    trimmed as a paragraph does, its line breaks kept, each line wrapped by
    :func:`canvas_text.wrap` (reportlab's CJK breaking, a closing mark never hung)."""
    from .canvas_text import wrap

    text = str(text)
    if "\n" in text:
        text = "\n".join(" ".join(part.split()) for part in text.split("\n"))
        lines = tuple(wrap(text, width, size))
    else:
        text = " ".join(text.split())
        # most cells: one line that fits, as wrap would find, measured once
        lines = ((text,) if measure(text, size) <= width else tuple(wrap(text, width, size))
                 ) if text else ()
    spacing = leading(size)
    return Laid(lines, size, align, spacing, len(lines) * spacing)


def draw_table(canvas, shared: Any, x: float, top: float,  # noqa: ANN001
               widths: Sequence[float], rows: Sequence[TableRow]) -> float:
    """Draw ``rows`` as platypus drew a :func:`build_table`: shading, each cell's lines
    centred in its row's height (baselines ``leading`` apart, the first ``size`` under the
    text's top), then the grid, no rule inside a spanned cell. Returns the bottom's y."""
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for row in rows:
        ys.append(ys[-1] - row.height)
    canvas.saveState()
    for row, y0, y1 in zip(rows, ys, ys[1:], strict=False):
        if row.fill is not None:
            canvas.setFillColorRGB(*row.fill)
            canvas.rect(x, y1, xs[-1] - x, y0 - y1, stroke=0, fill=1)
    _draw_cells(canvas, shared, xs, ys, rows)
    _draw_grid(canvas, xs, ys, rows)
    canvas.restoreState()
    return ys[-1]


def _draw_cells(canvas, shared: Any, xs: Sequence[float], ys: Sequence[float],  # noqa: ANN001
                rows: Sequence[TableRow]) -> None:
    """Every cell's lines as one text object: what :class:`canvas_text.TextBatch` writes
    for them, operator for operator, written here in one loop — a page of a summary table
    has some 250 lines, a year's table 1,700 pages of them."""
    from reportlab.lib.rl_accel import escapePDF, fp_str

    ops: list[str] = []
    append = ops.append
    encoded = shared.encoded
    ascii_subset = _ascii_subset(canvas)
    widths: dict[tuple[str, float], float] = {}  # of lines centred or set right
    fonts: dict[tuple[str, float], str] = {}  # Tf operators
    numbers: dict[float, str] = {}  # the lines' x and y as written
    font: tuple[str, float] | None = None
    colour: tuple[float, float, float] | None = None
    bold = False
    for row, y0, y1 in zip(rows, ys, ys[1:], strict=False):
        height = y0 - y1
        if row.bold != bold:  # fill and stroke the glyphs (2 Tr), in black
            bold = row.bold
            append(f"2 Tr 0 0 0 RG {fp_str(8 * 0.03)} w" if bold else "0 Tr")
        for (first, end), laid in row.cells:
            lines, size, align, spacing, laid_height, laid_colour = laid
            if not lines:
                continue
            # The paragraph's box is centred in the row (or at its top: a split row's pieces
            # read on from page to page); its first baseline one size under its top.
            box = height - 2 * PAD if row.top else laid_height
            y = y1 + (height + box) / 2 - size
            left, right = xs[first], xs[end + 1]
            x = left + PAD if align == "left" else (
                (left + right) / 2 if align == "center" else right - PAD)
            for line in lines:
                if line:
                    at = x
                    if align != "left":
                        w = widths.get((line, size))
                        if w is None:
                            w = widths[line, size] = measure(line, size)
                        at -= w / 2 if align == "center" else w
                    if laid_colour != colour:
                        colour = laid_colour
                        append(f"{fp_str(*colour)} rg")
                    # fp_str(at, y) is fp_str(at) + " " + fp_str(y): a page has few of each
                    ax, ay = numbers.get(at), numbers.get(y)
                    if ax is None:
                        ax = numbers[at] = fp_str(at)
                    if ay is None:
                        ay = numbers[y] = fp_str(y)
                    append(f"1 0 0 1 {ax} {ay} Tm")
                    if ascii_subset is not None and line.isascii() and line.isprintable():
                        pieces: Any = ((ascii_subset, f"({escapePDF(line.encode())}) Tj"),)
                    else:
                        pieces = encoded(line)
                    for subset, shown in pieces:
                        if (subset, size) != font:
                            font = (subset, size)
                            op = fonts.get(font)
                            if op is None:
                                op = fonts[font] = f"{subset} {fp_str(size)} Tf"
                            append(op)
                        append(shown)
                y -= spacing
    if ops:
        canvas.addLiteral("q BT\n" + "\n".join(ops) + "\nET Q")


def _ascii_subset(canvas) -> str | None:  # noqa: ANN001
    """The main font's first subset in this document when every printable ASCII character
    is its own code there (reportlab's ``asciiReadable``, as it sets up a document's
    font): a number, a date, an ID is then written as it reads, without splitting it by
    subsets character by character (what ``Shared.encoded`` would give, the same bytes).
    None before the font is used in the document (its name is given on first use), or
    where reportlab keeps its fonts' state otherwise: every line then goes the long way."""
    doc = canvas._doc
    font = _main_font()
    state = getattr(font, "state", {}).get(doc)
    assigned = getattr(state, "assignments", None)
    if getattr(state, "internalName", None) is None or not isinstance(assigned, dict) \
            or any(assigned.get(code) != code for code in range(32, 127)):
        return None
    return font.getSubsetInternalName(0, doc)


def _draw_grid(canvas, xs: Sequence[float], ys: Sequence[float],  # noqa: ANN001
               rows: Sequence[TableRow]) -> None:
    """The table's rules: every row's top and bottom across the table, the column rules
    top to bottom but through no spanned cell."""
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    canvas.setLineWidth(GRID_WIDTH)
    canvas.setStrokeColorRGB(*GRID_GREY)
    left, right = xs[0], xs[-1]
    lines = [(left, y, right, y) for y in ys]
    # the column rules each row has none of: those inside its spanned cells
    inside = [{j for (first, end), _ in row.cells for j in range(first + 1, end + 1)}
              for row in rows]
    for j, x in enumerate(xs):
        start = ys[0]
        for spanned, y0, y1 in zip(inside, ys, ys[1:], strict=False):
            if j in spanned:
                if start > y0:
                    lines.append((x, start, x, y0))
                start = y1
        if start > ys[-1]:
            lines.append((x, start, x, ys[-1]))
    canvas.lines(lines)
