"""Every number agrees: the same money counted alike on the 拨付 screen, on the command
line and on the printed lists, whichever of them finance reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_ui_support import year_context

from boostdesk.cli import main
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.lines import RETURNED, total
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models import plan_2022
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT
from boostdesk.money import format_money
from tests.test_finance import add_patent


def _returned_and_unpaid(reg, approved=date(2022, 12, 15)):
    """Two patents approved on ``approved``: 张三's paid, the federation's share sent back by
    the bank; 李四's unpaid. Returns the returned line."""
    a = add_patent(reg, approved=approved)
    add_patent(reg, "李四", "110108198506123146", "朝阳区总工会", approved=approved,
               number="ZL202120987654.3")
    sync_plan(reg, 2022)
    ids = [x.id for x in payment_lines(reg, 2022, stream=PATENT) if x.app_id == a]
    paid_on = max(approved, date.today() - timedelta(days=10))
    mark_all_paid(reg, ids, paid_on, "记-1")
    [back] = return_payments(reg, ids[:1], paid_on, "银行系统故障")
    # the card confirmed (else 待更正卡号, not owed): owed again to it
    return keep_card(reg, back.id, "经核实原卡号无误")


def test_a_returned_line_past_its_term_is_overdue_on_the_screen_as_on_the_command_line(
        reg, tmp_path, qtbot, capsys):
    """A transfer sent back, owed again past its term (3 months after 核准): `pay list`,
    and the 拨付 screen's note on what an earlier year still owes, count it overdue; the
    screen showing that year counted one fewer."""
    from boostdesk.ui.payments_screen import PaymentsScreen

    back = _returned_and_unpaid(reg)
    overdue = [x for x in payment_lines(reg, 2022) if x.overdue(date.today())]
    assert back.id in {x.id for x in overdue} and len(overdue) == 3

    assert main(["--db", str(reg.path), "pay", "list", "--year", "2022"]) == 0
    assert f"已逾期 {len(overdue)} 笔" in capsys.readouterr().out

    reg.save_campaign(plan_2022().for_year(2023))
    later = PaymentsScreen(year_context(reg, tmp_path, 2023))
    qtbot.addWidget(later)
    assert f"已逾期 {len(overdue)} 笔" in later.others.text()

    shown = PaymentsScreen(year_context(reg, tmp_path, 2022))
    qtbot.addWidget(shown)
    overdue_fen = total(overdue)
    assert f"已逾期 <b>{len(overdue)}</b> 笔 {format_money(overdue_fen)}" in shown.summary.text()


def test_pay_list_names_a_returned_line_within_its_term_among_the_due_not_the_overdue(
        reg, capsys):
    """Sent back before its term ran out, a line is owed again but not overdue: `pay list`
    said 已逾期 0 笔（其中退汇待重拨 1 笔…）, 1 of 0."""
    back = _returned_and_unpaid(reg, approved=date.today() - timedelta(days=20))
    assert not back.overdue(date.today()) and back.state(date.today()) == RETURNED

    assert main(["--db", str(reg.path), "pay", "list", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "已逾期 0 笔（" not in out
    assert (f"待拨付 3 笔 ¥4,500.00（其中已逾期 0 笔 ¥0.00；{RETURNED} 1 笔"
            f" {format_money(back.amount_fen)}）" in out)


@pytest.mark.parametrize("fmt", [".pdf", ".xlsx"])
def test_print_payments_of_the_newest_year_names_what_an_earlier_year_still_owes(
        reg, tmp_path, capsys, fmt):
    """`print payments` without --year prints the newest campaign, as `pay list` lists it;
    a new year with nothing to pay yet said so and no more, hiding last year's arrears."""
    _returned_and_unpaid(reg)
    reg.save_campaign(plan_2022().for_year(2023))
    owed = [x for x in payment_lines(reg, 2022) if not x.paid and x.released]
    out = tmp_path / f"list{fmt}"

    assert main(["--db", str(reg.path), "print", "payments", "--tranche", "1",
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "2023 年度第 1 批没有尚需拨付的款项" in err
    assert (f"2022 年度尚有 {len(owed)} 笔待拨付（{format_money(total(owed))}"
            in err)
    assert "--year 2022" in err


def test_print_payments_of_the_newest_year_still_names_an_earlier_years_arrears(
        reg, tmp_path, capsys):
    """The newest year's list printed, the year before still owing: named under it."""
    from boostdesk.models import PatentApplication

    _returned_and_unpaid(reg)
    reg.save_campaign(plan_2022().for_year(2023))
    new = reg.save_patent(PatentApplication(
        campaign_year=2023, title="一种新方法", patent_number_raw="ZL202210123456.9",
        grant_date=date(2022, 5, 11), inventor_name="王五", id_number="110101199003077578",
        card_number="6214830112345678", unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))
    reg.set_status(PATENT, new, "qualified")
    reg.set_status(PATENT, new, "approved", award_fen=3000_00, approved_date=date(2023, 12, 1))
    sync_plan(reg, 2023)
    owed = [x for x in payment_lines(reg, 2022) if not x.paid and x.released]

    assert main(["--db", str(reg.path), "print", "payments", "--tranche", "1",
                 "--out", str(tmp_path / "list.pdf")]) == 0
    out = capsys.readouterr().out
    assert "已生成拨付清单" in out
    assert (f"注意：2022 年度尚有 {len(owed)} 笔待拨付（{format_money(total(owed))}"
            in out)


def test_a_union_share_without_a_union_is_named_alike_everywhere(reg, tmp_path, capsys):
    """An award approved with no recommending union (核准 despite the finding): its union
    share was 「（未填写推荐单位）」 on the printed list, 「（未填推荐单位）」 in the statistics,
    「推荐工会」 on the approval sheet and nothing at all in `pay list` and on the 拨付 screen."""
    from boostdesk.printing.approval import _money_rows, load_sheets
    from boostdesk.printing.payments import NO_UNION
    from boostdesk.statistics import year_statistics

    app_id = add_patent(reg, unit="")
    sync_plan(reg, 2022)
    union = next(x for x in payment_lines(reg, 2022) if x.payer != FEDERATION)
    assert union.payer_name == NO_UNION

    assert main(["--db", str(reg.path), "pay", "list", "--year", "2022"]) == 0
    assert f"{NO_UNION}  →  张三  ¥1,500.00" in capsys.readouterr().out
    assert year_statistics(reg, 2022).rows[PATENT][-1].unit == NO_UNION
    [sheet] = load_sheets(reg, 2022)
    assert sheet.app.id == app_id
    assert f"{NO_UNION} ¥1,500.00" in _money_rows(sheet)[1][1]


def test_stats_on_screen_names_the_unpaid_an_objection_holds(reg, capsys):
    """`stats` shows 未拨付 with an award an open objection holds (暂缓拨付) inside it, and
    no column for it on screen: finance read it as payable, where `pay list` and the 拨付
    screen name it apart."""
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import close_publicity, record_objection, start_publicity
    from tests.test_panel_support import (
        CITY,
        DISTRICT,
        YEAR,
        add_experts,
        make_project,
        score_all,
        to_review,
    )

    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, a, c)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, c: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    # posted within the period, entered after the close: the award stands, held
    record_objection(reg, a, date(2022, 12, 22), "某职工", "数据不实")
    sync_plan(reg, YEAR)
    held = [x for x in payment_lines(reg, YEAR) if x.held]
    assert held and {x.app_id for x in held} == {a}

    assert main(["--db", str(reg.path), "stats", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert f"未拨付中含暂缓拨付 {format_money(total(held))}" in out


def test_the_newest_year_named_with_year_says_what_another_year_owes_as_without_it(
        reg, tmp_path, capsys):
    """Testers (stop 44): `pay list --year 2023`, 2023 the newest year, left out the
    注意：2022 年度尚有 … 笔待拨付 that `pay list` prints; the 拨付 screen names what other
    years owe whichever year it shows, and so do the commands now."""
    from boostdesk.models import PatentApplication

    _returned_and_unpaid(reg)
    reg.save_campaign(plan_2022().for_year(2023))
    new = reg.save_patent(PatentApplication(
        campaign_year=2023, title="一种新方法", patent_number_raw="ZL202210123456.9",
        grant_date=date(2022, 5, 11), inventor_name="王五", id_number="110101199003077578",
        card_number="6214830112345678", unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))
    reg.set_status(PATENT, new, "qualified")
    reg.set_status(PATENT, new, "approved", award_fen=3000_00, approved_date=date(2023, 12, 1))
    sync_plan(reg, 2023)
    owed = [x for x in payment_lines(reg, 2022) if not x.paid and x.released]
    said = f"注意：2022 年度尚有 {len(owed)} 笔待拨付（{format_money(total(owed))}"
    db = str(reg.path)

    assert main(["--db", db, "pay", "list"]) == 0
    plain = capsys.readouterr().out
    assert said in plain
    assert main(["--db", db, "pay", "list", "--year", "2023"]) == 0
    assert capsys.readouterr().out == plain
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--year", "2023",
                 "--out", str(tmp_path / "list.pdf")]) == 0
    assert said in capsys.readouterr().out
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0  # as 拨付 shows 2022
    assert "注意：2023 年度尚有 2 笔待拨付（¥3,000.00" in capsys.readouterr().out
