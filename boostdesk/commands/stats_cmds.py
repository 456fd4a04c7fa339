"""`boostdesk stats`: the year-end statistics (年度统计), on screen or as .xlsx."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import TYPE_CHECKING, cast

from boostdesk.cli import UserError, add_db_argument, open_register, register_year, xlsx_out

if TYPE_CHECKING:
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
    p.add_argument("--year", metavar="N", help="统计的年度（默认最新年度）")
    p.add_argument("--out", metavar="FILE.xlsx",
                   help="导出为 .xlsx（每张表一个工作表，含全部列）；默认显示在屏幕上")
    p.set_defaults(func=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    from boostdesk.models.records import PROJECT
    from boostdesk.money import format_money
    from boostdesk.statistics import tables, year_statistics

    out = xlsx_out(args.out)
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        stats = year_statistics(reg, year)
        returned = _returned_note(reg, year)
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
    if out is not None:
        from boostdesk.io.export_statistics import StatisticsWriteError, write_statistics_xlsx

        try:
            write_statistics_xlsx(out, stats)
        except StatisticsWriteError as exc:
            raise UserError(str(exc)) from None
        print(f"已导出 {year} 年度统计：{out}")
        if returned:
            print(returned)
        return 0
    print(f"{stats.title}（统计日期 {stats.as_of.isoformat()}，金额单位：元）")
    for table in tables(stats):
        print()
        print(table.title)
        if table.note:
            print(f"（{table.note}）")
        print(render(table, SCREEN_KEYS.get(table.sheet)))
        if table.sheet in SCREEN_KEYS:  # the decisions by stage, too wide beside the money
            print()
            print(f"{table.sheet}：资格审核与助推阶段（按状态）")
            print(render(table, ("unit", "received", *(c.key for c in table.columns
                                                      if c.key.startswith("status:")),
                                 "qualified")))
        if table.sheet == "创新项目助推":  # the tiers and studio levels, too
            print()
            print("创新项目助推：按档次和工作室级别")
            print(render(table, ("unit", "approved", *(c.key for c in table.columns
                                                     if c.key.startswith(("tier:", "level:"))))))
    print()
    if returned:
        print(returned)
    held = stats.totals[PROJECT].held_fen
    if held:  # a column of the workbook only: on screen it read as payable
        print(f"注意：创新项目未拨付中含暂缓拨付 {format_money(held)}（公示期内收到的异议待处理，"
              "处理前不能拨付；见 boostdesk publicity list）")
    print("提示：全部列请用 --out 导出为 .xlsx 查看")
    return 0


def _returned_note(reg: object, year: int) -> str:
    """未拨付 holds what was sent and came back (退汇): said apart, with how much, so the
    year's unpaid figure is not read as never sent."""
    from boostdesk.finance.lines import RETURNED
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.money import format_money

    back = [x for x in payment_lines(reg, year) if not x.paid and x.returned_date]  # type: ignore[arg-type]
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
        cells.append([format_plain(cast(int, row[j])) if table.columns[j].money else str(row[j])
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
