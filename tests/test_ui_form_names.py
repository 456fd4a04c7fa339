"""What an entry form offers and heads itself with comes from the register and the campaign."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel
from test_ui_support import answers, ctx, qsettings

from boostdesk.models import DISTRICT, plan_2022
from boostdesk.models.records import ProjectApplication
from boostdesk.ui.patent_form import PatentForm
from boostdesk.ui.project_form import ProjectForm

__all__ = ["answers", "ctx", "qsettings"]


def test_a_project_leader_typed_before_is_offered_again(ctx, qtbot):
    """Leaders and contacts are stored with studios and projects, not as inventors: the
    领衔人 and 联系人 completers offered inventors only."""
    ctx.reg.save_project(ProjectApplication(
        campaign_year=2022, title="转炉炼钢终点碳温预测", studio_name="乙工作室",
        studio_level=DISTRICT, leader="欧阳红兵", contact_name="司马晓", unit_name="首钢集团工会",
        approval_date=date(2022, 3, 5)))
    form = ProjectForm(ctx)
    qtbot.addWidget(form)
    for key in ("leader", "contact_name"):
        offered = form.editor(key).completer().model().stringList()
        assert {"欧阳红兵", "司马晓"} <= set(offered), key


def test_a_form_is_headed_with_the_campaigns_federation(ctx, qtbot):
    ctx.reg.save_campaign(plan_2022().for_year(2023).with_changes(
        title="天津市总工会2023年职工创新助推计划"))
    ctx.set_year(2023)
    for form_class, paper in ((PatentForm, "职工创新发明专利助推申报表"),
                              (ProjectForm, "创新项目助推申报书")):
        form = form_class(ctx)
        qtbot.addWidget(form)
        texts = " ".join(label.text() for label in form.findChildren(QLabel))
        assert f"天津市总工会2023年{paper}" in texts
        assert "北京市总工会" not in texts
