"""公示 (方案二（四）3): the period, objections, and approval of the unobjected proposals."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import openpyxl
import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import (
    close_publicity,
    period,
    publicity_rows,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.publicity_docs import write_publicity_pdf, write_publicity_xlsx
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    one_place_two_publicized,
    score_all,
    to_review,
)


@pytest.fixture
def proposed(reg):
    ids = {
        "a": make_project(reg, "市级甲项目", "工作室甲", CITY),
        "b": make_project(reg, "市级乙项目", "工作室乙", CITY, budget_fen=15 * WAN),
        "c": make_project(reg, "区级丙项目", "工作室丙", DISTRICT),
    }
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["a"]: 90, ids["b"]: 85, ids["c"]: 80})
    adopt(reg, YEAR)
    return ids


def test_publicity_opens_for_the_campaigns_days_and_publicizes_the_proposal(reg, proposed):
    p = start_publicity(reg, YEAR, date(2022, 12, 20))
    assert (p.start, p.end) == (date(2022, 12, 20), date(2022, 12, 26))  # 7 days, both ends
    assert p.label == "2022年12月20日至2022年12月26日"
    assert {reg.project(i).status for i in proposed.values()} == {"publicized"}
    rows = {r.title: r.amount_fen for r in publicity_rows(reg, YEAR)}
    assert rows == {"市级甲项目": 10 * WAN, "市级乙项目": 5 * WAN, "区级丙项目": 3 * WAN}
    with pytest.raises(PanelError, match="第 1 批公示（2022年12月20日至2022年12月26日）尚未结束"):
        start_publicity(reg, YEAR, date(2022, 12, 21))


def test_objection_must_arrive_within_the_period(reg, proposed):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    with pytest.raises(PanelError, match="不在公示期（2022年12月20日至2022年12月26日）内"):
        record_objection(reg, proposed["a"], date(2022, 12, 27), "某职工", "数据不实")
    oid = record_objection(reg, proposed["a"], date(2022, 12, 26), "某职工", "数据不实")
    assert reg.audit_trail("objections", oid)[0]["after"]["content"] == "数据不实"


def test_upheld_objection_keeps_the_project_out_and_the_rest_are_approved(reg, proposed):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["b"], date(2022, 12, 22), "匿名", "项目已于2021年完成")
    resolve_objection(reg, oid, upheld=True, note="经核实项目已完成，不符合立项条件",
                      on=date(2022, 12, 24))
    b = reg.project(proposed["b"])
    assert b.status == "not_awarded"
    assert b.status_reason == "公示异议成立：经核实项目已完成，不符合立项条件"
    with pytest.raises(PanelError, match="2022年12月27日起方可结束公示"):
        close_publicity(reg, YEAR, date(2022, 12, 26))
    result = close_publicity(reg, YEAR, date(2022, 12, 27))
    assert sorted(result.approved) == ["区级丙项目", "市级甲项目"]
    a, c = reg.project(proposed["a"]), reg.project(proposed["c"])
    assert (a.status, a.award_fen, a.approved_date) == ("approved", 10 * WAN, date(2022, 12, 27))
    assert (c.status, c.award_fen, c.approved_date) == ("approved", 3 * WAN, date(2022, 12, 27))
    assert reg.project(proposed["b"]).award_fen is None
    assert period(reg, YEAR).closed == date(2022, 12, 27)


def test_open_objection_holds_the_project_until_it_is_dismissed(reg, proposed):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    result = close_publicity(reg, YEAR, date(2022, 12, 27))
    assert result.pending == ["市级甲项目"]
    assert reg.project(proposed["a"]).status == "publicized"
    row = next(r for r in publicity_rows(reg, YEAR) if r.project_id == proposed["a"])
    assert row.state == "有异议待处理"
    with pytest.raises(PanelError, match="请填写处理意见"):
        resolve_objection(reg, oid, upheld=False, note="", on=date(2023, 1, 5))
    resolve_objection(reg, oid, upheld=False, note="经核查负责人信息属实", on=date(2023, 1, 5))
    a = reg.project(proposed["a"])
    assert (a.status, a.award_fen, a.approved_date) == ("approved", 10 * WAN, date(2023, 1, 5))
    with pytest.raises(PanelError, match="该异议已于 2023年1月5日处理（异议不成立）"):
        resolve_objection(reg, oid, upheld=True, note="再议", on=date(2023, 1, 6))


def test_dates_after_today_are_refused(reg, proposed):
    from datetime import timedelta

    start_publicity(reg, YEAR, date(2022, 12, 20))
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(PanelError, match=f"结束日期 {tomorrow.isoformat()} 在今天之后"):
        close_publicity(reg, YEAR, tomorrow)


def test_publicity_needs_an_adopted_proposal(reg):
    with pytest.raises(PanelError, match="没有待公示的拟助推项目"):
        start_publicity(reg, YEAR, date(2022, 12, 20))


def test_proposal_cannot_change_once_publicity_began(reg, proposed):
    from boostdesk.panel.adopt_proposal import withdraw
    from boostdesk.panel.ranking import rank
    from boostdesk.panel.tier_overrides import set_override

    start_publicity(reg, YEAR, date(2022, 12, 20))
    with pytest.raises(PanelError, match="拟助推名单已公示（公示中），不能撤回"):
        withdraw(reg, YEAR, "评分录入有误，重新采纳")
    with pytest.raises(PanelError, match="“市级甲项目”已进入公示，不能再调整档次"):
        set_override(reg, proposed["a"], None, "改")
    row = rank(reg, YEAR).row(proposed["a"])  # shown as adopted, holding its tier
    assert row.held and row.adopted and row.rank == 1 and row.amount_fen == 10 * WAN
    assert row.reason == "市级第 1 名；列入10万元档（现为“公示”）"


def test_a_second_batch_after_the_first_period_closed(reg, proposed):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    late = make_project(reg, "补充评审项目", "工作室丁", CITY)
    to_review(reg, late)
    from boostdesk.panel.experts import experts

    score_all(reg, experts(reg, YEAR)[0].id, {late: 70})
    ranking = adopt(reg, YEAR)
    assert ranking.row(late).amount_fen == 10 * WAN  # 2 of 10 taken by the first batch
    with pytest.raises(PanelError, match="应在上一批结束（2022年12月26日）之后开始"):
        start_publicity(reg, YEAR, date(2022, 12, 26))
    second = start_publicity(reg, YEAR, date(2023, 1, 9))
    assert second.batch == 2
    assert [r.title for r in publicity_rows(reg, YEAR, period_id=second.id)] == ["补充评审项目"]
    assert reg.project(proposed["a"]).status == "approved"


def test_a_project_proposed_outside_the_ranking_is_publicized_at_its_requested_tier(reg):
    from boostdesk.models.records import PROJECT

    pid = make_project(reg, "纸面拟助推项目", "工作室甲", CITY, requested_fen=5 * WAN)
    to_review(reg, pid)
    reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    [row] = publicity_rows(reg, YEAR)
    assert (row.title, row.amount_fen, row.state) == ("纸面拟助推项目", 5 * WAN, "公示")


def test_publicity_list_as_xlsx_and_pdf(reg, proposed, tmp_path):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    xlsx = write_publicity_xlsx(reg, YEAR, tmp_path / "公示.xlsx")
    ws = openpyxl.load_workbook(xlsx).active
    assert ws["A1"].value == "北京市总工会2022年职工创新助推计划拟助推创新项目公示名单"
    assert ws["A2"].value == "公示期：2022年12月20日至2022年12月26日（共 7 天）"
    assert [c.value for c in ws[4]][:4] == [1, "市级甲项目", "工作室甲", "市级"]
    assert (ws["G4"].value, ws["G4"].number_format) == (100000, "#,##0.00")
    # Printed to post: landscape, one page wide, the header row on every page.
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_title_rows) == (
        "landscape", 1, "$3:$3")
    pdf = tmp_path / "公示.pdf"
    assert write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2022, 12, 20)) == 1
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "拟助推创新项目公示名单" in text and "区级丙项目" in text and "100,000" in text
    assert "2022年12月20日至2022年12月26日" in text


def test_an_award_with_fen_is_listed_and_totalled_to_the_fen(reg, tmp_path, capsys):
    """A year's plan may set a tier that is not whole yuan; no list drops its fen."""
    from dataclasses import replace

    from boostdesk.cli import main
    from boostdesk.models.records import PROJECT

    c = reg.campaign(YEAR)
    odd = 5 * WAN + 50  # ¥50,000.50
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, amount_fen=odd) if t.amount_fen == 5 * WAN else t for t in c.tiers)))
    pid = make_project(reg, "半元项目", "工作室甲", CITY, requested_fen=odd, budget_fen=20 * WAN)
    to_review(reg, pid)
    reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    ws = openpyxl.load_workbook(write_publicity_xlsx(reg, YEAR, tmp_path / "公示.xlsx")).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert values.count(50000.5) == 2  # the row and the total, numbers to the fen
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2022, 12, 20))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.count("50,000.50") == 2
    reg.close()
    assert main(["publicity", "list", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    assert "50,000.50 元" in capsys.readouterr().out
    assert main(["publicity", "list", "--db", str(reg.path), "--year", str(YEAR), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)["rows"]
    assert row["tier_fen"] == odd and row["tier"] == 50000.5  # 元 to the fen, not 50000


def test_first_tranche_counts_from_the_end_of_publicity_not_the_day_it_was_closed(reg, proposed):
    """二（四）4 在公示期满后3个月内首次拨付: closed late. An award an objection held at
    the close (settled after it) counts from the day it was settled: it could not be paid
    before (tests/test_publicity_holds.py)."""
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.printing.approval import load_sheets

    start_publicity(reg, YEAR, date(2022, 12, 20))  # ends 2022-12-26
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    close_publicity(reg, YEAR, date(2023, 3, 1))
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 3, 10))
    sync_plan(reg, YEAR)
    due = {r["application_id"]: r["due_date"] for r in reg.query(
        "SELECT application_id, due_date FROM payments WHERE stream = 'project'"
        " AND tranche = 1")}
    assert due == {proposed["a"]: "2023-06-10", proposed["b"]: "2023-03-26",
                   proposed["c"]: "2023-03-26"}
    sheets = load_sheets(reg, YEAR)
    assert {s.app.id: s.first_due for s in sheets} == {
        k: date.fromisoformat(v) for k, v in due.items()}


def test_the_publicity_list_names_the_federation_of_the_campaign(reg, proposed, tmp_path):
    from boostdesk.panel.publicity_docs import publicity_list

    c = reg.campaign(YEAR)
    reg.save_campaign(c.with_changes(title=c.title.replace("北京市总工会", "天津市总工会")))
    doc = publicity_list(reg, YEAR, waiting=True)
    assert doc.federation == "天津市总工会" and "向天津市总工会反映" in doc.notice
    out = write_publicity_xlsx(reg, YEAR, tmp_path / "p.xlsx", waiting=True)
    texts = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert doc.notice in texts


def test_a_period_shorter_than_the_years_publicity_days_is_refused(reg, proposed, capsys):
    """`publicity start --to` mistyped one day short would approve the list early."""
    from boostdesk.cli import main

    with pytest.raises(PanelError, match="仅 6 天，短于本办设定的公示天数（7 天，按日历日计，首尾两日都算；方案未定天数）：结束日期最早为 "
                                         "2022年12月26日"):
        start_publicity(reg, YEAR, date(2022, 12, 20), date(2022, 12, 25))
    assert reg.project(proposed["a"]).status == "proposed"
    longer = start_publicity(reg, YEAR, date(2022, 12, 20), date(2022, 12, 30))  # longer: fine
    assert (longer.end - longer.start).days + 1 == 11
    reg.close()
    assert main(["publicity", "close", "--db", str(reg.path), "--year", str(YEAR),
                 "--date", "2022-12-27"]) != 0
    assert "2022年12月31日起方可结束公示" in capsys.readouterr().err


def test_a_dismissal_entered_after_the_close_is_not_dated_inside_the_period(reg, proposed):
    """Settled on 12-24 but entered after the close of 12-27: the award was dated 12-24,
    inside the period, and its approval sheet said it was approved mid-publicity."""
    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 24))
    a = reg.project(proposed["a"])
    assert (a.status, a.approved_date) == ("approved", date(2022, 12, 27))


def test_an_objection_received_after_the_period_is_refused_after_the_close(reg, proposed):
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    with pytest.raises(PanelError, match="不在公示期.*按来信来访处理"):
        record_objection(reg, proposed["a"], date(2022, 12, 28), "某职工", "数据不实")
    # one received in the period is still taken after the close: tests/test_publicity_late.py


def test_the_command_lines_list_keeps_an_upheld_objection_and_its_finding(reg, proposed, capsys):
    """`publicity list` left the upheld project out, and with it the objection and finding:
    the office could not see on the command line why a published project was dropped."""
    from boostdesk.cli import main

    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["b"], date(2022, 12, 22), "匿名", "项目已于2021年完成")
    resolve_objection(reg, oid, upheld=True, note="经核实项目已完成", on=date(2022, 12, 24))
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    assert main(["publicity", "list", *db]) == 0
    out = capsys.readouterr().out
    assert "市级乙项目" in out and "异议成立，不予助推" in out and "经核实项目已完成" in out
    # the printed 更正 list carries the project marked 不予助推, so "not on the list" was wrong
    assert "公示 3 项，合计 130,000 元（不含异议成立的 1 项）；异议待处理 0 项，异议成立 1 项" in out
    assert "不在公示名单" not in out
    assert main(["publicity", "list", *db, "--json"]) == 0
    rows = {r["ref"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["市级乙项目"]["objections"][0]["resolution"] == "异议成立"


def test_a_batch_whose_every_objection_was_upheld_is_not_told_to_adopt_a_proposal(reg):
    from boostdesk.panel.publicity_docs import publicity_list

    a = make_project(reg, "唯一项目", "工作室甲", CITY)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, a, date(2022, 12, 22), "匿名", "不实")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 23))
    # the list as posted, corrected: its one project withdrawn (it was refused as empty)
    doc = publicity_list(reg, YEAR)
    assert doc.title.endswith("公示名单（更正）") and doc.rows == []
    assert [r[-1] for r in doc.table()] == ["不予助推"]
    assert doc.correction().endswith("该项目不予助推。本批公示项目均不予助推。")


def test_a_start_with_a_mistyped_year_is_refused(reg, proposed):
    """No period is ever deleted: 2032 held the list in publicity with no way out, and 2021
    approved it at once with every first tranche overdue before the papers were due."""
    from datetime import timedelta

    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(PanelError, match=f"公示开始日期 {tomorrow.isoformat()} 在今天之后"):
        start_publicity(reg, YEAR, tomorrow)
    with pytest.raises(PanelError, match="公示开始日期 2021年12月20日不在本年度材料报送截止日"
                                         "（2022年11月1日）之后，请核对年份"):
        start_publicity(reg, YEAR, date(2021, 12, 20))
    assert reg.project(proposed["a"]).status == "proposed"
    assert start_publicity(reg, YEAR, date(2022, 11, 2)).end == date(2022, 11, 8)


def test_a_dismissal_after_the_close_says_the_project_is_approved_now(reg, proposed, capsys,
                                                                       qtbot):
    """The dialog said 项目继续公示，期满核准 after the period had ended, and the command
    line said only 异议不成立: the office did not learn the award was made that day."""
    from boostdesk.cli import main
    from boostdesk.panel.publicity import objections
    from boostdesk.ui.publicity_screen import ResolveDialog

    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    dialog = ResolveDialog(objections(reg, YEAR)[0])
    qtbot.addWidget(dialog)
    assert "期满核准" in dialog.dismissed.text()
    close_publicity(reg, YEAR, date(2022, 12, 27))
    closed = ResolveDialog(objections(reg, YEAR)[0], closed=True)
    qtbot.addWidget(closed)
    assert "公示已结束：项目即予核准" in closed.dismissed.text()
    reg.close()
    assert main(["publicity", "resolve", str(oid), "--dismissed", "--note", "属实", "--date",
                 "2023-01-05", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    assert "项目“市级甲项目”现为“核准”（2023-01-05 核准）" in capsys.readouterr().out


def test_the_command_line_lists_an_earlier_batch(reg, proposed, tmp_path, capsys):
    """Once a second batch began, the first batch's list could be had only in the window."""
    from boostdesk.cli import main

    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    late = make_project(reg, "补充评审项目", "工作室丁", CITY)
    to_review(reg, late)
    from boostdesk.panel.experts import experts

    score_all(reg, experts(reg, YEAR)[0].id, {late: 70})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2023, 1, 9))
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    pdf = tmp_path / "第1批.pdf"
    assert main(["publicity", "list", *db, "--batch", "1"]) == 0
    out = capsys.readouterr().out
    assert main(["publicity", "list", *db, "--batch", "1", "--pdf", str(pdf)]) == 0
    assert "公示期：2022年12月20日至2022年12月26日" in out and "补充评审项目" not in out
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "（第1批）" in text and "市级甲项目" in text and "补充评审项目" not in text
    assert main(["publicity", "list", *db, "--batch", "3"]) != 0
    assert "2022 年度没有第 3 批公示（共 2 批）" in capsys.readouterr().err


def test_an_upheld_objection_names_the_project_its_place_goes_to(reg, capsys):
    """The freed place went, after a re-adoption, to the next project, but nothing said so:
    the office had to find it in the ranking."""

    from boostdesk.cli import main
    from boostdesk.panel.publicity import moved_up

    a, b = one_place_two_publicized(reg)
    assert moved_up(reg, YEAR) == []
    oid = record_objection(reg, a, date(2022, 12, 22), "匿名", "数据不实")
    reg.close()
    assert main(["publicity", "resolve", str(oid), "--upheld", "--note", "属实", "--date",
                 "2022-12-23", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    assert "名额空出，按排名可递补：“区级乙项目”（3万元）" in capsys.readouterr().out


def test_an_objection_entered_against_the_wrong_project_can_be_taken_back(reg, proposed, capsys):
    """Only 成立 or 不成立 could settle it: dismissed, the wrong project's approval sheet
    said for good that an objection had been received against it."""
    from boostdesk.cli import main
    from boostdesk.printing.approval import _review_line, load_sheets

    start_publicity(reg, YEAR, date(2022, 12, 20))
    wrong = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(proposed["a"]).status == "publicized"  # held by the mistaken entry
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    assert main(["publicity", "resolve", str(wrong), "--entered-in-error", *db]) != 0
    assert "请填写撤销理由" in capsys.readouterr().err
    assert main(["publicity", "resolve", str(wrong), "--entered-in-error", "--note",
                 "应登记在区级丙项目上", *db]) == 0
    assert "项目“市级甲项目”现为“核准”" in capsys.readouterr().out
    from boostdesk.models import Register

    reg2 = Register.open(reg.path, operator="测试员")
    try:
        a = reg2.project(proposed["a"])
        assert (a.status, a.award_fen, a.approved_date) == ("approved", 10 * WAN,
                                                            date(2022, 12, 27))
        [sheet] = load_sheets(reg2, YEAR, ["市级甲项目"])
        assert "公示期满无异议" in _review_line(sheet)
        [event] = [e for e in reg2.audit_trail("objections", wrong) if e["action"] == "delete"]
        assert event["before"]["content"] == "负责人有争议"
        assert event["after"]["reason"] == "误登记撤销：应登记在区级丙项目上"
    finally:
        reg2.close()


def test_a_settled_objection_cannot_be_taken_back_as_a_mistake(reg, proposed):
    from boostdesk.panel.publicity import withdraw_objection

    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 22))
    with pytest.raises(PanelError, match="该异议已于 2022年12月22日处理（异议成立），不能作为误登记撤销"):
        withdraw_objection(reg, oid, "误登记")


def test_an_upheld_objection_names_only_the_projects_its_freed_place_moves_up(reg, capsys):
    """A second round under review already had tiers of its own: the upheld objection named
    them all as moving up into its freed place, beside the one that does."""

    from boostdesk.cli import main
    from boostdesk.panel.experts import experts

    a, b = one_place_two_publicized(reg)
    second = make_project(reg, "第二轮市级项目", "工作室丁", CITY)  # under review meanwhile
    to_review(reg, second)
    score_all(reg, experts(reg, YEAR)[0].id, {second: 70})
    oid = record_objection(reg, a, date(2022, 12, 22), "匿名", "数据不实")
    reg.close()
    assert main(["publicity", "resolve", str(oid), "--upheld", "--note", "属实", "--date",
                 "2022-12-23", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "名额空出，按排名可递补：“区级乙项目”（3万元）。" in out
    assert "第二轮市级项目" not in out


def test_a_list_mixing_whole_and_odd_awards_prints_every_amount_to_the_fen(reg, tmp_path,
                                                                          capsys):
    """One column in one form: "100,000" beside "50,000.50" read as misaligned figures."""
    from dataclasses import replace

    from boostdesk.models.records import PROJECT

    c = reg.campaign(YEAR)
    odd = 5 * WAN + 50
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, amount_fen=odd) if t.amount_fen == 5 * WAN else t for t in c.tiers)))
    for title, studio, amount in (("整数项目", "工作室甲", 10 * WAN), ("半元项目", "工作室乙", odd)):
        pid = make_project(reg, title, studio, CITY, requested_fen=amount, budget_fen=30 * WAN)
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2022, 12, 20))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "100,000.00" in text and "50,000.50" in text and "150,000.50" in text
    assert "100,000 " not in text.replace("100,000.00", "")
    reg.close()
    from boostdesk.cli import main

    assert main(["publicity", "list", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "100,000.00 元" in out and "公示 2 项，合计 150,000.50 元" in out


def test_resolve_takes_its_opinion_from_reason_as_the_usage_line_offers_and_names_note(
        reg, proposed, capsys):
    """The tester's `publicity resolve 2 --dismissed --reason …` was refused with 请填写处理
    意见（核查情况和结论）, naming no option: the usage line offers --reason, which is the
    opinion here (only --correct-to has a reason of its own); the refusal names --note."""
    from boostdesk.cli import main
    from boostdesk.models import Register
    from boostdesk.panel.publicity import objections

    start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = record_objection(reg, proposed["a"], date(2022, 12, 21), "张某", "负责人有争议")
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR), "--date", "2022-12-22"]
    assert main(["publicity", "resolve", str(oid), "--dismissed", *db]) == 1
    assert "请填写处理意见（核查情况和结论）（命令行用 --note 意见" in capsys.readouterr().err
    assert main(["publicity", "resolve", str(oid), "--dismissed", "--note", "甲", "--reason", "乙",
                 *db]) == 1
    assert "请只写一处（--note）" in capsys.readouterr().err
    assert main(["publicity", "resolve", str(oid), "--dismissed", "--reason",
                 "经核实，负责人无争议", *db]) == 0
    with Register.open(reg.path) as again:
        [o] = objections(again, YEAR)
        assert (o.resolution, o.note) == ("dismissed", "经核实，负责人无争议")
