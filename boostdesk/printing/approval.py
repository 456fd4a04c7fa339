"""审批表: one A4 page per approved application, stamped with the federation's seal.

Each sheet carries the campaign and the document title, the applicant or studio, the
patent or project facts, the qualification result, the award in figures and in 大写, each
payer's share (per tranche for projects), and a box for each level's opinion with
signature and date; the last box holds the federation's name and the approval date with
the seal printed over them in red.

A sheet is always one page: when its facts run long the grid's type is set smaller.

Drawing goes straight to the canvas, no platypus: the facts grid and the tranche table are
measured and wrapped here (:mod:`.canvas_text`). What sheets share — titles, labels, the
grid's boxes and rules, the opinion boxes, the footer's notes — is drawn once per document
as a form XObject for each distinct layout (sheets whose values wrap alike share one), and
each sheet adds only its own values in one text object; the seal is one form object too.
A batch of 1,000 sheets prints near reportlab's speed for plain pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import reportlab.pdfgen.canvas  # noqa: F401 - loaded with this module, not on the first sheet
from reportlab.pdfbase.pdfmetrics import stringWidth

from boostdesk.app_refs import both_streams
from boostdesk.award_holds import RECORDED_PAST, holds
from boostdesk.finance.acceptance import failed_on, failed_reason
from boostdesk.finance.payment_plan import FIRST_TERM_FROM_SQL
from boostdesk.finance.terms import (
    AWARDED,
    FAILED,
    NO_UNION,
    PAYERS,
    add_months,
    federation_name,
    rest_due,
    split_ratio,
    tranche_label,
    tranche_shares,
)
from boostdesk.gc_pause import collector_paused
from boostdesk.models.campaign import LEVEL_ZH, PAYER_ZH, Campaign
from boostdesk.models.records import (
    PATENT,
    PROJECT,
    PatentApplication,
    ProjectApplication,
)
from boostdesk.models.register import Register
from boostdesk.models.workflow import REVOKED, STATUS_ZH
from boostdesk.money import daxie, format_money, payer_tranche_matrix
from boostdesk.no_enterprise import SHEET_MARK
from boostdesk.panel.adopt_reasons import AdoptReasons, adopt_reasons
from boostdesk.panel.publicity_outcome import publicity_outcome
from boostdesk.rules import card_wait
from boostdesk.rules.findings import Finding, outgoing_text, stored_findings
from boostdesk.rules.passed_against import PassedAgainst, passed_against
from boostdesk.safety.privacy import mask_log_text

from . import print_log
from .canvas_text import Drawing, Shared, text_width, wrap
from .common import (
    A4,
    FINANCE_NOTE,
    FOOTER_GREY,
    GRID_GREY,
    HEADER_FILL,
    MARGIN,
    MASKED_NOTE,
    MM,
    cn_date,
    cn_dates,
    copy_title,
    fitted,
    fitting,
    mask_card,
    new_canvas,
    page_number,
    printed_by,
    shown_card,
    shown_id,
    shown_phone,
)
from .fonts import MAIN, is_plain, register_fonts
from .print_log import sheet_key
from .refs import id_ref, ref_key, refs_text, split_refs, stream_and_id
from .seal import Seal

TITLES = {PATENT: "职工创新发明专利助推审批表", PROJECT: "创新项目助推审批表"}
LEFT = 20 * MM
RIGHT = A4[0] - 20 * MM
TOP = A4[1] - 16 * MM
BOTTOM = 16 * MM
WIDTH = RIGHT - LEFT
LABEL_W = 27 * MM
VALUE_W = WIDTH / 2 - LABEL_W
WIDE_W = VALUE_W * 2 + LABEL_W  # a value spanning the rest of the row
SEAL_DIAMETER = 40 * MM
SPECIMEN_NOTE = "印章为样章：正式文件请在“设置”中提供本单位印章扫描件"
PAD = 3  # cell padding left and right; PAD + 1 above and below
SIZES = (10.5, 9.5, 8.5, 7.5)  # the grid's type, smaller until the sheet fits one page
# Past SIZES a sheet with a very long value (a title pasted with its description) still
# keeps to one page: smaller again rather than its last box running off the paper.
LAST_RESORT_SIZES = (7.0, 6.5, 6.0, 5.5, 5.0, 4.5, 4.0)
FORM_PREFIX = "BoostDeskSheet"

# The tranche table inside the 分批拨付 cell.
TRANCHE_WIDTHS = (20 * MM, 35 * MM, 35 * MM, 23 * MM, 27.5 * MM)  # fills the cell
TRANCHE_SIZE = 8.5
TRANCHE_PAD = 6  # left and right
TRANCHE_VPAD = 1.5  # above and below


_SPACES = re.compile(r"[^\S\n]+")


class SheetError(ValueError):
    """Applications asked for that cannot be printed (message in Chinese)."""


@dataclass(frozen=True)
class Sheet:
    """Everything one approval sheet shows, read from the register."""

    app: PatentApplication | ProjectApplication
    campaign: Campaign
    federation: str
    eligible: bool | None
    findings: tuple[Finding, ...]
    qualified_on: date | None
    matrix: tuple[tuple[int, ...], ...] = field(default=())
    publicity_end: date | None = None  # a project's first tranche counts from it (finance's)
    dismissed: int = 0  # objections of its publicity found groundless (the award stands)
    # an objection of its publicity entered after the close and not yet settled: the award
    # is held from payment, not yet found groundless
    objection_open: bool = False
    # the award is no longer right since its approval (award_holds.Hold.what): held from payment
    hold: str = ""
    # a past year's award recorded as it was decided (panel.past: 补录往年结果), without
    # the register's panel or publicity: the sheet says so instead of describing them
    recorded_past: bool = False
    # a patent's card corrected after a transfer went to the one before (masked), or a
    # project's payee redirected after one (``finance.redirect``): the reprint shows the
    # new card or 所在单位, the 注 says where that money went (``card_note``, ``payee_note``)
    card_note: str = ""
    # passed against a failed hard condition of the plan with the office's reason
    # (rules.passed_against): the federation's opinion says so instead of 经审核，同意助推
    against: PassedAgainst | None = None
    # the decisions the adoption that stands took for it, with their reasons (an award
    # above the request, a tier against the plan): the opinion says them too
    adopted: AdoptReasons | None = None
    # its award revoked after payment (撤销助推): the sheet signed at the approval, kept in
    # the year's archive with the decision and what each payer is to recover (``revoked_note``)
    revoked: str = ""
    # a project's acceptance past its latest completion date on the office's decision
    # (逾期结题), or its acceptance postponed (延期验收): the decision, as signed off
    acceptance: str = ""
    # an approved patent with no union card registered (rules.card_wait): the reason the
    # office approved it regardless ("" none on record); None when not waiting for a card
    card_wait: str | None = None
    # the facts the signed sheet printed changed since the approval, with why (the 注 names
    # them, as it names a card corrected: the sheet on file says otherwise)
    changed: str = ""
    # each tranche's payment lines' paid days (None: not paid, or its transfer came back),
    # by tranche: once paid the sheet gives the day it was paid, not the day it was due
    paid: tuple[tuple[date | None, ...], ...] = ()

    def paid_days(self, tranche: int) -> tuple[tuple[date, ...], bool]:
        """The distinct days tranche ``tranche`` (1-based) was paid on, oldest first, and
        whether every payer's part of it is paid."""
        lines = self.paid[tranche - 1] if tranche <= len(self.paid) else ()
        days = tuple(sorted({d for d in lines if d is not None}))
        return days, bool(lines) and len(days) > 0 and None not in lines

    @property
    def first_due(self) -> date | None:
        """When the first (or only) payment is due: months after approval or publicity."""
        c = self.campaign
        if self.stream == PATENT:
            start, months = self.app.approved_date, c.patent_payment_months
        else:
            start, months = self.publicity_end or self.app.approved_date, c.first_tranche_months
        return add_months(start, months) if start else None

    @property
    def stream(self) -> str:
        return self.app.stream

    @property
    def rest_withheld(self) -> bool:
        """A project whose acceptance failed (验收未通过): its 尾款 is never paid (二（四）4
        pays it 通过验收后), what it is paid in all the tranches before."""
        return self.app.status == FAILED and len(self.matrix) > 1

    @property
    def payable_fen(self) -> int:
        """What the award pays in all: the whole award, or without a withheld 尾款."""
        paid = self.matrix[:-1] if self.rest_withheld else self.matrix
        return sum(map(sum, paid))


# -- reading ---------------------------------------------------------------------------
_TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}


def progress_instead(ref: str) -> str:
    """What tells a paper not approved where it stands (办理进度告知单), in the window and
    on the command line."""
    from boostdesk.said_where import way

    return way("告知办理进度请改选“办理进度告知单”",
               f"告知办理进度请用 boostdesk print progress --ref {ref}")


def load_sheets(reg: Register, year: int | None = None,
                refs: Sequence[str] | None = None, *,
                federation: str | None = None, revoked: bool = False) -> list[Sheet]:
    """Sheets of the approved applications of ``year`` (all years when None).

    ``revoked`` (without ``refs``: the year's archive): the awards revoked after payment
    (撤销助推) too, each in its place, its 注 saying the decision and what is to recover —
    no sheet is printed for one otherwise (approving it again would be false), but the one
    signed at the approval is on file with the decision.

    ``federation`` (the 设置 screen's 单位名称) names the federation of a year whose
    campaign title names none (:func:`boostdesk.finance.federation_name`).

    ``refs`` picks applications by patent number (as typed or canonical, spaces and case
    ignored), patent or project title or 登记号 (专利12, 项目3; a bare 12 when only one
    stream has it), each a list as typed (:func:`.refs.split_refs`); a ref that matches
    nothing, matches an application without an award, a 登记号 of both streams or a title of
    several awarded applications is an error naming it (and them).
    """
    years = [year] if year is not None else reg.campaign_years()
    apps: list[PatentApplication | ProjectApplication] = []
    if refs:
        numbered = _numbered_only(refs)
        if numbered is not None:  # 专利12、项目3 (the window's Ctrl+P): those papers alone,
            # not the register's every paper read to find them (≈ 3 s at 100,000)
            wanted = set(years)
            apps.extend(a for a in reg.patents_by_id(numbered[PATENT]) if a.campaign_year in wanted)
            apps.extend(a for a in reg.projects_by_id(numbered[PROJECT]) if a.campaign_year in wanted)
        else:
            for y in years:
                apps.extend(reg.patents(y))
                apps.extend(reg.projects(y))
        index = _RefIndex(apps)
        chosen: list[PatentApplication | ProjectApplication] = []
        picked: set[tuple[str, int | None]] = set()
        problems = []
        waiting: dict[str, list[tuple[str, str]]] = {}  # not approved yet, by status now
        unfound = False  # a ref matching no paper: a typo, perhaps (the advice below)
        for ref in (r for typed in refs for r in split_refs(typed, index.titles)):
            hits = index.hits(ref)
            awarded = [a for a in hits if a.status in AWARDED[a.stream]]
            titled = index.by_title.get(ref_key(ref), [])
            if not hits:
                unfound = True
                problems.append(f"“{ref}”：登记册中没有这项申报")
            elif len({a.stream for a in hits}) > 1 and stream_and_id(ref) is not None:
                # A bare 登记号 of both streams: which one is not for us to guess.
                number = stream_and_id(ref)[1]  # type: ignore[index]
                problems.append(both_streams(ref, number))
            elif not awarded and all(a.status == "revoked" for a in hits):
                # 撤销助推 (finance.recovery): a sheet approving it again would be false; the
                # one printed at the approval stays on file with the revocation decision
                from boostdesk.finance.recovery import paid_any

                how = ("款已拨付，应追回" if any(paid_any(reg, a.stream, a.id or 0) for a in hits)
                       else "款项均未拨付")
                problems.append(f"“{ref}”：已撤销助推（{how}），不再打印审批表"
                                "（原审批表与撤销决定一并存档）")
            elif not awarded:
                # found, and not approved: no typo to check, but where it stands and the
                # letter that tells it (办理进度告知单) — said once for all such, below
                named = "" if stream_and_id(ref) is not None else f"（{refs_text(hits)}）"
                now = "、".join(dict.fromkeys(STATUS_ZH.get(a.status, a.status) for a in hits))
                waiting.setdefault(now, []).append((ref, named))
            elif len(same := [a for a in awarded if any(a is t for t in titled)]) > 1:
                # Two awarded papers of one title (two studios' 技术攻关): name them.
                problems.append(f"“{ref}”：有 {len(same)} 项已核准的申报同名"
                                f"（{refs_text(same)}），请写登记号")
                continue
            for a in awarded:
                if (a.stream, a.id) not in picked:
                    picked.add((a.stream, a.id))
                    chosen.append(a)
        if waiting:  # 20 selected on 专利助推 not approved: one line, not 20 alike
            problems.append(_not_yet_approved(waiting))
        if problems:
            # the typo advice only where a ref found nothing: one found (revoked, not yet
            # approved) is named with why, and checking its spelling would send the clerk
            # looking for a mistake not made
            raise SheetError("；".join(problems) + ("。请核对专利号、专利或项目名称、登记号" if unfound
                                                    else ""))
        apps = chosen
    else:
        for y in years:
            apps.extend(_awarded(reg, PATENT, y, revoked))
            apps.extend(_awarded(reg, PROJECT, y, revoked))
    against = {stream: passed_against(reg, stream, [a.id or 0 for a in apps
                                                     if a.stream == stream])
               for stream in (PATENT, PROJECT)}
    extras = {stream: _extras(reg, stream, [a.id or 0 for a in apps if a.stream == stream])
              for stream in (PATENT, PROJECT)}
    cards = card_wait.card_reasons(reg, [a.id or 0 for a in apps if a.stream == PATENT])
    decided = adopt_reasons(reg, [a.id or 0 for a in apps if a.stream == PROJECT])
    decisions = acceptance_decisions(reg, [a for a in apps if a.stream == PROJECT])
    paid = {stream: paid_dates(reg, stream, [a.id or 0 for a in apps if a.stream == stream])
            for stream in (PATENT, PROJECT)}
    campaigns: dict[int, Campaign] = {}
    federations: dict[int, str] = {}
    matrices: dict[tuple, tuple[tuple[int, ...], ...]] = {}
    sheets = []
    for app in apps:
        y = app.campaign_year
        c = campaigns.get(y)
        if c is None:
            c = campaigns[y] = reg.campaign(y)
            federations[y] = federation_name(c, federation)
        eligible, found, qualified, publicity_end, objected, past = extras[app.stream][app.id or 0]
        level = app.studio_level if isinstance(app, ProjectApplication) else None
        key = (y, app.stream, level, app.award_fen or 0)
        matrix = matrices.get(key)
        if matrix is None:
            matrix = matrices[key] = payer_tranche_matrix(
                app.award_fen or 0, split_ratio(c, app.stream, level),
                tranche_shares(c, app.stream))
        sheets.append(Sheet(
            app=app, campaign=c, federation=federations[y],
            eligible=None if eligible is None else bool(eligible),
            findings=stored_findings(found),
            qualified_on=date.fromisoformat(qualified[:10]) if qualified else None,
            matrix=matrix,
            publicity_end=date.fromisoformat(publicity_end) if publicity_end else None,
            dismissed=max(objected, 0), objection_open=objected == -1, recorded_past=bool(past),
            # the office's typed reasons in these notes may quote a phone, ID or card: masked
            # on every copy (the sheet goes round the unions; finance needs none of them)
            hold=mask_log_text(held_now.what_outside)
            if (held_now := holds(reg, y).get((app.stream, app.id or 0))) else "",
            card_note=mask_log_text(card_note(reg, app.id or 0) if app.stream == PATENT
                                    else payee_note(reg, app.id or 0)),
            against=against[app.stream].get(app.id or 0),
            adopted=decided.get(app.id or 0) if app.stream == PROJECT else None,
            revoked=mask_log_text(revoked_note(reg, app.stream, app.id or 0))
            if app.status == REVOKED else "",
            acceptance=mask_log_text(decisions.get(app.id or 0, "")),
            card_wait=mask_log_text(cards[app.id or 0])
            if app.stream == PATENT and (app.id or 0) in cards else None,
            paid=paid[app.stream].get(app.id or 0, ()),
            changed=mask_log_text(changed_since_approval(reg, app.stream, app.id or 0)),
        ))
    return sheets


def paid_dates(reg: Register, stream: str,
               ids: Sequence[int]) -> dict[int, tuple[tuple[date | None, ...], ...]]:
    """id -> each tranche's payment lines' paid days (None where unpaid), tranche 1 first."""
    found: dict[int, dict[int, list[date | None]]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for app_id, tranche, day in reg.conn.execute(
                "SELECT application_id, tranche, paid_date FROM payments WHERE stream = ?"
                f" AND application_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY application_id, tranche, payer", (stream, *chunk)):
            found.setdefault(app_id, {}).setdefault(tranche, []).append(
                date.fromisoformat(day[:10]) if day else None)
    return {app_id: tuple(tuple(by.get(t, ())) for t in range(1, max(by) + 1))
            for app_id, by in found.items()}


def acceptance_decisions(reg: Register, projects: Sequence[Any]) -> dict[int, str]:
    """Project id -> the office's decision its 尾款 is paid on, as the 审批表 says it: an
    acceptance after the latest completion date (逾期结题) and the decision recorded with
    it; a postponement (延期验收) standing for one not yet accepted."""
    from boostdesk.finance.acceptance_postpone import POSTPONABLE, postponements
    from boostdesk.finance.late_completion import late_marks

    ids = [a.id or 0 for a in projects]
    marks = late_marks(reg, ids)
    waiting = postponements(reg, [a.id or 0 for a in projects if a.status in POSTPONABLE])
    out: dict[int, str] = {}
    for a in projects:
        mark = marks.get(a.id or 0)
        if mark is not None and a.accepted_date:
            limit = f"晚于最晚结题日期{cn_date(date.fromisoformat(mark.limit))}，" if mark.limit else ""
            out[a.id or 0] = (f"{cn_date(a.accepted_date)}验收通过，{limit}属逾期结题；"
                              f"{cn_dates(mark.decision)}，尾款经研究同意拨付")
        elif (p := waiting.get(a.id or 0)) is not None:
            limit = f"最晚结题日期{cn_date(p.limit)}，" if p.limit else ""
            out[a.id or 0] = (f"{limit}经研究同意延期验收至{cn_date(p.until)}："
                              f"{cn_dates(p.decision)}；尾款在验收通过后拨付")
    return out


def revoked_note(reg: Register, stream: str, app_id: int) -> str:
    """A revoked award's 注: 本项助推已于 2023年9月1日撤销（专利被宣告无效，京工发〔2023〕12号），
    已拨付 ¥3,000.00：北京市总工会 应追回 ¥1,500.00，已追回 ¥1,500.00（…），已全部追回；海淀区总工会
    应追回 ¥1,500.00，已追回 ¥0.00，尚欠 ¥1,500.00"""
    from boostdesk.finance.recovery import recovery_of

    rec = recovery_of(reg, stream, app_id)
    if rec is None:  # (a revocation always keeps its record; said plainly if not)
        return "本项助推已撤销（撤销助推），已拨付的款项应追回"
    why = "，".join(filter(None, (rec.reason, rec.document)))
    # each payer's part whole, none yet back said so (已追回 ¥0.00，尚欠 …): 应追回 once a part
    return (f"本项助推已于 {cn_date(rec.decided_on)}撤销（{why}），已拨付 "
            f"{format_money(rec.total_fen)}：" + "；".join(
                p.text if p.instalments else
                f"{p.text}，已追回 {format_money(0)}，尚欠 {format_money(p.owing_fen)}"
                for p in rec.parts))


def card_note(reg: Register, paper: int) -> str:
    """The card a transfer of patent ``paper`` went to, when the card was corrected after
    it: 互助服务卡号于 2023-01-18 更正，此前汇往原卡 6214 **** **** 6638 的：2023-01-10 凭证
    记-2023-001 ¥1,500.00（北京市总工会，已退汇）. "" when no transfer went to a card since
    corrected."""
    changes = reg.query(
        "SELECT id, at, json_extract(before, '$.card_number') AS old,"
        " json_extract(after, '$.reason') AS reason FROM audit_events"
        " WHERE entity = 'patent_applications' AND entity_id = ? AND action = 'update'"
        " AND json_type(after, '$.card_number') IS NOT NULL ORDER BY id", (paper,))
    if not changes:
        return ""
    return _changed_note(reg, PATENT, paper, changes, "互助服务卡号", "原卡",
                         lambda old: f" {mask_card(old or '')} ",
                         lambda new, _line: f"新卡 {mask_card(new)} " if new else "新卡",
                         "paid_card") or approved_card_note(reg, paper)


def changed_since_approval(reg: Register, stream: str, paper: int) -> str:
    """The facts the signed sheet prints corrected after the approval (``sheet_fields``):
    专利名称于 2026-12-06 核准后更正，原为“…”，现为“…”（理由：…）, one a fact, the first
    value it had and the last, the day and reason of the last change; "" when none (or
    each changed back)."""
    table = _TABLES[stream]
    rows = reg.query(
        "SELECT e.at, json_extract(e.after, '$.printed') AS printed,"
        " json_extract(e.after, '$.reason') AS reason FROM audit_events e"
        " WHERE e.entity = ? AND e.entity_id = ? AND e.action = 'update'"
        " AND json_type(e.after, '$.printed') IS NOT NULL"
        " AND e.id > (SELECT MAX(s.id) FROM audit_events s WHERE s.entity = e.entity"
        " AND s.entity_id = e.entity_id AND s.action = 'status'"
        " AND json_extract(s.after, '$.status') = 'approved') ORDER BY e.id", (table, paper))
    first: dict[str, str] = {}
    last: dict[str, tuple[str, str, str]] = {}
    for r in rows:
        for label, (old, new) in json.loads(r["printed"]).items():
            first.setdefault(label, old)
            last[label] = (new, r["at"][:10], r["reason"] or "")
    notes = []
    for label, (new, day, reason) in last.items():
        if first[label] != new:
            why = f"（理由：{reason}）" if reason else ""
            notes.append(f"{label}于 {day} 核准后更正，原为“{first[label]}”，现为“{new}”{why}")
    return "；".join(notes)


def approved_card_note(reg: Register, paper: int) -> str:
    """The card of an approved award changed before any transfer (the reason required,
    ``Register.save_patent``): 互助服务卡号于 2023-01-12 核准后更正，原卡 6214 **** **** *** 9435，
    现卡 6214 **** **** *** 7777（理由：…）. "" when the card is the one approved."""
    from boostdesk.finance.cautions import card_since_approval

    changed = card_since_approval(reg, paper)
    now = reg.scalar("SELECT card_number FROM patent_applications WHERE id = ?", (paper,))
    if changed is None or changed.approved_to == (now or ""):
        return ""
    why = f"（理由：{changed.reason}）" if changed.reason else ""
    return (f"互助服务卡号于 {changed.day} 核准后更正，原卡 {mask_card(changed.approved_to) or '空'}，"
            f"现卡 {mask_card(now or '') or '空'}{why}")


def payee_note(reg: Register, paper: int) -> str:
    """The enterprise a transfer of project ``paper`` went to, when its payee was
    redirected after it (``finance.redirect``): 收款单位于 2023-10-25 改汇（企业更名），此前
    汇往原收款单位“…”的：2021-03-10 凭证 记-2021-0301 ¥10,000.00（北京市总工会）…；
    "" when no transfer went to a payee redirected since."""
    from boostdesk.finance.redirect import UNDONE_KEY, UNDONE_WORDS
    from boostdesk.models.payment_marks import FOLLOWED_NAME_SQL, REDIRECT_EVENT, followed_names

    # the office's decision's day (``correct payee --date``), the day typed before it had
    # one; each name as the company is spelt now (a misspelt name corrected since)
    changes = reg.query(
        "SELECT c.id, COALESCE(json_extract(c.after, '$.decided'), substr(c.at, 1, 10)) AS at, "
        + FOLLOWED_NAME_SQL.format(line="c.id", name="json_extract(c.before, '$.payee')")
        + " AS old, json_extract(c.after, '$.reason') AS reason,"
        # a redirect undone with the return it rested on (finance.redirect.undo_unfounded)
        f" (json_extract(c.after, '$.{UNDONE_KEY}') IS NOT NULL"
        f" OR json_extract(c.after, '$.redirected') LIKE '%{UNDONE_WORDS}%') AS undone,"
        " json_extract(c.after, '$.return_date') AS return_date FROM audit_events c WHERE "
        + REDIRECT_EVENT.format(paper="?") + " ORDER BY c.id", (paper,))
    if not changes:
        return ""
    now = reg.scalar("SELECT e.name FROM project_applications a JOIN enterprises e"
                     " ON e.id = a.payee_enterprise_id WHERE a.id = ?", (paper,))
    went = {next((c["old"] for c in changes if c["id"] > m["id"]), now)
            for m in _standing_marks(reg, paper, PROJECT)}
    if went <= {now}:  # every transfer went to the payee now (a redirect undone since)
        return ""

    def new_said(new: str, line: int) -> str:
        return f"“{followed_names(reg.conn, [(line, new)])[(line, new)]}”" if new else ""

    return _changed_note(reg, PROJECT, paper, changes, "收款单位", "原收款单位",
                         lambda old: f"“{old or ''}”", new_said, "paid_to", verb="改汇")


def _changed_note(reg: Register, stream: str, paper: int, changes: list[Any], what: str,
                  was: str, old_said: Callable[[Any], str], new_said: Callable[[str, int], str],
                  key: str, verb: str = "更正") -> str:
    """The transfers sent before each change of where the money goes (a card, a payee),
    and those sent after the last, as :func:`card_note` and :func:`payee_note` say them."""
    marks = _standing_marks(reg, paper, stream)

    def said(sent: list[Any]) -> str:
        parts = []
        for m in sent:
            after = json.loads(m["after"])
            payer = after.get("payer_name") or PAYER_ZH.get(m["payer"], m["payer"])
            amount = format_money(after.get("payment_fen") or m["amount_fen"])
            how = "，已退汇" if m["returned"] else "，退汇后重新拨付" if after.get(
                "resent_after") else ""
            parts.append(f"{after['paid_date']} 凭证 {after.get('voucher') or '无'} {amount}"
                         f"（{payer}{how}）")
        return "、".join(parts)

    notes, since = [], 0
    for change in changes:
        sent = [m for m in marks if since < m["id"] < change["id"]]
        since = change["id"]
        if sent and change.get("undone"):
            notes.append(f"{what}于 {change['at'][:10]} 撤销{verb}（{_undo_why(change)}），"
                         f"撤销前汇往{old_said(change['old'])}的：{said(sent)}")
        elif sent:
            why = f"（{change['reason']}）" if change["reason"] else ""
            notes.append(f"{what}于 {change['at'][:10]} {verb}{why}，此前汇往{was}"
                         f"{old_said(change['old'])}的：{said(sent)}")
    # what went there since: the share sent back, sent again to the card or payee now
    sent = [m for m in marks if m["id"] > since]
    if notes and sent:
        new = str(json.loads(sent[-1]["after"]).get(key) or "")
        done = f"撤销{verb}" if changes[-1].get("undone") else verb
        notes.append(f"{done}后汇往{new_said(new, sent[-1]['id'])}的：{said(sent)}")
    return "；".join(notes)


def _undo_why(change: Mapping[str, Any]) -> str:
    """Why a redirect was undone: the return it rested on cancelled, that return's day
    (when the trail line has it) and the cancellation's reason."""
    from boostdesk.finance.cancel import RETURN_CANCELLED

    day = f" {change['return_date']} " if change.get("return_date") else ""
    why = str(change.get("reason") or "").removeprefix(RETURN_CANCELLED)
    return f"所依据的{day}退汇登记已撤销" + (f"：{why}" if why else "")


def _standing_marks(reg: Register, paper: int, stream: str = PATENT) -> list[dict[str, Any]]:
    """Each transfer of ``stream`` paper ``paper``'s payments that stands in the trail, oldest first:
    its mark event's id and ``after``, the row's amount and payer, and whether the bank
    sent it back (``returned``). The trail is replayed per payment as
    ``finance.movements`` reads it: a registration cancelled since (撤销拨付登记: recorded
    by mistake, no money moved) is no transfer, a return cancelled since (撤销退汇登记) no
    return."""
    from boostdesk.finance.cancel import CANCELLED, RETURN_CANCELLED

    sent: dict[int, list[dict[str, Any]]] = {}  # payment id -> its transfers standing
    out: list[dict[str, Any]] = []
    for r in reg.query(
            "SELECT e.id, e.entity_id, e.after, p.amount_fen, p.payer FROM payments p"
            " JOIN audit_events e ON e.entity = 'payments' AND e.entity_id = p.id"
            " WHERE p.stream = ? AND p.application_id = ?"
            " AND json_type(e.after, '$.paid_date') IS NOT NULL ORDER BY e.id", (stream, paper)):
        after = json.loads(r["after"])
        reason = str(after.get("reason") or "")
        mine = sent.setdefault(r["entity_id"], [])
        if after.get("returned_date"):
            if mine:
                mine[-1]["returned"] = True
        elif reason.startswith(RETURN_CANCELLED):  # the return recorded by mistake
            if mine:
                mine[-1]["returned"] = False
        elif after.get("paid_date"):
            if not reason.startswith("撤销"):
                mark = {"id": r["id"], "after": r["after"], "amount_fen": r["amount_fen"],
                        "payer": r["payer"], "returned": False}
                mine.append(mark)
                out.append(mark)
        elif reason.startswith(CANCELLED) and mine and not mine[-1]["returned"]:
            out.remove(mine.pop())  # the standing registration, recorded by mistake
    return out


def _awarded(reg: Register, stream: str, year: int,
             revoked: bool = False) -> list[PatentApplication | ProjectApplication]:
    """The applications of ``year`` with an award, in id order, read in one query;
    ``revoked``: those revoked after payment too (their award kept on the paper)."""
    statuses = (*AWARDED[stream], REVOKED) if revoked else AWARDED[stream]
    apps = (reg.patents(year, statuses) if stream == PATENT
            else reg.projects(year, statuses))
    # 撤销助推（未拨付）: no money was paid on its sheet, nothing to recover — as an award
    # withdrawn before payment, no sheet in the archive
    paid = {r[0] for r in reg.conn.execute(
        "SELECT r.application_id FROM recoveries r WHERE r.stream = ? AND EXISTS"
        " (SELECT 1 FROM recovery_payers p WHERE p.recovery_id = r.id)", (stream,))
            } if revoked else set()
    return [a for a in apps if a.award_fen is not None
            and (a.status != REVOKED or a.id in paid)]


# -1: an objection of its publicity is open; else how many were found groundless
_OBJECTED_SQL = ("COALESCE((SELECT CASE WHEN SUM(o.resolution IS NULL) THEN -1"
                 " ELSE SUM(o.resolution = 'dismissed') END"
                 " FROM objections o WHERE o.project_id = a.id), 0)")
_PAST_SQL = ("EXISTS (SELECT 1 FROM audit_events e WHERE e.entity = 'project_applications'"
             f" AND e.entity_id = a.id AND e.action = '{RECORDED_PAST}')")


_Extras = tuple[int | None, str, str | None, str | None, int, int]


def _extras(reg: Register, stream: str, ids: Sequence[int]) -> dict[int, _Extras]:
    """id -> (eligible, findings JSON, when it was last qualified (the 资格审核日期 the clerk
    gave, else when it was recorded), when its publicity
    period ended, whether an objection was received against it, whether it is a past
    year's award recorded as such) for ``ids``."""
    out: dict[int, _Extras] = {}
    publicity_end = FIRST_TERM_FROM_SQL if stream == PROJECT else "NULL"
    objected = _OBJECTED_SQL if stream == PROJECT else "0"
    past = _PAST_SQL if stream == PROJECT else "0"
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        cur = reg.conn.execute(
            "SELECT a.id, a.eligible, a.findings, (SELECT coalesce(h.decided_on, h.at)"
            " FROM status_history h WHERE h.stream = ? AND h.application_id = a.id"
            " AND h.to_status = 'qualified' ORDER BY h.id DESC LIMIT 1),"
            f" {publicity_end}, {objected}, {past} FROM {_TABLES[stream]} a"
            f" WHERE a.id IN ({','.join('?' * len(chunk))})", (stream, *chunk))
        for app_id, eligible, found, qualified, ended, against, recorded in cur:
            out[app_id] = (eligible, found or "[]", qualified, ended, against, recorded)
    return out


def _not_yet_approved(waiting: dict[str, list[tuple[str, str]]]) -> str:
    """“专利12”、“专利13”（现为“已登记”）：尚未核准助推，不能打印审批表；告知办理进度…"""
    refs = [ref for found in waiting.values() for ref, _ in found]
    if len(refs) == 1:
        (now, [(ref, named)]), = waiting.items()
        return (f"“{ref}”{named}：尚未核准助推（现为“{now}”），不能打印审批表；"
                f"{progress_instead(ref)}")
    shown = "；".join("、".join(f"“{ref}”{named}" for ref, named in found) + f"（现为“{now}”）"
                     for now, found in waiting.items())
    return (f"{shown}：这 {len(refs)} 项尚未核准助推，不能打印审批表；"
            f"{progress_instead(' '.join(shlex.quote(r) for r in refs))}")


def _numbered_only(refs: Sequence[str]) -> dict[str, list[int]] | None:
    """Each stream's 登记号 when every reference is one written with its stream (专利12,
    项目3); None when any is something else (a title, a patent number, a bare 12)."""
    out: dict[str, list[int]] = {PATENT: [], PROJECT: []}
    for ref in (r for typed in refs for r in split_refs(typed, ())):
        found = stream_and_id(ref)
        if found is None or found[0] is None:
            return None
        out[found[0]].append(found[1])
    return out


class _RefIndex:
    """The applications by each thing a reference can be: 登记号, patent number, title
    (a patent's 专利名称 as a project's 项目名称)."""

    def __init__(self, apps: Sequence[PatentApplication | ProjectApplication]) -> None:
        self.by_id: dict[tuple[str, int], PatentApplication | ProjectApplication] = {}
        self.by_text: dict[str, list[PatentApplication | ProjectApplication]] = {}
        self.by_title: dict[str, list[PatentApplication | ProjectApplication]] = {}
        for app in apps:
            if app.id is not None:
                self.by_id[(app.stream, app.id)] = app
            title = ref_key(app.title)
            if title:
                self.by_title.setdefault(title, []).append(app)
            if isinstance(app, PatentApplication):
                for key in {_bare_number(ref_key(app.patent_number_raw)),
                            _bare_number((app.patent_number or "").upper())} - {""}:
                    self.by_text.setdefault(key, []).append(app)

    @property
    def titles(self) -> Collection[str]:
        """The titles as :func:`.refs.ref_key` gives them (for :func:`.refs.split_refs`)."""
        return self.by_title.keys()

    def hits(self, ref: str) -> list[PatentApplication | ProjectApplication]:
        key = ref_key(ref)
        found = list(self.by_text.get(_bare_number(key), ()))
        found += [a for a in self.by_title.get(key, ()) if all(a is not f for f in found)]
        numbered = stream_and_id(ref)
        if numbered is not None:
            stream, number = numbered
            for s in (PATENT, PROJECT) if stream is None else (stream,):
                app = self.by_id.get((s, number))
                if app is not None and all(a is not app for a in found):
                    found.insert(0, app)
        return found


def _bare_number(key: str) -> str:
    """A patent number as typed, without its ZL or CN: how the index keeps it too."""
    for prefix in ("ZL", "CN"):
        if key.startswith(prefix) and key[2:3].isdigit():
            return key[2:]
    return key


# -- writing ---------------------------------------------------------------------------
def write_approval_pdf(
    target: str | Path | IO[bytes], sheets: Sequence[Sheet], seal: Seal | None = None, *,
    unmasked: bool = False, printed_on: date | None = None, invariant: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    marks: Mapping[str, str] | None = None,
) -> int:
    """Write one page per sheet to ``target``; returns the number of pages.

    ``seal`` defaults to the specimen drawn from each campaign's federation name.
    ``marks``: a sheet's footer mark by its ``print_log.sheet_key`` (补打（首次打印于 …）,
    存档副本), on its page and its 附页.
    ``progress(done, total)`` is called as pages are drawn; when ``cancelled()`` turns
    true the document is abandoned (nothing is written to a path target).
    """
    if not sheets:
        raise SheetError("没有已核准的申报可打印审批表")
    register_fonts()
    printed_on = printed_on or date.today()
    buffer: Any
    if isinstance(target, str | Path):
        import io

        buffer = io.BytesIO()
    else:
        buffer = target
    c = new_canvas(buffer, A4, copy_title(f"{sheets[0].campaign.title} 审批表", unmasked),
                   invariant=invariant)
    shared = Shared(c, FORM_PREFIX)
    seals: dict[str, Seal] = {}
    # a held award's 注 too long for its box goes on pages after its sheet (附页): counted
    # first, for 第 i 页 共 N 页
    annexes = {k: pages for k, sheet in enumerate(sheets)
               if (pages := annex_pages(sheet, unmasked))}
    total = len(sheets) + sum(map(len, annexes.values()))
    page = 0
    with collector_paused():
        for i, sheet in enumerate(sheets):
            if cancelled and cancelled():
                return 0
            the_seal = seal or seals.get(sheet.federation) or seals.setdefault(
                sheet.federation, Seal(sheet.federation))
            page += 1
            mark = (marks or {}).get(sheet_key(sheet.stream, sheet.app.id or 0), "")
            draw_sheet(c, sheet, the_seal, unmasked=unmasked, printed_on=printed_on,
                       page=page, pages=total, shared=shared, mark=mark)
            c.showPage()
            for k, lines in enumerate(annexes.get(i, ())):
                page += 1
                _draw_annex(c, sheet, lines, k, len(annexes[i]), page, total, unmasked,
                            printed_on, shared, mark)
                c.showPage()
            if progress:
                progress(i + 1, len(sheets))
        c.save()
    if isinstance(target, str | Path):
        Path(target).write_bytes(buffer.getvalue())
    return total


def draw_sheet(c, sheet: Sheet, seal: Seal, *, unmasked: bool,  # noqa: ANN001
               printed_on: date, page: int = 1, pages: int = 1,
               shared: Shared | None = None, mark: str = "") -> None:
    """Draw one sheet with its footer (第 page 页 共 pages 页) on the canvas' current page;
    ``mark`` (补打（首次打印于 …）) over the footer's left note.

    ``shared`` keeps the sheets' shared parts as form XObjects; pass the same one for
    every page of a document so that equal layouts are drawn once.
    """
    d = Drawing()
    seal_at = _body(d, sheet, unmasked)
    _footer(d, page, pages, SPECIMEN_NOTE if seal.specimen
            else printed_by(sheet.federation, printed_on),
            FINANCE_NOTE if unmasked else MASKED_NOTE, mark)
    d.place(shared or Shared(c, FORM_PREFIX))
    # Last, so that its ink lies over the federation's name and the date (骑年压月).
    seal.stamp(c, *seal_at, SEAL_DIAMETER)


def _body(d: Drawing, sheet: Sheet, unmasked: bool) -> tuple[float, float]:
    """The sheet above its footer drawn into ``d``; returns where the seal goes."""
    y = _header(d, sheet)
    grid, boxes, heights = _layout(sheet, unmasked, y)
    grid.draw(d, y)
    y -= grid.height
    seal_at = (0.0, 0.0)
    for (draw, _), bh in zip(boxes, heights, strict=True):
        d.box(LEFT, y - bh, WIDTH, bh, 0.5, GRID_GREY)
        seal_at = draw(d, y, bh) or seal_at
        y -= bh
    return seal_at


# The sheets' fingerprints are of their wording: a release that rewords every sheet alike
# (a label, a sentence of the opinion) bumps this, and a first print fingerprinted under
# another version is compared as one that kept none (print_log.marks), not as changed.
CONTENT_VERSION = "审批表2"  # 2: the 注 writes its days 2020年6月1日


def sheet_content(sheet: Sheet) -> str:
    """What a sheet says, by digest: every string its page draws above the footer, with
    whole numbers (the finance copy's: a card corrected in its hidden digits is another
    sheet too), and its whole 注 (the 附页's). Read from the drawing, not from a list of
    fields, so whatever the sheet comes to print — card, payee, amounts, an acceptance's
    outcome, a hold, a name — is in it; the footer (print day, page, 补打) is not."""
    d = Drawing()
    _body(d, sheet, True)
    said = [op[3] for op in d.fixed if op[0] == "text"] + [t[2] for t in d.texts]
    # joined without separators: the same words wrapped at another size are the same
    text = "".join([*said, held_note(sheet)])
    if OPINION_POINTER in said:  # the opinion is whole on its 附页, not in the box
        text += opinion_text(sheet)
    return f"{CONTENT_VERSION}:{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def sheet_marks(reg: Register, sheets: Sequence[Sheet], *,
                unmasked: bool = False) -> tuple[dict[str, str], dict[str, str]]:
    """(each sheet's footer mark, as :func:`.print_log.marks` gives it — 重新打印（内容已变更…）
    when what it says differs from its first print's; each sheet's content for its print
    line), by ``print_log.sheet_key``."""
    contents = {sheet_key(s.stream, s.app.id or 0): sheet_content(s) for s in sheets}
    return print_log.marks(reg, list(contents), unmasked=unmasked, contents=contents), contents


def _layout(sheet: Sheet, unmasked: bool, y: float,
            ) -> tuple[_Grid, list[tuple[BoxDraw, float]], list[float]]:
    """The facts grid at the largest type that leaves the opinion boxes their room under
    ``y``, the boxes and their heights."""
    boxes = _opinion_boxes(sheet)
    min_boxes = sum(h for _, h in boxes)
    for size in SIZES + LAST_RESORT_SIZES:
        grid = _facts_grid(sheet, size, unmasked)
        if grid.height + min_boxes <= y - BOTTOM:
            break
    # The opinion boxes share what is left; the federation's box (the seal's) grows most.
    spare = max(0.0, y - grid.height - BOTTOM - min_boxes)
    heights = [bh for _, bh in boxes]
    heights[-1] += spare * 0.6
    for k in range(len(heights) - 1):
        heights[k] += spare * 0.4 / (len(heights) - 1)
    return grid, boxes, heights


HEADER_BOTTOM = TOP - 67  # where _header leaves the grid to start


def _header(d: Drawing, sheet: Sheet) -> float:
    """Campaign, title, 登记号 and the money unit; returns the y where the grid starts."""
    y = TOP - 12
    title = sheet.campaign.title
    d.label(A4[0] / 2, y, title, fitting(title, WIDTH, 12), align="center")
    y -= 27
    d.label(A4[0] / 2, y, TITLES[sheet.stream], 20, align="center", bold=True)
    y -= 22
    d.label(LEFT, y, "登记号：", 10)
    d.text(LEFT + text_width("登记号：", 10), y, id_ref(sheet.stream, sheet.app.id or 0), 10)
    d.label(RIGHT, y, "金额单位：元", 10, align="right")
    return y - 6


def _footer(d: Drawing, page: int, pages: int, left: str, right: str, mark: str = "") -> None:
    """As :func:`.common.draw_footer`: the notes are shared, the page number is the page's,
    and so is a reprint's ``mark`` (on a line of its own over the left note, in black:
    read at a glance on a copy handed round)."""
    y = MARGIN * 0.55
    d.text(A4[0] / 2, y, page_number(page, pages), 9, align="center", colour=FOOTER_GREY)
    d.text(MARGIN, y + 9.5, mark, 8.5)
    d.label(MARGIN, y, left, 7.5, colour=FOOTER_GREY)
    d.label(A4[0] - MARGIN, y, right, 7.5, align="right", colour=FOOTER_GREY)


# -- the opinion boxes -----------------------------------------------------------------
# Each draws into its box (top, height) and returns where the seal goes, or None.
BoxDraw = Callable[[Drawing, float, float], tuple[float, float] | None]


def _opinion_boxes(sheet: Sheet) -> list[tuple[BoxDraw, float]]:
    year = "　　　　年　　月　　日"

    def box(title: str, lines: Sequence[str], body: str = "") -> BoxDraw:
        def draw(d: Drawing, top: float, height: float) -> None:
            d.label(LEFT + 4 * MM, top - 6 * MM, title, 10.5, bold=True)
            # a dismissed objection makes the line longer than the box: shrunk, not cut
            size, body_lines = fitted(body, RIGHT - LEFT - 12 * MM, 10.5, 8) if body else (0, [])
            for k, line in enumerate(body_lines):
                d.text(LEFT + 8 * MM, top - 13 * MM - k * size * 1.25, line, size)
            for k, line in enumerate(reversed(lines)):
                d.label(RIGHT - 6 * MM, top - height + 5 * MM + k * 7 * MM, line, 10.5,
                        align="right")
        return draw

    def federation(d: Drawing, top: float, height: float) -> tuple[float, float]:
        # A long name (设置's 单位名称) shrinks, then wraps: whole and inside the box.
        size, heading = _federation_heading(sheet)
        for k, line in enumerate(heading):
            d.label(LEFT + 4 * MM, top - 6 * MM - k * size * 1.25, line, size, bold=True)
        drop = (len(heading) - 1) * size * 1.25
        size, opinion, _ = _opinion(sheet, height, drop)
        for k, line in enumerate(opinion):
            d.text(LEFT + 8 * MM, top - 13 * MM - drop - k * size * 1.25, line, size)
        drop += (len(opinion) - 1) * size * 1.25  # the 注 goes under it
        if held_note(sheet):  # signed and stamped, it would be paid: the change is on the paper
            # from under the award's line down to above 经办人, left of the seal; one longer
            # than that room holds at a readable size goes on the pages after the sheet (附页)
            size, held, _ = _held_note(held_note(sheet), _note_widths(sheet, height, drop),
                                       height - 29 * MM - drop)
            for k, line in enumerate(held):
                d.text(LEFT + 8 * MM, top - 19 * MM - drop - k * size * 1.25, line, size)
        d.label(LEFT + 4 * MM, top - height + 5 * MM, "经办人：", 10.5)
        d.label(LEFT + 45 * MM, top - height + 5 * MM, "审核人：", 10.5)
        # The seal covers the name and the date, its centre just above the date (骑年压月).
        bottom = top - height
        for x, y, line, size in _stamped_lines(sheet):
            d.label(x, bottom + y, line, size, align="center")
        d.text(SEAL_X, bottom + DATE_UP, _stamped_date(sheet), 11, align="center")
        return SEAL_X, bottom + SEAL_UP

    boxes: list[tuple[BoxDraw, float]]
    if sheet.stream == PATENT:
        boxes = [
            (box("所在单位工会意见：", ["（盖章）" + year]), 24 * MM),
            (box("区、局、集团（公司）工会审核意见：", ["负责人：　　　　　（盖章）" + year]),
             24 * MM),
        ]
    else:
        boxes = [
            (box("所在单位工会意见：", ["（盖章）" + year]), 22 * MM),
            (box("区、局、集团（公司）工会推荐意见：", ["负责人：　　　　　（盖章）" + year]),
             22 * MM),
            (box("专业评审及公示：", [], _review_line(sheet)), 17 * MM),
        ]
    boxes.append((federation, 50 * MM))
    return boxes


NOTE_W = RIGHT - LEFT - 62 * MM  # the 注's lines where nothing stands right of them
# Where the federation's box stamps: the seal's centre, the name and date under it (their
# baselines), as far above the box's foot.
SEAL_X = RIGHT - 38 * MM
SEAL_UP = 25 * MM
DATE_UP = 20 * MM
NAME_UP = 28 * MM
NOTE_UP = 10 * MM  # the 注's last baseline, above 经办人
CLEAR = 2 * MM  # between a 注 line's end and the seal (or the name under it)
NOTE_SIZES = (9.0, 8.5, 8.0, 7.5)  # the 注's, and no smaller: the signer reads every finding
ANNEX_POINTER = "……（注的全文见本表附页）"
OPINION_POINTER = "……（核准意见全文见本表附页）"
ANNEX_SIZE = 10.5
ANNEX_LEAD = ANNEX_SIZE * 1.5
ANNEX_TOP = TOP - 72  # the note's first baseline under the annex's heading
ANNEX_SIGN_H = 30 * MM  # 经办人, 审核人, the federation and the day under the note


def held_note(sheet: Sheet) -> str:
    """The federation box's 注: an award held (what changed), a card corrected after a
    transfer went to the old one, a 尾款 withheld after a failed acceptance (the box's
    助推资金 is the award approved, not what is paid), then the decisions the adoption
    took for the project (scored by fewer experts than the year asks, a tier boundary
    parted only by the received date), each with its reason; "" for none."""
    parts = [sheet.revoked, f"{sheet.hold}，暂缓拨付，待复核" if sheet.hold else "",
             sheet.card_note, sheet.changed,
             _withheld_note(sheet), _adopted_note(sheet)]
    # its days as the sheet's other lines write them (2020年6月1日), not the screens' ISO
    text = cn_dates("；".join(filter(None, parts)))
    return f"注：{text}。" if text else ""


def _adopted_note(sheet: Sheet) -> str:
    """The adoption's decisions on the short panel and the tie, as the 注 says them (the
    opinion says the over-request and against-plan ones)."""
    ad = sheet.adopted
    if ad is None or sheet.recorded_past or not ad.decisions:
        return ""
    return "采纳拟助推名单时" + "；".join(ad.decisions)


def _withheld_note(sheet: Sheet) -> str:
    if not sheet.rest_withheld:
        return ""
    return (f"{cn_date(failed_on(sheet.app))}结题验收未通过，尾款 "
            f"{format_money(sum(sheet.matrix[-1]))} 不予拨付，应拨付总额 "
            f"{format_money(sheet.payable_fen)}")


OPINION_LINES = 2  # at the box's size up to this many; more lines are set smaller
OPINION_SIZES = (10.5, 9.5, 8.5, 8.0)


def opinion_text(sheet: Sheet) -> str:
    """The federation's opinion, whole: 经审核，同意助推，助推资金 3万元。; for a paper
    passed against a failed condition the office's latest decision and its reason (the
    adoption's, when it gave one after 资格审核's); for an award above the request the
    adoption's decision and its reason. A reason is an official statement on a sealed
    form: never shortened (the box wraps it, an 附页 takes what the box cannot hold)."""
    award = sheet.app.award_fen or 0
    amount = format_money(award)
    pa, ad = sheet.against, sheet.adopted
    if sheet.recorded_past:  # a past year's award recorded (补录): not the register's decision
        pa = ad = None
    against = pa.reason if pa is not None and pa.opinion() else None
    if against is not None and ad is not None and ad.against_plan and ad.event_id > pa.event_id:  # type: ignore[union-attr]
        against = ad.against_plan
    requested = getattr(sheet.app, "requested_fen", None) or 0
    over = ad.over_request if ad is not None and ad.over_request and 0 < requested < award \
        else None
    # approved with no card: the gap, the office's reason and the wait for the card said
    # as a pass against a failed rule is (a failed rule's decision, if any, said first)
    card = None if sheet.recorded_past else sheet.card_wait
    clause = sheet.campaign.clause("patent_service")
    if against is None and over is None and card is None:
        return f"经审核，同意助推，助推资金 {amount}。"
    # typed reasons (the card's a reason the sheet already masks)
    why = mask_log_text(against if against is not None else card or "")
    if against is not None:
        text = f"{pa.opinion(why)}，助推资金 {amount}"  # type: ignore[union-attr]
    elif card is not None:
        text = f"{card_wait.card_opinion(clause, why)}，助推资金 {amount}"
    else:
        text = f"经审核，同意助推，助推资金 {amount}"
    if card is not None:
        text += card_wait.card_tail(clause, "" if against is not None else why)
    if over is not None:
        why = mask_log_text(over)
        text += (f"，超过申请金额 {format_money(award - requested)}，"
                 f"{'' if why.startswith('经研究') else '经研究'}按档次助推（{why}）")
    return text + "。"


def _opinion(sheet: Sheet, height: float = 50 * MM,
             drop: float = 0.0) -> tuple[float, list[str], bool]:
    """(size, lines, whether it goes on an 附页) of the federation's opinion in its box
    ``height`` high (its heading ``drop`` points lower than one line): two lines at the
    box's size rather than one small, a longer one wrapped whole beside the seal down to
    above 经办人; what even that cannot hold ends the box's lines with the pointer to the
    附页, which carries it whole."""
    text = opinion_text(sheet)
    first = height - 13 * MM - drop  # the first baseline, above the box's foot
    widths = _note_widths(sheet, height, drop, first)
    for size in OPINION_SIZES:
        lines = wrap(text, widths(size), size)
        if len(lines) <= OPINION_LINES:
            return size, lines, False
    room = first - NOTE_UP
    lead = size * 1.25
    if (len(lines) - 1) * lead <= room:
        return size, lines, False
    fit = max(1, int(room / lead + 1e-6) + 1)
    return size, [*lines[:fit - 1], OPINION_POINTER], True


def _federation_heading(sheet: Sheet) -> tuple[float, list[str]]:
    return fitted(f"{sheet.federation}核准意见：", WIDTH - 8 * MM, 10.5, 7.5)


def _stamped_lines(sheet: Sheet) -> list[tuple[float, float, str, float]]:
    """The federation's name under the seal as (x, baseline above the box's foot, line,
    size): shrunk, then wrapped, a wrapped name going up into the seal."""
    size, names = fitted(sheet.federation, 2 * (RIGHT - SEAL_X - 3 * MM), 11, 8)
    return [(SEAL_X, NAME_UP + k * size * 1.2, line, size)
            for k, line in enumerate(reversed(names))]


def _stamped_date(sheet: Sheet) -> str:
    return cn_date(sheet.app.approved_date) or "年　　月　　日"


def _note_widths(sheet: Sheet, height: float, drop: float,
                 first: float | None = None) -> Callable[[float], list[float]]:
    """For a size, the width of each 注 line in a federation box ``height`` high (its
    heading ``drop`` points lower than one line; ``first`` baseline above the box's foot,
    the 注's by default, the opinion's above it): NOTE_W, narrower beside the seal (the
    square it is stamped in, a scan's whatever its shape) and the name and date under it,
    CLEAR left of them — the seal's edge lay ≈ 4 mm over the lines' ends."""
    seal = SEAL_DIAMETER / 2
    stamped = [(SEAL_X - seal, SEAL_UP - seal, SEAL_UP + seal)]
    stamped += [(x - text_width(line, size) / 2, y - 0.25 * size, y + 0.9 * size)
                for x, y, line, size in _stamped_lines(sheet)]
    date = _stamped_date(sheet)
    stamped.append((SEAL_X - text_width(date, 11) / 2, DATE_UP - 0.25 * 11, DATE_UP + 0.9 * 11))
    if first is None:
        first = height - 19 * MM - drop  # the 注's first baseline, above the box's foot
    top = first

    def widths(size: float) -> list[float]:
        out: list[float] = []
        y = top
        while y >= NOTE_UP - 1e-6 or not out:
            beside = [x for x, low, high in stamped if y - 0.25 * size < high
                      and y + 0.9 * size > low]
            out.append(min([NOTE_W, *(x - CLEAR - LEFT - 8 * MM for x in beside)]))
            y -= size * 1.25
        return out
    return widths


def _held_note(text: str, widths: Callable[[float], list[float]],
               room: float) -> tuple[float, list[str], bool]:
    """(size, lines, whether it goes on an 附页) of the federation box's 注 on a held
    award: wrapped at 9 pt, or smaller down to 7.5 when the box needs it, each line
    ``widths(size)`` wide. When its lines need more than ``room`` (first
    baseline to last) the box holds the lines that fit, the last saying the whole note is
    on the 附页 after the sheet: the findings that hold an award are what the signer must
    read, none of them cut off nor set too small to read."""
    for size in NOTE_SIZES:  # as large as the box holds it: a signer reads it
        each = widths(size)
        lines = wrap(text, each, size)
        lead = size * 1.25
        if (len(lines) - 1) * lead <= room:
            return size, lines, False
    fit = max(1, int(room / lead + 1e-6) + 1)  # lines the box holds
    return size, [*lines[:fit - 1], ANNEX_POINTER], True


def annex_text(sheet: Sheet, unmasked: bool) -> str:
    """What a sheet's 附页 carries ("" for none): the federation's opinion when its box
    cannot hold it, then the 注 when the box cannot hold that, each whole."""
    _, boxes, heights = _layout(sheet, unmasked, HEADER_BOTTOM)
    size, heading = _federation_heading(sheet)
    drop = (len(heading) - 1) * size * 1.25
    size, opinion, opinion_over = _opinion(sheet, heights[-1], drop)
    drop += (len(opinion) - 1) * size * 1.25
    room = heights[-1] - 29 * MM - drop
    note = held_note(sheet)
    note_over = bool(note) and _held_note(note, _note_widths(sheet, heights[-1], drop),
                                          room)[2]
    parts = [f"{sheet.federation}核准意见：{opinion_text(sheet)}" if opinion_over else "",
             note if note_over else ""]
    return "\n".join(filter(None, parts))


def annex_pages(sheet: Sheet, unmasked: bool) -> list[list[str]]:
    """The 附页 after a sheet whose opinion or 注 its box cannot hold: the whole text's
    lines, a page's worth each, the last page keeping room for the signatures under them
    ([]: the box holds it)."""
    text = annex_text(sheet, unmasked)
    if not text:
        return []
    lines = wrap(text, WIDTH, ANNEX_SIZE)
    per_page = int((ANNEX_TOP - BOTTOM) / ANNEX_LEAD)
    pages = [lines[k:k + per_page] for k in range(0, len(lines), per_page)]
    if ANNEX_TOP - len(pages[-1]) * ANNEX_LEAD - ANNEX_SIGN_H < BOTTOM:
        pages.append([])  # the signatures on a page of their own, under the 续 heading
    return pages


def _draw_annex(c: Any, sheet: Sheet, lines: Sequence[str], k: int, count: int, page: int,
                pages: int, unmasked: bool, printed_on: date, shared: Shared,
                mark: str = "") -> None:
    """One page of a sheet's 附页: the sheet it belongs to, its 注 going on, and under the
    last line 经办人, 审核人, the federation and the day of the approval."""
    d = Drawing()
    title = sheet.campaign.title
    d.label(A4[0] / 2, TOP - 12, title, fitting(title, WIDTH, 12), align="center")
    head = f"{TITLES[sheet.stream]}附页" + ("（续）" if k else "")
    d.text(A4[0] / 2, TOP - 36, head, 16, align="center")
    what = "专利名称" if sheet.stream == PATENT else "项目名称"
    ref = f"登记号：{id_ref(sheet.stream, sheet.app.id or 0)}　{what}：{sheet.app.title}"
    size, refs = fitted(ref, WIDTH, 10, 7.5)
    if len(refs) > 2:  # a title of a paragraph: the 登记号 names the sheet
        refs = [refs[0], refs[1][:-2] + "……"]
    for n, line in enumerate(refs):
        d.text(LEFT, TOP - 54 - n * size * 1.2, line, size)
    if count > 1:
        d.text(RIGHT, TOP - 36, f"附页 {k + 1}/{count}", 9, align="right")
    y = ANNEX_TOP
    for line in lines:
        d.text(LEFT, y, line, ANNEX_SIZE)
        y -= ANNEX_LEAD
    if k == count - 1:
        y -= 10 * MM
        d.text(LEFT, y, "经办人：", 10.5)
        d.text(LEFT + 45 * MM, y, "审核人：", 10.5)
        d.text(RIGHT, y, sheet.federation, fitting(sheet.federation, 70 * MM, 10.5),
               align="right")
        d.text(RIGHT, y - 8 * MM, cn_date(sheet.app.approved_date) or "　　年　　月　　日",
               10.5, align="right")
    _footer(d, page, pages, printed_by(sheet.federation, printed_on),
            FINANCE_NOTE if unmasked else MASKED_NOTE, mark)
    d.place(shared)


def _review_line(sheet: Sheet) -> str:
    app = sheet.app
    tier = format_money(app.award_fen or 0)
    approved = cn_date(app.approved_date)
    if sheet.recorded_past:
        return (f"{app.campaign_year}年度已核准助推 {tier}（{approved}核准；登记册启用前的结果，"
                "历史补录）")
    # an awarded project's objections were all dismissed: one upheld leaves no award
    if sheet.objection_open:
        return (f"经专业评审确定为拟助推项目，{approved}核准助推 {tier}；"
                f"{publicity_outcome(sheet.dismissed, pending=1)}，处理前暂缓拨付")
    return (f"经专业评审确定为拟助推项目，{publicity_outcome(sheet.dismissed)}，"
            f"{approved}核准助推 {tier}")


# -- the facts grid --------------------------------------------------------------------
@dataclass(frozen=True)
class _Value:
    """A value cell's lines and their leading (a one-line plain text sits a bit tighter,
    as a platypus table sets a plain string; anything else as a CJK paragraph)."""

    lines: tuple[str, ...]
    leading: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


@lru_cache(maxsize=8192)  # yes/no, dates, unions, amounts recur from sheet to sheet
def _value(text: str, width: float, size: float) -> _Value:
    text = text or ""
    if "\n" not in text and is_plain(text) and stringWidth(text, MAIN, size) <= width - 2 * PAD:
        return _Value((text,), size * 1.2)
    return _Value(tuple(wrap(_collapsed(text), width - 2 * PAD, size)), round(size * 1.3, 1))


def _collapsed(text: str) -> str:
    """Spaces as a paragraph sets them: each run one space, none at either end."""
    return _SPACES.sub(" ", text).strip(" ")


@dataclass(frozen=True)
class _TCell:
    """A cell of the tranche table: its lines, alignment, and whether every sheet of the
    campaign shows the same text there (then it is drawn in the shared form)."""

    lines: tuple[str, ...]
    align: str = "left"
    shared: bool = False


def _tcell(text: str, col: int, align: str, shared: bool = False) -> _TCell:
    """Each line of ``text`` one line when it fits the column (into the padding if need
    be), else wrapped: a 尾款's due date (2024年12月20日前) under its acceptance's day
    stays whole, as the first tranche's does."""
    width = TRANCHE_WIDTHS[col]
    lines: list[str] = []
    for line in text.split("\n"):
        if text_width(line, TRANCHE_SIZE) <= width - 3:
            lines.append(line)
        else:
            lines.extend(wrap(line, width - 2 * TRANCHE_PAD, TRANCHE_SIZE))
    return _TCell(tuple(lines), align, shared)


@dataclass
class _Tranches:
    """The 分批拨付 table: header, one row per tranche, totals; five columns."""

    rows: list[list[_TCell]]  # the header first

    @staticmethod
    def row_height(row: Sequence[_TCell]) -> float:
        return max(len(c.lines) for c in row) * TRANCHE_SIZE * 1.2 + 2 * TRANCHE_VPAD

    @property
    def height(self) -> float:
        return sum(self.row_height(r) for r in self.rows)

    def draw(self, d: Drawing, x0: float, top: float) -> None:
        size, lead = TRANCHE_SIZE, TRANCHE_SIZE * 1.2
        xs = [x0]
        for w in TRANCHE_WIDTHS:
            xs.append(xs[-1] + w)
        ys = [top]
        for row in self.rows:
            ys.append(ys[-1] - self.row_height(row))
        for y in ys:
            d.rule(xs[0], y, xs[-1], y, 0.4, GRID_GREY)
        for x in xs:
            d.rule(x, top, x, ys[-1], 0.4, GRID_GREY)
        for row, y_top, y_bottom in zip(self.rows, ys, ys[1:], strict=False):
            mid = (y_top + y_bottom) / 2
            for k, cell in enumerate(row):
                put = d.label if cell.shared else d.text
                y = mid + len(cell.lines) * lead / 2 - size
                for line in cell.lines:
                    x, align = _tranche_x(line, xs[k], TRANCHE_WIDTHS[k], cell.align)
                    put(x, y, line, size, align=align)
                    y -= lead


def _tranche_x(line: str, left: float, width: float, align: str) -> tuple[float, str]:
    """Where a line of a tranche cell starts (or ends, or centres): inside the padding as
    a table sets it, moved into the padding when it would reach the cell's border."""
    if align == "center":
        return left + width / 2, align
    w = text_width(line, TRANCHE_SIZE)
    if align == "right":
        end = left + width - TRANCHE_PAD
        if end - w < left + 0.5:
            end = min(left + width - 1.5, left + 1.5 + w)
        return end, align
    x = left + TRANCHE_PAD
    if x + w > left + width - 0.5:
        x = max(left + 1.5, left + width - 1.5 - w)
    return x, align


@dataclass
class _Row:
    """A grid row: label and value, or two of each side by side."""

    label: str
    value: _Value | _Tranches
    label2: str = ""
    value2: _Value | None = None
    size: float = 10.5
    height: float = field(init=False)

    def __post_init__(self) -> None:
        h = max(self.size * 1.2, self.value.height,
                self.value2.height if self.value2 else 0.0)
        self.height = h + 2 * (PAD + 1)

    @property
    def split(self) -> bool:
        return self.value2 is not None


@dataclass
class _Grid:
    rows: list[_Row]
    size: float
    height: float = field(init=False)

    def __post_init__(self) -> None:
        self.height = sum(r.height for r in self.rows)

    def draw(self, d: Drawing, top: float) -> None:
        size = self.size
        x_value = LEFT + LABEL_W
        x_label2 = x_value + VALUE_W
        x_value2 = x_label2 + LABEL_W
        # Shaded label cells first, then the rules, then the text.
        y = top
        bounds = []
        for row in self.rows:
            h = row.height
            bounds.append((y - h, h))
            d.fill(LEFT, y - h, LABEL_W, h, HEADER_FILL)
            if row.split:
                d.fill(x_label2, y - h, LABEL_W, h, HEADER_FILL)
            y -= h
        bottom = y
        d.rule(LEFT, top, RIGHT, top, 0.5, GRID_GREY)
        for y0, _ in bounds:
            d.rule(LEFT, y0, RIGHT, y0, 0.5, GRID_GREY)
        for x in (LEFT, x_value, RIGHT):
            d.rule(x, top, x, bottom, 0.5, GRID_GREY)
        # The middle rules run through consecutive split rows in one stroke.
        k = 0
        while k < len(self.rows):
            if not self.rows[k].split:
                k += 1
                continue
            j = k
            while j + 1 < len(self.rows) and self.rows[j + 1].split:
                j += 1
            y_top, y_bottom = bounds[k][0] + bounds[k][1], bounds[j][0]
            d.rule(x_label2, y_top, x_label2, y_bottom, 0.5, GRID_GREY)
            d.rule(x_value2, y_top, x_value2, y_bottom, 0.5, GRID_GREY)
            k = j + 1
        label_lead = size * 1.2
        for row, (y0, h) in zip(self.rows, bounds, strict=True):
            mid = y0 + h / 2
            d.label(LEFT + PAD, mid + label_lead / 2 - size, row.label, size)
            if isinstance(row.value, _Tranches):
                row.value.draw(d, x_value + PAD, mid + row.value.height / 2)
            else:
                _draw_value(d, x_value + PAD, mid, row.value, size)
            if row.value2 is not None:
                d.label(x_label2 + PAD, mid + label_lead / 2 - size, row.label2, size)
                _draw_value(d, x_value2 + PAD, mid, row.value2, size)


def _draw_value(d: Drawing, x: float, mid: float, value: _Value, size: float) -> None:
    y = mid + value.height / 2 - size
    for line in value.lines:
        d.text(x, y, line, size)
        y -= value.leading


def _facts_grid(sheet: Sheet, size: float, unmasked: bool) -> _Grid:
    rows = (_patent_rows if sheet.stream == PATENT else _project_rows)(sheet, unmasked)
    rows += _money_rows(sheet)
    out = []
    for row in rows:
        if len(row) == 2:
            label, value = row
            out.append(_Row(label, value if isinstance(value, _Tranches)
                            else _value(value, WIDE_W, size), size=size))
        else:
            l1, v1, l2, v2 = row
            out.append(_Row(l1, _value(v1, VALUE_W, size), l2, _value(v2, VALUE_W, size),
                            size=size))
    return _Grid(out, size)


def _yn(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _qualification(sheet: Sheet) -> str:
    clause = sheet.campaign.clause_number(
        "patent_conditions" if sheet.stream == PATENT else "project_conditions")
    when = ""
    if sheet.qualified_on:
        # the 资格审核日期 the clerk gave (status_history.decided_on), else the day it was
        # recorded. After the award it led to (a past year's outcome typed in later, or
        # today's date left in the field): said so, not a decision dated after the approval
        late = sheet.app.approved_date and sheet.qualified_on > sheet.app.approved_date
        when = f"（{cn_date(sheet.qualified_on)}{'补录' if late else ''}）"
    # the sheet circulates to the unions for their seals: no other applicant named
    blocking = [cn_dates(outgoing_text(f)) for f in sheet.findings if f.blocking]
    # approved with no card (rules.card_wait): a condition unverified, not 符合…条件
    gaps = [] if sheet.card_wait is None else [
        cn_dates(outgoing_text(Finding(f.code, f.severity, card_wait.gap_said(f), f.field)))
        for f in sheet.findings if f.code == card_wait.CODE]
    if sheet.eligible is False or blocking or gaps:
        said = blocking + gaps
        head = f"资格审核通过{when}；系统核对意见：" + "；".join(said[:2])
        return head + (f" 等 {len(said)} 条" if len(said) > 2 else "")
    text = f"符合《实施方案》{clause}规定的助推条件，资格审核通过{when}"
    warnings = [cn_dates(outgoing_text(f)) for f in sheet.findings if not f.blocking]
    if warnings:
        text += "。提示：" + warnings[0] + (f" 等 {len(warnings)} 条" if len(warnings) > 1 else "")
    return text


def _patent_rows(sheet: Sheet, unmasked: bool) -> list[list[Any]]:
    a = sheet.app
    assert isinstance(a, PatentApplication)
    return [
        ["专利名称", a.title],
        ["专利号", a.patent_number or a.patent_number_raw, "授权公告日", cn_date(a.grant_date)],
        ["第一发明人", a.inventor_name, "联系电话", shown_phone(a.phone, unmasked)],
        ["身份证号", shown_id(a.id_number, unmasked) if a.id_number else "",
         # paid to it (一（四）3): a gap said, as 所在单位's
         "互助服务卡号", shown_card(a.card_number, unmasked) if a.card_number
         else "未登记" if sheet.card_wait is not None else ""],
        # its 工会 stamps the 申报表 (一（四）1): a gap said, never a blank box
        ["所在单位", a.enterprise_name or SHEET_MARK],
        ["推荐单位", a.unit_name],
        ["职务发明", _yn(a.service_invention), "一线职工", _yn(a.frontline)],
        ["生产中应用", _yn(a.applied_in_production), "所属领域", a.industry],
        ["资格审核", _qualification(sheet)],
    ]


def _project_rows(sheet: Sheet, unmasked: bool) -> list[list[Any]]:
    a = sheet.app
    assert isinstance(a, ProjectApplication)
    level = LEVEL_ZH.get(a.studio_level or "", "")
    if a.model_studio:
        level += "（示范性）"
    money = format_money
    return [
        ["项目名称", a.title],
        ["工作室名称", a.studio_name],
        ["工作室级别", level, "领衔人", a.leader],
        ["所在单位", a.enterprise_name or SHEET_MARK],  # the payee (二（四）4): never blank
        ["推荐单位", a.unit_name],
        ["立项日期", cn_date(a.approval_date), "计划完成日期", cn_date(a.planned_completion)],
        ["项目总投入", money(a.total_budget_fen) if a.total_budget_fen is not None else "",
         "申请助推金额", money(a.requested_fen) if a.requested_fen is not None else ""],
        ["联系人", a.contact_name, "联系电话", shown_phone(a.contact_phone, unmasked)],
        ["资格审核", _qualification(sheet)],
    ]


def _money_rows(sheet: Sheet) -> list[list[Any]]:
    a = sheet.app
    c = sheet.campaign
    award = a.award_fen or 0
    level = a.studio_level if isinstance(a, ProjectApplication) else None
    ratio = split_ratio(c, sheet.stream, level)
    payer_names = [sheet.federation, a.unit_name or NO_UNION]
    # after a failed acceptance each payer's share of what is paid (the tranches before the
    # 尾款), so the split adds up to the 应拨付合计 below it, not to the award approved
    paid = sheet.matrix[:-1] if sheet.rest_withheld else sheet.matrix
    shares = [sum(row[k] for row in paid) for k in range(len(PAYERS))]
    split = "；".join(f"{n} {format_money(s)}" for n, s in zip(payer_names, shares, strict=True))
    what = f"{_before_rest(sheet)}，" if sheet.rest_withheld else ""
    rest = "；尾款不予拨付" if sheet.rest_withheld else ""
    rows: list[list[Any]] = [
        ["核准助推金额", f"{format_money(award)}（{daxie(award)}）"],
        ["资金分担", f"{split}（{what}按 {ratio[0]}:{ratio[1]} 分担{rest}）"],
    ]
    if sheet.stream == PATENT:
        due = sheet.first_due
        days, whole = sheet.paid_days(1)
        when = f"，{cn_date(due)}前" if due and not whole else ""
        rows.append(["拨付方式",
                     f"核准后{c.patent_payment_months}个月内{when}一次拨付至第一发明人"
                     f"工会会员互助服务卡{_paid_said(days, whole)}"])
    else:
        rows.append(["分批拨付", _tranche_table(sheet, payer_names)])
        if sheet.rest_withheld:
            rows.append(["应拨付总额", _payable_line(sheet)])
        if sheet.acceptance:
            rows.append(["结题验收", sheet.acceptance])
    return rows


def _payable_line(sheet: Sheet) -> str:
    """After a failed acceptance: what is paid in all, in figures and 大写 (the tranches
    before the 尾款), and why the 尾款 is not: the day, the recorded reason, the clause.
    The 核准助推金额 above stays the award approved."""
    app, c = sheet.app, sheet.campaign
    shares = tranche_shares(c, sheet.stream)
    payable, rest = sheet.payable_fen, sum(sheet.matrix[-1])
    why = mask_log_text(failed_reason(app) or "")  # as typed: a phone in it masked
    return (f"{format_money(payable)}（{daxie(payable)}），即{_before_rest(sheet)}"
            f"（{sum(shares[:-1])}%）；"
            f"{cn_date(failed_on(app))}结题验收未通过{f'（{why}）' if why else ''}，"
            f"按《实施方案》{c.clause_number('project_payment')}，尾款 {format_money(rest)}"
            " 不予拨付")


def _before_rest(sheet: Sheet) -> str:
    """The tranches paid before the 尾款, in words: 首笔 in the plan's two-tranche shape."""
    return "首笔" if len(tranche_shares(sheet.campaign, sheet.stream)) == 2 else "尾款前各笔"


def _tranche_table(sheet: Sheet, payer_names: Sequence[str]) -> _Tranches:
    c = sheet.campaign
    shares = tranche_shares(c, sheet.stream)
    count = len(sheet.matrix)
    name_w = TRANCHE_WIDTHS[1] - 2 * TRANCHE_PAD
    # The federation's name is the same on every sheet of a campaign, the union's is not.
    rows: list[list[_TCell]] = [[
        _TCell(("批次",), "center", True),
        *[_TCell(_name_lines(n, name_w), "center", k == 0) for k, n in enumerate(payer_names)],
        _TCell(("合计",), "center", True),
        _TCell(("拨付时间",), "center", True),
    ]]
    for t, row in enumerate(sheet.matrix, start=1):
        if t == 1:
            due = sheet.first_due
            when = _paid_when(sheet, 1, f"{cn_date(due)}前" if due
                              else f"公示期满后{c.first_tranche_months}个月内")
        else:
            when = _rest_when(sheet, t)
        rows.append([
            _tcell(f"{tranche_label(sheet.stream, t, count)}（{shares[t - 1]}%）", 0, "left",
                   True),
            *[_tcell(format_money(v), k, "right") for k, v in enumerate(row, start=1)],
            _tcell(format_money(sum(row)), 3, "right"),
            _tcell(when, 4, "left", t > 1),
        ])
    # after a failed acceptance the 合计 is what is paid: the 尾款 above is not
    withheld = sheet.rest_withheld
    paid = sheet.matrix[:-1] if withheld else sheet.matrix
    rows.append([
        _TCell(("应拨付合计" if withheld else "合计",), "left", True),
        *[_tcell(format_money(sum(r[k] for r in paid)), k + 1, "right")
          for k in range(len(payer_names))],
        _tcell(format_money(sheet.payable_fen), 3, "right"),
        _TCell(("不含尾款" if withheld else "",), "left", True),
    ])
    return _Tranches(rows)


def _paid_said(days: Sequence[date], whole: bool) -> str:
    """A patent's payment once made, after its 拨付方式: （2023年1月10日已拨付）."""
    if not days:
        return ""
    return f"（{'、'.join(map(cn_date, days))}{'已拨付' if whole else '已拨付部分'}）"


def _paid_when(sheet: Sheet, tranche: int, due: str) -> str:
    """A tranche's 拨付时间: the day (days: its payers paid apart) it was paid once paid,
    the due date only while unpaid — a sheet printed after the payment that still says
    2027年3月11日前 reads as not paid. Part paid: the days, and the rest's due date."""
    days, whole = sheet.paid_days(tranche)
    if not days:
        return due
    said = [f"{cn_date(d)}、" for d in days[:-1]] + [cn_date(days[-1])]
    return "\n".join([*said, "已拨付"] if whole else [*said, "部分已拨付，", f"其余{due}"])


def _rest_when(sheet: Sheet, tranche: int) -> str:
    """When the rest (尾款) is paid: after the acceptance, or never once it failed
    (二（四）4 pays it only 通过验收后). Finance pays from the signed sheet: a passed one
    gives the acceptance's day and the 尾款's due date (the one 拨付 and `pay list` give,
    ``rest_due``), as the first tranche gives its own; a failed one says so at the 尾款,
    its amount staying the one approved (the payment lists and 年度统计 show it as
    验收未通过不予拨付)."""
    app = sheet.app
    if app.status == FAILED:
        day = cn_date(failed_on(app))  # a line of its own, as 2023年3月28日前 above
        return "\n".join(x for x in (day, "验收未通过，", "不予拨付") if x)
    accepted = app.accepted_date if isinstance(app, ProjectApplication) else None
    due = rest_due(sheet.campaign, accepted)
    if accepted is None or due is None:
        return _paid_when(sheet, tranche, f"结题验收后{sheet.campaign.final_tranche_months}个月内")
    return "\n".join((cn_date(accepted), "验收通过，", _paid_when(sheet, tranche, f"{cn_date(due)}前")))


def _name_lines(name: str, width: float) -> tuple[str, ...]:
    """A payer's name wrapped to the column, whole: the header row grows with it (a name
    cut to …, on a signed sheet, no longer says who pays)."""
    return tuple(wrap(name, width, TRANCHE_SIZE))
