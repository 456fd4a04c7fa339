"""Year statistics as of a day: `stats --year 2022` read in 2026 showed 已拨付 12,000 /
待拨付 0, 3,000 of it paid in 2023, and nothing in the year's tables said so; the year-end
figures could not be had again. `stats --as-of DATE` (and 导出年度统计's 截至日期) counts
only the transfers, bank returns and recovered sums dated on or before that day, titled
截至 …; without it, money paid after the year's end is said (其中 2023 年拨付 ¥…)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import QSettings
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT
from boostdesk.statistics import later_paid_line, stream_table, year_statistics
from tests.test_finance import add_patent
from tests.test_statistics import demo, demo_file, demo_reg

__all__ = ["answers", "ctx", "demo", "demo_file", "demo_reg", "qsettings", "window"]

YEAR_END = date(2022, 12, 31)


def _lines(reg, app_id):
    return {x.payer: x.id for x in payment_lines(reg, 2022, stream=PATENT) if x.app_id == app_id}


def _paid_across_years(reg) -> int:
    """A (3,000) paid in 2022; B's union share paid 2022-12-28 and sent back 2023-01-10
    (owed again now), its federation share paid 2023-02-01; C paid in 2022, revoked in
    2023, 1,000 of the federation's share recovered 2023-04-20. Returns C's id."""
    a = add_patent(reg)
    b = add_patent(reg, "李四", "110105198001010016", "朝阳区总工会", number="ZL202110654321.0")
    c = add_patent(reg, "王五", "110108198506123146", number="ZL202120987654.3")
    sync_plan(reg, 2022)
    la, lb, lc = _lines(reg, a), _lines(reg, b), _lines(reg, c)
    mark_all_paid(reg, [la["federation"], lc["federation"]], date(2022, 12, 20), "记-2212-001")
    mark_all_paid(reg, [la["union"], lc["union"]], date(2022, 12, 21), "海工-2212-01")
    mark_all_paid(reg, [lb["union"]], date(2022, 12, 28), "朝工-2212-03")
    return_payments(reg, [lb["union"]], date(2023, 1, 10), "户名不符")
    mark_all_paid(reg, [lb["federation"]], date(2023, 2, 1), "记-2302-004")
    revoke_paid_award(reg, PATENT, c, date(2023, 3, 10), "专利权被宣告无效")
    record_recovered(reg, PATENT, c, "federation", date(2023, 4, 20), "收-2304-003",
                     amount_fen=1000_00)
    return c


def test_as_of_counts_only_the_money_moved_by_that_day(reg):
    _paid_across_years(reg)
    now = year_statistics(reg, 2022).totals[PATENT]
    assert (now.paid_total, now.paid_by_payer) == (4500_00, [3000_00, 1500_00])
    assert now.recovered_fen == 1000_00
    then = year_statistics(reg, 2022, cutoff=YEAR_END)
    end = then.totals[PATENT]
    # B's union share was paid at the year's end (sent back only in January); its
    # federation share not yet sent: owed, to the fen. C, revoked 2023-03-10, was an
    # award then, paid whole: in 已拨付, nothing to recover yet
    assert (end.paid_total, end.paid_by_payer) == (7500_00, [3000_00, 4500_00])
    assert end.owed_total == 1500_00 and end.due_fen == 1500_00
    assert (end.approved, end.award_fen) == (3, 9000_00)
    assert (end.revoked, end.to_recover_fen, end.recovered_fen) == (0, 0, 0)
    april = year_statistics(reg, 2022, cutoff=date(2023, 4, 20)).totals[PATENT]
    assert (april.revoked, april.to_recover_fen, april.recovered_fen) == (1, 3000_00, 1000_00)
    assert (april.approved, april.paid_total) == (2, 4500_00)  # C apart, as now
    march = year_statistics(reg, 2022, cutoff=date(2023, 3, 9)).totals[PATENT]
    assert (march.revoked, march.approved) == (0, 3)  # the day before its revocation
    assert then.title.endswith("（截至 2022年12月31日）") and then.cutoff == YEAR_END
    assert "只计 2022-12-31 及以前" in stream_table(then, PATENT).note
    assert later_paid_line(then) == ""  # as of the year's end nothing later is in it


def test_without_as_of_money_paid_after_the_years_end_is_said(reg):
    _paid_across_years(reg)
    stats = year_statistics(reg, 2022)
    assert stats.later_paid[PATENT] == {2023: 1500_00}
    said = later_paid_line(stats)
    assert "其中 2023 年拨付 ¥1,500.00" in said and "见截至 2022-12-31 的统计" in said
    assert said in stream_table(stats, PATENT).note  # the workbook's line under the title
    assert "--as-of" not in stream_table(stats, PATENT).note  # read by people, not typed
    assert "--as-of 2022-12-31" in later_paid_line(stats, command=True)  # the CLI's own


def test_stats_command_takes_as_of(reg, tmp_path, capsys):
    _paid_across_years(reg)
    db = str(reg.path)
    assert main(["--db", db, "stats", "--year", "2022"]) == 0
    assert "注意：已拨付中含 2022 年度结束后拨付的款项：其中 2023 年拨付 ¥1,500.00" \
        in capsys.readouterr().out
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", "2022-12-31"]) == 0
    out = capsys.readouterr().out
    assert "年度统计（截至 2022年12月31日）" in out.splitlines()[0]
    assert "2023 年拨付" not in out
    xlsx = tmp_path / "年末.xlsx"
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", "2022-12-31",
                 "--out", str(xlsx)]) == 0
    assert "截至 2022年12月31日" in str(openpyxl.load_workbook(xlsx).properties.title)
    pdf = tmp_path / "年度.pdf"
    assert main(["--db", db, "stats", "--year", "2022", "--out", str(pdf)]) == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "其中2023年拨付¥1,500.00" in text
    assert main(["--db", db, "stats", "--as-of", "2022-13-01"]) == 1
    assert "--as-of 2022-13-01" in capsys.readouterr().err


def test_the_export_dialog_asks_for_the_as_of_day(tmp_path, qtbot):
    from boostdesk.ui.stats_export_dialog import StatsExportDialog

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    out = str(Path(tmp_path) / "统计.xlsx")
    dialog = StatsExportDialog(2022, [2022, 2023], [2022, 2023], settings, lambda _p: out)
    qtbot.addWidget(dialog)
    dialog.as_of_field.setText("2022-12-31")
    dialog.export_button.click()
    assert dialog.as_of == YEAR_END and dialog.path == out
    again = StatsExportDialog(2022, [2022], [], settings, lambda _p: out)
    qtbot.addWidget(again)
    assert again.as_of_field.text() == ""  # not kept: a stale day would leave money out
    again.as_of_field.setText("2022-02-30")
    again.export_button.click()
    assert again.as_of is None and "截至日期" in again.error.text()


def test_the_window_exports_the_statistics_as_of_the_day(ctx, window, qtbot, tmp_path):
    _paid_across_years(ctx.reg)
    ctx.set_year(2022)
    out = tmp_path / "年末.xlsx"
    window.export_statistics(str(out), as_of=YEAR_END)
    qtbot.waitUntil(lambda: "已导出 2022 年度统计" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert "截至 2022-12-31 的拨付" in window.statusBar().currentMessage()
    assert "截至 2022年12月31日" in str(openpyxl.load_workbook(out).properties.title)


# -- as of a day: the returns, the acceptances and the days it can be -------------------
def test_the_returned_note_counts_only_returns_by_that_day(reg, capsys):
    """`stats --as-of 2022-12-31` said 未拨付中含退汇待重拨 1 笔 ¥1,500.00 for a transfer
    sent back on 2023-01-10: as of the year's end it was paid."""
    _paid_across_years(reg)
    db = str(reg.path)
    assert main(["--db", db, "stats", "--year", "2022"]) == 0
    assert "未拨付中含退汇待重拨 1 笔 ¥1,500.00" in capsys.readouterr().out
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", "2022-12-31"]) == 0
    assert "退汇待重拨" not in capsys.readouterr().out
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", "2023-01-10"]) == 0
    assert "未拨付中含退汇待重拨 1 笔 ¥1,500.00" in capsys.readouterr().out


def _accepted_in_2023(reg) -> tuple[int, int]:
    """Two projects approved 2022-12-28, first tranches paid 2022-12-30; one accepted
    2023-06-01 (its rest paid 2023-07-03), the other failing its acceptance 2023-07-01.
    Returns each one's rest (the last tranche) in fen."""
    from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
    from boostdesk.models.records import PROJECT
    from tests.test_finance import add_project

    a = add_project(reg)
    b = add_project(reg, studio="王海劳模创新工作室", title="高炉布料优化", award=4 * 10_000_00)
    sync_plan(reg, 2022)
    first = [x.id for x in payment_lines(reg, 2022, stream=PROJECT) if x.tranche == 1]
    mark_all_paid(reg, first, date(2022, 12, 30), "记-2212-101")
    record_acceptance(reg, a, date(2023, 6, 1))
    record_failed_acceptance(reg, b, date(2023, 7, 1), "关键指标未达到立项要求")
    lines = payment_lines(reg, 2022, stream=PROJECT)
    rest = [x for x in lines if x.tranche == x.tranche_count]
    mark_all_paid(reg, [x.id for x in rest if x.app_id == a], date(2023, 7, 3), "记-2307-001")
    return (sum(x.amount_fen for x in rest if x.app_id == a),
            sum(x.amount_fen for x in rest if x.app_id == b))


def test_as_of_counts_an_acceptance_from_its_own_day(reg):
    """As of 2022-12-31 no project had been accepted: 待验收 is every rest, nothing is
    forfeited (the failure came in 2023), 待拨付 none."""
    from boostdesk.models.records import PROJECT

    rest_a, rest_b = _accepted_in_2023(reg)
    end = year_statistics(reg, 2022, cutoff=YEAR_END).totals[PROJECT]
    assert (end.awaiting_fen, end.due_fen, end.forfeited_fen) == (rest_a + rest_b, 0, 0)
    assert end.owed_total == rest_a + rest_b
    # accepted 2023-06-01, not yet paid, the failure still to come
    june = year_statistics(reg, 2022, cutoff=date(2023, 6, 15)).totals[PROJECT]
    assert (june.awaiting_fen, june.due_fen, june.forfeited_fen) == (rest_b, rest_a, 0)
    now = year_statistics(reg, 2022).totals[PROJECT]
    assert (now.awaiting_fen, now.due_fen, now.forfeited_fen) == (0, 0, rest_b)
    assert now.owed_total == 0


def test_as_of_refuses_a_day_after_today_or_before_the_plan(reg, capsys):
    _paid_across_years(reg)
    db = str(reg.path)
    issued = reg.campaign(2022).issued_date
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", "2030-01-01"]) == 1
    assert "在今天" in capsys.readouterr().err
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", "2020-01-01"]) == 1
    assert f"方案印发（{issued.isoformat()}）之前" in capsys.readouterr().err
    assert main(["--db", db, "stats", "--year", "2022", "--as-of", issued.isoformat()]) == 0
    from boostdesk.statistics import as_of_refusal

    today = date.today()
    assert as_of_refusal(reg.campaign(2022), today, today) == ""
    assert as_of_refusal(reg.campaign(2022), date(2026, 1, 2), date(2026, 1, 1))


def test_the_export_dialog_refuses_such_a_day(tmp_path, qtbot, reg):
    from boostdesk.statistics import as_of_refusal
    from boostdesk.ui.stats_export_dialog import StatsExportDialog

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    campaign = reg.campaign(2022)
    dialog = StatsExportDialog(2022, [2022], [], settings, lambda _p: "x.xlsx",
                               refusal=lambda day: as_of_refusal(campaign, day))
    qtbot.addWidget(dialog)
    dialog.as_of_field.setText("2020-01-01")
    dialog.export_button.click()
    assert dialog.as_of is None and "方案印发" in dialog.error.text()


def test_as_of_counts_an_objection_held_by_its_own_days(demo_reg):
    """暂缓拨付 as the objections stood at the day's end: one received 2022-12-27 and
    dismissed 2023-01-15 held the award on 2022-12-31 (not payable: out of 待拨付), not on
    2022-12-20 nor now."""
    reg = demo_reg
    app = reg.query("SELECT a.id, a.award_fen, u.name FROM project_applications a"
                    " JOIN units u ON u.id = a.unit_id JOIN campaigns c ON c.id = a.campaign_id"
                    " WHERE c.year = 2022 AND a.status = 'approved' ORDER BY a.id")[0]
    with reg.transaction():  # received in the period, entered after the close, dismissed
        period = reg.scalar("SELECT id FROM publicity_periods ORDER BY id LIMIT 1")
        reg.conn.execute("INSERT INTO objections (period_id, project_id, received_date, objector,"
                         " content, resolution, resolution_note, resolved_date) VALUES"
                         " (?, ?, '2022-12-27', '某职工', '数据不实', 'dismissed', '经核实不成立',"
                         " '2023-01-15')", (period, app["id"]))

    def row(cutoff):
        stats = year_statistics(reg, 2022, cutoff=cutoff)
        return {r.unit: r for r in stats.rows["project"]}[app["name"]]

    unheld = row(date(2022, 12, 20))
    held = row(YEAR_END)
    assert (unheld.held_fen, held.held_fen, row(None).held_fen) == (0, app["award_fen"], 0)
    unpaid = sum(x.amount_fen for x in payment_lines(reg, 2022, stream="project")
                 if x.app_id == app["id"] and x.tranche == 1)
    assert held.due_fen == unheld.due_fen - unpaid  # its first tranche not payable then
    assert held.owed_total == unheld.owed_total  # still owed, only held
