"""Official documents as they leave the register: one audit line a job, and 补打.

Each print or export of an official document — the 审批表, a 拨付清单, a 公示名单 —
is one line in the trail (``print_document``): which document, of which year, which
papers (登记号), how many pages, masked or finance's copy, where to, by whom (the
line's operator). A paper printed again is marked in its footer
补打（首次打印于 YYYY年M月D日）, read from those lines: a copy handed round later is not
taken for the one signed and stamped. A 审批表 whose amounts a plan change altered since
its first print (``sealed_sheets``) is footed 重新打印（内容已变更，首次打印于 …，原件作废）
instead: 补打 would say the copies are the same. The year's archive (``year_archive``) makes
copies too: marked 存档副本, and never counted as the first print.

What "the same paper" is, by document (:func:`sheet_key`, :func:`list_key`,
:func:`publicity_key`): an application's 审批表; a payer's list of a tranche with the
same lines in the same state (a list of other lines, or of the same ones paid since, is
another document); a batch's publicity list as posted, or its 更正 of a given day. The
masked copy and finance's copy (财务联) are two documents: each one's first print is its
own, and the first 财务联 printed after the masked copy is no 补打 (:func:`marks`).
"""

from __future__ import annotations

import hashlib
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
    since, is another document)."""
    lines = sorted((x.id, x.paid_date.isoformat() if x.paid_date else "") for x in pl.lines)
    digest = hashlib.sha256(repr((lines, pl.period)).encode()).hexdigest()[:16]
    return f"{PAYMENTS}:{pl.year}:{pl.tranche}:{pl.payer}:{pl.payer_name}:{digest}"


def publicity_key(doc: Any) -> str:
    """A batch's list (``panel.publicity_docs.PublicityList``) as posted, or its 更正 of
    that day; the list waiting for publicity is no official document (None period)."""
    period = doc.period.id if doc.period is not None else "待公示"
    corrected = doc.corrected_on.isoformat() if doc.corrected_on else ""
    return f"{PUBLICITY}:{period}:{corrected}"


def reprint_mark(first: date) -> str:
    return f"补打（首次打印于 {cn_date(first)}）"


def changed_mark(first: date) -> str:
    """A sheet printed again after its amounts changed (``sealed_sheets``): not the same
    paper as the one first signed, which no longer holds."""
    return f"重新打印（内容已变更，首次打印于 {cn_date(first)}，原件作废）"


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


def changed_since_first(reg: Any, first: dict[str, tuple[int, date]]) -> set[str]:
    """The keys whose content changed (a trail line of ``CHANGED_ACTION``) after their
    first print."""
    if not first:
        return set()
    rows = reg.conn.execute(
        "SELECT e.id, k.value FROM audit_events e, json_each(e.after, '$.keys') k"
        " WHERE e.action = ? AND e.entity = ?", (CHANGED_ACTION, ENTITY))
    return {key for line, key in rows if key in first and line > first[key][0]}


def marks(reg: Any, keys: Iterable[str], *, unmasked: bool = False,
          archive: bool = False) -> dict[str, str]:
    """The footer mark of each key: 补打（首次打印于 …） for one printed before in the same
    copy (``unmasked``: finance's copy; else the masked one), or 重新打印（内容已变更…，
    原件作废） when its amounts changed since that first print; ``archive``: 存档副本, with
    the first print's day (of either copy) where there was one."""
    keys = list(keys)
    prints = _first_prints(reg, keys, None if archive else unmasked)
    first = {k: day for k, (_, day) in prints.items()}
    if archive:
        return {k: archive_mark(first.get(k)) for k in keys}
    changed = changed_since_first(reg, prints)
    return {k: changed_mark(day) if k in changed else reprint_mark(day)
            for k, day in first.items()}


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

    def doc(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "document": self.document, "year": self.year, "keys": list(self.keys),
            "papers": list(dict.fromkeys(self.papers)), "copy": "财务联" if self.unmasked
            else "部分隐去号码", "to": self.to}
        if self.pages is not None:
            out["pages"] = self.pages
        if self.what:
            out["what"] = self.what
        if self.reprinted:
            out["reprinted"] = len(set(self.reprinted) & set(self.keys))
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
    if after.get("reprinted"):
        text += f"；其中补打 {after['reprinted']} 份"
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
