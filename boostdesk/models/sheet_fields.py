"""The facts an approved award's signed 审批表 prints, and their changes since the approval.

The sheet is signed at the approval and filed; a fact on it changed afterwards (a title
typed wrong, a grant date) leaves the filed sheet and the register apart. Such a change
of an award approved or paid asks why (``Register.save_patent`` / ``save_project``), its
trail line keeps what the sheet said and says now (``printed``), and the reprinted sheet's
注 names it (``printing.approval``), as a card corrected after the approval is named.

The card has its own rules (``APPROVED_CARD_REASON``, ``CARD_REASON``) and 注; the contact
phones are printed masked and may change freely; the facts the money was judged on, paid
to or paid by are frozen once a transfer is sent (``FIXED_ONCE_PAID``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .campaign import LEVEL_ZH
from .records import PATENT, PROJECT
from .workflow import REVOCABLE

SHEET_FIELDS: dict[str, dict[str, str]] = {
    PATENT: {
        "title": "专利名称", "patent_number_raw": "专利号", "grant_date": "授权公告日",
        "inventor_name": "第一发明人", "id_number": "身份证号", "enterprise_name": "所在单位",
        "unit_name": "推荐单位", "service_invention": "职务发明", "frontline": "一线职工",
        "applied_in_production": "生产中应用", "industry": "所属领域",
    },
    PROJECT: {
        "title": "项目名称", "studio_name": "工作室名称", "studio_level": "工作室级别",
        "model_studio": "示范性工作室", "leader": "领衔人", "enterprise_name": "所在单位",
        "unit_name": "推荐单位", "approval_date": "立项日期", "planned_completion": "计划完成日期",
        "total_budget_fen": "项目总投入", "requested_fen": "申请助推金额", "contact_name": "联系人",
    },
}
SHEET_REASON = ("印在已签批的审批表上，核准后更改须写明原因（如：录入时笔误，以申报材料为准），"
                "记入修改记录，重印的审批表在注中注明。未保存")


def awarded(stream: str, status: str) -> bool:
    """Approved or paid (the sheet signed): an award not revoked."""
    return status in REVOCABLE[stream]


_DAYS = {"grant_date", "approval_date", "planned_completion"}


def _shown(name: str, value: Any) -> str:
    from boostdesk.money import format_money

    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if name in _DAYS:  # as the sheet prints it: 2021年5月11日
        day = date.fromisoformat(str(value)[:10])
        return f"{day.year}年{day.month}月{day.day}日"
    if name.endswith("_fen"):
        return format_money(int(value))
    if name == "studio_level":
        return LEVEL_ZH.get(str(value), str(value))
    return " ".join(str(value).split())


def sheet_changes(stream: str, before: dict[str, Any], after: dict[str, Any]
                  ) -> dict[str, list[str]]:
    """{label: [as printed before, as printed now]} of the sheet's facts a save changed."""
    return {label: [_shown(name, before.get(name)), _shown(name, after.get(name))]
            for name, label in SHEET_FIELDS[stream].items()
            if _shown(name, before.get(name)) != _shown(name, after.get(name))}
