"""A file the system refused is said in Chinese, with what it means: the C library's
“Permission denied” / “Is a directory” reached the clerk's message boxes and the CLI."""

from __future__ import annotations

import errno
import re

from boostdesk.cli import main
from boostdesk.os_errors import explain_os_error
from boostdesk.ui.context import error_text

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
