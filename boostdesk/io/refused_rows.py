"""The rows of a union's table an import did not store (unreadable, or registered already,
repeated or disputed), kept with the import's audit event, for the union's 核对意见 to
list: a union that sent 28 rows and was told of 22 never learnt what became of the six.

Kept in the ``import`` event (``import_commit.commit``'s ``refused``), no table of their
own: each entry is the row as the union knows it (序号, person, title), its union, why it
was not stored and a key (the patent number or project title as typed). A row is no longer
listed once a later import of the same union stored a paper of that year under its key
(the union sent it again, corrected) — the same key, the same 序号, or the same person
and title: a shifted row or a disputed one corrected has another key than it was refused
under. A row whose paper an earlier table registered (a resend's update refused) is
listed, not counted again in what the union sent. No Qt here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.validate import normalize_text, tidy_name

from .import_preview import ImportPreview
from .resend_notes import locked_said

# LOCKED: a registered paper past its review (approved…) that the row would have changed
UNREADABLE, SKIPPED, LOCKED = "unreadable", "skipped", "locked"
# what the union is asked to do, by why the row was not stored
SEND_AGAIN = {
    UNREADABLE: "按原因改正本行，在汇总表中重新报送",
    SKIPPED: "核对本行：如有误，改正后重新报送；如有争议，附证明材料说明情况",
    LOCKED: "无需重新报送；登记的确有误的，请来函更正",
}
_TABLES = {"patent_applications": PATENT, "project_applications": PROJECT}


def refused_entries(preview: ImportPreview, skipped: Mapping[int, str],
                    union_words: Mapping[int, str] | None = None,
                    locked: Collection[int] = ()) -> list[dict[str, Any]]:
    """What an import keeps of the rows it does not store: each unreadable row of
    ``preview`` (its cells' reasons) and each row of ``skipped`` (row -> why: registered,
    repeated, disputed), in sheet order. ``preview``: the table as read, before the skipped
    rows are taken out of it. ``union_words``: row -> the union's words for it, where the
    letter says more than the clerk's reason read for the union (an ID correction not
    taken: ``resend_notes.ids_not_taken``). ``locked``: the rows whose registered paper is
    past its review (``resend_notes.locked_for_union``): not to be sent again."""
    words = union_words or {}
    records = dict(zip(preview.rows, preview.records, strict=True))
    unions = {r.unit_name for r in preview.records if r.unit_name}
    only = next(iter(unions)) if len(unions) == 1 else ""
    reasons: dict[int, list[str]] = {}
    whole: set[int] = set()  # a row read as a whole (its cells shifted along): no column
    for error in preview.errors:
        if not error.column:
            whole.add(error.row)
        said = error.union or error.message  # as the union reads it (CellError.union)
        reasons.setdefault(error.row, []).append(
            f"“{error.column}”：{said}" if error.column else said)
    out: list[dict[str, Any]] = []
    for row in sorted({*reasons, *skipped}):
        if row in reasons:
            facts = dict(preview.refused_facts.get(row, {}))
            if row in whole:  # its name cell holds a date, its title a number: not named
                facts = {k: v for k, v in facts.items() if k in ("seq", "unit")}
            kind, why = UNREADABLE, "；".join(reasons[row])
        else:
            record = records.get(row)
            facts = record_facts(record) if record is not None else {}
            kind, why = (LOCKED if row in locked else SKIPPED), skipped[row]
        if not facts.get("unit"):
            facts["unit"] = only
        out.append({"row": row, "kind": kind, "why": why,
                     **({"said": words[row]} if row in words else {}),
                     **{k: v for k, v in facts.items() if v}})
    named = {str(e["unit"]) for e in out if e.get("unit")}
    if len(named) == 1:  # a table none of whose rows was read: its union from the others
        for entry in out:
            entry.setdefault("unit", next(iter(named)))
    return out


def record_facts(record: Any) -> dict[str, str]:
    """A read row's 序号, person, title, union and key, as a refused entry keeps them."""
    patent = hasattr(record, "inventor_name")
    return {
        "seq": "" if record.seq is None else str(record.seq),
        "name": record.inventor_name if patent else record.leader,
        "title": record.title,
        "unit": record.unit_name or "",
        "key": (record.patent_number or record.patent_number_raw) if patent else record.title,
    }


@dataclass(frozen=True)
class RefusedRow:
    """A row of a union's table its import did not store, as the letter lists it."""

    stream: str
    file: str
    at: str  # the import's time, ISO
    row: int
    seq: str
    name: str
    title: str
    why: str
    kind: str
    # its paper was registered from an earlier table (a resend's change refused): listed,
    # not counted again among the rows the union sent
    registered: bool = False
    said: str = ""  # the union's words for it, where kept (``refused_entries``' ``union_words``)
    event: int = 0  # the import's audit line: with ``row``, what a letter records of it

    @property
    def who(self) -> str:
        """The person as the union's cell names them (two in one cell: 陈建国、李四), else
        the row: a shifted row's name cell is no name."""
        names = [n.strip() for n in re.split(r"[\r\n]+", self.name) if n.strip()]
        return "、".join(names) or f"第 {self.row} 行"

    @property
    def ref(self) -> str:
        """序号 7 as the union knows the row, else its sheet row."""
        return f"序号 {self.seq}" if self.seq else f"第 {self.row} 行"

    @property
    def send_again(self) -> str:
        return SEND_AGAIN.get(self.kind, SEND_AGAIN[SKIPPED])


def refused_rows(reg: Any, year: int, *, before: int | None = None,
                 listed: Collection[tuple[int, int]] | None = None,
                 ) -> dict[str, dict[str, list[RefusedRow]]]:
    """union -> stream -> the rows of its tables of ``year`` the imports did not store and
    no later import stored (:func:`_same_row`), in import and sheet order.

    For a letter's archive copy: ``before``, only the imports before that audit line (the
    letter's); ``listed``, exactly the rows (import line, sheet row) the letter listed,
    stored since or not."""
    events = [e for e in reg.conn.execute(
        "SELECT id, at, entity, after FROM audit_events WHERE action = 'import' "
        "AND entity IN ('patent_applications', 'project_applications') ORDER BY id")
        if before is None or e[0] < before]
    if not any('"refused"' in (after or "") for *_x, after in events):
        return {}
    # the highest paper id stored before each import, and with it: a paper above the
    # first was stored by it or later, one above the second after it
    floors: dict[int, tuple[int, int]] = {}
    high: dict[str, int] = {}
    for event_id, _at, entity, after in events:
        stored = json.loads(after or "{}")
        # papers typed at the desk or made before any import (no import line of theirs)
        # are below the import's first paper all the same
        before = max(high.get(entity, 0), int(stored.get("first_id") or 1) - 1)
        last = int(stored.get("last_id") or 0)
        high[entity] = max(before, last)
        floors[event_id] = (before, high[entity])
    papers = _papers(reg, year)
    out: dict[str, dict[str, list[RefusedRow]]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for event_id, at, entity, after in reversed(events):  # the newest import's word on a row
        facts = json.loads(after or "{}")
        if facts.get("year") != year or not facts.get("refused"):
            continue
        stream = _TABLES[entity]
        floor, since = floors[event_id]
        for entry in facts.get("refused") or ():
            union = tidy_name(str(entry.get("unit") or ""))
            row = _Row.of(stream, entry)
            mine = papers.get((stream, union), ())
            if listed is not None:
                if (event_id, int(entry.get("row") or 0)) not in listed:
                    continue
            elif any(app_id > since and _same_row(row, paper) for app_id, paper in mine):
                continue  # sent again and stored since
            same = (union, stream, row.key or row.name, row.title)
            if same in seen and listed is None:  # refused again by a later import
                continue
            seen.add(same)
            why = str(entry.get("why") or "")
            kind, said = str(entry.get("kind") or SKIPPED), str(entry.get("said") or "")
            if kind == SKIPPED and not said and (old := locked_said(why)):
                kind, said = LOCKED, old  # kept by an import before the union's words were
            name, title = row.name, row.title
            if why.startswith("“”："):  # kept before a whole row's problem had no column
                why, name, title = why[4:], "", ""
            out.setdefault(union, {}).setdefault(stream, []).append(RefusedRow(
                stream, str(facts.get("file") or ""), str(at), int(entry.get("row") or 0),
                row.seq, name, title, why, kind,
                registered=any(app_id <= floor and _same_row(row, paper, by_seq=False)
                               for app_id, paper in mine), said=said,
                event=int(event_id)))
    for streams in out.values():
        for rows in streams.values():
            rows.sort(key=lambda r: (r.at, r.file, r.row))
    return out


@dataclass(frozen=True)
class _Row:
    """A refused row's or a paper's naming facts, normalised for comparing."""

    key: str
    seq: str
    name: str
    title: str

    @classmethod
    def of(cls, stream: str, entry: Mapping[str, Any]) -> _Row:
        return cls(_key(stream, str(entry.get("key") or "")), str(entry.get("seq") or ""),
                   str(entry.get("name") or ""), str(entry.get("title") or ""))


def _same_row(row: _Row, paper: _Row, by_seq: bool = True) -> bool:
    """Is ``paper`` the refused ``row`` (its union's): the same patent number (project
    title), the same 序号 (``by_seq``: of a later table), or the same person and title."""
    if row.key and row.key == paper.key:
        return True
    if by_seq and row.seq and row.seq == paper.seq:
        return True
    return bool(row.name and row.title) and (
        normalize_text(row.name), normalize_text(row.title)) == (
        normalize_text(paper.name), normalize_text(paper.title))


def _papers(reg: Any, year: int) -> dict[tuple[str, str], list[tuple[int, _Row]]]:
    """(stream, union) -> the year's papers: (id, their naming facts)."""
    out: dict[tuple[str, str], list[tuple[int, _Row]]] = {}
    for app in reg.patents(year):
        out.setdefault((PATENT, tidy_name(app.unit_name or "")), []).append((app.id or 0, _Row(
            _key(PATENT, app.patent_number or app.patent_number_raw or ""),
            "" if app.seq is None else str(app.seq), app.inventor_name or "", app.title or "")))
    for app in reg.projects(year):
        out.setdefault((PROJECT, tidy_name(app.unit_name or "")), []).append((app.id or 0, _Row(
            _key(PROJECT, app.title or ""), "" if app.seq is None else str(app.seq),
            app.leader or "", app.title or "")))
    return out


def refused_unions(reg: Any) -> list[str]:
    """The unions named only by rows an import refused (a table none of whose rows was
    stored): ``export notices --union`` finds them too."""
    names: set[str] = set()
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = 'import' AND entity IN "
            "('patent_applications', 'project_applications') AND after LIKE ?",
            ('%"refused"%',)):
        for entry in json.loads(after or "{}").get("refused") or ():
            if entry.get("unit"):
                names.add(tidy_name(str(entry["unit"])))
    return sorted(names)


def _key(stream: str, text: str) -> str:
    if not text:
        return ""
    if stream == PATENT:
        from boostdesk.models.register import canonical_patent_number

        return canonical_patent_number(text) or normalize_text(text).upper()
    return normalize_text(text)


def unnumbered_rows(reg: Any) -> dict[tuple[str, int], int]:
    """(stream, application id) -> the sheet row of an imported paper whose 序号 was blank
    (a formula without its value), as its import recorded it."""
    out: dict[tuple[str, int], int] = {}
    for entity, after in reg.conn.execute(
            "SELECT entity, after FROM audit_events WHERE action = 'import' AND entity IN "
            "('patent_applications', 'project_applications') AND after LIKE ?",
            ('%"rows"%',)):
        rows = json.loads(after or "{}").get("rows") or {}
        for app_id, row in rows.items():
            out[(_TABLES[entity], int(app_id))] = int(row)
    return out
