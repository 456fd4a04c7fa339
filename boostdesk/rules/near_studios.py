"""Papers of studios probably one studio, counted together (二（二）2), no Qt.

同一创新工作室申报不超过2项: a studio with its two papers sends more under a name written
otherwise (精密仪器装调职工创新工作室, 北京电子城精密仪器装调创新工作室) or under another
name with the same leader in the same enterprise. Each is a new studio to the register,
with papers of its own to count. Here a studio near another (``studio_names``: named alike
and not of another enterprise, or the same leader and enterprise) is taken as likely the
same one: the papers of the two
count together towards the limit, and a paper past it is 不符合 with a question (请核对)
until the office confirms the two are different studios (`correct studios-distinct`,
kept in ``register_settings``).
"""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from boostdesk.program_name import hint_named
from boostdesk.studio_names import (
    BY_PEOPLE,
    StudioFacts,
    enterprises_differ,
    name_core,
    name_variants,
    people_key,
    same_enterprise,
    studio_facts,
    why_alike,
)

from .findings import Finding, blocking

if TYPE_CHECKING:
    from boostdesk.models.campaign import Campaign
    from boostdesk.models.records import ProjectApplication

CODE = "NEAR_STUDIO_TOO_MANY_APPLICATIONS"
DISTINCT_KEY = "studios_distinct"  # register_settings: [[id, id], ...] confirmed different


def distinct_pairs(conn: Any) -> set[frozenset[int]]:
    """The pairs of studios the office confirmed are different studios."""
    row = conn.execute("SELECT value FROM register_settings WHERE key = ?",
                       (DISTINCT_KEY,)).fetchone()
    try:
        return {frozenset(map(int, pair)) for pair in json.loads(row[0])} if row else set()
    except (TypeError, ValueError):
        return set()


def confirm_distinct(conn: Any, a: int, b: int) -> bool:
    """Record studios ``a`` and ``b`` as different studios; False if already recorded."""
    pairs = distinct_pairs(conn)
    if frozenset((a, b)) in pairs:
        return False
    pairs.add(frozenset((a, b)))
    value = json.dumps(sorted(sorted(p) for p in pairs))
    conn.execute("INSERT INTO register_settings (key, value) VALUES (?, ?)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (DISTINCT_KEY, value))
    return True


def near_among(facts: Iterable[StudioFacts], distinct: Collection[frozenset[int]] = ()
               ) -> dict[int, dict[int, str]]:
    """Studio id -> the others of ``facts`` near it (id -> how, as the question says it):
    of one core, one's variant the other's core, or the same leader and enterprise; not
    those confirmed different."""
    facts = [f for f in facts if f.id is not None]
    by_core: dict[str, list[StudioFacts]] = defaultdict(list)
    by_people: dict[str, list[StudioFacts]] = defaultdict(list)  # by leader
    for f in facts:
        if core := name_core(f.name):
            by_core[core].append(f)
        if key := people_key(f.leader, f.enterprise):
            by_people[key[0]].append(f)
    out: dict[int, dict[int, str]] = defaultdict(dict)

    def link(a: StudioFacts, b: StudioFacts, how: str) -> None:
        if (a.id is not None and b.id is not None and a.id != b.id
                and frozenset((a.id, b.id)) not in distinct):
            out[a.id].setdefault(b.id, how)
            out[b.id].setdefault(a.id, how)

    # named alike in two enterprises: two studios (two people of one name), not counted
    for same in by_core.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if not enterprises_differ(a.enterprise, b.enterprise):
                    link(a, b, why_alike(a.name, b.name))
    for f in facts:
        for variant in name_variants(f.name, f.enterprise):
            for b in by_core.get(variant, ()):
                if not enterprises_differ(f.enterprise, b.enterprise):
                    link(f, b, why_alike(f.name, b.name))
    # the same leader in one enterprise, however written (有限公司 / 有限责任公司)
    for same in by_people.values():
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                if same_enterprise(a.enterprise, b.enterprise):
                    link(a, b, BY_PEOPLE)
    return out


def shell_word(text: str) -> str:
    """``text`` as one word of a command line pasted into a shell (bash, PowerShell, cmd):
    in straight double quotes; curly ones (“…”) were pasted as part of the name."""
    if text and not any(ch in text for ch in '"$`!\\%'):
        return f'"{text}"'
    return shlex.quote(text)


def finding(c: Campaign, name: str, other: str, how: str, total: int, rank: int,
            more: Sequence[str] = ()) -> Finding:
    """``more``: the other studios near it whose papers are counted too (beside ``other``):
    the count is then of all of them, not of the two named."""
    limit = c.max_applications_per_studio
    together = (f"连同“{'”“'.join(more)}”，这 {len(more) + 2} 个工作室" if more else "两者")
    return blocking(
        CODE,
        f"工作室“{name}”与已登记的“{other}”{how}，可能为同一工作室，请核对：{together}本年度"
        f"合计申报 {total} 项，此为第 {rank} 项，同一创新工作室申报不超过 {limit} 项"
        f"（{c.clause('project_studio')}）。如确为不同工作室，请运行 "
        + hint_named(f"boostdesk correct studios-distinct {shell_word(name)} {shell_word(other)}"
                     " --reason 原因")
        + " 确认",
        "studio_name")


def over_limit(reg: Any, c: Campaign, counted: Sequence[ProjectApplication],
               own_rank: dict[int, int]) -> dict[int, Finding]:
    """id(paper) -> the finding of each of ``counted`` (the campaign's papers counted
    towards their studios' limits, in order) past the limit with its near studios' papers,
    though within it by its own studio's (``own_rank``: id(paper) -> rank in its studio)."""
    sids = {a.studio_id for a in counted if a.studio_id is not None}
    if len(sids) < 2:
        return {}
    facts = studio_facts(reg.conn, sids)
    near = near_among(facts.values(), distinct_pairs(reg.conn))
    if not near:
        return {}
    limit = c.max_applications_per_studio
    order: dict[int, list[int]] = defaultdict(list)  # studio -> its papers' places
    for n, a in enumerate(counted):
        if a.studio_id in near:
            order[a.studio_id].append(n)
    out: dict[int, Finding] = {}
    for n, a in enumerate(counted):
        sid = a.studio_id
        if sid not in near or own_rank.get(id(a), 0) > limit:
            continue
        group = [sid, *near[sid]]
        places = sorted(p for g in group for p in order.get(g, ()))
        rank = places.index(n) + 1
        if rank > limit:
            # the near studio named: the one with the earliest paper
            first = min((g for g in near[sid] if order.get(g)), key=lambda g: order[g][0],
                        default=None)
            if first is None:
                continue
            more = [facts[g].name for g in near[sid] if g != first and order.get(g)]
            out[id(a)] = finding(c, facts[sid].name, facts[first].name, near[sid][first],
                                 len(places), rank, more)
    return out


def draft_finding(reg: Any, c: Campaign, app: ProjectApplication, sid: int | None,
                  own_rank: int) -> Finding | None:
    """The finding of a paper as typed (the form) whose studio, with those near it, is
    past the limit: its near studios' papers of the year before it, then its own
    ``own_rank`` (its place among its studio's papers)."""
    from boostdesk.studio_names import registered_near
    from boostdesk.validate import tidy_name

    name = tidy_name(app.studio_name)
    limit = c.max_applications_per_studio
    if not name or own_rank > limit:
        return None
    # a registered studio by its facts in the register, as the campaign's check takes it
    facts = (studio_facts(reg.conn, [sid]).get(sid) if sid is not None else None) or \
        StudioFacts(sid, name, tidy_name(app.leader), tidy_name(app.enterprise_name))
    distinct = distinct_pairs(reg.conn) if sid is not None else set()
    near = [n for n in registered_near(reg, facts.name, facts.leader, facts.enterprise)
            if n.studio.id is not None and n.studio.id != sid
            and frozenset((sid, n.studio.id)) not in distinct
            and not (n.by_name and enterprises_differ(n.studio.enterprise, facts.enterprise))]
    if not near:
        return None
    ids = [n.studio.id for n in near]
    marks = ", ".join("?" * len(ids))
    before = reg.scalar(
        "SELECT COUNT(*) FROM project_applications a JOIN campaigns c ON c.id = +a.campaign_id"
        f" WHERE c.year = ? AND a.studio_id IN ({marks}) AND (a.id < ? OR ? IS NULL)",
        (c.year, *ids, app.id, app.id))
    counts = dict(reg.conn.execute(
        "SELECT a.studio_id, COUNT(*) FROM project_applications a JOIN campaigns c"
        f" ON c.id = +a.campaign_id WHERE c.year = ? AND a.studio_id IN ({marks})"
        " GROUP BY a.studio_id", (c.year, *ids)).fetchall())
    rank = int(before or 0) + own_rank
    if rank <= limit:
        return None
    first = near[0]
    how = why_alike(name, first.studio.name) if first.by_name else BY_PEOPLE
    more = [n.studio.name for n in near[1:] if counts.get(n.studio.id)]
    return finding(c, name, first.studio.name, how, sum(counts.values()) + own_rank, rank, more)
