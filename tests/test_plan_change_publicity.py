"""A plan change that moves a project IN PUBLICITY (公示) into another tier is asked, as one
that moves an approved or paid project is.

The tester's demo copy: `campaign set --year 2022 budget_cap_percent=55` (and 设置 at 55 %)
saved at once, then `rank` said of 5G室内分布系统覆盖优化技术研究, in publicity,
按现有排名本项目可列入10万元档（公示为5万元档）; at 60 % the question named only the
approved, paid 精密减速器装配质量一致性提升."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.demo import fill_demo
from boostdesk.plan_change_effects import PlanChangeAsks, save_plan
from boostdesk.rules import refresh
from tests.test_panel_support import YEAR
from tests.test_rank_cap_restated import _published

__all__ = ["answers", "ctx", "qsettings", "window"]

FIVE_G = "5G室内分布系统覆盖优化技术研究"  # the demo's project in publicity
REDUCER = "精密减速器装配质量一致性提升"  # the demo's approved, paid project


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _status(reg: Any, title: str) -> str:
    return str(reg.scalar("SELECT status FROM project_applications WHERE title = ?", (title,)))


def test_a_cap_that_ranks_a_project_in_publicity_higher_is_asked(reg):
    a = _published(reg)  # ¥160,000.00, 10万 over its 50 %: published at 5万, not closed
    assert reg.project(a).status == "publicized"
    with pytest.raises(PlanChangeAsks) as asked:
        save_plan(reg, replace(reg.campaign(YEAR), budget_cap_percent=70),
                  lambda: refresh(reg, YEAR))
    [line] = asked.value.effect.lines()
    assert line == ("1 项已公示的项目排名改变（其中 1 项公示中），公示无异议的按公示档次核准，"
                    "是否调整须报请研究：项目“市级甲项目”（按现有排名可列入10万元档（公示为5万元档））")
    assert "已拨付的款项不变" not in asked.value.effect.details()  # nothing paid yet
    assert reg.campaign(YEAR).budget_cap_percent == 50


def test_campaign_set_asks_for_the_project_in_publicity(reg, capsys):
    fill_demo(reg)
    assert _status(reg, FIVE_G) == "publicized"
    reg.close()
    db = str(reg.path)
    code, out, err = run(capsys, "campaign", "set", "--year", "2022", "budget_cap_percent=55",
                         "--db", db)
    assert code == 1, out
    assert "1 项已公示的项目排名改变（其中 1 项公示中）" in out and FIVE_G in out
    assert "确需改变已公示、已核准、已拨付申报的核对结论或排名的，请加 --yes" in err
    code, out, _err = run(capsys, "campaign", "show", "--year", "2022", "--db", db)
    assert "50%" in out and "55%" not in out  # nothing stored
    code, out, err = run(capsys, "campaign", "set", "--year", "2022", "budget_cap_percent=60",
                         "--db", db)
    assert code == 1
    assert ("2 项已公示的项目排名改变（其中 1 项公示中、1 项已核准、1 项已拨付）" in out
            and FIVE_G in out and REDUCER in out), out
    code, out, err = run(capsys, "campaign", "set", "--year", "2022", "budget_cap_percent=60",
                         "--db", db, "--yes")
    assert code == 0, err


def test_settings_asks_before_moving_the_project_in_publicity(reg, window, ctx, qtbot, answers):
    fill_demo(reg)
    window._fill_years()
    ctx.set_year(2022)
    screen = window.screen_named("设置")
    screen.cap.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.cap, "55")
    assert screen.cap.value() == 55
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [question] = answers.questions
    assert "1 项已公示的项目排名改变（其中 1 项公示中）" in question and FIVE_G in question
    assert reg.campaign(2022).budget_cap_percent == 50
    answers.questions.clear()
    answers.yes = True  # 仍然保存
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(answers.questions) == 1
    assert reg.campaign(2022).budget_cap_percent == 55
