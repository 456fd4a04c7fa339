"""`boostdesk panel summary`: the 评审汇总表 (``panel.score_summary``) on screen, as JSON,
or written as the PDF to sign or the workbook to check (--out)."""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path
from typing import Any

from boostdesk.cli import UserError, add_db_argument, open_register, register_year, xlsx_out

SUFFIXES = (".pdf", ".xlsx")


def add_parser(psub: Any) -> None:
    p = psub.add_parser(
        "summary", help="评审汇总表：各专家评分、得分、平均分、标准差、排名与档次，回避和评分包交回情况",
        description="按排名顺序（分级别）列出每个项目各位专家的合计分（回避、未交注明，去掉的最高分"
                    "和最低分加括号）、得分、平均分、标准差（总体标准差，同 Excel 的 STDEV.P）、"
                    "排名和档次，其下为回避登记、评分包交回情况和评审组长、专家签字栏；评审中、采纳后、"
                    "公示后都可生成。默认显示在屏幕上",
        epilog="例：boostdesk panel summary --year 2022 --out 2022年度专家评审汇总表.pdf")
    add_db_argument(p)
    p.add_argument("--year", metavar="N", help="年度（默认：登记册中最新的年度）")
    p.add_argument("--out", metavar="FILE.pdf|FILE.xlsx",
                   help="写成 .pdf（A4 横向，表头每页重复，供签字）或 .xlsx（各分数为数值，可用"
                        "公式核对）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=run_summary)


def _out(text: str | None) -> Path | None:
    """--out checked before the register is opened: its suffix, its folder."""
    if not text:
        return None
    if Path(text).suffix.lower() not in SUFFIXES:
        raise UserError(f"导出文件名应以 .pdf 或 .xlsx 结尾：{text}")
    xlsx_out(str(Path(text).with_suffix(".xlsx")))  # the folder exists
    return Path(text)


def run_summary(args: argparse.Namespace) -> int:
    from boostdesk.io.export_panel_summary import write_panel_summary
    from boostdesk.models.register import RegisterError
    from boostdesk.panel.recusals import count_text
    from boostdesk.panel.score_summary import panel_summary

    out = _out(args.out)
    with open_register(args) as reg:
        year = register_year(reg, args.year)
        summary = panel_summary(reg, year, getattr(reg, "operator", ""))
        if not summary.experts and not summary.rows:
            raise UserError(f"{year} 年度还没有评审专家和参加排名的项目，没有可汇总的评分")
        if out is not None:
            try:
                write_panel_summary(out, summary)
            except RegisterError as exc:  # PanelError: the file could not be written
                raise UserError(str(exc)) from exc
            print(f"已生成 {year} 年度专家评审汇总表（{len(summary.rows)} 个项目，"
                  f"{len(summary.experts)} 位专家，{count_text(summary.recusals)}）：{out}")
            return 0
        if args.json:
            print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
            return 0
        print(render(summary))
    return 0


def render(summary: Any) -> str:
    """The table as aligned text, then its notes and lists (a terminal: hanzi two wide)."""
    from boostdesk.panel.recusals import counted
    from boostdesk.panel.score_summary import notes, recusal_lines, return_lines

    head = ["序号", "项目名称", *summary.names, "得分", "平均分", "标准差（总体）", "排名", "档次"]
    lines = [summary.heading, summary.stage, ""]
    for level, rows in summary.levels():
        cells = [head] + [[str(r.number), r.title, *(c.text for c in r.cells), r.score_text,
                           r.mean_text, r.sd_text, r.rank_text, r.tier_text] for r in rows]
        widths = [max(_width(row[k]) for row in cells) for k in range(len(head))]
        lines.append(f"【{level}】")
        for row in cells:
            lines.append("  ".join(text + " " * (widths[k] - _width(text)) if k == 1
                                   else " " * (widths[k] - _width(text)) + text
                                   for k, text in enumerate(row)).rstrip())
        for r in rows:
            if r.notes:
                lines.append(f"  {r.number}. {r.note_text}")
        lines.append("")
    lines += ["注：" + x for x in notes(summary)]
    lines += ["", f"回避登记（{counted(summary.recusals)}）："]
    lines += [f"  {k}. {x}" for k, x in enumerate(recusal_lines(summary), start=1)] or ["  无"]
    lines += ["", "评分包交回与评分提交："]
    lines += [f"  {k}. {x}" for k, x in enumerate(return_lines(summary), start=1)]
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
