"""The papers waiting at the desk, every year's: 已登记 ones for 资格审核 (refused by the
rules: the reviewer decides, as `boostdesk check`'s 不合格; received late: the reviewer
decides; 待补材料: what they lack), patents passed at 资格审核 for 核准, and
projects passed for their experts. Counted by SQL over the status index; only the oldest
``limit`` of a kind are read as items."""

from __future__ import annotations

import heapq
import json
from datetime import date
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PATENT, PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.rules.findings import (
    BLOCKING,
    INTAKE_DATE,
    lacks_intake_date_only,
    stored_findings,
)
from boostdesk.said_where import aside, way

from .items import KIND, PANEL, PATENTS, PROJECTS, STUDIOS, Group, TodoItem

# 'registered' papers by the kind they wait as, the stored verdict first (as `boostdesk
# check` and the lists read it, progress.verdict_of): refused by a rule (不合格: no material
# sent makes it good, the reviewer refuses it and the union is told), received after the
# year's deadline (the reviewer decides whether they are taken), lacking material, or
# ready for 资格审核
_WAITING = ("refused_undecided", "late_papers", "no_received", "incomplete",
            "awaiting_qualification")
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}
# the name beside a paper's title: the first inventor, or the studio
_WHO = {PATENT: ("LEFT JOIN people w ON w.id = a.person_id", "w.name"),
        PROJECT: ("LEFT JOIN studios w ON w.id = a.studio_id", "w.name")}


def waiting_papers(reg: Register, campaigns: dict[int, tuple[int, Campaign]],
                   today: date, limit: int) -> list[Group]:
    """已登记 papers of every year, by the kind they wait as, oldest received first (a
    paper with no 收件日期 before them: it lacks one). A stream's 已登记 rows are read
    once, three columns of them (the status index, ≈ 25 ms at 80,000 rows), sorted into
    their kinds here; only each kind's first ``limit`` are read whole."""
    groups = {key: Group(KIND[key]) for key in _WAITING}
    deadline = {cid: c.submission_deadline.isoformat() for cid, (_y, c) in campaigns.items()}
    for stream in (PATENT, PROJECT):
        firsts: dict[str, list[tuple[str, int]]] = {key: [] for key in groups}
        # the findings read only of a paper lacking its 收件日期: lacking nothing else,
        # it waits for the office (待填收件日期), not for its union (待补材料)
        for app_id, cid, received, incomplete, eligible, found in reg.conn.execute(
                f"SELECT id, campaign_id, received_date, incomplete, eligible,"
                f" CASE WHEN received_date IS NULL AND incomplete THEN findings END"
                f" FROM {_TABLE[stream]} WHERE status = 'registered'"):
            key = ("refused_undecided" if eligible == 0
                   else "late_papers" if received and received > deadline.get(cid, "9")
                   else "no_received" if found and lacks_intake_date_only(
                       stored_findings(found))
                   else "incomplete" if incomplete else "awaiting_qualification")
            groups[key].count += 1
            if limit:
                firsts[key].append((received or "", app_id))
        for key, found in firsts.items():
            chosen = [app_id for _r, app_id in heapq.nsmallest(limit, found)]
            groups[key].items.extend(_paper_item(key, stream, r, today, deadline)
                                     for r in _papers(reg, stream, chosen))
    for g in groups.values():  # the two streams' oldest merged, oldest first
        g.items.sort(key=lambda i: (i.day is not None, i.day or date.min, i.stream, i.app_id))
        del g.items[limit:]
    return list(groups.values())


def _papers(reg: Register, stream: str, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    join, who = _WHO[stream]
    return reg.query(
        f"SELECT a.id, a.campaign_id, c.year, a.title, a.received_date, a.findings,"
        f" u.name AS unit, {who} AS who FROM {_TABLE[stream]} a"
        f" JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN units u ON u.id = a.unit_id"
        f" {join} WHERE a.id IN ({','.join('?' * len(ids))})", ids)


def _paper_item(key: str, stream: str, r: dict[str, Any], today: date,
                deadline: dict[int, str]) -> TodoItem:
    ref = id_ref(stream, r["id"])
    received = _day(r["received_date"])
    title = _titled(r["title"], r["who"], r["unit"])
    late = bool(received) and r["received_date"] > deadline[r["campaign_id"]]
    if key == "refused_undecided":
        todo = ("核对不合格：" + ("；".join(refusals(r["findings"])) or "见核对意见")
                + "。由审核人决定：资格审核不通过并写明理由，告知推荐单位"
                "（登记有误的，更正后重新核对）")
        if late:
            todo += f"（收件日期 {r['received_date']} 亦晚于报送截止日）"
    elif key == "late_papers":
        todo = (f"收件日期 {r['received_date']} 晚于报送截止日 {deadline[r['campaign_id']]}，"
                "是否受理由审核人决定：受理的资格审核通过，不受理的资格审核不通过并写明理由")
        if lacking := missing_facts(r["findings"]):  # counted here, not under 待补材料
            todo += "；且待补材料：" + "；".join(lacking)
    elif key == "no_received":
        todo = OFFICE_DATE
    elif key == "incomplete":
        lacking = missing_facts(r["findings"], union_only=True)
        todo = ("待补材料：" + ("；".join(lacking) if lacking else "见核对意见")
                + "。请推荐单位补报，补齐后在申报中填上")
        if r["received_date"] is None:  # the office's part, said apart from the union's
            todo += "；" + OFFICE_DATE
    else:
        todo = "材料齐全，待资格审核（通过或不通过）"
    near = near_copy_said(r["findings"])
    todo += near
    # a near copy's pass asks first (near_copy_notes): the command that works, once looked at
    if stream == PATENT and near:
        where = way(f"{PATENTS} → 选中 → 改变状态（Ctrl+M）",
                    f"核对近似重复后：boostdesk review decide {ref} --yes --pass"
                    " 或 --refuse --reason 理由")
        screen, tab = PATENTS, ""
    elif stream == PATENT:
        where = way(f"{PATENTS} → 选中 → 改变状态（Ctrl+M）",
                    f"boostdesk review decide {ref} --pass 或 --refuse --reason 理由")
        screen, tab = PATENTS, ""
    elif near:
        where = way(f"{PANEL} → 资格审核",
                    f"核对近似重复后：boostdesk panel qualify --year {r['year']} --yes"
                    f" --pass {ref} 或 --refuse {ref}")
        screen, tab = PANEL, "资格审核"
    else:
        where = way(f"{PANEL} → 资格审核",
                    f"boostdesk panel qualify --year {r['year']} --pass {ref} 或 --refuse {ref}")
        screen, tab = PANEL, "资格审核"
    if key == "refused_undecided":
        where = (way(f"{PATENTS} → 选中 → 改变状态（Ctrl+M）→ 资格审核不通过",
                     f"boostdesk review decide {ref} --refuse --reason 理由") if stream == PATENT
                 else way(f"{PANEL} → 资格审核 → 不通过",
                          f"boostdesk panel qualify --refuse {ref} --year {r['year']}"))
        where += "；告知推荐单位：" + way("文件 → 导出核对意见（按推荐单位）",
                                     f"boostdesk export notices --year {r['year']} --out DIR")
    office = way(f"{PATENTS if stream == PATENT else PROJECTS} → 选中（可多选）→ 编辑 → "
                 "填写收件日期（Ctrl+D）",
                 f"boostdesk review received --date YYYY-MM-DD {ref} --year {r['year']}")
    if key == "no_received":
        where = office
        screen, tab = (PATENTS if stream == PATENT else PROJECTS), ""
    if key == "incomplete":
        where = way("文件 → 导出核对意见（按推荐单位）", f"boostdesk export notices --year {r['year']} --out DIR") + "；" + (
            f"补报后在{PATENTS if stream == PATENT else PROJECTS}按 Enter 修改")
        if lacks_materials(r["findings"]):  # the materials ticked on the command line too
            where += aside(f"boostdesk review materials {ref} --tick 材料", "收到的材料也可用 ")
        if r["received_date"] is None:
            where += "；收件日期：" + office
        screen, tab = (PATENTS if stream == PATENT else PROJECTS), ""
    return TodoItem(key, r["year"], ref, title, todo, where, stream=stream, app_id=r["id"],
                    day=received, screen_label=screen, tab_label=tab)


# A paper's 收件日期 is the day the office received it (方案三): the office fills it in,
# never its union (the 核对意见 does not ask for it)
OFFICE_DATE = ("收件日期未填：收件日期是本办收到纸质申报的日期，由本办填写（无须推荐单位补报），"
               "填后按报送时限（方案三）核对")


# Past 资格审核 and not yet 核准: an approved award's lines say it (todo.payments._unpayable)
_ON_THE_WAY = ("qualified", "review", "proposed", "publicized")


def no_enterprise(reg: Register, limit: int) -> Group:
    """Projects passed at 资格审核 (with a reason, or before the rule) whose studio has no
    所在单位: the payee (二（四）4) and 回避 (二（四）2) are unknown until it is filled on
    工作室. An 已登记 one is 待补材料 (rules.project.enterprise), said there. Then the
    patents passed at 资格审核 with none (rules.patent.enterprise), to fill before 核准."""
    from boostdesk.no_enterprise import FILL, PATENT_FILL, PATENT_WHY, UNCHECKED

    g = Group(KIND["no_enterprise"])
    marks = ",".join("?" * len(_ON_THE_WAY))
    for r in reg.query(
        "SELECT a.id, a.title, c.year, a.status, s.name AS who, u.name AS unit"
        " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN studios s ON s.id = a.studio_id LEFT JOIN units u ON u.id = a.unit_id"
        f" WHERE a.status IN ({marks}) AND COALESCE(a.payee_enterprise_id, s.enterprise_id,"
        " a.reported_enterprise_id) IS NULL ORDER BY c.year, a.id", _ON_THE_WAY):
        g.count += 1
        if len(g.items) < limit:
            g.items.append(TodoItem(
                "no_enterprise", r["year"], id_ref(PROJECT, r["id"]),
                _titled(r["title"], r["who"], r["unit"]),
                f"所在单位未登记（{STATUS_ZH[r['status']]}）：助推资金拨付至该单位，"
                f"{UNCHECKED}。{FILL}",
                f"{STUDIOS} → 选中“{r['who'] or '（未填工作室）'}” → 所在单位",
                stream=PROJECT, app_id=r["id"], screen_label=STUDIOS))
    # A patent passed at 资格审核 regardless: its 申报表 is stamped by the 所在单位工会
    # (一（四）1). An approved one's payment line says it (todo.payments._unpayable).
    for r in reg.query(
        "SELECT a.id, a.title, c.year, a.status, w.name AS who, u.name AS unit"
        " FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN people w ON w.id = a.person_id LEFT JOIN units u ON u.id = a.unit_id"
        " WHERE a.status = 'qualified' AND a.enterprise_id IS NULL ORDER BY c.year, a.id"):
        g.count += 1
        if len(g.items) < limit:
            g.items.append(TodoItem(
                "no_enterprise", r["year"], id_ref(PATENT, r["id"]),
                _titled(r["title"], r["who"], r["unit"]),
                f"所在单位未登记（{STATUS_ZH[r['status']]}）：{PATENT_WHY}，"
                f"请{PATENT_FILL}，补填后再核准",
                f"{PATENTS} → 选中 → 按 Enter 修改 → 所在单位",
                stream=PATENT, app_id=r["id"], screen_label=PATENTS))
    return g


def undated_by_union(reg: Register) -> list[tuple[int, str, int]]:
    """(year, union, papers) of the registered papers lacking only their 收件日期 (待填收件日期),
    both streams: one ``review received --union`` a union fills them, as their table came."""
    from boostdesk.rules.findings import UNDATED_ONLY_SQL

    counted: dict[tuple[int, str], int] = {}
    for table in _TABLE.values():
        for year, union, n in reg.conn.execute(
                f"SELECT c.year, u.name, count(*) FROM {table} a JOIN units u ON u.id = a.unit_id"
                " JOIN campaigns c ON c.id = a.campaign_id"
                f" WHERE a.status = 'registered' AND {UNDATED_ONLY_SQL} GROUP BY c.year, u.name"):
            counted[(year, union)] = counted.get((year, union), 0) + n
    return [(y, u, n) for (y, u), n in sorted(counted.items())]


def missing_facts(findings: str | None, union_only: bool = False) -> list[str]:
    """What a paper lacks, as its stored findings say (those of ``missing``); ``union_only``:
    less the 收件日期, the office's own to fill (``rules.findings.asked_of_union``)."""
    try:
        found = json.loads(findings or "[]")
    except ValueError:
        return []
    return [f.get("message", "") for f in found if isinstance(f, dict) and f.get("missing")
            and not (union_only and f.get("code") == INTAKE_DATE)]


def lacks_materials(findings: str | None) -> bool:
    """Whether the stored findings say materials are missing (the checklist's finding)."""
    try:
        found = json.loads(findings or "[]")
    except ValueError:
        return False
    return any(isinstance(f, dict) and f.get("missing") and f.get("field") == "materials"
               for f in found)


def refusals(findings: str | None) -> list[str]:
    """Why a paper is 不合格, as its stored findings say (the blocking ones)."""
    try:
        found = json.loads(findings or "[]")
    except ValueError:
        return []
    return [f.get("message", "") for f in found
            if isinstance(f, dict) and f.get("severity") == BLOCKING]


def near_copy_said(findings: str | None) -> str:
    """A paper's uncleared near-copy 提示 (near_copy_notes), said with what it waits for:
    deciding it asks (review decide --yes), so the list says it first."""
    from boostdesk.rules.near_cleared import NEAR_CODES

    near = [f.message for f in stored_findings(findings or "[]") if f.code in NEAR_CODES]
    return f"；近似重复待核对：{near[0].split('；', 1)[0]}" if near else ""


def awaiting_approval(reg: Register, campaigns: dict[int, tuple[int, Campaign]],
                      limit: int) -> Group:
    """Patents passed at 资格审核 and not yet 核准: each an award of the year's amount to
    approve (一（四）2 核准), oldest decision first."""
    g = Group(KIND["awaiting_approval"], amount_fen=0)
    rows = reg.query(
        "SELECT a.id, a.campaign_id, a.title, u.name AS unit, w.name AS who, a.findings,"
        " (SELECT COALESCE(h.decided_on, substr(h.at, 1, 10)) FROM status_history h"
        "  WHERE h.stream = 'patent' AND h.application_id = a.id"
        "  AND h.to_status = 'qualified' ORDER BY h.id DESC LIMIT 1) AS since"
        " FROM patent_applications a LEFT JOIN units u ON u.id = a.unit_id"
        " LEFT JOIN people w ON w.id = a.person_id WHERE a.status = 'qualified'")
    rows.sort(key=lambda r: (r["since"] is None, r["since"] or "", r["id"]))
    for r in rows:
        year, c = campaigns[r["campaign_id"]]
        g.count += 1
        g.amount_fen = (g.amount_fen or 0) + c.patent_award_fen
        if len(g.items) < limit:
            near = near_copy_said(r["findings"])
            g.items.append(TodoItem(
                "awaiting_approval", year, id_ref(PATENT, r["id"]),
                _titled(r["title"], r["who"], r["unit"]),
                f"已资格审核通过（{r['since'] or '日期未记'}），待核准" + near,
                way(f"{PATENTS} → 选中 → 改变状态（Ctrl+M）→ 核准",
                    f"核对近似重复后：boostdesk review decide {id_ref(PATENT, r['id'])}"
                    " --approve --yes") if near else
                way(f"{PATENTS} → 选中 → 改变状态（Ctrl+M）→ 核准",
                    f"boostdesk review decide {id_ref(PATENT, r['id'])} --approve"),
                stream=PATENT, app_id=r["id"],
                amount_fen=c.patent_award_fen, day=_day(r["since"])))
    return g


def unassigned_projects(reg: Register, campaigns: dict[int, tuple[int, Campaign]],
                        limit: int) -> Group:
    """Projects passed at 资格审核 and not yet given experts (二（四）2 专业评审)."""
    g = Group(KIND["experts_unassigned"])
    rows = reg.query(
        "SELECT a.id, a.campaign_id, a.title, u.name AS unit, w.name AS who, a.findings,"
        " (SELECT COALESCE(h.decided_on, substr(h.at, 1, 10)) FROM status_history h"
        "  WHERE h.stream = 'project' AND h.application_id = a.id"
        "  AND h.to_status = 'qualified' ORDER BY h.id DESC LIMIT 1) AS since"
        " FROM project_applications a LEFT JOIN units u ON u.id = a.unit_id"
        " LEFT JOIN studios w ON w.id = a.studio_id WHERE a.status = 'qualified'"
        " AND NOT EXISTS (SELECT 1 FROM assignments s WHERE s.project_id = a.id)")
    rows.sort(key=lambda r: (r["since"] is None, r["since"] or "", r["id"]))
    for r in rows:
        g.count += 1
        if len(g.items) < limit:
            year = campaigns[r["campaign_id"]][0]
            g.items.append(TodoItem(
                "experts_unassigned", year, id_ref(PROJECT, r["id"]),
                _titled(r["title"], r["who"], r["unit"]),
                "已资格审核通过，尚未分配评审专家",
                way(f"{PANEL} → 分配专家（可自动均衡分配）",
                    f"boostdesk panel assign --year {year} --auto"),
                stream=PROJECT, app_id=r["id"], day=_day(r["since"])))
    return g


def _titled(title: str | None, who: str | None, unit: str | None) -> str:
    """《title》 — who（unit）, as much as is known."""
    text = title or "（未填名称）"
    if who:
        text += f" — {who}"
    return text + (f"（{unit}）" if unit else "")


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
