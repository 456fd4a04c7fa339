"""An imported paper opened in the form and saved with one field changed (tester, stop 42,
100,000 papers): the trail said 材料：无 → 无（号码不同，中间位已隐去） beside the phone —
the import stores an empty checklist, the form every key unticked: the same papers, no
change; and the number's note is never said of a field that is no number."""

from __future__ import annotations

from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_corrections import open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk import audit_log
from boostdesk.audit_log import _changes
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.labels import MASKED_DIFFER
from boostdesk.ui.detail import _changes as pane_changes

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def imported(reg, tmp_path, *rows) -> list[int]:
    table: list[list[object]] = [[*PATENT_HEADERS], *rows]
    sheet = write_sheet(tmp_path / "汇总表.xlsx", table)
    commit(reg, read_table(sheet, 2022))
    return [r[0] for r in reg.conn.execute("SELECT id FROM patent_applications ORDER BY id")]


def updates(reg, since: int) -> list[audit_log.Line]:
    return [x for x in audit_log.trail(reg) if x.action == "修改"][since:]


def test_an_imported_papers_phone_changed_in_the_form_is_one_trail_line(
        window, qtbot, reg, answers, tmp_path):
    (app_id,) = imported(reg, tmp_path, patent_row(联系电话="13800000001"))
    assert reg.scalar("SELECT materials FROM patent_applications WHERE id = ?", (app_id,)) == "{}"
    before = len(updates(reg, 0))
    _screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "phone", "13900003333")
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert reg.patent(app_id).phone == "13900003333"
    lines = updates(reg, before)
    assert [x.details for x in lines] == [f"联系电话：138****0001 → 139****3333（随专利{app_id}的修改）"]
    assert "材料" not in audit_log.trail(reg)[-1].details


def test_a_checklist_line_already_written_says_no_change_and_no_number_note():
    """A register holding the false line (saved before this fix) reads it without it."""
    unticked = {"certificate": False, "form": False, "production_proof": False}
    assert _changes({}, {"materials": {}}, {"materials": unticked}) == ""
    assert MASKED_DIFFER not in pane_changes("update", {"materials": {}},
                                             {"materials": unticked}, "patent")
    # a field showing alike that is no number: no number's note
    assert MASKED_DIFFER not in _changes({}, {"industry": "制造"}, {"industry": "制造 "})
    assert MASKED_DIFFER in _changes({}, {"phone": "13800000001"}, {"phone": "13811110001"})
