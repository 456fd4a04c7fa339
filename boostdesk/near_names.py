"""A recommending union's or enterprise's name typed nearly as a registered one (no Qt).

A name the register does not hold becomes a new union or enterprise when the paper is
saved: 海淀区总公会 for 海淀区总工会 (the input method's next candidate) is a second union,
listed beside the first in the 推荐单位 filter, offered by the completer, and asked for
the half of the award (一（三）/ 二（三））that the real one pays. :func:`near` finds the
registered names a typed one probably means, closest first:

- ``SAME``: the same apart from spaces, brackets, dots, full or half width, letter case;
- ``FORM``: the same apart from the organisation-form words a name is said with or
  without (``FORM_WORDS``: 集团, 有限公司 / 有限责任公司 / 公司, 股份, 总公司, 分公司, 工会委员会
  as 工会) or the city before it (``PLACE_WORDS``): 首钢工会 for 首钢集团工会 and for
  首钢集团有限公司工会委员会, 北京中科智测科技 for 北京中科智测科技有限公司;
- ``ONE``: one character put for another, left out, added, or two side by side swapped,
  both names of at least four characters (of three, one off is another name, not a slip),
  and not in an own part of fewer than three characters (首钢工会 and 首农工会 share only
  their 工会: two unions; 首钢公会 is a slip of 首钢工会) unless the two read alike
  (北京测式 for 北京测试: the input method's next candidate), nor a direction, number or
  新/老 put for another (``MARKERS``: 东城区 and 西城区, 第一 and 第二分公司 are two);
- ``PART``: a fragment of a registered name (中科智测 typed, the completion not picked);
- ``MORE``: a registered name of four characters or more with more around it
  (北京中科智测科技有限公司第一分公司 for 北京中科智测科技有限公司).

The forms ask at every pause in typing, so a look-up is dictionary probes and one
``str.find`` pass over the names (well under a millisecond at 10,000 names:
benchmarks/near_names_trial.py); the index is kept per register and list and taken
forward by the names added or gone since (``Register.names`` keeps those lists current),
not rebuilt after every save.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from boostdesk import pinyin_order
from boostdesk.cancel_points import checked, checkpoint
from boostdesk.hanzi_fold import simplified
from boostdesk.validate import tidy_name

UNITS = "units"
ENTERPRISES = "enterprises"
KIND_ZH = {UNITS: "推荐单位", ENTERPRISES: "所在单位"}

SAME, FORM, ONE, PART, MORE = range(5)  # how near, nearest first
TRADITIONAL = "只差繁体字与简体字"  # SAME's detail when the forms of characters differ
MIN_ONE = 4  # one character off is a slip from this length on (of three: another name)
MIN_PART = 2  # a fragment this short is still no union's or enterprise's name
MIN_MORE = 4  # a registered name found inside a typed one: this long at least
MOST_PARTS = 200  # fragments found, past which the rest of the names are not looked at
_JOIN = "\n"  # between the names searched for a fragment: in no name (tidy_name)

# What a name is written with or without and is still the same name.
_FOLD_OUT = re.compile(r"[\s()\[\]{}【】〔〕〖〗<>《》〈〉「」『』·・.,，、\-_—–'\"“”‘’]+")


def fold(name: str) -> str:
    """``name`` as compared: NFKC, lower case, in simplified characters (北京博瑞康生物醫藥
    for …医药: hanzi_fold), without spaces, brackets, dots, dashes."""
    return simplified(_plain(name))


def _plain(name: str) -> str:
    """:func:`fold` but the characters' forms: what tells a traditional spelling apart."""
    return _FOLD_OUT.sub("", unicodedata.normalize("NFKC", name).casefold())


# The organisation-form words clerks say a name with or without, and what each keeps in
# the name's core (folded: no brackets, so （集团） is 集团). Anywhere in the name: a union's
# name holds its enterprise's (首钢集团有限公司工会委员会, core 首钢工会). Generic, too: one
# character off in a name's own part only is a slip when that part is long enough (ONE).
FORM_WORDS = {
    "股份有限公司": "", "有限责任公司": "", "有限公司": "", "股份公司": "", "总公司": "",
    "分公司": "", "公司": "", "集团": "", "股份": "",
    "总工会委员会": "总工会", "工会委员会": "工会", "总工会": "总工会", "工会": "工会",
}
PLACE_WORDS = ("北京市", "北京")  # the city, before a name: 北京首钢 is 首钢
MIN_OWN = 3  # a name's own part (not FORM_WORDS nor the city): one off this short is another
# Characters that tell places and units apart (东城区/西城区, 第一/第二分公司, 甲/乙所,
# 新/老厂区): one of them put for another is another union, not a slip. Folded (NFKC, lower).
MARKERS = frozenset("东西南北中上下前后左右内外"
                    "一二三四五六七八九十百千零〇两壹贰叁肆伍陆柒捌玖拾0123456789"
                    "甲乙丙丁戊己庚辛壬癸新老旧")
NUMERALS = frozenset("一二三四五六七八九十百千零〇两壹贰叁肆伍陆柒捌玖拾0123456789")
_WORDS = re.compile("|".join(sorted(FORM_WORDS, key=len, reverse=True)))
_PLACE = re.compile("|".join(PLACE_WORDS))


def _place(key: str) -> str:
    return m[0] if (m := _PLACE.match(key)) else ""


def _kept(word: re.Match[str]) -> str:
    return FORM_WORDS[word[0]]


def _core(key: str) -> str:
    """A folded name without its city and organisation-form words (``FORM_WORDS``); the
    name itself when its own part would be shorter than two characters (北京市总工会,
    北京集团有限公司: no name left to compare)."""
    rest = key[len(_place(key)):]
    if len(_WORDS.sub("", rest)) < MIN_PART:  # (10,000 names indexed: no callback per name)
        return key
    return _WORDS.sub(_kept, rest)


def core_of(key: str) -> str:
    """:func:`_core`, for the panel's near 工作单位 (四方继保公司 → 四方继保)."""
    return _core(key)


def _words(key: str) -> list[str]:
    """What a folded name is said with that its core leaves out: its city, 集团, 委员会 …"""
    place = _place(key)
    dropped = [m[0][len(FORM_WORDS[m[0]]):] for m in _WORDS.finditer(key, len(place))]
    return [w for w in (place, *dropped) if w]


@lru_cache(maxsize=1 << 12)  # a few candidates per look-up, again at the next keystroke
def _generic(key: str) -> frozenset[int]:
    """The positions in a folded name (or core) of its city and organisation-form words."""
    at = set(range(len(_place(key))))
    for m in _WORDS.finditer(key, len(at)):
        at.update(range(m.start(), m.end()))
    return frozenset(at)


def own_length(key: str) -> int:
    """How many characters of a folded name are its own: neither city nor form word."""
    return len(key) - len(_generic(key))


def _form_detail(typed: str, known: str) -> str:
    """The words two names of one core differ by, as the question says it: 少了“集团”,
    多了“有限公司”“委员会”, 只差“有限责任公司”与“有限公司”."""
    a, b = _words(fold(typed)), _words(fold(known))
    more = "".join(f"“{w}”" for w in dict.fromkeys(w for w in a if w not in b))
    less = "".join(f"“{w}”" for w in dict.fromkeys(w for w in b if w not in a))
    if more and less:
        return f"只差{more}与{less}"
    return f"多了{more}" if more else f"少了{less}" if less else ""


@dataclass(frozen=True)
class Near:
    """A registered name a typed one is probably meant as, and how near it is."""

    name: str
    how: int
    detail: str  # what differs, as the question says it

    @property
    def why(self) -> str:
        return self.detail or {SAME: "只差空格、括号或全角半角",
                               FORM: "只差“集团”“有限公司”等组织形式用语、城市名、括号或空格",
                               PART: "所填的只是它名称的一部分"}.get(self.how, "")


def one_edit(typed: str, known: str) -> str | None:
    """What one edit makes ``typed`` of ``known`` (一字之差, 多/少一个字, 两字颠倒), or None
    when it takes none or more than one."""
    lt, lk = len(typed), len(known)
    if lt == lk:
        diff = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b][:3]
        if len(diff) == 1:
            i = diff[0]
            return f"“{typed[i]}”与“{known[i]}”一字之差"
        if (len(diff) == 2 and diff[1] == diff[0] + 1
                and typed[diff[0]] == known[diff[1]] and typed[diff[1]] == known[diff[0]]):
            i = diff[0]
            return f"“{typed[i:i + 2]}”与“{known[i:i + 2]}”前后颠倒"
        return None
    if abs(lt - lk) != 1:
        return None
    short, long_ = (typed, known) if lt < lk else (known, typed)
    i = next((i for i, (a, b) in enumerate(zip(short, long_, strict=False)) if a != b), len(short))
    if short[i:] != long_[i + 1:]:
        return None
    return f"少了一个“{long_[i]}”" if lt < lk else f"多了一个“{long_[i]}”"


def slip(typed: str, known: str) -> str | None:
    """:func:`one_edit` of two folded names (or cores), unless the edit falls in an own part
    (not city nor form word: :func:`own_length`) of fewer than ``MIN_OWN`` characters of
    either: 首钢 and 首农 are two enterprises' unions, not a slip; 首钢公会 is one. There,
    one character put for another that reads alike is a slip still (测式 for 测试: the input
    method's next candidate)."""
    detail = one_edit(typed, known)
    if detail is None:
        return None
    at = next((i for i, (a, b) in enumerate(zip(typed, known, strict=False)) if a != b),
              min(len(typed), len(known)))
    if _marks_apart(typed, known, at):
        return None
    # the characters edited, in each name holding them: one put for another (or two
    # swapped) in both, one added in the longer
    swapped = False
    if len(typed) == len(known):
        swapped = at + 1 < len(typed) and typed[at + 1] != known[at + 1]
        edited = [(typed, {at, at + swapped}), (known, {at, at + swapped})]
    else:
        edited = [(max(typed, known, key=len), {at})]
    short = any(spots - _generic(key) and own_length(key) < MIN_OWN for key, spots in edited)
    if short and not (len(typed) == len(known) and not swapped
                      and pinyin_order.sound_alike(typed[at], known[at])):
        return None
    return detail


@lru_cache(maxsize=1 << 12)  # asked for each pair of studios named alike
def alike(a: str, b: str) -> bool:
    """Whether two registered or typed names are probably one body: the same folded, of one
    core (``FORM``: 北京丰台轨道交通装备有限公司 and …有限责任公司), or one slip apart
    (:func:`slip`). For telling studios apart by their enterprise (``studio_names``): a
    studio is not another one because its enterprise was written otherwise."""
    ka, kb = fold(a), fold(b)
    if ka == kb:
        return True
    ca, cb = _core(ka), _core(kb)
    return ca == cb or slip(ka, kb) is not None or slip(ca, cb) is not None


def difference(typed: str, known: str) -> str:
    """How two names :func:`alike` differ, as a note says it (只差“有限责任公司”与“有限公司”);
    "" when they are not alike."""
    from boostdesk.hanzi_fold import simplified

    ka, kb = fold(typed), fold(known)
    if ka == kb:
        return Near(known, SAME, "").why
    if fold(simplified(typed)) == fold(simplified(known)):
        return "只差繁体与简体写法"
    if _core(ka) == _core(kb):
        return _form_detail(typed, known) or Near(known, FORM, "").why
    return slip(ka, kb) or slip(_core(ka), _core(kb)) or ""


def _marks_apart(typed: str, known: str, at: int) -> bool:
    """Whether the one edit at ``at`` tells two places or units apart (``MARKERS``): a
    direction, number, ordinal or 新/老 put for another (东城区 for 西城区, 第一 for 第二
    分公司), or a numeral added to a number (第十一 and 第一 分公司)."""
    if len(typed) == len(known):
        return (typed[at] in MARKERS and known[at] in MARKERS
                and not (at + 1 < len(typed) and typed[at + 1] != known[at + 1]))  # not a swap
    long_ = max(typed, known, key=len)
    beside = long_[max(at - 1, 0):at] + long_[at + 1:at + 2]
    return long_[at] in NUMERALS and any(ch in NUMERALS for ch in beside)


def _halves(key: str) -> tuple[str, str]:
    """A key's two index entries: its length and first half, its length and second half.
    Two keys of one length a character apart share one half; a key one longer or shorter
    shares one at the halves :meth:`NameIndex._one_off` looks at."""
    h = len(key) // 2
    return f"{len(key)}<{key[:h]}", f"{len(key)}>{key[h:]}"


class NameIndex:
    """The names of one list (units or enterprises), indexed for :meth:`near`."""

    def __init__(self, enterprises: bool = False) -> None:
        self.enterprises = enterprises  # which list; both are looked up alike (FORM_WORDS)
        self.names: set[str] = set()
        self._keys: dict[str, tuple[str, ...]] = {}  # name -> its fold (and core)
        self._by_fold: dict[str, set[str]] = {}
        self._by_core: dict[str, set[str]] = {}
        self._by_half: dict[str, set[str]] = {}  # _halves of each fold and core
        self._joined: str | None = None  # every fold, _JOIN between, for fragments
        self._starts: list[int] = []
        self._order: list[str] = []

    # -- keeping it current -------------------------------------------------------------
    def sync(self, names: Iterable[str]) -> NameIndex:
        """Index exactly ``names``: those new are added, those gone removed."""
        now = set(names)
        if now == self.names:
            return self
        for name in self.names - now:
            self._remove(name)
        for name in now - self.names:
            self._add(name)
        self._joined = None
        self._fragments()  # here, not at the next keystroke (10,000 names: ≈ 5 ms)
        return self

    def _variants(self, name: str) -> tuple[str, ...]:
        key = fold(name)
        core = _core(key)
        return (key,) if core == key else (key, core)

    def _add(self, name: str) -> None:
        keys = self._variants(name)
        self.names.add(name)
        self._keys[name] = keys
        self._by_fold.setdefault(keys[0], set()).add(name)
        self._by_core.setdefault(keys[-1], set()).add(name)
        by_half = self._by_half
        for key in keys:
            n = len(key)
            if n >= MIN_ONE:  # _halves, inline: 10,000 names indexed in a blink
                h = n // 2
                by_half.setdefault(f"{n}<{key[:h]}", set()).add(name)
                by_half.setdefault(f"{n}>{key[h:]}", set()).add(name)

    def _remove(self, name: str) -> None:
        keys = self._keys.pop(name)
        self.names.discard(name)
        entries = [(self._by_fold, keys[0]), (self._by_core, keys[-1])]
        entries += [(self._by_half, half) for key in keys if len(key) >= MIN_ONE
                    for half in _halves(key)]
        for table, key in entries:
            found = table.get(key)
            if found is not None:
                found.discard(name)
                if not found:
                    del table[key]

    def _fragments(self) -> tuple[str, list[int], list[str]]:
        if self._joined is None:
            self._order = sorted(self.names)
            folds = [self._keys[n][0] for n in self._order]
            starts, at = [], 1
            for key in folds:
                starts.append(at)
                at += len(key) + 1
            self._joined = _JOIN + _JOIN.join(folds) + _JOIN
            self._starts = starts
        return self._joined, self._starts, self._order

    # -- looking up ---------------------------------------------------------------------
    def near(self, typed: str, limit: int = 5, *, among: bool = False) -> list[Near]:
        """The registered names ``typed`` is probably meant as, nearest first (at most
        ``limit``); [] when it is registered, empty, or near none. ``among``: ``typed`` is
        one of the names, the others near it are wanted (a table's own names)."""
        name = tidy_name(typed)
        if not name or (name in self.names and not among):
            return []
        found: dict[str, tuple[int, int, str]] = {}  # name -> (how, closeness, detail)

        def take(known: str, how: int, closeness: int = 0, detail: str = "") -> None:
            if known != name and (known not in found or found[known][:2] > (how, closeness)):
                found[known] = (how, closeness, detail)

        variants = self._variants(name)
        for known in self._by_fold.get(variants[0], ()):
            take(known, SAME, 0, "" if _plain(known) == _plain(name) else TRADITIONAL)
        for known in self._by_core.get(variants[-1], ()):
            take(known, FORM, 0, _form_detail(name, known))
        for key in variants:
            if len(key) >= MIN_ONE:
                self._one_off(key, take)
        key = variants[0]
        if len(key) >= MIN_PART:
            self._part_of(key, take)
        for size in range(len(key) - 1, MIN_MORE - 1, -1):  # longest registered name first
            for start in range(len(key) - size + 1):
                for known in self._by_fold.get(key[start:start + size], ()):
                    extra = key[:start] + "…" * bool(start and start + size < len(key)) \
                        + key[start + size:]
                    take(known, MORE, len(key) - size, f"多出“{extra}”")
        ranked = sorted(found.items(), key=lambda item: (item[1][:2], item[0]))
        return [Near(known, how, detail) for known, (how, _c, detail) in ranked[:limit]]

    def _one_off(self, key: str, take: Callable[..., None]) -> None:
        """The names one character off ``key``: same length (a half the same), one longer
        (``key`` lacks a character: the longer's first half is key's, or its second half
        is key's from one before the middle) or one shorter (likewise)."""
        n = len(key)
        longer, shorter = (n + 1) // 2, (n - 1) // 2
        probes = (*_halves(key),
                  f"{n + 1}<{key[:longer]}", f"{n + 1}>{key[longer - 1:]}",
                  f"{n - 1}<{key[:shorter]}", f"{n - 1}>{key[shorter + 1:]}")
        h = n // 2  # two swapped across the middle share no half: the swap looked up
        swapped = key[:h - 1] + key[h] + key[h - 1] + key[h + 1:]
        for known in (*(self._by_half.get(probe, ()) for probe in probes),
                      self._by_fold.get(swapped, ()), self._by_core.get(swapped, ())):
            for name in known:
                for other in self._keys[name]:
                    if len(other) >= MIN_ONE and (detail := slip(key, other)):
                        take(name, ONE, 0, detail)
                        break

    def _part_of(self, key: str, take: Callable[..., None]) -> None:
        """The names ``key`` is a fragment of, the shortest first."""
        joined, starts, order = self._fragments()
        at, seen = joined.find(key), 0
        while at >= 0 and seen < MOST_PARTS:
            i = bisect_right(starts, at) - 1
            known = order[i]
            if len(self._keys[known][0]) > len(key):
                take(known, PART, len(self._keys[known][0]) - len(key))
            seen += 1
            # on past this name: each name is found once
            at = joined.find(key, starts[i + 1] if i + 1 < len(starts) else len(joined))


# One index per register and list, taken forward as the register's names change.
_INDEXES: weakref.WeakKeyDictionary[Any, dict[str, NameIndex]] = weakref.WeakKeyDictionary()


def index_of(reg: Any, kind: str) -> NameIndex:
    """The register's ``kind`` (UNITS or ENTERPRISES) names, indexed, as they are now
    (names a rolled-back transaction added go at the next look-up: any write moves the
    register's change token, and the index is synced to the names again)."""
    kept = _INDEXES.setdefault(reg, {})
    index = kept.get(kind)
    if index is None:
        index = kept[kind] = NameIndex(kind == ENTERPRISES)
    return reg.kept(f"near_names_{kind}", lambda: index.sync(reg.names(kind)))


def near(reg: Any, kind: str, typed: str, limit: int = 5) -> list[Near]:
    """The registered unions (``UNITS``) or enterprises (``ENTERPRISES``) a name not in
    the register is probably meant as, nearest first; [] when it is registered or blank."""
    if not tidy_name(typed):
        return []
    return index_of(reg, kind).near(typed, limit)


# How a union's or an enterprise's name ends when it is a whole one (丰台区总工会, …有限公司).
_WHOLE = {UNITS: re.compile(r"工会$"),
          ENTERPRISES: re.compile(r"(?:公司|集团|厂|院|所|中心|局|社|站|馆|队)$")}


def looks_whole(kind: str, typed: str) -> bool:
    """Whether ``typed`` ends as a whole union's (…工会) or enterprise's name does."""
    return bool(_WHOLE[kind].search(tidy_name(typed)))


def enter_takes(kind: str, typed: str, found: Near) -> bool:
    """Whether Enter may answer “use the registered ``found``” for ``typed``: a slip (SAME,
    FORM, ONE) or a fragment that is no whole name (中科智测). A whole name inside a
    registered one (丰台区总工会 in a stray 北京公交集团工会丰台区总工会) or around one
    may be right as typed: Enter replaced a correct name with a wrong one. Asked then with
    no answer on Enter: the clerk looks at the paper and chooses. (北京市海淀区总工会 for
    海淀区总工会, the city only around it, is FORM: the registered one still.)"""
    return found.how in (SAME, FORM, ONE) or not looks_whole(kind, typed)


def question(kind: str, typed: str, found: Near) -> str:
    """What the form asks before a near name becomes a new union or enterprise, with the
    keys that answer it (新建 is Alt+N only: it lasts)."""
    what = KIND_ZH[kind]
    name = tidy_name(typed)
    head = f"登记册中没有{what}“{name}”，相近的有“{found.name}”（{found.why}）。\n\n"
    if enter_takes(kind, typed, found):
        return (head + f"用登记册中的“{found.name}”（Enter），还是新建{what}“{name}”"
                f"（确是一个新的{what}时，Alt+N）？Esc：返回修改")
    return (head + f"所填的“{name}”本身是完整的名称，可能就是另一个{what}：请对照申报书，"
            f"用登记册中的“{found.name}”（Alt+Y），还是新建{what}“{name}”（Alt+N）？"
            "Enter 或 Esc：返回修改")


def tied(found: list[Near]) -> bool:
    """Whether the nearest two of ``found`` are near alike (北京朝阳 a part of two
    enterprises' names): the first is first only by length or by the alphabet, and is not
    offered as the answer (Enter took 北京朝阳热力集团 for a paper of 北京朝阳软件园)."""
    return len(found) > 1 and found[0].how == found[1].how


def several(kind: str, typed: str) -> str:
    """The label of the list :func:`choices` makes."""
    what = KIND_ZH[kind]
    return (f"登记册中没有{what}“{tidy_name(typed)}”，相近的有以下几个。用其中哪一个，"
            f"还是新建{what}（确是一个新的{what}时）？↑↓ 选择，Enter 确定，Esc 返回修改")


def choices(kind: str, typed: str, found: list[Near]) -> list[str]:
    """A list to choose from when several registered names are near: each, then new."""
    return [f"{n.name}（{n.why}）" for n in found] + [f"新建{KIND_ZH[kind]}“{tidy_name(typed)}”"]


# The key that puts the registered name in (EntryForm: the nearest such field at or above
# the cursor), said in the hint beside the field.
TAKE_KEY = "F4"


# The registered name a hint names (near_names.hint, the project form's studio note): the
# part a narrow hint shortens in the middle so that the F4 instruction after it shows.
_HINTED_NAME = re.compile(rf"^按 {TAKE_KEY} .*?相近的“([^”]+)”")


def hinted_name(message: str) -> str:
    """The registered name a hint offering F4 names, or "" (not such a hint)."""
    found = _HINTED_NAME.match(message)
    return found.group(1) if found else ""


def hint(found: list[Near]) -> str:
    """The note beside the field while the name is typed."""
    first = found[0]
    # the key first: a narrow hint of a long name cut its last lines, F4 with them
    if len(found) > 1:
        return (f"按 {TAKE_KEY} 从登记册中相近的“{first.name}”等（{first.why}）中选择改用，"
                "否则保存时询问")
    return f"按 {TAKE_KEY} 改用登记册中相近的“{first.name}”（{first.why}），否则保存时询问"


# -- a summary table's names --------------------------------------------------------------
_TABLE_FIELDS = (("unit_name", UNITS), ("enterprise_name", ENTERPRISES))


def _rows_text(rows: list[int]) -> str:
    shown = "、".join(map(str, rows[:10]))
    return f"第 {shown} 行" + (f"等 {len(rows)} 行" if len(rows) > 10 else "")


def table_notes(reg: Any, preview: Any, unstored: Collection[tuple[int, str]] = ()
                ) -> list[tuple[int, str]]:
    """(sheet row, 提示) for each union or enterprise a summary table names that the
    register does not hold but holds one near (or the table itself, on more rows): on the
    first row naming it, the rows named. Not refused: a new union is real sometimes; the
    table's spelling is stored, and the note says how to take the registered one.
    ``unstored``: (sheet row, field) of facts the row's studio does not take
    (``studio_notes`` says so): its enterprise then is not registered, nor noted here."""
    out: list[tuple[int, str]] = []
    for key, kind in _TABLE_FIELDS:
        rows_of: dict[str, list[int]] = {}
        for row, record in zip(preview.rows, checked(preview.records), strict=True):
            name = tidy_name(getattr(record, key, "") or "")
            # (a studio's union kept is still the paper's: only its enterprise is not)
            if name and not (key == "enterprise_name" and (row, key) in unstored):
                rows_of.setdefault(name, []).append(row)
        if not rows_of:
            continue
        index = index_of(reg, kind)
        new = {name: rows for name, rows in rows_of.items() if name not in index.names}
        table = NameIndex(kind == ENTERPRISES).sync(new) if len(new) > 1 else None
        what = KIND_ZH[kind]
        for name, rows in new.items():
            checkpoint()  # the import preview, cancelled: stops here
            found = index.near(name, 1)
            where = ""
            if not found and table is not None:  # the table's own, on more rows (or earlier)
                found = [n for n in table.near(name, among=True) if (len(new[n.name]), -new[n.name][0])
                         > (len(rows), -rows[0])][:1]
                where = f"（表中{_rows_text(new[found[0].name])}）" if found else ""
            if not found:
                continue
            near_one = found[0]
            on = f"（{_rows_text(rows)}）" if len(rows) > 1 else ""
            out.append((rows[0], f"第 {rows[0]} 行：{what}“{name}”{on}登记册中没有，相近的有"
                                 f"“{near_one.name}”{where}（{near_one.why}）：按表中写法登记为新的"
                                 f"{what}；如为同一{what}，请把表中的名称改为“{near_one.name}”后"
                                 "重新导入"))
    return sorted(out, key=lambda note: note[0])
