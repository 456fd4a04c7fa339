"""Finance reconciles the bank statement by period, whatever campaign year a transfer is
of: `print payments --paid-in 2023` without --year failed on the newest year's empty list
(2026 年度第 1 批各付款单位没有…); 打印's period list had the year in view's lines only;
拨付's 注意 under a 拨付日期 filter named other years' 待拨付, never their transfers of
those days. The period list covers every campaign year: each line its 年度, by paid day,
totals per payer and overall, 本期退汇 and 本期净拨付 across years, to the fen."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_ui_support import year_context

from boostdesk.cli import main
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models import PatentApplication, plan_2022
from boostdesk.models.records import PATENT
from boostdesk.money import format_money
from boostdesk.paid_in import Period, moved_by_year, other_years_note, year_moves
from boostdesk.printing.jobs import PAYMENTS
from boostdesk.printing.payments import build_period_lists, period_summary
from tests.test_finance import add_patent, card_of

YEAR_2023 = Period(date(2023, 1, 1), date(2023, 12, 31))


def _patent_2023(reg, name="张伟", id_number="110105198001010112",
                 number="ZL202210000201.6", unit="朝阳区总工会") -> int:
    app_id = reg.save_patent(PatentApplication(
        campaign_year=2023, title="一种新方法", patent_number_raw=number,
        grant_date=date(2022, 5, 11), inventor_name=name, id_number=id_number,
        card_number=card_of(id_number), unit_name=unit, enterprise_name="北京创新科技有限公司",
        frontline=True, service_invention=True, applied_in_production=True,
    ))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=5000_00,
                   approved_date=date(2023, 12, 1))
    return app_id


def _lines(reg, year, app_id):
    return {x.payer: x.id for x in payment_lines(reg, year, stream=PATENT) if x.app_id == app_id}


def _two_years(reg) -> None:
    """2022's patent (3,000: 1,500 + 1,500) paid in 2023, its federation share returned in
    2023 and sent again; 2023's patent (5,000 split 1:1) paid in 2023; 2024 a campaign with
    nothing paid (the newest year, the default otherwise)."""
    reg.save_campaign(replace(plan_2022().for_year(2023), title="北京市总工会2023年职工创新助推计划"))
    reg.save_campaign(plan_2022().for_year(2024))
    old = add_patent(reg)
    sync_plan(reg, 2022)
    new = _patent_2023(reg)
    sync_plan(reg, 2023)
    a, b = _lines(reg, 2022, old), _lines(reg, 2023, new)
    mark_all_paid(reg, [a["federation"]], date(2023, 3, 1), "记-2303-001")
    mark_all_paid(reg, [a["union"]], date(2023, 3, 2), "海工-2303-01")
    return_payments(reg, [a["federation"]], date(2023, 4, 6), "户名不符")
    keep_card(reg, a["federation"], "经核实原卡号无误")  # else 待更正卡号
    mark_all_paid(reg, [a["federation"]], date(2023, 4, 12), "记-2304-005")
    mark_all_paid(reg, [b["federation"]], date(2023, 12, 20), "记-2312-250")
    mark_all_paid(reg, [b["union"]], date(2024, 1, 5), "朝工-2401-01")  # another period


def test_a_period_list_covers_every_campaign_year_by_paid_day(reg):
    _two_years(reg)
    lists = build_period_lists(reg, 1, YEAR_2023)
    fed = lists[0]
    assert fed.payer_name == "北京市总工会"
    # by paid day across years: 2022's sent, 2022's sent again, 2023's
    assert [(x.year, x.paid_date, x.voucher) for x in fed.lines] == [
        (2022, date(2023, 3, 1), "记-2303-001"), (2022, date(2023, 4, 12), "记-2304-005"),
        (2023, date(2023, 12, 20), "记-2312-250")]
    assert fed.total == 1500_00 + 1500_00 + 2500_00
    assert [(day, fen) for day, _v, fen, _w in fed.returns_in] == [(date(2023, 4, 6), 1500_00)]
    assert fed.returns_in[0][3].startswith("2022年度 ")  # the return names its year
    assert fed.net_in_period == 4000_00
    assert fed.years == (2022, 2023) and "2022、2023年度" in fed.title
    rows = {r[0]: r[1:] for r in period_summary(lists)}
    assert rows["合计"] == (4, 7000_00, 1, 1500_00)  # 3 + 海淀's 1; 朝阳's sent in 2024
    assert rows["其中 2022年度"] == (3, 4500_00, 1, 1500_00)
    assert rows["其中 2023年度"] == (1, 2500_00, 0, 0)


def test_print_payments_paid_in_without_year_lists_every_year(tmp_path, reg, capsys):
    _two_years(reg)
    db = str(reg.path)
    out = tmp_path / "2023.xlsx"
    # the tester's command: no --year, the newest campaign (2024) paid nothing in 2023
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023",
                 "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "合计：本期拨付 4 笔 ¥7,000.00，本期退汇 1 笔 ¥1,500.00，本期净拨付 ¥5,500.00" in said
    assert "其中 2022年度：本期拨付 3 笔 ¥4,500.00" in said
    wb = openpyxl.load_workbook(out)
    ws = wb["北京市总工会"]
    assert ws.cell(3, 15).value == "年度"
    listed = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    assert [r[14] for r in listed] == [2022, 2022, 2023]
    assert [r[12] for r in listed] == ["记-2303-001", "记-2304-005", "记-2312-250"]
    net = next(r for r in ws.iter_rows(values_only=True) if r[0] == "本期净拨付")
    assert net[9] == Decimal("4000")
    summary = {r[0]: r for r in wb["汇总"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert summary["合计"][1:] == (4, Decimal("7000"), 1, Decimal("1500"), Decimal("5500"))
    pdf = tmp_path / "2023.pdf"
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023",
                 "--out", str(pdf)]) == 0
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "年度" in text and "（汇总）" in text
    assert "本期净拨付合计：¥5,500.00" in text
    # --year still lists that year's alone; --all-years beside --year, or without a period
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023",
                 "--year", "2024", "--out", str(out)]) == 1
    assert "去掉 --year 即一并列出" in capsys.readouterr().err
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023",
                 "--year", "2023", "--all-years", "--out", str(out)]) == 1
    assert "只用其一" in capsys.readouterr().err
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--all-years",
                 "--out", str(out)]) == 1
    assert "--paid-in" in capsys.readouterr().err


def test_the_print_screens_period_list_offers_every_year(reg, tmp_path, qtbot):
    from boostdesk.ui.print_screen import PrintScreen

    _two_years(reg)
    w = PrintScreen(year_context(reg, tmp_path, 2024))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.document.setCurrentIndex(w.document.findData(PAYMENTS))
    assert not w.all_years.isEnabled()  # by tranche: the year in view's
    w.paid_from.setText("2023")
    w.paid_to.setText("2023")
    # ticked with the days typed, as the command lists every year for a period
    assert w.all_years.isEnabled() and w.all_years.isChecked()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    QTest.keyClick(w, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 至(&M), as before
    assert w.paid_to.hasFocus()
    QTest.keyClick(w, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # 所有年度(&Q): off
    qtbot.waitUntil(lambda: not w.all_years.isChecked())
    assert not w.current_job().all_years
    QTest.keyClick(w, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # and on again
    qtbot.waitUntil(w.all_years.isChecked)
    job = w.current_job()
    assert job.all_years and job.file_stem().startswith("各年度-")
    lists = job.payment_lists(reg)
    assert {y for pl in lists for y in pl.years} == {2022, 2023}
    with pytest.raises(ValueError, match="所有年度"):  # the year in view alone: none
        replace(job, all_years=False).payment_lists(reg)


def test_payments_notes_other_years_transfers_in_the_days_filtered(reg, tmp_path, qtbot):
    from boostdesk.ui.payments_screen import PaymentsScreen

    _two_years(reg)
    moved = moved_by_year(year_moves(reg, [2023, 2024]), date(2023, 1, 1), date(2023, 12, 31))
    assert [(m.year, m.sent, m.sent_fen) for m in moved] == [(2023, 1, 2500_00)]
    w = PaymentsScreen(year_context(reg, tmp_path, 2022))
    qtbot.addWidget(w)
    w.resize(1300, 800)
    w.show()
    w.reload()
    assert "另有拨付" not in w.others.text()
    w.paid_from.setText("2023")
    w.paid_to.setText("2023")
    said = w.others.text()
    assert "其他年度在 2023-01-01 至 2023-12-31 另有拨付 1 笔 ¥2,500.00（2023 年度 1 笔 ¥2,500.00）" \
        in said and "所有年度" in said and w.others.isVisibleTo(w)
    w.paid_from.setText("2024-01")
    w.paid_to.setText("2024-01")
    assert "另有拨付 1 笔 ¥2,500.00（2023 年度" in w.others.text()  # 朝阳's, sent 2024-01-05
    w.paid_from.clear()
    w.paid_to.clear()
    assert "另有拨付" not in w.others.text()
    assert other_years_note([], None, None) == ""


# -- every tranche in one period list ------------------------------------------------------
def _with_a_project(reg) -> tuple[int, int]:
    """_two_years, and a 2022 project whose first tranche went 2023-02-01 and its rest,
    accepted 2023-05-10, 2023-06-01: the 2023 statement holds both. Returns the project's
    (first, rest) federation fen."""
    from boostdesk.finance.acceptance import record_acceptance
    from boostdesk.models.records import PROJECT
    from tests.test_finance import add_project

    _two_years(reg)
    p = add_project(reg)
    sync_plan(reg, 2022)

    def fed_line(tranche):
        return next(x for x in payment_lines(reg, 2022, stream=PROJECT)
                    if x.app_id == p and x.tranche == tranche and x.payer == "federation")

    mark_all_paid(reg, [fed_line(1).id], date(2023, 2, 1), "记-2302-010")
    record_acceptance(reg, p, date(2023, 5, 10))
    mark_all_paid(reg, [fed_line(2).id], date(2023, 6, 1), "记-2306-020")
    return fed_line(1).amount_fen, fed_line(2).amount_fen


def test_a_period_list_without_tranche_holds_every_tranche(reg):
    from boostdesk.printing.payments import ALL_TRANCHES, batch_name

    first, rest = _with_a_project(reg)
    fed = build_period_lists(reg, None, YEAR_2023)[0]
    assert fed.tranche == ALL_TRANCHES and "各批次" in fed.tranche_text
    assert [(x.paid_date, batch_name(x)) for x in fed.lines] == [
        (date(2023, 3, 1), "一次"), (date(2023, 4, 12), "一次"), (date(2023, 12, 20), "一次"),
        (date(2023, 2, 1), "首笔"), (date(2023, 6, 1), "尾款")]
    by_tranche = [build_period_lists(reg, t, YEAR_2023)[0] for t in (1, 2)]
    assert fed.total == sum(pl.total for pl in by_tranche) == 5500_00 + first + rest
    assert fed.returns_in[0][3].startswith("2022年度第一批 ")  # its year and its 批次
    assert fed.net_in_period == 5500_00 + first + rest - 1500_00
    rows = {r[0]: r[1:] for r in period_summary(build_period_lists(reg, None, YEAR_2023))}
    assert rows["合计"] == (6, 7000_00 + first + rest, 1, 1500_00)
    assert rows["其中 2022年度"] == (5, 4500_00 + first + rest, 1, 1500_00)
    assert rows["其中 第一批（专利一次拨付、项目首笔）"] == (5, 7000_00 + first, 1, 1500_00)
    assert rows["其中 第二批（项目尾款）"] == (1, rest, 0, 0)


def test_print_payments_paid_in_needs_no_tranche(tmp_path, reg, capsys):
    first, rest = _with_a_project(reg)
    db = str(reg.path)
    pdf = tmp_path / "2023.pdf"
    assert main(["--db", db, "print", "payments", "--paid-in", "2023", "--out", str(pdf)]) == 0
    said = capsys.readouterr().out
    total = format_money(7000_00 + first + rest)
    assert f"合计：本期拨付 6 笔 {total}，本期退汇 1 笔 ¥1,500.00" in said
    assert "每笔注明年度、批次" in said
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "批次" in text and "首笔" in text and "尾款" in text and "各批次" in text
    net = format_money(7000_00 + first + rest - 1500_00)
    assert f"本期净拨付合计：{net}" in text
    out = tmp_path / "2023.xlsx"
    assert main(["--db", db, "print", "payments", "--paid-in", "2023", "--year", "2022",
                 "--out", str(out)]) == 0  # one year, every tranche
    ws = openpyxl.load_workbook(out)["北京市总工会"]
    listed = [[c.value for c in r] for r in ws.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    assert [r[8] for r in listed] == ["一次拨付", "一次拨付", "首笔", "尾款"]
    # a list to pay is of one tranche still
    assert main(["--db", db, "print", "payments", "--out", str(out)]) == 1
    assert "缺少参数：--tranche" in capsys.readouterr().err
    assert main(["--db", db, "print", "payments", "--tranche", "2", "--paid-in", "2023",
                 "--out", str(out)]) == 0
    assert f"合计：本期拨付 1 笔 {format_money(rest)}" in capsys.readouterr().out
