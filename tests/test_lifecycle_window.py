"""The season's seams met through the window: what the office sees when a step is refused."""

from __future__ import annotations

from datetime import date

from test_ui_support import answers, ctx, qsettings, window

from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.panel.publicity import close_publicity
from tests.test_lifecycle import _published
from tests.test_panel_support import YEAR

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name


def test_editing_the_union_of_a_paid_award_on_its_form_is_refused_and_said(window, reg, answers):
    ids = _published(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    for line in payment_lines(reg, YEAR, app_ids=[ids["city"]]):
        if line.tranche == 1:
            mark_paid(reg, line.id, date(2023, 2, 15), "记-2023-0001")
    screen = window.show_screen(1)  # 创新项目
    screen.reload()
    assert screen.select_id(ids["city"])
    form = screen.edit_current()
    form.editor("unit_name").set_value("朝阳区总工会")
    assert not form.save()
    [(title, text)] = answers.errors
    assert "推荐单位不能再改" in text, (title, text)
    assert reg.project(ids["city"]).unit_name == "海淀区总工会"
    payers = {x.payer_name for x in payment_lines(reg, YEAR, app_ids=[ids["city"]])}
    assert payers == {"北京市总工会", "海淀区总工会"}


def test_the_publicity_total_says_it_leaves_out_an_upheld_objection(window, reg):
    """公示: 2 projects listed, ¥130,000.00 between them; one removed by an upheld objection.
    The line read “2 项，合计 ¥100,000.00”: a total that is not the listed rows' sum."""
    from boostdesk.panel.publicity import record_objection, resolve_objection

    ids = _published(reg)
    oid = record_objection(reg, ids["district"], date(2022, 12, 22), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=True, note="经核实数据不实", on=date(2022, 12, 24))
    screen = window.show_screen(5)  # 公示
    screen.reload()
    text = screen.info.text()
    assert "2 项，合计 ¥100,000.00（不含异议成立的 1 项）" in text, text
