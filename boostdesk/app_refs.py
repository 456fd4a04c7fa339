"""登记号 as the office writes them: 专利12, 项目6 (per stream: a bare 12 may name both).

One reading for every place one is typed — the window's searches, 打印's 申报 box and
every command that takes an application (panel, publicity, pay accept, audit, print
approval) — so that what one accepts the others accept: full-width (项目６, ＃), spaces
anywhere (项目 6), 项目#6 and 项目登记号6.

A patent number is read there as the entry form reads it (``validate.parse_patent_number``:
2021101234567, ZL2021101234567, CN 2021 1 0123456.7 are ZL202110123456.7), and a search's
words a patent number, resident ID or telephone number spans as the register stores it
(:func:`fold_numbers`: 138-0013-8000 and +86 13800138000 are 13800138000). No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from boostdesk.models.records import PATENT, PROJECT, STREAM_WORDS, id_ref
from boostdesk.validate import ValidationError, check_phone, normalize_text, parse_patent_number

__all__ = ["STREAM_WORDS", "NoSuchApplication", "both_streams", "find_application", "fold_numbers", "id_ref",
           "patent_number", "project_number", "refs_text", "stream_and_id"]

# 15 digits at most: a longer number is no 登记号 (and would overflow SQLite's integer)
_REF = re.compile(r"(专利|项目)(?:登记号)?#?(\d{1,15})")
_BARE = re.compile(r"\d{1,15}")


def refs_text(apps: Iterable[Any]) -> str:
    """Applications (records, or anything with ``stream`` and ``id``) named one by one as
    :func:`id_ref` names each: 专利40、专利41 — the reference a clerk can type to pick one."""
    return "、".join(id_ref(a.stream, a.id or 0) for a in apps)


def stream_and_id(ref: str) -> tuple[str | None, int] | None:
    """(stream, 登记号) of a reference written as a 登记号 — stream ``None`` for a bare
    number — or None when it is not one (a title, a patent number, with or without its
    dot)."""
    key = "".join(normalize_text(ref).split())  # NFKC: full-width digits and ＃ as ASCII
    if _BARE.fullmatch(key):
        # a patent number without its dot (2021101234567) is one, as on the form
        return (None, int(key)) if patent_number(key) is None else None
    match = _REF.fullmatch(key)
    if match is None:
        return None
    return (PATENT if match.group(1) == STREAM_WORDS[PATENT] else PROJECT), int(match.group(2))


class NoSuchApplication(ValidationError):
    """:func:`find_application` found nothing ``ref`` names (a caller may look further)."""


def both_streams(ref: str, number: int) -> str:
    """The question a bare 登记号 both streams have asks: which one is not ours to guess."""
    return (f"“{ref.strip()}”：专利、项目都有登记号 {number} 的申报，"
            f"请写“{id_ref(PATENT, number)}”或“{id_ref(PROJECT, number)}”")


def find_application(reg: Any, ref: str, stream: str | None = None) -> tuple[str, int]:
    """(stream, 登记号) of the one application ``ref`` names — 专利12 / 项目3, a bare number
    (of the one stream that has it, or of ``stream`` when given), a patent number, a patent's
    or project's title — as every command that takes one reads it. ValidationError, in
    words, when it names none or several (a bare number of both streams: :func:`both_streams`).
    A 登记号 written with its stream is returned as typed: whether the register (still) has
    it is the caller's to say."""
    from boostdesk.models.register import canonical_patent_number
    from boostdesk.validate import tidy_line

    tables = ((PATENT, "patent_applications"), (PROJECT, "project_applications"))
    found = stream_and_id(ref)
    if found is not None:
        named, app_id = found
        if named is not None:
            if stream is not None and named != stream:
                raise ValidationError(f"“{ref.strip()}”是{STREAM_WORDS[named]}的登记号，"
                                      f"与所写的{STREAM_WORDS[stream]}不符")
            return named, app_id
        if stream is not None:
            return stream, app_id
        have = [s for s, table in tables
                if reg.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (app_id,))]
        if len(have) == 1:
            return have[0], app_id
        if have:
            raise ValidationError(both_streams(ref, app_id))
        raise NoSuchApplication(f"登记册中没有登记号为 {app_id} 的申报")
    number = canonical_patent_number(ref)
    rows = [(PATENT, r[0]) for r in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE patent_number = ?", (number,))] if number else []
    title = tidy_line(ref)  # as a title is stored
    for s, table in tables:
        rows += [(s, r[0]) for r in reg.conn.execute(
            f"SELECT id FROM {table} WHERE title = ? ORDER BY id", (title,))
            if (s, r[0]) not in rows]
    rows = [r for r in rows if stream is None or r[0] == stream]
    if not rows:
        raise NoSuchApplication(f"登记册中没有“{ref.strip()}”：请写登记号（专利12 / 项目3）、专利号、"
                              "专利或项目名称")
    if len(rows) > 1:
        raise ValidationError(f"“{ref.strip()}”有 {len(rows)} 项申报（"
                              + "、".join(id_ref(s, i) for s, i in rows) + "），请写登记号")
    return rows[0]


def project_number(ref: str) -> int | None:
    """The 登记号 of a project written as one (项目6, or a bare 6), None for a title; a
    patent's (专利6) refused in words, where a project is wanted."""
    named = stream_and_id(ref)
    if named is None:
        return None
    stream, number = named
    if stream == PATENT:
        raise ValidationError(f"“{ref.strip()}”是专利的登记号，这里要的是创新项目：请写项目的"
                              f"登记号（如 项目{number}）或项目名称")
    return number


def patent_number(ref: str) -> str | None:
    """The patent number (ZL202110123456.7) ``ref`` reads as on the entry form, else None
    (a title, a 登记号, a number the form refuses)."""
    if not any(c.isdigit() for c in ref):
        return None
    try:
        return parse_patent_number(ref).patent_number
    except ValidationError:
        return None


# -- the numbers in a search's words -------------------------------------------------------
# A word that may be part of a number: digits and what is written between them, a patent
# number's ZL / CN, a telephone number's +86 and brackets, a resident ID's X.
_NUMBERISH = re.compile(r"(?:zl|cn)?[0-9x+()\-.·。]*[0-9][0-9x+()\-.·。]*|zl|cn|\+86", re.I)
_RUN = 6  # words a number is written in at most (CN 2021 1 0123456.7, 653101 1992 0505 443X)
_ID = re.compile(r"[0-9]{17}[0-9x]", re.I)
_PATENT_SIGNS = re.compile(r"^(?:zl|cn)|[.·。-]", re.I)
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LOCAL = re.compile(r"[0-9]{4}-[0-9]{4}")  # 8357-0885, as a local number is written


def _number(run: str) -> str | None:
    """What ``run`` (one or more words, lower-case) is as the register stores it, when it
    reads as a patent number, resident ID or telephone number written otherwise; else None."""
    digits = sum(c.isdigit() for c in run)
    # a patent number: 12 digits and the check (an 8-digit old one only with its ZL or
    # dot: nine bare digits are as likely a piece of a card or an ID)
    signs = digits + run.endswith("x")
    if (signs == 13 or (signs == 9 and _PATENT_SIGNS.search(run))) and (
            number := patent_number(run)) is not None:
        return number[2:].lower()  # without ZL: found in the number as typed too
    compact = "".join(run.split()).replace("-", "")
    if compact != run and _ID.fullmatch(compact):  # an ID in groups: 653101-19920505-443X
        return compact.lower()
    if any(c in run for c in " +-()"):  # 138-0013-8000, +86 13800138000, (010) 8357 0885
        try:
            phone = check_phone(run)
        except ValidationError:
            return None
        if not any(c in run for c in "+-()") and not _MOBILE.fullmatch(phone):
            return None  # 010 8357 0885 is found as typed; 2022 0505 may be two fragments
        if digits == 8 and phone.startswith("010-"):  # a local number: any area code's
            return phone[4:] if _LOCAL.fullmatch(run) else None  # not 2021-03-05
        return phone.lower()
    return None


def fold_numbers(words: list[str]) -> list[str]:
    """``words`` (a search's, lower-case) with each run of them that is a patent number,
    resident ID or telephone number written another way than the register stores it
    replaced by the stored form: the register's ``search_text`` holds the number as
    ZL202110123456.7 (and as typed), a person's ID and telephone as 65310119920505443X
    and 13800138000. The longest run first; other words as they are."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        for j in range(min(n, i + _RUN), i, -1):
            if not all(_NUMBERISH.fullmatch(w) for w in words[i:j]):
                continue
            number = _number(" ".join(words[i:j]))
            if number is not None:
                out.append(number)
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return out
