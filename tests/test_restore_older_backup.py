"""A backup an older BoostDesk made (a 升级前 backup, any backup from an older release),
restored. The window's 从备份恢复 opens the register again at once, which upgrades it: that
went unsaid, the opening's upgrade notice (the formats, what it changed, its backup, the
releases shut out) lost. The command line's restore replaces the file as it is (the way
back to an older release stays open) and said nothing of the upgrade its next opening
brings. A newer BoostDesk's backup is refused, saying what this release reads."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from test_upgrade_old_release import old_register

from boostdesk.cli import main
from boostdesk.models.register import migrate, open_connection
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety import backup_register, list_backups, open_register, restore_and_reopen
from boostdesk.safety.integrity import register_version
from boostdesk.safety.upgrade_notice import (
    closed_to_older,
    restore_upgrades,
    to_this_release,
)


def schema_register(path: Path, version: int) -> Path:
    """A register as the BoostDesk writing schema ``version`` made it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = open_connection(path)
    try:
        migrate(conn, target=version)
    finally:
        conn.close()
    return path


def current(tmp_path: Path) -> Path:
    register = tmp_path / "register.db"
    assert main(["campaign", "new", "--year", "2023", "--db", str(register)]) == 0
    return register


def test_the_command_line_says_an_older_backup_is_restored_as_it_is_and_upgraded_next(
        tmp_path, capsys):
    register = current(tmp_path)
    old = old_register(tmp_path / "old-backup.db")  # the first release's (schema 5)
    capsys.readouterr()
    assert main(["restore", "--db", str(register), str(old)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("已用备份 old-backup.db 恢复登记册")
    # the opening's facts: the formats, this release, the releases it then shuts out
    assert "提示：恢复的登记册是旧版 BoostDesk 的格式（登记册格式 5）" in err
    assert to_this_release(5) in err and closed_to_older(5) in err and "升级前" in err
    # replaced as it is: no upgrade, no 升级前 backup yet
    assert register_version(register) == 5
    assert [b.reason for b in list_backups(register)] == ["restore"]
    # the next opening upgrades it, saying what it changed, as any old register's opening
    assert main(["campaign", "list", "--db", str(register)]) == 0
    err = capsys.readouterr().err
    assert f"已升级到{to_this_release(5)}" in err and "6 笔尚未拨付的尾款" in err
    assert closed_to_older(5) in err
    assert register_version(register) == SCHEMA_VERSION


def test_the_command_line_names_the_releases_an_older_zip_backup_s_upgrade_shuts_out(
        tmp_path, capsys):
    register = current(tmp_path)
    this = backup_register(register, "manual")  # of this release's format
    made = backup_register(schema_register(tmp_path / "0.14" / "register.db", 18), "manual")
    capsys.readouterr()
    assert main(["restore", "--db", str(register), str(made.path)]) == 0
    err = capsys.readouterr().err
    assert "0.14.0 及更早的 BoostDesk 不能再打开它" in err and "登记册格式 18 → " in err
    # a backup of this release's format: nothing of an upgrade
    assert main(["restore", "--db", str(register), str(this.path)]) == 0
    assert "升级" not in capsys.readouterr().err


def test_a_newer_boostdesk_s_backup_is_refused_saying_what_this_release_reads(
        tmp_path, capsys):
    register = current(tmp_path)
    newer = tmp_path / "新版备份.db"
    shutil.copy(register, newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    assert main(["restore", "--db", str(register), str(newer)]) == 1
    err = capsys.readouterr().err
    assert f"备份 新版备份.db 来自更新版本的 BoostDesk（登记册格式 {SCHEMA_VERSION + 1}" in err
    assert f"只能读登记册格式 {SCHEMA_VERSION} 及更早的" in err and "登记册未作任何改动" in err
    assert list_backups(register) == [] and register_version(register) == SCHEMA_VERSION


def test_the_window_s_restore_of_an_older_backup_says_it_before_and_what_it_changed_after(
        tmp_path):
    """The window's words (restore_and_reopen is its restore): before, from the backup's
    zip alone; after, the opening's notice whole, counts and all."""
    from boostdesk.safety.backup_choice import backup_version

    opened = open_register(tmp_path / "register.db", "录入员", start_backup=False)
    assert opened.upgraded is None  # a register of this release: no upgrade
    (tmp_path / "旧").mkdir()
    made = backup_register(old_register(tmp_path / "旧" / "register.db"), "manual")
    before = restore_upgrades(backup_version(made.path))
    assert before is not None and "这份备份是旧版 BoostDesk 留下的（登记册格式 5）" in before
    assert to_this_release(5) in before and closed_to_older(5) in before
    assert restore_upgrades(backup_version(backup_register(opened.reg.path, "manual").path)) \
        is None
    result, reopened = restore_and_reopen(opened.reg, made.path)
    try:
        said = reopened.upgraded
        assert said is not None and said in reopened.warnings
        assert f"已升级到{to_this_release(5)}" in said and "6 笔尚未拨付的尾款" in said
        upgrade = [b for b in list_backups(result.register) if b.reason == "upgrade"]
        assert len(upgrade) == 1 and upgrade[0].path.name in said
        assert closed_to_older(5) in said
    finally:
        reopened.reg.close()
