"""收件日期 given to many papers at once: the day the office received them (方案三's 报送时限).

It is the office's own fact — the day the paper came through its door — so no union is asked
for it (``rules.findings.asked_of_union``); a table imported with its box left empty leaves
every paper waiting for it. The window's 填写收件日期 (several rows selected), ``boostdesk
review received`` and a re-import with ``--received`` all end here: each paper saved as the
form saves an edit of its 收件日期 alone (``Register.save_patent`` / ``save_project``,
audited), then the year re-checked. Undone (Ctrl+Z) by :func:`put_back`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from boostdesk.models.campaign import Campaign
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT, PatentApplication, ProjectApplication, id_ref
from boostdesk.models.register import Register, RegisterError

Application = PatentApplication | ProjectApplication
# What a change gave: each paper -> the 收件日期 it had (None: none)
Was = dict[int, date | None]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

STEP = 200  # papers saved between progress reports (and looks at 取消): ≈ 0.3 s


class FillCancelled(Exception):
    """取消 pressed while the 收件日期 were written: rolled back, nothing stored."""


def lacking(reg: Register, stream: str, app_ids: Iterable[int]) -> list[int]:
    """Those of ``app_ids`` with no 收件日期."""
    table = _table(stream)
    ids = list(dict.fromkeys(app_ids))
    if not ids:
        return []
    found = {int(r[0]) for r in reg.conn.execute(
        f"SELECT id FROM {table} WHERE received_date IS NULL"
        f" AND id IN ({','.join('?' * len(ids))})", ids)}
    return [i for i in ids if i in found]


@dataclass(frozen=True)
class Filled:
    """What one 填写收件日期 did: ``was`` each paper changed -> the 收件日期 it had (what
    :func:`put_back` restores), ``decided`` those left because past 资格审核, ``late`` those
    changed that are now 逾期报送 (for the reviewer to accept or not)."""

    was: Was = field(default_factory=dict)
    decided: tuple[int, ...] = ()
    late: tuple[int, ...] = ()


def decided(reg: Register, stream: str, app_ids: Iterable[int]) -> list[int]:
    """Those of ``app_ids`` past 资格审核 (qualified, approved, paid, refused…): judged on
    the 收件日期 they had, which a bulk fill must not change — a new day could make an
    approved paper late after its approval, its 审批表 asking again for a decision made."""
    ids = list(dict.fromkeys(app_ids))
    found = {int(r[0]) for r in select_in(
        reg.conn, f"SELECT id FROM {_table(stream)} WHERE status != 'registered' AND id IN",
        ids)} if ids else set()
    return [i for i in ids if i in found]


def earliest(c: Campaign, stream: str, own: date | None) -> tuple[date, str]:
    """The first day a paper can have been received, and what sets it: the year's plan
    (its 印发日期: no paper is sent before the call for it), the patent's 授权日期 or the
    project's 立项日期 ``own`` (a paper cannot be sent before the fact it reports)."""
    if own is not None and own > c.issued_date:
        return own, "授权日期" if stream == PATENT else "立项日期"
    return c.issued_date, f"{c.year} 年度实施方案的印发日期"


def refusal(reg: Register, stream: str, app_ids: Sequence[int], day: date,
            today: date | None = None) -> str | None:
    """Why ``day`` cannot be the 收件日期 of ``app_ids`` (one named), or None: a day to
    come, before its plan was issued or its patent granted / project set up, or after its
    资格审核日期 or 核准日期 (a paper is received before it is judged). Read in one query a
    thousand papers: the window asks it before its write, on 8,000 selected."""
    from boostdesk.models import clock
    from boostdesk.rules.hand_moves import qualified_days

    if day > (today or clock.today()):
        return (f"收件日期 {day.isoformat()} 还没到：收件日期是本办收到纸质申报的日期，"
                "不能晚于今天")
    own = "grant_date" if stream == PATENT else "approval_date"
    rows = sorted(select_in(
        reg.conn, f"SELECT a.id, c.year, a.{own}, a.approved_date FROM {_table(stream)} a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE a.id IN", list(app_ids)))
    plans: dict[int, Campaign] = {}
    for app_id, year, fact, _approved in rows:
        c = plans.get(year) or plans.setdefault(year, reg.campaign(year))
        first, what = earliest(c, stream, date.fromisoformat(fact[:10]) if fact else None)
        if day < first:
            whose = "" if what.endswith("印发日期") else f"{id_ref(stream, app_id)}的"
            return (f"收件日期 {day.isoformat()} 早于{whose}{what} {first.isoformat()}："
                    f"{id_ref(stream, app_id)}的收件日期最早为 {first.isoformat()}，请核对")
    judged = qualified_days(reg, stream, [r[0] for r in rows])
    for app_id, _year, _fact, approved in rows:
        for on, what in ((judged.get(app_id), "资格审核日期"),
                         (date.fromisoformat(approved[:10]) if approved else None, "核准日期")):
            if on is not None and day > on:
                return (f"收件日期 {day.isoformat()} 晚于{id_ref(stream, app_id)}的{what}"
                        f" {on.isoformat()}：申报须先收到才能审核，请核对")
    return None


def paper_refusal(reg: Register, c: Campaign, app: Application, day: date,
                  today: date | None = None) -> str | None:
    """:func:`refusal` for one paper as its form has it (its grant / 立项 date as typed,
    perhaps not saved yet): the paper form's check of a 收件日期 typed or changed."""
    from boostdesk.models import clock
    from boostdesk.rules.hand_moves import qualified_days

    if day > (today or clock.today()):
        return (f"收件日期 {day.isoformat()} 还没到：收件日期是本办收到纸质申报的日期，"
                "不能晚于今天")
    own = app.grant_date if isinstance(app, PatentApplication) else app.approval_date
    first, what = earliest(c, app.stream, own)
    if day < first:
        return (f"收件日期 {day.isoformat()} 早于{what} {first.isoformat()}："
                f"收件日期最早为 {first.isoformat()}，请核对")
    if app.id is not None:
        judged = qualified_days(reg, app.stream, [app.id]).get(app.id)
        for on, what in ((judged, "资格审核日期"), (app.approved_date, "核准日期")):
            if on is not None and day > on:
                return (f"收件日期 {day.isoformat()} 晚于本申报的{what} {on.isoformat()}："
                        "申报须先收到才能审核，请核对")
    return None


def table_day_refusal(c: Campaign, day: date, today: date | None = None) -> str | None:
    """Why ``day`` cannot be the 收件日期 an import gives a table's rows (its box,
    ``--received``), or None: a day to come, or before the year's plan was issued (the
    papers' own grant / 立项 dates are checked as each paper is judged)."""
    from boostdesk.models import clock

    if day > (today or clock.today()):
        return (f"收件日期 {day.isoformat()} 还没到：收件日期是本办收到纸质申报的日期，"
                "不能晚于今天")
    if day < c.issued_date:
        return (f"收件日期 {day.isoformat()} 早于{c.year} 年度实施方案的印发日期 "
                f"{c.issued_date.isoformat()}：收件日期最早为 {c.issued_date.isoformat()}，请核对")
    return None


def set_received(reg: Register, stream: str, app_ids: Sequence[int], day: date, *,
                 missing_only: bool = False, today: date | None = None,
                 progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> Filled:
    """``day`` as the 收件日期 of ``app_ids``, all or none; ``missing_only``: only those
    with none (the others left as they are). A paper past 资格审核 is left as judged
    (:func:`decided`); a day :func:`refusal` names is refused. One already dated ``day``
    is left. ``progress(done, total)`` every :data:`STEP` papers saved; ``cancelled()``
    true then raises :class:`FillCancelled`, nothing stored (8,000 papers take ≈ 11 s)."""
    ids = list(dict.fromkeys(app_ids))
    with reg.transaction():
        left = set(decided(reg, stream, ids))
        apps = [reg.application(stream, i) for i in ids if i not in left]
        apps = [a for a in apps if a.received_date != day
                and not (missing_only and a.received_date is not None)]
        if why := refusal(reg, stream, [_id(a) for a in apps], day, today):
            raise RegisterError(why)
        was = _put(reg, {_id(a): day for a in apps}, apps, progress, cancelled)
        deadlines = {y: reg.campaign(y).submission_deadline
                     for y in {a.campaign_year for a in apps}}
        late = tuple(_id(a) for a in apps if day > deadlines[a.campaign_year])
        return Filled(was, tuple(i for i in ids if i in left), late)


def said(reg: Register, stream: str, filled: Filled, day: date) -> str:
    """What a fill did beyond its count, the same words wherever it is done: how many are
    now 逾期报送 (the reviewer's to accept), how many decided papers were left."""
    parts = []
    if filled.late:
        year = reg.application(stream, filled.late[0]).campaign_year
        c = reg.campaign(year)
        parts.append(f"其中 {len(filled.late)} 项晚于报送截止日 {c.submission_deadline.isoformat()}"
                     f"（{c.clause('deadline')}），为逾期报送，是否受理待审核人决定")
    if filled.decided:
        parts.append(f"{len(filled.decided)} 项已审核/核准的申报未改动（已按原收件日期审核："
                     f"{refs_text(stream, filled.decided, 5)}）")
    return "；".join(parts)


def still_registered(reg: Register, stream: str, app_ids: Iterable[int]) -> list[int]:
    """Those of ``app_ids`` still 已登记 with no 收件日期: what a table sent again with a
    date fills (``boostdesk import --received``). A decided paper is left as it was judged:
    a date given now could make an approved award late (方案三) and hold its payment."""
    ids = lacking(reg, stream, app_ids)
    if not ids:
        return []
    found = {int(r[0]) for r in reg.conn.execute(
        f"SELECT id FROM {_table(stream)} WHERE status = 'registered'"
        f" AND id IN ({','.join('?' * len(ids))})", ids)}
    return [i for i in ids if i in found]


def undated(reg: Register, stream: str, year: int) -> list[int]:
    """The year's registered papers lacking only their 收件日期 (待办's 待填收件日期)."""
    from boostdesk.rules.findings import UNDATED_ONLY_SQL

    return [int(r[0]) for r in reg.conn.execute(
        f"SELECT a.id FROM {_table(stream)} a JOIN campaigns c ON c.id = a.campaign_id"
        f" WHERE c.year = ? AND a.status = 'registered' AND {UNDATED_ONLY_SQL} ORDER BY a.id",
        (year,))]


def fill_registered(reg: Register, stream: str, app_ids: Iterable[int], day: date) -> Filled:
    """``day`` as the 收件日期 of those of ``app_ids`` :func:`still_registered`; the decided
    ones among them named as left, as the window's and ``review received`` say them."""
    ids = list(app_ids)
    todo = still_registered(reg, stream, ids)
    filled = set_received(reg, stream, todo, day, missing_only=True) if todo else Filled()
    return replace(filled, decided=tuple(decided(reg, stream, lacking(reg, stream, ids))))


def fill_days(reg: Register, stream: str, days: Mapping[int, date]) -> Filled:
    """Each paper of ``days`` given its own 收件日期 where it is still 已登记 without one:
    a table sent again that adds the 收件日期 its first copy left blank (the rows' own
    days, as :func:`fill_registered` gives one day to all), all or none."""
    by_day: dict[date, list[int]] = {}
    for app_id in still_registered(reg, stream, days):
        by_day.setdefault(days[app_id], []).append(app_id)
    was: Was = {}
    late: list[int] = []
    with reg.transaction():
        for day, ids in sorted(by_day.items()):
            filled = set_received(reg, stream, ids, day, missing_only=True)
            was.update(filled.was)
            late += filled.late
    return Filled(was, tuple(decided(reg, stream, lacking(reg, stream, days))), tuple(late))


def refs_text(stream: str, ids: Iterable[int], most: int = 10) -> str:
    """专利1、专利2 等 12 份."""
    ids = list(ids)
    shown = "、".join(id_ref(stream, i) for i in ids[:most])
    return shown + (f" 等 {len(ids)} 份" if len(ids) > most else "")


def put_back(reg: Register, stream: str, was: Was, put: date,
             progress: Progress | None = None, cancelled: Cancelled | None = None) -> None:
    """Undo :func:`set_received` (``was`` what it returned, ``put`` the day it put), all or
    none; refused, naming the paper, when one's 收件日期 is no longer ``put`` (changed since):
    undoing would overwrite that later change. ``progress`` and ``cancelled`` as there."""
    with reg.transaction():
        apps = [reg.application(stream, i) for i in was]
        for a in apps:
            if a.received_date != put:
                now = a.received_date.isoformat() if a.received_date else "未填"
                raise RegisterError(f"不能撤销：{id_ref(stream, _id(a))}的收件日期已改为 {now}"
                                    f"（不是这次填写的 {put.isoformat()}），撤销会覆盖这次之后的修改")
        _put(reg, was, apps, progress, cancelled)


def _put(reg: Register, days: Mapping[int, date | None], apps: list[Application],
         progress: Progress | None = None, cancelled: Cancelled | None = None) -> Was:
    """Each of ``apps`` saved with its day in ``days``, then re-checked; inside the
    caller's transaction, which a cancel rolls back."""
    from boostdesk.rules import recheck

    def step(done: int) -> None:
        if progress is not None:
            progress(done, len(apps))
        if cancelled is not None and cancelled():
            raise FillCancelled("已取消填写收件日期，未改动")

    changed: Was = {}
    for n, a in enumerate(apps):
        if n % STEP == 0:
            step(n)
        if _id(a) not in days:
            continue
        changed[_id(a)] = a.received_date
        saved = replace(a, received_date=days[_id(a)])
        if isinstance(saved, PatentApplication):
            reg.save_patent(saved)
        else:
            reg.save_project(saved, studio_facts=())
    if changed:
        recheck(reg)
    step(len(apps))  # the re-check's seconds: a cancel meanwhile still stores nothing
    return changed


def _id(app: Application) -> int:
    assert app.id is not None  # (read from the register)
    return app.id


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"
