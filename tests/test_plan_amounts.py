"""方案一（三）、二（三）'s amounts typed a unit off — 「3万」 for 3000元, 10 under a tier named
10万元 — are asked before they are stored (`campaign set --yes`, 设置's 仍然保存), as the
grant window's clashes are; the 2022 plan's paper address and contacts as the plan gives
them; a new register's `campaign new --year 2022`."""

from __future__ import annotations

from boostdesk.campaign_settings import apply_settings, campaign_lines, tidy_contact
from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.campaign import PAPER_ADDRESS_2022, Campaign
from boostdesk.plan_amounts import amount_doubts, named_amount

TESTER_TIERS = "tiers=10万元:10:10:市级；5万元:5:20:市级；3万元:3:50:区/局/集团级"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_tiers_name_states_its_amount_in_figures_or_words():
    assert [named_amount(n) for n in ("10万元", "5万", "3000元", "三万元", "叁万元", "一档", "市级")] \
        == [100_000_00, 50_000_00, 3000_00, 30_000_00, 30_000_00, None, None]


def test_a_tier_whose_amount_is_not_the_one_its_name_states_is_asked_about():
    plan = plan_2022()
    after = apply_settings(plan, [("tiers", TESTER_TIERS.removeprefix("tiers="))])
    doubts = amount_doubts(plan, after)
    assert [d.what for d in doubts] == ["第 1 档“10万元”的金额", "第 2 档“5万元”的金额",
                                        "第 3 档“3万元”的金额"]
    line = doubts[1].line()
    assert "第 2 档“5万元”的金额为 ¥5.00：与名称所写的 ¥50,000.00 不符" in line, line
    assert line.endswith("是否把万元填成了元？")


def test_a_tier_named_as_its_amount_and_one_without_an_amount_are_not_asked():
    plan = plan_2022()
    after = apply_settings(plan, [("tiers", "10万元:100000:10:市级；一档:50000:20:市级；"
                                            "3万元:30000:50:区/局/集团级")])
    assert amount_doubts(plan, after) == []


def test_a_patent_award_ten_times_the_one_before_asks_whether_yuan_became_wan():
    plan = plan_2022()
    doubts = amount_doubts(plan, apply_settings(plan, [("patent_award", "3万")]))
    assert [d.line() for d in doubts] == [
        "每项专利助推金额为 ¥30,000.00：原为 ¥3,000.00，是其 10 倍。是否把元填成了万元？"]
    assert amount_doubts(plan, apply_settings(plan, [("patent_award", "5000")])) == []


def test_an_award_far_from_last_years_or_past_the_bounds_is_asked():
    plan, next_year = plan_2022(), plan_2022().for_year(2023)
    set_before = next_year.with_changes(patent_award_fen=30_000_00)  # asked and agreed then
    doubts = amount_doubts(set_before, set_before.with_changes(patent_award_fen=40_000_00), plan)
    assert "2022 年度为 ¥3,000.00，是其 13 倍" in doubts[0].line()
    high = amount_doubts(None, next_year.with_changes(patent_award_fen=200_000_00))
    assert "高于 ¥100,000.00" in high[0].line()
    low = amount_doubts(None, next_year.with_changes(tiers=(
        next_year.tiers[0].__class__("一档", 50_00, 10, "city"),)))
    assert "低于 ¥100.00" in low[0].line() and low[0].line().endswith("是否把万元填成了元？")


def test_an_amount_left_as_it_was_is_not_asked_again():
    plan = plan_2022()
    odd = apply_settings(plan, [("patent_award", "3万")])
    assert amount_doubts(odd, apply_settings(odd, [("publicity_days", "9")])) == []


def test_campaign_set_says_the_doubtful_amounts_and_stores_them_only_with_yes(capsys, tmp_path):
    db = str(tmp_path / "r.db")
    Register.open(db).close()
    code, out, err = run(capsys, "campaign", "set", "--db", db, TESTER_TIERS)
    assert code == 1 and "未保存：2022 年度计划未改动" in err and "请加 --yes" in err, err
    assert "第 1 档“10万元”的金额为 ¥10.00：与名称所写的 ¥100,000.00 不符" in out, out
    code, out, err = run(capsys, "campaign", "set", "--db", db, "patent_award=3万")
    assert code == 1 and "是否把元填成了万元？" in out, out
    with Register.open(db) as reg:
        assert reg.campaign(2022).tiers == plan_2022().tiers
        assert reg.campaign(2022).patent_award_fen == 3000_00
    code, out, err = run(capsys, "campaign", "set", "--db", db, "patent_award=3万", "--yes")
    assert code == 0 and "已修改 2022 年度助推计划" in out, err
    with Register.open(db) as reg:
        assert reg.campaign(2022).patent_award_fen == 30_000_00


def test_contacts_pasted_from_the_plan_are_stored_as_the_preset_writes_them(capsys, tmp_path):
    pasted = "高  珊83570885    李梦遥83570883"  # 三、相关要求 as copied from the plan's text
    assert tidy_contact(pasted) == plan_2022().notice_contact
    assert tidy_contact("高珊 李梦遥 83570885") == "高珊 李梦遥 83570885"  # two names: as typed
    db = str(tmp_path / "r.db")
    Register.open(db).close()
    code, out, err = run(capsys, "campaign", "set", "--db", db, "notice_contact=赵六83570111  钱七 83570112")
    assert code == 0, err
    with Register.open(db) as reg:
        assert reg.campaign(2022).notice_contact == "赵六 83570111、钱七 83570112"


def test_the_paper_materials_address_is_the_plans_and_a_setting(capsys, tmp_path):
    plan = plan_2022()
    assert plan.paper_address == PAPER_ADDRESS_2022
    assert "虎坊路13号" in plan.paper_address and plan.paper_address.startswith("北京市职工技术协会")
    assert f"纸质材料报送至：{PAPER_ADDRESS_2022}" in campaign_lines(plan)
    stored_before = plan.to_json().replace(f'"paper_address": "{PAPER_ADDRESS_2022}", ', "")
    assert "paper_address" not in stored_before
    assert Campaign.from_json(stored_before).paper_address == PAPER_ADDRESS_2022
    db = str(tmp_path / "r.db")
    Register.open(db).close()
    code, out, err = run(capsys, "campaign", "set", "--db", db, "paper_address=某协会（某路1号）")
    assert code == 0 and "纸质材料报送至：" in out, err
    code, out, err = run(capsys, "campaign", "show", "--db", db)
    assert "纸质材料报送至：某协会（某路1号）" in out


def test_campaign_new_2022_on_a_new_register_says_the_plan_is_preset(capsys, tmp_path):
    db = str(tmp_path / "new.db")
    code, out, err = run(capsys, "campaign", "new", "--db", db, "--year", "2022")
    assert code == 0, err
    assert "错误" not in err and "已存在" not in out + err
    assert "新登记册已预置 2022 年度的助推计划" in out and "campaign show --year 2022" in out
    code, out, err = run(capsys, "campaign", "new", "--db", db, "--year", "2022")
    assert code != 0 and "2022 年度的助推计划已存在" in err  # not new any more: as before
