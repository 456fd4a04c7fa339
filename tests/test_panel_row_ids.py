"""An expert, an assignment or an objection deleted leaves its id to its own history: the
audit trail files changes by table and id, and SQLite gives a deleted last row's id to the
next row, which then carried the deleted one's history (an expert's old scores on another
project, a withdrawn objection on the next objected project)."""

from __future__ import annotations

from datetime import date

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.experts import Expert, assign, remove_expert, save_expert, unassign
from boostdesk.panel.publicity import record_objection, start_publicity, withdraw_objection
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review


def test_a_removed_experts_id_is_not_given_again(reg):
    first = save_expert(reg, YEAR, Expert("王临时", "清华大学", "机械"))
    remove_expert(reg, first)
    assert save_expert(reg, YEAR, Expert("李新", "北京工业大学", "电气")) != first


def test_an_assignment_taken_back_leaves_its_id(reg):
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    b = make_project(reg, "市级乙项目", "工作室乙", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    first = assign(reg, e, a)
    unassign(reg, e, a)
    assert assign(reg, e, b) != first


def test_an_objection_entered_in_error_leaves_its_id(reg):
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    b = make_project(reg, "市级乙项目", "工作室乙", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    first = record_objection(reg, a, date(2022, 12, 21), "某职工", "录错了项目")
    withdraw_objection(reg, first, "误登记：应为另一项目")
    assert record_objection(reg, b, date(2022, 12, 22), "某职工", "数据不实") != first
