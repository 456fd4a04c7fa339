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


_SEP = "\ue000"  # between the rows' texts folded at once: no whitespace, NFKC leaves it


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
        self._folded = True
        self._extra = extra
        self._refs = refs
        # by row id: the text as shown, folded, and the references (a list reloaded with
        # the same texts, 拨付 after a payment, is not folded again)
        self._keys: dict[Any, tuple[str, str, frozenset[str]]] = {}

    @property
    def searching(self) -> bool:
        return bool(self.terms)

    def set_rows(self, rows: Iterable[Row | tuple[Any, ...]]) -> None:
        self.all_rows = [r if type(r) is Row else Row(*r) for r in rows]
        self._folded = False  # their keys are checked at the next search, not at each
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
        self._fold_new()
        keys = self._keys
        words = [t for t in self.terms if not REF.match(t)]
        refs = [t for t in self.terms if REF.match(t)]
        found = []
        for row in self.all_rows:
            _typed, text, row_refs = keys[row.id]
            if all(t in text for t in words) and all(t in row_refs for t in refs):
                found.append(row)
        return found

    def _fold_new(self) -> None:
        """The keys of the rows not folded yet, folded in one piece (a row reloaded as it
        was keeps its key: at 100,000 payment lines the folding takes 0.5 s)."""
        if self._folded:
            return
        self._folded = True
        keys = self._keys
        extra = self._extra
        new, raw = [], []
        for r in self.all_rows:
            text = " ".join((*r.cells, extra(r) if extra else ""))
            kept = keys.get(r.id)
            if kept is None or kept[0] != text:
                new.append(r)
                raw.append(text)
        if not new:
            return
        folded = search_key(_SEP.join(raw)).split(_SEP) if _SEP not in "".join(raw) else []
        if len(folded) != len(new):  # a row holding the separator: one by one
            folded = [search_key(t) for t in raw]
        for row, typed, text in zip(new, raw, folded, strict=True):
            refs = frozenset(self._refs(row)) if self._refs else frozenset()
            keys[row.id] = (typed, text, refs)
