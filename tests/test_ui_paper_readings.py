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

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier


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
