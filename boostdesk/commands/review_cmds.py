"""`boostdesk review`: a paper's materials ticked and its 资格审核 / 核准 decided from the
command line, through the window's own functions (``boostdesk.paper_review``)."""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register, year_number

_REF_HELP = "申报：登记号（专利12、项目3）、专利号或专利、项目名称"
# what a late paper passed with no reason is told (rules.late_papers): this command's way
LATE_HOW = "同意受理的，须用 --reason 写明受理理由（记入状态历史）"


def add_parser(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser(
        "review", help="审核一份申报：勾选收到的材料，资格审核通过/不通过、核准",
        description="窗口中申报表“收到的材料”和“改变状态”（专利）、“专家评审 → 资格审核”（项目）"
                    "的命令行做法：同样的规则、拒绝、状态历史和修改记录。"
                    "每项操作的说明见 boostdesk review 操作 --help；待办的申报见 boostdesk todo",
    )
    rsub = review.add_subparsers(dest="review_action", metavar="操作")
    review.set_defaults(func=lambda args: _help(review))

    p = rsub.add_parser(
        "materials", help="查看或勾选一份申报收到的材料",
        description="列出申报的材料清单（该年度计划要求的材料，√ 已收到，□ 未收到）和核对结果；"
                    "--tick 勾选、--untick 取消勾选（材料名称或清单中的序号，可重复，或用逗号、"
                    "顿号隔开写几项），--all 全部勾选、--none 全部取消。按申报表保存，记入修改记录，"
                    "随即重新核对。不写选项时只列出，不作改动",
        epilog="例：boostdesk review materials 专利12 --tick 企业应用证明 --tick 5")
    p.add_argument("ref", metavar="REF", help=_REF_HELP)
    add_db_argument(p)
    p.add_argument("--tick", action="append", default=[], metavar="材料",
                   help="勾选为已收到的材料（名称或序号）")
    p.add_argument("--untick", action="append", default=[], metavar="材料",
                   help="取消勾选的材料（名称或序号）")
    every = p.add_mutually_exclusive_group()
    every.add_argument("--all", action="store_true", help="全部材料勾选为已收到")
    every.add_argument("--none", action="store_true", help="全部材料取消勾选")
    p.set_defaults(func=run_materials)

    p = rsub.add_parser(
        "decide", help="资格审核通过或不通过、核准（专利）、重新登记",
        description="记录审核决定，同窗口：专利用“改变状态”的规则，项目的资格审核用“专家评审 → "
                    "资格审核”的规则。--pass 资格审核通过，--refuse 资格审核不通过（须写 --reason；"
                    "项目不写时以核对发现的问题为理由），--approve 核准（专利，按该年度定额），"
                    "--reopen 资格审核不通过的重新登记（须写 --reason）。自动核对有不符合项或待补材料"
                    "仍通过或核准、项目核对无问题仍不通过、逾期报送仍受理的，须写 --reason。只能作"
                    "当前状态允许的决定；项目的评审、公示、核准和各项拨付在其各自的命令中办理",
        epilog="例：boostdesk review decide 专利12 --pass --date 2022-11-10；"
               "boostdesk review decide 专利12 --refuse --reason 非职务发明")
    p.add_argument("ref", metavar="REF", help=_REF_HELP)
    add_db_argument(p)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--pass", dest="decision", action="store_const", const="qualified",
                   help="资格审核通过")
    g.add_argument("--refuse", dest="decision", action="store_const", const="refused",
                   help="资格审核不通过")
    g.add_argument("--approve", dest="decision", action="store_const", const="approved",
                   help="核准（专利；助推金额为该年度每项定额）")
    g.add_argument("--reopen", dest="decision", action="store_const", const="registered",
                   help="资格审核不通过的申报重新登记，待再审核")
    p.add_argument("--reason", default="", metavar="理由",
                   help="理由，记入状态历史（不通过、重新登记必填；与自动核对不同或受理逾期报送时必填）")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="决定的日期：资格审核日期或核准日期（打印在审批表上；不写为今天）")
    p.add_argument("--yes", action="store_true",
                   help="确认改动已结年年度的申报（结年结果的申报或已结年年度的重新登记；须写 --reason）；"
                        "或确认已核对近似重复的提示（可能与已登记的人为同一人、项目名称相近）后仍通过或核准")
    p.set_defaults(func=run_decide)

    p = rsub.add_parser(
        "received", help="填写收件日期（可一次填写多份申报）",
        description="收件日期是本办收到纸质申报的日期（方案三报送时限据此核对），由本办填写，"
                    "推荐单位不填：汇总表导入时未填的，申报为“待填收件日期”。写明申报（登记号等，"
                    "可写多个），或用 --union 指定一个推荐单位该年度的全部申报；--missing-only 只填"
                    "尚无收件日期的（已填的不变）。逐份保存，记入修改记录，随即重新核对。"
                    "同窗口中选中多份申报 → 编辑 → 填写收件日期（Ctrl+D）",
        epilog="例：boostdesk review received --date 2022-10-28 专利1 专利2；"
               "boostdesk review received --date 2022-10-28 --union 海淀区总工会 --missing-only")
    p.add_argument("refs", nargs="*", metavar="REF", help=_REF_HELP + "（可写多个）")
    add_db_argument(p)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="收件日期（不能晚于今天）")
    p.add_argument("--union", metavar="推荐单位",
                   help="这个推荐单位该年度的全部申报（全称，或只有它含有的一段名称）")
    p.add_argument("--year", metavar="N",
                   help="年度：--union 该年度的申报（默认登记册中最新的年度）；写明申报时，核对各份属于该年度")
    p.add_argument("--missing-only", action="store_true",
                   help="只填尚无收件日期的申报，已有收件日期的不改")
    p.set_defaults(func=run_received)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _paper(reg: Any, ref: str) -> Any:
    """The application REF names (``app_refs.find_application``), or a UserError."""
    from boostdesk.app_refs import find_application
    from boostdesk.models.register import RegisterError
    from boostdesk.validate import ValidationError

    try:
        stream, app_id = find_application(reg, ref)
        return reg.application(stream, app_id)
    except (ValidationError, RegisterError) as exc:
        raise UserError(str(exc)) from None


def _named(app: Any) -> str:
    from boostdesk.models.records import id_ref

    return f"{id_ref(app.stream, app.id)}“{app.title or '（无名称）'}”（{app.campaign_year} 年度）"


def _words(values: list[str]) -> list[str]:
    return [w for v in values for w in re.split(r"[,，、]", v) if w.strip()]


def _verdict(reg: Any, app: Any) -> str:
    """The paper's standing after the write, as the lists say it (核对结果)."""
    from boostdesk.models.workflow import STATUS_ZH
    from boostdesk.progress import verdict_of, verdict_words
    from boostdesk.rules.findings import stored_findings

    table = "patent_applications" if app.stream == "patent" else "project_applications"
    row = reg.query(f"SELECT eligible, incomplete, findings FROM {table} WHERE id = ?",
                    (app.id,))[0]
    stored = stored_findings(row["findings"] or "[]")
    verdict = verdict_words(app.status, verdict_of(row["eligible"], row["incomplete"]), stored)
    found = [f.message for f in stored
             if f.blocking or f.missing or f.code == "LATE_SUBMISSION"]
    return (f"状态：{STATUS_ZH.get(app.status, app.status)}；核对结果：{verdict}"
            + (f"（{'；'.join(found)}）" if found else ""))


def run_materials(args: argparse.Namespace) -> int:
    from boostdesk.models.register import RegisterError
    from boostdesk.paper_review import checklist_lines, material_key, tick_materials

    with open_register(args) as reg:
        app = _paper(reg, args.ref)
        campaign = reg.campaign(app.campaign_year)
        items = campaign.materials(app.stream)
        try:
            tick = {material_key(campaign, app.stream, w) for w in _words(args.tick)}
            untick = {material_key(campaign, app.stream, w) for w in _words(args.untick)}
            if args.all:
                tick |= set(items) - untick
            if args.none:
                untick |= set(items) - tick
            asked = bool(tick or untick)
            done = tick_materials(reg, app.stream, app.id, tick, untick) if asked else None
        except RegisterError as exc:  # ReviewRefused among them: nothing changed
            raise UserError(str(exc)) from None
        app = reg.application(app.stream, app.id)
        print(f"{_named(app)} 的材料：")
        for line in checklist_lines(campaign, app.stream, app.materials):
            print(f"  {line}")
        if done is not None:
            gained = [items[k] for k in items if k in done.after - done.before]
            lost = [items[k] for k in items if k in done.before - done.after]
            print("已保存：" + "；".join(
                part for part in (f"勾选 {'、'.join(gained)}" if gained else "",
                                  f"取消 {'、'.join(lost)}" if lost else "") if part)
                  if done.changed else "材料勾选与登记册相同，未作改动")
        print(_verdict(reg, app))
    return 0


def run_decide(args: argparse.Namespace) -> int:
    from boostdesk import knock_on
    from boostdesk.models.register import RegisterError
    from boostdesk.models.workflow import STATUS_ZH
    from boostdesk.paper_review import DECISION_ZH, decide

    day = _date(args.date)
    with open_register(args) as reg:
        app = _paper(reg, args.ref)
        was = app.status
        try:
            others = knock_on.around(reg, app.stream, app.id)
            now = decide(reg, app.stream, app.id, args.decision, args.reason, day,
                         late_how=LATE_HOW, confirmed=args.yes)
        except (RegisterError, ValueError) as exc:  # the workflow's and the rules' refusals
            said = getattr(exc, "message", None) or str(exc)
            raise UserError(f"{_named(app)}：{said.removesuffix('。')}；未作改动") from None
        moved = f"{STATUS_ZH.get(was, was)} → {STATUS_ZH.get(now.status, now.status)}"
        dated = _decided_day(reg, now)
        print(f"已记录{DECISION_ZH[args.decision]}：{_named(now)}，{moved}"
              + (f"（{dated}）" if dated else "")
              + (f"；理由：{now.status_reason}" if now.status_reason else ""))
        print(_verdict(reg, now))
        for line in knock_on.said(now.stream, knock_on.changed(reg, others)):
            print(line)
    return 0


def _decided_day(reg: Any, app: Any) -> str:
    """The day the decision was dated: the 核准日期, or the history's 资格审核日期."""
    if app.status == "approved" and app.approved_date:
        return f"核准日期 {app.approved_date}"
    day = reg.scalar("SELECT decided_on FROM status_history WHERE stream = ? AND"
                     " application_id = ? ORDER BY id DESC LIMIT 1", (app.stream, app.id))
    return f"资格审核日期 {day}" if day else ""


def _date(text: str | None, what: str = "决定的日期（--date）") -> date | None:
    from boostdesk.validate import ValidationError, parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise UserError(f"{what}“{text}”写得不对：{exc.message}") from None


def run_received(args: argparse.Namespace) -> int:
    from boostdesk.models.records import PATENT, PROJECT
    from boostdesk.models.register import RegisterError
    from boostdesk.received_days import said, set_received

    day = _date(args.date, "收件日期（--date）")
    assert day is not None  # (--date is required)
    if bool(args.refs) == bool(args.union):
        raise UserError("请写明申报（登记号，可写多个），或用 --union 指定推荐单位（二者选一）")
    with open_register(args) as reg:
        picked: dict[str, list[int]] = {PATENT: [], PROJECT: []}
        if args.union:
            picked = _union_papers(reg, args.union, args.year)
        year = year_number(args.year) if args.year else None
        for ref in args.refs:
            app = _paper(reg, ref)
            if year is not None and app.campaign_year != year:
                raise UserError(f"{_named(app)}不是 {year} 年度的申报；未作改动")
            picked[app.stream].append(app.id)
        done: dict[str, Any] = {}
        try:
            with reg.transaction():  # all or none, both streams
                for stream, ids in picked.items():
                    if ids:
                        done[stream] = set_received(reg, stream, ids, day,
                                                    missing_only=args.missing_only)
        except RegisterError as exc:
            raise UserError(f"{exc}；未作改动") from None
        asked = sum(len(ids) for ids in picked.values())
        changed = [(stream, i, was) for stream, d in done.items()
                   for i, was in sorted(d.was.items())]
        left = asked - len(changed) - sum(len(d.decided) for d in done.values())
        print(f"已填写收件日期 {day.isoformat()}：{len(changed)} 份"
              + (f"（所选 {asked} 份中其余 {left} 份"
                 + ("已有收件日期，未改）" if args.missing_only else "已是这一天）")
                 if left else ""))
        for stream, filled in done.items():  # late ones and decided ones, as the window says
            if more := said(reg, stream, filled, day):
                print(more)
        for stream, app_id, was in changed:
            app = reg.application(stream, app_id)
            print(f"  {_named(app)}" + (f"（原为 {was.isoformat()}）" if was else ""))
            print(f"    {_verdict(reg, app)}")
        if not asked:
            print("没有符合的申报")
    return 0


def _union_papers(reg: Any, name: str, year_text: str | None) -> dict[str, list[int]]:
    """Every paper of the union ``name`` names in the year, by stream."""
    from boostdesk.cli import register_year
    from boostdesk.io.findings_notice import NoticeError, resolve_union

    try:
        union = resolve_union(reg, name)
    except NoticeError as exc:
        raise UserError(str(exc)) from None
    year = register_year(reg, year_text)
    out: dict[str, list[int]] = {}
    for stream, table in (("patent", "patent_applications"), ("project", "project_applications")):
        out[stream] = [r[0] for r in reg.conn.execute(
            f"SELECT a.id FROM {table} a JOIN units u ON u.id = a.unit_id"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE u.name = ? AND c.year = ?"
            " ORDER BY a.id", (union, year))]
    return out
