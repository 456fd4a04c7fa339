"""The publicity list as a document: .xlsx for the website team, PDF to print and post."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from boostdesk.finance import federation_name
from boostdesk.io.in_place import written_in_place
from boostdesk.models.register import Register
from boostdesk.money import format_yuan_column
from boostdesk.os_errors import cannot_write

from .errors import PanelError
from .publicity import Period, PublicityRow, period, periods, publicity_rows, waiting_rows

MONEY_FORMAT = "#,##0.00"
HEADERS = ("序号", "项目名称", "职工创新工作室", "工作室级别", "所在单位", "推荐单位",
           "拟助推金额（元）")
NOTICE = ("公示期内，如对上述项目有异议，请以书面形式向{federation}反映，"
          "并写明异议理由和联系方式；公示期满无异议的项目获得相应等级的助推资金。")


@dataclass(frozen=True)
class PublicityList:
    title: str
    period: Period | None
    days: int
    rows: list[PublicityRow]
    federation: str = "北京市总工会"  # from the campaign title, as on every document

    @property
    def notice(self) -> str:
        return NOTICE.format(federation=self.federation)

    @property
    def period_line(self) -> str:
        if self.period is None:
            return "公示期：尚未开始"
        return f"公示期：{self.period.label}（共 {self.days} 天）"

    def table(self) -> list[list[str]]:
        amounts = self.amounts()
        return [[str(n), r.title, r.studio, r.level_zh, r.enterprise, r.unit, amount]
                for n, (r, amount) in enumerate(zip(self.rows, amounts, strict=False), start=1)]

    def amounts(self) -> list[str]:
        """Each row's amount in 元, then the total's, all in one form."""
        fens = [r.amount_fen for r in self.rows]
        return format_yuan_column([*fens, sum(fens)])


def publicity_list(reg: Register, year: int, period_id: int | None = None,
                   waiting: bool = False) -> PublicityList:
    """The awards of one publicity batch (default: the open or latest one; with
    ``waiting``, or before any period, the proposed awards waiting for publicity).
    Those whose objection was upheld are left out."""
    c = reg.campaign(year)
    all_periods = periods(reg, year)
    p = (None if waiting else
         next((x for x in all_periods if x.id == period_id), None) if period_id is not None
         else period(reg, year))
    rows = waiting_rows(reg, year) if p is None else publicity_rows(reg, year, period_id=p.id)
    if p and rows and all(r.upheld for r in rows):
        raise PanelError(f"第 {p.batch} 批公示（{p.label}）的项目异议均成立，不予助推，"
                         "名单上没有项目；异议及处理意见见“公示”")
    rows = [r for r in rows if not r.upheld]
    if not rows:
        raise PanelError(f"{year} 年度没有拟助推项目：请先采纳拟助推名单（“专家评审 → 排名与档次”，命令行 boostdesk panel adopt）")
    batch = f"（第{p.batch}批）" if p and len(all_periods) > 1 else ""
    days = (p.end - p.start).days + 1 if p else c.publicity_days
    return PublicityList(f"{c.title}拟助推创新项目公示名单{batch}", p, days, rows,
                         federation_name(c))


def write_publicity_xlsx(reg: Register, year: int, path: str | Path,
                         period_id: int | None = None, waiting: bool = False) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text

    doc = publicity_list(reg, year, period_id, waiting)
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its one sheet
    ws.title = "公示名单"
    wb.properties.title = doc.title
    ws.append([doc.title])
    ws.append([doc.period_line])
    ws.append(list(HEADERS))
    # Amounts are numbers in 元 to the fen (a sum the website team can check), 序号 a number.
    for n, (shown, r) in enumerate(zip(doc.table(), doc.rows, strict=True), start=1):
        ws.append([n, *map(sheet_text, shown[1:-1]), Decimal(r.amount_fen) / 100])
    total = sum(r.amount_fen for r in doc.rows)
    ws.append(["", "合计", "", "", "", "", Decimal(total) / 100])
    for row in ws.iter_rows(min_row=4, max_col=len(HEADERS)):
        for cell in row:
            as_typed(cell)
        row[-1].number_format = MONEY_FORMAT
    ws.append([])
    ws.append([doc.notice])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    last = 3 + len(doc.rows) + 1
    for row in ws.iter_rows(min_row=3, max_row=last, max_col=len(HEADERS)):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFG", (6, 40, 28, 12, 30, 24, 16), strict=True):
        ws.column_dimensions[col].width = width
    landscape_a4(ws, freeze_row=4, title_rows="3:3")  # printed to post, like the PDF
    out = Path(path)
    try:
        with written_in_place(out) as part:  # never a piece of a list under its name
            wb.save(part)
    except OSError as exc:
        raise PanelError(cannot_write(out, exc)) from exc
    return out


def pdf_columns() -> Sequence[Any]:
    """The posted list's columns (180 mm, A4 upright): 级别 wide enough for 区/局/集团级 on
    one line (at 20 mm its 级 stood alone under it)."""
    from boostdesk.printing.common import Col

    return (Col("序号", 10, "center"), Col("项目名称", 46), Col("职工创新工作室", 40),
            Col("级别", 24, "center"), Col("所在单位", 38), Col("拟助推金额（元）", 22, "right"))


def write_publicity_pdf(reg: Register, year: int, path: str | Path,
                        printed_on: date | None = None, period_id: int | None = None,
                        waiting: bool = False) -> int:
    """The list on A4 pages (header row repeated); returns the number of pages."""
    from boostdesk.printing.common import (
        A4,
        MARGIN,
        PagedTable,
        cn_date,
        draw_footer,
        new_canvas,
        para,
    )
    from boostdesk.printing.fonts import draw_string

    doc = publicity_list(reg, year, period_id, waiting)
    printed_on = printed_on or date.today()
    cols = pdf_columns()
    rows = [[r[0], r[1], r[2], r[3], r[4], r[6]] for r in doc.table()]

    def closing(c, y: float) -> None:  # noqa: ANN001
        notice = para(doc.notice, 10)
        w = A4[0] - 2 * MARGIN
        _, h = notice.wrap(w, 1000)
        notice.drawOn(c, MARGIN, y - 10 - h)
        draw_string(c, A4[0] - MARGIN, y - 40 - h, doc.federation, 11, align="right")
        draw_string(c, A4[0] - MARGIN, y - 56 - h, cn_date(doc.period.start if doc.period
                                                             else printed_on), 11, align="right")

    table = PagedTable(cols, rows, size=9,
                       final_rows=[["", "合计", f"共 {len(rows)} 项", "", "", doc.amounts()[-1]]],
                       closing=closing, closing_height=90)
    top = A4[1] - MARGIN
    first_top = top - 62
    # the title and period stand on the first page only: the pages after are the table's
    spans = table.layout(top - MARGIN, first=first_top - MARGIN)
    out = Path(path)
    try:
        with written_in_place(out) as part:  # never a piece of a list under its name
            c = new_canvas(str(part), A4, doc.title)
            for n, span in enumerate(spans, start=1):
                y = top
                if n == 1:
                    draw_string(c, A4[0] / 2, y - 18, doc.title, 15, align="center",
                                bold=True)
                    draw_string(c, A4[0] / 2, y - 40, doc.period_line, 11, align="center")
                    y = first_top
                table.draw_page(c, MARGIN, y, span, last=n == len(spans))
                draw_footer(c, A4, n, len(spans), left=f"BoostDesk 打印于 {cn_date(printed_on)}")
                c.showPage()
            c.save()
    except OSError as exc:
        raise PanelError(cannot_write(out, exc)) from exc
    return len(spans)
