"""The paper form's verdict right after a key: it showed the verdict of the paper before
that key — red 不合格 for a good paper — until the pause's re-check. Now 核对中…, muted,
until the re-check runs; never 不合格 for a good paper."""

from __future__ import annotations

from fixtures.summary_sheets import INVENTION
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.ui.entry_form import PENDING
from boostdesk.validate import patent_check_char

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_the_verdict_is_pending_between_the_last_key_and_the_recheck(window, qtbot, reg,
                                                                      answers):
    utility = "ZL202120123456." + patent_check_char("202120123456")  # refused: a utility model
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=utility)
    qtbot.waitUntil(lambda: "不合格" in form.verdict_label.text())
    number = form.editor("patent_number_raw")
    number.setFocus()
    number.selectAll()
    qtbot.keyClicks(number, INVENTION)  # the invention's number: the last keys of the paper
    shown = form.verdict_label.text()
    assert "不合格" not in shown and PENDING in shown  # not the verdict before the keys
    qtbot.waitUntil(lambda: PENDING not in form.verdict_label.text())
    assert "合格" in form.verdict_label.text() and "不合格" not in form.verdict_label.text()
    press(qtbot, Qt.Key.Key_Escape)

