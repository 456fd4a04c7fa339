"""Hostile .xlsx files refused before a spreadsheet library opens them.

An .xlsx is a zip of XML. Two kinds of file can take the whole machine down
inside python-calamine (which aborts the process when an allocation fails) or
openpyxl, long before any importer sees a cell:

- a zip bomb: a few hundred KB that inflate to gigabytes;
- a sheet whose cells reach far out (one cell at XFD1048576): calamine builds
  a dense grid of rows × columns cells, 32 bytes each, so a 2 KB file asks
  for half a terabyte.

:func:`check_archive` reads the zip directory, then inflates each part once
without keeping it (zipfile stops at the declared size and checks the CRC, so
a part lying about its size fails), scanning worksheets for their row and cell
references: ≈ 0.04 s for a 10,000-row table, a third of calamine's own read.

The declared sizes and a sheet's ``<dimension>`` cannot be trusted (the hostile
tests lie in both), so the parts are inflated and their references read; what
costs little is looking for a cell text longer than Excel allows (see
:func:`_long_text`).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from boostdesk.io.errors import ImportFailed
from boostdesk.io.xlsx_read import ZIP_MAGIC

MAX_ROWS = 200_000  # a summary table is hundreds of rows; ten years of history is far below this
MAX_CELLS = 10_000_000  # rows × columns of one sheet's grid (≈ 320 MB inside calamine)
MAX_PART_BYTES = 1 << 30  # one XML part, inflated
MAX_TOTAL_BYTES = 2 << 30
BOMB_RATIO = 100  # real sheets inflate 5-30×; bombs 1,000× and more
BOMB_MIN_BYTES = 10 << 20
_CHUNK = 1 << 20
_OVERLAP = 64

# Both start with the literal r=" so the regex engine skips ahead at C speed; in a
# worksheet only row and cell references end that way (stray matches elsewhere can
# only raise a maximum, never hide one).
_ROW_REF = re.compile(rb'r="(\d+)"')
_WIDE_CELL = re.compile(rb'r="([A-Z]{2,3})(\d+)"')
# Longer than any cell Excel can hold (32,767 characters, up to 4 UTF-8 bytes each).
_LONG_TEXT_BYTES = 131069
_LONG_TEXT = re.compile(rb">[^<]{%d}" % _LONG_TEXT_BYTES)
# Any run of _LONG_TEXT_BYTES bytes without a "<" holds a whole block of this size.
_BLOCK = _LONG_TEXT_BYTES // 2
_NARROW_COLUMNS = 26  # cells A..Z need no scan: they cannot make a sheet wide
# A formula cell without its value: a table written by a program and never opened and
# saved in Excel or WPS, which compute and store the values. calamine reads such a cell
# as blank, so the importer needs to know which ones they are to say why. No <v>, or an
# empty one (openpyxl writes <v />) unless the value is a text (t="str"): "" is a value.
_BARE_FORMULA = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"([^>]*)>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(<v\s*/>|<v></v>)?</c>')
# A cell showing an error (#N/A, #REF!), computed or typed: calamine reads it as blank.
_ERROR_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d+)"[^>]*?\st="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
# A row the unit hid (or a filter left hidden); calamine reads it as any other.
_HIDDEN_ROW = re.compile(rb'<row r="(\d+)"[^>]*?\shidden="(?:1|true)"')
# A row given no height (ht="0", without hidden=): as unseen as a hidden one.
_FLAT_ROW = re.compile(rb'<row r="(\d+)"[^>]*?\sht="0(?:\.0*)?"')
# A column the unit hid: <col min="3" max="4" width="0" hidden="1"/>, attributes in any order.
_COL_TAG = re.compile(rb'<(?:\w+:)?col\s[^>]*>')
_COL_SPAN = (re.compile(rb'\smin="(\d+)"'), re.compile(rb'\smax="(\d+)"'))
_HIDDEN_ATTR = re.compile(rb'\shidden="(?:1|true)"')
_CELL_OVERLAP = 1 << 16  # a formula cell cut at the chunk edge is read whole next round
MAX_BARE_FORMULAS = 100_000  # per sheet: beyond this the file is refused whole
_SAVE_AS = "请用 Excel 或 WPS 打开它，“另存为”选“Excel 工作簿 (*.xlsx)”，再导入新文件"


@dataclass(frozen=True)
class SheetExtent:
    part: str
    rows: int
    columns: int
    # (row, column), 1-based, of formula cells stored without a value
    bare_formulas: frozenset[tuple[int, int]] = frozenset()
    hidden_rows: frozenset[int] = frozenset()  # 1-based: hidden, or filtered out
    hidden_columns: frozenset[int] = frozenset()  # 1-based
    # (row, column, error shown), 1-based, of cells showing an error (#N/A, #REF!)
    error_cells: frozenset[tuple[int, int, str]] = frozenset()

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def column_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(number: int) -> str:
    """1 → A, 27 → AA: a column as Excel names it."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Limits:
    rows: int = MAX_ROWS
    cells: int = MAX_CELLS
    advice: str = "请让报送单位重新导出表格"
    kinds: bool = True  # name what a zip that is no .xlsx is (a Word document, an .ods)


SUMMARY_TABLE = Limits()
# A returned scoring package: one row per assigned project, a dozen columns; openpyxl
# walks every cell of its grid in Python, so the bounds are far tighter.
SCORING_PACKAGE = Limits(5_000, 200_000, "请用导出的原评分包重新填写", kinds=False)


def check_archive(path: str | Path, limits: Limits = SUMMARY_TABLE) -> list[SheetExtent]:
    """Refuse (:class:`ImportFailed`, in Chinese) a zip that is no .xlsx, a bomb, or a sheet too big.

    Returns the extent of each worksheet when the file is acceptable.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if limits.kinds:
                _check_kind(path, names)
            _check_sizes(path, infos, limits)
            extents = [_scan(archive, info, path, limits) for info in infos]
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        # A CRC error, a lying size, an unknown compression, an encrypted entry.
        raise ImportFailed(
            f"{path.name} 已损坏或不是 Excel 工作簿，无法读取（{type(exc).__name__}）。{_SAVE_AS}"
        ) from exc
    for extent in extents:
        check_extent(path, extent, limits)
    return [e for e in extents if e.part.startswith("xl/worksheets/")]


def sheet_names_by_part(path: str | Path) -> dict[str, str]:
    """Each worksheet's part (``xl/worksheets/sheet1.xml``) → its name as Excel shows it,
    read from the workbook and its relationships; {} when they cannot be read (the file
    has passed :func:`check_archive`: these parts are small)."""
    import posixpath
    from xml.etree import ElementTree

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, OSError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        targets[rel.get("Id")] = part
    return {targets[sheet.get(rel_ns)]: sheet.get("name", "")
            for sheet in book.iter() if sheet.tag.endswith("}sheet")
            and sheet.get(rel_ns) in targets}


def uses_1904_dates(path: str | Path) -> bool:
    """Whether the workbook counts its dates from 1904 (``<workbookPr date1904="1"/>``: a
    workbook begun in an older Excel for Mac, kept so by every later save), where a date's
    serial number is 1,462 days less than in the usual 1900 system. False when the
    workbook part cannot be read (the file has passed :func:`check_archive`: it is small)."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, zipfile.BadZipFile, OSError, ElementTree.ParseError):
        return False
    return any(e.tag.endswith("}workbookPr") and e.get("date1904", "").lower() in ("1", "true")
               for e in book)


def _check_kind(path: Path, names: set[str]) -> None:
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        what = " Excel 二进制工作簿（.xlsb）"
    elif "content.xml" in names:
        what = " OpenDocument 文件（如 WPS/LibreOffice 的 .ods）"
    elif any(n.startswith("word/") for n in names):
        what = " Word 文档"
    elif any(n.startswith("ppt/") for n in names):
        what = " PowerPoint 演示文稿"
    else:
        what = "普通 zip 压缩包"
    raise ImportFailed(f"{path.name} 已损坏或不是 Excel 工作簿：看起来是{what}。{_SAVE_AS}")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        bomb = info.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES or bomb:
            raise ImportFailed(
                f"{path.name} 解压后有 {_mb(max(total, info.file_size))}（压缩包内“{info.filename}”"
                f"从 {_mb(info.compress_size)} 膨胀到 {_mb(info.file_size)}），"
                f"远超正常表格的大小，可能已损坏或是恶意文件，未导入。{limits.advice}"
            )


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB"


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path,
          limits: Limits) -> SheetExtent:
    """Inflate a part once without keeping it; for worksheets, the furthest row and column.

    zipfile stops at the declared size and checks the CRC, so a part that lies
    about its size (to get past :func:`_check_sizes`) fails here. Every part is
    also searched for a text longer than any Excel cell can hold.
    """
    sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    rows = unnumbered = 0
    columns = 0
    bare: set[tuple[int, int]] = set()
    hidden: set[int] = set()
    hidden_columns: set[int] = set()
    errors: set[tuple[int, int, str]] = set()
    formulas = False  # a formula seen in this sheet: from then on its cells are looked at
    tail = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            data = tail + chunk
            if _long_text(data):
                raise ImportFailed(
                    f"{path.name} 中有一个单元格的文字超过 32,767 个字符（Excel 单元格的上限），"
                    f"这不是 Excel 或 WPS 保存的表格，可能已损坏或被改动过，未导入。{limits.advice}"
                )
            if sheet:
                # A reference cut at the chunk edge is matched in the next round (the
                # tail overlaps); one matched twice only repeats a maximum.
                found = _ROW_REF.findall(data)
                if found:
                    rows = max(rows, max(map(int, found)))
                # "<row" and (namespaced) ":row": closing tags of namespaced rows count
                # too, which only raises the bound.
                unnumbered += chunk.count(b"<row") + chunk.count(b":row")
                for m in _WIDE_CELL.finditer(data):
                    columns = max(columns, column_number(m.group(1)))
                    rows = max(rows, int(m.group(2)))
                # Every formula has a "</f>" before any shared one ("<f … />") refers to
                # it: one search per chunk (≈ 0.6 ms a MB) until one is seen.
                if b'hidden="' in data:  # a row cut at the edge is in the tail (its cell's)
                    hidden.update(int(m.group(1)) for m in _HIDDEN_ROW.finditer(data))
                    hidden_columns.update(_hidden_columns(data))
                if b'ht="0' in data:
                    hidden.update(int(m.group(1)) for m in _FLAT_ROW.finditer(data))
                if b't="e"' in data:
                    errors.update((int(m.group(2)), column_number(m.group(1)),
                                   m.group(3).decode("utf-8", "replace"))
                                  for m in _ERROR_CELL.finditer(data))
                formulas = formulas or b"</f>" in data
                if formulas:
                    bare.update((int(m.group(2)), column_number(m.group(1)))
                                for m in _BARE_FORMULA.finditer(data)
                                if not m.group(4) or b't="str"' not in m.group(3))
                    if len(bare) > MAX_BARE_FORMULAS:  # each would be an error of its own
                        raise ImportFailed(
                            f"{path.name} 中有超过 {MAX_BARE_FORMULAS:,} 个没有计算结果的公式（程序生成、"
                            "未在 Excel 或 WPS 中保存过的表格会这样），未导入：请用 Excel 或 WPS 打开此表、"
                            "保存后重新导入")
            # Keep an unfinished text run (after the last tag) so a long text cut by
            # the chunk edge is still seen whole next round; in a sheet, the last cell
            # too (it may be a formula whose "</f>" is in the next chunk).
            last_tag = data.rfind(b">")
            text_run = len(data) - last_tag if last_tag >= 0 and b"<" not in data[last_tag:] else 0
            if sheet:
                last_cell = data.rfind(b"<c ", max(0, len(data) - _CELL_OVERLAP))
                text_run = max(text_run, len(data) - last_cell if last_cell >= 0 else 0)
            tail = data[-max(_OVERLAP, text_run):]
    # Rows without r="" follow each other; their count bounds the rows too.
    rows = max(rows, unnumbered)
    return SheetExtent(info.filename, rows, max(columns, _NARROW_COLUMNS), frozenset(bare),
                       frozenset(hidden), frozenset(hidden_columns), frozenset(errors))


def _hidden_columns(data: bytes) -> Iterator[int]:
    """The 1-based columns a sheet's <cols> hides (its spans bounded by Excel's 16,384)."""
    for tag in _COL_TAG.finditer(data):
        text = tag.group(0)
        low, high = (span.search(text) for span in _COL_SPAN)
        if low and high and _HIDDEN_ATTR.search(text):
            yield from range(int(low.group(1)), min(int(high.group(1)), 16_384) + 1)


def _long_text(data: bytes) -> bool:
    """Whether ``data`` holds a text run (after a ">") longer than any Excel cell.

    Such a run holds a whole aligned block of ``_BLOCK`` bytes without a "<"; in
    XML a "<" comes every few dozen bytes, so finding one in each block (memchr)
    clears the data at a fraction of the regular expression's cost, which then
    only looks at data where a block had none.
    """
    find = data.find
    for start in range(0, len(data) - _BLOCK + 1, _BLOCK):
        if find(b"<", start, start + _BLOCK) < 0:
            return _LONG_TEXT.search(data) is not None
    return False


def check_extent(path: Path, extent: SheetExtent, limits: Limits = SUMMARY_TABLE) -> None:
    if extent.rows > limits.rows:
        raise ImportFailed(
            f"{path.name} 的工作表一直延伸到第 {extent.rows:,} 行，超过导入上限 {limits.rows:,} 行"
            "（常见原因：表格最下方误填了内容或格式）。请删除数据下方多余的行后保存，再重新导入"
        )
    if extent.cells > limits.cells:
        raise ImportFailed(
            f"{path.name} 的工作表范围达 {extent.rows:,} 行 × {extent.columns:,} 列，超过导入上限"
            f"（{limits.cells:,} 个单元格），常见原因是表格右侧或下方远处误填了内容。"
            "请删除多余的行和列后保存，再重新导入"
        )


def check_package(path: str | Path) -> dict[str, frozenset[tuple[int, int]]]:
    """:func:`check_archive` for a returned scoring package, refusing with PackageRefused.
    Returns, by sheet name, the formula cells saved without a value (openpyxl reads them
    as blank: a score left to a formula is not "未填写").

    Anything but a zip (a missing file, an old .xls) is left to the package reader,
    which says what it is in its own words.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            if fh.read(4) != ZIP_MAGIC:
                return {}
    except OSError:
        return {}
    try:
        extents = check_archive(path, SCORING_PACKAGE)
    except ImportFailed as exc:
        from boostdesk.panel.errors import PackageRefused

        raise PackageRefused([exc.message]) from None
    if not any(e.bare_formulas for e in extents):
        return {}
    names = sheet_names_by_part(path)
    return {names[e.part]: e.bare_formulas for e in extents
            if e.bare_formulas and e.part in names}
