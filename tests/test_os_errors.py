"""A file the system refused is said in Chinese, with what it means: the C library's
“Permission denied” / “Is a directory” reached the clerk's message boxes and the CLI."""

from __future__ import annotations

import errno
import re

from boostdesk.cli import main
from boostdesk.os_errors import cannot_write, explain_os_error
from boostdesk.ui.context import error_text
from tests.test_ui_support import answers, qsettings  # noqa: F401 - fixtures

ENGLISH = re.compile(r"[A-Za-z]{4,}")


def test_the_usual_refusals_are_said_in_chinese():
    assert "Excel" in explain_os_error(PermissionError(errno.EACCES, "Permission denied"))
    assert "文件夹" in explain_os_error(IsADirectoryError(errno.EISDIR, "Is a directory"))
    assert explain_os_error(OSError(errno.ENOSPC, "No space left on device")) == "磁盘已满"
    locked = OSError(errno.EACCES, "The process cannot access the file")
    locked.winerror = 32  # Windows: the workbook is open in Excel
    assert "正在其他程序" in explain_os_error(locked)
    odd = explain_os_error(OSError(errno.ELOOP, "Too many levels of symbolic links"))
    assert odd.startswith(f"系统错误 {errno.ELOOP}：")  # unknown here: the code and its words


def test_the_window_s_message_names_the_file_and_not_the_english():
    said = error_text(PermissionError(errno.EACCES, "Permission denied", "/tmp/汇总.xlsx"))
    assert said.startswith("读写文件失败（/tmp/汇总.xlsx）：没有权限")
    assert not ENGLISH.search(said.replace("Excel", "").replace("WPS", "").replace("tmp", "")
                              .replace("xlsx", ""))


def test_an_export_onto_a_folder_says_so_in_chinese(tmp_path, capsys):
    db = tmp_path / "r.db"
    assert main(["campaign", "new", "--year", "2023", "--db", str(db)]) == 0
    folder = tmp_path / "修改记录.xlsx"
    folder.mkdir()
    capsys.readouterr()
    assert main(["audit", "--db", str(db), "--out", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "这是一个文件夹，不是文件" in err and "Is a directory" not in err


def test_a_file_not_written_is_told_what_to_do_about_its_cause():
    """Every refusal was told 如该文件正在打开，请先关闭: a full disk and a missing folder too."""
    said = {code: cannot_write("审批表.pdf", OSError(code, "English"))
            for code in (errno.EACCES, errno.ENOSPC, errno.ENOENT, errno.EROFS)}
    assert said[errno.EACCES] == ("无法写入 审批表.pdf（没有权限：文件可能正在 Excel、WPS 或其他程序中"
                                  "打开，或文件夹只读）：如该文件正在 Excel、WPS 或 PDF 阅读器中打开，"
                                  "请先关闭；否则请另存到可写的文件夹")
    assert said[errno.ENOSPC] == "无法写入 审批表.pdf（磁盘已满）：请腾出磁盘空间，或另存到其他磁盘"
    assert said[errno.ENOENT].endswith("：请检查文件夹是否存在、路径是否写对")
    assert said[errno.EROFS].endswith("：请另存到可写的磁盘或文件夹")
    for code in (errno.ENOSPC, errno.ENOENT, errno.EROFS):
        assert "请先关闭" not in said[code]
    locked = OSError(errno.EACCES, "The process cannot access the file")
    locked.winerror = 32  # its own words say to close it: not said twice
    assert cannot_write("汇总.xlsx", locked) == ("无法写入 汇总.xlsx（文件正在其他程序（如 Excel、WPS）"
                                               "中打开，请先关闭）")


def test_what_sqlite_says_an_office_meets_is_said_in_chinese_with_what_to_do():
    """database is locked, unable to open database file: the window said 登记册拒绝了这次修改
    （database is locked）, and the command line ended in a traceback."""
    import sqlite3

    from boostdesk.models.register import explain_sqlite

    for english, chinese in (("database is locked", "请稍候再试"),
                             ("unable to open database file", "请检查后再试"),
                             ("database disk image is malformed", "从备份"),
                             ("file is not a database", "从备份")):
        said = error_text(sqlite3.OperationalError(english))
        assert chinese in said and not ENGLISH.search(said.replace("BoostDesk", "")), said
        assert explain_sqlite(sqlite3.DatabaseError(english)) != english


def test_a_locked_register_ends_a_command_with_a_chinese_error(tmp_path, monkeypatch, capsys):
    import sqlite3

    import boostdesk.commands.register_cmds as register_cmds

    def locked(_args):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(register_cmds, "run_check", locked)
    assert main(["check", "--db", str(tmp_path / "r.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：登记册正被其他程序占用") and "请稍候再试" in err, err


def test_python_s_own_value_error_is_not_shown_as_the_clerk_s_mistake():
    """A ValueError was shown as it was: invalid literal for int() with base 10: '①' in a
    message box, as if it told the clerk what was wrong with the typing."""
    from boostdesk.ui.context import _expected
    from boostdesk.validate import ValidationError

    python_s = ValueError("invalid literal for int() with base 10: '①'")
    said = error_text(python_s)
    assert said.startswith("程序出错（ValueError：") and "请把这条信息告诉技术人员" in said
    assert not _expected(python_s)  # (its traceback goes to the log)
    ours = ValidationError("授权公告日应在 2021 年内，而不是“2020-12-31”")
    assert error_text(ours) == str(ours) and _expected(ours)


def test_a_register_that_cannot_be_opened_read_only_says_why_in_chinese(tmp_path, monkeypatch):
    """open_read_only put SQLite's English after the colon (unable to open database file)."""
    import sqlite3

    import pytest

    from boostdesk.models import RegisterError
    from boostdesk.safety import session

    def refused(*_args, **_kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(session, "connect_read_only", refused)
    with pytest.raises(RegisterError) as raised:
        session.open_read_only(tmp_path / "r.db", "甲", None)
    said = str(raised.value)
    assert "找不到或打不开登记册文件" in said and "unable" not in said, said


def test_a_failed_start_backup_in_the_window_is_said_in_chinese(monkeypatch, qtbot,
                                                                answers):  # noqa: F811
    """The window's note put the exception as Python prints it: [Errno 28] No space left."""
    from PySide6.QtWidgets import QWidget

    import boostdesk.safety as safety
    from boostdesk.ui.app import start_backup_task

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safety, "backup_register", full)
    window = QWidget()
    qtbot.addWidget(window)
    start_backup_task("register.db", window)
    qtbot.waitUntil(lambda: bool(answers.infos), timeout=10_000)
    said = answers.infos[-1][1]
    assert "启动时自动备份失败：读写文件失败：磁盘已满" in said and "No space" not in said, said
