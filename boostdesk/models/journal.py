"""What this connection wrote, row by row: TEMP triggers note each written row of the
applications and of the name tables in a TEMP table, so a memory built over the register
(the register view's search keys and sort orders, the completers' name lists) takes in a
save by re-reading the rows it touched instead of the whole campaign.

TEMP objects live in the connection, not in the file: nothing here is a schema change, and
another connection's writes are not seen (``PRAGMA data_version`` tells those apart; a
memory then rebuilds as before). Entries written in a transaction that rolls back vanish
with it. A memory reads ``since(conn, seq)`` and keeps the last ``seq``; None means it
cannot catch up (no journal, the triggers dropped by a table rebuild, entries pruned) and
must rebuild. No Qt here.
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
