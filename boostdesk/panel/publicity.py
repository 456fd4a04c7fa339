"""公示: the proposed awards made public for the campaign's period, objections, approval.

二（四）3: 拟助推项目在北京市总工会网站进行公示，公示无异议的项目可获得相应等级的助推资金.

* :func:`start_publicity` opens a period (``publicity_days`` long, both ends included)
  for every proposed project not yet publicized: 拟助推 → 公示. A campaign may publicize
  in batches (a later adoption after the first period), one period open at a time.
* :func:`record_objection` records an objection received within the period;
  :func:`resolve_objection` settles it — upheld: 未获助推 with the finding as reason;
  dismissed: the project stands (and is approved at once if the period has closed).
  One received in the period and entered after the close, while its award is unpaid,
  holds the award from payment (``finance``: 暂缓拨付) until it is settled; upheld, the
  approval is withdrawn (核准 → 未获助推). Once a part is paid it is refused, saying what
  to do instead.
* :func:`correct_resolution` reverses a settled finding on review, the objection kept
  (:func:`withdraw_entered_in_error` is for one entered against the wrong project):
  upheld → dismissed while the freed place is not re-adopted; dismissed → upheld while
  the batch's publicity is open.
* :func:`close_publicity`, from the day after the period ends, approves every publicized
  project without an open or upheld objection: status 核准, ``award_fen`` its tier,
  ``approved_date`` the closing day (the first tranche falls due ``first_tranche_months``
  from the period's last day, 二（四）4 公示期满后). A project with an objection still open
  stays in publicity until it is settled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from boostdesk.models.campaign import LEVEL_ZH, WORKING_DAYS, Campaign
from boostdesk.models.record_rows import next_id
from boostdesk.models.records import PROJECT, ProjectApplication, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.said_where import aside, way
from boostdesk.validate import after_today

from .approval_reason import follow_outcome, outcome_now
from .errors import PanelError
from .experts import ScoreConflict, assignment_conflicts
from .publicity_days import HOLIDAYS_UNKNOWN, period_end, working_days
from .publicity_outcome import publicity_outcome, reworded
from .withdrawal import WITHDRAWN_ZH, Withdrawn, withdrawn
from .withdrawal_restore import TakenBack, taken_back

UPHELD = "upheld"
DISMISSED = "dismissed"
RESOLUTION_ZH = {UPHELD: "异议成立", DISMISSED: "异议不成立", None: "待处理"}


@dataclass(frozen=True)
class Period:
    """One publicity period (a batch) of a campaign."""

    id: int
    year: int
    batch: int
    start: date
    end: date
    closed: date | None

    @property
    def label(self) -> str:
        return f"{_cn(self.start)}至{_cn(self.end)}"

    @property
    def is_open(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class Objection:
    id: int
    project_id: int
    received: date
    objector: str
    content: str
    resolution: str | None
    note: str
    resolved: date | None

    @property
    def open(self) -> bool:
        return self.resolution is None

    @property
    def resolution_zh(self) -> str:
        return RESOLUTION_ZH[self.resolution]

    @property
    def outcome(self) -> str:
        """The resolution and the office's note in one line, the resolution said once: a
        note ending in its own conclusion (……；异议不成立) read 异议不成立：……；异议不成立."""
        said = self.resolution_zh
        note = self.note.strip().rstrip("。")
        for sep in ("；", "，", "。", ";", ","):
            if note.endswith(sep + said):
                note = note[: -len(sep + said)]
                break
        if note == said:
            note = ""
        return f"{said}：{note}" if note else said

    @property
    def pending_text(self) -> str:
        """The open objection in a line, for the screens that show what holds a project."""
        who = f"{self.objector}的" if self.objector else ""
        return f"{self.received.isoformat()} 收到{who}异议（{self.content}），待处理"


@dataclass(frozen=True)
class PublicityRow:
    project_id: int
    title: str
    studio: str
    level: str
    enterprise: str
    unit: str
    amount_fen: int
    status: str
    period_id: int | None
    objections: tuple[Objection, ...] = field(default_factory=tuple)
    withdrawn: Withdrawn | None = None  # 撤回申报 by its recommending union (withdrawal)
    # withdrawals taken back by the union's letter since the list was posted
    # (withdrawal_restore): on the list again, its 更正 saying so
    taken_back: tuple[TakenBack, ...] = ()
    # who is paid now, when not ``enterprise`` (the 所在单位 it was published under): a
    # 改汇 or its studio's move since (the payment lists pay this one); else ""
    paid_to: str = ""

    @property
    def level_zh(self) -> str:
        return LEVEL_ZH.get(self.level, "")

    @property
    def upheld(self) -> bool:
        return any(o.resolution == UPHELD for o in self.objections)

    @property
    def off_list(self) -> bool:
        """No longer on the list as it stands: an objection upheld, or withdrawn."""
        return self.upheld or self.withdrawn is not None

    @property
    def state(self) -> str:
        if self.withdrawn is not None:  # its own letter, whatever objection it had
            return WITHDRAWN_ZH
        if self.upheld:
            return "异议成立，不予助推"
        if any(o.open for o in self.objections):
            return "有异议待处理"
        if self.period_id is None:
            return "待公示"
        return STATUS_ZH.get(self.status, self.status)


def tally(rows: list[PublicityRow], total: str) -> str:
    """A publicity batch's count line, as the 公示 screen and `publicity list` say it:
    “3 项，合计 ¥80,000.00（不含推荐单位撤回的 1 项）；异议待处理 0 项，异议成立 0 项”.
    ``total``: the sum of the rows still on the list, formatted by the caller."""
    pending = sum(r.state == "有异议待处理" for r in rows)
    upheld = sum(r.upheld and r.withdrawn is None for r in rows)
    withdrew = sum(r.withdrawn is not None for r in rows)
    left_out = "、".join(x for x in (f"异议成立的 {upheld} 项" if upheld else "",
                                     f"推荐单位撤回的 {withdrew} 项" if withdrew else "") if x)
    left_out = f"（不含{left_out}）" if left_out else ""
    return (f"{len(rows)} 项，合计 {total}{left_out}；异议待处理 {pending} 项，"
            f"异议成立 {upheld} 项")


def _cn(day: date | None) -> str:
    """A day as the 公示's texts say it, the period's label and its refusals alike."""
    from boostdesk.printing.common import cn_date

    return cn_date(day)


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _not_future(day: date, what: str) -> None:
    future = after_today(day, what)
    if future:
        raise PanelError(future)


def end_for(reg: Register, year: int, start: date) -> date:
    """The last day of a period starting on ``start``: the year's 公示期, natural or working
    days, both ends counted (``publicity_days.period_end``)."""
    return period_end(reg.campaign(year), start)


def periods(reg: Register, year: int) -> list[Period]:
    rows = reg.query("SELECT * FROM publicity_periods WHERE campaign_id = ? ORDER BY id",
                     (reg.campaign_id(year),))
    return [Period(r["id"], year, n, date.fromisoformat(r["start_date"]),
                   date.fromisoformat(r["end_date"]), _d(r["closed_date"]))
            for n, r in enumerate(rows, start=1)]


def period(reg: Register, year: int) -> Period | None:
    """The open period, else the latest one, else None."""
    all_periods = periods(reg, year)
    open_ones = [p for p in all_periods if p.is_open]
    return (open_ones or all_periods)[-1] if all_periods else None


def period_of(reg: Register, project_id: int) -> Period | None:
    app = reg.project(project_id)
    pid = reg.scalar("SELECT period_id FROM proposals WHERE project_id = ?", (project_id,))
    return next((p for p in periods(reg, app.campaign_year) if p.id == pid), None)


def _proposed_awards(reg: Register, year: int) -> dict[int, tuple[int, int | None]]:
    """project id -> (proposed tier amount, period id) for the adopted proposals."""
    rows = reg.query(
        "SELECT project_id, amount_fen, period_id FROM proposals WHERE campaign_id = ?"
        " AND amount_fen IS NOT NULL", (reg.campaign_id(year),),
    )
    return {r["project_id"]: (r["amount_fen"], r["period_id"]) for r in rows}


# The 所在单位 a project's row shows now (its payee, else its studio's enterprise, else the
# one its paper gave: record_rows.PROJECT_TABLES), kept on its proposal as it is posted.
_ENTERPRISE_NOW = ("(SELECT COALESCE(a.payee_enterprise_id, s.enterprise_id,"
                   " a.reported_enterprise_id) FROM project_applications a"
                   " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.id = proposals.project_id)")


def published_enterprises(reg: Register, year: int) -> dict[int, str]:
    """project id -> the 所在单位 its batch's list was posted with (migration 35), as the
    company is spelt now: a 改汇 or a studio's move since changes who is paid, not what
    was published (a 公示名单 reprinted, or in the archive, is the posted one)."""
    return {r[0]: r[1] for r in reg.conn.execute(
        "SELECT p.project_id, e.name FROM proposals p JOIN enterprises e"
        " ON e.id = p.published_enterprise_id WHERE p.campaign_id = ?"
        " AND p.period_id IS NOT NULL", (reg.campaign_id(year),))}


def _as_objection(r: dict) -> Objection:
    return Objection(r["id"], r["project_id"], date.fromisoformat(r["received_date"]),
                     r["objector"], r["content"], r["resolution"], r["resolution_note"],
                     _d(r["resolved_date"]))


def objections(reg: Register, year: int) -> list[Objection]:
    rows = reg.query(
        "SELECT o.* FROM objections o JOIN publicity_periods p ON p.id = o.period_id"
        " WHERE p.campaign_id = ? ORDER BY o.received_date, o.id", (reg.campaign_id(year),),
    )
    return [Objection(r["id"], r["project_id"], date.fromisoformat(r["received_date"]),
                      r["objector"], r["content"], r["resolution"], r["resolution_note"],
                      _d(r["resolved_date"])) for r in rows]


def open_objections(reg: Register, project_id: int) -> list[Objection]:
    """The project's objections not yet settled, oldest first (what holds it)."""
    rows = reg.query("SELECT * FROM objections WHERE project_id = ? AND resolution IS NULL"
                     " ORDER BY received_date, id", (project_id,))
    return [Objection(r["id"], r["project_id"], date.fromisoformat(r["received_date"]),
                      r["objector"], r["content"], None, "", None) for r in rows]


def hold_notes(reg: Register, project_id: int) -> list[str]:
    """What an open objection does to this project now, then each such objection: for
    the screens that show one project (its detail pane), not only 公示."""
    found = open_objections(reg, project_id)
    if not found:
        return []
    app = reg.project(project_id)
    p = period_of(reg, project_id)
    notes = []
    if app.status == "approved":
        notes.append("暂缓拨付：公示期内收到的异议待处理，处理前不能拨付"
                     "（在“公示”中处理异议：不成立即可拨付，成立则撤销核准）")
    elif app.status == "publicized" and p is not None and p.closed is not None:
        notes.append("结束公示时有异议待处理，处理后核准（异议成立则不予助推）")
    return notes + [o.pending_text for o in found]


def publicity_rows(reg: Register, year: int, period_id: int | None = None,
                   waiting: bool = False) -> list[PublicityRow]:
    """The proposed awards of one period (``period_id``), of those not yet in a period
    (``waiting``), or of all; city studios first, then by tier and rank."""
    awards = _proposed_awards(reg, year)
    by_project: dict[int, list[Objection]] = {}
    for o in objections(reg, year):
        by_project.setdefault(o.project_id, []).append(o)
    rows = []
    campaign = reg.campaign(year)
    back = taken_back(reg, [i for i, (_, p) in awards.items() if p is not None])
    posted_under = published_enterprises(reg, year)
    for app in reg.projects_by_id(awards):  # the proposed ones, not the whole campaign
        app_id = app.id or 0  # stored: it has one
        amount, in_period = awards[app_id]
        if period_id is not None and in_period != period_id:
            continue
        if waiting and in_period is not None:
            continue
        # as published: a studio's level corrected since does not rewrite the list
        level = published_level(campaign, amount, app.studio_level) if in_period else None
        # as published too: the payee a 改汇 gives it since is the payment lists' (none
        # recorded — a row written outside 开始公示 — reads the one now)
        posted = posted_under.get(app_id, app.enterprise_name) if in_period else app.enterprise_name
        rows.append(PublicityRow(
            app_id, app.title, app.studio_name, level or app.studio_level or "", posted,
            app.unit_name, amount, app.status, in_period, tuple(by_project.get(app_id, ())),
            withdrawn(app.status, app.status_reason), back.get(app_id, ()) if in_period else (),
            app.enterprise_name if app.enterprise_name != posted else "",
        ))
    return in_list_order(reg, year, rows)


def in_list_order(reg: Register, year: int, rows: list[PublicityRow]) -> list[PublicityRow]:
    """The rows as a publicity list numbers them: city studios first, then by tier and by
    the place the adopted ranking gave them. The draft checked before 开始公示 is numbered
    as the list then posted (it was numbered by 登记号 within each tier: a second order)."""
    rank = {r["project_id"]: r["rank"] or 0 for r in reg.query(
        "SELECT project_id, rank FROM proposals WHERE campaign_id = ?",
        (reg.campaign_id(year),))}
    return sorted(rows, key=lambda r: (r.level != "city", -r.amount_fen,
                                       rank.get(r.project_id, 0)))


def waiting_rows(reg: Register, year: int) -> list[PublicityRow]:
    """Proposed projects not yet in a period, at the tier they will be publicized with
    (amount 0 when none can be given: the start of publicity will say why)."""
    awards = _proposed_awards(reg, year)
    proposed = [r[0] for r in reg.conn.execute(
        "SELECT a.id FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE c.year = ? AND a.status = 'proposed'", (year,))]
    rows = []
    for app in reg.projects_by_id(proposed):
        if app.id in awards and awards[app.id][1] is not None:
            continue
        amount = awards[app.id][0] if app.id in awards else tier_by_request(reg, app)
        rows.append(PublicityRow(app.id or 0, app.title, app.studio_name, app.studio_level or "",
                                 app.enterprise_name, app.unit_name, amount or 0, app.status,
                                 None))
    return in_list_order(reg, year, rows)


def tier_by_request(reg: Register, app: ProjectApplication) -> int | None:
    """For a project proposed outside the ranking: its award or requested amount, when
    that is a tier of its studio level within the 50 % cap."""
    from .tier_places import fits_cap

    c = reg.campaign(app.campaign_year)
    amount = app.award_fen or app.requested_fen
    tiers = {t.amount_fen for t in c.tiers_for(app.studio_level)} if app.studio_level else set()
    if amount in tiers and fits_cap(c, amount, app.total_budget_fen):
        return amount
    return None


def start_publicity(reg: Register, year: int, start: date, end: date | None = None) -> Period:
    """Open a period (a batch) for every proposed project not yet publicized."""
    # A mistyped year cannot be taken back (a period is never deleted): one in the future
    # would hold the list in publicity for years, one before the materials were even due
    # would approve it at once, every first tranche long overdue.
    _not_future(start, "公示开始日期")
    deadline = reg.campaign(year).submission_deadline
    if start <= deadline:
        raise PanelError(f"公示开始日期 {_cn(start)}不在本年度材料报送截止日"
                         f"（{_cn(deadline)}）之后，请核对年份")
    end = end or end_for(reg, year, start)
    if end < start:
        raise PanelError(f"公示结束日期 {_cn(end)}早于开始日期 {_cn(start)}")
    shortest = end_for(reg, year, start)
    if end < shortest:  # a typo in --to would approve the list before its days are out
        c = reg.campaign(year)
        if c.publicity_day_unit == WORKING_DAYS:
            short = (f"仅 {working_days(start, end)} 个工作日（{HOLIDAYS_UNKNOWN}），短于本办设定的"
                     f"公示期（{c.publicity_length}，按周一至周五计")
        else:
            short = (f"仅 {(end - start).days + 1} 天，短于本办设定的公示天数（{c.publicity_days} 天，"
                     "按日历日计")
        raise PanelError(
            f"公示期 {_cn(start)}至{_cn(end)} {short}，首尾两日都算；方案未定天数）："
            f"结束日期最早为 {_cn(shortest)}"
        )
    with reg.transaction():
        current = period(reg, year)
        if current and current.is_open:
            raise PanelError(
                f"第 {current.batch} 批公示（{current.label}）尚未结束：请先结束该批公示，"
                "再开始下一批"
            )
        if current and start <= current.end:
            raise PanelError(f"新一批公示应在上一批结束（{_cn(current.end)}）之后开始")
        awards = _proposed_awards(reg, year)
        apps = [a for a in reg.projects(year, statuses=("proposed",))
                if a.id not in awards or awards[a.id][1] is None]
        if not apps:
            raise PanelError(f"{year} 年度没有待公示的拟助推项目：请先采纳拟助推名单（“专家评审 → 排名与档次”"
                             + way("中的“采纳为拟助推名单”", "，命令行 boostdesk panel adopt") + "）")
        live = {r["project_id"] for r in reg.query(
            "SELECT project_id FROM proposals WHERE campaign_id = ? AND period_id IS NULL",
            (reg.campaign_id(year),))}
        adopted_on = reg.scalar(
            "SELECT MAX(adopted_on) FROM proposals WHERE campaign_id = ? AND period_id IS NULL",
            (reg.campaign_id(year),))
        if adopted_on and start.isoformat() < adopted_on:  # published before it was adopted
            raise PanelError(
                f"公示开始日期 {_cn(start)}早于拟助推名单的采纳日期 {_cn(_d(adopted_on))}：公示的名单须先"
                f"采纳，请核对日期（公示最早自 {_cn(_d(adopted_on))}开始；采纳日期有误的，请撤回名单后按实际日期"
                "重新采纳）")
        conflicted = [k.text for k in _counted_conflicts(reg, year, ("proposed", "not_awarded"))
                      if k.project_id in live]
        if conflicted:  # the proposal counted them; the ranking now leaves them out
            raise PanelError(
                "拟助推名单采纳时计入的以下评分存在利益冲突，不能公示：" + "；".join(conflicted)
                + "。请在“排名与档次”中撤回拟助推名单，在“分配专家”中取消这些分配（原评分记入修改"
                "记录；需要时另派专家评审），或对项目人工调整档次并写明理由，重新采纳后再开始公示"
            )
        stale = _stale_proposals(reg, year)
        if stale:
            raise PanelError(
                "拟助推名单采纳后，排名已有变化（档次名额、工作室级别等改过），公示的应是现在的排名："
                + "；".join(stale) + "。请在“排名与档次”中撤回拟助推名单后重新采纳，再开始公示"
            )
        from .override_guard import standing_refusal
        from .ranking import rank

        if refused := standing_refusal(reg, year, rank(reg, year), live):
            raise PanelError(refused + "，重新采纳后再开始公示")
        unranked = {a.id: tier_by_request(reg, a) for a in apps if a.id not in awards}
        without = [a.title for a in apps if a.id in unranked and unranked[a.id] is None]
        if without:
            raise PanelError(
                "以下拟助推项目没有确定的助推档次，请在“排名与档次”中采纳拟助推名单："
                + "、".join(f"“{t}”" for t in without)
            )
        cur = reg.conn.execute(
            "INSERT INTO publicity_periods (campaign_id, start_date, end_date) VALUES (?, ?, ?)",
            (reg.campaign_id(year), start.isoformat(), end.isoformat()),
        )
        pid = int(cur.lastrowid or 0)
        stamp = datetime.now().isoformat(timespec="seconds")
        for project_id, amount in unranked.items():
            reg.conn.execute(
                "INSERT INTO proposals (project_id, campaign_id, amount_fen, reason, adopted_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (project_id, reg.campaign_id(year), amount, "未经专家评审排名，档次按申请金额",
                 stamp),
            )
        for a in apps:
            # the 所在单位 it is posted with, kept: the list reprinted is the one posted
            reg.conn.execute("UPDATE proposals SET period_id = ?, published_enterprise_id = "
                             f"{_ENTERPRISE_NOW} WHERE project_id = ?", (pid, a.id))
            reg.set_status(PROJECT, a.id or 0, "publicized",
                           f"公示期 {start.isoformat()} 至 {end.isoformat()}")
        reg.audit("create", "publicity_periods", pid, None,
                  {"year": year, "start": start.isoformat(), "end": end.isoformat(),
                   "projects": [a.title for a in apps]})
    return period(reg, year)  # type: ignore[return-value]


def _stale_proposals(reg: Register, year: int) -> list[str]:
    """The adopted, not yet published proposals whose tier the ranking no longer gives
    (a quota or a studio's level changed since the adoption), each as “title: then, now”."""
    from .ranking import rank
    from .tier_places import tier_name

    adopted = {r["project_id"]: r["amount_fen"] for r in reg.query(
        "SELECT project_id, amount_fen FROM proposals WHERE campaign_id = ?"
        " AND period_id IS NULL", (reg.campaign_id(year),))}
    if not adopted:
        return []
    c = reg.campaign(year)
    return [f"“{r.ref}”：采纳时为{tier_name(c, adopted[r.project_id])}，"
            f"现排名为{tier_name(c, r.amount_fen)}"
            for r in rank(reg, year).rows
            if r.project_id in adopted and r.amount_fen != adopted[r.project_id]]


def record_existing_publicity(reg: Register, year: int, start: date,
                              end: date | None = None) -> Period:
    """Record a period already under way for projects publicized before the register kept
    periods (e.g. a list posted on paper): each at its award or requested tier."""
    end = end or end_for(reg, year, start)
    with reg.transaction():
        awards = _proposed_awards(reg, year)
        apps = [a for a in reg.projects(year, statuses=("publicized",)) if a.id not in awards]
        if not apps:
            raise PanelError(f"{year} 年度没有未登记公示期的公示项目")
        tiers = {a.id: tier_by_request(reg, a) for a in apps}
        without = [a.title for a in apps if tiers[a.id] is None]
        if without:
            raise PanelError("以下公示项目没有确定的助推档次："
                             + "、".join(f"“{t}”" for t in without))
        cur = reg.conn.execute(
            "INSERT INTO publicity_periods (campaign_id, start_date, end_date) VALUES (?, ?, ?)",
            (reg.campaign_id(year), start.isoformat(), end.isoformat()),
        )
        pid = int(cur.lastrowid or 0)
        stamp = datetime.now().isoformat(timespec="seconds")
        for a in apps:
            reg.conn.execute(
                "INSERT INTO proposals (project_id, campaign_id, amount_fen, reason, adopted_at,"
                " period_id) VALUES (?, ?, ?, ?, ?, ?)",
                (a.id, reg.campaign_id(year), tiers[a.id], "登记册启用前已开始公示，档次按申请金额",
                 stamp, pid),
            )
            # posted with its 所在单位 of today, the best known (as start_publicity keeps it)
            reg.conn.execute(f"UPDATE proposals SET published_enterprise_id = {_ENTERPRISE_NOW}"
                             " WHERE project_id = ?", (a.id,))
        reg.audit("create", "publicity_periods", pid, None,
                  {"year": year, "start": start.isoformat(), "end": end.isoformat(),
                   "projects": [a.title for a in apps], "note": "登记已在进行的公示"})
    return period(reg, year)  # type: ignore[return-value]


def same_objection(reg: Register, project_id: int, received: date, objector: str,
                   content: str) -> Objection | None:
    """An objection of this project already entered with the same day, objector and content
    (spaces aside): the same letter, entered twice, or None."""
    def key(text: str) -> str:
        return "".join(text.split())

    for r in reg.query("SELECT * FROM objections WHERE project_id = ? AND received_date = ?"
                       " ORDER BY id", (project_id, received.isoformat())):
        if key(r["objector"] or "") == key(objector) and key(r["content"]) == key(content):
            return Objection(r["id"], r["project_id"], date.fromisoformat(r["received_date"]),
                             r["objector"], r["content"], r["resolution"], r["resolution_note"],
                             _d(r["resolved_date"]))
    return None


def duplicate_text(o: Objection) -> str:
    """What to say of an objection entered again (:func:`same_objection`)."""
    state = (f"已于 {_cn(o.resolved)}处理：{o.resolution_zh}" if o.resolved
             else "待处理")
    return (f"这封异议已登记（异议 {o.id}，{_cn(o.received)}收到，"
            f"{o.objector or '匿名'}：{o.content}；{state}）")


def record_objection(reg: Register, project_id: int, received: date, objector: str,
                     content: str, again: bool = False) -> int:
    """An objection against a publicized project, received within its period. The same
    letter entered again (same day, objector, content) is refused unless ``again`` says
    it is another one.

    One received in the period but entered after the close (a letter posted in time that
    arrives later, or one the clerk had not typed in) is still recorded while the award the
    close made is unpaid: the award stays 核准 but is held from payment until the objection
    is settled (:func:`resolve_objection`: upheld withdraws the approval)."""
    if not content.strip():
        raise PanelError("请填写异议内容")
    app = reg.project(project_id)
    status = STATUS_ZH.get(app.status, app.status)
    with reg.transaction():
        p = period_of(reg, project_id)
        if p is None:
            raise PanelError(f"项目“{app.title}”不在公示中（现为“{status}”），不能登记异议"
                             + withdraw_hint())
        _not_future(received, "异议收到日期")
        if not p.start <= received <= p.end:
            raise PanelError(
                f"异议收到日期 {_cn(received)}不在公示期（{p.label}）内；"
                "公示期外收到的异议请按来信来访处理"
            )
        if not again and (same := same_objection(reg, project_id, received, objector, content)):
            raise PanelError(duplicate_text(same) + "：同一封来信不必重复登记。确是另一封内容"
                             "相同的来信，请确认后再登记" + aside("--again", "命令行加 "))
        late = p.closed is not None and app.status != "publicized"
        if late and app.status in AWARDED_AFTER_CLOSE and (paid := _paid_already(reg, app)):
            raise PanelError(paid)
        if app.status != "publicized" and not (late and app.status == "approved"):
            raise PanelError(f"项目“{app.title}”不在公示中（现为“{status}”），不能登记异议"
                             + withdraw_hint())
        cur = reg.conn.execute(
            "INSERT INTO objections (id, period_id, project_id, received_date, objector,"
            " content) VALUES (?, ?, ?, ?, ?, ?)",
            (next_id(reg.conn, "objections"), p.id, project_id, received.isoformat(),
             objector.strip(), content.strip()),
        )
        oid = int(cur.lastrowid or 0)
        after = {"project": app.title, "received": received.isoformat(),
                 "objector": objector.strip(), "content": content.strip()}
        if late:
            after["note"] = (f"第 {p.batch} 批公示 {p.closed.isoformat()} 结束后登记，"  # type: ignore[union-attr]
                             "项目已核准：处理前暂缓拨付")
        reg.audit("create", "objections", oid, None, after)
        if late:  # the approval no longer says 公示期满无异议 (the sheet does not)
            follow_outcome(reg, project_id, f"异议 {oid}（{received.isoformat()} 收到）于公示"
                           "结束后登记，尚在核实")
        return oid


# Said where a clerk may look first for a union's letter withdrawing a project.
def withdraw_hint() -> str:
    return ("；推荐单位来函撤回申报的，不是异议：请在“创新项目”中选中该项目，按“改变状态”"
            "选“撤回申报”" + aside("boostdesk withdraw"))


# An award the close made, in every status it can reach (paid or not).
AWARDED_AFTER_CLOSE = ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed")


def _paid_already(reg: Register, app: ProjectApplication) -> str:
    """Why a late objection cannot hold this award (a part of it paid, or sent and sent
    back by the bank: say what to do instead), or "" when nothing is paid yet."""
    from boostdesk.models.payment_marks import STANDING_RETURN_SQL

    paid = reg.query(
        "SELECT paid_date, voucher FROM payments WHERE stream = ? AND application_id = ?"
        " AND paid_date IS NOT NULL ORDER BY paid_date, id", (PROJECT, app.id))
    if not paid and app.status == "approved":
        return ""
    status = STATUS_ZH.get(app.status, app.status)
    # every transfer came back (退汇): when it was sent is in its return's audit line
    sent = [] if paid else reg.query(
        "SELECT json_extract(e.before, '$.paid_date') AS paid_date,"
        " json_extract(e.before, '$.voucher') AS voucher FROM payments p"
        f" JOIN audit_events e ON e.id = {STANDING_RETURN_SQL.format(payment='p.id')}"
        " WHERE p.stream = ? AND p.application_id = ? AND p.paid_date IS NULL"
        " ORDER BY 1, p.id", (PROJECT, app.id))
    if sent:
        first = sent[0]
        return (
            f"项目“{app.title}”的助推资金已于 {str(first['paid_date'])[:10]} 汇出"
            + (f"（凭证 {first['voucher']}）" if first["voucher"] else "")
            + f"，已汇出的 {len(sent)} 笔均被银行退回、待重拨（现为“{status}”）：公示期内"
            "收到、结束后才登记的异议须在拨付前登记（登记后暂缓拨付），现已不能登记。请按来信来访处理，记入该项目的备注；核查属实的，报请研究"
            "是否撤销助推（款项均已退回，无须追回：在“创新项目”中选中该项目，按“改变状态”选"
            "“撤销助推（未拨付）”" + aside(f"boostdesk pay revoke {id_ref(PROJECT, app.id or 0)}")
            + "；研究有结论前，退回的款项请暂不重拨）"
        )
    when = (f"已于 {paid[0]['paid_date'][:10]} 登记拨付"
            + (f"（凭证 {paid[0]['voucher']}）" if paid[0]["voucher"] else "")) if paid \
        else f"已登记拨付（现为“{status}”）"
    return (
        f"项目“{app.title}”的助推资金{when}：公示期内收到、结束后才登记的异议须在拨付前登记"
        "（登记后暂缓拨付），现已不能登记。请按来信来访处理，记入该项目的备注；核查属实的，"
        "报请研究是否撤销助推、由财务追回已拨资金。如是拨付登记有误，先在“拨付”中撤销拨付登记，"
        "再登记异议"
    )


def late_objection_refusal(reg: Register, project_id: int) -> str:
    """Why no objection of its closed period can be entered for this awarded project now
    (a part of it paid), or "" (the 公示 screen says so before the dialog is filled in)."""
    app = reg.project(project_id)
    return _paid_already(reg, app) if app.status in AWARDED_AFTER_CLOSE else ""


def _open_objection(reg: Register, objection_id: int, settled_tail: str = "") -> dict:
    """The objection's row, if it is not settled yet; else PanelError."""
    rows = reg.query("SELECT * FROM objections WHERE id = ?", (objection_id,))
    if not rows:
        raise PanelError(f"没有编号为 {objection_id} 的异议")
    row = rows[0]
    if row["resolution"] is not None:
        raise PanelError(f"该异议已于 {_cn(_d(row['resolved_date']))}处理"
                         f"（{RESOLUTION_ZH[row['resolution']]}）{settled_tail}")
    return row


def resolve_objection(reg: Register, objection_id: int, upheld: bool, note: str,
                      on: date) -> None:
    """Settle an objection. Upheld: the project is not awarded. Dismissed: it stands."""
    if not note.strip():
        raise PanelError("请填写处理意见（核查情况和结论）"
                         + aside("--note 意见，如 --note 经核实，负责人另一项目已结题", "命令行用 "))
    with reg.transaction():
        before = _open_objection(reg, objection_id, "：结论有误的，请在“处理异议”中复核更正"
                                 + aside("--correct-to upheld|dismissed --reason 理由", "命令行加 "))
        app = reg.project(before["project_id"])
        if on < date.fromisoformat(before["received_date"]):
            raise PanelError(f"处理日期 {_cn(on)}早于异议收到日期 {_cn(_d(before['received_date']))}")
        _not_future(on, "处理日期")
        resolution = UPHELD if upheld else DISMISSED
        reg.conn.execute(
            "UPDATE objections SET resolution = ?, resolution_note = ?, resolved_date = ?"
            " WHERE id = ?", (resolution, note.strip(), on.isoformat(), objection_id),
        )
        reg.audit("resolve", "objections", objection_id, before,
                  {"resolution": RESOLUTION_ZH[resolution], "note": note.strip(),
                   "resolved": on.isoformat()})
        if upheld and app.status == "approved":
            # entered after the close, before any payment (record_objection): the approval
            # is withdrawn, its unpaid payment rows with it (Register.set_status)
            reg.set_status(PROJECT, app.id or 0, "not_awarded",
                           f"公示异议成立，撤销核准：{note.strip()}")
            return
        if app.status != "publicized":
            # dismissed after the close: the approval stands and can be paid, its reason
            # now the sheet's (异议不成立, not 公示期满无异议)
            follow_outcome(reg, app.id or 0, f"异议 {objection_id} 经核实不成立"
                           f"（{on.isoformat()} 处理）")
            return
        if upheld:
            reg.set_status(PROJECT, app.id or 0, "not_awarded", f"公示异议成立：{note.strip()}")
            return
        p = period_of(reg, app.id or 0)
        if p and p.closed and not _blocked(reg, app.id or 0):
            # settled before the close but entered after it: approved no earlier than the
            # close (a sheet dated inside the period would say it was approved mid-publicity)
            _approve(reg, app.campaign_year, app.id or 0, max(on, p.closed),
                     f"{_outcome(reg, app.id or 0)}：{note.strip()}")


def withdraw_objection(reg: Register, objection_id: int, reason: str) -> None:
    """Take back an open objection entered by mistake (the wrong project, a duplicate):
    dismissed, it would mark the project's approval sheet 收到异议 for good. The audit
    trail keeps it; a project it alone held after the close is approved as of the close."""
    if not reason.strip():
        raise PanelError("请填写撤销理由（如：误登记在其他项目上、重复登记）")
    with reg.transaction():
        before = _open_objection(reg, objection_id, "，不能作为误登记撤销")
        reg.conn.execute("DELETE FROM objections WHERE id = ?", (objection_id,))
        reg.audit("delete", "objections", objection_id, dict(before),
                  {"reason": f"误登记撤销：{reason.strip()}"})
        app = reg.project(before["project_id"])
        p = period_of(reg, app.id or 0)
        if (app.status == "publicized" and p and p.closed
                and not _blocked(reg, app.id or 0)):
            _approve(reg, app.campaign_year, app.id or 0, p.closed,
                     f"{_outcome(reg, app.id or 0)}（误登记的异议已撤销：{reason.strip()}）")
        elif app.status != "publicized":  # entered after the close: no longer 尚在核实
            follow_outcome(reg, app.id or 0, f"误登记的异议 {objection_id} 已撤销："
                           f"{reason.strip()}")


# resolve_objection's moves, and a dismissal corrected to upheld (correct_resolution)
CORRECTED_UPHELD = "公示异议成立（复核更正，原结论异议不成立）："
CORRECTED_NOTE = "（复核更正于 "  # opens what a corrected finding's note says it corrected
UPHELD_REASONS = ("公示异议成立：", "公示异议成立，撤销核准：", CORRECTED_UPHELD)


def withdraw_entered_in_error(reg: Register, objection_id: int, reason: str) -> str:
    """An objection upheld against the wrong project taken back while nothing has moved on
    from it: the objection goes as one entered by mistake (audited, with the reason) and
    the project gets back what the resolution took: in publicity while the period is open,
    else its approval (an approval withdrawn after the close: its award, level and date as
    they were; one refused in the period: approved as of the close). Refused once the
    freed place has been re-adopted, saying what to do. A finding reversed on review is
    not a mistaken entry: :func:`correct_resolution` keeps the objection.
    Returns the project's status now, in Chinese."""
    if not reason.strip():
        raise PanelError("请填写撤销理由（如：异议应登记在其他项目上、重复登记）"
                         + aside("--note 理由", "命令行用 "))
    with reg.transaction():
        rows = reg.query("SELECT * FROM objections WHERE id = ?", (objection_id,))
        if not rows:
            raise PanelError(f"没有编号为 {objection_id} 的异议")
        before = rows[0]
        if before["resolution"] is None:
            return _withdraw_open(reg, before, reason)
        if before["resolution"] != UPHELD:
            raise PanelError(f"该异议已于 {_cn(_d(before['resolved_date']))}处理（异议不成立），"
                             "项目未因此失去助推，处理不再撤销（拨付期限、审批表都以它为准）："
                             "如确属登记错了项目，请在该项目的备注中说明")
        app, last, p = _upheld_undoable(reg, before, objection_id)
        reg.conn.execute("DELETE FROM objections WHERE id = ?", (objection_id,))
        why = reason.strip()
        reg.audit("delete", "objections", objection_id, dict(before),
                  {"reason": f"误登记撤销（原处理：异议成立，一并撤销）：{why}"})
        return _give_back(reg, app, last, p, f"异议成立的处理撤销（误登记）：{why}")


def _upheld_undoable(reg: Register, before: dict,
                     objection_id: int) -> tuple[ProjectApplication, dict, Period]:
    """The project an upheld objection took the award from, its last status move and its
    period, while nothing has moved on from the resolution; else PanelError saying why."""
    app = reg.project(before["project_id"])
    history = reg.status_history(PROJECT, app.id or 0)
    last = history[-1] if history else None
    if (app.status != "not_awarded" or last is None
            or not (last["reason"] or "").startswith(UPHELD_REASONS)):
        raise PanelError(
            f"项目“{app.title}”现为“{STATUS_ZH.get(app.status, app.status)}”，异议成立后"
            "已有其他变动，不能再撤销该异议的处理：请报请研究后在“改变状态”或"
            "“排名与档次”中处理")
    p = period_of(reg, app.id or 0)
    if p is None:
        raise PanelError(f"项目“{app.title}”不在公示中，不能撤销该异议的处理")
    if taken := _place_taken(reg, app, p, objection_id):
        raise PanelError(
            f"项目“{app.title}”的异议成立后，空出的名额已重新采纳："
            + "、".join(f"“{t}”" for t in taken)
            + "。不能再撤销该异议的处理（恢复后将超出档次名额）。如确属误登记或结论有误：拟助推名单"
            "尚未公示的，请先在“排名与档次”中撤回拟助推名单，再撤销本异议的处理，之后"
            "重新采纳；已公示的，请报请研究，另行决定是否追加助推")
    return app, dict(last), p


def _give_back(reg: Register, app: ProjectApplication, last: dict, p: Period,
               move: str) -> str:
    """The project an upheld objection's resolution (now gone or reversed) took the award
    from, given back what it had: inside the caller's transaction. Its status, in Chinese."""
    if _blocked(reg, app.id or 0) and reg.scalar(
            "SELECT COUNT(*) FROM objections WHERE project_id = ? AND resolution = ?",
            (app.id, UPHELD)):
        return STATUS_ZH["not_awarded"]  # another objection upheld still stands
    if last["from_status"] == "approved":
        was = _last_approval(reg, app.id or 0)
        # as the branch below says it: the objections still standing were groundless
        reg.set_status(PROJECT, app.id or 0, "approved",
                       reworded(move, outcome_now(reg, app.id or 0)), **was)
    elif p.closed is None or _blocked(reg, app.id or 0):
        reg.set_status(PROJECT, app.id or 0, "publicized", move)
    else:  # the objections of its publicity still standing were found groundless
        dismissed = _dismissed(reg, app.id or 0)
        _approve(reg, app.campaign_year, app.id or 0, p.closed,
                 f"{move}；{publicity_outcome(dismissed)}" if dismissed else move)
    status = reg.project(app.id or 0).status
    return STATUS_ZH.get(status, status)


def dismissal_fixed_after_close(closed: date, project_id: int | None = None,
                                paid: bool = False) -> str:
    """Why a dismissal can no longer be corrected to upheld once its batch closed, and
    what to do instead: the award it let through is revoked by the office's decision —
    撤销助推（未拨付）, or （已拨付，应追回） once a line is paid (finance.recovery) — in
    改变状态, or `pay revoke` with the project's reference."""
    from boostdesk.finance.recovery import PAID_NAME, UNPAID_NAME

    ref = id_ref(PROJECT, project_id) if project_id else "项目N"
    name = PAID_NAME if paid else UNPAID_NAME
    return (f"公示已于 {_cn(closed)}结束，“异议不成立”的处理不能再改为异议成立（项目据此"
            "核准，拨付期限、审批表都以它为准）。复核认定异议成立、不应助推的，请报请研究撤销助推："
            f"在“创新项目”中选中该项目，按“改变状态”选“{name}”，填写决定日期和理由"
            + aside(f"boostdesk pay revoke {ref} --date 决定日期 --reason 理由")
            + ("" if paid else f"（款已拨付的为“{PAID_NAME}”）；研究有结论前请暂不拨付"))


def correction_refusal(reg: Register, objection: Objection) -> str:
    """Why this settled objection's finding cannot be corrected now ("" when it can): an
    upheld one while its project has not moved on (:func:`_upheld_undoable`), a dismissed
    one while its batch's publicity is open."""
    if objection.resolution == UPHELD:
        try:
            _upheld_undoable(reg, {"project_id": objection.project_id}, objection.id)
        except PanelError as exc:
            return str(exc)
        return ""
    if objection.resolution != DISMISSED:
        return "该异议尚未处理"
    app = reg.project(objection.project_id)
    p = period_of(reg, objection.project_id)
    if p is not None and p.closed is not None:
        from boostdesk.finance.recovery import paid_any

        return dismissal_fixed_after_close(p.closed, app.id,
                                           paid=paid_any(reg, PROJECT, app.id or 0))
    if p is None or app.status not in ("publicized", "not_awarded"):
        return (f"项目“{app.title}”现为“{STATUS_ZH.get(app.status, app.status)}”，"
                "不能再改为异议成立：请报请研究")
    return ""


def correct_resolution(reg: Register, objection_id: int, reason: str, on: date) -> str:
    """A settled objection's finding reversed on review, the objection kept (it was received:
    the 审批表 says so) and both decisions in the trail. Upheld → dismissed while nothing has
    moved on from it (as :func:`withdraw_entered_in_error`): the project gets its award back,
    its publicity read as an objection found groundless. Dismissed → upheld while the batch's
    publicity is open: the project is not awarded, as one upheld. Returns the project's
    status now, in Chinese."""
    if not reason.strip():
        raise PanelError("请填写复核理由（如：经复核，两项目内容不同，异议不成立）")
    why = reason.strip()
    with reg.transaction():
        rows = reg.query("SELECT * FROM objections WHERE id = ?", (objection_id,))
        if not rows:
            raise PanelError(f"没有编号为 {objection_id} 的异议")
        before = dict(rows[0])
        if before["resolution"] is None:
            raise PanelError("该异议尚未处理：请直接处理（异议成立或不成立）")
        if on < date.fromisoformat(before["resolved_date"]):
            raise PanelError(f"复核日期 {_cn(on)}早于原处理日期 {_cn(_d(before['resolved_date']))}")
        _not_future(on, "复核日期")
        was = RESOLUTION_ZH[before["resolution"]]
        if before["resolution"] == UPHELD:
            app, last, p = _upheld_undoable(reg, before, objection_id)
            resolution = DISMISSED
        else:
            if refusal := correction_refusal(reg, _as_objection(before)):
                raise PanelError(refusal)
            resolution = UPHELD
        now = RESOLUTION_ZH[resolution]
        # the list shows the finding in force, with what it corrected
        # the finding it corrects without that one's own correction note: the trail has all
        prior = before["resolution_note"].split(CORRECTED_NOTE, 1)[0]
        note = (f"{why}{CORRECTED_NOTE}{on.isoformat()}，原于 {before['resolved_date']} "
                f"按{was}处理：{prior}）")
        reg.conn.execute(
            "UPDATE objections SET resolution = ?, resolution_note = ?, resolved_date = ?"
            " WHERE id = ?", (resolution, note, on.isoformat(), objection_id))
        reg.audit("resolve", "objections", objection_id, before,
                  {"resolution": now, "corrected_from": was, "reason": why,
                   "note": note, "resolved": on.isoformat()})
        if resolution == DISMISSED:
            return _give_back(reg, app, last, p, f"异议成立的处理经复核更正为异议不成立：{why}")
        app = reg.project(before["project_id"])
        if app.status == "publicized":
            reg.set_status(PROJECT, app.id or 0, "not_awarded", f"{CORRECTED_UPHELD}{why}")
        status = reg.project(app.id or 0).status
        return STATUS_ZH.get(status, status)


def _withdraw_open(reg: Register, before: dict, reason: str) -> str:
    withdraw_objection(reg, before["id"], reason)
    status = reg.project(before["project_id"]).status
    return STATUS_ZH.get(status, status)


def _place_taken(reg: Register, app: ProjectApplication, p: Period,
                 objection_id: int) -> list[str]:
    """The projects adopted for a tier since this objection was upheld (the place it freed
    may be theirs), still adopted: a later batch's or a proposal not yet published."""
    upheld_at = reg.scalar(
        "SELECT MAX(at) FROM audit_events WHERE entity = 'objections' AND entity_id = ?"
        " AND action = 'resolve'", (objection_id,))
    rows = reg.query(
        "SELECT a.title FROM proposals pr JOIN project_applications a ON a.id = pr.project_id"
        " WHERE pr.campaign_id = ? AND pr.amount_fen IS NOT NULL AND pr.project_id != ?"
        " AND (pr.period_id IS NULL OR pr.period_id > ?) AND pr.adopted_at >= ?"
        " ORDER BY pr.rank, a.id",
        (reg.campaign_id(app.campaign_year), app.id, p.id, (upheld_at or "")[:19]))
    return [r["title"] for r in rows]


def _last_approval(reg: Register, project_id: int) -> dict:
    """The award, level and date the project's last approval gave it (cleared when the
    approval was withdrawn), from that move's audit row."""
    import json

    after = reg.scalar(
        "SELECT after FROM audit_events WHERE entity = 'project_applications'"
        " AND entity_id = ? AND action = 'status' AND json_extract(after, '$.status') ="
        " 'approved' ORDER BY id DESC LIMIT 1", (project_id,))
    was = json.loads(after or "{}")
    return {"award_fen": was.get("award_fen"), "award_level": was.get("award_level"),
            "approved_date": _d(was.get("approved_date"))}


def moved_up(reg: Register, year: int, since: list[str] | None = None) -> list[str]:
    """Projects the ranking now gives a tier they were not proposed at (a place an upheld
    objection freed), each as “title（tier）”: they wait for the proposal to be adopted
    again and a batch of their own. ``since``: what this gave before the objection was
    upheld, left out (a later round under review has tiers of its own, not the freed place)."""
    from .ranking import rank
    from .tier_places import tier_name

    c = reg.campaign(year)
    now = [f"“{r.ref}”（{r.tier_name}" + (f"；按现有评分应列入{tier_name(c, r.amount_fen_fresh)}，"
                                         "排名在前的已公示项目档次较低，请报请研究"
                                         if r.amount_fen_fresh else "") + "）"
           for r in rank(reg, year).candidates()
           if r.amount_fen is not None and r.status != "proposed"]
    return [x for x in now if x not in (since or ())]


# What 结束公示 does with each project of the batch, as close_publicity (with _blocked) and
# resolve_objection / withdraw_objection do it: said by the 结束公示 dialog and 工作流程.
CLOSE_RULE_ZH = ("结束后，无异议或异议均不成立的项目核准助推，核准日期为结束日期；"
                 "异议成立的项目不予助推（处理为成立时已改为未获助推）；"
                 "有异议待处理的项目暂不核准，处理为不成立后核准（核准日期不早于结束日期）")


def _blocked(reg: Register, project_id: int) -> bool:
    """An objection open or upheld keeps a project out of the approval."""
    return bool(reg.scalar(
        "SELECT COUNT(*) FROM objections WHERE project_id = ?"
        " AND (resolution IS NULL OR resolution = 'upheld')", (project_id,),
    ))


def published_level(campaign: Campaign, amount_fen: int,
                    studio_level: str | None) -> str | None:
    """The studio level of the tier an award was published in: the level its split is
    owed in (二（三）), even if the studio's level was corrected since. The studio's own
    level when the amount is no tier's, or the tier of more than one level."""
    levels = {t.level for t in campaign.tiers if t.amount_fen == amount_fen}
    return levels.pop() if len(levels) == 1 else studio_level


def _dismissed(reg: Register, project_id: int) -> int:
    """How many objections of the project's publicity were found groundless."""
    return int(reg.scalar("SELECT COUNT(*) FROM objections WHERE project_id = ?"
                          " AND resolution = ?", (project_id, DISMISSED)) or 0)


def _outcome(reg: Register, project_id: int) -> str:
    """How the project's publicity ended, as its approval sheet says it: the approval's
    reason (an objection found groundless is not 公示期满无异议)."""
    return publicity_outcome(_dismissed(reg, project_id))


def _approve(reg: Register, year: int, project_id: int, on: date, reason: str) -> None:
    amount = _proposed_awards(reg, year)[project_id][0]
    level = published_level(reg.campaign(year), amount, reg.project(project_id).studio_level)
    reg.set_status(PROJECT, project_id, "approved", reason,
                   award_fen=amount, award_level=level, approved_date=on)


def _counted_conflicts(reg: Register, year: int, statuses: tuple[str, ...]) -> list[ScoreConflict]:
    """Submitted scores the register now shows conflicted, of projects in ``statuses``
    whose tier rests on their score. Adopting refuses a project with one unless its tier
    was set by hand (an override, with its reason: its score decides nothing), so such a
    score came to light after the adoption, which counted it."""
    overridden = {r["project_id"] for r in reg.query(
        "SELECT o.project_id FROM tier_overrides o JOIN project_applications a"
        " ON a.id = o.project_id WHERE a.campaign_id = ?", (reg.campaign_id(year),))}
    return [k for k in assignment_conflicts(reg, year).values()
            if k.submitted and k.status in statuses and k.project_id not in overridden]


def _unsettled_conflicts(reg: Register, year: int, p: Period) -> list[str]:
    """The period's publicized projects adopted on a score the register now shows
    conflicted and with no objection entered: the office's decision on each is recorded
    as an objection and its resolution (a reason, audited) before the close approves it."""
    out = []
    for k in _counted_conflicts(reg, year, ("publicized",)):
        own = period_of(reg, k.project_id)
        if own is not None and own.id == p.id and not reg.scalar(
                "SELECT COUNT(*) FROM objections WHERE project_id = ?", (k.project_id,)):
            out.append(k.text)
    return out


def _stale_in_period(reg: Register, year: int, p: Period) -> tuple[list[str], str]:
    """The period's publicized projects whose published tier the ranking on the scores
    counted now no longer gives (a score that stopped counting after publication, a quota
    changed), with no decision of the office on record (an objection): each as what
    changed; and what the ranking now goes by (``Ranking.stale_basis``), which names why."""
    from .ranking import rank

    ranking = rank(reg, year)
    stale = ranking.stale_published
    if not stale:
        return [], ""
    mine = {r["project_id"] for r in reg.query(
        "SELECT pr.project_id FROM proposals pr JOIN project_applications a"
        " ON a.id = pr.project_id WHERE pr.period_id = ? AND a.status = 'publicized'", (p.id,))}
    return [line for pid, line in stale.items() if pid in mine], ranking.stale_basis


RERANK_SETTLED = "rerank_settle"  # the audit action of settle_rerank: a decision on record


def settle_rerank(reg: Register, project_id: int, revoke: bool, reason: str, *,
                  cancelled: Callable[[], bool] | None = None) -> str:
    """The office's decision on an approved award the ranking on the scores counted now no
    longer gives (a score found conflicted after the close): ``revoke`` withdraws the
    approval (→ 未获助推, its payment lines going; the freed place is re-adopted and
    publicized in a batch of its own), else the award is kept. Either way the decision
    and its reason are audited and the ranking stops flagging it (and finance pays it:
    ``award_holds``). Refused while in publicity (an objection is the way there).

    An award may be withdrawn while none of its money stands paid: never paid, or every
    transfer sent back by the bank (退汇) after the first tranche, even after an
    acceptance passed or failed (nothing is recovered; the returned lines are not sent
    again). Once a part stands paid it may only be kept (money paid does not move: what
    to recover is the office's decision); an award paid in full, or a failed one owing
    nothing, has nothing left to hold. Returns what had changed in the ranking; nothing
    stored when ``cancelled()`` says so after the backup."""
    from boostdesk.award_holds import FAILED_OWING_SQL
    from boostdesk.money import format_money
    from boostdesk.safety.backup import backed_up_write

    from .ranking import rank

    if not reason.strip():
        raise PanelError("请填写复核结论的理由（如：不计该评分后乙项目排名在前，经研究撤销核准）"
                         + aside("--note 理由", "命令行用 "))
    app = reg.project(project_id)
    status = STATUS_ZH.get(app.status, app.status)
    stale = rank(reg, app.campaign_year).stale_published.get(project_id)
    if stale is None:
        raise PanelError(f"项目“{app.title}”的助推档次与按现有评分的排名一致（或已复核），无需复核")
    if app.status == "publicized":
        raise PanelError(f"项目“{app.title}”仍在公示中：请在“公示”中把排名变化登记为该项目的异议"
                         "并处理（成立的不予助推，不成立的写明理由）")
    paid, returned = award_money(reg, project_id)
    owing = app.status == "acceptance_failed" and reg.scalar(
        f"SELECT {FAILED_OWING_SQL} FROM project_applications a WHERE a.id = ?", (project_id,))
    if app.status == "acceptance_failed" and not owing:
        raise PanelError(f"项目“{app.title}”验收未通过（{app.status_reason}），首笔已拨付"
                         f" {format_money(paid)}、其余不再拨付，没有待拨付的款项可暂缓：不能再撤销或"
                         "维持核准；已拨付部分是否追回，请报请研究")
    if app.status not in ("approved", "paid_first", "accepted", "acceptance_failed"):
        raise PanelError(f"项目“{app.title}”的助推款已全部拨付 {format_money(paid)}（现为“{status}”），"
                         "不能撤销或维持核准：已拨付部分是否追回，请报请研究")
    if paid and revoke:
        raise PanelError(f"项目“{app.title}”的助推款已登记拨付 {format_money(paid)}（现为“{status}”），"
                         "不能撤销核准：已拨付部分是否追回、其余是否拨付请报请研究；经研究维持的，"
                         "以“维持”登记复核结论（写明理由）后拨付其余款项")
    with backed_up_write(reg, "tier", cancelled), reg.transaction():
        if revoke:
            why = f"排名复核，撤销核准：{reason.strip()}" + (
                f"（已汇出的 {returned} 笔均被银行退回，不再重拨）" if returned else "")
            withdraw_unpaid_award(reg, project_id, why)
        reg.audit(RERANK_SETTLED, "project_applications", project_id, {"ranking": stale},
                  {"decision": "撤销核准" if revoke else "维持核准", "reason": reason.strip(),
                   "ranking": stale})
    return stale


def award_money(reg: Register, project_id: int) -> tuple[int, int]:
    """What of a project's award stands paid (fen), and how many of its transfers the bank
    sent back and are owed again (退汇): 排名复核 says which (none paid and some returned:
    the money left and came back, and the award may still be withdrawn)."""
    from boostdesk.models.payment_marks import STANDING_RETURN_SQL

    row = reg.conn.execute(
        "SELECT COALESCE(SUM(CASE WHEN p.paid_date IS NOT NULL THEN p.amount_fen END), 0),"
        " COALESCE(SUM(p.paid_date IS NULL"
        f" AND {STANDING_RETURN_SQL.format(payment='p.id')} IS NOT NULL), 0)"
        " FROM payments p WHERE p.stream = ? AND p.application_id = ?",
        (PROJECT, project_id)).fetchone()
    return int(row[0]), int(row[1])


def withdraw_unpaid_award(reg: Register, project_id: int, why: str) -> None:
    """An award none of whose money stands paid → 未获助推 with ``why`` (排名复核, 撤销补录:
    the caller checks that nothing stands paid). Its payment rows go, audited, each one's
    sending and return (退汇) staying in the trail (``finance`` shows them on the paper as
    withdrawn); the award, approval and acceptance dates are cleared with the move (the
    status history keeps them). An approval goes as ``Register._withdraw_award`` withdraws
    one; an award past its first tranche (accepted, or its acceptance failed) whose every
    transfer came back the same way, the level it was ranked at staying, as a project not
    awarded keeps its own."""
    if reg.project(project_id).status == "approved":
        reg.set_status(PROJECT, project_id, "not_awarded", why)
        return
    for row in reg.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?",
                         (PROJECT, project_id)):
        if row["paid_date"] is not None:  # checked by the caller: never reached
            raise PanelError("助推款已登记拨付，不能撤销核准")
        reg.conn.execute("DELETE FROM payments WHERE id = ?", (row["id"],))
        reg.audit("delete", "payments", row["id"], row, None)
    level = reg.scalar("SELECT award_level FROM project_applications WHERE id = ?", (project_id,))
    reg.set_status(PROJECT, project_id, "not_awarded", why, award_fen=None, approved_date=None,
                   accepted_date=None, award_level=level)


@dataclass(frozen=True)
class CloseResult:
    approved: list[str]
    pending: list[str]  # projects kept in publicity by an open objection


def _keep_ranked_levels(reg: Register, year: int) -> None:
    """The year's projects ranked and not awarded keep the studio level they were ranked
    at, as an award keeps its own (``award_level``, migration 9): a studio is one record
    across years, and one promoted 区级 → 市级 later moved such a project into the 市级
    ranking of its closed year, its summary table and statistics with it."""
    for r in reg.query(
            "SELECT a.id, s.level FROM project_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id JOIN studios s ON s.id = a.studio_id"
            " WHERE c.year = ? AND a.status = 'not_awarded' AND a.award_level IS NULL"
            " AND s.level IS NOT NULL", (year,)):
        reg.conn.execute("UPDATE project_applications SET award_level = ? WHERE id = ?",
                         (r["level"], r["id"]))
        reg.changes.projects.add(r["id"])
        reg.audit("update", "project_applications", r["id"], {"award_level": None},
                  {"award_level": r["level"], "reason": "结束公示：未获助推，留存评审时的工作室级别"})


def _qualified_after(reg: Register, year: int, p: Period, on: date) -> str | None:
    """Why the period cannot close on ``on``: a project it would approve was qualified
    later, by the 资格审核日期 the clerk gave (approval before qualification cannot be)."""
    from boostdesk.rules.hand_moves import qualified_days

    ids = [r.project_id for r in publicity_rows(reg, year, period_id=p.id)
           if r.status == "publicized" and not _blocked(reg, r.project_id)]
    late = sorted((d, i) for i, d in qualified_days(reg, PROJECT, ids).items() if d > on)
    if not late:
        return None
    named = "、".join(f"{id_ref(PROJECT, i)}（{_cn(d)}）" for d, i in late[:10])
    more = f"等 {len(late)} 项" if len(late) > 10 else ""
    return (f"结束日期 {_cn(on)}即公示项目的核准日期，早于{named}{more}的资格审核日期："
            "核准须在资格审核通过之后，请核对结束日期（资格审核日期录错的，先更正资格审核日期）")


def approving_at_close(reg: Register, year: int) -> list[int]:
    """The projects closing the open period would approve (no objection open or upheld):
    what 结束公示 asks about first (their near-copy 提示)."""
    p = period(reg, year)
    if p is None or not p.is_open:
        return []
    return [r.project_id for r in publicity_rows(reg, year, period_id=p.id)
            if r.status == "publicized" and not _blocked(reg, r.project_id)]


def close_publicity(reg: Register, year: int, on: date | None = None, *,
                    cancelled: Callable[[], bool] | None = None) -> CloseResult:
    """End the open period: its unobjected proposals become approved awards dated ``on``.
    Not undoable: the register is backed up first (a refusal takes no backup; nothing
    stored when ``cancelled()`` says so after it)."""
    from boostdesk.safety.backup import backed_up_write

    on = on or date.today()
    p = period(reg, year)
    if p is None:
        raise PanelError(f"{year} 年度尚未开始公示")
    if not p.is_open:
        raise PanelError(f"{year} 年度第 {p.batch} 批公示已于 {_cn(p.closed)}结束")
    _not_future(on, "结束日期")
    if on <= p.end:
        raise PanelError(
            f"公示期至 {_cn(p.end)}止，{_cn(p.end + timedelta(days=1))}起方可结束公示"
        )
    unsettled = _unsettled_conflicts(reg, year, p)
    if unsettled:
        raise PanelError(
            "以下公示项目的专家评分存在利益冲突（采纳拟助推名单时计入了这些评分），不能直接核准："
            + "；".join(unsettled) + "。请在“公示”中把它登记为该项目的异议（内容写明利益冲突），"
            "再结束公示：该项目暂缓核准，异议处理为成立的不予助推（名额按排名递补），不成立的写明"
            "理由（如不计该评分后仍在该档）后核准"
        )
    stale, cause = _stale_in_period(reg, year, p)
    if stale:
        raise PanelError(
            f"{cause}，以下公示项目已不在公示的档次，"
            "不能直接核准：" + "；".join(stale) + "。请在“公示”中把排名变化登记为该项目的异议"
            "（内容写明排名为何变化：哪项评分不再计入或更正、名额如何调整），再结束公示：异议成立的不予"
            "助推，空出的名额由递补项目重新采纳后另批公示；经研究维持的按异议不成立处理并写明理由"
        )
    if early := _qualified_after(reg, year, p, on):
        raise PanelError(early)
    # one writer holds the register: the period is as checked
    with backed_up_write(reg, "publicity", cancelled), reg.transaction():
        approved, pending = [], []
        for row in publicity_rows(reg, year, period_id=p.id):
            if row.status != "publicized":
                continue
            if _blocked(reg, row.project_id):
                pending.append(row.title)
            else:
                _approve(reg, year, row.project_id, on, _outcome(reg, row.project_id))
                approved.append(row.title)
        _keep_ranked_levels(reg, year)
        reg.conn.execute("UPDATE publicity_periods SET closed_date = ? WHERE id = ?",
                         (on.isoformat(), p.id))
        reg.audit("close", "publicity_periods", p.id, {"closed_date": None},
                  {"closed_date": on.isoformat(), "approved": approved, "pending": pending,
                   "at": datetime.now().isoformat(timespec="seconds")})
    return CloseResult(approved, pending)
