"""A ranking as the screens and ``rank --json`` read it (Ranking, RankRow, QuotaUse), and
what it is made from in the register: the overrides and the proposals stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from boostdesk.models.campaign import LEVEL_ZH, Tier
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import yuan_json

from .experts import ScoreConflict
from .scoring import Progress, ProjectScore, format_points

if TYPE_CHECKING:
    from .published_rerank import KeptTier
    from .same_sheets import SameSheets

# Statuses in which a project holds (or is proposed for) an award.
HOLDING = ("proposed", "publicized", "approved", "paid_first", "accepted", "paid_final",
           "acceptance_failed")
UNLEVELLED = "unlevelled"
# what the office does about an award adopted on a score since found conflicted
AWARD_CONFLICT_ADVICE = "请复核（公示期内可作为异议登记，维持或撤销并写明理由）"


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
    # at a tier boundary, parted from its equals only by a step weighing nothing of their
    # merit, the received date or the application number (tie_break.cutoff_ties)
    cutoff_tie: str = ""
    # its award above the project's 申请金额, by how much (over_request): adopting asks
    over_request: str = ""
    requested_fen: int | None = None  # the project's 申请金额 (set with over_request)
    # passed 资格审核 though a hard condition of the plan fails now: the clause and the
    # office's reason in one line (rules.passed_against); adopting it into a tier asks
    against_plan: str = ""
    # tiers a rule other than the ranking keeps it out of (the 50 % cap, its studio's award
    # held by a project not tied with it, no budget): amount -> why, in a few words. A tie
    # lost at such a tier's boundary decided nothing (tie_break)
    barred: dict[int, str] = field(default_factory=dict)
    # the tier a ranking of the published projects afresh would give (stale notes only)
    amount_fen_fresh: int | None = None

    @property
    def score(self) -> Fraction | None:
        return self.panel.score if self.panel else None

    @property
    def decided(self) -> bool:
        """Adopted where the ranking places it now: the adoption answered what adopting asks
        of it (a cut-off tie, an award above the request or against the plan), with its
        reasons — not asked as if open."""
        return self.adopted and self.adopted_amount_fen == self.amount_fen

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
            "against_plan": self.against_plan,
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
    # scores the register now shows conflicted: all left out of the ranking
    conflicts: list[ScoreConflict] = field(default_factory=list)
    # those of them still awaiting the office: a project still being ranked (its
    # assignment to take off), or an award counted on the score with no decision on record;
    # the others are settled (e.g. 排名复核 revoked or kept the award; its scores stay)
    open_conflicts: list[ScoreConflict] = field(default_factory=list)
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
    # each such published project: (its published tier amount, the ranking's now)
    raised_amounts: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    # published projects the ranking would raise that the office decided to keep at their
    # published tier (published_rerank.KeptTier): not asked about again, the place above
    # left open by that decision
    kept_published: dict[int, KeptTier] = field(default_factory=dict)
    # published projects the ranking would raise into a tier whose freed places a
    # keep-tier decision left open: id -> (published amount, ranked amount, the kept
    # project whose decision it was); said under it, not asked again
    left_open: dict[int, tuple[int | None, int | None, int]] = field(default_factory=dict)
    # the quotas changed since the published list was adopted, a line each (10万元档名额由
    # 2 项改为 1 项): a cause of ``stale`` besides a score that stopped counting
    stale_quotas: list[str] = field(default_factory=list)

    # scores corrected in publicity (score_correction) since the published list was
    # adopted: a cause of ``stale`` too, said beside the others
    corrected: bool = False
    # pairs of experts whose submitted scores are a copy of each other's (one expert's
    # numbers imported as another's, counted twice): said before adoption
    same_sheets: list[SameSheets] = field(default_factory=list)
    # projects left out of the tiers by an adoption since published, held as not awarded
    # (published_list): nothing of theirs to adopt again or withdraw
    settled: list[int] = field(default_factory=list)
    # the freed places given nobody ranked now, by (amount, level): how many and why
    # (ranking._places_awaiting_the_office; tier_places.Closed)
    shut: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)

    @property
    def stale_basis(self) -> str:
        """What the ranking ``stale`` compares the published list with, as said before
        it: 按现有评分（不计存在利益冲突的评分）, or the quotas when they were changed."""
        notes = [n for n, on in (("不计存在利益冲突的评分", bool(self.conflicts)),
                                 ("含公示后更正的评分", self.corrected)) if on]
        scores = f"（{'，'.join(notes)}）" if notes else ""
        if not self.stale_quotas:
            return f"按现有评分{scores}"
        quotas = "；".join(self.stale_quotas)
        if not notes:
            return f"按现有名额（{quotas}）"
        return f"按现有评分和名额（{'；'.join(notes)}；{quotas}）"

    @property
    def stale_cause(self) -> str:
        """Why the published list is no longer the ranking's, for the lines that say so."""
        causes = [c for c, on in (("有评分不再计入", bool(self.conflicts)),
                                  ("有评分更正", self.corrected)) if on]
        if not self.stale_quotas:
            return "公示后" + ("、".join(causes) or "有评分不再计入")
        quotas = "名额已调整：" + "；".join(self.stale_quotas)
        return f"公示后{''.join(c + '、' for c in causes)}{quotas}"

    @property
    def undecided_note(self) -> str:
        """What the ranking leaves out until qualification is decided, or ""."""
        if not self.undecided:
            return ""
        shown = "、".join(f"“{t}”" for t in self.undecided[:5])
        more = f"等 {len(self.undecided)} 项" if len(self.undecided) > 5 else ""
        return (f"另有 {len(self.undecided)} 项申报尚未做出资格审核结论，未参加排名：{shown}{more}"
                f"（{self.review_clause}：资格审核通过后进行专业评审）")

    def conflicts_to_rank(self) -> list[ScoreConflict]:
        """The open conflicts of projects still being ranked: 取消分配 is the way."""
        ranked = {r.project_id for r in self.rows if not r.held}
        return [k for k in self.open_conflicts if k.project_id in ranked]

    def conflicts_on_awards(self) -> list[ScoreConflict]:
        """The open conflicts of awards adopted on the score, no decision on record."""
        ranked = {r.project_id for r in self.rows if not r.held}
        return [k for k in self.open_conflicts if k.project_id not in ranked]

    def row(self, project_id: int) -> RankRow:
        for r in self.rows:
            if r.project_id == project_id:
                return r
        raise KeyError(project_id)

    def candidates(self) -> list[RankRow]:
        return [r for r in self.rows if not r.held]

    def adoptable(self) -> list[RankRow]:
        """The candidates an adoption would decide on: not those an adoption standing left
        out that the ranking still gives no tier (a freed place left open: adopting again
        would change nothing, and would ask its ties and reasons again)."""
        return [r for r in self.candidates()
                if not (r.adopted and r.status == "not_awarded" and r.amount_fen is None)]


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
