"""`boostdesk audit`: the audit trail (修改记录) for an auditor, on screen or as .xlsx."""

from __future__ import annotations

import argparse
from datetime import date

from boostdesk.cli import UserError, add_db_argument, open_register, register_year, xlsx_out
from boostdesk.os_errors import cannot_write
from boostdesk.program_name import as_recorded


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="查看或导出修改记录（谁在何时把什么从什么改成什么）",
        description="列出登记册的修改记录：每一次录入、修改、删除、状态变更、评审、公示、拨付、"
                    "设置和恢复，写明时间、操作人、对象和改动前后的内容（身份证号、卡号遮盖）。"
                    "--ref 只列一项申报的（含其拨付、评审、公示，及其发明人、工作室、推荐单位"
                    "被别处修改的），或一位第一发明人全部专利申报的、一位领衔人全部项目的；"
                    "--year 只列一个年度的；都不写则列出全部年度的；"
                    "--withdrawn、--after-approval、--by、--from/--to 再从中挑出撤销的助推、核准后的修改、"
                    "某位操作人的修改、某段日期的修改",
    )
    add_db_argument(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--year", metavar="N", help="只列该年度的修改记录")
    which.add_argument("--ref", metavar="REF",
                       help="只列一项申报的修改记录：登记号写成 专利12 / 项目3，或专利号、专利或项目名称；"
                            "写第一发明人的姓名（或修改记录中更正前的姓名）、身份证号或人员编号（人员3），"
                            "列出其全部专利申报的修改记录；"
                            "写项目领衔人的姓名（同名的写“姓名（工作室）”），列出其全部项目的修改记录")
    p.add_argument("--withdrawn", action="store_true",
                   help="只列撤销的助推：核准或公示后改为资格审核不通过、未获助推的，"
                        "写明操作人、时间、理由和原助推金额（公示中撤下的：公示档次）")
    p.add_argument("--after-approval", action="store_true",
                   help="只列申报核准之后的修改：核准那一行起，其字段、状态、拨付的每一次修改")
    p.add_argument("--by", metavar="NAME",
                   help="只列该操作人所做的修改（记入修改记录的操作人姓名，如窗口“设置”中的操作人、"
                        "命令行的 --operator）")
    p.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="只列该日及以后的修改记录")
    p.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="只列该日及以前的修改记录")
    p.add_argument("--out", metavar="FILE.xlsx",
                   help="导出为 .xlsx（默认显示在屏幕上）：标题行写明登记册、导出人和导出时间，"
                        "带序号、筛选和冻结的表头")
    p.set_defaults(func=run_audit)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{option} {text}：日期请写成 YYYY-MM-DD，如 {option} 2022-12-01") from None


def run_audit(args: argparse.Namespace) -> int:
    from boostdesk import audit_log, audit_picks
    from boostdesk.models import RegisterError

    out = xlsx_out(args.out)
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    if first and last and first > last:
        raise UserError(f"--from {first} 晚于 --to {last}")
    with open_register(args) as reg:
        year = register_year(reg, args.year) if args.year is not None else None  # None: all
        who = audit_picks.whose(reg, args.ref) if args.ref else audit_picks.Whose(year=year)
        by = audit_picks.operator_named(reg, args.by) if args.by else ""
        choice = audit_picks.Choice(who, withdrawn=args.withdrawn,
                                    after_approval=args.after_approval, first=first, last=last,
                                    operator=by)
        try:  # each line written as it is read: the whole trail is never held
            title, count, lines = choice.trail(reg)
        except RegisterError as exc:
            raise UserError(str(exc)) from None
        if out is None:
            print(title)
            with as_recorded():  # (a record naming a command keeps it as it was run)
                for line in lines:
                    print(line.text())
            return 0
        note = audit_log.export_note(reg.path or args.db, reg.operator, who.covers(reg))
        from boostdesk.cli_progress import shown

        try:
            with shown("正在导出修改记录", " 条") as progress:
                audit_log.write_xlsx(lines, out, title, note=note, progress=progress, count=count)
        except OSError as exc:
            raise UserError(cannot_write(out, exc)) from None
        print(f"已导出{title}：{out}")
    return 0
