"""One paper reviewed by hand: its materials (材料) ticked, its 资格审核 / 核准 decided.

What the window does on the paper form (收到的材料) and in 改变状态 (Ctrl+M) or 专家评审 →
资格审核, in plain Python, for ``boostdesk review`` and the window alike: the same saves,
the same refusals, the same status history and trail lines. The rules themselves stay
where they are (``rules.hand_moves``, ``panel.qualification``, ``Register.save_*``);
this module only says which of them a decision goes through."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import (
    PATENT,
    PatentApplication,
    ProjectApplication,
    id_ref,
    ticked,
)
from boostdesk.models.register import Register, RegisterError
from boostdesk.models.workflow import (
    FLOW_STEPS,
    NEEDS_REASON,
    REVOKED,
    STATUS_ZH,
    WITHDRAWAL_ONLY,
    YEAR_CLOSE_REASONS,
    allowed,
    by_hand,
)
from boostdesk.said_where import way

Application = PatentApplication | ProjectApplication


class ReviewRefused(RegisterError):
    """A review step refused, in words naming what is wrong; nothing was changed."""


# -- materials --------------------------------------------------------------------------
def checklist(campaign: Campaign, stream: str, received: Collection[str]) -> dict[str, bool]:
    """The paper's materials as the form stores them: every item of the year's checklist
    (``Campaign.materials``), ticked when in ``received``. The form's boxes and the
    command's ticks both end here, so a paper saved either way holds the same checklist."""
    return {key: key in received for key in campaign.materials(stream)}


def material_key(campaign: Campaign, stream: str, word: str) -> str:
    """The checklist item ``word`` names — its label (申报表), its key (form) or its
    number in the list (1 起) — or ReviewRefused naming the year's items."""
    items = list(campaign.materials(stream).items())
    typed = word.strip()
    for n, (key, label) in enumerate(items, start=1):
        if typed in (key, label, str(n)):
            return key
    listed = "、".join(f"{n}. {label}" for n, (_k, label) in enumerate(items, start=1))
    raise ReviewRefused(f"{campaign.year} 年度的材料清单中没有“{typed}”：可写 {listed}"
                        "（名称或序号）")


@dataclass(frozen=True)
class MaterialsTicked:
    before: frozenset[str]
    after: frozenset[str]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def tick_materials(reg: Register, stream: str, app_id: int, tick: Iterable[str] = (),
                   untick: Iterable[str] = ()) -> MaterialsTicked:
    """Tick ``tick`` and untick ``untick`` (checklist keys) on the paper, saved as the
    paper form saves an edit of its materials alone (``Register.save_patent`` /
    ``save_project``, a project's studio facts kept as registered), then re-checked. A
    key ticked and unticked at once is refused; nothing to change writes nothing."""
    from boostdesk.rules import recheck

    tick, untick = set(tick), set(untick)
    if both := tick & untick:
        app = reg.application(stream, app_id)
        labels = reg.campaign(app.campaign_year).materials(stream)
        raise ReviewRefused("同一材料不能既勾选又取消：" + "、".join(labels[k] for k in sorted(both)))
    with reg.transaction():
        app = reg.application(stream, app_id)
        campaign = reg.campaign(app.campaign_year)
        before = ticked(app.materials) & set(campaign.materials(stream))
        after = frozenset((before | tick) - untick)
        if after == before:
            return MaterialsTicked(frozenset(before), after)
        saved = replace(app, materials=checklist(campaign, stream, after))
        if isinstance(saved, PatentApplication):
            reg.save_patent(saved)
        else:
            reg.save_project(saved, studio_facts=())
        recheck(reg)
    return MaterialsTicked(frozenset(before), after)


# -- decisions --------------------------------------------------------------------------
PASS, REFUSE, APPROVE, REOPEN = "qualified", "refused", "approved", "registered"
DECISION_ZH = {PASS: "资格审核通过", REFUSE: "资格审核不通过", APPROVE: "核准",
               REOPEN: "重新登记（撤销资格审核不通过）"}


def closed_note(app: Application) -> str:
    """Said after a refused decision on a paper its year's close (结年) decided."""
    if app.status_reason in YEAR_CLOSE_REASONS:
        return (f"。该申报已随 {app.campaign_year} 年度结年（{app.status_reason}），"
                "如确需改变，先撤销结年")
    return ""


def year_closed_note(reg: Register, app: Application, target: str) -> str:
    """What a move of a paper its year's close (结年) decided, or a 重新登记 in a closed
    year, must say before it is made ("" when neither): the close stands for the rest of
    the year, this paper alone is reopened — asked as 撤销结年 asks (--yes, a question)."""
    from boostdesk.panel.past_close import closed_since_reopen

    if target == app.status:
        return ""
    by_close = app.status_reason in YEAR_CLOSE_REASONS
    if not by_close and target != REOPEN:
        return ""
    closed = closed_since_reopen(reg, app.campaign_year)
    if not by_close and not closed:
        return ""
    when = f"（{closed}）" if closed else ""
    head = (f"{app.campaign_year} 年度已结年{when}，该申报为结年结果（{app.status_reason}）"
            if by_close else f"{app.campaign_year} 年度已结年{when}")
    return (f"{head}：改为“{STATUS_ZH.get(target, target)}”只重新办理这一项，结年仍有效"
            f"（整年撤销结年：{way('“编辑”→ 撤销结年…', f'boostdesk panel close-year --year {app.campaign_year} --reopen --reason 理由 --yes')}）")


def years_closed_note(reg: Register, stream: str, app_ids: Sequence[int],
                      target: str) -> tuple[list[int], str]:
    """Several papers moved to ``target`` at once (改变状态 on a selection): those whose
    move reopens a closed year's result (:func:`year_closed_note`), and what the one
    question asked of them all says ("" when none; one paper: its own note). One reason
    is given for them all, each recorded with it; the closes stand."""
    notes = {i: note for i in app_ids
             if (note := year_closed_note(reg, reg.application(stream, i), target))}
    if len(app_ids) == 1 or not notes:
        return list(notes), next(iter(notes.values()), "")
    by_year: dict[int, list[int]] = {}
    by_close: set[int] = set()
    for i in notes:
        app = reg.application(stream, i)
        by_year.setdefault(app.campaign_year, []).append(i)
        if app.status_reason in YEAR_CLOSE_REASONS:
            by_close.add(i)
    from boostdesk.panel.past_close import closed_since_reopen

    years = []
    for year, ids in sorted(by_year.items()):
        day = closed_since_reopen(reg, year)
        refs = "、".join(id_ref(stream, i) for i in ids[:5]) + ("等" if len(ids) > 5 else "")
        results = sum(1 for i in ids if i in by_close)
        of_close = (f"，其中 {results} 项为结年结果" if 0 < results < len(ids) else
                    "，均为结年结果" if results else "")
        years.append(f"{year} 年度已结年{f'（{day}）' if day else ''}：{refs}"
                     f"（{len(ids)} 项{of_close}）")
    some = "所选" if len(notes) == len(app_ids) else f"所选 {len(app_ids)} 项中"
    reopen = (f"整年撤销结年：{way('“编辑”→ 撤销结年…', 'boostdesk panel close-year --year 年度 --reopen --reason 理由 --yes')}")
    return list(notes), (
        f"{some} {len(notes)} 项属已结年的年度——{'；'.join(years)}。改为“{STATUS_ZH.get(target, target)}”"
        f"只重新办理这 {len(notes)} 项，每项的状态历史和修改记录记下同一理由，全部改动或全部不改；"
        f"结年仍有效（{reopen}）")


def hand_refusal(app: Application, target: str) -> str | None:
    """Why 改变状态 would not offer ``target`` for ``app`` (its list is ``by_hand``), or
    None: a step the workflow does not allow from here, or one taken on its own screen
    (where it is said), or by a union's letter (撤回申报)."""
    stream, status = app.stream, app.status
    if target in by_hand(stream, status):
        return None
    name, now = STATUS_ZH.get(target, target), STATUS_ZH.get(status, status)
    if (status, target) in FLOW_STEPS[stream]:
        return f"现为“{now}”，改为“{name}”不在此办理，请到{FLOW_STEPS[stream][(status, target)]}"
    if target in allowed(stream, status) and (status, target) in WITHDRAWAL_ONLY[stream]:
        return (f"现为“{now}”：改为“{name}”只用于推荐单位来函撤回（撤回申报"
                + way("", "：boostdesk withdraw REF --date D --reason 理由") + "）")
    if target == status:
        return f"现已是“{now}”，无需再改{closed_note(app)}"
    return f"不能从“{now}”改为“{name}”：{next_steps(stream, status)}{closed_note(app)}"


def next_steps(stream: str, status: str) -> str:
    """The next steps this command or 改变状态 takes from ``status``, and where the
    workflow's others are taken (a step listed is one it can do, or its place is said)."""
    here = "、".join(STATUS_ZH[t] for t in by_hand(stream, status))
    said = f"此处可办的下一步为 {here}" if here else "此处没有可办的下一步"
    others = list(dict.fromkeys(f"改为“{STATUS_ZH[t]}”到{FLOW_STEPS[stream][(status, t)]}"
                                for t in allowed(stream, status)
                                if (status, t) in FLOW_STEPS[stream]))
    if any(t == REVOKED for t in allowed(stream, status)):
        others.append("撤销助推：" + way("“改变状态”（Ctrl+M）→ 撤销助推",
                                      "boostdesk pay revoke REF --date D --reason 理由"))
    if any((status, t) in WITHDRAWAL_ONLY[stream] for t in allowed(stream, status)):
        others.append("推荐单位来函撤回：" + way("撤回申报", "boostdesk withdraw REF --date D --reason 理由"))
    return said + (f"；其余在别处办理：{'；'.join(others)}" if others else "")


def move_fields(campaign: Campaign, target: str, day: date | None) -> dict[str, Any]:
    """What a by-hand move stores beside the status, as 改变状态 gives it: a patent's 核准
    its year's award (方案一（三）: 每项 … 定额) and 核准日期; 资格审核 its day."""
    from boostdesk.rules.hand_moves import DAY_FIELD

    extra: dict[str, Any] = {}
    if target == APPROVE:
        extra["award_fen"] = campaign.patent_award_fen
    if target in DAY_FIELD and day is not None:
        extra[DAY_FIELD[target]] = day
    return extra


def decide(reg: Register, stream: str, app_id: int, target: str, reason: str = "",
           day: date | None = None, *, late_how: str = "",
           confirmed: bool = False) -> Application:
    """One paper's decision, as the window records it: a project's 资格审核 (通过 / 不通过)
    by ``panel.qualification.decide`` (专家评审 → 资格审核), every other by-hand move by
    ``rules.hand_moves.hand_move`` (改变状态) with :func:`move_fields`. ``day``: the
    decision's day (资格审核日期 / 核准日期; None: today, as the window fills it in).
    ``confirmed``: a move out of a closed year's result was asked and confirmed
    (:func:`year_closed_note`). Returns the paper as it now stands, its verdict and its
    neighbours' re-checked: a refused or reopened patent re-ranks its person's papers of
    the year, and the verdict said after the move is to be the one the lists show."""
    from boostdesk.rules import recheck

    _decide(reg, stream, app_id, target, reason, day, late_how=late_how, confirmed=confirmed)
    recheck(reg)
    return reg.application(stream, app_id)


def _decide(reg: Register, stream: str, app_id: int, target: str, reason: str,
            day: date | None, *, late_how: str, confirmed: bool) -> None:
    from boostdesk.models import clock
    from boostdesk.near_copy_notes import near_notes
    from boostdesk.panel import qualification
    from boostdesk.rules.hand_moves import DAY_FIELD, hand_move

    app = reg.application(stream, app_id)
    if target in DAY_FIELD and day is None:  # as the dialog and 资格审核 fill it in
        day = clock.today()

    def ask_near() -> None:  # its near-copy 提示 asked about, as 改变状态 asks
        if not confirmed and (note := near_notes(reg, stream, [app_id], target)):
            raise ReviewRefused(f"{note}。核对后仍要改为“{STATUS_ZH[target]}”"
                                + way("，请在提问中选“仍要改动”", "，请加 --yes 重新运行"))

    if stream != PATENT and target in (PASS, REFUSE) and app.status in qualification.OPEN:
        ask_near()
        qualification.decide(reg, app_id, target == PASS, reason, day,
                             late_how=late_how or qualification.LATE_HOW)
        return
    if why := hand_refusal(app, target):
        raise ReviewRefused(why)
    ask_near()
    if closed := year_closed_note(reg, app, target):  # asked first, as 撤销结年 is
        if not reason.strip():
            # name only what is missing: --yes given, the reason alone
            raise ReviewRefused(f"{closed}。须写明理由" + way("", "（--reason）")
                                + ("" if confirmed else "并确认" + way("", "（--yes）")))
        if not confirmed:
            raise ReviewRefused(f"{closed}。确认请" + way("在提问中选“仍要改动”",
                                                       "加 --yes 重新运行"))
    if target in NEEDS_REASON and not reason.strip():  # (the dialog asks before its 确定)
        raise ReviewRefused(f"改为“{STATUS_ZH[target]}”须填写理由"
                            + way("", "（用 --reason 写明，记入状态历史）"))
    extra = move_fields(reg.campaign(app.campaign_year), target, day)
    hand_move(reg, stream, app_id, target, reason, late_how=late_how, **extra)


def checklist_lines(campaign: Campaign, stream: str, materials: Mapping[str, object]) -> list[str]:
    """The year's checklist, numbered, each item marked received (√) or not (□)."""
    have = ticked(dict(materials))
    return [f"{n}. {'√' if key in have else '□'} {label}"
            for n, (key, label) in enumerate(campaign.materials(stream).items(), start=1)]
