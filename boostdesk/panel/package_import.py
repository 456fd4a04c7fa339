"""A checked package stored: the expert's changed scores, submitted, the replaced ones
backed up first and each change said; the same scores again store nothing and leave one
未改动 line in the trail; an older package refused; one changing scores already submitted
(or an earlier save of one imported) stored only when the office confirms it
(:mod:`.package_replace`). ``import_package`` reads then stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boostdesk.models.register import Register

from .errors import PackageRefused, ReplaceRefused
from .package_age import STORED_IMPORT, older_than_imported, saved_before_imported
from .package_doubts import doubts
from .package_format import shown_time
from .package_read import PackageContent, read_package
from .package_replace import differ_line, differing
from .scoring import PACKAGE, SheetRow, expert_sheet, format_score, save_scores

Cancelled = Callable[[], bool]

UNCHANGED_NOTE = "未改动：评分和评语与登记册中已提交的相同，未存入任何内容"


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
    new: int = 0  # projects the expert had no score of before: entered, not replaced

    def headline(self, file: str, *, with_year: bool = False) -> str:
        """What became of the package, as the command line and 评分包's log say it."""
        year = f"（{self.year} 年度）" if with_year else ""
        if self.unchanged:
            before = f"（{self.imported_before}）" if self.imported_before else ""
            return (f"未改动：{file} 中专家“{self.expert}”对 {self.projects} 个项目的评分和评语"
                    f"{year}与登记册中已提交的相同{before}，本次未存入任何内容")
        if self.replaced and self.new:  # some entered afresh: not all of them replaced
            same = self.projects - self.new - len(self.changes)
            counts = f"新录入 {self.new} 项、替换 {len(self.changes)} 项" + (
                f"、未改动 {same} 项" if same > 0 else "")
            said = f"{self.year} 年度；{counts}" if with_year else counts
            return f"已导入专家“{self.expert}”对 {self.projects} 个项目的评分（{said}）：{file}"
        if self.replaced:  # how many changed, not all of them said replaced
            n = len(self.changes)
            counts = (f"{n} 个项目均有改动" if n == self.projects
                      else f"{self.projects} 个项目中 {n} 个有改动")
            said = f"{self.year} 年度；{counts}" if with_year else counts
            return f"已替换专家“{self.expert}”的评分（{said}）：{file}"
        return f"已导入专家“{self.expert}”对 {self.projects} 个项目的评分{year}：{file}"

    @property
    def lines(self) -> tuple[str, ...]:
        """The lines under the headline: what changed, how the file was read, then what
        was not stored."""
        return (*self.changes, *self.notes, *self.skipped)


def store_package(reg: Register, content: PackageContent, *,
                  cancelled: Cancelled | None = None, replace: bool = False,
                  confirm_expert: bool = False, replace_older: bool = False) -> ImportResult:
    """Store a checked package: the expert's scores of these projects, submitted; audited.

    A package whose every score and comment is already stored and submitted (the same
    file imported again) stores nothing and takes no backup: it says so, and one audit
    line says it came back 未改动. Otherwise
    refused (nothing stored, no backup taken) when the package was exported before one of
    the expert's already imported: its scores are the older ones. Refused unless
    ``replace`` (ReplaceRefused, saying what it would change) when it changes scores the
    expert already submitted; unless ``replace_older`` (ReplaceRefused, ``older``) when it
    is an earlier save of an export already imported (that confirms its changes too); refused
    unless ``confirm_expert`` (ReplaceRefused, ``doubted``) when it may hold another
    expert's scores (:func:`.package_doubts.doubts`: its file named after another expert,
    or its scores another expert's, criterion by criterion). Only
    the projects whose scores or comment differ are stored; scores it replaces are backed
    up first; ``cancelled()`` true after that backup: nothing stored.
    """
    from boostdesk.safety.backup import backed_up_write

    year, e = content.year, content.expert
    stored = {r.project_id: r for r in expert_sheet(reg, e.id or 0)}
    changed = {pid: v for pid, v in content.entries.items()
               if not _as_stored(v, stored.get(pid))}
    if not changed:  # checked first: whatever its age, it would change nothing
        before = _imported_before(reg, content)
        _audit_unchanged(reg, content)
        return ImportResult(year, e.name, len(content.entries), False, content.skipped,
                            unchanged=True, imported_before=before, notes=content.notes)
    older = older_than_imported(reg, content)
    if older:
        raise PackageRefused([older])
    # submitted scores changed (a late correction, or another expert's numbers), or an
    # earlier save of an export imported: stored only on the office's word — the earlier
    # save on its own word (``replace_older``), not the one a correction is confirmed by:
    # the same package opened late from the first e-mail would restore the scores the
    # expert corrected
    older_save = saved_before_imported(reg, content)
    asked = [older_save] if older_save else []
    differ = differing(content, changed, stored)
    if differ:
        asked.append(differ_line(reg, content, differ))
    doubted = doubts(reg, content)
    given = replace_older if older_save else replace
    if (asked and not given) or (doubted and not confirm_expert):
        raise ReplaceRefused([*doubted, *asked], e.name, doubted=bool(doubted),
                             replacing=bool(asked), older=bool(older_save))
    changes = tuple(line for pid, v in changed.items()
                    if (line := _change_line(content, v, stored.get(pid))))
    replaced = bool(changes)
    # the expert's earlier scores about to go (replaced): kept in a backup
    with backed_up_write(reg, "scores" if replaced else None, cancelled), reg.transaction():
        save_scores(reg, e.id or 0, changed, submit=True, source=PACKAGE,
                    note=f"评分包 {content.path.name}", every_project=False)
        reg.audit("import_package", "experts", e.id, None,
                  {**_import_doc(content, replaced, len(content.entries) - len(changed)),
                   **({"replace_confirmed": asked} if asked else {}),
                   **({"older_save": True} if older_save else {}),
                   **({"expert_confirmed": doubted} if doubted else {})})
    confirmed = tuple(f"经确认按专家“{e.name}”的评分导入：{line}" for line in doubted)
    return ImportResult(year, e.name, len(content.entries), replaced, content.skipped, changes,
                        notes=(*content.notes, *confirmed),
                        new=sum(1 for pid in changed if not _change_line(
                            content, changed[pid], stored.get(pid))))


def _import_doc(content: PackageContent, replaced: bool, unchanged: int) -> dict[str, Any]:
    """The ``import_package`` audit document: the file, its export and save, and how many
    of its projects were already stored as it gives them (none: no key)."""
    return {"file": content.path.name, "projects": len(content.entries),
            "replaced": replaced, "exported_at": content.exported_at,
            **({"unchanged": unchanged} if unchanged else {}),
            **({"export_seq": content.export_seq} if content.export_seq is not None else {}),
            **({"saved_at": content.saved_at} if content.saved_at else {}),
            **({"skipped": list(content.skipped)} if content.skipped else {}),
            **({"skipped_projects": list(content.skipped_projects)}
               if content.skipped_projects else {}),
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
    when = shown_time(rows[0]["at"])[:16]
    if rows[0]["file"] == content.path.name:
        return f"此前已于 {when} 导入"
    return f"此前已于 {when} 导入同一评分包（{rows[0]['file']}）"


def import_package(reg: Register, path: str | Path, *, year: int | None = None,
                   expert_name: str | None = None, cancelled: Cancelled | None = None,
                   replace: bool = False, confirm_expert: bool = False,
                   replace_older: bool = False) -> ImportResult:
    """Check then store a returned package; PackageRefused (nothing stored) when it fails,
    ReplaceRefused when it would replace submitted scores and ``replace`` is not given (an
    earlier save of a package imported: ``replace_older``), or may hold another expert's
    scores and ``confirm_expert`` is not given."""
    return store_package(reg, read_package(reg, path, year=year, expert_name=expert_name),
                         cancelled=cancelled, replace=replace, confirm_expert=confirm_expert,
                         replace_older=replace_older)
