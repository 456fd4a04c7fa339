"""What the intake desk asks the clerk before it stores what was typed (no Qt).

A studio's facts — its level, 示范性, leader, 推荐单位 and 所在单位 — are the studio's,
shared by every application it makes (the level decides their tiers, 方案二（三）); a paper
may say otherwise, or name the studio nearly as the register does (赵永刚创新工作室 for
赵永刚职工创新工作室: a new studio would escape its unaccepted award, 方案二（一）, and the
two-per-studio limit, 方案二（二）2). And amounts are typed in 元 by habit where the form
asks 万元. These functions find such cases and word the question; the forms ask it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from boostdesk.models import Register
from boostdesk.models.batch_insert import STUDIO_COLUMNS
from boostdesk.models.campaign import LEVEL_ZH, Campaign
from boostdesk.models.records import ProjectApplication, Studio
from boostdesk.money import format_money
from boostdesk.studio_names import (
    BY_PEOPLE,
    StudioFacts,
    another_studio,
    another_studio_note,
    own_name,
    registered_near,
    studio_facts,
    why_alike,
)
from boostdesk.studio_names import name_core as name_core  # (where callers found it)
from boostdesk.validate import tidy_name


@dataclass(frozen=True)
class StudioMatch:
    """A known studio that a name not in the register probably means."""

    typed: str  # the name as typed, tidied
    studio: Studio
    by_name: bool  # named alike (studio_names.name_core); else same leader and enterprise
    this_year: int  # its applications in the campaign of the paper
    unfinished: str = ""  # its award that bars the paper (二（一）) and why; "" when none
    clause: str = ""  # the plan's clause of that bar (方案二（一）)
    limit: int = 0  # the campaign's papers a studio (二（二）2); 0: not known

    def question(self, paper: bool = True) -> str:
        """``paper``: asked of a paper, which the studio's bars would stop (not of an
        earlier award typed in)."""
        s = self.studio
        facts = "，".join(filter(None, (
            LEVEL_ZH.get(s.level or "", "级别未填"), f"领衔人 {s.leader}" if s.leader else "",
            s.enterprise_name, f"本年度已申报 {self.this_year} 项" if self.this_year else "")))
        why = why_alike(self.typed, s.name) if self.by_name else BY_PEOPLE
        stake = []  # what a second studio would escape: said, the clerk decides knowing it
        if paper and self.unfinished:
            stake.append(f"该工作室 {self.unfinished}："
                         f"如为同一工作室，本项不能申报（{self.clause}）。")
        if paper and self.limit and self.this_year >= self.limit:
            stake.append(f"该工作室本年度已申报 {self.this_year} 项，同一工作室申报不超过 "
                         f"{self.limit} 项。")
        return (f"登记册中没有“{self.typed}”，但有{why}的工作室：\n“{s.name}”（{facts}）。\n\n"
                + "".join(f"{line}\n\n" for line in stake)
                + f"是否为已登记的“{s.name}”？\n"
                f"是（Enter）：按“{s.name}”录入，照常核对其往年助推和申报项数；"
                "否（Alt+N）：登记为新的工作室"
                + ("，申报带“相近工作室未验收”的提示，供资格审核核对" if paper and self.unfinished
                   else "")
                + "。")


def known_studio_for(reg: Register, name: str, leader: str = "", enterprise: str = "",
                     year: int | None = None) -> StudioMatch | None:
    """The known studio a name not in the register probably means: one named the same
    apart from 职工, 劳模, 创新, 工作室, brackets and spaces, or else one with the same leader
    and enterprise (``studio_names``: the rule the import's notes and the rules' 提示 use
    too). None when the name is known (or empty) or nothing is near it."""
    typed = tidy_name(name)
    if not typed or reg.scalar("SELECT 1 FROM studios WHERE name = ?", (typed,)):
        return None
    near = registered_near(reg, typed, leader, enterprise)
    if not near:
        return None
    studios = reg.studios("s.id = ?", (near[0].studio.id,))
    if not studios:
        return None
    studio = studios[0]
    if year is None:
        return StudioMatch(typed, studio, near[0].by_name, 0)
    from boostdesk.rules.check import unfinished_award

    this_year = int(reg.scalar(
        "SELECT COUNT(*) FROM project_applications a JOIN campaigns c ON c.id = +a.campaign_id"
        " WHERE a.studio_id = ? AND c.year = ?", (studio.id, year)) or 0)
    campaign = reg.campaign(year)
    award = unfinished_award(reg, year, studio.id)
    return StudioMatch(typed, studio, near[0].by_name, this_year,
                       award.standing() if award else "", campaign.clause("project_scope"),
                       campaign.max_applications_per_studio)


@dataclass(frozen=True)
class AnotherStudio:
    """A paper naming a registered studio of another enterprise and leader: another studio
    of that name (``studio_names.another_studio``), registered as :attr:`name`."""

    known: StudioFacts
    name: str  # the register's name for the paper's studio
    note: str

    def question(self) -> str:
        return (f"{self.note}。\n\n是否按另一个同名工作室登记？\n"
                f"是（Enter）：登记为“{self.name}”；"
                f"否（Alt+N）：按登记册中{self.known.enterprise}的“{self.known.name}”录入，"
                "其所在单位和领衔人接着询问")


def another_studio_for(reg: Register, app: ProjectApplication) -> AnotherStudio | None:
    """The registered studio of the paper's studio name when the paper is of another
    studio of that name (its enterprise and leader both another); else None."""
    name = tidy_name(app.studio_name)
    sid = reg.scalar("SELECT id FROM studios WHERE name = ?", (name,)) if name else None
    known = studio_facts(reg.conn, [sid]).get(sid) if sid is not None else None
    if known is None or not another_studio(known, app.leader, app.enterprise_name):
        return None
    return AnotherStudio(known, own_name(name, app.enterprise_name), another_studio_note(
        None, name, known, app.leader, app.enterprise_name, "申报书"))


@dataclass(frozen=True)
class FactChange:
    label: str
    old: str
    new: str
    kept: bool = False  # the register keeps it whatever the clerk answers
    key: str = ""  # the record's field (the form goes back to it)


@dataclass(frozen=True)
class StudioDifference:
    """A paper's facts of a known studio that differ from the register's."""

    studio: Studio
    changes: tuple[FactChange, ...]
    others: int  # the studio's other applications, every campaign

    @property
    def asks(self) -> bool:
        """Whether the clerk has a choice (an awarded studio's level is not one)."""
        return any(not c.kept for c in self.changes)

    @property
    def first_asked(self) -> str:
        """The field of the first fact the clerk has a choice about."""
        return next((c.key for c in self.changes if not c.kept), "")

    def question(self) -> str:
        lines = []
        for c in self.changes:
            if c.kept:
                lines.append(f"　{c.label}：申报书为{c.new}，登记册为{c.old}——该工作室已获助推，"
                             f"级别不随申报书改变，按{c.old}核对（确有变化请在“工作室”中修改）")
            else:
                lines.append(f"　{c.label}：{c.old} → {c.new}")
        others = (f"改为申报书所填，该工作室的其他 {self.others} 项申报也随之改变并重新核对"
                  + ("（已汇出助推款的项目，包括款被银行退回、待重拨的，仍由原收款单位收款："
                     "退回的和其余的款项也拨付给它；原名称只是录错的，请保留登记册的，"
                     "在“单位与人员 → 所在单位”中更正）"
                     if any(c.label == "所在单位" for c in self.changes) else "") + "。"
                  if self.others else "该工作室在登记册中没有其他申报。")
        return (f"这份申报书上“{self.studio.name}”的信息与登记册不同：\n" + "\n".join(lines)
                + f"\n\n工作室的信息由它的各项申报共用：{others}\n"
                "改为申报书所填，还是保留登记册的？")


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return LEVEL_ZH.get(str(value), str(value))


STUDIO_FACTS = tuple(STUDIO_COLUMNS)  # the fields of a project record that are its studio's


def paper_differs(reg: Register, app: ProjectApplication,
                  only: Collection[str] | None = None) -> StudioDifference | None:
    """The facts of a known studio that this paper gives otherwise than the register
    (``only``: of these record fields, the ones an edit changed).

    A fact the register lacks, or the paper leaves blank, is no difference: the paper
    fills it (or leaves it). A studio with an award keeps its level (``ensure_studio``):
    that change is listed as kept, not offered."""
    studio = reg.studio(app.studio_name) if app.studio_name.strip() else None
    if studio is None:
        return None
    pairs = (
        ("工作室级别", "studio_level", studio.level, app.studio_level),
        ("是否示范性", "model_studio", studio.model_studio, bool(app.model_studio)),
        ("领衔人", "leader", studio.leader, tidy_name(app.leader)),
        ("推荐单位", "unit_name", studio.unit_name, tidy_name(app.unit_name)),
        ("所在单位", "enterprise_name", studio.enterprise_name, tidy_name(app.enterprise_name)),
    )
    awarded = reg.studio_has_award(studio.id)
    changes = tuple(
        FactChange(label, _shown(old), _shown(new),
                   kept=key == "studio_level" and awarded, key=key)
        for label, key, old, new in pairs
        if old not in (None, "") and new not in (None, "") and old != new
        and (only is None or key in only)
    )
    if not changes:
        return None
    others = int(reg.scalar(
        "SELECT COUNT(*) FROM project_applications WHERE studio_id = ? AND id IS NOT ?",
        (studio.id, app.id)) or 0)
    return StudioDifference(studio, changes, others)


def level_kept(reg: Register, app: ProjectApplication) -> str | None:
    """The register's level of an awarded studio when the paper gives another: the level
    the application is judged by (``ensure_studio`` keeps it), else None."""
    name = tidy_name(app.studio_name)
    if not name or app.studio_level is None:
        return None
    row = reg.query("SELECT id, level FROM studios WHERE name = ?", (name,))
    if not row or row[0]["level"] in (None, app.studio_level):
        return None
    return row[0]["level"] if reg.studio_has_award(row[0]["id"]) else None


# -- amounts typed in 元 where the form asks 万元 ------------------------------------------
FAR_ABOVE = 10  # an award over ten times the top tier is no award of this plan
IMPLAUSIBLE_BUDGET = 1000  # a project budget over a thousand times the top tier (1亿 in 2022)


@dataclass(frozen=True)
class AmountQuestion:
    text: str
    as_yuan_fen: int | None = None  # the amount read as 元, when that is a tier


def award_amount_question(campaign: Campaign, amount_fen: int) -> AmountQuestion | None:
    """Ask about an earlier award that is none of the plan's tiers (方案二（三）); one far
    above the top tier that reads as a tier in 元 is offered as that amount."""
    tiers = sorted({t.amount_fen for t in campaign.tiers}, reverse=True)
    if not tiers or amount_fen in tiers:
        return None
    money, top = format_money(amount_fen), format_money(tiers[0])
    listed = "、".join(format_money(a) for a in tiers)
    if amount_fen > FAR_ABOVE * tiers[0]:
        as_yuan = amount_fen // 10_000  # the number typed, read as 元
        if amount_fen % 10_000 == 0 and as_yuan in tiers:
            return AmountQuestion(
                f"助推金额 {money} 远高于方案最高档 {top}：这一栏的单位是万元。"
                f"所填数字按元计为 {format_money(as_yuan)}，是方案的助推档次。\n\n"
                f"按 {format_money(as_yuan)} 保存吗？", as_yuan)
        wan = f"{(Decimal(tiers[0]) / 10_000_00).normalize():f}"  # the year's top tier: 12
        return AmountQuestion(f"助推金额 {money} 远高于方案最高档 {top}（助推档次 {listed}）："
                              f"这一栏的单位是万元，{wan} 即 {wan}万元。")
    return AmountQuestion(f"助推金额 {money} 不是方案的助推档次"
                          f"（{listed}，{campaign.clause('project_award')}）。")


def implausible_budget(campaign: Campaign, amount_fen: int | None) -> str | None:
    """A project budget out of all proportion to the plan's tiers: 元 typed as 万元."""
    tiers = [t.amount_fen for t in campaign.tiers]
    if not amount_fen or not tiers or amount_fen <= IMPLAUSIBLE_BUDGET * max(tiers):
        return None
    limit = IMPLAUSIBLE_BUDGET * max(tiers)
    return (f"{format_money(amount_fen)}：金额异常大（超过 {format_money(limit)}）。"
            "这一栏的单位是万元，请核对是否把元填成了万元")


# 3,000.00: thousands grouped and two decimals, as a receipt or a finance sheet writes 元
# (the 万元 fields show what they hold as 30 or 2.5, never so)
_YUAN_WRITTEN = re.compile(r"^[¥￥]?\d{1,3}(?:,\d{3})+\.\d{2}$")


def written_as_yuan(text: str, amount_fen: int | None) -> str | None:
    """A 万元 field's ``text`` written as 元 are (3,000.00, read 3,000 万元): why to ask,
    saying what it was read as; else None. Its size alone (3千万 of budget) is possible."""
    if amount_fen is None or not _YUAN_WRITTEN.match("".join(text.split())):
        return None
    return (f"“{text.strip()}”是元的写法（千分位、两位小数），这一栏的单位是万元："
            f"读作 {format_money(amount_fen)}（{in_wan(amount_fen)} 万元），请核对是否把元填成了万元")


def in_wan(fen: int) -> str:
    """An amount as the 万元 fields hold it: 3,000 (万元), 12.5."""
    return f"{(Decimal(fen) / 1_000_000).normalize():,f}"


def above_top_award(campaign: Campaign, amount_fen: int | None) -> str | None:
    """An amount asked for above what the year can award at all (its highest tier, from
    its settings): what it was read as, in 元 and 万元, and that top tier; else None."""
    tiers = [t.amount_fen for t in campaign.tiers]
    if not amount_fen or not tiers or amount_fen <= max(tiers):
        return None
    top = max(tiers)
    return (f"读作 {format_money(amount_fen)}（{in_wan(amount_fen)} 万元），超过本年度方案最高档 "
            f"{format_money(top)}（{in_wan(top)} 万元），方案助推不了这么多")


def implausible_request(campaign: Campaign, amount_fen: int | None) -> str | None:
    """An amount asked for above the plan's top tier (a 3,000.00 in 元 typed in the 万元
    field read 3,000 万元): asked about before saving, as the import says it on the row
    (far above it, where the importer refuses the cell, 元 typed as 万元 is said outright)."""
    above = above_top_award(campaign, amount_fen)
    if above is None or amount_fen is None:
        return None
    top = max(t.amount_fen for t in campaign.tiers)
    if amount_fen > FAR_ABOVE * top:
        return f"金额异常大：{above}。这一栏的单位是万元，请核对是否把元填成了万元"
    return f"{above}。这一栏的单位是万元，请核对所填金额和单位"
