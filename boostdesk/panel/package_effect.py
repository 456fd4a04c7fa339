"""What a package that came back too late would have changed: its projects are in an adopted
or published list, so it is refused (:mod:`.package_closed`), and the office still needs to
know whether it matters — which projects' scores differ from those submitted (as the
``--replace`` question says them), and whether the ranking would then move any project
across a tier's cut-off (若采用：“乙”与“甲”名次互换，3万元档的末位改变).

The ranking is worked out with the package's scores in place inside a savepoint rolled back
at once: nothing is stored, nothing audited."""

from __future__ import annotations

from pathlib import Path

from boostdesk.models.register import Register

from .errors import PackageRefused
from .grid import Criterion
from .ranking import rank
from .ranking_rows import Ranking
from .scoring import format_score
from .tier_places import tier_name

_SAVEPOINT = "late_package_effect"


def late_effect(reg: Register, path: Path, year: int, expert_name: str | None) -> list[str]:
    """The lines a refused late package adds: its differences and their effect ([] when
    the package cannot be read as the rest: its own refusal says why)."""
    from .package_read import read_package

    try:
        content = read_package(reg, path, year=year, expert_name=expert_name, closed_too=True)
    except PackageRefused:
        return []
    e = content.expert
    wrong = ([f"{path.name} 另有以下错误，须由专家更正（若采用的影响不计这些行）：",
              *content.errors] if content.errors else [])
    stored = _stored(reg, e.id or 0, list(content.entries))
    differ: dict[int, dict[int, int]] = {}
    lines = []
    for pid, (scores, _comment) in content.entries.items():
        given = {k: v for k, v in scores.items() if v is not None}
        was = stored.get(pid, {})
        if given != was:
            differ[pid] = given
            lines.append(f"“{content.titles.get(pid, '')}”："
                         + _changes(content.grid, was, given))
    if not differ:
        return [*wrong, f"{path.name} 的{'其余' if wrong else ''}评分与登记册中专家“{e.name}”已提交的评分相同，"
                "导入也不会改变排名或档次"]
    head = (f"{path.name} 中有 {len(differ)} 个项目的评分与专家“{e.name}”已提交的不同（"
            + "；".join(lines) + "）")
    return [*wrong, head, "若采用：" + _effect(reg, year, e.id or 0, differ)
            + "（仅供研究，未存入任何评分）"]


def _stored(reg: Register, expert_id: int, projects: list[int]) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    for pid, cid, value in reg.conn.execute(
            "SELECT a.project_id, s.criterion_id, s.score_x10 FROM assignments a"
            " JOIN scores s ON s.assignment_id = a.id WHERE a.expert_id = ?"
            " AND a.submitted_at IS NOT NULL", (expert_id,)):
        if pid in projects:
            out.setdefault(pid, {})[cid] = value
    return out


def _changes(grid: tuple[Criterion, ...], was: dict[int, int], given: dict[int, int]) -> str:
    return "，".join(f"{c.name} {format_score(was.get(c.id or 0)) or '（空）'} → "
                    f"{format_score(given.get(c.id or 0)) or '（空）'}"
                    for c in grid if was.get(c.id or 0) != given.get(c.id or 0))


def _effect(reg: Register, year: int, expert_id: int,
            scores: dict[int, dict[int, int]]) -> str:
    """The ranking with ``scores`` in the expert's place, against the ranking now, in words."""
    before = rank(reg, year)
    conn = reg.conn
    conn.execute(f"SAVEPOINT {_SAVEPOINT}")
    try:
        for pid, given in scores.items():
            aid = reg.scalar("SELECT id FROM assignments WHERE expert_id = ? AND project_id = ?",
                             (expert_id, pid))
            conn.execute("DELETE FROM scores WHERE assignment_id = ?", (aid,))
            conn.executemany(
                "INSERT INTO scores (assignment_id, criterion_id, score_x10) VALUES (?, ?, ?)",
                [(aid, cid, v) for cid, v in given.items()])
        after = rank(reg, year)
    finally:
        conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
        conn.execute(f"RELEASE {_SAVEPOINT}")
    return moves(reg, year, before, after)


def moves(reg: Register, year: int, before: Ranking, after: Ranking) -> str:
    """What differs between two rankings of a year: places swapped or moved, tiers
    changed (the cut-off's last place), a published list no longer the ranking's."""
    c = reg.campaign(year)
    was = {r.project_id: r for r in before.rows}
    parts: list[str] = []
    moved = [(was[r.project_id], r) for r in after.rows
             if r.project_id in was and was[r.project_id].rank != r.rank]
    said: set[int] = set()
    for old, new in moved:
        if new.project_id in said:
            continue
        other = next((n for o, n in moved if o.rank == new.rank and n.rank == old.rank
                      and n.project_id != new.project_id and o.level == old.level), None)
        if other is not None:
            parts.append(f"“{new.ref}”与“{other.ref}”名次互换")
            said |= {new.project_id, other.project_id}
        else:
            parts.append(f"“{new.ref}”由第{old.rank}名{'升' if (new.rank or 0) < (old.rank or 0) else '降'}"
                         f"为第{new.rank}名")
            said.add(new.project_id)
    tiers: dict[str, None] = {}
    for r in after.rows:
        if (prior := was.get(r.project_id)) is None:
            continue
        old = prior
        now_fen = r.amount_fen_fresh if r.held else r.amount_fen
        then_fen = old.amount_fen_fresh if old.held else old.amount_fen
        if r.held and now_fen is None:
            now_fen = r.amount_fen  # published and still where the ranking puts it
        if old.held and then_fen is None:
            then_fen = old.amount_fen
        if now_fen != then_fen:
            parts.append(f"“{r.ref}”由{tier_name(c, then_fen)}改为{tier_name(c, now_fen)}")
            for fen in (now_fen, then_fen):
                if fen:
                    tiers[tier_name(c, fen)] = None
    parts += [f"{name}的末位改变" for name in tiers]
    if not tiers:
        parts.append("各项目的档次不变（未跨越档次分界）")
    new_stale = [line for line in after.stale if line not in before.stale]
    if new_stale:
        parts.append("已公示的名单将与排名不同：" + "；".join(new_stale))
    return "；".join(parts)
