"""The window on a backups/ folder of another account: the start-up backup's failure, 立即备份
and 从备份恢复 say the folder and its rights (they said a file open in Excel, and 还没有备份
of a folder with a backup in it). The refusal simulated as in test_storage_rights."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from test_storage_rights import backed_up, deny
from test_ui_backup_menu import _file_menu, _window
from test_ui_support import answers, qsettings

from boostdesk.safety.backup import backup_dir
from boostdesk.safety.session import open_register
from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["answers", "backed_up", "qsettings"]


def test_a_start_backup_refused_by_the_folder_s_rights_points_to_backup_to(
        backed_up, qtbot, qapp, answers, monkeypatch):
    from boostdesk.ui.app import start_backup_task

    folder = backup_dir(backed_up)
    deny(monkeypatch, folder, read=False)
    window = QWidget()
    qtbot.addWidget(window)
    start_backup_task(backed_up, window).wait()
    qtbot.waitUntil(lambda: bool(answers.infos), timeout=10_000)
    said = answers.infos[-1][1]
    assert said.startswith(f"启动时自动备份失败：无法写入备份文件夹 {folder}（没有写入权限"), said
    assert "Excel" not in said and "“文件”→“备份到…”" in said
    assert "再备份一次" not in said  # 立即备份 fails alike until the rights are put right
    assert said.count("登记册未被改动") + said.count("未受影响") == 1, said


def test_backup_now_and_restore_on_an_unreadable_backup_folder_say_so(
        backed_up, qtbot, qapp, answers, qsettings, monkeypatch):
    folder = backup_dir(backed_up)
    reg = open_register(backed_up, "录入员甲", start_backup=False).reg
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        deny(monkeypatch, folder, read=True)
        _file_menu(qtbot, window, Qt.Key.Key_B)  # 立即备份
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.errors), timeout=20_000)
        [(title, said)] = answers.errors
        assert title == "备份失败" and f"无法读取备份文件夹 {folder}（没有读取权限" in said, said
        assert "“文件”→“备份到…”" in said and "Excel" not in said
        dialog = RestoreDialog(backed_up, window)
        qtbot.addWidget(dialog)
        intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "还没有备份" not in intro and f"无法读取备份文件夹 {folder}" in intro, intro
        assert "从其他位置选择" in intro and not dialog.restore_button.isEnabled()
    finally:
        ctx.shutdown()
        window.close()
        reg.close()
        QApplication.processEvents()
