"""A project paper without its studio's 所在单位 (二（四）4: the money goes to that
enterprise; 二（四）2: an expert from it withdraws) is caught at intake, not at 拨付.

A 2022 season (tester, project 17 马力创新工作室): saved in the form without 所在单位, it
was judged 合格 by `check`, qualified, adopted, published and approved; its 审批表 printed
所在单位 blank, the payment list a bare （未登记所在单位）, 待办 a normal 待拨付; only
`pay mark` stopped it."""

from __future__ import annotations

from datetime import date

import openpyxl
from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from test_rules_project import app as district_app
from test_ui_support import answers, ctx, qsettings

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.campaign import plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.rules import project as rules

__all__ = ["answers", "ctx", "qsettings"]  # fixtures

GAP = "缺少“所在单位”，无法核对专家回避（方案二（四）2）和拨付单位（方案二（四）4），请补充"


def test_a_paper_without_its_enterprise_lacks_a_fact_the_rules_need():
    c = plan_2022()
    without = district_app(enterprise_name="")
    [f] = [f for f in rules.intrinsic_findings(c, without) if f.code == "PROJECT_NO_ENTERPRISE"]
    assert (f.message, f.field, f.missing, f.blocking) == (GAP, "enterprise_name", True, False)
    # the campaign's judge (check, import) says the same
    assert rules.campaign_judge(c)(without) == rules.intrinsic_findings(c, without)
    assert not [
        f for f in rules.intrinsic_findings(c, district_app()) if f.code == "PROJECT_NO_ENTERPRISE"
    ]


def _imported(tmp_path, capsys, enterprise: str) -> str:
    db = str(tmp_path / "r.db")
    headers = [*PROJECT_HEADERS, "所在单位"]
    row = [*project_row(), enterprise]
    assert (
        main(["--db", db, "import", str(write_sheet(tmp_path / "朝阳.xlsx", [headers, row]))]) == 0
    )
    capsys.readouterr()
    assert main(["--db", db, "check"]) == 0
    return capsys.readouterr().out


def test_check_says_the_missing_enterprise_as_it_says_other_missing_facts(tmp_path, capsys):
    out = _imported(tmp_path, capsys, "")
    assert "数控机床精度补偿 李四职工创新工作室 待补材料" in out and GAP in out
    assert "待补材料 1 项" in out


def test_a_row_giving_its_enterprise_is_not_asked_for_it(tmp_path, capsys):
    out = _imported(tmp_path, capsys, "北京精工机床有限公司")
    assert "缺少“所在单位”" not in out and "待补材料 1 项" in out  # its materials, as before


def test_the_blank_table_offers_the_enterprise_after_the_plans_columns(tmp_path):
    """附件4's columns as the plan has them, then 所在单位 (and 所属领域): the studio's
    enterprise comes in with the table instead of every studio being 未登记所在单位."""
    from boostdesk.io.template import write_template

    path = write_template(tmp_path / "t.xlsx", "project", 2022)
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[2] if c.value]
    assert headers[: len(PROJECT_HEADERS)] == PROJECT_HEADERS
    assert headers[len(PROJECT_HEADERS) :] == ["所在单位", "所属领域"]
    for j, value in enumerate(project_row()[1:], start=2):  # filled in as a union fills it
        ws.cell(3, j, value)
    ws.cell(3, len(PROJECT_HEADERS) + 1, "北京精工机床有限公司")
    ws.parent.save(path)
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "import", str(path)]) == 0
    with Register.open(db, operator="t") as reg:
        [a] = reg.projects(2022)
        assert a.enterprise_name == "北京精工机床有限公司"


def test_qualification_asks_a_reason_to_pass_it(tmp_path, capsys):
    """Complete but for its 所在单位 (materials in, received in time): 资格审核通过 asks
    why, as for any other 待补材料; with the enterprise given it passes unasked."""
    db = str(tmp_path / "r.db")
    with Register.open(db, operator="t") as reg:
        reg.save_project(district_app(enterprise_name=""))
        reg.save_project(
            district_app(title="轨道车辆转向架检修工装", studio_name="转向架创新工作室")
        )
    assert main(["--db", db, "check"]) == 0
    capsys.readouterr()
    for title, refused in (
        ("轨道车辆空调机组检修工装研制", True),
        ("轨道车辆转向架检修工装", False),
    ):
        code = main(["--db", db, "panel", "qualify", "--pass", title, "--date", "2022-11-08"])
        assert (code != 0) is refused, title
        if refused:
            assert "所在单位" in capsys.readouterr().err
    with Register.open(db, operator="t") as reg:
        assert sorted(a.status for a in reg.projects(2022)) == ["qualified", "registered"]


def test_the_desk_lists_it_with_the_papers_lacking_material(tmp_path, capsys):
    _imported(tmp_path, capsys, "")
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "todo"]) == 0
    out = capsys.readouterr().out
    assert "待补材料：" + GAP in out


def test_the_form_says_it_and_saves_the_paper_incomplete(ctx, qtbot, answers):
    """马力创新工作室: an existing paper saved without 所在单位 (marked *) was 合格."""
    from boostdesk.ui.project_form import ProjectForm

    app_id = ctx.reg.save_project(
        district_app(received_date=date(2022, 10, 25), enterprise_name="")
    )  # as imported from 附件4
    form = ProjectForm(ctx, ctx.reg.project(app_id))
    qtbot.addWidget(form)
    form.show()
    form.editor("remarks").setText("已核对纸质申报书")  # a save that writes
    form.recheck()
    assert "待补材料" in form.verdict_label.text()
    assert GAP in form.findings_label.text()
    assert form.save()
    row = ctx.reg.conn.execute(
        "SELECT eligible, incomplete, findings FROM project_applications WHERE id = ?", (app_id,)
    ).fetchone()
    assert tuple(row[:2]) == (1, 1) and GAP in row[2]
    assert ctx.reg.project(app_id).stream == PROJECT


def test_the_desk_lists_a_project_past_qualification_whose_studio_has_none(tmp_path):
    """Passed at 资格审核 with a reason (or before the rule), it waits for no material and
    had no 待办 of its own until its payment lines came."""
    from boostdesk.todo import todo_list

    with Register.open(str(tmp_path / "r.db"), operator="t") as reg:
        bare = reg.save_project(district_app(enterprise_name=""))
        known = reg.save_project(
            district_app(title="轨道车辆转向架检修工装", studio_name="转向架创新工作室")
        )
        for app_id in (bare, known):
            reg.set_status(PROJECT, app_id, "qualified")
        group = todo_list(reg, date(2022, 11, 10), limit=None).group("no_enterprise")
        assert group is not None and [i.app_id for i in group.items] == [bare]
        [item] = group.items
        assert item.todo.startswith("所在单位未登记（资格审核通过）：助推资金拨付至该单位")
        assert item.where == "工作室 → 选中“轨道车辆检修创新工作室” → 所在单位"
        assert item.screen == "工作室"
