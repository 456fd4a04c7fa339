"""核对意见 (退补材料通知): each recommending union told which of its papers the rules
found 不合格 or 待补材料, and why, one workbook a union.

The verdicts are made again first (:func:`current_findings`, what ``boostdesk check`` and
F5 do), not read from the stored columns alone: a letter that tells a union to withdraw a
paper must say what the plan's rules say today, also after a crash lost the writes noted
for re-checking or after an upgrade changed a rule. They are stored when the register can
be written, so the detail pane, the lists and the statistics say what the letter says.

Every finding is quoted as the rules give it (the clause cited as the year's plan numbers
it). Resident ID and card numbers are masked, in their columns and inside the findings'
texts, as on every copy that is not finance's. No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from boostdesk.app_refs import id_ref
from boostdesk.models.records import PATENT, PROJECT, PatentApplication, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import (
    CLOSE_REASON,
    SEASON_CLOSED_ZH,
    STATUS_ZH,
    UNDECIDED,
    season_closed,
)
from boostdesk.rules import card_wait
from boostdesk.rules.findings import (  # the verdict, as every letter says it
    ELIGIBLE,
    INCOMPLETE,
    REFUSED,
    UNCHECKED,
    VERDICT_ZH,
    Finding,
    is_eligible,
    is_incomplete,
    stored_findings,
    to_json,
    verdict_of,
)
from boostdesk.said_where import way
from boostdesk.validate import normalize_text, tidy_name

from .errors import ExportCancelled
from .union_problems import refused_for_union
from .xlsx_layout import wrapped_lines

TO_TELL = (REFUSED, INCOMPLETE)  # the verdicts a union is told about
STREAM_ZH = {PATENT: "发明专利助推", PROJECT: "创新项目助推"}
STREAMS = (PATENT, PROJECT)
NO_UNIT = "（未填推荐单位）"
ALL_CLEAR = "符合方案各项条件，材料齐全"
CORRECTED = "已更正，核对合格"
# Findings of what the union's table wrote, not of the paper: a number whose check digit
# does not hold (typed wrong), a fact left blank. Corrected in the table sent again, they go.
TYPED_WRONG = frozenset({"PATENT_NUMBER_INVALID", "PERSON_ID_INVALID", "UNION_CARD_INVALID"})
LEFT_BLANK = frozenset({"NO_UNION_CARD", "INVENTOR_MISSING", "STUDIO_MISSING"})
TOO_MANY = "STUDIO_TOO_MANY_APPLICATIONS"
NOTICE_ACTION = "export_notices"  # the audit event a written letter leaves: its verdicts
# the audit event an archive copy of the letters sent leaves: no letter went out again
COPY_ACTION = "export_notices_copy"
ARCHIVE_COPY = "存档副本"
TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}
REFUSED_HEADING = "未能登记的行"


class NoticeError(Exception):
    """A union named that the register does not know (or knows several of); in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- the verdicts, made now ---------------------------------------------------------
@dataclass(frozen=True)
class Rechecked:
    """The year's findings as the rules give them now, by (stream, application id)."""

    findings: dict[tuple[str, int], tuple[Finding, ...]]
    changed: int  # applications whose stored verdict differed
    stored: bool  # the verdicts are now stored (False: a read-only register)


def current_findings(reg: Register, year: int, *, store: bool = True,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> Rechecked:
    """Every rule run over ``year`` again (``rules.check_campaign``); with ``store``, the
    verdicts that differ from the stored ones written as ``boostdesk check`` writes them.
    A cancel raises :class:`ExportCancelled` before anything is stored."""
    from boostdesk.rules import CheckCancelled, check_campaign
    from boostdesk.rules.check import store_verdicts

    try:
        verdicts = check_campaign(reg, year, progress=progress, cancelled=cancelled)
    except CheckCancelled:
        raise ExportCancelled("已取消导出核对意见，未生成文件，登记册未作任何改动") from None
    cid = reg.campaign_id(year)
    before: dict[tuple[str, int], tuple[Any, ...]] = {}
    for stream in STREAMS:
        for app_id, eligible, incomplete, text in reg.conn.execute(
                f"SELECT id, eligible, incomplete, findings FROM {TABLES[stream]}"
                " WHERE campaign_id = ?", (cid,)):
            before[(stream, app_id)] = (eligible, incomplete, text or "[]")
    findings: dict[tuple[str, int], tuple[Finding, ...]] = {}
    changed = 0
    for v in verdicts:
        if v.app_id is None:
            continue
        key = (v.stream, v.app_id)
        findings[key] = tuple(v.findings)
        now = (int(is_eligible(v.findings)), int(is_incomplete(v.findings)), to_json(v.findings))
        changed += before.get(key) != now
    if cancelled is not None and cancelled():
        raise ExportCancelled("已取消导出核对意见，未生成文件，登记册未作任何改动")
    if store and changed:
        store_verdicts(reg, reg.campaign(year), verdicts)
    return Rechecked(findings, changed, store)


def stored_year_findings(reg: Register, year: int) -> dict[tuple[str, int], tuple[Finding, ...] | None]:
    """The stored verdicts of ``year`` (None: never checked, 未核对)."""
    cid = reg.campaign_id(year)
    out: dict[tuple[str, int], tuple[Finding, ...] | None] = {}
    for stream in STREAMS:
        for app_id, eligible, text in reg.conn.execute(
                f"SELECT id, eligible, findings FROM {TABLES[stream]} WHERE campaign_id = ?",
                (cid,)):
            out[(stream, app_id)] = None if eligible is None else stored_findings(text or "[]")
    return out


# -- what each union is told --------------------------------------------------------
@dataclass(frozen=True)
class NoticeItem:
    """One paper as its union's letter lists it."""

    stream: str
    app_id: int
    seq: int | None  # the 序号 the union's table gave it (None: typed from a paper form)
    person: str  # first inventor, or the studio's leader
    id_masked: str  # patents only
    card_masked: str  # patents only
    title: str
    patent_number: str  # patents only
    studio: str  # projects only
    enterprise: str
    verdict: str
    opinions: tuple[str, ...]  # each finding: 【不符合】message (numbers masked)
    was: str = ""  # the verdict the union's previous letter told, when it told one
    decided: str = ""  # the outcome that decided it (资格审核不通过, 核准…): nothing to send
    decided_on: date | None = None  # the day of that decision, when the history dates it
    # the row of the union's table, for a paper imported with its 序号 blank (a formula
    # without its value): named by it, not by a blank 序号 the note says is a paper form's;
    # or with a 序号 another row of its table has too (附：… numbered 1, 2 again): by both
    row: int | None = None

    @property
    def ref(self) -> str:
        """序号 7 as the union knows it (else 第 12 行 of its table; 序号 1（第 10 行） when
        two rows have it); 专利12 for a paper its table did not list."""
        if self.seq is not None:
            return f"序号 {self.seq_shown}"
        return f"第 {self.row} 行" if self.row else id_ref(self.stream, self.app_id)

    @property
    def seq_shown(self) -> int | str | None:
        """What the 序号 column shows: the 序号 (with the table's row when two rows have
        it: 1（第 10 行）), else the table's row (第 12 行)."""
        if self.seq is not None:
            return f"{self.seq}（第 {self.row} 行）" if self.row else self.seq
        return f"第 {self.row} 行" if self.row else None

    @property
    def verdict_zh(self) -> str:
        return VERDICT_ZH[self.verdict]

    @property
    def to_tell(self) -> bool:
        return self.verdict in TO_TELL

    @property
    def corrected(self) -> bool:
        """Told 不合格 or 待补材料 by the previous letter, 合格 now."""
        return self.was in TO_TELL and self.verdict == ELIGIBLE


@dataclass(frozen=True)
class Previous:
    """A union's last letter of a year, as its audit event recorded it."""

    number: int  # 1: the first letter
    day: date
    told: dict[str, str]  # "patent-7" -> the verdict told (不合格 / 待补材料 ones)


@dataclass
class UnionNotice:
    union: str
    year: int
    items: dict[str, list[NoticeItem]]  # stream -> the papers listed, in the union's order
    received: dict[str, int]  # stream -> the papers the union sent
    # stream -> the papers 合格 with nothing to say, not listed: 其余 20 项核对合格（序号 …）
    clear: dict[str, list[NoticeItem]] = field(default_factory=dict)
    # stream -> the papers 不合格 or 待补材料 already decided (资格审核不通过; an earlier
    # year's outcome), not listed in the table: 另有 2 项已资格审核不通过，无需补报（…）
    decided: dict[str, list[NoticeItem]] = field(default_factory=dict)
    number: int = 1  # 第 2 次: a letter after one whose verdicts were different
    previous: Previous | None = None
    reply_by: date | None = None  # 请于…前回复 (the campaign's notice_reply_days)
    contact: str = ""  # the office's, from the campaign
    email: str = ""
    paper_address: str = ""  # where the paper items go (三、相关要求), from the campaign
    # an archive copy (存档副本) of the letter sent that day (its 核对日期), not a new one
    copy_of: date | None = None
    # the copy's rows whose 核对意见 the letter's line did not keep (sent before they were
    # kept): read from the register as it is when the copy is made
    opinions_now: int = 0
    # stream -> the rows of the union's tables the import did not store (refused_rows)
    refused_rows: dict[str, list[Any]] = field(default_factory=dict)
    # a copy's 未能登记的行 the letter's line did not keep (sent before they were): those of
    # the imports before it not stored since, as the register is when the copy is made
    refused_now: bool = False

    @property
    def told(self) -> dict[str, str]:
        """What this letter tells, as its audit event records it."""
        return {f"{i.stream}-{i.app_id}": i.verdict for items in self.items.values()
                for i in items if i.to_tell}

    def corrected(self, stream: str | None = None) -> list[NoticeItem]:
        return [i for s, items in self.items.items() if stream in (None, s)
                for i in items if i.corrected]

    def count(self, verdict: str, stream: str | None = None) -> int:
        return sum(1 for s, items in self.items.items() if stream in (None, s)
                   for i in items if i.verdict == verdict)

    @property
    def to_tell(self) -> int:
        return sum(1 for items in self.items.values() for i in items if i.to_tell)

    def summary(self, stream: str | None = None) -> str:
        """报送 5 项，不合格 2 项、待补材料 1 项 (with rows not registered: 报送 7 项，其中
        2 项未能登记（见…），登记 5 项：…). A refused row whose paper an earlier table
        registered is that paper: listed, not counted twice."""
        sent = sum(n for s, n in self.received.items() if stream in (None, s))
        listed = [r for s, v in self.refused_rows.items() if stream in (None, s) for r in v]
        refused = sum(1 for r in listed if not r.registered)
        parts = [f"{VERDICT_ZH[v]} {self.count(v, stream)} 项" for v in TO_TELL
                 if self.count(v, stream)]
        fixed = len(self.corrected(stream))
        done = sum(len(v) for s, v in self.decided.items() if stream in (None, s))
        see = f"见“{REFUSED_HEADING}”页"
        return (f"报送 {sent + refused} 项，"
                + (f"其中 {refused} 项未能登记（{see}），登记 {sent} 项："
                   if refused else "")
                + ("、".join(parts) if parts else "无不合格、待补材料")
                + (f"；{fixed} 项已更正，核对合格" if fixed else "")
                + (f"；{done} 项已有审核结果，无需补报" if done else "")
                + (f"；另有 {len(listed) - refused} 行重新报送的内容未能按表更新（{see}）"
                   if len(listed) > refused else ""))


@dataclass
class NoticeSet:
    year: int
    streams: tuple[str, ...]
    day: date
    include_all: bool
    notices: list[UnionNotice]  # the unions to write to, in pinyin order
    quiet: list[str] = field(default_factory=list)  # unions with papers and nothing to tell
    unassigned: int = 0  # papers to tell about whose recommending union is blank
    unchecked: int = 0  # papers never checked (stored verdicts only)
    union: str | None = None  # the one union asked for
    # unions with nothing to be told whose papers not 合格 are all decided already
    decided: list[str] = field(default_factory=list)
    all_decided: bool = False  # no paper of the year (as asked) awaits a decision: no letter
    # unions in ``quiet`` or ``decided`` with papers to be told of in the streams not asked
    # (--stream): their letters in the folder still stand
    told_elsewhere: list[str] = field(default_factory=list)


def resolve_union(reg: Register, name: str) -> str:
    """A --union value: a union's exact name, or a fragment only one union's name holds."""
    from boostdesk.pinyin_order import sort_key

    from .refused_rows import refused_unions

    key = name.strip()
    # a union none of whose rows was stored is known by the rows its import kept
    units = sorted({*(r["name"] for r in reg.query("SELECT name FROM units")),
                    *refused_unions(reg)}, key=sort_key)
    tidy = tidy_name(key)  # as a union's name is stored: 北京新疆(集团)工会 is 北京新疆（集团）工会
    if tidy in units:
        return tidy
    fragment = normalize_text(key)  # brackets either way in a fragment and in the name
    hits = [u for u in units if fragment and fragment in normalize_text(u)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NoticeError(f"没有名为“{key}”的推荐单位：请写推荐单位的全称（见“单位与人员”）")
    raise NoticeError(f"“{key}”可指 {'、'.join(hits[:6])}{' 等' if len(hits) > 6 else ''}，请写全称")


def gather_notices(
    reg: Register, year: int, streams: Iterable[str] = STREAMS, *,
    findings: Mapping[tuple[str, int], Sequence[Finding] | None] | None = None,
    union: str | None = None, include_all: bool = False, day: date | None = None,
    whole: bool = True,
) -> NoticeSet:
    """Per recommending union, its papers of ``year`` whose verdict is 不合格 or 待补材料
    (``include_all``: every paper, those flagged), in the order of the union's own table.

    ``findings`` are the verdicts to go by (:func:`current_findings`'); None reads the
    stored ones. ``union`` (a name as :func:`resolve_union` gives it) limits it to one.
    A union with papers and nothing to tell is named in ``quiet`` and gets no notice.

    A letter asks only about papers still awaiting a decision (:func:`awaiting`): one
    refused at 资格审核, or an earlier year's decided one, keeps its verdict in the register
    (``workflow.outcome_recorded``) but is not asked about again — it is named under the
    table as decided, with the day, so the union can account for every paper it sent. A
    year (as asked) with no paper awaiting a decision gets no letter (``all_decided``).
    ``whole``: the streams not asked looked at too, for ``told_elsewhere``."""
    from dataclasses import replace

    from boostdesk.pinyin_order import sort_key
    from boostdesk.rules.check import settles

    from .refused_rows import refused_rows, unnumbered_rows

    chosen = tuple(s for s in STREAMS if s in set(streams))
    if findings is None:
        findings = stored_year_findings(reg, year)
    day = day or date.today()
    campaign = reg.campaign(year)
    reply_by = day + timedelta(days=campaign.notice_reply_days) if campaign.notice_reply_days else None
    previous = previous_letters(reg, year)
    earlier = settles(reg, year)
    rows = unnumbered_rows(reg)
    by_union: dict[str, UnionNotice] = {}
    unassigned = unchecked = 0
    waiting = seen = 0
    for stream in chosen:
        apps: list[PatentApplication | ProjectApplication] = list(
            reg.patents(year) if stream == PATENT else reg.projects(year))
        apps.sort(key=lambda a: (a.seq is None, a.seq or 0, a.id or 0))
        counted = _studio_counted(apps, findings) if stream == PROJECT else {}
        ids_fixed = table_id_corrections(reg) if stream == PATENT else {}
        if stream == PATENT:
            from .resend import asked_names

            spelt = asked_names(reg)
        for app in apps:
            name = app.unit_name or ""
            if union is not None and name != union:
                continue
            assert app.id is not None
            found = findings.get((stream, app.id))
            before = previous.get(name)
            was = before.told.get(f"{stream}-{app.id}", "") if before else ""
            item = _item(stream, app, found, was, counted.get(app.id, ()),
                         rows.get((stream, app.id)))
            fixed = ids_fixed.get(app.id)
            if fixed is not None and (before is None or fixed[0] >= before.day.isoformat()):
                # the union's resent table corrected its ID: said once, in the next letter
                item = replace(item, opinions=(*item.opinions, id_corrected_text(*fixed)))
            typed = spelt.get(app.id, "") if stream == PATENT else ""
            if typed and isinstance(app, PatentApplication) and tidy_name(typed) != tidy_name(
                    app.inventor_name):  # its table named another for the ID: still so
                item = replace(item, opinions=(*item.opinions, (
                    f"【提示】汇总表所填第一发明人为“{typed}”，所填身份证号在登记册中是“{app.inventor_name}”"
                    f"的：按“{app.inventor_name}”登记。如是身份证号填错，请改正后重新报送（按更正身份证号"
                    "处理）；如确是同一人、姓名有误，请来函说明")))
            seen += 1
            if awaiting(app.status, earlier):
                waiting += 1
            elif item.verdict != ELIGIBLE:  # (one decided 合格 is named as 合格: no look-up)
                item = _decided(reg, stream, app, item)
            unchecked += item.verdict == UNCHECKED
            notice = by_union.setdefault(name or NO_UNIT, UnionNotice(
                name or NO_UNIT, year, {}, {}, previous=before, reply_by=reply_by,
                contact=campaign.notice_contact, email=campaign.notice_email,
                paper_address=campaign.paper_address))
            notice.received[stream] = notice.received.get(stream, 0) + 1
            if item.decided and item.verdict != ELIGIBLE:  # told nothing: named as decided
                notice.decided.setdefault(stream, []).append(item)
                continue
            hints = any(o.startswith("【提示】") for o in item.opinions)
            if not (include_all or item.to_tell or item.corrected or hints):
                if item.verdict == ELIGIBLE:
                    notice.clear.setdefault(stream, []).append(item)
                continue
            if not name:
                unassigned += item.to_tell
            notice.items.setdefault(stream, []).append(item)
    # the rows of each union's tables its imports did not store: listed under their own
    # heading, so that the papers told of and these add up to what the union sent
    for name, refused in refused_rows(reg, year).items():
        refused = {s: r for s, r in refused.items() if s in chosen}
        if not name or not refused or (union is not None and name != union):
            continue
        by_union.setdefault(name, UnionNotice(
            name, year, {}, {}, previous=previous.get(name), reply_by=reply_by,
            contact=campaign.notice_contact, email=campaign.notice_email,
            paper_address=campaign.paper_address)
        ).refused_rows = refused
    notices: list[UnionNotice] = []
    quiet: list[str] = []
    decided: list[str] = []
    all_decided = seen > 0 and waiting == 0
    for name in sorted(by_union, key=sort_key):
        if name == NO_UNIT:
            continue  # no one to send it to: counted in ``unassigned``
        notice = by_union[name]
        if notice.previous is not None:  # the same verdicts told again: the same letter
            # (a look at one stream, or with --all, told nothing new: not a new letter)
            notice.number = notice.previous.number + (
                notice.told != _of_streams(notice.previous.told, chosen))
        if not all_decided and (notice.to_tell or notice.corrected()
                                or (include_all and notice.items) or notice.refused_rows):
            notices.append(notice)
        elif notice.decided:
            decided.append(name)
        else:
            quiet.append(name)
    others = tuple(s for s in STREAMS if s not in chosen)
    elsewhere: list[str] = []
    if whole and others and (quiet or decided):  # a union judged whole: its letters stale?
        rest = gather_notices(reg, year, others, findings=findings, union=union, day=day,
                              whole=False)
        elsewhere = [n.union for n in rest.notices if n.union in {*quiet, *decided}]
    return NoticeSet(year, chosen, day, include_all, notices, quiet,
                     unassigned, unchecked, union, decided, all_decided, elsewhere)


def table_id_corrections(reg: Register) -> dict[int, tuple[str, str, str, str]]:
    """Patent application -> (day, file, ID before, ID after) of the last change of its
    first inventor's ID number taken from a table sent again (``resend.apply``: the
    update event names its source file): the union's correction of an ID, which its
    next letter confirms."""
    import json

    out: dict[int, tuple[str, str, str, str]] = {}
    for app_id, at, before, after in reg.conn.execute(
            "SELECT entity_id, at, before, after FROM audit_events"
            " WHERE entity = 'patent_applications' AND action = 'update'"
            " AND after LIKE '%\"id_number\"%' AND after LIKE '%\"source\"%' ORDER BY id"):
        changed, was = json.loads(after or "{}"), json.loads(before or "{}")
        if changed.get("source") and "id_number" in changed:
            out[int(app_id)] = (str(at)[:10], str(changed["source"]),
                                str(was.get("id_number") or ""), str(changed["id_number"] or ""))
    return out


def id_corrected_text(day: str, file: str, before: str, after: str) -> str:
    """What a letter says of a paper whose ID its union's resent table corrected."""
    from boostdesk.safety.privacy import mask_text

    return mask_text(f"【提示】重新报送的汇总表（{file}）所填第一发明人身份证号 {after} 与登记册原登记的 "
                     f"{before or '（未填）'} 不同：同一第一发明人，按更正身份证号处理，已于 {day} "
                     "按表中的号码更正登记；如有误，请来函说明")


def intake_unrecorded(reg: Register, year: int, streams: Iterable[str] = STREAMS,
                      union: str | None = None) -> list[tuple[str, int]]:
    """(union, papers) for each union whose papers of ``year`` awaiting a decision have no
    material ticked at all: the materials received were not recorded yet, and its letter
    would ask for every one of them (材料未齐：缺申报表、专利证书复印件…) on every row."""
    from boostdesk.pinyin_order import sort_key
    from boostdesk.rules.check import settles

    earlier = settles(reg, year)
    counts: dict[str, list[int]] = {}
    for stream in STREAMS:
        if stream not in set(streams):
            continue
        for app in reg.patents(year) if stream == PATENT else reg.projects(year):
            name = app.unit_name or ""
            if not name or (union is not None and name != union) \
                    or not awaiting(app.status, earlier):
                continue
            seen = counts.setdefault(name, [0, 0])
            seen[0] += 1
            seen[1] += any(app.materials.values())
    return [(name, n) for name, (n, ticked) in sorted(counts.items(), key=lambda kv: sort_key(kv[0]))
            if not ticked]


def intake_text(unrecorded: Sequence[tuple[str, int]]) -> str:
    """What the clerk is told before letters are written to unions of
    :func:`intake_unrecorded`."""
    named = "、".join(f"{u}（{n} 项）" for u, n in unrecorded[:8]) + (
        f" 等 {len(unrecorded)} 个单位" if len(unrecorded) > 8 else "")
    return (f"{named}的申报都还没有登记收到的材料（一项材料也未勾选）：核对意见会要求这些单位补报"
            "全部材料（每一项都写“材料未齐：缺申报表、……”）。如材料已随汇总表收到，请先在"
            "“专利助推”“创新项目”中勾选已收到的材料，再导出核对意见")


def awaiting(status: str, earlier: bool) -> bool:
    """Does a paper in ``status`` still await a decision, so that a letter may ask the union
    for its materials? Not once refused at 资格审核 (or closed by 往年结年), nor in an
    earlier year (``rules.check.settles``) once past ``workflow.UNDECIDED``: the newest
    year's 核准 paper may still owe what its payment needs."""
    if status == "refused":
        return False
    return not earlier or status in UNDECIDED


def _decided(reg: Register, stream: str, app: PatentApplication | ProjectApplication,
             item: NoticeItem) -> NoticeItem:
    """``item`` marked with the outcome that decided it and that decision's day (the day
    the clerk dated it, else the day it was recorded), from the status history."""
    from dataclasses import replace

    day = reg.scalar("SELECT COALESCE(decided_on, substr(at, 1, 10)) FROM status_history"
                     " WHERE stream = ? AND application_id = ? AND to_status = ?"
                     " ORDER BY id DESC LIMIT 1", (stream, app.id, app.status))
    what = ("往年结年（未获助推）" if app.status == "refused" and app.status_reason == CLOSE_REASON
            else SEASON_CLOSED_ZH[stream] if season_closed(stream, app.status_reason or "")
            else STATUS_ZH.get(app.status, app.status))
    try:
        on = date.fromisoformat(day) if day else None
    except ValueError:
        on = None
    return replace(item, decided=what, decided_on=on)


def previous_letters(reg: Register, year: int) -> dict[str, Previous]:
    """Union -> its last letter of ``year``, from the ``export_notices`` events the written
    letters left on the campaign's audit trail (its number and day), and what the union has
    been told: a letter of one stream (``--stream``) told only that stream's papers, the
    other's as an earlier letter told them."""
    import json

    cid = reg.campaign_id(year)
    out: dict[str, Previous] = {}
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'campaigns' AND entity_id = ?"
            " AND action = ? ORDER BY id", (cid, NOTICE_ACTION)):
        for union, letter in (json.loads(after or "{}").get("letters") or {}).items():
            was = out.get(union)
            out[union] = Previous(int(letter.get("number", 1)), date.fromisoformat(letter["day"]),
                                  _told_since(was.told if was else {}, letter))
    return out


def _told_since(told: dict[str, str], letter: dict[str, Any]) -> dict[str, str]:
    """What a union has been told once ``letter`` (a trail line's) reached it, ``told``
    before: a letter of some streams (its "streams"; none said: every one) replaces
    what was told of those streams only."""
    streams = set(letter.get("streams") or STREAMS)
    return {**{k: v for k, v in told.items() if k.partition("-")[0] not in streams},
            **dict(letter.get("told") or {})}


def _of_streams(told: dict[str, str], streams: Iterable[str]) -> dict[str, str]:
    """``told``'s papers of ``streams``."""
    chosen = set(streams)
    return {k: v for k, v in told.items() if k.partition("-")[0] in chosen}


def record_letters(reg: Register, notices: NoticeSet, written: Sequence[WrittenNotice]) -> None:
    """The letters written, on the campaign's audit trail: what each told, so that the next
    letter to a union says what it corrected since (and is numbered 第 2 次), and the
    核对意见 each told paper was given, so that an archive copy can say them as sent.
    Archive copies (:func:`gather_copies`) leave a line of their own (``COPY_ACTION``):
    no letter went out again, and the next letter's number is not moved by them."""
    if not written:
        return
    by_union = {n.union: n for n in notices.notices}
    if any(n.copy_of is not None for n in notices.notices):
        copies = {w.union: {"file": w.path.name, "day": _iso(by_union[w.union].copy_of),
                            "number": by_union[w.union].number,
                            "made": notices.day.isoformat()} for w in written}
        with reg.transaction():
            reg.audit(COPY_ACTION, "campaigns", reg.campaign_id(notices.year), None,
                      {"year": notices.year, "letters": copies})
        return
    letters = {w.union: {"file": w.path.name, "day": notices.day.isoformat(),
                         "number": by_union[w.union].number, "told": by_union[w.union].told,
                         "streams": list(notices.streams),
                         "opinions": {f"{i.stream}-{i.app_id}": list(i.opinions)
                                      for items in by_union[w.union].items.values()
                                      for i in items if i.to_tell},
                         # the copy's 未能登记的行 and count: as listed, a row stored since too
                         "received": dict(by_union[w.union].received),
                         "refused": {s: [[r.event, r.row] for r in rows] for s, rows
                                     in by_union[w.union].refused_rows.items()}}
               for w in written}
    with reg.transaction():
        reg.audit(NOTICE_ACTION, "campaigns", reg.campaign_id(notices.year), None,
                  {"year": notices.year, "letters": letters})


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


# -- archive copies of the letters sent ------------------------------------------------
@dataclass(frozen=True)
class Sent:
    """A union's last letter of a year as sent: its number, the day it was first sent
    (exported again with the same verdicts it is the same letter), the previous
    letter's day, what it told and the 核对意见 it gave (none kept before they were)."""

    number: int
    day: date
    before: date | None
    told: dict[str, str]
    opinions: dict[str, list[str]]
    line: int = 0  # its audit line
    received: dict[str, int] | None = None  # stream -> the papers counted (None: not kept)
    # stream -> the rows not registered it listed, (import line, sheet row); None: not kept
    refused: dict[str, list[tuple[int, int]]] | None = None


def sent_letters(reg: Register, year: int) -> dict[str, Sent]:
    """Union -> its last letter of ``year`` as sent, from the trail's letter lines."""
    import json

    cid = reg.campaign_id(year)
    out: dict[str, Sent] = {}
    for line, after in reg.conn.execute(
            "SELECT id, after FROM audit_events WHERE entity = 'campaigns' AND entity_id = ?"
            " AND action = ? ORDER BY id", (cid, NOTICE_ACTION)):
        for union, letter in (json.loads(after or "{}").get("letters") or {}).items():
            number, day = int(letter.get("number", 1)), date.fromisoformat(letter["day"])
            refused = letter.get("refused")
            was = out.get(union)
            opinions = {k: list(v) for k, v in (letter.get("opinions") or {}).items()}
            told = dict(letter.get("told") or {})
            if was is not None and was.number == number:  # the same letter again
                day, before = was.day, was.before  # (of one stream: the other's kept)
                told = _told_since(was.told, letter)
                opinions = {**{k: v for k, v in was.opinions.items()
                               if k in told and k not in letter.get("told", {})}, **opinions}
            else:
                before = was.day if was is not None else None
            out[union] = Sent(
                number, day, before, told, opinions, int(line),
                {s: int(n) for s, n in letter["received"].items()} if "received" in letter
                else None,
                None if refused is None else {s: [(int(e), int(r)) for e, r in rows]
                                              for s, rows in refused.items()})
    return out


def gather_copies(reg: Register, year: int, streams: Iterable[str] = STREAMS, *,
                  union: str | None = None, day: date | None = None) -> NoticeSet:
    """Archive copies (存档副本) of the letters sent: each union's last letter, dated on the
    day it was sent (核对日期), numbered as it was, listing the papers it told with the
    verdict it told and the 核对意见 it gave — for a letter sent before those were kept,
    the register's as they are now, said so. Nothing re-checked, nothing stored; written
    and recorded (:func:`write_notices`) as copies, not as letters sent again."""
    from dataclasses import replace

    from boostdesk.pinyin_order import sort_key

    from .refused_rows import refused_rows, unnumbered_rows

    chosen = tuple(s for s in STREAMS if s in set(streams))
    findings = stored_year_findings(reg, year)
    campaign = reg.campaign(year)
    rows = unnumbered_rows(reg)
    letters = sent_letters(reg, year)
    # the 未能登记的行 each letter listed (one reading for all), or, for a letter whose line
    # kept none, those of the imports before it that are not stored yet (one per letter)
    listed = {pair for sent in letters.values() for pairs in (sent.refused or {}).values()
              for pair in pairs}
    kept = refused_rows(reg, year, listed=listed) if listed else {}
    unkept = {line: refused_rows(reg, year, before=line)
              for line in {sent.line for sent in letters.values() if sent.refused is None}}
    # each stream's papers read once, by union, in the order of the union's own table
    by_union: dict[tuple[str, str], list[PatentApplication | ProjectApplication]] = {}
    for stream in chosen:
        papers: list[PatentApplication | ProjectApplication] = list(
            reg.patents(year) if stream == PATENT else reg.projects(year))
        papers.sort(key=lambda a: (a.seq is None, a.seq or 0, a.id or 0))
        for paper in papers:
            by_union.setdefault((stream, paper.unit_name or ""), []).append(paper)
    notices = []
    for name, sent in sorted(letters.items(), key=lambda kv: sort_key(kv[0])):
        if union is not None and name != union:
            continue
        notice = UnionNotice(
            name, year, {}, {}, number=sent.number,
            previous=Previous(sent.number - 1, sent.before, {}) if sent.before else None,
            reply_by=(sent.day + timedelta(days=campaign.notice_reply_days)
                      if campaign.notice_reply_days else None),
            contact=campaign.notice_contact, email=campaign.notice_email,
            paper_address=campaign.paper_address, copy_of=sent.day)
        for stream in chosen:
            for app in by_union.get((stream, name), ()):
                notice.received[stream] = notice.received.get(stream, 0) + 1
                key = f"{stream}-{app.id}"
                if key not in sent.told:
                    continue
                item = _item(stream, app, findings.get((stream, app.id or 0)),
                             row=rows.get((stream, app.id or 0)))
                said = sent.opinions.get(key)
                if said is None:
                    notice.opinions_now += 1
                item = replace(item, verdict=sent.told[key],
                               opinions=tuple(said) if said is not None else item.opinions)
                notice.items.setdefault(stream, []).append(item)
            if sent.received is not None:  # as the letter counted them (papers added since)
                notice.received.pop(stream, None)
                if sent.received.get(stream):
                    notice.received[stream] = sent.received[stream]
            if sent.refused is not None:
                pairs = set(sent.refused.get(stream, ()))
                refused = [r for r in kept.get(name, {}).get(stream, ())
                           if (r.event, r.row) in pairs]
            else:
                refused = unkept[sent.line].get(name, {}).get(stream, [])
                notice.refused_now |= bool(refused)
            if refused:
                notice.refused_rows[stream] = refused
        if notice.items or notice.refused_rows:
            notices.append(notice)
    return NoticeSet(year, chosen, day or date.today(), False, notices, union=union)


def _studio_counted(apps: Sequence[Any], findings: Mapping[tuple[str, int], Sequence[Finding] | None],
                    ) -> dict[int, tuple[Any, ...]]:
    """A project refused as its studio's one too many -> the studio's projects of the year
    counted before it (as ``rules.check`` counts them: in 登记号 order, repeats not counted),
    for the letter to name by the union's 序号."""
    by_studio: dict[int, list[Any]] = {}
    for app in sorted(apps, key=lambda a: a.id or 0):
        if app.studio_id is None:
            continue
        found = findings.get((PROJECT, app.id)) or ()
        if any(f.code == "DUPLICATE_APPLICATION" for f in found):
            continue
        by_studio.setdefault(app.studio_id, []).append(app)
    out: dict[int, tuple[Any, ...]] = {}
    for same in by_studio.values():
        for n, app in enumerate(same):
            if n and any(f.code == TOO_MANY for f in findings.get((PROJECT, app.id)) or ()):
                out[app.id] = tuple(same[:n])
    return out


def _item(stream: str, app: PatentApplication | ProjectApplication,
          found: Sequence[Finding] | None, was: str = "",
          counted: Sequence[Any] = (), row: int | None = None) -> NoticeItem:
    from boostdesk.printing.common import cn_dates, shown_card, shown_id
    from boostdesk.rules.findings import asked_of_union, outgoing_text
    from boostdesk.safety.privacy import mask_text

    if found is not None:  # the union is asked for nothing the federation itself records
        found = asked_of_union(found)
    verdict = verdict_of(found)
    if found is None:
        opinions: tuple[str, ...] = ("尚未按方案核对",)
    elif not found:
        opinions = (ALL_CLEAR,)
    else:
        # the rules' words, ISO on the screens, as a letter writes a day (2023年3月15日)
        # approved with no card (rules.card_wait): the union is told the award stands and
        # the money waits for the card, not only asked for the card as of a paper pending
        waits = app.status == "approved" and isinstance(app, PatentApplication)
        opinions = tuple(f"【{_label(f)}】"
                         + (f"{CARD_WAITS}：" if waits and f.code == card_wait.CODE else "")
                         + cn_dates(mask_text(outgoing_text(f)))
                         + (_counted_text(app, counted) if f.code == TOO_MANY else "")
                         for f in found)
    if was in TO_TELL and verdict == ELIGIBLE:  # corrected since the last letter
        opinions = (f"{CORRECTED}（上次核对意见：{VERDICT_ZH[was]}）",
                    *(o for o in opinions if o != ALL_CLEAR))
    if isinstance(app, PatentApplication):
        return NoticeItem(
            stream, app.id or 0, app.seq, app.inventor_name,
            shown_id(app.id_number, False) if app.id_number else "",
            shown_card(app.card_number, False) if app.card_number else "", app.title,
            app.patent_number or app.patent_number_raw, "", app.enterprise_name, verdict,
            opinions, was, row=row)
    return NoticeItem(stream, app.id or 0, app.seq, app.leader, "", "", app.title, "",
                      app.studio_name, app.enterprise_name, verdict, opinions, was, row=row)


CARD_WAITS = "已核准，助推资金待补填互助服务卡号后拨付"


def _counted_text(app: Any, counted: Sequence[Any]) -> str:
    """The studio's projects counted before this one, by the union's 序号 where it listed
    them (another union's by 登记号 and union)."""
    if not counted:
        return ""
    named = []
    for other in counted:
        ref = id_ref(PROJECT, other.id or 0)
        if other.unit_name != app.unit_name:
            named.append(f"{ref}（{other.unit_name or NO_UNIT}报送）")
        else:
            named.append(f"序号 {other.seq}（{ref}）" if other.seq is not None else ref)
    return f"；已申报的为：{'、'.join(named)}"


def _label(f: Finding) -> str:
    if f.blocking:
        if f.code in TYPED_WRONG:
            return "填写有误"
        return "未填写" if f.code in LEFT_BLANK else "不符合"
    if f.missing and f.code in LEFT_BLANK:  # a blank card: not a refusal, a fact to send
        return "未填写，待补"
    return "待补材料" if f.missing else "提示"


# -- the workbooks ------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeColumn:
    header: str
    width: float  # Excel character widths (a hanzi takes two)
    value: Callable[[NoticeItem, int], Any]


def _opinions(item: NoticeItem, _n: int) -> str:
    if len(item.opinions) == 1:
        return item.opinions[0]
    return "\n".join(f"{k}. {text}" for k, text in enumerate(item.opinions, start=1))


_SEQ = NoticeColumn("序号", 6, lambda i, _n: i.seq_shown)
# 专利12 / 项目6 as the window and every command take it back: the union is asked to
# quote it, and a bare 12 names a patent and a project alike
_REF = NoticeColumn("登记号", 9, lambda i, _n: id_ref(i.stream, i.app_id))
_VERDICT = NoticeColumn("核对结论", 10, lambda i, _n: i.verdict_zh)
_OPINION = NoticeColumn("核对意见（方案条款）", 50, _opinions)
COLUMNS = {
    PATENT: [_SEQ, _REF,
             NoticeColumn("第一发明人", 10, lambda i, _n: i.person),
             NoticeColumn("身份证号", 20, lambda i, _n: i.id_masked),
             NoticeColumn("工会会员互助服务卡号", 21, lambda i, _n: i.card_masked),
             NoticeColumn("专利名称", 24, lambda i, _n: i.title),
             NoticeColumn("专利号", 19, lambda i, _n: i.patent_number),
             NoticeColumn("所在单位", 18, lambda i, _n: i.enterprise),
             _VERDICT, _OPINION],
    PROJECT: [_SEQ, _REF,
              NoticeColumn("创新工作室", 22, lambda i, _n: i.studio),
              NoticeColumn("领衔人", 10, lambda i, _n: i.person),
              NoticeColumn("项目名称", 28, lambda i, _n: i.title),
              NoticeColumn("所在单位", 20, lambda i, _n: i.enterprise),
              _VERDICT, _OPINION],
}
TITLE_ROW, LINE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
FLAG_FILLS = {REFUSED: "FCE4E4", INCOMPLETE: "FFF2CC"}  # the rows to act on, with --all
# Most 不合格 rows of a union's first table are typing slips (a check digit, a card number
# left out, a date typed wrong), not papers that fail the plan: withdrawing them would lose
# a good application. The note says which is which, and that a corrected table is taken.
NOTE = ("说明：1. 核对结论为“待补材料”的，请按核对意见补齐材料后报送。2. 核对意见标【填写有误】"
        "【未填写】的（身份证号、专利号、卡号校验不符，卡号、姓名等未填），多为汇总表填写问题："
        "请核对原件，改正汇总表后重新报送，重新报送的汇总表将与已登记的逐项比对，按改正后的内容"
        "更新并重新核对。3. 标【不符合】的，按所填内容不符合方案条件：如系填写有误（如授权公告日、"
        "是否一线职工、立项日期填错），同样改正汇总表后重新报送；确不符合的，请告知申报人撤回，"
        "如有异议请附证明材料说明情况。4. 标【提示】的请核对，无需回复。5. 序号为贵单位汇总表中的"
        "序号（汇总表中序号空白的，为其行号“第 N 行”；两行序号相同的，并注其行号；纸质申报无序号），联系时请注明登记号。6. 身份证号、卡号已部分隐去。")


def copy_text(notice: UnionNotice, made: date) -> str:
    """What an archive copy says of itself, over its note."""
    assert notice.copy_of is not None
    said = (f"{ARCHIVE_COPY}：本核对意见原件于 {_day(notice.copy_of)}发出"
            + (f"（第{notice.number}次）" if notice.number > 1 else "")
            + f"，本副本于 {_day(made)}按登记册生成，所列申报和核对结论为原件所告知的")
    if notice.opinions_now:
        said += (f"；其中 {notice.opinions_now} 项的核对意见原件未存于登记册，为生成副本时登记册中"
                 "的核对意见，可能与原件不同，以原件为准")
    if notice.refused_now:
        said += (f"；“{REFUSED_HEADING}”原件未存于登记册，为原件发出前导入、生成副本时仍未登记的行，"
                 "可能与原件不同，以原件为准")
    return said + "。"


def note_text(notice: UnionNotice) -> str:
    """The note under a letter's table: :data:`NOTE`, the reply-by date and the contact."""
    tail = []
    if notice.reply_by is not None:
        tail.append(f"请于 {_day(notice.reply_by)}前回复（改正后的汇总表、补齐的材料或情况说明）。")
    if notice.paper_address:  # 待补材料 are paper items (申报表, 盖章): not e-mailed
        tail.append(f"补齐的纸质材料（申报表、证明、盖章等）请报送至 {notice.paper_address}；"
                    "改正后的汇总表发送电子版。")
    contact = "；".join(x for x in (f"联系人：{notice.contact}" if notice.contact else "",
                                   f"邮箱：{notice.email}" if notice.email else "") if x)
    if contact:
        tail.append(contact + "。")
    return NOTE + ("\n" + "".join(tail) if tail else "")


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_title(year: int, stream: str, number: int = 1, copy: bool = False) -> str:
    return (f"{year}年度职工创新助推计划（{STREAM_ZH[stream]}）申报核对意见"
            + (f"（第{number}次）" if number > 1 else "") + (f"（{ARCHIVE_COPY}）" if copy else ""))


def notice_line(notice: UnionNotice, stream: str, day: date) -> str:
    """推荐单位、核对日期 (an archive copy's: the day the letter was sent) and the counts."""
    since = (f"　　上次核对意见：{_day(notice.previous.day)}" if notice.previous is not None
             and notice.number > 1 else "")
    return (f"推荐单位：{notice.union}　　核对日期：{_day(notice.copy_of or day)}　　"
            f"{notice.summary(stream)}{since}")


def clear_text(notice: UnionNotice, stream: str) -> str:
    """其余 20 项核对合格（序号 1、2、…）: the papers not listed, said so, "" none."""
    clear = notice.clear.get(stream, [])
    if not clear:
        return ""
    listed = bool(notice.items.get(stream))
    seqs = "、".join(str(i.seq_shown) for i in clear if i.seq is not None)  # the rest by ref
    refs = "、".join(i.ref for i in clear if i.seq is None)  # typed from paper forms
    named = "，".join(x for x in (f"序号 {seqs}" if seqs else "", refs) if x)
    return f"{'其余 ' if listed else ''}{len(clear)} 项核对合格（{named}）"


def decided_text(notice: UnionNotice, stream: str) -> str:
    """另有 2 项已资格审核不通过，无需补报：序号 3（2022年3月1日）、专利65（…）: the papers
    not 合格 that are decided already, by outcome, "" none."""
    done = notice.decided.get(stream, [])
    if not done:
        return ""
    by_what: dict[str, list[NoticeItem]] = {}
    for item in done:
        by_what.setdefault(item.decided, []).append(item)
    parts = []
    for what, items in by_what.items():
        named = "、".join(i.ref + (f"（{_day(i.decided_on)}）" if i.decided_on else "")
                         for i in items)
        parts.append(f"{len(items)} 项已{what}，无需补报：{named}")
    shown = bool(notice.items.get(stream) or notice.clear.get(stream))
    return ("另有 " if shown else "") + "；".join(parts)


def file_name(year: int, union: str, number: int = 1, copy: bool = False,
              stream: str | None = None) -> str:
    """2022年核对意见-北京市朝阳区总工会.xlsx (a second letter: 2022年核对意见（第2次）-…;
    an archive copy: …-存档副本.xlsx; one stream's alone, --stream: 2022年核对意见（创新项目助推）-…,
    not written over the whole letter); a character no file name may hold as _."""
    safe = _safe(union)
    alone = f"（{STREAM_ZH[stream]}）" if stream else ""
    return (f"{year}年核对意见{alone}{f'（第{number}次）' if number > 1 else ''}-{safe}"
            + (f"-{ARCHIVE_COPY}" if copy else "") + ".xlsx")


def _safe(union: str) -> str:
    """A union's name as a file name holds it."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", union).strip(" .") or "推荐单位"


def write_notice_xlsx(path: str | Path, notice: UnionNotice, day: date) -> Path:
    """One union's workbook: a sheet a stream it has papers listed in."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.worksheets[0])
    wb.properties.creator = "BoostDesk"
    wb.properties.title = file_name(notice.year, notice.union, notice.number,
                                    notice.copy_of is not None)[:-5]
    for stream in STREAMS:
        items = notice.items.get(stream)
        refused = notice.refused_rows.get(stream, [])
        if items or (notice.clear.get(stream) or notice.decided.get(stream)) \
                and notice.received.get(stream):
            _sheet(wb, notice, stream, items or [], day)
        if refused:  # their own sheet: own columns and heading repeated on each page
            _refused_sheet(wb, notice, stream, refused, day,
                           alone=not any(ws.title == STREAM_ZH[stream] for ws in wb.worksheets))
    path = Path(path)
    wb.save(str(path))
    return path


def _sheet(wb: Any, notice: UnionNotice, stream: str, items: list[NoticeItem], day: date) -> None:
    from copy import copy

    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from .xlsx_layout import as_typed, sheet_text

    columns = COLUMNS[stream]
    ws, last, border = _letter_sheet(wb, STREAM_ZH[stream], columns, notice_title(
        notice.year, stream, notice.number, notice.copy_of is not None))
    ws.merge_cells(f"A{LINE_ROW}:{last}{LINE_ROW}")
    line = ws.cell(LINE_ROW, 1, notice_line(notice, stream, day))
    line.font = Font(name="宋体", size=11)
    line.alignment = Alignment(vertical="center")
    ws.row_dimensions[LINE_ROW].height = 22

    _header_row(ws, columns, border)

    wrap = Alignment(vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # Each cell's style is one of a few (its column's, the verdict bold or not, the row's
    # tint), made once and copied: styled attribute by attribute, each cell's Border,
    # Alignment, Font and fill were looked up among the workbook's styles — with the
    # tinting question asked of every row again, a minute for a year's 64 unions.
    flagged = notice_flags(items)
    styles: dict[tuple[int, bool, str | None], Any] = {}

    def style(j: int, col: Any, bold: bool, flag: str | None) -> Any:
        key = (j, bold, flag)
        if key not in styles:
            proto = WriteOnlyCell(ws)
            proto.border = border
            proto.alignment = centre if col in (_SEQ, _REF, _VERDICT) else wrap
            if col.header in ("身份证号", "工会会员互助服务卡号", "专利号"):
                proto.number_format = "@"
            if col is _VERDICT:
                proto.font = Font(bold=bold)
            if flag:
                proto.fill = PatternFill("solid", fgColor=flag)
            styles[key] = proto._style  # type: ignore[attr-defined]  # StyleableObject's
        return copy(styles[key])

    for r, item in enumerate(items, start=FIRST_ROW):
        flag = FLAG_FILLS.get(item.verdict) if flagged else None
        bold = item.to_tell
        lines = 1
        for j, col in enumerate(columns, start=1):
            value = sheet_text(col.value(item, r))
            c = as_typed(ws.cell(r, j, value if value != "" else None))
            c._style = style(j, col, bold and col is _VERDICT, flag)
            if isinstance(value, str):
                lines = max(lines, wrapped_lines(value, col.width))
        ws.row_dimensions[r].height = max(20, 15 * lines + 4)
    note_row = FIRST_ROW + len(items) + 1
    width = sum(c.width for c in columns)
    # the papers not listed, 合格 or decided already: the union sees none was forgotten
    for told in (clear_text(notice, stream), decided_text(notice, stream)):
        if not told:
            continue
        ws.merge_cells(f"A{note_row}:{last}{note_row}")
        said = ws.cell(note_row, 1, told)
        said.alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[note_row].height = 15 * wrapped_lines(told, width) + 6
        note_row += 1
    refused = notice.refused_rows.get(stream, [])
    if refused:  # listed on a sheet of their own: said here, where the union looks
        pointer = refused_pointer(refused, stream)
        ws.merge_cells(f"A{note_row}:{last}{note_row}")
        said = ws.cell(note_row, 1, pointer)
        said.font = Font(name="宋体", size=11, bold=True)
        said.alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[note_row].height = 15 * wrapped_lines(pointer, width) + 6
        note_row += 1
    ws.merge_cells(f"A{note_row}:{last}{note_row}")
    text = note_text(notice)
    if notice.copy_of is not None:  # said first: no copy is taken for a letter sent today
        text = copy_text(notice, day) + "\n" + text
    note = ws.cell(note_row, 1, text)
    note.alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[note_row].height = 15 * sum(
        wrapped_lines(part, width) for part in text.split("\n")) + 6


def refused_heading(rows: Sequence[Any]) -> str:
    """The heading over the rows the import did not store."""
    ask = "请按原因核对" if _all_locked(rows) else "请按原因核对、改正后重新报送"
    return f"{REFUSED_HEADING}（{len(rows)} 行）：以下各行未按表登记{_registered_said(rows)}；{ask}"


def _all_locked(rows: Sequence[Any]) -> bool:
    """Every row a change to a paper past its review (approved…): nothing to send again."""
    from .refused_rows import LOCKED

    return bool(rows) and all(getattr(r, "kind", "") == LOCKED for r in rows)


def _registered_said(rows: Sequence[Any]) -> str:
    """（其中 1 行的申报此前已登记…）: rows whose paper the table of papers lists."""
    known = sum(1 for r in rows if getattr(r, "registered", False))
    if not known:
        return "，不在核对意见表中"
    if known == len(rows):
        return "：其申报此前已登记（见核对意见表），未按这些行更新"
    return f"（其中 {known} 行的申报此前已登记，见核对意见表，未按该行更新）"


def refused_sheet_name(stream: str) -> str:
    return f"{STREAM_ZH[stream]}（{REFUSED_HEADING}）"


def refused_pointer(rows: Sequence[Any], stream: str) -> str:
    """What the main sheet says of the rows listed on their own sheet."""
    return (f"{REFUSED_HEADING}（{len(rows)} 行）：未按表登记{_registered_said(rows)}，原因见工作表"
            f"“{refused_sheet_name(stream)}”（另页）").replace("核对意见表", "上表")


REFUSED_NOTE = ("说明：序号、行号为贵单位所报汇总表中的。以上各行未登记，请按原因改正后在汇总表中"
                "重新报送；重新报送的汇总表将与已登记的逐项比对，已登记的行不会重复登记。")
# ... when every row is a change to a paper already approved (in publicity, paid)
LOCKED_NOTE = ("说明：序号、行号为贵单位所报汇总表中的。以上各行的申报已核准（或已公示、已拨付），"
               "按登记的各项办理，汇总表中的改动未采用，无需重新报送；登记的确有误的，请来函更正。")


@dataclass(frozen=True)
class RefusedColumn:
    header: str
    width: float
    value: Callable[[Any, int], Any]  # (``refused_rows.RefusedRow``, sheet row) -> cell


def refused_columns(stream: str) -> list[RefusedColumn]:
    """The columns of the 未能登记的行 sheet (``refused_rows.RefusedRow`` each row)."""
    patent = stream == PATENT
    return [
        RefusedColumn("序号", 6, lambda r, _n: int(r.seq) if r.seq.isdigit() else r.seq),
        RefusedColumn("汇总表行号", 11, lambda r, _n: f"第 {r.row} 行"),
        RefusedColumn("第一发明人" if patent else "领衔人", 12, lambda r, _n: r.who),
        RefusedColumn("专利名称" if patent else "项目名称", 28, lambda r, _n: _short(r.title)),
        RefusedColumn("未能登记的原因", 64,
                      lambda r, _n: _said(_masked(r.said or refused_for_union(r.why)))),
        RefusedColumn("请重新报送", 30, lambda r, _n: r.send_again),
    ]


def _short(title: str) -> str:
    """A refused row's title names the row, it is not quoted: a 208-character one cut."""
    return title if len(title) <= 40 else title[:39] + "…"


def _refused_sheet(wb: Any, notice: UnionNotice, stream: str, rows: Sequence[Any], day: date,
                   alone: bool) -> None:
    """The rows of the union's tables the import did not store (``refused_rows.RefusedRow``)
    on a sheet of their own: its title, the union and the heading, and its own column
    headers repeated on every printed page (not the letter's 登记号…核对结论 over them).
    ``alone``: no sheet of papers for the stream, so the reply-by and contact said here."""
    from openpyxl.styles import Alignment, Font

    from .xlsx_layout import as_typed, sheet_text

    columns = refused_columns(stream)
    width = sum(c.width for c in columns)
    ws, last, border = _letter_sheet(wb, refused_sheet_name(stream), columns, notice_title(
        notice.year, stream, notice.number, notice.copy_of is not None)
        + f"：{REFUSED_HEADING}", wrap=True)
    ws.merge_cells(f"A{LINE_ROW}:{last}{LINE_ROW}")
    said = (f"推荐单位：{notice.union}　　核对日期：{_day(notice.copy_of or day)}　　"
            + refused_heading(rows))
    line = ws.cell(LINE_ROW, 1, said)
    line.font = Font(name="宋体", size=11, bold=True)
    line.alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[LINE_ROW].height = 15 * wrapped_lines(said, width) + 8
    _header_row(ws, columns, border)
    wrap = Alignment(vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    at = FIRST_ROW
    for r in rows:
        lines = 1
        for j, col in enumerate(columns, start=1):
            value = sheet_text(col.value(r, at))
            c = as_typed(ws.cell(at, j, value if value != "" else None))
            c.border = border
            c.alignment = centre if j <= 2 else wrap
            if isinstance(value, str):
                lines = max(lines, wrapped_lines(value, col.width))
        ws.row_dimensions[at].height = max(20, 15 * lines + 4)
        at += 1
    said = LOCKED_NOTE if _all_locked(rows) else REFUSED_NOTE
    text = said
    if alone:  # the letter's note is on no other sheet of this stream
        text = note_text(notice).replace(NOTE, said)
    at += 1
    ws.merge_cells(f"A{at}:{last}{at}")
    note = ws.cell(at, 1, text)
    note.alignment = Alignment(vertical="top", wrap_text=True)
    ws.row_dimensions[at].height = 15 * sum(
        wrapped_lines(part, width) for part in text.split("\n")) + 6


def _said(text: str) -> str:
    """A reason as the letter writes it: its days 2023年3月15日 (common.cn_dates)."""
    from boostdesk.printing.common import cn_dates

    return cn_dates(text)


def _masked(text: str) -> str:
    from boostdesk.safety.privacy import mask_text

    return mask_text(text)


def notice_flags(items: Sequence[NoticeItem]) -> bool:
    """Rows are tinted by verdict only when papers needing nothing are listed beside them."""
    return any(not i.to_tell for i in items)


# -- every union's file -------------------------------------------------------------
@dataclass(frozen=True)
class WrittenNotice:
    union: str
    path: Path
    refused: int
    incomplete: int
    listed: int  # rows written (with --all, the union's every paper)
    unregistered: int = 0  # rows of its tables the imports did not store


def write_notices(notices: NoticeSet, folder: str | Path,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  record: Register | None = None) -> list[WrittenNotice]:
    """One workbook a union into ``folder`` (which must exist), named by
    :func:`file_name`. Each is written beside its name and all renamed in together once
    the last is whole: a cancel or a failure leaves the folder as it was. ``record``: the
    (writable) register the letters are noted in once written (:func:`record_letters`),
    for the next letter to each union to say what changed since."""
    from .in_place import written_in_place

    folder = Path(folder)
    out: list[WrittenNotice] = []
    total = len(notices.notices)
    alone = notices.streams[0] if len(notices.streams) < len(STREAMS) else None  # --stream
    names: set[str] = set()
    with ExitStack() as stack:
        for done, notice in enumerate(notices.notices):
            if cancelled is not None and cancelled():
                raise ExportCancelled("已取消导出核对意见，未生成文件")
            if progress is not None:
                progress(done, total)
            name = file_name(notices.year, notice.union, notice.number,
                             notice.copy_of is not None, alone)
            while name.lower() in names:  # two names alike once made safe for a file
                name = name[:-5] + "_.xlsx"
            names.add(name.lower())
            path = folder / name
            part = stack.enter_context(written_in_place(path))
            write_notice_xlsx(part, notice, notices.day)
            out.append(WrittenNotice(notice.union, path, notice.count(REFUSED),
                                     notice.count(INCOMPLETE),
                                     sum(len(v) for v in notice.items.values()),
                                     sum(len(v) for v in notice.refused_rows.values())))
        if cancelled is not None and cancelled():
            raise ExportCancelled("已取消导出核对意见，未生成文件")
    if record is not None:  # after the files are in place: a letter noted was written
        record_letters(record, notices, out)
    if progress is not None:
        progress(total, total)
    return out


def earlier_files(notices: NoticeSet, folder: str | Path) -> list[list[Path]]:
    """Letters of an earlier export in ``folder`` for unions that now have nothing to be
    told in any stream (one quiet in the streams asked but told of in the other keeps its
    letter): left there, they could be sent by mistake. A union's files newest first."""
    folder = Path(folder)
    out = []
    for union in (*notices.quiet, *notices.decided):
        if union in notices.told_elsewhere:
            continue
        files = sorted(_letter_files(folder, notices.year, union),
                       key=lambda p: (p.stat().st_mtime, _letter_number(p)), reverse=True)
        if files:
            out.append(files)
    return out


def _letter_files(folder: Path, year: int, union: str) -> list[Path]:
    """The letters to ``union`` of ``year`` in ``folder`` (any number, not archive copies)."""
    alone = "|".join(STREAM_ZH.values())
    ours = re.compile(rf"{year}年核对意见(?:（(?:{alone})）)?(?:（第\d+次）)?-{re.escape(_safe(union))}\.xlsx")
    try:
        return [p for p in folder.glob(f"{year}年核对意见*.xlsx")
                if ours.fullmatch(p.name) and p.is_file()]
    except OSError:
        return []


def _letter_number(path: Path) -> int:
    found = re.search(r"（第(\d+)次）", path.name)
    return int(found.group(1)) if found else 1


def copy_report_lines(notices: NoticeSet, written: Sequence[WrittenNotice],
                      folder: str | Path) -> list[str]:
    """What the command says after archive copies: which, dated when they were sent."""
    if not written:
        return [f"{notices.year} 年度还没有发出过核对意见（修改记录中没有），未生成存档副本"]
    by_union = {n.union: n for n in notices.notices}
    lines = [f"已在文件夹 {Path(folder)} 生成 {len(written)} 份已发核对意见的{ARCHIVE_COPY}"
             f"（{notices.year} 年度；核对日期为原件发出的日期；记入修改记录为存档副本，不是再次告知）："]
    for w in written:
        notice = by_union[w.union]
        lines.append(f"  {w.path.name}：原件 {_iso(notice.copy_of)} 发出"
                     + (f"（第{notice.number}次）" if notice.number > 1 else ""))
    kept_not = sum(n.opinions_now for n in notices.notices)
    if kept_not:
        lines.append(f"注意：{kept_not} 项申报的核对意见原件未存于登记册（此前的版本发出的），副本中为现在"
                     "登记册中的核对意见，已在副本中注明")
    return lines


def report_lines(notices: NoticeSet, written: Sequence[WrittenNotice], folder: str | Path,
                 rechecked: Rechecked | None = None, *, most: int | None = None) -> list[str]:
    """What the command and the window say afterwards, line by line; ``most``: files
    named one by one at most (a message box of sixty unions would run off the screen)."""
    streams = "、".join(STREAM_ZH[s] for s in notices.streams)
    lines: list[str] = []
    if rechecked is not None:
        stored = "已保存" if rechecked.stored else "登记册只读，未保存"
        lines.append(f"已按 {notices.year} 年度计划重新核对全部申报"
                     + (f"，{rechecked.changed} 项的核对结论与此前保存的不同（{stored}）"
                        if rechecked.changed else "，核对结论与此前保存的相同"))
    if written:
        lines.append(f"已在文件夹 {Path(folder)} 生成 {len(written)} 个推荐单位的核对意见"
                     f"（{notices.year} 年度，{streams}）：")
        shown = written if most is None or len(written) <= most else written[:most - 1]
        for w in shown:
            counts = "、".join(f"{what} {n} 项" for what, n in (
                ("不合格", w.refused), ("待补材料", w.incomplete)) if n)
            if w.unregistered:  # the rows its imports did not store
                counts += ("，" if counts else "") + f"未能登记 {w.unregistered} 行"
            counts = counts or "均合格"
            if notices.include_all:
                counts += f"，共列出 {w.listed} 项"
            lines.append(f"  {w.path.name}：{counts}")
        if len(shown) < len(written):
            rest = written[len(shown):]
            lines.append(f"  ……另有 {len(rest)} 个文件（不合格 {sum(w.refused for w in rest)} 项、"
                         f"待补材料 {sum(w.incomplete for w in rest)} 项），均在该文件夹中")
    elif notices.all_decided:
        lines.append(f"{notices.year} 年度（{streams}"
                     + (f"，{notices.union}" if notices.union is not None else "")
                     + "）的申报均已有审核结果（资格审核不通过、往年结年或核准等），"
                     "没有待定的申报需要补报材料，未生成文件")
    elif notices.union is not None and not notices.quiet and not notices.decided:
        lines.append(f"推荐单位“{notices.union}”在 {notices.year} 年度（{streams}）没有申报，未生成文件")
    else:
        lines.append(f"{notices.year} 年度（{streams}）没有不合格或待补材料的申报，未生成文件")
    if notices.quiet and not notices.all_decided:  # (a decided year: said in one line)
        lines.append(f"以下 {len(notices.quiet)} 个推荐单位的申报均合格，无需告知，未生成文件："
                     + "、".join(notices.quiet))
    if notices.decided and not notices.all_decided:
        lines.append(f"以下 {len(notices.decided)} 个推荐单位没有待定的不合格或待补材料申报"
                     "（均已资格审核不通过等），无需告知，未生成文件：" + "、".join(notices.decided))
    if notices.told_elsewhere:
        others = "、".join(STREAM_ZH[s] for s in STREAMS if s not in notices.streams)
        lines.append(f"其中 {'、'.join(notices.told_elsewhere)} 的{others}仍有不合格或待补材料的申报"
                     f"（本次只导出{streams}）：此前给该单位的核对意见仍有效")
    for files in earlier_files(notices, folder):
        more = f"（及更早的 {len(files) - 1} 份）" if len(files) > 1 else ""
        lines.append(f"注意：文件夹中的 {files[0].name}{more} 是此前生成的，该单位现已无需告知，请勿误发")
    if notices.unassigned:
        lines.append(f"注意：另有 {notices.unassigned} 项不合格或待补材料的申报未填推荐单位，"
                     "无法按单位告知，请先在申报中补填推荐单位")
    if notices.unchecked:
        lines.append(f"注意：{notices.unchecked} 项申报尚未核对（请先按 F5" + way("", " 或运行 boostdesk check") + "）")
    return lines


def _header_row(ws: Any, columns: Sequence[Any], border: Any) -> None:
    """A letter sheet's column headings, shaded, on ``HEADER_ROW``."""
    from openpyxl.styles import Alignment, Font, PatternFill  # openpyxl only when writing

    fill = PatternFill("solid", fgColor="D9E1F2")
    for j, col in enumerate(columns, start=1):
        c = ws.cell(HEADER_ROW, j, col.header)
        c.font = Font(name="宋体", size=11, bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        c.fill = fill
        c.border = border
    ws.row_dimensions[HEADER_ROW].height = 30


def _letter_sheet(wb: Any, name: str, columns: Sequence[Any], title_text: str, *,
                  wrap: bool = False) -> tuple[Any, str, Any]:
    """A letter's sheet: its columns' widths, A4 landscape with the title to the headers
    repeated on each page, the title merged across: (the sheet, its last column's letter,
    the cells' thin border)."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from .xlsx_layout import landscape_a4

    ws = wb.create_sheet(name)
    last = get_column_letter(len(columns))
    for j, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = col.width
    landscape_a4(ws, freeze_row=FIRST_ROW, title_rows=f"{TITLE_ROW}:{HEADER_ROW}")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    title = ws.cell(TITLE_ROW, 1, title_text)
    title.font = Font(name="宋体", size=16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=wrap)
    ws.row_dimensions[TITLE_ROW].height = 32
    return ws, last, border
