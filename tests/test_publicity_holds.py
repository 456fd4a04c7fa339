"""Publicity's holds and ways back, as finance and the clerk meet them: an award held by an
objection falls due from the day the hold was lifted; an objection upheld against the wrong
project is taken back while nothing has moved on from it."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from tests.test_panel_support import (
    YEAR,
    one_place_two_publicized,
    two_adopted,
)

OVERDUE, DUE = "已逾期", "待拨付"


@pytest.fixture
def published(reg):
    """Two proposals in publicity 2022-12-20 … 12-26, not closed yet."""
    ids = two_adopted(reg)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def _first(reg, project_id):
    sync_plan(reg, YEAR)
    return [x for x in payment_lines(reg, YEAR, stream=PROJECT)
            if x.app_id == project_id and x.tranche == 1]


def test_an_award_held_at_the_close_falls_due_from_the_dismissal_not_the_publicity_end(
        reg, published):
    """Held at the close by an open objection, dismissed months later: its first tranche
    read 已逾期 on the day it became payable (due 3 months after the publicity end)."""
    oid = record_objection(reg, published["a"], date(2022, 12, 22), "某职工", "数据不实")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 4, 10))
    assert reg.project(published["a"]).status == "approved"
    held = _first(reg, published["a"])
    assert {x.due_date for x in held} == {date(2023, 7, 10)}  # 3 months from the dismissal
    assert {x.state(date(2023, 4, 10)) for x in held} == {DUE}
    assert {x.state(date(2023, 7, 11)) for x in held} == {OVERDUE}
    # the award the close approved keeps its term from the publicity end
    assert {x.due_date for x in _first(reg, published["c"])} == {date(2023, 3, 26)}


def test_a_late_objection_dismissed_restarts_the_term_from_the_dismissal(reg, published):
    """Entered after the close and dismissed: the award was held meanwhile, so its term
    counts from the day the hold was lifted."""
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 3, 26)}
    oid = record_objection(reg, published["a"], date(2022, 12, 26), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 3, 20))
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 6, 20)}
    assert {x.due_date for x in _first(reg, published["c"])} == {date(2023, 3, 26)}
    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.publicity import withdraw_entered_in_error

    # the term rests on it: a dismissal is not taken back as entered in error
    with pytest.raises(PanelError, match="处理不再撤销.*请在该项目的备注中说明"):
        withdraw_entered_in_error(reg, oid, "登记错了项目")
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 6, 20)}


def test_an_objection_dismissed_within_the_period_leaves_the_term_as_the_plan_sets_it(
        reg, published):
    oid = record_objection(reg, published["a"], date(2022, 12, 21), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 23))
    close_publicity(reg, YEAR, date(2022, 12, 30))
    assert {x.due_date for x in _first(reg, published["a"])} == {date(2023, 3, 26)}


def test_the_approval_sheet_of_an_award_held_at_the_close_gives_finances_due_date(
        reg, published):
    """The sheet said 首笔 2023年3月26日前 while finance counted from the dismissal."""
    from boostdesk.printing.approval import load_sheets

    oid = record_objection(reg, published["a"], date(2022, 12, 22), "某职工", "数据不实")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2023, 4, 10))
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    assert sheet.first_due == date(2023, 7, 10) == _first(reg, published["a"])[0].due_date
    [sheet] = load_sheets(reg, YEAR, ["区级丙项目"])
    assert sheet.first_due == date(2023, 3, 26)


def _cli(reg, *args: str) -> int:
    from boostdesk.cli import main

    return main([*args, "--db", str(reg.path), "--year", str(YEAR)])


def test_an_objection_upheld_against_the_wrong_project_is_taken_back_and_the_award_restored(
        reg, published, capsys):
    """误登记 took back only open objections: one upheld on the wrong project lost its
    award for good. Upheld within the period, it goes back to publicity."""
    from boostdesk.models import Register

    oid = record_objection(reg, published["a"], date(2022, 12, 21), "某职工", "负责人有争议")
    resolve_objection(reg, oid, upheld=True, note="经核实属实", on=date(2022, 12, 23))
    assert reg.project(published["a"]).status == "not_awarded"
    reg.close()
    assert _cli(reg, "publicity", "resolve", str(oid), "--entered-in-error", "--note",
                "异议所指为区级丙项目，登记错了项目") == 0
    out = capsys.readouterr().out
    assert f"已撤销误登记的异议 {oid}（连同其“异议成立”的处理）；项目“市级甲项目”现为“公示”" in out
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        assert reg2.scalar("SELECT COUNT(*) FROM objections") == 0
        [event] = [e for e in reg2.audit_trail("objections", oid) if e["action"] == "delete"]
        assert "原处理：异议成立" in event["after"]["reason"]
        assert "登记错了项目" in event["after"]["reason"]
        assert reg2.status_history(PROJECT, published["a"])[-1]["reason"] == (
            "异议成立的处理撤销（误登记）：异议所指为区级丙项目，登记错了项目")
        close_publicity(reg2, YEAR, date(2022, 12, 27))
        a = reg2.project(published["a"])
        assert (a.status, a.award_fen, a.approved_date) == (
            "approved", 100_000_00, date(2022, 12, 27))
        assert {x.due_date for x in _first(reg2, published["a"])} == {date(2023, 3, 26)}
    finally:
        reg2.close()


def test_a_late_objection_upheld_by_mistake_gives_back_the_approval_as_it_was(reg, published):
    """Upheld after the close (核准 → 未获助推, its payment lines removed): taken back, the
    award, level and approval date are as the close made them, and it can be paid."""
    from boostdesk.panel.publicity import withdraw_entered_in_error

    close_publicity(reg, YEAR, date(2022, 12, 27))
    before = reg.project(published["c"])
    planned = {(x.tranche, x.payer, x.amount_fen, x.due_date) for x in _first(reg, published["c"])}
    oid = record_objection(reg, published["c"], date(2022, 12, 26), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2023, 1, 5))
    assert _first(reg, published["c"]) == []
    assert withdraw_entered_in_error(reg, oid, "应登记在其他项目上") == "核准"
    c = reg.project(published["c"])
    assert (c.status, c.award_fen, c.approved_date) == (
        "approved", before.award_fen, before.approved_date)
    assert reg.scalar("SELECT award_level FROM project_applications WHERE id = ?",
                      (published["c"],)) == "district"
    again = _first(reg, published["c"])
    assert {(x.tranche, x.payer, x.amount_fen, x.due_date) for x in again} == planned
    assert {x.state(date(2023, 1, 6)) for x in again} == {DUE}


def test_once_the_freed_place_is_adopted_again_the_correction_says_what_to_do(reg):
    """Taken back after the next project moved up, the tier would hold one award too many."""

    from boostdesk.panel.adopt_proposal import withdraw
    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.publicity import withdraw_entered_in_error

    a, b = one_place_two_publicized(reg)
    oid = record_objection(reg, a, date(2022, 12, 21), "某职工", "负责人有争议")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 23))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    adopt(reg, YEAR)  # 区级乙项目 moves up into the freed place
    assert reg.project(b).status == "proposed"
    with pytest.raises(PanelError) as refused:
        withdraw_entered_in_error(reg, oid, "登记错了项目")
    text = str(refused.value)
    assert "空出的名额已重新采纳：“区级乙项目”" in text
    assert "请先在“排名与档次”中撤回拟助推名单，再撤销本异议的处理" in text
    assert reg.project(a).status == "not_awarded"
    assert reg.scalar("SELECT COUNT(*) FROM objections") == 1
    withdraw(reg, YEAR, "评分录入有误，重新采纳")  # the re-adoption taken back: nothing has moved on any more
    assert withdraw_entered_in_error(reg, oid, "登记错了项目") == "核准"
    assert reg.project(a).approved_date == date(2022, 12, 27)
    from boostdesk.panel.publicity import moved_up
    from boostdesk.panel.ranking import rank

    # the place is the restored award's again: nobody is told to move up into it
    assert rank(reg, YEAR).row(b).amount_fen is None and moved_up(reg, YEAR) == []


def test_a_project_moved_up_into_a_withdrawn_award_does_not_show_its_payment_marks(reg):
    """The withdrawn award's payment rows were deleted and the next award's rows took their
    ids: the moved-up project's 修改记录 read 登记拨付 2023-01-10（凭证 记-7）and its
    cancellation, which were the other project's."""

    from boostdesk.finance.cancel import cancel_payment
    from boostdesk.finance.mark_history import paid_marks
    from boostdesk.finance.paying import mark_paid
    from boostdesk.models.campaign import FEDERATION

    a, b = one_place_two_publicized(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    [fed] = [x.id for x in _first(reg, a) if x.payer == FEDERATION]
    mark_paid(reg, fed, date(2023, 1, 10), "记-7")
    cancel_payment(reg, fed, "收款单位选错")
    assert len(paid_marks(reg, PROJECT, a)) == 2
    oid = record_objection(reg, a, date(2022, 12, 26), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2023, 1, 15))
    adopt(reg, YEAR)  # 区级乙项目 moves up, is publicized and approved
    start_publicity(reg, YEAR, date(2023, 1, 20))
    close_publicity(reg, YEAR, date(2023, 1, 27))
    assert paid_marks(reg, PROJECT, b) == []


def test_a_payment_row_deleted_leaves_its_id_to_its_own_trail(reg):
    """Payment rows are numbered past every id the trail names: a withdrawn award's rows,
    deleted, gave their ids to the moved-up award's, whose per-row history (and the auditor's
    export) then mixed the two projects' payments."""

    from boostdesk.finance.cancel import cancel_payment
    from boostdesk.finance.paying import mark_paid
    from boostdesk.models.campaign import FEDERATION

    a, b = one_place_two_publicized(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    a_rows = {x.id for x in _first(reg, a)}
    [fed] = [x.id for x in _first(reg, a) if x.payer == FEDERATION]
    mark_paid(reg, fed, date(2023, 1, 10), "记-7")
    cancel_payment(reg, fed, "收款单位选错")
    oid = record_objection(reg, a, date(2022, 12, 26), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2023, 1, 15))
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2023, 1, 20))
    close_publicity(reg, YEAR, date(2023, 1, 27))
    b_rows = {x.id for x in _first(reg, b)}
    assert b_rows and not b_rows & a_rows
