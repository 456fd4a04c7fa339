"""The 请稍候 box while the import window checks a table read against the register (the
second and, on a large table, the longer part of the wait: 1.5 of 2.1 s at 10,000 rows):
it says so and its bar starts again for the check. It went on saying 正在读取 with the
bar full, the read's last progress, as though the work were done and stuck."""

from __future__ import annotations

import threading

from test_import_preview_cancel import ROWS, _table
from test_ui_support import year_context

from boostdesk.models import Register
from boostdesk.rules import patent as patent_rules
from boostdesk.ui.import_dialog import ImportDialog


def test_the_progress_says_the_rows_are_checked_after_the_read(tmp_path, qtbot, monkeypatch):
    entered, go_on = threading.Event(), threading.Event()
    made = patent_rules.campaign_judge

    def held(campaign):  # the worker held in the rules' first row: the check under way
        judge = made(campaign)

        def one(app):
            if not entered.is_set():
                entered.set()
                go_on.wait(10)
            return judge(app)
        return one

    monkeypatch.setattr(patent_rules, "campaign_judge", held)
    register = Register.open(tmp_path / "register.db", operator="测试员")
    context = year_context(register, tmp_path, 2022, "录入员甲")
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(_table(tmp_path))
    try:
        assert entered.wait(20)  # read; its rows being checked
        [task] = list(context._tasks)
        box = task.dialog
        qtbot.waitUntil(box.isVisible, timeout=5_000)
        qtbot.waitUntil(lambda: "核对" in box.labelText(), timeout=5_000)
        assert "t.xlsx" in box.labelText()
        assert box.value() < box.maximum()  # not the read's full bar
        go_on.set()
        qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
        assert dialog.model is not None and dialog.model.rowCount() == ROWS
    finally:
        go_on.set()
        context.shutdown()  # no worker outlives the test, passed or not
    register.close()
