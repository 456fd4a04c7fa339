"""A file or folder this account has no rights to, said for what it is and what to do.

The system says only "Permission denied"; ``os_errors`` reads that as a file open in Excel
(the common case for an export). Beside the register it is another account's folder or
file: a backups/ folder another account made (on Linux BoostDesk makes it 0700), a lock
file left by another account that opened the register here, a register file set
read-only. The office's IT person reads which one, whose it is, and what to change. No Qt.
"""

from __future__ import annotations

import errno
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .integrity import unwritable

if TYPE_CHECKING:
    from .lock import RegisterLock

REFUSED = frozenset({errno.EACCES, errno.EPERM})


def refused(exc: BaseException) -> bool:
    """Did the system refuse for want of rights (not a full disk, not a read-only disk)?"""
    return isinstance(exc, OSError) and exc.errno in REFUSED


def this_account() -> str:
    try:
        return getpass.getuser()
    except Exception:  # (no name in the environment nor in the password database)
        return str(os.getuid()) if hasattr(os, "getuid") else "当前账户"


def owner(path: Path) -> str | None:
    """The account that owns ``path`` (POSIX; None on Windows or when it cannot be told)."""
    if sys.platform == "win32":  # no pwd; Windows' owners are not told by st_uid
        return None
    import pwd

    try:
        uid = os.stat(path).st_uid
    except OSError:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"编号 {uid}"


def _whose(path: Path, what: str) -> str:
    """``属于账户 nobody，`` when another account owns it, else ``""``."""
    who = owner(path)
    return f"{what}属于账户 {who}，" if who is not None and who != this_account() else ""


def backup_folder_text(folder: Path, *, reading: bool, listing: bool = False) -> str:
    """The backup folder cannot be listed (``reading``) or written by this account;
    ``listing``: said where its backups are listed, not where one is made."""
    me = this_account()
    whose = _whose(folder, "这个文件夹")
    if reading:
        head = f"无法读取备份文件夹 {folder}（没有读取权限：{whose}当前账户 {me} 不能打开它）"
    else:
        head = f"无法写入备份文件夹 {folder}（没有写入权限：{whose}当前账户 {me} 不能在其中新建文件）"
    then = "，看不到其中有哪些备份（备份文件本身未受影响）" if listing else "，未能备份"
    back = f"（或把它交还账户 {me} 所有）" if whose else ""  # (its owner's own: no hand-back)
    return (f"{head}{then}。请让 IT 人员给账户 {me} 这个文件夹的读写权限"
            + back + ("" if listing else "。登记册未被改动"))


def lock_file_text(lock: Path) -> str:
    """The register's lock file cannot be written by this account (its folder can)."""
    me = this_account()
    who = owner(lock)
    if who is not None and who != me:
        why = (f"它属于账户 {who}：那个账户曾在这台电脑上打开过这个登记册，当前账户 {me} "
               "不能写入它")
    else:
        why = "它被设为只读"
    return (f"登记册的锁文件 {lock} 不能写入（{why}），登记册只能查看，不能保存修改。"
            "锁文件只记录谁正打开着登记册，删除它不影响登记册的内容：请先确认没有人正用 "
            f"BoostDesk 打开这个登记册，然后删除 {lock}（或请 IT 人员把它改为账户 {me} 可读写），"
            "再重新打开；BoostDesk 会重新建立锁文件")


def register_file_text(path: Path, files: list[Path], *, then: str = "登记册只能查看，不能保存修改",
                       again: str = "再重新打开") -> str:
    """The register file (or its -wal/-shm beside it, when there) cannot be written by this
    account, its folder can. (The read-only opening makes no -wal/-shm beside a file it
    cannot write: ``integrity.as_it_is``.) ``then``: what follows; ``again``: when to retry."""
    me = this_account()
    whose = _whose(files[0], "它")
    names = "、".join(f.name for f in files)
    what = f"登记册文件 {path}" if files == [path] else f"登记册 {path.parent} 中的 {names}"
    quoted = " ".join(f'"{f}"' for f in files)
    how = ("在文件的“属性”中去掉“只读”" if os.name == "nt"
           else f"chmod u+w {quoted}" if not whose else f"chown {me} {quoted}")
    return (f"{what} 不能写入（{whose}没有写入权限，或被设为只读），{then}。"
            f"请让 IT 人员把登记册的文件改为账户 {me} 可读写（{how}），{again}")


def restore_refusal(path: Path) -> str | None:
    """A register file set read-only (or its -wal/-shm) is not replaced by a restore, as
    every write is refused on it: IT made it so. Its mode's owner write bit is read too,
    not only a try at opening it (root, and an administrator, write through it)."""
    files = refused_files(path)
    if not files:
        return None
    return register_file_text(path, files, then="未恢复，登记册未被改动", again="再恢复")


def refused_files(path: Path) -> list[Path]:
    """The register's files there and refused for writing to this account: the file, its
    -wal and -shm. (SQLite then opens it read-only without a word, and every save failed
    with 只读.) A file whose mode has no owner write bit is refused too, though it opens:
    root (an administrator) writes through ``chmod 444``, which IT set to mean read-only —
    only restore refused it, ``withdraw`` wrote it (and its mode became 0400)."""
    out = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            fd = os.open(str(file), os.O_RDWR)
        except OSError as exc:
            if exc.errno in REFUSED:
                out.append(file)
            continue
        os.close(fd)
        # the mode read as every reader does (its -wal and -shm take it: said once)
        if file == path and unwritable(file):
            out.append(file)
    return out


def _folder_writable(folder: Path) -> bool:
    """Whether a file can be made in ``folder`` (tried, not asked: os.access answers for the
    real user, not the rights this process runs with)."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def refuse_read_only_register(path: Path, lock: RegisterLock) -> None:
    """Just locked for writing: a register file this account may not write releases the
    lock and raises :class:`~.lock.RegisterNotWritable` naming the file (opened read-only
    with that said, as a folder that cannot be written is)."""
    files = refused_files(path)
    if not files:
        return
    from .lock import RegisterNotWritable

    lock.release(give_back=True)  # a crashed holder's note stays for the next to read
    if not _folder_writable(path.parent):  # the folder handed over read-only: that said
        raise RegisterNotWritable(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    raise RegisterNotWritable(path, PermissionError(errno.EACCES, os.strerror(errno.EACCES)),
                              register_file_text(path, files),
                              cause=f"登记册文件 {files[0].name} 不能写入")
