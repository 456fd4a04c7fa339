"""A morning's tables in one go: the files of a folder, each imported on its own (all or
nothing), and what became of each, for the clerk's list and the e-mails back to the units.

Plain Python: the command line (``boostdesk import FILE FILE … / FOLDER``) and the import
dialog's queue both use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boostdesk.no_enterprise import import_line
from boostdesk.validate import tidy_name

# Taken when dropped, listed in the picker or found in a folder: the reader says what the
# rest are and how to save them as .xlsx (a WPS .et or a .csv refused without a word left
# the clerk guessing).
TABLE_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".et", ".ett", ".csv")

IMPORTED = "已导入"
PARTLY = "已导入其余各行"  # some rows skipped (--skip-bad-rows, 跳过标出的行)
BEFORE = "此前已导入"  # every row registered already, as the table gives it
REFUSED = "未导入"


def is_table(path: Path) -> bool:
    """A spreadsheet the importer may read; not Excel's ``~$`` lock file beside an open one
    nor a hidden file (a Mac's ``._`` copy on a USB stick)."""
    return (path.suffix.lower() in TABLE_SUFFIXES
            and not path.name.startswith(("~$", ".")))


def table_files(paths: list[Path]) -> list[Path]:
    """The files to import, in order: a file as given, a folder's tables by name; each once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted((p for p in path.iterdir() if p.is_file() and is_table(p)),
                            key=lambda p: p.name)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def earlier_import(reg: Any, sha256: str) -> dict[str, Any] | None:
    """The register's last import of a file with these very bytes (the ``import`` audit
    event): ``{"at", "operator", "file", "applications"}``, or None. A table sent twice, or
    forwarded under another union's file name, is the same file."""
    if not sha256:
        return None
    rows = reg.conn.execute(
        "SELECT at, operator, after FROM audit_events WHERE entity IN "
        "('patent_applications', 'project_applications') AND entity_id IS NULL "
        "AND action = 'import' AND after LIKE ? ORDER BY id DESC", (f"%{sha256}%",))
    for at, operator, after in rows:
        facts = json.loads(after or "{}")
        if facts.get("sha256") == sha256:
            return {"at": at, "operator": operator, "file": facts.get("file", ""),
                    "applications": facts.get("applications", 0)}
    return None


def earlier_text(earlier: dict[str, Any], name: str) -> str:
    """"此文件已于 … 由 … 导入" for a file whose bytes were imported before."""
    at = str(earlier["at"]).replace("T", " ")[:16]
    same = ("" if earlier["file"] == name
            else f"（内容与当时导入的“{earlier['file']}”完全相同，可能是转发错了）")
    return f"此文件已于 {at} 由 {earlier['operator']} 导入{same}"


@dataclass
class FileResult:
    """What became of one file of the batch."""

    path: Path
    state: str  # IMPORTED, PARTLY, BEFORE or REFUSED
    table: str = ""  # 专利汇总表（附件2） / 项目汇总表（附件4）
    unions: list[str] = field(default_factory=list)  # the recommending unions its rows name
    imported: int = 0
    skipped: int = 0  # rows left out: unreadable, registered or repeated
    message: str = ""  # why it was refused, or the import's own summary
    new_unions: list[str] = field(default_factory=list)  # unions the register did not know
    # studios its rows left with no 所在单位 (回避 unchecked: boostdesk.no_enterprise)
    no_enterprise: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.state != REFUSED


def unions_of(preview: Any) -> list[str]:
    """The recommending unions a table's rows name, in their order, as the register stores
    and finds them (tidy_name: a table's 北京新疆(集团)工会 is the registered 北京新疆（集团）工会,
    not a union new to the register)."""
    return list(dict.fromkeys(n for n in map(tidy_name, (r.unit_name for r in preview.records))
                              if n))


def new_unions(reg: Any, preview: Any) -> list[str]:
    """The table's unions the register does not know yet (made by the import, their kind
    guessed from the name: the clerk is told, and corrects it on 单位与人员)."""
    names = unions_of(preview)
    known = unit_kinds(reg, names)
    return [u for u in names if u not in known]


def unit_kinds(reg: Any, names: list[str]) -> dict[str, str]:
    """The kind stored for each of these unions."""
    if not names:
        return {}
    marks = ",".join("?" * len(names))
    return dict(reg.conn.execute(f"SELECT name, kind FROM units WHERE name IN ({marks})",
                                 names).fetchall())


def result_line(i: int, r: FileResult) -> str:
    """One file's line of the list: ✓ or ✗, its name, what became of it."""
    if r.state == REFUSED:
        lines = r.message.splitlines()
        shown = lines[:2] if lines and lines[0].startswith("此文件已于") else lines[:1]
        first = "；".join(_without_name(x, r.path.name) for x in shown)
        return f"{i:>3}. ✗ {r.path.name}：{REFUSED}" + (f"（{first}）" if first else "")
    what = f"导入 {r.imported} 行" + (f"、跳过 {r.skipped} 行" if r.skipped else "")
    unions = "、".join(r.unions[:3]) + ("等" if len(r.unions) > 3 else "")
    return (f"{i:>3}. ✓ {r.path.name}：{r.state}"
            + (f"，{what}" if r.state != BEFORE else f"（{r.message}）" if r.message else "")
            + (f"；{r.table}" if r.table else "") + (f"；{unions}" if unions else ""))


def _without_name(line: str, name: str) -> str:
    """A refusal's line with the file's name, said at the list line's start, taken off:
    "x.xlsx 中有 3 行…" is 有 3 行…, "x.xlsx 的表格标题写的是 2023 年…" 表格标题写的是 2023 年…
    (not 的表格标题…, a sentence without its start)."""
    if line.startswith(name):
        line = line.removeprefix(name).removeprefix(" ")
        line = line[1:] if line[:1] in ("中", "的") else line
    return line.rstrip("：。")


def summary_lines(results: list[FileResult]) -> list[str]:
    """The batch's list: one line a file, then the totals and what is left to do."""
    lines = [result_line(i, r) for i, r in enumerate(results, start=1)]
    done = [r for r in results if r.state in (IMPORTED, PARTLY)]
    refused = [r for r in results if r.state == REFUSED]
    before = [r for r in results if r.state == BEFORE]
    lines.append(
        f"共 {len(results)} 个文件：导入 {len(done)} 个（{sum(r.imported for r in done)} 行）"
        + (f"，此前已导入 {len(before)} 个" if before else "")
        + (f"，未导入 {len(refused)} 个" if refused else ""))
    made = [u for r in results for u in r.new_unions]
    if made:
        lines.append("新登记的推荐单位（类别按名称推定，如有误请在“单位与人员”中修改）："
                     + "、".join(made))
    if line := import_line(list(dict.fromkeys(s for r in results for s in r.no_enterprise))):
        lines.append(line)
    if refused:
        lines.append("未导入的文件改正后可再次导入整个文件夹：已导入的文件会认出，不会重复导入")
    return lines
