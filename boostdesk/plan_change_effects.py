"""What a changed plan does to the year's decided papers — approved, paid — said before it
is stored (设置's question, ``campaign set``'s ``--yes``).

A year's parameters are the rules its papers were judged on. Changed after awards were
approved and paid (a slip of 立项年度, a cap or a grant window typed anew), the re-check in
the same transaction turns some of them 不合格: their unpaid money is held (暂缓拨付) and
what was paid reads 多拨，应予追回 (``award_holds``). That must not happen with nothing said
but 已保存: :func:`save_plan` stores the plan and re-checks the year in one transaction,
compares the decided papers before and after, and rolls it all back
(:class:`PlanChangeAsks`, carrying the :class:`PlanEffect`) unless the caller agreed to
that very effect — the window asks, then saves again with the answer; the command line
asks for ``--yes``. A change that touches no decided paper is stored at once, re-checked
once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from boostdesk.award_holds import Hold, holds
from boostdesk.decided_changes import (
    IN_PUBLICITY,
    FoundChange,
    Judged,
    RankChange,
    found_changes,
    judged,
    places,
    rank_changes,
)
from boostdesk.errors import NeedsConfirmation
from boostdesk.models.records import PATENT, PROJECT, STREAM_WORDS
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.rules.check import check_under
from boostdesk.sealed_sheets import SealedChange, changes, printed_money
from boostdesk.sealed_sheets import record as record_sealed

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign
    from boostdesk.models.register import Register

T = TypeVar("T")

# The statuses of a paper whose award the office has decided (核准) and may have paid.
DECIDED = {PATENT: ("approved", "paid"),
           PROJECT: ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed")}
# The projects whose place in the ranking is compared: the decided ones and those in
# publicity, whose tier is published as much as an approved one's (decided_changes).
RANKED = (*DECIDED[PROJECT], IN_PUBLICITY)
NAMED = 3  # papers named in a line before 等 N 项


class Agreed:
    """``agreed=ANY``: whatever the change does is agreed (``--yes``, an undo or redo)."""


ANY = Agreed()


@dataclass(frozen=True)
class Paper:
    """A decided paper the change turns 不合格."""

    stream: str
    app_id: int
    title: str
    status: str
    award_fen: int
    paid_fen: int

    @property
    def name(self) -> str:
        return f"{STREAM_WORDS[self.stream]}“{self.title}”"


@dataclass(frozen=True)
class PlanEffect:
    """What saving the plan does to the year's approved and paid papers."""

    year: int
    refused: tuple[Paper, ...] = ()  # decided papers judged 不合格 now (合格 before)
    held: tuple[Hold, ...] = ()  # awards held from payment now (not before)
    # approved awards whose printed (sealed) 审批表 the change alters: asked too
    sealed: tuple[SealedChange, ...] = ()
    # decided papers whose findings change without 不合格 (逾期报送, 待补材料): asked too
    found: tuple[FoundChange, ...] = ()
    # published projects (in publicity, approved, paid) the ranking now places otherwise
    # (not held): asked too
    ranked: tuple[RankChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.refused or self.held or self.sealed or self.found or self.ranked)

    @property
    def rejudged(self) -> bool:
        """Papers turned 不合格, held, re-judged or re-ranked (not only sealed sheets'
        amounts changed)."""
        return bool(self.refused or self.held or self.found or self.ranked)

    @property
    def decided_words(self) -> str:
        """Whom the change re-judges or re-ranks: a project in publicity named too."""
        return ("已公示、" if any(r.publicized for r in self.ranked) else "") + "已核准、已拨付"

    def sealed_line(self) -> str:
        """The printed sheets whose amounts change, counted, the first few named."""
        if not self.sealed:
            return ""
        return (f"{len(self.sealed)} 项已核准申报的审批表已打印（已签发），金额随之改变，原件作废、"
                "须重新打印：" + "；".join(s.line() for s in self.sealed[:NAMED])
                + (f" 等 {len(self.sealed)} 项" if len(self.sealed) > NAMED else ""))

    @property
    def recovered(self) -> tuple[Hold, ...]:
        """The held awards paid above what the result now gives (多拨，应予追回)."""
        return tuple(h for h in self.held if not h.pending and h.paid_fen > h.now_fen)

    @property
    def paid_in_full(self) -> tuple[Paper, ...]:
        """The papers turned 不合格 with nothing left to pay (a patent paid in full): no
        award holds them, yet all they were paid is paid above what the result now gives
        (0), as much 多拨 as a held award's."""
        held = {(h.stream, h.app_id) for h in self.held}
        return tuple(p for p in self.refused if p.paid_fen and (p.stream, p.app_id) not in held)

    @property
    def held_fen(self) -> int:
        return sum(max(h.award_fen - h.paid_fen, 0) for h in self.held)

    @property
    def over_fen(self) -> int:
        return (sum(h.paid_fen - h.now_fen for h in self.recovered)
                + sum(p.paid_fen for p in self.paid_in_full))

    def lines(self) -> list[str]:
        """One line a kind of harm, counted, the money summed, the first few named (同上:
        the same papers as the line before)."""
        out: list[str] = []
        named: list[tuple[str, int]] = []

        def names(keys: list[tuple[str, int]], titles: list[str]) -> str:
            nonlocal named
            same, named = keys == named, keys
            return "同上" if same else _named(titles)

        if self.refused:
            paid = [p for p in self.refused if p.paid_fen]
            out.append(f"{len(self.refused)} 项已核准的申报改判为不合格"
                       + (f"（其中 {len(paid)} 项已拨付 {format_money(sum(p.paid_fen for p in paid))}）"
                          if paid else "") + "："
                       + names([(p.stream, p.app_id) for p in self.refused],
                               [p.name for p in self.refused]))
        if self.held:
            out.append(f"{len(self.held)} 项助推暂缓拨付，尚未拨付的 {format_money(self.held_fen)} "
                       "停止拨付：" + names([(h.stream, h.app_id) for h in self.held],
                                         [_hold_name(h) for h in self.held]))
        if self.found:
            full = [f for f in self.found if f.full]
            part = [f for f in self.found if f.paid_fen and not f.full]
            paid_words = "、".join(w for w in (f"{len(full)} 项已全部拨付" if full else "",
                                              f"{len(part)} 项已拨付部分" if part else "") if w)
            out.append(f"{len(self.found)} 项已核准、已拨付的申报核对结论改变"
                       + (f"（其中 {paid_words}）" if paid_words else "")
                       + "，不改判为不合格，款项照旧（已拨付的不追回，未拨付的仍可拨付），但将显示为"
                       + "、".join(dict.fromkeys(f"“{f.after}”" for f in self.found)) + "："
                       + names([(f.stream, f.app_id) for f in self.found],
                               [f"{f.name}（{f.before} → {f.after}）" for f in self.found]))
        if self.ranked:
            paid_ranked = sum(r.paid for r in self.ranked)
            shown = sum(r.publicized for r in self.ranked)
            among = "、".join(w for w in (
                f"{shown} 项公示中" if shown else "",
                f"{len(self.ranked) - shown} 项已核准" if shown and len(self.ranked) > shown else "",
                f"{paid_ranked} 项已拨付" if paid_ranked else "") if w)
            out.append(f"{len(self.ranked)} 项已公示"
                       + ("" if shown else "并核准")
                       + "的项目排名改变" + (f"（其中 {among}）" if among else "")
                       + "，公示无异议的按公示档次核准，是否调整须报请研究："
                       + names([(PROJECT, r.app_id) for r in self.ranked],
                               [f"{r.name}（{r.after or '恢复按公示档次'}）" for r in self.ranked]))
        if self.sealed:
            out.append(self.sealed_line())
        over = [((h.stream, h.app_id), _hold_name(h)) for h in self.recovered] + [
            ((p.stream, p.app_id), p.name) for p in self.paid_in_full]
        if over:
            over.sort()  # the papers in the order the lines above name them
            out.append(f"{len(over)} 项按新结果多拨 {format_money(self.over_fen)}，应予追回："
                       + names([k for k, _ in over], [n for _, n in over]))
        return out

    def details(self) -> str:
        """Every paper, its status and money, for 显示详情 and the command line."""
        held = {(h.stream, h.app_id): h for h in self.held}
        out = []
        for p in self.refused:
            h = held.pop((p.stream, p.app_id), None)
            paid = format_money(p.paid_fen)
            money = (f"，{h.money}" if h else  # as a held award's money reads (award_holds)
                     f"，已全部拨付 {paid}，按现结果应为 {format_money(0)}，多拨 {paid}，应予追回"
                     "（确属不合格的，报请研究后在“拨付”中撤销助推、登记追回）" if p.paid_fen else "")
            out.append(f"{p.name}（{STATUS_ZH.get(p.status, p.status)}）：改判为不合格{money}")
        for h in held.values():
            out.append(f"{_hold_name(h)}：{h.what}（{h.money}）")
        out.extend(f.detail() for f in self.found)
        out.extend(r.detail() for r in self.ranked)
        if len(self.sealed) > NAMED:  # fewer: the question's line names them all already
            out.extend(f"{s.line()}（审批表已打印，原件作废）" for s in self.sealed)
        return "\n".join(out)

    @property
    def question(self) -> str:
        head = ("已核准、已拨付的申报将按新参数改判" if self.refused or self.held
                else f"{self.decided_words}的申报核对结论或排名将改变" if self.rejudged
                else "已签发（审批表已打印）的核准金额将改变")
        return (f"保存后，{self.year} 年度{head}：\n"
                + "\n".join(f"· {line}" for line in self.lines()))


class PlanChangeAsks(NeedsConfirmation):
    """The plan change turns decided papers 不合格 or holds their money: rolled back,
    nothing stored, until saved again with this effect agreed."""

    def __init__(self, effect: PlanEffect) -> None:
        super().__init__(effect.question)
        self.effect = effect


def _named(names: list[str]) -> str:
    shown = "、".join(names[:NAMED])
    return shown + (f"等 {len(names)} 项" if len(names) > NAMED else "")


def _hold_name(h: Hold) -> str:
    return f"{STREAM_WORDS[h.stream]}“{h.title}”"


@dataclass(frozen=True)
class _State:
    judged: dict[tuple[str, int], Judged]
    holds: dict[tuple[str, int], Hold]
    places: dict[int, str]  # published projects the ranking places otherwise (decided_changes)


def _state(reg: Register, year: int) -> _State:
    found = {(stream, app_id): j for stream in (PATENT, PROJECT)
             for app_id, j in judged(reg, stream, year, DECIDED[stream]).items()}
    return _State(found, dict(holds(reg, year)), places(reg, year, RANKED))


def _effect(reg: Register, year: int, before: _State, old: Campaign | None,
            sealed: tuple[SealedChange, ...] = ()) -> PlanEffect:
    after = _state(reg, year)
    turned = [key for key, j in after.judged.items()
              if not j.eligible and (key not in before.judged or before.judged[key].eligible)]
    held = tuple(h for key, h in after.holds.items() if before.holds.get(key) != h)
    found = found_changes(reg, before.judged, after.judged, set(turned))
    if found and old is not None:  # a stored verdict may be stale: the old plan's own, then
        was = dict(before.judged)
        keys = {(f.stream, f.app_id) for f in found}
        for v in check_under(reg, old):
            if (v.stream, v.app_id) in keys:
                was[(v.stream, int(v.app_id or 0))] = Judged(
                    v.eligible, v.incomplete, tuple((f.code, f.message) for f in v.findings))
        found = found_changes(reg, was, after.judged, set(turned))
    ranked = rank_changes(reg, before.places, after.places,
                          {h.app_id for h in held if h.stream == PROJECT})
    return PlanEffect(year, _papers(reg, turned), held, sealed, found, ranked)


def _papers(reg: Register, keys: list[tuple[str, int]]) -> tuple[Paper, ...]:
    out = []
    for stream, app_id in sorted(keys):
        table = "patent_applications" if stream == PATENT else "project_applications"
        title, status, award = reg.conn.execute(
            f"SELECT title, status, award_fen FROM {table} WHERE id = ?", (app_id,)).fetchone()
        paid = reg.scalar("SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE stream = ?"
                          " AND application_id = ? AND paid_date IS NOT NULL", (stream, app_id))
        out.append(Paper(stream, app_id, title or "", status, int(award or 0), int(paid or 0)))
    return tuple(out)


def save_plan(reg: Register, campaign: Campaign, recheck: Callable[[], T],
              agreed: PlanEffect | Agreed | None = None) -> tuple[int, T, PlanEffect]:
    """Store ``campaign`` and ``recheck()`` its year in one transaction; returns what
    ``Register.save_campaign`` returns (approved patents that took a new award), what the
    re-check returned and the effect on decided papers and on printed 审批表 (their
    amounts changed: ``sealed_sheets``, recorded in the trail once agreed). An effect
    other than ``agreed`` (None: nothing asked yet; :data:`ANY`: whatever it is) raises :class:`PlanChangeAsks`,
    the transaction rolled back."""
    with reg.transaction():
        before = _state(reg, campaign.year)
        old = reg.campaign(campaign.year) if campaign.year in reg.campaign_years() else None
        printed = printed_money(reg, campaign.year)  # the sealed sheets as they were printed
        followed = reg.save_campaign(campaign)
        value = recheck()
        sealed = changes(printed, printed_money(reg, campaign.year, campaign))
        effect = _effect(reg, campaign.year, before, old, sealed)
        if effect and agreed is not ANY and effect != agreed:
            raise PlanChangeAsks(effect)
        if sealed:  # agreed: the trail says which signed sheets no longer hold
            record_sealed(reg, campaign.year, sealed)
    return followed, value, effect


class _Tried(Exception):
    """Rolls back :func:`trial_effect`'s save with the effect it found."""

    def __init__(self, effect: PlanEffect) -> None:
        super().__init__()
        self.effect = effect


def trial_effect(reg: Register, campaign: Campaign, recheck: Callable[[], object]) -> PlanEffect:
    """What :func:`save_plan` would do to the year's decided papers, nothing stored (the save
    and re-check tried in a transaction rolled back): said with the other questions a change
    raises (a grant window's clash, an amount's unit), before any of them is answered. A
    refusal of the save itself (``RegisterError``) is raised as it is."""
    try:
        with reg.transaction():
            raise _Tried(save_plan(reg, campaign, recheck, ANY)[2])
    except _Tried as tried:
        return tried.effect


__all__ = ["ANY", "DECIDED", "RANKED", "PlanChangeAsks", "PlanEffect", "Paper", "save_plan",
           "trial_effect"]
