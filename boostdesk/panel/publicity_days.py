"""How long a publicity runs, as the year's plan counts it: 公示期 N 天 (natural days, both
ends counted) or N 个工作日 (Monday to Friday, both ends counted).

The plan states no length (方案未定，本办自定): the office sets it per year in 设置
(``Campaign.publicity_days`` and ``publicity_day_unit``). Public holidays and the weekend
days worked in their place (调休) are announced year by year and are not known here: a
working-day period is counted Monday to Friday, and every place that counts it says so,
so the office checks the end date it posts."""

from __future__ import annotations

from datetime import date, timedelta

from boostdesk.models.campaign import WORKING_DAYS, Campaign

HOLIDAYS_UNKNOWN = "法定节假日和调休未计入，请按当年安排核对"


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def working_days(start: date, end: date) -> int:
    """Monday-to-Friday days from ``start`` to ``end``, both counted."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum(is_working_day(start + timedelta(days=weeks * 7 + i))
                           for i in range(rest))


def period_end(c: Campaign, start: date) -> date:
    """The last day of a period the year's plan would post from ``start``: its N natural
    days, or its Nth working day (a weekend start counts from the Monday)."""
    n = max(c.publicity_days, 1)
    if c.publicity_day_unit != WORKING_DAYS:
        return start + timedelta(days=n - 1)
    day, counted = start, int(is_working_day(start))
    while counted < n:
        day += timedelta(days=1)
        counted += int(is_working_day(day))
    return day


def span_words(start: date, end: date) -> str:
    """共 9 天，其中 7 个工作日（周一至周五，法定节假日…）: what a period typed is."""
    return (f"共 {(end - start).days + 1} 天，其中 {working_days(start, end)} 个工作日"
            f"（按周一至周五计，{HOLIDAYS_UNKNOWN}）")


def period_words(c: Campaign, start: date, end: date) -> str:
    """The period's length as the list posts it, in the year's unit: 共 7 天 / 共 5 个工作日."""
    if c.publicity_day_unit == WORKING_DAYS:
        return f"共 {working_days(start, end)} 个工作日"
    return f"共 {(end - start).days + 1} 天"
