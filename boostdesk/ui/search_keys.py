"""Search as you type from memory: the same ids, in the same order, as ``queries.search_ids``.

At 100,000 applications ``search_ids`` spends 40–45 ms of a keystroke on ``LIKE '%…%'`` over
every ``search_text`` of the campaign and 20–35 ms on a filter change. A :class:`Searcher`
answers the same searches from memory:

- the campaign's ids and ``search_text`` values in id order (:class:`Keys`, ≈ 20 MB at
  80,000 applications), read by the first search (opening the view) in one aggregate query
  that SQLite joins into byte strings, so no Python loop runs per row;
- a text is a mask (one byte an application) of the texts holding every fragment, as ``LIKE``
  compares them; a text that extends an earlier one (every earlier fragment inside a new one)
  is looked for among the earlier matches only, and Backspace finds its earlier mask;
- a filter value (推荐单位, 状态, 资格) is a mask too, from the ids SQLite finds by the same
  condition (``queries.filter_clauses``) over its index the first time;
- the display order of each sort column, from SQL (``search_ids`` without filters) on its
  first use, or for a Chinese column (pinyin order) from its texts read in one aggregate
  and each distinct one translated once (:func:`pinyin_order`); filtering keeps that order.

All of it is dropped when the register changes: before each search the connection's
``total_changes`` (its own writes) and ``PRAGMA data_version`` (a commit by any other
connection: another window, a worker, another process) are compared with the values it was
built on. Inside an open transaction searches run in SQL, which sees the uncommitted rows.
No Qt here.
"""

from __future__ import annotations

import binascii
import sqlite3
import sys
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from boostdesk.pinyin_order import positions

from . import queries
from .queries import Column, Filters, StreamSpec

Token = tuple[int, int]

_SEP = "\x1f"  # between the texts in an aggregate
_SPARSE = 4  # an earlier match under a quarter of the texts: visit those only


def change_token(conn: sqlite3.Connection) -> Token:
    """Moves on every change this connection makes and every commit of any other one."""
    return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


@dataclass
class Keys:
    """One campaign's applications in id order, each with its ``search_text`` folded as
    SQLite's ``LIKE`` folds it (ASCII letters only), and the masks of filters used."""

    campaign_id: int
    ids: list[int]  # ascending
    texts: list[str]
    masks: dict[tuple[str, str, tuple[Any, ...]], bytes] = field(default_factory=dict)


def _ints(hex_words: bytes) -> array:
    """array('q') from 16 hex digits a number (what ``printf('%016x', …)`` writes)."""
    words = array("q", binascii.unhexlify(hex_words))  # big-endian
    if sys.byteorder == "little":
        words.byteswap()
    return words


def read_keys(conn: sqlite3.Connection, spec: StreamSpec, campaign_id: int) -> Keys:
    """The campaign's ids and folded texts from one aggregate query."""
    count, seps, id_hex, text_blob = conn.execute(
        f"SELECT count(*), sum(instr(a.search_text, char({ord(_SEP)})) > 0),"
        " CAST(group_concat(printf('%016x', a.id), '') AS BLOB),"
        f" CAST(group_concat(coalesce(a.search_text, ''), char({ord(_SEP)})) AS BLOB)"
        f" FROM (SELECT id, search_text FROM {spec.table} WHERE campaign_id = ? ORDER BY id) a",
        (campaign_id,),
    ).fetchone()
    if not count:
        return Keys(campaign_id, [], [])
    ids = _ints(id_hex).tolist()
    if seps or ids != sorted(ids):
        return _read_rows(conn, spec, campaign_id)
    # bytes.lower folds ASCII letters only: what SQLite's LIKE ignores the case of.
    # One copy of the texts at a time (≈ 12 MB each at 80,000 applications).
    text = text_blob.lower()
    del text_blob
    text = text.decode()
    texts = text.split(_SEP)
    del text
    return Keys(campaign_id, ids, texts)


def _read_rows(conn: sqlite3.Connection, spec: StreamSpec, campaign_id: int) -> Keys:
    """The keys row by row: slower, for texts holding the separator."""
    rows = conn.execute(
        f"SELECT id, CAST(coalesce(search_text, '') AS BLOB) FROM {spec.table}"
        " WHERE campaign_id = ? ORDER BY id", (campaign_id,),
    ).fetchall()
    return Keys(campaign_id, [r[0] for r in rows], [r[1].lower().decode() for r in rows])


def narrows(earlier: Sequence[str], terms: Sequence[str]) -> bool:
    """Whether every match of ``terms`` also matches ``earlier``: each earlier fragment lies
    inside one of the new ones (张 → 张伟, or 张 → 张 海淀)."""
    return all(any(old in new for new in terms) for old in earlier)


def match(texts: list[str], terms: Sequence[str], among: bytes | None = None) -> bytes:
    """One byte a text, 1 where it holds every term; only texts marked in ``among`` (an
    earlier match that every match of ``terms`` is in) are looked at."""
    n = len(texts)
    count = among.count(1) if among is not None else n
    if count * 2 > n:  # most texts are candidates: as fast to look at all of them afresh
        among = None
    elif count * _SPARSE < n:  # few candidates: visit them
        found = bytearray(n)
        for p in compress(range(n), among):  # type: ignore[arg-type]
            text = texts[p]
            for term in terms:
                if term not in text:
                    break
            else:
                found[p] = 1
        return bytes(found)
    ordered = sorted(terms, key=len, reverse=True)  # the longest first: it leaves the fewest
    if among is None:
        first = ordered.pop(0)
        flags: Iterable[Any] = [first in text for text in texts]
    else:
        flags = among
    for term in ordered:
        flags = [f and term in text for f, text in zip(flags, texts, strict=True)]
    return bytes(flags)


def both(a: bytes, b: bytes) -> bytes:
    """The mask of the items in both (bytes of 0 and 1, the same length)."""
    return (int.from_bytes(a, "big") & int.from_bytes(b, "big")).to_bytes(len(a), "big")


class Searcher:
    """``queries.search_ids`` of one stream of one register, answered from memory."""

    MATCHES_KEPT = 24  # recent texts' masks (one byte an application each)
    ORDERS_KEPT = 4  # sort orders other than the id (4 bytes an application each)
    FILTERS_KEPT = 64  # filter values' masks (one byte an application each)

    def __init__(self, reg: Any, spec: StreamSpec) -> None:
        self.reg = reg
        self.spec = spec
        self._token: Token | None = None
        self._keys: Keys | None = None
        self._campaigns: dict[int, int | None] = {}
        self._matches: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        self._orders: OrderedDict[tuple[str, bool], array] = OrderedDict()

    @property
    def token(self) -> Token | None:
        """The register's change token the memory was checked against last."""
        return self._token

    def search_ids(self, year: int, filters: Filters, sort_key: str = "id",
                   descending: bool = False) -> list[int]:
        """Ids of the applications of ``year`` that match, in display order."""
        if self.reg.conn.in_transaction:  # this connection's uncommitted rows: SQL sees them
            self._token = None
            return queries.search_ids(self.reg, self.spec, year, filters, sort_key, descending)
        self._check_token()
        cid = self._campaign_id(year)
        if cid is None:
            return []
        keys = self._keys_of(cid)
        masks = []
        terms = tuple(queries.search_terms(filters.text))
        if terms:
            masks.append(self._match(keys, terms))
        masks.extend(self._filter_mask(keys, *clause) for clause in queries.filter_clauses(filters))
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
        if mask is None:
            return list(map(ids.__getitem__, order))
        return [ids[p] for p in order if mask[p]]

    def _check_token(self) -> None:
        token = change_token(self.reg.conn)
        if token != self._token:
            self._token = token
            self._keys = None
            self._campaigns.clear()
            self._matches.clear()
            self._orders.clear()

    def _campaign_id(self, year: int) -> int | None:
        if year not in self._campaigns:
            self._campaigns[year] = queries.campaign_id(self.reg, year)
        return self._campaigns[year]

    def _keys_of(self, cid: int) -> Keys:
        if self._keys is None or self._keys.campaign_id != cid:
            self._keys = read_keys(self.reg.conn, self.spec, cid)
            self._matches.clear()
            self._orders.clear()
        return self._keys

    def _match(self, keys: Keys, terms: tuple[str, ...]) -> bytes:
        found = self._matches.get(terms)
        if found is not None:
            self._matches.move_to_end(terms)
            return found
        among: bytes | None = None
        fewest = len(keys.ids) + 1
        for earlier, candidates in self._matches.items():
            if narrows(earlier, terms):
                count = candidates.count(1)
                if count < fewest:
                    among, fewest = candidates, count
        found = self._matches[terms] = match(keys.texts, terms, among)
        if len(self._matches) > self.MATCHES_KEPT:
            self._matches.popitem(last=False)
        return found

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

    def _order(self, keys: Keys, year: int, sort_key: str, descending: bool) -> array:
        """Positions (in ``keys.ids``) of the campaign in the display order of a column."""
        order = self._orders.get((sort_key, descending))
        if order is None:
            column = self.spec.column(sort_key)
            if column.pinyin:
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
