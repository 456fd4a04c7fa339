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
    with pytest.raises(RegisterError, match="请在本机安装.*BoostDesk"):
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
    # marked with the paper that made it: taken back when that paper names him no more
    assert change["after"] == {"phone": "13911112222", "paper": second}


def test_names_are_resolved_to_rows_once(reg):
    reg.save_patent(_patent())
    reg.save_patent(_patent(id_number=ID_LI, inventor_name="李四"))
    assert reg.names("units") == ["海淀区总工会"]
    assert reg.names("enterprises") == ["北京中科智测科技有限公司"]
    assert reg.names("people") == ["李四", "张三"]  # pinyin order, as the completer lists them


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


def test_a_window_ending_with_february_moves_to_februarys_last_day():
    """A plan's grant window 2022-03-01 至 2023-02-28 made into 2024's ends on 2024-02-29:
    ending on the 28th, a patent granted on the 29th would be in no year's window (2025's
    starts on 2024-03-01), refused whichever year it is sent to."""
    plan = plan_2022().for_year(2023).with_changes(
        grant_window_start=date(2022, 3, 1), grant_window_end=date(2023, 2, 28))
    leap = plan.for_year(2024)
    assert (leap.grant_window_start, leap.grant_window_end) == (date(2023, 3, 1),
                                                                date(2024, 2, 29))
    assert leap.for_year(2025).grant_window_start == date(2024, 3, 1)
    assert leap.for_year(2025).grant_window_end == date(2025, 2, 28)
    assert leap.for_year(2023) == plan


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


# -- many new applications at once (imports) -----------------------------------------
BATCH_TABLES = ("patent_applications", "project_applications", "people", "units",
                "enterprises", "studios", "status_history", "audit_events")
ID_WANG = "110101199003070032"


def _contents(reg: Register) -> dict[str, list[dict]]:
    """Every row the batch writes, without the clock (and the file a create names)."""
    out = {}
    for table in BATCH_TABLES:
        rows = []
        for row in reg.query(f"SELECT * FROM {table} ORDER BY id"):
            for clock in ("created_at", "updated_at", "at"):
                row.pop(clock, None)
            if table == "audit_events":
                row.pop("chain")  # (a hash of the line with its clock: whole, tests/test_trail_chain.py)
                row["after"] = json.loads(row["after"]) if row["after"] else None
                if row["action"] == "create" and row["after"]:
                    row["after"].pop("source", None)
            rows.append(row)
        out[table] = rows
    return out


def _twins(tmp_path, before) -> tuple[Register, Register]:
    """Two registers holding the same applications already."""
    pair = []
    for name in ("one_by_one", "batch"):
        reg = Register.open(tmp_path / f"{name}.db", operator="测试员")
        before(reg)
        pair.append(reg)
    return pair[0], pair[1]


def _registered_patents(reg: Register) -> None:
    reg.save_patent(_patent(id_number=ID_LI, inventor_name="李四", phone="13700000000"))
    reg.save_patent(_patent(id_number="", inventor_name="王五", card_number="",
                            patent_number_raw="ZL202010111111.9", unit_name="朝阳区总工会"))


def _new_patents(reg: Register) -> list[PatentApplication]:
    li, no_id_person = (p.person_id for p in reg.patents(2022))
    return [
        # a person with an ID number is found by it, never by the record's person alone
        _patent(id_number="", inventor_name="李四", person_id=li, patent_number_raw=""),
        _patent(unit_name="  海淀区总工会 ", materials={"form": True, "certificate": True}),
        # the same person again: a new card, not a front-line worker, another spelling
        # typed with a space (stored tidy)
        _patent(patent_number_raw="ZL202010654321.9", card_number="6214680000000000016",
                frontline=False, inventor_name="张 叁", remarks="第二项"),
        _patent(id_number="", inventor_name="赵六", patent_number_raw="ZL 2020 1 0222222.1"),
        _patent(id_number="", inventor_name="", patent_number_raw="ZL202010123456.2"),
        _patent(id_number=ID_LI.lower(), inventor_name="李四", phone="13911112222",
                unit_name="", enterprise_name="", received_date=None),
        # the application of a person without an ID number, now with one: the same person
        _patent(id_number=ID_WANG, inventor_name="王五", person_id=no_id_person,
                enterprise_name="新的企业", grant_date=None, service_invention=None),
        _patent(id_number=ID_WANG, inventor_name="王五", patent_number_raw="坏号码",
                unit_name="新工会", status="registered", award_fen=None),
    ]


def test_insert_patents_writes_what_save_patent_writes_one_by_one(tmp_path):
    one, batch = _twins(tmp_path, _registered_patents)
    with one.transaction():
        ids = [one.save_patent(app) for app in _new_patents(one)]
    stored = batch.insert_patents(_new_patents(batch), source="海淀区汇总表.xlsx")
    assert [r.id for r in stored] == ids
    assert _contents(batch) == _contents(one)
    creates = [batch.audit_trail("patent_applications", i) for i in ids]
    assert [[(e["action"], e["operator"], e["after"]["source"]) for e in trail]
            for trail in creates] == [[("create", "测试员", "海淀区汇总表.xlsx")]] * len(ids)
    # the people's changes are in the trail as save_patent leaves them
    zhang = batch.person_by_id_number(ID_ZHANG)
    assert (zhang.name, zhang.card_number, zhang.frontline) == (
        "张叁", "6214680000000000016", False)
    assert [e["action"] for e in batch.audit_trail("people", zhang.id)] == ["create", "update"]
    one.close()
    batch.close()


def test_insert_patents_returns_the_applications_as_read_back(reg):
    _registered_patents(reg)
    stored = reg.insert_patents(_new_patents(reg))
    assert stored == reg.patents(2022)[2:]
    # read back after the whole batch: 张三's first application keeps its own card and
    # frontline status, his later one has the new ones; his name is the newest spelling
    assert (stored[1].card_number, stored[1].frontline) == ("6214680000000000008", True)
    assert (stored[2].card_number, stored[2].frontline) == ("6214680000000000016", False)
    assert stored[1].inventor_name == stored[2].inventor_name == "张叁"


def _registered_projects(reg: Register) -> None:
    reg.save_project(_project())
    reg.save_project(_project(studio_name="老工作室", studio_level="district", model_studio=False,
                              enterprise_name="老企业", title="旧项目"))


def _new_projects() -> list[ProjectApplication]:
    return [
        _project(title="新项目一", studio_level="district", leader="李红兵",
                 materials={"form": True}),
        _project(title="新项目二", studio_name="新工作室", studio_level=None, model_studio=False,
                 enterprise_name="", unit_name=" 朝阳区总工会", contact_phone="138 0013 8000"),
        _project(title="新项目三", studio_name="新工作室", studio_level=CITY, model_studio=True,
                 enterprise_name="新企业", leader="王五", total_budget_fen=None),
        _project(title="新项目四", studio_name="", enterprise_name="没有工作室的企业"),
        _project(title="新项目五", studio_name="老工作室", studio_level=None, model_studio=False,
                 enterprise_name="", leader="", approval_date=None, startup_funds_paid=None),
    ]


def test_insert_projects_writes_what_save_project_writes_one_by_one(tmp_path):
    one, batch = _twins(tmp_path, _registered_projects)
    with one.transaction():
        ids = [one.save_project(app) for app in _new_projects()]
    stored = batch.insert_projects(_new_projects(), source="朝阳区项目汇总表.xlsx")
    assert [r.id for r in stored] == ids
    assert _contents(batch) == _contents(one)
    assert stored == batch.projects(2022)[2:]
    # 新工作室 became city-level and moved to 新企业 with its second project
    assert (stored[1].studio_level, stored[1].enterprise_name) == (CITY, "新企业")
    one.close()
    batch.close()


def test_insert_patents_is_all_or_nothing(reg):
    """A row the database refuses after two rounds of writes leaves nothing behind."""
    apps = [_patent(id_number="", inventor_name=f"发明人{i}", unit_name=f"工会{i % 7}",
                    patent_number_raw=f"ZL2020101{i:05d}.0") for i in range(1200)]
    reg.conn.execute(
        "CREATE TEMP TRIGGER refuse BEFORE INSERT ON patent_applications"
        " WHEN NEW.patent_number_raw = 'ZL202010101100.0'"
        " BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    before = {t: reg.scalar(f"SELECT count(*) FROM {t}") for t in BATCH_TABLES}
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        reg.insert_patents(apps)
    assert {t: reg.scalar(f"SELECT count(*) FROM {t}") for t in BATCH_TABLES} == before


def test_insert_reports_progress_and_stops_when_progress_raises(reg):
    apps = [_patent(id_number="", inventor_name=f"发明人{i}") for i in range(1200)]
    seen: list[tuple[int, int]] = []
    reg.insert_patents(apps, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]

    def stop(done: int, total: int) -> None:
        if done >= 1000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reg.insert_patents(apps, progress=stop)
    assert reg.scalar("SELECT count(*) FROM patent_applications") == 1200


def test_insert_refuses_applications_already_saved(reg):
    app_id = reg.save_patent(_patent())
    with pytest.raises(ValueError):
        reg.insert_patents([reg.patent(app_id)])
    assert reg.scalar("SELECT count(*) FROM patent_applications") == 1


def test_a_new_registers_plan_leaves_nothing_to_judge_again(tmp_path, monkeypatch):
    """The 2022 plan a new register is given was noted as changed: the first write after it
    (an import of 10,000 rows) re-checked the whole year it had just judged, 0.6 s."""
    from boostdesk.rules import check as rules_check

    reg = Register.open(tmp_path / "new.db", operator="测试员")
    try:
        assert not reg.changes

        def whole_campaign(*_args, **_kw):
            raise AssertionError("the whole campaign was re-checked")

        monkeypatch.setattr(rules_check, "_refresh", whole_campaign)
        reg.save_patent(PatentApplication(2022, title="一种焊缝检测装置", inventor_name="张三"))
        rules_check.recheck(reg)
    finally:
        reg.close()
