"""登记号 as the office writes them: 专利12, 项目6 (per stream: a bare 12 may name both).

One reading for every place one is typed — the window's searches, 打印's 申报 box and
every command that takes an application (panel, publicity, pay accept, audit, print
approval) — so that what one accepts the others accept: full-width (项目６, ＃), spaces
anywhere (项目 6), 项目#6 and 项目登记号6. No Qt here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from boostdesk.models.records import PATENT, PROJECT, STREAM_WORDS, id_ref
from boostdesk.validate import ValidationError, normalize_text

__all__ = ["STREAM_WORDS", "id_ref", "project_number", "refs_text", "stream_and_id"]

# 15 digits at most: a longer number is no 登记号 (and would overflow SQLite's integer)
_REF = re.compile(r"(专利|项目)(?:登记号)?#?(\d{1,15})")
_BARE = re.compile(r"\d{1,15}")


def refs_text(apps: Iterable[Any]) -> str:
    """Applications (records, or anything with ``stream`` and ``id``) named one by one as
    :func:`id_ref` names each: 专利40、专利41 — the reference a clerk can type to pick one."""
    return "、".join(id_ref(a.stream, a.id or 0) for a in apps)


def stream_and_id(ref: str) -> tuple[str | None, int] | None:
    """(stream, 登记号) of a reference written as a 登记号 — stream ``None`` for a bare
    number — or None when it is not one (a title, a patent number)."""
    key = "".join(normalize_text(ref).split())  # NFKC: full-width digits and ＃ as ASCII
    if _BARE.fullmatch(key):
        return None, int(key)
    match = _REF.fullmatch(key)
    if match is None:
        return None
    return (PATENT if match.group(1) == STREAM_WORDS[PATENT] else PROJECT), int(match.group(2))


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
