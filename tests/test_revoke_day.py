"""撤销助推's decision day: not still to come, not before the award's 核准日期 and, its
money paid, not before the last transfer — a paid project's 2023 transfers revoked
"2022-01-01" put 已汇出 ¥18,000.00 in a 2022 nothing was sent, and the 追回清单 printed the
decision beside a later 原拨付. Refused in the domain, so the command and the window alike,
naming the earliest day allowed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from test_finance import add_patent, add_project, lines_of
from test_ui_recovery import _choose, _status_dialog
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import recovery_of, revoke_paid_award
from boostdesk.models import clock
from boostdesk.models.records import PATENT, PROJECT

__all__ = ["answers", "ctx", "qsettings", "window"]


def _paid_patent(reg) -> int:
    p = add_patent(reg)  # 核准 2022-12-15
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PATENT, p)], date(2023, 2, 20), "记-1")
    return p


def test_a_paid_award_is_not_revoked_before_its_last_transfer(reg):
    p = _paid_patent(reg)
    with pytest.raises(FinanceError) as refused:
        revoke_paid_award(reg, PATENT, p, date(2022, 1, 1), "专利权被宣告无效")
    said = str(refused.value)
    assert "早于" in said and "核准日期 2022-12-15" in said
    assert "最后一笔拨付的日期 2023-02-20" in said and "最早为 2023-02-20" in said
    with pytest.raises(FinanceError, match="最早为 2023-02-20"):
        revoke_paid_award(reg, PATENT, p, date(2023, 2, 19), "专利权被宣告无效")
    assert recovery_of(reg, PATENT, p) is None and reg.patent(p).status == "paid"
    assert revoke_paid_award(reg, PATENT, p, date(2023, 2, 20), "专利权被宣告无效").parts


def test_an_unpaid_award_is_not_revoked_before_its_approval_nor_in_the_future(reg):
    q = add_project(reg)  # 核准 2022-12-28, nothing paid
    sync_plan(reg, 2022)
    with pytest.raises(FinanceError, match="核准日期 2022-12-28.*最早为 2022-12-28"):
        revoke_paid_award(reg, PROJECT, q, date(2021, 5, 1), "复核认定异议成立")
    with pytest.raises(FinanceError, match="在今天之后"):
        revoke_paid_award(reg, PROJECT, q, date.today() + timedelta(days=1), "复核认定异议成立")
    assert recovery_of(reg, PROJECT, q) is None


def test_the_command_line_refuses_a_revocation_before_the_money_left(reg, capsys):
    p = _paid_patent(reg)
    path = str(reg.path)
    reg.close()
    assert main(["--db", path, "pay", "revoke", str(p), "--stream", "patent",
                 "--date", "2022-01-01", "--reason", "专利权被宣告无效"]) == 1
    assert "撤销决定日期最早为 2023-02-20" in capsys.readouterr().err


def test_the_window_refuses_the_day_in_place(window, qtbot, reg, answers):
    p = _paid_patent(reg)
    dialog = _status_dialog(qtbot, window, p)
    _choose(qtbot, dialog, "撤销助推（已拨付，应追回）…")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    sub = dialog.recovery
    qtbot.waitUntil(sub.isVisible)
    type_text(qtbot, "专利权被宣告无效", sub.reason)
    sub.day.clear()
    sub.day.setFocus()
    type_text(qtbot, "2022-01-01", sub.day)
    qtbot.mouseClick(sub.ok, Qt.MouseButton.LeftButton)
    assert sub.isVisible() and "最早为 2023-02-20" in sub.error.text(), sub.error.text()
    assert reg.patent(p).status == "paid" and not answers.questions
    sub.day.clear()
    type_text(qtbot, (clock.today() + timedelta(days=3)).isoformat(), sub.day)
    qtbot.mouseClick(sub.ok, Qt.MouseButton.LeftButton)
    assert sub.isVisible() and "在今天之后" in sub.error.text(), sub.error.text()
    assert reg.patent(p).status == "paid"
