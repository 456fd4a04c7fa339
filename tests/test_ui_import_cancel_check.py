"""取消 (Esc) on the progress while the import window checks a table's rows after reading
it: the dialog says 正在取消… at once and 已取消读取 once the worker has stopped at its next
row, not after judging the whole table (20,000 rows: 4.7–5 s of an empty table saying
nothing, or a frozen window when it was closed). Nothing stored."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from test_import_preview_cancel import ROWS, _table
from test_ui_support import answers, year_context

from boostdesk.models import Register
from boostdesk.rules import patent as patent_rules
from boostdesk.ui.import_dialog import ImportDialog

__all__ = ["answers"]


def test_esc_while_the_rows_are_checked_says_cancelling_and_stops(tmp_path, qtbot, answers,
                                                                  monkeypatch):
    entered, go_on = threading.Event(), threading.Event()
    judged = []
    made = patent_rules.campaign_judge

    def held(campaign):  # the worker held in the rules' first row until Esc was pressed
        judge = made(campaign)

        def one(app):
            judged.append(app)
            if len(judged) == 1:
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
        qtbot.waitUntil(task.dialog.isVisible, timeout=5_000)
        qtbot.keyClick(task.dialog, Qt.Key.Key_Escape)
        assert "正在取消" in dialog.summary.text()  # said while the worker is still held
        go_on.set()
        qtbot.waitUntil(lambda: not context.busy, timeout=20_000)
        assert "已取消读取" in dialog.summary.text()
        assert dialog.model is None and not dialog.import_all.isEnabled()
        assert len(judged) <= 2 < ROWS  # stopped at the next row: was all of them, then shown
    finally:
        go_on.set()
        context.shutdown()  # no worker outlives the test, passed or not
    assert register.scalar("SELECT COUNT(*) FROM patent_applications") == 0
    register.close()
