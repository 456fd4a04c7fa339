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
        "revoke", help="撤销助推（已拨付，应追回）：款已拨付、后发现不应助推（如专利权被宣告无效）",
        description="撤销助推（已拨付，应追回）：已拨付的款项仍记为已汇出，按付款单位列为应追回，"
                    "未拨付的款项删除，申报改为“撤销助推”，不再计为助推。拨付登记错了、款并未汇出的，"
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

    rc = paysub.add_parser("recovered", help="登记撤销助推的款项已追回（按付款单位，日期、凭证号）",
                           description="登记撤销助推后应追回的款项已追回：一个付款单位一次。"
                                       "--undo --reason 撤销登记错了的已追回（该付款单位改回应追回）")
    rc.add_argument("id", metavar="REF", help=_REF_HELP)
    add_db_argument(rc)
    rc.add_argument("--stream", metavar="patent|project", choices=("patent", "project"),
                    help=_STREAM_HELP)
    rc.add_argument("--payer", metavar="federation|union|名称", required=True,
                    help="付款单位：federation（市总工会）、union（推荐工会）或其名称")
    rc.add_argument("--date", metavar="YYYY-MM-DD", help="追回日期（--undo 时不填）")
    rc.add_argument("--voucher", metavar="凭证号", help="追回的凭证号（--undo 时不填）")
    rc.add_argument("--undo", action="store_true", help="撤销登记错了的已追回（须写 --reason）")
    rc.add_argument("--reason", metavar="理由", default="", help="--undo 的理由，如 凭证号登记错了")
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

    with open_register(args) as reg:
        args.stream, args.id = _application(reg, args)
        try:
            if args.undo:
                back = undo_revocation(reg, args.stream, args.id, args.reason)
                print(f"已撤销“撤销助推”，申报改回“{back}”，未拨付的款项重新列入待拨付")
                return 0
            if not args.date:
                raise UserError("请用 --date 写明撤销决定的日期")
            rec = revoke_paid_award(reg, args.stream, args.id, _day(args.date, "撤销决定的日期"),
                                    args.reason, args.document)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    print(f"已登记：{rec.summary}")
    print("已拨付的款项仍记为已汇出（应追回），不计为助推；追回后请用 boostdesk pay recovered 登记")
    return 0


def run_pay_recovered(args: argparse.Namespace) -> int:
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.recovery import record_recovered, withdraw_recovered
    from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION

    payer = {"federation": FEDERATION, "union": RECOMMENDING_UNION}.get(args.payer, args.payer)
    if args.undo and (args.date or args.voucher):
        raise UserError("--undo 撤销已追回的登记，不填 --date、--voucher（写 --reason 理由）")
    if not args.undo and not (args.date and args.voucher):
        raise UserError("请用 --date 写明追回日期、--voucher 写明凭证号")
    with open_register(args) as reg:
        args.stream, args.id = _application(reg, args)
        try:
            if args.undo:
                rec = withdraw_recovered(reg, args.stream, args.id, payer, args.reason)
                print(f"已撤销“已追回”登记：{rec.summary}")
                return 0
            rec = record_recovered(reg, args.stream, args.id, payer, _day(args.date, "追回日期"),
                                   args.voucher)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    print(f"已登记：{rec.summary}")
    return 0
