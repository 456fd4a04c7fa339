"""Records passed between the register, the rules, the importers and the UI.

They are flat (names, not foreign keys): a clerk's form, a summary-table row
and a printed sheet all speak of "推荐单位 X", not of unit 17. The register
resolves names to rows when it saves.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from boostdesk.validate import shown_patent_number

PATENT = "patent"
PROJECT = "project"
STREAM_ZH = {PATENT: "发明专利助推", PROJECT: "创新项目助推"}
STREAM_WORDS = {PATENT: "专利", PROJECT: "项目"}


# The name 删除个人信息 (erase_person) gives a person it erased: （已删除个人信息·人员N）.
# His ID and card are gone on purpose: the rules ask for neither on his papers.
ERASED_NAME_HEAD = "（已删除个人信息"


def erased(name: str | None) -> bool:
    return bool(name) and str(name).startswith(ERASED_NAME_HEAD)


def id_ref(stream: str, app_id: int) -> str:
    """The reference that names one application and no other: 专利12, 项目6 (read back by
    ``boostdesk.app_refs``; every message naming an application by its 登记号 writes it so)."""
    return f"{STREAM_WORDS[stream]}{app_id}"

# A recommending union's kind, in the order (and the full-width brackets) of the plan's
# 区、产业、局、集团（公司）、高等院校、直属基层.
GROUP_KIND = "集团（公司）"
UNIT_KINDS = ("区", "产业", "局", GROUP_KIND, "高等院校", "直属基层")

# The materials checklist of each stream: key -> label on the paper form.
PATENT_MATERIALS = {
    "form": "申报表",
    "certificate": "专利证书复印件",
    "production_proof": "企业应用证明",
    "unit_stamp": "所在单位工会盖章",
    "union_stamp": "区、局、集团（公司）工会盖章",
}
PROJECT_MATERIALS = {
    "form": "申报书",
    "approval_doc": "企业立项文件",
    "startup_proof": "启动资金拨付证明",
    "unit_stamp": "所在单位工会盖章",
    "union_stamp": "区、局、集团（公司）工会推荐盖章",
}


def ticked(materials: Any) -> frozenset[str]:
    """The papers a checklist says received: what it means. An import stores {} and the
    form every key, unticked ones false: the same checklist, no change between them."""
    if not isinstance(materials, dict):
        return frozenset()
    return frozenset(str(k) for k, v in materials.items() if v)


def same_value(field: str, old: Any, new: Any) -> bool:
    """``old`` and ``new`` mean the same (a checklist's unticked keys written or not)."""
    if field == "materials" and isinstance(old, dict) and isinstance(new, dict):
        return ticked(old) == ticked(new)
    return bool(old == new)


@dataclass(frozen=True)
class PatentApplication:
    """Attachment 1 (申报表) and one row of attachment 2 (汇总表)."""

    campaign_year: int
    title: str = ""
    patent_number_raw: str = ""
    patent_number: str | None = None  # canonical "ZL202110123456.7" when it parses
    grant_date: date | None = None
    inventor_name: str = ""
    id_number: str = ""
    card_number: str = ""
    phone: str = ""
    frontline: bool | None = None
    service_invention: bool | None = None
    applied_in_production: bool | None = None
    unit_name: str = ""  # recommending union (区、局、集团（公司）工会)
    enterprise_name: str = ""  # 所在单位
    industry: str = ""
    remarks: str = ""
    received_date: date | None = None
    materials: dict[str, bool] = field(default_factory=dict)
    seq: int | None = None
    status: str = "registered"
    status_reason: str = ""
    award_fen: int | None = None
    approved_date: date | None = None
    id: int | None = None
    person_id: int | None = None

    stream = PATENT

    @property
    def ref(self) -> str:
        """The patent number as lists and messages write it (ZL202110123456.7)."""
        return shown_patent_number(self.patent_number_raw, self.patent_number)

    @property
    def named(self) -> str:
        """How an undo's text and a question name the paper: its patent number, else its
        title (a paper saved with no number), else （无名称）."""
        return self.ref or self.title or "（无名称）"


@dataclass(frozen=True)
class ProjectApplication:
    """Attachment 3 (申报书) and one row of attachment 4 (汇总表)."""

    campaign_year: int
    title: str = ""
    studio_name: str = ""
    studio_level: str | None = None  # "city" | "district"
    model_studio: bool = False
    leader: str = ""
    unit_name: str = ""
    enterprise_name: str = ""
    approval_date: date | None = None
    startup_funds_paid: bool | None = None
    planned_completion: date | None = None
    total_budget_fen: int | None = None
    requested_fen: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    industry: str = ""
    remarks: str = ""
    received_date: date | None = None
    materials: dict[str, bool] = field(default_factory=dict)
    seq: int | None = None
    status: str = "registered"
    status_reason: str = ""
    award_fen: int | None = None
    approved_date: date | None = None
    accepted_date: date | None = None
    id: int | None = None
    studio_id: int | None = None
    # 工作室级别 as written when the plan admits no studio of it (企业级, 二（一）): the paper
    # is judged 不合格 by it; studio_level is then the register's (None for a new studio)
    outside_level: str = ""

    stream = PROJECT

    @property
    def ref(self) -> str:
        return self.title

    @property
    def named(self) -> str:
        return self.title or "（无名称）"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    id_number: str | None
    card_number: str
    phone: str
    frontline: bool | None
    enterprise_name: str = ""


@dataclass(frozen=True)
class Studio:
    id: int
    name: str
    level: str | None  # "city" | "district"; None: not known yet
    model_studio: bool
    unit_name: str
    enterprise_name: str
    leader: str


@dataclass(frozen=True)
class StudioAward:
    """An earlier award to a studio, typed in from before the register existed."""

    studio_name: str
    year: int
    project_title: str
    award_fen: int
    accepted: bool
    accepted_date: date | None = None
    id: int | None = None  # its row, once stored


def as_dict(record: Any) -> dict[str, Any]:
    """A JSON-friendly dict of a record, for the audit trail."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        out[f.name] = value.isoformat() if isinstance(value, date) else value
    return out


def guess_unit_kind(name: str) -> str:
    """The kind of a recommending union from its name (the clerk can correct it): a city
    commission's (委员会) is a 局's; the city's other unions (北京市教育工会, 北京市建设工会)
    are industry unions, not 直属基层."""
    for needle, kind in (
        ("大学", "高等院校"), ("学院", "高等院校"), ("直属", "直属基层"), ("产业", "产业"),
        ("集团", GROUP_KIND), ("公司", GROUP_KIND), ("局", "局"), ("委员会", "局"),
        ("区", "区"),
    ):
        if needle in name:
            return kind
    if name.startswith(("北京市", "市")) and name.endswith("工会"):
        return "产业"
    return "直属基层"
