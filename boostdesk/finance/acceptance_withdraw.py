"""撤销结题验收: an acceptance (passed, or failed: 验收未通过) recorded in error taken back
while none of the rest of the award (尾款) stands paid; audited with the reason.

The project goes back to where the acceptance found it: 首笔拨付 when its first tranche is
paid in full, else 核准 (an acceptance recorded before the first tranche was paid, or one
whose first transfer came back since), or 验收未通过 when the acceptance withdrawn was a
复验 after a failed one. Its 尾款 lines wait for an acceptance again: the payment plan
follows the acceptance date cleared (``plan_follow``), as it followed its recording. The
studio counts as having an unfinished award again (方案二（一）): the status move re-judges
its later papers. No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.said_where import way

from .errors import FinanceError
from .terms import FAILED

WITHDRAWN = "撤销结题验收："  # the status move's reason begins with it
WITHDRAW_ACCEPTANCE = "withdraw_acceptance"  # its audit line's action
WITHDRAWABLE = ("accepted", FAILED, "paid_final")  # paid_final: refused, saying why


@dataclass(frozen=True)
class Withdrawn:
    """An acceptance taken back: what it was, and the project's status now."""

    project_id: int
    title: str
    was: str  # 2024-07-01 结题验收通过（财务王会计 2024-07-02 登记）
    status: str  # the status now, in Chinese
    passed: bool = True  # the acceptance withdrawn passed (else: 验收未通过)


def withdrawal_refusal(reg: Register, project_id: int) -> str:
    """Why the project's acceptance cannot be withdrawn now ("" when it can)."""
    app = reg.project(project_id)
    if app.status not in WITHDRAWABLE:
        return (f"项目“{app.title}”现为“{STATUS_ZH.get(app.status, app.status)}”，"
                "没有登记结题验收，无需撤销")
    paid = reg.query(
        "SELECT amount_fen, paid_date, voucher FROM payments WHERE stream = ?"
        " AND application_id = ? AND tranche > 1 AND paid_date IS NOT NULL ORDER BY paid_date, id",
        (PROJECT, project_id))
    if paid:
        marks = "、".join(dict.fromkeys(
            f"{r['paid_date']}" + (f" 凭证 {r['voucher']}" if r["voucher"] else "") for r in paid))
        return (f"项目“{app.title}”的尾款已登记拨付 {len(paid)} 笔"
                f"（{format_money(sum(r['amount_fen'] for r in paid))}，{marks}），"
                "不能撤销结题验收：尾款是按这次验收拨付的。拨付登记错了的，请先在“拨付”中"
                "撤销拨付登记" + way("（“撤销拨付登记…”）", "（命令行 pay cancel 编号 --reason 理由）")
                + "；款已汇出的，须先追回，银行退回后登记退汇"
                + way("（“登记退汇…”）", "（pay return）") + "，再撤销结题验收")
    return ""


def withdraw_acceptance(reg: Register, project_id: int, reason: str, *,
                        cancelled: Callable[[], bool] | None = None) -> Withdrawn:
    """撤销结题验收: the project's acceptance (passed or failed) recorded in error taken
    back, with ``reason``; one backup (结题验收前) first, then one transaction, audited
    (``withdraw_acceptance``: the operator, the reason, the acceptance withdrawn). Refused
    (:func:`withdrawal_refusal`) once any of the 尾款 stands paid; nothing stored once
    ``cancelled()`` says so after the backup."""
    from boostdesk.safety.backup import backed_up_write

    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("撤销结题验收须填写理由（如 登记错了项目、验收尚未进行）")
    planned_withdrawal(reg, project_id)  # a refusal takes no good backup's place
    with backed_up_write(reg, "acceptance", cancelled), reg.transaction():
        done = planned_withdrawal(reg, project_id)  # read again inside: another may have paid
        app = reg.project(project_id)
        back, why = _back(reg, project_id, app.status, f"{WITHDRAWN}{reason}")
        reg.set_status(PROJECT, project_id, back, why, accepted_date=None)
        before: dict[str, Any] = {"status": app.status}
        if app.accepted_date:
            before["accepted_date"] = app.accepted_date.isoformat()
        if app.status_reason:
            before["reason"] = app.status_reason
        reg.audit(WITHDRAW_ACCEPTANCE, "project_applications", project_id, before,
                  {"status": back, "reason": reason, "withdrawn_acceptance": done.was})
    return done


def planned_withdrawal(reg: Register, project_id: int) -> Withdrawn:
    """What :func:`withdraw_acceptance` would do now (the acceptance it takes back, the
    status the project goes back to), nothing written; FinanceError when it is refused."""
    if why := withdrawal_refusal(reg, project_id):
        raise FinanceError(why)
    app = reg.project(project_id)
    back, _ = _back(reg, project_id, app.status, "")
    was = _was_text(app, _last_move_into(reg, project_id, app.status))
    return Withdrawn(project_id, app.title, was, STATUS_ZH.get(back, back),
                     app.status != FAILED)


def _last_move_into(reg: Register, project_id: int, status: str) -> dict[str, Any] | None:
    """The status move that recorded the acceptance: the last into ``status`` from before
    an acceptance (not 尾款拨付 → 结题验收, a payment's mark taken off)."""
    rows = reg.query(
        "SELECT from_status, reason, operator, at FROM status_history WHERE stream = ?"
        " AND application_id = ? AND to_status = ? AND from_status != 'paid_final'"
        " ORDER BY id DESC LIMIT 1", (PROJECT, project_id, status))
    return rows[0] if rows else None


def _was_text(app: Any, move: dict[str, Any] | None) -> str:
    """The acceptance withdrawn, in words: its day and result, who recorded it and when."""
    if app.status == FAILED:
        what = f"验收未通过（{app.status_reason}）" if app.status_reason else "验收未通过"
    else:
        what = f"{app.accepted_date} 结题验收通过" + (
            f"（{app.status_reason}）" if app.status_reason else "")
    move = move or {}
    who = " ".join(x for x in (move.get("operator"), str(move.get("at") or "")[:10]) if x)
    return f"{what}，{who} 登记" if who else what


def _back(reg: Register, project_id: int, status: str, reason: str) -> tuple[str, str]:
    """The status the project goes back to and the move's reason: 验收未通过 again when a
    复验 after a failed acceptance is withdrawn (its failure's day and reason restored: a
    later 复验 is judged against them), else what its first tranche's marks say."""
    move = _last_move_into(reg, project_id, status)
    if status == "accepted" and move and move["from_status"] == FAILED:
        failed = reg.scalar(
            "SELECT reason FROM status_history WHERE stream = ? AND application_id = ?"
            " AND to_status = ? ORDER BY id DESC LIMIT 1", (PROJECT, project_id, FAILED))
        if failed:  # as first recorded, not with an earlier withdrawal's words after it
            return FAILED, f"{failed.split(f'（{WITHDRAWN}')[0]}（{reason}）"
    unpaid, rows = reg.conn.execute(
        "SELECT SUM(paid_date IS NULL), COUNT(*) FROM payments WHERE stream = ?"
        " AND application_id = ? AND tranche = 1", (PROJECT, project_id)).fetchone()
    return ("paid_first" if rows and not unpaid else "approved"), reason
