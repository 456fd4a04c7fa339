"""A refused row whose cells sit one or two columns off (a cell left out or typed twice
at its start, every later value pushed along): said as one line naming the shift, not as
a wrong date, a name with digits and a phone that is a card, and not shifted back (which
column was left out only the unit knows). Also the blank required cells of a refused row:
the unit corrects the row once, not once per import."""

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

    def _fits(self, cells: list[Any], shift: int) -> int:
        width = len(cells)
        return sum(1 for j, test in self.tests.items()
                   if 0 <= j + shift < width and present(v := cells[j + shift]) and test(v))

    def shifted(self, row: int, cells: list[Any]) -> CellError | None:
        """One line for a row whose values fit the columns ``shift`` cells along far better
        than their own, or None."""
        as_typed = self._fits(cells, 0)
        best, shift = max((self._fits(cells, s), -abs(s), s) for s in _SHIFTS)[::2]
        if best < _LEAST_FITS or best < as_typed + _MORE_FITS:
            return None
        width = len(cells)

        def cell(j: int) -> Any:
            return cells[j] if 0 <= j < width else None

        # what the unit sees: the column left blank where the values start, then the
        # columns holding their neighbours' values (distinct kinds first)
        said = [f"{text}为空" for j, text in sorted(self.headers.items())
                if not present(cell(j)) and present(cell(j + shift))][:1]
        pairs = [(j, f"{text}一栏是{self.headers[j - shift]}")
                 for j, text in sorted(self.headers.items())
                 if present(cell(j)) and j - shift in self.headers]
        said += [text for j, text in pairs if j in self.tests][:2] or [t for _j, t in pairs][:2]
        side = "右" if shift > 0 else "左"
        return CellError(row, "", f"整行内容似乎向{side}错了{_SAID[abs(shift)]}（{'，'.join(said)}……），"
                                  "请核对后重新填写")

    def blanks(self, row: int, cells: list[Any], filled: set[str]) -> list[CellError]:
        """The required cells this row leaves blank (``filled``: headers given otherwise,
        such as the union above the header)."""
        width = len(cells)
        return [CellError(row, text, "未填写：此栏必填，请填写")
                for j, text in self.required
                if text not in filled and not present(cells[j] if j < width else None)]
