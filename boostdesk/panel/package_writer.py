"""One expert's scoring package written: its notes, its protected score sheet with the
score ranges validated, its 项目概况, and the very hidden 签名 sheet signing the fixed
content (see :mod:`.package_format`). Saved beside its name and renamed in when whole."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk.models.register import Register
from boostdesk.no_enterprise import unchecked

from .experts import Expert, ScoreConflict
from .grid import Criterion
from .package_format import (
    COMMENT_LIMIT,
    FORMAT,
    GUIDE_TITLE,
    VERSION,
    note_lines,
    score_headers,
    sheet_digest,
    total_formula,
)
from .package_keys import sign
from .package_projects import package_projects, summary_rows
from .package_sheets import GUIDE_SHEET, SCORE_SHEET, SIGNATURE_SHEET, SUMMARY_SHEET
from .scoring import expert_sheet, format_score


def write_package(reg: Register, year: int, e: Expert, grid: tuple[Criterion, ...],
                  key: bytes, path: Path,
                  known: Mapping[int, ScoreConflict] | None = None) -> list[str]:
    """Write the package; the titles of its projects whose 回避 could not be checked (a
    studio with no 所在单位: :mod:`boostdesk.no_enterprise`), which its notes name."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text

    projects = package_projects(reg, year, e.id or 0, known=known)
    own = {r.project_id: r for r in expert_sheet(reg, e.id or 0)}
    campaign = reg.campaign(year)
    unchecked_titles = [p.title for p in projects if unchecked(reg.project(p.id))]
    note = [sheet_text(line) for line in
            note_lines(campaign.title, campaign.federation, e.name, grid, len(projects),
                       unchecked_titles, campaign.attachment("project_form"))]
    # Signed as written: a control character a workbook cannot hold is left out of both.
    summary = [[sheet_text(v) for v in row] for row in summary_rows(reg, projects)]
    payload = json.dumps({
        "format": FORMAT, "version": VERSION, "year": year,
        "campaign": campaign.title,
        "expert": {"id": e.id, "name": e.name},
        "criteria": [[c.id, c.name, c.max_score, c.weight] for c in grid],
        "projects": [[p.id, sheet_text(p.title)] for p in projects],
        "summary_sha256": sheet_digest(summary),
        "note": note,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        # which export came after which, by the register's own count (its audit trail's
        # last id), not the clock: a clock set right after an export dated the re-export
        # earlier, and it was refused as the older package
        "export_seq": reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events"),
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    signature = sign(key, payload)
    password = sign(key, "protect:" + payload)[:12]

    wb = Workbook()
    guide = wb.active
    assert guide is not None  # a new workbook has its one sheet
    guide.title = GUIDE_SHEET
    # first and open: a reviewer scrolling a long table never reached notes under it
    _write_guide(guide, f"{year}年度{GUIDE_TITLE}（{sheet_text(e.name)}）", note)
    _protect(guide, password)
    ws = wb.create_sheet(SCORE_SHEET)
    headers = score_headers(grid, total=True)
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    editable = PatternFill("solid", fgColor="FFF9DB")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    first_score, comment_col = 3, 3 + len(grid)
    total_col = comment_col + 1
    for p in projects:
        mine = own.get(p.id)
        scores = [format_score(mine.scores_x10.get(c.id or 0)) if mine else "" for c in grid]
        values: list[object] = [str(p.id), sheet_text(p.title)]
        values += [_number(s) for s in scores]
        values.append(sheet_text(mine.comment) if mine and mine.comment else None)
        ws.append(values)
        for cell in ws[ws.max_row]:
            as_typed(cell)
        # locked (the sheet's default) and grey: the reviewer sees the total, types none
        total = ws.cell(ws.max_row, total_col, total_formula(grid, ws.max_row))
        total.fill = PatternFill("solid", fgColor="EDEDED")
        total.alignment = Alignment(horizontal="right", vertical="top")
    last = len(projects) + 1
    unlocked = Protection(locked=False)
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=first_score, max_col=comment_col):
        for cell in row:
            cell.protection = unlocked
            cell.fill = editable
    # a title and a comment wrap (two titles alike to their last words stay apart), each
    # row's cells aligned at its top
    for row in ws.iter_rows(min_row=2, max_row=last, max_col=comment_col):
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.column in (2, comment_col), vertical="top")
    for n, c in enumerate(grid):
        col = get_column_letter(first_score + n)
        # the import's rule (scoring.parse_score): 0 to the maximum, one decimal at most —
        # a plain "decimal" rule let 12.25 in, and the import then refused the package
        top = f"{col}2"
        dv = DataValidation(
            type="custom",
            formula1=(f"AND(ISNUMBER({top}),{top}>=0,{top}<={c.max_score},"
                      f"ROUND({top},1)={top})"),
            allow_blank=True, showErrorMessage=True, showInputMessage=True,
            errorTitle="评分不符合要求",
            error=f"“{c.name}”应填写 0 到 {c.max_score} 之间的数字，最多保留一位小数（如 12.5）",
            # shown on every score cell: the notes are on their own sheet
            promptTitle=c.name[:32], prompt=(f"0 至 {c.max_score} 分，最多保留一位小数"
                                             "（如 12.5，不能填 12.25）。"
                                             "需利益回避的项目整行留空，交回时说明"),
        )
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
        ws.column_dimensions[col].width = max(10, min(18, len(c.header) * 1.6))
    col = get_column_letter(comment_col)
    dv = DataValidation(type="textLength", operator="lessThanOrEqual",
                        formula1=str(COMMENT_LIMIT), allow_blank=True, showErrorMessage=True,
                        errorTitle="评语过长", error=f"评语不超过 {COMMENT_LIMIT} 字")
    dv.add(f"{col}2:{col}{last}")
    ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions[col].width = 30  # narrower than before: 合计 in view beside it
    ws.column_dimensions[get_column_letter(total_col)].width = 10
    # the header as tall as its longest criterion wraps to (a plan's sentence as a name)
    ws.row_dimensions[1].height = max(48, 16 * max(
        -(-len(c.header) // max(1, int(ws.column_dimensions[get_column_letter(first_score + n)]
                                       .width / 2.1)))
        for n, c in enumerate(grid)))
    landscape_a4(ws, freeze_row=2, title_rows="1:1")  # a reviewer may score on paper first
    ws.oddHeader.center.text = f"{year}年度专家评分包（{sheet_text(e.name)}）"  # type: ignore[union-attr]
    ws.freeze_panes = "C2"
    _protect(ws, password)

    ws2 = wb.create_sheet(SUMMARY_SHEET)
    for values in summary:
        ws2.append(values)
        for cell in ws2[ws2.max_row]:
            as_typed(cell)
    for cell in ws2[1]:
        cell.font = bold
        cell.fill = fill
    for row in ws2.iter_rows(min_row=2):  # long titles, studios and units whole
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, width in enumerate((10, 36, 26, 12, 10, 10, 28, 24, 14, 12, 12, 16, 14), start=1):
        ws2.column_dimensions[get_column_letter(n)].width = width
    landscape_a4(ws2, freeze_row=2, title_rows="1:1")
    ws2.freeze_panes = "C2"
    _protect(ws2, password)

    ws3 = wb.create_sheet(SIGNATURE_SHEET)
    ws3["A1"] = FORMAT
    ws3["A2"] = payload
    ws3["A3"] = signature
    ws3.sheet_state = "veryHidden"
    _protect(ws3, password)
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)
    wb.properties.title = f"{year}年度专家评分包（{e.name}）"
    wb.properties.creator = "BoostDesk"
    wb.active = 0
    from boostdesk.io.in_place import written_in_place

    with written_in_place(path) as part:  # a failed save leaves no .part in the folder
        wb.save(part)
    return unchecked_titles


def _write_guide(ws: Any, title: str, lines: list[str]) -> None:
    """The 填写说明 sheet: a title, the notes numbered one to a row, each as tall as its
    text wraps to, and a link to the score sheet."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    width = 100  # about 47 hanzi a line
    ws.column_dimensions["A"].width = width
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws.row_dimensions[1].height = 28
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, line in enumerate(lines, start=1):
        cell = ws.cell(row=n + 2, column=1, value=f"{n}. {line}")
        cell.alignment = wrap
        # as tall as its lines wrap to (the criteria one a line)
        ws.row_dimensions[n + 2].height = 18 * sum(
            max(1, -(-len(part) // int(width / 2.1))) for part in cell.value.split("\n"))
    go = ws.cell(row=len(lines) + 4, column=1, value=f"→ 转到“{SCORE_SHEET}”开始填写")
    # a link within the workbook (a location, not a file relationship)
    go.hyperlink = Hyperlink(ref=go.coordinate, location=f"'{SCORE_SHEET}'!C2")
    go.font = Font(color="0563C1", underline="single", bold=True)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _number(text: str) -> object:
    if not text:
        return None
    return float(text) if "." in text else int(text)


def _protect(ws: Any, password: str) -> None:
    ws.protection.sheet = True
    ws.protection.password = password
    # Resizing rows and columns stays allowed: the content is what is guarded.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
