"""One register, one writer: a lock file beside the register.

``register.db.lock`` holds who has the register open (operator, host, pid,
since, and the register's path: a copy taken with it names another) as JSON,
with the last audit line the holder committed (``record``: the
next one to open after a crash tells whether the register still has it), and the
operating system's lock on that file says whether they still do: ``flock`` on
POSIX, ``msvcrt.locking`` on a byte far past the JSON on Windows. The OS drops
the lock when the holder exits or crashes, so a lock left by a killed process is
never stale: the next instance simply takes it and overwrites the JSON. The lock
file itself is never deleted (deleting it would let two processes lock two
different files of the same name).

Within one process the lock is shared: opening the same register twice (a
restore from the open window, tests) does not lock the process out of itself.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk.errors import UserError
from boostdesk.models import RegisterError
from boostdesk.paths import make_folder
from boostdesk.program_name import hint_named

from .files import PRIVATE_FILE

LOCK_SUFFIX = ".lock"
_WIN_LOCK_OFFSET = 0x7FFF0000  # the byte Windows locks, far past the JSON others read
_READ_RETRIES = 10
_BUSY_ERRNOS = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, getattr(errno, "EDEADLOCK", -1)}


@dataclass(frozen=True)
class LockInfo:
    """Who holds a register open for writing."""

    operator: str
    host: str
    pid: int
    since: str  # ISO date-time, seconds
    program: str = ""  # "命令行 boostdesk stats" for a command's run; "" for the window
    # Where the register it locked was (absolute): a lock file found naming another place
    # came along with a copy of the register taken while it was open (not a crash here).
    register: str = ""

    def copied_to(self, register: str | Path) -> bool:
        """Whether this name was left in the lock file of a copy: it locked another path."""
        return bool(self.register) and os.path.normcase(self.register) != _key(register)

    @property
    def command_line(self) -> bool:
        """A command's run, over in moments (not a window, open all day)."""
        return self.program.startswith("命令行")

    def describe(self) -> str:
        """Who, and since when, in brackets: "张三（电脑 PC1，进程 42，自 2022-10-17 09:30 起）".
        It ends with "）": the words after it follow with no space (正由 … 起）打开)."""
        if not self.pid and not self.since:  # UNKNOWN_HOLDER: the lock file named nobody
            return f"{self.operator}（锁文件中没有记下是谁）"
        try:
            when = datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            when = self.since
        what = f"{hint_named(self.program)}，" if self.program else ""
        return f"{self.operator}（{what}电脑 {self.host}，进程 {self.pid}，自 {when} 起）"


_program = ""  # what this process is, written into the locks it takes


def set_program(text: str) -> None:
    """Name this process in the locks it takes (the command line: its command)."""
    global _program
    _program = text


def _info(data: dict) -> LockInfo:
    return LockInfo(str(data["operator"]), str(data["host"]), int(data["pid"]),
                    str(data["since"]), str(data.get("program", "")),
                    str(data.get("register", "")))


UNKNOWN_HOLDER = LockInfo("另一个 BoostDesk", "未知", 0, "")


def host_name() -> str:
    """This computer's name (``socket`` is imported only where ``os.uname`` is missing:
    importing it cost 3 ms of every start)."""
    uname = getattr(os, "uname", None)
    if uname is not None:
        return uname().nodename
    import socket

    return socket.gethostname()


class RegisterBusy(RegisterError, UserError):
    """Another instance has the register open for writing."""

    def __init__(self, path: Path, holder: LockInfo, message: str = "") -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            message or f"登记册 {path.name} 正由 {holder.describe()}打开，不能同时修改。"
            "请等对方关闭 BoostDesk 后再试"
        )


class RegisterNotWritable(RegisterError, UserError):
    """The register's folder cannot be written by this user: no lock, no change.
    ``cause``: that in a few words (a read-only register's ``why``)."""

    def __init__(self, path: Path, exc: OSError, message: str = "", cause: str = "") -> None:
        self.path = path
        self.cause = cause or f"登记册所在文件夹 {path.parent} 不能写入"
        why = "只读的共享文件夹、光盘或磁盘" if exc.errno == errno.EROFS else "没有写入权限"
        super().__init__(message or (
            f"登记册所在文件夹 {path.parent} 不能写入（{why}），登记册只能查看，不能保存修改。"
            "需要修改时，请在能写入这个文件夹的电脑或账户上打开"
        ))


def _lock_refused(register: Path, path: Path, exc: OSError) -> RegisterError:
    """The lock file is there and refused to this account (another account's, left when it
    opened the register here; or set read-only), its folder writable: the lock file named,
    not the folder. Held by someone now (readable, locked): :class:`RegisterBusy`. In a
    folder this account cannot write (handed over with ``chmod -R a-w``), the folder is
    said: the lock file cannot be deleted there, and deleting it was the advice."""
    from .rights import _folder_writable, lock_file_text

    try:
        fd = os.open(str(path), os.O_RDONLY)
    except OSError:
        fd = None  # not even readable: whether anyone holds it cannot be told
    if fd is not None:
        try:
            if _try_lock(fd):
                _unlock(fd)
        except BlockingIOError:
            return RegisterBusy(register, read_holder(register) or UNKNOWN_HOLDER)
        finally:
            os.close(fd)
    if not _folder_writable(path.parent):
        return RegisterNotWritable(register, exc)
    return RegisterNotWritable(register, exc, lock_file_text(path),
                               cause=f"登记册的锁文件 {path.name} 不能写入")


class RegisterPlaceMissing(RegisterError, UserError):
    """The register's folder is not there and cannot be made (a name in the path is a
    file, a network drive not connected): said, not a traceback."""

    def __init__(self, path: Path, exc: OSError) -> None:
        from boostdesk.os_errors import explain_os_error

        self.path = path
        super().__init__(f"无法在 {path.parent} 建立或打开登记册（{explain_os_error(exc)}）："
                         "请核对登记册的路径；在网络驱动器上的，请先确认它已连接")


_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}
_REFUSED = {errno.EACCES, errno.EPERM}  # (EROFS: the whole disk, said as the folder)
_NOT_THERE = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST, errno.EINVAL}


def lock_path(register: str | Path) -> Path:
    """Beside the file itself: a symbolic link to the register shares its lock."""
    path = Path(register)
    return Path(f"{path.resolve() if path.is_symlink() else path}{LOCK_SUFFIX}")


def _key(register: str | Path) -> str:
    return os.path.normcase(str(Path(register).absolute().resolve()))


_held: dict[str, RegisterLock] = {}
_held_guard = threading.Lock()


class RegisterLock:
    """The write lock of one register; ``release()`` (or exit, or a crash) gives it back."""

    def __init__(self, register: Path, fd: int | None, info: LockInfo, enforced: bool,
                 left_by: LockInfo | None = None,
                 left_last: tuple[int, str] | None = None, left_what: str = "",
                 left_bytes: bytes = b"") -> None:
        self.register = register
        self.path = lock_path(register)
        self.info = info
        self.enforced = enforced  # False where the filesystem refuses file locks
        # Whose name the lock file still held when it was taken: a holder that never
        # released it (killed, crashed, power cut), or, where locks are not enforced, one
        # that may still have the register open.
        self.left_by = left_by
        # The last audit line that holder committed (its id and time), as it recorded it:
        # the register opened without it lost commits (a -wal deleted after the crash).
        self.left_last = left_last
        self.left_what = left_what  # what that line changed, as ``record`` noted it
        self._left_bytes = left_bytes  # the file as it was found (``release(give_back=True)``)
        self._fd = fd
        self._users = 1

    def record(self, audit_id: int, at: str, what: str = "") -> None:
        """Note in the lock file the last audit line committed (after each commit:
        :func:`note_committed`). Written over the JSON in place, in one ``write`` of
        the same length (fixed-width fields), never emptied first: a process killed at
        any moment leaves the old JSON or the new one. Not synced (the commit itself is):
        a power cut may lose the note, never make it claim a commit the register lacks."""
        data = _info_bytes(self.info, audit_id, at, what)
        with _held_guard:  # not while release() closes the descriptor
            if self._fd is None:
                return
            try:
                os.lseek(self._fd, 0, os.SEEK_SET)
                os.write(self._fd, data)
                os.ftruncate(self._fd, len(data))  # (the same length: nothing cut)
            except OSError:
                pass  # a full disk: the note is best effort, the commit is made

    @property
    def held(self) -> bool:
        return self._users > 0

    def release(self, give_back: bool = False) -> None:
        """``give_back``: an opening that went no further (read-only after all) puts the
        lock file back as it found it: emptied, the note of a crashed holder's last commit
        was gone, and with it the only trace of commits a deleted -wal took (the next
        writer's ``session.lost_commits`` reads it)."""
        with _held_guard:
            if self._users == 0:
                return
            self._users -= 1
            if self._users:
                return
            _held.pop(_key(self.register), None)
            fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # nobody holds it now: leave no name behind
            if give_back and self._left_bytes:
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, self._left_bytes)
        except OSError:
            pass
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> RegisterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(register: str | Path, operator: str) -> RegisterLock:
    """Take the write lock of ``register`` or raise :class:`RegisterBusy` naming the holder."""
    register = Path(register)
    key = _key(register)
    with _held_guard:
        mine = _held.get(key)
        if mine is not None:
            mine._users += 1
            return mine
        info = LockInfo(operator, host_name(), os.getpid(),
                        datetime.now().isoformat(timespec="seconds"), _program,
                        str(register.absolute().resolve()))
        path = lock_path(register)
        try:
            make_folder(path.parent)  # a data folder made here: 0700, as its backups'
            fd = os.open(str(path), os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        except OSError as exc:
            if exc.errno in _REFUSED and os.path.lexists(path):  # the file, not the folder
                raise _lock_refused(register, path, exc) from exc
            if exc.errno in _NOT_WRITABLE:
                raise RegisterNotWritable(register, exc) from exc
            if exc.errno in _NOT_THERE:
                raise RegisterPlaceMissing(register, exc) from exc
            raise
        try:
            enforced = _lock_or_holder(fd, register)
        except RegisterBusy:
            os.close(fd)
            raise
        except BaseException:
            os.close(fd)
            raise
        left_by, left_last, left_what = _read_info(fd), _read_last(fd), _read_what(fd)
        left_bytes = _read_bytes(fd) if left_last is not None else b""
        try:
            _write_info(fd, info)
        except OSError:
            _unlock(fd)
            os.close(fd)
            raise
        lock = RegisterLock(register, fd, info, enforced, left_by, left_last, left_what,
                            left_bytes)
        _held[key] = lock
        return lock


def _lock_or_holder(fd: int, register: Path) -> bool:
    """Lock ``fd`` (True: enforced) or raise :class:`RegisterBusy` naming the holder. A
    lock file found empty while locked is a holder releasing it (emptied, then unlocked) or
    one just taking it (name not yet written): the lock is tried again, not said held by
    nobody known (a window opening as a command ended went read-only for no one)."""
    for _ in range(_READ_RETRIES):
        try:
            return _try_lock(fd)
        except BlockingIOError:
            pass
        who = read_holder(register, tries=1)
        if who is not None:
            raise RegisterBusy(register, who)
        time.sleep(0.05)
    try:
        return _try_lock(fd)
    except BlockingIOError:
        raise RegisterBusy(register, read_holder(register) or UNKNOWN_HOLDER) from None


def held(register: str | Path) -> RegisterLock | None:
    """The write lock this process holds on ``register`` (None when it holds none): a
    worker's own connection to the window's register notes its commits in it too."""
    key = _key(register)
    with _held_guard:
        return _held.get(key)


def note_committed(reg: Any) -> None:
    """After a commit of ``reg`` (a :class:`~boostdesk.models.register_base.RegisterBase`:
    ``_committed``): its last audit line noted in the lock file this process holds on it —
    the window's connection, or a worker's own (a background import or payment run) — so
    that after a crash the next one to open tells whether the register still holds it
    (``session.lost_commits``). Here, not in ``session``: this module is loaded with the
    register (its computer's name), so a first save imports nothing."""
    if reg.path is None or getattr(reg, "read_only", False):
        return
    lock = getattr(reg, "lock", None) or held(reg.path)
    if lock is not None:
        note_last_commit(reg.conn, lock)


# The last audit line's action, entity, id, and the person and title it names (a paper's
# inventor or leader, a union's name): what a lost commit was, said after a -wal is lost.
_LAST_SQL = (
    "SELECT id, at, action, entity, entity_id, CASE WHEN json_valid(after) THEN"
    " COALESCE(json_extract(after, '$.inventor_name'), json_extract(after, '$.leader'),"
    " json_extract(after, '$.name')) END, CASE WHEN json_valid(after) THEN"
    " json_extract(after, '$.title') END FROM audit_events ORDER BY id DESC LIMIT 1")


def note_last_commit(conn: sqlite3.Connection, lock: RegisterLock) -> None:
    """The register's last audit line (id, time, what) into ``lock``'s file (≈ 30 µs)."""
    try:
        row = conn.execute(_LAST_SQL).fetchone()
    except sqlite3.Error:
        return  # (the commit is made; the note is best effort)
    if row is not None:
        what = "|".join("" if v is None else str(v).replace("|", " ") for v in row[2:])
        lock.record(int(row[0]), str(row[1]), what)


def holder(register: str | Path) -> LockInfo | None:
    """Who holds the register's write lock now (None when nobody, or this process)."""
    register = Path(register)
    if _key(register) in _held or not lock_path(register).exists():
        return None
    try:
        fd = os.open(str(lock_path(register)), os.O_RDWR)
    except OSError:
        return None
    try:
        try:
            _lock_or_holder(fd, register)
        except RegisterBusy as busy:
            return busy.holder
        _unlock(fd)
        return None
    finally:
        os.close(fd)


def read_holder(register: str | Path, tries: int = _READ_RETRIES) -> LockInfo | None:
    """The JSON in the lock file; the holder may be writing it just now, so retry briefly."""
    path = lock_path(register)
    for attempt in range(tries):
        if attempt:
            time.sleep(0.05)
        try:
            return _info(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
    return None


def read_left(path: Path) -> LockInfo | None:
    """The name in lock file ``path`` read once (no retry: an empty file, a lock released
    as usual, is the common answer), without taking the lock."""
    try:
        return _info(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def left_record(register: str | Path) -> tuple[LockInfo, tuple[int, str], str] | None:
    """Read without writing (a read-only opening): the holder named in the lock file, the
    last audit line it noted and what it changed, when nobody holds the lock now (the
    name was left by a holder killed, crashed or cut off) and a line was noted."""
    try:
        fd = os.open(str(lock_path(register)), os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            if not _try_lock(fd):
                return None  # no locks here: the name may be a live writer's
        except BlockingIOError:
            return None  # held now: its note is a live writer's
        try:
            left_by, left_last, left_what = _read_info(fd), _read_last(fd), _read_what(fd)
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
    if left_by is None or left_last is None:
        return None
    return left_by, left_last, left_what


def _read_bytes(fd: int) -> bytes:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 64 * 1024)
    except OSError:
        return b""


def _read_info(fd: int) -> LockInfo | None:
    """The name left in the lock file (a holder releasing it empties it first)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return _info(json.loads(os.read(fd, 64 * 1024).decode("utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _read_last(fd: int) -> tuple[int, str] | None:
    """The last audit line (id, time) the holder that left the lock file recorded; None
    when it recorded none (an earlier BoostDesk, or nothing committed)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 64 * 1024).decode("utf-8"))
        audit_id, at = int(data["last_audit"]), str(data["last_at"]).strip()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return (audit_id, at) if audit_id > 0 else None


def _read_what(fd: int) -> str:
    """What the last audit line the holder recorded changed ("" when not recorded)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return str(json.loads(os.read(fd, 64 * 1024).decode("utf-8")).get("last_what", ""))
    except (OSError, ValueError, TypeError, AttributeError):
        return ""


_LAST_AT_WIDTH = 32
_WHAT_BYTES = 240  # the last change's few words, cut to fit; the JSON padded to one length


def _info_bytes(info: LockInfo, audit_id: int = 0, at: str = "", what: str = "") -> bytes:
    """The lock file's JSON: the holder, and its last audit line in fixed-width fields
    (every version the same length, so ``record`` overwrites it in one write): the
    words of ``what`` are cut to fit, the JSON padded with spaces after its end."""
    data = {**asdict(info), "last_audit": f"{max(audit_id, 0):012d}",
            "last_at": str(at).encode("ascii", "replace").decode()[:_LAST_AT_WIDTH]
            .ljust(_LAST_AT_WIDTH), "last_what": ""}
    bare = json.dumps(data, ensure_ascii=False).encode("utf-8")
    what = what[:80]
    while what:
        data["last_what"] = what
        out = json.dumps(data, ensure_ascii=False).encode("utf-8")
        if len(out) <= len(bare) + _WHAT_BYTES:
            return out.ljust(len(bare) + _WHAT_BYTES)
        what = what[:-1]
    return bare.ljust(len(bare) + _WHAT_BYTES)


def _write_info(fd: int, info: LockInfo) -> None:
    data = _info_bytes(info)
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)
    os.fsync(fd)


if sys.platform == "win32":  # as os.name == "nt", in the form type checkers follow
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in _BUSY_ERRNOS:
                raise BlockingIOError(exc.errno, str(exc)) from exc
            return False  # no locking on this filesystem: run unenforced, the caller warns
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in _BUSY_ERRNOS:
                raise BlockingIOError(exc.errno, str(exc)) from exc
            return False  # ENOLCK / EOPNOTSUPP: some network filesystems
        return True

    def _unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


# -- a folder owned by a running BoostDesk (the 打印 screen's previews) ------------------
def hold(mark: Path) -> int | None:
    """Create ``mark`` and lock it for as long as the returned descriptor stays open: the
    folder it is in belongs to this running process. None when it cannot be locked."""
    try:
        fd = os.open(mark, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        if _try_lock(fd):
            return fd
    except BlockingIOError:
        pass
    os.close(fd)
    return None


def abandoned(mark: Path) -> bool:
    """Whether ``mark`` exists and no running process holds it (its owner ended without
    cleaning up). Unknown (no locking here, no access) counts as held."""
    try:
        fd = os.open(mark, os.O_RDWR)
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return False
        _unlock(fd)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
