"""What the plan's rules say of each row of an import — 合格, 不合格 and why, 待补材料 and
what is missing — as the preview says it before the import and the summary after it.

The verdicts themselves are the rules': the preview's come from ``import_commit.judge_rows``
(the import's own steps, rolled back), the summary's from the columns ``commit`` stored.
This module only words them. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from boostdesk.cancel_points import checkpoint
from boostdesk.gc_pause import collector_paused
from boostdesk.labels import FIELD_ZH
from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.rules.findings import BLOCKING, SEVERITY_ZH, Finding, stored_findings
from boostdesk.safety.privacy import mask_text

from .findings_notice import ELIGIBLE, INCOMPLETE, REFUSED, VERDICT_ZH, verdict_of

if TYPE_CHECKING:
    from .import_preview import ImportPreview

__all__ = ["ELIGIBLE", "INCOMPLETE", "REFUSED", "RowVerdict", "from_columns", "preview_verdicts",
           "rows_counted", "update_lines", "verdict_lines"]

# Where a stream's papers are gone through one by one after an import (the window's screens).
SCREEN = {PATENT: "专利助推", PROJECT: "创新项目"}
# The facts a summary table never carries: the papers' receipt and checklist.
PAPER_FACTS = ("received_date", "materials")
MOST_LISTED = 30  # rows named one by one in a summary; the rest counted


@dataclass(frozen=True)
class RowVerdict:
    """One sheet row's verdict: its findings as the rules gave them."""

    row: int
    findings: tuple[Finding, ...]
    name: str = ""  # the first inventor, or the project, for a listing
    app_id: int | None = None  # its 登记号, once stored
    stream: str = ""  # PATENT or PROJECT: the 登记号 written 专利12 / 项目6
    # a registered row taken by 按表更新: its application's findings as they stand now
    was: tuple[Finding, ...] | None = None

    @property
    def verdict(self) -> str:
        return verdict_of(self.findings)

    @property
    def zh(self) -> str:
        """合格 / 不合格 / 待补材料."""
        return VERDICT_ZH[self.verdict]

    @property
    def reasons(self) -> list[str]:
        """Why it is 不合格: each blocking finding, masked as on every screen, with the
        clause it cites, as ``boostdesk check`` and the paper's own page say it."""
        return [mask_text(f.message) for f in self.findings if f.severity == BLOCKING]

    @property
    def told_reasons(self) -> list[str]:
        """:attr:`reasons` as the union's copy says them: another applicant unnamed
        (``rules.findings.outgoing_text``)."""
        from boostdesk.rules.findings import outgoing_text

        return [mask_text(outgoing_text(f)) for f in self.findings if f.severity == BLOCKING]

    @property
    def missing(self) -> tuple[str, ...]:
        """The facts it lacks (field names), in the rules' order."""
        return tuple(dict.fromkeys(f.field or "" for f in self.findings if f.missing))

    @property
    def missing_text(self) -> str:
        return "缺" + "、".join(FIELD_ZH.get(f, f) for f in self.missing)

    @property
    def was_zh(self) -> str:
        """An updated row's verdict before the update (合格 / 不合格 / 待补材料), else ""."""
        return VERDICT_ZH[verdict_of(self.was)] if self.was is not None else ""

    @property
    def change(self) -> str:
        """An updated row's verdict before → after: 不合格 → 合格, or 仍为待补材料."""
        if self.was is None:
            return ""
        return f"仍为{self.zh}" if self.was_zh == self.zh else f"{self.was_zh} → {self.zh}"

    @property
    def text(self) -> str:
        """The verdict and, briefly, why: 不合格：…；待补材料：缺收件日期、材料；合格. An
        updated row's says what it was: 更新后合格（原为不合格）."""
        if self.verdict == REFUSED:
            said = f"{self.zh}：{'；'.join(self.reasons)}"
        elif self.verdict == INCOMPLETE:
            said = f"{self.zh}：{self.missing_text}"
        else:
            said = self.zh
        if self.was is None:
            return said
        return f"更新后{said}" + (f"（原为{self.was_zh}）" if self.was_zh != self.zh else "")

    @property
    def details(self) -> str:
        """Every finding, in full: the tooltip."""
        lines = [f"{SEVERITY_ZH.get(f.severity, f.severity)}：{mask_text(f.message)}"
                 for f in self.findings]
        head = (f"按表更新后：{self.zh}（现为{self.was_zh}）" if self.was is not None
                else f"导入后：{self.zh}")
        return "\n".join([head, *lines])

    @property
    def listed(self) -> str:
        """第 7 行（郑凯，专利98）, as a summary names it."""
        ref = (id_ref(self.stream, self.app_id) if self.stream else f"登记号 {self.app_id}"
               ) if self.app_id else ""
        who = "，".join(x for x in (self.name, ref) if x)
        return f"第 {self.row} 行" + (f"（{who}）" if who else "")


def from_columns(row: int, findings_json: str, name: str = "",
                 app_id: int | None = None, stream: str = "") -> RowVerdict:
    """A row's verdict from its findings column, as ``commit`` stores it."""
    return RowVerdict(row, stored_findings(findings_json or "[]"), name, app_id, stream)


def named(record: Any) -> str:
    """The first inventor, or the project's name: what a clerk looks a row up by."""
    return str(getattr(record, "inventor_name", None) or getattr(record, "title", ""))


def preview_verdicts(reg: Any, preview: ImportPreview, *, received_date: date | None = None,
                     update_studios: bool = False, registered: dict[int, Any] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     updates: dict[int, Any] | None = None,
                     kept: list[Any] | None = None) -> dict[int, RowVerdict]:
    """Each row of ``preview`` (the rows to be stored) -> the verdict the import will store
    for it, with the same choices (``import_commit.judge_import``); with ``updates`` (the
    registered rows 按表更新 takes, ``io.resend.compare``'s) each of those rows -> the
    verdict its application will have once updated, with what it has now (``was``).
    ``kept``: the judging appended to it (``import_commit.Judged``), for ``commit``."""
    from .import_commit import judge_import, stored_verdicts

    now = stored_verdicts(reg, preview.stream, [m.app_id for m in (updates or {}).values()])
    columns, updated = judge_import(reg, preview, received_date=received_date,
                                    update_studios=update_studios, registered=registered,
                                    updates=updates, cancelled=cancelled, kept=kept)
    out = {}
    with collector_paused():  # a full collection mid-loop held a 取消 for 0.2–0.3 s
        for row, record, (_ok, _missing, findings) in zip(preview.rows, preview.records,
                                                          columns, strict=True):
            checkpoint()  # the preview, cancelled: stops here
            out[row] = from_columns(row, findings, named(record))
    for row, (_ok, _missing, findings) in updated.items():
        match = (updates or {})[row]
        out[row] = RowVerdict(row, stored_findings(findings or "[]"), named(match.record),
                              match.app_id, preview.stream,
                              _findings(now, match.app_id))
    return dict(sorted(out.items()))


def update_lines(reg: Any, stream: str, updates: dict[int, Any],
                 before: dict[int, Any]) -> list[str]:
    """What 按表更新 did, a registered row a line, after the import: each field from → to,
    and the application's verdict from ``before`` (``import_commit.stored_verdicts`` read
    before the import) to now — 第 3 行：按表更新 专利7：授权公告日 2022-02-15 → 2021-02-15
    （不合格 → 合格）."""
    from boostdesk.labels import show_value

    from .import_commit import stored_verdicts

    taken = {row: m for row, m in updates.items() if m.takes}
    after = stored_verdicts(reg, stream, [m.app_id for m in taken.values()])
    lines = []
    for row, match in sorted(taken.items()):
        verdict = RowVerdict(row, _findings(after, match.app_id),
                             was=_findings(before, match.app_id))
        kept = [d.label for d in match.differences if d.by_hand and not d.kept]
        slips = "".join(f"（{d}）" for d in match.differences if d.kept)
        lines.append(
            f"第 {row} 行：按表更新 {id_ref(stream, match.app_id)}："
            + "；".join(f"{d.label} {show_value(d.field, d.stored)} → "
                       f"{show_value(d.field, d.table)}" + (f"（{d.moved}）" if d.moved else "")
                       for d in match.takes)
            + f"（{verdict.change}）"
            + (f"（登记后修改过的{'、'.join(kept)}保留登记册的）" if kept and not match.locked else "")
            + (f"；不按表更新：{slips}" if slips and not match.locked else ""))
    return lines


def _findings(columns: dict[int, Any], app_id: int) -> tuple[Finding, ...]:
    """An application's findings from ``stored_verdicts``' columns."""
    return stored_findings((columns.get(app_id) or (0, 0, "[]"))[2] or "[]")


def verdict_lines(verdicts: Sequence[RowVerdict], stream: str) -> list[str]:
    """The rows by verdict, after the counts: each 不合格 row with why; the 待补材料 rows
    named, with what they lack said once when it is the same for all (a summary table
    never carries the papers' 收件日期 and checklist: every row lacks them)."""
    lines: list[str] = []
    refused = [v for v in verdicts if v.verdict == REFUSED]
    if refused:
        lines.append(f"不合格 {len(refused)} 行：")
        lines += [f"  {v.listed}：{'；'.join(v.reasons)}" for v in refused[:MOST_LISTED]]
        if len(refused) > MOST_LISTED:
            lines.append(f"  ……另有 {len(refused) - MOST_LISTED} 行，见“{SCREEN[stream]}”中"
                         "资格为不合格的申报")
    incomplete = [v for v in verdicts if v.verdict == INCOMPLETE]
    if not incomplete:
        return lines
    gaps = {v.missing for v in incomplete}
    if len(gaps) == 1:
        rows = rows_counted([v.row for v in incomplete], len(verdicts))
        lines.append(f"待补材料 {rows}：{_same_gap(next(iter(gaps)), stream)}")
        return lines
    lines.append(f"待补材料 {len(incomplete)} 行：")
    lines += [f"  {v.listed}：{v.missing_text}" for v in incomplete[:MOST_LISTED]]
    if len(incomplete) > MOST_LISTED:
        lines.append(f"  ……另有 {len(incomplete) - MOST_LISTED} 行")
    lines.append(f"导入后请在“{SCREEN[stream]}”中逐份补齐")
    return lines


def counts_text(verdicts: Sequence[RowVerdict]) -> str:
    """导入后：不合格 5 行（第 7、14 行…）、待补材料 4 行（…）、合格 0 行: the preview's line."""
    parts = []
    for verdict in (REFUSED, INCOMPLETE, ELIGIBLE):
        rows = [v.row for v in verdicts if v.verdict == verdict]
        shown = (rows_counted(rows, len(verdicts)) if rows and verdict != ELIGIBLE
                 else f"{len(rows)} 行")
        parts.append(f"{VERDICT_ZH[verdict]} {shown}")
    return "导入后按方案核对：" + "、".join(parts)


def _same_gap(missing: tuple[str, ...], stream: str) -> str:
    """What every 待补 row lacks, said once, with what to do."""
    from boostdesk.said_where import way

    screen = SCREEN[stream]
    if missing and set(missing) <= set(PAPER_FACTS):
        told = "和".join({"received_date": "收件日期", "materials": "材料勾选"}[f]
                        for f in PAPER_FACTS if f in missing)
        todo = "、".join({"received_date": "填写收件日期", "materials": "勾选已收到的材料"}[f]
                        for f in PAPER_FACTS if f in missing)
        many = ("（收件日期是本办收到纸质申报的日期，由本办填写：" + way(
            "可选中多份后按 Ctrl+D 一次填写",
            "可用 review received 命令一次填写多份（--union 推荐单位 --missing-only）") + "）"
                if "received_date" in missing else "")
        return f"汇总表没有{told}，导入后请在“{screen}”中逐份{todo}{many}"
    return f"均{'缺' + '、'.join(FIELD_ZH.get(f, f) for f in missing)}，导入后请在“{screen}”中逐份补齐"


def row_list(rows: list[int]) -> str:
    shown = "、".join(str(r) for r in rows[:MOST_LISTED])
    return f"第 {shown} 行" + (f" 等 {len(rows)} 行" if len(rows) > MOST_LISTED else "")


def rows_counted(rows: list[int], total: int, note: str = "",
                 listed: Callable[[list[int]], str] = row_list) -> str:
    """5 行（第 2、3 行…，note）, or 全部 2000 行（note） when the rows are all ``total``:
    not 第 2、3、4、…、31 行 等 2000 行 for every row of the table."""
    if len(rows) == total > 1:
        return f"全部 {total} 行" + (f"（{note}）" if note else "")
    return f"{len(rows)} 行（{listed(rows)}" + (f"，{note}" if note else "") + "）"
