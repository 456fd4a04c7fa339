"""`boostdesk audit`: the audit trail (修改记录) for an auditor, on screen or as .xlsx."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register, register_year, xlsx_out
from boostdesk.os_errors import cannot_write


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="查看或导出修改记录（谁在何时把什么从什么改成什么）",
        description="列出登记册的修改记录：每一次录入、修改、删除、状态变更、评审、公示、拨付、"
                    "设置和恢复，写明时间、操作人、对象和改动前后的内容（身份证号、卡号遮盖）。"
                    "--ref 只列一项申报的（含其拨付、评审、公示，及其发明人、工作室、推荐单位"
                    "被别处修改的），或一位第一发明人全部专利申报的；--year 只列一个年度的；都不写则列出全部；"
                    "--withdrawn、--after-approval、--from/--to 再从中挑出撤销的助推、核准后的修改、"
                    "某段日期的修改",
    )
    add_db_argument(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--year", metavar="N", help="只列该年度的修改记录")
    which.add_argument("--ref", metavar="REF",
                       help="只列一项申报的修改记录：登记号写成 专利12 / 项目3，或专利号、专利或项目名称；"
                            "写第一发明人的姓名或身份证号，列出其全部专利申报的修改记录")
    p.add_argument("--withdrawn", action="store_true",
                   help="只列撤销的助推：核准或公示后改为资格审核不通过、未获助推的，"
                        "写明操作人、时间、理由和原助推金额")
    p.add_argument("--after-approval", action="store_true",
                   help="只列申报核准之后的修改：核准那一行起，其字段、状态、拨付的每一次修改")
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


def _person(reg: Any, ref: str) -> tuple[str, set[tuple[str, int]]] | None:
    """A first inventor named by name or resident ID: (how the title names them, their
    patent applications); None: nobody of that name or number. Several people of the name:
    refused, each listed with the number that tells them apart."""
    from boostdesk.models.records import PATENT
    from boostdesk.safety.privacy import mask_id
    from boostdesk.validate import person_key, tidy_line

    key = person_key(ref)
    people = reg.query("SELECT id, name, id_number FROM people WHERE id_number = ?", (key,))
    if not people:
        people = reg.query("SELECT id, name, id_number FROM people WHERE name = ? ORDER BY id",
                           (tidy_line(ref),))
    if not people:
        return None
    papers = {p["id"]: [r[0] for r in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE person_id = ? ORDER BY id", (p["id"],))]
        for p in people}
    if len(people) > 1:
        listed = "；".join(
            f"{p['name']}，身份证号 {mask_id(p['id_number']) or '（未填）'}"
            f"（{'、'.join(f'专利{i}' for i in papers[p['id']]) or '无申报'}）" for p in people)
        raise UserError(f"登记册中有 {len(people)} 人名为“{tidy_line(ref)}”：{listed}。"
                        "请写其身份证号（--ref 身份证号）或一项申报的登记号（--ref 专利12）")
    (person,) = people
    shown = f"{person['name']}（身份证号 {mask_id(person['id_number'])}）" \
        if person["id_number"] else person["name"]
    return shown, {(PATENT, i) for i in papers[person["id"]]}


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
        raise UserError(f"登记册中没有“{ref}”：请写登记号（专利12 / 项目3）、专利号、专利或项目名称，"
                        "或第一发明人的姓名、身份证号")
    if len(rows) > 1:
        names = "、".join(f"{'专利' if s == PATENT else '项目'}{i}" for s, i in rows)
        raise UserError(f"“{ref}”有 {len(rows)} 项申报（{names}），请写登记号")
    return rows[0]


def run_audit(args: argparse.Namespace) -> int:
    from boostdesk import audit_log, audit_picks
    from boostdesk.models import RegisterError

    out = xlsx_out(args.out)
    first, last = _day(args.first, "--from"), _day(args.last, "--to")
    if first and last and first > last:
        raise UserError(f"--from {first} 晚于 --to {last}")
    with open_register(args) as reg:
        year = register_year(reg, args.year) if args.year is not None else None  # None: all
        app: tuple[str, int] | None = None
        person = None
        if args.ref:
            try:
                app = _application(reg, args.ref)
            except UserError:  # not a paper: a first inventor's name or ID number?
                person = _person(reg, args.ref)
                if person is None:
                    raise
        picks: list[audit_picks.Pick] = []
        said = []
        if args.withdrawn:
            picks.append(audit_picks.Withdrawn())
            said.append("撤销的助推")
        if args.after_approval:
            picks.append(audit_picks.AfterApproval())
            said.append("核准后的修改")
        if first or last:
            picks.append(audit_picks.Days(first, last))
            said.append(f"{first or '最早'} 至 {last or '最近'}")
        try:  # each line written as it is read: the whole trail is never held
            count, lines = audit_log.counted_trail(
                reg, year=year, application=app, pick=audit_picks.every(picks),
                applications=person[1] if person else None)
        except RegisterError as exc:
            raise UserError(str(exc)) from None
        scope = (f"{'专利' if app[0] == 'patent' else '项目'}{app[1]}" if app
                 else f"第一发明人 {person[0]}" if person
                 else f"{year} 年度" if year else "全部")
        title = f"修改记录（{'，'.join([scope, *said])}，共 {count} 条）"
        if out is None:
            print(title)
            for line in lines:
                print(line.text())
            return 0
        note = audit_log.export_note(reg.path or args.db, reg.operator)
        try:
            audit_log.write_xlsx(lines, out, title, note=note)
        except OSError as exc:
            raise UserError(cannot_write(out, exc)) from None
        print(f"已导出{title}：{out}")
    return 0
