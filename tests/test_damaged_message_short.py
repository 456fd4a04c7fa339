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
    assert "完整性检查发现 20 处以上问题（第一处：第 " in err and "页，记录位置越出页面）" in err
    assert "*** in database" not in err and "On tree page" not in err  # (English: --verbose)
    assert len(err.splitlines()) <= 4
    assert f'boostdesk check --verbose --db "{damaged}"' in err  # where the rest is
    assert "restore" in err  # the restore offer follows as before

    assert main(["check", "--verbose", "--db", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert err.count("On tree page") == len(check_integrity(damaged).problems) == 20
    assert "完整性检查发现的前 20 处问题（检查到此为止，可能还有更多）：" in err, err  # not 全部
    assert "全部结果" not in err


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
    assert "恢复并打开吗" in text and "完整性检查发现 20 处以上问题（第一处：第 " in text
    assert "On tree page" not in text and "*** in database" not in text
    assert box.detailedText().count("On tree page") >= 10
    # the button named as Qt shows it (the text said 显示详细信息, the button 显示详情...)
    details = [b.text() for b in box.buttons() if b.text().startswith("显示")]
    assert details == ["显示详情..."] and f"点“{details[0]}”" in text, (details, text)


def index_and_page_damage(path: Path, *, index: bool = True) -> None:
    """Index entries that no longer match their rows (the full check's "row 1 missing from
    index …", once a row; the quick check does not look) and one page's fragment count
    wrong (both checks): the window's quick check said 1 处 of what the command line's
    full check said 20 处以上 of."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (n INTEGER, t TEXT)")
    conn.execute("CREATE INDEX scratch_t ON scratch (t)")
    conn.executemany("INSERT INTO scratch VALUES (?, ?)",
                     [(i, f"{i:05d}" + "x" * 60) for i in range(300)])
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    pages = [data[n * size:(n + 1) * size] for n in range(len(data) // size)]
    for n, page in enumerate(pages):
        if index and page[0] == 0x0A and b"x" * 60 in page:  # an index leaf: keys changed
            data[n * size:(n + 1) * size] = page.replace(b"xxxxx", b"xxxxy")
    leaf = next(n for n, page in enumerate(pages) if page[0] == 0x0D and b"x" * 60 in page)
    data[leaf * size + 7] = 60  # a table leaf's fragmented bytes, said wrong
    path.write_bytes(data)


def test_the_window_s_quick_check_counts_the_damage_as_the_full_check_does(tmp_path, capsys):
    path = tmp_path / "register.db"
    with Register.open(path, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    index_and_page_damage(path)
    quick, full = check_integrity(path, quick=True), check_integrity(path)
    assert quick.problems == full.problems and len(full.problems) == 20
    assert quick.summary == full.summary == "完整性检查发现 20 处以上问题"
    assert quick.first == "第 " + full.problems[0].split("page ")[1] + " 页，页面碎片的记录不符"
    assert main(["check", "--db", str(path)]) == 1
    assert "完整性检查发现 20 处以上问题（第一处：第 " in capsys.readouterr().err


def test_a_check_under_its_cap_is_listed_whole(tmp_path, capsys):
    path = tmp_path / "register.db"
    with Register.open(path, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    index_and_page_damage(path, index=False)  # one page: one problem
    report = check_integrity(path, quick=True)
    assert not report.capped and report.summary == "完整性检查发现 1 处问题"
    assert main(["check", "--verbose", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "完整性检查发现 1 处问题（第一处：第 " in err
    assert "完整性检查发现的全部 1 处问题：\nFragmentation of" in err, err


@pytest.mark.parametrize(("line", "words"), [
    ("On tree page 10 cell 58: Offset 57005 out of range 3373..4092", "第 10 页，记录位置越出页面"),
    ("On tree page 5 cell 13: Extends off end of page", "第 5 页，记录位置越出页面"),
    ("Fragmentation of 2801 bytes reported as 0 on page 7", "第 7 页，页面碎片的记录不符"),
    ("Multiple uses for byte 3312 of page 7", "第 7 页，页面内容互相重叠"),
    ("Page 10: free space corruption", "第 10 页，页面空闲空间已损坏"),
    ("Page 5: btreeInitPage() returns error code 11", "第 5 页，页面头部已损坏，无法读取"),
    ("On tree page 7 cell 4: invalid page number 959527224",
     "第 7 页，页面引用错乱（页面越界或被重复引用）"),
    ("Page 81 is never used", "第 81 页，页面引用错乱（有页面未被引用）"),
    ("row 1 missing from index scratch_t", "索引 scratch_t 缺少条目"),
    ("wrong # of entries in index idx_x", "索引 idx_x 条目数与数据不符"),
    ("non-unique entry in index sqlite_autoindex_a_1", "唯一索引 sqlite_autoindex_a_1 中有重复条目"),
    ("NULL value in patent_applications.title", "不许为空的列中有空值"),
    ("something SQLite says one day", None),
])
def test_sqlite_s_kinds_of_problem_are_said_in_chinese(line, words):
    from boostdesk.safety.check_words import in_words

    assert in_words(line) == words
