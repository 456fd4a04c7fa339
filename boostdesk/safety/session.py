"""Opening the register the safe way: check, lock, back up, warn.

:func:`open_register` is what the application and the command line call
instead of ``Register.open``:

0. a file that is no register (a table, a backup .zip, another program's SQLite
   database, a register's lock or -wal file) is refused untouched (``foreign.py``);
1. a register on a network share is warned about;
2. ``PRAGMA integrity_check``: a damaged register is not opened; the error
   names the last good backup and how to restore it;
3. the write lock: when another instance holds it, the register opens
   read-only and the result says who has it (operator, host, pid, since);
4. the file is made readable only by the user (POSIX);
5. a register an older BoostDesk left is backed up before its schema is upgraded;
6. a register changed later than this computer's clock says it is now: its clock is
   behind (``clock.py``);
7. a backup at start (``start_backup``; the command line skips it, the application
   asks for ``integrity="quick"`` and takes it itself once its window shows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk import __version__
from boostdesk.errors import UserError
from boostdesk.models import Register, RegisterError
from boostdesk.models.register import UpgradeCancelled
from boostdesk.models.schema import LAST_RELEASE, SCHEMA_VERSION
from boostdesk.paths import REGISTER_FILE, chosen_data_dir, missing_data_dir
from boostdesk.program_name import hint_named
from boostdesk.said_where import aside, way

from .backup import (
    EMPTIED,
    BackupError,
    BackupInfo,
    RestoreResult,
    backup_before_upgrade,
    backup_register,
    check_restorable,
    emptied,
    last_good_backup,
    restore,
)
from .clock import clock_behind_message
from .copies_aside import fold as fold_copies
from .files import DISK_FULL, create_private, disk_full, make_private, network_share
from .foreign import not_a_register
from .integrity import (
    BackgroundCheck,
    IntegrityReport,
    check_integrity,
    connect_read_only,
    register_version,
)
from .lock import (
    LockInfo,
    RegisterBusy,
    RegisterLock,
    RegisterNotWritable,
    acquire,
    left_record,
    note_last_commit,
)
from .lost_changes import NO_START_BACKUP, LostChanges, find_backup, pending
from .lost_changes import keep as keep_lost
from .privacy import install_log_masking
from .rights import refuse_read_only_register
from .upgrade_notice import backed_up, kept_after_stop, upgrade_steps, upgraded_message
from .upgrade_papers import upgraded_papers


class RegisterDamaged(RegisterError, UserError):
    """``integrity_check`` failed: the register is not opened."""

    def __init__(self, path: Path, report: IntegrityReport, last_good: BackupInfo | None) -> None:
        self.path = path
        self.report = report
        self.last_good = last_good
        super().__init__(damaged_message(path, report, last_good))


class NotARegister(RegisterError, UserError):
    """The file is something else (a table, a backup, a text, another program's database,
    a register's lock or -wal file): refused untouched, said for what it is
    (``foreign.not_a_register``)."""


class DataFolderMissing(RegisterError, UserError):
    """The folder ``BOOSTDESK_DATA`` names is not there, nor its parent
    (``paths.missing_data_dir``): no register is made."""


class RegisterUnreadable(RegisterError, UserError):
    """The file is there but this account may not read it: not damaged, not opened."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"没有读取权限，无法打开登记册 {path}：它可能属于电脑上的另一个账户（在 Linux 上，"
            "BoostDesk 让登记册只有打开过它的账户能读写）。文件本身未受影响；请用那个账户打开，"
            "或请管理员调整文件权限"
        )


def _unreadable(path: Path) -> bool:
    try:
        with path.open("rb"):
            return False
    except PermissionError:
        return True
    except OSError:
        return False  # missing or otherwise: the check says what


class RegisterReadOnly(RegisterError, UserError):
    """A write to a register another instance has open."""


def damaged_message(path: Path, report: IntegrityReport, last_good: BackupInfo | None) -> str:
    lines = [f"登记册 {path} 已损坏，为免数据进一步出错，未打开：{report.headline}。"]
    if last_good is not None:
        from .gone import offer_caveat, restore_line

        lines.append(f"最近一份完好的备份是 {last_good.describe()}：{last_good.path}")
        caveat, undo = offer_caveat(last_good, path)
        if caveat:
            lines.append(caveat)
        lines.append("恢复方法：" + way(
            "重新打开 BoostDesk，它会提出用这份备份“恢复并打开”",  # launch._offer_restore
            f"在命令行运行 {restore_line(last_good.path, path, undo)}")
            + "。恢复前，损坏的登记册会另存一份，不会丢失")
    else:
        wal = _wal_content(path)  # (an empty one holds nothing to send)
        lines.append(
            "没有找到完好的备份。请不要继续使用此文件：关闭 BoostDesk，把它"
            + (f"和同一文件夹中的 {path.name}-wal 一起" if wal else "") + "复制给技术人员"
        )
        if wal:  # a copy taken while the register was open, whose original may be sound:
            # its place is not known here, and a command naming this file is refused
            # (备份它没有意义): the way is said in words, to be taken at the original
            lines.append(
                "如这是在登记册打开时复制的副本，原登记册本身可能完好：请到原登记册所在的电脑或"
                "文件夹，从原登记册另做一份副本" + way(
                    "（在那里打开它，用“文件”→“备份到…”）",
                    "（在那里运行备份命令，加 --out 文件名，--db 写原登记册的位置）"))
    return "\n".join(lines)


def _wal_content(path: Path) -> bool:
    """A -wal with commits beside it, to send with it (an empty one holds nothing)."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


class _ReadOnlyConnection(sqlite3.Connection):
    """Turns SQLite's "attempt to write a readonly database" into RegisterReadOnly,
    for writes that do not go through ``Register.transaction`` (a bare audit row)."""

    message = "登记册只读，不能保存修改"

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                raise RegisterReadOnly(self.message) from exc
            raise

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        try:
            return super().executemany(*args, **kwargs)
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                raise RegisterReadOnly(self.message) from exc
            raise


class LockedRegister(Register):
    """A register this instance holds the write lock of; closing it gives the lock back."""

    read_only = False
    lock: RegisterLock | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None


def lost_commits(reg: Register, lock: RegisterLock) -> bool:
    """Whether the register lacks the last audit line its previous holder, which never
    closed it (killed, crashed, power cut), noted as committed: the commits since the last
    checkpoint were in the ``-wal`` file, deleted (or not copied along) since, and SQLite
    opens the file without them, silently. Found once per lock taken (the lock file's note
    is then written over), so the finding is kept beside the register
    (``lost_changes.keep``), said by every opening until a person acknowledges it."""
    left, lock.left_last = lock.left_last, None
    if left is None or lock.left_by is None or not lock.enforced or reg.path is None:
        return False  # (no lock here: the note may be another live writer's)
    lost = _lacks(reg.conn, lock.left_by, left, lock.left_what, lock.info)
    if lost is None:
        return False
    keep_lost(reg.path, lost)
    return True


def _lacks(conn: sqlite3.Connection, left_by: LockInfo, left: tuple[int, str], what: str,
           me: LockInfo) -> LostChanges | None:
    """The loss, when the register ``conn`` lacks the line ``left`` its holder noted."""
    audit_id, at = left
    try:
        found = conn.execute("SELECT at FROM audit_events WHERE id = ?", (audit_id,)).fetchone()
        had = conn.execute("SELECT id, at FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    if found is not None and str(found[0]).strip() == at:
        return None
    return LostChanges(
        left_by=left_by, last_id=audit_id, last_at=at, last_what=what,
        had_id=int(had[0]) if had else 0, had_at=str(had[1]) if had else "",
        found_at=datetime.now().isoformat(timespec="seconds"),
        found_by=f"{me.operator}（{hint_named(me.program) or '窗口'}）")


def lost_read_only(path: Path, reg: Register) -> LostChanges | None:
    """A read-only opening's look at the lock file's note (read, never written: emptied,
    the loss went unsaid for good): a loss it shows is kept beside the register when the
    folder allows; else it is returned to be said by this opening (the next finds it
    again, the lock file left as it was)."""
    record = left_record(path)
    if record is None:
        return None
    left_by, left, what = record
    from .lock import _program, host_name

    me = LockInfo(reg.operator, host_name(), 0, "", _program)
    lost = _lacks(reg.conn, left_by, left, what, me)
    if lost is None or keep_lost(path, lost):
        return None  # (kept: said from the mark, as any pending loss)
    return lost


def said_lost(path: Path, warnings: list[str], reg: Register | None = None) -> LostChanges | None:
    """The unacknowledged loss kept beside ``path``, put first among ``warnings``, with the
    backup that holds its changes looked up now. ``reg``: a read-only opening's register,
    whose lock file's note is read for a loss not yet found (:func:`lost_read_only`)."""
    found = lost_read_only(path, reg) if reg is not None else None
    lost = pending(path)
    kept = lost is not None
    lost = lost or found
    if lost is not None:
        warnings.insert(0, lost.message(path.name, find_backup(path, lost), kept=kept))
    return lost


class ReadOnlyRegister(Register):
    """A register another instance is writing: reads work, every write is refused."""

    read_only = True
    holder: LockInfo | None = None
    reason = ""  # why, when it is not another instance's (a folder this user cannot write)
    cause = ""  # that reason in a few words, as a line's start (a full disk)

    @property
    def why(self) -> str:
        """Why it is read-only, in a few words ("登记册正由 … 打开"): `check` said 登记册正由他人
        打开 of a register in a read-only folder, nobody having it open."""
        if self.cause:
            return self.cause
        return f"登记册正由 {self.holder.describe() if self.holder else '另一个 BoostDesk '}打开"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise RegisterReadOnly(self.read_only_message)
        yield  # pragma: no cover - makes this a generator

    @property
    def read_only_message(self) -> str:
        if self.reason:
            return self.reason
        who = self.holder.describe() if self.holder else "另一个 BoostDesk "  # (its "）"打开)
        text = f"登记册正由 {who}打开，现为只读，不能保存修改。请等对方关闭 BoostDesk 后再修改"
        return text + (long_held(self.holder) if self.holder else "")


LONG_HELD_HOURS = 8  # past a working day: the holder has likely left it open


def long_held(holder: LockInfo, now: datetime | None = None) -> str:
    """A holder open since yesterday: said (she may have forgotten), and what can be done
    here meanwhile besides waiting or going to her computer ("" for a shorter hold)."""
    try:
        since = datetime.fromisoformat(holder.since)
    except ValueError:
        return ""
    hours = int(((now or datetime.now()) - since).total_seconds() // 3600)
    if hours < LONG_HELD_HOURS:
        return ""
    return (f"。对方已连续打开 {hours} 小时，可能忘记关闭：可请对方关闭，或到那台电脑（{holder.host}）"
            "上关闭 BoostDesk；等待期间这里仍可查看、打印遮蔽副本、统计、"
            + way("备份到…", "boostdesk backup --out"))


@dataclass
class OpenedRegister:
    reg: Register
    read_only: bool = False
    holder: LockInfo | None = None  # who has the register when this one is read-only
    warnings: list[str] = field(default_factory=list)
    start_backup: BackupInfo | None = None
    upgraded: str | None = None  # what the upgrade of an older register did (also a warning)
    lost: LostChanges | None = None  # changes lost, unacknowledged (also the first warning)


def open_register(
    path: str | Path, operator: str, *, start_backup: bool = True, read_only_if_busy: bool = True,
    integrity: str | BackgroundCheck = "full", said: Callable[[str], object] | None = None,
    cancelled: Callable[[], bool] | None = None, new_register: bool = False,
) -> OpenedRegister:
    """Open ``path`` for ``operator`` with every safeguard (see the module docstring).

    A register not there whose backups are (lost: quarantined, renamed by a sync, moved)
    raises :class:`~.gone.RegisterMissing` unless ``new_register`` asks for an empty one.

    Raises :class:`NotARegister` when the file is something
    else (before anything opens, locks or backs it up), :class:`RegisterDamaged` when the
    file fails its check,
    :class:`RegisterBusy` when another instance has it and ``read_only_if_busy``
    is false. ``integrity`` is ``"full"``, ``"quick"``, ``"none"``, or a
    :class:`BackgroundCheck` of ``path`` started earlier, whose report is awaited here.
    The upgrade of a register an older BoostDesk left (seconds at 60,000 applications)
    tells ``said`` each of its steps (:func:`upgrade_steps`); ``cancelled()`` turning
    true stops it, the register left as it was (:class:`UpgradeCancelled`).
    """
    # The file itself, not a link to it: its lock, backups and name are the file's, so a
    # link cannot open it beside its holder.
    path = Path(path).resolve() if Path(path).is_symlink() else Path(path)
    refused = not_a_register(path)  # another program's database never gets the register's tables
    if refused is not None:
        raise NotARegister(refused)
    missing = missing_data_dir(path)  # a USB stick not plugged in: no register made locally
    if missing is not None:
        raise DataFolderMissing(missing)
    if not new_register:
        from .gone import RegisterMissing, missing_backups

        gone = missing_backups(path)  # (nothing read unless the file is not there)
        if gone is not None:
            raise RegisterMissing(path, *gone)
    install_log_masking()
    warnings: list[str] = []
    share = network_share(path)
    if share is not None:
        warnings.append(share.warning)
    if isinstance(integrity, BackgroundCheck):
        report: IntegrityReport | None = integrity.report() if path.exists() else None
    elif path.exists() and integrity != "none":
        report = check_integrity(path, quick=integrity == "quick")
    else:
        report = None
    if report is not None and not report.ok:
        if path.is_dir():  # a folder named for the file in it: not damage either
            raise RegisterError(f"{path} 是文件夹，不是登记册文件：请写出登记册文件本身，"
                                f"如 {path / REGISTER_FILE}")
        if _unreadable(path):  # SQLite says only "unable to open": not damage
            raise RegisterUnreadable(path)
        if disk_full(path):  # SQLite says "disk I/O error": not damage either
            raise RegisterError(f"无法打开登记册 {path}：{DISK_FULL}。登记册本身未受影响")
        raise RegisterDamaged(path, report, last_good_backup(path))
    if emptied(path):
        raise RegisterDamaged(path, IntegrityReport(path, False, [EMPTIED]),
                              last_good_backup(path))
    if path.is_file() and disk_full(path):
        # Opened for writing, SQLite cannot make its -shm and -wal: every command failed
        # and nothing could even be copied off to a USB stick. Read as it is instead.
        if not read_only_if_busy:
            raise RegisterError(f"无法以可修改方式打开登记册 {path}：{DISK_FULL}")
        ro = open_read_only(path, operator, None, reason=full_read_only(), cause=FULL_CAUSE)
        warnings.insert(0, ro.read_only_message)
        return OpenedRegister(ro, True, None, warnings, lost=said_lost(path, warnings, ro))
    new_folder = _new_folder(path)
    try:
        lock = acquire(path, operator)
        refuse_read_only_register(path, lock)  # SQLite opened it read-only, unsaid
    except RegisterBusy as busy:
        if not read_only_if_busy:
            raise
        ro = open_read_only(path, operator, busy.holder)
        warnings.insert(0, ro.read_only_message)
        return OpenedRegister(ro, True, busy.holder, warnings, lost=said_lost(path, warnings))
    except RegisterNotWritable as cannot:
        if not read_only_if_busy or not path.is_file():
            raise
        ro = open_read_only(path, operator, None, reason=str(cannot),
                            cause=cannot.cause)
        warnings.insert(0, ro.read_only_message)
        return OpenedRegister(ro, True, None, warnings, lost=said_lost(path, warnings, ro))
    made = not path.exists()
    before_upgrade: BackupInfo | None = None
    try:
        if made:  # 0600 from its first byte; -wal and -shm inherit the mode
            create_private(path)
        # under the lock: no other instance upgrades it meanwhile
        old_version = register_version(path) or 0
        steps = upgrade_steps(old_version) if said is not None else None
        if said is not None and steps is not None:
            said(steps[0])
        before_upgrade = backup_before_upgrade(path)
        if before_upgrade is not None and cancelled is not None and cancelled():
            raise UpgradeCancelled(register_version(path) or 0)
        kept = {"kept": backed_up(before_upgrade)} if before_upgrade is not None else {}
        if said is not None and steps is not None and kept:
            said(steps[1].format(**kept))

        def recheck(reg: Register) -> None:
            if said is not None and steps is not None and kept:
                said(steps[2].format(**kept))
            _recheck_upgraded(reg)

        reg = LockedRegister.open(path, operator, after_upgrade=recheck, cancelled=cancelled)
    except BaseException as exc:
        _close_empty_wal(path)
        lock.release(give_back=True)  # a crashed holder's note stays for the next to read
        if before_upgrade is not None and (isinstance(exc, UpgradeCancelled)
                                           or type(exc) is RegisterError):
            # 取消升级, a failure: the backup kept named (the next upgrade takes no other)
            exc.args = (f"{exc}；{kept_after_stop(before_upgrade)}", *exc.args[1:])
        unwritable = _folder_read_only(path, exc) if read_only_if_busy else None
        if unwritable is None:
            raise
        # the lock file was there and writable (left by a writer before the folder was
        # made read-only: handed to an auditor), but SQLite cannot make its -wal and -shm
        # beside the register: read as the lock-less case is, not refused
        ro = open_read_only(path, operator, None, reason=str(unwritable),
                            cause=f"登记册所在文件夹 {path.parent} 不能写入")
        warnings.insert(0, ro.read_only_message)
        return OpenedRegister(ro, True, None, warnings, lost=said_lost(path, warnings, ro))
    reg.lock = lock
    lost = lost_commits(reg, lock)
    note_last_commit(reg.conn, lock)  # what it holds now (a restore's reopening: the backup's)
    make_private(path)
    folded_out = fold_copies(reg)[1]  # copies a read-only opening made meanwhile, into the trail
    if folded_out:
        from .copies_aside import SUFFIX, refused_said

        warnings.append(refused_said({"file": path.name + SUFFIX, "lines": folded_out})
                        + "，已在修改记录中记下")
    behind = clock_behind_message(reg)
    if behind is not None:  # before anything else is dated by it
        warnings.insert(0, behind)
    upgraded = None
    if before_upgrade is not None:  # the office's other computers learn it from the refusal
        from boostdesk.finance.payment_plan import catch_up_after_upgrade

        rests = catch_up_after_upgrade(reg)  # said now, not at each year's first reading
        upgraded = upgraded_message(before_upgrade, old_version, reg.upgrade_rows, rests,
                                    upgraded_papers(reg, old_version))
        warnings.append(upgraded)
    if not lock.enforced:
        warnings.append(
            "登记册所在位置不支持文件锁：无法阻止另一台电脑同时修改同一登记册，请只在一处打开它"
        )
    chosen = chosen_data_dir(path)
    if new_folder and chosen is not None:  # (only its last level: ``missing_data_dir``)
        warnings.append(f"环境变量 BOOSTDESK_DATA 所指的文件夹 {chosen} 原本不存在（或是空的），"
                        f"已在 {chosen.parent} 中新建它和其中的登记册。如 BOOSTDESK_DATA 应指向"
                        " U 盘或网络盘上已有的文件夹，请关闭 BoostDesk，确认它已接好后再打开")
    if not lost and lock.left_by is not None and lock.left_by.copied_to(path):
        warnings.append(copied_message(lock.left_by))  # its holder may well be alive
    elif not lost and lock.left_by is not None:  # (not "已保存的修改都在" when they are not)
        warnings.append(left_open_message(lock.left_by, lock.enforced,
                                          checked=report is not None and report.ok))
    opened = OpenedRegister(reg, False, None, warnings, upgraded=upgraded,
                            lost=said_lost(path, warnings))
    if start_backup and not made and opened.lost is None:
        # not of an empty one (its backup ranked above the real ones), nor of one lacking
        # changes not yet acknowledged (lost_changes.NO_START_BACKUP)
        try:
            opened.start_backup = backup_register(path, "start")
        except BackupError as exc:
            warnings.append(f"启动时自动备份失败：{exc}")
    elif start_backup and opened.lost is not None:  # after the loss's own warning
        warnings.insert(1, f"本次打开未自动备份：{NO_START_BACKUP}")
    return opened


def _folder_read_only(path: Path, exc: BaseException) -> RegisterNotWritable | None:
    """The opening's failure, when it is SQLite refusing to write beside a register that
    is there (its folder read-only, its lock file not): said as ``acquire`` says it."""
    import errno
    import os

    cause = exc.__cause__ if isinstance(exc, RegisterError) else exc
    if not (isinstance(cause, sqlite3.OperationalError) and "readonly" in str(cause)
            and path.is_file()):
        return None
    code = errno.EACCES
    try:
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            code = errno.EROFS
    except (OSError, AttributeError):  # (no statvfs on Windows)
        pass
    return RegisterNotWritable(path, OSError(code, os.strerror(code)))


def _new_folder(path: Path) -> bool:
    """Is the register's folder made for it now: not there, or holding only the log folder
    the window's start made in it a moment before (``logfile``), no register yet?"""
    if path.exists():
        return False
    try:
        return {p.name for p in path.parent.iterdir()} <= {"logs"}
    except OSError:
        return True  # not there (or not readable: acquire says which)


def _recheck_upgraded(reg: Register) -> None:
    """The verdicts an upgrade left stale, stored in its transaction (Register.open)."""
    from boostdesk import rules

    rules.recheck(reg)


def copied_message(left: LockInfo) -> str:
    """A lock file naming another register's place: the register and its lock file were
    copied (to a USB stick) while ``left`` had it open; not a crash, and not the original."""
    return (f"这是在 {left.operator} 打开登记册（原位置 {left.register}）时复制的副本："
            "其后在原登记册上的修改不在此副本中；如要继续工作，请回到原登记册，或确认以此副本为准")


def left_open_message(left: LockInfo, enforced: bool, checked: bool) -> str:
    """What the name a holder left in the lock file means to the one opening it now."""
    if not enforced:  # nothing says whether that holder has gone
        return (f"锁文件记录登记册曾由 {left.describe()}打开，且未记录关闭。此处不支持文件锁，"
                "无法确认对方是否仍在使用：如仍在使用，请不要同时修改，以免互相覆盖")
    head = (f"上次打开登记册的 {left.describe()}没有正常关闭（程序被强行结束、死机或断电）。"
            + ("登记册已检查，完好；" if checked else ""))
    if left.program.startswith(IMPORT_PROGRAM):  # a table is stored in one transaction
        return head + IMPORT_LEFT
    if left.command_line:  # no form, no draft: the command's own transaction
        return head + "已保存的修改都在，那次命令被中断时未完成的部分不在登记册中：请核对后重新运行该命令"
    return (head + "已保存的修改都在，当时未保存的不在登记册中（正在录入的新申报表，新建同类申报时"
            "会提示恢复）：请核对那时最后的录入")


# A killed `boostdesk import`: it was told of drafts to recover, as a killed window is,
# and not that the table it was importing was stored not at all (io/import_commit.py).
IMPORT_PROGRAM = "命令行 boostdesk import"
IMPORT_LEFT = ("那次导入被中断，正在导入的汇总表一行也没有存入（每份表要么整份存入，要么一行不存；"
               "一次导入多份表时，此前已导入完的几份不受影响）：请重新导入那份汇总表")


FULL_CAUSE = "登记册所在磁盘空间已满"


def full_read_only() -> str:
    return (f"{FULL_CAUSE}，本次只读打开：可以查看、导出、打印，也可以用“文件”→“备份到…”"
            + aside("backup --out") + "把它备份到另一个磁盘（如 U 盘），但不能保存修改。请腾出空间"
            "（删去不需要的文件，或把旧的备份移到别处）后重新打开")


def _close_empty_wal(path: Path) -> None:
    """An opening stopped before its register connection was made — the 升级前 backup
    refused (a full disk), 取消升级 — left beside the register the empty -wal and the -shm
    its integrity check's read-only connection made and cannot remove: a register the
    older release still opens, shown to IT with two files it had not had (IT's tester,
    stop 47). A connection that can write, closed, removes them as at every last close;
    SQLite keeps them while another program still has the register open. A -wal holding
    commits is left alone: its register's next opening reads them."""
    wal = Path(f"{path}-wal")
    try:
        if not path.is_file() or not wal.is_file() or wal.stat().st_size:
            return
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 1000")
            conn.execute("PRAGMA schema_version").fetchone()  # joins the WAL to let go of it
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        pass  # a read-only folder or a full disk: left as they are, harmless


def open_read_only(path: str | Path, operator: str, holder: LockInfo | None,
                   reason: str = "", cause: str = "", *, closed: bool = False
                   ) -> ReadOnlyRegister:
    """The register as another instance's reader: every write refused with who holds it
    (or ``reason``, when nobody does but it cannot be written here; ``cause``, that in a
    few words). ``closed``: the caller holds its write lock (read as it is, no -wal made:
    ``integrity.connect_read_only``)."""
    path = Path(path)
    try:
        conn = connect_read_only(path, factory=_ReadOnlyConnection, closed=closed)
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as exc:
        from boostdesk.models.register import explain_sqlite

        raise RegisterError(f"无法以只读方式打开登记册 {path}：{explain_sqlite(exc)}") from exc
    if version != SCHEMA_VERSION:  # its schema is read only once upgraded, which writes
        if version > SCHEMA_VERSION:
            from boostdesk.models.register import newer_format_refusal

            try:  # its trail names the release to install
                raise RegisterError(newer_format_refusal(conn, version))
            finally:
                conn.close()
        conn.close()
        if holder is None and cause == FULL_CAUSE:
            raise RegisterError(
                f"登记册 {path.name} 是旧版 BoostDesk 留下的（登记册格式 {version}），本程序要先把它"
                f"升级（写入）才能打开，而{FULL_CAUSE}：{DISK_FULL.partition('：')[2]}")
        if holder is None:
            from .rights import _folder_writable, refused_files, register_file_text

            files = refused_files(path)
            if files and _folder_writable(path.parent):
                # The file itself set read-only (chmod 444 by IT) in a folder that can be
                # written: the folder was blamed, and IT looked at the wrong thing.
                raise RegisterError(
                    f"登记册 {path.name} 是旧版 BoostDesk 留下的（登记册格式 {version}），本程序要先把它"
                    "升级（写入）才能打开，而" + register_file_text(
                        path, files, then="所以未升级也未打开，登记册未被改动",
                        again="再打开它一次（升级前自动备份），之后就能查看"))
            # nobody has it: its folder cannot be written (``reason``)
            raise RegisterError(
                f"登记册 {path.name} 是旧版 BoostDesk 留下的（登记册格式 {version}），本程序要先把它"
                f"升级（写入）才能打开，而所在文件夹 {path.parent} 不能写入。请在能写入这个"
                "文件夹的电脑或账户上用本程序打开它一次（升级前自动备份），之后这里就能查看")
        raise RegisterBusy(path, holder, old_release_busy(path, holder, version))
    reg = ReadOnlyRegister(conn, path, operator)
    reg.holder = holder
    reg.reason = reason
    reg.cause = cause
    conn.message = reg.read_only_message  # type: ignore[attr-defined]
    return reg


def old_release_busy(path: Path, holder: LockInfo, version: int) -> str:
    """Why a register of schema ``version`` an older BoostDesk holds cannot be read here:
    another BoostDesk is read beside its holder, but only once upgraded, which needs the
    writer's lock (a holder of this release upgrades it the moment it opens it)."""
    what = hint_named(holder.program) or "窗口"
    release = LAST_RELEASE.get(version)
    which = f"（{release}）" if release else " "
    return (f"登记册 {path.name} 由旧版 BoostDesk{which}的{what}打开"
            f"（{holder.operator}，电脑 {holder.host}）：本版本要先把它升级（需要独占），"
            f"请对方关闭 BoostDesk（并升级到 {__version__}）后再试")


def restore_and_reopen(
    reg: Register, backup: str | Path, operator: str | None = None, *,
    other_register: bool = False,
) -> tuple[RestoreResult, OpenedRegister]:
    """The 从备份恢复 of an open window: close ``reg``, restore ``backup``, open it again.

    The write lock is held throughout, so no other instance slips in between the
    close and the reopen. Use the returned register in place of ``reg`` (which is
    closed). Refused on a read-only register: its holder is writing it. A backup that
    cannot be restored is refused with ``reg`` left open; a restore failing once ``reg``
    is closed raises with ``reopened``, the register (as it was) opened again.
    """
    if getattr(reg, "read_only", False) or reg.path is None:
        raise RegisterReadOnly("只读打开或内存中的登记册不能恢复：请在持有登记册的那台电脑上恢复")
    path, operator = reg.path, operator or reg.operator
    # a backup refused (another register's, unless ``other_register``) leaves ``reg`` open
    check_restorable(Path(backup), path, other_register=other_register)
    lock = acquire(path, operator)
    try:
        reg.close()
        try:
            result = restore(backup, path, operator, other_register=other_register)
        except Exception as exc:
            # Refused half-way (a full disk): the register is as it was; open it again
            # for the caller to go on with (``exc.reopened``), still under the lock.
            exc.reopened = open_register(path, operator, start_backup=False)  # type: ignore[attr-defined]
            raise
        try:
            opened = open_register(path, operator, start_backup=False)
        except Exception as exc:  # the upgrade of an older backup meeting a full disk
            raise RestoredNotOpened(result, exc) from exc
    finally:
        lock.release()
    return result, opened


class RestoredNotOpened(RegisterError, UserError):
    """The backup replaced the register, which then could not be opened: said as done (it
    was said 恢复失败, the register believed as it had been)."""

    def __init__(self, result: RestoreResult, exc: Exception) -> None:
        self.result = result
        super().__init__(f"{result.describe()}。但恢复后的登记册未能打开：{exc}。"
                         "请处理后关闭 BoostDesk 再重新打开它")


def take_over(reg: Register, operator: str) -> OpenedRegister:
    """A read-only register whose holder has closed it, opened again for writing (checked
    first: the holder may have been killed mid-write). :class:`RegisterBusy` naming the
    holder when another instance has it (still, or again). ``reg`` is left open: the
    caller closes it once nothing reads from it any more."""
    if reg.path is None:
        raise RegisterReadOnly("内存中的登记册不能改为可修改")
    return open_register(reg.path, operator, start_backup=False, read_only_if_busy=False,
                         integrity="quick")
