"""A plan change's effect on decided papers beyond 不合格 and held money: their findings
changed (a 报送截止日 moved before their 收件日期 makes them 逾期报送, an extra material
makes them 待补材料) and their place in the ranking changed (a cap or quota changed: a
published project — in publicity, approved or paid — the ranking now puts in another tier). Neither holds money, yet
both change what the register says of an award already decided, so ``plan_change_effects``
asks them as it asks a refusal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boostdesk.models.records import PATENT, PROJECT, STREAM_WORDS, id_ref
from boostdesk.money import format_money
from boostdesk.rules.findings import stored_findings
from boostdesk.said_where import way

if TYPE_CHECKING:
    from boostdesk.models.register import Register

TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}
# statuses whose award is paid in full: nothing more to pay or hold
PAID_IN_FULL = {PATENT: ("paid",), PROJECT: ("paid_final",)}
# A project in publicity (公示) holds a tier announced to the public as a decided one does
# (README: a published project moved into another tier is asked); an adopted list not yet
# published is the office's own draft, re-adopted at will, so it is not asked.
IN_PUBLICITY = "publicized"


@dataclass(frozen=True)
class Judged:
    """A decided paper's stored verdict: its word and its findings (code -> message)."""

    eligible: bool
    incomplete: bool
    found: tuple[tuple[str, str], ...]

    @property
    def word(self) -> str:
        if not self.eligible:
            return "不合格"
        if self.incomplete:
            return "待补材料"
        return "合格（逾期报送）" if "LATE_SUBMISSION" in self.codes else "合格"

    @property
    def codes(self) -> set[str]:
        return {code for code, _ in self.found}


def judged(reg: Register, stream: str, year: int, statuses: tuple[str, ...]) -> dict[int, Judged]:
    """The stored verdicts of the year's papers of ``statuses``."""
    out = {}
    for app_id, ok, incomplete, text in reg.conn.execute(
            f"SELECT a.id, a.eligible, a.incomplete, a.findings FROM {TABLES[stream]} a"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = ?"
            f" AND a.status IN ({','.join('?' * len(statuses))})", (year, *statuses)):
        found = tuple((f.code, f.message) for f in stored_findings(text or "[]"))
        out[int(app_id)] = Judged(bool(ok), bool(incomplete), found)
    return out


def what_changed(before: Judged, after: Judged) -> str:
    """The findings added and gone, by message: the verdict's word alone may not change
    (不合格 → 不合格 on another ground)."""
    added = [m for c, m in after.found if c not in before.codes]
    gone = [m for c, m in before.found if c not in after.codes]
    if not added and not gone:  # same codes, other words (a material more missing)
        added = [m for c, m in after.found if (c, m) not in before.found]
        gone = [m for c, m in before.found if (c, m) not in after.found]
    return "；".join([*(f"新增：{m}" for m in added), *(f"不再：{m}" for m in gone)])


@dataclass(frozen=True)
class FoundChange:
    """A decided paper whose findings the change alters without turning it 不合格."""

    stream: str
    app_id: int
    title: str
    status: str
    paid_fen: int
    full: bool  # paid in full
    before: str  # verdict words
    after: str
    what: str  # the findings added and gone

    @property
    def name(self) -> str:
        return f"{STREAM_WORDS[self.stream]}“{self.title}”"

    @property
    def money(self) -> str:
        """What it means for the award: nothing is held or recovered by a finding that
        leaves the paper 合格 or 待补材料, the register only reads otherwise."""
        if self.full:
            return f"已全部拨付 {format_money(self.paid_fen)}，款项不变（不追回），但将显示为{self.after}"
        if self.paid_fen:
            return (f"已拨付 {format_money(self.paid_fen)}，其余仍可拨付（不暂缓），"
                    f"但将显示为{self.after}")
        return f"尚未拨付，仍可拨付（不暂缓），但将显示为{self.after}"

    def detail(self) -> str:
        return (f"{self.name}（{id_ref(self.stream, self.app_id)}）：{self.before} → {self.after}"
                f"（{self.what}）；{self.money}")


def found_changes(reg: Register, before: dict[tuple[str, int], Judged],
                  after: dict[tuple[str, int], Judged],
                  skip: set[tuple[str, int]]) -> tuple[FoundChange, ...]:
    """The decided papers (not in ``skip``: turned 不合格, said so already) whose verdict
    or findings differ, by finding code (a clause renumbered changes no code)."""
    out = []
    for key in sorted(after):
        was, now = before.get(key), after[key]
        if (key in skip or was is None or (was.codes == now.codes
                                           and was.incomplete == now.incomplete)):
            continue
        stream, app_id = key
        title, status = reg.conn.execute(f"SELECT title, status FROM {TABLES[stream]}"
                                         " WHERE id = ?", (app_id,)).fetchone()
        paid = int(reg.scalar("SELECT COALESCE(SUM(amount_fen), 0) FROM payments WHERE stream = ?"
                              " AND application_id = ? AND paid_date IS NOT NULL",
                              (stream, app_id)) or 0)
        out.append(FoundChange(stream, app_id, title or "", status, paid,
                               status in PAID_IN_FULL[stream], was.word, now.word,
                               what_changed(was, now)))
    return tuple(out)


@dataclass(frozen=True)
class RankChange:
    """A published project (in publicity, approved or paid) the ranking now places
    otherwise than before."""

    app_id: int
    title: str
    paid: bool
    before: str  # what the ranking said of it ("" nothing: its published tier)
    after: str
    publicized: bool = False  # still in publicity (公示), not approved yet

    @property
    def name(self) -> str:
        return f"项目“{self.title}”"

    def detail(self) -> str:
        was = self.before or "按公示档次"
        now = self.after or "按公示档次"
        tail = ("已拨付的款项不变；" if self.paid else "") + (
            "公示无异议的按公示档次核准，是否调整须报请研究（保存后见"
            + way("“专家评审 → 排名与档次”", "boostdesk rank") + "）")
        return f"{self.name}（{id_ref(PROJECT, self.app_id)}）：排名由“{was}”变为“{now}”；{tail}"


def published_decided(reg: Register, year: int, statuses: tuple[str, ...]) -> bool:
    """Whether the year has a published project in ``statuses``: only then is the ranking
    (seconds at a large panel) run before and after the change."""
    return reg.scalar(
        "SELECT 1 FROM proposals pr JOIN project_applications a ON a.id = pr.project_id"
        " JOIN campaigns c ON c.id = pr.campaign_id WHERE c.year = ? AND pr.period_id"
        f" IS NOT NULL AND a.status IN ({','.join('?' * len(statuses))}) LIMIT 1",
        (year, *statuses)) is not None


def places(reg: Register, year: int, statuses: tuple[str, ...]) -> dict[int, str]:
    """What the ranking says of each published project of ``statuses`` whose tier it no
    longer gives (raised, lowered, or a freed place left open): project id -> words."""
    if not published_decided(reg, year, statuses):
        return {}
    from boostdesk.panel.ranking import rank
    from boostdesk.panel.tier_places import tier_name

    c = reg.campaign(year)
    ranking = rank(reg, year)
    out: dict[int, str] = {}
    for pid, (was, now) in ranking.raised_amounts.items():
        out[pid] = f"按现有排名可列入{tier_name(c, now)}（公示为{tier_name(c, was)}）"
    for pid, (was, now, _kept) in ranking.left_open.items():
        out[pid] = f"按现有排名可列入{tier_name(c, now)}（公示为{tier_name(c, was)}，名额已留空）"
    for pid, now in ranking.stale_amounts.items():
        row = ranking.row(pid)
        was = row.adopted_amount_fen or row.amount_fen
        out[pid] = f"按现有排名不再列入{tier_name(c, was)}（应为{tier_name(c, now)}）"
    decided = set(judged(reg, PROJECT, year, statuses))
    return {pid: words for pid, words in out.items() if pid in decided}


def rank_changes(reg: Register, before: dict[int, str], after: dict[int, str],
                 skip: set[int]) -> tuple[RankChange, ...]:
    """The projects (not in ``skip``: held, said so already) whose ranking words moved."""
    out = []
    for pid in sorted(set(before) | set(after)):
        if pid in skip or before.get(pid) == after.get(pid):
            continue
        title, status = reg.conn.execute(
            "SELECT title, status FROM project_applications WHERE id = ?", (pid,)).fetchone()
        out.append(RankChange(pid, title or "", status not in ("approved", IN_PUBLICITY),
                              before.get(pid, ""), after.get(pid, ""),
                              status == IN_PUBLICITY))
    return tuple(out)


__all__ = ["IN_PUBLICITY", "FoundChange", "Judged", "RankChange", "found_changes", "judged", "places",
           "rank_changes", "what_changed"]
