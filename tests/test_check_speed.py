"""The fast paths behind `boostdesk check` at 100,000 applications give the same results
as the plain code they replaced (see README "Speed")."""

from __future__ import annotations

import gc
import json
from dataclasses import asdict, fields, replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from boostdesk.models.record_rows import materials_dict
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.rules import check_campaign, refresh
from boostdesk.rules.findings import Finding, from_json, to_json
from boostdesk.validate import _luhn_valid

PATENT = PatentApplication(
    2022, title="一种公交车辆制动系统故障预警装置", patent_number_raw="ZL 2020 1 0123456.2",
    grant_date=date(2021, 6, 15), inventor_name="张三", id_number="110108198001010015",
    card_number="6214680000000000008", phone="13800138000", frontline=True,
    service_invention=True, applied_in_production=None, unit_name="海淀区总工会",
    enterprise_name="北京中科智测科技有限公司", industry="智能装备", remarks="首次",
    received_date=date(2022, 10, 25), materials={"form": True, "certificate": False}, seq=3,
)
PROJECT = ProjectApplication(
    2022, title="特殊钢连铸坯质量在线判定系统研发", studio_name="李红兵劳模创新工作室",
    studio_level="city", model_studio=True, leader="李红兵", unit_name="首钢集团工会",
    enterprise_name="首钢特钢材料有限公司", approval_date=date(2022, 3, 5),
    startup_funds_paid=True, planned_completion=date(2024, 3, 5),
    total_budget_fen=400_000_00, requested_fen=100_000_00, contact_name="王五",
    contact_phone="13900139000", received_date=date(2022, 10, 30), materials={"form": True},
)


def test_records_read_back_equal_records_built_by_their_constructor(reg):
    pid = reg.save_patent(PATENT)
    jid = reg.save_project(PROJECT)
    for got, wanted, cls in (
        (reg.patents(2022)[0], reg.patent(pid), PatentApplication),
        (reg.projects(2022)[0], reg.project(jid), ProjectApplication),
    ):
        assert got == wanted
        # every field set, as the constructor would: a field added to the record but not
        # to the row builder in register.py fails here
        assert set(vars(got)) == {f.name for f in fields(cls)}
        rebuilt = cls(**{f.name: getattr(got, f.name) for f in fields(cls)})
        assert rebuilt == got and repr(rebuilt) == repr(got)
        assert not hasattr(cls, "__post_init__"), "the row builder skips __init__"
    patent = reg.patents(2022)[0]
    assert (patent.inventor_name, patent.grant_date, patent.frontline, patent.materials) == (
        "张三", date(2021, 6, 15), True, {"certificate": False, "form": True})
    assert patent.applied_in_production is None and patent.person_id is not None


def test_a_campaign_s_applications_in_some_statuses_are_read_as_the_whole_list_has_them(reg):
    """The approval sheets read the awarded ones so (Register.patents / projects)."""
    first = reg.save_patent(PATENT)
    second = reg.save_patent(replace(PATENT, patent_number_raw="ZL202010123457.4"))
    project = reg.save_project(PROJECT)
    reg.conn.execute("UPDATE patent_applications SET status = 'approved', award_fen = 300000"
                     " WHERE id = ?", (second,))
    reg.conn.execute("UPDATE project_applications SET status = 'paid_first' WHERE id = ?",
                     (project,))
    whole = {a.id: a for a in reg.patents(2022)}
    assert reg.patents(2022, ["approved", "paid"]) == [whole[second]] == [reg.patent(second)]
    assert reg.patents(2022, ["registered"]) == [whole[first]]
    assert reg.patents(2023, ["approved"]) == [] and reg.patents(2022, []) == []
    assert reg.projects(2022, ["paid_first"]) == [reg.project(project)]
    assert reg.patents(2022, ["approved"], people_half=1 - whole[second].person_id % 2) == []


def test_the_rules_records_judge_as_the_whole_records(reg):
    # a whole campaign's check reads only the fields the rules read (Register.patents
    # for_rules): every other field given, on every demo paper, changes no finding
    from boostdesk.demo import fill_demo
    from boostdesk.rules.check import check_patents

    fill_demo(reg)
    campaign = reg.campaign(2022)
    whole, lean = reg.patents(2022), reg.patents(2022, for_rules=True)
    assert [a.id for a in lean] == [a.id for a in whole] and len(whole) > 10
    # (not enterprise_name: a paper without its 所在单位 is 待补材料, rules.patent.enterprise)
    left_out = {"title", "phone", "unit_name", "industry", "remarks", "seq",
                "status_reason", "award_fen", "approved_date"}
    for a, b in zip(whole, lean, strict=True):
        assert {f.name for f in fields(a) if getattr(a, f.name) != getattr(b, f.name)} <= left_out
        assert replace(b, **{name: getattr(a, name) for name in left_out}) == a
    assert {getattr(a, name) for a in whole for name in left_out} - {None, ""}  # not all blank
    assert ([v.to_dict() for v in check_patents(reg, campaign, lean)]
            == [v.to_dict() for v in check_patents(reg, campaign, whole)])
    # and with the people split as on two processes
    halves = [reg.patents(2022, people_half=h, for_rules=True) for h in (0, 1)]
    assert sorted(a.id for h in halves for a in h) == [a.id for a in whole]


def test_each_record_gets_its_own_materials_dict(reg):
    reg.save_patent(PATENT)
    reg.save_patent(replace(PATENT, patent_number_raw="ZL202010123457.4", id_number=""))
    a, b = reg.patents(2022)
    a.materials["form"] = False
    assert b.materials["form"] is True
    assert materials_dict('{"form": true}') is not materials_dict('{"form": true}')


def test_to_json_writes_what_dataclasses_asdict_wrote():
    findings = [
        Finding("MATERIALS_MISSING", "warning", "材料未齐：缺申报表（方案一（四）1）", "materials", True),
        Finding("NOT_FRONTLINE", "blocking", "第一发明人不是一线职工", None),
    ]
    assert to_json(findings) == json.dumps([asdict(f) for f in findings], ensure_ascii=False)
    assert to_json([]) == "[]"
    assert from_json(to_json(findings)) == findings


def test_refresh_rewrites_only_the_verdicts_that_changed(reg):
    first = reg.save_patent(PATENT)
    reg.save_patent(replace(PATENT, patent_number_raw="ZL202010123457.4",
                            id_number="110108198001010031", inventor_name="李四"))
    refresh(reg, 2022)
    before = reg.conn.total_changes
    refresh(reg, 2022)
    assert reg.conn.total_changes == before  # nothing changed, nothing written
    reg.conn.execute("UPDATE patent_applications SET applied_in_production = 0 WHERE id = ?",
                     (first,))
    verdicts = refresh(reg, 2022)
    assert reg.conn.total_changes == before + 2  # the edit, then that one verdict
    stored = reg.query("SELECT id, eligible, findings FROM patent_applications ORDER BY id")
    assert [(r["id"], r["eligible"]) for r in stored] == [
        (v.app_id, int(v.eligible)) for v in verdicts]
    assert "NOT_APPLIED_IN_PRODUCTION" in stored[0]["findings"]


def test_verdicts_name_the_inventor_or_the_studio(reg):
    reg.save_patent(PATENT)
    reg.save_project(PROJECT)
    assert [(v.stream, v.name) for v in check_campaign(reg, 2022)] == [
        ("patent", "张三"), ("project", "李红兵劳模创新工作室")]


def test_the_collector_is_paused_only_while_checking(reg):
    reg.save_patent(PATENT)
    assert gc.isenabled()
    refresh(reg, 2022)
    assert gc.isenabled()
    gc.disable()
    try:
        check_campaign(reg, 2022)
        assert not gc.isenabled()  # not switched on behind the caller's back
    finally:
        gc.enable()


@given(st.text(alphabet="0123456789", min_size=1, max_size=25))
def test_fast_luhn_agrees_with_stdnum(digits):
    assert _luhn_valid(digits) == luhn.is_valid(digits)


def test_register_db_is_sqlite_utils_on_first_use(reg):
    assert "campaigns" in reg.db.table_names()


# -- a whole campaign's rules, judged once per distinct value (rules.*.campaign_judge) ------
_DAYS = st.sampled_from([None, date(2020, 12, 31), date(2021, 6, 15), date(2022, 10, 31),
                         date(2022, 11, 1), date(2024, 3, 5)])
_YES_NO = st.sampled_from([None, True, False])
_CHECKLIST = st.dictionaries(st.sampled_from(["form", "certificate", "proof", "专利年费缴纳凭证"]),
                             st.booleans(), max_size=4)
_PATENTS = st.builds(
    lambda number, grant, name, id_number, card, yes, received, materials: replace(
        PATENT, patent_number_raw=number, grant_date=grant, inventor_name=name,
        id_number=id_number, card_number=card, applied_in_production=yes[0],
        service_invention=yes[1], frontline=yes[2], received_date=received, materials=materials),
    st.sampled_from(["ZL 2020 1 0123456.2", "ZL202010123457.4", "ZL202020123456.X", "", "ZL12",
                     "CN2021101234567"]),
    _DAYS, st.sampled_from(["张三", "", " "]),
    st.sampled_from(["110108198001010015", "110108198001010016", "", "1101081980"]),
    st.sampled_from(["6214680000000000008", "6214680000000000009", "", "62146800"]),
    st.tuples(_YES_NO, _YES_NO, _YES_NO), _DAYS, _CHECKLIST)
_PROJECTS = st.builds(
    lambda studio, level, model, approval, funds, completion, money, received, materials: replace(
        PROJECT, studio_name=studio, studio_level=level[0], outside_level=level[1],
        model_studio=model, enterprise_name=studio.strip() and "首钢股份公司",
        approval_date=approval, startup_funds_paid=funds, planned_completion=completion,
        total_budget_fen=money[0], requested_fen=money[1], received_date=received,
        materials=materials),
    # (the level, a level written the plan admits not: 企业级)
    st.sampled_from(["李红兵劳模创新工作室", "", " "]),
    st.sampled_from([(None, ""), ("city", ""), ("district", ""), (None, "企业级")]),
    st.booleans(), _DAYS, _YES_NO, _DAYS,
    st.tuples(st.sampled_from([None, 0, 8_000_000, 40_000_000, 5_000_000]),
              st.sampled_from([None, 0, 3_000_000, 10_000_000, 20_000_000])),
    _DAYS, _CHECKLIST)


@given(st.lists(_PATENTS, max_size=30), st.lists(_PROJECTS, max_size=30))
def test_a_campaign_s_judges_find_what_each_application_s_rules_find(patents, projects):
    from boostdesk.models import plan_2022
    from boostdesk.rules import patent, project

    plan = plan_2022()
    # one judge for the whole list, as a campaign's check has: values met again are found
    judge_patent, judge_project = patent.campaign_judge(plan), project.campaign_judge(plan)
    for a in patents:
        assert judge_patent(a) == patent.intrinsic_findings(plan, a)
    for b in projects:
        assert judge_project(b) == project.intrinsic_findings(plan, b)


def test_the_campaign_judges_know_every_rule():
    # a rule added to RULES must be added to campaign_judge too, in its place
    from boostdesk.rules import patent, project

    assert [r.__name__ for r in patent.RULES] == [
        "patent_number", "grant_date", "applied_in_production", "service_invention",
        "frontline", "union_card", "inventor", "enterprise", "materials", "submission"]
    assert [r.__name__ for r in project.RULES] == [
        "approved_in_year", "startup_funds", "completion", "completion_after_approval",
        "approved_after_received", "completed_before_received", "budget_share", "studio_level",
        "model_studio_level", "enterprise", "materials", "submission"]


@given(st.lists(st.builds(Finding, st.text(max_size=8), st.sampled_from(["blocking", "warning"]),
                          st.text(max_size=30), st.one_of(st.none(), st.text(max_size=8)),
                          st.booleans()), max_size=5))
def test_to_json_joins_what_json_dumps_writes_for_the_whole_list(findings):
    # each finding's object is written once and joined (findings._finding_json)
    assert to_json(findings) == json.dumps([asdict(f) for f in findings], ensure_ascii=False)
    assert from_json(to_json(findings)) == findings
