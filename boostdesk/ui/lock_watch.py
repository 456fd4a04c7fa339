"""A window that opened its register read-only (another BoostDesk, or a command line
run, had it) watches the register's lock, so it is not read-only for the rest of the day.

The status bar's red 只读 is a button: while someone holds the register it names them
(and follows a change of holder); once they have closed it, the window asks whether to
take the register over — asked, not taken: the clerk who owns it may be restarting
their window. Taking it over opens the register for writing and builds every screen
again on it, so nothing shown from before (the holder's last changes missing) can be
saved back over what the holder stored.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from . import dialogs
from .retheme import keep_colours
from .style import plain_tip

if TYPE_CHECKING:
    from .main_window import MainWindow

# The question when the register can be taken over (it is not modifiable until answered).
TAKE_OVER_TITLE = "改为可修改？"
# 只读 clicked while the disk is still full: what to do, as the badge's tip says (not the
# opening's message, which said to open the register again).
STILL_FULL = ("登记册所在磁盘仍然已满，本窗口仍为只读。\n\n请先腾出空间（删除或移走该磁盘上不需要的"
              "文件），再点状态栏上的“只读”改为可修改，不必重新启动。")
WATCH_MS = 3000  # a look at the lock: one open, one non-blocking flock, one close
BADGE_STYLE = ("QPushButton { color: white; background: #c62828; border: none;"
               " padding: 0 6px; }")


Probe = tuple[Any, Any]  # (the file's identity, who holds its lock: LockInfo or None)


def _probe(path: Any) -> Probe:
    from boostdesk.safety import holder

    return _identity(path), holder(path)


def left_name(path: Any) -> Any:
    """The holder a lock file, held by nobody now, still names (LockInfo): left by one that
    never released it (a release empties it first); None once it was closed as usual."""
    from boostdesk.safety.lock import lock_path, read_left

    return read_left(lock_path(path)) if path is not None else None


def _identity(path: Any) -> tuple[int, int] | None:
    """Which file is at ``path`` (a restore puts another one there)."""
    try:
        st = os.stat(path)
    except (OSError, TypeError):
        return None
    return st.st_dev, st.st_ino


class LockWatch(QObject):
    """The read-only window's badge and its watch on the register's lock."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.asked = False  # the question is asked once; the badge offers it afterwards
        self.badge = QPushButton("只读")
        self.badge.setObjectName("read_only_badge")
        self.badge.setAccessibleName("只读：点此改为可修改")
        self.badge.setStyleSheet(BADGE_STYLE)
        keep_colours(self.badge)  # white on its red in any palette
        self.badge.clicked.connect(self.take_over)
        window.statusBar().addPermanentWidget(self.badge)
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_MS)
        self.timer.timeout.connect(self._tick)
        self._probe: threading.Thread | None = None
        self._seen: tuple[int, Probe] | None = None
        self.generation = 0  # moves on with the register read: a probe of the one before is dropped
        self.identity = _identity(self.reg.path)  # the file this window reads
        self._describe()
        if self._watchable():
            self.timer.start()

    @property
    def reg(self) -> Any:
        return self.window.ctx.reg  # type: ignore[union-attr]

    def _watchable(self) -> bool:
        """Held by another instance: a folder this account cannot write stays read-only."""
        return self.reg.path is not None and not getattr(self.reg, "reason", "")

    def _full(self) -> bool:
        """Opened read-only because its disk was full: the badge's click looks again."""
        from boostdesk.safety.session import FULL_CAUSE

        return self.reg.path is not None and getattr(self.reg, "cause", "") == FULL_CAUSE

    def _describe(self) -> None:
        text = getattr(self.reg, "read_only_message", "登记册只读")
        if self._watchable():
            text += "。对方关闭后，本窗口会提示改为可修改，不必重新启动；也可点此改为可修改"
        elif self._full():
            text += "。腾出空间后，点此改为可修改，不必重新启动"
        self.badge.setToolTip(plain_tip(text))  # the holder's operator name, as typed

    def _held_by(self, who: Any) -> None:
        """Another holder now (the first closed, another took it): named from now on."""
        self.reg.holder = who
        self.reg.conn.message = self.reg.read_only_message
        self._describe()

    def _tick(self) -> None:
        """The timer: the lock is looked at in a thread (on a slow or disconnected share
        opening a file takes seconds, which the window would freeze for); what it saw
        is acted on at the next tick."""
        seen, self._seen = self._seen, None
        if seen is not None and seen[0] == self.generation:
            self.look(seen[1])
        if self._probe is None or not self._probe.is_alive():
            path, generation = self.reg.path, self.generation

            def probe() -> None:
                self._seen = generation, _probe(path)

            self._probe = threading.Thread(target=probe, daemon=True, name="lock-watch")
            self._probe.start()

    def look(self, seen: Probe | None = None) -> None:
        """Who holds the register now (``seen``: as a probe found it, else looked at
        here); once nobody does, ask (not over a dialog or work)."""
        ctx = self.window.ctx
        if ctx is None or not ctx.read_only or not self.window.isVisible():
            self.timer.stop()  # (closed: no question from a window that has gone)
            return
        identity, who = seen if seen is not None else _probe(self.reg.path)
        if identity not in (self.identity, None):
            if QApplication.activeModalWidget() is None and not ctx.busy:
                self._replaced()
            return
        if who is not None:
            if who != getattr(self.reg, "holder", None):
                self._held_by(who)
            if self.asked:  # taken again since: asked again once it is free again
                self.asked = False
                self.badge.setText("只读")
                self._describe()
            return
        if self.asked or QApplication.activeModalWidget() is not None or ctx.busy:
            return
        self.asked = True
        gone = getattr(self.reg, "holder", None)
        who = gone.describe() if gone else "另一个 BoostDesk "
        # A name still in the lock file: its holder never released it (killed, crashed,
        # the power cut), which is not 已关闭 — its unsaved typing is what the clerk may
        # find offered back (新建), and the register is checked as it is taken over.
        left = left_name(self.reg.path)
        closed = ("没有正常关闭（程序被强行结束、死机或断电），现在没有人在修改它；改为可修改时"
                  "会先检查登记册" if left is not None else "已关闭登记册，现在没有人在修改它")
        self.badge.setText("只读 · 可改为可修改")
        # the tip said 正由…打开…请等对方关闭: now what the badge says, and what a click does
        self.badge.setToolTip(plain_tip(f"{who}{closed}。点此改为可修改，不必重新启动"))
        if dialogs.ask_yes_no(
                self.window, TAKE_OVER_TITLE,
                f"{who}{closed}。\n\n"
                "改由本窗口修改登记册吗？各页面会按登记册的最新内容重新显示。"
                "选“继续只读”的，以后也可点状态栏上的“只读”改为可修改。",
                yes="改为可修改", no="继续只读", default_yes=True):
            self.take_over()

    def _replaced(self) -> None:
        """The holder restored a backup (the file replaced: on POSIX this window went on
        reading the one replaced, what the restore took out): read the new one."""
        from boostdesk.safety import holder, open_read_only

        window, ctx, old = self.window, self.window.ctx, self.reg
        if ctx is None:
            return
        try:
            new = open_read_only(old.path, old.operator, holder(old.path))
        except Exception:  # noqa: BLE001 - mid-replace: the next look tries again
            return
        self.identity = _identity(old.path)
        self.generation += 1
        ctx.replace_register(new)
        ctx.undo_stack.clear()
        window._rebuild_screens()
        old.close()
        ctx.changed.emit("all")
        self._describe()
        dialogs.show_info(window, "登记册已被替换",
                          "登记册文件已被替换（另一处从备份恢复了登记册）。本窗口原先显示的是替换前的"
                          "内容，现已按替换后的登记册重新显示，仍为只读。")

    def take_over(self) -> None:
        """Open the register for writing in the background (its quick check takes seconds
        on a large one), then rebuild the screens on it."""
        from boostdesk.safety.session import take_over

        from .context import error_text

        window, ctx = self.window, self.window.ctx
        if ctx is None or not ctx.read_only:
            return
        if self._full():
            from boostdesk.safety.integrity import disk_full

            if disk_full(self.reg.path):  # still: said so, and what to do (not the
                dialogs.show_error(window, "磁盘仍已满", STILL_FULL)  # opening's 重新打开)
                return
            if not dialogs.ask_yes_no(
                    window, TAKE_OVER_TITLE,
                    "登记册所在磁盘现在已有空间。\n\n改由本窗口修改登记册吗？各页面会按登记册的"
                    "最新内容重新显示。", yes="改为可修改", no="继续只读", default_yes=True):
                return
        elif not self._watchable():
            dialogs.show_error(window, "只读", self.reg.read_only_message)
            return
        if ctx.busy:
            window.show_notice("后台任务仍在进行，请等它完成后再改为可修改")
            return
        from boostdesk.safety import holder

        who = holder(self.reg.path)
        if who is not None:  # said at once, not after the seconds of a check
            self._held_by(who)
            dialogs.show_error(window, "不能改为可修改", self.reg.read_only_message)
            return
        reg, operator = ctx.reg, ctx.operator

        def work(_progress: Any, _cancelled: Any) -> Any:
            return take_over(reg, operator)

        def done(opened: Any) -> None:
            self.timer.stop()
            ctx.replace_register(opened.reg)
            ctx.undo_stack.clear()
            window._rebuild_screens()  # built on the read-only register, from before
            reg.close()
            window.statusBar().removeWidget(self.badge)
            self.badge.deleteLater()
            ctx.changed.emit("all")
            window._update_title()
            window.lock_watch = None
            window.show_notice("登记册已改为可修改，各页面已按最新内容重新显示")
            if opened.lost is None and opened.reg.path is not None:
                # as a window opening for writing does (launch.Opening): a start backup, in
                # the background; not while changes lost are unacknowledged
                from .app import start_backup_task

                window.take_over_backup = start_backup_task(opened.reg.path, window)
            if opened.warnings:
                dialogs.show_info(window, "提示", "\n\n".join(opened.warnings))
            self.deleteLater()

        def failed(exc: BaseException) -> None:
            from boostdesk.safety import RegisterBusy

            if isinstance(exc, RegisterBusy):  # taken again meanwhile: watch on
                self.asked = False
                self.badge.setText("只读")
                self._held_by(exc.holder)
            dialogs.show_error(window, "不能改为可修改", error_text(exc))

        ctx.run_long("正在检查并取得登记册…", work, done, failed, parent=window)
