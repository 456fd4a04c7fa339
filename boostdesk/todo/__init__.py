"""待办: what is open in every campaign year of the register as of a day, by kind, with
counts, money and the oldest or most overdue first; each item says what to do and where.

No Qt. The 待办 screen (ui/todo_screen.py), the status bar's line after the start and
`boostdesk todo` read :func:`todo_list`. Nothing is written: the payment lines are read as
the writes keep them (``finance.plan_follow``)."""

from __future__ import annotations

from datetime import date

from boostdesk.models.campaign import Campaign
from boostdesk.models.register import Register

from .items import ITEMS_SHOWN, KIND, KINDS, Group, Kind, TodoItem, TodoList, first_steps
from .papers import awaiting_approval, no_enterprise, unassigned_projects, waiting_papers
from .payments import completions, line_groups, paid_refused, recoveries
from .review import (
    complete_scores,
    ended_publicity,
    missing_scores,
    open_objections,
    unpublished_lists,
)

__all__ = ["ITEMS_SHOWN", "KIND", "KINDS", "Group", "Kind", "TodoItem", "TodoList",
           "todo_list"]


def todo_list(reg: Register, today: date | None = None, *,
              limit: int | None = ITEMS_SHOWN) -> TodoList:
    """Every kind with open work as of ``today`` (this computer's day by default), in
    :data:`KINDS`' order; each kind's items counted whole, its first ``limit`` listed
    (``None``: all)."""
    from boostdesk.models import clock

    today = today or clock.today()
    most = limit if limit is not None else 1 << 62
    campaigns = {r[0]: (r[1], Campaign.from_json(r[2])) for r in reg.conn.execute(
        "SELECT id, year, params FROM campaigns")}
    groups: list[Group] = [
        *waiting_papers(reg, campaigns, today, most),
        awaiting_approval(reg, campaigns, most),
        unassigned_projects(reg, campaigns, most),
        no_enterprise(reg, most),
        missing_scores(reg, most),
        complete_scores(reg, most),
        unpublished_lists(reg, most),
        open_objections(reg, most),
        ended_publicity(reg, today, most),
        *line_groups(reg, today, most),
        paid_refused(reg, most),
        recoveries(reg, most),
        *completions(reg, campaigns, today, most),
    ]
    order = {k.key: n for n, k in enumerate(KINDS)}
    groups = sorted((g for g in groups if g.count), key=lambda g: order[g.kind.key])
    empty = not reg.scalar("SELECT EXISTS (SELECT 1 FROM patent_applications)"
                           " OR EXISTS (SELECT 1 FROM project_applications)")
    return TodoList(today, groups,
                    first_steps(sorted(y for y, _c in campaigns.values())) if empty else ())
