"""`boostdesk audit`: the audit trail (修改记录) for an auditor, on screen or as .xlsx."""

from __future__ import annotations

import argparse
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register, register_year, xlsx_out
from boostdesk.os_errors import cannot_write


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="查看或导出修改记录（谁在何时把什么从什么改成什么）",
        description="列出登记册的修改记录：每一次录入、修改、删除、状态变更、评审、公示、拨付、"
                    "设置和恢复，写明时间、操作人、对象和改动前后的内容（身份证号、卡号遮盖）。"
                    "--ref 只列一项申报的（含其拨付、评审、公示，及其发明人、工作室、推荐单位"
                    "被别处修改的）；--year 只列一个年度的；都不写则列出全部",
    )
    add_db_argument(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--year", metavar="N", help="只列该年度的修改记录")
    which.add_argument("--ref", metavar="REF",
                       help="只列一项申报的修改记录：登记号写成 专利12 / 项目3，或专利号、专利或项目名称")
    p.add_argument("--out", metavar="FILE.xlsx", help="导出为 .xlsx（默认显示在屏幕上）")
    p.set_defaults(func=run_audit)


def _application(reg: Any, ref: str) -> tuple[str, int]:
    from boostdesk.app_refs import stream_and_id
    from boostdesk.models.records import PATENT, PROJECT
    from boostdesk.models.register import canonical_patent_number
    from boostdesk.validate import tidy_line

    found = stream_and_id(ref)
    if found is not None:
        stream, app_id = found
        if stream is not None:
            return stream, app_id
        have = [s for s, table in ((PATENT, "patent_applications"),
                                   (PROJECT, "project_applications"))
                if reg.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (app_id,))]
        if len(have) == 1:
            return have[0], app_id
        raise UserError(f"登记号 {app_id} 请写成 专利{app_id} 或 项目{app_id}")
    number = canonical_patent_number(ref)
    rows = [(PATENT, r[0]) for r in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE patent_number = ?", (number,))] if number else []
    title = tidy_line(ref)  # as a title is stored
    for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
        rows += [(stream, r[0]) for r in reg.conn.execute(
            f"SELECT id FROM {table} WHERE title = ? ORDER BY id", (title,))
            if (stream, r[0]) not in rows]
    if not rows:
        raise UserError(f"登记册中没有“{ref}”：请写登记号（专利12 / 项目3）、专利号、专利或项目名称")
    if len(rows) > 1:
        names = "、".join(f"{'专利' if s == PATENT else '项目'}{i}" for s, i in rows)
        raise UserError(f"“{ref}”有 {len(rows)} 项申报（{names}），请写登记号")
    return rows[0]


def run_audit(args: argparse.Namespace) -> int:
    from boostdesk import audit_log
    from boostdesk.models import RegisterError

    out = xlsx_out(args.out)
    with open_register(args) as reg:
        year = register_year(reg, args.year) if args.year is not None else None  # None: all
        app = _application(reg, args.ref) if args.ref else None
        try:  # each line written as it is read: the whole trail is never held
            count, lines = audit_log.counted_trail(reg, year=year, application=app)
        except RegisterError as exc:
            raise UserError(str(exc)) from None
        scope = (f"{'专利' if app[0] == 'patent' else '项目'}{app[1]}" if app
                 else f"{year} 年度" if year else "全部")
        title = f"修改记录（{scope}，共 {count} 条）"
        if out is None:
            print(title)
            for line in lines:
                print(line.text())
            return 0
        try:
            audit_log.write_xlsx(lines, out, title)
        except OSError as exc:
            raise UserError(cannot_write(out, exc)) from None
        print(f"已导出{title}：{out}")
    return 0
