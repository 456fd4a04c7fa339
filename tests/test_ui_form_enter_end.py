"""The end of a paper walked with Enter (the tester's s15): the first button reached after
the materials was 保存, whose Enter closed the form; her next Enter, on the list, opened
the paper just saved again. Enter now lands on 保存并录入下一份, and a button is pressed
when Enter is let go (as Space): the key still down as the form closes reaches nothing."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import PATENT_MATERIALS

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

ENTER = Qt.Key.Key_Return


def test_enter_walking_a_paper_to_its_end_lands_on_save_and_next(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    for value in ("大兴区总工会", "北京大兴生物医药产业基地管理有限公司", "一种冻干粉针剂自动灯检方法",
                  INVENTION, "2021.9.9", "韩雪", ID_1, CARD_1, "13800001234", "y", "y", "y",
                  None, None, "2022.10.31"):
        if value:
            type_text(qtbot, value)
        press(qtbot, ENTER)
    type_text(qtbot, "a")  # A on the materials: the whole set
    for _ in PATENT_MATERIALS:
        press(qtbot, ENTER)
    assert focused() is form.next_button  # the clerk's next step at the pile, not 保存
    press(qtbot, ENTER)
    assert [a.inventor_name for a in reg.patents(2022)] == ["韩雪"], answers.errors
    assert form.isVisible()  # the next paper's form, blank, the cursor in its first field
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))
    assert form.editor("title").text() == ""


def test_enter_held_on_save_presses_it_once_and_does_not_reopen_the_paper(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    press(qtbot, Qt.Key.Key_Tab)  # from 保存并录入下一份 on to 保存
    assert focused() is form.save_button
    qtbot.keyPress(focused(), ENTER)  # down…
    qtbot.keyPress(focused(), ENTER)  # …held: the key's repeat, where the keyboard sends it
    assert reg.patents(2022) == [] and form.isVisible()
    qtbot.keyRelease(focused(), ENTER)  # let go: 保存
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    assert QApplication.activeModalWidget() in (None, window)  # not opened again
    assert screen.current_form is None or closed(screen.current_form)
    press(qtbot, ENTER)  # pressed again on purpose: the paper opens, to correct it
    qtbot.waitUntil(lambda: screen.current_form is not None and screen.current_form.isVisible())
    assert screen.current_form.record.id == app.id
