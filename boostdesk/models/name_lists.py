"""The completers' name lists (``Register.names``): each name with how many rows hold it,
in pinyin order, taken forward across this connection's writes from ``models.journal``
(a save that adds an inventor adds one name) instead of read again: at 100,000
applications re-reading the people (≈ 53,000 names) and the project people (≈ 73,000,
from four tables) took 0.25–1.1 s of the first form opened after every save.

A write by another connection (``PRAGMA data_version``), a journal that cannot be read, or
many names written read the list again. No Qt here.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_left
from collections import Counter
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
PATCH_LIMIT = 5000  # names written past which the list is read again

State = tuple[int, int]


def state(conn: sqlite3.Connection) -> State:
    return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


class NameList:
    """One list: the names in order, how many source rows hold each, and the register's
    state and journal entry it is up to date with."""

    def __init__(self, conn: sqlite3.Connection, table: str, key: Callable[[str], str]) -> None:
        self.table = table
        self.sources = SOURCES[table]
        self.key = key
        self.seq = journal.position(conn) if journal.install(conn) else None
        self.counts: Counter[str] = Counter()
        for source, column in self.sources:
            for name, n in conn.execute(
                    f"SELECT {column}, count(*) FROM {source} GROUP BY {column}"):
                if name and isinstance(name, str):
                    self.counts[name] += n
        # By the pinyin key, then the code points: equal keys in one order, read or patched.
        self.names = sorted(self.counts, key=self._order)
        self.state = state(conn)

    def _order(self, name: str) -> tuple[str, str]:
        return self.key(name), name

    def catch_up(self, conn: sqlite3.Connection) -> bool:
        """Take in this connection's writes since; False: read the list again."""
        if self.seq is None or conn.in_transaction:
            return False
        now = state(conn)
        if now[1] != self.state[1]:  # another connection committed
            return False
        seq = self.seq
        entries = journal.since(conn, seq)
        if entries is None:
            return False
        # No journal position while patching: should it fail half-way, the list is read again.
        self.seq = None
        wanted = set(self.sources)
        written = [e for e in entries if (e.table, e.column) in wanted]
        if len(written) > PATCH_LIMIT:
            return False
        counts, names = self.counts, self.names
        for e in written:
            for value, step in ((e.old, -1), (e.new, 1)):
                if not value or not isinstance(value, str):
                    continue
                before = counts[value]
                if before + step < 0:  # cannot happen: a name gone that was never counted
                    return False
                counts[value] = before + step
                if before == 0 and step > 0:
                    names.insert(bisect_left(names, self._order(value), key=self._order), value)
                elif before == 1 and step < 0:
                    del counts[value]
                    at = bisect_left(names, self._order(value), key=self._order)
                    if at < len(names) and names[at] == value:
                        del names[at]
                    else:  # cannot happen: the counts and the list disagree
                        return False
        self.state = state(conn)  # reading the journal may have pruned it
        self.seq = entries[-1].seq if entries else seq
        return True
