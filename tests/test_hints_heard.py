"""Help a screen reader never heard: text beside a field but not attached to it. The
near-name hint of 推荐单位 (「…相近的“海淀区总工会”，按 F4 改用…」), 更正资格审核日期's
「现资格审核日期：…」 and 结束公示's explanation are now their fields' accessible
descriptions. In 更正资格审核日期, Enter with both fields empty reports (and goes to) the
first of them in Tab order, 更正原因, not the date below it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_publicity_screen import _in_dialog, ids, screen
from test_ui_entry import open_new_form
from test_ui_near_typing import COMPANY, SLIP, UNION, keyboard, registered
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

__all__ = ["answers", "ctx", "ids", "qsettings", "screen", "window"]  # fixtures used by name


def test_the_near_name_hint_is_the_union_field_s_description_until_it_goes(
        window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    union = form.editor("unit_name")
    assert keyboard(qtbot, form, SLIP, Qt.Key.Key_Tab, COMPANY, Qt.Key.Key_Tab) == []
    qtbot.waitUntil(lambda: "F4 改用" in union.accessibleDescription())
    assert f"相近的“{UNION}”" in union.accessibleDescription()
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is union
    union.selectAll()
    type_text(qtbot, UNION)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "F4" not in union.accessibleDescription())
    # the hint gone, the field's own words stay: 必填 and its example
    assert form.rows["unit_name"].hint.message == ""
    assert union.accessibleDescription() == "必填；区、局、集团（公司）工会"


def test_the_redate_dialog_s_present_day_is_the_date_s_description(
        window, qtbot, reg, answers):
    from test_ui_qualified_date_correction import _approved_patent, _to_redate

    app_id = _approved_patent(reg)
    dialog = _to_redate(qtbot, window, window.show_screen(0), app_id)
    assert dialog.day.accessibleDescription().startswith("现资格审核日期：未填（审批表按录入日")
    assert "更正记入修改记录" in dialog.day.accessibleDescription()
    press(qtbot, Qt.Key.Key_Home)  # another choice: the redate words go from the date
    assert dialog.day.accessibleDescription() == ""


def test_enter_on_the_empty_redate_dialog_asks_for_the_reason_first(window, qtbot, reg,
                                                                     answers):
    from test_ui_qualified_date_correction import _approved_patent, _to_redate

    dialog = _to_redate(qtbot, window, window.show_screen(0), _approved_patent(reg))
    press(qtbot, Qt.Key.Key_Return)  # both fields empty
    assert "更正原因" in dialog.error.text()  # the first in Tab order (更正原因 → 日期)
    assert focused() is dialog.reason
    type_text(qtbot, "按资格审核记录补记")
    press(qtbot, Qt.Key.Key_Return)
    assert "资格审核日期" in dialog.error.text() and focused() is dialog.day


def test_the_close_dialog_s_explanation_is_the_end_day_s_description(ids, screen, qtbot):
    screen.start(date(2022, 12, 20))
    heard: list[str] = []

    def listen(dialog) -> None:
        field = QApplication.focusWidget()
        assert field is dialog.day_field  # where the dialog opens
        heard.append(field.accessibleDescription())
        qtbot.keyClick(field, Qt.Key.Key_Escape)

    _in_dialog(qtbot, screen, listen)
    qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)
    [said] = heard
    assert said.startswith("公示期 ") and "无异议或异议均不成立的项目核准助推" in said
