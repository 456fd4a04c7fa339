"""Which applications a typed list of references names: patent numbers, patent and project
titles, 登记号 (per stream, so written 专利12 / 项目3 where a bare 12 would name both: read
as everywhere else, ``boostdesk.app_refs``; a patent number as the entry form reads it).

The office types the list with commas, as it writes lists (“，” or “,”, also “；” and
“、”), and titles themselves contain those marks: pieces are joined back
wherever together they spell a known title.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from boostdesk.app_refs import STREAM_WORDS, id_ref, patent_number, refs_text, stream_and_id

__all__ = ["STREAM_WORDS", "id_ref", "ref_key", "refs_text", "split_refs", "stream_and_id"]
_SEPARATOR = re.compile(r"([,，;；、\n])")


def ref_key(text: str) -> str:
    """A reference as compared: a patent number as the entry form reads it (2021101234567,
    CN 2021 1 0123456.7: ZL202110123456.7, ``app_refs.patent_number``), anything else
    without spaces, in upper case."""
    return patent_number(text) or "".join(text.split()).upper()


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
