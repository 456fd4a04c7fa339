"""The keyboard-only tester's finds of stop 36: every menu entry has its own Alt letter
(文件 → 从备份恢复 was Alt+F, ↓×7); 评审组's expert fields named by visible labels and the
locked 评分细则 one Tab stop; 添加专家 with no name says so and goes to 姓名; the 年度 and
公示批次 boxes have names."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from test_ui_keyboard_screens import demo_window
from test_ui_support import answers, focused, press, qsettings, type_text

__all__ = ["answers", "qsettings"]

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(reg, qsettings, qapp, qtbot, answers):
    w = demo_window(reg, qsettings, qtbot)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    yield w
    w.ctx.shutdown()


def _screen(window, qtbot, number: int):
    if not window.isAncestorOf(QApplication.focusWidget()):
        window.nav.setFocus()
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
    return window.stack.currentWidget()


def _letter(text: str) -> str | None:
    found = re.search(r"&(\w)", text)
    return found.group(1).upper() if found else None


# -- 1. menus ---------------------------------------------------------------------------
def test_every_menu_entry_has_its_own_letter_in_its_menu(window, qtbot):
    for screen in (1, 3, 5):  # 编辑's 新建 entry is named by the screen in view
        _screen(window, qtbot, screen)
        for top in window.menuBar().actions():
            menu = top.menu()
            entries = [a for a in menu.actions() if not a.isSeparator()]
            assert entries, top.text()
            letters = [_letter(a.text()) for a in entries]
            assert None not in letters, (top.text(), [a.text() for a in entries])
            assert len(set(letters)) == len(letters), (top.text(), letters)


def test_alt_f_r_opens_restore_from_backup(window, qtbot):
    opened: list[bool] = []
    window.restore_action.triggered.disconnect()  # its dialog not opened: only reached
    window.restore_action.triggered.connect(lambda: opened.append(True))
    press(qtbot, Qt.Key.Key_F, ALT, widget=window)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_R)
    qtbot.waitUntil(lambda: opened == [True], timeout=5000)


def test_the_letters_people_know_are_kept(window):
    from boostdesk.ui.help_dialogs import mnemonic_row

    assert mnemonic_row(window.backup_now_action) == ("Alt+F，B", "文件：立即备份")
    assert mnemonic_row(window.backup_to_action) == ("Alt+F，T", "文件：备份到…")
    assert mnemonic_row(window.restore_action) == ("Alt+F，R", "文件：从备份恢复…")


# -- 2. 评审组与评分细则 ------------------------------------------------------------------
def _name(widget) -> str:
    from PySide6.QtGui import QAccessible

    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _buddy_text(widget) -> str:
    from PySide6.QtWidgets import QLabel

    return next((lab.text() for lab in widget.window().findChildren(QLabel)
                 if lab.buddy() is widget and lab.isVisible()), "")


def test_the_expert_fields_are_named_by_their_labels(window, qtbot):
    tab = _screen(window, qtbot, 5).show_tab("评审组与评分细则")
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # an expert chosen: his facts in the four fields
    assert tab.name.text()
    for field, label in ((tab.name, "姓名"), (tab.org, "工作单位"), (tab.field, "专业领域"),
                         (tab.contact, "联系方式")):
        assert _buddy_text(field) == label
        assert _name(field) == label  # not 评审专家, the group box's title


def test_the_locked_scoring_grid_is_one_tab_stop(window, qtbot):
    tab = _screen(window, qtbot, 5).show_tab("评审组与评分细则")
    assert tab.grid_note.text() == "已有专家评分，评分细则不能再修改"  # the demo has scores
    tab.grid_table.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # the arrows still move inside it
    assert tab.grid_table.currentIndex().row() >= 0
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is not tab.grid_table
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is tab.grid_table
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is not tab.grid_table


# -- 3. 添加专家 with no name -------------------------------------------------------------
def test_adding_an_expert_without_a_name_says_so_and_goes_to_the_name(window, qtbot, answers):
    tab = _screen(window, qtbot, 5).show_tab("评审组与评分细则")
    for field in (tab.name, tab.org):  # an expert's facts shown at first: typed over
        field.setFocus()
        press(qtbot, Qt.Key.Key_A, CTRL)
        press(qtbot, Qt.Key.Key_Delete)
    type_text(qtbot, "北京建筑大学", tab.org)
    tab.add_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # the button, from the keyboard
    assert answers.errors == [("未能添加专家", "请填写专家姓名")]
    assert focused() is tab.name
    type_text(qtbot, "赵丽华", tab.name)
    press(qtbot, Qt.Key.Key_Return)
    assert len(answers.errors) == 1 and tab.name.text() == ""  # added, emptied for the next


# -- 4. the year and batch boxes ---------------------------------------------------------
def test_the_year_and_batch_boxes_have_names(window, qtbot):
    assert window.year_box.accessibleName() == "年度"
    assert _buddy_text(window.year_box).strip() == "年度"
    screen = _screen(window, qtbot, 6)
    assert screen.batch.accessibleName() == "公示批次"
    assert _buddy_text(screen.batch) == "公示批次(&B)"  # Alt+B, as its buttons have letters


@pytest.fixture
def large_text(qapp):
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(18)
    QApplication.setFont(font)
    yield
    QApplication.setFont(before)


@pytest.mark.parametrize("size", [None, 18])
def test_the_labelled_expert_fields_show_a_units_name_whole(request, reg, qsettings, qapp,
                                                             qtbot, answers, size):
    """Two labelled fields a line at normal size; at 18 pt one a line, each still wide
    enough for 北京市市政工程研究院 (two a line cut it to 京市市政工程研究院)."""
    if size:
        request.getfixturevalue("large_text")
    w = demo_window(reg, qsettings, qtbot)
    tab = w.show_screen(4).show_tab("评审组与评分细则")
    QApplication.processEvents()
    unit = tab.org.fontMetrics().horizontalAdvance("北京市市政工程研究院")
    assert all(f.width() > unit for f in (tab.org, tab.field, tab.contact))
    side_by_side = tab.name.y() == tab.org.y()
    assert side_by_side == (size is None)  # compact where there is room
    w.ctx.shutdown()

