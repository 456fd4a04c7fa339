"""文件 → 立即备份 and 备份到…: what ``boostdesk backup`` and ``backup --out FILE`` do, in
the window (on Windows the command line is boostdesk-cli.exe, which a clerk never opens).

Both run ``safety.backup.backup_register`` off the UI thread behind a progress dialog with
取消 (seconds on a large register, a minute onto a slow USB stick; a cancel leaves no file),
then say where the backup went and how big it is. 立即备份 writes a zip into the
register's backups/ folder, rotated with the others; 备份到… a copy to a file chosen
anywhere — the backups' own zip (with 数据说明.md) by default, or a plain SQLite copy
(.db), as ``backup --out FILE.zip`` / ``FILE.db`` write them — recorded in the audit trail
(who, when, where to: it carries every full ID and card number), as ``backup --out`` does;
a file there the save dialog asked to replace is replaced as ``--replace`` does (the new
copy written and checked beside it first) when it is this register's backup; another
register or its backup is refused, said, and the save dialog asked again. A read-only window backs up as the
command line does on a register another BoostDesk holds: the copy is made, and said
unrecorded. 立即备份 clicked while the start-up backup is being made (the window's first
seconds) says so and waits for it, then makes its own (``safety.one_backup``); its 取消
still works meanwhile. Also the words the start-up backup's failure and a restore's end
are said in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import dialogs
from .export_folder import BACKUP_FOLDER_KEY, export_start, remember_export

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from boostdesk.safety.backup import RestoreResult

    from .context import AppContext, LongTask

BACKUP_NOW = "“文件”→“立即备份”"
BACKUP_TO = "“文件”→“备份到…”"
_UNCHANGED = "登记册未被改动"  # how the domain's refusals end
BACKING_UP = "正在备份登记册…"
BACKUP_JOB = "备份登记册"  # the close question's name for it
# What the close question says a cancelled backup leaves (backup_register writes beside the
# file and renames it in whole: a cancel leaves no piece of a backup)
CANCEL_LEAVES = "取消备份不会留下不完整的备份文件，登记册本身不受影响；只是这次没有备份。"


def _register_to_back_up(window: QWidget, ctx: AppContext) -> Path | None:
    """The register's file, or None when a backup cannot start now (said why): while
    other work runs (an import writing, a restore replacing the register), or in memory."""
    if ctx.busy:
        dialogs.show_error(window, "不能备份", "后台任务仍在进行，请等它完成后再备份")
        return None
    if ctx.reg.path is None:
        dialogs.show_error(window, "不能备份", "内存中的登记册没有文件，不能备份")
        return None
    return Path(ctx.reg.path)


def _failed(window: QWidget, ctx: AppContext, *, elsewhere: bool) -> Any:
    """A backup failed, said; ``elsewhere``: into backups/, a USB stick may take it (a full
    disk, a read-only share). A cancel is only noted in the status bar."""
    def failed(exc: BaseException) -> None:
        from boostdesk.safety.backup import BackupError

        from .context import error_text, is_cancellation

        if is_cancellation(exc):  # 取消: nothing written
            ctx.notice.emit(error_text(exc))
            return
        said = error_text(exc)
        if elsewhere and isinstance(exc, BackupError):
            said = f"{said.rstrip('。')}。可用{BACKUP_TO}把它备份到另一个磁盘（如 U 盘）"
        ctx.when_free(lambda: dialogs.show_error(window, "备份失败", said))
    return failed


def backup_now(window: QWidget, ctx: AppContext) -> LongTask | None:
    """文件 → 立即备份: a backup into backups/ as ``boostdesk backup`` takes it."""
    from boostdesk.safety.backup import backup_dir, backup_register, register_file, size_text
    from boostdesk.safety.files import DISK_FULL, disk_full
    from boostdesk.safety.one_backup import in_progress

    path = _register_to_back_up(window, ctx)
    if path is None:
        return None
    if disk_full(path):  # backups/ is on the same disk (`boostdesk backup` refuses it so)
        dialogs.show_error(
            window, "不能备份",
            f"无法备份到备份文件夹 {backup_dir(path)}：{DISK_FULL}。登记册本身未受影响；"
            f"可用{BACKUP_TO}把它备份到另一个磁盘（如 U 盘）")
        return None

    waiting = in_progress(register_file(path))  # the start-up backup, in the first seconds
    made: list[LongTask] = []  # this backup's task, once started

    def work(progress: Any, cancelled: Any) -> Any:
        copying = waiting is None

        def step(done: int, total: int) -> None:
            nonlocal copying
            if not copying and made:  # the wait is over: the dialog says it copies now
                copying = True
                made[0].said.emit(BACKING_UP)
            progress(done, total)

        return backup_register(path, "manual", progress=step, cancelled=cancelled)

    def done(info: Any) -> None:
        # not beside the close question asked meanwhile, nor once the window chose to close
        ctx.when_free(lambda: dialogs.show_info(
            window, "已备份", f"已备份到 {info.path}（{size_text(info.size)}）"))

    task = ctx.run_long(BACKING_UP if waiting is None else waiting_text(waiting), work, done,
                        _failed(window, ctx, elsewhere=True), parent=window,
                        at_once=waiting is not None, job=BACKUP_JOB,
                        cancel_note=CANCEL_LEAVES)
    made.append(task)
    return task


def waiting_text(reason: str) -> str:
    """立即备份's progress dialog while the backup ``reason`` (``"start"``…) of the same
    register is being made: it waits for it, then makes its own (a copy of what has been
    saved since, numbered after it)."""
    from boostdesk.safety.backup import REASONS

    what = {"start": "启动时的自动备份", "manual": "另一次备份"}.get(
        reason, f"{REASONS.get(reason, '')}的自动备份")
    return f"{what}正在进行，它完成后接着做这次备份…\n按“取消”则不做这次备份"


ZIP_FILTER = "备份压缩文件，可用来恢复 (*.zip)"  # first: the default, as backups/ keeps them
DB_FILTER = "登记册副本，未压缩 (*.db)"
BACKUP_FILTERS = (ZIP_FILTER, DB_FILTER, "所有文件 (*)")


def _chosen_target(window: QWidget, register: Path, out: str, chosen: str
                   ) -> Path | str | None:
    """The file 备份到… writes: the name as typed when it ends .zip or .db, else with the
    chosen filter's extension (zip unless 登记册副本 was chosen); or why it may not be
    replaced (another register, in use or its backup; another program's file: the save
    dialog asked 替换? of any file). An existing file under that added extension was not
    the one the dialog asked about: asked here (None: no)."""
    from boostdesk.paths import with_extension
    from boostdesk.safety.backup import overwrite_refused
    from boostdesk.safety.backup_file import LEGACY_SUFFIX, SUFFIX

    typed = Path(out)
    added = typed.suffix.lower() not in (SUFFIX, LEGACY_SUFFIX)
    target = with_extension(typed, LEGACY_SUFFIX if "*.db" in chosen else SUFFIX) if added else typed
    refused = overwrite_refused(register, target, replace=True)
    if refused is not None:
        return refused
    if added and target.exists() and not dialogs.ask_yes_no(
            window, "备份到", f"{target} 已存在，要用这次的备份替换它吗？", yes="替换", no="取消"):
        return None
    return target


def backup_to(window: QWidget, ctx: AppContext, out: str | None = None) -> LongTask | None:
    """文件 → 备份到…: a copy to a file chosen anywhere (a USB stick), as ``backup --out
    FILE`` writes it — the backups' zip, or a plain SQLite copy (.db) when that filter or
    name is chosen —: a folder not there refused, the copy audited; a backup the save
    dialog asked to replace replaced whole, as ``backup --out FILE --replace`` does."""
    from PySide6.QtWidgets import QFileDialog

    from boostdesk.safety.backup import backup_register, out_folder_missing, size_text
    from boostdesk.safety.backup_file import SUFFIX, member_name

    path = _register_to_back_up(window, ctx)
    if path is None:
        return None
    chosen, asking = ZIP_FILTER, out is None
    start = export_start(ctx.settings, f"{path.stem}-备份-{date.today():%Y%m%d}{SUFFIX}",
                         BACKUP_FOLDER_KEY)
    while True:
        if asking:
            out, chosen = QFileDialog.getSaveFileName(  # the stick unplugged: the documents folder
                window, "备份到", start, ";;".join(BACKUP_FILTERS), chosen or ZIP_FILTER)
        if not out:
            return None
        target = _chosen_target(window, path, out, chosen or "")
        if not isinstance(target, str):
            break
        # another register (or its backup) chosen: said, and another name asked for
        dialogs.show_error(window, "不能覆盖", target)
        if not asking:
            return None
        start = out
    if target is None:
        return None
    missing = out_folder_missing(target)
    if missing is not None:
        dialogs.show_error(window, "备份失败", missing)
        return None
    remember_export(ctx.settings, target, BACKUP_FOLDER_KEY)

    def work(reg: Any, progress: Any, cancelled: Any) -> tuple[Any, str]:
        audited = not getattr(reg, "read_only", False)  # another BoostDesk writes it; a full disk

        def audit(to: Path, size: int) -> None:
            # before the copy is renamed in (all-or-nothing: no copy the trail does not
            # name), so a failure here leaves the file it was to replace untouched
            with reg.transaction():
                reg.audit("backup_out", "register", None, None,
                          {"to": str(to.parent.resolve() / to.name), "size": size})

        info = backup_register(path, "manual", out=target, progress=progress,
                               cancelled=cancelled, replace=True,  # the dialog asked
                               written=audit if audited else None)
        if audited:
            return info, ""
        from boostdesk.safety.copies_aside import note, unrecorded

        noted = note(path, "backup_out", "register",
                     {"to": str(info.path.parent.resolve() / info.path.name),
                      "size": info.size}, reg.operator)
        return info, unrecorded(noted, path)

    def done(value: tuple[Any, str]) -> None:
        info, aside = value
        kept = ("已记入修改记录（谁、何时、存到哪里）" if not aside else
                f"登记册以只读方式打开，这份备份未能记入修改记录，{aside}")
        what = (f"这份备份是压缩文件（内有登记册副本 {member_name(info.path)} 和数据说明.md，"
                "可用“文件”→“从备份恢复…”选它恢复）"
                if info.path.suffix.lower() == SUFFIX else "这份副本是未压缩的登记册文件")
        ctx.when_free(lambda: dialogs.show_info(
            window, "已备份",
            f"已备份到 {info.path}（{size_text(info.size)}）。\n{what}，"
            f"含完整的身份证号和银行卡号，请妥善保管；{kept}。"))

    return ctx.run_long(BACKING_UP, work, done, _failed(window, ctx, elsewhere=False),
                        with_register=True, parent=window, job=BACKUP_JOB,
                        cancel_note=CANCEL_LEAVES)


def start_backup_failed(reason: str, *, retry: bool = True) -> str:
    """What the window says when its start-up backup failed (``reason``: the error as
    said). It said 登记册未被改动。登记册未受影响, and to run ``boostdesk backup`` on
    the command line, which is boostdesk-cli.exe on Windows. Not ``retry`` (the backup
    folder refused, ``NoBackupFolder``): 立即备份 would fail alike until it is put right."""
    reason = reason.rstrip("。")
    reason = reason.removesuffix(_UNCHANGED).rstrip("。；，")
    if not retry:
        return (f"启动时自动备份失败：{reason}。\n登记册本身未受影响。在此之前，可用{BACKUP_TO}"
                f"把它备份到另一个文件夹或磁盘（如 U 盘）；处理好之后再用{BACKUP_NOW}")
    return (f"启动时自动备份失败：{reason}。\n登记册本身未受影响。可用{BACKUP_NOW}再备份一次，"
            f"或用{BACKUP_TO}把它备份到另一个磁盘（如 U 盘）")


def restored_notice(result: RestoreResult) -> str:
    """The status bar's line after a restore: the two backups by name (the register is in
    the title, the full paths in the audit trail), short enough to be read."""
    text = f"已用备份 {result.restored_from.name} 恢复登记册"
    if result.safety_copy is not None:
        text += f"；恢复前的登记册另存为 {result.safety_copy.path.name}"
    return text
