"""The entry forms read what stop 47's tester typed from paper forms as the import reads
its cells: a 计划完成日期 written as a month (2023年12月) is its last day, said in the
hint; a 立项日期 so written is still refused. A two-digit year late in its century is of
the last one (99-3-5: 1999, refused by the grant window, not 2099); the input method's
full-width comma parts a date; a 领衔人 with a bracketed title (李四（高级工程师）) is the
studio's registered leader, not a rename of him."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import INVENTION
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent, type_project
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models.records import ProjectApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
WAN = 10_000_00  # fen a 万元


def retype(qtbot, form, key, text):
    """``text`` typed over the field's, left with Tab; the field's hint and its error."""
    editor = form.editor(key)
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Tab)
    form.recheck()  # the typing pause, without waiting for it
    return form.rows[key].hint.text(), form.values()[1].get(key)


def test_a_planned_completion_given_as_a_month_is_its_last_day_said_and_saved(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    hint, error = retype(qtbot, form, "planned_completion", "2023年12月")
    assert error is None
    assert "“2023年12月”读作 2023-12-31" in hint
    assert form.editor("planned_completion").text() == "2023-12-31"
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.projects(2022)
    assert app.planned_completion == date(2023, 12, 31)


def test_an_approval_date_given_as_a_month_is_still_refused(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    hint, error = retype(qtbot, form, "approval_date", "2022年3月")
    assert error is not None and "只有年和月，请照原件写出哪一天" in error
    assert "读作" not in hint


def test_a_grant_date_with_the_year_99_is_1999_and_outside_the_window(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION)
    hint, error = retype(qtbot, form, "grant_date", "99-3-5")
    assert error is None
    assert "“99-3-5”读作 1999-03-05" in hint
    assert "授权公告日 1999-03-05 不在 2021-01-01 至 2021-12-31 期间" in hint
    assert "2099" not in hint


def test_a_grant_date_parted_by_the_full_width_comma_is_read(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION)
    _hint, error = retype(qtbot, form, "grant_date", "2021，10，28")
    assert error is None
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert app.grant_date == date(2021, 10, 28)


def test_a_leader_with_a_bracketed_title_is_the_studios_leader_not_a_rename(
        window, qtbot, reg, answers):
    """Saved as 李四（高级工程师）, the form asked to change the studio's leader to it."""
    reg.save_project(ProjectApplication(
        2022, title="主轴振动在线监测系统", studio_name="李四职工创新工作室", studio_level="city",
        leader="李四", unit_name="北京市朝阳区总工会", enterprise_name="北京华信数控技术有限公司",
        requested_fen=10 * WAN, total_budget_fen=30 * WAN))
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    hint, error = retype(qtbot, form, "leader", "李四（高级工程师）")
    assert error is None
    assert "括号中的“高级工程师”不是姓名，按“李四”保存" in hint and "备注" in hint
    answers.questions.clear()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert answers.questions == []  # no 工作室信息与登记册不同: 领衔人
    assert {app.leader for app in reg.projects(2022)} == {"李四"}
    [studio] = reg.studios()
    assert studio.leader == "李四"


def test_a_first_inventor_with_a_bracketed_title_is_saved_as_the_name(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION, name="张三（高级工程师）")
    form.recheck()
    hint = form.rows["inventor_name"].hint.text()
    assert "括号中的“高级工程师”不是姓名，按“张三”保存" in hint
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [app.inventor_name for app in reg.patents(2022)] == ["张三"]
