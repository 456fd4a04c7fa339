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
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_lost_wal import ROOT, _register, lost_after_a_crash
from test_ui_support import answers, qsettings

from boostdesk.models import Register
from boostdesk.ui.launch import Opening
from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "qsettings"]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _start(qtbot, qsettings, path: Path, press: str) -> str:
    """Start the window on ``path``; click ``press`` in the lost-changes question; its text."""
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
    finally:
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
