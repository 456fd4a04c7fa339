"""A patent award of ¥3,333.33 split 1:1 is ¥1,666.67 and ¥1,666.66: the union's lines
read 1,666.66 with nothing said, where a checker halving 3,333.33 gets 1,666.67 and calls it
a fen short. Project lines said 含尾差 on the PDF only. Now every line whose share is not
the exact ratio says so — a patent's in 备注 with the award and its part (核准 3,333.33×1/2，
含尾差 -0.01), both streams' in the workbook's 备注 — and the rule itself stands in
`campaign show` and beside the split settings on 设置."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
from PySide6.QtWidgets import QLabel
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.printing.payments import (
    build_payment_lists,
    write_payments_pdf,
    write_payments_xlsx,
)
from tests.test_finance import add_patent, add_project

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

PATENT_NOTE = "核准 3,333.33×1/2，含尾差 -0.01"
DAY = date(2023, 1, 5)  # before the terms: no 已逾期 in 备注


def _remarks(path) -> dict[str, list[str]]:
    """Each sheet's 备注 cells, its data rows (the header row is 3)."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = [row for row in ws.iter_rows(min_row=4, values_only=True)
                if isinstance(row[0], int)]
        out[ws.title] = [str(row[13] or "") for row in rows]
    return out


def test_a_patent_share_off_its_ratio_says_so_on_the_list_and_in_the_workbook(reg, tmp_path):
    add_patent(reg, award=3333_33)
    lists = build_payment_lists(reg, 2022, 1)
    union = next(pl for pl in lists if pl.payer != "federation")
    federation = next(pl for pl in lists if pl.payer == "federation")
    assert [x.amount_fen for x in federation.lines + union.lines] == [1666_67, 1666_66]
    pdf = tmp_path / "清单.pdf"
    write_payments_pdf(pdf, [union])
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "".join(PATENT_NOTE.split()) in text, text
    pdf = tmp_path / "市总.pdf"
    write_payments_pdf(pdf, [federation])  # 1,666.67 is the half rounded: nothing to say
    assert "含尾差" not in subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                        capture_output=True, text=True).stdout
    remarks = _remarks(write_payments_xlsx(tmp_path / "清单.xlsx", lists, printed_on=DAY))
    assert remarks[union.payer_name] == [PATENT_NOTE], remarks
    assert remarks[federation.payer_name] == [""]


def test_a_project_tranche_off_its_ratio_says_so_in_the_workbook(reg, tmp_path):
    add_project(reg, award=99_999_99)
    union = next(pl for pl in build_payment_lists(reg, 2022, 1) if pl.payer != "federation")
    [line] = union.lines
    assert line.amount_fen == 29_999_99  # 60 % of 99,999.99 is 59,999.99, split 1:1
    remarks = _remarks(write_payments_xlsx(tmp_path / "清单.xlsx", [union], printed_on=DAY))
    assert remarks[union.payer_name] == ["核准 99,999.99×60%×1/2，含尾差 -0.01"], remarks


def test_campaign_show_states_the_rounding_rule(capsys, tmp_path):
    from boostdesk.campaign_settings import ROUNDING_RULE

    Register.open(tmp_path / "r.db", operator="测试员").close()  # (a command that reads refuses a register not there)
    assert main(["campaign", "show", "--db", str(tmp_path / "r.db")]) == 0
    out = capsys.readouterr().out
    assert f"分担与分期的取整：{ROUNDING_RULE}" in out
    assert "最大余数" in ROUNDING_RULE and "余数相同的归市总工会" in ROUNDING_RULE
    assert "首笔按比例四舍五入到分" in ROUNDING_RULE and "尾款为余下的全部" in ROUNDING_RULE


def test_the_settings_screen_states_it_beside_the_splits(window, qtbot):
    screen = window.screen_named("设置")  # shown
    label = screen.findChild(QLabel, "rounding_rule")
    assert label is not None and "最大余数" in label.text()
    # under the split settings, above the tiers: read with them
    split = screen.district_split.mapTo(screen, screen.district_split.rect().bottomLeft())
    tiers = screen.tier_view.mapTo(screen, screen.tier_view.rect().topLeft())
    at = label.mapTo(screen, label.rect().topLeft())
    assert split.y() <= at.y() <= tiers.y()
