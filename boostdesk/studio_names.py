"""Which studios are probably one studio written two ways (no Qt).

A studio is one row across years: a paper naming it otherwise (刘志强 for 刘志强劳模创新工作室,
王海燕（职工）创新工作室 for 王海燕职工创新工作室) makes a second one, and the first one's
unaccepted award (方案二（一）) and its two papers a year (二（二）2) no longer count. Two studios
are *near* when their names agree but for the words papers add or leave out (职工, 劳模, 创新,
工作室, brackets, spaces), or when they have the same leader in the same enterprise.

One rule for the three places that ask: the intake form (is this the registered studio?),
the summary-table import (a note on the row) and the rules (a 提示 on the papers of a studio
near one with an unaccepted award).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from boostdesk import pinyin_order
from boostdesk.validate import tidy_name

# Words a paper adds to a studio's name or leaves out: 通信网络优化职工创新工作室 and
# 通信网络优化创新工作室 are one studio, and so are 李红兵劳模创新工作室, 李红兵创新工作室,
# 李红兵劳模 and 李红兵（劳模）创新工作室; 熊德职工技术创新工作室 is 熊德职工创新工作室 (技术
# only before 创新: 熊德技能大师工作室 and 熊德技术攻关工作室 stay studios of their own).
_NAME_FILLERS = re.compile(r"\s+|职工|劳模|技术(?=创新)|创新|工作室|[()（）]")

BY_NAME = "名称只差“职工”“劳模”“技术”“创新”“工作室”、括号或空格"
BY_PEOPLE = "领衔人和所在单位相同"


@lru_cache(maxsize=1 << 16)  # a studio's name is looked at again at every pause in typing
def name_core(name: str) -> str:
    """A studio's name without the words papers add or leave out."""
    return _NAME_FILLERS.sub("", tidy_name(name))


class StudioFacts(NamedTuple):
    """What makes a studio near another: its name, leader and enterprise (by name)."""

    id: int | None  # None: a studio not registered yet (a paper being typed)
    name: str
    leader: str
    enterprise: str


def people_key(leader: str | None, enterprise: str | None) -> tuple[str, str] | None:
    """(leader, enterprise), tidied, when both are known: one alone says nothing."""
    leader, enterprise = tidy_name(leader), tidy_name(enterprise)
    return (leader, enterprise) if leader and enterprise else None


class Near(NamedTuple):
    studio: StudioFacts
    by_name: bool  # named alike; else the same leader and enterprise


class NearIndex:
    """Studios by the core of their names and by (leader, enterprise)."""

    def __init__(self, studios: Iterable[StudioFacts] = ()) -> None:
        self.by_core: dict[str, list[StudioFacts]] = {}
        self.by_people: dict[tuple[str, str], list[StudioFacts]] = {}
        for s in studios:
            if core := name_core(s.name):
                self.by_core.setdefault(core, []).append(s)
            if key := people_key(s.leader, s.enterprise):
                self.by_people.setdefault(key, []).append(s)

    def __bool__(self) -> bool:
        return bool(self.by_core or self.by_people)

    def near(self, name: str, leader: str = "", enterprise: str = "",
             itself: int | None = None) -> list[Near]:
        """The studios near one of this name, leader and enterprise, not itself (by id, or
        by name when it has none): those named alike first, then those of the same leader
        and enterprise, each in pinyin order."""
        name = tidy_name(name)
        out: list[Near] = []
        seen: set[int | None] = {itself} if itself is not None else set()

        def take(found: Iterable[tuple[Any, ...]], by_name: bool) -> None:
            for s in sorted(found, key=_order):
                if s[0] not in seen and s[1] != name:
                    seen.add(s[0])
                    out.append(Near(_facts(s), by_name))

        core = name_core(name) if name else ""
        if core:
            take(self.by_core.get(core, ()), True)
        if key := people_key(leader, enterprise):
            take(self.by_people.get(key, ()), False)
        return out

    def shares_key(self, name: str, leader: str, enterprise: str) -> bool:
        """Whether a studio of these facts shares a core or (leader, enterprise) with one
        of the index."""
        core = name_core(name)
        key = people_key(leader, enterprise)
        return bool((core and core in self.by_core) or (key and key in self.by_people))


def _order(s: tuple[Any, ...]) -> tuple[str, int]:
    return (pinyin_order.sort_key(s[1]) or "", s[0] or 0)


# -- the register's studios ------------------------------------------------------------
FACTS_SQL = ("SELECT s.id, s.name, s.leader, e.name FROM studios s"
             " LEFT JOIN enterprises e ON e.id = s.enterprise_id")


def _facts(row: tuple[Any, ...]) -> StudioFacts:
    return row if isinstance(row, StudioFacts) else StudioFacts(
        row[0], row[1], row[2] or "", row[3] or "")


def registered_near(reg: Any, name: str, leader: str = "", enterprise: str = "",
                    many: bool = False) -> list[Near]:
    """The registered studios near a studio of this name, leader and enterprise (not of
    this name), as :meth:`NearIndex.near` orders them. The names' cores are read once until
    the register changes (the form asks at every pause in typing); the leader and
    enterprise are looked up in SQL, or, ``many`` (an import's new studios), in an index of
    every studio read once."""
    name = tidy_name(name)
    core = name_core(name) if name else ""
    ids = list(_registered_cores(reg).get(core, ())) if core else []
    key = people_key(leader, enterprise)
    people: list[int] = []
    if key and many:
        people = list(reg.kept("studios_by_people", lambda: _by_people(reg)).get(key, ()))
    elif key:
        people = [i for (i,) in reg.conn.execute(
            "SELECT s.id FROM studios s JOIN enterprises e ON e.id = s.enterprise_id"
            " WHERE s.leader = ? AND e.name = ?", key)]
    if not ids and not people:
        return []
    facts = studio_facts(reg.conn, {*ids, *people})
    index = NearIndex()
    index.by_core = {core: [facts[i] for i in ids if i in facts]} if ids else {}
    index.by_people = {key: [facts[i] for i in people if i in facts]} if key and people else {}
    return index.near(name, leader, enterprise)


def _registered_cores(reg: Any) -> dict[str, list[int]]:
    """Studio ids by the core of their names: read once until the register changes (at
    14,000 studios, 0.2–0.5 s a pause scanning them all)."""
    def build() -> dict[str, list[int]]:
        by_core: dict[str, list[int]] = {}
        for studio_id, name in reg.conn.execute("SELECT id, name FROM studios"):
            if core := name_core(name):
                by_core.setdefault(core, []).append(studio_id)
        return by_core
    return reg.kept("studios_by_core", build)


def _by_people(reg: Any) -> dict[tuple[str, str], list[int]]:
    by_people: dict[tuple[str, str], list[int]] = {}
    for studio_id, leader, enterprise in reg.conn.execute(
            "SELECT s.id, s.leader, e.name FROM studios s JOIN enterprises e"
            " ON e.id = s.enterprise_id WHERE s.leader != ''"):
        by_people.setdefault((leader, enterprise), []).append(studio_id)
    return by_people


def studio_facts(conn: Any, ids: Iterable[int]) -> dict[int, StudioFacts]:
    """The facts of these registered studios, by id."""
    from boostdesk.models.record_rows import select_in

    wanted = set(ids)
    if len(wanted) > 2000:  # most of them: one pass over the table, not a chunk at a time
        rows = [r for r in conn.execute(FACTS_SQL) if r[0] in wanted]
    else:
        rows = select_in(conn, FACTS_SQL + " WHERE s.id IN", wanted)
    return {r[0]: _facts(r) for r in rows}


def studios_near(conn: Any, studios: Iterable[StudioFacts]) -> set[int]:
    """The registered studios near any of ``studios`` (whose facts may be ones they had
    before a write). Few: their names filtered in SQL by three characters of each core
    (every character of a core is in each name it is the core of), their leaders by the
    enterprises' ids; many (an import's): one pass over the studios."""
    from boostdesk.models.record_rows import select_in

    studios = list(studios)
    if not studios:
        return set()
    index = NearIndex(studios)
    if len(studios) > 30:
        return {int(r[0]) for r in conn.execute(FACTS_SQL)
                if index.shares_key(r[1], r[2] or "", r[3] or "")}
    found: set[int] = set()
    where: list[str] = []
    params: list[str] = []
    for core in index.by_core:
        marks = list(dict.fromkeys((core[0], core[len(core) // 2], core[-1])))
        where.append("(" + " AND ".join("instr(name, ?)" for _ in marks) + ")")
        params += marks
    if where:
        found.update(int(i) for i, name in conn.execute(
            f"SELECT id, name FROM studios WHERE {' OR '.join(where)}", params)
            if name_core(name) in index.by_core)
    if index.by_people:
        ids = dict(select_in(conn, "SELECT name, id FROM enterprises WHERE name IN",
                             {e for _, e in index.by_people}))
        pairs = [(leader, ids[e]) for leader, e in index.by_people if e in ids]
        if pairs:
            found.update(int(i) for (i,) in conn.execute(
                "SELECT id FROM studios WHERE "
                + " OR ".join("(leader = ? AND enterprise_id = ?)" for _ in pairs),
                [v for pair in pairs for v in pair]))
    return found


# -- one studio written two ways, taken as the registered one --------------------------
def same_leader(a: str, b: str) -> bool:
    """Whether two leaders may be one: the same, or one of them not given."""
    a, b = tidy_name(a), tidy_name(b)
    return not a or not b or a == b


def registered_same(reg: Any, name: str, leader: str = "") -> StudioFacts | None:
    """The one registered studio a studio typed ``name`` (not registered under that name)
    is, by this module's rule for names — its name's core — with the same leader where
    both give one; None when there is none, or more than one (the clerk decides those).
    A studio of the same leader and enterprise named otherwise is not taken: 熊德技能大师
    工作室 beside 熊德职工创新工作室 may be a second studio of his."""
    name = tidy_name(name)
    if not name or reg.scalar("SELECT 1 FROM studios WHERE name = ?", (name,)):
        return None
    found = [n.studio for n in registered_near(reg, name) if n.by_name
             and same_leader(n.studio.leader, leader)]
    return found[0] if len(found) == 1 else None


class Variant(NamedTuple):
    """A registered studio written otherwise than the one it would join."""

    studio: StudioFacts
    into: StudioFacts | None  # None: ambiguous, left for the clerk
    others: tuple[StudioFacts, ...] = ()  # an ambiguous one's candidates


def register_variants(conn: Any) -> list[Variant]:
    """The register's studios that are one studio written two ways (same name core, the
    same leader where both give one): each variant with the studio it would join — the
    one the register uses most (its earlier awards, then its papers; then the one
    registered first), the name most papers and lists already carry — or, where the
    group's leaders differ, listed with its candidates and left alone. In pinyin order of
    the studio joined."""
    used = dict(conn.execute(
        "SELECT s.id, (SELECT COUNT(*) FROM studio_awards w WHERE w.studio_id = s.id) * 1000000"
        " + (SELECT COUNT(*) FROM project_applications a WHERE a.studio_id = s.id)"
        " FROM studios s"))
    groups: dict[str, list[StudioFacts]] = {}
    for row in conn.execute(FACTS_SQL + " ORDER BY s.id"):
        facts = _facts(row)
        if core := name_core(facts.name):
            groups.setdefault(core, []).append(facts)
    out: list[Variant] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda s: (-used.get(s.id, 0), s.id or 0))
        leaders = {tidy_name(s.leader) for s in group} - {""}
        first, *rest = group
        if len(leaders) <= 1:
            out += [Variant(s, first) for s in rest]
        else:
            out += [Variant(s, None, tuple(o for o in group if o is not s)) for s in group]
    out.sort(key=lambda v: (_order(v.into or v.studio), _order(v.studio)))
    return out
