"""The folded texts stored with each row: what a search fragment is matched against, and
a project title's key (two papers of one project have the same); registered as SQL
functions for migrations that rebuild them.

A transliterated name's middle dot is no part of what is matched: a clerk types 买买提艾力
as often as 买买提·艾力 (the dot is hard to type), and either finds the other. The texts
stored before the dot was left out keep it: every matcher drops it as it reads them
(:data:`NAME_DOT`, :func:`without_name_dots`), so no register is rebuilt.

A caller on the telephone gives the last digits of his ID card, phone or union card, or
the whole number. A paper's numbers are kept beside its text, in ``search_numbers``
(migration 27): a patent's inventor's ID, phone and cards, a project's contact phone
(:func:`number_keys`), each between ( ). A term of digits is looked for there too, as
:func:`number_term` makes it: a term of 4–6 digits at a number's end, a longer one the
whole number — not 1970 inside every ID of that year. The text itself holds no number but
the patent's: a fragment of a patent number is never found inside an ID, and a search of
names and titles reads no more than before. The lists show the numbers masked only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from boostdesk.hanzi_fold import simplified
from boostdesk.validate import fold_name_dots, normalize_text, tidy_name

# The middle dot (fold_name_dots writes every dot typed between hanzi as it), left out of
# what is matched wherever it stands.
NAME_DOT = "\u00b7"
NAME_DOT_UTF8 = NAME_DOT.encode()  # b"\xc2\xb7": no other character's UTF-8 holds it
NAME_DOT_SQL = "replace({}, '\u00b7', '')"  # a stored text as the matchers read it


def without_name_dots(text: str) -> str:
    """``text`` without the middle dot: what a search text and a fragment are compared as."""
    return text.replace(NAME_DOT, "") if NAME_DOT in text else text


def search_key(*parts: str | None) -> str:
    """Lower-cased text a search fragment is matched against, folded as the search box
    folds what is typed (full-width ５Ｇ as 5g, ideographic spaces as one space, a name's
    dot between hanzi, whichever was typed, left out: a title's 买买提・艾力 and the
    inventor's 买买提·艾力 are both 买买提艾力)."""
    return without_name_dots(fold_name_dots(normalize_text(" ".join(filter(None, parts))))
                             ).lower()


NUMBER_OPEN, NUMBER_CLOSE = "(", ")"  # around each number in ``search_numbers``
_DIGITS = re.compile(r"[0-9]{3,}[0-9xX]")  # a number kept or looked for: an ID's X last
TAIL_MAX = 6  # a term of 4 to 6 digits is a number's end; a longer one the whole number


_SEPARATORS = re.compile(r"[\s\-()]+")  # between a number's parts (010-83570885)


def _forms(number: str) -> list[str]:
    """The digits a stored number is found by: a phone without its extension (转123), and
    a landline both with its area code and without (010-83570885: 01083570885, 83570885)."""
    if number.isascii() and number.isalnum():  # an ID, a card, a mobile: one part, itself
        return [number.lower()] if _DIGITS.fullmatch(number) else []
    parts = _SEPARATORS.split(number.split("转")[0].strip())
    parts = [p for p in parts if p]
    forms = ["".join(parts)] + (parts[-1:] if len(parts) > 1 else [])
    return [f.lower() for f in forms if _DIGITS.fullmatch(f)]


def number_keys(*numbers: str | None) -> str:
    """A paper's ``search_numbers``: these numbers (an ID, phones, union cards), each
    between ( ), once; "" when none is a number. Lower-case (an ID's x), as matched."""
    seen: list[str] = []
    for number in numbers:
        for form in _forms(number) if number else ():
            key = f"{NUMBER_OPEN}{form}{NUMBER_CLOSE}"
            if key not in seen:
                seen.append(key)
    return "".join(seen)


def number_term(term: str) -> str | None:
    """What a search term (lower-case) finds a number by in ``search_numbers`` (None: a
    term of no number): 6132 the numbers ending in 6132 (``6132)``), 13954017834 or an ID
    typed whole that number (``(13954017834)``). A dash typed inside is no digit
    (010-83570885)."""
    compact = term.replace("-", "") if "-" in term else term
    if not _DIGITS.fullmatch(compact):
        return None
    key = compact + NUMBER_CLOSE
    return key if len(compact) <= TAIL_MAX else NUMBER_OPEN + key


def holds(text: str, numbers: str, term: str, key: str | None) -> bool:
    """Whether a paper's text and numbers match ``term`` (``key``: its ``number_term``)."""
    return term in text or (key is not None and key in numbers)


def implies(new: str, old: str) -> bool:
    """Whether every paper matching the term ``new`` matches ``old`` too: the text holding
    ``new`` holds ``old``, and a number ``new`` finds is one ``old`` finds (张伟 → 张;
    16132 → 6132; not 613 → 6132, nor 6132 → 61325)."""
    if old not in new:
        return False
    new_key, old_key = number_term(new), number_term(old)
    return new_key is None or (old_key is not None and old_key in new_key)


def _name(name: str | None) -> str | None:
    return tidy_name(name) if name else name


def patent_search_key(inventor: str | None, raw: str | None, number: str | None,
                      title: str | None, unit: str | None, enterprise: str | None) -> str:
    """A patent application's search text: the number as typed, and as stored when it
    was typed otherwise (ZL 2021 1 0123456.7 is found by 202110123456); the names as the
    register keeps them (``tidy_name``), as a rebuild from its tables writes them."""
    return search_key(_name(inventor), raw, None if number == raw else number, title,
                      _name(unit), _name(enterprise))


def patent_numbers(id_number: str | None, phone: str | None, card: str | None,
                   person_card: str | None) -> str:
    """A patent paper's ``search_numbers``: its inventor's ID and phone (his, or as the
    paper gave them naming none), the card the paper gave and the one he holds now.
    :data:`PATENT_NUMBERS_SQL` reads them so (``a`` the paper, ``p`` its person)."""
    return number_keys(id_number, phone, card, person_card)


# A person's facts his papers' search texts and numbers hold (his name, the numbers above):
# a change of one of them writes every paper of his again (``_reindex_person``).
SEARCHED_FACTS = frozenset(("name", "id_number", "phone", "card_number"))

PATENT_NUMBERS_SQL = ("COALESCE(p.id_number, a.reported_id_number),"
                      " COALESCE(p.phone, a.reported_phone), a.card_number, p.card_number")


def project_search_key(title: str | None, studio: str | None, leader: str | None,
                       unit: str | None, enterprise: str | None, contact: str | None) -> str:
    """A project application's search text, its names as the register keeps them (as a
    rebuild from its tables writes them): a studio typed 买买提•艾力 职工创新工作室 is
    买买提艾力职工创新工作室 here as on 工作室 (kept with its space, it was not found by
    that name typed whole on 创新项目). Its contact phone is in its ``search_numbers``."""
    return search_key(title, _name(studio), _name(leader), _name(unit), _name(enterprise),
                      _name(contact))


# What two papers may write differently of one title: full-width letters and digits, spaces,
# punctuation (（一期） or (一期), 、 or ，), letter case.
_TITLE_NOISE = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)  # a campaign's titles, folded at every check
def title_key(title: str) -> str:
    """A project's title folded: two papers of one project have the same key. Stored as
    ``project_applications.title_key`` (migration 17), indexed with the campaign, for the
    year's papers of one title (rules.check's one title, two studios). In simplified
    characters (hanzi_fold, migration 33): 城市橋樑… copied is 城市桥梁…."""
    return simplified(_TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title)).lower())
