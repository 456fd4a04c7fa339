"""Rows of a list as the clipboard carries them: tab-separated text for WeChat, Notepad and
any program, and an HTML table that Excel, WPS and LibreOffice paste into cells.

The texts are the list's own (dates, ¥ amounts, statuses, masked numbers as shown); this
only makes them survive the paste:

- A tab or line break inside a cell would start a new cell or row: it becomes one space.
- Excel reads a pasted ``6217000012345678901`` as 6.217E+18 (digits past the 15th lost),
  ``0101`` as 101, ``202210123456.7`` as a number and ``1-2`` as a date. In the HTML such a
  cell carries ``mso-number-format:'\\@'`` (Excel's and WPS's "text" format) and
  ``sdnum="2052;0;@"`` (LibreOffice's), so it stays as shown; a cell starting with ``=``
  stays text, not a formula. Plain counts, scores and ¥ amounts are left for Excel to read
  as numbers (they add up), and a date keeps its ``2022-03-01`` form as a real date.
- In the text, a cell starting with ``"`` is quoted as Excel's paste expects: a lone quote
  would otherwise swallow the tabs and rows after it into one cell.

No Qt here: ``boostdesk.ui.copy_rows`` gathers the rows a view selects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

# a run of tabs, line breaks and other control characters: one space in the pasted cell
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
# what Excel may read as a number, date or formula and that is best left to it: it keeps
# the value shown (a count, a score, a percentage, an amount in yuan)
_PLAIN_NUMBER = re.compile(
    r"-?(?:0|[1-9]\d{0,9})(?:\.\d{1,4})?%?"  # ≤ 10 digits before the point: exact in Excel
    r"|-?¥-?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?"  # ¥12,345.00 (style.show_money)
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORMULA_START = "=+-@"
_DIGIT = re.compile(r"[0-9]")
_EXCEL_WORDS = frozenset({"TRUE", "FALSE", "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?"})

# Excel's (and WPS's) number format @: text, as typed; LibreOffice reads its own sdnum
# (language 2052, zh-CN) and ignores Excel's, Excel the other way round
AS_TEXT = " style=\"mso-number-format:'\\@'\" sdnum=\"2052;0;@\""
# a real date in Excel, shown as the list shows it (LibreOffice keeps an ISO date as shown)
AS_DATE = " style=\"mso-number-format:'yyyy\\-mm\\-dd'\""


def clean_cell(text: object) -> str:
    """A cell's text on one line: tabs, line breaks and control characters as one space."""
    if text is None:
        return ""
    cell = text if isinstance(text, str) else str(text)
    return _BREAKS.sub(" ", cell) if _BREAKS.search(cell) else cell


def cell_attributes(cell: str) -> str:
    """The ``<td>`` attributes that keep ``cell`` as shown when a spreadsheet pastes it (""
    when none is needed: Chinese text, and numbers Excel keeps exactly)."""
    if not cell:
        return ""
    if _DIGIT.search(cell) is None:
        starts = cell[0] in _FORMULA_START
        return AS_TEXT if starts or (len(cell) <= 7 and cell.upper() in _EXCEL_WORDS) else ""
    if _PLAIN_NUMBER.fullmatch(cell):
        return ""
    return AS_DATE if _ISO_DATE.fullmatch(cell) else AS_TEXT


def _tsv_cell(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if cell.startswith('"') else cell


def _clean_row(row: Sequence[object]) -> Sequence[str]:
    try:  # one test a row, not a cell: most rows are texts with no break at all
        if "".join(row).isprintable():  # type: ignore[arg-type]
            return row  # type: ignore[return-value]
    except TypeError:  # a number or None among them
        pass
    return [clean_cell(c) for c in row]


_HEAD = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
         "</head><body>\n<!--StartFragment--><table>\n")
_TAIL = "</table><!--EndFragment-->\n</body></html>"


class _Writer:
    """Both forms, a row at a time (100,000 rows: no third copy of them all in memory)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.html: list[str] = [_HEAD]
        self.opened: dict[str, str] = {}  # "<td …>" by text: a list repeats its statuses

    def add(self, row: Sequence[object], tag: str = "td") -> None:
        cells = _clean_row(row)
        line = "\t".join(cells)
        self.lines.append(line if '"' not in line else "\t".join(_tsv_cell(c) for c in cells))
        # cleaned cells hold no tab: the row escaped in one go, then cut back into cells
        texts = escape(line, quote=False).split("\t")
        opened = self.opened if tag == "td" else {}
        out = []
        for cell, text in zip(cells, texts, strict=True):
            start = opened.get(cell)
            if start is None:
                start = f"<{tag}{cell_attributes(cell)}>"
                if len(opened) < 50_000:
                    opened[cell] = start
            out.append(f"{start}{text}</{tag}>")
        self.html.append(f"<tr>{''.join(out)}</tr>\n")

    def tsv(self) -> str:
        return "\n".join(self.lines)

    def table(self) -> str:
        return "".join(self.html) + _TAIL


def _write(rows: Iterable[Sequence[object]], headers: Sequence[str] | None) -> tuple[_Writer, int]:
    writer = _Writer()
    if headers is not None:
        writer.add(headers, "th")
    count = 0
    for row in rows:
        writer.add(row)
        count += 1
    return writer, count


class Building:
    """:func:`both` a slice of rows at a time: a long copy leaves the window answering
    between slices (``boostdesk.ui.copy_rows``); the same text and HTML in the end."""

    def __init__(self, headers: Sequence[str] | None = None) -> None:
        self._writer, self.count = _write((), headers)

    def add(self, rows: Iterable[Sequence[object]]) -> None:
        for row in rows:
            self._writer.add(row)
            self.count += 1

    def done(self) -> tuple[str, str]:
        """The text and the HTML (the rows' texts dropped as they are joined)."""
        text = self._writer.tsv()
        self._writer.lines = []
        return text, self._writer.table()


def to_tsv(rows: Iterable[Sequence[object]], headers: Sequence[str] | None = None) -> str:
    """Rows as tab-separated lines, each cell cleaned (``clean_cell``); no line break after
    the last (a message gets no blank line)."""
    return _write(rows, headers)[0].tsv()


def to_html(rows: Iterable[Sequence[object]], headers: Sequence[str] | None = None) -> str:
    """Rows as an HTML table, each cell cleaned (``clean_cell``) and given the attributes
    that keep it as shown in a spreadsheet (``cell_attributes``); the header row in bold
    (``<th>``)."""
    return _write(rows, headers)[0].table()


def both(rows: Iterable[Sequence[object]], headers: Sequence[str] | None = None
         ) -> tuple[str, str, int]:
    """The text, the HTML and the number of rows (headers not counted), in one pass over
    ``rows`` (which may be a generator reading them from the register)."""
    building = Building(headers)
    building.add(rows)
    return (*building.done(), building.count)
