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

    def broken(_path, quick=False):  # noqa: ANN001, ANN202
        raise OSError("磁盘读取失败")

    monkeypatch.setattr(integrity, "check_integrity", broken)
    (tmp_path / "register.db").write_bytes(b"x")
    report = BackgroundCheck.start(tmp_path / "register.db").report()
    assert not report.ok and report.problems == ["磁盘读取失败"]
