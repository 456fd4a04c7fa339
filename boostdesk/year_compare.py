"""Two years' statistics side by side (``stats --compare``, the workbook's 年度对比): for
each stream and each recommending union, the papers received, those past 资格审核, the
awards and their amount, and what is paid, in the earlier year, the later one and the
change.

The unions are aligned by name (a union renamed between the years is two rows: the
register keeps no link between the names); a union with papers in one year only is shown
with :data:`ABSENT` in the other, its change counted from 0. Every figure is the
statistics' own (:class:`boostdesk.statistics.StreamRow`), so a year's column adds up to
that year's sheets to the fen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.pinyin_order import sort_key
from boostdesk.statistics import NO_UNIT, Column, StreamRow, Table, YearStatistics

if TYPE_CHECKING:
    from boostdesk.models.register import Register

ABSENT = "—"  # no paper of that union in that year
STREAM_ZH = {PATENT: "专利助推", PROJECT: "创新项目助推"}
# (key, what the header says, its screen word, money)
MEASURES = (("received", "收到申报（件）", "收到", False),
            ("qualified", "通过资格审核（件）", "资审通过", False),
            ("approved", "核准助推（项）", "核准", False),
            ("award", "核准金额（元）", "核准金额", True),
            ("paid", "已拨付（元）", "已拨付", True))


def _figures(r: StreamRow) -> dict[str, int]:
    return {"received": r.received, "qualified": r.qualified, "approved": r.approved,
            "award": r.award_fen, "paid": r.paid_total}


def same_point(day: date, year: int, other: int) -> date:
    """The day in ``other``'s cycle that ``day`` is in ``year``'s (``stats --compare
    --as-of``): the same month and day, as many years apart as the campaigns (2022-12-31 of
    2022's → 2021-12-31 of 2021's), 2月29日 → 2月28日 in a common year."""
    target = day.year - (year - other)
    try:
        return day.replace(year=target)
    except ValueError:
        return day.replace(year=target, day=28)


def compare_columns(old: int, new: int, days: tuple[date, date] | None = None) -> list[Column]:
    """The columns; ``days``: the day each year's figures are counted to, said in its
    已拨付 header (each year's own, or both today's)."""
    from boostdesk.printing.common import cn_date

    cols = [Column("stream", "类别", text=True), Column("unit", "推荐工会", text=True, width=28)]
    for key, header, word, money in MEASURES:
        heads = [f"{y}年度{header}" for y in (old, new)]
        if days is not None and key == "paid":
            heads = [f"{y}年度已拨付（截至{cn_date(d)}，元）" for y, d in zip((old, new), days,
                                                                     strict=True)]
        cols += [Column(f"{key}:old", heads[0], money=money, short=f"{old}{word}"),
                 Column(f"{key}:new", heads[1], money=money, short=f"{new}{word}"),
                 Column(f"{key}:change", f"{header.split('（')[0]}增减", money=money,
                        short="增减")]
    return cols


def counted_to(old: YearStatistics, new: YearStatistics) -> tuple[str, str]:
    """(the title's words, the note's) on the day each year is counted to: each its own
    (``--as-of``, the same point of each cycle), or both today's — said plainly, as a year's
    money read today holds its tails paid in the years after it."""
    from boostdesk.printing.common import cn_date

    if old.cutoff is not None and new.cutoff is not None:
        return (f"各截至本年度{new.cutoff.month}月{new.cutoff.day}日",
                f"{old.year}年度截至{cn_date(old.cutoff)}、{new.year}年度截至{cn_date(new.cutoff)}"
                "，各计至本年度周期的同一日（月、日相同）：拨付、退汇、追回、核准及审核与助推阶段只计"
                "该日及以前的，两个年度同期可比")
    return (f"均截至{cn_date(new.as_of)}",
            f"两个年度均按{cn_date(new.as_of)}的数字统计：已拨付为至该日的累计拨付，"
            f"{old.year}年度含其后各年拨付的尾款，与{new.year}年度并非同期可比；"
            "同期对比请按截至日期统计（各年度计至本年度周期的同一日）")


def compare_table(old: YearStatistics, new: YearStatistics) -> Table:
    """Each stream's unions (in pinyin order, papers naming no union last), its 小计, and
    the two streams' 合计; each year's figures as of its statistics' day: its own cutoff
    (``--as-of``: the same point of each cycle, :func:`same_point`), else both today's (a
    year's tails paid since count in its column) — the title, the note and the 已拨付
    headers say which."""
    rows: list[list[int | str]] = []
    subtotals: list[int] = []
    both = {"old": {k: 0 for k, *_ in MEASURES}, "new": {k: 0 for k, *_ in MEASURES}}
    for stream in (PATENT, PROJECT):
        before = {r.unit: _figures(r) for r in old.rows.get(stream, [])}
        after = {r.unit: _figures(r) for r in new.rows.get(stream, [])}
        names = sorted(before.keys() | after.keys(), key=lambda n: (n == NO_UNIT, sort_key(n)))
        for name in names:
            rows.append([STREAM_ZH[stream], name, *_cells(before.get(name), after.get(name))])
        subtotals.append(len(rows))
        sums = (_figures(old.totals[stream]), _figures(new.totals[stream]))
        rows.append([STREAM_ZH[stream], "小计", *_cells(*sums)])
        for side, figures in zip(("old", "new"), sums, strict=True):
            for k in figures:
                both[side][k] += figures[k]
    rows.append(["合计", "两类合计", *_cells(both["old"], both["new"])])
    when, said = counted_to(old, new)
    note = (f"{said}；推荐工会按名称对齐；某年度无申报的推荐工会，该年度列为“{ABSENT}”，"
            "增减按 0 计")
    return Table(f"{old.year}年度与{new.year}年度对比（按推荐工会，{when}）",
                 compare_columns(old.year, new.year, (old.as_of, new.as_of)), rows,
                 sheet="年度对比", note=note,
                 totals=tuple(subtotals), groups=(("件数", 2), ("金额", 11)), repeat=2)


def _cells(before: dict[str, int] | None, after: dict[str, int] | None) -> list[int | str]:
    out: list[int | str] = []
    for key, *_ in MEASURES:
        a = before[key] if before is not None else None
        b = after[key] if after is not None else None
        out += [ABSENT if a is None else a, ABSENT if b is None else b, (b or 0) - (a or 0)]
    return out


class CompareRefused(ValueError):
    """The compared year cannot be counted to the same point of its cycle; said in Chinese."""


def compared_statistics(reg: Register, stats: YearStatistics, other: int) -> YearStatistics:
    """``other``'s statistics to set beside ``stats``: as of the same point of its own
    cycle when ``stats`` is as of a day (:func:`same_point`; 2021 to 2021-12-31 beside
    2022 to 2022-12-31, not 2021's money counted a year longer), else as they stand now."""
    from boostdesk.statistics import as_of_refusal, year_statistics

    if stats.cutoff is None:
        return year_statistics(reg, other)
    day = same_point(stats.cutoff, stats.year, other)
    if as_of_refusal(reg.campaign(other), day):
        raise CompareRefused(
            f"对比的 {other} 年度按同一时点统计，应截至 {day.isoformat()}：该日"
            + ("在今天之后，尚无可对比的数字" if day > date.today()
               else f"在 {other} 年度方案印发（{reg.campaign(other).issued_date.isoformat()}）之前，"
                    "该年度尚无申报")
            + "；请换一个截至日期，或不写截至日期（两个年度均按现在的数字）")
    return year_statistics(reg, other, cutoff=day)
