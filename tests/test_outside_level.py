"""A studio of a level the plan does not admit (企业级: 二（一）admits 区、局、集团（公司）级
and 市级 studios only) is a paper to register and judge 不合格, not a cell to write again.

The 2022 season (tester): 赵磊创新工作室, 企业级, was refused at import as an unreadable cell
(请填“市级”…): the row skipped, never registered, 11 received counted of 12, no
资格审核不通过, and the union told to change the level, not that the studio is outside 二（一）."""

from __future__ import annotations

import openpyxl
from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from test_ui_support import answers, ctx, qsettings

from boostdesk.cli import main
from boostdesk.models import Register

__all__ = ["answers", "ctx", "qsettings"]  # fixtures

OUTSIDE = (
    "工作室级别为“企业级”，不在助推范围：方案助推区、局、集团（公司）级职工创新工作室和"
    "市总工会认定的市级职工创新工作室（方案二（一））"
)


def _table(tmp_path, level: str):
    return write_sheet(
        tmp_path / "朝阳.xlsx",
        [
            PROJECT_HEADERS,
            project_row(),
            project_row(
                序号=2,
                工作室名称="赵磊创新工作室",
                工作室级别=level,
                项目名称="包装线视觉质检",
                领衔人="赵磊",
            ),
        ],
    )


def test_an_enterprise_level_studios_paper_is_registered_and_refused_under_the_scope(
    tmp_path, capsys
):
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "import", str(_table(tmp_path, "企业级"))]) == 0
    out = capsys.readouterr().out
    assert "导入 2 行" in out and OUTSIDE in out and "无法识别的工作室级别" not in out
    with Register.open(db, operator="t") as reg:
        paper = next(a for a in reg.projects(2022) if a.title == "包装线视觉质检")
        assert (paper.outside_level, paper.studio_level) == ("企业级", None)
        assert (
            reg.scalar("SELECT eligible FROM project_applications WHERE id = ?", (paper.id,)) == 0
        )
    assert main(["--db", db, "check"]) == 0
    out = capsys.readouterr().out
    assert "包装线视觉质检 赵磊创新工作室 不合格" in out and OUTSIDE in out
    # not 待补材料 for a level it gave: the level written is what is wrong
    assert "缺少“工作室级别”" not in out


def test_the_union_is_told_why_in_its_letter(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert main(["--db", db, "import", str(_table(tmp_path, "企业级"))]) == 0
    assert (
        main(["--db", db, "export", "notices", "--out", str(tmp_path), "--materials-unticked"]) == 0
    )
    [letter] = tmp_path.glob("*核对意见*.xlsx")
    texts = [
        str(c)
        for ws in openpyxl.load_workbook(letter).worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert any(OUTSIDE in t for t in texts)
    assert not any("请填“市级”" in t for t in texts)


def test_a_word_that_is_no_level_is_still_refused_as_unreadable(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    main(["--db", db, "import", str(_table(tmp_path, "市集"))])
    out = capsys.readouterr()
    assert "无法识别的工作室级别：市集" in out.out + out.err


def test_a_level_chosen_on_the_form_replaces_the_one_written(tmp_path):
    """A paper written 企业级 in error (a 区级 studio): the clerk picks 2 on the form, and
    the paper is judged at that level."""
    from dataclasses import replace

    db = str(tmp_path / "r.db")
    assert main(["--db", db, "import", str(_table(tmp_path, "企业级"))]) == 0
    with Register.open(db, operator="t") as reg:
        paper = next(a for a in reg.projects(2022) if a.title == "包装线视觉质检")
        reg.save_project(replace(paper, studio_level="district", outside_level=""))
        again = reg.project(paper.id)
        assert (again.outside_level, again.studio_level) == ("", "district")


def test_the_form_names_the_level_written_and_a_level_chosen_replaces_it(ctx, qtbot, answers):
    from test_rules_project import app as district_app

    from boostdesk.ui.project_form import ProjectForm

    app_id = ctx.reg.save_project(district_app(studio_level=None, outside_level="企业级"))
    form = ProjectForm(ctx, ctx.reg.project(app_id))
    qtbot.addWidget(form)
    form.show()
    form.recheck()
    hint = form.rows["studio_level"].hint.toolTip()
    assert "不合格（方案二（一）：企业级不在助推范围）" in hint
    assert "不合格" in form.verdict_label.text()
    form.editor("studio_level").set_value("district")
    form.recheck()
    assert "不在助推范围" not in form.rows["studio_level"].hint.toolTip()
    assert form.save()
    assert (ctx.reg.project(app_id).outside_level, ctx.reg.project(app_id).studio_level) == (
        "",
        "district",
    )
