"""Commits in a ``-wal`` file deleted after a crash: SQLite opens the register without
them and says nothing. The holder notes its last audit line in the lock file after each
commit, so the next one to open tells: 登记册缺少最近的修改…请从备份恢复."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.models import PatentApplication, Register
from boostdesk.safety import open_register, restore_and_reopen

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

WRITER = """
import sys, time
from boostdesk.models import PatentApplication
from boostdesk.safety import open_register
opened = open_register(sys.argv[1], "录入员甲", start_backup=False)
for i in range(3):
    opened.reg.save_patent(PatentApplication(title=f"崩溃前录入{i}", campaign_year=2022,
                                             inventor_name="李明"))
print("saved", flush=True)
time.sleep(60)
"""


def _killed_after_saving(db: Path) -> None:
    """A window that saved three papers, then was killed (its -wal left behind)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "saved"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert Path(f"{db}-wal").stat().st_size > 0  # the commits are in the -wal still


def _register(tmp_path: Path) -> Path:
    db = tmp_path / "register.db"
    reg = Register.open(db, operator="王秀兰")
    reg.save_patent(PatentApplication(title="早先录入", campaign_year=2022))
    reg.close()  # checkpointed: the main file holds it
    return db


def test_a_wal_deleted_after_a_crash_is_said_with_what_to_do(tmp_path):
    db = _register(tmp_path)
    _killed_after_saving(db)
    for suffix in ("-wal", "-shm"):  # “junk files” an IT person removed
        Path(f"{db}{suffix}").unlink()
    opened = open_register(db, "王秀兰", start_backup=False)
    try:
        titles = [r[0] for r in opened.reg.conn.execute(
            "SELECT title FROM patent_applications")]
        assert titles == ["早先录入"]  # the three papers are gone …
        said = opened.warnings[0]  # … and it is said first, not silently
        assert said.startswith("登记册缺少最近的修改：上次打开它的 录入员甲")
        assert "登记册没有备份，找不回这些修改" in said and "register.db-wal 可能已被删除" in said
        assert not any("已保存的修改都在" in w for w in opened.warnings)
    finally:
        opened.reg.close()
    # said again by the next opening (a clean close between): nobody acknowledged it yet
    again = open_register(db, "王秀兰", start_backup=False)
    again.reg.close()
    assert again.warnings[0].startswith("登记册缺少最近的修改：上次打开它的 录入员甲")


def test_a_crash_with_its_wal_kept_loses_nothing_and_says_so(tmp_path):
    db = _register(tmp_path)
    _killed_after_saving(db)
    opened = open_register(db, "王秀兰", start_backup=False)
    try:
        assert opened.reg.scalar("SELECT count(*) FROM patent_applications") == 4
        assert not any("缺少最近的修改" in w for w in opened.warnings)
        assert any("没有正常关闭" in w and "已保存的修改都在" in w for w in opened.warnings)
    finally:
        opened.reg.close()


def test_the_lock_file_notes_each_commit_in_place(tmp_path):
    db = _register(tmp_path)
    opened = open_register(db, "王秀兰", start_backup=False)
    lock_file = Path(f"{db}.lock")
    try:
        first = json.loads(lock_file.read_text(encoding="utf-8"))
        size = lock_file.stat().st_size
        opened.reg.save_patent(PatentApplication(title="又一份", campaign_year=2022))
        noted = json.loads(lock_file.read_text(encoding="utf-8"))
        last = opened.reg.conn.execute(
            "SELECT id, at FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
        assert int(noted["last_audit"]) == last[0] > int(first["last_audit"])
        assert noted["last_at"].strip() == last[1]
        assert noted["operator"] == "王秀兰"  # who holds it, as before
        assert lock_file.stat().st_size == size  # overwritten in place, one length
    finally:
        opened.reg.close()
    assert lock_file.read_bytes() == b""  # a clean close leaves nothing to compare


def test_a_restore_in_the_window_is_not_taken_for_lost_commits(tmp_path):
    """The restored register is older than the notes of the session that restored it: a
    crash after the restore must not call it lost."""
    from boostdesk.safety import backup_register

    db = _register(tmp_path)
    good = backup_register(db, "manual")
    opened = open_register(db, "王秀兰", start_backup=False)
    for i in range(3):
        opened.reg.save_patent(PatentApplication(title=f"恢复前{i}", campaign_year=2022))
    _result, reopened = restore_and_reopen(opened.reg, good.path)
    noted = json.loads(Path(f"{db}.lock").read_text(encoding="utf-8"))
    last = reopened.reg.scalar("SELECT max(id) FROM audit_events")
    assert int(noted["last_audit"]) == last
    assert not any("缺少最近的修改" in w for w in reopened.warnings)
    reopened.reg.close()


def test_a_worker_s_own_connection_notes_its_commits_too(tmp_path):
    """A background import or payment run writes through a connection of its own to the
    register the window holds: its commits are noted as the window's are."""
    db = _register(tmp_path)
    opened = open_register(db, "王秀兰", start_backup=False)
    worker = Register.open(db, operator="王秀兰", create=False)  # as AppContext's worker
    try:
        worker.save_patent(PatentApplication(title="后台导入", campaign_year=2022))
        noted = json.loads(Path(f"{db}.lock").read_text(encoding="utf-8"))
        assert int(noted["last_audit"]) == worker.scalar("SELECT max(id) FROM audit_events")
    finally:
        worker.close()
        opened.reg.close()


def lost_after_a_crash(db: Path) -> None:
    """A window saved three papers and was killed; IT then deleted its -wal and -shm."""
    _killed_after_saving(db)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink()


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "boostdesk", *argv], capture_output=True,
                          text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "BOOSTDESK_DATA": ""})


def test_a_read_only_command_says_the_loss_and_does_not_use_it_up(tmp_path):
    """IT's `campaign show` after the crash printed the warning, and the window opened next
    (the clerk whose paper was lost) said nothing: the finding lived in the lock file, which
    the command's lock wrote over. Every command and every start says it until acknowledged."""
    from boostdesk.safety import backup_register

    db = _register(tmp_path)
    backup_register(db, "manual")  # before the lost papers: it cannot hold them
    lost_after_a_crash(db)
    for _ in range(2):
        shown = _cli("campaign", "show", "--db", str(db), "--operator", "IT小王")
        assert shown.returncode == 0, shown.stderr
        assert "提示：登记册缺少最近的修改：上次打开它的 录入员甲" in shown.stderr
        # the paper it knows of, and honest advice: no backup holds it
        assert "新建 专利4（李明，《崩溃前录入2》）" in shown.stderr
        assert "哪份备份都没有这些修改" in shown.stderr and "从备份恢复找不回它们" in shown.stderr, shown.stderr
        assert "选这次打开之前的最近一份" not in shown.stderr
        assert f"boostdesk --db {db} backup --acknowledge-lost" in shown.stderr, shown.stderr
    opened = open_register(db, "录入员甲", start_backup=False)  # the window, after IT
    opened.reg.close()
    assert opened.lost is not None and opened.warnings[0].startswith("登记册缺少最近的修改")

    done = _cli("backup", "--acknowledge-lost", "--db", str(db), "--operator", "IT小王")
    assert done.returncode == 0, done.stderr
    assert "已确认（IT小王，记入修改记录）" in done.stdout
    after = _cli("campaign", "show", "--db", str(db))
    assert "缺少最近的修改" not in after.stderr
    trail = _cli("audit", "--db", str(db))
    [line] = [x for x in trail.stdout.splitlines() if "确认登记册缺少最近的修改" in x]
    assert "IT小王" in line and "命令行 boostdesk backup --acknowledge-lost" in line
    assert "新建 专利4（李明，《崩溃前录入2》）" in line


def test_a_backup_holding_some_of_the_lost_changes_is_named_to_restore_from(tmp_path):
    """A backup made by the killed window after its saves (立即备份) holds them: it is the
    one to restore from, and the restore acknowledges the loss in the audit trail."""
    from boostdesk.safety import backup_register, restore

    db = _register(tmp_path)
    _killed_after_saving(db)
    held = backup_register(db, "manual")  # (reads through the -wal: the three papers)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink()
    opened = open_register(db, "王秀兰", start_backup=False)
    opened.reg.close()
    said = opened.warnings[0]
    assert f"备份 {held.describe()}有其中到" in said and "请先不要录入，从这份备份恢复" in said
    restore(held.path, db, "王秀兰")
    reopened = open_register(db, "王秀兰", start_backup=False)
    try:
        assert reopened.lost is None
        assert not any("缺少最近的修改" in w for w in reopened.warnings)
        how = reopened.reg.scalar("SELECT after FROM audit_events WHERE action = "
                                  "'acknowledge_lost' AND operator = '王秀兰'")
        assert held.path.name in json.loads(how)["how"]
    finally:
        reopened.reg.close()
