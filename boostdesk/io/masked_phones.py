"""A masked phone (138****0001) read back from an exported copy, on a row that is no
registered paper with that phone: the phone is contact data, not a fact the paper is judged
on, and no copy the desk exports holds it whole (the 财务联 masks phones too), so the row is
imported without it (a registered paper keeps its phone) and each such row says so. The
masked text is never stored."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

_ASK = "如需联系，请向推荐单位问得完整号码后补填"


def masked_phone_note(text: str, registered: str = "", kept: bool = False) -> str:
    """What became of the masked phone ``text`` on its row; ``registered`` (专利12) when
    the row is that registered paper, whose phone is another; ``kept``: that one stays."""
    if registered:
        done = "未按表更新，保留登记册中的电话" if kept else "未登记，电话留空"
        return f"电话 {text} 中间已用 * 隐去，与登记册中{registered}的电话不符，{done}：{_ASK}"
    return f"电话 {text} 中间已用 * 隐去，是导出时部分隐去的号码，未登记，电话留空：{_ASK}"


def left_out_phones(preview: Any, notes: dict[int, str]) -> Any:
    """The preview with each row's note (row -> ``masked_phone_note``) on that row
    (``to_check``) and said in its warnings: one line for the new rows, one per registered
    row whose phone differs."""
    from .importer import _rows_text

    header = preview.columns.get("phone") or preview.columns.get("contact_phone") or "联系电话"
    to_check = dict(preview.to_check)
    for row, note in notes.items():
        to_check[row] = "；".join(filter(None, [to_check.get(row, ""), f"“{header}”：{note}"]))
    fresh = sorted(row for row, note in notes.items() if "登记册中" not in note)
    lines = [
        f"第 {row} 行“{header}”：{note}" for row, note in sorted(notes.items()) if row not in fresh
    ]
    if fresh:
        lines.insert(
            0,
            f"第 {_rows_text(fresh)} 行“{header}”中间已用 * 隐去（如 "
            f"{_shown(notes[fresh[0]])}），是导出时部分隐去的号码（汇总表各联的电话均"
            f"部分隐去），不是完整号码：这些号码未登记，电话留空，其余各栏照常导入；{_ASK}",
        )
    return replace(preview, to_check=to_check, warnings=[*preview.warnings, *lines])


def _shown(note: str) -> str:
    """The masked phone a note names."""
    return note.split(" ", 2)[1]
