"""Reading a unit's summary table (attachment 2 or 4) into application records.

A row is a unit's submission: one that breaks a rule of the plan (a wrong check
character, a utility model, a date outside the window) is read and kept, and
the rules flag it later. Only a row that cannot be read at all (no name, a date
that is no date, an amount that is no amount, a yes/no cell that is neither)
is refused, with its sheet row, its column header and the reason.

``read_table`` never touches the register; ``commit`` stores a preview and the
rules' verdicts on it in one transaction.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable
from contextlib import closing
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from boostdesk.models.batch_insert import REGISTER, TABLE
from boostdesk.models.campaign import Campaign
from boostdesk.models.record_rows import new_record
from boostdesk.models.records import PATENT, PROJECT, PatentApplication, ProjectApplication
from boostdesk.models.register import canonical_patent_number
from boostdesk.validate import (
    ValidationError,
    check_phone,
    one_line,
    parse_amount_fen,
    parse_date,
    parse_studio_level,
    parse_yes_no,
    patent_check_char,
)

from .errors import CellError, ImportCancelled, ImportFailed, ImportRefused
from .headers import (
    AMOUNT_WAN,
    DATE,
    LEVEL,
    NAME,
    NUMBER,
    SEQ,
    TABLES,
    YES_NO,
    Column,
    Table,
    header_note,
    match_header,
    normalize_header,
    split_unit,
)
from .xlsx_read import SheetData, iter_sheets

Record = PatentApplication | ProjectApplication
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

HEADER_SEARCH_ROWS = 30  # a header further down than this is not a summary table's
MIN_HEADER_MATCHES = 3
CHUNK = 500
MAX_LISTED_ERRORS = 30
MAX_SEQ_DIGITS = 9

_SPACES = re.compile(r"\s+")
# Control characters that are not whitespace (those split() collapses): pasted from a PDF
# (Excel keeps them as _x0002_), stored they made the text one no workbook can hold, and
# every export of the year failed. Zero-width characters and BOMs (pasted from a chat or a web
# page) made a second union or person that looks the same as the first; so did the direction
# marks a Word or web table adds (U+202A–U+202E, U+2066–U+2069): an ID read as 19 characters.
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1b\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_NAME_SEPARATORS = re.compile(r"[、,，;；/／\n\r]+")
_ONE_PERSON = ("inventor_name", "leader")  # judged on and paid to: one person a cell
_CJK_NAME = re.compile(r"^[\u3400-\u9fff\u00b7\u30fb\s]+$")
_YEAR = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")  # a plan year, not a date (填报日期)
_NOTE_STARTS = ("注", "说明", "填表", "填报", "制表", "审核", "合计", "总计", "小计", "备注：",
                "联系人：", "联系人:", "负责人：", "负责人:", "单位盖章", "日期：", "日期:")
# Footer words anywhere in a cell of a row without a name: 共计, 共 2 项, 本单位共推荐 2 项,
# 单位负责人：…, 填表人, 盖章.
_NOTE_INSIDE = re.compile(r"^以下(?:空白|无)|^共计|^共\d|共推荐|共申报|盖章|填表人|制表人|审核人|负责人[:：]|联系人[:：]")
# 单位：元 above the header, not 推荐单位：元宝区总工会
_UNIT_NOTE = re.compile(r"单位:(?:人民币)?(万|[千百]?万?元)(?:人民币)?(?![\u3400-\u9fff])")
# A yes/no cell answering its question in words: 是(已应用), 否(试用中), 已应用, 尚未到位
_ANSWERED = re.compile(r"^(?:(是|否)\(.*\)|(已|未|尚未)(?:在(?:企业)?生产中)?(?:应用|到位|拨付|投产))$")
# No patent or project of the plan is dated before this: an earlier date is a number that
# is no date (20223, 2022年3月 typed short, is Excel's day 1955-05-14; 3.5 in a date cell)
_FIRST_YEAR = 1985
# Facts a unit fills down the template's rows, blank ones too (yes/no columns besides)
_SHARED = frozenset({"unit_name", "enterprise_name", "studio_level", "industry", "received_date"})
_BLANK_BELOW = re.compile(r"^以下(?:空白|无)")
_EXAMPLE = re.compile(r"^(?:填写|填表)?(?:示例|样例|范例|举例|例)")
_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d+$")  # 1.10105E+17 pasted as text
# 推荐单位（盖章）：X, 填报单位：X above the header; X ends at a gap or the next label
_UNION_ABOVE = re.compile(r"(?:推荐|填报|报送)单位\s*(?:[（(]\s*(?:盖章|公章)\s*[）)])?\s*[:：]\s*(.*)$")
_UNION_END = re.compile(r"\s{2,}|\s*\S{2,6}[:：]|[，,;；（(]|\s+$")
_TOTALS = frozenset({"合计", "总计", "小计", "共计", "累计"})
# Ditto marks: the cell says "as the row above" (〃 and its look-alikes, 同上).
_DITTO = frozenset({"同上", "同上行", "〃", "\u3003\u3003", '"', "”", "“", "〞", "″", "''", "ditto"})
# An 18-digit ID typed into a number cell keeps only 15 significant digits.
_EXACT_DIGITS = 15
_FLOAT_WHOLE = 2.0 ** 53  # every integer below it is exact in a float
_WHOLE_NUMBERS = ("id_number", "card_number")  # refused when digits were lost, not warned


@dataclass
class ImportPreview:
    """What ``read_table`` found; nothing of it is in the register yet."""

    stream: str
    year: int
    path: Path
    sheet_name: str
    header_row: int  # 1-based, as Excel shows it (the first of a two-row header)
    records: list[Record] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # sheet row of each record
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header as in the sheet
    title_year: int | None = None  # the year in the title above the header, if any
    sha256: str = ""  # of the file as read, named in the register's audit trail on import
    header_rows: int = 1  # 2: group headers above their columns' headers (合并单元格)
    hidden_rows: list[int] = field(default_factory=list)  # read rows the unit hid
    campaign: Campaign | None = None  # the year's plan, when read with it

    @property
    def table_name(self) -> str:
        """The table as the year's plan names it: 专利汇总表（附件2）."""
        return self.table.named(self.campaign)

    @property
    def header_rows_text(self) -> str:
        """The header's row numbers as a message names them: "2" or "2–3"."""
        last = self.header_row + self.header_rows - 1
        return str(self.header_row) if last == self.header_row else f"{self.header_row}–{last}"

    @property
    def table(self) -> Table:
        return next(t for t in TABLES if t.stream == self.stream)

    @property
    def refused_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    @property
    def row_count(self) -> int:
        """Data rows found: read and refused."""
        return len(self.records) + len(self.refused_rows)


# -- reading ---------------------------------------------------------------
def read_table(
    path: str | Path, year: int, progress: Progress | None = None,
    cancelled: Cancelled | None = None, *, campaign: Campaign | None = None,
) -> ImportPreview:
    """Read a summary table without touching the register.

    ``campaign``: the year's plan, when known; its tiers tell an amount typed in 元 under a
    万元 header (or the other way round) from a real one, and such a cell is refused.

    Raises :class:`ImportFailed` when the file is no summary table at all and
    :class:`ImportCancelled` when ``cancelled()`` turns true (checked per chunk).
    """
    from boostdesk.gc_pause import collector_paused

    with collector_paused():  # 140,000 cells, then the records: no cycles among them
        return _read_table(Path(path), year, progress, cancelled, campaign)


def _read_table(
    path: Path, year: int, progress: Progress | None, cancelled: Cancelled | None,
    campaign: Campaign | None = None,
) -> ImportPreview:
    found = _find_table(path)
    if found is None:
        raise ImportFailed(_no_header_message(path))
    sheet, header, others = found
    preview = _read_sheet(path, year, sheet, header, others, progress, cancelled, campaign)
    if preview.records or preview.errors:
        return preview
    # The template's sheet left blank first, the table filled in on a copy of it: read
    # the first later sheet with rows ("没有可导入的数据" was said, its rows never read).
    for later, later_header in others:
        rest = [(s, h) for s, h in others if s is not later]
        filled = _read_sheet(path, year, later, later_header, rest, progress, cancelled,
                             campaign)
        if filled.records or filled.errors:
            filled.warnings.insert(0, f"工作表“{sheet.name}”只有表头，没有填写任何一行：已改读"
                                      f"工作表“{later.name}”")
            return filled
    return preview


def _read_sheet(
    path: Path, year: int, sheet: SheetData, header: _Header,
    others: list[tuple[SheetData, _Header]], progress: Progress | None,
    cancelled: Cancelled | None, campaign: Campaign | None,
) -> ImportPreview:
    """The rows under ``header`` in ``sheet``; ``others``: the later sheets holding a
    table's header too, named in the warnings (only one sheet is read)."""
    table, header_index = header.table, header.index
    preview = ImportPreview(table.stream, year, path, sheet.name, header_index + 1,
                            header_rows=header.rows, campaign=campaign)
    with path.open("rb") as fh:
        preview.sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
    for other_sheet, other in others:  # read only one sheet, but never leave another unsaid
        preview.warnings.append(
            f"工作表“{other_sheet.name}”也有{other.table.named(campaign)}的表头（第 {other.index + 1} 行），其中的行未导入："
            f"本次只导入工作表“{sheet.name}”。如都要导入，请把它们合并到一张工作表，或分别另存为文件后"
            "各自导入")
    above = sheet.cells[:header_index]
    union = _union_above(above)
    mapping = _map_columns(header.cells, table, preview, sheet.hidden_columns,
                           _unit_note(above), union)
    preview.title_year = _title_year(sheet.cells[:header_index])
    if preview.title_year and preview.title_year != year:
        preview.warnings.append(
            f"表格标题写的是 {preview.title_year} 年，本次按 {year} 年度导入"
        )
    first_data = header_index + header.rows  # index of the first row under the header
    _fill_vertical_merges(sheet, first_data - 1,
                          {j for j, (col, _text, _unit) in mapping.items() if col.kind == SEQ})
    data = sheet.cells[first_data:]
    total = len(data)
    reader = _RowReader(table, mapping, year, preview, sheet.bare_formulas, campaign,
                        sheet.error_cells, sheet.date1904)
    if union is not None and "unit_name" not in preview.columns:
        reader.defaults[reader.position["unit_name"]] = union
    for start in range(0, total, CHUNK):
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        for offset, cells in enumerate(data[start:start + CHUNK]):
            reader.read(first_data + 1 + start + offset, cells)
        if progress is not None:
            progress(min(start + CHUNK, total), total)
    if progress is not None and total == 0:
        progress(0, 0)
    if reader.unnamed_rows:
        preview.warnings.append(
            f"第 {_rows_text(reader.unnamed_rows)} 行只有推荐单位、所在单位或是否等几项，没有"
            f"{reader.name_header}等申报内容，不是申报，已跳过")
    if reader.ditto_rows:
        preview.warnings.append(f"第 {_rows_text(reader.ditto_rows)} 行有写“同上”的单元格，已按上面"
                                "一行的内容读取，请核对")
    gaps = _print_gaps_warning(preview)
    if gaps:
        preview.warnings.append(gaps)
    hidden = preview.hidden_rows = [row for row in preview.rows if row in sheet.hidden_rows]
    if hidden:
        shown = "、".join(map(str, hidden[:20])) + (f" 等 {len(hidden)} 行" if len(hidden) > 20 else "")
        preview.warnings.append(
            f"第 {shown} 行在表中是隐藏的（隐藏或筛选掉的行），已照常读取：如这些行不报，请在表中删除后"
            "重新导入，或联系报送单位")
    return preview


# The texts a printed sheet or list draws: a character no shipped font has is a 〓 there.
_PRINTED_TEXTS = ("inventor_name", "title", "unit_name", "enterprise_name", "studio_name",
                  "leader", "contact_name")
_MOST_GAPS_SAID = 5


def _print_gaps_warning(preview: ImportPreview) -> str | None:
    """Which rows hold a name or title with a character no shipped font has (张𡒄): stored
    as the table writes it, but printed as 〓, to be written in by hand."""
    from boostdesk.printing.fonts import print_gaps

    texts = [(row, text) for row, record in zip(preview.rows, preview.records, strict=True)
             for key in _PRINTED_TEXTS if isinstance(text := getattr(record, key, None), str)]
    if not print_gaps("".join(text for _row, text in texts)):  # one pass: nearly every table
        return None
    found = [(row, text, gaps) for row, text in texts if (gaps := print_gaps(text))]
    shown = "、".join(f"第 {row} 行“{text}”" for row, text, _gaps in found[:_MOST_GAPS_SAID])
    more = f" 等 {len(found)} 处" if len(found) > _MOST_GAPS_SAID else ""
    chars = "、".join(dict.fromkeys(ch for _row, _text, gaps in found for ch in gaps))
    return (f"{shown}{more}中的 {chars} 不在随附字体中：照表登记，但审批表、拨付清单等打印件上"
            "印为〓，须手写补正（窗口中也可能显示为方框）")


class _Header(NamedTuple):
    table: Table
    index: int  # type: ignore[assignment]  # of its (first) row in the sheet's cells (not tuple.index)
    cells: list[Any]  # one header text a column
    rows: int  # 1, or 2 for group headers above column headers


def _find_table(
    path: Path,
) -> tuple[SheetData, _Header, list[tuple[SheetData, _Header]]] | None:
    """The first sheet whose header row (or pair of rows) names a table's key columns, and
    the later sheets that hold such a header too, with their headers."""
    found: tuple[SheetData, _Header] | None = None
    others: list[tuple[SheetData, _Header]] = []
    anything = False
    bare_formulas = False
    # The closest miss: a row naming several columns of a table but not its key columns.
    partial: tuple[int, str, Table, int, set[str]] | None = None
    names: list[str] = []
    with closing(iter_sheets(path)) as sheets:  # closes the workbook at once, even on return
        for sheet in sheets:
            names.append(sheet.name)
            anything = anything or any(any(_present(v) for v in row) for row in sheet.cells)
            bare_formulas = bare_formulas or bool(sheet.bare_formulas)
            best: tuple[int, _Header] | None = None
            spans: dict[int, list[tuple[int, int]]] = {}  # row -> its cells merged across
            for (r0, c0), (_r1, c1) in sheet.merged:
                if r0 < HEADER_SEARCH_ROWS and c1 > c0:
                    spans.setdefault(r0, []).append((c0, c1))
            top = sheet.cells[:HEADER_SEARCH_ROWS + 1]
            named = [{t.stream: _fields(t, row) for t in TABLES} for row in top]
            notes = [_notes_row(row) for row in top]
            for i, row in enumerate(top[:HEADER_SEARCH_ROWS]):
                for table in TABLES:
                    header = _Header(table, i, row, 1)
                    fields = named[i][table.stream]
                    below = notes[i + 1] if i + 1 < len(notes) else None
                    two = _two_row_header(sheet.cells, i, spans.get(i, []), table, below)
                    # two rows name more columns than either alone (a title above a
                    # header, or a header above data, adds none), or as many with the
                    # units in a row of their own
                    if two is not None and (
                        len(two_fields := _fields(table, two))
                        > max(len(fields), len(named[i + 1][table.stream]))
                        or (below is not None and len(two_fields) >= len(fields))
                    ):
                        header, fields = _Header(table, i, two, 2), two_fields
                    if len(fields) < MIN_HEADER_MATCHES:
                        continue
                    if not set(table.key_fields) <= fields:
                        if partial is None or len(fields) > partial[0]:
                            partial = (len(fields), sheet.name, table, i, fields)
                        continue
                    if best is None or len(fields) > best[0]:
                        best = (len(fields), header)
            if best is not None and found is None:
                found = sheet, best[1]
            elif best is not None:
                others.append((sheet, best[1]))
    _refuse_scoring_package(path, names)
    if found is not None:
        return *found, others
    if bare_formulas:  # the header or the whole table may be such formulas
        raise ImportFailed(
            f"{path.name} 中找不到可读的汇总表：有单元格{BARE_FORMULA}")
    if not anything:
        raise ImportFailed(f"{path.name} 中没有任何内容，请确认选对了文件")
    if partial is not None:
        _, sheet_name, table, i, fields = partial
        lacking = "、".join(
            f"“{table.column(f).label}”" for f in table.key_fields if f not in fields
        )
        raise ImportFailed(
            f"“{sheet_name}”工作表第 {i + 1} 行像是{table.name_zh}的表头，但缺少{lacking}列，"
            "无法导入：请补上这一列（表头文字见 boostdesk template 生成的模板）后重新导入"
        )
    return None


def _refuse_scoring_package(path: Path, names: list[str]) -> None:
    """An expert's returned 评分包 given as a summary table (the same folder, a drop on the
    window): its 项目概况 sheet reads as 附件4, refused for its 万元 cells, and the scores
    were never taken. Said for what it is, and where it goes."""
    from boostdesk.panel.package_sheets import SCORE_SHEET, SIGNATURE_SHEET

    if SCORE_SHEET in names and SIGNATURE_SHEET in names:
        raise ImportFailed(
            f"{path.name} 是专家交回的评分包，不是汇总表：请在“专家评审”的“评分包”页用"
            "“导入交回的评分包…”导入（命令行：boostdesk panel import 文件）")


def _fields(table: Table, header: list[Any]) -> set[str]:
    return {m[0].field for v in header if (m := match_header(table, v))}


def _notes_row(row: list[Any]) -> list[str] | None:
    """A row of notes under the headers — （万元） under 项目总投入, （是/否） under 是否一线职工 —
    as the bracketed group of each cell ("" where empty); None for any other row."""
    out = []
    for value in row:
        if not _present(value):
            out.append("")
        elif (note := header_note(value)) is not None:
            out.append(note.replace("(", "（").replace(")", "）"))  # shown as Chinese text is
        else:
            return None
    return out if any(out) else None


def _two_row_header(
    cells: list[list[Any]], i: int, spans: list[tuple[int, int]], table: Table,
    notes: list[str] | None = None,
) -> list[Any] | None:
    """Row i as group headers over row i+1's column headers, as one header a column, when
    row i+1 names at least two of the table's columns (alone, as 专利号 under 专利信息, or
    after its group's name, as 姓名 under 第一发明人), or is a row of notes (``notes``,
    its bracketed groups: （万元） under 项目总投入 reads 项目总投入（万元）); else None. A group
    header merged across its columns (``spans``: first and last column of row i's merged
    cells) names each of them; a column with nothing below keeps its own."""
    if i + 1 >= len(cells):
        return None
    top, below = cells[i], (notes if notes is not None else cells[i + 1])
    width = max(len(top), len(below))
    groups = [top[j] if j < len(top) else "" for j in range(width)]
    for c0, c1 in spans:
        if c0 < width:
            groups[c0 + 1:c1 + 1] = [groups[c0]] * (min(c1, width - 1) - c0)
    out: list[Any] = []
    named = 0
    for group, sub in zip(groups, [*below, *[""] * (width - len(below))], strict=True):
        if not _present(sub):
            out.append(group)
            continue
        joined = _SPACES.sub("", f"{group}{sub}") if _present(group) else ""
        found = match_header(table, joined) if joined else None
        text = joined if found is not None else sub
        if found is None:
            found = match_header(table, sub)
        if found is not None and found[0].kind == AMOUNT_WAN and found[1] is None:
            # 项目总投入 under 资金（元）: the group's unit, not 万元 by default
            group_unit = split_unit(normalize_header(group))[1] if _present(group) else None
            if group_unit is not None:
                text = f"{_SPACES.sub('', str(sub))}（{group_unit}）"
        named += found is not None
        out.append(text if found is not None or notes is None else group)
    return out if named >= 2 or notes is not None else None


def _rows_text(rows: list[int]) -> str:
    """Sheet rows as a message names them: 4–6、9."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    shown = "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs[:20])
    return shown + (f" 等 {len(rows)} 行" if len(runs) > 20 else "")


def _no_header_message(path: Path) -> str:
    parts = [f"在 {path.name} 中找不到汇总表的表头，无法判断是哪一张表。"]
    for table in TABLES:
        headers = "、".join(c.header for c in table.template_columns())
        parts.append(f"{table.name_zh}的表头应为：{headers}。")
    parts.append("请用 boostdesk template 生成的模板填写，或把表头改成上面的文字后重新导入")
    return "".join(parts)


def _map_columns(
    header: list[Any], table: Table, preview: ImportPreview,
    hidden: frozenset[int] = frozenset(), note_unit: str | None = None,
    union: str | None = None,
) -> dict[int, tuple[Column, str, str | None]]:
    """Column index -> (column, header text as typed, money unit named in the header, else
    ``note_unit``: the unit noted above the header, 单位：元).

    ``hidden``: the sheet's hidden columns (1-based). Of two columns of one field, the
    one shown is read: a unit that hid its old 身份证号 column and added a new one
    means the new one."""
    from boostdesk.safety.archive import column_letters

    mapping: dict[int, tuple[Column, str, str | None]] = {}
    seen: dict[str, str] = {}
    where: dict[str, int] = {}
    unknown: list[str] = []
    noted: list[str] = []  # money headers read in the unit noted above the header
    for j, value in enumerate(header):
        if not _present(value):
            continue
        text = _SPACES.sub("", str(value))
        m = match_header(table, value)
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


def _header_rank(col: Column, text: str) -> int:
    """How plainly ``text`` names ``col``: 0 its template header (its unit aside), 1 a header
    beginning with it (第一发明人姓名), 2 another wording (发明人)."""
    if not col.header:
        return 2
    base, own = split_unit(normalize_header(text))[0], split_unit(normalize_header(col.header))[0]
    return 0 if base == own else 1 if base.startswith(own) else 2


def _unit_note(rows: list[list[Any]]) -> str | None:
    """The money unit noted above the header (单位：元, 金额单位：万元), as official tables note
    it at the right of the line under the title; None when none is."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and "单位" in value:
                text = "".join(unicodedata.normalize("NFKC", value).split())
                if m := _UNIT_NOTE.search(text):
                    return "万元" if m.group(1) == "万" else m.group(1)
    return None


def _union_above(rows: list[list[Any]]) -> str | None:
    """The union named above the header (推荐单位（盖章）：北京市西城区总工会), as official forms
    name it on the line under the title, or None."""
    for row in rows:
        for value in row:
            if isinstance(value, str) and (m := _UNION_ABOVE.search(value)):
                name = _UNION_END.split(m.group(1).strip(), maxsplit=1)[0].strip()
                if name and len(name) <= 40 and not name.startswith(("请", "填写", "XX", "××")):
                    return name  # not 请填写…, the form's own instruction
    return None


def _title_year(rows: list[list[Any]]) -> int | None:
    for row in rows:
        for value in row:
            if isinstance(value, str) and (m := _YEAR.search(unicodedata.normalize("NFKC", value))):
                return int(m.group(1))
    return None


def _fill_vertical_merges(sheet: SheetData, header_index: int, seq: set[int]) -> None:
    """A unit name merged down several rows belongs to each of those rows that hold
    anything of their own besides a 序号 (``seq``: its columns): merged down the template's
    blank rows too, it made each of them a row without a name, refused."""
    cells = sheet.cells
    merges = [(r0, c0, r1) for (r0, c0), (r1, c1) in sheet.merged
              if c0 == c1 and r1 > r0 and header_index < r0 < len(cells)]
    if not merges:
        return
    below = {r for r0, _c0, r1 in merges for r in range(r0 + 1, min(r1, len(cells) - 1) + 1)}
    filled = {r for r in below  # judged before any filling
              if any(_present(v) for j, v in enumerate(cells[r]) if j not in seq)}
    for r0, c0, r1 in merges:
        value = cells[r0][c0] if c0 < len(cells[r0]) else ""
        for r in range(r0 + 1, min(r1, len(cells) - 1) + 1):
            if r in filled and c0 < len(cells[r]) and not _present(cells[r][c0]):
                cells[r][c0] = value


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


class _RowReader:
    """Reads data rows into records; each column's reader is chosen once, not per cell,
    and each cell's value goes straight to its place among the record's fields."""

    def __init__(
        self, table: Table, mapping: dict[int, tuple[Column, str, str | None]], year: int,
        preview: ImportPreview, bare_formulas: frozenset[tuple[int, int]] = frozenset(),
        campaign: Campaign | None = None, error_cells: dict[tuple[int, int], str] | None = None,
        date1904: bool = False,
    ) -> None:
        self.table = table
        self.bare_formulas = bare_formulas
        self.error_cells = error_cells or {}
        self.year = year
        self.preview = preview
        self.name_header = table.column(table.name_field).label
        self.name_header_norm = _SPACES.sub("", self.name_header)
        self.is_patent = table.stream == PATENT
        self.record_type: type[PatentApplication] | type[ProjectApplication] = (
            PatentApplication if self.is_patent else ProjectApplication)
        record_fields = fields(self.record_type)
        self.position = {f.name: i for i, f in enumerate(record_fields)}
        # (cell index, field position, header as typed, unit it is read in, bounds)
        self.amounts = [
            (j, self.position[col.field], text, unit or "万元", bounds)
            for j, (col, text, unit) in mapping.items()
            if col.kind == AMOUNT_WAN and (bounds := _amount_bounds(campaign, col.field))
        ]
        # The record's defaults in field order; a dict default is made afresh per record.
        self.defaults = [year if f.name == "campaign_year"
                         else None if f.default is MISSING else f.default for f in record_fields]
        self.fresh_dicts = [i for i, f in enumerate(record_fields) if f.default_factory is dict]
        # (cell index, field position, header as typed, reader, warn when an exact number
        # was a float)
        self.columns = [
            (j, self.position[col.field], text, _cell_reader(col, unit, date1904),
             col.kind == NUMBER and col.field not in _WHOLE_NUMBERS)
            for j, (col, text, unit) in mapping.items()
        ]
        mapped = {col.field for col, _, _ in mapping.values()}
        self.fresh_dicts = [i for i in self.fresh_dicts if record_fields[i].name not in mapped]
        self.data_indexes = [j for j, (col, _, _) in mapping.items() if col.field != "seq"]
        self.data_columns = set(self.data_indexes)
        self.seq_indexes = [j for j, (col, _, _) in mapping.items() if col.field == "seq"]
        self.amount_indexes = {j for j, (col, _, _) in mapping.items() if col.kind == AMOUNT_WAN}
        by_field = {col.field: (j, text) for j, (col, text, _) in mapping.items()}
        self.name_cell = by_field.get(table.name_field)  # (cell index, header as typed)
        level = by_field.get("studio_level")
        self.level_cell = level[0] if level else None
        self.model_cell = "model_studio" in by_field
        self.above: list[Any] | None = None  # the cells of the last data row read
        # Columns a unit fills down the template's rows (union, 是): a row of only those is none
        self.shared = {j for j, (col, _, _) in mapping.items()
                       if col.field in _SHARED or col.kind == YES_NO}
        self.unnamed_rows: list[int] = []
        self.ditto_rows: list[int] = []  # rows with 同上 cells, read as the row above

    def read(self, row: int, cells: list[Any]) -> None:
        width = len(cells)
        if (self.bare_formulas and _note_text(cells) is None  # 合计 over =SUM(): a total
                and self._refuse_bare_formulas(row, cells)):
            return
        for j in self.data_indexes:
            value = cells[j] if j < width else ""
            if value is not None and not (isinstance(value, str) and not value.strip()):
                break
        else:
            return  # nothing but perhaps a 序号
        for j in self.seq_indexes:  # 示例 over a made-up row, left in to show how to fill it in
            if j < width and type(v := cells[j]) is str and _EXAMPLE.match(v.strip()):
                self.preview.warnings.append(f"第 {row} 行是填写示例（序号为“{v.strip()}”），已跳过")
                return
        ditto = [j for j in self.data_indexes if j < width and type(v := cells[j]) is str
                 and len(v) <= 8 and v.strip() in _DITTO]
        if ditto:
            filled = self._ditto(row, cells, ditto)
            if filled is None:
                return
            cells = filled
        name = self.name_cell
        name_value = _clean_text(cells[name[0]] if name[0] < width else "") if name else ""
        name_header = name[1] if name else self.name_header
        if not name_value:
            note = _note_text(cells)
            if note is not None:
                self.preview.warnings.append(f"第 {row} 行不是数据行（“{note}”），已跳过")
                return
            if self.amount_indexes and all(
                    j in self.amount_indexes for j in self.data_indexes
                    if j < width and _present(cells[j])):
                self.preview.warnings.append(f"第 {row} 行只有金额、没有{self.name_header}，是合计行，已跳过")
                return
            if all(j in self.shared for j in self.data_indexes
                   if j < width and _present(cells[j])):
                self.unnamed_rows.append(row)  # 推荐单位, 是 dragged down the template
                return
        else:
            bare = "".join(name_value.split())
            if bare in _TOTALS or any(  # 合计 at the left, a count (=COUNTA) under the name
                    type(v) is str and len(v) < 8 and "".join(v.split()) in _TOTALS
                    for v in cells[:name[0] if name else 0]):
                self.preview.warnings.append(f"第 {row} 行是合计行，已跳过")
                return
            if _BLANK_BELOW.match(bare):  # 以下空白: the form closed under its last row
                self.preview.warnings.append(f"第 {row} 行不是数据行（“{bare}”），已跳过")
                return
            if bare in (self.name_header_norm, name_header):
                self.preview.warnings.append(f"第 {row} 行是重复的表头，已跳过")
                return
        # Errors only in a row with data: a lookup dragged down shows #N/A in blank rows too
        if self.error_cells and self._refuse_errors(row):
            return
        self.above = cells
        values: list[Any] = self.defaults.copy()
        errors: list[CellError] = []
        for j, place, text, reader, exact in self.columns:
            value = cells[j] if j < width else ""
            try:
                values[place] = reader(value)
            except ValidationError as exc:
                errors.append(CellError(row, text, exc.message))
            if exact and isinstance(value, float) and len(f"{value:.0f}") > _EXACT_DIGITS:
                self.preview.warnings.append(
                    f"第 {row} 行“{text}”是数字格式，Excel 只保留 15 位有效数字，末几位可能已变成 0："
                    "请把该列设为文本格式后重新填写"
                )
        at = self.position
        if not values[at[self.table.name_field]] and not any(
                e.column == name_header for e in errors):  # unreadable, not missing
            what = "第一发明人姓名" if self.is_patent else "项目名称"
            errors.insert(0, CellError(row, name_header, f"缺少{what}，无法登记这一行"))
        for j, place, text, unit, (low, high, top, bottom) in self.amounts:
            fen = values[place]
            if fen and not low <= fen <= high:
                shown = _clean_text(cells[j] if j < width else "")
                if "元" in shown or "万" in shown:
                    continue  # the cell names its unit: no unit was mistaken
                errors.append(CellError(row, text, _odd_amount(shown, fen, unit, text, top,
                                                               bottom, fen > high)))
        if errors:
            self.preview.errors.extend(errors)
            return
        if self.is_patent:
            # Parsed here once; the register and the rules find it in validate's memo.
            values[at["patent_number"]] = canonical_patent_number(values[at["patent_number_raw"]])
        else:
            # 示范 in the level column makes a model studio unless the 是否示范 cell says
            # otherwise (an empty one says nothing); no studio is a model one by default.
            model = values[at["model_studio"]] if self.model_cell else None
            level = self.level_cell
            if (level is not None and "示范" in str(cells[level] if level < width else "")
                    and model is None):
                model = True
            values[at["model_studio"]] = None if model is None else bool(model)
        for i in self.fresh_dicts:
            values[i] = {}
        self.preview.records.append(new_record(self.record_type, values))
        self.preview.rows.append(row)

    def _ditto(self, row: int, cells: list[Any], ditto: list[int]) -> list[Any] | None:
        """The row with each 同上 / 〃 cell given the value of the data row above, as the unit
        meant it (a union or inventor named 同上 was stored); None, its cells refused, when
        no data row is above."""
        headers = {j: text for j, _at, text, _reader, _exact in self.columns}
        if self.above is None:
            self.preview.errors.extend(
                CellError(row, headers[j], f"写的是“{str(cells[j]).strip()}”，但上面没有数据行："
                          "请填写实际内容") for j in ditto)
            return None
        cells = list(cells)
        above = self.above
        for j in ditto:
            cells[j] = above[j] if j < len(above) else ""
        self.ditto_rows.append(row)
        return cells

    def _refuse_errors(self, row: int) -> bool:
        """Whether the row has data cells showing an error (#N/A, #REF!), each refused:
        read as blank, the row was stored without what the cell was meant to hold."""
        errors = [CellError(row, text, f"显示为错误值 {shown}（公式出错，如引用的列已删除或查找不到）："
                                       "请在表中改正后重新导入")
                  for j, _at, text, _reader, _exact in self.columns
                  if j in self.data_columns and (shown := self.error_cells.get((row, j + 1)))]
        self.preview.errors.extend(errors)
        return bool(errors)

    def _refuse_bare_formulas(self, row: int, cells: list[Any]) -> bool:
        """Whether the row has data cells that are formulas without a value (each is
        refused: read as blank, it would lose what the unit typed). 序号 is left out."""
        width = len(cells)
        holes = [text for j, _at, text, _reader, _exact in self.columns
                 if j in self.data_columns and (row, j + 1) in self.bare_formulas
                 and not _present(cells[j] if j < width else "")]
        self.preview.errors.extend(CellError(row, text, BARE_FORMULA) for text in holes)
        return bool(holes)


def _amount_bounds(campaign: Campaign | None,
                   field_name: str) -> tuple[int, int, int, int] | None:
    """(lowest, highest) amount in fen a cell of this money column can mean, and the plan's
    top and bottom tier: far outside them the unit was mistaken (元 for 万元 or back)."""
    from boostdesk.intake import FAR_ABOVE, IMPLAUSIBLE_BUDGET

    tiers = [t.amount_fen for t in campaign.tiers] if campaign is not None else []
    if not tiers:
        return None
    top, bottom = max(tiers), min(tiers)
    high = (FAR_ABOVE if field_name == "requested_fen" else IMPLAUSIBLE_BUDGET) * top
    return bottom // FAR_ABOVE, high, top, bottom


def _odd_amount(shown: str, fen: int, unit: str, header: str, top: int, bottom: int,
                too_high: bool) -> str:
    from boostdesk.money import format_money

    base = split_unit(normalize_header(header))[0]
    read_as = f"{shown} 按{unit}计为 {format_money(fen)}"
    if too_high:
        if unit == "万元":
            return (f"{read_as}，远高于方案最高档 {format_money(top)}，像是把元填在了万元栏：若填的是元，"
                    f"请把表头改为“{base}（元）”，或改按万元填写后重新导入")
        return f"{read_as}，远高于方案最高档 {format_money(top)}，请核对"
    if unit == "元":
        return (f"{read_as}，远低于方案最低档 {format_money(bottom)}，像是按万元填写的：若是，"
                f"请把表头改为“{base}（万元）”后重新导入")
    return f"{read_as}，远低于方案最低档 {format_money(bottom)}，请核对"


BARE_FORMULA = ("是没有计算结果的公式（程序生成、未在 Excel 或 WPS 中保存过的表格会这样）：请用 Excel 或"
                " WPS 打开此表、保存后重新导入")


def _note_text(cells: list[Any]) -> str | None:
    """The text of a footer or note row (填表人：…, 合计, 共 2 项, 注：…), or None."""
    for value in cells:
        if isinstance(value, str) and value.strip():
            text = "".join(value.split())
            if text.startswith(_NOTE_STARTS) or _NOTE_INSIDE.search(text):
                return text if len(text) <= 20 else text[:20] + "…"
    return None


# -- cells -----------------------------------------------------------------
# Whitespace: " ".join(text.split()) is _SPACES.sub(" ", text).strip() (str.split and the
# regex's \s take the same characters, U+3000 among them), at a third of the cost.
def _cell_reader(col: Column, unit: str | None, date1904: bool = False) -> Callable[[Any], Any]:
    """The function turning a cell of this column into its record value; it raises
    ValidationError (Chinese message) when the cell is unreadable."""
    kind = col.kind
    if kind == DATE:
        return _read_date_1904 if date1904 else _read_date
    if kind == YES_NO:
        return _read_yes_no
    if kind == AMOUNT_WAN:
        default_unit = unit or "万元"
        return lambda value: _read_amount(value, default_unit)
    if kind == LEVEL:
        return _read_level
    if kind == SEQ:
        return _read_seq
    if kind == NUMBER:
        if col.field == "patent_number_raw":
            return _read_patent_number
        if col.field in ("phone", "contact_phone"):
            return _read_phone
        return _read_compact_number if col.field in ("id_number", "card_number") else _number_text
    if kind == NAME:
        return _read_person if col.field in _ONE_PERSON else _read_name
    return _clean_text


def _read_level(value: Any) -> str | None:
    if type(value) is str:
        value = _printable(value)
    return parse_studio_level(value) if _present(value) else None


def _read_seq(value: Any) -> int | None:
    """A row's 序号, or None: it only orders a unit's rows, so one that is no number, or
    too long to be a row's (a stray ID or card number), is left out, not refused."""
    text = _number_text(value)
    return int(text) if text.isdecimal() and len(text) <= MAX_SEQ_DIGITS else None


def _read_patent_number(value: Any) -> str:
    """专利号 as typed; one typed into a number cell as ZL202110000002.0 is stored by Excel
    as 202110000002, its check digit gone. A number cell of 12 (or 8) digits whose check
    digit would be 0 gets it back: with it the number is whole whichever way it was typed."""
    if type(value) is float and value.is_integer() or type(value) is int:
        digits = f"{value:.0f}"
        if len(digits) in (8, 12) and digits.isdigit() and patent_check_char(digits) == "0":
            return f"{digits}.0"
    return _number_text(value)


def _read_phone(value: Any) -> str:
    """A telephone number; one typed into a number cell has lost its leading 0 (01083570885
    is 1083570885), given back when only with it is it a landline."""
    text = _number_text(value)
    if type(value) in (int, float) and text.isdigit():
        try:
            check_phone(text)
        except ValidationError:
            try:
                return check_phone("0" + text)
            except ValidationError:
                pass
    return text


def _read_compact_number(value: Any) -> str:
    """An ID or card number. One typed into a number cell keeps Excel's 15 significant
    digits (1.10105E+17): the rest are zeros, and stored it would be another person's or
    another card, so it is refused. A float a program wrote whole (a 16-digit card under
    2**53 whose last digit is not 0) is kept."""
    if type(value) is float and value.is_integer():
        digits = f"{value:.0f}"
        if len(digits) > _EXACT_DIGITS and (value >= _FLOAT_WHOLE
                                            or not digits[_EXACT_DIGITS:].strip("0")):
            raise ValidationError(
                f"号码 {digits} 存成了数字（Excel 中显示为 {value:.5E}），Excel 的数字只保留 15 位"
                f"有效数字，末 {len(digits) - _EXACT_DIGITS} 位已丢失，无法登记：请把该列设为"
                "文本格式，重新填写完整号码")
    number = "".join(_number_text(value).split()).upper()
    if _SCIENTIFIC.match(number):
        raise ValidationError(
            f"号码 {number} 是 Excel 以科学计数法显示的数字（从数字格式的列复制而来），完整号码已丢失，"
            "无法登记：请把该列设为文本格式，重新填写完整号码")
    if "*" in number:
        raise ValidationError(
            f"号码 {number} 中间已用 * 隐去，是导出时部分隐去的号码，不是完整号码，无法登记："
            "请填写完整号码（导出汇总表时选财务联可得完整号码）")
    return number


def _several_names(value: Any) -> list[str] | None:
    """The names of a cell holding several people (on lines of their own, or between 、 , ;
    /), or None: a name spaced out over lines (张 / 三) is one person."""
    if type(value) is not str:
        return None
    parts = [p for p in (" ".join(part.split()) for part in _NAME_SEPARATORS.split(value)) if p]
    if len(parts) > 1 and any(len("".join(p.split())) > 1 for p in parts):
        return parts
    return None


def _read_person(value: Any) -> str:
    """The one person a column names (第一发明人, 领衔人): the award is judged on and paid to
    them, so a cell naming several is refused instead of stored as one name (孙七周八)."""
    names = _several_names(value)
    if names is not None:
        raise ValidationError(
            f"一格中填了 {len(names)} 个人（{'、'.join(names)}）：这一栏只填一人的姓名，"
            "其他人请写在备注中")
    return _read_name(value)


def _read_name(value: Any) -> str:
    names = _several_names(value)
    if names is not None:  # a contact's column may name two, kept apart
        return "、".join(map(_read_name, names))
    text = _clean_text(value)
    return "".join(text.split()) if _CJK_NAME.match(text) else text


def _clean_text(value: Any) -> str:
    if type(value) is str:
        return one_line(_printable(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def _number_text(value: Any) -> str:
    """Digits typed as numbers or as (possibly full-width) text, as plain ASCII text; without
    the apostrophe typed before a number to keep it text, when the cell kept it."""
    if type(value) is str and value.isascii():
        return " ".join(_printable(value).split()).lstrip("'`")  # NFKC leaves ASCII as it is
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else _float_text(value)
    return unicodedata.normalize("NFKC", _clean_text(value)).strip().lstrip("'`‘’")


def _printable(text: str) -> str:
    return text if text.isprintable() else _CONTROL.sub("", text)


def _float_text(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _read_date(value: Any) -> date | None:
    if type(value) is date and value.year >= _FIRST_YEAR:
        return value
    if type(value) is str:
        value = _printable(value)
    if isinstance(value, time | timedelta):
        raise ValidationError("单元格是时间而不是日期，请写成 2021-03-05")
    if not _present(value):
        return None
    day = parse_date(value)  # date cells, serial numbers, every clerk's text form
    if day.year < _FIRST_YEAR:
        shown = _clean_text(value)
        read = f"按 Excel 的日期序号读作 {day.isoformat()}" if shown != day.isoformat() else "在 Excel 中显示为这一天"
        raise ValidationError(
            f"“{shown}”不像本计划的日期（{read}，早于 {_FIRST_YEAR} 年）：请照原件写成 2021-03-05")
    return day


# A date's serial number in the 1904 system is this many days less than in the 1900 one.
_DAYS_1900_TO_1904 = 1462


def _read_date_1904(value: Any) -> date | None:
    """A date column's cell of a workbook counting from 1904: a number there (the serial of
    a date pasted as a value, its date format lost) is 1,462 days later than the 1900 system
    reads it, as Excel shows it once formatted as a date; 20210305 stays a typed day."""
    if (isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
            and not (value == int(value) and 10_000_000 <= value <= 99_999_999)):
        value = value + _DAYS_1900_TO_1904
    return _read_date(value)


def _read_yes_no(value: Any) -> bool | None:
    if type(value) is str:
        value = _printable(value)
    if not _present(value):
        return None
    try:
        return parse_yes_no(value)
    except ValidationError:
        text = "".join(unicodedata.normalize("NFKC", str(value)).split())
        if len(text) > 1 and text.endswith("的"):  # 是的, 不是的: as clerks write it
            try:
                return parse_yes_no(text[:-1])
            except ValidationError:
                pass
        if m := _ANSWERED.match(text):  # 是（已应用）, 已到位, 未应用: the question answered
            return (m.group(1) or m.group(2)) in ("是", "已")
        raise


def _read_amount(value: Any, unit: str) -> int | None:
    if type(value) is str:
        value = _printable(value)
    return parse_amount_fen(value, default_unit=unit) if _present(value) else None


# -- storing ---------------------------------------------------------------
def refusal_message(
    preview: ImportPreview,
    advice: str = "请改正这些行后重新导入，或选择跳过无法读取的行、导入其余各行",
) -> str:
    rows = preview.refused_rows
    lines = [f"{preview.path.name} 中有 {len(rows)} 行无法读取，未导入任何数据："]
    lines += [str(e) for e in preview.errors[:MAX_LISTED_ERRORS]]
    if len(preview.errors) > MAX_LISTED_ERRORS:
        lines.append(f"……另有 {len(preview.errors) - MAX_LISTED_ERRORS} 处问题未列出")
    lines.append(advice)
    return "\n".join(lines)


def empty_table_text(preview: ImportPreview) -> str:
    """A table with its header and nothing under it (a blank template sent back, or the
    wrong sheet), as the command line and the import dialog say it."""
    return (f"{preview.path.name} 中没有可导入的数据：表头在“{preview.sheet_name}”工作表第 "
            f"{preview.header_rows_text} 行，其下没有填写任何一行")


def problem_list(preview: ImportPreview, duplicates: dict[int, str] | None = None,
                 notes: list[str] | None = None) -> str:
    """What to send back to the union that sent the table, as plain text for an e-mail:
    every cell that cannot be read (row, column, why), every row already registered or
    repeated (``duplicates``: row → why), in sheet order, then the warnings and ``notes``
    (studio facts given otherwise). "" when there is nothing to say."""
    duplicates = duplicates or {}
    warnings = [*preview.warnings, *(notes or [])]
    items = sorted([(e.row, str(e)) for e in preview.errors]
                   + [(row, f"第 {row} 行：{why}") for row, why in duplicates.items()],
                   key=lambda item: item[0])  # stable: a row's cells stay in column order
    if not items and not warnings:
        return ""
    counts = []
    if preview.refused_rows:
        counts.append(f"{len(preview.refused_rows)} 行无法读取")
    if duplicates:
        counts.append(f"{len(duplicates)} 行已登记或与前面的行重复")
    head = (f"{preview.path.name}（{preview.table_name}，工作表“{preview.sheet_name}”）"
            + (f"：{'，'.join(counts)}" if counts else ""))
    lines = [head, *(text for _, text in items)]
    if warnings:
        lines += ["", "提示：", *warnings]
    return "\n".join(lines)


def commit(
    reg: Any, preview: ImportPreview, skip_bad_rows: bool = False, *,
    received_date: date | None = None, progress: Progress | None = None,
    cancelled: Cancelled | None = None, update_studios: bool = False,
    updates: dict[int, Any] | None = None, backup: bool = True,
    registered: dict[int, Any] | None = None,
) -> list[int]:
    """Store the records of a preview in one transaction, with their verdicts.

    Refuses (:class:`ImportRefused`, nothing stored) when some rows could not be
    read, unless ``skip_bad_rows``. ``received_date`` fills 收件日期 where the
    table gave none. Returns the new application ids in sheet order. A studio already
    registered keeps its facts (level, 示范性, leader, units) unless ``update_studios``; the
    first row giving a fact of a studio settles it for the table
    (``duplicates.studio_notes`` lists every fact given otherwise, by row).

    The records go in with ``Register.insert_patents`` / ``insert_projects``
    (executemany, audited as ``save_patent`` would, each create event naming the
    file), their verdicts computed by ``rules.check.judge_new`` and written with
    the rows; the applications already stored that share a patent number, a person
    or a studio with them are checked again (and only those). One ``import`` event
    records the file, its SHA-256 and the ids.

    ``updates`` (``io.resend.compare`` of a table sent again, the rows the clerk chose to
    take): the registered applications take those rows' differing values in the same
    transaction (``io.resend.apply``), named in the ``import`` event.

    ``registered`` (``io.resend.compare``'s matches the clerk chose to take, a project
    table's): their rows' studio facts are taken as the new rows' are (``update_studios``
    deciding whether they overwrite the register's, an awarded studio keeping its level),
    in the table's order with them; each studio update audited naming the file.

    ``backup=False``: the caller backed the register up already (one backup before a
    morning's thirty files, not thirty rotating last week's away).
    """
    if preview.errors and not skip_bad_rows:
        raise ImportRefused(refusal_message(preview))
    from boostdesk.rules.check import judge_new

    reg.campaign(preview.year)  # a missing campaign is refused before anything is written
    if backup:
        from boostdesk.safety.backup import BackupCancelled, backup_before_write

        try:  # 取消 pressed while it was backed up (seconds on a large register): stop here
            backup_before_write(reg, "import", cancelled)
        except BackupCancelled:
            raise ImportCancelled() from None
    records = preview.records
    if received_date is not None:
        records = [r if r.received_date else replace(r, received_date=received_date)
                   for r in records]
    table = _TABLE[preview.stream]

    def step(done: int, of: int) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None:
            progress(done, of)

    from boostdesk.gc_pause import collector_paused

    restudied: list[int] = []  # studios only the registered rows changed: named in the event
    with reg.transaction(), collector_paused():
        if preview.stream == PATENT:
            stored = reg.insert_patents(records, source=preview.path.name, progress=step,
                                        judge=lambda new: judge_new(reg, new))
        else:
            noted = set(reg.changes.studios)
            stored = reg.insert_projects(records, source=preview.path.name, progress=step,
                                         judge=lambda new: judge_new(reg, new),
                                         studio_facts=TABLE if update_studios else REGISTER,
                                         registered=_placed(preview.rows, registered or {}))
            restudied = sorted(reg.changes.studios - noted)
        updated: list[int] = []
        if updates:
            from .resend import apply

            updated = apply(reg, preview.stream, updates, preview.path.name)
        if stored or updated or restudied:
            reg.audit("import", table, None, None, {
                "file": preview.path.name, "sha256": preview.sha256,
                "sheet": preview.sheet_name, "applications": len(stored),
                **({"first_id": stored[0].id, "last_id": stored[-1].id} if stored else {}),
                **({"updated": updated} if updated else {}),
                **({"studios": restudied} if restudied else {}),
            })
    return [r.id for r in stored]


def _placed(rows: list[int], registered: dict[int, Any]) -> list[tuple[int, Any]]:
    """Each registered row's record with the index of the first new row below it in the
    sheet: where its studio facts come among theirs."""
    from bisect import bisect_left

    return [(bisect_left(rows, row), match.record) for row, match in sorted(registered.items())]


_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}


@dataclass(frozen=True)
class ImportSummary:
    imported: int
    eligible: int  # 合格: no blocking finding, nothing missing
    refused: int  # 不合格: some blocking finding
    incomplete: int  # 待补: no blocking finding but a fact missing

    def __str__(self) -> str:
        return (f"导入 {self.imported} 行：合格 {self.eligible}、不合格 {self.refused}、"
                f"待补 {self.incomplete}")


def summarize(reg: Any, stream: str, ids: list[int]) -> ImportSummary:
    """Count the stored verdicts of freshly imported applications."""
    eligible = refused = incomplete = 0
    wanted = set(ids)
    for app_id, ok, missing in reg.conn.execute(
        f"SELECT id, eligible, incomplete FROM {_TABLE[stream]} WHERE id BETWEEN ? AND ?",
        (min(wanted, default=0), max(wanted, default=-1)),
    ):
        if app_id not in wanted:
            continue
        if not ok:
            refused += 1
        elif missing:
            incomplete += 1
        else:
            eligible += 1
    return ImportSummary(len(ids), eligible, refused, incomplete)


__all__ = [
    "CellError", "ImportCancelled", "ImportFailed", "ImportPreview", "ImportRefused",
    "ImportSummary", "commit", "read_table", "refusal_message", "summarize",
]
