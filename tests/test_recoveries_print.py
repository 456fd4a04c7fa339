"""Every payer's 本期净拨付 on a period's 拨付清单 ended 撤销助推的追回见追回清单, a payer with
no revoked award too, and that 追回清单 could be made only by `archive`. The list says it
only for a payer with revoked awards' transfers listed or their money come back in the
period (how many, how much), pointing to where it is printed: 打印 → 追回清单, or
`print recoveries` (PDF or xlsx, its line in the trail)."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest
from test_finance import add_patent
from test_period_payments_all_years import _two_years
from test_ui_support import year_context

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT
from boostdesk.paid_in import Period
from boostdesk.printing import print_log
from boostdesk.printing.jobs import RECOVERIES
from boostdesk.printing.payments import build_period_lists
from boostdesk.ui.print_screen import PrintScreen

POINTER = "逐笔见追回清单（打印 → 追回清单）"


def _revoked(reg) -> None:
    """_two_years, and a 2022 patent paid 2023-05-04, revoked 06-01, the federation's
    ¥1,000.00 of its ¥1,500.00 back on 06-20."""
    _two_years(reg)
    other = add_patent(reg, name="李四", id_number="110105198001010016",
                       number="ZL202110654321.0")
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in payment_lines(reg, 2022) if x.app_id == other],
                  date(2023, 5, 4), "记-2305-001")
    revoke_paid_award(reg, PATENT, other, date(2023, 6, 1), "专利权被宣告无效")
    record_recovered(reg, PATENT, other, FEDERATION, date(2023, 6, 20), "收-01", 1000_00)


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return "".join(out.split())


def test_the_net_line_speaks_of_recoveries_only_where_there_are_some(reg):
    _revoked(reg)
    # April: the federation's return alone, nothing of the revoked award
    [april] = build_period_lists(reg, None, Period(date(2023, 4, 1), date(2023, 4, 30)))
    assert april.shows_net and "追回" not in april.net_text and april.recoveries_said == ""
    lists = {pl.payer_name: pl for pl in build_period_lists(
        reg, None, Period(date(2023, 1, 1), date(2023, 12, 31)))}
    fed = lists["北京市总工会"]
    assert fed.recovered_in == (1, 1000_00)
    assert fed.recoveries_said == ("撤销助推另计（不减本期净拨付）：所列 1 笔其后撤销助推、应追回；"
                                   f"本期追回 1 笔 ¥1,000.00；{POINTER}")
    assert "追回" not in fed.net_text
    # the revoked patent's other share: listed, nothing back yet
    assert lists["海淀区总工会"].recoveries_said == (
        f"撤销助推另计（不减本期净拨付）：所列 1 笔其后撤销助推、应追回；{POINTER}")


def test_print_recoveries_makes_the_list_the_archive_has(reg, tmp_path, capsys):
    _revoked(reg)
    db = str(reg.path)
    pdf, xlsx = tmp_path / "追回.pdf", tmp_path / "追回.xlsx"
    assert main(["--db", db, "print", "recoveries", "--year", "2022", "--out", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "已生成 2022 年度追回清单 1 页" in out and "已追回 1,000.00 元（1 笔）" in out, out
    text = _text(pdf)
    assert "撤销助推款项追回清单" in text and "收-01" in text and "1,000.00" in text, text
    assert main(["--db", db, "print", "recoveries", "--year", "2022", "--out", str(xlsx)]) == 0
    ws = openpyxl.load_workbook(xlsx)["追回清单"]
    assert any("收-01" in [str(c) for c in row] for row in ws.iter_rows(values_only=True))
    assert main(["--db", db, "print", "recoveries", "--year", "2023", "--out", str(pdf)]) == 1
    assert "2023 年度没有已拨付后撤销助推的款项，无追回清单" in capsys.readouterr().err
    lines = reg.conn.execute("SELECT count(*) FROM audit_events WHERE action = ? AND"
                             " json_extract(after, '$.document') = '追回清单'",
                             (print_log.ACTION,)).fetchone()[0]
    assert lines == 2


def test_the_print_screen_offers_the_recoveries_list(reg, tmp_path, qtbot):
    _revoked(reg)
    w = PrintScreen(year_context(reg, tmp_path, 2022))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.document.setFocus()
    index = w.document.findData(RECOVERIES)
    assert index >= 0 and w.document.itemText(index) == "追回清单"
    w.document.setCurrentIndex(index)
    assert not w.unmasked.isVisible()  # no number to mask: one copy
    assert w.xlsx_button.isEnabled()
    w.preview_button.click()
    qtbot.waitUntil(lambda: w.page_count > 0 or bool(w.error.text()), timeout=20_000)
    assert w.page_count == 1 and not w.error.text()
    out = tmp_path / "追回.pdf"
    w.save_pdf_to(out)
    qtbot.waitUntil(out.exists, timeout=20_000)
    assert "撤销助推款项追回清单" in _text(out)


@pytest.mark.parametrize("year", [2023])
def test_the_print_screen_says_a_year_without_recoveries_has_none(reg, tmp_path, qtbot, year):
    _revoked(reg)
    w = PrintScreen(year_context(reg, tmp_path, year))
    qtbot.addWidget(w)
    w.show()
    w.document.setCurrentIndex(w.document.findData(RECOVERIES))
    w.preview_button.click()
    qtbot.waitUntil(lambda: bool(w.error.text()), timeout=20_000)
    assert "没有已拨付后撤销助推的款项" in w.error.text()


def test_the_recoveries_list_s_total_is_in_daxie_as_the_other_finance_documents(reg, tmp_path):
    """合计 had figures only: now 应追回, 已追回 and 尚欠 each with its 大写 (PDF, workbook)."""
    from boostdesk.printing.recoveries import (
        write_recoveries_pdf,
        write_recoveries_xlsx,
        year_recoveries,
    )

    _revoked(reg)
    owed = year_recoveries(reg, 2022)
    said = ("合计：应追回 ¥3,000.00（大写：人民币叁仟元整），已追回 ¥1,000.00（大写：人民币壹仟元整），"
            "尚欠 ¥2,000.00（大写：人民币贰仟元整）")
    write_recoveries_pdf(tmp_path / "r.pdf", owed, 2022, "标题")
    assert "".join(said.split()) in _text(tmp_path / "r.pdf")
    write_recoveries_xlsx(tmp_path / "r.xlsx", owed, 2022, "标题")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["追回清单"]
    assert any(row[0] == said for row in ws.iter_rows(values_only=True))
