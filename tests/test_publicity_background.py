"""结束公示 and 排名复核 back the register up first: on a register of
``context.BACKGROUND_BYTES`` or more they run in the background behind a progress dialog,
whose 取消 during the backup stores nothing; a smaller register as before
(test_publicity_screen, test_panel_rerank)."""

from __future__ import annotations

from datetime import date

from test_backed_up_support import HeldBackup
from test_publicity_screen import _states, ids, screen

from boostdesk.panel.publicity import RERANK_SETTLED
from boostdesk.ui import dialogs
from tests.test_panel_rerank import _approved_then_stale, reviewing_first_row

__all__ = ["ids", "screen"]


def _started(screen):
    assert screen.start(date(2022, 12, 20))
    return screen


def test_closing_publicity_on_a_big_register_runs_in_the_background(ids, screen, reg, qtbot,
                                                                   monkeypatch):
    _started(screen)
    notices: list[str] = []
    screen.ctx.notice.connect(notices.append)
    held = HeldBackup(monkeypatch, screen.ctx)
    assert screen.close_period(date(2022, 12, 27))
    held.in_background(qtbot)
    assert reg.project(ids["a"]).status == "publicized"  # not yet
    held.finish(qtbot)
    assert reg.project(ids["a"]).status == reg.project(ids["c"]).status == "approved"
    assert _states(screen)["市级甲项目"] == "核准"  # the list read again
    assert "公示已结束：2 项核准助推" in notices


def test_cancel_pressed_while_closing_publicity_approves_nothing(ids, screen, reg, qtbot,
                                                                 monkeypatch):
    _started(screen)
    held = HeldBackup(monkeypatch, screen.ctx)
    screen.close_period(date(2022, 12, 27))
    held.in_background(qtbot)
    held.cancel(qtbot)
    assert reg.project(ids["a"]).status == "publicized"
    assert screen.close_button.isEnabled()  # still open
    assert "已取消" in screen.error.text()


REASON = "不计专家1的评分后乙项目在前，经研究撤销核准"


def test_a_review_revoking_an_award_runs_in_the_background(reg, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    a, _b = _approved_then_stale(reg)
    w = reviewing_first_row(reg, tmp_path, qtbot)
    notices: list[str] = []
    w.ctx.notice.connect(notices.append)
    held = HeldBackup(monkeypatch, w.ctx)
    assert w.review(a, True, REASON)
    held.in_background(qtbot)
    assert reg.project(a).status == "approved"  # not yet
    held.finish(qtbot)
    assert reg.project(a).status == "not_awarded"
    assert "已排名复核" in notices
    assert "名额空出，按排名可递补：“区级乙项目”（3万元）" in notices[-1]  # read after the worker's
    assert w.error.text() == ""


def test_cancel_pressed_during_a_reviews_backup_keeps_the_award(reg, tmp_path, qtbot,
                                                              monkeypatch):
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    a, _b = _approved_then_stale(reg)
    w = reviewing_first_row(reg, tmp_path, qtbot)
    held = HeldBackup(monkeypatch, w.ctx)
    w.review(a, True, REASON)
    held.in_background(qtbot)
    notices = held.cancel(qtbot)
    assert reg.project(a).status == "approved"
    assert not reg.query("SELECT id FROM audit_events WHERE action = ?", (RERANK_SETTLED,))
    assert not any("名额空出" in n for n in notices)
    assert "已取消" in w.error.text() and "未保存" in w.error.text()
