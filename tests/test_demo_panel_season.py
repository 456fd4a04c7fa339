"""The demo's project stream tells one season through the panel (finding 7): each award
of 2022 rests on scores its assigned experts returned, on a list adopted after them and
publicized before it was approved, and its money went out after that, in date order and
not after the day the demo is pictured on."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.demo import fill_demo
from boostdesk.models import Register, clock
from boostdesk.panel.adopt_day import adoption_day_refusal
from boostdesk.panel.experts import conflict, declared_conflicts, experts
from boostdesk.panel.grid import ensure_grid, settings
from boostdesk.panel.ranking import rank

DAY = date(2023, 3, 10)  # the day `boostdesk screenshots` pictures the demo on
AWARDED = ("approved", "paid_first", "accepted", "paid_final")


@pytest.fixture(scope="module")
def reg(tmp_path_factory):
    with clock.fixed_day(DAY):
        r = Register.open(tmp_path_factory.mktemp("demo") / "demo.db", "测试")
        fill_demo(r)
    yield r
    r.close()


def _d(text: str | None) -> date | None:
    return date.fromisoformat(str(text)[:10]) if text else None


def test_each_award_rests_on_scores_of_its_assigned_experts(reg):
    year = 2022
    awarded = reg.projects(year, statuses=AWARDED)
    assert len(awarded) == 10
    panel = {e.id: e for e in experts(reg, year)}
    declared = declared_conflicts(reg, year)
    criteria = len(ensure_grid(reg, year))
    need = settings(reg, year).experts_per_project
    for app in awarded:
        rows = reg.query("SELECT id, expert_id, submitted_at FROM assignments"
                         " WHERE project_id = ?", (app.id,))
        assert len(rows) >= need, app.title
        for a in rows:
            assert a["submitted_at"], (app.title, panel[a["expert_id"]].name)
            assert conflict(reg, panel[a["expert_id"]], app, declared) is None  # 回避 kept
            assert reg.scalar("SELECT COUNT(*) FROM scores WHERE assignment_id = ?",
                              (a["id"],)) == criteria
        proposal = reg.query("SELECT * FROM proposals WHERE project_id = ?", (app.id,))[0]
        assert proposal["amount_fen"] == app.award_fen and proposal["period_id"]
    ranking = rank(reg, year)
    assert not ranking.stale_published
    # the lists still to publicize or to adopt have their scores and dates too
    assert len(reg.projects(year, statuses=("publicized",))) == 3
    assert len(reg.projects(year, statuses=("proposed",))) == 3
    assert reg.projects(year, statuses=("review",)) and reg.projects(year, statuses=("qualified",))


def test_each_award_moved_in_date_order_and_not_after_the_day_pictured(reg):
    year = 2022
    deadline = reg.campaign(year).submission_deadline
    for app in reg.projects(year, statuses=AWARDED):
        qualified = _d(reg.scalar(
            "SELECT decided_on FROM status_history WHERE stream = 'project'"
            " AND application_id = ? AND to_status = 'qualified'", (app.id,)))
        scored = _d(reg.scalar("SELECT MAX(submitted_at) FROM assignments WHERE project_id = ?",
                               (app.id,)))
        proposal = reg.query("SELECT * FROM proposals WHERE project_id = ?", (app.id,))[0]
        adopted = _d(proposal["adopted_on"])
        period = reg.query("SELECT * FROM publicity_periods WHERE id = ?",
                           (proposal["period_id"],))[0]
        start, end, closed = (_d(period[k]) for k in ("start_date", "end_date", "closed_date"))
        assert app.received_date and qualified and scored and adopted and start and end
        assert app.approved_date is not None
        assert app.received_date <= qualified and deadline <= qualified < scored, app.title
        assert adoption_day_refusal(reg, year, [app.id or 0], adopted) is None
        assert scored <= adopted <= start <= end < closed == app.approved_date, app.title
        paid = reg.query("SELECT tranche, paid_date FROM payments WHERE stream = 'project'"
                         " AND application_id = ? AND paid_date IS NOT NULL", (app.id,))
        for p in paid:
            day = _d(p["paid_date"])
            assert day and app.approved_date < day <= DAY, app.title
            if p["tranche"] > 1:
                assert app.accepted_date and app.accepted_date <= day
        if app.status in ("paid_first", "accepted", "paid_final"):
            assert paid, app.title
        if app.accepted_date:
            assert app.accepted_date <= DAY
    # the status history in the same order, day by day
    for app in reg.projects(year):
        days = [r[0] for r in reg.conn.execute(
            "SELECT at FROM status_history WHERE stream = 'project' AND application_id = ?"
            " ORDER BY id", (app.id,))]
        assert days == sorted(days), app.title


def test_the_season_takes_no_backup_per_write(reg):
    """Qualification, adoption and publicity each back the register up first: in the
    demo's one transaction, on a register it has just made, that was a backup a write."""
    folder = reg.path.parent / "backups"
    assert not (folder.exists() and list(folder.glob("*.zip")))
