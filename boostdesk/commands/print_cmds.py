"""`boostdesk print`, `boostdesk export summary|notices` and `boostdesk pay`: documents and
payments.

Copies show resident ID and card numbers masked; ``--unmasked`` prints finance's copy.
The seal is the office's scan as the register records it (chosen in 设置, or by ``--seal
PATH``: audited; a file replaced since is refused unless ``--accept-replaced-seal``; see
:mod:`boostdesk.seal_choice`), or the specimen drawn from the federation's name.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.cli import (
    UserError,
    add_db_argument,
    open_register,
    refuse_absent_register,
    register_year,
)
from boostdesk.io.in_place import written_in_place
from boostdesk.models.records import id_ref
from boostdesk.os_errors import cannot_write
from boostdesk.printing import list_void, print_log
from boostdesk.printing.fonts import noting_missing

SEAL_SETTING = "print/seal_image"
FEDERATION_SETTING = "print/federation_name"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="打印审批表、拨付清单、办理进度告知单（PDF / xlsx）",
                       description="打印已核准申报的审批表，按付款单位、批次打印拨付清单，"
                                   "或打印申报的办理进度告知单")
    psub = p.add_subparsers(dest="document", metavar="文件")

    a = psub.add_parser(
        "approval", help="审批表（每项已核准申报一页，盖市总工会印章）",
        description="为已核准的申报打印审批表（PDF，每项一页）。不加 --ref 时打印该年度全部已核准申报",
    )
    add_db_argument(a)
    a.add_argument("--out", metavar="FILE.pdf", required=True, help="要生成的 PDF 文件")
    a.add_argument("--ref", metavar="REF", nargs="+", action="extend",
                   help="只打印这些申报：专利号、专利或项目名称、登记号（专利、项目各自编号，写作 专利12、项目3；可写多个）")
    a.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    _copy_arguments(a)
    a.add_argument("--seal", metavar="PATH",
                   help="印章扫描件（PNG 透明背景最佳）：记入登记册作为审批表的印章，与在“设置”中选择相同"
                        "（记入修改记录）；不写则用登记册中的")
    a.add_argument("--accept-replaced-seal", action="store_true",
                   help="印章图片在选定后被替换（文件内容已不同）时，核对无误后确认采用现在的文件并打印"
                        "（记入修改记录）；不写则拒绝打印")
    a.set_defaults(func=run_print_approval)

    m = psub.add_parser(
        "payments", help="拨付清单（按付款单位、批次）",
        description="按付款单位（市总工会、各推荐工会）打印某一批次的拨付清单："
                    "第 1 批为专利一次拨付和项目首笔，第 2 批为已结题验收项目的尾款；"
                    "默认只列尚未拨付的款项，加 --include-paid 连同已拨付的一并列出",
    )
    add_db_argument(m)
    m.add_argument("--tranche", metavar="1|2", choices=("1", "2"),
                   help="批次：1 首笔（含专利），2 尾款；按拨付日期列出（--paid-in、--from/--to）"
                        "时可不写：各批次列入同一份清单，每笔注明批次（一次、首笔、尾款）")
    m.add_argument("--payer", metavar="NAME", help="只打印这个付款单位（市总工会或推荐工会名称）")
    m.add_argument("--out", metavar="FILE.pdf|FILE.xlsx", required=True,
                   help="要生成的文件：.pdf 或 .xlsx（每个付款单位一张工作表）")
    m.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    paid = m.add_mutually_exclusive_group()
    paid.add_argument("--unpaid", action="store_true",
                      help="只列尚未拨付的款项（默认如此，可不写）")
    paid.add_argument("--include-paid", action="store_true",
                      help="连同已拨付的款项一并列出（供核对；已拨付、尚需拨付分别合计）")
    from .stats_cmds import add_period_arguments

    add_period_arguments(m, "只列拨付日期在该期间的款项（供审计、对账）：2023、2023-07 或 "
                            "2023-01-01..2023-06-30；每笔按当时的拨付日期和凭证号列出，其后被银行"
                            "退回的在备注中注明（退汇后重新拨付的按重拨日期列入其期间）")
    m.add_argument("--all-years", action="store_true",
                   help="按拨付日期列出时包括所有年度的款项（不写 --year 时即如此）："
                        "每笔注明年度，按拨付日期、凭证号排列，另有各付款单位、各年度汇总")
    _copy_arguments(m)
    m.set_defaults(func=run_print_payments)

    g = psub.add_parser(
        "progress", help="办理进度告知单（一项申报一页，或一个推荐单位的全部申报）",
        description="打印办理进度告知单（PDF）：--ref 为每项申报一页，写明办理状态、核对结论（所缺材料及"
                    "补报方式）、不予助推的原因、各付款单位的拨付情况（应拨日期、已拨付到哪张卡、逾期、"
                    "退汇）和下一步；--union 为一个推荐单位该年度的全部申报一览（状态、原因或所缺材料、"
                    "已拨付和未拨付金额）。身份证号、卡号只印尾号 4 位，不盖章",
    )
    add_db_argument(g)
    whose = g.add_mutually_exclusive_group(required=True)
    whose.add_argument("--ref", metavar="REF", nargs="+", action="extend",
                       help="这些申报：登记号（专利12、项目3）、专利号、专利或项目名称（任一年度；可写多个）")
    whose.add_argument("--union", metavar="NAME",
                       help="这个推荐单位该年度的全部申报（全称，或只有它含有的一段名称）")
    g.add_argument("--out", metavar="FILE.pdf", required=True, help="要生成的 PDF 文件")
    g.add_argument("--year", metavar="N", help="--union 的年度（默认：登记册中最新的年度）")
    g.set_defaults(func=run_print_progress)

    r = psub.add_parser(
        "recoveries", help="追回清单（已拨付后撤销助推的款项，按付款单位）",
        description="打印该年度已拨付、其后撤销助推的款项的追回清单：按付款单位列明原拨付（日期、凭证、"
                    "金额）、撤销决定、应追回、逐笔追回（日期、凭证、金额）和尚欠，小计、合计到分；"
                    "与年度归档中的追回清单同一张表（截至打印之日）",
    )
    add_db_argument(r)
    r.add_argument("--out", metavar="FILE.pdf|FILE.xlsx", required=True,
                   help="要生成的文件：.pdf 或 .xlsx")
    r.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    r.set_defaults(func=run_print_recoveries)

    e = sub.add_parser("export", help="导出汇总表（xlsx / PDF）",
                       description="导出登记册中的汇总表")
    esub = e.add_subparsers(dest="what", metavar="内容")
    s = esub.add_parser(
        "summary", help="汇总表（专利或项目，附件编号按该年度计划）",
        description="导出一个年度的汇总表：patent 为专利汇总表，project 为项目汇总表，"
                    "附件编号按该年度计划的设置；.xlsx 可再导入，.pdf 为横向打印版",
    )
    s.add_argument("stream", metavar="patent|project", help="patent（专利）或 project（项目）")
    add_db_argument(s)
    s.add_argument("--out", metavar="FILE.xlsx|FILE.pdf", required=True, help="要生成的文件")
    s.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    s.add_argument("--approved", action="store_true", help="只列已核准助推的申报")
    _copy_arguments(s)
    s.set_defaults(func=run_export_summary)
    n = esub.add_parser(
        "notices", help="核对意见（按推荐单位，每个单位一个 .xlsx）",
        description="按推荐单位导出核对意见（退补材料通知）：先按该年度计划重新核对全部申报"
                    "（与 boostdesk check 相同，核对结论存入登记册），再为每个有不合格或待补材料"
                    "申报的推荐单位生成一个 .xlsx，列出这些申报在该单位汇总表中的序号、核对结论和"
                    "每条核对意见（引用方案条款），身份证号、卡号部分隐去；申报均合格的单位不生成文件。"
                    "只告知尚待审核决定的申报：已资格审核不通过、往年已定或已结年的申报不再要求"
                    "补报，列在表下注明（含决定日期）；整个年度均已有结果的，不生成文件",
    )
    add_db_argument(n)
    n.add_argument("--out", metavar="DIR", required=True,
                   help="存放核对意见的文件夹（不存在时新建，其所在的文件夹须已存在），"
                        "文件名如 2022年核对意见-朝阳区总工会.xlsx")
    n.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    n.add_argument("--stream", metavar="patent|project|both", default="both",
                   help="patent（专利）、project（项目）或 both（两类，默认）")
    n.add_argument("--union", metavar="NAME", help="只导出这个推荐单位（全称，或只有它含有的一段名称）")
    n.add_argument("--all", action="store_true",
                   help="列出单位的全部申报（合格的也列出），不合格、待补材料的标色；"
                        "每个有申报的单位都生成文件")
    n.add_argument("--archive-copy", action="store_true",
                   help="存档副本：已发出的核对意见（每个单位最近的一份）按原件重新生成，核对日期为原件"
                        "发出的日期，所列申报和核对结论为原件所告知的；不重新核对，记入修改记录为"
                        "存档副本（不算再次告知，下一份核对意见的次数不变）")
    n.add_argument("--materials-unticked", action="store_true",
                   help="推荐单位的申报一项材料也未勾选（收到的材料尚未登记）时仍导出："
                        "核对意见将要求这些单位补报全部材料（默认不导出，先提示）")
    n.set_defaults(func=run_export_notices)

    pay = sub.add_parser("pay", help="拨付登记：列出应拨款项、登记已拨付、登记退汇、登记结题验收",
                         description="拨付登记")
    paysub = pay.add_subparsers(dest="action", metavar="操作")
    lst = paysub.add_parser("list", help="列出应拨款项（含逾期）",
                            description="列出一个年度的每笔应拨款项：付款单位、收款人、金额、应拨日期、状态")
    add_db_argument(lst)
    lst.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    lst.add_argument("--tranche", metavar="1|2", choices=("1", "2"), help="只列这一批次")
    lst.add_argument("--payer", metavar="NAME", help="只列这个付款单位")
    lst.add_argument("--due", action="store_true", help="只列尚未拨付的款项")
    lst.add_argument("--json", action="store_true", help="以 JSON 输出")
    lst.set_defaults(func=run_pay_list)

    mk = paysub.add_parser("mark", help="登记款项已拨付（日期、凭证号）",
                           description="登记款项已拨付，可一次登记同一凭证下的多笔（全部登记或一笔不登记）。"
                                       "编号见 boostdesk pay list 的第一列")
    mk.add_argument("id", metavar="编号", type=int, nargs="+",
                    help="拨付记录编号（pay list 第一列），可写多个")
    add_db_argument(mk)
    mk.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="拨付日期")
    mk.add_argument("--voucher", metavar="凭证号", required=True, help="记账凭证号")
    mk.add_argument("--yes", action="store_true",
                    help="凭证号已登记用于别的日期或付款单位时，或所选款项的申报有近似重复提示"
                         "（可能为同一人、项目名称相近）时，核对无误后确认仍登记（不加时只说明，不登记）")
    mk.set_defaults(func=run_pay_mark)

    cn = paysub.add_parser("cancel", help="撤销登记错的拨付（收款人选错、日期或凭证号写错）",
                           description="撤销拨付登记：款项重新列入待拨付（须写理由，记入审计记录），"
                                       "再用 pay mark 按正确的日期、凭证号登记。款已汇出又被银行退回的，"
                                       "不是登记错误，请用 pay return 登记退汇；退汇登记错了（选错款项）的，"
                                       "对该款项 pay cancel 即恢复原拨付")
    cn.add_argument("id", metavar="编号", type=int, nargs="+",
                    help="拨付记录编号（pay list 第一列），可写多个")
    add_db_argument(cn)
    cn.add_argument("--reason", metavar="理由", required=True, help="撤销的理由，如 误选收款人")
    cn.set_defaults(func=run_pay_cancel)

    rt = paysub.add_parser("return", help="登记退汇（银行退回：卡已销户、户名不符、收款账户变更）",
                           description="登记退汇：款已汇出又被银行退回。原拨付日期、凭证号和收款账户留在"
                                       "审计记录中，款项重新列为待拨付（退汇待重拨），不计入已拨付；"
                                       "更正卡号或收款单位后，再用 pay mark 按新的日期、凭证号登记重新拨付")
    rt.add_argument("id", nargs="+", type=int, metavar="编号",
                    help="拨付记录编号（pay list 第一列），可写多个")
    add_db_argument(rt)
    rt.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="银行退回的日期")
    rt.add_argument("--reason", required=True, metavar="原因", help="退汇原因，如 会员卡已销户")
    rt.set_defaults(func=run_pay_return)

    acc = paysub.add_parser("accept", help="登记项目结题验收（通过即放行尾款；未通过则尾款不予拨付）",
                            description="登记创新项目通过市总工会与企业的结题验收，尾款随之可拨付；"
                                        "加 --failed 登记验收未通过（须写 --reason），尾款不予拨付，"
                                        "该工作室仍不能申报以后年度的项目（方案：已获往年助推且未完成结题验收的不能申报）。"
                                        "按实际验收日期登记：首笔尚未拨付或拨付晚于验收的也可登记（方案只规定尾款在"
                                        "验收后拨付）。登记前先备份登记册。--withdraw 撤销登记错的结题验收"
                                        "（通过或未通过；--reason 写理由，尾款尚未拨付时），尾款重新待验收")
    acc.add_argument("ref", metavar="项目", help="项目名称或登记号")
    add_db_argument(acc)
    acc.add_argument("--date", metavar="YYYY-MM-DD", help="验收日期（--withdraw 时不填）")
    acc.add_argument("--failed", action="store_true", help="验收未通过")
    acc.add_argument("--reason", metavar="理由", default="",
                     help="验收未通过的理由（--failed 时必填）；--withdraw 时为撤销的理由")
    acc.add_argument("--withdraw", action="store_true",
                     help="撤销登记错的结题验收（通过或未通过均可；尾款已登记拨付的须先撤销该拨付登记）")
    acc.add_argument("--late-reason", metavar="理由", default="",
                     help="验收日期晚于最晚结题日期（立项后完成年限内且不晚于本年度计划的最晚结题时间，见 campaign show）的，"
                          "经研究同意拨付尾款的决定及理由（逾期结题时必填，写明何时经谁研究同意，"
                          "如 “主任办公会某月某日研究同意：…”；记入修改记录，登记人另记）；已用 pay postpone 登记延期验收、"
                          "在新的验收期限前验收的，按该决定登记，不必再写")
    acc.set_defaults(func=run_pay_accept)

    pp = paysub.add_parser("postpone", help="登记经研究同意的延期验收（新的验收期限及决定）",
                           description="项目到最晚结题日期仍未验收、经研究同意延期验收的，登记新的验收"
                                       "期限和决定（何时经谁研究同意、理由），记入修改记录。此后清单中"
                                       "显示为“延期验收至 某年某月某日”，过了新期限仍未验收的才列为逾期；"
                                       "在新期限前验收通过的，按这一决定拨付尾款（不必再写 --late-reason）。"
                                       "延期不是完成验收：按方案（已获往年助推且未完成结题验收的不能申报），"
                                       "该工作室在验收通过前仍不能申报下一年度项目。再次登记即改为新的期限；"
                                       "--withdraw 撤销登记错的延期验收")
    pp.add_argument("ref", metavar="项目", help="项目名称或登记号")
    add_db_argument(pp)
    pp.add_argument("--until", metavar="YYYY-MM-DD", help="经同意的新的验收期限（含当日）")
    pp.add_argument("--decision", metavar="决定", default="",
                    help="何时经谁研究同意及理由，如 “主任办公会2024年3月5日研究同意：因设备到货延迟延期验收”")
    pp.add_argument("--withdraw", action="store_true", help="撤销登记错的延期验收（--reason 写理由）")
    pp.add_argument("--reason", metavar="理由", default="", help="撤销延期验收的理由（--withdraw 时必填）")
    pp.set_defaults(func=run_pay_postpone)

    kp = paysub.add_parser("keep", help="核准后经核对不合格、暂缓拨付的助推，经研究仍予拨付：登记理由",
                           description="核准后经核对为不合格（更正、补录的情况）的助推暂缓拨付；经研究"
                                       "仍予助推的，登记维持核准的理由（记入审计记录）后即可拨付。以后出现"
                                       "新的不合格情形仍会暂缓。排名变化请在“公示”中排名复核"
                                       "（boostdesk publicity review）")
    kp.add_argument("id", metavar="编号", type=int, help="拨付记录编号（pay list 第一列）")
    add_db_argument(kp)
    kp.add_argument("--reason", metavar="理由", required=True, help="维持核准的理由")
    kp.set_defaults(func=run_pay_keep)

    kc = paysub.add_parser("keep-card", help="专利款被银行退回、卡号无误的，登记确认按原卡号重拨（须填理由）",
                           description="专利款被银行退回后，卡号未更正的款项列为“待更正卡号”，不列入"
                                       "拨付清单；经核实原卡号无误（退回并非卡号原因，如银行系统临时故障）"
                                       "的，登记确认及理由（记入审计记录）后即按原卡号列入清单、可以拨付")
    kc.add_argument("id", metavar="编号", type=int, help="拨付记录编号（pay list 第一列）")
    add_db_argument(kc)
    kc.add_argument("--reason", metavar="理由", required=True, help="确认原卡号无误的理由")
    kc.set_defaults(func=run_pay_keep_card)

    from .recovery_cmds import add_recovery_commands

    add_recovery_commands(paysub)


def _copy_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--unmasked", "--finance", dest="unmasked", action="store_true",
                   help="财务联：显示完整身份证号、卡号（电话各联都部分隐去；其余各联证件号、卡号也部分隐去），记入审计记录")


# -- helpers -----------------------------------------------------------------------
def _day(text: str, what: str) -> date:
    from boostdesk.validate import ValidationError, parse_date

    try:
        return parse_date(text)
    except ValidationError as exc:
        raise UserError(f"{what}写得不对：{exc}") from None


def _out(path: str, *suffixes: str) -> Path:
    out = Path(path)
    if out.suffix.lower() not in suffixes:
        raise UserError(f"文件名应以 {' 或 '.join(suffixes)} 结尾：{out}")
    if not out.parent.exists():
        raise UserError(f"文件夹不存在：{out.parent}")
    return out


def _write_failed(out: Path, exc: OSError) -> UserError:
    return UserError(cannot_write(out, exc))



def _write_lists(reg: Any, args: argparse.Namespace, out: Path, lists: list[Any], *,
                 summary_sheet: bool = False,
                 ) -> tuple[list[str], dict[str, str], int | None, str, list[str]]:
    """The payment lists written as PDF or workbook (a period list's workbook has its 汇总
    sheet too): (their print keys, those printed before, the PDF's pages, what was
    written, fonts missing)."""
    from boostdesk.printing.payments import write_payments_pdf, write_payments_xlsx

    missed: list[str] = []
    keys = [print_log.list_key(pl) for pl in lists]
    pdf = out.suffix.lower() == ".pdf"
    # (a workbook has no footer)
    marks = print_log.list_marks(reg, lists, unmasked=args.unmasked) if pdf else {}
    pages = None
    try:
        if pdf:
            with noting_missing() as missed, written_in_place(out) as part:
                pages = write_payments_pdf(part, lists, unmasked=args.unmasked, marks=marks)
            what = f"{pages} 页"
        else:
            write_payments_xlsx(out, lists, unmasked=args.unmasked)
            what = f"{len(lists) + summary_sheet} 张工作表"
    except OSError as exc:
        raise _write_failed(out, exc) from exc
    return keys, marks, pages, what, missed


def _settings_value(key: str) -> str | None:
    """A value the 设置 screen saved (QSettings), or None."""
    from PySide6.QtCore import QSettings

    from boostdesk.paths import APP_NAME, ORG_NAME

    value = QSettings(ORG_NAME, APP_NAME).value(key)
    return str(value) if value else None


def _seal(args: argparse.Namespace, federation: str, reg: Any) -> tuple[Any, list[str]]:
    """The register's seal checked against the file chosen (boostdesk.seal_choice), and
    what to say of it."""
    from boostdesk.printing.seal import Seal, SealImageError, load_seal_image
    from boostdesk.seal_choice import SealRefused, SealReplaced, seal_to_print

    try:
        path, notes = seal_to_print(reg, _settings_value(SEAL_SETTING),
                                    args.accept_replaced_seal, args.seal)
        return (Seal(federation, load_seal_image(path)) if path else None), notes
    except SealReplaced as exc:
        raise UserError(f"{exc}。未生成审批表：请核对该图片确是本单位的印章，无误的加 "
                        "--accept-replaced-seal 采用并打印（记入修改记录），或在“设置”中重新选择"
                        "印章图片") from exc
    except (SealImageError, SealRefused) as exc:
        raise UserError(str(exc)) from exc


# -- print approval ----------------------------------------------------------------
def run_print_approval(args: argparse.Namespace) -> int:
    from boostdesk.award_holds import refusal_notes
    from boostdesk.models.records import PROJECT
    from boostdesk.panel.experts import award_conflict_notes
    from boostdesk.printing.approval import (
        SheetError,
        load_sheets,
        sheet_marks,
        write_approval_pdf,
    )

    out = _out(args.out, ".pdf")
    with open_register(args) as reg:
        _refuse_unrecorded(args, reg)
        out = _finance_out(args, out)
        year = register_year(reg, args.year) if args.year or not args.ref else None
        federation = _settings_value(FEDERATION_SETTING)
        try:
            sheets = load_sheets(reg, year, args.ref, federation=federation)
        except SheetError as exc:
            raise UserError(str(exc)) from exc
        if not sheets:
            raise UserError(f"{year} 年度还没有已核准的申报，无审批表可打印")
        seal, seal_notes = _seal(args, sheets[0].federation, reg)
        keys = [print_log.sheet_key(s.stream, s.app.id or 0) for s in sheets]
        # 补打: printed before; 重新打印（内容已变更…）: saying otherwise than then
        marks, contents = sheet_marks(reg, sheets, unmasked=args.unmasked)
        try:
            with noting_missing() as missed, written_in_place(out) as part:
                pages = write_approval_pdf(part, sheets, seal, unmasked=args.unmasked,
                                           marks=marks)
        except OSError as exc:
            raise _write_failed(out, exc) from exc
        years = {s.app.campaign_year for s in sheets}
        recorded = _record_print(args, reg, print_log.PrintJob(
            print_log.APPROVAL, year or (years.pop() if len(years) == 1 else None), keys,
            [id_ref(s.stream, s.app.id or 0) for s in sheets], pages, str(out.resolve()),
            args.unmasked, reprinted=list(marks), changed=print_log.changed_keys(marks),
            contents=contents), out)
        conflicted = award_conflict_notes(
            reg, [s.app.id or 0 for s in sheets if s.stream == PROJECT]) + refusal_notes(
            reg, [(s.stream, s.app.id or 0, s.app.campaign_year) for s in sheets])
    note = "（印章为样章：请用 --seal 或在“设置”中提供印章扫描件）" if seal is None else ""
    print(f"已生成审批表{_finance_said(args)} {pages} 页：{out}{note}")
    _say_reprinted(marks, [id_ref(s.stream, s.app.id or 0) for s in sheets], keys, "份审批表", "所载内容")
    _say_unrecorded(recorded)
    for line in seal_notes:
        print(f"注意：{line}")
    for line in conflicted:  # the sheet says 经专业评审确定: not over a score that must not count
        print(f"注意：{line}")
    _say_missing(missed)
    return 0


def run_print_recoveries(args: argparse.Namespace) -> int:
    """`print recoveries`: the year's 追回清单 (as the archive's, dated today), its print
    line in the trail."""
    from boostdesk.printing.recoveries import (
        NoRecoveries,
        print_job,
        what,
        write_recoveries_pdf,
        write_recoveries_xlsx,
        year_recoveries,
    )

    out = _out(args.out, ".pdf", ".xlsx")
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        try:
            lists = year_recoveries(reg, year, federation=_settings_value(FEDERATION_SETTING))
        except NoRecoveries as exc:
            raise UserError(str(exc)) from exc
        title = reg.campaign(year).title
        pages = None
        try:
            if out.suffix.lower() == ".pdf":
                with noting_missing() as missed, written_in_place(out) as part:
                    pages = write_recoveries_pdf(part, lists, year, title)
            else:
                missed = []
                write_recoveries_xlsx(out, lists, year, title)
        except OSError as exc:
            raise _write_failed(out, exc) from exc
        recorded = print_log.record(reg, print_job(lists, year, pages, str(out.resolve())))
    print(f"已生成 {year} 年度追回清单{f' {pages} 页' if pages else ''}：{out}（{what(lists)}）")
    _say_unrecorded(recorded)
    _say_missing(missed)
    return 0


def _say_missing(missed: list[str]) -> None:
    if missed:
        from boostdesk.printing.fonts import missing_note

        print(f"注意：{missing_note(missed)}")


def _finance_out(args: argparse.Namespace, out: Path) -> Path:
    """Finance's copy named so (…-财务联.pdf, as the window offers it): written under the
    masked copy's name, it replaced that file, and the copy handed round had whole numbers."""
    from boostdesk.printing.common import FINANCE_COPY

    if not getattr(args, "unmasked", False) or FINANCE_COPY in out.stem:
        return out
    named = out.with_name(f"{out.stem}-{FINANCE_COPY}{out.suffix}")
    print(f"提示：财务联的文件名加上“-{FINANCE_COPY}”：{named.name}（不覆盖部分隐去号码的一联"
          f"{out.name}）", file=sys.stderr)
    return named


def _finance_said(args: argparse.Namespace) -> str:
    """What the done line adds for finance's copy."""
    if not getattr(args, "unmasked", False):
        return ""
    return "（财务联：含完整身份证号、卡号，电话已部分隐去，请妥善保管；已记入审计记录）"


def _refuse_unrecorded(args: argparse.Namespace, reg: Any) -> None:
    """Finance's copy only with its line in the audit trail: a register opened read-only
    (another BoostDesk has it) cannot take that line, so none is written at all."""
    if getattr(args, "unmasked", False) and getattr(reg, "read_only", False):
        from boostdesk.printing.common import unrecorded_refusal

        raise UserError(unrecorded_refusal(reg))


def _record_print(args: argparse.Namespace, reg: Any, job: Any, out: Path,
                  document: str | None = None) -> bool:
    """An official document's print line (``printing.print_log``): finance's copy's own
    line (:func:`_note_unmasked`) with the job's facts in it, else the job's line; False
    when the register is read-only (printed, not recorded)."""
    from boostdesk.printing import print_log

    if args.unmasked:
        _note_unmasked(reg, document or job.document, job.year, out, job.doc())
        return True
    return print_log.record(reg, job)


def payment_papers(lists: Any) -> list[str]:
    """The applications on payment lists, by 登记号, in the lists' order."""
    return [id_ref(x.stream, x.app_id) for pl in lists for x in pl.lines]


def _say_reprinted(marks: dict[str, str], names: list[str], keys: list[str], what: str,
                   changed_what: str = "金额") -> None:
    """注意：… printed before, their footers say 补打 (with the first print's day); those
    changed since (``changed_what``), 重新打印（内容已变更…）."""
    for line in print_log.reprint_notices(marks, names, keys, what, changed_what):
        print(line)


LIST_CHANGED = list_void.LIST_CHANGED


def _say_unrecorded(recorded: bool) -> None:
    if not recorded:
        from boostdesk.printing.print_log import UNRECORDED

        print(f"注意：{UNRECORDED}")


def _note_unmasked(reg: Any, document: str, year: int | None, out: Path,
                   job: dict[str, Any] | None = None) -> None:
    """The trail's line of finance's copy just written; the copy removed again if that line
    cannot be written (read-only since, a full disk): no copy the trail does not name."""
    from boostdesk.printing.common import note_unmasked, unrecorded_refusal

    try:
        noted = note_unmasked(reg, document, year, str(out.resolve()), job)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    if not noted:
        out.unlink(missing_ok=True)
        raise UserError(unrecorded_refusal(reg))


# -- print progress ----------------------------------------------------------------
def run_print_progress(args: argparse.Namespace) -> int:
    from boostdesk.models import clock
    from boostdesk.printing.progress import (
        ProgressError,
        find_papers,
        letters,
        union_letter,
        unregistered_rows,
        write_progress_pdf,
        write_union_progress_pdf,
    )

    if args.year and not args.union:
        raise UserError("--year 只用于 --union（--ref 的申报在任一年度中查找）")
    out = _out(args.out, ".pdf")
    day = clock.today()
    federation = _settings_value(FEDERATION_SETTING)
    with open_register(args) as reg:
        try:
            if args.ref:
                chosen = letters(reg, find_papers(reg, args.ref), day, federation)
                what = "、".join(x.paper.ref for x in chosen)
            else:
                union, campaign, office = union_letter(
                    reg, register_year(reg, args.year), args.union, day, federation)
                what = f"{union.union} {union.year} 年度 {union.count()} 项申报"
                left_out = unregistered_rows(reg, union.year, union.union)
        except ProgressError as exc:
            raise UserError(str(exc)) from exc
        try:
            with noting_missing() as missed, written_in_place(out) as part:
                pages = (write_progress_pdf(part, chosen, day) if args.ref else
                         write_union_progress_pdf(part, union, campaign, office, day,
                                                  unregistered=left_out))
        except OSError as exc:
            raise _write_failed(out, exc) from exc
    print(f"已生成办理进度告知单（{what}）{pages} 页：{out}（身份证号、卡号只印尾号 4 位）")
    _say_missing(missed)
    return 0


# -- print payments ----------------------------------------------------------------
def _print_period_all_years(args: argparse.Namespace, out: Path, tranche: int | None,
                            period: Any) -> int:
    """`print payments --paid-in P` (no --year, or --all-years): the transfers of every
    campaign year sent in P, each with its 年度, and their totals by payer and by year.
    Without --tranche (``tranche`` None) every tranche in the one list, each line its 批次;
    with --year and no --tranche, that year's alone so."""
    from boostdesk.printing.payments import (
        PayerError,
        build_period_lists,
        resolve_payer,
        summary_lines,
    )

    with open_register(args) as reg:
        _refuse_unrecorded(args, reg)
        out = _finance_out(args, out)
        federation = _settings_value(FEDERATION_SETTING)
        try:
            payer, unit = resolve_payer(reg, register_year(reg, None), args.payer, federation)
        except PayerError as exc:
            raise UserError(str(exc)) from exc
        one = None if args.year is None else [register_year(reg, args.year)]
        lists = build_period_lists(reg, tranche, period, payer=payer, unit_name=unit,
                                   federation=federation, years=one)
        if not lists:
            who = f"“{args.payer}”" if args.payer else "各付款单位"
            which = (f"{one[0]} 年度" if one else "各年度") + (
                f"第 {tranche} 批" if tranche is not None else "各批次")
            raise UserError(f"{which}{who}都没有拨付日期在 {period.days} 的款项"
                            + ("（另一批次请改 --tranche，或不写 --tranche 列出各批次；"
                               if tranche is not None else "（")
                            + "各年度合计见 boostdesk stats --paid-in）")
        keys, marks, pages, what, missed = _write_lists(reg, args, out, lists, summary_sheet=True)
        years = sorted({y for pl in lists for y in pl.years})
        recorded = _record_print(args, reg, print_log.PrintJob(
            print_log.PAYMENTS, years[0] if len(years) == 1 else None, keys,
            payment_papers(lists), pages, str(out.resolve()), args.unmasked,
            what="、".join(pl.payer_name for pl in lists), reprinted=list(marks),
            changed=print_log.changed_keys(marks), **print_log.list_facts(lists)),
            out, f"拨付清单（{f'第 {tranche} 批' if tranche is not None else '各批次'}，"
                 f"拨付日期 {period.days}，{'、'.join(map(str, years))}年度）")
    for pl in lists:
        print(f"{pl.payer_name}：{pl.period_total}")
    for line in summary_lines(lists):
        print(line)
    print(f"已生成拨付清单{_finance_said(args)} {what}：{out}（{'、'.join(map(str, years))}"
          f"年度，每笔注明年度{'' if tranche is not None else '、批次'}）")
    _say_reprinted(marks, [pl.payer_name for pl in lists], keys, "份清单", LIST_CHANGED)
    _say_unrecorded(recorded)
    _say_missing(missed)
    return 0


def run_print_payments(args: argparse.Namespace) -> int:
    from boostdesk.finance.lines import held_groups
    from boostdesk.finance.other_years import still_owed
    from boostdesk.finance.payment_plan import catch_up
    from boostdesk.money import daxie, format_money
    from boostdesk.printing.list_void import void_without_list
    from boostdesk.printing.payments import (
        PayerError,
        build_payment_lists,
        nothing_payable,
        resolve_payer,
    )

    from .stats_cmds import period_argument

    out = _out(args.out, ".pdf", ".xlsx")
    period = period_argument(args)
    if args.tranche is None and period is None:
        raise UserError("缺少参数：--tranche（1 首笔（含专利），2 尾款）；按拨付日期列出"
                        "（--paid-in、--from/--to）时可不写，各批次列入同一份清单")
    tranche = int(args.tranche) if args.tranche is not None else None
    if period is not None and args.unpaid:
        raise UserError("--unpaid 与 --paid-in、--from/--to 不能同用：按拨付日期列出的都是已拨付的款项")
    if args.all_years and period is None:
        raise UserError("--all-years 用于按拨付日期列出（--paid-in 或 --from/--to）："
                        "各年度尚需拨付的款项请分别加 --year 打印")
    if args.all_years and args.year is not None:
        raise UserError("--all-years 与 --year 只用其一")
    # A period without --year is every campaign year's: a bank statement is by day, and
    # the newest year (the default otherwise) is seldom the one whose money moved then.
    # A period without --tranche is every tranche's (a bank statement holds both), of the
    # --year given or of every year alike.
    every_year = period is not None and (args.year is None or tranche is None)
    if every_year:
        return _print_period_all_years(args, out, tranche, period)
    assert tranche is not None
    with open_register(args) as reg:
        _refuse_unrecorded(args, reg)
        out = _finance_out(args, out)
        year = register_year(reg, args.year)
        report = catch_up(reg, year)
        federation = _settings_value(FEDERATION_SETTING)
        try:
            payer, unit = resolve_payer(reg, year, args.payer, federation)
        except PayerError as exc:
            raise UserError(str(exc)) from exc
        lists = build_payment_lists(reg, year, tranche, payer=payer, unit_name=unit,
                                    unpaid_only=not args.include_paid, federation=federation,
                                    paid_in=period)
        # What other years still owe is named, not hidden behind a new year's empty list,
        # whichever year is printed (as `pay list` and the 拨付 screen name them); a
        # period's list is of transfers sent, not of what is owed
        others = [] if period is not None else [
            f"{o.message}，请用 boostdesk print payments --year {o.year} 打印"
            for o in still_owed(reg, year, payer=payer, unit_name=unit)]
        if not lists and period is not None:
            who = f"“{args.payer}”" if args.payer else "各付款单位"
            raise UserError(f"{year} 年度第 {tranche} 批{who}没有拨付日期在 {period.days} 的款项"
                            "（各年度在该期间拨付的款项：去掉 --year 即一并列出；"
                            "各年度合计见 boostdesk stats --paid-in）")
        if not lists:
            who = f"“{args.payer}”" if args.payer else ""
            raise UserError("\n".join([nothing_payable(
                reg, year, tranche, payer=payer, unit_name=unit, who=who,
                paid_hint="" if args.include_paid else "如需连同已拨付的款项列出，请加 --include-paid"),
                *(f"注意：{other}" for other in others)]))
        keys, marks, pages, what, missed = _write_lists(reg, args, out, lists)
        # a payer printed before with no list now: no footer can say its original is void
        gone = [] if payer is not None or period is not None else void_without_list(
            reg, year, tranche, lists, unmasked=args.unmasked)
        document = f"拨付清单（第 {tranche} 批" + (
            f"，拨付日期 {period.days}）" if period is not None else "）")
        recorded = _record_print(args, reg, print_log.PrintJob(
            print_log.PAYMENTS, year, keys, payment_papers(lists), pages, str(out.resolve()),
            args.unmasked, what="、".join(pl.payer_name for pl in lists), reprinted=list(marks),
            changed=print_log.changed_keys(marks), **print_log.list_facts(lists)),
            out, document)
    for conflict in report.conflicts:
        print(f"注意：{conflict}")
    for pl in lists:
        held = "、".join(f"{len(some)} 笔 {format_money(sum(x.amount_fen for x in some))} {label}"
                         for label, some in held_groups(pl.held))
        if pl.period:  # the transfers sent in the period: nothing to pay
            print(f"{pl.payer_name}：{pl.period_total}")
            continue
        if pl.nothing_to_pay:  # its page says so and why: not 0 笔，合计 ¥0.00
            print(f"{pl.payer_name}：本批无应拨款项（{held}，见清单）")
            continue
        # a line paying refuses (未登记所在单位) is said apart: the 大写 is what can be paid now
        now = (f"，{pl.unpayable_said}；现可拨付 {len(pl.lines) - len(pl.paid) - len(pl.unpayable)}"
               f" 笔 {format_money(pl.payable_now)}（{daxie(pl.payable_now)}）"
               if pl.unpayable else "")
        if pl.paid:  # the grand total is not what to pay: say what is left first
            line = (f"{pl.payer_name}：尚需拨付 {len(pl.lines) - len(pl.paid)} 笔"
                    f" {format_money(pl.to_pay)}"
                    + (now or f"（{daxie(pl.to_pay)}）") + f"；已拨付 {len(pl.paid)} 笔"
                    f" {format_money(pl.total - pl.to_pay)}（已列出，不再拨付）")
        else:
            line = (f"{pl.payer_name}：{len(pl.lines)} 笔，合计 {format_money(pl.total)}"
                    + (now or f"（{daxie(pl.total)}）"))
        print(line + (f"；另有 {held}（未列入，见清单）" if pl.held else ""))
    print(f"已生成拨付清单{_finance_said(args)} {what}：{out}")
    _say_reprinted(marks, [pl.payer_name for pl in lists], keys, "份清单", LIST_CHANGED)
    for name, day in gone:
        print(list_void.void_notice(name, day))
    _say_unrecorded(recorded)
    for other in others:
        print(f"注意：{other}")
    _say_missing(missed)
    return 0


# -- export summary ----------------------------------------------------------------
STREAMS = {"patent": "patent", "project": "project", "专利": "patent", "项目": "project"}


def run_export_summary(args: argparse.Namespace) -> int:
    from boostdesk.cli_progress import shown
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx
    from boostdesk.io.headers import TABLE_BY_STREAM
    from boostdesk.money import format_money
    from boostdesk.printing.summary import write_summary_pdf

    stream = STREAMS.get(args.stream.strip().lower())
    if stream is None:
        raise UserError(f"汇总表的种类应为 patent（专利）或 project（项目），而不是“{args.stream}”")
    out = _out(args.out, ".xlsx", ".pdf")
    refuse_absent_register(args)  # a mistyped path: an empty table, 0 项
    with open_register(args) as reg:
        _refuse_unrecorded(args, reg)
        out = _finance_out(args, out)
        year = register_year(reg, args.year)
        summary = build_summary(reg, stream, year, approved_only=args.approved,
                                unmasked=args.unmasked)
        missed: list[str] = []
        named = TABLE_BY_STREAM[stream].named(reg.campaign(year))  # 专利汇总表（附件2）
        try:
            pdf = out.suffix.lower() == ".pdf"
            with shown(f"正在导出{named}", " 页" if pdf else " 行") as progress:
                if out.suffix.lower() == ".pdf":
                    with noting_missing() as missed, written_in_place(out) as part:
                        pages = write_summary_pdf(part, summary, progress=progress)
                    what = f"，{pages} 页"
                else:
                    write_summary_xlsx(out, summary, progress)
                    what = ""
        except OSError as exc:
            raise _write_failed(out, exc) from exc
        if args.unmasked:
            _note_unmasked(reg, summary.title, year, out)
    print(f"已导出{named}“{summary.title}”{_finance_said(args)}：{len(summary.rows)} 项，"
          f"核准助推合计 {format_money(summary.award_total)}{what}：{out}")
    _say_missing(missed)
    return 0


NOTICE_STREAMS = {**STREAMS, "both": "both", "全部": "both", "两类": "both"}


def run_export_notices(args: argparse.Namespace) -> int:
    from boostdesk.io.findings_notice import (
        NoticeError,
        copy_report_lines,
        current_findings,
        gather_copies,
        gather_notices,
        intake_text,
        intake_unrecorded,
        report_lines,
        resolve_union,
        write_notices,
    )

    stream = NOTICE_STREAMS.get(args.stream.strip().lower())
    if stream is None:
        raise UserError(f"--stream 应为 patent（专利）、project（项目）或 both（两类），而不是“{args.stream}”")
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--out 应为文件夹，而 {folder} 是一个文件")
    # a folder not there yet is made, as `panel export` makes its own; not where its parent
    # is missing too (a USB stick not plugged in: it would land on the local disk)
    if not folder.absolute().parent.is_dir():
        raise UserError(f"无法写入 {folder}：文件夹 {folder.absolute().parent} 不存在（U 盘或网络盘"
                        "是否已接好？）；核对意见未生成")
    refuse_absent_register(args)  # a mistyped path: no union to tell anything
    streams = ("patent", "project") if stream == "both" else (stream,)
    if args.archive_copy and args.all:
        raise UserError("--archive-copy 与 --all 不能同用：存档副本只列原件所告知的申报")
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        try:
            union = resolve_union(reg, args.union) if args.union is not None else None
        except NoticeError as exc:
            raise UserError(exc.message) from None
        writable = not getattr(reg, "read_only", False)
        rechecked = None
        held: list[tuple[str, int]] = []  # unions whose letters wait for their intake
        if args.archive_copy:  # the letters as sent: nothing checked again, nothing stored
            notices = gather_copies(reg, year, streams, union=union)
        else:
            unticked = intake_unrecorded(reg, year, streams, union)
            held = [] if args.materials_unticked else unticked
            if held and union is not None:  # the one union asked for: said, nothing written
                raise UserError(f"未生成核对意见：{intake_text(held)}；如确未收到任何材料，"
                                "加 --materials-unticked 照常导出")
            rechecked = current_findings(reg, year, store=writable)
            notices = gather_notices(reg, year, streams, findings=rechecked.findings,
                                     union=union, include_all=args.all)
            if held:  # the other unions' letters are written; these are named after
                names = {u for u, _n in held}
                notices.notices = [n for n in notices.notices if n.union not in names]
                if not notices.notices:
                    raise UserError(f"未生成核对意见：{intake_text(held)}；如确未收到任何材料，"
                                    "加 --materials-unticked 照常导出")
        made = bool(notices.notices) and not folder.exists()  # (no letter: no folder)
        try:  # noted in the register: the next letter says what was corrected since
            if made:
                folder.mkdir()
            written = write_notices(notices, folder, record=reg if writable else None)
        except BaseException as exc:
            if made:  # a failure leaves the folder as it was: not there
                with suppress(OSError):
                    folder.rmdir()
            if isinstance(exc, OSError):
                raise UserError(cannot_write(folder, exc)) from exc
            raise
    if made:
        print(f"已新建文件夹 {folder}")
    lines = (copy_report_lines(notices, written, folder) if args.archive_copy
             else report_lines(notices, written, folder, rechecked))
    for line in lines:
        print(line)
    if not args.archive_copy and held:
        one = held[0][0]
        print(f"注意：以下 {len(held)} 个推荐单位的核对意见未生成：{intake_text(held)}；如确未收到任何"
              f"材料，加 --union 单位名 --materials-unticked 单独导出（如 --union {one} "
              "--materials-unticked）", file=sys.stderr)
    if args.archive_copy and written and not writable:
        print("注意：登记册只读，存档副本未记入修改记录")
    return 0


# -- pay ---------------------------------------------------------------------------
def run_pay_list(args: argparse.Namespace) -> int:
    from boostdesk.finance.acceptance import overdue_completions
    from boostdesk.finance.cautions import payment_cautions
    from boostdesk.finance.late_completion import late_line, late_marks
    from boostdesk.finance.lines import HELD, HELD_WHY, card_wait_why
    from boostdesk.finance.other_years import still_owed
    from boostdesk.finance.payment_plan import catch_up
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.records import PROJECT
    from boostdesk.money import format_money
    from boostdesk.near_copy_notes import near_flagged, near_note
    from boostdesk.printing.payments import PayerError, resolve_payer

    today = date.today()
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        catch_up(reg, year)
        try:
            payer, unit = resolve_payer(reg, year, args.payer)
        except PayerError as exc:
            raise UserError(str(exc)) from exc
        lines = payment_lines(reg, year, tranche=int(args.tranche) if args.tranche else None,
                              payer=payer, unit_name=unit)
        if args.due:
            lines = [x for x in lines if not x.paid]
        flags = [f for f in overdue_completions(reg, today) if f.year == year]
        cautions = payment_cautions(reg, lines)
        marks = late_marks(reg, {x.app_id for x in lines if x.stream == PROJECT})
        # an award whose paper may copy a registered one (near_copy_notes): marked, and said
        near = near_flagged(reg, {(x.stream, x.app_id) for x in lines})
        near_said = [near_note(reg, s, i) for s, i in sorted(near)]
        # What other years still owe is named, not hidden behind a new year's empty list —
        # whichever year is listed, --year or not, as the 拨付 screen names them
        others = [f"{o.message}，请用 boostdesk pay list --year {o.year} 查看"
                  for o in still_owed(reg, year, payer=payer, unit_name=unit, as_of=today)]
    if args.json:
        print(json.dumps([{
            "id": x.id, "stream": x.stream, "ref": x.ref, "tranche": x.tranche,
            "payer": x.payer_name, "payee": x.payee, "amount_fen": x.amount_fen,
            "due_date": x.due_date.isoformat() if x.due_date else None,
            "paid_date": x.paid_date.isoformat() if x.paid_date else None,
            "voucher": x.voucher, "state": x.state(today), "overdue": x.overdue(today),
            "returned_date": x.returned_date.isoformat() if x.returned_date else None,
            # a transfer sent again after a return: the return stays in the list
            "was_returned": x.was_returned or None,
            # a mark cancelled as recorded by mistake: the voucher taken back stays in view
            "was_cancelled": x.was_cancelled or None,
            "held_why": x.held_why if x.held else None,
            "late_completion": late_line(x, marks) or None,
            "near_copy": (x.stream, x.app_id) in near or None,
            # a revoked award's paid line: its share of what its payer has returned
            **({"recovered_fen": x.recovered_fen, "owing_fen": x.owing_fen}
               if x.to_recover else {}),
        } for x in lines], ensure_ascii=False, indent=1))
        return 0
    for x in lines:
        due = "不予拨付" if x.withheld else x.due_date.isoformat() if x.due_date else "验收后"
        late = late_line(x, marks)
        # a paid line's day and voucher, as 拨付 shows them (only --json had them)
        paid = (f"{x.paid_date.isoformat()} 拨付，凭证 {x.voucher or '无'}  "
                if x.paid_date else "")
        print(f"{x.id:>5}  {x.state(today)}  {x.payer_name}  →  {x.payee}  "
              f"{format_money(x.amount_fen)}  {x.tranche_name}  应拨 {due}  {paid}"
              f"{x.stream_zh}：{x.ref}" + (f"  （{x.was_returned}）" if x.was_returned else "")
              + (f"  {x.was_cancelled}" if x.was_cancelled else "")
              + (f"  [{late}]" if late else "") + _recovered_part(x)
              + (f"  [{NEAR_MARK}]" if (x.stream, x.app_id) in near else ""))
    print(pay_list_totals(lines, today))
    held = [x for x in lines if x.held]
    for title, hold, card in dict.fromkeys((x.title, x.hold, x.card_only) for x in held):
        if card:  # 待补卡号 / 待更正卡号: said once an award, with the fix
            awards: dict[tuple[str, int, str], list[Any]] = {}
            for y in held:
                if y.title == title and y.card_only:
                    awards.setdefault((y.stream, y.app_id, y.card_label), []).append(y)
            for (stream, app_id, label), some in awards.items():
                fix = "" if some[0].card_stale else (f"（boostdesk correct card {id_ref(stream, app_id)}"
                                                     " 卡号）")  # a stale card's words name both fixes
                # every line of the award: both payers' returns (vouchers) when both came back
                print(f"注意：{label}：{card_wait_why(some)}{fix}")
            continue
        print(f"注意：{hold}" if hold else
              f"注意：项目“{title}”有{HELD_WHY}，{HELD}，请先用 boostdesk publicity resolve 处理异议")
    for caution in cautions:
        print(f"注意：{caution}")
    for said in near_said:
        print(f"注意：{NEAR_MARK}：{said}")
    for other in others:
        print(f"注意：{other}")
    for f in flags:
        print(f"注意：{f.message}")
    return 0


NEAR_MARK = "近似重复申报待核对"


def _recovered_part(line: Any) -> str:
    """A line to recover partly back: its share recovered and still owed (a payer returns
    its part in instalments, the oldest tranche's share first); "" otherwise."""
    from boostdesk.money import format_money

    if not line.to_recover or not line.recovered_fen or line.recovered_date:
        return ""
    return (f"  （已追回 {format_money(line.recovered_fen)}，"
            f"尚欠 {format_money(line.owing_fen)}）")


def pay_list_totals(lines: list[Any], today: date) -> str:
    """`pay list`'s totals, worded as 拨付's: 已逾期 and 退汇待重拨 are parts of 待拨付
    (其中), 暂缓拨付 is outside it (另) — side by side they read as buckets to add; 待验收
    beside 待拨付, as 拨付 says it (a project's rest, not payable before its acceptance), and
    已拨付 after it, as 拨付 says it."""
    from boostdesk.finance.lines import (
        AWAITING_ACCEPTANCE,
        CARD_STALE,
        HELD,
        NO_CARD,
        PAID,
        RETURNED,
        due_parts,
        recovery_said,
        total,
    )
    from boostdesk.money import format_money

    due = [x for x in lines if not x.paid and x.released and not x.held]
    # a returned line is owed again (in 待拨付), overdue only once past its term
    overdue = [x for x in due if x.overdue(today)]
    returned = [x for x in due if x.state(today) == RETURNED]
    withheld = [x for x in lines if x.withheld]
    held = [x for x in lines if x.held and not x.card_only]
    no_card = [x for x in lines if x.card_only and not x.card_stale]
    stale = [x for x in lines if x.card_only and x.card_stale]
    awaiting = [x for x in lines if x.state(today) == AWAITING_ACCEPTANCE]
    parts = due_parts((len(overdue), total(overdue)), (len(returned), total(returned)),
                      sum(x.overdue(today) for x in returned))
    text = (f"共 {len(lines)} 笔；待拨付 {len(due)} 笔 {format_money(total(due))}"
            f"（其中{'；'.join(parts)}）")
    if awaiting:  # said once there is a project's rest to wait for (a patents' list has none)
        text += f"；{AWAITING_ACCEPTANCE} {len(awaiting)} 笔 {format_money(total(awaiting))}"
    # as 拨付's totals line says it, from the same states: paid, an award revoked since apart
    paid = [x for x in lines if x.state(today) == PAID]
    text += f"；已拨付 {len(paid)} 笔 {format_money(total(paid))}"
    if withheld:
        text += f"；验收未通过不予拨付 {len(withheld)} 笔 {format_money(total(withheld))}"
    if held:
        text += f"；另{HELD} {len(held)} 笔 {format_money(total(held))}（未计入待拨付）"
    if no_card:
        text += f"；另{NO_CARD} {len(no_card)} 笔 {format_money(total(no_card))}（未计入待拨付）"
    if stale:  # sent back from the card still on the paper
        text += (f"；另{CARD_STALE}（退汇后未更正） {len(stale)} 笔 {format_money(total(stale))}"
                 "（未计入待拨付）")
    if back := [x for x in lines if x.to_recover]:  # finance.recovery: paid, no award
        text += f"；另撤销助推 {len(back)} 笔（已汇出，不计为助推）：{recovery_said(back)}"
    return text


def near_copies_said(reg: Any, lines: list[Any]) -> str:
    """What paying these lines says of their papers' uncleared near-copy 提示, the other
    papers and the commands clearing a false alarm named ("" when none has one)."""
    from boostdesk.near_copy_notes import clear_hint, near_flagged, near_note

    near = sorted(near_flagged(reg, {(x.stream, x.app_id) for x in lines}))
    if not near:
        return ""
    hints = "".join(clear_hint(reg, stream, [i for s, i in near if s == stream])
                    for stream in dict.fromkeys(s for s, _ in near))
    return (f"{NEAR_MARK}：" + "；".join(near_note(reg, s, i) for s, i in near) + hints)


def run_pay_mark(args: argparse.Namespace) -> int:
    from boostdesk.finance.cautions import payment_cautions
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.paying import check_all_payable, mark_all_paid
    from boostdesk.finance.read_lines import payment_line
    from boostdesk.finance.voucher_use import voucher_caution
    from boostdesk.money import format_money

    day = _day(args.date, "拨付日期")
    with open_register(args) as reg:
        cautions = []  # sent again where it came back from: said, not refused
        chosen = []
        for payment_id in dict.fromkeys(args.id):
            try:
                chosen.append(payment_line(reg, payment_id))
                cautions.extend(payment_cautions(reg, chosen[-1:]))
            except FinanceError:
                pass  # mark_all_paid names it
        # a voucher of another day or payer: asked, as 登记拨付 asks (a typing slip is
        # costly to find in the books afterwards; one batch rightly shares one voucher)
        used = voucher_caution(reg, chosen, day, args.voucher) if chosen else ""
        # a paper that may copy a registered one (near_copy_notes): refused without --yes
        # naming the pair, as 登记拨付 asks; said again once recorded with it
        near = near_copies_said(reg, chosen)
        if near and not args.yes:
            raise UserError(f"{near}\n未登记：核对后仍要拨付的，加 --yes 再登记")
        cautions += [near] if near else []
        if used and not args.yes:
            try:  # a line refused anyway is said first: --yes would not record it either
                check_all_payable(reg, args.id, day, args.voucher)
            except FinanceError as exc:
                raise UserError(str(exc)) from exc
            raise UserError(f"{used}。\n未登记：核对无误、确要用这个凭证号的，加 --yes 再登记")
        try:
            lines = mark_all_paid(reg, args.id, day, args.voucher)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    # the cautions first, as checked before recording, and then honestly: recorded anyway
    # (a command asks nothing), with the way back
    for caution in filter(None, [*cautions, used]):
        print(f"注意：{caution}")
    payers = list(dict.fromkeys(x.payer_name for x in lines))
    if len(payers) > 1:  # as 登记拨付 warns: one voucher is rarely every payer's own
        ids = " ".join(str(x.id) for x in lines)
        print(f"注意：各付款单位记同一凭证号 {args.voucher.strip()}（{len(payers)} 个付款单位："
              f"{'、'.join(payers)}）。如各单位各有凭证，请用 boostdesk pay cancel {ids} "
              "--reason 理由 撤销这次登记，再按付款单位分别登记")
    for line in lines:
        print(f"已登记：{line.payer_name} 向 {line.payee} 拨付 {format_money(line.amount_fen)}"
              f"（{line.tranche_name}，{day.isoformat()}，凭证 {line.voucher}）")
    if len(lines) > 1:
        print(f"共 {len(lines)} 笔，合计 {format_money(sum(x.amount_fen for x in lines))}")
    if any(cautions):
        ids = " ".join(str(x.id) for x in lines)
        print("以上注意事项不阻止登记，拨付已照登记。如收款人或卡号须更正后再拨付，请用 boostdesk pay "
              f"cancel {ids} --reason 理由 撤销这次登记，更正后再登记")
    return 0


def run_pay_cancel(args: argparse.Namespace) -> int:
    from boostdesk.finance.cancel import cancel_payments
    from boostdesk.finance.errors import FinanceError
    from boostdesk.money import format_money

    with open_register(args) as reg:
        try:
            said: list[str] = []
            lines = cancel_payments(reg, args.id, args.reason, said=said)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    for line in lines:
        what = "退汇登记，恢复原拨付" if line.paid else "拨付登记"  # a return cancelled: paid
        print(f"已撤销{what}：{line.payer_name} 向 {line.payee} {format_money(line.amount_fen)}"
              f"（{line.tranche_name}），现为{line.state(date.today())}")
    for words in said:  # a redirect resting on the return undone with it
        print(words)
    return 0


def run_pay_return(args: argparse.Namespace) -> int:
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.returns import return_payments
    from boostdesk.money import format_money

    day = _day(args.date, "退汇日期")
    with open_register(args) as reg:
        try:
            lines = return_payments(reg, args.id, day, args.reason)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    for line in lines:
        print(f"已登记退汇：{line.payer_name} 向 {line.payee} {format_money(line.amount_fen)}"
              f"（{line.tranche_name}，{day.isoformat()} 退回），现为{line.state(date.today())}")
    print("更正卡号或收款单位后，用 boostdesk pay mark 登记重新拨付"
          + ("；专利的原卡号经核实无误（退回并非卡号原因）的，先用 boostdesk pay keep-card 编号"
             " --reason 理由 登记确认" if any(x.card_stale for x in lines) else ""))
    from boostdesk.models.records import PROJECT

    projects = sorted({line.app_id for line in lines if line.stream == PROJECT})
    if projects:  # another enterprise's account: finance.redirect, the sent kept as sent
        print(f"退回的款项要汇往另一收款单位（企业更名、账户变更）的，先用 boostdesk correct payee "
              f"{id_ref(PROJECT, projects[0])} 新收款单位 --reason 原因 改汇（已汇出的款项仍记为汇往原单位）")
    return 0


def run_pay_keep(args: argparse.Namespace) -> int:
    from boostdesk.award_holds import keep
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.read_lines import payment_line
    from boostdesk.models.register import RegisterError

    with open_register(args) as reg:
        try:
            line = payment_line(reg, args.id)
            hold = keep(reg, line.stream, line.app_id, args.reason)
        except (FinanceError, RegisterError) as exc:
            raise UserError(str(exc)) from exc
    print(f"已登记维持核准：{line.stream_zh}“{hold.title}”（{args.reason.strip()}），"
          "其款项可以拨付；经核对的不合格情形：" + "；".join(hold.findings))
    return 0


def run_pay_keep_card(args: argparse.Namespace) -> int:
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.keep_card import keep_card
    from boostdesk.money import format_money

    with open_register(args) as reg:
        try:
            line = keep_card(reg, args.id, args.reason)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    print(f"已确认按原卡号重拨：编号 {line.id}（{line.payer_name} → {line.payee}，"
          f"{format_money(line.amount_fen)}，{line.returned_text}），理由：{line.card_kept}；"
          "该笔列入拨付清单，可以登记拨付")
    return 0


def run_pay_accept(args: argparse.Namespace) -> int:
    from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
    from boostdesk.finance.errors import FinanceError
    from boostdesk.finance.late_completion import late_marks

    if args.withdraw:
        return _withdraw_acceptance(args)
    if not args.date:
        raise UserError("请用 --date 给出验收日期，如 --date 2024-07-01")
    day = _day(args.date, "验收日期")
    if args.reason.strip() and not args.failed:
        raise UserError("--reason 只用于验收未通过：请同时写 --failed，或去掉 --reason")
    if args.failed and not args.reason.strip():
        raise UserError("登记验收未通过须写理由：--reason 理由（如 关键指标未达到立项要求）")
    if args.failed and args.late_reason.strip():
        raise UserError("--late-reason 只用于逾期结题的验收通过：验收未通过的，尾款不予拨付")
    with open_register(args) as reg:
        hits = [_accepted_project(reg, args.ref)]
        try:  # checked, then backed up (结题验收前), then recorded
            if args.failed:
                record_failed_acceptance(reg, hits[0].id, day, args.reason,  # type: ignore[arg-type]
                                         backup=True)
            else:
                record_acceptance(reg, hits[0].id, day,  # type: ignore[arg-type]
                                  args.late_reason, backup=True)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
        late = late_marks(reg, [hits[0].id or 0]).get(hits[0].id or 0)
    if args.failed:
        print(f"已登记验收未通过：“{hits[0].title}”（{day.isoformat()}，{args.reason.strip()}），"
              "尾款不予拨付；该工作室仍不能申报以后年度的项目")
        return 0
    if late is not None:
        print(f"已登记结题验收：“{hits[0].title}”（{day.isoformat()}，{late.reason}），"
              "尾款经同意可拨付（拨付清单中标注“逾期结题”）")
        return 0
    print(f"已登记结题验收：“{hits[0].title}”（{day.isoformat()}），尾款可拨付")
    return 0


def run_pay_postpone(args: argparse.Namespace) -> int:
    """`pay postpone REF --until DAY --decision TEXT` (or `--withdraw --reason TEXT`)."""
    from boostdesk.finance.acceptance_postpone import (
        STILL_BARRED,
        postpone_acceptance,
        withdraw_postponement,
    )
    from boostdesk.finance.errors import FinanceError

    if args.withdraw:
        if args.until or args.decision.strip():
            raise UserError("--withdraw 撤销已登记的延期验收，只写 --reason 撤销的理由，"
                            "不写 --until、--decision")
        with open_register(args) as reg:
            app = _accepted_project(reg, args.ref)
            try:
                gone = withdraw_postponement(reg, app.id, args.reason)
            except FinanceError as exc:
                raise UserError(str(exc)) from exc
        print(f"已撤销延期验收：“{app.title}”（{gone.said}；撤销理由：{' '.join(args.reason.split())}），"
              "仍按最晚结题日期判断是否逾期")
        return 0
    if args.reason.strip():
        raise UserError("--reason 只用于 --withdraw：延期验收的决定及理由请写在 --decision")
    if not args.until:
        raise UserError("请用 --until 给出经同意的新的验收期限，如 --until 2025-06-30")
    until = _day(args.until, "新的验收期限")
    with open_register(args) as reg:
        app = _accepted_project(reg, args.ref)
        try:
            done = postpone_acceptance(reg, app.id, until, args.decision)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    print(f"已登记延期验收：“{app.title}”（最晚结题日期 {done.limit}）{done.said}。"
          f"在此之前验收通过的按这一决定拨付尾款；{STILL_BARRED}"
          "（方案：已获往年助推且未完成结题验收的不能申报）")
    return 0


def _accepted_project(reg: Any, ref: str) -> Any:
    """`pay accept`'s project: by its title as typed (spaces aside) or its 登记号."""
    from boostdesk.app_refs import id_ref, project_number
    from boostdesk.models.records import PROJECT
    from boostdesk.validate import ValidationError

    key = "".join(ref.split())
    try:  # 6 or 项目6 as every command takes it; a patent's 专利6 refused in words
        number = project_number(ref)
    except ValidationError as exc:
        raise UserError(exc.message) from None
    hits = [a for a in reg.projects() if "".join(a.title.split()) == key or a.id == number]
    if not hits and number is not None:
        raise UserError(f"没有登记号为 {id_ref(PROJECT, number)} 的项目：请核对登记号")
    if not hits:
        raise UserError(f"没有名为“{ref}”的项目：请核对项目名称或登记号")
    if len(hits) > 1:
        ids = "、".join(id_ref(PROJECT, a.id or 0) for a in hits)
        raise UserError(f"“{ref}”有 {len(hits)} 项（{ids}），请改用登记号")
    return hits[0]


def _withdraw_acceptance(args: argparse.Namespace) -> int:
    """`pay accept REF --withdraw --reason 理由`: an acceptance recorded in error taken back."""
    from boostdesk.finance.acceptance_withdraw import withdraw_acceptance
    from boostdesk.finance.errors import FinanceError

    if args.date or args.failed or args.late_reason.strip():
        raise UserError("--withdraw 撤销已登记的结题验收（通过或未通过），只写 --reason 撤销的理由，"
                        "不写 --date、--failed、--late-reason")
    if not args.reason.strip():
        raise UserError("撤销结题验收须写理由：--reason 理由（如 登记错了项目、验收尚未进行）")
    with open_register(args) as reg:
        app = _accepted_project(reg, args.ref)
        try:
            done = withdraw_acceptance(reg, app.id, args.reason)
        except FinanceError as exc:
            raise UserError(str(exc)) from exc
    print(f"已撤销结题验收：“{done.title}”（{done.was}；撤销理由：{' '.join(args.reason.split())}），"
          f"现为“{done.status}”，尾款重新待验收")
    return 0
