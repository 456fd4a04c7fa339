"""Summary tables as unions really fill them in Excel or WPS: numbers typed into number
cells, amounts in the other unit, a studio's facts given otherwise than the register."""

from __future__ import annotations

from fixtures.summary_sheets import (
    CARD_2,
    ID_1,
    INVENTION_2,
    PATENT_HEADERS,
    ZERO,
    counts,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.models import Register


# -- numbers typed into number cells ------------------------------------------------
def test_an_id_number_typed_into_a_number_cell_is_refused_naming_the_row(tmp_path, capsys):
    """Excel keeps 15 significant digits: 110105198001010016 typed as a number is stored as
    110105198001010000 (shown 1.10105E+17). Stored, it would be another person."""
    path = write_sheet(tmp_path / "id.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(专利号=INVENTION_2, 身份证号=110105198001010000),
    ])
    preview = read_table(path, 2022)
    assert preview.rows == [2]
    [error] = preview.errors
    assert (error.row, error.column) == (3, "身份证号")
    assert "110105198001010000" in error.message and "文本格式" in error.message
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 3 行“身份证号”" in err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_a_card_number_that_lost_its_last_digits_is_refused(tmp_path):
    """6.21700001234567E+18: a 19-digit card typed as a number; a 16-digit one ending in 0
    after Excel's 15 digits. A 16-digit card a program wrote exactly is kept."""
    exact = int(CARD_2)  # 16 digits, below 2**53: a float holds it whole
    assert exact % 10 != 0
    path = write_sheet(tmp_path / "card.xlsx", [
        PATENT_HEADERS,
        patent_row(工会会员互助服务卡号=6.2170000123456789e18),
        patent_row(专利号=INVENTION_2, 工会会员互助服务卡号=6217000012345670),
        patent_row(专利号="ZL202110000002.0", 工会会员互助服务卡号=exact),
    ])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [
        (2, "工会会员互助服务卡号"), (3, "工会会员互助服务卡号")]
    assert preview.rows == [4] and preview.records[0].card_number == CARD_2


def test_an_id_with_lowercase_x_or_spaces_is_the_same_person(tmp_path):
    x_id = "11010519491231002X"
    path = write_sheet(tmp_path / "x.xlsx", [
        PATENT_HEADERS, patent_row(身份证号=x_id.lower()),
        patent_row(专利号=INVENTION_2, 身份证号=f" {ID_1[:6]} {ID_1[6:14]} {ID_1[14:]} "),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == []
    assert [r.id_number for r in preview.records] == [x_id, ID_1]

