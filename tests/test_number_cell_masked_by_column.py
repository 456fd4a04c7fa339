"""An ID number whose X was lost (11010519491231002X typed as 11010519491231002) is a
number to Excel: it keeps 15 significant digits, 11010519491231000 (1.10105E+16). The
import refuses it rightly, but named it masked as a card — 1101 **** **** * 1000, the
shape its 17 digits have — not as the ID its column holds, nor as the ID's own refusals say
a 17-digit ID (身份证号应为 18 位，实为 17 位：11*************02). And from 2**53 on, its digits
were the float's, not the cell's: a Hong Kong resident's 81000019800101123(X), held as
81000019800101100, was named 8100 **** **** * 1104. The refusal now names the digits the
cell holds (cell_readers.held_digits), masked as its column's number: an ID as an ID
(privacy.mask_id), a card as a card (an 18-digit card 6217 **** **** ** 8000, never as an
ID's 621700********8000)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.safety.privacy import mask_card_grouped, mask_id
from boostdesk.validate import ValidationError, check_resident_id

HELD = "11010519491231000"  # what Excel keeps of 11010519491231002(X): 15 digits, then 0s


def _cell_text(path, cell: str) -> str:
    import re
    import zipfile

    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    return re.search(rf'<c r="{cell}"[^>]*><v>([^<]*)</v>', xml)[1]


@pytest.mark.parametrize(("typed", "held"), [
    (11010519491231002, HELD),
    (81000019800101123, "81000019800101100"),  # not a float exactly: 81000019800101104
])
def test_an_id_that_lost_its_x_is_refused_masked_as_the_id_it_is(tmp_path, capsys, typed,
                                                                  held):
    excel = float(f"{typed:.15g}")  # as Excel stores the number typed: 15 significant digits
    path = write_sheet(tmp_path / "id.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(专利号=INVENTION_2, 身份证号=excel)])
    assert str(int(Decimal(_cell_text(path, "H3")))) == held  # what the cell holds
    [error] = read_table(path, 2022).errors
    assert (error.row, error.column) == (3, "身份证号")
    assert f"号码 {mask_id(held)} 存成了数字" in error.message, error.message
    assert mask_id(held) == held[:2] + "*" * 13 + "00"
    assert " **** " not in error.message and held not in error.message
    # as the ID's own refusal masks a 17-digit ID typed as text
    with pytest.raises(ValidationError) as refused:
        check_resident_id(held)
    assert mask_id(held) in refused.value.message
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err
    assert f"第 3 行“身份证号”：号码 {mask_id(held)} 存成了数字" in err and held not in err


def test_a_card_number_cell_is_masked_as_a_card_whatever_its_length(tmp_path):
    card = 621700001234567890  # 18 digits, as an ID has: Excel keeps 621700001234568000
    path = write_sheet(tmp_path / "card.xlsx", [
        PATENT_HEADERS, patent_row(工会会员互助服务卡号=card)])
    [error] = read_table(path, 2022).errors
    assert error.column == "工会会员互助服务卡号"
    kept = "621700001234568000"  # the float's own digits: 621700001234567936
    assert f"号码 {mask_card_grouped(kept)} 存成了数字" in error.message, error.message
    assert mask_id(kept) not in error.message and kept not in error.message
