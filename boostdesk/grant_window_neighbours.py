"""A year's 专利授权期间 against the other years' (方案一（二）1: 授权公告日在…期间).

Each year's plan names the window its patents' grant dates must fall in; the windows
normally follow one another day for day (2021's plan: 2020's calendar year, 2022's: 2021's).
A window that overlaps another year's lets a patent granted in the overlap be claimed in
both years (the same-patent check catches the very same patent, not the office's intent);
one that leaves days between it and the year before or after means a patent granted then
can apply in no year. Neither is refused: a re-issued plan may move its window on purpose
(from calendar years to October–September, say), and its text is what counts. So both are
said, and stored once agreed (设置's question, ``campaign set``'s ``--yes``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign
    from boostdesk.models.register import Register

OVERLAP = "overlap"
GAP = "gap"


@dataclass(frozen=True)
class WindowClash:
    """The days (``start`` – ``end``, both counted) ``year``'s window shares with
    ``other_year``'s (OVERLAP), or leaves between them (GAP)."""

    kind: str
    year: int
    other_year: int
    other_start: date
    other_end: date
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def line(self) -> str:
        other = (f" {self.other_year} 年度的专利授权期间（{self.other_start.isoformat()} 至 "
                 f"{self.other_end.isoformat()}）")
        span = f"{self.start.isoformat()} 至 {self.end.isoformat()}（{self.days} 天）"
        if self.kind == OVERLAP:
            return (f"与{other}重叠 {span}：这期间授权的专利可在两个年度都申报"
                    "（同一专利重复申报仍会查出）")
        return f"与{other}之间空出 {span}：这期间授权的专利在哪个年度都不能申报"


def window_clashes(year: int, start: date, end: date,
                   others: Iterable[tuple[int, date, date]]) -> list[WindowClash]:
    """How ``year``'s window ``start`` – ``end`` sits against ``others`` (year, start, end):
    an overlap with any other year's, a gap to the year just before or just after (a year
    not set up yet in between leaves its own window to fill the gap). Oldest year first."""
    out = []
    for other, o_start, o_end in sorted(others):
        if other == year:
            continue
        if o_start <= end and start <= o_end:
            out.append(WindowClash(OVERLAP, year, other, o_start, o_end,
                                   max(start, o_start), min(end, o_end)))
        elif other == year - 1 and o_end + timedelta(days=1) < start:
            out.append(WindowClash(GAP, year, other, o_start, o_end,
                                   o_end + timedelta(days=1), start - timedelta(days=1)))
        elif other == year + 1 and end + timedelta(days=1) < o_start:
            out.append(WindowClash(GAP, year, other, o_start, o_end,
                                   end + timedelta(days=1), o_start - timedelta(days=1)))
    return out


def register_clashes(reg: Register, year: int, start: date, end: date) -> list[WindowClash]:
    """:func:`window_clashes` against every other year ``reg`` has."""
    others = []
    for other in reg.campaign_years():
        if other != year:
            c = reg.campaign(other)
            others.append((other, c.grant_window_start, c.grant_window_end))
    return window_clashes(year, start, end, others)


def changed_window_clashes(reg: Register, before: Campaign | None,
                           after: Campaign) -> list[WindowClash]:
    """The clashes of ``after``'s window when the change moved it; none when it stays as
    it was (a clash agreed to before is not asked again at every save)."""
    window = (after.grant_window_start, after.grant_window_end)
    if before is not None and window == (before.grant_window_start, before.grant_window_end):
        return []
    return register_clashes(reg, after.year, *window)


ASK_ADVICE = "方案原文确实如此的，可仍然保存；填错的，请改正。"


def clash_question(year: int, clashes: list[WindowClash], advice: str = ASK_ADVICE) -> str:
    """What 设置 asks and ``campaign set`` prints before storing such a window."""
    return (f"{year} 年度的专利授权期间" + "；".join(c.line() for c in clashes)
            + f"。\n{advice}")
