"""Reading a unit's summary table (attachment 2 or 4) into application records.

A row is a unit's submission: one that breaks a rule of the plan (a wrong check
character, a utility model, a date outside the window) is read and kept, and
the rules flag it later. Only a row that cannot be read at all (no name, a date
that is no date, an amount that is no amount, a yes/no cell that is neither)
is refused, with its sheet row, its column header and the reason.

``read_table`` never touches the register; ``import_commit.commit`` stores a preview and
the rules' verdicts on it in one transaction. The steps: :mod:`.header_search` (where the
table is), :mod:`.above_header` and :mod:`.column_map` (its columns), :mod:`.row_reader`
and :mod:`.cell_readers` (its rows), into an :class:`.import_preview.ImportPreview`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from boostdesk.models.campaign import Campaign, federation_as_union
from boostdesk.said_where import way

from .above_header import title_year, union_above, unit_note
from .cell_readers import present
from .column_map import map_columns
from .errors import CellError, ImportCancelled, ImportFailed
from .header_search import TableHeader, find_table, no_header_message
from .headers import SEQ
from .import_preview import ImportPreview
from .row_reader import RowReader
from .xlsx_read import SheetData

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
CHUNK = 500


def read_table(
    path: str | Path, year: int, progress: Progress | None = None,
    cancelled: Cancelled | None = None, *, campaign: Campaign | None = None,
    sheet: str | None = None,
) -> ImportPreview:
    """Read a summary table without touching the register.

    ``campaign``: the year's plan, when known; its tiers tell an amount typed in 元 under a
    万元 header (or the other way round) from a real one, and such a cell is refused.
    ``sheet``: the worksheet to read, the clerk's choice where two hold this year's table.

    Raises :class:`ImportFailed` when the file is no summary table at all (``SheetsToChoose``
    when two sheets hold this year's rows and none was chosen) and :class:`ImportCancelled`
    when ``cancelled()`` turns true (checked per chunk).
    """
    from boostdesk.gc_pause import collector_paused

    with collector_paused():  # 140,000 cells, then the records: no cycles among them
        return _read_table(Path(path), year, progress, cancelled, campaign, sheet)


class SheetsToChoose(ImportFailed):
    """Two sheets or more of a workbook hold this year's table with rows: reading the first
    alone left the others' papers out with a 提示 (all or nothing: the clerk chooses)."""

    def __init__(self, path: Path, sheets: list[tuple[str, int]], table: str, year: int,
                 tables: list[str] | None = None) -> None:
        self.path, self.sheets, self.table, self.year = path, sheets, table, year
        self.tables = tables or [table] * len(sheets)  # each sheet's table (附件2 or 附件4)
        if len(set(self.tables)) > 1:
            self.table = "本年度汇总表"
        super().__init__(self.text(cli=True))

    def listed(self) -> str:
        mixed = len(set(self.tables)) > 1  # a 附件2 and a 附件4 in one workbook: each named
        return "、".join(f"工作表“{name}”" + (f"{table} " if mixed else "") + f"{count} 行"
                        for (name, count), table in zip(self.sheets, self.tables, strict=True))

    def text(self, cli: bool) -> str:
        how = ("逐张导入：加 --sheet 工作表名称，每张导入一次" if cli
               else "逐张导入：读取时选择工作表，每张导入一次")
        merge = "请把它们合并到一张工作表后重新导入，或" if len(set(self.tables)) == 1 else "请"
        return (f"{self.path.name} 有 {len(self.sheets)} 张工作表都填了{self.table}的行"
                f"（{self.listed()}），未导入任何数据：只导入其中一张会漏掉其余各张的申报。"
                f"{merge}{how}")


def _same_sheet(name: str, wanted: str) -> bool:
    return unicodedata.normalize("NFKC", name).strip() == unicodedata.normalize("NFKC", wanted).strip()


def _read_table(
    path: Path, year: int, progress: Progress | None, cancelled: Cancelled | None,
    campaign: Campaign | None = None, sheet_name: str | None = None,
) -> ImportPreview:
    found = find_table(path)
    if found is None:
        raise ImportFailed(no_header_message(path))
    sheets = [found[:2], *found[2]]
    if sheet_name is not None:
        chosen = [(s, h) for s, h in sheets if _same_sheet(s.name, sheet_name)]
        if not chosen:
            raise ImportFailed(
                f"{path.name} 中没有名为“{sheet_name}”的汇总表工作表（有汇总表表头的工作表："
                + "、".join(f"“{s.name}”" for s, _h in sheets) + "）")
        sheets = [chosen[0], *((s, h) for s, h in sheets if s is not chosen[0][0])]
    read = [_read_sheet(path, year, sheets[0][0], sheets[0][1], progress, cancelled, campaign)]
    # Every other sheet with a header read too, to tell a blank copy of the template, an
    # earlier year's list kept beside this year's (2021年已报: its old rows never read in
    # this year's place, nor stored in 2021 by its title) and a second sheet of this year's
    # rows (第二批: reading the first alone left its papers out on a 提示) apart.
    for other, other_header in sheets[1:]:
        read.append(_read_sheet(path, year, other, other_header, None, cancelled, campaign))
    filled = [p for p in read if p.records or p.errors]
    old = {id(p): said for p in filled
           if (said := earlier_list(p.sheet_name, p.title_year, year)) and p is not read[0]}
    this_year = [p for p in filled if id(p) not in old]
    if (sheet_name is None and read[0] in this_year and len(this_year) > 1
            and earlier_list(read[0].sheet_name, read[0].title_year, year)):
        this_year.remove(read[0])  # last year's list first, this year's after it: the latter
        old[id(read[0])] = earlier_list(read[0].sheet_name, read[0].title_year, year)
    preview = read[0]
    if sheet_name is None and this_year and preview is not this_year[0]:
        # the template's sheet left blank first (or last year's list), the table filled in
        # on a later sheet ("没有可导入的数据" was said, its rows never read)
        chosen_sheet = this_year[0]
        why = ("只有表头，没有填写任何一行" if not (preview.records or preview.errors)
               else "是往年已报的名单")
        chosen_sheet.warnings.insert(0, f"工作表“{preview.sheet_name}”{why}：已改读"
                                        f"工作表“{chosen_sheet.sheet_name}”")
        preview = chosen_sheet
    for p in filled:
        if id(p) in old and p is not preview:
            if preview.records or preview.errors:  # said once, as what it is: no merge advice
                preview.warnings.append(
                    f"工作表“{p.sheet_name}”有 {p.row_count} 行，未读取：{old[id(p)]}，不是本次的申报")
            else:
                preview.passed_over.append(
                    f"工作表“{p.sheet_name}”有 {p.row_count} 行，未读取：{old[id(p)]}，不是本次的"
                    f"申报（如确是 {year} 年度的申报，请把这些行填入工作表“{preview.sheet_name}”后"
                    "重新导入）")
    left = [p for p in this_year if p is not preview]
    if left and sheet_name is None:  # all or nothing: the clerk chooses
        raise SheetsToChoose(path, [(p.sheet_name, p.row_count) for p in [preview, *left]],
                             preview.table_name, year, [p.table_name for p in [preview, *left]])
    preview.sheets_left = [(p.sheet_name, p.row_count) for p in left]
    for p in left:  # the clerk chose one sheet: the others named, not read
        preview.warnings.append(
            f"工作表“{p.sheet_name}”也有{p.table_name}的 {p.row_count} 行，本次未导入（只导入所选的"
            f"工作表“{preview.sheet_name}”，其余各张请另行导入）")
    return preview


# A sheet's name saying it holds what was sent before: 2021年已报, 去年, 上年度名单, 往年
_EARLIER_WORDS = re.compile(r"已报|已申报|已上报|已报送|已提交|去年|上年|上一年|往年|历年|以前|存档|备份")
_NAMED_YEAR = re.compile(r"(20\d\d)")


def earlier_list(name: str, titled: int | None, year: int) -> str:
    """Why a sheet looks like an earlier year's list ("工作表名称写的是 2021 年，看来是往年的
    名单"), by its name (a year before ``year``, or 已报 / 去年 / 往年) or its title's year
    (``titled``); "" when it does not."""
    said = []
    named = [int(y) for y in _NAMED_YEAR.findall(unicodedata.normalize("NFKC", name))]
    if old := [y for y in named if y < year]:
        said.append(f"工作表名称写的是 {max(old)} 年")
    if titled and titled < year:
        said.append(f"表格标题写的是 {titled} 年")
    if (word := _EARLIER_WORDS.search(name)) and not said:
        said.append(f"工作表名称有“{word.group(0)}”")
    return f"{'，'.join(said)}，看来是往年已报的名单" if said else ""


def _read_sheet(
    path: Path, year: int, sheet: SheetData, header: TableHeader, progress: Progress | None,
    cancelled: Cancelled | None, campaign: Campaign | None,
) -> ImportPreview:
    """The rows under ``header`` in ``sheet`` (the other sheets are weighed by the caller)."""
    table, header_index = header.table, header.index
    preview = ImportPreview(table.stream, year, path, sheet.name, header_index + 1,
                            header_rows=header.rows, campaign=campaign)
    with path.open("rb") as fh:
        preview.sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
    above = sheet.cells[:header_index]
    union = union_above(above)
    mapping = map_columns(header.cells, table, preview, sheet.hidden_columns,
                           unit_note(above), union, sheet.cells[header_index + header.rows:])
    preview.title_year = title_year(sheet.cells[:header_index])
    if preview.title_year and preview.title_year != year:
        preview.warnings.append(
            f"表格标题写的是 {preview.title_year} 年，本次按 {year} 年度导入"
        )
    first_data = header_index + header.rows  # index of the first row under the header
    _fill_vertical_merges(sheet, first_data - 1,
                          {j for j, (col, _text, _unit) in mapping.items() if col.kind == SEQ})
    data = sheet.cells[first_data:]
    total = len(data)
    titles = frozenset(bare for row in above for v in row  # a page's title line, again
                       if isinstance(v, str) and (bare := "".join(v.split())))
    reader = RowReader(table, mapping, year, preview, sheet.bare_formulas, campaign,
                        sheet.error_cells, sheet.date1904, titles)
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
    if "unit_name" in preview.columns:
        _blank_unions(preview, union)
    if campaign is not None:
        _federation_unions(preview, campaign)
    if preview.errors:  # who a refused row was, for the union's letter to name it by
        preview.refused_facts = _refused_facts(sheet, preview, mapping, union)
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
    _set_aside(preview, sorted({*hidden, *(r for r in preview.refused_rows
                                           if r in sheet.hidden_rows)}), reader.other_tables)
    return preview


def _set_aside(preview: ImportPreview, hidden: list[int],
               others: list[tuple[int, tuple[int, str] | None, list[int]]]) -> None:
    """The rows the unit hid (or filtered out) set apart, as the rows of another table under
    the main one are (``others``: its header row, the line above it, its rows): each said
    once, with what the clerk does — skip them, or take them after all (clauses of her
    own: 复制问题清单 leaves them out for the union). A union hides a withdrawn paper as
    often as a filter is left on."""
    from .set_aside import HIDDEN, HIDDEN_WHY, NOT_TAKEN, SET_ASIDE_OPTION, SetAside, box_text

    hidden = [row for row in hidden if row not in preview.set_aside]  # another table's: said so
    for row in hidden:
        preview.set_aside[row] = SetAside(HIDDEN, HIDDEN_WHY)
    box = box_text({said.kind for said in preview.set_aside.values()})
    how = way(f"不报的，请选“跳过标出的行，导入其余”；确是本表申报的，勾选“{box}”",
              f"不报的，加 --skip-bad-rows 跳过这些行、导入其余各行；确是本表申报的，加 {SET_ASIDE_OPTION}")
    said = preview.set_aside_said
    for header_row, title, rows in others:
        if rows:
            over = f"其上第 {title[0]} 行写着“{title[1]}”，" if title else ""
            said.append(
                f"第 {header_row} 行又是一个表头，{over}其下第 {_rows_text(rows)} 行（{len(rows)} 行）"
                f"是主表下面另一张表的行，可能不是本表的申报（如撤回的申报）{NOT_TAKEN}{how}")
    if hidden:
        said.append(
            f"第 {_rows_text(hidden)} 行在表中是隐藏的（隐藏或筛选掉的行）{NOT_TAKEN}{how}")
    preview.warnings += said


def _blank_unions(preview: ImportPreview, above: str | None) -> None:
    """Rows read with their 推荐单位 blank (nothing shifted): stored with none, such a paper
    was in no union's 核对意见 and its award could not be split with a union (方案一（三））.
    The table's one union is taken where it names one — its 填报单位 line, or every other
    row the same union — and said; otherwise the row is refused."""
    from dataclasses import replace

    blank = [i for i, record in enumerate(preview.records) if not (record.unit_name or "").strip()]
    if not blank:
        return
    header = preview.columns["unit_name"]
    named = {u for r in preview.records if (u := (r.unit_name or "").strip())}
    rows = [preview.rows[i] for i in blank]
    if above:
        union, whence = above, f"按表头“填报单位”的“{above}”登记"
    elif len(named) == 1:
        union = next(iter(named))
        whence = f"按本表其他各行的“{union}”登记"
    else:
        refused = set(blank)
        preview.errors.extend(CellError(
            row, header, "未填写：没有推荐单位的申报不列入任何单位的核对意见，也无法按方案"
            "由推荐单位分担助推资金，请填写推荐单位") for row in rows)
        preview.errors.sort(key=lambda e: e.row)
        preview.records = [r for i, r in enumerate(preview.records) if i not in refused]
        preview.rows = [r for i, r in enumerate(preview.rows) if i not in refused]
        return
    for i in blank:
        preview.records[i] = replace(preview.records[i], unit_name=union)  # type: ignore[arg-type]
        preview.to_check[preview.rows[i]] = f"“{header}”未填写，{whence}，请核对"
    preview.warnings.append(f"第 {_rows_text(rows)} 行“{header}”未填写：{whence}，请核对")


def _federation_unions(preview: ImportPreview, campaign: Campaign) -> None:
    """Rows whose 推荐单位 (written, or taken from the 填报单位 line) is the federation
    itself are refused, as a row with none is: the award cannot be split with it."""
    refused = {i for i, record in enumerate(preview.records)
               if federation_as_union(record.unit_name or "", campaign, preview.stream)}
    if not refused:
        return
    header = preview.columns.get("unit_name", "推荐单位")
    why = federation_as_union(campaign.federation, campaign, preview.stream) or ""
    preview.errors.extend(CellError(preview.rows[i], header, why) for i in sorted(refused))
    preview.errors.sort(key=lambda e: e.row)
    preview.records = [r for i, r in enumerate(preview.records) if i not in refused]
    preview.rows = [r for i, r in enumerate(preview.rows) if i not in refused]


# field a refused row is named by -> the key of ``ImportPreview.refused_facts``
_NAMING = {"seq": "seq", "inventor_name": "name", "leader": "name", "title": "title",
           "unit_name": "unit", "patent_number_raw": "key"}


def _refused_facts(sheet: SheetData, preview: ImportPreview, mapping: dict[int, Any],
                   union: str | None) -> dict[int, dict[str, str]]:
    """Each refused row's 序号, person, title, union and patent number as the cells show
    them (it was never read into a record): a letter to the union names the row by them."""
    from .cell_readers import clean_text

    columns = {_NAMING[col.field]: j for j, (col, _t, _u) in mapping.items()
               if col.field in _NAMING}
    out: dict[int, dict[str, str]] = {}
    for row in preview.refused_rows:
        cells = sheet.cells[row - 1] if row - 1 < len(sheet.cells) else []
        facts = {key: clean_text(cells[j]) if j < len(cells) else ""
                 for key, j in columns.items()}
        name = cells[columns["name"]] if columns.get("name", len(cells)) < len(cells) else None
        if isinstance(name, str) and "\n" in name:  # two people in one cell: 陈建国、李四
            facts["name"] = "、".join(t for part in name.split("\n") if (t := clean_text(part)))
        if not facts.get("unit") and union:
            facts["unit"] = union
        if preview.stream != "patent":
            facts["key"] = facts.get("title", "")
        out[row] = {k: v for k, v in facts.items() if v}
    return out


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
              if any(present(v) for j, v in enumerate(cells[r]) if j not in seq)}
    for r0, c0, r1 in merges:
        value = cells[r0][c0] if c0 < len(cells[r0]) else ""
        for r in range(r0 + 1, min(r1, len(cells) - 1) + 1):
            if r in filled and c0 < len(cells[r]) and not present(cells[r][c0]):
                cells[r][c0] = value
