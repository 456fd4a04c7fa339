"""A returned scoring package's rows read as reviewers fill them in, where the plain cell
checks would mislead the office: 回避 written instead of scores, a total typed instead
of per-criterion scores, a project row copied in from another package. Each is said in
one line naming the sheet row, not as a score "that is no number" per cell."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from boostdesk.said_where import way
from boostdesk.validate import normalize_text

from .grid import TOTAL_POINTS, Criterion


def conflict_step() -> str:
    """What the office does with a project its reviewer would not score: the window's
    place for the window, the command beside it on the command line."""
    return ("请在" + way("“专家评审 → 分配专家”中选中该项目在该专家一列的单元格，点“登记回避…”",
                       "“分配专家”中（或用 boostdesk panel conflict）")
            + "为其登记回避，再导入本评分包：该项目跳过，其余项目的评分导入")


DECLINED = "回避"
_NUMBER = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
# a comment that is only a score: 85, 总分85分, 合计：85
_TOTAL_COMMENT = re.compile(r"(?:总分|合计|得分|总计)?[:：]?\s*(\d+(?:\.\d+)?)\s*分?", re.ASCII)


# 无需回避, 不存在利益回避情形: a reviewer saying there is nothing to abstain from
_NOT_DECLINED = re.compile(r"(?:无需|无须|不需|不用|不必|没有|不存在|不涉及|无)要?(?:利益)?回避")


def speaks_of_declining(text: str) -> bool:
    """Whether a text asks to abstain (回避), not says there is no need to."""
    return DECLINED in _NOT_DECLINED.sub("", text)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# what reviewers put in every cell of a row they do not score, for "not applicable"
_PLACEHOLDERS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "无", "空", "x", "X", "×", "不评"})


def unscored(cells: Sequence[object]) -> bool:
    """Whether a row's score cells are all blank or "not applicable" marks (/, —, 无)."""
    return all(_blank(v) or (isinstance(v, str) and normalize_text(v) in _PLACEHOLDERS)
               for v in cells)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def declined(cells: Sequence[object], comment: str) -> str | None:
    """Why a row holds no scores when its reviewer marked it 回避 — in its score cells
    (the others blank) or, its scores all blank, in its comment — or None."""
    texts = [normalize_text(v) for v in cells if not _blank(v)]
    if any(not isinstance(v, str) for v in cells if not _blank(v)):
        return None  # a score typed: the row is scored, its cells checked one by one
    marked = [t for t in texts if t not in _PLACEHOLDERS]
    if marked and all(speaks_of_declining(t) for t in marked):
        said = marked[0]
    elif not marked and speaks_of_declining(comment):
        said = comment
    else:
        return None
    return f"专家注明“{_short(said)}”，未评分该项目：{conflict_step()}"


def _plain_number(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = normalize_text(value).removesuffix("分")
    return Decimal(text) if _NUMBER.fullmatch(text) else None


BY_CRITERION = "评分包须按评分细则逐项打分（各项满分见表头），总分由登记册计算：请专家逐项填写后交回"
TOTAL_ONLY = "只在“合计”一栏填了总分"


def _top(grid: tuple[Criterion, ...]) -> int:
    return max(TOTAL_POINTS, sum(c.max_score for c in grid))


def total_typed(cells: Sequence[object], comment: str,
                grid: tuple[Criterion, ...]) -> str | None:
    """Why a row looks scored with one total instead of a score a criterion — one number
    above its column's maximum with the other cells blank, or a number in the comment with
    every score blank — or None."""
    if len(grid) < 2:
        return None
    top = _top(grid)
    filled = [(c, v) for c, v in zip(grid, cells, strict=False) if not _blank(v)]
    ask = BY_CRITERION
    if len(filled) == 1:
        c, value = filled[0]
        number = _plain_number(value)
        if number is not None and c.max_score < number <= top:
            return (f"只在“{c.name}”填了 {number.normalize():f}，其余各项未填写，像是填了总分。"
                    + ask)
    elif (not filled and (m := _TOTAL_COMMENT.fullmatch(normalize_text(comment)))
          and Decimal(m.group(1)) <= top):
        return f"各项评分未填写，评语填的是“{_short(comment)}”，像是填了总分。" + ask
    return None


def total_column_typed(value: object, grid: tuple[Criterion, ...]) -> str | None:
    """Why a row whose every score is blank holds a number in 合计 — typed over the column's
    formula, which shows nothing until a score is typed: a total given instead of the
    scores —, or None."""
    number = _plain_number(value)
    if number is None or number > _top(grid):
        return None
    return (f"各项评分未填写，{TOTAL_ONLY}（{number.normalize():f}）：“合计”由表格按各项评分自动"
            f"计算，不能代替评分。{BY_CRITERION}")


def extra_rows(rows: Sequence[Sequence[object]], projects: int, width: int,
               note: Sequence[str], recused: Mapping[str, str] | None = None) -> list[str]:
    """What the rows below the last project hold when they look like project rows (a
    number or title, with scores or a comment): a row copied in from another package, or
    typed in. ``width``: the score sheet's columns up to 评语; ``note``: its note lines;
    ``recused``: the projects the expert stands aside from, by 项目编号, each said in words
    (项目17“…”，理由…): such a row is no other package's, it is a project not to score."""
    from .package_format import cell_text as _text

    out = []
    for n in range(projects + 2, len(rows) + 1):
        cells = [_text(v) for v in rows[n - 1][:width]] + ["", ""]
        number, title = cells[0], cells[1]
        if number in note or not (number or title) or not any(cells[2:]):
            continue
        if not number.isdigit():  # a 合计 or 平均 row, a note: no project's
            out.append(f"评分表第 {n} 行多出一行（“{_short(number or title)}”）：评分表只能填写"
                       "各项目的评分和评语，本评分包未导入：请删除该行后保存交回")
            continue
        named = f"项目编号“{number}”" + (f"、项目名称“{_short(title)}”" if title else "")
        if recused and number in recused:
            out.append(f"评分表第 {n} 行多出一行（{named}）：该专家已回避{recused[number]}，"
                       "不评该项目，其评分不计入排名，因此评分包中没有这一行。本评分包未导入："
                       "请删除该行后保存交回")
            continue
        out.append(f"评分表第 {n} 行多出一行（{named}）：本评分包中没有这一行的项目，可能是从其他"
                   "评分包复制过来的。本评分包未导入：请删除该行后保存交回，该项目的评分请填在"
                   "它所属专家的评分包中")
    return out


# OOXML's escape of a character XML cannot carry as is (ECMA-376 Part 1, 22.9.2.19
# ST_Xstring): Excel writes a carriage return (text pasted from Word or a web page) as
# _x000D_, which openpyxl does not decode; _x005F_ escapes the underscore itself.
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def comment_text(text: str) -> str:
    """A comment as the reviewer sees it: escapes decoded, line breaks as one \\n."""
    if "_x" in text:
        text = _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
