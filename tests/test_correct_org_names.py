"""A union's or enterprise's name corrected to one with a date or a long run of digits in
it (a paper's fields run on into the box) is refused, as the form and the import refuse
it: 单位与人员's correction and ``boostdesk correct`` had registered such a name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.register_base import RegisterError


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("orgs") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo(demo_file, tmp_path) -> Path:
    db = tmp_path / "register.db"
    src, dst = sqlite3.connect(demo_file), sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    return db


def _names(db: Path, table: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute(f"SELECT name FROM {table}"))
    finally:
        conn.close()


@pytest.mark.parametrize("kind, old, new, table", [
    ("union", "朝阳区总工会", "朝阳区总工会2022-10-17张三", "units"),
    ("enterprise", "北京公交集团保修分公司", "北京公交集团保修分公司 13912345678", "enterprises"),
])
def test_the_command_refuses_a_run_on_name_and_changes_nothing(demo, capsys, kind, old, new,
                                                               table):
    before = _names(demo, table)
    assert main(["correct", kind, old, new, "--reason", "录错", "--db", str(demo)]) == 1
    err = capsys.readouterr().err
    assert "不像单位名称" in err  # the command checked it before the register did
    assert _names(demo, table) == before


def test_a_real_name_with_a_few_digits_is_still_corrected(demo, capsys):
    assert main(["correct", "union", "朝阳区总工会", "中国航天科工二院706所工会", "--reason", "录错",
                 "--db", str(demo)]) == 0
    assert "中国航天科工二院706所工会" in _names(demo, "units")


def test_merging_into_a_union_already_registered_is_not_checked_again(demo):
    """Only a name made anew is checked: a legacy name already in the register (typed
    before the check) can still take a misspelling merged into it."""
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE units SET name = '海淀区总工会20221017' WHERE name = '海淀区总工会'")
    conn.commit()
    conn.close()
    reg = Register.open(demo, operator="测试员")
    try:
        reg.rename_unit("朝阳区总工会", "海淀区总工会20221017", "同一工会")
        with pytest.raises(RegisterError, match="不像单位名称"):
            reg.rename_unit("海淀区总工会20221017", "海淀区总工会2022年10月", "录错")
    finally:
        reg.close()


@pytest.mark.parametrize("name", [
    "朝阳区总工会22-5-10", "朝阳区总工会22.5.10", "朝阳区总工会22年5月10日", "朝阳区总工会5月10日",
    "朝阳区总工会2022/05", "朝阳区总工会2022 05 10", "朝阳区总工会二〇二二年五月十日",
    "朝阳区总工会五月十日"])
def test_a_short_or_written_out_date_is_no_part_of_a_name(name):
    """The form reads 22-3-5 as a date: a name with it typed on was registered (the
    auditor's `correct union 朝阳区总工会 朝阳区总工会22-5-10`)."""
    from boostdesk.validate import ValidationError, check_org_name

    with pytest.raises(ValidationError, match="不像单位名称"):
        check_org_name(name)


@pytest.mark.parametrize("name", [
    "中国航天科工二院706所工会", "北京2022年冬奥会组委会工会", "五月花餐饮有限公司", "十月文艺出版社",
    "中铁十四局集团第2工程有限公司", "七一二厂工会", "（2021年改制）北京某某有限公司"])
def test_names_with_numbers_or_month_words_are_still_names(name):
    from boostdesk.validate import check_org_name

    assert check_org_name(name) == name
