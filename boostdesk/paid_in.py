"""What was paid in a period of days, whatever campaign year it belongs to (``stats
--paid-in 2023``, the workbook's 按拨付日期 sheet): a 2021 project's 尾款 paid in 2023 is
in 2023's money. Read from the payment lines themselves (:func:`finance.read_lines.
payment_lines`, what 拨付 and ``pay list`` show), each paid line by its paid day, so the
figures are theirs to the fen."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from boostdesk.finance.terms import PAYERS
from boostdesk.models.campaign import PAYER_ZH
from boostdesk.models.register import Register
from boostdesk.statistics import Column, Table

STREAM_ZH = {"patent": "专利助推", "project": "创新项目助推"}


class PeriodError(ValueError):
    """A period the command line cannot read, said in Chinese."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    @property
    def label(self) -> str:
        """2023年, 2023年7月, or 2023-01-01 至 2023-06-30."""
        f, t = self.first, self.last
        if (f.month, f.day, t.month, t.day) == (1, 1, 12, 31) and f.year == t.year:
            return f"{f.year}年"
        if f.day == 1 and (f.year, f.month) == (t.year, t.month) and \
                t.day == monthrange(t.year, t.month)[1]:
            return f"{f.year}年{f.month}月"
        return f"{f.isoformat()} 至 {t.isoformat()}"


def parse_period(text: str) -> Period:
    """2023 (the calendar year), 2023-07 (a month), or 2023-01-01..2023-06-30 (days, both
    included)."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return Period(date(int(text), 1, 1), date(int(text), 12, 31))
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            y, mo = int(m[1]), int(m[2])
            return Period(date(y, mo, 1), date(y, mo, monthrange(y, mo)[1]))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|至|~)\s*(\d{4}-\d{2}-\d{2})", text):
            first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if first <= last:
                return Period(first, last)
            raise PeriodError(f"拨付期间“{text}”的开始日期 {first.isoformat()} 晚于结束日期 "
                              f"{last.isoformat()}：请先写开始日期，如 {last.isoformat()}.."
                              f"{first.isoformat()}")
    except PeriodError:
        raise
    except ValueError:
        pass
    raise PeriodError(f"无法识别拨付期间“{text}”：请写年度（2023）、月份（2023-07）"
                      "或起止日期（2023-01-01..2023-06-30）")


RECOVERED = "撤销助推追回"  # the tranche column of money recovered in the period


@dataclass
class PaidGroup:
    year: int  # the campaign's year
    stream: str
    tranche: str  # 一次拨付, 首笔, 尾款; RECOVERED for the money recovered in the period
    payer: str  # 市总工会 / 推荐工会
    lines: int = 0
    amount_fen: int = 0
    # of them, lines of an award revoked since (finance.recovery): the money left that day,
    # but the year statistics count no paid award for it; of it recovered so far (each
    # line's share of its payer's instalments: finance.recovery_parts), and still owed
    revoked_lines: int = 0
    to_recover_fen: int = 0  # 尚欠
    recovered_fen: int = 0
    # money of revoked awards recovered in the period (by its recovered day): the payout
    # net of it is what the payer is out of pocket for the period
    back_fen: int = 0

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.back_fen


def paid_in(reg: Register, period: Period) -> list[PaidGroup]:
    """The paid lines whose paid day is in ``period``, by campaign year, stream, tranche
    and payer, in that order; after each year and stream's tranches, what was recovered
    in the period of its revoked awards (by the day recovered)."""
    from boostdesk.finance.read_lines import payment_lines

    groups: dict[tuple[int, str, int, str], PaidGroup] = {}
    for x in payment_lines(reg):
        if x.paid_date is None or not period.first <= x.paid_date <= period.last:
            continue
        # a middle tranche keeps its number: 首笔 < 第2笔 < 尾款
        key = (x.year, x.stream, x.tranche, x.payer)
        g = groups.get(key)
        if g is None:
            g = groups[key] = PaidGroup(x.year, x.stream, x.tranche_name, PAYER_ZH[x.payer])
        g.lines += 1
        g.amount_fen += x.amount_fen
        if x.to_recover:
            g.revoked_lines += 1
            g.recovered_fen += x.recovered_fen
            g.to_recover_fen += x.owing_fen
    back = 10**6  # after every tranche of its year and stream
    for year, stream, payer, n, fen in recovered_in(reg, period):
        key = (year, stream, back, payer)
        groups[key] = PaidGroup(year, stream, RECOVERED, PAYER_ZH[payer], lines=n, back_fen=fen)
    return [groups[k] for k in sorted(groups, key=lambda k: (
        k[0], list(STREAM_ZH).index(k[1]), k[2], PAYERS.index(k[3])))]


def recovered_in(reg: Register, period: Period) -> list[tuple[int, str, str, int, int]]:
    """(campaign year, stream, payer, instalments, fen) of the revoked awards' money
    recovered in ``period`` (each instalment by its day), whenever it was paid."""
    out = []
    for stream, table in (("patent", "patent_applications"), ("project", "project_applications")):
        out += [(int(y), stream, payer, n, int(fen)) for y, payer, n, fen in reg.conn.execute(
            "SELECT c.year, i.payer, COUNT(*), SUM(i.amount_fen) FROM recoveries r"
            " JOIN recovery_instalments i ON i.recovery_id = r.id"
            f" JOIN {table} a ON a.id = r.application_id JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE r.stream = ? AND i.recovered_date BETWEEN ? AND ? GROUP BY 1, 2",
            (stream, period.first.isoformat(), period.last.isoformat()))]
    return out


def paid_years(reg: Register) -> list[int]:
    """The calendar years any money was paid or recovered in: the periods worth offering."""
    return sorted(int(y) for (y,) in reg.conn.execute(
        "SELECT DISTINCT substr(paid_date, 1, 4) FROM payments WHERE paid_date IS NOT NULL"
        " UNION SELECT DISTINCT substr(recovered_date, 1, 4) FROM recovery_instalments")
        if y and str(y).isdigit())


def _sums(groups: list[PaidGroup]) -> list[int | str]:
    return [sum(g.lines for g in groups), sum(g.amount_fen for g in groups),
            sum(g.revoked_lines for g in groups), sum(g.recovered_fen for g in groups),
            sum(g.to_recover_fen for g in groups), sum(g.back_fen for g in groups),
            sum(g.net_fen for g in groups)]


def paid_in_table(reg: Register, period: Period) -> Table:
    """The groups, a 小计 each campaign year, each payer's 合计 across years and streams,
    and the 合计."""
    # the year's column as wide as 市总工会合计 (the first column's 24 is a union's): the
    # sheet then prints on one page wide
    cols = [Column("year", "申报年度", text=True, width=14), Column("stream", "类别", text=True),
            Column("tranche", "拨付批次", text=True), Column("payer", "承担方", text=True),
            Column("lines", "笔数"), Column("amount", "拨付金额（元）", money=True),
            Column("revoked_lines", "其中已撤销助推（笔）", short="其中已撤销助推笔数"),
            Column("recovered", "其中已撤销助推已追回（元）", money=True, short="其中已追回"),
            Column("to_recover", "其中已撤销助推尚欠（元）", money=True, short="其中尚欠"),
            Column("back", "本期追回（按追回日期，元）", money=True, short="本期追回"),
            Column("net", "净拨付（拨付金额减本期追回，元）", money=True, short="净拨付")]
    rows: list[list[int | str]] = []
    subtotals: list[int] = []
    groups = paid_in(reg, period)

    def cells(g: PaidGroup) -> list[int | str]:
        return [f"{g.year}年度", STREAM_ZH[g.stream], g.tranche, g.payer, *_sums([g])]

    for year in sorted({g.year for g in groups}):
        mine = [g for g in groups if g.year == year]
        rows += [cells(g) for g in mine]
        subtotals.append(len(rows))
        rows.append([f"{year}年度", "小计", "", "", *_sums(mine)])
    for payer in PAYER_ZH.values():  # each payer's money in the period, both streams
        subtotals.append(len(rows))
        rows.append([f"{payer}合计", "两类合计", "", payer,
                     *_sums([g for g in groups if g.payer == payer])])
    rows.append(["合计", "", "", "", *_sums(groups)])
    note = (f"拨付日期在 {period.first.isoformat()} 至 {period.last.isoformat()} 之间的"
            "已拨付款项（含往年度的尾款），按申报年度、类别、批次和承担方汇总；其中已撤销助推："
            "款已汇出、后撤销助推（应追回），年度统计不计为已拨付，其中已追回的和尚欠的分列"
            "（付款单位分次追回的，先抵该单位较早批次的款项）；"
            f"“{RECOVERED}”行：追回日期在该期间内的撤销助推款（笔数为追回的次数），"
            "净拨付 = 拨付金额 − 本期追回")
    return Table(f"拨付金额（{period.label}，按拨付日期，跨申报年度）", cols, rows,
                 sheet="按拨付日期", note=note, totals=tuple(subtotals))
