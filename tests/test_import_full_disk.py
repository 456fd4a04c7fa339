"""The disk filling during an import (a shared drive at its quota, a USB stick): SQLite
rolls the transaction back itself on SQLITE_FULL, and the ROLLBACK after it failed with
"cannot rollback - no transaction is active" — a traceback on the command line, that
English in the window's box, 磁盘空间已满 never said. And each try left another 导入前
backup on the full disk, pushing a useful one out."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures.summary_sheets import PATENT_HEADERS, ZERO, counts, patent_no, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import Register
from boostdesk.models import register as register_module
from boostdesk.safety import backup_register, list_backups, set_backup_keep
from boostdesk.ui.context import error_text
from tests.small_disk import fill_disk, small_disk

ROOM = 16  # pages the register may still grow by: the import's rows need far more


def _big_table(path: Path, rows: int = 150, remarks: int = 40) -> Path:
    return write_sheet(path, [["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, *(
        patent_row(序号=i + 1, 第一发明人=f"张{'一二三四五六七八九'[i % 9]}{'甲乙丙丁戊己庚辛壬癸'[i // 9 % 10]}"
                   f"{'子丑寅卯辰巳午未申酉戌亥'[i // 90]}",
                   专利号=patent_no(f"2021101{i:05d}"), 身份证号="",
                   所在单位=f"北京第{i}精密机械有限公司", 专利名称=f"一种在线检测装置及其方法第{i}号",
                   备注="备注" * remarks)
        for i in range(rows))], merged=("A1:N1",))


def _full_soon(conn: sqlite3.Connection) -> None:
    """The register's disk with ``ROOM`` pages left: SQLite's own SQLITE_FULL, rolled back
    by SQLite itself, as on a disk that is full."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + ROOM}")


@pytest.fixture
def nearly_full(monkeypatch):
    """Every register opened from now on on a nearly full disk (one made from now on
    made whole first)."""
    real = register_module.open_connection

    def opened(path):
        conn = real(path)
        if conn.execute("PRAGMA user_version").fetchone()[0]:
            _full_soon(conn)
        return conn

    monkeypatch.setattr(register_module, "open_connection", opened)


def _import_backups(db: Path) -> list[Path]:
    return [b.path for b in list_backups(db) if b.reason == "import"]


def test_a_full_disk_ends_a_command_line_import_in_chinese_and_leaves_no_backup(
        tmp_path, capsys, nearly_full):
    db = tmp_path / "register.db"
    Register.open(db).close()
    table = _big_table(tmp_path / "大表 150行.xlsx")
    for _ in range(2):  # the office trying again: a backup each time stayed on the full disk
        assert main(["import", str(table), "--db", str(db), "--skip-bad-rows"]) == 1
        err = capsys.readouterr().err
        assert ("错误：磁盘空间已满，大表 150行.xlsx 未导入任何数据：请腾出空间（删去不需要的文件，"
                "或把旧的备份移到别处）后再试") in err, err
        assert "rollback" not in err and "Traceback" not in err
        assert _import_backups(db) == []
    with Register.open(db) as reg:
        assert counts(reg)["patent_applications"] == 0


def test_the_window_says_a_full_disk_met_by_an_import_in_chinese(tmp_path):
    """The box said 登记册拒绝了这次修改（cannot rollback - no transaction is active）."""
    db = tmp_path / "register.db"
    with Register.open(db) as reg:
        preview = read_table(_big_table(tmp_path / "t.xlsx"), 2022)
        _full_soon(reg.conn)
        with pytest.raises(sqlite3.OperationalError, match="disk is full") as caught:
            commit(reg, preview)
        assert not reg.conn.in_transaction
        assert counts(reg) == ZERO
        assert _import_backups(db) == []
        assert error_text(caught.value) == (
            "磁盘空间已满，未保存任何内容：请腾出空间（删去不需要的文件，或把旧的备份移到别处）后再试")
        # the connection is whole afterwards: the next write goes in
        reg.conn.execute("PRAGMA max_page_count = 1073741823")
        assert len(commit(reg, preview)) == 150
    assert len(_import_backups(db)) == 1  # stored: its backup kept


def test_a_failed_import_leaves_the_older_backups_as_they_were(tmp_path):
    """The new backup rotated an older one away before the import failed; taken back
    then, the failed try would leave fewer backups than before it."""
    db = tmp_path / "register.db"
    Register.open(db).close()
    set_backup_keep(db, 1)
    older = [backup_register(db, "manual", prune_old=False).path for _ in range(2)]
    with Register.open(db) as reg:
        preview = read_table(_big_table(tmp_path / "t.xlsx"), 2022)
        _full_soon(reg.conn)
        with pytest.raises(sqlite3.OperationalError):
            commit(reg, preview)
    assert sorted(b.path for b in list_backups(db)) == sorted(older)


def test_a_backup_is_kept_when_another_program_wrote_meanwhile(tmp_path, monkeypatch):
    """Taken back only when the register is surely still what it holds: a change another
    program stored after the backup keeps it."""
    from boostdesk.io import import_commit

    db = tmp_path / "register.db"
    Register.open(db).close()
    real = import_commit._with_received

    def other_writes(*args):  # after the backup, before the import's transaction
        with Register.open(db, operator="另一台电脑") as other:
            other.save_campaign(replace(other.campaign(2022), notice_contact="高珊 83570885"))
        return real(*args)

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(import_commit, "_with_received", other_writes)
    monkeypatch.setattr(import_commit, "_insert", full)
    with Register.open(db) as reg, pytest.raises(sqlite3.OperationalError):
        commit(reg, read_table(_big_table(tmp_path / "t.xlsx", rows=3), 2022))
    assert len(_import_backups(db)) == 1


def test_a_full_tmpfs_disk_during_an_import(tmp_path, capsys):
    """The tester's own: the register copied onto a small disk, a table too big for what is
    left; the command line's import twice."""
    made = tmp_path / "made.db"
    Register.open(made).close()
    table = _big_table(tmp_path / "大表.xlsx", rows=300, remarks=600)  # 2 MB stored
    with small_disk(tmp_path / "小盘", "3M") as disk:
        db = disk / "工会 数据" / "register.db"
        db.parent.mkdir()
        shutil.copy(made, db)
        fill_disk(disk, leave=1200 * 1024)  # opened to write; the backup fits, the rows not
        for _ in range(2):
            assert main(["import", str(table), "--db", str(db), "--skip-bad-rows"]) == 1
            err = capsys.readouterr().err
            assert "错误：磁盘空间已满，大表.xlsx 未导入任何数据" in err, err
            assert _import_backups(db) == []
        with Register.open(db) as reg:
            assert counts(reg)["patent_applications"] == 0
