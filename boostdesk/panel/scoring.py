"""Scores: what an expert typed on screen or returned in a package, and the panel's totals.

An expert's scores count only once submitted (a package is submitted when imported; the
on-screen grid has 保存草稿 and 提交评分). Until then nobody else sees them, and the
ranking ignores them.

Aggregation (专业评审分数为主要助推依据): each expert's weighted total per project; the
panel's mean; the trimmed mean — the highest and lowest ``trim_each`` totals dropped once
there are at least ``trim_min_scores`` — which is then the project's score; the standard
deviation, flagging strong disagreement above the campaign's threshold.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from boostdesk.models.register import Register
from boostdesk.validate import normalize_text

from .errors import PanelError
from .experts import (
    Assignment,
    ScoreConflict,
    assignment_conflicts,
    assignments,
    expert,
    expert_year,
    experts,
)
from .grid import SCORE_SCALE, Criterion, PanelSettings, criteria, settings, weighted_total

SCREEN = "screen"
PACKAGE = "package"


def format_score(x10: int | None) -> str:
    """Tenths of a point as typed: 18, 18.5."""
    if x10 is None:
        return ""
    whole, tenth = divmod(x10, SCORE_SCALE)
    return f"{whole}.{tenth}" if tenth else str(whole)


def format_points(value: Fraction | float | None, places: int = 2) -> str:
    """A mean score rounded half up (四舍五入), as the publicity list and the ranking show
    it: 87.125 → 87.13 (a float's format rounded the exact tie to even, 87.12)."""
    if value is None:
        return ""
    exact = value if isinstance(value, Fraction) else Fraction(str(value))
    scaled = abs(exact) * 10**places
    units = int(scaled + Fraction(1, 2))  # floor of a non-negative number
    whole, part = divmod(units, 10**places)
    sign = "-" if exact < 0 and units else ""
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def parse_score(value: object, c: Criterion) -> int | None:
    """A typed or read score in tenths; None when blank. ValueError says what is wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"“{c.name}”应填写 0 到 {c.max_score} 之间的数字")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Read at the 15 significant digits Excel and WPS show: a formula's saved result
        # (=36.9/3 → 12.299999999999999) is the 12.3 the reviewer sees.
        number = Decimal(f"{value:.15g}")
    else:
        number = _typed_number(value, c)
    if not number.is_finite():
        raise ValueError(f"“{c.name}”应填写 0 到 {c.max_score} 之间的数字，而不是“{value}”")
    if number < 0 or number > c.max_score:
        raise ValueError(f"“{c.name}”应在 0 到 {c.max_score} 之间，而不是 {number.normalize():f}")
    tenths = number * SCORE_SCALE
    if tenths != tenths.to_integral_value():
        raise ValueError(f"“{c.name}”最多保留一位小数，而不是 {number.normalize():f}")
    return int(tenths)


def _typed_number(value: object, c: Criterion) -> Decimal:
    """A score typed as text, in plain decimal notation only. A Chinese input method types
    full-width digits and points (１７．５): NFKC reads them as the register reads every
    other typed number. Decimal (like float()) would also take 1_8, 1e1, ² and other
    scripts' digits, which no reviewer means as a score: refused, saying how to type it."""
    text = normalize_text(value)
    if _PLAIN.fullmatch(text) and not _odd_digits(str(value)):
        return Decimal(text)
    hint = ("（小数点请用半角“.”）" if "。" in text
            else "（请用普通数字填写，不要用上标、圈码等符号）" if _odd_digits(str(value))
            else "（数字中间不要加下划线）" if _PLAIN.fullmatch(text.replace("_", ""))
            else "（请直接写出分数，不要用 1e1 这样的科学计数法）" if _exponent(text)
            else "（小数点请用“.”，不要用逗号）" if _number(re.sub("[,，]", ".", text))
            else "（只填数字，不要带“分”字）" if _number(text.removesuffix("分"))
            else "（请用阿拉伯数字填写，如 12.5）" if _CHINESE_NUMBER.fullmatch(text)
            else "")
    raise ValueError(f"“{c.name}”应填写 0 到 {c.max_score} 之间的数字，而不是“{value}”{hint}")


# Digits, a point and a sign, nothing else: what a reviewer types as a score.
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_EXPONENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+", re.ASCII)
_CHINESE_NUMBER = re.compile("[零〇一二两三四五六七八九十百点]+分?")


def _odd_digits(raw: str) -> bool:
    """Whether the text has a digit other than ASCII's or the full-width ones an input
    method types: ² or ① (NFKC makes them 2 and 1), ١٢ (Decimal reads 12)."""
    return any(not ("0" <= ch <= "9" or "\uff10" <= ch <= "\uff19")
               and unicodedata.digit(ch, None) is not None for ch in raw)


def _exponent(text: str) -> bool:
    return bool(_EXPONENT.fullmatch(text))


def _number(text: str) -> bool:
    return bool(_PLAIN.fullmatch(text.strip()))


# -- one expert's grid ------------------------------------------------------------------
@dataclass(frozen=True)
class SheetRow:
    assignment_id: int
    project_id: int
    title: str
    studio: str
    scores_x10: dict[int, int]  # criterion id -> tenths
    comment: str
    submitted: bool
    enterprise: str = ""  # the project's 所在单位: 评分录入 finds a project by it


def expert_sheet(reg: Register, expert_id: int) -> list[SheetRow]:
    """The projects assigned to one expert, still under review, with only their own scores;
    not one the register now shows them in conflict with (:func:`sheet_conflicts`): it is
    left blank, not scored."""
    year = expert_year(reg, expert_id)
    conflicted = assignment_conflicts(reg, year)
    mine = [a for a in assignments(reg, year) if a.expert_id == expert_id
            and a.id not in conflicted]
    scores = _scores_by_assignment(reg, [a.id for a in mine])
    rows = []
    for a in mine:
        app = reg.project(a.project_id)
        if app.status != "review":
            continue
        rows.append(SheetRow(a.id, a.project_id, app.title, app.studio_name,
                             scores.get(a.id, {}), a.comment, a.submitted,
                             app.enterprise_name or ""))
    return rows


def sheet_conflicts(reg: Register, expert_id: int) -> list[ScoreConflict]:
    """The expert's assignments under review the register now shows conflicted: not on
    their sheet or package, and awaiting the office (取消分配, 另派专家)."""
    year = expert_year(reg, expert_id)
    return [k for k in assignment_conflicts(reg, year).values()
            if k.expert_id == expert_id and k.status == "review"]


def scores_by_assignment(reg: Register, ids: list[int]) -> dict[int, dict[int, int]]:
    """Assignment id -> criterion id -> tenths, for these assignments."""
    return _scores_by_assignment(reg, ids)


def _scores_by_assignment(reg: Register, ids: list[int]) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = {}
    if not ids:
        return out
    marks = ", ".join("?" * len(ids))
    for r in reg.query(
        f"SELECT assignment_id, criterion_id, score_x10 FROM scores WHERE assignment_id IN ({marks})",
        ids,
    ):
        out.setdefault(r["assignment_id"], {})[r["criterion_id"]] = r["score_x10"]
    return out


Entries = Mapping[int, tuple[Mapping[int, int | None], str]]  # project -> (scores, comment)


def check_entries(grid: tuple[Criterion, ...], titles: Mapping[int, str], entries: Entries,
                  complete: bool, every_project: bool = True) -> list[str]:
    """Problems with scores about to be stored (tenths, already parsed); ``complete``:
    every criterion scored, and (``every_project``) every project of ``titles`` given."""
    problems: list[str] = []
    for project_id, (scores, _comment) in entries.items():
        title = titles.get(project_id)
        if title is None:
            problems.append(f"编号为 {project_id} 的项目没有分配给该专家，或已不在专家评审阶段")
            continue
        for c in grid:
            value = scores.get(c.id or 0)
            if value is None:
                if complete:
                    problems.append(f"项目“{title}”的“{c.name}”未评分")
            elif not 0 <= value <= c.max_score * SCORE_SCALE:
                problems.append(
                    f"项目“{title}”的“{c.name}”应在 0 到 {c.max_score} 之间，"
                    f"而不是 {format_score(value)}"
                )
    if complete and every_project:
        for project_id, title in titles.items():
            if project_id not in entries:
                problems.append(f"项目“{title}”未评分")
    return problems


def save_scores(reg: Register, expert_id: int, entries: Entries, *, submit: bool,
                source: str = SCREEN, note: str = "", every_project: bool = True) -> None:
    """Store an expert's scores; ``submit`` needs every assigned project fully scored
    (or, without ``every_project``, every project given: a package exported before a
    project was assigned submits its own projects, the new one waits for the next).

    Saving without ``submit`` keeps (or puts back) the expert's scores as a draft, which
    the ranking ignores. Earlier scores of the same projects are replaced; audited.
    """
    from .grid import ensure_grid

    year = expert_year(reg, expert_id)
    with reg.transaction():
        grid = ensure_grid(reg, year)
        e = expert(reg, expert_id)
        conflicted = {k.project_id: k for k in sheet_conflicts(reg, expert_id)}
        # a conflicted row is neither required nor taken: it would never count, and a
        # submission stamping it would count it once the conflict were corrected away
        problems = [f"不能评审项目“{k.title}”（{k.reason}），该项请留空；请在“分配专家”中"
                    "取消该分配，需要时另派专家" for pid, k in conflicted.items() if pid in entries
                    and any(v is not None for v in entries[pid][0].values())]
        entries = {pid: v for pid, v in entries.items() if pid not in conflicted}
        mine = {a.project_id: a for a in assignments(reg, year)
                if a.expert_id == expert_id and a.project_id not in conflicted
                and reg.project(a.project_id).status == "review"}
        titles = {pid: reg.project(pid).title for pid in mine}
        problems += check_entries(grid, titles, entries, complete=submit,
                                  every_project=every_project)
        if problems:
            raise PanelError(f"专家“{e.name}”的评分未保存：" + "；".join(problems))
        old = _scores_by_assignment(reg, [a.id for a in mine.values()])
        stamp = datetime.now().isoformat(timespec="seconds") if submit else None
        for project_id, (scores, comment) in entries.items():
            a = mine[project_id]
            reg.conn.execute("DELETE FROM scores WHERE assignment_id = ?", (a.id,))
            for c in grid:
                value = scores.get(c.id or 0)
                if value is not None:
                    reg.conn.execute(
                        "INSERT INTO scores (assignment_id, criterion_id, score_x10) VALUES (?, ?, ?)",
                        (a.id, c.id, value),
                    )
            reg.conn.execute(
                "UPDATE assignments SET comment = ?, submitted_at = ?, source = ? WHERE id = ?",
                (comment.strip(), stamp, source, a.id),
            )
            names = {c.id: c.name for c in grid}
            reg.audit(
                "score", "assignments", a.id,
                {"scores": {names.get(k, k): format_score(v) for k, v in old.get(a.id, {}).items()},
                 "comment": a.comment, "submitted_at": a.submitted_at, "source": a.source},
                {"expert": e.name, "project": titles[project_id],
                 "scores": {names[c.id]: format_score(scores.get(c.id or 0)) for c in grid},
                 "comment": comment.strip(), "submitted_at": stamp, "source": source,
                 **({"note": note} if note else {})},
            )
        if submit and every_project:  # a submission covers every assigned project
            for project_id, a in mine.items():
                if project_id not in entries:
                    reg.conn.execute("UPDATE assignments SET submitted_at = ? WHERE id = ?",
                                     (stamp, a.id))


# -- the panel's view ------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectScore:
    """The panel's verdict on one project from the submitted scores."""

    project_id: int
    totals: tuple[Fraction, ...]  # each submitted expert's weighted total, ascending
    mean: Fraction | None
    trimmed: Fraction | None  # None when too few scores to trim
    sd: float | None
    disagreement: bool
    criterion_means: dict[int, Fraction]

    @property
    def n(self) -> int:
        return len(self.totals)

    @property
    def score(self) -> Fraction | None:
        """The score the ranking uses: the trimmed mean when it applies, else the mean."""
        return self.trimmed if self.trimmed is not None else self.mean


def summarize(project_id: int, totals: list[Fraction], s: PanelSettings,
              criterion_means: dict[int, Fraction] | None = None) -> ProjectScore:
    ordered = tuple(sorted(totals))
    n = len(ordered)
    mean = sum(ordered, Fraction(0)) / n if n else None
    trimmed = None
    if n >= s.trim_min_scores and n > 2 * s.trim_each:
        kept = ordered[s.trim_each:n - s.trim_each]
        trimmed = sum(kept, Fraction(0)) / len(kept)
    sd = statistics.pstdev(float(t) for t in ordered) if n >= 2 else None
    disagreement = sd is not None and sd > s.disagreement_sd
    return ProjectScore(project_id, ordered, mean, trimmed, sd, disagreement,
                        criterion_means or {})


def panel_scores(reg: Register, year: int,
                 conflicted: Mapping[int, object] | None = None,
                 assigned: list[Assignment] | None = None,
                 read: dict[int, dict[int, int]] | None = None) -> dict[int, ProjectScore]:
    """Every project with at least one submitted score -> the panel's verdict. A score
    the register now shows conflicted (:func:`~.experts.assignment_conflicts`) is left out:
    it never counts, whenever the conflict came to light. ``read``: filled with the scores
    counted, by assignment (the ranking looks at them again: same_sheets)."""
    grid = criteria(reg, year)
    s = settings(reg, year)
    assigned = assignments(reg, year) if assigned is None else assigned
    if conflicted is None:
        conflicted = assignment_conflicts(reg, year, assigned)
    submitted = [a for a in assigned if a.submitted and a.id not in conflicted]
    scores = _scores_by_assignment(reg, [a.id for a in submitted])
    if read is not None:
        read.update(scores)
    per_project: dict[int, list[dict[int, int]]] = {}
    for a in submitted:
        per_project.setdefault(a.project_id, []).append(scores.get(a.id, {}))
    out: dict[int, ProjectScore] = {}
    for project_id, sheets in per_project.items():
        totals = [weighted_total(grid, sheet) for sheet in sheets]
        means = {c.id or 0: sum((Fraction(sh.get(c.id or 0, 0), SCORE_SCALE) for sh in sheets),
                                Fraction(0)) / len(sheets) for c in grid}
        out[project_id] = summarize(project_id, totals, s, means)
    return out


def expert_totals(reg: Register, year: int) -> dict[tuple[int, int], Fraction]:
    """(expert id, project id) -> that expert's submitted weighted total (not a
    conflicted one: it does not count)."""
    grid = criteria(reg, year)
    conflicted = assignment_conflicts(reg, year)
    submitted = [a for a in assignments(reg, year) if a.submitted and a.id not in conflicted]
    scores = _scores_by_assignment(reg, [a.id for a in submitted])
    return {(a.expert_id, a.project_id): weighted_total(grid, scores.get(a.id, {}))
            for a in submitted}


@dataclass(frozen=True)
class Progress:
    """How far the experts assigned to one project are: 二（四）2 makes their scores the
    main basis, so a project is judged on all of them or not yet."""

    assigned: int
    submitted: int
    missing: tuple[str, ...]  # the experts assigned who have not submitted, as named
    conflicted: tuple[str, ...] = ()  # experts whose score a conflict keeps out, with why

    @property
    def complete(self) -> bool:
        return self.assigned > 0 and self.submitted == self.assigned

    @property
    def text(self) -> str:
        """已交 2/3，缺 专家E — or 尚未分配评审专家."""
        if not self.assigned:
            return "尚未分配评审专家"
        text = f"已交 {self.submitted}/{self.assigned}"
        if self.missing:
            text += "，缺 " + "、".join(self.missing)
        if self.conflicted:
            text += "；" + "、".join(self.conflicted) + "：存在利益冲突，其评分不计入排名"
        return text


def progress(reg: Register, year: int,
             conflicted: Mapping[int, ScoreConflict] | None = None,
             assigned: list[Assignment] | None = None) -> dict[int, Progress]:
    """Project id -> its experts' progress, for every project with an assignment."""
    panel = experts(reg, year)  # by name in pinyin order: 缺 李四、王五、张三
    names = {e.id: e.name for e in panel}
    place = {e.id: n for n, e in enumerate(panel)}
    assigned = assignments(reg, year) if assigned is None else assigned
    if conflicted is None:
        conflicted = assignment_conflicts(reg, year, assigned)
    per_project: dict[int, list[str | None]] = {}
    against: dict[int, list[str]] = {}
    for a in sorted(assigned, key=lambda a: place.get(a.expert_id, len(place))):
        # None for a submitted score; a draft is named as one, being typed but not counted
        name = names.get(a.expert_id, str(a.expert_id))
        if a.id in conflicted:  # not submitted, whatever was typed: it cannot count
            against.setdefault(a.project_id, []).append(f"{name}（{conflicted[a.id].reason}）")
            per_project.setdefault(a.project_id, []).append("")
            continue
        waiting = None if a.submitted else name + ("（草稿未提交）" if a.source else "")
        per_project.setdefault(a.project_id, []).append(waiting)
    return {pid: Progress(len(marks), sum(m is None for m in marks),
                          tuple(m for m in marks if m), tuple(against.get(pid, ())))
            for pid, marks in per_project.items()}
