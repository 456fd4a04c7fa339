"""Excel in and out as the office meets it: a union's table sent twice, the register's
summary exported and read back, exports that are cancelled or hold odd text."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    INVENTION,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register

WRONG_CHECK = INVENTION[:-1] + ("0" if INVENTION[-1] != "0" else "1")  # a typo in the last digit


def _count_patents(db) -> int:
    reg = Register.open(db, operator="测试员")
    try:
        return len(reg.patents(2022))
    finally:
        reg.close()


def test_a_union_table_sent_twice_does_not_store_a_patent_with_a_wrong_check_digit_twice(
        tmp_path, capsys):
    """The clerk imports a union's table, then the union sends it again (a corrected
    resend, or the same mail opened twice): every row is already registered, the row whose
    patent number fails its check digit too, and nothing is stored a second time."""
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1),
        patent_row(序号=2, 专利号=WRONG_CHECK, 专利名称="一种切割装置", 第一发明人="李四",
                   身份证号=ID_2),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) == 0
    assert _count_patents(db) == 2
    capsys.readouterr()

    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) != 0
    err = capsys.readouterr().err
    assert "第 3 行" in err and "第 4 行" in err
    assert f"专利 {WRONG_CHECK} 已登记" in err

    assert main(["import", str(table), "--db", db, "--operator", "测试员",
                 "--skip-bad-rows"]) != 0  # every row registered: nothing to import
    assert _count_patents(db) == 2


def test_the_same_wrong_number_twice_in_one_table_is_named_as_a_repeat(tmp_path, capsys):
    table = write_sheet(tmp_path / "海淀.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 专利号=WRONG_CHECK),
        patent_row(序号=2, 专利号=WRONG_CHECK.replace("ZL", "ZL ").lower(), 身份证号=ID_1),
    ])
    db = str(tmp_path / "register.db")
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) != 0
    assert "第 4 行：专利" in capsys.readouterr().err
    assert _count_patents(db) == 0
