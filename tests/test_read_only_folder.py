"""The register on a folder this user may only read: a share the finance officer was given
read access to, a folder copied from a CD. It was reported damaged (SQLite cannot make a
WAL register's -shm there), or the command line ended in a traceback at the lock file.
It opens read-only instead, saying why, and writes are refused in Chinese."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, RegisterError
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety import check_integrity, open_register


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder holding a register (WAL mode, closed: no -wal or -shm beside it) that this
    process cannot write: a read-only mount when running as root (root writes through
    file modes), else mode 0555."""
    yield from _read_only_folder(tmp_path)


@pytest.fixture
def older_register_in_read_only_folder(tmp_path):
    """The same, holding a register the previous BoostDesk (schema 11) left."""
    yield from _read_only_folder(tmp_path, SCHEMA_VERSION - 1)


def _read_only_folder(tmp_path, version: int = SCHEMA_VERSION):
    folder = tmp_path / "共享 只读"
    folder.mkdir()
    mounted = False
    if os.name == "posix" and os.geteuid() == 0:
        made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8M", "tmpfs", str(folder)],
                              capture_output=True)
        if made.returncode != 0:
            pytest.skip("root, and no read-only mount can be made here")
        mounted = True
    path = folder / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    if version < SCHEMA_VERSION:
        from test_migrations import as_version

        conn = sqlite3.connect(path)
        as_version(conn, version)
        conn.commit()
        conn.close()
    assert not Path(f"{path}-wal").exists()
    if mounted:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        yield path
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        else:
            folder.chmod(0o755)
            shutil.rmtree(folder)


def test_it_is_not_reported_damaged(read_only_folder):
    assert check_integrity(read_only_folder).ok
    assert check_integrity(read_only_folder, quick=True).ok


def test_it_opens_read_only_saying_why(read_only_folder):
    opened = open_register(read_only_folder, "财务", start_backup=False)
    try:
        assert opened.read_only
        assert [a.title for a in opened.reg.patents(2022)] == ["焊缝检测"]
        assert "不能写入" in opened.warnings[0]
    finally:
        opened.reg.close()


def test_the_command_line_reads_it_and_refuses_writes_in_chinese(read_only_folder, capsys):
    db = str(read_only_folder)
    assert main(["check", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert "张三" in out and "不能写入" in err and "损坏" not in out + err
    # not 登记册正由他人打开, nobody having it open
    assert (f"提示：登记册所在文件夹 {read_only_folder.parent} 不能写入，本次为只读：核对结果未存入"
            "登记册") in err
    assert "正由" not in err
    assert main(["campaign", "set", "--year", "2022", "publicity_days=6", "--db", db]) == 1
    assert "不能写入" in capsys.readouterr().err
    assert main(["backup", "--db", db]) == 1
    assert "--out" in capsys.readouterr().err


def test_an_older_register_there_is_not_said_to_be_open_elsewhere(
        older_register_in_read_only_folder, capsys):
    """It cannot be read before its upgrade, which writes: nobody has it open, as the
    refusal said (正由 另一个 BoostDesk（电脑 未知，进程 0）打开); the folder is read-only."""
    with pytest.raises(RegisterError) as refused:
        open_register(older_register_in_read_only_folder, "财务", start_backup=False)
    message = str(refused.value)
    assert "旧版" in message and "不能写入" in message and "正由" not in message
    assert main(["pay", "list", "--db", str(older_register_in_read_only_folder)]) == 1
    err = capsys.readouterr().err
    assert "旧版" in err and "正由" not in err and "Traceback" not in err


def test_a_register_this_account_may_not_read_is_not_called_damaged(tmp_path):
    """On a shared Linux folder, the register another clerk's BoostDesk made private (0600)
    was reported 已损坏, 请不要继续使用此文件, for a file that is sound."""
    import sys

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    path = tmp_path / "register.db"
    with Register.open(path, operator="录入员甲") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    path.chmod(0o600)
    command = [sys.executable, "-m", "boostdesk", "pay", "list", "--db", str(path)]
    if os.geteuid() == 0:  # root reads through modes: the file is another account's, and
        os.chown(path, 4321, 4321)  # this one runs without the capability to override them
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root, and no setpriv to run without overriding file modes")
        caps = "-dac_override,-dac_read_search"
        command = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", *command]
    else:
        path.chmod(0o000)
    done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent,
                          env={**os.environ, "BOOSTDESK_OPERATOR": "录入员乙"})
    assert done.returncode == 1
    assert "没有读取权限" in done.stderr and "损坏" not in done.stderr
    assert check_integrity(path).ok or os.geteuid() != 0  # the file itself is sound


def test_a_folder_that_says_readonly_database_is_read_as_it_is(tmp_path):
    """As a user (not root) with the register in a folder of mode 0555, SQLite says
    “attempt to write a readonly database” (it cannot make the -shm), not “unable to
    open” as on a read-only mount: every command called the register damaged."""
    from boostdesk.safety.integrity import connect_read_only

    path = tmp_path / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))

    class NoShm(sqlite3.Connection):  # what SQLite does in such a folder, -shm not made
        def __init__(self, database, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            super().__init__(database, *args, **kwargs)
            self.immutable = "immutable=1" in str(database)

        def execute(self, sql, *args):  # noqa: ANN001, ANN002, ANN201
            if not self.immutable and sql.startswith("PRAGMA schema_version"):
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return super().execute(sql, *args)

    conn = connect_read_only(path, factory=NoShm)
    try:
        assert conn.immutable
        assert conn.execute("SELECT title FROM patent_applications").fetchall() == [("焊缝检测",)]
    finally:
        conn.close()
