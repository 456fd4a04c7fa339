"""补录名单: a past year's list of project awards read from the file the office keeps it in,
for :func:`boostdesk.panel.past.record_past_list` (the window's 补录名单… and
``boostdesk panel record-past --list``).

One line a project: the project (its 登记号 or title, a unique part of it will do), the
tier's amount (元; 5万 and 50,000 read too), the approval date (2016-12-20, 2016/12/20,
2016年12月20日, an Excel date) and a note. The first line may be a header. The file is a
workbook (.xlsx, .xls: its first sheet) or a CSV — Excel's “CSV UTF-8”, or the plain “CSV”
a Chinese Excel writes in GBK. Every wrong line is named; none is recorded unless all read.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from boostdesk.app_refs import id_ref, project_number
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.os_errors import explain_os_error
from boostdesk.validate import ValidationError, normalize_text, parse_amount_fen, parse_date

from .errors import PanelError
from .past import PastLine

LIST_SUFFIXES = (".xlsx", ".xls", ".csv")
COLUMNS = "项目名称或登记号、档次金额（元）、核准日期、说明（可空）"


def read_past_list(reg: Register, year: int, path: Path) -> list[PastLine]:
    """The lines of the list at ``path`` for ``year``'s projects; PanelError naming every
    line that does not read (the project not found or named twice, the amount, the date)."""
    rows = _rows(path)
    projects = reg.projects(year)
    lines: list[PastLine] = []
    bad: list[str] = []
    first_line: dict[int, int] = {}
    for n, cells in rows:
        ref, amount_cell, day_cell, note = (list(cells) + ["", "", "", ""])[:4]
        if not lines and not bad and _is_header(amount_cell, day_cell):
            continue
        try:
            app = find_project(projects, year, _text(ref))
            amount = _amount(amount_cell)
            day = _day(day_cell)
        except ValidationError as exc:
            bad.append(f"第 {n} 行：{exc.message}")
            continue
        if app.id in first_line:
            bad.append(f"第 {n} 行：“{app.title}”与第 {first_line[app.id]} 行是同一项目")
            continue
        first_line[app.id] = n
        lines.append(PastLine(n, app.id, amount, day, _text(note)))
    if bad:
        raise PanelError(f"名单未补录（{len(bad)} 行有误，全部未保存，改正后重新补录）：\n"
                         + "\n".join(bad))
    if not lines:
        raise PanelError(f"{path.name} 中没有要补录的项目（每行：{COLUMNS}）")
    return lines


def _rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(line or Excel row number, cells) of each line with something in it."""
    suffix = path.suffix.lower()
    if suffix not in LIST_SUFFIXES:
        raise PanelError(f"{path.name} 不是补录名单：请用 Excel 工作簿（.xlsx）或 CSV 文件（每行：{COLUMNS}）")
    if suffix == ".csv":
        grid = [list(r) for r in csv.reader(_csv_text(path).splitlines())]
    else:
        from boostdesk.io.errors import ImportFailed
        from boostdesk.io.xlsx_read import iter_sheets

        try:
            grid = next(iter_sheets(path)).cells
        except ImportFailed as exc:
            raise PanelError(str(exc)) from None
    return [(n, row) for n, row in enumerate(grid, 1) if any(_text(c) for c in row)]


def _csv_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PanelError(f"无法读取补录名单 {path.name}：{explain_os_error(exc)}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # a Chinese Excel's plain “CSV (逗号分隔)” is GBK
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise PanelError(f"补录名单 {path.name} 无法识别编码：请在 Excel 中另存为"
                         "“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）") from None


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():  # a 登记号 Excel keeps as 12.0
        cell = int(cell)
    return normalize_text(cell)


def _is_header(*cells: Any) -> bool:
    """A first line with no digit in its amount or date: 档次（元）, 核准日期 (a data line
    with a mistyped amount has digits, and is refused, not skipped)."""
    return not any(ch.isdigit() for c in cells for ch in _text(c))


def _amount(cell: Any) -> int:
    if not _text(cell):
        raise ValidationError("缺少档次金额（元），如 50000")
    try:
        return parse_amount_fen(cell)
    except ValidationError as exc:
        raise ValidationError(f"档次金额：{exc.message}") from None


def _day(cell: Any) -> Any:
    try:
        return parse_date(cell)
    except ValidationError as exc:
        raise ValidationError(f"核准日期：{exc.message}") from None


def find_project(projects: list[Any], year: int, ref: str) -> Any:
    """The project by 登记号 (项目6 or 6, as ``app_refs`` reads one; a patent's 专利6
    refused in words), exact title or a unique part of it (as the command line finds one)."""
    if not ref:
        raise ValidationError("缺少项目名称或登记号")
    number = project_number(ref)
    if number is not None:
        for a in projects:
            if a.id == number:
                return a
        raise ValidationError(f"{year} 年度没有登记号为 {id_ref(PROJECT, number)} 的项目")
    exact = [a for a in projects if normalize_text(a.title) == ref]
    if len(exact) == 1:
        return exact[0]
    partial = [a for a in projects if ref in normalize_text(a.title)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise ValidationError(f"{year} 年度没有名称含“{ref}”的项目")
    shown = "；".join(f"{id_ref(PROJECT, a.id)} {a.title}" for a in partial[:6])
    raise ValidationError(f"名称含“{ref}”的项目有 {len(partial)} 个，请用登记号指明：{shown}")
