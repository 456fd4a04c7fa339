"""Whether a returned package is older than the expert's scores it would replace: exported
before the newest package imported, an earlier save of that same export, or exported
before the scores were submitted on screen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from boostdesk.models.register import Register

from .experts import assignments
from .package_format import shown_time
from .package_read import PackageContent
from .scoring import SCREEN

# An ``import_package`` line that stored scores. A package that came back with every score
# already stored leaves a line too (its ``unchanged`` is all its projects), but stored
# nothing: the later packages' age and "imported before" are not judged against it.
STORED_IMPORT = ("action = 'import_package'"
                 " AND COALESCE(json_extract(after, '$.unchanged'), 0)"
                 " < json_extract(after, '$.projects')")


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


def _exported_before(content: PackageContent, newest: Mapping[str, Any]) -> bool:
    """Whether ``content`` was exported before the imported package ``newest``: by the
    exports' order when either carries it, else by their times."""
    mine, theirs = content.export_seq, newest["export_seq"]
    if mine is not None or theirs is not None:
        return (-1 if mine is None else mine) < (-1 if theirs is None else int(theirs))
    return bool(content.exported_at) and content.exported_at < newest["exported_at"]


def older_than_imported(reg: Register, content: PackageContent) -> str | None:
    """Why a package may not replace the expert's scores, or None: it was exported before
    the expert's newest imported one (an earlier e-mail opened late), or the expert's scores
    were submitted on screen after it was exported (a correction by phone). An earlier save
    of an export already imported is :func:`saved_before_imported`'s: stored when confirmed."""
    newest = newest_import(reg, content.expert.id or 0)
    if newest is None or not _exported_before(content, newest):
        return _exported_before_screen(reg, content)
    return (f"{content.path.name} 导出于 {shown_time(content.exported_at)}，早于已导入的专家"
            f"“{content.expert.name}”评分包（{newest['file']}，导出于 {shown_time(newest['exported_at'])}，"
            f"{shown_time(newest['at'])[:16]} 导入）：旧评分包不能替换较新的评分。请核对这是否为专家最近"
            "交回的文件；如需更改评分，请重新导出该专家的评分包交其填写")


OLDER_SAVE = "较早保存的版本"  # in saved_before_imported's words, kept in the import's line


def saved_before_imported(reg: Register, content: PackageContent) -> str | None:
    """Why a save of an export already imported that is older than the imported save is
    not stored unasked, or None (the same file again, or one saved later). Mostly the
    reviewer sent the file twice, corrected in between; but when the one imported later was
    the wrong file (filled in by another expert), the genuine earlier one is the way back."""
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
            f"（{newer['file']}，保存于 {newer['saved_at']}，{shown_time(newer['at'])[:16]} 导入）："
            f"这是专家“{content.expert.name}”{OLDER_SAVE}。请核对哪一份是专家最后交回的文件：如果 "
            f"{newer['file']} 有误（如由其他专家误填），本文件才是专家“{content.expert.name}”的评分，"
            "可以确认以本文件替换；否则不必导入本文件")


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
    return (f"{content.path.name} 导出于 {shown_time(content.exported_at)}，之后专家“{content.expert.name}”"
            f"的评分已于 {shown_time(last)} 在“评分录入”中提交：评分包中的是较早的评分，不能替换。"
            "请核对两者；如需以评分包为准，请在“评分录入”中改正，或重新导出该专家的评分包"
            "（含已提交的评分）交其核对后再导入")
