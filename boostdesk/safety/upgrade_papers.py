"""The papers an upgrade changed, read back from its own lines in the trail, and what it
leaves for the office to put right: what the upgrade notice names
(``upgrade_notice.upgraded_message``). The lines are the one record of what the migrations
did (a step's row count sums its statements: lines and rows alike). No Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.models.register import UPGRADE_NOTE, Register

_STREAMS = {"patent_applications": PATENT, "project_applications": PROJECT}
_TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}


@dataclass
class UpgradedPapers:
    """``asked``: (ref, verdict before, verdict now) of each paper migration 22 gave its
    verdict back; ``reworded``: (ref, reason now) of each approval 24 reworded;
    ``undated``: year -> the refs of the awarded papers whose 资格审核通过 has no day given and was
    recorded after their 核准, which the 审批表 prints “资格审核通过（…补录）”."""

    asked: list[tuple[str, str, str]] = field(default_factory=list)
    reworded: list[tuple[str, str]] = field(default_factory=list)
    undated: dict[int, list[str]] = field(default_factory=dict)


def _verdict(eligible: int | None, incomplete: int | None) -> str:
    """The verdict a paper shows (``ui.queries.verdict_of``'s words)."""
    if eligible is None:
        return "未核对"
    return "不合格" if not eligible else ("待补材料" if incomplete else "合格")


def upgraded_papers(reg: Register, version: int) -> UpgradedPapers:
    """What the upgrade of ``reg`` from schema ``version`` did to its papers, as it now
    stands (read after the upgrade's re-check: the verdict each shows now)."""
    out = UpgradedPapers()
    for entity, app_id, before, after in reg.conn.execute(
            "SELECT entity, entity_id, before, after FROM audit_events WHERE id > ?"
            " AND note = ? AND action = 'update' AND entity IN"
            " ('patent_applications', 'project_applications') ORDER BY id",
            (reg.upgrade_lines_from, UPGRADE_NOTE)):
        stream, was, now = _STREAMS[entity], json.loads(before or "{}"), json.loads(after or "{}")
        if "verdict" in now:
            row = reg.conn.execute(f"SELECT eligible, incomplete FROM {entity} WHERE id = ?",
                                   (app_id,)).fetchone()
            shown = _verdict(*row) if row else now["verdict"]
            out.asked.append((id_ref(stream, app_id), was.get("verdict", ""), shown))
        elif "approval_reason" in now:
            out.reworded.append((id_ref(stream, app_id), now["approval_reason"]))
    if version < 23:  # the 资格审核日期 came with 23: none given before it
        out.undated = undated_qualified(reg)
    return out


def undated_qualified(reg: Register) -> dict[int, list[str]]:
    """year -> the refs of the papers with an award whose standing 资格审核通过 is dated
    after their 核准 by its recording, no day given: the 审批表's rule (``printing.approval``:
    the day given, else the recording's; later than the 核准 is 补录)."""
    from boostdesk.finance.terms import AWARDED  # (the statuses whose papers have a sheet)

    out: dict[int, list[str]] = {}
    for stream, table in _TABLES.items():
        held = ", ".join(f"'{s}'" for s in AWARDED[stream])
        for year, app_id in reg.conn.execute(
                "SELECT c.year, a.id FROM " + table + " a"
                " JOIN campaigns c ON c.id = a.campaign_id"
                " JOIN status_history h ON h.id = (SELECT max(l.id) FROM status_history l"
                "   WHERE l.stream = ? AND l.application_id = a.id AND l.to_status = 'qualified')"
                " WHERE a.award_fen IS NOT NULL AND a.approved_date IS NOT NULL"
                f" AND a.status IN ({held})"
                " AND h.decided_on IS NULL AND substr(h.at, 1, 10) > a.approved_date"
                " ORDER BY a.id", (stream,)):
            out.setdefault(int(year), []).append(id_ref(stream, int(app_id)))
    return dict(sorted(out.items()))
