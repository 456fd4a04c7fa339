"""Traditional characters folded to simplified, for the keys near copies are found by (no Qt).

许丹 typed 許丹 and 城市桥梁… typed 城市橋樑… are the same name and title to a clerk, not to
a key compared character by character: a paper copied in traditional characters got past
every near check (rules.near_people, near_titles, near_studios). The keys fold each
traditional character to its simplified form, one character for one (OpenCC's
TSCharacters table, from ``opencc-python-reimplemented``): a key, not a text to show, so
no phrase conversion, and a character OpenCC keeps where it is also simplified (乾, 於 as
a surname: its first simplified form) folds as OpenCC's table says first.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from importlib.util import find_spec
from itertools import islice, product
from pathlib import Path

MOST_SPELLINGS = 64  # a name's spellings looked up in the register, at most


TABLE = ("opencc", "dictionary", "TSCharacters.txt")


def _table_path() -> Path:
    """OpenCC's table, found without importing the package or importlib.resources (a
    first fold's cost at the intake desk, and the import's peak memory): in the
    PyInstaller bundle (build/boostdesk.spec keeps this one file), else beside the
    installed package."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (found := Path(bundle).joinpath(*TABLE)).is_file():
        return found
    spec = find_spec(TABLE[0])
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc-python-reimplemented 未安装（繁体字比对用）")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*TABLE[1:])


@cache
def _columns() -> tuple[str, str]:
    """OpenCC's one-for-one folds as two strings, a traditional character and its
    simplified form at the same place: 4,000-odd characters held in some 20 KB (a table of
    pairs or of one dict per direction held over a megabyte at an import's peak)."""
    trad, simple = [], []
    with _table_path().open(encoding="utf-8") as lines:
        for line in lines:
            t, _, s = line.partition("\t")
            first = next(iter(s.split()), "")
            if len(t) == 1 and len(first) == 1 and first != t:
                trad.append(t)
                simple.append(first)
    return "".join(trad), "".join(simple)


@cache
def _fold_table() -> dict[int, int]:
    """Traditional -> simplified (``str.translate``'s table)."""
    return str.maketrans(*_columns())


def fold(text: str) -> str:
    """``text`` with each traditional character put as its simplified form (a key); not
    kept (an import's thousands of names, each looked at once)."""
    return text if text.isascii() else text.translate(_fold_table())


@lru_cache(maxsize=1 << 16)  # once per name or title, not per comparison
def simplified(text: str) -> str:
    """:func:`fold`, kept: the keys the forms and checks compare again and again."""
    return fold(text)


def spellings(name: str) -> set[str]:
    """The ways ``name`` may be stored that fold as it does (许丹: 许丹, 許丹), at most
    ``MOST_SPELLINGS``: for a look-up by the register's index of names."""
    choices = [character_forms(ch) for ch in fold(name)]
    return {name, *("".join(p) for p in islice(product(*choices), MOST_SPELLINGS))}


# kept: an import's re-check spells each of its 10,000 names three times (the check's
# namesakes, the re-check's, their other spellings), a few hundred characters again and
# again — each a search of the 4,000-character column; a few thousand characters held
@lru_cache(maxsize=1 << 12)
def character_forms(ch: str) -> tuple[str, ...]:
    """A simplified character and the traditional ones folding to it (桥: 桥, 橋)."""
    trad, simple = _columns()
    forms = [ch]
    at = simple.find(ch)
    while at >= 0:  # (a few characters fold to one: 發, 髮 to 发)
        forms.append(trad[at])
        at = simple.find(ch, at + 1)
    return tuple(forms)
