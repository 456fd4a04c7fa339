"""文件 → 从备份恢复…: choose one of the register's backups, newest first (a damaged
register's own copy, kept when a restore replaced it, shown greyed: not to be chosen).

The dialog only chooses; the main window asks for confirmation and calls
:func:`boostdesk.safety.session.restore_and_reopen`. Keyboard: the list has the
focus, arrows move, Enter restores the highlighted backup, Esc cancels.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boostdesk.safety.backup import NOT_RESTORABLE, BackupInfo, list_backups

from . import dialogs
from .elided_tips import plain_tips


class RestoreDialog(QDialog):
    def __init__(self, register: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle("从备份恢复")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.backups = list_backups(register)  # newest first
        restorable = [i for i, info in enumerate(self.backups) if info.restorable]
        layout = QVBoxLayout(self)
        if restorable:
            text = ("选择要恢复的备份（最新的在最上面）。恢复前会先把当前登记册另存为一份备份，"
                    "恢复后本窗口显示备份中的内容。")
        elif self.backups:
            text = f"登记册 {Path(register).name} 没有可用来恢复的备份，只有恢复时另存的损坏登记册。"
        else:
            text = f"登记册 {Path(register).name} 还没有备份，无法恢复。"
        if len(restorable) < len(self.backups):
            text += f"灰色的是恢复备份时另存的损坏登记册，留作查证，{NOT_RESTORABLE}。"
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        plain_tips(self.list)
        self.list.setObjectName("backups")
        for info in self.backups:
            item = QListWidgetItem(info.describe())  # 2022-10-17 10:02:33（拨付前，12.0 KB）
            item.setToolTip(str(info.path))
            if not info.restorable:  # shown, greyed, never chosen (as `backup list` shows it)
                item.setText(f"{info.describe()}——{NOT_RESTORABLE}")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        intro.setBuddy(self.list)
        layout.addWidget(self.list)
        buttons, self.restore_button = dialogs.ok_cancel_buttons(self, "恢复")
        self.restore_button.setEnabled(bool(restorable))
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(buttons)
        if restorable:
            self.list.setCurrentRow(restorable[0])
        self.list.setFocus()
        self.resize(520, 360)

    def chosen(self) -> BackupInfo | None:
        row = self.list.currentRow()
        info = self.backups[row] if 0 <= row < len(self.backups) else None
        return info if info is not None and info.restorable else None

    def accept(self) -> None:
        if self.chosen() is not None and self.isVisible():  # Enter may reach here twice
            super().accept()
