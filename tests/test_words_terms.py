"""One name for one thing in every text the office reads: the window, the command line,
the printed papers and the workbooks (every string in boostdesk/, docstrings aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from boostdesk.cli import main

PACKAGE = Path(__file__).resolve().parent.parent / "boostdesk"
# A table's own headings are read in every wording a union may have used.
READS_VARIANTS = {"io/headers.py"}
# Wording not the register's or the plan's → the one used everywhere else.
ONE_NAME = {
    "登记簿": "登记册",
    "付款方": "付款单位",
    "笔次": "批次",
    "专利编号": "专利号",
    "所属行业": "所属领域",  # the plan's 产业发展领域; the forms and the detail pane say 领域
    "工作室负责人": "领衔人",  # the expert package's overview and its conflict note
    "推荐单位工会": "推荐工会",  # a payer in the audit trail; 拨付 and the statistics: 推荐工会
}


def user_strings() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where in READS_VARIANTS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                    | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        found += [(where, node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings]
    return found


def test_each_thing_has_one_name_in_every_text_the_office_reads() -> None:
    """登记簿 once against 登记册 255 times; 付款方 and 笔次 in the audit trail against 付款单位
    and 批次 on 拨付 and the payment list; 所属行业 on the approval sheet and the exported
    summary against 所属领域 on the forms that fill it."""
    strings = user_strings()
    assert len(strings) > 1000  # (the scan reads the package)
    wrong = [f"{where}:{line}: {other} (→ {name}) in {text[:50]!r}"
             for where, line, text in strings for other, name in ONE_NAME.items()
             if other in text]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("year", ["1999", "二〇二二", "22"])
def test_a_year_out_of_range_is_told_the_range(year: str, tmp_path, capsys) -> None:
    """--year 1999 was told 年度应为四位数字: it is four digits."""
    assert main(["check", "--db", str(tmp_path / "r.db"), "--year", year]) == 1
    assert f"年度应为 2000 至 2100 年间的四位数字，如 2022，而不是“{year}”" in capsys.readouterr().err


def heading_lines(header: str, width_mm: float, size: float = 9) -> list[str]:
    """The lines a table's column heading is printed in."""
    from boostdesk.printing.common import PAD, Col, PagedTable

    table = PagedTable(cols=[Col(header, width_mm, "right")], rows=[], header_size=size)
    drawn = list(table.header_laid()[0].lines)
    cell = table.header_cells()[0]  # the paragraph it was printed as, the same lines
    cell.wrap(table.cols[0].width - 2 * PAD, 10_000)
    if cell.blPara.kind == 0:  # one font throughout: (room left, words) per line
        assert drawn == ["".join(words) for _room, words in cell.blPara.lines]
    return drawn


@pytest.mark.parametrize(("header", "width_mm", "lines"), [
    ("拟助推金额（元）", 22, ["拟助推金额", "（元）"]),  # the 公示 list's amounts
    ("核准助推金额（元）", 40, ["核准助推金额（元）"]),  # room for it on one line: kept
    ("序号", 10, ["序号"]),
])
def test_a_column_heading_breaks_before_its_unit_not_inside_it(header, width_mm, lines) -> None:
    """The 公示 list printed 拟助推金额（ over 元）."""
    assert heading_lines(header, width_mm) == lines


def test_the_findings_of_the_demo_read_as_chinese(reg) -> None:
    """What 核对 says of each paper: 卡号未通过 Luhn 校验 (a word no clerk knows),
    方案一（二）1只助推发明专利 (1只 read as “one piece”), 无法核对50% 上限."""
    from boostdesk.demo import fill_demo
    from boostdesk.rules import check_campaign

    fill_demo(reg)
    messages = {f.message for year in reg.campaign_years()
                for v in check_campaign(reg, year) for f in v.findings}
    assert len(messages) > 20
    wrong = []
    for m in sorted(messages):
        plain = re.sub(r"ZL[\dX.]+|\d{4}-\d\d-\d\d", "", m)
        if re.search(r"[A-Za-z]{3,}", plain):
            wrong.append(f"English: {m}")
        if re.search(r"）\d+[\u4e00-\u9fff]", m):
            wrong.append(f"a clause's number run into the next word: {m}")
        if re.search(r"[\u4e00-\u9fff]\d+%", m):
            wrong.append(f"a percentage run into the word before it: {m}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("stream", ["patent", "project"])
def test_the_summary_pdf_s_headings_break_between_words(reg, stream) -> None:
    """附件2/附件4 as PDF: 核准助推金 / 额 / （元）, 申请助推金 / 额, 第一发 / 明人, 生产 / 中应 / 用."""
    from boostdesk.demo import fill_demo
    from boostdesk.io.export_summary import PDF_HEADERS, build_summary

    fill_demo(reg)
    summary = build_summary(reg, stream, 2022)
    broken = []
    for c in summary.columns:
        if not c.pdf_mm or c.field == "seq":  # (序号's column is one character wide)
            continue
        lines = heading_lines(PDF_HEADERS.get(c.header, c.header), c.pdf_mm, 8)
        if any(len(line) == 1 for line in lines) or any(
                line.endswith("（") or line[:1] in "）元" for line in lines):
            broken.append(f"{c.header}: {' / '.join(lines)}")
    assert not broken, broken


def test_the_posted_list_prints_a_studio_s_level_on_one_line() -> None:
    """公示名单 PDF: 区/局/集团 over a lone 级 in a 20 mm column."""
    from boostdesk.panel.publicity_docs import pdf_columns
    from boostdesk.printing.common import PagedTable

    table = PagedTable(cols=pdf_columns(), rows=[], size=9)
    j = [c.header for c in table.cols].index("级别")
    for level in ("市级", "区/局/集团级"):
        assert len(table.laid(level, j).lines) == 1, level
    assert sum(c.width_mm for c in table.cols) == 180  # A4 upright less its margins
