"""The earliest day a list can be adopted on: not before the year's 材料报送截止, the last
score of a project on it submitted (a package imported or scores typed), or the
qualification decision of a project on it — a list adopted before its scores existed
cannot be. ``panel adopt --date`` and 排名与档次's 采纳日期 refuse an earlier day, saying
why and the earliest day allowed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register


def earliest_adoption(reg: Register, year: int, project_ids: Sequence[int]
                      ) -> list[tuple[date, str]]:
    """(day, what sets it) of each bound an adoption of ``project_ids`` may not precede."""
    bounds: list[tuple[date, str]] = []
    c = reg.campaign(year)
    bounds.append((c.submission_deadline,
                   f"{year} 年度方案的材料报送截止日期 {c.submission_deadline.isoformat()}"))
    ids = list(project_ids)
    if not ids:
        return bounds
    marks = ",".join("?" * len(ids))
    last = reg.query(
        "SELECT a.submitted_at AS at, e.name AS expert, p.title AS title"
        " FROM assignments a JOIN experts e ON e.id = a.expert_id"
        " JOIN project_applications p ON p.id = a.project_id"
        f" WHERE a.project_id IN ({marks}) AND a.submitted_at IS NOT NULL"
        " ORDER BY a.submitted_at DESC LIMIT 1", ids)
    if last:
        day = date.fromisoformat(str(last[0]["at"])[:10])
        bounds.append((day, f"最后一份评分（{last[0]['expert']}对“{last[0]['title']}”）"
                            f"于 {day.isoformat()} 提交或导入"))
    qualified = reg.query(
        "SELECT COALESCE(h.decided_on, substr(h.at, 1, 10)) AS day, p.title AS title"
        " FROM status_history h JOIN project_applications p ON p.id = h.application_id"
        f" WHERE h.stream = ? AND h.to_status = 'qualified' AND h.application_id IN ({marks})"
        " AND h.id = (SELECT MAX(id) FROM status_history x WHERE x.stream = h.stream"
        " AND x.application_id = h.application_id AND x.to_status = 'qualified')"
        " ORDER BY day DESC LIMIT 1", [PROJECT, *ids])
    if qualified and qualified[0]["day"]:
        day = date.fromisoformat(str(qualified[0]["day"]))
        bounds.append((day, f"项目“{qualified[0]['title']}”的资格审核于 {day.isoformat()} 通过"))
    return bounds


def adoption_day_refusal(reg: Register, year: int, project_ids: Sequence[int], on: date
                         ) -> str | None:
    """Why ``on`` cannot be the 采纳日期 of a list of ``project_ids``, or None."""
    bounds = earliest_adoption(reg, year, project_ids)
    broken = [text for day, text in bounds if on < day]
    if not broken:
        return None
    first = max(day for day, _text in bounds)
    return (f"采纳日期 {on.isoformat()} 早于" + "；".join(broken)
            + f"：名单须在方案报送截止、资格审核和评分之后采纳，采纳日期最早为 {first.isoformat()}"
            "（请按实际采纳的日期填写）")
