"""总览: the year-end statistics on one page to hand over (the PDF's first page, the
workbook's first sheet) — both streams' papers received, awards approved (件数、金额),
paid and still to pay (待拨付, 待验收, 暂缓拨付), and with ``--compare`` the other year
beside it, with the change. The handout opened with the office's own 按规则自动核对
columns, 19 pages before a reader had the year's totals.

Every figure is the statistics' 合计 (:class:`boostdesk.statistics.StreamRow`), so the page
adds up to the tables after it to the fen."""

from __future__ import annotations

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.statistics import Column, StreamRow, Table, YearStatistics

STREAMS = ((PATENT, "专利助推"), (PROJECT, "创新项目助推"))
# (key, header): 未拨付 is 待拨付 + 待验收 + 暂缓拨付 (the rest of a failed acceptance, never
# paid, is in none)
MEASURES = (("received", "收到申报（件）"), ("approved", "核准助推（项）"),
            ("award", "核准金额（元）"), ("paid", "已拨付（元）"), ("owed", "未拨付（元）"),
            ("due", "未拨付中：待拨付（元）"), ("awaiting", "未拨付中：待验收（元）"),
            ("held", "未拨付中：暂缓拨付（元）"))
MONEY = frozenset(("award", "paid", "owed", "due", "awaiting", "held"))


def _figures(r: StreamRow) -> dict[str, int]:
    return {"received": r.received, "approved": r.approved, "award": r.award_fen,
            "paid": r.paid_total, "owed": r.owed_total, "due": r.due_fen,
            "awaiting": r.awaiting_fen, "held": r.owed_total - r.due_fen - r.awaiting_fen}


def _sum(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a[k] + b[k] for k in a}


def period_label(stats: YearStatistics) -> str:
    """2022年度（截至2022年12月31日）: the year and the day its figures are counted to."""
    from boostdesk.printing.common import cn_date

    return f"{stats.year}年度（截至{cn_date(stats.as_of)}）"


def overview_table(stats: YearStatistics, compared: YearStatistics | None = None) -> Table:
    """The one-page 总览 of ``stats``; ``compared`` (``--compare``): the other year's rows
    beside each (the earlier first) and the change."""
    years = sorted([stats, compared], key=lambda s: s.year) if compared is not None else [stats]
    figures = [{stream: _figures(s.totals[stream]) for stream, _ in STREAMS} for s in years]
    for f in figures:
        f["both"] = _sum(f[PATENT], f[PROJECT])
    shown = [(k, h) for k, h in MEASURES
             if k != "held" or any(f[s]["held"] for f in figures for s in f)]
    cols = [Column("stream", "类别", text=True), Column("period", "年度", text=True, width=30),
            *(Column(k, h, money=k in MONEY) for k, h in shown)]
    rows: list[list[int | str]] = []
    totals: list[int] = []
    for stream, name in (*STREAMS, ("both", "合计")):
        if stream == "both":
            totals.extend(range(len(rows), len(rows) + len(years) + (len(years) > 1)))
        for s, f in zip(years, figures, strict=True):
            rows.append([name, period_label(s), *(f[stream][k] for k, _ in shown)])
        if len(years) > 1:
            rows.append([name, f"增减（{years[1].year}年度较{years[0].year}年度）",
                         *(figures[1][stream][k] - figures[0][stream][k] for k, _ in shown)])
    return Table(_title(years), cols, rows, sheet="总览", note=_note(years, shown),
                 totals=tuple(totals[:-1]), repeat=2)


def _title(years: list[YearStatistics]) -> str:
    if len(years) == 1:
        return "总览"
    return f"总览（{years[1].year}年度与{years[0].year}年度对比）"


def _note(years: list[YearStatistics], shown: list[tuple[str, str]]) -> str:
    from boostdesk.statistics import later_paid_line, received_line, undated_line

    parts = "待拨付、待验收、暂缓拨付" if any(k == "held" for k, _ in shown) else "待拨付、待验收"
    said = [f"未拨付为核准金额中尚未拨付的部分（{parts}之和；验收未通过不再拨付的不计）；"
            "已拨付不含撤销助推已汇出、应追回的款项"]
    if len(years) > 1:
        from boostdesk.year_compare import counted_to

        said.append(counted_to(years[0], years[1])[1])
    said += [f"{s.year}年度{line}" for s in years if (line := later_paid_line(s))]
    if line := received_line(years[-1], dated=len(years) == 1):  # as of a day: each year's
        said.append(("各年度" if len(years) > 1 else "") + line)
    said += [f"{s.year}年度{line}" for s in years if (line := undated_line(s))]
    return "；".join(said)


def year_tables(stats: YearStatistics, compared: YearStatistics | None = None) -> list[Table]:
    """The year's tables as the handout and the workbook set them: the 总览 first."""
    from boostdesk.statistics import tables

    return [overview_table(stats, compared), *tables(stats)]
