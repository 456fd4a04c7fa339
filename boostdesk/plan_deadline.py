"""A year's 报送截止日 moved earlier than 收件日期 its papers already hold.

三 sets the deadline; a paper received after it is 逾期报送, whether to accept it the
reviewer's decision (``rules.late_papers``). A deadline typed a few days early (2023-10-20
for 2023-10-31) would turn papers received in time late: those awaiting 资格审核 wait for
the reviewer's decision (待办 逾期报送待审核人决定), those already passed, approved or paid
read 合格（逾期报送）. It is said first — how many papers, which, what changes — and stored
once agreed (设置's question, ``campaign set --yes``), as a later 印发日期 is
(``plan_issue_date``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from boostdesk.models.records import PATENT, PROJECT, id_ref

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign
    from boostdesk.models.register import Register

NAMED = 3  # papers named in a line before 等 N 项
TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}
WAITING = ("registered",)  # not passed at 资格审核 yet: the reviewer decides at the pass
NOT_JUDGED = ("refused", "revoked", "not_awarded")  # already out: said as nothing more


def _named(refs: list[str]) -> str:
    return "、".join(refs[:NAMED]) + (f" 等 {len(refs)} 项" if len(refs) > NAMED else "")


@dataclass(frozen=True)
class DeadlineMove:
    """A 报送截止日 moved earlier than 收件日期 the year's papers hold."""

    year: int
    old: date
    new: date
    first: date  # the earliest 收件日期 now late
    waiting: tuple[str, ...]  # 登记号 of papers not yet passed at 资格审核
    passed: tuple[str, ...]  # passed, approved or paid
    out: tuple[str, ...]  # refused, not awarded, or judged 不合格 awaiting its refusal

    @property
    def papers(self) -> int:
        return len(self.waiting) + len(self.passed) + len(self.out)

    def question(self, advice: str = "方案原文确实如此的，可仍然保存；填错的，请改正。") -> str:
        """What 设置 asks and ``campaign set`` prints before storing it."""
        parts = []
        if self.waiting:
            parts.append(f"{len(self.waiting)} 项尚待资格审核（{_named(list(self.waiting))}），"
                         "将列为“逾期报送待审核人决定”，审核通过须写明受理理由")
        if self.passed:
            parts.append(f"{len(self.passed)} 项已资格审核通过、核准或拨付（{_named(list(self.passed))}），"
                         "将显示为“合格（逾期报送）”")
        if self.out:
            parts.append(f"{len(self.out)} 项已判不合格或不予助推（{_named(list(self.out))}），"
                         "另加注逾期报送")
        return (f"{self.year} 年度的材料报送截止日由 {self.old.isoformat()} 改为 "
                f"{self.new.isoformat()}，早于登记册中已有的收件日期（最早 {self.first.isoformat()}），"
                f"共 {self.papers} 项按期收到的申报将成为逾期报送（收件日期晚于报送截止日，"
                "是否受理由审核人决定）：" + "；".join(parts) + f"。\n{advice}")


def deadline_move(reg: Register, before: Campaign | None,
                  after: Campaign) -> DeadlineMove | None:
    """The papers of ``after``'s year received on time under ``before``'s deadline and late
    under ``after``'s; None when it did not move earlier or no paper falls between."""
    if before is None or after.submission_deadline >= before.submission_deadline:
        return None
    cid = reg.scalar("SELECT id FROM campaigns WHERE year = ?", (after.year,))
    if cid is None:
        return None
    new, old = after.submission_deadline.isoformat(), before.submission_deadline.isoformat()
    groups: dict[str, list[str]] = {"waiting": [], "passed": [], "out": []}
    days = []
    for stream, table in TABLES.items():  # patents first, by 登记号
        for app_id, status, eligible, day in reg.conn.execute(
                f"SELECT id, status, eligible, substr(received_date, 1, 10) FROM {table}"
                " WHERE campaign_id = ? AND substr(received_date, 1, 10) > ?"
                " AND substr(received_date, 1, 10) <= ? ORDER BY id", (cid, new, old)):
            # a 不合格 paper awaits its refusal (待办 不合格待审核), not a late decision
            kind = ("out" if status in NOT_JUDGED or (status in WAITING and eligible == 0)
                    else "waiting" if status in WAITING else "passed")
            groups[kind].append(id_ref(stream, int(app_id)))
            days.append(day)
    if not days:
        return None
    return DeadlineMove(after.year, before.submission_deadline, after.submission_deadline,
                        date.fromisoformat(min(days)), tuple(groups["waiting"]),
                        tuple(groups["passed"]), tuple(groups["out"]))


__all__ = ["DeadlineMove", "deadline_move"]
