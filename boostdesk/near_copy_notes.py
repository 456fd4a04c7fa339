"""A decision asks about a paper's uncleared near-copy 提示 (no Qt).

黎明 came back with the paid 黎明's phone and an ID one digit off; the import said
可能…为同一人 and the paper then passed 资格审核 and 核准 with no word, to a second award
paid beside the first. A 提示 is no refusal (two people may share an office phone), but
the one who decides is to see it: `review decide` refuses without --yes, naming the
other paper, the window's 改变状态 asks, and `pay list` marks the line. Cleared pairs
(`correct people-distinct`, `titles-distinct`) are no longer asked about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from boostdesk.models.records import PATENT, id_ref
from boostdesk.program_name import hint_named
from boostdesk.rules.findings import stored_findings
from boostdesk.rules.near_cleared import NEAR_CODES

NEAR_MARK = "近似重复申报待核对"  # `pay list`'s and 拨付's mark on such a paper's lines
ASKED = ("qualified", "approved")  # 资格审核通过, 核准: the decisions that lead to money
_TABLE = {PATENT: "patent_applications", "project": "project_applications"}


def near_findings(reg: Any, stream: str, app_id: int) -> list[str]:
    """The near-copy 提示 stored on a paper (its last check's)."""
    text = reg.scalar(f"SELECT findings FROM {_TABLE[stream]} WHERE id = ?", (app_id,))
    return [f.message for f in stored_findings(text or "[]") if f.code in NEAR_CODES]


def near_note(reg: Any, stream: str, app_id: int) -> str:
    """What deciding this paper says of its near-copy 提示 ("" when it has none): each
    提示, the near person's papers named (the title's name their paper already)."""
    found = near_findings(reg, stream, app_id)
    if not found:
        return ""
    if stream == PATENT and any("为同一人" in m for m in found):
        from boostdesk.rules.near_people import near_papers

        papers = near_papers(reg, reg.application(stream, app_id))
        if papers:
            found = [m + f"（其申报：{'、'.join(id_ref(PATENT, i) for i in papers)}）"
                     if "为同一人" in m else m for m in found]
    return f"{id_ref(stream, app_id)}：" + "；".join(m.removesuffix("。") for m in found)


def near_notes(reg: Any, stream: str, app_ids: Sequence[int], target: str) -> str:
    """The question a decision to ``target`` on these papers asks ("" when none has an
    uncleared near-copy 提示 or the decision leads to no money)."""
    if target not in ASKED:
        return ""
    notes = [n for i in app_ids if (n := near_note(reg, stream, i))]
    if not notes:
        return ""
    return ("以下申报可能是已登记申报的近似重复（同一人换身份证号、同一项目改名）：\n"
            + "\n".join(notes) + clear_hint(reg, stream, app_ids))


def clear_hint(reg: Any, stream: str, app_ids: Sequence[int]) -> str:
    """How the pairs are cleared, with their real papers: the window's button by its
    words, the command line's commands ("" when none can be: 本年度已有同名项目 alone)."""
    from boostdesk.near_clearing import BUTTON, WHO, pairs_of_many
    from boostdesk.said_where import on_cli

    pairs = pairs_of_many(reg, stream, list(app_ids))
    if not pairs:
        return ""
    who = "或".join(WHO[k] for k in dict.fromkeys(p.kind for p in pairs))
    if on_cli():
        return (f"\n如核对后确为不同的{who}，可运行 "
                + "；".join(hint_named(p.command()) for p in pairs) + " 确认，此后不再提示")
    buttons = "或".join(f"“{BUTTON[k]}”" for k in dict.fromkeys(p.kind for p in pairs))
    return (f"\n如核对后确为不同的{who}（{'；'.join(p.named for p in pairs)}），"
            f"请选{buttons}并写明核对依据，此后不再提示")


def near_flagged(reg: Any, papers: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """Those of (stream, id) ``papers`` with an uncleared near-copy 提示 (`pay list` and
    拨付 mark their lines): one query a stream for the papers whose stored findings name
    such a code (a few), those decoded — not the findings of every paper with a line
    (100,000 lines on 拨付)."""
    out: set[tuple[str, int]] = set()
    like = " OR ".join("findings LIKE ?" for _ in NEAR_CODES)
    streams = {s for s, _ in papers}
    for stream, table in _TABLE.items():
        if stream not in streams:
            continue
        for app_id, text in reg.conn.execute(
                f"SELECT id, findings FROM {table} WHERE {like}",
                tuple(f"%{code}%" for code in NEAR_CODES)):
            if (stream, app_id) in papers and any(
                    f.code in NEAR_CODES for f in stored_findings(text or "[]")):
                out.add((stream, app_id))
    return out


def pair_named(reg: Any, stream: str, app_id: int) -> str:
    """The other paper(s) a marked line's paper may copy, for its tooltip: 专利32 …"""
    from boostdesk.near_clearing import pairs_of

    return "；".join(p.named for p in pairs_of(reg, stream, app_id))
