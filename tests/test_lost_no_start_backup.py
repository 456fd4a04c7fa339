"""No start-up backup while a loss is pending (a -wal deleted after a crash, not yet
acknowledged): each start answered 稍后处理 made one more backup of the register lacking
the changes, first in the restore list (``restore 1``) as if it were the good recent point,
rotating out older backups (only the one holding the changes was kept). The start says
it took none; 立即备份 (``boostdesk backup``) still backs up; once acknowledged the window
takes its start-up backup then, and the next starts back up as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_lost_wal import _register, lost_after_a_crash
from test_ui_lost_changes import _open_window
from test_ui_support import answers, qsettings

from boostdesk.cli import main
from boostdesk.safety import list_backups, open_register
from boostdesk.safety.lost_changes import NO_START_BACKUP

__all__ = ["answers", "qsettings"]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _reasons(db: Path) -> list[str]:
    return sorted(b.reason for b in list_backups(db))


def test_an_opening_takes_no_start_backup_while_the_loss_is_pending(tmp_path, capsys):
    db = _register(tmp_path)
    lost_after_a_crash(db)
    before = _reasons(db)
    for _ in range(2):  # the opening that finds it, and the next: neither
        opened = open_register(db, "王秀兰")  # (start_backup: the default)
        opened.reg.close()
        assert opened.lost is not None and opened.start_backup is None
        assert opened.warnings[0].startswith("登记册缺少最近的修改")
        assert opened.warnings[1] == f"本次打开未自动备份：{NO_START_BACKUP}"
    assert _reasons(db) == before
    # a backup asked for is taken all the same
    assert main(["backup", "--db", str(db)]) == 0
    assert _reasons(db) == sorted([*before, "manual"])
    # acknowledged: the start backs up again
    assert main(["backup", "--db", str(db), "--acknowledge-lost"]) == 0
    capsys.readouterr()
    opened = open_register(db, "王秀兰")
    opened.reg.close()
    assert opened.lost is None and opened.start_backup is not None
    assert not any("未自动备份" in w for w in opened.warnings)


def test_the_window_takes_none_and_takes_it_once_the_clerk_says_she_knows(
        tmp_path, qtbot, qapp, answers, qsettings):
    """稍后处理: none taken, the question and the status-bar note say so; 我已知道 later
    (Ctrl+Shift+L from the note): taken then."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from boostdesk.ui.lost_notice import REMIND_KEY

    db = _register(tmp_path)
    lost_after_a_crash(db)
    before = _reasons(db)
    window, opening, seen = _open_window(qtbot, qsettings, db, "稍后处理")
    try:
        assert f"本次打开未自动备份：{NO_START_BACKUP}，按“我已知道”后即自动备份。" in seen[0]
        qtbot.waitUntil(lambda: window.lost_reminder is not None, timeout=10_000)
        assert opening.backup is None and _reasons(db) == before  # none started
        assert NO_START_BACKUP in window.lost_reminder.button.toolTip()

        def acknowledge() -> None:
            for box in QApplication.topLevelWidgets():
                if box.objectName() == "lost_changes_box" and box.isVisible():
                    seen.append(box.text())
                    [ack] = [b for b in box.buttons() if b.text().startswith("我已知道")]
                    QTest.mouseClick(ack, Qt.MouseButton.LeftButton)
                    return
            QTimer.singleShot(50, acknowledge)

        QTimer.singleShot(50, acknowledge)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
        QTest.keySequence(window, QKeySequence(REMIND_KEY))
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
        assert "本次打开未自动备份" in seen[1]
        qtbot.waitUntil(lambda: "start" in _reasons(db), timeout=20_000)  # taken now
        assert not Path(f"{db}.lost").exists()
    finally:
        window.close()
        opening.close()


def test_acknowledged_at_the_start_it_is_taken_at_once(tmp_path, qtbot, qapp, answers,
                                                       qsettings):
    db = _register(tmp_path)
    lost_after_a_crash(db)
    window, opening, _seen = _open_window(qtbot, qsettings, db, "我已知道")
    try:
        qtbot.waitUntil(lambda: "start" in _reasons(db), timeout=20_000)
        assert not Path(f"{db}.lost").exists()
    finally:
        window.close()
        opening.close()
