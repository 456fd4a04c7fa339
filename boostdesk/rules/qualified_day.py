"""更正资格审核日期: the day a standing 资格审核通过 was made, put right after the fact.

A decision cannot be changed once its paper is approved (资格审核 offers it no more), so a
paper qualified before the 资格审核日期 existed (every register upgraded from 0.15.0, a
past season typed up) printed “资格审核通过（……补录）” on its 审批表 for ever. The day is a
fact of the record, not money: it is corrected whatever the paper's payments (a paid
paper's sheet, reprinted, shows the day it was qualified), with a reason, audited, checked
as the decision's day is (not to come, not before the plan or the paper's receipt) and not
after the paper's 核准. The decision itself, its reason and its recording stay as they were.
A day typed wrong whose true day is not known goes back to 未填 (the sheet prints the day it
was recorded again). In the window it is undone (Ctrl+Z) by :func:`put_back`, which never
leaves a day a correction would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from boostdesk.app_refs import id_ref
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register, RegisterError
from boostdesk.models.workflow import REVOKED, STATUS_ZH

from .hand_moves import DAY_OF, approval_day_refusal

ACTION = "correct_qualified_date"  # the audit action (labels.ACTION_ZH: 更正资格审核日期)
WHAT = DAY_OF["qualified"]  # 资格审核日期
# Statuses in which no 资格审核通过 stands (not yet decided, refused): nothing to correct.
# Nor on an award revoked after payment (finance.recovery): it was qualified, but the day
# prints only on the 审批表, which a revoked award no longer has; undone, it is offered again.
_UNQUALIFIED = ("registered", "refused", REVOKED)


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
    if why := _unqualified(reg, stream, app_ids):
        return why
    return approval_day_refusal(reg, stream, app_ids, day, WHAT, correcting=True)


def correct_qualified_date(reg: Register, stream: str, app_ids: Sequence[int],
                           day: date | None, reason: str) -> int:
    """Put ``day`` as the 资格审核日期 of ``app_ids``' standing 资格审核通过, all or none,
    each audited with ``reason`` (required). Returns how many changed (one already dated
    ``day`` is left as it is). ``day`` None: the day put back to 未填 (one typed wrong whose
    true day is not known): the 审批表 prints the day it was recorded, as for a decision
    made before the day was asked."""
    return len(redate(reg, stream, app_ids, day, reason))


# What a correction changed: each paper -> (the status_history row of its 资格审核通过,
# the 资格审核日期 it had, None for 未填); :func:`put_back` puts it back.
Was = dict[int, tuple[int, str | None]]


def redate(reg: Register, stream: str, app_ids: Sequence[int], day: date | None,
           reason: str) -> Was:
    """:func:`correct_qualified_date`, returning what it changed (:data:`Was`)."""
    reason = reason.strip()
    if not reason:
        example = f"按{day.year}年资格审核记录补记" if day else "原日期录错，实际日期不详"
        raise RegisterError(f"更正{WHAT}须写明原因（如：{example}），它记入修改记录")
    ids = list(dict.fromkeys(app_ids))
    with reg.transaction():
        if why := (correction_refusal(reg, stream, ids, day) if day else _unqualified(reg, stream, ids)):
            raise RegisterError(why)
        return _put(reg, stream, dict.fromkeys(ids, day.isoformat() if day else None),
                    {"reason": reason})


def put_back(reg: Register, stream: str, was: Was, put: date | None) -> None:
    """Undo :func:`redate` (``was`` what it returned, ``put`` the day it put): each paper's
    资格审核日期 as it was, all or none. Refused, in words, when the qualification it
    corrected no longer stands (refused or decided again since, elsewhere) or its day is no
    longer ``put`` (changed since), or when the day it goes back to is one the rules refuse
    now (a 核准 dated before it since): never a state :func:`redate` would refuse."""
    ids = list(was)
    put_on = put.isoformat() if put else None
    with reg.transaction():
        if why := _unqualified(reg, stream, ids):
            raise RegisterError(f"不能撤销：{why}")
        for app_id, (hid, now, _) in sorted(standing(reg, stream, ids).items()):
            ref = id_ref(stream, app_id)
            if hid != was[app_id][0]:
                raise RegisterError(f"不能撤销：{ref}的资格审核结论在这次更正之后重新作出过，"
                                    f"{WHAT}是新结论的")
            if now != put_on:
                raise RegisterError(
                    f"不能撤销：{ref}的{WHAT}已改为 {now or '未填'}（不是这次更正的"
                    f" {put_on or '未填'}），撤销会覆盖这次之后的修改")
        for app_id, (_, day) in sorted(was.items()):
            if day and (why := approval_day_refusal(reg, stream, [app_id],
                                                    date.fromisoformat(day[:10]),
                                                    f"改回的{WHAT}", correcting=True)):
                raise RegisterError(f"不能撤销：{why.removesuffix('，请核对')}；"
                                    f"{WHAT}保持 {put_on or '未填'}")
        _put(reg, stream, {i: day for i, (_, day) in was.items()}, {})


def _unqualified(reg: Register, stream: str, app_ids: Sequence[int]) -> str | None:
    """The papers of ``app_ids`` with no 资格审核通过 standing (not yet decided, refused),
    named: no 资格审核日期 to correct; None when every one has one."""
    found = standing(reg, stream, app_ids)
    missing = [i for i in app_ids if i not in found]
    if not missing:
        return None
    statuses = dict(select_in(reg.conn, f"SELECT id, status FROM {_table(stream)} WHERE id IN",
                              missing))
    named = "、".join(
        f"{id_ref(stream, i)}（{STATUS_ZH.get(statuses[i], statuses[i])}）"
        if i in statuses else f"{id_ref(stream, i)}（登记册中没有）" for i in missing[:10])
    more = f"等 {len(missing)} 项" if len(missing) > 10 else ""
    if all(statuses.get(i) == REVOKED for i in missing):
        return (f"{named}{more}已撤销助推，不再打印审批表，资格审核日期无需更正"
                "（撤销“撤销助推”后可更正）")
    return f"{named}{more}没有资格审核通过的结论，没有资格审核日期可更正"


def _put(reg: Register, stream: str, days: dict[int, str | None],
         noted: dict[str, str]) -> Was:
    """``days`` written as the standing qualifications' decided_on, each audited (its
    ``noted`` with it); those already so left. Returns what each changed had."""
    changed: Was = {}
    for app_id, (hid, was, at) in sorted(standing(reg, stream, list(days)).items()):
        day = days[app_id]
        if was == day:
            continue
        reg.conn.execute("UPDATE status_history SET decided_on = ? WHERE id = ?", (day, hid))
        reg.audit(ACTION, _table(stream), app_id,
                  {"qualified_on": was or _unknown(at)},
                  {"qualified_on": day or _unknown(at), **noted})
        (reg.changes.patents if stream == PATENT else reg.changes.projects).add(app_id)
        changed[app_id] = (hid, was)
    return changed


def _unknown(recorded_at: str) -> str:
    """未填, as the trail says it: the 审批表 then prints the day it was recorded."""
    return f"未填（{recorded_at[:10]} 录入）"
