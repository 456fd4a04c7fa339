"""A paper saved at the intake desk reloads the screen in view, not every screen visited
before: at 100,000 applications, with 单位与人员, 拨付 and 工作室 visited, each save re-sorted
76,000 people, re-planned the payments and re-read 14,000 studios behind the form (2–4 s).
The screens behind catch up when they are shown again."""

from __future__ import annotations

from dataclasses import replace

from fixtures.summary_sheets import own_card
from test_draft_check_scale import PATENT, PROJECT, _fill, _id, _number
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui import operations
from boostdesk.ui.main_window import SCREENS

__all__ = ["answers", "ctx", "qsettings", "window"]


def _statements(reg, action) -> list[str]:
    seen: list[str] = []
    reg.conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        reg.conn.set_trace_callback(None)
    return seen


def _save_new(ctx, n: int) -> int:
    # each inventor a card and a phone of his own: one shared with the papers saved before
    # re-judges them (UNION_CARD_SHARED; a phone and a birth date: near_people), more work
    # with each save, whatever the screens
    app = replace(PATENT, patent_number_raw=_number(900 + n), id_number=_id(900 + n),
                  inventor_name=f"新发明人{n}", card_number=own_card(_id(900 + n)),
                  phone=f"1370000{n:04d}")
    result = operations.save_application(ctx, app)
    assert result.ok
    return result.value


def test_a_save_reads_no_more_with_every_screen_visited_and_they_catch_up_when_shown(
        window, ctx, reg, answers):
    _fill(reg, 20)
    window.screen_named("专利助推")
    _save_new(ctx, 0)  # what the first save reads once (the search's memory) aside
    alone = _statements(reg, lambda: _save_new(ctx, 1))

    for label, _module, _cls in SCREENS:
        window.screen_named(label)
    window.screen_named("专利助推")
    behind = _statements(reg, lambda: _save_new(ctx, 2))
    # the same save, the same register work: the screens behind only note they are stale
    assert len(behind) == len(alone), "\n".join(behind[len(alone):])

    people = window.screen_named("单位与人员")
    people.tabs.setCurrentIndex(2)  # 人员, where they are read (in view)
    model = people.people
    names = {model.data(model.index(r, 0)) for r in range(model.rowCount())}
    assert {"新发明人1", "新发明人2"} <= names
    projects = window.screen_named("创新项目")
    window.screen_named("专利助推")
    reg.save_project(replace(PROJECT, title="新项目"))  # as F5 or an import would announce
    ctx.changed.emit("all")
    assert projects.model.total == 20  # behind: not reloaded yet
    window.screen_named("创新项目")
    assert projects.model.total == 21


def test_a_year_chosen_on_the_studio_screen_reads_no_studio_again(window, ctx, reg, answers):
    """工作室 lists every year's studios: a year chosen changes only each studio's count of
    that year and its awards before it (re-reading them all took 4–5 s at 100,000)."""
    from boostdesk.models import plan_2022

    _fill(reg, 3)
    reg.save_campaign(plan_2022().for_year(2023))
    reg.save_project(replace(PROJECT, campaign_year=2023, title="次年项目",
                             studio_name="第1创新工作室"))
    screen = window.screen_named("工作室")

    def counts() -> dict[str, str]:
        return {cells[0]: cells[4] for _id, cells, *_ in screen.model.rows}

    ctx.set_year(2022)
    assert counts() == {"第0创新工作室": "1", "第1创新工作室": "1", "第2创新工作室": "1"}
    read = _statements(reg, lambda: ctx.set_year(2023))
    assert not [s for s in read if "studio" in s], read
    assert counts() == {"第0创新工作室": "", "第1创新工作室": "1", "第2创新工作室": ""}
