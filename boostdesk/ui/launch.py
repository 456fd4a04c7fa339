"""``boostdesk gui``: from the command to the main window, as fast as it safely can.

The window shows before its register is open: navigation, menus and "checking and
opening the register". Right after its first paint the register's integrity check
starts, in a thread, at a lower CPU priority: SQLite runs it without Python's lock,
so while it reads the file on the other core this thread loads the modules the
register's opening and the screen in view need, a module a turn of the event loop
(the window stays live). It used to start before Qt was imported: beside the window's
imports and painting it slowed the first paint by ≈ 25 ms on two cores, and the
window then waited for it idle before importing those modules. Once the check has
reported, the register is opened as before: a damaged register is not opened. Then
the screen in view is built and the start-up backup taken.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from boostdesk.paths import default_register_path, missing_register_folder

if TYPE_CHECKING:  # started after the first paint (sqlite3, threading: not needed to show)
    from boostdesk.safety.integrity import BackgroundCheck

CHECK_POLL_MS = 10  # how often the shown window looks whether the check has ended
# What opening the register and showing it import, loaded while its check runs (with the
# module of the screen to be built; the last two, the register view's first rows and
# their detail): the window waited for the check idle, then imported them (≈ 100 ms).
# A name missing here is imported when needed, as before.
OPENING_MODULES = ("boostdesk.safety.foreign", "boostdesk.safety.session", "boostdesk.ui.context",
                   "boostdesk.safety.backup", "boostdesk.ui.queries", "boostdesk.award_holds",
                   "boostdesk.finance")
COMMAND_POLL_MS = 250  # how often a window starting looks whether a command has ended
COMMAND_WAIT_MS = 15_000  # then it opens read-only, offering the register once free
CANCEL_NOTE = "\n\n按“取消升级”则不升级：登记册保持原样，窗口关闭，下次打开时再升级。"


def run(db: str | Path | None = None, *,
        on_application: Callable[[Any], None] | None = None) -> int:
    """Show the main window, open the register (safely) into it, and run until it closes.

    ``on_application`` is called with the QApplication as soon as it exists (the start-up
    benchmark watches the first paint through it).
    """
    path = Path(db) if db else default_register_path()
    # No cyclic garbage collection until the window has painted: importing Qt and building
    # the window make many objects and no garbage to speak of, and the collector's passes
    # over them (≈ 4 ms) wait for the time the window then spends waiting for the check.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _show(path, chosen=bool(db), collecting=collecting,
                     on_application=on_application)
    finally:
        if collecting:
            gc.enable()


def _show(path: Path, *, chosen: bool, collecting: bool,
          on_application: Callable[[Any], None] | None) -> int:
    from PySide6.QtCore import QSettings

    from .app import ask_operator, make_application
    from .main_window import MainWindow

    app = make_application(first_window_only=True)  # the rest just after its first paint
    if on_application is not None:
        on_application(app)
    settings = QSettings()
    remembered = bool(str(settings.value("operator/name", "") or "").strip())
    operator = ask_operator(settings)
    if operator is None:
        return 1
    window = MainWindow(settings=settings, path=path)
    start = Opening(window, path, operator, new=not path.exists(), chosen=chosen,
                    remembered=remembered)
    if collecting:
        window.first_painted.connect(gc.enable)
    window.first_painted.connect(start.begin)
    window.show()
    try:
        code = app.exec()
    finally:
        start.close()
    return 1 if start.failed else code


class Opening:
    """The register opened into a window that is already shown.

    The window stays live while the check runs (seconds on a large register on a network
    share): it loads a module a turn (:data:`OPENING_MODULES`), then looks every
    ``CHECK_POLL_MS`` whether the check has ended instead of waiting for it, so it
    repaints, moves and can be closed meanwhile."""

    def __init__(self, window: Any, path: Path, operator: str, *, new: bool = False,
                 chosen: bool = False, remembered: bool = False) -> None:
        self.window = window
        self.path = path
        self.new = new  # no register there yet: opening makes an empty one
        self.chosen = chosen  # given as --db (it may be mistyped), not the user's own
        self.operator = operator
        # the name came from this computer's settings, not typed at this start: confirmed
        # at the day's first start, once the register is open (operator_check)
        self.remembered = remembered
        self.check: BackgroundCheck | None = None  # started after the first paint (begin)
        self.preparing: list[str] | None = None  # modules still to load while it runs
        self.ctx: Any = None
        self.backup: Any = None
        self.task: Any = None  # the LongTask opening the register (an upgrade, a restore)
        self.task_opened: Any = None  # its OpenedRegister, until this thread takes it
        self.failed = False
        self.waited = 0  # ms waited for a command-line run holding the register
        self.restore_interrupt: Callable[[], None] = lambda: None  # SIGINT as it was

    def begin(self) -> None:
        """After the window's first paint: the check first, the rest beside it."""
        if self.path.is_file():  # else there is nothing to check: opening makes it
            from boostdesk.safety.integrity import BackgroundCheck

            self.check = BackgroundCheck.start(self.path, quick=True, yielding=True)
        from PySide6.QtWidgets import QApplication

        from .app import finish_application

        finish_application(cast(QApplication, QApplication.instance()))  # before any register data shows
        self._log_errors()
        from .terminal_interrupt import close_on_interrupt

        # Ctrl+C in its terminal closes the window (not a traceback); set up after the first
        # paint, as nothing before it needs it
        self.restore_interrupt = close_on_interrupt(self.window)
        self.open()

    def _log_errors(self) -> None:
        """The log file and the error message for what no handler caught (after the first
        paint: nothing of it is needed to show the window)."""
        from boostdesk.logfile import current_log, install_log_file
        from boostdesk.paths import data_dir

        from . import error_hook

        install_log_file(data_dir())
        error_hook.install(lambda: self.window if self.window.isVisible() else None, current_log)

    def open(self) -> None:
        """Open the register once its check has ended (a damaged one is not opened); one an
        older BoostDesk left is upgraded off the UI thread (:meth:`_upgrade`)."""
        from PySide6.QtCore import QTimer

        window = self.window
        if not window.isVisible():  # closed while the register was being checked
            return
        if self.check is not None and self.check.running():
            QTimer.singleShot(0 if self._prepare_next() else CHECK_POLL_MS, self.open)
            return
        from boostdesk.safety import RegisterDamaged, open_register
        from boostdesk.safety.foreign import not_a_register
        from boostdesk.safety.gone import RegisterMissing
        from boostdesk.safety.session import register_version, upgrade_steps

        from . import dialogs
        from .context import error_text

        refused = not_a_register(self.path)  # before its version is read: another
        if refused is None and self.chosen:  # program's may look like an older register's
            # a --db in a folder not there, refused as every command refuses it: it was
            # made, and an empty register in it (BOOSTDESK_DATA's: ``open_register``)
            refused = missing_register_folder(self.path)
        if refused is not None and self._place_taken():
            self._offer_place_taken()
            return
        if refused is not None:
            dialogs.show_error(window, "无法打开登记册", refused)
            self._opened(None)
            return
        steps = upgrade_steps(register_version(self.path))
        if steps is not None and (self.check is None or self.check.report().ok):
            self._upgrade(steps[0])
            return
        try:
            opened = open_register(self.path, self.operator, start_backup=False,
                                   integrity=self.check or "quick")
        except RegisterDamaged as damaged:
            self._offer_restore(damaged)
            return
        except RegisterMissing as gone:
            self._offer_missing(gone)
            return
        except Exception as exc:  # noqa: BLE001 - busy or unreadable: say so and stop
            dialogs.show_error(window, "无法打开登记册", error_text(exc))
            opened = None
        self._opened(opened)

    def _prepare_next(self) -> bool:
        """Load the next module the opening will need; False once all are loaded."""
        if self.preparing is None:
            self.preparing = [*OPENING_MODULES, *self.window.pending_screen_modules()]
        if not self.preparing:
            return False
        import importlib

        name = self.preparing.pop(0)
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a broken screen says so when it is built
            pass
        return True

    def _upgrade(self, text: str) -> None:
        """The upgrade of a register an older BoostDesk left (its backup, migrations and the
        re-check of every campaign: 6–10 s at 60,000–100,000 applications, which froze the
        window) in a worker behind a progress dialog naming each step; the window repaints
        and moves meanwhile. The register is opened on the worker's connection, handed to
        this thread once the worker has ended (as 从备份恢复's is). 取消升级, or closing the
        window, rolls the upgrade back whole: the register stays as the older BoostDesk left
        it, and the window closes, having nothing it could open."""
        from boostdesk.safety import open_register

        from .context import LongTask, progress_dialog

        def work(_progress: Any, cancelled: Any) -> Any:
            def said(step: str) -> None:
                if not cancelled():  # the dialog says it is cancelling by then
                    task.said.emit(step + CANCEL_NOTE)

            self.task_opened = open_register(
                self.path, self.operator, start_backup=False, integrity=self.check or "quick",
                said=said, cancelled=cancelled)
            return self.task_opened

        task = LongTask(work, parent=self.window)
        dialog = progress_dialog(task, text + CANCEL_NOTE, self.window, at_once=True)
        dialog.setCancelButtonText("取消升级")
        dialog.canceled.connect(
            lambda: self.window.statusBar().showMessage("正在取消升级，登记册保持原样…"))
        task.succeeded.connect(self._task_done)
        task.failed.connect(lambda exc: self._task_failed(exc, "无法打开登记册"))
        self.task = task
        task.start()

    def _offer_restore(self, damaged: Any) -> None:
        """A damaged register at start: offer its last good backup (the damaged file is kept
        as a backup of its own), then restore and open it in a worker (a copy of seconds,
        and the upgrade of a backup an older BoostDesk made), with no 取消: a restore
        cannot stop halfway. Closing the window meanwhile rolls back only an upgrade."""
        from boostdesk.safety.backup_choice import backup_version
        from boostdesk.safety.upgrade_notice import restore_upgrades

        from . import dialogs

        good = damaged.last_good
        report = damaged.report  # SQLite's English lines behind 显示详情..., not in the text
        details = report.details if report.raw else ""
        # the button named as Qt shows it (the text said 显示详细信息, the button 显示详情...)
        behind = (f"\n\n完整性检查的英文原文（供技术人员查看）：点“{dialogs.details_button()}”"
                  if details else "")
        if good is None:
            dialogs.show_error(self.window, "登记册已损坏", str(damaged) + behind,
                               details=details)
            self._opened(None)
            return
        from boostdesk.safety.gone import offer_caveat

        upgrade = restore_upgrades(backup_version(good.path))  # as 从备份恢复 says it
        caveat = offer_caveat(good, self.path)[0]
        if not dialogs.ask_yes_no(
                self.window, "登记册已损坏",
                f"登记册 {damaged.path} 已损坏，未打开：{report.headline}。\n\n"
                f"最近一份完好的备份是 {good.describe()}（{good.path.name}）。"
                + (f"\n\n{caveat}\n\n" if caveat else "")
                + "现在用它恢复并打开吗？损坏的登记册会先另存一份，不会丢失；"
                "备份之后录入的内容需要重新录入。" + (f"\n\n{upgrade}" if upgrade else "")
                + behind,
                yes="恢复并打开", no="退出", details=details) or not self._undo_confirmed(good.path):
            self._opened(None)
            return
        self._restore_and_open(good.path)

    def _undo_confirmed(self, backup: Path) -> bool:
        """A backup taken before a 删除个人信息, the register lost or unreadable (its trail
        naming whom gone too): restoring it brings the erased people back — asked once more,
        as 从备份恢复 asks (the CLI's restore refuses it without --undo-erasure)."""
        from boostdesk.safety.erased_back import erasure_after, lost_warning

        from . import dialogs

        when = erasure_after(backup, self.path)
        return when is None or dialogs.ask_yes_no(
            self.window, "恢复会撤销删除个人信息",
            f"{lost_warning(when)}。\n\n确定要用 {backup.name} 恢复吗？",
            yes="恢复（撤销删除个人信息）", no="不恢复，退出")

    def _restore_and_open(self, backup: Path, set_aside: bool = False) -> None:
        """The register restored from ``backup`` and opened, in a worker behind a progress
        dialog with no 取消 (a restore cannot stop halfway); ``set_aside``: a file in the
        register's place renamed first (``gone.set_aside``)."""
        from boostdesk.safety import open_register, restore

        from .context import LongTask, progress_dialog

        def work(_progress: Any, cancelled: Any) -> Any:
            result = restore(backup, self.path, self.operator, set_aside=set_aside)
            opened = open_register(self.path, self.operator, start_backup=False,
                                   integrity="quick", said=task.said.emit, cancelled=cancelled)
            opened.warnings.insert(0, result.describe())
            self.task_opened = opened
            return opened

        self.new = False  # (a restored register: no "已新建登记册")
        task = LongTask(work, parent=self.window)
        dialog = progress_dialog(task, f"正在用备份 {backup.name} 恢复登记册，不能中途停止…",
                                 self.window, at_once=True)
        dialog.canceled.disconnect()  # neither 取消 nor Esc (as 从备份恢复's)
        dialog.setCancelButton(None)
        task.succeeded.connect(self._task_done)
        task.failed.connect(lambda exc: self._task_failed(exc, "恢复失败"))
        self.task = task
        task.start()

    def _place_taken(self) -> bool:
        """The register's own path (not a --db elsewhere: someone's other file) holds a
        file that is plainly no register, which may be set aside."""
        from boostdesk.safety.gone import in_place_of_register, is_default_register

        return ((not self.chosen or is_default_register(self.path))
                and in_place_of_register(self.path) is not None)

    def _offer_missing(self, gone: Any) -> None:
        """The register gone, its backups there (quarantined, renamed by a sync, moved):
        恢复并打开 the newest good backup, 新建空登记册 only when chosen, or 退出."""
        from boostdesk.safety.backup_choice import backup_version
        from boostdesk.safety.upgrade_notice import restore_upgrades

        good = gone.last_good
        upgrade = restore_upgrades(backup_version(good.path)) if good is not None else None
        text = str(gone) + ("\n\n备份之后录入的内容需要重新录入。" if good is not None else "") + (
            f"\n\n{upgrade}" if upgrade else "")
        self._choose("登记册不见了", text, good.path if good is not None else None,
                     set_aside=False)

    def _offer_place_taken(self) -> None:
        """A text or a table in the register's own place: set aside (renamed, never
        deleted), then 恢复并打开 the newest good backup or 新建空登记册; or 退出."""
        from boostdesk.safety.gone import backups_of, in_place_of_register, place_taken_message

        what = in_place_of_register(self.path) or ""
        count, good = backups_of(self.path)
        self._choose("登记册的位置上不是登记册", place_taken_message(self.path, what, count, good),
                     good.path if good is not None else None, set_aside=True)

    def _choose(self, title: str, text: str, backup: Path | None, *, set_aside: bool) -> None:
        from . import dialogs

        choices = (["恢复并打开"] if backup is not None else []) + ["新建空登记册", "退出"]
        # Enter restores; with no backup to restore from, Enter quits: an empty register
        # only when clicked
        chosen = choices[dialogs.ask_among(self.window, title, text, choices,
                                           default=0 if backup is not None else 1)]
        if chosen == "恢复并打开" and backup is not None:
            if not self._undo_confirmed(backup):
                self._opened(None)
                return
            self._restore_and_open(backup, set_aside=set_aside)
        elif chosen == "新建空登记册":
            self._open_new(set_aside)
        else:
            self._opened(None)

    def _open_new(self, set_aside: bool) -> None:
        """An empty register made where the register was (asked for: 新建空登记册), after
        the file in its place, if any, is renamed beside it."""
        from boostdesk.safety import open_register
        from boostdesk.safety.gone import aside_note, in_place_of_register
        from boostdesk.safety.gone import set_aside as rename_aside

        from . import dialogs
        from .context import error_text

        note = None
        try:
            if set_aside:
                what = in_place_of_register(self.path) or "文件"
                note = aside_note(what, rename_aside(self.path))
            opened = open_register(self.path, self.operator, start_backup=False,
                                   integrity="none", new_register=True)
        except Exception as exc:  # noqa: BLE001 - cannot rename, busy: say so and stop
            dialogs.show_error(self.window, "无法新建登记册", error_text(exc))
            self._opened(None)
            return
        if note is not None:
            opened.warnings.insert(0, note)
        self.new = True
        self._opened(opened)

    def _task_done(self, opened: Any) -> None:
        self.task = self.task_opened = None
        if not self.window.isVisible():  # closed as the upgrade ended: it is whole
            opened.reg.close()
            return
        self._opened(opened)

    def _task_failed(self, exc: BaseException, title: str) -> None:
        from . import dialogs
        from .context import error_text, is_cancellation

        self.task = None
        if not self.window.isVisible():
            return
        if is_cancellation(exc):
            dialogs.show_info(self.window, "已取消升级", f"{error_text(exc)}。窗口将关闭。")
        else:
            dialogs.show_error(self.window, title, error_text(exc))
        self._opened(None)

    def _opened(self, opened: Any) -> None:
        """The register opened (or None: refused, said why), given to the window."""
        from PySide6.QtCore import QTimer

        from . import dialogs
        from .app import start_backup_task
        from .context import AppContext
        from .form_warmup import warm_forms

        window = self.window
        if opened is None:
            self.failed = True
            window.close()
            return
        holder = opened.holder
        if holder is not None and holder.command_line and self.waited < COMMAND_WAIT_MS:
            # a command's run (stats, print, a backup) is over in moments: the window
            # waits for it rather than open read-only for the day
            opened.reg.close()
            self.waited += COMMAND_POLL_MS
            window.statusBar().showMessage(f"登记册正由 {holder.describe()}使用，等它结束…")
            QTimer.singleShot(COMMAND_POLL_MS, self.open)
            return
        window.statusBar().clearMessage()
        self.ctx = AppContext(opened.reg, settings=window.settings)
        self.ctx.set_operator(self.operator)
        # taken once the first screen is built (window.opened); not of a register just
        # made: that empty one's backup ranked above the real ones (``restore 1``); nor
        # while changes it lost are unacknowledged (lost_changes.NO_START_BACKUP): taken
        # once she answers 我已知道
        if not opened.read_only and not self.new and opened.lost is None:
            self.backup = start_backup_task(self.path, window, window.opened)
        elif not opened.read_only and not self.new:
            import logging

            logging.getLogger(__name__).info(
                "start-up backup skipped: lost changes not yet acknowledged")
        window.attach(self.ctx)
        warm_forms(window)  # the day's first form as quick as the next: after the screen's paint
        lost = opened.lost
        notes = ([made_text(self.path, opened.reg.campaign_years(), self.chosen)]
                 if self.new else []) + [w for w in opened.warnings
                                         if lost is None or not w.startswith(LOST_HEAD)]
        if opened.holder is not None:  # (lock_watch.py)
            notes.append("对方关闭登记册后，本窗口会提示改为可修改，不必重新启动")
        if notes:
            dialogs.show_info(window, "提示", "\n\n".join(notes))
        if lost is not None:  # a question of its own, at every start till answered
            from .lost_notice import ask_lost, remind

            skipped = not opened.read_only and not self.new
            if ask_lost(window, lost, no_backup=skipped) == "acknowledged":
                self.backup_after_loss()
            else:  # till answered: a standing note
                remind(window, lost, self.backup_after_loss if skipped else None)
        from .operator_check import check_operator

        # the day's first start on a remembered name: whose changes these are, asked
        check_operator(window, self.ctx, self.remembered)

    def backup_after_loss(self) -> None:
        """The start-up backup skipped while a loss was pending, taken once it is
        acknowledged (我已知道; a restore reopens the register, backed up before it)."""
        from .app import start_backup_task

        if self.backup is None and self.ctx is not None and not self.ctx.read_only:
            import logging

            logging.getLogger(__name__).info("lost changes acknowledged: start-up backup taken now")
            self.backup = start_backup_task(self.path, self.window)

    def close(self) -> None:
        """After the window has closed: the start-up backup still under way is cancelled
        (it leaves no file; the next start takes one) and waited for, and the register in
        use closed; an upgrade still running is cancelled (rolled back whole) and waited
        for. The backup was waited for whole: a window closed in its first seconds went on
        for the seconds of a large register's copy, unseen, holding the register."""
        self.restore_interrupt()
        if self.task is not None:
            self.task.cancel()
            self.task.wait()  # a QThread destroyed while it runs aborts the program
            if self.task_opened is not None:  # it ended whole before it saw the cancel
                self.task_opened.reg.close()
            self.task = self.task_opened = None
        for backup in (self.backup, getattr(self.window, "take_over_backup", None)):
            if backup is not None:  # (the second: taken at 改为可修改, lock_watch)
                backup.cancel()
                backup.wait()  # a QThread destroyed while it runs aborts the program
        if self.ctx is not None:  # (a check still running is a read-only daemon thread)
            self.ctx.reg.close()  # the register in use: 从备份恢复 may have replaced opened.reg


LOST_HEAD = "登记册缺少最近的修改："  # (safety/lost_changes.py's message)


def made_text(path: Path, years: list[int], chosen: bool) -> str:
    """What the first start on a new register says: the window would otherwise open on an
    empty register as if the office's applications had gone."""
    plans = "、".join(str(y) for y in years)
    text = (f"已新建登记册：{path}\n这是一个空登记册，还没有申报、推荐单位和评审专家；"
            f"已预置 {plans} 年度的助推计划。请先到“设置”核对本年度的计划"
            "（没有本年度的，按“按本年度新建下一年度…”建立），再录入纸质申报表（Ctrl+N）"
            "或导入推荐单位报来的汇总表（Ctrl+I）。")
    if chosen:
        text += "\n如这不是要打开的登记册（路径写错），请关闭窗口，删去这个新文件，改正路径后重新打开。"
    return text
