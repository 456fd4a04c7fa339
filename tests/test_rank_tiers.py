"""Ranking and tiers under the plan's constraints (方案二（三）, 二（二）2), each at its edge."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import assign
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.ranking import rank
from boostdesk.panel.scoring import save_scores
from boostdesk.panel.tie_break import TIE_BREAK_RULE
from boostdesk.panel.tier_overrides import (
    TierChange,
    clear_override,
    override_effects,
    set_override,
)
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    scores_for_total,
    to_review,
    two_for_one_place,
)


def _city(reg, n: int, **kw) -> list[int]:
    ids = [make_project(reg, f"市级项目{k:02d}", f"市级工作室{k:02d}", CITY, **kw)
           for k in range(1, n + 1)]
    to_review(reg, *ids)
    return ids


def test_eleventh_ten_wan_candidate_drops_to_five_wan_with_the_reason(reg):
    ids = _city(reg, 11)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 95 - k for k, pid in enumerate(ids)})
    ranking = rank(reg, YEAR)
    tiers = [ranking.row(pid).amount_fen for pid in ids]
    assert tiers == [10 * WAN] * 10 + [5 * WAN]
    eleventh = ranking.row(ids[10])
    assert eleventh.rank == 11
    assert "10万元档名额（10 项）已满" in eleventh.reason
    assert eleventh.reason.endswith("列入5万元档")
    assert [q.used for q in ranking.quotas if q.tier.level == CITY] == [10, 1]


def test_city_projects_past_both_quotas_get_nothing_and_say_why(reg):
    ids = _city(reg, 31)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 95 - k * 0.5 for k, pid in enumerate(ids)})
    ranking = rank(reg, YEAR)
    amounts = [ranking.row(pid).amount_fen for pid in ids]
    assert amounts.count(10 * WAN) == 10 and amounts.count(5 * WAN) == 20
    last = ranking.row(ids[30])
    assert last.amount_fen is None
    assert "10万元档名额（10 项）已满" in last.reason
    assert "5万元档名额（20 项）已满" in last.reason
    assert last.reason.endswith("未获助推")


def test_fifty_first_district_project_gets_no_award(reg):
    ids = [make_project(reg, f"区级项目{k:02d}", f"区级工作室{k:02d}", DISTRICT)
           for k in range(51)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 90 - k * 0.1 for k, pid in enumerate(ids)})
    ranking = rank(reg, YEAR)
    assert [ranking.row(pid).amount_fen for pid in ids[:50]] == [3 * WAN] * 50
    assert ranking.row(ids[50]).amount_fen is None
    assert "3万元档名额（50 项）已满" in ranking.row(ids[50]).reason


def test_studio_with_two_high_ranked_projects_gets_one_award(reg):
    first = make_project(reg, "同室项目甲", "双项目工作室", CITY)
    second = make_project(reg, "同室项目乙", "双项目工作室", CITY)
    other = make_project(reg, "他室项目", "另一工作室", CITY)
    to_review(reg, first, second, other)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {first: 92, second: 91, other: 70})
    ranking = rank(reg, YEAR)
    assert ranking.row(first).amount_fen == 10 * WAN
    assert ranking.row(second).amount_fen is None
    assert ranking.row(second).rank == 2
    assert "本工作室已有“同室项目甲”" in ranking.row(second).reason
    assert "至多 1 项" in ranking.row(second).reason
    assert ranking.row(other).amount_fen == 10 * WAN


def test_budget_exactly_at_fifty_percent_takes_the_tier(reg):
    exact = make_project(reg, "恰好一半", "工作室甲", CITY, budget_fen=20 * WAN)
    over = make_project(reg, "超出一分", "工作室乙", CITY, budget_fen=20 * WAN - 1)
    small = make_project(reg, "预算太小", "工作室丙", CITY, budget_fen=10 * WAN - 2)
    to_review(reg, exact, over, small)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {exact: 90, over: 89, small: 88})
    ranking = rank(reg, YEAR)
    assert ranking.row(exact).amount_fen == 10 * WAN
    assert ranking.row(exact).reason == "市级第 1 名；列入10万元档"
    dropped = ranking.row(over)
    assert dropped.amount_fen == 5 * WAN
    assert ("10万元档超过项目总投入 ¥199,999.99 的 50%（¥99,999.99，方案二（三））"
            in dropped.reason)
    assert dropped.reason.endswith("列入5万元档")
    none = ranking.row(small)
    assert none.amount_fen is None
    assert "5万元档超过项目总投入 ¥99,999.98 的 50%" in none.reason
    assert none.reason.endswith("未获助推")


def test_cap_drop_does_not_use_a_slot_of_the_higher_tier(reg):
    ids = _city(reg, 10)
    poor = make_project(reg, "预算受限", "预算工作室", CITY, budget_fen=15 * WAN)
    late = make_project(reg, "排名第十二", "末位工作室", CITY)
    to_review(reg, poor, late)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {poor: 99, **{pid: 90 - k for k, pid in enumerate(ids)}, late: 50})
    ranking = rank(reg, YEAR)
    assert ranking.row(poor).amount_fen == 5 * WAN
    assert all(ranking.row(pid).amount_fen == 10 * WAN for pid in ids)
    assert ranking.row(late).amount_fen == 5 * WAN


def test_awards_already_held_take_their_quota_and_studio(reg):
    held = _city(reg, 10)
    for pid in held:
        reg.set_status(PROJECT, pid, "proposed")
        reg.set_status(PROJECT, pid, "publicized")
        reg.set_status(PROJECT, pid, "approved", award_fen=10 * WAN,
                       approved_date=date(2022, 12, 28))
    new = make_project(reg, "新项目", "新工作室", CITY)
    same_studio = make_project(reg, "已获助推工作室的第二项", "市级工作室01", CITY)
    to_review(reg, new, same_studio)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {new: 99, same_studio: 98})
    ranking = rank(reg, YEAR)
    assert ranking.row(new).amount_fen == 5 * WAN
    assert "10万元档名额（10 项）已满" in ranking.row(new).reason
    assert ranking.row(same_studio).amount_fen is None
    assert "本工作室已有“市级项目01”" in ranking.row(same_studio).reason
    assert ranking.row(held[0]).held and ranking.row(held[0]).rank is None


def test_tie_broken_by_the_mean_and_shown_on_both_rows(reg):
    a = make_project(reg, "同分项目甲", "工作室甲", DISTRICT)
    b = make_project(reg, "同分项目乙", "工作室乙", DISTRICT)
    to_review(reg, a, b)
    experts = add_experts(reg, 5)
    for e, (ta, tb) in zip(experts, [(60, 70), (80, 80), (80, 80), (80, 80), (100, 95)],
                           strict=True):
        score_all(reg, e, {a: ta, b: tb})
    ranking = rank(reg, YEAR)
    ra, rb = ranking.row(a), ranking.row(b)
    assert ra.score == rb.score == 80  # trimmed means
    assert (rb.rank, ra.rank) == (1, 2)  # b's mean is 81, a's 80
    assert "与“同分项目甲”得分同为 80.00，按同分规则（全体专家平均分高者在前）排在其前" in rb.full_reason
    assert "按同分规则（全体专家平均分高者在前）排在其后" in ra.full_reason
    assert "1. 全体专家平均分高者在前" in TIE_BREAK_RULE


def test_complete_tie_falls_to_the_earlier_received_date(reg):
    late = make_project(reg, "后报送", "工作室甲", DISTRICT, received=date(2022, 10, 30))
    early = make_project(reg, "先报送", "工作室乙", DISTRICT, received=date(2022, 10, 20))
    to_review(reg, late, early)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {late: 85, early: 85})
    ranking = rank(reg, YEAR)
    assert (ranking.row(early).rank, ranking.row(late).rank) == (1, 2)
    assert "材料报送日期早者在前" in ranking.row(late).full_reason
    assert "逾期报送" not in ranking.row(late).full_reason  # 10-30: before the deadline


def test_a_tie_lost_on_the_received_date_says_the_paper_came_late(reg):
    """The tester's: 仅按材料报送日期 hid that the project behind came in after the
    deadline and was accepted late (逾期报送) — a fact of the paper, not a coin toss."""
    a, b, [e] = two_for_one_place(reg, 1, b={"received": date(2022, 11, 4)})
    score_all(reg, e, {a: 80, b: 80})
    ranking = rank(reg, YEAR)
    late = "2022-11-04 报送，晚于报送截止日 2022-11-01，经审核受理逾期报送"
    behind = ranking.row(b)
    assert behind.amount_fen is None
    assert (f"按同分规则（材料报送日期早者在前）排在其后（本项目 {late}）") in behind.full_reason
    assert f"本项目 {late}，仅按材料报送日期" in behind.cutoff_tie
    assert f"“区级乙项目”（登记号 {b}，{late}，未获助推）" in ranking.row(a).cutoff_tie
    with pytest.raises(PanelError, match=f"“区级甲项目”：与“区级乙项目”（登记号 {b}，{late}"):
        adopt(reg, YEAR)  # the question adopting asks says it too
    adopt(reg, YEAR, tie_reason="按报送先后确定")
    from boostdesk.panel.score_summary import panel_summary

    notes = {r.project_id: r.notes for r in panel_summary(reg, YEAR).rows}
    assert notes[b][0].startswith("档次分界处与“区级甲项目”同为 80.00 分（本项目为逾期报送，经审核受理），"
                                  "仅按材料报送日期未获助推")
    assert notes[a][0].startswith("档次分界处与“区级乙项目”同为 80.00 分（“区级乙项目”为逾期报送，"
                                  "经审核受理），仅按材料报送日期列入3万元档")


def test_override_places_a_project_with_its_reason_and_is_audited(reg):
    top = make_project(reg, "第一名", "工作室甲", CITY)
    second = make_project(reg, "第二名", "工作室乙", CITY)
    to_review(reg, top, second)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {top: 90, second: 80})
    with pytest.raises(PanelError, match="须填写理由"):
        set_override(reg, top, 5 * WAN, "  ")
    with pytest.raises(PanelError, match="不是市级工作室的助推档次"):
        set_override(reg, top, 3 * WAN, "试")
    set_override(reg, top, 5 * WAN, "经复核，技术含量评分偏高")
    row = rank(reg, YEAR).row(top)
    assert row.amount_fen == 5 * WAN
    assert row.reason.startswith("人工调整为5万元档：经复核，技术含量评分偏高（测试员，")
    trail = reg.audit_trail("project_applications", top)
    assert trail[-1]["action"] == "override"
    assert trail[-1]["after"]["reason"] == "经复核，技术含量评分偏高"
    clear_override(reg, top)
    assert rank(reg, YEAR).row(top).amount_fen == 10 * WAN


def test_override_cannot_break_the_fifty_percent_cap_or_one_award_per_studio(reg):
    small = make_project(reg, "小预算", "工作室甲", CITY, budget_fen=15 * WAN)
    a = make_project(reg, "同室甲", "工作室乙", CITY)
    b = make_project(reg, "同室乙", "工作室乙", CITY)
    to_review(reg, small, a, b)
    with pytest.raises(PanelError, match="10万元档超过项目总投入 ¥150,000.00 的 50%"):
        set_override(reg, small, 10 * WAN, "领导同意")
    set_override(reg, a, 5 * WAN, "调整")
    with pytest.raises(PanelError, match="同一工作室获得助推的项目至多 1 项"):
        set_override(reg, b, 10 * WAN, "调整")


def test_override_follows_the_campaigns_own_limits(reg):
    """A year whose plan allows two awards per studio and caps awards at 40 %."""
    reg.save_campaign(reg.campaign(YEAR).with_changes(max_awards_per_studio=2,
                                                      budget_cap_percent=40))
    a = make_project(reg, "同室甲", "工作室乙", CITY)
    b = make_project(reg, "同室乙", "工作室乙", CITY)
    c = make_project(reg, "同室丙", "工作室乙", CITY)
    no_budget = make_project(reg, "无总投入", "工作室丙", CITY, budget_fen=None)
    to_review(reg, a, b, c, no_budget)
    set_override(reg, a, 5 * WAN, "调整")
    set_override(reg, b, 5 * WAN, "调整")  # the second of two: allowed this year
    with pytest.raises(PanelError, match="至多 2 项：本工作室的“同室甲”、“同室乙”已获助推"):
        set_override(reg, c, 5 * WAN, "调整")
    with pytest.raises(PanelError, match="无法核对 40% 上限"):
        set_override(reg, no_budget, 5 * WAN, "调整")


def test_adopt_proposes_tiers_and_declines_the_rest_then_withdraw_restores(reg):
    win = make_project(reg, "获助推项目", "工作室甲", CITY)
    twin = make_project(reg, "同室落选项目", "工作室甲", CITY)
    to_review(reg, win, twin)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {win: 90, twin: 85})
    adopt(reg, YEAR)
    assert reg.project(win).status == "proposed"
    assert reg.project(twin).status == "not_awarded"
    assert "同一工作室获得助推的项目至多 1 项" in reg.project(twin).status_reason
    ranking = rank(reg, YEAR)  # the adopted proposal stays in the ranking
    assert ranking.row(win).adopted and ranking.row(win).amount_fen == 10 * WAN
    withdraw(reg, YEAR, "评分录入有误，重新采纳")
    assert (reg.project(win).status, reg.project(twin).status) == ("review", "review")


def test_adopt_is_refused_while_a_project_has_no_score(reg):
    scored = make_project(reg, "已评分", "工作室甲", CITY)
    waiting = make_project(reg, "未评分", "工作室乙", CITY)
    to_review(reg, scored, waiting)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {scored: 90})
    with pytest.raises(PanelError, match="“未评分”"):
        adopt(reg, YEAR)
    assert reg.project(scored).status == "review"


def test_rank_json_lists_every_project_with_the_agreed_fields(reg, tmp_path, capsys):
    win = make_project(reg, "获助推项目", "工作室甲", CITY, budget_fen=15 * WAN)
    district = make_project(reg, "区级项目", "工作室乙", DISTRICT)
    to_review(reg, win, district)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {win: 90.5, district: 77})
    db = reg.path
    reg.close()
    assert main(["rank", "--db", str(db), "--json", "--year", "2022"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_ref = {r["ref"]: r for r in rows}
    city = by_ref["获助推项目"]
    assert {k: city[k] for k in ("studio", "level", "score", "rank", "tier")} == {
        "studio": "工作室甲", "level": "市级", "score": 90.5, "rank": 1, "tier": 50000}
    assert "10万元档超过项目总投入" in city["reason"]
    assert by_ref["区级项目"]["level"] == "区/局/集团级"
    assert by_ref["区级项目"]["tier"] == 30000
    assert main(["rank", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "【市级】" in text and "同分规则" in text and "列入5万元档" in text


def test_rank_json_gives_a_tier_not_whole_yuan_to_the_fen(reg, capsys):
    """A year's tier of ¥33,333.33: ``tier`` is 33333.33 元, not 33333 beside ``tier_fen``."""
    from decimal import Decimal

    c = reg.campaign(YEAR)
    odd = 3_333_333
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, amount_fen=odd) if t.level == DISTRICT else t for t in c.tiers)))
    pid = make_project(reg, "区级项目", "工作室乙", DISTRICT, requested_fen=odd,
                       budget_fen=10 * WAN)
    to_review(reg, pid)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 80})
    reg.close()
    assert main(["rank", "--db", str(reg.path), "--json", "--year", str(YEAR)]) == 0
    text = capsys.readouterr().out
    [row] = json.loads(text, parse_float=Decimal)
    assert row["tier"] == Decimal("33333.33") and row["tier_fen"] == odd
    assert '"tier": 33333.33,' in text


def test_ranks_stay_one_list_once_the_first_batch_is_in_publicity(reg):
    """A project left out of the adopted proposal is ranked among every scored project,
    not among the rest alone (it was shown as a second 第1名)."""
    from boostdesk.panel.publicity import start_publicity

    ids = {
        "a": make_project(reg, "甲项目", "同一工作室"),
        "b": make_project(reg, "乙项目", "同一工作室"),  # the studio's second: left out
        "c": make_project(reg, "丙项目", "另一工作室"),
    }
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["a"]: 90, ids["b"]: 80, ids["c"]: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    rows = [r for r in rank(reg, YEAR).rows if r.rank is not None]
    assert [(r.ref, r.rank) for r in rows] == [("甲项目", 1), ("丙项目", 2), ("乙项目", 3)]
    assert rank(reg, YEAR).row(ids["b"]).reason.startswith("市级第 3 名；同一工作室")


def _quotas(reg, n: int) -> None:
    c = reg.campaign(YEAR)
    reg.save_campaign(c.with_changes(tiers=tuple(replace(t, quota=n) for t in c.tiers)))


def _tie_at_the_boundary_with_one_expert_missing(reg) -> tuple[int, int, list[int]]:
    """Two city projects for the last 5万 place, 80 each on the scores in; the later
    one still waits for its third expert."""
    _quotas(reg, 1)
    top = make_project(reg, "第一名", "工作室甲", CITY)
    early = make_project(reg, "先报送", "工作室乙", CITY, received=date(2022, 10, 20))
    late = make_project(reg, "后报送", "工作室丙", CITY, received=date(2022, 10, 30))
    to_review(reg, top, early, late)
    experts = add_experts(reg, 3)
    for e in experts[:2]:
        score_all(reg, e, {top: 95, early: 80, late: 80})
    assign(reg, experts[2], top)
    assign(reg, experts[2], early)
    assign(reg, experts[2], late)
    return early, late, experts


def test_rank_says_when_a_project_is_scored_by_some_of_its_experts_only(reg):
    early, late, experts = _tie_at_the_boundary_with_one_expert_missing(reg)
    ranking = rank(reg, YEAR)
    row = ranking.row(late)
    assert row.amount_fen is None  # lost the tie on two scores of three
    assert "评分未齐：已交 2/3，缺 专家3" in row.full_reason
    assert "评分未齐：已交 2/3，缺 专家3" in ranking.row(early).full_reason
    assert row.to_dict()["missing_experts"] == ["专家3"] and row.to_dict()["assigned"] == 3


def test_adopt_is_refused_while_an_assigned_expert_has_not_submitted(reg):
    from boostdesk.safety.backup import list_backups

    early, late, experts = _tie_at_the_boundary_with_one_expert_missing(reg)
    with pytest.raises(PanelError) as info:
        adopt(reg, YEAR)
    message = str(info.value)
    assert "专家评分尚未交齐，不能采纳拟助推名单" in message
    assert "“先报送”：已交 2/3，缺 专家3" in message and "“后报送”：已交 2/3，缺 专家3" in message
    assert "请等专家交回评分包" in message and "取消或更换该项分配" in message
    assert reg.project(late).status == "review"
    assert list_backups(reg.path) == []  # a refusal takes no backup
    # The third expert's scores come in: the tie is broken on all of them.
    score_all(reg, experts[2], {pid: 80 for pid in rank_ids(reg)} | {late: 90},
              assign_first=False)
    ranking = adopt(reg, YEAR)
    assert ranking.row(late).amount_fen == 5 * WAN
    assert "评分未齐" not in ranking.row(late).full_reason


def rank_ids(reg) -> list[int]:
    return [r.project_id for r in rank(reg, YEAR).rows]


def test_adopt_goes_ahead_once_the_missing_expert_is_taken_off(reg):
    from boostdesk.panel.experts import unassign

    early, late, experts = _tie_at_the_boundary_with_one_expert_missing(reg)
    for pid in rank_ids(reg):
        unassign(reg, experts[2], pid)
    # two of the three experts the year asks: a decision, with its reason; and the 5万
    # place went to the paper received first (the tie's step 3): another
    ranking = adopt(reg, YEAR, short_reason="专家3因病未能评审，经研究按两位专家评分确定",
                    tie_reason="经研究按材料报送先后确定")
    assert ranking.row(early).amount_fen == 5 * WAN


def test_a_draft_is_named_as_one_and_an_override_is_not_held_back(reg):
    early, late, experts = _tie_at_the_boundary_with_one_expert_missing(reg)
    grid = ensure_grid(reg, YEAR)
    save_scores(reg, experts[2], {late: (scores_for_total(grid, 900), "")}, submit=False)
    assert "缺 专家3（草稿未提交）" in rank(reg, YEAR).row(late).full_reason
    for pid in rank_ids(reg):
        set_override(reg, pid, None if pid == late else 5 * WAN if pid == early else 10 * WAN,
                     "专家组复议")
    adopt(reg, YEAR)  # every tier set by hand: the missing scores decide nothing
    assert reg.project(late).status == "not_awarded"


def test_a_project_no_expert_was_assigned_says_so_and_holds_the_adoption(reg):
    scored = make_project(reg, "已评分", "工作室甲", CITY)
    alone = make_project(reg, "无人评审", "工作室乙", CITY)
    to_review(reg, scored, alone)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {scored: 90})
    assert rank(reg, YEAR).row(alone).full_reason == "尚未分配评审专家，尚无专家评分"
    with pytest.raises(PanelError, match="“无人评审”：尚未分配评审专家"):
        adopt(reg, YEAR)


def test_panel_adopt_and_rank_on_the_command_line_name_the_missing_expert(reg, capsys):
    early, late, experts = _tie_at_the_boundary_with_one_expert_missing(reg)
    db = reg.path
    reg.close()
    assert main(["rank", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "评分未齐：已交 2/3，缺 专家3" in out
    assert "评分未齐的项目 3 项" in out
    assert main(["panel", "adopt", "--db", str(db)]) == 1
    assert "“后报送”：已交 2/3，缺 专家3" in capsys.readouterr().err


def test_a_tie_note_names_the_tied_project_that_won_the_tier_and_the_rule_between_them(reg):
    """3万 for one project; three tie at 70. The first received takes it, the second is over
    the 50 % cap, the third (received the same day as the second) loses on the quota: its
    note names the first and the rule between those two, not its neighbour's."""
    _quotas(reg, 1)
    first = make_project(reg, "先报送", "工作室甲", DISTRICT, received=date(2022, 10, 20))
    capped = make_project(reg, "小预算", "工作室乙", DISTRICT, budget_fen=5 * WAN,
                          received=date(2022, 10, 21))
    third = make_project(reg, "同日后登记", "工作室丙", DISTRICT, received=date(2022, 10, 21))
    to_review(reg, first, capped, third)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {first: 70, capped: 70, third: 70})
    ranking = rank(reg, YEAR)
    assert [ranking.row(p).amount_fen for p in (first, capped, third)] == [3 * WAN, None, None]
    lost = ranking.row(third)
    assert "3万元档名额（1 项）已满" in lost.reason
    assert lost.tie == ["与列入3万元档的“先报送”得分同为 70.00，按同分规则（材料报送日期早者在前）排在其后"]
    assert "小预算" not in lost.full_reason
    # the capped project could not take 3万 (the cap): it lost no tier to 先报送
    assert ranking.row(first).tie == [
        "与“同日后登记”得分同为 70.00，按同分规则（材料报送日期早者在前）排在其前"]
    assert ranking.row(capped).tie == [
        "与列入3万元档的“先报送”得分同为 70.00，按同分规则（材料报送日期早者在前）排名在其后；"
        "未列入3万元档是因超过项目总投入的 50% 上限（方案二（三）），与同分规则无关",
        "与“同日后登记”得分同为 70.00，按同分规则（申报登记编号小者在前）排在其前"]


def _district(reg, scores: list[float]) -> list[int]:
    ids = [make_project(reg, f"区级项目{k}", f"区级工作室{k}", DISTRICT)
           for k in range(1, len(scores) + 1)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, dict(zip(ids, scores, strict=True)))
    return ids


def test_an_override_takes_a_place_inside_the_quota_and_the_displaced_project_is_told_by_which(
        reg):
    _quotas(reg, 3)
    ids = _district(reg, [90, 85, 80, 75, 70])
    assert override_effects(reg, ids[4], 3 * WAN) == [
        TierChange(ids[2], "区级项目3", "3万元档", "未获助推")]
    changes = set_override(reg, ids[4], 3 * WAN, "专家组复议")
    assert [c.text for c in changes] == ["“区级项目3”：3万元档 → 未获助推"]
    ranking = rank(reg, YEAR)
    assert [ranking.row(p).amount_fen for p in ids] == [3 * WAN] * 2 + [None, None, 3 * WAN]
    displaced = ranking.row(ids[2]).full_reason
    assert "3万元档名额（3 项）已满" in displaced
    assert "3万元档名额被人工调整的“区级项目5”占用（不做人工调整时本项目列入3万元档）" in displaced
    [q] = [q for q in ranking.quotas if q.tier.level == DISTRICT]
    assert q.used == 3  # never more than the quota
    assert reg.audit_trail("project_applications", ids[4])[-1]["after"]["changes"] == [
        "“区级项目3”：3万元档 → 未获助推"]
    assert [c.text for c in clear_override(reg, ids[4])] == ["“区级项目3”：未获助推 → 3万元档"]


def test_an_override_in_a_studio_names_the_project_it_displaces_and_the_knock_on(reg):
    _quotas(reg, 1)
    top = make_project(reg, "本室第一", "工作室甲", CITY)
    second = make_project(reg, "本室第二", "工作室甲", CITY)
    third = make_project(reg, "他室项目", "工作室乙", CITY)
    to_review(reg, top, second, third)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {top: 90, second: 88, third: 85})
    changes = set_override(reg, second, 5 * WAN, "专家组复议")
    assert [c.text for c in changes] == ["“本室第一”：10万元档 → 未获助推",
                                         "“他室项目”：5万元档 → 10万元档"]
    ranking = rank(reg, YEAR)
    lost = ranking.row(top).full_reason
    assert "本工作室已有“本室第二”（人工调整为5万元档）" in lost
    assert "不做人工调整时本项目列入10万元档" in lost
    assert ("因人工调整（“本室第二”调整为5万元档），由5万元档改列10万元档"
            in ranking.row(third).full_reason)


def test_an_override_into_a_tier_whose_places_are_all_held_is_refused(reg):
    _quotas(reg, 1)
    a, b = _district(reg, [90, 80])
    set_override(reg, b, 3 * WAN, "专家组复议")  # takes a's place: a is told
    with pytest.raises(PanelError, match="3万元档名额（1 项）已被人工调整的“区级项目2”占满"):
        set_override(reg, a, 3 * WAN, "专家组复议")
    clear_override(reg, b)
    held = make_project(reg, "已核准项目", "工作室丙", DISTRICT)
    to_review(reg, held)
    for status in ("proposed", "publicized"):
        reg.set_status(PROJECT, held, status)
    reg.set_status(PROJECT, held, "approved", award_fen=3 * WAN,
                   approved_date=date(2022, 12, 28))
    with pytest.raises(PanelError, match="已被已拟助推、公示或核准的 1 项占满.*请先在“设置”中修改"):
        set_override(reg, a, 3 * WAN, "专家组复议")


def test_panel_override_prints_the_projects_that_lose_or_change_tier(reg, capsys):
    _quotas(reg, 3)
    _district(reg, [90, 85, 80, 75, 70])
    db = reg.path
    reg.close()
    assert main(["panel", "override", "区级项目5", "--tier", "30000", "--reason", "复议",
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "已将项目“区级项目5”人工调整为3万元档：复议" in out  # the tier's name, as below
    assert "因此调整，以下 1 个项目的拟助推档次随之改变：\n  “区级项目3”：3万元档 → 未获助推" in out
    assert main(["panel", "override", "区级项目1", "--tier", "none", "--reason", "复议",
                 "--db", str(db)]) == 0
    assert "“区级项目3”：未获助推 → 3万元档" in capsys.readouterr().out
    assert main(["rank", "--db", str(db)]) == 0
    assert "名额被人工调整的“区级项目5”占用" not in capsys.readouterr().out  # 4th got back in


def test_a_year_of_two_awards_per_studio_names_both_holders_of_the_third(reg):
    """方案二（二）2 re-issued with 至多 2 项: the studio's third project is told which two
    hold its places (it named the first only, as if one award were the limit)."""
    reg.save_campaign(reg.campaign(YEAR).with_changes(max_awards_per_studio=2,
                                                      max_applications_per_studio=3))
    ids = [make_project(reg, f"同室项目{k}", "三项目工作室", CITY) for k in "甲乙丙"]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, dict(zip(ids, (92, 91, 90), strict=True)))
    third = rank(reg, YEAR).row(ids[2])
    assert third.amount_fen is None
    assert "至多 2 项" in third.reason and "本工作室已有“同室项目甲”、“同室项目乙”" in third.reason


def test_the_tie_rule_shown_states_the_years_own_trimming(reg, capsys):
    """设置 may trim two scores each way from seven experts: `rank` and 排名与档次 said
    “满 5 位专家时去掉一个最高分和一个最低分” whatever the year decided."""
    ids = _city(reg, 2)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 90, ids[1]: 80})
    db = reg.path
    reg.close()
    assert main(["panel", "settings", "--trim-min", "7", "--trim-each", "2", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["rank", "--db", str(db)]) == 0
    rule = next(line for line in capsys.readouterr().out.splitlines()
                if line.startswith("同分规则："))
    assert "满 7 位专家时去掉最高分、最低分各 2 个后的平均分，不足 7 位时为全体专家的平均分" in rule
    assert "满 5 位" not in rule and "一个最高分" not in rule
    assert main(["panel", "settings", "--trim-each", "0", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["rank", "--db", str(db)]) == 0
    rule = next(line for line in capsys.readouterr().out.splitlines()
                if line.startswith("同分规则："))
    assert rule.startswith("同分规则：得分（全体专家的平均分，不去掉最高分和最低分）相同时")


def test_the_default_tie_rule_reads_as_before():
    from boostdesk.panel.grid import PanelSettings
    from boostdesk.panel.tie_break import tie_break_rule

    assert tie_break_rule(PanelSettings()) == TIE_BREAK_RULE
    assert TIE_BREAK_RULE.startswith(
        "得分（满 5 位专家时去掉一个最高分和一个最低分后的平均分，不足 5 位时为全体专家的平均分）相同时")


def test_a_qualified_project_never_sent_to_the_experts_is_ranked_as_unscored_and_holds_adoption(
        reg, capsys):
    """资格审核通过 and then forgotten in 分配专家: the ranking left it out without a word and
    the proposal was adopted (its quota places given away) while it stayed 资格审核通过."""
    scored = make_project(reg, "已评分", "工作室甲", CITY)
    forgotten = make_project(reg, "漏分配", "工作室乙", CITY)
    to_review(reg, scored)
    reg.set_status(PROJECT, forgotten, "qualified")
    [e] = add_experts(reg, 1)
    score_all(reg, e, {scored: 90})
    row = rank(reg, YEAR).row(forgotten)
    assert (row.rank, row.amount_fen) == (None, None)
    assert row.full_reason == "资格审核通过，尚未分配评审专家，尚无专家评分"
    with pytest.raises(PanelError, match="“漏分配”：尚未分配评审专家（资格审核通过后未送专家评审）"):
        adopt(reg, YEAR)
    assert reg.project(scored).status == "review"
    db = reg.path
    reg.close()
    assert main(["rank", "--db", str(db)]) == 0
    assert "漏分配（工作室乙）\n      资格审核通过，尚未分配评审专家" in capsys.readouterr().out


def test_applications_not_yet_qualified_are_named_beside_the_ranking(reg, capsys):
    """Applications left 登记 (no qualification decision) were left out of the ranking and
    the adoption without a word."""
    scored = make_project(reg, "已评分", "工作室甲", CITY)
    undecided = make_project(reg, "未审核", "工作室乙", CITY)
    to_review(reg, scored)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {scored: 90})
    assert reg.project(undecided).status == "registered"
    note = ("另有 1 项申报尚未做出资格审核结论，未参加排名：“未审核”"
            "（方案二（四）2：资格审核通过后进行专业评审）")
    assert rank(reg, YEAR).undecided_note == note
    db = reg.path
    reg.close()
    assert main(["rank", "--db", str(db)]) == 0
    assert note in capsys.readouterr().out
    assert main(["panel", "adopt", "--db", str(db)]) == 0
    assert note in capsys.readouterr().out


def test_a_tier_named_with_its_own_dang_is_not_said_twice(reg):
    """The office may name a tier "甲档" in 设置; the reasons say 列入甲档, not 甲档档."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, name="甲档") if t.amount_fen == 10 * WAN and t.level == CITY else t
        for t in c.tiers)))
    ids = _city(reg, 1)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 90})
    reason = rank(reg, YEAR).row(ids[0]).reason
    assert reason.endswith("列入甲档") and "档档" not in reason


def test_scores_shown_alike_but_unequal_at_a_tier_boundary_say_what_decided(reg):
    """80.3333 (a mean of three) and 80.325 (a mean of four) both read 80.33: the ranking
    put one in 10万元 and the other in 5万元 with no word, as if a tie had been broken
    by no rule."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 10 * WAN else t for t in c.tiers)))
    a = make_project(reg, "三位专家项目", "工作室甲", CITY)
    b = make_project(reg, "四位专家项目", "工作室乙", CITY)
    to_review(reg, a, b)
    experts = add_experts(reg, 4)
    for k, e in enumerate(experts):
        score_all(reg, e, {b: 80.4 if k == 3 else 80.3, **({a: 80.4 if k == 2 else 80.3}
                                                           if k < 3 else {})})
    ranking = rank(reg, YEAR)
    first, second = ranking.row(a), ranking.row(b)
    assert (first.amount_fen, second.amount_fen) == (10 * WAN, 5 * WAN)
    assert "与“四位专家项目”得分显示同为 80.33，未舍入为 80.333，高于其 80.325，排在其前" in first.tie
    assert "与“三位专家项目”得分显示同为 80.33，未舍入为 80.325，低于其 80.333，排在其后" in second.tie
    assert "同分规则" not in second.full_reason  # no tie: the unrounded scores differ
