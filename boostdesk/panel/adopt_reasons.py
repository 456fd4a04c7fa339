"""The decisions adopting took for one project, read back from the trail: the reason given
for an award above its request (--over-request-reason) and for a tier against the plan
(--against-plan-reason), with the trail line's id (later than 资格审核's decision or not).

The 审批表 says them (printing.approval): the adoption that stands for a project is the
latest one listing it (a later adoption lists only the projects it ranked)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from boostdesk.models.register import Register


@dataclass(frozen=True)
class AdoptReasons:
    """One project's decisions at the adoption that stands for it ("": none asked)."""

    event_id: int  # the adoption's trail line
    over_request: str = ""
    against_plan: str = ""


def adopt_reasons(reg: Register, project_ids: Iterable[int]) -> dict[int, AdoptReasons]:
    """Each of ``project_ids`` listed by an adoption: the reasons of its latest one."""
    wanted = set(project_ids)
    out: dict[int, AdoptReasons] = {}
    if not wanted:
        return out
    for event_id, after in reg.conn.execute(
            "SELECT id, after FROM audit_events WHERE entity = 'proposals' AND action = 'adopt'"
            " ORDER BY id"):
        doc = json.loads(after or "{}")
        listed = {int(p["id"]): str(p.get("ref") or "") for p in doc.get("proposals", ())
                  if isinstance(p, dict) and p.get("id") in wanted}
        if not listed:
            continue
        for pid, ref in listed.items():
            out[pid] = AdoptReasons(event_id, _asked(doc, "over_request", ref),
                                    _asked(doc, "against_plan", ref))
    return out


def _asked(doc: dict, key: str, ref: str) -> str:
    """The adoption's reason of ``key`` (over_request, against_plan) when it asked it of
    the project (its line in that list: “ref”：…), else ""."""
    said = f"“{ref}”："
    if any(str(line).startswith(said) for line in doc.get(key, ())):
        return str(doc.get(f"{key}_reason") or "")
    return ""
