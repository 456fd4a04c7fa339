"""`boostdesk archive`: a year's every document in one new folder (``year_archive``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from boostdesk.cli import UserError, add_db_argument, open_register, register_year


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "archive", help="导出年度归档：一个年度的全部文件（PDF、表格）、目录、数据说明和登记册备份",
        description="把一个年度的全部文件导出到一个新文件夹，供存档：专利、项目汇总表，评审汇总表，"
                    "各批公示名单，审批表，各付款单位各批次的拨付清单，年度统计，修改记录（均为 PDF，"
                    "表格另有 xlsx），已发核对意见的存档副本，目录（每个文件的页数、SHA-256 和内容），"
                    "数据说明和此刻的登记册备份。文件名按次序排列（如 2022-01-专利汇总表.pdf）。"
                    "全部生成后才出现该文件夹（中途失败或 Ctrl+C 不留半个文件夹）；记入修改记录",
        epilog="例：boostdesk archive --year 2022 --out D:\\归档\\2022年度归档")
    add_db_argument(p)
    p.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="新建的归档文件夹（不能是已有文件的文件夹；其所在的文件夹须已存在）")
    p.add_argument("--accept-replaced-seal", action="store_true",
                   help="印章图片在选定后被替换时，核对无误后确认采用现在的文件（同 print approval）")
    p.set_defaults(func=run_archive)


def run_archive(args: argparse.Namespace) -> int:
    from boostdesk import year_archive
    from boostdesk.printing.fonts import noting_missing

    from .print_cmds import FEDERATION_SETTING, _seal, _settings_value

    out = Path(args.out)
    year_archive.check_out(out)  # before the register is opened
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        federation = _settings_value(FEDERATION_SETTING)
        args.seal = None  # (print approval's --seal: the archive takes the register's)
        seal, seal_notes = _seal(args, reg.campaign(year).federation, reg)
        from boostdesk.cli_progress import shown

        try:
            with noting_missing() as missed, shown(f"正在导出 {year} 年度归档") as progress:
                progress.say("准备各文件的内容")
                made = year_archive.make_archive(
                    reg, year, out, operator=reg.operator, federation=federation,
                    seal_path=str(seal.image) if seal is not None and seal.image else None,
                    progress=progress, said=progress.say)
        except KeyboardInterrupt:
            raise UserError("已中断，年度归档未生成（没有留下文件夹）") from None
    for line in year_archive.summary_lines(made):
        print(line)
    for line in seal_notes:
        print(f"注意：{line}")
    if missed:
        from boostdesk.printing.fonts import missing_note

        print(f"注意：{missing_note(missed)}")
    return 0
