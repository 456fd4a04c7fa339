"""The register: SQLite settings, audit trail, status workflow, transactions, campaigns."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from boostdesk.models import PATENT, PROJECT, PatentApplication, ProjectApplication, Register
from boostdesk.models.campaign import CITY, Campaign, plan_2022
from boostdesk.models.register import RegisterError
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.models.workflow import IllegalTransition

ID_ZHANG = "110108198001010015"  # made-up, correct GB 11643 check character
ID_LI = "110105198507070024"


def _patent(**over) -> PatentApplication:
    base = PatentApplication(
        campaign_year=2022, title="一种公交车辆制动系统故障预警装置",
        patent_number_raw="ZL202010123456.2", grant_date=date(2021, 6, 15),
        inventor_name="张三", id_number=ID_ZHANG, card_number="6214680000000000008",
        phone="13800138000", frontline=True, service_invention=True,
        applied_in_production=True, unit_name="海淀区总工会",
        enterprise_name="北京中科智测科技有限公司", received_date=date(2022, 10, 25),
    )
    return PatentApplication(**{**base.__dict__, **over})


def _project(**over) -> ProjectApplication:
    base = ProjectApplication(
        campaign_year=2022, title="特殊钢连铸坯质量在线判定系统研发",
        studio_name="李红兵劳模创新工作室", studio_level=CITY, model_studio=True,
        leader="李红兵", unit_name="首钢集团工会", enterprise_name="首钢特钢材料有限公司",
        approval_date=date(2022, 3, 5), startup_funds_paid=True,
        planned_completion=date(2023, 12, 31), total_budget_fen=40_000_000,
        requested_fen=10_000_000, received_date=date(2022, 10, 30),
    )
    return ProjectApplication(**{**base.__dict__, **over})


def test_checked_ids_are_well_formed():
    from stdnum.cn import ric

    assert ric.is_valid(ID_ZHANG) and ric.is_valid(ID_LI)


# -- SQLite settings -----------------------------------------------------------
def test_register_uses_wal(reg):
    assert reg.scalar("PRAGMA journal_mode") == "wal"


def test_foreign_keys_are_enforced(reg):
    assert reg.scalar("PRAGMA foreign_keys") == 1
    with pytest.raises(sqlite3.IntegrityError):
        reg.conn.execute(
            "INSERT INTO patent_applications (campaign_id, created_at, updated_at)"
            " VALUES (999, 'x', 'x')"
        )


def test_new_register_is_at_schema_version_with_the_2022_plan(reg):
    assert reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert reg.campaign_years() == [2022]
    assert reg.campaign() == plan_2022()


def test_register_from_a_newer_program_is_refused_in_chinese(tmp_path):
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(RegisterError, match="请升级 BoostDesk"):
        Register.open(path)


def test_missing_register_is_refused_when_not_creating(tmp_path):
    with pytest.raises(RegisterError, match="登记册不存在"):
        Register.open(tmp_path / "none.db", create=False)


# -- saving and the audit trail ------------------------------------------------
def test_saved_patent_reads_back_field_for_field(reg):
    app = _patent(materials={"form": True, "certificate": True}, remarks="首次申报")
    app_id = reg.save_patent(app)
    back = reg.patent(app_id)
    expected = PatentApplication(**{**app.__dict__, "id": app_id, "person_id": back.person_id,
                                    "patent_number": "ZL202010123456.2"})
    assert back == expected


def test_saved_project_reads_back_field_for_field(reg):
    app = _project(materials={"form": True}, contact_name="王五", contact_phone="13900139000")
    app_id = reg.save_project(app)
    back = reg.project(app_id)
    assert back == ProjectApplication(**{**app.__dict__, "id": app_id,
                                         "studio_id": back.studio_id})


def test_creating_an_application_is_audited_with_operator_and_after(reg):
    app_id = reg.save_patent(_patent())
    trail = reg.audit_trail("patent_applications", app_id)
    assert len(trail) == 1
    event = trail[0]
    assert event["operator"] == "测试员"
    assert event["action"] == "create"
    assert event["before"] is None
    assert event["after"]["title"] == "一种公交车辆制动系统故障预警装置"
    assert event["after"]["inventor_name"] == "张三"


def test_update_is_audited_with_only_the_changed_fields_before_and_after(reg):
    app_id = reg.save_patent(_patent())
    reg.operator = "刘建国"
    reg.save_patent(_patent(id=app_id, title="一种公交车辆制动故障预警装置", remarks="更正名称"))
    update = reg.audit_trail("patent_applications", app_id)[-1]
    assert update["operator"] == "刘建国"
    assert update["action"] == "update"
    assert update["before"] == {"title": "一种公交车辆制动系统故障预警装置", "remarks": ""}
    assert update["after"] == {"title": "一种公交车辆制动故障预警装置", "remarks": "更正名称"}


def test_saving_unchanged_application_writes_no_audit_row(reg):
    app_id = reg.save_patent(_patent())
    reg.save_patent(reg.patent(app_id))
    assert [e["action"] for e in reg.audit_trail("patent_applications", app_id)] == ["create"]


def test_same_id_number_is_one_person_and_newer_facts_are_audited(reg):
    first = reg.save_patent(_patent())
    second = reg.save_patent(_patent(patent_number_raw="ZL202010654321.9",
                                     phone="13911112222"))
    a, b = reg.patent(first), reg.patent(second)
    assert a.person_id == b.person_id
    assert reg.scalar("SELECT COUNT(*) FROM people") == 1
    assert reg.person_by_id_number(ID_ZHANG.lower()).phone == "13911112222"
    change = reg.audit_trail("people", a.person_id)[-1]
    assert change["before"] == {"phone": "13800138000"}
    assert change["after"] == {"phone": "13911112222"}


def test_names_are_resolved_to_rows_once(reg):
    reg.save_patent(_patent())
    reg.save_patent(_patent(id_number=ID_LI, inventor_name="李四"))
    assert reg.names("units") == ["海淀区总工会"]
    assert reg.names("enterprises") == ["北京中科智测科技有限公司"]
    assert reg.names("people") == ["张三", "李四"]


# -- status workflow ---------------------------------------------------------------
def test_status_move_is_recorded_with_operator_and_fields(reg):
    app_id = reg.save_patent(_patent())
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    app = reg.patent(app_id)
    assert (app.status, app.award_fen, app.approved_date) == (
        "approved", 3000_00, date(2022, 12, 15))
    history = reg.status_history(PATENT, app_id)
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        (None, "registered"), ("registered", "qualified"), ("qualified", "approved")]
    assert {h["operator"] for h in history} == {"测试员"}
    last = reg.audit_trail("patent_applications", app_id)[-1]
    assert last["action"] == "status"
    assert last["before"] == {"status": "qualified"}
    assert last["after"]["status"] == "approved" and last["after"]["award_fen"] == 3000_00


def test_illegal_status_move_raises_in_chinese_and_changes_nothing(reg):
    app_id = reg.save_patent(_patent())
    with pytest.raises(IllegalTransition) as err:
        reg.set_status(PATENT, app_id, "paid")
    assert "不能从“已登记”改为“已拨付”" in err.value.message
    assert "资格审核通过" in err.value.message  # names the allowed next steps
    assert reg.patent(app_id).status == "registered"
    assert len(reg.status_history(PATENT, app_id)) == 1


def test_project_cannot_skip_publicity(reg):
    app_id = reg.save_project(_project())
    for target in ("qualified", "review", "proposed"):
        reg.set_status(PROJECT, app_id, target)
    with pytest.raises(IllegalTransition, match="不能从“拟助推”改为“核准”"):
        reg.set_status(PROJECT, app_id, "approved")


def test_refusal_needs_a_reason(reg):
    app_id = reg.save_patent(_patent())
    with pytest.raises(ValueError, match="须填写理由"):
        reg.set_status(PATENT, app_id, "refused", "  ")
    reg.set_status(PATENT, app_id, "refused", "非职务发明")
    assert reg.patent(app_id).status_reason == "非职务发明"


def test_status_of_unknown_application_raises_in_chinese(reg):
    with pytest.raises(RegisterError, match="没有编号为 42 的申报"):
        reg.set_status(PATENT, 42, "qualified")


# -- transactions ------------------------------------------------------------------
def _counts(reg) -> tuple[int, ...]:
    return tuple(
        reg.scalar(f"SELECT COUNT(*) FROM {t}")
        for t in ("patent_applications", "people", "units", "enterprises", "audit_events",
                  "status_history")
    )


def test_failed_transaction_leaves_nothing_behind(reg):
    before = _counts(reg)
    with pytest.raises(RuntimeError), reg.transaction():
        reg.save_patent(_patent())
        reg.save_patent(_patent(id_number=ID_LI, inventor_name="李四"))
        raise RuntimeError("断电")
    assert _counts(reg) == before
    reg.save_patent(_patent())  # and the register still works
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 1


def test_failure_inside_a_nested_transaction_rolls_back_the_outer_one(reg):
    before = _counts(reg)
    with pytest.raises(IllegalTransition), reg.transaction():
        app_id = reg.save_patent(_patent())
        reg.set_status(PATENT, app_id, "paid")  # illegal: raises inside its own transaction
    assert _counts(reg) == before


def test_committed_transaction_is_seen_by_another_connection(reg, tmp_path):
    with reg.transaction():
        reg.save_patent(_patent())
        reg.save_project(_project())
    other = Register.open(tmp_path / "register.db")
    try:
        assert len(other.patents(2022)) == 1 and len(other.projects(2022)) == 1
    finally:
        other.close()


# -- campaigns -----------------------------------------------------------------------
def test_campaign_json_round_trip_is_exact():
    plan = plan_2022()
    assert Campaign.from_json(plan.to_json()) == plan


def test_campaign_json_from_a_newer_version_ignores_unknown_keys():
    data = json.loads(plan_2022().to_json())
    data["a_parameter_from_a_later_plan"] = 1
    assert Campaign.from_json(json.dumps(data)) == plan_2022()


def test_changed_campaign_is_stored_and_audited(reg):
    changed = plan_2022().with_changes(patent_award_fen=5000_00, budget_cap_percent=40)
    reg.save_campaign(changed)
    assert reg.campaign(2022) == changed
    cid = reg.campaign_id(2022)
    update = reg.audit_trail("campaigns", cid)[-1]
    assert update["before"]["patent_award_fen"] == 3000_00
    assert update["after"]["patent_award_fen"] == 5000_00


def test_campaign_for_next_year_shifts_every_date_by_one_year():
    plan = plan_2022()
    nxt = plan.for_year(2023)
    assert nxt.year == 2023 and nxt.title == "北京市总工会2023年职工创新助推计划"
    assert (nxt.grant_window_start, nxt.grant_window_end) == (date(2022, 1, 1),
                                                              date(2022, 12, 31))
    assert nxt.approval_year == 2023
    assert nxt.latest_completion == date(2025, 12, 31)
    assert nxt.submission_deadline == date(2023, 11, 1)
    assert nxt.issued_date == date(2023, 10, 17)
    assert (nxt.tiers, nxt.patent_award_fen) == (plan.tiers, plan.patent_award_fen)
    assert nxt.for_year(2022) == plan


def test_campaign_shift_from_29_february_lands_on_28_february():
    plan = plan_2022().with_changes(year=2024, latest_completion=date(2024, 2, 29))
    assert plan.for_year(2025).latest_completion == date(2025, 2, 28)


def test_unknown_campaign_year_is_refused_in_chinese(reg):
    with pytest.raises(RegisterError, match="没有 2030 年度的助推计划"):
        reg.campaign(2030)


def test_editing_the_typed_patent_number_updates_the_canonical_one(reg):
    app_id = reg.save_patent(_patent())
    loaded = reg.patent(app_id)
    reg.save_patent(PatentApplication(**{**loaded.__dict__,
                                         "patent_number_raw": "ZL 2020 1 0654321.9"}))
    assert reg.patent(app_id).patent_number == "ZL202010654321.9"
    reg.save_patent(PatentApplication(**{**reg.patent(app_id).__dict__,
                                         "patent_number_raw": "ZL202010654321.1"}))
    assert reg.patent(app_id).patent_number is None  # a wrong check character has no canonical form


def test_resaving_an_application_without_id_number_keeps_its_person(reg):
    app_id = reg.save_patent(_patent(id_number=""))
    person = reg.patent(app_id).person_id
    reg.save_patent(reg.patent(app_id))
    reg.save_patent(PatentApplication(**{**reg.patent(app_id).__dict__, "phone": "13911112222"}))
    assert reg.patent(app_id).person_id == person
    assert reg.scalar("SELECT COUNT(*) FROM people") == 1
    assert reg.patent(app_id).phone == "13911112222"


def test_id_number_typed_in_later_completes_the_same_person(reg):
    app_id = reg.save_patent(_patent(id_number=""))
    person = reg.patent(app_id).person_id
    reg.save_patent(PatentApplication(**{**reg.patent(app_id).__dict__, "id_number": ID_ZHANG}))
    assert reg.patent(app_id).person_id == person
    assert reg.person_by_id_number(ID_ZHANG).id == person
    assert reg.scalar("SELECT COUNT(*) FROM people") == 1
