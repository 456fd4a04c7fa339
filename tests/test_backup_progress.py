"""A backup the window takes (立即备份, 备份到…) reports its progress and stops at 取消,
leaving nothing behind: the copy is then made a few MB at a time. And a file that is
plainly no backup is refused as what it is, by `restore` as by the window."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety.backup import (
    PROGRESS_STEPS,
    STEP_PAGES,
    BackupCancelled,
    BackupError,
    backup_register,
    list_backups,
)
from boostdesk.safety.backup_choice import chosen_backup


@pytest.fixture
def big(tmp_path) -> Path:
    """A register of several copy steps (STEP_PAGES pages each)."""
    path = tmp_path / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
        with reg.transaction():
            reg.conn.execute("CREATE TABLE padding (x BLOB)")
            reg.conn.executemany("INSERT INTO padding VALUES (randomblob(8000))",
                                 [()] * (STEP_PAGES * 3 // 2))
    return path


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("out", [False, True])
def test_progress_rises_to_the_end_over_several_steps(out, big, tmp_path):
    seen: list[tuple[int, int]] = []
    target = tmp_path / "U盘备份.db" if out else None
    info = backup_register(big, "manual", out=target, progress=lambda d, t: seen.append((d, t)))
    assert len(seen) > 3 and {t for _d, t in seen} == {PROGRESS_STEPS}
    done = [d for d, _t in seen]
    assert done == sorted(done) and done[-1] == PROGRESS_STEPS
    with Register.open(info.path if out else _unzipped(info.path, tmp_path), operator="查看") as copy:
        assert [a.title for a in copy.patents(2022)] == ["焊缝检测"]  # whole, step by step


def _unzipped(zipped: Path, folder: Path) -> Path:
    import zipfile

    with zipfile.ZipFile(zipped) as zf:
        [name] = [n for n in zf.namelist() if n.endswith(".db")]
        zf.extract(name, folder / "unzipped")
    return folder / "unzipped" / name


def test_a_cancel_leaves_no_backup_and_no_hidden_copy(big):
    asked = [0]

    def counted() -> bool:
        asked[0] += 1
        return False

    backup_register(big, "manual", cancelled=counted).path.unlink()
    last = asked[0]  # the copy's steps, the compression's, the check before the rename
    for at in (1, last - 1, last):  # in the copy, in the compression, once read back
        asked[0] = 0

        def cancelled(at: int = at) -> bool:
            asked[0] += 1
            return asked[0] >= at

        with pytest.raises(BackupCancelled, match="已取消备份，未写入备份文件"):
            backup_register(big, "manual", cancelled=cancelled)
        assert asked[0] == at
        assert list_backups(big) == [] and _left(big.parent / "backups") == [], at


def test_a_cancelled_copy_to_a_stick_leaves_nothing_there(big, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    calls = [0]

    def cancelled() -> bool:
        calls[0] += 1
        return calls[0] > 2

    with pytest.raises(BackupCancelled):
        backup_register(big, "manual", out=stick / "备份.db", cancelled=cancelled)
    assert _left(stick) == []


def test_restore_names_an_excel_workbook_as_one(tmp_path, capsys):
    """`boostdesk restore 汇总表.xlsx` said 不是 BoostDesk 的备份：压缩文件中没有（或不止一个）
    登记册文件（.db）."""
    from openpyxl import Workbook

    path = tmp_path / "register.db"
    Register.open(path, operator="录入员").close()
    Workbook().save(tmp_path / "汇总表.xlsx")
    assert main(["restore", str(tmp_path / "汇总表.xlsx"), "--db", str(path)]) == 1
    assert ("汇总表.xlsx 是 Excel 表格，不是 BoostDesk 的备份，不能用来恢复；登记册未作任何改动"
            in capsys.readouterr().err)


def test_a_newer_plain_backup_is_refused_at_once(tmp_path):
    path = tmp_path / "register.db"
    Register.open(path, operator="录入员").close()
    newer = tmp_path / "新版.db"
    backup_register(path, "manual", out=newer)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(BackupError, match="来自更新版本的 BoostDesk"):
        chosen_backup(newer, path)
    assert chosen_backup(backup_register(path, "manual").path, path).other is False
