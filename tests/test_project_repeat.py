"""二（二）2 read as the plan means it: a project the plan has funded cannot be funded again;
one a year refused or did not award may apply again (its year of 立项 judged under 二（二）1
as any paper's is). The rules (`boostdesk check`), the project form and the summary-table
import decide it by one function (``rules.check.bars_project``); the import's side is in
tests/test_import_history.py."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.campaign_settings import apply_settings
from boostdesk.cli import main
from boostdesk.models import CITY, Register, plan_2022
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS, ProjectApplication
from boostdesk.panel.past import record_past_award, withdraw_past_award
from boostdesk.rules import check_project_draft, recheck
from boostdesk.ui import entry_checks

__all__ = ["answers", "ctx", "qsettings", "window"]

STUDIO, TITLE = "李四职工创新工作室", "数控机床精度补偿"
WAN = 10_000_00
CTRL = Qt.KeyboardModifier.ControlModifier


def paper(year: int, **over) -> ProjectApplication:
    """A project meeting every condition of ``year``'s plan (approved in its year)."""
    return replace(ProjectApplication(
        campaign_year=year, title=TITLE, studio_name=STUDIO, studio_level=CITY, leader="李四",
        model_studio=False, unit_name="北京市朝阳区总工会",
        enterprise_name="北京华信数控技术有限公司", approval_date=date(year, 3, 1),
        startup_funds_paid=True, planned_completion=date(year + 1, 12, 31),
        total_budget_fen=30 * WAN, requested_fen=10 * WAN, contact_name="王五",
        contact_phone="010-83570885", received_date=date(year, 10, 28),
        materials=dict.fromkeys(PROJECT_MATERIALS, True)), **over)


def repeats(reg: Register, app: ProjectApplication) -> list[str]:
    return [f.message for f in check_project_draft(reg, app).findings
            if f.code == "DUPLICATE_APPLICATION"]


@pytest.fixture
def two_years(reg: Register) -> Register:
    """2022's plan and 2023's, which renumbers 二（二） to 二（三）."""
    reg.save_campaign(apply_settings(plan_2022().for_year(2023), [
        ("clause_project_conditions", "二（一）（三）"), ("clause_project_approval", "二（三）1"),
        ("clause_project_studio", "二（三）2")]))
    return reg


@pytest.mark.parametrize("status", ["registered", "refused", "not_awarded"])
def test_a_project_2022_did_not_award_may_apply_in_2023(two_years, status):
    reg = two_years
    first = reg.save_project(paper(2022))
    reg.conn.execute("UPDATE project_applications SET status = ? WHERE id = ?", (status, first))
    again = paper(2023)
    assert repeats(reg, again) == []
    assert entry_checks.duplicate_project(reg, again) is None


def test_a_project_2022_funded_by_its_past_record_cannot_apply_in_2023(two_years):
    """补录往年结果 records 2022's award: 2023's paper is a repeat, citing 2023's 二（三）2."""
    reg = two_years
    first = reg.save_project(paper(2022))
    record_past_award(reg, first, 10 * WAN, date(2022, 12, 20), backup=False)
    again = paper(2023)
    [said] = repeats(reg, again)
    assert said == (f"工作室“{STUDIO}”的项目“{TITLE}”已于 2022 年度获助推（项目{first}，核准），"
                    "已获助推的项目不能再次申报（方案二（三）2）")
    # the form saves it, the rules judging it 不合格 (as the import stores such a row)
    assert entry_checks.duplicate_project(reg, again) is None


def test_a_project_on_2022s_list_cannot_apply_in_2023(two_years):
    reg = two_years
    first = reg.save_project(paper(2022))
    reg.conn.execute("UPDATE project_applications SET status = 'publicized' WHERE id = ?",
                     (first,))
    [said] = repeats(reg, paper(2023))
    assert f"已列入 2022 年度拟助推项目（项目{first}，公示），同一项目不能重复申报（方案二（三）2）" in said


def test_one_project_twice_in_a_year_is_still_a_repeat(two_years):
    reg = two_years
    first = reg.save_project(paper(2023))
    reg.set_status(PROJECT, first, "refused", reason="材料不实")
    [said] = repeats(reg, paper(2023))
    assert f"已申报（项目{first}），同一项目不能重复申报（方案二（三）2）" in said
    assert "已经登记" in (entry_checks.duplicate_project(reg, paper(2023)) or "")


def test_a_2022_project_is_no_repeat_of_a_later_years(two_years):
    reg = two_years
    later = reg.save_project(paper(2023))
    reg.conn.execute("UPDATE project_applications SET status = 'approved' WHERE id = ?",
                     (later,))
    assert repeats(reg, paper(2022)) == []


def test_boostdesk_check_follows_the_2022_award_recorded_and_withdrawn(tmp_path, capsys):
    """The verdicts of 2023 follow 2022's outcome: a repeat once 2022's award is recorded,
    no longer once the record is withdrawn (撤销补录)."""
    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
        first = reg.save_project(paper(2022))
        again = reg.save_project(paper(2023))

    def codes() -> list[str]:
        assert main(["check", "--json", "--db", str(path), "--operator", "测试员"]) == 0
        [verdict] = [v for v in json.loads(capsys.readouterr().out)
                     if v["stream"] == PROJECT and v["id"] == again]
        return [f["code"] for f in verdict["findings"]]

    assert "DUPLICATE_APPLICATION" not in codes()
    with Register.open(path, operator="测试员") as reg:
        record_past_award(reg, first, 10 * WAN, date(2022, 12, 20), backup=False)
        recheck(reg)
        assert "DUPLICATE_APPLICATION" in [f.code for f in check_project_draft(
            reg, reg.project(again)).findings]
    assert "DUPLICATE_APPLICATION" in codes()
    with Register.open(path, operator="测试员") as reg:
        withdraw_past_award(reg, first, "补录有误")
    assert "DUPLICATE_APPLICATION" not in codes()


def test_the_form_saves_a_project_an_earlier_year_did_not_award(window, qtbot, reg, answers):
    """The clerk types 2022's paper of a project 2021 registered and did not award: saved
    (it was refused as 已经登记)."""
    from test_ui_entry import open_new_form, type_project

    reg.save_campaign(plan_2022().for_year(2021))
    reg.save_project(paper(2021))
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.title for a in reg.projects(2022)] == [TITLE]


def test_the_form_saves_a_project_an_earlier_year_funded_as_refused(window, qtbot, reg,
                                                                      answers):
    """2021's award is no registration of 2022's paper: saved, 不合格 by 二（二）2, as the
    import stores such a row (it was refused as 已经登记, and the union never told)."""
    from test_ui_entry import open_new_form, type_project

    reg.save_campaign(plan_2022().for_year(2021))
    record_past_award(reg, reg.save_project(paper(2021)), 10 * WAN, date(2021, 12, 20),
                      backup=False)
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [saved] = reg.projects(2022)
    assert reg.scalar("SELECT eligible FROM project_applications WHERE id = ?", (saved.id,)) == 0
    assert "已获助推的项目不能再次申报（方案二（二）2）" in window.statusBar().currentMessage()
