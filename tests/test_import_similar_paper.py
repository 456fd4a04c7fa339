"""The same paper typed at the desk with a digit slip in its patent number and brackets in
its title, then in the union's table as the certificate has it (same person, union,
company, grant date): it was stored as his second application and judged 不合格 for
一人一年一次 — the wrong reason. The row now asks 可能是同一份申报, naming the registered
paper; stored as a new paper only on the clerk's word (--import-similar)."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import ID_1, PATENT_HEADERS, patent_no, patent_row, write_sheet

from boostdesk.cli import main
from boostdesk.io.duplicates import one_slip, similar_papers
from boostdesk.io.importer import read_table
from boostdesk.models import Register

TITLE = ["2022年职工创新发明专利助推汇总表"]
CERTIFICATE = patent_no("202110312321")
SLIP = patent_no("202110312312")  # two digits swapped at the desk (its check char fitting)


@pytest.mark.parametrize(("one", "other", "slip"), [
    ("202110312321", "202110312312", True), ("202110312321", "202110312320", True),
    ("202110312321", "202110312321", False), ("202110312321", "202110312123", False),
    ("202110312321", "20211031232", False)])
def test_one_key_off(one, other, slip):
    assert one_slip(one, other) is slip


def _typed(tmp_path, capsys):
    db = tmp_path / "r.db"
    desk = write_sheet(tmp_path / "desk.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市丰台区总工会", 专利号=SLIP, 专利名称="一种转向架（构架）焊接变形控制方法")])
    assert main(["import", str(desk), "--db", str(db)]) == 0
    capsys.readouterr()
    table = write_sheet(tmp_path / "丰台区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市丰台区总工会", 专利号=CERTIFICATE, 专利名称="一种转向架构架焊接变形控制方法")])
    return db, table


def test_the_same_paper_with_slips_is_asked_not_stored_a_second_time(tmp_path, capsys):
    db, table = _typed(tmp_path, capsys)
    assert main(["import", str(table), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if line.strip().startswith("第 3 行"))
    assert "可能是同一份申报：与已登记的专利1" in row and "专利号只差一位" in row
    assert "--import-similar" in err
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 1


def test_the_clerk_may_import_it_as_another_patent(tmp_path, capsys):
    db, table = _typed(tmp_path, capsys)
    assert main(["import", str(table), "--db", str(db), "--import-similar"]) == 0
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 2


def test_another_title_is_no_such_question(tmp_path, capsys):
    db, _table = _typed(tmp_path, capsys)
    other = write_sheet(tmp_path / "另一项.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市丰台区总工会", 专利号=CERTIFICATE, 专利名称="一种转向架轮对检测方法",
        身份证号=ID_1)])
    with Register.open(db) as reg:
        assert similar_papers(reg, read_table(other, 2022)) == {}


def test_an_invention_and_its_utility_model_are_two_patents(tmp_path, capsys):
    """Filed the same day under one title, their numbers one digit apart — the type digit."""
    db, _table = _typed(tmp_path, capsys)
    utility = write_sheet(tmp_path / "实用新型.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市丰台区总工会", 专利号=patent_no("202120312312"),
        专利名称="一种转向架构架焊接变形控制方法")])
    with Register.open(db) as reg:
        assert similar_papers(reg, read_table(utility, 2022)) == {}
