"""评审汇总表's 评分包交回: a package whose scores a later import replaced says so.

An earlier save put back over a later one (--replace-with-older), or a correction taken
with --replace, leaves the replaced import's line in the list; read alone it is a valid
return. The line is marked with how many of its projects' scores were replaced and by
which line of the list (其中 4 个项目的评分已被第 5 份替换), read from the trail: each
import's score lines, written just ahead of its import line, and the score line each
replaced."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from boostdesk.models.register import Register

NOTE_PREFIX = "评分包 "  # a package's score lines' note: 评分包 2022年度专家评分包_张三.xlsx

if TYPE_CHECKING:
    from .score_summary import ExpertReturn


def superseded(reg: Register, expert: str, imports: Sequence[tuple[int, str]]
               ) -> dict[int, dict[int, int]]:
    """For the expert's import lines ``imports`` (trail id and file, oldest first): import
    id -> {later import id that replaced its submitted scores -> how many projects}."""
    files = dict(imports)
    ids = [i for i, _file in imports]
    out: dict[int, dict[int, int]] = {}
    previous = 0
    for later in ids:
        for entity_id, line_id, before in reg.conn.execute(
                "SELECT entity_id, id, before FROM audit_events WHERE entity = 'assignments'"
                " AND action = 'score' AND id > ? AND id < ?"
                " AND json_extract(after, '$.expert') = ?", (previous, later, expert)):
            if not json.loads(before or "{}").get("submitted_at"):
                continue  # a draft, or nothing, replaced: no import's return undone
            was = reg.conn.execute(
                "SELECT id, json_extract(after, '$.note') FROM audit_events"
                " WHERE entity = 'assignments' AND action = 'score' AND entity_id = ?"
                " AND id < ? ORDER BY id DESC LIMIT 1", (entity_id, line_id)).fetchone()
            # the import whose transaction wrote that score line: the first after it, its
            # file the line's (not a score typed on 评分录入 between two imports)
            owner = next((i for i in ids if was is not None and i > int(was[0])), None)
            if (owner is not None and owner < later
                    and str(was[1] or "") == f"{NOTE_PREFIX}{files[owner]}"):
                per = out.setdefault(owner, {})
                per[later] = per.get(later, 0) + 1
        previous = later
    return out


def mark(returns: list[ExpertReturn]) -> list[ExpertReturn]:
    """The list with each replaced import's note saying by which line (numbered as printed,
    from 1) how many of its projects' scores were replaced."""
    number = {x.import_id: k for k, x in enumerate(returns, start=1) if x.import_id}
    out = []
    for x in returns:
        said = [f"其中 {n} 个项目的评分已被第 {number[later]} 份替换"
                for later, n in x.superseded if later in number]
        out.append(replace(x, note="；".join([*said, x.note] if x.note else said)) if said
                   else x)
    return out
