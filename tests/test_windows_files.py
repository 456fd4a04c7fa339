"""What the office's Windows PCs do to files, simulated on Linux.

BoostDesk had only ever run on Linux. Each test here makes Python on Linux behave as it
does on Windows in one respect (what the C runtime there refuses, what a Chinese
Windows' code page cannot encode, what an antivirus scanner holding a new file does)
and checks that the clerk loses nothing and is told in Chinese what happened."""

from __future__ import annotations

import errno
import fcntl
import os

import pytest

from boostdesk.models import PatentApplication, Register
from boostdesk.safety import backup_register, check_integrity, list_backups, restore


def _windows_fsync(real):  # noqa: ANN001, ANN202
    """os.fsync as on Windows: the C runtime's _commit calls FlushFileBuffers, which needs
    a handle that may write, and says EBADF for one opened read-only."""

    def fsync(fd: int) -> None:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        real(fd)

    return fsync


@pytest.fixture
def register(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="张三")
    reg.save_patent(PatentApplication(campaign_year=2022, title="一种扳手",
                                      unit_name="海淀区总工会"))
    yield reg
    reg.close()


def test_a_backup_is_written_where_fsync_needs_a_handle_that_may_write(register, monkeypatch):
    """Every backup opened its copy read-only to flush it: on Windows each one failed
    (无法写入备份…系统错误 9), the start's, and the one before every import, payment and
    tier decision, which are refused without it; a restore could not copy its backup."""
    monkeypatch.setattr(os, "fsync", _windows_fsync(os.fsync))
    info = backup_register(register.path, "import")
    assert check_integrity(info.path).ok and list_backups(register.path) == [info]
    register.close()
    restored = restore(info.path, register.path, "张三")
    assert restored.safety_copy is not None and check_integrity(register.path).ok


def test_the_command_line_s_output_redirected_on_a_chinese_windows_is_written_whole(
        tmp_path, monkeypatch, capsys):
    """`boostdesk-cli pay list > 拨付.txt`: Python writes a redirected output in the
    system's code page, GBK on a Chinese Windows, which has no ¥: the list ended at its
    first amount in a UnicodeEncodeError traceback. A name's rare hanzi (𫖯) likewise."""
    import io
    import sys

    from boostdesk.cli import main

    db = str(tmp_path / "register.db")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    for command in (["pay", "list", "--year", "2022"], ["stats", "--year", "2022"]):
        out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")  # Windows: cp936, strict
        monkeypatch.setattr(sys, "stdout", out)
        assert main([*command, "--db", db]) == 0
        out.flush()
        text = out.buffer.getvalue().decode("gbk")
        assert "￥" in text if command[0] == "pay" else text, command
        monkeypatch.undo()
    out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    from boostdesk.cli import tolerant_output

    tolerant_output()
    print("赵孟𫖯 ¥3,000.00 − ✓ ✗")
    out.flush()
    assert out.buffer.getvalue().decode("gbk") == "赵孟? ￥3,000.00 - √ ×\n"
