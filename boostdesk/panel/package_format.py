"""What a scoring package (评分包) is, as its writer and its reader both know it: the format's
name and versions, the score sheet's headers, the notes the reviewer reads (填写说明), the
项目概况 sheet's columns; a cell's text and a sheet's digest as the signature compares them.

The package as a whole: a workbook of four sheets, one per expert, out to their laptop
and back. Sheet 1 (填写说明), the one open when the file is opened: whose package it is, how
to score, the criteria, conflicts of interest, which programs to fill it in with, what the
file must keep. Sheet 2 (评分表): a
header row 项目编号, 项目名称, one column per criterion headed ``名称（满分N）``, then 评语,
then (version 3 on) a locked 合计 computed by a formula, which the import ignores;
one row per assigned project; only the score and comment cells are unlocked, and the score
ranges carry Excel data validation. Sheet 3 (项目概况): what the expert needs to know of each
project — no resident ID, card or phone number, and nothing of other experts. A package of
version 1 (the previous releases) has no 填写说明: its notes stand under the table of 评分表,
and it is read as it was written. A very hidden sheet (签名) holds the fixed content
(campaign year, expert, criteria, project ids and names, a digest of 项目概况) and its
HMAC-SHA256 under a secret kept in the register (:mod:`.package_keys`), so a package
altered outside its score cells, made by another register, or for another campaign or
expert is refused on import — with the reason, and with nothing stored.

Written by :mod:`.package_export` / :mod:`.package_writer`; read back by
:mod:`.package_read`, stored by :mod:`.package_import`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime, time

from boostdesk.models.campaign import ATTACHMENTS
from boostdesk.no_enterprise import guide_line

from .grid import TOTAL_POINTS, Criterion
from .package_rows import conflict_step
from .package_sheets import GUIDE_SHEET, SCORE_SHEET, SUMMARY_SHEET

FORMAT = "BoostDesk评分包"
# 2: the notes on a sheet of their own, first (1: under the score table, read still);
# 3: a locked 合计 column after 评语, the weighted total as a formula, never read back
VERSION = 3
VERSIONS = (1, 2, 3)
ID_HEADER = "项目编号"
TITLE_HEADER = "项目名称"
COMMENT_HEADER = "评语"
TOTAL_HEADER = "合计（自动计算）"
COMMENT_LIMIT = 1000
# the 填写说明 sheet's title, after the year: what its text saved as CSV begins with
GUIDE_TITLE = f"专家评分包{GUIDE_SHEET}"


def unscored_note() -> str:
    """A row left blank: a project the reviewer missed (asked to fill it in) or would not
    score (a conflict of interest: the office is told how to take it off the package)."""
    return (f"未评分（漏评的，请专家补填该项目的评分后交回，再导入；专家因利益冲突不评该项目的，"
            f"{conflict_step()}）")


# The one-line note of the first version-1 packages, which signed no note of their own
NOTE = ("填写说明：请按各项评分细则为每个项目打分（0 至该项满分，可保留一位小数），评语可不填。"
        "只能填写评分和评语单元格；改动其他内容后评分包将无法导入。填好后保存，原文件交回。")


# Which programs keep what the package needs: an online editor or a phone's viewer may save
# it without its very hidden 签名 sheet or its protection, and it can no longer be imported.
OPEN_WITH = ("请在电脑上用 Excel 2007 或更高版本、WPS Office 或 LibreOffice Calc 打开填写；不要用腾讯文档、"
             "金山文档等在线文档或手机上的附件预览打开填写，它们可能丢掉评分包中隐藏的签名或保护，"
             "交回后将无法导入。")
# The same, in brief, for the office sending the packages out (评分包 tab).
SEND_NOTE = ("发给专家时请告知：在电脑上用 Excel 2007 及以上、WPS Office 或 LibreOffice Calc 填写，"
             "不要用腾讯文档、金山文档等在线文档或手机打开；保存为原 .xlsx 格式、不改工作表名称，原文件交回")


def note_lines(campaign_title: str, federation: str, expert_name: str,
               grid: tuple[Criterion, ...], projects: int,
               unchecked: Sequence[str] = (), form: str = "") -> list[str]:
    """What the reviewer reads first (填写说明), with no register to ask: whose package it
    is (one sent to the wrong expert is noticed before it is filled), where and how to
    score, the criteria with their ranges and weights, a project they may not score (and,
    ``unchecked``, the projects whose 所在单位 the office could not check it against), which
    programs keep the package whole, and what the file must keep."""

    # a criterion a line, its 评分要点 quoted from the year's grid beside its maximum
    criteria_text = "".join(
        f"\n（{n}）{c.name} 0～{c.max_score} 分"
        + (f"（占总分 {c.weight} 分）" if c.weight != c.max_score else "")
        + (f"：{c.description}" if c.description else "")
        for n, c in enumerate(grid, start=1))
    return [
        f"本评分包属于专家“{expert_name}”（{campaign_title}）。如果您不是{expert_name}，请不要填写，"
        f"并告知{federation}重新发送。",
        f"请在“{SCORE_SHEET}”工作表中为每个项目打分（共 {projects} 个项目）：按各项评分细则填写 0 至"
        f"该项满分的分数，最多保留一位小数（如 12.5，不能填 12.25）；评语可不填。最右一列“合计”按评分细则自动计算，无需填写。"
        f"各项目的情况见“{SUMMARY_SHEET}”工作表。",
        f"评分细则（总分 {TOTAL_POINTS} 分），各项满分和评分要点：{criteria_text}",
        # the reviewer judges from the application itself, which the package does not hold
        f"各项目的申报书（{form or ATTACHMENTS['project_form'][0]} {ATTACHMENTS['project_form'][1]}）"
        f"及佐证材料不在本评分包中，由"
        f"{federation}另行提供；请对照申报书评分。“{SUMMARY_SHEET}”工作表只列各项目的主要信息。",
        "利益回避：项目属于您任职的单位、您参与的工作室，或与您有其他利益关系的，请不要为该项目"
        "打分，该行留空，并在交回时说明原因；其余项目照常填写。",
        *([guide_line(unchecked)] if unchecked else []),
        "只能填写评分表中浅黄色的评分和评语单元格；改动其他内容后评分包将无法导入。请勿排序、插入"
        "或删除行，勿改动工作表名称。",
        OPEN_WITH,
        "填好后保存，保持 .xlsx 格式（不要另存为 .xls、.csv 或 .ods），原文件交回。",
    ]


# What Excel, WPS and LibreOffice save for a formula that failed (a cell of type "e"):
# openpyxl reads it as this text
EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA"})


SUMMARY_HEADERS = (
    ID_HEADER, TITLE_HEADER, "职工创新工作室", "工作室级别", "示范性工作室", "领衔人",
    "所在单位", "推荐单位", "所属领域", "企业立项日期", "计划完成日期", "项目总投入",
    "申请助推金额",
)


def score_headers(grid: tuple[Criterion, ...], total: bool = False) -> list[str]:
    """The score sheet's header row: 项目编号, 项目名称, a column a criterion, 评语, and
    (``total``: version 3 on) 合计. After 评语, not before it: the scores and the comment
    keep the columns every earlier package has, and a reviewer's copy of one reads alike."""
    return [ID_HEADER, TITLE_HEADER, *(c.header for c in grid), COMMENT_HEADER,
            *([TOTAL_HEADER] if total else [])]


def has_total(version: int) -> bool:
    """Whether a package of this version has the 合计 column."""
    return version >= 3


def total_formula(grid: tuple[Criterion, ...], row: int) -> str:
    """The 合计 cell of a score sheet row: the weighted total on the 100-point scale, as the
    register counts it (each score × weight / maximum), blank until a score is typed. A
    text in a score cell (回避) counts as nothing, as SUM does, rather than show #VALUE!."""
    from openpyxl.utils import get_column_letter

    first, last = get_column_letter(3), get_column_letter(2 + len(grid))
    if all(c.weight == c.max_score for c in grid):
        total = f"SUM({first}{row}:{last}{row})"
    else:
        total = "+".join(f"N({get_column_letter(3 + k)}{row})*{c.weight}/{c.max_score}"
                         for k, c in enumerate(grid))
    return f'=IF(COUNT({first}{row}:{last}{row})=0,"",ROUND({total},2))'



def cell_text(value: object) -> str:
    """A cell as text, the same whether a spreadsheet program kept it as text or number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):  # a time is true even at midnight: compared
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    return str(value).strip()


def shown_value(value: object) -> str:
    """A cell as a message quotes it, a number as Excel shows it: 94.2, not the
    94.20000000000002 a sum of one-decimal scores leaves in the file (Excel keeps and shows
    15 significant digits)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.15g}"
    return cell_text(value)


def _grid_text(rows: Sequence[Sequence[object]]) -> list[list[str]]:
    """Cell texts with trailing empty cells and rows dropped."""
    out = [[cell_text(v) for v in row] for row in rows]
    for row in out:
        while row and not row[-1]:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def sheet_digest(rows: Sequence[Sequence[object]]) -> str:
    """The SHA-256 of a sheet's cell texts, as the signature holds it of 项目概况."""
    data = json.dumps(_grid_text(rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def shortened(text: str, limit: int = 24) -> str:
    """A cell's text as a message quotes it: cut at ``limit`` characters."""
    return text if len(text) <= limit else text[:limit] + "…"


def shown_time(stamp: str) -> str:
    """An ISO time as the messages show it: 2022-05-06 09:30:00."""
    return stamp.replace("T", " ")
