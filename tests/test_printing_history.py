"""A past year's approval sheet reprinted from a register loaded with that year's history:
what the sheet dates must be what happened then, not the day the history was typed in."""

from __future__ import annotations

from datetime import date

from test_finance import add_patent
from test_printing import pdf_text, squash

from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.printing.common import cn_date


def test_a_qualification_recorded_after_the_award_is_dated_as_recorded_late(reg, tmp_path):
    """IT loading 2022's outcomes today: the approval is dated 2022-12-15 as typed, the
    资格审核 only has the day it was recorded. The sheet said 资格审核通过（today） above a
    核准 of 2022, a qualification years after the award it led to."""
    add_patent(reg, approved=date(2022, 12, 15))
    pdf = tmp_path / "sheet.pdf"
    write_approval_pdf(pdf, load_sheets(reg, 2022))
    text = squash(pdf_text(pdf))
    assert f"资格审核通过（{cn_date(date.today())}补录）" in text


def test_a_qualification_before_the_award_keeps_its_own_day(reg, tmp_path):
    add_patent(reg, approved=date.today())
    pdf = tmp_path / "sheet.pdf"
    write_approval_pdf(pdf, load_sheets(reg, 2022))
    text = squash(pdf_text(pdf))
    assert f"资格审核通过（{cn_date(date.today())}）" in text
