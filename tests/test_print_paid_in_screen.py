"""打印 → 拨付清单 by paid day: finance printed the period's list (本期拨付, its 大写 and
the signature lines) only with `print payments --paid-in`; the window's 拨付日期 从/至 make
the same list."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_ui_support import year_context

from boostdesk.paid_in import Period, PeriodError, typed_period
from boostdesk.printing.jobs import PAYMENTS, PrintJob
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.print_screen import PrintScreen

SHOTS = "/tmp/s39/wt-fin-scratch"


@pytest.fixture
def screen(reg, tmp_path, qtbot):
    fill_sample(reg)  # paid: a patent's federation share 2023-01-10, a project's 首笔 2023-02-20
    w = PrintScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.document.setCurrentIndex(w.document.findData(PAYMENTS))
    return w


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_the_window_prints_the_period_payment_list(screen, qtbot, tmp_path):
    assert screen.paid_from.isVisible() and screen.paid_to.isVisible()
    QTest.keyClick(screen, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 拨付日期 从(&L)
    assert screen.paid_from.hasFocus()
    QTest.keyClicks(screen.paid_from, "2023-01")
    QTest.keyClick(screen, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 至(&M)
    assert screen.paid_to.hasFocus()
    QTest.keyClicks(screen.paid_to, "2023-01")
    assert not screen.unpaid.isEnabled()  # a period's list is of money sent
    job = screen.current_job()
    assert job.paid_in == Period(date(2023, 1, 1), date(2023, 1, 31))
    assert "拨付2023年1月" in job.file_stem()
    QTest.keyClick(screen.paid_to, Qt.Key.Key_Return)  # Enter makes the preview
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert screen.page_count >= 1 and not screen.error.text()
    screen.grab().save(f"{SHOTS}/print-paid-in.png")
    out = tmp_path / "本期.pdf"
    screen.save_pdf_to(out)
    qtbot.waitUntil(out.exists, timeout=20_000)
    text = _text(out)
    assert "本期拨付" in text and "大写" in text and "2023年1月10日" in text
    assert "2023-02-20" not in text  # the project's 首笔, paid in February
    # the same list as the command line makes
    cli = tmp_path / "cli.pdf"
    from boostdesk.cli import main

    # (所有年度 ticked and 各批次 chosen once a day is typed: without --year and --tranche)
    assert main(["print", "payments", "--db", str(screen.ctx.reg.path),
                 "--paid-in", "2023-01", "--out", str(cli)]) == 0
    strip = lambda t: [x for x in t.split() if "打印" not in x and not x[:4].isdigit()]  # noqa: E731
    assert strip(_text(cli)) == strip(text)


def test_days_written_wrong_or_reversed_are_said_and_nothing_is_made(screen, qtbot):
    screen.paid_from.setText("2023-03")
    screen.paid_to.setText("2023-01")
    screen.generate()
    assert "拨付日期从 2023-03-01 晚于至 2023-01-31" in screen.error.text()
    assert screen.page_count == 0 and not screen.ctx.busy
    screen.paid_from.setText("三月")
    screen.generate()
    assert "拨付日期从“三月”无法识别" in screen.error.text()
    screen.paid_from.setText("2024")
    screen.paid_to.clear()
    screen.generate()
    qtbot.waitUntil(lambda: bool(screen.error.text()), timeout=20_000)
    assert "没有拨付日期在 2024-01-01 及以后 的款项" in screen.error.text()
    screen.paid_from.clear()
    assert screen.unpaid.isEnabled() and screen.current_job().paid_in is None


def test_typed_period_reads_days_months_and_years_open_at_an_empty_end():
    assert typed_period("", "") is None
    assert typed_period("2025-01-15", "") == Period(date(2025, 1, 15), date.max)
    assert typed_period("", "2025") == Period(date.min, date(2025, 12, 31))
    assert typed_period("2025.1.5", "2025-02") == Period(date(2025, 1, 5), date(2025, 2, 28))
    with pytest.raises(PeriodError, match="至“2025-13”无法识别"):
        typed_period("2025", "2025-13")
    assert PrintJob(kind=PAYMENTS, year=YEAR).paid_in is None


def test_the_boxes_a_period_greys_show_no_tick_and_come_back_as_left(screen, qtbot):
    """With a 拨付日期 typed 只列尚未拨付的款项 was greyed yet still showed ✓ (read as in
    force), and 所有年度 started unticked while the command lists every year for a period:
    greyed boxes now show no tick, 所有年度 is ticked with a day typed unless the clerk
    unticked it, and each shows his choice again when it applies again."""
    assert screen.unpaid.isChecked() and not screen.all_years.isChecked()
    screen.paid_from.setText("2023")
    assert not screen.unpaid.isEnabled() and not screen.unpaid.isChecked()
    assert screen.all_years.isEnabled() and screen.all_years.isChecked()
    assert screen.current_job().all_years
    screen.paid_to.setText("2023-06")  # typed on: the boxes stay as they are
    assert screen.all_years.isChecked() and not screen.unpaid.isChecked()
    screen.all_years.click()  # the clerk wants the year in view's alone
    assert not screen.current_job().all_years
    screen.paid_from.clear()
    screen.paid_to.clear()
    assert screen.unpaid.isEnabled() and screen.unpaid.isChecked()  # restored
    assert not screen.all_years.isEnabled() and not screen.all_years.isChecked()
    assert screen.current_job().unpaid_only and not screen.current_job().all_years
    screen.unpaid.click()  # the clerk's own untick, kept over a period typed and cleared
    screen.paid_from.setText("2023")
    assert not screen.all_years.isChecked()  # he unticked it: as he left it
    screen.paid_from.clear()
    assert not screen.unpaid.isChecked()


def test_the_window_lists_every_tranche_of_a_period(screen):
    """print payments --paid-in without --tranche lists every tranche: 打印's 批次 offers
    各批次 with a 拨付日期 (only then), each line naming its 批次."""
    from boostdesk.printing.payments import ALL_TRANCHES
    from boostdesk.ui.print_screen import ALL_TRANCHES_ITEM

    at = screen.tranche.findText(ALL_TRANCHES_ITEM)
    item = screen.tranche.model().item(at)
    assert not item.isEnabled()  # a list to pay is of one tranche
    screen.paid_from.setText("2023")
    assert item.isEnabled()
    screen.tranche.setCurrentIndex(at)
    job = screen.current_job()
    assert job.tranche == 0 and "各批次" in job.file_stem()
    lists = job.payment_lists(screen.ctx.reg)
    assert {pl.tranche for pl in lists} == {ALL_TRANCHES}
    # the sample's rests are not paid: every tranche's list is the first's, to the fen
    first = replace(job, tranche=1).payment_lists(screen.ctx.reg)
    assert [(pl.payer_name, pl.total) for pl in lists] == \
        [(pl.payer_name, pl.total) for pl in first]
    assert {x.tranche for pl in lists for x in pl.lines} == {1}
    screen.all_years.click()  # the year in view's alone, every tranche
    assert {pl.years for pl in screen.current_job().payment_lists(screen.ctx.reg)} == {(YEAR,)}
    screen.paid_from.clear()
    assert screen.tranche.currentData() == 1 and not item.isEnabled()


def _pick(screen, data):
    """批次 chosen as the clerk does: Alt+T, then the arrow keys to the item."""
    QTest.keyClick(screen, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert screen.tranche.hasFocus()
    key = (Qt.Key.Key_Down if screen.tranche.findData(data) > screen.tranche.currentIndex()
           else Qt.Key.Key_Up)
    for _ in range(screen.tranche.count()):
        if screen.tranche.currentData() == data:
            return
        QTest.keyClick(screen.tranche, key)
    raise AssertionError(f"批次 {data} not reached: {screen.tranche.currentText()}")


def test_a_period_typed_lists_every_tranche_unless_the_clerk_picks_one(screen):
    """As print payments --paid-in lists every tranche without --tranche: typing a day
    sets 批次 to 各批次; a 批次 she picks with the days typed is kept over the days cleared
    and typed again, and the list by tranche keeps the one she picked for it."""
    _pick(screen, 2)  # the list to pay: 第二批
    QTest.keyClicks(screen.paid_from, "2023-01")
    assert screen.tranche.currentData() == 0 and screen.current_job().tranche == 0
    screen.paid_from.clear()
    assert screen.tranche.currentData() == 2  # the list by tranche as she left it
    QTest.keyClicks(screen.paid_to, "2023-02")
    assert screen.tranche.currentData() == 0
    _pick(screen, 1)  # her pick for the period: kept
    QTest.keyClicks(screen.paid_from, "2023-01")
    assert screen.tranche.currentData() == 1
    screen.paid_to.clear()
    screen.paid_from.clear()
    assert screen.tranche.currentData() == 2
    QTest.keyClicks(screen.paid_from, "2023")
    assert screen.tranche.currentData() == 1 and screen.current_job().tranche == 1
