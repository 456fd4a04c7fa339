"""更正资格审核日期 of a paper already approved (a decision no longer changes then): the
审批表 of a paper qualified before the 资格审核日期 existed printed its 补录 wording for ever.
And a 核准日期 before the 资格审核日期 the clerk gave is refused on every way to 核准."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_finance import add_project
from test_qualified_date import REVIEWED, _decided_on, _patent, _sheet_text

from boostdesk.cli import main
from boostdesk.models import Register, RegisterError
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import close_publicity, start_publicity
from boostdesk.rules.hand_moves import HandMoveRefused, check_hand_move
from boostdesk.rules.qualified_day import correct_qualified_date
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

APPROVED = date(2022, 11, 15)
WHY = "按2022年资格审核记录补记"


def _approved_patent_qualified_undated(reg, number="ZL202110123456.7") -> int:
    """As every register upgraded from 0.15.0 holds them: 资格审核通过 with no day of its
    own, recorded (today) after the approval it led to."""
    app_id = _patent(reg, number)
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=APPROVED)
    return app_id


def test_an_approved_patent_qualified_undated_gets_its_day_and_the_sheet_loses_its_late_wording(
        reg, tmp_path):
    app_id = _approved_patent_qualified_undated(reg)
    assert "补录）" in _sheet_text(reg, tmp_path)
    assert correct_qualified_date(reg, PATENT, [app_id], REVIEWED, WHY) == 1
    assert _decided_on(reg, PATENT, app_id, "qualified") == ["2022-11-10"]
    text = _sheet_text(reg, tmp_path)
    assert "资格审核通过（2022年11月10日）" in text and "补录" not in text
    assert reg.patent(app_id).status == "approved"  # the decision and the award as they were
    event = reg.audit_trail("patent_applications", app_id)[-1]
    assert event["action"] == "correct_qualified_date"
    assert event["before"]["qualified_on"].startswith("未填（")
    assert event["after"] == {"qualified_on": "2022-11-10", "reason": WHY}
    # the same day again changes nothing
    assert correct_qualified_date(reg, PATENT, [app_id], REVIEWED, WHY) == 0


def test_a_paid_patent_and_an_approved_project_are_corrected_too(reg, tmp_path):
    """The day is a fact of the record, not money: a paid paper's is corrected as well."""
    paid = _approved_patent_qualified_undated(reg)
    reg.set_status(PATENT, paid, "paid")
    pid = add_project(reg)  # qualified undated, approved 2022-12-28
    assert correct_qualified_date(reg, PATENT, [paid], REVIEWED, WHY) == 1
    assert correct_qualified_date(reg, PROJECT, [pid], date(2022, 11, 20), WHY) == 1
    assert _decided_on(reg, PROJECT, pid, "qualified") == ["2022-11-20"]
    text = _sheet_text(reg, tmp_path)
    assert "资格审核通过（2022年11月10日）" in text
    assert "资格审核通过（2022年11月20日）" in text and "补录" not in text


@pytest.mark.parametrize(("day", "why"), [
    (date(2022, 11, 16), "资格审核日期 2022-11-16 晚于专利1的核准日期 2022-11-15"),
    (date(2099, 1, 1), "在今天之后"),  # (not today + 1: collected before a midnight)
    (date(2022, 10, 24), "早于专利1的收件日期 2022-10-25"),
    (date(2022, 1, 10), "早于 2022 年度计划的印发日期"),
])
def test_a_day_the_qualification_cannot_have_is_refused(reg, day, why):
    app_id = _approved_patent_qualified_undated(reg)
    with pytest.raises(RegisterError, match=why):
        correct_qualified_date(reg, PATENT, [app_id], day, WHY)
    assert _decided_on(reg, PATENT, app_id, "qualified") == [None]


def test_a_reason_is_needed_and_a_paper_not_qualified_has_no_day_to_correct(reg):
    app_id = _approved_patent_qualified_undated(reg)
    with pytest.raises(RegisterError, match="须写明原因"):
        correct_qualified_date(reg, PATENT, [app_id], REVIEWED, "  ")
    waiting = _patent(reg, "ZL202120987654.3")
    with pytest.raises(RegisterError, match=r"专利2（已登记）没有资格审核通过的结论"):
        correct_qualified_date(reg, PATENT, [app_id, waiting], REVIEWED, WHY)
    assert _decided_on(reg, PATENT, app_id, "qualified") == [None]  # all or none


def test_correct_qualified_date_on_the_command_line(tmp_path, capsys):
    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        ids = [_approved_patent_qualified_undated(reg, n)
               for n in ("ZL202110123456.7", "ZL202120987654.3")]
    common = ["--db", str(db), "--operator", "测试员"]
    assert main(["correct", "qualified-date", f"专利{ids[0]}", f"专利{ids[1]}",
                 "--date", "2022年11月10日", "--reason", WHY, *common]) == 0
    assert "已将专利1、专利2的资格审核日期更正为 2022-11-10" in capsys.readouterr().out
    assert main(["correct", "qualified-date", f"专利{ids[0]}", "--date", "2022-11-20",
                 "--reason", WHY, *common]) != 0
    assert "晚于专利1的核准日期 2022-11-15" in capsys.readouterr().err
    assert main(["correct", "qualified-date", "专利1", "项目1", "--date", "2022-11-10",
                 "--reason", WHY, *common]) != 0
    assert "分两次更正" in capsys.readouterr().err
    assert main(["correct", "qualified-date", "专利1", "--date", "2022-11-09", *common]) != 0
    assert "须写明原因" in capsys.readouterr().err
    with Register.open(db, operator="测试员") as reg:
        assert [_decided_on(reg, PATENT, i, "qualified") for i in ids] == [["2022-11-10"]] * 2
        [event] = [json.loads(r[0]) for r in reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = 'correct_qualified_date'"
            " AND entity_id = ?", (ids[1],))]
        assert event == {"qualified_on": "2022-11-10", "reason": WHY}


# -- 核准日期 not before the 资格审核日期 -----------------------------------------------------
def test_a_patent_approved_before_its_qualification_day_is_refused(reg):
    app_id = _patent(reg)
    reg.set_status(PATENT, app_id, "qualified", decided_on=REVIEWED)
    with pytest.raises(HandMoveRefused, match="核准日期 2022-11-09 早于专利1的资格审核日期 2022-11-10"):
        check_hand_move(reg, PATENT, [app_id], "approved", "", date(2022, 11, 9))
    with pytest.raises(RegisterError, match="核准须在资格审核通过之后"):  # every path to 核准
        reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                       approved_date=date(2022, 11, 9))
    assert reg.patent(app_id).status == "qualified"
    check_hand_move(reg, PATENT, [app_id], "approved", "卡号已补", REVIEWED)  # that day will do
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=REVIEWED)


def test_a_publicity_closed_before_a_projects_qualification_day_is_refused(reg):
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    to_review(reg, a)
    # its 资格审核 mistyped a month late (2022-12-28 for 2022-11-28)
    reg.conn.execute("UPDATE status_history SET decided_on = '2022-12-28'"
                     " WHERE application_id = ? AND to_status = 'qualified'", (a,))
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    with pytest.raises(PanelError, match=r"结束日期 2022年12月27日.*早于项目1（2022年12月28日）的资格审核日期"):
        close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status == "publicized"
    assert close_publicity(reg, YEAR, date(2022, 12, 28)).approved == ["市级甲项目"]


def test_a_qualification_recorded_undated_does_not_hold_back_an_approval(reg):
    """No day given (补录, or before the field): when it was recorded says nothing of
    when it was made, and an approval dated before the recording is what 补录 is."""
    app_id = _approved_patent_qualified_undated(reg)  # qualified recorded today
    assert (reg.patent(app_id).status, reg.patent(app_id).approved_date) == ("approved", APPROVED)
