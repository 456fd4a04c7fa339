"""What an auditor picks out of the trail (``boostdesk audit``): the awards withdrawn, the
changes made to an application after its approval, a range of days. Each pick sees every
event of the trail in order (an approval read before the change it dates) and keeps or
drops its line; the trail's own choice (a year, applications) is made first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from boostdesk.audit_log import APP_TABLES, Apps, Line, Pick
from boostdesk.labels import show_value

# A status an award stood in: approved, or published (公示) on its way to approval, or
# paid out in part and being accepted (a project's ranking checked again after the bank
# returned its money).
_AWARDED = {"approved", "publicized", "accepted", "acceptance_failed"}
_TAKEN_BACK = {"refused", "not_awarded"}



def _app(e: dict[str, Any]) -> tuple[str, int] | None:
    if e["entity"] in APP_TABLES and e["entity_id"] is not None:
        return APP_TABLES[e["entity"]], e["entity_id"]
    return None


@dataclass
class Withdrawn:
    """每一项撤销核准或公示后未获助推的: who, when, why (the status line's 理由), and the
    award taken back: the line's own (since the status line kept it), else the last award
    and approval date recorded for the application before it."""

    award: dict[tuple[str, int], tuple[Any, Any]] = field(default_factory=dict)

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        app = _app(e)
        if app is None:
            return None
        before, after = e["before"] or {}, e["after"] or {}
        was = self.award.get(app, (None, None))
        if "award_fen" in after or "approved_date" in after:
            self.award[app] = (after.get("award_fen", was[0]), after.get("approved_date", was[1]))
        if not (e["action"] == "status" and before.get("status") in _AWARDED
                and after.get("status") in _TAKEN_BACK):
            return None
        made = line()
        if "award_fen" in before:  # said by the line itself
            return made
        told = "；".join(f"{label}：{show_value(key, value)} → （空）"
                        for label, key, value in (("助推金额", "award_fen", was[0]),
                                                  ("核准日期", "approved_date", was[1]))
                        if value is not None)
        return replace(made, details="；".join(x for x in (made.details, told and
                                                           f"{told}（据此前的记录）") if x))


@dataclass
class AfterApproval:
    """Every line about an application from its (first) approval on: its fields, status,
    payments, and what another screen changed of its inventor, studio or union."""

    approved: dict[tuple[str, int], int] = field(default_factory=dict)

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        app = _app(e)
        if (app is not None and app not in self.approved and e["action"] == "status"
                and (e["after"] or {}).get("status") == "approved"):
            self.approved[app] = e["id"]
        if any(e["id"] >= self.approved.get(a, e["id"] + 1) for a in apps):
            return line()
        return None


@dataclass(frozen=True)
class Days:
    """Lines made from ``first`` to ``last`` (days as the trail's times read them: the
    computer's clock); ``None``: no bound."""

    first: date | None
    last: date | None

    def __call__(self, e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        day = str(e["at"])[:10]
        if self.first is not None and day < self.first.isoformat():
            return None
        if self.last is not None and day > self.last.isoformat():
            return None
        return line()


def every(picks: list[Pick]) -> Pick | None:
    """The picks together: a line kept by each. Each sees every event (one tracking the
    approvals must see an approval another drops)."""
    if not picks:
        return None
    if len(picks) == 1:
        return picks[0]

    def both(e: dict[str, Any], apps: Apps, line: Callable[[], Line]) -> Line | None:
        made: list[Line] = []  # the line, and each pick's amended one

        def current() -> Line:
            if not made:
                made.append(line())
            return made[-1]

        kept = True
        for pick in picks:
            got = pick(e, apps, current)
            if got is None:
                kept = False
            elif kept:
                made.append(got)
        return made[-1] if kept and made else None

    return both
