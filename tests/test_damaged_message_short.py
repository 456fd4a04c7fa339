"""A damaged register's message: SQLite's check (≈ 20 lines of English: *** in database
main *** On tree page 59 cell 9: …) went whole into the Chinese message of the command
line and of the window's restore offer. Now: how many problems, the first one at most
(the command line), every line behind 显示详细信息 (the window) or ``check --verbose``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from test_ui_app import opened_or_closed, shown_window, user_settings_in
from test_ui_support import answers

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import backup_register, check_integrity
from boostdesk.ui import dialogs

__all__ = ["answers", "user_settings_in"]
REAL_ASK = dialogs.ask_yes_no


def scribble_cells(path: Path) -> None:
    """An index page whose cell pointers point past its end, as a failing disk leaves it:
    SQLite's check reports a line a cell (20 at most) in one row, under a heading."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (n INTEGER, t TEXT)")
    conn.execute("CREATE INDEX scratch_n ON scratch (n)")
    conn.executemany("INSERT INTO scratch VALUES (?, ?)", [(i, "x" * 100) for i in range(300)])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    last = max(n for n in range(len(data) // size) if data[n * size] == 0x0A)
    at = last * size
    for k in range(int.from_bytes(data[at + 3:at + 5], "big")):
        data[at + 8 + 2 * k:at + 10 + 2 * k] = (size - 3).to_bytes(2, "big")
    path.write_bytes(data)


@pytest.fixture
def damaged(tmp_path):
    path = tmp_path / "register.db"
    with Register.open(path, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    backup_register(path, "manual")
    scribble_cells(path)
    assert not check_integrity(path).ok
    return path


def test_the_check_s_rows_are_one_problem_a_line():
    from boostdesk.safety.integrity import problem_lines

    rows = [("*** in database main ***\nOn tree page 47 cell 2: Offset 4093\n"
             "On tree page 47 cell 1: Offset 4093",), ("row 1 missing from index x",)]
    assert problem_lines(rows) == ["On tree page 47 cell 2: Offset 4093",
                                   "On tree page 47 cell 1: Offset 4093",
                                   "row 1 missing from index x"]


def test_the_command_line_says_it_in_a_few_lines(damaged, capsys):
    assert main(["check", "--db", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert "已损坏" in err and "处" in err and "问题" in err and "第一处：On tree page" in err
    assert "*** in database" not in err and err.count("On tree page") == 1
    assert len(err.splitlines()) <= 4
    assert f'boostdesk check --verbose --db "{damaged}"' in err  # where the rest is
    assert "restore" in err  # the restore offer follows as before

    assert main(["check", "--verbose", "--db", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert err.count("On tree page") == len(check_integrity(damaged).problems) + 1


def test_the_window_keeps_sqlite_s_lines_for_its_details(
        damaged, qapp, qtbot, answers, monkeypatch):
    boxes = []
    monkeypatch.setattr(dialogs, "ask_yes_no", REAL_ASK)  # the real box, not its text
    monkeypatch.setattr(dialogs, "_exec", boxes.append)  # not shown: answered 退出

    def fake_exec() -> int:
        opened_or_closed(qtbot, shown_window())
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    assert main(["gui", "--db", str(damaged)]) == 1
    box = boxes[-1]
    text = box.text().replace("\u200b", "")  # (the breaks ``dialogs.breakable`` allows)
    assert "恢复并打开吗" in text and "处以上问题" in text
    assert "On tree page" not in text and "*** in database" not in text
    assert box.detailedText().count("On tree page") >= 10
