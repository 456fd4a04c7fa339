"""The SQL behind the register views: search, filter and sort run in SQLite, over the
indexed ``search_text``, ``eligible``, ``incomplete`` and ``status`` columns, and return
ids only; rows are built later, a block at a time, for the rows on screen.

No Qt here, so the queries are tested (and benchmarked) on their own.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from boostdesk.app_refs import fold_numbers, stream_and_id
from boostdesk.models import Register
from boostdesk.models.record_rows import PAPER_STUDIO_LEVEL
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.search_text import NAME_DOT_SQL, number_term, without_name_dots
from boostdesk.models.workflow import (
    CARD_WAIT_ZH,
    HELD_SQL,
    HELD_STATUS,
    HELD_STATUS_ZH,
    OBJECTED_STATUS,
    ON_HOLD,
    PROJECT_STATUS_SQL,
    SHOWN_STATUSES,
    STATUS_ZH,
    qualification_decision,
    shown_status_zh,
    standing,
)
from boostdesk.rules.findings import NO_RECEIVED_ZH, UNDATED_ONLY_SQL
from boostdesk.validate import normalize_text, search_fragment

ELIGIBLE = "eligible"
REFUSED = "refused"
INCOMPLETE = "incomplete"
UNCHECKED = "unchecked"
VERDICT_ZH = {ELIGIBLE: "合格", REFUSED: "不合格", INCOMPLETE: "待补材料", UNCHECKED: "未核对"}
VERDICT_SQL = {
    ELIGIBLE: "a.eligible = 1 AND COALESCE(a.incomplete, 0) = 0",
    REFUSED: "a.eligible = 0",
    INCOMPLETE: "a.eligible = 1 AND a.incomplete = 1",
    UNCHECKED: "a.eligible IS NULL",
}
# Worst first when sorting by the verdict column descending.
VERDICT_RANK_SQL = (
    "CASE WHEN a.eligible IS NULL THEN 3 WHEN a.eligible = 0 THEN 2"
    " WHEN COALESCE(a.incomplete, 0) = 1 THEN 1 ELSE 0 END"
)


# what the 状态 cell says when pointed at (a column narrowed by the user cuts the label)
STATUS_NOTES = {
    HELD_STATUS: f"{HELD_STATUS_ZH}：公示期内收到的异议待处理，在“公示”中处理（不成立）后方可拨付",
    OBJECTED_STATUS: "公示（有异议待处理）：公示已结束或进行中，异议处理后核准，成立则不予助推",
}
_SHOWN_SQL = {key: sql for key, _label, sql in SHOWN_STATUSES.values()}


status_zh = shown_status_zh  # a status as the lists show it (held and objected included)


def verdict_of(eligible: int | None, incomplete: int | None) -> str:
    if eligible is None:
        return UNCHECKED
    if not eligible:
        return REFUSED
    return INCOMPLETE if incomplete else ELIGIBLE


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    select: str  # SQL expression for the row
    sort: str  # SQL expression to sort by
    joins: tuple[str, ...] = ()  # aliases the sort expression needs
    kind: str = "text"  # text | date | money | status | verdict | level | id
    width: int = 120
    nullable: bool = True  # False: no NULLs-last term, so sorting by it can use an index
    pinyin: bool = False  # Chinese text: sorted by ``pinyin_key`` (boostdesk.pinyin_order)


@dataclass(frozen=True)
class StreamSpec:
    stream: str
    table: str
    joins: dict[str, str]  # alias -> LEFT JOIN clause
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# 北京市卫生健康委员会工会 whole (twelve hanzi at the shipped 10 pt)
UNIT_WIDTH = 172
_UNIT_JOIN = "LEFT JOIN units u ON u.id = a.unit_id"
_PATENT_NUMBER = "COALESCE(a.patent_number, a.patent_number_raw)"

PATENT_SPEC = StreamSpec(
    PATENT, "patent_applications",
    {
        "p": "LEFT JOIN people p ON p.id = a.person_id",
        "u": _UNIT_JOIN,
        "e": "LEFT JOIN enterprises e ON e.id = a.enterprise_id",
    },
    (
        Column("id", "登记号", "a.id", "a.id", kind="id", width=60, nullable=False),
        Column("verdict", "资格", VERDICT_RANK_SQL, VERDICT_RANK_SQL, kind="verdict", width=132,
               nullable=False),  # 合格（逾期报送） whole
        Column("status", "状态", "a.status", "a.status", kind="status", width=128,
               nullable=False),  # 核准（待更正卡号） whole
        Column("person", "第一发明人", "p.name", "p.name", ("p",), width=108, pinyin=True),  # 阿依古丽·买买提 whole
        # the number in one form (ZL201711167486.8, as the sheets print it), so that it sorts:
        # as typed, CN…, ZL 2017 1 …, and bare digits sorted apart; an invalid one as typed
        Column("number", "专利号", _PATENT_NUMBER, _PATENT_NUMBER, width=136),
        # elided (whole in its tooltip) so that the 推荐单位 beside it is whole at 1366×768
        # with the detail pane open: 北京经济技术开发区总工会, 北京市卫生健康委员会工会
        Column("title", "专利名称", "a.title", "a.title", width=126, pinyin=True),
        Column("unit", "推荐单位", "u.name", "u.name", ("u",), width=UNIT_WIDTH, pinyin=True),
        Column("enterprise", "所在单位", "e.name", "e.name", ("e",), width=200,
               pinyin=True),
        Column("grant_date", "授权公告日", "a.grant_date", "a.grant_date", kind="date", width=96),
        Column("received", "收件日期", "a.received_date", "a.received_date", kind="date",
               width=96),
    ),
)

PROJECT_SPEC = StreamSpec(
    PROJECT, "project_applications",
    {
        "s": "LEFT JOIN studios s ON s.id = a.studio_id",
        "u": _UNIT_JOIN,
    },
    (
        Column("id", "登记号", "a.id", "a.id", kind="id", width=60, nullable=False),
        Column("verdict", "资格", VERDICT_RANK_SQL, VERDICT_RANK_SQL, kind="verdict", width=132,
               nullable=False),  # 合格（逾期报送） whole
        Column("status", "状态", PROJECT_STATUS_SQL, PROJECT_STATUS_SQL, kind="status",
               width=136, nullable=False),  # 公示（有异议待处理）, 首笔拨付（暂缓拨付） whole
        Column("title", "项目名称", "a.title", "a.title", width=150, pinyin=True),
        # 领衔人 and 推荐单位 before the studio (its name long, and in the title's words):
        # whole at 1366×768 with the detail pane open
        Column("leader", "领衔人", "a.leader", "a.leader", width=64, pinyin=True),
        Column("unit", "推荐单位", "u.name", "u.name", ("u",), width=UNIT_WIDTH, pinyin=True),
        # the studio's level; a paper naming no studio, the one it gave (migration 21)
        Column("level", "级别", PAPER_STUDIO_LEVEL, PAPER_STUDIO_LEVEL, ("s",), kind="level",
               width=88),
        Column("studio", "工作室", "s.name", "s.name", ("s",), width=180, pinyin=True),
        Column("requested", "申请金额", "a.requested_fen", "a.requested_fen", kind="money",
               width=110),
        Column("budget", "项目总投入", "a.total_budget_fen", "a.total_budget_fen", kind="money",
               width=120),
        Column("received", "收件日期", "a.received_date", "a.received_date", kind="date",
               width=96),
    ),
)

SPECS = {PATENT: PATENT_SPEC, PROJECT: PROJECT_SPEC}


@dataclass(frozen=True)
class Filters:
    text: str = ""
    unit_id: int | None = None
    status: str | None = None
    verdict: str | None = None


@dataclass(frozen=True)
class RowData:
    id: int
    values: dict[str, Any]
    verdict: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    undated: bool = False  # 待补材料 for its 收件日期 alone (findings.UNDATED_ONLY_SQL)

    @property
    def verdict_zh(self) -> str:
        """The 资格 cell's words (findings.verdict_label): one wording everywhere."""
        return NO_RECEIVED_ZH if self.undated and self.verdict == INCOMPLETE else VERDICT_ZH[
            self.verdict]


def search_terms(text: str) -> list[str]:
    """Lower-cased, full-width folded fragments; every one must match. A name's dot
    between hanzi is left out whichever was typed (a full stop, a bullet, the katakana
    dot, none: 买买提艾力 and 买买提.艾力 find 买买提·艾力, as ``search_key`` leaves it out of
    the texts), and one typed at a fragment's edge too. A patent number, resident ID or
    telephone number written over several words or otherwise than the register keeps it
    is one fragment, as stored (``app_refs.fold_numbers``: CN 2021 1 0123456.7 and
    2021101234567 find ZL202110123456.7, +86 138-0013-8000 finds 13800138000)."""
    terms = (without_name_dots(search_fragment(word))
             for word in fold_numbers(normalize_text(text).lower().split()))
    return [term for term in terms if term]  # a dot alone is no fragment


def split_refs(terms: list[str], stream: str
               ) -> tuple[list[str], list[tuple[str, str, tuple[Any, ...]]]]:
    """The terms to find in the texts, and a condition for each written as a 登记号 (专利12,
    项目6, read as every command reads one: ``app_refs.stream_and_id``): that application
    only, not a text holding 项目6; the other stream's finds nothing. A bare number is
    text here (a phone, a patent number, a year)."""
    texts: list[str] = []
    clauses: list[tuple[str, str, tuple[Any, ...]]] = []
    for term in terms:
        named = stream_and_id(term)
        if named is None or named[0] is None:
            texts.append(term)
        elif named[0] == stream:
            clauses.append(("ref", "a.id = ?", (named[1],)))
        else:
            clauses.append(("ref", "0", ()))
    return texts, clauses


def text_clauses(terms: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """``(SQL condition, parameters)`` of each term: the search text holds it, or for a
    term of digits the paper's numbers hold the number it names (6132 at the end of an ID
    or phone: ``search_text.number_term``)."""
    # texts stored before the name's dot was left out (search_text) still hold it
    text = f"{NAME_DOT_SQL.format('a.search_text')} LIKE ? ESCAPE '\\'"
    out: list[tuple[str, tuple[str, ...]]] = []
    for term in terms:
        key = number_term(term)
        out.append((text, (like_pattern(term),)) if key is None else
                   (f"({text} OR a.search_numbers LIKE ? ESCAPE '\\')",
                    (like_pattern(term), like_pattern(key))))
    return out


def like_pattern(term: str) -> str:
    """``LIKE ? ESCAPE '\\'``'s pattern for a text holding ``term``: % and _ typed are text."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# an application among the awards held (``award_holds``), given as one JSON array
_AWARD_HELD_SQL = "a.id IN (SELECT value FROM json_each(?))"


def wants_held(filters: Filters) -> bool:
    """Whether the 状态 filter set needs the awards held (``award_holds.held_ids``)."""
    return filters.status in (ON_HOLD, HELD_STATUS)


def wants_cards(filters: Filters) -> bool:
    """Whether the 状态 filter set needs the card waits (``finance.card_waits``)."""
    return filters.status in CARD_WAIT_ZH


def card_ids(reg: Register, stream: str, year: int) -> dict[int, str]:
    """The approved patents whose money waits for the inventor's card, by id: the status
    the list shows them in (核准（待补卡号）, 核准（待更正卡号）); none of a project."""
    if stream != PATENT or not year:
        return {}
    from boostdesk.finance.card_waits import card_waits

    return card_waits(reg, year)


def held_ids(reg: Register, stream: str, year: int, filters: Filters) -> Collection[int]:
    """The applications whose award is held, when the filters ask for them (else none:
    nothing is worked out for a search that does not filter on them)."""
    if not wants_held(filters):
        return ()
    from boostdesk.award_holds import held_ids as held

    return held(reg, stream, year).keys()


def held_sort_value(status: str) -> str:
    """What an application whose award is held sorts as by 状态: a value of its own just after
    its plain status, as the cell reads (核准（暂缓拨付）, 首笔拨付（暂缓拨付）): a space sorts
    before the letters and ``_`` of any status it begins (paid < "paid " < paid_final); a
    held 核准 reads, and so sorts, as one an objection holds (``HELD_STATUS``); a shown
    status (objected, held) reads as itself."""
    if status == "approved":
        return HELD_STATUS
    return f"{status} " if status in STATUS_ZH else status


def _held_sort_sql(status_sql: str, cards: Mapping[int, str]) -> tuple[str, list[str]]:
    """``held_sort_value`` in SQL for the applications among the held ones, and the card
    waits' own values (``card_ids``): the expression and its parameters."""
    plain = ", ".join(f"'{s}'" for s in STATUS_ZH if s != "approved")
    waits = [(key, _ids_json(i for i, k in cards.items() if k == key)) for key in CARD_WAIT_ZH]
    waits = [(key, ids) for key, ids in waits if ids != "[]"]
    first = "".join(f" WHEN a.id IN (SELECT value FROM json_each(?)) THEN '{key}'"
                    for key, _ids in waits)
    return (f"CASE{first} WHEN NOT {_AWARD_HELD_SQL} THEN {status_sql}"
            f" WHEN ({status_sql}) = 'approved' THEN '{HELD_STATUS}'"
            f" WHEN ({status_sql}) IN ({plain}) THEN ({status_sql}) || ' '"
            f" ELSE {status_sql} END"), [ids for _key, ids in waits]


def _ids_json(ids: Collection[int] | Any) -> str:
    return json.dumps(sorted(ids), separators=(",", ":"))


def filter_clauses(filters: Filters, stream: str = PATENT, held: Collection[int] = (),
                   cards: Mapping[int, str] | None = None
                   ) -> list[tuple[str, str, tuple[Any, ...]]]:
    """``(filter, SQL condition, parameters)`` of the 推荐单位, 状态 and 资格 filters set;
    ``held``: the applications of ``stream`` whose award is held (``held_ids``), which the
    状态 filters 暂缓拨付 and 核准（暂缓拨付） list; ``cards``: the card waits (``card_ids``),
    which 核准（待补卡号） and 核准（待更正卡号） list."""
    out: list[tuple[str, str, tuple[Any, ...]]] = []
    if filters.unit_id is not None:
        out.append(("unit", "a.unit_id = ?", (filters.unit_id,)))
    ids = json.dumps(sorted(held), separators=(",", ":"))
    if filters.status == ON_HOLD:  # every award finance may not pay now, whatever its status
        clause = f"({HELD_SQL} OR {_AWARD_HELD_SQL})" if stream == PROJECT else _AWARD_HELD_SQL
        out.append(("status", clause, (ids,)))
    elif filters.status == HELD_STATUS:  # as the 状态 cell reads: an objection's or an award's
        clause = f"a.status = 'approved' AND {_AWARD_HELD_SQL}"
        out.append(("status", f"({HELD_SQL} OR ({clause}))" if stream == PROJECT else clause,
                    (ids,)))
    elif filters.status in CARD_WAIT_ZH:
        wait = _ids_json(i for i, k in (cards or {}).items() if k == filters.status)
        out.append(("status", _AWARD_HELD_SQL, (wait,)))
    elif filters.status in _SHOWN_SQL:
        out.append(("status", _SHOWN_SQL[filters.status], ()))
    elif filters.status:  # 核准 lists the held awards too, named as held
        out.append(("status", "a.status = ?", (filters.status,)))
    if filters.verdict:
        out.append(("verdict", VERDICT_SQL[filters.verdict], ()))
    return out


def campaign_id(reg: Register, year: int) -> int | None:
    value = reg.scalar("SELECT id FROM campaigns WHERE year = ?", (year,))
    return int(value) if value is not None else None


def search_ids(reg: Register, spec: StreamSpec, year: int, filters: Filters,
               sort_key: str = "id", descending: bool = False,
               held: Collection[int] = (), cards: Mapping[int, str] | None = None
               ) -> list[int]:
    """Ids of the applications of ``year`` that match, in display order; ``held``: those
    whose award is held (``award_holds.held_ids``), which sort by 状态 as a value of their
    own (``held_sort_value``), as do the card waits (``cards``: ``card_ids``)."""
    cid = campaign_id(reg, year)
    if cid is None:
        return []
    where = ["a.campaign_id = ?"]
    params: list[Any] = [cid]
    texts, refs = split_refs(search_terms(filters.text), spec.stream)
    for clause, values in text_clauses(texts):
        where.append(clause)
        params.extend(values)
    if cards is None:
        cards = card_ids(reg, spec.stream, year) if wants_cards(filters) else {}
    for _name, clause, values in [*refs, *filter_clauses(
            filters, spec.stream, held_ids(reg, spec.stream, year, filters), cards)]:
        where.append(clause)
        params.extend(values)
    column = spec.column(sort_key)
    joins = " ".join(spec.joins[alias] for alias in column.joins)
    direction = "DESC" if descending else "ASC"
    # NULLs last whichever way (and, as in Excel, blank texts); the id keeps equal keys in
    # registration order. Sorting by the id alone lets SQLite walk the campaign index
    # instead of sorting.
    order = [f"({column.sort}) IS NULL"] if column.nullable else []
    if column.pinyin:
        order = [f"NULLIF({column.sort}, '') IS NULL", f"pinyin_key({column.sort}) {direction}"]
    elif column.kind == "status" and (held or cards):
        by_status, waits = _held_sort_sql(column.sort, cards)
        order.append(f"{by_status} {direction}")
    elif column.sort != "a.id":
        order.append(f"{column.sort} {direction}")
    order.append(f"a.id {direction}")
    if column.kind == "status" and (held or cards) and not column.pinyin:
        params.extend([*waits, _ids_json(held)])
    sql = (
        f"SELECT a.id FROM {spec.table} a {joins} WHERE {' AND '.join(where)}"
        f" ORDER BY {', '.join(order)}"
    )
    return [row[0] for row in reg.conn.execute(sql, params)]


def searched(filters: Filters) -> bool:
    """Whether something is typed in the search box (a filter alone is no search)."""
    return bool(search_terms(filters.text))


def other_years(conn: Any, spec: StreamSpec, year: int, filters: Filters) -> dict[int, int]:
    """How many applications each year but ``year`` holds that the search and the filters
    find (a 登记号 typed: that application, whatever its year), newest year first; none
    that none finds. The 状态 filters of awards held (暂缓拨付) are asked of ``year``'s
    awards only (``held_ids``): here they find nothing. ``conn``: the register's, or a
    reading connection of a thread's own."""
    texts, refs = split_refs(search_terms(filters.text), spec.stream)
    where, params = ["c.year != ?"], [year]
    for clause, values in [*text_clauses(texts),
                           *((c, v) for _n, c, v in [*refs, *filter_clauses(filters,
                                                                            spec.stream)])]:
        where.append(clause)
        params.extend(values)
    return {int(y): int(n) for y, n in conn.execute(
        f"SELECT c.year, count(*) FROM {spec.table} a JOIN campaigns c ON c.id = a.campaign_id"
        f" WHERE {' AND '.join(where)} GROUP BY c.year ORDER BY c.year DESC", params)}


def load_rows(reg: Register, spec: StreamSpec, ids: list[int], *,
              findings: bool = True) -> dict[int, RowData]:
    """The displayed values of some applications (one query); without ``findings`` (a
    copy of the cells' texts) the findings behind the tooltips are not read."""
    if not ids:
        return {}
    selects = ", ".join(f"{c.select} AS {c.key}" for c in spec.columns if c.key != "verdict")
    joins = " ".join(spec.joins.values())
    marks = ",".join("?" * len(ids))
    found = "a.findings" if findings else "NULL"
    sql = (
        f"SELECT {selects}, a.eligible AS _eligible, a.incomplete AS _incomplete,"
        f" {found} AS _findings, a.status = 'registered' AND {UNDATED_ONLY_SQL} AS _undated"
        f" FROM {spec.table} a {joins} WHERE a.id IN ({marks})"
    )
    cur = reg.conn.execute(sql, ids)
    names = [d[0] for d in cur.description]
    out: dict[int, RowData] = {}
    for raw in cur.fetchall():
        row = dict(zip(names, raw, strict=True))
        verdict = verdict_of(row.pop("_eligible"), row.pop("_incomplete"))
        listed = row.pop("_findings")
        undated = bool(row.pop("_undated"))
        out[row["id"]] = RowData(row["id"], row, verdict, json.loads(listed) if listed else [],
                                 undated)
    return out


@dataclass(frozen=True)
class Counts:
    registered: int = 0
    eligible: int = 0
    refused: int = 0
    incomplete: int = 0
    undated: int = 0  # of ``incomplete``: lacking only the 收件日期 (待填收件日期)


def counts(reg: Register, stream: str, year: int) -> Counts:
    """登记 / 合格 / 不合格 / 待补材料 of a campaign, each paper by its standing
    (``workflow.standing``): the 资格审核 decision recorded, else the stored verdict (an
    earlier year's decided paper waits for no material: its verdict says so,
    rules.check.settles). Passed at 资格审核 with its materials never ticked, a paper read
    待补材料 here while the list's 状态 said 专家评审."""
    cid = campaign_id(reg, year)
    if cid is None:
        return Counts()
    table = SPECS[stream].table
    # Grouped over indexes and counted here: the statuses over (campaign_id, status), the
    # verdicts over (campaign_id, eligible, incomplete), and the rows of the smaller side
    # (decided or not) read for theirs, the other side's the difference (≈ 10 + 12 ms and
    # 1 µs a row read at 80,000 patents; all three grouped in one pass took 220 ms).
    by_status = dict(reg.conn.execute(
        f"SELECT a.status, count(*) FROM {table} a WHERE a.campaign_id = ? GROUP BY a.status",
        (cid,)).fetchall())
    decided = {status: n for status, n in by_status.items() if qualification_decision(status)}
    decided_n = sum(decided.values())
    index = _STATUS_INDEX[stream]  # (campaign_id, status): the status read on it
    marks = ", ".join("?" * len(decided))
    verdicts: dict[str, int] = {}
    if decided and sum(by_status.values()) - decided_n <= decided_n:  # the undecided read
        _add_verdicts(verdicts, reg.conn.execute(
            f"SELECT a.eligible, a.incomplete, count(*) FROM {table} a INDEXED BY {index}"
            f" WHERE a.campaign_id = ? AND (a.status NOT IN ({marks}) OR a.status IS NULL)"
            " GROUP BY a.eligible, a.incomplete", (cid, *decided)), 1)
    else:  # every row's verdict (the index alone), less the decided rows'
        _add_verdicts(verdicts, reg.conn.execute(
            f"SELECT a.eligible, a.incomplete, count(*) FROM {table} a"
            " WHERE a.campaign_id = ? GROUP BY a.eligible, a.incomplete", (cid,)), 1)
        if decided:
            _add_verdicts(verdicts, reg.conn.execute(
                f"SELECT a.eligible, a.incomplete, count(*) FROM {table} a INDEXED BY {index}"
                f" WHERE a.campaign_id = ? AND a.status IN ({marks})"
                " GROUP BY a.eligible, a.incomplete", (cid, *decided)), -1)
    shown: dict[str, int] = {}
    for key, n in [*((standing(status, UNCHECKED), n) for status, n in decided.items()),
                   *((standing(None, verdict), n) for verdict, n in verdicts.items())]:
        shown[key] = shown.get(key, 0) + n
    undated = reg.scalar(  # registered: a decided paper stands by its decision
        f"SELECT count(*) FROM {table} a INDEXED BY {index} WHERE a.campaign_id = ?"
        f" AND a.status = 'registered' AND {UNDATED_ONLY_SQL}", (cid,)) or 0
    return Counts(sum(by_status.values()), shown.get(ELIGIBLE, 0), shown.get(REFUSED, 0),
                  shown.get(INCOMPLETE, 0), int(undated))


_STATUS_INDEX = {PATENT: "patent_campaign", PROJECT: "project_campaign"}  # schema's


def _add_verdicts(into: dict[str, int], rows: Any, sign: int) -> None:
    """Grouped (eligible, incomplete, count) rows added into ``into`` by verdict key, as
    VERDICT_SQL counts them (an odd flag, 2, counts as none: ``_verdict_key``)."""
    for eligible, incomplete, n in rows:
        key = _verdict_key(eligible, incomplete)
        into[key] = into.get(key, 0) + sign * n


def _verdict_key(eligible: Any, incomplete: Any) -> str:
    """The VERDICT_SQL condition a row's stored flags meet; "" for none (odd flags)."""
    if eligible is None:
        return UNCHECKED
    if eligible == 1:
        if (0 if incomplete is None else incomplete) == 0:
            return ELIGIBLE
        return INCOMPLETE if incomplete == 1 else ""
    return REFUSED if eligible == 0 else ""


def units(reg: Register, *, pinyin: bool = True) -> list[tuple[int, str]]:
    """The recommending units by name: in pinyin order, or (``pinyin=False``, which needs
    no pinyin table) by code point."""
    order = "pinyin_key(name), id" if pinyin else "name"
    return [(r[0], r[1]) for r in reg.conn.execute(f"SELECT id, name FROM units ORDER BY {order}")]
