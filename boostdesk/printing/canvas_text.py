"""Text and rules straight on a reportlab canvas, without platypus: fast enough for batches.

* :func:`text_width` and :func:`wrap` measure and break text with per-character font
  fallback, the way a platypus ``Paragraph`` with ``wordWrap="CJK"`` breaks it: between any
  two Chinese characters, a Latin word kept whole where it can be; a closing mark that may
  not start a line takes the character before it down with it (the paragraph hangs it past
  the line's end: over a cell's rule, into its neighbour), and so does a last line's lone
  Chinese character (有限公 / 司 reads 有限 / 公司).
* :class:`TextBatch` draws many strings as one PDF text object (a page's worth of values).
* :class:`Drawing` collects what a page draws, split into the part that is the same on
  many pages — kept once per document as a form XObject and placed with ``doForm`` — and
  the part that changes on every page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.textsplit import ALL_CANNOT_START, dumbSplit
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from .fonts import DRAWN_AS, MAIN, MISSING_MARK, draw_string, font_for, font_runs

RGB = tuple[float, float, float]
BLACK: RGB = (0.0, 0.0, 0.0)


def text_width(text: str, size: float) -> float:
    """Width of ``text`` at ``size`` points, each character measured in the font drawing it."""
    runs = font_runs(text)
    if len(runs) == 1:
        return stringWidth(runs[0][1], runs[0][0], size)
    return sum(stringWidth(run, font, size) for font, run in runs)


@lru_cache(maxsize=65536)
def _char_width(ch: str) -> float:
    """Width of ``ch`` at 1 point in the font that draws it (〓's when no font has it)."""
    font = font_for(ch)
    if font is None:
        font, ch = MAIN, MISSING_MARK
    return stringWidth(DRAWN_AS.get(ch, ch), font, 1)


def wrap(text: str, width: float | Sequence[float], size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at ``size`` points; ``width``
    may give each line its own (the last for the lines after: a text set beside a seal).

    Line breaks in ``text`` are kept, but one at the very end adds no empty line (an empty
    text has no lines). Spaces where a line is broken are dropped; a character wider
    than the whole line still gets a line of its own.
    """
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    each = [width] if isinstance(width, int | float) else list(width)
    lines: list[str] = []
    for part in parts:
        ahead = each[len(lines):] or each[-1:]
        if not part or text_width(part, size) <= ahead[0]:
            lines.append(part)
            continue
        widths = [_char_width(ch) * size for ch in part]
        lines.extend(_split(part, widths, ahead))
    return lines


def hangs(text: str, width: float, size: float) -> bool:
    """Whether a paragraph set ``width`` wide would hang a closing mark past its end,
    start a line with a mark reportlab lets start one (，：；？！》” …), or end one with an
    opening mark (（“《 …)."""
    if not (_CANNOT_START | _CANNOT_END).intersection(text):  # most: nothing could hang
        return False
    lines = _dumb_lines(text, width, size)
    return any(text_width(line, size) > width + _FUZZ or (i and line[:1] in _ALSO_CANNOT_START)
               or (i < len(lines) - 1 and line[-1:] in _CANNOT_END)
               for i, line in enumerate(lines))


def widowed(text: str, width: float, size: float) -> bool:
    """Whether a paragraph set ``width`` wide would leave a last line of one Chinese
    character that :func:`wrap` gives the character before it (有限公 / 司)."""
    for part in text.split("\n"):
        if part and text_width(part, size) > width:
            widths = [_char_width(ch) * size for ch in part]
            if _split(part, widths, width) != _split(part, widths, width, widows=False):
                return True
    return False


_REPORTLAB_CANNOT_START = frozenset(ALL_CANNOT_START)
# Marks Chinese typesetting (GB/T 15834, 行首禁则) keeps from a line's start that
# reportlab's list lacks: its list has 、。） but not the full-width comma or colon.
_ALSO_CANNOT_START = frozenset("，：；？！》〉”’％") - _REPORTLAB_CANNOT_START
_CANNOT_START = _REPORTLAB_CANNOT_START | _ALSO_CANNOT_START


_FUZZ = 1e-6


def _dumb_lines(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    for part in text.split("\n"):
        if part and text_width(part, size) > width:
            lines += [line for _, line in dumbSplit(part, [_char_width(ch) * size for ch in part],
                                                    width)]
    return lines


def _split(part: str, widths: list[float], width: float | list[float],
           widows: bool = True) -> list[str]:
    """reportlab's knife-cut lines, but never one wider than ``width``: where it hung a
    closing mark (、。） may not start a line) past the end, the mark and the character
    before it start the next line, as Chinese typesetting pushes a line in; and where a
    line would start with a mark reportlab lets start one (，：》”), the character before
    it comes down with it the same way. A last line of one Chinese character (有限公 /
    司) takes the character before it down too (:func:`_widow_back`)."""
    each = width if isinstance(width, list) else [width]  # line by line, the last for the rest
    spans: list[tuple[int, int]] = []
    at = 0
    while True:
        for _, line in dumbSplit(part[at:], widths[at:], each[len(spans):] or each[-1:]):
            start = part.index(line, at)  # a space where it broke is dropped
            end = start + len(line)
            if len(line) > 2 and sum(widths[start:end]) > _nth(each, len(spans)) + _FUZZ:
                cut = _whole_before(part, start, end - 2)
                spans.append((start, cut))
                at = cut
                break  # the rest again from the character brought down
            kept = _kept_whole(part, start, end)
            if kept:  # a card number, voucher or date the break fell in: it starts the next line
                kept -= _opening_left(part, start, kept)  # with its （ (（2026-12-06)
                spans.append((start, kept - _spaces_before(part, start, kept)))
                at = kept
                break
            back = _brought_down(part, start, end) or _opening_left(part, start, end)
            if back:
                cut = _whole_before(part, start, end - back)
                spans.append((start, cut))
                at = cut
                break
            spans.append((start, end))
            at = end
        else:
            last = _nth(each, len(spans) - 1)
            back = _widow_back(part, widths, last, spans) if widows else 0
            if back:
                (start, end), (_, last) = spans[-2:]
                spans[-2:] = [(start, end - back), (end - back, last)]
            return [part[a:b] for a, b in spans]


# What a break must not fall in: a card number in groups (6214 **** **** *** 2724, masked
# or whole: read across two lines it is two numbers), a voucher (凭证 记-2024-0031: cut
# after 记 it reads as another voucher), a date (2026-12-1 / 2) reads as the 1st; 2023年11月10
# / 日 as the 10th of an unsaid month), an amount (¥33,333.3 / 3 on a signed sheet reads as
# a typo) and a clause of the plan (方案二（三）: 二（三 / ）） reads as no clause).
_WHOLE = re.compile(r"\d{4}(?: [\d*]{3,4}){2,}(?![\d*.])|凭证 [^\s，。；、：（）]+"
                    r"|(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)"
                    r"|(?<!\d)\d{4}年\d{1,2}月(?:\d{1,2}日)?"
                    r"|-?¥\d[\d,]*(?:\.\d+)?"
                    r"|(?:方案)?[一二三四五六七八九十]{1,2}（[一二三四五六七八九十]{1,2}）\d{0,2}")


def _kept_whole(part: str, start: int, end: int) -> int:
    """Where the line ``part[start:end]`` must end instead, when ``end`` falls inside a
    span kept whole that starts after ``start`` (the span then starts the next line); 0
    when it does not, or when the span is the whole line (wider than it: broken anyway)."""
    if end >= len(part):
        return 0
    for m_start, m_end in _wholes(part):
        if m_start < end < m_end and m_start > start \
                and part[start:m_start].strip(_OPENING_OR_SPACE):  # not a line of （ alone
            return m_start
        if m_start >= end:
            break
    return 0


@lru_cache(maxsize=64)
def _wholes(part: str) -> tuple[tuple[int, int], ...]:
    """Where the spans kept whole are in ``part``: found once for all its lines (a long
    修改记录 line was searched again at each of them)."""
    if _MAY_BE_WHOLE.search(part) is None:
        return ()
    return tuple(m.span() for m in _WHOLE_AT.finditer(part))


_MAY_BE_WHOLE = re.compile(r"[*凭（0-9]")  # what a span kept whole holds
# _WHOLE where one can begin (a figure, 凭, 方, a numeral, ¥ or its minus): tried at those
# places only, not each of its shapes at every character (a third less time)
_WHOLE_AT = re.compile(r"(?=[\d凭方一二三四五六七八九十¥-])(?:" + _WHOLE.pattern + ")")


def _whole_before(part: str, start: int, cut: int) -> int:
    """``cut`` moved back, with the marks that open it, to the start of a span kept whole it
    falls in (a closing mark brought down with the character before it: 2026-12-1 / 2）)."""
    cut -= _opening_left(part, start, cut)
    kept = _kept_whole(part, start, cut)
    return kept - _opening_left(part, start, kept) if kept else cut


def _spaces_before(part: str, start: int, at: int) -> int:
    n = 0
    while at - n - 1 > start and part[at - n - 1] == " ":
        n += 1
    return n


def _nth(each: list[float], k: int) -> float:
    return each[k] if k < len(each) else each[-1]


def _brought_down(part: str, start: int, end: int) -> int:
    """How many characters of the line ``part[start:end]`` go down with the next line's
    first, a mark that may not start a line (with a closing mark before it, ”，, both go):
    0 when it may, or when the line would be left empty."""
    if end >= len(part) or part[end] not in _ALSO_CANNOT_START:
        return 0
    back = 1
    while end - back > start and part[end - back] in _CANNOT_START:
        back += 1
    return back if end - back > start else 0


# Marks that open (行尾禁则): one left at a line's end goes down with what it opens.
_CANNOT_END = frozenset("（《〈“‘【〔〖「『([{")
_OPENING_OR_SPACE = " " + "".join(sorted(_CANNOT_END))


def _opening_left(part: str, start: int, end: int) -> int:
    """How many opening marks end the line ``part[start:end]`` before more text (范围（方案一（
    / 二）…): they go down with what they open; 0 when none, or the line would be empty."""
    if end >= len(part):
        return 0
    back = 0
    while end - back - 1 > start and part[end - back - 1] in _CANNOT_END:
        back += 1
    return back


def _widow_back(part: str, widths: list[float], width: float,
                spans: list[tuple[int, int]]) -> int:
    """How many characters of the last line but one go down to a last line of one
    Chinese character (a widow: 北京亦庄精工智能装备有限公 / 司), so that it reads 有限 /
    公司: 0 when there is none, or when bringing them down is not allowed or does not fit.

    Only Chinese characters and marks come down (a Latin word stays whole); one that may
    not start a line takes the character before it too, as does an opening mark left at
    the line's end; the line above keeps two characters at least and the last line holds
    them within ``width``: the lines are as many as before, the row no taller.
    """
    if len(spans) < 2:
        return 0
    (start, end), (first, last) = spans[-2:]
    if last - first != 1 or first != end or not _chinese(part[first]):
        return 0
    back = 1
    while end - back > start and (part[end - back] in _CANNOT_START
                                  or part[end - back - 1] in _CANNOT_END):
        back += 1
    if (end - back - start < 2 or not all(map(_chinese, part[end - back:end]))
            or sum(widths[end - back:last]) > width + _FUZZ):
        return 0
    return back


def _chinese(ch: str) -> bool:
    """A character a line may break before or after without cutting a word: not Latin,
    not a figure, not a space (CJK ideographs, kana, full-width marks)."""
    return (ord(ch) >= 0x2E80 or ch in "“”‘’…—·") and not ch.isspace()


class TextBatch:
    """Strings drawn as one text object: one ``BT … ET`` for a whole page of values.

    The operators are written here, as reportlab's notes on its TrueType fonts describe
    (``splitString`` into the document's 256-glyph subsets, each chunk escaped and shown
    with ``Tj``), and added to the page in one piece: a canvas text object per string
    costs several times more. A font subset and size is selected only when it changes,
    and each distinct string is encoded once per document (:class:`Shared`).
    """

    def __init__(self, canvas: Any, shared: Shared | None = None) -> None:
        self.canvas = canvas
        self.shared = shared or Shared(canvas)
        self.ops: list[str] = []
        self.font: tuple[str, float] | None = None
        self.colour: RGB | None = None

    def text(self, x: float, y: float, text: str, size: float, align: str = "left",
             colour: RGB = BLACK) -> None:
        if not text:
            return
        if align != "left":
            w = text_width(text, size)
            x -= w / 2 if align == "center" else w
        ops = self.ops
        if colour != self.colour:
            ops.append(f"{fp_str(*colour)} rg")
            self.colour = colour
        ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
        for subset, shown in self.shared.encoded(text):
            if (subset, size) != self.font:
                ops.append(f"{subset} {fp_str(size)} Tf")
                self.font = (subset, size)
            ops.append(shown)

    def draw(self) -> None:
        if self.ops:
            self.canvas.addLiteral("q BT\n" + "\n".join(self.ops) + "\nET Q")
            self.ops = []
            self.font = self.colour = None


class Shared:
    """What one document keeps from page to page: its forms and its encoded strings."""

    MAX_STRINGS = 50_000  # encoded strings kept; past that the cache starts afresh
    MAX_FORMS = 500  # layouts kept as forms; a batch with more draws the rest in place

    def __init__(self, canvas: Any, prefix: str = "BoostDeskForm") -> None:
        self.canvas = canvas
        self.prefix = prefix
        self.forms: dict[tuple, str] = {}
        self._encoded: dict[str, tuple[tuple[str, str], ...]] = {}
        self._names: dict[tuple[str, int], str] = {}  # a font's subset: its PDF name

    def encoded(self, text: str) -> tuple[tuple[str, str], ...]:
        """(font subset's PDF name, ``(…) Tj``) for each piece of ``text``."""
        found = self._encoded.get(text)
        if found is None:
            doc = self.canvas._doc
            names = self._names
            pieces = []
            for font_name, run in font_runs(text):
                font = getFont(font_name)
                for subset, chunk in font.splitString(run, doc):
                    name = names.get((font_name, subset))
                    if name is None:  # the same from its first piece on: asked once
                        name = names[font_name, subset] = font.getSubsetInternalName(subset, doc)
                    pieces.append((name, f"({escapePDF(chunk)}) Tj"))
            if len(self._encoded) >= self.MAX_STRINGS:
                self._encoded.clear()
            found = self._encoded[text] = tuple(pieces)
        return found

    def draw(self, ops: Sequence[tuple]) -> None:
        """Draw ``ops`` through the form XObject that holds them, made on first use.

        Past MAX_FORMS distinct layouts (a batch where nearly every sheet differs) the
        rest are drawn straight on their page: a form used once only adds to the file.
        """
        canvas = self.canvas
        key = tuple(ops)
        name = self.forms.get(key)
        if name is None:
            if len(self.forms) >= self.MAX_FORMS:
                canvas.saveState()
                draw_fixed(canvas, ops)
                canvas.restoreState()
                return
            name = self.forms[key] = f"{self.prefix}{len(self.forms)}"
            canvas.beginForm(name)
            canvas.saveState()
            draw_fixed(canvas, ops)
            canvas.restoreState()
            canvas.endForm()
        canvas.doForm(name)


@dataclass
class Drawing:
    """One page's drawing, split into its shared part (``fixed``) and its own (``texts``).

    ``fixed`` holds hashable operations — filled boxes, rules, strings — so that two pages
    whose fixed parts are equal draw the same form XObject. ``texts`` are the page's own
    strings, drawn over the form in one text object.
    """

    fixed: list[tuple] = field(default_factory=list)
    texts: list[tuple] = field(default_factory=list)

    # -- the shared part ------------------------------------------------------------
    def fill(self, x: float, y: float, w: float, h: float, colour: RGB) -> None:
        self.fixed.append(("fill", x, y, w, h, colour))

    def box(self, x: float, y: float, w: float, h: float, width: float, colour: RGB) -> None:
        self.fixed.append(("box", x, y, w, h, width, colour))

    def rule(self, x1: float, y1: float, x2: float, y2: float, width: float,
             colour: RGB) -> None:
        self.fixed.append(("rule", x1, y1, x2, y2, width, colour))

    def label(self, x: float, y: float, text: str, size: float, align: str = "left",
              bold: bool = False, colour: RGB = BLACK) -> None:
        if text:
            self.fixed.append(("text", x, y, text, size, align, bold, colour))

    # -- the page's own part --------------------------------------------------------
    def text(self, x: float, y: float, text: str, size: float, align: str = "left",
             colour: RGB = BLACK) -> None:
        if text:
            self.texts.append((x, y, text, size, align, colour))

    def place(self, shared: Shared) -> None:
        """Draw the shared part (a form XObject made on first use), then the texts."""
        shared.draw(self.fixed)
        batch = TextBatch(shared.canvas, shared)
        for x, y, text, size, align, colour in self.texts:
            batch.text(x, y, text, size, align, colour)
        batch.draw()


def draw_fixed(canvas: Any, ops: Sequence[tuple]) -> None:
    """Draw the operations of :attr:`Drawing.fixed` straight on ``canvas``."""
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    stroke: tuple[float, RGB] | None = None
    for op in ops:
        kind = op[0]
        if kind == "fill":
            _, x, y, w, h, colour = op
            canvas.setFillColorRGB(*colour)
            canvas.rect(x, y, w, h, stroke=0, fill=1)
        elif kind in ("box", "rule"):
            width, colour = op[5], op[6]
            if stroke != (width, colour):
                canvas.setLineWidth(width)
                canvas.setStrokeColorRGB(*colour)
                stroke = (width, colour)
            if kind == "box":
                canvas.rect(op[1], op[2], op[3], op[4], stroke=1, fill=0)
            else:
                canvas.line(op[1], op[2], op[3], op[4])
        else:
            _, x, y, text, size, align, bold, colour = op
            canvas.setFillColorRGB(*colour)
            draw_string(canvas, x, y, text, size, align=align, bold=bold)
