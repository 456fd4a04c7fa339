"""A payer's payment list that voids an earlier print of the same list (原件作废).

Finance knows a 拨付清单 by its year, tranche and payer (:func:`identity`), not by the lines
on it: ``print_log.list_key`` tells a list with a line paid since from the one printed before
(its 补打 would say the copies are the same), and so would hide that the earlier paper asks
to pay what no longer holds. An earlier print of the same list is void (:func:`voided`)
when one of its unpaid lines is, now, neither paid (nor paid and sent back since) nor on the
list at the amount, payee and card it read: the amount changed (a plan change, a corrected
award), the line is held (暂缓拨付) or gone. A line paid since leaves the list of what is to
pay: the normal course, no voiding — the rest is a new document (or 补打 of one printed so).

Each print line keeps, by list key, its unpaid lines' fingerprints (:func:`kept_lines`). A
print from before they were kept is read from what it kept then: the key's digest of the
line ids gives its lines back (the payer's lines of the papers it names), and its content
digest, taken over those lines as they read now, whether any of them changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from . import print_log

MAX_GUESSED = 6  # a print day's own payments tried in or out of an old print's lines


def identity(key: str) -> str:
    """A list key without its digest of lines: 拨付清单:2023:1:union:朝阳区总工会."""
    return key.rsplit(":", 1)[0]


def line_ref(line: Any) -> str:
    """A line by its paper (the list's tranche and payer are the list's): patent-12."""
    return print_log.sheet_key(line.stream, line.app_id)


def line_content(line: Any) -> str:
    """What a line asks to pay, by digest: the amount, the payee, the card."""
    said = (line.amount_fen, line.payee, line.card_number)
    return hashlib.sha256(repr(said).encode()).hexdigest()[:12]


def kept_lines(pl: Any) -> dict[str, str]:
    """The list's unpaid lines' fingerprints, for its print line (a period's list of
    transfers sent keeps none: its lines are paid)."""
    if pl.period:
        return {}
    return {line_ref(x): line_content(x) for x in pl.lines if not x.paid}


@dataclass(frozen=True)
class _Print:
    line: int  # the trail line's id
    day: date
    key: str
    lines: Mapping[str, str] | None  # kept_lines, when it kept them
    content: str | None  # print_log.list_content, when it kept it
    papers: tuple[str, ...]  # the print line's 登记号 (every list of the job)


def voided(reg: Any, lists: Sequence[Any], *, unmasked: bool = False) -> dict[str, date]:
    """By list key: the day the latest earlier print (of the same copy) of the same payer's
    list was first printed, for the lists that void it."""
    wanted = {identity(print_log.list_key(pl)): pl for pl in lists if not pl.period}
    if not wanted:
        return {}
    prints = _prints(reg, wanted.__contains__, unmasked)
    out: dict[str, date] = {}
    read: dict[tuple[int, int], list[Any]] = {}  # a year's tranche's lines, read once
    for ident, pl in wanted.items():
        earlier = prints.get(ident)
        if not earlier:
            continue
        now = _lines_now(reg, pl, read)
        listed = {line_ref(x): line_content(x) for x in pl.lines if not x.paid}
        key = print_log.list_key(pl)
        # the latest print of the payer's list is the paper in hand (an earlier one it
        # voided was said so then; a reprint since of the same is no 重新打印 again)
        p = earlier[-1]
        lines = p.lines
        if lines is None:  # printed before lines were kept
            if p.key == key:  # the same lines: print_log.marks compares its content
                continue
            lines = _guessed(reg, p, now)
            if lines is None:
                continue
        if any(_void(ref, was, now.get(ref), listed, p.day) for ref, was in lines.items()):
            out[key] = _version_printed(earlier)
    return out


def _version_printed(earlier: Sequence[_Print]) -> date:
    """The day the latest print's version was first printed: back over the prints of the
    same lines reading the same (its 补打 copies)."""
    last = earlier[-1]
    day = last.day
    for p in reversed(earlier[:-1]):
        if p.key != last.key or p.lines != last.lines or p.content != last.content:
            break
        day = p.day
    return day


def _void(ref: str, was: str, line: Any, listed: Mapping[str, str], day: date) -> bool:
    """An earlier print's unpaid line ``ref`` (reading ``was``) no longer holds."""
    if line is not None and (line.paid or (line.returned_date and line.returned_date >= day)):
        return False  # paid since (and maybe sent back since): it left the list to pay
    return listed.get(ref) != was


def _lines_now(reg: Any, pl: Any, read: dict[tuple[int, int], list[Any]]) -> dict[str, Any]:
    """The payer's lines of the list's year and tranche as they stand, any state."""
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.finance.terms import NO_UNION
    from boostdesk.models.campaign import FEDERATION

    if (pl.year, pl.tranche) not in read:
        read[(pl.year, pl.tranche)] = payment_lines(reg, pl.year, tranche=pl.tranche)
    fed = pl.payer == FEDERATION
    return {line_ref(x): x for x in read[(pl.year, pl.tranche)] if x.payer == pl.payer and (
        fed or (x.payer_name or NO_UNION) == pl.payer_name)}


def _prints(reg: Any, wanted: Callable[[str], bool],
            unmasked: bool) -> dict[str, list[_Print]]:
    """The earlier prints (no spreadsheet, no archive copy) of the lists whose identity is
    ``wanted``, oldest first, by identity."""
    action = print_log.UNMASKED if unmasked else print_log.ACTION
    out: dict[str, list[_Print]] = {}
    rows = reg.conn.execute(
        "SELECT e.id, substr(e.at, 1, 10), e.after FROM audit_events e"
        " WHERE e.action = ? AND e.entity = ? AND json_extract(e.after, '$.document') = ?"
        " AND lower(coalesce(json_extract(e.after, '$.to'), '')) NOT LIKE '%.xlsx'"
        " ORDER BY e.id", (action, print_log.ENTITY, print_log.PAYMENTS))
    for line, day, text in rows:
        try:
            after = json.loads(text)
            on = date.fromisoformat(day)
        except (TypeError, ValueError):
            continue
        if not isinstance(after, dict):
            continue
        kept: dict[str, Any] = after.get("lines") or {}
        contents: dict[str, Any] = after.get("contents") or {}
        if not isinstance(kept, dict) or not isinstance(contents, dict):
            continue
        papers = tuple(str(p) for p in after.get("papers") or ())
        for key in after.get("keys") or ():
            if not isinstance(key, str) or not wanted(identity(key)):
                continue
            lines = kept.get(key) if "lines" in after else None
            out.setdefault(identity(key), []).append(_Print(
                int(line), on, key, dict(lines) if isinstance(lines, dict) else None,
                contents.get(key) if isinstance(contents.get(key), str) else None, papers))
    return out


def _guessed(reg: Any, p: _Print, now: Mapping[str, Any]) -> dict[str, str] | None:
    """An old print's unpaid lines, as ``kept_lines`` would have kept them, recovered from
    its key and content digests; None when they cannot be told."""
    from boostdesk.models.records import id_ref

    digest = p.key.rsplit(":", 1)[1]
    named = set(p.papers)
    mine = [x for x in now.values() if id_ref(x.stream, x.app_id) in named]
    # lines paid before that day were not on a list of what was left to pay
    sure = [x for x in mine if not (x.paid and x.paid_date <= p.day)]
    same_day = [x for x in mine if x.paid and x.paid_date == p.day][:MAX_GUESSED]
    found = None
    for n in range(len(same_day) + 1):
        for extra in combinations(same_day, n):
            lines = [*sure, *extra]
            ids = sorted((x.id, "") for x in lines)
            if hashlib.sha256(repr((ids, "")).encode()).hexdigest()[:16] == digest:
                found = lines
                break
        if found is not None:
            break
    if found is None:
        return None
    if p.content is not None:
        said = sorted((x.id, x.amount_fen, x.payee, x.card_number) for x in found)
        if hashlib.sha256(repr(said).encode()).hexdigest()[:16] != p.content:
            # one of them reads otherwise since: say so of a line still to pay
            return {line_ref(x): "" for x in found}
    elif print_log.changed_since_first(reg, {p.key: (p.line, p.day)},
                                       {p.key: [line_ref(x) for x in found]}):
        return {line_ref(x): "" for x in found}  # a plan change line names one since
    return {line_ref(x): line_content(x) for x in found}


def void_notice(name: str, day: date) -> str:
    """What the office is told of a payer's list :func:`void_without_list` names — the
    command and the 打印 screen alike (no footer can say it)."""
    from .common import cn_date

    return (f"注意：{name} {cn_date(day)}打印的清单所列款项现已不应拨付（本次无该单位的清单），"
            "原件作废，请收回")


LIST_CHANGED = "金额或收款人、卡号"  # what print_log.list_content holds


def list_notices(reg: Any, year: int, tranche: int | None, lists: Sequence[Any],
                 marks: Mapping[str, str], *, every_payer: bool,
                 unmasked: bool = False) -> list[str]:
    """What a print of payment lists tells the office beside the document: the lists
    printed before (补打, or 重新打印 and the void original to take back), and each payer
    printed before with no list now whose original is void (``every_payer``: every payer's
    lists of one year's tranche asked for; else none can be told)."""
    said = print_log.reprint_notices(marks, [pl.payer_name for pl in lists],
                           [print_log.list_key(pl) for pl in lists], "份清单", LIST_CHANGED)
    if every_payer and tranche:
        said += [void_notice(name, day) for name, day in
                 void_without_list(reg, year, tranche, lists, unmasked=unmasked)]
    return said


def void_without_list(reg: Any, year: int, tranche: int, lists: Sequence[Any], *,
                      unmasked: bool = False) -> list[tuple[str, date]]:
    """Payers of the year's tranche printed before and with no list now (every payer's
    lists asked for), whose earlier print asked to pay what is now neither paid nor on any
    list (its award no longer approved, its payment gone): (payer, the earliest such
    print's day). No footer says so: the command does. A line on another payer's list now
    (a union renamed) is not counted, nor a print from before lines were kept."""
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.campaign import FEDERATION

    have = {identity(print_log.list_key(pl)) for pl in lists}
    prefix = f"{print_log.PAYMENTS}:{year}:{tranche}:"
    fed_listed = any(pl.payer == FEDERATION for pl in lists)
    prints = _prints(reg, lambda ident: ident.startswith(prefix) and ident not in have and not (
        fed_listed and ident.startswith(prefix + FEDERATION + ":")), unmasked)
    if not prints:
        return []
    listed = {(pl.payer, line_ref(x)) for pl in lists for x in (*pl.lines, *pl.held)}
    now = {(x.payer, line_ref(x)): x for x in payment_lines(reg, year, tranche=tranche)}
    out = []
    for ident, earlier in prints.items():
        payer, name = ident[len(prefix):].split(":", 1)
        for p in earlier:
            if p.lines and any(not (x := now.get((payer, ref))) or not (
                    x.paid or (payer, ref) in listed) for ref in p.lines):
                out.append((name, p.day))
                break
    return out
