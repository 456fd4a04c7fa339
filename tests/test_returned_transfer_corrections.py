"""Corrections around a transfer the bank sent back (退汇), after the project's acceptance
or before: the hold of a failed project owing its first tranche again is shown where every
hold is; 排名复核 may withdraw an award none of whose money stands paid (every transfer
came back), and holds a failed project owing again; what was sent under the year's split,
amount and recommending union keeps them fixed though it came back; a return's day is
checked against its sending, not against the acceptance."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from test_finance import WAN, add_patent, add_project, lines_of
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import ACCEPTANCE_FAILED, HELD, PAID, RETURNED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models import Register, RegisterError
from boostdesk.models.campaign import CITY, DISTRICT
from boostdesk.models.records import PATENT, PROJECT, StudioAward
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import declare_conflict
from boostdesk.panel.publicity import settle_rerank
from boostdesk.rules import recheck
from boostdesk.statistics import year_statistics

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures

AS_OF = date(2023, 8, 1)
FIRST, REST = 60_000_00, 40_000_00  # 60 % / 40 % of 10万
A_FIRST, A_REST = 18_000_00, 12_000_00  # of 区级甲项目's 3万


def _ids(reg, app_id, tranche=None):
    return [x.id for x in lines_of(reg, PROJECT, app_id) if tranche in (None, x.tranche)]


def _states(reg, app_id, tranche):
    return {x.state(AS_OF) for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche}


def _failed_returned_ineligible(reg) -> int:
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 2, 1), "记-2023-0040")
    record_failed_acceptance(reg, app_id, date(2023, 6, 1), "关键指标未达到立项要求")
    reg.add_studio_award(StudioAward("李红兵劳模创新工作室", 2021, "往年项目", 30 * WAN,
                                     accepted=False))
    recheck(reg)
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 6, 20), "收款单位账户变更")
    return app_id


# -- 1. the detail pane ------------------------------------------------------------------
def test_the_detail_pane_shows_the_hold_of_a_failed_project_whose_first_tranche_came_back(
        reg, qtbot, tmp_path):
    from boostdesk.ui.detail import DetailPane

    app_id = _failed_returned_ineligible(reg)
    assert (PROJECT, app_id) in holds(reg, 2022)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.resize(520, 700)
    pane.show_application(PROJECT, app_id)
    text = pane.toPlainText()
    assert "状态 验收未通过（验收日期 2023-06-01：关键指标未达到立项要求），暂缓拨付" in text
    assert "暂缓拨付：核准后经核对为不合格" in text
    assert "核准 ¥100,000.00，按现结果应为 ¥0.00" in text
    assert f"维持核准：在“拨付”中按 Ctrl+F 搜索“项目{app_id}”，选中其款项，点“维持核准…”" in text
    assert "boostdesk" not in text
    pane.grab().save(str(tmp_path / "detail_failed_returned.png"))


def test_a_failed_projects_rest_reads_acceptance_failed_though_its_first_tranche_is_held(reg):
    app_id = _failed_returned_ineligible(reg)
    assert _states(reg, app_id, 1) == {HELD}
    assert _states(reg, app_id, 2) == {ACCEPTANCE_FAILED}  # never paid, not waiting


# -- 2. 排名复核 ----------------------------------------------------------------------------
def _stale_after(reg, steps) -> tuple[int, int]:
    """区级甲项目 approved at 3万, its first tranche paid on 2023-01-10, ``steps`` run,
    then a conflict on 乙's score ranks 甲 out."""
    from test_award_holds import _approved

    a, b, experts = _approved(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, a, 1), date(2023, 1, 10), "记-3")
    steps(a)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    return a, b


def _accepted_all_returned(reg):
    def steps(a):
        record_acceptance(reg, a, date(2023, 6, 1))
        return_payments(reg, _ids(reg, a, 1), date(2023, 6, 20), "收款单位账户变更")
    return _stale_after(reg, steps)


def _failed_all_returned(reg):
    def steps(a):
        record_failed_acceptance(reg, a, date(2023, 6, 1), "关键指标未达到立项要求")
        return_payments(reg, _ids(reg, a, 1), date(2023, 6, 20), "收款单位账户变更")
    return _stale_after(reg, steps)


def _withdrawn(reg, a) -> None:
    app = reg.project(a)
    assert (app.status, app.award_fen, app.approved_date, app.accepted_date) == (
        "not_awarded", None, None, None)
    assert lines_of(reg, PROJECT, a) == [] and (PROJECT, a) not in holds(reg, 2022)
    sync_plan(reg, 2022)  # not planned again
    assert lines_of(reg, PROJECT, a) == []
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.approved, row.award_fen, row.paid_total, row.owed_total) == (0, 0, 0, 0)
    [event] = reg.query("SELECT after FROM audit_events WHERE action = 'rerank_settle'")
    assert json.loads(event["after"])["decision"] == "撤销核准"
    assert reg.status_history(PROJECT, a)[-1]["reason"].endswith(
        "（已汇出的 2 笔均被银行退回，不再重拨）")
    # each transfer's sending and return stay in the trail
    deleted = reg.query("SELECT before FROM audit_events WHERE entity = 'payments'"
                        " AND action = 'delete'")
    assert len(deleted) == len(_PLAN)


_PLAN = [1, 1, 2, 2]  # two payers, two tranches


def test_an_accepted_award_whose_money_all_came_back_can_be_withdrawn_by_review(reg):
    a, _b = _accepted_all_returned(reg)
    assert reg.project(a).status == "accepted"
    assert all(x.held for x in lines_of(reg, PROJECT, a))
    settle_rerank(reg, a, True, "不计专家1的评分后乙项目排名在前，款项均已退回，经研究撤销核准")
    _withdrawn(reg, a)
    history = reg.status_history(PROJECT, a)[-1]
    assert (history["from_status"], history["to_status"]) == ("accepted", "not_awarded")


def test_a_failed_project_owing_its_returned_first_tranche_is_held_by_a_ranking_change(reg):
    a, _b = _failed_all_returned(reg)
    h = holds(reg, 2022)[(PROJECT, a)]
    assert "核准后排名已变化" in h.what and "核准 ¥30,000.00，按现结果应为 ¥0.00" in h.message
    assert "排名复核" in h.todo
    assert _states(reg, a, 1) == {HELD} and _states(reg, a, 2) == {ACCEPTANCE_FAILED}
    with pytest.raises(FinanceError, match="排名已变化"):
        mark_all_paid(reg, _ids(reg, a, 1), date(2023, 7, 1), "记-9")
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.changed_held_fen, row.forfeited_fen, row.owed_fen) == (
        A_FIRST, A_REST, [A_FIRST, 0])
    settle_rerank(reg, a, True, "不计专家1的评分后乙项目排名在前，经研究撤销核准")
    _withdrawn(reg, a)


def test_a_failed_project_kept_on_review_has_its_returned_first_tranche_paid_again(reg):
    a, _b = _failed_all_returned(reg)
    settle_rerank(reg, a, False, "经研究维持原公示结果")
    assert (PROJECT, a) not in holds(reg, 2022)
    mark_all_paid(reg, _ids(reg, a, 1), date(2023, 7, 1), "记-9")
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.paid_fen, row.owed_fen, row.forfeited_fen) == ([A_FIRST, 0], [0, 0], A_REST)


def test_review_refuses_to_withdraw_while_a_share_stands_paid_and_says_what_stands(reg):
    def steps(a):
        record_acceptance(reg, a, date(2023, 6, 1))
        return_payments(reg, _ids(reg, a, 1)[:1], date(2023, 6, 20), "户名与账号不符")
    a, _b = _stale_after(reg, steps)
    with pytest.raises(PanelError, match=r"已登记拨付 ¥12,000\.00（现为“结题验收”），不能撤销核准"):
        settle_rerank(reg, a, True, "撤销")
    assert reg.project(a).status == "accepted"
    settle_rerank(reg, a, False, "经研究维持，重拨退回的部分")
    assert (PROJECT, a) not in holds(reg, 2022)


def test_review_of_a_failed_project_owing_nothing_is_refused_saying_why(reg):
    def steps(a):
        record_failed_acceptance(reg, a, date(2023, 6, 1), "关键指标未达到立项要求")
    a, _b = _stale_after(reg, steps)
    assert (PROJECT, a) not in holds(reg, 2022)  # nothing left to pay: nothing to hold
    for revoke in (True, False):
        with pytest.raises(PanelError, match="验收未通过.*首笔已拨付 ¥18,000.00、其余不再拨付，"
                                             "没有待拨付的款项可暂缓"):
            settle_rerank(reg, a, revoke, "复核")
    assert reg.project(a).status == "acceptance_failed"


def test_publicity_review_revoke_on_the_command_line_after_every_transfer_came_back(
        reg, capsys):
    a, _b = _accepted_all_returned(reg)
    db = ["--db", str(reg.path), "--year", "2022"]
    reg.close()
    capsys.readouterr()
    assert main(["publicity", "review", "区级甲项目", *db, "--revoke", "--note",
                 "不计专家1的评分后乙项目排名在前，经研究撤销核准"]) == 0
    out = capsys.readouterr().out
    assert "撤销核准，项目不予助推" in out and "名额空出，按排名可递补：“区级乙项目”" in out
    assert "按现有评分为未获助推（已汇出 2 笔均被银行退回、待重拨））：撤销核准" in out
    with Register.open(db[1], operator="测试员") as reg2:
        assert reg2.project(a).status == "not_awarded"


def test_the_publicity_screens_review_withdraws_an_award_whose_money_all_came_back(
        reg, tmp_path, qtbot, monkeypatch):
    from PySide6.QtCore import QPoint, Qt
    from test_panel_rerank import reviewing_first_row
    from test_publicity_screen import _answer
    from test_ui_support import type_text

    from boostdesk.ui import dialogs

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    a, _b = _accepted_all_returned(reg)
    w = reviewing_first_row(reg, tmp_path, qtbot)

    def revoke(dialog) -> None:
        assert dialog.revoke.isEnabled()
        qtbot.mouseClick(dialog.revoke, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.revoke.height() // 2))
        type_text(qtbot, "款项均已退回，经研究撤销核准", dialog.note_field)
        dialog.grab().save(str(tmp_path / "review_returned.png"))

    _answer(qtbot, w, revoke)
    qtbot.mouseClick(w.review_button, Qt.MouseButton.LeftButton)
    assert errors == [] and reg.project(a).status == "not_awarded"
    w.grab().save(str(tmp_path / "publicity_after_review.png"))


# -- 3. what was sent stays fixed --------------------------------------------------------
def _project_all_returned(reg) -> int:
    app_id = add_project(reg, unit="海淀区总工会")
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 2, 1), "记-2023-0040")
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 2, 6), "收款单位账户变更")
    assert reg.project(app_id).status == "approved"
    return app_id


def test_the_years_split_stays_fixed_once_sent_though_every_transfer_came_back(reg):
    _project_all_returned(reg)
    before = reg.campaign(2022)
    for change, named in (({"tranche_shares": (55, 45)}, "分期拨付比例"),
                          ({"project_split": {CITY: (1, 1), DISTRICT: (1, 1)}},
                           "区/局/集团级工作室分担比例")):
        with pytest.raises(RegisterError) as caught:
            reg.save_campaign(before.with_changes(**change))
        assert caught.value.args[0].startswith(
            f"2022 年度已汇出 2 笔（均被银行退回，待重拨），{named}不能再改："
            "已汇出的款项按原比例计算，被银行退回的也按原比例重拨")
    assert reg.campaign(2022) == before
    reg.save_campaign(before.with_changes(publicity_days=5, patent_split=(1, 2)))


def test_settings_say_the_split_is_fixed_by_transfers_that_came_back(window, reg, answers,
                                                                    tmp_path):
    _project_all_returned(reg)
    screen = window.screen_named("设置")
    screen.ctx.changed.emit("campaign")  # the screen reads the campaign afresh
    screen.shares.setText("55,45")
    assert not screen.save_campaign()
    assert ("2022 年度已汇出 2 笔（均被银行退回，待重拨），分期拨付比例不能再改"
            in screen.campaign_message.text())
    window.resize(1280, 800)
    window.grab().save(str(tmp_path / "settings_returned.png"))
    assert reg.campaign(2022).tranche_shares == (60, 40)


def test_a_cancelled_mark_was_never_sent_and_locks_nothing(reg):
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 2, 1), "记-2023-0040")
    cancel_payments(reg, _ids(reg, app_id, 1), "误选收款单位")
    before = reg.campaign(2022)
    reg.save_campaign(before.with_changes(tranche_shares=(55, 45)))
    assert reg.campaign(2022).tranche_shares == (55, 45)


def test_the_patent_award_and_split_stay_fixed_once_its_transfer_came_back(reg):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    paid = [x.id for x in lines_of(reg, PATENT, app_id)]
    mark_all_paid(reg, paid, date(2023, 2, 1), "记-2023-0041")
    return_payments(reg, paid[:1], date(2023, 2, 6), "会员卡已销户")
    before = reg.campaign(2022)
    with pytest.raises(RegisterError, match="专利助推款已汇出 2 笔（其中 1 笔被银行退回，待重拨），"
                                            "每项专利助推金额不能再改"):
        reg.save_campaign(before.with_changes(patent_award_fen=5000_00))
    return_payments(reg, paid[1:], date(2023, 2, 6), "会员卡已销户")
    with pytest.raises(RegisterError, match="均被银行退回.*专利分担比例不能再改"):
        reg.save_campaign(before.with_changes(patent_split=(1, 2)))
    assert reg.patent(app_id).award_fen == 3000_00 and reg.campaign(2022) == before


def test_the_recommending_union_stays_fixed_once_sent_though_every_transfer_came_back(reg):
    app_id = _project_all_returned(reg)
    with pytest.raises(RegisterError, match="该申报已汇出 2 笔（均被银行退回，待重拨）"
                                            "（推荐单位“海淀区总工会”的分担部分按其名下拨付），"
                                            "推荐单位不能再改"):
        reg.save_project(replace(reg.project(app_id), unit_name="朝阳区总工会"))
    patent = add_patent(reg)
    sync_plan(reg, 2022)
    ids = [x.id for x in lines_of(reg, PATENT, patent)]
    mark_all_paid(reg, ids, date(2023, 2, 1), "记-2023-0041")
    return_payments(reg, ids, date(2023, 2, 6), "会员卡已销户")
    with pytest.raises(RegisterError, match="均被银行退回.*推荐单位不能再改"):
        reg.save_patent(replace(reg.patent(patent), unit_name="朝阳区总工会"))
    payers = {x.payer_name for x in payment_lines(reg, 2022)}
    assert payers == {"北京市总工会", "海淀区总工会"}


# -- 4. a return's day -------------------------------------------------------------------
def test_a_return_cannot_predate_its_sending_nor_a_transfer_sent_again(reg):
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    firsts = _ids(reg, app_id, 1)
    mark_all_paid(reg, firsts, date(2023, 2, 1), "记-2023-0040")
    record_acceptance(reg, app_id, date(2023, 6, 1))
    with pytest.raises(FinanceError, match="退汇日期 2023-01-31 早于拨付日期 2023-02-01"):
        return_payments(reg, firsts, date(2023, 1, 31), "收款单位账户变更")
    return_payments(reg, firsts, date(2023, 6, 20), "收款单位账户变更")
    mark_all_paid(reg, firsts, date(2023, 6, 28), "记-2023-0090")
    # the transfer now standing is the one sent on 06-28
    with pytest.raises(FinanceError, match="退汇日期 2023-06-25 早于拨付日期 2023-06-28"):
        return_payments(reg, firsts, date(2023, 6, 25), "户名与账号不符")
    assert _states(reg, app_id, 1) == {PAID}


@pytest.mark.parametrize("failed", [False, True])
def test_a_return_dated_before_the_acceptance_recorded_after_it_stands_and_counts_right(
        reg, failed):
    """The bank's day is what it is: a return found after the acceptance was recorded but
    dated before it is taken; the acceptance (passed or failed) stands, the tranche is
    owed again and counted so, a hold covers it, and it is sent again from the return's
    day on (before the acceptance too)."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    firsts = _ids(reg, app_id, 1)
    mark_all_paid(reg, firsts, date(2023, 2, 1), "记-2023-0040")
    if failed:
        record_failed_acceptance(reg, app_id, date(2023, 6, 1), "关键指标未达到立项要求")
    else:
        record_acceptance(reg, app_id, date(2023, 6, 1))
    return_payments(reg, firsts, date(2023, 5, 20), "收款单位账户变更")
    assert reg.project(app_id).status == ("acceptance_failed" if failed else "accepted")
    assert _states(reg, app_id, 1) == {RETURNED}
    row = year_statistics(reg, 2022).totals[PROJECT]
    rest = 0 if failed else REST
    assert (row.paid_fen, row.owed_fen, row.forfeited_fen) == (
        [0, 0], [FIRST, rest], REST - rest)
    reg.add_studio_award(StudioAward("李红兵劳模创新工作室", 2021, "往年项目", 30 * WAN,
                                     accepted=False))
    recheck(reg)
    assert _states(reg, app_id, 1) == {HELD}
    assert year_statistics(reg, 2022).totals[PROJECT].changed_held_fen == FIRST + rest
    from boostdesk.award_holds import keep

    keep(reg, PROJECT, app_id, "经研究仍予助推")
    with pytest.raises(FinanceError, match="早于这笔款的退汇日期 2023-05-20"):
        mark_all_paid(reg, firsts, date(2023, 5, 19), "记-2023-0089")
    mark_all_paid(reg, firsts, date(2023, 5, 25), "记-2023-0090")
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.paid_fen, row.owed_fen) == ([FIRST, 0], [0, rest])
    if failed:  # 复验 counts from the first sending, which the failed acceptance followed
        record_acceptance(reg, app_id, date(2023, 7, 1))
        assert reg.project(app_id).status == "accepted"


def test_a_project_whose_every_transfer_came_back_keeps_the_enterprise_it_was_sent_to(reg):
    """The payee was kept only while a payment stood paid: with the first tranche sent back,
    moving the studio to another enterprise (or a paper saying another 所在单位) changed
    where the money is sent again."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 2, 1), "记-2023-0041")
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 3, 1), "账户冻结")
    payee = reg.scalar("SELECT e.name FROM project_applications a JOIN enterprises e"
                       " ON e.id = a.payee_enterprise_id WHERE a.id = ?", (app_id,))
    assert payee == "首钢智能装备制造有限公司"
    paper = reg.project(app_id)
    with pytest.raises(RegisterError, match="已汇出 2 笔（均被银行退回，待重拨），所在单位"):
        reg.save_project(replace(paper, enterprise_name="北京另一家有限公司"))
