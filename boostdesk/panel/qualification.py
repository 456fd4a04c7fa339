"""资格审核: the clerk's decision on each project, beside the rules' automatic findings.

二（四）2: 由市总工会核准申报单位的申报资格后进行项目的专业评审. The rules find what they can
(:mod:`boostdesk.rules`); the clerk decides. Passing a project the rules found blocking, or
refusing one they found in order, needs a reason; every decision is audited with the
findings it was made against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import NamedTuple

from boostdesk.models.record_rows import PAPER_STUDIO_LEVEL, select_in
from boostdesk.models.records import PROJECT, ProjectApplication, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.rules.findings import Finding, stored_findings

from .errors import PanelError

# Statuses whose qualification may still be decided or changed.
OPEN = ("registered", "qualified", "refused")


class ProjectLine(NamedTuple):
    """What 资格审核's list shows of a project and decides by (:func:`qualification_lines`)."""

    id: int
    title: str
    studio_name: str
    studio_level: str | None
    status: str
    status_reason: str


@dataclass(frozen=True)
class QualificationRow:
    project: ProjectApplication | ProjectLine
    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocking)

    @property
    def eligible(self) -> bool:
        return not self.blocking

    @property
    def incomplete(self) -> bool:
        return any(f.missing for f in self.findings)

    @property
    def verdict(self) -> str:
        if self.blocking:
            return "不符合"
        return "待补材料" if self.incomplete else "符合"

    @property
    def decided(self) -> bool:
        return self.project.status != "registered"


def qualification_rows(reg: Register, year: int) -> list[QualificationRow]:
    """Every project of the campaign with the rules' findings as of now.

    When this register has written nothing since its last ``rules.recheck`` (what every
    write of the app's screens ends with), the findings stored beside the applications
    are those of now and are read rather than found again (20,000 projects: the rules
    took 0.8 s); otherwise the rules run over the campaign."""
    from boostdesk.rules.check import check_projects

    apps = reg.projects(year)
    if not reg.changes:
        stored = _stored_findings(reg, year)
        return [QualificationRow(a, stored.get(a.id or 0, ())) for a in apps]
    verdicts = {v.app_id: v for v in check_projects(reg, reg.campaign(year), apps)}
    return [QualificationRow(a, tuple(verdicts[a.id].findings) if a.id in verdicts else ())
            for a in apps]


# A project's line and stored findings: its studio's level as ``PROJECT_RECORDS`` reads it
_LINES = (
    "SELECT a.id, a.title, COALESCE(s.name, ''),"
    f" COALESCE(a.award_level, {PAPER_STUDIO_LEVEL}), a.status, a.status_reason, a.findings"
    " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
    " LEFT JOIN studios s ON s.id = a.studio_id WHERE c.year = ? ORDER BY a.id")


def qualification_lines(reg: Register, year: int) -> list[QualificationRow]:
    """:func:`qualification_rows` for the 资格审核 list: each project's line (what it shows
    and decides by) rather than its whole record, with the findings stored beside it, read
    in one query (20,000 whole records took 0.4–1 s of the screen's first visit). When the
    stored findings may be stale (a write since the last recheck), the rules run over the
    whole records as there."""
    if reg.changes:
        return qualification_rows(reg, year)
    return [QualificationRow(ProjectLine(app_id, title, studio, level, status, reason),
                             stored_findings(text))
            for app_id, title, studio, level, status, reason, text
            in reg.conn.execute(_LINES, (year,))]


def _stored_findings(reg: Register, year: int) -> dict[int, tuple[Finding, ...]]:
    return {app_id: stored_findings(text) for app_id, text in reg.conn.execute(
        "SELECT a.id, a.findings FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE c.year = ?", (year,))}


def qualification_row(reg: Register, project_id: int) -> QualificationRow:
    """One project with the rules' findings as of now: checked beside its studio's other
    applications of the campaign, all that ``check_projects`` compares it with (not the
    whole campaign: a decision at 20,000 projects would re-check them all)."""
    from boostdesk.rules.check import check_projects

    ids = [r[0] for r in reg.conn.execute(
        "SELECT a.id FROM project_applications a JOIN project_applications b"
        " ON b.campaign_id = a.campaign_id AND (a.id = b.id OR a.studio_id = b.studio_id)"
        " WHERE b.id = ?", (project_id,))]
    apps = reg.projects_by_id(ids)
    if not apps:
        raise PanelError(f"没有编号为 {project_id} 的项目申报")
    verdicts = check_projects(reg, reg.campaign(apps[0].campaign_year), apps)
    app, verdict = next((a, v) for a, v in zip(apps, verdicts, strict=True) if a.id == project_id)
    return QualificationRow(app, tuple(verdict.findings))


def departs(row: QualificationRow, passed: bool) -> bool:
    """Whether a decision goes against the automatic findings (and so needs a reason).

    A pass departs from them while anything is blocking or still missing (待补材料: the
    申报书 or a union's stamp not in, a fact a rule needs not given: 二（四）1 asks for
    them before the review); a refusal departs when nothing is."""
    against = bool(row.blocking) or row.incomplete
    return passed == against


def day_refusal(reg: Register, project_ids: Sequence[int], on: date) -> str | None:
    """Why ``on`` cannot be the 资格审核日期 of these projects, or None: the checks of a
    核准日期 (``rules.hand_moves.approval_day_refusal``: not to come, not before the year's
    plan or a paper's receipt). It prints on the 审批表 as the day qualification passed."""
    from boostdesk.rules.hand_moves import DAY_OF, approval_day_refusal

    return approval_day_refusal(reg, PROJECT, project_ids, on, DAY_OF["qualified"])


# what the window's clerk does about a late project passed with no reason
LATE_HOW = "同意受理的，请在“审核理由”中写明（记入状态历史）"
LATE_HOW_MANY = ("同意受理的，选“同意受理逾期报送的”并写明理由（记入状态历史），"
                 "或只通过按期报送的；全部未审核")
LATE_HOW_CLI = ("同意受理的，用 --late-reason 写明理由（记入状态历史），"
                "或加 --on-time-only 只通过按期报送的；全部未审核")


def decide(reg: Register, project_id: int, passed: bool, reason: str = "",
           on: date | None = None, *, late_reason: str | None = None,
           late_how: str = LATE_HOW) -> None:
    """Record the clerk's decision: pass (qualified) or refuse (refused), made on ``on``
    (the 资格审核日期 the clerk gives; None: the day it is recorded, as before it had one).
    A project received after the deadline passed needs the reason to accept it
    (``late_reason``, else ``reason``; ``rules.late_papers``), stored as 同意受理逾期报送：…"""
    from boostdesk.rules.late_papers import LateUndecided, reasons

    reason = reason.strip()
    with reg.transaction():
        row = qualification_row(reg, project_id)
        app = row.project
        if app.status not in OPEN:
            raise PanelError(
                f"项目“{app.title}”已进入“{STATUS_ZH.get(app.status, app.status)}”阶段，"
                "不能再更改资格审核结论"
            )
        if on is not None and (why := day_refusal(reg, [project_id], on)):
            raise PanelError(why)
        if departs(row, passed) and not reason:
            if passed and row.blocking:
                raise PanelError(
                    f"自动核对发现项目“{app.title}”有不符合项（"
                    + "；".join(f.message for f in row.blocking)
                    + "），如仍通过资格审核，请填写理由"
                )
            if passed:
                raise PanelError(
                    f"项目“{app.title}”待补材料（"
                    + "；".join(f.message for f in row.findings if f.missing)
                    + "）：材料已补齐的，请先在申报中勾选或补填；如仍通过资格审核，请填写理由"
                    "（如：材料已补交，原件待核）"
                )
            raise PanelError(f"自动核对未发现项目“{app.title}”有不符合项，不通过须填写理由")
        try:
            reason = reasons(reg, PROJECT, [project_id], "qualified" if passed else "refused",
                             reason, late_reason, late_how)[project_id]
        except LateUndecided as exc:
            raise PanelError(exc.message) from None
        _record(reg, row, passed, reason, on)


def decided_on(reg: Register, project_id: int, status: str) -> date | None:
    """The day the project's last move to ``status`` was dated by the clerk, or None."""
    day = reg.scalar("SELECT decided_on FROM status_history WHERE stream = ?"
                     " AND application_id = ? AND to_status = ? ORDER BY id DESC LIMIT 1",
                     (PROJECT, project_id, status))
    return date.fromisoformat(day) if day else None


def _record(reg: Register, row: QualificationRow, passed: bool, reason: str,
            on: date | None = None) -> bool:
    """The decision on ``row`` (its findings as of now), made on ``on``, in the status
    history and the audit trail: what :func:`decide` and :func:`pass_many` write for each
    project. Whether anything changed."""
    app, project_id = row.project, row.project.id or 0
    if not passed and not reason:
        reason = "；".join(f.message for f in row.findings if f.blocking or f.missing)
    target = "qualified" if passed else "refused"
    same = app.status == target
    was_on = decided_on(reg, project_id, target) if same else None
    redated = same and on is not None and on != was_on
    if same and reason == app.status_reason and not redated:
        return False
    if app.status == "refused" and passed:
        reg.set_status(PROJECT, project_id, "registered", f"重新审核：{reason or '通过'}")
    if not same:
        reg.set_status(PROJECT, project_id, target, reason, decided_on=on)
    else:  # same decision, a new reason or its day put right (typed as today, say)
        reg.conn.execute("UPDATE project_applications SET status_reason = ? WHERE id = ?",
                         (reason, project_id))
        if redated:
            reg.conn.execute(
                "UPDATE status_history SET decided_on = ? WHERE id = (SELECT max(id) FROM"
                " status_history WHERE stream = ? AND application_id = ? AND to_status = ?)",
                (on.isoformat() if on else None, PROJECT, project_id, target))
    before: dict[str, object] = {"status": app.status,
                                 "findings": [asdict(f) for f in row.findings]}
    after: dict[str, object] = {"decision": "通过" if passed else "不通过", "reason": reason,
                                "departs_from_findings": departs(row, passed)}
    if redated:
        before["decided_on"] = was_on.isoformat() if was_on else None
    if on is not None:
        after["decided_on"] = on.isoformat()
    reg.audit("qualify", "project_applications", project_id, before, after)
    return True


# Projects named in a refused batch's message; the rest counted (Ctrl+A over thousands).
NAMED = 20
STEP = 200  # projects passed between progress reports (and looks at 取消)


class PassCancelled(PanelError):
    """取消 pressed while a batch was passed: the transaction rolled back, nothing stored."""


# what to do with a batch refused for findings: the window's way, the command line's its own
ONE_BY_ONE = "请逐项选中，核对后在“审核理由”中填写理由再通过或不通过"
ONE_BY_ONE_CLI = ("请逐项运行 boostdesk panel qualify 项目N --pass 或 --refuse，核对后用 --reason"
                  " 写明理由")
HINTS_SHOWN = 5  # hints quoted in the batch question; the rest counted


def hinted(rows: Sequence[QualificationRow]) -> str:
    """The hints (提示: nothing against a pass) of a batch about to pass, said before it is,
    as “其中 N 项有提示：项目70：…；…”, or "" when none has one."""
    hints = [(r, f) for r in rows for f in r.findings if not f.blocking and not f.missing]
    if not hints:
        return ""
    projects = len({r.project.id for r, _ in hints})
    shown = "；".join(f"{id_ref(PROJECT, r.project.id or 0)}：{f.message}"
                      for r, f in hints[:HINTS_SHOWN])
    more = f"；等 {len(hints)} 条" if len(hints) > HINTS_SHOWN else ""
    return f"其中 {projects} 项有提示（不影响通过，请核对）：{shown}{more}"


def batch_refusal(rows: Sequence[QualificationRow], missing: Sequence[int] = (),
                  one_by_one: str = ONE_BY_ONE) -> str | None:
    """Why these projects cannot be passed in one decision, or None.

    Only projects with nothing against a pass go together: one with a blocking finding or
    materials still missing (待补材料) is the clerk's decision against the findings, made
    one at a time with its reason (:func:`decide`), as the patent register's batch moves
    refuse (``rules.hand_moves.check_hand_move``). Names them by 登记号 (项目3、项目7)."""
    gone = [id_ref(PROJECT, i) for i in missing]
    if gone:
        return f"{_names(gone)} 已不在登记册中（已删除或移到其他年度）：请刷新（F5）后重新选择；全部未审核"
    late = [r for r in rows if r.project.status not in OPEN]
    if late:
        return (f"{_names([id_ref(PROJECT, r.project.id or 0) for r in late])} 已进入评审以后的"
                "阶段，不能再更改资格审核结论：请只选中待审核的项目；全部未审核")
    against = [r for r in rows if departs(r, True)]
    if against:
        return (f"{_names([id_ref(PROJECT, r.project.id or 0) for r in against])} 经自动核对"
                f"有不符合项或待补材料，不能一并通过资格审核：{one_by_one}；全部未审核")
    return None


def _names(refs: Sequence[str]) -> str:
    shown = "、".join(refs[:NAMED])
    return shown if len(refs) <= NAMED else f"{shown}等 {len(refs)} 项"


def _stored_rows(reg: Register, project_ids: Sequence[int]
                 ) -> tuple[list[QualificationRow], list[int]]:
    """These projects with their findings as stored, in the order given, and the ids not
    found."""
    apps = {a.id: a for a in reg.projects_by_id(project_ids)}
    found = dict(select_in(reg.conn, "SELECT id, findings FROM project_applications WHERE id IN",
                           list(apps)))
    rows = [QualificationRow(apps[i], stored_findings(found[i])) for i in project_ids if i in apps]
    return rows, [i for i in project_ids if i not in apps]


def pass_many(reg: Register, project_ids: Sequence[int], reason: str = "", *,
              on: date | None = None, late_reason: str = "",
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None,
              one_by_one: str = ONE_BY_ONE, late_how: str = LATE_HOW_MANY) -> int:
    """Pass every one of ``project_ids`` in one decision: each written as :func:`decide`
    writes a pass (its status history, its audit line with the findings it was made
    against), all in one transaction or none, the register backed up first as for the
    patent register's batch moves (a decision is not undone: the backup is the way back).
    Refused, naming them, when any has findings against a pass (:func:`batch_refusal`).
    ``progress(done, total)`` and ``cancelled()`` for a background run; returns how many
    changed (one passed already, with the same reason and day, is left as it is). ``on``:
    the 资格审核日期 of them all (None: the day it is recorded). Projects received after
    the deadline among them are accepted only with ``late_reason`` (their status history:
    同意受理逾期报送：…); without it the batch is refused naming them (``late_how``: what
    to do, ``rules.late_papers``)."""
    from boostdesk.rules.check import recheck
    from boostdesk.rules.late_papers import LateUndecided, reasons
    from boostdesk.safety.backup import backed_up_write

    ids = list(dict.fromkeys(project_ids))
    reason = reason.strip()
    reg.changes.projects.update(ids)  # their findings as of now (a studio's paper edited)
    recheck(reg)
    why = batch_refusal(*_stored_rows(reg, ids), one_by_one)
    if not why and on is not None:
        why = day_refusal(reg, ids, on)
    if why:
        raise PanelError(why)

    def said() -> dict[int, str]:
        try:
            return reasons(reg, PROJECT, ids, "qualified", reason, late_reason or None,
                           late_how)
        except LateUndecided as exc:
            raise PanelError(exc.message) from None

    said()

    def step(done: int) -> None:
        if progress is not None:
            progress(done, len(ids))
        if cancelled is not None and cancelled():  # the transaction rolls back
            raise PassCancelled(f"已取消通过 {len(ids)} 项的资格审核，未改动")

    changed = 0
    with backed_up_write(reg, "status", cancelled), reg.transaction():
        rows, missing = _stored_rows(reg, ids)  # again: another BoostDesk may have written
        why = batch_refusal(rows, missing, one_by_one)
        if why:
            raise PanelError(why)
        each = said()
        for n, row in enumerate(rows):
            if n % STEP == 0:
                step(n)
            changed += _record(reg, row, True, each[row.project.id or 0], on)
        step(len(ids))
        recheck(reg)
    return changed
