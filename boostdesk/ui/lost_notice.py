"""The window's start when the register lost its last saved changes (a -wal deleted after a
crash, ``safety/lost_changes.py``): a question of its own, before anything is typed, asked
at every start until the clerk answers 我已知道 or restores a backup that holds the lost
changes. 稍后处理 (Esc, the ×) leaves it unanswered: the next start asks again, every command
says it meanwhile, and the window keeps a red note in its status bar (:class:`LostReminder`:
a click or Ctrl+Shift+L asks again) for as long as it is pending — the day's typing went on
with nothing on screen to say the register lacked a paper.

从备份恢复… opens the restore list on the backup the message names (marked 含缺少的修改):
the list's first row may be a backup taken since, of the register already lacking them.
While it is pending the window takes no start-up backup (``lost_changes.NO_START_BACKUP``):
the question and the status-bar note say so, and 我已知道 takes it then."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton

from boostdesk.safety.lost_changes import (
    NO_START_BACKUP,
    LostChanges,
    acknowledge,
    find_backup,
    pending,
)

from . import dialogs
from .retheme import keep_colours

log = logging.getLogger(__name__)

TITLE = "登记册缺少最近的修改"
ACKNOWLEDGE = "我已知道(&K)"
RESTORE = "从备份恢复(&R)…"
LATER = "稍后处理"
HOW = "窗口中按“我已知道”"
REMIND_KEY = "Ctrl+Shift+L"
REMIND_TEXT = "登记册缺少最近的修改，尚未处理"
REMIND_STYLE = ("QPushButton { color: white; background: #c62828; border: none;"
                " padding: 0 6px; }")


def ask_lost(window: Any, lost: LostChanges, no_backup: bool = False) -> str:
    """Ask; act on the answer. Returns "acknowledged", "restore" (the 从备份恢复 dialog
    opened: the restore, once made, is the acknowledgement) or "later". ``no_backup``: this
    start took no start-up backup for it (said; 我已知道 takes it, the caller's part)."""
    ctx = window.ctx
    reg = ctx.reg
    found = find_backup(reg.path, lost) if reg.path is not None else None
    said = lost.message(reg.path.name if reg.path else "register.db", found,
                        kept=reg.path is not None and pending(reg.path) is not None)
    if no_backup:
        said += f"\n本次打开未自动备份：{NO_START_BACKUP}，按“我已知道”后即自动备份。"
    box = dialogs._message_box(QMessageBox.Icon.Warning, TITLE, said.replace("\n", "\n\n"),
                               window)
    box.setObjectName("lost_changes_box")
    box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 36em; }")  # not a 400-px column
    ack = box.addButton(ACKNOWLEDGE, QMessageBox.ButtonRole.AcceptRole)
    ack.setToolTip("已核对，并会按纸质材料补录那之后的修改：此提示不再出现，记入修改记录")
    restore = box.addButton(RESTORE, QMessageBox.ButtonRole.ActionRole)
    later = box.addButton(LATER, QMessageBox.ButtonRole.RejectRole)
    later.setToolTip("Esc：暂不处理，下次打开时仍会提示")
    box.setDefaultButton(later)  # an Enter typed on from the paper acknowledges nothing
    box.setEscapeButton(later)
    dialogs.TypingGuard(box)
    dialogs._exec(box)
    clicked = box.clickedButton()
    if clicked is restore:  # on the backup the message names, not the list's first
        holding = found.holding if found is not None else None
        window.restore_from_backup(holding=holding.name if holding else None)
        return "restore"
    if clicked is not ack:
        return "later"
    if reg.path is None:
        return "later"
    try:
        acknowledge(reg.conn, reg.path, ctx.operator, HOW)
    except Exception as exc:  # a read-only register (another holds it): said, asked again
        log.warning("acknowledging lost changes failed", exc_info=exc)
        dialogs.show_error(window, "未能确认", f"{exc}：下次打开时仍会提示")
        return "later"
    from boostdesk.safety.lock import note_committed

    note_committed(reg)  # the acknowledgement is the register's last commit now
    ctx.changed.emit("all")
    return "acknowledged"


class LostReminder(QObject):
    """The standing note of a loss left unanswered (稍后处理): a red button in the status
    bar, and Ctrl+Shift+L, asking the question again; gone once the mark is (我已知道, a
    restore from a backup holding the changes), looked at whenever the register changes."""

    def __init__(self, window: Any, lost: LostChanges,
                 acknowledged: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.lost = lost
        self.removed = False
        # the start-up backup skipped for the loss, taken once it is acknowledged here
        self.acknowledged = acknowledged
        self.button = QPushButton(f"{REMIND_TEXT}（{REMIND_KEY}）")
        self.button.setObjectName("lost_changes_reminder")
        self.button.setStyleSheet(REMIND_STYLE)
        keep_colours(self.button)  # white on its red in any palette
        self.button.setToolTip("登记册缺少最近保存的修改（日志文件 -wal 丢失）：点此查看提示，"
                               "确认或从备份恢复" + (f"。{NO_START_BACKUP}" if acknowledged else ""))
        self.button.clicked.connect(self.ask)
        window.statusBar().addPermanentWidget(self.button)
        self.shortcut = QShortcut(QKeySequence(REMIND_KEY), window)
        self.shortcut.activated.connect(self.ask)
        window.ctx.changed.connect(self.refresh)

    def ask(self) -> None:
        current = self._pending()
        if current is None:
            self.remove()
            return
        self.lost = current
        if ask_lost(self.window, current, no_backup=self.acknowledged is not None) == \
                "acknowledged":
            if self.acknowledged is not None:
                self.acknowledged()
            self.remove()

    def _pending(self) -> LostChanges | None:
        path = self.window.ctx.reg.path if self.window.ctx is not None else None
        if path is None:
            return None
        # a read-only folder keeps no mark: the loss found by this opening stands
        return pending(path) or (self.lost if getattr(self.window.ctx, "read_only", False)
                                 else None)

    def refresh(self, *_args: Any) -> None:
        if self._pending() is None:
            self.remove()

    def remove(self) -> None:
        if self.removed:  # (the acknowledgement's changed("all") removed it already)
            return
        self.removed = True
        if self.window.ctx is not None:
            try:
                self.window.ctx.changed.disconnect(self.refresh)
            except (RuntimeError, TypeError):
                pass
        self.shortcut.setEnabled(False)
        self.window.statusBar().removeWidget(self.button)
        self.button.deleteLater()
        self.shortcut.deleteLater()
        if getattr(self.window, "lost_reminder", None) is self:
            self.window.lost_reminder = None
        self.deleteLater()


def remind(window: Any, lost: LostChanges,
           acknowledged: Callable[[], None] | None = None) -> LostReminder:
    """The standing note (one per window); ``acknowledged``: called once 我已知道 is
    answered from it (the start-up backup skipped for the loss)."""
    old = getattr(window, "lost_reminder", None)
    if old is not None:
        old.remove()
    window.lost_reminder = LostReminder(window, lost, acknowledged)
    return window.lost_reminder
