"""Why papers were refused (资格审核不通过), counted by the plan's clause: the statistics'
“不通过原因” table.

A stored status reason is the clerk's free text, worded differently each time
(授权公告日不在2021年度内（方案一（二）1）, 授权公告日2022-01-01，不在2021年度内…), so it
cannot be counted as it is. The rule findings stored with each paper carry a code a rule
(:mod:`boostdesk.rules`): each code is read here as the clause it enforces and a short
wording, the clause as the year's plan numbers it (``Campaign.clause``).

A refused paper is counted once, under the rule its stored reason names among its
findings (by the rule's words, then by the clause number the reason cites), else under
the first rule it breaks, else under :data:`OTHER` (a reason none of its findings says,
e.g. a decision on facts the rules do not hold). Papers 往年结年 closed are apart
(:data:`CLOSED`), and so are the papers their union withdrew (:data:`WITHDRAWN`, patents
stored 资格审核不通过 and projects 未获助推 alike): a withdrawal is not a refusal. Nor is a
paper a season's close left (年度结束未核准, ``workflow.SEASON_CLOSE_REASONS``): not counted
here at all (the statistics' stages count it apart). Beside them, the papers the rules fail but nobody has decided yet
(已登记, 按规则不合格), each under the first rule it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.models.campaign import CLAUSES, Campaign
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register
from boostdesk.models.workflow import CLOSE_REASON, season_closed
from boostdesk.panel.withdrawal import WITHDRAWN_ZH, withdrawn_papers
from boostdesk.rules.findings import stored_findings

OTHER = "其他（见审核理由）"
CLOSED = "往年未获助推（补录时结年）"
WITHDRAWN = WITHDRAWN_ZH

# code -> (the CLAUSES key of the clause it enforces, what it says, words a reason says it
# with). The grant window is the plan's 授权期间, not the campaign year (2023's runs
# 2022-10-01 to 2023-09-30): “不在年度内” misread it. A code both streams use (DUPLICATE_APPLICATION, LATE_SUBMISSION, MATERIALS_MISSING)
# is keyed by stream where its clause differs.
RULES: dict[str, dict[str, tuple[str, str, tuple[str, ...]]]] = {
    PATENT: {
        "INVENTOR_MISSING": ("patent_subject", "未填写第一发明人", ("第一发明人姓名",)),
        "PATENT_NUMBER_INVALID": ("patent_grant", "专利号无效", ("专利号",)),
        "PATENT_NOT_INVENTION": ("patent_grant", "非发明专利", ("实用新型", "外观设计", "发明专利")),
        "GRANT_DATE_OUTSIDE_WINDOW": ("patent_grant", "授权公告日不在授权期间内", ("授权公告日", "授权日")),
        "NOT_APPLIED_IN_PRODUCTION": ("patent_production", "未在企业生产中应用",
                                      ("生产", "投产", "应用证明")),
        "NOT_SERVICE_INVENTION": ("patent_service", "非职务发明", ("职务发明",)),
        "NOT_FRONTLINE": ("patent_service", "第一发明人非一线职工", ("一线",)),
        "NO_UNION_CARD": ("patent_service", "未填工会会员互助服务卡号", ("互助服务卡", "会员卡")),
        "UNION_CARD_INVALID": ("patent_service", "互助服务卡号无效", ("卡号",)),
        "UNION_CARD_SHARED": ("patent_service", "互助服务卡号与他人相同", ("卡号",)),
        "PERSON_ID_INVALID": ("patent_award", "身份证号无效", ("身份证",)),
        "PERSON_ALREADY_AWARDED_THIS_YEAR": ("patent_award", "本人本年度已获助推",
                                             ("每人每年", "本年度已获助推", "享受一次")),
        "DUPLICATE_APPLICATION": ("patent_award", "同一专利重复申报或已获助推",
                                  ("重复申报", "已于", "同一专利", "其他单位申报")),
        "MATERIALS_MISSING": ("patent_materials", "申报材料不齐", ("材料",)),
        "PATENT_NO_ENTERPRISE": ("patent_materials", "未登记所在单位",
                                 ("未登记所在单位", "未填所在单位", "缺少“所在单位”")),
        "LATE_SUBMISSION": ("deadline", "逾期报送", ("逾期", "截止", "时限")),
    },
    PROJECT: {
        "STUDIO_MISSING": ("project_scope", "未填写职工创新工作室", ("工作室名称",)),
        "STUDIO_HAS_UNFINISHED_AWARD": ("project_scope", "工作室往年助推项目未结题",
                                        ("未结题", "未验收")),
        "NEAR_STUDIO_HAS_UNFINISHED_AWARD": ("project_scope", "工作室往年助推项目未结题",
                                             ("未结题", "未验收")),
        "PROJECT_NOT_APPROVED_IN_YEAR": ("project_approval", "立项日期不在年度内", ("立项",)),
        "NO_STARTUP_FUNDS": ("project_approval", "启动资金未到位", ("启动资金",)),
        "COMPLETION_TOO_LATE": ("project_approval", "计划完成时间超出时限", ("完成",)),
        "COMPLETION_BEFORE_APPROVAL": ("project_approval", "计划完成时间早于立项时间",
                                       ("早于立项", "完成")),
        # a note (二（二）1: 已由企业批准立项 when sent), counted there should it be refused
        "APPROVED_AFTER_RECEIVED": ("project_approval", "收件时项目尚未立项",
                                    ("尚未立项", "尚未由企业批准立项")),
        # a note (二's opening: 正在开展的项目), counted under the scope should it be refused
        "COMPLETED_BEFORE_RECEIVED": ("project_scope", "申报时项目已完成",
                                      ("已完成", "正在开展")),
        "DUPLICATE_APPLICATION": ("project_studio", "同一项目重复申报或已获助推",
                                  ("重复申报", "再次申报", "同一项目")),
        "STUDIO_TOO_MANY_APPLICATIONS": ("project_studio", "工作室申报项数超过限额",
                                         ("项数", "限额", "超过")),
        "PROJECT_IN_REVIEW_EARLIER": ("project_studio", "同名项目往年在评审中", ("评审中",)),
        "SAME_TITLE_OTHER_STUDIO": ("project_studio", "其他工作室有同名项目", ("同名",)),
        "BOOST_OVER_BUDGET_SHARE": ("project_award", "申请助推资金超过项目总投入的比例上限",
                                    ("总投入", "所需资金", "%")),
        "STUDIO_LEVEL_OUTSIDE_SCOPE": ("project_scope", "工作室级别不在助推范围",
                                       ("企业级", "不在助推范围")),
        "STUDIO_LEVEL_MISSING": ("project_award", "工作室级别未填", ("级别",)),
        "REQUESTED_TIER_MISMATCH": ("project_award", "申请档次与工作室级别不符", ("档次",)),
        "MODEL_STUDIO_NOT_CITY": ("project_city_award", "示范性工作室不是市级", ("示范性",)),
        "MATERIALS_MISSING": ("project_materials", "申报材料不齐", ("材料",)),
        "PROJECT_NO_ENTERPRISE": ("project_payment", "工作室未登记所在单位",
                                  ("未登记所在单位", "未填所在单位", "缺少“所在单位”")),
        "LATE_SUBMISSION": ("deadline", "逾期报送", ("逾期", "截止", "时限")),
    },
}
_CLAUSE_ORDER = {key: i for i, key in enumerate(CLAUSES)}


@dataclass
class ReasonRow:
    """One group: the clause (方案一（二）1), what it says, and the papers counted under it."""

    clause: str  # "" for OTHER and CLOSED
    label: str
    refused: int = 0  # 资格审核不通过
    undecided: int = 0  # 已登记, 按规则不合格: not decided yet
    withdrawn: int = 0  # 推荐单位撤回: neither

    @property
    def heading(self) -> str:
        """方案一（二）1 授权公告日不在授权期间内, as the table names the group."""
        return f"{self.clause} {self.label}" if self.clause else self.label


def group_of(stream: str, codes: list[tuple[str, bool]], reason: str | None,
             campaign: Campaign) -> tuple[str, str] | None:
    """The (clause key, code) a paper is counted under, None for :data:`OTHER`. ``codes``:
    its findings' (code, blocking) in the rules' order; ``reason``: the refusal's stored
    reason (None: an undecided paper, counted under the first rule it breaks)."""
    known = RULES[stream]
    found = [(code, blocking) for code, blocking in codes if code in known]
    if reason:
        for code, _ in found:  # the rule the clerk's words name
            if any(word in reason for word in known[code][2]):
                return known[code][0], code
        for code, _ in found:  # or the clause number the reason cites (一（二）2)
            if campaign.clause(known[code][0]).removeprefix("方案") in reason:
                return known[code][0], code
    first = next((code for code, blocking in found if blocking), None)
    return (known[first][0], first) if first else None


def reason_rows(reg: Register, campaign: Campaign, campaign_id: int,
                stream: str, then: dict[int, str] | None = None) -> list[ReasonRow]:
    """The groups of ``stream``'s refused and failing-undecided papers, by clause in the
    plan's order, then :data:`OTHER`, :data:`CLOSED` and :data:`WITHDRAWN`; only groups
    with a paper. ``then`` (``stats --as-of``, :mod:`boostdesk.stages_as_of`): the papers
    received by that day and their status then, as the stage tables count them (one not
    received yet, or refused after the day, is not here)."""
    from boostdesk.panel.withdrawal import TARGET

    table = "patent_applications" if stream == PATENT else "project_applications"
    groups: dict[tuple[str, str] | str, ReasonRow] = {}
    gone = {p.app_id for p in withdrawn_papers(reg, stream, campaign_id)
            if then is None or then.get(p.app_id) == TARGET[stream]}
    if gone:
        groups[WITHDRAWN] = ReasonRow("", WITHDRAWN, withdrawn=len(gone))
    which = ("" if then is not None
             else " AND (status = 'refused' OR (status = 'registered' AND eligible = 0))")
    for app_id, status, reason, findings, eligible in reg.conn.execute(
            f"SELECT id, status, status_reason, findings, eligible FROM {table}"
            f" WHERE campaign_id = ?{which}", (campaign_id,)):
        if then is not None:
            if app_id not in then:
                continue  # not received by the day
            status = then[app_id]
            if not (status == "refused" or (status == "registered" and eligible == 0)):
                continue
        if app_id in gone or (status == "refused" and season_closed(stream, reason or "")):
            continue
        refused = status == "refused"
        if refused and reason == CLOSE_REASON:
            key: tuple[str, str] | str = CLOSED
        else:
            try:
                codes = [(f.code, f.blocking) for f in stored_findings(findings)]
            except (TypeError, ValueError):  # a column this version cannot read
                codes = []
            key = group_of(stream, codes, reason or "" if refused else None, campaign) or OTHER
        if key not in groups:
            if isinstance(key, str):
                groups[key] = ReasonRow("", key)
            else:
                groups[key] = ReasonRow(campaign.clause(key[0]), RULES[stream][key[1]][1])
        row = groups[key]
        if refused:
            row.refused += 1
        else:
            row.undecided += 1
    # codes of one clause and wording (the two unfinished-studio rules) are one group
    merged: dict[tuple[str, str], ReasonRow] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for key, row in groups.items():
        k = (row.clause, row.label)
        if k in merged:
            merged[k].refused += row.refused
            merged[k].undecided += row.undecided
            continue
        merged[k] = row
        if isinstance(key, str):
            order[k] = (len(_CLAUSE_ORDER) + (key == CLOSED) + 2 * (key == WITHDRAWN), 0)
        else:
            order[k] = (_CLAUSE_ORDER[key[0]], list(RULES[stream]).index(key[1]))
    return sorted(merged.values(), key=lambda r: order[(r.clause, r.label)])
