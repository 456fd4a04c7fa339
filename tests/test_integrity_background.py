"""The integrity check started in a thread at launch: the register is still opened only
after it has passed."""

from __future__ import annotations

import pytest
from test_backup import corrupt, full_reg

from boostdesk.safety import BackgroundCheck, RegisterDamaged, open_register

__all__ = ["full_reg"]


def test_a_sound_register_opens_once_the_check_reports(full_reg):
    path = full_reg.path
    full_reg.close()
    check = BackgroundCheck.start(path)
    opened = open_register(path, "测试员", start_backup=False, integrity=check)
    try:
        assert check.report().ok
        assert opened.reg.scalar("SELECT COUNT(*) FROM patent_applications") == 30
    finally:
        opened.reg.close()


def test_a_damaged_register_is_refused_and_left_unlocked(full_reg):
    path = full_reg.path
    full_reg.close()
    corrupt(path)
    check = BackgroundCheck.start(path)
    with pytest.raises(RegisterDamaged) as caught:
        open_register(path, "测试员", start_backup=False, integrity=check)
    assert not check.report().ok and "已损坏" in str(caught.value)
    from boostdesk.safety import acquire

    acquire(path, "另一位").release()  # RegisterBusy if the refused open had kept the lock


def test_a_failure_inside_the_thread_is_reported_not_lost(tmp_path, monkeypatch):
    from boostdesk.safety import integrity

    def broken(_path, quick=False, closed=False):  # noqa: ANN001, ANN202
        raise OSError("磁盘读取失败")

    monkeypatch.setattr(integrity, "check_integrity", broken)
    (tmp_path / "register.db").write_bytes(b"x")
    report = BackgroundCheck.start(tmp_path / "register.db").report()
    assert not report.ok and report.problems == ["磁盘读取失败"]


def _check_thread_niceness(tmp_path, monkeypatch, **start: bool) -> int:  # noqa: ANN001
    """The nice value the check's own thread ran at."""
    import os
    import threading

    from boostdesk.safety import integrity

    seen: list[int] = []

    def watched(path, quick=False, closed=False):  # noqa: ANN001, ANN202
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return integrity.IntegrityReport(path, True, [])

    monkeypatch.setattr(integrity, "check_integrity", watched)
    assert BackgroundCheck.start(tmp_path / "register.db", **start).report().ok
    return seen[0]


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"),
                    reason="a thread's own nice value is Linux's")
def test_the_window_s_check_gives_way_and_a_command_s_does_not(tmp_path, monkeypatch):
    import os

    own = os.getpriority(os.PRIO_PROCESS, 0)
    assert _check_thread_niceness(tmp_path, monkeypatch, yielding=True) > own
    assert _check_thread_niceness(tmp_path, monkeypatch) == own  # `boostdesk check` waits on it
    assert os.getpriority(os.PRIO_PROCESS, 0) == own  # the process itself is untouched
