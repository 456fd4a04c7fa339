"""The score sheet of a returned package against the signed content: every cell outside
the score and comment cells as exported, and the project rows where they were exported
(not sorted, inserted, deleted, or pasted over by another project's or package's row)."""

from __future__ import annotations

from collections.abc import Sequence

from .grid import Criterion
from .package_format import cell_text, score_headers, shortened, shown_value


def fixed_cell_problems(rows: Sequence[Sequence[object]], grid: tuple[Criterion, ...],
                         signed: list[tuple[int, str]], note: list[str],
                         height: int | None = None, total: bool = False) -> list[str]:
    """Every cell of the score sheet outside the score and comment cells (and the 合计
    cells, ``total``: a formula's value, whatever the program saved), as exported (of its
    first ``height`` rows when given)."""
    from openpyxl.utils import get_column_letter

    expected: dict[tuple[int, int], str] = {}
    for col, text in enumerate(score_headers(grid, total)):
        expected[(0, col)] = text
    for r, (project_id, title) in enumerate(signed, start=1):
        expected[(r, 0)] = str(project_id)
        expected[(r, 1)] = cell_text(title)  # read back trimmed, as every cell is
    for n, line in enumerate(note):
        expected[(len(signed) + 2 + n, 0)] = line
    editable = {(r, c) for r in range(1, len(signed) + 1)
                for c in range(2, 3 + len(grid) + (1 if total else 0))}
    if height is None:
        height = max(len(rows), len(signed) + 2 + len(note))
    width = max([len(r) for r in rows] + [len(grid) + 3])
    problems: list[str] = []
    for r in range(height):
        for c in range(width):
            if (r, c) in editable:
                continue
            value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            got, want = cell_text(value), expected.get((r, c), "")
            if got != want:
                got = shown_value(value)
                cell = f"{get_column_letter(c + 1)}{r + 1}"
                if want and got:
                    problems.append(f"评分表 {cell} 单元格被改动（应为“{shortened(want)}”，"
                                    f"现为“{shortened(got)}”）：只能填写评分和评语")
                elif want:
                    problems.append(f"评分表 {cell} 单元格被清空（应为“{shortened(want)}”）："
                                    "只能填写评分和评语")
                else:
                    problems.append(f"评分表 {cell} 单元格多出内容“{shortened(got)}”："
                                    "只能填写评分和评语")
    return problems


def rows_moved(rows: Sequence[Sequence[object]],
                signed: list[tuple[int, str]]) -> tuple[str, int] | None:
    """How the score sheet's project rows were sorted, inserted or deleted, and the first
    row that moved; None when every project is on its exported row."""
    titles = {str(i): t for i, t in signed}
    by_title = {cell_text(t): str(i) for i, t in reversed(signed)}
    expected = {str(i): n for n, (i, _) in enumerate(signed, start=2)}
    at: dict[str, int] = {}
    copies: dict[int, str] = {}  # a row holding a copy of a project's row above -> project
    foreign: dict[int, str] = {}  # a project's row holding another package's row -> what
    for n, row in enumerate(rows[1:], start=2):
        # a row is its project's by the number or the title: one of them edited is a
        # changed cell (said as such), not a row gone
        key = cell_text(row[0]) if row else ""
        if key not in titles:
            key = by_title.get(cell_text(row[1]) if len(row) > 1 else "", "")
        if key:
            if key in at:
                copies[n] = key
            at.setdefault(key, n)
        elif n <= len(signed) + 1 and any(cell_text(v) for v in row[:2]):
            foreign[n] = _foreign_row(row)
    if at == expected:
        return None
    first = min(n for key, n in expected.items() if at.get(key) != n)
    gone = [key for key in expected if key not in at]
    # a row pasted over another project's (to score alike) took its number and title too:
    # said as that, not as a row the reviewer deleted
    pasted = [k for k in gone if expected[k] in copies]
    overwritten = [k for k in gone if expected[k] in foreign]
    if overwritten and not pasted:
        what = "评分表" + "、".join(
            f"第 {expected[k]} 行现为{foreign[expected[k]]}，不是本评分包的项目（可能是从其他评分包"
            f"复制过来的），覆盖了项目“{titles[k]}”的行" for k in overwritten)
    elif pasted:
        what = "评分表" + "、".join(
            f"第 {expected[k]} 行复制了第 {at[copies[expected[k]]]} 行（项目“"
            f"{titles[copies[expected[k]]]}”），覆盖了项目“{titles[k]}”的行" for k in pasted)
    elif gone:
        what = "评分表中删除了" + "、".join(
            f"项目“{titles[k]}”的行（第 {expected[k]} 行）" for k in gone)
    elif sorted(at.values()) == sorted(expected.values()):
        what = f"评分表中的行被重新排序过（第 {first} 行起与导出时不同）"
    else:
        what = f"评分表中第 {first} 行起插入了行"
    return (f"{what}：评分已无法按行对应到项目，本评分包未导入。请把评分表恢复为导出时的行，"
            "或用导出的原评分包重新填写后交回"), first


def rows_sorted(rows: Sequence[Sequence[object]],
                signed: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
    """The package's projects in the order the score sheet's rows hold them, when the rows
    were only sorted: each project row still carries a project's own 项目编号 and 项目名称
    (both, one for one), so its scores are found by the number; else None (an edited
    number or title, a row pasted over, inserted or deleted, a lone column sorted — then
    each row's scores could be another project's)."""
    want = {(str(i), cell_text(t)): (i, t) for i, t in signed}
    out: list[tuple[int, str]] = []
    for row in rows[1:len(signed) + 1]:
        number, title = (cell_text(v) for v in (*row[:2], None, None)[:2])
        project = want.pop((number, title), None)
        if project is None:
            return None
        out.append(project)
    return out if len(out) == len(signed) else None


def _foreign_row(row: Sequence[object]) -> str:
    """A row not of the package, named by its number and title: 项目编号“7”“焊接工艺优化”."""
    number, title = (cell_text(v) for v in (*row[:2], None, None)[:2])
    return "".join((f"项目编号“{shortened(number)}”" if number else "",
                    f"“{shortened(title)}”" if title else ""))
