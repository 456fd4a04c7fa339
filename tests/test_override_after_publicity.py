"""A tier set by hand may not hand a freed place over the heads of higher scores (the
tester's 2023 season: 项目21's 8万 upheld, the place 不由排名在后的项目递补 while 项目7 (88,
published at 4万) awaits the office — yet `panel override 项目29 --tier 80000` (86, 7th)
was taken, and 项目22 (79.33, 11th, of the studio the objection found outside 二（一）)
overridden and adopted into it, the row of a project passed over reading 不做人工调整时本项目
列入8万元档)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import record_objection, resolve_objection, start_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.score_summary import panel_summary
from boostdesk.panel.tier_overrides import keep_published_tier, set_override
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

BARRED = "经核实，该工作室往年获助推项目尚未结题验收，不符合方案二（一），异议成立"


@pytest.fixture
def season(reg) -> dict[str, int]:
    """Two 10万 and two 5万 city places published (供热 90, 智能配电 88 at 10万; 高精度 86,
    医用 84 at 5万); 中间 82 and 装配式 80 left out, and 配电二期 78 of 智能配电's studio.
    An objection upheld against 智能配电: its studio outside 二（一）."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=2) if t.amount_fen in (10 * WAN, 5 * WAN) else t for t in c.tiers)))
    ids = {
        "heat": make_project(reg, "供热管网泄漏声学定位", "冯雪创新工作室", CITY),
        "grid": make_project(reg, "智能配电巡检机器人研发", "张建国创新工作室", CITY),
        "tool": make_project(reg, "高精度数控刀具寿命预测", "李秀兰劳模创新工作室", CITY),
        "tube": make_project(reg, "医用导管挤出工艺优化", "周敏创新工作室", CITY),
        "mid": make_project(reg, "中间项目", "赵中创新工作室", CITY),
        "grout": make_project(reg, "装配式建筑节点灌浆检测", "王志强创新工作室", CITY),
        "grid2": make_project(reg, "配电二期", "张建国创新工作室", CITY),
    }
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["heat"]: 90, ids["grid"]: 88, ids["tool"]: 86, ids["tube"]: 84,
                       ids["mid"]: 82, ids["grout"]: 80, ids["grid2"]: 78})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 11, 21))
    oid = record_objection(reg, ids["grid"], date(2022, 11, 23), "某职工", "往年助推未结题")
    resolve_objection(reg, oid, upheld=True, note=BARRED, on=date(2022, 11, 25))
    return ids


def test_an_override_into_the_freed_place_over_a_higher_score_is_refused(reg, season):
    with pytest.raises(PanelError) as info:
        set_override(reg, season["grout"], 10 * WAN, "空出的10万元档")
    said = str(info.value)
    assert said.startswith("不能将项目“装配式建筑节点灌浆检测”人工调整为10万元档：拟助推名单公示后")
    assert "“高精度数控刀具寿命预测”（86.00 分，5万元档）、“医用导管挤出工艺优化”（84.00 分，5万元档）、“中间项目”（82.00 分，未获助推）" in said
    assert not reg.query("SELECT * FROM tier_overrides")


def test_after_a_keep_tier_decision_the_place_stays_closed_to_overrides_too(reg, season):
    keep_published_tier(reg, season["tool"], "经研究维持公示档次")
    with pytest.raises(PanelError, match="高精度数控刀具寿命预测”（86.00 分，5万元档）"):
        set_override(reg, season["mid"], 10 * WAN, "空出的10万元档")


def test_the_studio_an_upheld_objection_barred_gets_no_award_by_hand(reg, season):
    with pytest.raises(PanelError) as info:
        set_override(reg, season["grid2"], 10 * WAN, "经研究")
    assert ("同一工作室的“智能配电巡检机器人研发”公示异议成立（" + BARRED + "），认定“张建国创新工作室”"
            "不符合方案二（一），本年度该工作室的项目均不能获助推") in str(info.value)
    set_override(reg, season["grid2"], None, "不予助推")  # no award: allowed


def test_a_standing_override_of_before_is_refused_at_adopt_and_named_on_the_summary(reg, season):
    """One recorded before this check (the tester's t22.db): adopting refuses it, and the
    rows read true — no 不做人工调整时本项目列入10万元档 on a project it never would get."""
    reg.conn.execute("INSERT INTO tier_overrides (project_id, amount_fen, reason, operator, at)"
                     " VALUES (?, ?, '测试', '测试员', '2022-11-26T10:00:00')",
                     (season["grout"], 10 * WAN))
    ranking = rank(reg, YEAR)
    assert not [n for r in ranking.rows for n in r.notes if "不做人工调整时" in n]
    assert ("注意：人工调整列入10万元档，得分（80.00）低于未列入该档的“高精度数控刀具寿命预测”"
            "（86.00 分，5万元档）、“医用导管挤出工艺优化”（84.00 分，5万元档）、“中间项目”（82.00 分，未获助推）") in ranking.row(season["grout"]).notes
    with pytest.raises(PanelError, match="请先取消该项目的人工调整"):
        adopt(reg, YEAR, over_request_reason="x")
    [row] = [r for r in panel_summary(reg, YEAR).rows if r.project_id == season["grout"]]
    assert any(n.startswith("注意：人工调整列入10万元档，得分（80.00）低于") for n in row.notes)


def test_before_publicity_an_override_stands_and_names_whom_it_passes(reg, capsys):
    a = make_project(reg, "甲项目", "甲创新工作室", CITY)
    b = make_project(reg, "乙项目", "乙创新工作室", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 10 * WAN else t for t in c.tiers)))
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["panel", "override", "乙项目", "--tier", "10万元", "--reason", "经研究",
                 "--db", db]) == 0
    out = capsys.readouterr().out
    assert "已将项目“乙项目”人工调整为10万元档" in out
    assert "注意：人工调整列入10万元档，得分（80.00）低于未列入该档的“甲项目”（90.00 分，5万元档）" in out


@pytest.mark.parametrize("given", ["10万元", "10万元档", "10万", "100000", "100,000"])
def test_override_takes_the_tier_by_its_name_or_amount(reg, capsys, given):
    """设置 names the tier 10万元: `--tier 10万元` is that tier, as 10万 and 100000 are."""
    a = make_project(reg, "甲项目", "甲创新工作室", CITY)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["panel", "override", "甲项目", "--tier", given, "--reason", "经研究",
                 "--db", db]) == 0
    assert "已将项目“甲项目”人工调整为10万元档" in capsys.readouterr().out


def test_override_refuses_a_tier_it_cannot_read_naming_the_years_tiers(reg, capsys):
    a = make_project(reg, "甲项目", "甲创新工作室", CITY)
    to_review(reg, a)
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["panel", "override", "甲项目", "--tier", "特等", "--reason", "x", "--db", db]) != 0
    err = capsys.readouterr().err
    assert "档次应为本年度的档次名称（10万元、5万元、3万元）或金额（元）" in err
