"""What was paid in a period of days, whatever campaign year it belongs to (``stats
--paid-in 2023``, the workbook's 按拨付日期 sheet): a 2021 project's 尾款 paid in 2023 is
in 2023's money. Read from the payment lines themselves (:func:`finance.read_lines.
payment_lines`, what 拨付 and ``pay list`` show), each movement of their money by its own
day (:mod:`finance.movements`: a transfer sent, one sent back by the bank; recoveries by
theirs), so a month once reconciled against the bank's statement stays as it was, and the
figures are theirs to the fen. By payer too: each recommending union pays from its own
account."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from boostdesk.finance.terms import PAYERS
from boostdesk.models.campaign import FEDERATION, PAYER_ZH, RECOMMENDING_UNION
from boostdesk.models.register import Register
from boostdesk.pinyin_order import sort_key
from boostdesk.program_name import hint_named
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
        """The period in words as it heads a document (the 拨付清单's 拨付日期, the 拨付金额
        table's title): 2023年, 2023年7月, 2023年1月1日至2023年6月30日, 2023年3月1日及以后
        or 及以前 — its days as every printed document writes a day (printing.common.cn_date),
        never 2023-01-01, which is the form typed on the command line (:attr:`days`)."""
        from boostdesk.printing.common import cn_date

        f, t = self.first, self.last
        if t == date.max:
            return f"{cn_date(f)}及以后"
        if f == date.min:
            return f"{cn_date(t)}及以前"
        if (f.month, f.day, t.month, t.day) == (1, 1, 12, 31) and f.year == t.year:
            return f"{f.year}年"
        if f.day == 1 and (f.year, f.month) == (t.year, t.month) and \
                t.day == monthrange(t.year, t.month)[1]:
            return f"{f.year}年{f.month}月"
        return f"{cn_date(f)}至{cn_date(t)}"

    @property
    def days(self) -> str:
        """The days as typed on the command line and shown on the screens: 2023-01-01 至
        2023-01-31, 2023-03-01 及以后, … 及以前 (a note's, said in words where it is printed:
        printing.common.cn_dates)."""
        f, t = self.first, self.last
        if t == date.max:
            return f"{f.isoformat()} 及以后"
        if f == date.min:
            return f"{t.isoformat()} 及以前"
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


def typed_period(first: str, last: str) -> Period | None:
    """The paid days 打印's 拨付清单 names in its boxes 从 and 至 (the window's
    ``print payments --paid-in`` / ``--from --to``): a day as the forms take it, or a month or
    a year (2025-01, 2025: its first day in 从, its last in 至); a box left empty leaves its
    end open; both empty, None (the list by tranche, not by paid day)."""
    from boostdesk.validate import ValidationError, parse_date

    ends: list[date] = []
    for text, name, end in ((first.strip(), "从", False), (last.strip(), "至", True)):
        if not text:
            ends.append(date.max if end else date.min)
            continue
        try:
            ends.append(parse_date(text))
            continue
        except ValidationError:
            pass
        try:
            period = parse_period(text)
        except PeriodError:
            raise PeriodError(f"拨付日期{name}“{text}”无法识别：请写日期如 2025-01-15，"
                              "或月份 2025-01、年度 2025") from None
        ends.append(period.last if end else period.first)
    if ends == [date.min, date.max]:
        return None
    if ends[0] > ends[1]:
        raise PeriodError(f"拨付日期从 {ends[0].isoformat()} 晚于至 {ends[1].isoformat()}："
                          "起止写反了，请对调")
    return Period(ends[0], ends[1])


def period_of(text: str | None, first: str | None = None,
              last: str | None = None) -> Period | None:
    """The period a command names: ``--paid-in`` PERIOD (:func:`parse_period`), or
    ``--from`` / ``--to`` days, both included (one alone leaves the other end open); None
    when none is given."""
    from boostdesk.validate import ValidationError, parse_date

    if text is not None and (first or last):
        raise PeriodError("--paid-in 与 --from/--to 只用其一：起止日期可写作 --paid-in "
                          "2023-01-01..2023-06-30，或 --from 2023-01-01 --to 2023-06-30")
    if text is not None:
        return parse_period(text)
    if not first and not last:
        return None
    days = []
    for value, option, open_end in ((first, "--from", date.min), (last, "--to", date.max)):
        try:
            days.append(parse_date(value) if value else open_end)
        except ValidationError as exc:
            raise PeriodError(f"{option} {value}：{exc}；日期请写成 YYYY-MM-DD，"
                              f"如 {option} 2023-03-01") from None
    if days[0] > days[1]:
        raise PeriodError(f"--from {days[0].isoformat()} 晚于 --to {days[1].isoformat()}")
    return Period(days[0], days[1])


RECOVERED = "撤销助推追回"  # the tranche column of money recovered in the period
RETURNED_BACK = "退汇（银行退回）"  # the tranche column of transfers sent back in the period
FEDERATION_LABEL = PAYER_ZH[FEDERATION]
UNIONS_LABEL = PAYER_ZH[RECOMMENDING_UNION]
OF_WHICH = "其中"  # a recommending union's own row under 推荐工会合计


@dataclass
class PaidGroup:
    year: int  # the campaign's year (0: a payer's row across years)
    stream: str
    # 一次拨付, 首笔, 尾款; RETURNED_BACK: transfers the bank sent back in the period (by the
    # day returned, whenever sent: a January transfer returned in February stays in
    # January's 拨付金额, February's 退汇 has it); RECOVERED: revoked awards' money recovered
    tranche: str
    payer: str  # 市总工会 / 推荐工会, or a recommending union's name (by_payer)
    lines: int = 0  # transfers sent (拨付笔数), as the period's 拨付清单 counts them
    amount_fen: int = 0  # what they sent (拨付金额)
    returned_lines: int = 0  # the bank's returns dated in the period (退汇笔数)
    returned_fen: int = 0
    # of them, lines of an award revoked since (finance.recovery): the money left that day,
    # but the year statistics count no paid award for it; of it recovered so far (each
    # line's share of its payer's instalments: finance.recovery_parts), and still owed
    revoked_lines: int = 0
    to_recover_fen: int = 0  # 尚欠
    recovered_fen: int = 0
    # money of revoked awards recovered in the period (by its recovered day), its sums:
    # apart from 净拨付, as the 拨付清单 and the bank's statement of transfers have it
    back_lines: int = 0
    back_fen: int = 0

    @property
    def net_fen(self) -> int:
        """净拨付: sent less the bank's returns — the period list's 本期净拨付."""
        return self.amount_fen - self.returned_fen


@dataclass
class PaidIn:
    """The period's money: by campaign year, stream, tranche and payer (市总工会 / 推荐工会),
    and by each payer that paid from its own account (the federation, each union)."""

    groups: list[PaidGroup]
    payers: list[PaidGroup]  # the federation first, then each union in pinyin order


_RETURN_SLOT, _BACK_SLOT = 10**6 - 1, 10**6  # after every tranche of its year and stream


def paid_in(reg: Register, period: Period) -> list[PaidGroup]:
    """The money moved in ``period``, by campaign year, stream, tranche and payer, in that
    order: each transfer sent by its own day (a re-payment after a return by its day);
    after each year and stream's tranches, the transfers sent back in the period (by the
    day returned) and what was recovered of its revoked awards (by the day recovered)."""
    return paid_in_by_payer(reg, period).groups


def paid_in_by_payer(reg: Register, period: Period) -> PaidIn:
    """:func:`paid_in`, and the same money by each payer's own account."""
    from boostdesk.finance.movements import RETURNED, SENT, read_trail
    from boostdesk.finance.read_lines import payment_lines

    groups: dict[tuple[int, str, int, str], PaidGroup] = {}
    payers: dict[str, PaidGroup] = {}

    def group(year: int, stream: str, slot: int, payer: str, label: str) -> PaidGroup:
        key = (year, stream, slot, payer)
        g = groups.get(key)
        if g is None:
            g = groups[key] = PaidGroup(year, stream, label, PAYER_ZH[payer])
        return g

    def count(g: PaidGroup, name: str, counter: str = "lines", **amounts: int) -> None:
        """One movement into its group and its payer's row (``counter``: which kind)."""
        p = payers.get(name)
        if p is None:
            p = payers[name] = PaidGroup(0, "", "", name)
        for target in (g, p):
            setattr(target, counter, getattr(target, counter) + 1)
            for field, fen in amounts.items():
                setattr(target, field, getattr(target, field) + fen)

    def payer_of(payer: str, union: str) -> str:
        return FEDERATION_LABEL if payer == FEDERATION else union

    first, last = period.first, period.last
    trail = read_trail(reg)
    for x in payment_lines(reg):
        moves = trail.of(x)
        standing = next((m for m in reversed(moves) if m.kind == SENT), None)
        name = payer_of(x.payer, x.payer_name)
        for m in moves:
            if not first <= m.day <= last:
                continue
            if m.kind == RETURNED:
                count(group(x.year, x.stream, _RETURN_SLOT, x.payer, RETURNED_BACK), name,
                      "returned_lines", returned_fen=m.amount_fen)
                continue
            # a middle tranche keeps its number: 首笔 < 第2笔 < 尾款
            g = group(x.year, x.stream, x.tranche, x.payer, x.tranche_name)
            revoked = x.to_recover and m is standing  # the transfer now to recover
            count(g, name, amount_fen=m.amount_fen, revoked_lines=int(revoked),
                  recovered_fen=x.recovered_fen if revoked else 0,
                  to_recover_fen=x.owing_fen if revoked else 0)
    for row in trail.gone:  # sent and sent back, then the award withdrawn or revoked
        facts = _gone_facts(reg, row.stream, row.app_id, row.tranche)
        if facts is None:
            continue
        year, tranche_name, union = facts
        name = payer_of(row.payer, union)
        for m in row.movements:
            if first <= m.day <= last:
                if m.kind == RETURNED:
                    count(group(year, row.stream, _RETURN_SLOT, row.payer, RETURNED_BACK),
                          name, "returned_lines", returned_fen=m.amount_fen)
                else:
                    count(group(year, row.stream, row.tranche, row.payer, tranche_name), name,
                          amount_fen=m.amount_fen)
    for year, stream, payer, union, n, fen in recovered_in(reg, period):
        g = group(year, stream, _BACK_SLOT, payer, RECOVERED)
        for _ in range(n):  # n parts, their money once
            count(g, payer_of(payer, union), "back_lines")
        g.back_fen += fen
        payers[payer_of(payer, union)].back_fen += fen
    ordered = [groups[k] for k in sorted(groups, key=lambda k: (
        k[0], list(STREAM_ZH).index(k[1]), k[2], PAYERS.index(k[3])))]
    fed = [payers[FEDERATION_LABEL]] if FEDERATION_LABEL in payers else []
    unions = sorted((p for n, p in payers.items() if n != FEDERATION_LABEL),
                    key=lambda p: sort_key(p.payer) or "")
    return PaidIn(ordered, fed + unions)


def _gone_facts(reg: Register, stream: str, app_id: int,
                tranche: int) -> tuple[int, str, str] | None:
    """A deleted payment row's campaign year, tranche name and recommending union."""
    from boostdesk.finance.terms import NO_UNION, tranche_label, tranche_shares
    from boostdesk.models.campaign import Campaign

    table = "patent_applications" if stream == "patent" else "project_applications"
    row = reg.conn.execute(
        f"SELECT c.year, c.params, u.name FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN units u ON u.id = a.unit_id WHERE a.id = ?", (app_id,)).fetchone()
    if row is None:
        return None
    count = len(tranche_shares(Campaign.from_json(row[1]), stream))
    return int(row[0]), tranche_label(stream, tranche, count), row[2] or NO_UNION


def recovered_in(reg: Register, period: Period) -> list[tuple[int, str, str, str, int, int]]:
    """(campaign year, stream, payer, recommending union, instalments, fen) of the revoked
    awards' money recovered in ``period`` (each instalment by its day), whenever it was
    paid."""
    from boostdesk.finance.terms import NO_UNION

    out = []
    for stream, table in (("patent", "patent_applications"), ("project", "project_applications")):
        out += [(int(y), stream, payer, union or NO_UNION, n, int(fen))
                for y, payer, union, n, fen in reg.conn.execute(
                    "SELECT c.year, i.payer, u.name, COUNT(*), SUM(i.amount_fen)"
                    " FROM recoveries r JOIN recovery_instalments i ON i.recovery_id = r.id"
                    f" JOIN {table} a ON a.id = r.application_id"
                    " JOIN campaigns c ON c.id = a.campaign_id"
                    " LEFT JOIN units u ON u.id = a.unit_id"
                    " WHERE r.stream = ? AND i.recovered_date BETWEEN ? AND ? GROUP BY 1, 2, 3",
                    (stream, period.first.isoformat(), period.last.isoformat()))]
    return out


def paid_years(reg: Register) -> list[int]:
    """The calendar years any money was paid, sent back or recovered in: the periods worth
    offering (a transfer returned keeps its year from the trail)."""
    return sorted(int(y) for (y,) in reg.conn.execute(
        "SELECT DISTINCT substr(paid_date, 1, 4) FROM payments WHERE paid_date IS NOT NULL"
        " UNION SELECT DISTINCT substr(recovered_date, 1, 4) FROM recovery_instalments"
        " UNION SELECT DISTINCT substr(json_extract(after, '$.returned_date'), 1, 4)"
        " FROM audit_events WHERE entity = 'payments'"
        " AND json_type(after, '$.returned_date') IS NOT NULL"
        " UNION SELECT DISTINCT substr(json_extract(before, '$.paid_date'), 1, 4)"
        " FROM audit_events WHERE entity = 'payments'"
        " AND json_type(after, '$.returned_date') IS NOT NULL") if y and str(y).isdigit())


def _sums(groups: list[PaidGroup]) -> list[int | str]:
    return [sum(g.lines for g in groups), sum(g.amount_fen for g in groups),
            sum(g.returned_lines for g in groups), sum(g.returned_fen for g in groups),
            sum(g.net_fen for g in groups),
            sum(g.revoked_lines for g in groups), sum(g.recovered_fen for g in groups),
            sum(g.to_recover_fen for g in groups), sum(g.back_lines for g in groups),
            sum(g.back_fen for g in groups)]


def paid_in_table(reg: Register, period: Period) -> Table:
    """The groups, a 小计 each campaign year, each payer's 合计 across years and streams
    (the federation; the recommending unions together, then each union, 其中), and the 合计."""
    # the year's column as wide as 市总工会合计 (the first column's 24 is a union's): the
    # sheet then prints on one page wide
    cols = [Column("year", "申报年度", text=True, width=14), Column("stream", "类别", text=True),
            # a union's own name under 推荐工会合计 (其中): on two lines at most
            Column("tranche", "拨付批次", text=True),
            Column("payer", "承担方", text=True, width=20),
            # the period's 拨付清单's words and figures: 本期拨付, 本期退汇, 本期净拨付
            Column("lines", "拨付笔数"), Column("amount", "拨付金额（元）", money=True),
            Column("returned_lines", "退汇笔数"),
            Column("returned", "退汇金额（按退汇日期，元）", money=True, short="退汇金额"),
            Column("net", "净拨付（拨付金额减退汇，元）", money=True, short="净拨付"),
            Column("revoked_lines", "其中已撤销助推（笔）", short="其中已撤销助推笔数"),
            Column("recovered", "其中已撤销助推已追回（元）", money=True, short="其中已追回"),
            Column("to_recover", "其中已撤销助推尚欠（元）", money=True, short="其中尚欠"),
            # the revoked awards' money come back: apart, never netted with the transfers
            Column("back_lines", "撤销助推追回笔数", short="追回笔数"),
            Column("back", "撤销助推追回（按追回日期，另计，元）", money=True, short="撤销助推追回")]
    rows: list[list[int | str]] = []
    subtotals: list[int] = []
    money = paid_in_by_payer(reg, period)
    groups = money.groups

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
        if payer == UNIONS_LABEL:  # each union pays from its own account: its own row
            rows += [[OF_WHICH, "两类合计", "", p.payer, *_sums([p])]
                     for p in money.payers if p.payer != FEDERATION_LABEL]
    rows.append(["合计", "", "", "", *_sums(groups)])
    note = (f"资金往来（{period.days}）各按其"
            "发生日期（与银行对账单一致）：拨付按拨付日期（含往年度的尾款；退汇后重新拨付的按重拨日期），"
            "按申报年度、类别、批次和承担方汇总，推荐工会合计下按各推荐工会分列；其中已撤销助推："
            "款已汇出、后撤销助推（应追回），年度统计不计为已拨付，其中已追回的和尚欠的分列（付款单位分次追回的，先抵该单位较早批次的款项）；"
            "拨付笔数、拨付金额：本期汇出的款项（同拨付清单的本期拨付）；"
            f"“{RETURNED_BACK}”行：退汇日期在该期间内被银行退回的款项，计入退汇笔数、退汇金额（原拨付仍"
            "计入其拨付日期所在的期间）；净拨付 = 拨付金额 − 退汇金额（同拨付清单的本期净拨付）；"
            f"“{RECOVERED}”行：追回日期在该期间内的撤销助推款（笔数为追回的次数），另计，不从净拨付中减去"
            + hint_named("（逐笔见追回清单：打印 → 追回清单，或命令行 boostdesk print recoveries）"))
    return Table(f"拨付金额（{period.label}，按拨付日期，跨申报年度）", cols, rows,
                 sheet="按拨付日期", note=note, totals=tuple(subtotals))


@dataclass(frozen=True)
class YearMoved:
    """One campaign year's transfers in a period: sent, and sent back by the bank."""

    year: int
    sent: int
    sent_fen: int
    back: int
    back_fen: int

    @property
    def net_fen(self) -> int:
        return self.sent_fen - self.back_fen


# (campaign year, tranche, SENT or RETURNED, day, fen): a movement of a year's money
YearMove = tuple[int, int, str, date, int]


def year_moves(reg: Register, years: list[int]) -> list[YearMove]:
    """Every transfer sent or sent back of the campaign ``years``, by its own day: read
    once (拨付 reads its other years' on loading), filtered by :func:`moved_by_year`."""
    from boostdesk.finance.movements import read_trail
    from boostdesk.finance.read_lines import payment_lines

    trail = read_trail(reg)
    out: list[YearMove] = []
    for year in years:
        for x in payment_lines(reg, year):
            out += [(year, x.tranche, m.kind, m.day, m.amount_fen) for m in trail.of(x)]
    return out


def moved_by_year(moves: list[YearMove], first: date | None, last: date | None,
                  tranche: int | None = None) -> list[YearMoved]:
    """The ``moves`` dated from ``first`` to ``last`` (None: open), by campaign year."""
    from boostdesk.finance.movements import SENT

    low, high = first or date.min, last or date.max
    by: dict[int, list[int]] = {}
    for year, part, kind, day, fen in moves:
        if low <= day <= high and (tranche is None or part == tranche):
            got = by.setdefault(year, [0, 0, 0, 0])
            k = 0 if kind == SENT else 2
            got[k] += 1
            got[k + 1] += fen
    return [YearMoved(y, *by[y]) for y in sorted(by)]


def other_years_note(moved: list[YearMoved], first: date | None, last: date | None) -> str:
    """拨付's 注意 when its 拨付日期 filter is set: other campaign years' transfers in those
    days (the list shows the year in view's only), and where to see them together; "" when
    none moved."""
    if not moved:
        return ""
    sent, sent_fen = sum(m.sent for m in moved), sum(m.sent_fen for m in moved)
    back, back_fen = sum(m.back for m in moved), sum(m.back_fen for m in moved)
    days = Period(first or date.min, last or date.max).days
    each = "、".join(f"{m.year} 年度 {m.sent} 笔 {format_fen(m.sent_fen)}" for m in moved
                    if m.sent)
    said = f"其他年度在 {days} 另有拨付 {sent} 笔 {format_fen(sent_fen)}" + (
        f"（{each}）" if each else "")
    if back:
        said += f"，退汇 {back} 笔 {format_fen(back_fen)}，净拨付 {format_fen(sent_fen - back_fen)}"
    return hint_named(f"{said}，未列在本年度的列表中；各年度一并列出：“打印”→ 拨付清单，填拨付日期"
                      "并勾选“所有年度”（或 boostdesk print payments --tranche 批次 --paid-in 期间，"
                      "不写 --year）")


def format_fen(fen: int) -> str:
    from boostdesk.money import format_money

    return format_money(fen)
