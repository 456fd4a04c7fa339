"""The register's own file gone, or another file in its place, its backups still there.

A register.db quarantined by an antivirus, renamed by a cloud-sync clash or moved by a
clerk was made anew, empty, nothing said of its backups; and the window's start-up backup
of that empty register then ranked above them (``restore 1`` restored the empty one). A
text or a table saved over register.db was refused as "请核对 --db 所写的登记册文件" (no
--db typed), the window quitting before 从备份恢复 could be reached. Now a register gone
is said with its backups (:class:`RegisterMissing`), a new empty one made only when asked
for; and a file in the register's place is set aside (renamed, never deleted) for a
restore or a new register (:func:`set_aside`). No Qt.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from boostdesk.errors import UserError
from boostdesk.models import RegisterError
from boostdesk.paths import default_register_path
from boostdesk.program_name import hint_named
from boostdesk.said_where import way

from .backup import BackupInfo, last_good_backup, numbered_backups

NEW_OPTION = "--new-register"  # the command line's explicit "make an empty one"
SET_ASIDE_OPTION = "--set-aside"  # restore's explicit "rename the file in the way"
ASIDE_MARK = "不是登记册"


class RegisterMissing(RegisterError, UserError):
    """No register at ``path``, but backups of it beside: it was lost, it is no new
    register. Not made unless asked for (``open_register(new_register=True)``)."""

    def __init__(self, path: Path, count: int, last_good: BackupInfo | None) -> None:
        self.path, self.count, self.last_good = path, count, last_good
        super().__init__(missing_message(path, count, last_good))


def missing_backups(path: Path) -> tuple[int, BackupInfo | None] | None:
    """For a register not there: how many backups to restore from it has, and the one to
    restore (:func:`backups_of`); None when it has none (a new register, made on the
    usual way)."""
    if path.exists() or path.is_symlink():
        return None
    count, last_good = backups_of(path)
    return (count, last_good) if count else None


def restore_line(backup: Path, path: Path, undo_erasure: bool = False) -> str:
    """The command that restores ``path`` from ``backup``, as written in a terminal
    (``undo_erasure``: with the option that confirms erased people coming back)."""
    from .erased_back import UNDO_OPTION

    undo = f" {UNDO_OPTION}" if undo_erasure else ""
    return hint_named(f"boostdesk restore \"{backup}\" --db \"{path}\"{undo}"
                      "（Windows 安装包中为 boostdesk-cli.exe）")


def missing_message(path: Path, count: int, last_good: BackupInfo | None, *,
                    offered: bool = True) -> str:
    """What a register gone from beside its backups says. ``offered``: the command run
    takes --new-register (import, campaign: ``cli.add_db_argument``); another is told where
    an empty register is made (a command that only reads has nothing to show in one)."""
    head = (f"登记册不见了：{path} 不在原处（可能被杀毒软件隔离、被云盘同步改名或被移走），"
            f"备份文件夹中有 {count} 份备份")
    if offered:
        again = f"请加 {NEW_OPTION} 再运行一次，新建一个空登记册"
    else:
        again = hint_named(f"请在窗口中选“新建空登记册”，或导入汇总表时加 {NEW_OPTION}"
                           f"（boostdesk import 文件 {NEW_OPTION}），新建一个空登记册")
    if last_good is None:
        return (head + "，但没有一份是完好的。未新建空登记册，也未作任何改动。请先找回原来的"
                "登记册文件（杀毒软件的隔离区、云盘的冲突副本），或把备份文件夹复制给技术人员；"
                + way("确要从头开始时，可“新建空登记册”。", f"确要从头开始时，{again}"))
    which = "最后一次恢复所用的备份" if _restored_last(last_good, path) else "最近一份完好的"
    head += f"（{which}是 {last_good.describe()}：{last_good.path.name}）"
    caveat, undo = offer_caveat(last_good, path)
    return head + "。未新建空登记册，也未作任何改动。" + caveat + way(
        "可以用这份备份“恢复并打开”，或“新建空登记册”（备份照旧保留）。",
        f"恢复请运行 {restore_line(last_good.path, path, undo)}；如确要新建一个空登记册（备份照旧保留），"
        + again.removesuffix("，新建一个空登记册"))


def offer_caveat(good: BackupInfo, path: Path) -> tuple[str, bool]:
    """What restoring the offered ``good`` backup undoes (a 删除个人信息 made after it, a
    restore it was saved before), as a sentence; and whether the restore line needs
    ``--undo-erasure`` (the erasure otherwise undone with nothing said)."""
    from .erased_back import erasure_after, lost_warning, restore_said

    when = erasure_after(good.path, path)
    if when is not None:
        return f"注意：{lost_warning(when)}。", True
    said = restore_said(good.reason)
    if good.reason != "restore" and _restored_last(good, path):
        said = "登记册最后一次是用这份备份恢复的，用它恢复即回到那次恢复之后的内容（恢复之后录入的除外）"
    return (f"注意：{said}。" if said else ""), False


def _restored_last(good: BackupInfo, path: Path) -> bool:
    """``good`` is the backup the newest good one's restore put in the register's place."""
    newest = last_good_backup(path)
    return newest is not None and newest.path != good.path and (
        (restored_from(newest, path) or newest).path == good.path)


# -- a file in the register's place ---------------------------------------------
def in_place_of_register(path: Path) -> str | None:
    """What the file at ``path`` is when it is plainly no register but may be set aside
    (a text, a table, a PDF, a zip); None for a register, a file not there, a register's
    lock or -wal (``--db`` mistyped), or another program's SQLite database: that is its
    program's file in its own folder (``BOOSTDESK_DATA`` pointed there), never renamed."""
    from .foreign import _companion_of, _kind  # (one reading of what a file is)

    if _companion_of(path) is not None:
        return None
    found = _kind(path)
    if found is None or "SQLite" in found[0]:
        return None
    return found[0]


def is_default_register(path: Path) -> bool:
    """``path`` is the register the window and commands open by default (BOOSTDESK_DATA's
    or the user data folder's): a file there that is no register took the register's
    place, it is nobody's other file."""
    try:
        return os.path.samefile(path, default_register_path()) if path.exists() else False
    except OSError:
        return Path(os.path.abspath(path)) == Path(os.path.abspath(default_register_path()))


def _extension(what: str) -> str:
    """The extension that opens a set-aside file in its own program (Windows)."""
    for word, ext in (("Excel 97-2003", ".xls"), ("Excel", ".xlsx"), ("Word", ".docx"),
                      ("PDF", ".pdf"), ("文本", ".txt"),
                      ("压缩", ".zip"), ("备份", ".zip")):
        if word in what:
            return ext
    return ".bin"


def aside_name(path: Path, what: str, when: datetime | None = None) -> Path:
    """Where :func:`set_aside` puts the file: ``register.db.不是登记册-<time>.<ext>`` beside
    it, a free name (a second one the same second gets ``-2``)."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    ext = _extension(what)
    target = path.with_name(f"{path.name}.{ASIDE_MARK}-{stamp}{ext}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.{ASIDE_MARK}-{stamp}-{n}{ext}")
        n += 1
    return target


class CannotSetAside(RegisterError, UserError):
    """The file in the register's place could not be renamed: nothing changed."""


def set_aside(path: Path) -> Path:
    """The file at the register's ``path`` that is no register renamed beside it (never
    deleted, never written over); its new path. The caller has checked it is one
    (:func:`in_place_of_register`)."""
    what = in_place_of_register(path)
    if what is None:
        raise CannotSetAside(f"{path} 不是要改名留下的文件（它是登记册，或不存在）；未作任何改动")
    target = aside_name(path, what)
    try:
        os.rename(path, target)  # (Windows: refuses an existing target; checked free above)
    except OSError as exc:
        from boostdesk.os_errors import explain_os_error

        raise CannotSetAside(f"无法把 {path} 改名为 {target.name}（{explain_os_error(exc)}）；"
                             "未作任何改动") from exc
    return target


def put_back(aside: Path, path: Path) -> None:
    """A set-aside file back in its place, after what followed failed (nothing there yet)."""
    if not path.exists():
        try:
            os.rename(aside, path)
        except OSError:
            pass  # the failure's own message names the set-aside file


def aside_note(what: str, aside: Path) -> str:
    return f"原来在登记册位置上的{what}已改名为 {aside.name}，留在原文件夹中，未删除"


def set_aside_refusal(refused: str, path: Path) -> str:
    """The refusal of a file that is no register at an explicit ``--db``, naming the option
    that sets it aside (a register's own default path is set aside without asking)."""
    what = in_place_of_register(path)
    if what is None:
        return refused
    return (refused + f"。如这里本应是登记册、确要用备份替换这个文件，请加 {SET_ASIDE_OPTION} 再运行"
            f"一次：它会先改名为 {aside_name(path, what).name} 留在原文件夹中，不会删除")


def place_taken_message(path: Path, what: str, count: int, last_good: BackupInfo | None) -> str:
    """The window's question when the register's own path holds a file that is no register."""
    space = " " if what[:1].isascii() else ""
    head = (f"登记册 {path} 的位置上不是 BoostDesk 登记册，而是{space}{what}（可能被误存、或被同名文件替换）；"
            "尚未作任何改动。")
    aside = f"可以先把它改名为 {aside_name(path, what).name} 留在原文件夹中（不会删除），"
    if last_good is not None:
        caveat = offer_caveat(last_good, path)[0]
        which = "最后一次恢复所用的备份" if _restored_last(last_good, path) else "最近一份完好的"
        return (head + f"备份文件夹中有 {count} 份备份，{which}是 {last_good.describe()}"
                f"（{last_good.path.name}）。" + caveat + "\n\n" + aside
                + "再用这份备份“恢复并打开”，或“新建空登记册”。备份之后录入的内容需要重新录入。")
    tail = f"备份文件夹中有 {count} 份备份，但没有一份是完好的。" if count else "没有找到备份。"
    return head + tail + "\n\n" + aside + "再“新建空登记册”。"


def backups_of(path: Path) -> tuple[int, BackupInfo | None]:
    """How many backups to restore from ``path`` has, and the one to restore: the newest
    good one — or, that one a restore's 恢复前 copy, the backup that restore put in the
    register's place (offering the copy silently undid the office's restore)."""
    count = sum(1 for n, _info in numbered_backups(path) if n is not None)
    good = last_good_backup(path) if count else None
    return count, (restored_from(good, path) or good) if good is not None else None


def restored_from(before: BackupInfo, path: Path) -> BackupInfo | None:
    """The good backup of ``path`` the restore ``before`` was saved ahead of, still in its
    folder (its zip's note names it); None for another backup or none found."""
    from . import backup_file
    from .backup import RESTORING, list_backups
    from .integrity import check_integrity, is_register

    if before.reason != "restore":
        return None
    named = str(backup_file.read_meta(before.path).get(RESTORING) or "")
    for info in list_backups(path) if named else []:
        if info.path.name != Path(named).name or not info.restorable:
            continue
        try:
            with backup_file.plain(info.path) as copy:
                return info if check_integrity(copy).ok and is_register(copy) else None
        except backup_file.unreadable():
            return None
    return None


_CHECK_DB = "请核对 --db 所写的登记册文件"


def said_for_default(refused: str, path: Path) -> str:
    """A refusal of the file at the register's own default path (no ``--db`` typed) says
    how to set it aside and restore, not "请核对 --db 所写的登记册文件"."""
    if not is_default_register(path) or in_place_of_register(path) is None:
        return refused
    return refused.replace(_CHECK_DB, "登记册的位置上被放了别的文件（没有写 --db）：" + way(
        "重新打开 BoostDesk，它会提出把这个文件改名留下，再用备份恢复或新建空登记册",
        "可运行 boostdesk restore 1，把它改名留下（不删除）并用最近一份备份恢复"))
