"""Tests' hands on backup files: a zip backup's SQLite copy read, or changed inside it."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from boostdesk.safety import backup_file
from boostdesk.safety.backup import copy_database


@contextmanager
def sqlite_of(path: Path) -> Iterator[Path]:
    """The backup's SQLite copy (itself when plain), for the ``with`` block."""
    with backup_file.plain(path) as copy:
        yield copy


def change_inside(path: Path, change: Callable[[Path], None]) -> None:
    """``change`` the SQLite copy in a zip backup as a failing disk would have (the zip
    rewritten whole, its CRC matching: only the check of the copy can tell); a plain
    backup is changed in place."""
    if not backup_file.is_zip(path):
        change(path)
        return
    with zipfile.ZipFile(path) as zf:
        comment = zf.comment
        (name,) = [n for n in zf.namelist() if n.endswith(".db")]
        others = {n: zf.read(n) for n in zf.namelist() if n != name}  # 数据说明.md
    copy = backup_file.extract(path, path.parent)
    try:
        change(copy)
        path.unlink()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(copy, name)
            for other, data in others.items():
                zf.writestr(other, data)
            zf.comment = comment
    finally:
        copy.unlink()


def plain_backup(register: Path, name: str) -> Path:
    """A backup as BoostDesk wrote them before they were zipped: a plain SQLite copy
    named ``…-YYYYmmdd-HHMMSS-mmm-reason.db`` in ``backups/``."""
    folder = register.parent / "backups"
    folder.mkdir(exist_ok=True)
    target = folder / name
    copy_database(register, target)
    return target


def meta(path: Path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.comment)
