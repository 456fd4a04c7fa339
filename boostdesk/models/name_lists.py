"""The completers' name lists (``Register.names``) in pinyin order, taken forward across
this connection's writes from ``models.journal`` (a save that adds an inventor adds one
name; a name a write took away is looked up, and leaves when no row holds it any more)
instead of read again: at 100,000 applications re-reading the people (≈ 53,000 names)
and the project people (≈ 73,000, from four tables) took 0.25–1.1 s of the first form
opened after every save.

A write by another connection (``PRAGMA data_version``), a journal that cannot be read, or
many names written read the list again. No Qt here.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections.abc import Callable

from . import journal

# Each list's (table, column) sources: what ``names`` lists is every non-blank value.
SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "units": (("units", "name"),),
    "enterprises": (("enterprises", "name"),),
    "studios": (("studios", "name"),),
    "people": (("people", "name"),),
    # leaders and contacts as well as inventors
    "project_people": (("people", "name"), ("studios", "leader"),
                       ("project_applications", "leader"),
                       ("project_applications", "contact_name")),
}
PATCH_LIMIT = 200  # names written past which the list is read again

def read_names(conn: sqlite3.Connection, table: str, key: Callable[[str], str],
               keys: dict[str, str]) -> list[str]:
    """``table``'s names read, in pinyin order (``key`` makes a name's key, kept in ``keys``)."""
    sources = SOURCES[table]
    sql = " UNION ".join(f"SELECT {column} FROM {source}" if len(sources) > 1
                         else f"SELECT DISTINCT {column} FROM {source}"
                         for source, column in sources)
    names = [r[0] for r in conn.execute(sql) if r[0]]
    for name in [n for n in names if n not in keys]:
        key(name)
    # By the pinyin key, then the code points (a stable sort of the names in code point
    # order, as SQLite returns them: no work), equal keys in one order, read or patched.
    names.sort()
    names.sort(key=keys.__getitem__)
    return names


class NameList:
    """One list: the names in order (and as a set), and the register's state and journal
    entry it is up to date with."""

    def __init__(self, conn: sqlite3.Connection, table: str, key: Callable[[str], str],
                 keys: dict[str, str]) -> None:
        """``key`` makes a name's pinyin key and keeps it in ``keys``."""
        self.table = table
        self.sources = SOURCES[table]
        self.key = key
        self.seq = journal.position(conn) if journal.install(conn) else None
        self.names = read_names(conn, table, key, keys)
        self.present = set(self.names)
        self.state = journal.change_token(conn)

    @classmethod
    def given(cls, table: str, key: Callable[[str], str], names: list[str],
              seq: int | None, state: journal.Token) -> NameList:
        """A list read by another connection (:func:`read_names`, off the UI thread) while
        this one was at journal entry ``seq`` and change token ``state``."""
        made = cls.__new__(cls)
        made.table, made.sources, made.key, made.seq = table, SOURCES[table], key, seq
        made.names, made.present, made.state = names, set(names), state
        return made

    def _order(self, name: str) -> tuple[str, str]:
        return self.key(name), name

    def _held(self, conn: sqlite3.Connection, name: str) -> bool:
        """Whether a row still holds ``name`` (the people's by their index; the leaders and
        contacts of 20,000 projects read in a few ms)."""
        return any(conn.execute(f"SELECT 1 FROM {source} WHERE {column} = ? LIMIT 1",
                                (name,)).fetchone() for source, column in self.sources)

    def catch_up(self, conn: sqlite3.Connection) -> bool:
        """Take in this connection's writes since; False: read the list again."""
        if self.seq is None or conn.in_transaction:
            return False
        now = journal.change_token(conn)
        if now[1] != self.state[1] and not journal.handed(conn, self.state[1], now[1]):
            return False  # another connection committed, and no worker handed its rows over
        seq = self.seq
        entries = journal.since(conn, seq)
        if entries is None:
            return False
        # No journal position while patching: should it fail half-way, the list is read again.
        self.seq = None
        wanted = set(self.sources)
        last: dict[str, bool] = {}  # a name written: whether a row took it (not left it) last
        for e in entries:
            if (e.table, e.column) in wanted:
                if e.old and isinstance(e.old, str):
                    last[e.old] = False
                if e.new and isinstance(e.new, str):
                    last[e.new] = True
        if len(last) > PATCH_LIMIT:
            return False
        names, present = self.names, self.present
        for name, taken in last.items():
            held = taken or self._held(conn, name)  # every row leaving a name is noted
            if held and name not in present:
                names.insert(bisect_left(names, self._order(name), key=self._order), name)
                present.add(name)
            elif not held and name in present:
                at = bisect_left(names, self._order(name), key=self._order)
                if at >= len(names) or names[at] != name:  # cannot happen: read afresh
                    return False
                del names[at]
                present.discard(name)
        self.state = journal.change_token(conn)  # reading the journal may have pruned it
        self.seq = entries[-1].seq if entries else seq
        return True
