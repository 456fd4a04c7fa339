"""What a clerk types from the paper the way it is written there: a 收件日期 without its year
(10月17日), an ID number with the input method's 。 after it, a minority's name whose dot
she typed as a space (阿依古丽 买买提). Read, or asked beside the field, not refused or
silently changed."""

from __future__ import annotations

from fixtures.summary_sheets import ID_1
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.ui.style import ERROR_COLOUR
from boostdesk.ui.theme import themed

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_received_date_without_its_year_is_read_in_the_season_and_said(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, received="10月17日")
    form.recheck()
    assert form.editor("received_date").text() == "2022-10-17"
    assert "“10月17日”读作 2022-10-17" in form.rows["received_date"].hint.text()
    form.editor("received_date").setFocus()
    form.editor("received_date").selectAll()
    type_text(qtbot, "10.17")
    form.recheck()
    assert "读作 2022-10-17" in form.rows["received_date"].hint.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [str(a.received_date) for a in reg.patents(2022)] == ["2022-10-17"]


def test_a_grant_date_without_its_year_is_refused_and_the_example_is_the_placeholder_s(
        window, qtbot, reg, answers):
    """授权公告日 is printed with its year on the certificate, and its window is the very
    thing judged: no year is guessed for it. The refusal's example is the field's own."""
    form = open_new_form(qtbot, window, 0)
    for _ in range(4):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.editor("grant_date")
    type_text(qtbot, "3.5")
    errors = form.values()[1]
    example = form.editor("grant_date").placeholderText().removeprefix("如 ")
    assert errors["grant_date"] == f"日期缺少年份：3.5，请照原件写出年份，请写成 {example}"


def test_an_id_typed_with_a_full_stop_after_it_is_the_number(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, id_number=f"{ID_1}。")
    form.recheck()
    assert "id_number" not in form.values()[1]
    assert "出生日期 1980-01-01" in form.rows["id_number"].hint.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.id_number for a in reg.patents(2022)] == [ID_1]


def test_a_spaced_minority_name_is_asked_beside_the_field_and_f4_puts_the_dot(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, name="阿依古丽 买买提")
    form.recheck()
    hint = form.rows["inventor_name"].hint.text()
    assert "应为“阿依古丽·买买提”——按 F4 改用" in hint and "否则按“阿依古丽买买提”保存" in hint
    press(qtbot, Qt.Key.Key_F4)  # from the materials, where she is: the name above
    assert form.editor("inventor_name").text() == "阿依古丽·买买提"
    form.recheck()
    assert "名字中有空格" not in form.rows["inventor_name"].hint.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.inventor_name for a in reg.patents(2022)] == ["阿依古丽·买买提"]


def test_a_name_typed_with_the_full_width_space_is_asked_as_the_ascii_space_is(
        window, qtbot, reg, answers):
    """A Chinese input method in full-width mode types 　 (U+3000) for the space: the
    name was joined to 阿卜杜热合曼 as she left the field, with no hint and no F4."""
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, name="阿卜杜\u3000热合曼")
    form.recheck()
    assert "应为“阿卜杜·热合曼”——按 F4 改用" in form.rows["inventor_name"].hint.text()
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("inventor_name").text() == "阿卜杜·热合曼"
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.inventor_name for a in reg.patents(2022)] == ["阿卜杜·热合曼"]


def test_a_short_name_with_a_stray_space_is_joined_as_ever(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, name="黄 志成")
    form.recheck()
    assert "名字中有空格" not in form.rows["inventor_name"].hint.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.inventor_name for a in reg.patents(2022)] == ["黄志成"]


def test_a_year_less_day_read_into_the_next_year_says_so_beside_its_late_note(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, received="3月1日")
    form.recheck()
    hint = form.rows["received_date"].hint.text()
    assert "“3月1日”读作 2023-03-01" in hint
    assert "逾期：晚于报送截止日 2022-11-01" in hint


def test_a_year_less_day_before_the_plan_was_issued_is_refused_as_typed(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, received="7月1日")
    form.recheck()
    hint = form.rows["received_date"].hint
    assert "“7月1日”读作 2022-07-01" in hint.text()
    assert "早于2022 年度实施方案的印发日期 2022-10-17" in hint.text()
    assert hint._colour == themed(ERROR_COLOUR)  # not the green of a day read well
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert not closed(form)
    assert reg.patents(2022) == []
