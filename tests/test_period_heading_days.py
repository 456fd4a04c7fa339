"""A period's 拨付清单 (`print payments --from/--to`, 打印's 拨付日期 从/至) and `stats
--paid-in`'s 拨付金额 table headed their days 2023-01-05 至 2023-02-15, where every other
printed document writes a day 2023年1月5日 (printing.common.cn_date). The period's words
(paid_in.Period.label) now say its days so; a whole month or year stays 2023年1月 / 2023年,
and the days as typed (Period.days: the command line's messages, the screens) stay ISO."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest
from PySide6.QtTest import QTest
from test_ui_support import year_context

from boostdesk.cli import main
from boostdesk.paid_in import Period
from boostdesk.printing.jobs import PAYMENTS
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.print_screen import PrintScreen
from tests.test_paid_ledger import _register_file


def _squashed_pdf(pdf) -> str:
    """pdftotext keeps or drops the blanks between Chinese and digits: compared without."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return "".join(text.split())


def test_a_periods_words_write_its_days_as_the_documents_do():
    assert Period(date(2023, 1, 5), date(2023, 2, 15)).label == "2023年1月5日至2023年2月15日"
    assert Period(date(2023, 1, 5), date.max).label == "2023年1月5日及以后"
    assert Period(date.min, date(2023, 2, 15)).label == "2023年2月15日及以前"
    assert Period(date(2023, 1, 1), date(2023, 1, 31)).label == "2023年1月"
    assert Period(date(2023, 1, 1), date(2023, 12, 31)).label == "2023年"
    # the days as typed, for the command line's messages and the screens' notes
    assert Period(date(2023, 1, 5), date(2023, 2, 15)).days == "2023-01-05 至 2023-02-15"
    assert Period(date(2023, 1, 5), date.max).days == "2023-01-05 及以后"


@pytest.mark.parametrize(("typed", "heading"), [
    (["--from", "2023-01-05", "--to", "2023-02-15"], "拨付日期：2023年1月5日至2023年2月15日"),
    (["--from", "2023-01-05"], "拨付日期：2023年1月5日及以后"),
])
def test_print_payments_heads_a_period_of_days_in_words(tmp_path, capsys, typed, heading):
    db = str(_register_file(tmp_path))
    out = tmp_path / "本期.pdf"
    assert main(["--db", db, "print", "payments", *typed, "--payer", "市总工会",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    text = _squashed_pdf(out)
    assert heading in text, text[:400]
    assert "2023-01-05" not in text


def test_stats_paid_in_titles_its_days_in_words(tmp_path, capsys):
    db = str(_register_file(tmp_path))
    title = "拨付金额（2023年1月5日至2023年2月15日，按拨付日期，跨申报年度）"
    assert main(["--db", db, "stats", "--paid-in", "2023-01-05..2023-02-15"]) == 0
    assert title in capsys.readouterr().out
    pdf, xlsx = tmp_path / "拨付.pdf", tmp_path / "拨付.xlsx"
    for out in (pdf, xlsx):
        assert main(["--db", db, "stats", "--from", "2023-01-05", "--to", "2023-02-15",
                     "--out", str(out)]) == 0
        assert title in capsys.readouterr().out  # 已导出… names it as it is titled
    text = _squashed_pdf(pdf)
    assert title in text and "2023-01-05" not in text
    ws = openpyxl.load_workbook(xlsx).active
    assert any(title in str(c.value) for row in ws.iter_rows(max_row=3) for c in row if c.value)


def test_the_windows_period_list_heads_its_days_in_words(reg, tmp_path, qtbot):
    fill_sample(reg)  # paid: a patent's federation share 2023-01-10, a project's 首笔 2023-02-20
    screen = PrintScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(PAYMENTS))
    QTest.keyClicks(screen.paid_from, "2023-01-05")
    QTest.keyClicks(screen.paid_to, "2023-02-25")
    assert screen.current_job().paid_in == Period(date(2023, 1, 5), date(2023, 2, 25))
    screen.generate()
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert screen.page_count >= 1 and not screen.error.text()
    out = tmp_path / "本期.pdf"
    screen.save_pdf_to(out)
    qtbot.waitUntil(out.exists, timeout=20_000)
    text = _squashed_pdf(out)
    assert "拨付日期：2023年1月5日至2023年2月25日" in text, text[:400]
    assert "2023-01-05" not in text and "2023-02-25" not in text
