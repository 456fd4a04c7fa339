"""What the trail's chain alone could not show (the regression tester's wipe.sh): the chain
column dropped, the whole trail or its tail deleted, then one ordinary write — each said
by `check` (警告, exit 1) and the archive; a forged line with a copied chain told apart."""

from __future__ import annotations

import sqlite3

import pytest
from test_trail_chain import demo, demo_master  # noqa: F401 - the demo register's fixtures

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.audit_chain import RESTORE_ACTION, seal, verify
from boostdesk.models.schema import SCHEMA_VERSION

__all__ = ["demo", "demo_master"]

YEAR = 2022


def _sql(db, *statements):
    """What someone with DB Browser for SQLite does: no BoostDesk involved."""
    conn = sqlite3.connect(db)
    with conn:
        for sql in statements:
            conn.execute(sql)
    conn.close()


def _report(db):
    conn = sqlite3.connect(db)
    try:
        return verify(conn)
    finally:
        conn.close()


def _write(db):
    """One ordinary write, as wipe.sh's campaign set."""
    assert main(["campaign", "set", "publicity_days=6", "--db", str(db)]) == 0


def _check(db, capsys):
    capsys.readouterr()
    rc = main(["check", "--db", str(db), "--year", str(YEAR)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def test_the_whole_line_says_what_it_covers(demo, capsys):
    rc, said = _check(demo, capsys)
    assert rc == 0
    assert ("完整（共 " in said and "校验链无断点；行数与本程序写入的相符；每份申报、每笔已登记的拨付"
            "在修改记录中都有记录" in said)


def test_a_dropped_chain_column_is_warned_put_back_said_and_still_reported(demo, capsys):
    _sql(demo, "ALTER TABLE audit_events DROP COLUMN chain")
    report = _report(demo)  # as a read-only look sees it: not a register too old
    assert report.present and not report.whole
    assert "校验链（chain 列）已在本程序之外被删除" in report.said()
    rc, said = _check(demo, capsys)
    assert rc == 1 and "警告：修改记录防篡改校验" in said and "版本过旧" not in said
    conn = sqlite3.connect(demo)
    restored = conn.execute("SELECT id, operator FROM audit_events WHERE action = ?",
                            (RESTORE_ACTION,)).fetchall()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert len(restored) == 1  # put back once, and said in the trail
    _write(demo)  # the lines from the restore on are chained again
    conn = sqlite3.connect(demo)
    assert conn.execute("SELECT COUNT(*) FROM audit_events WHERE id >= ? AND chain IS NULL",
                        (restored[0][0],)).fetchone() == (0,)
    conn.close()
    report = _report(demo)
    assert report.breaks == 1  # the lines left without: one gap, kept reported
    assert (f"第 1 行（至第 {restored[0][0] - 1} 行无校验值：校验链（chain 列）曾在本程序之外被删除，"
            f"第 {restored[0][0]} 行起本程序已恢复）") in report.said()
    rc, said = _check(demo, capsys)
    assert rc == 1 and "警告" in said


def test_a_column_dropped_while_a_window_holds_the_register_is_put_back_by_its_next_write(demo):
    with Register.open(demo, operator="王丽") as reg:
        _sql(demo, "ALTER TABLE audit_events DROP COLUMN chain")
        lines = reg.scalar("SELECT MAX(id) FROM audit_events")
        with reg.transaction():
            reg.audit("backup_out", "register", None, None, {"to": "x.zip"})
        assert reg.scalar("SELECT operator FROM audit_events WHERE action = ?",
                          (RESTORE_ACTION,)) == "王丽"
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE id > ? AND chain IS NULL",
                          (lines,)) == 0


def test_seal_puts_a_dropped_column_back_only_at_30_or_later(tmp_path):
    conn = sqlite3.connect(tmp_path / "r.db", isolation_level=None)
    with Register.open(tmp_path / "r.db") as reg:
        assert reg.scalar("SELECT COUNT(*) FROM audit_events") > 0
    conn.execute("ALTER TABLE audit_events DROP COLUMN chain")
    conn.execute("BEGIN")
    assert seal(conn, 0) > 0  # put back, every line chained and the restore said
    conn.execute("COMMIT")
    assert conn.execute("SELECT COUNT(*) FROM audit_events WHERE action = ?",
                        (RESTORE_ACTION,)).fetchone() == (1,)
    conn.close()


def test_the_whole_trail_deleted_then_one_write_is_warned(demo, capsys):
    _sql(demo, "DELETE FROM audit_events")
    _write(demo)
    report = _report(demo)
    assert report.breaks == 0 and not report.whole  # the chain alone: whole
    said = report.said()
    assert "少于本程序写入的" in said and "行已被删除" in said
    assert "份专利申报在修改记录中没有任何记录（如 专利1、专利2、专利3等）" in said
    assert "份创新项目申报在修改记录中没有任何记录" in said
    assert "笔已登记的拨付在修改记录中没有登记拨付的记录" in said
    rc, out = _check(demo, capsys)
    assert rc == 1 and "警告：修改记录防篡改校验" in out


def test_the_tail_deleted_then_one_write_is_warned_and_stays_so(demo, capsys):
    conn = sqlite3.connect(demo)
    last = conn.execute("SELECT MAX(id) FROM audit_events").fetchone()[0]
    conn.close()
    _sql(demo, "DELETE FROM audit_events WHERE id > 400")
    _write(demo)
    said = _report(demo).said()
    assert f"本程序曾写到第 {last} 行：末尾的行已被删除" in said and f"有 {last - 400} 行已被删除" in said
    for _ in range(3):  # later writes pass the old newest id: the count still tells
        _write(demo)
    said = _report(demo).said()
    assert f"有 {last - 400} 行已被删除" in said
    rc, _ = _check(demo, capsys)
    assert rc == 1


def test_a_paid_payment_whose_line_was_deleted_is_named(demo):
    conn = sqlite3.connect(demo)
    pid, app = conn.execute("SELECT id, application_id FROM payments WHERE paid_date IS NOT NULL"
                            " AND stream = 'patent' ORDER BY id LIMIT 1").fetchone()
    conn.close()
    _sql(demo, f"DELETE FROM audit_events WHERE entity = 'payments' AND entity_id = {pid}")
    said = _report(demo).said()
    assert f"1 笔已登记的拨付在修改记录中没有登记拨付的记录（专利{app}的款项）" in said


def test_a_forged_line_with_a_copied_chain_is_said_not_to_be_the_program_s(demo):
    _sql(demo, "INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,"
               " computer, note, chain) SELECT '2023-01-01T09:00:00', '刘建国', 'update',"
               " 'payments', 1, NULL, '{}', computer, '', chain FROM audit_events"
               " ORDER BY id DESC LIMIT 1")
    report = _report(demo)
    conn = sqlite3.connect(demo)
    forged, copied = conn.execute("SELECT MAX(id), MAX(id) - 1 FROM audit_events").fetchone()
    conn.close()
    assert report.first == [(forged, f"不是本程序写入的，校验值抄自第 {copied} 行")]


# -- the command line's correction messages (mask.sh): masked as the trail masks ---------
def _numbers(db, app_id=22):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT a.card_number, p.id_number FROM patent_applications a"
                            " JOIN people p ON p.id = a.person_id WHERE a.id = ?",
                            (app_id,)).fetchone()
    finally:
        conn.close()


def test_a_card_corrected_to_one_masking_alike_is_said_to_differ_in_the_trail_s_mask(demo, capsys):
    first, _ = _numbers(demo)
    alike = first[:4] + "682415822" + first[-6:]
    assert alike != first
    capsys.readouterr()
    assert main(["correct", "card", "专利22", alike, "--reason", "卡号录错", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    shown = f"{first[:4]} **** **** *** {first[-4:]}"  # as the trail and the documents
    assert f"由 {shown} 更正为 {shown}（号码不同，中间位已隐去）" in out
    assert first not in out and alike not in out
    other = first[:4] + "682415822176646"
    assert main(["correct", "card", "专利22", other, "--reason", "更正", "--db", str(demo)]) == 0
    assert "中间位已隐去" not in capsys.readouterr().out  # another number, plainly shown


def test_an_id_corrected_to_one_masking_alike_is_said_to_differ(demo, capsys):
    from tests.fixtures.summary_sheets import resident_id

    _, number = _numbers(demo)
    for day in range(10, 29):  # another birth day, the same region, sequence and check
        alike = resident_id(number[:12] + f"{day:02d}" + number[14:17])
        if alike != number and alike[-4:] == number[-4:]:
            break
    else:
        pytest.skip("no such number")
    capsys.readouterr()
    assert main(["correct", "id", number, alike, "--reason", "身份证号录错", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    masked = number[:6] + "*" * 8 + number[-4:]
    assert f"由 {masked} 更正为 {masked}（号码不同，中间位已隐去）" in out


@pytest.mark.parametrize("tamper", ["ALTER TABLE audit_events DROP COLUMN chain",
                                    "DELETE FROM audit_events WHERE id > 400"])
def test_the_archive_s_index_warns_of_a_dropped_column_or_a_deleted_tail(demo, tmp_path, capsys,
                                                                          tamper):
    _sql(demo, tamper)
    out = tmp_path / "arch"
    capsys.readouterr()
    assert main(["archive", "--db", str(demo), "--year", str(YEAR), "--out", str(out)]) == 0
    assert "警告：修改记录防篡改校验" in capsys.readouterr().out
    index = next(out.glob("*-00-目录.txt")).read_text(encoding="utf-8-sig")
    assert "警告：修改记录防篡改校验（生成归档时核对）：" in index and "版本过旧" not in index
    said = next(out.glob("*-数据说明.md")).read_text(encoding="utf-8")
    assert "警告：修改记录防篡改校验：" in said


def test_a_trail_deleted_whole_is_said_so(demo):
    _sql(demo, "DELETE FROM audit_events")
    said = _report(demo).said()
    assert "修改记录已全部被删除" in said and "有 " in said and "行已被删除" in said
