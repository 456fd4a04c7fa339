"""Where the plan is silent and the office chooses: said so, and the money's choices asked.

The policy officer's findings against plan-2022.txt: the tie-break steps were fixed in code
and a quota cut-off settled by the received date (J18-J21, 65 each, J21 a day earlier took
the last 3万 place) passed adopt silently; 公示期 7 天 was shown and enforced as the plan's,
which sets no length; the quotas (原则上) are applied as caps without a word; and J15, a
市级 studio asking 3万 with a 20万 budget, scored last and was ranked into 10万 — more than
three times its request — with nothing said."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.campaign_settings import apply_settings, campaign_lines
from boostdesk.cli import main
from boostdesk.models import plan_2022
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.ranking import rank
from boostdesk.validate import ValidationError
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

REASON = "经主任办公会研究，按材料报送先后确定"


def _quota(reg, amount: int, n: int) -> None:
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=n) if t.amount_fen == amount else t for t in c.tiers)))


def j18_to_j21(reg) -> dict[str, int]:
    """Two 3万 places; 领先 80; J18-J21 65 each, equal means, J21 received a day before
    the others (all before the deadline): J21 takes the last place."""
    _quota(reg, 3 * WAN, 2)
    ids = {"top": make_project(reg, "领先项目", "区一创新工作室", DISTRICT)}
    for n, day in ((18, 21), (19, 21), (20, 21), (21, 20)):
        ids[f"j{n}"] = make_project(reg, f"项目J{n}", f"区{n}创新工作室", DISTRICT,
                                    received=date(2022, 10, day))
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 80 if k == "top" else 65 for k, pid in ids.items()})
    return ids


# -- 1. ties at a quota cut-off --------------------------------------------------------
def test_a_cut_off_the_received_date_settles_is_said_and_asked_at_adopt(reg):
    ids = j18_to_j21(reg)
    ranking = rank(reg, YEAR)
    assert ranking.row(ids["j21"]).amount_fen == 3 * WAN
    lost = ranking.row(ids["j18"])
    assert lost.amount_fen is None and "名额（2 项）已满" in lost.reason
    assert "仅按材料报送日期（同分规则第 3 步，方案未作规定）未获助推" in lost.cutoff_tie
    assert "“项目J21”（登记号" in lost.cutoff_tie and "2022-10-20 报送，3万元档" in lost.cutoff_tie
    with pytest.raises(PanelError, match="仅按材料报送日期排定先后"):
        adopt(reg, YEAR)
    assert reg.project(ids["j21"]).status == "review"  # nothing adopted
    adopt(reg, YEAR, tie_reason=REASON)
    assert REASON in reg.project(ids["j18"]).status_reason
    [event] = [e for e in reg.audit_trail("proposals", reg.campaign_id(YEAR))
               if e["action"] == "adopt"]
    assert event["after"]["tie_reason"] == REASON and len(event["after"]["cutoff_ties"]) == 4


def test_a_tie_inside_one_tier_stays_silent(reg):
    """Three 3万 places: J21 and the three others tie, the last place is a cut-off; with
    four places everyone tied is in the tier and nothing is at stake."""
    ids = j18_to_j21(reg)
    _quota(reg, 3 * WAN, 5)
    ranking = rank(reg, YEAR)
    assert all(ranking.row(pid).amount_fen == 3 * WAN for pid in ids.values())
    assert not any(r.cutoff_tie for r in ranking.rows)
    assert any("材料报送日期早者在前" in t for t in ranking.row(ids["j18"]).tie)  # still said
    adopt(reg, YEAR)  # no question


def _trimmed_tie(reg, second: str) -> tuple[int, int]:
    """One 3万 place; 均分高 (received 10-30) and ``second`` (10-20), three experts each, the
    highest and lowest trimmed: 70 each, the all-expert mean 70 against 68.3. (ids)"""
    from boostdesk.panel.grid import save_settings, settings

    _quota(reg, 3 * WAN, 1)
    a = make_project(reg, "均分高", "区甲工作室", DISTRICT, received=date(2022, 10, 30))
    b = make_project(reg, second, "区乙工作室", DISTRICT, received=date(2022, 10, 20))
    to_review(reg, a, b)
    experts = add_experts(reg, 3)
    save_settings(reg, YEAR, replace(settings(reg, YEAR), trim_min_scores=3, trim_each=1))
    for e, (sa, sb) in zip(experts, ((90, 60), (70, 70), (50, 75)), strict=True):
        score_all(reg, e, {a: sa, b: sb})
    return a, b


def test_a_cut_off_the_mean_settles_does_not_ask(reg):
    """Equal scores (trimmed means) parted by the all-expert mean: the experts' own
    scores decided, not the office's arbitrary step."""
    a, b = _trimmed_tie(reg, "均分低")
    ranking = rank(reg, YEAR)
    assert ranking.row(a).score == ranking.row(b).score  # 70 trimmed, each
    assert ranking.row(a).amount_fen == 3 * WAN and not ranking.row(b).cutoff_tie
    adopt(reg, YEAR)


def test_the_years_own_steps_order_the_ranking(reg):
    """报送日期 first: the paper received first wins though its experts' mean is lower."""
    a, b = _trimmed_tie(reg, "先报送")
    assert rank(reg, YEAR).row(a).amount_fen == 3 * WAN  # the default: the mean
    reg.save_campaign(apply_settings(reg.campaign(YEAR), [("tie_break", "报送日期、平均分、登记号")]))
    ranking = rank(reg, YEAR)
    assert ranking.row(b).amount_fen == 3 * WAN
    assert "仅按材料报送日期（同分规则第 1 步，方案未作规定）列入3万元档" in ranking.row(b).cutoff_tie


def test_tie_steps_are_typed_checked_and_shown_as_the_offices_own():
    c = apply_settings(plan_2022(), [("tie_break", "标准差，平均分、登记号")])
    assert c.tie_break_steps == ("sd", "mean", "number")
    with pytest.raises(ValidationError, match="最后一步应为“登记号”"):
        apply_settings(plan_2022(), [("tie_break", "登记号、平均分")])
    with pytest.raises(ValidationError, match="“抽签”不是可选的同分规则步骤"):
        apply_settings(plan_2022(), [("tie_break", "抽签、登记号")])
    lines = "\n".join(campaign_lines(plan_2022()))
    assert ("同分规则：得分相同时依次按 1. 全体专家平均分高者在前；2. 专家评分的标准差（总体标准差）小者（意见更一致）在前；"
            "3. 材料报送日期早者在前；4. 申报登记编号小者在前（方案未定，本办自定：") in lines


def test_the_tie_rule_cannot_change_once_the_list_is_published(reg):
    from boostdesk.models.register import RegisterError
    from boostdesk.panel.publicity import start_publicity

    ids = j18_to_j21(reg)
    adopt(reg, YEAR, tie_reason=REASON)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    with pytest.raises(RegisterError, match="同分规则不能再改"):
        reg.save_campaign(replace(reg.campaign(YEAR), tie_break_steps=("mean", "number")))
    assert rank(reg, YEAR).row(ids["j21"]).amount_fen == 3 * WAN


def test_the_command_line_sets_shows_and_asks(reg, capsys):
    j18_to_j21(reg)
    db = str(reg.path)
    reg.close()
    assert main(["campaign", "set", "--year", str(YEAR), "tie_break=平均分、标准差、报送日期、登记号",
                 "--db", db]) == 0
    capsys.readouterr()
    assert main(["campaign", "show", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "同分规则：得分相同时依次按 1. 全体专家平均分高者在前" in out
    assert "（方案未定，本办自定：档次分界处仅按材料报送日期或申报登记编号定下的，采纳时须写明理由）" in out
    assert main(["rank", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "档次分界处同分、仅按材料报送日期或申报登记编号排定的 4 项：采纳时须写明理由（--tie-reason）" in out
    assert "（方案未定，本办自定）；其中按材料报送日期或申报登记编号定下档次分界的，采纳时须写明理由" in out
    assert main(["panel", "adopt", "--db", db]) == 1
    assert "仅按材料报送日期排定先后" in capsys.readouterr().err
    assert main(["panel", "adopt", "--tie-reason", REASON, "--db", db]) == 0
    assert f"按材料报送日期或申报登记编号确定的 4 项：{REASON}" in capsys.readouterr().out


# -- 2. the publicity's length and the quotas ------------------------------------------
def test_campaign_show_marks_the_publicity_length_and_the_quotas():
    lines = campaign_lines(plan_2022())
    [days] = [line for line in lines if line.startswith("公示期：")]
    assert days == "公示期：7 天（方案未定，本办自定；按日历日计，首尾两日都算）"
    [tiers] = [line for line in lines if line.startswith("项目助推档次：")]
    assert tiers.endswith("（方案写“原则上”，本程序按上限执行：某档名额满后排名在后的项目不再列入该档，"
                          "人工调整也不超出；确需超出的，先在此调整名额）")


# -- 3. an award above the request -----------------------------------------------------
def j15(reg) -> dict[str, int]:
    """J14 92 (budget 19.99万: 10万 over its 50 % cap, so 5万); J15 60, a 市级 studio asking
    3万 on a 20万 budget: the 10万 place left is its."""
    ids = {"j14": make_project(reg, "项目J14", "城二职工创新工作室", CITY,
                               budget_fen=199_900_00, requested_fen=10 * WAN),
           "j15": make_project(reg, "项目J15", "城三职工创新工作室", CITY,
                               budget_fen=20 * WAN, requested_fen=3 * WAN)}
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["j14"]: 92, ids["j15"]: 60})
    return ids


def test_an_award_above_the_request_is_said_and_by_how_much(reg):
    ids = j15(reg)
    ranking = rank(reg, YEAR)
    assert ranking.row(ids["j14"]).amount_fen == 5 * WAN and not ranking.row(ids["j14"]).over_request
    row = ranking.row(ids["j15"])
    assert row.amount_fen == 10 * WAN  # not capped at the request: the plan sets no such rule
    assert row.over_request == ("注意：拟助推 ¥100,000.00 超过本项目申请金额 ¥30,000.00，多 ¥70,000.00"
                                "（方案按档次助推，未规定不得超过申请金额；采纳时须确认）")
    assert row.over_request in row.full_reason


def test_adopting_an_award_above_the_request_asks_for_the_reason(reg):
    ids = j15(reg)
    with pytest.raises(PanelError, match="拟助推金额超过其申请金额，不能直接采纳") as exc:
        adopt(reg, YEAR)
    assert "“项目J15”：注意：拟助推 ¥100,000.00 超过本项目申请金额 ¥30,000.00" in str(exc.value)
    assert reg.project(ids["j15"]).status == "review"
    adopt(reg, YEAR, over_request_reason="经研究按评审排名档次助推")
    assert "经研究按排名档次助推（超过申请金额）：经研究按评审排名档次助推" in \
        reg.project(ids["j15"]).status_reason
    [event] = [e for e in reg.audit_trail("proposals", reg.campaign_id(YEAR))
               if e["action"] == "adopt"]
    assert event["after"]["over_request_reason"] == "经研究按评审排名档次助推"


def test_a_tier_set_by_hand_is_the_offices_decision_already(reg):
    """A 市级 project cannot get 3万 (not its level's tier): set by hand to 5万, with its
    reason, the award is still said to be above the request but adopting does not ask."""
    from boostdesk.panel.tier_overrides import set_override

    ids = j15(reg)
    set_override(reg, ids["j15"], 5 * WAN, "市级最低档，经研究就低助推")
    assert "多 ¥20,000.00" in rank(reg, YEAR).row(ids["j15"]).over_request
    adopt(reg, YEAR)
    assert reg.project(ids["j15"]).status == "proposed"


def test_rank_and_adopt_on_the_command_line(reg, capsys):
    j15(reg)
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "超过本项目申请金额 ¥30,000.00，多 ¥70,000.00" in out
    assert "拟助推金额超过申请金额的 1 项：采纳时须写明理由（--over-request-reason）" in out
    assert main(["panel", "adopt", "--db", db]) == 1
    assert "--over-request-reason 理由" in capsys.readouterr().err
    assert main(["panel", "adopt", "--over-request-reason", "经研究确认", "--db", db]) == 0
    assert "拟助推金额超过申请金额的 1 项按排名档次助推：经研究确认" in capsys.readouterr().out
