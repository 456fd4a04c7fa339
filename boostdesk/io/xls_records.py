"""What calamine does not tell of an Excel 97-2003 .xls: the rows and columns the unit hid
(a filter's too), and the formula cells whose saved result is a 0 that is no result.

An .xlsx's are found while its parts are inflated (``safety.archive``); an .xls is one OLE
stream of BIFF8 records, walked here once (xlrd's compound-file reader opens the stream)
without building its cells again: only ROW, COLINFO and formula records are looked at.

LibreOffice's “Excel 97-2003” export (``soffice --convert-to xls`` most of all) saves a
formula whose value it has not worked out as the number 0, text formulas too
(=IF(..,"是","否"), ="北京"&"某公司", =B3, VLOOKUP of a name); Excel and WPS work it out again
on opening, so the unit sees 是 where the file holds 0, which would be read as 否 or "0".
Such a 0 cannot be told from a true one by its record; a formula whose result is a number
by its last step (arithmetic, SUM, ROW…) is taken at its word, any other one's 0 is not.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_ROW, _COLINFO, _FORMULA, _SHRFMLA = 0x0208, 0x007D, 0x0006, 0x04BC
_WANTED = {_EOF, _ROW, _COLINFO, _FORMULA, _SHRFMLA}
_ZERO = bytes(8)  # a formula's saved result: the number 0.0 (a text's ends in FF FF)

# Operand sizes by ptg (BIFF8, MS-XLS 2.5.198): operators and tParen/tMissArg take none.
_PLAIN_SIZES = {0x01: 4, 0x02: 4, 0x1C: 1, 0x1D: 1, 0x1E: 2, 0x1F: 8}
_CLASSED_SIZES = {
    0x00: 7,
    0x01: 2,
    0x02: 3,
    0x03: 4,
    0x04: 4,
    0x05: 8,
    0x06: 6,
    0x07: 6,
    0x08: 6,
    0x09: 2,
    0x0A: 4,
    0x0B: 8,
    0x0C: 4,
    0x0D: 8,
    0x19: 6,
    0x1A: 6,
    0x1B: 10,
    0x1C: 6,
    0x1D: 10,
}
_NUMERIC_OPERATORS = {0x03, 0x04, 0x05, 0x06, 0x07, 0x12, 0x13, 0x14, 0x1E, 0x1F}
# Functions whose result is always a number, by their numbers in the file.
_NUMERIC_FUNCTIONS = frozenset(
    {
        "COUNT": 0,
        "SUM": 4,
        "AVERAGE": 5,
        "MIN": 6,
        "MAX": 7,
        "ROW": 8,
        "COLUMN": 9,
        "ABS": 24,
        "INT": 25,
        "ROUND": 27,
        "LEN": 32,
        "VALUE": 33,
        "MOD": 39,
        "DATE": 65,
        "DAY": 67,
        "MONTH": 68,
        "YEAR": 69,
        "NOW": 74,
        "COUNTA": 169,
        "PRODUCT": 183,
        "ROUNDUP": 212,
        "ROUNDDOWN": 213,
        "TODAY": 221,
        "SUMPRODUCT": 228,
        "SUMIF": 345,
        "COUNTIF": 346,
        "COUNTBLANK": 347,
    }.values()
)


@dataclass(frozen=True)
class XlsSheetFacts:
    hidden_rows: frozenset[int]  # 1-based: hidden, filtered out, or 0 high
    hidden_columns: frozenset[int]  # 1-based: hidden or 0 wide
    unsaved_formulas: frozenset[tuple[int, int]]  # (row, column), 1-based: a 0 that is no result


def read_facts(path: Path) -> dict[str, XlsSheetFacts]:
    """By worksheet name. Empty when the file is no BIFF8 workbook or is encrypted (calamine
    has refused those already); ``ValueError`` when its compound file is broken."""
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        doc = CompDoc(path.read_bytes(), logfile=_Quiet(), ignore_workbook_corruption=True)
        stream = doc.get_named_stream("Workbook") or doc.get_named_stream("Book")
    except (CompDocError, struct.error, IndexError) as exc:
        raise ValueError(str(exc)) from exc
    if not stream:
        return {}
    data = bytes(stream)
    if data[:6] != struct.pack("<HHH", _BOF, 16, 0x0600):  # BIFF8's (Excel 97-2003) BOF
        return {}
    sheets: list[tuple[int, str]] = []
    for kind, at, length in _records(data, 0):
        if kind == _FILEPASS:
            return {}
        body = data[at : at + length] if kind == _BOUNDSHEET else b""
        if len(body) >= 8 and body[5] == 0:  # dt 0: a worksheet
            sheets.append((struct.unpack_from("<I", body)[0], _short_text(body[6:])))
        elif kind == _EOF:
            break
    return {name: _sheet_facts(data, at) for at, name in sheets if at < len(data)}


def _records(data: bytes, at: int) -> Iterator[tuple[int, int, int]]:
    """(kind, where its body starts, its length) of each record from ``at`` on."""
    end, header = len(data) - 4, struct.Struct("<HH").unpack_from
    while at <= end:
        kind, length = header(data, at)
        yield kind, at + 4, length
        at += 4 + length


def _short_text(raw: bytes) -> str:
    """A BIFF8 ShortXLUnicodeString: a count of characters, a flag, the characters."""
    if len(raw) < 2:
        return ""
    count, wide = raw[0], raw[1] & 1
    return (
        raw[2 : 2 + 2 * count].decode("utf-16-le", "replace")
        if wide
        else raw[2 : 2 + count].decode("latin-1")
    )


def _sheet_facts(data: bytes, at: int) -> XlsSheetFacts:
    rows: set[int] = set()
    columns: set[int] = set()
    zeros: list[tuple[int, int, bytes]] = []  # formulas saved as 0, with their tokens
    shared: dict[tuple[int, int], bytes] = {}  # a shared formula's tokens by its first cell
    last_formula: tuple[int, int] | None = None
    records = _records(data, at)
    if next(records, (None,))[0] != _BOF:  # the sheet's own BOF opens its records
        return XlsSheetFacts(frozenset(), frozenset(), frozenset())
    for kind, start, length in records:
        if kind not in _WANTED:
            continue
        body = data[start : start + length]
        if kind == _EOF:
            break
        if kind == _ROW and len(body) >= 14:
            row, height, flags = (
                struct.unpack_from("<H", body, 0)[0],
                struct.unpack_from("<H", body, 6)[0] & 0x7FFF,
                struct.unpack_from("<H", body, 12)[0],
            )
            if flags & 0x20 or height == 0:  # fDyZero: hidden (or filtered out)
                rows.add(row + 1)
        elif kind == _COLINFO and len(body) >= 10:
            low, high, width, _xf, flags = struct.unpack_from("<HHHHH", body)
            if flags & 1 or width == 0:
                columns.update(range(low + 1, min(high, 255) + 2))
        elif kind == _FORMULA and len(body) >= 22:
            row, column = struct.unpack_from("<HH", body)
            last_formula = (row, column)
            if body[6:14] == _ZERO:
                size = struct.unpack_from("<H", body, 20)[0]
                zeros.append((row, column, body[22 : 22 + size]))
        elif kind == _SHRFMLA and len(body) >= 10 and last_formula is not None:
            size = struct.unpack_from("<H", body, 8)[0]
            shared[last_formula] = body[10 : 10 + size]
    unsaved = set()
    for row, column, tokens in zeros:
        if tokens[:1] == b"\x01" and len(tokens) >= 5:  # tExp: the shared formula's tokens
            tokens = shared.get(struct.unpack_from("<HH", tokens, 1), b"")
        if not _numeric(tokens):
            unsaved.add((row + 1, column + 1))
    return XlsSheetFacts(frozenset(rows), frozenset(columns), frozenset(unsaved))


def _numeric(tokens: bytes) -> bool:
    """Whether a formula's result is a number by its last step; False when unsure."""
    last: tuple[int, bytes] | None = None
    at, end = 0, len(tokens)
    while at < end:
        ptg = tokens[at]
        at += 1
        if ptg == 0x17:  # tStr: a count, a flag, the characters
            if at + 2 > end:
                return False
            size = tokens[at] * (2 if tokens[at + 1] & 1 else 1)
            last, at = (ptg, b""), at + 2 + size
            continue
        if ptg == 0x19:  # tAttr: control (IF's jumps, spaces) but for SUM of one range
            if at + 3 > end:
                return False
            kind, count = tokens[at], struct.unpack_from("<H", tokens, at + 1)[0]
            at += 3 + (2 * (count + 1) if kind & 0x04 else 0)
            if kind & 0x10:
                last = (0x21, struct.pack("<H", 4))  # tAttrSum: SUM()
            continue
        if ptg == 0x15:  # tParen: what it encloses was the last step
            continue
        if ptg < 0x20:
            if ptg in _PLAIN_SIZES:
                size = _PLAIN_SIZES[ptg]
            elif 0x03 <= ptg <= 0x16:
                size = 0
            else:
                return False  # unknown
            last, at = (ptg, tokens[at : at + size]), at + size
            continue
        base = ptg & 0x1F
        if base not in _CLASSED_SIZES:
            return False
        size = _CLASSED_SIZES[base]
        last, at = (0x20 | base, tokens[at : at + size]), at + size
    if last is None:
        return False
    ptg, operand = last
    if ptg in _NUMERIC_OPERATORS:
        return True
    if ptg in (0x21, 0x22) and len(operand) == _CLASSED_SIZES[ptg & 0x1F]:  # tFunc, tFuncVar
        number = struct.unpack_from("<H", operand, 1 if ptg == 0x22 else 0)[0] & 0x7FFF
        return number in _NUMERIC_FUNCTIONS
    return False


class _Quiet:
    """xlrd's reader writes its warnings to a log file: here, nowhere."""

    def write(self, _text: str) -> None:
        pass
