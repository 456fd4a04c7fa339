"""Where a workbook's summary table is: the first sheet whose header row, or pair of rows
(group headers over column headers, or a row of units under them), names a table's key
columns; the later sheets with such a header; a returned 评分包 refused for what it is;
the closest miss said when no sheet has one."""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

from boostdesk.said_where import aside, way

from .cell_readers import BARE_FORMULA, SPACES, present
from .errors import ImportFailed
from .headers import (
    AMOUNT_WAN,
    TABLES,
    Table,
    header_note,
    match_header,
    normalize_header,
    split_unit,
)
from .xlsx_read import SheetData, iter_sheets

HEADER_SEARCH_ROWS = 30  # a header further down than this is not a summary table's
MIN_HEADER_MATCHES = 3


class TableHeader(NamedTuple):
    table: Table
    index: int  # type: ignore[assignment]  # of its (first) row in the sheet's cells (not tuple.index)
    cells: list[Any]  # one header text a column
    rows: int  # 1, or 2 for group headers above column headers


def find_table(
    path: Path,
) -> tuple[SheetData, TableHeader, list[tuple[SheetData, TableHeader]]] | None:
    """The first sheet whose header row (or pair of rows) names a table's key columns, and
    the later sheets that hold such a header too, with their headers."""
    found: tuple[SheetData, TableHeader] | None = None
    others: list[tuple[SheetData, TableHeader]] = []
    anything = False
    bare_formulas = False
    # The closest miss: a row naming several columns of a table but not its key columns.
    partial: tuple[int, str, Table, int, set[str], str] | None = None
    names: list[str] = []
    with closing(iter_sheets(path)) as sheets:  # closes the workbook at once, even on return
        for sheet in sheets:
            names.append(sheet.name)
            anything = anything or any(any(present(v) for v in row) for row in sheet.cells)
            bare_formulas = bare_formulas or bool(sheet.bare_formulas)
            best: tuple[int, TableHeader] | None = None
            spans: dict[int, list[tuple[int, int]]] = {}  # row -> its cells merged across
            for (r0, c0), (_r1, c1) in sheet.merged:
                if r0 < HEADER_SEARCH_ROWS and c1 > c0:
                    spans.setdefault(r0, []).append((c0, c1))
            top = sheet.cells[:HEADER_SEARCH_ROWS + 1]
            named = [{t.stream: _fields(t, row) for t in TABLES} for row in top]
            notes = [_notes_row(row) for row in top]
            for i, row in enumerate(top[:HEADER_SEARCH_ROWS]):
                for table in TABLES:
                    header = TableHeader(table, i, row, 1)
                    fields = named[i][table.stream]
                    below = notes[i + 1] if i + 1 < len(notes) else None
                    two = _two_row_header(sheet.cells, i, spans.get(i, []), table, below)
                    # two rows name more columns than either alone (a title above a
                    # header, or a header above data, adds none), or as many with the
                    # units in a row of their own
                    if two is not None and (
                        len(two_fields := _fields(table, two))
                        > max(len(fields), len(named[i + 1][table.stream]))
                        or (below is not None and len(two_fields) >= len(fields))
                    ):
                        header, fields = TableHeader(table, i, two, 2), two_fields
                    if len(fields) < MIN_HEADER_MATCHES:
                        continue
                    if not set(table.key_fields) <= fields:
                        if partial is None or len(fields) > partial[0]:
                            partial = (len(fields), sheet.name, table, i, fields,
                                       _group_over_name(sheet.cells, i, spans.get(i, [])))
                        continue
                    if best is None or len(fields) > best[0]:
                        best = (len(fields), header)
            if best is not None and found is None:
                found = sheet, best[1]
            elif best is not None:
                others.append((sheet, best[1]))
    _refuse_scoring_package(path, names)
    if found is not None:
        return *found, others
    if bare_formulas:  # the header or the whole table may be such formulas
        raise ImportFailed(
            f"{path.name} 中找不到可读的汇总表：有单元格{BARE_FORMULA}")
    if not anything:
        raise ImportFailed(f"{path.name} 中没有任何内容，请确认选对了文件")
    if partial is not None:
        _, sheet_name, table, i, fields, group = partial
        lacking = "、".join(
            f"“{table.column(f).label}”" for f in table.key_fields if f not in fields
        )
        under = (f"（第 {i + 2} 行在分组表头“{group}”下有“姓名”列，未能读作第一发明人的姓名："
                 "请把分组表头改为“第一发明人”，或把“姓名”改为“第一发明人”）"
                 if group and "inventor_name" in table.key_fields
                 and "inventor_name" not in fields else "")
        raise ImportFailed(
            f"“{sheet_name}”工作表第 {i + 1} 行像是{table.name_zh}的表头，但缺少{lacking}列{under}，"
            f"无法导入：请补上这一列（表头文字见{template_named()}）后重新导入"
        )
    return None


def _group_over_name(cells: list[list[Any]], i: int, spans: list[tuple[int, int]]) -> str:
    """The group header (row i, merged over its columns) above a 姓名 cell of row i+1, or
    "": what a refusal names when no group reads as the first inventor's."""
    if i + 1 >= len(cells):
        return ""
    top, below = cells[i], cells[i + 1]
    for j, cell in enumerate(below):
        if present(cell) and SPACES.sub("", str(cell)) == "姓名":
            start = next((c0 for c0, c1 in spans if c0 <= j <= c1), j)
            group = top[start] if start < len(top) else ""
            if present(group):
                return str(group).strip()
    return ""


def template_named() -> str:
    """The blank summary table's maker, as the reader makes it."""
    return way("“导入汇总表…”（Ctrl+I）中“空白汇总表…”保存的模板", " boostdesk template 生成的模板")


def _refuse_scoring_package(path: Path, names: list[str]) -> None:
    """An expert's returned 评分包 given as a summary table (the same folder, a drop on the
    window): its 项目概况 sheet reads as 附件4, refused for its 万元 cells, and the scores
    were never taken. Said for what it is, and where it goes."""
    from boostdesk.panel.package_sheets import SCORE_SHEET, SIGNATURE_SHEET

    if SCORE_SHEET in names and SIGNATURE_SHEET in names:
        raise ImportFailed(
            f"{path.name} 是专家交回的评分包，不是汇总表：请在“专家评审”的“评分包”页用"
            "“导入交回的评分包…”导入" + aside("boostdesk panel import 文件", "命令行："))


def _fields(table: Table, header: list[Any]) -> set[str]:
    return {m[0].field for v in header if (m := match_header(table, v))}


def _notes_row(row: list[Any]) -> list[str] | None:
    """A row of notes under the headers — （万元） under 项目总投入, （是/否） under 是否一线职工 —
    as the bracketed group of each cell ("" where empty); None for any other row."""
    out = []
    for value in row:
        if not present(value):
            out.append("")
        elif (note := header_note(value)) is not None:
            out.append(note.replace("(", "（").replace(")", "）"))  # shown as Chinese text is
        else:
            return None
    return out if any(out) else None


# What a group header adds to the name of what it groups (第一发明人信息, 专利基本情况, 发明人
# 相关资料): left out when group and column are read as one header
# (第一发明人（信息）, 第一发明人信息表: the word bracketed, or a 表 after it)
_GROUP_WORDS = re.compile(r"\s*[（(]?的?(?:基本|相关|主要)?(?:信息|情况|资料)表?[）)]?$")


def _two_row_header(
    cells: list[list[Any]], i: int, spans: list[tuple[int, int]], table: Table,
    notes: list[str] | None = None,
) -> list[Any] | None:
    """Row i as group headers over row i+1's column headers, as one header a column, when
    row i+1 names at least two of the table's columns (alone, as 专利号 under 专利信息, or
    after its group's name, as 姓名 under 第一发明人), or is a row of notes (``notes``,
    its bracketed groups: （万元） under 项目总投入 reads 项目总投入（万元）); else None. A group
    header merged across its columns (``spans``: first and last column of row i's merged
    cells) names each of them; a column with nothing below keeps its own."""
    if i + 1 >= len(cells):
        return None
    top, below = cells[i], (notes if notes is not None else cells[i + 1])
    width = max(len(top), len(below))
    groups = [top[j] if j < len(top) else "" for j in range(width)]
    for c0, c1 in spans:
        if c0 < width:
            groups[c0 + 1:c1 + 1] = [groups[c0]] * (min(c1, width - 1) - c0)
    out: list[Any] = []
    named = 0
    for group, sub in zip(groups, [*below, *[""] * (width - len(below))], strict=True):
        if not present(sub):
            out.append(group)
            continue
        joined = SPACES.sub("", f"{group}{sub}") if present(group) else ""
        found = match_header(table, joined) if joined else None
        if found is None and joined and match_header(table, sub) is None:
            # 第一发明人信息 over 姓名 is 第一发明人 + 姓名: the group's 信息 / 情况 is no
            # name's (a column named alone, 授权公告日 under 专利信息, keeps its own)
            bare = SPACES.sub("", f"{_GROUP_WORDS.sub('', str(group).strip())}{sub}")
            if bare != joined and (again := match_header(table, bare)) is not None:
                joined, found = bare, again
        text = joined if found is not None else sub
        if found is None:
            found = match_header(table, sub)
        if found is not None and found[0].kind == AMOUNT_WAN and found[1] is None:
            # 项目总投入 under 资金（元）: the group's unit, not 万元 by default
            group_unit = split_unit(normalize_header(group))[1] if present(group) else None
            if group_unit is not None:
                text = f"{SPACES.sub('', str(sub))}（{group_unit}）"
        named += found is not None
        out.append(text if found is not None or notes is None else group)
    return out if named >= 2 or notes is not None else None


def no_header_message(path: Path) -> str:
    """Why a file with no table's header is refused, with the headers each table has."""
    parts = [f"在 {path.name} 中找不到汇总表的表头，无法判断是哪一张表。"]
    for table in TABLES:
        headers = "、".join(c.header for c in table.template_columns())
        parts.append(f"{table.name_zh}的表头应为：{headers}。")
    parts.append(f"请用{template_named()}填写，或把表头改成上面的文字后重新导入")
    return "".join(parts)
