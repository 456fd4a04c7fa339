"""Upgrading a register from every earlier schema version keeps its data.

For each n below SCHEMA_VERSION a register is built by applying MIGRATIONS[:n]
to an empty file, filled with representative rows valid at that version, then
opened with Register.open. A migration appended later is covered without
touching this file: the rows are written column by column from whatever the
old schema has.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from boostdesk.models import Register, plan_2022
from boostdesk.models.register import migrate, open_connection
from boostdesk.models.schema import MIGRATIONS, SCHEMA_VERSION

PARAMS = plan_2022().to_json()

# Representative values for every column the register has had, per table.
# Tables are filled in this order (parents before children).
ROWS: dict[str, dict[str, object]] = {
    "campaigns": {"id": 1, "year": 2022, "title": "北京市总工会2022年职工创新助推计划",
                  "params": PARAMS},
    "units": {"id": 1, "name": "海淀区总工会", "kind": "区"},
    "enterprises": {"id": 1, "name": "北京中科智测科技有限公司",
                    "credit_code": "91110108MA01ABCD3X", "unit_id": 1},
    "people": {"id": 1, "name": "张三", "id_number": "110108198001010015",
               "card_number": "6214680000000000008", "phone": "13800138000", "frontline": 1,
               "enterprise_id": 1},
    "patent_applications": {
        "id": 1, "campaign_id": 1, "seq": 1, "unit_id": 1, "enterprise_id": 1, "person_id": 1,
        "title": "一种公交车辆制动系统故障预警装置", "patent_number_raw": "ZL 2020 1 0123456.2",
        "patent_number": "ZL202010123456.2", "grant_date": "2021-06-15",
        "service_invention": 1, "applied_in_production": 1, "industry": "智能装备",
        "remarks": "首次申报", "received_date": "2022-10-25",
        "materials": json.dumps({"form": True, "certificate": True}), "status": "approved",
        "status_reason": "", "award_fen": 3000_00, "approved_date": "2022-12-15",
        "created_at": "2022-10-25T09:00:00", "updated_at": "2022-12-15T10:00:00",
        "search_text": "张三 zl202010123456.2", "eligible": 1, "incomplete": 0,
        "findings": "[]",
    },
    "studios": {"id": 1, "name": "李红兵劳模创新工作室", "level": "city", "model_studio": 1,
                "unit_id": 1, "enterprise_id": 1, "leader": "李红兵"},
    "studio_awards": {"id": 1, "studio_id": 1, "year": 2021,
                      "project_title": "转炉炼钢终点碳温预测模型开发", "award_fen": 100_000_00,
                      "accepted": 0, "accepted_date": None},
    "project_applications": {
        "id": 1, "campaign_id": 1, "seq": 1, "unit_id": 1, "studio_id": 1,
        "title": "特殊钢连铸坯质量在线判定系统研发", "leader": "李红兵",
        "approval_date": "2022-03-05", "startup_funds_paid": 1,
        "planned_completion": "2024-03-05", "total_budget_fen": 400_000_00,
        "requested_fen": 100_000_00, "contact_name": "王五", "contact_phone": "13900139000",
        "industry": "新材料", "remarks": "", "received_date": "2022-10-30",
        "materials": json.dumps({"form": True}), "status": "paid_first", "status_reason": "",
        "award_fen": 100_000_00, "approved_date": "2022-12-28", "accepted_date": None,
        "created_at": "2022-10-30T09:00:00", "updated_at": "2023-02-01T10:00:00",
        "search_text": "特殊钢", "eligible": 1, "incomplete": 0, "findings": "[]",
    },
    "status_history": {"id": 1, "stream": "patent", "application_id": 1,
                       "from_status": "qualified", "to_status": "approved", "reason": "",
                       "operator": "刘建国", "at": "2022-12-15T10:00:00"},
    "audit_events": {"id": 1, "at": "2022-12-15T10:00:00", "operator": "刘建国",
                     "action": "status", "entity": "patent_applications", "entity_id": 1,
                     "before": json.dumps({"status": "qualified"}),
                     "after": json.dumps({"status": "approved"})},
    "payments": {"id": 1, "stream": "patent", "application_id": 1, "tranche": 1,
                 "payer": "federation", "amount_fen": 1500_00, "due_date": "2023-03-15",
                 "paid_date": "2023-01-10", "voucher": "记-2023-001"},
}

FILLER_BY_TYPE = {"INTEGER": 1, "TEXT": "x", "REAL": 1.0}


# The columns each migration from 9 on added: dropped, a register of today reads as one
# an older BoostDesk wrote (SQLite drops a column in place since 3.35).
ADDED_BY = {
    9: (("project_applications", "award_level"),),
    10: (("patent_applications", "card_number"), ("patent_applications", "frontline")),
    11: (("project_applications", "payee_enterprise_id"),),
    12: (("audit_events", "computer"), ("audit_events", "note")),
    17: (("project_applications", "title_key"),),
    20: (("patent_applications", "reported_id_number"),
         ("patent_applications", "reported_phone")),
    21: (("project_applications", "reported_level"),
         ("project_applications", "reported_model_studio"),
         ("project_applications", "reported_enterprise_id")),
    23: (("status_history", "decided_on"),),
    # the numbers a caller is found by (search_text.number_keys)
    27: (("patent_applications", "search_numbers"), ("project_applications", "search_numbers")),
    # each criterion's 评分要点, quoted in a package's 填写说明
    28: (("criteria", "description"),),
    # the day a list was adopted, which its publicity may not start before
    29: (("proposals", "adopted_on"),),
    # the trail's hash chain (models.audit_chain)
    30: (("audit_events", "chain"),),
    # a studio level the plan does not admit (企业级), as the paper wrote it
    32: (("project_applications", "outside_level"),),
    # the 所在单位 each project was published under (its 公示名单's column)
    35: (("proposals", "published_enterprise_id"),),
}
# The values each later migration rewrote, as the versions before it stored them.
_HALF_WIDTH = "replace(replace({0}, '（', '('), '）', ')')"
WRITTEN_BEFORE: dict[int, str | tuple[str, ...]] = {
    13: "UPDATE units SET kind = '集团(公司)' WHERE kind = '集团（公司）'",
    # a name's brackets, as NFKC wrote them before 14
    14: tuple(f"UPDATE {table} SET {column} = {_HALF_WIDTH.format(column)}"
              for table, column in (("units", "name"), ("enterprises", "name"),
                                    ("studios", "name"), ("studios", "leader"),
                                    ("people", "name"), ("project_applications", "leader"),
                                    ("project_applications", "contact_name"))),
    # a dot between hanzi in a search text as typed, not folded to the middle dot
    15: tuple(f"UPDATE {table} SET search_text = replace(search_text, '·', '・')"
              for table in ("patent_applications", "project_applications")),
    # the office's settings (the seal image) were each computer's, not the register's
    16: "DROP TABLE register_settings",
    # (its index first: SQLite drops no indexed column)
    17: "DROP INDEX project_title",
    18: ("DROP INDEX patent_card", "DROP INDEX people_card"),
    # an earlier year's decided paper stored 待补材料 (its findings' words left as they are:
    # 19 settles none of them again; tests/test_past_verdicts.py builds the old ones whole)
    19: tuple(f"UPDATE {table} SET incomplete = 1 WHERE findings LIKE '%，该年度结果已定，无须补充%'"
              for table in ("patent_applications", "project_applications")),
    # an earlier year's paper the clerk refused was settled with the decided ones
    # (tests/test_past_refusals.py builds such a register whole)
    22: tuple(f"UPDATE {table} SET incomplete = 0, findings = replace(replace(findings,"
              " '，请补充\"', '，该年度结果已定，无须补充\"'), '\"missing\": true', '\"missing\": false')"
              " WHERE incomplete = 1 AND status = 'refused'"
              " AND status_reason != '往年未获助推（补录时结年）'"
              " AND campaign_id IN (SELECT id FROM campaigns"
              " WHERE year < (SELECT max(year) FROM campaigns))"
              for table in ("patent_applications", "project_applications")),
    # an approval after an objection found groundless read 公示期满无异议, as 结束公示 wrote
    # every approval before publicity_outcome (tests/test_upgrade_named.py builds one whole)
    24: ("UPDATE project_applications SET status_reason = '公示期满无异议'"
         " WHERE status = 'approved' AND status_reason LIKE '公示期内收到%'",
         "UPDATE status_history SET reason = '公示期满无异议' WHERE stream = 'project'"
         " AND from_status = 'publicized' AND to_status = 'approved'"
         " AND reason LIKE '公示期内收到%'"),
    # 撤销助推（已拨付，应追回） (finance.recovery): its two tables
    25: ("DROP TABLE recovery_payers", "DROP TABLE recoveries"),
    # 已追回 in instalments: 25 kept one whole recovery on the payer's row (a part recovered
    # in several sums cannot be written as 25 wrote it: only a whole one, as one sum)
    26: ("ALTER TABLE recovery_payers ADD COLUMN recovered_date TEXT",
         "ALTER TABLE recovery_payers ADD COLUMN voucher TEXT NOT NULL DEFAULT ''",
         "UPDATE recovery_payers SET (recovered_date, voucher) = (SELECT i.recovered_date,"
         " i.voucher FROM recovery_instalments i WHERE i.recovery_id = recovery_payers.recovery_id"
         " AND i.payer = recovery_payers.payer AND i.amount_fen = recovery_payers.amount_fen)"
         " WHERE EXISTS (SELECT 1 FROM recovery_instalments i"
         " WHERE i.recovery_id = recovery_payers.recovery_id AND i.payer = recovery_payers.payer)",
         "DROP TABLE recovery_instalments"),
    # the trail's count beside its chain (models.audit_chain)
    31: "DROP TABLE audit_seal",
    # a title's key kept its traditional characters (tests/test_near_fold.py writes one
    # as 32 had it; here no title has any)
    33: "SELECT 1",
    # the people's telephones indexed (rules.near_people: another name, the same phone)
    34: ("DROP INDEX people_phone_birth", "DROP INDEX people_phone_rest"),
}


def as_version(conn: sqlite3.Connection, version: int) -> None:
    """Make the register at ``conn`` look as version ``version`` wrote it."""
    # (this connection's own notes for the payment plan, finance.plan_follow, name columns
    # a DROP COLUMN below takes away: an old version's file has none of them)
    for (name,) in conn.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER temp.{name}")
    for step, statements in sorted(WRITTEN_BEFORE.items(), reverse=True):  # the last undone first
        if step > version:
            for statement in (statements,) if isinstance(statements, str) else statements:
                conn.execute(statement)
    for step, columns in ADDED_BY.items():
        if step > version:
            for table, column in columns:
                conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    assert max(*ADDED_BY, *WRITTEN_BEFORE) == SCHEMA_VERSION, (
        "a new migration: name its columns in ADDED_BY, or what it rewrites in WRITTEN_BEFORE")
    conn.execute(f"PRAGMA user_version = {version}")


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, bool, bool]]:
    """(name, declared type, not null, has default) of each column."""
    return [(r[1], r[2].upper(), bool(r[3]), r[4] is not None)
            for r in conn.execute(f"PRAGMA table_info({table})")]


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def _fill(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    """One representative row in every known table of this version; what was written."""
    written: dict[str, dict[str, object]] = {}
    present = set(_tables(conn))
    for table, values in ROWS.items():
        if table not in present:
            continue
        row: dict[str, object] = {}
        for name, kind, not_null, has_default in _columns(conn, table):
            if name in values:
                row[name] = values[name]
            elif not_null and not has_default:
                # A column a later migration made mandatory: any value of its type.
                row[name] = FILLER_BY_TYPE.get(kind, "x")
        cols = ", ".join(row)
        conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))
        written[table] = row
    return written


def _build(path, n: int) -> dict[str, dict[str, object]]:
    conn = open_connection(path)
    try:
        assert migrate(conn, target=n) == n
        assert conn.execute("PRAGMA user_version").fetchone()[0] == n
        conn.execute("BEGIN")
        written = _fill(conn)
        conn.execute("COMMIT")
        return written
    finally:
        conn.close()


@pytest.mark.parametrize("n", range(SCHEMA_VERSION))
def test_register_at_version_n_upgrades_with_data_intact(tmp_path, n):
    path = tmp_path / f"v{n}.db"
    written = _build(path, n)
    assert n == 0 or written, "no table of this version was filled"

    reg = Register.open(path, operator="测试员")
    try:
        assert reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert reg.scalar("PRAGMA foreign_keys") == 1
        assert reg.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert reg.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, row in written.items():
            kept = {k: v for k, v in row.items() if k != "search_text"}  # made again at 7
            cols = ", ".join(kept)
            # the upgrade's own line comes after those kept (test_the_upgrade_is_in_the_trail),
            # and the line recording 0.19.0's unsealed lines (written once, on opening)
            where = (" WHERE action NOT IN ('upgrade', 'record_unsealed_exports')"
                     if table == "audit_events" else "")
            got = reg.conn.execute(f"SELECT {cols} FROM {table}{where}").fetchall()
            assert got == [tuple(kept.values())], f"{table} changed by the upgrade"
        if "campaigns" in written:
            assert reg.campaign_years() == [2022]  # no second plan seeded
            assert reg.campaign(2022) == plan_2022()
            [patent] = reg.patents(2022)
            assert (patent.title, patent.inventor_name, patent.status, patent.award_fen) == (
                "一种公交车辆制动系统故障预警装置", "张三", "approved", 3000_00)
            assert patent.grant_date == date(2021, 6, 15)
            if n < 7:  # made again at 7; at 8 only where a name was tidied
                assert reg.scalar("SELECT search_text FROM patent_applications").startswith(
                    "张三 zl 2020 1 0123456.2 zl202010123456.2 一种公交")
            [project] = reg.projects(2022)
            assert (project.studio_name, project.studio_level, project.award_fen) == (
                "李红兵劳模创新工作室", "city", 100_000_00)
            [award] = reg.studio_awards()
            assert award.accepted is False
            assert reg.status_history("patent", 1)[0]["operator"] == "刘建国"
        else:
            assert reg.campaign_years() == [2022]  # an empty file gets the default plan
        if "project_applications" in written:  # the upgraded register takes new work
            reg.set_status("project", 1, "accepted", accepted_date=date(2024, 3, 1))
            assert reg.project(1).accepted_date == date(2024, 3, 1)
    finally:
        reg.close()


@pytest.mark.parametrize("n", range(SCHEMA_VERSION))
def test_upgraded_register_has_the_same_schema_as_a_new_one(tmp_path, n):
    _build(tmp_path / "old.db", n)
    Register.open(tmp_path / "old.db").close()
    Register.open(tmp_path / "new.db").close()

    def schema(path):
        conn = sqlite3.connect(path)
        try:
            return {
                t: [(c[0], c[1], c[2], c[3]) for c in _columns(conn, t)] for t in _tables(conn)
            }, sorted(r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
        finally:
            conn.close()

    assert schema(tmp_path / "old.db") == schema(tmp_path / "new.db")


def test_every_migration_is_applied_once(tmp_path):
    path = tmp_path / "twice.db"
    Register.open(path).close()
    Register.open(path).close()  # a second open must not re-run any step
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    conn.close()


def test_failed_migration_step_leaves_the_register_at_its_old_version(tmp_path, monkeypatch):
    from boostdesk.models import register as register_module

    path = tmp_path / "broken.db"
    _build(path, SCHEMA_VERSION - 1)
    broken = [*MIGRATIONS[:-1], MIGRATIONS[-1] + ";\nCREATE TABLE units (id INTEGER)"]
    monkeypatch.setattr(register_module, "MIGRATIONS", broken)
    with pytest.raises(Exception, match="units"):
        Register.open(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 1
    finally:
        conn.close()


def test_migration_9_records_the_level_each_project_award_was_made_at(tmp_path):
    """Registers written before migration 9 had no award level: their awards take the
    studio's level as it stood when the register was upgraded."""
    from test_finance import add_project

    from boostdesk.models import DISTRICT

    path = tmp_path / "v8.db"
    reg = Register.open(path)
    awarded = add_project(reg, level=DISTRICT, award=3_0000_00)
    pending = add_project(reg, title="另一个项目", status="qualified")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 8)
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        levels = dict(reg.conn.execute("SELECT id, award_level FROM project_applications"))
    assert levels == {awarded: DISTRICT, pending: None}


def test_migration_10_gives_each_patent_paper_its_person_s_card_and_frontline(tmp_path):
    """Before migration 10 a paper showed its person's card and frontline status; after
    it each paper keeps them, starting from what the person had when upgraded (when the
    audit trail does not say what they had when the paper was saved)."""
    from datetime import date

    from boostdesk.models import PatentApplication
    from boostdesk.models.campaign import plan_2022

    path = tmp_path / "v9.db"
    reg = Register.open(path)
    reg.save_campaign(plan_2022().for_year(2023))
    paper = PatentApplication(
        campaign_year=2022, title="一种装置", patent_number_raw="ZL202010123456.2",
        grant_date=date(2021, 6, 15), inventor_name="张三", id_number="110108198001010015",
        card_number="6214680000000000008", frontline=True, unit_name="海淀区总工会")
    first = reg.save_patent(paper)
    later = reg.save_patent(PatentApplication(**{**paper.__dict__, "campaign_year": 2023,
                                                 "patent_number_raw": "ZL202010654321.9"}))
    nobody = reg.save_patent(PatentApplication(**{**paper.__dict__, "inventor_name": "",
                                                  "id_number": "", "card_number": ""}))
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 9)
    conn.execute("UPDATE people SET card_number = '6214680000000000016', frontline = 0")
    conn.execute("DELETE FROM audit_events WHERE entity = 'people'")
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        stored = {r[0]: r[1:] for r in reg.conn.execute(
            "SELECT id, card_number, frontline FROM patent_applications")}
        assert stored == {first: ("6214680000000000016", 0), later: ("6214680000000000016", 0),
                          nobody: (None, None)}
        assert reg.patent(first).frontline is False


def test_migration_10_gives_a_paid_paper_of_a_two_year_register_the_card_it_was_paid_to(
        tmp_path):
    """A register upgraded in its second year: before migration 10, a 2023 paper with a new
    card, or from a person no longer at the front line, rewrote the person, and so every
    earlier paper of theirs. The upgrade gives each paper the card and frontline status
    its person had when it was paid (the payment list named that card), else when it was
    last saved (the audit trail keeps both), not the newest."""
    from test_finance import add_patent

    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models import PatentApplication

    path = tmp_path / "v9.db"
    reg = Register.open(path)
    reg.save_campaign(plan_2022().for_year(2023))
    paid_early = add_patent(reg)  # card 6214830112341234, paid before 2023's paper
    paid_late = add_patent(reg, "李四", "110105198507070024", number="ZL202110654321.5")
    sync_plan(reg, 2022)
    for line in payment_lines(reg, 2022, app_ids=[paid_early]):
        mark_paid(reg, line.id, date(2023, 3, 1), "记-1")

    def later(app_id, card, frontline):
        old = reg.patent(app_id)
        return reg.save_patent(PatentApplication(
            2023, title=f"次年专利{app_id}",
            grant_date=date(2022, 5, 1), inventor_name=old.inventor_name,
            id_number=old.id_number, card_number=card, frontline=frontline))

    new_card, other_card = "6214680000000000008", "6214680000000000016"
    first_2023 = later(paid_early, new_card, False)
    second_2023 = later(paid_late, other_card, True)
    for line in payment_lines(reg, 2022, app_ids=[paid_late]):  # paid to the card then listed
        mark_paid(reg, line.id, date(2023, 12, 1), "记-2")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 9)
    # what the code before migration 10 left: the person's newest facts, on every paper
    conn.execute("UPDATE people SET card_number = ?, frontline = 0 WHERE id_number = ?",
                 (new_card, "11010519491231002X"))
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        stored = {r[0]: r[1:] for r in reg.conn.execute(
            "SELECT id, card_number, frontline FROM patent_applications")}
        assert stored == {paid_early: ("6214830112341234", 1), first_2023: (new_card, 0),
                          paid_late: (other_card, 1), second_2023: (other_card, 1)}
        [line] = [x for x in payment_lines(reg, 2022, app_ids=[paid_early])][:1]
        assert line.card_number == "6214830112341234"
        assert reg.person_by_id_number("11010519491231002X").card_number == new_card


def test_migration_11_fixes_the_payee_of_project_awards_already_paid(tmp_path):
    """An award with a payment recorded keeps the enterprise it was paid to; an unpaid one
    still follows its studio."""
    from test_finance import add_project

    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines

    path = tmp_path / "v10.db"
    reg = Register.open(path)
    paid = add_project(reg)
    owed = add_project(reg, studio="王强创新工作室", title="另一个项目")
    sync_plan(reg, 2022)
    line = next(x for x in payment_lines(reg, 2022) if x.app_id == paid)
    mark_paid(reg, line.id, date(2023, 1, 10), "记-1")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 10)
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        payees = dict(reg.conn.execute("SELECT id, payee_enterprise_id FROM project_applications"))
        studio_enterprise = reg.scalar("SELECT enterprise_id FROM studios WHERE name = ?",
                                       ("李红兵劳模创新工作室",))
    assert payees == {paid: studio_enterprise, owed: None}


def test_migration_35_keeps_the_unit_each_posted_project_was_published_under(tmp_path):
    """A batch posted before 35 recorded no 所在单位: a project redirected since (改汇) takes
    the payee its first redirect replaced, as the company is spelt now; any other its
    所在单位 now; a proposal not yet posted none."""
    from test_publicity_published_unit import NEW, OLD, OTHER, published_and_returned

    from boostdesk.finance.redirect import redirect_payee
    from boostdesk.panel.publicity import publicity_rows
    from tests.test_panel_support import make_project, to_review

    path = tmp_path / "v34.db"
    reg = Register.open(path)
    redirected = published_and_returned(reg)
    redirect_payee(reg, redirected, NEW, "企业更名后账户名称已变更", date(2023, 2, 1))
    right = OLD.replace("有限公司", "股份有限公司")  # the old payee's name corrected since
    reg.correct_enterprise_name(reg.scalar("SELECT id FROM enterprises WHERE name = ?", (OLD,)),
                                right, "营业执照为股份有限公司")
    waiting = make_project(reg, "待公示项目", "待公示工作室")
    to_review(reg, waiting)
    reg.set_status("project", waiting, "proposed")
    with reg.transaction():  # adopted, not yet posted
        reg.conn.execute("INSERT INTO proposals (project_id, campaign_id, amount_fen, adopted_at)"
                         " SELECT id, campaign_id, 10000000, '2022-12-10T10:00:00'"
                         " FROM project_applications WHERE id = ?", (waiting,))
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 34)
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        kept = dict(reg.conn.execute(
            "SELECT p.project_id, e.name FROM proposals p"
            " LEFT JOIN enterprises e ON e.id = p.published_enterprise_id"))
        other = reg.scalar("SELECT id FROM project_applications WHERE title = ?", (OTHER,))
        assert kept == {redirected: right, other: reg.project(other).enterprise_name,
                        waiting: None}
        assert reg.project(redirected).enterprise_name == NEW  # who is paid now
        assert {r.project_id: r.enterprise for r in publicity_rows(reg, 2022)}[redirected] == right


def test_migration_21_keeps_on_a_paper_naming_no_studio_the_studio_facts_it_gives(tmp_path):
    """A register of 20 knew nothing of a nameless paper's level, 示范性 and 所在单位 (lost
    as it was saved: nothing to bring back, no level guessed); upgraded, the paper keeps
    them once typed again, and a paper naming its studio reads the studio's as before."""
    from dataclasses import replace

    from test_finance import add_project

    path = tmp_path / "v20.db"
    reg = Register.open(path)
    named = add_project(reg, status="registered")
    nameless = add_project(reg, studio="", title="另一个项目", status="registered")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 20)
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        assert [(a.studio_name, a.studio_level, a.enterprise_name)
                for a in (reg.project(named), reg.project(nameless))] == [
            ("李红兵劳模创新工作室", "city", "首钢智能装备制造有限公司"), ("", None, "")]
        reg.save_project(replace(reg.project(nameless), studio_level="district",
                                 model_studio=True, enterprise_name="首钢智能装备制造有限公司"))
        again = reg.project(nameless)
        assert (again.studio_level, again.model_studio, again.enterprise_name) == (
            "district", True, "首钢智能装备制造有限公司")
        assert reg.conn.execute("SELECT reported_level, reported_enterprise_id"
                                " FROM project_applications WHERE id = ?", (named,)
                                ).fetchone() == (None, None)


def test_migration_10_keeps_the_frontline_a_paid_paper_was_judged_on(tmp_path):
    """A 2022 award paid after the person's 2023 paper said 不是一线职工: the payment list
    then named the person's newest card, but the 2022 paper was judged and approved on
    一线职工 是. The upgrade turned that paid award into 不合格 (第一发明人不是一线职工)."""
    from test_finance import add_patent

    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models import PatentApplication
    from boostdesk.rules import check_campaign

    path = tmp_path / "v9.db"
    reg = Register.open(path)
    reg.save_campaign(plan_2022().for_year(2023))
    paid = add_patent(reg)  # card 6214830112341234, 一线职工
    sync_plan(reg, 2022)
    new_card = "6214680000000000008"
    old = reg.patent(paid)
    reg.save_patent(PatentApplication(
        2023, title="次年专利", patent_number_raw="ZL202210654321.1",
        grant_date=date(2022, 5, 1), inventor_name=old.inventor_name,
        id_number=old.id_number, card_number=new_card, frontline=False))
    for line in payment_lines(reg, 2022, app_ids=[paid]):
        mark_paid(reg, line.id, date(2023, 4, 1), "记-1")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 9)
    conn.commit()
    conn.close()
    with Register.open(path) as reg:
        card, frontline = reg.conn.execute(
            "SELECT card_number, frontline FROM patent_applications WHERE id = ?",
            (paid,)).fetchone()
        assert (card, frontline) == (new_card, 1)  # the card the money went to
        [verdict] = [v for v in check_campaign(reg, 2022) if v.app_id == paid]
        assert verdict.eligible, verdict.findings


def _v9_paid_paper_judged_on_newer_facts(path) -> int:
    """A register version 9 left: a paid 2022 paper stored 不合格 because its inventor's
    2023 paper said 不是一线职工 (the code before migration 10 judged a paper on its
    person's newest facts). Returns the 2022 paper's id."""
    from test_finance import add_patent

    from boostdesk.models import PatentApplication
    from boostdesk.rules import refresh

    reg = Register.open(path)
    reg.save_campaign(plan_2022().for_year(2023))
    paid = add_patent(reg)
    old = reg.patent(paid)
    reg.save_patent(PatentApplication(
        2023, title="次年专利", patent_number_raw="ZL202210654321.1",
        grant_date=date(2022, 5, 1), inventor_name=old.inventor_name,
        id_number=old.id_number, card_number=old.card_number, frontline=False))
    # what the code before migration 10 stored: the 2022 paper judged on the newest facts
    reg.conn.execute("UPDATE patent_applications SET frontline = 0 WHERE id = ?", (paid,))
    refresh(reg, 2022)
    assert not reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (paid,))
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 9)
    conn.commit()
    conn.close()
    return paid


def _verdict(reg, paper: int) -> tuple[int, bool]:
    eligible, findings = reg.conn.execute(
        "SELECT eligible, findings FROM patent_applications WHERE id = ?", (paper,)).fetchone()
    return eligible, "一线" in findings


def test_upgrade_stores_the_verdict_of_a_paper_given_back_its_own_frontline(tmp_path):
    """The upgrade gives the paper back its 一线职工 是, and the stored verdict (the
    register's 不合格 filter, the approval sheet's 系统核对意见) must follow at once, not
    at some later write."""
    from boostdesk.safety import open_register

    path = tmp_path / "v9.db"
    paid = _v9_paid_paper_judged_on_newer_facts(path)
    opened = open_register(path, "测试员", start_backup=False)
    try:
        assert _verdict(opened.reg, paid) == (1, False)
    finally:
        opened.reg.close()


def test_upgrade_killed_while_it_re_checks_is_made_again_whole(tmp_path):
    """The re-check of the papers migration 10 changed is part of the upgrade: a process
    killed in it (a clerk's kill, a power cut) leaves the register at the version it had,
    so the next start upgrades and re-checks again. Committed first, it left version 12
    with the stale 不合格 stored for good: nothing at the next start knew to re-check."""
    from boostdesk.safety import open_register

    path = tmp_path / "v9.db"
    paid = _v9_paid_paper_judged_on_newer_facts(path)
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "import boostdesk.rules as rules\n"
        "from boostdesk.safety import open_register\n"
        "rules.recheck = lambda reg: os.kill(os.getpid(), signal.SIGKILL)\n"
        "open_register(sys.argv[1], '测试员', start_backup=False)\n"), str(path)],
        capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    finally:
        conn.close()
    opened = open_register(path, "测试员", start_backup=False)
    try:
        assert opened.reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert _verdict(opened.reg, paid) == (1, False)
    finally:
        opened.reg.close()


def test_upgrade_failing_half_way_leaves_the_register_as_the_older_version_wrote_it(
        tmp_path, monkeypatch):
    """A register two versions behind, the disk filling up during the second step: the
    first step stayed committed (version 10), which the previous BoostDesk refuses
    (登记册格式为 10，高于本程序支持的格式 9) and this one's error was SQLite's English
    (cannot rollback - no transaction is active). The upgrade is all-or-nothing."""
    from boostdesk.models import RegisterError
    from boostdesk.models import register as register_module

    path = tmp_path / "v9.db"
    _build(path, SCHEMA_VERSION - 2)
    conn = sqlite3.connect(path)
    with conn:  # what the step before the last rewrites, as the older versions wrote it
        # 13 rewrites a kind's brackets, 14 a name's, 15 folds a search text's dots
        conn.execute("INSERT INTO units (name, kind) VALUES ('首钢(集团)工会', '集团(公司)')")
        conn.execute("UPDATE patent_applications SET search_text = '买买提・艾力'")
        # 19 settles an earlier year's decided paper stored 待补材料 (2022's, 2023 there)
        conn.execute("INSERT INTO campaigns (year, title, params)"
                     " SELECT 2023, title, params FROM campaigns WHERE year = 2022")
        conn.execute("UPDATE patent_applications SET incomplete = 1, findings = ?", (json.dumps(
            [{"code": "SUBMISSION_LATE", "severity": "warning", "message": "缺少“收件日期”，请补充",
              "field": "received_date", "missing": True}], ensure_ascii=False),))
        # 22 asks again for what a refused earlier year's paper lacks (19 had settled it)
        conn.execute("UPDATE patent_applications SET status = 'refused', status_reason = '材料不全',"
                     " incomplete = 0, findings = ?", (json.dumps(
            [{"code": "SUBMISSION_LATE", "severity": "warning",
              "message": "缺少“收件日期”，该年度结果已定，无须补充", "field": "received_date",
              "missing": False}], ensure_ascii=False),))
    conn.close()
    # SQLITE_FULL ends the transaction itself, as a full disk does
    full = ";\nPRAGMA max_page_count = 1;\nCREATE TABLE filler AS WITH RECURSIVE n(i) AS" \
           " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)" \
           " SELECT randomblob(200) AS b FROM n"
    monkeypatch.setattr(register_module, "MIGRATIONS", [*MIGRATIONS[:-1], MIGRATIONS[-1] + full])
    with pytest.raises(RegisterError, match="磁盘空间已满"):
        Register.open(path)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION - 2
        if SCHEMA_VERSION - 1 in ADDED_BY:
            (table, column), *_ = ADDED_BY[SCHEMA_VERSION - 1]
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            assert column not in columns  # the previous version's own schema
        elif SCHEMA_VERSION - 1 == 16:  # the previous step's table rolled back with the last
            assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'register_settings'"
                                ).fetchall() == []
        elif SCHEMA_VERSION - 1 == 18:  # the previous step's indexes rolled back with the last
            assert conn.execute("SELECT name FROM sqlite_master WHERE name IN"
                                " ('patent_card', 'people_card')").fetchall() == []
        elif SCHEMA_VERSION - 1 == 19:  # the previous step's settling rolled back with the last
            assert conn.execute("SELECT incomplete, findings LIKE '%请补充%'"
                                " FROM patent_applications").fetchall() == [(1, 1)]
        elif SCHEMA_VERSION - 1 == 22:  # the previous step's un-settling rolled back too
            assert conn.execute("SELECT incomplete, findings LIKE '%无须补充%'"
                                " FROM patent_applications").fetchall() == [(0, 1)]
        elif SCHEMA_VERSION - 1 in (24, 25):  # 25's tables rolled back with the last step
            assert conn.execute("SELECT name FROM sqlite_master WHERE name IN"
                                " ('recoveries', 'recovery_payers', 'recovery_instalments')"
                                ).fetchall() == []
        elif SCHEMA_VERSION - 1 == 26:  # 26's instalments rolled back with the last step
            assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'recovery_instalments'"
                                ).fetchall() == []
            assert "recovered_date" in [r[1] for r in conn.execute(
                "PRAGMA table_info(recovery_payers)")]
        elif SCHEMA_VERSION - 1 in (33, 34):  # 33 rewrote no title of this register's;
            # 34's indexes rolled back with the last step
            assert conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'people_phone%'"
                                ).fetchall() == []
        elif SCHEMA_VERSION - 1 == 31:  # 31's seal table rolled back with the last step
            assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'audit_seal'"
                                ).fetchall() == []
        else:  # the previous step's rewrite rolled back with the last step
            assert SCHEMA_VERSION - 1 in (13, 14, 15)
            assert conn.execute("SELECT name, kind FROM units WHERE name LIKE '首钢%'"
                                ).fetchall() == [("首钢(集团)工会", "集团(公司)")]
            assert conn.execute("SELECT search_text FROM patent_applications").fetchall() == [
                ("买买提・艾力",)]
    finally:
        conn.close()



def test_upgrade_whose_recheck_meets_a_full_disk_is_refused_in_chinese(tmp_path, monkeypatch):
    """The re-check is part of the upgrade: a full disk in it leaves the register as the
    older BoostDesk wrote it (it was upgraded, with the stale verdicts, and a warning)."""
    import boostdesk.rules as rules
    from boostdesk.models import RegisterError
    from boostdesk.safety import open_register

    path = tmp_path / "v9.db"
    paid = _v9_paid_paper_judged_on_newer_facts(path)

    def full(_reg):
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(rules, "recheck", full)
        with pytest.raises(RegisterError) as refused:
            open_register(path, "测试员", start_backup=False)
    message = str(refused.value)
    assert "磁盘空间已满" in message and "仍是登记册格式 9" in message and "disk" not in message
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    finally:
        conn.close()
    opened = open_register(path, "测试员", start_backup=False)  # space freed: the lock is free
    try:
        assert _verdict(opened.reg, paid) == (1, False)
    finally:
        opened.reg.close()


def test_upgrade_stores_the_verdicts_of_this_version_s_rules(tmp_path):
    """The stored verdicts are the rules' (the register's 资格 column and counts, 资格审核,
    the approval sheet's 系统核对意见 read them): a register the previous BoostDesk
    left holds its rules' verdicts, and a rule fixed since (二（一）: an earlier award
    accepted after this year's deadline) showed the old 合格 until someone pressed F5."""
    from test_finance import add_patent

    from boostdesk.rules import check_campaign
    from boostdesk.safety import open_register

    path = tmp_path / "v11.db"
    reg = Register.open(path)
    paper = add_patent(reg, number="ZL202120123456.3")  # a utility model: not boosted
    reg.close()
    conn = sqlite3.connect(path)
    # what an older BoostDesk's rules stored for it
    conn.execute("UPDATE patent_applications SET eligible = 1, incomplete = 0,"
                 " findings = '[]' WHERE id = ?", (paper,))
    as_version(conn, SCHEMA_VERSION - 1)
    conn.commit()
    conn.close()
    opened = open_register(path, "测试员", start_backup=False)
    try:
        [verdict] = check_campaign(opened.reg, 2022)
        assert not verdict.eligible
        assert opened.reg.scalar(
            "SELECT eligible FROM patent_applications WHERE id = ?", (paper,)) == 0
    finally:
        opened.reg.close()


def test_migration_13_writes_the_group_kind_with_the_plan_s_brackets_and_says_so(tmp_path):
    """集团（公司）, as the plan writes it, was stored 集团(公司) and so shown, printed and
    exported so. The upgrade rewrites it, each union's change in the audit trail under
    the name of whoever upgraded the register and marked as the upgrade's; the union's
    earlier lines keep what they said."""
    from boostdesk.audit_log import trail

    path = tmp_path / "v12.db"
    reg = Register.open(path, operator="王秀兰")
    group = reg.ensure_unit("首钢集团工会")  # its kind guessed from the name
    district = reg.ensure_unit("海淀区总工会")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 12)
    conn.execute("UPDATE audit_events SET after = replace(after, '集团（公司）', '集团(公司)')")
    conn.commit()
    conn.close()
    with Register.open(path, operator="刘建国") as reg:
        kinds = dict(reg.conn.execute("SELECT id, kind FROM units"))
        events = reg.conn.execute(
            "SELECT operator, action, entity_id, before, after, note, computer"
            " FROM audit_events WHERE entity = 'units' ORDER BY id").fetchall()
        lines = [line.text() for line in trail(reg) if line.entity == "units"]
    assert kinds == {group: "集团（公司）", district: "区"}
    created, _district, *upgraded = events
    assert created[:3] == ("王秀兰", "create", group) and "集团(公司)" in created[4]
    assert [e[:3] for e in upgraded] == [("刘建国", "update", group)]
    assert [json.loads(x) for x in upgraded[0][3:5]] == [{"kind": "集团(公司)"},
                                                        {"kind": "集团（公司）"}]
    assert upgraded[0][5] == "登记册升级" and upgraded[0][6]
    assert any("首钢集团工会" in t and "修改（登记册升级）" in t
               and "集团(公司) → 集团（公司）" in t for t in lines), lines


def test_a_union_kind_typed_in_either_bracket_form_is_stored_as_the_plan_writes_it(tmp_path):
    from boostdesk.models import RegisterError

    with Register.open(tmp_path / "r.db") as reg:
        unit = reg.ensure_unit("北京市某某工会", "集团(公司)")
        assert reg.scalar("SELECT kind FROM units WHERE id = ?", (unit,)) == "集团（公司）"
        reg.ensure_unit("北京市某某工会", " 集团（公司） ")
        reg.ensure_unit("北京市某某工会", "集团（公司)")
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'units'") == 1
        with pytest.raises(RegisterError, match="无法识别的推荐单位类别：集团公司"):
            reg.ensure_unit("北京市某某工会", "集团公司")


@pytest.mark.parametrize("n", [1, 9, SCHEMA_VERSION - 1])
def test_the_upgrade_is_in_the_trail(tmp_path, n):
    """An upgrade left no line of its own: the trail did not say when the register was
    upgraded, from which version, by whom. A new register is no upgrade."""
    from boostdesk import __version__
    from boostdesk.audit_log import trail

    path = tmp_path / f"v{n}.db"
    _build(path, n)
    reg = Register.open(path, operator="测试员")
    try:
        [line] = [t for t in trail(reg) if t.action == "登记册升级"]
        assert line.operator == "测试员" and line.subject == "登记册"
        assert line.details.startswith(f"登记册格式 {n} → {SCHEMA_VERSION}（BoostDesk {__version__}）")
        assert reg.scalar("SELECT note FROM audit_events WHERE action = 'upgrade'") == "登记册升级"
    finally:
        reg.close()
    fresh = Register.open(tmp_path / "new.db", operator="测试员")
    try:
        assert fresh.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'upgrade'") == 0
    finally:
        fresh.close()


def test_migrations_7_and_8_leave_a_line_for_each_value_they_tidy(tmp_path):
    """A register an older BoostDesk left before migration 7 had its names, ID, card and
    phone numbers tidied on upgrade without a word in the trail (13–15 write one). Each
    row changed now gets its line, the upgrader's and marked as the upgrade's, as 13's; a
    name left as it was (another row already has its tidy form) says why."""
    from datetime import date

    from boostdesk.audit_log import trail
    from boostdesk.models import PatentApplication, ProjectApplication

    path = tmp_path / "v6.db"
    reg = Register.open(path, operator="王秀兰")
    reg.ensure_unit("海淀区总工会")
    reg.ensure_unit("朝阳区总工会")
    reg.ensure_unit("丰台区总工会")
    paper = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种装置", inventor_name="黄志成",
        id_number="110108198001010015", card_number="6214680000000000008",
        phone="13900139000", unit_name="海淀区总工会"))
    project = reg.save_project(ProjectApplication(
        campaign_year=2022, title="转炉炼钢终点碳温预测", studio_name="李红兵劳模创新工作室",
        leader="李红兵", unit_name="海淀区总工会", enterprise_name="首钢智能装备制造有限公司",
        approval_date=date(2022, 3, 5), contact_name="王五", contact_phone="13800138000"))
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 6)
    # as an older BoostDesk stored what was typed with spaces
    conn.execute("UPDATE units SET name = '海淀区 总工会' WHERE name = '海淀区总工会'")
    conn.execute("UPDATE units SET name = '朝阳区 总工会' WHERE name = '丰台区总工会'")
    conn.execute("UPDATE people SET name = '黄  志成', id_number = '110108 198001010015',"
                 " card_number = '6214 6800 0000 0000 008', phone = '139 0013 9000'")
    conn.execute("UPDATE studios SET leader = '李 红兵'")
    conn.execute("UPDATE project_applications SET leader = '李 红兵', contact_name = '王  五',"
                 " contact_phone = '138 0013 8000'")
    before_lines = conn.execute("SELECT max(id) FROM audit_events").fetchone()[0]
    conn.commit()
    conn.close()
    with Register.open(path, operator="刘建国") as reg:
        rows = reg.conn.execute(
            "SELECT operator, entity, entity_id, before, after, note, computer FROM audit_events"
            " WHERE id > ? AND action = 'update' ORDER BY id", (before_lines,)).fetchall()
        lines = [line for line in trail(reg) if line.action.endswith("（登记册升级）")]
        unit_ids = dict(reg.conn.execute("SELECT name, id FROM units"))
        earlier = reg.conn.execute("SELECT DISTINCT note FROM audit_events WHERE id <= ?",
                                   (before_lines,)).fetchall()
    assert earlier == [("",)]  # lines written before the upgrade are not called its own
    assert {(r[0], r[5]) for r in rows} == {("刘建国", "登记册升级")} and all(r[6] for r in rows)
    said = {(r[1], r[2]): (json.loads(r[3]), json.loads(r[4])) for r in rows}
    person = next(k for k in said if k[0] == "people")
    assert said[("units", unit_ids["海淀区总工会"])] == ({"name": "海淀区 总工会"},
                                                    {"name": "海淀区总工会"})
    clash = said[("units", unit_ids["朝阳区 总工会"])]  # 朝阳区总工会 is another union's
    assert clash[1]["name"] == "朝阳区 总工会" and "两者未合并" in clash[1]["reason"]
    people_lines = [v for k, v in said.items() if k == person]
    assert [json.loads(r[3]) for r in rows if r[1] == "people"] == [
        {"card_number": "6214 6800 0000 0000 008", "id_number": "110108 198001010015",
         "phone": "139 0013 9000"},  # 7
        {"name": "黄  志成"},  # 8
    ] and people_lines
    assert said[("studios", 1)] == ({"leader": "李 红兵"}, {"leader": "李红兵"})
    assert [json.loads(r[4]) for r in rows if r[1] == "project_applications"] == [
        {"contact_phone": "13800138000"}, {"leader": "李红兵", "contact_name": "王五"}]
    assert paper and project
    texts = [f"{line.subject} {line.details}" for line in lines]
    assert any("海淀区 总工会 → 海淀区总工会" in t for t in texts), texts
    assert any("黄  志成 → 黄志成" in t for t in texts), texts


def test_migration_7_says_why_an_id_number_another_person_has_is_left_as_it_was(tmp_path):
    path = tmp_path / "v6.db"
    conn = open_connection(path)
    migrate(conn, target=6)
    conn.execute("INSERT INTO people (name, id_number) VALUES ('张三', '110108198001010015')")
    conn.execute("INSERT INTO people (name, id_number) VALUES ('张三', '110108 198001010015')")
    conn.close()
    with Register.open(path, operator="刘建国") as reg:
        ids = [r[0] for r in reg.conn.execute("SELECT id_number FROM people ORDER BY id")]
        [(entity_id, after, note)] = reg.conn.execute(
            "SELECT entity_id, after, note FROM audit_events WHERE entity = 'people'").fetchall()
    assert ids == ["110108198001010015", "110108 198001010015"]  # not merged, as before
    assert entity_id == 2 and note == "登记册升级"
    assert "另有一人是此身份证号，两人未合并" in json.loads(after)["reason"]
