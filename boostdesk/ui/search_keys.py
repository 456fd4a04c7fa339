"""Search as you type from memory: the same ids, in the same order, as ``queries.search_ids``.

At 100,000 applications ``search_ids`` spends 40–45 ms of a keystroke on ``LIKE '%…%'`` over
every ``search_text`` of the campaign and 20–35 ms on a filter change. A :class:`Searcher`
answers the same searches from memory:

- the campaign's ids and ``search_text`` values in id order (:class:`Keys`, ≈ 20 MB at
  80,000 applications), read by the first search (opening the view) in one aggregate
  query that SQLite joins into byte strings, so no Python loop runs per row; each paper's
  numbers (``search_numbers``: a term of digits is looked for there too,
  ``search_text.number_term``) likewise, by the first search holding such a term (read
  with the texts they added ≈ 50 ms to every opening, for a search few make);
- a text is a mask (one byte an application) of the texts holding every fragment, as ``LIKE``
  compares them; a text that extends an earlier one (every earlier fragment inside a new one)
  is looked for among the earlier matches only, and Backspace finds its earlier mask;
- a filter value (推荐单位, 状态, 资格) is a mask too, from the ids SQLite finds by the same
  condition (``queries.filter_clauses``) over its index the first time;
- the display order of each sort column, from SQL (``search_ids`` without filters) on its
  first use, or for a Chinese column (pinyin order) from its texts read in one aggregate
  and each distinct one translated once (:func:`pinyin_order`); filtering keeps that order.

Before each search the connection's ``total_changes`` (its own writes) and ``PRAGMA
data_version`` (a commit by any other connection: another window, a worker, another process)
are compared with the values it was built on. A commit by another connection drops all of
it, unless it was this window's worker's (an import) and its rows were handed over
(``journal.hand_over``): they are taken in as this connection's own. This connection's own
writes (a save, an undo, a status move) are taken in from ``boostdesk.models.journal``: the
rows written are read again and patched into the texts, the masks and the sort orders (each
moved row placed by a binary search over its neighbours' sort values), so a save while the
view is shown costs milliseconds, not the 0.3–0.7 s of reading 80,000 texts and sorting
again. A row gone or added other than at the end moves the positions (the orders are mapped
over, the masks made again); an order with many rows moved is made afresh, and thousands of
rows written read everything again. A column sorted the other way round is its order
reversed (the blanks kept last). Inside an open transaction searches run in SQL, which sees
the uncommitted rows.
No Qt here.
"""

from __future__ import annotations

import binascii
import re
import sqlite3
import sys
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from typing import Any

from boostdesk.models import journal
from boostdesk.models.journal import Token, change_token
from boostdesk.models.search_text import NAME_DOT_UTF8, holds, implies, number_term
from boostdesk.pinyin_order import positions
from boostdesk.pinyin_order import sort_key as pinyin_key

from . import queries
from .queries import Column, Filters, StreamSpec

_SEP = "\x1f"  # between the texts in an aggregate
_SPARSE = 4  # an earlier match under a quarter of the texts: visit those only


@dataclass
class Keys:
    """One campaign's applications in id order, each with its ``search_text`` folded as
    SQLite's ``LIKE`` folds it (ASCII letters only) and without a name's middle dot (as
    ``queries.search_ids`` reads it), its ``search_numbers`` once a search of digits
    wanted them (:func:`read_numbers`), and the masks of filters used."""

    campaign_id: int
    ids: list[int]  # ascending
    texts: list[str]
    numbers: list[str] | None = None  # each paper's, beside its text; None: not read yet
    masks: dict[tuple[str, str, tuple[Any, ...]], bytes] = field(default_factory=dict)


def _ints(hex_words: bytes) -> array:
    """array('q') from 16 hex digits a number (what ``printf('%016x', …)`` writes)."""
    words = array("q", binascii.unhexlify(hex_words))  # big-endian
    if sys.byteorder == "little":
        words.byteswap()
    return words


def read_keys(conn: sqlite3.Connection, spec: StreamSpec, campaign_id: int) -> Keys:
    """The campaign's ids and folded texts from one aggregate query (its numbers: when a
    search wants them, :func:`read_numbers`)."""
    count, seps, id_hex, text_blob = conn.execute(
        f"SELECT count(*), sum(instr(a.search_text, char({ord(_SEP)})) > 0),"
        " CAST(group_concat(printf('%016x', a.id), '') AS BLOB),"
        f" CAST(group_concat(coalesce(a.search_text, ''), char({ord(_SEP)})) AS BLOB)"
        f" FROM (SELECT id, search_text FROM {spec.table}"
        " WHERE campaign_id = ? ORDER BY id) a",
        (campaign_id,),
    ).fetchone()
    if not count:
        return Keys(campaign_id, [], [], [])
    ids = _ints(id_hex).tolist()
    if seps or ids != sorted(ids):
        return _read_rows(conn, spec, campaign_id)
    # bytes.lower folds ASCII letters only: what SQLite's LIKE ignores the case of.
    # One copy of the texts at a time (≈ 12 MB each at 80,000 applications).
    folded = _folded(text_blob)
    del text_blob
    text = folded.decode()
    del folded
    texts = text.split(_SEP)
    del text
    return Keys(campaign_id, ids, texts)


def _read_rows(conn: sqlite3.Connection, spec: StreamSpec, campaign_id: int) -> Keys:
    """The keys row by row: slower, for texts holding the separator."""
    rows = conn.execute(
        f"SELECT id, CAST(coalesce(search_text, '') AS BLOB)"
        f" FROM {spec.table} WHERE campaign_id = ? ORDER BY id", (campaign_id,),
    ).fetchall()
    return Keys(campaign_id, [r[0] for r in rows], [_folded(r[1]).decode() for r in rows])


def read_numbers(conn: sqlite3.Connection, spec: StreamSpec, keys: Keys) -> list[str]:
    """``keys``' papers' ``search_numbers`` (lower-case), beside their texts, read once
    (one aggregate query) and kept in ``keys``; a paper not found (cannot happen while the
    keys are up to date) has none."""
    if keys.numbers is not None:
        return keys.numbers
    if not keys.ids:
        keys.numbers = []
        return keys.numbers
    numbers = numbers_of(keys, campaign_numbers(conn, spec, keys.campaign_id))
    if numbers is not None:
        keys.numbers = numbers
        return numbers
    held = dict(conn.execute(  # row by row: slower, for numbers holding the separator
        f"SELECT id, lower(search_numbers) FROM {spec.table} WHERE campaign_id = ?",
        (keys.campaign_id,)))
    keys.numbers = [held.get(app_id, "") for app_id in keys.ids]
    return keys.numbers


@dataclass(frozen=True)
class CampaignNumbers:
    """A campaign's papers' ``search_numbers`` in id order (lower-case), with the count
    and ends of the ids they were read for."""

    count: int
    first: int | None
    last: int | None
    numbers: list[str] | None  # None: one holds the separator (read row by row)


def campaign_numbers(conn: sqlite3.Connection, spec: StreamSpec,
                     campaign_id: int) -> CampaignNumbers:
    """The campaign's numbers from one aggregate query: on the UI thread, or ahead of the
    first search that wants them on a reading connection of a thread's own (≈ 50 ms at
    8,000 patents, 0.25 s at 80,000: the window froze at a phone's fourth digit)."""
    # In id order, as the keys; the ids themselves not read again (≈ 13 ms at 80,000):
    # their count and ends compared (numbers_of), and a number holding the separator
    # would split into more numbers than papers.
    count, first, last, number_blob = conn.execute(
        f"SELECT count(*), min(a.id), max(a.id),"
        f" CAST(group_concat(a.search_numbers, char({ord(_SEP)})) AS BLOB)"
        f" FROM (SELECT id, search_numbers FROM {spec.table}"
        " WHERE campaign_id = ? ORDER BY id) a",
        (campaign_id,),
    ).fetchone()
    numbers = number_blob.lower().decode().split(_SEP) if number_blob is not None else []
    return CampaignNumbers(count, first, last, numbers if len(numbers) == count else None)


def numbers_of(keys: Keys, read: CampaignNumbers) -> list[str] | None:
    """``read``'s numbers when read for ``keys``' papers (up to date: the searcher checks
    before each search), else None."""
    if not keys.ids or (read.count, read.first, read.last) != (
            len(keys.ids), keys.ids[0], keys.ids[-1]):
        return None
    return read.numbers


def _folded(text: bytes) -> bytes:
    """A stored search text (UTF-8) as matched: its ASCII letters lower-case, as SQLite's
    ``LIKE`` folds them, and without the middle dot of a name that texts stored before
    it was left out still hold (``search_text.NAME_DOT``; one pass over all the texts)."""
    text = text.lower()
    return text.replace(NAME_DOT_UTF8, b"") if NAME_DOT_UTF8 in text else text


def narrows(earlier: Sequence[str], terms: Sequence[str]) -> bool:
    """Whether every match of ``terms`` also matches ``earlier``: each earlier fragment is
    implied by one of the new ones (张 → 张伟, or 张 → 张 海淀; 6132 → 16132, the end of a
    number, but not 613 → 6132: ``search_text.implies``)."""
    return all(any(implies(new, old) for new in terms) for old in earlier)


def match(texts: list[str], terms: Sequence[str], among: bytes | None = None,
          numbers: list[str] | None = None) -> bytes:
    """One byte a text, 1 where it holds every term, or with ``numbers`` (each text's
    paper's ``search_numbers``) for a term of digits where they hold the number it names
    (``search_text.number_term``); only texts marked in ``among`` (an earlier match that
    every match of ``terms`` is in) are looked at. (The other screens' lists, row_search,
    match texts alone.)"""
    n = len(texts)
    keys = {term: number_term(term) if numbers is not None else None for term in terms}
    numbers = numbers if numbers is not None else [""] * n
    count = among.count(1) if among is not None else n
    if count * 2 > n:  # most texts are candidates: as fast to look at all of them afresh
        among = None
    elif count * _SPARSE < n:  # few candidates: visit them
        found = bytearray(n)
        for p in compress(range(n), among):  # type: ignore[arg-type]
            text, held = texts[p], numbers[p]
            if all(holds(text, held, term, keys[term]) for term in terms):
                found[p] = 1
        return bytes(found)
    ordered = sorted(terms, key=len, reverse=True)  # the longest first: it leaves the fewest
    if among is None:
        first = ordered.pop(0)
        key = keys[first]
        flags: Iterable[Any] = ([first in text for text in texts] if key is None else
                                [first in text or key in held
                                 for text, held in zip(texts, numbers, strict=True)])
    else:
        flags = among
    for term in ordered:
        key = keys[term]
        if key is None:
            flags = [f and term in text for f, text in zip(flags, texts, strict=True)]
        else:
            flags = [f and (term in text or key in held)
                     for f, text, held in zip(flags, texts, numbers, strict=True)]
    return bytes(flags)


def both(a: bytes, b: bytes) -> bytes:
    """The mask of the items in both (bytes of 0 and 1, the same length)."""
    return (int.from_bytes(a, "big") & int.from_bytes(b, "big")).to_bytes(len(a), "big")


def either(a: bytes, b: bytes) -> bytes:
    """The mask of the items in either (bytes of 0 and 1, the same length)."""
    return (int.from_bytes(a, "big") | int.from_bytes(b, "big")).to_bytes(len(a), "big")


# -- taking in this connection's writes ----------------------------------------------------

_JOIN = re.compile(r"JOIN (\w+) (\w+) ON \2\.id = a\.(\w+)$")


def _chunks(items: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _value_rank(value: Any) -> tuple[int, Any]:
    """A value as SQLite orders it: NULL, then numbers, text (by code point, as the
    BINARY collation compares UTF-8), blobs."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value))


class _Placer:
    """Places rows into a sort order as ``Searcher._order`` makes it: blanks last whichever
    way, then the column's value, then the id, both in the order's direction."""

    def __init__(self, conn: sqlite3.Connection, spec: StreamSpec, column: Column,
                 descending: bool, ids: list[int]) -> None:
        joins = " ".join(spec.joins[alias] for alias in column.joins)
        self.sql = f"SELECT a.id, {column.sort} FROM {spec.table} a {joins} WHERE a.id IN "
        self.conn = conn
        self.column = column
        self.descending = descending
        self.ids = ids
        self.keys: dict[int, tuple[Any, ...]] = {}  # by position

    def _key(self, value: Any, app_id: int) -> tuple[Any, ...]:
        if self.column.pinyin:
            blank = value is None or value == ""
            text = "" if blank else pinyin_key(value if isinstance(value, str) else str(value))
            return (blank, text, app_id)
        return (self.column.nullable and value is None, _value_rank(value), app_id)

    def fetch(self, places: Sequence[int]) -> None:
        wanted = [self.ids[p] for p in places if p not in self.keys]
        where = {self.ids[p]: p for p in places}
        for part in _chunks(wanted):
            for app_id, value in self.conn.execute(
                    f"{self.sql}({','.join('?' * len(part))})", part):
                self.keys[where[app_id]] = self._key(value, app_id)

    def before(self, a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
        if a[0] != b[0]:
            return a[0] < b[0]
        return a[1:] > b[1:] if self.descending else a[1:] < b[1:]

    def insert(self, order: array, place: int) -> None:
        key = self.keys[place]
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            other = order[mid]
            if other not in self.keys:
                self.fetch([other])
            if self.before(self.keys[other], key):
                lo = mid + 1
            else:
                hi = mid
        order.insert(lo, place)


class _CatchUp:
    """The Searcher's side of the journal (mixed in below to keep the search code apart)."""

    PATCH_LIMIT = 2000  # rows written past which the keys are read afresh
    # Rows moved in a sort order past which it is made afresh (placing a row is about 17
    # lookups by id): the order last used (the view's) is patched up to ORDER_PATCH_LIMIT
    # rows (a status move of a few hundred), ORDERS_PATCHED - 1 others up to a few rows;
    # the rest are dropped at a write, to be made again if used.
    ORDER_PATCH_LIMIT = 256
    OTHER_PATCH_LIMIT = 16
    ORDERS_PATCHED = 8

    reg: Any
    spec: StreamSpec
    _keys: Keys | None
    _seq: int | None
    _matches: OrderedDict[tuple[str, ...], bytes]
    _orders: OrderedDict[tuple[str, bool], array]

    def _catch_up(self) -> bool:
        """Take in this connection's writes since the memory was built; False: rebuild."""
        conn = self.reg.conn
        entries = journal.since(conn, self._seq or 0)
        if entries is None:
            return False
        if not entries:
            return True
        self._seq = entries[-1].seq
        keys = self._keys
        if keys is None:
            return True
        table = self.spec.table
        rows = sorted({e.row for e in entries if e.table == table and e.column is None})
        joined: dict[tuple[str, str], set[int]] = {}  # (table, column) → rows changed or gone
        for e in entries:
            if e.table != table and e.column is not None and e.op == "u":
                joined.setdefault((e.table, e.column), set()).add(e.row)
        if len(rows) > self.PATCH_LIMIT:
            return False
        if any(e.table != table and e.op == "d" for e in entries) and not conn.execute(
                "PRAGMA foreign_keys").fetchone()[0]:
            return False  # a name row gone may still be pointed at: not worth following
        written, remap, dropped = (self._patch_keys(keys, rows) if rows
                                   else (set(), None, set()))
        through: dict[str, set[int] | None] = {}  # by alias, see _moved_through_join
        for rank, ((key, descending), order) in enumerate(reversed(list(self._orders.items()))):
            limit = (self.ORDER_PATCH_LIMIT if rank == 0 else
                     self.OTHER_PATCH_LIMIT if rank < self.ORDERS_PATCHED else -1)
            if limit < 0:
                del self._orders[(key, descending)]
                continue
            column = self.spec.column(key)
            moved: set[int] | None = set()
            for alias in column.joins:
                if alias not in through:
                    through[alias] = self._moved_through_join(keys, alias, joined)
                found = through[alias]
                moved = None if found is None or moved is None else moved | found
            if moved is None or len(moving := written | moved) > limit:
                del self._orders[(key, descending)]
                continue
            if remap is not None:  # positions moved: the rows written leave, to be placed again
                order = array("i", filter((0).__le__, map(remap.__getitem__, order)))
                leaving = moved - written
            else:  # rows added at the end are not in the order yet
                leaving = {p for p in moving | dropped if p < len(order)}
            if len(leaving) > 16:
                order = array("i", [p for p in order if p not in leaving])
            for p in leaving if len(leaving) <= 16 else ():
                with suppress(ValueError):  # (a row new to the campaign is not there)
                    del order[order.index(p)]  # a C scan: a fifth of filtering a copy
            if moving:
                placer = _Placer(conn, self.spec, column, descending, keys.ids)
                placer.fetch(sorted(moving))
                for p in sorted(moving):
                    placer.insert(order, p)
            if len(order) != len(keys.ids):  # cannot happen; if it did, sort afresh
                del self._orders[(key, descending)]
                continue
            self._orders[(key, descending)] = order
        return True

    def _patch_keys(self, keys: Keys, rows: list[int]
                    ) -> tuple[set[int], array | None, set[int]]:
        """Read the rows written again into ``keys`` and the masks. Returns the positions
        of the rows written that are in the campaign now; when positions moved (a row gone,
        or added before the last) each old position's new one (-1: written or gone); and
        the old positions of the last rows gone (an undone new entry), past the new end."""
        table = self.spec.table
        found: dict[int, str] = {}
        held: dict[int, str] = {}  # their numbers
        kept = keys.numbers  # None: not read yet (read_numbers reads them as they are then)
        for part in _chunks(rows):
            for app_id, cid, text, numbers in self.reg.conn.execute(
                    f"SELECT id, campaign_id, CAST(coalesce(search_text, '') AS BLOB),"
                    f" lower(search_numbers) FROM {table}"
                    f" WHERE id IN ({','.join('?' * len(part))})", part):
                if cid == keys.campaign_id:
                    found[app_id] = _folded(text).decode()  # folded as read_keys folds
                    held[app_id] = numbers
        ids, n = keys.ids, len(keys.ids)
        at: dict[int, int] = {}
        for app_id in rows:
            p = bisect_left(ids, app_id)
            if p < n and ids[p] == app_id:
                at[app_id] = p
        added = sorted(set(found) - set(at))
        gone = {p for app_id, p in at.items() if app_id not in found}
        tail = not gone or (not added and min(gone) == n - len(gone))
        if tail and (not added or not ids or added[0] > ids[-1]):
            # In place; new rows at the end, or the last rows gone.
            if gone:
                n -= len(gone)
                del ids[n:], keys.texts[n:]
                if kept is not None:
                    del kept[n:]
                for key, mask in list(keys.masks.items()):
                    keys.masks[key] = mask[:n]
                for terms, mask in list(self._matches.items()):
                    self._matches[terms] = mask[:n]
                at = {app_id: p for app_id, p in at.items() if p < n}
            for app_id, p in at.items():
                keys.texts[p] = found[app_id]
                if kept is not None:
                    kept[p] = held[app_id]
            ids.extend(added)
            keys.texts.extend(found[app_id] for app_id in added)
            if kept is not None:
                kept.extend(held[app_id] for app_id in added)
            places = sorted(at.values()) + list(range(n, n + len(added)))
            for key, mask in list(keys.masks.items()):
                hits = self._hits(key[1], key[2], [ids[p] for p in places])
                grown = bytearray(mask) + bytes(len(added))
                for p in places:
                    grown[p] = ids[p] in hits
                keys.masks[key] = bytes(grown)
            for terms, mask in list(self._matches.items()):
                grown = bytearray(mask) + bytes(len(added))
                for p in places:  # (a term of digits among them: the numbers were read)
                    text, own = keys.texts[p], kept[p] if kept is not None else ""
                    grown[p] = all(holds(text, own, term, number_term(term))
                                   for term in terms)
                self._matches[terms] = bytes(grown)
            return set(places), None, gone
        # Positions move: the rows written out, those in the campaign now back in by id
        # (list moves, no loop a row), and each old position's new one for the orders.
        old_ids, texts = ids[:], keys.texts
        for p in sorted(at.values(), reverse=True):
            del ids[p], texts[p]
            if kept is not None:
                del kept[p]
        for app_id in sorted(found):
            p = bisect_left(ids, app_id)
            ids.insert(p, app_id)
            texts.insert(p, found[app_id])
            if kept is not None:
                kept.insert(p, held[app_id])
        position = dict(zip(ids, range(len(ids)), strict=True))
        remap = array("i", map(position.get, old_ids, repeat(-1)))
        for p in at.values():
            remap[p] = -1  # written: placed again in each order
        keys.masks.clear()  # made again by SQL when next used (1–10 ms each)
        self._matches.clear()
        return {position[app_id] for app_id in found}, remap, set()

    def _hits(self, clause: str, params: tuple[Any, ...], ids: list[int]) -> set[int]:
        """Which of ``ids`` a filter's condition holds for, asked of SQLite as the search asks."""
        out: set[int] = set()
        for part in _chunks(ids):
            out.update(r[0] for r in self.reg.conn.execute(
                f"SELECT a.id FROM {self.spec.table} a WHERE a.id IN"
                f" ({','.join('?' * len(part))}) AND {clause}", (*part, *params)))
        return out

    def _moved_through_join(self, keys: Keys, alias: str,
                            joined: dict[tuple[str, str], set[int]]) -> set[int] | None:
        """Positions of the campaign's rows whose value through a join changed (a person's
        or unit's name renamed); None when too many to follow. A name row inserted or
        deleted changes no row's value: with foreign keys on, nothing points at either."""
        m = _JOIN.search(self.spec.joins[alias])
        if m is None:
            return None
        table, _alias, fk = m.groups()
        changed: set[int] = set()
        for (t, _column), found in joined.items():
            if t == table:
                changed |= found
        if not changed:
            return set()
        if len(changed) > self.ORDER_PATCH_LIMIT:
            return None
        out: set[int] = set()
        part = sorted(changed)
        for (app_id,) in self.reg.conn.execute(
                f"SELECT a.id FROM {self.spec.table} a WHERE a.campaign_id = ?"
                f" AND a.{fk} IN ({','.join('?' * len(part))})", (keys.campaign_id, *part)):
            p = bisect_left(keys.ids, app_id)
            if p < len(keys.ids) and keys.ids[p] == app_id:
                out.add(p)
        return out


class Searcher(_CatchUp):
    """``queries.search_ids`` of one stream of one register, answered from memory."""

    MATCHES_KEPT = 24  # recent texts' masks (one byte an application each)
    # Sort orders other than the id (4 bytes an application each: 0.3 MB at 80,000): every
    # column both ways, so going back to a column sorted before costs nothing.
    ORDERS_KEPT = 24
    FILTERS_KEPT = 64  # filter values' masks (one byte an application each)

    def __init__(self, reg: Any, spec: StreamSpec) -> None:
        self.reg = reg
        self.spec = spec
        self._token: Token | None = None
        self._keys: Keys | None = None
        self._campaigns: dict[int, int | None] = {}
        self._matches: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        # one term's texts, its numbers aside (_text_mask): dropped when the data change
        self._texts: OrderedDict[str, bytes] = OrderedDict()
        self._joined: str | None = None  # the numbers (_number_hits), likewise
        self._orders: OrderedDict[tuple[str, bool], array] = OrderedDict()
        self._seq: int | None = None  # the journal entry the memory is up to date with
        self._held_order: tuple[tuple[Any, ...], array] | None = None  # see _with_held

    def total(self, year: int) -> int | None:
        """Applications of the year, known from the memory of the last search (None: ask
        SQL): the status bar's 共 … 条 without counting the campaign after every save."""
        conn = self.reg.conn
        keys = self._keys
        if (conn.in_transaction or keys is None or self._token != change_token(conn)
                or self._campaigns.get(year, -1) != keys.campaign_id):
            return None
        return len(keys.ids)

    @property
    def token(self) -> Token | None:
        """The register's change token the memory was checked against last."""
        return self._token

    def search_ids(self, year: int, filters: Filters, sort_key: str = "id",
                   descending: bool = False, held: Collection[int] = (),
                   cards: Mapping[int, str] | None = None) -> list[int]:
        """Ids of the applications of ``year`` that match, in display order; ``held``: those
        whose award is held, which sort by 状态 as a value of their own, as do the card
        waits (``cards``: ``queries.card_ids``)."""
        if self.reg.conn.in_transaction:  # this connection's uncommitted rows: SQL sees them
            return queries.search_ids(self.reg, self.spec, year, filters, sort_key, descending,
                                      held, cards)
        self._check_token()
        cid = self._campaign_id(year)
        if cid is None:
            return []
        keys = self._keys_of(cid)
        masks = []
        texts, refs = queries.split_refs(queries.search_terms(filters.text), self.spec.stream)
        terms = tuple(texts)
        if terms:
            masks.append(self._match(keys, terms))
        filtered = (held if held or not queries.wants_held(filters)
                    else queries.held_ids(self.reg, self.spec.stream, year, filters))
        if cards is None:
            cards = (queries.card_ids(self.reg, self.spec.stream, year)
                     if queries.wants_cards(filters) else {})
        masks.extend(self._filter_mask(keys, *clause) for clause in
                     [*refs, *queries.filter_clauses(filters, self.spec.stream, filtered,
                                                     cards)])
        mask = masks[0] if masks else None
        for other in masks[1:]:
            mask = both(mask, other)  # type: ignore[arg-type]
        ids = keys.ids
        if sort_key == "id":
            out = list(compress(ids, mask)) if mask is not None else ids[:]
            if descending:
                out.reverse()
            return out
        order = self._order(keys, year, sort_key, descending)
        if (held or cards) and self.spec.column(sort_key).kind == "status":
            order = self._with_held(keys, order, descending, held, cards)
        if mask is None:
            return list(map(ids.__getitem__, order))
        return [ids[p] for p in order if mask[p]]

    def _with_held(self, keys: Keys, order: array, descending: bool,
                   held: Collection[int], cards: Mapping[int, str] | None = None) -> array:
        """The 状态 order with the held applications moved to their own value
        (``queries.held_sort_value``), kept until the data, the order or the held change.

        The order is by status, then id: the held rows leave it, and each held value's
        place is found by a binary search over the statuses of a few rows (lookups by id);
        rows already of that value (核准 held by an objection) merge with them by id. A card
        wait's value is its own (``cards``), not its status'."""
        ids = keys.ids
        cards = cards or {}
        places = {p for app_id in [*held, *cards]
                  if (p := bisect_left(ids, app_id)) < len(ids) and ids[p] == app_id}
        if not places:
            return order
        memo = (self._token, keys.campaign_id, descending, tuple(sorted(places)),
                tuple(sorted(cards.items())))
        if self._held_order is not None and self._held_order[0] == memo:
            return self._held_order[1]
        placer = _Placer(self.reg.conn, self.spec, self.spec.column("status"), descending, ids)

        def status(place: int) -> str:
            if place not in placer.keys:
                placer.fetch([place])
            return str(placer.keys[place][1][1])

        placer.fetch(sorted(places))
        by_value: dict[str, list[int]] = {}
        for p in places:
            value = cards.get(ids[p]) or queries.held_sort_value(status(p))
            by_value.setdefault(value, []).append(p)
        rest = array("i", filterfalse(places.__contains__, order))

        def first(after: Callable[[str], bool]) -> int:  # the first row past the test
            lo, hi = 0, len(rest)
            while lo < hi:
                mid = (lo + hi) // 2
                if after(status(rest[mid])):
                    hi = mid
                else:
                    lo = mid + 1
            return lo

        out = array("i")
        done = 0
        for value in sorted(by_value, reverse=descending):
            if descending:
                lo, hi = first(value.__ge__), first(value.__gt__)
            else:
                lo, hi = first(value.__le__), first(value.__lt__)
            out.extend(rest[done:lo])
            out.extend(sorted([*rest[lo:hi], *by_value[value]], key=ids.__getitem__,
                              reverse=descending))
            done = hi
        out.extend(rest[done:])
        self._held_order = (memo, out)
        return out

    def _check_token(self) -> None:
        conn = self.reg.conn
        token = change_token(conn)
        if token == self._token:
            return
        self._campaigns.clear()
        self._texts.clear()
        self._joined = None
        # No token while patching: should it fail half-way, the next search reads afresh.
        previous, self._token = self._token, None
        # Another connection's commit rebuilds, unless it was a worker's handed over.
        if (previous is not None and self._seq is not None
                and (token[1] == previous[1] or journal.handed(conn, previous[1], token[1]))
                and self._catch_up()):
            self._token = change_token(conn)  # reading the journal may have pruned it
            return
        self._keys = None
        self._matches.clear()
        self._orders.clear()
        self._seq = journal.position(conn) if journal.install(conn) else None
        self._token = change_token(conn)

    def _campaign_id(self, year: int) -> int | None:
        if year not in self._campaigns:
            self._campaigns[year] = queries.campaign_id(self.reg, year)
        return self._campaigns[year]

    def _keys_of(self, cid: int) -> Keys:
        if self._keys is None or self._keys.campaign_id != cid:
            self._keys = read_keys(self.reg.conn, self.spec, cid)
            self._matches.clear()
            self._texts.clear()
            self._joined = None
            self._orders.clear()
        return self._keys

    def _match(self, keys: Keys, terms: tuple[str, ...]) -> bytes:
        found = self._matches.get(terms)
        if found is not None:
            self._matches.move_to_end(terms)
            return found
        if any(number_term(term) is not None for term in terms):
            found = self._by_term(keys, terms)
        else:
            among: bytes | None = None
            fewest = len(keys.ids) + 1
            for earlier, candidates in self._matches.items():
                if narrows(earlier, terms):
                    count = candidates.count(1)
                    if count < fewest:
                        among, fewest = candidates, count
            found = match(keys.texts, terms, among)  # no term of digits: no numbers
        self._matches[terms] = found
        if len(self._matches) > self.MATCHES_KEPT:
            self._matches.popitem(last=False)
        return found

    def _by_term(self, keys: Keys, terms: tuple[str, ...]) -> bytes:
        """A search holding a term of digits, term by term: the texts holding it or the
        numbers it names. As the digits are typed each number's end is another (6132 →
        61325: not among 6132's), but the texts are looked for among the last term's
        they extend (:meth:`_text_mask`), and the numbers found in one string of them all
        (:meth:`_number_hits`)."""
        out: bytes | None = None
        for term in terms:
            mask = self._text_mask(keys, term)
            key = number_term(term)
            if key is not None:
                mask = either(mask, self._number_hits(keys, key))
            out = mask if out is None else both(out, mask)
        assert out is not None  # (terms is not empty)
        return out

    def _text_mask(self, keys: Keys, term: str) -> bytes:
        """The texts holding ``term`` (its numbers aside), among those of an earlier term
        inside it when there is one; kept until the data change."""
        found = self._texts.get(term)
        if found is not None:
            self._texts.move_to_end(term)
            return found
        n = len(keys.texts)
        earlier = [mask for old, mask in self._texts.items() if old in term]
        earlier += [mask for (old, *more), mask in self._matches.items()  # 110 before 1101
                    if not more and old in term and number_term(old) is None]
        among = min(earlier, key=lambda mask: mask.count(1), default=None)
        if among is None or among.count(1) * 2 > n:
            found = bytes(term in text for text in keys.texts)
        else:
            grown = bytearray(n)
            texts = keys.texts
            for p in compress(range(n), among):  # type: ignore[arg-type]
                if term in texts[p]:
                    grown[p] = 1
            found = bytes(grown)
        self._texts[term] = found
        if len(self._texts) > self.MATCHES_KEPT:
            self._texts.popitem(last=False)
        return found

    def _number_hits(self, keys: Keys, key: str) -> bytes:
        """The papers whose numbers hold ``key`` (``number_term``'s): found in the numbers
        joined into one string (made once until the data change; no number holds the
        separator, nor does a key), each hit's paper by a binary search of the starts."""
        numbers = read_numbers(self.reg.conn, self.spec, keys)
        if self._joined is None:  # one join in C; no table of starts (its Python loop over
            self._joined = _SEP.join(numbers)  # 100,000 numbers was the worst keystroke)
        joined = self._joined
        found = bytearray(len(numbers))
        paper, counted = 0, 0
        at = joined.find(key)
        while at >= 0:  # each hit's paper: the separators before it, counted once in all
            paper += joined.count(_SEP, counted, at)
            counted = at
            found[paper] = 1
            at = joined.find(key, at + 1)
        return bytes(found)

    def _filter_mask(self, keys: Keys, name: str, clause: str, params: tuple[Any, ...]) -> bytes:
        """The mask of one filter: SQLite finds the ids by the same condition as
        ``queries.search_ids`` (over an index: 1–10 ms), kept until the data change."""
        key = (name, clause, params)
        mask = keys.masks.get(key)
        if mask is None:
            (id_hex,) = self.reg.conn.execute(
                "SELECT CAST(group_concat(printf('%016x', a.id), '') AS BLOB)"
                f" FROM {self.spec.table} a WHERE a.campaign_id = ? AND {clause}",
                (keys.campaign_id, *params),
            ).fetchone()
            found = set(_ints(id_hex or b""))
            if len(keys.masks) >= self.FILTERS_KEPT:
                keys.masks.clear()
            mask = keys.masks[key] = bytes(map(found.__contains__, keys.ids))
        return mask

    def _reversed(self, keys: Keys, column: Column, descending: bool, other: array) -> array:
        """The order of a column the other way round, from the one made: the rows with a
        value, then the blank ones (last whichever way), each part reversed — every term
        of the ORDER BY but the blanks-last one turns with the direction. The first blank
        is found by a binary search over the rows' values (a few lookups by id)."""
        placer = _Placer(self.reg.conn, self.spec, column, not descending, keys.ids)
        lo, hi = 0, len(other)
        while lo < hi:
            mid = (lo + hi) // 2
            placer.fetch([other[mid]])
            if placer.keys[other[mid]][0]:  # blank
                hi = mid
            else:
                lo = mid + 1
        filled, blank = other[:lo], other[lo:]
        filled.reverse()
        blank.reverse()
        return filled + blank

    def _order(self, keys: Keys, year: int, sort_key: str, descending: bool) -> array:
        """Positions (in ``keys.ids``) of the campaign in the display order of a column."""
        order = self._orders.get((sort_key, descending))
        if order is None:
            column = self.spec.column(sort_key)
            other = self._orders.get((sort_key, not descending))
            if other is not None:  # a second click on the header: the order turned round
                order = self._reversed(keys, column, descending, other)
            elif column.pinyin:
                order = pinyin_order(self.reg.conn, self.spec, column, keys, descending)
            if order is None:
                position = dict(zip(keys.ids, range(len(keys.ids)), strict=True))
                sorted_ids = queries.search_ids(self.reg, self.spec, year, Filters(), sort_key,
                                                descending)
                order = array("i", map(position.__getitem__, sorted_ids))
            self._orders[(sort_key, descending)] = order
            if len(self._orders) > self.ORDERS_KEPT:
                self._orders.popitem(last=False)
        else:
            self._orders.move_to_end((sort_key, descending))
        return order

    def order_wanted(self, year: int, sort_key: str, descending: bool) -> OrderJob | None:
        """What making a sort order still takes, to be done off the UI thread
        (:func:`made_order` on a reading connection, :meth:`put_order` after): None when
        the order is in memory, is the other one turned round, or needs none (the id), or
        when the memory is not up to date (the next search reads it first)."""
        conn = self.reg.conn
        keys = self._keys
        if (sort_key == "id" or conn.in_transaction or keys is None
                or self._token is None or self._token != change_token(conn)
                or self._campaigns.get(year, -1) != keys.campaign_id
                or (sort_key, descending) in self._orders
                or (sort_key, not descending) in self._orders):
            return None
        return OrderJob(self._token, keys.campaign_id, keys.ids[:], sort_key, descending)

    def numbers_wanted(self, filters: Filters) -> tuple[Token, int] | None:
        """The change token and campaign whose papers' numbers a search of digits soon
        wants (a term of digits typed, too short to name a number yet: 1, 15, 158 before
        1589) and the memory lacks: to be read ahead, off the UI thread
        (:func:`campaign_numbers`, :meth:`put_numbers`); else None."""
        keys = self._keys
        if (keys is None or keys.numbers is not None or self._token is None
                or self._token != change_token(self.reg.conn)):
            return None
        digits = [term for term in queries.search_terms(filters.text)
                  if term.replace("-", "").isdigit()]
        return (self._token, keys.campaign_id) if digits else None

    def put_numbers(self, token: Token, read: CampaignNumbers) -> bool:
        """Numbers read ahead (:meth:`numbers_wanted`) taken, unless the register changed
        since or they are not the memory's papers'."""
        keys = self._keys
        if (keys is None or keys.numbers is not None or self._token != token
                or change_token(self.reg.conn) != token):
            return False
        numbers = numbers_of(keys, read)
        if numbers is None:
            return False
        keys.numbers = numbers
        return True

    def put_order(self, job: OrderJob, order: array | None) -> bool:
        """The order ``job`` made (:func:`made_order`) taken into memory, unless the
        register or the campaign changed since it was asked (the next search makes it)."""
        keys = self._keys
        if (order is None or keys is None or self._token != job.token
                or change_token(self.reg.conn) != job.token
                or keys.campaign_id != job.campaign_id or keys.ids != job.ids):
            return False
        self._orders[(job.sort_key, job.descending)] = order
        if len(self._orders) > self.ORDERS_KEPT:
            self._orders.popitem(last=False)
        return True

    def mark(self) -> tuple[int | None, Token]:
        """Where the register's connection stands now (journal entry, change token): a
        memory another connection builds from now on (:meth:`take`)."""
        conn = self.reg.conn
        return journal.position(conn) if journal.install(conn) else None, change_token(conn)

    def take(self, other: Searcher, mark: tuple[int | None, Token]) -> bool:
        """The memory ``other`` built on a reading connection of its own (off the UI
        thread) since :meth:`mark` gave ``mark``: taken as if built here, unless this
        connection wrote or saw another's commit since, or searched from memory already."""
        seq, token = mark
        conn = self.reg.conn
        if (conn.in_transaction or self._token is not None or other._keys is None
                or change_token(conn) != token):
            return False
        self._keys, self._campaigns = other._keys, dict(other._campaigns)
        self._matches, self._texts, self._orders = other._matches, other._texts, other._orders
        self._seq, self._token = seq, token
        return True


@dataclass
class OrderJob:
    """A sort order to make off the UI thread (``Searcher.order_wanted``): the campaign's
    ids as the memory holds them, checked again when the order is put back."""

    token: Token
    campaign_id: int
    ids: list[int]
    sort_key: str
    descending: bool


def made_order(reg: Any, spec: StreamSpec, job: OrderJob) -> array | None:
    """``job``'s order (positions in ``job.ids``) as ``Searcher._order`` makes it, on
    ``reg``'s connection (a reading one of a thread's own); None when the campaign's rows
    are not those ids (changed meanwhile)."""
    column = spec.column(job.sort_key)
    keys = Keys(job.campaign_id, job.ids, [])
    if column.pinyin:
        order = pinyin_order(reg.conn, spec, column, keys, job.descending)
        if order is not None:
            return order
    year = reg.scalar("SELECT year FROM campaigns WHERE id = ?", (job.campaign_id,))
    sorted_ids = queries.search_ids(reg, spec, year, Filters(), job.sort_key, job.descending)
    if len(sorted_ids) != len(job.ids):
        return None
    position = dict(zip(job.ids, range(len(job.ids)), strict=True))
    try:
        return array("i", map(position.__getitem__, sorted_ids))
    except KeyError:  # another campaign's rows now
        return None


def pinyin_order(conn: sqlite3.Connection, spec: StreamSpec, column: Column, keys: Keys,
                 descending: bool) -> array | None:
    """Positions in ``keys.ids`` in the order ``queries.search_ids`` gives by a Chinese
    column (blank texts last, then ``pinyin_key``, then the id), or None when the texts
    cannot be read in one piece (one holds the separator).

    SQLite calling ``pinyin_key`` once a row took twice as long at 80,000 patents
    (≈ 0.6 s against 0.3 s): here the texts come in id order from one aggregate and
    ``boostdesk.pinyin_order.positions`` translates each distinct one once."""
    joins = " ".join(spec.joins[alias] for alias in column.joins)
    id_hex, blob = conn.execute(
        "SELECT CAST(group_concat(printf('%016x', i), '') AS BLOB),"
        f" group_concat(v, char({ord(_SEP)}))"
        f" FROM (SELECT a.id AS i, coalesce({column.sort}, '') AS v FROM {spec.table} a"
        f" {joins} WHERE a.campaign_id = ? ORDER BY a.id)", (keys.campaign_id,),
    ).fetchone()
    if not keys.ids or _ints(id_hex or b"").tolist() != keys.ids:
        return None
    values = blob.split(_SEP)
    if len(values) != len(keys.ids):
        return None
    return array("i", positions(values, descending))
