"""帮助 → 工作流程's list of the year's steps (boostdesk.season_guide), without a display: the
office head found by trial that a patent needs two 改状态 moves, that experts are assigned
before packages are exported, that a project's payee is its studio's 所在单位. The list says
so in the plan's order, with the figures of the campaign in view — 2023's plan its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.models.campaign import CITY, DISTRICT, Tier, plan_2022
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.season_guide import guide_text, season_guide


def names(stream: str, campaign=None) -> list[str]:
    return [s.name for s in season_guide(campaign or plan_2022())[stream]]


def step(stream: str, name: str, campaign=None):
    return next(s for s in season_guide(campaign or plan_2022())[stream] if s.name.startswith(name))


def test_the_patent_season_is_report_qualify_approve_pay_print_without_review_or_publicity():
    assert names(PATENT) == ["报送", "资格审核", "核准", "拨付（一次拨付）", "打印审批表、拨付清单"]
    qualify, approve = step(PATENT, "资格审核"), step(PATENT, "核准")
    assert [p.text() for p in qualify.places] == [
        "专利助推 → 改状态（Ctrl+M） → 资格审核通过", "编辑 → 改变状态…（Ctrl+M） → 资格审核通过",
        "专利助推 → 改状态（Ctrl+M） → 更正资格审核日期（不改状态）"]
    assert [p.text() for p in approve.places] == ["专利助推 → 改状态（Ctrl+M） → 核准",
                                                  "编辑 → 改变状态…（Ctrl+M） → 核准"]
    assert "资格审核通过" in approve.before


def test_the_project_season_follows_the_plan_s_order():
    assert names(PROJECT) == [
        "报送", "填写工作室的所在单位（收款单位）", "资格审核", "专家评审：评审组",
        "专家评审：分配专家", "专家评审：评分包", "专家评审：评分录入", "专家评审：排名与档次",
        "采纳拟助推名单", "公示（异议）", "核准", "首笔拨付（60%）", "结题验收", "尾款拨付（40%）",
        "打印审批表、拨付清单"]
    assert "已分配专家" in step(PROJECT, "专家评审：评分包").before
    assert "所在单位" in step(PROJECT, "专家评审：分配专家").before
    assert "所在单位" in step(PROJECT, "首笔拨付").before


def test_the_year_s_plan_comes_first_in_settings():
    plan, _blank_tables = season_guide(plan_2022())["setup"]
    assert [p.text({"设置": "Ctrl+9"}) for p in plan.places] == [
        "设置（Ctrl+9） → 按本年度新建下一年度…（Alt+N）", "设置（Ctrl+9） → 保存本年度计划（Ctrl+S）"]
    assert guide_text(plan_2022()).index("开始之前") < guide_text(plan_2022()).index("发明专利助推")


def test_the_2022_figures_are_the_campaign_s():
    text = guide_text(plan_2022(), {"专家评审": "Ctrl+5"})
    for said in ("报送截止：2022年11月1日", "授权公告日须在 2021年1月1日 至 2021年12月31日",
                 "每项助推 ¥3,000.00：市总工会 ¥1,500.00、推荐工会 ¥1,500.00（1:1）",
                 "核准后 3 个月内拨付", "每人每年最多享受一次助推",
                 "10万元档 ¥100,000.00 × 10 项、5万元档 ¥50,000.00 × 20 项（市总工会与推荐工会 1:1）",
                 "3万元档 ¥30,000.00 × 50 项（市总工会与推荐工会 1:2）",
                 "不超过项目所需资金总额的 50%", "每个工作室最多申报 2 项", "每个工作室最多获助推 1 项",
                 "公示期 7 天", "公示期满后 3 个月内拨付助推资金的 60%", "最晚结题 2024年12月31日",
                 "专家评审（Ctrl+5） → 资格审核 → 资格审核日期 → 通过资格审核（Alt+P）"):
        assert said in text, said


def test_a_re_issued_plan_reads_its_own_dates_amounts_shares_and_quotas():
    plan_2023 = replace(
        plan_2022(), year=2023, title="北京市总工会2023年职工创新助推计划",
        submission_deadline=date(2023, 10, 20), grant_window_start=date(2022, 1, 1),
        grant_window_end=date(2022, 12, 31), patent_award_fen=5000_00, patent_split=(2, 3),
        max_patent_awards_per_person=2, patent_payment_months=2,
        tiers=(Tier("一", 120_000_00, 8, CITY), Tier("二", 40_000_00, 25, DISTRICT)),
        project_split={CITY: (1, 1), DISTRICT: (1, 3)}, budget_cap_percent=45,
        approval_year=2023, latest_completion=date(2025, 12, 31),
        max_applications_per_studio=3, tranche_shares=(70, 30), publicity_days=5,
        first_tranche_months=2, clauses={"deadline": "四"})
    text = guide_text(plan_2023)
    for said in ("本年度：北京市总工会2023年职工创新助推计划", "报送截止：2023年10月20日（方案四）", "2022年1月1日 至 2022年12月31日",
                 "每项助推 ¥5,000.00：市总工会 ¥2,000.00、推荐工会 ¥3,000.00（2:3）",
                 "核准后 2 个月内拨付", "每人每年最多享受 2 次助推",
                 "一档 ¥120,000.00 × 8 项", "二档 ¥40,000.00 × 25 项（市总工会与推荐工会 1:3）",
                 "总额的 45%", "每个工作室最多申报 3 项", "公示期 5 天",
                 "公示期满后 2 个月内拨付助推资金的 70%", "余下的 30%", "最晚结题 2025年12月31日"):
        assert said in text, said
    for gone in ("2022年11月1日", "每项助推 ¥3,000.00", "60%", "40%", "7 天", "10万元档", "× 50 项"):
        assert gone not in text, gone
    assert names(PROJECT, plan_2023)[-4:-1] == ["首笔拨付（70%）", "结题验收", "尾款拨付（30%）"]


def test_approval_says_the_close_s_own_rule():
    """核准 said 异议均已处理 before the close and 期满无异议即核准: the close approves a
    project whose objections were found 不成立 too, and leaves one still handled waiting."""
    from boostdesk.panel.publicity import CLOSE_RULE_ZH

    approve = step(PROJECT, "核准")
    assert CLOSE_RULE_ZH in approve.facts
    assert "异议均不成立的项目核准助推" in CLOSE_RULE_ZH
    assert "异议均已处理" not in approve.before


def test_qualification_names_the_list_s_own_column_and_the_decision_s_day():
    """The patent step said 列表“核对”栏: the list's column is 资格 (the project tab's 自动核对).
    Neither step said the 资格审核日期 (printed on the 审批表) nor how a standing one is put
    right (改状态 → 更正资格审核日期（不改状态））."""
    patent, project = step(PATENT, "资格审核"), step(PROJECT, "资格审核")
    assert patent.columns == ["资格"] and "核对”栏" not in patent.before
    assert project.columns == ["自动核对"]
    for qualify in (patent, project):
        facts = "\n".join(qualify.facts)
        assert "资格审核日期：" in facts and "打印在审批表上" in facts
        assert "更正资格审核日期（不改状态）" in facts
        assert any(p.choice == "更正资格审核日期（不改状态）" for p in qualify.places)
    assert all(p.field == "资格审核日期" for p in project.places if p.screen == "专家评审")


def test_adopting_with_too_few_experts_is_said_to_need_a_reason():
    """采纳为拟助推名单 refuses a project scored by fewer experts than the year asks unless a
    reason is written (adopt_proposal.short_message): the step says so before she meets it."""
    adopt = step(PROJECT, "采纳拟助推名单")
    facts = "\n".join(adopt.facts)
    assert "评审专家不足" in facts and "须写明理由" in facts and "补派专家" in facts
    assert adopt.columns == ["专家数"]
    assert "档次分界处同分" in facts
    # a project passed against a clause asks too (passed_against), by the mark the list shows
    from boostdesk.rules.passed_against import MARK

    assert f"档次一栏注“{MARK}”" in facts and "超申请" in facts
