"""`boostdesk demo --force` on the office's working register (a clerk trying the demo on
the wrong --db) deleted every application, the paid ones and their payment records with
them, with one line about a backup: demo is for trying the program, never a register's
real work."""

from __future__ import annotations

import sqlite3
from datetime import date

from boostdesk.cli import main
from boostdesk.finance.paying import record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import PatentApplication, Register


def _count(db, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _paid_paper(db) -> None:
    with Register.open(db, operator="出纳赵") as reg:
        app_id = reg.save_patent(PatentApplication(2022, inventor_name="蒋伟", title="一种阀门",
                                                    card_number="6214830112345678"))
        reg.set_status("patent", app_id, "qualified")
        reg.set_status("patent", app_id, "approved", award_fen=3000_00,
                       approved_date=date(2022, 12, 15))
        sync_plan(reg, 2022)
        payment = reg.query("SELECT id FROM payments ORDER BY id")[0]
        record_paid(reg, payment["id"], date(2022, 12, 20), "记-1")


def test_demo_force_refuses_a_register_with_paid_work(tmp_path, capsys):
    db = tmp_path / "register.db"
    _paid_paper(db)
    before = _count(db, "SELECT COUNT(*) FROM audit_events")
    assert main(["demo", "--db", str(db), "--force"]) == 1
    err = capsys.readouterr().err
    assert "1 项申报不是演示数据" in err and "1 项已核准" in err and "1 笔已拨付" in err
    assert "--db 新文件" in err
    assert _count(db, "SELECT COUNT(*) FROM patent_applications") == 1
    assert _count(db, "SELECT COUNT(*) FROM payments WHERE paid_date IS NOT NULL") == 1
    assert _count(db, "SELECT COUNT(*) FROM audit_events") == before


def test_demo_force_refuses_work_entered_on_a_demo_register(tmp_path, capsys):
    """A demo register the office then entered a real paper in (the window, a script)."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    papers = _count(db, "SELECT COUNT(*) FROM patent_applications")
    with Register.open(db, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="真实申报"))
    capsys.readouterr()
    assert main(["demo", "--db", str(db), "--force"]) == 1
    assert "1 项申报不是演示数据" in capsys.readouterr().err
    assert _count(db, "SELECT COUNT(*) FROM patent_applications") == papers + 1


def test_demo_force_fills_its_own_register_again(tmp_path, capsys):
    """The demo's re-run on a demo register (its payments marked as paid in the window
    since) replaces the demo, with its line in the trail."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    papers = _count(db, "SELECT COUNT(*) FROM patent_applications")
    unpaid = _count(db, "SELECT MIN(id) FROM payments WHERE paid_date IS NULL")
    assert main(["pay", "mark", str(unpaid), "--date", "2023-04-01", "--voucher", "记-7",
                 "--operator", "出纳赵", "--db", str(db)]) == 0
    assert main(["demo", "--db", str(db), "--force"]) == 0
    assert "已填入演示数据" in capsys.readouterr().out
    assert _count(db, "SELECT COUNT(*) FROM patent_applications") == papers
    assert main(["audit", "--db", str(db)]) == 0
    assert capsys.readouterr().out.count("登记册  填入演示数据") == 2
