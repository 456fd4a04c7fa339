"""设置 filled in from the plan's text as a newcomer does: amounts typed a unit off asked
before they are stored (仍然保存 / 返回修改), the paper materials' address a field of its
own, contacts pasted from the plan tidied as the preset, and a long value shown from its
start at 800 px with the whole of it as a tooltip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.models import plan_2022
from boostdesk.models.campaign import PAPER_ADDRESS_2022

__all__ = ["answers", "ctx", "qsettings", "window"]


def retype(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, text, field)


def save(qtbot: Any) -> None:
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_tier_amount_typed_without_its_wan_is_asked_back_the_default(window, qtbot, reg,
                                                                       answers):
    screen = window.screen_named("设置")
    view = screen.tier_view
    view.setFocus()
    cell = screen.tier_model.index(1, 1)  # 5万元's 金额（元）
    view.setCurrentIndex(cell)  # the cell's editor opens as it becomes current
    QApplication.processEvents()
    editor = QApplication.focusWidget()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, widget=editor)
    qtbot.keyClicks(editor, "5")
    press(qtbot, Qt.Key.Key_Tab, widget=editor)
    assert screen.tier_model.rows[1][1] == "5"
    answers.yes = False  # 返回修改
    save(qtbot)
    assert "第 2 档“5万元”的金额为 ¥5.00：与名称所写的 ¥50,000.00 不符" in answers.questions[-1]
    assert "是否把万元填成了元？" in answers.questions[-1]
    assert reg.campaign(2022).tiers == plan_2022().tiers
    assert "未保存" in screen.campaign_message.text()
    answers.yes = True  # 仍然保存
    save(qtbot)
    assert reg.campaign(2022).tiers[1].amount_fen == 5_00


def test_a_patent_award_typed_as_3wan_asks_whether_yuan_became_wan(window, qtbot, reg, answers):
    screen = window.screen_named("设置")
    retype(qtbot, screen.patent_award, "3万")
    answers.yes = False
    save(qtbot)
    assert ("每项专利助推金额为 ¥30,000.00：原为 ¥3,000.00，是其 10 倍。是否把元填成了万元？"
            in answers.questions[-1])
    assert reg.campaign(2022).patent_award_fen == 3000_00
    retype(qtbot, screen.patent_award, "3000")  # corrected: nothing to ask
    asked = len(answers.questions)
    save(qtbot)
    assert len(answers.questions) == asked


def test_the_paper_address_is_a_field_preset_from_the_plan_and_saved(window, qtbot, reg, answers):
    screen = window.screen_named("设置")
    assert screen.paper_address.text() == PAPER_ADDRESS_2022
    retype(qtbot, screen.paper_address, "北京市职工技术协会（西城区某路1号）")
    save(qtbot)
    assert reg.campaign(2022).paper_address == "北京市职工技术协会（西城区某路1号）"


def test_contacts_pasted_from_the_plan_are_saved_as_the_preset_writes_them(window, qtbot, reg,
                                                                          answers):
    screen = window.screen_named("设置")
    retype(qtbot, screen.notice_contact, "赵  六83570111    钱七83570112")
    save(qtbot)
    assert reg.campaign(2022).notice_contact == "赵六 83570111、钱七 83570112"
    assert screen.notice_contact.text() == "赵六 83570111、钱七 83570112"
    assert screen.unsaved_fields() == []


def test_at_800_px_a_long_value_shows_its_start_and_its_whole_as_a_tooltip(window, qtbot, reg,
                                                                          answers):
    window.resize(800, 600)
    screen = window.screen_named("设置")
    qtbot.waitUntil(lambda: screen.isVisible())
    screen.load()
    field = screen.notice_contact
    value = plan_2022().notice_contact
    assert field.text() == value
    assert field.fontMetrics().horizontalAdvance(value) > field.width()  # it is cut here
    assert field.cursorPosition() == 0  # its start in view: 高珊 …, not …8570885
    assert value in field.toolTip()
    short = screen.patent_split  # 1:1 fits: no tooltip of its value
    assert short.cursorPosition() == 0 and "1:1" not in short.toolTip()
    window.resize(1800, 900)  # wide enough: the value whole in the field, no tooltip of it
    screen.notice_contact.resize(900, field.height())
    assert value not in field.toolTip()
