"""An adopted list not yet published whose project the ranking now leaves out (a project
not adopted ranked ahead of it: its scores handed in since): the row says so with a 注意,
as ``publicity start`` refuses the list, and the close's open places name the list holding
the tier's places rather than offering them as free."""

from __future__ import annotations

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.freed_places import open_place_lines
from boostdesk.panel.ranking import rank
from tests.test_panel_support import (
    DISTRICT,
    YEAR,
    make_project,
    score_all,
    to_review,
    two_for_one_place,
)


def test_an_adopted_project_the_ranking_leaves_out_is_said_and_named_by_the_places(reg):
    a, b, [e] = two_for_one_place(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    assert reg.project(a).status == "proposed"
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, c)
    score_all(reg, e, {c: 95})
    ranking = rank(reg, YEAR)
    assert ranking.row(c).amount_fen == 3_000_000 and ranking.row(a).amount_fen is None
    assert ("注意：已采纳为拟助推（3万元档），按现有排名为未获助推：拟助推名单与现在的排名不一致"
            in ranking.row(a).full_reason), ranking.row(a).full_reason
    [line] = open_place_lines(reg.campaign(YEAR), ranking)
    assert "拟助推名单中的“区级甲项目”（采纳时为3万元档，现排名为未获助推）" in line, line
