"""A returned scoring package as a file: one that is no .xlsx (saved as .xls, .ods, CSV or
Strict Open XML, zipped, a folder) said in words the office can act on; the workbook
read even when its document properties are not; when it was last saved."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from .package_format import GUIDE_TITLE, ID_HEADER


def last_saved(wb: Any) -> str:
    """The file's last save as its spreadsheet program recorded it (in UTC), in local time,
    or ""."""
    from datetime import UTC

    modified = getattr(wb.properties, "modified", None)
    if not isinstance(modified, datetime):
        return ""
    if modified.tzinfo is None:
        modified = modified.replace(tzinfo=UTC)
    return modified.astimezone().replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")


def open_workbook(path: Path, *, read_only: bool = False) -> Any:
    """The returned file as openpyxl reads it; when openpyxl fails on the file's document
    properties alone (a save date written as a date without a time, which W3CDTF allows),
    read without them: the scores are intact, only the save's time goes unknown."""
    import io

    from openpyxl import load_workbook

    # read from the bytes: openpyxl refuses a name not ending .xlsx, and a package renamed
    # on its way back (评分包.xlsx(1), .xls) is still a package; a read-only workbook reads
    # lazily, after the file is closed
    data = path.read_bytes()
    try:
        return load_workbook(io.BytesIO(data), data_only=True, read_only=read_only)
    except Exception:
        bare = _without_properties(data)
        if bare is None:
            raise
    return load_workbook(bare, data_only=True, read_only=read_only)


_NO_PROPERTIES = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                  b'metadata/core-properties"/>')


def _without_properties(data: bytes) -> Any:
    """The workbook in memory with its core document properties emptied, or None when it
    has none (its failure is elsewhere) or is no zip."""
    import io
    import zipfile

    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w") as copy:
            if "docProps/core.xml" not in z.namelist():
                return None
            for info in z.infolist():
                copy.writestr(info, _NO_PROPERTIES if info.filename == "docProps/core.xml"
                              else z.read(info))
    except zipfile.BadZipFile:
        return None
    out.seek(0)
    return out


def kind_problem(path: Path) -> str | None:
    """What is wrong with a returned file that is no .xlsx at all, in words a reviewer's
    office can act on (openpyxl would say it in English), or None."""
    if path.is_dir():
        return f"{path.name} 是文件夹，不是评分包文件：请打开该文件夹，选择专家交回的 .xlsx 文件"
    try:
        with path.open("rb") as fh:
            head = fh.read(_CSV_PEEK)
    except OSError:
        return None  # a missing or unreadable file: said below
    from boostdesk.io.xlsx_read import OLE_MAGIC, ZIP_MAGIC

    if head.startswith(ZIP_MAGIC):
        # an OpenDocument file names its kind first, uncompressed (ODF 1.2 §3.3)
        if b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head[:100]:
            return (f"{path.name} 被另存为了 OpenDocument 电子表格 (.ods) 格式：评分包须保持导出时的"
                    " .xlsx 格式。请在 LibreOffice 或 WPS 中打开它，“另存为”选“Excel 2007-365 "
                    "(.xlsx)”后交回，已填的评分随之保留")
        if _strict_ooxml(path):
            return (f"{path.name} 被另存为了“Strict Open XML 电子表格”格式（扩展名同为 .xlsx）：本程序"
                    "读不出其中的内容。请在 Excel 中打开它，“另存为”选“Excel 工作簿 (*.xlsx)”后交回，"
                    "已填的评分不会丢失")
        inside = _zipped_workbooks(path)
        if inside:
            return (f"{path.name} 是压缩文件（内含 {'、'.join(inside)}）：请先解压，"
                    "再导入其中的评分包 .xlsx 文件")
        return None
    if head.startswith(OLE_MAGIC):  # Office 97-2003, or encrypted
        return (f"{path.name} 被另存为了 Excel 97-2003 (.xls) 格式，或设置了打开密码：评分包须保持"
                "导出时的 .xlsx 格式。请在 Excel 或 WPS 中打开它（有密码先取消），“另存为”选"
                "“Excel 工作簿 (*.xlsx)”后交回，已填的评分不会丢失")
    if _csv_of_a_package(head):
        return (f"{path.name} 被另存为了 CSV 文本：CSV 只保存一个工作表的文字，评分包的签名和"
                "“项目概况”已丢失，无法导入。请专家在原评分包（.xlsx）中填写评分（可从 CSV 中"
                "复制过去）后保存交回")
    return f"{path.name} 不是 Excel 工作簿（.xlsx）：请选择专家交回的评分包文件"


_CSV_PEEK = 4096


def _strict_ooxml(path: Path) -> bool:
    """Whether a workbook is in ISO 29500's strict conformance (Excel's 另存为 "Strict Open
    XML 电子表格"), whose namespaces openpyxl does not know: it reads no sheet at all."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            head = z.open("xl/workbook.xml").read(2048)
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return b"http://purl.oclc.org/ooxml/spreadsheetml/main" in head


def _zipped_workbooks(path: Path) -> list[str]:
    """The workbooks inside a zip archive that is no workbook itself (a package zipped on
    its way back), or []."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (OSError, zipfile.BadZipFile):
        return []  # said as a damaged file
    if any(i.filename == "[Content_Types].xml" for i in infos):
        return []
    names = []
    for i in infos:
        name = i.filename
        if not i.flag_bits & 0x800:  # no UTF-8 flag: Windows wrote the local code page
            try:
                name = name.encode("cp437").decode("gb18030")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
        if name.lower().endswith((".xlsx", ".xls", ".et", ".ods")):
            names.append(name.rsplit("/", 1)[-1])
    return names


def _csv_of_a_package(head: bytes) -> bool:
    """Whether a file's first bytes are the score sheet, or the notes sheet the package
    opens on, saved as CSV or tab-separated text (Excel writes the local code page,
    GB18030 on a Chinese Windows, or UTF-8)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # a peek may cut the last character in two
            try:
                text = head[:-3].decode(encoding)
            except UnicodeDecodeError:
                continue
        first = text.split("\n", 1)[0]
        # the score sheet's header; or the 填写说明, the sheet a package opens on (version 2)
        return (ID_HEADER in first and ("," in first or "\t" in first)) or GUIDE_TITLE in first
    return False
