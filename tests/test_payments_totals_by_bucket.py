"""拨付's totals line, summed per keystroke from each line's bucket and amount taken once per
load: the same text as the lines sorted into lists on every keystroke, for every state."""

from __future__ import annotations

import dataclasses
import html
from datetime import date, timedelta

import pytest
from test_finance_screen import ctx, screen  # noqa: F401 - the fixtures

from boostdesk.finance.lines import (
    ACCEPTANCE_FAILED,
    AWAITING_ACCEPTANCE,
    DUE,
    HELD,
    HELD_WHY,
    OVERDUE,
    RETURNED,
    PaymentLine,
    total,
)
from boostdesk.money import format_money
from boostdesk.ui.style import ERROR_COLOUR, WARNING_COLOUR
from boostdesk.ui.theme import themed


def listed_summary(shown: list[PaymentLine], today: date) -> str:
    """The totals line as it was written before the buckets: lists of lines each time."""
    states = {x.id: x.state(today) for x in shown}
    due = [x for x in shown if states[x.id] in (DUE, OVERDUE, RETURNED)]
    overdue = [x for x in due if x.overdue(today)]
    overdue_returned = sum(states[x.id] == RETURNED for x in overdue)
    waiting = [x for x in shown if states[x.id] == AWAITING_ACCEPTANCE]
    paid = [x for x in shown if x.paid]
    withheld = [x for x in shown if states[x.id] == ACCEPTANCE_FAILED]
    held = [x for x in shown if states[x.id] == HELD]
    returned = [x for x in due if states[x.id] == RETURNED]
    overdue_text = f"已逾期 <b>{len(overdue)}</b> 笔 {format_money(total(overdue))}"
    if returned and overdue_returned == len(returned):  # every one overdue: said once
        overdue_text += f"，含{RETURNED} {len(returned)} 笔 {format_money(total(returned))}"
        returned = []
    elif overdue_returned:
        overdue_text += f"，含{RETURNED} {overdue_returned} 笔"
    parts = [f"<span style='color:{themed(ERROR_COLOUR)}'>{overdue_text}</span>"]
    if returned:
        parts.append(f"<span style='color:{themed(WARNING_COLOUR)}'>{RETURNED} {len(returned)} 笔 "
                     f"{format_money(total(returned))}</span>")
    text = (f"待拨付 <b>{len(due)}</b> 笔 {format_money(total(due))}（其中{'；'.join(parts)}）；"
            f"<span style='color:{themed(WARNING_COLOUR)}'>待验收 {len(waiting)} 笔 "
            f"{format_money(total(waiting))}</span>；"
            f"已拨付 {len(paid)} 笔 {format_money(total(paid))}")
    if withheld:
        text += f"；验收未通过不予拨付 {len(withheld)} 笔 {format_money(total(withheld))}"
    if held:
        why = "；".join(([HELD_WHY] if any(not x.hold for x in held) else [])
                       + list(dict.fromkeys(x.hold for x in held if x.hold)))
        text += (f"；另<span style='color:{themed(WARNING_COLOUR)}'>{HELD} {len(held)} 笔 "
                 f"{format_money(fen := total(held))}（未计入待拨付：{html.escape(why)}）</span>")
        assert fen >= 0
    return text


def every_state(lines: list[PaymentLine], today: date) -> list[PaymentLine]:
    """The sample's lines made to hold every state: returned (past its term and not), held
    (an objection, two changed awards), withheld, awaiting, due, overdue, paid."""
    past, ahead = today - timedelta(days=400), today + timedelta(days=30)
    made = []
    for k, x in enumerate(lines):
        kind = k  # the sample's others as they are (paid among them)
        if kind == 0:
            x = dataclasses.replace(x, paid_date=None, released=True, due_date=past, tranche=1,
                                    returned_date=past, returned_reason="退汇：户名不符")
        elif kind == 1:
            x = dataclasses.replace(x, paid_date=None, released=True, due_date=ahead,
                                    returned_date=past, returned_reason="退汇：已销户")
        elif kind == 2:
            x = dataclasses.replace(x, paid_date=None, objections_open=1)
        elif kind == 3:
            x = dataclasses.replace(x, paid_date=None, hold=f"排名已变化（{k}）")
        elif kind == 4:
            x = dataclasses.replace(x, paid_date=None, released=False,
                                    app_status="acceptance_failed")
        elif kind == 5:
            x = dataclasses.replace(x, paid_date=None, released=True, due_date=ahead, tranche=1)
        elif kind == 6:
            x = dataclasses.replace(x, paid_date=None, released=True, due_date=past, tranche=1)
        elif kind == 7:
            x = dataclasses.replace(x, paid_date=None, released=False, app_status="paid_first")
        elif kind in (8, 9):
            x = dataclasses.replace(x, paid_date=past)
        made.append(x)
    return made


@pytest.mark.parametrize("search", ["", "工", "北京", "专利", "项目", "zzz"])
def test_the_totals_line_reads_as_the_lines_sorted_into_lists(screen, search):  # noqa: F811
    screen.lines = every_state(screen.lines, screen.today)
    assert len({x.state(screen.today) for x in screen.lines}) == 7  # every state there
    screen._prepare()
    screen._show()
    screen.search.box.setText(search)
    screen.search.flush()
    shown = ([screen.by_id[r.id] for r in screen.model.rows] if search else screen.shown)
    assert screen.summary.text() == listed_summary(shown, screen.today)
    if search == "":
        assert "退汇待重拨" in screen.summary.text() and HELD in screen.summary.text()


def test_a_keystroke_sums_the_buckets_without_asking_each_line_its_state(screen, monkeypatch):  # noqa: F811
    before = screen.summary.text()
    asked = []
    for name in ("state", "overdue"):
        real = getattr(PaymentLine, name)
        monkeypatch.setattr(PaymentLine, name,
                            lambda self, *a, real=real, name=name: asked.append(name)
                            or real(self, *a))
    screen.search.box.setText("工")
    screen.search.flush()
    screen.search.box.setText("")
    screen.search.flush()
    assert screen.summary.text() == before
    assert asked == []  # each line's bucket was taken when the screen loaded

