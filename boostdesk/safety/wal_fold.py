"""The register's -wal folded into the register file, without holding anyone back.

In WAL mode a commit goes to ``register.db-wal``; SQLite copies it into ``register.db``
(a checkpoint) only once the -wal passes 4 MB, or when the last connection closes. An open
window's saves therefore lived in the -wal alone: IT copying "the register file" (the .db,
as Explorer shows it) while the window stayed open got a register without the afternoon's
import — silently, the copy a whole and consistent register of the morning.

:func:`fold` is a PASSIVE checkpoint on a connection of its own: it copies what no reader
still needs and never waits for, nor blocks, a writer or a reader (its own busy timeout is
0). The -wal stays in place, in WAL mode; once everything is folded, the next commit starts
it again from its beginning. Timings at 100,000 applications (benchmarks/.cache's history
register, on this machine's disk): after one save (17 pages) ≈ 1 ms; with 13.6 MB waiting
(3,292 pages) ≈ 25 ms — the window runs it off its UI thread (``ui/fold_when_idle.py``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def fold(path: str | Path) -> bool:
    """Fold ``path``'s -wal into the file, as far as no reader holds it back. True once the
    file alone holds every commit (nothing was waiting, or all of it is folded now); False
    when a reader's older snapshot kept some back (to be tried again) or the register is
    not in WAL mode. sqlite3.Error (the file gone, a full disk) is the caller's."""
    conn = sqlite3.connect(str(path), timeout=0, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA synchronous = FULL")  # the folded pages on the disk, then said so
        row = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        conn.close()  # never the last connection: the window's own stays open
    busy, frames, folded = (int(v) for v in row)
    return not busy and frames >= 0 and folded == frames
