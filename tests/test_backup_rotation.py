"""The rotation of automatic backups as the office meets it: a morning of window starts
must not take away last week's backup, nor the copy a restore kept of what it replaced."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import backup_register, list_backups, restore, set_backup_keep


def aged(info, days: int):
    """The backup as if taken ``days`` ago (its name carries when it was taken)."""
    when = info.created - timedelta(days=days)
    name = info.path.name.replace(f"{info.created:%Y%m%d-%H%M%S}", f"{when:%Y%m%d-%H%M%S}")
    target = info.path.with_name(name)
    os.replace(info.path, target)
    return target


def test_a_day_of_window_starts_keeps_earlier_days_backups(tmp_path):
    path = tmp_path / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="上周录入"))
    last_week = aged(backup_register(path, "import"), 7)
    later_that_day = aged(backup_register(path, "start"), 7)
    yesterday = aged(backup_register(path, "payment"), 1)
    for _ in range(25):  # three clerks opening and closing the window all morning
        backup_register(path, "start")
    kept = {b.path for b in list_backups(path)}
    assert yesterday in kept
    assert later_that_day in kept and last_week not in kept  # a day's newest only
    assert sum(1 for b in list_backups(path) if b.created.date() == datetime.now().date()) == 20


def test_what_a_restore_replaced_is_never_rotated_away(tmp_path):
    path = tmp_path / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="好的"))
        good = backup_register(path, "manual")
        reg.save_patent(PatentApplication(2022, inventor_name="李四", title="恢复前录入"))
    result = restore(good.path, path, "录入员")
    set_backup_keep(path, 3)
    for _ in range(6):
        backup_register(path, "start")
    assert result.safety_copy is not None and result.safety_copy.path.exists()
    assert result.safety_copy.path in {b.path for b in list_backups(path)}


def test_a_second_backup_in_the_same_millisecond_keeps_its_reason(tmp_path):
    """The second of two backups taken within a millisecond is named …-restore-2.db: it
    was listed as "restore-2" (no Chinese reason) and rotated like any other."""
    import shutil

    path = tmp_path / "register.db"
    Register.open(path, operator="录入员").close()
    first = backup_register(path, "restore", prune_old=False)
    twin = first.path.with_name(first.path.name.replace("-restore.zip", "-restore-2.zip"))
    shutil.copyfile(first.path, twin)
    (listed,) = [b for b in list_backups(path) if b.path == twin]
    assert listed.reason == "restore" and listed.reason_zh == "恢复前"
    set_backup_keep(path, 1)
    for _ in range(3):
        backup_register(path, "start")
    assert twin.exists()


class _Clock(datetime):
    """This computer's clock, set ``shift`` away from the true time."""

    shift = timedelta(0)

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + cls.shift


def _set_clock(monkeypatch, shift: timedelta) -> None:
    import boostdesk.safety.backup as backup

    monkeypatch.setattr(backup, "datetime", _Clock)
    monkeypatch.setattr(_Clock, "shift", shift)


def test_a_clock_set_back_keeps_the_backups_it_takes(tmp_path, monkeypatch):
    """A flat CMOS battery or a date typed wrong sets the clock two months back: every
    backup it took was older by name than six weeks of daily ones, and its own rotation
    deleted it at once (the payment run then failed on a missing file)."""
    path = tmp_path / "register.db"
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="好的"))
    for days in range(42, 0, -1):  # six weeks of days, a window start on each
        aged(backup_register(path, "start", prune_old=False), days)
    backup_register(path, "start")
    before = {b.path for b in list_backups(path)}
    _set_clock(monkeypatch, -timedelta(days=60))
    made = [backup_register(path, reason) for reason in ("start", "import", "payment")]
    kept = {b.path for b in list_backups(path)}
    assert all(m.path in kept for m in made)
    assert before <= kept  # taken when the clock was right: never deleted by a wrong one


def test_backups_taken_while_the_clock_ran_ahead_leave_todays_in_place(tmp_path, monkeypatch):
    """A clock a year ahead for a day, then corrected: the backups of that day were the
    newest twenty by name, so today's before an import was deleted by the payment run's."""
    path = tmp_path / "register.db"
    Register.open(path, operator="录入员").close()
    _set_clock(monkeypatch, timedelta(days=365))
    for _ in range(22):
        backup_register(path, "start")
    ahead = {b.path for b in list_backups(path)}
    _set_clock(monkeypatch, timedelta(0))
    before_import = backup_register(path, "import")
    backup_register(path, "payment")
    kept = {b.path for b in list_backups(path)}
    assert before_import.path in kept
    assert ahead <= kept


def test_a_register_of_the_same_stem_beside_it_keeps_its_backups_apart(tmp_path):
    """register.old beside register.db: both name their backups register-….zip, and
    ``restore 1`` of register.db took register.old's newest, the rotation of one deleting
    the other's."""
    path, other = tmp_path / "register.db", tmp_path / "register.old"
    for register, title in ((path, "正式"), (other, "旧副本")):
        with Register.open(register, operator="录入员") as reg:
            reg.save_patent(PatentApplication(2022, inventor_name="张三", title=title))
    mine = backup_register(path, "payment")
    set_backup_keep(other, 1)
    theirs = [backup_register(other, "start") for _ in range(3)][-1]
    assert list_backups(path) == [mine] and mine.path.exists()
    assert list_backups(other) == [theirs]
    assert main(["restore", "1", "--db", str(path)]) == 0
    with Register.open(path, operator="录入员") as reg:
        assert [p.title for p in reg.patents()] == ["正式"]


def test_on_windows_a_register_named_in_another_case_finds_its_backups(tmp_path, monkeypatch):
    """Windows finds register.db as Register.db; its backups' names were matched as typed,
    so `--db Register.db` listed none of register-….zip (and `restore 1` had none)."""
    import ntpath

    path = tmp_path / "register.db"
    Register.open(path, operator="测试员").close()
    made = backup_register(path, "manual")
    assert list_backups(tmp_path / "Register.db") == []  # Linux: another file, another name
    monkeypatch.setattr(os.path, "normcase", ntpath.normcase)  # as on Windows
    assert [b.path for b in list_backups(tmp_path / "Register.db")] == [made.path]
