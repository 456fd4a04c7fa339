"""工作室's 往年助推（未验收的不能再申报） read for the year in view, as 二（一） judges it: an
earlier award accepted only after that year's submission deadline barred the studio that
year, and the column showed it accepted (the rule's finding beside a column saying otherwise)."""

from __future__ import annotations

from datetime import date

from test_finance import add_project
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import plan_2022
from boostdesk.models.records import PROJECT, StudioAward
from boostdesk.rules import refresh
from boostdesk.rules.findings import stored_findings
from boostdesk.ui.main_window import SCREENS

__all__ = ["answers", "ctx", "qsettings", "window"]


def _earlier_awards(window, ctx, year: int) -> str:
    ctx.set_year(year)
    screen = window.screen_named("工作室")
    window.show_screen([label for label, *_ in SCREENS].index("工作室"))
    return screen.model.text(0, 5)


def test_an_award_accepted_after_a_years_deadline_is_unaccepted_in_that_year(window, ctx, reg):
    for year in (2023, 2024):
        reg.save_campaign(plan_2022().for_year(year))
    project = add_project(reg)  # 2022, 10万元, 李红兵劳模创新工作室
    sync_plan(reg, 2022)
    for line in payment_lines(reg, 2022, stream=PROJECT):
        if line.tranche == 1:
            mark_paid(reg, line.id, date(2023, 2, 1), "凭证1")
    record_acceptance(reg, project, date(2023, 12, 1))  # 2023's deadline: 11-01
    # accepted, late for 2023: said as what happened, not “未验收” (it was accepted)
    assert _earlier_awards(window, ctx, 2023) == "2022年¥100,000.00（验收于 2023-12-01，在截止日之后）"
    pane = window.screen_named("工作室").detail.toPlainText()
    assert "（验收于 2023-12-01，晚于 2023 年度报送截止日 2023-11-01" in pane
    assert _earlier_awards(window, ctx, 2024) == "2022年¥100,000.00"
    assert "晚于 2024 年度报送截止日" not in window.screen_named("工作室").detail.toPlainText()
    # the rule's refusal of the studio's 2023 paper says the same
    paper = add_project(reg, year=2023, title="转炉煤气回收优化", status="registered")
    refresh(reg, 2023)
    assert ("工作室“李红兵劳模创新工作室”已获 2022 年度“转炉炼钢终点碳温预测模型开发”助推，"
            "至本年度报送截止日（2023-11-01）未完成结题验收（验收于 2023-12-01，在截止日之后），"
            "不能申报（方案二（一））") in [f.message for f in stored_findings(reg.scalar(
                "SELECT findings FROM project_applications WHERE id = ?", (paper,)))]


def test_the_pane_says_a_late_acceptance_still_bars_the_year(window, ctx, reg):
    reg.save_campaign(plan_2022().for_year(2023))
    reg.add_studio_award(StudioAward("李红兵劳模创新工作室", 2022, "转炉炼钢终点碳温预测模型开发",
                                     100_000_00, True, date(2023, 12, 1)))
    assert _earlier_awards(window, ctx, 2023) == "2022年¥100,000.00（验收于 2023-12-01，在截止日之后）"
    pane = window.screen_named("工作室").detail.toPlainText()
    assert ("已于 2023-12-01 验收（验收于 2023-12-01，晚于 2023 年度报送截止日 2023-11-01，"
            "2023 年度仍不能申报）") in pane


def test_a_near_studio_note_says_a_late_acceptance_as_what_happened():
    from boostdesk.rules.check import Unfinished

    award = Unfinished(2022, "转炉炼钢终点碳温预测模型开发", 100_000_00,
                       accepted=date(2023, 12, 1))
    assert award.standing() == ("2022 年度助推 ¥100,000.00（“转炉炼钢终点碳温预测模型开发”）"
                                "至本年度报送截止日未验收（验收于 2023-12-01，在截止日之后）")
    assert Unfinished(2022, "甲", None).standing().endswith("至本年度报送截止日尚未验收")
