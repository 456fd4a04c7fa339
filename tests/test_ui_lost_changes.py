"""The window's start after a -wal was deleted following a crash: the clerk whose saved
paper is gone is told, in a question of its own, at every start until she answers 我已知道
(recorded in the audit trail) or restores a backup. A command run in between (IT's
`campaign show`) no longer uses the warning up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from test_lost_wal import ROOT, _register, lost_after_a_crash
from test_ui_support import answers, qsettings

from boostdesk.models import Register
from boostdesk.ui.launch import Opening
from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "qsettings"]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _start(qtbot, qsettings, path: Path, press: str) -> str:
    """Start the window on ``path``; click ``press`` in the lost-changes question; its text."""
    window, opening, seen = _open_window(qtbot, qsettings, path, press)
    window.close()
    opening.close()
    return seen[0]


def test_the_window_asks_at_every_start_until_the_clerk_says_she_knows(
        tmp_path, qtbot, qapp, answers, qsettings):
    db = _register(tmp_path)
    lost_after_a_crash(db)
    shown = subprocess.run(  # IT looks first, from the command line
        [sys.executable, "-m", "boostdesk", "campaign", "show", "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "缺少最近的修改" in shown.stderr

    text = _start(qtbot, qsettings, db, "稍后处理")
    assert text.startswith("登记册缺少最近的修改：上次打开它的 录入员甲")
    assert "新建 专利4（李明，《崩溃前录入2》）" in text
    assert "按“我已知道”" in text and "--acknowledge-lost" not in text  # the window's words
    assert not any("缺少最近的修改" in info for _t, info in answers.infos)  # its own box

    again = _start(qtbot, qsettings, db, "我已知道")  # 稍后处理 acknowledged nothing
    assert again.startswith("登记册缺少最近的修改")
    with Register.open(db, operator="查看") as reg:
        row = reg.conn.execute("SELECT operator, after FROM audit_events WHERE action = "
                               "'acknowledge_lost'").fetchone()
    assert row is not None and row[0] == "录入员甲" and "我已知道" in row[1]
    assert not Path(f"{db}.lost").exists()


def _open_window(qtbot, qsettings, path: Path, press: str):
    """The window started on ``path``, ``press`` clicked in the lost-changes question; the
    window and its opening left open (the caller closes them; closed here if that fails)."""
    seen: list[str] = []

    def answer() -> None:
        for box in QApplication.topLevelWidgets():
            if box.objectName() == "lost_changes_box" and box.isVisible():
                assert isinstance(box, QMessageBox)
                seen.append(box.text())
                [button] = [b for b in box.buttons() if b.text().startswith(press)]
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
                return
        QTimer.singleShot(50, answer)  # (asked from inside the opening: a nested loop)

    window = MainWindow(settings=qsettings, path=path)
    qtbot.addWidget(window)
    opening = Opening(window, path, "录入员甲")
    window.show()
    qtbot.waitExposed(window)
    QTimer.singleShot(50, answer)
    try:
        opening.open()
        qtbot.waitUntil(lambda: opening.ctx is not None and bool(seen), timeout=20_000)
    except BaseException:
        window.close()
        opening.close()
        raise
    return window, opening, seen


def test_restore_from_the_warning_chooses_the_backup_that_holds_the_paper(
        tmp_path, qtbot, qapp, answers, qsettings):
    """从备份恢复… then Enter, Enter restored the list's first row, the start-up backup the
    same opening had just taken (lacking the paper), and cleared the warning."""
    from test_lost_wal_checked import _after_opening_with_the_held_backup

    from boostdesk.safety import backup_register, open_register

    db, held = _after_opening_with_the_held_backup(tmp_path)
    first = open_register(db, "录入员甲")  # an earlier start finds the loss
    first.reg.close()
    assert first.lost is not None
    backup_register(db, "manual")  # then 立即备份: the list's first row, lacking them
    window, opening, _seen = _open_window(qtbot, qsettings, db, "从备份恢复")
    try:
        qtbot.waitUntil(lambda: getattr(window, "current_dialog", None) is not None
                        and window.current_dialog.isVisible(), timeout=10_000)
        dialog = window.current_dialog
        # (the first screen built before the restore closes the register it is built on)
        qtbot.waitUntil(lambda: window._deferred_screen is None, timeout=10_000)
        assert dialog.list.item(0).text() != dialog.list.currentItem().text()  # not row 0
        assert dialog.list.currentItem().text() == f"{held.describe()}——含缺少的修改"
        QTest.keyClick(dialog.list, Qt.Key.Key_Return)  # 恢复 (the confirmation: answers)
        qtbot.waitUntil(lambda: not Path(f"{db}.lost").exists(), timeout=20_000)
        qtbot.waitUntil(lambda: not window.ctx.busy, timeout=20_000)
        titles = {r[0] for r in window.ctx.reg.conn.execute(
            "SELECT title FROM patent_applications")}
        assert "崩溃前录入2" in titles  # the paper is back
    finally:
        window.close()
        opening.close()


def test_a_warning_left_for_later_stays_in_the_status_bar_till_answered(
        tmp_path, qtbot, qapp, answers, qsettings):
    """After 稍后处理 the window said nothing more for the rest of the day."""
    from boostdesk.ui.lost_notice import REMIND_KEY

    db = _register(tmp_path)
    lost_after_a_crash(db)
    window, opening, seen = _open_window(qtbot, qsettings, db, "稍后处理")
    try:
        def reminder():
            return window.findChild(QPushButton, "lost_changes_reminder")

        qtbot.waitUntil(lambda: reminder() is not None and reminder().isVisible(),
                        timeout=10_000)
        assert "登记册缺少最近的修改" in reminder().text()
        window.grab().save(str(tmp_path / "later.png"))

        def again() -> None:  # the question once more, answered 我已知道
            for box in QApplication.topLevelWidgets():
                if box.objectName() == "lost_changes_box" and box.isVisible():
                    seen.append(box.text())
                    [ack] = [b for b in box.buttons() if b.text().startswith("我已知道")]
                    QTest.mouseClick(ack, Qt.MouseButton.LeftButton)
                    return
            QTimer.singleShot(50, again)

        QTimer.singleShot(50, again)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
        QTest.keySequence(window, QKeySequence(REMIND_KEY))
        qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
        qtbot.waitUntil(lambda: reminder() is None or not reminder().isVisible(),
                        timeout=10_000)
        assert not Path(f"{db}.lost").exists()
    finally:
        window.close()
        opening.close()
