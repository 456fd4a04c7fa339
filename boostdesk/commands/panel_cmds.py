"""`boostdesk panel …`, `boostdesk rank` and `boostdesk publicity …`: the expert panel.

panel   experts, scoring grid, assignments, conflicts, qualification, packages, overrides,
        adopting the proposal
rank    the ranked proposal per studio level with tiers and reasons
publicity  the publicity period, objections, closing (approval)
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register, register_year


def _common(p: argparse.ArgumentParser) -> None:
    add_db_argument(p)
    p.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")


def add_parser(sub: argparse._SubParsersAction) -> None:
    panel = sub.add_parser(
        "panel", help="专家评审：专家、评分细则、分配、评分包、档次调整",
        description="专家评审的各项操作；每项操作的说明见 boostdesk panel 操作 --help",
    )
    psub = panel.add_subparsers(dest="panel_action", metavar="操作")
    panel.set_defaults(func=lambda args: _help(panel))

    p = psub.add_parser("export", help="导出专家评分包（每位专家一个 .xlsx）",
                        description="为每位有待评审项目的专家生成一个评分包；"
                                    "用 --expert 只生成指定专家的评分包（可重复）；没有待评审项目的"
                                    "专家不生成，并列出原因")
    _common(p)
    p.add_argument("--expert", metavar="NAME", action="append", help="专家姓名（可重复）")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="评分包存放的文件夹（不存在时新建，其所在的文件夹须已存在）")
    p.set_defaults(func=run_export)

    p = psub.add_parser("import", help="导入专家交回的评分包",
                        description="核对签名、年度、专家、固定内容和分数范围后导入；"
                                    "任何一处不符都不导入，并逐条说明原因。"
                                    "导出后已结束评审或不再分配给该专家的项目跳过并列出，其余照常导入。"
                                    "再次导入同一专家的评分包时，改动其已提交评分的（专家的更正，"
                                    "或误由其他专家填写的），须加 --replace 确认替换；"
                                    "同一评分包较早保存的一份须加 --replace-with-older 确认；"
                                    "早于已导入评分包导出的旧包不导入；文件名中有另一位专家的姓名，"
                                    "或评分与另一位专家已提交的逐项完全相同的，须加 --confirm-expert "
                                    "确认后才导入")
    p.add_argument("files", metavar="FILE", nargs="+", help="评分包 .xlsx")
    _common(p)
    p.add_argument("--expert", metavar="NAME", help="核对评分包属于这位专家")
    p.add_argument("--replace", action="store_true",
                   help="确认以评分包替换专家已提交的不同评分（原评分先备份，改动逐项记入修改记录）；"
                        "不导入同一评分包较早保存的一份（见 --replace-with-older）")
    p.add_argument("--replace-with-older", action="store_true",
                   help="确认以同一评分包较早保存的一份替换较晚导入的一份（仅当较晚的一份有误，"
                        "如由其他专家误填；原评分先备份）")
    p.add_argument("--confirm-expert", action="store_true",
                   help="确认评分确为评分包所属专家本人所评：文件名中有另一位专家的姓名，或评分与另一位"
                        "专家已提交的评分逐项完全相同时（可能误由其他专家填写），须加此项才导入")
    p.set_defaults(func=run_import)

    p = psub.add_parser("status", help="评审进度：专家、分配和提交情况",
                        description="显示一个年度的评分细则、评审参数、每位专家的分配和提交情况，"
                                    "并列出评审专家不足的项目及原因")
    _common(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_status)

    from .panel_summary_cmd import add_parser as add_summary

    add_summary(psub)  # 评审汇总表

    p = psub.add_parser("expert", help="评审专家：add 添加或修改、list 列出、remove 删除",
                        description="add 添加专家或修改其工作单位、专业领域、联系方式（工作单位用于"
                                    "利益冲突回避）；list 列出该年度的专家；remove 删除专家")
    p.add_argument("action", choices=("add", "list", "remove"), metavar="add|list|remove")
    p.add_argument("name", nargs="?", metavar="NAME", help="专家姓名")
    _common(p)
    p.add_argument("--org", default=None, metavar="单位", help="工作单位（用于利益冲突回避）")
    p.add_argument("--field", default=None, metavar="领域", help="专业领域")
    p.add_argument("--contact", default=None, metavar="联系方式", help="联系方式")
    p.set_defaults(func=run_expert, starts_register=lambda a: a.action == "add")

    p = psub.add_parser("grid", help="查看或设置评分细则",
                        description="不带参数时显示评分细则；--set 逐项给出 名称:满分:权重[:评分要点]"
                                    "（权重之和为 100；评分要点为本年度方案或评分细则对该项的表述，"
                                    "写在评分包“填写说明”中该项满分旁）；--default 恢复默认细则。"
                                    "已有评分后只能修改评分要点")
    _common(p)
    p.add_argument("--set", metavar="名称:满分:权重[:评分要点]", nargs="+", help="新的评分细则")
    p.add_argument("--default", action="store_true", help="恢复默认评分细则")
    p.add_argument("--yes", action="store_true",
                   help="已导出评分包时仍修改（这些评分包交回时将无法导入，须重新导出）")
    p.set_defaults(func=run_grid, starts_register=lambda a: bool(a.set or a.default))

    p = psub.add_parser("settings", help="查看或设置评审参数（去极值、分歧阈值、每项目专家数）",
                        description="不带选项时显示该年度的评审参数；给出选项即修改并保存")
    _common(p)
    p.add_argument("--trim-min", type=int, metavar="N", help="专家人数达到 N 时启用去极值平均")
    p.add_argument("--trim-each", type=int, metavar="K", help="去掉最高、最低分各 K 个")
    p.add_argument("--disagreement", metavar="SD", help="专家评分的标准差（总体标准差）超过此值时标记“意见分歧”")
    p.add_argument("--per-project", type=int, metavar="N", help="自动分配时每个项目的专家人数")
    p.set_defaults(func=run_settings, starts_register=lambda a: any(
        v is not None for v in (a.trim_min, a.trim_each, a.disagreement, a.per_project)))

    p = psub.add_parser("assign", help="分配项目给专家（--auto 自动均衡分配）",
                        description="--expert 姓名 --project 项目 分配一项；--auto 把全部待评审项目"
                                    "均衡分配给专家，跳过有利益冲突的专家，以及工作单位与项目单位名称"
                                    "相近（可能是同一单位）的专家；手动分配后者须加 "
                                    "--confirm-no-conflict")
    _common(p)
    p.add_argument("--auto", action="store_true", help="自动均衡分配全部待评审项目")
    p.add_argument("--expert", metavar="NAME", help="专家姓名")
    p.add_argument("--project", metavar="REF", help="项目登记号或名称")
    p.add_argument("--confirm-no-conflict", action="store_true",
                   help="专家工作单位与项目所在单位、工作室或推荐单位的名称相近（可能是同一单位）时，"
                        "确认已核实不存在利益冲突后分配")
    p.set_defaults(func=run_assign)

    p = psub.add_parser("unassign", help="取消分配（一项、多项或某位专家的全部；已录入的评分一并删除）",
                        description="取消一位专家对项目的评审分配：--project 可写多个，--all 为该专家"
                                    "全部评审中的项目；全部取消或都不取消；该专家对这些项目已录入的评分"
                                    "一并删除（删除前先备份登记册）")
    _common(p)
    p.add_argument("--expert", metavar="NAME", required=True, help="专家姓名")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--project", metavar="REF", nargs="+", help="项目登记号或名称（可写多个）")
    which.add_argument("--all", action="store_true", help="该专家全部评审中的项目")
    p.set_defaults(func=run_unassign)

    p = psub.add_parser("conflict", help="登记专家申明的利益冲突（回避）",
                        description="登记专家对一个项目的利益冲突（回避），须写理由：评审中的，撤回"
                                    "该专家对该项目的分配和评分；已采纳后申明的，登记并标记该评分、"
                                    "不计入排名。--withdraw 撤回误登记的回避（分配和评分不恢复，"
                                    "须重新分配）")
    _common(p)
    p.add_argument("--expert", metavar="NAME", required=True, help="专家姓名")
    p.add_argument("--project", metavar="REF", required=True, help="项目登记号或名称")
    p.add_argument("--reason", required=True, metavar="理由", help="回避理由（--withdraw 时为撤回的理由）")
    p.add_argument("--withdraw", action="store_true",
                   help="撤回误登记的回避（如选错了专家或项目），之后可再分配")
    p.set_defaults(func=run_conflict)

    p = psub.add_parser("correct-score", help="更正公示中项目的专家评分（录入有误等，须填理由）",
                        description="项目在公示中、专家评分录入有误（或专家更正）的，逐项更正该专家对"
                                    "该项目已提交的评分，须写 --reason 理由；原评分和理由记入修改记录。"
                                    "更正后排名如有变化，公示名单不会自动改变：按提示在公示中登记为该项目"
                                    "的异议并处理。尚在专家评审的直接重新录入或导入；已采纳未公示的先撤回"
                                    "拟助推名单；公示结束（核准）后不能更正",
                        epilog="例：boostdesk panel correct-score 微小型无人机结构件轻量化设计 --expert 孙立平"
                               " --score 科技含量=18 --reason 纸质评分表为18分，录入为8分")
    p.add_argument("project", metavar="REF", help="项目登记号或名称")
    _common(p)
    p.add_argument("--expert", metavar="NAME", required=True, help="专家姓名")
    p.add_argument("--score", metavar="细则=分数", action="append", default=[],
                   help="更正的一项评分：评分细则名称（或序号，1 起）=分数（可重复；未给出的各项不变）")
    p.add_argument("--reason", default="", metavar="理由", help="更正的理由（必填，记入修改记录）")
    p.set_defaults(func=run_correct_score)

    p = psub.add_parser("qualify", help="资格审核：通过或不通过一个项目（--pass 可一并通过几项）",
                        description="专家评审前的资格审核：--pass 通过或 --refuse 不通过一个项目；"
                                    "结论与自动核对不同时须写 --reason。--pass 可写几个项目，作为"
                                    "一次决定一并通过（先备份登记册，全部通过或全部不改），其中有"
                                    "不符合项或待补材料的，整批不通过并列出它们，须逐项审核。"
                                    "收件日期晚于报送截止日的（逾期报送，方案三），是否受理由审核人"
                                    "决定：通过须写明受理理由（--late-reason，一项时也可用 --reason，"
                                    "记入状态历史），或用 --on-time-only 只通过按期报送的")
    p.add_argument("project", metavar="REF", nargs="+",
                   help="项目登记号或名称（--pass 时可写几个）")
    _common(p)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--pass", dest="passed", action="store_true", help="通过")
    g.add_argument("--refuse", dest="refused", action="store_true", help="不通过")
    p.add_argument("--reason", default="", metavar="理由", help="理由（结论与自动核对不同时必填）")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="资格审核日期（作出结论的日期，打印在审批表上；不写为今天）")
    late = p.add_mutually_exclusive_group()
    late.add_argument("--late-reason", default=None, metavar="理由",
                      help="同意受理逾期报送的项目的理由（记入这些项目的状态历史）")
    late.add_argument("--on-time-only", action="store_true",
                      help="只通过按期报送的项目，逾期报送的不改（列出它们，留待逐项决定）")
    p.add_argument("--yes", action="store_true",
                   help="确认已核对近似重复的提示（项目名称与已登记的项目相近、本年度已有同名项目）后仍通过")
    p.set_defaults(func=run_qualify)

    p = psub.add_parser("override", help="人工调整一个项目的助推档次（须填理由）",
                        description="人工给一个项目定档次（--tier 金额，none 为不予助推），须写理由，"
                                    "不能超出该档名额，被挤出的项目逐一列出；--clear 取消人工调整")
    p.add_argument("project", metavar="REF", help="项目登记号或名称")
    _common(p)
    p.add_argument("--tier", metavar="档次|YUAN|none",
                   help="档次名称（与“设置”中的相同）或金额（元，也可以“万”为单位），"
                        "none 为不予助推")
    p.add_argument("--reason", default="", metavar="理由", help="调整理由")
    p.add_argument("--clear", action="store_true", help="取消人工调整")
    p.set_defaults(func=run_override)

    p = psub.add_parser("keep-tier", help="已公示项目按现有排名可调高档次的，登记经研究维持公示档次（须填理由）",
                        description="公示后有名额空出（异议成立、排名复核撤销核准），按排名已公示项目可列入"
                                    "较高档次的（rank 中注明“按现有排名本项目可列入……（公示为……）”），"
                                    "登记经研究维持其公示档次（公示无异议的按公示档次核准）并写明理由，"
                                    "记入修改记录；此后排名、名额空出的提示和结束公示说明该名额经研究留空，"
                                    "不再提示报请研究。--withdraw 撤销维持公示档次的决定（--reason 写撤销的理由），"
                                    "之后按排名重新提示应递补的项目：结束公示前登记的决定在结束公示前"
                                    "撤销；结束公示后登记的，在该项目拨付、其后重新采纳拟助推名单之前撤销")
    p.add_argument("project", metavar="REF", help="项目登记号或名称")
    _common(p)
    p.add_argument("--reason", default="", metavar="理由",
                   help="维持公示档次的理由（--withdraw 时为撤销的理由）")
    p.add_argument("--withdraw", action="store_true",
                   help="撤销维持公示档次的决定（该项目尚未拨付、其后未重新采纳名单；结束公示前登记的须在结束公示前）")
    p.set_defaults(func=run_keep_tier)

    p = psub.add_parser(
        "record-past", help="补录往年结果：此前年度已核准的项目（档次金额、核准日期）或专利（--patents），无需评分和公示",
        description="补录登记册启用前某一年度已核准助推的项目：按该年度的档次金额和核准日期记为“核准”"
                    "（理由：历史补录），不经专家评分、排名和公示，记入修改记录。只用于登记册中最新年度"
                    "之前、未在登记册中公示过的年度；不再按该年度名额、资金上限和每个工作室项数重新评判"
                    "（超出的只作提示）。之后的拨付和结题验收用 boostdesk pay mark / pay accept 登记实际日期。",
        epilog="例：boostdesk panel record-past 数控机床精度补偿 --year 2016 --tier 50000 --date 2016-12-20；"
               "然后 boostdesk pay list --year 2016 查看款项编号，pay mark 编号 … --date 2017-02-10 "
               "--voucher 凭证号，pay accept 项目 --date 2018-06-30，再 pay mark 尾款编号 … --date 2018-07-15。"
               "一年的名单：--list 名单.xlsx 或 名单.csv（每行：项目名称或登记号、档次金额（元）、"
               "核准日期、说明（可空）、验收日期（可空）、验收结论（可空：通过；未通过：理由）、首笔拨付日期（可空）；"
               "首行可为表头），全部核对无误才保存；填了验收日期的按往年已结题补录（款项按往年已拨付记，"
               "不再列入待拨付）；只填了首笔拨付日期的，首笔按往年已拨付记（凭证 历史补录，无需所在单位），"
               "尾款验收后待拨付。已补录项目的验收：--accepted 验收名单（每行：项目、验收日期、验收结论、"
               "首笔拨付日期（可空））。"
               "往年专利：--patents --list 名单（每行：专利号或登记号（专利N）、核准日期、拨付日期（可空）、"
               "说明（可空）），按该年度每项专利助推金额记为核准，填了拨付日期的按往年已拨付记")
    p.add_argument("project", nargs="?", metavar="REF", help="项目登记号或名称（--list 时不填）")
    p.add_argument("--list", dest="list_file", metavar="FILE",
                   help="一年的补录名单（.xlsx、.xls 或 .csv；每行：项目名称或登记号、档次金额（元）、核准日期、说明，"
                        "可加验收日期、验收结论、首笔拨付日期）")
    p.add_argument("--accepted", dest="accepted_file", metavar="FILE",
                   help="已补录项目的验收名单（.xlsx、.xls 或 .csv；每行：项目名称或登记号、验收日期、"
                        "验收结论（可空：通过；未通过：理由）、首笔拨付日期（可空））：未登记拨付的按往年已结题记")
    p.add_argument("--patents", action="store_true",
                   help="--list 为该年度已获助推的专利名单（每行：专利号或登记号（专利N）、核准日期、"
                        "拨付日期（可空）、说明（可空））：按该年度每项专利助推金额补录为核准")
    _common(p)
    p.add_argument("--tier", metavar="YUAN", help="核准的档次金额（元），如 50000")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="核准日期")
    p.add_argument("--withdraw", action="store_true",
                   help="撤销补录错的结果（没有款项登记拨付的，含款均被银行退回的；--reason 写理由），之后可重新补录")
    p.add_argument("--reason", default="", metavar="理由", help="--withdraw：撤销的理由")
    p.add_argument("--note", default="", metavar="说明",
                   help="补充说明（如依据的文件：京工发〔2016〕12号），记入理由和修改记录")
    p.set_defaults(func=run_record_past)
    _add_close_year(psub)

    p = psub.add_parser("adopt", help="采纳当前排名为拟助推名单",
                        description="采纳当前排名为拟助推名单（采纳前先备份登记册），之后可开始公示；"
                                    "须分配的专家都已提交评分、每个通过资格审核的项目都有专家；评审专家"
                                    "人数少于评审参数要求的项目，须写 --short-reason 理由")
    _common(p)
    p.add_argument("--short-reason", default="", metavar="理由",
                   help="评审专家人数少于本年度评审参数要求的项目，经研究按现有评分采纳的理由")
    p.add_argument("--tie-reason", default="", metavar="理由",
                   help="档次分界处同分、仅按材料报送日期或申报登记编号排定先后的项目，"
                        "经研究确认按此确定的理由")
    p.add_argument("--over-request-reason", default="", metavar="理由",
                   help="拟助推金额超过项目申请金额的，经研究确认按排名档次助推的理由")
    p.add_argument("--against-plan-reason", default="", metavar="理由",
                   help="不符合方案条件、经资格审核通过后按排名列入拟助推档次的项目，经研究确认列入的理由")
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="采纳日期（默认今天，不能晚于今天）：该批公示不能早于此日开始")
    p.add_argument("--yes", action="store_true",
                   help="已采纳、尚未公示的名单与此后评审的项目合并采纳（不加时说明将替换的名单，不采纳）")
    p.set_defaults(func=run_adopt)

    p = psub.add_parser("withdraw", help="撤回已采纳的拟助推名单（公示前）",
                        description="撤回已采纳、尚未公示的拟助推名单，项目回到专家评审；"
                                    "撤回是办公室的决定，须写 --reason 理由（记入修改记录）")
    _common(p)
    p.add_argument("--reason", default="", metavar="理由",
                   help="撤回的理由（必填，记入修改记录），如：专家评分录入有误，更正后重新采纳")
    p.set_defaults(func=run_withdraw)

    p = sub.add_parser(
        "withdraw", help="撤回申报：推荐单位来函撤回一项申报（拨付前）",
        description="推荐单位（或申报人经推荐单位）来函撤回一项申报：项目在已登记、资格审核通过、"
                    "专家评审、拟助推、公示或核准时（尚未拨付）改为未获助推，专利在已登记、资格审核"
                    "通过或核准时（尚未拨付）改为资格审核不通过；状态历史、修改记录和公示名单（更正）"
                    "写明“推荐单位撤回”和来函日期。核准的，未拨付的应拨款项一并删除（记入修改记录）；"
                    "空出的档次名额不自动递补，由市总工会研究决定。已有款项登记拨付的不能撤回。"
                    "（撤回已采纳的拟助推名单是 boostdesk panel withdraw）"
                    "--undo：推荐单位再次来函撤销撤回（恢复申报）：申报回到撤回前的状态，核准的助推金额"
                    "和删除的应拨款项原样恢复，状态历史和修改记录写明来函日期、来函单位和理由；撤回后"
                    "已重新采纳拟助推名单（空出的名额可能已给其他项目）等情况不能恢复，并说明原因",
    )
    p.add_argument("ref", metavar="REF", help="登记号（如 项目8、专利26）或项目名称")
    _common(p)
    p.add_argument("--date", metavar="YYYY-MM-DD", help="来函日期（必填）")
    p.add_argument("--by", default="", metavar="来函单位",
                   help="来函单位：须为该申报的推荐单位（其他单位的来函不予登记）；不写即为推荐单位")
    p.add_argument("--reason", default="", metavar="理由",
                   help="撤回理由（必填），如：推荐单位来函撤回该项目申报（项目已终止）；"
                        "--undo 时为恢复理由，如：推荐单位来函撤销撤回，继续申报")
    p.add_argument("--undo", action="store_true",
                   help="恢复申报：推荐单位来函撤销撤回（--date 为这封来函的日期）")
    p.set_defaults(func=run_withdraw_application)

    p = sub.add_parser(
        "rank", help="专家评审排名与拟助推档次",
        description="按工作室级别排名，在本年度计划的名额、资金上限（项目所需资金的百分比）和每个工作室获助推项数的约束下给出拟助推档次，"
                    "逐项说明理由（含同分规则）",
    )
    _common(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")
    p.set_defaults(func=run_rank)

    pub = sub.add_parser("publicity", help="公示：名单、异议、期满核准",
                         description="list 名单（可导出 xlsx/pdf）；start 开始公示；object 登记异议；"
                                     "resolve 处理异议；close 公示期满，无异议项目核准；review 排名"
                                     "复核：已核准未拨付、按现有评分已不在该档的项目，撤销核准或维持")
    pub.add_argument("action", choices=("list", "start", "object", "resolve", "close", "review"),
                     metavar="list|start|object|resolve|close|review")
    pub.add_argument("target", nargs="?", metavar="REF|ID",
                     help="object、review：项目登记号或名称；resolve：异议编号")
    _common(pub)
    pub.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="start：公示开始日期")
    pub.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                     help="start：公示结束日期（默认按本年度公示期：自然日或工作日，见 campaign set publicity_day_unit）")
    pub.add_argument("--date", metavar="YYYY-MM-DD",
                     help="object：收到日期；resolve：处理日期；close：结束日期（默认今天）")
    pub.add_argument("--by", default="", metavar="异议人", help="object：异议人")
    pub.add_argument("--content", default="", metavar="内容", help="object：异议内容")
    pub.add_argument("--again", action="store_true",
                     help="object：收到日期、异议人、内容都与已登记的一件相同，确是另一封来信时再登记")
    g = pub.add_mutually_exclusive_group()
    g.add_argument("--upheld", action="store_true", help="resolve：异议成立（不予助推）")
    g.add_argument("--dismissed", action="store_true", help="resolve：异议不成立")
    g.add_argument("--entered-in-error", dest="in_error", action="store_true",
                   help="resolve：误登记（登记错了项目、重复登记），撤销该异议，--note 写理由；"
                        "已按异议成立处理的，在空出的名额重新采纳前也可撤销，项目恢复公示或核准")
    g.add_argument("--correct-to", dest="correct_to", choices=("upheld", "dismissed"),
                   metavar="upheld|dismissed",
                   help="resolve：已处理的异议复核更正结论（保留异议，--reason 写复核理由）："
                        "dismissed 异议成立改为不成立（空出的名额重新采纳前），项目恢复公示或核准；"
                        "upheld 异议不成立改为成立（本批公示结束前），项目不予助推")
    g.add_argument("--revoke", action="store_true", help="review：撤销核准（名额递补后另批公示）")
    g.add_argument("--keep", action="store_true", help="review：经研究维持核准")
    pub.add_argument("--note", default="", metavar="意见",
                     help="resolve：处理意见（核查情况和结论，必填）；review：复核理由")
    pub.add_argument("--reason", default="", metavar="理由",
                     help="resolve --correct-to：复核理由（必填）；resolve 的其他结论和 review 中同 --note")
    pub.add_argument("--yes", action="store_true",
                     help="close：将核准的项目有近似重复提示（项目名称与已登记的…相近等）时，核对后仍核准"
                          "（不加时列出这些项目，不结束公示）")
    pub.add_argument("--xlsx", metavar="FILE", help="list：导出公示名单 .xlsx")
    pub.add_argument("--pdf", metavar="FILE", help="list：导出公示名单 PDF")
    pub.add_argument("--json", action="store_true", help="list：以 JSON 输出")
    pub.add_argument("--batch", type=int, metavar="N",
                     help="list：第 N 批公示的名单（默认：公示中的一批，否则最近一批）")
    pub.set_defaults(func=run_publicity)


def _correct_objection(reg: Any, year: int, objection_id: int,
                       args: argparse.Namespace) -> int:
    """`publicity resolve N --correct-to upheld|dismissed --reason 理由`: the finding
    reversed on review, the objection kept (not a mistaken entry)."""
    from boostdesk.panel import publicity as pub
    from boostdesk.panel.freed_places import freed_place_notice, waiting
    from boostdesk.panel.ranking import rank

    if not args.reason.strip():
        raise UserError("复核更正须用 --reason 写明复核理由（如 --reason 经复核两项目内容不同）")
    project_id = reg.scalar("SELECT project_id FROM objections WHERE id = ?", (objection_id,))
    upheld = args.correct_to == "upheld"
    before = waiting(rank(reg, year)) if upheld else None
    on = _day(args.date, "复核日期（--date）") if args.date else date.today()
    status = _run(pub.correct_resolution, reg, objection_id, args.reason, on)
    app = reg.project(project_id)
    now = "异议成立，项目不予助推" if upheld else "异议不成立（异议保留，审批表写明收到异议、经核实不成立）"
    print(f"已复核更正异议 {objection_id}：{now}；项目“{app.title}”现为“{status}”"
          + (f"（{app.approved_date.isoformat()} 核准）" if app.status == "approved"
             and app.approved_date else ""))
    if upheld and (freed := freed_place_notice(reg, year, project_id, before, ADOPT_HINT)):
        print(freed)
    return 0


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


# -- helpers ----------------------------------------------------------------------------
def _day(text: str | None, what: str) -> date:
    if not text:
        raise UserError(f"请用 YYYY-MM-DD 给出{what}，如 2022-12-20")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{what}应写成 YYYY-MM-DD，如 2022-12-20，而不是“{text}”") from None


def find_project(reg: Any, year: int, ref: str) -> Any:
    """A project of the campaign by registration number, exact name or a unique fragment
    (as a 补录名单's line names one: ``panel.past_list.find_project``)."""
    from boostdesk.panel.past_list import find_project as find
    from boostdesk.validate import ValidationError

    try:
        return find(reg.projects(year), year, ref.strip())
    except ValidationError as exc:
        raise UserError(exc.message) from None


def _run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from boostdesk.models.register import RegisterError

    try:
        return fn(*args, **kwargs)
    except RegisterError as exc:  # PanelError and PackageRefused among them
        raise UserError(str(exc)) from exc


# -- panel ------------------------------------------------------------------------------
def run_export(args: argparse.Namespace) -> int:
    from boostdesk.panel.package_export import export_chosen
    from boostdesk.panel.package_format import SEND_NOTE

    out = Path(args.out)
    if not out.absolute().parent.is_dir():  # a stick not plugged in: not made on the local disk
        raise UserError(f"无法写入 {out}：文件夹 {out.absolute().parent} 不存在（U 盘或网络盘是否"
                        "已接好？）；评分包未生成")
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} 是文件，不是文件夹：--out 请写存放评分包的文件夹")
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        try:
            # the experts named (or every one) with nothing to score are left out and
            # named, the others' packages written: refused only when none has anything
            result = _run(export_chosen, reg, year, out, args.expert)
        except UserError as exc:
            earlier = [] if args.year else _years_under_review(reg, year)
            if earlier:  # the new year made, the last one's panel still at work
                raise UserError(f"{exc}；{'、'.join(map(str, earlier))} 年度仍有待评审的项目：加"
                                f" --year {earlier[-1]}") from exc
            raise
        for path in result.paths:
            print(f"已生成评分包：{path}")
        print(f"{year} 年度：{result.headline(out)}。请交专家只填写评分和评语，原文件交回后用"
              " boostdesk panel import 导入")
        if line := result.unchecked_line():  # a studio with no 所在单位: 回避 unchecked
            print(f"提示：{line}", file=sys.stderr)
        print(SEND_NOTE)  # the reviewer's own laptop: which programs keep the signature
    return 0


def _years_under_review(reg: Any, year: int) -> list[int]:
    """The years before ``year`` with a package still to go out to one of their experts."""
    from boostdesk.panel.experts import experts
    from boostdesk.panel.package_projects import package_projects

    return [y for y in reg.campaign_years() if y < year
            and any(package_projects(reg, y, e.id or 0) for e in experts(reg, y))]


def run_import(args: argparse.Namespace) -> int:
    from boostdesk.panel.errors import PackageRefused, ReplaceRefused
    from boostdesk.panel.package_doubts import confirm_hint
    from boostdesk.panel.package_import import import_package
    from boostdesk.panel.package_replace import CLI_CONFIRM, CLI_CONFIRM_OLDER, confirm_line

    failed = 0
    with open_register(args) as reg:
        year = register_year(reg, args.year) if args.year else None
        for file in args.files:
            try:
                result = _run(import_package, reg, Path(file), year=year, expert_name=args.expert,
                              replace=args.replace, confirm_expert=args.confirm_expert,
                              replace_older=args.replace_with_older)
            except UserError as exc:
                cause = exc.__cause__
                failed += 1
                if isinstance(cause, PackageRefused):
                    print(f"未导入 {file}：", file=sys.stderr)
                    for reason in cause.reasons:
                        print(f"  - {reason}", file=sys.stderr)
                    if isinstance(cause, ReplaceRefused):
                        given = args.replace_with_older if cause.older else args.replace
                        hint = (confirm_hint(cause.expert, cause.replacing and not given,
                                             CLI_CONFIRM_OLDER if cause.older else CLI_CONFIRM)
                                if cause.doubted else confirm_line(cause.expert, cause.older))
                        print(f"  {hint}", file=sys.stderr)
                else:
                    print(f"未导入 {file}：{exc}", file=sys.stderr)
                continue
            print(result.headline(file, with_year=True))
            for line in result.lines:
                print(f"  - {line}")
    if failed:
        raise UserError(f"{failed} 个评分包未导入，原因及处理办法见上")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from boostdesk.no_enterprise import panel_line
    from boostdesk.panel.adopt_proposal import conflict_advice
    from boostdesk.panel.balance import shortfall_lines
    from boostdesk.panel.experts import (
        assignment_conflicts,
        assignments,
        experts,
        panel_projects,
        shortfalls,
    )
    from boostdesk.panel.grid import criteria, settings
    from boostdesk.panel.recusals import count_text, not_assigned, recusals

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        panel = experts(reg, year)
        all_assigned = assignments(reg, year)
        conflicted = assignment_conflicts(reg, year)
        # 回避 as registered: one declared under review took the assignment with it, so
        # ``conflicted`` (the assignments) no longer shows it, before adoption or after
        stood_aside = recusals(reg, year)
        # passed over by the assignment, nothing registered: counted apart, as the
        # 评审汇总表 counts them (its 回避登记 lists them)
        passed = not_assigned(reg, panel, [a.project_id for a in all_assigned],
                              all_assigned, stood_aside)
        rows: list[dict[str, Any]] = []
        for e in panel:
            mine = [a for a in all_assigned if a.expert_id == e.id]
            rows.append({"expert": e.name, "organisation": e.organisation, "field": e.field,
                         "assigned": len(mine), "submitted": sum(a.submitted for a in mine),
                         "conflicted": [k.title for k in conflicted.values()
                                        if k.expert_id == e.id],
                         "recused": [x.title for x in stood_aside if x.expert_id == e.id]})
        with_experts = {a.project_id for a in all_assigned}
        reviewed = panel_projects(reg, year)
        waiting = [p.title for p in reviewed if p.id not in with_experts]
        unchecked = panel_line(reviewed)
        # fewer experts free of conflict than the year asks: an expert removed, a
        # conflicted assignment taken off, a panel too small
        short = shortfall_lines([s for s in shortfalls(reg, year)
                                 if s.project_id in with_experts], command=True)
        if args.json:
            print(json.dumps({"year": year, "experts": rows, "unassigned": waiting,
                              "short": short, "unchecked": unchecked,
                              "conflicts": [k.text for k in conflicted.values()],
                              "recusals": [_recusal_json(x) for x in stood_aside],
                              "not_assigned": [_recusal_json(x) for x in passed]},
                             ensure_ascii=False, indent=1))
            return 0
        s = settings(reg, year)
        grid = criteria(reg, year)
        print(f"{year} 年度专家评审")
        print("评分细则：" + "、".join(f"{c.header}×权重{c.weight}" for c in grid))
        print(f"去极值：专家满 {s.trim_min_scores} 人时去掉最高、最低各 {s.trim_each} 个；"
              f"标准差（总体）超过 {s.disagreement_sd:g} 分标记意见分歧；每个项目 {s.experts_per_project} 位专家")
        if not rows:
            print("尚无评审专家：boostdesk panel expert add 姓名 --org 单位")
        for r in rows:
            against = (f"，其中 {len(r['conflicted'])} 项存在利益冲突，评分不计入排名"
                       if r["conflicted"] else "")
            print(f"  {r['expert']}（{r['organisation'] or '单位未填'}）：分配 {r['assigned']} 项，"
                  f"已提交 {r['submitted']} 项{against}")
        if waiting:
            print("尚未分配专家的项目：" + "、".join(waiting))
        if unchecked:  # a studio with no 所在单位: 回避 not checked for its projects
            print(unchecked)
        if short:
            print("专家人数不足的项目：")
            for line in short:
                print(f"  {line}")
        # those passed over listed in the 评审汇总表's 回避登记, not here: many at a large year
        listed = "（未分配的逐项见 boostdesk panel summary）" if passed else ""
        if passed and not stood_aside:
            print(f"{count_text(passed)}{listed}")
        if stood_aside:
            print(f"{count_text([*stood_aside, *passed])}{listed}：")
            for x in stood_aside:
                day = f"，{x.day} 登记" if x.day else ""
                print(f"  {x.expert} — “{x.title}”：{x.reason}{day}；{x.outcome}")
        _print_conflicts(list(conflicted.values()), conflict_advice())
    return 0


def _recusal_json(x: Any) -> dict[str, Any]:
    from boostdesk.models.records import PROJECT, id_ref

    return {"expert": x.expert, "project": x.title, "ref": id_ref(PROJECT, x.project_id),
            "reason": x.reason, "registered": x.day or None,
            "registered_by": x.operator or None, "kind": x.kind, "outcome": x.outcome}


def _print_conflicts(conflicts: list, advice: str) -> None:
    """Scores the register now shows conflicted (they do not count), and what to do."""
    if conflicts:
        print(f"存在利益冲突的评分 {len(conflicts)} 个（分配后才发现：单位、负责人或专家信息"
              "更正，或事后申明回避），不计入排名：")
        for k in conflicts:
            print(f"  {k.text}")
        print(advice.strip())


def run_expert(args: argparse.Namespace) -> int:
    from boostdesk.panel.experts import (
        Expert,
        expert,
        expert_by_name,
        experts,
        remove_expert,
        save_expert,
    )
    from boostdesk.panel.near_conflicts import near_advice, registered_near
    from boostdesk.validate import mask_contact, normalize_text

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        if args.action == "list":
            panel = experts(reg, year)
            for e in panel:
                print(f"{e.name}\t{e.organisation}\t{e.field}\t{mask_contact(e.contact)}")
            if not panel:  # said on stderr: the list itself stays a script's, rows only
                print(f"{year} 年度尚无评审专家：boostdesk panel expert add 姓名 --org 单位",
                      file=sys.stderr)
            return 0
        if not args.name:
            raise UserError("请给出专家姓名，如 boostdesk panel expert add 张三 --org 北京工业大学")
        if args.action == "remove":
            e = _run(expert_by_name, reg, year, args.name)
            work = _run(remove_expert, reg, e.id)
            print(f"已删除专家“{e.name}”" + (f"：{work.text}" if work.text else ""))
            return 0
        # Only the name as stored is changed in place: one the comparison takes for another
        # expert's (李 明 beside 李明) is refused by save_expert as a duplicate.
        # (a name's brackets either way: stored full-width, tidy_name)
        typed = normalize_text(args.name)
        existing = next((e for e in experts(reg, year) if normalize_text(e.name) == typed), None)
        base = existing or Expert(args.name)
        new = Expert(
            args.name, args.org if args.org is not None else base.organisation,
            args.field if args.field is not None else base.field,
            args.contact if args.contact is not None else base.contact,
            base.id,
        )
        stored = expert(reg, _run(save_expert, reg, year, new,
                                  contact_given=args.contact is not None))
        print(f"已{'修改' if existing else '添加'}专家“{stored.name}”"
              f"（{stored.organisation or '单位未填'}）")
        if found := registered_near(reg, stored.organisation):  # 四方继保公司: 回避 by name
            print(f"提示：{near_advice(stored.organisation, found)}", file=sys.stderr)
    return 0


def run_grid(args: argparse.Namespace) -> int:
    from boostdesk.panel.grid import DEFAULT_GRID, criteria, packages_out, save_grid

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        if args.default or args.set:
            grid = DEFAULT_GRID if args.default else tuple(_criterion(t) for t in args.set)
            out = packages_out(reg, year)
            _run(save_grid, reg, year, grid, confirmed=args.yes)
            print("已保存评分细则：")
            if out and args.yes and packages_out(reg, year) != out:
                print(f"已导出的 {len(out)} 位专家的评分包（{'、'.join(out)}）已失效，交回时将无法导入："
                      "请重新导出评分包（boostdesk panel export）发给专家重新填写")
        for c in criteria(reg, year):
            print(f"  {c.header}\t权重 {c.weight}" + (f"\t评分要点：{c.description}"
                                                      if c.description else ""))
    return 0


def _criterion(text: str) -> Any:
    from boostdesk.panel.grid import Criterion

    parts = text.replace("：", ":").split(":", 3)
    if len(parts) not in (3, 4) or not parts[1].strip().isdecimal() \
            or not parts[2].strip().isdecimal():
        raise UserError("评分细则应写成 名称:满分:权重[:评分要点]，如 科技含量:20:20:项目具有一定科技含量，"
                        f"而不是“{text}”")
    return Criterion(parts[0].strip(), int(parts[1]), int(parts[2]),
                     description=parts[3].strip() if len(parts) == 4 else "")


def run_settings(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from decimal import Decimal, InvalidOperation

    from boostdesk.panel.grid import save_settings, settings

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        s = settings(reg, year)
        changes: dict[str, int] = {}
        if args.trim_min is not None:
            changes["trim_min_scores"] = args.trim_min
        if args.trim_each is not None:
            changes["trim_each"] = args.trim_each
        if args.per_project is not None:
            changes["experts_per_project"] = args.per_project
        if args.disagreement is not None:
            try:
                changes["disagreement_sd_x10"] = int(Decimal(args.disagreement) * 10)
            except InvalidOperation:
                raise UserError(f"分歧阈值应为数字，如 10，而不是“{args.disagreement}”") from None
        if changes:
            s = replace(s, **changes)
            _run(save_settings, reg, year, s)
            print("已保存评审参数：")
        print(f"  专家满 {s.trim_min_scores} 人时去掉最高、最低分各 {s.trim_each} 个")
        print(f"  标准差（总体）超过 {s.disagreement_sd:g} 分标记意见分歧")
        print(f"  自动分配时每个项目 {s.experts_per_project} 位专家")
    return 0


def run_assign(args: argparse.Namespace) -> int:
    from boostdesk.no_enterprise import FILL, UNCHECKED, unchecked
    from boostdesk.panel.balance import shortfall_lines
    from boostdesk.panel.experts import assign, auto_assign
    from boostdesk.panel.near_conflicts import likely_conflict

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        if args.auto:
            result = _run(auto_assign, reg, year)
            print(f"已新增 {len(result.added)} 项分配")
            for line in result.notes:
                print(f"  {line}")
            for line in shortfall_lines(result.shortfalls, command=True):
                print(f"提示：{line}", file=sys.stderr)
            if result.unchecked:  # a studio with no 所在单位: its experts' 回避 unchecked
                print(f"提示：{result.unchecked}", file=sys.stderr)
            return 0
        if not (args.expert and args.project):
            raise UserError("请用 --auto 自动分配，或用 --expert 姓名 --project 项目 指定一项分配")
        e, app = _expert_and_project(reg, year, args)
        _run(assign, reg, e.id, app.id, near_confirmed=args.confirm_no_conflict)
        print(f"已将项目“{app.title}”分配给专家“{e.name}”")
        if args.confirm_no_conflict and (near := likely_conflict(e.organisation, app)):
            print(f"  经核实无利益冲突（{near.text}），已记入修改记录")
        if unchecked(app):  # assigned on the studio, union and leader alone
            print(f"提示：项目“{app.title}”的{UNCHECKED}（专家“{e.name}”是否来自其所在单位）：{FILL}",
                  file=sys.stderr)
    return 0


def _expert_and_project(reg: Any, year: int, args: argparse.Namespace) -> tuple[Any, Any]:
    """The expert (``--expert`` name) and the project (``--project``) a command names."""
    from boostdesk.panel.experts import expert_by_name

    return _run(expert_by_name, reg, year, args.expert), find_project(reg, year, args.project)


def run_unassign(args: argparse.Namespace) -> int:
    from boostdesk.panel.experts import expert_by_name, expert_projects, unassign_many

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        e = _run(expert_by_name, reg, year, args.expert)
        if args.all:
            ids = expert_projects(reg, e.id)
            if not ids:
                raise UserError(f"专家“{e.name}”没有评审中的项目可取消分配")
        else:  # each once, in the order given
            ids = list(dict.fromkeys(find_project(reg, year, ref).id for ref in args.project))
        done = _run(unassign_many, reg, [(e.id, pid) for pid in ids])
        titles = done.titles.get(e.name, [])
        if len(titles) == 1:
            print(f"已取消专家“{e.name}”对项目“{titles[0]}”的评审")
        else:
            print(f"已取消专家“{e.name}”对 {len(titles)} 个项目的评审："
                  + "、".join(f"“{t}”" for t in titles))
        if done.scores:
            which = "该项目" if len(titles) == 1 else f" {done.scores} 个项目的"
            print(f"  其已提交的{which}评分已撤回，不再计入排名（原评分记入操作记录，登记册已先备份）")
    return 0


def run_correct_score(args: argparse.Namespace) -> int:
    from boostdesk.panel.experts import expert_by_name
    from boostdesk.panel.grid import criteria
    from boostdesk.panel.published_rerank import raised_advice, stale_advice
    from boostdesk.panel.score_correction import correct_scores, correctable, refusal
    from boostdesk.panel.scoring import parse_score

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        e = _run(expert_by_name, reg, year, args.expert)
        app = find_project(reg, year, args.project)
        if problem := refusal(reg, e.id, app.id):
            raise UserError(f"评分未更正：{problem}")
        grid = criteria(reg, year)
        [row] = [r for r in correctable(reg, e.id) if r.project_id == app.id]
        scores: dict[int, int | None] = dict(row.scores_x10)
        if not args.score:
            raise UserError("请用 --score 细则=分数 给出更正的评分（可重复），细则："
                            + "、".join(f"{n}.{c.name}（满分 {c.max_score}）"
                                       for n, c in enumerate(grid, 1)))
        for item in args.score:
            name, sep, value = item.partition("=")
            name = name.strip()
            found = [c for n, c in enumerate(grid, 1) if name in (c.name, str(n))]
            if not sep or not found:
                raise UserError(f"“{item}”应写成 细则=分数，细则为："
                                + "、".join(f"{n}.{c.name}" for n, c in enumerate(grid, 1)))
            try:
                scores[found[0].id or 0] = parse_score(value, found[0])
            except ValueError as exc:
                raise UserError(str(exc)) from None
        done = _run(correct_scores, reg, e.id, app.id, scores, args.reason)
        print(f"已更正专家“{e.name}”对项目“{app.title}”的评分：{done.changed}；"
              f"理由：{' '.join(args.reason.split())}（原评分记入修改记录）")
        if done.stale:
            _said("更正后已公示的排名与现在的排名不同：", done.stale, stale_advice())
        elif done.raised:
            _said("更正后按现有排名，已公示项目可调高档次：", done.raised, raised_advice())
        else:
            print("更正后公示项目的档次没有变化")
    return 0


def run_conflict(args: argparse.Namespace) -> int:
    from boostdesk.panel.experts import declare_conflict, withdraw_conflict

    with open_register(args) as reg:
        e, app = _expert_and_project(reg, register_year(reg, args.year), args)
        if args.withdraw:
            _run(withdraw_conflict, reg, e.id, app.id, args.reason)
            print(f"已撤回专家“{e.name}”对项目“{app.title}”的回避登记：{args.reason}")
            if not reg.scalar("SELECT 1 FROM assignments WHERE expert_id = ? AND project_id = ?",
                              (e.id, app.id)):  # the conflict took the assignment (and score)
                print(f"  该专家现未分配此项目：仍请其评审的，用 boostdesk panel assign --expert {e.name}"
                      f" --project {app.title} 重新分配后再评分（登记回避时撤回的评分不恢复，见修改记录）")
            return 0
        withdrawn = _run(declare_conflict, reg, e.id, app.id, args.reason)
        print(f"已登记专家“{e.name}”回避项目“{app.title}”：{args.reason}")
        if withdrawn:
            print("  其已提交的该项目评分已撤回，不再计入排名（原评分记入操作记录，登记册已先备份）")
        if stale := _stale_after(reg, register_year(reg, args.year)):
            print(stale)
    return 0


def _stale_after(reg: Any, year: int) -> str:
    """What a score that stopped counting did to the published list, or ""."""
    from boostdesk.panel.ranking import rank

    if not reg.scalar("SELECT COUNT(*) FROM proposals WHERE campaign_id = ?"
                      " AND period_id IS NOT NULL", (reg.campaign_id(year),)):
        return ""  # nothing published: the ranking says the rest
    stale = rank(reg, year).stale
    return ("  已公示的排名因此与按现有评分的排名不同：" + "；".join(stale)
            + "（详见 boostdesk rank；公示名单不会自动改变）") if stale else ""


def run_withdraw_application(args: argparse.Namespace) -> int:
    """``panel.withdrawal.withdraw_application``, as 改变状态's 撤回申报 makes it."""
    from boostdesk.app_refs import NoSuchApplication, find_application, stream_and_id
    from boostdesk.models.records import PROJECT, id_ref
    from boostdesk.panel.withdrawal import withdraw_application
    from boostdesk.validate import ValidationError

    on = _day(args.date, "来函日期（--date）")
    with open_register(args) as reg:
        # read as print, audit and pay read it: a bare 26 of both streams is asked about,
        # never taken for 项目26
        try:
            stream, app_id = find_application(reg, args.ref)
        except ValidationError as exc:
            if stream_and_id(args.ref) is not None or not isinstance(exc, NoSuchApplication):
                raise UserError(exc.message) from None
            # a fragment of a project's title, as the 补录名单 names one
            stream = PROJECT
            app_id = find_project(reg, register_year(reg, args.year), args.ref).id or 0
        app = _run(reg.application, stream, app_id)  # none such: said by the register
        by = args.by.strip() or app.unit_name
        if args.undo:
            return _restore_application(reg, stream, app_id, app.title, on, by, args.reason)
        done = _run(withdraw_application, reg, stream, app_id, on, by, args.reason)
        print(f"已登记{id_ref(stream, app_id)}“{app.title}”推荐单位撤回（{by} {on.isoformat()} "
              f"来函），现为“{done.status_zh}”"
              + (f"；删除未拨付的应拨款项 {done.payments_deleted} 笔（记入修改记录）"
                 if done.payments_deleted else ""))
        if done.place:
            print(done.place)
    return 0


def _restore_application(reg: Any, stream: str, app_id: int, title: str, on: Any, by: str,
                         reason: str) -> int:
    """``withdraw --undo``: ``panel.withdrawal_restore.restore_application``, as 改变状态's
    恢复申报 makes it."""
    from boostdesk.models.records import id_ref
    from boostdesk.money import format_money
    from boostdesk.panel.withdrawal_restore import RESTORED_ZH, restore_application

    done = _run(restore_application, reg, stream, app_id, on, by, reason)
    print(f"已登记{id_ref(stream, app_id)}“{title}”{RESTORED_ZH}（{by} {on.isoformat()} 来函），"
          f"现为“{done.status_zh}”"
          + (f"；恢复未拨付的应拨款项 {done.payments_restored} 笔，共 {format_money(done.owed_fen)}"
             if done.payments_restored else ""))
    return 0


def run_qualify(args: argparse.Namespace) -> int:
    from boostdesk.panel.qualification import LATE_HOW_CLI, decide

    if len(args.project) > 1:
        return _qualify_many(args)
    if args.on_time_only and not args.passed:
        raise UserError("--on-time-only 只用于 --pass")
    on = _day(args.date, "资格审核日期（--date）") if args.date else None
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        app = find_project(reg, year, args.project[0])
        if args.on_time_only and _late_left(reg, [app]) == [app]:
            return 0
        if args.passed:
            _near_asked(reg, [app.id or 0], args.yes)
        _run(decide, reg, app.id, bool(args.passed), args.reason, on,
             late_reason=args.late_reason, late_how=LATE_HOW_CLI)
        # a refusal without --reason takes the findings as its reason: say which
        reason = reg.project(app.id or 0).status_reason
        print(f"项目“{app.title}”资格审核{'通过' if args.passed else '不通过'}"
              + (f"（{on.isoformat()}）" if on else "") + (f"：{reason}" if reason else ""))
    return 0


def _near_closing(reg: Any, year: int, confirmed: bool) -> None:
    """结束公示 approves: projects with an uncleared near-copy 提示 named, refused until
    --yes, as 公示's 结束公示 asks (near_copy_notes)."""
    from boostdesk.models.records import PROJECT
    from boostdesk.near_copy_notes import near_notes
    from boostdesk.panel.publicity import approving_at_close

    if not confirmed and (note := near_notes(reg, PROJECT, approving_at_close(reg, year),
                                             "approved")):
        raise UserError(f"{note}。\n结束公示即核准这些项目：核对后仍要结束公示，请加 --yes 重新运行；"
                        "未作改动")


def _near_asked(reg: Any, ids: list[int], confirmed: bool) -> None:
    """A pass of projects with an uncleared near-copy 提示 refused until --yes, as
    `review decide` (near_copy_notes)."""
    from boostdesk.models.records import PROJECT
    from boostdesk.near_copy_notes import near_notes

    if not confirmed and (note := near_notes(reg, PROJECT, ids, "qualified")):
        raise UserError(f"{note}。核对后仍要通过，请加 --yes 重新运行；未作改动")


def _late_left(reg: Any, apps: list[Any]) -> list[Any]:
    """--on-time-only: the late projects a pass would accept, said and left as they are."""
    from boostdesk.models.records import PROJECT
    from boostdesk.rules.late_papers import named, to_accept

    late = to_accept(reg, PROJECT, [a.id or 0 for a in apps], "qualified")
    if late:
        print(f"逾期报送的 {len(late)} 项未审核，留待逐项决定是否受理：{named(PROJECT, late)}")
    if len(late) == len(apps):
        print("所列项目均逾期报送，没有按期报送的可通过")
    return [a for a in apps if a.id in late]


def _qualify_many(args: argparse.Namespace) -> int:
    """Several projects passed in one decision (``qualification.pass_many``, as the
    window's 资格审核 passes those selected): all or none, backed up first; a batch with
    one having findings or missing materials refused naming them. 不通过 stays one at a
    time (its reason is the project's own)."""
    from boostdesk.models.records import PROJECT, id_ref
    from boostdesk.panel.qualification import (
        LATE_HOW_CLI,
        ONE_BY_ONE_CLI,
        PanelError,
        pass_many,
    )
    from boostdesk.rules.late_papers import named as late_named
    from boostdesk.rules.late_papers import to_accept

    if not args.passed:
        raise UserError("不通过一次只审核一个项目（理由各不相同），请逐项运行 panel qualify REF --refuse")
    on = _day(args.date, "资格审核日期（--date）") if args.date else None
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        apps = list({a.id: a for a in (find_project(reg, year, ref) for ref in args.project)}
                    .values())
        if args.on_time_only:
            left = {a.id for a in _late_left(reg, apps)}
            apps = [a for a in apps if a.id not in left]
            if not apps:
                return 0
        _near_asked(reg, [a.id or 0 for a in apps], args.yes)
        accepted = to_accept(reg, PROJECT, [a.id or 0 for a in apps], "qualified")
        try:
            changed = pass_many(reg, [a.id or 0 for a in apps], args.reason, on=on,
                                late_reason=args.late_reason or "",
                                one_by_one=ONE_BY_ONE_CLI,  # the command's way
                                late_how=LATE_HOW_CLI)
        except PanelError as exc:
            raise UserError(str(exc)) from None
        named = "、".join(f"{id_ref(PROJECT, a.id or 0)}“{a.title}”" for a in apps)
        print(f"{len(apps)} 项资格审核通过（一次决定{'，' + on.isoformat() if on else ''}）：{named}"
              + (f"；理由：{args.reason.strip()}" if args.reason.strip() else "")
              + ("" if changed == len(apps) else f"（其中 {len(apps) - changed} 项原已通过，未改动）"))
        if accepted:
            print(f"其中逾期报送、同意受理的 {len(accepted)} 项：{late_named(PROJECT, accepted)}；"
                  f"理由：{(args.late_reason or '').strip()}")
    return 0


def _tier_amount(c: Any, given: str) -> int | None:
    """`override --tier`: none, a tier by its name as 设置 has it (8万元, 8万元档), or an
    amount in 元 (80000) or 万 (8万); None for no award."""
    from boostdesk.models.campaign import tier_label
    from boostdesk.validate import parse_amount_fen

    text = given.strip()
    if text.lower() in ("none", "无", "0", "不予助推"):
        return None
    for t in c.tiers:
        if text in (t.name, tier_label(t.name)):
            return int(t.amount_fen)
    try:
        return parse_amount_fen(text.removesuffix("档"))
    except ValueError:
        names = "、".join(dict.fromkeys(t.name for t in c.tiers))
        raise UserError(f"档次应为本年度的档次名称（{names}）或金额（元），如 80000 或 8万，"
                        f"而不是“{given}”") from None


def run_override(args: argparse.Namespace) -> int:
    from boostdesk.panel.tier_overrides import clear_override, set_override
    from boostdesk.panel.tier_places import tier_name

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        app = find_project(reg, year, args.project)
        if args.clear:
            changes = _run(clear_override, reg, app.id)
            print(f"已取消项目“{app.title}”的人工调整")
            _print_changes(changes)
            return 0
        if args.tier is None:
            raise UserError("请用 --tier 给出档次名称或金额（如 8万元 或 80000），或 --tier none 表示不予助推")
        amount = _tier_amount(reg.campaign(year), args.tier)
        changes = _run(set_override, reg, app.id, amount, args.reason)
        # the tier by its name, as the changes below and rank name it (10万元档)
        print(f"已将项目“{app.title}”人工调整为"
              f"{'不予助推' if amount is None else tier_name(reg.campaign(year), amount)}"
              f"：{args.reason}")
        _print_changes(changes)
        from boostdesk.panel.ranking import rank

        for note in rank(reg, year).row(app.id or 0).notes:
            if note.startswith("注意：人工调整列入"):  # whom it passes over, as 汇总表 says
                print(note)
    return 0


def run_keep_tier(args: argparse.Namespace) -> int:
    from boostdesk.panel.tier_overrides import keep_published_tier
    from boostdesk.panel.tier_places import tier_name

    if args.withdraw:
        return _undo_keep_tier(args)
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        app = find_project(reg, year, args.project)
        kept = _run(keep_published_tier, reg, app.id, args.reason)
        c = reg.campaign(year)
        print(f"已登记：项目“{app.title}”维持公示档次（{tier_name(c, kept.published_fen)}，"
              f"按现有排名可列入{tier_name(c, kept.ranked_fen)}）：{kept.reason}")
    return 0


def _undo_keep_tier(args: argparse.Namespace) -> int:
    """`panel keep-tier REF --withdraw --reason 理由`: the decision withdrawn, then the
    tiers with a place open as the close would say them (who is next in line again)."""
    from boostdesk.panel.freed_places import open_place_lines
    from boostdesk.panel.ranking import rank
    from boostdesk.panel.tier_overrides import undo_kept_tier

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        app = find_project(reg, year, args.project)
        kept = _run(undo_kept_tier, reg, app.id, args.reason)
        print(f"已撤销：项目“{app.title}”{kept.said}（撤销理由：{args.reason.strip()}）")
        for line in open_place_lines(reg.campaign(year), rank(reg, year)):
            print(f"名额未满：{line}")
    return 0


def run_record_past(args: argparse.Namespace) -> int:
    from boostdesk.models.campaign import LEVEL_ZH
    from boostdesk.money import format_money, yuan
    from boostdesk.panel.past import record_past_award

    if args.withdraw:
        return _withdraw_past(args)
    if args.patents:
        return _record_past_patents(args)
    if args.list_file:
        return _record_past_list(args)
    if args.accepted_file:
        return _accept_past_list(args)
    if not args.project:
        raise UserError("请给出项目（登记号或名称），或用 --list 给出一年的补录名单")
    if args.tier is None:
        raise UserError("请用 --tier 给出核准的档次金额（元），如 --tier 50000")
    try:
        amount = yuan(args.tier.replace(",", "").replace("元", ""))
    except ValueError:
        raise UserError(f"档次应为金额（元），如 50000，而不是“{args.tier}”") from None
    on = _day(args.date, "核准日期（--date）")
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        app = find_project(reg, year, args.project)
        done = _run(record_past_award, reg, app.id, amount, on, args.note)
        level = f"，{LEVEL_ZH.get(done.level or '', done.level)}" if done.level else ""
        print(f"已补录 {year} 年度项目“{done.title}”（{app.studio_name}）：核准 "
              f"{format_money(amount)}{level}，核准日期 {on.isoformat()}（历史补录）")
        for line in done.notes:
            print(f"  提示：{line}")
        print(f"拨付：boostdesk pay list --year {year} 列出款项编号，pay mark 编号 … --date 实际拨付日期 "
              "--voucher 凭证号；结题验收：pay accept 项目 --date 验收日期")
    return 0


def _record_past_list(args: argparse.Namespace) -> int:
    """`panel record-past --list FILE`: a past year's list (CSV or workbook), all or nothing."""
    from boostdesk.money import format_money
    from boostdesk.panel.past_list import read_past_list
    from boostdesk.panel.past_settle import record_history_list, settled_text

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        lines = _run(read_past_list, reg, year, Path(args.list_file))
        done, settled = _run(record_history_list, reg, lines)
        total = sum(x.amount_fen for x in done)
        print(f"已补录 {year} 年度 {len(done)} 项核准助推，合计 {format_money(total)}（历史补录）"
              + (f"；其中 {settled_text(settled)}" if settled else ""))
        for x in done:
            for line in x.notes:
                print(f"  提示：“{x.title}”：{line}")
        unpaid = len(done) - len(settled)
        if unpaid:
            print(f"未填验收日期和首笔拨付日期的 {unpaid} 项：拨付 boostdesk pay list --year {year}，"
                  "pay mark 编号 … --date 实际拨付日期 --voucher 凭证号；或用 --accepted 验收名单按往年已结题登记")
        if any(x.status == "paid_first" for x in settled):
            print("首笔已按往年拨付记的，验收后：--accepted 验收名单按往年已结题登记（尾款按往年已拨付记），"
                  "或 pay accept 项目 --date 验收日期（尾款待拨付）")
        print(f"该年度补录完毕后，其余项目可结年：boostdesk panel close-year --year {year}")
    return 0


def _record_past_patents(args: argparse.Namespace) -> int:
    """`panel record-past --patents --list FILE`: an earlier year's patent awards, all or none."""
    from boostdesk.panel.past_patents import (
        PATENT_COLUMNS,
        read_patent_list,
        record_past_patents,
        recorded_text,
    )

    if not args.list_file or args.project or args.accepted_file:
        raise UserError(f"往年专利用 --patents --list 名单 补录（每行：{PATENT_COLUMNS}）")
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        lines = _run(read_patent_list, reg, year, Path(args.list_file))
        done = _run(record_past_patents, reg, lines)
        print(recorded_text(year, done))
        owed = sum(1 for x in done if x.paid_on is None)
        if owed:
            print(f"未填拨付日期的 {owed} 项按核准待拨付：boostdesk pay list --year {year}，"
                  "pay mark 编号 … --date 实际拨付日期 --voucher 凭证号")
        print(f"该年度补录完毕后，其余专利可结年：boostdesk panel close-year --year {year} --patents")
    return 0


def _accept_past_list(args: argparse.Namespace) -> int:
    """`panel record-past --accepted FILE`: acceptances of recorded past awards, all or none."""
    from boostdesk.panel.past_list import read_acceptance_list
    from boostdesk.panel.past_settle import accept_past_list, settled_text

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        lines = _run(read_acceptance_list, reg, year, Path(args.accepted_file))
        done = _run(accept_past_list, reg, lines)
        print(f"已登记 {year} 年度 {len(done)} 项补录项目的结题验收：{settled_text(done)}")
    return 0


def _withdraw_past(args: argparse.Namespace) -> int:
    from boostdesk.panel.past import returned_count, withdraw_past_award

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        app = find_project(reg, year, args.project)
        returned = returned_count(reg, app.id)
        _run(withdraw_past_award, reg, app.id, args.reason)
        back = f"已汇出的 {returned} 笔均被银行退回，不再重拨；" if returned else ""
        print(f"已撤销补录：{year} 年度项目“{app.title}”现为“未获助推”（{args.reason.strip()}）；"
              f"{back}可用 panel record-past 重新补录")
    return 0


def _add_close_year(psub: Any) -> None:
    """`panel close-year`: an earlier year's papers left without a result closed."""
    from boostdesk.models.records import PATENT, PROJECT
    from boostdesk.models.workflow import SEASON_CLOSED_ZH
    from boostdesk.panel.past_close import CLOSE_REASON

    p = psub.add_parser(
        "close-year", help="结年：此前年度尚未结论的项目记为“未获助推”（专利加 --patents）",
        description="此前年度（不是登记册中最新的年度）结年：该年度仍为“已登记”、"
                    "“资格审核通过”或“专家评审”的项目记为“未获助推”，加 --patents 时该年度尚未核准的"
                    "专利记为“资格审核不通过”。在登记册中评审过的年度（有专家分配、拟助推名单、公示或"
                    f"核准），理由为“{SEASON_CLOSED_ZH[PROJECT]}”“{SEASON_CLOSED_ZH[PATENT]}”并注明"
                    "结年时所处阶段，统计中单列、不计为资格审核不通过；补录的往年，理由为"
                    f"“{CLOSE_REASON}”。先备份登记册，一次保存，记入修改记录。不加 --yes 只列出将结年的"
                    "数目，不改动。结年错了的：--reopen --reason 理由 --yes 撤销结年（每项回到结年前的"
                    "状态和理由）",
        epilog="例：boostdesk panel record-past --year 2015 --list 2015.csv，然后 boostdesk panel "
               "close-year --year 2015 查看数目，再 boostdesk panel close-year --year 2015 --yes")
    _common(p)
    p.add_argument("--patents", action="store_true",
                   help="同时结该年度尚未核准的专利（补录的往年请先补录该年度的专利核准："
                        "boostdesk panel record-past --patents --year 年度 --list 名单）")
    p.add_argument("--yes", action="store_true", help="确认结年或撤销结年（不加时只列出数目）")
    p.add_argument("--reopen", action="store_true",
                   help="撤销结年（须加 --reason）：结年改动的每项回到结年前的状态和理由")
    p.add_argument("--reason", default="", metavar="理由", help="--reopen：撤销结年的理由（必填）")
    p.set_defaults(func=run_close_year)


def run_close_year(args: argparse.Namespace) -> int:
    from boostdesk.panel.past_close import close_year, closed_by_close, reopen_year, year_to_close

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        if args.reopen:
            if not args.reason.strip():
                raise UserError("撤销结年须写明理由：--reopen --reason 理由（记入状态记录和修改记录）")
            back = closed_by_close(reg, year)
            if not back.projects and not back.patents:
                print(f"{year} 年度没有结年时改动、现仍为结年结果的项目或专利：无需撤销结年")
                return 0
            if not args.yes:
                print(f"撤销 {year} 年度结年将使{back.summary}（未改动）；确认请加 --yes 重新运行")
                return 0
            done = _run(reopen_year, reg, year, args.reason)
            print(f"已撤销 {year} 年度结年：{done.summary}；"
                  f"之后可补录往年结果（panel record-past --year {year}）再结年")
            return 0
        todo = _run(year_to_close, reg, year, patents=args.patents)
        if not todo.projects and not todo.patents:
            print(f"{year} 年度没有尚未结论的{'项目或专利' if args.patents else '项目'}：无需结年")
            return 0
        what = (f"{year} 年度{todo.projects_text}"
                + (f"；{todo.patents_text}" if args.patents else ""))
        if args.patents and not todo.patents_approved:
            print(f"注意：{year} 年度还没有核准的专利，结年将把该年度全部 {len(todo.patents)} 项专利"
                  "记为“资格审核不通过”；往年已获助推的专利请先补录核准："
                  f"boostdesk panel record-past --patents --year {year} --list 名单")
        if not args.yes:
            print(f"将把 {what}（未改动）；确认请加 --yes 重新运行")
            return 0
        _run(close_year, reg, year, patents=args.patents)
        print(f"已结年：{what}；撤销：boostdesk panel close-year --year {year} --reopen"
              " --reason 理由 --yes")
    return 0


def _print_changes(changes: list[Any]) -> None:
    """The other projects whose proposed tier moved with an override (TierChange)."""
    if not changes:
        print("其他项目的拟助推档次不变")
        return
    print(f"因此调整，以下 {len(changes)} 个项目的拟助推档次随之改变：")
    for change in changes:
        print(f"  {change.text}")


def run_adopt(args: argparse.Namespace) -> int:
    from boostdesk.money import format_money
    from boostdesk.panel.adopt_proposal import adopt

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        on = _day(args.date, "采纳日期（--date）") if args.date else date.today()
        ranking = _run(adopt, reg, year, args.short_reason, tie_reason=args.tie_reason,
                       over_request_reason=args.over_request_reason,
                       against_plan_reason=args.against_plan_reason, adopted_on=on,
                       merge_unpublished=args.yes)
        chosen = [r for r in ranking.candidates() if r.amount_fen]
        print(f"已采纳 {year} 年度拟助推名单（采纳日期 {on.isoformat()}）：{len(chosen)} 项拟助推，"
              f"{len(ranking.candidates()) - len(chosen)} 项未获助推")
        if short := [r for r in ranking.candidates() if r.short]:
            from boostdesk.panel.adopt_reasons import adopt_reasons

            given = args.short_reason.strip()
            why: dict[str, int] = {}
            for a in adopt_reasons(reg, [r.project_id for r in short]).values():
                why[a.short_reason] = why.get(a.short_reason, 0) + 1
            for reason, n in why.items():
                print(f"评审专家不足的 {n} 项按现有评分采纳：{reason}"
                      + ("" if reason == given else "（沿用此前采纳时的决定，未再询问）"))
        if ties := [r for r in ranking.candidates() if r.cutoff_tie]:
            print(f"档次分界处同分、按材料报送日期或申报登记编号确定的 {len(ties)} 项："
                  f"{args.tie_reason.strip()}")
        if over := [r for r in ranking.candidates() if r.over_request and r.override is None]:
            print(f"拟助推金额超过申请金额的 {len(over)} 项按排名档次助推："
                  f"{args.over_request_reason.strip()}")
        if against := [r for r in ranking.candidates() if r.against_plan]:
            # every one, awarded or not: the office passed them against the plan
            print(f"不符合方案条件、经资格审核通过的 {len(against)} 项：")
            for r in against:
                tier = format_money(r.amount_fen) if r.amount_fen else "未获助推"
                print(f"  “{r.ref}”（{tier}）：{r.against_plan.removeprefix('注意：')}")
            if any(r.amount_fen and r.override is None for r in against):
                print(f"  经研究列入拟助推档次：{args.against_plan_reason.strip()}")
        if ranking.undecided:
            print(ranking.undecided_note)
    return 0


def run_withdraw(args: argparse.Namespace) -> int:
    from boostdesk.panel.adopt_proposal import withdraw

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        _run(withdraw, reg, year, args.reason, how="：boostdesk panel withdraw --reason 理由")
        print(f"已撤回 {year} 年度拟助推名单，相关项目回到专家评审；理由：{' '.join(args.reason.split())}")
    return 0


# -- rank -------------------------------------------------------------------------------
def run_rank(args: argparse.Namespace) -> int:
    from boostdesk.campaign_settings import QUOTA_SHORT
    from boostdesk.money import format_money
    from boostdesk.panel.adopt_proposal import conflict_advice
    from boostdesk.panel.grid import settings
    from boostdesk.panel.over_request import tier_marks
    from boostdesk.panel.published_rerank import raised_advice, stale_advice
    from boostdesk.panel.ranking import rank
    from boostdesk.panel.ranking_rows import AWARD_CONFLICT_ADVICE
    from boostdesk.panel.scoring import format_points
    from boostdesk.panel.tie_break import TIE_RULE_OWN, tie_break_rule
    from boostdesk.rules.passed_against import MARK

    with open_register(args) as reg:
        year = register_year(reg, args.year)
        ranking = _run(rank, reg, year)
        if args.json:
            print(json.dumps([r.to_dict() for r in ranking.rows], ensure_ascii=False, indent=1))
            return 0
        print(f"{reg.campaign(year).title}：专家评审排名与拟助推档次")
        level = None
        for r in ranking.rows:
            if r.level != level:
                level = r.level
                print(f"\n【{r.level_zh}】")
            score = format_points(r.score) if r.score is not None else "—"
            flag = "（意见分歧）" if r.panel and r.panel.disagreement else ""
            # the window's tags: （人工）（超申请）（不符合方案）
            tier = (format_money(r.amount_fen) if r.amount_fen else "—") + tier_marks(r)
            place = f"第{r.rank}名" if r.rank else "    "
            print(f"{place} {score}{flag} {tier} {r.ref}（{r.studio}）")
            print(f"      {r.full_reason}")
        print("\n名额：" + "；".join(
            f"{q.tier.name} {q.used}/{q.tier.quota}（已有 {q.held}，本次 {q.proposed}）"
            for q in ranking.quotas) + f"（{QUOTA_SHORT}）")
        # what adopting asks, while not answered by the adoption standing
        open_rows = [r for r in ranking.candidates() if not r.decided]
        if over := [r for r in open_rows if r.over_request and r.override is None]:
            print(f"拟助推金额超过申请金额的 {len(over)} 项：采纳时须写明理由"
                  "（--over-request-reason），或人工调整档次")
        if against := [r for r in ranking.candidates() if r.against_plan]:
            awarded = sum(1 for r in against if r.amount_fen and r.override is None
                          and not r.decided)
            print(f"不符合方案条件、经资格审核通过的 {len(against)} 项（档次注“{MARK}”）"
                  + (f"，其中列入拟助推档次 {awarded} 项：采纳时须写明理由"
                     "（--against-plan-reason），或人工调整档次" if awarded else ""))
        if ties := [r for r in open_rows if r.cutoff_tie]:
            print(f"档次分界处同分、仅按材料报送日期或申报登记编号排定的 {len(ties)} 项："
                  "采纳时须写明理由（--tie-reason），或人工调整档次")
        waiting = [r for r in ranking.candidates() if r.incomplete and r.override is None]
        if waiting:
            print(f"评分未齐的项目 {len(waiting)} 项：采纳拟助推名单前须交齐评分"
                  "（或取消、更换未交专家的分配）")
        for same in ranking.same_sheets:  # one expert's numbers counted twice
            print(f"注意：{same.text}")
        # only those something is left to do about (an award decided on is settled)
        _print_conflicts(ranking.conflicts_to_rank(), conflict_advice())
        if on_awards := ranking.conflicts_on_awards():
            print(f"已采纳的助推计入了存在利益冲突的评分 {len(on_awards)} 个：")
            for k in on_awards:
                print(f"  {k.text}")
            print(AWARD_CONFLICT_ADVICE)
        if ranking.stale:
            _said(f"\n已公示的排名与现在的排名不同（{ranking.stale_cause}）：", ranking.stale,
                  stale_advice())
        if ranking.raised:
            _said("\n已公示项目按现有排名可列入较高档次（其上有名额空出）：", ranking.raised,
                  raised_advice())
        if ranking.undecided:
            print(ranking.undecided_note)
        print(f"同分规则：{tie_break_rule(settings(reg, year), reg.campaign(year).tie_break_steps)}"
              f"{TIE_RULE_OWN}")
    return 0


# -- publicity --------------------------------------------------------------------------
def run_publicity(args: argparse.Namespace) -> int:
    from boostdesk.models.workflow import STATUS_ZH
    from boostdesk.panel import publicity as pub
    from boostdesk.panel.freed_places import freed_place_notice, open_place_lines, waiting
    from boostdesk.panel.ranking import rank

    _list_file(args.xlsx, ".xlsx", "--xlsx")  # before the register is opened
    _list_file(args.pdf, ".pdf", "--pdf")
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        if args.action == "list":
            return _publicity_list(reg, year, args)
        if args.action == "start":
            start = _day(args.start, "公示开始日期（--from）")
            end = _day(args.end, "公示结束日期（--to）") if args.end else None
            p = _run(pub.start_publicity, reg, year, start, end)
            count = len(pub.publicity_rows(reg, year, period_id=p.id))
            print(f"已开始公示：{p.label}，共 {count} 项")
            return 0
        if args.action == "object":
            if not args.target:
                raise UserError("请给出被提出异议的项目（登记号或名称）")
            app = find_project(reg, year, args.target)
            oid = _run(pub.record_objection, reg, app.id, _day(args.date, "收到日期（--date）"),
                       args.by, args.content, args.again)
            held = ("；公示已结束、项目已核准，异议处理前暂缓拨付"
                    if reg.project(app.id).status == "approved" else "")
            print(f"已登记对项目“{app.title}”的异议（编号 {oid}）{held}；"
                  f"处理请用 publicity resolve {oid}")
            return 0
        if args.action == "resolve":
            if not args.target or not args.target.isdecimal():
                raise UserError("请给出异议编号，如 boostdesk publicity resolve 3 --dismissed --note …")
            if args.in_error:
                project_id, resolution = (reg.query(
                    "SELECT project_id, resolution FROM objections WHERE id = ?",
                    (int(args.target),)) or [{"project_id": None, "resolution": None}])[0].values()
                # an upheld one too, while its freed place is not re-adopted: the award back
                status = _run(pub.withdraw_entered_in_error, reg, int(args.target),
                              _note_or_reason(args))
                app = reg.project(project_id)
                also = "（连同其“异议成立”的处理）" if resolution == pub.UPHELD else ""
                print(f"已撤销误登记的异议 {args.target}{also}；项目“{app.title}”现为“{status}”"
                      + (f"（{app.approved_date.isoformat()} 核准）" if app.status == "approved"
                         and app.approved_date else ""))
                return 0
            if args.correct_to:
                return _correct_objection(reg, year, int(args.target), args)
            if not (args.upheld or args.dismissed):
                raise UserError("请用 --upheld（异议成立）或 --dismissed（异议不成立）给出结论"
                                "（误登记的用 --entered-in-error）")
            on = _day(args.date, "处理日期（--date）") if args.date else date.today()
            project_id = reg.scalar("SELECT project_id FROM objections WHERE id = ?",
                                    (int(args.target),))
            was = reg.project(project_id).status if project_id else None
            before = waiting(rank(reg, year)) if args.upheld else None
            _run(pub.resolve_objection, reg, int(args.target), args.upheld,
                 _note_or_reason(args), on)
            app = reg.project(project_id)
            upheld = "异议成立，撤销核准，项目不予助推" if was == "approved" else "异议成立，项目不予助推"
            print(f"已处理异议 {args.target}：{upheld if args.upheld else '异议不成立'}"
                  f"；项目“{app.title}”现为“{STATUS_ZH.get(app.status, app.status)}”"
                  + (f"（{app.approved_date.isoformat()} 核准）" if app.status == "approved"
                     and app.approved_date else ""))
            if args.upheld and (freed := freed_place_notice(reg, year, project_id, before,
                                                             ADOPT_HINT)):
                print(freed)
            return 0
        if args.action == "review":
            return _review(reg, year, args)
        on = _day(args.date, "结束日期（--date）") if args.date else date.today()
        _near_closing(reg, year, args.yes)
        result = _run(pub.close_publicity, reg, year, on)
        print(f"公示已结束（{on.isoformat()}）：{len(result.approved)} 项核准助推")
        for title in result.pending:
            print(f"  异议待处理，暂不核准：{title}")
        for line in open_place_lines(reg.campaign(year), rank(reg, year)):
            print(f"  名额未满：{line}")
    return 0


def _note_or_reason(args: argparse.Namespace) -> str:
    """The office's words on a resolve or review: --note, or --reason, as the usage line
    offers it (only resolve --correct-to has a reason of its own); both, differing, refused."""
    note, reason = args.note.strip(), args.reason.strip()
    if note and reason and note != reason:
        raise UserError("--note 和 --reason 在此都是处理意见，请只写一处（--note）")
    return note or reason


def _review(reg: Any, year: int, args: argparse.Namespace) -> int:
    """`publicity review REF --revoke|--keep --note 理由`: the office's decision on an
    approved award the ranking now places otherwise."""
    from boostdesk.panel import publicity as pub
    from boostdesk.panel.freed_places import freed_place_notice, waiting
    from boostdesk.panel.ranking import rank

    if not args.target:
        raise UserError("请给出复核的项目（登记号或名称）")
    if not (args.revoke or args.keep):
        raise UserError("请用 --revoke（撤销核准）或 --keep（维持核准）给出复核结论，--note 写理由")
    app = find_project(reg, year, args.target)
    before = waiting(rank(reg, year)) if args.revoke else None
    args.note = _note_or_reason(args)
    stale = _run(pub.settle_rerank, reg, app.id, args.revoke, args.note)
    print(f"已复核项目“{app.title}”（{stale}）："
          + ("撤销核准，项目不予助推" if args.revoke else "维持核准") + f"；理由：{args.note.strip()}")
    if args.revoke and (freed := freed_place_notice(reg, year, app.id, before, ADOPT_HINT)):
        print(freed)
    return 0


ADOPT_HINT = "请在“排名与档次”中重新采纳（panel adopt），再另批公示"


def _list_file(text: str | None, suffix: str, option: str) -> None:
    """``--xlsx`` / ``--pdf`` checked as every export's ``--out`` is: `--xlsx x.db` (the
    register's own name, typed where ``--db`` was meant) wrote the list over the register."""
    if not text:
        return
    out = Path(text)
    if out.suffix.lower() != suffix:
        raise UserError(f"{option} 的文件名应以 {suffix} 结尾：{out}；未导出")
    if not out.absolute().parent.is_dir():
        raise UserError(f"无法写入 {out}：文件夹 {out.absolute().parent} 不存在；未导出")


def _publicity_list(reg: Any, year: int, args: argparse.Namespace) -> int:
    from boostdesk.money import format_yuan_column, yuan_json
    from boostdesk.panel.publicity import periods, publicity_rows, tally
    from boostdesk.panel.publicity_docs import export_publicity, publicity_list
    from boostdesk.printing import print_log

    period_id = None
    if args.batch is not None:
        batches = periods(reg, year)
        if not 1 <= args.batch <= len(batches):
            raise UserError(f"{year} 年度没有第 {args.batch} 批公示（共 {len(batches)} 批）")
        period_id = batches[args.batch - 1].id
    doc = _run(publicity_list, reg, year, period_id)
    # the posted list leaves out the upheld; the office's listing keeps them and why
    rows = (publicity_rows(reg, year, period_id=doc.period.id) if doc.period else doc.rows)
    recorded = True
    if args.xlsx:
        _pages, recorded = _run(export_publicity, reg, year, Path(args.xlsx), "xlsx", period_id)
        print(f"已导出公示名单：{args.xlsx}")
    if args.pdf:
        was = print_log.first_printed(reg, [print_log.publicity_key(doc)] if doc.period else [])
        pages, noted = _run(export_publicity, reg, year, Path(args.pdf), "pdf", period_id)
        recorded = recorded and noted
        print(f"已导出公示名单 PDF（{pages} 页）：{args.pdf}")
        for day in was.values():
            print(f"注意：这批公示名单此前已打印过，页脚注明“{print_log.reprint_mark(day)}”")
    if not recorded:
        print(f"注意：{print_log.UNRECORDED}")
    if args.json:
        print(json.dumps({
            "title": doc.title, "period": doc.period_line,
            "rows": [{"ref": r.title, "studio": r.studio, "level": r.level_zh,
                      "tier": yuan_json(r.amount_fen), "tier_fen": r.amount_fen, "state": r.state,
                      "objections": [{"id": o.id, "received": o.received.isoformat(),
                                      "objector": o.objector, "content": o.content,
                                      "resolution": o.resolution_zh, "note": o.note}
                                     for o in r.objections]}
                     for r in rows],
        }, ensure_ascii=False, indent=1))
    elif not (args.xlsx or args.pdf):
        print(doc.title)
        print(doc.period_line)
        # one form for the column and its total, as on the posted list
        *amounts, total = format_yuan_column([*(r.amount_fen for r in rows),
                                              sum(r.amount_fen for r in doc.rows)])
        for n, (r, amount) in enumerate(zip(rows, amounts, strict=True), start=1):
            print(f"{n}. {r.title}（{r.studio}，{r.level_zh}）{amount} 元  [{r.state}]")
            for o in r.objections:
                print(f"     异议 {o.id}（{o.received.isoformat()}，{o.objector or '匿名'}）："
                      f"{o.content} —— {o.outcome}")
        # counted and worded as the 公示 screen: what the total leaves out, and why
        print(f"公示 {tally(rows, f'{total} 元')}" if doc.period
              else f"拟助推 {len(rows)} 项，合计 {total} 元；尚未公示")
    return 0


def _said(heading: str, lines: list[str], advice: str) -> None:
    """A heading, its lines indented under it, then what to do (a ranking now differing from
    the published one, as `rank` and `panel correct-score` say it)."""
    print(heading)
    for line in lines:
        print(f"  {line}")
    print(advice)
