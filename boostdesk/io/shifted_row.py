"""A refused row whose cells sit one or two columns off (a cell left out or typed twice
at its start, every later value pushed along): said as one line naming the shift, not as
a wrong date, a name with digits and a phone that is a card, and not shifted back (which
column was left out only the unit knows) — from its first column, or from one column on
(the cells before it fitting as typed). A row read whole whose last cells look one along
(是否一线职工 blank, its 是 in 备注) is said to check (``loose_end``). Also the blank
required cells of a refused row: the unit corrects the row once, not once per import."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from boostdesk.validate import (
    FRONTLINE_WORDS,
    ValidationError,
    check_person_name,
    check_phone,
    parse_studio_level,
    parse_yes_no,
)

from .cell_readers import clean_text, number_text, present
from .errors import CellError
from .headers import DATE, LEVEL, NAME, YES_NO, Column

# Cells a unit must fill for its row to be judged (第一发明人 / 项目名称 is refused apart)
REQUIRED = frozenset({"unit_name", "title", "patent_number_raw", "grant_date", "id_number"})
_PATENT = re.compile(r"^(?:ZL)?\d{8}(?:\d{4})?\.?[\dX]$")
_ID = re.compile(r"^(?:\d{17}[\dX]|\d{15})$")
_CARD = re.compile(r"^\d{16,19}$")
_CJK = re.compile(r"^[\u3400-\u9fff\u00b7]{2,6}$")
# Shifted cells that must fit their column's kind, and by how many more than as they sit
_LEAST_FITS = 4
_MORE_FITS = 3
_SHIFTS = (1, -1, 2, -2)
_SAID = ("", "一列", "两列")


def _fits_date(value: Any) -> bool:
    from .cell_readers import _read_date

    try:
        return _read_date(value) is not None
    except (ValidationError, ValueError, OverflowError):
        return False


def _fits_name(value: Any) -> bool:
    text = "".join(clean_text(value).split())
    if not _CJK.match(text):
        return False
    try:
        check_person_name(text)
    except ValidationError:
        return False
    return True


def _fits_phone(value: Any) -> bool:
    text = number_text(value)
    if not any(ch.isdigit() for ch in text):
        return False
    try:
        check_phone(text)
    except ValidationError:
        return False
    return True


def _parses(parse: Callable[[Any], Any]) -> Callable[[Any], bool]:
    def fits(value: Any) -> bool:
        try:
            return parse(value) is not None
        except (ValidationError, ValueError):
            return False
    return fits


def _matches(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: bool(pattern.match("".join(number_text(value).split()).upper()))


def _fit_test(col: Column) -> Callable[[Any], bool] | None:
    """Whether a value looks like this column's (a date, an ID, a name…); None for a
    column of any text, which tells nothing."""
    if col.kind == DATE:
        return _fits_date
    if col.kind == YES_NO:
        words = FRONTLINE_WORDS if col.field == "frontline" else None
        return _parses(lambda v: parse_yes_no(clean_text(v), words))
    if col.kind == LEVEL:
        return _parses(lambda v: parse_studio_level(clean_text(v)))
    if col.kind == NAME:
        return _fits_name
    return {"patent_number_raw": _matches(_PATENT), "id_number": _matches(_ID),
            "card_number": _matches(_CARD), "phone": _fits_phone,
            "contact_phone": _fits_phone}.get(col.field)


class ShiftCheck:
    """Built once per table from its column map (cell index → column, header as typed)."""

    def __init__(self, columns: dict[int, tuple[Column, str]]) -> None:
        self.headers = {j: text for j, (col, text) in columns.items() if col.field != "seq"}
        self.required = [(j, text) for j, (col, text) in sorted(columns.items())
                         if col.field in REQUIRED]
        self.tests = {j: test for j, (col, _text) in columns.items()
                      if col.field != "seq" and (test := _fit_test(col)) is not None}
        self.yes_no = {j for j, (col, _text) in columns.items() if col.kind == YES_NO}

    def _fits(self, cells: list[Any], shift: int, start: int = 0) -> int:
        """How many cells from column ``start`` on fit the column ``shift`` to their left."""
        width = len(cells)
        return sum(1 for j, test in self.tests.items()
                   if j >= start and 0 <= j + shift < width and present(v := cells[j + shift])
                   and test(v))

    def _shift(self, cells: list[Any]) -> tuple[int, int] | None:
        """(the first column shifted, by how many): the whole row (a cell left out or typed
        twice at its start), or its columns from one on (第一发明人 left blank, 姓名 typed
        under 身份证号, every later value one along) — the columns before that fitting as
        typed. None when no shift fits far better than the cells as they sit."""
        starts = sorted(self.headers)
        for k in starts:  # the longest stretch first: a whole row is said as such
            best = max((self._fits(cells, s, k), -abs(s), s) for s in _SHIFTS)
            fits, shift = best[0], best[2]
            if fits < _LEAST_FITS or fits < self._fits(cells, 0, k) + _MORE_FITS:
                continue
            before_typed = self._fits(cells, 0, 0) - self._fits(cells, 0, k)
            if k == starts[0] or before_typed >= self._fits(cells, shift, 0) - fits:
                # the part before the shift reads as typed
                return self._start(cells, starts[starts.index(k):], shift), shift
        return None

    def _start(self, cells: list[Any], after: list[int], shift: int) -> int:
        """Where the shift begins: past the cells that fit their own column, at the cell
        left blank (shifted right) or the first holding its neighbour's value."""
        width = len(cells)
        for j in after:
            value = cells[j] if j < width else None
            if shift > 0 and not present(value):
                return j
            if j in self.tests and present(value) and self.tests[j](value):
                continue
            if shift < 0 or j in self.tests:
                return j
        return after[0]

    def shifted(self, row: int, cells: list[Any]) -> CellError | None:
        """One line for a row whose values fit the columns ``shift`` cells along far better
        than their own (from its first column, or from one column on), or None."""
        found = self._shift(cells)
        if found is None:
            return None
        start, shift = found
        width = len(cells)

        def cell(j: int) -> Any:
            return cells[j] if 0 <= j < width else None

        pairs = [(j, f"{text}一栏是{self.headers[j - shift]}")
                 for j, text in sorted(self.headers.items())
                 if j >= start and present(cell(j)) and j - shift in self.headers]
        tested = [text for j, text in pairs if j in self.tests][:2] or [t for _j, t in pairs][:2]
        if shift > 0:
            # what the unit sees: the column left blank where the values start, then the
            # columns holding their neighbours' values (distinct kinds first)
            said = [f"{text}为空" for j, text in sorted(self.headers.items())
                    if j >= start and not present(cell(j)) and present(cell(j + shift))][:1]
            said += tested
        else:
            # values begun a column early (a cell left out before them): the first column
            # holds its right neighbour's value; the blank left at the row's end is no cause
            said = [*dict.fromkeys([t for _j, t in pairs][:1] + tested)][:3]
        side = "右" if shift > 0 else "左"
        where = ("整行内容" if start == min(self.headers)
                 else f"从“{self.headers[start]}”起，这一行的内容")
        cause = ("" if shift > 0 else "：像是前面少填了一格，其后各项都填进了左边一栏")
        return CellError(row, "", f"{where}似乎向{side}错了{_SAID[abs(shift)]}"
                                  f"（{'，'.join(said)}……{cause}），请核对后重新填写")

    def loose_end(self, cells: list[Any]) -> str | None:
        """A row read whole whose last cells look one column along: a yes/no column left
        blank (是否一线职工), each later cell fitting the column to its left, and a free-text
        column (备注) holding the bare 是/否 that belongs there. Said to check, not refused:
        what was meant only the unit knows."""
        width = len(cells)

        def cell(j: int) -> Any:
            return cells[j] if 0 <= j < width else None

        order = sorted(self.headers)
        for i, k in enumerate(order):
            if k not in self.yes_no or present(cell(k)):
                continue
            for m in order[i + 1:]:
                left = order[order.index(m) - 1]
                value = cell(m)
                if not present(value) or left not in self.tests or not self.tests[left](value):
                    break
                if m not in self.tests:  # free text holding its left neighbour's 是/否
                    return (f"“{self.headers[k]}”为空，“{self.headers[m]}”填的是"
                            f"“{clean_text(value)}”：似乎从“{self.headers[k]}”起向右错了一列，"
                            "已照表读取，请核对（必要时请报送单位改正）")
        return None

    def blanks(self, row: int, cells: list[Any], filled: set[str]) -> list[CellError]:
        """The required cells this row leaves blank (``filled``: headers given otherwise,
        such as the union above the header)."""
        width = len(cells)
        return [CellError(row, text, "未填写：此栏必填，请填写")
                for j, text in self.required
                if text not in filled and not present(cells[j] if j < width else None)]
