"""The demo set on one day (2023-03-10), whatever day it is built: built on a later day it
paid transfers into 2024 and accepted projects in 2023-04 and 2024, the screens of its day
showing 项目4 结题验收 and paid before it was. And its season's adoptions told apart by
their days: 待办, the 评审汇总表, 排名与档次's 理由 and 评分录入 say which list is which."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.demo import DEMO_DAY, fill_demo
from boostdesk.models import clock
from boostdesk.panel.publicity import Objection

DAY = date(2023, 3, 10)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from boostdesk.models import Register

    reg = Register.open(tmp_path_factory.mktemp("demo") / "demo.db", "测试")
    with clock.fixed_day(date(2026, 12, 6)):  # built long after its season
        fill_demo(reg)
    yield reg
    reg.close()


def test_nothing_the_demo_records_falls_after_its_day(demo):
    from boostdesk.ui.screenshots import DEMO_DAY as PICTURED

    assert DEMO_DAY == PICTURED == DAY
    assert demo.scalar("SELECT MAX(paid_date) FROM payments") <= DAY.isoformat()
    assert demo.scalar("SELECT MAX(accepted_date) FROM project_applications") <= DAY.isoformat()
    assert demo.scalar("SELECT MAX(at) FROM status_history") < "2023-03-11"
    # 2022's awarded projects: none accepted yet, their first tranches partly paid
    statuses = {a.status for a in demo.projects(2022) if a.award_fen}
    assert "accepted" not in statuses and "paid_final" not in statuses
    assert "paid_first" in statuses


def test_todo_says_the_day_the_list_was_adopted(demo):
    from boostdesk.todo import todo_list

    [item] = todo_list(demo, DAY).group("adopted_unpublished").items
    assert item.todo == "名单已于 2023-01-11 采纳，尚未公示" and item.day == date(2023, 1, 11)


def test_each_adoption_written_on_its_day(demo):
    days = dict(demo.conn.execute(
        "SELECT adopted_on, MIN(adopted_at) FROM proposals GROUP BY adopted_on").fetchall())
    assert days == {"2022-12-08": "2022-12-08T10:00:00", "2022-12-19": "2022-12-19T10:00:00",
                    "2023-01-11": "2023-01-11T10:00:00"}


def test_the_summary_names_each_list_s_adoption_day(demo):
    from boostdesk.panel.score_summary import panel_summary

    # the demo's projects scored or qualified since the last adoption: a 过程稿, said first
    assert panel_summary(demo, 2022).stage == (
        "本表为过程稿：9 个项目尚未采纳，其档次为目前的排名（备注“未采纳（过程稿）”）；"
        "第1批名单采纳于 2022-12-08，公示 2022-12-12 至 2022-12-18，2022-12-20 结束公示；"
        "第2批名单采纳于 2022-12-19，公示 2022-12-26 至 2023-01-01，公示中；"
        "拟助推名单采纳于 2023-01-11，尚未公示")


def test_a_published_rank_says_its_batch(demo):
    from boostdesk.panel.ranking import rank

    rows = rank(demo, 2022).rows
    said = [r.reason.split("；")[0] for r in rows if r.reason and "第 " in r.reason[:16]]
    assert "第1批 市级第 2 名（已公示）" in said and "第2批 区/局/集团级第 6 名（已公示）" in said
    assert len(said) == len(set(said))  # no two rows claim the same place


def test_chen_s_left_out_projects_are_not_said_published(demo):
    from boostdesk.panel.experts import experts
    from boostdesk.panel.package_closed import closed_for_expert

    chen = next(e for e in experts(demo, 2022) if e.name == "陈志远")
    lines = closed_for_expert(demo, 2022, chen.id or 0)
    published = [line for line in lines if "已列入第" in line]
    assert published and not any("未获助推" in line for line in published)
    assert any("未公示的" in line and "“未获助推”2 项" in line for line in lines)


def test_an_objection_s_outcome_is_said_once():
    o = Objection(1, 1, DAY, "", "", "dismissed", "经核查，平台为自主开发；异议不成立", DAY)
    assert o.outcome == "异议不成立：经核查，平台为自主开发"
    assert Objection(1, 1, DAY, "", "", "dismissed", "异议不成立。", DAY).outcome == "异议不成立"
    assert Objection(1, 1, DAY, "", "", "upheld", "属实", DAY).outcome == "异议成立：属实"
