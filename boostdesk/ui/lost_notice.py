"""The window's start when the register lost its last saved changes (a -wal deleted after a
crash, ``safety/lost_changes.py``): a question of its own, before anything is typed, asked
at every start until the clerk answers 我已知道 or restores a backup. 稍后处理 (Esc, the ×)
leaves it unanswered: the next start asks again, and every command says it meanwhile."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMessageBox

from boostdesk.safety.lost_changes import LostChanges, acknowledge

from . import dialogs

log = logging.getLogger(__name__)

TITLE = "登记册缺少最近的修改"
ACKNOWLEDGE = "我已知道（&K）"
RESTORE = "从备份恢复…（&R）"
LATER = "稍后处理"
HOW = "窗口中按“我已知道”"


def ask_lost(window: Any, lost: LostChanges) -> str:
    """Ask; act on the answer. Returns "acknowledged", "restore" (the 从备份恢复 dialog
    opened: the restore, once made, is the acknowledgement) or "later"."""
    ctx = window.ctx
    reg = ctx.reg
    said = lost.message(reg.path.name if reg.path else "register.db")
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
    if clicked is restore:
        window.restore_from_backup()
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
