"""Official documents as they leave the register: one audit line a job, and 补打.

Each print or export of an official document — the 审批表, a 拨付清单, a 公示名单 —
is one line in the trail (``print_document``): which document, of which year, which
papers (登记号), how many pages, masked or finance's copy, where to, by whom (the
line's operator). A paper printed again is marked in its footer
补打（首次打印于 YYYY年M月D日）, read from those lines: a copy handed round later is not
taken for the one signed and stamped. A 审批表 that says otherwise than at its latest print
(``approval.sheet_content``: a fingerprint of every string the sheet draws — card, payee,
amounts, an acceptance's outcome, a hold, a name) is footed 重新打印（内容已变更，… 打印的
原件作废） instead: 补打 would say the copies are the same (:func:`latest_versions`, one rule
for both documents). So is a payment list whose
lines ask to pay other amounts, or to another payee or card, than its latest print did
(:func:`list_content`), and one that voids an earlier print of the same payer's list
(``list_void``: an unpaid line of it now otherwise or held, whatever was paid since). Both
are kept in the print line; a first print from before they
were kept (or fingerprinted under another version) is compared with the earliest print
since that kept one, and until there is one a plan change line (``sealed_sheets``) naming
the sheet or one of the list's papers since says it changed. The year's archive (``year_archive``) makes
copies too: marked 存档副本, and never counted as the first print.

What "the same paper" is, by document (:func:`sheet_key`, :func:`list_key`,
:func:`publicity_key`): an application's 审批表; a payer's list of a tranche with the
same lines in the same state (a list of other lines, or of the same ones paid since, is
another document — though it may void the earlier one: ``list_void``); a batch's publicity list as posted, or its 更正 of a given day. The
masked copy and finance's copy (财务联) are two documents: each one's first print is its
own, and the first 财务联 printed after the masked copy is no 补打 (:func:`marks`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .common import cn_date

ACTION = "print_document"  # the audit line of a print or export of an official document
UNMASKED = "export_unmasked"  # finance's copy: its own line (common.note_unmasked), the same facts
ARCHIVE_ACTION = "export_archive"  # the year's archive (year_archive): copies, not prints
ENTITY = "documents"
APPROVAL = "审批表"
PAYMENTS = "拨付清单"
PUBLICITY = "公示名单"
ARCHIVE_COPY = "存档副本"


def sheet_key(stream: str, app_id: int) -> str:
    """An application's 审批表: patent-12."""
    return f"{stream}-{app_id}"


def list_key(pl: Any) -> str:
    """A payer's list of a tranche (``printing.payments.PaymentList``): its payer, and its
    lines as listed — which, paid or not — by digest (a list with a line more, or one paid
    since, is another document; so is one asked for with its paid lines)."""
    lines = sorted((x.id, x.paid_date.isoformat() if x.paid_date else "") for x in pl.lines)
    # a copy asked for with its paid lines is another document even when none is paid yet:
    # the director's copy to look over must not make finance's list a 补打
    said = (lines, pl.period, "含已拨付") if getattr(pl, "with_paid", False) else (lines, pl.period)
    digest = hashlib.sha256(repr(said).encode()).hexdigest()[:16]
    return f"{PAYMENTS}:{pl.year}:{pl.tranche}:{pl.payer}:{pl.payer_name}:{digest}"


def list_content(pl: Any) -> str:
    """What a payer's list asks to pay, by digest: each line's amount, payee and card. Its
    key stays the same when these change (the same lines): the print line keeps this, and
    a reprint whose content differs is no 补打 (:func:`marks`)."""
    lines = sorted((x.id, x.amount_fen, x.payee, x.card_number) for x in pl.lines)
    # a period's list also prints its 本期退汇 and its 撤销助推另计 (追回清单) lines: kept
    # under a version of their own, so a list printed before they counted is compared
    # with its first print since, not read as changed
    said = [*pl.return_lines, pl.recoveries_said] if pl.period else []
    if any(said):
        return "清单2:" + hashlib.sha256(repr((lines, said)).encode()).hexdigest()[:16]
    return hashlib.sha256(repr(lines).encode()).hexdigest()[:16]


def list_facts(lists: Sequence[Any]) -> dict[str, Any]:
    """A payment list job's ``contents`` and ``lines`` (:class:`PrintJob`): what a reprint
    compares, by list key."""
    from .list_void import kept_lines

    return {"contents": {list_key(pl): list_content(pl) for pl in lists},
            "lines": {list_key(pl): kept_lines(pl) for pl in lists}}


def list_marks(reg: Any, lists: Sequence[Any], *, unmasked: bool = False) -> dict[str, str]:
    """:func:`marks` of payment lists, their content compared with their first print's."""
    from .list_void import voided

    keys = [list_key(pl) for pl in lists]
    out = marks(reg, keys, unmasked=unmasked,
                contents={k: list_content(pl) for k, pl in zip(keys, lists, strict=True)},
                papers={k: [sheet_key(x.stream, x.app_id) for x in pl.lines]
                        for k, pl in zip(keys, lists, strict=True)})
    # an earlier print of the payer's list asking what no longer holds: 原件作废, whatever
    # lines were paid since (list_void)
    for key, day in voided(reg, lists, unmasked=unmasked).items():
        if not out.get(key, "").startswith(CHANGED_WORDS):  # else said of this very list
            out[key] = changed_mark(day)
    return out


def publicity_key(doc: Any) -> str:
    """A batch's list (``panel.publicity_docs.PublicityList``) as posted, or its 更正 of
    that day; the list waiting for publicity is no official document (None period)."""
    period = doc.period.id if doc.period is not None else "待公示"
    corrected = doc.corrected_on.isoformat() if doc.corrected_on else ""
    return f"{PUBLICITY}:{period}:{corrected}"


def reprint_mark(first: date) -> str:
    return f"补打（首次打印于 {cn_date(first)}）"


CHANGED_WORDS = "重新打印（内容已变更"


def changed_mark(printed: date) -> str:
    """A document printed again saying otherwise than its latest print (``printed``: that
    version's first print): not the same paper as the one signed then, which no longer
    holds."""
    return f"{CHANGED_WORDS}，{cn_date(printed)}打印的原件作废）"


def changed_keys(marks: Mapping[str, str]) -> list[str]:
    """The keys ``marks`` foots 重新打印（内容已变更…）: counted apart from 补打."""
    return [k for k, mark in marks.items() if mark.startswith(CHANGED_WORDS)]


def reprint_notices(marks: Mapping[str, str], names: Sequence[str], keys: Sequence[str],
                    what: str, changed_what: str) -> list[str]:
    """注意：… printed before, their footers saying 补打; those changed since
    (``changed_what``), 重新打印（…原件作废） and to be taken back — the command and the
    打印 screen alike."""
    changed = [name for name, key in zip(names, keys, strict=True)
               if marks.get(key, "").startswith(CHANGED_WORDS)]
    again = [name for name, key in zip(names, keys, strict=True)
             if key in marks and name not in changed]
    out = []
    if again:
        shown = "、".join(again[:5]) + (f" 等 {len(again)} " if len(again) > 5 else f" {len(again)} ")
        out.append(f"注意：{shown}{what}此前已打印过，页脚注明“补打（首次打印于 …）”")
    if changed:
        shown = "、".join(changed[:5]) + (f" 等 {len(changed)} " if len(changed) > 5
                                          else f" {len(changed)} ")
        out.append(f"注意：{shown}{what}上次打印后{changed_what}已改变，页脚注明“重新打印（内容已变更，"
                   "… 打印的原件作废）”，请收回作废的原件")
    return out


CHANGED_ACTION = "sealed_sheet_changed"  # sealed_sheets.ACTION: a printed sheet's amounts changed


def archive_mark(first: date | None) -> str:
    return f"{ARCHIVE_COPY}（首次打印于 {cn_date(first)}）" if first else ARCHIVE_COPY


def first_printed(reg: Any, keys: Iterable[str], *,
                  unmasked: bool | None = None) -> dict[str, date]:
    """Each key's first print (its day), of those printed before; read from the trail's
    print lines (an archive's copies are not prints, nor is a spreadsheet: the xlsx of a
    list, for the website or a union, is data, not the paper signed and posted).
    ``unmasked``: of finance's copy only (True), of the masked copy only (False), of
    either (None)."""
    return {k: day for k, (_, day) in _first_prints(reg, keys, unmasked).items()}


def _first_prints(reg: Any, keys: Iterable[str],
                  unmasked: bool | None = None) -> dict[str, tuple[int, date]]:
    wanted = set(keys)
    if not wanted:
        return {}
    # finance's copy has its own trail line (UNMASKED), the masked copy the print line
    actions = ((ACTION, UNMASKED) if unmasked is None
               else (UNMASKED, UNMASKED) if unmasked else (ACTION, ACTION))
    out: dict[str, tuple[int, date]] = {}
    rows = reg.conn.execute(
        "SELECT e.id, substr(e.at, 1, 10), k.value FROM audit_events e,"
        " json_each(e.after, '$.keys') k WHERE e.action IN (?, ?) AND e.entity = ?"
        " AND lower(coalesce(json_extract(e.after, '$.to'), '')) NOT LIKE '%.xlsx'"
        " ORDER BY e.id", (*actions, ENTITY))
    for line, day, key in rows:
        if key in wanted and key not in out:
            try:
                out[key] = (int(line), date.fromisoformat(day))
            except (TypeError, ValueError):
                continue
    return out


def changed_since_first(reg: Any, first: dict[str, tuple[int, date]],
                        papers: Mapping[str, Iterable[str]] | None = None) -> set[str]:
    """The keys whose content changed (a trail line of ``CHANGED_ACTION``) after their
    first print; ``papers``: a key's 审批表 keys, whose change line counts for it too."""
    if not first:
        return set()
    rows = reg.conn.execute(
        "SELECT e.id, k.value FROM audit_events e, json_each(e.after, '$.keys') k"
        " WHERE e.action = ? AND e.entity = ?", (CHANGED_ACTION, ENTITY))
    by_sheet: dict[str, list[str]] = {}
    for key, sheets in (papers or {}).items():
        for sheet in sheets:
            by_sheet.setdefault(sheet, []).append(key)
    out = set()
    for line, changed in rows:
        for key in (changed, *by_sheet.get(changed, ())):
            if key in first and line > first[key][0]:
                out.add(key)
    return out


def _content_changed(reg: Any, first: dict[str, tuple[int, date]],
                     contents: Mapping[str, str],
                     actions: tuple[str, str] = (ACTION, UNMASKED),
                     ) -> tuple[set[str], set[str]]:
    """(the keys whose first print kept a content other than ``contents``', the keys whose
    first print kept none: printed before content was kept, or under another fingerprint
    version). A first print that kept none is compared with the earliest print since that
    kept one (of the same copy, ``actions``): after an upgrade the first print made with it
    is the baseline, not nothing."""
    changed: set[str] = set()
    unknown: set[str] = set()
    wanted = {k: line for k, (line, _) in first.items() if k in contents}
    if not wanted:
        return changed, unknown
    kept: dict[str, str] = {}
    rows = reg.conn.execute(
        "SELECT e.id, json_extract(e.after, '$.contents') FROM audit_events e"
        " WHERE e.action IN (?, ?) AND e.entity = ? AND e.id >= ?"
        " AND json_extract(e.after, '$.contents') IS NOT NULL ORDER BY e.id",
        (*actions, ENTITY, min(wanted.values())))
    for line, text in rows:
        try:
            said = json.loads(text)
        except (TypeError, ValueError):
            continue
        if not isinstance(said, dict):
            continue
        for key, was in said.items():
            if (key in wanted and key not in kept and line >= wanted[key]
                    and isinstance(was, str) and _version(was) == _version(contents[key])):
                kept[key] = was
    for key in wanted:
        if key not in kept:
            unknown.add(key)
        elif kept[key] != contents[key]:
            changed.add(key)
    return changed, unknown


def _version(content: str) -> str:
    """A content's fingerprint version (审批表1 of 审批表1:ab12…; none for a list's)."""
    return content.split(":", 1)[0] if ":" in content else ""


def marks(reg: Any, keys: Iterable[str], *, unmasked: bool = False,
          archive: bool = False, contents: Mapping[str, str] | None = None,
          papers: Mapping[str, Iterable[str]] | None = None) -> dict[str, str]:
    """The footer mark of each key: 补打（首次打印于 …） for one printed before in the same
    copy (``unmasked``: finance's copy; else the masked one), or 重新打印（内容已变更…，
    原件作废） when its amounts changed since that first print; ``archive``: 存档副本, with
    the first print's day (of either copy) where there was one. ``contents``: a key's
    content now (:func:`list_content`), compared with its first print's; where that print
    kept none, a change line naming one of its ``papers`` after it says it changed."""
    keys = list(keys)
    prints = _first_prints(reg, keys, None if archive else unmasked)
    first = {k: day for k, (_, day) in prints.items()}
    if archive:
        return {k: archive_mark(first.get(k)) for k in keys}
    actions = (UNMASKED, UNMASKED) if unmasked else (ACTION, ACTION)
    latest = latest_versions(reg, first, contents, actions) if contents else {}
    out = {k: reprint_mark(day) if same else changed_mark(day)
           for k, (day, same) in latest.items()}
    prints = {k: v for k, v in prints.items() if k not in latest}
    first = {k: v for k, v in first.items() if k not in latest}
    # the latest print kept no content (a print from before it was kept, or under another
    # fingerprint version): its first print, compared as it could be
    changed = changed_since_first(reg, prints)
    if contents:
        differ, unknown = _content_changed(reg, prints, contents, actions)
        changed |= differ | changed_since_first(
            reg, {k: v for k, v in prints.items() if k in unknown},
            {k: v for k, v in (papers or {}).items() if k in unknown})
    return out | {k: changed_mark(day) if k in changed else reprint_mark(day)
                  for k, day in first.items()}


def latest_versions(reg: Any, keys: Iterable[str], contents: Mapping[str, str],
                    actions: tuple[str, str]) -> dict[str, tuple[date, bool]]:
    """A reprint, for both the 审批表 and the 拨付清单, is judged against the document's
    LATEST print (of the same copy, ``actions``): by key, (the first print of the version
    that print carried — the original signed; its 补打 copies are copies of it —, whether
    ``contents`` is that version). Same: 补打（首次打印于 that day）; otherwise 重新打印
    （内容已变更，that day 打印的原件作废）. A document changed and changed back is
    judged so too: the sheet in between is void. Keys whose latest print kept no
    comparable content are left out (:func:`marks` reads them as before)."""
    wanted = {k for k in keys if k in contents}
    if not wanted:
        return {}
    seen: dict[str, list[tuple[date, str | None]]] = {}
    rows = reg.conn.execute(
        "SELECT substr(e.at, 1, 10), k.value, json_extract(e.after, '$.contents')"
        " FROM audit_events e, json_each(e.after, '$.keys') k WHERE e.action IN (?, ?)"
        " AND e.entity = ? AND lower(coalesce(json_extract(e.after, '$.to'), ''))"
        " NOT LIKE '%.xlsx' ORDER BY e.id", (*actions, ENTITY))
    for day, key, text in rows:
        if key not in wanted:
            continue
        try:
            on = date.fromisoformat(day)
            said = json.loads(text) if text else {}
        except (TypeError, ValueError):
            continue
        kept = said.get(key) if isinstance(said, dict) else None
        seen.setdefault(key, []).append((on, kept if isinstance(kept, str) else None))
    out: dict[str, tuple[date, bool]] = {}
    for key, prints in seen.items():
        last = prints[-1][1]
        if last is None or _version(last) != _version(contents[key]):
            continue
        start = len(prints) - 1  # back over the prints of that version (or that kept none)
        while start and prints[start - 1][1] in (last, None):
            start -= 1
        out[key] = (prints[start][0], contents[key] == last)
    return out


@dataclass(frozen=True)
class PrintJob:
    """One print or export of an official document, as its audit line records it."""

    document: str  # 审批表, 拨付清单, 公示名单
    year: int | None
    keys: Sequence[str]  # what "the same paper" is (sheet_key, list_key, publicity_key)
    papers: Sequence[str] = ()  # the applications on it, by 登记号 (专利12, 项目3)
    pages: int | None = None
    to: str = ""  # the file, or the printer
    unmasked: bool = False
    what: str = ""  # a line of its own: 第 1 批，北京市总工会；第1批（更正）
    reprinted: Sequence[str] = field(default_factory=tuple)  # keys printed before
    # of those, the ones footed 重新打印（内容已变更…）: counted apart (not 补打)
    changed: Sequence[str] = field(default_factory=tuple)
    contents: Mapping[str, str] = field(default_factory=dict)  # a list's (list_content)
    # a list's unpaid lines' fingerprints, by key (list_void.kept_lines): None, not a list
    lines: Mapping[str, Mapping[str, str]] | None = None

    def doc(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "document": self.document, "year": self.year, "keys": list(self.keys),
            "papers": list(dict.fromkeys(self.papers)), "copy": "财务联" if self.unmasked
            else "部分隐去号码", "to": self.to}
        if self.pages is not None:
            out["pages"] = self.pages
        if self.what:
            out["what"] = self.what
        changed = set(self.changed) & set(self.keys)
        if again := (set(self.reprinted) - changed) & set(self.keys):
            out["reprinted"] = len(again)
        if changed:
            out["changed"] = len(changed)
        if self.contents:
            out["contents"] = dict(self.contents)
        if self.lines is not None:
            out["lines"] = {k: dict(v) for k, v in self.lines.items()}
        return out


def record(reg: Any, job: PrintJob) -> bool:
    """The job's line in the trail, in a transaction of its own; False when the register
    is open read-only (another BoostDesk writes it): nothing recorded."""
    if getattr(reg, "read_only", False):
        return False
    with reg.transaction():
        reg.audit(ACTION, ENTITY, None, None, job.doc())
    return True


UNRECORDED = "登记册只读，本次打印未记入修改记录（其后再打印不会标注“补打”）"


def details(after: Mapping[str, Any]) -> str:
    """The trail's words for a print line: 审批表（2022 年度，35 页，部分隐去号码）：
    专利26、项目3 … 共 35 项，其中补打 3 份；保存到 …"""
    papers = [str(p) for p in after.get("papers") or ()]
    shown = "、".join(papers[:12]) + (f" 等 {len(papers)} 项" if len(papers) > 12 else "")
    facts = [f"{after['year']} 年度" if after.get("year") else "",
             _payers(after.get("what")),
             f"{after['pages']} 页" if after.get("pages") is not None else "",
             str(after.get("copy") or "")]
    text = f"{after.get('document', '')}（{'，'.join(x for x in facts if x)}）"
    if shown:
        text += f"：{shown}"
    again = [f"补打 {after['reprinted']} 份" if after.get("reprinted") else "",
             f"内容变更后重新打印 {after['changed']} 份" if after.get("changed") else ""]
    if any(again):
        text += "；其中" + "、".join(x for x in again if x)
    if after.get("to"):
        text += f"；{after['to']}"
    return text


def _payers(what: Any) -> str:
    """A print line's own words; a payment list's payers named while few."""
    names = str(what or "").split("、")
    return "、".join(names) if len(names) <= 3 else f"{names[0]} 等 {len(names)} 个付款单位"


def archive_details(after: Mapping[str, Any]) -> str:
    """The trail's words for a year's archive: 2022 年度，38 个文件，目录 SHA-256 …；保存到 …"""
    return "；".join(x for x in (
        f"{after.get('year', '')} 年度，{after.get('files', 0)} 个文件（{after.get('pages', 0)} 页）",
        f"目录 SHA-256：{after['index_sha256']}" if after.get("index_sha256") else "",
        f"登记册备份：{after['backup']}" if after.get("backup") else "",
        f"核对意见存档副本 {after['letters']} 份" if after.get("letters") else "",
        f"保存到：{after.get('to', '')}") if x)
