"""帮助 → 快捷键 and 关于, the log file a packaged window writes, and the message an
uncaught exception gives the clerk instead of silence."""

from __future__ import annotations

import logging
import sqlite3
import sys

import pytest
from PySide6.QtGui import QGuiApplication
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.logfile import current_log, install_log_file, log_path
from boostdesk.printing.samples import fill_sample
from boostdesk.ui import error_hook

__all__ = ["answers", "ctx", "qsettings", "window"]

ID = "11010519491231002X"


@pytest.fixture
def log_file(tmp_path):
    path = install_log_file(tmp_path / "data")
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "baseFilename", None) == str(path)]:
        root.removeHandler(handler)
        handler.close()


def test_the_log_file_is_in_the_data_folder_with_numbers_masked(tmp_path, log_file):
    assert log_file == log_path(tmp_path / "data") == current_log()
    assert install_log_file(tmp_path / "data") == log_file  # once: no second handler
    logging.getLogger("boostdesk.test").warning("导入失败：身份证号 %s", ID)
    text = log_file.read_text("utf-8")
    assert "导入失败" in text and ID not in text and "110105********002X" in text


def test_an_unwritable_data_folder_leaves_the_window_without_a_log(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    assert install_log_file(blocker) is None


def test_an_uncaught_exception_is_logged_and_told_in_chinese(log_file, answers, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    error_hook.install(lambda: None, lambda: log_file)
    try:
        raise ValueError(f"无法读取 {ID}")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    [(title, text)] = answers.errors
    assert title == "程序出错" and "可能没有完成" in text and str(log_file) in text
    logged = log_file.read_text("utf-8")
    assert "Traceback" in logged and "ValueError" in logged and ID not in logged


def test_an_uncaught_fault_does_not_claim_that_nothing_was_saved(log_file, answers, monkeypatch):
    """IT's tester: a restore done, then a fault showing it: 程序出错（RuntimeError：…），
    未保存任何内容 — but the restore had been saved. Nothing caught it, so nobody knows."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    error_hook.install(lambda: None, lambda: log_file)
    for fault in (RuntimeError("Internal C++ object already deleted."),
                  sqlite3.OperationalError("no such table: x")):
        try:
            raise fault
        except Exception:  # noqa: BLE001
            sys.excepthook(*sys.exc_info())
    assert len(answers.errors) == 2
    for title, text in answers.errors:
        assert title == "程序出错" and "可能没有完成" in text and "未保存任何内容" not in text
    assert "RuntimeError" in answers.errors[0][1] and "请把这条信息告诉技术人员" in answers.errors[0][1]


def test_f1_lists_the_menus_keys_and_the_forms(window, qtbot):
    dialog = window.show_keys()
    qtbot.addWidget(dialog)
    keys = dict(dialog.rows)
    assert keys["Ctrl+P"] == "打印所选申报的审批表" and keys["Ctrl+I"] == "导入汇总表…"
    assert keys["Ctrl+Shift+S"] == "申报表：保存并录入下一份"


def test_f1_shows_each_key_s_line_whole_without_scrolling_sideways(window, qtbot):
    """快捷键 opened 520 wide for a list 513 wide beside its scroll bar: the longest line
    (空格 / A … 全部勾选（再按 A 全部取消）) ran under the edge, read only by scrolling sideways."""
    from PySide6.QtWidgets import QScrollArea

    dialog = window.show_keys()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0, \
        (dialog.width(), dialog.text.sizeHint().width(), scroll.viewport().width())


def test_about_names_the_register_its_backups_and_the_log(window, qtbot, reg, log_file):
    fill_sample(reg)
    dialog = window.show_about()
    qtbot.addWidget(dialog)
    facts = dict(dialog.facts)
    assert facts["登记册"] == str(reg.path.resolve())
    assert facts["申报"] == "专利 3 项、项目 2 项"
    assert facts["日志"] == str(log_file)
    assert facts["备份文件夹"].startswith(str(reg.path.resolve().parent / "backups"))
    dialog.copy.click()
    copied = QGuiApplication.clipboard().text()
    assert f"登记册：{reg.path.resolve()}" in copied and "版本：BoostDesk" in copied


@pytest.mark.parametrize(("error", "logged"), [
    ("refused", False), ("bug", True)])
def test_a_refused_file_is_told_not_logged_as_a_fault(ctx, qtbot, log_file, error, logged):
    """A unit's table refused (千元 columns, a WPS file) is the clerk's message, not a
    traceback in the log an IT person reads for faults; a fault still is."""
    from boostdesk.io.errors import ImportRefused

    def work(_progress, _cancelled):
        if error == "refused":
            raise ImportRefused("海淀.xlsx 的金额单位为千元，无法读取")
        raise RuntimeError("unforeseen")

    errors: list[BaseException] = []
    ctx.run_long("导入", work, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    text = log_file.read_text("utf-8") if log_file.exists() else ""
    assert ("Traceback" in text) is logged


def test_f1_lists_every_screen_s_own_keys(window, qtbot):
    """帮助 → 快捷键 (“F1 lists every key”, the README says) left out 拨付's Enter (登记拨付),
    工作室's Enter and Delete and 推荐单位's Enter: a clerk reading it did not know them."""
    from PySide6.QtGui import QAction

    from boostdesk.ui.main_window import SCREENS

    dialog = window.show_keys()
    qtbot.addWidget(dialog)
    unlisted = []
    for index, (label, _module, _cls) in enumerate(SCREENS):
        screen = window.show_screen(index)
        for action in screen.findChildren(QAction):
            for key in action.shortcuts():
                name = key.toString().replace("Return", "Enter").replace("Del", "Delete")
                lists = label in ("专利助推", "创新项目")  # the rows headed 列表 are theirs
                if not any(name in keys.replace("，", " / ").split(" / ")
                           and (label in what or lists and what.startswith("列表："))
                           for keys, what in dialog.rows):
                    unlisted.append(f"{label} {name}")
    assert unlisted == []


def test_f1_lists_the_keys_that_are_no_menu_s_nor_a_list_s_action(window, qtbot):
    """分配专家's Space (an event filter) and 打印's Enter (a box's returnPressed) are no
    QAction the test above finds: F1 names them too."""
    dialog = window.show_keys()
    qtbot.addWidget(dialog)
    rows = dict((what, keys) for keys, what in dialog.rows)
    assert rows.get("专家评审 → 分配专家：分配 / 取消分配光标所在的一格") == "空格"
    assert rows.get("打印：在“申报”“付款单位”框中按 Enter 生成预览") == "Enter"


def test_enter_closes_the_about_dialog_without_opening_a_folder(window, qtbot, monkeypatch):
    """帮助 → 关于 (Alt+H, ↓, Enter), read, then Enter: closed. The focus was on 打开登记册所在
    文件夹, and Enter opened the file manager over the window."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication
    from test_ui_support import closed

    from boostdesk.ui.help_dialogs import AboutDialog

    opened: list[object] = []
    monkeypatch.setattr(AboutDialog, "_open", staticmethod(opened.append))
    dialog = window.show_about()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert closed(dialog) and opened == []
