"""Rows the sealed trail records that went outside the program: an application or a person
deleted in SQLite (no 删除 line), a payment's payer swapped, a paid patent's card rewritten
after the transfer. `check` names each with its line; the program's own deletion, a card
corrected after a return, and the archive are never named."""

from __future__ import annotations

import sqlite3

from test_payment_trail_facts import NEW, OLD, resent  # noqa: F401 - paid, returned, re-sent
from test_trail_chain import demo, demo_master  # noqa: F401 - the demo register's fixtures
from test_trail_chain_gaps import YEAR, _check, _report, _sql

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.audit_rows import mismatches
from boostdesk.models.records import PATENT, PROJECT

__all__ = ["demo", "demo_master", "resent"]


def _one(db, sql, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def _created(db, table, row_id) -> int:
    return _one(db, "SELECT MAX(id) FROM audit_events WHERE entity = ? AND entity_id = ?"
                " AND action IN ('create', 'restore')", table, row_id)[0]


def test_papers_deleted_outside_the_program_are_named_with_the_line_that_made_them(demo, capsys):
    patent, name = _one(demo, "SELECT a.id, p.name FROM patent_applications a JOIN people p ON"
                        " p.id = a.person_id WHERE EXISTS (SELECT 1 FROM status_history h WHERE"
                        " h.stream = 'patent' AND h.application_id = a.id AND h.from_status IS"
                        " NOT NULL) ORDER BY a.id LIMIT 1")
    project, title = _one(demo, "SELECT id, title FROM project_applications ORDER BY id LIMIT 1")
    made = _created(demo, "patent_applications", patent)
    _sql(demo, f"DELETE FROM patent_applications WHERE id = {patent}",
         f"DELETE FROM status_history WHERE stream = 'patent' AND application_id = {patent}",
         f"DELETE FROM project_applications WHERE id = {project}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert (f"专利申报（{name} 专利{patent}）：修改记录第 {made} 行记下的这份申报在登记册中已不存在，"
            "修改记录中也没有删除的记录，可能在本程序之外被删除") in said
    assert f"创新项目申报（{title} 项目{project}）：修改记录第 " in said
    # the paper is said gone once, not again as each of its status moves missing
    assert f"状态记录（专利{patent}）缺少" not in " ".join(mismatches(sqlite3.connect(demo)))


def test_a_person_deleted_outside_is_named(demo):
    pid, name = _one(demo, "SELECT p.id, p.name FROM people p WHERE EXISTS (SELECT 1 FROM"
                     " audit_events e WHERE e.entity = 'people' AND e.entity_id = p.id AND"
                     " e.action = 'create') ORDER BY p.id LIMIT 1")
    _sql(demo, f"DELETE FROM people WHERE id = {pid}")
    said = _report(demo).said()
    assert (f"人员{pid}（{name}）：修改记录第 {_created(demo, 'people', pid)} 行记下的此人"
            "在登记册中已不存在") in said


def test_papers_and_people_the_program_deleted_are_not_named(demo):
    patent, person = _one(demo, "SELECT a.id, a.person_id FROM patent_applications a WHERE NOT"
                          " EXISTS (SELECT 1 FROM payments p WHERE p.stream = 'patent' AND"
                          " p.application_id = a.id) AND (SELECT COUNT(*) FROM"
                          " patent_applications b WHERE b.person_id = a.person_id) = 1"
                          " ORDER BY a.id LIMIT 1")
    project = _one(demo, "SELECT a.id FROM project_applications a WHERE NOT EXISTS (SELECT 1"
                   " FROM payments p WHERE p.stream = 'project' AND p.application_id = a.id)"
                   " ORDER BY a.id LIMIT 1")[0]
    with Register.open(demo, operator="测试员") as reg:
        reg.delete_application(PATENT, patent)
        reg.delete_application(PROJECT, project)
        assert not reg.scalar("SELECT 1 FROM people WHERE id = ?", (person,))  # gone with it
        assert mismatches(reg.conn) == []
    assert _report(demo).whole


def test_the_archive_deletes_nothing_it_is_said_of(demo, tmp_path, capsys):
    assert main(["archive", "--db", str(demo), "--year", str(YEAR),
                 "--out", str(tmp_path / "arch")]) == 0
    rc, said = _check(demo, capsys)
    assert rc == 0 and "修改记录防篡改校验：完整（" in said


def test_payers_swapped_outside_are_named(demo, capsys):
    one, two, app = _one(demo, "SELECT f.id, u.id, f.application_id FROM payments f JOIN"
                         " payments u ON u.stream = f.stream AND u.application_id ="
                         " f.application_id AND u.tranche = f.tranche AND u.payer = 'union'"
                         " WHERE f.payer = 'federation' AND f.stream = 'patent' ORDER BY f.id"
                         " LIMIT 1")
    _sql(demo, f"UPDATE payments SET payer = '-' WHERE id = {one}",
         f"UPDATE payments SET payer = 'federation' WHERE id = {two}",
         f"UPDATE payments SET payer = 'union' WHERE id = {one}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    rows = mismatches(sqlite3.connect(demo))
    assert any(f"拨付第 {one} 笔（" in r and f"专利{app}）：付款单位“推荐工会”与修改记录第 " in r
               and "记下的“市总工会”不符，可能在本程序之外被改动" in r for r in rows), rows
    assert any(f"拨付第 {two} 笔（" in r and "付款单位“市总工会”与修改记录第 " in r for r in rows)


def test_a_card_rewritten_after_the_transfer_is_named_not_one_corrected_after_a_return(
        reg, resent):
    """The union's share went to the old card and stays paid; the federation's came back,
    the card was corrected, the share sent to the new one: no finding. The card then
    rewritten in SQLite: the share sent to the new card is named; the old card's share
    still reads its card from the correction's line."""
    app_id, federation = resent
    assert mismatches(reg.conn) == []
    union = reg.scalar("SELECT id FROM payments WHERE application_id = ? AND payer = 'union'",
                       (app_id,))
    reg.conn.execute("UPDATE patent_applications SET card_number = '6214830199990000'"
                     " WHERE id = ?", (app_id,))
    rows = mismatches(reg.conn)
    assert [r for r in rows if "汇往卡号" in r] == [
        f"拨付第 {federation} 笔（张三 专利{app_id}）：汇往卡号 6214 **** **** 0000 与修改记录第"
        f" {_mark(reg, federation)} 行记下的 6214 **** **** {NEW[-4:]} 不符，可能在本程序之外被改动"]
    assert not [r for r in rows if f"拨付第 {union} 笔" in r] and OLD not in " ".join(rows)


def _mark(reg, payment_id) -> int:
    return reg.scalar("SELECT MAX(id) FROM audit_events WHERE entity = 'payments' AND"
                      " entity_id = ? AND json_type(after, '$.paid_card') = 'text'",
                      (payment_id,))


def test_a_return_taken_back_after_a_card_correction_is_no_finding(reg):
    """撤销退汇登记 after the card was corrected: the transfer stands as sent to the old card
    (its mark's card, the correction's line keeping it), the lists and the check agree."""
    from dataclasses import replace
    from datetime import date

    from boostdesk.finance.cancel import cancel_payment
    from boostdesk.finance.paying import mark_all_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.finance.returns import return_payments
    from tests.test_finance import add_patent

    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    lines = payment_lines(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines], date(2023, 1, 10), "记-2023-001")
    federation = next(x.id for x in lines if x.payer == "federation")
    return_payments(reg, [federation], date(2023, 1, 16), "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW), reason="会员卡已销户")
    cancel_payment(reg, federation, "退汇登记错了")
    assert {x.card_number for x in payment_lines(reg, 2022)} == {OLD}
    assert mismatches(reg.conn) == []
    first = reg.scalar("SELECT MIN(id) FROM audit_events WHERE entity = 'payments' AND"
                       " entity_id = ? AND json_type(after, '$.paid_card') = 'text'",
                       (federation,))  # the transfer put back: its mark, not the taking back
    reg.conn.execute("UPDATE audit_events SET after = json_set(after, '$.paid_card', ?)"
                     " WHERE id = ?", (NEW, first))  # (the chain is not asked: rows only)
    assert [r for r in mismatches(reg.conn) if f"拨付第 {federation} 笔" in r and "汇往卡号" in r]
