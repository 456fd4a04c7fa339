"""撤销助推（已拨付，应追回）: an award paid, found afterwards not to be one (专利权被宣告无效,
经核实为实用新型). The paid lines stay paid and read 应追回 per payer to the fen, the unpaid
lines go (audited), the paper is no award (statistics, 一（三）每人每年), 已追回 closes each
payer's part, and the whole is undone while nothing is recovered."""

from __future__ import annotations

from datetime import date

import pytest
from test_finance import add_patent, add_project, lines_of

from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import PAID, TO_RECOVER, WAS_RECOVERED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import plan_behind, sync_plan
from boostdesk.finance.recovery import (
    record_recovered,
    recovery_of,
    revoke_paid_award,
    undo_revocation,
)
from boostdesk.models import PatentApplication
from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import by_hand, elsewhere
from boostdesk.rules import check_patent_draft
from boostdesk.statistics import year_statistics

AS_OF = date(2024, 1, 10)
WAN = 10_000_00


def _paid_patent(reg, **kw) -> int:
    p = add_patent(reg, **kw)
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PATENT, p)], date(2023, 2, 20), "记-2023-0031")
    return p


def _first_paid_project(reg) -> int:
    q = add_project(reg, award=10 * WAN)  # a city studio: 1:1
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PROJECT, q) if x.tranche == 1],
                  date(2023, 2, 20), "记-2023-0032")
    return q


def test_a_paid_patent_revoked_reads_1500_and_1500_to_recover(reg):
    p = _paid_patent(reg)
    reg.operator = "财务王会计"
    rec = revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效",
                            "京知复审〔2023〕第12号")
    assert reg.patent(p).status == "revoked"
    assert [(x.payer, x.amount_fen, x.recovered) for x in rec.parts] == \
        [(FEDERATION, 1500_00, False), (RECOMMENDING_UNION, 1500_00, False)]
    lines = lines_of(reg, PATENT, p)
    # the money left: the lines stay paid, but read 应追回, not 已拨付
    assert all(x.paid for x in lines) and {x.state(AS_OF) for x in lines} == {TO_RECOVER}
    move = reg.status_history(PATENT, p)[-1]
    assert (move["from_status"], move["to_status"], move["operator"]) == \
        ("paid", "revoked", "财务王会计")
    assert move["reason"] == "撤销助推：专利权被宣告无效（京知复审〔2023〕第12号）"
    assert move["decided_on"] == "2024-01-05"
    events = [e for e in trail(reg, application=(PATENT, p)) if "撤销助推" in e.action]
    assert events and events[-1].operator == "财务王会计"
    # statistics: no award, no paid award; the money to recover said apart
    row = year_statistics(reg, 2022).totals[PATENT]
    assert (row.approved, row.paid_total, row.award_fen) == (0, 0, 0)
    assert (row.revoked, row.to_recover_fen, row.recovered_fen) == (1, 3000_00, 0)
    # a stage of its own in the statistics' decisions, only in a year that has one
    from boostdesk.statistics import stream_table

    headers = [c.header for c in stream_table(year_statistics(reg, 2022), PATENT).columns]
    assert "审核与助推阶段：撤销助推" in headers and "撤销助推应追回（元）" in headers
    assert plan_behind(reg, 2022)[0] == []  # the plan does not pay it again
    # 已追回 per payer, dated, with its voucher
    with pytest.raises(FinanceError, match="凭证"):
        record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), " ")
    rec = record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), "收-2024-007")
    assert (rec.outstanding_fen, rec.recovered_fen) == (1500_00, 1500_00)
    states = {x.payer: x.state(AS_OF) for x in lines_of(reg, PATENT, p)}
    assert states == {FEDERATION: WAS_RECOVERED, RECOMMENDING_UNION: TO_RECOVER}
    # once any part is recovered, the revocation stands
    with pytest.raises(FinanceError, match="不能再撤销"):
        undo_revocation(reg, PATENT, p, "登记错了")


def test_a_first_paid_project_revoked_reads_30000_each_and_its_rest_is_deleted(reg):
    q = _first_paid_project(reg)
    assert {x.state(AS_OF) for x in lines_of(reg, PROJECT, q) if x.tranche == 1} == {PAID}
    unpaid = [x.id for x in lines_of(reg, PROJECT, q) if not x.paid]
    assert len(unpaid) == 2
    rec = revoke_paid_award(reg, PROJECT, q, date(2024, 1, 5), "经核实不符合申报条件", "")
    assert [(x.payer, x.amount_fen) for x in rec.parts] == \
        [(FEDERATION, 30_000_00), (RECOMMENDING_UNION, 30_000_00)]
    lines = lines_of(reg, PROJECT, q)
    assert [x.tranche for x in lines] == [1, 1]  # the rest (尾款) no longer owed
    assert sum(x.amount_fen for x in lines) == 60_000_00
    assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'payments'"
                      " AND action = 'delete'") == 2
    # undone while nothing is recovered: back where it was, the rest planned again
    assert undo_revocation(reg, PROJECT, q, "登记错了项目") == "首笔拨付"
    assert reg.project(q).status == "paid_first" and recovery_of(reg, PROJECT, q) is None
    lines = lines_of(reg, PROJECT, q)
    assert len(lines) == 4 and {x.state(AS_OF) for x in lines if x.tranche == 1} == {PAID}
    assert sum(x.amount_fen for x in lines) == 10 * WAN


def test_unpaid_awards_are_refused_and_a_revoked_paper_claims_no_yearly_place(reg):
    p = add_patent(reg)
    with pytest.raises(FinanceError, match="没有已拨付"):
        revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, PATENT, p)], date(2023, 2, 20), "记-1")
    with pytest.raises(FinanceError, match="理由"):
        revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "  ")
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "经核实为实用新型（非发明专利）")
    # the same inventor's second patent of the year: the revoked one holds no place
    second = PatentApplication(
        campaign_year=2022, title="另一种方法", patent_number_raw="ZL202120987654.3",
        grant_date=date(2021, 5, 11), inventor_name="张三", id_number="11010519491231002X",
        unit_name="海淀区总工会", enterprise_name="北京测试有限公司", frontline=True,
        service_invention=True, applied_in_production=True)
    codes = {f.code for f in check_patent_draft(reg, second).findings}
    assert "PERSON_ALREADY_AWARDED_THIS_YEAR" not in codes


def test_the_status_dialog_moves_no_longer_send_a_paid_award_to_cancel_silently():
    assert by_hand(PATENT, "paid") == () and by_hand(PATENT, "revoked") == ()
    [place] = elsewhere(PATENT, "paid")
    assert "仅用于拨付登记错了" in place and "撤销助推（已拨付，应追回）" in place


def test_the_command_line_revokes_lists_and_records_the_recovery(reg, capsys):
    p = _paid_patent(reg)
    path = str(reg.path)
    reg.close()
    assert main(["--db", path, "pay", "revoke", str(p), "--stream", "patent",
                 "--date", "2024-01-05", "--reason", "专利权被宣告无效",
                 "--document", "第12号决定"]) == 0
    out = capsys.readouterr().out
    assert "应追回 ¥1,500.00" in out and "北京市总工会" in out
    assert main(["--db", path, "pay", "list", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "应追回" in out and "¥3,000.00" in out
    assert main(["--db", path, "pay", "recovered", str(p), "--stream", "patent",
                 "--payer", "federation", "--date", "2024-02-01", "--voucher", "收-7"]) == 0
    out = capsys.readouterr().out
    assert "已登记追回：北京市总工会 ¥1,500.00（2024-02-01，凭证 收-7）" in out
    assert "北京市总工会：应追回 ¥1,500.00，已追回 ¥1,500.00，尚欠 ¥0.00" in out
    assert main(["--db", path, "pay", "revoke", str(p), "--stream", "patent", "--undo",
                 "--reason", "错了"]) == 1
    assert "不能再撤销" in capsys.readouterr().err


def test_the_approval_sheet_of_a_revoked_award_is_refused_saying_why(reg):
    from boostdesk.printing.approval import SheetError, load_sheets

    p = _paid_patent(reg)
    assert load_sheets(reg, 2022, [f"专利{p}"])
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    with pytest.raises(SheetError, match="已撤销助推（款已拨付，应追回），不再打印审批表") as refused:
        load_sheets(reg, 2022, [f"专利{p}"])
    # the paper was found: no advice to check the number typed for a typo
    assert "请核对" not in str(refused.value)
    with pytest.raises(SheetError, match="“专利999”：登记册中没有这项申报；.*已撤销助推.*。请核对专利号"):
        load_sheets(reg, 2022, ["专利999", f"专利{p}"])


def test_a_transfer_returned_on_a_revoked_award_is_a_recovery_not_owed_again(reg, capsys):
    """退汇 on an 应追回 line would make it 退汇待重拨 and payable again on no award: refused,
    pointing to 登记已追回, on every path (the domain, `pay return`)."""
    from boostdesk.finance.returns import return_payments

    p = _paid_patent(reg)
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    ids = [x.id for x in lines_of(reg, PATENT, p)]
    with pytest.raises(FinanceError, match="不能登记退汇.*登记已追回"):
        return_payments(reg, ids[:1], date(2024, 1, 20), "款项被银行退回")
    assert {x.state(AS_OF) for x in lines_of(reg, PATENT, p)} == {TO_RECOVER}
    assert plan_behind(reg, 2022)[0] == []  # nothing owed, nothing to pay again
    record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), "收-2024-007")
    fed = next(x.id for x in lines_of(reg, PATENT, p) if x.payer == FEDERATION)
    with pytest.raises(FinanceError, match="已于 2024-02-01 登记已追回，不能登记退汇"):
        return_payments(reg, [fed], date(2024, 2, 2), "退回")
    path = str(reg.path)
    reg.close()
    assert main(["--db", path, "pay", "return", str(ids[1]), "--date", "2024-01-20",
                 "--reason", "退回"]) == 1
    assert "登记已追回" in capsys.readouterr().err


def test_a_recovered_entered_in_error_is_withdrawn_then_the_revocation_undone(reg, capsys):
    from boostdesk.finance.recovery import withdraw_recovered

    p = _paid_patent(reg)
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    record_recovered(reg, PATENT, p, RECOMMENDING_UNION, date(2024, 2, 1), "收-2024-007")
    with pytest.raises(FinanceError, match="不能再撤销；已追回登记错了的，先撤销"):
        undo_revocation(reg, PATENT, p, "登记错了申报")
    with pytest.raises(FinanceError, match="理由"):
        withdraw_recovered(reg, PATENT, p, RECOMMENDING_UNION, "  ")
    with pytest.raises(FinanceError, match="尚未登记追回"):
        withdraw_recovered(reg, PATENT, p, FEDERATION, "错了")
    reg.operator = "财务王会计"
    rec = withdraw_recovered(reg, PATENT, p, RECOMMENDING_UNION, "凭证号是另一笔款的")
    assert (rec.outstanding_fen, rec.recovered_fen) == (3000_00, 0)
    assert {x.state(AS_OF) for x in lines_of(reg, PATENT, p)} == {TO_RECOVER}
    [event] = [e for e in trail(reg, application=(PATENT, p)) if "已追回”登记" in e.action]
    assert event.operator == "财务王会计"
    row = reg.query("SELECT before, after FROM audit_events WHERE action = 'withdraw_recovered'")[0]
    assert "收-2024-007" in row["before"] and "凭证号是另一笔款的" in row["after"]
    # nothing stands recovered: the revocation can be undone again
    assert undo_revocation(reg, PATENT, p, "登记错了申报") == "已拨付"
    # on the command line
    q = _paid_patent(reg, number="ZL202120123457.1", name="李四", id_number="110105194912310037")
    revoke_paid_award(reg, PATENT, q, date(2024, 1, 5), "专利权被宣告无效")
    record_recovered(reg, PATENT, q, FEDERATION, date(2024, 2, 1), "收-9")
    path = str(reg.path)
    reg.close()
    base = ["--db", path, "pay", "recovered", str(q), "--stream", "patent", "--payer", "federation"]
    assert main([*base, "--undo"]) == 1
    assert "理由" in capsys.readouterr().err
    assert main([*base, "--undo", "--reason", "登记错了"]) == 0
    assert "已撤销“已追回”登记" in capsys.readouterr().out
    assert main([*base, "--date", "2024-02-03", "--voucher", "收-10"]) == 0


def test_the_qualified_date_of_a_revoked_award_is_not_corrected(reg):
    """Its 审批表 is refused (no sheet prints the day): not offered, refused saying why."""
    from boostdesk.models.register import RegisterError
    from boostdesk.rules.qualified_day import correct_qualified_date, standing

    p = _paid_patent(reg)
    assert p in standing(reg, PATENT, [p])
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    assert standing(reg, PATENT, [p]) == {}
    with pytest.raises(RegisterError, match="已撤销助推，不再打印审批表"):
        correct_qualified_date(reg, PATENT, [p], date(2022, 11, 1), "按记录补记")
    undo_revocation(reg, PATENT, p, "登记错了")
    assert p in standing(reg, PATENT, [p])


def test_printed_payment_lists_neither_ask_for_nor_count_a_revoked_award_as_paid(reg):
    """print payments / 打印: a revoked award's paid lines are on no list and out of its
    已拨付 total (to the fen); with nothing else to pay, the reason names them apart."""
    from boostdesk.printing.payments import build_payment_lists, nothing_payable

    p = _paid_patent(reg)
    kept = _paid_patent(reg, number="ZL202120123457.1", name="李四",
                        id_number="110105194912310037")
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    assert build_payment_lists(reg, 2022, 1) == []  # nothing to pay
    lists = build_payment_lists(reg, 2022, 1, unpaid_only=False)
    listed = [x for pl in lists for x in pl.lines]
    assert {x.app_id for x in listed} == {kept}
    assert [(pl.total, pl.total - pl.to_pay, len(pl.paid)) for pl in lists] == \
        [(1500_00, 1500_00, 1)] * 2
    said = nothing_payable(reg, 2022, 1)
    assert "2 笔已拨付（¥3,000.00）" in said
    assert ("2 笔已汇出、后撤销助推，不列入拨付清单（应追回 ¥3,000.00，已追回 ¥0.00，"
            "尚欠 ¥3,000.00）") in said


def test_a_line_already_recovered_says_so_not_to_record_its_recovery(reg):
    """拨付's 撤销拨付登记 (its tip) and `pay cancel` on a line already 已追回: the day it was
    recovered, not 追回后…登记已追回 as if it were still owed."""
    from boostdesk.finance.cancel import cancel_payment

    p = _paid_patent(reg)
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    fed = next(x.id for x in lines_of(reg, PATENT, p) if x.payer == FEDERATION)
    with pytest.raises(FinanceError, match="（应追回），不能撤销拨付登记：追回后"):
        cancel_payment(reg, fed, "登记错了")
    record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), "收-2024-007")
    with pytest.raises(FinanceError) as refused:
        cancel_payment(reg, fed, "登记错了")
    assert "已于 2024-02-01 登记已追回，不能撤销拨付登记" in str(refused.value)
    assert "应追回" not in str(refused.value) and "追回后" not in str(refused.value)


def test_a_list_with_its_paid_lines_names_the_revoked_ones_it_leaves_out(reg, tmp_path):
    """--include-paid: a revoked award's paid lines are not listed (not paid awards) but
    the list says so under its totals, so its 已拨付 reconciles with the payer's books."""
    import openpyxl

    from boostdesk.printing.payments import build_payment_lists, write_payments_xlsx

    p = _paid_patent(reg)
    _paid_patent(reg, number="ZL202120123457.1", name="李四", id_number="110105194912310037")
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    said = "另有 1 笔已汇出、后撤销助推，不列入本清单：应追回 ¥1,500.00，已追回 ¥0.00，尚欠 ¥1,500.00"
    lists = build_payment_lists(reg, 2022, 1, unpaid_only=False)
    assert [pl.note for pl in lists] == [said, said]
    out = write_payments_xlsx(tmp_path / "清单.xlsx", lists)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert said in [c.value for row in ws.iter_rows() for c in row]
