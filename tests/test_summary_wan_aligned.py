"""附件4 in 万元 with odd tier amounts printed 10.00001, 0.000005 and 22.001035 in one
column: exact, but ragged, the decimal points nowhere near each other. Each 万元 column's
figures then carried the decimals its most precise figure needs, right-aligned — which
printed 10.000000 and 18.888888 万元, counted digit by digit by the finance officer. The
printed table is now in 万元 at two decimals where every amount is whole 百元 (as attachment
4's tiers are), else in 元 at two decimals (33,333.34, as vouchers and the 大写 write it):
exact, the points in one line. The workbook stays in 万元 (it is read back), by its number
format at the column's decimals."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from decimal import Decimal
from html import unescape

import openpyxl

from boostdesk.io.export_summary import (
    AWARD,
    build_summary,
    wan_places,
    wan_text,
    write_summary_xlsx,
)
from boostdesk.models.records import PROJECT
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.printing.summary import write_summary_pdf

ODD = [10_000_010, 5, 1_000_500, 30 * 10_000_00]  # fen: 10.00001, 0.000005, 1.0005, 30 万元


def _odd_summary(reg):
    fill_sample(reg)
    s = build_summary(reg, PROJECT, YEAR, approved_only=True)
    at = [c.field for c in s.columns].index(AWARD)
    rows = [list(s.rows[k % len(s.rows)]) for k in range(len(ODD))]
    for row, fen in zip(rows, ODD, strict=True):
        row[at] = fen
    return replace(s, rows=rows, totals={**s.totals, AWARD: sum(ODD)})


def _words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [(float(a), float(c), unescape(t)) for a, c, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)]


def test_a_wan_column_pads_to_its_most_precise_figure_and_stays_exact():
    assert wan_text(10_000_010) == "10.00001"  # alone: as many decimals as it needs
    assert wan_text(10_000_010, 6) == "10.000010" and wan_text(5, 6) == "0.000005"
    assert wan_text(30 * 10_000_00, 6) == "30.000000" and wan_text(312_345_67, 2) == "31.234567"
    for fen in ODD:  # padding never changes the figure
        assert Decimal(wan_text(fen, 6).replace(",", "")) * 1_000_000 == fen


def test_amounts_not_whole_in_wan_print_in_yuan_lined_up(reg, tmp_path):
    from boostdesk.io.export_summary import wan_exact

    s = _odd_summary(reg)
    assert wan_places(s)[AWARD] == 6 and not wan_exact(s)
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, s)
    figures = {"100,000.10", "0.05", "10,005.00", "300,000.00", "410,005.15"}
    words = {t for _, _, t in _words(pdf)}
    edge = max(x1 for _x0, x1, t in _words(pdf) if t == "410,005.15")  # the award's 合计
    found = {t for _x0, x1, t in _words(pdf) if t in figures and abs(x1 - edge) < 0.5}
    assert found == figures, found  # one right edge: the points in one line
    assert not words & {"10.000010", "30.000000", "41.000515", "10.00001"}
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())
    assert "金额单位：元" in text and "万元" not in text
    assert "核准助推金额合计：410,005.15元（" in text


def test_amounts_whole_in_wan_print_in_wan_at_two_decimals(reg, tmp_path):
    from boostdesk.io.export_summary import wan_exact

    fill_sample(reg)
    s = build_summary(reg, PROJECT, YEAR, approved_only=True)
    at = [c.field for c in s.columns].index(AWARD)
    money = [j for j, c in enumerate(s.columns) if c.money]
    whole = [10 * 10_000_00, 5_50 * 10_000, 30 * 10_000_00]  # 10, 5.5, 30 万元
    rows = [list(s.rows[k % len(s.rows)]) for k in range(len(whole))]
    for row, fen in zip(rows, whole, strict=True):
        for j in money:
            row[j] = fen
    s = replace(s, rows=rows, totals={c.field: sum(whole) for c in s.columns if c.money})
    assert wan_exact(s) and s.rows[0][at] == 10 * 10_000_00
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, s)
    words = {t for _, _, t in _words(pdf)}
    assert {"10.00", "5.50", "30.00", "45.50"} <= words, words
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())
    assert "金额单位：万元" in text and "核准助推金额合计：45.50万元（" in text


def test_the_workbook_shows_the_column_at_its_decimals(reg, tmp_path):
    s = _odd_summary(reg)
    xlsx = tmp_path / "s.xlsx"
    write_summary_xlsx(xlsx, s)
    ws = openpyxl.load_workbook(xlsx).active
    col = [c.field for c in s.columns].index(AWARD) + 1
    cells = [ws.cell(r, col) for r in range(3, 3 + len(ODD) + 1)]  # the rows and 合计
    assert [c.value for c in cells] == [float(Decimal(f) / 1_000_000) for f in [*ODD, sum(ODD)]]
    assert {c.number_format for c in cells} == {"#,##0.000000"}


def test_a_figure_too_wide_for_its_column_shrinks_the_whole_column_not_itself(reg, tmp_path):
    """12,345,678.91 元 does not fit 项目总投入's 20 mm at 7.5 pt: set smaller alone, its
    digits narrower, its point stood out of line with the column's; the column's figures
    now share the size of its widest."""
    s = _odd_summary(reg)
    at = [c.field for c in s.columns].index("total_budget_fen")
    rows = [list(r) for r in s.rows]
    rows[0][at] = 1_234_567_891_00 // 100  # 1,234.567891 万元
    rows[1][at] = 60 * 10_000_00
    s = replace(s, rows=rows, totals={**s.totals, "total_budget_fen": sum(r[at] for r in rows)})
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, s)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    boxes = {t: (float(x1), float(y1) - float(y0)) for y0, x1, y1, t in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)}
    wide, plain = boxes["12,345,678.91"], boxes["600,000.00"]
    assert abs(wide[0] - plain[0]) < 0.5  # one right edge
    assert abs(wide[1] - plain[1]) < 0.1  # one size: the points in one line
