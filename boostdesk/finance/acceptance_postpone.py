"""延期验收: an awarded project's acceptance put off past its latest completion date
(二（二）1) on the office's decision, recorded before the acceptance itself.

Kept in the trail, no column of its own: one ``postpone_acceptance`` line per decision
(the new deadline, the decision as typed: who approved, when, why), a
``withdraw_postponement`` line when one was recorded in error; the latest stands. A
project so postponed is listed as 延期验收至 2027年6月30日 instead of overdue
(``acceptance.overdue_completions``), overdue again only after that day; its acceptance by
then is 逾期结题 on that decision (``late_completion.acceptance_reason``), so its 尾款
needs no second reason.

The plan bars a studio whose earlier award 未完成结题验收 (二（一）): a postponement
completes nothing, so the bar stands until the acceptance itself (``rules.check`` reads
the acceptance alone) and every message about one says so. No Qt here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from boostdesk.field_limits import FIELD_LIMITS, too_long
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH

from .decision_words import decision_refusal
from .errors import FinanceError

ACTION = "postpone_acceptance"
WITHDRAW_ACTION = "withdraw_postponement"
TABLE = "project_applications"
POSTPONABLE = ("approved", "paid_first")  # awarded, not (yet) through an acceptance
DECISION_EXAMPLE = "主任办公会2024年3月5日研究同意：因设备到货延迟延期验收"
STILL_BARRED = "尚未结题验收，该工作室仍不能申报下一年度项目"


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Postponement:
    """A standing 延期验收: the new deadline and the office's decision, as recorded."""

    project_id: int
    until: date
    decision: str  # as typed: who approved, when, why
    operator: str  # who recorded it (a clerk, often): not who decided
    limit: date | None = None  # the plan's latest completion date it put off

    @property
    def text(self) -> str:
        """延期验收至 2027年6月30日"""
        return f"延期验收至 {cn_day(self.until)}"

    @property
    def said(self) -> str:
        """延期验收至 2027年6月30日（主任办公会…研究同意：…；王文员 登记）"""
        who = f"；{self.operator} 登记" if self.operator else ""
        return f"{self.text}（{self.decision}{who}）"

    def overdue(self, as_of: date) -> int:
        """Days past the new deadline (0: not past it)."""
        return max((as_of - self.until).days, 0)


def postponements(reg: Register, project_ids: Iterable[int]) -> dict[int, Postponement]:
    """Of these projects, those with a postponement standing (the latest line of either
    kind a postponement, not a withdrawal)."""
    ids = sorted(set(project_ids))
    out: dict[int, Postponement] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for pid, action, after, operator in reg.conn.execute(
                "SELECT entity_id, action, after, operator FROM audit_events"
                " WHERE entity = ? AND action IN (?, ?)"
                f" AND entity_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
                (TABLE, ACTION, WITHDRAW_ACTION, *chunk)):
            if action == WITHDRAW_ACTION:
                out.pop(pid, None)
                continue
            doc = json.loads(after or "{}")
            limit = doc.get("latest_completion")
            out[pid] = Postponement(pid, date.fromisoformat(doc["acceptance_due"]),
                                    doc.get("decision", ""), operator or "",
                                    date.fromisoformat(limit) if limit else None)
    return out


def postponement_of(reg: Register, project_id: int) -> Postponement | None:
    return postponements(reg, [project_id]).get(project_id)


def check_postponement(reg: Register, project_id: int, until: date, decision: str) -> date:
    """The project's latest completion date, if a postponement of its acceptance to
    ``until`` on ``decision`` can be recorded; else FinanceError saying why."""
    from .late_completion import completion_limit_of

    app = reg.project(project_id)
    if app.status not in POSTPONABLE:
        now = STATUS_ZH.get(app.status, app.status)
        raise FinanceError(f"项目“{app.title}”当前为“{now}”：只有已核准助推、尚未结题验收的项目"
                           "才能登记延期验收")
    limit = completion_limit_of(reg, app)
    if until <= limit:
        raise FinanceError(f"新的验收期限 {until.isoformat()} 未晚于最晚结题日期 "
                           f"{limit.isoformat()}：在此之前验收的按期结题，无需登记延期验收")
    decision = " ".join(decision.split())
    if refused := decision_refusal(decision, "登记延期验收", DECISION_EXAMPLE):
        raise FinanceError(refused)
    limit_chars = FIELD_LIMITS["reason"]
    if len(decision) > limit_chars:
        raise FinanceError(f"延期验收的决定及理由{too_long(len(decision), limit_chars)}")
    standing = postponement_of(reg, project_id)
    if standing is not None and standing.until == until and standing.decision == decision:
        raise FinanceError(f"项目“{app.title}”已登记{standing.said}")
    return limit


def postpone_acceptance(reg: Register, project_id: int, until: date,
                        decision: str) -> Postponement:
    """延期验收: the office's approval of a new acceptance deadline ``until`` after the
    latest completion date, with ``decision`` (who approved, when, why); one trail line.
    A later one replaces it (a further postponement, or one recorded wrong)."""
    decision = " ".join(decision.split())
    with reg.transaction():
        limit = check_postponement(reg, project_id, until, decision)
        standing = postponement_of(reg, project_id)
        before = ({"acceptance_due": standing.until.isoformat(), "decision": standing.decision}
                  if standing else {"acceptance_due": limit.isoformat()})
        reg.audit(ACTION, TABLE, project_id, before, {
            "acceptance_due": until.isoformat(), "decision": decision,
            "latest_completion": limit.isoformat()})
    return Postponement(project_id, until, decision, reg.operator or "", limit)


def withdraw_postponement(reg: Register, project_id: int, reason: str) -> Postponement:
    """A postponement recorded in error taken back, with ``reason``: the project is judged
    by its latest completion date again. Returns the one withdrawn."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("撤销延期验收须写理由（如 登记错了项目）")
    with reg.transaction():
        standing = postponement_of(reg, project_id)
        if standing is None:
            title = reg.project(project_id).title
            raise FinanceError(f"项目“{title}”没有登记延期验收，无需撤销")
        if refused := resting_refusal(reg, project_id, standing):
            raise FinanceError(refused)
        reg.audit(WITHDRAW_ACTION, TABLE, project_id,
                  {"acceptance_due": standing.until.isoformat(), "decision": standing.decision},
                  {"acceptance_due": None, "reason": reason})
    return standing


def resting_refusal(reg: Register, project_id: int, standing: Postponement) -> str:
    """Why ``standing`` cannot be withdrawn ("" when it can): an acceptance after the
    latest completion date stands on its decision (逾期结题 recorded with no reason of its
    own), and its 尾款 would be paid on a decision taken back. The acceptance goes first."""
    from boostdesk.app_refs import id_ref
    from boostdesk.models.records import PROJECT
    from boostdesk.said_where import way

    from .late_completion import late_marks

    mark = late_marks(reg, [project_id]).get(project_id)
    if mark is None or f"（{standing.text}）" not in mark.reason:
        return ""
    app = reg.project(project_id)
    return (f"项目“{app.title}”{app.accepted_date} 的结题验收是按这一延期验收的决定登记的"
            f"（{mark.text}），尾款按它拨付：不能撤销延期验收。延期验收登记错了的，请先撤销结题验收"
            + way("（“拨付”中选中该项目的款项 → “撤销结题验收…”）",
                  f"（命令行 pay accept {id_ref(PROJECT, project_id)} --withdraw --reason 理由）")
            + "，再撤销延期验收，然后重新登记结题验收（逾期结题的须写明经谁研究同意）")
