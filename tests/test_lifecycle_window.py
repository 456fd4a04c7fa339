"""The season's seams met through the window: what the office sees when a step is refused."""

from __future__ import annotations

from datetime import date

from test_ui_support import answers, ctx, qsettings, window

from boostdesk import finance
from boostdesk.panel.publicity import close_publicity
from tests.test_lifecycle import _published
from tests.test_panel_support import YEAR

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name


def test_editing_the_union_of_a_paid_award_on_its_form_is_refused_and_said(window, reg, answers):
    ids = _published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    finance.sync_plan(reg, YEAR)
    for line in finance.payment_lines(reg, YEAR, app_ids=[ids["city"]]):
        if line.tranche == 1:
            finance.mark_paid(reg, line.id, date(2023, 2, 15), "记-2023-0001")
    screen = window.show_screen(1)  # 创新项目
    screen.reload()
    assert screen.select_id(ids["city"])
    form = screen.edit_current()
    form.editor("unit_name").set_value("朝阳区总工会")
    assert not form.save()
    [(title, text)] = answers.errors
    assert "推荐单位不能再改" in text, (title, text)
    assert reg.project(ids["city"]).unit_name == "海淀区总工会"
    payers = {x.payer_name for x in finance.payment_lines(reg, YEAR, app_ids=[ids["city"]])}
    assert payers == {"北京市总工会", "海淀区总工会"}
