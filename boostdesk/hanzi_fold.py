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

from functools import cache, lru_cache
from importlib.resources import files
from itertools import islice, product

MOST_SPELLINGS = 64  # a name's spellings looked up in the register, at most


@cache
def _tables() -> tuple[dict[int, str], dict[str, tuple[str, ...]]]:
    """Traditional -> simplified (one character each), and simplified -> its traditional
    forms (for the register's names, stored as typed)."""
    text = files("opencc").joinpath("dictionary", "TSCharacters.txt").read_text("utf-8")
    fold: dict[int, str] = {}
    back: dict[str, list[str]] = {}
    for line in text.splitlines():
        trad, _, simple = line.partition("\t")
        first = simple.split()[0] if simple.split() else ""
        if len(trad) == 1 and len(first) == 1 and first != trad:
            fold[ord(trad)] = first
            back.setdefault(first, []).append(trad)
    return fold, {s: tuple(t) for s, t in back.items()}


def fold(text: str) -> str:
    """``text`` with each traditional character put as its simplified form (a key); not
    kept (an import's thousands of names, each looked at once)."""
    return text if text.isascii() else text.translate(_tables()[0])


@lru_cache(maxsize=1 << 16)  # once per name or title, not per comparison
def simplified(text: str) -> str:
    """:func:`fold`, kept: the keys the forms and checks compare again and again."""
    return fold(text)


def spellings(name: str) -> set[str]:
    """The ways ``name`` may be stored that fold as it does (许丹: 许丹, 許丹), at most
    ``MOST_SPELLINGS``: for a look-up by the register's index of names."""
    back = _tables()[1]
    choices = [(ch, *back.get(ch, ())) for ch in fold(name)]
    return {name, *("".join(p) for p in islice(product(*choices), MOST_SPELLINGS))}


def character_forms(ch: str) -> tuple[str, ...]:
    """A simplified character and the traditional ones folding to it (桥: 桥, 橋)."""
    return (ch, *_tables()[1].get(ch, ()))
