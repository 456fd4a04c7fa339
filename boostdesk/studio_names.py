"""Which studios are probably one studio written two ways (no Qt).

A studio is one row across years: a paper naming it otherwise (刘志强 for 刘志强劳模创新工作室,
王海燕（职工）创新工作室 for 王海燕职工创新工作室) makes a second one, and the first one's
unaccepted award (方案二（一）) and its two papers a year (二（二）2) no longer count. Two studios
are *near* when their names agree but for the words papers add or leave out (职工, 劳模, 创新,
工作室, brackets, spaces), the city or a run of the enterprise's name before it, a bracketed
word after it (:func:`name_variants`), or when they have the same leader in the same
enterprise.

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
from boostdesk.hanzi_fold import character_forms, simplified, spellings
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
    """A studio's name without the words papers add or leave out, in simplified
    characters (劉志強勞模創新工作室 is 刘志强劳模创新工作室 copied)."""
    return _NAME_FILLERS.sub("", simplified(tidy_name(name)))


# A bracketed word after the name (李红兵劳模创新工作室（特钢）: the works or branch), and the
# city or the enterprise's own words before it (北京电子城精密仪器装调创新工作室 of 北京电子城
# 精密仪器有限公司): said or left out, still the studio of that core.
_TRAILING = re.compile(r"[(（][^()（）]*[)）]\s*$")
_PLACES = ("北京市", "北京")
MIN_VARIANT = 4  # a core left after a prefix is cut: this long at least (no generic 装调)
BY_VARIANT = "名称只差所在单位或地名前缀、名称后括号中的文字"


@lru_cache(maxsize=1 << 16)
def name_variants(name: str, enterprise: str = "") -> tuple[str, ...]:
    """The cores a studio's name may be meant as beside its own (:func:`name_core`):
    without a trailing bracketed word, without the city or a run of its enterprise's name
    before it (that run two characters or more, the rest ``MIN_VARIANT``)."""
    # (enterprise as given: the register's names are tidy; one typed is looked in as is)
    core = name_core(name)
    bases = [core]
    name, enterprise = name.rstrip(), simplified(enterprise)
    if name[-1:] in ")）" and (m := _TRAILING.search(name)) and (
            cut := name_core(name[:m.start()])):
        bases.append(cut)
    out: list[str] = []
    for base in bases:
        out.append(base)
        for place in _PLACES:
            if base.startswith(place) and len(base) - len(place) >= MIN_VARIANT:
                out.append(base[len(place):])
                break
        if enterprise:
            out += [base[k:] for k in range(2, len(base) - MIN_VARIANT + 1)
                    if base[:k] in enterprise]
    return tuple(v for v in dict.fromkeys(out) if v and v != core)


def enterprises_differ(a: str | None, b: str | None) -> bool:
    """Whether both enterprises are known and not the same: a name cut to another's
    (:func:`name_variants`) in another enterprise is another studio (恒润生物田玉技能大师
    工作室 beside 田玉技能大师工作室 of 京诚电力: two people named 田玉). One enterprise written
    two ways (北京丰台轨道交通装备有限公司 and …有限责任公司, a slip: ``near_names.alike``)
    is not two: its studio's papers written so still count towards one limit (二（二）2)."""
    from boostdesk.near_names import alike

    a, b = simplified(tidy_name(a)), simplified(tidy_name(b))
    return bool(a and b and a != b and not alike(a, b))


def same_enterprise(a: str | None, b: str | None) -> bool:
    """Whether both enterprises are known and one, however written (``enterprises_differ``):
    the same leader in 北京丰台轨道交通装备有限公司 and in …有限责任公司 is one leader in one
    enterprise (``BY_PEOPLE``)."""
    return bool(tidy_name(a) and tidy_name(b)) and not enterprises_differ(a, b)


# -- one name, two studios ---------------------------------------------------------------
# A studio is its name and its enterprise: 技术创新工作室 is a name many enterprises give
# theirs. The register keys studios by name (every list, completer and correction does),
# so a second studio of a registered name is registered with its enterprise after it in
# brackets — the form name_variants already reads as that studio's (李红兵劳模创新工作室
# （特钢）), and enterprises_differ keeps from the first one's papers and limit.
def another_studio(known: StudioFacts, leader: str, enterprise: str) -> bool:
    """Whether a paper naming the registered studio ``known`` with this leader and
    enterprise is another studio of the same name: its enterprise another one (not the
    same written otherwise) and its leader another one (both given). The same leader in
    another enterprise, or the same enterprise with another leader, is the registered
    studio whose facts the paper gives otherwise (按登记册登记, the office decides)."""
    return enterprises_differ(known.enterprise, enterprise) and not same_leader(
        known.leader, leader)


def own_name(name: str, enterprise: str) -> str:
    """The register's name for a second studio named ``name``: 技术创新工作室（北京丰台物流科技
    有限公司）."""
    return f"{tidy_name(name)}（{tidy_name(enterprise)}）"


def another_studio_note(row: int | None, name: str, known: StudioFacts, leader: str,
                        enterprise: str, paper: str = "表中") -> str:
    """What the import (``paper`` 表中) and the form (申报书) say of a paper registered as
    another studio of a registered (or an earlier row's) studio's name."""
    def whose(enterprise: str, leader: str) -> str:
        return enterprise + (f"（领衔人{leader}）" if leader else "")

    where = f"第 {row} 行：" if row is not None else ""
    was = "登记册中" if known.id is not None else "前面行中"
    return (f"{where}{was}的“{tidy_name(name)}”是{whose(known.enterprise, known.leader)}"
            f"的工作室，{paper}为{whose(tidy_name(enterprise), tidy_name(leader))}：所在单位和"
            f"领衔人都不同，按另一个同名工作室登记为“{own_name(name, enterprise)}”，"
            f"不计入{was}那个工作室的申报项数和往年助推；"
            + ("如确为同一工作室（所在单位已变更），请先在“工作室”中更正其所在单位和领衔人"
               + ("后重新导入" if paper == "表中" else "") if known.id is not None
               else "如确为同一工作室，请核对表中各行的所在单位和领衔人"))


def why_alike(name: str, other: str) -> str:
    """How two studios named alike differ, as the questions say it."""
    return BY_NAME if name_core(name) == name_core(other) else BY_VARIANT


class StudioFacts(NamedTuple):
    """What makes a studio near another: its name, leader and enterprise (by name)."""

    id: int | None  # None: a studio not registered yet (a paper being typed)
    name: str
    leader: str
    enterprise: str


@lru_cache(maxsize=1 << 16)  # each studio's asked by the near rules of one check, twice
def people_key(leader: str | None, enterprise: str | None) -> tuple[str, str] | None:
    """(leader, enterprise), tidied and in simplified characters, when both are known:
    one alone says nothing."""
    leader, enterprise = simplified(tidy_name(leader)), simplified(tidy_name(enterprise))
    return (leader, enterprise) if leader and enterprise else None


class Near(NamedTuple):
    studio: StudioFacts
    by_name: bool  # named alike; else the same leader and enterprise


class NearIndex:
    """Studios by the core of their names and by (leader, enterprise)."""

    def __init__(self, studios: Iterable[StudioFacts] = ()) -> None:
        self.by_core: dict[str, list[StudioFacts]] = {}
        self.by_variant: dict[str, list[StudioFacts]] = {}  # name_variants
        # by leader: their enterprises compared as written otherwise too (same_enterprise)
        self.by_people: dict[str, list[StudioFacts]] = {}
        for s in studios:
            if core := name_core(s.name):
                self.by_core.setdefault(core, []).append(s)
            for variant in name_variants(s.name, s.enterprise):
                self.by_variant.setdefault(variant, []).append(s)
            if key := people_key(s.leader, s.enterprise):
                self.by_people.setdefault(key[0], []).append(s)

    def __bool__(self) -> bool:
        return bool(self.by_core or self.by_people)

    def named_alike(self, name: str, enterprise: str = "") -> list[StudioFacts]:
        """The studios of the same core as ``name``, or one a variant of the other's
        (:func:`name_variants`)."""
        core = name_core(name)
        if not core:
            return []
        cut = [*self.by_variant.get(core, ())]
        for variant in name_variants(name, enterprise):
            cut += self.by_core.get(variant, ())
        return [*self.by_core.get(core, ()),
                *(s for s in cut if not enterprises_differ(s.enterprise, enterprise))]

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

        if name:
            take(self.named_alike(name, enterprise), True)
        if people_key(leader, enterprise):
            take(self.same_people(leader, enterprise), False)
        return out

    def same_people(self, leader: str, enterprise: str) -> list[StudioFacts]:
        """The studios of this leader in this enterprise (written otherwise too)."""
        key = people_key(leader, enterprise)
        return [s for s in self.by_people.get(key[0], ())
                if same_enterprise(s.enterprise, enterprise)] if key else []

    def shares_key(self, name: str, leader: str, enterprise: str) -> bool:
        """Whether a studio of these facts shares a core or (leader, enterprise) with one
        of the index."""
        return bool(self.same_people(leader, enterprise) or self.named_alike(name, enterprise))


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
    the register changes (the form asks at every pause in typing), and so are the studios
    by leader and enterprise. ``many``: an import's new studios (the same lookups)."""
    name = tidy_name(name)
    core = name_core(name) if name else ""
    ids: list[int] = []
    if core:
        cores = _registered_cores(reg)
        ids += cores.get(core, ())
        ids += _registered_variants(reg).get(core, ())
        for variant in name_variants(name, enterprise):
            ids += cores.get(variant, ())
    key = people_key(leader, enterprise)
    people: list[int] = []
    if key:  # (no index on a studio's leader: SQL walked every studio at each pause);
        # the leader's studios, their enterprises compared by NearIndex (same_enterprise)
        people = list(reg.kept("studios_by_people", lambda: _by_people(reg)).get(key[0], ()))
    if not ids and not people:
        return []
    return NearIndex(studio_facts(reg.conn, {*ids, *people}).values()).near(
        name, leader, enterprise)


def _registered_variants(reg: Any) -> dict[str, list[int]]:
    """Studio ids by the variants of their names (:func:`name_variants`), as
    :func:`_registered_cores`."""
    def build() -> dict[str, list[int]]:
        by_variant: dict[str, list[int]] = {}
        for studio_id, name, _, enterprise in reg.conn.execute(FACTS_SQL):
            for variant in name_variants(name, enterprise or ""):
                by_variant.setdefault(variant, []).append(studio_id)
        return by_variant
    return reg.kept("studios_by_variant", build)


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


def _by_people(reg: Any) -> dict[str, list[int]]:
    """Studio ids of an enterprise by their leaders (simplified)."""
    by_people: dict[str, list[int]] = {}
    for studio_id, leader, enterprise in reg.conn.execute(
            "SELECT s.id, s.leader, e.name FROM studios s JOIN enterprises e"
            " ON e.id = s.enterprise_id WHERE s.leader != ''"):
        if key := people_key(leader, enterprise):
            by_people.setdefault(key[0], []).append(studio_id)
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
    # (a variant's characters are in the name it is a variant of, and in the name whose
    # core it is)
    for core in {*index.by_core, *index.by_variant}:
        marks = list(dict.fromkeys((core[0], core[len(core) // 2], core[-1])))
        # (a core is folded: a name stored in traditional characters has one of their forms)
        forms = [character_forms(m) for m in marks]
        where.append("(" + " AND ".join(
            "(" + " OR ".join("instr(s.name, ?)" for _ in f) + ")" for f in forms) + ")")
        params += [c for f in forms for c in f]
    if where:
        found.update(int(r[0]) for r in conn.execute(
            f"{FACTS_SQL} WHERE {' OR '.join(where)}", params)
            if index.named_alike(r[1], r[3] or ""))
    if index.by_people:
        # the leaders' studios (the keys are folded: the register's names may be in
        # traditional characters), their enterprises compared as written otherwise too
        found.update(int(r[0]) for r in select_in(
            conn, FACTS_SQL + " WHERE s.leader IN",
            {s for leader in index.by_people for s in spellings(leader)})
            if index.same_people(r[2] or "", r[3] or ""))
    return found


# -- one studio written two ways, taken as the registered one --------------------------
def same_leader(a: str, b: str) -> bool:
    """Whether two leaders may be one: the same, or one of them not given."""
    a, b = simplified(tidy_name(a)), simplified(tidy_name(b))  # (劉志強 is 刘志强)
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
    one the register uses most (its earlier awards; then one written in simplified
    characters; then its papers; then the one registered first), the name most papers and
    lists already carry — or, where the
    group's leaders differ, listed with its candidates and left alone. In pinyin order of
    the studio joined."""
    used = dict(conn.execute(
        "SELECT s.id, (SELECT COUNT(*) FROM studio_awards w WHERE w.studio_id = s.id) * 1000000"
        " + (SELECT COUNT(*) FROM project_applications a WHERE a.studio_id = s.id)"
        " FROM studios s"))
    groups: dict[str, list[StudioFacts]] = {}
    variants: list[tuple[StudioFacts, tuple[str, ...]]] = []
    for row in conn.execute(FACTS_SQL + " ORDER BY s.id"):
        facts = _facts(row)
        if core := name_core(facts.name):
            groups.setdefault(core, []).append(facts)
            if more := name_variants(facts.name, facts.enterprise):
                variants.append((facts, more))
    # a name one of whose variants is another studio's core joins that core's group (the
    # first such core, the longest variant's: the least cut off)
    for facts, more in variants:
        into = next((v for v in sorted(more, key=len, reverse=True) if v in groups and not any(
            enterprises_differ(o.enterprise, facts.enterprise) for o in groups[v])), None)
        core = name_core(facts.name)
        if into is not None and len(groups[core]) == 1:
            del groups[core]
            groups[into].append(facts)
    out: list[Variant] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        # the awarded first; then one in simplified characters (偽劣… typed first in a table
        # beside 伪劣…: the name lists and letters print is the one as it is written)
        group.sort(key=lambda s: (-(used.get(s.id, 0) // 1000000),
                                  simplified(s.name) != s.name, -used.get(s.id, 0), s.id or 0))
        leaders = {simplified(tidy_name(s.leader)) for s in group} - {""}
        first, *rest = group
        if len(leaders) <= 1:
            out += [Variant(s, first) for s in rest]
        else:
            out += [Variant(s, None, tuple(o for o in group if o is not s)) for s in group]
    out.sort(key=lambda v: (_order(v.into or v.studio), _order(v.studio)))
    return out
