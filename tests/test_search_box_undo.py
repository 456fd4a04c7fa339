"""Ctrl+Z with the keyboard in a list's search box is the register's 撤销 (as the 编辑 menu
says), not the box's text's: a clerk deleted 专利73, searched 徐明 for the next paper and
pressed Ctrl+Z — the box went back to 专利73, the paper stayed deleted and the status bar
still said 已删除…. Ctrl+Shift+Z / Ctrl+Y redo alike; with nothing to undo the box says so
and keeps its text. A form's text fields keep Ctrl+Z as text undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.models import PatentApplication
from boostdesk.models.records import PATENT, STREAM_ZH

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NUMBER = "ZL202110123456.7"


def _papers(reg) -> list[int]:
    return [reg.save_patent(PatentApplication(
        campaign_year=2022, title=title, patent_number_raw=number, inventor_name=name,
        grant_date=date(2021, 3, 5), unit_name="海淀区总工会"))
        for title, number, name in (("一种焊缝检测方法", NUMBER, "王秀英"),
                                    ("一种管道裂纹检测方法", "ZL202110654321.3", "徐明"))]


def _ready(window, qtbot, reg, ctx):
    ids = _papers(reg)
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)
    screen = window.current_screen()
    screen.reload()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    return screen, ids


def _delete_by_search(qtbot, screen, app_id: int, reg) -> None:
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.search
    type_text(qtbot, f"专利{app_id}")
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is screen.table and screen.current_id() == app_id
    press(qtbot, Qt.Key.Key_Delete)  # answered 删除 (answers.yes)
    assert [a.id for a in reg.patents(2022)] != [] and app_id not in [a.id for a in reg.patents(2022)]


def test_ctrl_z_in_the_search_box_undoes_the_deletion_and_says_so(window, qtbot, reg, ctx,
                                                                   answers):
    screen, (first, _second) = _ready(window, qtbot, reg, ctx)
    _delete_by_search(qtbot, screen, first, reg)
    press(qtbot, Qt.Key.Key_F, CTRL)
    type_text(qtbot, "徐明")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 2)
    assert screen.search.text() == "徐明"  # the search typed stays
    said = f"已撤销“删除{STREAM_ZH[PATENT]}申报“{NUMBER}””"
    assert window.statusBar().currentMessage() == said
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # 重做
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 1)
    assert screen.search.text() == "徐明"
    assert window.statusBar().currentMessage() == f"已重做“删除{STREAM_ZH[PATENT]}申报“{NUMBER}””"
    press(qtbot, Qt.Key.Key_Y, CTRL)  # nothing more to redo: said, the text kept
    assert screen.search.text() == "徐明"
    assert window.statusBar().currentMessage() == "没有可重做的操作（搜索框的文字可按 Esc 清除）"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 2)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the stack is empty now
    assert len(reg.patents(2022)) == 2 and screen.search.text() == "徐明"
    assert window.statusBar().currentMessage() == "没有可撤销的操作（搜索框的文字可按 Esc 清除）"


def test_every_search_box_undoes_the_register(window, qtbot, reg, ctx, answers):
    """单位与人员's and 工作室's boxes are search boxes too (search_box.SearchBoxKeys)."""
    screen, (first, _second) = _ready(window, qtbot, reg, ctx)
    _delete_by_search(qtbot, screen, first, reg)
    for number in (4, 3):
        other = window.show_screen(number - 1)
        press(qtbot, Qt.Key.Key_F, CTRL)
        box = focused()
        assert other.isAncestorOf(box)
        type_text(qtbot, "海淀")
        press(qtbot, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: len(reg.patents(2022)) == 2)
        assert box.text() == "海淀"
        press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
        qtbot.waitUntil(lambda: len(reg.patents(2022)) == 1)


def test_ctrl_z_in_a_forms_field_still_undoes_its_text(window, qtbot, reg, ctx, answers):
    _papers(reg)
    ctx.set_year(2022)
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, "北京市海淀区总工会")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert form.editor("unit_name").text() == ""
    assert len(reg.patents(2022)) == 2
