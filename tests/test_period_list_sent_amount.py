"""Finance's finding: a period's 拨付清单 (`print payments --paid-in`: the money already
sent) headed its amounts 应拨金额（元）; they are the transfers sent, 拨付金额（元）, in the
PDF and the workbook. The list to pay keeps 应拨金额."""

from __future__ import annotations

import subprocess

from openpyxl import load_workbook
from test_payee_redirect import _repaid

from boostdesk.cli import main
from boostdesk.printing.payments import HEADER_ROW


def _headers(path) -> list[str]:
    return [str(c.value or "") for c in load_workbook(path).worksheets[0][HEADER_ROW]]


def test_the_period_list_heads_its_amounts_as_sent(reg, tmp_path, capsys):
    _repaid(reg)
    db, pdf, xlsx = str(reg.path), tmp_path / "p.pdf", tmp_path / "p.xlsx"
    for out in (pdf, xlsx):
        assert main(["--db", db, "print", "payments", "--paid-in", "2023", "--out",
                     str(out)]) == 0, capsys.readouterr().err
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "拨付金额（元）" in text and "应拨金额" not in text
    assert "拨付金额（元）" in _headers(xlsx) and "应拨金额（元）" not in _headers(xlsx)


def test_the_list_to_pay_keeps_what_is_owed(reg, tmp_path, capsys):
    _repaid(reg)
    xlsx = tmp_path / "due.xlsx"
    assert main(["--db", str(reg.path), "print", "payments", "--tranche", "2",
                 "--include-paid", "--out", str(xlsx)]) == 0, capsys.readouterr().err
    assert "应拨金额（元）" in _headers(xlsx)
