"""A message naming a 200-character unbroken string (a URL pasted as a title) ran past the
message box's edge, cut off: Qt breaks a line only where the text allows one."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from boostdesk.ui import dialogs

URL = ("https://mp.weixin.qq.com/s?__biz=MzA3NjQ2NTY4MA==&mid=2650012345&idx=1&sn="
       + "a1b2c3d4e5" * 12)
TEXT = f"专利名称“{URL}”与登记号 12 的专利名称相同，请核对后再保存。"


def _look(seen: dict, shot: str) -> None:
    box = QApplication.activeModalWidget()
    if box is None:
        QTimer.singleShot(20, lambda: _look(seen, shot))
        return
    label = box.findChild(QLabel, "qt_msgbox_label")
    seen.update(box=box.width(), label=label.geometry().right(), hint=label.sizeHint().width(),
                screen=box.screen().availableGeometry().width(), text=label.text())
    if os.environ.get("SHOTS"):
        box.grab().save(os.path.join(os.environ["SHOTS"], shot))
    box.done(0)


@pytest.mark.parametrize("show", [dialogs.show_error, dialogs.show_info, dialogs.ask_yes_no])
def test_a_long_unbroken_string_wraps_inside_the_box(qapp, show):
    seen: dict = {}
    QTimer.singleShot(0, lambda: _look(seen, f"message-{show.__name__}.png"))
    show(None, "未保存", TEXT)
    assert seen["hint"] <= seen["box"] <= seen["screen"]
    assert seen["label"] < seen["box"]
    assert seen["text"].replace("\u200b", "") == TEXT  # the words as written, only breakable
    runs = re.findall(r"[!-~]+", seen["text"])  # the URL's pieces between the breaks
    assert len(runs) > 1 and max(map(len, runs)) <= dialogs.BREAK_EVERY


def test_short_and_chinese_texts_are_left_as_they_are():
    assert dialogs.breakable("焊缝检测") == "焊缝检测"
    chinese = "一种基于机器视觉的焊缝缺陷自动检测装置及其检测方法和系统" * 3
    assert dialogs.breakable(chinese) == chinese
    assert dialogs.breakable("请核对 ZL202110123456.7 后再保存") == "请核对 ZL202110123456.7 后再保存"
    path = r"C:\Users\张三\AppData\Roaming\BoostDesk\BoostDesk\backups\register-20221017.zip"
    assert dialogs.breakable(f"无法写入 {path}") == f"无法写入 {path}"  # copied whole


@pytest.mark.parametrize("show", [dialogs.show_error, dialogs.ask_yes_no])
def test_what_is_copied_from_the_box_is_the_url_as_written_not_broken(qapp, show):
    """The clerk copies the message to send it to IT (Ctrl+C, which Qt's message box answers
    on Windows by putting its title, text and buttons on the clipboard; or the text selected
    with the mouse): the URL pasted is the one the message names, without the zero-width
    spaces that only let it wrap. Here the copy is what Qt's would put there."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    copied: list[str] = []

    def copy_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, copy_and_close)
            return
        QGuiApplication.clipboard().setText(f"---\n{box.windowTitle()}\n---\n{box.text()}\n---")
        qapp.processEvents()
        copied.append(QGuiApplication.clipboard().text())
        box.done(0)

    QTimer.singleShot(0, copy_and_close)
    show(None, "未保存", TEXT)
    assert copied and URL in copied[0] and "\u200b" not in copied[0]
    QGuiApplication.clipboard().setText("a\u200bb")  # once the box is gone, left alone
    qapp.processEvents()
    assert QGuiApplication.clipboard().text() == "a\u200bb"


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_box_over_a_box_cleans_copies_till_the_last_closes(qapp):
    """A message raised while another is open (a monkey's walk found one): the copy is
    cleaned in both, and closing them leaves the clipboard alone, with no failed disconnect."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def copy(box: QMessageBox) -> None:
        QGuiApplication.clipboard().setText(f"{box.text()}")
        qapp.processEvents()
        seen.append(QGuiApplication.clipboard().text())

    def outer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, outer)
            return
        QTimer.singleShot(0, lambda: inner(box))
        dialogs.show_info(box, "提示", TEXT)  # the second box, over the first
        copy(box)
        box.done(0)

    def inner(first: QMessageBox) -> None:
        box = QApplication.activeModalWidget()
        if box is first or not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: inner(first))
            return
        copy(box)
        box.done(0)

    QTimer.singleShot(0, outer)
    dialogs.show_error(None, "未保存", TEXT)
    assert len(seen) == 2 and all(URL in t and "\u200b" not in t for t in seen)
    QGuiApplication.clipboard().setText("a\u200bb")
    qapp.processEvents()
    assert QGuiApplication.clipboard().text() == "a\u200bb"
