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
    opened.reg.save_patent(PatentApplication(title=f"崩溃前录入{i}", campaign_year=2022))
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
        assert "从备份恢复" in said and "register.db-wal 可能已被删除" in said
        assert not any("已保存的修改都在" in w for w in opened.warnings)
    finally:
        opened.reg.close()
    # said once: the next opening (a clean close between) does not say it again
    again = open_register(db, "王秀兰", start_backup=False)
    again.reg.close()
    assert not any("缺少最近的修改" in w for w in again.warnings)


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
