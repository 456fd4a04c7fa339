"""The folded text a search fragment is matched against (stored with each row, and
registered as SQL functions for migrations that rebuild it)."""

from __future__ import annotations

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
