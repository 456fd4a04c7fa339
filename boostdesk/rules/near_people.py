"""An inventor who is probably a registered person under another ID number (no Qt).

The register keys people by ID number (一（三）每人每年最多享受一次助推): a paper giving the
paid 黎明's name and telephone with an ID one digit off (1981 for 1980) is a new person,
whose award the one-award rule never sees. A typo and a borrowed identity look alike, so
this is a 提示 asking the clerk to look (请核对), never a refusal: the same name and either
the same telephone or an ID number one character off or with two neighbours swapped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from boostdesk.models.record_rows import select_in
from boostdesk.safety.privacy import mask_id
from boostdesk.validate import person_key, tidy_name, tidy_phone

from .findings import Finding, warning

if TYPE_CHECKING:
    from boostdesk.models.records import PatentApplication
    from boostdesk.models.register import Register

CODE = "PERSON_NEAR_REGISTERED"
_SMALL = 500  # names looked up one by one below this; else the people read in one pass

Known = tuple[str, str]  # a registered person's (ID number, phone)


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


def near_finding(name: str, known: Known, why: str) -> Finding:
    return warning(
        CODE,
        f"可能与已登记的 {name}（身份证 {mask_id(known[0])}）为同一人：姓名相同，{why}；"
        "请核对身份证号：如为同一人，请按其身份证号填写（每人每年最多享受一次助推）",
        "id_number")


def registered_by_name(reg: Register, names: set[str]) -> dict[str, list[Known]]:
    """The registered people of these names: name -> [(ID number, phone)]."""
    rows = select_in(reg.conn, "SELECT name, id_number, phone FROM people WHERE name IN", names)
    out: dict[str, list[Known]] = defaultdict(list)
    for name, id_number, phone in rows:
        if id_number:
            out[name].append((person_key(id_number), phone or ""))  # stored tidied
    return out


def _registered_near(reg: Register) -> dict[str, Finding]:
    """ID number -> the 提示 of a registered person near another registered person (a
    campaign's check). Two near share their name and one of: the telephone, the first or
    the last half of the ID number's body, its ends around two swapped in the middle — so
    only those sharing one of these keys are compared (≈ 100,000 same-name pairs, pairwise,
    at 76,000 people; these few hundred)."""
    rows = reg.conn.execute(
        "SELECT name, id_number, COALESCE(phone, '') FROM people WHERE id_number IS NOT NULL"
    ).fetchall()
    names = Counter(r[0] for r in rows)
    rows = [r for r in rows if names[r[0]] > 1]  # (a name one person has: no one near)
    keys = ([f"{n}\t{i[:9]}" for n, i, _ in rows], [f"{n}\t{i[9:17]}" for n, i, _ in rows],
            [f"{n}\t{i[:8]}{i[10:17]}" for n, i, _ in rows],
            [f"{n}\t{p}" if p else "" for n, _, p in rows])
    shared = [{k for k, c in Counter(column).items() if c > 1 and k} for column in keys]
    by_name: dict[str, list[Known]] = defaultdict(list)
    for row, *mine in zip(rows, *keys, strict=True):
        if any(k in seen for k, seen in zip(mine, shared, strict=True)):
            by_name[row[0]].append((row[1], row[2]))
    near: dict[str, tuple[Known, str]] = {}  # each one's nearest: the least ID number

    def keep(a: Known, b: Known, why: str) -> None:
        if a[0] not in near or b[0] < near[a[0]][0][0]:
            near[a[0]] = (b, why)

    names_of: dict[str, str] = {}
    for name, people in by_name.items():
        for n, a in enumerate(people):
            names_of[a[0]] = name
            for b in people[n + 1:]:
                if a[0] != b[0] and (why := _why(a[0], a[1], b)):
                    keep(a, b, why)
                    keep(b, a, _why(b[0], b[1], a))
    return {key: near_finding(names_of[key], other, why) for key, (other, why) in near.items()}


def near_people(reg: Register, apps: Sequence[PatentApplication]) -> dict[int, Finding]:
    """Index in ``apps`` -> the 提示 of a paper whose inventor (by name, ID number and
    phone) is probably a registered person of another ID number."""
    out: dict[int, Finding] = {}
    if len(apps) >= _SMALL:  # a campaign's: its stored papers by their people's ID numbers
        registered = reg.kept("near_people", lambda: _registered_near(reg))
        if registered:
            for i, app in enumerate(apps):
                if app.person_id is not None and (f := registered.get(app.id_number)):
                    out[i] = f
        apps_left = [(i, a) for i, a in enumerate(apps) if a.person_id is None]
    else:
        apps_left = list(enumerate(apps))
    names = {tidy_name(a.inventor_name) for _, a in apps_left
             if a.inventor_name and a.id_number} - {""}
    known = registered_by_name(reg, names) if names else {}
    for i, app in apps_left:
        if not app.id_number or not app.inventor_name:
            continue
        name = tidy_name(app.inventor_name)
        others = known.get(name)
        if not others:
            continue
        key = person_key(app.id_number)
        # a stored paper's person by the register's phone, as a campaign's check takes it
        mine = next((p for k, p in others if k == key), None)
        phone = mine if app.person_id is not None and mine is not None else (
            tidy_phone(app.phone) if app.phone else mine or "")
        for other in sorted(others):  # the least ID number near, as a campaign's check
            if other[0] != key and (why := _why(key, phone, other)):
                out[i] = near_finding(name, other, why)
                break
    return out


def near_people_of(reg: Register, people: set[int], pending: Sequence[PatentApplication] = (),
                   were: Iterable[tuple[str, str, str]] = ()) -> set[int]:
    """The registered people who may be near these (a recheck's): of the same name, sharing
    a phone or a half of the ID number's body with one. ``were``: (name, ID number, phone)
    of people as they were before a write renamed them, gave them another number or phone,
    or took them out (``Changes.people_were``): those near them then, whose papers said
    so, are found too — the papers near anyone else are not read."""
    facts = [(n or "", i or "", p or "") for _, n, i, p in select_in(
        reg.conn, "SELECT id, name, id_number, phone FROM people WHERE id IN", people)]
    facts += [(tidy_name(a.inventor_name), person_key(a.id_number),
               tidy_phone(a.phone) if a.phone else "") for a in pending
              if a.id_number and a.inventor_name]
    facts += [f for f in were if f[0]]
    keys = set()
    for name, i, p in facts:
        if p:
            keys.add((name, "t", p))
        if i:  # (the halves of any length: a 15-digit number's too)
            keys |= {(name, "a", i[:9]), (name, "b", i[9:17]), (name, "c", i[:8] + i[10:17])}
    if not keys:
        return set()
    found: set[int] = set()
    for pid, name, i, p in select_in(
            reg.conn, "SELECT id, name, id_number, phone FROM people WHERE name IN",
            {n for n, _, _ in facts}):
        mine = {(name, "t", p)} if p else set()
        if i:
            mine |= {(name, "a", i[:9]), (name, "b", i[9:17]), (name, "c", i[:8] + i[10:17])}
        if mine & keys:
            found.add(pid)
    return found
