"""Each writing command leaves the register file whole when it ends: its connection closed,
SQLite folds the -wal into the .db, so a copy of the .db alone (IT's copy in Explorer) holds
what the command wrote. (The window does the same once idle: ``ui/fold_when_idle.py``.)"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from test_ui_import import TWO_GOOD, summary_table

from boostdesk.cli import main

COUNTS = ("SELECT (SELECT count(*) FROM audit_events), (SELECT count(*) FROM patent_applications),"
          " (SELECT count(*) FROM campaigns)")


def counts_of_the_file_alone(db: Path, tmp_path: Path) -> tuple[int, ...]:
    copy = tmp_path / "copy.db"
    shutil.copyfile(db, copy)  # without its -wal
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(copy)
    try:
        return tuple(conn.execute(COUNTS).fetchone())
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)


def counts_of_the_register(db: Path) -> tuple[int, ...]:
    conn = sqlite3.connect(db)
    try:
        return tuple(conn.execute(COUNTS).fetchone())
    finally:
        conn.close()


def no_wal_left(db: Path) -> bool:
    wal = Path(f"{db}-wal")
    return not wal.exists() or wal.stat().st_size == 0


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert no_wal_left(db)
    return db


@pytest.mark.parametrize("argv", [
    ["panel", "qualify", "项目31", "--pass"],
    ["publicity", "object", "项目 14", "--date", "2022-12-28", "--by", "某职工", "--content", "数据不实"],
    ["pay", "accept", "项目6", "--date", "2023-06-01"],
    ["campaign", "new", "--year", "2023"],
    ["import", "TABLE", "--year", "2022"],
    ["backup"],
])
def test_a_writing_command_leaves_everything_in_the_register_file(demo, tmp_path, capsys, argv):
    if "TABLE" in argv:
        table = summary_table(tmp_path / "haidian.xlsx", TWO_GOOD)
        argv = [str(table) if a == "TABLE" else a for a in argv]
    before = counts_of_the_file_alone(demo, tmp_path)
    code = main([*argv, "--db", str(demo), "--operator", "信息科王"])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert no_wal_left(demo)
    after = counts_of_the_file_alone(demo, tmp_path)
    assert after == counts_of_the_register(demo)
    if argv[0] != "backup":
        assert after[0] > before[0]  # what it wrote is in the file alone


def test_a_restore_leaves_the_restored_register_whole(demo, tmp_path, capsys):
    assert main(["backup", "--db", str(demo)]) == 0
    assert main(["panel", "qualify", "项目31", "--pass", "--db", str(demo)]) == 0
    capsys.readouterr()
    assert main(["restore", "1", "--db", str(demo)]) == 0
    assert no_wal_left(demo) and not os.path.exists(f"{demo}-journal")
    assert counts_of_the_file_alone(demo, tmp_path) == counts_of_the_register(demo)
