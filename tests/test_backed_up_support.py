"""Support for the tests of writes that back the register up first and, on a large register
(``context.BACKGROUND_BYTES``), run in the background: the backup held in the worker while
the test looks at the window, then let go or 取消 pressed on the progress dialog."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from boostdesk.safety import backup, list_backups
from boostdesk.ui import context

WAIT_MS = 20_000


class HeldBackup:
    """Every register as large as a big one, and its backups held in the worker until
    :meth:`finish` or :meth:`cancel` (a backup on the window's own thread is not held:
    the write did not go to the background, and the test fails at once, not by a wait)."""

    def __init__(self, monkeypatch, ctx) -> None:
        self.ctx = ctx
        self.started = threading.Event()
        self._go = threading.Event()
        real = backup.backup_before

        def held(worker, reason, **kw):  # (an import's: prune_old=False)
            if threading.current_thread() is not threading.main_thread():
                self.started.set()
                self._go.wait(WAIT_MS / 1000)
            return real(worker, reason, **kw)

        monkeypatch.setattr(context, "BACKGROUND_BYTES", 0)
        monkeypatch.setattr(backup, "backup_before", held)
        self.before = len(list_backups(ctx.reg.path))

    def in_background(self, qtbot) -> None:
        """The write started in the background: its backup under way in the worker, the
        progress dialog shown, the window's thread free (this test runs on it)."""
        assert self.ctx.busy, "the write ran on the window's thread"
        qtbot.waitUntil(self.started.is_set, timeout=WAIT_MS)
        ticked: list[bool] = []
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: ticked.append(True))
        qtbot.waitUntil(lambda: bool(ticked), timeout=WAIT_MS)  # events go on meanwhile
        # shown at once by a write; after 300 ms by other long work (an import)
        qtbot.waitUntil(lambda: self.progress_dialog().isVisible(), timeout=WAIT_MS)

    def progress_dialog(self):
        (task,) = self.ctx._tasks
        return task.dialog

    def finish(self, qtbot) -> None:
        self._go.set()
        qtbot.waitUntil(lambda: not self.ctx.busy, timeout=WAIT_MS)
        assert len(list_backups(self.ctx.reg.path)) == self.before + 1

    def cancel(self, qtbot) -> list[str]:
        """取消 pressed on the progress dialog while the backup is made; the notices said
        (a write's: 已取消…，未保存任何改动)."""
        notices = self.press_cancel(qtbot)
        assert any(n.startswith("已取消") and "未保存任何改动" in n for n in notices), notices
        return notices

    def press_cancel(self, qtbot, *, kept: bool = False) -> list[str]:
        """取消 pressed on the progress dialog while the backup is made, the backup then
        let go and the work waited for; the notices said meanwhile, whatever they are.
        Every write takes back its backup when it stores nothing, as a cancelled one does
        (``safety.backup.backed_up_write``); ``kept``: one (or one backup of several
        writes, a batch) stored before the cancel."""
        notices: list[str] = []
        self.ctx.notice.connect(notices.append)
        button = self.progress_dialog().findChild(QPushButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        self._go.set()
        qtbot.waitUntil(lambda: not self.ctx.busy, timeout=WAIT_MS)
        # made, then 取消: taken back
        assert len(list_backups(self.ctx.reg.path)) == self.before + kept
        return notices
