"""A 登记号 is written 项目6 / 专利12 (README, the window's searches): `panel qualify --pass
项目3`, `panel assign --project 项目11` and `publicity object 项目2` said 2022 年度没有名称含
“项目3”的项目 while `pay accept 项目7`, `audit --ref 项目11` and `print approval --ref 项目3`
took it. Every command that takes an application now reads one as ``app_refs`` does —
full-width and with spaces as the window's search takes them — and a patent's 专利N where
a project is wanted is refused saying so."""

from __future__ import annotations

import pytest

from boostdesk.app_refs import id_ref, project_number, stream_and_id
from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.past_list import find_project
from boostdesk.ui.queries import search_terms, split_refs
from boostdesk.validate import ValidationError


@pytest.mark.parametrize(("typed", "read"), [
    ("项目6", (PROJECT, 6)), ("专利12", (PATENT, 12)), ("项目６", (PROJECT, 6)),
    ("项目 6", (PROJECT, 6)), (" 项目\u30006 ", (PROJECT, 6)), ("项目#6", (PROJECT, 6)),
    ("项目＃６", (PROJECT, 6)), ("项目登记号6", (PROJECT, 6)), ("专利１２", (PATENT, 12)),
    ("6", (None, 6)), ("６", (None, 6)),
    ("项目", None), ("项目6a", None), ("数控项目6", None), ("ZL202110123456.7", None),
    ("项目1234567890123456", None),  # 16 digits: no 登记号
])
def test_a_reference_is_read_one_way(typed, read):
    assert stream_and_id(typed) == read


def test_the_window_and_the_commands_read_a_reference_alike():
    texts, clauses = split_refs(search_terms("项目６ 王"), PROJECT)
    assert texts == ["王"] and clauses == [("ref", "a.id = ?", (6,))]
    assert split_refs(search_terms("专利６"), PROJECT)[1] == [("ref", "0", ())]
    assert split_refs(search_terms("6"), PROJECT) == (["6"], [])  # a bare number is text
    assert id_ref(PATENT, 12) == "专利12"


class _P:
    def __init__(self, app_id: int, title: str) -> None:
        self.id, self.title = app_id, title


def test_a_project_is_found_by_its_reference_and_a_patents_is_refused_in_words():
    projects = [_P(3, "数控机床热误差补偿"), _P(11, "嵌入式软件自动化测试平台"), _P(12, "项目12期")]
    assert find_project(projects, 2022, "项目3").id == 3
    assert find_project(projects, 2022, "项目 １１").id == 11
    assert find_project(projects, 2022, "11").id == 11
    assert find_project(projects, 2022, "热误差").id == 3
    with pytest.raises(ValidationError, match="“专利3”是专利的登记号，这里要的是创新项目：请写"
                                              "项目的登记号（如 项目3）或项目名称"):
        find_project(projects, 2022, "专利3")
    with pytest.raises(ValidationError, match="2022 年度没有登记号为 项目99 的项目"):
        find_project(projects, 2022, "项目99")
    assert find_project(projects, 2022, "项目12期").id == 12  # a title, not a 登记号
    assert project_number("项目12") == 12 and project_number("项目12期") is None


def test_ambiguous_fragments_name_the_projects_as_they_are_written():
    projects = [_P(3, "甲乙工艺"), _P(11, "甲丙工艺")]
    with pytest.raises(ValidationError, match="请用登记号指明：项目3 甲乙工艺；项目11 甲丙工艺"):
        find_project(projects, 2022, "工艺")


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def test_every_command_taking_a_project_takes_it_as_written(demo, capsys):
    db = ["--db", str(demo)]
    capsys.readouterr()
    assert main(["panel", "qualify", "项目31", "--pass", *db]) == 0
    assert "资格审核通过" in capsys.readouterr().out
    assert main(["panel", "assign", "--expert", "吴晓梅", "--project", "项目２１", *db]) == 0
    assert "已将项目“机电管线综合排布BIM深化设计应用”分配给专家“吴晓梅”" in capsys.readouterr().out
    assert main(["publicity", "object", "项目 14", "--date", "2022-12-28", "--by", "某职工",
                 "--content", "数据不实", *db]) == 0
    assert "已登记对项目“5G室内分布系统覆盖优化技术研究”的异议" in capsys.readouterr().out
    with Register.open(demo, operator="测试员") as reg:
        assert reg.project(31).status == "qualified"


@pytest.mark.parametrize("args", [
    ["panel", "qualify", "专利31", "--pass"],
    ["panel", "assign", "--expert", "吴晓梅", "--project", "专利21"],
    ["panel", "override", "专利21", "--tier", "none", "--reason", "试"],
    ["publicity", "object", "专利14", "--date", "2022-12-28", "--by", "某", "--content", "某"],
    ["publicity", "review", "专利14", "--keep", "--note", "试"],
    ["pay", "accept", "专利14", "--date", "2023-06-01"],
])
def test_a_patents_reference_where_a_project_is_wanted_is_refused_saying_so(demo, capsys, args):
    capsys.readouterr()
    assert main([*args, "--db", str(demo)]) == 1
    number = args[2] if args[2].startswith("专利") else args[args.index("--project") + 1]
    n = number.removeprefix("专利")
    assert f"“{number}”是专利的登记号，这里要的是创新项目：请写项目的登记号（如 项目{n}）或项目名称" in (
        capsys.readouterr().err)
