"""The trail's seal: each audit line's ``chain`` is a hash of its own content and the line
before it's ``chain`` (migration 30), written when the transaction that wrote the line
commits. A line edited, deleted or slipped in by another program (SQLite opened directly)
then no longer matches: :func:`verify` names the first line where the chain breaks.

Sealed at commit, not as each line is written: a write may still finish its own lines
before it commits (the demo dates them, a paper's update notes which paper changed the
person). Only the lines the transaction itself wrote are sealed (past the last line there
was when it began): a line another program added between two writes is left unsealed,
and said so.

A hash chain is evidence, not a lock: someone who knows this file's recipe can compute a
new chain after editing; lines deleted at the very end leave no break either. What it does
is make a plain edit in a database tool show.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any

# The columns hashed, in order (the chain itself is not), as SQLite writes them out: each
# as its text (UTF-8), separated by the byte 0x1F, NULL as the byte 0x1E. The JSON of
# before and after never holds those control bytes (JSON escapes them), nor do the
# program's own columns. Made in SQL: a million lines read and joined in ≈ 1.6 s of CPU,
# where Python's repr of each row's tuple took ≈ 1 s more.
COLUMNS = ("id", "at", "operator", "action", "entity", "entity_id", "before", "after",
           "computer", "note")
_CONTENT = "CAST(" + "||x'1f'||".join(f"ifnull({c},x'1e')" for c in COLUMNS) + " AS BLOB)"
_SIZE = 16  # bytes of each line's chain (blake2b-128): 16 MB a million lines


def link(previous: bytes | None, content: bytes) -> bytes:
    """A line's chain: the previous line's chain (none for the first), then its content."""
    return blake2b((previous or b"") + content, digest_size=_SIZE).digest()


def has_chain(conn: sqlite3.Connection) -> bool:
    return any(r[1] == "chain" for r in conn.execute("PRAGMA table_info(audit_events)"))


def seal(conn: sqlite3.Connection, after_id: int) -> int:
    """Seal the lines past ``after_id`` (the last line before the transaction began), in
    id order, chained on the line before them; how many. One hash a line, in one UPDATE
    (a million lines, the upgrade's: a third of the time of an UPDATE a line)."""
    try:
        prev_row = conn.execute("SELECT chain FROM audit_events WHERE id <= ? ORDER BY id DESC"
                                " LIMIT 1", (after_id,)).fetchone()
    except sqlite3.OperationalError as exc:
        if "no such column" in str(exc):  # a register before 30 (one an older test builds,
            return 0  # a backup copy written as it is): nothing to seal with
        raise
    start = prev_row[0] if prev_row else None
    state: list[Any] = [start, after_id, 0]

    def step(line_id: int, content: bytes) -> bytes:
        if line_id <= state[1]:  # SQLite walks a rowid range in order; were it not to,
            raise ValueError(line_id)  # the lines are sealed one by one below
        state[0] = link(state[0], content)
        state[1] = line_id
        state[2] += 1
        return state[0]

    conn.create_function("audit_chain_link", 2, step)
    try:
        conn.execute(f"UPDATE audit_events SET chain = audit_chain_link(id, {_CONTENT})"
                     " WHERE id > ?", (after_id,))
        return int(state[2])
    except sqlite3.OperationalError:
        pass  # (the statement undone: nothing of it written)
    return seal_one_by_one(conn, after_id, start)


def seal_one_by_one(conn: sqlite3.Connection, after_id: int, start: bytes | None) -> int:
    """:func:`seal`'s lines each by its own UPDATE, chained on ``start``."""
    prev = start
    sealed = []
    for line_id, content in conn.execute(
            f"SELECT id, {_CONTENT} FROM audit_events WHERE id > ? ORDER BY id",
            (after_id,)).fetchall():
        prev = link(prev, content)
        sealed.append((prev, line_id))
    conn.executemany("UPDATE audit_events SET chain = ? WHERE id = ?", sealed)
    return len(sealed)


def last_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_events").fetchone()[0])


@dataclass
class ChainReport:
    """What :func:`verify` found: how many lines, and the lines where the chain breaks
    (the first few, with why), all counted."""

    lines: int = 0
    breaks: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)
    present: bool = True  # False: a register from before migration 30

    @property
    def whole(self) -> bool:
        return self.present and self.breaks == 0

    def said(self) -> str:
        """One line in Chinese for ``check``, the archive's 目录 and 数据说明."""
        if not self.present:
            return "修改记录防篡改校验：登记册版本过旧，无校验链"
        if self.whole:
            return f"修改记录防篡改校验：完整（共 {self.lines:,} 行，校验链无断点）"
        where = "；".join(f"第 {i} 行（{why}）" for i, why in self.first)
        more = "……" if self.breaks > len(self.first) else ""
        return (f"修改记录防篡改校验：校验链断开 {self.breaks} 处——{where}{more}。"
                f"修改记录曾在本程序之外被改动、删除或插入（共 {self.lines:,} 行）")

    def as_dict(self) -> dict[str, object]:
        return {"完整": self.whole, "行数": self.lines, "断点数": self.breaks,
                "断点": [{"行": i, "原因": why} for i, why in self.first]}


def verify(conn: sqlite3.Connection, shown: int = 3) -> ChainReport:
    """The whole chain checked line by line. A break is named by its line's id: its content
    changed (or a line before it deleted: the ids say which), or a line no write of this
    program sealed. After a break the check goes on from the line's own stored chain, so
    each later break is counted as one."""
    report = ChainReport()
    if not has_chain(conn):
        report.present = False
        return report
    prev: bytes | None = None
    prev_id = 0
    first = report.first
    breaks = 0
    n = 0
    for line_id, content, stored in conn.execute(
            f"SELECT id, {_CONTENT}, chain FROM audit_events ORDER BY id"):
        n += 1
        expected = blake2b((prev or b"") + content, digest_size=_SIZE).digest()
        if stored != expected:
            breaks += 1
            if len(first) < shown:
                if stored is None:
                    why = "不是本程序写入的，无校验值"
                elif line_id != prev_id + 1:
                    why = (f"其前的第 {prev_id + 1} 行已被删除" if line_id == prev_id + 2 else
                           f"其前的第 {prev_id + 1}–{line_id - 1} 行已被删除")
                else:
                    why = "内容被改动"
                first.append((line_id, why))
        prev = stored
        prev_id = line_id
    report.lines, report.breaks = n, breaks
    return report
