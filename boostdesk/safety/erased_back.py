"""A backup made before a 删除个人信息 holds the person's data again: restoring it brings
the erased name, ID, card and phone back. The people the current register's trail erased
(its ``erase_person`` lines) whose rows the backup still holds unerased are named by
their 人员N number only (never their names), for ``restore`` to refuse without
``--undo-erasure`` and the window's confirmation to say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from boostdesk.models.audit_chain import ERASE_ACTION
from boostdesk.models.records import ERASED_NAME_HEAD

from .integrity import SQLITE_FAILURES

UNDO_OPTION = "--undo-erasure"


def erased_people(register: Path) -> set[int]:
    """The person ids the register's trail says were erased (none when it cannot be read)."""
    from .integrity import connect_read_only

    if not register.exists():
        return set()
    try:  # read as it is when no -wal is beside it (a writer would have one): a plain
        # read-only connection to a closed WAL register leaves a -wal and a -shm behind
        conn = connect_read_only(register, closed=True)
        try:
            return {int(r[0]) for r in conn.execute(
                "SELECT entity_id FROM audit_events WHERE action = ? AND entity = 'people'"
                " AND entity_id IS NOT NULL", (ERASE_ACTION,))}
        finally:
            conn.close()
    except SQLITE_FAILURES:  # damaged (what a restore is for): nobody named
        return set()


def brought_back(backup_db: Path, register: Path) -> list[int]:
    """Of the people the register erased, those ``backup_db`` (a plain SQLite file) holds
    with their data: their ids, in order."""
    erased = erased_people(register)
    if not erased:
        return []
    try:
        conn = sqlite3.connect(f"{backup_db.absolute().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT id, name, id_number, card_number, phone FROM people"
                                ).fetchall()
        finally:
            conn.close()
    except SQLITE_FAILURES:
        return []
    return sorted(pid for pid, name, *numbers in rows if pid in erased and (
        not str(name or "").startswith(ERASED_NAME_HEAD) or any(numbers)))


def in_backup(backup: Path, register: Path) -> list[int]:
    """:func:`brought_back` of a backup file as it is chosen (a zip's copy extracted); none
    when it cannot be read (the restore itself then says why)."""
    from .backup import BackupError, _opened

    if not erased_people(Path(register)):  # nothing to bring back: the zip left unopened
        return []  # (extracting 140 MB to word the question froze the window 1–2 s)
    try:
        with _opened(Path(backup), Path(register)) as copy:
            return brought_back(copy, Path(register))
    except (BackupError, OSError):
        return []
    except SQLITE_FAILURES:
        return []


def said(ids: list[int]) -> str:
    """The people ``ids`` named as 人员N (a few, then how many more)."""
    shown = "、".join(f"人员{i}" for i in ids[:10])
    return shown + (f"等 {len(ids)} 人" if len(ids) > 10 else "")


def warning(ids: list[int]) -> str:
    return (f"这份备份是在删除个人信息之前做的：当前登记册已删除个人信息的 {len(ids)} 人"
            f"（{said(ids)}）在备份中仍有姓名、身份证号、卡号或联系电话，恢复后这些个人信息"
            "将重新出现在登记册中（删除个人信息被撤销）")


# -- a register lost or unreadable ------------------------------------------------
# Its trail, which names the people erased, is gone with it. The backup 删除个人信息 takes
# first (reason "erase") stays: one at or after the backup chosen says an erasure followed
# it. A lost register offered its newest good backup — the one taken just before the
# erasure — and restoring it brought the erased people back, nothing said.
def _trail_unreadable(register: Path) -> bool:
    from .integrity import connect_read_only

    if not register.exists():
        return True
    try:
        conn = connect_read_only(register, closed=True)
        try:
            conn.execute("SELECT 1 FROM audit_events LIMIT 1").fetchall()
        finally:
            conn.close()
    except SQLITE_FAILURES:
        return True
    return False


def erasure_after(backup: Path, register: Path) -> str | None:
    """When the register's trail cannot be read (lost, damaged, another file in its
    place): the time of a 删除个人信息 made at or after ``backup`` was taken (said by the
    backup it took first), else None."""
    from boostdesk.erase_person import BACKUP_REASON

    from .backup import list_backups

    if not _trail_unreadable(Path(register)):
        return None
    found: str | None = None
    try:
        chosen = Path(backup).resolve()
    except OSError:
        return None
    for info in list_backups(register):  # newest first
        if info.reason == BACKUP_REASON:
            found = f"{info.created:%Y-%m-%d %H:%M:%S}"
        try:
            if info.path.resolve() == chosen:
                return found
        except OSError:
            continue
    return None


def lost_warning(when: str) -> str:
    """What restoring a backup taken before an erasure, the register lost, brings back."""
    return (f"这份备份是在 {when} 删除个人信息之前做的；登记册已不在"
            "（或无法读取），无法知道删除了谁。用它恢复后，那次删除的姓名、身份证号、卡号、"
            "联系电话将重新出现在登记册中（删除个人信息被撤销），需要再删除一次")


def restore_said(backup_reason: str) -> str:
    """A 恢复前 backup offered for a lost register: restoring it undoes that restore."""
    if backup_reason != "restore":
        return ""
    return ("这份备份是一次“从备份恢复”之前另存的登记册：用它恢复会撤销那次恢复，"
            "回到恢复之前的内容")
