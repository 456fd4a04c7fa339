"""A keep-tier decision leaves its tier's freed places open (the tester's 2022 stream: 韩冰's
10万 upheld, 郭敏 next in line kept at its published 5万 "空出的10万元名额本年度不再递补" — and
the close and ``rank`` then asked whether to raise 微小型无人机…, the next in line, while
saying 郭敏's place was left empty). The office decided: the places of the tier freed until
the decision stay open; a project the ranking would raise into them is said under that
decision; a place freed after it asks anew."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.freed_places import freed_place_notice, open_place_lines, waiting
from boostdesk.panel.publicity import record_objection, resolve_objection, start_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

TIE = "经主任办公会研究，按申报登记编号确定"
KEEP = "主任办公会研究：按公示的5万元档核准，空出的10万元名额本年度不再递补"


@pytest.fixture
def ids(reg) -> dict[str, int]:
    """Two 10万 and two 5万 city places, published: 吴强 90 and 王芳 83 at 10万; 郭敏 83
    (tied with 王芳, parted by the number) and 刘洋 80 at 5万."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=2) if t.amount_fen in (10 * WAN, 5 * WAN) else t for t in c.tiers)))
    out = {"wu": make_project(reg, "吴强团队智能检测装置研制", "吴强汽修创新工作室", CITY),
           "wang": make_project(reg, "王芳团队自动化改造", "王芳数控技能工作室", CITY),
           "guo": make_project(reg, "郭敏团队安全防护装置研发", "郭敏信息服务工作室", CITY),
           "liu": make_project(reg, "微小型无人机结构件轻量化设计", "刘洋软件创新工作室", CITY)}
    to_review(reg, *out.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {out["wu"]: 90, out["wang"]: 83, out["guo"]: 83, out["liu"]: 80})
    adopt(reg, YEAR, tie_reason=TIE)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return out


def uphold(reg, project_id: int, day: date) -> None:
    oid = record_objection(reg, project_id, day, "某某", "属重复申报")
    resolve_objection(reg, oid, upheld=True, note="属实", on=day)


def test_the_next_in_line_is_not_asked_about_once_the_place_is_left_open(reg, ids):
    uphold(reg, ids["wu"], date(2022, 12, 22))
    assert set(rank(reg, YEAR).raised_amounts) == {ids["guo"]}
    keep_published_tier(reg, ids["guo"], KEEP)
    ranking = rank(reg, YEAR)
    assert ranking.raised_amounts == {} and ranking.raised == []
    assert "请报请研究" not in ranking.row(ids["liu"]).full_reason
    [ten] = [x for x in open_place_lines(reg.campaign(YEAR), ranking) if x.startswith("10万元档")]
    assert ten.startswith("10万元档名额 2 项，已有 1 项：已公示的“郭敏团队安全防护装置研发”"
                          "（公示为5万元档）不调高，名额留空：经研究维持公示档次（")
    assert "微小型" not in ten and "待研究决定" not in ten


def test_a_published_reason_says_the_tier_was_full_when_adopted_not_now(reg, ids):
    full = "10万元档名额（2 项）已满"
    assert full in rank(reg, YEAR).row(ids["liu"]).reason
    uphold(reg, ids["wu"], date(2022, 12, 22))
    keep_published_tier(reg, ids["guo"], KEEP)
    reason = rank(reg, YEAR).row(ids["liu"]).reason  # 10万 at 1 of 2 now
    assert f"采纳时{full}" in reason and reason.count("已满") == 1


def test_places_freed_before_the_decision_are_all_left_open_by_it(reg, ids):
    uphold(reg, ids["wu"], date(2022, 12, 22))
    uphold(reg, ids["wang"], date(2022, 12, 23))
    assert set(rank(reg, YEAR).raised_amounts) == {ids["guo"], ids["liu"]}
    keep_published_tier(reg, ids["guo"], KEEP)
    ranking = rank(reg, YEAR)
    assert ranking.raised_amounts == {} and ranking.raised == []
    assert ranking.left_open == {ids["liu"]: (5 * WAN, 10 * WAN, ids["guo"])}
    note = ranking.row(ids["liu"]).full_reason
    assert ("按现有排名本项目可列入10万元档（公示为5万元档）：空出的10万元档名额经研究留空，不调高"
            "（“郭敏团队安全防护装置研发”经研究维持公示档次（") in note
    [ten] = [x for x in open_place_lines(reg.campaign(YEAR), ranking) if x.startswith("10万元档")]
    assert ten.startswith("10万元档名额 2 项，已有 0 项：已公示的“郭敏团队安全防护装置研发”")
    assert ("；已公示的“微小型无人机结构件轻量化设计”（公示为5万元档）不调高，名额留空："
            "同“郭敏团队安全防护装置研发”，经研究维持公示档次（") in ten
    assert "待研究决定" not in ten


def test_a_place_freed_after_the_decision_asks_anew(reg, ids):
    uphold(reg, ids["wu"], date(2022, 12, 22))
    keep_published_tier(reg, ids["guo"], KEEP)
    before = waiting(rank(reg, YEAR))
    uphold(reg, ids["wang"], date(2022, 12, 23))  # the ranking changed again
    ranking = rank(reg, YEAR)
    assert set(ranking.raised_amounts) == {ids["liu"]} and ranking.left_open == {}
    assert ids["guo"] in ranking.kept_published  # that decision stands
    notice = freed_place_notice(reg, YEAR, ids["wang"], before)
    assert "按排名应递补的是已公示的“微小型无人机结构件轻量化设计”（公示为5万元档" in notice
    [ten] = [x for x in open_place_lines(reg.campaign(YEAR), ranking) if x.startswith("10万元档")]
    assert "按排名已公示的“微小型无人机结构件轻量化设计”（公示为5万元档）是否调高，待研究决定" in ten
