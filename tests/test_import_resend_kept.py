"""A correction table of a registered row that 按表更新 would not take (its paper in
publicity, or every difference typed by hand since): the import says why and the real way
to correct it, never “加 --update-registered”; given the option, the final error repeats
why nothing was updated; the union's other papers are not named as perhaps withdrawn."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PROJECT

UNION = "北京市朝阳区总工会"
# the option's own suggestion (io_cmds), for a row it would take
SUGGESTED = "加 --update-registered 按表更新登记册"


def _projects(n: int) -> list[list[object]]:
    return [project_row(序号=i + 1, 工作室名称=f"{'甲乙丙丁戊'[i]}职工创新工作室", 项目名称=f"项目J0{i + 1}",
                        领衔人=f"{'甲乙丙丁戊'[i]}师傅")
            for i in range(n)]


def _in_publicity(tmp_path, capsys):
    """A union's five projects registered, its first in publicity; the union's one-row
    table correcting that project's 立项日期."""
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "朝阳区项目.xlsx", [PROJECT_HEADERS, *_projects(5)])
    assert main(["import", str(first), "--db", str(db), "--year", "2022"]) == 0
    with Register.open(db) as reg:
        for status in ("qualified", "review", "proposed", "publicized"):
            reg.set_status(PROJECT, 1, status)
        assert reg.project(1).status == "publicized"
    fix = write_sheet(tmp_path / "J01更正.xlsx", [
        PROJECT_HEADERS, replace_cell(_projects(1)[0], "立项日期", date(2022, 2, 1))])
    capsys.readouterr()
    return db, fix


def replace_cell(row: list[object], header: str, value: object) -> list[object]:
    out = list(row)
    out[PROJECT_HEADERS.index(header)] = value
    return out


def test_a_paper_in_publicity_is_not_sent_to_update_registered(tmp_path, capsys):
    db, fix = _in_publicity(tmp_path, capsys)
    assert main(["import", str(fix), "--db", str(db), "--year", "2022"]) == 1
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if line.strip().startswith("第 2 行"))
    assert "立项日期：登记册为“2022-03-01”，表中为“2022-02-01”" in row
    assert "该申报处于“公示”，不按表更新" in row
    # why, and the real route: the form (its trail), an objection where it bears on the award
    assert "公示名单按登记册公布" in row and "在“创新项目”中打开该申报更正" in row
    assert "在“公示”中登记为该项目的异议" in row
    assert SUGGESTED not in err
    assert "其中 1 行与登记册不同，但加 --update-registered 也不按表更新" in err
    # skipping the row leaves nothing to import: not offered
    assert "--skip-bad-rows" not in err
    with Register.open(db) as reg:
        assert reg.project(1).approval_date == date(2022, 3, 1)


def test_update_registered_says_why_nothing_was_updated(tmp_path, capsys):
    db, fix = _in_publicity(tmp_path, capsys)
    assert main(["import", str(fix), "--db", str(db), "--year", "2022",
                 "--update-registered"]) == 1
    err = capsys.readouterr().err
    final = err[err.index("错误："):]
    assert "没有新的申报可导入" in final
    assert "与登记册不同的 1 行未按表更新" in final
    assert "第 2 行：项目1 该申报处于“公示”，不按表更新（立项日期：登记册为“2022-03-01”" in final
    assert "在“公示”中登记为该项目的异议" in final
    with Register.open(db) as reg:
        assert reg.project(1).approval_date == date(2022, 3, 1)


def test_a_correction_table_names_none_of_the_unions_other_projects(tmp_path, capsys):
    db, fix = _in_publicity(tmp_path, capsys)
    main(["import", str(fix), "--db", str(db), "--year", "2022"])
    err = capsys.readouterr().err
    assert "不在本表中" not in err and "boostdesk withdraw" not in err


def test_the_unions_whole_table_names_the_projects_it_lacks_under_one_heading(tmp_path, capsys):
    db, _fix = _in_publicity(tmp_path, capsys)
    whole = write_sheet(tmp_path / "朝阳区项目（再报）.xlsx", [PROJECT_HEADERS, *_projects(3)])
    main(["import", str(whole), "--db", str(db), "--year", "2022"])
    err = capsys.readouterr().err
    assert err.count("不在本表中") == 1
    assert (f"提示：登记册中“{UNION}”2022 年度另有 2 项申报不在本表中（本表列出其已登记的 3 项）"
            in err)
    assert "\n  项目4（丁职工创新工作室，“项目J04”）\n  项目5（戊职工创新工作室，“项目J05”）\n" in err


def test_a_row_whose_differences_were_all_typed_by_hand_is_not_sent_to_the_option(
        tmp_path, capsys):
    """张三's phone corrected at the desk; his union's table still gives the old one: the
    option keeps what was typed by hand, so it takes nothing of the row."""
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, patent_row()])
    assert main(["import", str(first), "--db", str(db)]) == 0
    with Register.open(db, operator="王会计") as reg:
        [app] = reg.patents(2022)
        reg.save_patent(replace(app, phone="13911112222"))
    capsys.readouterr()
    assert main(["import", str(first), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert SUGGESTED not in err and "也不按表更新" in err
    assert main(["import", str(first), "--db", str(db), "--update-registered"]) == 1
    final = capsys.readouterr().err.split("错误：", 1)[1]
    assert "第 2 行：专利1 表中不同的各项都是登记后修改过的，保留登记册的（联系电话" in final
