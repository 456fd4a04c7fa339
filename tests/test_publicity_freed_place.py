"""An objection upheld against a project of a higher tier, with a project of a lower tier
published below it: 二（四）3 公示无异议的项目可获得相应等级的助推资金 — the lower one is
approved at its published tier; that the ranking would now raise it is said, not held."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import (
    close_publicity,
    moved_up,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.ranking import rank
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _ten_wan_holder_objected(reg) -> tuple[int, int, int]:
    """One 10万元 and one 5万元 city place; 甲 95 (10万), 乙 90 (5万) published from
    2022-12-01, 丙 85 not awarded; an objection against 甲 upheld on 12-03."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen in (10 * WAN, 5 * WAN) else t for t in c.tiers)))
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    b = make_project(reg, "市级乙项目", "工作室乙", CITY)
    c3 = make_project(reg, "市级丙项目", "工作室丙", CITY)
    to_review(reg, a, b, c3)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 95, b: 90, c3: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 1))
    oid = record_objection(reg, a, date(2022, 12, 2), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 3))
    return a, b, c3


def test_the_lower_tier_published_below_a_freed_place_is_approved_at_its_tier(reg):
    a, b, c3 = _ten_wan_holder_objected(reg)
    result = close_publicity(reg, YEAR, date(2022, 12, 8))  # was refused: 乙 “应为10万元档”
    assert result.approved == ["市级乙项目"]
    app = reg.project(b)
    assert (app.status, app.award_fen) == ("approved", 5 * WAN)
    assert rank(reg, YEAR).stale_published == {}


def test_the_ranking_says_the_published_project_would_rank_higher_and_who_jumps_it(reg):
    a, b, c3 = _ten_wan_holder_objected(reg)
    ranking = rank(reg, YEAR)
    assert ranking.stale == []
    # the published 乙 alone is raised; 丙, ranked below, does not take the freed place
    # while it waits for the office's decision on 乙 (it had taken it at twice its score's tier)
    assert ranking.raised == ["“市级乙项目”：公示为5万元档，按现有评分为10万元档"]
    assert "按现有排名本项目可列入10万元档（公示为5万元档）：公示无异议的按公示档次核准" in (
        ranking.row(b).full_reason)
    third = ranking.row(c3)
    assert third.amount_fen is None
    assert "10万元档空出的名额待研究已公示的“市级乙项目”是否调高，不由排名在后的项目递补" in third.full_reason
    assert "按现有评分应列入5万元档，名额现由已公示的“市级乙项目”占用" in third.full_reason
    assert moved_up(reg, YEAR) == []


def test_rank_and_the_close_on_the_command_line(reg, capsys):
    _ten_wan_holder_objected(reg)
    reg.close()
    capsys.readouterr()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    assert main(["rank", *db]) == 0
    out = capsys.readouterr().out
    assert "已公示项目按现有排名可列入较高档次（其上有名额空出）：\n  “市级乙项目”：公示为5万元档" in out
    assert "“市级丙项目”：现为" not in out  # not under the published projects' heading
    assert "本软件不能登记调高。可登记的决定：维持公示档次" in out
    assert "已公示的排名与现在的排名不同" not in out
    assert main(["publicity", "close", "--date", "2022-12-08", *db]) == 0
    assert "1 项核准助推" in capsys.readouterr().out


def test_the_ranking_tab_says_so(reg, tmp_path, qtbot):
    from test_ui_support import shown_screen

    from boostdesk.ui.panel_screen import PanelScreen

    _ten_wan_holder_objected(reg)
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    text = tab.waiting.text()
    assert text.startswith("已公示项目按现有排名可列入较高档次（其上有名额空出）：“市级乙项目”")
    assert "已公示的排名与现在的排名不同" not in text
