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

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.pinyin_order import sort_key
from boostdesk.statistics import NO_UNIT, Column, StreamRow, Table, YearStatistics

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


def compare_columns(old: int, new: int) -> list[Column]:
    cols = [Column("stream", "类别", text=True), Column("unit", "推荐工会", text=True, width=28)]
    for key, header, word, money in MEASURES:
        cols += [Column(f"{key}:old", f"{old}年度{header}", money=money, short=f"{old}{word}"),
                 Column(f"{key}:new", f"{new}年度{header}", money=money, short=f"{new}{word}"),
                 Column(f"{key}:change", f"{header.split('（')[0]}增减", money=money,
                        short="增减")]
    return cols


def compare_table(old: YearStatistics, new: YearStatistics) -> Table:
    """Each stream's unions (in pinyin order, papers naming no union last), its 小计, and
    the two streams' 合计; the paid figures as they stand on the statistics' day (a year's
    tails paid since count in its column)."""
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
    note = (f"推荐工会按名称对齐；某年度无申报的推荐工会，该年度列为“{ABSENT}”，增减按 0 计；"
            f"已拨付为截至统计日期（{new.as_of.isoformat()}）的累计拨付，含以后年度拨付的往年尾款")
    return Table(f"{old.year}年度与{new.year}年度对比（按推荐工会）",
                 compare_columns(old.year, new.year), rows, sheet="年度对比", note=note,
                 totals=tuple(subtotals), groups=(("件数", 2), ("金额", 11)), repeat=2)


def _cells(before: dict[str, int] | None, after: dict[str, int] | None) -> list[int | str]:
    out: list[int | str] = []
    for key, *_ in MEASURES:
        a = before[key] if before is not None else None
        b = after[key] if after is not None else None
        out += [ABSENT if a is None else a, ABSENT if b is None else b, (b or 0) - (a or 0)]
    return out
