"""The register's clock: every audit line, change stamp and upgrade reads it here (a test
sets it back or ahead in one place); and the day the screens judge by (what is overdue,
what falls due soon), which ``boostdesk screenshots`` fixes to a day of the demo's season:
pictured against this computer's date, the 2022 demo's payments showed 已逾期 1378 天 and
changed every day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

_fixed_day: date | None = None


def now() -> str:
    """This moment as the register stores it: ISO 8601 to the second, local time."""
    return datetime.now().isoformat(timespec="seconds")


def today() -> date:
    """The day the screens judge by: this computer's date, unless :func:`fixed_day` holds one."""
    return _fixed_day or date.today()


@contextmanager
def fixed_day(day: date) -> Iterator[None]:
    """:func:`today` is ``day`` inside (pictures of the demo as of a day in its season).
    The stamps of :func:`now` and the checks against a date in the future keep the real
    clock: only what is shown as due or overdue follows."""
    global _fixed_day
    before, _fixed_day = _fixed_day, day
    try:
        yield
    finally:
        _fixed_day = before
