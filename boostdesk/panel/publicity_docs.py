"""The publicity list as a document: .xlsx for the website team, PDF to print and post."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from boostdesk.finance.terms import federation_name
from boostdesk.io.in_place import written_in_place
from boostdesk.models.register import Register
from boostdesk.money import format_yuan_column
from boostdesk.os_errors import cannot_write
from boostdesk.printing.common import cn_date, cn_dates
from boostdesk.safety.privacy import mask_log_text
from boostdesk.said_where import way

from .errors import PanelError
from .publicity import (
    UPHELD,
    Period,
    PublicityRow,
    period,
    periods,
    publicity_rows,
    waiting_rows,
)
from .publicity_days import period_words
from .withdrawal_restore import TakenBack

MONEY_FORMAT = "#,##0.00"
HEADERS = ("序号", "项目名称", "职工创新工作室", "工作室级别", "所在单位", "推荐单位",
           "拟助推金额（元）")
NOTICE = ("公示期内，如对上述项目有异议，请以书面形式向{federation}反映{where}，"
          "并写明异议理由和联系方式；公示期满无异议的项目获得相应等级的助推资金。")


def objection_contact(campaign: Any) -> str:
    """Where an objection in writing is sent, from the year's settings (the plan's 三、相关要求:
    the letters' address, contact and e-mail): （送达：…；联系人：…；邮箱：…）, "" none set."""
    parts = [f"{what}：{value}" for what, value in (
        ("送达", campaign.paper_address), ("联系人", campaign.notice_contact),
        ("邮箱", campaign.notice_email)) if value]
    return f"（{'；'.join(parts)}）" if parts else ""


XLSX_SAID_CHARS = 1_700  # of the 更正说明 a row of the xlsx holds (≈ 25 lines, 390 pt)
WITHDRAWN = "不予助推"  # the amount cell of a project an upheld objection withdrew
# … and of one its recommending union withdrew (撤回申报): not said as an objection's
UNION_WITHDREW = "推荐单位撤回"
OFF_MARKS = (WITHDRAWN, UNION_WITHDREW)
TOTAL_CORRECTED = "更正后合计"  # of the projects standing
DRAFT = "　草稿（未公示）"  # the title's end before 开始公示: checked, not yet posted


@dataclass(frozen=True)
class Withdrawal:
    """A posted project an objection upheld since took off the list: its number on the
    list as posted, the day the objection was upheld and the office's finding."""

    number: int
    row: PublicityRow
    on: date
    why: str
    # a union's withdrawal taken back by its later letter (恢复申报): back on the list
    back: TakenBack | None = None

    @property
    def day(self) -> date:
        """The day the 更正 says of it last: the letter taking it back, if one did."""
        return self.back.letter.on if self.back is not None else self.on

    @property
    def off(self) -> bool:
        """Off the list as it stands (a withdrawal taken back is on it again)."""
        return self.back is None

    @property
    def mark(self) -> str:
        """Its amount cell on the 更正."""
        return UNION_WITHDREW if self.row.withdrawn is not None else WITHDRAWN

    @property
    def said(self) -> str:
        """What became of it, in the 更正说明 (posted: a phone, ID or card its typed reasons
        quote masked, a day in them written 2023年1月5日 as the document's own)."""
        return cn_dates(mask_log_text(self._said()))

    def _said(self) -> str:
        why = f"（{self.why}）" if self.why else ""
        if self.back is not None:
            letter = self.back.letter
            again = f"（{letter.why.strip().rstrip('。')}）" if letter.why.strip() else ""
            return (f"{self.back.withdrawn.by}来函撤回申报{why}；{_cn(letter.on)}{letter.by}来函"
                    f"撤销撤回{again}，恢复申报，拟助推金额不变")
        if self.row.withdrawn is not None:
            return f"{self.row.withdrawn.by}来函撤回申报{why}，该项目不予助推"
        return f"公示期内收到的异议经核查成立{why}，该项目不予助推"


@dataclass(frozen=True)
class PublicityList:
    """One batch's list. Printed again after an objection was upheld it is no longer the
    list that was posted: it then lists every posted project under its posted number, the
    withdrawn ones marked 不予助推, and is titled 更正 and dated on the day of the
    (latest) upheld objection, saying which project was withdrawn and why; the period
    stays the one posted (二（四）3: the projects publicized without objection are the
    ones awarded, so the paper has to show what was publicized and what became of it)."""

    title: str
    period: Period | None
    days: str  # the period's length as posted: 共 7 天, 共 7 个工作日 (the year's unit)
    rows: list[PublicityRow]  # the list as it stands: the posted less the withdrawn
    federation: str = "北京市总工会"  # from the campaign title, as on every document
    posted: tuple[PublicityRow, ...] = ()  # every project of the batch, as posted
    where: str = ""  # where an objection is sent (``objection_contact``)

    @property
    def notice(self) -> str:
        return NOTICE.format(federation=self.federation, where=self.where)

    @property
    def period_line(self) -> str:
        if self.period is None:
            return "公示期：尚未开始"
        return f"公示期：{self.period.label}（{self.days}）"

    @property
    def withdrawals(self) -> list[Withdrawal]:
        out = []
        for n, r in enumerate(self.posted, start=1):
            upheld = [o for o in r.objections if o.resolution == UPHELD]
            for back in r.taken_back:  # withdrawn, then taken back: on the list again
                out.append(Withdrawal(n, r, back.withdrawn.on,
                                      back.withdrawn.why.strip().rstrip("。"), back))
            if r.withdrawn is not None:  # the union's letter, not an objection upheld
                out.append(Withdrawal(n, r, r.withdrawn.on, r.withdrawn.why.strip().rstrip("。")))
            elif upheld:
                days = [o.resolved or o.received for o in upheld]
                out.append(Withdrawal(n, r, min(days), "；".join(
                    dict.fromkeys(o.note.strip().rstrip("。") for o in upheld if o.note.strip()))))
        return out

    @property
    def corrected_on(self) -> date | None:
        """The 更正's own day (the latest withdrawal's), None for the list as posted."""
        return max((w.day for w in self.withdrawals), default=None)

    @property
    def heading_line(self) -> str:
        """The line under the title: the period as posted, and the 更正's day."""
        day = self.corrected_on
        return self.period_line + (f"　　更正日期：{_cn(day)}" if day else "")

    @property
    def notice_stands(self) -> bool:
        """The call for objections: on the list as posted; on a 更正 only while the
        period it corrects is still running on its day."""
        day = self.corrected_on
        return day is None or (self.period is not None and day <= self.period.end)

    @property
    def dated(self) -> date | None:
        """The day the list is signed: the period's first, or the 更正's own."""
        return self.corrected_on or (self.period.start if self.period else None)

    def correction(self) -> str:
        """The 更正说明: each withdrawn project by its posted number, amount and why."""
        shown = self._shown()
        parts = []
        for w in self.withdrawals:
            parts.append(f"{_cn(w.on)}，原公示名单第 {w.number} 项“{w.row.title}”"
                         f"（{w.row.studio}，拟助推金额 {shown[w.number - 1]} 元）{w.said}")
        rest = "其余项目的公示内容不变" if len(self.rows) else "本批公示项目均不予助推"
        return "更正说明：" + "；".join(parts) + f"。{rest}。"

    def _shown(self) -> list[str]:
        """Every posted row's amount in 元, then the standing total's, all in one form."""
        return format_yuan_column([*(r.amount_fen for r in self.posted or self.rows),
                                   sum(r.amount_fen for r in self.rows)])

    def table(self) -> list[list[str]]:
        """The rows as printed: every posted one under its posted number (a withdrawn
        one's amount reading 不予助推); before any withdrawal, the list itself."""
        shown = self._shown()
        withdrawn = {w.number: w.mark for w in self.withdrawals if w.off}
        return [[str(n), r.title, r.studio, r.level_zh, r.enterprise, r.unit,
                 withdrawn.get(n, amount)]
                for n, (r, amount) in enumerate(zip(self.posted or self.rows, shown,
                                                    strict=False), start=1)]

    def amounts(self) -> list[str]:
        """Each printed row's amount in 元, then the total's (of the projects standing)."""
        return self._shown()


_cn = cn_date


def publicity_list(reg: Register, year: int, period_id: int | None = None,
                   waiting: bool = False) -> PublicityList:
    """The awards of one publicity batch (default: the open or latest one; with
    ``waiting``, or before any period, the proposed awards waiting for publicity).
    Those whose objection was upheld are left out of ``rows``; the batch as posted is
    ``posted``, the list then a 更正 (:class:`PublicityList`)."""
    c = reg.campaign(year)
    all_periods = periods(reg, year)
    p = (None if waiting else
         next((x for x in all_periods if x.id == period_id), None) if period_id is not None
         else period(reg, year))
    rows = waiting_rows(reg, year) if p is None else publicity_rows(reg, year, period_id=p.id)
    posted = tuple(rows) if any(r.off_list or r.taken_back for r in rows) else ()
    rows = [r for r in rows if not r.off_list]
    if not rows and not posted:
        raise PanelError(f"{year} 年度没有拟助推项目：请先采纳拟助推名单（“专家评审 → 排名与档次”"
                         + way("中的“采纳为拟助推名单”", "，命令行 boostdesk panel adopt") + "）")
    batch = f"（第{p.batch}批）" if p and len(all_periods) > 1 else ""
    days = period_words(c, p.start, p.end) if p else f"共 {c.publicity_length}"
    # before 开始公示 the list is a draft to check, not the posted list: said in its title
    draft = DRAFT if p is None else ""
    return PublicityList(f"{c.title}拟助推创新项目公示名单{batch}" + ("（更正）" if posted else "")
                         + draft, p, days, rows, federation_name(c), posted,
                         objection_contact(c))


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
    ws.append([doc.heading_line])
    ws.append(list(HEADERS))
    # Amounts are numbers in 元 to the fen (a sum the website team can check), 序号 a number;
    # a withdrawn project's reads 不予助推 (a 更正: every posted row under its number).
    printed = doc.posted or doc.rows
    for n, (shown, r) in enumerate(zip(doc.table(), printed, strict=True), start=1):
        amount = shown[-1] if shown[-1] in OFF_MARKS else Decimal(r.amount_fen) / 100
        ws.append([n, *map(sheet_text, shown[1:-1]), amount])
    total = sum(r.amount_fen for r in doc.rows)
    ws.append(["", TOTAL_CORRECTED if doc.posted else "合计",
               f"共 {len(doc.rows)} 项" if doc.posted else "", "", "", "", Decimal(total) / 100])
    for row in ws.iter_rows(min_row=4, max_col=len(HEADERS)):
        for cell in row:
            as_typed(cell)
        row[-1].number_format = MONEY_FORMAT
    ws.append([])
    if doc.posted:
        # a 更正's 说明 across the table, wrapped: it is what the website posts, read whole.
        # A row is at most 409 pt high in Excel: a longer 说明 goes on in the rows under it.
        text = doc.correction()
        for at in range(0, len(text), XLSX_SAID_CHARS):
            ws.append([text[at:at + XLSX_SAID_CHARS]])
            said = ws.max_row
            ws.merge_cells(start_row=said, start_column=1, end_row=said,
                           end_column=len(HEADERS))
            ws.cell(said, 1).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[said].height = 15 * (len(text[at:at + XLSX_SAID_CHARS]) // 70 + 1)
    if doc.notice_stands:
        ws.append([doc.notice])
    if doc.posted:
        ws.append([f"{doc.federation}　{_cn(doc.dated)}" if doc.dated else doc.federation])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    last = 3 + len(printed) + 1
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
    """The posted list's columns (180 mm, A4 upright), the xlsx's: 推荐单位 too (the PDF
    left it out while the xlsx had it); 级别 wide enough for 区/局/集团级 on one line (at
    20 mm its 级 stood alone under it), 序号 for three digits."""
    from boostdesk.printing.common import Col

    return (Col("序号", 9, "center"), Col("项目名称", 37), Col("职工创新工作室", 27),
            Col("级别", 24, "center"), Col("所在单位", 29), Col("推荐单位", 32),
            Col("拟助推金额（元）", 22, "right"))


def export_publicity(reg: Register, year: int, path: str | Path, kind: str,
                     period_id: int | None = None, waiting: bool = False) -> tuple[int | None, bool]:
    """The list written as ``kind`` (pdf, xlsx) and its line in the trail (printing.print_log:
    which batch, which projects, where to); a batch's list printed before says 补打 in its
    footer. Returns (pages, recorded): a register open read-only records nothing."""
    from boostdesk.models.records import PROJECT, id_ref
    from boostdesk.printing import print_log

    doc = publicity_list(reg, year, period_id, waiting)
    # the list waiting for publicity is a draft: recorded, never the same paper again
    keys = [print_log.publicity_key(doc)] if doc.period is not None else []
    marks = print_log.marks(reg, keys) if kind == "pdf" else {}
    pages: int | None = None
    if kind == "pdf":
        pages = write_publicity_pdf(reg, year, path, period_id=period_id, waiting=waiting,
                                    mark=next(iter(marks.values()), ""))
    else:
        write_publicity_xlsx(reg, year, path, period_id, waiting)
    batch = (f"第{doc.period.batch}批" if doc.period is not None else "待公示") + (
        "（更正）" if doc.posted else "")
    recorded = print_log.record(reg, print_log.PrintJob(
        print_log.PUBLICITY, year, keys,
        [id_ref(PROJECT, r.project_id) for r in (doc.posted or doc.rows)], pages,
        str(Path(path).resolve()), what=batch, reprinted=list(marks)))
    return pages, recorded


def write_publicity_pdf(reg: Register, year: int, path: str | Path,
                        printed_on: date | None = None, period_id: int | None = None,
                        waiting: bool = False, mark: str = "") -> int:
    """The list on A4 pages (header row repeated); returns the number of pages. ``mark``:
    the footer's 补打（首次打印于 …） or 存档副本 (printing.print_log)."""
    from boostdesk.printing.canvas_text import wrap
    from boostdesk.printing.common import (
        A4,
        MARGIN,
        PagedTable,
        Part,
        cn_date,
        draw_footer,
        fitting,
        leading,
        new_canvas,
        printed_by,
    )
    from boostdesk.printing.fonts import draw_string

    doc = publicity_list(reg, year, period_id, waiting)
    printed_on = printed_on or date.today()
    cols = pdf_columns()
    rows = [list(r) for r in doc.table()]  # every column the xlsx has
    w = A4[0] - 2 * MARGIN
    # under the table: a 更正's 说明, the call for objections while it stands, then who
    # signs and the day (the period's first; a 更正's own). Line by line: a 说明 of pages
    # goes on over pages of its own, the signature after its last line.
    texts = [*([doc.correction()] if doc.posted else []),
             *([doc.notice] if doc.notice_stands else [])]

    def line(text: str) -> Callable[[Any, float], None]:
        def draw(c: Any, y: float) -> None:
            draw_string(c, MARGIN, y - 10, text, 10)
        return draw

    def signature(c: Any, y: float) -> None:
        draw_string(c, A4[0] - MARGIN, y - 30, doc.federation, 11, align="right")
        draw_string(c, A4[0] - MARGIN, y - 46, cn_date(doc.dated or printed_on), 11,
                    align="right")

    # a paragraph's first line never alone at a page's foot, nor the signature alone on
    # a page of its own
    parts = [Part(10, keep=True)]
    for k, text in enumerate(texts):
        parts += [Part(6, keep=True)] if k else []
        lines = wrap(text, w, 10)
        parts += [Part(leading(10), line(x), keep=n == 0 or n == len(lines) - 1)
                  for n, x in enumerate(lines)]
    parts.append(Part(54, signature))

    final = ["", TOTAL_CORRECTED if doc.posted else "合计", f"共 {len(doc.rows)} 项", "", "", "",
             doc.amounts()[-1]]
    table = PagedTable(cols, rows, size=9, final_rows=[final], closing_parts=parts,
                       continued=f"{doc.title}（续）")
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
                    # a batch's number and 更正 make the title longer than the line at 15 pt
                    draw_string(c, A4[0] / 2, y - 18, doc.title, fitting(doc.title, w, 15),
                                align="center", bold=True)
                    draw_string(c, A4[0] / 2, y - 40, doc.heading_line,
                                fitting(doc.heading_line, w, 11), align="center")
                    y = first_top
                table.draw_page(c, MARGIN, y, span, last=n == len(spans))
                draw_footer(c, A4, n, len(spans), left=printed_by(doc.federation, printed_on),
                            mark=mark)
                c.showPage()
            c.save()
    except OSError as exc:
        raise PanelError(cannot_write(out, exc)) from exc
    return len(spans)
