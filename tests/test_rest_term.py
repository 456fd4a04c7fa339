"""The rest of a project's award (尾款) has a term: the plan pays it 验收后 and sets none,
so the campaign holds the office's own (``final_tranche_months``, as many months as the
first tranche's unless set). Past it the rest is 已逾期 as a first tranche is: the 2022
demo's 首钢 rest, accepted 2023-04-18, read plain 待拨付 in 2026."""

from __future__ import annotations

import json
from datetime import date

from test_ui_support import answers, ctx, qsettings, window

from boostdesk.campaign_settings import apply_settings, campaign_lines
from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.lines import DUE, OVERDUE
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register, plan_2022
from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PROJECT
from tests.test_finance import add_project

__all__ = ["answers", "ctx", "qsettings", "window"]
ACCEPTED = date(2023, 4, 18)


def accepted_rest(reg):
    """A project's first tranche paid and its acceptance on ACCEPTED: its rest's lines."""
    q = add_project(reg, approved=date(2022, 12, 28))
    sync_plan(reg, 2022)
    for x in payment_lines(reg, 2022, stream=PROJECT):
        if x.app_id == q and x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-2023-0031")
    record_acceptance(reg, q, ACCEPTED)
    return [x for x in payment_lines(reg, 2022, stream=PROJECT) if x.app_id == q
            and x.tranche == 2]


def test_the_rest_falls_due_the_campaign_s_months_after_the_acceptance_then_is_overdue(reg):
    rest = accepted_rest(reg)
    assert rest and {x.due_date for x in rest} == {date(2023, 7, 18)}
    assert {x.state(date(2023, 7, 18)) for x in rest} == {DUE}
    assert {x.state(date(2023, 7, 19)) for x in rest} == {OVERDUE}
    assert all(x.overdue(date(2026, 12, 5)) for x in rest)


def test_a_longer_term_set_for_the_rest_moves_its_due_date(reg):
    rest = accepted_rest(reg)
    reg.save_campaign(reg.campaign(2022).with_changes(final_tranche_months=6))
    moved = [x for x in payment_lines(reg, 2022, stream=PROJECT) if x.id in
             {y.id for y in rest}]
    assert {x.due_date for x in moved} == {date(2023, 10, 18)}
    assert {x.state(date(2023, 9, 1)) for x in moved} == {DUE}


def test_the_term_is_a_setting_as_many_months_as_the_first_tranche_s_by_default():
    assert plan_2022().final_tranche_months == plan_2022().first_tranche_months == 3
    # a campaign stored before it was a parameter reads its own first tranche's months
    stored = json.loads(plan_2022().with_changes(first_tranche_months=4).to_json())
    del stored["final_tranche_months"]
    assert Campaign.from_json(json.dumps(stored)).final_tranche_months == 4
    c = apply_settings(plan_2022(), [("final_tranche_months", "6")])
    assert c.final_tranche_months == 6
    assert "项目验收后尾款拨付时限：6 个月（方案未定，本办自定）" in campaign_lines(c)


def test_campaign_set_takes_the_term_of_the_rest(tmp_path, capsys):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        reg.save_campaign(plan_2022())
    assert main(["campaign", "set", "--db", str(db), "--year", "2022",
                 "final_tranche_months=5"]) == 0
    with Register.open(db) as reg:
        assert reg.campaign(2022).final_tranche_months == 5
    assert main(["campaign", "set", "--db", str(db), "--year", "2022",
                 "final_tranche_months=0"]) == 1
    assert "验收后尾款拨付时限（月）应在 1 至 24 之间" in capsys.readouterr().err


def test_pay_list_says_the_demo_s_shougang_rest_is_overdue(tmp_path, capsys):
    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db]) == 0
    # set on 2023-03-10, the demo has accepted none of 2022's projects: accepted after it
    assert main(["--db", db, "pay", "accept", "特殊钢连铸坯质量在线判定系统研发",
                 "--date", "2023-04-18"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "pay", "list", "--year", "2022", "--json"]) == 0
    rest = [x for x in json.loads(capsys.readouterr().out)
            if x["stream"] == PROJECT and x["tranche"] == 2 and x["payee"] == "首钢特钢材料有限公司"]
    assert rest and all(x["due_date"] == "2023-07-18" and x["state"] == OVERDUE
                        and x["overdue"] for x in rest)


def test_the_term_of_the_rest_typed_in_settings_is_stored(window, reg, ctx, qtbot, answers):
    from PySide6.QtCore import Qt

    screen = window.screen_named("设置")
    box = screen.final_months
    assert box.value() == 3 and "验收后" in box.toolTip()
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "6")
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert screen.save_campaign()
    assert reg.campaign(ctx.year).final_tranche_months == 6
