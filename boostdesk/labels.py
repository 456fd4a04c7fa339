"""Chinese names of record fields, and how a stored value is shown (masked where private)."""

from __future__ import annotations

from typing import Any

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT, PROJECT_MATERIALS
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.safety.privacy import mask_card as mask_card  # the bare form, re-exported
from boostdesk.safety.privacy import mask_card_grouped, mask_id, mask_log_text, mask_phone

# 备注's line breaks where it is shown on one line (a re-sent table's difference, the import
# preview's cell, the history): a break folded to a space read as words run together
LINE_MARK = "↵"

FIELD_ZH = {
    "campaign_year": "年度",
    "title": "名称",
    "patent_number_raw": "专利号",
    "patent_number": "专利号（规范）",
    "grant_date": "授权公告日",
    "inventor_name": "第一发明人",
    "id_number": "身份证号",
    "card_number": "工会会员互助服务卡号",
    "phone": "联系电话",
    "frontline": "是否一线职工",
    "service_invention": "是否职务发明",
    "applied_in_production": "是否已在生产中应用",
    "unit_name": "推荐单位",
    "enterprise_name": "所在单位",
    "industry": "所属领域",
    "remarks": "备注",
    "received_date": "收件日期",
    "materials": "材料",
    "seq": "序号",
    "status": "状态",
    "status_reason": "状态理由",
    "reason": "理由",
    "award_fen": "助推金额",
    "approved_date": "核准日期",
    "accepted_date": "验收日期",
    "decided_on": "决定日期",
    "qualified_on": "资格审核日期",
    "studio_name": "工作室名称",
    "studio_level": "工作室级别",
    "model_studio": "是否示范性工作室",
    "leader": "领衔人",
    "approval_date": "立项日期",
    "startup_funds_paid": "启动资金是否到位",
    "planned_completion": "计划完成日期",
    "total_budget_fen": "项目总投入",
    "requested_fen": "申请助推金额",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "name": "名称",
    "kind": "类别",
    "level": "级别",
    "updated_at": "修改时间",
    "person_id": "人员",
    "studio_id": "工作室",
    "id": "登记号",
    "decision": "结论",
    "departs_from_findings": "与自动核对结论不同",
    "changes": "随之变动",
    "amount_fen": "调整为",
    "payee": "收款单位（按首笔拨付固定）",
    "award_level": "核定时工作室级别",
}
# Said after a change whose two numbers mask alike (6214 **** **** *** 9770 → the same): the
# numbers differ in the digits hidden — the trail says so without showing them.
MASKED_DIFFER = "（号码不同，中间位已隐去）"
# The fields whose shown value hides digits: only their two values may show alike and differ.
MASKED_FIELDS = frozenset({"id_number", "card_number", "paid_card", "phone", "contact_phone",
                           "remarks"})
# ... and after a change back to a number that masks as one the record held before, but is
# another number (…9770 → …6646 → …9770, the last not the first).
MASKED_BACK = "（与此前同样显示的号码不同，中间位已隐去）"
ACTION_ZH = {"create": "新建", "update": "修改", "delete": "删除", "status": "状态变更",
             "qualify": "资格审核", "override": "人工调整档次", "clear_override": "取消人工调整档次",
             "move_year": "移到其他年度", "merge": "合并", "unmerge": "撤销合并",
             "restore": "恢复（撤销删除）", "correct_name": "更正姓名",
             "correct_id": "更正身份证号", "correct_qualified_date": "更正资格审核日期"}
_MATERIALS = {**PATENT_MATERIALS, **PROJECT_MATERIALS}
_ONLY = {PATENT: PATENT_MATERIALS.keys() - PROJECT_MATERIALS.keys(),
         PROJECT: PROJECT_MATERIALS.keys() - PATENT_MATERIALS.keys()}


def materials_labels(materials: dict[str, Any], stream: str | None = None) -> dict[str, str]:
    """The checklist labels of a paper's materials: a patent's form is its 申报表, a
    project's its 申报书 (and the union stamps are worded apart). Without ``stream``, the
    stream the checklist's own items belong to (a stored checklist holds every item)."""
    if stream is None:
        stream = next((s for s, keys in _ONLY.items() if keys & materials.keys()), None)
    return {PATENT: PATENT_MATERIALS, PROJECT: PROJECT_MATERIALS}.get(stream or "", _MATERIALS)


PHONE_FIELDS = frozenset({"phone", "contact_phone"})


def show_value(field: str, value: Any, stream: str | None = None) -> str:
    """A stored value as the office reads it; ID, card and phone numbers masked (those
    written into 备注 too: a message, a copy, the union's problem list). ``stream``: the
    application's, where a value reads differently in each (its materials)."""
    if value is None or value == "":
        return "（空）"
    if field == "id_number":
        return mask_id(str(value))
    if field == "card_number":
        return mask_card_grouped(str(value))  # 6214 **** **** *** 2223, as everywhere
    if field in PHONE_FIELDS:  # 138****8000, as the pane, the trail and the documents show it
        return mask_phone(str(value))
    if isinstance(value, bool) or field in {
        "frontline", "service_invention", "applied_in_production", "model_studio",
        "startup_funds_paid",
    }:
        return "是" if value else "否"
    if field.endswith("_fen") and isinstance(value, int):
        return format_money(value)
    if field in {"status", "to_status", "from_status"}:
        return STATUS_ZH.get(str(value), str(value))
    if field in {"studio_level", "level", "award_level"}:
        return LEVEL_ZH.get(str(value), str(value))
    if isinstance(value, list | tuple):
        return "；".join(str(x) for x in value) or "无"
    if field == "remarks" and isinstance(value, str):
        # a number written into 备注 (a card, an ID, a family member's mobile) masked as the
        # pane masks it; its lines on one line (a message's or a list cell's)
        return LINE_MARK.join(mask_log_text(value).split("\n"))
    if field == "materials" and isinstance(value, dict):
        labels = materials_labels(value, stream)
        have = [labels.get(str(k), str(k)) for k, v in value.items() if v]
        return "、".join(have) if have else "无"
    return str(value)
