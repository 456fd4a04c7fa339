"""A summary table's row naming a registered studio of another enterprise (no Qt).

技术创新工作室, 智能检测职工创新工作室: names many enterprises give their studios. A row
whose studio has a registered studio's name but another enterprise and another leader
(``studio_names.another_studio``) is another studio: stored under that name, its papers
would count towards the registered one's limit (二（二）2) and be paid to its enterprise.
Such a row names the studio the register knows it by (``studio_names.own_name``), with a
提示; likewise a row of an earlier row's studio name in another enterprise.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from boostdesk.models.records import PROJECT
from boostdesk.studio_names import (
    StudioFacts,
    another_studio,
    another_studio_note,
    own_name,
    studio_facts,
)
from boostdesk.validate import tidy_name


def with_other_studios(reg: Any, preview: Any) -> tuple[Any, list[tuple[int, str]]]:
    """The preview with each row of another enterprise's studio of a registered (or an
    earlier row's) studio name naming it as the register will know it, and a 提示 for each."""
    from boostdesk.models.record_rows import select_in

    if preview.stream != PROJECT:
        return preview, []
    names = {tidy_name(r.studio_name) for r in preview.records} - {""}
    ids = [r[0] for r in select_in(reg.conn, "SELECT id, name FROM studios WHERE name IN", names)]
    first: dict[str, StudioFacts] = {f.name: f for f in studio_facts(reg.conn, ids).values()}
    notes: list[tuple[int, str]] = []
    records = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        typed = tidy_name(record.studio_name)
        if typed:
            known = first.setdefault(typed, StudioFacts(
                None, typed, tidy_name(record.leader), tidy_name(record.enterprise_name)))
            if another_studio(known, record.leader, record.enterprise_name):
                notes.append((row, another_studio_note(
                    row, typed, known, record.leader, record.enterprise_name)))
                record = replace(record, studio_name=own_name(typed, record.enterprise_name))
        records.append(record)
    return (replace(preview, records=records) if notes else preview), notes
