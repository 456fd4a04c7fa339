"""A streamed workbook's plain rows written as their XML text, not cell by cell.

openpyxl's write-only sheet makes a cell object per value, binds its type, looks its
style up, builds an element and serializes it through et_xmlfile's pure-Python writer:
at 80,000 rows of 20 columns that was three quarters of a 36 s 专利汇总表 export (and of
the 102,405-line 修改记录's). A row of numbers, texts, dates and blanks, each column's
style made once, is written here as the very text openpyxl writes for it (the tests
compare the sheets byte for byte), its own height too. Anything else — a text
openpyxl would refuse or read as an error code, a date in a column without a date
format, or openpyxl writing through lxml or another writer than the one this follows —
goes the ordinary way, cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import (  # type: ignore[attr-defined]  # (as et_xmlfile escapes)
    _escape_attrib,
    _escape_cdata,
)

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, TIME_FORMATS
from openpyxl.styles.numbers import BUILTIN_FORMATS_REVERSE, is_date_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

MOST_TEXT = 32767  # openpyxl cuts a longer text: left to it


class Plain(tuple):  # type: ignore[type-arg]
    """A row of values for :func:`rows_writer`'s columns (passed through openpyxl's append)."""


def rows_writer(ws: Any, styles: Sequence[Any]) -> Callable[[Sequence[Any]], bool] | None:
    """For a write-only sheet whose title rows are appended (its writer started), a
    function writing one row of values as its text in ``styles`` (each column's
    ``StyleArray``), returning False where the row must go cell by cell; None where
    openpyxl is not writing as this module follows."""
    write = picked_rows_writer(ws, styles)
    if write is None:
        return None
    columns = tuple(range(len(styles)))

    def append(values: Sequence[Any]) -> bool:
        if len(values) != len(columns):
            raise ValueError(f"{len(values)} values for {len(columns)} columns")
        return write(values, columns)

    return append


def picked_rows_writer(ws: Any, palette: Sequence[Any]
                       ) -> Callable[[Sequence[Any], Sequence[int]], bool] | None:
    """As :func:`rows_writer`, each cell in a style of its own: ``write(values, picks)``,
    ``picks[j]`` the index in ``palette`` (``StyleArray`` objects) of value j's style (a
    list whose cells' formats follow their values: a money column's text not a number)."""
    from openpyxl import LXML

    writer = getattr(ws, "_writer", None)
    if LXML or writer is None or getattr(ws, "_rows", None) is None:
        return None
    wb = ws.parent
    if wb.iso_dates:
        return None
    # (a cell never styled has no StyleArray: no s="…", its blanks left out)
    ids = [f' s="{wb._cell_styles.add(s)}"' if s is not None and any(s) else "" for s in palette]
    dated = [s is not None and is_date_format(wb._number_formats[s.numFmtId - 164]
                                              if s.numFmtId >= 164 else _builtin(s.numFmtId))
             for s in palette]
    letters: list[str] = []
    epoch = wb.epoch
    write_row = writer.write_row
    values_to_row = ws._values_to_row

    seen: set[type] = set()

    def xml_of(row: Plain, picks: Sequence[int], index: int, height: str) -> str | None:
        parts = [f'<row r="{index}"{height}>']
        add = parts.append
        while len(letters) < len(row):
            letters.append(get_column_letter(len(letters) + 1))
        for letter, pick, value in zip(letters, picks, row, strict=False):
            sid, is_dated = ids[pick], dated[pick]
            r = f'<c r="{letter}{index}"{sid}'
            kind = type(value)
            if value is None:
                if not sid:
                    continue
                add(f'{r} t="n" />')
            elif kind is str:
                if len(value) > MOST_TEXT or value in ERROR_CODES or \
                        ILLEGAL_CHARACTERS_RE.search(value):
                    return None
                if value == "":
                    add(f'{r} t="inlineStr" />')
                    continue
                stripped = value.strip()
                space = ' xml:space="preserve"' if stripped and stripped != value else ""
                add(f'{r} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>')
            elif kind is int or kind is Decimal or kind is float:
                add(f'{r} t="n"><v>{_number(value)}</v></c>')
            elif kind is date or kind is datetime:
                if not is_dated:
                    return None
                if kind not in seen:  # as openpyxl's cell, made unstyled, registers it
                    seen.add(kind)
                    fmt = TIME_FORMATS[kind]
                    if fmt not in BUILTIN_FORMATS_REVERSE:
                        wb._number_formats.add(fmt)
                add(f'{r} t="n"><v>{_number(to_excel(value, epoch))}</v></c>')
            else:
                return None
        add("</row>")
        return "".join(parts)

    def fast_write_row(xf: Any, row: Any, index: int) -> None:
        if type(row) is Plain:
            xf._file(row[0])
        else:
            write_row(xf, row, index)

    def fast_values_to_row(values: Any, index: int) -> Any:
        return values if type(values) is Plain else values_to_row(values, index)

    file = getattr(getattr(ws._rows, "gi_frame", None), "f_locals", {}).get("xf")
    if file is None or type(file).__module__ != "et_xmlfile.xmlfile" or \
            not callable(getattr(file, "_file", None)):
        return None
    writer.write_row = fast_write_row
    ws._values_to_row = fast_values_to_row

    rows = ws._rows

    def append(values: Sequence[Any], picks: Sequence[int]) -> bool:
        if len(picks) != len(values):
            raise ValueError(f"{len(values)} values, {len(picks)} styles picked")
        index = rows.gi_frame.f_locals["row_idx"]  # the number openpyxl gives the next row
        dims = ws.row_dimensions.get(index)  # a row's own height (ht, customHeight)
        height = "".join(f' {k}="{_escape_attrib(v)}"' for k, v in dims) if dims else ""
        xml = xml_of(Plain(values), picks, index, height)
        if xml is None:
            return False
        ws.append(Plain((xml,)))
        return True

    return append


def _number(value: Any) -> str:
    """As openpyxl's safe_string: "%.16g" (an infinity or NaN: empty)."""
    from math import isinf, isnan

    if isnan(value) or isinf(value):
        return ""
    return "%.16g" % value  # noqa: UP031 - openpyxl's safe_string: a Decimal through float


def _builtin(fmt_id: int) -> str:
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    return BUILTIN_FORMATS.get(fmt_id, "General")
