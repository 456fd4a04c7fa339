"""修改记录 (Ctrl+H) filtered by the person on the auditor's paper: the name before its
correction (赵六, now 赵陆), 人员N, and an erased person, whose filtered lines left out
the 删除个人信息 line itself (shown only unfiltered)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_audit_person_refs import ERASE_DAY, _paper
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk import erase_person
from boostdesk.models.records import PATENT
from boostdesk.ui import trail_view

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
ERASURE = "删除个人信息（个人信息保护法第四十七条）"


@pytest.fixture
def people(ctx):
    reg = ctx.reg
    zhao = _paper(reg, "赵六", "11010819800101004", "ZL202110777777.9", "621700000000009")
    gone = _paper(reg, "孙七", "11010819800101005", "ZL202110888888.1", "621700000000011")
    reg.set_status(PATENT, gone, "refused", "专利授权日期不在期间内")
    reg.correct_person_name(reg.patent(zhao).person_id, "赵陆", "身份证复印件为赵陆")
    erase_person.erase(reg, "孙七", "期满", ERASE_DAY, backup=False)
    ctx.changed.emit("all")


def _filtered(qtbot, window, ref):
    if not isinstance(window.current_dialog, trail_view.TrailDialog):
        window.nav.setFocus()
        press(qtbot, Qt.Key.Key_H, CTRL)
        qtbot.waitUntil(lambda: isinstance(window.current_dialog, trail_view.TrailDialog))
    dialog = window.current_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and focused() is dialog.table)
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focused() is dialog.ref_field
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, ref)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not trail_view._RUNNING and dialog.model.rowCount() > 0
                    and focused() is dialog.table)
    return dialog


def test_the_trail_screen_finds_a_person_by_a_former_name_and_as_renyuan_n(
        people, window, qtbot):
    dialog = _filtered(qtbot, window, "赵六")
    assert dialog.status.text().startswith("第一发明人 赵六（已更名为 赵陆")
    assert any(line.action == "更正姓名" for line in dialog.model.lines)
    dialog = _filtered(qtbot, window, "人员1")
    assert dialog.status.text().startswith("第一发明人 赵陆")


def test_the_trail_screen_shows_an_erased_person_s_erasure_under_his_filter(
        people, window, qtbot):
    dialog = _filtered(qtbot, window, "（已删除个人信息·人员2）")
    assert dialog.status.text().startswith("第一发明人 （已删除个人信息·人员2）")
    assert [line.action for line in dialog.model.lines].count(ERASURE) == 1
