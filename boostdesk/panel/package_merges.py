"""Merged cells in a returned scoring package's 评分表: read as the reviewer sees them.

openpyxl keeps only a merged region's top-left value; the cells it covers read blank. A
reviewer who merges comment cells means the text shown across them for every project
row it spans, and LibreOffice (asked, 保留隐藏单元格的内容) keeps each covered cell's own
text in the file too. So a comment region gives each project row it spans the region's
shown text and that row's own covered texts, distinct ones joined by a line break:
nothing the reviewer wrote is dropped, and comments, which the ranking never reads, do not
send a package back to an offline reviewer. A region covering a score cell is refused: a
score belongs to one project and one criterion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class MergedComments:
    """What the score sheet's merged regions over the project rows come to."""

    comments: dict[int, str] = field(default_factory=dict)  # sheet row -> its comment
    problems: tuple[str, ...] = ()  # score cells merged: refused
    notes: tuple[str, ...] = ()  # a comment read across several project rows: said


def merged_comments(path: Path, ws: Any, rows: Sequence[Sequence[object]],
                    criteria: int, projects: int, total: bool = False) -> MergedComments:
    """The comments of the project rows (sheet rows 2 … ``projects`` + 1) that merged
    regions change, with ``criteria`` score columns from column C; ``rows`` the sheet's
    values as openpyxl read them (covered cells blank); ``total``: the column after the
    comment is 合计, whose value a comment merged over it does not take in."""
    first, last = 2, projects + 1
    comment_col = 3 + criteria
    regions = [r for r in ws.merged_cells.ranges
               if r.min_row <= last and r.max_row >= first and r.max_col >= 3
               and r.min_col <= comment_col]
    scored = [r for r in regions if r.min_col < comment_col]
    problems = tuple(f"评分表 {r.coord} 是合并的单元格：评分单元格不能合并，请取消合并，为每个项目"
                     "逐项填写评分" for r in scored)
    text_regions = [r for r in regions if r.min_col == comment_col]
    if not text_regions:
        return MergedComments(problems=problems)
    covered = _covered_values(path, ws.title, text_regions)
    comments: dict[int, str] = {}
    notes: list[str] = []
    for r in text_regions:
        shown = _cell(rows, r.min_row, r.min_col) if first <= r.min_row <= last else ""
        spanned = range(max(r.min_row, first), min(r.max_row, last) + 1)
        for n in spanned:
            own = [_text(covered.get((n, c))) for c in range(r.min_col, r.max_col + 1)
                   if (n, c) != (r.min_row, r.min_col) and not (total and c == comment_col + 1)]
            comments[n] = "\n".join(dict.fromkeys(t for t in (shown, *own) if t))
        if shown and len(spanned) > 1:
            notes.append(f"评分表 {r.coord} 是合并的单元格：其中的评语“{_short(shown)}”计入第 "
                         + "、".join(str(n) for n in spanned) + " 行的项目")
    return MergedComments(comments, problems, tuple(notes))


def _covered_values(path: Path, sheet: str, regions: Sequence[Any]) -> dict[tuple[int, int], Any]:
    """The values the file holds in the cells the regions cover (openpyxl's full load
    drops them; its read-only load does not apply merges)."""
    import warnings

    from .package_files import open_workbook

    out: dict[tuple[int, int], Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = open_workbook(path, read_only=True)
        try:
            ws = wb[sheet]
            for r in regions:
                for line in ws.iter_rows(min_row=r.min_row, max_row=r.max_row,
                                         min_col=r.min_col, max_col=r.max_col):
                    for cell in line:
                        row, col = getattr(cell, "row", None), getattr(cell, "column", None)
                        if cell.value is not None and row and col:  # not an EmptyCell
                            out[(row, col)] = cell.value
        finally:
            wb.close()
    return out


def _cell(rows: Sequence[Sequence[object]], row: int, col: int) -> str:
    values = rows[row - 1] if row - 1 < len(rows) else ()
    return _text(values[col - 1]) if col - 1 < len(values) else ""


def _text(value: object) -> str:
    from .package_format import cell_text

    return cell_text(value)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
