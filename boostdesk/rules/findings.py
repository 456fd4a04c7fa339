"""A finding: one thing a rule of the plan says about one application."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

BLOCKING = "blocking"
WARNING = "warning"
SEVERITY_ZH = {BLOCKING: "不符合", WARNING: "提示"}
ASK = "，请补充"  # how a missing fact's finding ends (:func:`missing`)
MISSING_HEAD = "缺少“"  # and begins (材料未齐's, the other kind, neither: rules.patent)
SETTLED = "，该年度结果已定，无须补充"  # how it ends once its year's outcome is recorded


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    field: str | None = None  # the record field the finding is about, for the form
    missing: bool = False  # a fact needed by the rule was not supplied

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING


# The findings a rule makes are few and repeat from one application to the next (not
# a front-line worker, no receipt date...): each is made once and shared, which saves
# building it (a frozen dataclass) ten thousand times in an import, and lets
# check._Encoder find an already encoded list by the identities of its findings.
@lru_cache(maxsize=4096)
def blocking(code: str, message: str, field: str | None = None) -> Finding:
    return Finding(code, BLOCKING, message, field)


@lru_cache(maxsize=4096)
def warning(code: str, message: str, field: str | None = None) -> Finding:
    return Finding(code, WARNING, message, field)


@lru_cache(maxsize=1024)
def missing(code: str, what: str, clause: str, field: str) -> Finding:
    """A rule could not be applied because a fact is missing: say so, never pass silently."""
    gap = " " if clause[:1].isascii() else ""  # 无法核对 50% 上限, as 的 50% elsewhere
    return Finding(code, WARNING, f"{MISSING_HEAD}{what}”，无法核对{gap}{clause}{ASK}", field, True)


@lru_cache(maxsize=1024)
def settled(f: Finding) -> Finding:
    """A missing fact's finding on an earlier year's decided paper: a 提示 that asks for
    nothing. The outcome (核准, 未获助推 …) is recorded and old tables have no 收件日期 or
    materials to give, so the paper is what its blocking findings make it (合格 or 不合格),
    not 待补材料 for ever. (Cached: the encoder shares lists by their findings' identities.)"""
    if not f.missing:
        return f
    return Finding(f.code, f.severity, f.message.removesuffix(ASK) + SETTLED, f.field, False)


def settle(findings: list[Finding], keep: Collection[str] = ()) -> list[Finding]:
    """``findings`` with each missing fact :func:`settled` (the same list when none is),
    but those whose code is in ``keep``: still asked for."""
    if not any(f.missing and f.code not in keep for f in findings):
        return findings
    return [f if f.code in keep else settled(f) for f in findings]


def settle_json(text: str) -> str:
    """A stored findings column with its missing facts :func:`settled`, as ``to_json``
    writes it (migration 19); a column this version cannot read is left to the re-check."""
    try:
        return to_json(settle(from_json(text)))
    except (TypeError, ValueError):
        return text


def unsettled(f: Finding) -> Finding:
    """:func:`settled` undone: the missing fact asked for again, worded as the rule words it
    (:func:`missing`'s end their question with :data:`ASK`, 材料未齐 has none)."""
    if f.missing or not f.message.endswith(SETTLED):
        return f
    said = f.message.removesuffix(SETTLED)
    return Finding(f.code, f.severity, said + ASK if said.startswith(MISSING_HEAD) else said,
                   f.field, True)


def unsettle_json(text: str) -> str:
    """A stored findings column with its settled facts :func:`unsettled` (migration 22,
    for a paper the clerk refused: workflow.outcome_recorded); as :func:`settle_json`."""
    try:
        return to_json([unsettled(f) for f in from_json(text)])
    except (TypeError, ValueError):
        return text


# A paper's verdict as the 核对意见 letter, `check` and the 办理进度告知单 say it: any
# 不符合 makes it 不合格, even with materials missing too (they are said beside it)
ELIGIBLE, REFUSED, INCOMPLETE, UNCHECKED = "eligible", "refused", "incomplete", "unchecked"
VERDICT_ZH = {ELIGIBLE: "合格", REFUSED: "不合格", INCOMPLETE: "待补材料", UNCHECKED: "未核对"}


def verdict_of(findings: Sequence[Finding] | None) -> str:
    """The verdict of these findings (None: never checked, 未核对)."""
    if findings is None:
        return UNCHECKED
    if any(f.severity == BLOCKING for f in findings):
        return REFUSED
    return INCOMPLETE if any(f.missing for f in findings) else ELIGIBLE


def weightiest_first(findings: Sequence[Finding]) -> list[Finding]:
    """What fails first (不符合), then what is missing (待补), then the 提示: a list's one
    cell of findings showed a 提示 (申请金额…) where the reason a paper fails was."""
    return sorted(findings, key=lambda f: (not f.blocking, not f.missing))


def is_eligible(findings: list[Finding]) -> bool:
    return not any(f.severity == BLOCKING for f in findings)


def is_incomplete(findings: list[Finding]) -> bool:
    return any(f.missing for f in findings)


def to_json(findings: list[Finding]) -> str:
    # What json.dumps(ensure_ascii=False) writes for the list of the findings' dicts (its
    # items joined by ", "), each finding's object written once: the rules share their
    # findings (above) among the lists, ≈ 9,500 distinct at 100,000 applications.
    if not findings:
        return "[]"
    return "[" + ", ".join(map(_finding_json, findings)) + "]"


@lru_cache(maxsize=8192)
def _finding_json(f: Finding) -> str:
    # Spelled out rather than dataclasses.asdict, which deep-copies and was a tenth of
    # `boostdesk check` over 100,000 applications; same keys, same order.
    return json.dumps({"code": f.code, "severity": f.severity, "message": f.message,
                       "field": f.field, "missing": f.missing}, ensure_ascii=False)


def from_json(text: str) -> list[Finding]:
    return [Finding(**d) for d in json.loads(text or "[]")]


@lru_cache(maxsize=1024)
def stored_findings(text: str) -> tuple[Finding, ...]:
    """A stored findings column decoded, once per distinct text: a campaign's applications
    share a few lists (the findings are frozen, so one tuple serves them all)."""
    return tuple(from_json(text))


# UNION_CARD_SHARED (rules.patent.shared_card) names the other holder of the card for the
# clerk; a letter to a union or an applicant must not name another union's applicant.
_OTHER_HOLDER = re.compile(r"也登记为“[^”]*”(?:等 (\d+) 人)?的卡号")


# DUPLICATE_APPLICATION (rules.check) names the registered paper's first inventor when
# another person claims the patent: perhaps another union's applicant, not the letter's
_RIVAL = re.compile(r"：登记册中(?:专利\d+)?的第一发明人为[^，]*，本申报为")


def outgoing_text(f: Finding) -> str:
    """A finding's message as a document leaving the office prints it (the 核对意见
    letter, the 办理进度告知单): another person's name left out. Stored messages of
    earlier releases are read the same way."""
    if f.code == "DUPLICATE_APPLICATION":
        return _RIVAL.sub("：该专利已有申报登记了另一第一发明人，本申报为", f.message)
    if f.code != "UNION_CARD_SHARED":
        return f.message
    return without_other_holder(f.message)


# The federation's own intake date (收件日期, 三: the day the office received the paper):
# nothing a union can send, so no letter to a union or applicant (核对意见, 办理进度告知单)
# asks for it nor counts a paper 待补材料 for it; the clerk's screens still say it
INTAKE_DATE = "LATE_SUBMISSION"


def asked_of_union(findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` less a missing 收件日期 (:data:`INTAKE_DATE`): what a letter tells."""
    return [f for f in findings if not (f.code == INTAKE_DATE and f.missing)]


def lacks_intake_date_only(findings: Sequence[Finding]) -> bool:
    """待补材料 for its missing 收件日期 alone: the office's to enter, no union's to send."""
    return (any(f.code == INTAKE_DATE and f.missing for f in findings)
            and not any(f.missing for f in asked_of_union(findings)))


# 待补材料 for the 收件日期 alone, as every screen and command words it (the list's 资格, the
# status bar, the detail pane, check, review): still 待补材料 (filtered and counted so),
# what it waits for said — the office's date, not the union's materials (待办: 待填收件日期)
NO_RECEIVED_ZH = "待补材料（待填收件日期）"
# :func:`lacks_intake_date_only` over a stored row (alias a): no 收件日期 and one missing
# finding in its findings column (to_json writes each "missing": true once, 15 characters)
UNDATED_ONLY_SQL = ("(a.received_date IS NULL AND a.eligible = 1 AND a.incomplete = 1"
                    " AND length(a.findings) - length(replace(a.findings, '\"missing\": true',"
                    " '')) = 15)")


def verdict_label(verdict: str, findings: Sequence[Finding] = ()) -> str:
    """A verdict's words: :data:`NO_RECEIVED_ZH` for a paper 待补材料 for its 收件日期
    alone (``findings`` its findings), else :data:`VERDICT_ZH`."""
    if verdict == INCOMPLETE and findings and lacks_intake_date_only(findings):
        return NO_RECEIVED_ZH
    return VERDICT_ZH.get(verdict, verdict)


def without_other_holder(text: str) -> str:
    """``text`` (a finding's message, or a copied cell quoting one) with the other holder
    of a shared card unnamed: 已登记为另一申报人的卡号 (另外 N 位)."""
    return _OTHER_HOLDER.sub(
        lambda m: (f"已登记为另外 {m.group(1)} 位申报人的卡号" if m.group(1)
                   else "已登记为另一申报人的卡号"), text)
