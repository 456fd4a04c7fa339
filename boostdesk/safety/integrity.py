"""Is the register file sound? ``PRAGMA integrity_check`` before it is used.

The check opens the file read-only (it never creates or repairs anything), so
it can run on a register another instance has open, and on backups.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

MAX_PROBLEMS = 20

# What reading a file that may be damaged or another program's raises: SQLite's errors,
# and UnicodeDecodeError when SQLite's message quotes a damaged schema's bytes ("malformed
# database schema (<a garbled table name>)") that Python cannot decode to raise its own.
SQLITE_FAILURES: tuple[type[Exception], ...] = (sqlite3.Error, UnicodeDecodeError)


# A NamedTuple, not a dataclass: `boostdesk gui` imports this module to start the check at
# once (after its window's first paint), and dataclasses (its import and the class it
# writes) costs ≈ 3 ms before the check can start.
class IntegrityReport(NamedTuple):
    path: Path
    ok: bool
    problems: list[str]

    @property
    def summary(self) -> str:
        """A few words: our own explanation (in Chinese), or how many problems SQLite's
        check found. Its English lines (≈ 20 of them: *** in database main *** On tree
        page 59 cell 9: Extends off end of page…) went whole into the Chinese message."""
        if self.ok:
            return "完好"
        if not self.problems:
            return "未知问题"
        if not self.raw:
            return self.problems[0] + (f"等 {len(self.problems)} 处问题"
                                       if len(self.problems) > 1 else "")
        return f"完整性检查发现 {self.how_many}问题"

    @property
    def capped(self) -> bool:
        """Did SQLite's check stop at :data:`MAX_PROBLEMS` (more may follow)?"""
        return self.raw and len(self.problems) >= MAX_PROBLEMS

    @property
    def how_many(self) -> str:
        """How many problems, as every message says it: "7 处", "20 处以上" (the check
        stopped there). The command line said 20 处以上, ``check --verbose`` 全部结果（20
        处）, the window (a quick check's count) 7 处, of one file."""
        n = len(self.problems)
        return f"{n} 处以上" if self.capped else f"{n} 处"

    @property
    def headline(self) -> str:
        """The summary and its first problem in words, for the damaged register's message."""
        return self.summary + (f"（第一处：{self.first}）" if self.first else "")

    @property
    def raw(self) -> bool:
        """Are the problems SQLite's own English lines (not our explanation)?"""
        return bool(self.problems) and self.problems[0].isascii()

    @property
    def first(self) -> str:
        """SQLite's first line for a message that names one ("" for ours): in Chinese words
        where its kind is known (``check_words``), else itself, cut short. (It was quoted
        in English: Fragmentation of 2801 bytes reported as 0 on page 7.)"""
        if not self.raw:
            return ""
        from .check_words import in_words

        line = self.problems[0]
        words = in_words(line)
        if words is not None:
            return words
        return line if len(line) <= FIRST_CHARS else line[:FIRST_CHARS] + "…"

    @property
    def details(self) -> str:
        """Every problem, one a line: for 详细信息, ``check --verbose``, IT."""
        return "\n".join(self.problems)


FIRST_CHARS = 100


def problem_lines(rows: list[tuple[object, ...]]) -> list[str]:
    """``integrity_check``'s rows as one problem a line: a row may hold several, after a
    "*** in database main ***" heading of its own."""
    lines = [line.strip() for r in rows for line in str(r[0]).splitlines()]
    return [line for line in lines
            if line and line.lower() != "ok" and not line.startswith("*** in database")]


def sqlite_uri(path: str | Path, mode: str = "ro") -> str:
    """A ``file:`` URI SQLite accepts for ``path`` on POSIX, Windows drives and UNC shares."""
    p = Path(path).absolute().as_posix()
    prefix = "file://" if p.startswith("/") else "file:///"
    return f"{prefix}{quote(p, safe='/:')}?mode={mode}"


FULL_BELOW = 1024 * 1024  # bytes free: SQLite cannot make a -shm (32 KiB) and a -wal there


def disk_full(path: str | Path) -> bool:
    """Is the disk under ``path`` (a file or folder) out of space? A read of a WAL register
    there fails with "disk I/O error", which is no damage. (Here, not in ``files``: this
    module comes before Qt at the window's start, and ``files`` brings dataclasses.)"""
    import shutil

    folder = Path(path) if Path(path).is_dir() else Path(path).parent
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def _wal_content(path: str | Path) -> bool:
    """Is there a -wal with commits in it beside the register (to be read with it)?"""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _unwritable(path: str | Path) -> bool:
    """Does the system refuse this account writing the file itself (set read-only, another
    account's, a read-only disk)? Tried, not asked: os.access answers for the real user.
    A file whose mode has no owner write bit is read-only too, though root (an
    administrator) may open it for writing: IT's ``chmod 444`` means read-only for every
    writer alike (``rights.refused_files`` asks this for the register file)."""
    import errno
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        return exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    try:
        return not os.fstat(fd).st_mode & stat.S_IWUSR
    finally:
        os.close(fd)


unwritable = _unwritable  # (the name other modules ask by)


def as_it_is(path: str | Path, *, closed: bool = False) -> bool:
    """May the file alone be read as the register (``immutable``: no -wal or -shm made
    beside it, no locks)? When nobody can be writing it: ``closed`` (the caller holds its
    write lock) and no -wal beside it; or its disk is full (no commit can be written
    there, and SQLite, unable to grow the -shm it makes, fails with "disk I/O error" and
    leaves a broken one of a few bytes) and no -wal with commits in it is beside it.
    So too a file this account may not write, no -wal beside it (no writer has it open):
    read otherwise, in a folder it can write, SQLite made a -wal and a -shm there with the
    file's own mode (0444 of a register set read-only: readable by every account, and
    then said as more files that cannot be written)."""
    if _wal_content(path):
        return False
    if not Path(f"{path}-wal").exists() and (closed or _unwritable(path)):
        return True
    return disk_full(path)


def connect_read_only(path: str | Path,
                      factory: type[sqlite3.Connection] = sqlite3.Connection, *,
                      closed: bool = False) -> sqlite3.Connection:
    """A connection that can neither write, nor checkpoint, nor delete the -wal file.

    A WAL register in a folder this user cannot write (a read-only share) cannot be read
    so: SQLite needs to make its -shm. With no -wal beside it nobody is writing it, and
    the file alone is the register: it is read as it is (``immutable``). So is it on a
    full disk, and when the caller holds its write lock (``closed``) and no -wal is
    beside it: a read-only connection to a closed WAL register leaves a -wal and a -shm
    beside it that it cannot remove (:func:`as_it_is`)."""
    if as_it_is(path, closed=closed):
        return sqlite3.connect(sqlite_uri(path) + "&immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False, factory=factory)
    conn = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None,
                           check_same_thread=False, factory=factory)
    conn.execute("PRAGMA busy_timeout = 5000")
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except Exception as exc:
        # SQLite's error, or a ``factory``'s own for it (the read-only register's
        # "登记册只读", which hid it from this test: every command refused the register)
        error = exc if isinstance(exc, sqlite3.Error) else exc.__cause__
        if isinstance(exc, UnicodeDecodeError):
            return conn  # SQLite's error names a damaged schema's bytes: the check says so
        if not isinstance(error, sqlite3.DatabaseError):
            raise
        if not isinstance(error, sqlite3.OperationalError):
            return conn  # not a database, or damaged: the caller's check says which
        # a read-only mount says "unable to open"; a folder of mode 0555 this user owns
        # the register in, "attempt to write a readonly database" (the -shm it cannot make)
        cannot = "unable to open" in str(error) or "readonly database" in str(error)
        if not cannot or Path(f"{path}-wal").exists():
            return conn  # the caller meets the error and explains it
        conn.close()
        conn = sqlite3.connect(sqlite_uri(path) + "&immutable=1", uri=True,
                               isolation_level=None, check_same_thread=False, factory=factory)
    return conn


def check_integrity(path: str | Path, quick: bool = False, *,
                    closed: bool = False) -> IntegrityReport:
    """Run ``PRAGMA integrity_check`` (or ``quick_check``) on the file at ``path``
    (``closed``: the caller holds its write lock, see :func:`connect_read_only`)."""
    path = Path(path)
    made = [f for f in (Path(f"{path}-wal"), Path(f"{path}-shm")) if not f.exists()]
    report = _check(path, quick, closed)
    if not report.ok:
        _remove_made(made)
    return report


def _remove_made(made: list[Path]) -> None:
    """The empty -wal and the -shm the check's read-only connection left beside a damaged
    register (it cannot remove them): the damage message then named that -wal as one to
    send with the file. Nothing opens a damaged register, so nobody else uses them; a -wal
    with content is kept whatever made it."""
    wal = [f for f in made if f.name.endswith("-wal")]
    try:
        if wal and wal[0].exists() and wal[0].stat().st_size > 0:
            return
    except OSError:
        return
    for f in made:
        try:
            f.unlink()
        except OSError:
            pass


def _check(path: Path, quick: bool, closed: bool) -> IntegrityReport:
    if not path.exists():
        return IntegrityReport(path, False, [f"文件不存在：{path}"])
    if path.is_dir():
        return IntegrityReport(path, False, [f"{path} 是文件夹，不是登记册文件"])
    pragma = "quick_check" if quick else "integrity_check"
    try:
        conn = connect_read_only(path, closed=closed)
    except sqlite3.Error as exc:
        return IntegrityReport(path, False, [_explain(exc)])
    try:
        rows = conn.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
    except SQLITE_FAILURES as exc:
        # "malformed database schema (<the damaged name>)": Python cannot decode the
        # name SQLite quotes, and raised this instead of the error (CI, a scribbled backup)
        return IntegrityReport(path, False, [_zipped(path) or _explain(exc)])
    finally:
        conn.close()
    if all(str(r[0]).lower() == "ok" for r in rows):
        return IntegrityReport(path, True, [])
    report = IntegrityReport(path, False, problem_lines(rows) or [str(r[0]) for r in rows])
    if quick:
        # The damage said as the full check says it, wherever it is found: the window's
        # quick check said 7 处问题 of a file the command line said 20 处以上 of (the quick
        # check skips the indexes). Seconds, once, of a register that is not opened; kept
        # quick when the full check cannot run to its end (it stops at "malformed").
        full = _check(path, False, closed)
        if full.raw:
            return full
    return report


class BackgroundCheck:
    """An integrity check started now in a thread and awaited later.

    SQLite runs the check without holding Python's lock, so the window's imports and
    construction go on beside it on the other core; :func:`open_register` waits for the
    report before it opens the file, so a damaged register is still never opened.
    """

    def __init__(self, path: str | Path, quick: bool = True, *, yielding: bool = False,
                 closed: bool = False) -> None:
        self.path = Path(path)
        self.quick = quick
        self.yielding = yielding
        self.closed = closed
        self._report: IntegrityReport | None = None
        self._thread = threading.Thread(target=self._run, name="integrity-check", daemon=True)

    @classmethod
    def start(cls, path: str | Path, quick: bool = True, *,
              yielding: bool = False, closed: bool = False) -> BackgroundCheck:
        """``yielding``: the check runs at a lower CPU priority (:func:`yield_cpu`), for a
        check beside a window being built: on two cores it otherwise takes a core from
        the window or from the X server painting it (the window showed ≈ 1.5–2× later
        on a busy PC). Not for a command waiting on the check itself. ``closed``: the
        caller holds the write lock (:func:`connect_read_only`)."""
        check = cls(path, quick, yielding=yielding, closed=closed)
        check._thread.start()
        return check

    def _run(self) -> None:
        if self.yielding:
            from .priority import yield_cpu

            yield_cpu()
        try:
            self._report = check_integrity(self.path, quick=self.quick, closed=self.closed)
        except Exception as exc:  # noqa: BLE001 - reported, not lost in the thread
            self._report = IntegrityReport(self.path, False, [str(exc)])

    def running(self) -> bool:
        return self._thread.is_alive()

    def report(self) -> IntegrityReport:
        """The check's report, waiting for it if it is still running."""
        self._thread.join()
        assert self._report is not None
        return self._report


def _zipped(path: Path) -> str | None:
    """A zip given where a register was meant (``--db`` a backup copied by hand, or an
    Excel workbook), said for what is inside it (``foreign.zip_file_kind``)."""
    from .foreign import zip_file_kind

    try:
        with open(path, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return None
    except OSError:
        return None
    what, advice = zip_file_kind(path, path.suffix.lower())
    return f"这是{what}，不是登记册本身{advice}"


def _explain(exc: BaseException) -> str:  # one of SQLITE_FAILURES
    if isinstance(exc, UnicodeDecodeError):
        return "文件结构已损坏（malformed database schema：表结构中有无法读出的文字）"
    text = str(exc)
    if "not a database" in text:
        return "文件不是 SQLite 登记册，或文件头已损坏"
    if "malformed" in text:
        return "文件结构已损坏（database disk image is malformed）"
    if "unable to open" in text:
        return "无法打开文件：请检查是否有读取权限、文件是否被移走"
    if "locked" in text or "busy" in text:
        return "文件被其他程序长时间锁住，无法检查"
    return text


def register_version(path: str | Path) -> int | None:
    """The schema version of the register at ``path`` (read-only, at once); None when
    there is nothing to read (no file, not a register: opening it says what)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        # no -wal beside it (no writer has it open): the file read as it is. A plain
        # read-only connection left an empty -wal and a 32 KB -shm no writer came to remove
        # when the opening went no further (a damaged register, the window quit).
        conn = connect_read_only(path, closed=True)
    except sqlite3.Error:
        return None
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except SQLITE_FAILURES:
        return None
    finally:
        conn.close()


def is_register(path: str | Path) -> bool:
    """Does the (sound) SQLite file look like a BoostDesk register?"""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return False
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {"campaigns", "patent_applications", "project_applications"} <= names
    except SQLITE_FAILURES:
        return False
    finally:
        conn.close()
