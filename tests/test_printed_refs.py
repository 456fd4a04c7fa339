"""The 审批表 printed 登记号：1 for 专利1 and 项目1 alike, and the 核对意见 sent to a union
(which asks it to quote the 登记号) a bare 1 too: each is now written as the window and
every command take it back, 专利1 / 项目1."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date

from boostdesk.printing.approval import load_sheets, write_approval_pdf
from tests.test_printing_edges import approve_patent, approve_project

YEAR = 2022


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return ["".join(page.split()) for page in text.split("\f") if page.strip()]


def test_the_approval_sheet_and_its_annex_name_the_application_by_its_reference(
        reg, tmp_path):
    patent = approve_patent(reg, 3000_00)
    project = approve_project(reg, 100_000_00)
    assert patent == project == 1  # each stream numbers its own: 1 and 1
    sheets = {s.stream: s for s in load_sheets(reg, YEAR)}
    pdf = tmp_path / "a.pdf"
    # the project's 注 long enough for a 附页, which names the sheet it belongs to
    held = replace(sheets["project"], hold="；".join(f"第{k}条：核对有误，请复核" for k in range(400)))
    write_approval_pdf(pdf, [sheets["patent"], held], printed_on=date(2023, 1, 5))
    pages = _pages(pdf)
    assert "职工创新发明专利助推审批表" in pages[0] and "登记号：专利1" in pages[0]
    assert "登记号：项目1" in pages[1]
    annex = [p for p in pages if "审批表附页" in p]
    assert annex and all("登记号：项目1" in p and "项目名称：测试项目" in p for p in annex)
    assert not any(re.search(r"登记号：\d", p) for p in pages)
