"""The folded texts stored with each row: what a search fragment is matched against, and
a project title's key (two papers of one project have the same); registered as SQL
functions for migrations that rebuild them.

A transliterated name's middle dot is no part of what is matched: a clerk types 买买提艾力
as often as 买买提·艾力 (the dot is hard to type), and either finds the other. The texts
stored before the dot was left out keep it: every matcher drops it as it reads them
(:data:`NAME_DOT`, :func:`without_name_dots`), so no register is rebuilt.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def _name(name: str | None) -> str | None:
    return tidy_name(name) if name else name


def patent_search_key(inventor: str | None, raw: str | None, number: str | None,
                      title: str | None, unit: str | None, enterprise: str | None) -> str:
    """A patent application's search text: the number as typed, and as stored when it
    was typed otherwise (ZL 2021 1 0123456.7 is found by 202110123456); the names as the
    register keeps them (``tidy_name``), as a rebuild from its tables writes them."""
    return search_key(_name(inventor), raw, None if number == raw else number, title,
                      _name(unit), _name(enterprise))


def project_search_key(title: str | None, studio: str | None, leader: str | None,
                       unit: str | None, enterprise: str | None, contact: str | None) -> str:
    """A project application's search text, its names as the register keeps them (as a
    rebuild from its tables writes them): a studio typed 买买提•艾力 职工创新工作室 is
    买买提艾力职工创新工作室 here as on 工作室 (kept with its space, it was not found by
    that name typed whole on 创新项目)."""
    return search_key(title, _name(studio), _name(leader), _name(unit), _name(enterprise),
                      _name(contact))


# What two papers may write differently of one title: full-width letters and digits, spaces,
# punctuation (（一期） or (一期), 、 or ，), letter case.
_TITLE_NOISE = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)  # a campaign's titles, folded at every check
def title_key(title: str) -> str:
    """A project's title folded: two papers of one project have the same key. Stored as
    ``project_applications.title_key`` (migration 17), indexed with the campaign, for the
    year's papers of one title (rules.check's one title, two studios)."""
    return _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title)).lower()
