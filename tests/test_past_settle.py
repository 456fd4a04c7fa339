"""往年结题 (panel.past_settle): a 补录 list carrying 验收日期 (or 验收未通过) records a past
award and its completion at once, its money taken as the year's settled history — not owed,
on no list of what is to pay, no 所在单位 asked — and a list of acceptances does the same
for awards recorded before."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boostdesk.cli import main
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register, plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.past import record_past_award
from boostdesk.panel.past_list import read_acceptance_list, read_past_list
from boostdesk.panel.past_settle import (
    SETTLED_VOUCHER,
    accept_past_list,
    record_history_list,
)
from boostdesk.rules import check_project_draft
from boostdesk.statistics import year_statistics
from tests.test_past_awards import WAN, _pay, past, project  # noqa: F401 - fixture

UNFINISHED = "STUDIO_HAS_UNFINISHED_AWARD"
TITLES = ["数控机床精度补偿", "空调机组变频改造", "焊接机器人"]


@pytest.fixture
def old(past):  # noqa: F811 - fixture
    """2016's papers as an old table has them: no 所在单位 for their studios."""
    return past, [past.save_project(project(2016, t, studio=f"第{i}职工创新工作室",
                                            enterprise_name=""))
                  for i, t in enumerate(TITLES)]


def _draft(i: int) -> Any:
    return project(2022, f"新一年的项目{i}", studio=f"第{i}职工创新工作室", enterprise_name="",
                   approval_date=date(2022, 3, 1))


def test_a_list_with_acceptance_days_records_award_and_completion_settled(old, tmp_path):
    reg, ids = old
    listed = tmp_path / "2016.csv"
    listed.write_text("项目,档次（元）,核准日期,说明,验收日期,验收结论\n"
                      "数控机床精度补偿,50000,2016-12-20,京工发〔2016〕12号,2017-06-30,通过\n"
                      "空调机组变频改造,100000,2016-12-20,,2017-06-30,未通过：指标未达到\n"
                      "焊接机器人,30000,2016-12-20,,,\n", encoding="utf-8")
    done, settled = record_history_list(reg, read_past_list(reg, 2016, listed))
    assert len(done) == 3 and len(settled) == 2
    passed, failed, plain = (reg.project(i) for i in ids)
    assert (passed.status, passed.accepted_date) == ("paid_final", date(2017, 6, 30))
    assert failed.status == "acceptance_failed" and "指标未达到" in failed.status_reason
    assert plain.status == "approved"  # no acceptance on its line: owed as before
    sync_plan(reg, 2016)  # as 拨付 and pay list do: the settled awards have nothing to plan
    lines = payment_lines(reg, 2016, stream=PROJECT)
    mine = [x for x in lines if x.app_id == passed.id]
    assert sum(x.amount_fen for x in mine) == 5 * WAN
    assert all(x.paid_date and x.voucher == SETTLED_VOUCHER for x in mine)
    assert {x.paid_date for x in mine} == {date(2016, 12, 20), date(2017, 6, 30)}
    first = [x for x in lines if x.app_id == failed.id and x.tranche == 1]
    assert first and all(x.paid_date for x in first)
    # not owed: only the award recorded without its acceptance is
    owed = {x.app_id for x in lines if x.paid_date is None and x.app_id != failed.id}
    assert owed == {plain.id}
    total = year_statistics(reg, 2016).totals[PROJECT]
    assert sum(total.owed_fen) == 3 * WAN
    # 二（一）: the accepted studio may apply in 2022, the failed one may not
    assert UNFINISHED not in {f.code for f in check_project_draft(reg, _draft(0)).findings}
    assert UNFINISHED in {f.code for f in check_project_draft(reg, _draft(1)).findings}


def test_acceptances_of_recorded_awards_are_taken_from_a_list(old, tmp_path):
    reg, ids = old
    for i in ids:
        record_past_award(reg, i, 5 * WAN, date(2016, 12, 20))
    reg.conn.execute("UPDATE studios SET enterprise_id = NULL")  # (no 所在单位 anywhere)
    listed = tmp_path / "验收.csv"
    listed.write_text("项目,验收日期,验收结论\n数控机床精度补偿,2017-06-30,\n"
                      f"{ids[1]},2017/7/1,验收未通过\n", encoding="utf-8")
    done = accept_past_list(reg, read_acceptance_list(reg, 2016, listed))
    assert [(x.status, x.settled) for x in done] == [("paid_final", True),
                                                     ("acceptance_failed", True)]
    assert reg.project(ids[1]).status_reason == "验收日期 2017-07-01：往年验收未通过"
    assert reg.project(ids[2]).status == "approved"
    # again: refused, naming the line, nothing stored
    listed.write_text("焊接机器人,2017-06-30\n数控机床精度补偿,2017-06-30\n", encoding="utf-8")
    with pytest.raises(PanelError, match="第 2 行：项目“数控机床精度补偿”已登记为“尾款拨付”"):
        accept_past_list(reg, read_acceptance_list(reg, 2016, listed))
    assert reg.project(ids[2]).status == "approved"


def test_a_recorded_award_whose_first_tranche_was_paid_here_is_accepted_the_ordinary_way(past):  # noqa: F811
    pid = past.save_project(project(2016))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    from boostdesk.panel.past_settle import AcceptLine

    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    [done] = accept_past_list(past, [AcceptLine(1, pid, date(2017, 6, 30))])
    assert (done.status, done.settled) == ("accepted", False)
    rest = [x for x in payment_lines(past, 2016, stream=PROJECT) if x.tranche == 2]
    assert rest and all(x.paid_date is None for x in rest)  # owed: the register's payments


def test_a_wrong_acceptance_cell_is_named_and_nothing_read(old, tmp_path):
    reg, _ids = old
    listed = tmp_path / "2016.csv"
    listed.write_text("数控机床精度补偿,50000,2016-12-20,,2017-06-30,差不多\n"
                      "空调机组变频改造,50000,2016-12-20,,,未通过\n"
                      "焊接机器人,50000,2016-12-20,,2016-01-01,\n", encoding="utf-8")
    with pytest.raises(PanelError) as caught:
        read_past_list(reg, 2016, listed)
    assert "第 1 行：验收结论“差不多”" in str(caught.value)
    assert "第 2 行：验收未通过的，请填验收日期" in str(caught.value)
    lines = read_past_list(reg, 2016, _only_third(listed))
    with pytest.raises(PanelError, match="验收日期 2016-01-01 早于核准日期 2016-12-20"):
        record_history_list(reg, lines)
    assert {a.status for a in reg.projects(2016)} == {"registered"}


def _only_third(path: Path) -> Path:
    path.write_text("焊接机器人,50000,2016-12-20,,2016-01-01,\n", encoding="utf-8")
    return path


def test_a_header_names_the_acceptance_columns_wherever_they_are(old, tmp_path):
    from openpyxl import Workbook

    reg, ids = old
    wb = Workbook()
    wb.active.append(["登记号", "档次", "核准日期", "验收结果", "说明", "验收日期"])
    wb.active.append([ids[0], 50000, date(2016, 12, 20), "通过", "", date(2017, 6, 30)])
    wb.save(tmp_path / "2016.xlsx")
    [line] = read_past_list(reg, 2016, tmp_path / "2016.xlsx")
    assert line.accepted_on == date(2017, 6, 30) and line.failed is None  # type: ignore[attr-defined]


# -- the command line -------------------------------------------------------------------
def _year_2016(tmp_path: Path) -> Path:
    """A register whose 2016 holds TITLES' projects, none decided (old tables: no 所在单位)."""
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    for i, t in enumerate(TITLES):
        reg.save_project(project(2016, t, studio=f"第{i}职工创新工作室", enterprise_name=""))
    reg.close()
    return db


def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_records_a_year_with_its_acceptances_in_one_command(tmp_path, capsys):
    db = _year_2016(tmp_path)
    listed = tmp_path / "2016.csv"
    listed.write_text("数控机床精度补偿,50000,2016-12-20,,2017-06-30\n"
                      "空调机组变频改造,50000,2016-12-20,,2017-06-30,未通过：指标未达到\n"
                      "焊接机器人,50000,2016-12-20\n", encoding="utf-8")
    code, out, err = _cli(db, ["panel", "record-past", "--year", "2016", "--list", str(listed)],
                          capsys)
    assert code == 0, err
    assert "其中 1 项已结题（款项按往年已拨付记）、1 项验收未通过" in out
    assert "未填验收日期和首笔拨付日期的 1 项" in out and "close-year --year 2016" in out
    accepted = tmp_path / "验收.csv"
    accepted.write_text("焊接机器人,2017-07-01,通过\n", encoding="utf-8")
    code, out, err = _cli(db, ["panel", "record-past", "--year", "2016", "--accepted",
                               str(accepted)], capsys)
    assert code == 0, err
    assert "已登记 2016 年度 1 项补录项目的结题验收：1 项已结题" in out
    code, out, err = _cli(db, ["pay", "list", "--year", "2016", "--due"], capsys)
    assert code == 0 and "焊接机器人" not in out and "数控机床精度补偿" not in out


# -- 首笔拨付日期: the first tranche paid as history, the rest owed until acceptance -----
def test_a_first_payment_day_records_the_first_tranche_paid_and_the_rest_owed(old, tmp_path):
    """An award of a year not yet accepted, its first tranche paid in finance's old books:
    not 已逾期, no 所在单位 asked; the rest owed after acceptance, as any award's."""
    reg, ids = old
    listed = tmp_path / "2016.csv"
    listed.write_text("项目,档次（元）,核准日期,说明,验收日期,验收结论,首笔拨付日期\n"
                      "数控机床精度补偿,50000,2016-12-20,,,,2017-03-15\n"
                      "空调机组变频改造,50000,2016-12-20,,2017-06-30,通过,2017-02-10\n"
                      "焊接机器人,50000,2016-12-20,,,\n", encoding="utf-8")
    done, settled = record_history_list(reg, read_past_list(reg, 2016, listed))
    assert [s.status for s in settled] == ["paid_first", "paid_final"]
    first, both, plain = (reg.project(i) for i in ids)
    assert (first.status, both.status, plain.status) == ("paid_first", "paid_final", "approved")
    sync_plan(reg, 2016)
    lines = payment_lines(reg, 2016, stream=PROJECT)
    mine = [x for x in lines if x.app_id == first.id]
    assert {(x.tranche, x.paid_date, x.voucher) for x in mine} == {
        (1, date(2017, 3, 15), SETTLED_VOUCHER), (2, None, "")}
    assert {x.paid_date for x in lines if x.app_id == both.id and x.tranche == 1} == {
        date(2017, 2, 10)}
    # accepted later from a list of acceptances: its rest settled as history too
    accepted = tmp_path / "验收.csv"
    accepted.write_text("数控机床精度补偿,2018-06-30,通过\n", encoding="utf-8")
    [x] = accept_past_list(reg, read_acceptance_list(reg, 2016, accepted))
    assert (x.status, x.settled) == ("paid_final", True)
    rest = [y for y in payment_lines(reg, 2016, stream=PROJECT) if y.app_id == first.id]
    assert {(y.tranche, y.paid_date) for y in rest} == {(1, date(2017, 3, 15)),
                                                         (2, date(2018, 6, 30))}


def test_a_wrong_first_payment_day_is_named_and_nothing_stored(old, tmp_path):
    reg, _ids = old
    listed = tmp_path / "2016.csv"
    listed.write_text("数控机床精度补偿,50000,2016-12-20,,,,2016-12-01\n"
                      "空调机组变频改造,50000,2016-12-20,,,,2099-01-01\n"
                      "焊接机器人,50000,2016-12-20,,2017-01-10,通过,2017-02-10\n", encoding="utf-8")
    with pytest.raises(PanelError) as caught:
        record_history_list(reg, read_past_list(reg, 2016, listed))
    said = str(caught.value)
    assert "第 1 行：首笔拨付日期 2016-12-01 早于核准日期 2016-12-20" in said
    assert "第 2 行" in said and "首笔拨付日期" in said
    assert "第 3 行：验收日期 2017-01-10 早于首笔拨付日期 2017-02-10" in said
    assert {a.status for a in reg.projects(2016)} == {"registered"}
    listed.write_text("数控机床精度补偿,50000,2016-12-20,,,,三月\n", encoding="utf-8")
    with pytest.raises(PanelError, match="第 1 行：首笔拨付日期："):
        read_past_list(reg, 2016, listed)


def test_a_list_of_acceptances_takes_the_first_payment_day(old, tmp_path):
    reg, ids = old
    for i in ids[:2]:
        record_past_award(reg, i, 5 * WAN, date(2016, 12, 20))
    listed = tmp_path / "验收.csv"
    listed.write_text("项目,验收日期,验收结论,首笔拨付日期\n"
                      "数控机床精度补偿,2017-06-30,通过,2017-03-15\n"
                      "空调机组变频改造,2017-06-30,未通过\n", encoding="utf-8")
    done = accept_past_list(reg, read_acceptance_list(reg, 2016, listed))
    assert [x.status for x in done] == ["paid_final", "acceptance_failed"]
    firsts = {(x.app_id, x.paid_date) for x in payment_lines(reg, 2016, stream=PROJECT)
              if x.tranche == 1}
    assert firsts == {(ids[0], date(2017, 3, 15)), (ids[1], date(2016, 12, 20))}


def test_the_command_line_takes_a_first_payment_day_and_nothing_stands_overdue(tmp_path, capsys):
    """The tester's 2021: awards whose first tranche finance paid, not yet accepted — no
    first tranche 已逾期, no 所在单位 asked; the acceptance by pay accept leaves the rest owed."""
    db = _year_2016(tmp_path)
    listed = tmp_path / "2016.csv"
    listed.write_text("项目名称,档次金额（元）,核准日期,说明,验收日期,验收结论,首笔拨付日期\n"
                      "数控机床精度补偿,50000,2016-12-20,,,,2017-03-15\n"
                      "空调机组变频改造,50000,2016-12-20,,,,2017-03-15\n", encoding="utf-8")
    code, out, err = _cli(db, ["panel", "record-past", "--year", "2016", "--list", str(listed)],
                          capsys)
    assert code == 0, err
    assert "其中 2 项首笔按往年已拨付记（尾款待验收后拨付）" in out
    assert "未填验收日期和首笔拨付日期" not in out and "--accepted" in out
    code, out, err = _cli(db, ["pay", "list", "--year", "2016", "--due"], capsys)
    assert code == 0, err
    rows = [x for x in out.splitlines() if "创新项目助推" in x]
    assert rows and all("尾款" in x and "待验收" in x for x in rows), out
    assert "已逾期 0 笔" in out
    code, out, err = _cli(db, ["pay", "accept", "数控机床精度补偿", "--date", "2017-06-30"], capsys)
    assert code == 0, err
    code, out, err = _cli(db, ["pay", "list", "--year", "2016", "--due"], capsys)
    rows = [x for x in out.splitlines() if "数控机床精度补偿" in x]
    assert rows and all("尾款" in x and "待验收" not in x for x in rows), out
