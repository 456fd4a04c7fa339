"""A project row's score cells as a returned package holds them: each against its
criterion's range, a formula without its value, a number a date format shows as a day of
early 1900, a row left unscored or marked 回避, a total typed instead of the scores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from .grid import Criterion
from .package_format import unscored_note
from .package_rows import declined, total_typed, unscored
from .scoring import parse_score


def row_scores(row: Sequence[object], n: int, grid: tuple[Criterion, ...],
                formulas: frozenset[tuple[int, int]],
                comment: str) -> tuple[dict[int, int | None], list[str], bool]:
    """A project row's scores, what is wrong with them, and whether they are all blank."""
    cells = [row[2 + k] if 2 + k < len(row) else None for k in range(len(grid))]
    whole = declined(cells, comment) or total_typed(cells, comment, grid)
    if whole:  # said once for the row, not as each cell's score that is no number
        return {}, [whole], False
    if unscored(cells):  # every cell / or 无: a row left unscored, said once
        cells = [None] * len(grid)
    scores: dict[int, int | None] = {}
    problems: list[str] = []
    blank: list[str] = []
    for k, (c, value) in enumerate(zip(grid, cells, strict=True)):
        if (n, 3 + k) in formulas:
            problems.append(f"“{c.name}”填的是公式，文件中没有保存它的计算结果，"
                            "请直接填写分数，或在 Excel、WPS 中打开后保存再交回")
            continue
        try:
            parsed = parse_score(_serial(value), c)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if parsed is None:
            blank.append(c.name)
        scores[c.id or 0] = parsed
    if len(blank) == len(grid):
        return scores, [*problems, unscored_note()], True
    if blank:
        problems.append("、".join(f"“{b}”" for b in blank) + "未填写")
    return scores, problems, False


def _serial(value: object) -> object:
    """A score cell's number as typed when a date format (a paste brought it, and the
    sheet's protection keeps the reviewer from changing it back) shows it as a day of
    early 1900: 12.5 reads 1900-01-12 12:00. Any other value as it is."""
    from openpyxl.utils.datetime import to_excel

    if isinstance(value, time):  # under 1: a time of day
        return float(to_excel(value))
    # up to serial 100; not 1900-02-28, which is 59 and Excel's 1900-02-29, 60, both
    if (isinstance(value, datetime) and value < datetime(1900, 4, 10)
            and value.date() != datetime(1900, 2, 28).date()):
        return float(to_excel(value))
    return value
