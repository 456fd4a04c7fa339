"""The published list against the ranking now: which published awards are ranked again
(no decision of the office on record), beside which projects, and what would change —
the lines and notes ``Ranking.stale`` and ``Ranking.raised`` hold, and the office's advice."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace

from boostdesk.models.campaign import Campaign, tier_label
from boostdesk.models.payment_marks import all_returned_text
from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.said_where import way

from .ranking_rows import HOLDING, Ranking, RankRow
from .tier_places import tier_name, tier_text


def quota_changes_since(reg: Register, year: int, since: str) -> list[str]:
    """The tiers whose quota the campaign's saves changed since the adoption made at
    ``since``, each as “10万元档名额由 2 项改为 1 项”: the quotas then are the first such
    save's before (the audit trail), the quotas now the campaign's. The adoption's own
    audit line orders them (a save in the same second as the adoption may precede it);
    a list adopted without one (publicized outside the ranking) goes by the time."""
    cid = reg.campaign_id(year)
    adopted_line = reg.scalar(
        "SELECT MIN(id) FROM audit_events WHERE entity = 'proposals' AND entity_id = ?"
        " AND action = 'adopt' AND at >= ?", (cid, since))
    first = reg.scalar(
        "SELECT before FROM audit_events WHERE entity = 'campaigns' AND entity_id = ?"
        " AND action = 'update' AND " + ("id > ?" if adopted_line else "at > ?")
        + " ORDER BY id LIMIT 1", (cid, adopted_line or since))
    if not first:
        return []
    then = {(t["amount_fen"], t["level"]): t["quota"]
            for t in json.loads(first).get("tiers", [])}
    return [f"{tier_label(t.name)}名额由 {then[(t.amount_fen, t.level)]} 项改为 {t.quota} 项"
            for t in reg.campaign(year).tiers
            if then.get((t.amount_fen, t.level), t.quota) != t.quota]


def settled_reranks(reg: Register, taken: dict[int, dict[str, object]],
                    projects: list[ProjectApplication]) -> dict[int, str]:
    """The published awards still held whose only decision on record is a review's
    (publicity.settle_rerank: no objection), each with the tier the ranking gave when the
    office decided (“按现有评分为…” in the line it decided on)."""
    held = [p.id or 0 for p in projects if p.id in taken and taken[p.id]["period_id"] is not None
            and taken[p.id]["rank"] is not None and p.status in HOLDING]
    if not held:
        return {}
    marks = ",".join("?" * len(held))
    out: dict[int, str] = {}
    for pid, before in reg.conn.execute(
            "SELECT entity_id, before FROM audit_events WHERE entity = 'project_applications'"
            f" AND entity_id IN ({marks}) AND action = 'rerank_settle' ORDER BY id", held):
        line = str(json.loads(before or "{}").get("ranking", ""))
        out[pid] = line.partition("按现有评分为")[2].split("（")[0]
    if out:
        for (pid,) in reg.conn.execute(
                "SELECT project_id FROM objections WHERE project_id IN"
                f" ({','.join('?' * len(out))})", list(out)):
            out.pop(pid, None)  # an objection's decision stands as before
    return out


# The audit action recording the office's decision to keep a published project at its
# published tier though the ranking now places it higher (tier_overrides.keep_published_tier).
KEPT = "keep_published_tier"
# ... and the withdrawal of that decision while the project is still in publicity
# (tier_overrides.undo_kept_tier): the ranking asks about the place again.
UNKEPT = "undo_keep_published_tier"


@dataclass(frozen=True)
class KeptTier:
    """公示无异议的按公示档次核准 (二（四）3), decided for one project the ranking would
    raise: the tiers then (published, ranked), why, who and when (the audit line's)."""

    published_fen: int | None
    ranked_fen: int | None
    reason: str
    operator: str
    at: str  # 2022-12-27T10:00:00
    event_id: int = 0  # the audit line's: places freed after it are not covered by it

    @property
    def said(self) -> str:
        """经研究维持公示档次（刘建国，2022-12-27：理由）"""
        return f"经研究维持公示档次（{self.operator}，{self.at[:10]}：{self.reason}）"


def kept_tiers(reg: Register, taken: dict[int, dict[str, object]],
               projects: list[ProjectApplication]) -> dict[int, KeptTier]:
    """The published awards still held the office decided to keep at their published tier,
    each by its latest decision."""
    held = [p.id or 0 for p in projects if p.id in taken and taken[p.id]["period_id"] is not None
            and p.status in HOLDING]
    return kept_decisions(reg, held)


def kept_decision(reg: Register, project_id: int) -> KeptTier | None:
    """The project's keep-tier decision standing in the trail (not withdrawn), if any."""
    return kept_decisions(reg, [project_id]).get(project_id)


def kept_decisions(reg: Register, ids: list[int]) -> dict[int, KeptTier]:
    """Each project's latest keep-tier decision, unless withdrawn after it."""
    out: dict[int, KeptTier] = {}
    if not ids:
        return out
    for event_id, pid, action, after, operator, at in reg.conn.execute(
            "SELECT id, entity_id, action, after, operator, at FROM audit_events"
            " WHERE entity = 'project_applications' AND action IN (?, ?)"
            f" AND entity_id IN ({','.join('?' * len(ids))}) ORDER BY id", (KEPT, UNKEPT, *ids)):
        if action == UNKEPT:
            out.pop(pid, None)
            continue
        doc = json.loads(after or "{}")
        out[pid] = KeptTier(doc.get("published_fen"), doc.get("ranked_fen"),
                            str(doc.get("reason", "")), operator or "", str(at), event_id)
    return out


@dataclass
class LeftOpen:
    """A tier's places the office left open by keeping a published project at its tier
    (:class:`KeptTier`): the decision, whose it was, and the places of the tier freed since
    (each asks anew: the ranking changed again)."""

    kept_id: int
    decision: KeptTier
    freed_since: int


def left_open(reg: Register, c: Campaign, taken: dict[int, dict[str, object]],
              projects: list[ProjectApplication], kept: dict[int, KeptTier],
              level_of: Callable[[int], str]) -> dict[tuple[int | None, str], LeftOpen]:
    """Each tier (amount, level) a keep-tier decision left its freed places open in, by
    its latest decision, with the places of the tier freed after that decision: a
    published award of the tier no longer held, given up after the decision's audit line
    (its latest move out of an award, as the trail orders them)."""
    from .publicity import published_level

    out: dict[tuple[int | None, str], LeftOpen] = {}
    for pid, decision in sorted(kept.items(), key=lambda x: x[1].event_id):
        out[(decision.ranked_fen, level_of(pid))] = LeftOpen(pid, decision, 0)
    if not out:
        return out
    gone = {p.id or 0: p for p in projects if p.id in taken
            and taken[p.id]["period_id"] is not None and p.status not in HOLDING}
    if not gone:
        return out
    moves: dict[int, int] = {}  # project -> the status event that took its award
    for eid, pid, after in reg.conn.execute(
            "SELECT id, entity_id, after FROM audit_events WHERE entity = 'project_applications'"
            f" AND action = 'status' AND entity_id IN ({','.join('?' * len(gone))}) ORDER BY id",
            list(gone)):
        status = json.loads(after or "{}").get("status")
        if status in HOLDING:
            moves.pop(pid, None)
        else:
            moves.setdefault(pid, eid)
    for pid, p in gone.items():
        amount = taken[pid]["amount_fen"]
        key = (amount, published_level(c, amount, p.studio_level))  # type: ignore[arg-type]
        place = out.get(key)  # type: ignore[arg-type]
        if place is not None and moves.get(pid, 0) > place.decision.event_id:
            place.freed_since += 1
    return out


def kept_note(c: Campaign, row: RankRow, kept: KeptTier) -> str:
    """The row's note once the office decided: the raise the ranking gives, and that it
    was decided against (rather than asking again)."""
    return (f"按现有排名本项目可列入{tier_name(c, kept.ranked_fen)}"
            f"（公示为{tier_text(kept.published_fen, row.tier_name)}）：{kept.said}")


def left_open_note(c: Campaign, row: RankRow, was: int | None, now: int | None,
                   kept_ref: str, kept: KeptTier) -> str:
    """A row the ranking would raise into a tier whose freed places the office left open
    (deciding on ``kept_ref``): said under that decision, not asked again."""
    return (f"按现有排名本项目可列入{tier_name(c, now)}（公示为{tier_text(was, row.tier_name)}）："
            f"空出的{tier_name(c, now)}名额经研究留空，不调高（“{kept_ref}”{kept.said}）")


PAID_AWARD = ("paid_first", "accepted", "paid_final", "acceptance_failed")


def ranked_against(reg: Register, year: int, taken: dict[int, dict[str, object]],
                   published: frozenset[int]) -> set[int]:
    """The projects that were under review when the earliest of ``published`` was adopted:
    those it was ranked against. A later round's project (sent to the experts after)
    competes for the places left, not for a published one."""
    adopted_at = min(str(taken[pid]["adopted_at"]) for pid in published)
    return {r[0] for r in reg.conn.execute(
        "SELECT h.application_id FROM status_history h JOIN project_applications a"
        " ON a.id = h.application_id WHERE a.campaign_id = ? AND h.stream = ?"
        " AND h.to_status = 'review' GROUP BY h.application_id HAVING MIN(h.at) <= ?",
        (reg.campaign_id(year), PROJECT, adopted_at))}


def republishable(reg: Register, year: int, taken: dict[int, dict[str, object]],
                  projects: list[ProjectApplication]) -> frozenset[int]:
    """The published projects whose tier their rank gave, with no decision of the office
    on record about them (an objection, entered or settled; publicity.settle_rerank's
    decision on an approved one): ranked afresh, they show
    whether the published list is still the ranking's."""
    published = [p.id or 0 for p in projects
                 if p.id in taken and taken[p.id]["period_id"] is not None
                 and taken[p.id]["rank"] is not None and p.status in HOLDING]
    if not published:  # before any publicity: no query over the year's trail
        return frozenset()
    marks = ",".join("?" * len(published))
    cid = reg.campaign_id(year)
    changed = basis_changed_at(reg, cid)
    # an objection entered (or decided) before the latest change of the ranking's basis
    # was about something else: the project competes again by its rank, else a
    # higher-ranked published project (perhaps paid) would lose the place instead
    decided = {r[0] for r in reg.conn.execute(
        "SELECT o.project_id FROM objections o JOIN publicity_periods p ON p.id = o.period_id"
        " JOIN audit_events v ON v.entity = 'objections' AND v.entity_id = o.id"
        " WHERE p.campaign_id = ? GROUP BY o.id HAVING MAX(v.id) > ?"
        " UNION SELECT o.project_id FROM objections o JOIN publicity_periods p"
        " ON p.id = o.period_id WHERE p.campaign_id = ? AND NOT EXISTS (SELECT 1 FROM"
        " audit_events v WHERE v.entity = 'objections' AND v.entity_id = o.id)"
        " UNION SELECT entity_id FROM audit_events"
        f" WHERE entity = 'project_applications' AND entity_id IN ({marks})"
        " AND action = 'rerank_settle'",
        (cid, changed, cid, *published))}
    return frozenset(p for p in published if p not in decided)


def basis_changed_at(reg: Register, campaign_id: int) -> int:
    """The audit line of the latest change to what the year's ranking rests on that an
    objection cannot have foreseen: a save of the campaign that changed its tiers
    (quotas), or a score corrected in publicity (0: none)."""
    from .score_correction import ACTION

    latest = int(reg.scalar(
        "SELECT MAX(v.id) FROM audit_events v JOIN assignments a ON a.id = v.entity_id"
        " JOIN experts e ON e.id = a.expert_id WHERE v.entity = 'assignments'"
        " AND v.action = ? AND e.campaign_id = ?", (ACTION, campaign_id)) or 0)
    for eid, before, after in reg.conn.execute(
            "SELECT id, before, after FROM audit_events WHERE entity = 'campaigns'"
            " AND entity_id = ? AND action = 'update' AND id > ? ORDER BY id DESC",
            (campaign_id, latest)):
        if json.loads(before or "{}").get("tiers") != json.loads(after or "{}").get("tiers"):
            return int(eid)
    return latest


def raise_decisions() -> str:
    """The decisions BoostDesk records on a published project the ranking now places in a
    higher tier, and how each is carried out. 二（四）3: the projects publicized without
    objection get the tier published; a higher tier was not published, so raising one is
    publicized anew — which the register does not hold (one proposal, one batch a
    project): it is said as the office's to carry out outside the app, not offered."""
    return (
        "公示无异议的按公示档次核准（方案二（四）3）；调高后的档次未经公示，须按新档次另行公示，"
        "本软件不能登记调高。可登记的决定：维持公示档次、空出的名额留空，"
        + way("选中该项目点“维持公示档次…”写明理由（有误的点“撤销维持公示档次…”）",
              "用 boostdesk panel keep-tier 项目 --reason 理由 登记（有误的加 --withdraw 撤销）")
        + "；未登记决定的，结束公示时按公示档次核准，名额待研究")


def raised_advice() -> str:
    """What the office does about a published project the ranking now places higher."""
    # not 人工调整档次: once published, an override over higher scores is refused
    # (override_guard), and the place is the published project's to be decided on
    return (raise_decisions() + "。排名在其后的项目不递补空出的名额，也不能人工调整档次列入"
            "（公示后人工调整不能排在得分更高的项目之前）")


def stale_advice() -> str:
    """What the office does about a published list the scores counted now rank otherwise."""
    return (
        "公示名单不会自动改变：公示中的项目，请在“公示”中把排名变化登记为该项目的异议（写明哪项评分"
        "不再计入、排名如何变化），异议成立的不予助推，空出的名额由按排名递补的项目在“排名与档次”中"
        "重新采纳后另批公示（有自己的公示期）；经研究维持的，按异议不成立处理并写明理由。已核准尚未"
        "拨付的（或已汇出的款项均被银行退回的），请在拨付（重拨）前报请研究，在“公示”中"
        + way("选中该项目点“排名复核…”", "排名复核（boostdesk publicity review 项目 --revoke"
              "|--keep --note 理由）")
        + "：撤销核准的名额递补后另批公示，维持的写明理由。已拨付的"
        "助推不再变动，是否另行助推递补项目请报请研究（名额为“原则上”，确需增加的在“设置”中修改名额后"
        "重新采纳）")


def stale_notes(c: Campaign, ranking: Ranking, fresh: list[RankRow],
                taken: dict[int, dict[str, object]],
                quota_changes: Callable[[], list[str]] = list,
                sent: Callable[[], dict[int, tuple[int, int]]] = dict,
                opened: dict[tuple[int | None, str], LeftOpen] | None = None) -> None:
    """Compare the ranking (published projects holding their tiers) with ``fresh`` (the
    same ranked afresh): each published project whose tier would change, then the others
    that would move with them, become lines of ``ranking.stale`` and notes on their rows;
    ``ranking.stale_published`` maps each such published project to its line (the close
    of publicity waits for a decision on it); ``sent()`` the awards with a transfer sent,
    each as (payments standing paid, payments sent back by the bank): a line says whether
    its award's money stands paid or all came back (排名复核 may then withdraw it). Nothing when no published tier changes: a
    later round's project, ranked now but not afresh, moves the others on its own.

    ``opened``: the tiers whose freed places a keep-tier decision left open. Those kept
    (``ranking.kept_published``, ranked afresh in ``fresh``: the place the ranking gives
    them is the one left open) are not asked about again; a project the ranking would
    raise into such a tier is said under the decision (``ranking.left_open``), unless a
    place of the tier was freed after it (the ranking changed again: asked anew)."""
    opened = {k: replace(v) for k, v in (opened or {}).items()}  # counted down here
    pairs = []
    for f in (r for r in fresh if not r.held and r.project_id not in ranking.kept_published):
        try:
            pairs.append((f, ranking.row(f.project_id)))
        except KeyError:
            continue
    losers: dict[int, list[str]] = {}  # published tier amount -> who hold it now
    lost: list[tuple[RankRow, RankRow, int | None]] = []  # (afresh, as ranked, published)
    raised: list[tuple[RankRow, RankRow, int | None]] = []
    money: dict[int, tuple[int, int]] | None = None
    for f, row in pairs:
        was = taken[f.project_id]["amount_fen"] if row.held else None
        if not row.held or f.amount_fen == was:
            continue
        line = (f"“{f.ref}”：公示为{tier_name(c, was)}，"  # type: ignore[arg-type]
                f"按现有评分为{tier_name(c, f.amount_fen)}")
        if money is None:  # read once a published tier changes
            money = sent()
        paid, returned = money.get(f.project_id, (0, 0))
        if returned and not paid:  # the money left and came back: neither paid nor unpaid
            line += f"（{all_returned_text(returned)}）"
        elif row.status in PAID_AWARD:
            line += "（已拨付，助推不再变动）"
        elif row.status == "approved":
            line += "（已核准）"
        if was:
            losers.setdefault(was, []).append(f"“{f.ref}”")  # type: ignore[arg-type]
        if (f.amount_fen or 0) > (was or 0):  # type: ignore[operator]
            place = opened.get((f.amount_fen, row.level))
            if place is not None and place.freed_since:
                place.freed_since -= 1  # a place freed after the decision: asked anew
            elif place is not None:  # the places freed until then were left open
                ranking.left_open[f.project_id] = (was, f.amount_fen, place.kept_id)  # type: ignore[assignment]
                row.notes.append(left_open_note(c, row, was, f.amount_fen,  # type: ignore[arg-type]
                                                ranking.row(place.kept_id).ref, place.decision))
                continue
            # ranked higher than published (a place above freed by an upheld objection):
            # the published tier stands (公示无异议), raising it is the office's decision
            ranking.raised.append(line)
            ranking.raised_amounts[f.project_id] = (was, f.amount_fen)  # type: ignore[assignment]
            raised.append((f, row, was))  # type: ignore[arg-type]
            continue
        ranking.stale.append(line)
        ranking.stale_published[f.project_id] = line
        ranking.stale_amounts[f.project_id] = f.amount_fen
        lost.append((f, row, was))  # type: ignore[arg-type]
    if not lost and not raised:
        return
    if lost:
        ranking.stale_quotas = quota_changes()  # read once a list is stale: its cause
    for f, row, was in lost:
        row.notes.append(f"注意：{ranking.stale_basis}本项目不再列入"
                         f"{tier_text(was, row.tier_name)}（应为"
                         f"{tier_text(f.amount_fen, f.tier_name)}）：公示名单未变，复核前仍计入"
                         f"{tier_text(was, row.tier_name)}已公示的名额，请复核")
    for f, row, was in raised:
        row.notes.append(f"按现有排名本项目可列入{tier_text(f.amount_fen, f.tier_name)}"
                         f"（公示为{tier_text(was, row.tier_name)}）：公示无异议的按公示档次"
                         "核准，是否调高请报请研究")
    lines = ranking.stale if lost else ranking.raised
    for f, row in pairs:
        if row.held or f.amount_fen == row.amount_fen:
            continue
        if lost or row.amount_fen:  # under 已公示项目…可列入较高档次: not an unpublished
            # project the freed place waits over (未获助推 now; its own row says why)
            lines.append(f"“{f.ref}”：现为{tier_name(c, row.amount_fen)}，"
                         f"按现有评分为{tier_name(c, f.amount_fen)}")
        if not f.amount_fen:
            row.notes.append("按现有评分应为未获助推")
            continue
        row.amount_fen_fresh = f.amount_fen
        note = f"按现有评分应列入{tier_text(f.amount_fen, f.tier_name)}"
        if f.amount_fen in losers:
            note += "，名额现由已公示的" + "、".join(losers[f.amount_fen]) + "占用"
        row.notes.append(note)
