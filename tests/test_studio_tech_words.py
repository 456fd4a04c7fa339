"""熊德职工技术创新工作室 beside the registered 熊德职工创新工作室: one studio written two ways
(技术 before 创新 is a word papers add), noted at import as 雷霞创新工作室 is; a studio of
another kind (技能大师工作室, 技术攻关工作室) stays a studio of its own."""

from __future__ import annotations

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.cli import main
from boostdesk.models import CITY, Register, plan_2022
from boostdesk.models.records import ProjectApplication
from boostdesk.studio_names import NearIndex, StudioFacts, name_core


def test_technique_before_innovation_is_a_word_papers_add():
    assert name_core("熊德职工技术创新工作室") == name_core("熊德职工创新工作室") == "熊德"
    assert name_core("数控技术创新工作室") == name_core("数控创新工作室")


def test_studios_of_another_kind_are_not_near():
    index = NearIndex([StudioFacts(1, "熊德职工创新工作室", "", ""),
                       StudioFacts(2, "熊德技能大师工作室", "", ""),
                       StudioFacts(3, "熊德技术攻关工作室", "", "")])
    assert [n.studio.id for n in index.near("熊德职工技术创新工作室")] == [1]
    assert index.near("熊德技能大师工作室") == [] and index.near("技术创新工作室") == []


def test_the_import_notes_the_studio_written_with_technique(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_project(ProjectApplication(2022, title="高炉煤气余压发电优化",
                                            studio_name="熊德职工创新工作室", studio_level=CITY,
                                            leader="熊德", unit_name="北京市建设工会"))
    sheet = write_sheet(tmp_path / "j.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="熊德职工技术创新工作室", 领衔人="熊德", 项目名称="电池包液冷板焊接工艺",
        推荐单位="北京市建设工会")])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().err
    assert ("第 2 行：登记册中没有“熊德职工技术创新工作室”，但有名称只差“职工”“劳模”“技术”“创新”“工作室”"
            "、括号或空格的“熊德职工创新工作室”") in said, said
