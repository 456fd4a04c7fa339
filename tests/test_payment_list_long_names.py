"""In the payment list's 收款人 column 买买提·艾力 was set a little smaller on one line while
阿卜杜热合曼·买买提明 wrapped anywhere: 阿卜杜热 / 合曼·买买 / 提明, three pieces none of
which is a name. A name too long for one line even at the smallest size now breaks at its
middle dot, both lines at one size."""

from __future__ import annotations

import subprocess
from datetime import date

from boostdesk.printing.common import MIN_NAME_SIZE, PagedTable
from boostdesk.printing.fonts import register_fonts
from boostdesk.printing.payments import PATENT_COLS, build_payment_lists, write_payments_pdf
from tests.test_finance import add_patent

NAME_COL = [c.name for c in PATENT_COLS].index(True)


def test_a_long_transliterated_name_breaks_at_its_middle_dot():
    register_fonts()
    table = PagedTable(cols=PATENT_COLS, rows=[], size=8)
    text, size = table.sized("阿卜杜热合曼·买买提明", NAME_COL)
    assert text == "阿卜杜热合曼\n·买买提明" and size >= MIN_NAME_SIZE, (text, size)
    assert table.laid("阿卜杜热合曼·买买提明", NAME_COL).lines == ("阿卜杜热合曼", "·买买提明")
    # one that fits a little smaller stays whole on one line, as before
    text, size = table.sized("买买提·艾力", NAME_COL)
    assert text == "买买提·艾力" and MIN_NAME_SIZE <= size < 8
    assert table.sized("张三", NAME_COL) == ("张三", 8)


def test_the_printed_list_shows_the_two_halves(reg, tmp_path):
    add_patent(reg, name="阿卜杜热合曼·买买提明", id_number="653101199001011234")
    pdf = tmp_path / "清单.pdf"
    write_payments_pdf(pdf, build_payment_lists(reg, 2022, 1), printed_on=date(2023, 1, 5))
    lines = [line.strip() for line in subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
        text=True).stdout.splitlines()]
    assert any("阿卜杜热合曼" in line and "合曼·" not in line for line in lines), lines
    assert any(line.startswith("·买买提明") or " ·买买提明" in line for line in lines), lines
