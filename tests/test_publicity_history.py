"""A closed year's ranking stays as it was decided: a studio promoted 区级 → 市级 years later
moved its not-awarded project of that year into the 市级 ranking (`rank --year 2013` named it
市级第 18 名 beside a stored 区/局/集团级第 50 名), its summary table and statistics with it.
An award keeps its level already (migration 9); a project ranked and not awarded now too."""

from __future__ import annotations

from datetime import date

from test_panel_support import YEAR, one_place_two_publicized

from boostdesk.models import CITY, DISTRICT
from boostdesk.panel.publicity import close_publicity
from boostdesk.panel.ranking import rank


def _ranked(reg, project_id: int):
    return next(r for r in rank(reg, YEAR).rows if r.project_id == project_id)


def test_a_not_awarded_project_keeps_its_level_once_the_year_is_closed(reg):
    a, b = one_place_two_publicized(reg)
    close_publicity(reg, YEAR, on=date(2022, 12, 28))
    before = _ranked(reg, b)
    assert reg.project(b).status == "not_awarded" and before.level == DISTRICT
    studio = reg.project(b).studio_name
    with reg.transaction():  # promoted to 市级 the next year (工作室 → 修改)
        reg.ensure_studio(studio, CITY, None, None, overwrite={"level"})
    assert reg.studio(studio).level == CITY
    assert reg.project(b).studio_level == DISTRICT
    after = _ranked(reg, b)
    assert (after.level, after.rank, after.reason) == (before.level, before.rank, before.reason)
