"""Rows turned into the clipboard's text and HTML (boostdesk.io.copy_table), without a display:
what Excel, WPS, LibreOffice and a WeChat message get when a clerk copies rows of a list."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from boostdesk.io.copy_table import AS_DATE, AS_TEXT, both, cell_attributes, to_html, to_tsv

CARD = "6217000012345678901"  # 19 digits: Excel keeps 15 and shows 6.217E+18
ROW = ["1", "合格", "核准", "张三", "ZL202210123456.7", "一种焊缝检测装置", "北京市海淀区总工会",
       "2022-03-01", "¥12,345.00"]


class Grid(HTMLParser):
    """The cells of the HTML's table, as a spreadsheet reads them, with their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.attrs: list[list[dict[str, str | None]]] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
            self.attrs.append([])
        elif tag in ("td", "th"):
            self._cell = []
            self.attrs[-1].append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_rows_become_tab_separated_lines_with_no_blank_line_after_the_last():
    assert to_tsv([ROW, ROW]) == "\t".join(ROW) + "\n" + "\t".join(ROW)
    assert to_tsv([["张三"]]) == "张三"  # one cell into a message: just the name


def test_headers_come_first_when_asked_for():
    text = to_tsv([["1", "张三"]], headers=["登记号", "第一发明人"])
    assert text.splitlines() == ["登记号\t第一发明人", "1\t张三"]
    grid = Grid(to_html([["1", "张三"]], headers=["登记号", "第一发明人"]))
    assert grid.rows == [["登记号", "第一发明人"], ["1", "张三"]]


def test_a_tab_or_a_line_break_inside_a_cell_stays_in_its_cell():
    rows = [["1", "一种\t焊缝\n检测装置", "备注\r\n第二行"], ["2", "b", "c"]]
    text = to_tsv(rows)
    assert [line.split("\t") for line in text.split("\n")] == [
        ["1", "一种 焊缝 检测装置", "备注 第二行"], ["2", "b", "c"]]
    assert Grid(to_html(rows)).rows == [["1", "一种 焊缝 检测装置", "备注 第二行"],
                                        ["2", "b", "c"]]


def test_a_cell_starting_with_a_quote_is_quoted_so_it_swallows_no_cells():
    """Excel's paste reads a cell starting with " up to the next ": a title typed with an
    ASCII quote would take the cells and rows after it into one cell."""
    text = to_tsv([['"智能"巡检装置', "x"], ['"开头', "y"]])
    assert text == '"""智能""巡检装置"\tx\n"""开头"\ty'
    assert to_tsv([['一种"智能"装置']]) == '一种"智能"装置'  # a quote inside: as typed


def test_long_digit_strings_and_leading_zeros_paste_as_text():
    for cell in (CARD, "11010519491231002X", "202210123456.7", "ZL202210123456.7",
                 "0101", "13812345678", "1-2", "2022-03-01（逾期）", "110105********002X"):
        assert cell_attributes(cell) == AS_TEXT, cell
    grid = Grid(to_html([[CARD, "0101"]]))
    for attrs in grid.attrs[0]:
        assert attrs["style"] == "mso-number-format:'\\@'"  # Excel's and WPS's text format
        assert attrs["sdnum"] == "2052;0;@"  # LibreOffice's
    assert grid.rows == [[CARD, "0101"]]


def test_counts_scores_and_amounts_are_left_to_add_up_and_dates_stay_dates():
    for cell in ("1", "80000", "85.50", "-3", "12%", "¥12,345.00", "-¥5.00", "¥0.00"):
        assert cell_attributes(cell) == "", cell
    assert cell_attributes("2022-03-01") == AS_DATE  # a real date, shown 2022-03-01
    for cell in ("合格", "核准（暂缓拨付）", "张三", "北京市海淀区总工会"):
        assert cell_attributes(cell) == "", cell  # nothing for Excel to misread


def test_what_excel_would_take_for_a_formula_or_a_word_of_its_own_stays_text():
    for cell in ("=1+1", '=HYPERLINK("http://x","点")', "+86", "-", "@张三", "TRUE", "#N/A"):
        assert cell_attributes(cell) == AS_TEXT, cell


def test_markup_in_a_cell_is_text_not_html():
    rows = [["A<B 与 C>D 的比较", "张&李", "<b>王</b>"]]
    html = to_html(rows)
    assert "<b>王</b>" not in html
    assert Grid(html).rows == rows


def test_the_html_is_one_table_and_parses_into_the_grid_the_text_gives():
    rows = [ROW, ["2", "不合格", "已登记", "李四", "202210123456.7", 'x"y', "", "", ""],
            ["3", "", None, 7, CARD, "a\tb", "<i>", "2021-12-31", "¥0.00"]]
    text, html, count = both(iter(rows), headers=[f"列{i}" for i in range(9)])
    assert count == 3
    assert html.count("<table>") == 1 and html.count("</table>") == 1
    assert "<!--StartFragment-->" in html and "charset=utf-8" in html
    assert Grid(html).rows == [line.split("\t") for line in text.split("\n")]


def test_a_hundred_thousand_rows_are_made_in_seconds():
    import time

    rows = ([str(n), "合格", "核准", "张三", f"ZL2022101{n:05d}.7", "一种焊缝检测装置", "海淀区总工会",
             "2022-03-01", "¥12,345.00", "2022-05-01"] for n in range(100_000))
    start = time.perf_counter()
    text, html, count = both(rows)
    seconds = time.perf_counter() - start
    assert count == 100_000 and text.count("\n") == 99_999
    assert seconds < 10, seconds  # ≈ 1.4 s on the 2-core machine


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_calc_reads_the_html_as_shown(tmp_path):
    """Calc's HTML import (the one its paste uses): numbers stay text where they must."""
    from openpyxl import load_workbook

    cells = ["1", "ZL202210123456.7", "202210123456.7", CARD, "0101", "=1+1", "13812345678",
             "张三", "85.50"]
    (tmp_path / "copied.html").write_text(to_html([cells]), encoding="utf-8")
    run = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--infilter=HTML (StarCalc)", "--convert-to", "xlsx", "--outdir", str(tmp_path),
         str(tmp_path / "copied.html")], capture_output=True, text=True, timeout=180)
    assert (tmp_path / "copied.xlsx").exists(), run.stderr
    row = next(load_workbook(tmp_path / "copied.xlsx").active.iter_rows())
    assert [c.value for c in row] == [1, "ZL202210123456.7", "202210123456.7", CARD, "0101",
                                      "=1+1", "13812345678", "张三", 85.5]
    assert row[5].data_type == "s"  # text, not a formula
