"""采纳拟助推名单: the ranking made the proposal (tiers → 拟助推, the rest → 未获助推),
refused while scores are missing; and an adopted proposal not yet in publicity withdrawn."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from fractions import Fraction

from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.said_where import way

from .adopt_day import adoption_day_refusal
from .adopt_reasons import short_decided
from .errors import PanelError
from .over_request import over_request_message
from .override_guard import standing_refusal
from .published_list import adopt_refusal, withdraw_refusal
from .ranking import rank
from .ranking_rows import Ranking, RankRow, adopted

# every project not yet published already adopted as 未获助推 and given no tier by the
# ranking now (a freed place left open by 维持公示档次): adopting again changes nothing, and a
# line of it in the trail stood in the way of taking that decision back
NOTHING_TO_ADOPT = "无需采纳：尚未公示的项目均已采纳为未获助推，按现有排名仍不获档次"


def adopt(reg: Register, year: int, short_reason: str = "", *, tie_reason: str = "",
          over_request_reason: str = "", against_plan_reason: str = "",
          cancelled: Callable[[], bool] | None = None,
          adopted_on: date | None = None, merge_unpublished: bool = False) -> Ranking:
    """Make the ranking the proposal: tiers → 拟助推 (proposed), the rest → 未获助推.

    Refused while a project being ranked lacks a score of an expert assigned to it, or
    has none (二（四）2: the experts' scores are the main basis, and one more may move it
    across a tier boundary). A project whose tier staff set by hand is not held back: its
    tier is not its score's, and overrides are placed before the ranking, so its missing
    scores move no other project's tier. Adopting again after a change (new scores, an
    override) moves projects between proposed and not awarded; a proposal already in
    publicity stays as it is. A refusal takes no backup (one good backup would go).

    A project scored by fewer experts than the year's panel asks (评审参数 每个项目专家数),
    every one of them in, is refused too, naming each, unless the office gives
    ``short_reason`` (adopted on the scores there are; audited, and kept in each such
    project's reason) — not asked again of a project the adoption standing decided so and
    this one leaves where it was (:func:`.adopt_reasons.short_decided`: its reason carried). ``cancelled()`` true after the backup: nothing adopted.

    Projects of equal score parted at a quota cut-off only by the received date or the
    application number (``RankRow.cutoff_tie``: steps of the year's own tie rule weighing
    nothing of their merit) are refused too unless the office confirms that order with
    ``tie_reason`` (audited, kept in each one's reason) or decides it otherwise by setting
    a tier by hand (人工调整档次). So is an award the ranking gives above the project's
    request (``RankRow.over_request``, the plan silent on it) without
    ``over_request_reason``; a tier set by hand is the office's decision already. So is
    a tier for a project that stands passed though a hard condition of the plan fails
    (``RankRow.against_plan``: 资格审核 passed it with a reason, or the failure was found
    after) without ``against_plan_reason``: its place is one a project in order loses.

    ``adopted_on``: the day the office adopted the list (not one still to come), which its
    publicity may not start before (``publicity.start_publicity``) and which may not be
    before the plan's deadline, a score or a qualification of the list
    (:func:`.adopt_day.adoption_day_refusal`); kept apart from the
    time it is recorded, which the ranking compares with other records. ``panel adopt``
    and 排名与档次 always give one (today unless told); None stores none, and no
    publicity is then held to it.
    """
    from boostdesk.safety.backup import backed_up_write
    from boostdesk.validate import after_today

    if adopted_on is not None and (future := after_today(adopted_on, "采纳日期")):
        raise PanelError(future)
    day = adopted_on.isoformat() if adopted_on is not None else None
    ranking = rank(reg, year)
    candidates = ranking.candidates()
    if not candidates and ranking.settled:  # the list published: nothing left to adopt
        raise PanelError(adopt_refusal(reg, year, len(ranking.settled)))
    if not candidates:
        from .past import past_hint

        raise PanelError(f"{year} 年度没有专家评审中的项目可列入拟助推名单" + past_hint(reg, year))
    if not ranking.adoptable():  # (排名与档次 greys its button with these words)
        raise PanelError(NOTHING_TO_ADOPT)
    waiting = [r for r in candidates if r.incomplete and r.override is None]
    if waiting:
        from .past import past_hint

        raise PanelError(waiting_message(waiting, ranking.review_clause) + past_hint(reg, year))
    if adopted_on is not None and (early := adoption_day_refusal(
            reg, year, [r.project_id for r in candidates], adopted_on)):
        raise PanelError(early)
    # a tier set by hand that may not stand now (set before the list was published, or
    # before an objection barred its studio): refused as `panel override` would refuse it
    if refused := standing_refusal(reg, year, ranking, {r.project_id for r in candidates}):
        raise PanelError(refused)
    merging = unpublished_merge(reg, year, candidates)
    if merging and not merge_unpublished:
        raise MergeAsked(merging)
    short = [r for r in candidates if r.short]
    # decided by the adoption standing and not moved by this one: not asked again
    kept = short_decided(reg, year, short)
    short = [r for r in short if r.project_id not in kept]
    ties = [r for r in candidates if r.cutoff_tie]
    over = [r for r in candidates if r.over_request and r.override is None]
    against = against_plan_rows(candidates)
    # every reason missing said at once, not one per try
    asked: list[tuple[str, list[RankRow], str, Callable[[], str]]] = [
        ("--short-reason", short, short_reason,
         lambda: short_message(short, ranking.review_clause)),
        ("--tie-reason", ties, tie_reason, lambda: tie_message(ties)),
        ("--over-request-reason", over, over_request_reason,
         lambda: over_request_message(over, ranking.quotas)),
        ("--against-plan-reason", against, against_plan_reason,
         lambda: against_plan_message(against)),
    ]
    missing = [(flag, said()) for flag, rows, given, said in asked
               if rows and not given.strip()]
    if len(missing) == 1:
        raise PanelError(missing[0][1])
    if missing:
        raise PanelError(reasons_missing_message(missing))
    for r in short:
        r.notes.append(f"经研究按现有评分采纳：{short_reason.strip()}")
    kept_rows = [r for r in candidates if r.project_id in kept]
    for r in kept_rows:
        r.notes.append(f"经研究按现有评分采纳：{kept[r.project_id]}")
    for r in ties:
        decided(r, tie_reason.strip())
    for r in over:
        r.notes.append(f"经研究按排名档次助推（超过申请金额）：{over_request_reason.strip()}")
    for r in against:
        r.notes.append(f"经研究列入拟助推档次（不符合方案条件）：{against_plan_reason.strip()}")
    # one writer holds the register: the ranking still stands
    with backed_up_write(reg, "tier", cancelled), reg.transaction():
        cid = reg.campaign_id(year)
        before = [r for r in adopted(reg, year).values() if r["period_id"] is None]
        at = datetime.now().isoformat(timespec="seconds")
        reg.conn.execute("DELETE FROM proposals WHERE campaign_id = ? AND period_id IS NULL",
                         (cid,))
        for r in candidates:
            if r.amount_fen is not None:
                _move(reg, r.project_id, r.status, "proposed", r.full_reason)
            else:
                _move(reg, r.project_id, r.status, "not_awarded",
                      f"专家评审未列入拟助推名单：{r.full_reason}")
            score = r.score
            reg.conn.execute(
                "INSERT INTO proposals (project_id, campaign_id, rank, score_x100, amount_fen,"
                " reason, adopted_at, adopted_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (r.project_id, cid, r.rank,
                 # hundredths rounded half up, as shown (round() of a Fraction: to even)
                 int(score * 100 + Fraction(1, 2)) if score is not None else None, r.amount_fen,
                 r.full_reason, at, day),
            )
        replaced = replaced_list(before)
        reg.audit("adopt", "proposals", cid, {"proposals": before} if before else None,
                  {**({"adopted_on": day} if day else {}),
                   # the list adopted earlier and merged into this one: its day kept
                   **({"replaced_list": replaced} if replaced and merging else {}),
                   "proposals": [r.to_dict() for r in candidates],
                   **({"short": [f"“{r.ref}”：{r.short}" for r in short],
                       "short_reason": short_reason.strip()} if short else {}),
                   # the earlier adoption's decision carried, each with its own reason
                   **({"short_kept": [f"“{r.ref}”：{r.short}" for r in kept_rows],
                       "short_kept_reasons": {r.ref: kept[r.project_id] for r in kept_rows}}
                      if kept_rows else {}),
                   **({"cutoff_ties": [f"“{r.ref}”：{r.cutoff_tie}" for r in ties],
                       "tie_reason": tie_reason.strip()} if ties else {}),
                   **({"over_request": [f"“{r.ref}”：{r.over_request}" for r in over],
                       "over_request_reason": over_request_reason.strip()} if over else {}),
                   **({"against_plan": [f"“{r.ref}”：{r.against_plan}" for r in against],
                       "against_plan_reason": against_plan_reason.strip()} if against else {})})
        return rank(reg, year)


class MergeAsked(PanelError):
    """Adopting would merge newly reviewed projects into a list adopted earlier and not
    yet published (its adoption day then lost): asked first (``merge_unpublished``)."""


def _standing(reg: Register, year: int) -> list[dict[str, object]]:
    return [r for r in adopted(reg, year).values() if r["period_id"] is None]


def replaced_list(before: list[dict[str, object]]) -> str:
    """The standing unpublished list as the trail keeps it: 2023-01-11 采纳的拟助推名单（拟助推 3 项）."""
    listed = [r for r in before if r["amount_fen"] is not None]
    if not listed:
        return ""
    day = max(str(r["adopted_on"] or str(r["adopted_at"])[:10]) for r in listed)
    return f"{day} 采纳的拟助推名单（拟助推 {len(listed)} 项）"


def unpublished_merge(reg: Register, year: int, candidates: list[RankRow]) -> str:
    """What adopting now replaces, when a list adopted earlier still awaits publicity and
    projects reviewed since would join it (one 待公示 list, the earlier adoption's day
    gone from it): the question to ask, or "" (no such list, or adopting the same projects
    again: a correction of that list)."""
    before = _standing(reg, year)
    said = replaced_list(before)
    if not said:
        return ""
    joining = [r for r in candidates if r.project_id not in {b["project_id"] for b in before}]
    if not joining:
        return ""
    titles = "、".join(f"“{r.ref}”" for r in joining[:3]) + (
        f"等 {len(joining)} 个项目" if len(joining) > 3 else "")
    return (f"{year} 年度于 {said}尚未公示。现在采纳，将把此后评审的{titles}与该名单合为一份"
            "待公示名单，按本次采纳日期公示（原采纳日期记入修改记录）。通常先开始该名单的公示，"
            "再采纳下一批；确需合并采纳的，" + way("请确认合并采纳", "加 --yes 重新运行"))


# a cut-off note's head: the one project it was tied with, its facts, the shared score
_CUTOFF_HEAD = re.compile(r"与(“[^”]+”)(（[^）]*）)?得分同为 [^，]+，")


def decided(r: RankRow, reason: str) -> None:
    """The tie at the cut-off and the office's decision on it, in the row's reason once:
    it was said twice, the cut-off note (与“乙”（登记号…）得分同为 76.00，…仅按材料报送日期…
    列入3万元档；经研究按此确定：…) and then the tie's own line (与“乙”得分同为 76.00，按同分
    规则…排在其前). The tie's line stays as it is (freed_places reads it) and the note's facts
    follow it, the other project not named again; a note naming several is kept whole."""
    head = _CUTOFF_HEAD.match(r.cutoff_tie)
    at = next((k for k, t in enumerate(r.tie) if head and head.group(1) in t
               and len(re.findall("“[^”]+”", t)) == 1), None)
    if head is None or at is None:
        r.notes.append(f"{r.cutoff_tie}；经研究按此确定：{reason}")
        return
    facts = f"对方{head.group(2)[1:-1]}，" if head.group(2) else ""
    r.tie.insert(at + 1, f"{facts}{r.cutoff_tie[head.end():]}，经研究按此确定：{reason}")


def reasons_missing_message(missing: list[tuple[str, str]]) -> str:
    """Several of adopting's questions unanswered: each said in full, numbered, under one
    line naming them all (on the command line, the flags to give together)."""
    flags = " ".join(f"{flag} 理由" for flag, _text in missing)
    head = (f"采纳拟助推名单须写明以下 {len(missing)} 项理由（理由记入修改记录）"
            + way("，再点“采纳为拟助推名单”时逐项填写：",
                  f"，可一次给出：boostdesk panel adopt {flags}："))
    return head + "".join(f"\n\n{n}. {text}" for n, (_flag, text) in enumerate(missing, 1))


def waiting_message(rows: list[RankRow], clause: str) -> str:
    """Why the proposal cannot be adopted yet: each project, whose scores are missing, and
    what to do."""
    lines = [f"“{r.ref}”：{r.progress.text if r.progress else '尚未分配评审专家'}"
             + ("（资格审核通过后未送专家评审）" if r.status == "qualified" else "")
             for r in rows]
    unassigned = sum(1 for r in rows if r.progress is None)
    steps = []
    if unassigned:  # no expert to wait for: the step is to assign them
        steps.append(
            (f"尚未分配评审专家的 {unassigned} 项：" if unassigned < len(rows) else "") + "请先"
            + way("在“分配专家”中分配评审专家（可点“自动均衡分配”）",
                  "分配评审专家（boostdesk panel assign --auto 自动均衡分配）")
            + "，专家交回评分后再采纳")
    if unassigned < len(rows):
        steps.append((f"已分配专家的 {len(rows) - unassigned} 项：" if unassigned else "")
                     + "请等专家交回评分包（或在“评分录入”中提交）后再采纳；专家不能评审的，请在"
                     "“分配专家”中取消或更换该项分配")
    return (f"以下项目的专家评分尚未交齐，不能采纳拟助推名单（{clause}：以专业评审分数为主要"
            "助推依据）：\n" + "\n".join(lines)
            + "\n" + "\n".join(steps) + "；也可对项目人工调整档次"
            + (conflict_advice() if any(r.progress and r.progress.conflicted for r in rows) else ""))


def short_message(rows: list[RankRow], clause: str) -> str:
    """Why the proposal is not adopted as it stands: each project scored by fewer experts
    than the year asks, and what to do."""
    lines = [f"“{r.ref}”：{r.short}" for r in rows]
    return (f"以下项目的评审专家人数少于本年度评审参数的要求，不能直接采纳拟助推名单（{clause}：以"
            "专业评审分数为主要助推依据）：\n" + "\n".join(lines)
            + "\n请在“分配专家”中补派专家（自动均衡分配）并交回评分后再采纳；本年度确定每个项目"
            "专家数另有安排的，请在“评审参数”中修改；经研究按现有评分采纳的，请写明理由"
            + way("（再点“采纳为拟助推名单”时填写）", "（boostdesk panel adopt --short-reason 理由）")
            + "，理由记入修改记录")


def tie_message(rows: list[RankRow]) -> str:
    """Why the proposal is not adopted as it stands: projects at a quota cut-off parted by
    the received date or the application number alone, and what to do."""
    lines = [f"“{r.ref}”：{r.cutoff_tie}" for r in rows]
    steps = "或".join(name for name in ("材料报送日期", "申报登记编号")
                     if any(f"仅按{name}" in r.cutoff_tie for r in rows))
    return (f"以下项目在档次分界处同分，仅按{steps}排定先后（同分规则为本办自定，方案对此未作规定，"
            "且与项目本身无关），不能直接采纳拟助推名单：\n" + "\n".join(lines)
            + f"\n请报请研究决定：决定其他顺序的，对项目人工调整档次并写明理由；确认按{steps}"
            "确定的，请写明理由" + way("（再点“采纳为拟助推名单”时填写）",
                                      "（boostdesk panel adopt --tie-reason 理由）")
            + "，理由记入修改记录")


def against_plan_rows(rows: list[RankRow]) -> list[RankRow]:
    """The projects adopting asks about: given a tier by the ranking (not by hand) though
    a hard condition of the plan fails."""
    return [r for r in rows if r.against_plan and r.amount_fen and r.override is None]


def against_plan_message(rows: list[RankRow]) -> str:
    """Why the proposal is not adopted as it stands: projects ranked into a tier though a
    hard condition of the plan fails, and what to do."""
    lines = [f"“{r.ref}”：{r.against_plan.removeprefix('注意：')}" for r in rows]
    return ("以下项目不符合方案规定的条件，经资格审核通过后按排名列入拟助推档次（占用符合条件项目的"
            "名额），不能直接采纳拟助推名单：\n" + "\n".join(lines)
            + "\n请报请研究：不应助推的，对项目人工调整档次为不予助推并写明理由；条件已符合的"
            "（如立项日期录错），更正后重新核对；确认列入的，请写明理由"
            + way("（再点“采纳为拟助推名单”时填写）",
                  "（boostdesk panel adopt --against-plan-reason 理由）")
            + "，理由记入修改记录")


def conflict_advice() -> str:
    """What the office does about a score the register now shows conflicted."""
    return (
        "\n存在利益冲突的评分不计入排名：请在“分配专家”中取消该专家对该项目的分配"
        + way("（选中该项目在该专家一列标“冲突”的单元格，按空格键；原评分记入修改记录）",
              "（boostdesk panel unassign --expert 专家 --project 项目，原评分记入修改记录）")
        + "，需要时另派专家评审；核实并非利益冲突的，请更正登记的单位或"
        "负责人；或对项目人工调整档次并写明理由")


def _move(reg: Register, project_id: int, status: str, target: str, reason: str) -> None:
    if status == target:
        return
    if status != "review":
        reg.set_status(PROJECT, project_id, "review", "重新确定拟助推名单")
    reg.set_status(PROJECT, project_id, target, reason)


# An example of 撤回拟助推名单's reason, for its question and its refusal.
WITHDRAW_REASON_HINT = "如：专家评分录入有误，更正后重新采纳"


def withdraw(reg: Register, year: int, reason: str, *, how: str = "") -> int:
    """Undo the adopted proposal not yet in publicity: its projects go back to review.
    Refused once the list is published: the projects it left out are settled with it
    (:mod:`.published_list`), unless a later adoption (a freed place) is not yet published.

    The office's decision, as adopting on a short panel or a tie by number is: refused
    without ``reason``, which goes into each project's status reason and the trail.
    ``how``: how the caller gives one, said in that refusal."""
    why = " ".join(reason.split())
    with reg.transaction():
        live = {pid: r for pid, r in adopted(reg, year).items() if r["period_id"] is None}
        if refused := withdraw_refusal(reg, year):  # none adopted, or the list published
            raise PanelError(refused)
        if not why:
            raise PanelError(f"撤回已采纳的拟助推名单须写明理由（{WITHDRAW_REASON_HINT}）{how}，"
                             "理由记入修改记录")
        for project_id in live:
            status = reg.project(project_id).status
            if status in ("proposed", "not_awarded"):
                reg.set_status(PROJECT, project_id, "review", f"撤回拟助推名单：{why}")
        reg.conn.execute("DELETE FROM proposals WHERE campaign_id = ? AND period_id IS NULL",
                         (reg.campaign_id(year),))
        reg.audit("withdraw", "proposals", reg.campaign_id(year),
                  {"proposals": list(live.values())}, {"reason": why})
        return len(live)
