"""A returned package's projects that left review since its export, said by where they went
and what the office does about it, a line for each such place, not one for each project:
the adopted list (拟助推名单: withdraw it, import, adopt again), a publicity batch (the
scores stand as published; a correction that would change a tier goes as an objection),
another stage (the projects named, a line a stage). The scores the register holds stand
and count in the ranking in every case: only the package's correction is not taken.

The same lines say why 评分录入 and ``panel export`` have nothing of an expert's to score
(:func:`closed_for_expert`): one wording, whichever way the scores came. A score in
publicity is corrected by 更正评分 (:mod:`.score_correction`), with its reason."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.said_where import way


def withdraw_first(then: str = "导入本评分包") -> str:
    return ("请先撤回拟助推名单（“专家评审 → 排名与档次”中的“撤回拟助推名单”"
            + way("", "，或 boostdesk panel withdraw --reason 理由") + f"），再{then}，然后重新采纳")


KEPT = "登记册中这些项目已有的评分不变，照常计入排名"

def correct_way() -> str:
    """How a score of a project in publicity is corrected (score_correction.correct_scores)."""
    return ("确属评分录入有误或专家更正的，请"
            + way("在“专家评审 → 评分录入”中选中该专家，点“更正评分…”",
                  "用 boostdesk panel correct-score 项目 --expert 专家 --score 细则=分数 --reason 理由")
            + "逐项更正并写明理由（原评分和理由记入修改记录）；更正后排名如有变化，公示名单不会自动"
            "改变，请按" + way("“排名与档次”的提示在“公示”中", " boostdesk rank 的提示用 boostdesk publicity object ")
            + "登记为该项目的异议并处理，异议成立的不予助推，空出的名额按排名递补后另批公示")


def enter_again() -> str:
    """How a score of a project back in review is entered again."""
    return way("在“评分录入”中更正", "导入专家更正后的评分包（boostdesk panel import --replace）")


def upheld_way(objection_id: int | str = "异议编号") -> str:
    """A published project an upheld objection took off the list: its scores decide nothing
    now; a finding wrong is corrected on the objection."""
    return ("专家评分不再录入、导入或更正；异议处理如有误，请"
            + way("在“公示”中复核更正该异议的处理结果",
                  f"用 boostdesk publicity resolve {objection_id} --correct-to dismissed "
                  "--reason 理由 复核更正该异议的处理结果"))


# After publicity (核准 and on): no correction in the register.
CLOSED_WAY = "公示已结束，专家评分不能在登记册中更改，确需更正的，请报请研究"


def in_publicity_line(year: int, where: str, open_now: bool, states: str) -> str:
    """What a published list's scores are: corrected by 更正评分 while in publicity."""
    if open_now:
        return (f"{year} 年度的拟助推名单已列入{where}，正在公示{states}，专家评分不再录入或导入。"
                f"{KEPT}。{correct_way()}")
    return f"{year} 年度的拟助推名单已列入{where}{states}，{CLOSED_WAY}。{KEPT}"


def adopted_line(year: int, states: str, then: str, published: bool) -> str:
    """What an adopted list not yet published does with a score's correction."""
    return (f"{year} 年度的拟助推名单已经采纳（{states}），采纳后不再录入或导入评分。{KEPT}。"
            f"如需更正评分，{withdraw_first(then)}" + ("（已公示的项目不受影响）" if published else ""))


def _named(titles: list[str]) -> str:
    """项目“甲”, 项目“甲”“乙”, or 项目“甲”“乙”“丙”等 5 个项目."""
    shown = "".join(f"“{t}”" for t in titles[:3])
    return f"项目{shown}" + (f"等 {len(titles)} 个项目" if len(titles) > 3 else "")


def _states(reg: Register, ids: list[int]) -> str:
    """The projects' statuses counted: 现为“拟助推”14 项、“未获助推”11 项."""
    counts: dict[str, int] = {}
    for pid in ids:
        status = reg.project(pid).status
        counts[status] = counts.get(status, 0) + 1
    if len(counts) == 1:
        return f"现为“{STATUS_ZH.get(next(iter(counts)), next(iter(counts)))}”"
    return "现为" + "、".join(f"“{STATUS_ZH.get(s, s)}”{n} 项" for s, n in counts.items())


def left_review_lines(reg: Register, year: int, left: Mapping[int, str],
                      whole: bool, subject: Callable[[list[int], str, bool], str] | None = None,
                      then: str = "导入本评分包",
                      elsewhere: str = "导出后已不在专家评审阶段（现为“{}”），评分包中其评分未导入",
                      ) -> tuple[list[str], bool]:
    """What became of the package's projects that left review (``left``: project id ->
    title, in the package's order; ``whole``: they are all its projects), and whether
    every one of them is in the adopted list or published (the lines then say all there
    is to say of a package with nothing to import). ``subject(ids, what, alone)`` begins
    a line (``alone``: the one line of all ``left``); ``then``: how the scores then come
    in, once an adopted list is withdrawn; ``elsewhere``: the line of those now in another
    stage, after their titles ({} their status)."""
    from .publicity import periods
    from .score_correction import left_out_of_published, upheld_after_published

    if not left:
        return [], False
    # published, then not awarded on an upheld objection: neither adopted nor in publicity
    upheld = upheld_after_published(reg, left)
    marks = ",".join("?" * len(left))
    proposals = {r["project_id"]: r["period_id"] for r in reg.query(
        f"SELECT project_id, period_id FROM proposals WHERE project_id IN ({marks})",
        tuple(left))}
    # left out (未获助推) by an adoption since published: in that batch, 更正评分 takes them
    left_out = {pid: p.id for pid, p in left_out_of_published(reg, left).items()}
    proposals.update(left_out)
    adopted = [p for p in left if p in proposals and proposals[p] is None
               and reg.project(p).status in ("proposed", "not_awarded")]
    published = [p for p in left if proposals.get(p) is not None and p not in upheld]
    others = [p for p in left if p not in adopted and p not in published and p not in upheld]
    groups = sum(bool(g) for g in (adopted, published, others, upheld))

    def package(ids: list[int], what: str, alone: bool) -> str:
        if alone:
            return "本评分包的评分未导入"
        return f"评分包中{what} {len(ids)} 个项目的评分未导入"

    said = subject or package
    lines = []
    if published:
        shown = {p.id: p for p in periods(reg, year)}

        def is_open(pid: int) -> bool:
            i = proposals[pid]
            return i in shown and shown[i].is_open and (
                pid in left_out or reg.project(pid).status == "publicized")

        now = [p for p in published if is_open(p)]
        ended = [p for p in published if not is_open(p)]
        groups += bool(now) and bool(ended)
        for ids, open_now in ((now, True), (ended, False)):
            if not ids:
                continue
            batches = sorted({proposals[p] for p in ids}, key=lambda i: shown[i].batch
                             if i in shown else 0)
            # those the batch's adoption left out were not published: said so
            states = _states(reg, ids).replace("“未获助推”", "“未获助推”（未列入公示名单）")
            shown_states = "" if states == "现为“公示”" else f"（{states}）"
            where = ("、".join(f"第 {shown[i].batch} 批公示（{shown[i].label}）" for i in batches
                              if i in shown) or "公示")
            # those a batch's adoption left out are in its ranking, not on its list: the
            # line's subject does not call them 已公示的 (its 现为 says 未列入公示名单)
            off_list = any(p in left_out and reg.project(p).status == "not_awarded" for p in ids)
            what = ("" if off_list else "已公示的") if not (now and ended) else (
                ("公示中批次的" if off_list else "公示中的") if open_now
                else ("公示已结束批次的" if off_list else "公示已结束的"))
            lines.append(f"{said(ids, what, whole and groups == 1)}："
                         + in_publicity_line(year, where, open_now, shown_states))
    if upheld:
        ids = list(upheld)
        lines.append(f"{said(ids, '公示异议成立的', whole and groups == 1)}："
                     + "；".join(f"“{left[p]}”{upheld[p].said}" for p in ids)
                     + "（现为“未获助推”），"
                     + upheld_way(upheld[ids[0]].objection_id if len(ids) == 1 else "异议编号")
                     + f"。{KEPT}")
    if adopted:
        lines.append(f"{said(adopted, '未公示的' if published else '', whole and groups == 1)}："
                     + adopted_line(year, _states(reg, adopted), then, bool(published)))
    by_status: dict[str, list[int]] = {}
    for p in others:
        by_status.setdefault(reg.project(p).status, []).append(p)
    for status, ids in by_status.items():
        lines.append(_named([left[p] for p in ids])
                     + elsewhere.format(STATUS_ZH.get(status, status)))
    return lines, not others


def closed_for_expert(reg: Register, year: int, expert_id: int) -> list[str]:
    """Why an expert's assigned projects that left review take no scores in 评分录入 or a
    package (those a conflict bars are said apart: scoring.sheet_conflicts), a line for
    each place they went, in the words of a package's refusal."""
    from .experts import assignment_conflicts, assignments

    barred = assignment_conflicts(reg, year)
    mine = [a for a in assignments(reg, year) if a.expert_id == expert_id
            and a.id not in barred]
    left = {}
    for a in mine:
        app = reg.project(a.project_id)
        if app.status != "review":
            left[a.project_id] = app.title

    def subject(ids: list[int], what: str, alone: bool) -> str:
        if alone:
            return "分配给该专家的项目都已结束评审"
        return f"分配给该专家的{what} {len(ids)} 个项目已结束评审"

    lines, _ = left_review_lines(reg, year, left, whole=len(left) == len(mine),
                                 subject=subject,
                                 then=enter_again(),
                                 elsewhere="已不在专家评审阶段（现为“{}”），不再评分")
    return lines
