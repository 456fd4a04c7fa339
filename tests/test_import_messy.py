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



# -- amounts in the other unit -------------------------------------------------------
def _projects(tmp_path, name, headers, rows):
    from fixtures.summary_sheets import project_row

    return write_sheet(tmp_path / name, [headers, *(
        project_row(项目名称=f"项目{i}", **{"项目总投入（万元）": budget, "申请助推金额（万元）": asked})
        for i, (budget, asked) in enumerate(rows))])


def test_yuan_typed_under_a_wan_header_is_refused_not_stored_ten_thousand_times(tmp_path, capsys):
    """300000 and 100000 under （万元） are 30亿 and 10亿: an award none of the plan's tiers
    and a budget that passes the 50 % cap whatever is asked. Refused by row and column."""
    from fixtures.summary_sheets import PROJECT_HEADERS

    from boostdesk.models import plan_2022

    path = _projects(tmp_path, "yuan.xlsx", PROJECT_HEADERS,
                     [(30, 10), (300000, 100000), ("¥300,000", 10), (30, "100,000")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.rows == [2]
    cells = [(e.row, e.column) for e in preview.errors]
    assert cells == [(3, "项目总投入（万元）"), (3, "申请助推金额（万元）"),
                     (4, "项目总投入（万元）"), (5, "申请助推金额（万元）")]
    asked = preview.errors[1].message
    assert "¥1,000,000,000.00" in asked and "最高档 ¥100,000.00" in asked and "（元）" in asked
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    assert "第 3 行“申请助推金额（万元）”" in capsys.readouterr().err
    with Register.open(db) as reg:
        assert counts(reg) == ZERO


def test_wan_typed_under_a_yuan_header_is_refused(tmp_path):
    """30 and 10 under （元）: a 10-元 request and a budget whose half is below every tier
    would refuse the project outright."""
    from fixtures.summary_sheets import PROJECT_HEADERS

    from boostdesk.models import plan_2022

    headers = [h.replace("（万元）", "（元）") for h in PROJECT_HEADERS]
    path = _projects(tmp_path, "wan.xlsx", headers,
                     [(300000, 100000), (30, 10), ("30万", "10万元")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.rows == [2, 4]
    assert [r.requested_fen for r in preview.records] == [100000_00] * 2
    assert [(e.row, e.column) for e in preview.errors] == [
        (3, "项目总投入（元）"), (3, "申请助推金额（元）")]
    assert "最低档 ¥30,000.00" in preview.errors[1].message
    assert "（万元）" in preview.errors[1].message
