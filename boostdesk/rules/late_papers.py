"""Papers received after the year's 报送截止日, and the reviewer's decision to accept them.

三: 各单位需于2022年11月1日前完成材料报送. The plan sets the deadline and says nothing of
a paper that comes after it: it neither refuses nor admits one, so whether a late paper is
accepted (受理) is the reviewer's decision — the rules only say it (LATE_SUBMISSION, a 提示
that leaves the verdict 合格). That decision is made when the paper passes 资格审核: a pass
of a late paper needs the reviewer's reason, kept in the status history as
同意受理逾期报送：…, one paper or several at once (a batch names the late ones and takes
the reason for them apart from the rest, or passes only those on time).

No Qt: 改变状态 (``hand_moves.check_hand_move`` and the window's moves), 资格审核
(``panel.qualification``) and ``boostdesk panel qualify`` read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from boostdesk.models.campaign import Campaign
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT, id_ref
from boostdesk.models.register import Register

ACCEPTING = "qualified"  # the move that accepts a paper: 资格审核通过
ACCEPTED = "同意受理逾期报送"  # how the status history's reason begins
NAMED = 20  # late papers named in a message; the rest counted
LIST_MARK = "逾期报送"  # the lists' verdict: ✓ 合格（逾期报送）
CODE = "LATE_SUBMISSION"  # the rule's finding (rules.patent.submission_findings)


class LateUndecided(ValueError):
    """A late paper would be accepted with no reason to (the message names them)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Late:
    """One late paper: when it came, the year's deadline, the clause that sets it."""

    app_id: int
    received: date
    deadline: date
    clause: str  # 方案三

    @property
    def said(self) -> str:
        """收件日期 2023-03-03 晚于报送截止日 2022-11-01（方案三）."""
        return (f"收件日期 {self.received.isoformat()} 晚于报送截止日 "
                f"{self.deadline.isoformat()}（{self.clause}）")


def late_papers(reg: Register, stream: str, app_ids: Iterable[int]) -> dict[int, Late]:
    """Those of ``app_ids`` received after their year's 报送截止日 (the day itself is on
    time), as the rule judges them (``rules.patent.submission_findings``)."""
    table = "patent_applications" if stream == PATENT else "project_applications"
    years: dict[int, tuple[date, str]] = {}
    out: dict[int, Late] = {}
    for app_id, cid, received in select_in(
            reg.conn, f"SELECT id, campaign_id, received_date FROM {table} WHERE id IN",
            list(dict.fromkeys(app_ids))):
        if not received:
            continue
        if cid not in years:
            c = Campaign.from_json(reg.scalar("SELECT params FROM campaigns WHERE id = ?",
                                              (cid,)))
            years[cid] = (c.submission_deadline, c.clause("deadline"))
        deadline, clause = years[cid]
        day = date.fromisoformat(received[:10])
        if day > deadline:
            out[int(app_id)] = Late(int(app_id), day, deadline, clause)
    return out


def to_accept(reg: Register, stream: str, app_ids: Sequence[int], target: str
              ) -> dict[int, Late]:
    """The late papers among ``app_ids`` that moving them to ``target`` would accept: a
    move to 资格审核通过 from another status (one passed already was decided then)."""
    if target != ACCEPTING:
        return {}
    late = late_papers(reg, stream, app_ids)
    if not late:
        return {}
    table = "patent_applications" if stream == PATENT else "project_applications"
    passed = {int(i) for i, s in select_in(reg.conn, f"SELECT id, status FROM {table} WHERE id IN",
                                           list(late)) if s == ACCEPTING}
    return {i: x for i, x in late.items() if i not in passed}


def named(stream: str, late: Mapping[int, Late], most: int = NAMED) -> str:
    """专利32、专利33、专利35（收件日期 2023-03-03，晚于报送截止日 2022-11-01，方案三）:
    the late papers by 登记号, their days said once when they share them, else each its
    own; past ``most`` counted (等 120 项)."""
    ids = sorted(late)
    shown = ids[:most]
    more = f"等 {len(ids)} 项" if len(ids) > most else ""
    days = {late[i].received for i in ids}
    deadlines = {(late[i].deadline, late[i].clause) for i in ids}
    if len(deadlines) == 1:
        deadline, clause = next(iter(deadlines))
        tail = f"晚于报送截止日 {deadline.isoformat()}，{clause}"
        if len(days) == 1:
            return ("、".join(id_ref(stream, i) for i in shown) + more
                    + f"（收件日期 {next(iter(days)).isoformat()}，{tail}）")
        return ("、".join(f"{id_ref(stream, i)}（{late[i].received.isoformat()} 收件）"
                         for i in shown) + more + f"，均{tail}")
    return "；".join(f"{id_ref(stream, i)}：{late[i].said}" for i in shown) + more


def refs(stream: str, late: Iterable[int], most: int = 5) -> str:
    """专利32、专利33等 6 项: by 登记号 alone, for a short line (the status bar)."""
    ids = sorted(late)
    return "、".join(id_ref(stream, i) for i in ids[:most]) + (
        f"等 {len(ids)} 项" if len(ids) > most else "")


def refusal(stream: str, late: Mapping[int, Late], how: str) -> str:
    """Why a pass of these late papers was not made: no reason given to accept them.
    ``how``: what the caller's clerk does about it (a field, a command's option)."""
    return (f"{named(stream, late)}逾期报送，方案只定了报送截止日，是否受理由审核人决定：{how}")


def stored_reason(reason: str, late_reason: str) -> str:
    """A late paper's status history reason: 同意受理逾期报送：<why>, then the move's own
    说明 when it says something else."""
    late_reason, reason = late_reason.strip(), reason.strip()
    text = f"{ACCEPTED}：{late_reason}"
    return f"{text}；{reason}" if reason and reason != late_reason else text


def reasons(reg: Register, stream: str, app_ids: Sequence[int], target: str, reason: str,
            late_reason: str | None, how: str) -> dict[int, str]:
    """The reason each of ``app_ids`` moves to ``target`` with: ``reason``, and for a late
    paper it accepts :func:`stored_reason` with ``late_reason`` (None: ``reason`` itself,
    for one paper). Raises ValueError (:func:`refusal`, with ``how``) when a late paper
    would be accepted with no reason to."""
    late = to_accept(reg, stream, app_ids, target)
    why = late_reason if late_reason is not None else (reason if len(app_ids) == 1 else "")
    if late and not why.strip():
        raise LateUndecided(refusal(stream, late, how))
    return {i: stored_reason(reason, why) if i in late else reason for i in app_ids}


# How the decision is said once made (the rule's 提示 asks it: 是否受理由审核人决定)
DECIDED = "逾期报送，已经审核同意受理"
ASKED = "，是否受理由审核人决定"  # how the rule's 提示 ends (rules.patent.submission_findings)
_REMARK_WORD = "受理"  # a 备注 that records the acceptance (typed before it was asked for)


def accepted(reg: Register, stream: str, app_id: int) -> str | None:
    """The reviewer's decision to accept a late paper, said: None while undecided (never
    passed 资格审核, or refused since), else :data:`DECIDED` with its reason — the
    受理理由 its 资格审核通过 kept (同意受理逾期报送：…), or the one it was passed with, or
    a 备注 that says it (逾期报送，经审核同意受理: papers passed before the reason was
    asked). A paper passed is accepted: that move is the decision (:func:`to_accept`)."""
    table = "patent_applications" if stream == PATENT else "project_applications"
    row = reg.conn.execute(f"SELECT status, remarks FROM {table} WHERE id = ?",
                           (app_id,)).fetchone()
    if row is None or row[0] in ("registered", "refused"):
        return None
    passes = [str(r or "") for (r,) in reg.conn.execute(
        "SELECT reason FROM status_history WHERE stream = ? AND application_id = ?"
        " AND to_status = ? ORDER BY id", (stream, app_id, ACCEPTING))]
    if not passes:  # a status past 资格审核 reached another way (补录, 往年): not this
        return None
    said = passes[-1].strip()
    reason = said.removeprefix(f"{ACCEPTED}：") if said.startswith(ACCEPTED) else said
    remark = (row[1] or "").strip()
    if reason:
        return f"{DECIDED}（理由：{reason}）"
    return f"{DECIDED}（备注：{remark}）" if _REMARK_WORD in remark else DECIDED
