"""A year's 印发日期 against the days the register already holds for its papers.

The plan is issued before its papers can be sent: the 印发日期 is the earliest 收件日期,
资格审核日期 and 核准日期 the program takes (``received_days``, ``rules.hand_moves``). A
date typed a year or a month off after papers came in (2023-12-01 for 2023-09-20) would
leave the register saying they were received, judged and paid before the plan existed,
and refuse each of those days when typed again. After the 报送截止日 it is no plan at
all (``campaign_settings.validate_campaign`` refuses it); before it but after days
already held, it is said first — how many papers, which days — and stored once agreed
(设置's question, ``campaign set --yes``), as a grant window's clash is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boostdesk.models.records import PATENT, PROJECT, id_ref

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign
    from boostdesk.models.register import Register

NAMED = 3  # papers named in a line before 等 N 项
TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}

# (what, SQL giving stream-less (application id, day) rows of the year's papers)
_DAYS = (
    ("收件日期", "SELECT a.id, a.received_date FROM {t} a WHERE a.campaign_id = ?"),
    ("资格审核日期", "SELECT a.id, h.decided_on FROM {t} a JOIN status_history h"
                 " ON h.stream = ? AND h.application_id = a.id WHERE a.campaign_id = ?"),
    ("核准日期", "SELECT a.id, a.approved_date FROM {t} a WHERE a.campaign_id = ?"),
    ("拨付日期", "SELECT a.id, p.paid_date FROM {t} a JOIN payments p"
               " ON p.stream = ? AND p.application_id = a.id WHERE a.campaign_id = ?"),
)


@dataclass(frozen=True)
class DatedBefore:
    """The papers one kind of day (``what``) of which falls before the new 印发日期."""

    what: str
    refs: tuple[str, ...]
    first: date

    def line(self) -> str:
        shown = "、".join(self.refs[:NAMED])
        more = f" 等 {len(self.refs)} 项" if len(self.refs) > NAMED else ""
        return (f"{len(self.refs)} 项申报的{self.what}（最早 {self.first.isoformat()}：{shown}{more}）")


@dataclass(frozen=True)
class IssueDateMove:
    """A 印发日期 moved later than days the year's papers already hold."""

    year: int
    old: date
    new: date
    dated: tuple[DatedBefore, ...]
    papers: int  # the papers any of those days belongs to, counted once

    def question(self, advice: str = "方案原文确实如此的，可仍然保存；填错的，请改正。") -> str:
        """What 设置 asks and ``campaign set`` prints before storing it."""
        return (f"{self.year} 年度的印发日期由 {self.old.isoformat()} 改为 {self.new.isoformat()}，"
                f"晚于登记册中已有的日期，共涉及 {self.papers} 项申报："
                + "；".join(d.line() for d in self.dated)
                + "。保存后这些日期不变，但登记册将显示这些申报在方案印发之前已收件、审核或拨付；"
                f"这些日期此后再录入或更正时，都将因早于印发日期 {self.new.isoformat()} 被拒绝。"
                f"\n{advice}")


def issue_date_move(reg: Register, before: Campaign | None,
                    after: Campaign) -> IssueDateMove | None:
    """The days of ``after``'s year that its 印发日期, moved later than ``before``'s, now
    follows; None when it did not move later or no day falls before it (an issue date
    agreed to before is not asked again at every save)."""
    if before is None or after.issued_date <= before.issued_date:
        return None
    cid = reg.scalar("SELECT id FROM campaigns WHERE year = ?", (after.year,))
    if cid is None:
        return None
    new = after.issued_date.isoformat()
    dated, papers = [], set()
    for what, sql in _DAYS:
        found: dict[tuple[str, int], str] = {}
        for stream, table in TABLES.items():
            params = (cid,) if sql.count("?") == 1 else (stream, cid)
            for app_id, day in reg.conn.execute(sql.format(t=table), params):
                if day and str(day)[:10] < new:
                    key = (stream, int(app_id))
                    found[key] = min(found.get(key, str(day)[:10]), str(day)[:10])
        if found:
            keys = sorted(found)  # patents first, by 登记号
            papers.update(keys)
            dated.append(DatedBefore(what, tuple(id_ref(*k) for k in keys),
                                     date.fromisoformat(min(found.values()))))
    if not dated:
        return None
    return IssueDateMove(after.year, before.issued_date, after.issued_date, tuple(dated),
                         len(papers))


__all__ = ["DatedBefore", "IssueDateMove", "issue_date_move"]
