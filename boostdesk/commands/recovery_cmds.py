"""`pay revoke` and `pay recovered`: 撤销助推（已拨付，应追回） and its recoveries on the
command line (finance.recovery)."""

from __future__ import annotations

import argparse
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register

_REF_HELP = "申报：登记号（专利26、项目8）、专利号或专利、项目名称"
_STREAM_HELP = ("patent（专利）或 project（项目）：只写数字登记号（26）、专利和项目都有该登记号时用"
                "（写成 专利26、项目26 的不用）")


def add_recovery_commands(paysub: Any) -> None:
    """The two subcommands, under `pay`."""
    rv = paysub.add_parser(
        "revoke", help="撤销助推：款已拨付、后发现不应助推（如专利权被宣告无效），应追回；"
                       "或创新项目的核准尚未拨付（如公示结束后复核认定异议成立）",
        description="撤销助推（已拨付，应追回）：已拨付的款项仍记为已汇出，按付款单位列为应追回，"
                    "未拨付的款项删除，申报改为“撤销助推”，不再计为助推。创新项目的核准一笔都未拨付的，"
                    "同样撤销（撤销助推（未拨付））：未拨付的款项删除，无需追回，空出的档次名额待研究决定"
                    "（专利未拨付的核准在“改变状态”中改为资格审核不通过）。拨付登记错了、款并未汇出的，"
                    "不用此命令，请用 pay cancel。--undo 撤销登记错的撤销助推（尚未登记追回时）")
    rv.add_argument("id", metavar="REF", help=_REF_HELP)
    add_db_argument(rv)
    rv.add_argument("--stream", metavar="patent|project", choices=("patent", "project"),
                    help=_STREAM_HELP)
    rv.add_argument("--date", metavar="YYYY-MM-DD", help="撤销决定的日期（--undo 时不填）")
    rv.add_argument("--reason", metavar="理由", required=True,
                    help="理由，如 专利权被宣告无效、经核实为实用新型（--undo 时为撤销的理由）")
    rv.add_argument("--document", metavar="文件", default="", help="依据的文件及文号")
    rv.add_argument("--undo", action="store_true", help="撤销登记错的撤销助推（尚未登记追回时）")
    rv.set_defaults(func=run_pay_revoke)

    rc = paysub.add_parser(
        "recovered", help="撤销助推的款项追回：按付款单位分次登记（金额、日期、凭证号），或列出追回情况",
        description="登记撤销助推后应追回的款项已追回：一个付款单位一次一笔，可分次追回，"
                    "每次写明金额（--amount，不写为该单位尚欠的全部）、日期和凭证号，直至追回全部；"
                    "超过尚欠的金额不予登记。只写 REF：列出各付款单位应追回、已追回、尚欠及每次追回。"
                    "--undo --reason 撤销登记错了的一笔追回（该单位有几笔的，用 --voucher 指明哪一笔）")
    rc.add_argument("id", metavar="REF", help=_REF_HELP)
    add_db_argument(rc)
    rc.add_argument("--stream", metavar="patent|project", choices=("patent", "project"),
                    help=_STREAM_HELP)
    rc.add_argument("--payer", metavar="federation|union|名称",
                    help="付款单位：federation（市总工会）、union（推荐工会）或其名称（登记或撤销时必填）")
    rc.add_argument("--amount", metavar="金额",
                    help="本次追回的金额（元），如 1200 或 1,200.00；不写为该单位尚欠的全部")
    rc.add_argument("--date", metavar="YYYY-MM-DD", help="追回日期（--undo 时用于指明哪一笔）")
    rc.add_argument("--voucher", metavar="凭证号", help="追回的凭证号（--undo 时用于指明哪一笔）")
    rc.add_argument("--note", metavar="备注", default="", help="备注，如 余款下月退回")
    rc.add_argument("--undo", action="store_true", help="撤销登记错了的一笔追回（须写 --reason）")
    rc.add_argument("--reason", metavar="理由", default="", help="--undo 的理由，如 凭证号登记错了")
    rc.add_argument("--yes", action="store_true",
                    help="凭证号已登记为拨付的付款凭证或别的付款单位的追回凭证，核对无误仍要登记")
    rc.set_defaults(func=run_pay_recovered)


def _day(text: str | None, what: str) -> Any:
    from boostdesk.validate import ValidationError, parse_date

    if not text:
        return None
    try:
        return parse_date(text)
    except ValidationError as exc:
        raise UserError(f"{what}写得不对：{exc}") from None


def _application(reg: Any, args: argparse.Namespace) -> tuple[str, int]:
    """The application REF names, as every command reads one (app_refs.find_application);
    --stream says which stream a bare number is of."""
    from boostdesk.app_refs import find_application
    from boostdesk.models.register import RegisterError
    from boostdesk.validate import ValidationError

    try:
        stream, app_id = find_application(reg, args.id, args.stream)
        reg.application(stream, app_id)  # none such: said by the register
    except (ValidationError, RegisterError) as exc:
        raise UserError(str(exc)) from None
    return stream, app_id


def run_pay_revoke(args: argparse.Namespace) -> int:
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.recovery import revoke_paid_award, undo_revocation
    from boostdesk.models.records import PROJECT, id_ref

    with open_register(args) as reg:
        args.stream, args.id = _application(reg, args)
        try:
            if args.undo:
                back = undo_revocation(reg, args.stream, args.id, args.reason)
                print(f"已撤销“撤销助推”，申报改回“{back}”，未拨付的款项重新列入待拨付")
                return 0
            if not args.date:
                raise UserError("请用 --date 写明撤销决定的日期")
            day = _day(args.date, "撤销决定的日期")
            before = _waiting(reg, args.stream, args.id)
            rec = revoke_paid_award(reg, args.stream, args.id, day, args.reason, args.document)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
        freed = _freed(reg, args.id, before) if args.stream == PROJECT else ""
    print(f"已登记：{rec.summary}")
    if rec.unpaid:
        print(f"{id_ref(rec.stream, rec.app_id)}改为“撤销助推”（未拨付）：未拨付的款项已删除"
              "（记入修改记录），不计为助推；登记错了的，pay revoke --undo --reason 理由")
    else:
        print("已拨付的款项仍记为已汇出（应追回），不计为助推；追回后按付款单位登记：")
    for part in rec.parts:  # each payer's command whole: the reference and the payer filled in
        print(f"  {part.payer_name}：boostdesk pay recovered {id_ref(rec.stream, rec.app_id)}"
              f" --payer {part.payer} --date YYYY-MM-DD --voucher 凭证号")
    if freed:
        print(freed)
    return 0


def _waiting(reg: Any, stream: str, app_id: int) -> Any:
    """Who the ranking already put into a place before the revocation (a project's): the
    place it frees is named apart from them."""
    from boostdesk.models.records import PROJECT
    from boostdesk.panel.freed_places import waiting
    from boostdesk.panel.ranking import rank

    if stream != PROJECT:
        return None
    return waiting(rank(reg, reg.application(stream, app_id).campaign_year))


def _freed(reg: Any, app_id: int, before: Any) -> str:
    """The tier place the revoked project frees and who the ranking moves into it, for the
    office's decision ("" when it moves nobody), as an upheld objection says it."""
    from boostdesk.commands.panel_cmds import ADOPT_HINT
    from boostdesk.panel.freed_places import freed_place_notice

    year = reg.application("project", app_id).campaign_year
    return freed_place_notice(reg, year, app_id, before, ADOPT_HINT)


def run_pay_recovered(args: argparse.Namespace) -> int:
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.recovery import recovery_of, withdraw_recovered
    from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION

    if args.undo and (args.amount or args.note):
        raise UserError("--undo 撤销一笔追回登记，不填 --amount、--note（写 --reason 理由；"
                        "该单位有几笔的，用 --voucher 或 --date 指明哪一笔）")
    shown = not (args.undo or args.date or args.voucher or args.amount or args.payer)
    if not shown and not args.payer:
        raise UserError("请用 --payer 写明付款单位：federation、union 或其名称")
    if not shown and not args.undo and not (args.date and args.voucher):
        raise UserError("请用 --date 写明追回日期、--voucher 写明凭证号（--amount 本次追回的金额）")
    with open_register(args) as reg:
        args.stream, args.id = _application(reg, args)
        if shown:  # no write: the recovery as it stands
            rec = recovery_of(reg, args.stream, args.id)
            if rec is None:
                raise UserError(f"{args.id} 没有撤销助推，无应追回的款项")
            print("\n".join(recovery_lines(rec)))
            return 0
        payer = {"federation": FEDERATION, "union": RECOMMENDING_UNION}.get(args.payer,
                                                                          args.payer)
        try:
            if args.undo:
                which = _which_instalment(reg, args, payer)
                rec = withdraw_recovered(reg, args.stream, args.id, payer, args.reason, which)
                print("已撤销“已追回”登记。")
            else:
                rec = _record(reg, args, payer)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    print("\n".join(recovery_lines(rec)))
    return 0


def _record(reg: Any, args: argparse.Namespace, payer: str) -> Any:
    """One instalment recorded, said with its sum; the recovery as it then stands."""
    from boostdesk.finance.recovery import record_recovered
    from boostdesk.money import format_money
    from boostdesk.validate import ValidationError, parse_amount_fen

    amount = None
    if args.amount:
        try:
            amount = parse_amount_fen(args.amount)
        except ValidationError as exc:
            raise UserError(f"追回金额写得不对：{exc}") from None
    if not args.yes:  # a payment's voucher, another payer's receipt: asked, as 登记已追回 asks
        from boostdesk.finance.recovery import payer_part, recovery_of
        from boostdesk.finance.voucher_use import recovery_voucher_caution

        rec = recovery_of(reg, args.stream, args.id)
        part = payer_part(rec, payer) if rec is not None else None
        used = (recovery_voucher_caution(reg, args.stream, args.id, part.payer, args.voucher)
                if part is not None else "")
        if used:
            raise UserError(f"{used}。\n未登记：核对无误、确要用这个凭证号的，加 --yes 再登记")
    rec = record_recovered(reg, args.stream, args.id, payer, _day(args.date, "追回日期"),
                           args.voucher, amount, args.note)
    part = next(p for p in rec.parts if payer in (p.payer, p.payer_name))
    done = max(part.instalments, key=lambda i: i.id)  # the one just recorded
    print(f"已登记追回：{part.payer_name} {format_money(done.amount_fen)}（{done.said}）")
    return rec


def _which_instalment(reg: Any, args: argparse.Namespace, payer: str) -> int | None:
    """The instalment --voucher (and --date) name among the payer's, or None (its only
    one: the domain refuses, listing them, when it has several)."""
    from boostdesk.finance.recovery import recovery_of

    if not (args.voucher or args.date):
        return None
    rec = recovery_of(reg, args.stream, args.id)
    day = _day(args.date, "追回日期")
    found = [i for p in (rec.parts if rec else ()) if payer in (p.payer, p.payer_name)
             for i in p.instalments
             if (not args.voucher or i.voucher == " ".join(args.voucher.split()))
             and (day is None or i.day == day)]
    if len(found) != 1:
        named = [i.text for p in (rec.parts if rec else ())
                 if payer in (p.payer, p.payer_name) for i in p.instalments]
        raise UserError(("没有" if not found else "有几笔")
                        + "符合 --voucher、--date 的追回登记"
                        + ("：已登记的有 " + "；".join(named) if named else "")
                        + ("" if not found else "，请再用 --date 指明"))
    return found[0].id


def recovery_lines(rec: Any) -> list[str]:
    """The recovery as `pay recovered` lists it: the paper and decision, then each payer's
    应追回 / 已追回 / 尚欠 and every instalment, and the total."""
    from boostdesk.models.records import id_ref
    from boostdesk.money import format_money

    out = [f"{id_ref(rec.stream, rec.app_id)}“{rec.title}”：{rec.decided_on.isoformat()} 撤销助推"
           f"（{rec.reason}" + (f"，{rec.document}" if rec.document else "") + "）"]
    for p in rec.parts:
        out.append(f"  {p.payer_name}：{p.figures}" + ("（已全部追回）" if p.recovered else ""))
        out += [f"    {i.day.isoformat()} 追回 {format_money(i.amount_fen)}，凭证 {i.voucher}"
                + (f"，{i.note}" if i.note else "") for i in p.instalments]
    if len(rec.parts) > 1:
        out.append(f"  合计：应追回 {format_money(rec.total_fen)}，已追回 "
                   f"{format_money(rec.recovered_fen)}，尚欠 {format_money(rec.outstanding_fen)}")
    return out
