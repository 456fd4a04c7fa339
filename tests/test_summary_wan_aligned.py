"""附件4 in 万元 with odd tier amounts printed 10.00001, 0.000005 and 22.001035 in one
column: exact, but ragged, the decimal points nowhere near each other. Each 万元 column's
figures now carry the decimals its most precise figure needs (two at least), right-aligned,
so the points line up — exactness kept — in the PDF and, by its number format, the
workbook."""

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


def test_the_award_column_lines_up_its_decimal_points_in_the_pdf(reg, tmp_path):
    s = _odd_summary(reg)
    assert wan_places(s)[AWARD] == 6
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, s)
    figures = {"10.000010", "0.000005", "1.000500", "30.000000", "41.000515"}
    found = [(x1, t) for _x0, x1, t in _words(pdf) if t in figures]
    assert {t for _, t in found} == figures, found  # the 合计 row too
    right = {round(x1, 1) for x1, _ in found}
    assert max(right) - min(right) < 0.5, found  # one right edge: the points in one line
    assert "10.00001" not in {t for _, _, t in _words(pdf)}


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
    """1,234.567891 万元 does not fit 项目总投入's 16 mm at 7.5 pt: set smaller alone, its
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
    wide, plain = boxes["1,234.567891"], boxes["60.000000"]
    assert abs(wide[0] - plain[0]) < 0.5  # one right edge
    assert abs(wide[1] - plain[1]) < 0.1  # one size: the points in one line
