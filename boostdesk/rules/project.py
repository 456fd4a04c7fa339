"""Rules of the project stream (plan part 二) that look at one application."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from boostdesk.models.campaign import CITY, DISTRICT, LEVEL_ZH, Campaign
from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.money import format_money

from .findings import Finding, blocking, missing, warning
from .patent import judged_once, materials_findings, paper_key, submission_findings

# The clauses cited are the campaign's (Campaign.clause): a re-issued plan renumbers them.


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def completion_limit(c: Campaign, approval: date | None) -> date:
    """二（二）1: within N years of approval, and never after the campaign's latest date."""
    if approval is None:
        return c.latest_completion
    return min(add_years(approval, c.completion_years), c.latest_completion)


def approved_in_year(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（二）1: 项目已由企业批准于 approval_year 年内立项."""
    clause = c.clause("project_approval")
    if app.approval_date is None:
        return [missing("PROJECT_NOT_APPROVED_IN_YEAR", "立项日期",
                        f"立项年度（{clause}）", "approval_date")]
    if app.approval_date.year != c.approval_year:
        return [blocking(
            "PROJECT_NOT_APPROVED_IN_YEAR",
            f"立项日期 {app.approval_date.isoformat()} 不在 {c.approval_year} 年内（{clause}）",
            "approval_date",
        )]
    return []


def startup_funds(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（二）1: 且拨付启动资金."""
    clause = c.clause("project_approval")
    if app.startup_funds_paid is None:
        return [missing("NO_STARTUP_FUNDS", "启动资金是否到位", f"启动资金（{clause}）",
                        "startup_funds_paid")]
    if not app.startup_funds_paid:
        return [blocking("NO_STARTUP_FUNDS", f"企业尚未拨付启动资金（{clause}）",
                         "startup_funds_paid")]
    return []


def completion(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（二）1: 立项之日起两年内完成，最晚结题时间不超过 latest_completion (limit day included)."""
    clause = c.clause("project_approval")
    if app.planned_completion is None:
        return [missing("COMPLETION_TOO_LATE", "计划完成日期", f"完成时限（{clause}）",
                        "planned_completion")]
    limit = completion_limit(c, app.approval_date)
    if app.planned_completion > limit:
        return [blocking(
            "COMPLETION_TOO_LATE",
            f"计划完成日期 {app.planned_completion.isoformat()} 晚于最迟 {limit.isoformat()}"
            f"（立项起 {c.completion_years} 年内且不晚于 {c.latest_completion.isoformat()}，"
            f"{clause}）",
            "planned_completion",
        )]
    return []


def completion_after_approval(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（二）1: 在企业立项之日起两年内完成 — a completion before the approval is no term
    at all, most often a year mistyped (2022-01-01 for 2023-01-01)."""
    if (app.approval_date is None or app.planned_completion is None
            or app.planned_completion >= app.approval_date):
        return []
    return [blocking(
        "COMPLETION_BEFORE_APPROVAL",
        f"计划完成日期 {app.planned_completion.isoformat()} 早于立项日期 "
        f"{app.approval_date.isoformat()}：应在立项之日起 {c.completion_years} 年内完成"
        f"（{c.clause('project_approval')}），请核对年份是否填错",
        "planned_completion",
    )]


def approved_after_received(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（二）1: 项目已由企业批准……立项 — already when its paper was sent. A 立项日期 after
    the paper's 收件日期 is a slip in one of the two or a project not yet approved: the form,
    Ctrl+D and `review received` refuse such a 收件日期 (``received_days.earliest``), but an
    imported table's (its column, or the day given for its rows) and a 立项日期 corrected
    later reach the register, so the check names it for the reviewer to verify."""
    if (not isinstance(app.approval_date, date) or not isinstance(app.received_date, date)
            or app.approval_date <= app.received_date):
        return []
    return [warning(
        "APPROVED_AFTER_RECEIVED",
        f"立项日期 {app.approval_date.isoformat()} 晚于收件日期 "
        f"{app.received_date.isoformat()}：申报时项目尚未由企业批准立项"
        f"（{c.clause('project_approval')}），请核对立项日期和收件日期",
        "approval_date",
    )]


def completed_before_received(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二 (its opening): 重点助推创新工作室正在开展的项目 — a project planned to be done
    before its paper was received was finished when it applied. A note, not a refusal:
    the plan favours running projects but bars no finished one."""
    if (app.planned_completion is None or app.received_date is None
            or app.planned_completion >= app.received_date
            or (app.approval_date is not None and app.planned_completion < app.approval_date)):
        return []  # (one before its approval is a typing slip, said above)
    part = "方案" + c.clause_number("project_scope").split("（", 1)[0]
    return [warning(
        "COMPLETED_BEFORE_RECEIVED",
        f"计划完成日期 {app.planned_completion.isoformat()} 早于收件日期 "
        f"{app.received_date.isoformat()}，申报时项目已完成，而方案重点助推正在开展的项目"
        f"（{part}），请核对",
        "planned_completion",
    )]


def budget_share(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（三）: 各级工会助推资金总额不超过创新项目所需资金总额的 cap %.

    A request over the cap is a warning (a lower tier may still fit); when even
    the lowest tier open to the studio's level is over the cap, the project
    cannot be boosted at all.
    """
    clause = c.clause("project_award")
    if not app.total_budget_fen:
        return [missing("BOOST_OVER_BUDGET_SHARE", "项目总投入",
                        f"{c.budget_cap_percent}% 上限（{clause}）", "total_budget_fen")]
    cap = app.total_budget_fen * c.budget_cap_percent // 100
    tiers = c.tiers_for(app.studio_level) if app.studio_level else ()
    if tiers and min(t.amount_fen for t in tiers) > cap:
        return [blocking(
            "BOOST_OVER_BUDGET_SHARE",
            f"项目总投入 {format_money(app.total_budget_fen)} 的 {c.budget_cap_percent}% 为 "
            f"{format_money(cap)}，低于最低档 {format_money(min(t.amount_fen for t in tiers))}，"
            f"工会助推资金不得超过项目所需资金总额的 {c.budget_cap_percent}%（{clause}）",
            "total_budget_fen",
        )]
    if app.requested_fen and app.requested_fen > cap:
        return [warning(
            "BOOST_OVER_BUDGET_SHARE",
            f"申请金额 {format_money(app.requested_fen)} 超过项目总投入的 {c.budget_cap_percent}%"
            f"（{format_money(cap)}），只能获得不超过此额的档次（{clause}）",
            "requested_fen",
        )]
    return []


def studio_level(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（一）: 区、局、集团（公司）级职工创新工作室和市总工会认定的市级职工创新工作室 only
    (a studio of another level written, 企业级, is outside it); the level decides the tiers."""
    clause = c.clause("project_award")
    out: list[Finding] = []
    if not app.studio_name.strip():
        # a name the paper leaves out is a gap to fill (待补材料), as any other fact missing
        out.append(missing("STUDIO_MISSING", "工作室名称",
                           f"助推范围（{c.clause('project_scope')}）和申报项数"
                           f"（{c.clause('project_studio')}）", "studio_name"))
    if app.outside_level:  # 企业级: a level written, not a gap to fill (migration 32)
        out.append(blocking(
            "STUDIO_LEVEL_OUTSIDE_SCOPE",
            f"工作室级别为“{app.outside_level}”，不在助推范围：方案助推区、局、集团（公司）级职工"
            f"创新工作室和市总工会认定的市级职工创新工作室（{c.clause('project_scope')}）",
            "studio_level"))
    elif app.studio_level is None:
        out.append(missing("STUDIO_LEVEL_MISSING", "工作室级别", f"助推档次（{clause}）",
                           "studio_level"))
    elif app.requested_fen:
        amounts = {t.amount_fen for t in c.tiers_for(app.studio_level)}
        if amounts and app.requested_fen not in amounts:
            out.append(warning(
                "REQUESTED_TIER_MISMATCH",
                f"申请金额 {format_money(app.requested_fen)} 不是{LEVEL_ZH[app.studio_level]}工作室"
                f"的助推档次（{'、'.join(format_money(a) for a in sorted(amounts, reverse=True))}，"
                f"{c.clause(_LEVEL_TIERS[app.studio_level])}）",
                "requested_fen",
            ))
    return out


# The sub-clause setting each studio level's tiers (2022: 二（三）1 市级, 二（三）2 区/局/集团级):
# a request off its level's tiers is judged by that sub-clause, not by 二（三） as a whole.
_LEVEL_TIERS = {CITY: "project_city_award", DISTRICT: "project_district_award"}


def model_studio_level(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（三）1: 市级（示范性）职工创新工作室 — a 示范性 studio is a city-level one, so a
    示范性 studio of another level (or none) is one of the two facts written wrong."""
    if not app.model_studio or app.studio_level == CITY:
        return []
    level = LEVEL_ZH.get(app.studio_level or "", "")
    return [warning(
        "MODEL_STUDIO_NOT_CITY",
        f"填为示范性工作室，级别却{'为' + level if level else '未填'}：示范性工作室是市级工作室"
        f"（{c.clause('project_city_award')}），请核对工作室级别和是否示范性",
        "studio_level",
    )]


def enterprise(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（四）2 and 二（四）4: the money goes to the studio's enterprise (所在单位), and an
    expert from it withdraws (回避). The 申报书 names it: a paper without it is 待补材料 at
    intake, not found out at 拨付 (:mod:`boostdesk.no_enterprise`)."""
    if (app.enterprise_name or "").strip():
        return []
    return [missing("PROJECT_NO_ENTERPRISE", "所在单位",
                    f"专家回避（{c.clause('project_review')}）和拨付单位"
                    f"（{c.clause('project_payment')}）", "enterprise_name")]


def materials(c: Campaign, app: ProjectApplication) -> list[Finding]:
    """二（四）1: 申报书及佐证材料，经两级工会推荐."""
    return materials_findings(app.materials, c.materials(PROJECT), c.clause("project_materials"))


def submission(c: Campaign, app: ProjectApplication) -> list[Finding]:
    return submission_findings(c, app.received_date)


RULES = (approved_in_year, startup_funds, completion, completion_after_approval,
         approved_after_received, completed_before_received, budget_share, studio_level,
         model_studio_level, enterprise, materials, submission)


def intrinsic_findings(c: Campaign, app: ProjectApplication) -> list[Finding]:
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(c, app))
    return out


def _papers(c: Campaign, app: ProjectApplication) -> tuple[Finding, ...]:
    return (*materials(c, app), *submission(c, app))


def campaign_judge(c: Campaign) -> Callable[[ProjectApplication], list[Finding]]:
    """:func:`intrinsic_findings` of ``c`` for a whole campaign's projects, one by one.

    The same findings in the same order. The rules of the money asked and the studio's
    level (a few thousand distinct at 20,000 projects), and of checklists and receipt dates
    (a few hundred), are judged once per distinct value and found again in a dict: more
    than half of the ≈ 12 µs a project took. The dates, a project's own, are judged as they
    are.
    """
    amounts: dict[tuple[object, ...], tuple[Finding, ...]] = {}
    papers: dict[tuple[object, ...], tuple[Finding, ...]] = {}

    def judge(app: ProjectApplication) -> list[Finding]:
        out = approved_in_year(c, app)
        out.extend(startup_funds(c, app))
        out.extend(completion(c, app))
        out.extend(completion_after_approval(c, app))
        out.extend(approved_after_received(c, app))
        out.extend(completed_before_received(c, app))
        try:
            key: tuple[object, ...] = (app.total_budget_fen, app.requested_fen,
                                       app.studio_level, bool(app.studio_name.strip()),
                                       app.model_studio, app.outside_level)
            found = amounts.get(key)
            if found is None:
                found = amounts[key] = (*budget_share(c, app), *studio_level(c, app),
                                        *model_studio_level(c, app))
        except TypeError:  # a value that cannot be a key: judged as it is
            found = (*budget_share(c, app), *studio_level(c, app), *model_studio_level(c, app))
        out.extend(found)
        out.extend(enterprise(c, app))
        out.extend(judged_once(papers, paper_key, _papers, c, app))
        return out

    return judge
