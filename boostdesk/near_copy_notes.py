"""A decision asks about a paper's uncleared near-copy 提示 (no Qt).

黎明 came back with the paid 黎明's phone and an ID one digit off; the import said
可能…为同一人 and the paper then passed 资格审核 and 核准 with no word, to a second award
paid beside the first. A 提示 is no refusal (two people may share an office phone), but
the one who decides is to see it: `review decide` refuses without --yes, naming the
other paper, the window's 改变状态 asks, and `pay list` marks the line. Cleared pairs
(`correct people-distinct`, `titles-distinct`) are no longer asked about.
"""

from __future__ import annotations

import re
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
        papers = near_others(reg, stream, app_id)
        if papers:
            found = [m + f"（其申报：{'、'.join(id_ref(PATENT, i) for i in papers)}）"
                     if "为同一人" in m else m for m in found]
    return f"{id_ref(stream, app_id)}：" + "；".join(m.removesuffix("。") for m in found)


def near_others(reg: Any, stream: str, app_id: int) -> list[int]:
    """The other papers a paper's near-copy 提示 name (the near person's, the near or
    same title's)."""
    if stream == PATENT:
        from boostdesk.rules.near_people import near_papers

        return near_papers(reg, reg.application(stream, app_id))
    named = {int(n) for m in near_findings(reg, stream, app_id) for n in _PROJECT_REF.findall(m)}
    return sorted(named - {app_id})


_PROJECT_REF = re.compile(r"项目(\d+)")


def near_answers(reg: Any, stream: str, app_ids: Sequence[int]) -> str:
    """The three answers to a near-copy question, the papers named where one is asked
    about with one other: a copy refused (the original then stands, asked about no more),
    one person's two ID numbers merged, or two people (titles) confirmed distinct — never
    only the last, which the office would have to record untrue to go on. Each in its
    reader's form: the window's places and buttons (no command line: its clerk never
    opens one), the command line's commands with the real papers (:func:`clear_hint`)."""
    from boostdesk.said_where import on_cli

    pair = None
    if len(app_ids) == 1 and len(others := near_others(reg, stream, app_ids[0])) == 1:
        pair = (app_ids[0], others[0])
    later = id_ref(stream, max(pair)) if pair else "登记号"
    cli = on_cli()
    if stream == PATENT:
        refuse = (hint_named(f"如 boostdesk review decide {later} --refuse --reason 理由") if cli else
                  f"{'如' + later + '，' if pair else ''}用“改变状态”")
        lines = [f"如为重复申报：把重复的一份改为“资格审核不通过”（{refuse}），"
                 "另一份此后不再提示",
                 "如为同一人填错了身份证号："
                 + (hint_named("运行 boostdesk correct id 填错的身份证号 正确的身份证号 --merge"
                               " --reason 原因，把两者并为一人") if cli else "请管理员把两者并为一人")
                 + "（此后按一人一年一次核对）"]
    else:
        refuse = (hint_named(f"如 boostdesk panel qualify {later} --refuse --reason 理由") if cli else
                  f"{'如' + later + '，' if pair else ''}专家评审 → 资格审核 → “不通过…”")
        lines = [f"如为同一项目改名重复申报：对重复的一份资格审核不通过（{refuse}），"
                 "另一份此后不再提示"]
    lines = [hint_named(x) for x in lines]
    if distinct := clear_hint(reg, stream, app_ids).strip():  # (its commands named already)
        lines.append(distinct)
    return "核对后：\n" + "\n".join(f"· {x}；" for x in lines).removesuffix("；")


def near_notes(reg: Any, stream: str, app_ids: Sequence[int], target: str) -> str:
    """The question a decision to ``target`` on these papers asks ("" when none has an
    uncleared near-copy 提示 or the decision leads to no money)."""
    if target not in ASKED:
        return ""
    noted = [(i, n) for i in app_ids if (n := near_note(reg, stream, i))]
    if not noted:
        return ""
    return ("以下申报可能是已登记申报的近似重复（同一人换身份证号、同一项目改名）：\n"
            + "\n".join(n for _, n in noted) + "\n"
            + near_answers(reg, stream, [i for i, _ in noted]))


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


def near_pair(stream: str, one: Any, other: Any) -> bool:
    """Whether the near checks ask about these two papers (cleared or not): their people
    near (rules.near_people.why_near), their titles the same or near (rules.near_titles).
    What `correct people-distinct / titles-distinct` clears: a pair never asked about is
    no pair to clear (项目47 and 项目5 recorded as 确认为不同 for nothing)."""
    if stream == PATENT:
        from boostdesk.rules.near_people import why_near
        from boostdesk.validate import person_key, tidy_phone

        facts = [(person_key(a.id_number), tidy_phone(a.phone) if a.phone else "",
                  a.inventor_name) for a in (one, other)]
        return any(why_near(*facts[i], facts[1 - i]) for i in (0, 1))
    from boostdesk.models.search_text import title_key
    from boostdesk.rules.near_titles import near

    a, b = title_key(one.title or ""), title_key(other.title or "")
    return bool(a) and (a == b or near(a, b))


def pair_named(reg: Any, stream: str, app_id: int) -> str:
    """The other paper(s) a marked line's paper may copy, for its tooltip: 专利32 …"""
    from boostdesk.near_clearing import pairs_of

    return "；".join(p.named for p in pairs_of(reg, stream, app_id))
