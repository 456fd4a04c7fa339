"""A union's table sent again: its rows set against the applications they already are.

A corrected table comes after the first was imported and the clerk corrected some papers
by hand. Each row found in the register for the same year (by patent number, a patent
also by its inventor's ID number and title — the number is what a correction changes —
and a project by studio and title) is compared field by field: unchanged, or differing in
the named fields. Nothing registered changes unless the clerk chooses to take the table's
values (``apply``); a field corrected by hand since the import is kept even then, and an
application approved or paid keeps what it was judged on. The registered applications of
the table's unions that the table no longer lists (an applicant withdrew) are named, never
deleted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from boostdesk.cancel_points import checked, checkpoint
from boostdesk.labels import MASKED_DIFFER, PHONE_FIELDS, show_value
from boostdesk.models.records import PATENT, id_ref
from boostdesk.models.register import canonical_patent_number
from boostdesk.program_name import hint_named
from boostdesk.validate import (
    normalize_text,
    person_key,
    tidy_card,
    tidy_lines,
    tidy_name,
    tidy_phone,
)

from .cell_readers import MULTI_LINE
from .duplicates import _shown_number, patent_key, registered_patents, registered_projects

# The facts a row gives of its application (序号 is its place in the table, not a fact).
_PATENT_FIELDS = ("unit_name", "enterprise_name", "title", "patent_number_raw", "grant_date",
                  "inventor_name", "id_number", "card_number", "phone", "frontline",
                  "service_invention", "applied_in_production", "industry", "remarks",
                  "received_date")
# A studio's level, 示范性 and enterprise are the studio's (工作室 changes them; a new row's
# are named by ``studio_notes``): not the application's to take from a table.
_PROJECT_FIELDS = ("unit_name", "studio_name", "title", "leader", "approval_date",
                   "startup_funds_paid", "planned_completion", "total_budget_fen",
                   "requested_fen", "contact_name", "contact_phone", "industry", "remarks",
                   "received_date")
_NAMES = frozenset({"unit_name", "enterprise_name", "inventor_name", "studio_name", "leader",
                    "contact_name"})
# Shown masked (``show_value``): two values of them may read alike.
_SHOWN_MASKED = frozenset({"id_number", "card_number", "remarks", *PHONE_FIELDS})
# Before approval only: an approved or paid award keeps what it was judged on and paid to.
_OPEN = frozenset({"registered", "qualified", "refused"})


@dataclass(frozen=True)
class Difference:
    field: str
    label: str  # the column's header as the sheet writes it
    stored: Any
    table: Any
    by_hand: str = ""  # "2022-11-02 由 张会计": the register's value typed after the import
    # why 按表更新 never takes the table's value: its slip (a patent number missing its
    # check character where the register's is valid) or a name asked about, else ""
    kept: str = ""
    # what taking it does, where that is more than a field's value (``id_correction``)
    note: str = ""
    # an ID correction moving the paper onto another registered person: what of the table
    # is not written onto him (his card, phone), said again when taken (``update_lines``)
    moved: str = ""

    def __str__(self) -> str:
        stored, table = show_value(self.field, self.stored), show_value(self.field, self.table)
        text = f"{self.label}：登记册为“{stored}”，表中为“{table}”"
        if stored == table and self.field in _SHOWN_MASKED:  # two numbers masked alike: said so
            text += MASKED_DIFFER
        if self.kept:
            return f"{text}（{self.kept}）"
        if self.by_hand:
            return f"{text}（登记册的已于 {self.by_hand}修改）"
        return f"{text}（{self.note}）" if self.note else text


@dataclass(frozen=True)
class Match:
    """A row of the table that is a registered application of the same year."""

    row: int
    app_id: int
    differences: tuple[Difference, ...] = ()
    by_person: bool = False  # found by inventor and title, its patent number differing
    locked: str = ""  # why the table's values are not taken (approved, paid), else ""
    record: Any = field(default=None, compare=False, repr=False)  # the row as read
    # another first inventor, or another union, claiming the registered paper (``clash``):
    # a dispute to settle, never taken from the table; what the row's message adds
    clash: str = ""
    route: str = ""  # a locked row's: why not taken, and how it is corrected instead
    # an unchanged row's person facts another table's import changed since (``compare``)
    newer: str = ""
    # the first inventor's name the paper's own first table gave, where the import kept
    # another for its ID and asked (``asked_names``): what the union wrote, not the register
    asked: str = ""
    # the 收件日期 the row gives a paper still 已登记 without one: no difference to refuse
    # but the office's day to fill, as ``--received`` fills it (``received_days.fill_days``)
    received: date | None = None

    @property
    def takes(self) -> tuple[Difference, ...]:
        """The differences ``apply`` takes from the table (none of a disputed row's)."""
        if self.locked or self.clash:
            return ()
        return tuple(d for d in self.differences if not d.by_hand and not d.kept)

    def text(self, stream: str, year: int) -> str:
        """Why the row is not stored again (in ``find_duplicates``' words, or found by its
        inventor and title); then unchanged, or what differs."""
        if self.by_person:
            found = f"与已登记的{id_ref(stream, self.app_id)}（{year} 年度）同一发明人、同一专利名称"
        else:
            what = (f"专利 {_shown_number(self.record.patent_number_raw)} " if stream == PATENT
                    else f"项目“{self.record.title}”")
            found = f"{what}已登记（{year} 年度，{id_ref(stream, self.app_id)}）"
        if self.clash:
            return f"{found}{self.clash}"
        if not self.differences:
            if self.newer:  # not this row's to change: the later table's stand
                return (f"{found}，与表中相同（{self.newer}：以后导入的表为准，不算不同）")
            return f"{found}，与表中相同"
        body = "；".join(str(d) for d in self.differences)
        if self.locked:
            tail = f"。该申报{self.locked}，不按表更新（选按表更新也不更新）：{self.route}"
        elif any(d.by_hand for d in self.differences):
            tail = "。按表更新时保留登记后修改过的，只更新其余各项"
        else:
            tail = ""
        return f"{found}；表中与登记册不同：{body}{tail}"


def _comparable(field: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | date):
        return value
    if field == "inventor_name":  # 买买提艾力 is 买买提·艾力 (validate.same_name)
        return tidy_name(value).replace("\u00b7", "")
    if field in _NAMES:
        return tidy_name(value)
    if field == "id_number":
        return person_key(value)
    if field == "card_number":
        return tidy_card(value)
    if field in ("phone", "contact_phone"):
        return tidy_phone(value)
    if field == "patent_number_raw":
        # as written: ZL202110147147 corrected to ZL202110147147.3 is a difference to take
        return patent_key(canonical_patent_number(value), value, recover=False)
    if field == "title":
        return "".join(normalize_text(value).split()).lower()
    if field in MULTI_LINE:  # 备注: its lines are its own (the form and the import keep them)
        return "\n".join(normalize_text(line) for line in tidy_lines(str(value)).split("\n"))
    return normalize_text(value)


_PERSON = {"name": "inventor_name", "id_number": "id_number", "card_number": "card_number",
           "phone": "phone"}


def _by_hand(reg: Any, table: str, app_id: int, person_id: int | None) -> dict[str, str]:
    """field -> when and by whom the application's field (or, for its inventor, his name,
    ID, card or phone) was last changed in the register after the application was
    created; a change taken from a table sent again is no hand's. A person's fact another
    table's import wrote (his other paper's row) is said as that table's: "2022-10-26 由
    另一份表格（B.xlsx）导入时" — unless that paper is the same union's (its first table,
    or an earlier one): then its later table sent now is its own correction, a plain
    difference to take, not another union's newer word."""
    import json

    created = reg.scalar("SELECT MIN(id) FROM audit_events WHERE entity = ? AND entity_id = ?"
                         " AND action IN ('create', 'restore')", (table, app_id)) or 0
    out: dict[str, str] = {}
    # two look-ups, each on the audit trail's (entity, entity_id) index
    events = sorted([*reg.conn.execute(
        "SELECT id, entity, at, operator, after FROM audit_events WHERE entity = ?"
        " AND entity_id = ? AND id > ? AND action = 'update'", (table, app_id, created)),
        *(reg.conn.execute(
            "SELECT id, entity, at, operator, after FROM audit_events WHERE entity = 'people'"
            " AND entity_id = ? AND id > ? AND action IN ('update', 'correct_name', 'correct_id')",
            (person_id, created)) if person_id is not None else ())])
    for event_id, entity, at, operator, after in events:
        changed = json.loads(after or "{}")
        if "source" in changed:
            continue
        who = f"{str(at)[:10]} 由 {operator} "
        if entity == "people" and changed.get("paper") not in (None, app_id):
            table_of = _imported_from(reg, changed["paper"], event_id)
            if table_of and _same_union(reg, table, app_id, changed["paper"]):
                continue  # the union's own earlier table: what it sends now corrects it
            if table_of:
                who = f"{str(at)[:10]} 由另一份表格（{table_of}）导入时"
        for key in changed:
            field = _PERSON.get(key) if entity == "people" else key
            if field:
                out[field] = who
    return out


BY_TABLE = "由另一份表格（"  # how ``_by_hand`` says a person's fact another table's import wrote


def _same_union(reg: Any, table: str, app_id: int, paper: int) -> bool:
    """Whether another paper (a patent: the person's facts are written from patent rows)
    is recommended by the same union as the application ``app_id``."""
    units = reg.conn.execute(
        f"SELECT (SELECT unit_id FROM {table} WHERE id = ?),"
        " (SELECT unit_id FROM patent_applications WHERE id = ?)", (app_id, paper)).fetchone()
    return units is not None and units[0] is not None and units[0] == units[1]


def _imported_from(reg: Any, paper: int, event_id: int) -> str:
    """The file another paper (``paper``) was imported from, when the person's change
    (``event_id``) came with that import (before the paper's create event, as a batch
    writes them); "" for a change typed at the desk."""
    import json

    row = reg.conn.execute(
        "SELECT id, after FROM audit_events WHERE entity = 'patent_applications'"
        " AND entity_id = ? AND action = 'create' ORDER BY id LIMIT 1", (paper,)).fetchone()
    if row is None or row[0] < event_id:
        return ""
    return str(json.loads(row[1] or "{}").get("source") or "")


def _same_kind(registered: str | None, typed: str) -> bool:
    """Whether two numbers may be one patent's, one typed wrong: not when both read and
    their type digits differ (an invention and the utility model filed with it the same
    day share their title, and are two patents)."""
    from boostdesk.validate import ValidationError, parse_patent_number

    try:
        return parse_patent_number(registered or "").type_digit == parse_patent_number(
            typed).type_digit
    except ValidationError:
        return True


def _year_patents(reg: Any, preview: Any, people: set[str]) -> list[tuple[Any, ...]]:
    """(id, patent number, as typed, title, inventor's ID number) of each application of the
    preview's year with one of its rows' numbers or inventors (``people``), in id order.
    (+a.campaign_id: by the people's index; by the campaign's, SQLite read the year's every
    application for each chunk of ID numbers.)"""
    from boostdesk.models.record_rows import select_in

    columns = ("a.id, a.patent_number, a.patent_number_raw, a.title,"
               " COALESCE((SELECT id_number FROM people WHERE id = a.person_id),"
               " a.reported_id_number)")
    found = {row[0]: row for _key, row in registered_patents(
        reg, (patent_key(canonical_patent_number(r.patent_number_raw), r.patent_number_raw)
              for r in checked(preview.records)), columns, "c.year = ?", (preview.year,))}
    found.update((row[0], row) for row in select_in(
        reg.conn, "SELECT a.id, a.patent_number, a.patent_number_raw, a.title, p.id_number"
        " FROM people p JOIN patent_applications a ON a.person_id = p.id"
        " JOIN campaigns c ON c.id = +a.campaign_id WHERE c.year = ? AND p.id_number IN",
        people, (preview.year,)))
    return [found[app_id] for app_id in sorted(found)]


def compare(reg: Any, preview: Any, rename: bool = False) -> dict[int, Match]:
    """Sheet row -> the registered application of the preview's year it is, with the
    fields the row gives otherwise. A row found by its inventor and title but not its
    number (a corrected patent number) is one too. ``rename``: the clerk chose the
    table's spelling of registered people's names (else a name is asked, not taken)."""
    stream = preview.stream
    patent = stream == PATENT
    table = "patent_applications" if patent else "project_applications"
    if patent:
        # a number registered twice in the year (the second refused) is two rows' to match
        by_key: dict[Any, list[int]] = {}
        by_person: dict[Any, list[int]] = {}
        kinds: dict[int, str] = {}  # application -> its number as typed
        holders: dict[int, str] = {}  # application -> its first inventor's ID number
        # only the table's numbers and inventors are read: a campaign of 100,000 read whole
        # for each table took most of a morning's thirty
        people = {person_key(r.id_number) for r in checked(preview.records) if r.id_number} - {""}
        for app_id, number, raw, title, id_number in _year_patents(reg, preview, people):
            by_key.setdefault(patent_key(number, raw), []).append(app_id)
            kinds[app_id] = raw
            holders[app_id] = id_number or ""
            if id_number and id_number in people:
                by_person.setdefault((id_number, _comparable("title", title)), []).append(app_id)
        by_key.pop(None, None)
    else:
        by_key, by_person = {}, {}
        for name, title, app_id in registered_projects(
                reg, {tidy_name(r.studio_name) for r in preview.records}, "a.id",
                "c.year = ?", (preview.year,)):
            by_key.setdefault((name, _comparable("title", title)), []).append(app_id)
    names = [f for f in (_PATENT_FIELDS if patent else _PROJECT_FIELDS) if f in preview.columns]
    found: list[tuple[int, int, bool, Any]] = []  # row, application, by person, record
    taken: set[int] = set()  # an application is one row's: a second is a repeat in the table
    rivals: list[tuple[int, Any, list[int]]] = []  # row, record, its number's applications

    def free(found: dict[Any, list[int]], key: Any) -> int | None:
        return next((i for i in found.get(key, ()) if i not in taken), None)

    def holder(key: Any, record: Any) -> int | None:
        """A free application of the number whose first inventor is the row's."""
        mine = person_key(record.id_number) if record.id_number else ""
        return next((i for i in by_key.get(key, ()) if i not in taken and mine
                     and holders.get(i) == mine), None)

    keys = ([patent_key(canonical_patent_number(r.patent_number_raw), r.patent_number_raw)
             for r in preview.records] if patent else [None] * len(preview.records))
    if patent:
        # a paper is first its own inventor's row's: a rival claim on it earlier in the
        # table (韩冰 before 谢琳) does not take it from the row that is the paper
        for row, record, key in zip(preview.rows, preview.records, keys, strict=True):
            checkpoint()
            if key and (app_id := holder(key, record)) is not None:
                taken.add(app_id)
                found.append((row, app_id, False, record))
    mine_rows = {row for row, *_rest in found}
    for row, record, key in zip(preview.rows, preview.records, keys, strict=True):
        checkpoint()  # the preview's checking, cancelled: stops here
        if row in mine_rows:
            continue
        if patent:
            app_id = free(by_key, key) if key else None
            person = (person_key(record.id_number), _comparable("title", record.title))
            other = free(by_person, person) if app_id is None and person[0] else None
            found_by_person = other is not None and _same_kind(kinds.get(other),
                                                               record.patent_number_raw)
            if found_by_person:
                app_id = other
        else:
            app_id = free(by_key, (tidy_name(record.studio_name), _comparable("title", record.title)))
            found_by_person = False
        if app_id is not None:
            taken.add(app_id)
            found.append((row, app_id, found_by_person, record))
        elif key in by_key:  # its number's papers each another row's: a repeat, or a rival
            rivals.append((row, record, by_key[key]))
    ids = [app_id for _row, app_id, _p, _r in found] + [i for *_r, mine in rivals for i in mine]
    apps = {a.id: a for a in (reg.patents_by_id(ids) if patent else reg.projects_by_id(ids))}
    rival_rows: set[int] = set()  # rows claiming a paper another row of the table is
    for row, record, numbered in rivals:
        # another first inventor than every paper of the number: his claim on the last
        # registered (the one find_duplicates names) is a dispute, as a row of another
        # table's is — not the plain 已登记 of a repeated row
        if not any(same_person(apps[i], record) for i in numbered):
            found.append((row, numbered[-1], False, record))
            rival_rows.add(row)
    found.sort(key=lambda item: item[0])
    asked: dict[int, str] | None = None

    def spelt(app_id: int) -> str:
        """The name the paper's own table gave it, where another was kept (asked)."""
        nonlocal asked
        if asked is None:  # read once, when a row may be an ID correction
            asked = asked_names(reg)
        return asked.get(app_id, "")

    out: dict[int, Match] = {}
    for row, app_id, found_by_person, record in found:
        stored = apps[app_id]
        differing = [(name, getattr(stored, name), getattr(record, name)) for name in names
                     if getattr(record, name) not in (None, "")  # a blank cell says nothing
                     and _comparable(name, getattr(stored, name))
                     != _comparable(name, getattr(record, name))]
        fills = next((new for name, old, new in differing if name == "received_date"
                      and old is None and stored.status == "registered"), None)
        if fills is not None:  # a date where the register has none: filled, not refused
            differing = [d for d in differing if d[0] != "received_date"]
        hand = _by_hand(reg, table, app_id, getattr(stored, "person_id", None)) if differing else {}
        differences = [Difference(name, preview.columns[name], old, new, hand.get(name, ""),
                                  _kept(name, old, new, stored, record, rename))
                       for name, old, new in differing]
        corrects_id, held, moved = (id_correction(
            reg, stored, record, open_=stored.status in _OPEN and stored.award_fen is None,
            spelt=spelt(app_id)) if patent and row not in rival_rows and not found_by_person
            else ("", "", ""))
        if corrects_id:  # its union's own paper, its ID typed wrong: a correction to offer
            differences = [replace(d, note=corrects_id, moved=moved, kept=held or d.kept)
                           if d.field == "id_number" else d for d in differences]
        if moved:  # onto another registered person: his phone stays his (``apply``)
            differences = [replace(d, kept="身份证号改为已登记的人，电话不按本行更改此人的")
                           if d.field == "phone" and not d.kept and not d.by_hand else d
                           for d in differences]
        if held:  # onto a person with an award: his card and phone wait with the ID
            differences = [replace(d, kept="身份证号待核对：在核对之前不按本行更改卡号、电话")
                           if d.field in ("card_number", "phone") and not d.kept and not d.by_hand
                           else d for d in differences]
        if any(d.field == "inventor_name" and d.kept for d in differences):
            # the ID may be the wrong one: his card and phone (all his papers') wait too
            differences = [replace(d, kept="姓名待核对：在核对之前不按本行更改此人的卡号、电话")
                           if d.field in ("card_number", "phone") and not d.kept and not d.by_hand
                           else d
                           for d in differences]
        # his phone (card…) another union's table set since, on his other paper: that
        # table's, newer than this one's — not this row's difference (an unchanged table
        # sent again is passed over), said on the row
        # (not his name: a name spelt otherwise stays a question, whichever table spelt it)
        others = [d for d in differences if d.field in ("card_number", "phone")
                  and BY_TABLE in d.by_hand]
        if others and len(others) == len(differences):
            differing, differences = [], []
        locked = route = ""
        if stored.status not in _OPEN or stored.award_fen is not None:
            from boostdesk.models.workflow import STATUS_ZH

            from .resend_notes import kept_route

            shown = STATUS_ZH.get(stored.status, stored.status)
            locked = (f"已{shown.removeprefix('已')}" if stored.award_fen is not None
                      else f"处于“{shown}”")
            route = kept_route(stream, stored.status, _paid(reg, stream, app_id))
        out[row] = Match(row, app_id, tuple(differences), found_by_person, locked, record,
                         clash(stream, row, stored, record, _erased_on(reg, stream, stored))
                         if differing and not corrects_id else "", route,
                         "；".join(str(d) for d in others) if others and not differences else "",
                         spelt(app_id) if any(d.field == "inventor_name" for d in differences)
                         else "", fills)
    return out


def _kept(name: str, stored: Any, typed: Any, app: Any, record: Any, rename: bool) -> str:
    """Why 按表更新 never takes a row's value of a registered paper (``Difference.kept``):
    a patent number whose application digits are the paper's but is itself invalid (its
    check character missing or wrong) where the register's is valid — the table's slip,
    never replacing a good number; a name spelt otherwise for the same ID number unless the
    clerk chose to rename (``rename``): the question a new paper's row asks too."""
    from boostdesk.validate import ValidationError, parse_patent_number

    from .duplicates import RENAME_BOX, RENAME_OPTION

    if name == "patent_number_raw":
        try:
            parse_patent_number(stored or "")
        except ValidationError:
            return ""  # the register's own number is wrong: the table's may correct it
        try:
            parse_patent_number(typed or "")
        except ValidationError as exc:
            return (f"表中的专利号有误：{str(exc).rstrip('。')}；登记册的专利号有效，按表更新也不改"
                    "，请报送单位改正表格")
        return ""
    if name == "inventor_name" and not rename and record.id_number and app.id_number and (
            person_key(record.id_number) == person_key(app.id_number)):
        return (f"同一身份证号，姓名不同：是同一人吗？按表更新不改名；如表中的“{tidy_name(typed)}”"
                f"才对，请选“{RENAME_BOX}”（命令行加 {RENAME_OPTION}），或在“单位与人员”→“人员”"
                "中更正姓名；如是身份证号填错，请报送单位改正")
    return ""


def _person_of(id_number: object) -> str:
    """An ID number as one person's: the 18 digits a 15-digit one became, upper-case X."""
    from boostdesk.old_ids import is_old_id, to_18

    key = person_key(id_number) if id_number else ""
    return to_18(key) if is_old_id(key) else key


def same_person(stored: Any, record: Any) -> bool:
    """Whether a row's first inventor is the registered paper's: the same ID number
    (however written: 15 digits, a lower-case x, a masked copy's), or the same name where
    the registered number is no valid ID (typed wrong: the table corrects it) or either
    side gives none."""
    from boostdesk.validate import ValidationError, check_resident_id

    from .cell_readers import Masked

    typed, registered = record.id_number, stored.id_number
    if isinstance(typed, Masked):
        return _fits(typed, registered)
    if typed and registered:
        if _person_of(typed) == _person_of(registered):
            return True
        try:
            check_resident_id(registered)
            return False  # two valid numbers: two people
        except ValidationError:
            pass
    return not record.inventor_name or tidy_name(record.inventor_name) == tidy_name(
        stored.inventor_name)


def asked_names(reg: Any) -> dict[int, str]:
    """Patent application -> the first inventor's name its table gave, where the import
    kept the register's (or an earlier row's) name for the ID and asked (the ``import``
    events' ``asked``: ``import_commit``)."""
    import json

    out: dict[int, str] = {}
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'patent_applications'"
            " AND entity_id IS NULL AND action = 'import' AND after LIKE '%\"asked\"%'"
            " ORDER BY id"):
        for app_id, name in (json.loads(after or "{}").get("asked") or {}).items():
            out[int(app_id)] = str(name)
    return out


def _same_name(one: str, other: str) -> bool:
    """validate.same_name, traditional characters folded (張偉 is 张伟): the near check
    asks the union to correct the ID of a paper so typed (可能与已登记的 张伟…为同一人), and its
    resend doing so, in either spelling, is that correction, not a dispute."""
    from boostdesk.hanzi_fold import fold
    from boostdesk.validate import same_name

    return same_name(one, other) or same_name(fold(one), fold(other))


# why an ID correction onto a registered person with an award is asked, not taken
NAMESAKE = "同名不一定是同一人"


def id_correction(reg: Any, stored: Any, record: Any, *, open_: bool = True,
                  spelt: str = "") -> tuple[str, str, str]:
    """What a row of a registered patent says when it is its union's correction of the
    paper's first inventor's ID number, not another person's claim on it: the same union
    sends the same patent again, the same first inventor's name, another valid ID number
    (the first table's was typed wrong, or copied from another row). Taken (按表更新), the
    paper is saved with the table's number as its form saves it: it is then that number's
    person's, the wrong one's other papers unchanged. Not when the table's number is
    another registered person's of another name (the paper would become his). ``spelt``:
    the name the paper's own first table gave, where the import kept another for the ID
    it gave (杨志强 with 王秀英's ID copied from her row: registered as hers, asked) — the
    resend naming him with his own ID corrects that paper, name and ID. ``open_``
    False: the paper is past its review (approved, paid: never taken from a table, its
    route says how it is corrected).

    Returns (note, kept, moved): the row's note ("" when it is no such correction:
    ``clash`` says what it is); why 按表更新 does not take it (``Difference.kept``) where
    the number is a registered person's of the same name with an award paid or approved —
    a namesake is not the same man, and a paper merged onto a paid person is for a human
    to confirm, not a table; and, where it is taken onto another registered person, what
    of the row is not written onto him (his card and phone stay his: ``apply``)."""
    from boostdesk.validate import ValidationError, check_resident_id

    from .cell_readers import Masked

    union, other = tidy_name(stored.unit_name or ""), tidy_name(record.unit_name or "")
    typed, name = tidy_name(record.inventor_name or ""), tidy_name(stored.inventor_name or "")
    first = bool(spelt) and _same_name(typed, tidy_name(spelt)) and not _same_name(typed, name)
    if (not union or union != other or not typed or not (_same_name(typed, name) or first)
            or not record.id_number or isinstance(record.id_number, Masked)
            or not stored.id_number or same_person(stored, record)):
        return "", "", ""
    try:
        number = check_resident_id(record.id_number)
    except ValidationError:
        return "", "", ""  # a number typed wrong again: no correction to take
    holder = reg.conn.execute("SELECT id, name, card_number, phone FROM people"
                              " WHERE id_number = ?", (number,)).fetchone()
    if holder is not None and not _same_name(tidy_name(holder[1]), typed):
        return "", "", ""
    ref = id_ref(PATENT, stored.id)
    others = reg.scalar("SELECT COUNT(*) FROM patent_applications WHERE person_id = ?"
                        " AND id != ?", (stored.person_id, stored.id)) if stored.person_id else 0
    if first:  # the register's person is another's (her own papers stay hers)
        said = (f"同一推荐单位再次报送，第一发明人仍为该单位上次所报的“{typed}”（上次所填的身份证号"
                f"在登记册中是“{name}”的，当时按“{name}”登记），现填了另一身份证号：按更正{ref}的"
                "第一发明人姓名和身份证号处理，不属争议")
        what, rest = "姓名和身份证号", f"；“{name}”的其他申报不变"
    else:
        said = (f"同一推荐单位再次报送，第一发明人同名，只是身份证号不同：按更正{ref}的身份证号处理，"
                "不属争议")
        what = "身份证号"
        rest = (hint_named(f"；登记册中原号码的“{name}”另有 {others} 份申报，不随之更改，"
                           "如那些申报的号码也错了，请在“单位与人员”→“人员”中更正身份证号"
                           "（命令行 boostdesk correct id）")
                if others else "")
    if not open_:
        return said, "", ""
    kept = moved = ""
    if holder is not None and holder[0] != stored.person_id:
        his = tidy_name(holder[1])
        awarded = reg.awarded_people({number}).get(number)
        if awarded is not None:
            _n, paid_id, year, state = awarded
            kept = (f"{said.split('：按更正')[0]}；但该身份证号在登记册中已是“{his}”的（其 {year} "
                    f"年度{id_ref(PATENT, paid_id)} 的助推款{state}）：{NAMESAKE}，把申报并到"
                    "已获助推的人名下须先核实，按表更新不改（不改身份证号，不改此人的卡号、电话）。"
                    "请向推荐单位核对第一发明人的身份证复印件：确是此人，请在“专利助推”中打开"
                    f"{ref}更正身份证号后保存（留有修改记录）；不是此人，请推荐单位改正本表")
        else:
            card = tidy_card(record.card_number or stored.card_number or "")
            phone = tidy_phone(record.phone or stored.phone or "")
            differ = [label for label, mine, his_value in (
                ("卡号", card, tidy_card(holder[2] or "")),
                ("电话", phone, tidy_phone(holder[3] or ""))) if mine and mine != his_value]
            moved = f"改按身份证号登记为已登记的“{his}”"
            if differ:
                moved += (f"；表中{'、'.join(differ)}与登记册不同，未写入登记册（此人的卡号、电话不变"
                          + ("，本申报按表中卡号拨付" if "卡号" in differ else "")
                          + "）"
                          # (人员 shows them, corrects no card or phone: the paper does)
                          + (f"：如需更正此人的电话，请在“专利助推”中打开{ref}更正后保存"
                             if "电话" in differ else ""))
    taken = (f"{said}；勾选“按表更新已登记申报中不同的项”（命令行加 --update-registered）即改按表中的"
             f"{what}登记，也可在“专利助推”中打开{ref}更正{what}后保存（留有修改记录）{rest}")
    return (f"{taken}；{moved}" if moved else taken), kept, moved


def _erased_on(reg: Any, stream: str, stored: Any) -> str:
    """The day the registered paper's applicant was erased (删除个人信息), "" if not."""
    from boostdesk.models.records import erased

    if stream != PATENT or not erased(stored.inventor_name):
        return ""
    from boostdesk.erase_person import erased_paper

    return erased_paper(reg, stream, stored.id) or "?"


def clash(stream: str, row: int, stored: Any, record: Any, erased_on: str = "") -> str:
    """What a row found in the register says when it is another claim on the paper, not a
    correction of it: another person as the patent's first inventor (the plan pays the
    first inventor, 一（一）: who he is comes from the patent certificate, not from the
    later table), or another union recommending it. "" when it is a correction."""
    ref = id_ref(stream, stored.id)
    union, other = tidy_name(stored.unit_name), tidy_name(record.unit_name or "")
    screen = "专利助推" if stream == PATENT else "创新项目"  # the window's screens' names
    fix = (f"如{ref}录入有误，请在“{screen}”中打开{ref}"
           "更正（留有修改记录）")
    if stream == PATENT and erased_on:
        day = "" if erased_on == "?" else f"已于 {erased_on} "
        return (f"，该专利的申报人个人信息{day}按保存期限删除（删除个人信息），无从核对本表第 "
                f"{row} 行的第一发明人{record.inventor_name or '（未填）'}是否同一人（不是争议）；"
                "该申报已结束，不按表更新，也不能恢复。如确需重新处理，请推荐单位核实后重新申报")
    if stream == PATENT and not same_person(stored, record):
        theirs = other or "本表推荐单位"
        return (f"，第一发明人为{stored.inventor_name or '（未填）'}（{union}推荐）；本表第 {row} "
                f"行的第一发明人为{record.inventor_name or '（未填）'}（{theirs}推荐），"
                "身份证号不同，不是同一人：两份申报都称是该专利的第一发明人，属争议，"
                "不按表更新（不换第一发明人、不换推荐单位）。请按专利证书核定第一发明人："
                f"{fix}；如本表有误，请{theirs}改正后重新报送")
    if union and other and other != union:  # a union filled in where none was: no clash
        return (f"，由{union}推荐；本表第 {row} 行由{other}推荐：同一申报不按表改换推荐单位。"
                f"请与两个单位核实由哪个单位推荐：{fix}；如只是单位名称写法不同，"
                "请在“单位与人员”中更正单位名称")
    return ""


# The numbers a masked copy hides: what a message calls each, and its column's header
_MASKED = {"phone": ("电话", "联系电话"), "contact_phone": ("电话", "联系电话"),
           "id_number": ("身份证号", "身份证号"), "card_number": ("卡号", "工会会员互助服务卡号")}


def _fits(masked: str, number: str | None) -> bool:
    """Whether a masked number (138****0001, 110105********002X) shows this number's
    digits where it shows any."""
    shown = [ch for ch in masked.upper() if ch.isdigit() or ch in "X*"]
    digits = [ch for ch in (number or "").upper() if ch.isdigit() or ch == "X"]
    return bool(digits) and len(shown) == len(digits) and all(
        s in ("*", d) for s, d in zip(shown, digits, strict=True))


def unmask(reg: Any, preview: Any) -> Any:
    """The preview with each masked number (a masked copy's phone 138****0001, ID
    110105********0012 or card 6214********1234, read as ``Masked``) given the registered
    one of the application its row is (found as ``compare`` finds it: by patent number, a
    project by studio and title), where that number's visible digits are these: the copy
    sent back to fill a column leaves it unchanged. A masked ID or card that fits no
    registered one (a new row's, or a changed number's) moves its row to the refused rows;
    such a phone is left out (the registered one kept), said on its row (``to_check``)."""
    from .cell_readers import Masked, masked_text
    from .duplicates import without_rows
    from .errors import CellError
    from .masked_phones import left_out_phones, masked_phone_note

    masked = {row for row, record in zip(preview.rows, preview.records, strict=True)
              if any(isinstance(getattr(record, f, None), Masked) for f in _MASKED)}
    if not masked:
        return preview
    matches = compare(reg, preview)
    ids = [m.app_id for row, m in matches.items() if row in masked]
    apps = {a.id: a for a in (reg.patents_by_id(ids) if preview.stream == PATENT
                              else reg.projects_by_id(ids))}
    refused: list[CellError] = []
    phones: dict[int, str] = {}  # row -> what became of its masked phone
    records = []
    for row, record in zip(preview.rows, preview.records, strict=True):
        if row in masked:
            stored = apps.get(matches[row].app_id) if row in matches else None
            changes = {}
            for name, (label, header) in _MASKED.items():
                value = getattr(record, name, None)
                if not isinstance(value, Masked):
                    continue
                if stored is not None and _fits(value, getattr(stored, name)):
                    changes[name] = getattr(stored, name)  # unchanged: the registered number
                    continue
                ref = id_ref(preview.stream, stored.id) if stored is not None else ""
                if label == "电话":  # contact data, not eligibility: the row is taken
                    kept = getattr(stored, name, "") or ""
                    changes[name] = kept
                    phones[row] = masked_phone_note(str(value), ref, bool(kept))
                    continue
                refused.append(CellError(row, preview.columns.get(name, header),
                                         masked_text(label, str(value), ref)))
            record = replace(record, **changes) if changes else record
        records.append(record)
    preview = replace(preview, records=records)
    if phones:
        preview = left_out_phones(preview, phones)
    if not refused:
        return preview
    kept = without_rows(preview, sorted({e.row for e in refused}))
    return replace(kept, errors=sorted([*preview.errors, *refused], key=lambda e: e.row))


SAME = "已登记（与表中相同）"  # a row that is a registered paper as the table gives it


def unchanged(matches: dict[int, Match], restudied: Iterable[int] = ()) -> set[int]:
    """The rows that are this year's registered papers exactly as the table gives them —
    no field otherwise, no other claim on the paper, no studio fact to change
    (``restudied``): a union's table come after its papers were typed at the desk. Passed
    over, not errors: the import goes on with the rest and counts them."""
    changing = set(restudied)
    return {row for row, m in matches.items()
            if not m.differences and not m.clash and row not in changing}


def studio_differs(match: Match, stream: str, year: int) -> str:
    """A registered row (``match``) whose paper is as the table gives it but whose studio
    facts differ from the register's (``studio_changes``): not 与表中相同 alone — why it
    is not passed over is its studio's 提示."""
    return match.text(stream, year).removesuffix("，与表中相同") + (
        "，申报与表中相同，但表中其工作室的信息与登记册不同（见该行的提示）")


def studio_changes(reg: Any, preview: Any, matches: dict[int, Match],
                   respell: bool = False) -> set[int]:
    """The registered rows (``matches``) whose studio facts differ from the register's: a
    table re-sent to correct a studio's level is work to choose, not a row to pass over.
    Its enterprise written otherwise (有限责任公司 for 有限公司) is the same enterprise,
    no difference — unless ``respell``: the clerk takes the table's spellings."""
    from .duplicates import table_studio_notes

    if not matches or preview.stream == PATENT:
        return set()
    changed: set[int] = set()
    table_studio_notes(reg, preview, (), list(matches), True, True, changed=changed,
                       respell=respell)
    return changed & set(matches)


def unchanged_line(rows: Collection[int], total: int = 0) -> str:
    """What the import says of the ``unchanged`` rows it passed over (全部 40 行 when they
    are the ``total`` rows of the table)."""
    from .import_verdicts import rows_counted

    return f"{SAME}{rows_counted(sorted(rows), total)}，不再导入" if rows else ""


def marks(matches: dict[int, Match], stream: str, year: int,
          duplicates: dict[int, str]) -> dict[int, str]:
    """``duplicates`` (``find_duplicates``) with each row of this year's register saying
    whether it is unchanged or which fields differ, and the rows found by inventor and
    title added: none of them is stored again as a new application."""
    out = dict(duplicates)
    for row, match in matches.items():
        out[row] = match.text(stream, year)
    return dict(sorted(out.items()))


def withdrawn(reg: Any, preview: Any, matches: dict[int, Any]) -> list[str]:
    """One note a registered paper of the table's year and unions that a union's whole
    table sent again no longer lists (``resend_notes.missing``: a correction table's
    others are not named)."""
    from .resend_notes import missing

    return [note for gone in missing(reg, preview, matches) for note in gone.notes()]


def _paid(reg: Any, stream: str, app_id: int) -> bool:
    """Whether money of the paper's award is recorded as sent (its payee fixed)."""
    from boostdesk.models.payment_marks import sent_counts

    return sent_counts(reg.conn, stream, [app_id]).get(app_id) is not None


def apply(reg: Any, stream: str, matches: dict[int, Match], source: str) -> list[int]:
    """Take the table's values of each differing row into its registered application (not
    the fields corrected by hand since, nor an approved or paid application's), each update
    audited as an entry's correction naming the file. Inside the caller's transaction.
    Returns the ids updated."""
    import json

    patent = stream == PATENT
    updated = []
    for _row, match in sorted(matches.items()):
        takes = match.takes
        if not takes:
            continue
        stored = reg.patent(match.app_id) if patent else reg.project(match.app_id)
        changes = {d.field: getattr(match.record, d.field) for d in takes}
        if "patent_number_raw" in changes:
            changes["patent_number"] = canonical_patent_number(changes["patent_number_raw"])
        mark = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
        if patent:
            # an ID corrected onto another registered person (``id_correction``'s moved):
            # the paper keeps its card, his card and phone stay his
            onto = "id_number" in changes and reg.scalar(
                "SELECT id FROM people WHERE id_number = ?",
                (person_key(changes["id_number"]),)) not in (None, stored.person_id)
            reg.save_patent(replace(stored, **changes), keep_person=bool(onto))
        else:
            reg.save_project(replace(stored, **changes), studio_facts=())
        # the update (and its inventor's) says which table it came from: no hand's correction
        for event_id, after in reg.conn.execute(
                "SELECT id, after FROM audit_events WHERE id > ? AND action = 'update'",
                (mark,)).fetchall():
            reg.conn.execute("UPDATE audit_events SET after = ? WHERE id = ?", (
                json.dumps({**json.loads(after), "source": source}, ensure_ascii=False), event_id))
        updated.append(match.app_id)
    return updated


def earlier_year(reg: Any, preview: Any, duplicates: dict[int, str]) -> list[str]:
    """A note when most of a table's rows are an earlier year's applications: last year's
    table sent again by mistake (its title cut, or imported under this year). Its rows
    that never claimed their number there (refused, sent a year too early) are not marked
    registered, and would be stored as this year's new applications: they are named."""
    # Only the earlier applications of the table's numbers (or studios), by index: not
    # every earlier year's for each table.
    years: dict[Any, int] = {}
    keys: list[Any]
    if preview.stream == PATENT:
        keys = [patent_key(canonical_patent_number(r.patent_number_raw), r.patent_number_raw)
                for r in checked(preview.records)]
        for number, (year,) in registered_patents(reg, keys, "c.year", "c.year < ?",
                                                  (preview.year,)):
            years[number] = max(year, years.get(number, 0))
    else:
        for name, title, year in registered_projects(
                reg, {tidy_name(r.studio_name) for r in preview.records}, "c.year",
                "c.year < ?", (preview.year,)):
            key = (name, _comparable("title", title))
            years[key] = max(year, years.get(key, 0))
        keys = [(tidy_name(r.studio_name), _comparable("title", r.title)) for r in preview.records]
    found = [(row, years[key]) for row, key in zip(preview.rows, keys, strict=True)
             if key and key in years]
    if not found or len(found) * 2 < len(preview.records):
        return []
    year = max({y for _r, y in found}, key=lambda y: sum(1 for _r, x in found if x == y))
    rows = [row for row, y in found if y == year]
    note = (f"本表 {len(preview.records)} 行中有 {len(rows)} 行已在 {year} 年度登记：是否误把 "
            f"{year} 年度的汇总表再次报送？")
    new = [row for row in rows if row not in duplicates]
    if new:
        shown = "、".join(str(r) for r in new[:20]) + (f"等 {len(new)} 行" if len(new) > 20 else "")
        # a project of that year still in review is not refused either: not "未获认可"
        said = ("未获认可（资格审核不通过，或授权晚于该年度的授权期间）" if preview.stream == PATENT
                else "未获助推或尚未评定（未获助推的项目可再次申报）")
        note += (f"其中第 {shown} 行在 {year} 年度{said}，导入将作为 {preview.year} "
                 "年度的新申报登记")
    return [note]
