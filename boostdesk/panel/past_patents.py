"""补录往年专利核准: an earlier year's patent awards recorded from the list the office kept.

A register started late records an earlier year's project awards by ``record_past``; its
patents had no such way. A patent is approved only through 改变状态 (one at a time: a batch
is refused for papers the rules flag, and every old paper is flagged — no materials, no
received date, often a 15-digit ID), so a year's hundreds of awarded patents stayed 已登记,
and 往年结年 (``past_close``) could only mark them all 资格审核不通过.

:func:`record_past_patents` records a year's list as the projects' 补录 does: each patent
walks 已登记 → 资格审核通过 → 核准 at the year's patent amount (``patent_award``; its payment
split as that year's plan says, ``payment_plan.planned_rows``) on its approval date, with
the reason 历史补录, and the blocking findings of the day taken on record (audited as
``record_past``: ``award_holds`` reads them as passed, as a clerk's 改变状态 against them).
A line with a 拨付日期 is recorded paid as the year's history (→ 已拨付; every payment row
paid that day, voucher 历史补录, owed by no list), as ``past_settle`` does for projects.

All or nothing after one backup, every wrong line named: a number not in the register, a
paper of another year, the same patent twice, a date outside the year or the next or to
come, a paper already decided. Never for the register's newest year (its patents are the
window's, run through 改变状态 and 拨付). ``boostdesk panel record-past --patents`` and
专利助推's 往年 ▾ → 补录往年核准名单… call these; :func:`read_patent_list` reads the list
(a workbook or CSV, as ``past_list`` reads the projects').
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from boostdesk.app_refs import patent_number, stream_and_id
from boostdesk.models.records import PATENT, PatentApplication, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH, YEAR_CLOSE_REASONS
from boostdesk.money import format_money
from boostdesk.said_where import aside, way
from boostdesk.validate import (
    ValidationError,
    after_today,
    normalize_text,
    parse_date,
    parse_patent_number,
)

from .errors import PanelError, lines_text
from .past import PAST_REASON, RECORD_PAST
from .past_list import _is_header, _rows, _text
from .past_settle import SETTLED_VOUCHER, insert_history_payment

PATENT_COLUMNS = "专利号或登记号（专利N）、核准日期、拨付日期（可空）、说明（可空）"
PAID_REASON = f"{PAST_REASON}：往年已拨付，款项按往年已拨付记"
_FROM = ("registered", "qualified")  # the statuses a record starts from
_WALK = {"registered": ("qualified", "approved"), "qualified": ("approved",)}


@dataclass(frozen=True)
class PatentLine:
    """One line of a year's patent list: the paper, its approval day, the day it was paid
    (None: owed as an award of today), a note."""

    line: int
    patent_id: int
    approved_on: date
    paid_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class PastPatent:
    """A patent award recorded: the paper, the money and what was taken with it."""

    patent_id: int
    ref: str  # the patent number as lists show it
    inventor: str
    amount_fen: int
    approved_on: date
    paid_on: date | None
    taken: tuple[str, ...] = ()  # blocking findings passed with the record


def year_refusal(reg: Register, year: int) -> str:
    """Why ``year``'s patents cannot be recorded as past awards ("" when they can)."""
    years = reg.campaign_years()
    if year not in years:
        return f"登记册中没有 {year} 年度"
    if year >= max(years):
        return (f"{year} 年度是登记册中最新的年度：本年度的专利在“专利助推”中逐项核对，用“改变状态”核准、"
                "在“拨付”中登记拨付；补录往年专利核准只用于此前年度")
    if reg.campaign(year).patent_award_fen <= 0:
        return (f"{year} 年度计划未设每项专利助推金额：请先在“设置”中填写 {year} 年度的金额"
                + aside(f"boostdesk campaign set --year {year} patent_award=金额"))
    return ""


def line_refusal(app: PatentApplication, approved_on: date, paid_on: date | None) -> str:
    """Why ``app`` cannot be recorded approved on ``approved_on`` (paid on ``paid_on``)."""
    year, name = app.campaign_year, _name(app)
    if app.status not in _FROM:
        status = STATUS_ZH.get(app.status, app.status)
        if app.status == "refused" and app.status_reason in YEAR_CLOSE_REASONS:
            return (f"{name}已在 {year} 年度结年时记为“{status}”：请先撤销结年（“专利助推”页 往年 ▾ → "
                    "撤销结年…" + way("", f"，命令行 boostdesk panel close-year --year {year} --reopen "
                                  "--reason 理由") + "），补录后再结年")
        if app.status == "refused":
            return (f"{name}为“{status}”（{app.status_reason or '未写理由'}）：确应核准的，"
                    "请先在“改变状态”中改回“已登记”并写明理由")
        return f"{name}已为“{status}”，不再补录"
    if future := after_today(approved_on, "核准日期"):
        return future
    if not year <= approved_on.year <= year + 1:
        return f"核准日期 {approved_on.isoformat()} 不在 {year} 年或 {year + 1} 年内，请核对年份"
    if paid_on is not None:
        if future := after_today(paid_on, "拨付日期"):
            return future
        if paid_on < approved_on:
            return f"拨付日期 {paid_on.isoformat()} 早于核准日期 {approved_on.isoformat()}，请核对"
    return ""


def read_patent_list(reg: Register, year: int, path: Path) -> list[PatentLine]:
    """The lines of ``year``'s patent list at ``path`` (:data:`PATENT_COLUMNS`; the first
    line may be a header, which may also place 拨付日期 and 说明); PanelError naming every
    line that does not read or could not be recorded."""
    if why := year_refusal(reg, year):
        raise PanelError(why)
    finder = _Finder(reg, year)
    lines: list[PatentLine] = []
    bad: list[tuple[int, str]] = []
    first: dict[int, int] = {}
    paid_at, note_at = 2, 3
    decided = 0  # lines whose paper is awarded already: a list recorded before, run again
    for n, cells in _rows(path, PATENT_COLUMNS):
        cells = list(cells) + [""] * 4
        if not lines and not bad and _is_header(cells[1]):
            paid_at, note_at = _columns(cells, paid_at, note_at)
            continue
        try:
            app = finder.find(_text(cells[0]))
            approved = _day(cells[1], "核准日期")
            paid = _day(cells[paid_at], "拨付日期") if _text(cells[paid_at]) else None
        except ValidationError as exc:
            bad.append((n, exc.message))
            continue
        app_id = app.id or 0  # (a stored paper has its id)
        if app_id in first:
            bad.append((n, f"{_name(app)}与第 {first[app_id]} 行是同一专利"))
            continue
        first[app_id] = n
        if why := line_refusal(app, approved, paid):
            bad.append((n, why))
            decided += app.status in ("approved", "paid")
            continue
        lines.append(PatentLine(n, app_id, approved, paid, _text(cells[note_at])))
    if bad and decided == len(bad) == len(first):
        raise PanelError(f"{path.name} 中的 {decided} 项专利均已核准：这份名单已补录过，无需再补录")
    if bad:
        raise PanelError(f"专利名单未补录（{len(bad)} 行有误，全部未保存，改正后重新补录）：\n"
                         + lines_text(bad))
    if not lines:
        raise PanelError(f"{path.name} 中没有要补录的专利（每行：{PATENT_COLUMNS}）")
    return lines


def record_past_patents(reg: Register, lines: list[PatentLine], *,
                        cancelled: Callable[[], bool] | None = None) -> list[PastPatent]:
    """A year's patent list recorded all or nothing after one backup (none once
    ``cancelled()`` says so after it), in one transaction, each award audited as
    ``record_past``; every refused line named."""
    from boostdesk.rules import recheck
    from boostdesk.safety.backup import backed_up_write

    if not lines:
        raise PanelError("名单中没有要补录的专利")
    apps = {a.id: a for a in reg.patents_by_id(x.patent_id for x in lines)}
    refused: list[tuple[int, str]] = []
    seen: dict[int, int] = {}
    for x in lines:
        app = apps.get(x.patent_id)
        why = ("没有这项专利申报" if app is None
               else f"{_name(app)}与第 {seen[x.patent_id]} 行是同一专利" if x.patent_id in seen
               else year_refusal(reg, app.campaign_year)
               or line_refusal(app, x.approved_on, x.paid_on))
        seen.setdefault(x.patent_id, x.line)
        if why:
            refused.append((x.line, why))
    if refused:
        raise PanelError(f"专利名单未补录（{len(refused)} 行有误，全部未保存，改正后重新补录）：\n"
                         + lines_text(refused))
    with backed_up_write(reg, "status", cancelled):
        done: list[PastPatent] = []
        with reg.transaction():
            for x in lines:
                _walk(reg, apps[x.patent_id], x)
            recheck(reg)  # the findings of the day, with the year's awards now in it
            taken = _taken(reg, [x.patent_id for x in lines])
            for x in lines:
                app = apps[x.patent_id]
                amount = reg.campaign(app.campaign_year).patent_award_fen
                found = taken.get(x.patent_id, [])
                reg.audit(RECORD_PAST, "patent_applications", x.patent_id, {"status": app.status},
                          {"award_fen": amount, "approved_date": x.approved_on.isoformat(),
                           "reason": _reason(x.note),
                           **({"paid_date": x.paid_on.isoformat(), "voucher": SETTLED_VOUCHER}
                              if x.paid_on else {}),
                           **({"taken_findings": found} if found else {})})
                done.append(PastPatent(x.patent_id, app.ref, app.inventor_name, amount, x.approved_on,
                                       x.paid_on, tuple(found)))
        return done


def recorded_text(year: int, done: list[PastPatent]) -> str:
    """已补录 2015 年度 324 项专利核准，合计 ¥648,000.00（历史补录）；其中 300 项按往年已拨付记."""
    paid = sum(1 for x in done if x.paid_on)
    taken = sum(1 for x in done if x.taken)
    return (f"已补录 {year} 年度 {len(done)} 项专利核准，合计 "
            f"{format_money(sum(x.amount_fen for x in done))}（{PAST_REASON}）"
            + (f"；其中 {paid} 项按往年已拨付记（凭证 {SETTLED_VOUCHER}，不再列入待拨付）" if paid else "")
            + (f"；{taken} 项自动核对有不符合项，按往年核准记入修改记录" if taken else ""))


def _walk(reg: Register, app: PatentApplication, x: PatentLine) -> None:
    """已登记 → 资格审核通过 → 核准 (→ 已拨付 with its payment rows written paid)."""
    year = app.campaign_year
    amount = reg.campaign(year).patent_award_fen
    reason = _reason(x.note)
    for target in _WALK[app.status]:
        if target == "approved":
            reg.set_status(PATENT, x.patent_id, "approved",
                           f"{reason}（{year} 年度核准 {format_money(amount)}，"
                           f"{x.approved_on.isoformat()}）",
                           award_fen=amount, approved_date=x.approved_on)
        else:
            reg.set_status(PATENT, x.patent_id, target, reason)
    if x.paid_on is not None:
        _write_paid_rows(reg, x.patent_id, year, amount, x.approved_on, x.paid_on)
        reg.set_status(PATENT, x.patent_id, "paid", f"{PAID_REASON}（{x.paid_on.isoformat()}）")


def _write_paid_rows(reg: Register, app_id: int, year: int, amount: int, approved: date,
                     paid: date) -> None:
    """The award's payment rows as the year's plan splits them, written paid on ``paid``
    (voucher 历史补录), each audited; none planned before is left owed."""
    from boostdesk.finance.payment_plan import planned_rows

    for row in reg.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?",
                         (PATENT, app_id)):
        reg.conn.execute("DELETE FROM payments WHERE id = ?", (row["id"],))
        reg.audit("delete", "payments", row["id"], row, None)
    for tranche, payer, part, due in planned_rows(reg.campaign(year), PATENT, amount, None,
                                                  approved, None):
        insert_history_payment(reg, PATENT, app_id, tranche, payer, part, due, paid, PAID_REASON)


def _taken(reg: Register, ids: list[int]) -> dict[int, list[str]]:
    from boostdesk.models.record_rows import select_in
    from boostdesk.rules.findings import stored_findings

    return {app_id: found for app_id, text in select_in(
        reg.conn, "SELECT id, findings FROM patent_applications WHERE id IN", ids)
        if (found := [f.message for f in stored_findings(text or "[]") if f.blocking])}


def _reason(note: str) -> str:
    return f"{PAST_REASON}：{note.strip()}" if note.strip() else PAST_REASON


def _name(app: PatentApplication) -> str:
    """专利号 ZL201110116931.4（姜超，专利657）: how a line's paper is named back."""
    who = "，".join(x for x in (app.inventor_name, id_ref(PATENT, app.id or 0)) if x)
    return f"专利号 {app.ref or '（未填）'}（{who}）"


def _day(cell: Any, what: str) -> date:
    if not _text(cell):
        raise ValidationError(f"缺少{what}")
    try:
        return parse_date(cell)
    except ValidationError as exc:
        raise ValidationError(f"{what}：{exc.message}") from None


def _columns(header: list[Any], paid_at: int, note_at: int) -> tuple[int, int]:
    """The 拨付日期 and 说明 columns as a header names them (else as given)."""
    names = [_text(c) for c in header]
    paid = next((i for i, t in enumerate(names) if i > 1 and "拨付" in t), paid_at)
    note = next((i for i, t in enumerate(names) if i > 1 and i != paid
                 and any(w in t for w in ("说明", "备注", "依据"))), note_at)
    return paid, note


class _Finder:
    """A line's paper: by 登记号 (专利12, or 12) or patent number, in ``year``; a paper of
    another year, a project's 登记号 or a number the register lacks refused in words."""

    def __init__(self, reg: Register, year: int) -> None:
        self.reg, self.year = reg, year
        self.apps = {a.id: a for a in reg.patents(year)}
        self.by_number: dict[str, list[PatentApplication]] = {}
        for a in self.apps.values():
            key = a.patent_number or normalize_text(a.patent_number_raw)
            if key:
                self.by_number.setdefault(key, []).append(a)

    def find(self, ref: str) -> PatentApplication:
        if not ref:
            raise ValidationError("缺少专利号或登记号")
        named = stream_and_id(ref)
        if named is not None:
            stream, number = named
            if stream not in (None, PATENT):
                raise ValidationError(f"“{ref}”是创新项目的登记号：这里要专利号或专利的登记号（如 专利{number}）")
            if number in self.apps:
                return self.apps[number]
            other = self.reg.scalar(
                "SELECT c.year FROM patent_applications a JOIN campaigns c"
                " ON c.id = a.campaign_id WHERE a.id = ?", (number,))
            if other is not None:
                raise ValidationError(f"{id_ref(PATENT, number)} 是 {other} 年度的申报，不在 {self.year} 年度：请核对")
            raise ValidationError(f"登记册中没有登记号为 {id_ref(PATENT, number)} 的专利申报")
        key = patent_number(ref) or normalize_text(ref)
        found = self.by_number.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            refs = "、".join(id_ref(PATENT, a.id or 0) for a in found)
            raise ValidationError(f"{self.year} 年度有 {len(found)} 项专利号为 {key} 的申报（{refs}）：请用登记号指明")
        others = self.reg.query(
            "SELECT a.id, c.year FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE a.patent_number = ? OR a.patent_number_raw = ? ORDER BY c.year, a.id",
            (key, ref))
        if others:
            where = "、".join(f"{r['year']} 年度（{id_ref(PATENT, r['id'])}）" for r in others)
            raise ValidationError(f"专利号 {key} 是 {where}的申报，不在 {self.year} 年度：请核对年份")
        if not any(c.isdigit() for c in ref):
            raise ValidationError(f"“{ref}”不是专利号或登记号（每行：{PATENT_COLUMNS}）")
        try:
            parse_patent_number(ref)
        except ValidationError as exc:  # a digit mistyped: the check character says so
            raise ValidationError(f"专利号“{ref}”：{exc.message}") from None
        raise ValidationError(f"登记册中没有专利号为 {key} 的专利申报")
