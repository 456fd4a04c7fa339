"""Offline scoring packages: one .xlsx per expert, out to their laptop and back.

Sheet 1 (填写说明), the one open when the file is opened: whose package it is, how to score,
the criteria, conflicts of interest, what the file must keep. Sheet 2 (评分表): a header row
项目编号, 项目名称, one column per criterion headed ``名称（满分N）``, then 评语; one row per
assigned project; only the score and comment cells are unlocked, and the score ranges carry
Excel data validation. Sheet 3 (项目概况): what the expert needs to know of each project —
no resident ID, card or phone number, and nothing of other experts. A package of version 1
(the previous releases) has no 填写说明: its notes stand under the table of 评分表, and it
is read as it was written. A very hidden sheet (签名) holds the fixed content (campaign year, expert,
criteria, project ids and names, a digest of sheet 2) and its HMAC-SHA256 under a secret
kept in the register, so a package altered outside its score cells, made by another
register, or for another campaign or expert is refused on import — with the reason, and
with nothing stored.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.os_errors import cannot_write, explain_os_error

from .errors import PackageRefused, PanelError
from .experts import (
    Expert,
    ScoreConflict,
    assignment_conflicts,
    assignments,
    conflict,
    declared_conflicts,
    expert_by_name,
    experts,
    same_name,
)
from .grid import TOTAL_POINTS, Criterion, ensure_grid
from .package_merges import merged_comments
from .package_rows import (
    DECLINED,
    comment_text,
    declined,
    extra_rows,
    speaks_of_declining,
    total_typed,
    unscored,
)
from .package_sheets import GUIDE_SHEET, SCORE_SHEET, SIGNATURE_SHEET, SUMMARY_SHEET
from .scoring import (
    PACKAGE,
    SCREEN,
    SheetRow,
    expert_sheet,
    format_score,
    parse_score,
    save_scores,
)

FORMAT = "BoostDesk评分包"
# 2: the notes on a sheet of their own, first (1: under the score table, read still)
VERSION = 2
VERSIONS = (1, 2)
ID_HEADER = "项目编号"
TITLE_HEADER = "项目名称"
COMMENT_HEADER = "评语"
COMMENT_LIMIT = 1000
# A row left blank: most often a project the reviewer would not score (a conflict of
# interest); the office is told how to take it off the package rather than only refused.
# the 填写说明 sheet's title, after the year: what its text saved as CSV begins with
GUIDE_TITLE = f"专家评分包{GUIDE_SHEET}"
UNSCORED = ("未评分（专家因利益冲突不评该项目的，请在“分配专家”中（或用 boostdesk panel conflict）"
            "为其登记回避，"
            "再导入本评分包：该项目跳过，其余项目的评分导入）")
# The one-line note of the first version-1 packages, which signed no note of their own
NOTE = ("填写说明：请按各项评分细则为每个项目打分（0 至该项满分，可保留一位小数），评语可不填。"
        "只能填写评分和评语单元格；改动其他内容后评分包将无法导入。填好后保存，原文件交回。")


def note_lines(campaign_title: str, federation: str, expert_name: str,
               grid: tuple[Criterion, ...], projects: int) -> list[str]:
    """What the reviewer reads first (填写说明), with no register to ask: whose package it
    is (one sent to the wrong expert is noticed before it is filled), where and how to
    score, the criteria with their ranges and weights, a project they may not score, and
    what the file must keep."""
    criteria_text = "；".join(
        f"{c.name} 0～{c.max_score} 分" + (f"（占总分 {c.weight} 分）" if c.weight != c.max_score else "")
        for c in grid)
    return [
        f"本评分包属于专家“{expert_name}”（{campaign_title}）。如果您不是{expert_name}，请不要填写，"
        f"并告知{federation}重新发送。",
        f"请在“{SCORE_SHEET}”工作表中为每个项目打分（共 {projects} 个项目）：按各项评分细则填写 0 至"
        f"该项满分的分数，可保留一位小数；评语可不填。各项目的情况见“{SUMMARY_SHEET}”工作表。",
        f"评分细则（总分 {TOTAL_POINTS} 分）：{criteria_text}。",
        "利益回避：项目属于您任职的单位、您参与的工作室，或与您有其他利益关系的，请不要为该项目"
        "打分，该行留空，并在交回时说明原因；其余项目照常填写。",
        "只能填写评分表中浅黄色的评分和评语单元格；改动其他内容后评分包将无法导入。请勿排序、插入"
        "或删除行，勿改动工作表名称。",
        "填好后保存，保持 .xlsx 格式（不要另存为 .xls、.csv 或 .ods），原文件交回。",
    ]


# What Excel, WPS and LibreOffice save for a formula that failed (a cell of type "e"):
# openpyxl reads it as this text
EXCEL_ERRORS = frozenset({"#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA"})


SUMMARY_HEADERS = (
    ID_HEADER, TITLE_HEADER, "职工创新工作室", "工作室级别", "示范性工作室", "领衔人",
    "所在单位", "推荐单位", "所属领域", "企业立项日期", "计划完成日期", "项目总投入",
    "申请助推金额",
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


# -- the register's secret ------------------------------------------------------------
def _secret(reg: Register, create: bool) -> bytes | None:
    value = reg.scalar("SELECT secret FROM panel_secret WHERE id = 1")
    if value is None and create:
        with reg.transaction():
            value = secrets.token_hex(32)
            reg.conn.execute("INSERT INTO panel_secret (id, secret) VALUES (1, ?)", (value,))
            reg.audit("create", "panel_secret", 1, None, {"note": "评分包签名密钥已生成"})
    return bytes.fromhex(value) if value else None


def _sign(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


# The restores whose restored register had no signing key yet: restored to before the
# first export, so every package out was signed by the register it replaced.
_KEYLESS_RESTORES = (
    "SELECT json_extract(before, '$.file') FROM audit_events"
    " WHERE action = 'restore' AND entity = 'register' AND before IS NOT NULL"
    " AND id < COALESCE((SELECT MIN(id) FROM audit_events WHERE entity = 'panel_secret'"
    " AND action = 'create'), 1e18) ORDER BY id DESC")


@dataclass(frozen=True)
class EarlierKeys:
    """The signing keys of the registers this one replaced by a restore to before its first
    export, each with the file name of the 恢复前 backup it was read from; and such backups
    the trail names that could not be read (deleted, moved, damaged)."""

    keys: tuple[tuple[bytes, str], ...] = ()
    missing: tuple[str, ...] = ()
    restored: bool = False  # a restore to before the first export is in the trail


def earlier_keys(reg: Register) -> EarlierKeys:
    """The keys packages out with the experts may be signed with, beyond the register's
    own: a restore to before the first export left the register without the key the
    replaced register signed them with, and that register is kept whole, a 恢复前 backup
    the restore's line in the trail names. Followed through such restores of that register
    in turn (a few at most)."""
    import sqlite3

    from boostdesk.safety import backup_file
    from boostdesk.safety.backup import backup_dir
    from boostdesk.safety.files import private_dir
    from boostdesk.safety.integrity import sqlite_uri

    todo = [str(r[0]) for r in reg.conn.execute(_KEYLESS_RESTORES) if r[0]]
    folder = backup_dir(reg.path) if reg.path is not None else None
    keys: list[tuple[bytes, str]] = []
    missing: list[str] = []
    seen: set[str] = set()
    restored = bool(todo)
    unreadable: tuple[type[BaseException], ...] = (sqlite3.Error, *backup_file.unreadable())
    while todo and len(seen) < 8:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        path = Path(name)
        if not path.is_file() and folder is not None and (folder / path.name).is_file():
            path = folder / path.name  # the register's folder moved, its backups with it
        try:
            into = private_dir(folder) if folder is not None and backup_file.is_zip(path) else None
            with backup_file.plain(path, into) as copy:
                conn = sqlite3.connect(sqlite_uri(copy), uri=True)
                try:
                    try:
                        row = conn.execute("SELECT secret FROM panel_secret WHERE id = 1").fetchone()
                    except sqlite3.Error:  # a register of a schema before the packages
                        row = None
                    todo += [str(r[0]) for r in conn.execute(_KEYLESS_RESTORES) if r[0]]
                finally:
                    conn.close()
        except unreadable:
            missing.append(path.name)
            continue
        if row and row[0]:
            keys.append((bytes.fromhex(row[0]), path.name))
    return EarlierKeys(tuple(keys), tuple(missing), restored)


def _text(value: object) -> str:
    """A cell as text, the same whether a spreadsheet program kept it as text or number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):  # a time is true even at midnight: compared
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    return str(value).strip()


def _grid_text(rows: Sequence[Sequence[object]]) -> list[list[str]]:
    """Cell texts with trailing empty cells and rows dropped."""
    out = [[_text(v) for v in row] for row in rows]
    for row in out:
        while row and not row[-1]:
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def _digest(rows: Sequence[Sequence[object]]) -> str:
    data = json.dumps(_grid_text(rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "专家"


# -- export ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackageProject:
    id: int
    title: str


def package_projects(reg: Register, year: int, expert_id: int, *, conflicted: bool = False,
                     known: Mapping[int, ScoreConflict] | None = None) -> list[PackageProject]:
    """An expert's assigned projects that are still under review, in register order; not
    one the register now shows them in conflict with (unless ``conflicted``): its
    materials do not go to the expert, nor a row to score it on. ``known``: the year's
    :func:`assignment_conflicts`, for a caller asking about every expert."""
    out = []
    if known is None and not conflicted:
        known = assignment_conflicts(reg, year)
    barred = set() if conflicted else set(known or ())
    for a in assignments(reg, year):
        if a.expert_id != expert_id or a.id in barred:
            continue
        app = reg.project(a.project_id)
        if app.status == "review":
            out.append(PackageProject(a.project_id, app.title))
    return out


def why_no_package(reg: Register, year: int, e: Expert,
                   known: Mapping[int, ScoreConflict] | None = None) -> str:
    """Why an expert gets no package, in the words the office acts on: nothing assigned,
    every project assigned out of review, or every one barred by a conflict."""
    if known is None:
        known = assignment_conflicts(reg, year)
    mine = [a for a in assignments(reg, year) if a.expert_id == e.id]
    if not mine:
        return "没有分配项目"
    barred = [a for a in mine if a.id in known]
    if len(barred) == len(mine):
        return "分配的项目都需回避（请在“分配专家”中取消分配或另派专家）"
    if not barred:
        return "分配的项目都已结束评审"
    return "分配的项目已结束评审或需回避"


@dataclass(frozen=True)
class ExportResult:
    """What an export of packages wrote, and the experts it left out, each with why."""

    paths: list[Path]
    idle: tuple[tuple[str, str], ...] = ()  # (expert, why no package)
    chosen: int = 0  # how many packages it set out to write

    def idle_line(self) -> str:
        """The experts given no package, as the window and the command line say it:
        “专家3”没有分配项目，未导出."""
        return "；".join(f"“{name}”{why}" for name, why in self.idle) + "，未导出" if self.idle else ""

    def headline(self, folder: Path | str) -> str:
        """已导出 N 位专家的评分包（存放在 …）；“专家3”没有分配项目，未导出."""
        line = f"已导出 {len(self.paths)} 位专家的评分包（存放在 {folder}）"
        return line + (f"；{self.idle_line()}" if self.idle else "")


def package_name(year: int, e: Expert) -> str:
    return f"{year}年度专家评分包_{_safe_name(e.name)}.xlsx"


def export_packages(
    reg: Register, year: int, out_dir: str | Path, names: list[str] | None = None,
    progress: Progress | None = None, cancelled: Cancelled | None = None,
) -> list[Path]:
    """Write one package per expert (those named, else every expert with projects to score)."""
    return export_chosen(reg, year, out_dir, names, progress, cancelled).paths


def export_chosen(
    reg: Register, year: int, out_dir: str | Path, names: list[str] | None = None,
    progress: Progress | None = None, cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write one package per expert — those named, else every expert of the year — who has
    projects to score; the others are left out and named with why. Refused (PanelError,
    nothing written) only when none of them has anything to score."""
    out = Path(out_dir)
    known = assignment_conflicts(reg, year)
    asked = ([expert_by_name(reg, year, n) for n in dict.fromkeys(names)] if names
             else experts(reg, year))
    chosen = [e for e in asked if package_projects(reg, year, e.id or 0, known=known)]
    idle = tuple((e.name, why_no_package(reg, year, e, known)) for e in asked
                 if e not in chosen)
    if not chosen:
        if names:
            raise PanelError("；".join(f"专家“{name}”{why}" for name, why in idle)
                             + "：没有待评审的项目，未生成评分包")
        raise PanelError(f"{year} 年度还没有分配给专家的待评审项目，请先分配")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PanelError(f"无法建立文件夹 {out}（{explain_os_error(exc)}）") from exc
    # Stored only once a package will be written: a refused export changes nothing.
    grid = ensure_grid(reg, year)
    key = _secret(reg, create=True)
    assert key is not None
    written: list[Path] = []
    try:
        for n, e in enumerate(chosen):
            if cancelled and cancelled():
                break
            path = out / package_name(year, e)
            try:
                write_package(reg, year, e, grid, key, path, known=known)
            except OSError as exc:
                raise PanelError(cannot_write(path, exc)) from exc
            written.append(path)
            if progress:
                progress(n + 1, len(chosen))
    finally:  # the packages that did go out are in the trail, even when a later one failed
        if written:
            reg.audit("export_packages", "campaigns", reg.campaign_id(year), None,
                      {"experts": [e.name for e in chosen[:len(written)]], "folder": str(out),
                       # "note": a key the trail already says in Chinese (说明)
                       **({"note": "未导出：" + "；".join(f"{name}{why}" for name, why in idle)}
                          if idle else {})})
    return ExportResult(written, idle, len(chosen))


def _summary_rows(reg: Register, projects: list[PackageProject]) -> list[list[object]]:
    rows: list[list[object]] = [list(SUMMARY_HEADERS)]
    for p in projects:
        app = reg.project(p.id)
        rows.append([
            str(p.id), app.title, app.studio_name, LEVEL_ZH.get(app.studio_level or "", ""),
            "是" if app.model_studio else "否", app.leader, app.enterprise_name, app.unit_name,
            app.industry, app.approval_date.isoformat() if app.approval_date else "",
            app.planned_completion.isoformat() if app.planned_completion else "",
            format_money(app.total_budget_fen) if app.total_budget_fen is not None else "",
            format_money(app.requested_fen) if app.requested_fen is not None else "",
        ])
    return rows


def _headers(grid: tuple[Criterion, ...]) -> list[str]:
    return [ID_HEADER, TITLE_HEADER, *(c.header for c in grid), COMMENT_HEADER]


def write_package(reg: Register, year: int, e: Expert, grid: tuple[Criterion, ...],
                  key: bytes, path: Path,
                  known: Mapping[int, ScoreConflict] | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    from boostdesk.io.xlsx_layout import as_typed, landscape_a4, sheet_text

    projects = package_projects(reg, year, e.id or 0, known=known)
    own = {r.project_id: r for r in expert_sheet(reg, e.id or 0)}
    campaign = reg.campaign(year)
    note = [sheet_text(line) for line in
            note_lines(campaign.title, campaign.federation, e.name, grid, len(projects))]
    # Signed as written: a control character a workbook cannot hold is left out of both.
    summary = [[sheet_text(v) for v in row] for row in _summary_rows(reg, projects)]
    payload = json.dumps({
        "format": FORMAT, "version": VERSION, "year": year,
        "campaign": campaign.title,
        "expert": {"id": e.id, "name": e.name},
        "criteria": [[c.id, c.name, c.max_score, c.weight] for c in grid],
        "projects": [[p.id, sheet_text(p.title)] for p in projects],
        "summary_sha256": _digest(summary),
        "note": note,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        # which export came after which, by the register's own count (its audit trail's
        # last id), not the clock: a clock set right after an export dated the re-export
        # earlier, and it was refused as the older package
        "export_seq": reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events"),
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    signature = _sign(key, payload)
    password = _sign(key, "protect:" + payload)[:12]

    wb = Workbook()
    guide = wb.active
    assert guide is not None  # a new workbook has its one sheet
    guide.title = GUIDE_SHEET
    # first and open: a reviewer scrolling a long table never reached notes under it
    _write_guide(guide, f"{year}年度{GUIDE_TITLE}（{sheet_text(e.name)}）", note)
    _protect(guide, password)
    ws = wb.create_sheet(SCORE_SHEET)
    headers = _headers(grid)
    ws.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    editable = PatternFill("solid", fgColor="FFF9DB")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    first_score, comment_col = 3, 3 + len(grid)
    for p in projects:
        mine = own.get(p.id)
        scores = [format_score(mine.scores_x10.get(c.id or 0)) if mine else "" for c in grid]
        values: list[object] = [str(p.id), sheet_text(p.title)]
        values += [_number(s) for s in scores]
        values.append(sheet_text(mine.comment) if mine and mine.comment else None)
        ws.append(values)
        for cell in ws[ws.max_row]:
            as_typed(cell)
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
        dv = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=str(c.max_score),
            allow_blank=True, showErrorMessage=True, showInputMessage=True,
            errorTitle="评分超出范围", error=f"“{c.name}”应填写 0 到 {c.max_score} 之间的数字",
            # shown on every score cell: the notes are on their own sheet
            promptTitle=c.name[:32], prompt=(f"0 至 {c.max_score} 分，可保留一位小数。"
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
    ws.column_dimensions[col].width = 40
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
        ws.row_dimensions[n + 2].height = 18 * -(-len(cell.value) // int(width / 2.1))
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


# -- import ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PackageContent:
    """A package that passed every check, ready to store."""

    path: Path
    year: int
    expert: Expert
    grid: tuple[Criterion, ...]
    entries: dict[int, tuple[dict[int, int | None], str]]
    titles: dict[int, str]
    exported_at: str  # as signed: ISO date and time to the second
    skipped: tuple[str, ...] = ()  # rows not stored, projects not in it: why, one line each
    # when the reviewer's spreadsheet program last saved the file (its document properties,
    # in this computer's time, to the second; "" when it wrote none): two saves of one
    # export told apart
    saved_at: str = ""
    export_seq: int | None = None  # as signed; None in a package of an earlier version
    notes: tuple[str, ...] = ()  # how the file was read (a merged comment), for the office
    # signed by the register a restore to before the first export replaced: the file name
    # of the 恢复前 backup whose key checked it ("": by this register's own)
    restored_from: str = ""


@dataclass(frozen=True)
class ImportResult:
    year: int
    expert: str
    projects: int
    replaced: bool  # earlier scores of this expert were replaced
    skipped: tuple[str, ...] = ()  # rows not stored, projects assigned since: why
    # what the package changed of scores already stored, one line a project
    changes: tuple[str, ...] = ()
    # every score and comment as already stored and submitted: nothing stored
    unchanged: bool = False
    # the same export imported before (its file and when), for an unchanged package
    imported_before: str = ""
    notes: tuple[str, ...] = ()  # how the file was read (a merged comment)

    def headline(self, file: str, *, with_year: bool = False) -> str:
        """What became of the package, as the command line and 评分包's log say it."""
        year = f"（{self.year} 年度）" if with_year else ""
        if self.unchanged:
            before = f"（{self.imported_before}）" if self.imported_before else ""
            return (f"未改动：{file} 中专家“{self.expert}”对 {self.projects} 个项目的评分和评语"
                    f"{year}与登记册中已提交的相同{before}，本次未存入任何内容")
        verb = "已替换" if self.replaced else "已导入"
        return f"{verb}专家“{self.expert}”对 {self.projects} 个项目的评分{year}：{file}"

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines under the headline: what changed, how the file was read, then what
        was not stored."""
        return (*self.changes, *self.notes, *self.skipped)


def read_package(reg: Register, path: str | Path, *, year: int | None = None,
                 expert_name: str | None = None) -> PackageContent:
    """Check a returned package against the register; PackageRefused lists every problem."""
    path = Path(path)
    bare = __import__("boostdesk.safety.archive").safety.archive.check_package(path)  # bombs
    kind = _kind_problem(path)
    if kind:
        raise PackageRefused([kind])
    try:
        with warnings.catch_warnings():
            # openpyxl warns in English of what it cannot read (a date cell out of range,
            # an unknown extension); such a cell is checked below and refused in Chinese.
            warnings.simplefilter("ignore", UserWarning)
            wb = open_workbook(path)
    except FileNotFoundError:
        raise PackageRefused([f"找不到文件 {path}"]) from None
    except OSError as exc:  # the office's to fix, not a damaged file to fill in again
        raise PackageRefused([f"无法读取 {path.name}：{explain_os_error(exc)}"]) from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise PackageRefused([f"无法读取 {path.name}：文件已损坏，不是有效的 .xlsx 评分包"
                              f"（{type(exc).__name__}）。请用导出的原评分包重新填写"]) from None
    if SIGNATURE_SHEET not in wb.sheetnames:
        raise PackageRefused([f"{path.name} 不是 BoostDesk 导出的评分包（缺少签名），"
                              "请用导出的原评分包填写"])
    sig = wb[SIGNATURE_SHEET]
    payload_text = _text(sig["A2"].value)
    signature = _text(sig["A3"].value)
    key = _secret(reg, create=False)
    ours = (_text(sig["A1"].value) == FORMAT and bool(payload_text) and key is not None
            and hmac.compare_digest(_sign(key, payload_text), signature))
    restored_from = ""  # signed by the register a restore replaced: its 恢复前 backup
    if not ours and _text(sig["A1"].value) == FORMAT and payload_text:
        earlier = earlier_keys(reg)
        restored_from = next((name for k, name in earlier.keys
                              if hmac.compare_digest(_sign(k, payload_text), signature)), "")
        if not restored_from:
            raise PackageRefused([_unverified(path.name, key is not None, earlier)])
    elif not ours:
        raise PackageRefused([
            f"{path.name} 的签名不符：评分包不是由本登记册导出的，或其签名页被改动；"
            "请用本登记册导出的原评分包重新填写"
        ])
    payload = json.loads(payload_text)
    version = payload.get("version")
    if version not in VERSIONS:
        raise PackageRefused([f"{path.name} 的格式版本为 {version}，本程序只能导入第 "
                              + "、".join(map(str, VERSIONS)) + " 版评分包，请重新导出"])
    package_year = int(payload["year"])
    if year is not None and package_year != year:
        raise PackageRefused([f"该评分包属于 {package_year} 年度，当前为 {year} 年度："
                              f"请切换到 {package_year} 年度再导入，或导入 {year} 年度的评分包"])
    who = payload["expert"]["name"]
    if package_year not in reg.campaign_years():
        raise PackageRefused([f"该评分包属于 {package_year} 年度，登记册中没有该年度"])
    # The signed id is the expert: a name corrected since the export still names them.
    e = {e.id: e for e in experts(reg, package_year)}.get(payload["expert"]["id"])
    if expert_name is not None and not same_name(expert_name, who) and not (
            e is not None and same_name(expert_name, e.name)):
        raise PackageRefused([f"该评分包属于专家“{e.name if e else who}”，"
                              f"不是“{expert_name.strip()}”：请核对文件"])
    if restored_from:  # the register's facts may have gone another way since the restore
        _same_as_exported(reg, path.name, package_year, payload, e, restored_from)
    readded: tuple[str, ...] = ()
    if e is None:  # removed since the export: refused, unless re-added to the same work
        e, readded = _readded(reg, package_year, payload, path)
    who = e.name

    problems: list[str] = []
    grid = ensure_grid(reg, package_year)
    if [[c.id, c.name, c.max_score, c.weight] for c in grid] != payload["criteria"]:
        problems.append("导出评分包后评分细则已修改，请重新导出评分包交专家填写")
    signed = [(int(i), str(t)) for i, t in payload["projects"]]
    current = {p.id for p in package_projects(reg, package_year, e.id or 0, conflicted=True)}
    # A project that left review (or this expert) since the export is skipped, not the
    # package refused: its scores would not count, and a package re-exported is blank.
    skipped: dict[int, str] = {}
    declared = declared_conflicts(reg, package_year)
    for project_id, title in signed:
        reason = declared.get((e.id or 0, project_id))
        if project_id not in current and reason is not None:
            skipped[project_id] = (f"专家“{who}”已登记回避项目“{title}”（{reason}），"
                                   "该项目跳过，未导入")
        elif project_id not in current:
            status = reg.scalar("SELECT status FROM project_applications WHERE id = ?",
                                (project_id,))
            mine = any(a.expert_id == e.id and a.project_id == project_id
                       for a in assignments(reg, package_year))
            if mine and status:
                skipped[project_id] = (f"项目“{title}”导出后已不在专家评审阶段"
                                       f"（现为“{STATUS_ZH.get(status, status)}”），"
                                       "其评分不计入排名，未导入")
            else:
                skipped[project_id] = (f"导出后项目“{title}”已不再分配给专家“{who}”，"
                                       "其评分不计入排名，未导入")
    # A conflict the register shows only since the assignment (the project's union,
    # enterprise or leader corrected to the expert's): that score must not count, and the
    # project needs another expert.
    for project_id, title in signed:
        if project_id in skipped:
            continue
        reason = conflict(reg, e, reg.project(project_id), declared)
        if reason:
            skipped[project_id] = (f"专家“{who}”不能评审项目“{title}”（{reason}），其评分未导入：请在"
                                   "“分配专家”中取消该分配（或用 boostdesk panel unassign），"
                                   "需要时另派专家评审")
    # A project assigned since the export is not in the package: the rest is stored, and
    # a package exported again carries those scores and the new project to score.
    added = [f"导出后专家“{who}”新分配了项目“{p.title}”，本评分包中没有该项目：请重新导出该专家的"
             "评分包（已评的项目随包带出）交其补评"
             for p in package_projects(reg, package_year, e.id or 0)
             if p.id not in {i for i, _ in signed}]

    missing = [n for n in (SCORE_SHEET, SUMMARY_SHEET) if n not in wb.sheetnames]
    if missing:
        shown = "、".join(f"“{n}”" for n in wb.sheetnames if n != SIGNATURE_SHEET) or "无"
        raise PackageRefused([*problems, f"{path.name} 缺少" + "、".join(f"“{n}”" for n in missing)
                              + f"工作表（文件中的工作表：{shown}）：工作表名称被改动或被删除，"
                              "请把名称改回，或用导出的原评分包重新填写"])
    ws = wb[SCORE_SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    # the notes under the table (version 1): a package exported before the note grew
    # signed none, and carries the one line; from version 2 they have a sheet of their own
    note = (payload.get("note") or [NOTE]) if version == 1 else []
    moved = _rows_moved(rows, signed)
    if moved:  # each row below would be told against another project: only the rows above
        what, first = moved
        raise PackageRefused([*problems, what,
                              *_fixed_cell_problems(rows[:first - 1], grid, signed, note, first - 1)])
    extra = extra_rows(rows, len(signed), 3 + len(grid), note)
    if extra:  # the note below moved down with them: only the rows above are told
        raise PackageRefused([*problems, *extra, *_fixed_cell_problems(
            rows[:len(signed) + 1], grid, signed, note, len(signed) + 1)])
    problems += _fixed_cell_problems(rows, grid, signed, note)
    merges = merged_comments(path, ws, rows, len(grid), len(signed))
    problems += merges.problems
    summary = [list(r) for r in wb[SUMMARY_SHEET].iter_rows(values_only=True)]
    if _digest(summary) != payload["summary_sha256"]:
        problems.append(f"“{SUMMARY_SHEET}”工作表被改动：评分包只能填写评分表中的评分和评语，"
                        "请用导出的原评分包重新填写")

    entries: dict[int, tuple[dict[int, int | None], str]] = {}
    asked: list[str] = []  # scored, yet the comment speaks of 回避: for the office to check
    blank_rows = 0
    formulas = bare.get(SCORE_SHEET, frozenset())
    for n, (project_id, title) in enumerate(signed, start=2):
        if project_id in skipped:
            continue
        row = rows[n - 1] if n - 1 < len(rows) else []
        where = f"评分表第 {n} 行（项目“{title}”）"
        comment_at = 2 + len(grid)
        comment = comment_text(merges.comments.get(
            n, _text(row[comment_at]) if comment_at < len(row) else ""))
        scores, said, blank = _row_scores(row, n, grid, formulas, comment)
        blank_rows += blank
        problems += [f"{where}：{line}" for line in said]
        if (n, comment_at + 1) in formulas:
            problems.append(f"{where}：评语填的是公式，文件中没有保存它的结果，请直接填写评语")
        elif comment in EXCEL_ERRORS:
            problems.append(f"{where}：评语显示为错误值“{comment}”：以“=”“+”“-”开头的文字被当作了"
                            "公式，评语没有保存下来。请去掉开头的符号（或在前面加一个单引号 '）重新"
                            "填写评语")
        if len(comment) > COMMENT_LIMIT:
            problems.append(f"评分表第 {n} 行（项目“{title}”）：评语超过 {COMMENT_LIMIT} 字")
        entries[project_id] = (scores, comment)
        if (not blank and speaks_of_declining(comment)
                and any(v is not None for v in scores.values())):
            asked.append(f"{where}：评语中提到“{DECLINED}”（“{_short(comment)}”），但该项目已评分并导入："
                         "请核对专家是否需回避该项目；需回避的，请在“分配专家”中为其登记回避，"
                         "其评分随之撤回，不计入排名")
    if signed and not entries and not problems:
        raise PackageRefused([*skipped.values(),
                              f"{path.name} 中的项目都已结束评审或不再分配给该专家，没有可导入的评分"])
    if entries and blank_rows == len(entries):
        problems = [p for p in problems if not p.endswith(f"：{UNSCORED}")]
        problems.append(f"{path.name} 中还没有填写任何评分：请专家填写评分后交回再导入")
    if problems:
        raise PackageRefused(problems)
    restored = ((f"{path.name} 由恢复前的登记册导出（登记册此后从导出评分包之前的备份恢复），签名已按"
                 f"恢复前的登记册 {restored_from} 核对无误，专家、项目及项目概况与本登记册一致",)
                if restored_from else ())
    return PackageContent(path, package_year, e, grid, entries,
                          {i: t for i, t in signed if i not in skipped},
                          str(payload.get("exported_at", "")), (*skipped.values(), *added),
                          _saved_at(wb),
                          # its order is the replaced register's trail's, not this one's:
                          # told against other packages by its export time
                          None if restored_from else _export_seq(payload),
                          (*restored, *readded, *merges.notes, *asked), restored_from)


REEXPORT = "请重新导出该专家的评分包交其填写（原评分包中已填的评分可照抄），交回后导入新的评分包"


def _unverified(file: str, keyed: bool, earlier: EarlierKeys) -> str:
    """Why a package whose signature neither this register's key nor a replaced
    register's checks is refused, and what the office does about it."""
    if earlier.missing:
        return (f"{file} 的签名无法核对：本登记册曾从导出评分包之前的备份恢复，评分包可能由恢复前的"
                "登记册导出，但恢复前的登记册备份（" + "、".join(earlier.missing) + "）已不在备份"
                "文件夹中或无法读取。请把该备份文件放回登记册的 backups 文件夹后再导入；找不到时，"
                + REEXPORT)
    if earlier.restored:
        return (f"{file} 的签名不符：评分包既不是由本登记册导出的，也不是由它恢复前的登记册导出的，"
                "或其签名页被改动；请用本登记册导出的原评分包重新填写，或" + REEXPORT.removeprefix("请"))
    if not keyed:
        return (f"{file} 的签名无法核对：本登记册还没有导出过评分包（没有签名密钥），这个评分包不是"
                "由本登记册导出的。请在导出它的登记册中导入；如果本登记册是从导出评分包之前的备份恢复的"
                "（未经本程序的“从备份恢复”或 boostdesk restore，恢复前的登记册没有留下），原签名已无法"
                "核对，" + REEXPORT)
    return (f"{file} 的签名不符：评分包不是由本登记册导出的，或其签名页被改动；"
            "请用本登记册导出的原评分包重新填写")


def _same_as_exported(reg: Register, file: str, year: int, payload: Mapping[str, Any],
                      e: Expert | None, restored_from: str) -> None:
    """Refuse (PackageRefused) a package signed by the register a restore replaced when
    this register now names its expert or projects otherwise, or holds other facts of
    them than its 项目概况 showed: a number taken since the restore by another expert or
    project would carry the scores to them."""
    signed_name = str(payload["expert"]["name"])
    problems = []
    if e is None:
        problems.append(f"专家“{signed_name}”不在本登记册 {year} 年度的评审组中")
    elif not same_name(e.name, signed_name):
        problems.append(f"评分包的专家“{signed_name}”在本登记册中是另一位专家“{e.name}”")
    projects = []
    for project_id, title in payload["projects"]:
        now = reg.scalar("SELECT p.title FROM project_applications p JOIN campaigns c"
                         " ON c.id = p.campaign_id WHERE p.id = ? AND c.year = ?",
                         (int(project_id), year))
        if now is None:
            problems.append(f"项目“{title}”不在本登记册 {year} 年度中")
        elif _text(sheet_text_of(now)) != _text(title):
            problems.append(f"评分包的项目“{title}”在本登记册中是“{now}”")
        else:
            projects.append(PackageProject(int(project_id), str(now)))
    if not problems and _digest([[sheet_text_of(v) for v in row] for row in _summary_rows(
            reg, projects)]) != payload.get("summary_sha256"):
        problems.append("评分包“项目概况”中的项目信息与本登记册现有的不同（恢复后有改动）")
    if problems:
        raise PackageRefused([
            f"{file} 由恢复前的登记册导出（签名已按恢复前的登记册 {restored_from} 核对），但"
            + "；".join(problems) + "：评分不能对应到本登记册的专家和项目，未导入。" + REEXPORT])


def sheet_text_of(value: object) -> object:
    """A value as the package writes it (:func:`boostdesk.io.xlsx_layout.sheet_text`)."""
    from boostdesk.io.xlsx_layout import sheet_text

    return sheet_text(value)


def _row_scores(row: Sequence[object], n: int, grid: tuple[Criterion, ...],
                formulas: frozenset[tuple[int, int]],
                comment: str) -> tuple[dict[int, int | None], list[str], bool]:
    """A project row's scores, what is wrong with them, and whether they are all blank."""
    cells = [row[2 + k] if 2 + k < len(row) else None for k in range(len(grid))]
    whole = declined(cells, comment) or total_typed(cells, comment, grid)
    if whole:  # said once for the row, not as each cell's score that is no number
        return {}, [whole], False
    if unscored(cells):  # every cell / or 无: a row left unscored, said once
        cells = [None] * len(grid)
    scores: dict[int, int | None] = {}
    problems: list[str] = []
    blank: list[str] = []
    for k, (c, value) in enumerate(zip(grid, cells, strict=True)):
        if (n, 3 + k) in formulas:
            problems.append(f"“{c.name}”填的是公式，文件中没有保存它的计算结果，"
                            "请直接填写分数，或在 Excel、WPS 中打开后保存再交回")
            continue
        try:
            parsed = parse_score(_serial(value), c)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if parsed is None:
            blank.append(c.name)
        scores[c.id or 0] = parsed
    if len(blank) == len(grid):
        return scores, [*problems, UNSCORED], True
    if blank:
        problems.append("、".join(f"“{b}”" for b in blank) + "未填写")
    return scores, problems, False


def _readded(reg: Register, year: int, payload: Mapping[str, Any],
             path: Path) -> tuple[Expert, tuple[str, ...]]:
    """The expert a package names who was removed from the panel after its export (删除专家
    takes their assignments and drafts with them) and added again, a new row: the package
    is theirs when they are assigned again exactly the projects it holds, at the same
    工作单位 (one removed and re-added by mistake, the reviewer filling in meanwhile);
    otherwise PackageRefused, saying that the package predates the re-adding and to
    export a new one. Also refused, with when, when the expert was not added again."""
    old_id, signed_name = payload["expert"]["id"], payload["expert"]["name"]
    removal = reg.query(
        "SELECT at, json_extract(before, '$.name') AS name,"
        " json_extract(before, '$.organisation') AS organisation FROM audit_events"
        " WHERE entity = 'experts' AND entity_id = ? AND action = 'delete'"
        " ORDER BY id DESC LIMIT 1", (old_id,))
    name = removal[0]["name"] if removal and removal[0]["name"] else signed_name
    removed = f"于 {_when(removal[0]['at'])[:16]} " if removal else ""
    now = next((x for x in experts(reg, year) if same_name(x.name, name)), None)
    if now is None or not removal:
        raise PackageRefused([f"专家“{name}”已{removed}从 {year} 年度评审组中删除，评分包不能导入"])
    added = reg.scalar("SELECT at FROM audit_events WHERE entity = 'experts' AND entity_id = ?"
                       " AND action = 'create' ORDER BY id DESC LIMIT 1", (now.id,))
    history = (f"{path.name} 导出于 {_when(str(payload.get('exported_at', '')))}，之后专家“{name}”"
               f"{removed}被删除，又于 {_when(str(added or ''))[:16]} 重新加入评审组")
    signed = {int(i): str(t) for i, t in payload["projects"]}
    assigned = {a.project_id for a in assignments(reg, year) if a.expert_id == now.id}
    differs = _assignment_change(reg, signed, assigned)
    if (removal[0]["organisation"] or "") != now.organisation:
        differs.append(f"工作单位由“{removal[0]['organisation'] or '（空）'}”改为“{now.organisation}”")
    if differs:
        raise PackageRefused([f"{history}（删除专家时其分配已取消），此后" + "；".join(differs)
                              + "：评分包早于专家重新加入，不能导入。请重新导出该专家的评分包交其"
                              "填写（原评分包中已填的评分可照抄）"])
    return now, (f"{history}；其分配与评分包相同，评分按重新加入的专家“{now.name}”导入",)


def _assignment_change(reg: Register, signed: Mapping[int, str], assigned: set[int]) -> list[str]:
    """How an expert's assignments now differ from a package's projects, or []."""
    out = []
    gone = [t for pid, t in signed.items() if pid not in assigned]
    if gone:
        out.append("评分包中的" + "、".join(f"“{t}”" for t in gone) + "已不再分配给该专家")
    new = [reg.project(pid).title for pid in sorted(assigned) if pid not in signed]
    if new:
        out.append("新分配了" + "、".join(f"“{t}”" for t in new))
    return out


def _serial(value: object) -> object:
    """A score cell's number as typed when a date format (a paste brought it, and the
    sheet's protection keeps the reviewer from changing it back) shows it as a day of
    early 1900: 12.5 reads 1900-01-12 12:00. Any other value as it is."""
    from openpyxl.utils.datetime import to_excel

    if isinstance(value, time):  # under 1: a time of day
        return float(to_excel(value))
    # up to serial 100; not 1900-02-28, which is 59 and Excel's 1900-02-29, 60, both
    if (isinstance(value, datetime) and value < datetime(1900, 4, 10)
            and value.date() != datetime(1900, 2, 28).date()):
        return float(to_excel(value))
    return value


def _saved_at(wb: Any) -> str:
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


def _kind_problem(path: Path) -> str | None:
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


def _fixed_cell_problems(rows: Sequence[Sequence[object]], grid: tuple[Criterion, ...],
                         signed: list[tuple[int, str]], note: list[str],
                         height: int | None = None) -> list[str]:
    """Every cell of the score sheet outside the score and comment cells, as exported
    (of its first ``height`` rows when given)."""
    from openpyxl.utils import get_column_letter

    expected: dict[tuple[int, int], str] = {}
    for col, text in enumerate(_headers(grid)):
        expected[(0, col)] = text
    for r, (project_id, title) in enumerate(signed, start=1):
        expected[(r, 0)] = str(project_id)
        expected[(r, 1)] = _text(title)  # read back trimmed, as every cell is
    for n, line in enumerate(note):
        expected[(len(signed) + 2 + n, 0)] = line
    editable = {(r, c) for r in range(1, len(signed) + 1) for c in range(2, 3 + len(grid))}
    if height is None:
        height = max(len(rows), len(signed) + 2 + len(note))
    width = max([len(r) for r in rows] + [len(grid) + 3])
    problems: list[str] = []
    for r in range(height):
        for c in range(width):
            if (r, c) in editable:
                continue
            got = _text(rows[r][c]) if r < len(rows) and c < len(rows[r]) else ""
            want = expected.get((r, c), "")
            if got != want:
                cell = f"{get_column_letter(c + 1)}{r + 1}"
                if want and got:
                    problems.append(f"评分表 {cell} 单元格被改动（应为“{_short(want)}”，"
                                    f"现为“{_short(got)}”）：只能填写评分和评语")
                elif want:
                    problems.append(f"评分表 {cell} 单元格被清空（应为“{_short(want)}”）："
                                    "只能填写评分和评语")
                else:
                    problems.append(f"评分表 {cell} 单元格多出内容“{_short(got)}”："
                                    "只能填写评分和评语")
    return problems


def _rows_moved(rows: Sequence[Sequence[object]],
                signed: list[tuple[int, str]]) -> tuple[str, int] | None:
    """How the score sheet's project rows were sorted, inserted or deleted, and the first
    row that moved; None when every project is on its exported row."""
    titles = {str(i): t for i, t in signed}
    by_title = {_text(t): str(i) for i, t in reversed(signed)}
    expected = {str(i): n for n, (i, _) in enumerate(signed, start=2)}
    at: dict[str, int] = {}
    copies: dict[int, str] = {}  # a row holding a copy of a project's row above -> project
    foreign: dict[int, str] = {}  # a project's row holding another package's row -> what
    for n, row in enumerate(rows[1:], start=2):
        # a row is its project's by the number or the title: one of them edited is a
        # changed cell (said as such), not a row gone
        key = _text(row[0]) if row else ""
        if key not in titles:
            key = by_title.get(_text(row[1]) if len(row) > 1 else "", "")
        if key:
            if key in at:
                copies[n] = key
            at.setdefault(key, n)
        elif n <= len(signed) + 1 and any(_text(v) for v in row[:2]):
            foreign[n] = _foreign_row(row)
    if at == expected:
        return None
    first = min(n for key, n in expected.items() if at.get(key) != n)
    gone = [key for key in expected if key not in at]
    # a row pasted over another project's (to score alike) took its number and title too:
    # said as that, not as a row the reviewer deleted
    pasted = [k for k in gone if expected[k] in copies]
    overwritten = [k for k in gone if expected[k] in foreign]
    if overwritten and not pasted:
        what = "评分表" + "、".join(
            f"第 {expected[k]} 行现为{foreign[expected[k]]}，不是本评分包的项目（可能是从其他评分包"
            f"复制过来的），覆盖了项目“{titles[k]}”的行" for k in overwritten)
    elif pasted:
        what = "评分表" + "、".join(
            f"第 {expected[k]} 行复制了第 {at[copies[expected[k]]]} 行（项目“"
            f"{titles[copies[expected[k]]]}”），覆盖了项目“{titles[k]}”的行" for k in pasted)
    elif gone:
        what = "评分表中删除了" + "、".join(
            f"项目“{titles[k]}”的行（第 {expected[k]} 行）" for k in gone)
    elif sorted(at.values()) == sorted(expected.values()):
        what = f"评分表中的行被重新排序过（第 {first} 行起与导出时不同）"
    else:
        what = f"评分表中第 {first} 行起插入了行"
    return (f"{what}：评分已无法按行对应到项目，本评分包未导入。请把评分表恢复为导出时的行，"
            "或用导出的原评分包重新填写后交回"), first


def _foreign_row(row: Sequence[object]) -> str:
    """A row not of the package, named by its number and title: 项目编号“7”“焊接工艺优化”."""
    number, title = (_text(v) for v in (*row[:2], None, None)[:2])
    return "".join((f"项目编号“{_short(number)}”" if number else "",
                    f"“{_short(title)}”" if title else ""))


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _when(stamp: str) -> str:
    return stamp.replace("T", " ")


# An ``import_package`` line that stored scores. A package that came back with every score
# already stored leaves a line too (its ``unchanged`` is all its projects), but stored
# nothing: the later packages' age and "imported before" are not judged against it.
STORED_IMPORT = ("action = 'import_package'"
                 " AND COALESCE(json_extract(after, '$.unchanged'), 0)"
                 " < json_extract(after, '$.projects')")
UNCHANGED_NOTE = "未改动：评分和评语与登记册中已提交的相同，未存入任何内容"


def newest_import(reg: Register, expert_id: int) -> dict[str, Any] | None:
    """The expert's imported package exported last: its export time and order, file and
    import time. By the export's order where the packages carry it (one of an earlier
    version was exported before any that does), else by the export time."""
    rows = reg.query(
        "SELECT at, json_extract(after, '$.exported_at') AS exported_at,"
        " json_extract(after, '$.export_seq') AS export_seq,"
        " json_extract(after, '$.file') AS file FROM audit_events"
        " WHERE entity = 'experts' AND entity_id = ? AND " + STORED_IMPORT +
        " AND json_extract(after, '$.exported_at') IS NOT NULL"
        " ORDER BY COALESCE(json_extract(after, '$.export_seq'), -1) DESC,"
        " json_extract(after, '$.exported_at') DESC, id DESC LIMIT 1", (expert_id,),
    )
    return rows[0] if rows else None


def _export_seq(payload: Mapping[str, Any]) -> int | None:
    seq = payload.get("export_seq")
    return seq if type(seq) is int else None


def _exported_before(content: PackageContent, newest: Mapping[str, Any]) -> bool:
    """Whether ``content`` was exported before the imported package ``newest``: by the
    exports' order when either carries it, else by their times."""
    mine, theirs = content.export_seq, newest["export_seq"]
    if mine is not None or theirs is not None:
        return (-1 if mine is None else mine) < (-1 if theirs is None else int(theirs))
    return bool(content.exported_at) and content.exported_at < newest["exported_at"]


def _older_than_imported(reg: Register, content: PackageContent) -> str | None:
    """Why a package may not replace the expert's scores, or None: it was exported before
    the expert's newest imported one (an earlier e-mail opened late), or is an earlier save
    of that same export (the reviewer sent the file twice, corrected in between), or the
    expert's scores were submitted on screen after it was exported (a correction by phone)."""
    newest = newest_import(reg, content.expert.id or 0)
    if newest is None or not _exported_before(content, newest):
        return _saved_before_imported(reg, content) or _exported_before_screen(reg, content)
    return (f"{content.path.name} 导出于 {_when(content.exported_at)}，早于已导入的专家"
            f"“{content.expert.name}”评分包（{newest['file']}，导出于 {_when(newest['exported_at'])}，"
            f"{_when(newest['at'])[:16]} 导入）：旧评分包不能替换较新的评分。请核对这是否为专家最近"
            "交回的文件；如需更改评分，请重新导出该专家的评分包交其填写")


def _saved_before_imported(reg: Register, content: PackageContent) -> str | None:
    """Why a save of an export already imported that is older than the imported save may
    not replace it, or None (the same file again, or one saved later, replaces it)."""
    if not content.saved_at:
        return None
    rows = reg.query(
        "SELECT at, json_extract(after, '$.file') AS file,"
        " json_extract(after, '$.saved_at') AS saved_at FROM audit_events"
        " WHERE entity = 'experts' AND entity_id = ? AND " + STORED_IMPORT +
        " AND json_extract(after, '$.exported_at') = ? AND json_extract(after, '$.saved_at') > ?"
        " ORDER BY json_extract(after, '$.saved_at') DESC, id DESC LIMIT 1",
        (content.expert.id or 0, content.exported_at, content.saved_at),
    )
    if not rows:
        return None
    newer = rows[0]
    return (f"{content.path.name} 保存于 {content.saved_at}，早于已导入的同一评分包的另一份"
            f"（{newer['file']}，保存于 {newer['saved_at']}，{_when(newer['at'])[:16]} 导入）："
            f"这是专家“{content.expert.name}”较早保存的版本，不能替换较新的评分。请核对哪一份是"
            "专家最后交回的文件；如需更改评分，请重新导出该专家的评分包交其填写")


def _exported_before_screen(reg: Register, content: PackageContent) -> str | None:
    """Why a package exported before the expert's scores were submitted on screen may not
    replace them (they are the newer), or None."""
    if not content.exported_at:
        return None
    mine = [a for a in assignments(reg, content.year) if a.expert_id == content.expert.id
            and a.source == SCREEN and a.submitted_at and a.submitted_at > content.exported_at]
    if not mine:
        return None
    last = max(a.submitted_at or "" for a in mine)
    return (f"{content.path.name} 导出于 {_when(content.exported_at)}，之后专家“{content.expert.name}”"
            f"的评分已于 {_when(last)} 在“评分录入”中提交：评分包中的是较早的评分，不能替换。"
            "请核对两者；如需以评分包为准，请在“评分录入”中改正，或重新导出该专家的评分包"
            "（含已提交的评分）交其核对后再导入")


def store_package(reg: Register, content: PackageContent, *,
                  cancelled: Cancelled | None = None) -> ImportResult:
    """Store a checked package: the expert's scores of these projects, submitted; audited.

    A package whose every score and comment is already stored and submitted (the same
    file imported again) stores nothing and takes no backup: it says so, and one audit
    line says it came back 未改动. Otherwise
    refused (nothing stored, no backup taken) when the package was exported before one of
    the expert's already imported: its scores are the older ones. Only the projects whose
    scores or comment differ are stored; scores it replaces are backed up first;
    ``cancelled()`` true after that backup: nothing stored.
    """
    from boostdesk.safety.backup import backup_before_write

    year, e = content.year, content.expert
    stored = {r.project_id: r for r in expert_sheet(reg, e.id or 0)}
    changed = {pid: v for pid, v in content.entries.items()
               if not _as_stored(v, stored.get(pid))}
    if not changed:  # checked first: whatever its age, it would change nothing
        before = _imported_before(reg, content)
        _audit_unchanged(reg, content)
        return ImportResult(year, e.name, len(content.entries), False, content.skipped,
                            unchanged=True, imported_before=before, notes=content.notes)
    older = _older_than_imported(reg, content)
    if older:
        raise PackageRefused([older])
    changes = tuple(line for pid, v in changed.items()
                    if (line := _change_line(content, v, stored.get(pid))))
    replaced = bool(changes)
    if replaced:  # the expert's earlier scores are about to go: keep them in a backup
        backup_before_write(reg, "scores", cancelled)
    with reg.transaction():
        save_scores(reg, e.id or 0, changed, submit=True, source=PACKAGE,
                    note=f"评分包 {content.path.name}", every_project=False)
        reg.audit("import_package", "experts", e.id, None,
                  _import_doc(content, replaced, len(content.entries) - len(changed)))
    return ImportResult(year, e.name, len(content.entries), replaced, content.skipped, changes,
                        notes=content.notes)


def _import_doc(content: PackageContent, replaced: bool, unchanged: int) -> dict[str, Any]:
    """The ``import_package`` audit document: the file, its export and save, and how many
    of its projects were already stored as it gives them (none: no key)."""
    return {"file": content.path.name, "projects": len(content.entries),
            "replaced": replaced, "exported_at": content.exported_at,
            **({"unchanged": unchanged} if unchanged else {}),
            **({"export_seq": content.export_seq} if content.export_seq is not None else {}),
            **({"saved_at": content.saved_at} if content.saved_at else {}),
            **({"skipped": list(content.skipped)} if content.skipped else {}),
            **({"notes": f"由恢复前的登记册导出，签名按 {content.restored_from} 核对"}
               if content.restored_from else {})}


def _audit_unchanged(reg: Register, content: PackageContent) -> None:
    """One audit line for a package that came back with the scores already stored: the
    trail shows it returned (who took it in, when, which file), though nothing changed."""
    with reg.transaction():
        reg.audit("import_package", "experts", content.expert.id, None,
                  {**_import_doc(content, False, len(content.entries)),
                   "note": UNCHANGED_NOTE})


Entry = tuple[dict[int, int | None], str]


def _as_stored(entry: Entry, row: SheetRow | None) -> bool:
    """Whether a package's row is exactly what the register holds, submitted."""
    scores, comment = entry
    return (row is not None and row.submitted and comment.strip() == row.comment
            and {k: v for k, v in scores.items() if v is not None} == row.scores_x10)


def _change_line(content: PackageContent, entry: Entry, row: SheetRow | None) -> str:
    """What the package changes of a project's scores already stored (a draft or a
    submission), or "" when it had none: 项目“甲”：科技含量 18 → 20，评语已修改."""
    if row is None or not (row.scores_x10 or row.comment or row.submitted):
        return ""
    scores, comment = entry
    parts = [f"{c.name} {format_score(row.scores_x10.get(c.id or 0)) or '（空）'} → "
             f"{format_score(scores.get(c.id or 0))}" for c in content.grid
             if row.scores_x10.get(c.id or 0) != scores.get(c.id or 0)]
    if comment.strip() != row.comment:
        parts.append("评语已修改" if row.comment else "评语已填写")
    if not row.submitted:
        parts.append("草稿改为已提交")
    title = content.titles.get(row.project_id, row.title)
    return f"项目“{title}”：" + "，".join(parts)


def _imported_before(reg: Register, content: PackageContent) -> str:
    """When the same export of the package was last imported, and as which file: an
    unchanged package said as the one already stored; "" when none was. The export is
    known by its order where the package carries it (two exports in one second)."""
    same = ("json_extract(after, '$.export_seq') = ?" if content.export_seq is not None
            else "json_extract(after, '$.exported_at') = ?")
    rows = reg.query(
        "SELECT at, json_extract(after, '$.file') AS file FROM audit_events"
        " WHERE entity = 'experts' AND entity_id = ? AND " + STORED_IMPORT +
        f" AND {same} ORDER BY id DESC LIMIT 1",
        (content.expert.id or 0,
         content.export_seq if content.export_seq is not None else content.exported_at),
    )
    if not rows:
        return ""
    when = _when(rows[0]["at"])[:16]
    if rows[0]["file"] == content.path.name:
        return f"此前已于 {when} 导入"
    return f"此前已于 {when} 导入同一评分包（{rows[0]['file']}）"


def import_package(reg: Register, path: str | Path, *, year: int | None = None,
                   expert_name: str | None = None,
                   cancelled: Cancelled | None = None) -> ImportResult:
    """Check then store a returned package; PackageRefused (nothing stored) when it fails."""
    return store_package(reg, read_package(reg, path, year=year, expert_name=expert_name),
                         cancelled=cancelled)
