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
is make a plain edit in a database tool show. Beside it (migration 31) ``audit_seal`` keeps
the highest line id the program sealed and how many lines it sealed: a trail deleted
whole or at its tail is fewer lines than that (ids are reused: the table has no
AUTOINCREMENT), and the check also names papers and payments no line records.

A register at 30 or later without the ``chain`` column had it dropped outside the program:
the next write (or opening) adds it back and says so in the trail, chaining from there on
(:func:`restore`); the check keeps naming the lines left without.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from hashlib import blake2b
from typing import Any

from .schema import CHAIN_VERSION

ERASE_ACTION = "erase_person"  # 删除个人信息 (erase_person): lines rewritten and re-sealed
RESTORE_ACTION = "restore_chain"  # the trail's line saying the chain column was put back
# The line recording, once per register, the unsealed 导出评分包 lines 0.19.0 left (ids and
# content hashes) as the fixed release first opened it: only those are exempted by the check.
KNOWN_ACTION = "record_unsealed_exports"
FIXED_RELEASE = "0.20.0"  # the release that stopped writing them (and records them)
RESTORED = ("修改记录的校验链（chain 列）曾在本程序之外被删除，本程序已恢复此列；"
            "此行之前的各行无校验值，无法核对")

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


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def chain_dropped(conn: sqlite3.Connection) -> bool:
    """A register at 30 or later without its ``chain`` column: dropped outside the program."""
    return user_version(conn) >= CHAIN_VERSION and not has_chain(conn)


def restore(conn: sqlite3.Connection, operator: str = "系统", computer: str = "") -> None:
    """The ``chain`` column put back (inside the caller's transaction) and a line saying so;
    the caller's seal chains that line and the ones after it."""
    conn.execute("ALTER TABLE audit_events ADD COLUMN chain BLOB")
    from datetime import datetime

    from . import clock

    try:
        at = clock.now()
    except Exception:  # noqa: BLE001 - (no clock set: the time of day)
        at = datetime.now().isoformat(timespec="seconds")
    conn.execute("INSERT INTO audit_events (at, operator, action, entity, entity_id, before,"
                 " after, computer, note) VALUES (?, ?, ?, 'register', NULL, NULL, ?, ?, '')",
                 (at, operator, RESTORE_ACTION,
                  json.dumps({"说明": RESTORED}, ensure_ascii=False), computer))


def seal(conn: sqlite3.Connection, after_id: int, operator: str = "系统",
         computer: str = "") -> int:
    """Seal the lines past ``after_id`` (the last line before the transaction began), in
    id order, chained on the line before them; how many. One hash a line, in one UPDATE
    (a million lines, the upgrade's: a third of the time of an UPDATE a line). The column
    dropped outside the program (a register at 30 or later): put back first, and said."""
    if not has_chain(conn):
        if user_version(conn) < CHAIN_VERSION:  # a register before 30 (one an older test
            return 0  # builds, a backup copy written as it is): nothing to seal with
        restore(conn, operator, computer)
    prev_row = conn.execute("SELECT chain FROM audit_events WHERE id <= ? ORDER BY id DESC"
                            " LIMIT 1", (after_id,)).fetchone()
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
        n = int(state[2])
    except sqlite3.OperationalError:
        # (the statement undone: nothing of it written)
        n = seal_one_by_one(conn, after_id, start)
    _count(conn, n)
    return n


def _count(conn: sqlite3.Connection, sealed: int) -> None:
    """``audit_seal`` (migration 31) told of the lines just sealed: how many more, and the
    highest id sealed so far."""
    if sealed and _has_seal_table(conn):
        conn.execute("UPDATE audit_seal SET lines = lines + ?, last_id = max(last_id,"
                     " (SELECT COALESCE(MAX(id), 0) FROM audit_events))", (sealed,))


def _has_seal_table(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                        " AND name = 'audit_seal'").fetchone() is not None


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


def reseal_from(conn: sqlite3.Connection, first_id: int) -> int:
    """The chain computed anew from line ``first_id`` to the end, chained on the line
    before it (删除个人信息 rewrote lines: ``erase_person``); how many. The lines are not
    new: ``audit_seal``'s count stays (its newest id, too: no line is added here). The
    caller checks the trail whole first, and writes the line saying so."""
    if not has_chain(conn):
        return 0
    prev = conn.execute("SELECT chain FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT 1",
                        (first_id,)).fetchone()
    return seal_one_by_one(conn, first_id - 1, prev[0] if prev else None)


def reseal_notes(conn: sqlite3.Connection) -> list[str]:
    """What ``check`` says of each re-seal 删除个人信息 made (its ``erase_person`` line):
    which lines, on which day, and where the old chain value is kept."""
    out = []
    for line_id, at, after in conn.execute(
            "SELECT id, at, after FROM audit_events WHERE action = ? ORDER BY id",
            (ERASE_ACTION,)):
        try:
            data = json.loads(after or "{}")
        except ValueError:
            data = {}
        if data.get("first_line"):
            out.append(f"第 {data['first_line']}–{data.get('resealed_to') or data.get('last_line')}"
                       f" 行的校验值已于 {str(at)[:10]} 因“删除个人信息”重新计算（改写 "
                       f"{data.get('lines_rewritten')} 行；原末行校验值记在第 {line_id} 行）")
    return out


def last_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_events").fetchone()[0])


# The register whose trail is counted beside its chain (migration 31: ``audit_seal``).
SEAL_VERSION = 31
# A paper or payment no line names, as the check says it: this many named, the rest counted.
_EXAMPLES = 3


@dataclass
class ChainReport:
    """What :func:`verify` found: how many lines, the lines where the chain breaks (the
    first few, with why), all counted, and what the cross-checks found missing (``gaps``:
    lines deleted at the end or whole, papers and paid payments no line records)."""

    lines: int = 0
    breaks: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)
    present: bool = True  # False: a register from before migration 30
    gaps: list[str] = field(default_factory=list)
    # rows otherwise than their lines say (audit_rows), the trail itself maybe whole
    rows: list[str] = field(default_factory=list)
    known: list[int] = field(default_factory=list)  # 0.19.0's unsealed 导出评分包 lines
    resealed: list[str] = field(default_factory=list)  # reseal_notes: said, not a break
    # lines dated earlier than a line before them (a clock set back): said, not a break
    backwards: list[BackDated] = field(default_factory=list)
    backwards_count: int = 0

    @property
    def whole(self) -> bool:
        return self.present and self.breaks == 0 and not self.gaps and not self.rows

    def said(self) -> str:
        """One line in Chinese for ``check``, the archive's 目录 and 数据说明."""
        if not self.present:
            return "修改记录防篡改校验：登记册格式过旧，无校验链"
        if self.whole:
            return (f"修改记录防篡改校验：完整（共 {self.lines:,} 行，校验链无断点；行数与本程序"
                    "写入的相符；每份申报、每笔已登记的拨付在修改记录中都有记录）"
                    + "".join(f"。{n}" for n in self.resealed) + self.known_said()
                    + self.backwards_said())
        parts = []
        if self.breaks:
            where = "；".join(f"第 {i} 行（{why}）" for i, why in self.first)
            more = "……" if self.breaks > len(self.first) else ""
            parts.append(f"校验链断开 {self.breaks} 处——{where}{more}")
        parts += self.gaps
        parts += self.rows
        parts += self.resealed
        if self.breaks or self.gaps:
            end = f"修改记录曾在本程序之外被改动、删除或插入（共 {self.lines:,} 行）"
        else:  # the trail whole: what differs is the register's rows
            end = (f"修改记录本身完整（共 {self.lines:,} 行，校验链无断点，行数与本程序写入的相符）："
                   "是登记册中的上述数据曾在本程序之外被改动、删除或插入")
        return ("修改记录防篡改校验：" + "。".join(parts) + f"。{end}" + self.known_said()
                + self.backwards_said())

    def backwards_said(self) -> str:
        """The lines a clock set back dated before the lines above them: the chain is
        whole, but their times are not to be trusted (nor a choice by date of the trail)."""
        if not self.backwards_count:
            return ""
        shown = "；".join(x.said() for x in self.backwards)
        more = f"……（共 {self.backwards_count:,} 行）" if self.backwards_count > len(self.backwards) else ""
        return (f"。注意：有 {self.backwards_count:,} 行修改记录的时间比之前已记的时间早 "
                f"{BACKWARDS_MINUTES} 分钟以上（记录时电脑的时钟可能被调回过，这些行的时间不可信，"
                f"按日期挑选修改记录时会漏掉它们）：{shown}{more}")

    def known_said(self) -> str:
        """The lines 0.19.0's 导出评分包 wrote unsealed (its defect), said apart: not
        counted as breaks, but their own content cannot be checked."""
        if not self.known:
            return ""
        shown = "、".join(f"第 {i} 行" for i in self.known[:_EXAMPLES])
        more = f"等 {len(self.known)} 行" if len(self.known) > _EXAMPLES else ""
        return (f"；其中{shown}{more}是 0.19.0 版“导出评分包”写入的记录，该版本的缺陷使其"
                f"未加校验值（不是改动：{FIXED_RELEASE} 版首次打开登记册时已记下这些行及其内容的"
                "校验值，其后未被改动；此后出现的无校验值的行都算断点）")

    def as_dict(self) -> dict[str, object]:
        return {"完整": self.whole, "行数": self.lines, "断点数": self.breaks,
                "断点": [{"行": i, "原因": why} for i, why in self.first],
                "缺失": list(self.gaps), "数据不符": list(self.rows), "未加校验值的导出评分包记录": list(self.known),
                "重新计算": list(self.resealed),
                "时间倒退": [{"行": x.line_id, "时间": x.at, "操作人": x.operator, "之前已记到": x.latest}
                         for x in self.backwards], "时间倒退行数": self.backwards_count}


# A line dated more than this before the latest time already in the trail is said by
# ``check`` (a clock corrected by a few minutes, or two computers a little apart, is not).
BACKWARDS_MINUTES = 10


@dataclass(frozen=True)
class BackDated:
    """A trail line dated before an earlier line (by id) of the trail."""

    line_id: int
    at: str
    operator: str
    latest: str  # the latest time the lines before it hold

    def said(self) -> str:
        return (f"第 {self.line_id} 行 {self.at.replace('T', ' ')}（操作人：{self.operator}；"
                f"之前已记到 {self.latest.replace('T', ' ')}）")


def back_dated(conn: sqlite3.Connection, shown: int = 3) -> tuple[list[BackDated], int]:
    """The first ``shown`` lines dated more than :data:`BACKWARDS_MINUTES` before the
    latest time of the lines before them, and how many there are. Against the latest, not
    just the line before: every line a clock set back wrote is named, not only its first.
    The demo's lines (to its 填入演示数据 line) are dated by its story, not by a clock.

    In SQL, not a line at a time: the trail is runs of lines in time order, each begun
    where a line is dated before the line just before it (or follows a deleted line) —
    none in a trail no clock set back, so one pass of rowid lookups finds nothing more to
    do. In a run, a line is dated back exactly when it is dated before the latest end of
    the runs before it: one range scan a run. (Read into Python line by line, 100,000
    lines dated back cost ``check`` ≈ 1 s; these two passes ≈ 0.05 s.) Times are compared
    as the program writes them, ISO text to the second."""
    demo = conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_events"
                        " WHERE entity = 'register' AND action = 'fill_demo'").fetchone()[0]
    first = conn.execute("SELECT MIN(id) FROM audit_events WHERE id >= ?", (demo,)).fetchone()[0]
    if first is None:
        return [], 0
    starts = conn.execute(
        "SELECT b.id, a.at FROM audit_events b LEFT JOIN audit_events a ON a.id = b.id - 1"
        " WHERE b.id > ? AND (a.id IS NULL OR b.at < a.at) ORDER BY b.id", (first,)).fetchall()
    runs: list[tuple[int, int, str, str]] = []  # first id, id after it, cutoff, latest
    latest = ""
    for k, (start, before) in enumerate(starts):
        if before is None:  # after a deleted line: the line before that ended the run
            before = conn.execute("SELECT at FROM audit_events WHERE id < ? ORDER BY id DESC"
                                  " LIMIT 1", (start,)).fetchone()[0]
        latest = max(latest, str(before or ""))
        cutoff = _minutes_before(latest, BACKWARDS_MINUTES)
        if cutoff:
            stop = starts[k + 1][0] if k + 1 < len(starts) else 1 << 62
            runs.append((start, stop, cutoff, latest))
    if not runs:
        return [], 0
    lines = ("FROM json_each(?) r JOIN audit_events e ON e.id >= json_extract(r.value, '$[0]')"
             " AND e.id < json_extract(r.value, '$[1]') AND e.at < json_extract(r.value, '$[2]')")
    given = (json.dumps(runs),)
    count = conn.execute(f"SELECT COUNT(*) {lines}", given).fetchone()[0]
    found = [BackDated(line_id, at, str(operator or ""), was) for line_id, at, operator, was
             in conn.execute(f"SELECT e.id, e.at, e.operator, json_extract(r.value, '$[3]')"
                             f" {lines} ORDER BY e.id LIMIT ?", (*given, shown))]
    return found, int(count)


def _minutes_before(at: str, minutes: int) -> str | None:
    """``at`` (ISO) less ``minutes``, written as ``at`` is; None when it cannot be read."""
    from datetime import datetime, timedelta

    try:
        return (datetime.fromisoformat(at) - timedelta(minutes=minutes)).isoformat()
    except ValueError:
        return None


def verify(conn: sqlite3.Connection, shown: int = 3) -> ChainReport:
    """The whole chain checked line by line. A break is named by its line's id: its content
    changed or the line not this program's (a chain copied from another line is said so),
    a line before it deleted (the ids say which), or lines no write of this program sealed
    (a run of them one break). After a break the check goes on from the line's own stored
    chain, so each later break is counted as one. Then the cross-checks (:func:`_gaps`)."""
    report = ChainReport()
    if not has_chain(conn):
        if user_version(conn) < CHAIN_VERSION:
            report.present = False
            return report
        report.lines = last_count(conn)
        report.gaps.append("校验链（chain 列）已在本程序之外被删除，各行无法核对")
        report.gaps += _gaps(conn, report.lines)
        report.rows = _rows(conn, trail_whole=False)
        report.backwards, report.backwards_count = back_dated(conn, shown)
        return report
    recorded = _recorded(conn)
    prev: bytes | None = None
    prev_id = 0
    first = report.first
    breaks = 0
    n = 0
    unsealed_from = 0  # the first id of the run of unsealed lines being read (0: none)
    skip_to = 0  # the last of a run of 0.19.0's unsealed export lines being passed
    for line_id, content, stored in conn.execute(
            f"SELECT id, {_CONTENT}, chain FROM audit_events ORDER BY id"):
        n += 1
        if line_id <= skip_to:
            prev_id = line_id
            continue
        if stored is None and line_id == prev_id + 1 and not unsealed_from:
            run = _unsealed_exports(conn, line_id, recorded)
            if run:
                report.known += run
                skip_to, prev, prev_id = run[-1], None, line_id
                continue
        if stored is None and unsealed_from and line_id == prev_id + 1:
            prev_id = line_id  # the run goes on: one break
            if first and first[-1][0] == unsealed_from:
                first[-1] = (unsealed_from, f"至第 {line_id} 行，共 {line_id - unsealed_from + 1}"
                             " 行不是本程序写入的，无校验值")
            continue
        unsealed_from = line_id if stored is None else 0
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
                    why = _changed(conn, line_id, stored)
                first.append((line_id, why))
        prev = stored
        prev_id = line_id
    report.lines, report.breaks = n, breaks
    report.resealed = reseal_notes(conn)
    report.backwards, report.backwards_count = back_dated(conn, shown)
    _name_restored(conn, first)
    report.gaps += _gaps(conn, n)
    report.rows = _rows(conn, trail_whole=not breaks and not report.gaps)
    return report


# 0.19.0's 导出评分包 committed its line alone, outside any write: left unsealed (NULL), and
# the next write chained on it, i.e. on nothing. Its shape, told apart from tampering.
_EXPORT_ACTION, _EXPORT_ENTITY = "export_packages", "campaigns"


def _unsealed_exports(conn: sqlite3.Connection, line_id: int,
                      recorded: dict[int, str] | None = None) -> list[int]:
    """The run of unsealed lines from ``line_id`` when each is shaped as 0.19.0's export
    line (its action, entity and what it recorded) and the sealed line after the run, if
    any, chains on nothing, as that version's next write did; else none (the run is a
    break). ``recorded`` (the check's): each line must also be one the fixed release found
    at its first opening (:func:`record_known`), its content unchanged since. Read only at
    an unsealed line (rare), line by line from it."""
    run: list[int] = []
    for i, content, stored, action, entity, after in conn.execute(
            f"SELECT id, {_CONTENT}, chain, action, entity, after FROM audit_events"
            " WHERE id >= ? ORDER BY id", (line_id,)):
        if i != line_id + len(run):
            return []  # a line deleted in or after the run: a break, said as such
        if stored is not None:
            return run if run and stored == link(None, content) else []
        if not (action == _EXPORT_ACTION and entity == _EXPORT_ENTITY and _export_after(after)):
            return []
        if recorded is not None and recorded.get(i) != _digest(content):
            return []  # not there when this release first opened the register, or edited
        run.append(i)
    return run  # the trail's last lines: no write since


def _digest(content: bytes) -> str:
    return blake2b(content, digest_size=_SIZE).hexdigest()


def _recorded(conn: sqlite3.Connection) -> dict[int, str]:
    """The known lines the sealed :data:`KNOWN_ACTION` lines record (id → content hash);
    an unsealed record line (forged) records nothing."""
    out: dict[int, str] = {}
    for (after,) in conn.execute("SELECT after FROM audit_events WHERE action = ? AND"
                                 " entity = 'register' AND chain IS NOT NULL", (KNOWN_ACTION,)):
        try:
            data = json.loads(after or "{}")
        except ValueError:
            continue
        for item in data.get("lines", []) if isinstance(data, dict) else []:
            if isinstance(item, list) and len(item) == 2:
                out[int(item[0])] = str(item[1])
    return out


def _sealed_to(conn: sqlite3.Connection) -> int:
    """The highest line id the program sealed (``audit_seal``), 0 unknown."""
    if not _has_seal_table(conn):
        return 0
    row = conn.execute("SELECT last_id FROM audit_seal").fetchone()
    return int(row[0] or 0) if row else 0


def known_to_record(conn: sqlite3.Connection) -> list[tuple[int, str]] | None:
    """The unsealed export lines to record as this release first opens the register (ids
    and content hashes); None when already recorded (or no chain: nothing to exempt)."""
    if not has_chain(conn) or conn.execute(
            "SELECT 1 FROM audit_events WHERE action = ? AND entity = 'register' LIMIT 1",
            (KNOWN_ACTION,)).fetchone():
        return None
    out: list[tuple[int, str]] = []
    skip_to = 0
    for (line_id,) in conn.execute("SELECT id FROM audit_events WHERE chain IS NULL AND"
                                   " action = ? ORDER BY id", (_EXPORT_ACTION,)).fetchall():
        if line_id <= skip_to:
            continue
        before = conn.execute("SELECT chain FROM audit_events WHERE id = ?",
                              (line_id - 1,)).fetchone()
        if line_id > 1 and (before is None or before[0] is None):
            continue  # the middle of an unsealed run, or after a deleted line: not the shape
        run = _unsealed_exports(conn, line_id)
        if run and run[-1] == last_id(conn) and line_id <= _sealed_to(conn):
            # a run at the trail's end within what the program sealed: 0.19.0 committed its
            # line alone, past the sealed count; this one was a sealed line (the record's)
            run = []
        for i in run:
            content = conn.execute(f"SELECT {_CONTENT} FROM audit_events WHERE id = ?",
                                   (i,)).fetchone()[0]
            out.append((i, _digest(content)))
        skip_to = run[-1] if run else line_id
    return out


def _export_after(after: str | None) -> bool:
    try:
        value = json.loads(after or "")
    except ValueError:
        return False
    return isinstance(value, dict) and {"experts", "folder"} <= value.keys()


def _name_restored(conn: sqlite3.Connection, first: list[tuple[int, str]]) -> None:
    """A run of unsealed lines just before the line saying the chain was put back: the
    lines the dropped column left without, said so."""
    restored = {r[0] for r in conn.execute(
        "SELECT id FROM audit_events WHERE action = ? AND entity = 'register'",
        (RESTORE_ACTION,))}
    for n, (line_id, why) in enumerate(first):
        if not why.endswith("无校验值"):
            continue
        end = int(why.split(" 行")[0].removeprefix("至第 ")) if why.startswith("至第") else line_id
        if end + 1 in restored:
            first[n] = (line_id, f"{'至第 ' + str(end) + ' 行' if end != line_id else '此行'}无校验值："
                                 f"校验链（chain 列）曾在本程序之外被删除，第 {end + 1} 行起本程序已恢复")


def _changed(conn: sqlite3.Connection, line_id: int, stored: bytes) -> str:
    """Why a line's chain does not match: its chain copied from another line (a forged
    line) is said so; otherwise either."""
    copied = conn.execute("SELECT id FROM audit_events WHERE chain = ? AND id != ? LIMIT 1",
                          (stored, line_id)).fetchone()
    if copied:
        return f"不是本程序写入的，校验值抄自第 {copied[0]} 行"
    return "内容被改动或不是本程序写入的"


def last_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0])


def _gaps(conn: sqlite3.Connection, lines: int) -> list[str]:
    """The trail's own cross-check, an index look-up: fewer lines, or a lower newest id,
    than the program sealed (``audit_seal``). The rows' are :func:`_rows`."""
    gaps: list[str] = []
    if user_version(conn) >= SEAL_VERSION:
        row = (conn.execute("SELECT last_id, lines FROM audit_seal").fetchone()
               if _has_seal_table(conn) else None)
        if row is None:
            gaps.append("修改记录的行数记录（audit_seal）已在本程序之外被删除")
        else:
            newest = last_id(conn)
            if lines < row[1]:
                gaps.append(f"修改记录现有 {lines:,} 行，少于本程序写入的 {row[1]:,} 行："
                            f"有 {row[1] - lines:,} 行已被删除")
            if newest == 0 and row[0]:
                gaps.append("修改记录已全部被删除")
            elif newest < row[0]:
                gaps.append(f"最新一行为第 {newest} 行，本程序曾写到第 {row[0]} 行：末尾的行已被删除")
    return gaps


def _rows(conn: sqlite3.Connection, trail_whole: bool) -> list[str]:
    """The rows the trail does not account for: papers no line names, payments paid with no
    line paying them, rows otherwise than their lines say (:mod:`.audit_rows`). Worded by
    ``trail_whole``: a whole trail lost no line, so the row was written outside."""
    from .audit_rows import mismatches, paid_unrecorded
    from .records import PATENT, PROJECT, id_ref

    out: list[str] = []
    for stream, table, what in ((PATENT, "patent_applications", "专利申报"),
                                (PROJECT, "project_applications", "创新项目申报")):
        ids = [r[0] for r in conn.execute(
            f"SELECT a.id FROM {table} a WHERE NOT EXISTS (SELECT 1 FROM audit_events e"
            f" WHERE e.entity = '{table}' AND e.entity_id = a.id) ORDER BY a.id")]
        if ids:
            named = "、".join(id_ref(stream, i) for i in ids[:_EXAMPLES])
            why = ("可能是在本程序之外插入的" if trail_whole else
                   "其录入的记录已被删除，或是在本程序之外插入的")
            out.append(f"{len(ids):,} 份{what}在修改记录中没有任何记录（如 {named}"
                       f"{'等' if len(ids) > _EXAMPLES else ''}）：{why}")
    compared: set[int] = set()
    rows = mismatches(conn, compared)
    if paid := paid_unrecorded(conn, trail_whole, compared):
        out.append(paid)
    if rows:
        more = f"……（共 {len(rows):,} 处）" if len(rows) > _EXAMPLES else ""
        out.append("；".join(rows[:_EXAMPLES]) + more)
    return out
