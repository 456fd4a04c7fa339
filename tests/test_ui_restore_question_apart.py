"""The restore's confirmation worded without freezing the window: the zip chosen (从其他位置
选择…, or a listed one) was extracted on the UI thread just to say whether it brings erased
people back (1–2 s at 100,000 applications). A register that erased nobody leaves the zip
unopened; one that did reads it in a worker behind a progress whose 取消 returns to the list."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog
from test_erase_person import AFTER, WANG, path  # noqa: F401 - the erasable register
from test_restore_erased import _erased_after_backup
from test_ui_support import qsettings

from boostdesk.safety import backup_file
from boostdesk.safety.backup import backup_register
from boostdesk.ui import restore_dialog
from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["path", "qsettings"]


def _spied_extract(monkeypatch, gate: threading.Event | None = None) -> list[threading.Thread]:
    """backup_file.extract recording the thread it runs on (waiting for ``gate``)."""
    real = backup_file.extract
    threads: list[threading.Thread] = []

    def extract(*args, **kwargs):
        threads.append(threading.current_thread())
        if gate is not None:
            gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_file, "extract", extract)
    return threads


def _dialog(qtbot, db, qsettings, asked):
    dialog = RestoreDialog(db, confirm=lambda text: asked.append(text) or False,
                           settings=qsettings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _erase_after_backup(db):
    made, pid = _erased_after_backup(db)
    return made.path, pid


def test_a_register_that_erased_nobody_asks_without_opening_the_zip(
        path, qtbot, qapp, qsettings, monkeypatch):
    zipped = backup_register(path, "manual").path
    threads = _spied_extract(monkeypatch)
    asked: list[str] = []
    dialog = _dialog(qtbot, path, qsettings, asked)
    dialog.choose_elsewhere(str(zipped))
    assert asked and "用这份备份替换当前登记册？" in asked[0] and "删除个人信息" not in asked[0]
    assert threads == []  # not extracted at all


def test_the_erased_people_are_read_off_the_ui_thread(path, qtbot, qapp, qsettings, monkeypatch):
    before, pid = _erase_after_backup(path)
    threads = _spied_extract(monkeypatch)
    asked: list[str] = []
    dialog = _dialog(qtbot, path, qsettings, asked)
    dialog.choose_elsewhere(str(before))
    assert asked and f"已删除个人信息的 1 人（人员{pid}）" in asked[0]
    assert threads and threading.main_thread() not in threads


def test_cancel_while_the_backup_is_read_returns_to_the_list(
        path, qtbot, qapp, qsettings, monkeypatch):
    before, _pid = _erase_after_backup(path)
    gate = threading.Event()
    threads = _spied_extract(monkeypatch, gate)
    asked: list[str] = []
    dialog = _dialog(qtbot, path, qsettings, asked)
    seen: list[bool] = []

    def cancel_when_shown() -> None:  # the window is live while the zip is read
        progress = next((w for w in dialog.findChildren(QProgressDialog) if w.isVisible()), None)
        if progress is None or not threads:
            QTimer.singleShot(20, cancel_when_shown)
            return
        seen.append(True)
        # one 请稍候 title form (…, as 正在备份登记册…; it said …… here)
        assert progress.labelText() == f"正在读取备份 {before.name}…"
        qtbot.keyClick(progress, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel_when_shown)
    try:
        assert dialog.choose_elsewhere(str(before)) is not None
        assert seen and asked == []  # no question: back to the list, the dialog open
        assert dialog.isVisible() and dialog.elsewhere is None
    finally:
        gate.set()
        qtbot.waitUntil(lambda: not restore_dialog._READING, timeout=20_000)
