"""The register's summary tables (attachments 2 and 4) out: the rows, and the xlsx.

The columns are the template's (``boostdesk.io.headers``), in its order and wording, so an
exported table reads back through the importer; after them come the register's verdict
(审核状态) and the award. Resident ID, card and phone numbers (in 备注 too) are masked unless
the copy is finance's. The same :class:`Summary` feeds the landscape PDF in
``boostdesk.printing.summary``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from boostdesk.award_holds import held_ids
from boostdesk.finance.card_waits import card_waits
from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text, wrapped_lines
from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.records import PATENT, PROJECT, PatentApplication, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import (
    PROJECT_STATUS_SQL,
    REVOKED,
    STATUS_ZH,
    season_closed,
    shown_status_zh,
)

from .errors import ExportCancelled
from .headers import AMOUNT_WAN, DATE, LEVEL, NAME, NUMBER, SEQ, TABLE_BY_STREAM, TEXT, YES_NO
from .template import template_title

REVOKED_ZH = f"已{STATUS_ZH[REVOKED]}"  # 已撤销助推
AWARD = "award"  # the award column (元 for patents, 万元 for projects like the template)
STATUS = "status"
REASON = "status_reason"
LATE = "late_submission"  # 逾期报送（收件 …，截止 …）: as the lists' 合格（逾期报送）
AWARDED_STATUSES = {
    PATENT: ("approved", "paid"),
    PROJECT: ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed"),
}
# Widths in millimetres on the landscape A4 page (267 mm between the margins).
PDF_WIDTHS = {
    PATENT: {
        "seq": 7, "unit_name": 16, "enterprise_name": 18, "title": 24, "patent_number_raw": 25,
        "grant_date": 16, "inventor_name": 11, "id_number": 28.5, "card_number": 32.5,
        "phone": 18.5, "frontline": 8, "service_invention": 8, "applied_in_production": 9,
        "remarks": 10, STATUS: 18.5, AWARD: 16,
    },
    PROJECT: {
        "seq": 7, "unit_name": 20, "studio_name": 26, "studio_level": 17, "title": 32,
        "leader": 11, "approval_date": 16, "startup_funds_paid": 10, "planned_completion": 16,
        "total_budget_fen": 16, "requested_fen": 16, "contact_name": 11, "contact_phone": 18.5,
        "remarks": 15, STATUS: 19.5, AWARD: 16,
    },
}
# Shorter headings where the template's do not fit a narrow PDF column, broken between
# words where they still take lines (wrapped anywhere: 核准助推金 / 额 / （元）, 生产 / 中应 / 用).
PDF_HEADERS = {
    "是否一线职工": "一线职工", "是否职务发明": "职务发明", "是否已在生产中应用": "生产应用",
    "工会会员互助服务卡号": "互助服务卡号", "启动资金是否到位": "启动资金到位",
    "第一发明人": "第一\n发明人", "核准助推金额（元）": "核准助推\n金额（元）",
    "核准助推金额（万元）": "核准助推\n金额\n（万元）",
    "申请助推金额（万元）": "申请助推\n金额\n（万元）", "计划完成日期": "计划完成\n日期",
}


@dataclass(frozen=True)
class SummaryColumn:
    field: str
    header: str
    kind: str  # a headers.py kind, or AWARD / STATUS
    xlsx_width: float
    pdf_mm: float

    @property
    def money(self) -> bool:
        return self.kind in (AMOUNT_WAN, AWARD)


# What the register holds beyond the template's columns, last in the workbook (not on the
# landscape PDF page): headers the importer reads back (headers.py's unshown columns), so
# an exported table re-imported keeps a project's payee enterprise and its 示范性.
REGISTER_ONLY = {
    PATENT: [SummaryColumn("industry", "所属领域", TEXT, 14, 0),
             SummaryColumn("received_date", "收件日期", DATE, 13, 0)],
    PROJECT: [SummaryColumn("enterprise_name", "所在单位", TEXT, 24, 0),
              SummaryColumn("model_studio", "是否示范性工作室", YES_NO, 10, 0),
              SummaryColumn("industry", "所属领域", TEXT, 14, 0),
              SummaryColumn("received_date", "收件日期", DATE, 13, 0)],
}


@dataclass
class Summary:
    stream: str
    year: int
    title: str
    columns: list[SummaryColumn]  # those with pdf_mm 0 are in the workbook only
    rows: list[list[Any]]  # str, date, bool, None, or int fen for money columns
    unmasked: bool
    approved_only: bool
    totals: dict[str, int] = field(default_factory=dict)  # money column field -> fen
    # each row's note for the PDF's 备注 (which has no 审核理由 column): why a paper stands
    # refused or not awarded when that is not the office's refusal — 推荐单位撤回, 年度结束
    notes: list[str] = field(default_factory=list)

    @property
    def award_total(self) -> int:
        return self.totals.get(AWARD, 0)

    @property
    def wan(self) -> bool:
        """Projects' amounts are shown in 万元, as in attachment 4."""
        return self.stream == PROJECT


def build_summary(reg: Register, stream: str, year: int | None = None, *,
                  approved_only: bool = False, unmasked: bool = False,
                  ids: Sequence[int] | None = None) -> Summary:
    """The summary table of ``stream`` for ``year`` (the latest campaign when None);
    with ``ids``, those applications only, in that order (a register view's list)."""
    from boostdesk.printing.common import shown_card, shown_id, shown_phone, shown_text

    year = year or max(reg.campaign_years())
    table = TABLE_BY_STREAM[stream]
    columns = [
        SummaryColumn(c.field, c.header, c.kind, c.width, PDF_WIDTHS[stream][c.field])
        for c in table.template_columns()
    ]
    award_header = "核准助推金额（万元）" if stream == PROJECT else "核准助推金额（元）"
    columns.append(SummaryColumn(STATUS, "审核状态", STATUS, 12, PDF_WIDTHS[stream][STATUS]))
    columns.append(SummaryColumn(AWARD, award_header, AWARD, 14, PDF_WIDTHS[stream][AWARD]))
    # why a paper stands where it does (资格审核不通过, 未获助推 …): the workbook only, not
    # read back by the importer (an unknown header)
    columns.append(SummaryColumn(REASON, "审核理由", TEXT, 30, 0))
    # received after the deadline, whether accepted being the reviewer's call (三): the
    # workbook only, as the reason (the template has no such column)
    columns.append(SummaryColumn(LATE, "逾期报送", TEXT, 22, 0))
    columns.extend(REGISTER_ONLY[stream])
    deadline = reg.campaign(year).submission_deadline

    apps: list[PatentApplication | ProjectApplication] = list(
        reg.patents(year) if stream == PATENT else reg.projects(year)
    )
    if approved_only:
        apps = [a for a in apps if a.status in AWARDED_STATUSES[stream]]
    if ids is not None:
        by_id = {a.id: a for a in apps}
        apps = [by_id[i] for i in ids if i in by_id]
    else:
        # One table of every union's rows, numbered on from 1. Each union numbers its own
        # table from 1 (or leaves 序号 blank): its rows stay together, in its order, the
        # unions in the order they were registered.
        first: dict[str, int] = {}
        for a in sorted(apps, key=lambda a: a.id or 0):
            first.setdefault(a.unit_name or "", a.id or 0)
        apps.sort(key=lambda a: (first[a.unit_name or ""], a.seq is None, a.seq or 0, a.id or 0))

    # a project held from payment, or kept in publicity, by an open objection: as the lists say
    shown: dict[Any, str] = dict(reg.conn.execute(
        f"SELECT a.id, {PROJECT_STATUS_SQL} FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = ?", (year,))
    ) if stream == PROJECT else card_waits(reg, year)  # a patent waiting for its card
    held = held_ids(reg, stream, year)  # an award no longer right since its approval
    rows, notes = [], []
    for number, a in enumerate(apps, start=1):
        row: list[Any] = []
        notes.append(pdf_note(stream, a.status, a.status_reason or ""))
        for col in columns:
            if col.field == "seq":
                row.append(number)
            elif col.field == STATUS:
                row.append(shown_status_zh(shown.get(a.id, a.status), a.id in held))
            elif col.field == AWARD:
                # an award standing only: a revoked one (撤销助推) is listed, said so in its
                # 备注, and neither in its cell nor in the 合计 (the statistics, the approval
                # sheets and the 核准汇总表 count it out: ¥39,000.00 read beside ¥36,000.00)
                row.append(a.award_fen if a.status in AWARDED_STATUSES[stream] else None)
            elif col.field == LATE:
                received = a.received_date
                row.append(f"逾期报送（收件 {received.isoformat()}，截止 {deadline.isoformat()}）"
                           if received is not None and received > deadline else "")
            elif col.field == "id_number":
                row.append(shown_id(a.id_number, unmasked) if a.id_number else "")  # type: ignore[union-attr]
            elif col.field == "card_number":
                row.append(shown_card(a.card_number, unmasked) if a.card_number else "")  # type: ignore[union-attr]
            elif col.field == "patent_number_raw":
                # in the one form the list and the approval sheet show (ZL 2017 1 1167486.8
                # as typed wrapped in the PDF's column); an invalid number as typed
                row.append(a.patent_number or a.patent_number_raw)  # type: ignore[union-attr]
            elif col.field in ("phone", "contact_phone"):
                row.append(shown_phone(getattr(a, col.field), unmasked))
            elif col.field in ("remarks", REASON):
                # a clerk's note may quote a number (原卡号 … 已挂失, 家属电话 …): masked
                # like its column
                text = shown_text(getattr(a, col.field), unmasked)
                if col.field == "remarks" and a.status == REVOKED and a.award_fen:
                    text = "\n".join(x for x in (text, revoked_note(a.award_fen)) if x)
                row.append(text)
            elif col.kind == LEVEL:  # 企业级 as the paper wrote it (outside 二（一）)
                level = getattr(a, col.field)
                row.append(_level_text(level) or getattr(a, "outside_level", ""))
            else:
                row.append(getattr(a, col.field))
        rows.append(row)
    totals = {  # the award's: of the awards standing (the cells above)
        col.field: sum(r[i] or 0 for r in rows)
        for i, col in enumerate(columns) if col.money
    }
    title = template_title(table, year)
    if approved_only:
        title = title.replace("汇总表", "核准汇总表")
    return Summary(stream, year, title, columns, rows, unmasked, approved_only, totals,
                   [shown_text(n, unmasked) or "" for n in notes])


def revoked_note(award_fen: int) -> str:
    """已撤销助推 in a revoked award's 备注, with the award it was (its cell left empty, out
    of the 合计)."""
    from boostdesk.money import format_plain

    return f"{REVOKED_ZH}（原核准 {format_plain(award_fen)} 元）"


def pdf_note(stream: str, status: str, reason: str) -> str:
    """What the PDF's 备注 adds for a paper stored refused or not awarded without the office
    refusing or the panel passing it over: its union's withdrawal (推荐单位撤回（2023-02-20
    来函）: the letter's words are the workbook's 审核理由, too long for the page's narrow
    备注) or a season's close (年度结束未核准（资格审核已通过）); "" otherwise."""
    from boostdesk.panel.withdrawal import WITHDRAWN_ZH, withdrawn

    if (w := withdrawn(status, reason)) is not None:
        return f"{WITHDRAWN_ZH}（{w.on.isoformat()} 来函）"
    if season_closed(stream, reason):
        return reason
    return ""


def _level_text(level: str | None) -> str:
    if level == "district":
        return "区、局、集团（公司）级"
    return LEVEL_ZH.get(level or "", "")


def wan_value(fen: int) -> Decimal:
    """Fen as 万元, exactly (300,000.00 元 → 30; 312,345.67 元 → 31.234567)."""
    return (Decimal(fen) / Decimal(1_000_000)).normalize()


def yuan_value(fen: int) -> Decimal:
    return Decimal(fen) / Decimal(100)


def wan_text(fen: int, places: int = 2) -> str:
    """30.00, 31.234567: at least ``places`` decimals, as many as the fen need (padded
    with zeros, the figure unchanged: 10.00001 at 6 places is 10.000010)."""
    text = f"{wan_value(fen):f}"
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}.{frac.ljust(places, '0')}"


def wan_decimals(fen: int) -> int:
    """The decimals ``fen`` needs in 万元: 2 at least, 6 at most (a fen is 0.000001 万元)."""
    places = 6
    while places > 2 and fen % 10 == 0:
        fen //= 10
        places -= 1
    return places


def wan_places(summary: Summary) -> dict[str, int]:
    """Each 万元 column's decimals (field -> places): what its most precise figure, its
    合计 included, needs. Every figure of the column at as many, right-aligned, puts the
    decimal points in one line; 10.00001 over 0.000005 over 22.001035 was ragged."""
    if not summary.wan:
        return {}
    out: dict[str, int] = {}
    for j, col in enumerate(summary.columns):
        if col.money:
            figures = {row[j] for row in summary.rows if row[j] is not None}
            figures.add(summary.totals.get(col.field, 0))
            out[col.field] = max(map(wan_decimals, figures))
    return out


def wan_exact(summary: Summary) -> bool:
    """Whether every amount of the table reads exactly in 万元 at two decimals (whole
    百元: 10.00, 5.50). The printed table is in 万元 as attachment 4 then, else in 元:
    33,333.34 reads at a glance, as the vouchers and the 大写 write it, where 3.333334 万元
    is counted digit by digit (and 10.000000 padded to line up with it)."""
    return summary.wan and all(
        (row[j] or 0) % 10_000 == 0 for j, col in enumerate(summary.columns) if col.money
        for row in summary.rows) and all(v % 10_000 == 0 for v in summary.totals.values())


def cell_text(summary: Summary, col: SummaryColumn, value: Any,
              places: Mapping[str, int] | None = None, wan: bool | None = None) -> str:
    """How a value reads in the PDF; ``places``: the 万元 columns' decimals
    (:func:`wan_places`); ``wan``: the amounts in 万元 (``summary.wan`` when None)."""
    from boostdesk.money import format_plain

    if value is None:
        return ""
    if col.money:
        return (wan_text(value, (places or {}).get(col.field, 2))
                if (summary.wan if wan is None else wan) else format_plain(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if col.kind == LEVEL:
        return "区/局/集团级" if value == _level_text("district") else str(value)
    return str(value)


# -- xlsx ------------------------------------------------------------------------------
MONEY_FORMAT = "#,##0.00"
WAN_FORMAT = "#,##0.00####"
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
PROGRESS_EVERY = 500  # rows between progress reports (and looks at 取消)


def write_summary_xlsx(path: str | Path, summary: Summary,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> Path:
    """Title row, one header row (frozen), the rows, a 合计 row; widths and money formats.

    Streamed (openpyxl's write-only mode), each row written as it is made, each cell
    given its column's style as a whole: at 80,000 rows a workbook held in memory, its
    cells styled one attribute at a time, took 55 s and 670 MB. Still ≈ 90 s there, so
    it reports ``progress(rows written, rows)`` and stops at ``cancelled()`` with
    :class:`ExportCancelled`, before anything is written to ``path``."""
    from copy import copy

    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from boostdesk.money import daxie
    from boostdesk.printing.common import copy_title

    from .fast_rows import rows_writer

    wb = streamed_workbook()
    ws = wb.create_sheet("专利汇总表" if summary.stream == PATENT else "项目汇总表")
    wb.properties.creator = "BoostDesk"
    wb.properties.title = copy_title(summary.title, summary.unmasked)
    columns = summary.columns
    last = get_column_letter(len(columns))
    for j, col in enumerate(columns, start=1):  # a streamed sheet's layout comes first
        ws.column_dimensions[get_column_letter(j)].width = col.xlsx_width
    ws.row_dimensions[TITLE_ROW].height = 32
    ws.row_dimensions[HEADER_ROW].height = 36
    ws.merged_cells.add(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    daxie_row = FIRST_DATA_ROW + len(summary.rows) + 1
    ws.merged_cells.add(f"A{daxie_row}:{last}{daxie_row}")
    landscape_a4(ws, freeze_row=FIRST_DATA_ROW, title_rows=f"{TITLE_ROW}:{HEADER_ROW}")

    def cell(value: Any = None, **style: Any) -> Cell:
        made = WriteOnlyCell(ws, value)
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([cell(summary.title, font=Font(name="宋体", size=16, bold=True),
                    alignment=Alignment(horizontal="center", vertical="center"))])
    header_font = Font(name="宋体", size=11, bold=True)
    header_alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    fill = PatternFill("solid", fgColor="D9E1F2")
    ws.append([cell(col.header, font=header_font, alignment=header_alignment, fill=fill,
                    border=border) for col in columns])

    shaped = []  # each column's style made once; a data cell takes a copy (a few integers)
    places = wan_places(summary)
    wraps = [col.kind in (TEXT, NAME, LEVEL, STATUS) for col in columns]
    for col in columns:
        proto = cell(border=border)
        fmt = _xlsx_format(summary, col, places)
        if fmt:
            proto.number_format = fmt
        if col.kind == NUMBER:
            proto.alignment = Alignment(horizontal="left")
        elif col.kind in (TEXT, NAME, LEVEL, STATUS):  # wider than its column: wrapped, not cut off
            proto.alignment = Alignment(vertical="center", wrap_text=True)
        shaped.append((col, proto._style))  # type: ignore[attr-defined]  # StyleableObject's
    total_rows = len(summary.rows)
    fast = rows_writer(ws, [style for _col, style in shaped])  # the rows as text (fast_rows)
    try:  # Ctrl+C in a command (its progress line drawn), or a failure: no rows left behind
        for done, row in enumerate(summary.rows):
            if done % PROGRESS_EVERY == 0:
                if cancelled is not None and cancelled():
                    _discard(wb)
                if progress is not None:
                    progress(done, total_rows)
            values = [_xlsx_value(summary, col, value)
                      for (col, _style), value in zip(shaped, row, strict=True)]
            if any(type(v) is str and "\n" in v for v in values):
                # a 备注 of several lines: the row as tall as its wrapped cells
                ws.row_dimensions[FIRST_DATA_ROW + done].height = _row_height(columns, row, wraps)
            if fast is not None and fast(values):
                continue
            out = []
            for (_col, style), value in zip(shaped, values, strict=True):
                made = as_typed(WriteOnlyCell(ws, value))
                made._style = copy(style)
                out.append(made)
            ws.append(out)
    except BaseException:
        discard_streamed(wb)
        raise

    label_col = next((j for j, c in enumerate(columns, start=1) if c.kind not in (SEQ,)), 2)
    total_font = Font(bold=True)
    totals = []
    for j, col in enumerate(columns, start=1):
        value = None
        if j == 1:
            value = "合计"
        elif j == label_col:
            value = f"共 {len(summary.rows)} 项"
        fmt = None
        if col.money:
            value = _xlsx_value(summary, col, summary.totals[col.field])
            fmt = _xlsx_format(summary, col, places) or MONEY_FORMAT
        made = cell(value, font=total_font, border=border)
        if fmt:
            made.number_format = fmt
        totals.append(made)
    ws.append(totals)
    ws.append([f"合计（大写）：核准助推金额{daxie(summary.award_total)}"])
    if cancelled is not None and cancelled():
        _discard(wb)
    path = Path(path)
    save_streamed(wb, path, cancelled)
    if progress is not None:
        progress(total_rows, total_rows)
    return path


def _row_height(columns: Sequence[SummaryColumn], row: Sequence[Any],
                wraps: Sequence[bool]) -> float:
    """Points for a row whose tallest wrapped cell takes its lines (15 pt a line, as the
    核对意见's rows; 409 pt is the most a row can be). Only for a row holding a line break:
    a row left without a height overlapped the next in LibreOffice (Excel and WPS keep it
    too), and measured at every row the export of 8,000 papers took 9 % longer."""
    lines = max((wrapped_lines(value, col.xlsx_width) for col, value, wrapped
                 in zip(columns, row, wraps, strict=True)
                 if wrapped and isinstance(value, str)), default=1)
    return min(15 * lines + 4, 409)


def _discard(wb: Any) -> None:
    """Stop a cancelled export: its streamed rows removed, :class:`ExportCancelled`."""
    discard_streamed(wb)
    raise ExportCancelled()


ROWS_FOLDER = "BoostDesk-rows"  # in the system's temporary folder
# A file there whose owner cannot be told (none named, an earlier version's) is swept once
# an hour old: no export streams that long.
STALE_ROWS_SECONDS = 3600
OWNER_MARK = "owner."  # owner.<pid>: locked by that process while it runs (safety.lock.hold)
_owner: tuple[int, int | None] | None = None  # (pid, its mark's descriptor), once tried


def streamed_workbook() -> Any:
    """A write-only workbook whose sheets stream their rows into ``BoostDesk-rows`` in the
    temporary folder, not openpyxl's ``openpyxl.*`` there: a process killed mid-export
    (the power cut, Windows ending it) cannot remove them, and Windows never empties its
    temporary folder, so each kill left a year's names and numbers there for good. The
    next export sweeps them (:func:`sweep_rows`)."""
    from openpyxl import Workbook
    from openpyxl.worksheet import _writer

    _writer.create_temporary_file = _rows_file
    sweep_rows(rows_folder())
    return Workbook(write_only=True)


def sweep_rows(folder: Path) -> None:
    """Remove what exports that ended without cleaning up left in ``folder``: the files of
    a process (``rows.<pid>.…``) whose ``owner.<pid>`` mark no running process holds (it
    was killed), at once; files not naming a held owner once an hour old. A running
    BoostDesk's own files are left alone: it holds its mark till it ends (the OS lets go
    of the lock of a killed one), and a pid reused since by another program holds none."""
    import os
    import time

    from boostdesk.safety.lock import abandoned

    own = os.getpid()
    owners: dict[int, bool | None] = {}  # pid: its mark abandoned (True), held, or not there

    def owner_gone(pid: int) -> bool | None:
        if pid not in owners:
            mark = folder / f"{OWNER_MARK}{pid}"
            owners[pid] = abandoned(mark) if mark.exists() else None
        return owners[pid]

    now = time.time()
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.startswith(OWNER_MARK))
    except OSError:
        return
    for entry in entries:  # the rows first, their owners' marks last
        pid = _pid_in(entry.name)
        gone = None if pid is None or pid == own else owner_gone(pid)
        try:
            if gone is None:  # no owner to ask: by age (a mark not there is not held)
                gone = (pid != own and not entry.name.startswith(OWNER_MARK)
                        and now - entry.stat().st_mtime >= STALE_ROWS_SECONDS)
            if gone:
                os.unlink(entry.path)
        except OSError:
            continue  # held open (Windows), gone meanwhile: the next sweep


def _pid_in(name: str) -> int | None:
    """The process named in ``rows.<pid>.…`` or ``owner.<pid>``; None for another name."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] + "." in ("rows.", OWNER_MARK) and parts[1].isdigit():
        return int(parts[1])
    return None


def _rows_prefix() -> str:
    """``rows.<pid>.`` once this process holds its ``owner.<pid>`` mark (another BoostDesk
    can then tell it still runs); plain ``rows.`` (swept by age) when it cannot be held."""
    import os

    from boostdesk.safety.lock import hold

    global _owner
    pid = os.getpid()
    if _owner is None or _owner[0] != pid:  # a forked child holds a mark of its own
        mark = rows_folder() / f"{OWNER_MARK}{pid}"
        _owner = (pid, hold(mark))
        if _owner[1] is not None:
            import atexit

            atexit.register(_let_go, _owner[1], mark)
    return f"rows.{pid}." if _owner[1] is not None else "rows."


def _let_go(fd: int, mark: Path) -> None:
    """At a normal exit: the mark goes (a killed process's is swept with its rows)."""
    import contextlib
    import os

    with contextlib.suppress(OSError):
        os.close(fd)  # Windows deletes no file held open
        mark.unlink()


def rows_folder() -> Path:
    """``BoostDesk-rows`` in the temporary folder, this user's alone: rows wait there on
    their way into a file."""
    import tempfile

    from boostdesk.safety.files import private_dir

    return private_dir(Path(tempfile.gettempdir()) / ROWS_FOLDER)


def _rows_file(suffix: str = "") -> str:
    """openpyxl's ``create_temporary_file``, in our folder (its list of files kept, so a
    save or the process's end removes them as before), named by this process."""
    import os
    import tempfile

    from openpyxl.worksheet import _writer

    fd, name = tempfile.mkstemp(prefix=_rows_prefix(), suffix=suffix, dir=rows_folder())
    os.close(fd)
    _writer.ALL_TEMP_FILES.append(name)
    return name


def save_streamed(wb: Any, path: str | Path,
                  cancelled: Callable[[], bool] | None = None) -> None:
    """Save a write-only workbook; a save that fails (the file open in Excel, a full disk)
    removes the rows streamed so far, as a cancel does. 取消 pressed while it was saved
    (seconds at 80,000 rows) leaves no file either."""
    from .in_place import written_in_place

    try:
        with written_in_place(path) as part:  # a save that stops leaves no piece of a file
            wb.save(str(part))
            if cancelled is not None and cancelled():
                raise ExportCancelled()
    except BaseException:
        discard_streamed(wb)
        raise


def discard_streamed(wb: Any) -> None:
    """Remove the temporary files a write-only workbook's sheets stream their rows into.
    openpyxl removes them only on a save that succeeds, or when the process ends: a
    window open all day kept a failed or cancelled export's rows — people's names and
    numbers, whole on finance's copy — in the temp folder."""
    import os

    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            ws.close()  # ends the sheet's row generator, which else complains when collected
        except Exception:  # noqa: BLE001 - closed already (a save that failed later)
            pass
        if os.path.exists(writer.out):
            writer.cleanup()


def _xlsx_value(summary: Summary, col: SummaryColumn, value: Any) -> Any:
    if value is None:
        return None
    if col.money:
        return wan_value(value) if summary.wan else yuan_value(value)
    if col.kind == YES_NO and isinstance(value, bool):
        return "是" if value else "否"
    return sheet_text(value)


def _xlsx_format(summary: Summary, col: SummaryColumn,
                 places: Mapping[str, int] | None = None) -> str | None:
    if col.money:
        if summary.wan and places and col.field in places:  # the column's decimals, as the PDF
            return "#,##0." + "0" * places[col.field]
        return WAN_FORMAT if summary.wan else MONEY_FORMAT
    if col.kind == DATE:
        return "yyyy-mm-dd"
    if col.kind == NUMBER:
        return "@"
    return None
