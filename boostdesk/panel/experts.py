"""Experts of a campaign's panel, their conflicts of interest, and who scores what.

二（四）2: 由市总工会核准申报单位的申报资格后进行项目的专业评审. Projects reach the panel once
qualified; assigning a qualified project to an expert moves it to 专家评审 (review).

An expert is never assigned a project of their own enterprise, studio or recommending union
(:func:`automatic_conflict`), nor one they declared a conflict with (:func:`declare_conflict`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from boostdesk.field_limits import check_field
from boostdesk.models.record_rows import next_id
from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.no_enterprise import panel_line
from boostdesk.said_where import way
from boostdesk.validate import ValidationError, not_a_contact, tidy_line, tidy_name

from .balance import Shortfall, shortfall_lines
from .errors import PanelError
from .grid import ensure_grid
from .near_conflicts import CLI_CONFIRM as NEAR_CONFIRM
from .near_conflicts import NearOrg, NearOrgs, likely_conflict

PANEL_STATUSES = ("qualified", "review")


@dataclass(frozen=True)
class Expert:
    name: str
    organisation: str = ""
    field: str = ""
    contact: str = ""
    id: int | None = None


@dataclass(frozen=True)
class Assignment:
    id: int
    expert_id: int
    project_id: int
    submitted_at: str | None
    source: str | None
    comment: str

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _norm(text: str) -> str:
    """A name or 工作单位 as conflicts compare them: tidied as the register stores names
    (an enterprise's brackets full-width, ５Ｇ as 5G), without spaces. The 工作单位 is kept as
    typed: 北京新疆(集团)有限公司 typed is still the registered 北京新疆（集团）有限公司."""
    return "".join(tidy_name(text).split())


# -- experts ----------------------------------------------------------------------
def experts(reg: Register, year: int) -> list[Expert]:
    """The year's panel by name in pinyin order, as every list of experts shows it."""
    rows = reg.query(
        "SELECT id, name, organisation, field, contact FROM experts WHERE campaign_id = ?"
        " ORDER BY pinyin_key(name), id", (reg.campaign_id(year),),
    )
    return [Expert(r["name"], r["organisation"], r["field"], r["contact"], r["id"]) for r in rows]


def expert(reg: Register, expert_id: int) -> Expert:
    rows = reg.query(
        "SELECT id, name, organisation, field, contact FROM experts WHERE id = ?", (expert_id,)
    )
    if not rows:
        raise PanelError(f"没有编号为 {expert_id} 的专家")
    r = rows[0]
    return Expert(r["name"], r["organisation"], r["field"], r["contact"], r["id"])


def expert_year(reg: Register, expert_id: int) -> int:
    year = reg.scalar(
        "SELECT c.year FROM experts e JOIN campaigns c ON c.id = e.campaign_id WHERE e.id = ?",
        (expert_id,),
    )
    if year is None:
        raise PanelError(f"没有编号为 {expert_id} 的专家")
    return int(year)


def same_name(a: str, b: str) -> bool:
    """The one comparison of experts' names, for adding and for finding: as the register
    compares studios' and unions' names (李 明 is 李明; full-width letters are half-width)."""
    return tidy_name(a) == tidy_name(b)


def expert_by_name(reg: Register, year: int, name: str) -> Expert:
    """The expert :func:`same_name` names. A register kept before names were compared so
    may hold two such experts: the one spelled exactly as typed, else neither."""
    panel = experts(reg, year)
    found = [e for e in panel if same_name(e.name, name)]
    if len(found) > 1:
        found = [e for e in found if e.name == name.strip()]
        if len(found) != 1:
            raise PanelError(f"{year} 年度有多位专家的姓名与“{name.strip()}”只差空格或全角、半角："
                             + "、".join(f"“{e.name}”" for e in panel if same_name(e.name, name))
                             + "；请按登记的写法给出姓名")
    if found:
        return found[0]
    known = "、".join(e.name for e in panel) or "无"
    raise PanelError(f"{year} 年度评审专家中没有“{name}”（已有：{known}）")


def save_expert(reg: Register, year: int, e: Expert, *, contact_given: bool = True) -> int:
    """Add an expert (id None) or update one; the name, stored tidied, is unique within the
    campaign under :func:`same_name`. A contact holding an ID or card number is refused
    (:func:`~boostdesk.validate.not_a_contact`) unless ``contact_given`` is false and it is
    the one stored (an update of his other facts on a register from before the refusal)."""
    name = tidy_name(e.name)
    if not name:
        raise PanelError("请填写专家姓名")
    # As a table's cells are read: an organisation pasted with a zero-width or direction
    # mark would otherwise never meet the enterprise it names (a conflict missed).
    values = {"name": name, "organisation": tidy_line(e.organisation),
              "field": tidy_line(e.field), "contact": tidy_line(e.contact)}
    for key, limit_key, label in (("name", "expert_name", "专家姓名"),
                                  ("organisation", "organisation", "工作单位"),
                                  ("field", "expert_field", "专业领域"),
                                  ("contact", "contact", "联系方式")):
        try:  # the forms' and the import's limits: a whole document pasted is refused
            check_field(limit_key, values[key])
        except ValidationError as exc:
            raise PanelError(f"{label}{exc.message}") from None
    with reg.transaction():
        cid = reg.campaign_id(year)
        clash = next((o for o in experts(reg, year) if o.id != e.id and same_name(o.name, name)),
                     None)
        if clash:
            typed = e.name.strip()
            alike = "" if clash.name == typed else f"，“{typed}”与之只差空格或全角、半角，视为同一姓名"
            raise PanelError(f"{year} 年度已有专家“{clash.name}”{alike}；"
                             "同名的另一位专家请在姓名后加注单位以区分")
        # an ID or card number typed as the contact is refused, as the forms' 联系电话
        # refuses it; one stored before it was (a register from before) is masked in the
        # lists, and kept while the contact is not given again
        kept = not contact_given and e.id is not None \
            and values["contact"] == expert(reg, e.id).contact
        if not kept and (refused := not_a_contact(values["contact"])):
            raise PanelError(refused)
        if e.id is None:
            cur = reg.conn.execute(
                "INSERT INTO experts (id, campaign_id, name, organisation, field, contact)"
                " VALUES (:id, :cid, :name, :organisation, :field, :contact)",
                {**values, "cid": cid, "id": next_id(reg.conn, "experts")},
            )
            expert_id = int(cur.lastrowid or 0)
            reg.audit("create", "experts", expert_id, None, values)
            _drop_conflicting_assignments(reg, expert_id)
            return expert_id
        before = asdict(expert(reg, e.id))
        reg.conn.execute(
            "UPDATE experts SET name = :name, organisation = :organisation, field = :field,"
            " contact = :contact WHERE id = :id", {**values, "id": e.id},
        )
        reg.audit("update", "experts", e.id, before, values)
        _drop_conflicting_assignments(reg, e.id)
        return e.id


def _drop_conflicting_assignments(reg: Register, expert_id: int) -> None:
    """A changed organisation may put an expert in conflict with projects already assigned."""
    e = expert(reg, expert_id)
    year = expert_year(reg, expert_id)
    declared = declared_conflicts(reg, year)
    scored = []
    for a in [a for a in assignments(reg, year) if a.expert_id == e.id]:
        reason = automatic_conflict(e, reg.project(a.project_id))
        if reason and (e.id, a.project_id) not in declared:  # a declared one is flagged
            if a.submitted:
                scored.append(f"“{reg.project(a.project_id).title}”（{reason}）")
            else:
                _delete_assignment(reg, a, f"利益冲突：{reason}")
    if scored:
        these = "该项目" if len(scored) == 1 else "这些项目"
        raise PanelError(
            f"专家“{e.name}”与已评分的项目" + "、".join(scored) + f"存在利益冲突：请先在“分配专家”"
            f"中为{these}登记回避（其评分一并撤回），再修改专家单位"
            "（已采纳或公示的项目，登记回避后其评分不再计入，排名与公示会提示处理）"
        )


@dataclass(frozen=True)
class ExpertWork:
    """What removing an expert takes with them: the projects assigned (each then short of
    an expert) and those with a draft of scores typed, not submitted."""

    projects: tuple[str, ...]
    drafts: tuple[str, ...]

    @property
    def text(self) -> str:
        if not self.projects:
            return ""
        text = (f"其 {len(self.projects)} 项分配一并取消（" + "、".join(
            f"“{t}”" for t in self.projects) + "），这些项目需另派专家（自动均衡分配）")
        if self.drafts:
            text += (f"；其中 {len(self.drafts)} 个项目已录入评分草稿（未提交），草稿一并删除"
                     "（记入修改记录，登记册先备份）")
        return text


def expert_work(reg: Register, expert_id: int) -> ExpertWork:
    mine = [a for a in assignments(reg, expert_year(reg, expert_id)) if a.expert_id == expert_id]
    titles = {a.project_id: reg.project(a.project_id).title for a in mine}
    return ExpertWork(tuple(titles[a.project_id] for a in mine),
                      tuple(titles[a.project_id] for a in mine
                            if not a.submitted and reg.scalar(
                                "SELECT COUNT(*) FROM scores WHERE assignment_id = ?", (a.id,))))


def _submitted(reg: Register, expert_id: int) -> int:
    """How many of the expert's projects have his submitted scores."""
    return int(reg.scalar(
        "SELECT COUNT(*) FROM assignments WHERE expert_id = ? AND submitted_at IS NOT NULL",
        (expert_id,),
    ) or 0)


def drops_drafts(reg: Register, expert_id: int) -> bool:
    """Whether :func:`remove_expert` deletes scores typed as a draft (backing up first)."""
    return not _submitted(reg, expert_id) and bool(expert_work(reg, expert_id).drafts)


def remove_expert(reg: Register, expert_id: int, *,
                  cancelled: Callable[[], bool] | None = None) -> ExpertWork:
    """Remove an expert and their assignments; refused once they have submitted scores.
    Scores typed as a draft go with them: the register is backed up first (nothing
    removed when ``cancelled()`` says so after it)."""
    from boostdesk.safety.backup import backed_up_write

    work = expert_work(reg, expert_id)
    submitted = _submitted(reg, expert_id)
    backup = "scores" if work.drafts and not submitted else None
    with backed_up_write(reg, backup, cancelled), reg.transaction():
        e = expert(reg, expert_id)
        if submitted:
            raise PanelError(f"专家“{e.name}”已提交 {submitted} 个项目的评分，不能删除")
        year = expert_year(reg, expert_id)
        for a in [a for a in assignments(reg, year) if a.expert_id == expert_id]:
            _delete_assignment(reg, a, "删除专家")  # a draft's scores kept in its audit line
        reg.conn.execute("DELETE FROM conflicts WHERE expert_id = ?", (expert_id,))
        reg.conn.execute("DELETE FROM experts WHERE id = ?", (expert_id,))
        # with its year: the auditor's year keeps an expert no longer in the register
        reg.audit("delete", "experts", expert_id, {**asdict(e), "year": year}, None)
    return work


# -- projects before the panel ------------------------------------------------------
def panel_projects(reg: Register, year: int,
                   statuses: Iterable[str] = PANEL_STATUSES) -> list[ProjectApplication]:
    return reg.projects(year, statuses=statuses)


# -- conflicts of interest ----------------------------------------------------------
def automatic_conflict(e: Expert, app: ProjectApplication) -> str | None:
    """Why ``e`` may not score ``app`` by their organisation alone, or None.

    An expert from the project's enterprise, its studio or its recommending union
    (the union or the body it belongs to: 首钢集团 for 首钢集团工会) is in conflict. A
    project whose studio has no 所在单位 is checked without it: 分配专家 and `panel assign`
    say so (:mod:`boostdesk.no_enterprise`).
    """
    return _org_conflict(e, app.leader, app.enterprise_name, app.studio_name, app.unit_name)


def _org_conflict(e: Expert, leader: str, enterprise: str, studio: str,
                  union: str) -> str | None:
    org = _norm(e.organisation)
    if _norm(e.name) and _norm(e.name) == _norm(leader or ""):
        return f"专家即工作室领衔人“{leader}”"
    if not org:
        return None
    if org == _norm(enterprise or ""):
        return f"专家来自项目所在单位“{enterprise}”"
    if org == _norm(studio or ""):
        return f"专家来自申报工作室“{studio}”"
    unit = _norm(union or "")
    if unit and org in (unit, unit.removesuffix("工会")):
        return f"专家来自推荐单位“{union}”"
    return None


@dataclass(frozen=True)
class ScoreConflict:
    """An assignment whose expert the register now shows in conflict with the project:
    the project's union, enterprise, studio or leader corrected to the expert's, the
    expert's own record corrected, or a conflict declared once the score was the basis of
    an adopted or published award. Its score never counts (二（四）2: a fair review)."""

    assignment_id: int
    expert_id: int
    expert: str
    project_id: int
    title: str
    status: str
    reason: str
    submitted: bool

    @property
    def text(self) -> str:
        what = "已提交的评分" if self.submitted else "的分配（评分未提交）"
        return f"专家“{self.expert}”对“{self.title}”{what}（{self.reason}）"


def assignment_conflicts(reg: Register, year: int,
                         assigned: list[Assignment] | None = None) -> dict[int, ScoreConflict]:
    """Assignment id -> its conflict, for every assignment of the year the register now
    shows in conflict (assigning refuses one, so it came to light afterwards). The ranking
    asks at 100,000 assignments: ``assigned``, the year's :func:`assignments` it has."""
    panel = {e.id: e for e in experts(reg, year)}
    declared = declared_conflicts(reg, year)
    cid = reg.campaign_id(year)
    # the project's facts once per project (a project has five experts), its name words
    # tidied once; the reason is only worded for the few that match
    facts = {}
    for pid, title, status, leader, union, studio, enterprise in reg.conn.execute(
            "SELECT p.id, p.title, p.status, p.leader, u.name, s.name, en.name"
            " FROM project_applications p LEFT JOIN units u ON u.id = p.unit_id"
            " LEFT JOIN studios s ON s.id = p.studio_id LEFT JOIN enterprises en"
            " ON en.id = COALESCE(p.payee_enterprise_id, s.enterprise_id)"
            " WHERE p.id IN (SELECT a.project_id FROM assignments a JOIN experts x"
            " ON x.id = a.expert_id WHERE x.campaign_id = ?)", (cid,)):
        unit = _norm(union or "")
        words = {_norm(enterprise or ""), _norm(studio or ""),
                 *((unit, unit.removesuffix("工会")) if unit else ())} - {""}
        facts[pid] = (title, status, (leader, enterprise, studio, union),
                      _norm(leader or ""), words)
    keys = {e.id: (_norm(e.name), _norm(e.organisation)) for e in panel.values()}
    out: dict[int, ScoreConflict] = {}
    if assigned is None:
        assigned = assignments(reg, year)
    for aid, eid, pid, submitted in ((a.id, a.expert_id, a.project_id, a.submitted_at)
                                     for a in assigned):
        title, status, named, leader_key, words = facts[pid]
        name, org = keys[eid]
        reason: str | None = None
        if (eid, pid) in declared:
            reason = f"专家申明回避：{declared[(eid, pid)]}"
        elif (name and name == leader_key) or org in words:
            reason = _org_conflict(panel[eid], *named)
        if reason:
            out[aid] = ScoreConflict(aid, eid, panel[eid].name, pid, title, status, reason,
                                     submitted is not None)
    return out


def undecided_award_conflicts(reg: Register, project_ids: Iterable[int]) -> list[ScoreConflict]:
    """The submitted scores these projects' awards counted that the register now shows
    conflicted, with no decision on record (an objection, a tier set by hand, 排名复核): what an
    approval sheet printed for them must not pass over in silence."""
    ids = set(project_ids)
    if not ids:
        return []
    # an objection decided or entered, a tier set by hand, or 排名复核's decision (revoke or
    # keep, with its reason: publicity.settle_rerank)
    decided = {r[0] for r in reg.conn.execute(
        "SELECT project_id FROM objections UNION SELECT project_id FROM tier_overrides")}
    decided |= {r[0] for r in reg.conn.execute(  # by the index on (entity, entity_id)
        "SELECT entity_id FROM audit_events WHERE entity = 'project_applications' AND"
        f" entity_id IN ({','.join('?' * len(ids))}) AND action = 'rerank_settle'",
        sorted(ids))}
    years = {p.campaign_year for p in reg.projects_by_id(ids)}
    return [k for year in sorted(years) for k in assignment_conflicts(reg, year).values()
            if k.submitted and k.project_id in ids and k.project_id not in decided]


def studio_conflicts(reg: Register, studio: str) -> set[int]:
    """The assignments of ``studio``'s projects, in every year's panel, the register now
    shows in conflict: a correction on 工作室 (its 所在单位 filled) that adds some says how
    many (it turned them 冲突 silently)."""
    by_year: dict[int, set[int]] = {}
    for year, pid in reg.conn.execute(
            "SELECT c.year, a.id FROM project_applications a JOIN campaigns c"
            " ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id WHERE s.name = ?"
            " AND a.id IN (SELECT project_id FROM assignments)", (studio,)):
        by_year.setdefault(year, set()).add(pid)
    return {aid for year, pids in by_year.items()
            for aid, k in assignment_conflicts(reg, year).items() if k.project_id in pids}


def award_conflict_notes(reg: Register, project_ids: Iterable[int]) -> list[str]:
    """:func:`undecided_award_conflicts` as the approval sheet's printer is told them; then
    the awards the ranking now no longer gives (a rival's score that stopped counting
    after publication, a quota changed: the sheet says 经专业评审确定)."""
    from .ranking import rank

    ids = set(project_ids)
    notes = [f"审批表中项目“{k.title}”的助推所依据的评分中，{k.text}存在利益冲突，采纳时已计入："
             "报批前请复核（作为异议登记并处理，写明理由）"
             for k in undecided_award_conflicts(reg, ids)]
    for year in sorted({p.campaign_year for p in reg.projects_by_id(ids)} if ids else ()):
        ranking = rank(reg, year)  # why: a score no longer counted, a quota changed, or both
        notes += [f"审批表中{line}：{ranking.stale_cause}，排名已变化，报批、拨付前请复核"
                  for pid, line in ranking.stale_published.items() if pid in ids]
    return notes


def declared_conflicts(reg: Register, year: int) -> dict[tuple[int, int], str]:
    rows = reg.query(
        "SELECT k.expert_id, k.project_id, k.reason FROM conflicts k"
        " JOIN experts e ON e.id = k.expert_id WHERE e.campaign_id = ?",
        (reg.campaign_id(year),),
    )
    return {(r["expert_id"], r["project_id"]): r["reason"] for r in rows}


def conflict(reg: Register, e: Expert, app: ProjectApplication,
             declared: dict[tuple[int, int], str] | None = None) -> str | None:
    """The reason ``e`` may not score ``app`` (declared or automatic), or None."""
    if declared is None:
        declared = declared_conflicts(reg, app.campaign_year)
    if (e.id, app.id) in declared:
        return f"专家申明回避：{declared[(e.id, app.id)]}"  # type: ignore[index]
    return automatic_conflict(e, app)


def submitted_score(reg: Register, expert_id: int, project_id: int) -> bool:
    """Whether the expert has submitted a score of the project (it counts in the ranking)."""
    return bool(reg.scalar(
        "SELECT COUNT(*) FROM assignments WHERE expert_id = ? AND project_id = ?"
        " AND submitted_at IS NOT NULL", (expert_id, project_id)))


def declare_conflict(reg: Register, expert_id: int, project_id: int, reason: str, *,
                     cancelled: Callable[[], bool] | None = None,
                     submitted: bool | None = None) -> bool:
    """Record a conflict the expert declared; an existing assignment is withdrawn, with the
    expert's score of the project when already submitted (a conflicted score must not
    count: 二（四）2; it is kept in the audit trail, the register backed up first), while
    the project is still under review. Returns whether a submitted score was withdrawn.

    Past review (a proposal adopted, published or approved on that score) the conflict is
    still recorded — refusing it lost it where no withdrawal is left — and the score kept
    as what the decision rested on: :func:`assignment_conflicts` flags it, the ranking
    leaves it out and publicity waits for the office's decision. A withdrawal's backup
    followed by ``cancelled()`` true: nothing recorded. ``submitted`` False: the office
    was shown no submitted score (refused when one has been stored since)."""
    from boostdesk.safety.backup import backed_up_write

    if not reason.strip():
        raise PanelError("请填写回避理由（如：曾参与该项目咨询）")
    _no_unseen_score(reg, expert_id, project_id, submitted)
    reviewing = reg.project(project_id).status in PANEL_STATUSES
    withdrawn = withdraws_score(reg, expert_id, project_id)
    backup = "scores" if withdrawn else None
    with backed_up_write(reg, backup, cancelled), reg.transaction():
        _no_unseen_score(reg, expert_id, project_id, submitted)  # another program meanwhile
        e = expert(reg, expert_id)
        app = reg.project(project_id)
        _same_campaign(reg, e, app)
        for a in assignments(reg, app.campaign_year):
            if a.expert_id == expert_id and a.project_id == project_id and (reviewing or not reg.scalar(
                    "SELECT COUNT(*) FROM scores WHERE assignment_id = ?", (a.id,))):
                note = "，其已提交的评分撤回" if a.submitted else ""
                _delete_assignment(reg, a, f"申明回避：{reason.strip()}{note}")
        reg.conn.execute(
            "INSERT INTO conflicts (expert_id, project_id, reason, declared_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (expert_id, project_id) DO UPDATE SET reason = excluded.reason",
            (expert_id, project_id, reason.strip(), _now()),
        )
        reg.audit("declare_conflict", "experts", expert_id, None,
                  {"project_id": project_id, "project": app.title, "reason": reason.strip(),
                   **({"withdrawn_score": True} if withdrawn else {}),
                   **({"score_kept_flagged": STATUS_ZH.get(app.status, app.status)}
                      if not reviewing and submitted_score(reg, expert_id, project_id) else {})})
    return withdrawn


def withdraw_conflict(reg: Register, expert_id: int, project_id: int, reason: str) -> None:
    """Take back a conflict declared by mistake (the wrong cell, the wrong expert), with
    why: the expert may be assigned the project again. A score withdrawn with it stays in
    the audit trail; one kept flagged (past review) counts again."""
    if not reason.strip():
        raise PanelError("请填写撤回回避登记的理由（如：登记时选错了专家）")
    with reg.transaction():
        e = expert(reg, expert_id)
        app = reg.project(project_id)
        row = reg.query("SELECT * FROM conflicts WHERE expert_id = ? AND project_id = ?",
                        (expert_id, project_id))
        if not row:
            raise PanelError(f"专家“{e.name}”没有登记回避项目“{app.title}”")
        reg.conn.execute("DELETE FROM conflicts WHERE id = ?", (row[0]["id"],))
        reg.audit("withdraw_conflict", "experts", expert_id, row[0],
                  {"project": app.title, "reason": reason.strip()})


def _same_campaign(reg: Register, e: Expert, app: ProjectApplication) -> None:
    year = expert_year(reg, e.id or 0)
    if app.campaign_year != year:
        raise PanelError(
            f"专家“{e.name}”属于 {year} 年度评审组，项目“{app.title}”属于 {app.campaign_year} 年度"
        )


# -- assignments --------------------------------------------------------------------
def assignments(reg: Register, year: int) -> list[Assignment]:
    rows = reg.query(
        "SELECT a.id, a.expert_id, a.project_id, a.submitted_at, a.source, a.comment"
        " FROM assignments a JOIN experts e ON e.id = a.expert_id"
        " WHERE e.campaign_id = ? ORDER BY a.expert_id, a.project_id",
        (reg.campaign_id(year),),
    )
    return [Assignment(**r) for r in rows]


class NearConflict(PanelError):
    """A manual assignment whose expert's 工作单位 is near the project's enterprise, studio
    or union (:mod:`.near_conflicts`): made only once the office confirms there is no
    conflict (``near``: what matched)."""

    def __init__(self, message: str, near: NearOrg):
        self.near = near
        super().__init__(message)


def near_refusal(e: Expert, app: ProjectApplication, near: NearOrg) -> str:
    """Why a manual assignment waits for the office's word, and how it is given."""
    return (f"专家“{e.name}”可能不宜评审项目“{app.title}”：{near.text}。是同一单位的，请登记回避"
            "（或把专家的工作单位改为登记的名称）；核实确无利益冲突的，确认后再分配"
            + way("", f"（加 {NEAR_CONFIRM}）"))


def assign(reg: Register, expert_id: int, project_id: int, *, near_confirmed: bool = False,
           near: NearOrgs | None = None) -> int:
    """Assign a project to an expert (idempotent); conflicts are refused with the reason.
    One whose 工作单位 is near the project's names (a likely conflict) is refused
    (NearConflict) unless ``near_confirmed``: the office checked; audited with what matched.
    ``near``: the names of the projects being dealt (自动均衡分配), looked up once."""
    with reg.transaction():
        e = expert(reg, expert_id)
        app = reg.project(project_id)
        _same_campaign(reg, e, app)
        existing = reg.scalar(
            "SELECT id FROM assignments WHERE expert_id = ? AND project_id = ?",
            (expert_id, project_id),
        )
        if existing:
            return int(existing)
        if app.status not in PANEL_STATUSES:
            raise PanelError(
                f"项目“{app.title}”的状态为“{STATUS_ZH.get(app.status, app.status)}”，"
                "只有资格审核通过或专家评审中的项目可以分配给专家"
            )
        reason = conflict(reg, e, app)
        if reason:
            raise PanelError(f"专家“{e.name}”不能评审项目“{app.title}”：{reason}")
        likely = (near.likely(e.organisation, app) if near is not None
                  else likely_conflict(e.organisation, app))
        if likely is not None and not near_confirmed:
            raise NearConflict(near_refusal(e, app, likely), likely)
        ensure_grid(reg, app.campaign_year)  # the grid the expert will score against
        cur = reg.conn.execute(
            "INSERT INTO assignments (id, expert_id, project_id) VALUES (?, ?, ?)",
            (next_id(reg.conn, "assignments"), expert_id, project_id),
        )
        assignment_id = int(cur.lastrowid or 0)
        reg.audit("create", "assignments", assignment_id, None,
                  {"expert": e.name, "project_id": project_id, "project": app.title,
                   **({"near_confirmed": likely.text} if likely is not None else {})})
        if app.status == "qualified":
            reg.set_status(PROJECT, project_id, "review", "分配评审专家")
        return assignment_id


def assignment_state(reg: Register, expert_id: int, project_id: int) -> bool | None:
    """The assignment as the register holds it now: None when there is none, else
    whether its score is submitted. A list loaded earlier may be stale: another program
    (`boostdesk panel import`, a second window) may have stored a score since."""
    rows = reg.query("SELECT submitted_at FROM assignments WHERE expert_id = ? AND project_id = ?",
                     (expert_id, project_id))
    return rows[0]["submitted_at"] is not None if rows else None


def _as_shown(reg: Register, expert_id: int, project_id: int, submitted: bool | None) -> None:
    """Refuse (PanelError) a withdrawal asked on a view that showed the assignment's score
    otherwise than it now is (``submitted``: as shown; None: not checked). A score
    submitted since must not go without the question a submitted one is asked."""
    if submitted is None:
        return
    now = assignment_state(reg, expert_id, project_id)
    if now == submitted:
        return
    e, app = expert(reg, expert_id), reg.project(project_id)
    what = ("其评分已提交" if now else "其已提交的评分已撤回" if now is False
            else "该分配已取消")
    raise PanelError(f"专家“{e.name}”与项目“{app.title}”：在表格载入后{what}（由其他程序改动，如"
                     + way("另一个窗口导入了评分包", "boostdesk panel import 导入了评分")
                     + "），未作改动；表格已刷新，请核对后再操作")


def _no_unseen_score(reg: Register, expert_id: int, project_id: int,
                     submitted: bool | None) -> None:
    """Refuse withdrawing a submitted score the office was shown as none (``submitted``
    False); a withdrawal it was asked about, or not checked (None), goes on."""
    if submitted is False and assignment_state(reg, expert_id, project_id):
        _as_shown(reg, expert_id, project_id, submitted)


def withdraws_score(reg: Register, expert_id: int, project_id: int) -> bool:
    """Whether taking the assignment off (:func:`unassign`, :func:`declare_conflict`)
    withdraws a submitted score of a project under review: the register backed up first."""
    return (submitted_score(reg, expert_id, project_id)
            and reg.project(project_id).status in PANEL_STATUSES)


def unassign(reg: Register, expert_id: int, project_id: int, reason: str = "取消分配", *,
             cancelled: Callable[[], bool] | None = None,
             submitted: bool | None = None) -> None:
    """Take an assignment off; a submitted score with it (one a conflict found later keeps
    out of the ranking: its audit line keeps it, the register backed up first, nothing
    taken off when ``cancelled()`` says so after the backup). ``submitted``: whether the
    score was shown submitted when the office asked (refused when it no longer is so)."""
    from boostdesk.safety.backup import backed_up_write

    _as_shown(reg, expert_id, project_id, submitted)
    backup = "scores" if withdraws_score(reg, expert_id, project_id) else None
    with backed_up_write(reg, backup, cancelled), reg.transaction():
        _as_shown(reg, expert_id, project_id, submitted)  # another program wrote meanwhile
        _unassign_now(reg, expert_id, project_id, reason)


def _unassign_now(reg: Register, expert_id: int, project_id: int, reason: str) -> None:
    """Take the assignment off, inside the caller's transaction."""
    year = expert_year(reg, expert_id)
    for a in assignments(reg, year):
        if a.expert_id == expert_id and a.project_id == project_id:
            # the audit line says why a score went: the conflict, not a bare 取消分配
            why = conflict(reg, expert(reg, expert_id), reg.project(project_id))
            said = reason
            if why and why not in reason:
                said = f"{reason}（利益冲突：{why}" + ("，其已提交的评分撤回）"
                                                   if a.submitted else "）")
            _delete_assignment(reg, a, said)


@dataclass(frozen=True)
class Unassigned:
    """What :func:`unassign_many` took off: the projects' titles, by expert, and how many
    submitted scores went with them."""

    titles: dict[str, list[str]]
    scores: int

    @property
    def count(self) -> int:
        return sum(len(t) for t in self.titles.values())


def unassign_many(reg: Register, pairs: list[tuple[int, int]], reason: str = "取消分配", *,
                  cancelled: Callable[[], bool] | None = None,
                  shown: dict[tuple[int, int], bool] | None = None) -> Unassigned:
    """Take several assignments off at once, all or none: a late expert's fifteen
    projects were fifteen cancellations. Each pair (expert, project) must be assigned; a
    submitted score goes with its assignment (the register backed up once first).
    ``shown``: each pair's score as the office was shown it (submitted or not): one stored
    since by another program refuses the lot."""
    from boostdesk.safety.backup import backed_up_write

    if not pairs:
        raise PanelError("没有选中要取消的分配")
    for eid, pid in pairs:
        if assignment_state(reg, eid, pid) is None:
            raise PanelError(f"专家“{expert(reg, eid).name}”没有分配项目“{reg.project(pid).title}”，"
                             "未作改动")
        _as_shown(reg, eid, pid, (shown or {}).get((eid, pid)))
    scores = sum(withdraws_score(reg, eid, pid) for eid, pid in pairs)
    with backed_up_write(reg, "scores" if scores else None, cancelled), reg.transaction():
        titles: dict[str, list[str]] = {}
        for eid, pid in pairs:
            _as_shown(reg, eid, pid, (shown or {}).get((eid, pid)))
            titles.setdefault(expert(reg, eid).name, []).append(reg.project(pid).title)
            _unassign_now(reg, eid, pid, reason)
    return Unassigned(titles, scores)


def expert_projects(reg: Register, expert_id: int) -> list[int]:
    """The projects assigned to the expert still under review (what ``unassign --all``
    takes off: a decided project's score is the award's basis)."""
    year = expert_year(reg, expert_id)
    return [a.project_id for a in assignments(reg, year) if a.expert_id == expert_id
            and reg.project(a.project_id).status in PANEL_STATUSES]


def _delete_assignment(reg: Register, a: Assignment, reason: str) -> None:
    scores = reg.query("SELECT criterion_id, score_x10 FROM scores WHERE assignment_id = ?",
                       (a.id,))
    app = reg.project(a.project_id)
    if scores and app.status not in PANEL_STATUSES:
        # 二（四）2: the scores are what the ranking and the award rest on
        raise PanelError(
            f"项目“{app.title}”已结束专家评审（现为“{STATUS_ZH.get(app.status, app.status)}”）："
            "其评分是排名和助推的依据，评分不能删除；确需重评，请先在“排名与档次”中撤回拟助推名单"
        )
    reg.conn.execute("DELETE FROM assignments WHERE id = ?", (a.id,))
    reg.audit("delete", "assignments", a.id,
              {**asdict(a), "scores": scores}, {"reason": reason})


@dataclass(frozen=True)
class AutoAssignResult:
    added: list[tuple[int, int]]  # (expert id, project id)
    short: list[str]  # projects that could not get enough experts, why
    # assignments a conflict found after them took out of the count: taken off, or (a
    # submitted score) left for the office to withdraw
    notes: list[str] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)  # ``short``, as data
    # the projects whose studio has no 所在单位: 回避 unchecked (no_enterprise.panel_line)
    unchecked: str = ""


def auto_assign(reg: Register, year: int, per_project: int | None = None) -> AutoAssignResult:
    """Give each qualified or reviewed project ``per_project`` experts free of conflict,
    balancing the load (:func:`balance.deal`); existing assignments are kept.

    An assignment the register now shows in conflict (a union merged, an enterprise or
    leader corrected to the expert's, a conflict declared) fills no place and is no load:
    one not yet scored is taken off (audited with the conflict), a submitted score is left
    for the office to withdraw (取消分配: backed up first) and named.
    """
    from .balance import deal
    from .grid import settings

    need_each = per_project or settings(reg, year).experts_per_project
    notes: list[str] = []
    with reg.transaction():
        panel = experts(reg, year)
        if not panel:
            raise PanelError(f"{year} 年度还没有评审专家，请先添加专家")
        declared = declared_conflicts(reg, year)
        current = assignments(reg, year)
        conflicted = assignment_conflicts(reg, year, current)
        load = {e.id or 0: 0 for e in panel}
        counted: dict[int, int] = {}
        on: dict[int, set[int]] = {}  # every expert a project has, conflicted ones too
        for a in current:
            k = conflicted.get(a.id)
            if k is not None and k.status in PANEL_STATUSES:
                if a.submitted:
                    on.setdefault(a.project_id, set()).add(a.expert_id)
                    notes.append(f"{k.text}存在利益冲突，不计入排名，已不占该项目的专家名额；"
                                 "请在“分配专家”中取消该分配（其评分撤回，记入修改记录）")
                else:
                    _delete_assignment(reg, a, f"自动均衡分配：利益冲突：{k.reason}")
                    notes.append(f"已取消专家“{k.expert}”对“{k.title}”的分配（评分未提交）："
                                 f"存在利益冲突（{k.reason}）")
                continue
            load[a.expert_id] = load.get(a.expert_id, 0) + (k is None)
            on.setdefault(a.project_id, set()).add(a.expert_id)
            counted[a.project_id] = counted.get(a.project_id, 0) + (k is None)
        apps = {app.id or 0: app for app in panel_projects(reg, year)}
        by_id = sorted(panel, key=lambda e: e.id or 0)  # equal load: the earliest added
        names = NearOrgs(apps.values(), reg)
        # a 工作单位 near the project's names: a likely conflict, left to the office
        passed: dict[int, list[str]] = {}
        free: dict[int, list[int]] = {}
        for pid, app in apps.items():
            free[pid] = []
            for e in by_id:
                if e.id in on.get(pid, set()) or conflict(reg, e, app, declared) is not None:
                    continue
                if (likely := names.likely(e.organisation, app)) is not None:
                    passed.setdefault(e.id or 0, []).append(
                        f"“{app.title}”（{likely.what}“{likely.name}”，{likely.why}）")
                    continue
                free[pid].append(e.id or 0)
        notes += [f"专家“{e.name}”的工作单位“{e.organisation}”与以下项目的单位名称相近，可能存在利益"
                  "冲突，未自动分配：" + "、".join(passed[e.id or 0]) + "。是同一单位的请登记回避；"
                  "核实确无冲突的，可在“分配专家”中手动分配" for e in panel if e.id in passed]
        plan = deal({pid: need_each - counted.get(pid, 0) for pid in apps}, free, load)
        added: list[tuple[int, int]] = []
        for pid, chosen in plan.items():
            for eid in chosen:
                assign(reg, eid, pid, near=names)
                added.append((eid, pid))
        short = shortfalls(reg, year, need_each)
    return AutoAssignResult(added, shortfall_lines(short), notes, short,
                            panel_line(list(apps.values())))


def _near_why(names: NearOrgs, e: Expert, app: ProjectApplication) -> str | None:
    """A likely conflict as a project short of experts names it (not dealt by 自动均衡分配)."""
    likely = names.likely(e.organisation, app)
    return None if likely is None else (f"工作单位与{likely.what}“{likely.name}”名称相近，可能是同一"
                                        "单位；核实确无冲突的可手动分配")


def shortfalls(reg: Register, year: int, need: int | None = None) -> list[Shortfall]:
    """The projects under review (or qualified) with fewer experts free of conflict than
    the year asks (``need``, else the panel's setting), each with why."""
    from .grid import settings

    need = need or settings(reg, year).experts_per_project
    panel = experts(reg, year)
    declared = declared_conflicts(reg, year)
    current = assignments(reg, year)
    conflicted = assignment_conflicts(reg, year, current)
    on: dict[int, set[int]] = {}
    counted: dict[int, int] = {}
    for a in current:
        on.setdefault(a.project_id, set()).add(a.expert_id)
        counted[a.project_id] = counted.get(a.project_id, 0) + (a.id not in conflicted)
    out = []
    apps = panel_projects(reg, year)
    names = NearOrgs(apps, reg)
    for app in apps:
        pid = app.id or 0
        if counted.get(pid, 0) >= need:
            continue
        why = {e.id: conflict(reg, e, app, declared) or _near_why(names, e, app) for e in panel}
        out.append(Shortfall(
            pid, app.title, counted.get(pid, 0), need, len(panel),
            tuple(f"{e.name}（{why[e.id]}）" for e in panel if why[e.id]),
            sum(1 for e in panel if not why[e.id] and e.id not in on.get(pid, set()))))
    return out
