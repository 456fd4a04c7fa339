"""恢复申报: a withdrawal (撤回申报) taken back — the clerk's slip undone (Ctrl+Z's domain
half, ``undo_withdrawal``) or the union's second letter (撤销撤回, ``restore_application``):
the paper back in the status it had, its award and its unpaid lines exactly as they were
(the same rows, in fen), refused in words while anything since stands in the way."""

from __future__ import annotations

from datetime import date

import pytest
from test_finance import add_patent, lines_of
from test_withdrawal import UNION, WHY, _approved_after_close, _withdraw

from boostdesk.cli import main
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import IllegalTransition, by_hand
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import close_publicity, publicity_rows
from boostdesk.panel.publicity_docs import publicity_list
from boostdesk.panel.withdrawal_restore import (
    refusal,
    restore_application,
    restore_reason,
    undo_withdrawal,
)
from tests.test_panel_support import (
    YEAR,
    add_experts,
    make_project,
    one_place_two_publicized,
    score_all,
    to_review,
)

AGAIN = date(2023, 1, 6)
BACK_WHY = "推荐单位来函撤销撤回，继续申报"
BACK_SAID = f"推荐单位撤销撤回（{UNION} 2023-01-06 来函）：{BACK_WHY}"


def _payments(reg, stream, app_id) -> list[dict]:
    return reg.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?"
                     " ORDER BY id", (stream, app_id))


def _paper(reg, stream, app_id) -> tuple:
    app = reg.application(stream, app_id)
    level = (reg.scalar("SELECT award_level FROM project_applications WHERE id = ?", (app_id,))
             if stream == PROJECT else None)
    return (app.status, app.status_reason, app.award_fen, app.approved_date, level)


def _restore(reg, stream, app_id, on=AGAIN):
    return restore_application(reg, stream, app_id, on, UNION, BACK_WHY)


def test_a_slip_undone_puts_the_approval_back_exactly_its_lines_and_history_too(reg):
    a, _b = _approved_after_close(reg)
    paper, lines = _paper(reg, PROJECT, a), _payments(reg, PROJECT, a)
    history = reg.status_history(PROJECT, a)
    assert lines and sum(x["amount_fen"] for x in lines) == 3_000_000
    _withdraw(reg, PROJECT, a)
    assert _payments(reg, PROJECT, a) == []
    done = undo_withdrawal(reg, PROJECT, a)
    assert (done.status_zh, done.payments_restored, done.owed_fen) == ("核准", len(lines), 3_000_000)
    assert _paper(reg, PROJECT, a) == paper  # 核准（公示期满无异议）, ¥30,000.00, its day and level
    assert _payments(reg, PROJECT, a) == lines  # the same rows: ids, fen, due dates
    assert reg.status_history(PROJECT, a) == history
    trail = [e["action"] for e in reg.audit_trail("project_applications", a)]
    assert trail[-3:] == ["withdraw_application", "status", "undo_withdrawal"]
    # the publicity list as posted again: no 更正 for a slip
    doc = publicity_list(reg, YEAR)
    assert not doc.title.endswith("（更正）") and [r.project_id for r in doc.rows] == [a]


def test_the_unions_second_letter_restores_the_approval_and_the_history_keeps_it(reg):
    a, _b = _approved_after_close(reg)
    paper, lines = _paper(reg, PROJECT, a), _payments(reg, PROJECT, a)
    _withdraw(reg, PROJECT, a)
    done = _restore(reg, PROJECT, a)
    assert done.status_zh == "核准" and done.payments_restored == len(lines)
    assert _paper(reg, PROJECT, a) == paper
    assert _payments(reg, PROJECT, a) == lines
    moves = reg.status_history(PROJECT, a)[-2:]
    assert [(m["from_status"], m["to_status"]) for m in moves] == [
        ("approved", "not_awarded"), ("not_awarded", "approved")]
    assert moves[-1]["reason"] == BACK_SAID == restore_reason(AGAIN, UNION, BACK_WHY)
    [line] = [e for e in reg.audit_trail("project_applications", a)
              if e["action"] == "restore_application"]
    assert (line["after"]["letter_date"], line["after"]["by"]) == ("2023-01-06", UNION)
    assert line["after"]["payments_restored_fen"] == 3_000_000
    # the list as it stands: 甲 on it again; its 更正 says it was withdrawn and restored
    doc = publicity_list(reg, YEAR)
    assert doc.title.endswith("（更正）") and [r.project_id for r in doc.rows] == [a]
    assert doc.table()[0][-1] == "30,000"  # its amount, not 推荐单位撤回
    said = doc.correction()
    assert f"{UNION}来函撤回申报（{WHY}）" in said
    assert f"2023年1月6日{UNION}来函撤销撤回（{BACK_WHY}），恢复申报" in said
    assert doc.corrected_on == AGAIN
    # and it may be withdrawn again
    _withdraw(reg, PROJECT, a, on=date(2023, 1, 9))
    assert reg.project(a).status == "not_awarded"


def test_a_place_given_to_the_next_in_line_since_refuses_the_restore_naming_it(reg):
    a, b = one_place_two_publicized(reg)
    _withdraw(reg, PROJECT, a, on=date(2022, 12, 22))
    adopt(reg, YEAR)  # the office refills the place: 乙 adopted for it
    assert reg.project(b).status == "proposed"
    why = refusal(reg, PROJECT, a)
    assert "重新采纳" in why and "区级乙项目" in why and f"项目{b}" in why
    with pytest.raises(PanelError, match="区级乙项目"):
        _restore(reg, PROJECT, a)
    assert reg.project(a).status == "not_awarded"


def test_a_project_withdrawn_in_publicity_comes_back_approved_once_the_period_closed(reg):
    a, _b = one_place_two_publicized(reg)
    _withdraw(reg, PROJECT, a, on=date(2022, 12, 22))
    close_publicity(reg, YEAR, date(2022, 12, 28))
    done = _restore(reg, PROJECT, a, on=date(2022, 12, 29))
    app = reg.project(a)
    assert done.status_zh == "核准" and app.award_fen == 3_000_000
    assert app.approved_date == date(2022, 12, 28)
    sync_plan(reg, YEAR)
    assert sum(x.amount_fen for x in lines_of(reg, PROJECT, a)) == 3_000_000


def test_a_proposal_not_yet_published_comes_back_into_the_adoption(reg):
    a = make_project(reg, "区级甲项目", "工作室甲", "district")
    b = make_project(reg, "区级乙项目", "工作室乙", "district")
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    row = reg.query("SELECT * FROM proposals WHERE project_id = ?", (a,))
    _withdraw(reg, PROJECT, a)
    undo_withdrawal(reg, PROJECT, a)
    assert reg.project(a).status == "proposed"
    assert reg.query("SELECT * FROM proposals WHERE project_id = ?", (a,)) == row
    [waiting] = [r for r in publicity_rows(reg, YEAR) if r.project_id == a]
    assert waiting.withdrawn is None


@pytest.mark.parametrize("status", ["registered", "qualified", "review"])
def test_a_project_before_the_ranking_goes_back_where_it_was(reg, status):
    q = make_project(reg, "区级甲项目", "工作室甲", "district")
    for step in ("qualified", "review")[: ("registered", "qualified", "review").index(status)]:
        reg.set_status(PROJECT, q, step)
    _withdraw(reg, PROJECT, q)
    if status != "review":  # (未获助推 → 专家评审 is 撤回拟助推名单's own move)
        # the move back is 恢复申报's alone: not a plain move, nor offered as one
        assert status not in by_hand(PROJECT, "not_awarded")
        with pytest.raises(IllegalTransition):
            reg.set_status(PROJECT, q, status, "误改")
    _restore(reg, PROJECT, q)
    assert reg.project(q).status == status


def test_a_patent_approval_comes_back_unless_the_inventor_was_approved_since(reg):
    p = add_patent(reg)
    sync_plan(reg, 2022)
    lines = _payments(reg, PATENT, p)
    _withdraw(reg, PATENT, p)
    # the same inventor's second patent approved meanwhile (the one place a year)
    q = add_patent(reg, number="ZL202120987654.3")
    why = refusal(reg, PATENT, p)
    assert f"专利{q}（核准）" in why and "每人每年" in why
    reg.set_status(PATENT, q, "refused", "误核准，撤销")
    _restore(reg, PATENT, p)
    assert (reg.patent(p).status, reg.patent(p).award_fen) == ("approved", 300_000)
    assert _payments(reg, PATENT, p) == lines


def test_a_line_sent_back_by_the_bank_is_owed_again_after_the_undo(reg):
    """退汇待重拨 before the withdrawal, 退汇待重拨 after its undo: the same row, its history."""
    from boostdesk.finance.mark_history import paid_marks
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.returns import return_payments, returned_standing

    p = add_patent(reg)
    sync_plan(reg, 2022)
    first = lines_of(reg, PATENT, p)[0]
    mark_paid(reg, first.id, date(2023, 2, 20), "记-0031")
    return_payments(reg, [first.id], date(2023, 2, 27), "会员卡已销户")
    assert returned_standing(reg, first.id)
    marks = paid_marks(reg, PATENT, p)  # sent on 2023-02-20, back on 2023-02-27
    assert [m["returned_date"] for m in marks] == [None, "2023-02-27"]
    _withdraw(reg, PATENT, p, on=date(2023, 3, 1))
    assert all(m["withdrawn"] for m in paid_marks(reg, PATENT, p))
    undo_withdrawal(reg, PATENT, p)
    assert returned_standing(reg, first.id)
    assert paid_marks(reg, PATENT, p) == marks  # the line's own history, once, not withdrawn
    [again] = [x for x in lines_of(reg, PATENT, p) if x.id == first.id]
    assert again.amount_fen == first.amount_fen and not again.paid


def test_a_paper_not_withdrawn_is_not_restored(reg):
    a, _b = _approved_after_close(reg)
    assert "不是推荐单位撤回的申报" in refusal(reg, PROJECT, a)
    with pytest.raises(PanelError, match="无需恢复"):
        _restore(reg, PROJECT, a)


def test_a_letter_dated_before_the_withdrawal_is_refused(reg):
    a, _b = _approved_after_close(reg)
    _withdraw(reg, PROJECT, a)
    with pytest.raises(PanelError, match="早于撤回申报的来函日期"):
        _restore(reg, PROJECT, a, on=date(2022, 12, 29))


def test_the_command_takes_a_withdrawal_back_on_the_unions_letter(reg, capsys):
    a, _b = _approved_after_close(reg)
    _withdraw(reg, PROJECT, a)
    path = str(reg.path)
    reg.close()
    assert main(["withdraw", "区级甲项目", "--undo", "--db", path, "--date", "2023-01-06",
                 "--by", UNION, "--reason", BACK_WHY]) == 0
    out = capsys.readouterr().out
    assert f"推荐单位撤销撤回（{UNION} 2023-01-06 来函）" in out and "现为“核准”" in out
    assert "恢复未拨付的应拨款项 4 笔，共 ¥30,000.00" in out
    from boostdesk.safety import list_backups

    assert list_backups(path)[0].reason_zh == "恢复申报前"
    assert main(["withdraw", "区级甲项目", "--undo", "--db", path, "--date", "2023-01-06",
                 "--reason", BACK_WHY]) == 1
    assert "不是推荐单位撤回的申报" in capsys.readouterr().err


def test_a_slip_undone_or_a_letter_restoring_leaves_the_rows_as_the_trail_says(reg):
    """The withdrawal's move leaves the history with the undo, its line stays: ``check``'s
    rows-against-trail cross-check follows it (no 缺少修改记录第 … 行记下的 false alarm)."""
    from boostdesk.models.audit_rows import mismatches

    a, _b = _approved_after_close(reg)
    _withdraw(reg, PROJECT, a)
    undo_withdrawal(reg, PROJECT, a)
    assert mismatches(reg.conn) == []
    _withdraw(reg, PROJECT, a)
    _restore(reg, PROJECT, a)
    assert reg.project(a).status == "approved" and mismatches(reg.conn) == []
