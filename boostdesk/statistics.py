"""The year-end statistics the office reports (年度统计): per recommending union and in
total, for each stream, the papers received and their verdicts, the awards approved and
their split between the federation and the union (方案一（三）, 二（三）), what has been
paid and what is still owed (by tranche for projects); for projects the awards by tier and
the papers by studio level; the papers by industry (重点产业领域) and by union kind.

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

from boostdesk.finance.terms import AWARDED, FAILED, NO_UNION, PAYERS, split_ratio, tranche_shares
from boostdesk.models.campaign import CITY, DISTRICT, LEVEL_ZH, Campaign, tier_label
from boostdesk.models.records import PATENT, PROJECT, UNIT_KINDS
from boostdesk.models.register import Register
from boostdesk.models.workflow import HELD_SQL
from boostdesk.money import payer_tranche_matrix
from boostdesk.pinyin_order import sort_key

NO_UNIT = NO_UNION  # named as the payment lists name its union share
NO_INDUSTRY = "（未填行业）"
NO_LEVEL = "unknown"  # a studio whose level no paper gave
OTHER_TIER = "其他金额"  # an award matching none of the campaign's tiers
TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}


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
    held_fen: int = 0  # projects: owed, but held from payment by an open objection (暂缓拨付)
    # owed, but held because what the award rests on changed since (award_holds: the ranking,
    # or the paper now 不合格): its part not yet paid, until the office settles it
    changed_held_fen: int = 0
    # each payer's part of paid_fen and of forfeited_fen (federation, union)
    paid_by_payer: list[int] = field(default_factory=lambda: [0, 0])
    forfeited_by_payer: list[int] = field(default_factory=lambda: [0, 0])
    # 撤销助推（已拨付，应追回） (finance.recovery): no award, its paid money apart
    revoked: int = 0
    to_recover_fen: int = 0  # still to be recovered
    recovered_fen: int = 0
    tiers: dict[str, int] = field(default_factory=dict)  # tier name -> awards (projects)
    levels: dict[str, int] = field(default_factory=dict)  # studio level -> papers (projects)

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
    def paid_total(self) -> int:
        return sum(self.paid_fen)

    @property
    def owed_total(self) -> int:
        return sum(self.owed_fen)

    def add(self, other: StreamRow) -> None:
        for name in ("received", "eligible", "refused", "incomplete", "unchecked", "approved",
                     "award_fen", "federation_fen", "union_fen", "forfeited_fen",
                     "qualification_refused", "not_awarded", "held_fen", "changed_held_fen",
                     "revoked", "to_recover_fen", "recovered_fen"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for j in range(2):
            self.paid_by_payer[j] += other.paid_by_payer[j]
            self.forfeited_by_payer[j] += other.forfeited_by_payer[j]
        for i in range(self.tranches):
            self.paid_fen[i] += other.paid_fen[i]
            self.owed_fen[i] += other.owed_fen[i]
        for mine, theirs in ((self.tiers, other.tiers), (self.levels, other.levels)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n


@dataclass
class CountRow:
    """Papers and awards of both streams under one heading (an industry, a union kind)."""

    name: str
    note: str = ""  # 重点产业领域 or not; the number of unions of a kind
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

    @property
    def award_fen(self) -> int:
        return sum(t.award_fen for t in self.totals.values())


def year_statistics(reg: Register, year: int, *, as_of: date | None = None,
                    sync: bool = True) -> YearStatistics:
    """The statistics of ``year``. ``sync``: a register an older BoostDesk left with its
    plan behind the awards is brought in line first, once (``payment_plan.catch_up``; the
    writes keep it since, and then nothing is written here), so a tranche an application's
    status says was paid counts as paid."""
    from boostdesk.finance.payment_plan import catch_up

    campaign = reg.campaign(year)
    if sync:
        catch_up(reg, year)
    cid = reg.scalar("SELECT id FROM campaigns WHERE year = ?", (year,))
    units = {r["id"]: (r["name"], r["kind"]) for r in reg.query("SELECT id, name, kind FROM units")}
    tier_names = [t.name for t in campaign.tiers]
    rows: dict[str, list[StreamRow]] = {}
    totals: dict[str, StreamRow] = {}
    industries: dict[str, CountRow] = {}
    for stream in (PATENT, PROJECT):
        by_unit = _stream_rows(reg, campaign, cid, stream, units, industries)
        if stream == PROJECT and any(OTHER_TIER in r.tiers for r in by_unit.values()):
            tier_names.append(OTHER_TIER)
        ordered = sorted(by_unit.values(), key=lambda r: (r.unit == NO_UNIT, sort_key(r.unit)))
        total = StreamRow("合计", "", len(tranche_shares(campaign, stream)))
        for row in ordered:
            total.add(row)
        rows[stream], totals[stream] = ordered, total
    return YearStatistics(
        year=year, title=_title(campaign), as_of=as_of or date.today(),
        tier_names=tier_names, tier_levels={t.name: LEVEL_ZH[t.level] for t in campaign.tiers},
        rows=rows, totals=totals,
        industries=_industries(campaign, industries), kinds=_kinds(rows))


def _title(campaign: Campaign) -> str:
    """北京市总工会2022年职工创新助推计划实施方案 → 北京市总工会2022年职工创新助推计划年度统计;
    a plan titled without its year gets it."""
    title = campaign.title
    for tail in ("实施方案", "方案"):
        if title.endswith(tail):
            title = title[: -len(tail)]
            break
    return f"{title}年度统计" if str(campaign.year) in title else f"{title}{campaign.year}年度统计"


def _stream_rows(reg: Register, campaign: Campaign, cid: int, stream: str,
                 units: dict[int, tuple[str, str]],
                 industries: dict[str, CountRow]) -> dict[int | None, StreamRow]:
    table = TABLES[stream]
    shares = tranche_shares(campaign, stream)
    out: dict[int | None, StreamRow] = {}

    def row(unit_id: int | None) -> StreamRow:
        if unit_id not in out:
            name, kind = units.get(unit_id, (NO_UNIT, "")) if unit_id is not None else (NO_UNIT, "")
            out[unit_id] = StreamRow(name, kind, len(shares))
        return out[unit_id]

    # the verdicts as the register views count them (ui.queries.VERDICT_SQL), and the
    # industries: one pass over the year's rows (≈ 0.4 s at 80,000 patents), the rest by index
    for unit_id, eligible, incomplete, industry, n in reg.conn.execute(
            f"SELECT unit_id, eligible, incomplete, industry, count(*) FROM {table}"
            " WHERE campaign_id = ? GROUP BY 1, 2, 3, 4", (cid,)):
        r = row(unit_id)
        r.received += n
        if eligible is None:
            r.unchecked += n
        elif not eligible:
            r.refused += n
        elif incomplete:
            r.incomplete += n
        else:
            r.eligible += n
        _industry(industries, industry).count(stream, n)

    awarded = AWARDED[stream]
    marks = ",".join("?" * len(awarded))
    level = ("COALESCE(a.award_level, (SELECT level FROM studios s WHERE s.id = a.studio_id))"
             if stream == PROJECT else "NULL")
    matrices: dict[tuple[int, str | None], tuple[tuple[int, ...], ...]] = {}
    # +a.unit_id: grouping by the union made SQLite read the year's every row by union
    # (0.27 s at 80,000) rather than seek the awards by campaign and status (3 ms)
    for unit_id, award, lvl, status, industry, n in reg.conn.execute(
            f"SELECT a.unit_id, a.award_fen, {level}, a.status, a.industry, count(*)"
            f" FROM {table} a WHERE a.campaign_id = ? AND a.status IN ({marks})"
            " GROUP BY +a.unit_id, 2, 3, 4, 5", (cid, *awarded)):
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

    for unit_id, tranche, payer, paid in reg.conn.execute(
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
        for unit_id, held in reg.conn.execute(
                f"SELECT a.unit_id, sum(a.award_fen) FROM {table} a WHERE a.campaign_id = ?"
                f" AND {HELD_SQL} GROUP BY +a.unit_id", (cid,)):
            row(unit_id).held_fen += held or 0
    _changed_holds(reg, campaign.year, stream, row)

    # revoked after payment: the paid money to recover, and recovered, apart from the awards
    for unit_id, n, left, back in reg.conn.execute(
            f"SELECT a.unit_id, COUNT(DISTINCT r.id),"
            " TOTAL(CASE WHEN rp.recovered_date IS NULL THEN rp.amount_fen END),"
            " TOTAL(CASE WHEN rp.recovered_date IS NOT NULL THEN rp.amount_fen END)"
            f" FROM recoveries r JOIN {table} a ON a.id = r.application_id"
            " LEFT JOIN recovery_payers rp ON rp.recovery_id = r.id"
            " WHERE r.stream = ? AND a.campaign_id = ? GROUP BY +a.unit_id", (stream, cid)):
        r = row(unit_id)
        r.revoked, r.to_recover_fen, r.recovered_fen = n, int(left), int(back)

    # what the office decided against a paper, beside the rules' verdict (by index)
    for unit_id, status, n in reg.conn.execute(
            f"SELECT unit_id, status, count(*) FROM {table} WHERE campaign_id = ?"
            " AND status IN ('refused', 'not_awarded') GROUP BY +unit_id, status", (cid,)):
        r = row(unit_id)
        if status == "refused":
            r.qualification_refused += n
        else:
            r.not_awarded += n

    if stream == PROJECT:
        for unit_id, lvl, n in reg.conn.execute(
                # an award keeps the level it was made at (a studio promoted since is not)
                "SELECT a.unit_id, COALESCE(a.award_level, s.level, ?), count(*)"
                " FROM project_applications a"
                " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.campaign_id = ?"
                " GROUP BY 1, 2", (NO_LEVEL, cid)):
            r = row(unit_id)
            r.levels[lvl] = r.levels.get(lvl, 0) + n
    return out


def _changed_holds(reg: Register, year: int, stream: str,
                   row: Callable[[int | None], StreamRow]) -> None:
    """Awards held because what they rest on changed since approval (award_holds), each
    union's part not yet paid; one an open objection holds is counted there alone."""
    from boostdesk.award_holds import holds

    held = {h.app_id: h for (s, _), h in holds(reg, year).items() if s == stream}
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
        k.note = "" if k.name == NO_UNIT else f"{len(unions[k.name])} 个工会"
    return out


LEVEL_LABELS = {CITY: "市级工作室", DISTRICT: "区/局/集团级工作室", NO_LEVEL: "级别未填"}


# -- the tables as shown: one shape for the screen and the workbook ----------------------
@dataclass(frozen=True)
class Column:
    key: str
    header: str
    money: bool = False  # fen, shown in 元
    text: bool = False


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[int | str]]  # the last row of a stream's table is its 合计

    def column(self, key: str) -> list[int | str]:
        j = next(i for i, c in enumerate(self.columns) if c.key == key)
        return [r[j] for r in self.rows]


def stream_table(stats: YearStatistics, stream: str) -> Table:
    """One row a union, then 合计: papers, verdicts, awards, split, paid and owed; for
    projects each tranche, the tiers and the studio levels too."""
    total = stats.totals[stream]
    cols = [Column("unit", "推荐工会", text=True), Column("kind", "工会类别", text=True),
            Column("received", "收到申报"), Column("eligible", "合格"),
            Column("refused", "不合格"), Column("incomplete", "待补材料"),
            Column("unchecked", "未核对"), Column("qualification_refused", "资格审核不通过")]
    if stream == PROJECT:
        cols.append(Column("not_awarded", "未获助推"))
    cols += [Column("approved", "核准助推（项）"),
            Column("award", "核准金额（元）", money=True),
            Column("federation", "其中市总工会承担（元）", money=True),
            Column("union", "其中推荐工会承担（元）", money=True),
            Column("paid", "已拨付（元）", money=True), Column("owed", "未拨付（元）", money=True),
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
                 Column("recovered", "撤销助推已追回（元）", money=True)]
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
            "union_owed": r.owed_by_payer[1], "revoked": r.revoked,
            "to_recover": r.to_recover_fen, "recovered": r.recovered_fen}
        for i in range(r.tranches):
            values[f"paid{i + 1}"], values[f"owed{i + 1}"] = r.paid_fen[i], r.owed_fen[i]
        for name in stats.tier_names:
            values[f"tier:{name}"] = r.tiers.get(name, 0)
        for lvl in LEVEL_LABELS:
            values[f"level:{lvl}"] = r.levels.get(lvl, 0)
        rows.append([values[c.key] for c in cols])
    name = "专利助推" if stream == PATENT else "创新项目助推"
    return Table(f"{name}：按推荐工会", cols, rows)


def count_table(stats: YearStatistics, by: str) -> Table:
    """Both streams' papers, awards and amounts by industry (``by="industry"``) or by
    union kind (``"kind"``), with a 合计 row."""
    source = stats.industries if by == "industry" else stats.kinds
    head = "产业领域" if by == "industry" else "工会类别"
    note = "说明" if by == "industry" else "推荐工会数"
    cols = [Column("name", head, text=True), Column("note", note, text=True),
            Column("patents", "专利申报"), Column("patents_approved", "专利核准（项）"),
            Column("patent_award", "专利核准金额（元）", money=True),
            Column("projects", "项目申报"), Column("projects_approved", "项目核准（项）"),
            Column("project_award", "项目核准金额（元）", money=True),
            Column("award", "核准金额合计（元）", money=True)]
    total = CountRow("合计")
    rows: list[list[int | str]] = []
    for r in source:
        for name in ("patents", "patents_approved", "patent_award_fen", "projects",
                     "projects_approved", "project_award_fen"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        rows.append(_count_values(r))
    if by == "kind":
        total.note = f"{_unions(stats)} 个工会"
    rows.append(_count_values(total))
    title = "按重点产业领域" if by == "industry" else "按推荐工会类别（区、产业、局、集团（公司）等）"
    return Table(title, cols, rows)


def _count_values(r: CountRow) -> list[int | str]:
    return [r.name, r.note, r.patents, r.patents_approved, r.patent_award_fen, r.projects,
            r.projects_approved, r.project_award_fen, r.award_fen]


def _unions(stats: YearStatistics) -> int:
    return len({r.unit for rows in stats.rows.values() for r in rows if r.unit != NO_UNIT})


def tables(stats: YearStatistics) -> list[Table]:
    return [stream_table(stats, PATENT), stream_table(stats, PROJECT),
            count_table(stats, "industry"), count_table(stats, "kind")]
