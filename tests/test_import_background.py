"""导入汇总表 backs the register up before it stores the table (in the background, behind
the import's progress dialog): 取消 pressed during that backup stops the import there,
nothing stored, said as any other 取消 of the import (导入已取消，未导入任何数据)."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import PATENT_HEADERS, ZERO, counts, patent_row, write_sheet
from PySide6.QtCore import Qt
from test_backed_up_support import HeldBackup
from test_ui_import import TWO_GOOD, open_dialog, read, summary_table
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.io.errors import ImportCancelled
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.safety import backup, list_backups

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_cancelled_during_the_backup_the_commit_stops_there(tmp_path, reg, monkeypatch):
    """The 取消 comes while the backup is made: the import stops after it, its rows never
    given to the register to insert (they were, and only the insert's first progress tick
    stopped them)."""
    preview = read_table(write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()]), 2022)
    pressed: list[bool] = []
    real = backup.backup_before

    def backup_then_cancel(worker, reason, **kw):
        made = real(worker, reason, **kw)
        pressed.append(made)
        return made

    inserting: list[object] = []
    monkeypatch.setattr(backup, "backup_before", backup_then_cancel)
    monkeypatch.setattr(reg, "insert_patents", lambda *a, **k: inserting.append(a) or [])
    with pytest.raises(ImportCancelled, match="导入已取消，未导入任何数据"):
        commit(reg, preview, cancelled=lambda: bool(pressed))
    # backed up, then stopped; the backup taken back, the register still what it holds
    assert pressed and pressed[0] is not None and list_backups(reg.path) == []
    assert inserting == [] and counts(reg) == ZERO


def test_cancel_pressed_during_the_imports_backup_imports_nothing(
        window, ctx, qtbot, reg, answers, tmp_path, monkeypatch):
    path = summary_table(tmp_path / "haidian.xlsx", TWO_GOOD)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    held = HeldBackup(monkeypatch, ctx)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    held.in_background(qtbot)
    notices = held.press_cancel(qtbot)  # made, then taken back: nothing stored
    assert "导入已取消，未导入任何数据" in notices
    assert "导入已取消，未导入任何数据" in dialog.summary.text()
    assert reg.patents() == [] and not answers.errors and not answers.infos
    assert dialog.isVisible() and dialog.import_all.isEnabled()  # to import again, or close
    dialog.reject()
