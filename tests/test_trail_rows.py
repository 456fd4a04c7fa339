"""The money and identity rows checked against what the sealed trail last recorded (the
auditor's tamper/: a payment's amount ×10, a person's card, a status move's operator
changed in SQLite with no line): `check` names the row and the line, exit 1; the archive's
check alike. Rows the program changed are never named."""

from __future__ import annotations

import sqlite3

from test_trail_chain import demo, demo_master  # noqa: F401 - the demo register's fixtures
from test_trail_chain_gaps import YEAR, _check, _report, _sql

from boostdesk.cli import main
from boostdesk.models.audit_rows import mismatches
from boostdesk.money import format_money

__all__ = ["demo", "demo_master"]


def _one(db, sql, *args):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def test_the_demo_register_s_rows_all_match_their_trail(demo):
    conn = sqlite3.connect(demo)
    try:
        assert mismatches(conn) == []
    finally:
        conn.close()


def test_a_paid_amount_multiplied_outside_the_program_is_named_with_its_line(demo, capsys):
    pid, amount, app = _one(demo, "SELECT id, amount_fen, application_id FROM payments WHERE"
                            " paid_date IS NOT NULL AND stream = 'patent' ORDER BY id LIMIT 1")
    _sql(demo, f"UPDATE payments SET amount_fen = amount_fen * 10 WHERE id = {pid}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"拨付第 {pid} 笔（" in said and f"专利{app}）：金额 {format_money(amount * 10)} 与修改记录第 " in said
    assert f"行记下的 {format_money(amount)} 不符，可能在本程序之外被改动" in said
    assert "校验：完整（" not in said


def test_a_payment_marked_paid_or_its_voucher_changed_outside_is_named(demo):
    pid, voucher = _one(demo, "SELECT id, voucher FROM payments WHERE paid_date IS NOT NULL"
                        " ORDER BY id LIMIT 1")
    unpaid = _one(demo, "SELECT id FROM payments WHERE paid_date IS NULL ORDER BY id LIMIT 1")[0]
    _sql(demo, f"UPDATE payments SET voucher = 'X-9999' WHERE id = {pid}",
         f"UPDATE payments SET paid_date = '2022-12-01', voucher = 'X-1' WHERE id = {unpaid}")
    said = _report(demo).said()
    assert "凭证号“X-9999”与修改记录第 " in said and f"记下的“{voucher}”不符" in said
    assert f"拨付第 {unpaid} 笔（" in said and "已拨付（2022-12-01）与修改记录第 " in said


def test_a_person_s_card_or_id_changed_outside_is_named_masked(demo, capsys):
    pid, name, card = _one(demo, "SELECT p.id, p.name, p.card_number FROM people p WHERE"
                           " p.card_number LIKE '62%' AND EXISTS (SELECT 1 FROM audit_events e"
                           " WHERE e.entity = 'people' AND e.entity_id = p.id) ORDER BY p.id"
                           " LIMIT 1")
    other = card[:-4] + ("1111" if card[-4:] != "1111" else "2222")
    _sql(demo, f"UPDATE people SET card_number = '{other}' WHERE id = {pid}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"人员{pid}（{name}）：卡号 " in said and other not in said and card not in said
    assert f"{other[-4:]} 与修改记录第 " in said and f"{card[-4:]} 不符，可能在本程序之外被改动" in said


def test_a_status_move_s_operator_renamed_outside_is_named(demo, capsys):
    hid, op = _one(demo, "SELECT id, operator FROM status_history WHERE from_status IS NOT NULL"
                   " ORDER BY id LIMIT 1")
    _sql(demo, f"UPDATE status_history SET operator = '冒名者' WHERE id = {hid}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"状态记录第 {hid} 条（" in said and "操作人“冒名者”与修改记录第 " in said
    assert f"记下的“{op}”不符" in said


def test_the_archive_s_check_names_a_changed_amount(demo, tmp_path, capsys):
    pid = _one(demo, "SELECT id FROM payments WHERE paid_date IS NOT NULL ORDER BY id LIMIT 1")[0]
    _sql(demo, f"UPDATE payments SET amount_fen = amount_fen + 1 WHERE id = {pid}")
    out = tmp_path / "arch"
    capsys.readouterr()
    assert main(["archive", "--db", str(demo), "--year", str(YEAR), "--out", str(out)]) == 0
    index = next(out.glob("*-00-目录.txt")).read_text(encoding="utf-8-sig")
    assert f"拨付第 {pid} 笔（" in index


def test_a_masked_trail_value_is_compared_on_the_digits_it_keeps(demo):
    pid, card = _one(demo, "SELECT p.id, p.card_number FROM people p WHERE p.card_number LIKE"
                     " '62%' AND EXISTS (SELECT 1 FROM audit_events e WHERE e.entity = 'people'"
                     " AND e.entity_id = p.id AND json_type(e.after, '$.card_number') IS NOT NULL)"
                     " ORDER BY p.id LIMIT 1")
    masked = card[:4] + "*" * (len(card) - 8) + card[-4:]
    conn = sqlite3.connect(demo)
    conn.execute("INSERT INTO audit_events (at, operator, action, entity, entity_id, before,"
                 " after) VALUES ('2026-01-01T00:00:00', '系统', 'update', 'people', ?, NULL, ?)",
                 (pid, f'{{"card_number": "{masked}"}}'))
    conn.commit()
    assert not [m for m in mismatches(conn) if m.startswith(f"人员{pid}（")]
    conn.execute("UPDATE people SET card_number = ? WHERE id = ?", (card[:-1] + "0"
                 if card[-1] != "0" else card[:-1] + "1", pid))
    assert [m for m in mismatches(conn) if m.startswith(f"人员{pid}（")]
    conn.close()


def test_a_row_changed_with_the_trail_whole_is_said_a_row_not_the_trail(demo, capsys):
    """The auditor's amount.out ended 修改记录曾在本程序之外被改动、删除或插入 though the chain
    was whole: what differs is the register's row, said so."""
    pid = _one(demo, "SELECT id FROM payments WHERE paid_date IS NOT NULL ORDER BY id LIMIT 1")[0]
    _sql(demo, f"UPDATE payments SET amount_fen = amount_fen * 10 WHERE id = {pid}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert "修改记录本身完整（共 " in said and "是登记册中的上述数据曾在本程序之外被改动" in said
    assert "修改记录曾在本程序之外被改动" not in said


def test_a_payment_marked_paid_outside_is_not_said_to_have_lost_its_line(demo):
    unpaid = _one(demo, "SELECT id FROM payments WHERE paid_date IS NULL ORDER BY id LIMIT 1")[0]
    stream, app = _one(demo, "SELECT stream, application_id FROM payments WHERE id = ?", unpaid)
    _sql(demo, f"UPDATE payments SET paid_date = '2022-05-05' WHERE id = {unpaid}",
         "INSERT INTO payments (stream, application_id, tranche, payer, amount_fen, due_date,"
         f" paid_date, voucher) VALUES ('{stream}', {app}, 9, 'federation', 100, '2022-05-01',"
         " '2022-05-05', 'X-1')")
    said = _report(demo).said()
    assert f"拨付第 {unpaid} 笔（" in said and "已拨付（2022-05-05）与修改记录第 " in said
    assert "已被删除" not in said
    assert ("1 笔拨付（" in said and "的款项）已标为拨付，但修改记录中没有登记拨付的记录（可能在本程序"
            "之外被改动）" in said)  # the inserted one; the marked one said once, above


def test_a_paid_payment_deleted_outside_is_named(demo, capsys):
    pid, amount, app = _one(demo, "SELECT id, amount_fen, application_id FROM payments WHERE"
                            " paid_date IS NOT NULL AND stream = 'patent' ORDER BY id LIMIT 1")
    _sql(demo, f"DELETE FROM payments WHERE id = {pid}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"拨付第 {pid} 笔（" in said and f"专利{app}）：修改记录第 " in said
    assert f"记下的这笔拨付（{format_money(amount)}，已拨付（" in said and "在登记册中已不存在" in said


def _moved(db) -> tuple[str, int, int, str, str, str]:
    return _one(db, "SELECT stream, application_id, id, from_status, to_status, operator FROM"
                " status_history WHERE from_status IS NOT NULL ORDER BY id LIMIT 1")


def test_a_status_move_inserted_outside_is_named(demo, capsys):
    stream, app, _, _, now, _ = _moved(demo)
    _sql(demo, "INSERT INTO status_history (stream, application_id, from_status, to_status,"
         f" reason, operator, at) VALUES ('{stream}', {app}, '{now}', 'refused', '', '某人',"
         " '2022-06-01T09:00:00')")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"{app}）多出一条“" in said and " → 资格审核不通过”（某人，第 " in said
    assert "修改记录中没有，可能在本程序之外被插入" in said


def test_a_status_move_deleted_outside_is_named(demo):
    _, app, hid, _, _, op = _moved(demo)
    _sql(demo, f"DELETE FROM status_history WHERE id = {hid}")
    said = _report(demo).said()
    assert f"{app}）缺少修改记录第 " in said and f"（{op}），可能在本程序之外被删除" in said


def test_an_application_s_status_changed_outside_is_named(demo, capsys):
    app, status = _one(demo, "SELECT id, status FROM patent_applications WHERE status != 'approved'"
                       " ORDER BY id LIMIT 1")
    _sql(demo, f"UPDATE patent_applications SET status = 'approved' WHERE id = {app}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"专利{app}：状态“核准”与修改记录第 " in said and " 行记下的“" in said


def test_a_person_s_name_or_phone_changed_outside_is_named(demo):
    pid, name, phone = _one(demo, "SELECT id, name, phone FROM people WHERE phone LIKE '1%'"
                            " ORDER BY id LIMIT 1")
    _sql(demo, f"UPDATE people SET name = '某某', phone = '13000000000' WHERE id = {pid}")
    said = _report(demo).said()
    assert f"人员{pid}（某某）：姓名 某某 与修改记录第 " in said and f"记下的 {name} 不符" in said
    assert "联系电话 130****0000 与修改记录第 " in said and phone not in said


def test_a_paper_deleted_and_its_deletion_undone_keeps_its_moves_paired(demo):
    """Ctrl+Z on 删除申报: the paper back under its 登记号, its status history put back; its
    moves' lines came before the deletion's line — paired still, no false alarm."""
    from dataclasses import replace

    from boostdesk.models import Register

    app_id = _one(demo, "SELECT a.id FROM patent_applications a WHERE a.status = 'refused' AND"
                  " EXISTS (SELECT 1 FROM status_history h WHERE h.stream = 'patent' AND"
                  " h.application_id = a.id AND h.from_status IS NOT NULL) ORDER BY a.id"
                  " LIMIT 1")[0]
    with Register.open(demo, operator="测试员") as reg:
        app, history = reg.patent(app_id), reg.status_history("patent", app_id)
        reg.delete_application("patent", app_id)
        new_id = reg.save_patent(replace(app, id=None), restore_id=app_id)
        reg.put_history_back("patent", new_id, history)
        assert new_id == app_id and mismatches(reg.conn) == []


def test_findings_passed_against_for_a_move_not_made_are_no_status_of_the_paper(reg):
    """改变状态's 仍要通过 writes its accept_findings line (its status the move's) before the
    move: a move then refused or given up leaves the paper where it was — no false alarm."""
    from datetime import date

    from test_qualified_date import REVIEWED, _patent

    from boostdesk.models.records import PATENT
    from boostdesk.rules.hand_moves import check_hand_move

    app_id = _patent(reg)
    reg.set_status(PATENT, app_id, "qualified", decided_on=REVIEWED)
    check_hand_move(reg, PATENT, [app_id], "approved", "卡号已补", REVIEWED)
    assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'accept_findings'") == 1
    assert reg.patent(app_id).status == "qualified" and mismatches(reg.conn) == []
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 11, 10))
    assert mismatches(reg.conn) == []
