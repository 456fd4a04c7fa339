"""Backups with SQLite's online backup API, the last N kept, restore, integrity at open."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from boostdesk.cli import main
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import (
    BackupError,
    RegisterDamaged,
    backup_before,
    backup_keep,
    backup_register,
    check_integrity,
    last_good_backup,
    list_backups,
    open_register,
    restore,
    restore_and_reopen,
    set_backup_keep,
)
from boostdesk.safety import holder as lock_holder
from tests.backup_files import change_inside, sqlite_of
from tests.fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def patent(title: str) -> PatentApplication:
    return PatentApplication(campaign_year=2022, inventor_name="张三", title=title)


def titles(path: Path) -> list[str]:
    with sqlite_of(path) as copy:
        conn = sqlite3.connect(copy)
        try:
            return [r[0] for r in conn.execute(
                "SELECT title FROM patent_applications ORDER BY id")]
        finally:
            conn.close()


def corrupt(path: Path) -> None:
    """Scribble over the middle of the file (a zip backup's copy) as a failing disk would:
    the same bytes each run (os.urandom's once garbled a table's name in the schema, and
    CI failed on a damage no other run met: its own test is below)."""
    scribbles = random.Random(42)

    def scribble(file: Path) -> None:
        size = file.stat().st_size
        with file.open("r+b") as fh:
            for offset in range(4096, size, 4096 * 2):
                fh.seek(offset + 8)
                fh.write(scribbles.randbytes(64))

    change_inside(path, scribble)


def garble_a_table_name(path: Path) -> None:
    """A table's name in the schema made bytes that are not UTF-8, as a scribbled page
    once left it: SQLite says "malformed database schema (<those bytes>)"."""
    def garble(file: Path) -> None:
        conn = sqlite3.connect(file)
        try:
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("UPDATE sqlite_master SET name = CAST(X'58548367' AS TEXT), "
                         "sql = 'garbage(' WHERE name = 'patent_applications'")
            conn.commit()
        finally:
            conn.close()

    change_inside(path, garble)


@pytest.fixture
def full_reg(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="测试员")
    for i in range(30):
        reg.save_patent(patent(f"专利{i}"))
    yield reg
    reg.close()


def test_backup_holds_the_committed_state_and_is_private(full_reg):
    info = backup_register(full_reg.path, "manual")
    assert info.path.parent == full_reg.path.parent / "backups"
    assert info.reason == "manual" and info.reason_zh == "手动"
    with sqlite_of(info.path) as copy:
        assert check_integrity(copy).ok
    assert titles(info.path) == [f"专利{i}" for i in range(30)]
    # A standalone file: no -wal beside the backup.
    assert not Path(f"{info.path}-wal").exists()
    if os.name == "posix":
        assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    assert list_backups(full_reg.path) == [info]


def test_backup_taken_during_a_transaction_has_only_what_was_committed(full_reg):
    with full_reg.transaction():
        full_reg.save_patent(patent("未提交"))
        info = backup_before(full_reg, "import")
    assert info is not None and info.reason == "import"
    assert "未提交" not in titles(info.path)
    assert "未提交" in titles(full_reg.path)


def test_only_the_last_n_backups_are_kept(full_reg):
    made = [backup_register(full_reg.path, "manual", keep=3) for _ in range(5)]
    kept = list_backups(full_reg.path)
    assert [b.path for b in kept] == [b.path for b in reversed(made[2:])]
    assert all(not b.path.exists() for b in made[:2])


def test_keep_is_a_setting_of_the_register_defaulting_to_20(full_reg):
    assert backup_keep(full_reg.path) == 20
    set_backup_keep(full_reg.path, 2)
    assert backup_keep(full_reg.path) == 2
    for _ in range(4):
        backup_register(full_reg.path, "start")
    assert len(list_backups(full_reg.path)) == 2
    with pytest.raises(BackupError):
        set_backup_keep(full_reg.path, 0)



def test_keep_set_for_one_register_leaves_another_in_the_same_folder_alone(tmp_path, capsys):
    """`backup --keep 1 --db 练习.db` (a practice copy beside the real register: “对这个
    登记册生效”, the help says) set it for every register of the folder: the real one's
    next start rotated its backups down to one."""
    real, practice = tmp_path / "登记册.db", tmp_path / "练习.db"
    for db in (real, practice):
        Register.open(db).close()
    old = tmp_path / "backups" / "settings.json"
    old.parent.mkdir()
    old.write_text(json.dumps({"keep": 7}), encoding="utf-8")  # as an earlier version wrote
    assert main(["backup", "--db", str(practice), "--keep", "1"]) == 0
    assert (backup_keep(practice), backup_keep(real)) == (1, 7)
    for _ in range(3):
        backup_register(real, "start")
    assert len(list_backups(real)) == 3
    capsys.readouterr()
    assert main(["backup", "list", "--db", str(real)]) == 0
    assert "保留最近 7 份" in capsys.readouterr().out
    set_backup_keep(real, 30)
    assert (backup_keep(practice), backup_keep(real)) == (1, 30)

def test_half_written_backup_is_never_listed_and_old_leftovers_are_swept(full_reg):
    folder = full_reg.path.parent / "backups"
    backup_register(full_reg.path, "manual")
    leftover = folder / ".register-20221017-101010-000-import.db.4242.tmp"
    leftover.write_bytes(b"SQLite format 3\x00half")
    assert len(list_backups(full_reg.path)) == 1
    old = time.time() - 2 * 3600
    os.utime(leftover, (old, old))
    backup_register(full_reg.path, "manual")
    assert not leftover.exists()


def test_import_backs_up_the_register_before_storing_anything(tmp_path, full_reg):
    sheet = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
    preview = read_table(sheet, 2022)
    commit(full_reg, preview)
    (before,) = list_backups(full_reg.path)
    assert before.reason == "import"
    assert len(titles(before.path)) == 30
    assert len(titles(full_reg.path)) == 31


def test_restore_brings_back_the_backup_and_keeps_the_current_register(tmp_path):
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    reg.save_patent(patent("原来的"))
    good = backup_register(path, "manual")
    reg.save_patent(patent("后来误改的"))
    reg.close()

    result = restore(good.path, path, "测试员")
    assert titles(path) == ["原来的"]
    assert result.safety_copy is not None and result.safety_copy.reason == "restore"
    assert titles(result.safety_copy.path) == ["原来的", "后来误改的"]
    reg = Register.open(path)  # the restored register opens and takes writes
    reg.save_patent(patent("恢复后新增"))
    reg.close()
    assert titles(path) == ["原来的", "恢复后新增"]


def test_the_restore_is_in_the_restored_registers_audit_trail(tmp_path):
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    reg.save_patent(patent("原来的"))
    good = backup_register(path, "manual")
    reg.close()
    result = restore(good.path, path, "李会计")
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    reg = Register.open(path)
    (row,) = reg.query("SELECT operator, before, after FROM audit_events WHERE action = 'restore'")
    reg.close()
    assert row["operator"] == "李会计"
    assert json.loads(row["after"]) == {"file": str(good.path)}
    assert json.loads(row["before"]) == {"file": str(result.safety_copy.path)}
    # the backup itself is left as it was taken
    with sqlite_of(good.path) as copy:
        assert sqlite3.connect(copy).execute(
            "SELECT count(*) FROM audit_events WHERE action = 'restore'").fetchone()[0] == 0


def test_restore_never_replays_the_old_wal_into_the_restored_file(tmp_path):
    path = tmp_path / "register.db"
    reg = Register.open(path)
    reg.save_patent(patent("A"))
    good = backup_register(path, "manual")
    reg.conn.execute("PRAGMA wal_autocheckpoint = 0")
    reg.save_patent(patent("只在 WAL 中"))
    assert Path(f"{path}-wal").stat().st_size > 0
    # A crashed process: the WAL is left beside the file, nobody checkpointed it.
    os.replace(Path(f"{path}-wal"), tmp_path / "keep-wal")
    reg.close()
    os.replace(tmp_path / "keep-wal", Path(f"{path}-wal"))
    restore(good.path, path)
    assert titles(path) == ["A"]
    assert check_integrity(path).ok


def test_a_damaged_backup_is_refused_and_the_register_left_alone(full_reg):
    info = backup_register(full_reg.path, "manual")
    corrupt(info.path)
    with pytest.raises(BackupError, match="不能用来恢复"):
        restore(info.path, full_reg.path)
    assert len(titles(full_reg.path)) == 30


def test_a_database_that_is_no_register_is_refused(tmp_path, full_reg):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.close()
    # named as what it is (its tables), as every opener names it
    with pytest.raises(BackupError, match="是另一个程序的 SQLite 数据库（其中的表：x），不是 BoostDesk 的备份"):
        restore(other, full_reg.path)


def test_damaged_register_is_not_opened_and_the_message_names_the_last_good_backup(
        tmp_path, monkeypatch):
    path = tmp_path / "register.db"
    opened = open_register(path, "测试员")
    for i in range(200):
        opened.reg.save_patent(patent(f"专利{i}" * 20))
    opened.reg.close()
    good = backup_register(path, "manual")
    corrupt(path)
    assert not check_integrity(path).ok
    before = list_backups(path)

    with pytest.raises(RegisterDamaged) as caught:
        open_register(path, "测试员")
    message = str(caught.value)
    assert "已损坏" in message and str(good.path) in message and "“恢复并打开”" in message
    assert "boostdesk restore" not in message  # the window's reader: it offers the restore
    from boostdesk import said_where

    with monkeypatch.context() as cli:
        cli.setattr(said_where, "_cli", True)
        with pytest.raises(RegisterDamaged, match="boostdesk restore"):
            open_register(path, "测试员")
    assert caught.value.last_good == good
    assert list_backups(path) == before  # no start backup of a damaged file rotates out a good one

    result = restore(good.path, path)
    assert result.safety_copy is not None and result.safety_copy.reason == "damaged"
    assert result.safety_copy.path.exists()
    opened = open_register(path, "测试员")
    assert len(opened.reg.patents()) == 200
    opened.reg.close()


def test_damaged_register_without_backups_says_so(tmp_path):
    path = tmp_path / "register.db"
    path.write_bytes(b"\x00" * 100 + random.Random(0).randbytes(8000))
    with pytest.raises(RegisterDamaged, match="没有找到完好的备份"):
        open_register(path, "测试员")


def test_damaged_register_without_a_wal_beside_it_names_no_wal_to_send(tmp_path):
    """没有找到完好的备份……把它和同一文件夹中的 register.db-wal 一起复制给技术人员: said of a
    -wal file that was not there."""
    path = tmp_path / "register.db"
    path.write_bytes(b"\x00" * 100 + random.Random(0).randbytes(8000))
    with pytest.raises(RegisterDamaged) as caught:
        open_register(path, "测试员")
    assert "把它复制给技术人员" in str(caught.value) and "-wal" not in str(caught.value)


def test_a_register_emptied_to_0_bytes_is_damaged_not_opened_as_a_new_one(tmp_path, capsys):
    """A sync or copy cut short, or a full disk, leaves the register 0 bytes: SQLite reads
    that as an empty database, and opening it made a new, empty register in its place."""
    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_patent(patent("登记过的"))
    good = backup_register(path, "manual")
    path.write_bytes(b"")

    with pytest.raises(RegisterDamaged, match="0 字节") as caught:
        open_register(path, "测试员")
    assert caught.value.last_good == good
    assert main(["stats", "--db", str(path)]) == 1
    assert "0 字节" in capsys.readouterr().err
    assert main(["backup", "--db", str(path)]) == 1  # no empty backup rotating a good one out
    assert "0 字节" in capsys.readouterr().err
    assert path.stat().st_size == 0 and list_backups(path) == [good]

    assert main(["restore", "1", "--db", str(path)]) == 0
    assert titles(path) == ["登记过的"]


def test_a_0_byte_file_without_backups_is_still_a_new_register(tmp_path):
    path = tmp_path / "register.db"
    path.write_bytes(b"")
    opened = open_register(path, "测试员", start_backup=False)
    try:
        assert opened.reg.campaign_years() == [2022]
    finally:
        opened.reg.close()


def test_last_good_backup_skips_damaged_backups(full_reg):
    older = backup_register(full_reg.path, "start")
    newer = backup_register(full_reg.path, "import")
    corrupt(newer.path)
    assert last_good_backup(full_reg.path) == older


def test_a_backup_whose_schema_names_unreadable_bytes_is_damaged_not_a_crash(full_reg):
    """Python raised UnicodeDecodeError decoding SQLite's error, not sqlite3's: the check
    of the backups crashed instead of passing over the damaged one."""
    older = backup_register(full_reg.path, "start")
    newer = backup_register(full_reg.path, "import")
    garble_a_table_name(newer.path)
    assert last_good_backup(full_reg.path) == older
    with sqlite_of(newer.path) as copy:
        report = check_integrity(copy)
    assert not report.ok and "文件结构已损坏" in report.problems[0]


def test_a_register_whose_schema_names_unreadable_bytes_is_not_opened(tmp_path):
    path = tmp_path / "register.db"
    open_register(path, "测试员", start_backup=False).reg.close()
    garble_a_table_name(path)
    with pytest.raises(RegisterDamaged, match="已损坏"):
        open_register(path, "测试员")


def test_open_makes_a_start_backup(tmp_path):
    path = tmp_path / "register.db"
    open_register(path, "测试员").reg.close()
    opened = open_register(path, "测试员")
    opened.reg.close()
    assert opened.start_backup is not None and opened.start_backup.reason == "start"
    assert opened.start_backup in list_backups(path)


@posix_only
def test_register_and_its_companions_are_readable_only_by_the_user(tmp_path):
    path = tmp_path / "register.db"
    opened = open_register(path, "测试员")
    opened.reg.save_patent(patent("x"))
    for f in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    opened.reg.close()


@posix_only
def test_a_register_its_owner_made_read_only_stays_read_only(tmp_path):
    """make_private set 0600 on a register of mode 0444: its owner's write came back, so
    a register made read-only on purpose was refused once, then written the next time."""
    from boostdesk.safety.files import make_private

    path = tmp_path / "register.db"
    open_register(path, "测试员", start_backup=False).reg.close()
    path.chmod(0o444)
    make_private(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o400  # the others' read taken, no write
    path.chmod(0o644)
    make_private(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_command_line_backup_list_and_restore(tmp_path, capsys):
    path = tmp_path / "register.db"
    reg = Register.open(path)
    reg.save_patent(patent("备份里的"))
    reg.close()
    assert main(["backup", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "已备份到" in out
    assert main(["backup", "--db", str(path), "--out", str(tmp_path / "u盘.db")]) == 0
    assert titles(tmp_path / "u盘.db") == ["备份里的"]
    (only,) = list_backups(path)  # --out is not in the rotation

    reg = Register.open(path)
    reg.save_patent(patent("之后的"))
    reg.close()
    assert main(["backup", "list", "--db", str(path)]) == 0
    assert only.path.name in capsys.readouterr().out
    assert main(["restore", only.path.name, "--db", str(path)]) == 0
    assert "已用备份" in capsys.readouterr().out
    assert titles(path) == ["备份里的"]
    assert main(["restore", "没有这个.db", "--db", str(path)]) == 1
    assert "找不到备份文件" in capsys.readouterr().err


def test_command_line_refuses_to_back_up_a_damaged_register(tmp_path, capsys):
    path = tmp_path / "register.db"
    path.write_bytes(random.Random(0).randbytes(10000))
    assert main(["backup", "--db", str(path)]) == 1
    assert "已损坏" in capsys.readouterr().err


@posix_only
def test_a_symbolic_link_to_the_register_backs_up_and_restores_the_register_itself(
        tmp_path, capsys):
    """Through a link (~/登记册.db → the shared folder's file) backups went beside the link,
    apart from the window's, and a restore replaced the link with a file of its own, the
    register the window opens left as it was."""
    real = tmp_path / "办公室" / "register.db"
    real.parent.mkdir()
    link = tmp_path / "登记册.db"
    link.symlink_to(real)
    with Register.open(real, operator="测试员") as reg:
        reg.save_patent(patent("好的"))
    assert main(["backup", "--db", str(link)]) == 0
    (good,) = list_backups(real)
    assert list_backups(link) == [good]
    with Register.open(real, operator="测试员") as reg:
        reg.save_patent(patent("误操作"))

    assert main(["restore", "1", "--db", str(link)]) == 0
    assert str(real) in capsys.readouterr().out
    assert link.is_symlink() and titles(real) == ["好的"]
    assert {b.reason for b in list_backups(real)} == {"manual", "restore"}


def test_restore_from_the_open_window_keeps_the_lock_and_reopens(tmp_path):
    path = tmp_path / "register.db"
    opened = open_register(path, "测试员", start_backup=False)
    opened.reg.save_patent(patent("好的"))
    good = backup_register(path, "manual")
    opened.reg.save_patent(patent("误操作"))
    result, reopened = restore_and_reopen(opened.reg, good.path)
    try:
        assert [p.title for p in reopened.reg.patents()] == ["好的"]
        assert not reopened.read_only and lock_holder(path) is None  # held by us, in-process
        assert titles(result.safety_copy.path) == ["好的", "误操作"]
        reopened.reg.save_patent(patent("恢复后"))
    finally:
        reopened.reg.close()
    assert titles(path) == ["好的", "恢复后"]


def test_last_good_backup_is_good_by_the_check_restore_applies(tmp_path):
    """A backup whose index is out of step with its table passes quick_check, fails
    integrity_check, and restore refuses it: it is not named as the last good one."""
    from boostdesk.models import PatentApplication, Register
    from boostdesk.safety.integrity import check_integrity

    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三丰", title="焊缝检测"))
    older = backup_register(path, "start")
    newer = backup_register(path, "import")

    def out_of_step(copy: Path) -> None:
        data = copy.read_bytes()
        at = data.index("张三丰".encode())  # one copy of the name: the table's or the index's
        copy.write_bytes(data[:at] + "李四丰".encode() + data[at + 9:])
        assert check_integrity(copy, quick=True).ok and not check_integrity(copy).ok

    change_inside(newer.path, out_of_step)
    assert last_good_backup(path) == older


def test_backup_list_numbers_the_backups_to_restore_from_not_a_damaged_registers_copy(
        tmp_path, capsys):
    """A restore over a damaged register keeps it as a backup of its own, the newest made:
    `backup list` numbered it 1, so `restore 1` named the damaged copy. It is listed,
    marked and unnumbered; 1 is the newest backup to restore from."""
    path = tmp_path / "register.db"
    opened = open_register(path, "测试员", start_backup=False)
    for i in range(200):
        opened.reg.save_patent(patent(f"专利{i}" * 20))
    opened.reg.close()
    good = backup_register(path, "manual")
    corrupt(path)
    damaged = restore(good.path, path).safety_copy
    assert damaged is not None and damaged.reason == "damaged"
    assert list_backups(path)[0] == damaged  # the newest made
    capsys.readouterr()

    assert main(["backup", "list", "--db", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    [kept] = [x for x in out if damaged.path.name in x]
    assert kept.startswith("   ") and kept.endswith("（不能用来恢复）")
    [first] = [x for x in out if good.path.name in x]
    assert first.startswith("  1  ")
    assert any(x.startswith("未编号的是恢复备份时另存的损坏登记册") for x in out)

    assert main(["restore", "1", "--db", str(path)]) == 0  # the good one, not refused
    assert good.path.name in capsys.readouterr().out
    assert len(titles(path)) == 200
    assert main(["restore", "3", "--db", str(path)]) == 1  # good, and what restore 1 replaced
    assert "可用来恢复的共 2 份" in capsys.readouterr().err


def test_about_counts_the_backups_to_restore_from_and_names_a_damaged_copy_apart(tmp_path):
    """帮助 → 关于 counted a damaged register's own copy among the backups and gave its
    time as the newest: support was told of a backup that restores nothing."""
    from boostdesk.about import about_facts

    path = tmp_path / "register.db"
    opened = open_register(path, "测试员", start_backup=False)
    opened.reg.save_patent(patent("专利"))
    opened.reg.close()
    good = backup_register(path, "manual")
    corrupt(path)
    damaged = restore(good.path, path).safety_copy
    assert damaged is not None and damaged.created >= good.created
    with Register.open(path, operator="测试员") as reg:
        facts = dict(about_facts(reg, None))
    assert "（1 份，共 " in facts["备份文件夹"]
    assert f"最新 {good.created:%Y-%m-%d %H:%M}；另有 1 份损坏登记册的副本，不能用来恢复）" in (
        facts["备份文件夹"])


def test_a_restore_whose_register_then_cannot_be_opened_says_it_was_restored(
        tmp_path, monkeypatch):
    """An older BoostDesk's backup restored, its upgrade's backup refused by a full disk:
    the window said 恢复失败, though the register had been replaced."""
    from boostdesk.safety import session
    from tests.test_backup_upgrade import older_register

    path = tmp_path / "register.db"
    opened = open_register(path, "测试员", start_backup=False)
    old = tmp_path / "旧版备份.db"
    older_register(old)

    def full(_path):
        raise BackupError("无法写入备份（磁盘已满）")

    monkeypatch.setattr(session, "backup_before_upgrade", full)
    with pytest.raises(session.RestoredNotOpened) as caught:
        restore_and_reopen(opened.reg, old)
    message = str(caught.value)
    assert message.startswith("已用备份 旧版备份.db 恢复登记册") and "磁盘已满" in message
    assert "重新打开" in message and lock_holder(path) is None


@posix_only
def test_a_backup_folder_its_owner_made_read_only_stays_read_only(tmp_path):
    """``chmod -R a-w`` on the data folder: private_dir set backups/ back to 0700 and the
    backup was written into a folder IT had closed (make_private kept a file's)."""
    from boostdesk.safety.files import private_dir

    folder = tmp_path / "backups"
    folder.mkdir(mode=0o755)
    folder.chmod(0o555)
    private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o500  # the others' access taken, no write
    folder.chmod(0o755)
    private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_restore_over_a_register_file_set_read_only_is_refused(tmp_path, capsys):
    """Every write refuses a register set read-only (chmod 444: 登记册只读，未做任何修改);
    restore replaced it and left it 0600. (Its mode is read: root writes through it.)"""
    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_patent(patent("之前的"))
    assert main(["backup", "--db", str(path)]) == 0
    with Register.open(path, operator="测试员") as reg:
        reg.save_patent(patent("之后的"))
    path.chmod(0o444)
    capsys.readouterr()
    assert main(["restore", "1", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"登记册文件 {path} 不能写入" in err and "未恢复，登记册未被改动" in err, err
    assert "chmod u+w" in err or os.name == "nt"
    assert titles(path) == ["之前的", "之后的"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert [b.reason for b in list_backups(path)] == ["manual"]  # no 恢复前 copy made
    path.chmod(0o644)
    assert main(["restore", "1", "--db", str(path)]) == 0  # writable again: restored
    assert titles(path) == ["之前的"]


def _damaged_copy(tmp_path: Path) -> Path:
    """A sound register copied (no -wal beside it), then its middle scribbled over."""
    path = tmp_path / "dmg.db"
    with Register.open(tmp_path / "src.db", operator="测试员") as reg:
        for i in range(60):
            reg.save_patent(patent(f"专利{i}"))
    (tmp_path / "src.db").rename(path)
    corrupt(path)
    assert not check_integrity(path).ok
    return path


def test_a_damaged_copy_without_backups_is_said_without_a_wal_nor_a_refused_command(
        tmp_path, capsys):
    """`check` named "同一文件夹中的 dmg.db-wal" — an empty file its own read-only connection
    had made — and said to run backup --out on this very file, which backup refuses
    (备份它没有意义); the command was glued to 请改用 with no space."""
    path = _damaged_copy(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "没有找到完好的备份" in err and "把它复制给技术人员" in err, err
    assert "-wal" not in err and "请改用boostdesk" not in err
    assert "backup --out" not in err and "boostdesk backup" not in err
    assert not (tmp_path / "dmg.db-wal").exists() and not (tmp_path / "dmg.db-shm").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == before
    assert main(["backup", "--db", str(path), "--out", str(tmp_path / "rescue.db")]) == 1
    err = capsys.readouterr().err
    assert "备份它没有意义" in err and "没有找到完好的备份" in err and "原登记册" in err, err
    assert "backup list 找一份完好的备份" not in err


def test_a_wal_with_content_beside_a_damaged_register_is_named_and_kept(tmp_path):
    path = _damaged_copy(tmp_path)
    wal = tmp_path / "dmg.db-wal"
    wal.write_bytes(b"\x37\x7f\x06\x82" + bytes(28))  # a -wal header: commits to send
    with pytest.raises(RegisterDamaged) as caught:
        open_register(path, "测试员")
    assert "和同一文件夹中的 dmg.db-wal 一起复制给技术人员" in str(caught.value)
    assert "从原登记册另做一份副本" in str(caught.value)
    assert wal.stat().st_size == 32


def test_backup_of_a_register_lost_from_beside_its_backups_names_the_restore(tmp_path, capsys):
    """错误：登记册不存在：…（可用 --db 指定登记册文件）, while `check` named the backup and the
    whole restore line."""
    path = tmp_path / "reg.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_patent(patent("丢了的"))
    assert main(["backup", "--db", str(path)]) == 0
    (good,) = list_backups(path)
    path.unlink()
    capsys.readouterr()
    for words in (["backup"], ["backup", "--out", str(tmp_path / "x.zip")], ["check"]):
        assert main([*words, "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert "登记册不见了" in err and good.path.name in err, (words, err)
        assert f'restore "{good.path}" --db "{path}"' in err, (words, err)
    assert not path.exists() and not (tmp_path / "x.zip").exists()


def test_backup_list_says_the_archive_reason_in_chinese_and_lines_up(tmp_path, capsys):
    """`backup list` showed the year archive's backup as raw "archive", and the size column
    after 删除个人信息前 (7 hanzi, padded to 6 characters) out of line."""
    from boostdesk.cli import display_width

    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_patent(patent("x"))
    for reason in ("manual", "erase", "archive", "studios"):
        backup_register(path, reason)
    capsys.readouterr()
    assert main(["backup", "list", "--db", str(path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.endswith(".zip")]
    assert len(lines) == 4
    assert "年度归档" in "".join(lines) and "archive  " not in "".join(lines)
    sizes = {display_width(line[:line.index(" KB")]) for line in lines}
    assert len(sizes) == 1, lines  # the size column at one place


def test_backup_of_a_damaged_register_names_its_good_backup_as_check_does(tmp_path, capsys):
    """`backup` said only "请用 backup list 找一份完好的备份", `check` named it and its restore."""
    path = tmp_path / "reg.db"
    with Register.open(path, operator="测试员") as reg:
        for i in range(60):
            reg.save_patent(patent(f"专利{i}"))
    good = backup_register(path, "manual")
    corrupt(path)
    assert main(["backup", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "备份它没有意义" in err and f'restore "{good.path}"' in err, err


def test_backup_of_a_damaged_copy_names_its_wal_with_commits_as_check_does(tmp_path, capsys):
    path = _damaged_copy(tmp_path)
    Path(f"{path}-wal").write_bytes(b"\x00" * 32)
    assert main(["backup", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "和同一文件夹中的 dmg.db-wal 一起复制给技术人员" in err, err


def test_the_check_and_the_early_reading_open_a_damaged_copy_as_it_is(tmp_path, capsys,
                                                                       monkeypatch):
    """`check` reads the register twice at once: its integrity check, which was unlocked
    and so opened the file the usual way, making a -wal and -shm beside it while it ran;
    the early reading, which seeing them opened the file the usual way too, and, closing
    after the check had removed them, left them made again (CI, a loaded machine: the test
    above). Both now read the file as it is, under the lock: nothing is made."""
    opened: list[str] = []
    real = sqlite3.connect

    def connect(database: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(database))
        return real(database, *args, **kwargs)

    path = _damaged_copy(tmp_path)
    monkeypatch.setattr(sqlite3, "connect", connect)
    assert main(["check", "--db", str(path)]) == 1
    assert "没有找到完好的备份" in capsys.readouterr().err
    mine = [uri for uri in opened if "dmg.db" in uri]
    assert mine and all("immutable=1" in uri for uri in mine), mine
