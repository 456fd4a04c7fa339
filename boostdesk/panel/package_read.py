"""A returned scoring package read and checked against the register, nothing stored: its
file, its signature, its year and expert, its projects now, its fixed cells, its merged
comments and every row's scores. Refused (PackageRefused) with every problem found."""

from __future__ import annotations

import hmac
import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boostdesk.models.records import PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.os_errors import explain_os_error
from boostdesk.said_where import way

from .errors import PackageRefused
from .experts import Expert, assignments, conflict, declared_conflicts, experts, same_name
from .grid import Criterion, ensure_grid
from .package_closed import left_review_lines
from .package_columns import columns_moved, extra_columns
from .package_files import kind_problem, last_saved, open_workbook
from .package_fixed_cells import fixed_cell_problems, rows_moved, rows_sorted
from .package_format import (
    COMMENT_HEADER,
    COMMENT_LIMIT,
    EXCEL_ERRORS,
    FORMAT,
    ID_HEADER,
    NOTE,
    TITLE_HEADER,
    VERSIONS,
    cell_text,
    has_total,
    score_headers,
    sheet_digest,
    shortened,
    shown_time,
    unscored_note,
)
from .package_keys import earlier_keys, sign, signing_key
from .package_merges import merged_comments
from .package_origin import readded_expert, same_as_exported, unverified
from .package_projects import package_projects
from .package_rows import (
    DECLINED,
    TOTAL_ONLY,
    comment_text,
    extra_rows,
    speaks_of_declining,
    total_column_typed,
)
from .package_scores import row_scores
from .package_sheets import GUIDE_SHEET, SCORE_SHEET, SIGNATURE_SHEET, SUMMARY_SHEET


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
    # read with ``closed_too`` despite errors: each error, its rows left out of ``entries``
    errors: tuple[str, ...] = ()
    # the projects skipped, each named with why in a few words (“甲”（已登记回避）): the
    # 评审汇总表 says which, where ``skipped``'s lines group them (已公示的 2 个项目)
    skipped_projects: tuple[str, ...] = ()


def read_package(reg: Register, path: str | Path, *, year: int | None = None,
                 expert_name: str | None = None, closed_too: bool = False) -> PackageContent:
    """Check a returned package against the register; PackageRefused lists every problem.
    ``closed_too``: the projects of the expert's that left review since (an adopted or a
    published list) read as the rest, to say what the package would change
    (:mod:`.package_effect`) — never to store; then a score's errors (out of range…) do
    not refuse it: they are in ``errors``, their rows left out of ``entries``."""
    path = Path(path)
    bare = __import__("boostdesk.safety.archive").safety.archive.check_package(path)  # bombs
    kind = kind_problem(path)
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
        if SCORE_SHEET in wb.sheetnames:  # a package saved by a program that dropped it
            raise PackageRefused([
                f"{path.name} 有“{SCORE_SHEET}”工作表，但评分包中隐藏的签名已丢失：多半是在腾讯文档、"
                "金山文档等在线文档或手机上打开后保存的。请让专家在电脑上用 Excel、WPS Office 或 "
                "LibreOffice Calc 打开导出的原评分包重新填写（或重新导出该专家的评分包）"])
        raise PackageRefused([f"{path.name} 不是 BoostDesk 导出的评分包（缺少签名），"
                              "请用导出的原评分包填写"])
    sig = wb[SIGNATURE_SHEET]
    payload_text = cell_text(sig["A2"].value)
    signature = cell_text(sig["A3"].value)
    key = signing_key(reg, create=False)
    ours = (cell_text(sig["A1"].value) == FORMAT and bool(payload_text) and key is not None
            and hmac.compare_digest(sign(key, payload_text), signature))
    restored_from = ""  # signed by the register a restore replaced: its 恢复前 backup
    if not ours and cell_text(sig["A1"].value) == FORMAT and payload_text:
        earlier = earlier_keys(reg)
        restored_from = next((name for k, name in earlier.keys
                              if hmac.compare_digest(sign(k, payload_text), signature)), "")
        if not restored_from:
            raise PackageRefused([unverified(path.name, key is not None, earlier)])
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
        same_as_exported(reg, path.name, package_year, payload, e, restored_from)
    readded: tuple[str, ...] = ()
    if e is None:  # removed since the export: refused, unless re-added to the same work
        e, readded = readded_expert(reg, package_year, payload, path)
    who = e.name

    problems: list[str] = []
    grid = ensure_grid(reg, package_year)
    if [[c.id, c.name, c.max_score, c.weight] for c in grid] != payload["criteria"]:
        # said alone: the sheet's header is the old grid's, not the expert's doing (it was
        # also told as 第 1 行 C 列 changed, blaming the expert)
        raise PackageRefused([grid_changed(path.name, payload, grid, who)])
    signed = [(int(i), str(t)) for i, t in payload["projects"]]
    current = {p.id for p in package_projects(reg, package_year, e.id or 0, conflicted=True)}
    # A project that left review (or this expert) since the export is skipped, not the
    # package refused: its scores would not count, and a package re-exported is blank.
    skipped: dict[int, str] = {}
    why_skipped: dict[int, str] = {}  # the same projects, why in a few words
    left: dict[int, str] = {}  # left review since (adopted, published…): said by where to
    declared = declared_conflicts(reg, package_year)
    for project_id, title in signed:
        reason = declared.get((e.id or 0, project_id))
        if project_id not in current and reason is not None:
            skipped[project_id] = (f"专家“{who}”已登记回避项目“{title}”（{reason}），"
                                   "该项目跳过，未导入")
            why_skipped[project_id] = "已登记回避"
        elif project_id not in current:
            status = reg.scalar("SELECT status FROM project_applications WHERE id = ?",
                                (project_id,))
            mine = any(a.expert_id == e.id and a.project_id == project_id
                       for a in assignments(reg, package_year))
            if mine and status and closed_too:
                continue
            if mine and status:
                left[project_id] = title
                skipped[project_id] = ""  # said with the others where it went, below
                why_skipped[project_id] = f"已不在评审中，现为“{STATUS_ZH.get(status, status)}”"
            else:
                skipped[project_id] = (f"导出后项目“{title}”已不再分配给专家“{who}”，"
                                       "其评分不计入排名，未导入")
                why_skipped[project_id] = "已不再分配给该专家"
    # A conflict the register shows only since the assignment (the project's union,
    # enterprise or leader corrected to the expert's): that score must not count, and the
    # project needs another expert.
    for project_id, title in signed:
        if project_id in skipped:
            continue
        reason = conflict(reg, e, reg.project(project_id), declared)
        if reason:
            skipped[project_id] = (f"专家“{who}”不能评审项目“{title}”（{reason}），其评分未导入：请在"
                                   + way("“专家评审 → 分配专家”中选中该项目在该专家一列的单元格，按空格键取消该分配，",
                                         "“分配专家”中取消该分配（或用 boostdesk panel unassign），")
                                   + "需要时另派专家评审")
            why_skipped[project_id] = "存在利益冲突"
    # A project assigned since the export is not in the package: the rest is stored, and
    # a package exported again carries those scores and the new project to score.
    added = [added_line(reg, who, e.id or 0, p.id, p.title)
             for p in package_projects(reg, package_year, e.id or 0)
             if p.id not in {i for i, _ in signed}]
    gone, settled = left_review_lines(reg, package_year, left, whole=len(left) == len(signed))
    skip_lines = (*gone, *(line for line in skipped.values() if line))
    if signed and len(skipped) == len(signed):  # nothing to import: its cells are moot
        if settled and len(left) == len(signed):
            from .package_effect import late_effect

            # what it would change, had it come in time (nothing stored)
            raise PackageRefused([*skip_lines, *late_effect(reg, path, package_year,
                                                            expert_name)])
        raise PackageRefused([
            *skip_lines, f"{path.name} 中的项目都已结束评审或不再分配给该专家，没有可导入的评分"])

    # a sheet renamed (评分表 → Sheet1) is found by what it holds and read, said in a note:
    # refused alone, it hid every other error until the file came back a second time
    sheets, renamed = found_sheets(wb, str(payload.get("summary_sha256") or ""))
    missing = [n for n in (SCORE_SHEET, SUMMARY_SHEET) if n not in sheets]
    if missing:
        shown = "、".join(f"“{n}”" for n in wb.sheetnames if n != SIGNATURE_SHEET) or "无"
        raise PackageRefused([*problems, f"{path.name} 缺少" + "、".join(f"“{n}”" for n in missing)
                              + f"工作表（文件中的工作表：{shown}）：工作表名称被改动或被删除，"
                              "请把名称改回，或用导出的原评分包重新填写"])
    ws = sheets[SCORE_SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    # the notes under the table (version 1): a package exported before the note grew
    # signed none, and carries the one line; from version 2 they have a sheet of their own
    note = (payload.get("note") or [NOTE]) if version == 1 else []
    total = has_total(version)  # 合计, a formula: its cells not read
    headers = score_headers(grid, total)
    shifted = columns_moved(rows[0] if rows else (), headers)
    if shifted:  # each score would be told against another criterion: said once, no more
        raise PackageRefused([*problems, shifted])
    beside = extra_columns(rows, len(headers))
    if beside:  # said once; the table's own cells are told without them
        problems.append(beside)
        rows = [row[:len(headers)] for row in rows]
    moved = rows_moved(rows, signed)
    # the projects as the sheet's rows hold them: as exported, or sorted (by 总分, say)
    # with each row's 项目编号 and 项目名称: then read by the number, said in a note
    in_sheet = rows_sorted(rows, signed) if moved else signed
    if in_sheet is None:  # each row below would be told against another project: only
        # the rows above
        what, first = moved or ("", 0)
        raise PackageRefused([*problems, what, *fixed_cell_problems(
            rows[:first - 1], grid, signed, note, first - 1, total)])
    by_number = ((f"已按项目编号对应：评分表的行序与导出时不同（第 {moved[1]} 行起），各行的项目编号和"
                  "项目名称与本评分包的项目一一对应，评分按项目编号导入（行序不必改回）",)
                 if moved else ())
    recused = {str(pid): f"{id_ref(PROJECT, pid)}（“{reg.project(pid).title}”，{why}）"
               for (eid, pid), why in declared.items() if eid == e.id}
    extra = extra_rows(rows, len(signed), 3 + len(grid), note, recused)
    if extra:  # the note below moved down with them: only the rows above are told
        raise PackageRefused([*problems, *extra, *fixed_cell_problems(
            rows[:len(signed) + 1], grid, signed, note, len(signed) + 1, total)])
    problems += fixed_cell_problems(rows, grid, in_sheet, note, total=total)
    merges = merged_comments(path, ws, rows, len(grid), len(signed), total)
    problems += merges.problems
    summary = [list(r) for r in sheets[SUMMARY_SHEET].iter_rows(values_only=True)]
    if sheet_digest(summary) != payload["summary_sha256"]:
        problems.append(f"“{SUMMARY_SHEET}”工作表被改动：评分包只能填写评分表中的评分和评语，"
                        "请用导出的原评分包重新填写")

    entries: dict[int, tuple[dict[int, int | None], str]] = {}
    asked: list[str] = []  # scored, yet the comment speaks of 回避: for the office to check
    blank_rows = totals_only = 0
    wrong: set[int] = set()  # rows with a score's error
    formulas = bare.get(ws.title, frozenset())
    for n, (project_id, title) in enumerate(in_sheet, start=2):
        if project_id in skipped:
            continue
        row = rows[n - 1] if n - 1 < len(rows) else []
        where = f"评分表第 {n} 行（项目“{title}”）"
        comment_at = 2 + len(grid)
        comment = comment_text(merges.comments.get(
            n, cell_text(row[comment_at]) if comment_at < len(row) else ""))
        scores, said, blank = row_scores(row, n, grid, formulas, comment)
        # 合计 typed over (its formula blank while no score is): the total given instead
        typed = (total_column_typed(row[comment_at + 1], grid)
                 if blank and total and comment_at + 1 < len(row) else None)
        if typed:
            said = [typed if line == unscored_note() else line for line in said]
            totals_only += 1
        blank_rows += blank
        problems += [f"{where}：{line}" for line in said]
        if said:
            wrong.add(project_id)
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
            asked.append(f"{where}：评语中提到“{DECLINED}”（“{shortened(comment)}”），但该项目已评分并导入："
                         "请核对专家是否需回避该项目；需回避的，请在“分配专家”中为其登记回避，"
                         "其评分随之撤回，不计入排名")
    if entries and blank_rows == len(entries):
        problems = [p for p in problems
                    if not p.endswith(f"：{unscored_note()}") and TOTAL_ONLY not in p]
        problems.append(
            f"{path.name} 中各项评分都未填写，{TOTAL_ONLY}（{totals_only} 个项目）：“合计”由表格"
            "按各项评分自动计算，不能代替评分。请专家按评分细则逐项填写各项评分（各项满分见表头）"
            "后交回再导入" if totals_only else
            f"{path.name} 中还没有填写任何评分：请专家填写评分后交回再导入")
    entries = {pid: entries[pid] for pid, _ in signed if pid in entries}  # export order
    errors: tuple[str, ...] = ()
    read_as = (*by_number, *renamed)
    if problems and closed_too:  # what it would change, its errors said with it
        errors = (*problems, *(f"另：{line}" for line in read_as))
        entries = {pid: v for pid, v in entries.items() if pid not in wrong}
    elif problems:
        raise PackageRefused([*problems, *(f"另：{line}" for line in read_as)])
    restored = ((f"{path.name} 由恢复前的登记册导出（登记册此后从导出评分包之前的备份恢复），签名已按"
                 f"恢复前的登记册 {restored_from} 核对无误，专家、项目及项目概况与本登记册一致",)
                if restored_from else ())
    return PackageContent(path, package_year, e, grid, entries,
                          {i: t for i, t in signed if i not in skipped},
                          str(payload.get("exported_at", "")), (*skip_lines, *added),
                          last_saved(wb),
                          # its order is the replaced register's trail's, not this one's:
                          # told against other packages by its export time
                          None if restored_from else _export_seq(payload),
                          (*restored, *readded, *by_number, *renamed, *merges.notes, *asked),
                          restored_from,
                          errors,
                          tuple(f"“{t}”（{why_skipped[i]}）" for i, t in signed
                                if i in why_skipped))


ADDED = "新分配了项目"  # how an added project's line is told apart (评审汇总表's note)
ADDED_SCORED = "无需补评"  # ... and one the expert has scored since


def added_line(reg: Register, who: str, expert_id: int, project_id: int, title: str) -> str:
    """A project assigned to the expert since the export, not in the package: to be
    exported again and scored — unless its score is already submitted (a newer package,
    or typed on 评分录入), then said as such, nothing asked."""
    from .scoring import SCREEN

    source = reg.scalar("SELECT source FROM assignments WHERE expert_id = ? AND project_id = ?"
                        " AND submitted_at IS NOT NULL", (expert_id, project_id))
    head = f"导出后专家“{who}”{ADDED}“{title}”，本评分包中没有该项目"
    if source is None:
        return f"{head}：请重新导出该专家的评分包（已评的项目随包带出）交其补评"
    how = "在“评分录入”中提交" if source == SCREEN else "由较新的评分包交回"
    return f"{head}，其评分已{how}，{ADDED_SCORED}"


def grid_changed(name: str, payload: Mapping[str, Any], grid: tuple[Criterion, ...],
                 who: str) -> str:
    """The refusal of a package made under a grid changed since: what changed, that the
    expert is not at fault, and that a new package must go out."""
    def said(c: Any) -> str:
        return f"{c[1]} 满分{c[2]}、权重{c[3]}"

    was = [said(c) for c in payload["criteria"]]
    now = [said([c.id, c.name, c.max_score, c.weight]) for c in grid]
    gone, new = [x for x in was if x not in now], [x for x in now if x not in was]
    what = "；".join(filter(None, (
        f"原为 {'、'.join(gone)}" if gone else "", f"现为 {'、'.join(new)}" if new else "",
        "" if gone or new else "各项顺序改变")))
    when = shown_time(str(payload.get("exported_at") or "")) or "导出时"
    return (f"{name} 导出于 {when}，此后{year_of(payload)}评分细则已修改（{what}）：评分包中的"
            "评分表按原细则制作，其评分无法按现行细则导入（不是专家改动了表格）。本评分包未导入："
            f"请重新导出专家“{who}”的评分包发给专家，按新细则重新填写后交回")


def year_of(payload: Mapping[str, Any]) -> str:
    return f" {payload.get('year')} 年度" if payload.get("year") else ""


def found_sheets(wb: Any, summary_sha256: str) -> tuple[dict[str, Any], list[str]]:
    """The score sheet and 项目概况 by name, or — renamed (评分表 → Sheet1) — by what they
    hold: the score sheet's header (项目编号, 项目名称 … 评语), 项目概况's cells as signed.
    With a note for each found under another name."""
    out = {n: wb[n] for n in (SCORE_SHEET, SUMMARY_SHEET) if n in wb.sheetnames}
    notes: list[str] = []
    spare = [n for n in wb.sheetnames
             if n not in (SCORE_SHEET, SUMMARY_SHEET, SIGNATURE_SHEET, GUIDE_SHEET)]
    for name in spare:
        other = wb[name]
        head = [cell_text(v) for v in next(other.iter_rows(max_row=1, values_only=True), ())]
        if SCORE_SHEET not in out and head[:2] == [ID_HEADER, TITLE_HEADER] \
                and COMMENT_HEADER in head:
            out[SCORE_SHEET] = other
        elif SUMMARY_SHEET not in out and summary_sha256 and sheet_digest(
                [list(r) for r in other.iter_rows(values_only=True)]) == summary_sha256:
            out[SUMMARY_SHEET] = other
        else:
            continue
        kind = SCORE_SHEET if out.get(SCORE_SHEET) is other else SUMMARY_SHEET
        notes.append(f"“{kind}”工作表被改名为“{name}”，已按其内容找到并照常核对（名称不必改回）")
    return out, notes


def _export_seq(payload: Mapping[str, Any]) -> int | None:
    seq = payload.get("export_seq")
    return seq if type(seq) is int else None
