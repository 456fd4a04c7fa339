"""The register writes the intake desk makes, each through :meth:`AppContext.write`.

Each function describes one change as do / undo / redo. Undo of an edit puts
back only the fields the edit changed (a status move made since is kept);
undo of an entry deletes it while it is still only registered; a record
deleted and re-created by undo/redo is found again through ``ctx.ids``. A project
entry or edit also changes its studio (its facts, or a studio it created): undo puts
the studio back as it was, and removes one that only the entry created; likewise the
recommending union and the enterprise an entry or edit created (a misspelt one undone
leaves none behind for the completer and the 推荐单位 filter).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from boostdesk.models import RegisterError
from boostdesk.models.campaign import Campaign
from boostdesk.models.records import (
    PATENT,
    STREAM_ZH,
    PatentApplication,
    ProjectApplication,
    id_ref,
)
from boostdesk.models.workflow import STATUS_ZH

from .context import AppContext, OpResult

if TYPE_CHECKING:
    from boostdesk.plan_change_effects import PlanEffect

Application = PatentApplication | ProjectApplication

# What a form edits; status, awards and ids move only through the workflow.
NOT_EDITED = {"id", "campaign_year", "status", "status_reason", "award_fen", "approved_date",
              "accepted_date", "person_id", "studio_id", "patent_number", "seq"}
DELETABLE = ("registered", "refused")


def _refresh(ctx: AppContext, year: int) -> None:
    """Re-check what the write can have changed (a changed campaign: all of it)."""
    from boostdesk.rules import recheck

    recheck(ctx.reg)


def _save(ctx: AppContext, app: Application, studio_facts: Collection[str] | None = None,
          restore_id: int | None = None, reason: str = "") -> int:
    reg = ctx.reg
    if app.stream == PATENT:
        return reg.save_patent(app, restore_id=restore_id,  # type: ignore[arg-type]
                               reason=reason)
    return reg.save_project(app, studio_facts=studio_facts,  # type: ignore[arg-type]
                            restore_id=restore_id, reason=reason)


StudioStates = dict[str, Any]


def _studios_before(ctx: AppContext, *apps: Application) -> StudioStates:
    """The studios these project records name, as they stand now (None: not registered)."""
    return {app.studio_name: ctx.reg.studio_state(app.studio_name)
            for app in apps if isinstance(app, ProjectApplication) and app.studio_name.strip()}


def _put_studios_back(ctx: AppContext, states: StudioStates) -> None:
    for name, state in states.items():
        ctx.reg.put_studio_back(name, state)


def _people_before(ctx: AppContext, *apps: Application) -> StudioStates:
    """The people these patent records' ID numbers name, as they stand now (None: not
    registered): a paper typed with another's ID number renames them, and undo must not
    leave them renamed."""
    return {app.id_number: ctx.reg.person_state(app.id_number)
            for app in apps if isinstance(app, PatentApplication) and app.id_number.strip()}


def _put_people_back(ctx: AppContext, states: StudioStates) -> None:
    for id_number, state in states.items():
        ctx.reg.put_person_back(id_number, state)


def _names_new(ctx: AppContext, app: Application) -> list[tuple[str, str]]:
    """The union and enterprise saving ``app`` would create (not registered yet)."""
    return ctx.reg.new_names(("units", app.unit_name), ("enterprises", app.enterprise_name))


def edited_fields(before: Application, after: Application) -> list[str]:
    return [f.name for f in fields(before)
            if f.name not in NOT_EDITED and getattr(before, f.name) != getattr(after, f.name)]


def save_application(ctx: AppContext, app: Application, *,
                     studio_facts: Collection[str] | None = None,
                     loaded: Application | None = None, reason: str = "") -> OpResult:
    """Enter a new application (id None) or save the edits to one; re-check the campaign.
    ``studio_facts``: the only facts of a project's studio the paper may change (the
    clerk's answer when the paper gave others; empty: keep the register's), the others
    only filling what the register lacks. ``loaded``: the application as the form was
    opened on: only what the clerk changed from it is saved, onto the register as it is
    now, so a change stored meanwhile elsewhere (another BoostDesk where the folder has
    no file locks) is not written back over with the form's old values; a field changed
    both here and there is refused."""
    stream, year = app.stream, app.campaign_year
    kind = "专利申报" if stream == PATENT else "项目申报"
    if app.id is None:
        first: list[int] = []
        studios = _studios_before(ctx, app)
        people = _people_before(ctx, app)
        names = _names_new(ctx, app)

        def create() -> int:
            # redone: under the 登记号 it had, its trail going on
            again = ctx.ids.current(stream, first[0]) if first else None
            with ctx.reg.transaction():
                new_id = _save(ctx, replace(app, id=None), studio_facts, again)
                _refresh(ctx, year)
            if first:
                ctx.ids.moved(stream, ctx.ids.current(stream, first[0]), new_id)
            else:
                first.append(new_id)
            return new_id

        def uncreate() -> None:
            current = ctx.ids.current(stream, first[0])
            saved = ctx.reg.application(stream, current)
            if saved.status != "registered":
                raise RegisterError(
                    f"该申报已改为“{STATUS_ZH.get(saved.status, saved.status)}”，不能撤销录入"
                )
            with ctx.reg.transaction():
                ctx.reg.delete_application(stream, current)
                _put_studios_back(ctx, studios)
                _put_people_back(ctx, people)
                ctx.reg.drop_unused_names(names)
                _refresh(ctx, year)

        return ctx.write(f"录入{kind}“{app.named}”", create, changed=stream,
                         undo=uncreate, redo=create)

    original = app.id
    before = ctx.reg.application(stream, original)
    if loaded is not None:
        changed = edited_fields(loaded, app)
        clash = [n for n in changed if getattr(before, n) not in (getattr(loaded, n),
                                                                  getattr(app, n))]
        if clash:
            return ctx.write(f"修改{kind}", lambda: _changed_meanwhile(clash),
                             changed=stream)
        app = replace(before, **{n: getattr(app, n) for n in changed})
    else:
        changed = edited_fields(before, app)
    if not changed:
        return OpResult(True, original)
    studios = _studios_before(ctx, before, app)
    people = _people_before(ctx, before, app)
    names = _names_new(ctx, app)

    def put(source: Application, back: StudioStates | None = None,
            back_people: StudioStates | None = None) -> int:
        current_id = ctx.ids.current(stream, original)
        with ctx.reg.transaction():
            now = ctx.reg.application(stream, current_id)
            target = replace(now, **{name: getattr(source, name) for name in changed})
            _save(ctx, target, studio_facts if back is None else None,
                  reason=f"撤销：{reason}" if back is not None and reason else reason)
            if back is not None:
                _put_studios_back(ctx, back)
            if back_people is not None:
                _put_people_back(ctx, back_people)
                ctx.reg.drop_unused_names(names)  # undone: what the edit created goes
            _refresh(ctx, year)
        return current_id

    def do() -> int:
        with ctx.reg.transaction():
            _save(ctx, app, studio_facts, reason=reason)  # (a card, a signed sheet's fact)
            _refresh(ctx, year)
        return original

    return ctx.write(f"修改{kind}“{app.ref or before.ref}”", do, changed=stream,
                     undo=lambda: put(before, studios, people), redo=lambda: put(app))


def _changed_meanwhile(names: list[str]) -> None:
    from boostdesk.labels import FIELD_ZH

    raise RegisterError(
        f"这条申报的{'、'.join(FIELD_ZH.get(n, n) for n in names)}在打开这张表之后已被另一处"
        "修改：为免覆盖对方的修改，未保存。请关闭这张表，重新打开这条申报（显示对方改后的"
        "内容）后再改")


def delete_application(ctx: AppContext, stream: str, app_id: int) -> OpResult:
    """Delete an entry made by mistake (only while registered or refused); undoable."""
    app = ctx.reg.application(stream, app_id)
    original = app_id
    year = app.campaign_year
    history: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []

    def remove() -> None:
        history[:] = ctx.reg.status_history(stream, ctx.ids.current(stream, original))
        now = ctx.reg.application(stream, ctx.ids.current(stream, original))
        if now.status not in DELETABLE:
            raise RegisterError(
                f"该申报状态为“{STATUS_ZH.get(now.status, now.status)}”，不能删除：只有"
                f"“{STATUS_ZH['registered']}”或“{STATUS_ZH['refused']}”的申报可以删除"
            )
        with ctx.reg.transaction():
            conflicts[:] = ctx.reg.delete_application(stream, ctx.ids.current(stream, original))
            _refresh(ctx, year)

    def restore() -> None:
        old_id = ctx.ids.current(stream, original)
        with ctx.reg.transaction():  # under its 登记号: its 修改记录 goes on
            new_id = _save(ctx, replace(app, id=None), restore_id=old_id)
            ctx.reg.put_history_back(stream, new_id, history)
            ctx.reg.put_conflicts_back(new_id, conflicts)
            _refresh(ctx, year)
        ctx.ids.moved(stream, old_id, new_id)

    return ctx.write(f"删除{STREAM_ZH[stream]}申报“{app.ref or app_id}”", remove, changed=stream,
                     undo=restore, redo=remove, title="未能删除")


def move_to_year(ctx: AppContext, stream: str, app_id: int, year: int) -> OpResult:
    """Move an application typed under the wrong year into ``year`` (undoable); the same
    patent already there is refused as at entry."""
    from dataclasses import replace as _replace

    from .entry_checks import duplicate_patent

    original = app_id
    app = ctx.reg.application(stream, app_id)
    back = app.campaign_year

    def put(target: int) -> None:
        current = ctx.ids.current(stream, original)
        with ctx.reg.transaction():
            now = ctx.reg.application(stream, current)
            if isinstance(now, PatentApplication):
                reason = duplicate_patent(ctx.reg, _replace(now, campaign_year=target))
                if reason:
                    raise RegisterError(reason.replace("本表未保存", f"未移到 {target} 年度"))
            ctx.reg.move_to_year(stream, current, target)
            _refresh(ctx, target)

    return ctx.write(f"将{STREAM_ZH[stream]}申报“{app.ref or app_id}”移到 {year} 年度",
                     lambda: put(year), changed=stream, undo=lambda: put(back),
                     redo=lambda: put(year), title="未能移到其他年度")


def correct_qualified_dates(ctx: AppContext, stream: str, app_ids: list[int],
                            day: date | None, reason: str,
                            parent: Any = None) -> OpResult:
    """改变状态's 更正资格审核日期 (``rules.qualified_day``; ``day`` None: back to 未填),
    undoable: undo puts back each day as it was, refused in words when the rules would
    refuse that day now (``qualified_day.put_back``); redo corrects again, checked again."""
    from boostdesk.rules.qualified_day import Was, put_back, redate

    was: Was = {}

    def do() -> int:
        ids = [ctx.ids.current(stream, i) for i in app_ids]
        was.clear()
        was.update(redate(ctx.reg, stream, ids, day, reason))
        return len(was)

    whose = (f" {len(app_ids)} 项申报" if len(app_ids) > 1 else id_ref(stream, app_ids[0]))
    label = (f"更正{whose}的资格审核日期" if day else f"将{whose}的资格审核日期改回未填")
    return ctx.write(label, do, changed=stream, undo=lambda: put_back(ctx.reg, stream, was, day),
                     parent=parent, title="未能更正资格审核日期")


def set_received_dates(ctx: AppContext, stream: str, app_ids: list[int], day: date, *,
                       missing_only: bool = False, parent: Any = None,
                       on_done: Callable[[OpResult], None] | None = None) -> OpResult | None:
    """填写收件日期 on the papers selected (``boostdesk.received_days``), undoable: undo
    puts back each paper's date as it was, refused in words when one was changed since.
    Its value the :class:`~boostdesk.received_days.Filled`; its undo names the papers
    changed, not those selected.

    ``MANY_DATES`` papers or more (Ctrl+A over a year: 8,000 froze the window ≈ 13 s) are
    written in the background (``ctx.write_long``: a progress dialog whose 取消 stores
    nothing, its undo and redo there too) and this returns None at once; fewer at once,
    no dialog flashing. Either way ``on_done(result)`` once written, refused or
    cancelled. ``parent``: the progress dialog's (the 填写收件日期 dialog)."""
    from boostdesk.received_days import Filled, Was, put_back, set_received

    was: Was = {}

    def do(reg: Any, progress: Any = None, cancelled: Any = None) -> Filled:
        ids = [ctx.ids.current(stream, i) for i in app_ids]
        filled = set_received(reg, stream, ids, day, missing_only=missing_only,
                              progress=progress, cancelled=cancelled)
        was.clear()
        was.update(filled.was)
        return filled

    def undo(reg: Any, progress: Any = None, cancelled: Any = None) -> None:
        put_back(reg, stream, was, day, progress, cancelled)

    def label(filled: Filled) -> str:
        whose = (id_ref(stream, next(iter(filled.was))) if len(filled.was) == 1
                 else f" {len(filled.was)} 项申报")
        return f"填写{whose}的收件日期 {day.isoformat()}"

    title = "未能填写收件日期"
    if ctx.reg.path is not None and not ctx.read_only and len(app_ids) >= MANY_DATES:
        ctx.write_long(f"填写 {len(app_ids)} 项申报的收件日期 {day.isoformat()}", do,
                       changed=stream, undo=undo, parent=parent, title=title,
                       on_done=on_done, label_of=label)
        return None
    result = ctx.write(f"填写收件日期 {day.isoformat()}", lambda: do(ctx.reg), changed=stream,
                       undo=lambda: undo(ctx.reg), parent=parent, title=title, label_of=label)
    if on_done is not None:
        on_done(result)
    return result


MANY_DATES = 500  # papers given a 收件日期 at once: ≈ 0.7 s of saves and re-checks


def move_status(ctx: AppContext, stream: str, app_id: int, target: str, reason: str = "",
                **extra: Any) -> OpResult:
    """A workflow move (checked by the register, kept in the status history; not undoable:
    the way back is the workflow's own, e.g. 不通过 → 重新登记). A late paper passed
    资格审核 needs ``reason``: stored as 同意受理逾期报送：… (``rules.late_papers``)."""
    from boostdesk import knock_on
    from boostdesk.rules.hand_moves import hand_move

    year = ctx.reg.application(stream, app_id).campaign_year
    label = f"改为“{STATUS_ZH.get(target, target)}”"

    def do() -> list[str]:
        with ctx.reg.transaction():
            others = knock_on.around(ctx.reg, stream, app_id)
            hand_move(ctx.reg, stream, app_id, target, reason, **extra)
            _refresh(ctx, year)
            # a person's other papers re-ranked (重新登记, 不通过): said with the move
            return knock_on.said(stream, knock_on.changed(ctx.reg, others))

    return ctx.write(label, do, changed=stream, title="不能改变状态",
                     label_of=lambda said: "；".join([label, *said]))


def move_statuses(ctx: AppContext, stream: str, app_ids: list[int], target: str,
                  reason: str = "", *, late_reason: str = "",
                  on_done: Callable[[OpResult], None] | None = None,
                  parent: Any = None, **extra: Any) -> OpResult | None:
    """The same workflow move for many applications (a review day's 资格审核通过 for the
    rows selected): all in one transaction or none, the register backed up first (the
    moves are not undoable); a move the workflow refuses names its application.

    ``MANY_MOVES`` or more (Ctrl+A over a year: tens of thousands, a minute of re-checks,
    backup and moves), or any number on a register whose backup alone takes seconds
    (``ctx.backs_up_slowly``: 50 rows of 100,000 papers froze the window 6 s, 5.9 s of it
    the backup), run in the background (``ctx.write_long``: a progress dialog, 取消 before
    the moves stores nothing and takes back the backup) and this returns None at once;
    ``on_done(result)`` once moved or not. Otherwise the result is returned (and
    ``on_done`` called with it). ``parent``: the progress dialog's (the 改变状态 dialog it
    was asked from)."""
    reg = ctx.reg
    year = reg.application(stream, app_ids[0]).campaign_year
    label = f"将 {len(app_ids)} 项申报改为“{STATUS_ZH.get(target, target)}”"

    def move_all(worker: Any, progress: Any = None, cancelled: Any = None) -> None:
        from boostdesk.models.workflow import IllegalTransition
        from boostdesk.rules.hand_moves import check_hand_move, day_of
        from boostdesk.safety.backup import backed_up_write

        with worker.transaction():
            said = check_hand_move(worker, stream, app_ids, target, reason, day_of(extra),
                                   late_reason=late_reason)
        if cancelled is not None and cancelled():
            raise MovesCancelled(f"已取消{label}，未改动")
        with backed_up_write(worker, "status", cancelled), worker.transaction():

            def step(done: int) -> None:
                if progress is not None:
                    progress(done, len(app_ids))
                if cancelled is not None and cancelled():  # the transaction rolls back
                    raise MovesCancelled(f"已取消{label}，未改动")

            for n, app_id in enumerate(app_ids):
                if n % MOVES_STEP == 0:
                    step(n)
                try:
                    worker.set_status(stream, app_id, target, said[app_id], **extra)
                except IllegalTransition as exc:
                    raise RegisterError(f"{id_ref(stream, app_id)}：{exc.message}；全部未改") from exc
            step(len(app_ids))
            if worker is reg:
                _refresh(ctx, year)
            else:  # a worker's own connection: its writes re-checked on it
                from boostdesk.rules import recheck

                recheck(worker)

    if reg.path is not None and not ctx.read_only and (len(app_ids) >= MANY_MOVES
                                                       or ctx.backs_up_slowly):
        ctx.write_long(label, move_all, changed=stream, title="不能改变状态", on_done=on_done,
                       parent=parent)
        return None
    result = ctx.write(label, lambda: move_all(reg), changed=stream, title="不能改变状态")
    if on_done is not None:
        on_done(result)
    return result


class MovesCancelled(Exception):
    """取消 pressed during a batch move: nothing stored."""


MANY_MOVES = 1_000  # applications moved at once: ≈ 1 s of re-checks and moves on the UI thread
MOVES_STEP = 200  # moves between progress reports (and looks at 取消)


def save_campaign(ctx: AppContext, campaign: Campaign, label: str = "",
                  on_done: Callable[[OpResult], None] | None = None,
                  agreed: PlanEffect | None = None) -> OpResult | None:
    """Save a campaign's parameters (undoable), then re-check its applications, in one
    transaction. ``on_done(result)`` once saved or not. A campaign of
    ``BACKGROUND_FROM`` applications or more is re-checked for seconds: it is saved in
    the background (``ctx.write_long``: a progress dialog, 取消 stores nothing) and this
    returns None at once; otherwise it returns the result.

    A change that turns approved or paid papers 不合格 or holds their money is rolled back
    unless ``agreed`` is that very effect: the result's ``question`` is then the
    ``PlanChangeAsks`` saying it (nothing stored), for the caller to ask and save again.
    Its undo and redo store whatever they do: the change was agreed to."""
    from boostdesk.plan_change_effects import ANY, save_plan

    reg = ctx.reg
    before = reg.campaign(campaign.year) if campaign.year in reg.campaign_years() else None
    label = label or f"保存 {campaign.year} 年度助推计划"
    if reg.path is not None and not ctx.read_only and _size(ctx, campaign.year) >= BACKGROUND_FROM:
        def put_in(value: Campaign, answer: Any) -> Callable[..., Any]:
            def work(worker: Any, progress: Any, cancelled: Any) -> Any:
                from boostdesk.rules import refresh

                def recheck() -> None:
                    refresh(worker, value.year, progress=progress, cancelled=cancelled,
                            only_campaign_uncommitted=True)
                    worker.take_changes()  # refreshed whole just now

                return save_plan(worker, value, recheck, answer)[2]
            return work

        ctx.write_long(label, put_in(campaign, agreed),
                       undo=put_in(before, ANY) if before is not None else None,
                       redo=put_in(campaign, ANY), changed="campaign",
                       title="未能保存计划", on_done=on_done)
        return None

    def put(value: Campaign, answer: Any) -> Any:
        return save_plan(reg, value, lambda: _refresh(ctx, value.year), answer)[2]

    undo = (lambda: put(before, ANY)) if before is not None else None
    result = ctx.write(label, lambda: put(campaign, agreed), changed="campaign", undo=undo,
                       redo=lambda: put(campaign, ANY), title="未能保存计划")
    if on_done is not None:
        on_done(result)
    return result


def new_year(ctx: AppContext, year: int, source_year: int) -> OpResult:
    """设置's 新建下一年度: the year made from ``source_year`` as ``campaign new`` makes it
    (``campaign_settings.new_year``). Not undoable (a year is never deleted): a barrier,
    so Ctrl+Z after it does not undo an older change in its place."""
    from boostdesk.campaign_settings import new_year as make

    return ctx.write(f"新建 {year} 年度助推计划", lambda: make(ctx.reg, year, source_year),
                     changed="campaign", title="未能新建年度")


BACKGROUND_FROM = 5_000  # applications in the campaign: ≈ 0.2 s of re-checking on the UI thread


def _size(ctx: AppContext, year: int) -> int:
    return int(ctx.reg.scalar(
        "SELECT (SELECT COUNT(*) FROM patent_applications WHERE campaign_id = c.id)"
        " + (SELECT COUNT(*) FROM project_applications WHERE campaign_id = c.id)"
        " FROM campaigns c WHERE c.year = ?", (year,)) or 0)
