"""A list that searches itself: its model keeps every row and shows those holding each
fragment typed, as the 工作室 and 单位与人员 lists do (no proxy model: the field notes).

A row is matched against its cells folded as the search box folds what is typed
(``search_key``), any ``extra`` text the screen gives for it (a patent number as stored,
a studio not shown) and its reference numbers (``项目6``, ``专利12``, as 打印's 申报 box
takes them): a fragment written as a reference finds that application, not 项目61.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from boostdesk.models.search_text import search_key

from .queries import search_terms
from .rows_model import Row, RowsModel

REF = re.compile(r"^(专利|项目)\d+$")


def matches(text: str, refs: frozenset[str], terms: Sequence[str]) -> bool:
    """Whether every term lies in ``text``, a reference term being one of ``refs`` too."""
    return all(t in refs if REF.match(t) else t in text for t in terms)


def project_refs(row: Row) -> tuple[str, ...]:
    """A row whose id is a project's: its reference number."""
    return (f"项目{row.id}",) if isinstance(row.id, int) else ()


class SearchRowsModel(RowsModel):
    """A RowsModel whose ``set_rows`` keeps every row and ``set_search`` picks the shown.

    ``extra(row)``: more text the row is found by; ``refs(row)``: its reference numbers."""

    def __init__(self, headers: Sequence[str], parent: Any = None, *,
                 extra: Callable[[Row], str] | None = None,
                 refs: Callable[[Row], Iterable[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(headers, parent, **kwargs)
        self.all_rows: list[Row] = []
        self.terms: list[str] = []
        self._extra = extra
        self._refs = refs
        # by row id: the row object its keys were made from (a list reloaded with the same
        # Row objects, 拨付's filters, is not folded again)
        self._keys: dict[Any, tuple[Row, str, frozenset[str]]] = {}

    @property
    def searching(self) -> bool:
        return bool(self.terms)

    def set_rows(self, rows: Iterable[Row | tuple[Any, ...]]) -> None:
        self.all_rows = [r if type(r) is Row else Row(*r) for r in rows]
        super().set_rows(self._found())

    def set_search(self, text: str) -> None:
        """Show the rows holding every fragment of ``text`` (all of them for none)."""
        terms = search_terms(text)
        if terms == self.terms:
            return
        self.terms = terms
        super().set_rows(self._found())

    def _found(self) -> list[Row]:
        if not self.terms:
            return self.all_rows
        terms = self.terms
        return [r for r in self.all_rows if matches(*self._key(r), terms)]

    def _key(self, row: Row) -> tuple[str, frozenset[str]]:
        kept = self._keys.get(row.id)
        if kept is not None and kept[0] is row:
            return kept[1], kept[2]
        text = search_key(*row.cells, self._extra(row) if self._extra else "")
        refs = frozenset(self._refs(row)) if self._refs else frozenset()
        self._keys[row.id] = (row, text, refs)
        return text, refs
