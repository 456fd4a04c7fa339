"""Two clerks on one register (IT's tester, stop 42): a window opening just as a command
released the register went read-only for "another BoostDesk" nobody was; a copy of a
register taken while it was open (with its lock file) was said crashed; reading commands
said 不能保存修改 nobody asked for; a holder open since yesterday was just to be waited for."""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from test_lock import Holder

from boostdesk.cli import main
from boostdesk.safety import lock as lock_module
from boostdesk.safety import open_register
from boostdesk.safety.integrity import IntegrityReport
from boostdesk.safety.lock import LockInfo, lock_path
from boostdesk.safety.session import damaged_message, open_read_only
from tests.fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet


def _held_here(path: Path) -> int:
    """Another holder of the register's lock: a descriptor of its own, flock'ed."""
    fd = os.open(lock_path(path), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, b'{"operator": "\\u738b\\u4e94", "host": "pc", "pid": 7, "since": "2022-10-17T09:30:00"}')
    return fd


def test_a_lock_found_empty_as_its_holder_releases_it_is_taken_for_writing(tmp_path, monkeypatch):
    path = tmp_path / "register.db"
    open_register(path, "张三", start_backup=False).reg.close()
    fd = _held_here(path)
    real = lock_module.read_holder
    seen: list[object] = []

    def released_meanwhile(register, *args, **kwargs):  # the holder ends as it is read
        if not seen:
            seen.append(register)
            os.ftruncate(fd, 0)  # (as RegisterLock.release: emptied, then unlocked)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            return None
        return real(register, *args, **kwargs)

    monkeypatch.setattr(lock_module, "read_holder", released_meanwhile)
    opened = open_register(path, "李四", start_backup=False)
    try:
        assert seen and not opened.read_only and opened.holder is None
        assert not any("没有记下是谁" in w for w in opened.warnings)
    finally:
        opened.reg.close()


def test_a_holder_still_writing_its_name_is_named_once_written(tmp_path, monkeypatch):
    path = tmp_path / "register.db"
    open_register(path, "张三", start_backup=False).reg.close()
    fd = _held_here(path)
    real = lock_module.read_holder
    seen: list[object] = []

    def not_yet_written(register, *args, **kwargs):  # read between its truncate and write
        if not seen:
            seen.append(register)
            return None
        return real(register, *args, **kwargs)

    monkeypatch.setattr(lock_module, "read_holder", not_yet_written)
    try:
        opened = open_register(path, "李四", start_backup=False)
        opened.reg.close()
        assert opened.read_only and opened.holder is not None
        assert opened.holder.operator == "王五" and opened.holder.pid == 7
    finally:
        os.close(fd)


def _copy_open_register(path: Path, usb: Path) -> Path:
    usb.mkdir()
    for suffix in ("", "-wal", "-shm", ".lock"):
        if Path(f"{path}{suffix}").exists():
            shutil.copy2(f"{path}{suffix}", usb / f"{path.name}{suffix}")
    return usb / path.name


def test_a_copy_taken_while_open_is_said_a_copy_not_a_crash(tmp_path):
    path = tmp_path / "office" / "register.db"
    path.parent.mkdir()
    other = Holder(path, "王五")  # alive throughout: its window is open
    try:
        copy = _copy_open_register(path, tmp_path / "usb")
        opened = open_register(copy, "李四", start_backup=False)
        opened.reg.close()
    finally:
        other.close()
    said = "\n".join(opened.warnings)
    assert not opened.read_only  # she may go on with the copy
    assert "没有正常关闭" not in said
    assert (f"这是在 王五 打开登记册（原位置 {path.resolve()}）时复制的副本：其后在原登记册上的修改"
            "不在此副本中；如要继续工作，请回到原登记册，或确认以此副本为准") in said


def test_the_register_itself_after_a_crash_is_still_said_not_closed(tmp_path):
    path = tmp_path / "register.db"
    other = Holder(path, "王五")
    other.kill()
    opened = open_register(path, "李四", start_backup=False)
    opened.reg.close()
    said = "\n".join(opened.warnings)
    assert "没有正常关闭" in said and "副本" not in said


def test_a_damaged_copy_with_its_wal_beside_it_says_to_back_up_from_the_original(tmp_path):
    path = tmp_path / "register.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    report = IntegrityReport(path, False, ["database disk image is malformed"])
    alone = damaged_message(path, report, None)
    assert "没有找到完好的备份" in alone and "备份到" not in alone
    Path(f"{path}-wal").write_bytes(b"")  # empty (a read-only connection's): nothing to send
    assert damaged_message(path, report, None) == alone
    Path(f"{path}-wal").write_bytes(b"\x00" * 32)
    beside = damaged_message(path, report, None)
    assert "把它和同一文件夹中的 register.db-wal 一起复制给技术人员" in beside
    # from the ORIGINAL register, wherever it is: no command naming this copy, which
    # `backup` refuses (备份它没有意义)
    assert ("如这是在登记册打开时复制的副本，原登记册本身可能完好：请到原登记册所在的电脑或文件夹，"
            "从原登记册另做一份副本（在那里打开它，用“文件”→“备份到…”）") in beside


def test_reading_commands_on_a_held_register_say_nothing_of_saving(tmp_path, capsys):
    path = tmp_path / "register.db"
    other = Holder(path, "王五")
    try:
        assert main(["stats", "--db", str(path)]) == 0
        err = capsys.readouterr().err
        assert "不能保存修改" not in err and "请等对方关闭" not in err
        sheet = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
        assert main(["import", str(sheet), "--db", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.count("不能保存修改") == 1 and err.count("王五") == 1
        assert "错误：t.xlsx 未导入任何数据：登记册正由 王五" in err
    finally:
        other.close()


def test_a_holder_open_since_yesterday_is_said_so_with_what_can_be_done_meanwhile(tmp_path):
    path = tmp_path / "register.db"
    open_register(path, "张三", start_backup=False).reg.close()
    since = (datetime.now() - timedelta(hours=16, minutes=5)).isoformat(timespec="seconds")
    ro = open_read_only(path, "李四", LockInfo("王五", "PC1", 42, since))
    text = ro.read_only_message
    ro.close()
    assert "已连续打开 16 小时，可能忘记关闭" in text and "PC1" in text
    assert "查看、打印遮蔽副本、统计、备份到…" in text
    an_hour = (datetime.now() - timedelta(hours=1)).isoformat(timespec="seconds")
    ro = open_read_only(path, "李四", LockInfo("王五", "PC1", 42, an_hour))
    assert "小时" not in ro.read_only_message
    ro.close()


def test_the_command_line_s_hint_names_no_command_on_the_damaged_copy(tmp_path, monkeypatch):
    """请改用boostdesk --db …/dmg.db backup --out 文件名从原登记册另做一份: no space, and a
    command naming the damaged copy, which `backup` then refused."""
    from boostdesk import said_where

    monkeypatch.setattr(said_where, "_cli", True)
    path = tmp_path / "dmg.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    Path(f"{path}-wal").write_bytes(b"\x00" * 32)
    said = damaged_message(path, IntegrityReport(path, False, ["malformed"]), None)
    assert "boostdesk" not in said and "backup --out" not in said
    assert "从原登记册另做一份副本（在那里运行备份命令，加 --out 文件名，--db 写原登记册的位置）" in said
