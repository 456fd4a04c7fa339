"""`boostdesk correct`: the register's corrections of names and ID numbers, as the window
makes them (单位与人员, 工作室), for IT staff working from an auditor's list.

Each sub-command calls the one ``Register`` method its window dialog calls, so the
refusals (a paid union merged into one of another kind, an ID number that is another
person's) and the audit trail are the same. Where the window asks before merging two
spellings into one, the command refuses unless ``--merge`` is given.
"""

from __future__ import annotations

import argparse
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "correct", help="更正推荐单位、工作室、所在单位的名称，人员的姓名、身份证号，申报的资格审核日期",
        description="更正登记册中的写法，含往年和已拨付的申报，记入修改记录（写明原因）。"
                    "新名称已是另一推荐单位或工作室的，须加 --merge 才合并")
    kinds = p.add_subparsers(dest="kind", metavar="对象")
    for name, help_, old, new in (
        ("union", "推荐单位改名，或并入另一推荐单位（--merge）", "原名称", "新名称"),
        ("studio", "工作室改名，或并入另一工作室（--merge）", "原名称", "新名称"),
        ("enterprise", "更正所在单位的名称（已拨付项目的收款单位一并更正）", "原名称", "新名称"),
        ("name", "更正人员的姓名", "身份证号或原姓名", "新姓名"),
        ("id", "更正人员的身份证号", "原身份证号或姓名", "新身份证号"),
    ):
        k = kinds.add_parser(name, help=help_, description=help_)
        add_db_argument(k)
        k.add_argument("old", metavar=old)
        k.add_argument("new", metavar=new)
        k.add_argument("--reason", default="", metavar="原因",
                       help=f"更正原因，记入修改记录（{_REASON_NEEDED[name]}）")
        if name in _MERGED:
            k.add_argument("--merge", action="store_true",
                           help=f"新名称已是另一{_MERGED[name]}的：确认两者是同一{_MERGED[name]}"
                                "的两种写法，合并")
        elif name == "id":
            k.add_argument("--merge", action="store_true",
                           help="新身份证号已是另一同名人员的：确认是同一人，把此人的申报并入该人员、"
                                "删除此人的人员记录（此人的申报须均未汇出款项）")
        k.set_defaults(func=_RUN[name])
    k = kinds.add_parser(
        "card", help="更正专利申报的工会会员互助服务卡号（已核准或助推款已汇出的须写明原因）",
        description="更正一项专利申报的工会会员互助服务卡号，记入修改记录，并按方案重新核对。"
                    "已核准的，须用 --reason 写明原因（审批表的注和拨付清单注明原卡、新卡和原因）；"
                    "助推款已汇出、被银行退回待重拨的，更正后退回的款项汇往新卡，须用 --reason "
                    "写明原因（重印的审批表注明原卡和新卡）；已拨付到卡、无退汇的不能再改卡号")
    add_db_argument(k)
    k.add_argument("old", metavar="申报", help="登记号（专利12）或专利号")
    k.add_argument("new", metavar="新卡号")
    k.add_argument("--reason", default="", metavar="原因",
                   help="更正原因，记入修改记录（已核准或助推款已汇出的必填）")
    k.add_argument("--yes", action="store_true",
                   help="新卡号已登记为另一申报人的卡号时，核实确属本人后仍按此更正"
                        "（不加时说明与哪项申报相同，不作改动）")
    k.set_defaults(func=run_card)
    k = kinds.add_parser(
        "title", help="更正申报的专利名称或项目名称（已核准或已拨付的须写明原因）",
        description="更正一项申报的专利名称或项目名称，记入修改记录。已核准或已拨付的，名称印在已签批的"
                    "审批表上，须用 --reason 写明原因，重印的审批表在注中注明原名称、现名称和原因")
    add_db_argument(k)
    k.add_argument("old", metavar="申报", help="登记号，如 专利12 项目38（或专利号）")
    k.add_argument("new", metavar="新名称")
    k.add_argument("--reason", default="", metavar="原因",
                   help="更正原因，记入修改记录（已核准或已拨付的必填）")
    k.set_defaults(func=run_title)
    k = kinds.add_parser(
        "payee", help="项目助推款被银行退回后改汇另一收款单位（企业更名、收款账户变更）",
        description="项目的助推款被银行退回（退汇待重拨）后，把退回的款项和尚未拨付的款项改汇到另一"
                    "收款单位（企业更名后账户名称变更、工作室迁到另一企业），须用 --reason 写明原因，"
                    "记入修改记录。已拨付的款项仍记为汇往原收款单位（拨付清单、审批表照此打印）。"
                    "只是所在单位名称录错的，请用 correct enterprise")
    add_db_argument(k)
    k.add_argument("old", metavar="项目", help="项目登记号（如 项目38）或项目名称")
    k.add_argument("new", metavar="新收款单位", help="企业全称，与收款账户名称一致")
    k.add_argument("--reason", default="", metavar="原因", help="改汇原因，记入修改记录（必填）")
    k.add_argument("--date", default="", metavar="YYYY-MM-DD",
                   help="改汇决定日期（主任办公会等作出决定的日期，审批表的注按此日期；默认今天，"
                        "不得早于所依据的退汇日期）")
    k.add_argument("--new", "--yes", dest="confirm_new", action="store_true",
                   help="新收款单位与登记册中已有的单位名称相近时，确认是另一企业、按所写名称新登记")
    k.set_defaults(func=run_payee)
    k = kinds.add_parser(
        "qualified-date", help="更正已通过资格审核的申报的资格审核日期（含已核准、已拨付的）",
        description="更正一项或多项申报资格审核通过的日期（审批表上“资格审核通过（……）”所印），"
                    "记入修改记录（须写明原因）。资格审核结论本身不变。日期不能在今天之后、年度计划"
                    "印发或收件之前，也不能在该申报的核准日期之后；日期不详的用 --unknown 改回未填；"
                    "多项一并更正，全部或全不")
    add_db_argument(k)
    k.add_argument("refs", nargs="+", metavar="申报",
                   help="登记号，如 专利12 项目38（可写多项；同为专利或同为项目）")
    day = k.add_mutually_exclusive_group(required=True)
    day.add_argument("--date", metavar="日期", help="资格审核日期，如 2022-11-10 或 2022年11月10日")
    day.add_argument("--unknown", action="store_true",
                     help="日期不详：改回未填（审批表按录入日打印，录入在核准之后的注“补录”）")
    k.add_argument("--reason", default="", metavar="原因", help="更正原因，记入修改记录（必填）")
    k.set_defaults(func=run_qualified_date)
    k = kinds.add_parser(
        "old-ids", help="把登记册中仍为 15 位旧身份证号的人员一并换算为 18 位",
        description="找出以 15 位旧身份证号登记的人员（本版之前导入的往年汇总表），换算为 18 位："
                    "登记册中已有此 18 位号码的，姓名一致即合并为同一人（其申报归入），姓名不同的"
                    "列出、不改；没有的，改为 18 位号码。先备份登记册，一次完成（全部或全不），"
                    "每人记入修改记录")
    add_db_argument(k)
    k.add_argument("--dry-run", action="store_true", help="只列出将如何处理，不作改动")
    k.add_argument("--reason", default=OLD_IDS_REASON, metavar="原因",
                   help=f"记入修改记录的原因（默认“{OLD_IDS_REASON}”）")
    k.set_defaults(func=run_old_ids)
    k = kinds.add_parser(
        "studios-near", help="把名称相近、应为同一工作室的工作室一并合并（如“X职工技术创新工作室”并入“X职工创新工作室”）",
        description="找出名称只差“职工”“劳模”“技术”“创新”“工作室”、括号或空格、领衔人相同或未填的"
                    "工作室，列出每个将并入哪一个（先登记的那个）；领衔人不同的列出、不合并。"
                    "先备份登记册，一次完成（全部或全不），每次合并记入修改记录，与 correct studio "
                    "--merge 相同，并说明合并后重新核对改变了哪些申报的资格")
    add_db_argument(k)
    k.add_argument("--dry-run", action="store_true", help="只列出将如何合并，不作改动")
    k.set_defaults(func=run_studios_near)
    k = kinds.add_parser(
        "studios-distinct", help="确认两个名称相近或领衔人和所在单位相同的工作室确是不同的工作室",
        description="核对后确认两个工作室不是同一工作室：此后二者的申报不再合计计入同一工作室"
                    "申报项数（方案二（二）2），记入修改记录，并重新核对二者所在年度的申报")
    add_db_argument(k)
    k.add_argument("name", metavar="工作室")
    k.add_argument("other", metavar="另一工作室")
    k.add_argument("--reason", required=True, metavar="原因", help="核对的依据，记入修改记录（必填）")
    k.set_defaults(func=run_studios_distinct)
    for kind, (who, asked, example) in _CLEARED.items():
        k = kinds.add_parser(
            f"{kind}-distinct", help=f"确认两份申报的{who}确是不同的{who}，不再提示“{asked}”",
            description=f"核对后确认两份申报的{who}不是同一{who}：此后二者不再提示“{asked}”"
                        "（在核对结果、导入、申报表和决定时），记入两份申报的修改记录，并重新核对"
                        "二者所在年度的申报",
            epilog=f"例：boostdesk correct {kind}-distinct {example} --reason 核对身份证复印件确为两人")
        add_db_argument(k)
        k.add_argument("ref", metavar="REF", help="申报：登记号（专利12、项目3）、专利号或项目名称")
        k.add_argument("other", metavar="另一REF", help="另一份申报")
        k.add_argument("--reason", required=True, metavar="原因", help="核对的依据，记入修改记录（必填）")
        k.set_defaults(func=run_near_distinct, kind=kind)


# when each correction needs --reason (each help said all five kinds' cases at once)
_REASON_NEEDED = {"union": "推荐单位有已拨付款项时必填", "studio": "可不写",
                  "enterprise": "必填", "name": "必填", "id": "必填"}
_MERGED = {"union": "推荐单位", "studio": "工作室"}  # the kinds --merge joins


# the field of the forms' and the import's limits (``field_limits``) each kind's NEW fills
_NEW_FIELD = {"title": ("title", "新名称"), "union": ("unit_name", "新名称"), "studio": ("studio_name", "新名称"),
              "enterprise": ("enterprise_name", "新名称"), "name": ("inventor_name", "新姓名"),
              "id": ("id_number", "新身份证号"), "card": ("card_number", "新卡号"),
              "payee": ("enterprise_name", "新收款单位")}


def _within_limits(args: argparse.Namespace) -> None:
    """The new text and the reason no longer than the window's fields take: a name or
    reason pasted with a whole document was stored, the window's forms refuse it."""
    from boostdesk.field_limits import check_field
    from boostdesk.validate import ValidationError

    checked = [("reason", "更正原因（--reason）", getattr(args, "reason", "") or "")]
    if args.kind in _NEW_FIELD:
        field, label = _NEW_FIELD[args.kind]
        checked.insert(0, (field, label, args.new))
    for field, label, text in checked:
        try:
            check_field(field, " ".join(str(text).split()))
        except ValidationError as exc:
            raise UserError(f"{label}{exc.message}，未作改动") from None


def _run(args: argparse.Namespace, write: Any) -> int:
    from boostdesk.models import RegisterError

    _within_limits(args)
    with open_register(args) as reg:
        try:
            said = write(reg)
        except RegisterError as exc:
            raise UserError(str(exc)) from None
    print(said)
    return 0


def run_union(args: argparse.Namespace) -> int:
    def write(reg: Any) -> str:
        from boostdesk.validate import tidy_name

        old, new = tidy_name(args.old), tidy_name(args.new)
        taken = bool(new and new != old and reg.unit_uses(new))
        if taken and not reg.unit_uses(old):  # a misspelt OLD: not a merge to confirm
            raise UserError(f"登记册中没有推荐单位“{old}”（可能已被改名或合并）")
        if taken and not args.merge:
            raise UserError(_merge_first("推荐单位", old, new, _unit_moves(reg.unit_uses(old))))
        effects = reg.unit_rename_effects(old, new) if new else ""
        if not reg.rename_unit(old, new, args.reason):
            return f"推荐单位“{old}”已是此名，未作改动"
        verb = "并入" if taken else "改名为"
        return f"已将推荐单位“{old}”{verb}“{new}”" + (f"\n提示：{effects}" if effects else "")

    return _run(args, write)


def run_studio(args: argparse.Namespace) -> int:
    def write(reg: Any) -> str:
        from boostdesk.validate import tidy_name

        old, new = tidy_name(args.old), tidy_name(args.new)
        taken = bool(new and new != old and reg.studio(new))
        if taken and reg.studio(old) is None:  # a misspelt OLD: not a merge to confirm
            raise UserError(f"登记册中没有工作室“{old}”（可能已被改名或合并）")
        if taken and not args.merge:
            projects = reg.scalar("SELECT COUNT(*) FROM project_applications a JOIN studios s"
                                  " ON s.id = a.studio_id WHERE s.name = ?", (old,))
            raise UserError(_merge_first("工作室", old, new, f"项目申报 {projects} 项"))
        payees = reg.studio_merge_payees(old, new) if taken else ""
        if taken:  # its projects and the other's judged again: what that changed is said
            _done, rejudged = reg.merge_studio(old, new, args.reason)
            return (f"已将工作室“{old}”并入“{new}”" + (f"\n提示：{payees}" if payees else "")
                    + (f"\n{rejudged}" if rejudged else ""))
        if not reg.rename_studio(old, new, args.reason):
            return f"工作室“{old}”已是此名，未作改动"
        return f"已将工作室“{old}”改名为“{new}”"

    return _run(args, write)


def run_enterprise(args: argparse.Namespace) -> int:
    def write(reg: Any) -> str:
        from boostdesk.validate import tidy_name

        old = tidy_name(args.old)
        found = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (old,))
        if found is None:
            raise UserError(f"登记册中没有所在单位“{old}”（可能已被更正）")
        # what was sent to it (paid, or sent back by the bank and owed again), as the window asks
        effects = reg.enterprise_correction_effects(int(found), args.new)
        reg.correct_enterprise_name(int(found), args.new, args.reason)
        return (f"已将所在单位“{old}”更正为“{tidy_name(args.new)}”"
                + (f"\n提示：{effects}" if effects else ""))

    return _run(args, write)


def run_name(args: argparse.Namespace) -> int:
    def write(reg: Any) -> str:
        from boostdesk.labels import mask_id
        from boostdesk.validate import tidy_name

        person, name, number = _person(reg, args.old)
        old = reg.correct_person_name(person, args.new, args.reason)
        # the name as stored (买买提.艾力 typed is 买买提·艾力), as the enterprise's line says it
        return f"已将“{old}”（身份证号 {mask_id(number)}）的姓名更正为“{tidy_name(args.new)}”"

    return _run(args, write)


def run_id(args: argparse.Namespace) -> int:
    """The numbers masked in all it says, refusals too, as the import says them (the
    window's dialog shows them whole: the clerk compares them with the ID card copy)."""
    from boostdesk.labels import MASKED_DIFFER
    from boostdesk.models import RegisterError
    from boostdesk.safety.privacy import mask_id, mask_text
    from boostdesk.validate import ValidationError, check_resident_id

    def write(reg: Any) -> str:
        person, name, _ = _person(reg, args.old)
        try:
            old = reg.correct_person_id(person, args.new, args.reason, merge=args.merge)
        except RegisterError as exc:
            raise UserError(mask_text(str(exc))) from None
        new = reg.scalar("SELECT id_number FROM people WHERE id = ?", (person,))
        if new is None and args.merge:  # merged into the number's person (--merge)
            number = check_resident_id(args.new)
            merged = reg.scalar("SELECT id FROM people WHERE id_number = ?", (number,))
            return (f"已将“{name}”的身份证号由 {mask_id(old) or '（未填）'} 更正为 {mask_id(number)}，"
                    f"与登记册中此号码的同一人合并，其申报现为：{reg.person_papers(merged)}")
        if new is None:  # a 15-digit number's person merged into his 18-digit self
            try:
                number = check_resident_id(args.new)
            except ValidationError:  # pragma: no cover - the register checked it
                number = args.new
            merged = reg.scalar("SELECT id FROM people WHERE id_number = ?", (number,))
            return (f"已将“{name}”的 15 位旧身份证号 {mask_id(old)} 更正为 18 位 {mask_id(number)}，"
                    f"与登记册中此号码的同一人合并，其申报现为：{reg.person_papers(merged)}")
        if old and old == new:  # nothing to correct: said as the other no-op corrections
            typed = "".join(str(args.new).split())
            why = ("：该 15 位旧号码换算后就是登记册中的号码，无需更正" if len(typed) == 15
                   and typed != old else "")
            return f"“{name}”的身份证号已是 {mask_id(old)}，未作改动{why}"
        alike = MASKED_DIFFER if old and mask_id(old) == mask_id(new) else ""
        return (f"已将“{name}”的身份证号由 {mask_id(old) or '（未填）'} 更正为 {mask_id(new)}"
                f"{alike}")

    return _run(args, write)


def run_card(args: argparse.Namespace) -> int:
    """As the entry form saves a card corrected (``Register.save_patent`` with the reason,
    then the re-check): the numbers masked in all it says."""
    from dataclasses import replace

    from boostdesk.award_holds import holds
    from boostdesk.card_clash import card_clash
    from boostdesk.labels import MASKED_DIFFER
    from boostdesk.models import RegisterError
    from boostdesk.models.records import PATENT, id_ref
    from boostdesk.rules import recheck
    from boostdesk.safety.privacy import mask_card_grouped as mask_card
    from boostdesk.validate import ValidationError, check_union_card, tidy_card

    def write(reg: Any) -> str:
        app = reg.patent(_patent_id(reg, args.old))
        try:
            new, warnings = check_union_card(args.new)
        except ValidationError as exc:
            raise UserError(f"新卡号无效：{exc.message}") from None
        ref = id_ref(PATENT, app.id)
        if tidy_card(app.card_number) == new:
            return (f"{ref} 的卡号已是 {mask_card(new)}，未作改动"
                    + "".join(f"\n提示：{w}" for w in warnings))
        # another inventor's card: said now, as the form's card field says it, not learnt
        # later from `pay list`'s 暂缓拨付; saved only once confirmed (--yes)
        clash = card_clash(reg, replace(app, card_number=new))
        try:
            with reg.transaction():
                reg.save_patent(replace(app, card_number=new), reason=args.reason)
                recheck(reg)
                if clash:
                    clash += f"：按此更正，{_clash_outcome(reg, holds, app.campaign_year, app.id)}"
                    if not args.yes:
                        raise UserError(f"{clash}。未作改动：请核对新卡号；核实确属本人的卡，"
                                        "加 --yes 仍按此更正")
        except RegisterError as exc:  # a reason asked for: said as this command takes it
            said = str(exc)
            raise UserError(said.replace("须写明原因", "须用 --reason 写明原因")
                            if not args.reason.strip() else said) from None
        # what the entry form shows beside the card, and the paper's 提示 now (a check digit
        # that fails: a key likely missed — the money goes to this number)
        tips = "".join(f"\n提示：{w}" for w in warnings) + (f"\n注意：{clash}" if clash else "")
        if not tidy_card(app.card_number):  # none before: "由  更正为" read as a number lost
            return f"已为{ref}（{app.inventor_name}）补填互助服务卡号 {mask_card(new)}（原未填）" + tips
        alike = MASKED_DIFFER if mask_card(app.card_number) == mask_card(new) else ""
        return (f"已将{ref}（{app.inventor_name}）的互助服务卡号由 {mask_card(app.card_number)}"
                f" 更正为 {mask_card(new)}{alike}" + tips)

    return _run(args, write)


def run_title(args: argparse.Namespace) -> int:
    """As the entry form saves a title changed (``Register.save_patent`` / ``save_project``
    with the reason, then the re-check): an award's signed sheet prints it."""
    from dataclasses import replace

    from boostdesk.app_refs import stream_and_id
    from boostdesk.models import RegisterError
    from boostdesk.models.records import PATENT, PROJECT, id_ref
    from boostdesk.rules import recheck
    from boostdesk.validate import tidy_title

    def write(reg: Any) -> str:
        named = stream_and_id(args.old)
        if named is not None and named[0] == PROJECT:
            if not reg.scalar("SELECT 1 FROM project_applications WHERE id = ?", (named[1],)):
                raise UserError(f"登记册中没有“{args.old.strip()}”的项目申报：请写登记号（如 项目38）")
            app: Any = reg.project(named[1])
        else:
            app = reg.patent(_patent_id(reg, args.old))
        new = tidy_title(args.new)
        if not new:
            raise UserError("新名称为空，未作改动")
        ref = id_ref(app.stream, app.id)
        if app.title == new:
            return f"{ref} 的名称已是“{new}”，未作改动"
        try:
            with reg.transaction():
                if app.stream == PATENT:
                    reg.save_patent(replace(app, title=new), reason=args.reason)
                else:
                    reg.save_project(replace(app, title=new), studio_facts=(),
                                     reason=args.reason)
                recheck(reg)
        except RegisterError as exc:  # a reason asked for: said as this command takes it
            said = str(exc)
            raise UserError(said.replace("须写明原因", "须用 --reason 写明原因")
                            if not args.reason.strip() else said) from None
        return f"已将{ref}的名称由“{app.title}”更正为“{new}”"

    return _run(args, write)


def _clash_outcome(reg: Any, holds: Any, year: int, paper: int) -> str:
    """What a card another inventor's paper gives does to this paper, once re-checked."""
    from boostdesk.models.records import PATENT

    if (PATENT, paper) in holds(reg, year):
        return "本项暂缓拨付，待卡号核实"
    if not reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (paper,)):
        return "本申报核对为不合格，卡号更正前不能核准、拨付"
    return "两项申报的卡号均待核对"


def run_payee(args: argparse.Namespace) -> int:
    """``finance.redirect.redirect_payee``: a returned project's money still to send paid
    to another enterprise, the transfers sent kept under the one they went to."""
    from boostdesk import near_names
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.redirect import redirect_payee
    from boostdesk.validate import ValidationError, parse_date, tidy_name

    # the project as pay accept / pay postpone take it: 项目38, 38 or its title
    from .print_cmds import _accepted_project as project_named

    decided = None
    if args.date.strip():
        try:
            decided = parse_date(args.date)
        except ValidationError as exc:
            raise UserError(f"改汇决定日期（--date）写得不对：{exc.message}") from None

    def write(reg: Any) -> str:
        app_id = project_named(reg, args.old).id
        ref = f"项目{app_id}"
        found = near_names.near(reg, near_names.ENTERPRISES, args.new)
        if found and not args.confirm_new:  # as the window asks before a near name is new
            raise UserError(
                f"登记册中没有所在单位“{tidy_name(args.new)}”，相近的有" + "、".join(
                    f"“{n.name}”（{n.why}）" for n in found) + "，未改汇。是其中之一的，请照登记册"
                f"的写法重写，如 boostdesk correct payee {ref} {found[0].name} --reason 原因；"
                "确是另一企业（与收款账户名称一致）的，加 --new 按所写名称新登记并改汇")
        try:
            done = redirect_payee(reg, app_id, args.new, args.reason, decided)
        except FinanceError as exc:
            raise UserError(str(exc).replace("改汇须写明原因", "改汇须用 --reason 写明原因")) from None
        if done is None:
            return f"{ref}的收款单位已是“{args.new.strip()}”，未作改动"
        return done.text

    return _run(args, write)


def run_qualified_date(args: argparse.Namespace) -> int:
    """``rules.qualified_day.correct_qualified_date``, as 改变状态's 更正资格审核日期 makes
    it: the refs of one stream, all corrected or none."""
    from boostdesk.app_refs import stream_and_id
    from boostdesk.models.records import id_ref
    from boostdesk.rules.qualified_day import correct_qualified_date
    from boostdesk.validate import ValidationError, parse_date

    try:
        day = None if args.unknown else parse_date(args.date)
    except ValidationError as exc:
        raise UserError(f"资格审核日期（--date）：{exc.message}") from None
    named = []
    for ref in args.refs:
        found = stream_and_id(ref)
        if found is None or found[0] is None:
            raise UserError(f"“{ref.strip()}”不是登记号：请写 专利12 或 项目38 这样的登记号")
        named.append(found)
    streams = {s for s, _ in named}
    if len(streams) > 1:
        raise UserError("专利和项目请分两次更正（每次同为专利或同为项目）")
    stream = streams.pop()
    assert stream is not None
    ids = list(dict.fromkeys(i for _, i in named))

    def write(reg: Any) -> str:
        changed = correct_qualified_date(reg, stream, ids, day, args.reason)
        refs = "、".join(id_ref(stream, i) for i in ids)
        same = len(ids) - changed
        if day is None:
            return (f"已将{refs}的资格审核日期改回未填"
                    + (f"（其中 {same} 项原已未填，未改动）" if same else "")
                    + "，重印的审批表按录入日打印")
        return (f"已将{refs}的资格审核日期更正为 {day.isoformat()}"
                + (f"（其中 {same} 项原已是此日期，未改动）" if same else "")
                + "，重印的审批表印此日期")

    return _run(args, write)


def _patent_id(reg: Any, ref: str) -> int:
    """The patent application a 登记号 (专利12, or a bare 12) or a patent number names."""
    from boostdesk.app_refs import patent_number, stream_and_id
    from boostdesk.models.records import PATENT

    named = stream_and_id(ref)
    if named is not None and named[0] in (None, PATENT) and reg.scalar(
            "SELECT 1 FROM patent_applications WHERE id = ?", (named[1],)):
        return named[1]
    number = patent_number(ref)
    rows = reg.conn.execute("SELECT a.id, c.year FROM patent_applications a JOIN campaigns c"
                            " ON c.id = a.campaign_id WHERE a.patent_number = ? ORDER BY a.id",
                            (number,)).fetchall() if number else []
    if len(rows) == 1:
        return int(rows[0][0])
    if len(rows) > 1:
        raise UserError(f"专利号 {number} 有 {len(rows)} 项申报（"
                        + "、".join(f"{y} 年度专利{i}" for i, y in rows) + "），请写登记号")
    raise UserError(f"登记册中没有“{ref.strip()}”的专利申报：请写登记号（如 专利12）或专利号")


OLD_IDS_REASON = "15 位旧身份证号换算为 18 位（GB 11643-1999）"
QUOTES = "“”‘’「」『』\"'"
NEAR_REASON = "名称相近、领衔人相同或未填，同一工作室的两种写法（correct studios-near）"


def run_old_ids(args: argparse.Namespace) -> int:
    """Every 15-digit person through ``Register.correct_old_ids`` (``correct_person_id``
    each, as `correct id`), backed up first; the numbers masked in all it prints."""
    from boostdesk.models import RegisterError
    from boostdesk.models.register_people import OLD_ID_LEFT, OLD_ID_MERGED, OLD_ID_REWRITTEN
    from boostdesk.safety.backup import backed_up_write
    from boostdesk.safety.privacy import mask_id, mask_text

    with open_register(args) as reg:
        backup = "ids" if not args.dry_run and reg.scalar(
            "SELECT EXISTS (SELECT 1 FROM people WHERE length(id_number) = 15)") else None
        try:  # the backup kept only if a number was rewritten (none may be: all left)
            with backed_up_write(reg, backup) as backed_up:
                done = reg.correct_old_ids(args.reason.strip() or OLD_IDS_REASON,
                                           dry_run=args.dry_run)
        except RegisterError as exc:
            raise UserError(mask_text(str(exc))) from None
    kept = backed_up.kept
    if not done:
        print("登记册中没有以 15 位旧身份证号登记的人员，未作改动")
        return 0
    heads = {OLD_ID_MERGED: "与登记册中 18 位号码的同一人合并", OLD_ID_REWRITTEN: "改为 18 位号码",
             OLD_ID_LEFT: "未改动（请核对身份证复印件后逐人处理：correct name / correct id）"}
    lead = "试运行，未作改动。将" if args.dry_run else "已"
    counts = {how: sum(1 for d in done if d.how == how) for how in heads}
    print(f"{lead}换算 15 位旧身份证号 {counts[OLD_ID_MERGED] + counts[OLD_ID_REWRITTEN]} 人"
          f"（合并 {counts[OLD_ID_MERGED]} 人，改号 {counts[OLD_ID_REWRITTEN]} 人），"
          f"未改动 {counts[OLD_ID_LEFT]} 人" + (f"；改动前已备份：{kept.path}" if kept else ""))
    for how, head in heads.items():
        if counts[how]:
            print(f"{head}（{counts[how]} 人）：")
        for d in (d for d in done if d.how == how):
            said = mask_text(d.said) if how == OLD_ID_LEFT else f"申报：{d.said}"
            print(f"  “{d.name}” {mask_id(d.old)} → {mask_id(d.new)}：{said}")
    return 0


def run_studios_near(args: argparse.Namespace) -> int:
    """Every studio written otherwise than one registered before it
    (``studio_names.register_variants``) merged into it with ``Register.merge_studio``
    (as `correct studio --merge`), in one transaction, backed up first."""
    from boostdesk.models import RegisterError
    from boostdesk.models.studio_limits import merge_refusal
    from boostdesk.rules.near_studios import distinct_pairs
    from boostdesk.studio_names import register_variants

    with open_register(args) as reg:
        # two confirmed different (studios-distinct) are neither merged nor listed
        distinct = distinct_pairs(reg.conn)
        variants = [v._replace(others=tuple(o for o in v.others
                                            if frozenset((v.studio.id, o.id)) not in distinct))
                    for v in register_variants(reg.conn)
                    if v.into is None or frozenset((v.studio.id, v.into.id)) not in distinct]
        variants = [v for v in variants if v.into is not None or v.others]
        joined = [v for v in variants if v.into is not None]
        left = [v for v in variants if v.into is None]
        if not variants:
            print("登记册中没有名称相近、应为同一工作室的工作室，未作改动")
            return 0
        lead = "试运行，未作改动。将" if args.dry_run else "已"
        said: list[str] = []
        kept = None
        # a pair over a year's award limit is left apart, the others merged (a dry run
        # asks of the register as it is: each merge's own refusal is asked after the last)
        refused = {v.studio.name: why for v in joined if args.dry_run and v.into is not None
                   and (why := merge_refusal(reg, v.studio.name, v.into.name))}
        if joined and not args.dry_run:
            from boostdesk.safety.backup import backed_up_write

            try:
                with backed_up_write(reg, "studios") as backed_up, reg.transaction():
                    for v in joined:
                        assert v.into is not None
                        if why := merge_refusal(reg, v.studio.name, v.into.name):
                            refused[v.studio.name] = why
                            continue
                        payees = reg.studio_merge_payees(v.studio.name, v.into.name)
                        _done, rejudged = reg.merge_studio(v.studio.name, v.into.name,
                                                           NEAR_REASON)
                        said += [f"  {line}" for line in (payees, rejudged) if line]
            except RegisterError as exc:
                raise UserError(f"{exc}；未合并任何工作室") from None
            kept = backed_up.kept
        apart = [v for v in joined if v.studio.name in refused]
        joined = [v for v in joined if v.studio.name not in refused]
        print(f"{lead}合并名称相近的工作室 {len(joined)} 个" + (
            f"，领衔人不同、未合并 {len(left)} 个" if left else "") + (
            f"，同一年度助推超出方案、未合并 {len(apart)} 个" if apart else "")
              + (f"；改动前已备份：{kept.path}" if kept else ""))
        for v in joined:
            assert v.into is not None
            print(f"  “{v.studio.name}”{_led(v.studio)} → “{v.into.name}”{_led(v.into)}")
        if said:
            print("合并后重新核对：")
            print("\n".join(said))
        if apart:
            print("同一年度助推超出方案，未合并：")
            for v in apart:
                print("  " + refused[v.studio.name].replace("\n", "\n  "))
        if left:
            print("领衔人不同，未合并（是同一工作室的，请逐个用 correct studio 原名称 新名称 --merge）：")
            for v in left:
                print(f"  “{v.studio.name}”{_led(v.studio)}，相近的："
                      + "、".join(f"“{o.name}”{_led(o)}" for o in v.others))
    return 0


def run_studios_distinct(args: argparse.Namespace) -> int:
    """Two studios confirmed different (``rules.near_studios``): their papers no longer
    counted together; the years of their papers checked again."""
    from boostdesk.rules import refresh
    from boostdesk.rules.near_studios import confirm_distinct
    from boostdesk.validate import tidy_name

    with open_register(args) as reg:
        ids = []
        # (“…” pasted from a message that quoted the names so: not part of them)
        args.name, args.other = (n.strip().strip(QUOTES) for n in (args.name, args.other))
        for name in (args.name, args.other):
            found = reg.scalar("SELECT id FROM studios WHERE name = ?", (tidy_name(name),))
            if found is None:
                raise UserError(f"登记册中没有工作室“{tidy_name(name)}”，未作改动")
            ids.append(int(found))
        if ids[0] == ids[1]:
            raise UserError("两个名称是同一工作室，未作改动")
        with reg.transaction():
            if not confirm_distinct(reg.conn, ids[0], ids[1]):
                print(f"“{tidy_name(args.name)}”与“{tidy_name(args.other)}”已确认为不同工作室，未作改动")
                return 0
            reg.audit("confirm_distinct", "studio", ids[0], None,
                      {"distinct_from": ids[1], "names": [tidy_name(args.name),
                                                          tidy_name(args.other)],
                       "reason": args.reason.strip()})
        years = [y for (y,) in reg.conn.execute(
            "SELECT DISTINCT c.year FROM project_applications a JOIN campaigns c"
            " ON c.id = a.campaign_id WHERE a.studio_id IN (?, ?) ORDER BY c.year", ids)]
        for year in years:
            refresh(reg, year)
        print(f"已确认“{tidy_name(args.name)}”与“{tidy_name(args.other)}”为不同工作室："
              "二者的申报不再合计计入同一工作室申报项数"
              + (f"；已重新核对 {'、'.join(map(str, years))} 年度的申报" if years else ""))
    return 0


# correct people-distinct / titles-distinct: what the pair is, the 提示 it clears, an example
_CLEARED = {"people": ("人", "可能…为同一人", "专利67 专利69"),
            "titles": ("项目", "项目名称…相近", "项目46 项目8")}


def run_near_distinct(args: argparse.Namespace) -> int:
    """Two papers' people (by ID number) or titles (by paper) confirmed different
    (``rules.near_cleared``): their near-copy 提示 asked no more; their years checked again."""
    from boostdesk.app_refs import find_application
    from boostdesk.models.records import PATENT, PROJECT, id_ref
    from boostdesk.models.register import RegisterError
    from boostdesk.near_clearing import ClearRefused, clear_pair
    from boostdesk.validate import ValidationError

    stream = PATENT if args.kind == "people" else PROJECT
    with open_register(args) as reg:
        papers: list[Any] = []
        for ref in (args.ref, args.other):
            try:
                found = find_application(reg, ref.strip().strip(QUOTES))
                papers.append(reg.application(*found))
            except (ValidationError, RegisterError) as exc:
                raise UserError(f"{exc}；未作改动") from None
        for app in papers:
            if app.stream != stream:
                raise UserError(f"{id_ref(app.stream, app.id)}不是"
                                f"{'专利' if stream == PATENT else '项目'}申报，未作改动")
        try:  # the window's 确认不是同一人… records the same (near_clearing)
            print(clear_pair(reg, args.kind, papers, args.reason))
        except ClearRefused as exc:
            raise UserError(str(exc)) from None
    return 0


def _led(studio: Any) -> str:
    return f"（领衔人 {studio.leader}）" if studio.leader else ""


_RUN = {"union": run_union, "studio": run_studio, "enterprise": run_enterprise,
        "name": run_name, "id": run_id}


def _person(reg: Any, who: str) -> tuple[int, str, str]:
    """(id, name, ID number) of the person an ID number — as typed, possibly the wrong one
    being corrected — or a name borne by one person only names."""
    from boostdesk.labels import mask_id
    from boostdesk.safety.privacy import mask_text
    from boostdesk.validate import person_key, tidy_name

    rows = reg.conn.execute("SELECT id, name, id_number FROM people WHERE id_number = ?",
                            (person_key(who),)).fetchall()
    if not rows:
        rows = reg.conn.execute("SELECT id, name, id_number FROM people WHERE name = ?"
                                " ORDER BY id", (tidy_name(who),)).fetchall()
    if not rows:
        raise UserError(f"登记册中没有身份证号或姓名为“{mask_text(who.strip())}”的人员")
    if len(rows) > 1:
        ids = "、".join(mask_id(r[2]) or "（未填身份证号）" for r in rows)
        raise UserError(f"姓名为“{who.strip()}”的有 {len(rows)} 人（身份证号 {ids}），"
                        "请写身份证号")
    person, name, number = rows[0]
    return int(person), str(name), str(number or "")


def _unit_moves(uses: dict[str, int]) -> str:
    return "、".join(f"{label} {uses[t]} 项" for t, label in (
        ("patent_applications", "专利申报"), ("project_applications", "项目申报"),
        ("enterprises", "所在单位"), ("studios", "工作室")) if uses.get(t)) or "没有申报"


def _merge_first(kind: str, old: str, new: str, moves: str) -> str:
    return (f"登记册中已有{kind}“{new}”：更正为此名是把“{old}”并入“{new}”（{moves}改为“{new}”，"
            f"“{old}”不再单列，含往年和已拨付的申报），未作改动。确是同一{kind}的两种写法的，"
            "加 --merge 再运行")
