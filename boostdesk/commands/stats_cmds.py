"""`boostdesk stats`: the year-end statistics (年度统计), on screen or as .xlsx."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from boostdesk.cli import UserError, add_db_argument, open_register, register_year, xlsx_out

if TYPE_CHECKING:
    from boostdesk.models.register import Register
    from boostdesk.paid_in import Period
    from boostdesk.statistics import Table

# What the screen shows of each table, by its sheet (the workbook has every column).
SCREEN_KEYS = {
    "专利助推": ("unit", "received", "eligible", "refused", "incomplete", "unchecked",
                 "approved", "award", "federation", "union", "paid", "owed", "due", "overdue"),
    "创新项目助推": ("unit", "received", "eligible", "refused", "incomplete", "unchecked",
                     "approved", "award", "federation", "union", "paid", "owed", "due",
                     "overdue", "awaiting", "forfeited"),
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats", help="年度统计：按推荐工会汇总申报、审核、核准、分担、拨付情况",
        description="按推荐工会（及合计）统计一个年度两类助推的收到申报数、合格 / 不合格 / "
                    "待补材料数、核准项数和金额、市总工会与推荐工会各自承担的金额、已拨付和"
                    "未拨付金额（项目按首笔、尾款分列），项目按档次和工作室级别计数，另按重点"
                    "产业领域和推荐工会类别计数。先按核准情况更新拨付计划（与“拨付”相同）",
    )
    add_db_argument(p)
    p.add_argument("--year", metavar="N", action=_OneYear, help="统计的年度（默认最新年度）")
    p.add_argument("--compare", metavar="N",
                   help="与 N 年度对比：两类助推按推荐工会并列两个年度的收到申报、通过资格审核、"
                        "核准项数和金额、已拨付及增减（屏幕上只显示对比表；导出时另加“年度对比”表，"
                        "总览中并列两个年度）；不写 --as-of 时两个年度均按现在的数字")
    add_period_arguments(p, "按拨付日期汇总某期间实际拨付的金额（跨申报年度，含往年尾款）："
                            "2023、2023-07 或 2023-01-01..2023-06-30；各笔按发生日期：拨付、"
                            "退汇（负数）、重拨、追回各计入其日期所在的期间；按申报年度、类别、批次和"
                            "承担方，并按各推荐工会分列（屏幕上只显示该表；导出时另加“按拨付日期”表）")
    p.add_argument("--as-of", metavar="YYYY-MM-DD",
                   help="截至该日统计：只计该日及以前的拨付、退汇和追回（如 --as-of 2022-12-31 "
                        "为年末的数字，其后拨付的计为未拨付），核准和审核与助推阶段也按该日的情况，"
                        "收到申报只计该日及以前收件的（收件日期，未填的按第一条状态记录）；"
                        "与 --compare 同用时，对比年度计至其周期的同一日（如 2021-12-31）；"
                        "标题注明“截至 …”")
    p.add_argument("--out", metavar="FILE.xlsx|FILE.pdf",
                   help="导出为 .xlsx（每张表一个工作表，含全部列，按 A4 横向分页打印）或 .pdf"
                        "（打印用：主要表格，表头每页重复）；默认显示在屏幕上")
    p.set_defaults(func=run_stats)


class _OneYear(argparse.Action):
    """--year given twice kept the last and said nothing (2021 and 2022 asked, 2022 shown)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        if getattr(namespace, self.dest, None) is not None:
            parser.error(f"--year 只能指定一个年度；与往年对比请用 --year {values} "
                         f"--compare {getattr(namespace, self.dest)}")
        setattr(namespace, self.dest, values)


def add_period_arguments(p: argparse.ArgumentParser, what: str) -> None:
    """--paid-in PERIOD, or --from / --to days: the paid days a command takes (stats,
    print payments)."""
    p.add_argument("--paid-in", metavar="期间", help=what)
    p.add_argument("--from", dest="paid_from", metavar="YYYY-MM-DD",
                   help="同 --paid-in，以起止日期写：该日及以后（与 --to 同用为起止日期，含两端）")
    p.add_argument("--to", dest="paid_to", metavar="YYYY-MM-DD",
                   help="同 --paid-in，以起止日期写：该日及以前")


def period_argument(args: argparse.Namespace) -> Period | None:
    """The period --paid-in or --from/--to name, None when neither is given."""
    from boostdesk.paid_in import PeriodError, period_of

    try:
        return period_of(args.paid_in, args.paid_from, args.paid_to)
    except PeriodError as exc:
        raise UserError(str(exc)) from None


def _as_of(text: str | None) -> date | None:
    """--as-of YYYY-MM-DD: the day the year's money is counted to, None when not given."""
    from boostdesk.validate import ValidationError, parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise UserError(f"--as-of {text}：{exc}；日期请写成 YYYY-MM-DD，如 --as-of 2022-12-31") \
            from None


def _out(text: str | None) -> Path | None:
    """--out FILE.xlsx or FILE.pdf, checked before the register is opened (its folder as
    every --out's: ``xlsx_out``)."""
    if not text:
        return None
    suffix = Path(text).suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UserError(f"导出文件名应以 .xlsx 或 .pdf 结尾：{text}")
    xlsx_out(str(Path(text).with_suffix(".xlsx")))  # the folder exists
    return Path(text)


def run_stats(args: argparse.Namespace) -> int:
    from boostdesk.models.records import PATENT, PROJECT
    from boostdesk.money import format_money
    from boostdesk.statistics import (
        as_of_refusal,
        later_paid_line,
        revoked_line,
        tables,
        year_statistics,
    )

    out = _out(args.out)
    period = period_argument(args)
    cutoff = _as_of(args.as_of)
    extra: list[Table] = []
    compared = None
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        if cutoff is not None and (refused := as_of_refusal(reg.campaign(year), cutoff)):
            raise UserError(f"--as-of {args.as_of}：{refused}")
        stats = year_statistics(reg, year, cutoff=cutoff)
        returned = _returned_note(reg, year, cutoff)
        if args.compare is not None:
            from boostdesk.year_compare import CompareRefused, compare_table, compared_statistics

            other = register_year(reg, args.compare)
            if other == year:
                raise UserError(f"--compare 的年度与统计年度相同（{year}）：请写另一个年度")
            try:
                compared = compared_statistics(reg, stats, other)
            except CompareRefused as exc:
                raise UserError(f"--compare {args.compare}：{exc}") from None
            pair = sorted([stats, compared], key=lambda s: s.year)
            extra.append(compare_table(*pair))
        if period is not None:
            from boostdesk.paid_in import paid_in_table

            extra.append(paid_in_table(reg, period))
        if args.year is None and not any(t.received for t in stats.totals.values()):
            # the newest campaign, made for next year before this one's figures are asked
            others = [y for y in sorted(reg.campaign_years(), reverse=True) if y != year and (
                reg.scalar("SELECT 1 FROM patent_applications a JOIN campaigns c ON"
                           " c.id = a.campaign_id WHERE c.year = ? LIMIT 1", (y,))
                or reg.scalar("SELECT 1 FROM project_applications a JOIN campaigns c ON"
                              " c.id = a.campaign_id WHERE c.year = ? LIMIT 1", (y,)))]
            if others:
                print(f"提示：{year} 年度还没有申报；{others[0]} 年度的统计请用 "
                      f"boostdesk stats --year {others[0]}", file=sys.stderr)
    # --paid-in alone: its sheet alone; the sheets of the newest campaign beside the money
    # paid in 2023 were read as 2023's (with --year or --compare, the year's are asked for)
    year_sheets = period is None or args.year is not None or args.compare is not None
    if out is not None:
        from boostdesk.io.export_statistics import StatisticsWriteError, write_statistics_xlsx

        try:
            if out.suffix.lower() == ".pdf":
                from boostdesk.io.in_place import written_in_place
                from boostdesk.os_errors import cannot_write
                from boostdesk.printing.statistics import write_statistics_pdf

                try:
                    with written_in_place(out) as part:  # no half-written PDF
                        write_statistics_pdf(part, stats, extra=extra, year_sheets=year_sheets,
                                             compared=compared)
                except OSError as exc:
                    raise UserError(cannot_write(out, exc)) from None
            else:
                write_statistics_xlsx(out, stats, extra=extra, year_sheets=year_sheets,
                                      compared=compared)
        except StatisticsWriteError as exc:
            raise UserError(str(exc)) from None
        if not year_sheets:
            assert period is not None
            print(f"已导出拨付金额（{period.label}，按拨付日期，跨申报年度）：{out}"
                  f"（只含该表；{year} 年度统计请加 --year {year}）")
            return 0
        print(f"已导出 {year} 年度统计：{out}"
              + (f"（截至 {cutoff.isoformat()}）" if cutoff is not None else ""))
        if returned:
            print(returned)
        if said := later_paid_line(stats, command=True):
            print(f"注意：{said}")
        return 0
    if extra:  # the comparison, the money paid in a period: alone, not after ~10 tables
        for table in extra:
            print(table.title)
            print(f"（{table.note}；金额单位：元）")
            _print_extra(table)
            print()
        return 0
    print(f"{stats.title}（统计日期 {stats.as_of.isoformat()}，金额单位：元）")
    if stats.cutoff is not None:
        print(f"（拨付、退汇、追回只计 {stats.cutoff.isoformat()} 及以前的，"
              "核准和审核与助推阶段也按该日的情况）")
    for table in tables(stats):
        print()
        print(table.title)
        if table.note:
            print(f"（{table.note}）")
        print(render(table, SCREEN_KEYS.get(table.sheet)))
        if table.sheet in SCREEN_KEYS:
            stream = PATENT if table.sheet == "专利助推" else PROJECT
            if said := revoked_line("", stats.totals[stream]):  # paid, yet not in 已拨付
                print(said)
            print()  # the decisions by stage, too wide beside the money
            print(f"{table.sheet}：资格审核与助推阶段（按状态）")
            print(render(table, ("unit", "received", *(c.key for c in table.columns
                                                      if c.key.startswith("status:")),
                                 "qualified", "withdrawn_qualified", "season_closed_qualified",
                                 "against_plan",
                                 "against_plan_undecided")))
        if table.sheet == "创新项目助推":  # the tiers and studio levels, too
            print()
            print("创新项目助推：按档次和工作室级别")
            print(render(table, ("unit", "approved", *(c.key for c in table.columns
                                                     if c.key.startswith(("tier:", "level:"))))))
    print()
    if returned:
        print(returned)
    if said := later_paid_line(stats, command=True):  # 已拨付 read today holds money sent after the year
        print(f"注意：{said}")
    held = stats.totals[PROJECT].held_fen
    if held:  # a column of the workbook only: on screen it read as payable
        print(f"注意：创新项目未拨付中含暂缓拨付 {format_money(held)}（公示期内收到的异议待处理，"
              "处理前不能拨付；见 boostdesk publicity list）")
    print("提示：全部列请用 --out 导出为 .xlsx 查看")
    return 0


def _print_extra(table: Table) -> None:
    """年度对比 a stream at a time, its counts then its money (17 columns side by side
    are wider than a terminal); 按拨付日期 as it is."""
    if table.sheet != "年度对比":
        print(render(table))
        return
    counts = ("unit", *(c.key for c in table.columns[2:] if not c.money))
    money = ("unit", *(c.key for c in table.columns[2:] if c.money))
    for stream in dict.fromkeys(str(r[0]) for r in table.rows):
        part = replace(table, rows=[r for r in table.rows if r[0] == stream])
        for keys, what in ((counts, "收到申报、通过资格审核、核准（件）"),
                           (money, "核准金额、已拨付（元）")):
            print(f"{stream}：{what}" if stream != "合计" else f"两类合计：{what}")
            print(render(part, keys))
        print()


def _returned_note(reg: Register, year: int, cutoff: date | None = None) -> str:
    """未拨付 holds what was sent and came back (退汇): said apart, with how much, so the
    year's unpaid figure is not read as never sent. As of a day (``cutoff``) only the
    returns on or before it: one dated after it was still paid then."""
    from boostdesk.finance.lines import RETURNED
    from boostdesk.money import format_money
    from boostdesk.statistics import returned_lines

    back = returned_lines(reg, year, cutoff)
    if not back:
        return ""
    return (f"注意：未拨付中含{RETURNED} {len(back)} 笔 {format_money(sum(x.amount_fen for x in back))}"
            "（已汇出、被银行退回，更正卡号或收款单位后重新拨付；见 boostdesk pay list）")


def render(table: Table, keys: tuple[str, ...] | None = None) -> str:
    """The table as aligned text: Chinese characters take two columns in a terminal."""
    from boostdesk.money import format_plain

    picked = [j for j, c in enumerate(table.columns) if keys is None or c.key in keys]
    cells = [[table.columns[j].short or _short(table.columns[j].header) for j in picked]]
    for row in table.rows:
        cells.append([format_plain(cast(int, row[j]))
                      if table.columns[j].money and not isinstance(row[j], str) else str(row[j])
                      for j in picked])
    widths = [max(_width(r[k]) for r in cells) for k in range(len(picked))]
    lines = []
    for r in cells:
        parts = []
        for k, text in enumerate(r):
            pad = " " * (widths[k] - _width(text))
            parts.append(text + pad if table.columns[picked[k]].text else pad + text)
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _short(header: str) -> str:
    """A header as the screen shows it: the title line names the unit (元), the workbook
    keeps the whole wording."""
    for word in ("（元）", "（项）", "其中"):
        header = header.replace(word, "")
    return header


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
