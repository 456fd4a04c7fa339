"""A summary table's header mapped to the record's fields: each column's money unit (in its
header, or noted above it), two columns of one field (the shown one, the template's
wording), hidden columns read and said, unknown and absent columns said."""

from __future__ import annotations

from typing import Any

from .cell_readers import SPACES, present
from .errors import ImportFailed
from .headers import (
    AMOUNT_WAN,
    SEQ,
    YES_NO_IF_ANSWERED,
    Column,
    Table,
    match_header,
    normalize_header,
    split_unit,
)
from .import_preview import ImportPreview


def map_columns(
    header: list[Any], table: Table, preview: ImportPreview,
    hidden: frozenset[int] = frozenset(), note_unit: str | None = None,
    union: str | None = None, rows: list[list[Any]] | None = None,
) -> dict[int, tuple[Column, str, str | None]]:
    """Column index -> (column, header text as typed, money unit named in the header, else
    ``note_unit``: the unit noted above the header, 单位：元).

    ``hidden``: the sheet's hidden columns (1-based). Of two columns of one field, the
    one shown is read: a unit that hid its old 身份证号 column and added a new one
    means the new one. ``rows``: the data rows below, to tell a yes/no column whose header
    may name something else (``YES_NO_IF_ANSWERED``: 职务) from that other thing."""
    from boostdesk.safety.archive import column_letters

    mapping: dict[int, tuple[Column, str, str | None]] = {}
    seen: dict[str, str] = {}
    where: dict[str, int] = {}
    unknown: list[str] = []
    noted: list[str] = []  # money headers read in the unit noted above the header
    for j, value in enumerate(header):
        if not present(value):
            continue
        text = SPACES.sub("", str(value))
        m = match_header(table, value)
        if (m is not None and split_unit(normalize_header(value))[0] in YES_NO_IF_ANSWERED
                and not _answered(rows or [], j)):
            m = None  # 职务 over 高级工程师: an inventor's post, not 是否职务发明
        if m is None:
            unknown.append(text)
            continue
        col, unit = m
        if col.kind == AMOUNT_WAN and unit is None and note_unit is not None:
            unit = note_unit
            noted.append(text)
        if col.kind == AMOUNT_WAN and unit not in (None, "元", "万元"):
            base = split_unit(normalize_header(value))[0]
            said = f"表头“{text}”（表格上方注明单位：{unit}）" if text in noted else f"表头“{text}”"
            raise ImportFailed(
                f"{preview.path.name} 工作表“{preview.sheet_name}”第 {preview.header_rows_text} 行的"
                f"{said}以{unit}"
                f"为单位，无法读取（金额只按元或万元读取），未导入任何数据：请把这一列换算为万元（表头写"
                f"“{base}（万元）”）或元（“{base}（元）”）后重新导入")
        if col.field in seen:
            first = where[col.field]
            if first + 1 in hidden and j + 1 not in hidden:
                preview.warnings.append(
                    f"“{seen[col.field]}”有两列：第 {column_letters(first + 1)} 列是隐藏的，"
                    f"读取未隐藏的第 {column_letters(j + 1)} 列“{text}”")
                del mapping[first]
                seen[col.field], where[col.field], mapping[j] = text, j, (col, text, unit)
                continue
            if _header_rank(col, text) < _header_rank(col, seen[col.field]):
                # 发明人 (every inventor) before 第一发明人: the template's own header is meant
                preview.warnings.append(
                    f"“{seen[col.field]}”与“{text}”是同一项，读取“{text}”列")
                del mapping[first]
                seen[col.field], where[col.field], mapping[j] = text, j, (col, text, unit)
                continue
            preview.warnings.append(
                f"“{text}”与“{seen[col.field]}”是同一项，只读取“{seen[col.field]}”列"
            )
            continue
        seen[col.field], where[col.field] = text, j
        mapping[j] = (col, text, unit)
    preview.columns = dict(seen)
    if noted:
        preview.warnings.append(
            f"表格上方注明“单位：{note_unit}”，" + "、".join(f"“{t}”" for t in noted)
            + f"列按{note_unit}读取")
    read_hidden = [f"第 {column_letters(j + 1)} 列“{text}”"
                   for j, (_col, text, _unit) in sorted(mapping.items()) if j + 1 in hidden]
    if read_hidden:
        preview.warnings.append(
            "、".join(read_hidden) + " 在表中是隐藏的，已照常读取：如这些列的内容作废不用，"
            "请在表中删除后重新导入，或联系报送单位")
    if unknown:
        preview.warnings.append("未识别的列已忽略：" + "、".join(f"“{u}”" for u in unknown))
    absent = [c.header for c in table.template_columns() if c.field not in seen and c.kind != SEQ
              and not (c.field == "unit_name" and union is not None)]
    if union is not None and "unit_name" not in seen:
        preview.warnings.append(f"表中没有“推荐单位”列，各行按表格上方写的推荐单位“{union}”登记")
    if absent:
        preview.warnings.append(
            "表中没有以下列，这些项按空白登记，审核时会提示待补："
            + "、".join(f"“{a}”" for a in absent)
        )
    return mapping


def _answered(rows: list[list[Any]], j: int) -> bool:
    """Whether column ``j`` holds yes/no answers (some, and nothing else)."""
    from boostdesk.validate import ValidationError, parse_yes_no

    seen = False
    for row in rows:
        value = row[j] if j < len(row) else None
        if not present(value):
            continue
        try:
            if parse_yes_no(value) is None:
                continue
        except ValidationError:
            return False
        seen = True
    return seen


def _header_rank(col: Column, text: str) -> int:
    """How plainly ``text`` names ``col``: 0 its template header (its unit aside), 1 a header
    beginning with it (第一发明人姓名), 2 another wording (发明人)."""
    if not col.header:
        return 2
    base, own = split_unit(normalize_header(text))[0], split_unit(normalize_header(col.header))[0]
    return 0 if base == own else 1 if base.startswith(own) else 2
