"""Rows of a summary table that are in the register already, or twice in the table.

The import dialog marks them and imports them only when asked to skip them; the
command line refuses them unless ``--skip-bad-rows``. A unit's table imported a second
time is all duplicates: nothing of it is stored twice.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from boostdesk.models.records import PATENT
from boostdesk.models.register import canonical_patent_number
from boostdesk.validate import tidy_name


def find_duplicates(reg: Any, preview: Any) -> dict[int, str]:
    """Sheet row -> why it is already in the register (or earlier in the same sheet)."""
    out: dict[int, str] = {}
    if preview.stream == PATENT:
        known = {
            number: (app_id, year)
            for number, app_id, year, status in reg.conn.execute(
                "SELECT a.patent_number, a.id, c.year, a.status FROM patent_applications a"
                " JOIN campaigns c ON c.id = a.campaign_id WHERE a.patent_number IS NOT NULL"
            )
            if year == preview.year or status != "refused"
        }
        seen: dict[str, int] = {}
        for row, record in zip(preview.rows, preview.records, strict=True):
            number = canonical_patent_number(record.patent_number_raw)
            if not number:
                continue
            if number in known:
                app_id, year = known[number]
                out[row] = f"专利 {number} 已登记（{year} 年度，登记号 {app_id}）"
            elif number in seen:
                out[row] = f"专利 {number} 与第 {seen[number]} 行重复"
            else:
                seen[number] = row
        return out
    from boostdesk.rules.check import title_key

    known_projects = {
        (studio, title_key(title)): (app_id, year)
        for studio, title, app_id, year in reg.conn.execute(
            "SELECT s.name, a.title, a.id, c.year FROM project_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
        )
    }
    seen_projects: dict[tuple[str, str], int] = {}
    for row, record in zip(preview.rows, preview.records, strict=True):
        key = (tidy_name(record.studio_name), title_key(record.title))
        if not key[0]:
            continue
        if key in known_projects:
            app_id, year = known_projects[key]
            out[row] = f"项目“{record.title}”已登记（{year} 年度，登记号 {app_id}）"
        elif key in seen_projects:
            out[row] = f"项目“{record.title}”与第 {seen_projects[key]} 行重复"
        else:
            seen_projects[key] = row
    return out


def without_rows(preview: Any, rows: list[int]) -> Any:
    """The preview without the records of these sheet rows."""
    if not rows:
        return preview
    drop = set(rows)
    kept = [(r, rec) for r, rec in zip(preview.rows, preview.records, strict=True)
            if r not in drop]
    return replace(preview, rows=[r for r, _ in kept], records=[rec for _, rec in kept])
