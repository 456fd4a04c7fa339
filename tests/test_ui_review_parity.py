"""The window and `boostdesk review` reach the same register for the same paper: its
missing material ticked on the paper form (Ctrl+S) or with `review materials`, then passed
at 资格审核 in 改变状态 (Ctrl+M) or with `review decide --pass` — the same row, status
history and trail lines, but for the times they were written."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_ui_undo_status import a_patent, open_current

from boostdesk.cli import main
from boostdesk.models.records import PATENT, PATENT_MATERIALS
from boostdesk.models.register import Register
from boostdesk.ui.status_dialog import StatusDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
OPERATOR = "录入员甲"  # the window's (ctx) and the command's
TIMES = {"updated_at", "at"}  # when each was written: the only difference allowed


def _lacking(reg: Register) -> int:
    return a_patent(reg, materials={**dict.fromkeys(PATENT_MATERIALS, True),
                                    "production_proof": False})


def _outcome(reg: Register, app_id: int, since: int) -> tuple:
    row = reg.query("SELECT status, status_reason, materials, award_fen, eligible, incomplete,"
                    " findings FROM patent_applications WHERE id = ?", (app_id,))[0]
    history = [{k: v for k, v in h.items() if k not in TIMES}
               for h in reg.status_history(PATENT, app_id)]

    def timeless(text: str | None) -> object:
        value = json.loads(text or "null")
        return {k: v for k, v in value.items() if k not in TIMES} if isinstance(value, dict) else value

    trail = [(r["operator"], r["action"], r["entity"], r["entity_id"], timeless(r["before"]),
              timeless(r["after"]))
             for r in reg.query("SELECT * FROM audit_events WHERE id > ? ORDER BY id", (since,))]
    return row, history, trail


def test_the_window_and_the_command_line_leave_the_same_paper(window, qtbot, reg, answers,
                                                              tmp_path):
    other = tmp_path / "命令行" / "register.db"
    other.parent.mkdir()
    cli_reg = Register.open(other, operator=OPERATOR)
    cli_id = _lacking(cli_reg)
    cli_mark = cli_reg.scalar("SELECT max(id) FROM audit_events")
    cli_reg.close()
    app_id = _lacking(reg)
    mark = reg.scalar("SELECT max(id) FROM audit_events")
    assert app_id == cli_id

    # the window: the paper's form, its box ticked, saved; then 改变状态 → 资格审核通过
    _screen, form = open_current(qtbot, window, app_id)
    form.checks["production_proof"].click()
    press(qtbot, Qt.Key.Key_S, CTRL, form)
    qtbot.waitUntil(lambda: closed(form))
    window.activateWindow()  # back from the form, as the clerk is
    qtbot.waitUntil(window.isActiveWindow)
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    qtbot.waitUntil(lambda: isinstance(screen.current_form, StatusDialog))
    dialog = screen.current_form
    assert dialog.target == "qualified"
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    press(qtbot, Qt.Key.Key_Tab)  # 说明: none needed, the paper now whole
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day
    type_text(qtbot, "22-11-10")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert not answers.errors
    assert reg.patent(app_id).status == "qualified"

    # the command line, on the other register
    def review(*words: str) -> None:
        assert main(["review", *words, "--db", str(other), "--operator", OPERATOR]) == 0

    review("materials", f"专利{cli_id}", "--tick", "企业应用证明")
    review("decide", f"专利{cli_id}", "--pass", "--date", "2022-11-10")

    cli_reg = Register.open(other, operator=OPERATOR)
    try:
        by_command = _outcome(cli_reg, cli_id, cli_mark)
    finally:
        cli_reg.close()
    by_window = _outcome(reg, app_id, mark)
    assert by_window[0]["incomplete"] == 0 and by_window[0]["status"] == "qualified"
    assert [line[1] for line in by_window[2]] == ["update", "status"]
    assert by_command == by_window
