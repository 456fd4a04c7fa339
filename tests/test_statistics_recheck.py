"""The office head's re-check of the year-end statistics: every column printed under the
part it belongs to (PDF and workbook), the money recovered in a period beside what was paid,
the money paid to a revoked award said on screen, 通过资格审核 rebuilt from its parts,
`pay list`'s 已拨付, totals that print, and the window's 年度对比 and 按拨付日期."""

from __future__ import annotations

import base64
import re
import subprocess
import zlib
from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from test_finance_screen import ctx as sample_ctx
from test_finance_screen import screen
from test_statistics import demo, demo_file, demo_reg
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.statistics import stream_table, year_statistics

__all__ = ["answers", "ctx", "demo", "demo_file", "demo_reg", "qsettings", "sample_ctx",
           "screen", "window"]

ALT = Qt.KeyboardModifier.AltModifier


def _revoke_one_paid_patent(reg, recovered_on: date | None = None):
    """A 2022 patent paid, then revoked; its federation part recovered on ``recovered_on``."""
    x = next(x for x in payment_lines(reg, 2022, stream="patent") if x.paid)
    revoke_paid_award(reg, "patent", x.app_id, max(x.paid_date, date(2023, 12, 1)),
                      "专利权被宣告无效")
    if recovered_on is not None:
        record_recovered(reg, "patent", x.app_id, "federation", recovered_on, "记-2023-0099")
    return [y for y in payment_lines(reg, 2022, stream="patent") if y.app_id == x.app_id]


# -- 2. every column under its part's title ------------------------------------------------
def _pages(pdf) -> list[str]:
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, n + 1)]


def test_every_stream_column_prints_under_the_title_of_its_own_part(demo_reg, tmp_path):
    """The handout put 尾款已拨付, the holds and 验收未通过 under （档次与工作室级别）, and stages
    under （助推与金额）: each page now names the parts of the columns it holds, a part cut
    over pages says 续, and every column is on one page, under its part."""
    from boostdesk.printing.statistics import write_statistics_pdf
    from boostdesk.statistics import stream_part

    _revoke_one_paid_patent(demo_reg)
    stats = year_statistics(demo_reg, 2022)
    pdf = tmp_path / "统计.pdf"
    write_statistics_pdf(pdf, stats)
    pages = _pages(pdf)
    for stream, name in (("patent", "专利助推"), ("project", "创新项目助推")):
        table = stream_table(stats, stream)
        columns = [c for c in table.columns if stream_part(c.key)]
        found: dict[str, list[set[str]]] = {c.key: [] for c in columns}
        for text in pages:
            heading = re.search(rf"{name}：按推荐工会（([^）]+)）", text)
            if heading is None:
                continue
            parts = {p.removesuffix("，续") for p in heading[1].split("、")}
            flat = "\n".join(line.strip() for line in text.splitlines() if line.strip())
            flat = re.sub(r"(?m)^推荐工会$", "|", flat)  # the union's, on every page
            # a header is whole lines (its cell's, wrapped); the longest first: 已拨付（元）
            # is also a piece of 首笔已拨付（元）
            for c in sorted(columns, key=lambda c: -len(c.header)):
                head = re.compile("^" + "\n?".join(map(re.escape, c.header)) + "$", re.M)
                while head.search(flat):
                    found[c.key].append(parts)
                    flat = head.sub("|", flat, count=1)
        for c in columns:
            assert found[c.key], (name, c.header)
            # on its pages (a table longer than a page: the same part again) under its part
            assert all(stream_part(c.key) in parts for parts in found[c.key]), \
                (name, c.header, stream_part(c.key), found[c.key])
    assert "创新项目助推：按推荐工会（拨付，续）" in "".join(pages)


def test_the_workbook_breaks_its_pages_between_parts_as_the_pdf_does(demo, tmp_path):
    """A page of a stream sheet holds whole parts, or one part's piece: never the end of
    拨付 beside 档次 (the pages a printer makes of the workbook, titled by nothing)."""
    from boostdesk.models import Register
    from boostdesk.statistics import stream_part

    out = tmp_path / "统计.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)

    reg = Register.open(demo, operator="统计员")
    reg_stats = year_statistics(reg, 2022)
    reg.close()
    for sheet in ("专利助推", "创新项目助推"):
        ws = wb[sheet]
        headers = [c.value for c in ws[3]]
        table = stream_table(reg_stats, "patent" if sheet == "专利助推" else "project")
        assert [c.header for c in table.columns] == headers
        parts = [stream_part(c.key) for c in table.columns]
        cuts = [1, *sorted(b.id for b in ws.col_breaks.brk), len(parts)]
        assert len(cuts) > 3
        pieces = [parts[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        for k, piece in enumerate(pieces):
            names = list(dict.fromkeys(piece))
            if len(names) > 1:  # several parts on a page: each whole
                for n in names:
                    assert parts.count(n) == piece.count(n), (sheet, k, names)


# -- 3. the money recovered in a period ------------------------------------------------------
def test_paid_in_says_what_was_recovered_in_the_period_and_each_payers_net(demo_reg):
    from boostdesk.paid_in import RECOVERED, paid_in_table, parse_period

    lines = _revoke_one_paid_patent(demo_reg, recovered_on=date(2023, 12, 20))
    back = next(x for x in lines if x.payer == "federation")
    left = [x for x in lines if x.payer != "federation"]
    table = paid_in_table(demo_reg, parse_period("2023"))
    keys = [c.key for c in table.columns]
    total = dict(zip(keys, table.rows[-1], strict=True))
    paid_2023 = [x for x in payment_lines(demo_reg) if x.paid and x.paid_date.year == 2023]
    assert total["amount"] == sum(x.amount_fen for x in paid_2023)
    # 尚欠 and 已追回 apart, of the lines paid in 2023
    assert total["to_recover"] == sum(x.amount_fen for x in left if x.paid_date.year == 2023)
    assert total["recovered"] == (back.amount_fen if back.paid_date.year == 2023 else 0)
    # recovered on 2023-12-20: a line of its own, by the day recovered; the net beside it
    recovered = [r for r in table.rows if r[2] == RECOVERED]
    assert [(r[0], r[1], r[3], r[keys.index("back")]) for r in recovered] == [
        ("2022年度", "专利助推", "市总工会", back.amount_fen)]
    assert total["back"] == back.amount_fen
    # 净拨付 as the period's 拨付清单 says it: sent less the bank's returns; the revoked
    # award's money come back is apart, not netted (stop 43: the two had differed)
    assert total["net"] == total["amount"] - total["returned"]
    # each payer's total across years and streams, adding up to the 合计
    payers = {r[0]: dict(zip(keys, r, strict=True)) for r in table.rows
              if r[0] in ("市总工会合计", "推荐工会合计")}
    assert set(payers) == {"市总工会合计", "推荐工会合计"}
    for key in ("amount", "returned", "back", "net", "to_recover", "recovered", "lines",
                "returned_lines", "back_lines"):
        assert payers["市总工会合计"][key] + payers["推荐工会合计"][key] == total[key]
    fed = sum(x.amount_fen for x in paid_2023 if x.payer == "federation")
    assert payers["市总工会合计"]["net"] == fed - payers["市总工会合计"]["returned"]
    # and not in a period the money came back outside of
    assert not [r for r in paid_in_table(demo_reg, parse_period("2023-11")).rows
                if r[2] == RECOVERED]


def test_a_period_whose_start_is_after_its_end_says_so(demo, capsys):
    assert main(["stats", "--db", str(demo), "--paid-in", "2024-01-01..2023-01-01"]) == 1
    err = capsys.readouterr().err
    assert "开始日期 2024-01-01 晚于结束日期 2023-01-01" in err and "无法识别" not in err


# -- 4. the money of a revoked award on the screen -------------------------------------------
def test_the_screen_says_the_money_paid_to_awards_revoked_since(demo, capsys):
    from boostdesk.models import Register
    from boostdesk.money import format_money

    reg = Register.open(demo, operator="财务")
    try:
        lines = _revoke_one_paid_patent(reg, recovered_on=date(2024, 1, 10))
    finally:
        reg.close()
    assert main(["stats", "--db", str(demo), "--year", "2022"]) == 0
    out = capsys.readouterr().out
    sent = sum(x.amount_fen for x in lines)
    back = sum(x.amount_fen for x in lines if x.payer == "federation")
    assert (f"撤销助推：1 项，已汇出 {format_money(sent)}（应追回，不计入已拨付），其中已追回 "
            f"{format_money(back)}、尚欠 {format_money(sent - back)}") in out
    assert out.count("撤销助推：") == 1  # the projects have none


# -- 5. 通过资格审核 rebuilt from its parts ------------------------------------------------------
def test_the_papers_withdrawn_after_passing_review_are_counted_apart(demo_reg):
    from boostdesk.panel.withdrawal import withdraw_application

    passed = demo_reg.scalar("SELECT min(id) FROM patent_applications WHERE campaign_id = 1"
                             " AND status = 'qualified'")
    withdraw_application(demo_reg, "patent", passed, date(2022, 12, 30),
                         demo_reg.patent(passed).unit_name,
                         "申报人已调离，单位来函撤回")
    table = stream_table(year_statistics(demo_reg, 2022), "patent")
    total = dict(zip((c.key for c in table.columns), table.rows[-1], strict=True))
    headers = {c.key: c.header for c in table.columns}
    assert headers["withdrawn_qualified"] == "其中推荐单位撤回（审核通过后）"
    assert total["withdrawn_qualified"] == 1
    stages = sum(v for k, v in total.items() if k.startswith("status:")
                 and k not in ("status:registered", "status:refused", "status:withdrawn"))
    assert total["qualified"] == stages + total["withdrawn_qualified"]


# -- 6. pay list's 已拨付 ----------------------------------------------------------------------
def test_pay_list_says_what_was_paid_as_the_payments_screen_does(screen):
    from boostdesk.commands.print_cmds import pay_list_totals

    said = re.search(r"已拨付 \d+ 笔 ¥[\d,.]+", re.sub(r"<[^>]+>", "", screen.summary.text()))
    assert said is not None
    assert f"；{said[0]}" in pay_list_totals(screen.lines, screen.today)


# -- 7. totals that print, a title that does not break ---------------------------------------
def _inflated(stream: bytes) -> bytes:
    """A page's content as reportlab writes it: deflated, in ASCII85 (ending ~>)."""
    stream = stream.strip()
    if stream.endswith(b"~>"):
        stream = base64.a85decode(stream[:-2])
    try:
        return zlib.decompressobj().decompress(stream)
    except zlib.error:
        return b""


def test_the_pdfs_totals_are_bold_on_a_grey_that_prints(demo_reg, tmp_path):
    from boostdesk.printing.statistics import write_statistics_pdf

    pdf = tmp_path / "统计.pdf"
    write_statistics_pdf(pdf, year_statistics(demo_reg, 2022))
    raw = pdf.read_bytes()
    content = b"".join(_inflated(m) for m in re.findall(
        rb"stream\r?\n(.*?)endstream", raw, re.S))
    assert re.search(rb"(0)?\.85 (0)?\.85 (0)?\.85 rg", content)  # the rows' shade
    assert b"2 Tr" in content  # their figures filled and stroked: bold


def test_the_workbooks_totals_are_shaded_and_its_titles_fit_their_line(demo, tmp_path):
    from boostdesk.io.export_statistics import TITLE_WIDTHS

    out = tmp_path / "统计.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    for ws in wb:
        last = ws.max_row
        assert ws.cell(last, 1).value == "合计" and ws.cell(last, 1).font.b
        assert ws.cell(last, 3).fill.fgColor.rgb.endswith("D9D9D9"), ws.title
        title = next(c for c in ws[1] if c.value)
        merged = next(r for r in ws.merged_cells.ranges if r.min_row == 1)
        span = sum(ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width
                   for j in range(merged.min_col, merged.max_col + 1))
        size = title.font.sz
        for line in title.value.split("\n"):  # each line whole on its line, none broken
            assert len(line) * TITLE_WIDTHS * size / 16 <= span, (ws.title, line, span)
        assert title.value.split("\n")[-1].endswith(("按推荐工会", "）", "领域", "总览")), \
            title.value


# -- 1. the window: 年度对比 and 按拨付日期 ----------------------------------------------------------
@pytest.fixture
def stats_window(ctx, window):
    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)
    return window


def _open_by_keys(qtbot, window):
    from boostdesk.ui.stats_export_dialog import StatsExportDialog

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_F, ALT, widget=window)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_S)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StatsExportDialog))
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()  # offscreen, the keyboard goes to no window by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def test_the_window_exports_a_comparison_and_the_money_paid_in_a_year_by_keys(
        stats_window, qtbot, tmp_path, monkeypatch):
    window = stats_window
    out = tmp_path / "统计.xlsx"
    asked = []

    def save_dialog(_parent, _title, start, *_rest):
        asked.append(start)
        return str(out), "Excel 工作簿 (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    dialog = _open_by_keys(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_C, ALT)  # 对比年度
    assert QApplication.focusWidget() is dialog.compare_box
    qtbot.keyClick(dialog.compare_box, Qt.Key.Key_Down)  # 不对比 → 2021年度
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)  # 按拨付日期
    assert QApplication.focusWidget() is dialog.paid_box
    while dialog.paid_box.currentText() != "2023年":
        qtbot.keyClick(dialog.paid_box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.paid_box, Qt.Key.Key_Return)  # Enter: 导出…
    qtbot.waitUntil(lambda: "已导出 2022 年度统计" in window.statusBar().currentMessage(),
                    timeout=30_000)
    assert "与 2021 年度对比" in window.statusBar().currentMessage()
    names = openpyxl.load_workbook(out).sheetnames
    assert names[:3] == ["总览", "专利助推", "创新项目助推"]
    assert names[-2:] == ["年度对比", "按拨付日期"]
    ws = openpyxl.load_workbook(out)["按拨付日期"]
    assert "拨付金额（2023年，按拨付日期" in next(c.value for c in ws[1] if c.value)

    # the next time: the same choice offered; a period typed; Esc leaves without a file
    dialog = _open_by_keys(qtbot, window)
    assert dialog.compare_box.currentText() == "2021年度"
    assert dialog.paid_box.currentText() == "2023年"
    qtbot.keyClick(dialog, Qt.Key.Key_P, ALT)
    qtbot.keyClick(dialog.paid_box, Qt.Key.Key_End)  # 指定期间…
    qtbot.keyClick(dialog, Qt.Key.Key_D, ALT)
    assert QApplication.focusWidget() is dialog.period_field
    qtbot.keyClicks(dialog.period_field, "2024-01-01..2023-01-01")
    qtbot.keyClick(dialog.period_field, Qt.Key.Key_Return)
    assert "晚于结束日期" in dialog.error.text() and dialog.isVisible()
    qtbot.keyClick(dialog.period_field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(asked) == 1


def test_the_window_without_extras_writes_the_years_tables_alone(
        stats_window, qtbot, tmp_path, monkeypatch):
    window = stats_window
    out = tmp_path / "统计.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a: (str(out), "PDF 打印稿 (*.pdf)")))
    dialog = _open_by_keys(qtbot, window)
    assert dialog.compare_box.currentText() == "不对比" and dialog.paid_box.currentText() == "不含"
    qtbot.keyClick(dialog.compare_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已导出 2022 年度统计：" in window.statusBar().currentMessage(),
                    timeout=30_000)
    text = "".join(_pages(out))
    assert "年度对比" not in text and "按拨付日期" not in text
