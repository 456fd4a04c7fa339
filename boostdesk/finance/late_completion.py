"""逾期结题: an acceptance dated after the project's latest completion date (二（二）1: 立项之日起
两年内完成，最晚结题时间不超过 the year's ``latest_completion``) is no completion under the plan.

The rest of the award (二（四）4) is then paid only on the office's decision, given with its
reason: the acceptance refuses without one (:class:`LateCompletionError`), and with one
records it as the acceptance's status reason (the status history and the audit trail keep
it). The second tranche of such a project is marked on the payment lists
(:func:`late_marks`). The limit is the campaign's setting, never a date written here.

The decision is the office's (研究同意), never the clerk's who types it in: the reason must
say who decided (``decision_words``: 主任办公会 2024-12-18 研究同意…) and is recorded as
逾期结题（最晚 …）：<reason>（<operator> 登记）; one recorded before that check that names no
decision is shown as 经研究同意：<reason>.
Acceptances recorded before that wording read ，经<operator>同意：<reason>; they are shown
the same way (:attr:`LateMark.text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.said_where import way

from .errors import FinanceError
from .lines import PaymentLine

LATE = "逾期结题"  # the acceptance's status reason begins with it


class LateCompletionError(FinanceError):
    """An acceptance after the latest completion date, with no decision of the office."""

    def __init__(self, message: str, limit: date) -> None:
        super().__init__(message)
        self.limit = limit


def completion_limit_of(reg: Register, app: ProjectApplication) -> date:
    """The project's latest completion date: N years from its 立项, never after its
    campaign's latest completion date (二（二）1)."""
    from boostdesk.rules.project import completion_limit

    return completion_limit(reg.campaign(app.campaign_year), app.approval_date)


def late_by(reg: Register, app: ProjectApplication, day: date) -> date | None:
    """The latest completion date ``day`` is after, or None when it is in time."""
    limit = completion_limit_of(reg, app)
    return limit if day > limit else None


def acceptance_reason(reg: Register, project_id: int, day: date, late_reason: str = "") -> str:
    """The status reason an acceptance on ``day`` is recorded with: "" in time; after the
    latest completion date, the office's decision and its reason (refused without one)."""
    app = reg.project(project_id)
    limit = late_by(reg, app, day)
    reason = " ".join(late_reason.split())
    c = reg.campaign(app.campaign_year)
    if limit is None:
        if reason:
            raise FinanceError(f"验收日期 {day.isoformat()} 未晚于最晚结题日期 {limit_text(reg, app)}，"
                               "不是逾期结题：请去掉逾期结题的理由")
        return ""
    if not reason:
        from .acceptance_postpone import postponement_of

        postponed = postponement_of(reg, project_id)
        if postponed is not None and day <= postponed.until:
            # accepted by the deadline the office put off to: its decision is the one
            reason = f"{postponed.decision}（{postponed.text}）"
            return f"{LATE}（最晚 {limit.isoformat()}）{agreed(reason)}{registered(reg.operator)}"
        past = (f"，也晚于经同意的{postponed.text}" if postponed is not None else "")
        raise LateCompletionError(
            f"项目“{app.title}”的验收日期 {day.isoformat()} 晚于最晚结题日期 {limit.isoformat()}"
            f"（{c.clause('project_approval')}：立项之日起 {c.completion_years} 年内完成，最晚不超过"
            f" {c.latest_completion.isoformat()}）{past}，不属按期结题：尾款是否拨付须经研究决定。"
            "经同意的，请写明何时经谁研究同意、理由后再登记（"
            + way("如", "命令行 --late-reason 理由，如 ") + "“主任办公会某月某日研究同意：…”），记入修改记录",
            limit)
    if refused := late_reason_refusal(reason):
        raise LateCompletionError(refused, limit)
    return f"{LATE}（最晚 {limit.isoformat()}）{agreed(reason)}{registered(reg.operator)}"


def late_reason_refusal(reason: str) -> str:
    """Why ``reason`` cannot stand as the office's decision on a late acceptance ("" when
    it can): it must say who decided, as a 延期验收's decision must (``decision_words``)."""
    from .decision_words import decision_refusal

    return decision_refusal(reason, "逾期结题的同意理由", LATE_EXAMPLE)


LATE_EXAMPLE = "主任办公会2024年3月5日研究同意拨付尾款：因疫情停工顺延"
AGREED = "经研究同意"
# a reason that names the decision itself (主任办公会…研究同意…) is not prefixed with a vaguer one
NAMES_DECISION = re.compile("研究|同意|决定|批准|批示")


def agreed(reason: str) -> str:
    """The decision and its reason after 逾期结题: the reason alone when it names the
    decision, else 经研究同意 before it."""
    return f"：{reason}" if NAMES_DECISION.search(reason) else f"，{AGREED}：{reason}"


def registered(operator: str | None) -> str:
    """Who typed the decision in: named as its registrar, not as who decided."""
    return f"（{operator} 登记）" if operator else ""


def limit_text(reg: Register, app: ProjectApplication) -> str:
    return completion_limit_of(reg, app).isoformat()


@dataclass(frozen=True)
class LateMark:
    """A project accepted after its latest completion date, on the office's decision."""

    project_id: int
    operator: str  # who recorded the acceptance (a clerk, often): not who decided
    reason: str  # the whole status reason as recorded

    @property
    def decision(self) -> str:
        """The reason typed with the acceptance (naming the decision), without the
        recorded wording around it — that of today or of before (经<operator>同意：)."""
        _, _, rest = self.reason.partition("：")
        return rest.removesuffix(registered(self.operator)).strip() or self.reason

    @property
    def limit(self) -> str:
        """The latest completion date the acceptance was after, as recorded ("" unknown)."""
        found = re.match(rf"{LATE}（最晚 ([0-9-]+)）", self.reason)
        return found.group(1) if found else ""

    @property
    def text(self) -> str:
        """The mark a list and a tooltip give a late project's last tranche: the office's
        decision, the reason, and who recorded it."""
        return f"{LATE}{agreed(self.decision)}{registered(self.operator)}"


def late_marks(reg: Register, project_ids: Iterable[int]) -> dict[int, LateMark]:
    """Of these projects, those whose (last) acceptance was recorded as 逾期结题."""
    ids = sorted(set(project_ids))
    out: dict[int, LateMark] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        # the last move into 结题验收 from 核准 / 首笔拨付 / 验收未通过: an acceptance (a
        # 撤销拨付登记 moves back into it too, from 尾款拨付, and says nothing of the
        # acceptance); a move out of it but to 尾款拨付 withdraws it (撤销结题验收)
        for pid, to, operator, reason in reg.conn.execute(
                "SELECT h.application_id, h.to_status, h.operator, h.reason FROM status_history h"
                " WHERE h.stream = ? AND ((h.to_status = 'accepted'"
                " AND h.from_status IN ('approved', 'paid_first', 'acceptance_failed'))"
                " OR (h.from_status = 'accepted' AND h.to_status != 'paid_final'))"
                f" AND h.application_id IN ({marks}) ORDER BY h.id", (PROJECT, *chunk)):
            if to == "accepted" and (reason or "").startswith(LATE):
                out[pid] = LateMark(pid, operator or "", reason)
            else:
                out.pop(pid, None)
    return out


def late_line(line: PaymentLine, marks: dict[int, LateMark]) -> str:
    """The mark a payment line carries: a project's last tranche (paid after acceptance)
    when its acceptance was late, else ""."""
    if line.stream != PROJECT or line.tranche != line.tranche_count or line.tranche_count < 2:
        return ""
    mark = marks.get(line.app_id)
    return mark.text if mark else ""
