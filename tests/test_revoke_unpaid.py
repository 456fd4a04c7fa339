"""撤销助推（未拨付）: a published project approved at the close, its 异议不成立 proved wrong
afterwards (the finding can no longer be corrected), and nothing paid yet. The office's
decision revokes it as 撤销助推 does a paid one: the unpaid lines deleted (audited), the
paper no award, its place freed and named, `check` finding nothing amiss, and undone."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_finance import lines_of
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import recovery_of, revoke_paid_award, undo_revocation
from boostdesk.models.audit_rows import mismatches
from boostdesk.models.records import PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import (
    close_publicity,
    correct_resolution,
    record_objection,
    resolve_objection,
)
from boostdesk.statistics import year_statistics
from tests.test_panel_support import YEAR, one_place_two_publicized

__all__ = ["answers", "ctx", "qsettings", "window"]


@pytest.fixture
def approved(reg):
    """甲 approved at the close (its objection found groundless), 乙 next in line for its
    one place; 甲's payment lines planned, none paid. (甲, 乙, the objection)"""
    a, b = one_place_two_publicized(reg)
    oid = record_objection(reg, a, date(2022, 12, 21), "张某", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 22))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    assert reg.project(a).status == "approved" and lines_of(reg, PROJECT, a)
    return a, b, oid


def test_an_unpaid_award_is_revoked_its_lines_deleted_and_undone(reg, approved):
    a, _b, oid = approved
    with pytest.raises(PanelError) as refused:
        correct_resolution(reg, oid, "复核发现投入数据不实", date(2023, 1, 5))
    assert "撤销助推（未拨付）" in str(refused.value)
    reg.operator = "张主任"
    rec = revoke_paid_award(reg, PROJECT, a, date(2023, 1, 6), "复核认定异议成立", "第3号会议纪要")
    assert rec.unpaid and rec.parts == () and "款项均未拨付，无需追回" in rec.summary
    app = reg.project(a)
    assert app.status == "revoked"
    assert app.status_reason == "撤销助推：复核认定异议成立（第3号会议纪要）"
    assert reg.status_history(PROJECT, a)[-1]["operator"] == "张主任"
    assert lines_of(reg, PROJECT, a) == []
    sync_plan(reg, YEAR)  # the plan plans nothing again for it
    assert lines_of(reg, PROJECT, a) == []
    [line] = [e for e in reg.audit_trail("project_applications", a)
              if e["action"] == "revoke_award"]
    assert line["after"]["money"] == "均未拨付，无需追回" and "to_recover" not in line["after"]
    assert line["after"]["deleted_unpaid"] >= 1
    total = year_statistics(reg, YEAR).totals[PROJECT]
    assert total.revoked == 0  # 撤销助推（已拨付，项） counts money to recover only
    assert (total.approved, total.award_fen, sum(total.owed_fen)) == (0, 0, 0)
    assert mismatches(reg.conn) == []  # `check`'s row cross-checks: no false alarm
    assert undo_revocation(reg, PROJECT, a, "登记错了") == "核准"
    sync_plan(reg, YEAR)
    assert lines_of(reg, PROJECT, a) and recovery_of(reg, PROJECT, a) is None
    assert mismatches(reg.conn) == []


def _cli(reg, *args: str) -> int:
    from boostdesk.cli import main

    return main([*args, "--db", str(reg.path)])


def test_the_command_line_points_to_and_makes_the_revocation(reg, approved, capsys):
    a, _b, oid = approved
    reg.close()
    assert _cli(reg, "publicity", "resolve", str(oid), "--correct-to", "upheld",
                "--reason", "复核发现投入数据不实", "--year", str(YEAR)) != 0
    err = capsys.readouterr().err
    assert "“撤销助推（未拨付）”" in err
    assert f"boostdesk --db {reg.path} pay revoke 项目{a} --date 决定日期 --reason 理由" in err, err
    assert _cli(reg, "pay", "revoke", f"项目{a}", "--date", "2023-01-06",
                "--reason", "复核认定异议成立") == 0
    out = capsys.readouterr().out
    assert "款项均未拨付，无需追回" in out and "未拨付的款项已删除" in out
    assert "名额空出" in out and "乙" in out, out  # the place freed, named for a decision
    assert _cli(reg, "check") == 0, capsys.readouterr()


# -- the window: 改变状态 (Ctrl+M), by keyboard ---------------------------------------------
def test_change_status_offers_it_by_keyboard_and_ctrl_z_undoes_it(reg, approved, window,
                                                                   answers, qtbot):
    a, _b, _oid = approved
    screen = window.show_screen(1)  # 创新项目
    screen.reload()
    assert screen.select_id(a)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier, widget=screen.table)
    dialog = screen.current_form
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    labels = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    assert "撤销助推（未拨付）…" in labels and "撤销助推（已拨付，应追回）…" not in labels, labels
    while dialog.choices.currentItem().text() != "撤销助推（未拨付）…":
        press(qtbot, Qt.Key.Key_Down)
    assert "无需追回" in dialog.against.text()
    press(qtbot, Qt.Key.Key_Return)  # 确定: its own dialog
    qtbot.waitUntil(lambda: getattr(dialog, "recovery", None) is not None)
    sub = dialog.recovery
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sub)
    assert sub.day.text()  # the decision's day: today to start with
    press(qtbot, Qt.Key.Key_Return)  # no reason: asked for, in place
    assert sub.isVisible() and "请填写撤销助推的理由" in sub.error.text()
    type_text(qtbot, "复核认定异议成立", sub.reason)
    press(qtbot, Qt.Key.Key_Return)
    assert closed(sub) and closed(dialog), (answers.errors, sub.error.text())
    assert any("款项均未拨付，无需追回" in q for q in answers.questions), answers.questions
    assert reg.project(a).status == "revoked"
    assert lines_of(reg, PROJECT, a) == []
    assert any("名额空出" in text and "乙" in text for _t, text in answers.infos), answers.infos
    # the detail pane says the decision, with nothing to recover (no 应追回 table)
    qtbot.waitUntil(lambda: "款项均未拨付，无需追回" in screen.detail.toPlainText())
    assert "应追回" not in screen.detail.toPlainText()
    # undoable as a status move is: Ctrl+Z puts the award back, its lines planned again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: reg.project(a).status == "approved")
    assert lines_of(reg, PROJECT, a)


def test_an_award_whose_every_transfer_came_back_is_revoked_unpaid(reg):
    """The late objection's refusal sends the office there: nothing stands paid, so nothing
    is to recover; its lines (the returned ones too) go, and `check` stays quiet."""
    from test_award_holds import _approved
    from test_returned_transfer_corrections import _ids

    from boostdesk.finance.acceptance import record_acceptance
    from boostdesk.finance.paying import mark_all_paid
    from boostdesk.finance.returns import return_payments
    from boostdesk.panel.publicity import late_objection_refusal

    a, _b, _experts = _approved(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, a, 1), date(2023, 1, 10), "记-3")
    record_acceptance(reg, a, date(2023, 6, 1))
    return_payments(reg, _ids(reg, a, 1), date(2023, 6, 20), "收款单位账户变更")
    assert "“撤销助推（未拨付）”" in late_objection_refusal(reg, a)
    rec = revoke_paid_award(reg, PROJECT, a, date(2023, 7, 1), "核查属实")
    assert rec.unpaid and rec.from_status == "accepted"
    assert reg.project(a).status == "revoked" and lines_of(reg, PROJECT, a) == []
    assert mismatches(reg.conn) == []


def _quota(reg, n: int) -> None:
    from dataclasses import replace

    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=n) if t.amount_fen == 3_000_000 else t for t in c.tiers)))


def test_the_place_freed_names_an_adopted_project_moving_up_into_it(reg, approved, capsys):
    """乙 adopted in a later list while the 3万元 place was 甲's (the quota raised, then cut
    back): 拟助推 but left out by the ranking. Revoking 甲's unpaid award frees the place
    乙 moves up into — named, as already in an adopted list, not to be adopted again."""
    from boostdesk.panel.adopt_proposal import adopt

    a, b, _oid = approved
    _quota(reg, 2)
    adopt(reg, YEAR)
    assert reg.project(b).status == "proposed"
    _quota(reg, 1)
    reg.close()
    assert _cli(reg, "pay", "revoke", f"项目{a}", "--date", "2023-01-06",
                "--reason", "复核认定异议成立") == 0
    out = capsys.readouterr().out
    assert "名额空出，按排名可递补：“区级乙项目”（3万元，已在采纳名单中，待公示）" in out, out


def test_the_window_names_the_adopted_project_moving_up(reg, approved, window, answers,
                                                         qtbot):
    from boostdesk.panel.adopt_proposal import adopt

    a, b, _oid = approved
    _quota(reg, 2)
    adopt(reg, YEAR)
    _quota(reg, 1)
    screen = window.show_screen(1)  # 创新项目
    screen.reload()
    assert screen.select_id(a)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier, widget=screen.table)
    dialog = screen.current_form
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    while dialog.choices.currentItem().text() != "撤销助推（未拨付）…":
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(dialog, "recovery", None) is not None)
    sub = dialog.recovery
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sub)
    type_text(qtbot, "复核认定异议成立", sub.reason)
    press(qtbot, Qt.Key.Key_Return)
    assert closed(sub) and closed(dialog), (answers.errors, sub.error.text())
    assert reg.project(a).status == "revoked"
    assert any("“区级乙项目”（3万元，已在采纳名单中，待公示）" in text
               for _t, text in answers.infos), answers.infos
