"""What the office's Windows PCs do to files, simulated on Linux.

BoostDesk had only ever run on Linux. Each test here makes Python on Linux behave as it
does on Windows in one respect (what the C runtime there refuses, what a Chinese
Windows' code page cannot encode, what an antivirus scanner holding a new file does)
and checks that the clerk loses nothing and is told in Chinese what happened."""

from __future__ import annotations

import errno
import fcntl
import os
import types

import pytest

from boostdesk.models import PatentApplication, Register
from boostdesk.safety import backup_register, check_integrity, list_backups, restore
from tests.backup_files import sqlite_of
from tests.test_ui_support import answers  # noqa: F401 - a fixture


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
    with sqlite_of(info.path) as copy:
        assert check_integrity(copy).ok and list_backups(register.path) == [info]
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


def _held(winerror: int, times: int | None):  # noqa: ANN202
    """os.replace as on Windows while another program has a file open: refused with
    PermissionError (errno 13) and ``winerror`` 32 or 5, ``times`` times (None: always)."""
    real = os.replace
    calls: list[str] = []

    def replace(source, target) -> None:  # noqa: ANN001
        calls.append(str(target))
        if times is None or len(calls) <= times:
            exc = PermissionError(errno.EACCES, "The process cannot access the file", str(source),
                                  None, str(target))
            exc.winerror = winerror  # type: ignore[attr-defined]  # set by Windows only
            raise exc
        real(source, target)

    return replace, calls


def test_a_file_a_scanner_holds_for_a_moment_is_renamed_in_once_it_lets_go(tmp_path, monkeypatch):
    """Windows' antivirus opens each new file to scan it: the rename of an export, a
    backup or a restore onto its name was refused meanwhile (a backup said 无法写入备份,
    an import was refused for want of one). It is tried again for up to a second."""
    from boostdesk.io.in_place import written_in_place

    replace, calls = _held(32, 2)
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "2022年专利助推汇总表.xlsx"
    with written_in_place(target) as part:
        part.write_bytes(b"whole")
    assert target.read_bytes() == b"whole" and len(calls) == 3
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_backup_renamed_in_while_a_scanner_holds_its_copy(register, monkeypatch):
    replace, calls = _held(5, 1)
    monkeypatch.setattr(os, "replace", replace)
    info = backup_register(register.path, "import")
    with sqlite_of(info.path) as copy:
        assert check_integrity(copy).ok and len(calls) == 2


def test_an_export_over_a_workbook_open_in_excel_keeps_it_and_says_so(tmp_path, monkeypatch):
    """Excel keeps the workbook it shows open: the rename onto it is refused for as long
    as it is. The earlier workbook stays, no hidden piece is left beside it, and the
    clerk is told within about a second which file to close, in Chinese."""
    import time

    from boostdesk.io.in_place import written_in_place
    from boostdesk.os_errors import cannot_write

    target = tmp_path / "拨付清单.xlsx"
    target.write_bytes(b"earlier")
    replace, calls = _held(32, None)
    monkeypatch.setattr(os, "replace", replace)
    began = time.monotonic()
    with pytest.raises(PermissionError) as refused, written_in_place(target) as part:
        part.write_bytes(b"new")
    assert time.monotonic() - began < 2 and len(calls) > 1
    assert target.read_bytes() == b"earlier" and [p.name for p in tmp_path.iterdir()] == [target.name]
    assert refused.value.filename == str(target)
    said = cannot_write(refused.value.filename, refused.value)
    assert said == f"无法写入 {target}（文件正在其他程序（如 Excel、WPS）中打开，请先关闭）"


def test_a_draft_that_cannot_be_opened_just_now_is_not_deleted(tmp_path, monkeypatch):
    """A draft another program held open at that moment (Windows: a scanner, a backup
    or sync program) counted as unreadable, and an unreadable draft is deleted: the
    paper typed before the window was killed was gone."""
    from pathlib import Path

    from boostdesk.ui.entry_draft import draft_path, read_draft, write_draft

    path = draft_path(tmp_path / "register.db", "patent")
    write_draft(path, 2022, {"title": "一种扳手"}, {})
    real = Path.read_text

    def held(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if self == path:
            exc = PermissionError(errno.EACCES, "The process cannot access the file", str(self))
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", held)
    assert read_draft(path) is None and path is not None and path.exists()
    monkeypatch.undo()
    draft = read_draft(path)
    assert draft is not None and draft.fields == {"title": "一种扳手"}
    path.write_text("{not json", encoding="utf-8")  # damaged: dropped, as before
    assert read_draft(path) is None and not path.exists()


@pytest.mark.parametrize("folder", ["第2组#张三", "下载%20的表"])
def test_a_restore_in_a_folder_named_with_hash_or_percent_still_counts_what_it_took_out(
        tmp_path, folder):
    """The replaced register was read through ``file:{path}?mode=ro``: a # in a folder
    name ended the path there, a % began an escape, and the restore's audit line lost
    the count of changes it took out of the register (said as if there were none)."""
    import json
    import sqlite3

    reg = Register.open(tmp_path / folder / "register.db", operator="张三")
    reg.save_patent(PatentApplication(campaign_year=2022, title="一种扳手"))
    info = backup_register(reg.path, "manual")
    reg.save_patent(PatentApplication(campaign_year=2022, title="一种钳子"))
    reg.close()
    restore(info.path, reg.path, "张三")
    conn = sqlite3.connect(reg.path)
    before = conn.execute("SELECT before FROM audit_events WHERE action = 'restore'").fetchone()[0]
    conn.close()
    assert json.loads(before)["discarded"] >= 1, before


def test_the_log_goes_on_while_another_window_keeps_it_from_rotating(tmp_path, monkeypatch):
    """Windows renames no file another process has open: with a second BoostDesk on
    the computer, each record past the log's size tried to rotate it, failed, and was
    lost (logging's own error note going to a windowed program's missing console)."""
    import logging

    from boostdesk.logfile import SharedRotatingFileHandler

    path = tmp_path / "boostdesk.log"
    handler = SharedRotatingFileHandler(path, maxBytes=300, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    failures: list[object] = []
    monkeypatch.setattr(handler, "handleError", failures.append)
    real_rename = os.rename

    def held(source, target) -> None:  # noqa: ANN001
        exc = PermissionError(errno.EACCES, "The process cannot access the file", str(source))
        exc.winerror = 32  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(os, "rename", held)
    log = logging.getLogger("test_windows_files.log")
    log.propagate = False
    log.addHandler(handler)
    try:
        for n in range(30):
            log.warning("第 %d 条：另一个窗口开着日志文件", n)
        assert not failures
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines == [f"第 {n} 条：另一个窗口开着日志文件" for n in range(30)]
        monkeypatch.setattr(os, "rename", real_rename)  # the other window closed
        handler._not_before = 0.0  # a minute later
        log.warning("轮换")
        assert (tmp_path / "boostdesk.log.1").exists() and not failures
        assert path.read_text(encoding="utf-8") == "轮换\n"
    finally:
        log.removeHandler(handler)
        handler.close()


def test_what_windows_says_behind_a_permission_or_missing_file_error_is_told_as_it_is():
    """Python on Windows turns a write-protected stick and a drive pulled out into
    EACCES, a path past 260 characters and a network drive not connected into ENOENT
    (PC/errmap.h): the clerk was told to close the file in Excel, or that the folder did
    not exist. Windows' own code (``winerror``) says which."""
    from boostdesk.os_errors import cannot_write

    def said(winerror: int, code: int) -> str:
        exc = OSError(code, "English")
        exc.winerror = winerror  # type: ignore[attr-defined]  # set by Windows only
        return cannot_write(r"D:\导出\汇总.xlsx", exc)

    assert said(206, errno.ENOENT) == (r"无法写入 D:\导出\汇总.xlsx（文件名或路径太长：Windows 的路径一般"
                                       "不能超过 260 个字符）：请改用较短的文件名，或存到路径较短的文件夹"
                                       r"（如 D:\导出）")
    assert "（磁盘写保护）：请打开 U 盘的写保护开关" in said(19, errno.EACCES)
    assert "（设备未就绪：U 盘" in said(21, errno.EACCES) and "Excel" not in said(21, errno.EACCES)
    assert "网络驱动器可能未连接" in said(53, errno.ENOENT) and "网络驱动器可能未连接" in said(67, errno.ENOENT)
    assert "Excel" in said(5, errno.EACCES)  # ERROR_ACCESS_DENIED: a workbook open, as before


def test_a_register_named_from_a_mapped_drive_s_folder_is_known_as_on_the_network(monkeypatch):
    """`boostdesk-cli import 表.xlsx --db register.db` typed in Z:\\ (a mapped drive):
    a relative path had no drive letter to ask Windows about, and no warning was given.
    (A PowerShell's current folder may be a share itself.)"""
    import ctypes
    import ntpath

    from boostdesk.safety import files

    class Kernel32:
        @staticmethod
        def GetDriveTypeW(root: str) -> int:  # noqa: N802 - Windows' name
            return files.DRIVE_REMOTE if root.upper() == "Z:\\" else 3  # DRIVE_FIXED

    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=Kernel32), raising=False)
    monkeypatch.setattr(files.sys, "platform", "win32")
    monkeypatch.setattr(ntpath.os, "getcwd", lambda: "Z:\\工会\\2022")
    share = files.network_share("register.db")
    assert share is not None and share.kind == "mapped drive" and share.mount == "Z:\\"
    assert files.network_share(r"C:\Users\张三\AppData\Roaming\BoostDesk\register.db") is None
    monkeypatch.setattr(ntpath.os, "getcwd", lambda: "\\\\fileserver\\工会")
    share = files.network_share("register.db")
    assert share is not None and share.kind == "UNC"
    monkeypatch.setattr(ntpath.os, "getcwd", lambda: "C:\\Users\\张三\\Documents")
    assert files.network_share("register.db") is None


def test_a_path_too_long_for_windows_is_said_so_naming_the_file_asked_for(tmp_path, monkeypatch):
    """The hidden sibling an export is written to is 16 characters longer than its name:
    near Windows' 260 its making fails with winerror 206 (errno ENOENT). Renamed to name
    the file asked for, the error lost what Windows said, and the clerk was told the
    folder did not exist."""
    import tempfile

    from boostdesk.io.in_place import written_in_place
    from boostdesk.os_errors import cannot_write

    def too_long(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        exc = FileNotFoundError(errno.ENOENT, "The filename or extension is too long",
                                str(tmp_path / ".x.part"))
        exc.winerror = 206  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(tempfile, "mkstemp", too_long)
    target = tmp_path / "很长的文件夹名" / "2022年度专家评分包_张三.xlsx"
    with pytest.raises(OSError) as refused, written_in_place(target):
        pass
    assert refused.value.filename == str(target)
    assert "（文件名或路径太长：Windows 的路径一般不能超过 260 个字符）" in cannot_write(target, refused.value)


def test_the_list_exported_over_a_workbook_open_in_excel_is_refused_naming_it(
        tmp_path, monkeypatch, qtbot, answers):  # noqa: F811
    """导出 xlsx onto last week's export still open in Excel (Windows refuses the rename
    onto it for as long as Excel has it): the clerk is told which file to close, the
    open workbook is as it was, and nothing is left beside it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.register_screen import PatentScreen
    from tests.test_ui_support import year_context

    reg = Register.open(tmp_path / "register.db", operator="张三")
    fill_sample(reg)
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "2022年专利助推汇总表.xlsx"
    out.write_bytes(b"last week's, open in Excel")
    ctx = year_context(reg, tmp_path, YEAR, "张三")
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    replace, _calls = _held(32, None)
    monkeypatch.setattr(os, "replace", replace)
    button = next(b for b in screen.findChildren(QPushButton) if b.text() == "导出 xlsx")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=20_000)
    ctx.shutdown()
    said = answers.errors[-1][1]
    assert str(out) in said and "文件正在其他程序（如 Excel、WPS）中打开，请先关闭" in said, said
    assert out.read_bytes() == b"last week's, open in Excel"
    assert [p.name for p in folder.iterdir()] == [out.name]
    reg.close()


def test_a_name_typed_with_a_dated_ending_is_kept_and_no_other_file_overwritten(
        tmp_path, monkeypatch, qtbot, answers):  # noqa: F811
    """Offices name files by date with dots (专利名单2022.10.20). The save dialog's name
    had its "extension" replaced: 专利名单2022.10.xlsx was written, over last month's
    file of that name, which the dialog had never asked about."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from boostdesk.paths import with_extension
    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.register_screen import PatentScreen
    from tests.test_ui_support import year_context

    assert with_extension(tmp_path / "表.xls", ".xlsx") == tmp_path / "表.xlsx"
    assert with_extension(tmp_path / "表.PDF", ".pdf") == tmp_path / "表.PDF"
    reg = Register.open(tmp_path / "register.db", operator="张三")
    fill_sample(reg)
    other = tmp_path / "专利名单2022.10.xlsx"
    other.write_bytes(b"last month's")
    ctx = year_context(reg, tmp_path, YEAR, "张三")
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    typed = tmp_path / "专利名单2022.10.20"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(typed), ""))
    button = next(b for b in screen.findChildren(QPushButton) if b.text() == "导出 xlsx")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    written = tmp_path / "专利名单2022.10.20.xlsx"
    qtbot.waitUntil(lambda: not ctx.busy and written.exists(), timeout=20_000)
    ctx.shutdown()
    assert other.read_bytes() == b"last month's" and not answers.errors
    reg.close()
