"""Changes lost with a deleted -wal, as an IT tester re-checked the warning: a read-only
folder emptied the lock file (the only trace) and said nothing; a pending warning went
unsaid on a read-only opening; a backup folder unreadable at the finding wrote "no backup"
down for good; the backup the warning named was rotated away; a restore from a backup
lacking the changes (the start-up one) acknowledged them.

Tests run as root, whom a read-only folder does not stop: the folder's cases run the command
line as an ordinary account would, with capsh dropping root's file-access capabilities."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_lost_wal import ROOT, _killed_after_saving, _register, lost_after_a_crash
from test_storage_rights import deny

from boostdesk.models import Register
from boostdesk.safety import backup_register, open_register, restore
from boostdesk.safety.backup import backup_dir, set_backup_keep
from boostdesk.safety.lock import LockInfo

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
ROOTED = os.name == "posix" and os.geteuid() == 0
CAPSH = shutil.which("capsh")
needs_account = pytest.mark.skipif(ROOTED and CAPSH is None,
                                   reason="root needs capsh to meet a read-only folder")


def _as_account(*argv: str) -> subprocess.CompletedProcess:
    """A command run as an ordinary account (root without its file-access capabilities)."""
    cmd = [sys.executable, "-m", "boostdesk", *argv]
    if ROOTED:
        assert CAPSH is not None
        cmd = [CAPSH, "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--",
               "-c", " ".join(f"'{a}'" for a in cmd)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "BOOSTDESK_DATA": ""})


def _after_opening_with_the_held_backup(tmp_path: Path):
    """The killed window's 立即备份 holds its three papers; then the -wal is deleted."""
    db = _register(tmp_path)
    _killed_after_saving(db)
    held = backup_register(db, "manual")  # (reads through the -wal: the three papers)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink()
    return db, held


@needs_account
def test_a_read_only_folder_keeps_the_lock_note_and_says_the_loss(tmp_path):
    """chmod 555 on the folder after the crash: the read-only opening emptied the lock file
    (430 → 0 bytes), the record of the lost paper, and said only the read-only notice;
    made writable again, nothing was ever said."""
    db = _register(tmp_path)
    lost_after_a_crash(db)
    lock = Path(f"{db}.lock")
    note = lock.read_bytes()
    assert b"last_audit" in note
    tmp_path.chmod(0o555)
    try:
        for _ in range(2):  # each read-only opening finds it again from the lock's note
            shown = _as_account("campaign", "show", "--db", str(db), "--operator", "IT小王")
            assert shown.returncode == 0, shown.stderr
            assert "登记册缺少最近的修改：上次打开它的 录入员甲" in shown.stderr
            assert "不能写入" in shown.stderr  # the read-only notice too
            assert lock.read_bytes() == note  # the evidence untouched
        assert not Path(f"{db}.lost").exists()
    finally:
        tmp_path.chmod(0o755)
    shown = _as_account("campaign", "show", "--db", str(db))
    assert "登记册缺少最近的修改" in shown.stderr
    assert Path(f"{db}.lost").exists()  # kept now the folder allows


@needs_account
def test_a_pending_loss_is_said_on_a_read_only_opening(tmp_path):
    db = _register(tmp_path)
    lost_after_a_crash(db)
    first = _as_account("campaign", "show", "--db", str(db))
    assert "登记册缺少最近的修改" in first.stderr and Path(f"{db}.lost").exists()
    tmp_path.chmod(0o555)
    try:
        shown = _as_account("campaign", "show", "--db", str(db))
    finally:
        tmp_path.chmod(0o755)
    assert shown.returncode == 0, shown.stderr
    assert "登记册缺少最近的修改：上次打开它的 录入员甲" in shown.stderr


def test_a_restore_from_a_backup_lacking_the_changes_does_not_acknowledge_them(tmp_path):
    db, held = _after_opening_with_the_held_backup(tmp_path)
    opened = open_register(db, "王秀兰")  # finds the loss (and takes no start-up backup)
    opened.reg.close()
    assert opened.lost is not None
    start = backup_register(db, "manual")  # 立即备份 since: it lacks them
    restore(start.path, db, "王秀兰")
    assert Path(f"{db}.lost").exists()
    with Register.open(db, operator="查看") as reg:
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = "
                          "'acknowledge_lost'") == 0
    again = open_register(db, "王秀兰", start_backup=False)
    again.reg.close()
    assert again.lost is not None
    assert f"备份 {held.describe()}有其中到" in again.warnings[0]  # still the one to use
    restore(held.path, db, "王秀兰")  # the one holding them: acknowledged, said no more
    assert not Path(f"{db}.lost").exists()


def test_the_backup_holding_the_changes_is_not_rotated_away(tmp_path):
    """`backup --keep 3`, then the window opened four times (稍后处理): the backup the
    warning named was pruned, and `restore` said 找不到备份文件."""
    db, held = _after_opening_with_the_held_backup(tmp_path)
    open_register(db, "王秀兰", start_backup=False).reg.close()  # found, kept
    set_backup_keep(db, 1)
    for _ in range(4):
        backup_register(db, "start")
    assert held.path.exists()
    opened = open_register(db, "王秀兰", start_backup=False)
    opened.reg.close()
    assert held.path.name in opened.warnings[0] or held.describe() in opened.warnings[0]


def test_an_unreadable_backup_folder_is_said_and_looked_at_again(tmp_path, monkeypatch):
    """Found while the backups folder could not be read: "no backup" was written down for
    good, and the warning never said the folder could not be read."""
    db, held = _after_opening_with_the_held_backup(tmp_path)
    with monkeypatch.context() as m:
        deny(m, backup_dir(db), read=True)
        opened = open_register(db, "王秀兰", start_backup=False)
        opened.reg.close()
    said = opened.warnings[0]
    assert "无法读取备份文件夹" in said and "无法查看哪份备份有这些修改" in said
    assert "登记册没有备份" not in said
    assert "backup" not in json.loads(Path(f"{db}.lost").read_text(encoding="utf-8"))
    again = open_register(db, "王秀兰", start_backup=False)  # IT fixed the rights
    again.reg.close()
    assert f"备份 {held.describe()}有其中到" in again.warnings[0]


def test_the_warning_counts_lines_alike_and_closes_on_what_it_advises():
    from boostdesk.safety.lost_changes import BackupFinding, LostChanges, NearestBackup

    lost = LostChanges(LockInfo("录入员甲", "pc", 7, "2022-11-03T09:00:00"), 664,
                       "2022-11-03T10:00:06", "create|patent_applications|63|李明|一种方法",
                       661, "2022-11-03T09:58:00", "2022-11-03T10:05:00", "王秀兰（窗口）")
    held = BackupFinding(NearestBackup("b.zip", "2022-11-03 10:00:07（手动，9 KB）", 664,
                                       "2022-11-03T10:00:06"))
    said = lost.message("register.db", held)
    assert "3 条修改记录" in said and "3 条：请先不要录入" in said and "项" not in said
    assert "起）没有正常关闭" in said
    assert "从这份备份恢复后，此提示即不再出现" in said and "核对并补录后，请" not in said
    none = lost.message("register.db", BackupFinding())
    assert "核对并补录后，请" in none and "登记册没有备份" in none


def test_the_lost_change_is_named_in_the_offices_words_whatever_its_action():
    """A keyboard clerk was told to re-enter “correct_qualified_date 专利27”: every action the
    trail names reads in its words, as 修改记录 shows it."""
    from boostdesk.safety.lost_changes import describe_change

    assert describe_change("correct_qualified_date|patent_applications|27") == "更正资格审核日期 专利27"
    assert describe_change("revoke_award|patent_applications|35").startswith("撤销助推（已拨付，应追回） 专利35")
    assert describe_change("create|patent_applications|63|李明|一种测试方法") == \
        "新建 专利63（李明，《一种测试方法》）"
