"""This computer's clock against the register's own record of time, no Qt.

A clock set back (a flat CMOS battery, a date typed a year wrong, a PC restored from an
image) dates every audit event and backup wrongly, and refuses a payment's or an
acceptance's real day as a day after today. Nothing in the program can tell the right
time, but a register whose latest changes are dated later than the clock's now was
changed on a later day than this computer believes it is: said when it is opened.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

# Another office computer's clock minutes off, or its time zone hours off: not worth a word.
SLACK = timedelta(days=1)
# The latest changes only (the trail is read by id, its newest last: no scan of a year's).
RECENT = 1000


def clock_behind_message(reg: Any, now: datetime | None = None) -> str | None:
    """What to tell the user opening ``reg`` (a :class:`~boostdesk.models.Register`)
    when its recent audit events are dated more than :data:`SLACK` after ``now`` (this
    computer's clock), else None."""
    latest = reg.scalar(
        "SELECT MAX(at) FROM (SELECT at FROM audit_events ORDER BY id DESC LIMIT ?)", (RECENT,))
    if not latest:
        return None
    try:
        at = datetime.fromisoformat(str(latest))
    except ValueError:
        return None
    now = now or datetime.now()
    if at <= now + SLACK:
        return None
    return (f"本机日期可能不对：登记册最近的修改记于 {at:%Y-%m-%d %H:%M}，晚于本机现在的时间 "
            f"{now:%Y-%m-%d %H:%M}。修改记录和备份都按本机时钟记时间，晚于本机日期的拨付、验收、"
            "公示日期也会被当作将来的日期拒绝：请先校正电脑的日期和时间（Windows：设置 → "
            "时间和语言 → 日期和时间），再继续录入")
