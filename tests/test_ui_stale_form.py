"""A form open while another program stores a change to the same application (another
BoostDesk where the register's folder has no file locks): the clerk's save takes only
what the clerk changed onto the register as it is now; a field changed on both sides is
refused, not written back with the form's old value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, press, qsettings, type_text, window
from test_ui_undo_status import a_patent, open_current

__all__ = ["answers", "ctx", "qsettings", "window"]

ROOT = Path(__file__).resolve().parent.parent
CTRL = Qt.KeyboardModifier.ControlModifier

# The other program's save, in a process of its own, past the lock (as where locks fail).
ELSEWHERE = """
import dataclasses, sys
from boostdesk.models import Register
reg = Register.open(sys.argv[1], operator="王五")
app = reg.patent(int(sys.argv[2]))
reg.save_patent(dataclasses.replace(app, **{sys.argv[3]: sys.argv[4]}))
reg.close()
"""


def elsewhere(reg, app_id: int, field: str, value: str) -> None:
    subprocess.run([sys.executable, "-c", ELSEWHERE, str(reg.path), str(app_id), field, value],
                   check=True, timeout=60, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})


def retype(qtbot, form, field: str, text: str) -> None:
    editor = form.editor(field)
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, text, editor)


def test_a_change_stored_elsewhere_meanwhile_is_kept_by_the_clerk_s_save(window, qtbot, reg,
                                                                         answers):
    app_id = a_patent(reg, remarks="")
    screen, form = open_current(qtbot, window, app_id)
    elsewhere(reg, app_id, "remarks", "已补交企业应用证明")  # stored while the form is open
    retype(qtbot, form, "title", "一种焊缝缺陷检测装置")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert not form.isVisible(), answers.errors
    saved = reg.patent(app_id)
    assert saved.title == "一种焊缝缺陷检测装置"
    assert saved.remarks == "已补交企业应用证明"  # was written back as "" by the stale form


def test_a_field_changed_on_both_sides_is_refused_naming_it(window, qtbot, reg, answers):
    app_id = a_patent(reg)
    screen, form = open_current(qtbot, window, app_id)
    elsewhere(reg, app_id, "title", "一种焊缝检测装置（王五改）")
    retype(qtbot, form, "title", "一种焊缝缺陷检测装置")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible()  # the clerk's typing stays on screen
    assert answers.errors and "名称" in answers.errors[-1][1] and "另一处" in answers.errors[-1][1]
    assert reg.patent(app_id).title == "一种焊缝检测装置（王五改）"


def test_an_approval_stored_meanwhile_keeps_its_amount_and_date(ctx, reg):
    """The old save wrote the whole form's record: an award approved elsewhere meanwhile
    lost its amount and date."""
    import dataclasses
    import sqlite3

    from boostdesk.ui import operations

    app_id = a_patent(reg)
    loaded = reg.patent(app_id)
    other = sqlite3.connect(reg.path)
    other.execute("UPDATE patent_applications SET award_fen = 300000,"
                  " approved_date = '2022-12-01' WHERE id = ?", (app_id,))
    other.commit()
    other.close()
    edited = dataclasses.replace(loaded, remarks="补交了证明")
    assert operations.save_application(ctx, edited, loaded=loaded).ok
    saved = reg.patent(app_id)
    assert (saved.remarks, saved.award_fen, str(saved.approved_date)) == (
        "补交了证明", 300000, "2022-12-01")
