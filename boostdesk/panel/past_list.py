"""补录名单: a past year's list of project awards read from the file the office keeps it in,
for :func:`boostdesk.panel.past.record_past_list` (the window's 补录名单… and
``boostdesk panel record-past --list``).

One line a project: the project (its 登记号 or title, a unique part of it will do), the
tier's amount (元; 5万 and 50,000 read too), the approval date (2016-12-20, 2016/12/20,
2016年12月20日, an Excel date) and a note. The first line may be a header. The file is a
workbook (.xlsx, .xls: its first sheet) or a CSV — Excel's “CSV UTF-8”, or the plain “CSV”
a Chinese Excel writes in GBK. Every wrong line is named; none is recorded unless all read.

A line may also carry the project's 验收日期 and 验收结论 (通过, or 未通过 and why): the 5th
and 6th columns, or wherever a header names them (验收日期; 验收结论 / 验收结果 / 验收未通过).
The award is then recorded as finished history (``past_settle``). And its 首笔拨付日期 (the
7th column, or where a header names it: 首笔拨付日期 / 首笔拨付 / 拨付日期): the first tranche
recorded as paid that day as history, the rest owed until acceptance (or, with 验收日期,
settled too). :func:`read_acceptance_list` reads a list of acceptances of awards recorded
already: the project, 验收日期, 验收结论 and, optional, 首笔拨付日期 (4th, or by header).
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

from .errors import PanelError, lines_text
from .past import PastLine
from .past_settle import AcceptLine, HistoryLine

LIST_SUFFIXES = (".xlsx", ".xls", ".csv")
COLUMNS = ("项目名称或登记号、档次金额（元）、核准日期、说明（可空）、验收日期（可空）、验收结论（可空）、"
           "首笔拨付日期（可空）")
ACCEPT_COLUMNS = "项目名称或登记号、验收日期、验收结论（可空：通过；未通过：理由）、首笔拨付日期（可空）"
PASSED = ("", "通过", "合格", "已通过", "验收通过")


def _named_before(first_line: dict[int, int], app: Any, n: int) -> str | None:
    """Why line ``n`` is refused when its project was on an earlier line of the list (else
    it is noted as this project's line): one project a line, in both kinds of list."""
    if app.id in first_line:
        return f"“{app.title}”与第 {first_line[app.id]} 行是同一项目"
    first_line[app.id] = n
    return None


def read_past_list(reg: Register, year: int, path: Path) -> list[PastLine]:
    """The lines of the list at ``path`` for ``year``'s projects; PanelError naming every
    line that does not read (the project not found or named twice, the amount, the date)."""
    rows = _rows(path)
    projects = reg.projects(year)
    lines: list[PastLine] = []
    bad: list[tuple[int, str]] = []
    first_line: dict[int, int] = {}
    acceptance = (4, 5)  # 验收日期, 验收结论: where a header names them, else 5th and 6th
    first_at = 6  # 首笔拨付日期: where a header names it, else the 7th
    for n, cells in rows:
        ref, amount_cell, day_cell, note = (list(cells) + ["", "", "", ""])[:4]
        if not lines and not bad and _is_header(amount_cell, day_cell):
            acceptance = _acceptance_columns(cells, acceptance)
            first_at = _first_paid_column(cells, first_at)
            continue
        try:
            app = find_project(projects, year, _text(ref))
            amount = _amount(amount_cell)
            day = _day(day_cell)
            accepted, failed = _acceptance(cells, *acceptance)
            first_paid = _first_paid(cells, first_at)
        except ValidationError as exc:
            bad.append((n, exc.message))
            continue
        if twice := _named_before(first_line, app, n):
            bad.append((n, twice))
            continue
        lines.append(HistoryLine(n, app.id, amount, day, _text(note), accepted, failed,
                                 first_paid)
                     if accepted or first_paid else PastLine(n, app.id, amount, day, _text(note)))
    if bad:
        raise PanelError(f"名单未补录（{len(bad)} 行有误，全部未保存，改正后重新补录）：\n"
                         + lines_text(bad))
    if not lines:
        raise PanelError(f"{path.name} 中没有要补录的项目（每行：{COLUMNS}）")
    return lines


def read_acceptance_list(reg: Register, year: int, path: Path) -> list[AcceptLine]:
    """The lines of a list of acceptances (:data:`ACCEPT_COLUMNS`) of ``year``'s projects;
    PanelError naming every line that does not read."""
    projects = reg.projects(year)
    lines: list[AcceptLine] = []
    bad: list[tuple[int, str]] = []
    first_line: dict[int, int] = {}
    first_at = 3  # 首笔拨付日期: where a header names it, else the 4th
    for n, cells in _rows(path, ACCEPT_COLUMNS):
        ref, day_cell = (list(cells) + ["", ""])[:2]
        if not lines and not bad and _is_header(day_cell):
            first_at = _first_paid_column(cells, first_at)
            continue
        try:
            app = find_project(projects, year, _text(ref))
            accepted, failed = _acceptance(cells, 1, 2)
            if accepted is None:
                raise ValidationError("缺少验收日期")
            first_paid = _first_paid(cells, first_at)
        except ValidationError as exc:
            bad.append((n, exc.message))
            continue
        if twice := _named_before(first_line, app, n):
            bad.append((n, twice))
            continue
        lines.append(AcceptLine(n, app.id, accepted, failed, first_paid))
    if bad:
        raise PanelError(f"验收名单未保存（{len(bad)} 行有误，全部未保存，改正后重新登记）：\n"
                         + lines_text(bad))
    if not lines:
        raise PanelError(f"{path.name} 中没有要登记验收的项目（每行：{ACCEPT_COLUMNS}）")
    return lines


def _acceptance_columns(header: list[Any], default: tuple[int, int]) -> tuple[int, int]:
    """The 验收日期 and 验收结论 columns as a header names them (else ``default``)."""
    names = [_text(c) for c in header]
    day = next((i for i, t in enumerate(names) if "验收" in t and "日期" in t), default[0])
    verdict = next((i for i, t in enumerate(names) if "验收" in t and "日期" not in t
                    and i != day), default[1])
    return day, verdict


def _first_paid_column(header: list[Any], default: int) -> int:
    """The 首笔拨付日期 column as a header names it (首笔拨付日期, 首笔拨付, 拨付日期)."""
    names = [_text(c) for c in header]
    return next((i for i, t in enumerate(names) if "拨付" in t and "验收" not in t
                 and "尾款" not in t), default)


def _first_paid(cells: list[Any], at: int) -> Any:
    """The first tranche's 拨付日期 (None when the cell is empty)."""
    cell = (list(cells) + [""] * (at + 1))[at]
    if not _text(cell):
        return None
    try:
        return parse_date(cell)
    except ValidationError as exc:
        raise ValidationError(f"首笔拨付日期：{exc.message}") from None


def _acceptance(cells: list[Any], day_at: int, verdict_at: int) -> tuple[Any, str | None]:
    """(验收日期 or None, a failed acceptance's reason — "" when none is given — or None)."""
    cells = list(cells) + [""] * (max(day_at, verdict_at) + 1)
    verdict = _text(cells[verdict_at])
    failed: str | None = None
    if verdict not in PASSED:
        lead = next((w for w in ("验收未通过", "验收不通过", "未通过", "不通过", "不合格")
                     if verdict.startswith(w)), None)
        if lead is None:
            raise ValidationError(
                f"验收结论“{verdict}”：请填“通过”，或“未通过”及理由（如 未通过：指标未达到）")
        failed = verdict[len(lead):].strip(" :：,，;；（）()")
    if not _text(cells[day_at]):
        if failed is not None:
            raise ValidationError("验收未通过的，请填验收日期")
        return None, None
    try:
        return parse_date(cells[day_at]), failed
    except ValidationError as exc:
        raise ValidationError(f"验收日期：{exc.message}") from None


def _rows(path: Path, columns: str = COLUMNS) -> list[tuple[int, list[Any]]]:
    """(line or Excel row number, cells) of each line with something in it."""
    suffix = path.suffix.lower()
    if suffix not in LIST_SUFFIXES:
        raise PanelError(f"{path.name} 不是补录名单：请用 Excel 工作簿（.xlsx）或 CSV 文件（每行：{columns}）")
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
