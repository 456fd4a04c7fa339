"""Papers that stand passed though a hard condition of the plan fails: the office's
decision, said wherever decisions are made and published.

资格审核 may pass a paper the rules find blocking, with the office's reason
(``panel.qualification.decide``; a patent's 改变状态 to 资格审核通过 or 核准:
``rules.hand_moves.check_hand_move``; 维持核准: ``award_holds.keep``). That discretion is
the office's, but the ranking, adopting, the 审批表, the detail pane and the statistics say
it: which clause fails and the reason given. Derived, never typed: the blocking findings
stored now against the decisions on record in the audit trail, so a failure corrected since
(立项日期 put right) is no longer said, and one found only after the decision is said as
such, with no reason (nobody decided on it)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register

from .findings import stored_findings

# Statuses of a paper that stands passed (资格审核通过 and every step after it).
PASSED = {
    PATENT: ("qualified", "approved", "paid"),
    PROJECT: ("qualified", "review", "proposed", "not_awarded", "publicized", "approved",
              "paid_first", "accepted", "paid_final", "acceptance_failed"),
}
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}
# the audit actions of a pass against findings (award_holds names them too)
_QUALIFY, _ACCEPTED, _KEPT, _PAST = "qualify", "accept_findings", "award_keep", "record_past"
# a clause as the findings cite it: 方案二（二）1, 方案一（三）
_CLAUSE = re.compile(r"方案[一二三四五六七八九十]+(?:（[一二三四五六七八九十]+）)?\d*")
MARK = "不符合方案"  # the rows' marker: 档次 3万元（不符合方案）


@dataclass(frozen=True)
class PassedAgainst:
    """One passed paper's blocking findings now, and the office's decision on them."""

    stream: str
    app_id: int
    findings: tuple[str, ...]  # the blocking findings standing now
    reason: str  # the office's reason for passing against them ("": none on record)
    undecided: tuple[str, ...] = ()  # those of them no decision took: found since
    event_id: int = 0  # the trail line of the decision whose reason is ``reason``

    @property
    def clauses(self) -> str:
        """The clauses failed, as the findings cite them: 方案二（二）1、方案二（二）2."""
        found = dict.fromkeys(m.group(0) for f in self.findings for m in _CLAUSE.finditer(f))
        return "、".join(found) or "方案条件"

    @property
    def line(self) -> str:
        """What the ranking, adopting and the detail pane say of it, in one line."""
        said = "；".join(map(_bare, self.findings))
        if self.undecided:
            return (f"注意：资格审核通过后经核对不符合{self.clauses}（{said}），"
                    "尚无研究决定")
        return (f"注意：资格审核经研究通过，但不符合{self.clauses}（{said}）；"
                f"理由：{self.reason}")

    def opinion(self, reason: str | None = None) -> str:
        """The federation's opinion on the 审批表 (the award's amount left to the caller):
        经研究，本项目不符合方案二（二）1，按“…”理由同意助推; "" while a finding stands that
        no decision took (the award is held: ``award_holds`` says so on the sheet).
        ``reason``: the reason as quoted there (masked), else the whole."""
        if self.undecided:
            return ""
        what = "本专利" if self.stream == PATENT else "本项目"
        why = self.reason if reason is None else reason
        # a reason of its own 经研究… says the study: not said twice
        studied = "" if why.startswith("经研究") else "经研究，"
        return f"{studied}{what}不符合{self.clauses}，按“{why}”理由同意助推"


def _bare(message: str) -> str:
    """A finding without its closing clause (立项日期 … 不在 2022 年内), which the line
    names once before them."""
    m = _CLAUSE.search(message)
    if m and message.endswith(f"（{m.group(0)}）") and message.rfind("（方案") == m.start() - 1:
        return message[:m.start() - 1]
    return message


def passed_against(reg: Register, stream: str, app_ids: Sequence[int]
                   ) -> dict[int, PassedAgainst]:
    """Those of ``app_ids`` that stand passed with a blocking finding stored now, by id."""
    statuses = PASSED[stream]
    rows = list(select_in(
        reg.conn, f"SELECT id, findings FROM {_TABLE[stream]} WHERE eligible = 0"
        f" AND status IN ({','.join('?' * len(statuses))}) AND id IN", list(app_ids),
        statuses))
    return _judged(reg, stream, rows)


def passed_against_year(reg: Register, stream: str, year: int) -> dict[int, PassedAgainst]:
    """The year's papers that stand passed with a blocking finding, by id: one indexed
    query of those judged 不合格 (a few at 20,000 papers), then their decisions."""
    statuses = PASSED[stream]
    # by the verdict index (campaign, eligible): SQLite without statistics took the campaign's
    # own index and walked every paper of the year (tests/test_draft_check_scale.py)
    verdicts = f"{_TABLE[stream].split('_')[0]}_verdict"
    rows = reg.conn.execute(
        f"SELECT a.id, a.findings FROM {_TABLE[stream]} a INDEXED BY {verdicts} JOIN campaigns c"
        " ON c.id = a.campaign_id WHERE c.year = ? AND a.eligible = 0"
        f" AND a.status IN ({','.join('?' * len(statuses))}) ORDER BY a.id",
        (year, *statuses)).fetchall()
    return _judged(reg, stream, rows)


def _judged(reg: Register, stream: str, rows: Sequence[tuple[int, str]]
            ) -> dict[int, PassedAgainst]:
    out: dict[int, PassedAgainst] = {}
    for app_id, text in rows:
        found = tuple(f.message for f in stored_findings(text or "[]") if f.blocking)
        if not found:
            continue
        taken = _decisions(reg, stream, app_id)
        undecided = tuple(f for f in found if f not in taken)
        # the reason of the last decision that took any of them
        reason, event = next((took for msg, took in reversed(list(taken.items()))
                              if msg in found), ("", 0))
        out[app_id] = PassedAgainst(stream, app_id, found, reason, undecided, event)
    return out


def _decisions(reg: Register, stream: str, app_id: int) -> dict[str, tuple[str, int]]:
    """Each blocking finding a decision of the office passed this paper against -> the
    reason given and the decision's trail line, in the order decided (a later decision's
    last)."""
    out: dict[str, tuple[str, int]] = {}
    for event_id, action, before, after in reg.conn.execute(
            "SELECT id, action, before, after FROM audit_events WHERE entity = ? AND entity_id = ?"
            " AND action IN (?, ?, ?, ?) ORDER BY id",
            (_TABLE[stream], app_id, _QUALIFY, _ACCEPTED, _KEPT, _PAST)):
        b, a = json.loads(before or "{}"), json.loads(after or "{}")
        if action == _QUALIFY:
            if not (a.get("departs_from_findings") and a.get("decision") == "通过"):
                continue
            messages = [f["message"] for f in b.get("findings", ())
                        if f.get("severity") == "blocking"]
        else:
            messages = list(a.get("taken_findings" if action == _PAST else "findings", ()))
        for m in messages:
            out.pop(m, None)
            out[m] = (str(a.get("reason") or ""), int(event_id))
    return out
