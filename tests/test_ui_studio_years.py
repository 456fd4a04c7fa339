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
from boostdesk.models.records import PROJECT
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
    assert _earlier_awards(window, ctx, 2023) == "2022年¥100,000.00（未验收）"
    assert _earlier_awards(window, ctx, 2024) == "2022年¥100,000.00"
