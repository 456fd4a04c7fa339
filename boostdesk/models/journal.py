"""What this connection wrote, row by row: TEMP triggers note each written row of the
applications and of the name tables in a TEMP table, so a memory built over the register
(the register view's search keys and sort orders, the completers' name lists) takes in a
save by re-reading the rows it touched instead of the whole campaign.

TEMP objects live in the connection, not in the file: nothing here is a schema change, and
another connection's writes are not seen (``PRAGMA data_version`` tells those apart; a
memory then rebuilds as before) unless handed over: a worker's connection keeps a journal
too, and what it wrote is taken into this one's (:func:`hand_over`). Entries written in a
transaction that rolls back vanish with it. A memory reads ``since(conn, seq)`` and keeps
the last ``seq``; None means it cannot catch up (no journal, the triggers dropped by a table
rebuild, entries pruned) and must rebuild. No Qt here.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

# Table → the columns whose old and new values are noted (names for the completers, and the
# values the register view sorts on through a join).
TABLES: dict[str, tuple[str, ...]] = {
    "patent_applications": (),
    "project_applications": ("leader", "contact_name"),
    "people": ("name",),
    "units": ("name",),
    "enterprises": ("name",),
    "studios": ("name", "leader", "level"),
}
Token = tuple[int, int]
LIMIT = 20_000  # entries kept; past it they are dropped and every memory rebuilds
_NAME = "bd_journal"


def change_token(conn: sqlite3.Connection) -> Token:
    """Moves on every change this connection makes and every commit of any other one."""
    return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


class Entry(NamedTuple):
    """A row written (``column`` None), or a noted column's value changed
    (``op``: ``i`` insert, ``u`` update, ``d`` delete)."""

    seq: int
    table: str
    row: int
    column: str | None
    op: str
    old: object
    new: object


def _triggers() -> list[str]:
    out = []
    for table, columns in TABLES.items():
        note = f"INSERT INTO {_NAME} (tbl, row, col, op, old, new) VALUES"
        inserted = [f"{note} ('{table}', NEW.id, NULL, 'i', NULL, NULL);"]
        inserted += [f"{note} ('{table}', NEW.id, '{c}', 'i', NULL, NEW.{c});" for c in columns]
        updated = [f"{note} ('{table}', NEW.id, NULL, 'u', NULL, NULL);",
                   f"INSERT INTO {_NAME} (tbl, row, col, op, old, new) SELECT '{table}',"
                   " OLD.id, NULL, 'd', NULL, NULL WHERE OLD.id IS NOT NEW.id;"]
        updated += [f"INSERT INTO {_NAME} (tbl, row, col, op, old, new) SELECT '{table}',"
                    f" NEW.id, '{c}', 'u', OLD.{c}, NEW.{c} WHERE OLD.{c} IS NOT NEW.{c};"
                    for c in columns]
        deleted = [f"{note} ('{table}', OLD.id, NULL, 'd', NULL, NULL);"]
        deleted += [f"{note} ('{table}', OLD.id, '{c}', 'd', OLD.{c}, NULL);" for c in columns]
        for event, body in (("INSERT", inserted), ("UPDATE", updated), ("DELETE", deleted)):
            out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS {_NAME}_{table}_{event.lower()}"
                       f" AFTER {event} ON main.{table} BEGIN {' '.join(body)} END")
    # An objection entered, settled or taken back changes what its project's row shows
    # (核准 held from payment, ``workflow.HELD_SQL``): noted as that row written.
    note = f"INSERT INTO {_NAME} (tbl, row, col, op, old, new) VALUES"
    for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS {_NAME}_objections_{event.lower()}"
                   f" AFTER {event} ON main.objections BEGIN {note}"
                   f" ('project_applications', {ref}.project_id, NULL, 'u', NULL, NULL); END")
    return out


_TRIGGERS = _triggers()


def _installed(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger' AND name GLOB ?",
        (f"{_NAME}_*",)).fetchone()[0]
    return found == len(_TRIGGERS)


def install(conn: sqlite3.Connection) -> bool:
    """The journal on ``conn`` (again, when a table rebuild dropped a trigger); False when
    it cannot be made (a table missing). Entries from before it are not there."""
    if conn.in_transaction:
        return False
    try:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_NAME} (seq INTEGER PRIMARY KEY"
                     " AUTOINCREMENT, tbl TEXT NOT NULL, row INTEGER, col TEXT, op TEXT NOT NULL,"
                     " old, new)")
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_NAME}_floor (seq INTEGER NOT NULL)")
        for sql in _TRIGGERS:
            conn.execute(sql)
    except sqlite3.Error:
        return False
    return _installed(conn)


def position(conn: sqlite3.Connection) -> int:
    """The last entry's number: a memory built now is up to date with it."""
    return int(conn.execute(
        f"SELECT max(coalesce((SELECT max(seq) FROM temp.{_NAME}), 0),"
        f" coalesce((SELECT max(seq) FROM temp.{_NAME}_floor), 0))").fetchone()[0])


def since(conn: sqlite3.Connection, seq: int) -> list[Entry] | None:
    """The entries after ``seq``, or None when some are missing (never installed, a trigger
    dropped, pruned) and a memory must rebuild. Run outside a transaction."""
    try:
        if not _installed(conn):
            return None
        floor = conn.execute(f"SELECT max(seq) FROM temp.{_NAME}_floor").fetchone()[0] or 0
        if seq < floor:
            return None
        entries = [Entry(*r) for r in conn.execute(
            f"SELECT seq, tbl, row, col, op, old, new FROM temp.{_NAME} WHERE seq > ?"
            " ORDER BY seq", (seq,))]
        _prune(conn)
    except sqlite3.Error:
        return None
    return entries


def _prune(conn: sqlite3.Connection) -> None:
    """Past LIMIT entries, all go: a memory behind them rebuilds."""
    if conn.in_transaction:
        return
    last = conn.execute(f"SELECT max(seq), count(*) FROM temp.{_NAME}").fetchone()
    if last[1] > LIMIT:
        conn.execute(f"DELETE FROM temp.{_NAME}")
        conn.execute(f"DELETE FROM temp.{_NAME}_floor")
        conn.execute(f"INSERT INTO temp.{_NAME}_floor VALUES (?)", (last[0],))


# -- another connection's writes handed over ----------------------------------------------
# A worker writes on a connection of its own (an import, a batch status move): its commit
# moves this connection's ``data_version``, and every memory rebuilt (0.3–0.6 s at 100,000
# papers). The worker's own journal says what it wrote; handed over, the memories patch
# those rows as they patch this connection's.


class Mark(NamedTuple):
    """Where a worker's connection stood before it wrote: its last journal entry, and its
    ``data_version`` (moved by any other connection's commit meanwhile)."""

    seq: int
    version: int


def data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def mark(conn: sqlite3.Connection) -> Mark | None:
    """A worker's connection, before it writes: its journal installed, and where it stands
    (None: no journal can be kept on it, a read-only worker's)."""
    try:
        if not install(conn):
            return None
        return Mark(position(conn), data_version(conn))
    except sqlite3.Error:
        return None


def written(conn: sqlite3.Connection, start: Mark | None, *,
            alone: bool = True) -> list[Entry] | None:
    """What ``conn`` wrote and committed since ``start``, for :func:`hand_over`; None when
    that cannot be told (entries missing, a transaction left open) or, ``alone``, is not all
    that changed (another connection committed meanwhile: its writes are in no journal).
    Never raises."""
    if start is None:
        return None
    try:
        if conn.in_transaction or (alone and data_version(conn) != start.version):
            return None
        entries = since(conn, start.seq)
    except sqlite3.Error:
        return None
    return entries if entries is not None and len(entries) <= LIMIT else None


def hand_over(conn: sqlite3.Connection, entries: list[Entry] | None, before: int) -> bool:
    """A worker's ``written`` entries taken into ``conn``'s journal as if ``conn`` had
    written them, and noted as all that moved ``conn``'s ``data_version`` from ``before``
    (read before the worker opened its connection) to now (:func:`handed`). False, nothing
    taken, when that cannot be said (no journal here: no memory uses it; a transaction
    open). Call it once the worker has committed, before anything reads the register."""
    if entries is None:
        return False
    try:  # (a window closed while its worker ran: the connection is closed, nothing taken)
        if conn.in_transaction or not _installed(conn):
            return False
        now = data_version(conn)
        if now == before:  # nothing committed by the worker
            return not entries
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_NAME}_handed"
                     " (before INTEGER NOT NULL, after INTEGER NOT NULL)")
        conn.execute("BEGIN")
        try:
            conn.executemany(f"INSERT INTO temp.{_NAME} (tbl, row, col, op, old, new)"
                             " VALUES (?, ?, ?, ?, ?, ?)", [e[1:] for e in entries])
            conn.execute(f"INSERT INTO temp.{_NAME}_handed VALUES (?, ?)", (before, now))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error:
        return False
    return True


def handed(conn: sqlite3.Connection, before: int, now: int) -> bool:
    """Whether every other connection's commit ``conn`` saw while its ``data_version`` went
    from ``before`` to ``now`` was handed over (:func:`hand_over`): a memory built at
    ``before`` may then catch up from the journal instead of rebuilding."""
    try:
        steps = dict(conn.execute(f"SELECT before, after FROM temp.{_NAME}_handed"))
    except sqlite3.Error:  # none handed over yet
        return False
    version, seen = before, set()
    while version != now:
        if version not in steps or version in seen:
            return False
        seen.add(version)
        version = steps[version]
    return True
