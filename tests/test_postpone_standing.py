"""延期验收 re-tested by finance: a postponement withdrawn (登记错) after an acceptance was
recorded on its decision left the 尾款 lines marked 逾期结题 on it, the 审批表 citing it, and
paid ¥20,000.00 on a decision taken back, ``check`` clean; ``--decision 同意`` (and
``--late-reason 同意``) passed as a decision naming no one; 拨付's note counted postponed
projects 逾期未验收, in red."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_finance import lines_of
from test_late_completion import paid_first
from test_ui_support import answers, type_text, year_context

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.acceptance_postpone import (
    postpone_acceptance,
    postponement_of,
    withdraw_postponement,
)
from boostdesk.finance.acceptance_withdraw import withdraw_acceptance
from boostdesk.finance.decision_words import names_who_decided
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.late_completion import LateCompletionError, late_marks
from boostdesk.models import clock
from boostdesk.models.records import PROJECT, id_ref

__all__ = ["answers"]

DECISION = "主任办公会2024年3月5日研究同意：因设备到货延迟延期验收"
TITLE = "陈静团队数据平台建设"  # approved 2022-03-05: latest completion 2024-03-05


# -- 1. no acceptance stands on a withdrawn postponement ------------------------------------
def test_a_postponement_an_acceptance_rests_on_is_not_withdrawn_before_the_acceptance(reg):
    q = paid_first(reg)
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    record_acceptance(reg, q, date(2025, 3, 10))  # on the postponement's decision
    with pytest.raises(FinanceError, match="先撤销结题验收") as refused:
        withdraw_postponement(reg, q, "登记错")
    assert "撤销结题验收…" in str(refused.value)  # the window's place (not a command line)
    assert postponement_of(reg, q).until == date(2025, 6, 30)  # nothing written
    assert "延期验收至 2025年6月30日" in late_marks(reg, [q])[q].reason
    # the acceptance first, then the postponement; the acceptance again needs its own reason
    withdraw_acceptance(reg, q, "登记错")
    withdraw_postponement(reg, q, "登记错")
    assert postponement_of(reg, q) is None
    with pytest.raises(LateCompletionError):
        record_acceptance(reg, q, date(2025, 3, 10))


def test_an_acceptance_not_on_the_postponements_decision_leaves_it_free_to_withdraw(reg):
    in_time = paid_first(reg, title="按期结题的项目")
    own = paid_first(reg)
    for q in (in_time, own):
        postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    record_acceptance(reg, in_time, date(2024, 3, 1))  # by the plan's own limit
    record_acceptance(reg, own, date(2025, 3, 10), "主任办公会2025年3月1日研究同意：因疫情停工顺延")
    for q in (in_time, own):
        withdraw_postponement(reg, q, "登记错")
        assert postponement_of(reg, q) is None


def test_the_command_refuses_the_withdrawal_naming_the_acceptances_command(reg, capsys):
    from boostdesk.cli import main

    q = paid_first(reg)
    reg.close()
    db = ["--db", str(reg.path), "--operator", "财务甲"]
    assert main(["pay", "postpone", TITLE, "--until", "2099-12-31", "--decision", DECISION,
                 *db]) == 0
    assert main(["pay", "accept", TITLE, "--date", "2024-10-01", *db]) == 0
    capsys.readouterr()
    assert main(["pay", "postpone", TITLE, "--withdraw", "--reason", "登记错", *db]) == 1
    err = capsys.readouterr().err
    assert "不能撤销延期验收" in err and "请先撤销结题验收" in err
    assert f"pay accept {id_ref(PROJECT, q)} --withdraw --reason 理由" in err
    assert main(["pay", "accept", TITLE, "--withdraw", "--reason", "登记错", *db]) == 0
    assert main(["pay", "postpone", TITLE, "--withdraw", "--reason", "登记错", *db]) == 0


# -- 4b. who decided ------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["同意", "研究同意", "经研究同意：设备到货延迟", "上级同意", "好",
                                  "x", "设备到货延迟"])
def test_a_decision_naming_no_one_is_refused_for_both_options(reg, text):
    q = paid_first(reg)
    assert not names_who_decided(text)
    with pytest.raises(FinanceError, match="没有写明是谁的决定"):
        postpone_acceptance(reg, q, date(2025, 6, 30), text)
    with pytest.raises(LateCompletionError, match="没有写明是谁的决定"):
        record_acceptance(reg, q, date(2025, 3, 10), text)
    assert postponement_of(reg, q) is None and reg.project(q).status == "paid_first"


@pytest.mark.parametrize("text", [DECISION, "主任办公会某月某日研究同意：…",
                                  "经主任办公会研究同意拨付尾款（疫情停工顺延）",
                                  "主任办公会 2024-05-06 研究同意拨付尾款", "党组会2024年1月5日决定：延期",
                                  "经张明批准：设备延迟", "王小二 2024-03-05 批准"])
def test_a_decision_naming_who_decided_is_taken(text):
    assert names_who_decided(text)


def test_the_commands_refuse_a_bare_agreement(reg, capsys):
    from boostdesk.cli import main

    paid_first(reg)
    reg.close()
    db = ["--db", str(reg.path), "--operator", "财务甲"]
    assert main(["pay", "postpone", TITLE, "--until", "2099-12-31", "--decision", "同意", *db]) == 1
    assert "“同意”没有写明是谁的决定" in capsys.readouterr().err
    assert main(["pay", "accept", TITLE, "--date", "2025-03-10", "--late-reason", "同意", *db]) == 1
    assert "“同意”没有写明是谁的决定" in capsys.readouterr().err


# -- the window -----------------------------------------------------------------------------
def _screen(reg, tmp_path, qtbot):
    from boostdesk.ui.payments_screen import PaymentsScreen

    screen = PaymentsScreen(year_context(reg, tmp_path, 2022, "财务甲"))
    qtbot.addWidget(screen)
    screen.resize(1300, 600)
    screen.show()
    screen.activateWindow()  # the keyboard's: Alt letters reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    return screen


def _pick(screen, qtbot, q):
    row = screen.model.row_of(next(x.id for x in screen.shown if x.app_id == q))
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(screen.model.index(row, 1)).center())


def _retype(qtbot, field, text):
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, text, field)


def test_the_window_asks_who_decided_and_ctrl_z_leaves_an_acceptance_its_decision(
        reg, tmp_path, qtbot, answers):
    q = paid_first(reg)
    other = paid_first(reg, title="高炉煤气余压发电优化")
    with clock.fixed_day(date(2025, 1, 10)):
        screen = _screen(reg, tmp_path, qtbot)
        _pick(screen, qtbot, q)
        qtbot.keyClick(screen.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 延期验收(&L)…
        qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
        dialog = screen.dialog
        assert dialog.windowTitle() == "登记延期验收"
        qtbot.keyClicks(dialog.date_field, "2025-06-30")
        type_text(qtbot, "同意", dialog.decision_field)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "没有写明是谁的决定" in dialog.error.text()
        assert dialog.focusWidget() is dialog.decision_field
        _retype(qtbot, dialog.decision_field, DECISION)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible() and postponement_of(reg, q).decision == DECISION
        # 登记结题验收's 逾期结题同意理由 is asked who decided too
        _pick(screen, qtbot, other)
        qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
        accept = screen.dialog
        _retype(qtbot, accept.date_field, "2025-01-08")
        type_text(qtbot, "同意", accept.late_field)
        assert "没有写明是谁的决定" in accept.check()
        _retype(qtbot, accept.late_field, "主任办公会2025年1月6日研究同意：疫情停工")
        assert accept.check() == ""
        accept.reject()
        # another session records the acceptance on the postponement's decision: Ctrl+Z
        # here would take the decision from under it
        record_acceptance(reg, q, date(2025, 1, 8))
        screen.ctx.undo_stack.undo()
        assert postponement_of(reg, q).until == date(2025, 6, 30)
        [(title, text)] = answers.errors
        assert "登记延期验收" in title and "“撤销结题验收…”" in text
        assert lines_of(reg, PROJECT, q)


def test_postponed_projects_have_their_own_note_not_counted_overdue_in_red(reg, tmp_path,
                                                                         qtbot):
    from boostdesk.ui.style import ERROR_COLOUR

    q = paid_first(reg)
    paid_first(reg, title="高炉煤气余压发电优化")
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    with clock.fixed_day(date(2025, 1, 10)):
        screen = _screen(reg, tmp_path, qtbot)
    assert screen.flags.accessibleName() == "逾期未验收 1 项"
    assert "高炉煤气余压发电优化" in screen.flags.text() and TITLE not in screen.flags.text()
    note = screen.postponed_flags
    assert note.isVisibleTo(screen) and note.accessibleName() == "延期验收 1 项"
    assert "延期验收至 2025年6月30日" in note.text() and "高炉煤气余压发电优化" not in note.text()
    assert ERROR_COLOUR not in note.styleSheet()
    screen.search.box.setText("高炉")  # the notes follow the search
    qtbot.waitUntil(lambda: not note.isVisibleTo(screen))
    assert screen.flags.isVisibleTo(screen)
