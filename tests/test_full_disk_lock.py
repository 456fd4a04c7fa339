"""`boostdesk check` on a register whose disk is full is read-only, as every command is
there; but its early reading (the verdicts made beside the integrity check) took the
write lock first: it left a 0-byte lock file beside a register that had none, and, worse,
emptied the one a killed window had left, so that once the disk had room again the next
BoostDesk no longer said the register had not been closed normally, nor looked for lost
commits. It takes no lock on a full disk now (as ``open_register`` takes none there)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from tests.small_disk import fill_disk, small_disk

WINDOW = """
import sys, time
from boostdesk.models import PatentApplication
from boostdesk.safety import open_register

opened = open_register(sys.argv[1], "王秀兰", start_backup=False)
opened.reg.save_patent(PatentApplication(2022, inventor_name="李四", title="新焊枪"))
print("ready", flush=True)
time.sleep(60)
"""


def _register(tmp_path):
    made = tmp_path / "made.db"
    with Register.open(made, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    return made


def _killed_window(path) -> None:
    """A window (its register opened for writing, a save made) killed: its name is left
    in the lock file."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-c", WINDOW, str(path)], stdout=subprocess.PIPE,
                            text=True, env=env)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("leave", [0, 300_000])  # no byte left; less than SQLite needs
def test_a_check_on_a_full_disk_keeps_the_name_a_killed_window_left(tmp_path, capsys, leave):
    made = _register(tmp_path)
    with small_disk(tmp_path / "满盘", "2M") as folder:
        path = folder / "r.db"
        shutil.copy(made, path)
        _killed_window(path)
        lock = folder / "r.db.lock"
        left = lock.read_bytes()
        assert "王秀兰".encode() in left
        fill_disk(folder, leave)
        assert main(["check", "--db", str(path)]) == 0
        assert "本次为只读：核对结果未存入登记册" in capsys.readouterr().err
        assert lock.read_bytes() == left

        (folder / "其他文件").unlink()  # room again: the next run is told, and checks
        assert main(["check", "--db", str(path)]) == 0
        out, err = capsys.readouterr()
        assert "上次打开登记册的 王秀兰（电脑" in err and "没有正常关闭" in err
        assert "李四" in out  # its save was committed, and is there


@pytest.mark.parametrize("leave", [0, 300_000])
def test_a_check_on_a_full_disk_leaves_no_lock_file_beside_it(tmp_path, capsys, leave):
    made = _register(tmp_path)
    with small_disk(tmp_path / "满盘", "1M") as folder:
        path = folder / "r.db"
        shutil.copy(made, path)  # (the register alone: no lock file beside it)
        fill_disk(folder, leave)
        assert main(["check", "--db", str(path)]) == 0
        assert "张三" in capsys.readouterr().out
        assert sorted(p.name for p in folder.iterdir()) == ["r.db", "其他文件"]
