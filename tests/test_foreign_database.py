"""Another program's SQLite database is refused by ``safety.open_register`` itself, the
way every opener goes: the command line's and the window's ``--db`` were refused, but the
window on the user's own register (``BOOSTDESK_DATA`` pointing at another program's
folder) wrote the register's tables into it, and so did any caller of ``open_register``."""

from __future__ import annotations

import sqlite3

import pytest
from test_cli_wrong_register import _tables
from test_ui_app import gui_refused, user_settings_in
from test_ui_support import answers

from boostdesk.cli import main
from boostdesk.safety import NotARegister, open_register

__all__ = ["answers", "user_settings_in"]


def _other_program_s_database(path, user_version=0):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.execute("INSERT INTO moz_places VALUES ('https://example.cn')")
    conn.execute(f"PRAGMA user_version = {user_version}")  # many programs number theirs too
    conn.commit()
    conn.close()


@pytest.mark.parametrize("user_version", [0, 3])
def test_open_register_refuses_another_program_s_database_untouched(tmp_path, user_version):
    other = tmp_path / "places.sqlite"
    _other_program_s_database(other, user_version)
    before = other.read_bytes()
    with pytest.raises(NotARegister) as refused:
        open_register(other, "王秀兰")
    assert "不是 BoostDesk 登记册，而是另一个程序的 SQLite 数据库（其中的表：moz_places）" in str(
        refused.value)
    assert _tables(other) == ["moz_places"]
    assert other.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]  # no lock, no backup


def test_open_register_refuses_a_register_s_lock_file(tmp_path):
    from boostdesk.models import Register

    Register.open(tmp_path / "register.db", operator="王秀兰").close()
    (tmp_path / "register.db.lock").write_bytes(b"")
    with pytest.raises(NotARegister, match="锁文件，不是登记册本身"):
        open_register(tmp_path / "register.db.lock", "王秀兰")
    assert (tmp_path / "register.db.lock").read_bytes() == b""


def test_the_window_on_the_user_s_own_register_refuses_another_program_s_database(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    own = data / "register.db"  # BOOSTDESK_DATA set to another program's folder
    _other_program_s_database(own, user_version=3)
    before = own.read_bytes()
    monkeypatch.setenv("BOOSTDESK_DATA", str(data))
    seen = gui_refused(monkeypatch, qtbot, answers, ["gui"])
    assert seen == {"status": 1, "register": None, "visible": False}  # told, then closed
    assert answers.errors and "不是 BoostDesk 登记册" in answers.errors[0][1]
    assert _tables(own) == ["moz_places"]
    assert own.read_bytes() == before
    assert not (data / "backups").exists()


def test_a_restore_does_not_replace_another_program_s_database(tmp_path, capsys):
    """`restore BACKUP --db places.sqlite` replaced another program's database with a
    register (its own kept only as a 恢复前 backup zip)."""
    from boostdesk.models import Register
    from boostdesk.safety import backup_register

    Register.open(tmp_path / "register.db", operator="王秀兰").close()
    made = backup_register(tmp_path / "register.db", "manual")
    other = tmp_path / "places.sqlite"
    _other_program_s_database(other)
    before = other.read_bytes()
    assert main(["restore", str(made.path), "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert "不是 BoostDesk 登记册，而是另一个程序的 SQLite 数据库" in err and "未恢复" in err
    assert other.read_bytes() == before
    assert not (tmp_path / "places.sqlite.lock").exists()


def test_a_copy_out_is_not_written_over_another_program_s_database(tmp_path, capsys):
    """`backup --out places.sqlite` wrote the register over another program's database,
    without a word; an earlier copy of the register is replaced with --replace (said without)."""
    db = tmp_path / "register.db"
    assert main(["campaign", "new", "--year", "2023", "--db", str(db)]) == 0
    other = tmp_path / "places.sqlite"
    _other_program_s_database(other)
    before = other.read_bytes()
    assert main(["backup", "--db", str(db), "--out", str(other)]) == 1
    err = capsys.readouterr().err
    assert f"{other} 已存在，是另一个程序的 SQLite 数据库（其中的表：moz_places），不是登记册的备份" in err
    assert other.read_bytes() == before
    copy = tmp_path / "每周备份.db"
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 1  # said, not overwritten
    assert "--replace" in capsys.readouterr().err
    assert main(["backup", "--db", str(db), "--out", str(copy), "--replace"]) == 0  # last week's
    assert "campaigns" in _tables(copy)


def test_telling_a_register_from_another_database_leaves_nothing_beside_it(tmp_path):
    """The check opened the register read-only: in WAL mode SQLite then made a -wal and a
    -shm it could not remove, left beside a closed register (and beside one a restore
    interrupted by Ctrl+C replaced)."""
    from boostdesk.models import Register
    from boostdesk.safety.foreign import not_a_register

    path = tmp_path / "register.db"
    Register.open(path, operator="甲").close()
    assert not_a_register(path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.db"]


def test_the_register_itself_refuses_another_program_s_database(tmp_path):
    """Every user path goes through safety.open_register; ``Register.open`` (the tests',
    tools' and any later caller's) wrote the register's tables into the file."""
    from boostdesk.models import Register
    from boostdesk.models.register import RegisterError

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(RegisterError, match="另一个程序的 SQLite 数据库（其中的表：customers）"):
        Register.open(path, operator="甲")
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["customers"]


def test_the_windowed_package_says_in_its_window_that_a_table_is_no_register(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """`boostdesk.exe --db 汇总表.xlsx` (a file dragged onto the windowed package, or a
    shortcut to the wrong file) printed its refusal to no console: nothing was shown."""
    table = tmp_path / "汇总表.xlsx"
    table.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    monkeypatch.setenv("BOOSTDESK_WINDOWED", "1")  # as build/entry.py sets it
    monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path / "data"))
    seen = gui_refused(monkeypatch, qtbot, answers, ["gui", "--db", str(table)])
    assert seen["status"] == 1 and seen["register"] is None
    assert answers.errors and "汇总表.xlsx" in answers.errors[0][1]
    assert table.read_bytes()[:4] == b"PK\x03\x04"
