"""A command that moves a status leaves the stored verdicts those of the rules, as the
app's screens do: the verdicts its writes changed are stored before the register closes."""

from __future__ import annotations

from datetime import date

from test_finance import add_project, lines_of
from test_recheck import stored_equals_full_check

from boostdesk.cli import main
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import CITY, ProjectApplication, Register, plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.rules import recheck

WAN = 10_000 * 100


def test_an_acceptance_recorded_on_the_command_line_lifts_next_years_finding(tmp_path, capsys):
    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
        awarded = add_project(reg)  # 2022, awarded to 李红兵劳模创新工作室
        sync_plan(reg, 2022)
        for line in lines_of(reg, PROJECT, awarded):
            if line.tranche == 1:
                mark_paid(reg, line.id, date(2023, 2, 20), "记-1")
        later = reg.save_project(ProjectApplication(
            campaign_year=2023, title="新一年的项目", studio_name="李红兵劳模创新工作室",
            studio_level=CITY, approval_date=date(2023, 3, 1), startup_funds_paid=True,
            planned_completion=date(2024, 6, 30), total_budget_fen=30 * WAN,
            requested_fen=10 * WAN,
        ))
        recheck(reg)
        stored = reg.conn.execute("SELECT findings FROM project_applications WHERE id = ?",
                                  (later,)).fetchone()[0]
        assert "STUDIO_HAS_UNFINISHED_AWARD" in stored

    assert main(["pay", "accept", str(awarded), "--db", str(path),
                 "--date", "2023-10-20", "--operator", "测试员"]) == 0  # before 2023-11-01
    assert "已登记结题验收" in capsys.readouterr().out

    with Register.open(path, operator="测试员") as reg:
        stored = reg.conn.execute("SELECT findings FROM project_applications WHERE id = ?",
                                  (later,)).fetchone()[0]
        assert "STUDIO_HAS_UNFINISHED_AWARD" not in stored
        stored_equals_full_check(reg)
