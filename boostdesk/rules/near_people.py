"""An inventor who is probably a registered person under another ID number (no Qt).

The register keys people by ID number (一（三）每人每年最多享受一次助推): a paper giving the
paid 黎明's name and telephone with an ID one digit off (1981 for 1980) is a new person,
whose award the one-award rule never sees. A typo and a borrowed identity look alike, so
this is a 提示 asking the clerk to look (请核对), never a refusal: the same name (in
simplified characters: 許丹 is 许丹, hanzi_fold) and either the same telephone or an ID
number one character off or with two neighbours swapped; or, whatever the names, the same
telephone and an ID of the same birth date or near (Shao Min for the paid 邵敏: a name typed
in pinyin is not his name on the ID card). A person whose papers were all refused, withdrawn
or revoked (GONE) is no one's near copy: the paper that stands is not asked about. A
telephone three people or more give is an office's (a union's own contact phone on every
row of its table): no telephone to these checks.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
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
# people giving one telephone from whom on it is an office's, not theirs: a union fills its
# own contact phone on every row of its table, and two 王伟 of it are not one man for that
OFFICE = 3

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


GONE = ("refused", "revoked")  # a paper claiming nothing: 资格审核不通过 (撤回), 撤销助推


def id_difference(a: str, b: str) -> str:
    """How two near ID numbers differ, as said (:func:`ids_one_off`): one character of
    the body, or two neighbours swapped (three characters differ then, with the check)."""
    body = min(len(a), len(b), 17)
    diff = [i for i in range(body) if a[i] != b[i]] if len(a) == len(b) else []
    check = len(a) == 18 and a[17:] != b[17:]
    if len(diff) == 2:
        return f"身份证号第 {diff[0] + 1}、{diff[1] + 1} 位颠倒" + ("（校验码随之不同）" if check else "")
    return "身份证号只差一位" + ("（另校验码不同）" if check and len(diff) == 1 else "")


def same_birth(a: str, b: str) -> bool:
    """Whether two 18-character ID numbers give the same birth date."""
    return len(a) == len(b) == 18 and a[6:14] == b[6:14]


def _why(id_number: str, phone: str, known: Known) -> str:
    """Why a namesake is near ``known`` ("" when not)."""
    same_phone = bool(phone) and phone == known[1]
    near_id = ids_one_off(id_number, known[0])
    if same_phone and near_id:
        return f"联系电话相同，{id_difference(id_number, known[0])}"
    return ("联系电话相同（身份证号不同）" if same_phone
            else id_difference(id_number, known[0]) if near_id else "")


def _why_renamed(id_number: str, phone: str, known: Known) -> str:
    """Why one of another name is near ``known`` ("" when not): the same telephone and an
    ID number of the same birth date or near."""
    if not phone or phone != known[1]:
        return ""
    if ids_one_off(id_number, known[0]):
        return f"联系电话相同，{id_difference(id_number, known[0])}"
    if same_birth(id_number, known[0]):
        return "联系电话相同，身份证号中的出生日期相同"
    return ""


def why_near(id_number: str, phone: str, name: str, known: Known) -> str:
    """Why a person (ID number, phone, name as typed) is near the registered ``known``:
    the whole reason the 提示 gives ("" when not near)."""
    if id_number == known[0]:
        return ""
    if fold(tidy_name(name)) == fold(tidy_name(known[2])):
        return f"姓名相同，{why}" if (why := _why(id_number, phone, known)) else ""
    why = _why_renamed(id_number, phone, known)
    return f"姓名不同（{tidy_name(name)}），{why}" if why else ""


def near_finding(known: Known, why: str) -> Finding:
    """The 提示: ``why`` as :func:`why_near` gives it (a bare one, of before: 姓名相同)."""
    if not why.startswith("姓名"):
        why = f"姓名相同，{why}"
    check = "请核对身份证号：如为同一人，请按其身份证号填写" if why.startswith("姓名相同") else (
        "请核对姓名和身份证号：如为同一人，请按其身份证上的姓名和号码填写")
    return warning(
        CODE,
        f"可能与已登记的 {known[2]}（身份证 {mask_id(known[0])}）为同一人：{why}；"
        f"{check}（每人每年最多享受一次助推）",
        "id_number")


def gone_people(reg: Register) -> set[str]:
    """The ID numbers of the people whose papers were all refused, withdrawn or revoked:
    near copies of no one (the paper standing beside theirs is asked about no more)."""
    def build() -> set[str]:
        return {person_key(i) for (i,) in reg.conn.execute(
            "SELECT p.id_number FROM people p JOIN patent_applications a ON a.person_id = p.id"
            " WHERE p.id_number IS NOT NULL GROUP BY p.id"
            f" HAVING SUM(a.status NOT IN ({', '.join('?' * len(GONE))})) = 0", GONE)}
    return set(reg.kept("near_people_gone", build))


def gone_of(reg: Register, ids: set[str], apps: Sequence[PatentApplication] = ()
            ) -> set[str]:
    """:func:`gone_people` among these ID numbers, sought by the person (the form's pause
    reads no more in a large register); ``apps``: papers being judged, their statuses (and
    people) as they are about to be stored, not as stored (an import's, a save's)."""
    if not ids:
        return set()
    papers: dict[str, dict[Any, str]] = defaultdict(dict)
    for key, app_id, status in select_in(
            reg.conn, "SELECT p.id_number, a.id, a.status FROM people p JOIN patent_applications"
            " a ON a.person_id = p.id WHERE p.id_number IN", ids):
        papers[key][app_id] = status
    for n, app in enumerate(apps):
        if app.id is not None:
            for held in papers.values():
                held.pop(app.id, None)  # (its person may be another now)
        # (a paper of no name is no one's once stored: ensure_person gives it no person,
        # and the campaign's check, reading the register, counts it for no one)
        if app.id_number and tidy_name(app.inventor_name) and (
                key := person_key(app.id_number)) in ids:
            papers[key][app.id if app.id is not None else ("new", n)] = app.status
    return {key for key, held in papers.items()
            if held and all(status in GONE for status in held.values())}


# The ID number's birth date and the rest of its body (region, sequence), as the
# people_phone_birth and people_phone_rest indexes (migration 34) write them: one off
# within either leaves the other as it was.
BIRTH = "substr({t}id_number, 7, 8)"
REST = "substr({t}id_number, 1, 6) || substr({t}id_number, 15, 3)"


def typed_people(apps: Iterable[PatentApplication]) -> Iterator[tuple[str, str]]:
    """(Telephone, ID number) of these papers' people, as stored (tidied): a paper of no
    name has none (ensure_person), and its phone is no one's, as the campaign's check reads
    the register."""
    for app in apps:
        if app.phone and app.id_number and tidy_name(app.inventor_name):
            yield tidy_phone(app.phone), person_key(app.id_number)


def office_phones(reg: Register, given: Iterable[tuple[str, str]]) -> set[str]:
    """Of these (telephone, ID number), the telephones OFFICE people or more give, the
    registered and these (a table's rows before they are stored): said by a union for all
    its rows, they tell nothing of who is who, so the near checks take them as no
    telephone. Sought by the telephone (people_phone_birth): the form walks no one."""
    typed: dict[str, set[str]] = defaultdict(set)
    for phone, key in given:
        if phone and key:
            typed[phone].add(key)
    # a chunk of telephones a statement, not one each (an import's 10,000 rows: 10,000
    # look-ups); a chunk's people at a time, never the whole table's
    phones = list(typed)
    office: set[str] = set()
    for n in range(0, len(phones), _PHONES):
        part = phones[n:n + _PHONES]
        for phone, _pid, _name, i in rows_in(reg.conn, _OF_PHONES, part):
            typed[phone].add(person_key(i))
        office.update(phone for phone in part if len(typed[phone]) >= OFFICE)
    return office


def registered_by_phone(reg: Register, phone: str, id_number: str) -> list[Known]:
    """The registered people of this telephone, whatever their names, whose ID numbers
    share ``id_number``'s birth date or the rest of its body (sought by the indexes: an
    office's phone is many people's)."""
    return sorted(next(_by_phones(reg, [(phone, id_number)])))


# Telephones and (telephone, ID number) pairs a statement: each statement compiled is kept
# by the connection, ≈ 190 bytes a mark (record_rows.in_marks), a 10,000-row import's peak
_PHONES = IN_CHUNK // 4
_PAIRS = IN_CHUNK // 16  # (4 marks each)
# the people of some telephones (office_phones, _paired_at: one statement for both)
_OF_PHONES = ("SELECT phone, id, name, id_number FROM people"
              " WHERE id_number IS NOT NULL AND phone IN")
# each pair's people by the two indexes (migration 34), the pair's place in its chunk
# naming its rows: the look-ups of registered_by_phone, a chunk of pairs a statement
_BY_PHONES = (
    "WITH t(n, phone, birth, rest) AS (VALUES {marks})"
    f" SELECT t.n, o.name, o.id_number, o.phone, o.id FROM t JOIN people o"
    f" ON o.phone = t.phone AND {BIRTH.format(t='o.')} = t.birth"
    f" UNION ALL SELECT t.n, o.name, o.id_number, o.phone, o.id FROM t JOIN people o"
    f" ON o.phone = t.phone AND {REST.format(t='o.')} = t.rest")


def registered_by_phones(reg: Register, pairs: Iterable[tuple[str, str]]
                         ) -> Iterator[list[Known]]:
    """:func:`registered_by_phone` of each (telephone, ID number), in their order: a chunk
    of pairs a statement, not two statements a pair (an import's 10,000 rows: 20,000
    look-ups), and a chunk's people held at a time."""
    return (sorted(found) for found in _by_phones(reg, pairs))


def _by_phones(reg: Register, pairs: Iterable[tuple[str, str]]
               ) -> Iterator[dict[Known, int | None]]:
    """Each pair's people (:func:`registered_by_phones`), each with the id of the person
    whose stored ID number is the one given (the person itself, stored as keyed); None
    when no row found is stored so (a look-up by the number then tells)."""
    pairs = iter(pairs)
    while chunk := list(islice(pairs, _PAIRS)):
        asked = [(n, phone, i[6:14], i[:6] + i[14:17])
                 for n, (phone, i) in enumerate(chunk) if phone and len(i) == 18]
        found: dict[int, dict[Known, int | None]] = defaultdict(dict)
        if asked:
            # padded as in_marks pads: a few statement lengths (a pair twice: its rows once)
            size = 1 << (len(asked) - 1).bit_length()
            asked += [asked[-1]] * (size - len(asked))
            for n, name, i, p, pid in reg.conn.execute(
                    _BY_PHONES.format(marks=", ".join(["(?, ?, ?, ?)"] * size)),
                    [value for row in asked for value in row]):
                if i:
                    known = (key := person_key(i), p, name)
                    if key == i or found[n].get(known) is None:
                        found[n][known] = pid if key == i else None
        for n in range(len(chunk)):
            yield found.get(n, {})


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
    campaign's check). Two namesakes near share one of: the telephone, the first or the
    last half of the ID number's body, its ends around two swapped in the middle; two of
    other names share the telephone and the ID number's birth date or the rest of its body
    (as the form seeks them) — so only those sharing one of these keys are compared (≈ 100,000 same-name pairs, pairwise, at 76,000
    people; these few hundred)."""
    every = [(fold(n), i, p, n) for n, i, p in reg.conn.execute(
        "SELECT name, id_number, COALESCE(phone, '') FROM people WHERE id_number IS NOT NULL")]
    given = Counter(p for _, _, p, _ in every if p)  # (one ID number a person)
    every = [(n, i, "" if given[p] >= OFFICE else p, shown) for n, i, p, shown in every]
    names = Counter(r[0] for r in every)
    rows = [r for r in every if names[r[0]] > 1]  # (a name one person has: no namesake)
    keys = ([f"{n}\t{i[:9]}" for n, i, _, _ in rows],
            [f"{n}\t{i[9:17]}" for n, i, _, _ in rows],
            [f"{n}\t{i[:8]}{i[10:17]}" for n, i, _, _ in rows],
            [f"{n}\t{p}" if p else "" for n, _, p, _ in rows])
    shared = [{k for k, c in Counter(column).items() if c > 1 and k} for column in keys]
    by_name: dict[str, list[Known]] = defaultdict(list)
    for row, *mine in zip(rows, *keys, strict=True):
        if any(k in seen for k, seen in zip(mine, shared, strict=True)):
            by_name[row[0]].append((row[1], row[2], row[3]))
    gone = gone_people(reg)
    near: dict[str, tuple[Known, str]] = {}  # each one's nearest: the least ID number

    def keep(a: Known, b: Known, why: str) -> None:
        if b[0] not in gone and (a[0] not in near or b[0] < near[a[0]][0][0]):
            near[a[0]] = (b, why)

    for people in by_name.values():
        for n, a in enumerate(people):
            for b in people[n + 1:]:
                if a[0] != b[0] and frozenset((a[0], b[0])) not in distinct and (
                        why := _why(a[0], a[1], b)):
                    keep(a, b, f"姓名相同，{why}")
                    keep(b, a, f"姓名相同，{_why(b[0], b[1], a)}")
    phones = Counter(p for _, _, p, _ in every if p)
    by_phone: dict[tuple[str, str], list[tuple[str, Known]]] = defaultdict(list)
    for name, i, p, shown in every:
        if p and phones[p] > 1:
            for k in _phone_keys(i):
                by_phone[(p, k)].append((name, (i, p, shown)))
    for group in by_phone.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda g: g[1][0])
        for name_a, a in group:  # each one's least ID number near of another name
            for name_b, b in group:
                if a[0] in near and b[0] >= near[a[0]][0][0]:
                    break  # (none nearer than the one kept)
                if name_a != name_b and a[0] != b[0] and b[0] not in gone and frozenset(
                        (a[0], b[0])) not in distinct and (why := _why_renamed(a[0], a[1], b)):
                    keep(a, b, f"姓名不同（{a[2]}），{why}")
                    break
    return {key: near_finding(other, why) for key, (other, why) in near.items()}


REGISTERED_NEAR = "near_people"  # (RegisterBase.kept's key)


def registered_near(reg: Register, distinct: set[frozenset[str]] | None = None
                    ) -> dict[str, Finding]:
    """ID number -> the 提示 of each registered person near another (a campaign's check),
    kept until the register changes. ``distinct``: the pairs cleared, if read already."""
    pairs = cleared(reg.conn, PEOPLE_KEY) if distinct is None else distinct
    return reg.kept(REGISTERED_NEAR, lambda: _registered_near(reg, pairs))


def _phone_keys(i: str | None) -> tuple[str, ...]:
    """What two of one telephone and other names near each other share one of besides: the
    ID number's birth date or the rest of its body (BIRTH, REST: as the indexes seek)."""
    if not i or len(i) != 18:
        return ()
    return (f"d{i[6:14]}", f"r{i[:6]}{i[14:17]}")


def near_people(reg: Register, apps: Sequence[PatentApplication],
                pending: Sequence[PatentApplication] = ()) -> dict[int, Finding]:
    """Index in ``apps`` -> the 提示 of a paper whose inventor (by name, ID number and
    phone) is probably a registered person of another ID number. ``pending``: papers of
    any year about to be stored (an import's): a person whose only paper is one of them,
    refused, is no one's near copy, as once stored."""
    out: dict[int, Finding] = {}
    distinct = cleared(reg.conn, PEOPLE_KEY)  # looked at and cleared (people-distinct)
    if len(apps) >= _SMALL:  # a campaign's: its stored papers by their people's ID numbers
        registered = registered_near(reg, distinct)
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
    judged: list[tuple[int, PatentApplication, str, str, list[Known]]] = []
    for i, app in apps_left:
        if not app.id_number or not app.inventor_name:
            continue
        others = known.get(fold(tidy_name(app.inventor_name)), [])
        key = person_key(app.id_number)
        # a stored paper's person by the register's phone, as a campaign's check takes it
        mine = next((p for k, p, _ in others if k == key), None)
        phone = mine if app.person_id is not None and mine is not None else (
            tidy_phone(app.phone) if app.phone else mine or "")
        judged.append((i, app, key, phone, others))
    office = office_phones(reg, chain(((j[3], j[2]) for j in judged), typed_people(pending)))
    judged = [(i, app, key, "" if phone in office else phone, others)
              for i, app, key, phone, others in judged]
    found = [(i, app, key, phone, sorted({*others, *by_phone}))
             for (i, app, key, phone, others), by_phone in zip(
                 judged, registered_by_phones(reg, [(j[3], j[2]) for j in judged]), strict=True)]
    gone = gone_of(reg, {o[0] for *_, others in found for o in others},
                   [*apps, *pending])  # (a paper in both: the same status twice)
    for i, app, key, phone, candidates in found:
        # the least ID number near, as a campaign's check
        for other in candidates:
            if other[0] != key and other[0] not in gone \
                    and frozenset((key, other[0])) not in distinct and (
                    why := why_near(key, phone, app.inventor_name, other)):
                out[i] = near_finding(other, why)
                break
    return out


def near_people_of(reg: Register, people: set[int], pending: Sequence[PatentApplication] = (),
                   were: Iterable[tuple[str, str, str]] = ()) -> set[int]:
    """The registered people but ``people`` who may be near these (a recheck's): of the same
    name, sharing a phone or a half of the ID number's body with one; of any name, sharing a
    phone and the birth date or a half of the ID number's body. ``were``: (name, ID number,
    phone) of people as they were before a write renamed them, gave them another number or
    phone, or took them out (``Changes.people_were``): those near them then, whose papers
    said so, are found too — the papers near anyone else are not read.

    Their namesakes are read first, one by one: at an import the people written are mostly
    each other's only namesakes, all among ``people`` — the keys are then built for the few
    names another person has, not for thousands (a 10,000-row import's peak memory)."""
    typed = [(fold(tidy_name(a.inventor_name)), person_key(a.id_number),
              tidy_phone(a.phone) if a.phone else "") for a in pending
             if a.id_number and a.inventor_name]
    typed += [(fold(n), i, p) for n, i, p in were if n]  # (as stored: ID and phone tidied)
    others: dict[int, tuple[str, str | None, str | None]] = {}
    # (o.id != s.id: a person of ``people`` found by himself is one of them, passed over:
    # each of an import's 10,000 was read three times over only to be passed over)
    for rows in (rows_in(reg.conn, "SELECT o.id, o.name, o.id_number, o.phone FROM people o"
                         " JOIN people s ON s.name = o.name AND o.id != s.id WHERE s.id IN",
                         people),
                 _other_spellings(reg, people),
                 rows_in(reg.conn, "SELECT id, name, id_number, phone FROM people WHERE name IN",
                         {s for n, _, _ in typed for s in spellings(n)}),
                 # of any name, by the phone and a part of the ID (migration 34's indexes)
                 *(rows_in(reg.conn, "SELECT o.id, o.name, o.id_number, o.phone FROM people o"
                           f" JOIN people s ON o.phone = s.phone AND {part.format(t='o.')}"
                           f" = {part.format(t='s.')} AND o.id != s.id WHERE s.id IN", people)
                   for part in (BIRTH, REST)),
                 _typed_by_phone(reg, typed)):
        for pid, name, i, p in rows:
            if pid not in people:
                others[pid] = (fold(name), i, p)
    # a telephone this write gives OFFICE people or more, or fewer, is an office's or no
    # longer: the pairs of its people near by it (namesakes; of other names, the birth
    # date or the rest of the ID) are judged again — those of a telephone others give too
    shared = ("SELECT DISTINCT s.phone FROM people s WHERE s.phone != '' AND EXISTS (SELECT 1"
              " FROM people o WHERE o.phone = s.phone AND o.id != s.id) AND s.id IN")
    said = _paired_at(reg, list(dict.fromkeys(chain(
        (phone for (phone,) in rows_in(reg.conn, shared, people)),
        (p for _, _, p in typed if p))))) - people
    if not others:
        return said
    names = {name for name, _, _ in others.values()}
    phones = {p for _, _, p in others.values() if p}
    keys: set[tuple[str, str, str]] = set()
    for name, i, p in chain(((fold(n), i, p) for n, i, p in rows_in(
            reg.conn, "SELECT name, id_number, phone FROM people WHERE id IN", people)), typed):
        if name in names:
            keys |= _near_keys(name, i, p)
        if p in phones:
            keys |= _phone_keys_of(i, p)
    return said | {pid for pid, facts in others.items()
                   if (_near_keys(*facts) | _phone_keys_of(facts[1], facts[2])) & keys}


def _typed_by_phone(reg: Register, typed: list[tuple[str, str, str]]
                    ) -> Iterator[tuple[Any, str, str, str]]:
    """(id, name, ID number, phone) of the registered people near each typed (name, ID
    number, phone) by the telephone (:func:`registered_by_phone`), in their order: their
    ids read a chunk at a time (one look-up a row was 10,000 at an import); None for an ID
    number no person has, as the look-up a row gave."""
    for n in range(0, len(typed), _PAIRS):
        known = [(k, found[k]) for found in _by_phones(
            reg, [(phone, i) for _, i, phone in typed[n:n + _PAIRS]]) for k in sorted(found)]
        # the rest by the number (a person stored otherwise than keyed, or none)
        ids = dict(select_in(reg.conn, "SELECT id_number, id FROM people WHERE id_number IN",
                             {k[0] for k, pid in known if pid is None}))
        for (i, p, name), pid in known:
            yield ids.get(i) if pid is None else pid, name, i, p


def _paired_at(reg: Register, phones: list[str]) -> set[int]:
    """The people of these telephones near another of the same one by it, an office's or
    not: of one name, or of the same birth date or rest of the ID number
    (:func:`_phone_keys`). A chunk of telephones a statement (an import's 10,000 rows
    were 10,000 look-ups), a chunk's people held at a time."""
    out: set[int] = set()
    for n in range(0, len(phones), _PHONES):
        by_phone: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        for phone, pid, name, i in rows_in(reg.conn, _OF_PHONES, phones[n:n + _PHONES]):
            by_phone[phone].append((pid, name, i))
        for people in by_phone.values():
            if len(people) < 2:  # (most telephones are one person's: no pair, no keys)
                continue
            mine = [(pid, {fold(name), *_phone_keys(i)}) for pid, name, i in people]
            keys = Counter(k for _, held in mine for k in held)
            out |= {pid for pid, held in mine if any(keys[k] > 1 for k in held)}
    return out


def _phone_keys_of(i: str | None, phone: str | None) -> set[tuple[str, str, str]]:
    """:func:`_phone_keys` with the phone, as :func:`near_people_of` keeps them."""
    return {("", phone, k) for k in _phone_keys(i)} if phone else set()


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
    inventor, not cleared and standing: what a decision on it names (paper_review's
    question)."""
    if not app.id_number or not app.inventor_name:
        return []
    name, key = fold(tidy_name(app.inventor_name)), person_key(app.id_number)
    others = registered_by_name(reg, {name}).get(name, [])
    mine = next((p for k, p, _ in others if k == key), None)
    phone = mine if mine is not None else tidy_phone(app.phone) if app.phone else ""
    if phone in office_phones(reg, [(phone, key)]):
        phone = ""
    others = [*others, *registered_by_phone(reg, phone, key)]
    distinct, gone = cleared(reg.conn, PEOPLE_KEY), gone_of(reg, {o[0] for o in others})
    near = {o[0] for o in others if o[0] != key and frozenset((key, o[0])) not in distinct
            and o[0] not in gone and why_near(key, phone, app.inventor_name, o)}
    rows = select_in(reg.conn, "SELECT a.id, c.year, a.status FROM patent_applications a"
                     " JOIN people p ON p.id = a.person_id JOIN campaigns c ON c.id = a.campaign_id"
                     " WHERE p.id_number IN", near)
    rows = [(i, year) for i, year, status in rows if status not in GONE]
    same_year = sorted(i for i, year in rows if year == app.campaign_year)
    return same_year or sorted(i for i, _ in rows)
