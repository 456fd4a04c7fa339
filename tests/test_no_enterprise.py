"""Studios with no 所在单位 (a 附件4 has no such column): the command line says that 回避
cannot be checked for their projects — at `import`, `panel assign` and `panel status` —
rather than letting an expert from the project's enterprise be assigned without a word."""

from __future__ import annotations

import json

from fixtures.summary_sheets import PATENT_HEADERS, PROJECT_HEADERS, project_row, write_sheet
from test_import_batch import patents

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PROJECT

LINE = "未登记所在单位的工作室：“李四职工创新工作室”、“王五职工创新工作室”（表中没有所在单位）"


def _table(path, *leaders: str):
    return write_sheet(path, [PROJECT_HEADERS, *(
        project_row(序号=k + 1, 推荐单位="北京市丰台区总工会", 工作室名称=f"{n}职工创新工作室",
                    项目名称=f"丰台项目{k}", 领衔人=n) for k, n in enumerate(leaders))])


def test_importing_a_project_table_names_the_studios_with_no_enterprise(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "import", str(_table(tmp_path / "丰台.xlsx", "李四", "王五"))]) == 0
    out = capsys.readouterr().out
    assert LINE in out and "请在“工作室”中填写所在单位，填写前无法核对专家回避" in out


def test_a_folder_says_them_again_in_its_list_and_a_patent_table_never(tmp_path, capsys):
    folder = tmp_path / "收件"
    folder.mkdir()
    _table(folder / "01-丰台项目.xlsx", "李四", "王五")
    write_sheet(folder / "02-海淀.xlsx", [PATENT_HEADERS, *patents("北京市海淀区总工会", 100, 2)])
    assert main(["--db", str(tmp_path / "r.db"), "import", str(folder)]) == 0
    out = capsys.readouterr().out
    summary = out[out.index("共 2 个文件"):]
    assert LINE in summary
    patent_part = out[out.index("02-海淀.xlsx"):out.index("共 2 个文件")]
    assert "未登记所在单位" not in patent_part


def _assigned(tmp_path, capsys) -> tuple[str, str]:
    """丰台's two projects qualified, three experts, `panel assign --auto`: (stdout, stderr)."""
    db = str(tmp_path / "r.db")
    main(["--db", db, "import", str(_table(tmp_path / "丰台.xlsx", "李四", "王五"))])
    with Register.open(db, operator="t") as reg:
        for app in reg.projects():
            reg.set_status(PROJECT, app.id, "qualified")
    for name, org in (("甲", "北京丰台电力公司"), ("乙", "清华大学"), ("丙", "北京工业大学")):
        assert main(["--db", db, "panel", "expert", "add", name, "--org", org]) == 0
    capsys.readouterr()
    assert main(["--db", db, "panel", "assign", "--auto"]) == 0
    out, err = capsys.readouterr()
    return out, err


def test_auto_assigning_says_which_projects_it_could_not_check(tmp_path, capsys):
    _out, err = _assigned(tmp_path, capsys)
    assert ("提示：2 个项目的工作室未登记所在单位，无法核对专家回避（“丰台项目0”、“丰台项目1”）："
            "请在“工作室”中填写所在单位") in err
    # the command line keeps its own way to the setting
    assert f"（boostdesk --db {tmp_path / 'r.db'} panel settings --per-project N）" in err, err


def test_one_assignment_and_the_status_say_it_too(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    _assigned(tmp_path, capsys)
    assert main(["--db", db, "panel", "unassign", "--expert", "甲", "--project", "丰台项目0"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "panel", "assign", "--expert", "甲", "--project", "丰台项目0"]) == 0
    err = capsys.readouterr().err
    assert ("提示：项目“丰台项目0”的工作室未登记所在单位，无法核对专家回避（专家“甲”是否来自其所在单位）"
            in err)
    assert main(["--db", db, "panel", "status"]) == 0
    assert "2 个项目的工作室未登记所在单位，无法核对专家回避" in capsys.readouterr().out
    assert main(["--db", db, "panel", "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchecked"].startswith("2 个项目的工作室未登记所在单位")


def _exported(tmp_path, capsys) -> tuple[str, str]:
    """丰台's two projects assigned, their studios without 所在单位, `panel export`."""
    db = str(tmp_path / "r.db")
    _assigned(tmp_path, capsys)
    assert main(["--db", db, "panel", "export", "--out", str(tmp_path / "包")]) == 0
    out, err = capsys.readouterr()
    return out, err


def _guide(path) -> list[str]:
    import openpyxl

    from boostdesk.panel.package_sheets import GUIDE_SHEET

    return [v for (v,) in openpyxl.load_workbook(path)[GUIDE_SHEET].iter_rows(
        max_col=1, values_only=True) if v]


def test_exporting_packages_names_the_projects_whose_conflicts_went_unchecked(tmp_path, capsys):
    """The packages said nothing: an expert from 丰台项目0's enterprise scored it unawares."""
    _out, err = _exported(tmp_path, capsys)
    assert ("提示：评分包中 2 个项目的工作室未登记所在单位，无法核对专家回避（“丰台项目0”、“丰台项目1”）："
            "请在“工作室”中填写所在单位，填写后重新导出；包内“填写说明”已请专家对这些项目自行声明回避"
            in err)
    packages = sorted((tmp_path / "包").glob("*.xlsx"))
    assert packages
    for path in packages:  # each expert asked, in one line, of the projects of their own package
        from openpyxl import load_workbook

        from boostdesk.panel.package_sheets import SCORE_SHEET

        titles = [t for (t,) in load_workbook(path)[SCORE_SHEET].iter_rows(
            min_row=2, min_col=2, max_col=2, values_only=True) if t]
        (line,) = [v for v in _guide(path) if "无法核对专家回避" in v]
        assert "工作室未登记所在单位，无法核对专家回避，请您自行判断：" in line
        assert all(f"“{t}”" in line for t in titles) and "不要为其打分" in line


def test_packages_of_checked_projects_say_nothing_of_it(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    _assigned(tmp_path, capsys)
    with Register.open(db, operator="t") as reg:
        for app in reg.projects():
            reg.conn.execute("UPDATE studios SET enterprise_id = ? WHERE name = ?",
                             (reg.ensure_enterprise("北京丰台某公司", None), app.studio_name))
        reg.conn.commit()
        assert all(a.enterprise_name == "北京丰台某公司" for a in reg.projects())
    assert main(["--db", db, "panel", "export", "--out", str(tmp_path / "包")]) == 0
    assert "无法核对专家回避" not in "".join(capsys.readouterr())
    packages = list((tmp_path / "包").glob("*.xlsx"))
    assert packages
    for path in packages:
        assert not any("无法核对专家回避" in v for v in _guide(path))
