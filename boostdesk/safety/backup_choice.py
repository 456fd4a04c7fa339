"""A backup file chosen anywhere (从备份恢复's 从其他位置选择…: a USB stick, a copy from the
old PC), looked at before the restore is asked for: what it is and whose, read from its
first bytes, its zip's directory and comment, or a plain file's header only, in
moments whatever its size. Refused as ``restore`` refuses it (an Excel workbook named as
one, a newer BoostDesk's backup, the register itself); another register's is said, for
the caller to ask about (``restore(..., other_register=True)``). The full check, the
copy extracted and checked, comes with the restore itself. No Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import backup_file
from .backup import (
    REASONS,
    BackupError,
    newer_backup,
    refuse_not_a_backup,
    register_file,
    size_text,
)
from .integrity import register_version


@dataclass(frozen=True)
class ChosenBackup:
    path: Path  # absolute: the restore's audit line names it so
    theirs: str  # the register the backup records being taken of ("": it records none)
    other: bool  # ``theirs`` is not the register it would replace
    made: datetime  # as the backup records it, else the file's last change
    reason: str  # as recorded ("" for a plain copy, `backup --out`'s)
    size: int
    version: int = 0  # its register's schema (0: not recorded)

    def describe(self) -> str:
        """``E:\\备份\\register-….zip（2023-03-10 09:30，手动，12.0 KB）``."""
        why = REASONS.get(self.reason, self.reason)
        return f"{self.path}（{self.made:%Y-%m-%d %H:%M}{f'，{why}' if why else ''}，{size_text(self.size)}）"


def chosen_backup(path: str | Path, register: str | Path) -> ChosenBackup:
    """``path`` as a backup to replace ``register`` with; :class:`BackupError` saying why
    it cannot be one."""
    from boostdesk.models.schema import SCHEMA_VERSION

    path, register = Path(path).absolute(), register_file(register)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    refuse_not_a_backup(path)  # an Excel workbook, a PDF, another program's database …
    if register.exists() and path.resolve() == register.resolve():
        raise BackupError("不能用登记册本身恢复登记册，请选择它的备份")
    meta = backup_file.read_meta(path)
    version = backup_version(path)
    if version > SCHEMA_VERSION:
        raise newer_backup(path, version)
    theirs = str(meta.get("register", ""))
    other = bool(theirs) and register.exists() and (
        os.path.normcase(theirs) != os.path.normcase(register.name))
    stat = path.stat()
    try:
        made = datetime.fromisoformat(str(meta["made"]))
    except (KeyError, ValueError):
        made = datetime.fromtimestamp(stat.st_mtime)
    return ChosenBackup(path, theirs, other, made, str(meta.get("reason", "")), stat.st_size,
                        version)


def backup_version(path: str | Path) -> int:
    """The schema of the register a backup holds, in moments: as its zip records it (the
    copy is read with the restore), or a plain one's header; 0 when it says none."""
    if backup_file.is_zip(path):
        return _int(backup_file.read_meta(path).get("schema"))
    return register_version(path) or 0


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0
