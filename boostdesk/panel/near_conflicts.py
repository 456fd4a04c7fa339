"""An expert's 工作单位 written nearly as a project's enterprise, studio or union: a likely
conflict of interest the exact comparison (:func:`.experts.automatic_conflict`) misses.

钱志伟's 工作单位 typed 四方继保公司, the project's enterprise registered as 北京四方继保自动化
股份有限公司: 自动均衡分配 gave him the project, and nothing said so. The forms' near-name
matcher (:mod:`boostdesk.near_names`: a slip, the organisation-form words 集团/有限公司 said or
not, a fragment, a name with more around it) finds such a name; here it is asked about the
projects' names with the expert's 工作单位 as typed, and also with its form words taken off
(四方继保公司 is 四方继保, a fragment of the registered name). What it finds is likely, not
certain: 自动均衡分配 passes over it and says so, a manual assignment is asked about
(``panel assign --confirm-no-conflict``; the window asks, 不分配 the default), and
adding an expert shows the registered names near his 工作单位 (:func:`registered_near`)."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import ProjectApplication
from boostdesk.near_names import (
    ENTERPRISES,
    MIN_OWN,
    MIN_PART,
    ONE,
    UNITS,
    NameIndex,
    Near,
    core_of,
    fold,
    index_of,
    own_length,
)
from boostdesk.validate import tidy_name

# how the command line confirms a manual assignment the names make doubtful
CLI_CONFIRM = "--confirm-no-conflict"
MOST = 50  # near names looked at for one 工作单位
# one character off is a slip in a long name only: 北京化工大学 and 北京理工大学 are two
# universities (the forms ask a clerk; here it would keep an expert from projects silently)
MIN_OWN_SLIP = 6


def near_names(index: NameIndex, organisation: str) -> dict[str, Near]:
    """The names of ``index`` an expert's ``organisation`` is near (not the same name:
    the exact comparison's). Too generic a 工作单位 (北京, 有限公司) is near nothing."""
    typed = tidy_name(organisation)
    key = fold(typed)
    if own_length(key) < MIN_PART:
        return {}
    found = {n.name: n for n in index.near(typed, MOST, among=True) if n.name != typed
             and (n.how != ONE or own_length(fold(n.name)) >= MIN_OWN_SLIP)}
    core = core_of(key)
    if core != key and own_length(core) >= MIN_OWN:
        # 四方继保公司: its own part, 四方继保, is a fragment of the registered name
        for n in index.near(core, MOST, among=True):
            if n.name != typed and n.name not in found and n.how != ONE:
                found[n.name] = Near(n.name, n.how, "去掉“公司”“集团”等字样后，" + n.why)
    return found


def _union_body(union: str) -> str:
    """The body a union belongs to (首钢集团有限公司 for 首钢集团有限公司工会), "" for a
    district's 总工会 (its name without 工会 names no employer)."""
    name = tidy_name(union)
    if not name.endswith("工会") or name.endswith("总工会"):
        return ""
    return name.removesuffix("工会委员会").removesuffix("工会")


def _names(app: ProjectApplication) -> list[tuple[str, str]]:
    """A project's names an expert's 工作单位 is compared with, each with what it is."""
    out = [(tidy_name(app.enterprise_name or ""), "所在单位"),
           (tidy_name(app.studio_name or ""), "申报工作室"),
           (_union_body(app.unit_name or ""), "推荐单位所属单位"),
           (tidy_name(app.unit_name or ""), "推荐单位")]
    return [(name, what) for name, what in out if name]


@dataclass(frozen=True)
class NearOrg:
    """A project's name an expert's 工作单位 is near, and how."""

    organisation: str  # as the expert's record has it
    name: str  # the project's enterprise, studio or union
    what: str  # 所在单位, 申报工作室, 推荐单位, 推荐单位所属单位
    why: str

    @property
    def text(self) -> str:
        return (f"专家工作单位“{self.organisation}”与项目{self.what}“{self.name}”相近"
                f"（{self.why}），可能是同一单位")


# One index of the panel's project names per register, taken forward (NameIndex.sync adds
# and drops only what changed): 40,000 names took half a second to index, at every reload
# of 分配专家 and every 自动均衡分配 on a year of 20,000 projects.
_KEPT: weakref.WeakKeyDictionary[Any, NameIndex] = weakref.WeakKeyDictionary()


class NearOrgs:
    """The likely conflicts among some projects: one index of their names, each expert's
    工作单位 looked up once. ``reg``: the register whose index is kept between calls."""

    def __init__(self, apps: Iterable[ProjectApplication], reg: Any = None) -> None:
        names = {name for app in apps for name, _what in _names(app)}
        if reg is None:
            self.index = NameIndex(True).sync(names)
        else:
            self.index = _KEPT.setdefault(reg, NameIndex(True)).sync(names)
        self._near: dict[str, dict[str, Near]] = {}

    def likely(self, organisation: str, app: ProjectApplication) -> NearOrg | None:
        """The project's name ``organisation`` is near, or None (a name exactly the
        same is the exact comparison's: not said here)."""
        org = tidy_name(organisation)
        if not org:
            return None
        if org not in self._near:
            self._near[org] = near_names(self.index, org)
        found = self._near[org]
        for name, what in _names(app):
            if name in found and "".join(name.split()) != "".join(org.split()):
                return NearOrg(organisation, name, what, found[name].why)
        return None


def likely_conflict(organisation: str, app: ProjectApplication) -> NearOrg | None:
    """One project's name ``organisation`` is near, or None."""
    return NearOrgs([app]).likely(organisation, app)


def registered_near(reg: object, organisation: str, limit: int = 5) -> list[str]:
    """The register's enterprises and unions ``organisation`` is near, as said when an
    expert is added: 北京四方继保自动化股份有限公司（所在单位，去掉“公司”…）."""
    out: list[str] = []
    for kind, what in ((ENTERPRISES, "所在单位"), (UNITS, "推荐单位")):
        index = index_of(reg, kind)
        if tidy_name(organisation) in index.names:  # the registered name itself
            return []
        for near in near_names(index, organisation).values():
            out.append(f"“{near.name}”（{what}；{near.why}）")
    return out[:limit]


def near_advice(organisation: str, found: list[str]) -> str:
    """What adding an expert whose 工作单位 is near registered names says."""
    return (f"工作单位“{tidy_name(organisation)}”与登记册中的单位名称相近：" + "、".join(found)
            + "。如是同一单位，请把工作单位改为登记的名称（回避按名称核对）；这些单位的项目"
            "自动均衡分配时不分配给该专家，手动分配时询问")
