"""A campaign: one year's plan, every rule parameter as data.

The plan is re-issued each year with new dates, amounts and quotas; nothing
below is read by the rules except through a :class:`Campaign` instance.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .records import PATENT, PATENT_MATERIALS, PROJECT, PROJECT_MATERIALS

CITY = "city"
DISTRICT = "district"
LEVELS = (CITY, DISTRICT)
LEVEL_ZH = {CITY: "市级", DISTRICT: "区/局/集团级"}


def level_and_outside(read: str | None) -> tuple[str | None, str]:
    """A studio level as read (the import's cell, the form's field) as the paper's
    (studio_level, outside_level): 企业级, a level the plan admits not (二（一）), is kept
    as written apart for the rules to refuse (migration 32), never taken for a gap."""
    if read is None or read in LEVELS:
        return read, ""
    return None, read

FEDERATION = "federation"
RECOMMENDING_UNION = "union"
PAYER_ZH = {FEDERATION: "市总工会", RECOMMENDING_UNION: "推荐工会"}

# The title opens with the issuing federation and the year (北京市总工会2022年职工创新助推计划):
# every document is headed and stamped from it. A title stored without one names no city.
_TITLE_HEAD = re.compile(r"\s*(.*?)\s*(\d{4})\s*年")
NO_FEDERATION = "市总工会"

# The clauses the findings, messages and printed sheets cite, by what they govern: a
# re-issued plan renumbers them (a condition split in two, a part inserted before 相关要求),
# so each year's campaign carries its own numbers. 2022's are the default; a campaign stored
# before clauses were kept has none and reads these. Key -> (2022's label, what it governs).
CLAUSES: dict[str, tuple[str, str]] = {
    "patent_subject": ("一（一）", "专利助推对象（第一发明人）"),
    "patent_conditions": ("一（二）", "专利助推条件（审批表的资格审核意见）"),
    "patent_grant": ("一（二）1", "发明专利、授权公告日期间"),
    "patent_production": ("一（二）1", "已在企业生产中应用"),
    "patent_service": ("一（二）2", "职务发明、一线职工、互助服务卡"),
    "patent_award": ("一（三）", "专利助推标准（每人每年享受次数、同一专利一次）"),
    "patent_materials": ("一（四）1", "专利申报材料"),
    "project_scope": ("二（一）", "项目助推范围（往年助推未结题不能申报）"),
    "project_conditions": ("二（一）（二）", "项目助推范围与条件（审批表的资格审核意见）"),
    "project_approval": ("二（二）1", "立项年度、启动资金、完成时限"),
    "project_studio": ("二（二）2", "每个工作室申报与获助推项数"),
    "project_award": ("二（三）", "项目助推标准（档次、资金上限、名额）"),
    "project_city_award": ("二（三）1", "市级（示范性）工作室档次"),
    "project_district_award": ("二（三）2", "区、局、集团（公司）工作室档次"),
    "project_materials": ("二（四）1", "项目申报材料"),
    "project_review": ("二（四）2", "专业评审"),
    "project_payment": ("二（四）4", "分期拨付与结题验收"),
    "deadline": ("三", "材料报送时限"),
}

# The plan's attachments (三、附件), by what each is: the two paper forms and the two summary
# tables. A re-issued plan may add an attachment or renumber them, and the forms' titles, the
# blank tables and the screens' hints name them as the year's plan does. Key -> (2022's
# number, what it is).
ATTACHMENTS: dict[str, tuple[str, str]] = {
    "patent_form": ("附件1", "职工创新发明专利助推申报表"),
    "patent_summary": ("附件2", "职工创新发明专利助推汇总表"),
    "project_form": ("附件3", "创新项目助推申报书"),
    "project_summary": ("附件4", "创新项目助推汇总表"),
}


# The tie-break steps a year may order (the plan states none: 本办自定), key -> (the step
# in words, its short name as typed in ``campaign set tie_break=…``). The register number
# is unique, so it is the last step: nothing after it would ever part two projects.
TIE_STEPS: dict[str, tuple[str, str]] = {
    "mean": ("全体专家平均分高者在前", "平均分"),
    "sd": ("专家评分的标准差（总体标准差）小者（意见更一致）在前", "标准差"),
    "received": ("材料报送日期早者在前", "报送日期"),
    "number": ("申报登记编号小者在前", "登记号"),
}
DEFAULT_TIE_STEPS = ("mean", "sd", "received", "number")

# How 公示期 counts its days (the plan states no length; the office's choice per year):
# natural days or working days (Monday to Friday; public holidays not known).
CALENDAR_DAYS, WORKING_DAYS = "calendar", "working"
DAY_UNITS = {CALENDAR_DAYS: "自然日", WORKING_DAYS: "工作日"}

# Said beside a parameter the plan leaves open and the office set (campaign show, 设置):
# the final tranche's term, the publicity's length, the tie-break rule.
OWN_CHOICE = "（方案未定，本办自定）"


def title_head(title: str) -> tuple[str, int | None]:
    """(federation, year) at the head of a plan's title; ("", None) when it has no year."""
    m = _TITLE_HEAD.match(title)
    return (m.group(1).strip(), int(m.group(2))) if m else ("", None)


def federation_as_union(name: str, campaign: Campaign, stream: str) -> str | None:
    """Why ``name`` cannot be a paper's 推荐单位, or None: it is the federation itself,
    which pays the other share (方案一（三）、二（三）). Registered so, the union's share
    was listed as the federation's own second payment, under the same heading as its
    share, and counted as a union's in the statistics."""
    from boostdesk.validate import tidy_name

    federation = campaign.federation
    if "".join(tidy_name(name).split()) != "".join(federation.split()):
        return None
    clause = campaign.clause("patent_award" if stream == PATENT else "project_award")
    return (f"填的是{federation}本身：助推资金由{federation}与推荐单位按比例分担（{clause}），"
            "请填写推荐的区、局、产业、集团（公司）工会；直属基层工会请填本单位工会的全称")


@dataclass(frozen=True)
class Tier:
    """One award tier of the project stream (e.g. 10万, quota 10, city studios)."""

    name: str
    amount_fen: int
    quota: int
    level: str


def lowest_terms(ratio: tuple[int, ...]) -> tuple[int, ...]:
    """A split in lowest terms (3000:2000 → 3:2, 60:40 → 3:2): the same shares to the fen
    (money.split divides by proportion), written as the plan writes a ratio. A stored
    3000:2000 reads 3:2, so the equal ratio typed after payment is no change."""
    if len(ratio) != 2 or min(ratio) <= 0:
        return tuple(ratio)  # not a ratio the plan allows: left for validate_campaign to name
    common = math.gcd(*ratio)
    return tuple(n // common for n in ratio)


def tier_label(name: str) -> str:
    """A tier's name as said in a sentence: "一" → "一档"; a name the office wrote with its
    档 ("一档") keeps it, not "一档档"."""
    return name if name.endswith("档") else f"{name}档"


@dataclass(frozen=True)
class Campaign:
    year: int
    title: str
    issued_date: date
    # 一、(二)1 grant-date window of the patent stream, both ends inclusive
    grant_window_start: date
    grant_window_end: date
    # 一、(三) fixed award per patent and the federation : recommending-union split
    patent_award_fen: int
    patent_split: tuple[int, int]
    # 二、(三) tiers with quotas, split per studio level, 50 % cap
    tiers: tuple[Tier, ...]
    project_split: dict[str, tuple[int, int]]
    budget_cap_percent: int
    # 二、(二)1 approval year, completion limit and latest completion date
    approval_year: int
    completion_years: int
    latest_completion: date
    # 二、(二)2 per-studio limits
    max_applications_per_studio: int
    max_awards_per_studio: int
    # 三、 deadline for materials (on or before this day)
    submission_deadline: date
    # 二、(四)4 tranches and 一、(四)3 payment terms
    tranche_shares: tuple[int, ...]
    patent_payment_months: int
    first_tranche_months: int
    publicity_days: int
    # 一（三）每人每年最多享受一次助推: a person's awards a year; a campaign stored before
    # this was a parameter has none and reads 2022's one
    max_patent_awards_per_person: int = 1
    # 二（四）4 pays the rest 验收后 and sets it no term: the months after the acceptance the
    # office pays it in, past which it is overdue as a first tranche is (a campaign stored
    # before this was a parameter reads its own first_tranche_months)
    final_tranche_months: int = 3
    priority_industries: tuple[str, ...] = field(default_factory=tuple)
    # the year's clause numbers where they differ from 2022's (key of CLAUSES -> 一（二）3)
    clauses: dict[str, str] = field(default_factory=dict)
    # the year's attachment numbers where they differ from 2022's (key of ATTACHMENTS -> 附件5)
    attachments: dict[str, str] = field(default_factory=dict)
    # materials the year's plan asks for beyond 2022's checklist (一（四）1 / 二（四）1), by label
    extra_patent_materials: tuple[str, ...] = field(default_factory=tuple)
    extra_project_materials: tuple[str, ...] = field(default_factory=tuple)
    # 2022's checklist items the year's plan no longer asks for, by key (certificate …)
    omitted_patent_materials: tuple[str, ...] = field(default_factory=tuple)
    omitted_project_materials: tuple[str, ...] = field(default_factory=tuple)
    # 核对意见 (findings letters to the unions): the days a union has to reply (0: no date
    # printed), and the office's contact as the plan's 三、相关要求 names it ("" none)
    notice_reply_days: int = 0
    notice_contact: str = ""  # 高珊 83570885、李梦遥 83570883
    notice_email: str = ""  # jscxfwb@163.com
    # 三、相关要求: 纸质版材料报送至… — where a union sends the paper items a paper lacks
    # (申报表, 盖章: never by e-mail); "" none (in the campaign's JSON: no migration)
    paper_address: str = ""
    # equal scores: the steps that order them, keys of TIE_STEPS (the plan states none; a
    # campaign stored before this was a parameter reads the program's former fixed order)
    tie_break_steps: tuple[str, ...] = DEFAULT_TIE_STEPS
    # 公示期 counted in natural days (both ends) or working days (a plan writing 7 个工作日);
    # a campaign stored before this was a parameter counts natural days, as it did
    publicity_day_unit: str = CALENDAR_DAYS
    # PIPL Art. 47 (an office policy, not the plan's): the years after a campaign year ends
    # that its refused, withdrawn or unfunded applicants' personal data is kept, for a
    # complaint or the next year's audit; past them 删除个人信息 may erase it (erase_person)
    personal_info_retention_years: int = 3

    def __post_init__(self) -> None:
        # splits in lowest terms however made (typed, stored before, built in code): a
        # stored 3000:2000 reads 3:2, and 3:2 typed after payment is no change
        object.__setattr__(self, "patent_split", lowest_terms(tuple(self.patent_split)))
        object.__setattr__(self, "project_split", {
            level: lowest_terms(tuple(ratio)) for level, ratio in self.project_split.items()})

    def materials(self, stream: str) -> Mapping[str, str]:
        """The paper's materials checklist this year, key -> label: 2022's but those the
        year's plan omits, then its extra materials (keyed by their label, so a checklist
        stored with them reads back)."""
        return MappingProxyType(self._materials[stream])  # read-only: shared by every call

    @cached_property
    def _materials(self) -> dict[str, dict[str, str]]:
        # asked once an application by the check: built once a campaign
        return {stream: {**{k: v for k, v in base.items() if k not in omitted},
                         **{label: label for label in extra}}
                for stream, base, extra, omitted in (
                    (PATENT, PATENT_MATERIALS, self.extra_patent_materials,
                     self.omitted_patent_materials),
                    (PROJECT, PROJECT_MATERIALS, self.extra_project_materials,
                     self.omitted_project_materials))}

    def clause(self, key: str) -> str:
        """The year's plan clause that governs ``key``, as findings cite it: 方案一（二）1."""
        return self._clause_texts[key]

    @cached_property
    def _clause_texts(self) -> dict[str, str]:
        # each rule names its clause for every application it judges (8 an application)
        return {key: "方案" + self.clause_number(key) for key in CLAUSES}

    def clause_number(self, key: str) -> str:
        return self.clauses.get(key) or CLAUSES[key][0]

    @property
    def publicity_length(self) -> str:
        """公示期 as the year's plan says it: 7 天 or 7 个工作日."""
        if self.publicity_day_unit == WORKING_DAYS:
            return f"{self.publicity_days} 个工作日"
        return f"{self.publicity_days} 天"

    @property
    def per_person_limit(self) -> str:
        """一（三） as the year's plan words it: 每人每年最多享受一次助推 (2022's), or
        每人每年最多享受 2 次助推."""
        n = self.max_patent_awards_per_person
        return f"每人每年最多享受{'一次' if n == 1 else f' {n} 次'}助推"

    def attachment(self, key: str) -> str:
        """The year's number of an attachment (key of ATTACHMENTS): 附件2."""
        return self.attachments.get(key) or ATTACHMENTS[key][0]

    @property
    def federation(self) -> str:
        """The federation issuing the plan, as its title names it."""
        return title_head(self.title)[0] or NO_FEDERATION

    def tiers_for(self, level: str) -> tuple[Tier, ...]:
        """Tiers open to a studio level, highest amount first."""
        return tuple(
            sorted((t for t in self.tiers if t.level == level), key=lambda t: -t.amount_fen)
        )

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, default=_encode, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Campaign:
        raw: dict[str, Any] = json.loads(text)
        dates = {
            "issued_date", "grant_window_start", "grant_window_end",
            "latest_completion", "submission_deadline",
        }
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key in dates:
                values[key] = date.fromisoformat(value)
            elif key == "tiers":
                values[key] = tuple(Tier(**t) for t in value)
            elif key == "project_split":
                values[key] = {k: tuple(v) for k, v in value.items()}
            elif key == "clauses":
                values[key] = {k: v for k, v in value.items() if k in CLAUSES}
            elif key == "attachments":
                values[key] = {k: v for k, v in value.items() if k in ATTACHMENTS}
            elif isinstance(value, list):
                values[key] = tuple(value)
            else:
                values[key] = value
        if "final_tranche_months" not in raw and "first_tranche_months" in raw:
            values["final_tranche_months"] = raw["first_tranche_months"]
        if "notice_contact" not in raw and raw.get("year") == 2022:
            # stored before the letters' contact was a parameter: the 2022 plan's own
            # 三、相关要求 names it, and the letters of that year print it
            plan = plan_2022()
            values.update(notice_contact=plan.notice_contact, notice_email=plan.notice_email)
        if "paper_address" not in raw and raw.get("year") == 2022:
            # stored before the paper materials' address was a parameter: the plan's own
            values["paper_address"] = PAPER_ADDRESS_2022
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in values.items() if k in known})

    def with_changes(self, **changes: Any) -> Campaign:
        return replace(self, **changes)

    def for_year(self, year: int) -> Campaign:
        """This plan re-issued for ``year``: every date and the approval year shifted alike."""
        shift = year - self.year

        def moved(day: date) -> date:
            if day.month == 2 and (day + timedelta(days=1)).month == 3:
                # February's last day stays its last: a window 3月1日至次年2月28日 moved
                # into a leap year ends on the 29th, else that day is in no year's window
                return date(day.year + shift, 3, 1) - timedelta(days=1)
            return day.replace(year=day.year + shift)

        return replace(
            self, year=year, title=self.title.replace(str(self.year), str(year)),
            issued_date=moved(self.issued_date),
            grant_window_start=moved(self.grant_window_start),
            grant_window_end=moved(self.grant_window_end),
            approval_year=self.approval_year + shift,
            latest_completion=moved(self.latest_completion),
            submission_deadline=moved(self.submission_deadline),
        )


# 三、相关要求: 纸质版材料报送至北京市职工技术协会, and the 地址 under its contacts.
PAPER_ADDRESS_2022 = "北京市职工技术协会（北京市西城区虎坊路13号北京职工服务中心南配楼2104室）"


def _encode(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot encode {value!r}")


def plan_2022() -> Campaign:
    """The 2022 plan (京工办发, 2022-10-17) as data."""
    return Campaign(
        year=2022,
        title="北京市总工会2022年职工创新助推计划",
        issued_date=date(2022, 10, 17),
        grant_window_start=date(2021, 1, 1),
        grant_window_end=date(2021, 12, 31),
        patent_award_fen=3000_00,
        patent_split=(1, 1),
        max_patent_awards_per_person=1,
        tiers=(
            Tier("10万元", 100_000_00, 10, CITY),
            Tier("5万元", 50_000_00, 20, CITY),
            Tier("3万元", 30_000_00, 50, DISTRICT),
        ),
        project_split={CITY: (1, 1), DISTRICT: (1, 2)},
        budget_cap_percent=50,
        approval_year=2022,
        completion_years=2,
        latest_completion=date(2024, 12, 31),
        max_applications_per_studio=2,
        max_awards_per_studio=1,
        submission_deadline=date(2022, 11, 1),
        tranche_shares=(60, 40),
        patent_payment_months=3,
        first_tranche_months=3,
        final_tranche_months=3,  # the plan sets none: as the first tranche's
        publicity_days=7,
        notice_contact="高珊 83570885、李梦遥 83570883",  # 三、相关要求
        notice_email="jscxfwb@163.com",
        paper_address=PAPER_ADDRESS_2022,
        priority_industries=(
            "人工智能", "医药健康", "新能源智能汽车", "新材料", "科技服务",
            "新一代信息技术", "集成电路", "智能装备", "节能环保", "软件和信息服务",
        ),
    )
