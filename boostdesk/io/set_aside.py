"""Rows a union's table sets apart from its list: hidden (or filtered out) rows, and the rows
of another table under the main one — a title line (附：本单位撤回的申报) and a header of
their own. Read, and marked with why; not imported unless the clerk says so (the window's
box, ``--import-set-aside``), skipped with the other marked rows (跳过标出的行,
``--skip-bad-rows``). Never kept for the union's 核对意见: the union set them apart itself
(withdrawn papers are no rows to send again). No Qt here."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .import_preview import ImportPreview

HIDDEN = "隐藏的行"  # the preview's 结果 of a hidden row
OTHER_TABLE = "另一张表的行"  # of a row under a second table's header
HIDDEN_WHY = "此行在表中是隐藏的（隐藏或筛选掉的行），请核对是否申报"
# the command's option taking them as the table's rows (the window's box: box_text)
SET_ASIDE_OPTION = "--import-set-aside"


def box_text(kinds: set[str]) -> str:
    """The window's box taking the rows set apart of these kinds: 仍导入隐藏的行."""
    return "仍导入" + "和".join(k for k in (HIDDEN, OTHER_TABLE) if k in kinds or not kinds)


# how a line saying rows are set apart goes on (importer._set_aside): cut off once taken
NOT_TAKEN = "，默认不导入；"


@dataclass(frozen=True)
class SetAside:
    """Why a row read is set apart: ``kind`` (HIDDEN, OTHER_TABLE) and the row's reason;
    ``taken``: where it comes from, said on the row once the clerk takes it all the same."""

    kind: str
    why: str
    taken: str = HIDDEN_WHY


def other_table_why(header_row: int, title: tuple[int, str] | None) -> str:
    """A second table's row's reason, naming the line above its header."""
    above = f"第 {title[0]} 行“{title[1]}”及" if title else ""
    return f"在{above}第 {header_row} 行的表头之下，是主表下面另一张表的行：请核对是否本表的申报"


def other_table(header_row: int, title: tuple[int, str] | None) -> SetAside:
    """A second table's row set apart: why, and what its row says once taken."""
    named = f"“{title[1]}”" if title else ""
    return SetAside(OTHER_TABLE, other_table_why(header_row, title),
                    f"此行在表下的另一张表{named}中（第 {header_row} 行的表头之下），将按勾选导入")


def taken_line(line: str, box: str) -> str:
    """A line saying rows are set apart (``ImportPreview.set_aside_said``) once the clerk
    ticked ``box``: where they come from is still said, what is done with them changed."""
    return f"{line.split(NOT_TAKEN, 1)[0]}，已勾选“{box}”，将作为本表的申报导入"


# What a table printed over pages puts between a page's rows and the next page's header:
# a page number (第 1 页，共 2 页, - 2 -, 1/2), a subtotal (小计, 本页小计), a total once the
# 序号 carry on (合计 6 项 closes a table: rows numbered from 1 again under it are another's).
_PAGE_NUMBER = re.compile(
    r"^(?:第[\d一二三四五六七八九十]+页(?:[,，、;；/]?共[\d一二三四五六七八九十]+页)?"
    r"|共[\d一二三四五六七八九十]+页[,，、;；/]?第[\d一二三四五六七八九十]+页"
    r"|[-—–－]\d+[-—–－]|page\d+(?:of\d+)?|\d+/\d+)$",
    re.IGNORECASE,
)
_SUBTOTAL = re.compile(r"^(?:本页)?小计")
_TOTAL = re.compile(r"^(?:本页|本表)?(?:合计|总计|共计|累计)|^共\d+项")
_CONTINUED = re.compile(r"^续表|[（(]续[）)]$|续表$")
PAGE_NUMBER, SUBTOTAL, TOTAL, TITLE = "页码", "小计", "合计", "本表的标题"


def page_line(text: str, titles: frozenset[str]) -> str | None:
    """What a line between rows and a header again is when a page break puts it there:
    PAGE_NUMBER, SUBTOTAL, TOTAL or TITLE (the table's own title line, ``titles``: the lines
    above its first header, spaces taken out, or it with 续表 / （续）); None for other words
    (附：本单位撤回的申报, 以下为撤回的申报): those open another table."""
    bare = "".join(text.split())
    if _PAGE_NUMBER.match(bare):
        return PAGE_NUMBER
    if _SUBTOTAL.match(bare):
        return SUBTOTAL
    if _TOTAL.match(bare):
        return TOTAL
    if bare in titles or _CONTINUED.sub("", bare) in titles or bare.startswith("续表"):
        return TITLE
    return None


def without_set_aside(preview: ImportPreview) -> ImportPreview:
    """The preview without its set-apart rows: neither their records nor their refused
    cells (a withdrawn paper's slip is nothing to correct)."""
    rows = preview.set_aside
    if not rows:
        return preview
    kept = [(r, rec) for r, rec in zip(preview.rows, preview.records, strict=True) if r not in rows]
    return replace(
        preview,
        rows=[r for r, _ in kept],
        records=[rec for _, rec in kept],
        errors=[e for e in preview.errors if e.row not in rows],
    )


def set_aside_records(preview: ImportPreview) -> dict[int, tuple[SetAside, Any]]:
    """Each set-apart row -> why, and its record (None for a row whose cells were refused):
    what the preview shows of them once taken out."""
    records = dict(zip(preview.rows, preview.records, strict=True))
    return {row: (said, records.get(row)) for row, said in sorted(preview.set_aside.items())}


def with_registered(reg: Any, preview: ImportPreview) -> ImportPreview:
    """The preview with each row of another table that is a registered paper of its year —
    a union's list of the papers it withdraws — naming that paper and how it is withdrawn
    (an import never withdraws one)."""
    from boostdesk.panel.withdrawal import STEP_ZH
    from boostdesk.said_where import way

    from .duplicates import find_duplicates, without_rows

    other = {row for row, said in preview.set_aside.items() if said.kind == OTHER_TABLE}
    if not other:
        return preview
    found = find_duplicates(reg, without_rows(preview, [r for r in preview.rows if r not in other]))
    set_aside = dict(preview.set_aside)
    for row, why in found.items():
        ref = _REGISTERED.search(why) if f"（{preview.year} 年度，" in why else None
        if ref is not None:
            how = way(
                f"请凭来函在登记册中选中{ref[1]}，{STEP_ZH}",
                f"请凭来函用 boostdesk withdraw {ref[1]} --date 来函日期 --by 来函单位 --reason 理由",
            )
            said = set_aside[row]
            set_aside[row] = replace(said, why=f"{said.why}；{why}：如推荐单位撤回该申报，{how}")
    return replace(preview, set_aside=set_aside)


_REGISTERED = re.compile(r"已登记（\d+ 年度，((?:专利|项目)\d+)）")


def set_aside_kinds(set_aside: dict[int, SetAside]) -> str:
    """What the rows set apart are, as a refusal names them."""
    kinds = {said.kind for said in set_aside.values()}
    return "、".join(
        k.replace(OTHER_TABLE, "主表下面" + OTHER_TABLE)
        for k in (HIDDEN, OTHER_TABLE)
        if k in kinds
    )


def set_aside_lines(set_aside: dict[int, SetAside]) -> list[str]:
    """The rows set apart, one line each, as the command line lists them."""
    return [f"  第 {row} 行（{said.kind}）：{said.why}" for row, said in sorted(set_aside.items())]
