"""SQLite's integrity-check lines said in a few Chinese words, for a damaged register's
message ("第一处：第 10 页的记录位置越出页面").

The English line itself stays for IT (the window's details, ``check --verbose``); a line
of a kind not known here is quoted as it is. The kinds are SQLite's own (btree.c and
pragma.c of SQLite 3.3x–3.4x): "On tree page 10 cell 58: Offset 57005 out of range
3373..4092", "Fragmentation of 2801 bytes reported as 0 on page 7", "row 5 missing
from index …". No Qt.
"""

from __future__ import annotations

import re

# (a pattern of the line's words, case-insensitive; what it means). First match wins: the
# more specific before the general ("out of range" is also in other lines).
_KINDS: tuple[tuple[str, str], ...] = (
    (r"fragmentation of", "页面碎片的记录不符"),
    (r"multiple uses for byte", "页面内容互相重叠"),
    (r"free space corruption", "页面空闲空间已损坏"),
    (r"btreeinitpage|unable to get the page|failed to get page", "页面头部已损坏，无法读取"),
    (r"offset \d+ out of range|extends off end of page", "记录位置越出页面"),
    (r"invalid page number|2nd reference to page", "页面引用错乱（页面越界或被重复引用）"),
    (r"never used|pointer map|ptr ?map", "页面引用错乱（有页面未被引用）"),
    (r"rowid \S+ out of order", "记录顺序错乱"),
    (r"child page depth differs", "数据树的层次不一致"),
    (r"overflow list", "长记录的续页链已损坏"),
    (r"freelist|free list|\bsize is \d+ but should be", "空闲页列表已损坏"),
    (r"missing from index", "索引缺少条目"),
    (r"wrong # of entries in index", "索引条目数与数据不符"),
    (r"non-unique entry in index", "唯一索引中有重复条目"),
    (r"null value in", "不许为空的列中有空值"),
    (r"check constraint failed", "数据不符合表的约束"),
    (r"max rootpage", "文件头记录的页数不符"),
)
_PAGE = re.compile(r"\bpage (\d+)", re.IGNORECASE)
_INDEX = re.compile(r"\bindex (\S+)", re.IGNORECASE)


def in_words(line: str) -> str | None:
    """``line`` in Chinese words, naming its page or index when it does; None when its
    kind is not known here."""
    words = next((w for pattern, w in _KINDS if re.search(pattern, line, re.IGNORECASE)), None)
    if words is None:
        return None
    index = _INDEX.search(line) if "索引" in words else None
    if index is not None:
        return words.replace("索引", f"索引 {index.group(1)} ", 1)
    page = _PAGE.search(line)
    return f"第 {page.group(1)} 页，{words}" if page else words
