"""The rows of a union's table an import did not store (unreadable, or registered already,
repeated or disputed), kept with the import's audit event, for the union's 核对意见 to
list: a union that sent 28 rows and was told of 22 never learnt what became of the six.

Kept in the ``import`` event (``import_commit.commit``'s ``refused``), no table of their
own: each entry is the row as the union knows it (序号, person, title), its union, why it
was not stored and a key (the patent number or project title as typed). A row is no longer
listed once a later import of the same union stored a paper of that year under its key
(the union sent it again, corrected). No Qt here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.validate import normalize_text, tidy_name

from .import_preview import ImportPreview

UNREADABLE, SKIPPED = "unreadable", "skipped"
# what the union is asked to do, by why the row was not stored
SEND_AGAIN = {
    UNREADABLE: "按原因改正本行，在汇总表中重新报送",
    SKIPPED: "核对本行：如有误，改正后重新报送；如有争议，附证明材料说明情况",
}
_TABLES = {"patent_applications": PATENT, "project_applications": PROJECT}


def refused_entries(preview: ImportPreview, skipped: Mapping[int, str]) -> list[dict[str, Any]]:
    """What an import keeps of the rows it does not store: each unreadable row of
    ``preview`` (its cells' reasons) and each row of ``skipped`` (row -> why: registered,
    repeated, disputed), in sheet order. ``preview``: the table as read, before the skipped
    rows are taken out of it."""
    records = dict(zip(preview.rows, preview.records, strict=True))
    unions = {r.unit_name for r in preview.records if r.unit_name}
    only = next(iter(unions)) if len(unions) == 1 else ""
    reasons: dict[int, list[str]] = {}
    for error in preview.errors:
        reasons.setdefault(error.row, []).append(  # as the union reads it (CellError.union)
            f"“{error.column}”：{error.union or error.message}")
    out: list[dict[str, Any]] = []
    for row in sorted({*reasons, *skipped}):
        if row in reasons:
            facts = dict(preview.refused_facts.get(row, {}))
            kind, why = UNREADABLE, "；".join(reasons[row])
        else:
            record = records.get(row)
            facts = _record_facts(record) if record is not None else {}
            kind, why = SKIPPED, skipped[row]
        facts.setdefault("unit", only)
        out.append({"row": row, "kind": kind, "why": why,
                     **{k: v for k, v in facts.items() if v}})
    return out


def _record_facts(record: Any) -> dict[str, str]:
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

    @property
    def ref(self) -> str:
        """序号 7 as the union knows the row, else its sheet row."""
        return f"序号 {self.seq}" if self.seq else f"第 {self.row} 行"

    @property
    def send_again(self) -> str:
        return SEND_AGAIN.get(self.kind, SEND_AGAIN[SKIPPED])


def refused_rows(reg: Any, year: int) -> dict[str, dict[str, list[RefusedRow]]]:
    """union -> stream -> the rows of its tables of ``year`` the imports did not store and
    no later import stored under their key, in import and sheet order."""
    events = list(reg.conn.execute(
        "SELECT id, at, entity, after FROM audit_events WHERE action = 'import' "
        "AND entity IN ('patent_applications', 'project_applications') AND after LIKE ? "
        "ORDER BY id", ('%"refused"%',)))
    if not events:
        return {}
    later = _stored_keys(reg, year)
    out: dict[str, dict[str, list[RefusedRow]]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for _id, at, entity, after in reversed(events):  # the newest import's word on a row
        facts = json.loads(after or "{}")
        if facts.get("year") != year:
            continue
        stream = _TABLES[entity]
        last = int(facts.get("last_id") or 0)
        for entry in facts.get("refused") or ():
            union = tidy_name(str(entry.get("unit") or ""))
            key = _key(stream, str(entry.get("key") or ""))
            if key and any(app_id > last for app_id in later.get((stream, union, key), ())):
                continue  # sent again and stored since
            same = (union, stream, key or str(entry.get("name") or ""),
                    str(entry.get("title") or ""))
            if same in seen:  # refused again by a later import of the table
                continue
            seen.add(same)
            out.setdefault(union, {}).setdefault(stream, []).append(RefusedRow(
                stream, str(facts.get("file") or ""), str(at), int(entry.get("row") or 0),
                str(entry.get("seq") or ""), str(entry.get("name") or ""),
                str(entry.get("title") or ""), str(entry.get("why") or ""),
                str(entry.get("kind") or SKIPPED)))
    for streams in out.values():
        for rows in streams.values():
            rows.sort(key=lambda r: (r.at, r.file, r.row))
    return out


def _key(stream: str, text: str) -> str:
    if not text:
        return ""
    if stream == PATENT:
        from boostdesk.models.register import canonical_patent_number

        return canonical_patent_number(text) or normalize_text(text).upper()
    return normalize_text(text)


def _stored_keys(reg: Any, year: int) -> dict[tuple[str, str, str], list[int]]:
    """(stream, union, key) -> the ids of the year's papers under it."""
    out: dict[tuple[str, str, str], list[int]] = {}
    for app in reg.patents(year):
        key = _key(PATENT, app.patent_number or app.patent_number_raw or "")
        out.setdefault((PATENT, tidy_name(app.unit_name or ""), key), []).append(app.id or 0)
    for app in reg.projects(year):
        key = _key(PROJECT, app.title or "")
        out.setdefault((PROJECT, tidy_name(app.unit_name or ""), key), []).append(app.id or 0)
    return out


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
