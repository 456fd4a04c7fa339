"""`boostdesk erase-person`: 删除个人信息 (PIPL Art. 47), previewed unless --yes (``erase_person``)."""

from __future__ import annotations

import argparse

from boostdesk.cli import add_db_argument, open_register


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "erase-person", help="删除个人信息：申报均未获助推、保存期限已满的人员的身份证号、卡号、电话和姓名",
        description="个人信息保护法第四十七条：处理目的已实现后删除个人信息。只限其申报均为资格审核不通过、"
                    "未获助推、撤回或已删除（从未公示、核准、拨付或撤销助推，没有拨付和追回记录），且各申报"
                    "所属年度结束后已满该年度设置的保存期限（personal_info_retention_years）的人员。"
                    "姓名改为“（已删除个人信息·人员N）”，身份证号、卡号、电话清空，登记册和修改记录中"
                    "含其号码或姓名的文字一律改为该占位名；申报本身（登记号、专利号、名称、结论、日期）保留，"
                    "统计照旧。修改记录改写的行起重新计算校验链，并另记一行（不含个人信息）；修改记录的"
                    "防篡改校验不完整时拒绝。删除前自动备份；删除后整理登记册文件，使旧字节不留在文件中。"
                    "此前的备份和年度归档仍含其个人信息（结果中列出）",
        epilog="例：boostdesk erase-person 110106197811207891 --reason 申报资格审核不通过，保存期限已满"
               "（先看将删除的内容），确认后加 --yes")
    p.add_argument("who", metavar="身份证号或姓名",
                   help="人员的身份证号（或卡号、联系电话、姓名、人员N）；同名者须用身份证号")
    p.add_argument("--reason", required=True, metavar="理由", help="删除的理由，记入修改记录")
    p.add_argument("--yes", action="store_true", help="确认删除（不加时只列出将删除的内容，不作改动）")
    add_db_argument(p)
    p.set_defaults(func=run_erase)


def run_erase(args: argparse.Namespace) -> int:
    from boostdesk import erase_person

    with open_register(args) as reg:
        plan = erase_person.plan(reg, args.who)
        if not args.yes or plan.refusals:
            for line in plan.preview():
                print(line)
            if plan.refusals:
                raise erase_person.EraseRefused("不能删除个人信息：" + "；".join(plan.refusals))
            print("以上为预览，未作任何改动；确认删除请加 --yes")
            return 0
        done = erase_person.erase(reg, args.who, args.reason)
        for line in erase_person.result_lines(done):
            print(line)
    return 0
