"""The payables (生成应拨款项) are made by the write that makes them owed, under its
operator and time, and the readers (`stats`, `pay list`, `print payments`, the statistics)
write nothing: an auditor looking at the year found payment lines under his own name,
dated the moment he looked (finance/plan_follow.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import Register, plan_2022
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.past import record_past_award
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from tests.test_finance import add_patent, add_project
from tests.test_past_awards import _pay
from tests.test_past_awards import project as past_project
from tests.test_publicity import proposed  # noqa: F401 (a fixture)

WAN = 10_000_00


def _in_line(reg: Register, year: int) -> None:
    """Nothing left for a sync to do: the write brought the plan in line itself."""
    report = sync_plan(reg, year)
    assert (report.created, report.updated, report.removed, report.marked_paid) == (0, 0, 0, 0)


def _rows(reg: Register, stream: str, app_id: int) -> list[dict]:
    return reg.query("SELECT tranche, payer, amount_fen, due_date, paid_date FROM payments"
                     " WHERE stream = ? AND application_id = ? ORDER BY tranche, payer",
                     (stream, app_id))


def test_a_patents_approval_makes_its_payables_under_the_approver_at_its_time(reg):
    app_id = add_patent(reg)
    assert [r["amount_fen"] for r in _rows(reg, PATENT, app_id)] == [1500_00, 1500_00]
    approval = reg.query("SELECT at, operator FROM audit_events WHERE entity ="
                         " 'patent_applications' AND action = 'status' ORDER BY id DESC LIMIT 1")[0]
    made = reg.query("SELECT at, operator FROM audit_events WHERE entity = 'payments'")
    assert made == [approval, approval]
    _in_line(reg, 2022)


def test_the_publicitys_close_makes_the_awards_payables_and_a_dismissal_moves_the_term(
        reg, proposed):  # noqa: F811
    start_publicity(reg, 2022, date(2022, 12, 20))  # ends 2022-12-26
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    close_publicity(reg, 2022, date(2023, 3, 1))
    for key in ("b", "c"):
        assert {r["due_date"] for r in _rows(reg, PROJECT, proposed[key]) if r["tranche"] == 1} \
            == {"2023-03-26"}
    _in_line(reg, 2022)
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 3, 10))
    assert {r["due_date"] for r in _rows(reg, PROJECT, proposed["a"]) if r["tranche"] == 1} \
        == {"2023-06-10"}  # counted from the dismissal, by the dismissal
    _in_line(reg, 2022)


def test_a_past_award_recorded_and_an_acceptance_keep_the_plan(reg):
    reg.save_campaign(plan_2022().for_year(2016))
    pid = reg.save_project(past_project(2016))
    record_past_award(reg, pid, 5 * WAN, date(2016, 12, 20))
    assert sum(r["amount_fen"] for r in _rows(reg, PROJECT, pid)) == 5 * WAN
    _in_line(reg, 2016)
    _pay(reg, pid, 1, date(2017, 2, 10), "2017-记-15")
    assert [bool(r["paid_date"]) for r in _rows(reg, PROJECT, pid)] == [True, True, False, False]
    _in_line(reg, 2016)
    record_acceptance(reg, pid, date(2017, 12, 20))
    # the campaign's months after the acceptance
    assert {r["due_date"] for r in _rows(reg, PROJECT, pid) if r["tranche"] == 2} == {"2018-03-20"}
    _in_line(reg, 2016)


def test_a_settings_change_re_plans_the_unpaid_rows_with_it(reg):
    app_id = add_patent(reg)
    project = add_project(reg)
    reg.save_campaign(reg.campaign(2022).with_changes(patent_payment_months=6,
                                                      tranche_shares=(50, 50)))
    assert {r["due_date"] for r in _rows(reg, PATENT, app_id)} == {"2023-06-15"}
    assert [r["amount_fen"] for r in _rows(reg, PROJECT, project)] == [2_5000_00] * 4
    changed = reg.query("SELECT DISTINCT operator FROM audit_events WHERE entity = 'payments'"
                        " AND action = 'update'")
    assert changed == [{"operator": "测试员"}]
    _in_line(reg, 2022)


def test_a_withdrawn_approval_and_an_award_corrected_keep_the_plan(reg):
    app_id = add_patent(reg)
    reg.set_status(PATENT, app_id, "refused", "资格审核不通过")
    assert _rows(reg, PATENT, app_id) == []
    reg.set_status(PATENT, app_id, "registered", "复核")
    reg.set_status(PATENT, app_id, "qualified", "复核后合格")
    reg.set_status(PATENT, app_id, "approved", award_fen=2000_00, approved_date=date(2022, 12, 20))
    assert [r["amount_fen"] for r in _rows(reg, PATENT, app_id)] == [1000_00, 1000_00]
    _in_line(reg, 2022)


def test_a_write_rolled_back_leaves_no_payables_and_no_note(reg):
    app_id = add_patent(reg)
    reg.set_status(PATENT, app_id, "refused", "资格审核不通过")
    reg.set_status(PATENT, app_id, "registered", "复核")
    reg.set_status(PATENT, app_id, "qualified", "复核后合格")
    with pytest.raises(RuntimeError), reg.transaction():
        reg.set_status(PATENT, app_id, "approved", award_fen=2000_00,
                       approved_date=date(2022, 12, 20))
        raise RuntimeError("断电")
    assert _rows(reg, PATENT, app_id) == []
    with reg.transaction():  # the next write answers only for its own rows
        reg.ensure_unit("朝阳区总工会")
    assert _rows(reg, PATENT, app_id) == []


# -- the readers ----------------------------------------------------------------------------
@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _events(db) -> list[tuple]:
    """The trail's writes, but a document printed: that is recorded on purpose, whoever
    prints it (print_log), and is no write of the payment plan's."""
    reg = Register.open(db)
    try:
        return [tuple(r.values()) for r in reg.query(
            "SELECT id, operator, action, entity FROM audit_events"
            " WHERE action != 'print_document' ORDER BY id")]
    finally:
        reg.close()


def _read_everything(db, tmp_path, capsys) -> None:
    args = ["--db", str(db)]
    for command in (["stats"], ["pay", "list"], ["pay", "list", "--json"],
                    ["print", "payments", "--tranche", "1", "--out", str(tmp_path / "清单.pdf")],
                    ["stats", "--out", str(tmp_path / "统计.xlsx")]):
        assert main([*command, *args]) == 0, command
    capsys.readouterr()


def test_looking_writes_nothing(demo, tmp_path, capsys, monkeypatch):
    reg = Register.open(demo, operator="审核员")
    try:
        (patent,), = reg.conn.execute(
            "SELECT min(id) FROM patent_applications WHERE status = 'qualified'").fetchall()
        reg.set_status(PATENT, patent, "approved", "核准", award_fen=300_000,
                       approved_date=date(2022, 12, 20))
    finally:
        reg.close()
    before = _events(demo)
    monkeypatch.setenv("BOOSTDESK_OPERATOR", "审计张")
    _read_everything(demo, tmp_path, capsys)
    assert _events(demo)[len(before):] == []
    assert main(["audit", "--ref", f"专利{patent}", "--db", str(demo)]) == 0
    made = [x for x in capsys.readouterr().out.splitlines() if "生成应拨款项" in x]
    assert len(made) == 2 and all("审核员" in x for x in made)


def test_an_older_registers_plan_is_brought_in_line_once_and_says_so(
        demo, tmp_path, capsys, monkeypatch):
    """A register an older BoostDesk left: an award approved since its last 拨付 visit has
    no payables. The first reader makes them, each line noted 升级后补齐; then none."""
    reg = Register.open(demo)
    try:
        (stream, app_id), = reg.conn.execute(
            "SELECT stream, application_id FROM payments WHERE paid_date IS NULL"
            " ORDER BY id DESC LIMIT 1").fetchall()
        reg.conn.execute("DELETE FROM payments WHERE stream = ? AND application_id = ?",
                         (stream, app_id))  # as the older BoostDesk had it: not yet planned
    finally:
        reg.close()
    before = _events(demo)
    monkeypatch.setenv("BOOSTDESK_OPERATOR", "审计张")
    assert main(["pay", "list", "--db", str(demo)]) == 0
    caught_up = _events(demo)[len(before):]
    assert caught_up and {(op, action, entity) for _, op, action, entity in caught_up} == {
        ("审计张", "create", "payments")}
    reg = Register.open(demo)
    try:
        notes = {r["note"] for r in reg.query(
            "SELECT note FROM audit_events WHERE id > ?", (before[-1][0],))}
        assert notes == {"升级后补齐"}
    finally:
        reg.close()
    after = _events(demo)
    _read_everything(demo, tmp_path, capsys)
    assert _events(demo) == after  # once
    ref = f"{'专利' if stream == PATENT else '项目'}{app_id}"
    assert main(["audit", "--ref", ref, "--db", str(demo)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "审计张" in x]
    assert lines and all("生成应拨款项（升级后补齐）" in x for x in lines)


def test_a_read_only_register_is_not_caught_up_but_its_conflicts_are_named(reg):
    from boostdesk.finance.payment_plan import catch_up

    app_id = add_patent(reg)
    reg.conn.execute("UPDATE payments SET paid_date = '2023-01-10', voucher = '凭证1'")
    reg.conn.execute("UPDATE patent_applications SET award_fen = 400000 WHERE id = ?", (app_id,))
    reg.read_only = True
    report = catch_up(reg, 2022)
    assert report.created == 0 and report.conflicts
    assert json.dumps(report.conflicts, ensure_ascii=False).count("¥2,000.00") == 2
