"""Ranking within each studio level and the proposed tiers under the plan's constraints.

二（三）: city-level (市级) studios' projects are boosted with 10万 or 5万, district, bureau and
group-level (区、局、集团（公司）级) studios' with 3万; 原则上 10 / 20 / 50 projects; the unions'
money may not exceed 50 % of the project's total budget. 二（二）2: 获得助推的项目至多1项 per
studio. 二（四）2: the expert score is the main basis.

How the proposal is made, per level:

1. Projects under review, and those of an adopted proposal not yet publicized, are ranked
   by the panel's score (only submitted scores count); a qualified project not yet sent
   to the experts is listed unscored, and holds adoption as a missing score does.
2. Awards already held in this campaign take their tier's quota and their studio's award
   first: a proposal already in publicity (shown as adopted, with its stored rank and
   reason), and any project proposed, publicized or approved outside the ranking.
3. Staff overrides (with a reason) are placed next, in rank order, each in one of its
   tier's places (the quota is not raised by an override: see :func:`set_override`); a
   project that loses its place to one is told which.
4. Then each project in rank order takes the highest tier of its level that has quota left
   and fits the cap (amount ≤ total budget × cap %, so a budget exactly twice the tier
   fits); a tier skipped is named in the reason. A studio that already has its award gets
   none, and the reason names the project that holds it.

Tie-break rule (:func:`tie_break_rule`), applied in this order when two scores are equal:
a higher mean of all experts' totals; then a smaller standard deviation (the experts
agree more); then materials received earlier; then the smaller application number.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from fractions import Fraction

from boostdesk.models.campaign import LEVEL_ZH, LEVELS, Campaign, Tier, tier_label
from boostdesk.models.payment_marks import all_returned_text, sent_counts
from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money, yuan_json

from .errors import PanelError
from .experts import (
    ScoreConflict,
    assignment_conflicts,
    assignments,
    undecided_award_conflicts,
)
from .grid import PanelSettings, settings
from .publicity import published_level
from .scoring import Progress, ProjectScore, format_points, panel_scores, progress

TIE_BREAK_STEPS = (
    "全体专家平均分高者在前",
    "专家评分标准差小者（意见更一致）在前",
    "材料报送日期早者在前",
    "申报登记编号小者在前",
)


def tie_break_rule(s: PanelSettings) -> str:
    """The score and the tie-break rule in words, with the year's own trimming (设置)."""
    if s.trim_each == 0:
        score = "全体专家的平均分，不去掉最高分和最低分"
    else:
        each = "一个最高分和一个最低分" if s.trim_each == 1 else f"最高分、最低分各 {s.trim_each} 个"
        score = (f"满 {s.trim_min_scores} 位专家时去掉{each}后的平均分，"
                 f"不足 {s.trim_min_scores} 位时为全体专家的平均分")
    return (f"得分（{score}）相同时，依次按："
            + "；".join(f"{n}. {step}" for n, step in enumerate(TIE_BREAK_STEPS, start=1)))


TIE_BREAK_RULE = tie_break_rule(PanelSettings())  # the default years' rule

# Statuses in which a project holds (or is proposed for) an award.
HOLDING = ("proposed", "publicized", "approved", "paid_first", "accepted", "paid_final",
           "acceptance_failed")
UNLEVELLED = "unlevelled"


@dataclass(frozen=True)
class Override:
    project_id: int
    amount_fen: int | None  # None: no award
    reason: str
    operator: str
    at: str


@dataclass
class RankRow:
    project_id: int
    ref: str
    studio: str
    studio_id: int | None
    level: str  # city | district | unlevelled
    status: str
    panel: ProjectScore | None = None
    rank: int | None = None
    amount_fen: int | None = None
    tier_name: str | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)  # incomplete scores, displacement
    tie: list[str] = field(default_factory=list)
    held: bool = False
    override: Override | None = None
    adopted: bool = False  # part of the adopted proposal
    adopted_amount_fen: int | None = None
    progress: Progress | None = None  # None: no expert assigned
    short: str = ""  # scored by fewer experts than the year asks: what it lacks
    # the tier a ranking of the published projects afresh would give (stale notes only)
    amount_fen_fresh: int | None = None

    @property
    def score(self) -> Fraction | None:
        return self.panel.score if self.panel else None

    @property
    def incomplete(self) -> bool:
        """Some assigned expert has not submitted (or none is assigned)."""
        return self.progress is None or not self.progress.complete

    @property
    def level_zh(self) -> str:
        return LEVEL_ZH.get(self.level, "未定级")

    @property
    def full_reason(self) -> str:
        return "；".join([self.reason, *self.notes, *self.tie])

    def to_dict(self) -> dict[str, object]:
        p = self.panel
        return {
            "id": self.project_id,
            "ref": self.ref,
            "studio": self.studio,
            "level": self.level_zh,
            "score": _num(self.score),
            "rank": self.rank,
            # 元, to the fen should a year's tier not be whole yuan (yuan_json)
            "tier": yuan_json(self.amount_fen) if self.amount_fen is not None else None,
            "tier_fen": self.amount_fen,
            "tier_name": self.tier_name,
            "reason": self.full_reason,
            "tie": self.tie,
            "mean": _num(p.mean) if p else None,
            "trimmed_mean": _num(p.trimmed) if p else None,
            "sd": round(p.sd, 2) if p and p.sd is not None else None,
            "experts": p.n if p else 0,
            "assigned": self.progress.assigned if self.progress else 0,
            "missing_experts": list(self.progress.missing) if self.progress else [],
            # experts whose score a conflict keeps out (with why): not counted
            "conflicted_experts": list(self.progress.conflicted) if self.progress else [],
            "disagreement": bool(p and p.disagreement),
            "status": STATUS_ZH.get(self.status, self.status),
            "held": self.held,
            "override": self.override is not None,
        }


def _num(value: Fraction | None) -> float | None:
    """A mean as ``rank --json`` gives it: rounded half up, as shown (87.125 → 87.13)."""
    return float(format_points(value)) if value is not None else None


@dataclass(frozen=True)
class QuotaUse:
    tier: Tier
    held: int
    proposed: int

    @property
    def used(self) -> int:
        return self.held + self.proposed


@dataclass
class Ranking:
    year: int
    rows: list[RankRow]
    quotas: list[QuotaUse]
    # applications whose qualification is not decided yet (登记): not ranked, by title
    undecided: list[str] = field(default_factory=list)
    review_clause: str = "方案二（四）2"  # the year's clause of 专业评审 (a plan renumbers it)
    # scores the register now shows conflicted: left out, each awaiting the office
    conflicts: list[ScoreConflict] = field(default_factory=list)
    # how the published list differs from a ranking on the scores counted now, a line
    # each (empty: it does not); the published projects among them, by id
    stale: list[str] = field(default_factory=list)
    stale_published: dict[int, str] = field(default_factory=dict)
    # each of those published projects' tier amount on the scores counted now (None: none)
    stale_amounts: dict[int, int | None] = field(default_factory=dict)
    # published projects the ranking now places in a higher tier than published (a place
    # freed above them), then the others that would move with them, a line each: said,
    # not held (公示无异议的项目获得相应等级的助推资金)
    raised: list[str] = field(default_factory=list)
    # the quotas changed since the published list was adopted, a line each (10万元档名额由
    # 2 项改为 1 项): a cause of ``stale`` besides a score that stopped counting
    stale_quotas: list[str] = field(default_factory=list)

    @property
    def stale_basis(self) -> str:
        """What the ranking ``stale`` compares the published list with, as said before
        it: 按现有评分（不计存在利益冲突的评分）, or the quotas when they were changed."""
        scores = "（不计存在利益冲突的评分）" if self.conflicts else ""
        if not self.stale_quotas:
            return f"按现有评分{scores}"
        quotas = "；".join(self.stale_quotas)
        if not self.conflicts:
            return f"按现有名额（{quotas}）"
        return f"按现有评分和名额（不计存在利益冲突的评分；{quotas}）"

    @property
    def stale_cause(self) -> str:
        """Why the published list is no longer the ranking's, for the lines that say so."""
        if not self.stale_quotas:
            return "公示后有评分不再计入"
        quotas = "名额已调整：" + "；".join(self.stale_quotas)
        return f"公示后{'有评分不再计入、' if self.conflicts else ''}{quotas}"

    @property
    def undecided_note(self) -> str:
        """What the ranking leaves out until qualification is decided, or ""."""
        if not self.undecided:
            return ""
        shown = "、".join(f"“{t}”" for t in self.undecided[:5])
        more = f"等 {len(self.undecided)} 项" if len(self.undecided) > 5 else ""
        return (f"另有 {len(self.undecided)} 项申报尚未做出资格审核结论，未参加排名：{shown}{more}"
                f"（{self.review_clause}：资格审核通过后进行专业评审）")

    def row(self, project_id: int) -> RankRow:
        for r in self.rows:
            if r.project_id == project_id:
                return r
        raise KeyError(project_id)

    def candidates(self) -> list[RankRow]:
        return [r for r in self.rows if not r.held]


# -- stored overrides and proposals -----------------------------------------------------
def overrides(reg: Register, year: int) -> dict[int, Override]:
    rows = reg.query(
        "SELECT o.* FROM tier_overrides o JOIN project_applications a ON a.id = o.project_id"
        " WHERE a.campaign_id = ?", (reg.campaign_id(year),),
    )
    return {r["project_id"]: Override(**r) for r in rows}


def adopted(reg: Register, year: int) -> dict[int, dict[str, object]]:
    rows = reg.query("SELECT * FROM proposals WHERE campaign_id = ?", (reg.campaign_id(year),))
    return {r["project_id"]: r for r in rows}


def fits_cap(c: Campaign, amount_fen: int, budget_fen: int | None) -> bool:
    """二（三）: 助推资金总额不超过项目所需资金总额的 cap % (the limit itself fits)."""
    return budget_fen is not None and amount_fen * 100 <= budget_fen * c.budget_cap_percent


def cap_note(c: Campaign, tier: Tier, budget_fen: int) -> str:
    cap = budget_fen * c.budget_cap_percent // 100
    return (f"{tier_label(tier.name)}超过项目总投入 {format_money(budget_fen)} 的 {c.budget_cap_percent}%"
            f"（{format_money(cap)}，{c.clause('project_award')}）")


# -- ranking ----------------------------------------------------------------------------
def _tie_key(app: ProjectApplication, p: ProjectScore) -> tuple[object, ...]:
    return (
        -(p.score or 0),
        -(p.mean or 0),
        p.sd if p.sd is not None else float("inf"),
        app.received_date or date.max,
        app.id or 0,
    )


def _tie_rule(a: tuple[ProjectApplication, ProjectScore],
              b: tuple[ProjectApplication, ProjectScore]) -> str:
    """The tie-break step that puts ``a`` before ``b`` (equal scores)."""
    ka, kb = _tie_key(*a), _tie_key(*b)
    step = next((i for i in range(1, len(ka)) if ka[i] != kb[i]), len(ka) - 1)
    return TIE_BREAK_STEPS[step - 1]


def _tie_notes(ordered: list[tuple[ProjectApplication, ProjectScore]],
               placed: dict[int, RankRow]) -> dict[int, list[str]]:
    """Each tied project's note, once tiers are placed.

    A project tied with ones placed in a better tier names the nearest of them ahead — the
    project that actually won the tier over it — and the rule that decided between the
    two; failing that, the tied project just ahead. (Its neighbour may have missed the
    tier for another reason, the cap, and decided nothing.) The winner names the projects
    it so beat, else the tied project just behind.
    """
    def amount(app: ProjectApplication) -> int:
        row = placed.get(app.id or 0)
        return (row.amount_fen or 0) if row else 0

    def tier(app: ProjectApplication) -> str:
        row = placed.get(app.id or 0)
        return tier_label(row.tier_name) if row and row.tier_name else "档次"

    groups: list[list[tuple[ProjectApplication, ProjectScore]]] = []
    for pair in ordered:
        if groups and groups[-1][0][1].score == pair[1].score:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    notes: dict[int, list[str]] = {}
    for group in (g for g in groups if len(g) > 1):
        shown = format_points(group[0][1].score)
        # each project's winner: the nearest tied project ahead in a better tier (tiers are
        # few, so the last place of each amount seen is enough)
        winner: list[int | None] = []
        last_at: dict[int, int] = {}
        for i, (app, _p) in enumerate(group):
            better = [j for a, j in last_at.items() if a > amount(app)]
            winner.append(max(better) if better else None)
            last_at[amount(app)] = i
        beaten: dict[int, list[int]] = {}
        for i, w in enumerate(winner):
            if w is not None:
                beaten.setdefault(w, []).append(i)
        for i, me in enumerate(group):
            lines = notes.setdefault(me[0].id or 0, [])
            w = winner[i]
            if w is not None:
                won = group[w]
                lines.append(f"与列入{tier(won[0])}的“{won[0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(won, me)}）排在其后")
            elif i:
                lines.append(f"与“{group[i - 1][0].title}”得分同为 {shown}，"
                             f"按同分规则（{_tie_rule(group[i - 1], me)}）排在其后")
            behind = beaten.get(i) or ([i + 1] if i + 1 < len(group) else [])
            for rule, names in _by_rule(
                    (_tie_rule(me, group[j]), group[j][0].title) for j in behind).items():
                lines.append(f"与{names}得分同为 {shown}，按同分规则（{rule}）排在其前")
    return notes


def _rounding_notes(ordered: list[tuple[ProjectApplication, ProjectScore]],
                    placed: dict[int, RankRow]) -> dict[int, list[str]]:
    """Neighbours whose scores read the same to two places (80.33) but are not equal
    (80.3333 against 80.3250: a trimmed mean of three beside a mean of four, or a grid
    whose weights are not its maxima), placed in different tiers: no tie rule decided
    between them, the unrounded score did, and each says so with the scores to the
    places that tell them apart."""
    notes: dict[int, list[str]] = {}
    for (a, pa), (b, pb) in zip(ordered, ordered[1:], strict=False):
        ra, rb = placed.get(a.id or 0), placed.get(b.id or 0)
        if (pa.score is None or pb.score is None or pa.score == pb.score
                or format_points(pa.score) != format_points(pb.score)
                or ra is None or rb is None or ra.amount_fen == rb.amount_fen):
            continue
        places = next(n for n in range(3, 12)
                      if format_points(pa.score, n) != format_points(pb.score, n))
        shown, sa, sb = (format_points(pa.score), format_points(pa.score, places),
                         format_points(pb.score, places))
        notes.setdefault(a.id or 0, []).append(
            f"与“{b.title}”得分显示同为 {shown}，未舍入为 {sa}，高于其 {sb}，排在其前")
        notes.setdefault(b.id or 0, []).append(
            f"与“{a.title}”得分显示同为 {shown}，未舍入为 {sb}，低于其 {sa}，排在其后")
    return notes


def _by_rule(items: Iterable[tuple[str, str]], shown: int = 5) -> dict[str, str]:
    """(rule, title) → per rule, the first ``shown`` titles quoted and joined, in order."""
    out: dict[str, list[str]] = {}
    for rule, title in items:
        out.setdefault(rule, []).append(f"“{title}”")
    return {rule: "、".join(titles[:shown]) + (f"等 {len(titles)} 项" if len(titles) > shown
                                               else "")
            for rule, titles in out.items()}


def rank(reg: Register, year: int,
         assume: dict[int, Override | None] | None = None) -> Ranking:
    """The proposal as the rules make it now (nothing is stored).

    Projects under review, and those of an adopted proposal not yet in publicity, are
    ranked afresh; a proposal already in publicity (or beyond) is shown as adopted and
    holds its tier, like any award held outside the ranking. ``assume`` puts overrides in
    place of the stored ones (None: the project's taken away), to show what one would do.

    A score that stops counting after publication (a conflict found late, an assignment
    taken off) can make the published list no longer the ranking's: the published
    projects are ranked once more beside those they were ranked against, and
    ``Ranking.stale`` says what would change (each row concerned says so too); the list
    itself never changes silently: the close of publicity waits for the office's decision.
    """
    c = reg.campaign(year)
    assigned = assignments(reg, year)  # once: 100,000 at a large year
    conflicted = assignment_conflicts(reg, year, assigned)
    scores = panel_scores(reg, year, conflicted, assigned)
    experts_done = progress(reg, year, conflicted, assigned)
    over = overrides(reg, year)
    for project_id, o in (assume or {}).items():
        if o is None:
            over.pop(project_id, None)
        else:
            over[project_id] = o
    taken = adopted(reg, year)
    # only those ranked, holding or adopted (20,000 projects, a few hundred of them)
    # 资格审核通过 and not yet sent to the experts: ranked as unscored, holding adoption
    # (二（四）2: every qualified project is reviewed; left out, its places went to others)
    projects = reg.projects(year, statuses=("qualified", "review", "not_awarded", *HOLDING))
    adopted_elsewhere = set(taken) - {p.id for p in projects}
    if adopted_elsewhere:
        projects = sorted([*projects, *reg.projects_by_id(adopted_elsewhere)],
                          key=lambda p: p.id or 0)
    live = {pid for pid, r in taken.items() if r["period_id"] is None}
    candidates = [p for p in projects if p.status in ("qualified", "review")
                  or (p.id in live and p.status in ("proposed", "not_awarded"))]
    data = (c, projects, taken, scores, experts_done, over)
    rows, quotas = _rank_all(*data, candidates)
    # the year's panel asks so many experts a project (评审参数): a score resting on fewer
    # is said so, and adopting it is a decision with its reason (adopt)
    need = settings(reg, year).experts_per_project
    for r in rows:
        if not r.held and r.override is None and r.panel and not r.incomplete \
                and r.panel.n < need:
            r.short = f"评审专家不足：计入评分的专家 {r.panel.n} 位，本年度每个项目 {need} 位"
            r.notes.append(r.short)
    by_project: dict[int, list[ScoreConflict]] = {}
    held = {r.project_id for r in rows if r.held}
    # decided already (an objection settled or entered, a tier set by hand): not flagged
    for k in (undecided_award_conflicts(reg, held & {k.project_id for k in conflicted.values()})
              if conflicted else ()):
        by_project.setdefault(k.project_id, []).append(k)
    for r in rows:
        if r.held and r.project_id in by_project:
            # adopted (or awarded) on a score that no longer counts: the office decides
            r.notes.extend(f"注意：{k.text}存在利益冲突，不应计入，而采纳时已计入：请复核"
                           "（公示期内可作为异议登记，维持或撤销并写明理由）"
                           for k in by_project[r.project_id])
    undecided = [r[0] for r in reg.conn.execute(  # titles only: thousands at a large year
        "SELECT title FROM project_applications WHERE campaign_id = ? AND status = 'registered'"
        " ORDER BY id", (reg.campaign_id(year),))]
    ranking = Ranking(year, rows, quotas, undecided, c.clause("project_review"),
                      sorted(conflicted.values(), key=lambda k: (k.project_id, k.expert)))
    again = _republishable(reg, year, taken, projects)

    def afresh(again: frozenset[int]) -> list[RankRow]:
        """The ranking with the published projects ``again`` ranked once more beside
        those they were ranked against."""
        rivals = _ranked_against(reg, year, taken, again)
        # each at the level it was published at (a studio's level corrected since does
        # not move its award: publicity.published_level)
        published = [replace(p, studio_level=published_level(
            c, taken[p.id or 0]["amount_fen"], p.studio_level))  # type: ignore[arg-type]
            for p in projects if p.id in again]
        fresh, _q = _rank_all(c, [p for p in projects if p.id not in again] + published,
                              *data[2:], [p for p in candidates if p.id in rivals] + published)
        return fresh

    settled = _settled_reranks(reg, taken, projects)
    if settled:
        # a review kept an award on what the ranking then gave: a later change that makes it
        # give something else again (another score corrected or found conflicted) asks anew
        trial = {r.project_id: r for r in afresh(again | frozenset(settled)) if not r.held}
        again |= frozenset(
            pid for pid, decided in settled.items() if pid in trial
            and trial[pid].amount_fen != taken[pid]["amount_fen"]
            and tier_name(c, trial[pid].amount_fen) != decided)
    if again:
        since = min(str(taken[pid]["adopted_at"]) for pid in again)
        _stale_notes(c, ranking, afresh(again), taken,
                     lambda: _quota_changes(reg, year, since),
                     lambda: sent_counts(reg.conn, PROJECT, again))
    return ranking


def _quota_changes(reg: Register, year: int, since: str) -> list[str]:
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


def _settled_reranks(reg: Register, taken: dict[int, dict[str, object]],
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


def _rank_all(c: Campaign, projects: list[ProjectApplication],
              taken: dict[int, dict[str, object]], scores: dict[int, ProjectScore],
              experts_done: dict[int, Progress], over: dict[int, Override],
              candidates: list[ProjectApplication]) -> tuple[list[RankRow], list[QuotaUse]]:
    """Every level ranked: ``candidates`` afresh; the rest adopted (as adopted) or holding
    an award outside the ranking take their places first."""
    chosen = {p.id for p in candidates}
    frozen = [p for p in projects if p.id in taken and p.id not in chosen]
    holders = [p for p in projects if p.id not in taken and p.status in HOLDING]
    rows: list[RankRow] = []
    quotas: list[QuotaUse] = []
    for level in (*LEVELS, UNLEVELLED):
        def at_level(p: ProjectApplication, level: str = level) -> bool:
            return (p.studio_level or UNLEVELLED) == level

        inputs = (c, level, [p for p in candidates if at_level(p)],
                  [p for p in holders if at_level(p)], [p for p in frozen if at_level(p)],
                  taken, scores, experts_done)
        level_rows, level_quotas = _rank_level(*inputs, over)
        if any(r.override is not None for r in level_rows):
            # what the ranking alone would give, so that a project an override displaced
            # is told by which
            _displacement_notes(level_rows, _rank_level(*inputs, {})[0])
        for r in level_rows:
            if r.project_id in taken:
                r.adopted = True
                r.adopted_amount_fen = taken[r.project_id]["amount_fen"]  # type: ignore[assignment]
        rows.extend(level_rows)
        quotas.extend(level_quotas)
    return rows, quotas


PAID_AWARD = ("paid_first", "accepted", "paid_final", "acceptance_failed")


def _ranked_against(reg: Register, year: int, taken: dict[int, dict[str, object]],
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


def _republishable(reg: Register, year: int, taken: dict[int, dict[str, object]],
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
    decided = {r[0] for r in reg.conn.execute(
        "SELECT o.project_id FROM objections o JOIN publicity_periods p ON p.id = o.period_id"
        " WHERE p.campaign_id = ? UNION SELECT entity_id FROM audit_events"
        f" WHERE entity = 'project_applications' AND entity_id IN ({marks})"
        " AND action = 'rerank_settle'",
        (reg.campaign_id(year), *published))}
    return frozenset(p for p in published if p not in decided)


# What the office does about a published project the ranking now places higher.
RAISED_ADVICE = (
    "公示名单不会自动改变：公示无异议的项目按公示的档次核准、拨付。按排名，空出的较高档次名额本应由"
    "上述已公示项目调高、递补项目列入其原档次：重新采纳前请报请研究。维持公示档次、不调高的，可对递补"
    "项目人工调整档次并写明理由（该档名额已满的，先在“设置”中调整名额）；否则递补项目按上表列入")


# What the office does about a published list the scores counted now rank otherwise.
STALE_ADVICE = (
    "公示名单不会自动改变：公示中的项目，请在“公示”中把排名变化登记为该项目的异议（写明哪项评分"
    "不再计入、排名如何变化），异议成立的不予助推，空出的名额由按排名递补的项目在“排名与档次”中"
    "重新采纳后另批公示（有自己的公示期）；经研究维持的，按异议不成立处理并写明理由。已核准尚未"
    "拨付的（或已汇出的款项均被银行退回的），请在拨付（重拨）前报请研究，在“公示”中排名复核（boostdesk publicity review 项目 --revoke"
    "|--keep --note 理由）：撤销核准的名额递补后另批公示，维持的写明理由。已拨付的"
    "助推不再变动，是否另行助推递补项目请报请研究（名额为“原则上”，确需增加的在“设置”中修改名额后"
    "重新采纳）")


def _stale_notes(c: Campaign, ranking: Ranking, fresh: list[RankRow],
                 taken: dict[int, dict[str, object]],
                 quota_changes: Callable[[], list[str]] = list,
                 sent: Callable[[], dict[int, tuple[int, int]]] = dict) -> None:
    """Compare the ranking (published projects holding their tiers) with ``fresh`` (the
    same ranked afresh): each published project whose tier would change, then the others
    that would move with them, become lines of ``ranking.stale`` and notes on their rows;
    ``ranking.stale_published`` maps each such published project to its line (the close
    of publicity waits for a decision on it); ``sent()`` the awards with a transfer sent,
    each as (payments standing paid, payments sent back by the bank): a line says whether
    its award's money stands paid or all came back (排名复核 may then withdraw it). Nothing when no published tier changes: a
    later round's project, ranked now but not afresh, moves the others on its own."""
    pairs = []
    for f in (r for r in fresh if not r.held):
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
            # ranked higher than published (a place above freed by an upheld objection):
            # the published tier stands (公示无异议), raising it is the office's decision
            ranking.raised.append(line)
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
                         f"{_tier_text(was, row.tier_name)}（应为"
                         f"{_tier_text(f.amount_fen, f.tier_name)}）：公示名单未变，请复核")
    for f, row, was in raised:
        row.notes.append(f"按现有排名本项目可列入{_tier_text(f.amount_fen, f.tier_name)}"
                         f"（公示为{_tier_text(was, row.tier_name)}）：公示无异议的按公示档次"
                         "核准，是否调高请报请研究")
    lines = ranking.stale if lost else ranking.raised
    for f, row in pairs:
        if row.held or f.amount_fen == row.amount_fen:
            continue
        lines.append(f"“{f.ref}”：现为{tier_name(c, row.amount_fen)}，"
                     f"按现有评分为{tier_name(c, f.amount_fen)}")
        if not f.amount_fen:
            row.notes.append("按现有评分应为未获助推")
            continue
        row.amount_fen_fresh = f.amount_fen
        note = f"按现有评分应列入{_tier_text(f.amount_fen, f.tier_name)}"
        if f.amount_fen in losers:
            note += "，名额现由已公示的" + "、".join(losers[f.amount_fen]) + "占用"
        row.notes.append(note)


def _rank_level(
    c: Campaign, level: str, candidates: list[ProjectApplication],
    holders: list[ProjectApplication], frozen: list[ProjectApplication],
    taken: dict[int, dict[str, object]], scores: dict[int, ProjectScore],
    experts_done: dict[int, Progress], over: dict[int, Override],
) -> tuple[list[RankRow], list[QuotaUse]]:
    tiers = c.tiers_for(level) if level != UNLEVELLED else ()
    by_amount = {t.amount_fen: t for t in tiers}
    remaining = {t.amount_fen: t.quota for t in tiers}
    held_count: Counter[int] = Counter()
    proposed_count: Counter[int] = Counter()
    studio_awards: Counter[int | None] = Counter()
    studio_holders: dict[int | None, list[RankRow]] = {}

    def take(row: RankRow, amount: int | None) -> None:
        row.amount_fen = amount
        if amount is None:
            return
        tier = by_amount.get(amount)
        row.tier_name = tier.name if tier else format_money(amount)
        if amount in remaining:
            remaining[amount] -= 1
        studio_awards[row.studio_id] += 1
        studio_holders.setdefault(row.studio_id, []).append(row)

    def new_row(app: ProjectApplication) -> RankRow:
        return RankRow(app.id or 0, app.title, app.studio_name, app.studio_id, level,
                       app.status, scores.get(app.id or 0),
                       progress=experts_done.get(app.id or 0))

    held_rows = []
    for app in frozen:  # an adopted proposal already in publicity: as adopted
        row = new_row(app)
        row.held = True
        stored = taken[app.id or 0]
        row.rank = stored["rank"]  # type: ignore[assignment]
        status = STATUS_ZH.get(app.status, app.status)
        if app.status in HOLDING and stored["amount_fen"]:
            take(row, stored["amount_fen"])  # type: ignore[arg-type]
            held_count[row.amount_fen or 0] += 1
            row.reason = f"{stored['reason']}（现为“{status}”）"
        else:
            row.reason = app.status_reason or f"{stored['reason']}（现为“{status}”）"
        held_rows.append(row)
    for app in holders:
        row = new_row(app)
        row.held = True
        amount = app.award_fen or app.requested_fen
        take(row, amount)
        if amount in by_amount:
            held_count[amount] += 1
        row.reason = (f"状态为“{STATUS_ZH.get(app.status, app.status)}”"
                      f"（{format_money(amount) if amount else '金额未定'}），"
                      "占用本档名额，不参加本次排名")
        held_rows.append(row)

    # A rank is the place among every scored project of the level, those already in
    # publicity included: ranked among the rest alone, a project left out of the first
    # batch would be 第1名 beside the first batch's own 第1名.
    frozen_ids = {a.id for a in frozen}
    every = [(app, scores[app.id or 0]) for app in [*candidates, *frozen]
             if app.id in scores and scores[app.id].score is not None]
    every.sort(key=lambda pair: _tie_key(*pair))
    place = {app.id: n for n, (app, _p) in enumerate(every, start=1)}
    for row in held_rows:
        if row.project_id in frozen_ids and row.project_id in place:
            row.rank = place[row.project_id]
    scored = [(app, p) for app, p in every if app.id not in frozen_ids]
    scored_ids = {a.id for a, _ in scored}
    unscored = [app for app in candidates if app.id not in scored_ids]
    ranked_rows: list[RankRow] = []
    for app, _p in scored:
        row = new_row(app)
        row.rank = place[app.id]
        ranked_rows.append(row)
    unscored_rows = [new_row(app) for app in unscored]

    # Overrides first, in rank order: staff decided them.
    for row in ranked_rows + unscored_rows:
        o = over.get(row.project_id)
        if o is None:
            continue
        row.override = o
        take(row, o.amount_fen)
        what = tier_label(row.tier_name or "") if o.amount_fen else "不予助推"  # take() named it
        row.reason = f"人工调整为{what}：{o.reason}（{o.operator}，{o.at[:10]}）"
        if o.amount_fen in remaining and remaining[o.amount_fen] < 0:
            # set_override keeps to the quota; one lowered in 设置 afterwards is said here
            tier = by_amount[o.amount_fen]
            row.reason += f"；超出{tier_label(tier.name)}原则名额 {tier.quota} 项"
        if o.amount_fen:
            proposed_count[o.amount_fen] += 1

    for row, app in zip(ranked_rows, [a for a, _ in scored], strict=True):
        if row.override is not None:
            continue
        head = f"{row.level_zh}第 {row.rank} 名"
        if studio_awards[row.studio_id] >= c.max_awards_per_studio:
            # every holder: a year may allow more than one award per studio
            held = "、".join(
                f"“{h.ref}”" + (f"（人工调整为{tier_label(h.tier_name or '')}）" if h.override is not None else "")
                for h in studio_holders[row.studio_id])
            row.reason = (f"{head}；同一工作室获得助推的项目至多 {c.max_awards_per_studio} 项"
                          f"（{c.clause('project_studio')}），本工作室已有{held}")
            continue
        if not tiers:
            row.reason = f"{head}；未填写工作室级别，无法确定助推档次"
            continue
        if app.total_budget_fen is None:
            row.reason = f"{head}；缺少项目总投入，无法核对 {c.budget_cap_percent}% 上限"
            continue
        skipped: list[str] = []
        chosen = None
        for tier in tiers:
            if not fits_cap(c, tier.amount_fen, app.total_budget_fen):
                skipped.append(cap_note(c, tier, app.total_budget_fen))
            elif remaining[tier.amount_fen] <= 0:
                skipped.append(f"{tier_label(tier.name)}名额（{tier.quota} 项）已满")
            else:
                chosen = tier
                break
        if chosen is None:
            row.reason = "；".join([head, *skipped, "未获助推"])
            continue
        take(row, chosen.amount_fen)
        proposed_count[chosen.amount_fen] += 1
        row.reason = "；".join([head, *skipped, f"列入{tier_label(chosen.name)}"])

    placed_rows = {r.project_id: r for r in ranked_rows + held_rows}
    ties = _tie_notes(every, placed_rows)
    for pid, lines in _rounding_notes(every, placed_rows).items():
        ties.setdefault(pid, []).extend(lines)
    for row in ranked_rows:
        row.tie = ties.get(row.project_id, [])
    for row in unscored_rows:
        if row.override is None:
            row.reason = ("尚无已提交的专家评分" if row.progress
                          else "尚未分配评审专家，尚无专家评分")
            if row.status == "qualified":
                row.reason = "资格审核通过，" + row.reason
    # 二（四）2: the score is the main basis; one taken on some of the assigned experts
    # only is said so (it may yet cross a tier boundary; adopt waits for the rest).
    for row in ranked_rows + unscored_rows:
        if row.progress is not None and not row.progress.complete:
            row.notes.append(f"评分未齐：{row.progress.text}")

    quotas = [QuotaUse(t, held_count[t.amount_fen], proposed_count[t.amount_fen]) for t in tiers]
    placed = sorted((r for r in ranked_rows + held_rows if r.rank is not None),
                    key=lambda r: r.rank or 0)
    return placed + unscored_rows + [r for r in held_rows if r.rank is None], quotas


def _tier_text(amount_fen: int | None, name: str | None) -> str:
    return tier_label(name or format_money(amount_fen)) if amount_fen else "未获助推"


def tier_name(c: Campaign, amount_fen: int | None) -> str:
    """“3万元档” for an amount of one of the campaign's tiers, else the amount; 未获助推."""
    return _tier_text(amount_fen, next((t.name for t in c.tiers if t.amount_fen == amount_fen),
                                       None))


def _displacement_notes(rows: list[RankRow], without: list[RankRow]) -> None:
    """Note on each ranked project whose tier the overrides changed, which override did.

    A project that lost a place names the override that took it: the overridden projects
    now in that tier (its studio's overridden project is named by its reason already); one
    moved only as a knock-on (a place freed above it, or taken below) names the overrides
    that changed something.
    """
    base = {r.project_id: r for r in without}
    movers = [r for r in rows if r.override is not None and not r.held
              and r.amount_fen != base[r.project_id].amount_fen]
    if not movers:
        return
    everyone = "、".join(
        f"“{m.ref}”调整为{_tier_text(m.amount_fen, m.tier_name) if m.amount_fen else '不予助推'}"
        for m in movers)
    for row in rows:
        was = base.get(row.project_id)
        if row.held or row.override is not None or was is None \
                or was.amount_fen == row.amount_fen:
            continue
        before = _tier_text(was.amount_fen, was.tier_name)
        if (row.amount_fen or 0) > (was.amount_fen or 0):
            row.notes.append(f"因人工调整（{everyone}），由{before}改列"
                             f"{_tier_text(row.amount_fen, row.tier_name)}")
            continue
        unchanged = f"不做人工调整时本项目列入{before}"
        into = [m for m in movers if m.amount_fen == was.amount_fen]
        if any(m.amount_fen and m.studio_id == row.studio_id for m in movers):
            row.notes.append(unchanged)  # the reason names the studio's overridden project
        elif into:
            row.notes.append(f"{before}名额被人工调整的" + "、".join(f"“{m.ref}”" for m in into)
                             + f"占用（{unchanged}）")
        else:
            row.notes.append(f"因人工调整（{everyone}）顺延（{unchanged}）")


@dataclass(frozen=True)
class TierChange:
    """A project whose proposed tier an override changes."""

    project_id: int
    ref: str
    before: str  # 10万元档 | 未获助推
    after: str

    @property
    def text(self) -> str:
        return f"“{self.ref}”：{self.before} → {self.after}"


def tier_changes(before: Ranking, after: Ranking, but: int | None = None) -> list[TierChange]:
    """The ranked projects (other than ``but``) whose proposed tier differs, in rank order."""
    old = {r.project_id: r for r in before.candidates()}
    out = []
    for r in after.candidates():
        o = old.get(r.project_id)
        if r.project_id != but and o is not None and o.amount_fen != r.amount_fen:
            out.append(TierChange(r.project_id, r.ref, _tier_text(o.amount_fen, o.tier_name),
                                  _tier_text(r.amount_fen, r.tier_name)))
    return out


def override_effects(reg: Register, project_id: int, amount_fen: int | None) -> list[TierChange]:
    """What overriding ``project_id`` to ``amount_fen`` would do to the other projects
    (nothing is stored; the override's own checks are set_override's)."""
    year = reg.project(project_id).campaign_year
    trial = Override(project_id, amount_fen, "", "", "")
    return tier_changes(rank(reg, year), rank(reg, year, {project_id: trial}), project_id)


# -- overrides ------------------------------------------------------------------------
def set_override(reg: Register, project_id: int, amount_fen: int | None,
                 reason: str) -> list[TierChange]:
    """Staff place a project in a tier (or none) whatever its rank; audited. Returns the
    other projects whose proposed tier changes as a result.

    The 50 % cap, the studio level's tiers and one award per studio still hold, and so do
    the quotas. 二（三） sets them 原则上: the federation may depart from them, but that is
    a decision on the year's money, taken where the year's quotas are set (设置, campaign
    set), not by moving one project. So an override takes a place inside its tier's quota:
    the ranked project that place would have gone to moves down (to the next tier with room,
    or none), and its reason names the override. An override into a tier whose places are
    all held already (awards in publicity or beyond, other overrides) is refused.
    """
    if not reason.strip():
        raise PanelError("人工调整档次须填写理由")
    app = reg.project(project_id)
    year = app.campaign_year
    c = reg.campaign(year)
    with reg.transaction():
        _check_rankable(reg, app)
        ranking = rank(reg, year)
        if amount_fen is not None:
            tiers = c.tiers_for(app.studio_level) if app.studio_level else ()
            tier = next((t for t in tiers if t.amount_fen == amount_fen), None)
            if tier is None:
                allowed = "、".join(t.name for t in tiers) or "无"
                raise PanelError(
                    f"{format_money(amount_fen)} 不是{LEVEL_ZH.get(app.studio_level or '', '该')}"
                    f"工作室的助推档次（可选：{allowed}）"
                )
            if not fits_cap(c, amount_fen, app.total_budget_fen):
                if app.total_budget_fen is None:
                    raise PanelError(f"项目“{app.title}”缺少项目总投入，"
                                     f"无法核对 {c.budget_cap_percent}% 上限")
                raise PanelError(f"不能调整：{cap_note(c, tier, app.total_budget_fen)}")
            # 二（二）2: the studio's other projects overridden into a tier, or holding an
            # award already, count against the campaign's limit.
            others = [o for o in reg.projects(year)
                      if o.studio_id == app.studio_id and o.id != project_id]
            overridden = overrides(reg, year)
            awarded = [o.title for o in others
                       if (o.id in overridden and overridden[o.id].amount_fen is not None)
                       or (o.id not in overridden and o.status in HOLDING)]
            if len(awarded) >= c.max_awards_per_studio:
                raise PanelError(
                    f"同一工作室获得助推的项目至多 {c.max_awards_per_studio} 项：本工作室的"
                    + "、".join(f"“{t}”" for t in awarded) + "已获助推或已人工调整为获助推"
                )
            _check_quota(c, ranking, tier, project_id)
        before = reg.query("SELECT * FROM tier_overrides WHERE project_id = ?", (project_id,))
        at = datetime.now().isoformat(timespec="seconds")
        reg.conn.execute(
            "INSERT INTO tier_overrides (project_id, amount_fen, reason, operator, at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET"
            " amount_fen = excluded.amount_fen, reason = excluded.reason,"
            " operator = excluded.operator, at = excluded.at",
            (project_id, amount_fen, reason.strip(), reg.operator, at),
        )
        changes = tier_changes(ranking, rank(reg, year), project_id)
        reg.audit("override", "project_applications", project_id,
                  before[0] if before else None,
                  {"amount_fen": amount_fen, "reason": reason.strip(),
                   **({"changes": [x.text for x in changes]} if changes else {})})
        return changes


def _check_quota(c: Campaign, ranking: Ranking, tier: Tier, project_id: int) -> None:
    """An override takes one of the tier's places; refused when none is left to take."""
    held = next((q.held for q in ranking.quotas if q.tier == tier), 0)
    others = [r.ref for r in ranking.candidates() if r.override is not None
              and r.override.amount_fen == tier.amount_fen and r.level == tier.level
              and r.project_id != project_id]
    if held + len(others) < tier.quota:
        return
    taken = ([f"已拟助推、公示或核准的 {held} 项"] if held else []) + (
        ["人工调整的" + "、".join(f"“{t}”" for t in others)] if others else [])
    raise PanelError(
        f"{tier_label(tier.name)}名额（{tier.quota} 项）已被" + "和".join(taken) + "占满：人工调整只在名额内"
        f"调换项目，不增加名额（{c.clause('project_award')}名额为“原则上”，确需增加的，请先在“设置”中修改"
        "本年度该档名额）"
    )


def clear_override(reg: Register, project_id: int) -> list[TierChange]:
    """Take a project's override away; returns the other projects whose tier changes."""
    app = reg.project(project_id)
    with reg.transaction():
        _check_rankable(reg, app)
        before = reg.query("SELECT * FROM tier_overrides WHERE project_id = ?", (project_id,))
        if not before:
            return []
        ranking = rank(reg, app.campaign_year)
        reg.conn.execute("DELETE FROM tier_overrides WHERE project_id = ?", (project_id,))
        changes = tier_changes(ranking, rank(reg, app.campaign_year), project_id)
        reg.audit("clear_override", "project_applications", project_id, before[0],
                  {"changes": [x.text for x in changes]} if changes else None)
        return changes


def _check_rankable(reg: Register, app: ProjectApplication) -> None:
    """Only projects still being ranked (not yet in publicity) may change tier."""
    row = adopted(reg, app.campaign_year).get(app.id or 0)
    if row is not None and row["period_id"] is not None:
        raise PanelError(f"项目“{app.title}”已进入公示，不能再调整档次")
    if app.status != "review" and row is None:
        from .past import past_hint

        raise PanelError(
            f"项目“{app.title}”的状态为“{STATUS_ZH.get(app.status, app.status)}”，"
            "不在专家评审排名中，不能调整档次" + past_hint(reg, app.campaign_year)
        )


# -- adopting the proposal ----------------------------------------------------------------
def adopt(reg: Register, year: int, short_reason: str = "", *,
          cancelled: Callable[[], bool] | None = None) -> Ranking:
    """Make the ranking the proposal: tiers → 拟助推 (proposed), the rest → 未获助推.

    Refused while a project being ranked lacks a score of an expert assigned to it, or
    has none (二（四）2: the experts' scores are the main basis, and one more may move it
    across a tier boundary). A project whose tier staff set by hand is not held back: its
    tier is not its score's, and overrides are placed before the ranking, so its missing
    scores move no other project's tier. Adopting again after a change (new scores, an
    override) moves projects between proposed and not awarded; a proposal already in
    publicity stays as it is. A refusal takes no backup (one good backup would go).

    A project scored by fewer experts than the year's panel asks (评审参数 每个项目专家数),
    every one of them in, is refused too, naming each, unless the office gives
    ``short_reason`` (adopted on the scores there are; audited, and kept in each such
    project's reason). ``cancelled()`` true after the backup: nothing adopted.
    """
    from boostdesk.safety.backup import backup_before_write

    ranking = rank(reg, year)
    candidates = ranking.candidates()
    if not candidates:
        from .past import past_hint

        raise PanelError(f"{year} 年度没有专家评审中的项目可列入拟助推名单" + past_hint(reg, year))
    waiting = [r for r in candidates if r.incomplete and r.override is None]
    if waiting:
        from .past import past_hint

        raise PanelError(waiting_message(waiting, ranking.review_clause) + past_hint(reg, year))
    short = [r for r in candidates if r.short]
    if short and not short_reason.strip():
        raise PanelError(short_message(short, ranking.review_clause))
    for r in short:
        r.notes.append(f"经研究按现有评分采纳：{short_reason.strip()}")
    backup_before_write(reg, "tier", cancelled)
    with reg.transaction():  # one writer holds the register: the ranking still stands
        cid = reg.campaign_id(year)
        before = [r for r in adopted(reg, year).values() if r["period_id"] is None]
        at = datetime.now().isoformat(timespec="seconds")
        reg.conn.execute("DELETE FROM proposals WHERE campaign_id = ? AND period_id IS NULL",
                         (cid,))
        for r in candidates:
            if r.amount_fen is not None:
                _move(reg, r.project_id, r.status, "proposed", r.full_reason)
            else:
                _move(reg, r.project_id, r.status, "not_awarded",
                      f"专家评审未列入拟助推名单：{r.full_reason}")
            score = r.score
            reg.conn.execute(
                "INSERT INTO proposals (project_id, campaign_id, rank, score_x100, amount_fen,"
                " reason, adopted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (r.project_id, cid, r.rank,
                 # hundredths rounded half up, as shown (round() of a Fraction: to even)
                 int(score * 100 + Fraction(1, 2)) if score is not None else None, r.amount_fen,
                 r.full_reason, at),
            )
        reg.audit("adopt", "proposals", cid, {"proposals": before} if before else None,
                  {"proposals": [r.to_dict() for r in candidates],
                   **({"short": [f"“{r.ref}”：{r.short}" for r in short],
                       "short_reason": short_reason.strip()} if short else {})})
        return rank(reg, year)


def waiting_message(rows: list[RankRow], clause: str) -> str:
    """Why the proposal cannot be adopted yet: each project, whose scores are missing, and
    what to do."""
    lines = [f"“{r.ref}”：{r.progress.text if r.progress else '尚未分配评审专家'}"
             + ("（资格审核通过后未送专家评审）" if r.status == "qualified" else "")
             for r in rows]
    return (f"以下项目的专家评分尚未交齐，不能采纳拟助推名单（{clause}：以专业评审分数为主要"
            "助推依据）：\n" + "\n".join(lines)
            + "\n请等专家交回评分包（或在“评分录入”中提交）后再采纳；专家不能评审的，请在"
            "“分配专家”中取消或更换该项分配；也可对项目人工调整档次"
            + (CONFLICT_ADVICE if any(r.progress and r.progress.conflicted for r in rows) else ""))


def short_message(rows: list[RankRow], clause: str) -> str:
    """Why the proposal is not adopted as it stands: each project scored by fewer experts
    than the year asks, and what to do."""
    lines = [f"“{r.ref}”：{r.short}" for r in rows]
    return (f"以下项目的评审专家人数少于本年度评审参数的要求，不能直接采纳拟助推名单（{clause}：以"
            "专业评审分数为主要助推依据）：\n" + "\n".join(lines)
            + "\n请在“分配专家”中补派专家（自动均衡分配）并交回评分后再采纳；本年度确定每个项目"
            "专家数另有安排的，请在“评审参数”中修改；经研究按现有评分采纳的，请写明理由"
            "（boostdesk panel adopt --short-reason 理由），理由记入修改记录")


# What the office does about a score the register now shows conflicted.
CONFLICT_ADVICE = (
    "\n存在利益冲突的评分不计入排名：请在“分配专家”中取消该专家对该项目的分配（boostdesk panel "
    "unassign --expert 专家 --project 项目，原评分记入修改记录），需要时另派专家评审；核实并非利益冲突的，请更正登记的单位或"
    "负责人；或对项目人工调整档次并写明理由")


def _move(reg: Register, project_id: int, status: str, target: str, reason: str) -> None:
    if status == target:
        return
    if status != "review":
        reg.set_status(PROJECT, project_id, "review", "重新确定拟助推名单")
    reg.set_status(PROJECT, project_id, target, reason)


def withdraw(reg: Register, year: int) -> int:
    """Undo the adopted proposal not yet in publicity: its projects go back to review."""
    with reg.transaction():
        live = {pid: r for pid, r in adopted(reg, year).items() if r["period_id"] is None}
        if not live:
            raise PanelError(f"{year} 年度没有可撤回的拟助推名单（已公示的不能撤回）")
        for project_id in live:
            status = reg.project(project_id).status
            if status in ("proposed", "not_awarded"):
                reg.set_status(PROJECT, project_id, "review", "撤回拟助推名单")
        reg.conn.execute("DELETE FROM proposals WHERE campaign_id = ? AND period_id IS NULL",
                         (reg.campaign_id(year),))
        reg.audit("withdraw", "proposals", reg.campaign_id(year),
                  {"proposals": list(live.values())}, None)
        return len(live)
