"""Dealing the panel's places out evenly (自动均衡分配), and which projects stay short.

Plain data in, plain data out (no register): :func:`deal` plans which free expert takes
each place still open; :func:`shortfall_lines` words the projects that could not be given
the year's number of experts free of conflict.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Steps of evening out (an expert looked at for a place) before it stops where it is: a
# campaign of hundreds of projects is evened in well under a second; one of thousands with
# many conflicts, within about two seconds, perhaps less evenly.
EVENING_BUDGET = 4_000_000


def deal(open_places: Mapping[int, int], free: Mapping[int, Sequence[int]],
         load: dict[int, int]) -> dict[int, list[int]]:
    """Project id -> the experts to add to it.

    ``open_places``: each project's places still open, in the order to fill them;
    ``free``: the experts each project may be given (free of conflict, not on it yet), in
    the order to prefer them on equal load; ``load``: each expert's assignments so far,
    updated in place. Each project takes its least loaded free experts; then, while some
    expert carries two or more than another who could take one of theirs (directly or
    along a chain of such exchanges), a place is moved: projects dealt first no longer
    leave the experts barred from later ones with the lighter load.
    """
    plan: dict[int, list[int]] = {}
    for pid, places in open_places.items():
        chosen = sorted(free.get(pid, ()), key=lambda e: load[e])[:max(places, 0)]
        plan[pid] = chosen
        for e in chosen:
            load[e] += 1
    budget = [EVENING_BUDGET]
    while (path := _lighter_path(plan, free, load, budget)) is not None:
        for pid, giver, taker in path:
            plan[pid][plan[pid].index(giver)] = taker
        load[path[0][1]] -= 1
        load[path[-1][2]] += 1
    return plan


def _lighter_path(plan: Mapping[int, list[int]], free: Mapping[int, Sequence[int]],
                  load: Mapping[int, int], budget: list[int]) -> list[tuple[int, int, int]] | None:
    """Moves (project, from expert, to expert) that take one place off a heaviest-first
    expert and, along the chain, end on an expert carrying two or more fewer; None when
    the load is as even as the conflicts allow, or the ``budget`` of steps is spent."""
    dealt: dict[int, list[int]] = {}
    for pid, chosen in plan.items():
        budget[0] -= len(chosen)
        for e in chosen:
            dealt.setdefault(e, []).append(pid)
    for start in sorted(dealt, key=lambda e: -load[e]):
        came: dict[int, tuple[int, int]] = {}  # expert -> (project, previous expert)
        queue = deque([start])
        while queue:
            giver = queue.popleft()
            for pid in dealt.get(giver, ()):
                budget[0] -= len(free.get(pid, ()))
                if budget[0] < 0:
                    return None
                for taker in free.get(pid, ()):
                    if taker == start or taker in came or taker in plan[pid]:
                        continue
                    came[taker] = (pid, giver)
                    if load[taker] <= load[start] - 2:
                        path = []
                        at = taker
                        while at != start:
                            pid_at, before = came[at]
                            path.append((pid_at, before, at))
                            at = before
                        return path[::-1]
                    queue.append(taker)
    return None


@dataclass(frozen=True)
class Shortfall:
    """A project under review with fewer experts free of conflict than the year asks."""

    project_id: int
    title: str
    counted: int  # experts assigned whose score would count
    need: int
    panel: int  # experts on the year's panel
    barred: tuple[str, ...]  # the panel's experts in conflict with it: 姓名（why）
    free: int  # experts still free to be given it

    @property
    def text(self) -> str:
        head = f"项目“{self.title}”有 {self.counted} 位无利益冲突的专家（应为 {self.need} 位）"
        if self.free:
            against = "、".join(self.barred) + " 存在利益冲突；" if self.barred else ""
            return f"{head}：{against}尚有 {self.free} 位专家可分配，请自动均衡分配或逐一分配"
        why = f"评审组共 {self.panel} 位专家"
        if self.barred:
            why += "，其中 " + "、".join(self.barred) + " 存在利益冲突"
        return f"{head}：{why}；请增加评审专家后再自动均衡分配"


# where the number asked per project is changed: the window's field, or the command's option
PER_PROJECT_IN_WINDOW = "在“评审组与评分细则”的“评审参数”中调整“自动分配时每个项目的专家人数”"
PER_PROJECT_COMMAND = "调整自动分配时每个项目的专家人数（boostdesk panel settings --per-project N）"


def shortfall_lines(shortfalls: Sequence[Shortfall], *, command: bool = False) -> list[str]:
    """Each short project's line; those short only because the panel is smaller than the
    number asked (every expert on it, none in conflict) said once, with the setting to
    look at: in the window (``command``: the command line's option). The number said is
    the experts counted, as the grid's 人数 shows it: a conflicted assignment is none."""
    small = [s for s in shortfalls
             if not s.free and not s.barred and s.panel < s.need and s.counted == s.panel]
    lines = [s.text for s in shortfalls if s not in small]
    if small:
        s = small[0]
        lines.insert(0, f"评审组只有 {s.panel} 位专家，少于每个项目应有的 {s.need} 位："
                        f"{len(small)} 个项目{'各' if len(small) > 1 else ''}只有 {s.counted} 位；"
                        "请增加评审专家，或"
                        + (PER_PROJECT_COMMAND if command else PER_PROJECT_IN_WINDOW))
    return lines


def standing_lines(shortfalls: Sequence[Shortfall]) -> list[str]:
    """分配专家's standing line, as the grid counts: the projects not yet given any expert
    though the panel could take them said once, then :func:`shortfall_lines` for the rest
    (a campaign's 40 projects before 自动均衡分配 are one line, not 40)."""
    waiting = [s for s in shortfalls if not s.counted and not s.barred and s.free]
    lines = shortfall_lines([s for s in shortfalls if s not in waiting])
    if waiting:
        s = waiting[0]
        lines.insert(0, (f"{len(waiting)} 个项目尚未分配专家（每个项目应有 {s.need} 位）"
                         if len(waiting) > 1 else
                         f"项目“{s.title}”尚未分配专家（应有 {s.need} 位）")
                     + "：请自动均衡分配或逐一分配")
    return lines
