"""The 评审汇总表 never gives an award's reason on a row that got no award (the tester's
2023 list: 污水处理 adopted at 8万 above its 4万 request, the objection upheld — its row read
未获助推 beside 经研究按排名档次助推（超过申请金额）)."""

from __future__ import annotations

from datetime import date

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import record_objection, resolve_objection, start_publicity
from boostdesk.panel.score_summary import panel_summary
from tests.test_panel_support import YEAR
from tests.test_plan_choices import j15

OVER = "经研究按排名档次助推（超过申请金额）"


def _notes(reg, pid: int) -> tuple[str, ...]:
    [row] = [r for r in panel_summary(reg, YEAR).rows if r.project_id == pid]
    return row.notes


def test_an_award_above_the_request_taken_by_an_objection_loses_its_reason(reg):
    ids = j15(reg)
    adopt(reg, YEAR, over_request_reason="主任办公会决定按排名档次")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    assert any(n.startswith(OVER) for n in _notes(reg, ids["j15"]))  # an award: said
    oid = record_objection(reg, ids["j15"], date(2022, 12, 21), "某职工", "已获其他资助")
    resolve_objection(reg, oid, upheld=True, note="经核实，异议成立", on=date(2022, 12, 22))
    notes = _notes(reg, ids["j15"])
    assert not [n for n in notes if n.startswith(OVER)]
    assert any("异议成立" in n for n in notes)
