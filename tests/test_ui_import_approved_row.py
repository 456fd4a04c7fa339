"""The import window keeps the union's words for a row of an approved paper (stop 44): the
union's 核对意见 says the paper stands as registered and asks for no resend, as the command
line's import does (test_letter_approved_row)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from test_import_resend import corrected_table
from test_ui_import import open_dialog, read
from test_ui_import_resend import registered, renaming
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.refused_rows import LOCKED, refused_rows

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_an_approved_rows_differences_are_kept_for_the_letter_as_approved(
        window, qtbot, reg, answers, tmp_path):
    registered(reg, tmp_path)
    reg.set_status("patent", 2, "qualified")
    reg.set_status("patent", 2, "approved", award_fen=3000_00, approved_date=date(2022, 12, 1))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))
    renaming(qtbot, dialog)
    button = dialog.import_all if dialog.import_all.isEnabled() else dialog.import_rest
    button.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    rows = [r for streams in refused_rows(reg, 2022).values() for rs in streams.values()
            for r in rs]
    [row] = [r for r in rows if r.row == 4]
    assert row.kind == LOCKED and row.registered
    assert row.said.startswith("该专利已登记，已核准，按登记的各项办理"), row.said
    assert row.send_again == "无需重新报送；登记的确有误的，请来函更正"
