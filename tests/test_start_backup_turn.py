"""The window's start-up backup and 文件 → 立即备份 are one thing at a time: 立即备份 clicked
in the window's first seconds ran beside the start-up backup (two copies of the register
at once, both numbered from the same listing, so the start-up one, begun first, was
listed as the newer, and each pruned the folder while the other wrote into it). It waits
for it now, saying so, and its 取消 still works. A window closed during the start-up
backup stops it (no file left, neither a backup nor its hidden copy) instead of going on
unseen, holding the register, for the seconds of a large register's copy.

The start-up backup is held at one of its steps by a monkeypatched step the test releases,
not by timing."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QProgressDialog
from test_ui_app import opened_or_closed, shown_window, user_settings_in
from test_ui_support import answers

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import backup as backup_module
from boostdesk.safety import backup_file
from boostdesk.safety.backup import BackupCancelled, backup_dir, backup_register, list_backups

__all__ = ["answers", "user_settings_in"]

HOLD = 10  # seconds a held step waits at most: a safety net for a broken run, never reached


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "register.db"
    with Register.open(path, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    return path


class HeldCopy:
    """``copy_database`` held for the copies of one reason until released; records the
    reasons of the copies begun."""

    def __init__(self, monkeypatch, reason: str) -> None:
        self.reason = reason
        self.begun: list[str] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        real = backup_module.copy_database

        def copy(source, target, **kw):
            self.begun.append(target.name.split("-")[-1].split(".")[0])  # …-start.zip.PID.db.tmp
            if self.reason in target.name:
                self.entered.set()
                self.release.wait(HOLD)
            return real(source, target, **kw)

        monkeypatch.setattr(backup_module, "copy_database", copy)


def _in_window(monkeypatch, qtbot, answers, register, then) -> None:
    """`boostdesk gui --db REGISTER`, ``then(window)`` run once its register is open."""
    def fake_exec() -> int:
        window = shown_window()
        opened_or_closed(qtbot, window)
        then(window)
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(register)]) == 0


def _backup_now_by_keys(qtbot, window, answers) -> QProgressDialog | None:
    """Alt+F, B as a clerk presses them; the progress dialog it shows (None: it ended
    first, said 已备份, as it did beside the start-up backup)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_B)

    def shown() -> QProgressDialog | None:
        return next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)

    qtbot.waitUntil(lambda: shown() is not None or bool(answers.infos), timeout=5000)
    return shown()


def test_backup_now_waits_for_the_start_up_backup_saying_so(
        register, qapp, qtbot, answers, monkeypatch):
    held = HeldCopy(monkeypatch, "start")
    seen: dict[str, object] = {}

    def then(window) -> None:
        qtbot.waitUntil(held.entered.is_set, timeout=10_000)  # the start-up copy under way
        dialog = _backup_now_by_keys(qtbot, window, answers)
        seen["label"] = dialog.labelText() if dialog is not None else answers.infos
        seen["begun"] = list(held.begun)
        held.release.set()
        qtbot.waitUntil(lambda: bool(answers.infos), timeout=20_000)
        window.close()

    _in_window(monkeypatch, qtbot, answers, register, then)
    assert seen["begun"] == ["start"]  # 立即备份's copy had not begun beside it
    assert "启动时的自动备份正在进行，它完成后接着做这次备份" in str(seen["label"])
    made = list_backups(register)
    assert [(b.reason, b.seq) for b in made] == [("manual", 2), ("start", 1)]  # newest first
    [(title, said)] = answers.infos
    assert title == "已备份" and str(made[0].path) in said
    assert answers.errors == []


def test_its_cancel_works_while_it_waits(register, qapp, qtbot, answers, monkeypatch):
    held = HeldCopy(monkeypatch, "start")
    seen: dict[str, object] = {}

    def then(window) -> None:
        qtbot.waitUntil(held.entered.is_set, timeout=10_000)
        dialog = _backup_now_by_keys(qtbot, window, answers)
        assert dialog is not None, answers.infos  # (it ran beside the start-up backup)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # 取消
        qtbot.waitUntil(lambda: not window.ctx.busy, timeout=10_000)  # while the start-up one is held
        seen["status"] = window.statusBar().currentMessage()
        held.release.set()
        qtbot.waitUntil(lambda: bool(list_backups(register)), timeout=20_000)
        window.close()

    _in_window(monkeypatch, qtbot, answers, register, then)
    assert seen["status"] == "已取消备份，未写入备份文件"
    assert held.begun == ["start"]
    assert [b.reason for b in list_backups(register)] == ["start"]
    assert not [p for p in backup_dir(register).iterdir() if p.name.startswith(".")]
    assert answers.infos == [] and answers.errors == []


def test_closing_the_window_during_the_start_up_backup_leaves_no_file(
        register, qapp, qtbot, answers, monkeypatch):
    """Held in its compression until cancelled (the copy itself is one step: the clerk's
    first saves do not restart it)."""
    entered = threading.Event()
    real = backup_file.write_zip

    def held_zip(files, tmp, meta, *, step=None):
        entered.set()
        for _ in range(HOLD * 100):  # until cancelled: ``step`` raises then
            if step is not None:
                step(0, 1)
            threading.Event().wait(0.01)
        return real(files, tmp, meta, step=step)

    monkeypatch.setattr(backup_file, "write_zip", held_zip)

    def then(window) -> None:
        qtbot.waitUntil(entered.is_set, timeout=10_000)
        window.close()

    _in_window(monkeypatch, qtbot, answers, register, then)
    assert list(backup_dir(register).iterdir()) == []  # no backup, whole or half, no hidden copy
    assert answers.infos == [] and answers.errors == []
    with Register.open(register, operator="王秀兰") as reg:  # released, whole
        assert [a.title for a in reg.patents(2022)] == ["焊缝检测"]


def test_two_backups_of_one_register_are_made_one_after_the_other(register, monkeypatch):
    """(The domain: an import's backup, a restore's 恢复前 copy, in workers of their own.)"""
    from boostdesk.safety.one_backup import in_progress

    held = HeldCopy(monkeypatch, "start")
    first = threading.Thread(target=backup_register, args=(register, "start"))
    first.start()
    assert held.entered.wait(HOLD)
    assert in_progress(register) == "start"
    with pytest.raises(BackupCancelled, match="已取消备份"):  # 取消 while it waits: nothing made
        backup_register(register, "manual", cancelled=lambda: True)
    waiter = threading.Thread(target=backup_register, args=(register, "import"))
    waiter.start()
    held.release.set()
    first.join(HOLD)
    waiter.join(HOLD)
    assert [(b.reason, b.seq) for b in list_backups(register)] == [("import", 2), ("start", 1)]
    assert in_progress(register) is None
