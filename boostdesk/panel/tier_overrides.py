"""A tier set by hand (人工调整档次, with a reason) or taken away, inside the quotas; and
what it does to the other projects' tiers. A published project the ranking now places
higher kept at its published tier by the office's decision (维持公示档次), and that
decision withdrawn while nothing rests on it yet (撤销维持公示档次)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from boostdesk.models.campaign import LEVEL_ZH, Campaign, Tier, tier_label
from boostdesk.models.records import ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.said_where import way

from .errors import PanelError
from .override_guard import lift_refusal
from .publicity import periods
from .published_rerank import KEPT, UNKEPT, KeptTier, kept_decision
from .ranking import rank
from .ranking_rows import HOLDING, Override, Ranking, adopted, overrides
from .tier_places import cap_note, fits_cap, tier_text


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
            out.append(TierChange(r.project_id, r.ref, tier_text(o.amount_fen, o.tier_name),
                                  tier_text(r.amount_fen, r.tier_name)))
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
    set), not by moving one project. Once the year's list is in publicity a tier set by
    hand may not put a project above higher-scored ones left lower, and a studio an upheld
    objection found outside 二（一） gets no award by hand (override_guard.lift_refusal). So an override takes a place inside its tier's quota:
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
            # 二（四）2 once the list is published, 二（一） for a studio an objection barred
            trial = rank(reg, year, {project_id: Override(project_id, amount_fen, reason, "", "")})
            if refused := lift_refusal(reg, app, trial, bool(periods(reg, year))):
                raise PanelError(refused)
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
        raise PanelError(
            f"项目“{app.title}”已进入公示，不能再调整档次：公示无异议的按公示档次核准（方案二（四）3），"
            "调高后的档次须按新档次另行公示，本软件不能登记调高。按排名可列入较高档次、经研究维持公示"
            "档次的，" + way("在“公示”或“排名与档次”中点“维持公示档次…”登记",
                            "用 boostdesk panel keep-tier 项目 --reason 理由 登记"))
    if app.status != "review" and row is None:
        from .past import past_hint

        raise PanelError(
            f"项目“{app.title}”的状态为“{STATUS_ZH.get(app.status, app.status)}”，"
            "不在专家评审排名中，不能调整档次" + past_hint(reg, app.campaign_year)
        )


# -- 维持公示档次 -------------------------------------------------------------------------
def keep_published_tier(reg: Register, project_id: int, reason: str) -> KeptTier:
    """The office's decision on a published project the ranking now places in a higher
    tier (a place above freed by an upheld objection or a revoked approval): it stays at
    its published tier (二（四）3: 公示无异议的按公示档次核准), with why; audited. The
    ranking, the freed place's notice and the close then say the place was left open by
    this decision rather than asking again, while the ranking gives what was decided on
    (ranked otherwise later, it asks anew)."""
    if not reason.strip():
        raise PanelError("请填写维持公示档次的理由（如：经主任办公会研究，按公示档次核准）")
    app = reg.project(project_id)
    year = app.campaign_year
    with reg.transaction():
        ranking = rank(reg, year)
        raised = ranking.raised_amounts.get(project_id)
        if raised is None:
            kept = ranking.kept_published.get(project_id)
            if kept is not None:
                raise PanelError(f"项目“{app.title}”已{kept.said}")
            raise PanelError(f"项目“{app.title}”按现有排名没有比公示更高的档次，无需决定维持公示档次"
                             "（只对排名中注明“按现有排名本项目可列入……（公示为……）”的已公示项目）")
        was, now = raised
        ref = ranking.row(project_id).ref
        line = next((x for x in ranking.raised if x.startswith(f"“{ref}”")), "")
        reg.audit(KEPT, "project_applications", project_id, {"ranking": line},
                  {"decision": "维持公示档次", "reason": reason.strip(),
                   "published_fen": was, "ranked_fen": now})
    return rank(reg, year).kept_published[project_id]


def undo_kept_tier(reg: Register, project_id: int, reason: str) -> KeptTier:
    """撤销维持公示档次: the office withdraws its keep-tier decision on ``project_id``
    (returned), with why; audited. The ranking, the freed place's notice and the close then
    name the project next in line for the place again, as before the decision. Refused
    when something rests on the decision (kept_tier_withdrawal.withdraw_refusal): the close
    approved the award on it (recorded before the close), its money stands paid, or a list
    was adopted after it. One recorded after its batch closed approved nothing: withdrawn
    like one still in publicity."""
    from .kept_tier_withdrawal import withdraw_refusal

    if not reason.strip():
        raise PanelError("请填写撤销维持公示档次的理由（如：经主任办公会复议，按排名调高档次）")
    app = reg.project(project_id)
    with reg.transaction():
        kept = kept_decision(reg, project_id)
        if kept is None:
            raise PanelError(f"项目“{app.title}”没有经研究维持公示档次的决定，无需撤销")
        refused = withdraw_refusal(reg, app, kept)
        if refused:
            raise PanelError(refused)
        reg.audit(UNKEPT, "project_applications", project_id,
                  {"decision": "维持公示档次", "reason": kept.reason,
                   "published_fen": kept.published_fen, "ranked_fen": kept.ranked_fen},
                  {"decision": "撤销维持公示档次", "reason": reason.strip(),
                   "withdrawn_decision": kept.said})
    return kept
