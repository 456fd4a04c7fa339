"""Rows of a summary table that are in the register already, or twice in the table.

The import dialog marks them and imports them only when asked to skip them; the
command line refuses them unless ``--skip-bad-rows``. A unit's table imported a second
time is all duplicates: nothing of it is stored twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from boostdesk.models.records import PATENT
from boostdesk.models.register import canonical_patent_number
from boostdesk.validate import tidy_name


def find_duplicates(reg: Any, preview: Any) -> dict[int, str]:
    """Sheet row -> why it is already in the register (or earlier in the same sheet)."""
    if preview.stream == PATENT:
        known = {
            number: (app_id, year)
            for number, app_id, year, status in reg.conn.execute(
                "SELECT a.patent_number, a.id, c.year, a.status FROM patent_applications a"
                " JOIN campaigns c ON c.id = a.campaign_id WHERE a.patent_number IS NOT NULL"
            )
            if year == preview.year or status != "refused"
        }
        return _marked(preview, lambda r: canonical_patent_number(r.patent_number_raw),
                       known, lambda number, _r: f"专利 {number} ")
    from boostdesk.rules.check import title_key

    known_projects = {
        (studio, title_key(title)): (app_id, year)
        for studio, title, app_id, year in reg.conn.execute(
            "SELECT s.name, a.title, a.id, c.year FROM project_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
        )
    }

    def project_key(record: Any) -> tuple[str, str] | None:
        studio = tidy_name(record.studio_name)
        return (studio, title_key(record.title)) if studio else None

    return _marked(preview, project_key, known_projects, lambda _k, r: f"项目“{r.title}”")


def _marked(preview: Any, key_of: Callable[[Any], Any], known: dict[Any, tuple[int, int]],
            named: Callable[[Any, Any], str]) -> dict[int, str]:
    out: dict[int, str] = {}
    seen: dict[Any, int] = {}
    for row, record in zip(preview.rows, preview.records, strict=True):
        key = key_of(record)
        if not key:
            continue
        if key in known:
            app_id, year = known[key]
            out[row] = f"{named(key, record)}已登记（{year} 年度，登记号 {app_id}）"
        elif key in seen:
            out[row] = f"{named(key, record)}与第 {seen[key]} 行重复"
        else:
            seen[key] = row
    return out


def without_rows(preview: Any, rows: list[int]) -> Any:
    """The preview without the records of these sheet rows."""
    if not rows:
        return preview
    drop = set(rows)
    kept = [(r, rec) for r, rec in zip(preview.rows, preview.records, strict=True)
            if r not in drop]
    return replace(preview, rows=[r for r, _ in kept], records=[rec for _, rec in kept])


def kept_levels(reg: Any, preview: Any) -> list[str]:
    """提示 for the rows whose studio already has an award at another level: the register
    keeps its level (``Register.ensure_studio``), the table's is not taken."""
    from boostdesk.models.campaign import LEVEL_ZH

    if preview.stream == PATENT:
        return []
    stored = {r["name"]: r["level"] for r in reg.query(
        "SELECT s.name, s.level FROM studios s WHERE EXISTS (SELECT 1 FROM"
        " project_applications a WHERE a.studio_id = s.id AND a.award_fen IS NOT NULL)")}
    out = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        level = stored.get(tidy_name(record.studio_name))
        if level and record.studio_level and record.studio_level != level:
            out.append(f"第 {row} 行：工作室“{tidy_name(record.studio_name)}”已按"
                       f"{LEVEL_ZH[level]}获助推，表中为{LEVEL_ZH[record.studio_level]}："
                       f"仍按{LEVEL_ZH[level]}登记（级别确有变化请在“工作室”中修改）")
    return out
