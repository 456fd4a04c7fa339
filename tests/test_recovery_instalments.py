"""已追回 in instalments: a payer of a revoked award returns its part in several sums (the
union ¥1,200.00 of ¥1,800.00 now, the rest next month), each with its day, voucher and
note, never more than it still owes; each payer reads 应追回 / 已追回 / 尚欠 to the fen on
every list, a sum recorded in error is taken back alone, and a register 0.17.0 left
(schema 25: one whole recovery a payer) upgrades keeping its figures."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from test_finance import add_patent, add_project, lines_of

from boostdesk.audit_log import trail
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import TO_RECOVER, WAS_RECOVERED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import (
    record_recovered,
    recovery_of,
    revoke_paid_award,
    undo_revocation,
    withdraw_recovered,
)
from boostdesk.models import Register
from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.statistics import year_statistics

AS_OF = date(2024, 6, 1)
WAN = 10_000_00


def _revoked_patent(reg, award=3600_00, **kw) -> int:
    """A patent paid (¥1,800.00 each payer at 3600), then revoked on 2024-01-05."""
    p = add_patent(reg, award=award, **kw)
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PATENT, p)], date(2023, 2, 20), "记-1")
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    return p


def _union(reg, stream, app_id):
    return next(x for x in lines_of(reg, stream, app_id) if x.payer == RECOMMENDING_UNION)


def _count(reg, table):
    return reg.scalar(f"SELECT COUNT(*) FROM {table}")


def test_the_union_returns_1200_of_1800_now_and_the_rest_next_month(reg):
    p = _revoked_patent(reg)
    rec = record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 2, 1), "收-7",
                           1200_00, "余款下月退回")
    union = rec.parts[1]
    assert (union.amount_fen, union.recovered_fen, union.owing_fen) == (1800_00, 1200_00, 600_00)
    assert union.text == ("海淀区总工会 应追回 ¥1,800.00，已追回 ¥1,200.00（2024-02-01，凭证 收-7，"
                          "余款下月退回），尚欠 ¥600.00")
    assert (rec.total_fen, rec.recovered_fen, rec.outstanding_fen) == (3600_00, 1200_00, 2400_00)
    assert not rec.undoable  # a sum stands recovered: the revocation stands
    with pytest.raises(FinanceError, match="不能再撤销"):
        undo_revocation(reg, PATENT, p, "登记错了")
    # the union's line: still to recover, its share back and what remains
    line = _union(reg, PATENT, p)
    assert (line.state(AS_OF), line.recovered_fen, line.owing_fen) == (TO_RECOVER, 1200_00,
                                                                       600_00)
    assert line.recovered_date is None
    # more than remains: refused saying how much remains, nothing written
    audit = _count(reg, "audit_events")
    with pytest.raises(FinanceError) as refused:
        record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 3, 1), "收-9", 600_01)
    assert str(refused.value) == ("追回金额 ¥600.01 超过海淀区总工会尚欠的 ¥600.00（应追回 "
                                  "¥1,800.00，已追回 ¥1,200.00），请核对")
    assert (_count(reg, "recovery_instalments"), _count(reg, "audit_events")) == (1, audit)
    # the rest next month: the part is whole, its line reads 已追回 on that day
    rec = record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 3, 1), "收-9", 600_00)
    assert rec.parts[1].text == (
        "海淀区总工会 应追回 ¥1,800.00，已追回 ¥1,800.00（2024-02-01 ¥1,200.00，凭证 收-7，"
        "余款下月退回；2024-03-01 ¥600.00，凭证 收-9），已全部追回")
    line = _union(reg, PATENT, p)
    assert (line.state(AS_OF), line.recovered_date, line.owing_fen) == (
        WAS_RECOVERED, date(2024, 3, 1), 0)
    with pytest.raises(FinanceError, match="已全部追回，无需再登记"):
        record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 3, 2), "收-10", 1)
    # the statistics: 应追回 / 已追回 / 尚欠 to the fen
    row = year_statistics(reg, 2022).totals[PATENT]
    assert (row.to_recover_fen, row.recovered_fen, row.owing_fen) == (3600_00, 1800_00, 1800_00)


def test_each_instalment_is_audited_with_what_remains(reg):
    p = _revoked_patent(reg)
    reg.operator = "财务王会计"
    record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 2, 1), "收-7", 1200_00,
                     "余款下月退回")
    [line] = [x for x in trail(reg, application=(PATENT, p)) if x.action == "登记已追回"]
    assert line.operator == "财务王会计"
    for said in ("付款单位：海淀区总工会", "追回金额：¥1,200.00", "追回日期：2024-02-01",
                 "凭证号：收-7", "备注：余款下月退回", "应追回：¥1,800.00", "累计已追回：¥1,200.00",
                 "尚欠：¥600.00"):
        assert said in line.details, (said, line.details)
    assert "120000" not in line.details and "instalment" not in line.details


def test_the_sum_may_be_left_out_for_all_that_remains_and_bad_sums_are_refused(reg):
    p = _revoked_patent(reg)
    record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), "收-1", 500_00)
    for amount, day, voucher, said in (
            (0, date(2024, 2, 2), "收-2", "请填写追回金额（北京市总工会尚欠 ¥1,300.00，可分次追回）"),
            (-5, date(2024, 2, 2), "收-2", "请填写追回金额"),
            (100, date(2024, 1, 4), "收-2", "早于撤销助推的日期 2024-01-05"),
            (100, date.today() + timedelta(days=1), "收-2", "在今天之后"),
            (100, date(2024, 2, 2), "  ", "请填写追回的凭证号")):
        with pytest.raises(FinanceError, match=said):
            record_recovered(reg, PATENT, p, FEDERATION, day, voucher, amount)
    rec = record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 2), "收-2")  # the rest
    assert [i.amount_fen for i in rec.parts[0].instalments] == [500_00, 1300_00]
    assert rec.parts[0].recovered


def test_an_instalment_is_all_or_nothing(reg, monkeypatch):
    """Its audit line failing (a full disk) leaves no sum recorded."""
    p = _revoked_patent(reg)

    def full(*_args, **_kw):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(reg, "audit", full)
    with pytest.raises(sqlite3.OperationalError):
        record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 2, 1), "收-7", 1200_00)
    monkeypatch.undo()
    assert _count(reg, "recovery_instalments") == 0
    assert recovery_of(reg, PATENT, p).recovered_fen == 0


def test_a_sum_recorded_in_error_is_taken_back_alone(reg):
    p = _revoked_patent(reg)
    rec = record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 2, 1), "收-7",
                           1200_00, "余款下月退回")
    record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 2, 20), "收-8", 300_00)
    first = rec.parts[1].instalments[0]
    with pytest.raises(FinanceError, match="海淀区总工会有 2 笔追回登记.*请指明撤销哪一笔"):
        withdraw_recovered(reg, PATENT, p, RECOMMENDING_UNION, "金额登记错了")
    with pytest.raises(FinanceError, match="理由"):
        withdraw_recovered(reg, PATENT, p, RECOMMENDING_UNION, " ", first.id)
    with pytest.raises(FinanceError, match="尚未登记追回"):
        withdraw_recovered(reg, PATENT, p, FEDERATION, "错了")
    rec = withdraw_recovered(reg, PATENT, p, RECOMMENDING_UNION, "凭证号是另一笔款的", first.id)
    union = rec.parts[1]
    assert [(i.amount_fen, i.voucher) for i in union.instalments] == [(300_00, "收-8")]
    assert (union.recovered_fen, union.owing_fen) == (300_00, 1500_00)
    [line] = [x for x in trail(reg, application=(PATENT, p)) if x.action == "撤销“已追回”登记"]
    assert "撤销的登记：海淀区总工会 已追回 ¥1,200.00（2024-02-01，凭证 收-7，余款下月退回）" \
        in line.details
    assert "尚欠：¥1,500.00" in line.details and "理由：凭证号是另一笔款的" in line.details
    # its only one left: taken back without naming it; then nothing stands recovered
    rec = withdraw_recovered(reg, PATENT, p, RECOMMENDING_UNION, "款项其实未退回")
    assert rec.undoable and rec.outstanding_fen == 3600_00
    assert undo_revocation(reg, PATENT, p, "登记错了申报") == "已拨付"


def _paid_project(reg, **kw) -> int:
    """A city project (1:1, ¥100,000.00) paid whole: each payer ¥30,000.00 first and
    ¥20,000.00 after the acceptance."""
    q = add_project(reg, award=10 * WAN, **kw)
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PROJECT, q) if x.tranche == 1],
                  date(2023, 2, 20), "记-2")
    record_acceptance(reg, q, date(2023, 10, 10))
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PROJECT, q) if not x.paid],
                  date(2023, 11, 1), "记-3")
    return q


def _revoked_paid_project(reg) -> int:
    """Such a project, then revoked."""
    q = _paid_project(reg)
    revoke_paid_award(reg, PROJECT, q, date(2024, 1, 5), "经核实不符合申报条件")
    return q


def test_a_payers_sums_cover_its_oldest_tranche_first_and_every_list_adds_up(reg):
    """The federation's ¥50,000.00 is two lines; ¥40,000.00 back covers the first tranche
    whole and ¥10,000.00 of the rest: each line's share adds up to the part to the fen,
    on 拨付's lines, `pay list`'s, the payment lists' and the statistics by paid date."""
    from boostdesk.commands.print_cmds import pay_list_totals
    from boostdesk.paid_in import paid_in_table, parse_period
    from boostdesk.printing.payments import build_payment_lists

    kept = _paid_project(reg, studio="王强创新工作室", title="另一个项目")  # lists to print
    q = _revoked_paid_project(reg)
    rec = record_recovered(reg, PROJECT, q, FEDERATION, date(2024, 2, 1), "收-11", 40_000_00)
    assert rec.parts[0].figures == "应追回 ¥50,000.00，已追回 ¥40,000.00，尚欠 ¥10,000.00"
    fed = sorted((x for x in lines_of(reg, PROJECT, q) if x.payer == FEDERATION),
                 key=lambda x: x.tranche)
    assert [(x.tranche, x.amount_fen, x.recovered_fen, x.owing_fen, x.state(AS_OF))
            for x in fed] == [(1, 30_000_00, 30_000_00, 0, WAS_RECOVERED),
                              (2, 20_000_00, 10_000_00, 10_000_00, TO_RECOVER)]
    assert fed[0].recovered_date == date(2024, 2, 1) and fed[1].recovered_date is None
    lines = lines_of(reg, PROJECT, q)
    assert pay_list_totals(lines, AS_OF).endswith(
        "；另撤销助推 4 笔（已汇出，不计为助推）：应追回 ¥100,000.00，已追回 ¥40,000.00，"
        "尚欠 ¥60,000.00")
    # the payment lists with their paid lines: each tranche's the federation's share
    notes = {pl.tranche: pl.note for t in (1, 2)
             for pl in build_payment_lists(reg, 2022, t, unpaid_only=False)
             if pl.payer == FEDERATION and {x.app_id for x in pl.lines} == {kept}}
    assert notes == {1: "另有 1 笔已汇出、后撤销助推，不列入本清单：应追回 ¥30,000.00，"
                        "已追回 ¥30,000.00，尚欠 ¥0.00",
                     2: "另有 1 笔已汇出、后撤销助推，不列入本清单：应追回 ¥20,000.00，"
                        "已追回 ¥10,000.00，尚欠 ¥10,000.00"}
    # paid in 2023: of it recovered and still owed; recovered in 2024: by the day it came
    table = paid_in_table(reg, parse_period("2023"))
    keys = [c.key for c in table.columns]
    total = dict(zip(keys, table.rows[-1], strict=True))
    assert (total["revoked_lines"], total["recovered"], total["to_recover"]) == (
        4, 40_000_00, 60_000_00)
    table = paid_in_table(reg, parse_period("2024"))
    [back] = [dict(zip(keys, r, strict=True)) for r in table.rows if r[2] == "撤销助推追回"]
    # apart from 净拨付: what came back is no transfer (拨付笔数 0)
    assert (back["payer"], back["lines"], back["back_lines"], back["back"], back["net"]) == (
        "市总工会", 0, 1, 40_000_00, 0)
    # the rest: both lines whole, the second on the day it came back
    record_recovered(reg, PROJECT, q, FEDERATION, date(2024, 3, 1), "收-12")
    fed = sorted((x for x in lines_of(reg, PROJECT, q) if x.payer == FEDERATION),
                 key=lambda x: x.tranche)
    assert [(x.recovered_date, x.owing_fen) for x in fed] == [(date(2024, 2, 1), 0),
                                                              (date(2024, 3, 1), 0)]


# -- a register 0.17.0 left (schema 25) ------------------------------------------------------
def test_a_schema_25_register_with_a_whole_recovery_upgrades_keeping_its_figures(tmp_path):
    from test_migrations import as_version

    path = tmp_path / "v25.db"
    reg = Register.open(path, operator="财务")
    p = _revoked_patent(reg, award=3000_00)
    record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), "收-2024-007")
    q = _revoked_paid_project(reg)
    record_recovered(reg, PROJECT, q, RECOMMENDING_UNION, date(2024, 2, 3), "收-2024-008")
    before = (recovery_of(reg, PATENT, p).summary, recovery_of(reg, PROJECT, q).summary,
              [(x.id, x.state(AS_OF), x.recovered_fen, x.recovered_date)
               for x in lines_of(reg, PATENT, p) + lines_of(reg, PROJECT, q)],
              [(r.to_recover_fen, r.recovered_fen) for r in year_statistics(reg, 2022)
               .totals.values()])
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 25)
    conn.commit()
    # as 0.17.0 wrote it: the whole recovery on the payer's row, no instalments
    assert conn.execute("SELECT payer, amount_fen, recovered_date, voucher FROM recovery_payers"
                        " WHERE recovered_date IS NOT NULL ORDER BY recovered_date").fetchall() \
        == [("federation", 1500_00, "2024-02-01", "收-2024-007"),
            ("union", 50_000_00, "2024-02-03", "收-2024-008")]
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'recovery_instalments'"
                            ).fetchall()
    conn.close()
    with Register.open(path, operator="财务") as reg:
        assert reg.scalar("PRAGMA user_version") == SCHEMA_VERSION  # 26 and on
        after = (recovery_of(reg, PATENT, p).summary, recovery_of(reg, PROJECT, q).summary,
                 [(x.id, x.state(AS_OF), x.recovered_fen, x.recovered_date)
                  for x in lines_of(reg, PATENT, p) + lines_of(reg, PROJECT, q)],
                 [(r.to_recover_fen, r.recovered_fen) for r in year_statistics(reg, 2022)
                  .totals.values()])
        assert after == before
        [fed] = recovery_of(reg, PATENT, p).parts[:1]
        assert [(i.amount_fen, i.day, i.voucher, i.note) for i in fed.instalments] == [
            (1500_00, date(2024, 2, 1), "收-2024-007", "")]
        # and takes instalments from then on
        rec = record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 3, 1), "收-9",
                               1000_00)
        assert rec.parts[1].owing_fen == 500_00


def test_each_sum_back_is_spread_over_the_lines_on_its_own_day():
    """拨付's 从/到 counts money back by the day it came: a payer's sums fill its oldest
    tranche's line first, a sum crossing two lines split between them on its day."""
    from boostdesk.finance.recovery_parts import Instalment, spread_by_day

    d1, d2 = date(2024, 2, 1), date(2024, 3, 1)
    sums = [Instalment(1, "federation", 1000_00, d1, "收-1"),
            Instalment(2, "federation", 800_00, d2, "收-2")]
    assert spread_by_day([(7, 600_00), (9, 1200_00)], sums) == {
        7: [(d1, 600_00)], 9: [(d1, 400_00), (d2, 800_00)]}
