"""结束公示 backs the register up first: on a register of ``context.BACKGROUND_BYTES`` or more
it closes the period in the background behind a progress dialog, whose 取消 during the
backup closes nothing; a smaller register as before (test_publicity_screen)."""

from __future__ import annotations

from datetime import date

from test_backed_up_support import HeldBackup
from test_publicity_screen import _states, ids, screen

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
