"""Another account's folder or file beside the register, said for what it is and what to do.

Found by an IT tester running BoostDesk as an ordinary account: a backups/ folder another
account owns (0700) crashed `backup` and `import` with a PermissionError traceback, and was
listed as 还没有备份 / 没有第 1 份备份 though a backup was in it; a lock file another account
left (or set 0444) was said as 登记册所在文件夹不能写入, the folder being writable; a register
file set 0444 was said only at the first save, as 登记册文件或其所在文件夹只读, no path.

Tests run as root, which the system never refuses: the refusal is simulated where Python
asks the system (``os.open``, ``os.listdir``, ``os.stat``), as an ordinary account meets it.
(Checked by hand too, with capsh dropping root's file-access capabilities.)
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication
from boostdesk.safety import open_register
from boostdesk.safety.backup import BackupError, backup_dir, backup_register, list_backups
from tests.fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _refused(path: object) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def deny(monkeypatch, target: Path, *, read: bool) -> None:
    """The system refuses this account ``target`` as it refuses another account's: writing
    (a file in it, for a folder), and with ``read`` listing it and looking at what is in it
    (0700 of another account)."""
    target = target.absolute()
    real_open, real_listdir, real_scandir, real_stat = os.open, os.listdir, os.scandir, os.stat

    def inside(path: object) -> bool:
        try:
            p = Path(os.fsdecode(path)).absolute()  # type: ignore[arg-type]
        except TypeError:
            return False
        return p == target or target in p.parents

    def fake_open(path, flags, *args, **kwargs):
        if inside(path) and (read or flags & WRITE_FLAGS):
            raise _refused(path)
        return real_open(path, flags, *args, **kwargs)

    def fake_listdir(path="."):
        if read and inside(path):
            raise _refused(path)
        return real_listdir(path)

    def fake_scandir(path="."):
        if read and inside(path):
            raise _refused(path)
        return real_scandir(path)

    def fake_stat(path, *args, **kwargs):
        if read and inside(path) and Path(os.fsdecode(path)).absolute() != target:
            raise _refused(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "listdir", fake_listdir)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    monkeypatch.setattr(os, "stat", fake_stat)


@pytest.fixture
def backed_up(tmp_path) -> Path:
    """A register with one backup in its backups/ folder."""
    opened = open_register(tmp_path / "register.db", "录入员甲", start_backup=False)
    opened.reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    opened.reg.close()
    backup_register(opened.reg.path, "manual")
    return Path(opened.reg.path)


# -- 1. another account's backups/ folder --------------------------------------------------
def test_backup_and_import_into_an_unreadable_backup_folder_say_so_not_a_traceback(
        backed_up, tmp_path, monkeypatch, capsys):
    sheet = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
    folder = backup_dir(backed_up)
    deny(monkeypatch, folder, read=True)
    assert main(["backup", "--db", str(backed_up)]) == 1
    said = capsys.readouterr().err
    assert f"无法读取备份文件夹 {folder}" in said and "没有读取权限" in said, said
    assert "请让 IT 人员给账户" in said and "--out" in said  # what to do, and where else
    assert "Excel" not in said
    assert main(["import", str(sheet), "--db", str(backed_up), "--year", "2022"]) == 1
    said = capsys.readouterr().err
    assert f"无法读取备份文件夹 {folder}" in said and "未能备份" in said, said


def test_a_backup_folder_that_cannot_be_written_is_said_as_its_rights_not_excel(
        backed_up, monkeypatch):
    folder = backup_dir(backed_up)
    deny(monkeypatch, folder, read=False)
    with pytest.raises(BackupError) as refused:
        backup_register(backed_up, "manual")
    said = str(refused.value)
    assert f"无法写入备份文件夹 {folder}（没有写入权限" in said, said
    assert "Excel" not in said and said.endswith("登记册未被改动")


def test_listing_an_unreadable_backup_folder_says_it_cannot_be_read_not_no_backups(
        backed_up, monkeypatch, capsys):
    folder = backup_dir(backed_up)
    deny(monkeypatch, folder, read=True)
    assert list_backups(backed_up) == []  # (the quiet callers: pruning, numbering)
    assert main(["backup", "list", "--db", str(backed_up)]) == 1
    said = capsys.readouterr()
    assert "还没有备份" not in said.out + said.err
    assert f"无法读取备份文件夹 {folder}" in said.err and "看不到其中有哪些备份" in said.err
    assert main(["restore", "1", "--db", str(backed_up)]) == 1
    said = capsys.readouterr().err
    assert "没有第 1 份备份" not in said and f"无法读取备份文件夹 {folder}" in said, said
    assert main(["restore", str(folder / "register-20221017-100233-000-manual.zip"),
                 "--db", str(backed_up)]) == 1  # a file in it by name: no traceback either
    assert f"无法读取备份文件夹 {folder}" in capsys.readouterr().err


# -- 2. another account's lock file; a read-only register file -----------------------------
def test_a_lock_file_of_another_account_is_named_with_what_to_do(backed_up, monkeypatch, capsys):
    lock = Path(f"{backed_up}.lock")
    assert lock.exists()  # left by the opening above, as another account's would be
    deny(monkeypatch, lock, read=False)
    opened = open_register(backed_up, "录入员乙", start_backup=False)
    try:
        assert opened.read_only
        said = opened.reg.read_only_message
        assert f"登记册的锁文件 {lock} 不能写入" in said and f"删除 {lock}" in said, said
        assert "所在文件夹" not in said and opened.reg.why.startswith("登记册的锁文件")
    finally:
        opened.reg.close()
    assert main(["correct", "union", "甲", "乙", "--reason", "测试", "--db", str(backed_up)]) == 1
    said = capsys.readouterr().err
    assert f"提示：登记册的锁文件 {lock} 不能写入" in said and "所在文件夹" not in said, said


def test_a_read_only_lock_file_someone_holds_names_the_holder(tmp_path, monkeypatch):
    """Readable, locked by another process: it is theirs now, said as who has it."""
    from test_lock import Holder

    path = tmp_path / "register.db"
    other = Holder(path, "王五")
    try:
        deny(monkeypatch, Path(f"{path}.lock"), read=False)
        opened = open_register(path, "录入员乙", start_backup=False)
        try:
            assert opened.read_only and "王五" in opened.reg.read_only_message
        finally:
            opened.reg.close()
    finally:
        other.close()


def test_a_read_only_register_file_is_said_at_opening_with_its_path_and_the_fix(
        backed_up, monkeypatch, capsys):
    """SQLite opened it read-only without a word: each save then failed with
    登记册文件或其所在文件夹只读, no path, nothing to do."""
    deny(monkeypatch, backed_up, read=False)
    opened = open_register(backed_up, "录入员乙", start_backup=False)
    try:
        assert opened.read_only
        said = opened.reg.read_only_message
        assert f"登记册文件 {backed_up} 不能写入" in said and "可读写" in said, said
        assert Path(f"{backed_up}.lock").read_bytes() == b""  # the lock given back
    finally:
        opened.reg.close()
    assert main(["correct", "union", "甲", "乙", "--reason", "测试", "--db", str(backed_up)]) == 1
    said = capsys.readouterr().err
    assert f"提示：登记册文件 {backed_up} 不能写入" in said, said



def test_a_read_only_register_file_is_read_as_it_is_making_no_wal_nor_shm(backed_up, monkeypatch):
    """Read so, SQLite made a -wal and a -shm beside it with its mode (0444: readable by
    every account), and the message named them as more files that cannot be written."""
    for extra in ("-wal", "-shm"):
        Path(f"{backed_up}{extra}").unlink(missing_ok=True)
    deny(monkeypatch, backed_up, read=False)
    opened = open_register(backed_up, "录入员乙", start_backup=False)
    try:
        assert opened.read_only and [p.inventor_name for p in opened.reg.patents()] == ["张三"]
        assert not Path(f"{backed_up}-wal").exists() and not Path(f"{backed_up}-shm").exists()
        assert "-wal" not in opened.reg.read_only_message
    finally:
        opened.reg.close()


def test_a_backup_folder_its_own_account_made_read_only_is_not_to_be_handed_back(
        backed_up, monkeypatch):
    """The folder is this account's (chmod 555 by its owner): "或把它交还账户 root 所有"
    asked root to hand root its own folder."""
    deny(monkeypatch, backup_dir(backed_up), read=False)
    with pytest.raises(BackupError) as refused:
        backup_register(backed_up, "manual")
    assert "交还" not in str(refused.value) and "读写权限" in str(refused.value)


def test_a_restore_into_a_folder_that_cannot_be_written_says_the_folder(
        backed_up, monkeypatch, capsys):
    """The register writable, its folder not: SQLite's English and a hidden temporary
    file's name ("[Errno 13] Permission denied: '….register.db.restore.5242.tmp'")."""
    real_open = os.open

    def fake_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202
        if ".restore." in os.fsdecode(path) and flags & os.O_CREAT:
            raise _refused(path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    assert main(["restore", "1", "--db", str(backed_up)]) == 1
    said = capsys.readouterr().err
    assert f"登记册所在文件夹 {backed_up.parent} 不能写入" in said, said
    assert "Errno" not in said and ".tmp" not in said
