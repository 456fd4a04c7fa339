"""The plan re-issued for 2023 (/tmp-style walk of the office on 2023-01-05): the federation
renumbers a clause (一（二）'s conditions split in three, a part 三、资金管理 inserted before
相关要求) and asks for one more attachment. Configured through `campaign set` and 设置 only,
the 2023 verdicts, messages and approval sheets cite the 2023 plan, and 2022's stay 2022's."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boostdesk.campaign_settings import apply_settings
from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.validate import ValidationError

RENUMBERED = ("clause_patent_production=一（二）2", "clause_patent_service=一(二)3",
              "clause_deadline=四")
# 2023's project stream with a section inserted after 二（一）: every clause after it moved
# down one, as the plan's outline asks (clause_tree)
SECTION_INSERTED_AFTER_SCOPE = (
    ("clause_project_conditions", "二（一）（三）"), ("clause_project_approval", "二（三）1"),
    ("clause_project_studio", "二（三）2"), ("clause_project_award", "二（四）"),
    ("clause_project_city_award", "二（四）1"), ("clause_project_district_award", "二（四）2"),
    ("clause_project_materials", "二（五）1"), ("clause_project_review", "二（五）2"),
    ("clause_project_payment", "二（五）4"))


def _paper(year: int, **changes) -> PatentApplication:
    fields = dict(
        title="一种主轴热变形补偿方法", patent_number_raw="ZL202210123456.3",
        grant_date=date(year - 1, 3, 5), inventor_name="王一帆", id_number="110108198506150021",
        card_number="6222000000000000000", frontline=True, service_invention=False,
        applied_in_production=True, unit_name="北京市海淀区总工会",
        enterprise_name="北京精工机床有限公司",
        materials={"form": True, "certificate": True, "production_proof": True,
                   "unit_stamp": True, "union_stamp": True},
    )
    fields.update(changes)
    return PatentApplication(year, **fields)


def _cli(capsys, db, *argv: str) -> str:
    code = main([*argv, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _stored(db, year: int) -> list[str]:
    reg = Register.open(db, operator="测试员")
    try:
        rows = reg.query(
            "SELECT a.findings FROM patent_applications a JOIN campaigns c"
            " ON c.id = a.campaign_id WHERE c.year = ? ORDER BY a.id", (year,))
        return [f["message"] for r in rows for f in json.loads(r["findings"])]
    finally:
        reg.close()


@pytest.fixture
def db(tmp_path):
    """A register with 2022's plan, 2023's copied from it and 2023's numbers typed in,
    and a 2022 and a 2023 paper of a patent that is no service invention."""
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    reg.save_campaign(plan_2022().for_year(2023))
    reg.save_patent(_paper(2022, patent_number_raw="ZL202110123456.8"))
    reg.save_patent(_paper(2023, received_date=date(2023, 11, 20)))  # after 11-01
    from boostdesk.rules import refresh
    refresh(reg, 2022)
    refresh(reg, 2023)
    reg.close()
    return path


def test_a_renumbered_clause_set_from_the_command_line_is_what_the_verdicts_cite(db, capsys):
    before = _stored(db, 2023)
    assert "非职务发明，不在助推范围（方案一（二）2）" in before
    out = _cli(capsys, db, "campaign", "set", "--year", "2023", *RENUMBERED)
    assert "一（二）2 → 一（二）3" in out and "三 → 四" in out
    after = _stored(db, 2023)  # stored verdicts re-made in the same transaction
    assert "非职务发明，不在助推范围（方案一（二）3）" in after
    assert any("晚于报送截止日" in m and "（方案四）" in m for m in after)
    report = json.loads(_cli(capsys, db, "check", "--year", "2023", "--json"))
    assert "方案一（二）3" in json.dumps(report, ensure_ascii=False)
    # 2022's papers are judged under 2022's plan and keep citing it
    assert "非职务发明，不在助推范围（方案一（二）2）" in _stored(db, 2022)
    shown = _cli(capsys, db, "campaign", "show", "--year", "2023")
    assert "职务发明、一线职工、互助服务卡 一（二）2 → 一（二）3" in shown
    assert "方案条款编号（与 2022 年方案不同的）：无" in _cli(
        capsys, db, "campaign", "show", "--year", "2022")


def test_an_extra_attachment_the_2023_plan_asks_for_is_missing_until_ticked(db, capsys):
    _cli(capsys, db, "campaign", "set", "--year", "2023",
         "extra_patent_materials=专利年费缴纳凭证", "extra_project_materials=项目经费预算表")
    [missing] = [m for m in _stored(db, 2023) if m.startswith("材料未齐")]
    assert missing == "材料未齐：缺专利年费缴纳凭证（方案一（四）1）"
    assert not any(m.startswith("材料未齐") for m in _stored(db, 2022))
    reg = Register.open(db, operator="测试员")
    try:
        c = reg.campaign(2023)
        assert list(c.materials(PROJECT).values())[-1] == "项目经费预算表"
        [app] = reg.patents(2023)
        from dataclasses import replace

        from boostdesk.rules import recheck
        with reg.transaction():
            reg.save_patent(replace(app, materials={**app.materials, "专利年费缴纳凭证": True}))
            recheck(reg)
    finally:
        reg.close()
    assert not any(m.startswith("材料未齐") for m in _stored(db, 2023))


def test_a_2022_attachment_the_2023_plan_no_longer_asks_for_is_not_missing(db, capsys):
    """The 2023 plan drops 企业应用证明 and the district union's stamp: 2022's checklist was
    fixed in code, so every 2023 paper without them stayed 材料未齐."""
    reg = Register.open(db, operator="测试员")
    try:
        [app] = reg.patents(2023)
        from dataclasses import replace

        with reg.transaction():
            reg.save_patent(replace(app, materials={
                **app.materials, "production_proof": False, "union_stamp": False}))
    finally:
        reg.close()
    _cli(capsys, db, "check", "--year", "2023")
    assert "材料未齐：缺企业应用证明、区、局、集团（公司）工会盖章（方案一（四）1）" in _stored(db, 2023)
    out = _cli(capsys, db, "campaign", "set", "--year", "2023",
               "omitted_patent_materials=企业应用证明、区、局、集团（公司）工会盖章")
    assert "专利申报不再要求的材料：无 → 企业应用证明、区、局、集团（公司）工会盖章" in out
    assert not any(m.startswith("材料未齐") for m in _stored(db, 2023))
    reg = Register.open(db, operator="测试员")
    try:
        assert list(reg.campaign(2023).materials(PATENT)) == ["form", "certificate", "unit_stamp"]
        assert "production_proof" in reg.campaign(2022).materials(PATENT)  # 2022 keeps its own
    finally:
        reg.close()
    _cli(capsys, db, "campaign", "set", "--year", "2023", "omitted_patent_materials=")
    assert any(m.startswith("材料未齐") for m in _stored(db, 2023))


@pytest.mark.parametrize(("pairs", "says"), [
    ([("omitted_patent_materials", "营业执照")], "“营业执照”不是 2022 年方案材料清单中的一项"),
    ([("omitted_project_materials", "申报书")], "“申报书”是申报本身，不能不要求"),
    ([("clause_deadline", "第四条")], "条款编号应照方案写，如 一（二）1"),
    ([("clause_patents", "一")], "没有参数“clause_patents”"),
    ([("extra_patent_materials", "专利证书复印件")], "“专利证书复印件”已在材料清单中"),
])
def test_a_clause_or_material_written_wrongly_is_named(pairs, says):
    with pytest.raises(ValidationError) as caught:
        apply_settings(plan_2022(), pairs)
    assert says in caught.value.message


def test_a_clause_set_back_to_2022s_number_or_blank_stores_nothing():
    c = apply_settings(plan_2022(), [("clause_deadline", "方案四")])
    assert c.clauses == {"deadline": "四"} and c.clause("deadline") == "方案四"
    assert apply_settings(c, [("clause_deadline", "三")]).clauses == {}
    assert apply_settings(c, [("clause_deadline", " ")]) == plan_2022()


def test_a_campaign_stored_before_clauses_were_kept_reads_2022s():
    stored = json.loads(plan_2022().for_year(2023).to_json())
    del stored["clauses"], stored["extra_patent_materials"], stored["extra_project_materials"]
    c = Campaign.from_json(json.dumps(stored))
    assert c.clause("patent_service") == "方案一（二）2" and c.extra_patent_materials == ()
    assert list(c.materials(PATENT)) == ["form", "certificate", "production_proof",
                                         "unit_stamp", "union_stamp"]


def test_the_approval_sheet_and_the_panels_reasons_cite_the_years_clauses():
    from boostdesk.models.campaign import CITY
    from boostdesk.models.records import ProjectApplication
    from boostdesk.panel.tier_places import cap_note
    from boostdesk.printing.approval import Sheet, _qualification

    c = apply_settings(plan_2022().for_year(2023), [
        ("clause_patent_conditions", "一（二）"), *SECTION_INSERTED_AFTER_SCOPE])
    app = ProjectApplication(2023, title="数控加工在线检测系统", studio_name="海淀精工创新工作室",
                             studio_level=CITY)
    sheet = Sheet(app, c, "北京市总工会", True, (), date(2023, 4, 1))
    assert "符合《实施方案》二（一）（三）规定的助推条件" in _qualification(sheet)
    assert cap_note(c, c.tiers[0], 100_000_00).endswith("方案二（四））")


def test_an_overdue_2022_award_names_the_bar_as_the_newest_plan_numbers_it(reg):
    """2022's studio has not finished by 2024-03-01 (two years from approval): 拨付 and `pay list` warn it cannot apply
    under the 2023 plan, whose bar (往年助推未结题) 2023 moved to 二（二）."""
    from boostdesk.finance.acceptance import overdue_completions
    from tests.test_panel_support import make_project

    reg.save_campaign(apply_settings(plan_2022().for_year(2023), [
        ("clause_project_scope", "二（二）"), ("clause_project_conditions", "二（二）（三）"),
        *SECTION_INSERTED_AFTER_SCOPE[1:]]))
    app_id = make_project(reg, "数控加工在线检测系统", "海淀精工创新工作室")
    reg.conn.execute("UPDATE project_applications SET status = 'approved' WHERE id = ?",
                     (app_id,))
    [flag] = overdue_completions(reg, date(2024, 3, 2))
    assert flag.message.endswith("该工作室不能申报下一年度项目（方案二（二））")


@pytest.mark.parametrize(("pairs", "said"), [
    ([("clause_patent_conditions", "一（三）")],
     "发明专利、授权公告日期间为 一（二）1，不在专利助推条件（审批表的资格审核意见） 一（三） 之下；"
     "新方案改了编号时，其下各项请一并照新方案填写（如 一（三）1）"),
    ([("clause_patent_service", "一（三）2")],
     "职务发明、一线职工、互助服务卡为 一（三）2，不在专利助推条件（审批表的资格审核意见） 一（二） 之下"),
    ([("clause_project_award", "二（四）"), ("clause_project_city_award", "二（四）1")],
     "区、局、集团（公司）工作室档次为 二（三）2，不在项目助推标准（档次、资金上限、名额） 二（四） 之下"),
], ids=["conditions-alone", "an-item-alone", "award-but-one-tier"])
def test_a_clause_renumbered_apart_from_the_clause_it_sits_under_is_refused(pairs, said):
    """The 2023 plan moved 助推条件 to 一（三）: its approval sheets cite 一（三）, and a
    grant date outside the window must not go on citing 2022's 一（二）1."""
    with pytest.raises(ValidationError) as raised:
        apply_settings(plan_2022().for_year(2023), pairs)
    assert said in raised.value.message


def test_the_2023_patent_conditions_renumbered_whole_are_what_the_findings_cite(db, capsys):
    refused = main(["campaign", "set", "--year", "2023", "clause_patent_conditions=一（三）",
                    "--db", str(db), "--operator", "测试员"])
    assert refused != 0 and "如 一（三）1" in capsys.readouterr().err
    reg = Register.open(db, operator="测试员")
    assert reg.campaign(2023).clauses == {}  # nothing stored
    reg.close()
    _cli(capsys, db, "campaign", "set", "--year", "2023", "clause_patent_conditions=一（三）",
         "clause_patent_grant=一（三）1", "clause_patent_production=一（三）1",
         "clause_patent_service=一（三）2")
    reg = Register.open(db, operator="测试员")
    try:
        reg.save_patent(_paper(2023, patent_number_raw="ZL202210654321.8",
                               grant_date=date(2021, 12, 20), service_invention=True))
        from boostdesk.rules import refresh
        refresh(reg, 2023)
    finally:
        reg.close()
    assert any(m.endswith("（方案一（三）1）") and "授权公告日" in m for m in _stored(db, 2023))
