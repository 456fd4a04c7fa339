"""What a paper's decision did to its neighbours' verdicts (核对结果), said with the decision.

A person's patents of a year compete for the year's award (方案一（三）每人每年最多享受一次助推),
and a patent number is claimed once: refusing a paper (资格审核不通过) or reopening it
(重新登记) re-ranks them. Reopening 专利63 makes 专利64 不合格 (在先申报：专利63); the clerk who
reopened 63 was told nothing of 64. :func:`around` reads the neighbours' stored verdicts
before the move, :func:`changed` after it (both re-check first), and :func:`said` words
what moved — for `review decide` and the window's 改变状态 alike. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT, id_ref
from boostdesk.models.register import Register
from boostdesk.progress import verdict_of, verdict_words
from boostdesk.rules.findings import stored_findings


@dataclass(frozen=True)
class Standing:
    """One paper's stored verdict, as the lists say it."""

    words: str  # 合格, 不合格, 待补材料 (verdict_words)
    blocking: tuple[str, ...]  # its 不符合 messages


@dataclass(frozen=True)
class Around:
    """The neighbours of a paper and how they stood before its move."""

    stream: str
    app_id: int
    before: dict[int, Standing]


@dataclass(frozen=True)
class KnockOn:
    app_id: int
    was: Standing
    now: Standing


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"


def neighbours(reg: Register, stream: str, app_id: int) -> list[int]:
    """The other papers a move of ``app_id`` can re-judge: a patent's person's papers and
    its patent number's; a project's studio's papers."""
    table = _table(stream)
    if stream == PATENT:
        where = ("(person_id = (SELECT person_id FROM {t} WHERE id = :id) OR patent_number ="
                 " (SELECT patent_number FROM {t} WHERE id = :id))")
    else:
        where = "studio_id = (SELECT studio_id FROM {t} WHERE id = :id)"
    rows = reg.conn.execute(f"SELECT id FROM {table} WHERE {where.format(t=table)}"
                            " AND id != :id ORDER BY id", {"id": app_id})
    return [int(r[0]) for r in rows]


def _standings(reg: Register, stream: str, ids: list[int]) -> dict[int, Standing]:
    out = {}
    for app_id, status, ok, missing, text in select_in(
            reg.conn, f"SELECT id, status, eligible, incomplete, findings FROM {_table(stream)}"
                      " WHERE id IN", ids):
        found = stored_findings(text or "[]")
        out[int(app_id)] = Standing(verdict_words(status, verdict_of(ok, missing), found),
                                    tuple(f.message for f in found if f.blocking))
    return out


def around(reg: Register, stream: str, app_id: int) -> Around:
    """The neighbours' verdicts as they stand now (the register re-checked first, so a
    verdict left stale by an earlier write is not taken for the move's doing)."""
    from boostdesk.rules import recheck

    recheck(reg)
    return Around(stream, app_id, _standings(reg, stream, neighbours(reg, stream, app_id)))


def changed(reg: Register, before: Around) -> list[KnockOn]:
    """The neighbours whose verdict or 不符合 reasons differ now (re-checked first)."""
    from boostdesk.rules import recheck

    recheck(reg)
    now = _standings(reg, before.stream, list(before.before))
    return [KnockOn(i, was, now[i]) for i, was in sorted(before.before.items())
            if i in now and now[i] != was]


def said(stream: str, moved: list[KnockOn]) -> list[str]:
    """One line a neighbour: 专利64 的核对结果随之改变：待补材料 → 不合格（…）."""
    out = []
    for k in moved:
        new = [m for m in k.now.blocking if m not in k.was.blocking]
        gone = [m for m in k.was.blocking if m not in k.now.blocking]
        why = "；".join([*new, *(f"不再：{m}" for m in gone)])
        why = f"（{why}）" if why else ""
        change = (f"{k.was.words} → {k.now.words}" if k.was.words != k.now.words
                  else f"仍为{k.now.words}")
        out.append(f"{id_ref(stream, k.app_id)} 的核对结果随之改变：{change}{why}")
    return out
