"""A project's total budget or requested amount corrected after its award was adopted
(拟助推, 公示, 核准): the award was set against the old figures, so a correction that puts
it over the plan's cap (工会助推资金不得超过项目所需资金总额的 50%) is refused — the close
of publicity would otherwise approve 10万元 against a 7.5万元 cap."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.models import Register, RegisterError
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import close_publicity, start_publicity
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


@pytest.fixture
def adopted(reg: Register) -> int:
    pid = make_project(reg, "市级甲项目", "工作室甲", CITY, budget_fen=40 * WAN)
    to_review(reg, pid)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 90})
    adopt(reg, YEAR)
    assert reg.scalar("SELECT amount_fen FROM proposals WHERE project_id = ?", (pid,)) == 10 * WAN
    return pid


@pytest.mark.parametrize("stage", ["proposed", "publicized", "approved"])
def test_a_budget_cut_under_twice_the_award_is_refused(reg, adopted, stage):
    if stage != "proposed":
        start_publicity(reg, YEAR, date(2022, 12, 20))
    if stage == "approved":
        close_publicity(reg, YEAR, date(2022, 12, 27))
    app = reg.project(adopted)
    assert app.status == stage
    with pytest.raises(RegisterError) as err:
        reg.save_project(replace(app, total_budget_fen=15 * WAN))
    assert "50%" in str(err.value) and "¥100,000.00" in str(err.value)
    assert "未保存" in str(err.value)
    assert reg.project(adopted).total_budget_fen == 40 * WAN


def test_a_correction_that_keeps_the_award_inside_the_cap_is_saved(reg, adopted):
    app = reg.project(adopted)
    reg.save_project(replace(app, total_budget_fen=20 * WAN, remarks="总投入录错，据原件更正"))
    assert reg.project(adopted).total_budget_fen == 20 * WAN
