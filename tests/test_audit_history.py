"""One project's 修改记录 at ten years of history: the detail pane reads it each time a row is
chosen (a search, ↓ through the list). It read every year's expert and adoption events (an
adoption names every project ranked that year): ≈ 0.13 s a row at ten years, growing yearly."""

from __future__ import annotations

from datetime import date

from test_finance import add_project

from boostdesk import audit_log
from boostdesk.models import plan_2022
from boostdesk.models.records import PROJECT


def _loads(monkeypatch) -> list[int]:
    """How many audit documents are parsed from now on."""
    seen = [0]
    real = audit_log._load

    def counting(text):
        seen[0] += 1
        return real(text)

    monkeypatch.setattr(audit_log, "_load", counting)
    return seen


def _other_years(reg, years: range) -> None:
    """Earlier years' panels as the trail holds them: experts and their adoptions."""
    with reg.transaction():
        for year in years:
            cid = reg.save_campaign(plan_2022().for_year(year))
            for n in range(7):
                reg.audit("create", "experts", year * 10 + n, None,
                          {"name": f"专家{year}{n}", "organisation": "北京工业大学"})
            reg.audit("adopt", "proposals", cid, None, {"proposals": [
                {"project_id": 10_000 + n, "rank": n, "amount_fen": 3_000_000}
                for n in range(300)]})


def test_a_projects_trail_reads_none_of_other_years_panels(reg, monkeypatch):
    project = add_project(reg, status="approved", approved=date(2022, 12, 28))
    reg.audit("adopt", "proposals", reg.campaign_id(2022), None,
              {"proposals": [{"project_id": project, "rank": 1, "amount_fen": 10_000_000}]})
    loads = _loads(monkeypatch)
    alone = audit_log.trail(reg, application=(PROJECT, project))
    read_alone = loads[0]
    _other_years(reg, range(2012, 2022))
    loads[0] = 0
    among = audit_log.trail(reg, application=(PROJECT, project))
    assert among == alone  # the same lines: its adoption among them
    assert any(x.entity == "proposals" for x in among)
    assert loads[0] <= read_alone, (read_alone, loads[0])
