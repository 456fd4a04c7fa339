"""二（四）4: the rest of a project's award is paid only once it passes acceptance
(验收). A project whose acceptance failed keeps its first tranche, never gets the rest, and
its studio stays barred under 二（一） (its award was not completed)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_finance import WAN, add_project, lines_of
from test_recheck import stored_equals_full_check

from boostdesk.finance.acceptance import (
    overdue_completions,
    record_acceptance,
    record_failed_acceptance,
)
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import ACCEPTANCE_FAILED
from boostdesk.finance.other_years import still_owed
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import CITY, ProjectApplication, plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.panel.ranking import rank
from boostdesk.printing.payments import build_payment_lists, nothing_payable
from boostdesk.rules import check_project_draft, refresh

FAILED_ON = date(2023, 12, 20)


def first_paid(reg, **kw) -> int:
    q = add_project(reg, **kw)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    assert reg.project(q).status == "paid_first"
    return q


def test_a_failed_acceptance_is_recorded_with_its_date_reason_and_operator(reg):
    q = first_paid(reg)
    reg.operator = "赵丽娟"
    record_failed_acceptance(reg, q, FAILED_ON, "关键指标未达到立项要求")
    app = reg.project(q)
    assert app.status == "acceptance_failed" and STATUS_ZH[app.status] == "验收未通过"
    assert app.accepted_date is None  # nothing passed: the rest is not released
    assert "2023-12-20" in app.status_reason and "关键指标未达到立项要求" in app.status_reason
    last = reg.status_history(PROJECT, q)[-1]
    assert (last["from_status"], last["to_status"], last["operator"]) == \
        ("paid_first", "acceptance_failed", "赵丽娟")
    assert "关键指标未达到立项要求" in last["reason"] and "2023-12-20" in last["reason"]
    trail = reg.query("SELECT operator, after FROM audit_events WHERE entity ="
                      " 'project_applications' AND entity_id = ? AND action = 'status'"
                      " ORDER BY id DESC LIMIT 1", (q,))[0]
    assert trail["operator"] == "赵丽娟" and "acceptance_failed" in trail["after"]


def test_the_rest_of_a_failed_project_is_never_due_overdue_listed_or_waiting(reg):
    q = first_paid(reg)
    record_failed_acceptance(reg, q, FAILED_ON, "未完成项目")
    sync_plan(reg, 2022)  # a later load keeps the paid tranche and does not pay the rest
    lines = lines_of(reg, PROJECT, q)
    assert sum(x.amount_fen for x in lines if x.paid) == 6 * WAN
    last = [x for x in lines if x.tranche == 2]
    assert sum(x.amount_fen for x in last) == 4 * WAN and not any(x.paid for x in last)
    far = date(2030, 1, 1)
    assert {x.state(far) for x in last} == {ACCEPTANCE_FAILED}
    assert not any(x.released or x.overdue(far) for x in last)
    with pytest.raises(FinanceError, match="验收未通过"):
        mark_paid(reg, last[0].id, date(2024, 1, 5), "记-2024-0001")
    assert build_payment_lists(reg, 2022, 2) == []
    why = nothing_payable(reg, 2022, 2)
    assert "验收未通过" in why and "待结题验收" not in why
    reg.save_campaign(plan_2022().for_year(2023))
    assert still_owed(reg, 2023, as_of=far) == []  # a new year names no arrears for it
    assert overdue_completions(reg, far) == []  # decided, not late


def test_a_failed_acceptance_needs_a_reason_and_a_day_after_approval(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    with pytest.raises(FinanceError, match="理由"):
        record_failed_acceptance(reg, q, FAILED_ON, "  ")
    with pytest.raises(FinanceError, match="早于核准日期"):
        record_failed_acceptance(reg, q, date(2022, 12, 27), "未完成")
    with pytest.raises(FinanceError, match="在今天之后"):
        record_failed_acceptance(reg, q, date(2099, 1, 1), "未完成")
    assert reg.project(q).status == "paid_first"
    record_failed_acceptance(reg, q, FAILED_ON, "未完成")
    with pytest.raises(FinanceError, match="验收未通过"):
        record_failed_acceptance(reg, q, FAILED_ON, "再记一次")
    assert len([h for h in reg.status_history(PROJECT, q)
                if h["to_status"] == "acceptance_failed"]) == 1


def test_a_studio_whose_acceptance_failed_stays_barred_next_year(reg):
    """二（一）: 已获得往年项目助推资金且未完成结题验收的职工创新工作室不能申报."""
    reg.save_campaign(plan_2022().for_year(2023))
    q = first_paid(reg)
    record_failed_acceptance(reg, q, date(2023, 10, 20), "未完成项目")  # before 2023-11-01
    draft = ProjectApplication(
        campaign_year=2023, title="新一年的项目", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, approval_date=date(2023, 3, 1), startup_funds_paid=True,
        planned_completion=date(2024, 6, 30), total_budget_fen=30 * WAN, requested_fen=10 * WAN,
    )
    codes = {f.code for f in check_project_draft(reg, draft).findings}
    assert "STUDIO_HAS_UNFINISHED_AWARD" in codes
    later = reg.save_project(draft)
    refresh(reg, 2022)
    refresh(reg, 2023)
    stored = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (later,))
    assert "STUDIO_HAS_UNFINISHED_AWARD" in stored
    stored_equals_full_check(reg)


def test_the_bar_of_a_failed_acceptance_says_it_failed_not_that_it_is_unfinished(reg):
    """A 2022 refusal under 二（一） for a studio whose earlier award failed its acceptance read
    “未完成结题验收”, as if it could still be accepted: it says 验收未通过; an award not yet
    accepted is worded as before."""
    reg.save_campaign(plan_2022().for_year(2023))
    q = first_paid(reg)
    draft = ProjectApplication(
        campaign_year=2023, title="新一年的项目", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, approval_date=date(2023, 3, 1), startup_funds_paid=True,
        planned_completion=date(2024, 6, 30), total_budget_fen=30 * WAN, requested_fen=10 * WAN,
    )

    def bar() -> str:
        return next(f.message for f in check_project_draft(reg, draft).findings
                    if f.code == "STUDIO_HAS_UNFINISHED_AWARD")

    assert "至本年度报送截止日（2023-11-01）未完成结题验收，不能申报" in bar()
    record_failed_acceptance(reg, q, date(2023, 10, 20), "未完成项目")
    assert "助推，结题验收未通过，不能申报（方案二（一））" in bar()
    assert "未完成结题验收" not in bar()
    later = reg.save_project(draft)
    refresh(reg, 2023)
    stored = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (later,))
    assert "结题验收未通过，不能申报" in stored


def test_a_failed_project_keeps_its_place_in_its_years_quota(reg):
    q = first_paid(reg)
    before = {u.tier.amount_fen: u.held for u in rank(reg, 2022).quotas}
    record_failed_acceptance(reg, q, FAILED_ON, "未完成项目")
    after = {u.tier.amount_fen: u.held for u in rank(reg, 2022).quotas}
    assert after == before and after[10 * WAN] == 1


def test_a_later_acceptance_that_passes_releases_the_rest(reg):
    """A project re-inspected after a failed acceptance (整改后复验) and passed is paid the
    rest, as the plan pays any project that passes; a failure typed by mistake is undone so."""
    q = first_paid(reg)
    record_failed_acceptance(reg, q, FAILED_ON, "未完成项目")
    with pytest.raises(FinanceError, match="不晚于验收未通过的日期 2023-12-20"):
        record_acceptance(reg, q, FAILED_ON)
    record_acceptance(reg, q, date(2024, 3, 1))
    assert reg.project(q).status == "accepted"
    last = [x for x in payment_lines(reg, 2022, stream=PROJECT) if x.app_id == q and x.tranche == 2]
    assert all(x.released and x.due_date == date(2024, 6, 1) for x in last)  # 3 months on


def test_the_command_line_records_a_failed_acceptance_and_pay_list_withholds_the_rest(
        tmp_path, capsys):
    from boostdesk.cli import main
    from boostdesk.models import Register

    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        q = first_paid(reg)
    db = ["--db", str(path), "--operator", "赵丽娟"]
    assert main(["pay", "accept", str(q), "--failed", "--date", "2023-12-20", *db]) == 1
    assert "须写理由" in capsys.readouterr().err
    assert main(["pay", "accept", str(q), "--failed", "--reason", "关键指标未达到立项要求",
                 "--date", "2023-12-20", *db]) == 0
    out = capsys.readouterr().out
    assert "已登记验收未通过" in out and "尾款不予拨付" in out
    with Register.open(path, operator="测试员") as reg:
        assert reg.project(q).status == "acceptance_failed"
        assert reg.status_history(PROJECT, q)[-1]["operator"] == "赵丽娟"
        stored_equals_full_check(reg)
    assert main(["pay", "list", "--year", "2022", *db]) == 0
    out = capsys.readouterr().out
    assert "待验收" not in out and out.count("验收未通过") == 3  # two lines and the total
    assert "待拨付 0 笔 ¥0.00" in out and "验收未通过不予拨付 2 笔 ¥40,000.00" in out
    assert main(["pay", "list", "--year", "2022", "--json", *db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["state"] for r in rows if r["tranche"] == 2} == {"验收未通过"}
    assert main(["print", "payments", "--tranche", "2", "--year", "2022", *db,
                 "--out", str(tmp_path / "p.pdf")]) == 1
    assert "1 个项目验收未通过，2 笔尾款（¥40,000.00）不予拨付" in capsys.readouterr().err


def test_pay_accept_takes_a_project_written_as_print_approval_takes_it(tmp_path, capsys):
    """`pay accept 项目6` said 没有名为“项目6”的项目 while a bare 6 worked and
    `print approval --ref 项目6` took it; 专利6 names no project."""
    from boostdesk.cli import main
    from boostdesk.models import Register

    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        q = first_paid(reg)
    db = ["--db", str(path), "--operator", "赵丽娟"]
    assert main(["pay", "accept", f"专利{q}", "--date", "2023-12-20", *db]) == 1
    assert f"“专利{q}”是专利的登记号，这里要的是创新项目" in capsys.readouterr().err
    assert main(["pay", "accept", f"项目 {q}", "--date", "2023-12-20", *db]) == 0
    with Register.open(path, operator="测试员") as reg:
        assert reg.project(q).status == "accepted"


def test_a_near_studio_whose_acceptance_failed_is_said_failed_by_the_form_and_the_import(
        tmp_path, capsys):
    """The question about a near studio name and the import's note read “尚未验收” for a studio
    whose award failed its acceptance, as if it could still pass."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

    from boostdesk.cli import main
    from boostdesk.intake import known_studio_for
    from boostdesk.models import Register

    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
        record_failed_acceptance(reg, first_paid(reg), date(2023, 10, 20), "未完成项目")
        question = known_studio_for(reg, "李红兵工作室", year=2023).question()
    assert "（“转炉炼钢终点碳温预测模型开发”）结题验收未通过：如为同一工作室，本项不能申报" in question, question
    assert "尚未验收" not in question
    sheet = write_sheet(tmp_path / "首钢工会项目.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="李红兵工作室", 领衔人="李红兵", 推荐单位="首钢集团工会",
        立项日期=date(2023, 3, 1), 计划完成日期=date(2024, 6, 30))])
    main(["import", str(sheet), "--db", str(path), "--year", "2023"])
    said = capsys.readouterr().err
    assert "（“转炉炼钢终点碳温预测模型开发”）结题验收未通过，如为同一工作室，不能申报" in said, said
    assert "尚未验收" not in said


def test_the_detail_pane_of_a_failed_acceptance_gives_what_is_paid_and_what_is_not(
        reg, qtbot):
    """The window's detail pane gave only the award (助推金额 ¥100,000): after a failed
    acceptance it also gives what is paid in all and the 尾款 never paid, to the fen; a
    project that passed shows neither."""
    from boostdesk.ui.detail import DetailPane

    failed = first_paid(reg)
    passed = first_paid(reg, studio="数控加工技能大师工作室", title="五轴数控加工程序优化",
                        award=5 * WAN + 1)
    record_failed_acceptance(reg, failed, FAILED_ON, "关键指标未达到立项要求")
    record_acceptance(reg, passed, FAILED_ON)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PROJECT, failed)
    text = "".join(pane.toPlainText().split())
    assert "助推金额¥100,000.00应拨付总额¥60,000.00尾款不予拨付¥40,000.00" in text
    pane.show_application(PROJECT, passed)
    text = "".join(pane.toPlainText().split())
    assert "助推金额¥50,000.01" in text and "应拨付" not in text and "不予拨付" not in text
