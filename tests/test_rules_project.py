"""Rules of the project stream (plan part 二), each at its boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.models import CITY, DISTRICT, ProjectApplication, plan_2022
from boostdesk.models.records import PROJECT_MATERIALS, StudioAward
from boostdesk.rules import BLOCKING, WARNING, check_campaign, check_project_draft
from boostdesk.rules.project import add_years, completion_limit, intrinsic_findings

PLAN = plan_2022()
WAN = 10_000_00  # 1 万元 in fen


def app(**over) -> ProjectApplication:
    """A district-level studio's project that meets every condition of the 2022 plan."""
    base = ProjectApplication(
        campaign_year=2022, title="轨道车辆空调机组检修工装研制",
        studio_name="轨道车辆检修创新工作室", studio_level=DISTRICT, leader="罗振宇",
        unit_name="丰台区总工会", enterprise_name="北京丰台轨道交通装备有限公司",
        approval_date=date(2022, 3, 5), startup_funds_paid=True,
        planned_completion=date(2023, 12, 31), total_budget_fen=8 * WAN,
        requested_fen=3 * WAN, contact_name="王五", contact_phone="13900139000",
        received_date=date(2022, 10, 30), materials=dict.fromkeys(PROJECT_MATERIALS, True),
    )
    return replace(base, **over)


def city(**over) -> ProjectApplication:
    return app(**{
        "studio_name": "李红兵劳模创新工作室", "studio_level": CITY, "model_studio": True,
        "leader": "李红兵", "unit_name": "首钢集团工会", "enterprise_name": "首钢特钢材料有限公司",
        "total_budget_fen": 40 * WAN, "requested_fen": 10 * WAN, **over,
    })


def findings(make=app, **over):
    return intrinsic_findings(PLAN, make(**over))


def only(code: str, make=app, **over):
    found = [f for f in findings(make, **over) if f.code == code]
    assert len(found) == 1, f"{code}: {findings(make, **over)}"
    return found[0]


def test_a_district_project_meeting_every_condition_has_no_finding():
    assert findings() == []


def test_a_city_project_meeting_every_condition_has_no_finding():
    assert findings(city) == []


# -- 二（二）1 approved by the enterprise within 2022 ----------------------------------
def test_project_approved_2021_12_31_was_not_approved_in_2022():
    f = only("PROJECT_NOT_APPROVED_IN_YEAR", approval_date=date(2021, 12, 31))
    assert f.severity == BLOCKING
    assert "2021-12-31" in f.message and "2022 年内" in f.message and "方案二（二）1" in f.message


def test_project_approved_2022_01_01_was_approved_in_2022():
    assert findings(approval_date=date(2022, 1, 1)) == []


def test_project_approved_2022_12_31_was_approved_in_2022():
    # (the paper's 收件日期, 2022-10-30, before it is noted apart: APPROVED_AFTER_RECEIVED)
    assert [f for f in findings(approval_date=date(2022, 12, 31), planned_completion=date(2024, 6, 30))
            if f.code != "APPROVED_AFTER_RECEIVED"] == []


def test_project_approved_2023_01_01_was_not_approved_in_2022():
    f = only("PROJECT_NOT_APPROVED_IN_YEAR", approval_date=date(2023, 1, 1))
    assert f.severity == BLOCKING


def test_missing_approval_date_is_a_warning_naming_the_field():
    f = only("PROJECT_NOT_APPROVED_IN_YEAR", approval_date=None)
    assert f.severity == WARNING and f.missing and "立项日期" in f.message


# -- 二（二）1 start-up funds paid -------------------------------------------------------
def test_project_without_startup_funds_is_refused():
    f = only("NO_STARTUP_FUNDS", startup_funds_paid=False)
    assert f.severity == BLOCKING
    assert "启动资金" in f.message and "方案二（二）1" in f.message


def test_unknown_startup_funds_is_a_warning_naming_the_field():
    f = only("NO_STARTUP_FUNDS", startup_funds_paid=None)
    assert f.severity == WARNING and f.missing and "启动资金是否到位" in f.message


# -- 二（二）1 completed within two years, by 2024-12-31 at the latest --------------------
def test_approval_2022_03_05_plus_two_years_is_the_limit_2024_03_05():
    assert completion_limit(PLAN, date(2022, 3, 5)) == date(2024, 3, 5)


def test_completion_exactly_on_the_two_year_limit_passes():
    assert findings(approval_date=date(2022, 3, 5), planned_completion=date(2024, 3, 5)) == []


def test_completion_a_day_after_the_two_year_limit_is_too_late():
    f = only("COMPLETION_TOO_LATE", approval_date=date(2022, 3, 5),
             planned_completion=date(2024, 3, 6))
    assert f.severity == BLOCKING
    assert "2024-03-06" in f.message and "2024-03-05" in f.message
    assert "方案二（二）1" in f.message


def test_completion_on_the_latest_date_2024_12_31_passes():
    assert [f for f in findings(approval_date=date(2022, 12, 31), planned_completion=date(2024, 12, 31))
            if f.code != "APPROVED_AFTER_RECEIVED"] == []


def test_completion_2025_01_01_is_after_the_latest_date():
    f = only("COMPLETION_TOO_LATE", approval_date=date(2022, 12, 31),
             planned_completion=date(2025, 1, 1))
    assert "2024-12-31" in f.message


def test_latest_completion_date_binds_when_the_term_would_run_past_it():
    three_years = replace(PLAN, completion_years=3)
    assert completion_limit(three_years, date(2022, 6, 1)) == date(2024, 12, 31)
    late = app(approval_date=date(2022, 6, 1), planned_completion=date(2025, 1, 1))
    assert [f.code for f in intrinsic_findings(three_years, late)] == ["COMPLETION_TOO_LATE"]


def test_without_approval_date_completion_is_still_held_to_the_latest_date():
    codes = {f.code for f in findings(approval_date=None, planned_completion=date(2025, 1, 1))}
    assert codes == {"PROJECT_NOT_APPROVED_IN_YEAR", "COMPLETION_TOO_LATE"}


def test_missing_planned_completion_is_a_warning_naming_the_field():
    f = only("COMPLETION_TOO_LATE", planned_completion=None)
    assert f.severity == WARNING and f.missing and "计划完成日期" in f.message


def test_two_years_from_29_february_ends_on_28_february():
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)


# -- 二（三） union money at most 50 % of the project's budget ----------------------------
def test_district_boost_of_30000_on_a_60000_budget_is_exactly_50_percent():
    assert findings(total_budget_fen=6 * WAN, requested_fen=3 * WAN) == []


def test_district_budget_a_fen_under_60000_fits_no_tier_and_blocks():
    f = only("BOOST_OVER_BUDGET_SHARE", total_budget_fen=6 * WAN - 1, requested_fen=3 * WAN)
    assert f.severity == BLOCKING
    assert "50%" in f.message and "方案二（三）" in f.message
    assert "¥30,000.00" in f.message  # the lowest tier that no longer fits


def test_city_budget_under_100000_fits_not_even_the_50000_tier():
    f = only("BOOST_OVER_BUDGET_SHARE", city, total_budget_fen=10 * WAN - 1)
    assert f.severity == BLOCKING and "¥50,000.00" in f.message


def test_city_request_of_100000_on_150000_budget_warns_a_lower_tier_still_fits():
    f = only("BOOST_OVER_BUDGET_SHARE", city, total_budget_fen=15 * WAN)
    assert f.severity == WARNING
    assert "¥100,000.00" in f.message and "¥75,000.00" in f.message and "方案二（三）" in f.message


def test_city_request_of_100000_on_a_200000_budget_is_within_the_cap():
    assert findings(city, total_budget_fen=20 * WAN) == []


def test_missing_budget_is_a_warning_naming_the_field():
    f = only("BOOST_OVER_BUDGET_SHARE", total_budget_fen=None)
    assert f.severity == WARNING and f.missing and "项目总投入" in f.message


def test_cap_percentage_comes_from_the_campaign():
    stricter = replace(PLAN, budget_cap_percent=40)
    apply = app(total_budget_fen=7 * WAN)  # 40 % is 28,000: under the 30,000 tier
    assert [f.code for f in intrinsic_findings(stricter, apply)] == ["BOOST_OVER_BUDGET_SHARE"]


# -- 二（三） tiers per studio level -----------------------------------------------------------
def test_district_studio_asking_for_a_city_tier_is_warned():
    f = only("REQUESTED_TIER_MISMATCH", requested_fen=5 * WAN, total_budget_fen=20 * WAN)
    assert f.severity == WARNING and "¥30,000.00" in f.message and "方案二（三）" in f.message


@pytest.mark.parametrize(("level", "asked", "cited"), [
    (DISTRICT, 5 * WAN, "方案二（三）2）"), (CITY, 3 * WAN, "方案二（三）1）")])
def test_an_amount_off_the_tiers_cites_its_levels_sub_clause(level, asked, cited):
    """二（三）1 sets the city studios' tiers, 二（三）2 the district ones': not 二（三）."""
    f = only("REQUESTED_TIER_MISMATCH", studio_level=level, requested_fen=asked,
             total_budget_fen=20 * WAN)
    assert f.message.endswith(cited)


def test_an_amount_off_the_tiers_cites_the_sub_clause_as_the_years_plan_numbers_it():
    renumbered = replace(PLAN, clauses={"project_district_award": "二（四）2"})
    [f] = [f for f in intrinsic_findings(renumbered, app(requested_fen=5 * WAN,
                                                          total_budget_fen=20 * WAN))
           if f.code == "REQUESTED_TIER_MISMATCH"]
    assert f.message.endswith("方案二（四）2）")


def test_missing_studio_level_is_a_warning_naming_the_field():
    f = only("STUDIO_LEVEL_MISSING", studio_level=None)
    assert f.severity == WARNING and f.missing and "工作室级别" in f.message


def test_a_model_studio_is_city_level_so_a_district_one_is_warned():
    f = only("MODEL_STUDIO_NOT_CITY", model_studio=True)
    assert f.severity == WARNING and not f.missing and f.field == "studio_level"
    assert "区/局/集团级" in f.message and "方案二（三）1" in f.message


def test_a_model_studio_without_a_level_is_warned_besides_the_missing_level():
    codes = [f.code for f in findings(model_studio=True, studio_level=None)]
    assert {"STUDIO_LEVEL_MISSING", "MODEL_STUDIO_NOT_CITY"} <= set(codes)


def test_a_city_model_studio_and_a_district_studio_not_model_have_no_such_finding():
    assert not [f for f in findings(city) + findings() if f.code == "MODEL_STUDIO_NOT_CITY"]


def test_missing_studio_name_is_a_gap_to_fill_not_a_refusal():
    """A name the paper leaves out is 待补材料 (缺少…请补充), as every other fact missing:
    it was 不合格 under 二（一）, as if the plan refused the studio."""
    f = only("STUDIO_MISSING", studio_name="")
    assert f.severity == WARNING and f.missing
    assert f.message.startswith("缺少“工作室名称”") and f.message.endswith("请补充")
    assert "方案二（一）" in f.message and "方案二（二）2" in f.message


# -- 二（四）1 materials, 三 deadline ---------------------------------------------------------
def test_missing_project_materials_are_listed():
    f = only("MATERIALS_MISSING", materials={"form": True})
    assert "企业立项文件" in f.message and "启动资金拨付证明" in f.message
    assert "方案二（四）1" in f.message and f.missing


def test_project_received_after_the_deadline_is_late():
    f = only("LATE_SUBMISSION", received_date=date(2022, 11, 2))
    assert f.severity == WARNING and "方案三" in f.message


def test_project_received_on_the_deadline_is_on_time():
    assert findings(received_date=date(2022, 11, 1)) == []


def test_every_missing_project_fact_is_reported_never_silently_passed():
    bare = ProjectApplication(campaign_year=2022, studio_name="智能检测职工创新工作室")
    found = intrinsic_findings(PLAN, bare)
    assert {"approval_date", "startup_funds_paid", "planned_completion", "total_budget_fen",
            "studio_level", "materials", "received_date"} <= {f.field for f in found}
    assert all(f.severity == WARNING and f.missing for f in found)


# -- across applications: per-studio limits and earlier awards --------------------------------
def _verdicts(reg, year=2022):
    return {v.app_id: v for v in check_campaign(reg, year) if v.stream == "project"}


# titles far apart: "检修工装研制（第1项）" and "（第2项）" are near copies (a 提示) since stop 44
TITLES = {1: "检修工装研制", 2: "轮对探伤装置改进", 3: "制动阀试验台开发", 4: "受电弓状态在线监测"}


def _titled(n: int) -> ProjectApplication:
    return app(title=TITLES[n])


def test_a_studio_may_send_two_applications(reg):
    ids = [reg.save_project(_titled(n)) for n in (1, 2)]
    v = _verdicts(reg)
    assert all(v[i].eligible for i in ids)


def test_a_studios_third_application_is_over_the_limit_of_two(reg):
    ids = [reg.save_project(_titled(n)) for n in (1, 2, 3)]
    v = _verdicts(reg)
    assert [v[i].eligible for i in ids] == [True, True, False]
    [f] = v[ids[2]].findings
    assert f.code == "STUDIO_TOO_MANY_APPLICATIONS" and f.severity == BLOCKING
    assert "不超过 2 项" in f.message and "第 3 项" in f.message and "方案二（二）2" in f.message


def test_applications_of_other_studios_and_years_do_not_count(reg):
    reg.save_campaign(PLAN.for_year(2021))
    reg.save_project(replace(_titled(1), campaign_year=2021, approval_date=date(2021, 3, 5),
                             planned_completion=date(2022, 12, 31),
                             received_date=date(2021, 10, 20)))
    # another studio: another leader too (one leader's studios in one enterprise count as one)
    reg.save_project(replace(_titled(2), studio_name="智能检测职工创新工作室", leader="周海涛"))
    ids = [reg.save_project(_titled(n)) for n in (3, 4)]
    v = _verdicts(reg)
    assert all(v[i].eligible for i in ids)


def test_the_same_project_sent_twice_is_a_duplicate_not_a_third_application(reg):
    a = reg.save_project(_titled(1))
    b = reg.save_project(_titled(2))
    again = reg.save_project(replace(_titled(1), title=" 检修工装研制 "))
    v = _verdicts(reg)
    assert v[a].eligible and v[b].eligible
    assert [f.code for f in v[again].findings] == ["DUPLICATE_APPLICATION"]
    assert "方案二（二）2" in v[again].findings[0].message


def _award_2021(reg, accepted: bool) -> int:
    reg.save_campaign(PLAN.for_year(2021))
    earlier = reg.save_project(replace(
        app(title="空调机组变频改造"), campaign_year=2021, approval_date=date(2021, 4, 1),
        planned_completion=date(2022, 12, 31), received_date=date(2021, 10, 20)))
    for status in ("qualified", "review", "proposed", "publicized"):
        reg.set_status("project", earlier, status)
    reg.set_status("project", earlier, "approved", award_fen=3 * WAN)
    reg.set_status("project", earlier, "paid_first")
    if accepted:
        reg.set_status("project", earlier, "accepted", accepted_date=date(2022, 10, 10))
    return earlier


def test_studio_with_an_earlier_award_not_yet_accepted_cannot_apply(reg):
    _award_2021(reg, accepted=False)
    now = reg.save_project(app())
    [f] = _verdicts(reg)[now].findings
    assert f.code == "STUDIO_HAS_UNFINISHED_AWARD" and f.severity == BLOCKING
    assert "2021 年度“空调机组变频改造”" in f.message
    assert "结题验收" in f.message and "方案二（一）" in f.message


def test_studio_whose_earlier_award_passed_acceptance_may_apply(reg):
    _award_2021(reg, accepted=True)
    now = reg.save_project(app())
    assert _verdicts(reg)[now].eligible


def test_unaccepted_award_typed_in_from_before_the_register_blocks_the_studio(reg):
    reg.add_studio_award(StudioAward("轨道车辆检修创新工作室", 2020, "转向架检修平台", 3 * WAN,
                                     accepted=False))
    now = reg.save_project(app())
    [f] = _verdicts(reg)[now].findings
    assert f.code == "STUDIO_HAS_UNFINISHED_AWARD" and "2020 年度“转向架检修平台”" in f.message


def test_accepted_award_typed_in_from_before_the_register_does_not_block(reg):
    reg.add_studio_award(StudioAward("轨道车辆检修创新工作室", 2020, "转向架检修平台", 3 * WAN,
                                     accepted=True, accepted_date=date(2021, 12, 1)))
    now = reg.save_project(app())
    assert _verdicts(reg)[now].eligible


def test_draft_of_a_studios_third_application_is_told_before_saving(reg):
    for n in (1, 2):
        reg.save_project(_titled(n))
    v = check_project_draft(reg, _titled(3))
    assert [f.code for f in v.findings] == ["STUDIO_TOO_MANY_APPLICATIONS"]


def test_draft_of_a_blocked_studio_is_told_before_saving(reg):
    _award_2021(reg, accepted=False)
    v = check_project_draft(reg, app())
    assert [f.code for f in v.findings] == ["STUDIO_HAS_UNFINISHED_AWARD"]


def test_draft_of_a_new_studio_meeting_every_condition_is_eligible(reg):
    v = check_project_draft(reg, app(studio_name="新成立职工创新工作室"))
    assert v.eligible and v.findings == []


@pytest.mark.parametrize("level, budget, requested, eligible", [
    (CITY, 20 * WAN, 10 * WAN, True),
    (CITY, 10 * WAN, 5 * WAN, True),
    (CITY, 10 * WAN - 1, 5 * WAN, False),
    (DISTRICT, 6 * WAN, 3 * WAN, True),
    (DISTRICT, 6 * WAN - 1, 3 * WAN, False),
])
def test_the_50_percent_cap_per_tier(level, budget, requested, eligible):
    found = findings(studio_level=level, total_budget_fen=budget, requested_fen=requested)
    assert (not any(f.blocking for f in found)) is eligible


# -- 二（二）1 立项之日起两年内完成: a completion before the approval is a year mistyped ------
def test_completion_2022_01_01_before_approval_2022_05_01_is_refused_citing_2_2_1():
    f = only("COMPLETION_BEFORE_APPROVAL", approval_date=date(2022, 5, 1),
             planned_completion=date(2022, 1, 1))
    assert f.severity == BLOCKING and f.field == "planned_completion"
    assert "计划完成日期 2022-01-01 早于立项日期 2022-05-01" in f.message
    assert "方案二（二）1" in f.message


def test_completion_on_the_day_of_approval_is_not_before_it():
    # (received before the completion, so none is noted: a day before the plan, said apart)
    assert [f for f in findings(approval_date=date(2022, 5, 1), planned_completion=date(2022, 5, 1),
                                received_date=date(2022, 4, 30))
            if f.code not in ("RECEIVED_IMPOSSIBLE", "APPROVED_AFTER_RECEIVED")] == []


# -- 二 (opening) 重点助推正在开展的项目: a project done before its paper came is noted ----
def test_completion_before_the_paper_was_received_is_a_note_not_a_refusal():
    f = only("COMPLETED_BEFORE_RECEIVED", approval_date=date(2022, 2, 1),
             planned_completion=date(2022, 6, 30), received_date=date(2022, 10, 31))
    assert f.severity == WARNING and not f.missing and f.field == "planned_completion"
    assert "2022-06-30 早于收件日期 2022-10-31" in f.message and "正在开展" in f.message
    assert "（方案二）" in f.message


# -- 二（二）1 项目已由企业批准立项: approved when its paper was sent ---------------------
def test_a_project_approved_after_its_paper_was_received_is_noted_to_check():
    # a union's table imported with its 收件日期 (or --received) before the row's 立项日期:
    # the form, Ctrl+D and `review received` refuse such a day; stored, `check` says it
    f = only("APPROVED_AFTER_RECEIVED", approval_date=date(2022, 11, 20),
             planned_completion=date(2023, 12, 31), received_date=date(2022, 10, 28))
    assert f.severity == WARNING and not f.missing and f.field == "approval_date"
    assert "立项日期 2022-11-20 晚于收件日期 2022-10-28" in f.message
    assert "尚未由企业批准立项" in f.message and "（方案二（二）1）" in f.message


def test_approved_on_the_day_received_or_without_a_receipt_date_says_nothing():
    assert findings(approval_date=date(2022, 10, 30), received_date=date(2022, 10, 30)) == []
    codes = {f.code for f in findings(approval_date=date(2022, 11, 20), received_date=None)}
    assert "APPROVED_AFTER_RECEIVED" not in codes


def test_completion_on_the_day_received_or_without_a_receipt_date_says_nothing():
    assert findings(planned_completion=date(2022, 10, 30), received_date=date(2022, 10, 30)) == []
    codes = {f.code for f in findings(planned_completion=date(2022, 6, 30), received_date=None)}
    assert "COMPLETED_BEFORE_RECEIVED" not in codes


def test_a_completion_before_approval_is_said_once_as_the_refusal():
    codes = [f.code for f in findings(approval_date=date(2022, 5, 1),
                                      planned_completion=date(2022, 1, 1),
                                      received_date=date(2022, 10, 31))]
    assert codes == ["COMPLETION_BEFORE_APPROVAL"]
