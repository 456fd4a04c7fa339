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

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from boostdesk.app_refs import id_ref
from boostdesk.models.record_rows import select_in
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


class _Near:
    """What finds the papers near a title, over the registered papers of some years as
    each kind holds them (a paper: its handle), by each pair's papers in ``COMMON`` at
    most (:meth:`rare`) and how many papers have it (:meth:`count`)."""

    gone: frozenset[int] = frozenset()  # papers of a status in GONE: no one's near copy

    def count(self, pair: str) -> int:
        """The papers with this pair; past ``COMMON`` any larger number may be given."""
        raise NotImplementedError

    def rare(self, pair: str) -> Sequence[int]:
        """The papers of a pair in ``COMMON`` papers at most (else none: it tells nothing)."""
        raise NotImplementedError

    def key(self, paper: int) -> str:
        raise NotImplementedError

    def app_id(self, paper: int) -> int:
        raise NotImplementedError

    def year(self, paper: int) -> int:
        raise NotImplementedError

    def rarest(self, pairs: set[str]) -> list[str]:
        """The ``RAREST`` pairs of a paper's title, in fewest papers first, of those in
        ``COMMON`` papers at most and in another paper (one only its own finds none: words
        in another order make such pairs where they meet, 化收 of 纯化收率)."""
        rare = [b for b in pairs if len(self.rare(b)) > 1]
        if len(rare) <= RAREST:
            return rare
        return sorted(rare, key=lambda b: (self.count(b), b))[:RAREST]

    def looked_up(self, pairs: set[str]) -> list[str]:
        """The pairs a title is looked up by: each in one paper only (one candidate each),
        and the ``RAREST`` rarest in more (one its own title alone has finds no other)."""
        counts = {b: self.count(b) for b in pairs}
        single = [b for b, n in counts.items() if n == 1]
        return single + sorted((b for b, n in counts.items() if n > 1),
                               key=lambda b: (counts[b], b))[:RAREST]

    def near_ones(self, key: str) -> set[int]:
        """The papers (``key``'s own too) whose titles are near ``key`` and looked at:
        those of the pairs it is looked up by (:meth:`looked_up`; its own pairs counted
        with it if it is registered: one may be rare only without it), and those one of
        whose own rarest pairs it has (it may be the longer of two: the shorter keeps one
        of its rarest)."""
        if len(key) < MIN_LENGTH:
            return set()
        pairs = _pairs(key)
        first = {i for b in self.looked_up(pairs) for i in self.rare(b)}
        out = set()
        for i in {i for b in pairs for i in self.rare(b)}:
            other = self.key(i)
            if near(key, other) and (i in first or not pairs.isdisjoint(
                    self.rarest(_pairs(other)))):
                out.add(i)
        return out

    def nearest(self, key: str, app_id: int | None) -> int | None:
        """The registered paper (its id; not ``app_id``) whose title is nearest ``key``,
        if near: of those, the first registered."""
        best: tuple[float, int] | None = None
        for i in self.near_ones(key):
            other, found = self.key(i), self.app_id(i)
            if found == app_id or found in self.gone:  # (a refused copy: no one's)
                continue
            score = lcs_length(key, other) / max(len(key), len(other))
            if best is None or (-score, found) < (-best[0], best[1]):
                best = (score, found)
        return None if best is None else best[1]


class TitleIndex(_Near):
    """The papers by their titles' character pairs, each pair's papers (ids) listed: a
    campaign's check, or many papers judged at once."""

    def __init__(self, papers: Iterable[tuple[int, int, str]]) -> None:
        """``papers``: rows of (application id, year, folded title)."""
        self.papers: dict[int, tuple[int, str]] = {}  # id -> (year, folded title)
        self.by_pair: dict[str, list[int]] = defaultdict(list)
        for app_id, year, key in papers:
            if len(key) >= MIN_LENGTH:
                self.papers[app_id] = (year, key)
                for pair in set(map(add, key, key[1:])):
                    self.by_pair[pair].append(app_id)

    def count(self, pair: str) -> int:
        return len(self.by_pair.get(pair, ()))

    def rare(self, pair: str) -> Sequence[int]:
        found = self.by_pair.get(pair, ())
        return found if len(found) <= COMMON else ()

    def key(self, paper: int) -> str:
        return self.papers[paper][1]

    def app_id(self, paper: int) -> int:
        return paper

    def year(self, paper: int) -> int:
        return self.papers[paper][0]

    def all_near(self) -> dict[int, int]:
        """Paper -> the paper nearest it, over all the index's papers (a campaign's
        check): each pair found from its shorter title's rarest pairs."""
        out: dict[int, tuple[float, int]] = {}
        papers, by_pair = self.papers, self.by_pair
        # (as rarest(): the pairs of another paper too, in COMMON papers at most)
        count = {b: len(found) for b, found in by_pair.items() if 1 < len(found) <= COMMON}
        for i, (_, key) in papers.items():
            rare = [b for b in _pairs(key) if b in count]
            if len(rare) > RAREST:  # (as rarest())
                rare = sorted(rare, key=lambda b: (count[b], b))[:RAREST]
            n = len(key)
            for b in rare:
                for j in by_pair[b]:
                    other = papers[j][1]
                    m = len(other)
                    if m < n or n < LONG * m or j == i or not near(key, other):
                        continue
                    score = lcs_length(key, other) / m
                    for a, z in ((i, j), (j, i)):
                        if z in self.gone:
                            continue
                        if a not in out or (-score, z) < (-out[a][0], out[a][1]):
                            out[a] = (score, z)  # as nearest() picks
        return {a: z for a, (_, z) in out.items()}


class TitleText(_Near):
    """The papers' titles as one text, a pair's papers found in it when a title asks for
    them (a paper: its place): a save's few titles look up some hundred pairs, where
    indexing the 20,000 titles of a year took a save 0.2 s."""

    def __init__(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """``rows``: (year, its papers' ids joined by commas, their folded titles by
        newlines: none has one)."""
        self.ids: list[str] = []  # (read as numbers when found: 20,000 made for a few)
        self.years: list[int] = []
        keys: list[str] = []
        for year, ids, titles in rows:
            these = titles.split("\n")
            self.ids += ids.split(",")
            self.years += [year] * len(these)
            keys += these
        self.keys = keys
        self.text = "\n".join(keys)
        # where each title starts in the text: the lengths before it, and a newline each
        self.starts = list(map(add, accumulate(map(len, keys), initial=0),
                               range(len(keys) + 1)))
        self._found: dict[str, list[int]] = {}

    def _papers(self, pair: str) -> list[int]:
        """The places of the first ``COMMON`` + 1 papers with this pair (more: common)."""
        found = self._found.get(pair)
        if found is None:
            found = []
            find, starts, last = self.text.find, self.starts, -1
            at = find(pair)
            while at >= 0:
                paper = bisect_right(starts, at) - 1
                if paper != last:  # (a title may have a pair twice)
                    found.append(paper)
                    if len(found) > COMMON:
                        break
                    last = paper
                at = find(pair, at + 1)
            self._found[pair] = found
        return found

    def count(self, pair: str) -> int:
        return len(self._papers(pair))

    def rare(self, pair: str) -> Sequence[int]:
        found = self._papers(pair)
        return found if len(found) <= COMMON else ()

    def key(self, paper: int) -> str:
        return self.keys[paper]

    def app_id(self, paper: int) -> int:
        return int(self.ids[paper])

    def year(self, paper: int) -> int:
        return self.years[paper]


_YEARS = ("FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
          " WHERE c.year IN (?, ?) AND length(a.title_key) >= ?")
_TITLED = ("SELECT a.id, c.year, a.title_key, a.title, a.studio_id, COALESCE(s.name, ''),"
           " a.status FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
           " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.id IN")
_T = TypeVar("_T", bound="_Near")
FEW = 30  # titles looked up at once up to which a year's titles are read as one text


def _gone(reg: Any, year: int) -> frozenset[int]:
    """The papers of ``year`` and the year before of a status in ``GONE`` (a few)."""
    return frozenset(i for (i,) in reg.conn.execute(
        f"SELECT a.id {_YEARS} AND a.status IN ({', '.join('?' * len(GONE))})",
        (year, year - 1, MIN_LENGTH, *GONE)))


def _with_gone(titles: _T, reg: Any, year: int) -> _T:
    titles.gone = _gone(reg, year)
    return titles


def title_index(reg: Any, year: int) -> TitleIndex:
    """The papers of ``year`` and the year before, indexed: kept until the register
    changes."""
    return reg.kept(f"near_titles_{year}", lambda: _with_gone(TitleIndex(reg.conn.execute(
        "SELECT a.id, c.year, a.title_key " + _YEARS, (year, year - 1, MIN_LENGTH))),
        reg, year))


def title_text(reg: Any, year: int) -> TitleText:
    """:func:`title_index`'s papers as one text, for a few titles (a save's re-check; the
    form, which asks at every pause in typing): kept until the register changes."""
    return reg.kept(f"near_titles_text_{year}", lambda: _with_gone(TitleText(reg.conn.execute(
        "SELECT c.year, group_concat(a.id), group_concat(a.title_key, char(10)) "
        + _YEARS + " GROUP BY c.year", (year, year - 1, MIN_LENGTH))), reg, year))


def _titles(reg: Any, year: int, asked: int) -> _Near:
    return title_text(reg, year) if asked <= FEW else title_index(reg, year)


def titled(reg: Any, ids: Iterable[int]) -> dict[int, Titled]:
    """The papers of these ids as a finding quotes them."""
    return {r[0]: Titled(*r) for r in select_in(reg.conn, _TITLED, set(ids))}


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
    distinct = cleared(reg.conn, TITLES_KEY)  # looked at and cleared (titles-distinct)
    nearest: dict[int, int] = {}
    if len(apps) > _WHOLE:  # a campaign's papers: every near pair of the index at once
        index = title_index(reg, year)
        pairs = index.all_near()
        for n, app in enumerate(apps):
            paper = index.papers.get(app.id) if app.id is not None else None
            if paper is not None and app.id in pairs and paper[1] == title_key(app.title) \
                    and frozenset((app.id, pairs[app.id])) not in distinct:
                nearest[n] = pairs[app.id]
    else:
        titles = _titles(reg, year, len(apps))
        for n, app in enumerate(apps):
            key = title_key(app.title) if app.title else ""
            if key and (i := titles.nearest(key, app.id)) is not None \
                    and frozenset((app.id, i)) not in distinct:
                nearest[n] = i
    if not nearest:
        return {}
    papers = titled(reg, nearest.values())
    return {n: finding(papers[i]) for n, i in nearest.items()}


def near_titles_of(reg: Any, year: int, keys: Iterable[str]) -> set[int]:
    """The papers of ``year`` (or the year before) whose titles are near one of ``keys``
    (a paper whose title changed: its neighbours' 提示 change with it)."""
    if reg.conn.execute(  # (the next year of the newest: no titles read)
            "SELECT 1 FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = ? LIMIT 1", (year,)).fetchone() is None:
        return set()
    keys = list(keys)
    titles = _titles(reg, year, len(keys))
    return {titles.app_id(i) for key in keys for i in titles.near_ones(key)
            if titles.year(i) == year}
