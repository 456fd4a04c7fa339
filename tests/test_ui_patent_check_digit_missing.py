"""A patent number typed without its check digit (ZL 2021 1 0100111, the tester's paper 4):
the 12 digits name the patent, so the paper is 待补材料 with the digit they give, not 不合格;
F4 puts the digit in; saved as it is, the number is kept tidied (ZL202110123456), as the
list shows every other. A paper refused as a duplicate never says 可以保存 beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
LACKING = "ZL 2021 1 0123456"  # ZL202110123456.7 without its 7


def test_a_number_lacking_its_check_digit_is_saved_as_awaiting_it_not_refused(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=LACKING)
    form.recheck()
    assert "校验位应为 7" in form.rows["patent_number_raw"].hint.toolTip()
    assert "待补材料" in form.verdict_label.text() and "不合格" not in form.verdict_label.text()
    press(qtbot, Qt.Key.Key_S, CTRL)
    question = answers.questions[-1]
    assert "校验位应为 7" in question and "ZL202110123456.7" in question
    assert "待补材料" in question and "不合格" not in question and "F4" in question
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert (app.patent_number_raw, app.patent_number) == ("ZL202110123456", None)
    screen = window.current_screen()
    row = screen.model.row_data(screen.model.row_of(app.id))
    assert row.verdict == "incomplete", row.findings


def test_f4_puts_in_the_check_digit_the_number_lacks(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=LACKING)
    form.recheck()
    assert "按 F4 补上" in form.rows["patent_number_raw"].hint.toolTip()
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("patent_number_raw").text() == "ZL202110123456.7"
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert app.patent_number == "ZL202110123456.7"


def test_a_duplicate_s_verdict_line_never_says_it_can_be_saved(window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw="ZL202110123456.7",
                                      unit_name="北京市海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    form.editor("service_invention").setFocus()
    press(qtbot, Qt.Key.Key_N)  # 否: 不合格 as well as a duplicate
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.errors[-1][0] == "重复申报，未保存" and form.isVisible()
    form.recheck()
    line = form.verdict_label.text()
    assert "不合格" in line and "可以保存" not in line and "重复申报，不能保存" in line
