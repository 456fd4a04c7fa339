"""A cap changed after the list was adopted: the ranking kept the adoption's reason word for
word (10万元档超过项目总投入 ¥160,000.00 的 50%（¥80,000.00…）) beside the findings of the
new cap (…的 40% 为 ¥64,000.00…): two caps side by side. The adopted reason's cap notes
are restated under the year's cap, saying what it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import start_publicity
from boostdesk.panel.ranking import rank
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _published(reg) -> int:
    """A city project of ¥160,000.00: 10万 is over its 50 % (¥80,000.00), so it is
    adopted at 5万 and published."""
    a = make_project(reg, "市级甲项目", "工作室甲", CITY, budget_fen=16 * WAN,
                     requested_fen=5 * WAN)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    reason = rank(reg, YEAR).row(a).reason
    assert "10万元档超过项目总投入 ¥160,000.00 的 50%（¥80,000.00，方案二（三））" in reason
    return a


def _cap(reg, percent: int) -> None:
    reg.save_campaign(replace(reg.campaign(YEAR), budget_cap_percent=percent))


def test_a_lowered_cap_is_said_as_the_cap_now_and_what_it_was(reg):
    a = _published(reg)
    _cap(reg, 40)
    reason = rank(reg, YEAR).row(a).reason
    assert "10万元档超过项目总投入 ¥160,000.00 的 40%（¥64,000.00，方案二（三）；上限原为 50%）" in reason
    assert "的 50%（" not in reason


def test_a_raised_cap_says_the_tier_now_fits(reg, capsys):
    a = _published(reg)
    _cap(reg, 70)
    assert ("采纳时10万元档超过项目总投入 ¥160,000.00 的 50%；上限已调整为 70%（¥112,000.00，"
            "方案二（三）），10万元档现不超出") in rank(reg, YEAR).row(a).reason
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "上限已调整为 70%" in out and "的 50%（¥80,000.00" not in out
