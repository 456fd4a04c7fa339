"""The window left open overnight: a screen whose rows depend on the day follows the clock
past midnight (the office leaves BoostDesk open from one day to the next)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_ui_support import year_context

import boostdesk.models.clock as computer_clock
import boostdesk.ui.day_watch as day_watch
from boostdesk.finance.lines import DUE, OVERDUE
from boostdesk.finance.read_lines import payment_lines
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.payments_screen import PaymentsScreen


class _Clock(date):
    """This computer's calendar, moved by the test."""

    day = date(2000, 1, 1)

    @classmethod
    def today(cls):
        return cls.day


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(computer_clock, "date", _Clock)  # what every screen's today reads
    monkeypatch.setattr(day_watch, "CHECK_MS", 20)
    return _Clock


def test_a_line_due_today_shows_overdue_after_midnight_without_a_reload(reg, tmp_path, qtbot,
                                                                          clock, monkeypatch):
    fill_sample(reg)
    line = next(x for x in payment_lines(reg, YEAR)
                if not x.paid and x.released and x.tranche == 1 and x.due_date and not x.held
                and not x.returned_date)
    monkeypatch.setattr(clock, "day", line.due_date)  # the last day of its term
    screen = PaymentsScreen(year_context(reg, tmp_path, YEAR, "赵丽娟"))
    qtbot.addWidget(screen)
    screen.resize(1200, 600)
    screen.show()
    screen.state.setCurrentText(OVERDUE)
    assert screen.model.row_of(line.id) is None
    screen.state.setCurrentText(DUE)
    assert screen.model.text(screen.model.row_of(line.id), 0) == DUE
    overdue_before = screen.summary.text()

    monkeypatch.setattr(clock, "day", line.due_date + timedelta(days=1))  # past midnight
    qtbot.waitUntil(lambda: screen.model.row_of(line.id) is None, timeout=2000)
    screen.state.setCurrentText(OVERDUE)
    assert screen.model.text(screen.model.row_of(line.id), 0) == OVERDUE
    assert screen.summary.text() != overdue_before


def test_a_screen_behind_another_catches_up_when_shown(reg, tmp_path, qtbot, clock, monkeypatch):
    fill_sample(reg)
    line = next(x for x in payment_lines(reg, YEAR)
                if not x.paid and x.released and x.tranche == 1 and x.due_date and not x.held
                and not x.returned_date)
    monkeypatch.setattr(clock, "day", line.due_date)
    screen = PaymentsScreen(year_context(reg, tmp_path, YEAR, "赵丽娟"))
    qtbot.addWidget(screen)
    screen.show()
    screen.hide()
    monkeypatch.setattr(clock, "day", line.due_date + timedelta(days=3))  # over the weekend
    qtbot.wait(100)
    assert screen.today == line.due_date  # out of view: nothing done meanwhile
    screen.show()
    qtbot.waitUntil(lambda: screen.today == line.due_date + timedelta(days=3), timeout=2000)
    assert screen.model.text(screen.model.row_of(line.id), 0) == OVERDUE
