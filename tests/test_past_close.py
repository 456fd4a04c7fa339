"""往年结年 (panel.past_close): an earlier year whose awards were recorded by 补录 closed —
its other projects 未获助推 (and, asked, its patents not approved 资格审核不通过) — so a later
paper of one of their titles is no longer told the project is 'still in review' there."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.past import record_past_award
from boostdesk.panel.past_close import (
    CLOSE_REASON,
    CLOSE_YEAR,
    close_year,
    reopen_year,
    year_to_close,
)
from boostdesk.rules import check_project_draft, recheck
from boostdesk.safety.backup import list_backups
from tests.test_past_awards import WAN, past, project  # noqa: F401 - fixture

IN_REVIEW = "PROJECT_IN_REVIEW_EARLIER"


@pytest.fixture
def year_2016(past):  # noqa: F811 - fixture
    """2016: one award recorded, one paper left 已登记, one 资格审核通过."""
    awarded = past.save_project(project(2016, "数控机床精度补偿", studio="第1职工创新工作室"))
    left = past.save_project(project(2016, "空调机组变频改造", studio="第2职工创新工作室"))
    qualified = past.save_project(project(2016, "焊接机器人", studio="第3职工创新工作室"))
    past.set_status(PROJECT, qualified, "qualified")
    record_past_award(past, awarded, 5 * WAN, date(2016, 12, 20))
    recheck(past)
    return past, awarded, left, qualified


def test_closing_an_earlier_year_leaves_its_other_projects_not_awarded(year_2016):
    reg, awarded, left, qualified = year_2016
    again = project(2022, "空调机组变频改造", studio="第2职工创新工作室",
                    approval_date=date(2022, 3, 1))
    assert IN_REVIEW in {f.code for f in check_project_draft(reg, again).findings}
    backups = len(list_backups(reg.path))
    done = close_year(reg, 2016)
    assert done.projects == (left, qualified) and done.patents == ()
    assert [(reg.project(i).status, reg.project(i).status_reason) for i in (left, qualified)] == [
        ("not_awarded", CLOSE_REASON)] * 2
    assert reg.project(awarded).status == "approved"  # the recorded award untouched
    assert len(list_backups(reg.path)) == backups + 1  # backed up first
    # each by the workflow's steps, every one with the reason
    steps = [(h["to_status"], h["reason"]) for h in reg.status_history(PROJECT, left)][1:]
    assert steps == [("qualified", CLOSE_REASON), ("review", CLOSE_REASON),
                     ("not_awarded", CLOSE_REASON)]
    event = reg.query("SELECT * FROM audit_events WHERE action = ?", (CLOSE_YEAR,))
    assert len(event) == 1 and json.loads(event[0]["after"])["projects"] == [left, qualified]
    # the 2022 paper of the closed title is no longer told it is in review in 2016
    assert IN_REVIEW not in {f.code for f in check_project_draft(reg, again).findings}
    with pytest.raises(PanelError, match="没有尚未结论的项目"):
        close_year(reg, 2016)


def test_the_newest_year_and_one_whose_panel_is_under_way_are_not_closed(year_2016):
    reg, _awarded, left, _q = year_2016
    reg.save_project(project(2022, "今年的项目"))
    with pytest.raises(PanelError, match="最新的年度"):
        close_year(reg, 2022)
    reg.set_status(PROJECT, left, "qualified")
    reg.set_status(PROJECT, left, "review")
    reg.set_status(PROJECT, left, "proposed")
    with pytest.raises(PanelError, match="拟助推.*公示.*评审尚未结束"):
        year_to_close(reg, 2016)
    assert reg.project(left).status == "proposed"


def test_a_close_is_taken_back_to_where_each_paper_stood_and_the_year_closed_again(year_2016):
    """撤销结年 put every project to 专家评审 (one never qualified among them): each goes back
    to the status and reason it had; the move keeps the reopening's reason."""
    reg, awarded, left, qualified = year_2016
    close_year(reg, 2016)
    back = reopen_year(reg, 2016, "结年前漏补录一项")
    assert back.projects == (left, qualified)
    assert [(reg.project(i).status, reg.project(i).status_reason) for i in (left, qualified)] == [
        ("registered", ""), ("qualified", "")]
    assert reg.status_history(PROJECT, left)[-1]["reason"] == "撤销结年：结年前漏补录一项"
    record_past_award(reg, left, 5 * WAN, date(2016, 12, 20))  # the one left out, recorded
    assert close_year(reg, 2016).projects == (qualified,)
    assert reg.project(left).status == "approved"
    assert reg.project(awarded).status == "approved"


def test_patents_are_closed_only_when_asked(past):  # noqa: F811 - fixture
    from tests.test_rules_years import _number, patent

    waiting = past.save_patent(patent(2016))
    qualified = past.save_patent(patent(2016, patent_number_raw=_number("201510654321")))
    past.set_status(PATENT, qualified, "qualified")
    past.save_project(project(2016))
    assert close_year(past, 2016).patents == ()
    assert past.patent(waiting).status == "registered"
    assert year_to_close(past, 2016, patents=True).patents == (waiting, qualified)
    past.set_status(PROJECT, past.projects(2016)[0].id, "review")
    done = close_year(past, 2016, patents=True)
    assert done.patents == (waiting, qualified)
    assert {(past.patent(i).status, past.patent(i).status_reason) for i in done.patents} == {
        ("refused", CLOSE_REASON)}
    assert reopen_year(past, 2016, "误结").patents == (waiting, qualified)
    assert [past.patent(i).status for i in done.patents] == ["registered", "qualified"]


# -- the command line -------------------------------------------------------------------
def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_says_how_many_and_closes_only_with_yes(tmp_path, capsys):
    from boostdesk.models import plan_2022

    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    ids = [reg.save_project(project(2016, t, studio=f"第{i}职工创新工作室"))
           for i, t in enumerate(["数控机床精度补偿", "空调机组变频改造", "焊接机器人"])]
    record_past_award(reg, ids[0], 5 * WAN, date(2016, 12, 20))
    reg.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016"], capsys)
    assert code == 0, err
    assert ("将把 2016 年度尚未结论的 2 个项目记为“未获助推”（理由：往年未获助推（补录时结年））"
            "（未改动）") in out and "--yes" in out
    reg = Register.open(db, "测试员")
    assert [a.status for a in reg.projects(2016)] == ["approved", "registered", "registered"]
    reg.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016", "--yes"], capsys)
    assert code == 0, err
    assert "已结年" in out and "--reopen" in out
    reg = Register.open(db, "测试员")
    assert [a.status for a in reg.projects(2016)] == ["approved", "not_awarded", "not_awarded"]
    reg.close()
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2022", "--yes"], capsys)
    assert code == 1 and "最新的年度" in err
    code, out, err = _cli(db, ["panel", "close-year", "--year", "2016", "--reopen",
                               "--reason", "结错了", "--yes"], capsys)
    assert code == 0, err
    assert "项目：2 项回到“已登记”" in out


def test_an_earlier_years_decided_papers_do_not_count_as_waiting_for_materials(past):  # noqa: F811
    """2015 read 待补材料 101 though paid: old tables have no materials or received date.
    An earlier year's paper recorded awarded or closed counts as 合格 in the status bar;
    one still undecided, and the current year's, stay 待补材料."""
    from boostdesk.ui.queries import counts

    bare = {"materials": {}, "received_date": None}
    awarded = past.save_project(project(2016, "数控机床精度补偿", studio="第1职工创新工作室", **bare))
    past.save_project(project(2016, "空调机组变频改造", studio="第2职工创新工作室", **bare))
    past.save_project(project(2022, "今年的项目", studio="第3职工创新工作室", **bare))
    recheck(past)
    assert counts(past, PROJECT, 2016).incomplete == 2
    record_past_award(past, awarded, 5 * WAN, date(2016, 12, 20))
    recheck(past)
    c = counts(past, PROJECT, 2016)
    assert (c.registered, c.eligible, c.incomplete) == (2, 1, 1)  # the undecided one waits
    close_year(past, 2016)
    c = counts(past, PROJECT, 2016)
    assert (c.registered, c.eligible, c.refused, c.incomplete) == (2, 2, 0, 0)
    now = counts(past, PROJECT, 2022)
    assert (now.eligible, now.incomplete) == (0, 1)  # the current year as it was


def test_the_trail_names_a_close_and_its_reopening_in_chinese(year_2016):
    """audit and the pane read 往年结年 / 撤销往年结年, not the action's code name."""
    from boostdesk.audit_log import trail

    reg, _awarded, left, qualified = year_2016
    close_year(reg, 2016)
    reopen_year(reg, 2016, "误结年：2016 年还有项目待补录")
    lines = [x for x in trail(reg) if x.entity == "campaigns" and "结年" in x.action]
    assert [x.action for x in lines] == ["往年结年（其余申报记为未获助推）", "撤销往年结年"]
    assert "close_year" not in " ".join(x.details for x in lines)


def test_an_earlier_years_decided_papers_are_not_waiting_for_materials_in_the_statistics(
        past):  # noqa: F811
    """`stats --year 2013` read 合格 0, 待补材料 331 beside 核准 331: the statistics count an
    earlier year's decided papers missing only materials as 合格, as the status bar does;
    one still undecided, and the current year's, stay 待补材料."""
    from boostdesk.statistics import year_statistics

    bare = {"materials": {}, "received_date": None}
    awarded = past.save_project(project(2016, "数控机床精度补偿", studio="第1职工创新工作室", **bare))
    past.save_project(project(2016, "空调机组变频改造", studio="第2职工创新工作室", **bare))
    past.save_project(project(2022, "今年的项目", studio="第3职工创新工作室", **bare))
    recheck(past)
    record_past_award(past, awarded, 5 * WAN, date(2016, 12, 20))
    recheck(past)

    def row(year: int) -> tuple[int, ...]:
        r = year_statistics(past, year).totals[PROJECT]
        return r.received, r.eligible, r.incomplete, r.approved

    assert row(2016) == (2, 1, 1, 1)  # the undecided one waits
    close_year(past, 2016)
    assert row(2016) == (2, 2, 0, 1)
    assert row(2022)[1:3] == (0, 1)  # the current year as it was


def test_a_close_made_before_its_line_kept_the_papers_is_taken_back_from_the_history(year_2016):
    """A register closed by an earlier release: its close line names the papers, not what
    they were; each goes back to the status its close's first move found it in."""
    reg, _awarded, left, qualified = year_2016
    close_year(reg, 2016)
    reg.conn.execute("UPDATE audit_events SET before = json_object('year', 2016)"
                     " WHERE action = ?", (CLOSE_YEAR,))
    reopen_year(reg, 2016, "升级前的结年")
    assert [reg.project(i).status for i in (left, qualified)] == ["registered", "qualified"]
