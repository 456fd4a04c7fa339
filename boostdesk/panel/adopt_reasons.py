"""The decisions adopting took for one project, read back from the trail: the reason given
for an award above its request (--over-request-reason) and for a tier against the plan
(--against-plan-reason), with the trail line's id (later than 资格审核's decision or not);
and, with what was decided, for a project scored by fewer experts than the year asks
(--short-reason) and for a tier boundary parted only by the received date or the 登记号
(--tie-reason).

The 审批表 says them (printing.approval): the adoption that stands for a project is the
latest one listing it (a later adoption lists only the projects it ranked)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from boostdesk.models.register import Register

from .ranking_rows import RankRow


@dataclass(frozen=True)
class AdoptReasons:
    """One project's decisions at the adoption that stands for it ("": none asked)."""

    event_id: int  # the adoption's trail line
    over_request: str = ""
    against_plan: str = ""
    # what the adoption was asked about (评审专家不足：…; the tie at the boundary) and the
    # reason it gave ("" both when not asked of this project)
    short: str = ""
    short_reason: str = ""
    tie: str = ""
    tie_reason: str = ""

    @property
    def decisions(self) -> list[str]:
        """The short panel's and the tie's decisions, a line each, as the 审批表 says them."""
        out = []
        if self.short and self.short_reason:
            out.append(f"{self.short}，经研究按现有评分采纳：{self.short_reason}")
        if self.tie and self.tie_reason:
            out.append(f"{self.tie}，经研究按此确定：{self.tie_reason}")
        return out


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
                                    _asked(doc, "against_plan", ref),
                                    _fact(doc, "short", ref) or _fact(doc, "short_kept", ref),
                                    _asked(doc, "short", ref) or str(
                                        (doc.get("short_kept_reasons") or {}).get(ref) or ""),
                                    _fact(doc, "cutoff_ties", ref),
                                    _asked(doc, "cutoff_ties", ref, "tie_reason"))
    return out


def _fact(doc: dict, key: str, ref: str) -> str:
    """What the adoption's list ``key`` said of the project (its line after “ref”：)."""
    said = f"“{ref}”："
    return next((str(line)[len(said):] for line in doc.get(key, ())
                 if str(line).startswith(said)), "")


def _asked(doc: dict, key: str, ref: str, reason: str = "") -> str:
    """The adoption's reason of ``key`` (over_request, against_plan, short, cutoff_ties:
    its ``reason`` key, ``key``_reason unless given) when it asked it of the project (its
    line in that list: “ref”：…), else ""."""
    said = f"“{ref}”："
    if any(str(line).startswith(said) for line in doc.get(key, ())):
        return str(doc.get(reason or f"{key}_reason") or "").strip()
    return ""


def short_decided(reg: Register, year: int, rows: Iterable[RankRow]) -> dict[int, str]:
    """Of ``rows`` scored by fewer experts than the year asks, those an adoption still
    standing (not withdrawn, not yet published) already decided to take on the scores there
    are, left where it put them: project id → the reason it gave. Adopting again (a place
    freed by an upheld objection) asked the reason once more for a project the first
    adoption had decided and the new one does not move."""
    from .ranking_rows import adopted

    live = {pid: p for pid, p in adopted(reg, year).items() if p["period_id"] is None}
    same = {r.project_id: r for r in rows if r.short and r.project_id in live
            and live[r.project_id]["amount_fen"] == r.amount_fen}
    return {pid: a.short_reason for pid, a in adopt_reasons(reg, same).items()
            if a.short_reason and a.short == same[pid].short}
