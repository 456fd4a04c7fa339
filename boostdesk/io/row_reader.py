"""A summary table's data rows into records (:class:`RowReader`): notes, totals, examples,
repeated headers and rows of only what a unit fills down skipped and said; the rows of a
second table under the main one (a title line, then a header again) set apart; 同上 read as
the row above; error values and formulas without a value refused by cell; an amount far
from the plan's tiers (元 under a 万元 header) refused with what to do."""

from __future__ import annotations

import math
import re
from dataclasses import MISSING, fields
from functools import partial
from typing import Any

from boostdesk.field_limits import check_length
from boostdesk.models.campaign import Campaign, level_and_outside
from boostdesk.models.record_rows import new_record
from boostdesk.models.records import PATENT, PatentApplication, ProjectApplication
from boostdesk.models.register import canonical_patent_number
from boostdesk.old_ids import converted
from boostdesk.received_days import table_day_refusal
from boostdesk.validate import ValidationError

from .cell_readers import (
    BARE_FORMULA,
    EXACT_DIGITS,
    SPACES,
    Masked,
    cell_reader_parts,
    clean_text,
    present,
)
from .errors import CellError
from .headers import AMOUNT_WAN, NUMBER, YES_NO, Column, Table, normalize_header, split_unit
from .import_preview import ImportPreview
from .read_as import ReadAs
from .set_aside import (
    PAGE_NUMBER,
    TITLE,
    TOTAL,
    other_table,
    page_line,
)
from .shifted_row import ShiftCheck

_NOTE_STARTS = ("注", "说明", "填表", "填报", "制表", "审核", "合计", "总计", "小计", "本页", "备注：",
                "联系人：", "联系人:", "负责人：", "负责人:", "单位盖章", "日期：", "日期:")
# Footer words anywhere in a cell of a row without a name: 共计, 共 2 项, 本单位共推荐 2 项,
# 单位负责人：…, 填表人, 盖章.
_NOTE_INSIDE = re.compile(r"^以下(?:空白|无)|^第\d+页|共\d+页|^共计|^共\d|共推荐|共申报|盖章|填表人|制表人|审核人|负责人[:：]|联系人[:：]")
# Facts a unit fills down the template's rows, blank ones too (yes/no columns besides)
_SHARED = frozenset({"unit_name", "enterprise_name", "studio_level", "industry", "received_date"})
_BLANK_BELOW = re.compile(r"^以下(?:空白|无)")
_EXAMPLE = re.compile(r"^(?:填写|填表)?(?:示例|样例|范例|举例|例)")
_TOTALS = frozenset({"合计", "总计", "小计", "共计", "累计"})
# Ditto marks: the cell says "as the row above" (〃 and its look-alikes, 同上).
_DITTO = frozenset({"同上", "同上行", "〃", "\u3003\u3003", '"', "”", "“", "〞", "″", "''", "ditto"})
_WHOLE_NUMBERS = ("id_number", "card_number")  # refused when digits were lost, not warned


class RowReader:
    """Reads data rows into records; each column's reader is chosen once, not per cell,
    and each cell's value goes straight to its place among the record's fields."""

    def __init__(
        self, table: Table, mapping: dict[int, tuple[Column, str, str | None]], year: int,
        preview: ImportPreview, bare_formulas: frozenset[tuple[int, int]] = frozenset(),
        campaign: Campaign | None = None, error_cells: dict[tuple[int, int], str] | None = None,
        date1904: bool = False, titles: frozenset[str] = frozenset(),
    ) -> None:
        self.table = table
        self.bare_formulas = bare_formulas
        self.error_cells = error_cells or {}
        self.year = year
        self.preview = preview
        self.name_header = table.column(table.name_field).label
        self.name_header_norm = SPACES.sub("", self.name_header)
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
        # was a float, longest text: cell_reader's check, made here without its wrapper)
        # a 收件日期 without its year read in the year's season, as the form reads it
        season = ((campaign.issued_date, campaign.submission_deadline)
                  if campaign is not None else None)
        self.columns = [
            (j, self.position[col.field], text, *cell_reader_parts(col, unit, date1904, season),
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
        self.headers = {f: text for f, (_j, text) in by_field.items()}  # field -> header as typed
        self.campaign = campaign
        # the 申请助推金额 column's (field position, header as typed): above the top tier asked
        self.request: tuple[int, str] | None = None
        if "requested_fen" in by_field and campaign is not None:
            from boostdesk.intake import above_top_award  # (as _amount_bounds: imported late)

            self.request = (self.position["requested_fen"], by_field["requested_fen"][1])
            self.above_top = partial(above_top_award, campaign)
        # the 收件日期 column's header, where a day before the plan or to come is refused
        self.received = (by_field.get("received_date", (0, None))[1]
                         if campaign is not None else None)
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
        self.mapping = mapping
        read_as = ReadAs({j: (col, text) for j, (col, text, _unit) in mapping.items()},
                         self.position, season)
        self.read_as = read_as if read_as.watched else None
        self.shift_check: ShiftCheck | None = None  # made for the first refused row
        self.yes_no_cells = [j for j, (col, _, _) in mapping.items() if col.kind == YES_NO]
        # A header again under the table is a page's header pasted with its rows when a data
        # row is right above it (blank rows aside), or what a page break puts above it (the
        # table's title, 第 1 页, 小计; 合计 when the 序号 carry on: set_aside.page_line);
        # under other words (附：本单位撤回的申报) once rows were read, it opens another table:
        # its rows set apart.
        self.titles = titles  # the lines above the first header, spaces taken out
        self.data_seen = False
        self.lines: list[tuple[int, str]] = []  # the lines that are no data row since one
        self.last_seq: int | None = None  # the main table's highest 序号 read
        self.after_total: tuple[int, tuple[int, str]] | None = None  # a header under 合计
        self.other_table: tuple[int, tuple[int, str] | None] | None = None  # (header row, line)
        # each second table: its header row, the line above it, its rows
        self.other_tables: list[tuple[int, tuple[int, str] | None, list[int]]] = []

    def _not_data(self, row: int, text: str) -> None:
        """Row ``row`` is no data row (``text``: what it says): a header under it is a
        page's, or opens another table."""
        self.lines.append((row, text))

    def _header_again(self, row: int) -> None:
        """Row ``row`` is the table's header again: skipped and said when a page break put
        it there, else the header of another table whose rows are set apart."""
        kinds = [page_line(text, self.titles) for _row, text in self.lines]
        if not self.data_seen or not self.lines:  # pasted with its rows, or the table begun again
            self.preview.warnings.append(f"第 {row} 行是重复的表头，已跳过")
        elif None in kinds:  # other words: the last of them names the table
            line = self.lines[max(i for i, k in enumerate(kinds) if k is None)]
            self._open_other(row, line)
        elif TOTAL in kinds and not {TITLE, PAGE_NUMBER} & set(kinds):
            self.after_total = (row, self.lines[-1])  # the 序号 under it decide
        else:
            self._page_header(row, self.lines[-1], kinds[-1])
        self.lines = []

    def _page_header(self, row: int, line: tuple[int, str], kind: str | None, carried: bool = False
                     ) -> None:
        what = "本表的标题" if kind == TITLE else f"“{_shown(line[1])}”"
        more = "，下面的序号接续上面" if carried else ""
        self.preview.warnings.append(
            f"第 {row} 行是重复的表头（其上第 {line[0]} 行是{what}{more}，是分页后的同一张表），已跳过")

    def _open_other(self, row: int, line: tuple[int, str]) -> None:
        shown = (line[0], _shown(line[1]))
        self.other_table = (row, shown)
        self.other_tables.append((row, shown, []))

    def _seq(self, cells: list[Any]) -> int | None:
        """The row's 序号 as a whole number, None when it has none."""
        for j in self.seq_indexes:
            value = cells[j] if j < len(cells) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                return int(value) if math.isfinite(value) else None  # 1.8e308 reads back as inf
            if isinstance(value, str) and value.strip().isdigit():
                return int(value.strip())
        return None

    def read(self, row: int, cells: list[Any]) -> None:
        width = len(cells)
        if (self.bare_formulas and _note_text(cells) is None  # 合计 over =SUM(): a total
                and self._refuse_bare_formulas(row, cells)):
            return
        for j in self.data_indexes:
            value = cells[j] if j < width else ""
            if value is not None and not (isinstance(value, str) and not value.strip()):
                break
        else:  # nothing but perhaps a 序号: a title written across from it (附：…) is a line
            title = next((t for j in self.seq_indexes if j < width and type(v := cells[j]) is str
                          and (t := clean_text(v)) and not t.isdigit()), None)
            if title is not None:
                self._not_data(row, title)
            return
        for j in self.seq_indexes:  # 示例 over a made-up row, left in to show how to fill it in
            if j < width and type(v := cells[j]) is str and _EXAMPLE.match(v.strip()):
                self.preview.warnings.append(f"第 {row} 行是填写示例（序号为“{v.strip()}”），已跳过")
                self._not_data(row, v.strip())
                return
        ditto = [j for j in self.data_indexes if j < width and type(v := cells[j]) is str
                 and len(v) <= 8 and v.strip() in _DITTO]
        if ditto:
            filled = self._ditto(row, cells, ditto)
            if filled is None:
                return
            cells = filled
        name = self.name_cell
        name_value = clean_text(cells[name[0]] if name[0] < width else "") if name else ""
        name_header = name[1] if name else self.name_header
        if not name_value:
            note = _note_text(cells)
            if note is not None:
                self.preview.warnings.append(f"第 {row} 行不是数据行（“{note}”），已跳过")
                self._not_data(row, note)
                return
            if self.amount_indexes and all(
                    j in self.amount_indexes for j in self.data_indexes
                    if j < width and present(cells[j])):
                self.preview.warnings.append(f"第 {row} 行只有金额、没有{self.name_header}，是合计行，已跳过")
                self._not_data(row, "合计")
                return
            if all(j in self.shared for j in self.data_indexes
                   if j < width and present(cells[j])):
                self.unnamed_rows.append(row)  # 推荐单位, 是 dragged down the template
                self._not_data(row, next((clean_text(v) for v in cells if present(v)), ""))
                return
        else:
            bare = "".join(name_value.split())
            if bare in _TOTALS or any(  # 合计 at the left, a count (=COUNTA) under the name
                    type(v) is str and len(v) < 8 and "".join(v.split()) in _TOTALS
                    for v in cells[:name[0] if name else 0]):
                self.preview.warnings.append(f"第 {row} 行是合计行，已跳过")
                self._not_data(row, bare)
                return
            if _BLANK_BELOW.match(bare):  # 以下空白: the form closed under its last row
                self.preview.warnings.append(f"第 {row} 行不是数据行（“{bare}”），已跳过")
                self._not_data(row, bare)
                return
            if bare in (self.name_header_norm, name_header):
                self._header_again(row)
                return
        seq = self._seq(cells)
        if self.after_total is not None:  # 合计, a header: the same table if numbered on
            header_row, line = self.after_total
            self.after_total = None
            if seq is not None and self.last_seq is not None and seq <= self.last_seq:
                self._open_other(header_row, line)
            else:
                self._page_header(header_row, line, TOTAL, carried=seq is not None)
        self.data_seen, self.lines = True, []
        if self.other_table is None and seq is not None:
            self.last_seq = max(seq, self.last_seq or seq)
        if self.other_table is not None:  # read (or refused) as any row, then set apart
            self.preview.set_aside[row] = other_table(*self.other_table)
            self.other_tables[-1][2].append(row)
        # Errors only in a row with data: a lookup dragged down shows #N/A in blank rows too
        if self.error_cells and self._refuse_errors(row):
            return
        self.above = cells
        values: list[Any] = self.defaults.copy()
        errors: list[CellError] = []
        for j, place, text, reader, limit, exact in self.columns:
            value = cells[j] if j < width else ""
            try:
                read = reader(value)
                if limit is not None and isinstance(read, str) and len(read) > limit:
                    check_length(read, limit)
                values[place] = read
            except ValidationError as exc:
                errors.append(CellError(row, text, exc.message))
            if exact and isinstance(value, float) and len(f"{value:.0f}") > EXACT_DIGITS:
                self.preview.warnings.append(
                    f"第 {row} 行“{text}”是数字格式，Excel 只保留 15 位有效数字，末几位可能已变成 0："
                    "请把该列设为文本格式后重新填写"
                )
        at = self.position
        if self.received is not None and (day := values[at["received_date"]]) is not None and (
                why := table_day_refusal(self.campaign, day)):  # type: ignore[arg-type]
            errors.append(CellError(row, self.received, why))  # as the form and Ctrl+D say it
        if not values[at[self.table.name_field]] and not any(
                e.column == name_header for e in errors):  # unreadable, not missing
            what = "第一发明人姓名" if self.is_patent else "项目名称"
            errors.insert(0, CellError(row, name_header, f"缺少{what}，无法登记这一行"))
        for j, place, text, unit, (low, high, top, bottom) in self.amounts:
            fen = values[place]
            if fen and not low <= fen <= high:
                shown = clean_text(cells[j] if j < width else "")
                if "元" in shown or "万" in shown:
                    continue  # the cell names its unit: no unit was mistaken
                errors.append(CellError(row, text, _odd_amount(shown, fen, unit, text, top,
                                                               bottom, fen > high)))
        if errors:
            self.preview.errors.extend(self._row_problems(row, cells, errors, values))
            return
        if self.request is not None and (above := self.above_top(values[self.request[0]])):
            # above the top tier, short of the refusal's bound: imported, said on the row as
            # the form asks it before saving
            self._to_check(row, f"“{self.request[1]}”{above}，请核对所填金额和单位")
        if self.is_patent:
            # Parsed here once; the register and the rules find it in validate's memo.
            values[at["patent_number"]] = canonical_patent_number(values[at["patent_number_raw"]])
            number = values[at["id_number"]]
            if number and len(number) == 15 and (new := converted(number)):
                values[at["id_number"]] = new  # stored as the 18-digit number, said in a note
                self.preview.old_ids[row] = number
        else:
            self._studio(cells, values)
        if self.yes_no_cells and any(not present(cells[j] if j < width else None)
                                     for j in self.yes_no_cells):
            loose = self._shift_check().loose_end(cells)
            if loose is not None:  # read, but its last cells look one along: to check
                self._to_check(row, loose)
        if self.read_as is not None and (said := self.read_as.notes(cells, values)):
            self.preview.read_as[row] = said  # √ read as 是…: shown in the preview, no problem
        for i in self.fresh_dicts:
            values[i] = {}
        self.preview.records.append(new_record(self.record_type, values))
        self.preview.rows.append(row)

    def _studio(self, cells: list[Any], values: list[Any]) -> None:
        """A project's model studio and level as read: 示范 in the level column makes a
        model studio unless the 是否示范 cell says otherwise (an empty one says nothing); no
        studio is a model one by default; 企业级 (_read_level) is kept outside 二（一）."""
        at = self.position
        model = values[at["model_studio"]] if self.model_cell else None
        level = self.level_cell
        if (level is not None and "示范" in str(cells[level] if level < len(cells) else "")
                and model is None):
            model = True
        values[at["model_studio"]] = None if model is None else bool(model)
        read, outside = level_and_outside(values[at["studio_level"]])
        if outside:
            values[at["outside_level"]] = outside
            values[at["studio_level"]] = read

    def _row_problems(self, row: int, cells: list[Any], errors: list[CellError],
                      values: list[Any]) -> list[CellError]:
        """A refused row's problems: one line when its cells sit a column or two off
        (their own columns' errors would only mislead), else its cells' errors, the
        required cells it leaves blank and what its readable cells would be judged 不合格
        for (an ID's check digit), so the unit corrects the row in one go."""
        check = self._shift_check()
        shifted = check.shifted(row, cells)
        if shifted is not None:
            return [shifted]
        blanks = check.blanks(row, cells, {e.column for e in errors})
        said = {e.column for e in errors} | {e.column for e in blanks}
        judged = self._judged(row, cells, values, said)
        if not blanks and not judged:
            return errors
        at = {text: j for j, text in check.headers.items()}  # in the sheet's column order
        return sorted([*errors, *blanks, *judged], key=lambda e: at.get(e.column, -1))

    def _judged(self, row: int, cells: list[Any], values: list[Any], said: set[str]
                ) -> list[CellError]:
        """What the plan's rules find wrong in a refused row's cells read well (a wrong ID
        check digit, card or patent number, a grant date outside the window, 否): once the
        unit fixed what refused the row, it would be imported and judged 不合格 for these.
        One per cell, none for a cell already said (``said``: headers); refused rows only,
        so a good row costs nothing more. Without the year's plan, the numbers only."""
        values = [v if type(v) is not Masked else "" for v in values]  # resend may unmask
        if not self.is_patent:
            self._studio(cells, values)
        for i in self.fresh_dicts:
            values[i] = {}
        out: list[CellError] = []
        if self.campaign is None:
            if not self.is_patent:
                return out
            from boostdesk.validate import check_resident_id, check_union_card, parse_patent_number

            checks = (("patent_number_raw", parse_patent_number), ("id_number", check_resident_id),
                      ("card_number", check_union_card))
            for name, check in checks:
                text = self.headers.get(name)
                value = values[self.position[name]]
                if text is None or text in said or not value:
                    continue
                try:
                    check(value)
                except ValidationError as exc:
                    out.append(CellError(row, text, exc.message))
            return out
        from boostdesk.rules import patent as patent_rules
        from boostdesk.rules import project as project_rules

        if self.is_patent:
            at = self.position["patent_number"]
            values[at] = canonical_patent_number(values[self.position["patent_number_raw"]])
            findings = patent_rules.intrinsic_findings(
                self.campaign, new_record(PatentApplication, values))
        else:
            findings = project_rules.intrinsic_findings(
                self.campaign, new_record(ProjectApplication, values))
        for finding in findings:
            text = self.headers.get(finding.field or "")
            if (finding.blocking and not finding.missing and text is not None
                    and text not in said):
                said.add(text)
                out.append(CellError(row, text, finding.message))
        return out

    def _to_check(self, row: int, note: str) -> None:
        """A row read whole with something to check: said in the warnings and on the row."""
        self.preview.warnings.append(f"第 {row} 行：{note}")
        self.preview.to_check[row] = "；".join(filter(None, [self.preview.to_check.get(row), note]))

    def _shift_check(self) -> ShiftCheck:
        if self.shift_check is None:
            self.shift_check = ShiftCheck(
                {j: (col, text) for j, (col, text, _unit) in self.mapping.items()})
        return self.shift_check

    def _ditto(self, row: int, cells: list[Any], ditto: list[int]) -> list[Any] | None:
        """The row with each 同上 / 〃 cell given the value of the data row above, as the unit
        meant it (a union or inventor named 同上 was stored); None, its cells refused, when
        no data row is above."""
        headers = {j: text for j, _at, text, _reader, _limit, _exact in self.columns}
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
                  for j, _at, text, _reader, _limit, _exact in self.columns
                  if j in self.data_columns and (shown := self.error_cells.get((row, j + 1)))]
        self.preview.errors.extend(errors)
        return bool(errors)

    def _refuse_bare_formulas(self, row: int, cells: list[Any]) -> bool:
        """Whether the row has data cells that are formulas without a value (each is
        refused: read as blank, it would lose what the unit typed). 序号 is left out."""
        width = len(cells)
        holes = [text for j, _at, text, _reader, _limit, _exact in self.columns
                 if j in self.data_columns and (row, j + 1) in self.bare_formulas
                 and not present(cells[j] if j < width else "")]
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


def _shown(text: str) -> str:
    """A line as a note quotes it."""
    return text if len(text) <= 30 else text[:30] + "…"


def _note_text(cells: list[Any]) -> str | None:
    """The text of a footer or note row (填表人：…, 合计, 共 2 项, 注：…), or None."""
    for value in cells:
        if isinstance(value, str) and value.strip():
            text = "".join(value.split())
            if text.startswith(_NOTE_STARTS) or _NOTE_INSIDE.search(text):
                return text if len(text) <= 20 else text[:20] + "…"
    return None
