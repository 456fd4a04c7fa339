"""Backups of the register with SQLite's online backup API, and restoring one.

Automatic backups go to ``backups/`` beside the register, named
``<stem>-YYYYmmdd-HHMMSS-mmm-<reason>.zip`` (a zip of the SQLite copy, see
:mod:`.backup_file`; an earlier BoostDesk's are plain ``….db`` files, read alike): at start, and before every import,
tier decision, payment run and status change of many applications at once
(:func:`backed_up_write`: kept only if the write stored something). The last N are kept (a
per-register setting in ``backups/settings.json``, default 20), and besides them the
newest of each of the last 30 days and 12 months that have backups: a morning of window
starts would otherwise rotate last week's backups away. What a restore replaced, a
damaged register and the register before a schema upgrade are never rotated; so an upgrade
cancelled or failed takes no second 升级前 backup of the register unchanged, it names the
one holding the same copy (:func:`backup_before_upgrade`). Each backup is
written to a hidden temporary file, checked, made 0600 and only then renamed,
so a crash in the middle never leaves a half backup that looks whole.

Newest first is the order they were made in, as each zip records it (``seq``), not their
names' clock times: a clock set back names every new backup older than last month's.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk.errors import UserError
from boostdesk.models import RegisterError
from boostdesk.models.register import explain_sqlite
from boostdesk.os_errors import explain_os_error
from boostdesk.said_where import way

from . import backup_file, lost_changes
from .files import create_private, make_private, private_dir
from .integrity import (
    SQLITE_FAILURES,
    check_integrity,
    connect_read_only,
    is_register,
    register_version,
)
from .one_backup import one_at_a_time
from .restore_dropped import dropped

DEFAULT_KEEP = 20
KEEP_DAYS = 30  # the newest backup of each of this many latest days with backups is kept too
KEEP_MONTHS = 12  # and of each of this many latest months
NEVER_ROTATED = frozenset({"restore", "damaged", "upgrade"})  # the only copy of what they hold
BACKUP_DIR = "backups"
SETTINGS_FILE = "settings.json"
STALE_TMP_SECONDS = 3600
REASONS = {
    "start": "启动时",
    "import": "导入前",
    "tier": "分档决定前",
    "payment": "拨付前",
    "acceptance": "结题验收前",  # an acceptance recorded or withdrawn (finance.acceptance)
    "publicity": "结束公示前",
    "withdrawal": "撤回申报前",  # a union's letter withdrawing a paper (panel.withdrawal)
    "reinstate": "恢复申报前",  # its letter taking that back (withdrawal_restore)
    "scores": "替换评分前",
    "status": "批量改状态前",
    "restore": "恢复前",
    "upgrade": "升级前",
    "demo": "填演示数据前",
    "ids": "换算旧身份证号前",
    "studios": "合并名称相近的工作室前",
    "erase": "删除个人信息前",
    "manual": "手动",
    "damaged": "损坏的登记册",
    "archive": "年度归档",  # the copy a year archive holds (year_archive.BACKUP_REASON)
}
NOT_RESTORABLE = "不能用来恢复"  # a damaged register's own copy, as listed
_STAMP = "%Y%m%d-%H%M%S"


class BackupError(RegisterError, UserError):
    """A backup or restore that could not be done; nothing was changed."""


class NoBackupFolder(BackupError):
    """The backup folder cannot be made (a read-only share, a full disk): each caller says
    how to back up elsewhere instead (the window's 备份到…, the command line's --out)."""


class BackupFolderRefused(NoBackupFolder):
    """The backup folder is there but this account may not list it (``reading``) or write
    in it: another account's (``rights``). Listed as no backups and crashing a backup
    with a traceback, before."""

    def __init__(self, folder: Path, *, reading: bool, listing: bool = False) -> None:
        from .rights import backup_folder_text

        self.folder, self.reading = folder, reading
        super().__init__(backup_folder_text(folder, reading=reading, listing=listing))


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    reason: str
    size: int  # on the disk (a zip: compressed)
    seq: int = 0  # the order made in, as the zip records it; 0: an earlier BoostDesk's plain file
    # returned by a backup that found this one holding the same copy and took none
    # (:func:`backup_before_upgrade`): not made now; the same backup as listed otherwise
    reused: bool = field(default=False, compare=False)

    @property
    def reason_zh(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def restorable(self) -> bool:
        """False for a damaged register's own copy, kept when a restore replaced it: it is
        there to be examined, never restored from (its integrity check refuses it)."""
        return self.reason != "damaged"

    def describe(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M:%S}（{self.reason_zh}，{size_text(self.size)}）"


RESTORING = "restoring"  # a 恢复前 zip's note: the backup the restore put in its place


def size_text(n: int) -> str:
    """A file's size as said to the clerk (12 KB, 3.4 MB)."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def register_file(register: str | Path) -> Path:
    """The register file itself, not a symbolic link to it (as ``open_register`` opens it):
    through a link, backups went beside the link, apart from the window's, and a restore
    replaced the link with a file, the register itself left as it was."""
    path = Path(register)
    return path.resolve() if path.is_symlink() else path


def backup_dir(register: str | Path) -> Path:
    return register_file(register).parent / BACKUP_DIR


def _pattern(register: Path) -> re.Pattern[str]:
    """A backup file of ``register`` by its name; on Windows in any letter case, as the
    file system itself finds names there (--db Register.db is register.db)."""
    flags = re.IGNORECASE if os.path.normcase("A") == "a" else 0
    return re.compile(
        rf"^{re.escape(register.stem)}-(\d{{8}}-\d{{6}})-(\d{{3}})-([a-z0-9][a-z0-9-]*)\.(?:db|zip)$",
        flags)


def reason_token(reason: str) -> str:
    """A file-name-safe reason (``"tier"``, ``"payment"``…); anything else becomes ``manual``."""
    token = re.sub(r"[^a-z0-9-]+", "-", reason.strip().lower()).strip("-")[:24]
    return token or "manual"


# -- settings ----------------------------------------------------------------
def _keep_settings(register: str | Path) -> dict[str, Any]:
    """``{"keep": {register file name: N}, "default": N}``: one backups/ folder serves every
    register of its folder (a practice copy beside the real one), so the count is kept by
    name; an earlier version's ``{"keep": N}`` stays the others' default."""
    try:
        data = json.loads((backup_dir(register) / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    if not isinstance(data.get("keep"), dict):
        data = {"keep": {}, "default": data.get("keep")}
    return data


def backup_keep(register: str | Path) -> int:
    """How many backups of this register are kept (default 20)."""
    data = _keep_settings(register)
    try:
        keep = int(data.get("keep", {}).get(register_file(register).name, data.get("default")))
    except (ValueError, TypeError):
        return DEFAULT_KEEP
    return keep if keep >= 1 else DEFAULT_KEEP


def set_backup_keep(register: str | Path, keep: int) -> None:
    if not 1 <= keep <= 10000:
        raise BackupError(f"保留的备份份数应在 1 到 10000 之间，而不是 {keep}")
    data = _keep_settings(register) or {"keep": {}}
    data["keep"][register_file(register).name] = keep
    if data.get("default") is None:
        data.pop("default", None)
    from boostdesk.io.in_place import written_in_place

    folder = private_dir(backup_dir(register))
    path = folder / SETTINGS_FILE
    # Whole or not at all: a half-written file reads as no setting, and the next backup
    # would prune a register kept at 100 down to the default 20.
    with written_in_place(path) as part:
        part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    make_private(path)


# -- listing -----------------------------------------------------------------
def list_backups(register: str | Path, *, strict: bool = False) -> list[BackupInfo]:
    """The register's backups, newest first. ``strict`` (a list shown, a backup chosen by
    its number): a folder this account may not read raises :class:`BackupFolderRefused`,
    not said as no backups."""
    register = register_file(register)
    folder = backup_dir(register)
    pattern = _pattern(register)
    own = os.path.normcase(register.name)  # as the zip names it (Windows: in any case)
    found: list[BackupInfo] = []
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        if strict and _refused(exc):
            raise BackupFolderRefused(folder, reading=True, listing=True) from exc
        return []
    for entry in entries:
        m = pattern.match(entry.name)
        if not m:
            continue
        try:
            created = datetime.strptime(m.group(1), _STAMP).replace(
                microsecond=int(m.group(2)) * 1000)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        meta = backup_file.read_meta(entry)
        if os.path.normcase(str(meta.get("register", register.name))) != own:
            continue  # register.old's beside register.db: the same stem, another register
        reason = re.sub(r"-\d+$", "", m.group(3))  # _free_name's -2 is not the reason's
        found.append(BackupInfo(entry, created, reason, size, _seq(meta)))
    # Made later is newer, as the backups record it; a plain one (an earlier BoostDesk's)
    # came before every zip, and among them the name's clock time is all there is.
    found.sort(key=lambda b: (b.seq, b.created, b.path.name), reverse=True)
    return found


def numbered_backups(register: str | Path, *,
                     strict: bool = False) -> list[tuple[int | None, BackupInfo]]:
    """The register's backups, newest first, the restorable ones numbered from 1 (as
    ``backup list`` shows them and ``restore N`` takes them: 1 the newest to restore
    from); a damaged register's own copy unnumbered. ``strict``: as :func:`list_backups`."""
    out: list[tuple[int | None, BackupInfo]] = []
    n = 0
    for info in list_backups(register, strict=strict):
        if info.restorable:
            n += 1
        out.append((n if info.restorable else None, info))
    return out


def _refused(exc: BaseException) -> bool:
    from .rights import refused

    return refused(exc)


def _check_readable(folder: Path) -> None:
    """:class:`BackupFolderRefused` for a folder this account may not list (its backups'
    names, each one's next name, are then unknown)."""
    try:
        os.listdir(folder)
    except OSError as exc:
        if _refused(exc):
            raise BackupFolderRefused(folder, reading=True) from exc


def _seq(meta: dict[str, Any]) -> int:
    try:
        return max(0, int(meta.get("seq", 0)))
    except (TypeError, ValueError):
        return 0


def last_good_backup(register: str | Path) -> BackupInfo | None:
    """The newest backup that passes ``integrity_check`` (the check ``restore`` applies;
    ``quick_check`` misses an index out of step with its table) and is a register."""
    for info in list_backups(register):
        if not info.restorable:
            continue
        try:
            with backup_file.plain(info.path) as copy:
                if check_integrity(copy).ok and is_register(copy):
                    return info
        except backup_file.unreadable():
            continue
    return None


def prune(register: str | Path, keep: int | None = None, *,
          made: Path | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups, the newest of each of the latest
    ``KEEP_DAYS`` days and ``KEEP_MONTHS`` months, and the ``NEVER_ROTATED`` ones.

    A backup is dated by this computer's clock when it was taken, and clocks are wrong:
    one named later than the clock reads now (taken before the clock was set back, a
    month or a year behind after a flat CMOS battery; or while it ran ahead) is never
    deleted and takes none of the newest places, which are the backups taken since:
    else a clock behind deleted every new backup at once (older by name than a year of
    backups), the one just taken before a payment run too. ``made``, the backup just
    taken, is never deleted either; nor, while changes lost (a -wal deleted) are
    unacknowledged, a backup that may hold them (``lost_changes``): the warning names it,
    and rotated away, ``restore`` found no file."""
    keep = backup_keep(register) if keep is None else keep
    lost = lost_changes.pending(register)
    removed: list[Path] = []
    now = datetime.now()
    rotating = [b for b in list_backups(register)
                if b.reason not in NEVER_ROTATED and (b.created <= now or b.path == made)]
    rotating.sort(key=lambda b: (b.created, b.path.name), reverse=True)  # the rules by date
    days: dict[object, BackupInfo] = {}
    months: dict[object, BackupInfo] = {}
    for info in rotating:  # newest first: the first of a day is its newest
        days.setdefault(info.created.date(), info)
        months.setdefault((info.created.year, info.created.month), info)
    kept = {b.path for b in [*rotating[:keep], *list(days.values())[:KEEP_DAYS],
                             *list(months.values())[:KEEP_MONTHS]]}
    for old in rotating:
        if old.path in kept or old.path == made:
            continue
        if lost is not None and lost.may_hold(old.created):
            continue  # (the warning may name it as the one to restore)
        try:
            old.path.unlink()
            removed.append(old.path)
        except OSError:
            continue
    return removed


COMPACT_SECONDS = 2.0  # of plain backups zipped after a start backup (the window's close waits)


def compact_plain(register: str | Path, budget: float = COMPACT_SECONDS,
                  cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """Zip the plain ``….db`` backups an earlier BoostDesk wrote, oldest first, for about
    ``budget`` seconds (at least one) or until ``cancelled()``: a folder of a year's plain
    backups shrinks over a few window starts, not only as the monthly ones rotate out in a
    year. Each is checked (``quick_check``) before it is zipped; one that fails, a damaged
    register's copy and one with a -wal beside it are left as they are. The zip keeps its
    name's time and ``seq`` 0 (made before every zip), so the order does not change.
    Returns the zips. In the register's backup turn, as part of the start-up backup (a
    backup's pruning deleted the plain file it was zipping)."""
    register = register_file(register)
    with one_at_a_time(register, "start"):
        return _compact_plain(register, budget, cancelled)


def _compact_plain(register: Path, budget: float,
                   cancelled: Callable[[], bool] | None) -> list[Path]:
    started = time.monotonic()
    done: list[Path] = []
    for info in reversed(list_backups(register)):
        if done and time.monotonic() - started > budget or cancelled is not None and cancelled():
            break
        if (info.seq or info.path.suffix != backup_file.LEGACY_SUFFIX
                or info.reason == "damaged" or Path(f"{info.path}-wal").exists()):
            continue
        target = info.path.with_suffix(backup_file.SUFFIX)
        tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
        try:
            if target.exists() or not check_integrity(info.path, quick=True).ok:
                continue
            backup_file.write_zip([(info.path, backup_file.member_name(target))], tmp, {
                "seq": 0, "made": info.created.isoformat(timespec="milliseconds"),
                "reason": info.reason, "register": register.name,
                "schema": register_version(info.path), "bytes": info.size,
                "zipped_from": info.path.name})
            _replace(tmp, target)
        except backup_file.unreadable():
            _unlink_quietly(tmp)
            continue
        try:
            info.path.unlink()
        except OSError:  # open elsewhere (a restore reading it on Windows): not listed twice
            _unlink_quietly(target)
            continue
        make_private(target)
        done.append(target)
    return done


def _remove_stale_tmp(folder: Path, prefix: str = ".") -> None:
    """Remove the copies a killed backup or restore left (``.NAME.PID.tmp`` and the
    ``-journal`` SQLite left beside it mid-copy: whole registers, names and ID numbers in
    them), once an hour old: a younger one may be another process's, still copying."""
    now = time.time()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or not name.endswith((".tmp", ".tmp-journal")):
            continue
        try:
            if now - entry.stat().st_mtime > STALE_TMP_SECONDS:
                entry.unlink()
        except OSError:
            continue


# -- making ------------------------------------------------------------------
EMPTIED = ("文件是空的（0 字节），登记册的内容已丢失（复制或同步中断、磁盘写满或断电时"
           "写入的文件都可能这样）")


def emptied(path: Path) -> bool:
    """A register file of 0 bytes that has backups: its content was lost, it is no new
    register. SQLite reads an empty file as an empty database, so opening it made a new,
    empty register in the office's place, nothing said, and each start's backup of it
    then rotated a good one away. A -wal with content beside it is SQLite's to read."""
    try:
        if path.stat().st_size:
            return False
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            return False
    except OSError:
        return False  # missing: a new register, said by the caller
    return bool(list_backups(path))


PROGRESS_STEPS = 1000  # ``backup_register``'s progress: done out of this many
COPIED_SHARE = 400  # of them the copy's, the compression the rest (a zip in backups/)
STEP_PAGES = 1024  # the copy a step at a time when it may be cancelled (4 MB of 4 KB pages)
CANCELLED = "已取消备份，未写入备份文件"


def _steps(progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None,
           zipped: bool,
           ) -> tuple[Callable[[int, int], None] | None, Callable[[int, int], None] | None]:
    """The copy's and the compression's step callbacks (None: neither asked for): each
    reports its share of ``PROGRESS_STEPS`` and raises :class:`BackupCancelled` once
    ``cancelled()``. Not ``zipped`` (``out``): the copy is all of it. (A copy restarted
    by another connection's commit meanwhile, a read-only window's holder, goes back.)"""
    if progress is None and cancelled is None:
        return None, None
    copy_share = COPIED_SHARE if zipped else PROGRESS_STEPS

    def part(start: int, share: int) -> Callable[[int, int], None]:
        def step(done: int, total: int) -> None:
            if cancelled is not None and cancelled():
                raise BackupCancelled(CANCELLED)
            if progress is not None:
                progress(start + (share * done // total if total > 0 else 0), PROGRESS_STEPS)
        return step

    return part(0, copy_share), part(COPIED_SHARE, PROGRESS_STEPS - COPIED_SHARE)


def out_folder_missing(out: str | Path) -> str | None:
    """Why a copy cannot be written to ``out`` before anything is read: its folder is not
    there (a USB stick not plugged in). ``backup_register`` would make the folder, on the
    computer's own disk where the stick's drive letter is a folder name."""
    folder = Path(out).absolute().parent
    if folder.is_dir():
        return None
    return f"文件夹不存在：{folder}（U 盘或网络盘是否已接好？）；备份未写入"


def backup_register(
    register: str | Path, reason: str = "manual", *, out: str | Path | None = None,
    keep: int | None = None, prune_old: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None, whole_copy: bool = False,
    replace: bool = False, written: Callable[[Path, int], None] | None = None,
    restoring: Path | None = None, reuse: bool = False,
) -> BackupInfo:
    """Copy the register's last committed state with SQLite's online backup API.
    (``restoring``: the backup a restore replaces it with, kept in the zip's note so a
    register lost after the restore is offered that backup, not this 恢复前 copy.)

    Reads through its own read-only connection, so it can run while another
    connection (even in this process, even mid-transaction) writes. Into the backup
    folder as a zip (the copy checked, then compressed and read back); ``out`` writes a
    plain SQLite file there instead (never pruned: the copy to take away), or, named
    ``….zip``, the same zip a backup in the folder is (with its 数据说明.md, ``seq`` 0: in
    no folder's order): a plain SQLite file under a .zip name was 压缩文件夹无效 to Windows.

    ``progress(done, PROGRESS_STEPS)`` and ``cancelled()`` (the window's 立即备份 and
    备份到…: seconds on a large register, a minute to a slow USB stick): the copy is then
    made a few MB at a time, and a cancel raises :class:`BackupCancelled` with nothing
    left behind; ``whole_copy`` (the window's start-up backup): the copy in one step, a
    commit meanwhile does not restart it, and ``cancelled()`` is heard from its compression
    on. A backup into the backup folder waits for another of the same register this
    process is making (:mod:`.one_backup`); ``cancelled()`` is heard while it waits.

    ``replace`` (``out``): an earlier backup's zip there is replaced (``backup --replace``,
    the save dialog that asked); like any copy, the new one is written beside it, checked,
    then renamed over it, so a failure leaves the old one whole. ``written(out, size)``
    (the caller's audit line) runs before that rename: what it raises leaves no new file
    and the old one untouched.

    ``reuse`` (into the folder): a backup of the same reason already holding exactly this
    copy (:func:`_same_backup`) is returned instead, ``reused``, and none is written.
    """
    register = register_file(register)
    if not register.exists():
        raise BackupError(f"登记册不存在，无法备份：{register}")
    if out is None and emptied(register):  # else it rotated the good ones away
        raise BackupError(f"登记册 {register} {EMPTIED}，备份它没有意义。" + way(
            "请用“文件”→“从备份恢复…”选一份完好的备份恢复",
            "请用 boostdesk backup list 找一份完好的备份，再用 boostdesk restore 恢复"))
    token = reason_token(reason)
    turn = (nullcontext() if out is not None  # a copy taken away: no folder, no numbering
            else one_at_a_time(register, token, cancelled, lambda: BackupCancelled(CANCELLED)))
    with turn:
        return _backup(register, token, out, keep=keep, prune_old=prune_old,
                       progress=progress, cancelled=cancelled, whole_copy=whole_copy,
                       replace=replace, written=written, restoring=restoring,
                       reuse=reuse and out is None)


def _backup(register: Path, token: str, out: str | Path | None, *, keep: int | None,
            prune_old: bool, progress: Callable[[int, int], None] | None,
            cancelled: Callable[[], bool] | None, whole_copy: bool, replace: bool,
            written: Callable[[Path, int], None] | None,
            restoring: Path | None = None, reuse: bool = False) -> BackupInfo:
    """:func:`backup_register`'s work, in the register's backup turn (not for ``out``)."""
    now = datetime.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as the file name keeps it
    if out is not None:
        target = Path(out)
        if target.exists() and target.is_dir():
            raise BackupError(f"{target} 是文件夹，请给出备份文件名，如 {target / 'register-backup.db'}")
        if target.resolve() == register.resolve():
            raise BackupError("备份文件不能是登记册本身，请换一个文件名")
        refused = overwrite_refused(register, target, replace=replace)
        if refused is not None:
            raise BackupError(refused)
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_tmp(target.parent, f".{target.name}.")
    else:
        try:
            folder = private_dir(backup_dir(register))
        except OSError as exc:
            raise NoBackupFolder(
                f"无法建立备份文件夹 {backup_dir(register)}（{explain_os_error(exc)}）：请检查磁盘空间和"
                "文件夹权限。登记册未被改动"
            ) from exc
        _check_readable(folder)  # another account's folder: said, not a traceback
        _remove_stale_tmp(folder)
        _remove_stale_tmp(register.parent, f".{register.name}.restore.")
        target = _free_name(folder, register.stem, now, token, backup_file.SUFFIX)
    zipped_copy = out is None or target.suffix.lower() == backup_file.SUFFIX
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    copy = tmp.with_name(f"{tmp.name[:-4]}.db.tmp") if zipped_copy else tmp
    seq = 0
    copied, zipped = _steps(progress, cancelled, zipped=zipped_copy)
    if whole_copy:
        copied = None
    try:
        copy_database(register, copy, closed=lock_held(register), step=copied)
        same = _same_backup(register, token, copy) if reuse else None
        if same is not None:  # before the compression, the slow part, and the disk it takes
            _unlink_quietly(copy)
            return BackupInfo(same.path, same.created, same.reason, same.size, same.seq,
                              reused=True)  # (``replace`` is the argument here)
        if zipped_copy:
            if out is None:
                seq = 1 + max((b.seq for b in list_backups(register)), default=0)
            backup_file.write_zip([(copy, backup_file.member_name(target))], tmp, {
                "seq": seq, "made": now.isoformat(timespec="milliseconds"), "reason": token,
                "register": register.name, "schema": register_version(copy),
                "bytes": copy.stat().st_size,
                **({RESTORING: str(restoring)} if restoring is not None else {})}, step=zipped)
            _unlink_quietly(copy)
        if cancelled is not None and cancelled():  # pressed while it was read back
            raise BackupCancelled(CANCELLED)
    except sqlite3.Error as exc:
        _unlink_quietly(tmp, copy)
        raise BackupError(f"备份登记册失败：{explain_sqlite(exc)}。登记册未被改动") from exc
    except backup_file.unreadable() as exc:
        _unlink_quietly(tmp, copy)
        raise _write_failed(exc, target, out) from exc
    except BaseException:  # Ctrl+C: no hidden copy of the register left (on a stick, say)
        _unlink_quietly(tmp, copy)
        raise
    try:
        if written is not None:  # its own errors, as they are: nothing renamed over yet
            written(target, tmp.stat().st_size)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    try:
        _replace(tmp, target)  # only now is an earlier file there replaced, whole
        _fsync_dir(target.parent)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise _write_failed(exc, target, out) from exc
    except BaseException:
        _unlink_quietly(tmp)
        raise
    make_private(target)
    if out is None and prune_old:
        prune(register, keep, made=target)
    return BackupInfo(target, now, token, target.stat().st_size, seq)


def overwrite_refused(register: str | Path, out: str | Path, *,
                      replace: bool = False) -> str | None:
    """Why ``out`` may not be replaced by a copy of ``register`` (:func:`foreign.
    not_to_overwrite`: another register, in use or its backup, another program's file …),
    or None. The window asks it before its backup starts, to ask for another name."""
    from .foreign import not_to_overwrite

    register, target = register_file(register), Path(out)
    return not_to_overwrite(target, replace=replace, register=register,
                            written_here=lambda: backed_up_to(register, target))


def backed_up_to(register: Path, target: Path) -> bool:
    """Did this register's trail record a copy written to ``target`` (``backup --out``,
    备份到…: their lines name the full path)? A plain copy records no register's name:
    this is what says it is this register's."""
    want = os.path.normcase(str(target.absolute().parent.resolve() / target.name))
    try:
        conn = connect_read_only(register, closed=lock_held(register))
        try:
            lines = conn.execute(
                "SELECT after FROM audit_events WHERE action = 'backup_out'").fetchall()
        finally:
            conn.close()
    except SQLITE_FAILURES:
        return False
    for (after,) in lines:
        try:
            to = json.loads(after).get("to")
        except (TypeError, ValueError, AttributeError):
            continue
        if isinstance(to, str) and os.path.normcase(to) == want:
            return True
    return False


def _write_failed(exc: BaseException, target: Path, out: str | Path | None) -> BackupError:
    if out is None and _refused(exc):  # a new hidden file refused: the folder's rights
        return BackupFolderRefused(target.parent, reading=False)
    why = explain_os_error(exc) if isinstance(exc, OSError) else str(exc)
    return BackupError(f"无法写入备份 {target}（{why}）：请检查磁盘空间和文件夹权限")


def backup_before(reg: Any, reason: str, *, prune_old: bool = True) -> BackupInfo | None:
    """The automatic backup before an import, a tier decision or a payment run.

    ``reg`` is an open :class:`~boostdesk.models.Register`; nothing happens for
    an in-memory or read-only register, nor inside :func:`one_backup_for_all`. Raises
    :class:`BackupError` when the backup cannot be written: the operation should then not
    go ahead.
    """
    path = getattr(reg, "path", None)
    if path is None or getattr(reg, "read_only", False) or getattr(reg, "backup_held", False):
        return None
    return backup_register(path, reason, prune_old=prune_old)


@contextmanager
def one_backup_for_all(reg: Any) -> Iterator[None]:
    """The writes inside take no backup of their own: one transaction made of many writes
    that each back up (the demo's season: qualification, adoption, publicity), its caller
    backing up once for the lot, or not at all for a register it has just made."""
    before = getattr(reg, "backup_held", False)
    reg.backup_held = True
    try:
        yield
    finally:
        reg.backup_held = before


class BackupCancelled(Exception):
    """取消 pressed while the register was backed up: before a write, nothing stored; the
    window's 立即备份 or 备份到…, no backup written (``backup_register``)."""


@dataclass
class WriteBackup:
    """What :func:`backed_up_write` yields: ``made``, the backup taken before the write
    (None: an in-memory or read-only register, or ``reason`` None); ``kept``, once the
    ``with`` block has ended, that backup if it was kept (None: taken back, the write
    having stored nothing), for a command that names it."""

    made: BackupInfo | None
    kept: BackupInfo | None = None


@contextmanager
def backed_up_write(reg: Any, reason: str | None,
                    cancelled: Callable[[], bool] | None = None) -> Iterator[WriteBackup]:
    """The register backed up (:func:`backup_before`) for the write the ``with`` block
    makes, and that backup kept only if the write stores something: every write that
    backs the register up first goes through here (an import, a payment run, a tier
    decision, a status change of many, a panel package, a command's bulk correction).

    A write that ends having stored nothing (refused inside its checks, a 取消, nothing
    to change) takes back the backup it made: the register is still what that backup
    holds, and a backup a try clutters the list the office restores from, rotating a
    useful older one away (on a full disk each try filled it further). The older backups
    are pruned only once the write is stored, for the same reason.

    "Stored nothing" is checked, not assumed (:func:`_stored_nothing`). A write that
    failed on the file's own trouble (a disk I/O error, a damaged page, a file that
    cannot be opened) or was stopped (Ctrl+C) keeps its backup whatever it stored: the
    copy from just before may be the last good one. ``reason`` None: no backup (the
    caller took one for the lot), the block run as it is.

    ``cancelled()`` is asked once the backup is made (seconds on a large register: a
    write of the window run in the background whose 取消 came meanwhile stops here,
    before its transaction, with :class:`BackupCancelled`) and at the commit of the
    transaction that follows, which it rolls back
    (:class:`~boostdesk.models.register_base.WriteCancelled`)."""
    if reason is None:
        yield WriteBackup(None)
        return
    made = backup_before(reg, reason, prune_old=False)
    done = WriteBackup(made)
    mark = _write_mark(reg) if made is not None else None
    try:
        if cancelled is not None and cancelled():
            raise BackupCancelled("已取消，未保存任何改动")
        if cancelled is not None and hasattr(reg, "cancel_commit"):
            reg.cancel_commit = cancelled
        yield done
    except BaseException as exc:
        if made is not None and not _file_trouble(exc) and _stored_nothing(reg, mark):
            _take_back(made)
        else:
            done.kept = made
        raise
    finally:
        if cancelled is not None and getattr(reg, "cancel_commit", None) is cancelled:
            reg.cancel_commit = None  # asked of this write's transaction only
    if made is None:
        return
    if _stored_nothing(reg, mark):
        _take_back(made)
        return
    done.kept = made
    prune(reg.path, made=made.path)


def _take_back(made: BackupInfo) -> None:
    _unlink_quietly(made.path)
    _fsync_dir(made.path.parent)


@dataclass(frozen=True)
class _WriteMark:
    """Where the register stood as its write's backup was taken (:func:`_stored_nothing`)."""

    event: int | None  # the trail's newest line (None: unknown)
    changes: int  # rows this connection had changed (sqlite3's total_changes)
    commits: int  # transactions it had committed (``RegisterBase.commits``)


def _write_mark(reg: Any) -> _WriteMark:
    return _WriteMark(_newest_event(reg), reg.conn.total_changes, getattr(reg, "commits", 0))


def _newest_event(reg: Any) -> int | None:
    try:
        return int(reg.scalar("SELECT max(id) FROM audit_events") or 0)
    except sqlite3.Error:
        return None  # unknown: the backup is kept whatever happens


def _stored_nothing(reg: Any, mark: _WriteMark | None) -> bool:
    """No transaction left open, the trail's newest line the one there before the backup
    (every write is audited: a commit another program made meanwhile is seen too), and
    this connection either changed no row since (a refusal before its first statement,
    nothing to change) or committed no transaction since (its changes rolled back).
    Anything else, or a register that cannot even be read now, keeps the backup."""
    try:
        return (mark is not None and mark.event is not None
                and not reg.conn.in_transaction and _newest_event(reg) == mark.event
                and (reg.conn.total_changes == mark.changes
                     or getattr(reg, "commits", 0) == mark.commits))
    except sqlite3.Error:  # (a closed connection: sqlite3.ProgrammingError)
        return False


# SQLite's words for a write refused with the file sound: the register is what it was
_SOUND_FILE = ("disk is full", "database is locked", "database table is locked", "readonly",
               "read-only")


def _file_trouble(exc: BaseException) -> bool:
    """Did the write fail on the register file's own trouble (an OSError, an SQLite error
    other than a refused row, a full disk, a lock or a read-only file), or was it stopped
    (Ctrl+C, the process exiting)? Asked of the exception and what it was raised from."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if not isinstance(link, Exception) or isinstance(link, OSError):
            return True
        if (isinstance(link, sqlite3.DatabaseError) and not isinstance(link, sqlite3.IntegrityError)
                and not any(words in str(link) for words in _SOUND_FILE)):
            return True
        link = link.__cause__ or link.__context__
    return False


def _free_name(folder: Path, stem: str, now: datetime, token: str,
               suffix: str = backup_file.SUFFIX) -> Path:
    stamp = f"{now:{_STAMP}}-{now.microsecond // 1000:03d}"

    def taken(name: str) -> bool:  # a plain .db of the same moment is the same backup's name
        return any((folder / f"{name}{s}").exists()
                   for s in (backup_file.SUFFIX, backup_file.LEGACY_SUFFIX))

    name = f"{stem}-{stamp}-{token}"
    n = 2
    while taken(name):
        name = f"{stem}-{stamp}-{token}-{n}"
        n += 1
    return folder / f"{name}{suffix}"


def lock_held(register: Path) -> bool:
    """Does this process hold the register's write lock (where the file system keeps
    locks)? Then nobody else writes it, and without a -wal beside it nobody has it open:
    it is read as it is (``integrity.connect_read_only``'s ``closed``), leaving no empty
    -wal and 32 KB -shm beside it."""
    from .lock import held

    lock = held(register)
    return lock is not None and lock.enforced


def _same_backup(register: Path, token: str, copy: Path) -> BackupInfo | None:
    """The newest of the register's backups for ``token`` whose SQLite copy is ``copy``,
    or None: of the same format (its note) and size (its directory), then compared byte for
    byte but for SQLite's change counters (``backup_file.holds``) — no backup is taken for
    one of another content. A copy of the same register unchanged comes out the same, page
    for page (SQLite's backup API)."""
    schema = register_version(copy)
    size = copy.stat().st_size
    for info in list_backups(register):
        if info.reason != token or info.path.suffix.lower() != backup_file.SUFFIX:
            continue
        if backup_file.read_meta(info.path).get("schema") != schema:
            continue
        try:
            if backup_file.holds(info.path, copy, size):
                return info
        except backup_file.unreadable():  # damaged: it is no copy to go back to
            continue
    return None


def copy_database(source: Path, target: Path, *, closed: bool = False,
                  step: Callable[[int, int], None] | None = None) -> None:
    """Online backup of ``source`` into a new, private, single-file (rollback journal)
    ``target`` (``closed``: see :func:`lock_held`). ``step(pages copied, pages)`` after
    every ``STEP_PAGES``: what it raises stops the copy (SQLite's backup is then
    finished, and the exception goes on)."""
    create_private(target)
    src = connect_read_only(source, closed=closed)
    try:
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            if step is None:
                src.backup(dst)  # in one step: a writer meanwhile does not restart it
            else:
                src.backup(dst, pages=STEP_PAGES, progress=lambda _status, remaining, total:
                           step(total - remaining, total))
            try:
                # A standalone file: no -wal/-shm beside each backup.
                dst.execute("PRAGMA journal_mode = DELETE")  # (reads the schema too)
                problems = [r[0] for r in dst.execute("PRAGMA quick_check").fetchall()]
            except UnicodeDecodeError:  # SQLite's error quotes a damaged schema's bytes
                problems = ["malformed database schema"]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError("备份副本校验失败：" + "；".join(map(str, problems[:3])))
        finally:
            dst.close()
    except BaseException:
        # A full disk stops the copy with its journal left (the caller removes the copy):
        # one more hidden file each time the office tries again.
        _unlink_quietly(Path(f"{target}-journal"))
        raise
    finally:
        src.close()
    _fsync_file(target)


def _replace(source: Path, target: Path) -> None:
    """The copy renamed in, waiting out a scanner holding it on Windows."""
    from boostdesk.io.in_place import replace

    replace(source, target)


def _fsync_file(path: Path) -> None:
    """The copy on the disk before it is renamed in. Opened for writing: Windows flushes
    (``FlushFileBuffers``, behind ``os.fsync``) only a handle that may write, and refused a
    read-only one with EBADF, so every backup there failed and with it every import."""
    fd = os.open(str(path), os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink_quietly(*paths: Path) -> None:
    for path in paths:
        try:
            path.unlink()
        except OSError:
            pass


# -- restoring ---------------------------------------------------------------
@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    register: Path
    safety_copy: BackupInfo | None  # the register as it was just before, None if there was none
    set_aside: str | None = None  # what was in the register's place instead, renamed (gone.py)
    # what the restore took out (``restore_dropped.dropped``: lines by kind, payments made
    # unpaid again), as its trail line records it; {} none
    dropped: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        text = f"已用备份 {self.restored_from.name} 恢复登记册 {self.register}"
        if self.safety_copy is not None:
            text += f"；恢复前的登记册已另存为 {self.safety_copy.path.name}"
        if self.set_aside is not None:
            text += f"；{self.set_aside}"
        return text + (f"。{self.dropped_said()}" if self.dropped.get("discarded") else "")

    def dropped_said(self) -> str:
        """What the restore took out, by kind, with the payments' warning ("" nothing)."""
        from .restore_dropped import said

        return said(self.dropped) if self.dropped.get("discarded") else ""


class OtherRegistersBackup(BackupError):
    """The backup records another register's name than the one it would replace: refused
    unless asked for (``other_register``), the way to move a register to a new PC."""

    def __init__(self, backup: Path, register: Path, theirs: str) -> None:
        self.backup, self.register, self.theirs = backup, register, theirs
        super().__init__(
            f"备份 {backup.name} 是登记册 {theirs} 的备份，不是登记册 {register.name} 的：未恢复，"
            f"{register} 未作任何改动。如确要用 {theirs} 的备份替换 {register}（如换电脑后把旧电脑"
            "的登记册搬过来），请加 --other-register 再运行一次；替换前，当前登记册照常另存为一份"
            "“恢复前”备份")


def backup_of(backup: Path) -> str:
    """The name of the register ``backup`` was taken of, as its zip records it ("" for a
    plain one, which records none)."""
    return str(backup_file.read_meta(backup).get("register", "")) if backup_file.is_zip(backup) else ""


def check_own_backup(backup: Path, register: Path) -> None:
    """Refuse another register's backup (:class:`OtherRegistersBackup`) where it would
    replace a register: ``restore other-….zip --db register.db`` put another register's
    applications in its place without a word."""
    theirs = backup_of(backup)
    if (theirs and register.exists()
            and os.path.normcase(theirs) != os.path.normcase(register.name)):
        raise OtherRegistersBackup(backup, register, theirs)


def check_restorable(backup: Path, register: Path, *, other_register: bool = False) -> None:
    """Refuse a backup that cannot replace the register (damaged, no register, from a newer
    BoostDesk, the register itself, another register's unless ``other_register``), before
    anything is closed or replaced. A zip backup is checked as its extracted copy."""
    refuse_not_a_backup(backup)
    if not other_register:
        check_own_backup(backup, register)
    with _opened(backup, register) as copy:
        _check_restorable(copy, backup, register)


def refuse_not_a_backup(backup: Path) -> None:
    """A file that is plainly no backup (an Excel workbook …) refused, named as what it is."""
    from .foreign import not_a_backup

    refused = not_a_backup(backup)
    if refused is not None:
        raise BackupError(refused)


def newer_backup(backup: Path, version: int) -> BackupError:
    """The refusal of a backup a newer BoostDesk made (its register's ``version``)."""
    from boostdesk import __version__
    from boostdesk.models.schema import SCHEMA_VERSION

    return BackupError(
        f"备份 {backup.name} 来自更新版本的 BoostDesk（登记册格式 {version}；本版本 {__version__} "
        f"只能读登记册格式 {SCHEMA_VERSION} 及更早的）：不能用它恢复，登记册未作任何改动。"
        "请先把 BoostDesk 升级到新版本，再用它恢复")


@contextmanager
def _opened(backup: Path, register: Path) -> Iterator[Path]:
    """The backup as a plain SQLite file (a zip's copy extracted into the private backup
    folder, swept once an hour old if a kill leaves it); refusals as :class:`BackupError`."""
    try:
        folder = private_dir(backup_dir(register)) if backup_file.is_zip(backup) else None
        with backup_file.plain(backup, folder) as copy:
            yield copy
    except backup_file.NotABackup as exc:
        raise BackupError(f"{backup.name} 不是 BoostDesk 的备份：{exc}") from exc
    except OSError as exc:
        raise BackupError(f"无法读取备份 {backup.name}（{explain_os_error(exc)}）。登记册未被改动"
                          ) from exc
    except backup_file.unreadable() as exc:
        raise BackupError(f"备份文件 {backup.name} 已损坏（压缩文件无法解开：{exc}），"
                          "不能用来恢复。请选择另一份备份") from exc


def _check_restorable(copy: Path, backup: Path, register: Path) -> None:
    from boostdesk.models.schema import SCHEMA_VERSION

    report = check_integrity(copy)
    if not report.ok:
        raise BackupError(
            f"备份文件 {backup.name} 不能用来恢复：{report.summary}。请选择另一份备份"
        )
    if not is_register(copy):
        raise BackupError(f"{backup.name} 不是 BoostDesk 登记册，不能用来恢复")
    version = register_version(copy) or 0
    if version > SCHEMA_VERSION:
        raise newer_backup(backup, version)
    if register.exists() and backup.resolve() == register.resolve():
        raise BackupError("不能用登记册本身恢复登记册，请选择备份文件夹中的备份")


def restore(backup: str | Path, register: str | Path, operator: str = "系统", *,
            other_register: bool = False, set_aside: bool = False,
            undo_erasure: bool = True) -> RestoreResult:
    """Replace the register with ``backup``, after saving the current register as a backup.

    The caller must have closed its own connections to the register; another
    instance holding the register refuses the restore (:class:`RegisterBusy`). Another
    register's backup is refused (:class:`OtherRegistersBackup`) unless ``other_register``.
    A file in the register's place that is no register (a text, a table) is refused
    untouched, or with ``set_aside`` renamed beside it first (``gone.set_aside``).
    ``undo_erasure`` False: a backup holding people the register erased is refused, naming
    them (``erased_back``; the window asks instead).
    """
    from .foreign import not_a_register
    from .gone import aside_note, in_place_of_register, put_back
    from .gone import set_aside as rename_aside
    from .lock import acquire

    # (absolute: the audit trail names the file wherever it is read, as the CLI's did)
    backup, register = Path(backup).absolute(), register_file(register)
    refused = not_a_register(register)  # another program's database is not replaced either
    what = in_place_of_register(register) if refused is not None and set_aside else None
    if refused is not None and what is None:
        raise BackupError(refused.replace("；未打开，", "；未恢复，"))
    if what is None:
        from .rights import restore_refusal

        read_only = restore_refusal(register)  # every other write refuses it too
        if read_only is not None:
            raise BackupError(read_only)
    refuse_not_a_backup(backup)
    if not other_register:
        check_own_backup(backup, register)
    with _opened(backup, register) as source:
        _check_restorable(source, backup, register)
        if not undo_erasure:
            from .erased_back import (
                UNDO_OPTION,
                brought_back,
                erasure_after,
                lost_warning,
                warning,
            )

            erased = brought_back(source, register)
            if erased:
                raise BackupError(f"{warning(erased)}。确认要恢复，请加 {UNDO_OPTION}。"
                                  "登记册未被改动")
            when = erasure_after(backup, register)  # (the register lost: its trail too)
            if when is not None:
                raise BackupError(f"{lost_warning(when)}。确认要恢复，请加 {UNDO_OPTION}。"
                                  "登记册未被改动")
        with acquire(register, operator):
            aside = rename_aside(register) if what is not None else None
            try:
                safety, taken = _replace_register(source, backup, register, operator)
            except BaseException:
                if aside is not None:
                    put_back(aside, register)
                raise
    return RestoreResult(backup, register, safety,
                         aside_note(what, aside) if what is not None and aside else None, taken)


def _folder_refused(exc: BaseException) -> bool:
    """The copy's temporary file could not be made: the folder refuses this account (or
    is on a read-only disk)."""
    import errno

    from .rights import refused

    return refused(exc) or (isinstance(exc, OSError) and exc.errno == errno.EROFS)


def _replace_register(source: Path, backup: Path, register: Path,
                      operator: str) -> tuple[BackupInfo | None, dict[str, Any]]:
    """The register replaced by a copy of ``source`` (``backup`` itself, or its zip's copy
    extracted), after the current one is saved as a backup; the saved one, and what the
    restore took out (``restore_dropped.dropped``)."""
    tmp = register.parent / f".{register.name}.restore.{os.getpid()}.tmp"
    try:
        copy_database(source, tmp)
    except (sqlite3.Error, OSError) as exc:
        _unlink_quietly(tmp)
        if _folder_refused(exc):  # (not "[Errno 13] … .register.db.restore.N.tmp")
            raise BackupError(f"无法恢复：登记册所在文件夹 {register.parent} 不能写入（恢复要先在其中"
                              "写入新的登记册文件）。请让 IT 人员给当前账户这个文件夹的写入权限"
                              "。登记册未被改动") from exc
        raise BackupError(f"无法复制备份 {backup.name}：{explain_sqlite(exc)}。登记册未被改动"
                          ) from exc
    except BaseException:  # Ctrl+C: the register untouched, no copy left beside it
        _unlink_quietly(tmp)
        raise
    try:
        safety = _save_current(register, backup)
        lost, taken = _audit_restore(tmp, operator, backup, safety, register)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    _checkpoint(register)
    try:
        # Never leave the old -wal beside the new file: SQLite would replay it into it.
        for suffix in ("-wal", "-shm", "-journal"):
            companion = Path(f"{register}{suffix}")
            if companion.exists():
                companion.unlink()
        _replace(tmp, register)
        _fsync_dir(register.parent)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise BackupError(
            f"无法替换登记册（{explain_os_error(exc)}）：它可能仍被其他 BoostDesk 窗口（包括只读窗口）"
            "打开，请全部关闭后再恢复"
            + (f"。恢复前的登记册已另存为 {safety.path}" if safety else "")
        ) from exc
    make_private(register)
    if lost is not None:  # acknowledged in the restored register's trail
        lost_changes.clear(register)
        if lost.last_id > lost.had_id:  # some of them are not back: still said
            lost_changes.keep(register, lost)
    return safety, taken


def _checkpoint(register: Path) -> None:
    """Bring what the -wal holds into the register file before the -wal is removed: a
    window killed earlier leaves its last commits there, and a restore killed between the
    removal and the rename would leave the register without them (or, a checkpoint cut
    short, damaged)."""
    try:
        conn = sqlite3.connect(register, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except SQLITE_FAILURES:
        pass  # a damaged register: kept as a backup above, replaced as before


def _audit_restore(copy: Path, operator: str, backup: Path, safety: BackupInfo | None,
                   register: Path) -> tuple[lost_changes.LostChanges | None, dict[str, Any]]:
    """The restore in the restored register's own audit trail, written into the copy before
    it replaces the register: who, when, from which file, and where the register it
    replaced was kept. Changes lost (a -wal deleted) the backup holds are acknowledged by
    it; returned, what stays lost (last_id == had_id: nothing), for the mark to be
    rewritten once the copy is in place. A backup holding none of them (the start-up
    backup of the register already lacking them) acknowledges nothing: None. With it, what
    the restore took out (``restore_dropped.dropped``; {} none)."""
    conn = sqlite3.connect(copy)
    try:
        # counted in the register still in place: what ``safety`` holds, unzipped
        before = ({"file": str(safety.path.absolute()), **dropped(conn, register)}
                  if safety is not None else None)
        lost = lost_changes.pending(register)  # told of changes lost: a restore may answer
        held = lost.held_by(conn) if lost is not None else None
        with conn:
            audit_register_line(conn, operator, "restore", before, {"file": str(backup)})
            if lost is not None and held is not None:
                back = replace(lost, last_id=held[0], last_at=held[1])
                audit_register_line(conn, operator, lost_changes.ACTION, back.audit_before(),
                                    {"how": f"从备份恢复（{backup.name}）"})
        taken = {k: v for k, v in (before or {}).items() if k != "file"}
        if lost is None or held is None:
            return None, taken
        # what the backup did not bring back: lost after its last lost line
        return replace(lost, had_id=held[0], had_at=held[1]), taken
    except sqlite3.Error as exc:
        raise BackupError(f"无法在恢复的登记册中记下这次恢复：{explain_sqlite(exc)}。登记册未被改动"
                          + (f"（恢复前的登记册已另存为 {safety.path.name}）" if safety else "")
                          ) from exc
    finally:
        conn.close()  # the last connection: its -wal is checkpointed and removed


def audit_register_line(conn: sqlite3.Connection, operator: str, action: str,
                        before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    """A line about the whole register (a restore, a copy taken out) in its audit trail,
    in SQL any schema takes: one an older BoostDesk left has no computer column yet
    (migration 12), and is written as it is, not upgraded (audit_events has had the
    other columns since the first schema)."""
    from .lock import host_name

    computer = ", computer" if any(r[1] == "computer" for r in conn.execute(
        "PRAGMA table_info(audit_events)")) else ""
    from boostdesk.models import audit_chain

    lines_before = audit_chain.last_id(conn)
    conn.execute(
        "INSERT INTO audit_events (at, operator, action, entity, entity_id, before,"
        f" after{computer}) VALUES (?, ?, ?, 'register', NULL, ?, ?{', ?' if computer else ''})",
        (datetime.now().isoformat(timespec="seconds"), operator, action,
         json.dumps(before, ensure_ascii=False) if before else None,
         json.dumps(after, ensure_ascii=False), *((host_name(),) if computer else ())))
    if audit_chain.has_chain(conn):  # (migration 30) sealed as the program's other lines
        audit_chain.seal(conn, lines_before)


def _save_current(register: Path, backup: Path) -> BackupInfo | None:
    if not register.exists() or emptied(register):  # nothing in it to keep
        return None
    if check_integrity(register, quick=True, closed=lock_held(register)).ok:
        return backup_register(register, "restore", prune_old=False, restoring=backup)
    with one_at_a_time(register, "damaged"):  # (numbered after a backup under way)
        return _save_damaged(register)


def _save_damaged(register: Path) -> BackupInfo:
    """A damaged register cannot go through the backup API: its files zipped as they are."""
    folder = private_dir(backup_dir(register))
    now = datetime.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    target = _free_name(folder, register.stem, now, "damaged")
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    member = backup_file.member_name(target)
    wal = Path(f"{register}-wal")
    files = [(register, member), *([(wal, f"{member}-wal")] if wal.exists() else [])]
    seq = 1 + max((b.seq for b in list_backups(register)), default=0)
    try:
        backup_file.write_zip(files, tmp, {
            "seq": seq, "made": now.isoformat(timespec="milliseconds"), "reason": "damaged",
            "register": register.name, "bytes": register.stat().st_size})
        _replace(tmp, target)
    except backup_file.unreadable() as exc:
        _unlink_quietly(tmp)
        why = explain_os_error(exc) if isinstance(exc, OSError) else str(exc)
        raise BackupError(
            f"无法另存损坏的登记册（{why}），为免丢失未恢复。请检查磁盘空间"
        ) from exc
    except BaseException:  # (Ctrl+C, a bug): no hidden half-written zip left in backups/
        _unlink_quietly(tmp)
        raise
    make_private(target)
    return BackupInfo(target, now, "damaged", target.stat().st_size, seq)


def backup_before_upgrade(register: Path) -> BackupInfo | None:
    """The register as an older BoostDesk left it, backed up before this one upgrades its
    schema (a migration rewrites tables); None when there is nothing to upgrade."""
    from boostdesk.models.schema import SCHEMA_VERSION

    version = register_version(register)  # None: not a register at all, opening it says so
    if version is None or not 0 < version < SCHEMA_VERSION:
        return None
    try:
        # One kept per content: each 取消升级 or failed upgrade took another of the same
        # register never rotated away (38.8 MB at 100,000 papers, IT's tester, stop 47);
        # one of a register changed since (by the older release meanwhile) is taken anew.
        return backup_register(register, "upgrade", reuse=True)
    except BackupError as exc:
        raise BackupError(f"登记册需要升级到新版本，升级前的备份未能写入：{exc}。"
                          "为免升级出错时无法找回，未升级也未打开登记册") from exc
