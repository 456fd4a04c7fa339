"""A list that searches itself: its model keeps every row and shows those holding each
fragment typed, as the 工作室 and 单位与人员 lists do (no proxy model: the field notes).

A row is matched against its cells folded as the search box folds what is typed
(``search_key``), any ``extra`` text the screen gives for it (a patent number as stored,
a studio not shown) and its reference numbers (``项目6``, ``专利12``, as 打印's 申报 box
takes them): a fragment written as a reference finds that application, not 项目61.

Speed (100,000 rows: README's Speed section, ``benchmarks/run.py --only lists``). A search
fragment holds no whitespace, so it can never span two cells: each distinct cell text is
folded once (``_Folder``, kept across reloads: 拨付 after a payment folds nothing new) and a
row's text is its folded cells joined by spaces, all rows in one piece. The rows of a
load are folded in the background, in slices of a few milliseconds between the window's
events, so opening the list costs nothing and the first search finds the work done (at
100,000 payment lines ≈ 0.8 s of slices). A search typed sooner is *counted*: it looks at
the rows in the order shown, folding those not folded yet, until it has a screenful of
them or has spent ``FIRST_S`` (a short list: all of it), shows those, and goes on in the
background slices, the rows found after appended (``rowsInserted``) and ``counted``
emitted once every row has been looked at (``counting`` meanwhile: the count beside the
box says it is still looking). Folding the rest first held the first keystroke 66 ms at
19,800 projects (资格审核) and 0.85 s at 100,000 payment lines.

A search is a mask (one byte a row) as the register view's ``search_keys.Searcher`` makes
it: a fragment extending an earlier one looks among that one's matches only, Backspace
finds its mask kept (a counted search's too, once done), and a sorted list keeps the
order of all its rows once made, the rows found taken from it in that order.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, compress, repeat
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal

from boostdesk.models.search_text import search_key

from .queries import search_terms
from .rows_model import Row, RowsModel, _key
from .search_keys import both, match, narrows

REF = re.compile(r"^(专利|项目)\d+$")


def matches(text: str, refs: frozenset[str], terms: Sequence[str]) -> bool:
    """Whether every term lies in ``text``, a reference term being one of ``refs`` too."""
    return all(t in refs if REF.match(t) else t in text for t in terms)


_SEP = "\ue000"  # between the texts folded at once: no whitespace, NFKC leaves it


def project_refs(row: Row) -> tuple[str, ...]:
    """A row whose id is a project's: its reference number."""
    return (f"项目{row.id}",) if isinstance(row.id, int) else ()


class _Folder:
    """Texts folded by ``search_key``, each distinct one once, kept across loads (those no
    load since the last prune used are dropped when they outnumber those used)."""

    def __init__(self) -> None:
        self.folded: dict[str, str] = {_ROW: _ROW}
        self._used: set[str] = set()

    def start_load(self) -> None:
        self._used = set()

    def end_load(self) -> None:
        if len(self.folded) > 2 * len(self._used) + 1000:
            folded = self.folded
            self.folded = {t: folded[t] for t in self._used}
            self.folded[_ROW] = _ROW
        self._used = set()

    def fold(self, texts: set[str]) -> None:
        """Fold the texts not folded yet, in one piece."""
        self._used |= texts
        new = texts.difference(self.folded)
        if not new:
            return
        raw = list(new)
        # NFKC over the whole piece takes its slow path (≈ 0.1 µs a character) as soon as
        # one character needs it: those texts are normalized alone (NFKC is idempotent and
        # stops at the separator, so the piece then passes its quick check).
        ready = [t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)
                 for t in raw]
        out = search_key(_SEP.join(ready)).split(_SEP) if _SEP not in "".join(raw) else []
        if len(out) != len(raw):  # a text holding the separator: one by one
            out = [search_key(t) for t in raw]
        self.folded.update(zip(raw, out, strict=True))


_ROW = "\ue001"  # after each row's text in the piece they are joined in (folded: itself)


def _joined(cells: list[tuple[str, ...]], extras: list[str] | None,
            got: Callable[[str], str]) -> list[str]:
    """Each row's folded cells (and extra text) joined by spaces. Joined all at once, a
    row mark after each, and split again: no Python step a row (a join a row took 3–4 µs,
    0.4 s at 100,000 rows)."""
    n = len(cells)
    if set(map(type, cells)) <= {tuple}:
        ends = (zip(extras, repeat(_ROW, n), strict=True) if extras is not None
                else repeat((_ROW,), n))
        texts = " ".join(map(got, chain.from_iterable(map(tuple.__add__, cells, ends)))
                         ).split(_ROW)
        if len(texts) == n + 1:
            texts.pop()
            return texts
    # a text holding the mark, or cells given as a list
    rows = [" ".join(map(got, c)) for c in cells]
    return rows if extras is None else [
        f"{t} {got(x)}" for t, x in zip(rows, extras, strict=True)]


class _Count:
    """A search still looking at the rows: those of ``order`` before ``pos`` are looked at,
    ``mask`` marking those holding every word (a row's reference terms tested as it is
    found)."""

    def __init__(self, words: tuple[str, ...], refs: list[str], order: Sequence[int]) -> None:
        self.words = words
        self.refs = refs
        self.order = order
        self.pos = 0
        self.mask = bytearray(len(order))

    @property
    def done(self) -> bool:
        return self.pos >= len(self.order)


class SearchRowsModel(RowsModel):
    """A RowsModel whose ``set_rows`` keeps every row and ``set_search`` picks the shown.

    ``extra(row)``: more text the row is found by; ``refs(row)``: its reference numbers.
    A search typed while the rows are still being folded shows the first rows found at
    once and appends the others (``counting`` until ``counted``)."""

    counted = Signal()  # a search's rows all found, after the first of them were shown

    FOLD_SLICE_S = 0.008  # folding in the background yields to the window this often
    FOLD_ROWS = 500  # rows folded between two looks at the clock (2–4 ms)
    MATCHES_KEPT = 24  # recent fragments' masks (one byte a row each)
    # the background waits this long after a load or a search: the rows shown painted, and
    # a keystroke typed at once answered, first
    FOLD_AFTER_MS = 50
    FIRST_ROWS = 2000  # a search's first answer looks at this many rows at least…
    FIRST_S = 0.006  # …then until it has spent this long looking (≈ 1,000 rows folded)…
    SCREENFUL = 100  # …or has found this many rows (more than a screen shows)

    def __init__(self, headers: Sequence[str], parent: Any = None, *,
                 extra: Callable[[Row], str] | None = None,
                 refs: Callable[[Row], Iterable[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(headers, parent, **kwargs)
        self.all_rows: list[Row] = []
        self.terms: list[str] = []
        self._extra = extra
        self._refs = refs
        self._folder = _Folder()
        self._texts: list[str | None] = []  # folded, one a row of all_rows (None: not yet)
        self._left = 0  # rows not folded yet
        self._next = 0  # the background's next row: those before it are folded
        self._count: _Count | None = None  # a search still looking
        # the rows shown, one byte a row of all_rows (None: every row, no search): what a
        # screen's totals are taken from without walking the rows found (``found_mask``)
        self._shown_mask: bytes | None = None
        self._ref_index: dict[str, list[int]] | None = None  # reference → rows, when asked
        self._matches: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        self._orders: dict[tuple[int, bool], list[int]] = {}  # sorted positions in all_rows
        self._sort_keys: dict[int, dict[str, Any]] = {}  # by column: a cell's sort key
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fold_some)

    @property
    def searching(self) -> bool:
        return bool(self.terms)

    @property
    def folded(self) -> bool:
        """Every row's text folded (the background work of a load done)."""
        return not self._left

    @property
    def counting(self) -> bool:
        """The search shown is still looking at rows: more may be appended."""
        return self._count is not None

    def found_mask(self) -> bytes | None:
        """The rows shown as one byte a row of ``all_rows`` (1: shown; None: every row),
        whatever their order: a screen sums what they hold with it at C speed instead of
        walking 100,000 rows at each keystroke. Only while not ``counting``."""
        if self._count is not None:
            raise RuntimeError("the search is still counting: its rows are not all found")
        return self._shown_mask

    def set_rows(self, rows: Iterable[Row | tuple[Any, ...]]) -> None:
        self.all_rows = [r if type(r) is Row else Row(*r) for r in rows]
        n = len(self.all_rows)
        self._texts = [None] * n
        self._left, self._next = n, 0
        self._count = None
        self._ref_index = None
        self._matches.clear()
        self._orders.clear()
        self._sort_keys.clear()
        self._folder.start_load()
        if not n:
            self._folder.end_load()
        self._search()

    def set_search(self, text: str) -> None:
        """Show the rows holding every fragment of ``text`` (all of them for none)."""
        terms = search_terms(text)
        if terms == self.terms:
            return
        self.terms = terms
        self._search()

    def finish(self) -> None:
        """Look at every row now (a search still counting appends the rest of its rows)."""
        count = self._count
        if count is not None:
            self._append(self._look(count, len(count.order), 0.0, len(count.order) + 1))
            self._counted()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # the rows found so far would be sorted, those appended after not: all found first
        self.finish()
        super().sort(column, order)

    def _search(self) -> None:
        """Show the rows the terms find: at once when every row is folded, else counted."""
        self._count = None
        self._shown_mask = None
        if not self.terms or not self._left:
            found = self._found()
        else:
            words = tuple(t for t in self.terms if not REF.match(t))
            refs = [t for t in self.terms if REF.match(t)]
            count = _Count(words, refs, self._order() or range(len(self.all_rows)))
            found = self._look(count, self.FIRST_ROWS, time.perf_counter() + self.FIRST_S,
                               self.SCREENFUL)
            if count.done:
                self._keep_mask(count)
                self._shown_mask = self._counted_mask(count)
            else:
                self._count = count  # before the reset: its listeners see it counting
        if self._left or self._count is not None:  # the rest once the rows are painted
            self._timer.start(self.FOLD_AFTER_MS)
        self._reset(found)

    def _reset(self, rows: list[Row]) -> None:
        """Show ``rows``, already in the order shown."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def _append(self, rows: list[Row]) -> None:
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    # -- folding -------------------------------------------------------------------------
    def _fold_at(self, positions: Sequence[int]) -> None:
        """Fold the rows at these positions of ``all_rows`` not folded yet."""
        texts = self._texts
        todo = [p for p in positions if texts[p] is None]
        if not todo:
            return
        rows = list(map(self.all_rows.__getitem__, todo))
        cells = [r.cells for r in rows]
        distinct = set(chain.from_iterable(cells))
        extras = [self._extra(r) for r in rows] if self._extra else None
        if extras is not None:
            distinct.update(extras)
        folder = self._folder
        folder.fold(distinct)
        joined = _joined(cells, extras, folder.folded.__getitem__)
        if isinstance(positions, range) and len(todo) == len(positions):
            texts[positions.start:positions.stop] = joined
        else:
            for p, text in zip(todo, joined, strict=True):
                texts[p] = text
        self._left -= len(todo)
        if not self._left:
            folder.end_load()

    def _fold_some(self) -> None:
        """A slice of the background work: the search counting, else the folding; the next
        slice after the window's own events."""
        deadline = time.perf_counter() + self.FOLD_SLICE_S
        count = self._count
        if count is not None:  # a slice looks at FOLD_ROWS rows at least: it gets on
            self._append(self._look(count, self.FOLD_ROWS, deadline, len(count.order) + 1))
            if count.done:
                self._counted()
        else:
            n = len(self.all_rows)
            while self._left:
                stop = min(n, self._next + self.FOLD_ROWS)
                self._fold_at(range(self._next, stop))
                self._next = stop
                if time.perf_counter() >= deadline:
                    break
        if self._left or self._count is not None:
            self._timer.start(0)

    # -- finding -------------------------------------------------------------------------
    def _look(self, count: _Count, least: int, deadline: float, enough: int) -> list[Row]:
        """The rows found in the next rows of ``count`` looked at (folded first): at least
        ``least`` of them, then until ``deadline`` or ``enough`` found."""
        order, n = count.order, len(count.order)
        rows, texts, mask = self.all_rows, self._texts, count.mask
        words, refs, of = count.words, count.refs, self._refs
        need = set(refs)
        start, found = count.pos, list[Row]()
        while count.pos < n and (count.pos - start < least or (
                len(found) < enough and time.perf_counter() < deadline)):
            stop = min(n, count.pos + self.FOLD_ROWS)
            chunk = order[count.pos:stop]
            self._fold_at(chunk)
            if words:
                part = (texts[chunk.start:chunk.stop] if isinstance(chunk, range)
                        else list(map(texts.__getitem__, chunk)))
                hits = list(compress(chunk, match(part, words)))  # type: ignore[arg-type]
                for p in hits:
                    mask[p] = 1
            else:
                hits = list(chunk)
            if refs:  # as ``_ref_mask``: the row's references hold every reference term
                hits = [p for p in hits if of is not None and need <= set(of(rows[p]))]
            found.extend(map(rows.__getitem__, hits))
            count.pos = stop
        return found

    def _keep_mask(self, count: _Count) -> None:
        """A search that has looked at every row: its words' mask kept as ``_match``'s."""
        if count.words:
            self._matches[count.words] = bytes(count.mask)
            if len(self._matches) > self.MATCHES_KEPT:
                self._matches.popitem(last=False)

    def _counted(self) -> None:
        count, self._count = self._count, None
        if count is not None:
            self._keep_mask(count)
            self._shown_mask = self._counted_mask(count)
            self.counted.emit()

    def _counted_mask(self, count: _Count) -> bytes | None:
        """The rows a counted search found, as ``_look`` took them: its words' hits, of
        those the rows holding every reference term."""
        mask = bytes(count.mask) if count.words else None
        for ref in count.refs:
            mask = self._ref_mask(ref) if mask is None else both(mask, self._ref_mask(ref))
        return mask

    def _found(self) -> list[Row]:
        """The rows found, every row folded (or no terms)."""
        rows = self.all_rows
        if not self.terms:
            mask = None
        else:
            words = tuple(t for t in self.terms if not REF.match(t))
            masks = [self._match(words)] if words else []
            masks.extend(self._ref_mask(t) for t in self.terms if REF.match(t))
            mask = masks[0]
            for other in masks[1:]:
                mask = both(mask, other)
        self._shown_mask = mask
        order = self._order()
        if order is None:
            return rows[:] if mask is None else list(compress(rows, mask))
        if mask is None:
            return list(map(rows.__getitem__, order))
        return [rows[p] for p in order if mask[p]]

    def _match(self, words: tuple[str, ...]) -> bytes:
        found = self._matches.get(words)
        if found is not None:
            self._matches.move_to_end(words)
            return found
        among: bytes | None = None
        fewest = len(self._texts) + 1
        for earlier, candidates in self._matches.items():
            if narrows(earlier, words):
                count = candidates.count(1)
                if count < fewest:
                    among, fewest = candidates, count
        found = self._matches[words] = match(self._texts, words, among)  # type: ignore[arg-type]
        if len(self._matches) > self.MATCHES_KEPT:
            self._matches.popitem(last=False)
        return found

    def _ref_mask(self, ref: str) -> bytes:
        if self._ref_index is None:
            index: dict[str, list[int]] = {}
            if self._refs is not None:
                for p, row in enumerate(self.all_rows):
                    for r in self._refs(row):
                        index.setdefault(r, []).append(p)
            self._ref_index = index
        mask = bytearray(len(self.all_rows))
        for p in self._ref_index.get(ref, ()):
            mask[p] = 1
        return bytes(mask)

    # -- order ---------------------------------------------------------------------------
    def _cell_keys(self, column: int, cells: Iterable[str]) -> dict[str, Any]:
        """The sort key of each distinct text of the column, made once."""
        keys = self._sort_keys.setdefault(column, {})
        for cell in cells:
            if cell not in keys:
                keys[cell] = _key(cell)
        return keys

    def _order(self) -> list[int] | None:
        """Positions in ``all_rows`` in the order a header click chose (None: as given):
        the rows found come out as sorting them would put them (a stable sort)."""
        if self._sort is None:
            return None
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        made = self._orders.get((column, descending))
        if made is None:
            rows = self.all_rows
            keys = self._cell_keys(column, (r.cells[column] for r in rows))
            made = sorted(range(len(rows)), key=lambda p: keys[rows[p].cells[column]],
                          reverse=descending)
            self._orders[(column, descending)] = made
        return made

    def _apply_sort(self) -> None:
        """A header click: the rows in view sorted (those equal keep their places)."""
        if self._sort is None:
            return
        column, order = self._sort
        keys = self._cell_keys(column, (r.cells[column] for r in self.rows))
        self.rows.sort(key=lambda r: keys[r.cells[column]],
                       reverse=order == Qt.SortOrder.DescendingOrder)
