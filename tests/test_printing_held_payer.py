"""A union whose only line of the batch is held (暂缓拨付) by a late objection: the printed
payment lists named the federation's held part but not the union's, which had no page at
all, so the union's finance never heard of its part of the approved award."""

from __future__ import annotations

from datetime import date

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import close_publicity, record_objection, start_publicity
from boostdesk.printing.payments import (
    build_payment_lists,
    write_payments_pdf,
    write_payments_xlsx,
)
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def test_a_unions_held_part_is_named_on_its_own_list(reg, tmp_path):
    a = make_project(reg, "市级甲项目", "工作室甲", CITY, unit="海淀区总工会")
    b = make_project(reg, "区级乙项目", "工作室乙", DISTRICT, unit="朝阳区总工会")
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    record_objection(reg, b, date(2022, 12, 26), "某职工", "项目数据不实")

    lists = {pl.payer_name: pl for pl in build_payment_lists(reg, YEAR, 1)}
    assert "朝阳区总工会" in lists, list(lists)
    chaoyang = lists["朝阳区总工会"]
    assert chaoyang.lines == [] and chaoyang.total == 0
    assert chaoyang.held_note.startswith("1 笔 ") and "区级乙项目" in chaoyang.held_note
    # both copies print it (a page with the note and nothing to pay, a sheet likewise)
    pdf, xlsx = tmp_path / "p.pdf", tmp_path / "p.xlsx"
    write_payments_pdf(pdf, list(lists.values()))
    write_payments_xlsx(xlsx, list(lists.values()))
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.count("区级乙项目") == 2  # the federation's part and the union's
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx)["朝阳区总工会"]
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "区级乙项目" in cells and "暂缓拨付" in cells
