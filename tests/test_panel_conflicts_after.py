"""A conflict of interest that comes to light after the expert's scores are in.

Assigning refuses an expert of the project's union, enterprise, studio or leader, but the
register can be corrected afterwards (a union merged, a studio renamed, the expert's own
record), and an expert may declare a conflict late. The conflicted score must then stop
counting (二（四）2), and the office be told which score, whose, and what to do.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import declare_conflict, expert, unassign
from boostdesk.panel.publicity import start_publicity
from boostdesk.panel.tiers import adopt, rank
from tests.test_panel_support import (
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _one_place(reg: Register) -> tuple[int, int, list[int]]:
    """One 3万元 place; 甲 (union 海淀区总工会) and 乙 (朝阳区总工会), three experts.
    专家1 (清华大学) scores 甲 100, the others 70; everyone scores 乙 75: with 专家1's
    score 甲 wins the place (80 vs 75); without it, 乙 does (75 vs 70)."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 3 * WAN else t for t in c.tiers)))
    a = make_project(reg, "区级甲项目", "工作室甲", DISTRICT, unit="海淀区总工会")
    b = make_project(reg, "区级乙项目", "工作室乙", DISTRICT, unit="朝阳区总工会")
    to_review(reg, a, b)
    experts = add_experts(reg, 3)
    score_all(reg, experts[0], {a: 100, b: 75})
    score_all(reg, experts[1], {a: 70, b: 75})
    score_all(reg, experts[2], {a: 70, b: 75})
    assert rank(reg, YEAR).row(a).amount_fen == 3 * WAN
    return a, b, experts


def test_union_merged_into_the_experts_own_drops_the_score_from_the_ranking(reg):
    a, b, _experts = _one_place(reg)
    # 海淀区总工会 was typed for 清华大学工会 (the expert's own union, known from another
    # paper): merged
    make_project(reg, "另一项目", "工作室丙", DISTRICT, unit="清华大学工会")
    reg.rename_unit("海淀区总工会", "清华大学工会")
    assert reg.project(a).unit_name == "清华大学工会"
    ranking = rank(reg, YEAR)
    row = ranking.row(a)
    assert row.panel is not None and row.panel.n == 2  # 专家1's 100 no longer counts
    assert ranking.row(b).amount_fen == 3 * WAN and row.amount_fen is None
    assert "专家1（专家来自推荐单位“清华大学工会”）" in row.full_reason
    assert "存在利益冲突，其评分不计入排名" in row.full_reason


def test_adopting_is_refused_naming_the_conflicted_score_and_what_to_do(reg):
    a, _b, experts = _one_place(reg)
    reg.save_project(replace(reg.project(a), enterprise_name="清华大学"))
    with pytest.raises(PanelError) as refused:
        adopt(reg, YEAR)
    text = str(refused.value)
    assert "“区级甲项目”" in text and "专家1（专家来自项目所在单位“清华大学”）" in text
    assert "取消" in text and "另派专家" in text and "人工调整档次" in text
    # the office withdraws the assignment (the score goes to the audit trail) and adopts
    unassign(reg, experts[0], a, "利益冲突：专家来自项目所在单位")
    adopt(reg, YEAR)
    assert reg.project(a).status == "not_awarded"


def test_studio_leader_corrected_to_the_experts_name_drops_the_score(reg):
    a, b, experts = _one_place(reg)
    reg.save_project(replace(reg.project(a), leader=expert(reg, experts[0]).name))
    assert rank(reg, YEAR).row(b).amount_fen == 3 * WAN


def test_a_score_typed_for_a_now_conflicted_row_does_not_count(reg):
    """The expert typed 0 everywhere on a row they should have left blank (conflicted):
    the 0 drags the project down unless the conflict keeps it out."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 3 * WAN else t for t in c.tiers)))
    a = make_project(reg, "区级甲项目", "工作室甲", DISTRICT, enterprise="清华大学科技公司")
    b = make_project(reg, "区级乙项目", "工作室乙", DISTRICT)
    to_review(reg, a, b)
    experts = add_experts(reg, 3)
    score_all(reg, experts[0], {a: 0, b: 75})
    score_all(reg, experts[1], {a: 90, b: 75})
    score_all(reg, experts[2], {a: 90, b: 75})
    assert rank(reg, YEAR).row(b).amount_fen == 3 * WAN  # 甲 60 after the 0
    reg.save_project(replace(reg.project(a), enterprise_name="清华大学"))  # corrected
    assert rank(reg, YEAR).row(a).amount_fen == 3 * WAN


def test_conflict_declared_after_adoption_is_recorded_and_withholds_publicity(reg):
    a, b, experts = _one_place(reg)
    adopt(reg, YEAR)
    assert reg.project(a).status == "proposed"
    declare_conflict(reg, experts[0], a, "曾参与该项目咨询")
    with pytest.raises(PanelError) as refused:
        start_publicity(reg, YEAR, date(2022, 12, 20))
    assert "专家“专家1”对“区级甲项目”" in str(refused.value)
    assert reg.project(a).status == "proposed"


def test_conflict_declared_during_publicity_is_recorded_and_flagged(reg):
    a, _b, experts = _one_place(reg)
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    declare_conflict(reg, experts[0], a, "曾参与该项目咨询")
    row = rank(reg, YEAR).row(a)
    assert "专家“专家1”对“区级甲项目”" in row.full_reason
    assert "曾参与该项目咨询" in row.full_reason
    events = reg.query("SELECT action, after FROM audit_events WHERE action = 'declare_conflict'")
    assert events and "曾参与该项目咨询" in events[-1]["after"]


def test_rank_command_names_the_conflicted_score(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator="测试员")
    try:
        a, _b, _experts = _one_place(reg)
        reg.rename_unit("海淀区总工会", "清华大学工会")
    finally:
        reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "专家1（专家来自推荐单位“清华大学工会”）：存在利益冲突，其评分不计入排名" in out
