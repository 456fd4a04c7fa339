"""Full-data copies made while the register could not be written, kept beside it.

``backup --out`` (备份到…) and the year archive write a line in the audit trail so that
删除个人信息 can name every copy still holding a person's data. A process that opened the
register read-only (another window holds it, the file set read-only) cannot write that
line: the copy went unrecorded and the erasure's result never named it. Such a copy is
noted instead in ``register.db.copies`` beside the register — JSON lines, appended, 0600
— which the next writing opening folds into the trail (one line per copy, as it would
have been written, with who made it and when) and which 删除个人信息 reads too.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from .files import PRIVATE_FILE, make_private

SUFFIX = ".copies"
NOTED = "noted_aside"  # the folded line's key: when, by whom and where the copy was made
FOLDED = "登记册只读时所做，已补记入修改记录"


def side_path(register: str | Path) -> Path:
    register = Path(register)
    return register.with_name(register.name + SUFFIX)


def note(register: str | Path, action: str, entity: str, after: dict[str, Any],
         operator: str) -> bool:
    """Append one copy (the trail line's ``action``, ``entity`` and ``after``); False when
    it cannot be written (a read-only folder, a full disk): nothing will name the copy."""
    from boostdesk.models.clock import now

    from .lock import host_name

    entry = {"id": uuid.uuid4().hex, "at": now(), "operator": operator,
             "computer": host_name(), "action": action, "entity": entity, "after": after}
    path = side_path(register)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")  # one write: one line
            out.flush()
            os.fsync(out.fileno())
        make_private(path)  # (a file made 0644 by hand: its owner's alone again)
    except OSError:
        return False
    return True


def pending(register: str | Path) -> list[dict[str, Any]]:
    """The copies noted and not yet folded (a torn last line skipped)."""
    try:
        text = side_path(register).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("after"), dict) and entry.get("action"):
            out.append(entry)
    return out


def fold(reg: Any) -> int:
    """The noted copies written into the trail of ``reg`` (open for writing), each once
    (its id kept in the line, so a file left by a crash after the commit adds nothing),
    then the side file removed. Returns how many lines were written."""
    path = reg.path
    if path is None:
        return 0
    entries = pending(path)
    if not entries:
        if side_path(path).exists():
            _remove(side_path(path))
        return 0
    written = 0
    try:
        with reg.transaction():
            for e in entries:
                if _already(reg.conn, str(e.get("id", ""))):
                    continue
                reg.audit(str(e["action"]), str(e.get("entity") or "register"), None, None,
                          {**e["after"], NOTED: {"id": e.get("id"), "at": e.get("at"),
                                                 "operator": e.get("operator"),
                                                 "computer": e.get("computer")}})
                written += 1
    except sqlite3.Error:
        return 0  # kept for the next writing opening; erase-person reads the file meanwhile
    _remove(side_path(path))
    return written


def _already(conn: sqlite3.Connection, copy_id: str) -> bool:
    return bool(copy_id) and conn.execute(
        "SELECT 1 FROM audit_events WHERE after LIKE ? LIMIT 1", (f'%"{copy_id}"%',)
    ).fetchone() is not None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # folded lines are not written twice (their ids)


def noted_said(after: dict[str, Any]) -> str:
    """A folded line's note for the trail's reader: who made the copy, and when."""
    n = after.get(NOTED)
    if not isinstance(n, dict):
        return ""
    return f"（{FOLDED}：{str(n.get('at') or '')[:19].replace('T', ' ')} {n.get('operator') or ''}）"


def unrecorded(noted: bool, path: str | Path) -> str:
    """What the copy's maker is told: where the copy is noted, or that nothing names it."""
    if noted:
        return (f"已记在登记册旁的 {side_path(path).name} 中，登记册下次以可修改方式打开时补记入"
                "修改记录；删除个人信息时会列出这个文件")
    return ("也未能记在登记册旁（文件夹不能写入）：删除个人信息时将无法列出这个文件，"
            "请自行记下它的位置，删除个人信息后手动删除或妥善保管")
