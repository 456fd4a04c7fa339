"""The blank summary tables units fill in: attachment 2 (patents) and attachment 4 (projects).

Row 1 is the title, row 2 the headers exactly as the plan's attachments word
them, data from row 3. Number columns are text cells so an 18-digit ID keeps
its digits; yes/no and level cells offer a drop-down list. An optional 所属领域
column (not in the plan's attachments) offers the year's 重点产业领域 from the
campaign's setting, listed on the 填表说明 sheet, other fields typed freely:
without it every imported paper counted as （未填行业） in 按产业领域.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from boostdesk.money import format_plain, format_yuan

from .headers import (
    AMOUNT_WAN,
    DATE,
    LEVEL,
    NUMBER,
    TABLE_BY_STREAM,
    YES_NO,
    Column,
    Table,
)

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign

DEFAULT_ROWS = 200  # rows formatted in advance; Excel carries column formats further
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
DATE_FORMAT = "yyyy-mm-dd"
LEVEL_CHOICES = ("市级", "区、局、集团（公司）级")
NOTES_SHEET = "填表说明"
INDUSTRY_LIST_COLUMN = "D"  # on the notes sheet: the year's 重点产业领域, from row 2


def deadline_passed(campaign: Campaign, today: date) -> str:
    """Said beside a blank table of a campaign whose deadline has passed (a new office's
    register holds only last year's plan): sent to the units, it would bring the new
    year's papers in under the old plan. Empty while the campaign is open."""
    if today <= campaign.submission_deadline:
        return ""
    return f"{campaign.year} 年度的材料报送截止日 {campaign.submission_deadline.isoformat()} 已过"


def template_title(table: Table, year: int) -> str:
    return f"{year}{table.title_suffix}"


def example_dates(c: Campaign) -> dict[str, date]:
    """A date each date column could hold under the year's plan (what its prompt shows)."""
    approval = date(c.approval_year, 3, 5)
    return {
        "grant_date": _inside(date(c.grant_window_start.year, 3, 5), c.grant_window_start,
                              c.grant_window_end),
        "approval_date": approval,
        "planned_completion": _inside(date(c.approval_year + 1, 6, 30), approval,
                                      c.latest_completion),
        "received_date": c.submission_deadline - timedelta(days=7),
    }


# A tier a whole hundred 元 reads short in 万元 (2.5, 2.25); any other (55,555.55 元 is
# 5.555555 万元) is written in 元: a union typing a long 万元 decimal rounds it.
_SHORT_WAN = 10_000  # fen


def _wan(fen: int) -> str:
    # normalized, not stripped of "0": a stripped 10 read 1
    return f"{(Decimal(fen) / 1_000_000).normalize():f}"


def tiers_in_wan(c: Campaign) -> str:
    """The year's tier amounts, highest first: in 万元 when each is a whole hundred 元
    (12、6、4); else each with its unit, those not so in 元 to the fen (8 万元、55,555.55 元、
    33,333 元) — 5.555555 万元 was typed 5.56 by the unions."""
    amounts = sorted({t.amount_fen for t in c.tiers}, reverse=True)
    if all(a % _SHORT_WAN == 0 for a in amounts):
        return "、".join(_wan(a) for a in amounts)
    return "、".join(f"{_wan(a)} 万元" if a % _SHORT_WAN == 0 else f"{format_yuan(a)} 元"
                    for a in amounts)


def requested_note(c: Campaign) -> str:
    """申请助推金额's 填表说明 (and the cell's prompt): the column's unit and the year's
    tiers; a tier written in 元 says how to fill it so (a unit typed in the cell wins over
    the header's: cell_readers._read_amount)."""
    odd = sorted({t.amount_fen for t in c.tiers if t.amount_fen % _SHORT_WAN}, reverse=True)
    how = (f"（按元填写的，在金额后写“元”，如 {format_plain(odd[0]).replace(',', '')}元）"
           if odd else "")
    return f"单位：万元，本年度各档为 {tiers_in_wan(c)}{how}"


def example_notes(c: Campaign) -> dict[str, str]:
    """填表说明 of the columns whose example depends on the year's plan: its window, its
    approval year and completion limit, its tiers (a unit follows the example given)."""
    day = {k: v.isoformat() for k, v in example_dates(c).items()}
    return {
        "grant_date": f"专利证书上的授权公告日，应在 {c.grant_window_start.isoformat()} 至 "
                      f"{c.grant_window_end.isoformat()} 之间，如 {day['grant_date']}",
        "approval_date": f"企业批准立项的日期，应在 {c.approval_year} 年内，如 {day['approval_date']}",
        "planned_completion": f"立项之日起 {c.completion_years} 年内，最晚 "
                              f"{c.latest_completion.isoformat()}，如 {day['planned_completion']}",
        "requested_fen": requested_note(c),
        "industry": industry_note(c),
    }


def industry_note(c: Campaign) -> str:
    """填表说明 of 所属领域: optional, the year's 重点产业领域 offered, any other typed."""
    if not c.priority_industries:
        return "可不填；填写项目或专利所属的产业领域"
    return ("可不填；可从下拉列表选择本年度重点产业领域（" + "、".join(c.priority_industries)
            + "），其他领域可直接填写")


def industry_list(c: Campaign) -> str:
    """The drop-down's source: the 重点产业领域 listed on the notes sheet ("" when the
    campaign names none). A range, not an inline list: a field's name may hold a comma,
    and an inline list is cut at 255 characters."""
    if not c.priority_industries:
        return ""
    col = INDUSTRY_LIST_COLUMN
    return f"'{NOTES_SHEET}'!${col}$2:${col}${len(c.priority_industries) + 1}"


def _inside(day: date, first: date, last: date) -> date:
    return min(max(day, first), last)


def write_template(path: str | Path, stream: str, year: int = 2022,
                   rows: int = DEFAULT_ROWS, campaign: Campaign | None = None) -> Path:
    """Write the blank table of ``stream`` ("patent" or "project") for ``year``, its
    examples from ``campaign`` (default: the 2022 plan moved on to ``year``)."""
    from boostdesk.models.campaign import plan_2022

    if campaign is None:
        campaign = plan_2022().for_year(year)
    notes = example_notes(campaign)
    dates = example_dates(campaign)
    sample = dates["approval_date"].isoformat()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    # here, not at the top: the entry forms read this module's example dates and tiers,
    # and openpyxl (≈ 150 ms to import) made the day's first form open that much later
    from .xlsx_layout import landscape_a4

    table = TABLE_BY_STREAM[stream]
    columns = table.blank_columns()
    last = get_column_letter(len(columns))
    end_row = FIRST_DATA_ROW + rows - 1

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = table.name_zh
    wb.properties.creator = "BoostDesk"
    wb.properties.title = template_title(table, year)

    ws.cell(TITLE_ROW, 1, template_title(table, year))
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws.cell(TITLE_ROW, 1).font = Font(name="宋体", size=16, bold=True)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 34

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, j, col.header or col.optional_header)
        cell.font = Font(name="宋体", size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = header_fill
        cell.border = border
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        fmt = _number_format(col)
        if fmt:
            ws.column_dimensions[letter].number_format = fmt
        for r in range(FIRST_DATA_ROW, end_row + 1):
            data = ws.cell(r, j)
            data.border = border
            if fmt:
                data.number_format = fmt
        _add_validation(ws, col, f"{letter}{FIRST_DATA_ROW}:{letter}{end_row}",
                        dates.get(col.field, dates["approval_date"]).isoformat(),
                        notes.get(col.field), industry_list(campaign))
    ws.row_dimensions[HEADER_ROW].height = 36
    landscape_a4(ws, freeze_row=FIRST_DATA_ROW, title_rows=f"{TITLE_ROW}:{HEADER_ROW}")

    _write_notes(wb.create_sheet(NOTES_SHEET), table, year, notes, sample,
                 campaign.priority_industries)
    from .in_place import written_in_place

    path = Path(path)
    with written_in_place(path) as part:  # a kill or full disk leaves no piece of a table
        wb.save(part)
    return path


def _number_format(col: Column) -> str | None:
    if col.kind == NUMBER:
        return "@"
    if col.kind == DATE:
        return DATE_FORMAT
    if col.kind == AMOUNT_WAN:
        return "0.00"
    return None


def _add_validation(ws, col: Column, cells: str, sample: str,  # noqa: ANN001 - openpyxl sheet
                    note: str | None = None, industries: str = "") -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if col.field == "industry":
        if not industries:
            return
        # a list offered, not enforced: a field outside the plan's is typed as it is,
        # with no box to dismiss (the other lists' warnings would nag at every one)
        dv = DataValidation(type="list", formula1=industries, allow_blank=True)
        dv.showErrorMessage = False
        dv.promptTitle = col.optional_header
        dv.prompt = "可从下拉列表选择重点产业领域，也可直接填写其他领域"
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(cells)
        return
    if col.kind == YES_NO:
        dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        dv.error, dv.prompt = "请填“是”或“否”", "是 / 否"
    elif col.kind == LEVEL:
        dv = DataValidation(type="list", formula1=f'"{",".join(LEVEL_CHOICES)}"', allow_blank=True)
        dv.error, dv.prompt = "请选择工作室级别", "市级，或 区、局、集团（公司）级"
    elif col.kind == DATE:
        dv = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)",
                            allow_blank=True)
        dv.error, dv.prompt = f"请填写日期，如 {sample}", f"日期，如 {sample}"
    elif col.kind == AMOUNT_WAN:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                            allow_blank=True)
        dv.error, dv.prompt = "请填写金额（万元），如 2.5", "单位：万元"
        if note:  # 申请助推金额: the year's tiers, not one year's 10 as the example
            dv.error, dv.prompt = f"请填写金额（{note}）", note
    elif col.field == "id_number":
        dv = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True)
        dv.error, dv.prompt = "身份证号应为 18 位", "18 位身份证号"
    else:
        return
    # A warning, not a stop: the importer reads more spellings (√, ×, 2021.3.5) than Excel's
    # rule allows, and a clerk's odd entry should reach the register to be judged there.
    dv.errorStyle = "warning"
    dv.errorTitle = col.header
    dv.promptTitle = col.header
    dv.showErrorMessage = True
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


NOTES_WIDTHS = (22, 62)  # 列名, 填写要求: A4 portrait at 100 % (≈ 90 characters)
LINE_HEIGHT = 15  # points a wrapped line takes (宋体 11): openpyxl measures no text


def text_columns_note(table: Table) -> str:
    """填表说明 item 4: the table's own number columns kept as text (附件4 has only 联系电话:
    no 身份证号 nor 卡号 to name), and what a number format would do to them."""
    names = [c.header for c in table.blank_columns() if c.kind == NUMBER and c.header]
    lost = ("末几位会丢失" if any(c.field in ("id_number", "card_number", "patent_number_raw")
                                  for c in table.blank_columns() if c.kind == NUMBER)
            else "开头的 0 会丢失")
    return f"{'、'.join(names)}{'等列' if len(names) > 1 else '列'}已设为文本格式，请勿改成数字格式，否则{lost}。"


def _write_notes(ws, table: Table, year: int, notes: dict[str, str],  # noqa: ANN001
                 sample: str, industries: tuple[str, ...] = ()) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.worksheet import Worksheet

    from .xlsx_layout import wrapped_lines

    wrap = Alignment(wrap_text=True, vertical="top")
    full = sum(NOTES_WIDTHS)
    ws.cell(1, 1, f"填表说明（{template_title(table, year)}）").font = Font(size=14, bold=True)
    ws.merge_cells("A1:B1")
    ws.row_dimensions[1].height = 24
    general = [
        f"1. 每行填写一项申报，从第 {FIRST_DATA_ROW} 行开始；请勿修改第 {HEADER_ROW} 行的表头文字。",
        f"2. 日期写成 {sample}（{_other_spellings(sample)} 也可识别）。",
        "3. 是否类各列填“是”或“否”。",
        f"4. {text_columns_note(table)}",
        "5. 保存为 .xlsx 格式后报送电子版。",
    ]
    for i, line in enumerate(general, start=2):
        # across both columns, wrapped: a long line was cut at the page's edge
        ws.cell(i, 1, line).alignment = wrap
        ws.merge_cells(f"A{i}:B{i}")
        ws.row_dimensions[i].height = LINE_HEIGHT * wrapped_lines(line, full)
    start = len(general) + 3
    ws.cell(start, 1, "列名").font = Font(bold=True)
    ws.cell(start, 2, "填写要求").font = Font(bold=True)
    last = start
    for i, col in enumerate(table.blank_columns(), start=start + 1):
        name, note = col.header or col.optional_header, notes.get(col.field, col.note) or "—"
        ws.cell(i, 1, name).alignment = wrap
        ws.cell(i, 2, note).alignment = wrap
        ws.row_dimensions[i].height = LINE_HEIGHT * max(
            wrapped_lines(name, NOTES_WIDTHS[0]), wrapped_lines(note, NOTES_WIDTHS[1]))
        last = i
    ws.column_dimensions["A"].width = NOTES_WIDTHS[0]
    ws.column_dimensions["B"].width = NOTES_WIDTHS[1]
    # A4 portrait, one page wide; the drop-down's source list (column D) is not printed:
    # its fields are in 所属领域's 填写要求 (it printed alone on a page of its own)
    ws.print_area = f"A1:B{last}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if industries:  # the 所属领域 drop-down's source (``industry_list``)
        letter = INDUSTRY_LIST_COLUMN
        ws[f"{letter}1"] = "本年度重点产业领域"
        ws[f"{letter}1"].font = Font(bold=True)
        for i, name in enumerate(industries, start=2):
            ws[f"{letter}{i}"] = name
        ws.column_dimensions[letter].width = 20


def _other_spellings(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}/{m}/{d}、{y}年{m}月{d}日"

