"""The project form says, as the clerk types the dates, a 计划完成日期 before the 立项日期
(二（二）1, 不合格) and one before the 收件日期 (提示: the project was done when it applied)."""

from __future__ import annotations

from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, fill, focused, qsettings, type_text, window

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name


def test_the_form_says_a_completion_before_approval_and_before_receipt(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, None, None, None, None, None, None, None, None)  # to 立项日期
    assert focused() is form.editor("approval_date")
    fill(qtbot, "2022-05-01", "y")
    assert focused() is form.editor("planned_completion")
    type_text(qtbot, "2022-01-01")
    form.recheck()  # the typing pause, without waiting for it
    hint = form.rows["planned_completion"].hint.text()
    assert "早于立项日期 2022-05-01" in hint and "方案二（二）1" in hint
    assert "不合格" in form.verdict_label.text()

    form.editor("planned_completion").clear()
    type_text(qtbot, "2022-06-30", form.editor("planned_completion"))
    form.editor("received_date").setFocus()
    type_text(qtbot, "2022-10-31")
    form.recheck()
    hint = form.rows["planned_completion"].hint.text()
    assert "早于立项" not in hint
    assert "早于收件日期 2022-10-31" in hint and "正在开展" in hint
    assert "不合格" not in form.verdict_label.text()
