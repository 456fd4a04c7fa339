"""The project stream's steps between 资格审核 and 核准 left open, every year's: scores
not returned, scores complete and the list not adopted, an adopted list not published,
objections not settled, a publicity period past its end and not closed (二（四）2–3)."""

from __future__ import annotations

from datetime import date, timedelta

from boostdesk.models.records import PROJECT, id_ref
from boostdesk.models.register import Register
from boostdesk.said_where import way

from .items import KIND, PANEL, PUBLICITY, Group, TodoItem
from .papers import _day, _titled


def open_objections(reg: Register, limit: int) -> Group:
    """Objections received and not settled (upheld or not): the award waits on them
    (公示无异议的项目可获得助推, 二（四）3)."""
    g = Group(KIND["objection_open"], amount_fen=0)
    counted: set[int] = set()
    for r in reg.query(
        "SELECT o.id, o.project_id, o.received_date, o.objector, o.content, c.year,"
        " a.title, a.status, s.name AS who, u.name AS unit, pp.closed_date,"
        " COALESCE(pr.amount_fen, a.award_fen, 0) AS amount"
        " FROM objections o JOIN project_applications a ON a.id = o.project_id"
        " JOIN campaigns c ON c.id = a.campaign_id"
        " JOIN publicity_periods pp ON pp.id = o.period_id"
        " LEFT JOIN proposals pr ON pr.project_id = a.id"
        " LEFT JOIN studios s ON s.id = a.studio_id LEFT JOIN units u ON u.id = a.unit_id"
        " WHERE o.resolution IS NULL ORDER BY o.received_date, o.id"
    ):
        g.count += 1
        # a project's money once, however many objections wait on it (two letters)
        first = r["project_id"] not in counted
        counted.add(r["project_id"])
        g.amount_fen = (g.amount_fen or 0) + (r["amount"] if first else 0)
        if len(g.items) >= limit:
            continue
        held = "，已核准的款项暂缓拨付" if r["closed_date"] else ""
        by = f"（{r['objector']}）" if r["objector"] else ""
        g.items.append(TodoItem(
            "objection_open", r["year"], id_ref(PROJECT, r["project_id"]),
            _titled(r["title"], r["who"], r["unit"]),
            f"异议 {r['received_date']} 收到{by}：{_short(r['content'])}；待核实处理{held}",
            way(f"{PUBLICITY} → 选中项目 → 处理异议…", f"boostdesk publicity resolve {r['id']} --year {r['year']} --upheld 或 --dismissed"),
            stream=PROJECT, app_id=r["project_id"], amount_fen=r["amount"] if first else None,
            day=_day(r["received_date"])))
    return g


def ended_publicity(reg: Register, today: date, limit: int) -> Group:
    """Publicity periods past their last day and not closed: 结束公示 approves the projects
    without objection (期满次日起可结束公示); till then none of them can be paid. Its money
    is what the close approves (panel.publicity.close_publicity: a project still 公示中, no
    objection open or upheld — 公示无异议的项目可获得助推, 二（四）3): a project under an open
    objection is 异议待处理's item and money (:func:`open_objections`), not counted twice."""
    g = Group(KIND["publicity_ended"], amount_fen=0)
    for r in reg.query(
        "SELECT pp.id, pp.start_date, pp.end_date, c.year,"
        " (SELECT COUNT(*) FROM proposals pr WHERE pr.period_id = pp.id) AS n,"
        " (SELECT COUNT(*) FROM proposals pr WHERE pr.period_id = pp.id AND EXISTS"
        "  (SELECT 1 FROM objections o WHERE o.project_id = pr.project_id"
        "   AND o.resolution IS NULL)) AS objected,"
        " (SELECT COALESCE(SUM(pr.amount_fen), 0) FROM proposals pr"
        "  JOIN project_applications a ON a.id = pr.project_id"
        "  WHERE pr.period_id = pp.id AND a.status = 'publicized' AND NOT EXISTS"
        "  (SELECT 1 FROM objections o WHERE o.project_id = pr.project_id"
        "   AND (o.resolution IS NULL OR o.resolution = 'upheld'))) AS amount,"
        # the batch's number as 公示 counts them: the year's periods in order
        " (SELECT COUNT(*) FROM publicity_periods q WHERE q.campaign_id = pp.campaign_id"
        "  AND q.id <= pp.id) AS batch"
        " FROM publicity_periods pp JOIN campaigns c ON c.id = pp.campaign_id"
        " WHERE pp.closed_date IS NULL AND pp.end_date < ? ORDER BY pp.end_date, pp.id",
        (today.isoformat(),),
    ):
        may_end = date.fromisoformat(r["end_date"]) + timedelta(days=1)
        g.count += 1
        g.amount_fen = (g.amount_fen or 0) + r["amount"]
        if len(g.items) < limit:
            g.items.append(TodoItem(
                "publicity_ended", r["year"], f"第{r['batch']}批公示",
                f"公示期 {r['start_date']} 至 {r['end_date']}（{r['n']} 个项目"
                + (f"，其中 {r['objected']} 个有异议待处理，另列" if r["objected"] else "") + "）",
                f"公示期已满，{may_end.isoformat()} 起可结束公示：无异议的项目即核准，"
                "此前均不能拨付",
                way(f"{PUBLICITY} → 结束公示…", f"boostdesk publicity close --year {r['year']}"),
                period_id=r["id"], amount_fen=r["amount"], day=may_end))
    return g


def unpublished_lists(reg: Register, limit: int) -> Group:
    """An adopted list (拟助推) not yet in publicity: 二（四）3 publishes it next; said with
    the day the office adopted it (采纳日期), not when its rows were written."""
    g = Group(KIND["adopted_unpublished"], amount_fen=0)
    for r in reg.query(
        "SELECT c.year, COUNT(*) AS n, SUM(COALESCE(pr.amount_fen, 0)) AS amount,"
        " MAX(COALESCE(pr.adopted_on, pr.adopted_at)) AS adopted, MIN(a.id) AS first"
        " FROM proposals pr JOIN project_applications a ON a.id = pr.project_id"
        " JOIN campaigns c ON c.id = pr.campaign_id"
        " WHERE pr.period_id IS NULL AND a.status = 'proposed'"
        " GROUP BY c.year ORDER BY adopted"
    ):  # one item a year: the list is published whole
        g.count += 1
        g.amount_fen = (g.amount_fen or 0) + r["amount"]
        if len(g.items) < limit:
            g.items.append(TodoItem(
                "adopted_unpublished", r["year"], f"{r['year']} 年度拟助推名单",
                f"拟助推 {r['n']} 个项目", f"名单已于 {r['adopted'][:10]} 采纳，尚未公示",
                way(f"{PUBLICITY} → 开始公示…", f"boostdesk publicity start --year {r['year']} --from YYYY-MM-DD"),
                stream=PROJECT, app_id=r["first"], amount_fen=r["amount"],
                day=_day(r["adopted"])))
    return g


def missing_scores(reg: Register, limit: int) -> Group:
    """Experts who have not returned the scores of projects in review, each expert's
    count, the most first (采纳拟助推名单 is refused while any is missing)."""
    g = Group(KIND["scores_missing"])
    for r in reg.query(
        "SELECT e.id, e.name, e.organisation, c.year, COUNT(*) AS n, MIN(a.id) AS first"
        " FROM assignments s JOIN experts e ON e.id = s.expert_id"
        " JOIN project_applications a ON a.id = s.project_id"
        " JOIN campaigns c ON c.id = a.campaign_id"
        " WHERE s.submitted_at IS NULL AND a.status = 'review'"
        " GROUP BY e.id ORDER BY c.year, n DESC, e.name"
    ):  # one item an expert, the projects counted in its words
        g.count += 1
        if len(g.items) < limit:
            g.items.append(TodoItem(
                "scores_missing", r["year"], r["name"], r["organisation"] or "评审专家",
                f"{r['n']} 个项目的评分未交回：催交评分包，交回后导入（或在评分录入中录入）",
                way(f"{PANEL} → 评分包 → 导入交回的评分包…", f"boostdesk panel import FILE --year {r['year']}"),
                stream=PROJECT, app_id=r["first"]))
    return g


def complete_scores(reg: Register, limit: int) -> Group:
    """A year whose projects in review all have every score in, the list not adopted."""
    g = Group(KIND["scores_complete"])
    for r in reg.query(
        "SELECT c.year, COUNT(*) AS n, MIN(a.id) AS first FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id WHERE a.status = 'review'"
        " GROUP BY c.year HAVING NOT EXISTS (SELECT 1 FROM assignments s"
        " JOIN project_applications b ON b.id = s.project_id"
        " WHERE b.campaign_id = a.campaign_id AND b.status = 'review'"
        " AND s.submitted_at IS NULL)"
        " AND SUM(EXISTS (SELECT 1 FROM assignments s WHERE s.project_id = a.id)) > 0"
        " ORDER BY c.year"
    ):  # one item a year: the list is adopted whole
        g.count += 1
        if len(g.items) < limit:
            g.items.append(TodoItem(
                "scores_complete", r["year"], f"{r['year']} 年度评审",
                f"{r['n']} 个项目评分已齐", "核对排名与档次后采纳拟助推名单",
                way(f"{PANEL} → 排名与档次 → 采纳拟助推名单…", f"boostdesk panel adopt --year {r['year']}"),
                stream=PROJECT, app_id=r["first"]))
    return g


def _short(text: str, most: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= most else text[:most - 1] + "…"
