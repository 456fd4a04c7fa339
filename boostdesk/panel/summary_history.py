"""What became of each project between the ranking and the list, in a few words for the
评审汇总表's 备注 (:mod:`.score_summary`): the rule that kept it out of a tier or lowered
its tier (同一工作室 二（二）2, the 50 % cap 二（三）), the office's decisions every adoption
took on it (a short panel, a tie at a tier's cut-off parted only by the received date or
the 登记号, each with the reason given — the first adoption's as well as a later one's),
an objection upheld after publication, and a place taken up later (递补, a later batch).

Read from what `rank` and 排名与档次 already show (the row's reason, the adopted
proposal's stored reason), the adoptions' trail lines and the publicity tables; nothing
stored."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from boostdesk.models.campaign import tier_label
from boostdesk.models.register import Register

from .publicity import periods
from .ranking_rows import RankRow
from .tier_places import LOWER_HELD, tier_name

# the reason parts the 备注 repeats: a rule other than the score decided the tier
_STUDIO = "同一工作室获得助推的项目至多"
_CAP = re.compile(r"^(?P<tier>.+?)超过项目总投入 ¥[\d,]+\.\d\d 的 \d+%（")
_OTHER_RULES = ("无法核对", "未填写工作室级别")
_FULL = "项）已满："  # a full tier's holders named (tier_places.held_by)
# a cut-off tie as the adoption asked it: 与“乙”（登记号…）得分同为 76.00，…仅按申报登记编号
# （同分规则第 4 步，方案未作规定）列入3万元档
_TIE = re.compile(r"^与(?P<other>“[^”]+”)(?:（(?P<facts>[^）]*)）)?得分同为 (?P<score>[^，]+)，"
                  r"(?P<mine>.*?)仅按(?P<step>[^（，]+)(?:（[^）]*）)?(?P<outcome>.*)$")
_LATE = "逾期报送"  # a tied paper received after the deadline (tie_break.late_words)
_STATUS_TAIL = re.compile(r"（现为“[^”]+”）$")
SHORT_DECIDED = "经研究按现有评分采纳"
NEXT_IN_LINE = "可递补（待重新采纳）："  # a freed place the ranking gives it, not adopted yet  # a short panel's decision, as the 备注 says it


@dataclass
class _Adoption:
    number: int  # 第 n 次采纳, in the year's order
    tier: dict[int, int | None] = field(default_factory=dict)  # project -> tier_fen given
    short: dict[int, str] = field(default_factory=dict)  # project -> reason taken on
    tie: dict[int, tuple[str, str]] = field(default_factory=dict)  # project -> (fact, reason)


def _adoptions(reg: Register, year: int, wanted: set[int]) -> list[_Adoption]:
    """The year's adoptions, oldest first, as their trail lines recorded them."""
    out: list[_Adoption] = []
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'proposals' AND action = 'adopt'"
            " AND entity_id = ? ORDER BY id", (reg.campaign_id(year),)):
        doc: dict[str, Any] = json.loads(after or "{}")
        a = _Adoption(len(out) + 1)
        kept_reasons = doc.get("short_kept_reasons") or {}
        for p in doc.get("proposals", ()):
            if not isinstance(p, dict) or p.get("id") not in wanted:
                continue
            pid, ref = int(p["id"]), str(p.get("ref") or "")
            a.tier[pid] = p.get("tier_fen")
            said = f"“{ref}”："
            if any(str(x).startswith(said) for x in doc.get("short", ())):
                a.short[pid] = str(doc.get("short_reason") or "").strip()
            elif ref in kept_reasons:
                a.short[pid] = str(kept_reasons[ref]).strip()
            fact = next((str(x)[len(said):] for x in doc.get("cutoff_ties", ())
                         if str(x).startswith(said)), "")
            if fact:
                a.tie[pid] = (fact, str(doc.get("tie_reason") or "").strip())
        out.append(a)
    return out


def _numbers(ks: list[int], total: int) -> str:
    """（第1、2次采纳）, or nothing when the year had one adoption."""
    return "" if total < 2 else "（第" + "、".join(map(str, ks)) + "次采纳）"


def _tie_words(fact: str, mine: str = "", late_titles: frozenset[str] = frozenset()) -> str:
    """A cut-off tie said short: 档次分界处与“乙”同为 83.17 分，仅按申报登记编号列入3万元档.
    Parted by the received date, a paper that came after the deadline is said so — from
    the fact's own words, or, for an adoption recorded before they said it, from the
    papers' dates (``mine``: the row's title; ``late_titles``: the year's late papers)."""
    m = _TIE.match(fact)
    if m is None:
        return f"档次分界处同分：{fact}"
    dated = m["step"].startswith("材料报送日期")
    late = [who for who, facts, title in ((m["other"], m["facts"] or "", m["other"][1:-1]),
                                          ("本项目", m["mine"], mine))
            if _LATE in facts or (dated and title in late_titles)]
    said = f"（{'、'.join(late)}为逾期报送，经审核受理）" if late else ""
    return (f"档次分界处与{m['other']}同为 {m['score']} 分{said}，仅按{m['step']}"
            f"{m['outcome'].lstrip('，')}")


def _rule_parts(reason: str, row: RankRow) -> list[str]:
    """The parts of a ranking reason saying a rule other than the score decided the tier."""
    out = []
    for part in reason.split("；"):
        part = _STATUS_TAIL.sub("", part.strip())
        if _STUDIO in part:
            out.append(part + ("" if row.amount_fen else "，未获助推"))
        elif _CAP.match(part):
            lowered = tier_label(row.tier_name) if row.amount_fen and row.tier_name else ""
            out.append(part + (f"，降为{lowered}" if lowered else ""))
        elif any(x in part for x in _OTHER_RULES):
            out.append(part)
        elif _FULL in part and LOWER_HELD in part:
            # held by earlier batches scoring below it: the score alone does not say why
            out.append(part + (f"，列入{tier_label(row.tier_name)}" if row.amount_fen and row.tier_name
                               else "，未获助推"))
    return out


def next_in_line(r: RankRow, stored: Mapping[int, Mapping[str, Any]], published: bool) -> bool:
    """Adopted with no tier, and given one by the ranking now: a freed place it may take up
    once adopted again — not an award yet (the 评审汇总表's 档次 says 未获助推). Only once
    some list was published (``published``: :func:`published_any`) — before that nothing
    was freed, the list is adopted again as a whole — and by the ranking, not a tier set by
    hand (the 汇总表 says that row 待重新采纳)."""
    return (published and r.override is None and r.amount_fen is not None and not r.held
            and r.status == "not_awarded" and r.project_id in stored
            and not stored[r.project_id]["amount_fen"])


def published_any(stored: Mapping[int, Mapping[str, Any]]) -> bool:
    """Has some adopted list of the year gone to publicity (a batch)?"""
    return any(p["period_id"] is not None for p in stored.values())


def history_notes(reg: Register, year: int, rows: Iterable[RankRow],
                  stored: Mapping[int, Mapping[str, Any]]) -> dict[int, list[str]]:
    """Each project's lines for the 备注, by project id. ``stored``: the adopted proposals
    (:func:`.ranking_rows.adopted`), whose reasons hold what the adoption was told."""
    rows = list(rows)
    c = reg.campaign(year)
    wanted = {r.project_id for r in rows}
    adoptions = _adoptions(reg, year, wanted)
    batches = {p.id: p for p in periods(reg, year)}
    objections: dict[int, list[dict[str, Any]]] = {}
    for o in reg.query(
            "SELECT o.project_id, o.period_id, o.resolution, o.resolution_note, o.resolved_date"
            " FROM objections o JOIN publicity_periods p ON p.id = o.period_id"
            " WHERE p.campaign_id = ? AND o.resolution IS NOT NULL ORDER BY o.id",
            (reg.campaign_id(year),)):
        objections.setdefault(o["project_id"], []).append(o)
    # the places an upheld objection freed: (level's tier amount, batch) -> titles
    freed: dict[int, list[tuple[int, str]]] = {}
    for pid, found in objections.items():
        for o in found:
            p = stored.get(pid)
            if o["resolution"] == "upheld" and p and p["amount_fen"] and o["period_id"] in batches:
                title = str(reg.scalar("SELECT title FROM project_applications WHERE id = ?",
                                       (pid,)) or "")
                freed.setdefault(int(p["amount_fen"]), []).append(
                    (batches[o["period_id"]].batch, title))
    # the year's papers received after its deadline (accepted: they were ranked)
    late = frozenset(t for (t,) in reg.conn.execute(
        "SELECT title FROM project_applications WHERE campaign_id = ?"
        " AND substr(received_date, 1, 10) > ?",
        (reg.campaign_id(year), c.submission_deadline.isoformat())))
    out: dict[int, list[str]] = {}
    published = published_any(stored)
    for r in rows:
        pid = r.project_id
        notes: list[str] = []
        p = stored.get(pid)
        if next_in_line(r, stored, published):
            gone = [f"“{t}”第{b}批公示后异议成立" for b, t in freed.get(r.amount_fen or 0, ())]
            notes.append(f"{NEXT_IN_LINE}{'、'.join(gone) or '已公示的项目不再助推'}，"
                         f"{tier_label(tier_name(c, r.amount_fen))}名额空出，按排名由本项目递补，"
                         "重新采纳后另批公示")
        for reason in (str(p["reason"] or "") if p else "", r.reason):
            notes += [x for x in _rule_parts(reason, r) if x not in notes]
        # the decisions of every adoption that listed it, each reason once
        short: dict[str, list[int]] = {}
        ties: dict[tuple[str, str], list[int]] = {}
        for a in adoptions:
            if pid in a.short and a.short[pid]:
                short.setdefault(a.short[pid], []).append(a.number)
            if pid in a.tie:
                ties.setdefault(a.tie[pid], []).append(a.number)
        for (fact, why), ks in ties.items():
            notes.append(_tie_words(fact, r.ref, late) + _numbers(ks, len(adoptions))
                         + (f"，经研究按此确定：{why}" if why else ""))
        for why, ks in short.items():
            notes.append(f"{SHORT_DECIDED}{_numbers(ks, len(adoptions))}：{why}")
        # published, then what publicity found
        batch = batches.get(p["period_id"]) if p and p["period_id"] else None
        for o in objections.get(pid, ()):
            at = batches.get(o["period_id"])
            where = f"第{at.batch}批公示" if at else "公示"
            if o["resolution"] == "upheld":
                notes.append(f"{where}后异议成立，不予助推（{o['resolved_date'] or ''}："
                             f"{o['resolution_note']}）")
            else:
                notes.append(f"{where}期间异议经核实不成立（{o['resolution_note']}）")
        first = next((a for a in adoptions if pid in a.tier), None)
        if batch is not None and p and p["amount_fen"] and first is not None \
                and not first.tier[pid]:
            # not given a tier at first: taken up into a place freed since
            gone = [t for b, t in freed.get(int(p["amount_fen"]), ()) if b < batch.batch]
            notes.append(
                f"递补：第{first.number}次采纳时未获助推，"
                + (f"{'、'.join(f'“{t}”' for t in gone)}异议成立、名额空出后" if gone else "")
                + f"列入{tier_label(tier_name(c, p['amount_fen']))}，第{batch.batch}批公示"
                f"（{batch.start.isoformat()} 至 {batch.end.isoformat()}）")
        elif batch is not None and batch.batch > 1:
            notes.append(f"第{batch.batch}批公示（{batch.start.isoformat()} 至 "
                         f"{batch.end.isoformat()}）")
        out[pid] = notes
    return out
