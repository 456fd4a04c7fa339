"""An award's approval reason kept to how its publicity ended, once an objection of its
period is entered after the close (a late objection), settled or taken back.

结束公示 writes the approval's reason (``publicity_outcome``) from the objections known
then. A late one changes the story the 审批表 tells (it counts the project's objections
when printed); the register said 公示期满无异议 on: in the detail pane (the status reason),
the status history, the trail. The approval's reason is reworded as the sheet words it,
with a line in the trail saying who changed it, from what, and why (as migration 24 did
for the approvals written before it).
"""

from __future__ import annotations

from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register

from .publicity_outcome import publicity_outcome, reworded


def outcome_now(reg: Register, project_id: int) -> str:
    """How the project's publicity ended, by its objections as they stand (upheld ones
    leave no award: not counted)."""
    row = reg.conn.execute(
        "SELECT COALESCE(SUM(resolution = 'dismissed'), 0), COALESCE(SUM(resolution IS NULL), 0)"
        " FROM objections WHERE project_id = ?", (project_id,)).fetchone()
    return publicity_outcome(int(row[0]), int(row[1]))


def follow_outcome(reg: Register, project_id: int, why: str) -> str | None:
    """The project's latest approval (its status history row, and its status reason while
    it is that approval) reworded to :func:`outcome_now`, audited with ``why``; inside the
    caller's transaction. Returns the new reason, or None when it already said so (or the
    project was never approved)."""
    rows = reg.query(
        "SELECT id, reason FROM status_history WHERE stream = ? AND application_id = ?"
        " AND to_status = 'approved' ORDER BY id DESC LIMIT 1", (PROJECT, project_id))
    if not rows:
        return None
    old = rows[0]["reason"] or ""
    new = reworded(old, outcome_now(reg, project_id))
    if new == old:
        return None
    reg.conn.execute("UPDATE status_history SET reason = ? WHERE id = ?", (new, rows[0]["id"]))
    reg.conn.execute(
        "UPDATE project_applications SET status_reason = ? WHERE id = ? AND status = 'approved'"
        " AND status_reason = ?", (new, project_id, old))
    reg.audit("update", "project_applications", project_id, {"approval_reason": old},
              {"approval_reason": new, "note": why})
    return new
