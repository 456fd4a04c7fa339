"""取消 (Esc) on the progress while the import window checks a table's rows after reading
it: the dialog says 正在取消… at once and 已取消读取 once the worker has stopped at its next
row, not after judging the whole table (20,000 rows: 4.7–5 s of an empty table saying
nothing, or a frozen window when it was closed). Nothing stored."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from test_import_preview_cancel import ROWS, _table
from test_ui_support import answers, year_context

from boostdesk.models import Register
from boostdesk.rules import patent as patent_rules
from boostdesk.ui.import_dialog import ImportDialog

__all__ = ["answers"]


@dataclass
class HeldCheck:
    """The import window with its worker held in the rules' first row of the check."""

    register: Any
    context: Any
    dialog: Any
    task: Any
    go_on: threading.Event
    judged: list = field(default_factory=list)


@contextmanager
def held_check(tmp_path, qtbot, monkeypatch) -> Iterator[HeldCheck]:
    """A table opened in the import window, read, and its check held at the first row until
    ``go_on`` is set; no worker outlives the block, passed or not."""
    entered, go_on = threading.Event(), threading.Event()
    judged: list = []
    made = patent_rules.campaign_judge

    def held(campaign):
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
        yield HeldCheck(register, context, dialog, task, go_on, judged)
    finally:
        go_on.set()
        context.shutdown()


def test_esc_while_the_rows_are_checked_says_cancelling_and_stops(tmp_path, qtbot, answers,
                                                                  monkeypatch):
    with held_check(tmp_path, qtbot, monkeypatch) as held:
        qtbot.keyClick(held.task.dialog, Qt.Key.Key_Escape)
        assert "正在取消" in held.dialog.summary.text()  # said while the worker is still held
        held.go_on.set()
        qtbot.waitUntil(lambda: not held.context.busy, timeout=20_000)
        assert "已取消读取" in held.dialog.summary.text()
        assert held.dialog.model is None and not held.dialog.import_all.isEnabled()
        assert len(held.judged) <= 2 < ROWS  # stopped at the next row: was all of them
    assert held.register.scalar("SELECT COUNT(*) FROM patent_applications") == 0
    held.register.close()
