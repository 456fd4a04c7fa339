"""Chinese text in pinyin order, as Excel and WPS sort it (no Qt).

The rule, character by character (a shorter text first when one begins the other):

1. spaces, punctuation and symbols, by code point;
2. digits 0–9 (full-width ０–９ as the same digits);
3. Latin letters A–Z, case ignored (full-width Ａ–Ｚ as the same letters);
4. hanzi by the pinyin of their most common reading (pypinyin's first; 长 as cháng): the
   syllable (lu before lü before luan), then the tone (1–4, neutral last), then the code point;
5. hanzi pypinyin has no reading for, by code point (a compatibility ideograph as the unified
   one it stands for: 金 U+F90A as 金).

That is how Excel and WPS order a column of Chinese text under a Chinese locale: numbers,
then English, then Chinese by pinyin (张/李/王 as 李 < 王 < 张). A surname's own reading
(单 Shàn, 曾 Zēng, 仇 Qiú) is not known from one character: it sorts by the common one, as
Excel does.

``sort_key(text)`` maps each character to one whose code point follows that rank (a
``str.translate`` table built once per process, on the first non-ASCII text), so plain string
comparison, Python's or SQLite's BINARY, gives the order. ``register(conn)`` adds it to a
connection as the deterministic SQL function ``pinyin_key(text)``, for ``ORDER BY``.

pypinyin's data is read on the first sort, never at start-up: only its ``pinyin_dict.json``
(≈ 40 ms), not the package, whose import loads its phrase dictionary too (≈ 0.5 s).
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import cast, overload

# Target code points, in Supplementary Private Use Area-A and -B, above every character a
# text holds, so punctuation and symbols (their own code points) sort before all of these.
_DIGITS = 0xF0000
_LETTERS = 0xF0010
_HANZI = 0xF0100  # + pinyin rank (≈ 42,000 readings)
_UNREAD = 0x100000  # + index: hanzi without a reading (≈ 55,000), after the others
# CJK unified and compatibility ideographs: the BMP's, then extensions B–I
_HANZI_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF),
                 (0x2A700, 0x2EE5F), (0x2F800, 0x2FA1F), (0x30000, 0x323AF))
_COMPATIBILITY = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))

# Where pypinyin's first reading is not the one names use: 长城, 长安, 长春 under C.
_NAME_READINGS = {"长": "cháng"}
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}


def _latin_ranks() -> dict[int, int]:
    ranks: dict[int, int] = {}
    for n in range(10):
        ranks[ord("0") + n] = ranks[0xFF10 + n] = _DIGITS + n
    for n in range(26):
        for first in (ord("a"), ord("A"), 0xFF41, 0xFF21):
            ranks[first + n] = _LETTERS + n
    return ranks


def _identity_with(ranks: dict[int, int], size: int) -> list[int]:
    """A translation table as a list (``str.translate`` looks a list up faster than a dict:
    ≈ 110 ms against 180 ms for 80,000 titles); a character past its end stays itself."""
    out = list(range(size))
    for cp, target in ranks.items():
        out[cp] = target
    return out


_ASCII = _identity_with({cp: t for cp, t in _latin_ranks().items() if cp < 128}, 128)


def _syllable_key(reading: str) -> tuple[str, int, int]:
    """(syllable without marks, 1 if ü or ê, tone 1–4 or 5 for neutral) of ``zhāng``."""
    letters, marked, tone = [], 0, 5
    for ch in unicodedata.normalize("NFD", reading):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif unicodedata.combining(ch):
            marked = 1  # ü (u + diaeresis), ê: after the plain vowel's syllable
        else:
            letters.append(ch)
    return "".join(letters), marked, tone


def _readings() -> dict[str, str]:
    """Code point (decimal text) → pypinyin's readings (``"zhǎng,cháng"``); nothing
    without pypinyin."""
    from importlib.util import find_spec

    try:
        spec = find_spec("pypinyin")
    except (ImportError, ValueError):
        return {}
    if spec is None:
        return {}
    for folder in spec.submodule_search_locations or ():
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            return json.loads(path.read_text("utf-8"))
    try:  # a build that keeps its data elsewhere: importing loads it, slower
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:
        return {}
    return {str(cp): text for cp, text in pinyin_dict.items()}


def _by_reading(readings: dict[str, str]) -> dict[str, list[int]]:
    """Each reading a character is sorted by (its commonest), and the characters read so."""
    by_reading: defaultdict[str, list[int]] = defaultdict(list)
    for point, text in readings.items():
        if chr(int(point)) not in _NAME_READINGS:
            by_reading[text.partition(",")[0]].append(int(point))
    for ch, reading in _NAME_READINGS.items():
        by_reading[reading].append(ord(ch))
    return by_reading


def _in_order(by_reading: dict[str, list[int]]) -> list[str]:
    # ≈ 1,500 distinct readings: sort those, not 42,000 characters' keys
    return sorted(by_reading, key=lambda r: (_syllable_key(r), r))


@cache
def _syllable_starts() -> list[int]:
    """The rank (``table``) at which each syllable's characters begin, tones aside: all
    of shi's (式, 试, 十 …) between one start and the next (≈ 420 numbers)."""
    by_reading = _by_reading(_readings())
    starts: list[int] = []
    rank, last = _HANZI, None
    for reading in _in_order(by_reading):
        syllable = _syllable_key(reading)[:2]
        if syllable != last:
            starts.append(rank)
            last = syllable
        rank += len(by_reading[reading])
    return starts


def sound_alike(a: str, b: str) -> bool:
    """Whether two hanzi are read as one syllable, tones aside (式 and 试, 工 and 公): the
    candidates a pinyin input method offers side by side, so typed one for the other. By
    each one's commonest reading (as sorted); False for anything else, or without pypinyin."""
    ranks = table()
    ra, rb = (ranks[ord(ch)] if ord(ch) < len(ranks) else 0 for ch in (a, b))
    if not (_HANZI <= ra < _UNREAD and _HANZI <= rb < _UNREAD):
        return False
    starts = _syllable_starts()
    return bisect_right(starts, ra) == bisect_right(starts, rb)


@cache
def table() -> list[int]:
    """Code point → the code point of its rank, for every digit, Latin letter and hanzi up
    to the last extension (≈ 205,000 entries, ≈ 7 MB)."""
    readings = _readings()
    last = max([_HANZI_BLOCKS[-1][1], *map(int, readings)])
    out = _identity_with(_latin_ranks(), last + 1)
    rank = _HANZI
    by_reading = _by_reading(readings)
    for reading in _in_order(by_reading):
        for cp in sorted(by_reading[reading]):
            out[cp] = rank
            rank += 1
    # A compatibility ideograph (金 U+F90A, pasted from a Korean or Japanese source or an
    # old system) looks like, and sorts as, the unified one it stands for: 金晓东 among the J.
    for low, high in _COMPATIBILITY:
        for cp in range(low, high + 1):
            unified = unicodedata.normalize("NFC", chr(cp))
            if unified != chr(cp) and len(unified) == 1 and out[ord(unified)] != ord(unified):
                out[cp] = out[ord(unified)]
    rank = _UNREAD
    for low, high in _HANZI_BLOCKS:
        for cp in range(low, high + 1):
            if out[cp] == cp:  # no reading
                out[cp] = rank
                rank += 1
    return out


@overload
def sort_key(text: str) -> str: ...
@overload
def sort_key(text: None) -> None: ...
def sort_key(text: str | None) -> str | None:
    """A text that compares, as a plain string, in the order described above."""
    if text is None:
        return None
    if text.isascii():  # names of letters and digits alone need no pinyin
        return text.translate(_ASCII)
    return text.translate(table())


def positions(texts: Sequence[str | None], descending: bool = False) -> list[int]:
    """Positions of ``texts`` in pinyin order: blanks (None or "") last whichever way, equal
    texts in position order, or the reverse when descending (as ``ORDER BY NULLIF(t, '') IS
    NULL, pinyin_key(t) DESC, position DESC``). Each distinct text is translated once:
    at 80,000 rows about half the time of SQLite calling ``pinyin_key`` on every row."""
    distinct = cast("set[str]", set(texts) - {None, ""})
    translation = _ASCII if all(map(str.isascii, distinct)) else table()
    keys: dict[str | None, str | None] = {t: t.translate(translation) for t in distinct}
    keys[None] = keys[""] = None
    ranked = list(map(keys.__getitem__, texts))
    filled = [p for p, key in enumerate(ranked) if key is not None]
    filled.sort(key=cast("list[str]", ranked).__getitem__)  # stable: equal texts keep their positions' order
    blank = [p for p, key in enumerate(ranked) if key is None]
    if descending:
        filled.reverse()
        blank.reverse()
    return filled + blank


def register(conn: sqlite3.Connection) -> None:
    """``pinyin_key(text)`` on ``conn``; a non-text value (a number) sorts as its text."""
    conn.create_function("pinyin_key", 1, _sql_key, deterministic=True)


def _sql_key(value: object) -> str | None:
    if value is None:
        return None
    return sort_key(value if isinstance(value, str) else str(value))
