"""A register gone with its backups still there (an antivirus's quarantine, a sync clash,
a clerk moving the file), or a text or a table saved in its place: the command line made
a new, empty register and said nothing of the backups; ``restore`` refused a file in the
register's own place as "请核对 --db 所写的登记册文件" (no --db typed). (The window:
test_ui_register_gone.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PatentApplication
from boostdesk.safety import backup_register, list_backups, open_register


def register_with_a_backup(path: Path, patents: int = 3) -> Path:
    """A register of ``patents`` papers with one manual backup; its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with Register.open(path, operator="王秀兰") as reg:
        for i in range(patents):
            reg.save_patent(PatentApplication(title=f"登记过的{i}", campaign_year=2022))
    backup_register(path, "manual")
    return path


def patents(path: Path) -> int:
    with Register.open(path, operator="王秀兰") as reg:
        return int(reg.scalar("SELECT COUNT(*) FROM patent_applications"))


@pytest.fixture
def own(monkeypatch, tmp_path) -> Path:
    """The user's own register (BOOSTDESK_DATA's), with one backup."""
    monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path / "data"))
    return register_with_a_backup(tmp_path / "data" / "register.db")


def test_a_command_makes_no_empty_register_where_one_went_missing(own, capsys):
    own.unlink()
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    good = list_backups(own)[0]
    assert "登记册不见了" in err and "备份文件夹中有 1 份备份" in err
    assert f'boostdesk restore "{good.path}" --db "{own}"' in err
    # check takes no --new-register: it says where an empty register is made instead
    assert ("如确要新建一个空登记册（备份照旧保留），请在窗口中选“新建空登记册”，或导入汇总表时加"
            " --new-register（boostdesk import 文件 --new-register）") in err
    assert "请加 --new-register 再运行一次" not in err
    assert not own.exists()

    assert main(["restore", str(good.path), "--db", str(own)]) == 0  # the line it printed
    assert patents(own) == 3


def test_an_empty_register_is_made_there_when_asked_for(own, capsys):
    own.unlink()
    assert main(["campaign", "list"]) == 1  # a command that takes it says so
    assert "如确要新建一个空登记册（备份照旧保留），请加 --new-register 再运行一次" in \
        capsys.readouterr().err
    assert main(["campaign", "list", "--new-register"]) == 0
    assert "已新建一个空登记册" in capsys.readouterr().err
    assert patents(own) == 0
    assert [b.reason for b in list_backups(own)] == ["manual"]  # kept, still restore 1


def test_the_import_it_names_makes_the_empty_register_and_fills_it(own, tmp_path, capsys):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    own.unlink()
    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [PATENT_HEADERS, patent_row()])
    assert main(["import", str(table)]) == 1
    assert "请加 --new-register 再运行一次" in capsys.readouterr().err and not own.exists()
    assert main(["import", str(table), "--new-register"]) == 0
    assert patents(own) == 1


def _help(*command: str) -> str:
    from boostdesk.cli import build_parser

    parser = build_parser()
    for word in command:
        parser = next(a for a in parser._actions if a.choices and word in a.choices).choices[word]
    return parser.format_help()


def test_new_register_is_offered_only_where_a_new_register_is_filled():
    """`--new-register` was in every command's help (stats, print, pay…), where an empty
    register made in place of a lost one has nothing to show: now only on import and
    campaign (a new register's first content); the window asks its own question."""
    from boostdesk.cli import build_parser

    offered = []
    parser = build_parser()
    [commands] = [a for a in parser._actions if a.choices]
    for name, sub in commands.choices.items():
        groups = [a for a in sub._actions if a.choices and isinstance(a.choices, dict)]
        leaves = [(f"{name} {k}", p) for g in groups for k, p in g.choices.items()] or [(name, sub)]
        offered += [n for n, p in leaves if "--new-register" in p.format_help()]
    assert sorted(offered) == ["campaign", "import"]
    assert "--new-register" not in _help("stats") and "--new-register" not in _help("gui")
    assert "--new-register" not in _help("pay", "list")


def test_a_register_just_made_gets_no_start_backup(tmp_path):
    """The window's start backup of an empty register made in place of a lost one ranked
    above the real backups: ``restore 1`` restored the empty one."""
    db = register_with_a_backup(tmp_path / "register.db")
    db.unlink()
    opened = open_register(db, "王秀兰", new_register=True)  # (start_backup: the default)
    opened.reg.close()
    assert opened.start_backup is None
    assert [b.reason for b in list_backups(db)] == ["manual"]


@pytest.mark.parametrize("content, ext, what", [
    (b"hello\n", ".txt", "文本文件"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, ".xls", "Excel 97-2003"),
])
def test_restore_sets_aside_a_file_in_the_register_s_own_place(own, capsys, content, ext, what):
    own.write_bytes(content)
    assert main(["restore", "1"]) == 0
    out = capsys.readouterr().out
    aside = [p for p in own.parent.iterdir() if p.name.startswith("register.db.不是登记册-")]
    assert len(aside) == 1 and aside[0].suffix == ext and aside[0].read_bytes() == content
    assert "已用备份" in out and what in out and aside[0].name in out
    assert patents(own) == 3


def test_the_default_path_s_other_file_is_said_without_blaming_a_db_never_typed(own, capsys):
    own.write_text("hello\n")
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "请核对 --db" not in err and "boostdesk restore 1" in err
    assert own.read_text() == "hello\n"


def test_another_db_s_other_file_is_refused_naming_the_option(tmp_path, capsys):
    other = register_with_a_backup(tmp_path / "elsewhere" / "register.db")
    other.write_text("someone's notes\n")
    assert main(["restore", "1", "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert "请核对 --db" in err and "--set-aside" in err
    assert other.read_text() == "someone's notes\n"
    assert not [p for p in other.parent.iterdir() if "不是登记册" in p.name]

    assert main(["restore", "1", "--db", str(other), "--set-aside"]) == 0
    assert patents(other) == 3
    aside = [p for p in other.parent.iterdir() if "不是登记册" in p.name]
    assert [p.read_text() for p in aside] == ["someone's notes\n"]


def test_another_program_s_database_is_never_set_aside(tmp_path, capsys):
    import sqlite3

    other = register_with_a_backup(tmp_path / "elsewhere" / "register.db")
    other.unlink()
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.commit()
    conn.close()
    assert main(["restore", "1", "--db", str(other), "--set-aside"]) == 1
    assert "另一个程序的 SQLite 数据库" in capsys.readouterr().err
    assert not [p for p in other.parent.iterdir() if "不是登记册" in p.name]


def test_a_lost_register_s_offered_pre_restore_backup_says_it_undoes_that_restore(
        tmp_path, capsys):
    db = register_with_a_backup(tmp_path / "register.db")
    backup_register(db, "restore")  # the register as it was before a restore replaced it
    db.unlink()
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    assert "用它恢复会撤销那次恢复" in capsys.readouterr().err


def test_a_register_lost_after_a_restore_is_offered_the_backup_that_restore_used(
        tmp_path, capsys):
    """The newest backup was the 恢复前 copy the restore saved: offering it undid the
    office's restore without a word."""
    from boostdesk.safety import restore

    db = register_with_a_backup(tmp_path / "register.db")
    used = list_backups(db)[0]
    with Register.open(db, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(title="恢复时丢弃的", campaign_year=2022))
    restore(used.path, db, "王秀兰")
    assert list_backups(db)[0].reason == "restore"
    db.unlink()
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    said = capsys.readouterr().err
    assert f"最后一次恢复所用的备份是 {used.describe()}：{used.path.name}" in said, said
    assert f'restore "{used.path}"' in said
