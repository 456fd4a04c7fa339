"""`boostdesk todo`: what is open in every year of the register as of a day (待办)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from boostdesk.cli import UserError, add_db_argument, open_register

SHOWN = 10  # items printed a kind on the screen (--all: every one)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "todo", help="待办：各年度尚未办理的事项（逾期的在前）",
        description="列出登记册中所有年度截至某日尚未办理的事项，按类别分组，每类写明项数和"
                    "金额，逾期最久、最早的在前：逾期未拨付、退汇待重拨、逾期未结题验收、"
                    "异议待处理、公示期满待结束、暂缓拨付、应追回、即将到期的款项和结题期限、"
                    "拟助推名单待公示、评分待采纳或未交回、待分配专家、待核准、核对不合格待审核决定（资格审核不通过并告知推荐单位）、逾期报送、"
                    "待补材料（缺什么）、待资格审核、待拨付。每项写明要做什么、在哪里做。"
                    "只读，不改动登记册",
    )
    add_db_argument(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天判断逾期和到期（默认今天）")
    p.add_argument("--json", action="store_true",
                   help="以 JSON 输出（金额另有以分为单位的整数 amount_fen）")
    p.add_argument("--all", action="store_true",
                   help=f"列出每类的全部事项（默认屏幕上每类 {SHOWN} 项、JSON 每类 200 项；"
                        "项数和金额总是全部的）")
    p.set_defaults(func=run_todo)


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--date 应写成 YYYY-MM-DD，如 2023-03-20：{text}") from None


def run_todo(args: argparse.Namespace) -> int:
    from boostdesk.todo import ITEMS_SHOWN, todo_list
    from boostdesk.todo.papers import undated_by_union

    day = _day(args.date)
    with open_register(args, integrity="quick") as reg:
        limit = None if args.all else (ITEMS_SHOWN if args.json else SHOWN)
        todo = todo_list(reg, day, limit=limit)
        unions = undated_by_union(reg) if todo.group("no_received") and not args.json else []
    if args.json:
        print(json.dumps(todo.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"截至 {todo.today.isoformat()}：{todo.status_line(key='')}")
    for line in todo.first_steps:  # a new register: its first jobs, not "nothing to do"
        print(line if line.endswith("：") else f"  {line}")
    for g in todo.groups:
        print(f"\n【{g.heading}】")
        if g.kind.key == "no_received":  # filled a union at a time, not paper by paper
            _undated(unions)
            continue
        for i in g.items:
            money = f" {_money(i.amount_fen)}" if i.amount_fen is not None else ""
            when = f"（{i.when}）" if i.when else ""
            print(f"  {i.year}年度 {i.ref} {i.title}{money}{when}")
            print(f"      {i.todo}")
            print(f"      → {i.where}")
        if g.more:
            print(f"  ……另有 {g.more} 项（--all 全部列出）")
    return 0


def _undated(unions: list[tuple[int, str, int]]) -> None:
    """待填收件日期: one ``review received`` a union and year (its papers came together,
    with its table), not a line a paper."""
    print("  收件日期由本办按收到纸质申报的日期填写（无须推荐单位补报），按推荐单位一次填写：")
    for year, union, n in unions:
        print(f"  {year}年度 {union} {n} 份")
        print(f"      → boostdesk review received --date YYYY-MM-DD --union {union}"
              f" --year {year} --missing-only")


def _money(fen: int | None) -> str:
    from boostdesk.money import format_money

    return format_money(fen or 0)
