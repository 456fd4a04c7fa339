"""The year-end statistics the office reports (年度统计): per recommending union and in
total, for each stream, the papers received and their verdicts, the awards approved and
their split between the federation and the union (方案一（三）, 二（三）), what has been
paid and what is still owed (by tranche for projects); for projects the awards by tier and
the papers by studio level; the papers by industry (重点产业领域) and by union kind; the decisions by stage (each status
in the season's order, beside the rules' automatic check), why papers were refused (by the
plan's clause: :mod:`boostdesk.refusal_reasons`), what is owed split as 拨付 splits it
(待拨付, 其中已逾期, 待验收: read from the same payment lines) and the tiers' quotas.

Figures are integer fen read in a few grouped queries (no application is loaded): one
pass over the year's rows a stream, the awards and payments by index (≈ 0.5 s at 100,000
applications). Every total is the sum
of the unions' rows, and each award is split with :func:`boostdesk.money.payer_tranche_matrix`
as the payment plan splits it, so federation + union = award to the fen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from boostdesk.finance.terms import AWARDED, FAILED, NO_UNION, PAYERS, split_ratio, tranche_shares
from boostdesk.models.campaign import CITY, DISTRICT, LEVEL_ZH, Campaign, tier_label
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT, PROJECT, UNIT_KINDS
from boostdesk.models.register import Register
from boostdesk.models.workflow import (
    HELD_SQL,
    NOT_QUALIFIED,
    REVOKED,
    SEASON_CLOSE_REASONS,
    SEASON_CLOSED_ZH,
    STATUS_ZH,
    season_closed,
    statuses,
)
from boostdesk.money import payer_tranche_matrix
from boostdesk.panel.withdrawal import TARGET, WITHDRAWN_ZH, withdrawn_papers
from boostdesk.pinyin_order import sort_key
from boostdesk.refusal_reasons import ReasonRow, reason_rows
from boostdesk.rules.passed_against import MARK as AGAINST  # as the ranking and 审批表 mark
from boostdesk.rules.passed_against import passed_against_year

if TYPE_CHECKING:
    from boostdesk.finance.lines import PaymentLine

NO_UNIT = NO_UNION  # named as the payment lists name its union share
NO_INDUSTRY = "（未填行业）"
NO_LEVEL = "unknown"  # a studio whose level no paper gave
OTHER_TIER = "其他金额"  # an award matching none of the campaign's tiers
TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}
# 推荐单位撤回's stage column, keyed as the statuses' so it is read as one of the stages
WITHDRAWN_KEY = "status:withdrawn"
SEASON_CLOSED_KEY = "status:season_closed"  # 年度结束未核准 / 未获助推's, likewise


@dataclass
class StreamRow:
    """One recommending union's (or the total's) figures of one stream; money in fen."""

    unit: str
    kind: str
    tranches: int  # 1 for patents; the campaign's tranche count for projects
    received: int = 0
    eligible: int = 0
    refused: int = 0  # the rules' verdict 不合格
    incomplete: int = 0  # 待补材料
    unchecked: int = 0  # 未核对
    approved: int = 0  # holding an award (核准 and after)
    award_fen: int = 0
    federation_fen: int = 0
    union_fen: int = 0
    paid_fen: list[int] = field(default_factory=list)  # by tranche
    owed_fen: list[int] = field(default_factory=list)  # by tranche, still to pay
    forfeited_fen: int = 0  # the rest of a project that failed acceptance: never paid
    qualification_refused: int = 0  # status 资格审核不通过 (by the office)
    not_awarded: int = 0  # projects: 未获助推
    # 推荐单位撤回 (panel.withdrawal): apart from the status it is stored in (资格审核不通过 /
    # 未获助推), and of them the ones withdrawn after passing 资格审核
    withdrawn: int = 0
    withdrawn_qualified: int = 0
    # closed at the year's end (结年 of a season run in the register: 年度结束未核准 /
    # 年度结束未获助推, panel.past_close): apart from the status it is stored in, as a
    # withdrawal is, and of them the ones closed after passing 资格审核
    season_closed: int = 0
    season_closed_qualified: int = 0
    # of the papers standing passed, those passed against a failed hard clause of the plan
    # (rules.passed_against, marked （不符合方案） in the ranking and on the 审批表): by the
    # office's decision, and those found failing since that no decision took yet
    against_plan: int = 0
    against_plan_undecided: int = 0
    held_fen: int = 0  # projects: owed, but held from payment by an open objection (暂缓拨付)
    # owed, but held because what the award rests on changed since (award_holds: the ranking,
    # or the paper now 不合格): its part not yet paid, until the office settles it
    changed_held_fen: int = 0
    # each payer's part of paid_fen and of forfeited_fen (federation, union)
    paid_by_payer: list[int] = field(default_factory=lambda: [0, 0])
    forfeited_by_payer: list[int] = field(default_factory=lambda: [0, 0])
    # 撤销助推（已拨付，应追回） (finance.recovery): no award, its paid money apart
    revoked: int = 0
    to_recover_fen: int = 0  # what was paid to them, to recover (应追回)
    recovered_fen: int = 0  # of it returned so far, in instalments (已追回)
    tiers: dict[str, int] = field(default_factory=dict)  # tier name -> awards (projects)
    levels: dict[str, int] = field(default_factory=dict)  # studio level -> papers (projects)
    statuses: dict[str, int] = field(default_factory=dict)  # status -> papers (the decisions)
    # owed_fen as 拨付 and `pay list` split it, from the same payment lines (finance.lines):
    # payable now (待拨付, a returned transfer owed again too), of it past its term, and a
    # project's rest waiting for its acceptance (待验收); the held are held_fen, changed_held_fen
    due_fen: int = 0
    overdue_fen: int = 0
    awaiting_fen: int = 0

    def __post_init__(self) -> None:
        self.paid_fen = self.paid_fen or [0] * self.tranches
        self.owed_fen = self.owed_fen or [0] * self.tranches

    @property
    def owed_by_payer(self) -> list[int]:
        """What the federation and the union still owe: each share less its paid and
        forfeited parts."""
        return [share - paid - lost for share, paid, lost in zip(
            (self.federation_fen, self.union_fen), self.paid_by_payer, self.forfeited_by_payer,
            strict=True)]

    @property
    def owing_fen(self) -> int:
        """尚欠: what the revoked awards' payers have still to return."""
        return self.to_recover_fen - self.recovered_fen

    @property
    def qualified(self) -> int:
        """Papers past 资格审核 (资格审核通过, and every stage after it)."""
        return (sum(n for s, n in self.statuses.items() if s not in NOT_QUALIFIED)
                + self.withdrawn_qualified + self.season_closed_qualified)

    @property
    def paid_total(self) -> int:
        return sum(self.paid_fen)

    @property
    def owed_total(self) -> int:
        return sum(self.owed_fen)

    def add(self, other: StreamRow) -> None:
        for name in ("received", "eligible", "refused", "incomplete", "unchecked", "approved",
                     "award_fen", "federation_fen", "union_fen", "forfeited_fen",
                     "qualification_refused", "not_awarded", "held_fen", "changed_held_fen",
                     "due_fen", "overdue_fen", "awaiting_fen",
                     "revoked", "to_recover_fen", "recovered_fen",
                     "withdrawn", "withdrawn_qualified", "season_closed",
                     "season_closed_qualified", "against_plan",
                     "against_plan_undecided"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for j in range(2):
            self.paid_by_payer[j] += other.paid_by_payer[j]
            self.forfeited_by_payer[j] += other.forfeited_by_payer[j]
        for i in range(self.tranches):
            self.paid_fen[i] += other.paid_fen[i]
            self.owed_fen[i] += other.owed_fen[i]
        for mine, theirs in ((self.tiers, other.tiers), (self.levels, other.levels),
                             (self.statuses, other.statuses)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n


@dataclass
class CountRow:
    """Papers and awards of both streams under one heading (an industry, a union kind)."""

    name: str
    note: str = ""  # 重点产业领域 or not
    unions: int = 0  # the number of unions of a kind
    patents: int = 0
    patents_approved: int = 0
    patent_award_fen: int = 0
    projects: int = 0
    projects_approved: int = 0
    project_award_fen: int = 0

    @property
    def award_fen(self) -> int:
        return self.patent_award_fen + self.project_award_fen

    def count(self, stream: str, n: int) -> None:
        if stream == PATENT:
            self.patents += n
        else:
            self.projects += n

    def award(self, stream: str, n: int, fen: int) -> None:
        if stream == PATENT:
            self.patents_approved += n
            self.patent_award_fen += fen
        else:
            self.projects_approved += n
            self.project_award_fen += fen


@dataclass
class YearStatistics:
    year: int
    title: str
    as_of: date
    tier_names: list[str]  # the campaign's tiers, then OTHER_TIER when an award fits none
    tier_levels: dict[str, str]  # tier name -> 市级 / 区/局/集团级
    rows: dict[str, list[StreamRow]]  # stream -> the unions' rows, in pinyin order
    totals: dict[str, StreamRow]
    industries: list[CountRow]
    kinds: list[CountRow]
    # stream -> why its papers were refused, and which fail the rules undecided, by clause
    reasons: dict[str, list[ReasonRow]] = field(default_factory=dict)
    tier_quotas: dict[str, int] = field(default_factory=dict)  # tier name -> 方案名额
    tier_amounts: dict[str, int] = field(default_factory=dict)  # tier name -> fen an award
    # whether any project of the year names its industry (所属领域 is optional on its form)
    projects_by_industry: bool = True
    # ``stats --as-of``: only the money moved on or before this day counted (None: today's)
    cutoff: date | None = None
    # stream -> calendar year after the campaign's -> fen of its 已拨付 sent that year (a
    # year's figures read today hold money paid after its end: said, not hidden)
    later_paid: dict[str, dict[int, int]] = field(default_factory=dict)
    # as of a day: stream -> papers counted with nothing dated to say when they came
    # (stages_as_of.undated)
    undated: dict[str, int] = field(default_factory=dict)

    @property
    def award_fen(self) -> int:
        return sum(t.award_fen for t in self.totals.values())


def year_statistics(reg: Register, year: int, *, as_of: date | None = None,
                    sync: bool = True, cutoff: date | None = None) -> YearStatistics:
    """The statistics of ``year``. ``sync``: a register an older BoostDesk left with its
    plan behind the awards is brought in line first, once (``payment_plan.catch_up``; the
    writes keep it since, and then nothing is written here), so a tranche an application's
    status says was paid counts as paid. ``cutoff`` (``stats --as-of``): the money as it
    stood at the end of that day — each transfer, bank return and recovered sum counted
    by its own day, none after it; the stages (状态) as they stood that day
    (:mod:`boostdesk.stages_as_of`), the approvals by their 核准日期 (an award approved
    after the day no award yet: neither counted nor owed)."""
    from boostdesk.finance.payment_plan import catch_up

    if cutoff is not None:
        as_of = cutoff  # overdue as it was that day

    campaign = reg.campaign(year)
    if sync:
        catch_up(reg, year)
    cid = reg.scalar("SELECT id FROM campaigns WHERE year = ?", (year,))
    units = {r["id"]: (r["name"], r["kind"]) for r in reg.query("SELECT id, name, kind FROM units")}
    tier_names = [t.name for t in campaign.tiers]
    rows: dict[str, list[StreamRow]] = {}
    totals: dict[str, StreamRow] = {}
    industries: dict[str, CountRow] = {}
    later: dict[str, dict[int, int]] = {}
    thens: dict[str, dict[int, str]] = {}
    undated: dict[str, int] = {}
    for stream in (PATENT, PROJECT):
        lines = _lines_as_of(reg, year, stream, cutoff)
        then = None
        if cutoff is not None:  # the stages as they stood that day, as the money is counted
            from boostdesk.stages_as_of import statuses_as_of
            from boostdesk.stages_as_of import undated as count_undated

            # only the papers received by then: one arrived later is in no table
            then = thens[stream] = statuses_as_of(reg, stream, cid, cutoff, lines)
            lines = [x for x in lines if x.app_id in then]
            undated[stream] = count_undated(reg, stream, cid)
        by_unit = _stream_rows(reg, campaign, cid, stream, units, industries, cutoff, then)
        if stream == PROJECT and any(OTHER_TIER in r.tiers for r in by_unit.values()):
            tier_names.append(OTHER_TIER)
        ordered = sorted(by_unit.values(), key=lambda r: (r.unit == NO_UNIT, sort_key(r.unit)))
        if cutoff is None:
            later[stream] = _paid_later(lines, year)
        else:
            _count_paid(lines, stream, ordered, len(tranche_shares(campaign, stream)))
        _split_owed(reg, year, stream, ordered, as_of or date.today(), lines)
        total = StreamRow("合计", "", len(tranche_shares(campaign, stream)))
        for row in ordered:
            total.add(row)
        rows[stream], totals[stream] = ordered, total
    by_industry = any(r.projects for r in industries.values() if r.name != NO_INDUSTRY)
    title = _title(campaign)
    if cutoff is not None:
        title += f"（截至 {cutoff.year}年{cutoff.month}月{cutoff.day}日）"
    return YearStatistics(
        year=year, title=title, as_of=as_of or date.today(), cutoff=cutoff, later_paid=later,
        undated=undated,
        tier_names=tier_names, tier_levels={t.name: LEVEL_ZH[t.level] for t in campaign.tiers},
        rows=rows, totals=totals,
        industries=_industries(campaign, industries), kinds=_kinds(rows),
        reasons={stream: reason_rows(reg, campaign, cid, stream, thens.get(stream))
                 for stream in (PATENT, PROJECT)},
        tier_quotas={t.name: t.quota for t in campaign.tiers},
        tier_amounts={t.name: t.amount_fen for t in campaign.tiers},
        projects_by_industry=by_industry)


def as_of_refusal(campaign: Campaign, day: date, today: date | None = None) -> str:
    """Why ``stats --as-of DAY`` cannot be counted, or "": a day after today has no money
    moved yet (the figures would read as final), and a day before the year's plan was
    issued (方案印发, the first day the year's papers could exist) has nothing to count."""
    today = today or date.today()
    if day > today:
        return (f"截至日期 {day.isoformat()} 在今天（{today.isoformat()}）之后：以后的拨付、退汇"
                "尚未发生，不能统计；请写今天或以前的日期，不写即按现在的数字")
    if day < campaign.issued_date:
        return (f"截至日期 {day.isoformat()} 在 {campaign.year} 年度方案印发"
                f"（{campaign.issued_date.isoformat()}）之前：该年度尚无申报和拨付；请写该日或以后的"
                f"日期（年末的数字写 {campaign.year}-12-31）")
    return ""


def _title(campaign: Campaign) -> str:
    """北京市总工会2022年职工创新助推计划实施方案 → 北京市总工会2022年职工创新助推计划年度统计;
    a plan titled without its year gets it."""
    title = campaign.title
    for tail in ("实施方案", "方案"):
        if title.endswith(tail):
            title = title[: -len(tail)]
            break
    return f"{title}年度统计" if str(campaign.year) in title else f"{title}{campaign.year}年度统计"


def _lines_as_of(reg: Register, year: int, stream: str,
                 cutoff: date | None) -> list[PaymentLine]:
    """The year's payment lines of ``stream``; with ``cutoff``, each as it stood at the end
    of that day by its own movements (finance.movements): sent on or before it and not
    sent back by then, paid (its last transfer's day); else unpaid — sent after it, or sent
    back by then (退汇待重拨, owed again). A project's acceptance counts from its own
    day (accepted_date): its last tranche not released before it (待验收), and a failed
    acceptance dated after ``cutoff`` not yet failed (its rest still 待验收, not forfeited)."""
    from dataclasses import replace

    from boostdesk.finance.movements import RETURNED, SENT, read_trail
    from boostdesk.finance.read_lines import payment_lines

    lines = payment_lines(reg, year, stream=stream)
    if cutoff is None:
        return lines
    trail = read_trail(reg)
    not_yet = approved_after(reg, year, stream, cutoff)  # no award that day: nothing owed
    later = accepted_after(reg, year, cutoff) if stream == PROJECT else set()
    objected = open_objections(reg, year, cutoff) if stream == PROJECT else {}
    # an award revoked after the day stood then as it was (its paid lines a paid award's)
    was = dict(reg.conn.execute(
        "SELECT application_id, from_status FROM recoveries WHERE stream = ? AND decided_on > ?",
        (stream, cutoff.isoformat())))
    out = []
    for x in lines:
        if x.app_id in not_yet:
            continue
        if x.app_status == REVOKED and x.app_id in was:
            x = replace(x, app_status=was[x.app_id])
        if x.app_id in later:  # not accepted (nor failed) yet that day
            x = replace(x, app_status="approved" if x.app_status == FAILED else x.app_status,
                        released=x.released and x.tranche < x.tranche_count)
        if stream == PROJECT:  # 暂缓拨付 as the objections stood that day
            x = replace(x, objections_open=objected.get(x.app_id, 0))
        moves = [m for m in trail.of(x) if m.day <= cutoff]
        sent = [m for m in moves if m.kind == SENT]
        back = [m for m in moves if m.kind == RETURNED]
        if len(sent) > len(back):
            out.append(replace(x, paid_date=sent[-1].day, voucher=sent[-1].voucher))
        else:
            out.append(replace(x, paid_date=None, voucher="",
                               returned_date=back[-1].day if back else None))
    return out


# an award approved after day ? (its 核准日期): not yet an award at that day's end
APPROVED_AFTER_SQL = "a.approved_date IS NOT NULL AND substr(a.approved_date, 1, 10) > ?"


def approved_after(reg: Register, year: int, stream: str, cutoff: date) -> set[int]:
    """The year's papers of ``stream`` approved after ``cutoff`` (by their 核准日期): as of
    that day no award, its lines neither paid nor owed."""
    return {i for (i,) in reg.conn.execute(
        f"SELECT a.id FROM {TABLES[stream]} a JOIN campaigns c ON c.id = a.campaign_id"
        f" WHERE c.year = ? AND {APPROVED_AFTER_SQL}", (year, cutoff.isoformat()))}


def accepted_after(reg: Register, year: int, cutoff: date) -> set[int]:
    """The year's projects whose acceptance (passed or failed) is dated after ``cutoff``:
    as of that day they were awaiting it."""
    return {i for (i,) in reg.conn.execute(
        "SELECT a.id FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        f" WHERE c.year = ? AND {accepted_day_sql()} > ?", (year, cutoff.isoformat()))}


# an objection open at the end of day ? (received by then, not resolved by then), of project a
OPEN_THEN_SQL = ("FROM objections o WHERE o.project_id = a.id AND o.received_date <= ?"
                 " AND (o.resolution IS NULL OR o.resolved_date IS NULL OR o.resolved_date > ?)")


def open_objections(reg: Register, year: int, cutoff: date) -> dict[int, int]:
    """The year's projects with objections open at the end of ``cutoff`` (暂缓拨付 then),
    and how many: received on or before it and not resolved by then."""
    day = cutoff.isoformat()
    return dict(reg.conn.execute(
        f"SELECT a.id, (SELECT COUNT(*) {OPEN_THEN_SQL}) AS n FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = ? AND n > 0",
        (day, day, year)))


def accepted_day_sql() -> str:
    """SQL of project ``a``'s acceptance day: a failed one's is the day its status reason
    begins with (finance.acceptance.FAILED_ON), a passed one's its accepted_date."""
    from boostdesk.finance.acceptance import FAILED_ON

    return (f"CASE WHEN a.status = '{FAILED}' AND a.status_reason LIKE '{FAILED_ON}%'"
            f" THEN substr(a.status_reason, {len(FAILED_ON) + 1}, 10) ELSE a.accepted_date END")


def returned_lines(reg: Register, year: int, cutoff: date | None = None) -> list[PaymentLine]:
    """The year's lines sent and sent back, owed again (退汇待重拨): as they stand now, or
    as of ``cutoff`` (a return dated after it does not count: the line was paid then)."""
    return [x for stream in (PATENT, PROJECT) for x in _lines_as_of(reg, year, stream, cutoff)
            if not x.paid and x.returned_date]


def _paid_later(lines: list[PaymentLine], year: int) -> dict[int, int]:
    """Of the awards' paid lines, the fen sent in each calendar year after ``year``."""
    out: dict[int, int] = {}
    for x in lines:
        if x.paid_date is not None and x.paid_date.year > year and not x.to_recover \
                and x.app_status in AWARDED[x.stream]:
            out[x.paid_date.year] = out.get(x.paid_date.year, 0) + x.amount_fen
    return dict(sorted(out.items()))


def _count_paid(lines: list[PaymentLine], stream: str, rows: list[StreamRow],
                tranches: int) -> None:
    """已拨付 from the lines as of a day (``stats --as-of``), as the register's paid rows
    count it otherwise (:func:`_stream_rows`): the awards' lines only."""
    by_name = {r.unit: r for r in rows}
    for x in lines:
        if x.paid_date is None or x.app_status not in AWARDED[stream]:
            continue
        r = by_name[x.unit_name or NO_UNIT]
        i = min(x.tranche, tranches) - 1
        r.paid_fen[i] += x.amount_fen
        r.owed_fen[i] -= x.amount_fen
        r.paid_by_payer[PAYERS.index(x.payer)] += x.amount_fen


def received_line(stats: YearStatistics, *, dated: bool = True) -> str:
    """As of a day, which papers are counted, in words: those received by then (收件日期, else
    the first status line); "" when the figures are today's. ``dated``: naming the day."""
    if stats.cutoff is None:
        return ""
    from boostdesk.printing.common import cn_date

    when = f"{cn_date(stats.cutoff)}及以前" if dated else "截至统计日"
    return (f"只计{when}收件的申报（按收件日期；未填收件日期的按其第一条状态记录的日期），"
            "其后收件的不计入各表")


def undated_line(stats: YearStatistics, stream: str | None = None) -> str:
    """As of a day, the papers with no dated fact to place them (counted), in words; ""."""
    n = sum(k for name, k in stats.undated.items() if stream is None or name == stream)
    return (f"另有 {n} 件申报既无收件日期也无状态记录，无从判断收件日，按已收件计入"
            if n and stats.cutoff is not None else "")


def later_paid_line(stats: YearStatistics, stream: str | None = None, *,
                    command: bool = False) -> str:
    """已拨付 holding money sent after the year's end, in words: 已拨付中 2023 年拨付
    ¥3,000.00（年度结束后）; "" when none (or the figures are as of a day). Where the
    year-end figures are: ``command`` names `--as-of` (the CLI's own output); a workbook,
    a handout or the window names the day, not a flag its readers never type."""
    years: dict[int, int] = {}
    for name, by_year in stats.later_paid.items():
        if stream is None or name == stream:
            for y, fen in by_year.items():
                years[y] = years.get(y, 0) + fen
    if not years:
        return ""
    from boostdesk.money import format_money

    parts = "，".join(f"{y} 年拨付 {format_money(fen)}" for y, fen in sorted(years.items()))
    where = (f"请用 --as-of {stats.year}-12-31" if command
             else f"见截至 {stats.year}-12-31 的统计")
    return f"已拨付中含 {stats.year} 年度结束后拨付的款项：其中 {parts}（截至年末的数字{where}）"


def _stream_rows(reg: Register, campaign: Campaign, cid: int, stream: str,
                 units: dict[int, tuple[str, str]],
                 industries: dict[str, CountRow],
                 cutoff: date | None = None,
                 then: dict[int, str] | None = None) -> dict[int | None, StreamRow]:
    """Each union's row; ``then`` (as of a day: :mod:`boostdesk.stages_as_of`) each
    paper's status that day, its stage counted by it rather than by its status now — and
    only the papers in it (received by then): every query below is held to them."""
    table = TABLES[stream]
    received = ""  # as of a day: " AND" the papers received by then
    if cutoff is not None:
        from boostdesk.stages_as_of import received_sql

        received = f" AND {received_sql(stream, cutoff)}"
    shares = tranche_shares(campaign, stream)
    out: dict[int | None, StreamRow] = {}

    def row(unit_id: int | None) -> StreamRow:
        if unit_id not in out:
            name, kind = units.get(unit_id, (NO_UNIT, "")) if unit_id is not None else (NO_UNIT, "")
            out[unit_id] = StreamRow(name, kind, len(shares))
        return out[unit_id]

    # the verdicts as the register views count them (ui.queries.VERDICT_SQL), and the
    # industries: one pass over the year's rows (≈ 0.4 s at 80,000 patents), the rest by index
    # and the statuses (the office's decisions) in the same pass
    for unit_id, eligible, incomplete, industry, status, n in _grouped(reg, table, cid, then):
        r = row(unit_id)
        r.received += n
        r.statuses[status] = r.statuses.get(status, 0) + n
        if status == "refused":
            r.qualification_refused += n
        elif status == "not_awarded":
            r.not_awarded += n
        if eligible is None:
            r.unchecked += n
        elif not eligible:
            r.refused += n
        elif incomplete:
            r.incomplete += n
        else:
            r.eligible += n
        _industry(industries, industry).count(stream, n)

    gone = (_take_withdrawn(reg, stream, cid, row, then)
            | _take_season_closed(reg, stream, cid, row, then))
    _take_against(reg, stream, campaign.year, row, gone, then)

    awarded = AWARDED[stream]
    marks = ",".join("?" * len(awarded))
    level = ("COALESCE(a.award_level, (SELECT level FROM studios s WHERE s.id = a.studio_id))"
             if stream == PROJECT else "NULL")
    matrices: dict[tuple[int, str | None], tuple[tuple[int, ...], ...]] = {}
    # +a.unit_id: grouping by the union made SQLite read the year's every row by union
    # (0.27 s at 80,000) rather than seek the awards by campaign and status (3 ms)
    # as of a day, an acceptance failed after it had not failed yet (its rest owed, 待验收),
    # and an award revoked after it stood as it was before (its paid money paid award's)
    status_sql, awarded_sql, args = "a.status", f"a.status IN ({marks})", [cid, *awarded]
    if cutoff is not None:
        day = cutoff.isoformat()
        later = (f"(SELECT r.from_status FROM recoveries r WHERE r.stream = '{stream}'"
                 " AND r.application_id = a.id AND r.decided_on > ?)")
        failed = (f" WHEN a.status = '{FAILED}' AND {accepted_day_sql()} > ? THEN 'approved'"
                  if stream == PROJECT else "")
        status_sql = (f"CASE WHEN a.status = '{REVOKED}' THEN {later}{failed}"
                      " ELSE a.status END")
        awarded_sql = (f"({awarded_sql} OR (a.status = '{REVOKED}' AND {later} IS NOT NULL))"
                       f" AND NOT ({APPROVED_AFTER_SQL})")  # approved by then
        args = [day, *([day] if stream == PROJECT else []), cid, *awarded, day, day]
    for unit_id, award, lvl, status, industry, n in reg.conn.execute(
            f"SELECT a.unit_id, a.award_fen, {level}, {status_sql}, a.industry, count(*)"
            f" FROM {table} a WHERE a.campaign_id = ? AND {awarded_sql}{received}"
            " GROUP BY +a.unit_id, 2, 3, 4, 5", args):
        r = row(unit_id)
        r.approved += n
        award = award or 0
        _industry(industries, industry).award(stream, n, award * n)
        key = (award, lvl)
        if key not in matrices:
            matrices[key] = payer_tranche_matrix(award, split_ratio(campaign, stream, lvl), shares)
        matrix = matrices[key]
        r.award_fen += award * n
        r.federation_fen += sum(t[0] for t in matrix) * n
        r.union_fen += sum(t[1] for t in matrix) * n
        for i, t in enumerate(matrix):
            planned = sum(t) * n
            if status == FAILED and i == len(matrix) - 1 and len(matrix) > 1:
                r.forfeited_fen += planned  # owed is reduced by it below, paid or not
                r.owed_fen[i] -= planned
                for j in range(2):
                    r.forfeited_by_payer[j] += t[j] * n
            r.owed_fen[i] += planned
        if stream == PROJECT:
            tier = next((t.name for t in campaign.tiers
                         if t.amount_fen == award and t.level == (lvl or DISTRICT)), OTHER_TIER)
            r.tiers[tier] = r.tiers.get(tier, 0) + n

    for unit_id, tranche, payer, paid in [] if cutoff is not None else reg.conn.execute(
            # (as of a day: counted from the lines as they stood then, _count_paid)
            f"SELECT a.unit_id, p.tranche, p.payer, sum(p.amount_fen) FROM payments p"
            f" JOIN {table} a ON a.id = p.application_id"
            f" WHERE p.stream = ? AND a.campaign_id = ? AND a.status IN ({marks})"
            " AND p.paid_date IS NOT NULL GROUP BY 1, 2, 3", (stream, cid, *awarded)):
        r = row(unit_id)
        i = min(tranche, len(shares)) - 1
        r.paid_fen[i] += paid
        r.owed_fen[i] -= paid
        r.paid_by_payer[PAYERS.index(payer)] += paid

    if stream == PROJECT:  # awards an objection holds from payment: owed, not yet payable
        # (as of a day: the objections open at its end; nothing is paid while one is, so
        # an award held then and paid since was held whole)
        held_sql, held_args = (HELD_SQL, ()) if cutoff is None else (
            f"a.status IN ({marks}) AND EXISTS (SELECT 1 {OPEN_THEN_SQL})"
            f" AND NOT ({APPROVED_AFTER_SQL})",
            (*awarded, cutoff.isoformat(), cutoff.isoformat(), cutoff.isoformat()))
        for unit_id, held in reg.conn.execute(
                f"SELECT a.unit_id, sum(a.award_fen) FROM {table} a WHERE a.campaign_id = ?"
                f" AND {held_sql}{received} GROUP BY +a.unit_id", (cid, *held_args)):
            row(unit_id).held_fen += held or 0
    _changed_holds(reg, campaign.year, stream, row,
                   approved_after(reg, campaign.year, stream, cutoff) if cutoff else set(),
                   then)

    # revoked after payment: the paid money to recover, and recovered, apart from the awards
    # (each payer's part recovered in instalments: finance.recovery_parts)
    for unit_id, n, owed, back in reg.conn.execute(
            f"SELECT a.unit_id, COUNT(DISTINCT r.id), TOTAL(rp.amount_fen),"
            " TOTAL((SELECT SUM(i.amount_fen) FROM recovery_instalments i"
            "  WHERE i.recovery_id = rp.recovery_id AND i.payer = rp.payer"
            "  AND i.recovered_date <= ?))"  # as of a day: the sums back by then
            f" FROM recoveries r JOIN {table} a ON a.id = r.application_id"
            " LEFT JOIN recovery_payers rp ON rp.recovery_id = r.id"
            # as of a day: revoked by then (one revoked since was an award then)
            " WHERE r.stream = ? AND a.campaign_id = ? AND r.decided_on <= ?"
            # 撤销助推（未拨付）: no money to recover, not counted here (its status is)
            " AND EXISTS (SELECT 1 FROM recovery_payers x WHERE x.recovery_id = r.id)"
            f"{received} GROUP BY +a.unit_id",
            ((cutoff or date.max).isoformat(), stream, cid, (cutoff or date.max).isoformat())):
        r = row(unit_id)
        r.revoked, r.to_recover_fen, r.recovered_fen = n, int(owed), int(back)

    if stream == PROJECT:
        for unit_id, lvl, n in reg.conn.execute(
                # an award keeps the level it was made at (a studio promoted since is not)
                "SELECT a.unit_id, COALESCE(a.award_level, s.level, ?), count(*)"
                " FROM project_applications a"
                " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.campaign_id = ?"
                f"{received} GROUP BY 1, 2", (NO_LEVEL, cid)):
            r = row(unit_id)
            r.levels[lvl] = r.levels.get(lvl, 0) + n
    return out


def _grouped(reg: Register, table: str, cid: int,
             then: dict[int, str] | None) -> list[tuple[int | None, int | None, int, str, str,
                                                      int]]:
    """The year's papers counted by (union, verdict, 待补材料, industry, status): the
    status now, or each paper's ``then`` (as of a day; one not in it, not received by then,
    not counted)."""
    if then is None:
        return reg.conn.execute(
            f"SELECT unit_id, eligible, incomplete, industry, status, count(*) FROM {table}"
            " WHERE campaign_id = ? GROUP BY 1, 2, 3, 4, 5", (cid,)).fetchall()
    counted: dict[tuple, int] = defaultdict(int)
    for app_id, unit_id, eligible, incomplete, industry in reg.conn.execute(
            f"SELECT id, unit_id, eligible, incomplete, industry FROM {table}"
            " WHERE campaign_id = ?", (cid,)):
        if app_id in then:
            counted[(unit_id, eligible, incomplete, industry, then[app_id])] += 1
    return [(*key, n) for key, n in counted.items()]


def _split_owed(reg: Register, year: int, stream: str, rows: list[StreamRow],
                as_of: date, lines: list[PaymentLine] | None = None) -> None:
    """Each union's 待拨付 (其中已逾期) and 待验收 as 拨付 and `pay list` count them: from
    the same payment lines and their states on ``as_of`` (a returned transfer owed again is
    in 待拨付; a held line, counted as held here, and the rest of a failed acceptance in
    neither). Only the awards the rows count (a withdrawn one's lines are not owed)."""
    from boostdesk.finance.lines import AWAITING_ACCEPTANCE
    from boostdesk.finance.read_lines import payment_lines

    by_name = {r.unit: r for r in rows}
    awarded = AWARDED[stream]
    for x in payment_lines(reg, year, stream=stream) if lines is None else lines:
        # a patent waiting for its card (待补卡号) is owed all the same: no column holds it apart
        if x.paid or (x.held and not x.card_only) or x.withheld or x.app_status not in awarded:
            continue
        r = by_name[x.unit_name or NO_UNIT]
        if x.state(as_of) == AWAITING_ACCEPTANCE:
            r.awaiting_fen += x.amount_fen
        else:
            r.due_fen += x.amount_fen
            if x.overdue(as_of):
                r.overdue_fen += x.amount_fen


def _take_withdrawn(reg: Register, stream: str, cid: int,
                    row: Callable[[int | None], StreamRow],
                    then: dict[int, str] | None = None) -> set[int]:
    """Count the withdrawn papers as 推荐单位撤回, out of the status they are stored in;
    returns their ids. As of a day (``then``), only those stored so by then."""
    target = TARGET[stream]
    papers = [p for p in withdrawn_papers(reg, stream, cid)
              if then is None or then.get(p.app_id) == target]
    for paper in papers:
        r = row(paper.unit_id)
        r.statuses[target] -= 1
        if target == "refused":
            r.qualification_refused -= 1
        else:
            r.not_awarded -= 1
        r.withdrawn += 1
        r.withdrawn_qualified += paper.qualified
    return {p.app_id for p in papers}


def _take_season_closed(reg: Register, stream: str, cid: int,
                        row: Callable[[int | None], StreamRow],
                        then: dict[int, str] | None = None) -> set[int]:
    """Count the papers a season's close left (年度结束未核准 / 年度结束未获助推) apart, out
    of the status they are stored in: not refused at 资格审核, not turned down by the panel;
    those that had passed 资格审核 (their reason says the stage) still in 通过资格审核.
    Returns their ids."""
    target = TARGET[stream]
    reasons = SEASON_CLOSE_REASONS[stream]
    marks = ",".join("?" * len(reasons))
    ids = set()
    for app_id, unit_id, reason in reg.conn.execute(
            f"SELECT id, unit_id, status_reason FROM {TABLES[stream]} WHERE campaign_id = ?"
            f" AND status = ? AND status_reason IN ({marks})",
            (cid, target, *reasons.values())):
        if then is not None and then.get(app_id) != target:
            continue  # closed after the day (as of a day): at its stage then
        r = row(unit_id)
        r.statuses[target] -= 1
        if target == "refused":
            r.qualification_refused -= 1
        else:
            r.not_awarded -= 1
        r.season_closed += 1
        r.season_closed_qualified += season_closed(stream, reason) not in NOT_QUALIFIED
        ids.add(app_id)
    return ids


def _take_against(reg: Register, stream: str, year: int,
                  row: Callable[[int | None], StreamRow], withdrawn: set[int],
                  then: dict[int, str] | None = None) -> None:
    """Count the papers standing passed against a failed hard clause (the ones the ranking
    and the 审批表 mark （不符合方案）), by union: decided by the office, or found since and
    undecided. A withdrawn paper no longer stands passed (a patent's is stored 资格审核不通过,
    a project's 未获助推: only the latter would be found), so neither is counted; nor, as of
    a day (``then``), one not received by then."""
    found = {i: p for i, p in passed_against_year(reg, stream, year).items()
             if i not in withdrawn and (then is None or i in then)}
    if not found:
        return
    for app_id, unit_id in select_in(reg.conn, f"SELECT id, unit_id FROM {TABLES[stream]}"
                                     " WHERE id IN", list(found)):
        r = row(unit_id)
        if found[app_id].undecided:
            r.against_plan_undecided += 1
        else:
            r.against_plan += 1


def _changed_holds(reg: Register, year: int, stream: str,
                   row: Callable[[int | None], StreamRow], not_yet: set[int],
                   then: dict[int, str] | None = None) -> None:
    """Awards held because what they rest on changed since approval (award_holds), each
    union's part not yet paid; one an open objection holds is counted there alone; one
    approved after the day the figures are counted to (``not_yet``), or not received by
    then (not in ``then``), is no award yet."""
    from boostdesk.award_holds import holds

    held = {h.app_id: h for (s, _), h in holds(reg, year).items()
            if s == stream and h.app_id not in not_yet and (then is None or h.app_id in then)}
    if not held:
        return
    table = TABLES[stream]
    marks = ",".join("?" * len(held))
    objected = set() if stream == PATENT else {i for (i,) in reg.conn.execute(
        f"SELECT a.id FROM {table} a WHERE a.id IN ({marks}) AND {HELD_SQL}", tuple(held))}
    # the rest of a project whose acceptance failed is never paid (counted as forfeited),
    # so not held either: what such an award holds is a first tranche sent back (退汇)
    forfeited = dict(reg.conn.execute(
        "SELECT p.application_id, SUM(p.amount_fen) FROM payments p JOIN project_applications a"
        " ON a.id = p.application_id WHERE p.stream = 'project' AND a.status = ?"
        f" AND p.paid_date IS NULL AND p.application_id IN ({marks})"
        " AND p.tranche = (SELECT MAX(q.tranche) FROM payments q WHERE q.stream = 'project'"
        " AND q.application_id = p.application_id) GROUP BY 1", (FAILED, *held))
    ) if stream == PROJECT else {}
    for app_id, unit_id in reg.conn.execute(
            f"SELECT id, unit_id FROM {table} WHERE id IN ({marks})", tuple(held)):
        if app_id not in objected:
            h = held[app_id]
            row(unit_id).changed_held_fen += max(
                h.award_fen - h.paid_fen - forfeited.get(app_id, 0), 0)


def _industry(found: dict[str, CountRow], name: str | None) -> CountRow:
    key = (name or "").strip() or NO_INDUSTRY
    if key not in found:
        found[key] = CountRow(key)
    return found[key]


def _industries(campaign: Campaign, found: dict[str, CountRow]) -> list[CountRow]:
    """The campaign's 重点产业领域 in its order (each, even with no paper), then any other
    industry a paper named, then the papers naming none."""
    out = [found.pop(name, CountRow(name)) for name in campaign.priority_industries]
    for r in out:
        r.note = "重点产业领域"
    blank = found.pop(NO_INDUSTRY, None)
    others = sorted(found.values(), key=lambda r: sort_key(r.name))
    for r in others:
        r.note = "其他"
    out.extend(others)
    if blank is not None:
        out.append(blank)
    return out


def _kinds(rows: dict[str, list[StreamRow]]) -> list[CountRow]:
    by_kind: dict[str, CountRow] = {}
    unions: dict[str, set[str]] = defaultdict(set)
    for stream, stream_rows in rows.items():
        for r in stream_rows:
            if r.unit == NO_UNIT:  # papers naming no union: counted in a row, but no union
                kind = NO_UNIT
            else:
                kind = r.kind or "（未填）"
                unions[kind].add(r.unit)
            k = by_kind.setdefault(kind, CountRow(kind))
            k.count(stream, r.received)
            k.award(stream, r.approved, r.award_fen)
    order = {kind: i for i, kind in enumerate(UNIT_KINDS)}  # as the plan names them
    out = sorted(by_kind.values(), key=lambda k: (
        k.name == NO_UNIT, order.get(k.name, len(order)), sort_key(k.name)))
    for k in out:
        k.unions = 0 if k.name == NO_UNIT else len(unions[k.name])
    return out


LEVEL_LABELS = {CITY: "市级工作室", DISTRICT: "区/局/集团级工作室", NO_LEVEL: "级别未填"}


# -- the tables as shown: one shape for the screen and the workbook ----------------------
@dataclass(frozen=True)
class Column:
    key: str
    header: str
    money: bool = False  # fen, shown in 元
    text: bool = False
    short: str = ""  # the header on screen, where the workbook's whole wording is too wide
    width: int = 0  # the workbook's column width, where the default is too narrow


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[int | str]]  # the last row of a stream's table is its 合计
    sheet: str = ""  # the workbook's sheet name
    note: str = ""  # a line said under the title (what the figures are, what is left out)
    totals: tuple[int, ...] = ()  # rows in bold beside the last (a stream's 小计)
    # a wide table's parts as printed (收件与审核, 助推与金额…): (name, its first column);
    # the first ``repeat`` columns (the union) are printed again beside each part
    groups: tuple[tuple[str, int], ...] = ()
    repeat: int = 1

    def column(self, key: str) -> list[int | str]:
        j = next(i for i, c in enumerate(self.columns) if c.key == key)
        return [r[j] for r in self.rows]


def _stages(stream: str, total: StreamRow) -> tuple[str, ...]:
    """The statuses counted as stages: 撤销助推 (rare, after payment) only in a year that has one,
    as its money columns."""
    return tuple(st for st in statuses(stream) if st != REVOKED or total.statuses.get(st))


def stream_table(stats: YearStatistics, stream: str) -> Table:
    """One row a union, then 合计: papers, verdicts, awards, split, paid and owed; for
    projects each tranche, the tiers and the studio levels too."""
    total = stats.totals[stream]
    cols = [Column("unit", "推荐工会", text=True), Column("kind", "工会类别", text=True),
            Column("received", "收到申报"),
            # the rules' automatic check, not the office's decision (the statuses below)
            Column("eligible", f"{AUTO}合格", short="规则合格"),
            Column("refused", f"{AUTO}不合格", short="规则不合格"),
            Column("incomplete", f"{AUTO}待补材料", short="待补材料"),
            Column("unchecked", f"{AUTO}未核对", short="未核对")]
    # the decisions: each status in the season's order, and how many passed 资格审核
    cols += [Column(f"status:{st}", f"{STAGE}{STATUS_ZH[st]}", short=STATUS_ZH[st])
             for st in _stages(stream, total)]
    if total.withdrawn:  # the year has any: apart from 资格审核不通过 and 未获助推
        cols.append(Column(WITHDRAWN_KEY, f"{STAGE}{WITHDRAWN_ZH}", short=WITHDRAWN_ZH))
    if total.season_closed:  # closed at the year's end: neither refused nor turned down
        cols.append(Column(SEASON_CLOSED_KEY, f"{STAGE}{SEASON_CLOSED_ZH[stream]}",
                           short=SEASON_CLOSED_ZH[stream]))
    cols.append(Column("qualified", "通过资格审核（资格审核通过及以后各阶段）",
                       short="通过资格审核"))
    if total.withdrawn_qualified:  # in 通过资格审核, under no stage: said, so it adds up
        cols.append(Column("withdrawn_qualified", f"其中{WITHDRAWN_ZH}（审核通过后）",
                           short=f"其中{WITHDRAWN_ZH}（审核通过后）"))
    if total.season_closed_qualified:  # the same of a close after 资格审核通过
        cols.append(Column("season_closed_qualified", f"其中{SEASON_CLOSED_ZH[stream]}（审核通过后）",
                           short=f"其中{SEASON_CLOSED_ZH[stream]}（审核通过后）"))
    # of 通过资格审核, those passed against the plan: always (none is an answer too); those
    # found failing since and not yet decided only in a year with any
    cols.append(Column("against_plan", f"其中{AGAINST}（经研究通过）", short=f"其中{AGAINST}"))
    if total.against_plan_undecided:
        cols.append(Column("against_plan_undecided", f"其中通过后发现{AGAINST}（尚无研究决定）",
                           short=f"其中{AGAINST}待研究"))
    cols += [Column("approved", "核准助推（项）"),
            Column("award", "核准金额（元）", money=True),
            Column("federation", "其中市总工会承担（元）", money=True),
            Column("union", "其中推荐工会承担（元）", money=True),
            Column("paid", "已拨付（元）", money=True), Column("owed", "未拨付（元）", money=True),
            Column("due", "未拨付中：待拨付（元）", money=True, short="待拨付"),
            Column("overdue", "待拨付中：已逾期（元）", money=True, short="其中已逾期")]
    if stream == PROJECT:
        cols.append(Column("awaiting", "未拨付中：尾款待验收（元）", money=True, short="待验收"))
    cols += [
            Column("federation_paid", "市总工会已拨付（元）", money=True),
            Column("federation_owed", "市总工会未拨付（元）", money=True),
            Column("union_paid", "推荐工会已拨付（元）", money=True),
            Column("union_owed", "推荐工会未拨付（元）", money=True)]
    if stream == PROJECT:
        from boostdesk.finance.terms import tranche_label

        for i in range(total.tranches):
            label = tranche_label(PROJECT, i + 1, total.tranches)
            cols += [Column(f"paid{i + 1}", f"{label}已拨付（元）", money=True),
                     Column(f"owed{i + 1}", f"{label}未拨付（元）", money=True)]
        cols.append(Column("held", "未拨付中暂缓拨付（有异议待处理，元）", money=True))
    cols.append(Column("changed_held", "未拨付中暂缓拨付（核准后结果有变，待处理，元）", money=True))
    if total.revoked:  # the year has any: said apart, never as paid awards
        cols += [Column("revoked", "撤销助推（已拨付，项）"),
                 Column("to_recover", "撤销助推应追回（元）", money=True),
                 Column("recovered", "撤销助推已追回（元）", money=True),
                 Column("owing", "撤销助推尚欠（元）", money=True)]
    if stream == PROJECT:
        cols.append(Column("forfeited", "验收未通过不再拨付（元）", money=True))
        cols += [Column(f"tier:{name}", f"{stats.tier_levels.get(name, '')}{tier_label(name)}（项）")
                 for name in stats.tier_names]
        cols += [Column(f"level:{lvl}", f"{label}申报") for lvl, label in LEVEL_LABELS.items()
                 if lvl != NO_LEVEL or total.levels.get(NO_LEVEL)]
    rows = []
    for r in [*stats.rows[stream], total]:
        values: dict[str, int | str] = {
            "unit": r.unit, "kind": r.kind, "received": r.received, "eligible": r.eligible,
            "refused": r.refused, "incomplete": r.incomplete, "unchecked": r.unchecked,
            "approved": r.approved, "award": r.award_fen, "federation": r.federation_fen,
            "union": r.union_fen, "paid": r.paid_total, "owed": r.owed_total,
            "forfeited": r.forfeited_fen, "held": r.held_fen, "changed_held": r.changed_held_fen,
            "qualification_refused": r.qualification_refused,
            "not_awarded": r.not_awarded, "federation_paid": r.paid_by_payer[0],
            "federation_owed": r.owed_by_payer[0], "union_paid": r.paid_by_payer[1],
            "union_owed": r.owed_by_payer[1], "qualified": r.qualified, "due": r.due_fen,
            "overdue": r.overdue_fen, "awaiting": r.awaiting_fen, "revoked": r.revoked,
            "to_recover": r.to_recover_fen, "recovered": r.recovered_fen,
            "owing": r.owing_fen,
            WITHDRAWN_KEY: r.withdrawn, "withdrawn_qualified": r.withdrawn_qualified,
            SEASON_CLOSED_KEY: r.season_closed,
            "season_closed_qualified": r.season_closed_qualified,
            "against_plan": r.against_plan, "against_plan_undecided": r.against_plan_undecided}
        for st in _stages(stream, total):
            values[f"status:{st}"] = r.statuses.get(st, 0)
        for i in range(r.tranches):
            values[f"paid{i + 1}"], values[f"owed{i + 1}"] = r.paid_fen[i], r.owed_fen[i]
        for name in stats.tier_names:
            values[f"tier:{name}"] = r.tiers.get(name, 0)
        for lvl in LEVEL_LABELS:
            values[f"level:{lvl}"] = r.levels.get(lvl, 0)
        rows.append([values[c.key] for c in cols])
    name = "专利助推" if stream == PATENT else "创新项目助推"
    note = AUTO_NOTE
    if stats.cutoff is not None:
        note += (f"；拨付、退汇、追回只计 {stats.cutoff.isoformat()} 及以前的"
                 "（截至该日，其后的不计），核准和审核与助推阶段也按该日的情况；"
                 f"{received_line(stats)}")
        if said := undated_line(stats, stream):
            note += f"；{said}"
    if said := later_paid_line(stats, stream):
        note += f"；{said}"
    return Table(f"{name}：按推荐工会", cols, rows, sheet=name, note=note,
                 groups=part_groups([stream_part(c.key) for c in cols]))


# The stream tables' parts as printed (~30 columns fitted to one page wide were unreadable
# on paper), each column named to its part: a part is its columns, wherever a page cuts it
RECEIVED_PART, AWARD_PART, PAY_PART, TIER_PART = "收件与审核", "助推与金额", "拨付", "档次与工作室级别"
AWARD_KEYS = frozenset(("approved", "award", "federation", "union", "paid", "owed", "due",
                        "overdue", "awaiting"))
PAY_KEYS = frozenset(("federation_paid", "federation_owed", "union_paid", "union_owed", "held",
                      "changed_held", "revoked", "to_recover", "recovered", "owing",
                      "forfeited"))


def stream_part(key: str) -> str:
    """The part a stream table's column prints under ("" for the union's, on every page):
    the papers and every stage to 收件与审核; the awards and their totals to 助推与金额;
    each payer's and tranche's money, the holds, 撤销助推 and 验收未通过 to 拨付."""
    if key == "unit":
        return ""
    if key.startswith(("tier:", "level:")):
        return TIER_PART
    if key in AWARD_KEYS:
        return AWARD_PART
    if key in PAY_KEYS or (key[:4] in ("paid", "owed") and key[4:].isdigit()):
        return PAY_PART
    return RECEIVED_PART


def part_groups(parts: list[str]) -> tuple[tuple[str, int], ...]:
    """(name, first column) of each run of ``parts`` (the columns' part names in order,
    "" for the repeated key columns); a part whose columns are not side by side is a
    mistake in the table's order, said here rather than printed under two titles."""
    out: list[tuple[str, int]] = []
    for j, name in enumerate(parts):
        if name and (not out or out[-1][0] != name):
            if any(n == name for n, _ in out):
                raise ValueError(f"part {name} is not contiguous")
            out.append((name, j))
    return tuple(out)


AUTO = "按规则自动核对："
STAGE = "审核与助推阶段："
AUTO_NOTE = ("规则合格、规则不合格、待补材料、未核对：按方案规则自动核对的结果，不是资格审核结论；"
             "资格审核和助推的结论见各阶段（状态）的件数；其中不符合方案：通过资格审核（含以后各阶段）"
             "但不符合方案条件、经研究同意的件数（排名和审批表标注“不符合方案”）")


def revoked_line(name: str, total: StreamRow) -> str:
    """The money paid to awards revoked since, in words (the screen shows no column of it:
    its 已拨付 leaves it out), or "" in a year without one."""
    from boostdesk.money import format_money

    if not total.revoked:
        return ""
    return (f"{name}撤销助推：{total.revoked} 项，已汇出 {format_money(total.to_recover_fen)}"
            f"（应追回，不计入已拨付），其中已追回 {format_money(total.recovered_fen)}、"
            f"尚欠 {format_money(total.owing_fen)}")


def reasons_table(stats: YearStatistics) -> Table:
    """Why papers were refused at 资格审核, by the plan's clause, each stream with its 小计;
    beside it the papers the rules fail that nobody has decided yet (已登记)."""
    cols = [Column("stream", "类别", text=True), Column("reason", "条款与原因", text=True, width=46),
            Column("refused", "资格审核不通过（件）", short="资格审核不通过"),
            Column("undecided", "已登记、按规则不合格（尚未审核，件）", short="尚未审核、规则不合格")]
    # 推荐单位撤回: its own group and column, in neither count (only in a year with one)
    gone = any(g.withdrawn for groups in stats.reasons.values() for g in groups)
    if gone:
        cols.append(Column("withdrawn", "推荐单位撤回（件）", short=WITHDRAWN_ZH))

    def cells(groups: list[ReasonRow]) -> list[int | str]:
        said: list[int | str] = [sum(g.refused for g in groups), sum(g.undecided for g in groups)]
        return said + [sum(g.withdrawn for g in groups)] if gone else said

    rows: list[list[int | str]] = []
    subtotals = []
    for stream, name in ((PATENT, "专利助推"), (PROJECT, "创新项目助推")):
        groups = stats.reasons.get(stream, [])
        rows += [[name, g.heading, *cells([g])] for g in groups]
        subtotals.append(len(rows))
        rows.append([name, "小计", *cells(groups)])
    rows.append(["合计", "", *(sum(int(rows[i][j]) for i in subtotals)
                               for j in range(2, len(cols)))])
    note = ("每件按其审核理由所指的规则计一次（理由未指明规则的，按其不符合的第一条规则）；"
            "理由不是方案规则、也无规则核对结果的，计入“其他（见审核理由）”")
    if gone:
        note += "；推荐单位来函撤回的申报单列，不计入资格审核不通过"
    return Table("资格审核不通过的原因（按方案条款）", cols, rows, sheet="不通过原因", note=note,
                 totals=tuple(subtotals))


def quota_table(stats: YearStatistics) -> Table:
    """The projects' tiers: the plan's quota beside the awards made, and their amounts."""
    total = stats.totals[PROJECT]
    cols = [Column("tier", "档次", text=True, width=24), Column("quota", "方案名额（项）", short="方案名额"),
            Column("approved", "核准（项）", short="核准"),
            Column("left", "名额剩余（项，负数为超出）", short="名额剩余"),
            Column("award", "核准金额（元）", money=True)]
    rows: list[list[int | str]] = []
    named = 0
    for name in stats.tier_names:
        n = total.tiers.get(name, 0)
        if name == OTHER_TIER:  # hand-set amounts: no quota of their own
            rows.append([OTHER_TIER, 0, n, 0, 0])
            continue
        amount = n * stats.tier_amounts.get(name, 0)
        named += amount
        quota = stats.tier_quotas.get(name, 0)
        rows.append([f"{stats.tier_levels.get(name, '')}{tier_label(name)}", quota, n, quota - n,
                     amount])
    if OTHER_TIER in stats.tier_names:
        rows[stats.tier_names.index(OTHER_TIER)][4] = total.award_fen - named
    rows.append(["合计", *(sum(int(r[j]) for r in rows) for j in range(1, 5))])
    return Table("创新项目助推：按档次（方案名额与核准）", cols, rows, sheet="档次名额")


def count_table(stats: YearStatistics, by: str) -> Table:
    """Both streams' papers, awards and amounts by industry (``by="industry"``) or by
    union kind (``"kind"``), with a 合计 row. By industry, the projects only when some
    project names one (所属领域 is optional on the project's form): else the table is the
    patents', and says so, rather than every project under （未填行业）."""
    source = stats.industries if by == "industry" else stats.kinds
    head = "产业领域" if by == "industry" else "工会类别"
    projects = by == "kind" or stats.projects_by_industry
    cols = [Column("name", head, text=True),
            Column("note", "说明", text=True) if by == "industry" else Column("unions", "推荐工会数"),
            Column("patents", "专利申报"), Column("patents_approved", "专利核准（项）"),
            Column("patent_award", "专利核准金额（元）", money=True)]
    if projects:
        cols += [Column("projects", "项目申报"), Column("projects_approved", "项目核准（项）"),
                 Column("project_award", "项目核准金额（元）", money=True),
                 Column("award", "核准金额合计（元）", money=True)]
    total = CountRow("合计")
    rows: list[list[int | str]] = []
    for r in source:
        if not projects and r.name == NO_INDUSTRY and not r.patents:
            continue  # the projects' row only
        for name in ("patents", "patents_approved", "patent_award_fen", "projects",
                     "projects_approved", "project_award_fen"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        rows.append(_count_values(r, by, projects))
    total.unions = _unions(stats)
    rows.append(_count_values(total, by, projects))
    if by == "industry":
        title, sheet = "按重点产业领域", "按产业领域"
        note = "" if projects else "本年度的创新项目均未填所属领域，本表只统计专利助推"
    else:
        title, sheet, note = "按推荐工会类别（区、产业、局、集团（公司）等）", "按工会类别", ""
    return Table(title, cols, rows, sheet=sheet, note=note)


def _count_values(r: CountRow, by: str, projects: bool) -> list[int | str]:
    values: list[int | str] = [r.name, r.note if by == "industry" else r.unions, r.patents,
                               r.patents_approved, r.patent_award_fen]
    if projects:
        values += [r.projects, r.projects_approved, r.project_award_fen, r.award_fen]
    return values


def _unions(stats: YearStatistics) -> int:
    return len({r.unit for rows in stats.rows.values() for r in rows if r.unit != NO_UNIT})


def tables(stats: YearStatistics) -> list[Table]:
    return [stream_table(stats, PATENT), stream_table(stats, PROJECT), reasons_table(stats),
            quota_table(stats), count_table(stats, "industry"), count_table(stats, "kind")]
