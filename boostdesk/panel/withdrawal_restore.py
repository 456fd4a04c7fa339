"""恢复申报: a withdrawal (撤回申报, :mod:`.withdrawal`) taken back. No Qt here.

Two ways back, one restoration:

* the clerk's slip (the wrong paper withdrawn), undone by Ctrl+Z right after
  (:func:`undo_withdrawal`): the paper exactly as it was, its status history too (the
  withdrawal's row goes; the audit trail keeps the withdrawal and the undo, noted 撤销“…”);
* the union's second letter taking its withdrawal back (撤销撤回, :func:`restore_application`):
  its day, writer and reason, kept in the status history (the move back) and the trail, and
  said by the publicity list's 更正 when a posted list named the withdrawal.

What comes back is what the withdrawal took, read from its own trail lines (they are
written together, in one transaction, just before its ``withdraw_application`` line): the
status it had and that status's reason (核准（公示期满无异议） again), an approval's award,
level and 核准日期, its unpaid payment lines — the same rows, ids, amounts in fen, due dates
and vouchers, so a 退汇 standing on one stands again — and a proposal adopted and not yet
published.

Refused, in words naming what stands in the way, while anything after the withdrawal
conflicts: a list adopted since (the freed place may have been given: its tiered projects
named), the unpublished list it was in withdrawn or published since, the studio's other
project listed or awarded since (二（二）2), the inventor's other patent approved since
(一（三）), another paper claiming the patent number, the year closed (往年结年). A project
withdrawn in publicity whose period closed since comes back approved as of the close, as
a withdrawn objection's project does (unless an objection still holds it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.program_name import hint_named
from boostdesk.validate import after_today

from .errors import PanelError
from .withdrawal import ACTION as WITHDRAW_ACTION
from .withdrawal import TARGET, Withdrawn, letter_refusal, letter_union, withdrawn

RESTORED_ZH = "推荐单位撤销撤回"
CHOICE_ZH = "恢复申报（推荐单位来函撤销撤回）"  # as 改变状态 offers it
ACTION = "restore_application"  # the letter's audit line
UNDO_ACTION = "undo_withdrawal"  # the slip's (Ctrl+Z)
REASON_HINT = "如：推荐单位来函撤销撤回，继续申报"
# the restore's own move (status history and trail), as :func:`restore_reason` words it
_REASON = re.compile(rf"^{RESTORED_ZH}（(?P<by>.*) (?P<on>\d{{4}}-\d{{2}}-\d{{2}}) 来函）："
                     r"(?P<why>.*)$", re.S)
_REACH = 64  # a withdrawal's own deletions, just before its status move (a few rows)
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}


def restore_reason(on: date, by: str, why: str) -> str:
    """推荐单位撤销撤回（北京经济技术开发区总工会 2023-01-06 来函）：……"""
    return f"{RESTORED_ZH}（{by.strip()} {on.isoformat()} 来函）：{why.strip()}"


@dataclass(frozen=True)
class Letter:
    """The letter a move back records (its status history reason)."""

    on: date
    by: str
    why: str


def restore_letter(reason: str) -> Letter | None:
    m = _REASON.match(reason or "")
    return Letter(date.fromisoformat(m["on"]), m["by"], m["why"]) if m else None


@dataclass(frozen=True)
class TakenBack:
    """A withdrawal made while the project stood on a posted publicity list, and the
    union's letter taking it back: what that list's 更正 says."""

    withdrawn: Withdrawn
    letter: Letter


# Withdrawn from these, a project was on a posted list (公示, or 核准 after it)
_POSTED = ("publicized", "approved")


def taken_back(reg: Register, project_ids: list[int]) -> dict[int, tuple[TakenBack, ...]]:
    """The projects' withdrawals taken back by letter after their list was posted, oldest
    first (a slip undone left no status history to find)."""
    from boostdesk.models.record_rows import select_in

    out: dict[int, list[TakenBack]] = {}
    last: dict[int, tuple[str, str, str]] = {}
    for _id, app_id, was, to, reason in sorted(select_in(
            reg.conn, "SELECT id, application_id, from_status, to_status, reason FROM"
            " status_history WHERE stream = 'project' AND application_id IN", project_ids)):
        letter = restore_letter(reason)
        before = last.get(app_id)
        if letter is not None and before is not None and before[0] in _POSTED:
            w = withdrawn(before[1], before[2])
            if w is not None:
                out.setdefault(app_id, []).append(TakenBack(w, letter))
        last[app_id] = (was or "", to, reason or "")
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Taken:
    """What the paper's standing withdrawal took, as its trail lines recorded it."""

    stream: str
    app_id: int
    was: str  # the status it had
    withdrawn: Withdrawn
    event_id: int  # the withdrawal's own trail line (withdraw_application)
    history_id: int  # its status_history row
    reason: str  # the reason of the status it had (the status history row before)
    # that row's 资格审核日期, else the day it was recorded: a 资格审核通过 restored by letter
    # keeps the day the 审批表 printed (not the letter's)
    decided_on: str | None
    award: dict[str, Any]  # award_fen, approved_date (an approval's, cleared)
    payments: tuple[dict[str, Any], ...]  # the unpaid lines deleted, as they were
    proposal: dict[str, Any] | None  # the unpublished proposal row deleted

    @property
    def owed_fen(self) -> int:
        return sum(int(p["amount_fen"]) for p in self.payments)


def taken(reg: Register, stream: str, app_id: int) -> Taken | None:
    """The withdrawal standing on the paper now, with what it took; None when the paper is
    not withdrawn (or its withdrawal's trail lines are not found)."""
    app = reg.application(stream, app_id)
    w = withdrawn(app.status, app.status_reason)
    if w is None:
        return None
    table = _TABLE[stream]
    history = reg.query("SELECT * FROM status_history WHERE stream = ? AND application_id = ?"
                        " ORDER BY id DESC LIMIT 2", (stream, app_id))
    if not history or history[0]["to_status"] != app.status \
            or history[0]["reason"] != app.status_reason:
        return None
    event = reg.query("SELECT id, before, after FROM audit_events WHERE entity = ?"
                      " AND entity_id = ? AND action = ? ORDER BY id DESC LIMIT 1",
                      (table, app_id, WITHDRAW_ACTION))
    moved = reg.query("SELECT id, before FROM audit_events WHERE entity = ? AND entity_id = ?"
                      " AND action = 'status' AND id < ? ORDER BY id DESC LIMIT 1",
                      (table, app_id, event[0]["id"])) if event else []
    if not moved:
        return None
    was = json.loads(event[0]["before"] or "{}").get("status")
    before = json.loads(moved[0]["before"] or "{}")
    if not was or before.get("status") != was:
        return None
    payments, proposal = _deleted_with(reg, stream, app_id, int(moved[0]["id"]))
    prior = history[1] if len(history) > 1 else None
    return Taken(stream, app_id, was, w, int(event[0]["id"]), int(history[0]["id"]),
                 (prior["reason"] or "") if prior and prior["to_status"] == was else "",
                 (prior["decided_on"] or str(prior["at"])[:10])
                 if prior and prior["to_status"] == was else None,
                 {k: before[k] for k in ("award_fen", "approved_date") if k in before},
                 payments, proposal)


def _deleted_with(reg: Register, stream: str, app_id: int, status_event: int
                  ) -> tuple[tuple[dict[str, Any], ...], dict[str, Any] | None]:
    """The payment rows and proposal the withdrawal deleted: its trail lines just before its
    status move (one transaction holds the register, so they are the lines next to it)."""
    payments: list[dict[str, Any]] = []
    proposal = None
    for r in reg.query("SELECT entity, entity_id, action, before FROM audit_events"
                       " WHERE id < ? AND id >= ? ORDER BY id DESC",
                       (status_event, status_event - _REACH)):
        row = json.loads(r["before"] or "{}")
        if r["action"] != "delete":
            break
        if r["entity"] == "payments" and row.get("stream") == stream \
                and row.get("application_id") == app_id:
            payments.append(row)
        elif r["entity"] == "proposals" and r["entity_id"] == app_id and stream == PROJECT:
            proposal = row
        else:
            break
    return tuple(sorted(payments, key=lambda p: p["id"])), proposal


def _since(reg: Register, event_id: int, action: str, entity: str, entity_id: int
           ) -> list[dict[str, Any]]:
    return reg.query("SELECT id, at, after FROM audit_events WHERE id > ? AND action = ?"
                     " AND entity = ? AND entity_id = ? ORDER BY id",
                     (event_id, action, entity, entity_id))


def _titles(reg: Register, ids: list[int]) -> str:
    rows = {r["id"]: r["title"] for r in reg.query(
        f"SELECT id, title FROM project_applications WHERE id IN ({','.join('?' * len(ids))})",
        tuple(ids))} if ids else {}
    return "、".join(f"“{rows[i]}”（{id_ref(PROJECT, i)}）" for i in ids if i in rows)


def _day(at: str) -> str:
    return str(at)[:10]


def refusal(reg: Register, stream: str, app_id: int) -> str:
    """Why the paper's withdrawal cannot be taken back now, in Chinese, or "" when it can."""
    from boostdesk.erase_person import erased_refusal

    if why := erased_refusal(reg, stream, app_id):
        return why
    app = reg.application(stream, app_id)
    name = f"{id_ref(stream, app_id)}“{app.title}”"
    t = taken(reg, stream, app_id)
    if t is None:
        if withdrawn(app.status, app.status_reason) is None:
            return (f"{name}现为“{STATUS_ZH.get(app.status, app.status)}”，不是推荐单位撤回的申报，"
                    "无需恢复")
        return (f"{name}撤回后已有其他变动（或找不到撤回申报的修改记录），不能恢复申报："
                "请报请研究后按流程处理")
    year = app.campaign_year
    cid = reg.campaign_id(year)
    head = f"{name}于 {t.withdrawn.on.isoformat()} 撤回申报后"
    closed = _since(reg, t.event_id, "close_year", "campaigns", cid)
    reopened = _since(reg, t.event_id, "reopen_year", "campaigns", cid)
    if closed and (not reopened or reopened[-1]["id"] < closed[-1]["id"]):  # still closed
        return (f"{head}，{year} 年度已于 {_day(closed[-1]['at'])} 往年结年，不能恢复申报："
                "如确需恢复，先撤销往年结年")
    if stream == PATENT:
        return _patent_refusal(reg, app, t, head)
    return _project_refusal(reg, app, t, head, cid)


def _patent_refusal(reg: Register, app: Any, t: Taken, head: str) -> str:
    if app.patent_number:
        others = [r for r in reg.query(
            "SELECT id, status FROM patent_applications WHERE patent_number = ? AND id != ?"
            " AND status NOT IN ('refused', 'revoked') ORDER BY id", (app.patent_number, app.id))]
        if others:
            named = "、".join(f"{id_ref(PATENT, r['id'])}（{STATUS_ZH.get(r['status'], r['status'])}）"
                              for r in others)
            return (f"{head}，同一专利号 {app.patent_number} 已由{named}申报，不能恢复申报："
                    "同一专利只能申报一次，请先核对并处理该申报")
    if t.was != "approved" or app.person_id is None:
        return ""
    limit = reg.campaign(app.campaign_year).max_patent_awards_per_person
    held = reg.query(
        "SELECT id, status FROM patent_applications WHERE person_id = ? AND id != ?"
        " AND campaign_id = ? AND status IN ('approved', 'paid') ORDER BY id",
        (app.person_id, app.id, reg.campaign_id(app.campaign_year)))
    if len(held) >= limit:
        named = "、".join(f"{id_ref(PATENT, r['id'])}（{STATUS_ZH[r['status']]}）" for r in held)
        return (f"{head}，{app.inventor_name} 本年度已有核准的专利{named}，每人每年最多享受"
                f" {limit} 次助推（方案一（三）），不能恢复核准")
    return ""


def _project_refusal(reg: Register, app: Any, t: Taken, head: str, cid: int) -> str:
    adopted = _since(reg, t.event_id, "adopt", "proposals", cid)
    if t.was == "review" and adopted:
        return (f"{head}，拟助推名单已于 {_day(adopted[0]['at'])} 采纳（未含该项目），不能恢复申报："
                "名单尚未公示的，请先在“专家评审 → 排名与档次”中撤回拟助推名单，恢复后重新采纳；"
                "已公示的，请报请研究")
    if t.was == "proposed":
        if published := _published_since(reg, t.event_id, app.campaign_year):
            return (f"{head}，拟助推名单已于 {_day(published[0]['at'])} 开始公示（未含该项目），"
                    "不能恢复申报：是否另批公示，请报请研究")
        if gone := _since(reg, t.event_id, "withdraw", "proposals", cid):
            return hint_named(f"{head}，其所在的拟助推名单已于 {_day(gone[0]['at'])} 撤回，"
                              "不能恢复申报：请重新采纳拟助推名单（boostdesk panel adopt）前报请研究")
    if t.was in ("proposed", "publicized", "approved"):
        tiered = [p["id"] for r in adopted for p in json.loads(r["after"] or "{}").get(
            "proposals", []) if p.get("tier_fen") is not None and p.get("id") != app.id]
        standing = [r["project_id"] for r in reg.query(
            "SELECT project_id FROM proposals WHERE campaign_id = ? AND amount_fen IS NOT NULL",
            (cid,))]
        taken_by = [i for i in dict.fromkeys(tiered) if i in standing]
        if taken_by:
            return (f"{head}，拟助推名单已于 {_day(adopted[-1]['at'])} 重新采纳，空出的名额可能已给"
                    f"{_titles(reg, taken_by)}，不能恢复申报（恢复后将超出档次名额）：名单尚未公示的，"
                    "请先在“专家评审 → 排名与档次”中撤回拟助推名单，恢复后重新采纳；已公示的，请报请"
                    "研究，另行决定")
        if app.studio_id is not None:
            from boostdesk.rules.check import FUNDED_OR_LISTED

            rows = reg.query(
                "SELECT id, title, status FROM project_applications WHERE studio_id = ?"
                f" AND id != ? AND campaign_id = ? AND status IN {FUNDED_OR_LISTED!r}"
                " ORDER BY id", (app.studio_id, app.id, cid))
            if rows:
                named = "、".join(f"“{r['title']}”（{id_ref(PROJECT, r['id'])}，"
                                  f"{STATUS_ZH.get(r['status'], r['status'])}）" for r in rows)
                return (f"{head}，工作室“{app.studio_name}”的{named}已列入助推，同一工作室获得"
                        "助推的项目至多 1 项（方案二（二）2），不能恢复申报")
    return ""


def _published_since(reg: Register, event_id: int, year: int) -> list[dict[str, Any]]:
    """The year's publicity batches started since (their line is the period's own)."""
    return reg.query("SELECT id, at FROM audit_events WHERE id > ? AND action = 'create'"
                     " AND entity = 'publicity_periods' AND json_extract(after, '$.year') = ?"
                     " ORDER BY id", (event_id, year))


def question(reg: Register, stream: str, app_id: int, on: date, by: str) -> str:
    """确定恢复？ as asked before the move: the paper, the letter and what comes back."""
    from boostdesk.money import format_money

    app = reg.application(stream, app_id)
    t = taken(reg, stream, app_id)
    said = [f"按{letter_union(reg, stream, app_id, by)} {on.isoformat()} 来函撤销撤回，恢复为“{back_to_zh(reg, t)}”"]
    if t is not None and t.award.get("award_fen"):
        said.append(f"恢复核准的助推金额 {format_money(int(t.award['award_fen']))}"
                    + (f"（核准日期 {t.award['approved_date']}）" if t.award.get("approved_date")
                       else ""))
    if t is not None and t.payments:
        said.append(f"恢复撤回时删除的未拨付应拨款项 {len(t.payments)} 笔，共"
                    f" {format_money(t.owed_fen)}")
    if t is not None and t.proposal is not None:
        said.append("恢复到拟助推名单中（尚未公示）")
    return (f"确定恢复{id_ref(stream, app_id)}“{app.title}”的申报？\n\n"
            + "；\n".join(said) + "。\n\n状态历史和修改记录写明推荐单位撤销撤回、来函日期和来函单位"
            "（登记前自动备份登记册）。")


def _back_to(reg: Register, t: Taken | None) -> str:
    """The status the paper comes back to: the one it had, but a project withdrawn in
    publicity whose period closed since is approved as of the close (unless an objection
    still holds it), as closing would have done."""
    if t is None:
        return ""
    if t.stream == PROJECT and t.was == "publicized":
        from .publicity import _blocked, period_of

        p = period_of(reg, t.app_id)
        if p is not None and p.closed and not _blocked(reg, t.app_id):
            return "approved"
    return t.was


def back_to_zh(reg: Register, t: Taken | None) -> str:
    """:func:`_back_to` in Chinese (the dialog says it before the move)."""
    back = _back_to(reg, t)
    return STATUS_ZH.get(back, back)


@dataclass(frozen=True)
class RestoreResult:
    status_zh: str  # the status it is in now
    payments_restored: int  # unpaid payment lines put back
    owed_fen: int  # what they come to


def restore_application(reg: Register, stream: str, app_id: int, on: date, by: str,
                        why: str, *, cancelled: Callable[[], bool] | None = None
                        ) -> RestoreResult:
    """The union's letter dated ``on``, written by ``by``, taking its withdrawal back for
    ``why``: refused in words when :func:`refusal` says so. Backed up first, audited
    (``restore_application``), the move back kept in the status history with the letter."""
    from boostdesk.safety.backup import backed_up_write

    if not by.strip():
        raise PanelError("请填写来函单位（推荐单位，或申报人经推荐单位来函）")
    if not why.strip():
        raise PanelError(f"请填写恢复理由（{REASON_HINT}）")
    if future := after_today(on, "来函日期"):
        raise PanelError(future)
    # a refusal takes no good backup's place
    why_not = refusal(reg, stream, app_id) or letter_refusal(reg, stream, app_id, by, "恢复申报")
    if why_not:
        raise PanelError(why_not)
    by = letter_union(reg, stream, app_id, by)  # kept as registered, not as typed
    t = taken(reg, stream, app_id)
    assert t is not None  # refusal() said so otherwise
    if on < t.withdrawn.on:
        raise PanelError(f"来函日期 {on.isoformat()} 早于撤回申报的来函日期"
                         f" {t.withdrawn.on.isoformat()}，请核对")
    reason = restore_reason(on, by, why)
    with backed_up_write(reg, "reinstate", cancelled), reg.transaction():
        says = t.reason or reason
        done = _restore(reg, t, reason, says)
        reg.audit(ACTION, _TABLE[stream], app_id, {"status": TARGET[stream]},
                  {"status": done, "letter_date": on.isoformat(), "by": by.strip(),
                   "reason": why.strip(), "withdrawn": t.withdrawn.text, "status_reason": says,
                   "payments_restored": len(t.payments),
                   "payments_restored_fen": t.owed_fen})
    return RestoreResult(STATUS_ZH.get(done, done), len(t.payments), t.owed_fen)


def undo_withdrawal(reg: Register, stream: str, app_id: int) -> RestoreResult:
    """The clerk's slip undone (Ctrl+Z): the paper as it was before the withdrawal, its
    status history too (the withdrawal's row and the move back both go: the trail keeps
    them, noted 撤销“…”). Refused in words as :func:`refusal` refuses a letter's."""
    with reg.transaction():
        if why_not := refusal(reg, stream, app_id):
            raise PanelError(f"不能撤销：{why_not}")
        t = taken(reg, stream, app_id)
        assert t is not None
        done = _restore(reg, t, f"撤销撤回申报（{t.withdrawn.text}）", t.reason)
        reg.conn.execute("DELETE FROM status_history WHERE stream = ? AND application_id = ?"
                         " AND id >= ?", (stream, app_id, t.history_id))
        reg.audit(UNDO_ACTION, _TABLE[stream], app_id, {"status": TARGET[stream]},
                  {"status": done, "withdrawn": t.withdrawn.text, "status_reason": t.reason,
                   "payments_restored": len(t.payments),
                   "payments_restored_fen": t.owed_fen})
    return RestoreResult(STATUS_ZH.get(done, done), len(t.payments), t.owed_fen)


def _restore(reg: Register, t: Taken, reason: str, says: str) -> str:
    """The move back for ``reason`` and what comes with it, inside the caller's
    transaction: the status (the paper's status reason then ``says``), the award, the
    proposal row, the payment lines as they were. Returns the status it is in now."""
    from .publicity import _approve, _outcome, period_of

    stream, app_id = t.stream, t.app_id
    back = _back_to(reg, t)
    if t.proposal is not None:
        reg.conn.execute(
            f"INSERT INTO proposals ({', '.join(t.proposal)}) VALUES"
            f" ({', '.join('?' * len(t.proposal))})", tuple(t.proposal.values()))
        reg.audit("restore", "proposals", app_id, None, {**t.proposal, "reason": reason})
    if back == "approved" and t.was == "publicized":  # the period closed since
        p = period_of(reg, app_id)
        assert p is not None and p.closed is not None
        app = reg.project(app_id)
        _approve(reg, app.campaign_year, app_id, p.closed, f"{reason}；{_outcome(reg, app_id)}"
                 f"（公示已于 {p.closed.isoformat()} 结束，核准日期为结束日期）")
        return back
    fields: dict[str, Any] = {}
    if back == "approved":
        fields = {"award_fen": t.award.get("award_fen"),
                  "approved_date": date.fromisoformat(t.award["approved_date"][:10])
                  if t.award.get("approved_date") else None}
        if stream == PROJECT:  # at the level it was awarded at (the row kept it)
            fields["award_level"] = reg.scalar(
                "SELECT award_level FROM project_applications WHERE id = ?", (app_id,))
    reg.set_status(stream, app_id, back, reason, restoring=True,
                   decided_on=date.fromisoformat(t.decided_on[:10])
                   if back == "qualified" and t.decided_on else None, **fields)
    # the paper says what it said before (核准（公示期满无异议）); the move keeps the letter
    reg.conn.execute(f"UPDATE {_TABLE[stream]} SET status_reason = ? WHERE id = ?",
                     (says, app_id))
    for row in t.payments:
        reg.conn.execute(f"INSERT INTO payments ({', '.join(row)}) VALUES"
                         f" ({', '.join('?' * len(row))})", tuple(row.values()))
        reg.audit("restore", "payments", row["id"], None, {**row, "reason": reason})
    return back
