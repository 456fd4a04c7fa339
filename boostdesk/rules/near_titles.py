"""A project title that is nearly a registered project's (no Qt).

One project is one award (二（二）2): the rules catch a title sent again word for word
(the same folded key, ``search_text.title_key``), not 特钢连铸坯在线判定系统研发 for the
approved 特殊钢连铸坯质量在线判定系统研发, nor a word added (智能, 的). A paper whose title
is nearly a registered paper's of this year or the last gets a 提示 asking the clerk to
look (请核对): two studios can work on neighbouring problems.

Near: the longest common subsequence of the two folded titles is all of the shorter but one
character and at least ``LONG`` of the longer: words added or left out, not put for others
(冷轧产线主轴快速检修装置研制 and …工艺改进, …温度监测 and …运行状态监测: two projects);
or the same characters with words in another order (:func:`reordered`).
Candidates are the papers sharing one of the three rarest character pairs of the shorter
title (words added at a few places keep most of its pairs), so a campaign's check looks at
a few papers a title, not all of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import add
from typing import TYPE_CHECKING, Any, NamedTuple

from boostdesk.app_refs import id_ref
from boostdesk.models.records import PROJECT
from boostdesk.models.search_text import title_key
from boostdesk.models.workflow import STATUS_ZH

from .findings import Finding, warning
from .near_cleared import TITLES_KEY, cleared

if TYPE_CHECKING:
    from boostdesk.models.records import ProjectApplication

CODE = "NEAR_TITLE"
SHORT_MISSING, LONG = 1, 0.8  # of the shorter, not in common; of the longer, in common
REORDERED = 0.6  # of two titles' character pairs, shared (Dice), for words in another order
MIN_LENGTH = 6  # a title shorter than this is too generic to call a copy
RAREST = 3  # character pairs of a title looked up: a near title keeps one of its rarest
_WHOLE = 2000  # papers judged at once past which every near pair of the index is found
# A pair in more papers than this tells nothing (系统, 研究): a title all of whose pairs are
# so common is looked at by none (at 20,000 papers of stock words, every pair would be).
COMMON = 8
# A paper claiming nothing (资格审核不通过, 未获助推 — withdrawn, 不予助推 —, 撤销助推): no
# other paper's near copy. Its own 提示 stays (the one that stands is named), but the
# original beside a refused copy is asked about no more.
GONE = ("refused", "not_awarded", "revoked")


class Titled(NamedTuple):
    app_id: int
    year: int
    key: str
    title: str
    studio_id: int | None
    studio: str
    status: str


def lcs_length(a: str, b: str) -> int:
    """The longest common subsequence of two short strings (titles)."""
    if len(a) < len(b):
        a, b = b, a
    row = [0] * (len(b) + 1)
    for ch in a:
        prev = 0
        for j, other in enumerate(b, 1):
            keep = row[j]
            if ch == other:
                row[j] = prev + 1
            elif row[j - 1] > keep:
                row[j] = row[j - 1]
            prev = keep
    return row[-1]


def near(a: str, b: str) -> bool:
    """Whether folded title ``a`` is nearly ``b`` (not the same): the shorter all but
    ``SHORT_MISSING`` characters in the longer, in order, and that ``LONG`` of the longer."""
    if a == b or min(len(a), len(b)) < MIN_LENGTH:
        return False
    short, long_ = sorted((len(a), len(b)))
    if short < LONG * long_:
        return False
    # the characters in common bound the subsequence: most pairs end here, cheaply
    chars_a, chars_b = set(a), set(b)
    shared = len(chars_a & chars_b)
    if shared < min(len(chars_a), len(chars_b)) - SHORT_MISSING \
            or shared < LONG * max(len(chars_a), len(chars_b)):
        return False
    common = lcs_length(a, b)
    return (common >= short - SHORT_MISSING and common >= LONG * long_) or reordered(a, b)


def reordered(a: str, b: str) -> bool:
    """Whether two folded titles are the same words in another order (单克隆抗体纯化收率工艺
    提升 for …工艺收率提升, 室内5G分布… for 5G室内分布…): as :func:`near` counts characters,
    each counted as often as it is there, and ``REORDERED`` of their character pairs shared
    (words moved keep their own pairs; 温度监测 put for 运行状态监测 shares no characters)."""
    shared = sum((Counter(a) & Counter(b)).values())
    if shared < min(len(a), len(b)) - SHORT_MISSING or shared < LONG * max(len(a), len(b)):
        return False
    pairs_a, pairs_b = _pairs(a), _pairs(b)
    return 2 * len(pairs_a & pairs_b) >= REORDERED * (len(pairs_a) + len(pairs_b))


def _pairs(key: str) -> set[str]:
    return set(map(add, key, key[1:]))


class TitleIndex:
    """The registered papers of some years, by their titles' character pairs."""

    def __init__(self, papers: Iterable[tuple[Any, ...]]) -> None:
        """``papers``: :class:`Titled` or rows of its fields."""
        self.papers = [p for p in papers if len(p[2]) >= MIN_LENGTH]
        self.pairs = [_pairs(p[2]) for p in self.papers]
        self.count = Counter(chain.from_iterable(self.pairs))
        # only the pairs rare enough to look up are indexed (at 20,000 papers: few)
        self.rare = {b for b, n in self.count.items() if n <= COMMON}
        self.by_pair: dict[str, list[int]] = defaultdict(list)
        for i, pairs in enumerate(self.pairs):
            for pair in pairs & self.rare:
                self.by_pair[pair].append(i)
        self._by_rarest: dict[str, list[int]] | None = None

    def rarest(self, pairs: set[str]) -> list[str]:
        """The ``RAREST`` pairs of a paper of the index, in fewest papers first, of those
        in ``COMMON`` papers at most and in another paper (one only its own finds none:
        words in another order make such pairs where they meet, 化收 of 纯化收率)."""
        count = self.count
        rare = {b for b in pairs & self.rare if count[b] > 1}
        if len(rare) <= RAREST:
            return list(rare)
        return sorted(rare, key=lambda b: (count[b], b))[:RAREST]

    def looked_up(self, pairs: set[str]) -> list[str]:
        """The pairs a title is looked up by: each in one paper only (one candidate each),
        and the ``RAREST`` rarest in more (one its own title alone has finds no other)."""
        count = self.count
        single = [b for b in pairs if count[b] == 1]
        return single + sorted((b for b in pairs if count[b] > 1),
                               key=lambda b: (count[b], b))[:RAREST]

    def by_rarest(self) -> dict[str, list[int]]:
        """Each pair -> the papers it is one of the rarest pairs of (a title looked up
        may be the longer of two: the shorter keeps one of its rarest)."""
        if self._by_rarest is None:
            found: dict[str, list[int]] = defaultdict(list)
            for i, pairs in enumerate(self.pairs):
                for pair in self.rarest(pairs):
                    found[pair].append(i)
            self._by_rarest = found
        return self._by_rarest

    def nearest(self, key: str, app_id: int | None) -> Titled | None:
        """The registered paper (not ``app_id``) whose title is nearest ``key``, if near."""
        if len(key) < MIN_LENGTH:
            return None
        pairs = _pairs(key)
        by_rarest = self.by_rarest()
        # (its own pairs not yet counted: one of them may be rare only without it)
        found = {i for b in self.looked_up(pairs) for i in self.by_pair.get(b, ())}
        found.update(i for b in pairs for i in by_rarest.get(b, ()))
        best: tuple[float, int] | None = None
        for i in found:
            p = self.papers[i]
            if p[0] != app_id and p[6] not in GONE and near(key, p[2]):
                score = lcs_length(key, p[2]) / max(len(key), len(p[2]))
                if best is None or (-score, p[0]) < (-best[0], self.papers[best[1]][0]):
                    best = (score, i)  # the nearest; of those, the first registered
        return None if best is None else Titled(*self.papers[best[1]])

    def all_near(self) -> dict[int, int]:
        """Paper index -> the index of the paper nearest it, over all the index's papers
        (a campaign's check): each pair found from its shorter title's rarest pairs."""
        out: dict[int, tuple[float, int]] = {}
        by_pair, papers = self.by_pair, self.papers
        for i, pairs in enumerate(self.pairs):
            key = papers[i][2]
            n = len(key)
            if not pairs & self.rare:
                continue
            for b in self.rarest(pairs):
                for j in by_pair[b]:
                    other = papers[j][2]
                    m = len(other)
                    if m < n or n < LONG * m or j == i or not near(key, other):
                        continue
                    score = lcs_length(key, other) / m
                    for a, z in ((i, j), (j, i)):
                        if papers[z][6] in GONE:
                            continue
                        if a not in out or (-score, papers[z][0]) < (
                                -out[a][0], papers[out[a][1]][0]):
                            out[a] = (score, z)  # as nearest() picks
        return {a: z for a, (_, z) in out.items()}


_SQL = ("SELECT a.id, c.year, a.title_key, a.title, a.studio_id, COALESCE(s.name, ''), a.status"
        " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN studios s ON s.id = a.studio_id WHERE c.year IN (?, ?) AND a.title_key != ''")


def title_index(reg: Any, year: int) -> TitleIndex:
    """The papers of ``year`` and the year before, indexed: kept until the register
    changes (the form asks at every pause in typing)."""
    # (rows as read, Titled's fields in its order: no tuple made again for each of 20,000)
    return reg.kept(f"near_titles_{year}", lambda: TitleIndex(
        reg.conn.execute(_SQL, (year, year - 1)).fetchall()))


def finding(p: Titled) -> Finding:
    state = STATUS_ZH.get(p.status, p.status)
    return warning(
        CODE,
        f"项目名称与已登记的{id_ref(PROJECT, p.app_id)}“{p.title}”（{p.studio or '未填工作室'}，"
        f"{p.year} 年度，{state}）相近：请核对是否同一项目改名重复申报（方案二（二）2）",
        "title")


def near_titles(reg: Any, year: int, apps: Sequence[ProjectApplication]) -> dict[int, Finding]:
    """Index in ``apps`` -> the 提示 of a paper whose title is near a registered paper's
    of ``year`` or the year before (not its own)."""
    index = title_index(reg, year)
    distinct = cleared(reg.conn, TITLES_KEY)  # looked at and cleared (titles-distinct)
    out: dict[int, Finding] = {}
    if len(apps) > _WHOLE:  # a campaign's papers: every near pair of the index at once
        where = {p[0]: i for i, p in enumerate(index.papers)}
        pairs = index.all_near()
        for n, app in enumerate(apps):
            i = where.get(app.id) if app.id is not None else None
            if i is not None and i in pairs and index.papers[i][2] == title_key(app.title) \
                    and frozenset((app.id, index.papers[pairs[i]][0])) not in distinct:
                out[n] = finding(Titled(*index.papers[pairs[i]]))
        return out
    for n, app in enumerate(apps):
        key = title_key(app.title) if app.title else ""
        if key and (p := index.nearest(key, app.id)) is not None \
                and frozenset((app.id, p.app_id)) not in distinct:
            out[n] = finding(p)
    return out


def near_titles_of(reg: Any, year: int, keys: Iterable[str]) -> set[int]:
    """The papers of ``year`` (or the year before) whose titles are near one of ``keys``
    (a paper whose title changed: its neighbours' 提示 change with it)."""
    if reg.conn.execute(  # (the next year of the newest: no index of 20,000 titles built)
            "SELECT 1 FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = ? LIMIT 1", (year,)).fetchone() is None:
        return set()
    index = title_index(reg, year)
    by_rarest = index.by_rarest()
    found: set[int] = set()
    for key in keys:
        if len(key) < MIN_LENGTH:
            continue
        pairs = _pairs(key)
        candidates = {i for b in index.looked_up(pairs) for i in index.by_pair.get(b, ())}
        candidates.update(i for b in pairs for i in by_rarest.get(b, ()))
        found.update(index.papers[i][0] for i in candidates
                     if index.papers[i][1] == year and near(key, index.papers[i][2]))
    return found
