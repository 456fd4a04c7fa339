"""One register, one writer: the second instance is told who has it and gets it read-only."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication
from boostdesk.safety import (
    RegisterBusy,
    RegisterReadOnly,
    acquire,
    holder,
    network_share,
    open_register,
)
from boostdesk.safety import lock as lock_module
from boostdesk.safety import session as session_module
from tests.fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

ROOT = Path(__file__).resolve().parent.parent

HOLDER = """
import sys
from boostdesk.models import PatentApplication
from boostdesk.safety import open_register
opened = open_register(sys.argv[1], sys.argv[2], start_backup=False)
opened.reg.save_patent(PatentApplication(campaign_year=2022, inventor_name="王五", title="持有者写的"))
print("ready", flush=True)
sys.stdin.readline()
opened.reg.close()
print("closed", flush=True)
"""


class Holder:
    """Another BoostDesk process that has the register open."""

    def __init__(self, path: Path, operator: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path), operator], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "closed"
            self.proc.wait(10)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


@pytest.fixture
def held(tmp_path):
    path = tmp_path / "register.db"
    other = Holder(path, "王五")
    yield path, other
    if other.proc.poll() is None:
        other.kill()


def patent(title: str) -> PatentApplication:
    return PatentApplication(campaign_year=2022, inventor_name="张三", title=title)


def test_second_instance_is_told_who_has_it_and_gets_it_read_only(held):
    path, other = held
    opened = open_register(path, "张三")
    try:
        assert opened.read_only
        who = opened.holder
        assert who is not None
        assert (who.operator, who.host, who.pid) == ("王五", socket.gethostname(), other.proc.pid)
        assert who.since[:4].isdigit()
        assert "王五" in opened.warnings[0] and str(other.proc.pid) in opened.warnings[0]
        # Reads work and see the other instance's work...
        assert [p.title for p in opened.reg.patents()] == ["持有者写的"]
        # ...writes are refused, naming the holder.
        with pytest.raises(RegisterReadOnly, match="王五"):
            opened.reg.save_patent(patent("不该写进去"))
        with pytest.raises(RegisterReadOnly, match="王五"):  # even behind the register's back
            opened.reg.conn.execute("DELETE FROM patent_applications")
    finally:
        opened.reg.close()
    assert holder(path) == who


def test_a_writer_that_must_not_go_read_only_is_refused_with_the_holder(held):
    path, _ = held
    with pytest.raises(RegisterBusy, match="王五") as caught:
        open_register(path, "张三", read_only_if_busy=False)
    assert caught.value.holder.operator == "王五"


def test_lock_is_free_again_when_the_holder_closes(held):
    path, other = held
    other.close()
    assert holder(path) is None
    opened = open_register(path, "张三")
    assert not opened.read_only
    opened.reg.save_patent(patent("第二个人写的"))
    opened.reg.close()


def test_a_crashed_holder_leaves_no_stale_lock(held):
    path, other = held
    before = json.loads(Path(f"{path}.lock").read_text(encoding="utf-8"))
    assert before["pid"] == other.proc.pid
    other.kill()
    opened = open_register(path, "张三")
    try:
        assert not opened.read_only
        now = json.loads(Path(f"{path}.lock").read_text(encoding="utf-8"))
        assert (now["operator"], now["pid"]) == ("张三", os.getpid())
        opened.reg.save_patent(patent("崩溃之后"))
        assert [p.title for p in opened.reg.patents()] == ["持有者写的", "崩溃之后"]
    finally:
        opened.reg.close()


def test_leftover_lock_file_of_a_dead_process_does_not_block(tmp_path):
    path = tmp_path / "register.db"
    Path(f"{path}.lock").write_text(json.dumps(
        {"operator": "早已退出", "host": "PC-01", "pid": 999999, "since": "2022-10-17T09:00:00"}
    ), encoding="utf-8")
    opened = open_register(path, "张三")
    assert not opened.read_only
    opened.reg.close()


def test_the_same_process_can_open_its_register_twice(tmp_path):
    path = tmp_path / "register.db"
    first = open_register(path, "张三", start_backup=False)
    second = open_register(path, "张三", start_backup=False)
    assert not first.read_only and not second.read_only
    first.reg.close()
    assert acquire(path, "x")._users == 2  # still held by `second`, shared in-process
    lock_module._held[lock_module._key(path)].release()
    second.reg.close()
    assert lock_module._key(path) not in lock_module._held
    other = Holder(path, "王五")  # another process can now take it
    other.close()


def test_command_line_import_is_refused_while_the_window_has_the_register(held, tmp_path, capsys):
    path, _ = held
    sheet = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
    assert main(["import", str(sheet), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "王五" in err and "只读" in err
    assert "窗口" not in err  # the command line has no window to be read-only


def test_register_on_nfs_or_smb_is_recognised(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "server:/export /mnt/office\\040share nfs4 rw 0 0\n"
        "//fs/union /mnt/union cifs rw 0 0\n"
        "tmpfs /mnt/office\\040share/local tmpfs rw 0 0\n",
        encoding="utf-8",
    )
    nfs = network_share("/mnt/office share/2022/register.db", mounts)
    assert nfs is not None and nfs.kind == "nfs4" and nfs.mount == "/mnt/office share"
    assert "网络共享" in nfs.warning
    smb = network_share("/mnt/union/register.db", mounts)
    assert smb is not None and smb.kind == "cifs"
    assert network_share("/mnt/office share/local/register.db", mounts) is None
    assert network_share("/home/clerk/register.db", mounts) is None
    assert network_share("/mnt/unionx/register.db", mounts) is None


def test_unc_paths_are_network_shares():
    for path in (r"\\server\share\register.db", "//server/share/register.db",
                 r"\\?\UNC\server\share\register.db"):
        share = network_share(path)
        assert share is not None and share.kind == "UNC", path


def test_open_warns_about_a_network_share(tmp_path, monkeypatch):
    def fake_share(path, mounts_file="/proc/mounts"):
        return network_share(path, mounts)

    mounts = tmp_path / "mounts"
    mounts.write_text(f"srv:/x {tmp_path} nfs rw 0 0\n", encoding="utf-8")
    monkeypatch.setattr(session_module, "network_share", fake_share)
    opened = open_register(tmp_path / "register.db", "张三", start_backup=False)
    opened.reg.close()
    assert any("网络共享" in w for w in opened.warnings)


def test_a_filesystem_without_locks_is_warned_about(tmp_path, monkeypatch):
    monkeypatch.setattr(lock_module, "_try_lock", lambda fd: False)
    opened = open_register(tmp_path / "register.db", "张三", start_backup=False)
    opened.reg.close()
    assert any("不支持文件锁" in w for w in opened.warnings)


def test_check_while_another_has_the_register_reports_without_storing(held, capsys):
    path, _ = held
    assert main(["check", "--db", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "只读" in err and "未存入" in err
    assert json.loads(out)  # the verdicts, as ever


def test_a_symbolic_link_to_the_register_shares_its_lock(held, tmp_path):
    path, _ = held
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(path)
    opened = open_register(link, "张三")
    try:
        assert opened.read_only and opened.holder.operator == "王五"
    finally:
        opened.reg.close()
    assert not Path(f"{link}.lock").exists()


def test_a_holder_killed_is_named_to_the_next_one_to_open_it(held):
    path, other = held
    other.kill()
    opened = open_register(path, "张三", start_backup=False)
    try:
        assert not opened.read_only
        left = [w for w in opened.warnings if "没有正常关闭" in w]
        assert len(left) == 1 and "王五" in left[0] and str(other.proc.pid) in left[0]
        assert "已检查，完好" in left[0]
    finally:
        opened.reg.close()
    # closed properly this time: the next one is told nothing
    again = open_register(path, "李四", start_backup=False)
    try:
        assert not any("没有正常关闭" in w for w in again.warnings)
    finally:
        again.reg.close()


def test_a_holder_that_closed_leaves_nothing_to_report(held):
    path, other = held
    other.close()
    opened = open_register(path, "张三", start_backup=False)
    try:
        assert not any("没有正常关闭" in w for w in opened.warnings)
    finally:
        opened.reg.close()


def test_where_locks_are_not_enforced_the_name_left_is_a_possible_holder(tmp_path, monkeypatch):
    path = tmp_path / "register.db"
    Path(f"{path}.lock").write_text(json.dumps(
        {"operator": "王五", "host": "PC-02", "pid": 4242, "since": "2022-10-17T09:00:00"}
    ), encoding="utf-8")
    monkeypatch.setattr(lock_module, "_try_lock", lambda fd: False)  # SMB without locks
    opened = open_register(path, "张三", start_backup=False)
    try:
        said = " ".join(opened.warnings)
        assert "王五" in said and "PC-02" in said and "无法确认对方是否仍在使用" in said
        assert "没有正常关闭" not in said
    finally:
        opened.reg.close()


def test_a_read_only_command_reads_one_moment_while_the_holder_writes(held):
    """`boostdesk stats` or `pay list` beside a window that saves meanwhile: every query
    of the command sees the register as it was when the command began."""
    import argparse
    import sqlite3

    from boostdesk.cli import open_register as cli_open

    path, _ = held
    args = argparse.Namespace(db=str(path), operator="财务", command="stats")
    with cli_open(args) as reg:
        assert reg.read_only
        before = reg.scalar("SELECT count(*) FROM patent_applications")
        writer = sqlite3.connect(path)  # the holder's save, committed between two queries
        writer.execute("UPDATE patent_applications SET title = '持有者改的'")
        writer.execute("INSERT INTO audit_events (at, operator, action, entity) VALUES"
                       " ('2022-10-17 09:00', '王五', 'x', 'y')")
        writer.commit()
        writer.close()
        assert reg.scalar("SELECT count(*) FROM patent_applications") == before
        assert [p.title for p in reg.patents()] == ["持有者写的"]
    with cli_open(args) as reg:  # the next command sees it
        assert [p.title for p in reg.patents()] == ["持有者改的"]


def test_a_register_another_program_is_writing_is_said_in_chinese(tmp_path, monkeypatch, capsys):
    """Past the one-writer lock (a share without file locks, another program on the file):
    SQLite's "database is locked" was a traceback in English."""
    import sqlite3

    from boostdesk.models import register as register_module

    path = tmp_path / "register.db"
    open_register(path, "张三", start_backup=False).reg.close()
    monkeypatch.setattr(register_module, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert main(["campaign", "new", "--year", "2023", "--db", str(path)]) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert "登记册正被其他程序占用" in err and "请稍候再试" in err and "locked" not in err
    assert main(["campaign", "list", "--db", str(path)]) == 0
    assert "2023" not in capsys.readouterr().out


def test_a_command_refused_names_the_holder_once_and_says_nothing_was_done(held, capsys):
    path, _ = held
    assert main(["campaign", "new", "--year", "2023", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("王五") == 1 and "提示" not in err
    assert err.startswith("错误：登记册正由 王五") and err.rstrip().endswith("未做任何修改")


COMMAND = """
import sys, time
from boostdesk.safety import open_register
from boostdesk.safety.lock import set_program
set_program("命令行 boostdesk check")
opened = open_register(sys.argv[1], "信息科", start_backup=False)
print("ready", flush=True)
time.sleep(float(sys.argv[2]))
opened.reg.close()
"""


def test_a_command_waits_for_another_command_then_writes(tmp_path, capsys):
    """Finance's `campaign new` while IT's `check` has the register for a moment."""
    path = tmp_path / "register.db"
    open_register(path, "张三", start_backup=False).reg.close()
    proc = subprocess.Popen([sys.executable, "-c", COMMAND, str(path), "1"],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        assert main(["campaign", "new", "--year", "2023", "--db", str(path)]) == 0
    finally:
        proc.kill()
        proc.wait(10)
    err = capsys.readouterr().err
    # (the holder's command named as this one's hints are: on the register given)
    assert f"信息科（命令行 boostdesk --db {path} check，" in err and "等它结束" in err, err
    assert "错误" not in err


def test_a_holder_is_named_with_no_stray_space_before_the_words_after_it():
    """"…自 2022-10-17 09:30 起） 打开", "…起） 没有正常关闭": the space after "）" went."""
    from boostdesk.safety.lock import UNKNOWN_HOLDER, LockInfo

    info = LockInfo("王五", "PC1", 42, "2022-10-17T09:30:00")
    busy = str(RegisterBusy(Path("register.db"), info))
    assert "正由 王五（电脑 PC1，进程 42，自 2022-10-17 09:30 起）打开" in busy, busy
    left = session_module.left_open_message(info, True, checked=True)
    assert "起）没有正常关闭" in left and "） " not in left, left
    unenforced = session_module.left_open_message(info, False, checked=True)
    assert "起）打开" in unenforced and "） " not in unenforced, unenforced
    nobody = str(RegisterBusy(Path("register.db"), UNKNOWN_HOLDER))  # (no time to say)
    assert "自  起" not in nobody and "进程 0" not in nobody and "） " not in nobody, nobody
