"""Publicity's holds and ways back, as finance and the clerk meet them: an award held by an
objection falls due from the day the hold was lifted; an objection upheld against the wrong
project is taken back while nothing has moved on from it."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.finance import payment_lines, sync_plan
from boostdesk.models.records import PROJECT
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.tiers import adopt
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

OVERDUE, DUE = "已逾期", "待拨付"


@pytest.fixture
def published(reg):
    """Two proposals in publicity 2022-12-20 … 12-26, not closed yet."""
    ids = {"a": make_project(reg, "市级甲项目", "工作室甲", CITY),
           "c": make_project(reg, "区级丙项目", "工作室丙", DISTRICT)}
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["a"]: 90, ids["c"]: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def _first(reg, project_id):
    sync_plan(reg, YEAR)
    return [x for x in payment_lines(reg, YEAR, stream=PROJECT)
            if x.app_id == project_id and x.tranche == 1]


def test_an_award_held_at_the_close_falls_due_from_the_dismissal_not_the_publicity_end(
        reg, published):
    """Held at the close by an open objection, dismissed months later: its first tranche
    read 已逾期 on the day it became payable (due 3 months after the publicity end)."""
    oid = record_objection(reg, published["a"], date(2022, 12, 22), "某职工", "数据不实")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 4, 10))
    assert reg.project(published["a"]).status == "approved"
    held = _first(reg, published["a"])
    assert {x.due_date for x in held} == {date(2023, 7, 10)}  # 3 months from the dismissal
    assert {x.state(date(2023, 4, 10)) for x in held} == {DUE}
    assert {x.state(date(2023, 7, 11)) for x in held} == {OVERDUE}
    # the award the close approved keeps its term from the publicity end
    assert {x.due_date for x in _first(reg, published["c"])} == {date(2023, 3, 26)}


def test_a_late_objection_dismissed_restarts_the_term_from_the_dismissal(reg, published):
    """Entered after the close and dismissed: the award was held meanwhile, so its term
    counts from the day the hold was lifted."""
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 3, 26)}
    oid = record_objection(reg, published["a"], date(2022, 12, 26), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 3, 20))
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 6, 20)}
    assert {x.due_date for x in _first(reg, published["c"])} == {date(2023, 3, 26)}


def test_an_objection_dismissed_within_the_period_leaves_the_term_as_the_plan_sets_it(
        reg, published):
    oid = record_objection(reg, published["a"], date(2022, 12, 21), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 23))
    close_publicity(reg, YEAR, date(2022, 12, 30))
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 3, 26)}


def test_the_approval_sheet_of_an_award_held_at_the_close_gives_finances_due_date(
        reg, published):
    """The sheet said 首笔 2023年3月26日前 while finance counted from the dismissal."""
    from boostdesk.printing.approval import load_sheets

    oid = record_objection(reg, published["a"], date(2022, 12, 22), "某职工", "数据不实")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 4, 10))
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    assert sheet.first_due == date(2023, 7, 10) == _first(reg, published["a"])[0].due_date
    [sheet] = load_sheets(reg, YEAR, ["区级丙项目"])
    assert sheet.first_due == date(2023, 3, 26)
