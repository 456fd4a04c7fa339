"""The application context every screen receives: the register, the campaign in view,
what changed, long work off the UI thread, and the one way to write.

After Anki's ``CollectionOp``/``QueryOp``: no screen writes to the register by
itself. :meth:`AppContext.write` stamps the operator, runs the change, pushes it
on the shared undo stack when it can be undone, announces what changed, and
turns any error into a Chinese message box instead of a crash.
:meth:`AppContext.run_long` runs slow work (reading a spreadsheet, a batch
import, printing) in a worker thread with a cancellable progress dialog; a
worker that writes gets its own register connection from
:attr:`AppContext.register_factory`, because a SQLite connection must not be
shared between threads for writing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QObject, QSettings, QThread, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from boostdesk.errors import NeedsConfirmation
from boostdesk.models import Register, RegisterError, journal
from boostdesk.models.register_base import Changes
from boostdesk.os_errors import explain_os_error
from boostdesk.safety.privacy import mask_message

from . import dialogs

log = logging.getLogger("boostdesk.ui")


def _expected(exc: BaseException) -> bool:
    """A refusal the user is told in Chinese (a bad file, a rule): not a fault for the log,
    which keeps tracebacks for what nobody foresaw."""
    from boostdesk.io.errors import ImportFailed, ImportRefused

    if isinstance(exc, ValueError) and not _said_in_chinese(exc):
        return False  # Python's own (int("①")): a fault, its traceback kept
    return isinstance(exc, RegisterError | ValueError | ImportFailed | ImportRefused)


def _said_in_chinese(exc: BaseException) -> bool:
    """The app's refusals are in Chinese; a ValueError in English is Python's or a library's
    (invalid literal for int() with base 10: '①'; the typed text quoted), not a message for
    the clerk."""
    outside_quotes = re.sub(r"'[^']*'|\"[^\"]*\"", "", str(exc))
    return any("\u4e00" <= ch <= "\u9fff" for ch in outside_quotes)


# What ``changed`` announces; a screen refreshes when it shows that kind of data.
CHANGE_KINDS = ("patent", "project", "studio", "campaign", "panel", "payments", "seal", "all")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


# A register this size takes a second or more to back up (copy, compress, read back): a
# write that backs it up first runs in the background (:meth:`AppContext.write_backed_up`).
# Ten years with their audit trail (490 MB) took 9.5 s, 100,000 applications of one year 2.4 s.
BACKGROUND_BYTES = 40 * 1024 * 1024


def error_text(exc: BaseException, *, rolled_back: bool = True) -> str:
    """The Chinese message an exception carries, or a plain statement that something broke:
    an ID, card or mobile number in it masked as the log masks it (an exception quoting a
    cell was shown whole in the box while the log hid it), a file's path left whole (a
    backup's name, its time to the millisecond, read as a card's 17 figures).
    ``rolled_back``: it ended a write, undone whole, so 未保存任何内容 is said; not for an
    error nothing caught, which may come after a save (a restore that was done, then the
    window failing to show it)."""
    return mask_message(_error_text(exc, rolled_back))


def _error_text(exc: BaseException, rolled_back: bool = True) -> str:
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    if isinstance(exc, RegisterError) and str(exc) or (
            isinstance(exc, ValueError) and _said_in_chinese(exc)):
        return str(exc)
    if is_cancellation(exc):  # the operator's own 取消, not a fault to report to support
        return str(exc) or "已取消，未保存任何内容"
    from boostdesk.models.register import schema_garbled

    if isinstance(exc, sqlite3.Error) or schema_garbled(exc):  # (the register damaged)
        from boostdesk.models.register import explain_sqlite, refused_write_text

        if not rolled_back:
            return f"登记册出错（{explain_sqlite(exc)}）"
        # 磁盘空间已满，未保存任何内容：请腾出空间……: not 登记册拒绝了这次修改（磁盘空间已满：
        # 请腾出空间（……）后再试）, brackets in brackets
        return refused_write_text(exc) or \
            f"登记册拒绝了这次修改（{explain_sqlite(exc)}），未保存任何内容"
    if isinstance(exc, OSError):
        where = f"（{exc.filename}）" if exc.filename else ""
        return f"读写文件失败{where}：{explain_os_error(exc)}"
    saved = "，未保存任何内容" if rolled_back else ""
    return f"程序出错（{type(exc).__name__}：{exc}）{saved}。请把这条信息告诉技术人员"


def is_cancellation(exc: BaseException) -> bool:
    return "Cancel" in type(exc).__name__


@dataclass(frozen=True)
class OpResult:
    ok: bool
    value: Any = None
    error: str = ""
    cancelled: bool = False  # by the operator, before anything was stored
    # a write rolled back until its caller confirms what it would do (errors.NeedsConfirmation):
    # nothing stored, no error shown; the caller asks and writes again
    question: NeedsConfirmation | None = None


class IdMap:
    """Application ids across undo: a record deleted and re-created by undo/redo gets a new
    row id; commands keep the id they were made with and resolve it here."""

    def __init__(self) -> None:
        self._moved: dict[tuple[str, int], int] = {}

    def current(self, stream: str, app_id: int) -> int:
        seen = set()
        while (stream, app_id) in self._moved and app_id not in seen:
            seen.add(app_id)
            app_id = self._moved[(stream, app_id)]
        return app_id

    def moved(self, stream: str, old_id: int, new_id: int) -> None:
        if old_id != new_id:
            self._moved[(stream, old_id)] = new_id


class _Command(QUndoCommand):
    """An edit already done once by :meth:`AppContext.write`; the stack only replays it.

    A long one (:meth:`AppContext.write_long`) replays in the background; the stack has
    moved by then, so a replay that is cancelled moves it back without replaying."""

    def __init__(self, ctx: AppContext, label: str, undo: Callable[..., Any],
                 redo: Callable[..., Any], changed: str, long: bool = False) -> None:
        super().__init__(label)
        self._ctx = ctx
        self._undo = undo
        self._redo = redo
        self._changed = changed
        self._long = long
        self._skip = True  # QUndoStack.push calls redo(); the change is already made

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._replay(f"重做{quoted(self.text())}", self._redo, self._ctx.undo_stack.undo)

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._replay(f"撤销{quoted(self.text())}", self._undo, self._ctx.undo_stack.redo)

    def _replay(self, label: str, fn: Callable[..., Any], back: Callable[[], None]) -> None:
        if not self._long:
            self._ctx._replay(label, fn, self._changed)
            return

        def move_back() -> None:  # the register is as it was: so is the stack, replaying nothing
            self._skip = True
            back()

        self._ctx._replay_long(label, fn, self._changed, move_back)


def quoted(label: str) -> str:
    """``label`` in “”, the quotes inside it as 「」: 已撤销“录入项目申报「数控工艺改进」”,
    not “录入项目申报“数控工艺改进””, whose closing quotes read as one."""
    return f"“{label.replace('“', '「').replace('”', '」')}”"


class _ProgressDialog(QProgressDialog):
    """Esc cancels the work (a plain QProgressDialog would only hide itself)."""

    def reject(self) -> None:
        self.canceled.emit()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        # Hidden (its work ended) while it had the keyboard: handed back to the window it
        # kept waiting, which Qt leaves to the platform. The offscreen one (and some X11
        # window managers) gave it to no window, and the window's shortcuts were dead until
        # a click: 导入汇总表's Alt+N after a read reached nothing, its queue stopped there.
        # Shown a moment before, it may not have the keyboard yet though given it (the
        # platform's word on its way, to arrive once it is hidden): handed back too.
        parent = self.parentWidget()
        under = parent.window() if parent is not None else None
        hand_back = (not visible and self.isVisible()
                     and (self.isActiveWindow() or bool(under and under.isActiveWindow())))
        super().setVisible(visible)
        if hand_back:
            # the topmost modal left (another job's progress, the dialog itself), else
            # the window under it
            back = QApplication.activeModalWidget() or under
            if back is not None and back.isVisible():
                back.activateWindow()

    def progressed(self, done: int, total: int) -> None:
        # A slot of the dialog, not a closure: Qt drops the connection when the dialog goes
        # with its window (导入汇总表 closed while its table is stored), and the worker's
        # next progress reaches nothing instead of a deleted dialog.
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))


def job_of(title: str) -> str:
    """A progress title as the job's name: 正在导出列表… → 导出列表."""
    first = title.split("\n", 1)[0].strip()
    return first.removeprefix("正在").rstrip("…").rstrip(".").strip()


# What the close question says a cancel leaves: an export is written beside its file and
# renamed in whole (io/in_place.py); an import is stored in one transaction (import_commit)
EXPORT_CANCEL_LEAVES = "取消导出不会写出文件，已有的同名文件保持原样。"
IMPORT_CANCEL_LEAVES = "导入是整份表一次存入的：取消则这份表一行也不存入，之后可重新导入。"


def close_question(tasks: Sequence[LongTask]) -> str:
    """The window closed while ``tasks`` run: each named, and what cancelling it leaves."""
    names = "、".join(f"“{task.job}”" for task in tasks if task.job) or "后台任务"
    them = "它们" if len(tasks) > 1 else "它"
    notes = [task.cancel_note for task in tasks if task.cancel_note]
    return "\n".join([f"{names}还在进行。取消{them}并退出吗？", *notes])


class LongTask(QThread):
    """``fn(progress, cancelled)`` (or ``fn(reg, progress, cancelled)``) in a worker thread."""

    progressed = Signal(int, int)
    said = Signal(str)  # what it is doing now, in the dialog's words (a step of an upgrade)
    succeeded = Signal(object)
    failed = Signal(object)
    dialog: QProgressDialog  # run_long's: tests and callers may cancel through it

    def __init__(self, fn: Callable[..., Any],
                 register_factory: Callable[[], Register] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._factory = register_factory
        self._cancel = threading.Event()
        self.stoppable = True  # False: work that cannot stop halfway (a restore), waited for
        # The close question's words for it: its name (备份登记册, 导入 表.xlsx) and what a
        # cancel leaves ("" when nothing to say): it asked about 导入或打印 for a backup.
        self.job = ""
        self.cancel_note = ""
        # Handing the worker's writes to the window's connection (run_long): its journal
        # kept (``watched``), the window connection's data_version before it started (None:
        # not handed over), what it wrote when no other connection committed meanwhile,
        # whether it committed rows at all (None: not known) once ``ended``, and the watched
        # tasks run alongside it (its hand-over is whole only if they committed none).
        self.watched = False
        self.before: int | None = None
        self.written: list[Any] | None = None
        self.wrote_rows: bool | None = None
        self.ended = False
        self.alongside: set[LongTask] = set()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(int(done), int(total))

    def run(self) -> None:
        try:
            if self._factory is None:
                result = self._fn(self._progress, self.is_cancelled)
            else:
                reg = self._factory()
                start = journal.mark(reg.conn) if self.watched else None
                try:
                    result = self._fn(reg, self._progress, self.is_cancelled)
                finally:
                    self.written = journal.written(reg.conn, start)
                    own = journal.written(reg.conn, start, alone=False)
                    self.wrote_rows = None if own is None else bool(own)
                    self.ended = True
                    reg.close()
        except BaseException as exc:  # noqa: BLE001 - reported to the UI thread, never lost
            if not is_cancellation(exc) and not _expected(exc):
                log.exception("long task failed")
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)


def cancel_not_default(dialog: QProgressDialog) -> None:
    """取消 not the default: Enter pressed twice after choosing a file cancelled the run;
    Esc, a click or Space on it still cancel. (Qt's own button kept: a button of ours
    would add a second Esc shortcut, and two make Esc do nothing.)"""
    for cancel in dialog.findChildren(QPushButton):
        cancel.setAutoDefault(False)
        cancel.setDefault(False)


def progress_dialog(task: LongTask, title: str, parent: QWidget | None, *,
                    at_once: bool = False) -> QProgressDialog:
    """``task``'s progress dialog (``task.dialog``), shown after 300 ms or ``at_once``: its
    取消 (or Esc) cancels the task, ``said`` replaces its text; hidden before the task's
    own ``succeeded`` or ``failed`` is handled, deleted once the task has ended. Ctrl+Q on
    it asks the window's close question, which names the task (quit_key.py)."""
    dialog = _ProgressDialog(title, "取消", 0, 0, parent)
    cancel_not_default(dialog)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0 if at_once else 300)
    # Qt's show timer started at construction with its default 4 s; a value of 0 restarts
    # it at 300 ms (work that reports no progress, a backup, showed nothing for 4 s).
    dialog.setValue(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(task.cancel)

    task.progressed.connect(dialog.progressed)
    task.said.connect(dialog.setLabelText)
    # hide(), not close(): closing a progress dialog would announce a cancellation.
    task.succeeded.connect(dialog.hide)
    task.failed.connect(dialog.hide)
    task.finished.connect(dialog.deleteLater)
    task.dialog = dialog
    if at_once:
        dialog.show()
    return dialog


class AppContext(QObject):
    """What every screen gets: ``reg``, ``year``, ``settings``, ``undo_stack`` and the helpers."""

    changed = Signal(str)
    undo_noted = Signal()  # ``undo_note`` set or cleared
    year_changed = Signal(int)
    notice = Signal(str)  # a short line for the status bar
    idle = Signal()  # the last long work under way has ended
    approval_wanted = Signal(str)  # the approval sheets of these references, on 打印
    # 办理进度告知单, on 打印: (printing.jobs.PROGRESS, references) or (PROGRESS_UNION, union)
    progress_wanted = Signal(str, str)

    def __init__(self, reg: Register, year: int | None = None,
                 settings: QSettings | None = None,
                 register_factory: Callable[[], Register] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reg = reg
        years = reg.campaign_years()
        self._year = year if year is not None else (max(years) if years else 0)
        self.settings = settings if settings is not None else QSettings()
        self.undo_stack = QUndoStack(self)
        self.undo_note = ""  # what Ctrl+Z says with nothing to undo after a barrier (an import)
        self.ids = IdMap()
        self.window: QWidget | None = None  # parent of dialogs; set by the main window
        self.register_factory: Callable[[], Register] = register_factory or self._open_worker_register
        self.memory: dict[str, Any] = {}  # facts to offer again in the next form this session
        # Asked before the year in view changes (the main window's: 设置's typing)
        self.year_guard: Callable[[int], bool] | None = None
        self.last_error = ""
        self._operator = reg.operator
        self._tasks: set[LongTask] = set()
        # What finished work would say in a box while the window asks whether to close (a
        # list: held until answered), or after it chose to (None, closing: dropped).
        self._held: list[Callable[[], None]] | None = None
        self.closing = False
        from .fold_when_idle import FoldWhenIdle

        # Saves folded into the register file once idle: a copy of the .db alone has them.
        self.fold = FoldWhenIdle(self)
        self.fold.watch(reg)
        self.fold.soon()  # what opening it committed (an upgrade, a new register's plan)

    # -- campaign in view ------------------------------------------------
    @property
    def year(self) -> int:
        return self._year

    def set_year(self, year: int) -> bool:
        """The year in view; False when ``year_guard`` kept the year (typing on 设置 not
        to be thrown away: its question answered 返回修改, or its save refused)."""
        if year == self._year:
            return True
        if self.year_guard is not None and not self.year_guard(year):
            return False
        self._year = year
        self.year_changed.emit(year)
        return True

    def replace_register(self, reg: Register) -> None:
        """The register a restore put in place of ``self.reg``: the year in view is kept when
        it has that year, else its newest (a backup from before the year was set up); set
        quietly, as the screens are rebuilt on it next."""
        self.reg = reg
        reg.operator = self._operator
        self.fold.watch(reg)
        years = reg.campaign_years()
        if years and self._year not in years:
            self._year = max(years)

    def campaign(self):  # noqa: ANN201 - Campaign, imported lazily by callers
        return self.reg.campaign(self._year)

    def attachment(self, key: str, form: str = "（{}）") -> str:
        """The number the year's plan gives one of its attachments (key of
        ``models.campaign.ATTACHMENTS``) in ``form``: （附件4）; "" while the year has no plan."""
        try:
            return form.format(self.campaign().attachment(key))
        except RegisterError:
            return ""

    # -- operator ---------------------------------------------------------
    @property
    def operator(self) -> str:
        return self._operator

    def set_operator(self, name: str) -> None:
        """The person every change from now on is stamped with (remembered in settings);
        a name ``operator_name.clean`` refuses is not taken (the callers checked it)."""
        from boostdesk.operator_name import valid

        name = valid(name)
        if name:
            self._operator = name
            self.reg.operator = name
            self.settings.setValue("operator/name", name)

    def switch_operator(self, typed: str, parent: QWidget | None = None) -> str | None:
        """操作人 changed by the clerk (设置, the day's confirmation): the name as kept
        (``operator_name.clean``, whose ValidationError is the caller's to show), the
        switch one line in the trail (none on a read-only register: nothing is written
        there under any name). None, said in a box, when the line could not be written:
        the name is then not changed either (a switch the trail does not hold)."""
        from boostdesk.operator_name import clean

        name = clean(typed)
        old = self._operator
        if name != old and not self.read_only:
            try:
                self.reg.record_operator_switch(old, name)
            except Exception as exc:  # noqa: BLE001 - a locked or full disk: said, not a crash
                self.reg.operator = old
                self._failed(exc, parent, "未能更换操作人")
                return None
        self.set_operator(name)
        return name

    @property
    def read_only(self) -> bool:
        return bool(getattr(self.reg, "read_only", False))

    # -- writing ----------------------------------------------------------
    def write(self, label: str, do: Callable[[], Any], *, changed: str,
              undo: Callable[[], Any] | None = None, redo: Callable[[], Any] | None = None,
              parent: QWidget | None = None, title: str = "未能保存",
              derived: bool = False,
              label_of: Callable[[Any], str] | None = None) -> OpResult:
        """Run ``do`` as the operator; on success push (undo, redo or do) on the undo stack
        and emit ``changed``; on failure show why and return ``ok=False``. ``derived``: the
        write stores only what the rules derive (F5's verdicts), no barrier to undo.
        ``label_of(value)``: the label once done, when what changed is known only then
        (papers selected vs. papers changed)."""
        try:
            self.reg.operator = self._operator
            value = do()
        except NeedsConfirmation as exc:  # the caller's question, not a failure
            return OpResult(False, None, str(exc), question=exc)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message, not a crash
            return self._failed(exc, parent, title)
        if label_of is not None:
            label = label_of(value)
        self._recheck_pending()
        if not derived:
            self._record(_Command(self, label, undo, redo or do, changed) if undo else None)
        self.changed.emit(changed)
        self.notice.emit(f"已{label}")
        return OpResult(True, value)

    def _record(self, command: QUndoCommand | None) -> None:
        """Push an undoable write; a write that cannot be undone (a payment, a publicity
        period, scores) is a barrier: Ctrl+Z after it must not undo an older change in
        its place, which the later write may rest on (a status undone under a payment)."""
        if command is not None:
            self.undo_note = ""
            self.undo_stack.push(command)
        else:
            self.undo_stack.clear()

    def barrier(self, note: str) -> None:
        """A change Ctrl+Z does not undo (an import): the stack emptied, as ``_record``'s
        barrier, and ``note`` (what to do instead) what Ctrl+Z says in the status bar."""
        self.undo_note = note
        self.undo_stack.clear()
        self.undo_noted.emit()

    def _failed(self, exc: BaseException, parent: QWidget | None, title: str) -> OpResult:
        if not _expected(exc):
            log.exception("operation failed")
        self.last_error = error_text(exc)
        dialogs.show_error(parent or self.window, title, self.last_error)
        return OpResult(False, None, self.last_error)

    def _replay(self, label: str, fn: Callable[[], Any], changed: str) -> None:
        try:
            self.reg.operator = self._operator
            self.reg.note = label  # each line of the trail it writes says it was an undo
            try:
                fn()
            finally:
                self.reg.note = ""
        except Exception as exc:  # noqa: BLE001
            self._failed(exc, self.window, f"无法{label}")
            # The stack no longer matches the register: start afresh rather than undo wrongly.
            QTimer.singleShot(0, self.undo_stack.clear)
        else:
            self._recheck_pending()
            self.notice.emit(f"已{label}")
        self.changed.emit(changed)

    def _recheck_pending(self) -> None:
        if not self.read_only:
            self._recheck_on(self.reg)

    @staticmethod
    def _recheck_on(reg: Register) -> None:
        """Store the verdicts a write can have changed, before any screen reloads.

        Most writes re-check inside their own transaction; a status the panel or the
        publicity moves does not (a project approved or not awarded, say, changes what a
        later year finds for its studio), and its verdicts would wait, stale in the file,
        for the next write. Fails quietly: the changes stay noted for the next one."""
        if not reg.changes:
            return
        from boostdesk.rules import recheck

        try:
            recheck(reg)
        except Exception:  # noqa: BLE001 - the write itself is saved; say so in the log
            log.exception("re-check after a write failed; left for the next write")

    def write_long(self, label: str, do: Callable[..., Any], *, changed: str,
                   undo: Callable[..., Any] | None = None,
                   redo: Callable[..., Any] | None = None, parent: QWidget | None = None,
                   title: str = "未能保存",
                   on_done: Callable[[OpResult], None] | None = None,
                   label_of: Callable[[Any], str] | None = None) -> LongTask:
        """:meth:`write` for a change of seconds: ``do(reg, progress, cancelled)`` runs in
        the background on a register connection of its own, behind a progress dialog shown
        at once (it keeps the window from a second change meanwhile) whose 取消 stores
        nothing; its undo and redo the same way. ``on_done(result)`` when it has ended;
        ``label_of(value)`` the undo step's label once done, as :meth:`write`'s."""
        def done(value: Any) -> None:
            named = label_of(value) if label_of is not None else label
            self._record(_Command(self, named, undo, redo or do, changed, long=True)
                         if undo is not None else None)
            self.changed.emit(changed)
            self.notice.emit(f"已{named}")
            if on_done is not None:
                on_done(OpResult(True, value))

        def failed(exc: BaseException) -> None:
            if is_cancellation(exc):
                self.notice.emit(f"已取消{label}，未保存任何改动")
                result = OpResult(False, None, error_text(exc), cancelled=True)
            elif isinstance(exc, NeedsConfirmation):
                result = OpResult(False, None, str(exc), question=exc)
            else:
                result = self._failed(exc, parent, title)
            if on_done is not None:
                on_done(result)

        return self.run_long(f"正在{label}…", do, done, failed, with_register=True,
                             parent=parent, at_once=True,
                             cancel_note=f"取消{label}不会保存任何改动。")

    def write_backed_up(self, label: str, do: Callable[[Register, Cancelled | None], Any], *,
                        changed: str, parent: QWidget | None = None, title: str = "未能保存",
                        backs_up: bool = True,
                        on_done: Callable[[OpResult], None] | None = None,
                        undo: Callable[[Register], Any] | None = None) -> OpResult | None:
        """A write that backs the register up first: ``do(reg, cancelled)``; not undoable
        (a barrier) unless ``undo(reg)`` is given, its redo then ``do`` again (backing up
        again: 撤回申报).

        On a register of ``BACKGROUND_BYTES`` or more (``backs_up``: this time it will) the
        backup takes seconds: it runs through :meth:`write_long` (a progress dialog; 取消
        during the backup stores nothing, ``safety.backup.backed_up_write``) and this
        returns None at once; its undo and redo in the background too. Otherwise as
        :meth:`write`, the result returned. Either way ``on_done(result)`` once written,
        refused or cancelled."""
        if backs_up and self.backs_up_slowly:
            left: list[Changes] = []

            def work(reg: Register, _progress: Progress, cancelled: Cancelled) -> Any:
                value = do(reg, cancelled)
                self._recheck_on(reg)  # the worker's changes go with its connection
                if reg.changes:  # its re-check failed: they wait for the window's next write
                    left.append(reg.take_changes())
                return value

            def unwork(reg: Register, _progress: Progress, _cancelled: Cancelled) -> Any:
                assert undo is not None
                value = undo(reg)
                self._recheck_on(reg)
                return value

            def finish(result: OpResult) -> None:
                for notes in left:
                    self.reg.changes.update(notes)
                if on_done is not None:
                    on_done(result)

            self.write_long(label, work, changed=changed, parent=parent, title=title,
                            on_done=finish, undo=unwork if undo is not None else None)
            return None
        result = self.write(label, lambda: do(self.reg, None), changed=changed, parent=parent,
                            title=title, undo=(lambda: undo(self.reg)) if undo else None)
        if on_done is not None:
            on_done(result)
        return result

    @property
    def backs_up_slowly(self) -> bool:
        """The register is large enough (``BACKGROUND_BYTES``) that a backup takes seconds:
        a write that backs it up first runs in the background."""
        return self.register_bytes() >= BACKGROUND_BYTES

    def register_bytes(self) -> int:
        """The register file's size; 0 in memory or read-only (nothing backed up)."""
        path = getattr(self.reg, "path", None)
        if path is None or self.read_only:
            return 0
        try:
            return os.stat(path).st_size
        except OSError:
            return 0

    def _replay_long(self, label: str, fn: Callable[..., Any], changed: str,
                     move_back: Callable[[], None]) -> None:
        def done(_value: Any) -> None:
            self.notice.emit(f"已{label}")
            self.changed.emit(changed)

        def failed(exc: BaseException) -> None:
            if is_cancellation(exc):
                self.notice.emit(f"已取消{label}，登记册未改动")
                move_back()
            else:
                self._failed(exc, self.window, f"无法{label}")
                self.undo_stack.clear()  # as _replay: the stack may no longer match
            self.changed.emit(changed)

        def noted(reg: Register, progress: Any, cancelled: Any) -> Any:
            reg.note = label  # a worker's own connection: its lines say it was an undo
            return fn(reg, progress, cancelled)

        self.run_long(f"正在{label}…", noted, done, failed, with_register=True, at_once=True)

    # -- long work --------------------------------------------------------
    def _open_worker_register(self) -> Register:
        reg = self.reg
        if reg.path is None:
            raise RegisterError("内存中的登记册不能在后台处理，请先保存为文件")
        if self.read_only:
            from boostdesk.safety.integrity import connect_read_only
            from boostdesk.safety.session import ReadOnlyRegister

            ro = ReadOnlyRegister(connect_read_only(reg.path), reg.path, reg.operator)
            ro.holder = getattr(reg, "holder", None)
            # One moment of a register another BoostDesk writes meanwhile: an export's
            # totals (statistics, payment lists) from one state, not from before and after
            # a payment (WAL: the reader never holds the writer back)
            ro.conn.execute("BEGIN")
            ro.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return ro
        return Register.open(reg.path, reg.operator, create=False)

    def run_long(self, title: str, fn: Callable[..., Any], on_done: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None = None, *,
                 with_register: bool = False, parent: QWidget | None = None,
                 at_once: bool = False, job: str = "", cancel_note: str = "") -> LongTask:
        """Run ``fn(progress, cancelled)`` in a worker thread behind a cancellable progress
        dialog; ``with_register=True`` calls ``fn(reg, progress, cancelled)`` with a register
        connection of the worker's own. ``on_done(result)`` / ``on_error(exc)`` run on the UI
        thread; without ``on_error`` the error is shown (a cancellation only noted). The
        dialog shows after 300 ms, or ``at_once`` (work known to take seconds). ``job`` names
        it in the close question (else the title without 正在 and …), ``cancel_note`` says
        there what its cancel leaves."""
        factory = self._watched(self.register_factory) if with_register else None
        if with_register:
            self.reg.operator = self._operator
        task = LongTask(fn, factory)
        task.job = job or job_of(title)
        task.cancel_note = cancel_note
        conn = self.reg.conn
        # What the worker writes is handed to the window's connection: the list's memory
        # patches those rows instead of reading 100,000 again (journal.hand_over).
        if with_register and not self.read_only:
            task.watched = True
            with contextlib.suppress(sqlite3.Error):
                task.before = journal.data_version(conn)
            task.alongside = {other for other in self._tasks if other.watched}
            for other in task.alongside:
                other.alongside.add(task)
        progress_dialog(task, title, parent or self.window, at_once=at_once)

        def hand_over(*_args: Any) -> None:  # before on_done: its screens reload next
            # Work alongside (a preview's judging, rolled back) that committed rows, or may
            # still: their commits are in no journal handed over, so nothing is.
            if (task.before is None or self.reg.conn is not conn
                    or any(not other.ended or other.wrote_rows is not False
                           for other in task.alongside)):
                return
            journal.hand_over(conn, task.written, task.before)
            task.written = None

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            elif is_cancellation(exc):
                self.notice.emit(error_text(exc))
            else:
                self._failed(exc, parent, f"{title}失败")

        def finished() -> None:
            self._tasks.discard(task)
            task.alongside = set()  # (the others keep it until they end)
            task.deleteLater()
            if not self._tasks:
                self.idle.emit()

        task.succeeded.connect(hand_over)
        task.failed.connect(hand_over)
        task.succeeded.connect(on_done)
        task.failed.connect(failed)
        task.finished.connect(finished)
        self._tasks.add(task)
        task.start()
        return task

    def _watched(self, factory: Callable[[], Register]) -> Callable[[], Register]:
        """``factory``'s registers, their commits heard by :attr:`fold` (from the worker)."""
        def made() -> Register:
            reg = factory()
            self.fold.watch(reg)
            return reg
        return made

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def running_jobs(self) -> list[LongTask]:
        """The long work under way, by name (the close question names each)."""
        return sorted(self._tasks, key=lambda task: task.job)

    def hold_boxes(self) -> None:
        """The window asks whether to close: what finished work says waits (:meth:`when_free`)."""
        if self._held is None:
            self._held = []

    def release_boxes(self) -> None:
        """The window stays open: what finished work had to say is said now."""
        held, self._held = self._held or [], None
        for say in held:
            say()

    def when_free(self, say: Callable[[], None]) -> None:
        """``say`` (a box after finished work) now; held while the window asks whether to
        close, so it never pops up beside the question; dropped once the window closes."""
        if self.closing:
            return
        if self._held is not None:
            self._held.append(say)
        else:
            say()

    @property
    def unstoppable_work(self) -> bool:
        """Long work under way that a close waits for rather than cancels (a restore)."""
        return any(not task.stoppable for task in self._tasks)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel long work and wait for it (the window is closing). A task slower than
        ``timeout_ms`` to stop is still waited for: a QThread destroyed while it runs aborts
        the program, its register connection perhaps mid-write."""
        self.closing = True  # a box of work that ends meanwhile is no longer shown
        self._held = None
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            if not task.wait(timeout_ms):
                log.warning("a background task is slow to stop after 取消; waiting for it")
                task.wait()
        # Emptied now, while Qt lives: the stack destroyed later (Python's exit) would tell
        # the window's 撤销/重做 actions, printing Qt's "Initialize Q(Gui)Application" warning.
        self.undo_stack.clear()
        self.fold.stop()  # its connection never outlives the register's (closed next)


def backed_up(tab: Any, label: str, do: Callable[[Register, Cancelled | None], Any], *,
              changed: str = "panel", title: str = "", backs_up: bool = True,
              then: Callable[[OpResult], None] | None = None,
              refused: Callable[[OpResult], None] | None = None,
              undo: Callable[[Register], Any] | None = None) -> bool:
    """A write that backs the register up first (``ctx.write_backed_up``: on a large
    register in the background) from a tab with an ``error`` line, which says why it was
    refused or that it was cancelled; ``then(result)`` once written, ``refused(result)``
    once refused or cancelled (in the background too, where this has long returned True).
    True when written or started. (专家评审's tabs, 公示.)"""
    def done(result: OpResult) -> None:
        tab.error.setText("" if result.ok else result.error)
        if result.ok and then is not None:
            then(result)
        elif not result.ok and refused is not None:
            refused(result)

    result = tab.ctx.write_backed_up(label, do, changed=changed, parent=tab,
                                     title=title or f"未能{label}", backs_up=backs_up,
                                     on_done=done, undo=undo)
    return result is None or result.ok
