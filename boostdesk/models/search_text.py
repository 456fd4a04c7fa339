"""The folded texts stored with each row: what a search fragment is matched against, and
a project title's key (two papers of one project have the same); registered as SQL
functions for migrations that rebuild them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from boostdesk.validate import fold_name_dots, normalize_text


def search_key(*parts: str | None) -> str:
    """Lower-cased text a search fragment is matched against, folded as the search box
    folds what is typed (full-width ５Ｇ as 5g, ideographic spaces as one space, a name's
    dot between hanzi as the middle dot: a title's 买买提・艾力 as the inventor's 买买提·艾力)."""
    return fold_name_dots(normalize_text(" ".join(filter(None, parts)))).lower()


def patent_search_key(inventor: str | None, raw: str | None, number: str | None,
                      title: str | None, unit: str | None, enterprise: str | None) -> str:
    """A patent application's search text: the number as typed, and as stored when it
    was typed otherwise (ZL 2021 1 0123456.7 is found by 202110123456)."""
    return search_key(inventor, raw, None if number == raw else number, title, unit,
                      enterprise)


# What two papers may write differently of one title: full-width letters and digits, spaces,
# punctuation (（一期） or (一期), 、 or ，), letter case.
_TITLE_NOISE = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)  # a campaign's titles, folded at every check
def title_key(title: str) -> str:
    """A project's title folded: two papers of one project have the same key. Stored as
    ``project_applications.title_key`` (migration 17), indexed with the campaign, for the
    year's papers of one title (rules.check's one title, two studios)."""
    return _TITLE_NOISE.sub("", unicodedata.normalize("NFKC", title)).lower()
