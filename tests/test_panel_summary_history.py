"""评审汇总表's 备注 says why each project got what it got, as `rank` and 排名与档次 know
it: the same-studio limit (二（二）2), a tier lowered by the 50 % cap (二（三）), a tie at a
cut-off and the office's decision on it, the short panel's reasons of every adoption, an
objection upheld after publication and the place taken up in a later batch. The signed
table said none of it: a 第2名 未获助推 beside a 第6名 3万元档 went unexplained."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.models.campaign import Tier
from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.score_summary import panel_summary
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _season(reg) -> dict[str, int]:
    """One place a tier. 市级甲 95 and 市级乙 93 share a studio; 市级丙 92 has a budget of
    ¥150,000.00 (half is less than 10万); 区级甲 and 区级乙 tie at 80 in everything; 区级丙
    is scored by two of the three experts."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=(Tier("10万元", 10 * WAN, 1, CITY),
                                        Tier("5万元", 5 * WAN, 1, CITY),
                                        Tier("3万元", 3 * WAN, 1, DISTRICT))))
    ids = {"M1": make_project(reg, "市级甲项目", "首钢工作室", CITY),
           "M2": make_project(reg, "市级乙项目", "首钢工作室", CITY),
           "M3": make_project(reg, "市级丙项目", "丙工作室", CITY, budget_fen=15 * WAN),
           "D1": make_project(reg, "区级甲项目", "区甲工作室", DISTRICT),
           "D2": make_project(reg, "区级乙项目", "区乙工作室", DISTRICT),
           "D3": make_project(reg, "区级丙项目", "区丙工作室", DISTRICT)}
    to_review(reg, *ids.values())
    experts = add_experts(reg, 3)
    totals = {ids["M1"]: 95, ids["M2"]: 93, ids["M3"]: 92, ids["D1"]: 80, ids["D2"]: 80,
              ids["D3"]: 60}
    score_all(reg, experts[0], totals)
    score_all(reg, experts[1], totals)
    score_all(reg, experts[2], {k: v for k, v in totals.items() if k != ids["D3"]})
    return ids


def _notes(reg, ids) -> dict[str, str]:
    s = panel_summary(reg, YEAR)
    by_id = {r.project_id: r.note_text for r in s.rows}
    return {k: by_id[v] for k, v in ids.items()}


def test_the_remarks_say_the_rules_and_decisions_behind_each_tier(reg):
    ids = _season(reg)
    adopt(reg, YEAR, short_reason="专家3未评该项目，按两位专家评分（第一次）",
          tie_reason="经研究按申报登记编号确定")
    # withdrawn before publicity and adopted again: both adoptions' reasons stand
    withdraw(reg, YEAR, "核对后重新采纳")
    adopt(reg, YEAR, short_reason="同第一次，按两位专家评分", tie_reason="仍按申报登记编号确定")
    notes = _notes(reg, ids)
    assert ("同一工作室获得助推的项目至多 1 项（方案二（二）2），本工作室已有“市级甲项目”，未获助推"
            in notes["M2"])
    assert "10万元档超过项目总投入 ¥150,000.00 的 50%（¥75,000.00，方案二（三）），降为5万元档" \
        in notes["M3"]
    assert ("档次分界处与“区级乙项目”同为 80.00 分，仅按申报登记编号列入3万元档（第1次采纳），"
            "经研究按此确定：经研究按申报登记编号确定") in notes["D1"]
    assert "（第2次采纳），经研究按此确定：仍按申报登记编号确定" in notes["D1"]
    assert "仅按申报登记编号未获助推（第1次采纳）" in notes["D2"]
    # every adoption's reason for the short panel, not only the latest
    assert "经研究按现有评分采纳（第1次采纳）：专家3未评该项目，按两位专家评分（第一次）" in notes["D3"]
    assert "经研究按现有评分采纳（第2次采纳）：同第一次，按两位专家评分" in notes["D3"]
    assert notes["D3"].index("评审专家不足") < notes["D3"].index("经研究按现有评分采纳")
    assert notes["M1"] == ""  # first place, nothing to explain


def test_the_remarks_say_an_upheld_objection_and_the_place_taken_up_in_a_later_batch(reg):
    ids = _season(reg)
    adopt(reg, YEAR, short_reason="专家3未评该项目，按两位专家评分",
          tie_reason="经研究按申报登记编号确定")
    start_publicity(reg, YEAR, date(2022, 12, 1))
    oid = record_objection(reg, ids["D1"], date(2022, 12, 3), "匿名来信", "2021年立项")
    resolve_objection(reg, oid, True, "经核实为2021年立项，异议成立", date(2022, 12, 5))
    adopt(reg, YEAR)  # 区级乙 into the freed place; 区级丙's short panel not asked again
    close_publicity(reg, YEAR, date(2022, 12, 8))
    start_publicity(reg, YEAR, date(2022, 12, 9))
    close_publicity(reg, YEAR, date(2022, 12, 16))
    notes = _notes(reg, ids)
    assert ("第1批公示后异议成立，不予助推（2022-12-05：经核实为2021年立项，异议成立）"
            in notes["D1"])
    assert ("递补：第1次采纳时未获助推，“区级甲项目”异议成立、名额空出后列入3万元档，第2批公示"
            "（2022-12-09 至 2022-12-15）") in notes["D2"]
    assert "经研究按现有评分采纳（第1、2次采纳）：专家3未评该项目，按两位专家评分" in notes["D3"]


def test_an_award_decided_before_the_register_is_noted_as_rank_says_it(tmp_path):
    """The tester's: the 评审汇总表's 备注 said 尚未分配评审专家 for projects publicized before
    the register and for tiers held outside this ranking. It says what `rank` says."""
    from boostdesk.cli import main
    from boostdesk.models import Register
    from boostdesk.panel.publicity import record_existing_publicity
    from boostdesk.panel.ranking import rank

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    with Register.open(db) as reg:
        # the demo's awards all go through its panel: two of its projects just qualified
        # moved on by hand, as a register started mid-season holds them — one publicized
        # on paper before it, one approved outside the ranking
        early_id, held_id = (reg.scalar("SELECT id FROM project_applications WHERE title = ?",
                                        (t,)) for t in ("精密测量仪器校准装置研制", "智能制造实训平台开发"))
        with reg.transaction():
            for pid in (early_id, held_id):
                for status in ("review", "proposed", "publicized"):
                    reg.set_status(PROJECT, pid, status)
            reg.set_status(PROJECT, held_id, "approved", award_fen=30_000_00,
                           approved_date=date(2023, 3, 2))
        record_existing_publicity(reg, 2022, date(2023, 3, 3))
        reasons = {r.project_id: r.reason for r in rank(reg, 2022).rows}
        rows = {r.title: r for r in panel_summary(reg, 2022).rows}
    early = rows["精密测量仪器校准装置研制"]
    assert early.notes[-1] == reasons[early.project_id]  # after its batch: 第3批公示（…）
    assert early.notes[-1].startswith("登记册启用前已开始公示，档次按申请金额")
    held = rows["智能制造实训平台开发"]
    assert held.notes == ("状态为“核准”（¥30,000.00），占用本档名额，不参加本次排名",)
    # (the demo's projects just qualified, with no experts yet, are told so: not these)
    assert not any("尚未分配评审专家" in n for r in (early, held) for n in r.notes)


def test_a_tie_an_earlier_adoption_recorded_says_the_late_paper_from_its_date():
    """An adoption's trail from before the tie's words said 逾期报送 (the tester's x_tie2):
    the 备注 reads the papers' received dates instead."""
    from boostdesk.panel.summary_history import _tie_words

    fact = ("与“精密测量仪器校准装置研制”（登记号 30，2022-10-31 报送，列入3万元档）得分同为 73.00，"
            "全体专家平均分、标准差也都相同，本项目 2022-11-04 报送，仅按材料报送日期（同分规则第 3 步，"
            "方案未作规定）未获助推")
    assert _tie_words(fact, "智能制造实训平台开发", frozenset({"智能制造实训平台开发"})) == (
        "档次分界处与“精密测量仪器校准装置研制”同为 73.00 分（本项目为逾期报送，经审核受理），"
        "仅按材料报送日期未获助推")
    assert "逾期" not in _tie_words(fact, "智能制造实训平台开发")
