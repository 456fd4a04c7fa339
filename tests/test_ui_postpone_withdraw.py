"""撤销延期… on 拨付: a postponement of acceptance (延期验收) recorded in error could be taken
back only by `pay postpone REF --withdraw --reason 理由`. Now the button beside 延期验收…
(Alt+B) asks the reason and takes it back through the same domain function, refusing at
once, with the same words, while an acceptance rests on it; Ctrl+Z puts it back."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_acceptance_postpone import DECISION
from test_late_completion import paid_first
from test_ui_support import answers, type_text, year_context

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.acceptance_postpone import (
    postpone_acceptance,
    postponement_of,
    resting_refusal,
)
from boostdesk.models import clock

__all__ = ["answers"]  # the fixture

TODAY = date(2025, 1, 10)


def _screen(reg, tmp_path, qtbot, q: int):
    from boostdesk.ui.payments_screen import PaymentsScreen

    ctx = year_context(reg, tmp_path, 2022, "财务科刘会计")
    screen = PaymentsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.activateWindow()  # the keyboard's: Alt letters work in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    row = screen.model.row_of(next(x.id for x in screen.shown if x.app_id == q))
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(screen.model.index(row, 1)).center())
    return ctx, screen


def test_alt_b_asks_the_reason_and_takes_the_postponement_back(reg, tmp_path, qtbot, answers):
    q = paid_first(reg)
    other = paid_first(reg, title="高炉煤气余压发电优化")  # none on record: greyed
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    with clock.fixed_day(TODAY):
        ctx, screen = _screen(reg, tmp_path, qtbot, other)
        assert not screen.unpostpone.button.isEnabled()
        row = screen.model.row_of(next(x.id for x in screen.shown if x.app_id == q))
        qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=screen.table.visualRect(screen.model.index(row, 1)).center())
        button = screen.unpostpone.button
        assert button.isEnabled() and button.text() == "撤销延期(&B)…"
        assert "延期验收至 2025年6月30日" in screen.postponed_flags.text()
        qtbot.keyClick(screen.table, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
        # the button pressed (Qt shows it down a moment first)
        qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
        dialog = screen.dialog
        assert "延期验收至 2025年6月30日" in dialog.intro.text()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no reason: asked for one
        assert dialog.isVisible() and "请填写撤销延期验收的理由" in dialog.error.text()
        type_text(qtbot, "登记错了项目", dialog.reason_field)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert postponement_of(reg, q) is None and not answers.errors
        screen.reload()
        assert "已逾期 311 天" in screen.flags.text()
        trail = reg.scalar("SELECT after FROM audit_events WHERE action = 'withdraw_postponement'"
                           " AND entity_id = ?", (q,))
        assert "登记错了项目" in trail
        assert reg.scalar("SELECT operator FROM audit_events"
                          " WHERE action = 'withdraw_postponement'") == "财务科刘会计"
        ctx.undo_stack.undo()
        assert postponement_of(reg, q).until == date(2025, 6, 30)


def test_an_acceptance_resting_on_it_refuses_at_once_with_the_commands_words(
        reg, tmp_path, qtbot, answers):
    q = paid_first(reg)
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    record_acceptance(reg, q, date(2025, 1, 8))  # late, on the postponement's decision
    refused = resting_refusal(reg, q, postponement_of(reg, q))
    assert "不能撤销延期验收" in refused
    with clock.fixed_day(TODAY):
        _ctx, screen = _screen(reg, tmp_path, qtbot, q)
        assert screen.unpostpone.button.isEnabled()  # (accepted: 延期验收… is greyed)
        qtbot.keyClick(screen.table, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: bool(answers.errors))
        assert answers.errors == [("不能撤销延期验收", refused)]
        assert "撤销结题验收" in refused
        assert postponement_of(reg, q) is not None
