"""A keyboard-only clerk's finds of stop 37: every pop-up menu's entry has its own letter
(a list's 复制 and 复制（含表头）, 往年 ▾, 空白汇总表 ▾, and Qt's own menus of a field, a text,
a date box and a scroll bar, which were in English with 删除 and 全选 unlettered); 帮助's
text and its 快捷键 list show where the keyboard is; Enter there no longer closes 帮助;
Ctrl+Q over an import's progress asks the window's close question and quits."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QMenu,
    QScrollBar,
    QWidget,
)
from test_ui_dark_palette import HIGH_CONTRAST
from test_ui_import import TWO_GOOD, read, summary_table
from test_ui_keyboard_screens import demo_window
from test_ui_palette_switch import switch, with_colours
from test_ui_season_guide import opened_help
from test_ui_support import answers, closed, ctx, focused, press, qsettings, window

from boostdesk.ui.context import IMPORT_CANCEL_LEAVES
from boostdesk.ui.copy_rows import RowCopier
from boostdesk.ui.guide_dialog import KEYS_TAB
from boostdesk.ui.import_dialog import ImportDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
R = QPalette.ColorRole


@pytest.fixture
def demo(reg, qsettings, qapp, qtbot, answers):
    from boostdesk.ui import app as app_module

    before = list(app_module._translators)
    app_module.install_translations(qapp)  # Qt's texts in Chinese, as the app's from its start
    added = [t for t in app_module._translators if t not in before]
    assert added, "Qt's Chinese was not found"
    w = demo_window(reg, qsettings, qtbot)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    yield w
    w.ctx.shutdown()
    for t in added:
        qapp.removeTranslator(t)
        app_module._translators.remove(t)


def _letter(text: str) -> str | None:
    found = re.search(r"\(&(\w)\)", text)
    return found.group(1).upper() if found else None


def _entries(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _lettered(texts: list[str]) -> bool:
    """Each entry lettered as the menu bar's (复制(&C)), the letters its own in the menu,
    and in Chinese: no English word left beside the letter and the key shown."""
    letters = [_letter(t) for t in texts]
    words = [re.sub(r"\(&\w\)", "", t.split("\t")[0]) for t in texts]
    return (bool(texts) and None not in letters and len(set(letters)) == len(letters)
            and not any(re.search(r"[A-Za-z]{2,}", w) for w in words))


def menu_key(qtbot, widget: QWidget, *, press_letter: str = "") -> list[str]:
    """The Menu key (a right click on a scroll bar, which takes no focus) on ``widget``:
    the entries of the menu that pops up, then ``press_letter`` typed in it (Esc when
    none). Qt turns the key into this event in its platform layer, which a test's key
    press does not go through. Some of Qt's menus run their own loop (a scroll bar's,
    a spin box's): the menu is read from a timer."""
    seen: list[list[str]] = []

    def read_it() -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            QTimer.singleShot(20, read_it)
            return
        seen.append(_entries(popup))
        key = getattr(Qt.Key, f"Key_{press_letter}") if press_letter else Qt.Key.Key_Escape
        qtbot.keyClick(popup, key)

    keyboard = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    if keyboard:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
    where = QPoint(widget.width() // 2, widget.height() // 2)
    reason = QContextMenuEvent.Reason.Keyboard if keyboard else QContextMenuEvent.Reason.Mouse
    QTimer.singleShot(0, read_it)
    QApplication.sendEvent(widget, QContextMenuEvent(reason, where, widget.mapToGlobal(where)))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=5000)
    return seen[0]


# -- 1. every pop-up menu lettered -----------------------------------------------------
def test_every_pop_up_menu_of_the_window_has_its_own_letters(demo, qtbot):
    window = demo
    checked: dict[str, list[str]] = {}
    for number in range(1, 10):  # each screen built and shown: its lists' 复制 menus
        window.show_screen(number - 1)
        QApplication.processEvents()
        for copier in window.stack.currentWidget().findChildren(RowCopier):
            if copier.view.isVisible():
                checked[f"复制 {number} {copier.view.objectName()}"] = menu_key(qtbot, copier.view)
        scroll = [b for b in window.stack.currentWidget().findChildren(QScrollBar)
                  if b.isVisible() and b.maximum() > 0]
        for bar in scroll[:1]:
            checked[f"滚动条 {number}"] = menu_key(qtbot, bar)
        spin = [b for b in window.stack.currentWidget().findChildren(QAbstractSpinBox)
                if b.isVisible() and b.isEnabled()]
        for box in spin[:1]:
            checked[f"日期或数字 {number} {type(box).__name__}"] = menu_key(qtbot, box)
    assert len([k for k in checked if k.startswith("复制")]) >= 5, list(checked)
    assert any(k.startswith("日期或数字") for k in checked), list(checked)

    window.show_screen(0)
    screen = window.stack.currentWidget()
    checked["搜索框"] = menu_key(qtbot, screen.search)
    checked["详情"] = menu_key(qtbot, screen.detail)
    for index in (0, 1):  # 往年 ▾ of both streams (shown at an earlier year)
        button = window.show_screen(index).buttons["record_past"]
        checked[f"往年 {index}"] = _entries(button.menu())
    checked["工具栏"] = _entries(window.createPopupMenu())

    help_dialog = window.show_help()
    qtbot.waitExposed(help_dialog)
    checked["帮助"] = menu_key(qtbot, help_dialog.guide.text)
    checked["帮助的查找框"] = menu_key(qtbot, help_dialog.guide.find_box)
    help_dialog.tabs.setCurrentIndex(KEYS_TAB)
    checked["快捷键"] = menu_key(qtbot, help_dialog.keys.text)
    help_dialog.reject()

    importer = ImportDialog(window.ctx, window)
    qtbot.addWidget(importer)
    blank = importer.findChild(QWidget, "blank_tables")
    checked["空白汇总表"] = _entries(blank.menu())
    importer.reject()

    bad = {where: texts for where, texts in checked.items() if not _lettered(texts)}
    assert not bad, bad
    assert checked["搜索框"] == ["撤销(&U)\tCtrl+Z", "重做(&R)\tCtrl+Y", "剪切(&T)\tCtrl+X",
                              "复制(&C)\tCtrl+C", "粘贴(&P)\tCtrl+V", "删除(&D)",
                              "全选(&A)\tCtrl+A"]


def test_the_letter_in_a_list_s_menu_does_its_entry(demo, qtbot):
    screen = demo.show_screen(0)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    QGuiApplication.clipboard().clear()
    entries = menu_key(qtbot, screen.table, press_letter="H")  # 复制（含表头）(&H)
    # (and the paper's status letter, for a caller: 文件's entry, Ctrl+Shift+P; the
    # papers' 收件日期, 编辑's entry, Ctrl+D; a near-copy 提示 cleared as a false alarm)
    assert entries == ["复制(&C)", "复制（含表头）(&H)", "填写收件日期(&D)…", "确认不是同一人(&J)…",
                       "打印办理进度告知单(&G)"]
    qtbot.waitUntil(lambda: "\n" in QGuiApplication.clipboard().text())
    header = QGuiApplication.clipboard().text().split("\n")[0]
    assert "登记号" in header or "申报人" in header or "第一发明人" in header, header

    dialog = demo.show_help()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_F, CTRL, widget=dialog.guide.text)  # its find box, a field as any
    box = dialog.guide.find_box
    qtbot.keyClicks(box, "F1")
    box.setCursorPosition(0)
    menu_key(qtbot, box, press_letter="A")  # 全选(&A): had no letter
    assert box.selectedText() == "F1"
    dialog.reject()


# -- 2. 帮助 shows where the keyboard is ---------------------------------------------------
@pytest.fixture
def palettes(qapp) -> Iterator[dict[str, QPalette]]:
    """The light palette the window starts on and the high-contrast one (the app's own
    given back, and its style with it)."""
    from boostdesk.ui.retheme import install

    install(qapp)
    before = QPalette(qapp.palette())
    yield {"light": QPalette(before), "hc": with_colours(before, HIGH_CONTRAST)}
    switch(qapp, before)


def edge(widget: QWidget) -> Any:
    """The colour of ``widget``'s left edge, half-way down, as painted (its children too)."""
    image = widget.grab().toImage()
    return image.pixelColor(1, image.height() // 2)


@pytest.mark.parametrize("scheme", ["light", "hc"])
def test_the_help_text_and_the_keys_list_show_the_keyboard_focus(window, qtbot, qapp,
                                                                   palettes, scheme):
    switch(qapp, palettes[scheme])
    if scheme == "hc":
        assert type(qapp.style()).__name__ == "ContrastStyle"
    palette = qapp.palette()
    ring = palette.color(R.Highlight)  # at 3:1 or more on the field in both schemes
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = opened_help(qtbot)
    text = dialog.guide.text
    assert focused() is text
    assert edge(text) == ring, (edge(text).name(), ring.name())
    press(qtbot, Qt.Key.Key_F, CTRL)  # to the find box: the ring leaves the text
    assert focused() is dialog.guide.find_box
    assert edge(text) != ring
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # 快捷键
    dialog.keys.setFocus(Qt.FocusReason.TabFocusReason)
    keys = dialog.keys.scroller
    assert focused() is keys
    assert edge(keys) == ring, (edge(keys).name(), ring.name())
    press(qtbot, Qt.Key.Key_Tab)  # on to 关闭
    assert focused() is not keys and edge(keys) != ring
    press(qtbot, Qt.Key.Key_Escape)
    assert closed(dialog)


# -- 3. Enter in 帮助's text does not close it ---------------------------------------------
def test_enter_in_the_help_text_keeps_the_help_open(window, qtbot):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = opened_help(qtbot)
    assert focused() is dialog.guide.text
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Enter)  # the keypad's
    assert dialog.isVisible() and focused() is dialog.guide.text
    press(qtbot, Qt.Key.Key_Tab, CTRL)  # 快捷键's list alike
    assert focused() is dialog.keys.scroller
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    press(qtbot, Qt.Key.Key_Escape)  # Esc still closes
    assert closed(dialog)


# -- 4. Ctrl+Q over an import's progress ----------------------------------------------------
def test_ctrl_q_during_an_import_asks_about_it_then_quits(window, qtbot, reg, answers,
                                                           tmp_path, monkeypatch):
    from boostdesk.io import import_commit

    entered, go_on = threading.Event(), threading.Event()
    real = import_commit.commit

    def held(*args: Any, **kwargs: Any) -> Any:  # a large table's seconds of storing
        entered.set()
        cancelled = kwargs["cancelled"]
        while not go_on.wait(0.02) and not cancelled():  # as its rows would look
            pass
        return real(*args, **kwargs)

    monkeypatch.setattr(import_commit, "commit", held)
    path = summary_table(tmp_path / "haidian.xlsx", TWO_GOOD)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_I, CTRL, window)
    dialog = window.screens[0].current_form
    assert isinstance(dialog, ImportDialog)
    read(qtbot, dialog, path)
    try:
        dialog.import_all.setFocus()
        press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
        assert entered.wait(10)
        # the rows' check before it stopped for the import: gone, this the only work
        qtbot.waitUntil(lambda: len(window.ctx._tasks) == 1, timeout=10_000)
        [task] = list(window.ctx._tasks)
        progress = task.dialog
        qtbot.waitUntil(progress.isVisible, timeout=5000)
        progress.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is progress)

        answers.yes = False  # 继续等待
        press(qtbot, Qt.Key.Key_Q, CTRL, widget=focused())
        assert answers.questions == [
            f"“导入 haidian.xlsx”还在进行。取消它并退出吗？\n{IMPORT_CANCEL_LEAVES}"]
        assert window.isVisible() and progress.isVisible() and task.isRunning()

        answers.yes = True  # 取消并退出
        press(qtbot, Qt.Key.Key_Q, CTRL, widget=focused())
        assert len(answers.questions) == 2
        qtbot.waitUntil(lambda: not window.isVisible() and not window.ctx.busy, timeout=10_000)
        assert reg.patents() == []  # cancelled: not one row stored
    finally:
        go_on.set()
        window.ctx.shutdown()



def test_each_menu_of_the_menu_bar_gives_each_entry_its_own_letter(window):
    """Alt+F then a letter must reach one entry: 打印办理进度告知单 and 导出年度归档 came
    in on one stop, both (&G), and Alt+F, G reached only the first."""
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        letters = [m.group(1).upper() for a in menu.actions() if not a.isSeparator()
                   for m in [re.search(r"&(\w)", a.text())] if m]
        repeated = {x for x in letters if letters.count(x) > 1}
        assert not repeated, (top.text(), repeated, [a.text() for a in menu.actions()])
