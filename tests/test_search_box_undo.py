"""Ctrl+Z in a list's search box undoes the box's own typing or paste first, while it has
some (QLineEdit.isUndoAvailable), and is the register's 撤销 (as the 编辑 menu says) once it
has none: a clerk who pasted the wrong text into the box and pressed Ctrl+Z to take it back
deleted the paper just saved (the register's undo of the save), a status-bar line the only
sign (tester t4, stop 34). Before that (stop 33) a clerk deleted 专利73, searched 徐明 for the
next paper and pressed Ctrl+Z: the box went back to 专利73 and the paper stayed deleted with
nothing said — now the box's steps come back first, and the next Ctrl+Z undoes the deletion
and says so. Ctrl+Shift+Z / Ctrl+Y redo alike; once a key went to the register, the other
key goes there too (the box forgets what it could redo). With nothing to undo the box says
so and keeps its text. A form's text fields keep Ctrl+Z as text undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

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


def _undone(window, reg, what: str) -> bool:
    return window.statusBar().currentMessage() == f"已{what}“删除{STREAM_ZH[PATENT]}申报「{NUMBER}」”"


def test_ctrl_z_in_the_search_box_undoes_its_typing_then_the_deletion(window, qtbot, reg, ctx,
                                                                      answers):
    screen, (first, _second) = _ready(window, qtbot, reg, ctx)
    _delete_by_search(qtbot, screen, first, reg)
    press(qtbot, Qt.Key.Key_F, CTRL)
    type_text(qtbot, "徐明")  # over the search 专利1 (selected by Ctrl+F)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the box's typing first
    assert screen.search.text() == f"专利{first}"
    assert len(reg.patents(2022)) == 1 and not _undone(window, reg, "撤销")
    presses = 1
    while screen.search.isUndoAvailable():  # the box's own steps, back to the empty box
        press(qtbot, Qt.Key.Key_Z, CTRL)
        presses += 1
        assert len(reg.patents(2022)) == 1 and presses < 10
    assert screen.search.text() == ""
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the box has nothing of its own: the register's
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 2)
    assert _undone(window, reg, "撤销")
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # 重做: the register's, the step just undone
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 1)
    assert screen.search.text() == "" and _undone(window, reg, "重做")
    press(qtbot, Qt.Key.Key_Y, CTRL)  # nothing more to redo: said, the text kept
    assert screen.search.text() == ""
    assert window.statusBar().currentMessage() == "没有可重做的操作（搜索框的文字可按 Esc 清除）"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 2)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the stack is empty now
    assert len(reg.patents(2022)) == 2 and screen.search.text() == ""
    assert window.statusBar().currentMessage() == "没有可撤销的操作（搜索框的文字可按 Esc 清除）"


def test_ctrl_z_after_a_paste_in_the_box_undoes_the_paste_not_the_save(window, qtbot, reg,
                                                                      ctx, answers):
    """Tester t4: a paper saved, the next one's 推荐单位 pasted into the search box by
    mistake, Ctrl+Z — the paper just saved was gone. Now the paste goes, the paper stays;
    Ctrl+Shift+Z pastes it again; the register's undo only when the box has none left."""
    from test_ui_entry import type_patent

    ctx.set_year(2022)
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: closed(form))
    [saved] = reg.patents(2022)
    screen = window.current_screen()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_F, CTRL, window)
    assert focused() is screen.search and screen.search.text() == ""
    QGuiApplication.clipboard().setText("燕山石化\t")
    press(qtbot, Qt.Key.Key_V, CTRL)
    assert screen.search.text() == "燕山石化\t"
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert screen.search.text() == ""
    assert [a.id for a in reg.patents(2022)] == [saved.id]
    assert not window.statusBar().currentMessage().startswith("已撤销")
    qtbot.waitUntil(lambda: screen.model.ids == [saved.id])  # the paper shown again
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)  # the box's redo: the paste back
    assert screen.search.text() == "燕山石化\t"
    press(qtbot, Qt.Key.Key_Y, CTRL)  # the box has nothing to redo: the register's, none
    assert screen.search.text() == "燕山石化\t" and len(reg.patents(2022)) == 1
    assert window.statusBar().currentMessage() == "没有可重做的操作（搜索框的文字可按 Esc 清除）"
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the paste again, then the empty box's nothing
    assert screen.search.text() == "" and len(reg.patents(2022)) == 1
    press(qtbot, Qt.Key.Key_Z, CTRL)  # now the register's: the save undone, and said
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 0)
    assert window.statusBar().currentMessage().startswith("已撤销")


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
        press(qtbot, Qt.Key.Key_Z, CTRL)  # the box's typing first
        assert box.text() == "" and len(reg.patents(2022)) == 1
        press(qtbot, Qt.Key.Key_Z, CTRL)
        qtbot.waitUntil(lambda: len(reg.patents(2022)) == 2)
        assert box.text() == ""
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
