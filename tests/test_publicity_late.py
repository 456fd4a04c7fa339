"""An objection received within the publicity period but entered after 结束公示 (a letter
posted in time that arrives two days later, one the clerk had not typed in): recorded while
the award is unpaid, it holds the award from payment until it is settled."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest

from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payment
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import (
    close_publicity,
    objections,
    publicity_rows,
    record_objection,
    resolve_objection,
    start_publicity,
    withdraw_objection,
)
from tests.test_panel_support import (
    WAN,
    YEAR,
    one_place_two_publicized,
    two_adopted,
)

HELD = "暂缓拨付"  # a payment line's state while an objection holds it


@pytest.fixture
def closed(reg):
    """Two awards approved by the close of 2022-12-27 (period 12-20 … 12-26), nothing paid."""
    ids = two_adopted(reg)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    return ids


def _lines(reg, project_id):
    return [x for x in payment_lines(reg, YEAR, stream=PROJECT) if x.app_id == project_id]


def _cli(reg, *args: str) -> int:
    year = [] if args[:2] == ("pay", "mark") else ["--year", str(YEAR)]  # mark takes ids
    return main([*args, "--db", str(reg.path), *year])


def test_an_objection_of_the_period_entered_after_the_close_holds_the_award_until_settled(
        reg, closed, capsys):
    with pytest.raises(PanelError, match="不在公示期.*按来信来访处理"):  # posted too late
        record_objection(reg, closed["a"], date(2022, 12, 27), "某职工", "数据不实")
    reg.close()
    assert _cli(reg, "publicity", "object", "市级甲项目", "--date", "2022-12-26", "--by",
                "某职工", "--content", "项目数据不实") == 0
    out = capsys.readouterr().out
    assert "公示已结束、项目已核准，异议处理前暂缓拨付" in out
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        a = reg2.project(closed["a"])
        # the award the close made stands, held: no earlier or later approval date
        assert (a.status, a.award_fen, a.approved_date) == ("approved", 10 * WAN,
                                                            date(2022, 12, 27))
        row = next(r for r in publicity_rows(reg2, YEAR) if r.project_id == closed["a"])
        assert row.state == "有异议待处理"
        [o] = objections(reg2, YEAR)
        [event] = reg2.audit_trail("objections", o.id)
        assert "2022-12-27 结束后登记" in event["after"]["note"]
        first = [x.id for x in _lines(reg2, closed["a"]) if x.tranche == 1]
        assert {x.state(date(2023, 6, 1)) for x in _lines(reg2, closed["a"])} == {HELD}
        assert not any(x.overdue(date(2023, 6, 1)) for x in _lines(reg2, closed["a"]))
    finally:
        reg2.close()
    assert _cli(reg, "pay", "list") == 0
    out = capsys.readouterr().out
    assert "暂缓拨付  北京市总工会" in out
    assert "注意：项目“市级甲项目”有公示期内收到的异议待处理，暂缓拨付" in out
    assert _cli(reg, "pay", "mark", *map(str, first), "--date", "2023-01-10",
                "--voucher", "记-1") != 0
    assert "项目“市级甲项目”有公示期内收到的异议待处理，暂缓拨付：请先在“公示”中处理该异议" \
        in capsys.readouterr().err
    assert _cli(reg, "publicity", "resolve", str(o.id), "--dismissed", "--note",
                "经核查数据属实", "--date", "2023-01-05") == 0
    assert "项目“市级甲项目”现为“核准”（2022-12-27 核准）" in capsys.readouterr().out
    assert _cli(reg, "pay", "mark", *map(str, first), "--date", "2023-01-10",
                "--voucher", "记-1") == 0
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        assert reg2.project(closed["a"]).status == "paid_first"
    finally:
        reg2.close()


def test_a_late_objection_upheld_withdraws_the_award_and_names_who_moves_up(reg, capsys):
    a, b = one_place_two_publicized(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    planned = [x.id for x in _lines(reg, a)]
    assert planned
    oid = record_objection(reg, a, date(2022, 12, 24), "匿名来信", "负责人不是本工作室成员")
    reg.close()
    assert _cli(reg, "publicity", "resolve", str(oid), "--upheld", "--note", "经核实属实",
                "--date", "2023-01-05") == 0
    out = capsys.readouterr().out
    assert "异议成立，撤销核准，项目不予助推；项目“区级甲项目”现为“未获助推”" in out
    assert "名额空出，按排名可递补：“区级乙项目”（3万元）" in out
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        app = reg2.project(a)
        assert (app.status, app.award_fen, app.approved_date) == ("not_awarded", None, None)
        assert app.status_reason == "公示异议成立，撤销核准：经核实属实"
        assert _lines(reg2, a) == []  # no list asks for the withdrawn award
        for payment_id in planned:  # each unpaid line's removal audited
            assert [e["action"] for e in reg2.audit_trail("payments", payment_id)][-1] == "delete"
        assert [h["to_status"] for h in reg2.status_history(PROJECT, a)][-1] == "not_awarded"
        row = next(r for r in publicity_rows(reg2, YEAR) if r.project_id == a)
        assert row.state == "异议成立，不予助推"
    finally:
        reg2.close()


def test_a_late_objection_once_a_part_is_paid_says_what_to_do_instead(reg, closed):
    [fed] = [x.id for x in _lines(reg, closed["a"]) if x.tranche == 1 and x.payer == FEDERATION]
    mark_paid(reg, fed, date(2023, 1, 10), "记-7")  # the union's part not paid yet
    with pytest.raises(PanelError) as refused:
        record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "数据不实")
    text = str(refused.value)
    assert "已于 2023-01-10 登记拨付（凭证 记-7）" in text
    assert "请按来信来访处理" in text and "由财务追回已拨资金" in text
    assert "先在“拨付”中撤销拨付登记，再登记异议" in text
    assert reg.scalar("SELECT COUNT(*) FROM objections") == 0
    cancel_payment(reg, fed, "收款单位选错")  # recorded by mistake: the objection can hold it
    record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "数据不实")
    assert {x.state(date(2023, 2, 1)) for x in _lines(reg, closed["a"])} == {HELD}


def test_a_late_objection_entered_by_mistake_is_taken_back_and_the_award_paid(reg, closed):
    oid = record_objection(reg, closed["c"], date(2022, 12, 22), "某人", "应登记在甲项目上")
    withdraw_objection(reg, oid, "误登记在其他项目上")
    c = reg.project(closed["c"])
    assert (c.status, c.approved_date) == ("approved", date(2022, 12, 27))
    assert HELD not in {x.state(date(2023, 2, 1)) for x in _lines(reg, closed["c"])}


def test_the_approval_sheet_of_a_held_award_does_not_say_the_objection_was_groundless(
        reg, closed):
    """Its sheet said 经核实异议不成立 while the objection was still being looked into."""
    from boostdesk.printing.approval import _review_line, load_sheets

    oid = record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "数据不实")
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    line = _review_line(sheet)
    assert "异议不成立" not in line and "公示期满无异议" not in line
    assert "公示期内收到的异议尚在核实，处理前暂缓拨付" in line
    resolve_objection(reg, oid, upheld=False, note="属实", on=date(2023, 1, 5))
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    assert "公示期内收到异议，经核实异议不成立，2022年12月27日核准助推" in _review_line(sheet)


def test_the_payment_list_leaves_out_a_held_award_and_says_why(reg, closed, tmp_path, capsys):
    """The list handed to finance would have asked for an award under an open objection."""
    record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "数据不实")
    reg.close()
    pdf, xlsx = tmp_path / "首笔.pdf", tmp_path / "首笔.xlsx"
    assert _cli(reg, "print", "payments", "--tranche", "1", "--out", str(pdf)) == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "市级甲项目" in text  # named, and why
    assert "另有1笔¥30,000.00暂缓拨付，未列入本清单：项目“市级甲项目”有公示期内收到的异议待处理" \
        in text
    assert "合计：¥6,000.00" in text  # the federation's part of 区级丙项目's first tranche only
    assert _cli(reg, "print", "payments", "--tranche", "1", "--out", str(xlsx)) == 0
    ws = openpyxl.load_workbook(xlsx)["北京市总工会"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(v == "市级甲项目" for v in cells)
    assert any("暂缓拨付，未列入本清单" in v for v in cells)


def test_another_years_view_does_not_count_a_held_award_as_owed(reg, closed):
    """The next year's 拨付 and `pay list` named the held award among last year's arrears."""
    from boostdesk.finance.other_years import still_owed

    [owed] = still_owed(reg, YEAR + 1, as_of=date(2023, 6, 1))
    assert (owed.count, owed.overdue) == (4, 4)  # both first tranches, each payer's part
    record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "数据不实")
    [owed] = still_owed(reg, YEAR + 1, as_of=date(2023, 6, 1))
    assert (owed.count, owed.amount_fen, owed.overdue) == (2, 18_000_00, 2)  # 区级丙项目's


def test_the_summary_export_names_a_held_award_as_the_lists_do(reg, closed):
    """`export summary project --approved` and the window's 导出 xlsx wrote plain 核准 for an
    award a late objection holds, while the list, 拨付 and the sheets said 暂缓拨付."""
    from boostdesk.io.export_summary import STATUS, build_summary

    record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "数据不实")
    summary = build_summary(reg, PROJECT, YEAR, approved_only=True)
    at = next(i for i, c in enumerate(summary.columns) if c.field == STATUS)
    title_at = next(i for i, c in enumerate(summary.columns) if c.field == "title")
    status = {row[title_at]: row[at] for row in summary.rows}
    assert status == {"市级甲项目": "核准（暂缓拨付）", "区级丙项目": "核准"}
