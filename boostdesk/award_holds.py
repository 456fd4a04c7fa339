"""Awards no longer right: held from payment, saying what changed, what to do and, to the
fen, what is still owed or to be recovered.

An award is approved on the facts checked (一（四）2 核准：确认其真实、合规; 二（四）2
资格审核) and, for a project, on the ranking published (二（四）3 公示无异议的项目可获得相应
等级的助推资金). Either can change after approval: a correction or a late fact makes the
application 不合格 under the plan (its stored verdict), or a score that stops counting (a
conflict found late, a score corrected) ranks a published project out of its tier
(``panel.ranking.rank``'s ``stale_published``). Finance must not pay such an award until
the office decides: every path that lists, prints or records a payment (``finance``'s
lines, ``check_payable``, the payment lists, the approval sheet) asks :func:`holds`.

The check is cheap at scale: the verdicts are stored (one indexed query of the year's
awards judged 不合格), and the ranking is run only when the year has a published award
still unpaid in part with no decision of the office on record, and then once until the
register changes (``Register.kept``).
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH, id_ref
from boostdesk.models.register import Register, RegisterError
from boostdesk.money import format_money
from boostdesk.rules.findings import stored_findings
from boostdesk.said_where import aside

# The statuses in which some of an award may still be paid.
OPEN_AWARD = {PATENT: ("approved",), PROJECT: ("approved", "paid_first", "accepted")}
# ... and a project whose acceptance failed (the rest never paid) while a tranche before
# the last is unpaid: its first tranche the bank sent back (退汇) is owed again. Held by
# its findings (kept with ``keep``) or by its ranking (settled by 排名复核, which may
# withdraw it while none of its money stands paid: ``publicity.settle_rerank``).
FAILED_OWING_SQL = (
    "(a.status = 'acceptance_failed' AND EXISTS (SELECT 1 FROM payments p"
    " WHERE p.stream = 'project' AND p.application_id = a.id AND p.paid_date IS NULL"
    " AND p.tranche < (SELECT MAX(q.tranche) FROM payments q WHERE q.stream = 'project'"
    " AND q.application_id = a.id)))")
KEPT = "award_keep"  # the audit action of keep(): the office keeps an award despite findings
QUALIFY = "qualify"  # panel.qualification.decide's audit action (a pass against findings)
ACCEPTED = "accept_findings"  # rules.hand_moves: a patent passed by hand against findings
RECORDED_PAST = "record_past"  # panel.past: a past year's award recorded with its findings


@dataclass(frozen=True)
class Hold:
    """One award held from payment: what changed, the money, and what to do."""

    stream: str
    app_id: int
    title: str
    what: str  # what changed since the approval
    todo: str  # what the office does about it
    award_fen: int  # the award as approved
    now_fen: int  # what the result now gives (0: no award)
    paid_fen: int  # recorded as paid so far
    findings: tuple[str, ...] = ()  # the blocking findings that hold it (a verdict now 不合格)
    # what the rest waits for when the award itself stands (a card another paper also
    # gives: 待卡号核实): the money paid was rightly paid, nothing is to be recovered
    pending: str = ""
    # ``what`` as a document leaving the office prints it (the 审批表 circulates to the
    # unions for their seals): another applicant's name left out; "" when ``what`` names none
    outside: str = ""

    @property
    def what_outside(self) -> str:
        return self.outside or self.what

    @property
    def money(self) -> str:
        """What is owed or to be recovered, to the fen."""
        now, paid = format_money(self.now_fen), format_money(self.paid_fen)
        if self.pending:
            rest = format_money(self.award_fen - self.paid_fen)
            if not self.paid_fen:
                return f"核准 {format_money(self.award_fen)}，暂缓拨付，{self.pending}"
            return f"已拨付 {paid}，其余 {rest} 暂缓拨付，{self.pending}"
        if not self.paid_fen:
            return f"核准 {format_money(self.award_fen)}，按现结果应为 {now}"
        diff = self.now_fen - self.paid_fen
        if diff > 0:
            return f"已拨付 {paid}，按现结果应为 {now}，尚需拨付 {format_money(diff)}"
        if diff == 0:
            return f"已拨付 {paid}，按现结果应为 {now}，其余不应再拨付"
        return f"已拨付 {paid}，按现结果应为 {now}，多拨 {format_money(-diff)}，应予追回"

    @property
    def message(self) -> str:
        return (f"{STREAM_ZH[self.stream]}“{self.title}”暂缓拨付：{self.what}（{self.money}）。"
                f"{self.todo}")

    @property
    def fact(self) -> str:
        """The hold as a finance document states it (the 拨付清单's 注): the fact, no
        clicks or commands — those are the screens' (:attr:`message`)."""
        return (f"{STREAM_ZH[self.stream]}“{self.title}”暂缓拨付：{self.what_outside}"
                f"（{self.money}）")


def holds(reg: Register, year: int) -> dict[tuple[str, int], Hold]:
    """The year's awards held from payment, by (stream, application id); kept until the
    register changes."""
    return reg.kept(f"award_holds:{year}", lambda: _holds(reg, year))  # type: ignore[no-any-return]


def held_ids(reg: Register, stream: str, year: int) -> dict[int, Hold]:
    """The year's held awards of one stream by application id: what the register lists
    mark and filter on (``holds`` is kept until the register changes, so a list asks at
    every search). A patent is held by its findings only: the 专利助推 list never runs the
    projects' ranking."""
    if stream == PATENT:
        return reg.kept(f"award_holds:{year}:{PATENT}", lambda: {  # type: ignore[no-any-return]
            h.app_id: h for h in _refused_now(reg, year, PATENT)})
    return {app_id: h for (s, app_id), h in holds(reg, year).items() if s == stream}


def payment_ids(reg: Register, stream: str, app_id: int) -> list[int]:
    """The numbers of an award's unpaid payment records (``pay list``'s first column,
    what ``pay keep`` takes), once its payment plan is made."""
    return [r[0] for r in reg.conn.execute(
        "SELECT id FROM payments WHERE stream = ? AND application_id = ? AND paid_date IS NULL"
        " ORDER BY tranche, id", (stream, app_id))]


def hold_of(reg: Register, stream: str, app_id: int) -> Hold | None:
    year = reg.scalar(
        f"SELECT c.year FROM {_table(stream)} a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE a.id = ?", (app_id,))
    return None if year is None else held_ids(reg, stream, year).get(app_id)


def refusal_notes(reg: Register, apps: list[tuple[str, int, int]]) -> list[str]:
    """For the approval sheet's printer: each of ``apps`` ((stream, id, year)) held because
    its findings now refuse it (a ranking changed is told by ``panel.experts``)."""
    out = []
    for stream, app_id, year in apps:
        h = holds(reg, year).get((stream, app_id))
        if h is not None and h.findings:
            out.append(f"审批表中{h.message}")
    return out


def _holds(reg: Register, year: int) -> dict[tuple[str, int], Hold]:
    out: dict[tuple[str, int], Hold] = {}
    for stream in (PATENT, PROJECT):
        for h in _refused_now(reg, year, stream):
            out[(h.stream, h.app_id)] = h
    for h in _ranked_otherwise(reg, year):
        out.setdefault((h.stream, h.app_id), h)
    return out


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"


def _paid(reg: Register, stream: str, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in reg.conn.execute(
        "SELECT application_id, SUM(amount_fen) FROM payments WHERE stream = ?"
        f" AND paid_date IS NOT NULL AND application_id IN ({marks}) GROUP BY application_id",
        (stream, *ids))}


def _refused_now(reg: Register, year: int, stream: str) -> list[Hold]:
    """Awards whose stored verdict is now 不合格 (a correction, a late fact: a studio's
    earlier award unaccepted, a duplicate), unless the office passed or kept them against
    those very findings."""
    statuses = OPEN_AWARD[stream]
    owing = f" OR {FAILED_OWING_SQL}" if stream == PROJECT else ""
    rows = reg.query(
        f"SELECT a.id, a.title, a.award_fen, a.findings FROM {_table(stream)} a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = ? AND a.eligible = 0"
        f" AND (a.status IN ({','.join('?' * len(statuses))}){owing})"
        " AND a.award_fen IS NOT NULL ORDER BY a.id", (year, *statuses))
    if not rows:
        return []
    paid = _paid(reg, stream, [r["id"] for r in rows])
    out = []
    for r in rows:
        found = [f for f in stored_findings(r["findings"] or "[]") if f.blocking]
        taken = accepted_findings(reg, stream, r["id"])
        new = [f.message for f in found if f.message not in taken]
        if not new:
            continue
        if stream == PATENT and all(f.code == CARD_SHARED for f in found
                                    if f.message not in taken):
            shared = _card_shared(reg, year, r, paid.get(r["id"], 0), tuple(new))
            if shared is not None:
                out.append(shared)
                continue
        todo = ("确属不合格的，在“改变状态”中改为资格审核不通过（写明理由）；属录入错误的，更正后重新核对；"
                "经研究仍予助推的，在“拨付”中选中其款项点“维持核准…”写明理由" + aside("boostdesk pay keep")) if stream == PATENT else (
                "确属不合格的，报请研究撤销核准；属录入错误的，更正后重新核对；经研究仍予助推的，"
                "在“拨付”中选中其款项点“维持核准…”写明理由" + aside("boostdesk pay keep"))
        out.append(Hold(stream, r["id"], r["title"] or "", "核准后经核对为不合格——" + "；".join(new),
                        todo, r["award_fen"], 0, paid.get(r["id"], 0), tuple(new)))
    return out


CARD_SHARED = "UNION_CARD_SHARED"  # rules.patent.shared_card


def _card_shared(reg: Register, year: int, r: Any, paid_fen: int,
                 new: tuple[str, ...]) -> Hold | None:
    """An approved patent held only because its card is also another person's: the award
    stands (the card, not the invention, is in question), so what was paid to the card was
    rightly paid and nothing is to be recovered; the rest waits until one paper's card is
    corrected. Whose change made the two cards one is said: a paper entered, or its card
    changed, after this one's last card (the usual case: a later table giving her card for
    someone else) is the one to correct; this paper's own card changed last, this one."""
    app_id = r["id"]
    card, person = reg.conn.execute(
        "SELECT card_number, person_id FROM patent_applications WHERE id = ?",
        (app_id,)).fetchone()
    if not card:
        return None
    others = reg.conn.execute(
        "SELECT a.id, c.year, p.name FROM patent_applications a JOIN campaigns c"
        " ON c.id = a.campaign_id LEFT JOIN people p ON p.id = a.person_id"
        " WHERE a.card_number = ? AND a.id != ? AND a.person_id IS NOT ? ORDER BY a.id",
        (card, app_id, person)).fetchall()
    if not others:  # a person's card only (no paper of his gives it): named as the finding
        return None
    refs = "、".join(f"{'' if y == year else f'{y} 年度'}{id_ref(PATENT, i)}"
                     f"{f'（{name}）' if name else ''}" for i, y, name in others)
    bare = "、".join(f"{'' if y == year else f'{y} 年度'}{id_ref(PATENT, i)}"
                     for i, y, _ in others)
    from boostdesk.safety.privacy import mask_card_grouped

    shown = mask_card_grouped(card)  # as the documents group it
    clause = reg.campaign(year).clause("patent_service")
    if _card_set_at(reg, app_id) > max(_card_set_at(reg, i) for i, _, _ in others):
        what = (f"核准后本申报的互助服务卡号改为 {shown}，与{refs}登记的相同，"
                f"助推资金须发放至本人的卡（{clause}）")
        outside = (f"核准后本申报的互助服务卡号改为 {shown}，该卡号已登记为另一申报人的卡号，"
                   f"助推资金须发放至本人的卡（{clause}）")
        todo = (f"请核对本申报的卡号，更正后即恢复拨付；如确是{bare}的卡号有误，"
                f"更正其卡号")
    else:
        what = (f"核准后，{refs}的申报登记了相同的互助服务卡号 {shown}，"
                f"助推资金须发放至本人的卡（{clause}）")
        outside = (f"核准后，另一申报人的申报登记了相同的互助服务卡号 {shown}，"
                   f"助推资金须发放至本人的卡（{clause}）")
        todo = (f"请核对并更正另一份申报（{bare}）的卡号，更正后本项即恢复拨付；"
                "如确是本申报的卡号有误，更正本申报的卡号")
    return Hold(PATENT, app_id, r["title"] or "", what, todo, r["award_fen"],
                r["award_fen"], paid_fen, new, pending="待卡号核实", outside=outside)


def _card_set_at(reg: Register, app_id: int) -> int:
    """The audit event that last set a paper's card: its entry, or a card corrected."""
    return int(reg.scalar(
        "SELECT MAX(id) FROM audit_events WHERE entity = 'patent_applications'"
        " AND entity_id = ? AND (action IN ('create', 'restore')"
        " OR (action = 'update' AND json_type(after, '$.card_number') IS NOT NULL))",
        (app_id,)) or 0)


def accepted_findings(reg: Register, stream: str, app_id: int) -> set[str]:
    """The blocking findings the office has passed or kept this application against."""
    out: set[str] = set()
    for action, before, after in reg.conn.execute(
            "SELECT action, before, after FROM audit_events WHERE entity = ? AND entity_id = ?"
            " AND action IN (?, ?, ?, ?)",
            (_table(stream), app_id, KEPT, QUALIFY, ACCEPTED, RECORDED_PAST)):
        b, a = json.loads(before or "{}"), json.loads(after or "{}")
        if action == QUALIFY:
            if a.get("departs_from_findings") and a.get("decision") == "通过":
                out.update(f["message"] for f in b.get("findings", ())
                           if f.get("severity") == "blocking")
        else:  # a past award recorded (panel.past) took the findings of its day
            out.update(a.get("taken_findings" if action == RECORDED_PAST else "findings", ()))
    return out


# Audit events that cannot move a ranking: payments, the status moves they make (an
# award paid, accepted, an acceptance or a payment cancelled) and the payee they fix, the
# patent stream, documents, backups, a name new to the register (a correction or a merge
# may move one).
_NOT_RANKING = (
    "entity IN ('payments', 'patent_applications', 'documents', 'register')"
    " OR (entity = 'project_applications' AND action = 'withdraw_acceptance')"
    " OR (entity IN ('units', 'enterprises', 'studios', 'people') AND action = 'create')"
    " OR (entity = 'project_applications' AND action = 'update'"
    " AND before LIKE '{\"payee\": %' AND after LIKE '{\"payee\": %')"
    " OR (entity = 'project_applications' AND action = 'status'"
    " AND (json_extract(after, '$.status') IN ('paid_first', 'accepted', 'paid_final',"
    " 'acceptance_failed') OR (json_extract(after, '$.status') = 'approved'"
    " AND json_extract(before, '$.status') IN ('paid_first', 'accepted', 'acceptance_failed'))))"
)


# ... and those of another year's campaign: its papers, experts, their assignments and
# scores, its plan, grid and panel settings (the next year's intake and panel go on while
# this year's last tranches are paid).
_OTHER_YEAR = (
    "(entity = 'project_applications' AND action != 'delete' AND EXISTS (SELECT 1 FROM"
    " project_applications p WHERE p.id = entity_id AND p.campaign_id != :cid))"
    " OR (entity = 'experts' AND EXISTS (SELECT 1 FROM experts x WHERE x.id = entity_id"
    " AND x.campaign_id != :cid))"
    " OR (entity = 'assignments' AND EXISTS (SELECT 1 FROM assignments s JOIN experts x"
    " ON x.id = s.expert_id WHERE s.id = entity_id AND x.campaign_id != :cid))"
    " OR (entity IN ('campaigns', 'criteria', 'panel_settings', 'proposals')"
    " AND entity_id != :cid)"
)


def _ranking_mark(reg: Register, campaign_id: int) -> int:
    """The register's last change that could move the campaign's ranking (an audit event's
    id: every change is audited). Read from the end of the trail: a day of payments, or of
    the next year's papers and scores, is passed over."""
    return int(reg.scalar(
        f"SELECT id FROM audit_events WHERE NOT ({_NOT_RANKING} OR {_OTHER_YEAR})"
        " ORDER BY id DESC LIMIT 1", {"cid": campaign_id}) or 0)


def _ranked_otherwise(reg: Register, year: int) -> list[Hold]:
    """Published project awards still unpaid in part that the ranking on the scores counted
    now places otherwise, with no decision of the office on record.

    The ranking costs seconds at a large panel (≈ 3 s at 2,000 projects in review), so it
    is run only when something that could move it was recorded after the year's earliest
    close of publicity whose awards are still open (a close is refused while its list is
    stale), and then once until another such change (in this process)."""
    campaign_id = reg.scalar("SELECT id FROM campaigns WHERE year = ?", (year,))
    if campaign_id is None:
        return []
    marks = ",".join("?" * len(OPEN_AWARD[PROJECT]))
    closed = reg.query(
        "SELECT pr.period_id, pp.closed_date FROM proposals pr JOIN project_applications a"
        " ON a.id = pr.project_id JOIN publicity_periods pp ON pp.id = pr.period_id"
        " WHERE pr.campaign_id = ? AND pr.rank IS NOT NULL"
        f" AND (a.status IN ({marks}) OR {FAILED_OWING_SQL}) GROUP BY pr.period_id",
        (campaign_id, *OPEN_AWARD[PROJECT]))
    if not closed:
        return []
    mark = _ranking_mark(reg, campaign_id)
    periods = [r["period_id"] for r in closed]
    first_close = reg.scalar(
        "SELECT MIN(id) FROM audit_events WHERE entity = 'publicity_periods' AND action = 'close'"
        f" AND entity_id IN ({','.join('?' * len(periods))})", periods)
    if first_close is not None and len(periods) == reg.scalar(
            "SELECT COUNT(DISTINCT entity_id) FROM audit_events WHERE entity = 'publicity_periods'"
            f" AND action = 'close' AND entity_id IN ({','.join('?' * len(periods))})",
            periods) and mark <= first_close:
        return []  # nothing that moves a ranking since the closes found the lists right
    # kept by the mark, outside a transaction only (one rolled back leaves no mark behind);
    # what is open and paid is read anew: a payment, a return (退汇) or a cancelled mark
    # moves no ranking but may reopen an award (尾款拨付 → 结题验收) or change its money
    kept = _RANKED.setdefault(reg, {})
    if not reg.conn.in_transaction and kept.get(year, (None,))[0] == mark:
        stale = kept[year][1]
    else:
        stale = _stale_now(reg, year)
        if not reg.conn.in_transaction:
            kept[year] = (mark, stale)
    return _ranked_holds(reg, year, stale)


@dataclass(frozen=True)
class _Stale:
    """A published award the ranking on the scores counted now places otherwise."""

    app_id: int
    ref: str
    what: str
    award_fen: int
    now_fen: int


# register -> year -> (the ranking mark it was worked out at, the awards it ranked otherwise)
_RANKED: weakref.WeakKeyDictionary[Register, dict[int, tuple[int, list[_Stale]]]] = (
    weakref.WeakKeyDictionary())


def _stale_now(reg: Register, year: int) -> list[_Stale]:
    from boostdesk.panel.ranking import rank

    ranking = rank(reg, year)
    out = []
    for pid, line in ranking.stale_published.items():
        row = ranking.row(pid)
        out.append(_Stale(pid, row.ref, line.removeprefix(f"“{row.ref}”：").split("（已")[0],
                          row.adopted_amount_fen or row.amount_fen or 0,
                          ranking.stale_amounts.get(pid) or 0))
    return out


def _ranked_holds(reg: Register, year: int, stale: list[_Stale]) -> list[Hold]:
    """The holds of ``stale`` whose award may still be paid in part, with what is paid."""
    if not stale:
        return []
    ids = [x.app_id for x in stale]
    marks = ",".join("?" * len(ids))
    statuses = OPEN_AWARD[PROJECT]
    # a failed project's first tranche sent back (退汇) is owed again: held as any part of
    # an award the ranking no longer gives, until 排名复核 (publicity.settle_rerank)
    open_ = {r[0] for r in reg.conn.execute(
        f"SELECT a.id FROM project_applications a WHERE a.id IN ({marks})"
        f" AND (a.status IN ({','.join('?' * len(statuses))}) OR {FAILED_OWING_SQL})",
        (*ids, *statuses))}
    paid = _paid(reg, PROJECT, [i for i in ids if i in open_])
    out = []
    for x in stale:
        if x.app_id not in open_:
            continue
        todo = (f"请在“公示”中点“排名复核…”{aside('boostdesk publicity review')}：撤销核准的名额"
                "递补后另批公示，维持的写明理由")
        if paid.get(x.app_id):
            todo = ("已拨付部分是否追回、其余是否拨付，请报请研究；维持的在“公示”中点“排名复核…”"
                    + aside("boostdesk publicity review --keep") + "写明理由后拨付")
        out.append(Hold(PROJECT, x.app_id, x.ref,
                        f"核准后排名已变化（有评分不再计入、评分更正或名额调整）——{x.what}",
                        todo, x.award_fen, x.now_fen, paid.get(x.app_id, 0)))
    return out


def keep(reg: Register, stream: str, app_id: int, reason: str) -> Hold:
    """The office keeps an award its findings now refuse (经研究仍予助推): the findings and
    the reason are audited, and the award is paid again; a later, different finding holds
    it anew. Returns the hold it lifted."""
    reason = " ".join(reason.split())
    if not reason:
        raise RegisterError("请填写维持核准的理由（如：经核实立项日期登记有误，已更正材料，维持核准）")
    with reg.transaction():
        h = hold_of(reg, stream, app_id)
        if h is None:
            raise RegisterError(f"{id_ref(stream, app_id)} 没有暂缓拨付，无需登记维持")
        if not h.findings:
            raise RegisterError(f"{h.message}（维持核准的理由在排名复核中登记）")
        reg.audit(KEPT, _table(stream), app_id, None,
                  {"decision": "维持核准", "reason": reason, "findings": list(h.findings)})
    return h
