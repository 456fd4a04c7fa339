"""Which applications a typed list of references names: patent numbers, project titles,
登记号 (per stream, so written 专利12 / 项目3 where a bare 12 would name both).

The office types the list with commas, as it writes lists (“，” or “,”, also “；” and
“、”), and project titles themselves contain those marks: pieces are joined back
wherever together they spell a known title.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from boostdesk.models.records import PATENT, PROJECT

STREAM_WORDS = {PATENT: "专利", PROJECT: "项目"}
_SEPARATOR = re.compile(r"([,，;；、\n])")
_ID_REF = re.compile(r"(专利|项目)(?:登记号)?[#＃]?(\d+)")


def ref_key(text: str) -> str:
    """A reference as compared: without spaces, in upper case."""
    return "".join(text.split()).upper()


def id_ref(stream: str, app_id: int) -> str:
    """The reference that names one application and no other."""
    return f"{STREAM_WORDS[stream]}{app_id}"


def stream_and_id(ref: str) -> tuple[str | None, int] | None:
    """(stream, 登记号) of a reference written as a 登记号 — ``None`` for the stream of a bare
    number — or None when it is not one."""
    key = ref_key(ref)
    if key.isdecimal():
        return None, int(key)
    match = _ID_REF.fullmatch(key)
    if match is None:
        return None
    stream = PATENT if match.group(1) == STREAM_WORDS[PATENT] else PROJECT
    return stream, int(match.group(2))


def split_refs(text: str, titles: Collection[str]) -> list[str]:
    """The references in ``text``; ``titles``: the known titles as :func:`ref_key` gives them.

    Pieces between separators are joined back, longest first, where they spell a title."""
    parts = _SEPARATOR.split(text)
    pieces, separators = parts[0::2], parts[1::2]
    refs: list[str] = []
    i = 0
    while i < len(pieces):
        taken = i + 1
        for j in range(len(pieces), i + 1, -1):
            joined = "".join(p + s for p, s in zip(pieces[i:j - 1], separators[i:j - 1],
                                                   strict=True)) + pieces[j - 1]
            if ref_key(joined) in titles:
                refs.append(joined.strip())
                taken = j
                break
        else:
            if pieces[i].strip():
                refs.append(pieces[i].strip())
        i = taken
    return refs
