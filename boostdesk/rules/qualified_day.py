"""更正资格审核日期: the day a standing 资格审核通过 was made, put right after the fact.

A decision cannot be changed once its paper is approved (资格审核 offers it no more), so a
paper qualified before the 资格审核日期 existed (every register upgraded from 0.15.0, a
past season typed up) printed “资格审核通过（……补录）” on its 审批表 for ever. The day is a
fact of the record, not money: it is corrected whatever the paper's payments (a paid
paper's sheet, reprinted, shows the day it was qualified), with a reason, audited, checked
as the decision's day is (not to come, not before the plan or the paper's receipt) and not
after the paper's 核准. The decision itself, its reason and its recording stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from boostdesk.app_refs import id_ref
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register, RegisterError
from boostdesk.models.workflow import STATUS_ZH

from .hand_moves import DAY_OF, approval_day_refusal

ACTION = "correct_qualified_date"  # the audit action (labels.ACTION_ZH: 更正资格审核日期)
WHAT = DAY_OF["qualified"]  # 资格审核日期
# Statuses in which no 资格审核通过 stands (not yet decided, refused): nothing to correct.
_UNQUALIFIED = ("registered", "refused")


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"


def standing(reg: Register, stream: str, app_ids: Sequence[int]
             ) -> dict[int, tuple[int, str | None, str]]:
    """Each of ``app_ids`` whose 资格审核通过 stands -> (its status_history row, the
    资格审核日期 given or None, when it was recorded)."""
    out: dict[int, tuple[int, str | None, str]] = {}
    for app_id, hid, day, at in select_in(
            reg.conn, "SELECT h.application_id, h.id, h.decided_on, h.at FROM status_history h"
            f" JOIN {_table(stream)} a ON a.id = h.application_id"
            " WHERE h.id = (SELECT max(l.id) FROM status_history l WHERE l.stream = h.stream"
            " AND l.application_id = h.application_id AND l.to_status = 'qualified')"
            f" AND a.status NOT IN {_UNQUALIFIED!r} AND h.stream = ? AND h.application_id IN",
            app_ids, (stream,)):
        out[int(app_id)] = (int(hid), day, str(at))
    return out


def correction_refusal(reg: Register, stream: str, app_ids: Sequence[int],
                       day: date) -> str | None:
    """Why ``day`` cannot be made the 资格审核日期 of ``app_ids``, or None: a paper with no
    资格审核通过 standing (not yet decided, or refused), or the day one no such decision can
    have (``hand_moves.approval_day_refusal``: to come, before the plan or a receipt, after
    the paper's 核准)."""
    found = standing(reg, stream, app_ids)
    missing = [i for i in app_ids if i not in found]
    if missing:
        statuses = dict(select_in(reg.conn, f"SELECT id, status FROM {_table(stream)} WHERE id IN",
                                  missing))
        named = "、".join(
            f"{id_ref(stream, i)}（{STATUS_ZH.get(statuses[i], statuses[i])}）"
            if i in statuses else f"{id_ref(stream, i)}（登记册中没有）" for i in missing[:10])
        more = f"等 {len(missing)} 项" if len(missing) > 10 else ""
        return (f"{named}{more}"
                "没有资格审核通过的结论，没有资格审核日期可更正")
    return approval_day_refusal(reg, stream, app_ids, day, WHAT, correcting=True)


def correct_qualified_date(reg: Register, stream: str, app_ids: Sequence[int], day: date,
                           reason: str) -> int:
    """Put ``day`` as the 资格审核日期 of ``app_ids``' standing 资格审核通过, all or none,
    each audited with ``reason`` (required). Returns how many changed (one already dated
    ``day`` is left as it is)."""
    reason = reason.strip()
    if not reason:
        raise RegisterError(f"更正{WHAT}须写明原因（如：按{day.year}年资格审核记录补记），"
                            "它记入修改记录")
    ids = list(dict.fromkeys(app_ids))
    changed = 0
    with reg.transaction():
        if why := correction_refusal(reg, stream, ids, day):
            raise RegisterError(why)
        for app_id, (hid, was, at) in sorted(standing(reg, stream, ids).items()):
            if was == day.isoformat():
                continue
            reg.conn.execute("UPDATE status_history SET decided_on = ? WHERE id = ?",
                             (day.isoformat(), hid))
            reg.audit(ACTION, _table(stream), app_id,
                      {"qualified_on": was or f"未填（{at[:10]} 录入）"},
                      {"qualified_on": day.isoformat(), "reason": reason})
            (reg.changes.patents if stream == PATENT else reg.changes.projects).add(app_id)
            changed += 1
    return changed
