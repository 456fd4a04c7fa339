"""Rules of the patent stream (plan part 一), each at its boundaries.

Test names read like the clause they check. Numbers are made up but well formed:
patent check characters by ZC 0006-2003, ID check characters by GB 11643.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import own_card

from boostdesk.models import PatentApplication, plan_2022
from boostdesk.models.records import PATENT_MATERIALS
from boostdesk.rules import BLOCKING, WARNING, check_campaign, check_patent_draft, refresh
from boostdesk.rules.findings import from_json
from boostdesk.rules.patent import intrinsic_findings

PLAN = plan_2022()
ID_ZHANG = "110108198001010015"
ID_LI = "110105198507070024"
CARD = "6214680000000000008"  # passes Luhn
CARD_FAILING_LUHN = "6214680000000000009"

INVENTION = "ZL202110123456.7"
INVENTION_2 = "ZL202110654321.3"
INVENTION_3 = "ZL202110777777.9"


def app(**over) -> PatentApplication:
    """An application that meets every condition of the 2022 plan."""
    base = PatentApplication(
        campaign_year=2022, title="一种基于深度学习的焊缝缺陷识别方法",
        patent_number_raw=INVENTION, grant_date=date(2021, 6, 15), inventor_name="张三",
        id_number=ID_ZHANG, card_number=CARD, phone="13800138000", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="海淀区总工会",
        enterprise_name="北京中科智测科技有限公司", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True),
    )
    if "card_number" not in over and over.get("id_number", ID_ZHANG) != ID_ZHANG:
        over["card_number"] = own_card(str(over["id_number"]))  # another's own card
    return replace(base, **over)


def findings(**over):
    return intrinsic_findings(PLAN, app(**over))


def only(code: str, **over):
    """The single finding of ``code``; fails if there is none or more than one."""
    found = [f for f in findings(**over) if f.code == code]
    assert len(found) == 1, f"{code}: {findings(**over)}"
    return found[0]


def codes(**over) -> set[str]:
    return {f.code for f in findings(**over)}


def test_an_application_meeting_every_condition_has_no_finding():
    assert findings() == []


# -- 一（二）1 grant-date window -------------------------------------------------
def test_patent_granted_2020_12_31_is_outside_the_2021_window():
    f = only("GRANT_DATE_OUTSIDE_WINDOW", grant_date=date(2020, 12, 31))
    assert f.severity == BLOCKING
    assert "2020-12-31" in f.message and "方案一（二）1" in f.message
    assert "2021-01-01 至 2021-12-31" in f.message


def test_patent_granted_2021_01_01_is_inside_the_2021_window():
    assert findings(grant_date=date(2021, 1, 1)) == []


def test_patent_granted_2021_12_31_is_inside_the_2021_window():
    assert findings(grant_date=date(2021, 12, 31)) == []


def test_patent_granted_2022_01_01_is_outside_the_2021_window():
    f = only("GRANT_DATE_OUTSIDE_WINDOW", grant_date=date(2022, 1, 1))
    assert f.severity == BLOCKING and "2022-01-01" in f.message


def test_grant_window_comes_from_the_campaign_not_the_code():
    plan_2023 = PLAN.for_year(2023)
    # received in the 2023 season: a 2022 day is before the 2023 plan (a 提示 of its own)
    inside = app(campaign_year=2023, grant_date=date(2022, 6, 1), received_date=date(2023, 10, 25))
    outside = app(campaign_year=2023, grant_date=date(2021, 6, 1), received_date=date(2023, 10, 25))
    assert intrinsic_findings(plan_2023, inside) == []
    assert [f.code for f in intrinsic_findings(plan_2023, outside)] == [
        "GRANT_DATE_OUTSIDE_WINDOW"]


def test_missing_grant_date_is_a_warning_naming_the_field():
    f = only("GRANT_DATE_OUTSIDE_WINDOW", grant_date=None)
    assert f.severity == WARNING and f.missing
    assert "授权公告日" in f.message and f.field == "grant_date"


# -- 一（二）1 a CNIPA invention patent ------------------------------------------------
@pytest.mark.parametrize("typed", [
    "ZL202110123456.7", "ZL 2021 1 0123456.7", "CN202110123456.7", "202110123456.7",
    "zl202110123456.7", "ZL２０２１１０１２３４５６.７", "ZL 98 1 12345.7",
])
def test_invention_patent_number_as_clerks_type_it_passes(typed):
    assert findings(patent_number_raw=typed) == []


def test_pct_invention_type_8_is_an_invention():
    assert findings(patent_number_raw="ZL202180123456.5") == []


@pytest.mark.parametrize("typed, kind", [
    ("ZL202120123456.2", "实用新型"), ("ZL202190123456.0", "实用新型"),
    ("ZL202130123456.8", "外观设计"), ("ZL 98 2 12345.0", "实用新型"),
])
def test_utility_model_or_design_is_not_an_invention_patent(typed, kind):
    f = only("PATENT_NOT_INVENTION", patent_number_raw=typed)
    assert f.severity == BLOCKING
    assert kind in f.message and "方案一（二）1" in f.message and "发明专利" in f.message


def test_wrong_check_character_is_an_invalid_patent_number():
    f = only("PATENT_NUMBER_INVALID", patent_number_raw="ZL202110123456.3")
    assert f.severity == BLOCKING and f.field == "patent_number_raw"
    assert "校验位" in f.message and "方案一（二）1" in f.message


@pytest.mark.parametrize("typed", ["ZL202110123456", "ZL 2021 1 0123456", "202110123456."])
def test_patent_number_lacking_only_its_check_character_is_a_fact_to_send(typed):
    # the 12 digits name the patent: its check digit, missing, is 待补材料 (not 不合格),
    # the digit they give said to be checked against the certificate
    f = only("PATENT_NUMBER_INVALID", patent_number_raw=typed)
    assert f.severity == WARNING and f.missing and f.field == "patent_number_raw"
    assert "缺少校验位" in f.message and "应为 7" in f.message and INVENTION in f.message
    assert "方案一（二）1" in f.message
    assert not any(x.blocking for x in findings(patent_number_raw=typed))


def test_a_utility_model_lacking_its_check_character_is_still_no_invention():
    f = only("PATENT_NOT_INVENTION", patent_number_raw="ZL202120123456")
    assert f.severity == BLOCKING and "实用新型" in f.message


def test_digits_no_number_has_lacking_a_check_character_are_invalid():
    f = only("PATENT_NUMBER_INVALID", patent_number_raw="ZL202150123456")  # type digit 5
    assert f.severity == BLOCKING


def test_missing_patent_number_is_a_warning_naming_the_field():
    f = only("PATENT_NUMBER_INVALID", patent_number_raw="  ")
    assert f.severity == WARNING and f.missing and "专利号" in f.message


# -- 一（二）1 applied in production -----------------------------------------------------
def test_patent_not_applied_in_production_is_refused():
    f = only("NOT_APPLIED_IN_PRODUCTION", applied_in_production=False)
    assert f.severity == BLOCKING
    assert "生产" in f.message and "方案一（二）1" in f.message


def test_unknown_production_use_is_a_warning_naming_the_field():
    f = only("NOT_APPLIED_IN_PRODUCTION", applied_in_production=None)
    assert f.severity == WARNING and f.missing and "是否已在生产中应用" in f.message


# -- 一（二）2 service invention, frontline, union card ----------------------------------
def test_non_service_invention_is_refused():
    f = only("NOT_SERVICE_INVENTION", service_invention=False)
    assert f.severity == BLOCKING
    assert "职务发明" in f.message and "方案一（二）2" in f.message


def test_unknown_service_invention_is_a_warning_naming_the_field():
    f = only("NOT_SERVICE_INVENTION", service_invention=None)
    assert f.severity == WARNING and f.missing and "是否职务发明" in f.message


def test_first_inventor_not_on_the_frontline_is_refused():
    f = only("NOT_FRONTLINE", frontline=False)
    assert f.severity == BLOCKING
    assert "一线职工" in f.message and "方案一（二）2" in f.message


def test_unknown_frontline_is_a_warning_naming_the_field():
    f = only("NOT_FRONTLINE", frontline=None)
    assert f.severity == WARNING and f.missing and "是否一线职工" in f.message


def test_a_blank_union_card_is_a_fact_to_supply_not_a_refusal():
    """一（二）2: an empty cell says nothing of whether he holds a card — 待补材料, as
    every other blank is, never 不合格."""
    f = only("NO_UNION_CARD", card_number="")
    assert f.severity == WARNING and f.missing and f.field == "card_number"
    assert "工会会员互助服务卡号" in f.message and "方案一（二）2" in f.message
    assert f.message.endswith("请补充")


@pytest.mark.parametrize("card", ["621468000000008", "62146800000000000081",
                                  "6214 6800 0000 0000 00A"])
def test_union_card_of_wrong_length_or_with_letters_is_refused(card):
    f = only("UNION_CARD_INVALID", card_number=card)
    assert f.severity == BLOCKING and "方案一（二）2" in f.message


def test_union_card_failing_luhn_only_warns():
    f = only("UNION_CARD_INVALID", card_number=CARD_FAILING_LUHN)
    assert f.severity == WARNING and "末位校验位不符" in f.message and "方案一（二）2" in f.message
    assert not any(x.blocking for x in findings(card_number=CARD_FAILING_LUHN))


@pytest.mark.parametrize("card", ["6214 6800 0000 0000 008", "6214-6800-0000-0000-008",
                                  "6214680000000008"])
def test_union_card_with_spaces_dashes_or_16_digits_passes(card):
    from stdnum import luhn

    assert luhn.is_valid(card.replace(" ", "").replace("-", ""))
    assert findings(card_number=card) == []


# -- 一（一） the first inventor -----------------------------------------------------------
def test_invalid_resident_id_is_refused():
    f = only("PERSON_ID_INVALID", id_number=ID_ZHANG[:-1] + "6")
    assert f.severity == BLOCKING and "校验位" in f.message


def test_missing_resident_id_is_a_warning_naming_the_field():
    f = only("PERSON_ID_INVALID", id_number="")
    assert f.severity == WARNING and f.missing and "身份证号" in f.message


def test_missing_inventor_name_is_refused():
    f = only("INVENTOR_MISSING", inventor_name=" ")
    assert f.severity == BLOCKING and "方案一（一）" in f.message


# -- 一（四）1 materials, 三 deadline -------------------------------------------------------
def test_missing_materials_are_listed_by_their_paper_names():
    f = only("MATERIALS_MISSING", materials={"form": True, "certificate": True})
    assert f.severity == WARNING and f.missing
    assert "企业应用证明" in f.message and "方案一（四）1" in f.message
    assert "申报表" not in f.message


def test_materials_received_on_the_deadline_day_are_on_time():
    assert findings(received_date=date(2022, 11, 1)) == []


def test_materials_received_the_day_after_the_deadline_are_late():
    f = only("LATE_SUBMISSION", received_date=date(2022, 11, 2))
    assert f.severity == WARNING  # the reviewer decides whether to accept
    assert "2022-11-02" in f.message and "2022-11-01" in f.message and "方案三" in f.message


def test_missing_received_date_is_a_warning_naming_the_field():
    f = only("LATE_SUBMISSION", received_date=None)
    assert f.severity == WARNING and f.missing and "收件日期" in f.message


def test_every_missing_fact_is_reported_never_silently_passed():
    bare = PatentApplication(campaign_year=2022, inventor_name="张三")
    found = intrinsic_findings(PLAN, bare)
    fields = {f.field for f in found}
    assert {"patent_number_raw", "grant_date", "applied_in_production", "service_invention",
            "frontline", "card_number", "id_number", "materials", "received_date"} <= fields
    assert all(f.message for f in found)


# -- across applications: one award per person and per patent -------------------------------
def _saved(reg, **over) -> int:
    return reg.save_patent(app(**over))


def _verdicts(reg, year=2022):
    return {v.app_id: v for v in check_campaign(reg, year) if v.stream == "patent"}


def test_one_person_with_two_eligible_patents_gets_one_award(reg):
    first = _saved(reg)
    second = _saved(reg, patent_number_raw=INVENTION_2, title="一种焊缝跟踪装置")
    v = _verdicts(reg)
    assert v[first].eligible and not v[second].eligible
    [f] = v[second].findings
    assert f.code == "PERSON_ALREADY_AWARDED_THIS_YEAR" and f.severity == BLOCKING
    assert "每人每年最多享受一次助推" in f.message and "方案一（三）" in f.message
    assert INVENTION in f.message  # names the patent that keeps the award
    assert "本年度已有在先申报的专利" in f.message  # not yet awarded: not said to be


def test_the_patent_already_approved_keeps_the_award_of_its_inventor(reg):
    first = _saved(reg)
    second = _saved(reg, patent_number_raw=INVENTION_2)
    reg.set_status("patent", second, "qualified")
    reg.set_status("patent", second, "approved", award_fen=3000_00)
    v = _verdicts(reg)
    assert v[second].eligible and not v[first].eligible
    assert "本年度已获助推的专利" in v[first].findings[0].message
    assert [f.code for f in v[first].findings] == ["PERSON_ALREADY_AWARDED_THIS_YEAR"]


def test_an_ineligible_patent_does_not_take_the_persons_award(reg):
    refused = _saved(reg, grant_date=date(2020, 12, 31))
    good = _saved(reg, patent_number_raw=INVENTION_2)
    v = _verdicts(reg)
    assert v[good].eligible and v[good].findings == []
    assert [f.code for f in v[refused].findings] == ["GRANT_DATE_OUTSIDE_WINDOW"]


def test_a_patent_the_clerk_refused_does_not_take_the_persons_award(reg):
    """一（三）: refused at 资格审核 (a certificate copy that does not match, say), the
    first patent claims nothing: the person's other patent is eligible, in the full check,
    in the re-check after the refusal, and in the form's check of a new one."""
    from boostdesk.rules import recheck

    first = _saved(reg)
    second = _saved(reg, patent_number_raw=INVENTION_2)
    recheck(reg)
    assert not _verdicts(reg)[second].eligible
    reg.set_status("patent", first, "refused", "证书复印件与原件不符")
    recheck(reg)
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (second,)) == 1
    assert _verdicts(reg)[second].eligible
    [told] = _verdicts(reg)[first].findings  # the refused one is told which one stays
    assert told.code == "PERSON_ALREADY_AWARDED_THIS_YEAR" and INVENTION_2 in told.message
    draft = check_patent_draft(reg, app(patent_number_raw=INVENTION_3))
    assert "PERSON_ALREADY_AWARDED_THIS_YEAR" in {f.code for f in draft.findings}  # 2nd's
    reg.set_status("patent", second, "refused", "未在生产中应用")
    assert check_patent_draft(reg, app(patent_number_raw=INVENTION_3)).eligible


def test_three_patents_of_one_person_leave_exactly_one_eligible(reg):
    ids = [_saved(reg, patent_number_raw=n) for n in (INVENTION, INVENTION_2, INVENTION_3)]
    v = _verdicts(reg)
    assert [v[i].eligible for i in ids] == [True, False, False]


def test_two_people_each_get_their_award(reg):
    a = _saved(reg)
    b = _saved(reg, patent_number_raw=INVENTION_2, inventor_name="李四", id_number=ID_LI)
    v = _verdicts(reg)
    assert v[a].eligible and v[b].eligible


def test_the_same_person_may_be_awarded_again_in_another_year(reg):
    reg.save_campaign(PLAN.for_year(2023))
    a = _saved(reg)
    b = _saved(reg, campaign_year=2023, patent_number_raw=INVENTION_2,
               grant_date=date(2022, 3, 1), received_date=date(2023, 10, 20))
    assert _verdicts(reg, 2022)[a].eligible
    assert _verdicts(reg, 2023)[b].eligible


def test_same_patent_sent_twice_in_one_campaign_is_a_duplicate(reg):
    first = _saved(reg)
    again = _saved(reg, patent_number_raw="ZL 2021 1 0123456.7", unit_name="朝阳区总工会")
    v = _verdicts(reg)
    assert v[first].eligible
    f = next(f for f in v[again].findings if f.code == "DUPLICATE_APPLICATION")
    assert f.severity == BLOCKING
    assert "ZL202110123456.7" in f.message and "方案一（三）" in f.message


def test_patent_awarded_in_an_earlier_campaign_is_a_duplicate(reg):
    reg.save_campaign(PLAN.for_year(2021))
    earlier = _saved(reg, campaign_year=2021, grant_date=date(2020, 6, 2),
                     received_date=date(2021, 10, 20))
    reg.set_status("patent", earlier, "qualified")
    reg.set_status("patent", earlier, "approved", award_fen=3000_00)
    again = _saved(reg, grant_date=date(2020, 6, 2))
    assert _verdicts(reg, 2021)[earlier].eligible
    assert "DUPLICATE_APPLICATION" in {f.code for f in _verdicts(reg)[again].findings}


def test_patent_refused_in_an_earlier_campaign_may_be_applied_for_again(reg):
    # Sent a year too early (granted 2021, outside the 2020 window), refused, sent again.
    reg.save_campaign(PLAN.for_year(2021))
    early = _saved(reg, campaign_year=2021, received_date=date(2021, 10, 20))
    reg.set_status("patent", early, "refused", "授权公告日不在2020年度内")
    again = _saved(reg)
    v = _verdicts(reg)
    assert v[again].eligible, v[again].findings


def test_draft_of_a_second_patent_of_the_same_person_is_told_before_saving(reg):
    _saved(reg)
    draft = app(patent_number_raw=INVENTION_2)
    v = check_patent_draft(reg, draft)
    assert [f.code for f in v.findings] == ["PERSON_ALREADY_AWARDED_THIS_YEAR"]


def test_draft_of_a_patent_already_in_the_register_is_a_duplicate(reg):
    _saved(reg)
    v = check_patent_draft(reg, app(patent_number_raw="202110123456.7", inventor_name="李四",
                                    id_number=ID_LI))
    assert [f.code for f in v.findings] == ["DUPLICATE_APPLICATION"]


def test_draft_matching_every_condition_is_eligible(reg):
    v = check_patent_draft(reg, app())
    assert v.eligible and v.findings == []


def test_refresh_stores_each_verdict_beside_its_application(reg):
    good = _saved(reg)
    bad = _saved(reg, patent_number_raw=INVENTION_2, inventor_name="李四", id_number=ID_LI,
                 frontline=False)
    gap = _saved(reg, patent_number_raw=INVENTION_3, inventor_name="王五",
                 id_number="110101199001011237", service_invention=None)
    refresh(reg, 2022)
    rows = {r["id"]: r for r in reg.query(
        "SELECT id, eligible, incomplete, findings FROM patent_applications")}
    assert (rows[good]["eligible"], rows[good]["incomplete"]) == (1, 0)
    assert (rows[bad]["eligible"], rows[bad]["incomplete"]) == (0, 0)
    assert [f.code for f in from_json(rows[bad]["findings"])] == ["NOT_FRONTLINE"]
    assert (rows[gap]["eligible"], rows[gap]["incomplete"]) == (1, 1)


def test_verdict_as_json_names_stream_ref_eligibility_and_findings(reg):
    _saved(reg, patent_number_raw="ZL 2021 1 0123456.7", frontline=False)
    [v] = check_campaign(reg, 2022)
    d = v.to_dict()
    # the number as the list shows it, however the paper writes it
    assert (d["stream"], d["ref"], d["eligible"]) == ("patent", "ZL202110123456.7", False)
    assert d["findings"][0]["code"] == "NOT_FRONTLINE"
    assert set(d["findings"][0]) >= {"code", "severity", "message"}


def test_draft_edited_to_the_number_of_another_application_is_a_duplicate(reg):
    other = _saved(reg, inventor_name="李四", id_number=ID_LI)
    mine = _saved(reg, patent_number_raw=INVENTION_2)
    edited = replace(reg.patent(mine), patent_number_raw="ZL 2021 1 0123456.7")
    v = check_patent_draft(reg, edited)
    assert [f.code for f in v.findings] == ["DUPLICATE_APPLICATION"]
    assert f"专利{other}" in v.findings[0].message
