"""文件 → 从备份恢复…: choose one of the register's backups, newest first (a damaged
register's own copy, kept when a restore replaced it, shown greyed: not to be chosen), or
a backup kept elsewhere (从其他位置选择…: a .zip or an older plain .db on a USB stick, the
old PC's register brought to a new one).

A file chosen elsewhere is looked at at once (``safety.backup_choice``): one that cannot
be restored from is refused, saying why, the dialog still open; another register's
backup is asked about, naming both registers. The dialog chooses and asks the main
window's confirmation (:meth:`RestoreDialog.question`, over the list: 取消 or Esc there
returns to the list, the same backup highlighted); the main window then calls
:func:`boostdesk.safety.session.restore_and_reopen`. Keyboard: the list has the focus,
arrows move, Enter restores the highlighted backup, Alt+O chooses a file, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QThread
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety.backup import (
    NOT_RESTORABLE,
    BackupError,
    BackupFolderRefused,
    BackupInfo,
    list_backups,
    newer_backup,
)
from boostdesk.safety.backup_choice import ChosenBackup, backup_version, chosen_backup
from boostdesk.safety.erased_back import erased_people, in_backup, warning
from boostdesk.safety.lost_changes import HOLDS_MARK
from boostdesk.safety.upgrade_notice import restore_upgrades

from . import dialogs
from .elided_tips import plain_tips
from .export_folder import BACKUP_FOLDER_KEY, documents_folder, start_folder


class RestoreDialog(QDialog):
    def __init__(self, register: str | Path, parent: QWidget | None = None,
                 confirm: Callable[[str], bool] | None = None,
                 settings: QSettings | None = None, holding: str | None = None) -> None:
        """``confirm``: asked :meth:`question` before the dialog closes (False: it stays);
        ``settings``: where 从其他位置选择… opens (the folder 备份到… last wrote to);
        ``holding``: the name of the backup that holds changes the register lost (a -wal
        deleted): chosen, and marked 含缺少的修改 (the newest, the start-up backup just
        taken, lacks them)."""
        super().__init__(parent)
        self.confirm = confirm
        self.settings = settings
        self.setObjectName("restore_dialog")
        self.setWindowTitle("从备份恢复")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.register = Path(register)
        try:
            self.backups = list_backups(register, strict=True)  # newest first
            unread = ""
        except BackupFolderRefused as exc:  # another account's folder: not "no backups"
            self.backups, unread = [], f"{str(exc).rstrip('。')}。"
        self.elsewhere: ChosenBackup | None = None  # a file chosen with 从其他位置选择…
        restorable = [i for i, info in enumerate(self.backups) if info.restorable]
        layout = QVBoxLayout(self)
        if restorable:
            text = ("选择要恢复的备份（最新的在最上面）。恢复前会先把当前登记册另存为一份备份，"
                    "恢复后本窗口显示备份中的内容。")
        elif unread:
            text = unread
        elif self.backups:
            text = f"登记册 {Path(register).name} 没有可用来恢复的备份，只有恢复时另存的损坏登记册。"
        else:
            text = f"登记册 {Path(register).name} 还没有备份。"
        if not restorable:
            text += "如备份在别处（如 U 盘、旧电脑拷来的文件），请点“从其他位置选择…”。"
        if len(restorable) < len(self.backups):
            text += f"灰色的是恢复备份时另存的损坏登记册，留作查证，{NOT_RESTORABLE}。"
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        plain_tips(self.list)
        self.list.setObjectName("backups")
        # named as the other lists are: the intro (its buddy) gave a screen reader no name
        self.list.setAccessibleName("备份列表")
        self.list.setAccessibleDescription(text)
        for info in self.backups:
            item = QListWidgetItem(info.describe())  # 2022-10-17 10:02:33（拨付前，12.0 KB）
            item.setToolTip(str(info.path))
            if not info.restorable:  # shown, greyed, never chosen (as `backup list` shows it)
                item.setText(f"{info.describe()}——{NOT_RESTORABLE}")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            elif info.path.name == holding:
                item.setText(f"{info.describe()}——{HOLDS_MARK}")
            self.list.addItem(item)
        intro.setBuddy(self.list)
        layout.addWidget(self.list)
        # Apart from 恢复 and 取消, on the left, and before them in the Tab order.
        self.elsewhere_button = QPushButton(ELSEWHERE)
        self.elsewhere_button.setAutoDefault(False)  # Enter on the list restores its backup
        self.elsewhere_button.setToolTip("选择 U 盘等其他位置的备份文件（.zip，或旧版的 .db）")
        self.elsewhere_button.clicked.connect(lambda _checked=False: self.choose_elsewhere())
        buttons, self.restore_button = dialogs.ok_cancel_buttons(self, "恢复")
        self.restore_button.setEnabled(bool(restorable))
        # A double click restores; Enter reaches 恢复, the default (the list passes Enter
        # on: restoring on itemActivated as well asked the confirmation twice per Enter).
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        row = QHBoxLayout()
        row.addWidget(self.elsewhere_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        named = [i for i in restorable if self.backups[i].path.name == holding]
        if restorable:
            self.list.setCurrentRow((named or restorable)[0])
        self.list.setFocus()
        self.resize(520, 360)

    def chosen(self) -> BackupInfo | None:
        """The listed backup highlighted (None: a file chosen elsewhere, or none)."""
        if self.elsewhere is not None:
            return None
        row = self.list.currentRow()
        info = self.backups[row] if 0 <= row < len(self.backups) else None
        return info if info is not None and info.restorable else None

    def chosen_file(self) -> Path | None:
        """The file to restore from: the one chosen elsewhere, else the listed one."""
        if self.elsewhere is not None:
            return self.elsewhere.path
        info = self.chosen()
        return info.path if info is not None else None

    @property
    def other_register(self) -> bool:
        """Another register's backup, asked about and accepted (``restore``'s option)."""
        return self.elsewhere is not None and self.elsewhere.other

    def chosen_version(self) -> int:
        """The schema of the register the chosen backup holds (0: it records none)."""
        if self.elsewhere is not None:
            return self.elsewhere.version
        info = self.chosen()
        return backup_version(info.path) if info is not None else 0

    def question(self, erased: list[int] | None = None) -> str:
        """The main window's confirmation: the backup, and what becomes of the register
        (a backup an older BoostDesk made: its upgrade, said as the opening says it).
        ``erased``: the erased people the backup brings back, read already (:meth:`erased`)."""
        then = ("当前登记册会先另存为一份备份（恢复前），之后仍可用它恢复回来。"
                "撤销记录将被清空。")
        upgrade = restore_upgrades(self.chosen_version())
        if upgrade is not None:
            then += f"\n\n{upgrade}"
        chosen_file = self.chosen_file()
        if erased is None:
            erased = in_backup(chosen_file, self.register) if chosen_file is not None else []
        if erased:
            then += f"\n\n注意：{warning(erased)}。"
        if self.elsewhere is not None:
            whose = (f"\n这是登记册 {self.elsewhere.theirs} 的备份，将替换登记册 {self.register.name}。"
                     if self.elsewhere.other else "")
            return f"用这份备份替换当前登记册？\n{self.elsewhere.describe()}{whose}\n{then}"
        info = self.chosen()
        assert info is not None  # asked only once one is chosen
        return f"用备份“{info.describe()}”（{info.path.name}）替换当前登记册？\n{then}"

    def choose_elsewhere(self, path: str | None = None) -> ChosenBackup | None:
        """从其他位置选择…: a backup file anywhere, looked at now (refused saying why, the
        dialog left open); another register's asked about; accepted, the dialog closes."""
        if path is None:
            # where 备份到… last wrote (the stick), else the documents folder
            start = (start_folder(self.settings, BACKUP_FOLDER_KEY) if self.settings is not None
                     else documents_folder())
            path, _ = QFileDialog.getOpenFileName(
                self, "选择备份文件", str(start),
                "BoostDesk 备份 (*.zip *.db);;所有文件 (*)")
            if not path:
                return None
        try:
            chosen = chosen_backup(path, self.register)
        except BackupError as exc:
            dialogs.show_error(self, "不能用这个文件恢复", str(exc))
            return None
        if chosen.other and not dialogs.ask_yes_no(
                self, "另一个登记册的备份", other_register_question(chosen, self.register),
                yes="仍用它恢复", no="另选备份"):
            return None
        self.elsewhere = chosen
        self.accept()
        return chosen

    def accept(self) -> None:
        if self.chosen_file() is None or not self.isVisible():
            return
        info = self.chosen()  # (one chosen elsewhere was looked at as it was chosen)
        version = self.chosen_version() if info is not None else 0
        if info is not None and version > SCHEMA_VERSION:  # a newer BoostDesk's: the dialog
            dialogs.show_error(self, "不能用这份备份恢复",  # stays, another to be chosen
                               str(newer_backup(info.path, version)))
            return
        erased = self.erased() if self.confirm is not None else []
        if erased is None or (self.confirm is not None
                              and not self.confirm(self.question(erased))):
            # 取消 or Esc on the confirmation: back to the list, not out of the restore
            # (closing both threw away the backup the clerk had looked for)
            self.elsewhere = None
            self.activateWindow()  # the box closed: keys to the list, not the main window
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()

    def erased(self) -> list[int] | None:
        """The people the register erased that the chosen backup holds again (the question
        warns of them), or None: 取消 while it was read. A zip is extracted for it (1–2 s at
        100,000 applications), in a worker behind a progress with 取消, the window live;
        not at all when the register erased nobody."""
        chosen_file = self.chosen_file()
        if chosen_file is None or not erased_people(self.register):
            return []
        from PySide6.QtCore import QEventLoop

        from .context import LongTask, progress_dialog

        register = self.register
        task = LongTask(lambda _progress, _cancelled: in_backup(chosen_file, register))
        task.job = "读取备份"
        _READING.add(task)  # kept until it ends, even when 取消 stopped waiting for it
        task.finished.connect(lambda: _READING.discard(task))
        dialog = progress_dialog(task, f"正在读取备份 {chosen_file.name}…", self)
        found: list[list[int]] = []
        loop = QEventLoop()

        def ended(ids: list[int]) -> None:
            found.append(ids)
            loop.quit()

        task.succeeded.connect(ended)
        task.failed.connect(lambda _exc: ended([]))  # (in_backup says none when unreadable)
        dialog.canceled.connect(loop.quit)
        task.start(QThread.Priority.LowPriority)
        loop.exec()
        dialog.hide()
        return found[0] if found else None


# Backups read for the question, held until they end (a running QThread destroyed aborts).
_READING: set[QThread] = set()

ELSEWHERE = "从其他位置选择(&O)…"


def other_register_question(chosen: ChosenBackup, register: Path) -> str:
    """Another register's backup (its zip names the register it was taken of): both named,
    and when it is right to use it. Refused without a word of it, the command line's
    ``restore`` put another register's applications in this one's place."""
    return (f"备份 {chosen.path.name} 是登记册 {chosen.theirs} 的备份，不是本窗口的登记册 "
            f"{register.name} 的备份。\n\n只有确要用 {chosen.theirs} 的内容替换 {register.name} 时"
            f"才这样恢复，如换电脑后把旧电脑的登记册搬过来。否则请另选 {register.name} 的备份。\n\n"
            f"仍用它恢复吗？（恢复前还会再确认一次）")
