"""Full-data copies made while the register could not be written, kept beside it.

``backup --out`` (备份到…) and the year archive write a line in the audit trail so that
删除个人信息 can name every copy still holding a person's data. A process that opened the
register read-only (another window holds it, the file set read-only) cannot write that
line: the copy went unrecorded and the erasure's result never named it. Such a copy is
noted instead in ``register.db.copies`` beside the register — JSON lines, appended, 0600
— which the next writing opening folds into the trail (one line per copy, as it would
have been written, with who made it and when) and which 删除个人信息 reads too.

The file is anyone's to edit: only the kinds of line written here are taken (a copy's
``backup_out``, a year archive's line), their fields checked; any other line (a forged
"restore" or "erase_person", garbage) is not sealed into the trail as genuine but counted
there and said. The fold renames the file aside before it reads it: a copy noted
meanwhile starts a new file instead of being deleted unread.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from .files import PRIVATE_FILE, make_private

SUFFIX = ".copies"
FOLDING = ".folding-"  # the file renamed aside while its lines are folded
NOTED = "noted_aside"  # the folded line's key: when, by whom and where the copy was made
FOLDED = "登记册只读时记下"
REFUSED_ACTION = "copies_refused"  # the trail's line for lines of the file not taken
_ID = re.compile(r"^[0-9a-f]{32}$")
_NO_CONTROL = re.compile(r"^[^\x00-\x1f\x7f]*$")


def side_path(register: str | Path) -> Path:
    """Beside the register file itself (a symbolic link to it resolved, as backups are):
    a copy noted beside a link was never folded nor listed."""
    register = Path(register)
    if register.is_symlink():
        register = register.resolve()
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


# -- what a line may be ------------------------------------------------------------
def _text(value: Any, *, empty: bool = False) -> bool:
    return isinstance(value, str) and (empty or bool(value)) and len(value) <= 4096 and bool(
        _NO_CONTROL.match(value))


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _place(value: Any) -> bool:
    """A copy's full path, as ``note``'s callers write it (resolved)."""
    return _text(value) and os.path.isabs(value)


def _entries(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(e, list) and len(e) == 3 and _text(e[0]) and (e[1] is None or _whole(e[1]))
        and _text(e[2])
        for e in value)


# action -> (entity, required fields, optional fields), each field's check
_KINDS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "backup_out": ("register", {"to": _place}, {"size": _whole}),
    "export_archive": ("documents", {"year": _whole, "to": _place},
                       {"files": _whole, "pages": _whole, "index_sha256": _text,
                        "backup": _text, "letters": _whole, "entries": _entries}),
}


def valid(entry: Any) -> bool:
    """A line as :func:`note` writes it, of a kind it writes, every field as expected."""
    if not isinstance(entry, dict) or set(entry) != {
            "id", "at", "operator", "computer", "action", "entity", "after"}:
        return False
    kind = _KINDS.get(entry["action"]) if isinstance(entry["action"], str) else None
    if kind is None or entry["entity"] != kind[0]:
        return False
    if not (isinstance(entry["id"], str) and _ID.match(entry["id"]) and _text(entry["at"])
            and _text(entry["operator"]) and _text(entry["computer"], empty=True)):
        return False
    after = entry["after"]
    if not isinstance(after, dict) or not set(kind[1]) <= set(after) <= set(kind[1]) | set(kind[2]):
        return False
    checks = {**kind[1], **kind[2]}
    return all(checks[k](v) for k, v in after.items())


def _read(files: list[Path]) -> tuple[list[dict[str, Any]], int]:
    """The valid lines of ``files``, and how many other (non-empty) lines there were."""
    out: list[dict[str, Any]] = []
    refused = 0
    for file in files:
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                refused += 1
                continue
            if valid(entry):
                out.append(entry)
            else:
                refused += 1
    return out, refused


def _files(register: str | Path) -> list[Path]:
    """The side file and any renamed aside by a fold that did not end (a crash)."""
    side = side_path(register)
    aside = sorted(side.parent.glob(side.name + FOLDING + "*")) if side.parent.is_dir() else []
    return [*aside, side]


def pending(register: str | Path) -> list[dict[str, Any]]:
    """The copies noted and not yet folded (lines not written by :func:`note` skipped)."""
    return _read(_files(register))[0]


def fold(reg: Any) -> tuple[int, int]:
    """The noted copies written into the trail of ``reg`` (open for writing, under its
    lock: one fold at a time), each once (its id kept in the line, so a file left by a
    crash after the commit adds nothing); the lines not taken counted in a line of their
    own. The side file is renamed aside first (a copy noted meanwhile makes a new one),
    removed once folded. Returns (lines written, lines not taken)."""
    path = reg.path
    if path is None:
        return 0, 0
    side = side_path(path)
    if side.exists():
        try:
            os.replace(side, side.with_name(f"{side.name}{FOLDING}{uuid.uuid4().hex[:8]}"))
        except OSError:
            return 0, 0  # (a folder that cannot be written: read by erase-person meanwhile)
    files = _files(path)[:-1]
    if not files:
        return 0, 0
    entries, refused = _read(files)
    written = 0
    try:
        with reg.transaction():
            for e in entries:
                if _already(reg.conn, e["id"]):
                    continue
                # (only the kinds ``valid`` takes, spelt out: the trail's codes are read
                # from the source by the data dictionary's test)
                reg.audit("backup_out" if e["action"] == "backup_out" else "export_archive",
                          e["entity"], None, None,
                          {**e["after"], NOTED: {"id": e["id"], "at": e["at"],
                                                 "operator": e["operator"],
                                                 "computer": e["computer"]}})
                written += 1
            if refused:
                reg.audit(REFUSED_ACTION, "register", None, None,
                          {"lines": refused, "file": side.name})
    except sqlite3.Error:
        return 0, 0  # kept aside for the next writing opening; erase-person reads it too
    for file in files:
        _remove(file)
    return written, refused


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
    return (f"（{FOLDED}：{str(n.get('at') or '')[:19].replace('T', ' ')} "
            f"{n.get('operator') or ''}，由本行的操作人补记入修改记录）")


def refused_said(after: dict[str, Any]) -> str:
    """The trail's line (and the opening's warning) for lines of the file not taken."""
    return (f"登记册旁的 {after.get('file', '')} 中有 {after.get('lines', 0)} 行无法读取，"
            "或不是本程序记下的副本，未补记入修改记录（该文件可能被手工改过）")


def unrecorded(noted: bool, path: str | Path) -> str:
    """What the copy's maker is told: where the copy is noted, or that nothing names it
    (the side file itself refused — set read-only — named, else the folder)."""
    side = side_path(path)
    if noted:
        return (f"已记在登记册旁的 {side.name} 中，登记册下次以可修改方式打开时补记入"
                "修改记录；删除个人信息时会列出这个文件")
    why = (f"登记册旁的 {side} 不能写入" if side.exists() and not os.access(side, os.W_OK)
           else "文件夹不能写入")
    return (f"也未能记在登记册旁（{why}）：删除个人信息时将无法列出这个文件，"
            "请自行记下它的位置，删除个人信息后手动删除或妥善保管")
