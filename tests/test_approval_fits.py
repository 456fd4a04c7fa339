"""审批表 with long names and texts: one page, every character inside its box."""

from __future__ import annotations

import subprocess
from dataclasses import replace

from test_printing import squash
from test_printing_edges import approve_patent, approve_project, pdf_words

from boostdesk.printing.approval import BOTTOM, load_sheets, write_approval_pdf
from boostdesk.printing.common import A4
from boostdesk.printing.samples import PRINTED_ON, YEAR

LONG_UNION = "中国铁路北京局集团有限公司北京供电段工会委员会暨北京市总工会直属产业工会联合会"
TITLE = "基于多源异构数据融合与深度强化学习的城市轨道交通牵引供电系统智能运维关键技术研究"


def text_of(pdf) -> str:
    return squash(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout)


def test_a_long_union_name_is_whole_in_the_tranche_table(reg, tmp_path):
    """The 分批拨付 table's column of the union's share is headed by its name: wrapped
    over as many lines as it takes, never cut to “…” on a sheet that is signed."""
    approve_project(reg, 100_000_00, union=LONG_UNION)
    pdf = tmp_path / "a.pdf"
    write_approval_pdf(pdf, load_sheets(reg, YEAR), printed_on=PRINTED_ON)
    text = text_of(pdf)
    assert "…" not in text
    # 推荐单位, 资金分担 and the table's header, each whole
    assert text.count(LONG_UNION) == 3


def test_a_very_long_title_keeps_the_sheet_on_one_page(reg, tmp_path):
    """A title pasted with its description (≈ 900 characters) sets the grid smaller than
    7.5 pt rather than pushing the federation's box, its seal and 经办人 off the paper."""
    approve_project(reg, 100_000_00, title=(TITLE * 30)[:900] + "尾字")
    pdf = tmp_path / "a.pdf"
    assert write_approval_pdf(pdf, load_sheets(reg, YEAR), printed_on=PRINTED_ON) == 1
    words = pdf_words(pdf, 1)
    signer = [w for w in words if w[4].startswith("经办人")]
    assert signer, "经办人 is not on the page"
    assert signer[0][3] <= A4[1] - BOTTOM
    assert "尾字" in text_of(pdf)


def test_a_long_hold_note_is_printed_whole(reg, tmp_path):
    """An award held since approval says why on the sheet, beside the seal: every finding
    of it, however many, smaller type rather than lines dropped after the fourth."""
    approve_patent(reg, 3000_00)
    sheet = load_sheets(reg, YEAR)[0]
    why = "；".join(f"第{k}条核对意见：授权公告日不在本年度助推范围内（方案一（二）1）"
                   for k in range(1, 9))
    pdf = tmp_path / "a.pdf"
    write_approval_pdf(pdf, [replace(sheet, hold=why)], printed_on=PRINTED_ON)
    text = text_of(pdf)
    assert "第8条核对意见" in text
    assert "暂缓拨付，待复核。" in text
    bottom = [w for w in pdf_words(pdf, 1) if w[4].startswith("经办人")][0]
    note = [w for w in pdf_words(pdf, 1) if "待复核" in w[4]][0]
    assert note[3] < bottom[1]  # above 经办人, not over it
