"""Every answer of a question a form asks has its Alt letter (放弃录入？'s 放弃并关闭 and
继续填写 had none: Alt+N did nothing), and a question takes no key typed before it could be
seen: a Tab typed ahead moved 工作室信息与登记册不同 from 保留登记册的 to 改为申报书所填,
and the Enter after it changed the studio's facts for its other papers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_studio_two_ways import KNOWN, ROADS, paper
from test_ui_entry import open_new_form
from test_ui_save_back import SAVE, TITLE, stored, tabbed
from test_ui_save_box import ENTER, ESC, TAB, Wait, box_up, clerk, front
from test_ui_support import answers, closed, ctx, qsettings, window

from boostdesk.ui.dialogs import TypingGuard

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

ALT = Qt.KeyboardModifier.AltModifier


def buttons() -> list[str]:
    box = front()
    return [b.text() for b in box.buttons()] if isinstance(box, QMessageBox) else []


def test_give_up_typing_answers_by_alt_letters(window, qtbot, reg, answers, monkeypatch):
    monkeypatch.undo()  # the real boxes
    form = open_new_form(qtbot, window, 0)
    said, still_up = clerk(qtbot, ["海淀区总工会", ESC, buttons, (Qt.Key.Key_N, ALT), Wait(300),
                                   box_up])
    assert said == ["放弃并关闭(&Y)", "继续填写(&N)"]
    assert not still_up and form.isVisible()  # Alt+N: 继续填写
    assert form.editor("unit_name").text() == "海淀区总工会"
    clerk(qtbot, [ESC, buttons, (Qt.Key.Key_Y, ALT), Wait(300)])
    qtbot.waitUntil(lambda: closed(form))  # Alt+Y: 放弃并关闭


def test_a_tab_typed_ahead_does_not_move_the_studio_question_off_keeping_the_register(
        window, qtbot, reg, answers, monkeypatch):
    """KNOWN is registered 示范性 是, the paper says 否; Ctrl+S and two Tabs typed on at once,
    she then looks and presses Enter: 保留登记册的 (the default), not 改为申报书所填."""
    reg.save_project(paper(title="城市桥梁支座病害智能巡检技术攻关"))
    monkeypatch.undo()
    TypingGuard.GRACE_MS = 300  # (the tests' own is 0: conftest)
    open_new_form(qtbot, window, 1)
    typed: list[Any] = tabbed("北京市建设工会", ROADS, KNOWN, "1", "n", "刘志强", TITLE, "智能装备",
                              "2022-04-01", "y", "2024-03-31", "300", "10", "刘志强", "13911112222",
                              None, "2022-10-21")
    seen = clerk(qtbot, [*typed, "a", SAVE, TAB, TAB, buttons, Wait(TypingGuard.LOOK_MS + 300),
                         ENTER, Wait(300), box_up])
    said, still_up = seen
    assert not still_up and TITLE in stored(reg)
    assert reg.studio(KNOWN).model_studio is True  # the register's kept
    assert "改为申报书所填(&Y)" in said and "保留登记册的(&N)" in said and "返回修改(&B)" in said
