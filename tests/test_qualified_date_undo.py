"""更正资格审核日期 undone (``qualified_day.put_back``: what the window's Ctrl+Z runs) and
a day put back to 未填, without a display. An undo never leaves a day the rules refuse."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_qualified_date import _decided_on, _patent, _sheet_text
from test_qualified_date_correction import APPROVED, WHY, _approved_patent_qualified_undated

from boostdesk.cli import main
from boostdesk.models import Register, RegisterError
from boostdesk.models.records import PATENT
from boostdesk.rules.qualified_day import correct_qualified_date, put_back, redate

MISTYPED = date(2022, 11, 20)  # typed for 2022-11-10
RIGHT = date(2022, 11, 10)


def _qualified_on(reg, app_id, day: date | None = MISTYPED) -> int:
    app_id = app_id or _patent(reg)
    reg.set_status(PATENT, app_id, "qualified", decided_on=day)
    return app_id


def test_a_correction_is_put_back_paper_by_paper_each_to_its_own_day(reg):
    dated = _qualified_on(reg, None)
    undated = _qualified_on(reg, _patent(reg, "ZL202120987654.3"), None)
    was = redate(reg, PATENT, [dated, undated], RIGHT, WHY)
    assert [_decided_on(reg, PATENT, i, "qualified") for i in (dated, undated)] == [
        ["2022-11-10"]] * 2
    reg.note = "撤销“更正 2 项申报的资格审核日期”"  # as the window's undo sets it
    put_back(reg, PATENT, was, RIGHT)
    reg.note = ""
    assert _decided_on(reg, PATENT, dated, "qualified") == ["2022-11-20"]
    assert _decided_on(reg, PATENT, undated, "qualified") == [None]
    line = reg.audit_trail("patent_applications", dated)[-1]
    assert line["action"] == "correct_qualified_date"
    assert line["before"] == {"qualified_on": "2022-11-10"}
    assert line["after"] == {"qualified_on": "2022-11-20"}
    assert line["note"] == "撤销“更正 2 项申报的资格审核日期”"
    assert reg.audit_trail("patent_applications", undated)[-1]["after"]["qualified_on"].startswith(
        "未填（")


def test_an_undo_that_would_date_the_qualification_after_a_later_approval_is_refused(reg):
    """Corrected to the 10th, then approved on the 15th elsewhere (another computer): the
    20th back would be a 资格审核 after its 核准, which the correction itself refuses."""
    app_id = _qualified_on(reg, None)
    was = redate(reg, PATENT, [app_id], RIGHT, WHY)
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=APPROVED)
    with pytest.raises(RegisterError, match="不能撤销：改回的资格审核日期 2022-11-20 晚于专利1的"
                                            "核准日期 2022-11-15（资格审核须在核准之前）；"
                                            "资格审核日期保持 2022-11-10"):
        put_back(reg, PATENT, was, RIGHT)
    assert _decided_on(reg, PATENT, app_id, "qualified") == ["2022-11-10"]


def test_an_undo_over_a_later_change_or_a_decision_made_again_is_refused(reg):
    app_id = _qualified_on(reg, None)
    was = redate(reg, PATENT, [app_id], RIGHT, WHY)
    correct_qualified_date(reg, PATENT, [app_id], date(2022, 11, 11), WHY)  # the CLI, since
    with pytest.raises(RegisterError, match="专利1的资格审核日期已改为 2022-11-11（不是这次更正的"
                                            " 2022-11-10），撤销会覆盖"):
        put_back(reg, PATENT, was, RIGHT)
    assert _decided_on(reg, PATENT, app_id, "qualified") == ["2022-11-11"]
    reg.set_status(PATENT, app_id, "refused", reason="材料不全")
    with pytest.raises(RegisterError, match="不能撤销：专利1（资格审核不通过）没有资格审核通过的结论"):
        put_back(reg, PATENT, was, date(2022, 11, 11))
    reg.set_status(PATENT, app_id, "registered", reason="补齐材料后重审")
    reg.set_status(PATENT, app_id, "qualified", decided_on=date(2022, 11, 12))
    with pytest.raises(RegisterError, match="资格审核结论在这次更正之后重新作出过"):
        put_back(reg, PATENT, was, date(2022, 11, 12))


def test_a_day_is_put_back_to_unknown_and_the_sheet_prints_it_as_recorded(reg, tmp_path):
    app_id = _approved_patent_qualified_undated(reg)
    correct_qualified_date(reg, PATENT, [app_id], RIGHT, WHY)
    assert "补录" not in _sheet_text(reg, tmp_path)
    with pytest.raises(RegisterError, match="须写明原因（如：原日期录错，实际日期不详）"):
        correct_qualified_date(reg, PATENT, [app_id], None, " ")
    was = redate(reg, PATENT, [app_id], None, "原日期录错，实际日期不详")
    assert was == {app_id: (was[app_id][0], "2022-11-10")}
    assert _decided_on(reg, PATENT, app_id, "qualified") == [None]
    # recorded (today) after its 核准: printed as a decision typed up late, as before any day
    text = _sheet_text(reg, tmp_path)
    assert "资格审核通过（" in text and "补录）" in text and "2022年11月10日" not in text
    line = reg.audit_trail("patent_applications", app_id)[-1]
    assert line["before"]["qualified_on"] == "2022-11-10"
    assert line["after"]["qualified_on"].startswith("未填（")
    assert correct_qualified_date(reg, PATENT, [app_id], None, WHY) == 0  # 未填 already
    put_back(reg, PATENT, was, None)  # and undone
    assert _decided_on(reg, PATENT, app_id, "qualified") == ["2022-11-10"]


def test_a_paper_not_qualified_has_no_day_to_put_back_to_unknown(reg):
    app_id = _patent(reg)
    with pytest.raises(RegisterError, match="没有资格审核通过的结论"):
        correct_qualified_date(reg, PATENT, [app_id], None, WHY)


def test_the_cli_puts_a_day_back_to_unknown(tmp_path, capsys):
    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        app_id = _qualified_on(reg, None)
    common = ["--db", str(db), "--operator", "测试员"]
    assert main(["correct", "qualified-date", f"专利{app_id}", "--unknown", "--reason", WHY,
                 *common]) == 0
    assert "已将专利1的资格审核日期改回未填" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # a day or --unknown, not both
        main(["correct", "qualified-date", "专利1", "--unknown", "--date", "2022-11-10",
              "--reason", WHY, *common])
    with Register.open(db, operator="测试员") as reg:
        assert _decided_on(reg, PATENT, app_id, "qualified") == [None]
        [after] = [json.loads(r[0]) for r in reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = 'correct_qualified_date'")]
        assert after["qualified_on"].startswith("未填（") and after["reason"] == WHY
