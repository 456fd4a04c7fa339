"""The score sheet's columns of a returned package against the exported header row: a
column inserted, deleted or moved (each score would be read against another criterion),
and columns added to the right of the table (a 总分 the reviewer worked out). Each is said
once for the column, named by its header and letter, not once for every cell it holds."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import line_ranges
from .package_format import cell_text, shortened


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _kept_in_order(positions: list[int]) -> set[int]:
    """The indexes (into ``positions``) of a longest run kept in increasing order: the
    columns that stayed where they were relative to one another; the others moved."""
    best: list[list[int]] = []  # best[i]: the longest such run ending at i
    for i, p in enumerate(positions):
        run: list[int] = []
        for j, earlier in enumerate(best):
            if positions[j] < p and len(earlier) > len(run):
                run = earlier
        best.append([*run, i])
    longest: list[int] = []
    for run in best:
        if len(run) > len(longest):
            longest = run
    return set(longest)


def columns_moved(header: Sequence[object], expected: Sequence[str]) -> str | None:
    """Why the score sheet's columns no longer line up with the exported ones — each
    column inserted, deleted or moved, by its header as the row now reads — or None when
    every exported header is in its place (or not found anywhere: a header cell edited,
    said as a changed cell)."""
    got = [cell_text(v) for v in header]
    while got and not got[-1]:
        got.pop()
    if got[:len(expected)] == list(expected):
        return None
    where: dict[str, int] = {}
    for i, text in enumerate(got):
        if text in expected and text not in where:
            where[text] = i
    found = [t for t in expected if t in where]
    if all(where[t] == k for k, t in enumerate(expected) if t in where):
        return None
    kept = _kept_in_order([where[t] for t in found])
    last = max(where.values())
    matched = set(where.values())
    inserted = [f"{_letter(i)} 列插入了" + (f"“{shortened(text)}”" if text else "一列（无表头）")
                for i, text in enumerate(got) if i not in matched and i < last]
    moved = [f"“{shortened(t)}”列被移动到 {_letter(where[t])} 列"
             for n, t in enumerate(found) if n not in kept]
    deleted = [f"“{shortened(t)}”列被删除" for t in expected if t not in where]
    right = [f"“{shortened(t)}”（{_letter(i)} 列）" for i, t in enumerate(got) if i > last and t]
    steps = [step for step, said in (("删除插入的列", inserted or right), ("把移动的列移回原位", moved))
             if said]
    parts = [*inserted, *moved, *deleted, *(["右侧多出" + "、".join(right)] if right else [])]
    redo = "用导出的原评分包重新填写后交回"
    return ("评分表的列被插入或移动过：" + "；".join(parts) + "。各项评分已无法按列对应到评分细则，"
            "本评分包未导入。" + (f"请{'、'.join(steps)}（C 列起依次为各项评分，然后是评语），或{redo}"
                           if steps and not deleted else f"请{redo}"))


def extra_columns(rows: Sequence[Sequence[object]], width: int) -> str | None:
    """What the columns to the right of the exported ``width`` hold, in one line (a 总分
    column by its header, a column without one by the rows it fills), or None when they
    are empty."""
    extra: dict[int, list[int]] = {}
    for r, row in enumerate(rows, start=1):
        for c in range(width, len(row)):
            if cell_text(row[c]):
                extra.setdefault(c, []).append(r)
    if not extra:
        return None
    shown = []
    for c, filled in sorted(extra.items()):
        title = cell_text(rows[0][c]) if rows and c < len(rows[0]) else ""
        shown.append((f"“{shortened(title)}”", f"{_letter(c)} 列") if title else
                     ("", f"{_letter(c)} 列，无表头，第 {line_ranges(filled)} 行有内容"))
    if len(shown) == 1:
        title, where = shown[0]
        return f"评分表右侧多出一列{title}（{where}），请删除该列后再交回"
    return (f"评分表右侧多出 {len(shown)} 列：" + "、".join(
        f"{title}（{where}）" if title else where.replace("，", "（", 1) + "）"
        for title, where in shown) + "，请删除这些列后再交回")
