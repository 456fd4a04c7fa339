"""Opening a workbook a unit sent in, with python-calamine (≈10× faster than openpyxl):
an .xlsx, or an Excel 97-2003 .xls (many units still save those).

Files that are neither are recognised by their first bytes, not their names, so
each gets an error saying what it is and what to do.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boostdesk.os_errors import explain_os_error

from .errors import ImportFailed
from .xls_records import read_facts

ZIP_MAGIC = b"PK\x03\x04"  # .xlsx (and every zip)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc, an encrypted .xlsx
_SAVE_AS = "请用 Excel 或 WPS 打开它，“另存为”选“Excel 工作簿 (*.xlsx)”，再导入新文件"
# An .xls holds at most 65,536 rows × 256 columns; a summary table is well under 10 MB.
MAX_XLS_BYTES = 100 << 20


@dataclass
class SheetData:
    """One worksheet: ``cells[i][j]`` is Excel row i+1, column j+1 (None-free: blanks are "")."""

    name: str
    cells: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    # (row, column), 1-based, of formula cells the file holds no value of (read as blank)
    bare_formulas: frozenset[tuple[int, int]] = frozenset()
    hidden_rows: frozenset[int] = frozenset()  # 1-based rows the unit hid (an .xlsx's)
    hidden_columns: frozenset[int] = frozenset()  # 1-based columns the unit hid (an .xlsx's)
    # (row, column) -> the error a cell shows (#N/A, #REF!; an .xlsx's): read as blank
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # The workbook counts dates from 1904 (an .xlsx's): a number in a date column is a
    # serial of that system (calamine turns date-formatted cells into dates itself)
    date1904: bool = False


def check_file(path: Path) -> dict[str, Any]:
    """Refuse, with what to do, anything that is not an .xlsx or .xls workbook. Returns, by
    sheet name, the extent (``safety.archive.SheetExtent``) of the .xlsx sheets that store
    formula cells without a value or hide rows or columns (only those)."""
    try:
        there, folder = path.exists(), path.is_dir()
    except OSError as exc:  # a name typed too long, or invalid on this system
        raise ImportFailed(f"无法打开 {path.name[:60]}：{explain_os_error(exc)}") from exc
    if not there:
        raise ImportFailed(f"找不到文件：{path}")
    if folder:
        raise ImportFailed(f"{path} 是文件夹，请选择 .xlsx 汇总表文件")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ImportFailed(f"无法读取文件 {path.name}（{explain_os_error(exc)}），"
                           "如文件正在 Excel 中打开，请关闭后重试") from exc
    if not head:
        raise ImportFailed(f"文件 {path.name} 是空的（0 字节），请确认选对了文件")
    if path.name.startswith(("~$", ".~")) and not head.startswith(ZIP_MAGIC):
        # Excel (~$) and WPS (.~) leave such a file beside a workbook while it is open.
        raise ImportFailed(
            f"{path.name} 是 Excel 或 WPS 打开“{path.name[2:]}”时生成的临时文件，不是汇总表："
            f"请选择“{path.name[2:]}”本身（如它正在 Excel 或 WPS 中打开，请先保存并关闭）")
    if head.startswith(ZIP_MAGIC):
        archive = __import__("boostdesk.safety.archive").safety.archive
        extents = archive.check_archive(path)  # bombs, huge grids
        noted = [e for e in extents
                 if e.bare_formulas or e.hidden_rows or e.hidden_columns or e.error_cells]
        if not noted:
            return {}
        names = archive.sheet_names_by_part(path)
        return {names[e.part]: e for e in noted if e.part in names}
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        if suffix == ".xls":  # Excel 97-2003, as many units still save: calamine reads it
            size = path.stat().st_size
            if size > MAX_XLS_BYTES:
                raise ImportFailed(
                    f"{path.name} 有 {size / (1 << 20):,.0f} MB，远超一张汇总表的大小，"
                    f"可能已损坏，未导入。{_SAVE_AS}")
            return {}
        if suffix in (".et", ".ett"):  # WPS 表格's own format, which only WPS reads
            raise ImportFailed(
                f"{path.name} 是 WPS 表格格式（{suffix}）的文件，无法直接读取。请用 WPS 打开它，"
                "“另存为”选“Excel 工作簿 (*.xlsx)”，再导入新文件")
        if suffix in (".xlsx", ".xlsm") and _encrypted(path):
            # an .xlsx with an opening password is an OLE file holding the encrypted zip
            raise ImportFailed(
                f"{path.name} 设置了打开密码，无法读取。请用 Excel 或 WPS 打开它（输入密码），"
                "在“文件”→“信息”→“保护工作簿”→“用密码进行加密”中清除密码并保存"
                "（WPS：“文件”→“文档加密”→“密码加密”），再导入；或请报送单位发送未加密的文件")
        if suffix in (".xlsx", ".xlsm"):
            raise ImportFailed(
                f"{path.name} 不是真正的 .xlsx 文件：可能是改了扩展名的旧版 .xls 文件，"
                f"或设置了打开密码。请先取消密码，{_SAVE_AS}"
            )
        raise ImportFailed(
            f"{path.name} 是 Office 97-2003 格式的文件，不是 Excel 工作簿（.xlsx 或 .xls）。{_SAVE_AS}"
        )
    text = _as_text(head)
    if text is not None:
        lowered = text.lstrip("\ufeff \r\n\t").lower()
        if lowered.startswith(("<html", "<!doctype", "<?xml", "<table")):
            raise ImportFailed(f"{path.name} 是网页（HTML/XML）格式导出的表格，不是 .xlsx 工作簿。{_SAVE_AS}")
        if suffix in (".csv", ".txt", ".tsv") or "," in text or "\t" in text:
            raise ImportFailed(f"{path.name} 是 CSV 文本文件，不是 .xlsx 工作簿。{_SAVE_AS}")
    raise _corrupt(path)


def _check_grid(path: Path, sheet: Any) -> None:
    """Refuse a sheet too big to turn into Python cells. An .xlsx was bounded before calamine
    opened it (``check_archive``); an .xls is bounded by its format (65,536 × 256, which
    calamine holds), not by what a summary table needs, so it is bounded here."""
    archive = __import__("boostdesk.safety.archive").safety.archive
    rows, columns = (n + 1 for n in sheet.end) if sheet.end else (0, 0)
    archive.check_extent(path, archive.SheetExtent(sheet.name, rows, columns))


_OLE_FREE, _OLE_END = 0xFFFFFFFF, 0xFFFFFFFE
_ENCRYPTED_NAMES = {"EncryptionInfo", "EncryptedPackage"}  # MS-OFFCRYPTO's streams


def _encrypted(path: Path) -> bool:
    """Does this OLE compound file's directory name the streams of an encrypted Office
    Open XML package (a password-protected .xlsx)? False when it cannot tell."""
    import struct

    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_XLS_BYTES else b""
    except OSError:
        return False
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        return False
    size = 1 << struct.unpack_from("<H", data, 30)[0]
    if size not in (512, 4096):
        return False
    fat_count, directory = struct.unpack_from("<II", data, 44)
    difat = struct.unpack_from("<109I", data, 76)[:min(fat_count, 109)]

    def sector(n: int) -> bytes:
        return data[(n + 1) * size:(n + 2) * size]

    fat = b"".join(sector(n) for n in difat if n not in (_OLE_FREE, _OLE_END))
    links = struct.unpack(f"<{len(fat) // 4}I", fat[:len(fat) // 4 * 4])
    names: set[str] = set()
    n, steps = directory, 0
    while n < len(links) and steps < 10_000:  # a chain looping back on itself ends too
        block = sector(n)
        for at in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, at + 64)[0]
            if 2 <= length <= 64:
                names.add(block[at:at + length - 2].decode("utf-16-le", "replace"))
        n, steps = links[n], steps + 1
    return names >= _ENCRYPTED_NAMES


def _is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == ZIP_MAGIC
    except OSError:
        return False


def _as_text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            # The sample may end inside a multi-byte character.
            try:
                return head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def _corrupt(path: Path) -> ImportFailed:
    return ImportFailed(
        f"{path.name} 已损坏或不是 Excel 工作簿，无法读取。请用 Excel 或 WPS 打开检查，"
        "另存为“Excel 工作簿 (*.xlsx)”后重新导入"
    )


def _blank_unsaved(cells: list[list[Any]],
                   unsaved: frozenset[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    """Blank the cells of an .xls formula saved as a 0 that was never worked out (see
    ``xls_records``): they become formula cells without a value, refused by row and column as
    an .xlsx's are, not a 0 read as 否 or as the text "0". Returns them."""
    blanked = set()
    for row, column in unsaved:
        line = cells[row - 1] if row <= len(cells) else []
        value = line[column - 1] if column <= len(line) else None
        if type(value) in (int, float) and value == 0:
            line[column - 1] = ""
            blanked.add((row, column))
    return frozenset(blanked)


def iter_sheets(path: Path) -> Generator[SheetData, None, None]:
    """Worksheets of the workbook, visible ones first."""
    import python_calamine as calamine

    noted = check_file(path)
    try:
        wb = calamine.CalamineWorkbook.from_path(str(path))
        metadata = list(wb.sheets_metadata)
    except calamine.PasswordError as exc:
        raise ImportFailed(f"{path.name} 设置了打开密码，请取消密码后再导入") from exc
    except (calamine.CalamineError, OSError, ValueError) as exc:
        raise _corrupt(path) from exc
    archive = __import__("boostdesk.safety.archive").safety.archive
    zipped = _is_zip(path)
    date1904 = zipped and archive.uses_1904_dates(path)
    try:  # an .xls: what calamine does not tell of it (hidden rows, unsaved formula results)
        xls = {} if zipped else read_facts(path)
    except ValueError as exc:
        wb.close()
        raise _corrupt(path) from exc
    worksheets = [m for m in metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
    worksheets.sort(key=lambda m: m.visible != calamine.SheetVisibleEnum.Visible)
    if not worksheets:
        raise ImportFailed(f"{path.name} 中没有工作表")
    try:
        for meta in worksheets:
            sheet = wb.get_sheet_by_name(meta.name)
            _check_grid(path, sheet)
            cells = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            extent = noted.get(meta.name)
            facts = xls.get(meta.name)
            if facts is not None:
                yield SheetData(meta.name, cells, merged,
                                _blank_unsaved(cells, facts.unsaved_formulas),
                                facts.hidden_rows, facts.hidden_columns)
                continue
            yield SheetData(meta.name, cells, merged,
                            extent.bare_formulas if extent else frozenset(),
                            extent.hidden_rows if extent else frozenset(),
                            extent.hidden_columns if extent else frozenset(),
                            {(r, c): text for r, c, text in extent.error_cells} if extent else {},
                            date1904)
    except (calamine.CalamineError, ValueError) as exc:
        raise _corrupt(path) from exc
    finally:
        wb.close()
