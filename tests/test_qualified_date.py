"""资格审核 dated by the clerk: the day a qualification (通过 / 不通过) was decided, kept in
the status history beside when it was recorded, checked as a 核准日期 is, and printed on the
审批表 as the decision's day. An office typing up 2022's review in 2026 got
“资格审核通过（2026年12月5日补录）” on a sheet approved 2022-11-15."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from test_finance import add_project
from test_printing import squash

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT, PatentApplication
from boostdesk.panel import qualification as qu
from boostdesk.panel.errors import PanelError
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.rules.hand_moves import HandMoveRefused, check_hand_move
from tests.test_panel_support import make_project

REVIEWED = date(2022, 11, 10)


def _patent(reg, number="ZL202110123456.7", received=date(2022, 10, 25)) -> int:
    return reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种测试方法", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name="张三", id_number="11010519491231002X",
        unit_name="海淀区总工会", enterprise_name="北京测试有限公司", received_date=received,
        frontline=True, service_invention=True, applied_in_production=True))


def _decided_on(reg, stream, app_id, status):
    return [h["decided_on"] for h in reg.status_history(stream, app_id)
            if h["to_status"] == status]


def _sheet_text(reg, tmp_path) -> str:
    """The 审批表's text, its lines joined (a project's 资格审核 cell wraps: pdftotext's
    layout set the row's label between its lines)."""
    pdf = tmp_path / "sheet.pdf"
    write_approval_pdf(pdf, load_sheets(reg, 2022))
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return squash(raw)


def test_a_patent_qualified_on_its_day_prints_that_day_not_today_as_recorded_late(reg, tmp_path):
    app_id = _patent(reg)
    reg.set_status(PATENT, app_id, "qualified", decided_on=REVIEWED)
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 11, 15))
    assert _decided_on(reg, PATENT, app_id, "qualified") == ["2022-11-10"]
    [sheet] = load_sheets(reg, 2022)
    assert sheet.qualified_on == REVIEWED
    text = _sheet_text(reg, tmp_path)
    assert "资格审核通过（2022年11月10日）" in text and "补录" not in text
    # the day is in the trail with the move
    after = reg.audit_trail("patent_applications", app_id)[-2]["after"]
    assert after["status"] == "qualified" and after["decided_on"] == "2022-11-10"


def test_a_project_passed_on_its_day_prints_it_and_its_refusal_keeps_its_own(reg, tmp_path):
    pid = make_project(reg, "数控机床精度补偿", "李四工作室")
    other = make_project(reg, "焊接机器人", "王五工作室")
    qu.decide(reg, pid, True, on=REVIEWED)
    qu.decide(reg, other, False, "企业未盖章", on=date(2022, 11, 11))
    assert _decided_on(reg, PROJECT, pid, "qualified") == ["2022-11-10"]
    assert _decided_on(reg, PROJECT, other, "refused") == ["2022-11-11"]
    assert [json.loads(r[0])["decided_on"] for r in reg.conn.execute(
        "SELECT after FROM audit_events WHERE action = 'qualify' ORDER BY id")] == [
        "2022-11-10", "2022-11-11"]
    for step in ("review", "proposed", "publicized"):
        reg.set_status(PROJECT, pid, step)
    reg.set_status(PROJECT, pid, "approved", award_fen=10_0000_00, approved_date=date(2022, 11, 28))
    text = _sheet_text(reg, tmp_path)
    assert "资格审核通过（2022年11月10日）" in text and "补录" not in text


def test_a_pass_given_today_is_put_right_by_passing_it_again_on_its_day(reg):
    pid = make_project(reg, "数控机床精度补偿", "李四工作室")
    qu.decide(reg, pid, True, on=date.today())
    qu.decide(reg, pid, True, on=REVIEWED)
    assert _decided_on(reg, PROJECT, pid, "qualified") == ["2022-11-10"]  # one move, re-dated
    [_, after] = [json.loads(r[0]) for r in reg.conn.execute(
        "SELECT after FROM audit_events WHERE action = 'qualify' ORDER BY id")]
    before = json.loads(reg.scalar("SELECT before FROM audit_events WHERE action = 'qualify'"
                                   " ORDER BY id DESC LIMIT 1"))
    assert (before["decided_on"], after["decided_on"]) == (date.today().isoformat(), "2022-11-10")
    assert qu.pass_many(reg, [pid], on=REVIEWED) == 0  # the same day again: nothing to change


@pytest.mark.parametrize(("day", "why"), [
    (date(2099, 1, 1), "在今天之后"),  # (not today + 1: collected before a midnight)
    (date(2022, 1, 10), "资格审核日期 2022-01-10 早于 2022 年度计划的印发日期 2022-10-17"),
    (date(2022, 10, 24), "的收件日期 2022-10-25"),
])
def test_a_day_no_qualification_can_have_is_refused_as_a_wrong_approval_date_is(reg, day, why):
    pid = make_project(reg, "数控机床精度补偿", "李四工作室")
    second = make_project(reg, "焊接机器人", "王五工作室")
    for decide in (lambda: qu.decide(reg, pid, True, on=day),
                   lambda: qu.decide(reg, pid, False, "企业未盖章", on=day),
                   lambda: qu.pass_many(reg, [second, pid], on=day)):
        with pytest.raises(PanelError, match=why):
            decide()
    assert [reg.project(i).status for i in (pid, second)] == ["registered"] * 2
    app_id = _patent(reg)
    for target in ("qualified", "refused"):
        with pytest.raises(HandMoveRefused, match=why):
            check_hand_move(reg, PATENT, [app_id], target, "理由", day)
    qu.decide(reg, pid, True, on=date(2022, 10, 25))  # the day it came will do


def test_an_award_withdrawn_is_not_dated_before_the_award(reg):
    pid = add_project(reg, approved=date(2022, 12, 28))
    with pytest.raises(HandMoveRefused, match="早于项目.*的核准日期 2022-12-28"):
        check_hand_move(reg, PROJECT, [pid], "refused", "异议成立", date(2022, 12, 27))
    check_hand_move(reg, PROJECT, [pid], "refused", "异议成立", date(2022, 12, 28))


def test_a_qualification_recorded_undated_keeps_its_late_wording(reg, tmp_path):
    """No day given (every decision before the field, the command line without --date):
    the day it was recorded, 补录 when after the award, as before."""
    app_id = _patent(reg)
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 11, 15))
    assert _decided_on(reg, PATENT, app_id, "qualified") == [None]
    assert "资格审核通过（" + f"{date.today().year}年" in _sheet_text(reg, tmp_path)
    assert "补录）" in _sheet_text(reg, tmp_path)


def test_panel_qualify_takes_the_day_with_date(tmp_path, capsys):
    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        ids = [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会") for k in range(3)]
    common = ["--db", str(db), "--operator", "测试员"]
    assert main(["panel", "qualify", f"项目{ids[0]}", "--pass", "--date", "2022-11-10",
                 *common]) == 0
    assert "资格审核通过（2022-11-10）" in capsys.readouterr().out
    assert main(["panel", "qualify", f"项目{ids[1]}", f"项目{ids[2]}", "--pass",
                 "--date", "2022-11-11", *common]) == 0
    assert main(["panel", "qualify", f"项目{ids[0]}", "--pass", "--date", "2099-01-01",
                 *common]) != 0
    assert "资格审核日期 2099-01-01 在今天之后" in capsys.readouterr().err
    with Register.open(db, operator="测试员") as reg:
        assert [_decided_on(reg, PROJECT, i, "qualified") for i in ids] == [
            ["2022-11-10"], ["2022-11-11"], ["2022-11-11"]]
