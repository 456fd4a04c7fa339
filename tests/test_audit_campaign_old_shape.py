"""A campaign update stored by an older release, before a later one added a setting: the
trail renders what the stored documents hold. 0.14.0 had no final_tranche_months; opened
with 0.15.0 its `first_tranche_months` 3 → 6 line also showed the 尾款 term 3 → 6 (the new
setting, absent on both sides, read as each side's first-tranche term)."""

from __future__ import annotations

import json

from boostdesk import audit_log
from boostdesk.models import plan_2022


def _old_shape(months: int) -> dict:
    doc = json.loads(plan_2022().for_year(2023).with_changes(first_tranche_months=months).to_json())
    del doc["final_tranche_months"]  # 0.14.0 (schema 18) had no such setting
    return doc


def test_a_setting_absent_on_both_sides_is_no_change(reg) -> None:
    cid = reg.save_campaign(plan_2022().for_year(2023))
    with reg.transaction():
        reg.audit("update", "campaigns", cid, _old_shape(3), _old_shape(6))
    (line,) = [x for x in audit_log.trail(reg, year=2023) if x.action and "6 个月" in x.details]
    assert line.details == "项目公示期满后首笔拨付时限：3 个月 → 6 个月"


def test_a_setting_stored_on_one_side_still_shows(reg) -> None:
    """An old document before, a new one after (the new setting stored by the change):
    what the stored documents hold differs, and the line says so."""
    cid = reg.save_campaign(plan_2022().for_year(2023))
    after = json.loads(plan_2022().for_year(2023).with_changes(
        first_tranche_months=3, final_tranche_months=6).to_json())
    with reg.transaction():
        reg.audit("update", "campaigns", cid, _old_shape(3), after)
    (line,) = [x for x in audit_log.trail(reg, year=2023) if "尾款" in x.details]
    # the note both values carry said once, not on each side
    assert line.details == "项目验收后尾款拨付时限：3 个月 → 6 个月"
