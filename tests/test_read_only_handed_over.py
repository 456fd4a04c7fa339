"""A register handed to an auditor in a read-only folder (``chmod 555 data``; the register
0444 or 0644; no -wal beside it), its ``register.db.lock`` left by whoever wrote it last.

With that lock file writable, the lock was taken and SQLite then refused to make its -wal
(无法打开登记册 …：登记册文件或其所在文件夹只读); with it read-only too, the read-only
connection's "登记册只读，不能保存修改" hid SQLite's error from the test that reads such a
register as it is. Every reading command and the window refused it; a full disk, by
contrast, opened read-only. Now it opens read-only as a full disk does.

Run as the commands run, in a process of its own, without the capabilities that let root
write through file modes (``setpriv``), so that the folder's mode is what stops writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.models import PatentApplication, Register

ROOT = Path(__file__).resolve().parent.parent
CAPS = "-dac_override,-dac_read_search,-fowner"


@pytest.fixture
def handed_over(tmp_path):
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    folder = tmp_path / "审计 只读"
    folder.mkdir()
    path = folder / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    Path(f"{path}.lock").write_bytes(b"")  # left by its last writer
    assert not Path(f"{path}-wal").exists()
    path.chmod(0o444)
    try:
        yield path
    finally:
        folder.chmod(0o755)


def run(path: Path, *words: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "boostdesk", *words, "--db", str(path)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root, and no setpriv to run without overriding file modes")
        command = [setpriv, f"--bounding-set={CAPS}", f"--inh-caps={CAPS}", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "BOOSTDESK_OPERATOR": "审计员",
                               "PYTHONPATH": str(ROOT)})


def read_only(path: Path, lock_mode: int) -> None:
    Path(f"{path}.lock").chmod(lock_mode)
    path.parent.chmod(0o555)


@pytest.mark.parametrize("lock_mode", [0o644, 0o444])
def test_reading_commands_read_it(handed_over, lock_mode):
    read_only(handed_over, lock_mode)
    for words in (["campaign", "show"], ["check"]):
        done = run(handed_over, *words)
        assert done.returncode == 0, done.stderr
        assert "不能写入" in done.stderr
        assert "无法打开登记册" not in done.stderr
        assert "登记册只读，不能保存修改" not in done.stderr
    assert "张三" in done.stdout  # (check lists the applications)
    assert sorted(p.name for p in handed_over.parent.iterdir()) == [
        "register.db", "register.db.lock"]  # no -wal, no -shm made


def test_a_write_is_refused_with_the_reason(handed_over):
    read_only(handed_over, 0o644)
    done = run(handed_over, "campaign", "set", "--year", "2022", "publicity_days=6")
    assert done.returncode == 1
    assert f"登记册所在文件夹 {handed_over.parent} 不能写入" in done.stderr
    assert "无法打开登记册" not in done.stderr


def test_it_is_copied_off_elsewhere(handed_over, tmp_path):
    read_only(handed_over, 0o644)
    out = tmp_path / "给审计.zip"
    done = run(handed_over, "backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.is_file()


def test_a_folder_handed_over_with_its_files_read_only_is_said_as_the_folder(handed_over):
    """``chmod -R a-w``: the lock file read-only too was said as the lock file, with the
    advice to delete it, which a folder that cannot be written does not allow."""
    read_only(handed_over, 0o444)
    for words in (["check"], ["campaign", "set", "--year", "2022", "publicity_days=6"]):
        done = run(handed_over, *words)
        assert f"登记册所在文件夹 {handed_over.parent} 不能写入" in done.stderr, done.stderr
        assert "锁文件" not in done.stderr and "删除" not in done.stderr, done.stderr


def test_a_read_only_register_in_a_writable_folder_leaves_no_wal_nor_shm(handed_over):
    """The register set 0444, its folder writable: the read-only opening made a -wal and a
    -shm of 0444 beside it (readable by every account), then named them as files that
    cannot be written."""
    for words in (["check"], ["campaign", "show"]):
        done = run(handed_over, *words)
        assert done.returncode == 0, done.stderr
        assert f"登记册文件 {handed_over} 不能写入" in done.stderr, done.stderr
        assert "-wal" not in done.stderr and "-shm" not in done.stderr, done.stderr
    assert sorted(p.name for p in handed_over.parent.iterdir()) == [
        "register.db", "register.db.lock"]


def test_a_backups_folder_made_read_only_stays_so_and_the_backup_fails_said(handed_over):
    """``chmod -R a-w`` on the data folder: `backup` (and 立即备份) set backups/ back to
    drwx------ and wrote into it. It stays dr-x------ and the backup is refused, said."""
    import stat

    assert run(handed_over, "backup").returncode == 0  # backups/ made, 0700, one backup
    folder = handed_over.parent / "backups"
    (made,) = folder.iterdir()
    made.chmod(0o400)
    folder.chmod(0o500)
    read_only(handed_over, 0o444)
    try:
        done = run(handed_over, "backup")
        assert done.returncode == 1, done.stdout
        assert f"无法写入备份文件夹 {folder}" in done.stderr, done.stderr
        assert stat.S_IMODE(folder.stat().st_mode) == 0o500
        assert list(folder.iterdir()) == [made]
    finally:
        folder.chmod(0o700)


def test_an_older_release_s_register_set_read_only_is_said_as_the_file_not_its_folder(
        tmp_path):
    """IT's tester, stop 47: a register 0.25.0 left, set 0444 by IT in a folder that can be
    written, was refused as 登记册所在文件夹 … 不能写入 — the folder was fine; the file's mode,
    and the chmod to ask for, were not said."""
    from test_upgrade_old_release import old_register

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    folder = tmp_path / "数据"
    folder.mkdir()
    path = old_register(folder / "register.db")
    path.chmod(0o444)
    before = path.read_bytes()
    done = run(path, "check")
    assert done.returncode == 1
    assert "是旧版 BoostDesk 留下的（登记册格式 5）" in done.stderr, done.stderr
    assert f"登记册文件 {path} 不能写入" in done.stderr, done.stderr
    assert f'chmod u+w "{path}"' in done.stderr and "未被改动" in done.stderr
    assert "所在文件夹" not in done.stderr
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    # the folder handed over read-only is still said as the folder
    folder.chmod(0o555)
    try:
        done = run(path, "check")
    finally:
        folder.chmod(0o755)
    assert f"所在文件夹 {folder} 不能写入" in done.stderr, done.stderr
