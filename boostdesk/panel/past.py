"""补录往年结果: a past year's project award recorded as it was decided, without its panel.

An office that starts the register late (say in 2022) wants its earlier years' outcomes in
it: the studio's earlier award and its acceptance (二（一）), one award per studio a year,
the statistics, the studio's 往年 list and the summary tables all read the register's
approved projects. The panel's path (qualify, experts, scores or an override, adopt,
publicity, close) asks for experts, scores and a publicity period the office no longer
has, and dates the approval by the close. :func:`record_past_award` records what the
office knows — the tier (amount), the approval date and why (历史补录) — for a year that
is not the register's newest, audited, and the payments are then marked paid by the
ordinary ``pay mark`` / ``pay accept`` with their past dates.

What is checked is what makes the record a record of that year: the year is an earlier
one, not run through publicity in the register (nor with an adopted proposal); the amount is one of that year's tiers
(as set for it in 设置 / ``campaign set --year``: a 元/万元 slip is refused, not stored);
the approval date is not in the future and falls in the year or the next. The year's
decisions themselves are not judged again — its quotas, the 50 % cap, one award per
studio, its verdicts: a past list is what it was. A quota or studio limit the record
goes past is said (and audited), not refused; findings that make the paper 不合格 today
are audited as taken with the record, so the award is not held from payment for them
(``award_holds``: a later, different finding still holds it).

A record made in error, none of its money standing paid (never paid, or every transfer
sent back by the bank: 退汇), is withdrawn by :func:`withdraw_past_award` (→ 未获助推,
audited, as 排名复核 withdraws an award) and may be recorded again. The window's
补录往年结果… (创新项目 at an earlier year; on a recorded award it offers 撤销补录, or
says why not) and ``boostdesk panel record-past`` call these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boostdesk.award_holds import RECORDED_PAST
from boostdesk.models.campaign import LEVEL_ZH, tier_label
from boostdesk.models.payment_marks import sent_counts, sent_text
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.rules.findings import stored_findings
from boostdesk.said_where import aside, way
from boostdesk.validate import after_today

from .errors import PanelError

PAST_REASON = "历史补录"
RECORD_PAST = RECORDED_PAST  # the audit action (award_holds reads its findings as taken)
WITHDRAW_PAST = "withdraw_past"  # a record made in error withdrawn (withdraw_past_award)

# The statuses a project may be recorded from (not yet in the panel, or left unawarded)
# and the legal moves from each to 核准, every one made and audited as the panel would.
_PATHS: dict[str, tuple[str, ...]] = {
    "registered": ("qualified", "review", "proposed", "publicized", "approved"),
    "qualified": ("review", "proposed", "publicized", "approved"),
    "review": ("proposed", "publicized", "approved"),
    "not_awarded": ("review", "proposed", "publicized", "approved"),
}
_COUNTED = ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed")


@dataclass
class PastAward:
    """A recorded past award: what was stored and what the record goes past (notes)."""

    project_id: int
    title: str
    year: int
    amount_fen: int
    level: str | None
    approved_on: date
    notes: list[str] = field(default_factory=list)


def record_past_award(reg: Register, project_id: int, amount_fen: int, approved_on: date,
                      note: str = "", *, backup: bool = True,
                      cancelled: Callable[[], bool] | None = None) -> PastAward:
    """Record a past year's project as approved at ``amount_fen`` on ``approved_on``
    (status 核准, reason 历史补录), in one transaction, audited as ``record_past``.
    ``backup``: the register backed up first (a list makes one backup for all), nothing
    recorded when ``cancelled()`` says so after it."""
    from boostdesk.panel.publicity import published_level
    from boostdesk.rules import recheck
    from boostdesk.safety.backup import backed_up_write

    app = reg.project(project_id)
    year = app.campaign_year
    if why := past_refusal(reg, app):
        raise PanelError(why)
    c = reg.campaign(year)
    tiers = [t for t in c.tiers if t.amount_fen == amount_fen]
    if not tiers:
        listed = "、".join(f"{t.name}（{LEVEL_ZH.get(t.level, t.level)}）" for t in c.tiers) or "无"
        raise PanelError(
            f"{format_money(amount_fen)} 不是 {year} 年度计划的助推档次（{listed}）：请核对金额"
            f"（单位为元）；{year} 年的方案所定档次与上列不同的，请先在“设置”中修改 {year} 年度的档次"
            + aside(f"boostdesk campaign set --year {year} tiers=…"))
    if future := after_today(approved_on, "核准日期"):
        raise PanelError(future)
    if not year <= approved_on.year <= year + 1:
        raise PanelError(f"核准日期 {approved_on.isoformat()} 不在 {year} 年或 {year + 1} 年内，请核对年份")
    level = published_level(c, amount_fen, app.studio_level)
    notes = _past_notes(reg, year, app.studio_id, project_id, amount_fen, level)
    reason = f"{PAST_REASON}：{note.strip()}" if note.strip() else PAST_REASON
    with backed_up_write(reg, "tier" if backup else None, cancelled), reg.transaction():
        for target in _PATHS[app.status]:
            if target == "approved":
                reg.set_status(PROJECT, project_id, "approved",
                               f"{reason}（{year} 年度核准 {format_money(amount_fen)}，"
                               f"{approved_on.isoformat()}）",
                               award_fen=amount_fen, award_level=level, approved_date=approved_on)
            else:
                reg.set_status(PROJECT, project_id, target, reason)
        recheck(reg)
        stored = reg.scalar("SELECT findings FROM project_applications WHERE id = ?",
                            (project_id,))
        taken = [f.message for f in stored_findings(stored or "[]") if f.blocking]
        reg.audit(RECORD_PAST, "project_applications", project_id, {"status": app.status},
                  {"award_fen": amount_fen, "award_level": level,
                   "approved_date": approved_on.isoformat(), "reason": reason,
                   **({"taken_findings": taken} if taken else {}),
                   **({"notes": notes} if notes else {})})
    return PastAward(project_id, app.title, year, amount_fen, level, approved_on, notes)


@dataclass(frozen=True)
class PastLine:
    """One line of a past year's list: the project (its id), the award, the day, a note."""

    line: int
    project_id: int
    amount_fen: int
    approved_on: date
    note: str = ""


def record_past_list(reg: Register, lines: list[PastLine], *,
                     cancelled: Callable[[], bool] | None = None) -> list[PastAward]:
    """A past year's list of awards recorded all or nothing, after one backup (none once
    ``cancelled()`` says so after it): any line refused refuses the list, every refused
    line named."""
    from .list_steps import record_each

    return record_each(
        reg, lines, lambda x: record_past_award(reg, x.project_id, x.amount_fen, x.approved_on,
                                                x.note, backup=False),
        backup="tier", empty="名单中没有要补录的项目", heading="名单未补录", cancelled=cancelled)


def withdraw_past_award(reg: Register, project_id: int, reason: str, *,
                        cancelled: Callable[[], bool] | None = None) -> None:
    """A past award recorded in error (wrong project, tier or date), none of its money
    standing paid (never paid, or every transfer sent back by the bank: 退汇): → 未获助推
    with the reason, as 排名复核 withdraws one (``publicity.withdraw_unpaid_award``: its
    payment rows going, audited, a returned transfer's sending and return kept in the
    trail); it may then be recorded again. Refused (:func:`withdraw_refusal`) for an award
    of the panel's path and one with money standing paid; nothing stored once
    ``cancelled()`` says so after the backup."""
    from boostdesk.safety.backup import backed_up_write

    from .publicity import withdraw_unpaid_award

    if not reason.strip():
        raise PanelError("请填写撤销补录的理由（如：档次录错，应为 3 万元）")
    app = reg.project(project_id)
    if why := withdraw_refusal(reg, app):
        raise PanelError(why)
    returned = returned_count(reg, project_id)
    why = f"撤销{PAST_REASON}：{reason.strip()}" + (
        f"（已汇出的 {returned} 笔均被银行退回，不再重拨）" if returned else "")
    with backed_up_write(reg, "tier", cancelled), reg.transaction():
        withdraw_unpaid_award(reg, project_id, why)
        reg.audit(WITHDRAW_PAST, "project_applications", project_id,
                  {"status": app.status, "award_fen": app.award_fen,
                   "approved_date": app.approved_date.isoformat() if app.approved_date else None,
                   **({"accepted_date": app.accepted_date.isoformat()}
                      if app.accepted_date else {})},
                  {"status": "not_awarded", "reason": why})


def _ever_recorded(reg: Register, project_id: int) -> bool:
    return bool(reg.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'project_applications'"
                           " AND entity_id = ? AND action = ?", (project_id, RECORD_PAST)))


def is_past_record(reg: Register, app: Any) -> bool:
    """Whether ``app``'s award stands as 补录往年结果 made it, withdrawable or not: awarded,
    its latest approval made by the record. A first tranche's mark taken off or sent back
    (首笔拨付 → 核准, reason 撤销拨付登记：… or 退汇：…) is not an approval, nor is an
    acceptance withdrawn (结题验收 / 验收未通过 → 核准, 撤销结题验收：…)."""
    if app.status not in _COUNTED:
        return False
    last = reg.scalar("SELECT reason FROM status_history WHERE stream = ? AND application_id = ?"
                      " AND to_status = 'approved'"
                      " AND from_status NOT IN ('paid_first', 'accepted', 'acceptance_failed')"
                      " ORDER BY id DESC LIMIT 1", (PROJECT, app.id))
    return str(last or "").startswith(PAST_REASON) and _ever_recorded(reg, app.id)


def returned_count(reg: Register, project_id: int) -> int:
    """How many of the project's transfers were sent and came back (退汇), owed again."""
    return sent_counts(reg.conn, PROJECT, [project_id]).get(project_id, (0, 0))[1]


def withdraw_refusal(reg: Register, app: Any) -> str:
    """Why ``app`` cannot be withdrawn as a past award recorded in error ("" when it can):
    its award is not (or no longer) the record's, or money of it stands paid."""
    status = STATUS_ZH.get(app.status, app.status)
    if not is_past_record(reg, app):
        return f"项目“{app.title}”（现为“{status}”）不是补录的往年结果，不能撤销补录"
    paid, returned = sent_counts(reg.conn, PROJECT, [app.id]).get(app.id, (0, 0))
    if not paid:
        return ""
    which = f"未被退回的 {paid} 笔" if returned else "拨付"
    return (f"补录的项目“{app.title}”（现为“{status}”）的助推款{sent_text(paid, returned)}，"
            f"不能撤销补录：{which}登记错了的（款并未汇出），请先在“拨付”中撤销登记错的拨付；"
            "款确已汇出的，须先由财务核实追回，登记册不删除拨付记录")


def is_recorded_past(reg: Register, app: Any) -> bool:
    """Whether ``app`` stands as a recorded past award that may still be withdrawn: its
    award made by 补录往年结果, none of its money standing paid (never paid, or every
    transfer sent back: 退汇)."""
    return not withdraw_refusal(reg, app)


def past_refusal(reg: Register, app: Any) -> str:
    """Why this project's outcome cannot be recorded as a past one ("" when it can): its
    year is the register's newest or was run through publicity in the register, or the
    project is past the stage a record starts from."""
    year = app.campaign_year
    if year >= max(reg.campaign_years(), default=year):
        return (f"{year} 年度是登记册中最新的年度：本年度的结果按“专家评审 → 排名与档次”和“公示”确定"
                + aside("panel adopt、publicity start / close") + "；补录往年结果只用于此前年度")
    if reg.scalar("SELECT COUNT(*) FROM publicity_periods WHERE campaign_id = ?",
                  (reg.campaign_id(year),)):
        return f"{year} 年度已在登记册中评审和公示：该年度的结果按“公示”确定，不能再补录"
    if reg.scalar("SELECT COUNT(*) FROM proposals WHERE campaign_id = ?", (reg.campaign_id(year),)):
        return (f"{year} 年度已在登记册中采纳拟助推名单：该年度按排名确定结果；补录往年结果前请先撤回"
                "拟助推名单（“专家评审 → 排名与档次”中的“撤回拟助推名单”"
                + way("", f"，命令行 boostdesk panel withdraw --year {year} --reason 理由") + "）")
    if app.status not in _PATHS:
        return (f"项目“{app.title}”的状态为“{STATUS_ZH.get(app.status, app.status)}”，不能补录往年结果"
                "（只能补录尚未核准的项目：已登记、资格审核通过、专家评审或未获助推）")
    return ""


def past_hint(reg: Register, year: int) -> str:
    """For a refusal of the panel's path in an earlier year, not run through publicity in
    the register: where its outcome is recorded instead ("" otherwise)."""
    if year >= max(reg.campaign_years(), default=year) or reg.scalar(
            "SELECT COUNT(*) FROM publicity_periods WHERE campaign_id = ?",
            (reg.campaign_id(year),)):
        return ""
    return (f"。{year} 年度是往年：已有结果（档次、核准日期）的项目不必评分和公示，请"
            + way("在“创新项目”页用 往年 ▾ → 补录往年结果… ", "用“补录往年结果”")
            + "记为核准"
            + aside(f"boostdesk panel record-past 项目 --year {year} --tier 金额 --date 核准日期"))


def _past_notes(reg: Register, year: int, studio_id: int | None, project_id: int,
                amount_fen: int, level: str | None) -> list[str]:
    """What the record goes past of the year's plan (said, not refused): the studio's
    other awards of the year, the tier's quota; an earlier award of the studio typed in
    on 工作室 (录入往年助推) for the same year, likely this very award twice."""
    c = reg.campaign(year)
    marks = ",".join("?" * len(_COUNTED))
    out = []
    if studio_id is not None:
        others = [r["title"] for r in reg.query(
            "SELECT title FROM project_applications WHERE campaign_id = ? AND studio_id = ?"
            f" AND id != ? AND status IN ({marks}) ORDER BY id",
            (reg.campaign_id(year), studio_id, project_id, *_COUNTED))]
        if len(others) >= c.max_awards_per_studio:
            out.append(f"该工作室 {year} 年度已有核准助推的项目" + "、".join(f"“{t}”" for t in others)
                       + f"（方案每个工作室至多 {c.max_awards_per_studio} 项）")
    if studio_id is not None and reg.scalar(
            "SELECT COUNT(*) FROM studio_awards WHERE studio_id = ? AND year = ?",
            (studio_id, year)):
        out.append(f"“工作室”页已录入该工作室 {year} 年的往年助推：同一助推不要登记两次，"
                   "确属同一项目的，请在“工作室”页删除那条往年助推")
    tier = next((t for t in c.tiers if t.amount_fen == amount_fen and t.level == level), None)
    if tier is not None:
        held = reg.scalar(
            "SELECT COUNT(*) FROM project_applications WHERE campaign_id = ? AND award_fen = ?"
            f" AND award_level IS ? AND id != ? AND status IN ({marks})",
            (reg.campaign_id(year), amount_fen, level, project_id, *_COUNTED)) or 0
        if held >= tier.quota:
            out.append(f"{year} 年度{tier_label(tier.name)}已有 {held} 项核准，"
                       f"本项超出该年度计划名额（{tier.quota} 项）")
    return out
