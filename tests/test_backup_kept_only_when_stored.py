"""A write that backs the register up first keeps that backup only when it stored something
(``safety.backup.backed_up_write``): one refused after its backup, cancelled, or finding
nothing to change leaves the backup list as it was, where the office restores from (and
whose pruning would otherwise drop a useful older backup). A write that stored keeps its
backup as before; one failing on the file's own trouble, or stopped, keeps it too."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.acceptance_withdraw import withdraw_acceptance
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import PatentApplication, Register, plan_2022
from boostdesk.models.register_base import WriteCancelled
from boostdesk.panel.past import PastLine, record_past_award, record_past_list, withdraw_past_award
from boostdesk.panel.past_close import close_year, reopen_year
from boostdesk.safety import list_backups
from boostdesk.safety.backup import BackupCancelled, backed_up_write
from tests.test_past_awards import WAN, project

YEAR = 2016
APPROVED = date(YEAR, 12, 20)


def _backups(db: Path) -> list[Path]:
    return sorted(b.path for b in list_backups(db))


def _register(tmp_path: Path) -> tuple[Path, int]:
    """A 2016 plan with one project registered (a past year the office records)."""
    db = tmp_path / "register.db"
    with Register.open(db, "测试员") as reg:
        reg.save_campaign(plan_2022().for_year(YEAR))
        pid = reg.save_project(project(YEAR))
    return db, pid


def _awarded(reg: Register, pid: int) -> None:
    record_past_award(reg, pid, 5 * WAN, APPROVED, backup=False)


def _paid(reg: Register, pid: int) -> None:
    _awarded(reg, pid)
    first = next(x for x in payment_lines(reg, YEAR) if x.tranche == 1)
    mark_paid(reg, first.id, date(YEAR + 1, 1, 5), "记-1")


def _accepted(reg: Register, pid: int) -> None:
    _awarded(reg, pid)
    record_acceptance(reg, pid, date(YEAR + 1, 12, 1))


@dataclass(frozen=True)
class Write:
    """A write that backs the register up first, ``set_up`` making it possible."""

    name: str
    set_up: Callable[[Register, int], None]
    do: Callable[[Register, int, Any], Any]


def _paid_ids(reg: Register) -> list[int]:
    return [x.id for x in payment_lines(reg, YEAR) if x.paid]


WRITES = [
    Write("补录往年结果", lambda reg, pid: None,
          lambda reg, pid, c: record_past_award(reg, pid, 5 * WAN, APPROVED, cancelled=c)),
    Write("补录往年名单", lambda reg, pid: None,
          lambda reg, pid, c: record_past_list(reg, [PastLine(1, pid, 5 * WAN, APPROVED)],
                                               cancelled=c)),
    Write("撤销补录", _awarded,
          lambda reg, pid, c: withdraw_past_award(reg, pid, "档次录错", cancelled=c)),
    Write("结年", lambda reg, pid: None, lambda reg, pid, c: close_year(reg, YEAR, cancelled=c)),
    Write("撤销结年", lambda reg, pid: close_year(reg, YEAR),
          lambda reg, pid, c: reopen_year(reg, YEAR, "误结", cancelled=c)),
    Write("撤销拨付登记", _paid,
          lambda reg, pid, c: cancel_payments(reg, _paid_ids(reg), "凭证号写错", cancelled=c)),
    Write("结题验收", _awarded,
          lambda reg, pid, c: record_acceptance(reg, pid, date(YEAR + 1, 12, 1), backup=True,
                                                cancelled=c)),
    Write("撤销结题验收", _accepted,
          lambda reg, pid, c: withdraw_acceptance(reg, pid, "登记错了项目", cancelled=c)),
]


def _set_up(tmp_path: Path, write: Write) -> tuple[Path, int, list[Path], int]:
    db, pid = _register(tmp_path)
    with Register.open(db, "测试员") as reg:
        write.set_up(reg, pid)
        events = reg.scalar("SELECT max(id) FROM audit_events")
    return db, pid, _backups(db), events


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
@pytest.mark.parametrize("moment", ["backup", "commit"])
def test_a_write_cancelled_after_its_backup_keeps_no_backup(tmp_path, write, moment):
    """取消 while the backup was made (the window's background write: asked once it is
    made) or while the transaction ran (asked at its commit): nothing stored, no backup."""
    db, pid, before, events = _set_up(tmp_path, write)
    asked: list[bool] = []

    def cancelled() -> bool:  # the first question is the one after the backup
        asked.append(True)
        return moment == "backup" or len(asked) > 1

    with Register.open(db, "测试员") as reg:
        with pytest.raises(BackupCancelled if moment == "backup" else WriteCancelled):
            write.do(reg, pid, cancelled)
        assert reg.scalar("SELECT max(id) FROM audit_events") == events  # stored nothing
    assert _backups(db) == before


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_a_write_that_stores_keeps_its_backup(tmp_path, write):
    db, pid, before, _events = _set_up(tmp_path, write)
    with Register.open(db, "测试员") as reg:
        write.do(reg, pid, lambda: False)
    after = _backups(db)
    assert len(after) == len(before) + 1 and set(before) < set(after)


# -- the command line -------------------------------------------------------------------
def _cli(db: Path, *args: str) -> int:
    return main([*args, "--db", str(db), "--operator", "测试员"])


def _wrong_list(tmp_path: Path, db: Path) -> list[str]:
    listed = tmp_path / "2016.csv"  # no 2016 tier: refused by the award, after the backup
    listed.write_text("数控机床精度补偿,7000,2016-12-20\n", encoding="utf-8")
    return ["panel", "record-past", "--year", str(YEAR), "--list", str(listed)]


def _old_ids_left(tmp_path: Path, db: Path) -> list[str]:
    """One person under a 15-digit number with no birth date: listed and left, nothing
    rewritten."""
    with Register.open(db, "测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2021))
        reg.save_patent(PatentApplication(2021, title="赵六的专利", inventor_name="赵六",
                                          patent_number_raw="ZL201920123450.0",
                                          id_number="110105501301001"))
    return ["correct", "old-ids"]


COMMANDS = {"panel record-past --list（一行有误）": (_wrong_list, 1),
            "correct old-ids（无可换算）": (_old_ids_left, 0)}


@pytest.mark.parametrize("case", COMMANDS, ids=list(COMMANDS))
def test_a_command_that_stores_nothing_keeps_no_backup(tmp_path, capsys, case):
    set_up, code = COMMANDS[case]
    db, _pid = _register(tmp_path)
    args = set_up(tmp_path, db)
    assert _cli(db, *args) == code
    out = capsys.readouterr().out
    assert _backups(db) == []
    assert "已备份" not in out  # no backup named that is not there


def test_the_command_line_s_list_keeps_its_backup_once_stored(tmp_path, capsys):
    db, _pid = _register(tmp_path)
    listed = tmp_path / "2016.csv"
    listed.write_text("数控机床精度补偿,50000,2016-12-20\n", encoding="utf-8")
    assert _cli(db, "panel", "record-past", "--year", str(YEAR), "--list", str(listed)) == 0
    assert [b.reason for b in list_backups(db)] == ["tier"]


# -- the mechanism ----------------------------------------------------------------------
@pytest.fixture
def filed(tmp_path):
    db, _pid = _register(tmp_path)
    reg = Register.open(db, "测试员")
    yield reg
    reg.close()


def _kept(reg: Register, write: Callable[[], Any]) -> Any:
    with backed_up_write(reg, "status") as backed_up:
        write()
    return backed_up


def test_nothing_to_change_takes_the_backup_back_and_says_so(filed):
    backed_up = _kept(filed, lambda: None)  # checked, and found nothing to do
    assert backed_up.made is not None and backed_up.kept is None
    assert _backups(filed.path) == []


def test_a_transaction_committing_nothing_keeps_no_backup(filed):
    def empty() -> None:
        with filed.transaction():
            filed.conn.execute("UPDATE project_applications SET title = title WHERE id < 0")
    assert _kept(filed, empty).kept is None
    assert _backups(filed.path) == []


def test_a_commit_the_trail_does_not_show_keeps_the_backup(filed):
    """Every write is audited; one that is not still changed rows and committed them."""
    def unaudited() -> None:
        with filed.transaction():
            filed.conn.execute("UPDATE project_applications SET title = '改过的'")
    backed_up = _kept(filed, unaudited)
    assert backed_up.kept is not None and _backups(filed.path) == [backed_up.kept.path]


def test_a_write_inside_an_open_transaction_keeps_the_backup(filed):
    """Its caller's transaction commits later: whether it stores is not known here."""
    with filed.transaction():
        backed_up = _kept(filed, lambda: None)
    assert backed_up.kept is not None and len(_backups(filed.path)) == 1


@pytest.mark.parametrize("failure", [
    sqlite3.OperationalError("disk I/O error"),
    sqlite3.DatabaseError("database disk image is malformed"),
    OSError(5, "Input/output error"),
    KeyboardInterrupt(),
], ids=["io", "malformed", "oserror", "ctrl-c"])
def test_a_write_failing_on_the_file_or_stopped_keeps_its_backup(filed, failure):
    """Rolled back, nothing stored; but the copy from just before may be the last good one
    (the file's own trouble), and a stopped write is not second-guessed."""
    def fails() -> None:
        with filed.transaction():
            filed.conn.execute("UPDATE project_applications SET title = '半途'")
            raise failure
    with pytest.raises(type(failure)), backed_up_write(filed, "status") as backed_up:
        fails()
    assert backed_up.kept is not None and len(_backups(filed.path)) == 1


@pytest.mark.parametrize("failure", [
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.IntegrityError("UNIQUE constraint failed"),
    ValueError("refused"),
], ids=["full", "constraint", "refused"])
def test_a_write_refused_half_way_keeps_no_backup(filed, failure):
    """Rows written, then refused and rolled back: the register is what the backup holds."""
    def fails() -> None:
        with filed.transaction():
            filed.conn.execute("UPDATE project_applications SET title = '半途'")
            raise failure
    with pytest.raises(type(failure)), backed_up_write(filed, "status") as backed_up:
        fails()
    assert backed_up.made is not None and backed_up.kept is None
    assert _backups(filed.path) == []
