"""The project stream's clause numbers checked with the clauses they sit under, as the patent
conditions' are: a re-issued plan that inserts a section after 二（一） moves 二（二）1/2 to
二（三）1/2, 二（三） to 二（四）, the 流程 items to 二（五）…, and a year given some of those
numbers and not the others would cite two plans at once (its approval sheets 二（一）（三）,
its findings 2022's 二（二）1). 设置 and `campaign set` refuse it alike, naming both."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.campaign_settings import apply_settings, validate_campaign
from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.validate import ValidationError

__all__ = ["answers", "ctx", "qsettings", "window"]

# 2023's plan with a section inserted after 二（一） and a part before 相关要求
REISSUED = (
    ("clause_project_conditions", "二（一）（三）"), ("clause_project_approval", "二（三）1"),
    ("clause_project_studio", "二（三）2"), ("clause_project_award", "二（四）"),
    ("clause_project_city_award", "二（四）1"), ("clause_project_district_award", "二（四）2"),
    ("clause_project_materials", "二（五）1"), ("clause_project_review", "二（五）2"),
    ("clause_project_payment", "二（五）4"), ("clause_deadline", "四"))


def test_2022s_own_numbers_pass():
    assert validate_campaign(plan_2022()) == plan_2022()
    assert validate_campaign(plan_2022().for_year(2023)).clauses == {}


def test_2023s_project_stream_renumbered_whole_passes():
    c = apply_settings(plan_2022().for_year(2023), list(REISSUED))
    assert c.clause("project_approval") == "方案二（三）1"
    assert c.clause("project_review") == "方案二（五）2"
    assert c.clause("project_scope") == "方案二（一）"  # before the inserted section


def test_the_scope_moved_with_the_conditions_passes():
    """A section inserted before 二（一）: scope and conditions move together."""
    c = apply_settings(plan_2022().for_year(2023), [
        ("clause_project_scope", "二（二）"), ("clause_project_conditions", "二（二）（三）"),
        *REISSUED[1:]])
    assert c.clause("project_conditions") == "方案二（二）（三）"


@pytest.mark.parametrize(("pairs", "said"), [
    ([("clause_project_conditions", "二（一）（三）")],
     "立项年度、启动资金、完成时限为 二（二）1，不在项目助推范围与条件（审批表的资格审核意见） "
     "二（一）（三） 之下；新方案改了编号时，其下各项请一并照新方案填写（如 二（三）1）"),
    ([("clause_project_conditions", "二（一）（三）"), ("clause_project_approval", "二（三）1")],
     "每个工作室申报与获助推项数为 二（二）2，不在项目助推范围与条件（审批表的资格审核意见） "
     "二（一）（三） 之下"),
    ([("clause_project_scope", "二（二）")],
     "项目助推范围（往年助推未结题不能申报）为 二（二），不在项目助推范围与条件（审批表的资格审核意见） "
     "二（一）（二） 之下"),
    ([("clause_project_review", "二（五）2")],
     "项目申报材料为 二（四）1，专业评审为 二（五）2：2022 年方案中两者同在 二（四） 之下；"
     "新方案改了编号时，同在其下的各项请一并照新方案填写（如 二（五）1）"),
    (list(REISSUED[:-2]),
     "分期拨付与结题验收为 二（四）4，项目申报材料为 二（五）1：2022 年方案中两者同在 二（四） 之下"),
    ([("clause_patent_subject", "二（一）")],
     "专利助推条件（审批表的资格审核意见）为 一（二），专利助推对象（第一发明人）为 二（一）："
     "2022 年方案中两者同属 一、 这一部分"),
], ids=["conditions-alone", "one-condition-left", "scope-alone", "one-procedure-item",
        "procedure-item-left-behind", "patent-clause-into-part-two"])
def test_a_project_clause_renumbered_apart_from_its_heading_is_refused(pairs, said):
    with pytest.raises(ValidationError) as raised:
        apply_settings(plan_2022().for_year(2023), pairs)
    assert said in raised.value.message


def test_campaign_set_refuses_a_procedure_item_alone_and_stores_the_whole(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    with Register.open(db, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
    args = ["--db", db, "--operator", "测试员"]
    assert main(["campaign", "set", "--year", "2023", "clause_project_review=二（五）2",
                 *args]) != 0
    err = capsys.readouterr().err
    assert "项目申报材料为 二（四）1，专业评审为 二（五）2" in err and "如 二（五）1" in err
    with Register.open(db, operator="测试员") as reg:
        assert reg.campaign(2023).clauses == {}
    assert main(["campaign", "set", "--year", "2023",
                 *(f"{key}={number}" for key, number in REISSUED), *args]) == 0, \
        capsys.readouterr().err
    with Register.open(db, operator="测试员") as reg:
        assert reg.campaign(2023).clause("project_payment") == "方案二（五）4"
        assert reg.campaign(2022) == plan_2022()


def test_settings_refuses_the_conditions_renumbered_without_their_items(
        window, reg, ctx, answers, qtbot):
    from test_ui_support import type_text

    reg.save_campaign(plan_2022().for_year(2023))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    save = screen.campaign_bar.findChild(QPushButton, "save_campaign")

    def retype(key: str, number: str) -> None:
        field = screen.clause_fields[key.removeprefix("clause_")]
        field.selectAll()
        type_text(qtbot, number, field)

    retype("project_conditions", "二（一）（三）")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    said = screen.campaign_message.text()
    assert "立项年度、启动资金、完成时限为 二（二）1，不在项目助推范围与条件" in said
    assert "如 二（三）1" in said
    assert reg.campaign(2023).clauses == {}

    for key, number in REISSUED[1:]:
        retype(key, number)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "已保存 2023 年度计划" in screen.campaign_message.text()
    assert reg.campaign(2023).clause("project_studio") == "方案二（三）2"
