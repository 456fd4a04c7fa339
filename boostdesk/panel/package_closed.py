"""A returned package's projects that left review since its export, said by where they went
and what the office does about it, a line for each such place, not one for each project:
the adopted list (拟助推名单: withdraw it, import, adopt again), a publicity batch (the
scores stand as published; a correction that would change a tier goes as an objection),
another stage (the projects named, a line a stage). The scores the register holds stand
and count in the ranking in every case: only the package's correction is not taken."""

from __future__ import annotations

from collections.abc import Mapping

from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.said_where import way


def withdraw_first() -> str:
    return ("请先撤回拟助推名单（“专家评审 → 排名与档次”中的“撤回拟助推名单”"
            + way("", "，或 boostdesk panel withdraw --reason 理由") + "），再导入本评分包，然后重新采纳")


KEPT = "登记册中这些项目已有的评分不变，照常计入排名"


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
                      whole: bool) -> tuple[list[str], bool]:
    """What became of the package's projects that left review (``left``: project id ->
    title, in the package's order; ``whole``: they are all its projects), and whether
    every one of them is in the adopted list or published (the lines then say all there
    is to say of a package with nothing to import)."""
    from .publicity import periods

    if not left:
        return [], False
    marks = ",".join("?" * len(left))
    proposals = {r["project_id"]: r["period_id"] for r in reg.query(
        f"SELECT project_id, period_id FROM proposals WHERE project_id IN ({marks})",
        tuple(left))}
    adopted = [p for p in left if p in proposals and proposals[p] is None
               and reg.project(p).status in ("proposed", "not_awarded")]
    published = [p for p in left if proposals.get(p) is not None]
    others = [p for p in left if p not in adopted and p not in published]
    groups = sum(bool(g) for g in (adopted, published, others))

    def subject(ids: list[int], what: str) -> str:
        if whole and groups == 1:
            return "本评分包的评分未导入"
        return f"评分包中{what} {len(ids)} 个项目的评分未导入"

    lines = []
    if published:
        shown = {p.id: p for p in periods(reg, year)}
        batches = sorted({proposals[p] for p in published}, key=lambda i: shown[i].batch
                         if i in shown else 0)
        states = _states(reg, published)
        shown_states = "" if states == "现为“公示”" else f"（{states}）"
        open_now = any(i in shown and shown[i].is_open for i in batches)
        where = ("、".join(f"第 {shown[i].batch} 批公示（{shown[i].label}）" for i in batches
                          if i in shown) or "公示")
        lines.append(
            f"{subject(published, '已公示的')}：{year} 年度的拟助推名单已列入{where}"
            f"{'，正在公示' if open_now else '，公示已结束'}{shown_states}，"
            f"公示后专家评分不能在登记册中更改。{KEPT}。"
            + ("专家的更正如会改变公示项目的档次，请报请研究：需要改变的，在“公示”中把更正登记为该"
               "项目的异议（“登记异议…”" + way("", "，或 boostdesk publicity object") + "），写明哪项评分更正、排名如何"
               "变化，异议成立的不予助推，空出的名额按排名递补后另批公示" if open_now else
               "确需更正的，请报请研究"))
    if adopted:
        lines.append(
            f"{subject(adopted, '未公示的' if published else '')}：{year} 年度的拟助推名单已经采纳"
            f"（{_states(reg, adopted)}），采纳后不再导入评分。{KEPT}。如需按本评分包更正评分，"
            + withdraw_first() + ("（已公示的项目不受影响）" if published else ""))
    by_status: dict[str, list[int]] = {}
    for p in others:
        by_status.setdefault(reg.project(p).status, []).append(p)
    for status, ids in by_status.items():
        lines.append(f"{_named([left[p] for p in ids])}导出后已不在专家评审阶段（现为"
                     f"“{STATUS_ZH.get(status, status)}”），评分包中其评分未导入")
    return lines, not others
