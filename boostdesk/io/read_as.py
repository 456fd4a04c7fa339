"""How a row's cells were read where the unit wrote them otherwise than the form does —
√, Y or 1 read as 是 (0 as 否), 集团级 as 区/局/集团级, 10万 as 10 万元, +86 or full-width
digits, a date's year or day supplied (10月17日, a 计划完成日期's 2023年12月) or its
century (99-3-5: 1999-03-05), a name's bracketed title dropped (李红兵（高级工程师）) —
said as a note on the row (不算问题), so the clerk sees what was read how. A space
trimmed is no note. Only text cells (and a 是/否 column's numbers) are looked at, each with
a set lookup first: the common cell costs next to nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from boostdesk.labels import show_value
from boostdesk.validate import (
    month_read,
    name_remark_note,
    no_year_read,
    phone_read_note,
    short_year_read,
    spaced_name_dot,
)

from .cell_readers import MONTH_DATES, SEASON_DATES
from .headers import AMOUNT_WAN, DATE, LEVEL, YES_NO, Column

_YES_NO = frozenset({"是", "否"})
_LEVELS = frozenset({"市级", "区/局/集团级", "区、局、集团（公司）级", "区、局、集团(公司)级"})
_PLAIN_AMOUNT = frozenset("0123456789.,")
_FEN_A_WAN = 1_000_000
_NUMBERS = frozenset({"phone", "contact_phone", "id_number", "card_number"})
_PHONES = frozenset({"phone", "contact_phone"})
_NAMES = frozenset({"inventor_name"})  # a dot typed as a space: said, not guessed (spaced_name_dot)
# a title or remark in brackets dropped from the name (李红兵（高级工程师）), said as the form says it
_PERSONS = frozenset({"inventor_name", "leader", "contact_name"})
_COUNTRY = ("+86", "＋86", "+８６", "＋８６", "0086", "（+86）", "(+86)")


NO_YEAR = "未写年份"  # a 收件日期's note: the year is the reading's, to be seen
NO_DAY = "未写日"  # a 计划完成日期's month alone: the day is the reading's (its last)


def year_notes(read_as: dict[int, list[str]], rows: set[int]) -> list[str]:
    """The notes of ``rows`` reading a 收件日期 without its year or a 计划完成日期 without
    its day, one line a reading (its rows counted): the command line prints them, as the
    window's rows say them — a year read wrongly would make papers late (方案三)."""
    from .import_verdicts import rows_counted

    by_note: dict[str, list[int]] = {}
    for row in sorted(rows):
        for note in read_as.get(row, ()):
            if NO_YEAR in note or NO_DAY in note:
                by_note.setdefault(note, []).append(row)
    return [f"{note}：{rows_counted(found, len(rows))}" for note, found in by_note.items()]


class ReadAs:
    """Built once per table from its column map (cell index → column, header as typed)
    and the record's field places."""

    def __init__(self, columns: dict[int, tuple[Column, str]], position: dict[str, int],
                 season: tuple[date, date] | None = None) -> None:
        # (cell index, column, header as typed, its place among the record's values)
        self.watched = [(j, col, text, position[col.field])
                        for j, (col, text) in sorted(columns.items())
                        if col.kind in (YES_NO, LEVEL, AMOUNT_WAN)
                        or col.field in _NUMBERS or col.field in _PERSONS
                        or col.kind == DATE]
        self.season = season  # a 收件日期's month and day alone: the year it was read in

    def notes(self, cells: list[Any], values: list[Any]) -> list[str]:
        """The notes of a row read (``values``: the record's values as read)."""
        width = len(cells)
        said = []
        for j, col, text, place in self.watched:
            raw = cells[j] if j < width else None
            if col.kind == YES_NO and type(raw) in (int, float):
                raw = f"{raw:g}"  # 0 or 1 typed for 否 / 是: a number cell, said as √ is
            elif type(raw) is not str:
                continue  # a number or date cell: read as Excel holds it
            raw = raw.strip()
            if not raw:
                continue
            note = self._note(col, raw, values[place])
            if note:
                said.append(f"{text}{note}")
        return said

    def _note(self, col: Column, raw: str, value: Any) -> str:
        if value is None:
            return ""
        if col.kind == DATE:  # the form's hints: the year or the day supplied, the century
            if col.field in SEASON_DATES:  # 3月15日: the year, the reading's
                read = no_year_read(raw, self.season)
                if read:
                    return f"填“{raw}”，{NO_YEAR}，{read}"
            if col.field in MONTH_DATES and (read := month_read(raw)):  # 2023年12月
                return f"填“{raw}”，{NO_DAY}，{read}"
            read = short_year_read(raw)  # 99-3-5: 1999, not 2099
            return f"填“{raw}”，{read}" if read else ""
        if col.kind == YES_NO:
            return "" if raw in _YES_NO else f"填“{raw}”，读作“{'是' if value else '否'}”"
        if col.kind == LEVEL:
            if raw in _LEVELS or "示范" in raw:  # 示范: said with the model studio
                return ""
            return f"填“{raw}”，读作“{show_value('studio_level', value)}”"
        if col.kind == AMOUNT_WAN:
            if set(raw) <= _PLAIN_AMOUNT:
                return ""
            wan = (Decimal(value) / _FEN_A_WAN).normalize()
            return f"填“{raw}”，读作 {wan:f} 万元"
        if col.field in _PERSONS and (dropped := name_remark_note(raw, value)):
            return f"填“{raw}”，{dropped}"
        if col.field in _NAMES:
            dotted = spaced_name_dot(raw)
            return (f"填“{raw}”，读作“{value}”；如名字中间应有间隔点，应为“{dotted}”，请照身份证核对"
                    if dotted else "")
        said = []
        if col.field in _PHONES and raw.replace(" ", "").startswith(_COUNTRY):
            said.append("去掉了国家代码 +86")
        if col.field in _PHONES and not raw.isdigit() and (more := phone_read_note(raw)):
            said.append(more)  # 13800138000/010-83570885: the first stored, as the form says
        if not raw.isascii() and any("\uff10" <= ch <= "\uff19" for ch in raw):
            said.append("的全角数字按半角读取")
        return "，".join(said).replace("，的", "，")
