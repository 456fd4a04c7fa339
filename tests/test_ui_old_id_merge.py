"""单位与人员 → 人员 → 更正身份证号 on a person still stored under a 15-digit number (a
register loaded before BoostDesk converted them): the dialog offers the 18-digit number it
became, saving merges him into his 18-digit self (asked first), and Ctrl+Z puts him and
his papers back; the papers' own trail shows the merge and its undo."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.audit_log import trail
from boostdesk.models import PatentApplication, plan_2022
from boostdesk.models.records import PATENT
from boostdesk.ui.detail import DetailPane

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
OLD = "110105491231002"  # GB 11643-1999's worked example, as issued before 1999
NEW = "11010519491231002X"


def _split(reg) -> tuple[int, int, int]:
    """2021's paper under the 15-digit number, 2022's under the 18-digit one: two people.
    Returns the two papers and the 15-digit person."""
    reg.save_campaign(plan_2022().for_year(2021))
    old = reg.save_patent(PatentApplication(2021, title="旧", patent_number_raw=INVENTION,
                                            inventor_name="张三", id_number=OLD,
                                            card_number=CARD_1, grant_date=date(2020, 5, 1)))
    new = reg.save_patent(PatentApplication(2022, title="新", patent_number_raw=INVENTION_2,
                                            inventor_name="张三", id_number=NEW,
                                            card_number=CARD_1, grant_date=date(2021, 5, 1)))
    return old, new, reg.patent(old).person_id


def _open_on(qtbot, window, person_id: int):
    """人员: 张三 searched, the 15-digit one chosen, Ctrl+Enter."""
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)  # 人员: Ctrl+F searches the tab in view
    screen.focus_search()
    type_text(qtbot, "张三")
    screen._search_now()
    screen.people_view.setFocus()
    row = screen.people.row_of(person_id)
    assert row is not None
    screen.people_view.setCurrentIndex(screen.people.index(row, 0))
    press(qtbot, Qt.Key.Key_Return, CTRL, widget=screen.people_view)
    dialog = screen.current_form
    dialog.activateWindow()  # (offscreen: the window does not hand it the keyboard)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_dialog_offers_the_converted_number_merges_and_undoes(window, qtbot, reg, answers):
    old_paper, new_paper, person = _split(reg)
    dialog = _open_on(qtbot, window, person)
    assert dialog.windowTitle() == "更正身份证号 — 张三"
    assert dialog.new_number.text() == NEW  # not the 15 digits it was stored under
    assert dialog.note.text() == "出生日期 1949-12-31（15 位旧号换算而得）"
    assert dialog.reason.text() == "15 位旧身份证号换算为 18 位"
    assert dialog.focusWidget() is dialog.new_number
    press(qtbot, Qt.Key.Key_Return)  # the number and reason as offered: Ctrl+Enter, Enter

    question = answers.questions[-1]  # said before doing it, and that it can be undone
    assert "合并为同一人" in question and "可用 Ctrl+Z 撤销" in question
    assert f"2021 年度专利{old_paper}" in question and f"2022 年度专利{new_paper}" in question
    assert closed(dialog), answers.errors
    merged = reg.patent(new_paper).person_id
    assert reg.patent(old_paper).person_id == merged != person
    assert reg.scalar("SELECT COUNT(*) FROM people") == 1

    window.ctx.undo_stack.undo()  # was: 登记册中没有此人（可能已被删除）
    assert not answers.errors
    assert reg.patent(old_paper).person_id == person and reg.patent(old_paper).id_number == OLD
    assert reg.patent(new_paper).person_id == merged and reg.patent(new_paper).id_number == NEW
    assert reg.scalar("SELECT COUNT(*) FROM people") == 2
    window.ctx.undo_stack.redo()
    assert not answers.errors
    assert reg.patent(old_paper).person_id == merged
    assert reg.scalar("SELECT COUNT(*) FROM people") == 1

    # the moved paper's trail (audit --ref, the pane) has the merge, its undo and redo
    lines = [x for x in trail(reg, application=(PATENT, old_paper)) if x.action.startswith("更正身份证号")]
    assert [x.details.split("；")[0] for x in lines] == [
        "身份证号：110105******002 → 110105********002X",
        "身份证号：110105********002X → 110105******002",
        "身份证号：110105******002 → 110105********002X"]
    assert "撤销" in lines[1].action
    assert not [x for x in trail(reg, application=(PATENT, new_paper))
                if x.action.startswith("更正身份证号")]  # his own paper's number never changed
    pane = DetailPane(reg)
    pane.show_application(PATENT, old_paper)
    text = pane.toPlainText()
    assert "更正身份证号" in text[text.index("修改记录"):]
    assert "身份证号：110105******002 → 110105********002X" in text
    assert OLD not in text and NEW not in text


def test_a_merge_declined_when_asked_changes_nothing(window, qtbot, reg, answers):
    old_paper, _new, person = _split(reg)
    dialog = _open_on(qtbot, window, person)
    answers.yes = False
    press(qtbot, Qt.Key.Key_Return)
    assert "合并为同一人" in answers.questions[-1]
    assert not closed(dialog)
    assert reg.patent(old_paper).person_id == person
    assert reg.scalar("SELECT COUNT(*) FROM people") == 2
