"""A new office PC in the window: the first start, screens with nothing in them yet, actions
on nothing, a new year (QA pass "empty")."""

from __future__ import annotations

from test_ui_support import answers, ctx, qsettings, window

from boostdesk.panel import grid as gr

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_next_year_in_settings_keeps_the_panel_rules_of_the_year_it_copies(window, reg, ctx):
    gr.save_settings(reg, 2022, gr.PanelSettings(7, 2, 80, 7))
    gr.save_grid(reg, 2022, [gr.Criterion("创新性", 50, 50), gr.Criterion("效益", 50, 50)])
    assert window.screen_named("设置").new_campaign()
    assert ctx.year == 2023
    assert gr.settings(reg, 2023) == gr.PanelSettings(7, 2, 80, 7)
    assert [c.name for c in gr.criteria(reg, 2023)] == ["创新性", "效益"]
    panel = window.screen_named("专家评审")
    assert panel.show_tab("评审组与评分细则").trim_each.value() == 2
