"""An inventor who is probably a registered person under another ID number (no Qt).

The register keys people by ID number (一（三）每人每年最多享受一次助推): a paper giving the
paid 黎明's name and telephone with an ID one digit off (1981 for 1980) is a new person,
whose award the one-award rule never sees. A typo and a borrowed identity look alike, so
this is a 提示 asking the clerk to look (请核对), never a refusal: the same name (in
simplified characters: 許丹 is 许丹, hanzi_fold) and either the same telephone or an ID
number one character off or with two neighbours swapped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from boostdesk.hanzi_fold import fold, spellings
from boostdesk.models.record_rows import IN_CHUNK, rows_in, select_in
from boostdesk.safety.privacy import mask_id
from boostdesk.validate import person_key, tidy_name, tidy_phone

from .findings import Finding, warning
from .near_cleared import PEOPLE_KEY, cleared

if TYPE_CHECKING:
    from boostdesk.models.records import PatentApplication
    from boostdesk.models.register import Register

CODE = "PERSON_NEAR_REGISTERED"
_SMALL = 500  # names looked up one by one below this; else the people read in one pass

Known = tuple[str, str, str]  # a registered person's (ID number, phone, name as registered)


def ids_one_off(a: str, b: str) -> bool:
    """Whether two ID numbers of one length differ in one character or by two neighbours
    swapped (198005 typed 198105, 0193 typed 0139). Of 18 characters the check character is
    left out: a digit mistyped in the body comes with the check made for it."""
    if len(a) != len(b) or a == b:
        return False
    if len(a) == 18:
        a, b = a[:17], b[:17]
        # one character off leaves one half as it was (two swapped at 8/9: both ends)
        if not (a[:9] == b[:9] or a[9:] == b[9:] or (a[:8] == b[:8] and a[10:] == b[10:])):
            return False
        if a == b:
            return True
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y][:3]
    if len(diff) == 1:
        return True
    i, j = diff[0], diff[-1]
    return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]


def _why(id_number: str, phone: str, known: Known) -> str:
    same_phone = bool(phone) and phone == known[1]
    near_id = ids_one_off(id_number, known[0])
    if same_phone and near_id:
        return "联系电话相同，身份证号只差一位"
    return "联系电话相同（身份证号不同）" if same_phone else "身份证号只差一位" if near_id else ""


def near_finding(known: Known, why: str) -> Finding:
    return warning(
        CODE,
        f"可能与已登记的 {known[2]}（身份证 {mask_id(known[0])}）为同一人：姓名相同，{why}；"
        "请核对身份证号：如为同一人，请按其身份证号填写（每人每年最多享受一次助推）",
        "id_number")


def registered_by_name(reg: Register, names: set[str]) -> dict[str, list[Known]]:
    """The registered people of these names (folded), however written: folded name ->
    [(ID number, phone, name)]."""
    rows = select_in(reg.conn, "SELECT name, id_number, phone FROM people WHERE name IN",
                     {s for name in names for s in spellings(name)})
    out: dict[str, list[Known]] = defaultdict(list)
    for name, id_number, phone in rows:
        if id_number:
            out[fold(name)].append((person_key(id_number), phone or "", name))  # stored tidied
    return out


def _registered_near(reg: Register, distinct: set[frozenset[str]]) -> dict[str, Finding]:
    """ID number -> the 提示 of a registered person near another registered person (a
    campaign's check). Two near share their name and one of: the telephone, the first or
    the last half of the ID number's body, its ends around two swapped in the middle — so
    only those sharing one of these keys are compared (≈ 100,000 same-name pairs, pairwise,
    at 76,000 people; these few hundred)."""
    rows = [(fold(n), i, p, n) for n, i, p in reg.conn.execute(
        "SELECT name, id_number, COALESCE(phone, '') FROM people WHERE id_number IS NOT NULL")]
    names = Counter(r[0] for r in rows)
    rows = [r for r in rows if names[r[0]] > 1]  # (a name one person has: no one near)
    keys = ([f"{n}\t{i[:9]}" for n, i, _, _ in rows],
            [f"{n}\t{i[9:17]}" for n, i, _, _ in rows],
            [f"{n}\t{i[:8]}{i[10:17]}" for n, i, _, _ in rows],
            [f"{n}\t{p}" if p else "" for n, _, p, _ in rows])
    shared = [{k for k, c in Counter(column).items() if c > 1 and k} for column in keys]
    by_name: dict[str, list[Known]] = defaultdict(list)
    for row, *mine in zip(rows, *keys, strict=True):
        if any(k in seen for k, seen in zip(mine, shared, strict=True)):
            by_name[row[0]].append((row[1], row[2], row[3]))
    near: dict[str, tuple[Known, str]] = {}  # each one's nearest: the least ID number

    def keep(a: Known, b: Known, why: str) -> None:
        if a[0] not in near or b[0] < near[a[0]][0][0]:
            near[a[0]] = (b, why)

    for people in by_name.values():
        for n, a in enumerate(people):
            for b in people[n + 1:]:
                if a[0] != b[0] and frozenset((a[0], b[0])) not in distinct and (
                        why := _why(a[0], a[1], b)):
                    keep(a, b, why)
                    keep(b, a, _why(b[0], b[1], a))
    return {key: near_finding(other, why) for key, (other, why) in near.items()}


def near_people(reg: Register, apps: Sequence[PatentApplication]) -> dict[int, Finding]:
    """Index in ``apps`` -> the 提示 of a paper whose inventor (by name, ID number and
    phone) is probably a registered person of another ID number."""
    out: dict[int, Finding] = {}
    distinct = cleared(reg.conn, PEOPLE_KEY)  # looked at and cleared (people-distinct)
    if len(apps) >= _SMALL:  # a campaign's: its stored papers by their people's ID numbers
        registered = reg.kept("near_people", lambda: _registered_near(reg, distinct))
        if registered:
            for i, app in enumerate(apps):
                if app.person_id is not None and (f := registered.get(app.id_number)):
                    out[i] = f
        apps_left = [(i, a) for i, a in enumerate(apps) if a.person_id is None]
    else:
        apps_left = list(enumerate(apps))
    names = {fold(tidy_name(a.inventor_name)) for _, a in apps_left
             if a.inventor_name and a.id_number} - {""}
    known = registered_by_name(reg, names) if names else {}
    for i, app in apps_left:
        if not app.id_number or not app.inventor_name:
            continue
        others = known.get(fold(tidy_name(app.inventor_name)))
        if not others:
            continue
        key = person_key(app.id_number)
        # a stored paper's person by the register's phone, as a campaign's check takes it
        mine = next((p for k, p, _ in others if k == key), None)
        phone = mine if app.person_id is not None and mine is not None else (
            tidy_phone(app.phone) if app.phone else mine or "")
        for other in sorted(others):  # the least ID number near, as a campaign's check
            if other[0] != key and frozenset((key, other[0])) not in distinct and (
                    why := _why(key, phone, other)):
                out[i] = near_finding(other, why)
                break
    return out


def near_people_of(reg: Register, people: set[int], pending: Sequence[PatentApplication] = (),
                   were: Iterable[tuple[str, str, str]] = ()) -> set[int]:
    """The registered people but ``people`` who may be near these (a recheck's): of the same
    name, sharing a phone or a half of the ID number's body with one. ``were``: (name, ID
    number, phone) of people as they were before a write renamed them, gave them another
    number or phone, or took them out (``Changes.people_were``): those near them then, whose
    papers said so, are found too — the papers near anyone else are not read.

    Their namesakes are read first, one by one: at an import the people written are mostly
    each other's only namesakes, all among ``people`` — the keys are then built for the few
    names another person has, not for thousands (a 10,000-row import's peak memory)."""
    typed = [(fold(tidy_name(a.inventor_name)), person_key(a.id_number),
              tidy_phone(a.phone) if a.phone else "") for a in pending
             if a.id_number and a.inventor_name]
    typed += [(fold(n), i, p) for n, i, p in were if n]  # (as stored: ID and phone tidied)
    others: dict[int, tuple[str, str | None, str | None]] = {}
    for rows in (rows_in(reg.conn, "SELECT o.id, o.name, o.id_number, o.phone FROM people o"
                         " JOIN people s ON s.name = o.name WHERE s.id IN", people),
                 _other_spellings(reg, people),
                 rows_in(reg.conn, "SELECT id, name, id_number, phone FROM people WHERE name IN",
                         {s for n, _, _ in typed for s in spellings(n)})):
        for pid, name, i, p in rows:
            if pid not in people:
                others[pid] = (fold(name), i, p)
    if not others:
        return set()
    names = {name for name, _, _ in others.values()}
    keys: set[tuple[str, str, str]] = set()
    for name, i, p in chain(((fold(n), i, p) for n, i, p in rows_in(
            reg.conn, "SELECT name, id_number, phone FROM people WHERE id IN", people)), typed):
        if name in names:
            keys |= _near_keys(name, i, p)
    return {pid for pid, facts in others.items() if _near_keys(*facts) & keys}


def _other_spellings(reg: Register, people: set[int]) -> Iterator[tuple[Any, ...]]:
    """The people named as one of ``people`` written otherwise (许丹: 許丹), a chunk of
    ``people`` at a time (an import's thousands: their spellings never all held at once)."""
    ids = list(people)
    for n in range(0, len(ids), IN_CHUNK):
        names = {name for (name,) in rows_in(
            reg.conn, "SELECT DISTINCT name FROM people WHERE id IN", ids[n:n + IN_CHUNK])}
        other = {s for name in names for s in spellings(name)} - names
        yield from rows_in(
            reg.conn, "SELECT id, name, id_number, phone FROM people WHERE name IN", other)


def _near_keys(name: str, i: str | None, phone: str | None) -> set[tuple[str, str, str]]:
    """What two of one name near each other share one of: the phone, the ID number's body's
    first or last half, its ends around two neighbours swapped in the middle."""
    keys = {(name, "t", phone)} if phone else set()
    if i:  # (the halves of any length: a 15-digit number's too)
        keys |= {(name, "a", i[:9]), (name, "b", i[9:17]), (name, "c", i[:8] + i[10:17])}
    return keys


def near_papers(reg: Register, app: PatentApplication) -> list[int]:
    """The patent papers of ``app``'s year (else of any year) whose people are near its
    inventor and not cleared: what a decision on it names (paper_review's question)."""
    if not app.id_number or not app.inventor_name:
        return []
    name, key = fold(tidy_name(app.inventor_name)), person_key(app.id_number)
    others = registered_by_name(reg, {name}).get(name, [])
    mine = next((p for k, p, _ in others if k == key), None)
    phone = mine if mine is not None else tidy_phone(app.phone) if app.phone else ""
    distinct = cleared(reg.conn, PEOPLE_KEY)
    near = {o[0] for o in others if o[0] != key and frozenset((key, o[0])) not in distinct
            and _why(key, phone, o)}
    rows = select_in(reg.conn, "SELECT a.id, c.year FROM patent_applications a"
                     " JOIN people p ON p.id = a.person_id JOIN campaigns c ON c.id = a.campaign_id"
                     " WHERE p.id_number IN", near)
    same_year = sorted(i for i, year in rows if year == app.campaign_year)
    return same_year or sorted(i for i, _ in rows)
