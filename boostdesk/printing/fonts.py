"""The shipped Chinese fonts: registered once per process, with per-character fallback.

Every PDF embeds its fonts (no document depends on the reader's machine):

* ``MAIN`` — WenQuanYi Micro Hei (``resources/fonts/wqy-microhei.ttc``): Latin, digits,
  punctuation and all 20,902 GBK hanzi.
* ``FALLBACK`` — a subset of HanaMinA (``resources/fonts/hanamin-a-ext.ttf``): CJK
  Extension A and the Extension B–F characters HanaMinA draws, such as 䶮 and 𫖯 that
  turn up in people's names and that GBK fonts lack.

reportlab draws a character its font lacks as a blank, silently. So text is split into
runs, each drawn in the first font that has the character; a character neither font has
is printed as ``MISSING_MARK`` (〓, the typesetters' mark for a missing sort) so that the
clerk sees the gap and writes the character in by hand. :func:`missing_chars` tells the
caller which characters those were.

WenQuanYi Micro Hei maps a few characters to empty glyphs (``BLANK_IN_MAIN``): “-30℃ 低温
电池” printed as “-30 低温电池”, “Ⅴ型阀门” as “型阀门”, with nothing to tell. Those with an
everyday equivalent it draws are drawn as that (``DRAWN_AS``: ℃ as °C, Ⅴ as V); the rest
(the pinyin ǎ ǐ ǒ ǔ ǘ ǚ ǜ) count as missing: 〓, and named in the note.

Registering a TrueType font costs 0.1–0.2 s; re-registering per document made batch
printing 30x slower, so :func:`register_fonts` does the work once per process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from boostdesk.paths import resources_dir

MAIN = "BoostDeskSans"
FALLBACK = "BoostDeskExt"
MISSING_MARK = "\u3013"  # 〓
MAIN_FILE = "wqy-microhei.ttc"
FALLBACK_FILE = "hanamin-a-ext.ttf"

# Characters the MAIN font maps to an empty glyph (found by rendering each character it
# maps; tests/test_markup_text.py checks the list against the shipped font).
BLANK_IN_MAIN = "ǎǐǒǔǘǚǜˊˋ‾℃℉\u212bⅤⅩ∼"  # U+212B, the angstrom sign (not Å, U+00C5)
# Variation selectors pick a glyph of the character before them (葛 + U+E0100, an IVS); no
# shipped font has the variants, so the character is drawn as itself and the selector as
# nothing — not as a 〓 of its own (葛〓明), named as a missing character no one can see.
_SELECTORS = frozenset(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))
# Those among them drawn as characters MAIN draws, read alike.
DRAWN_AS = {"℃": "°C", "℉": "°F", "\u212b": "\u00c5", "Ⅴ": "V", "Ⅹ": "X", "∼": "～", "‾": "￣",
            "ˊ": "´", "ˋ": "`"}

_lock = threading.Lock()
_registered = False
_main_cmap: dict[int, int] = {}
_fallback_cmap: dict[int, int] = {}
_main_chars: frozenset[str] = frozenset()  # every character MAIN draws: font_runs' fast path
registration_count = 0  # how many times the TTFs were really loaded (tests check it stays 1)


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Load and register the shipped fonts with reportlab, once per process (thread-safe)."""
    global _registered, registration_count, _main_chars
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics, ttfonts
        from reportlab.pdfbase.ttfonts import TTFont

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap

        main = TTFont(MAIN, str(fonts_dir() / MAIN_FILE), subfontIndex=0)
        fallback = TTFont(FALLBACK, str(fonts_dir() / FALLBACK_FILE))
        pdfmetrics.registerFont(main)
        pdfmetrics.registerFont(fallback)
        # No bold or italic faces exist: map them to the regular one so <b> in a
        # Paragraph never falls back to a non-embedded standard font.
        for name in (MAIN, FALLBACK):
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(name, bold, italic, name)
        _main_cmap.update(main.face.charToGlyph)
        for ch in BLANK_IN_MAIN:
            del _main_cmap[ord(ch)]
        _fallback_cmap.update(fallback.face.charToGlyph)
        _main_chars = frozenset(map(chr, _main_cmap)) | frozenset("\n\r\t")
        registration_count += 1
        _registered = True


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but astral characters (𫖯) written as UTF-16 pairs.

    reportlab writes ``<%04X>`` of the code point, which for U+2B5AF is five hex digits
    that readers misparse: copying or searching the PDF then yields a wrong character.
    """
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


@lru_cache(maxsize=65536)
def font_for(ch: str) -> str | None:
    """The registered font that draws ``ch``, or None when no shipped font has it."""
    register_fonts()
    code = ord(ch)
    if code in _main_cmap or ch in "\n\r\t" or ch in DRAWN_AS:
        return MAIN
    if code in _fallback_cmap:
        return FALLBACK
    return None


def missing_chars(text: str) -> str:
    """Characters of ``text`` that no shipped font can draw (each once, in order)."""
    out: list[str] = []
    for ch in text:
        if not ch.isspace() and ch not in _SELECTORS and font_for(ch) is None and ch not in out:
            out.append(ch)
    return "".join(out)


# What MAIN certainly draws: printable ASCII, GBK's 20,902 hanzi (U+4E00–U+9FA5), the CJK
# punctuation it has (not 〄 〘 〜 …) and the full-width forms; tests/test_print_gaps_told.py
# checks it against the font. Text of these alone prints without loading the fonts.
_SURELY_DRAWN = re.compile("[\u0020-\u007e\u4e00-\u9fa5\u3000-\u3003\u3005-\u3017"
                           "\u301d-\u301f\u3021-\u3029\uff01-\uff5e"
                           "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026" r"\s]*")


def print_gaps(text: str) -> str:
    """:func:`missing_chars` for a form asking at each pause in typing: text every shipped
    font certainly draws is answered without loading the fonts (0.1–0.2 s, once)."""
    if _SURELY_DRAWN.fullmatch(text):
        return ""
    return missing_chars(text)


_noted = threading.local()


@contextmanager
def noting_missing() -> Iterator[list[str]]:
    """Collect the texts drawn meanwhile (in this thread) that print a 〓: each once, in
    order. A name printed with a 〓 on a payment list or a sheet must be written in by hand,
    so whoever prints it is told which names those are."""
    outer = getattr(_noted, "texts", None)
    texts: list[str] = []
    _noted.texts = texts
    try:
        yield texts
    finally:
        _noted.texts = outer
        if outer is not None:
            outer.extend(t for t in texts if t not in outer)


def missing_note(texts: list[str]) -> str:
    """What to tell whoever printed ``texts`` (from :func:`noting_missing`): which
    characters came out as 〓 and in which names, to be written in by hand."""
    whole = [t for t in texts if not any(t != u and t in u for u in texts)]  # not a wrapped part
    chars = "".join(dict.fromkeys(missing_chars("".join(whole))))
    shown = "、".join(f"“{t}”" for t in whole[:5]) + (f" 等 {len(whole)} 处" if len(whole) > 5 else "")
    return f"{chars} 不在所附字体中，已印为〓，请在打印件上手写补正：{shown}"


def _note_missing(text: str) -> None:
    texts = getattr(_noted, "texts", None)
    if texts is not None and text not in texts:
        texts.append(text)


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font name, text) runs; characters no font has become 〓 in MAIN."""
    if not _registered:
        register_fonts()
    if _main_chars.issuperset(text):  # nearly every string: one run, no per-character loop
        return [(MAIN, text)] if text else []
    runs: list[tuple[str, str]] = []
    current = None
    buf: list[str] = []
    for ch in text:
        if ch in _SELECTORS:
            continue
        f = font_for(ch)
        if f is None:
            _note_missing(text)
            f, ch = MAIN, MISSING_MARK
        elif ch in DRAWN_AS:
            ch = DRAWN_AS[ch]
        if f != current and buf:
            runs.append((current, "".join(buf)))  # type: ignore[arg-type]
            buf = []
        current = f
        buf.append(ch)
    if buf:
        runs.append((current, "".join(buf)))  # type: ignore[arg-type]
    return runs


_NOT_PLAIN = re.compile(r"[^\x00-\u33ff\u4e00-\u9fff]")


def is_plain(text: str) -> bool:
    """True when MAIN draws every character (the fast path: no runs, no markup)."""
    if not _registered:
        register_fonts()
    return _NOT_PLAIN.search(text) is None and _main_chars.issuperset(text)


def escape(text: str) -> str:
    """``xml.sax.saxutils.escape``'s three replacements: that module imports
    ``urllib.request`` (≈ 25 ms), which the 打印 screen's first visit paid for."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """``text`` escaped for a reportlab Paragraph, fallback runs wrapped in <font>."""
    text = str(text)
    if is_plain(text):
        return escape(text)
    parts = []
    for font, run in font_runs(text):
        if font == MAIN:
            parts.append(escape(run))
        else:
            parts.append(f'<font name="{font}">{escape(run)}</font>')
    return "".join(parts)


def string_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(run, font, size) for font, run in font_runs(text))


def draw_string(canvas, x: float, y: float, text: str, size: float,  # noqa: ANN001
                align: str = "left", bold: bool = False) -> float:
    """Draw ``text`` on a reportlab canvas with per-character fallback; returns its width.

    ``bold`` thickens the strokes (fills and strokes the outline in the fill colour)
    since no bold face ships.
    """
    runs = font_runs(text)
    width = sum(_run_width(font, run, size) for font, run in runs)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    canvas.setFont(runs[0][0] if runs else MAIN, size)
    t = canvas.beginText(x, y)
    if bold:
        t.setTextRenderMode(2)
        canvas.saveState()
        canvas.setStrokeColor(canvas._fillColorObj)
        canvas.setLineWidth(size * 0.03)
    for font, run in runs:
        t.setFont(font, size)
        t.textOut(run)
    canvas.drawText(t)
    if bold:
        canvas.restoreState()
    return width


def _run_width(font: str, run: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(run, font, size)
