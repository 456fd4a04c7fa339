"""The 请稍候 box while the import window checks a table read against the register (the
second and, on a large table, the longer part of the wait: 1.5 of 2.1 s at 10,000 rows):
it says so and its bar starts again for the check. It went on saying 正在读取 with the
bar full, the read's last progress, as though the work were done and stuck."""

from __future__ import annotations

from test_import_preview_cancel import ROWS
from test_ui_import_cancel_check import held_check


def test_the_progress_says_the_rows_are_checked_after_the_read(tmp_path, qtbot, monkeypatch):
    with held_check(tmp_path, qtbot, monkeypatch) as held:
        box = held.task.dialog
        qtbot.waitUntil(lambda: "核对" in box.labelText(), timeout=5_000)
        assert "t.xlsx" in box.labelText()
        assert box.value() < box.maximum()  # not the read's full bar
        held.go_on.set()
        qtbot.waitUntil(lambda: not held.context.busy, timeout=20_000)
        assert held.dialog.model is not None and held.dialog.model.rowCount() == ROWS
    held.register.close()
