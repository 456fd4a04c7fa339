"""Running every rule over a campaign, including the rules that need the register.

``check_campaign`` is the one place that knows which applications compete with
each other (one award per person, one application per patent, per-studio
limits); ``refresh`` stores its verdicts so views can sort and filter on them.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PROJECT, PatentApplication, ProjectApplication
from boostdesk.models.register import Register

from . import patent as patent_rules
from . import project as project_rules
from .findings import Finding, blocking, is_eligible, is_incomplete, to_json

AWARDED_UNFINISHED = ("approved", "paid_first")
HAS_AWARD = ("approved", "paid", "paid_first", "accepted", "paid_final")


@dataclass
class Verdict:
    stream: str
    app_id: int | None
    ref: str
    findings: list[Finding] = field(default_factory=list)
    name: str = ""  # the first inventor or the studio, for listings without a second query

    @property
    def eligible(self) -> bool:
        return is_eligible(self.findings)

    @property
    def incomplete(self) -> bool:
        return is_incomplete(self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "stream": self.stream, "id": self.app_id, "ref": self.ref,
            "eligible": self.eligible,
            "findings": [
                {"code": f.code, "severity": f.severity, "message": f.message, "field": f.field}
                for f in self.findings
            ],
        }


def title_key(title: str) -> str:
    return "".join(title.split()).lower()


# -- patents -------------------------------------------------------------
def _first_by_patent_number(reg: Register) -> dict[str, int]:
    """Each canonical patent number -> the application that claimed it first (any campaign).

    A refused application claims nothing: a patent sent a year too early and refused
    may be sent again.
    """
    first: dict[str, int] = {}
    for app_id, number in reg.conn.execute(
        "SELECT a.id, a.patent_number FROM patent_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE a.patent_number IS NOT NULL AND a.status != 'refused' ORDER BY c.year, a.id"
    ):
        first.setdefault(number, app_id)
    return first


def _duplicate_patent(app: PatentApplication, first: dict[str, int]) -> list[Finding]:
    """一（三）: one award per patent — the same patent number applied for again."""
    if not app.patent_number or app.patent_number not in first:
        return []
    owner = first[app.patent_number]
    if owner == app.id:
        return []
    return [blocking(
        "DUPLICATE_APPLICATION",
        f"专利 {app.patent_number} 已有申报（登记号 {owner}），同一专利不能重复申报（方案一（三））",
        "patent_number_raw",
    )]


def _person_key(app: PatentApplication) -> str | None:
    return app.id_number.strip().upper() or None


def _awarded_person_finding(owner: PatentApplication) -> Finding:
    return blocking(
        "PERSON_ALREADY_AWARDED_THIS_YEAR",
        f"{owner.inventor_name} 本年度已有获助推的专利申报（{owner.patent_number_raw}，"
        f"登记号 {owner.id}），每人每年最多享受一次助推（方案一（三））",
        "id_number",
    )


def _winner_order(app: PatentApplication) -> tuple[int, int]:
    # An application already awarded keeps its award; otherwise first come first served.
    return (0 if app.status in HAS_AWARD else 1, app.id or 1 << 62)


def check_patents(
    reg: Register, campaign: Campaign, apps: list[PatentApplication]
) -> list[Verdict]:
    first = _first_by_patent_number(reg)
    verdicts = []
    for app in apps:
        v = Verdict(PATENT, app.id, app.ref, patent_rules.intrinsic_findings(campaign, app),
                    app.inventor_name)
        v.findings.extend(_duplicate_patent(app, first))
        verdicts.append(v)
    # 一（三）每人每年最多享受一次助推: among one person's otherwise eligible patents
    # of the campaign, one stays eligible and the others are refused.
    by_person: dict[str, list[int]] = defaultdict(list)
    for i, (app, v) in enumerate(zip(apps, verdicts, strict=True)):
        key = _person_key(app)
        if key and v.eligible:
            by_person[key].append(i)
    for indexes in by_person.values():
        if len(indexes) < 2:
            continue
        indexes.sort(key=lambda i: _winner_order(apps[i]))
        owner = apps[indexes[0]]
        for i in indexes[1:]:
            verdicts[i].findings.append(_awarded_person_finding(owner))
    return verdicts


def check_patent_draft(reg: Register, app: PatentApplication) -> Verdict:
    """Findings for one application as typed in a form (saved or not)."""
    campaign = reg.campaign(app.campaign_year)
    v = Verdict(PATENT, app.id, app.ref, patent_rules.intrinsic_findings(campaign, app))
    app = _with_canonical_number(app)
    v.findings.extend(_duplicate_patent(app, _first_by_patent_number(reg)))
    key = _person_key(app)
    if key and v.eligible:
        others = [
            o for o in reg.patents(app.campaign_year)
            if o.id != app.id and _person_key(o) == key
        ]
        others = [o for o in check_patents(reg, campaign, others)
                  if o.eligible and o.app_id is not None]
        rivals = [reg.patent(o.app_id) for o in others if o.app_id is not None]
        if rivals:
            owner = min([*rivals, app], key=_winner_order)
            if owner is not app:
                v.findings.append(_awarded_person_finding(owner))
    return v


def _with_canonical_number(app: PatentApplication) -> PatentApplication:
    from dataclasses import replace

    from boostdesk.validate import ValidationError, parse_patent_number

    if not app.patent_number_raw.strip():
        return replace(app, patent_number=None)
    try:
        return replace(app, patent_number=parse_patent_number(app.patent_number_raw).patent_number)
    except ValidationError:
        return replace(app, patent_number=None)


# -- projects ------------------------------------------------------------
def _unfinished_studios(reg: Register, year: int) -> dict[int, str]:
    """二（一）: studios awarded in an earlier year whose project has not passed acceptance."""
    out: dict[int, str] = {}
    for sid, y, title in reg.conn.execute(
        "SELECT studio_id, year, project_title FROM studio_awards"
        " WHERE accepted = 0 AND year < ?", (year,)
    ):
        out.setdefault(sid, f"{y}年“{title}”")
    marks = ",".join("?" * len(AWARDED_UNFINISHED))
    for sid, y, title in reg.conn.execute(
        "SELECT a.studio_id, c.year, a.title FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id"
        f" WHERE c.year < ? AND a.status IN ({marks}) AND a.accepted_date IS NULL",
        (year, *AWARDED_UNFINISHED),
    ):
        out.setdefault(sid, f"{y}年“{title}”")
    return out


def _first_by_project(reg: Register) -> dict[tuple[int, str], int]:
    first: dict[tuple[int, str], int] = {}
    for app_id, sid, title in reg.conn.execute(
        "SELECT a.id, a.studio_id, a.title FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE a.studio_id IS NOT NULL"
        " ORDER BY c.year, a.id"
    ):
        first.setdefault((sid, title_key(title)), app_id)
    return first


def _project_cross(
    c: Campaign, app: ProjectApplication, sid: int | None, unfinished: dict[int, str],
    first: dict[tuple[int, str], int], rank_in_studio: int,
) -> list[Finding]:
    out: list[Finding] = []
    if sid is None:
        return out
    if sid in unfinished:
        out.append(blocking(
            "STUDIO_HAS_UNFINISHED_AWARD",
            f"工作室“{app.studio_name}”已获{unfinished[sid]}助推且未完成结题验收，不能申报（方案二（一））",
            "studio_name",
        ))
    owner = first.get((sid, title_key(app.title)))
    if owner is not None and owner != app.id:
        out.append(blocking(
            "DUPLICATE_APPLICATION",
            f"工作室“{app.studio_name}”的项目“{app.title}”已申报（登记号 {owner}），"
            f"不能重复申报（{project_rules.CLAUSE_STUDIO}）",
            "title",
        ))
    elif rank_in_studio > c.max_applications_per_studio:
        out.append(blocking(
            "STUDIO_TOO_MANY_APPLICATIONS",
            f"工作室“{app.studio_name}”本年度已申报 {c.max_applications_per_studio} 项，"
            f"此为第 {rank_in_studio} 项：同一创新工作室申报不超过 "
            f"{c.max_applications_per_studio} 项（方案二（二）2）",
            "studio_name",
        ))
    return out


def check_projects(
    reg: Register, campaign: Campaign, apps: list[ProjectApplication]
) -> list[Verdict]:
    unfinished = _unfinished_studios(reg, campaign.year)
    first = _first_by_project(reg)
    seen: dict[int, int] = defaultdict(int)
    verdicts = []
    for app in sorted(apps, key=lambda a: a.id or 1 << 62):
        sid = app.studio_id
        is_dup = sid is not None and first.get((sid, title_key(app.title))) not in (None, app.id)
        if sid is not None and not is_dup:
            seen[sid] += 1
        v = Verdict(PROJECT, app.id, app.ref, project_rules.intrinsic_findings(campaign, app),
                    app.studio_name)
        v.findings.extend(_project_cross(campaign, app, sid, unfinished, first, seen[sid] if sid else 0))
        verdicts.append(v)
    order = {id(a): i for i, a in enumerate(apps)}
    by_app = dict(zip((id(a) for a in sorted(apps, key=lambda a: a.id or 1 << 62)), verdicts, strict=True))
    return [by_app[k] for k in sorted(by_app, key=order.__getitem__)]


def check_project_draft(reg: Register, app: ProjectApplication) -> Verdict:
    campaign = reg.campaign(app.campaign_year)
    sid = app.studio_id
    if sid is None and app.studio_name.strip():
        sid = reg.scalar("SELECT id FROM studios WHERE name = ?", (app.studio_name.strip(),))
    others = 0
    if sid is not None:
        others = reg.scalar(
            "SELECT COUNT(*) FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = ? AND a.studio_id = ? AND (a.id < ? OR ? IS NULL)",
            (app.campaign_year, sid, app.id, app.id),
        )
    v = Verdict(PROJECT, app.id, app.ref, project_rules.intrinsic_findings(campaign, app))
    v.findings.extend(_project_cross(
        campaign, app, sid, _unfinished_studios(reg, campaign.year), _first_by_project(reg),
        int(others or 0) + 1,
    ))
    return v


# -- whole campaign ------------------------------------------------------
@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole campaign is checked.

    100,000 applications make millions of small containers (records, findings,
    verdicts); the collector's full passes over that growing heap took a fifth of
    `boostdesk check`. Nothing here makes reference cycles, so reference counting
    still frees everything. Process-wide, but only for the length of one check.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_campaign(reg: Register, year: int | None = None) -> list[Verdict]:
    campaign = reg.campaign(year)
    with _collector_paused():
        return [
            *check_patents(reg, campaign, reg.patents(campaign.year)),
            *check_projects(reg, campaign, reg.projects(campaign.year)),
        ]


def refresh(reg: Register, year: int | None = None) -> list[Verdict]:
    """Re-run every rule over a campaign and store the verdicts beside the applications."""
    with _collector_paused():
        return _refresh(reg, reg.campaign(year))


def _refresh(reg: Register, campaign: Campaign) -> list[Verdict]:
    verdicts = check_campaign(reg, campaign.year)
    # Most verdicts repeat a few finding lists (none, one missing document...): encode each once.
    encoded: dict[tuple[Finding, ...], str] = {}

    def row(v: Verdict) -> tuple[int, int, str, int | None]:
        key = tuple(v.findings)
        text = encoded.get(key)
        if text is None:
            text = encoded[key] = to_json(v.findings)
        return (int(v.eligible), int(v.incomplete), text, v.app_id)

    rows = {
        PATENT: [row(v) for v in verdicts if v.stream == PATENT],
        PROJECT: [row(v) for v in verdicts if v.stream == PROJECT],
    }
    cid = reg.campaign_id(campaign.year)
    with reg.transaction():
        for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
            # Write only the verdicts that changed: checking an unchanged campaign of
            # 100,000 applications used to rewrite every row (≈ 100 MB through the WAL).
            stored = {
                app_id: (ok, missing, text) for app_id, ok, missing, text in reg.conn.execute(
                    f"SELECT id, eligible, incomplete, findings FROM {table}"
                    " WHERE campaign_id = ?", (cid,))
            }
            reg.conn.executemany(
                f"UPDATE {table} SET eligible = ?, incomplete = ?, findings = ? WHERE id = ?",
                [r for r in rows[stream] if stored.get(r[3]) != r[:3]],
            )
    return verdicts
