"""A tie at a tier boundary that decided nothing: the project behind could not have taken the
tier anyway (the 50 % cap, its studio's award held by another project).

The reviewer's register: 高速铣削 and 桥梁 equal in every expert's score (88.47), 桥梁's total
budget 15万 (10万 over the 50 % cap). `rank` said 桥梁 was placed behind in 5万 by the tie rule
(申报登记编号小者在前), and `panel adopt` asked the office to decide the tie (--tie-reason),
though 桥梁 could never take 10万 (`panel override --tier 100000` refuses it)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
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


def _one_ten_wan_place(reg) -> None:
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 10 * WAN else t for t in c.tiers)))


def capped_tie(reg, third: bool = False) -> dict[str, int]:
    """One 10万 city place. 高速铣削 and 桥梁 88.47 each, equal in all but the number
    (高速铣削's smaller); 桥梁's budget 15万: 10万 is over its 50 % cap. ``third``: 配电网,
    equal to both, after them."""
    _one_ten_wan_place(reg)
    ids = {"mill": make_project(reg, "高速铣削振动抑制技术攻关", "李师傅职工创新工作室", CITY),
           "bridge": make_project(reg, "桥梁钢箱梁焊接变形控制技术攻关", "刘师傅职工创新工作室",
                                  CITY, budget_fen=15 * WAN, requested_fen=5 * WAN)}
    if third:
        ids["grid"] = make_project(reg, "配电网故障快速定位技术攻关", "王师傅职工创新工作室", CITY)
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, dict.fromkeys(ids.values(), 88.47))
    return ids


def test_the_cap_not_the_tie_rule_keeps_the_project_out_of_the_tier(reg):
    ids = capped_tie(reg)
    row = rank(reg, YEAR).row(ids["bridge"])
    assert (row.amount_fen, row.cutoff_tie) == (5 * WAN, "")
    said = row.full_reason
    assert "未列入10万元档是因超过项目总投入的 50% 上限（方案二（三）），与同分规则无关" in said
    assert "按同分规则（申报登记编号小者在前）排在其后" not in said  # the rule won no tier over it
    assert "排名在其后" in said  # it still ranks it behind


def test_adopting_does_not_ask_about_a_tie_the_cap_decided(reg):
    ids = capped_tie(reg)
    adopt(reg, YEAR)  # no --tie-reason: nothing for the office to decide
    assert (reg.project(ids["mill"]).status, reg.project(ids["bridge"]).status) == (
        "proposed", "proposed")
    [event] = [e for e in reg.audit_trail("proposals", reg.campaign_id(YEAR))
               if e["action"] == "adopt"]
    assert "cutoff_ties" not in event["after"]


def test_the_command_line_adopts_and_ranks_it_so(reg, capsys):
    capped_tie(reg)
    reg.close()
    from boostdesk.cli import main

    capsys.readouterr()
    assert main(["rank", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    assert "未列入10万元档是因超过项目总投入的 50% 上限" in capsys.readouterr().out
    assert main(["panel", "adopt", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "已采纳" in out and "按申报登记编号确定" not in out


def test_a_tie_with_a_studio_whose_award_is_held_decided_nothing(reg):
    _one_ten_wan_place(reg)
    held = make_project(reg, "刘师傅团队第一项", "刘师傅职工创新工作室", CITY)
    mill = make_project(reg, "高速铣削振动抑制技术攻关", "李师傅职工创新工作室", CITY)
    second = make_project(reg, "刘师傅团队第二项", "刘师傅职工创新工作室", CITY)
    to_review(reg, held, mill, second)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {held: 95, mill: 80, second: 80})
    ranking = rank(reg, YEAR)
    assert (ranking.row(mill).amount_fen, ranking.row(second).amount_fen) == (5 * WAN, None)
    assert "与同分规则无关" in ranking.row(second).full_reason
    assert not ranking.row(second).cutoff_tie
    adopt(reg, YEAR)
    assert reg.project(second).status == "not_awarded"


def test_two_of_one_studio_tied_still_ask(reg):
    """The studio's one award goes to one of two tied projects by the number alone: the
    order decided it, the office is asked."""
    _one_ten_wan_place(reg)
    a = make_project(reg, "刘师傅团队第一项", "刘师傅职工创新工作室", CITY)
    b = make_project(reg, "刘师傅团队第二项", "刘师傅职工创新工作室", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 80, b: 80})
    assert rank(reg, YEAR).row(b).cutoff_tie
    with pytest.raises(PanelError, match="仅按申报登记编号排定"):
        adopt(reg, YEAR)


def test_of_three_tied_only_the_pair_the_number_parted_is_asked(reg):
    """10万 to the first; the second could have taken it and is asked about; the third,
    capped, is in 5万 beside the second and not named."""
    ids = capped_tie(reg, third=True)
    extra = ids["grid"]
    ranking = rank(reg, YEAR)
    assert [ranking.row(i).amount_fen for i in (ids["mill"], ids["bridge"], extra)] == [
        10 * WAN, 5 * WAN, 5 * WAN]
    assert not ranking.row(ids["bridge"]).cutoff_tie
    assert "配电网" in ranking.row(ids["mill"]).cutoff_tie
    assert "桥梁" not in ranking.row(ids["mill"]).cutoff_tie
    with pytest.raises(PanelError) as exc:
        adopt(reg, YEAR)
    assert "配电网" in str(exc.value) and "“桥梁钢箱梁焊接变形控制技术攻关”：" not in str(exc.value)
