"""评审汇总表: the panel's scores as the chair signs them off (二（四）2: 以专业评审分数为主要
助推依据).

One row a project, in the ranking's order (each level, then its places); a column an
expert, by name, with that expert's weighted total — 回避 where they stood aside, 未交
where their score is missing, the highest and lowest the trimmed mean drops marked — then
the project's 得分, 平均分 and 标准差 exactly as the ranking computes them
(:func:`~.scoring.summarize`), its place and tier. Under it: who stood aside from what
(:mod:`.recusals`), and how each expert's scores came in, read from the scores stored (the
packages returned, when and who imported them — the trail's import lines give the files
and times —; or typed on 评分录入; or 未交回). Nothing is stored; before adoption the table
says it is a draft of the ranking as it stands.

The xlsx and the PDF are made from this (``io.export_panel_summary``,
``printing.panel_summary``); ``boostdesk panel summary`` and 专家评审 → 排名与档次 →
导出评审汇总表… write them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any

from boostdesk.models import clock
from boostdesk.models.campaign import LEVELS
from boostdesk.models.records import PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH

from .experts import Expert, assignment_conflicts, assignments, experts
from .grid import PanelSettings, criteria, settings, weighted_total
from .publicity import periods
from .ranking import rank
from .ranking_rows import UNLEVELLED, RankRow, adopted
from .recusals import AUTO, NEAR, Recusal, not_assigned, recusals, recused_names
from .score_correction import CorrectionLine, corrections
from .scoring import SCREEN, ProjectScore, expert_totals, format_points, panel_scores, progress
from .summary_closed import CLOSED_NOTE, ClosedAtYearEnd, closed_at_year_end
from .summary_history import SHORT_DECIDED, history_notes, next_in_line, published_any
from .summary_superseded import NOTE_PREFIX as _NOTE_PREFIX
from .summary_superseded import mark as mark_superseded
from .summary_superseded import superseded
from .tie_break import tie_break_rule
from .tier_places import tier_name

SCORE, RECUSED, MISSING, NONE = "score", "recused", "missing", "none"
NEAR_NAME = "near"  # not assigned: the expert's 工作单位 near the project's names
HIGH, LOW = "high", "low"
# a row no adopted list holds, in a table where some list is adopted: its 档次 is the
# ranking's as it stands, not a decision the panel signs
DRAFT = "过程稿"
UNADOPTED = f"未采纳（{DRAFT}）"
# a row of an adopted list not yet published that the ranking now tiers otherwise
READOPT = f"待重新采纳（{DRAFT}）"
ADOPTED_OTHERWISE = "注意：已采纳为拟助推（"  # rank's line of the same (adopted_not_ranked)
RECUSED_TEXT, MISSING_TEXT = "回避", "未交"
NEAR_TEXT = "未分配（单位名称相近）"
CELL_TEXT = {RECUSED: RECUSED_TEXT, MISSING: MISSING_TEXT, NEAR_NAME: NEAR_TEXT}
CORRECTED = "更正"  # after a total corrected in publicity; its 备注 says what and why
SD_HEADER = "标准差（总体）"
# what the chair's spreadsheet must use to agree with the 标准差 column
SD_NOTE = ("标准差为总体标准差（各专家合计分与平均分之差的平方和除以计入的专家人数 n 后开方），"
           "与 Excel、WPS 的 STDEV.P 函数相同（不是 STDEV 或 STDEV.S）")


@dataclass(frozen=True)
class ExpertCell:
    """One expert's part in one project."""

    kind: str  # SCORE | RECUSED | MISSING | NEAR_NAME | NONE (not assigned)
    total: Fraction | None = None  # the weighted total (SCORE)
    dropped: str = ""  # HIGH | LOW: left out of the trimmed mean
    # corrected in publicity (更正评分): the expert signs a total they did not give as such
    corrected: bool = False

    @property
    def text(self) -> str:
        if self.kind == SCORE and self.total is not None:
            shown = points(self.total)
            return (f"({shown})" if self.dropped else shown) + (CORRECTED if self.corrected
                                                                else "")
        return CELL_TEXT.get(self.kind, "")


def points(total: Fraction) -> str:
    """An expert's total as the table shows it: to one decimal (86.5), to two where the
    grid's weights make it finer (a criterion worth 20 scored out of 15)."""
    return format_points(total, 1 if (total * 10).denominator == 1 else 2)


@dataclass(frozen=True)
class SummaryRow:
    number: int  # 序号, down the whole table
    project_id: int
    title: str
    studio: str
    level: str
    level_zh: str
    rank: int | None
    cells: tuple[ExpertCell, ...]  # one an expert of the panel, in its order
    panel: ProjectScore | None
    tier: str  # 10万元档 / 未获助推 / —
    amount_fen: int | None
    status: str  # as the register says it: 核准, 拟助推, 专家评审…
    notes: tuple[str, ...] = ()
    # held by an adopted list (or an award decided outside the ranking); False: its 档次
    # is the ranking's as it stands
    decided: bool = True
    # adopted in a list not yet published at another tier than the ranking's now: to
    # adopt again (its 档次 the ranking's, like a row not adopted)
    readopt: bool = False

    @property
    def ref(self) -> str:
        return id_ref(PROJECT, self.project_id)

    @property
    def score_text(self) -> str:
        return format_points(self.panel.score) if self.panel else ""

    @property
    def mean_text(self) -> str:
        return format_points(self.panel.mean) if self.panel else ""

    @property
    def sd_text(self) -> str:
        return f"{self.panel.sd:.2f}" if self.panel and self.panel.sd is not None else ""

    @property
    def rank_text(self) -> str:
        return str(self.rank) if self.rank is not None else ""

    @property
    def note_text(self) -> str:
        return "；".join(self.notes)

    @property
    def tier_text(self) -> str:
        """The 档次 as printed: a row no adopted list holds gives the ranking's as it
        stands, said so, never like a tier decided."""
        if self.decided or self.tier == "—":
            return self.tier
        return f"（按排名：{self.tier}）"

    @property
    def decided_fen(self) -> int | None:
        """The 拟助推金额 as printed (and summed): none for a row no list holds."""
        return self.amount_fen if self.decided else None


@dataclass(frozen=True)
class ExpertReturn:
    """How one expert's scores came in: a package imported (its file, when, by whom), the
    scores typed on 评分录入, or nothing yet."""

    expert: str
    way: str  # 评分包 | 评分录入 | 未交回
    file: str = ""
    at: str = ""  # ISO time imported or submitted
    operator: str = ""
    projects: int = 0
    note: str = ""
    # a package's scores the trail has an import line of (False: only its score lines,
    # ``at`` and ``operator`` then when and by whom they were stored)
    imported: bool = True
    import_id: int = 0  # the import's trail line
    # (later import's trail line, projects) whose submitted scores it replaced (summary_superseded)
    superseded: tuple[tuple[int, int], ...] = ()

    @property
    def day(self) -> str:
        return self.at.replace("T", " ")[:16]


@dataclass(frozen=True)
class PanelSummary:
    year: int
    title: str
    stage: str  # where the review stands: a draft before adoption says so
    adopted: bool
    experts: tuple[Expert, ...]
    rows: tuple[SummaryRow, ...]
    recusals: tuple[Recusal, ...]
    returns: tuple[ExpertReturn, ...]
    settings: PanelSettings
    tie_rule: str
    federation: str
    as_of: date
    operator: str = ""
    notes: tuple[str, ...] = field(default=())
    closed_on: str = ""  # the day 结年 closed the year (ISO), "" while it is open

    @property
    def draft(self) -> bool:
        """Nothing adopted yet in a year still open, or some row shown not adopted: a 过程稿."""
        return (not self.adopted and not self.closed_on) or any(not r.decided for r in self.rows)

    @property
    def names(self) -> list[str]:
        return [e.name for e in self.experts]

    @property
    def heading(self) -> str:
        """The title as printed atop the table: a draft marked where the eye falls first
        (the stage line under it, long, prints small)."""
        return f"{self.title}（{DRAFT}）" if self.draft else self.title

    def levels(self) -> list[tuple[str, list[SummaryRow]]]:
        """The rows level by level, as the ranking groups them."""
        out: list[tuple[str, list[SummaryRow]]] = []
        for r in self.rows:
            if not out or out[-1][0] != r.level_zh:
                out.append((r.level_zh, []))
            out[-1][1].append(r)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year, "title": self.title, "stage": self.stage,
            "adopted": self.adopted, "draft": self.draft, "experts": self.names,
            "projects": [{
                "number": r.number, "ref": r.ref, "title": r.title, "studio": r.studio,
                "level": r.level_zh, "rank": r.rank,
                "scores": {e.name: _cell_json(c) for e, c in zip(self.experts, r.cells,
                                                                strict=True)},
                "score": _num(r.panel.score) if r.panel else None,
                "mean": _num(r.panel.mean) if r.panel else None,
                "sd_population": round(r.panel.sd, 2) if r.panel and r.panel.sd is not None
                else None,
                "experts_counted": r.panel.n if r.panel else 0,
                "tier": r.tier_text, "amount_fen": r.decided_fen,
                **({} if r.decided else {"ranked_tier": r.tier,
                                         "ranked_amount_fen": r.amount_fen}),
                "status": r.status,
                "adopted": r.decided, "notes": list(r.notes)} for r in self.rows],
            "recusals": [{"expert": x.expert, "project": x.title,
                          "ref": id_ref(PROJECT, x.project_id), "reason": x.reason,
                          "registered": x.day, "registered_by": x.operator,
                          "outcome": x.outcome} for x in self.recusals],
            "returns": [{"expert": x.expert, "way": x.way, "file": x.file, "at": x.at,
                         "operator": x.operator, "projects": x.projects, "note": x.note,
                         "imported": x.imported}
                        for x in self.returns],
            "notes": list(self.notes),
        }


def _num(value: Fraction | None) -> float | None:
    return float(format_points(value)) if value is not None else None


def _cell_json(c: ExpertCell) -> object:
    if c.kind == SCORE and c.total is not None:
        value = float(points(c.total))
        marks = {**({"dropped": c.dropped} if c.dropped else {}),
                 **({"corrected": True} if c.corrected else {})}
        return {"score": value, **marks} if marks else value
    return CELL_TEXT.get(c.kind)


def panel_summary(reg: Register, year: int, operator: str = "") -> PanelSummary:
    """The year's 评审汇总表 as the register holds it now."""
    c = reg.campaign(year)
    s = settings(reg, year)
    panel = tuple(experts(reg, year))
    ranking = rank(reg, year)
    assigned = assignments(reg, year)
    conflicted = assignment_conflicts(reg, year, assigned)
    totals = expert_totals(reg, year)
    found = recusals(reg, year, assigned, conflicted)
    place = {e.id: n for n, e in enumerate(panel)}
    # the projects 结年 recorded 未获助推 unranked: their scores shown all the same
    closed = closed_at_year_end(reg, year, {r.project_id for r in ranking.rows})
    closed_rows = _closed_rows(reg, year, closed, conflicted, assigned)
    found = sorted([*found, *not_assigned(reg, panel, [r.project_id for r in
                                                        (*ranking.rows, *closed_rows)],
                                           assigned, found)],
                   key=lambda r: (r.project_id, place.get(r.expert_id, len(place)), r.expert))
    stood_aside = {(r.expert_id, r.project_id) for r in found}
    near_names = {(r.expert_id, r.project_id) for r in found if r.kind == NEAR}
    waiting = {(a.expert_id, a.project_id) for a in assigned
               if not a.submitted and a.id not in conflicted}
    # the adoption's words as stored (a proposal ranked afresh until published shows none)
    stored = adopted(reg, year)
    published = published_any(stored)
    decided = {pid: str(p["reason"] or "") for pid, p in stored.items()}
    # the rules, the decisions of every adoption, publicity's outcome (summary_history)
    history = history_notes(reg, year, ranking.rows, stored)
    for pid, kept in ranking.kept_published.items():  # the office's decision on the raise
        history.setdefault(pid, []).append(
            f"维持公示档次：按排名可列入{tier_name(c, kept.ranked_fen)}，经研究按公示的"
            f"{tier_name(c, kept.published_fen)}核准，空出的{tier_name(c, kept.ranked_fen)}名额留空"
            f"（{kept.operator}，{kept.at[:10]}：{kept.reason}）")
    # the day the office adopted the list (a project 开始公示 listed unranked: its record's)
    adopted_at = [str(p["adopted_on"] or p["adopted_at"]) for p in reg.query(
        "SELECT adopted_on, adopted_at FROM proposals WHERE campaign_id = ?",
        (reg.campaign_id(year),))]
    fixed: dict[int, list[CorrectionLine]] = {}
    for x in corrections(reg, year):
        fixed.setdefault(x.project_id, []).append(x)
    rows = []
    closed_ids = {r.project_id for r in closed_rows}
    for n, r in enumerate(_in_level_order([*ranking.rows, *closed_rows]), start=1):
        pid = r.project_id
        shut = pid in closed_ids
        cells = []
        for e in panel:
            key = (e.id or 0, pid)
            if key in near_names:
                cells.append(ExpertCell(NEAR_NAME))
            elif key in stood_aside:
                cells.append(ExpertCell(RECUSED))
            elif key in totals:
                cells.append(ExpertCell(SCORE, totals[key], corrected=any(
                    x.expert_id == e.id for x in fixed.get(pid, ()))))
            elif key in waiting:
                cells.append(ExpertCell(MISSING))
            else:
                cells.append(ExpertCell(NONE))
        cells = _mark_dropped(cells, r.panel, s)
        scored = r.panel is not None
        # next in line for a freed place: its 备注 says so, the 档次 what it holds (none)
        waits = next_in_line(r, stored, published)
        amount = None if waits else r.amount_fen
        tier = tier_name(c, amount) if scored or amount else "—"
        # adopted in a list still to publish, the ranking giving it another tier since (a
        # tier set by hand, a quota or a score changed): that list is no longer the
        # ranking's (publicity start refuses it), its 档次 the ranking's until adopted again
        redo = (r.adopted and not r.held and not shut and not waits
                and r.amount_fen != r.adopted_amount_fen)
        held = (r.adopted and not redo) or r.held or shut
        # before any adoption the stage line says the whole table is a draft; after one, a
        # row no list holds says so itself, lest its 档次 be signed as decided
        marked = ([CLOSED_NOTE] if shut else [_readopt_note(c, r)] if redo
                  else [UNADOPTED] if adopted_at and not held else [])
        said = _row_notes(r, found, panel, cells, s, decided.get(pid, ""),
                          history.get(pid, []), closed=shut)
        if redo:  # rank's warning of the same, said by the mark
            said = [x for x in said if not x.startswith(ADOPTED_OTHERWISE)]
        rows.append(SummaryRow(
            n, pid, r.ref, r.studio, r.level, r.level_zh, r.rank if scored else None,
            tuple(cells), r.panel, STATUS_ZH["not_awarded"] if shut else tier, amount,
            STATUS_ZH.get(r.status, r.status),
            (*marked, *said, *(x.text for x in fixed.get(pid, ()))), held, redo))
    notes = []
    if ranking.stale:
        notes.append(f"已公示的排名与按现有评分的排名不同（{ranking.stale_cause}）："
                     + "；".join(ranking.stale))
    if ranking.undecided:
        notes.append(ranking.undecided_note)
    # a year closed with no list adopted is no longer 评审中: the close says what it did
    stage = "" if closed.day and not adopted_at else _stage(
        reg, year, adopted_at, sum(1 for r in rows if not r.decided and not r.readopt),
        sum(1 for r in rows if r.readopt))
    return PanelSummary(
        year, f"{c.title}创新项目专家评审汇总表",
        "；".join(x for x in (stage, closed.line) if x),
        bool(adopted_at), panel, tuple(rows), tuple(found),
        tuple(_returns(reg, panel, {p.id or 0 for p in closed.projects})),
        s, tie_break_rule(s, c.tie_break_steps), _federation(c), clock.today(), operator,
        tuple(notes), closed.day)


def _closed_rows(reg: Register, year: int, closed: ClosedAtYearEnd,
                 conflicted: dict[int, Any], assigned: Sequence[Any]) -> list[RankRow]:
    """The projects 结年 recorded 未获助推 unranked, as rows of no rank: their scores and
    the experts' progress as the ranking would read them."""
    if not closed.projects:
        return []
    scores = panel_scores(reg, year, conflicted, list(assigned))
    done = progress(reg, year, conflicted, list(assigned))
    rows = [RankRow(p.id or 0, p.title, p.studio_name, p.studio_id,
                    p.studio_level or UNLEVELLED, p.status, scores.get(p.id or 0),
                    progress=done.get(p.id or 0)) for p in closed.projects]
    # the best scored first, those with no score last
    return sorted(rows, key=lambda r: (r.panel is None, -(r.score or 0), r.project_id))


def _in_level_order(rows: list[RankRow]) -> list[RankRow]:
    """The ranking's rows, each level's then followed by the closed rows of that level."""
    order = {level: k for k, level in enumerate((*LEVELS, UNLEVELLED))}
    return sorted(rows, key=lambda r: order.get(r.level, len(order)))


def named_totals(reg: Register, year: int, project_id: int, p: ProjectScore | None,
                 conflicted: Iterable[int] = ()) -> str:
    """One project's line of the table in words, for 排名与档次's detail line: each
    expert's total by name in the panel's order, those dropped in brackets, 回避 and 未交
    said (韩雪梅 93.0、李文静 (89.0)、钱志伟 回避…). ``conflicted``: the assignments whose
    scores the ranking leaves out (``Ranking.conflicts``). One project's rows only: a
    selection in a list of thousands reads nothing else."""
    grid, s = criteria(reg, year), settings(reg, year)
    out = set(conflicted)
    place = {e.id: (n, e.name) for n, e in enumerate(experts(reg, year))}
    stood = {r[0] for r in reg.conn.execute(
        "SELECT expert_id FROM conflicts WHERE project_id = ?", (project_id,))}
    cells: dict[int, ExpertCell] = {eid: ExpertCell(RECUSED) for eid in stood}
    for aid, eid, submitted in reg.conn.execute(
            "SELECT id, expert_id, submitted_at FROM assignments WHERE project_id = ?",
            (project_id,)):
        if aid in out or eid in stood:
            cells[eid] = ExpertCell(RECUSED)
        elif submitted is None:
            cells[eid] = ExpertCell(MISSING)
        else:
            sheet = {c: v for c, v in reg.conn.execute(
                "SELECT criterion_id, score_x10 FROM scores WHERE assignment_id = ?", (aid,))}
            cells[eid] = ExpertCell(SCORE, weighted_total(grid, sheet))
    order = sorted(cells, key=lambda eid: place.get(eid, (len(place), str(eid))))
    marked = _mark_dropped([cells[eid] for eid in order], p, s)
    return "、".join(f"{place.get(eid, (0, str(eid)))[1]} {cell.text}"
                    for eid, cell in zip(order, marked, strict=True))


def _federation(c: Any) -> str:
    from boostdesk.finance.terms import federation_name

    return federation_name(c)


def _mark_dropped(cells: list[ExpertCell], p: ProjectScore | None,
                  s: PanelSettings) -> list[ExpertCell]:
    """The totals the trimmed mean leaves out, marked: the ``trim_each`` lowest and highest.
    Of equal totals only as many are marked as are dropped (the value is the same): the
    lowest the first in the panel's order, the highest the last."""
    if p is None or p.trimmed is None or not s.trim_each:
        return cells
    scored = sorted((c.total, k) for k, c in enumerate(cells)
                    if c.kind == SCORE and c.total is not None)
    if len(scored) != p.n:  # not the ranking's totals: mark nothing rather than guess
        return cells
    out = list(cells)
    for _total, k in scored[:s.trim_each]:
        out[k] = replace(cells[k], dropped=LOW)
    for _total, k in scored[len(scored) - s.trim_each:]:  # of equals, the last
        out[k] = replace(cells[k], dropped=HIGH)
    return out


# the adoption's decisions that only an award has (adopt_proposal): said of a row with one
AWARD_DECISIONS = ("经研究按排名档次助推", "经研究列入拟助推档次")


def _row_notes(r: Any, found: list[Recusal], panel: tuple[Expert, ...],
               cells: list[ExpertCell], s: PanelSettings, stored: str,
               history: Sequence[str] = (), *, closed: bool = False) -> list[str]:
    """What the chair should see beside a project's scores, in a few words each: why it
    got what it got (``history``: :func:`.summary_history.history_notes`) first."""
    # a short panel's decisions after the short panel itself
    decisions = [n for n in history if n.startswith(SHORT_DECIDED)]
    notes = [n for n in history if not n.startswith(SHORT_DECIDED)]
    if r.override is not None:
        notes.append(f"人工调整档次：{r.override.reason}")
    if r.panel is not None and r.panel.n < s.experts_per_project:
        who = recused_names(found, r.project_id)
        notes.append(f"评审专家不足：计入 {r.panel.n} 位，本年度每个项目 {s.experts_per_project} 位"
                     + (f"（{who}）" if who else ""))
    notes.extend(decisions)
    missing = [e.name for e, c in zip(panel, cells, strict=True) if c.kind == MISSING]
    if missing:
        notes.append("评分未交：" + "、".join(missing))
    if r.progress is None and r.panel is None:
        # a project whose award was decided outside this review (publicized before the
        # register, a tier held): what `rank` says of it, not a review still to assign
        notes.append(r.reason if (r.held or r.adopted) and r.reason
                     else "未分配评审专家" if closed else "尚未分配评审专家")
    if r.panel is not None and r.panel.disagreement:
        notes.append(f"意见分歧（标准差超过 {s.disagreement_sd:g}）")
    if not any(n.startswith("档次分界处") for n in history):  # the decided tie says it
        notes.extend(r.tie)
    # a decision the trail's history does not hold, as the adoption's stored reason says
    # it; an award's own reason (above the request, against the plan), which the history
    # never holds, on a row with an award only — not one an upheld objection took since
    said = any("经研究" in n for n in history)
    notes.extend(part for part in stored.split("；") if part.startswith("经研究")
                 and part not in notes
                 and (bool(r.amount_fen) if part.startswith(AWARD_DECISIONS) else not said))
    # rank's warnings (a published tier the present quota or scores no longer give, a
    # score that should not count): the signed table says what rank says
    notes.extend(n for n in r.notes if n.startswith("注意：") and n not in notes)
    return notes


def _readopt_note(c: Any, r: RankRow) -> str:
    """A row's mark when the adopted list, not yet published, tiers it otherwise than the
    ranking now: both tiers, and that adopting again decides."""
    by_hand = "（人工调整档次）" if r.override is not None else ""
    return (f"{READOPT}：已采纳的拟助推名单中为{tier_name(c, r.adopted_amount_fen)}，"
            f"按现有排名为{tier_name(c, r.amount_fen)}{by_hand}，重新采纳后方为拟助推的决定")


def _stage(reg: Register, year: int, adopted_at: list[str], pending: int = 0,
           redo: int = 0) -> str:
    """Where the review stands, for the line under the title: a draft said first (``pending``:
    the rows no adopted list holds; ``redo``: those the list still to publish tiers
    otherwise than the ranking now)."""
    if not adopted_at:
        return "评审中：按目前已提交的评分排名，拟助推名单尚未采纳（本表为过程稿）"
    adopted = _adopted_stage(reg, year, adopted_at)
    if not pending and not redo:
        return adopted
    counts = [f"{pending} 个项目尚未采纳" if pending else "",
              f"{redo} 个项目的档次与已采纳的拟助推名单不一致、待重新采纳" if redo else ""]
    marks = [f"“{UNADOPTED}”" if pending else "", f"“{READOPT}”" if redo else ""]
    return (f"本表为过程稿：{'，'.join(x for x in counts if x)}，其档次为目前的排名"
            f"（备注{'、'.join(x for x in marks if x)}）；{adopted}")


def _adopted_stage(reg: Register, year: int, adopted_at: list[str]) -> str:
    """The adopted lists: each adoption's day and its publicity."""
    # each list's own adoption day (a batch's published rows keep theirs; the list still
    # to publish is the latest adoption's): the earliest of all named every later list's
    days = dict(reg.conn.execute(
        "SELECT period_id, MAX(COALESCE(adopted_on, substr(adopted_at, 1, 10)))"
        " FROM proposals WHERE campaign_id = ? AND (period_id IS NOT NULL"
        " OR amount_fen IS NOT NULL) GROUP BY period_id", (reg.campaign_id(year),)).fetchall())
    batches = periods(reg, year)
    pending = days.get(None)
    if len(set(days.values())) <= 1:  # one adoption: said once
        text = f"拟助推名单采纳于 {(pending or min(adopted_at))[:10]}"
        for p in batches:
            text += f"；第{p.batch}批公示 {p.start.isoformat()} 至 {p.end.isoformat()}"
            text += f"，{p.closed.isoformat()} 结束公示" if p.closed else "，公示中"
        return text + ("（尚未公示）" if pending and batches else "")
    parts = []
    for p in batches:
        said = f"第{p.batch}批名单采纳于 {days[p.id]}，" if days.get(p.id) else f"第{p.batch}批"
        parts.append(f"{said}公示 {p.start.isoformat()} 至 {p.end.isoformat()}"
                     + (f"，{p.closed.isoformat()} 结束公示" if p.closed else "，公示中"))
    if pending:
        parts.append(f"拟助推名单采纳于 {pending}，尚未公示")
    return "；".join(parts)


def _returns(reg: Register, panel: tuple[Expert, ...],
             closed: set[int] | frozenset[int] = frozenset()) -> list[ExpertReturn]:
    """How each expert's scores came in, read from the scores stored: the packages their
    submitted scores came from (each import's file, time and importer from the trail; a
    package's scores with no import line in it, e.g. stored by an earlier release, by the
    file their score lines name), the scores typed on 评分录入, and 未交回 with how many
    projects still wait (无分配的项目 only for an expert given none) — those of a project
    closed at 结年 (``closed``) said as never handed in, nothing waiting for them."""
    out: list[ExpertReturn] = []
    for e in panel:
        eid = e.id or 0
        mine = reg.query("SELECT id, project_id, source, submitted_at FROM assignments"
                         " WHERE expert_id = ? ORDER BY id", (eid,))
        sent = [a for a in mine if a["submitted_at"] and a["source"] != SCREEN]
        typed = sorted((a for a in mine if a["submitted_at"] and a["source"] == SCREEN),
                       key=lambda a: str(a["submitted_at"]))
        unsent = [a for a in mine if not a["submitted_at"]]
        shut = sum(1 for a in unsent if a["project_id"] in closed)
        left = len(unsent) - shut
        lines = _package_lines(reg, e, sent) if sent else []
        if typed:
            last = typed[-1]
            who = reg.scalar(
                "SELECT operator FROM audit_events WHERE entity = 'assignments' AND entity_id = ?"
                " AND action = 'score' ORDER BY id DESC LIMIT 1", (last["id"],)) or ""
            lines.append(ExpertReturn(e.name, "评分录入", "", str(last["submitted_at"]), who,
                                      len(typed), "在“评分录入”中录入并提交"))
        if left or shut or not lines:
            said = [f"{left} 个项目待评分"] if left else []
            if shut:
                said.append(f"{shut} 个项目未交评分，项目已于结年时记为未获助推")
            note = (f"{'另有 ' if lines else ''}{'；'.join(said)}" if said
                    else "无分配的项目")
            lines.append(ExpertReturn(e.name, "未交回", projects=left + shut, note=note))
        out.extend(lines)
    return mark_superseded(out)


def _package_lines(reg: Register, e: Expert, sent: list[dict[str, Any]]) -> list[ExpertReturn]:
    """The packages ``sent`` (the expert's submitted scores from a package) came in by:
    every import of the trail (oldest first), then any file of the stored scores no import
    line names (its scores' last move, who made it, how many)."""
    imports = reg.query("SELECT id, at, operator, after FROM audit_events WHERE entity = 'experts'"
                        " AND entity_id = ? AND action = 'import_package' ORDER BY id",
                        (e.id or 0,))
    lines, named = [], set()
    previous = 0
    files = [(int(row["id"]), str(json.loads(row["after"] or "{}").get("file", "")))
             for row in imports]
    later = superseded(reg, e.name, files)
    for row in imports:
        doc = json.loads(row["after"] or "{}")
        file = str(doc.get("file", ""))
        named.add(file)
        lines.append(ExpertReturn(e.name, "评分包", file, row["at"], row["operator"],
                                  int(doc.get("projects") or 0),
                                  _import_note(doc, _replaced(reg, e, file, previous, row["id"])),
                                  import_id=int(row["id"]),
                                  superseded=tuple(sorted(later.get(int(row["id"]), {}).items()))))
        previous = row["id"]
    unnamed: dict[str, list[tuple[str, str]]] = {}
    for a in sent:
        last = reg.query("SELECT at, operator, json_extract(after, '$.note') AS note"
                         " FROM audit_events WHERE entity = 'assignments' AND entity_id = ?"
                         " AND action = 'score' ORDER BY id DESC LIMIT 1", (a["id"],))
        file = str(last[0]["note"] or "").removeprefix(_NOTE_PREFIX) if last else ""
        if file not in named:
            unnamed.setdefault(file, []).append(
                (str(last[0]["at"]) if last else str(a["submitted_at"]),
                 str(last[0]["operator"]) if last else ""))
    for file, moves in unnamed.items():
        at, who = max(moves)
        lines.append(ExpertReturn(e.name, "评分包", file, at, who, len(moves),
                                  "修改记录中无导入该评分包的记录", imported=False))
    return lines


def _replaced(reg: Register, e: Expert, file: str, after_id: int, import_id: int
              ) -> tuple[int, int]:
    """(submitted scores, drafts) the import of ``file`` replaced: its own score lines'
    ``before``, written in its transaction just ahead of its import line."""
    submitted = drafts = 0
    for (before,) in reg.conn.execute(
            "SELECT before FROM audit_events WHERE entity = 'assignments' AND action = 'score'"
            " AND id > ? AND id < ? AND json_extract(after, '$.expert') = ?"
            " AND json_extract(after, '$.note') = ?",
            (after_id, import_id, e.name, f"{_NOTE_PREFIX}{file}")):
        was = json.loads(before or "{}")
        if was.get("submitted_at"):
            submitted += 1
        elif was.get("scores") or was.get("comment"):
            drafts += 1
    return submitted, drafts


def _older_save(doc: dict[str, Any]) -> bool:
    """Was the import an earlier save of a package already imported, confirmed to replace
    the later one (--replace-with-older)? Told by its line, or, imported before the line
    said so, by the words confirmed."""
    from .package_age import OLDER_SAVE

    return bool(doc.get("older_save")) or any(
        OLDER_SAVE in str(x) for x in doc.get("replace_confirmed") or ())


def _import_note(doc: dict[str, Any], replaced: tuple[int, int] = (0, 0)) -> str:
    parts = []
    submitted, drafts = replaced
    if doc.get("note"):
        parts.append(str(doc["note"]))
    elif submitted or drafts:
        if submitted and _older_save(doc):
            # an earlier save put back over a later one: not the expert's correction
            parts.append(f"以较早保存的一份替换了此前导入的较晚一份中 {submitted} 个项目的评分")
        elif submitted:
            parts.append(f"替换了此前已提交的 {submitted} 个项目的评分")
        if drafts:
            parts.append(f"{drafts} 个项目的草稿改为已提交")
    elif doc.get("replaced"):  # its score lines not found: said as the import line says it
        parts.append("替换了此前保存的评分")
    from .package_read import ADDED, ADDED_SCORED

    # the projects assigned since the export are not in the package: no skip of it
    lines = [str(line) for line in doc.get("skipped") or []]
    added = [line for line in lines if ADDED in line]
    done = [line for line in added if ADDED_SCORED in line]
    skipped = [line for line in lines if line not in added]
    named = [str(x) for x in doc.get("skipped_projects") or []]
    if named:  # which, and why (a line of ``skipped`` may say several projects at once)
        parts.append(f"跳过 {len(named)} 项：{'、'.join(named)}")
    elif skipped:  # imported before the projects were named: the lines alone
        parts.append(f"跳过 {len(skipped)} 项（已回避或已不在评审中）")
    if done:
        how = ("由较新的评分包交回" if all("较新的评分包" in line for line in done)
               else "另行提交")
        parts.append(f"本包中没有导出后新分配的 {len(done)} 项，其评分已{how}")
    if len(added) > len(done):
        parts.append(f"本包中没有导出后新分配的 {len(added) - len(done)} 项")
    return "；".join(parts)


# -- the texts under the table, the workbook's and the PDF's ----------------------------
def notes(summary: PanelSummary) -> list[str]:
    """The 注 under the table: what each column is, how 得分 and 标准差 are made."""
    s = summary.settings
    each = "一个最高分和一个最低分" if s.trim_each == 1 else f"最高分、最低分各 {s.trim_each} 个"
    score = (f"得分：计入评分的专家满 {s.trim_min_scores} 位时，去掉{each}后的平均分，括号内的分数"
             "即去掉的最高分和最低分（同分者只标其一）；"
             f"不足 {s.trim_min_scores} 位时为全体计入专家的平均分" if s.trim_each else
             "得分为全体计入专家的平均分（本年度不去掉最高分和最低分）")
    return [
        "各专家一栏为该专家对项目的加权合计分（百分制）；“回避”为该专家申明回避或存在利益冲突"
        "（来自项目所在单位等，分配时自动回避），其评分不计入，均列入回避登记；“未交”为已分配、"
        f"评分尚未提交；“{NEAR_TEXT}”为专家工作单位与项目的单位名称相近、可能是同一单位，"
        "分配时未分配，列入回避登记；空白为未分配该专家评审。",
        f"{score}。平均分为全体计入专家的算术平均分。",
        f"{SD_NOTE}；得分、平均分、标准差均四舍五入保留两位小数。",
        f"排名为本级别内的名次。同分规则：{summary.tie_rule}。",
        *([f"分数后注“{CORRECTED}”的为公示期间更正后的评分，更正前后的分数、理由、日期和更正人见该项目备注。"]
          if any(c.corrected for r in summary.rows for c in r.cells) else []),
        *([f"档次为“（按排名：…）”的项目尚未采纳{_or_readopt(summary)}，其档次为目前的排名，"
           "不是拟助推的决定，不列拟助推金额。"] if any(not r.decided and (
               r.amount_fen is not None or r.readopt) for r in summary.rows) else []),
        *summary.notes,
    ]


def _or_readopt(summary: PanelSummary) -> str:
    return "或待重新采纳" if any(r.readopt for r in summary.rows) else ""


def recusal_lines(summary: PanelSummary) -> list[str]:
    """回避登记, a line each: who, which project, why, when registered and by whom, and
    what became of the score."""
    out = []
    for x in summary.recusals:
        day = (f"{x.day} 登记" if x.day else "无需登记（分配时自动回避）" if x.kind == AUTO
               else "无需登记（单位名称相近，分配时未分配）" if x.kind == NEAR
               else "无登记日期（登记册信息更正后显示）")
        who = f"（登记人：{x.operator}）" if x.operator else ""
        out.append(f"{x.expert}　“{x.title}”（{id_ref(PROJECT, x.project_id)}）　"
                   f"理由：{x.reason}　{day}{who}　{x.outcome}")
    return out


def return_lines(summary: PanelSummary) -> list[str]:
    """评分包交回, a line each: the package, when it was imported and by whom."""
    out = []
    for x in summary.returns:
        if x.way == "评分包":
            when = (f"交回导入 {x.day}　导入人：" if x.imported else f"评分存入 {x.day}　操作人：")
            text = (f"{x.expert}　评分包“{x.file}”　{when}{x.operator or '—'}"
                    f"　{x.projects} 个项目" + (f"（{x.note}）" if x.note else ""))
        elif x.way == "评分录入":
            text = (f"{x.expert}　在“评分录入”中提交 {x.day}　录入人：{x.operator or '—'}"
                    f"　{x.projects} 个项目")
        else:
            text = f"{x.expert}　未交回（{x.note}）"
        out.append(text)
    return out
