"""待办 counted a project under an open objection after its publicity ended twice: its
money under 异议待处理 and again in 公示期满待结束's batch (the demo's 第2批: ¥110,000 with
项目15's ¥30,000 in it, beside 异议待处理's ¥30,000), so the groups' money added up to more
than is waiting. 结束公示 approves only the projects without an objection open or upheld
(公示无异议的项目可获得助推, 二（四）3): the batch's money is what it approves, the objected
project's is 异议待处理's alone — and once there, however many letters object to it."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.demo import fill_demo
from boostdesk.panel.publicity import close_publicity, record_objection
from boostdesk.todo import todo_list

DAY = date(2023, 3, 10)  # the demo's day: 第2批 (2022-12-26 至 2023-01-01) ended, not closed


@pytest.fixture
def demo(reg):
    fill_demo(reg)
    return reg


def _batch(reg) -> dict[int, tuple[int, str]]:
    """第2批's projects: their proposed award and status."""
    return {r["project_id"]: (r["amount_fen"], r["status"]) for r in reg.query(
        "SELECT pr.project_id, pr.amount_fen, a.status FROM proposals pr"
        " JOIN publicity_periods pp ON pp.id = pr.period_id"
        " JOIN project_applications a ON a.id = pr.project_id WHERE pp.closed_date IS NULL")}


def test_an_objected_projects_money_is_counted_under_the_objection_alone(demo):
    batch = _batch(demo)
    objected = {r["project_id"] for r in demo.query(
        "SELECT project_id FROM objections WHERE resolution IS NULL")}
    assert objected and objected <= set(batch)  # 项目15, in the ended batch
    todo = todo_list(demo, DAY)
    ended, objection = todo.group("publicity_ended"), todo.group("objection_open")
    assert ended is not None and objection is not None
    held = sum(batch[p][0] for p in objected)
    assert objection.amount_fen == held == 30_000_00
    assert ended.amount_fen == sum(a for a, _s in batch.values()) - held == 80_000_00
    assert "其中 1 个有异议待处理，另列" in ended.items[0].title
    # the batch's money is what 结束公示 approves: nothing the objection group holds
    close_publicity(demo, 2022, DAY)
    approved = {p: demo.project(p).award_fen for p in batch if demo.project(p).status == "approved"}
    assert set(approved).isdisjoint(objected)
    assert sum(approved.values()) == ended.amount_fen
    after = todo_list(demo, DAY)
    assert after.group("publicity_ended") is None
    assert after.group("objection_open").amount_fen == held  # still waiting, counted once


def test_a_project_two_letters_object_to_is_counted_once(demo):
    [project] = {r["project_id"] for r in demo.query(
        "SELECT project_id FROM objections WHERE resolution IS NULL")}
    record_objection(demo, project, date(2022, 12, 30), "另一来信人", "反映项目预算编制不实")
    g = todo_list(demo, DAY).group("objection_open")
    assert g.count == 2  # two letters to settle
    assert g.amount_fen == _batch(demo)[project][0] == 30_000_00
    assert [i.amount_fen for i in g.items] == [30_000_00, None]
