"""延期验收: a project past its latest completion date whose acceptance the office put off
(主任办公会…研究同意) could not be recorded as such: `pay list` and 拨付 went on saying
“已逾期 977 天仍未结题验收”, and the decision could only be typed at the acceptance
(--late-reason). Now the new deadline and the decision are recorded (trail), the project
is shown 延期验收至 … until that day and overdue only after it; the plan's bar on the
studio's next-year paper (二（一）: 未完成结题验收的不能申报) stands until the acceptance."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance import add_project, lines_of
from test_late_completion import paid_first
from test_printing import pdf_text, squash
from test_ui_support import type_text, year_context

from boostdesk.audit_log import action_words
from boostdesk.finance.acceptance import overdue_completions, record_acceptance
from boostdesk.finance.acceptance_postpone import (
    postpone_acceptance,
    postponement_of,
    withdraw_postponement,
)
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.late_completion import LateCompletionError, late_marks
from boostdesk.finance.payout import payout
from boostdesk.models import clock, plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.rules import refresh
from boostdesk.rules.findings import stored_findings

DECISION = "主任办公会2024年3月5日研究同意：因设备到货延迟延期验收"
TITLE = "陈静团队数据平台建设"  # approved 2022-03-05: latest completion 2024-03-05


def _flag(reg, q, as_of):
    return next(f for f in overdue_completions(reg, as_of) if f.app_id == q)


def test_a_postponed_project_is_shown_postponed_until_the_new_day_then_overdue(reg):
    q = paid_first(reg)
    assert "已逾期 311 天" in _flag(reg, q, date(2025, 1, 10)).message
    reg.operator = "财务科刘会计"
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    flag = _flag(reg, q, date(2025, 1, 10))
    assert flag.days_late == 0
    assert flag.message == (
        f"项目“{TITLE}”（李红兵劳模创新工作室）最迟应于 2024-03-05 完成，延期验收至 2025年6月30日"
        f"（{DECISION}；财务科刘会计 登记）：尚未结题验收，该工作室仍不能申报下一年度项目"
        "（方案二（一）：未完成结题验收的不能申报）")
    assert "已逾期" not in flag.message
    assert _flag(reg, q, date(2025, 6, 30)).days_late == 0  # the day itself is in time
    late = _flag(reg, q, date(2025, 7, 10))
    assert late.days_late == 10
    assert "经同意延期验收至 2025年6月30日" in late.message and "已逾期 10 天" in late.message
    # the detail pane's and the progress letter's money: the days counted from the new day
    money = payout(reg, PROJECT, reg.project(q), date(2025, 1, 10))
    assert money.completion_late == 0 and money.postponed.startswith("延期验收至 2025年6月30日")
    assert "延期验收至 2025年6月30日" in money.next_step


def test_the_decision_is_in_the_trail_and_a_later_one_replaces_it(reg):
    q = paid_first(reg)
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    postpone_acceptance(reg, q, date(2025, 12, 31), "主任办公会2025年6月20日研究同意：再延期半年")
    assert postponement_of(reg, q).until == date(2025, 12, 31)
    said = [e for e in reg.audit_trail("project_applications", q)
            if e["action"] == "postpone_acceptance"]
    assert [e["after"]["acceptance_due"] for e in said] == ["2025-06-30", "2025-12-31"]
    assert said[-1]["before"] == {"acceptance_due": "2025-06-30", "decision": DECISION}
    assert "再延期半年" in said[-1]["after"]["decision"]
    assert action_words("postpone_acceptance") == "登记延期验收"
    withdraw_postponement(reg, q, "登记错了项目")
    assert postponement_of(reg, q) is None
    assert _flag(reg, q, date(2025, 1, 10)).days_late == 311  # overdue as before


def test_what_a_postponement_refuses(reg):
    q = paid_first(reg)
    with pytest.raises(FinanceError, match="未晚于最晚结题日期 2024-03-05"):
        postpone_acceptance(reg, q, date(2024, 3, 5), DECISION)
    with pytest.raises(FinanceError, match="没有写明是谁的决定"):
        postpone_acceptance(reg, q, date(2025, 6, 30), "设备到货延迟")
    with pytest.raises(FinanceError, match="须写明经谁研究同意"):
        postpone_acceptance(reg, q, date(2025, 6, 30), " ")
    record_acceptance(reg, q, date(2023, 12, 20))
    with pytest.raises(FinanceError, match="只有已核准助推、尚未结题验收的项目"):
        postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    assert postponement_of(reg, q) is None


def test_an_acceptance_by_the_new_day_is_on_its_decision_one_after_it_needs_another(reg):
    q = paid_first(reg)
    other = paid_first(reg, title="高炉煤气余压发电优化")
    for p in (q, other):
        postpone_acceptance(reg, p, date(2025, 6, 30), DECISION)
    reg.operator = "财务科刘会计"
    record_acceptance(reg, q, date(2025, 6, 30))  # no second reason asked
    assert late_marks(reg, [q])[q].text == (f"逾期结题：{DECISION}（延期验收至 2025年6月30日）"
                                            "（财务科刘会计 登记）")
    with pytest.raises(LateCompletionError, match="也晚于经同意的延期验收至 2025年6月30日"):
        record_acceptance(reg, other, date(2025, 7, 1))


def test_a_postponement_does_not_lift_the_bar_on_the_studios_next_paper(reg):
    """二（一）: 已获得往年项目助推资金且未完成结题验收的职工创新工作室不能申报 — put off
    is not completed."""
    reg.save_campaign(plan_2022().for_year(2023))
    q = paid_first(reg)
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    paper = add_project(reg, year=2023, title="转炉煤气回收优化", status="registered")
    refresh(reg, 2023)
    found = [f.message for f in stored_findings(reg.scalar(
        "SELECT findings FROM project_applications WHERE id = ?", (paper,)))]
    assert any("未完成结题验收，不能申报（方案二（一））" in m for m in found)


def test_the_commands_record_it_and_pay_list_says_it(reg, capsys):
    from boostdesk.cli import main

    q = paid_first(reg)
    reg.close()
    db = ["--db", str(reg.path), "--operator", "财务科刘会计"]
    assert main(["pay", "postpone", TITLE, "--until", "2099-06-30", "--decision", DECISION,
                 *db]) == 0
    out = capsys.readouterr().out
    assert f"已登记延期验收：“{TITLE}”（最晚结题日期 2024-03-05）延期验收至 2099年6月30日" in out
    assert "该工作室仍不能申报下一年度项目" in out
    assert main(["pay", "list", "--year", "2022", *db]) == 0
    notes = [x for x in capsys.readouterr().out.splitlines() if TITLE in x and "注意" in x]
    assert len(notes) == 1 and "延期验收至 2099年6月30日" in notes[0] and "已逾期" not in notes[0]
    assert main(["pay", "postpone", TITLE, "--withdraw", "--reason", "登记错了项目", *db]) == 0
    assert "已撤销延期验收" in capsys.readouterr().out
    assert main(["pay", "list", "--year", "2022", *db]) == 0
    assert "已逾期" in next(x for x in capsys.readouterr().out.splitlines() if TITLE in x
                          and "注意" in x)
    assert main(["check", *db]) == 0  # the trail's lines verify
    assert q


def test_the_window_records_it_beside_the_acceptance_and_ctrl_z_takes_it_back(reg, tmp_path,
                                                                            qtbot):
    from boostdesk.ui.payments_screen import PaymentsScreen

    q = paid_first(reg)
    with clock.fixed_day(date(2025, 1, 10)):
        ctx = year_context(reg, tmp_path, 2022, "财务科刘会计")
        screen = PaymentsScreen(ctx)
        qtbot.addWidget(screen)
        screen.resize(1300, 600)
        screen.show()
        assert "已逾期 311 天" in screen.flags.text()
        row = screen.model.row_of(next(x.id for x in screen.shown if x.app_id == q))
        qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=screen.table.visualRect(screen.model.index(row, 1)).center())
        assert screen.postpone.button.isEnabled()
        qtbot.mouseClick(screen.postpone.button, Qt.MouseButton.LeftButton)
        dialog = screen.dialog
        assert "仍不能申报下一年度项目" in dialog.intro.text()
        qtbot.keyClicks(dialog.date_field, "2024-03-01")
        type_text(qtbot, DECISION, dialog.decision_field)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "未晚于最晚结题日期" in dialog.error.text()
        assert dialog.focusWidget() is dialog.date_field
        dialog.date_field.selectAll()
        qtbot.keyClick(dialog.date_field, Qt.Key.Key_Delete)
        qtbot.keyClicks(dialog.date_field, "2025-06-30")
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()
        assert postponement_of(reg, q).until == date(2025, 6, 30)
        screen.reload()
        assert "延期验收至 2025年6月30日" in screen.postponed_flags.text()
        assert not screen.flags.isVisibleTo(screen)  # overdue no more
        # 登记结题验收 then asks no second reason for a day by the new deadline
        qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
        accept = screen.dialog
        assert "已登记延期验收至 2025年6月30日" in accept.findChildren(
            type(screen.summary))[0].text()
        accept.date_field.selectAll()
        qtbot.keyClick(accept.date_field, Qt.Key.Key_Delete)
        qtbot.keyClicks(accept.date_field, "2025-01-08")
        assert accept.check() == ""
        accept.reject()
        ctx.undo_stack.undo()
        assert postponement_of(reg, q) is None
        screen.reload()
        assert "已逾期 311 天" in screen.flags.text()


def _sheet_text(reg, tmp_path, year=2022) -> str:
    pdf = tmp_path / "sheet.pdf"
    write_approval_pdf(pdf, load_sheets(reg, year), None)
    return squash(pdf_text(pdf))


def test_the_approval_sheet_states_the_postponement_and_the_late_acceptances_decision(
        reg, tmp_path):
    q = paid_first(reg)
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    text = _sheet_text(reg, tmp_path)
    # (its row's label 结题验收 sits between the wrapped lines in the text pdftotext reads)
    assert "最晚结题日期2024年3月5日，经研究同意延期验收至2025年6月30日：主任办公会" in text
    assert "研究同意：因设备到货延迟延期验收；尾款在验收通过后拨付" in text
    withdraw_postponement(reg, q, "登记错了")
    assert "延期验收至" not in _sheet_text(reg, tmp_path)
    record_acceptance(reg, q, date(2025, 3, 10), "主任办公会2025年3月1日研究同意：因疫情停工顺延")
    text = _sheet_text(reg, tmp_path)
    assert "2025年3月10日验收通过，晚于最晚结题日期2024年3月5日，属逾期结题；" in text
    assert "研究同意：因疫情停工顺延，尾款经研究同意拨付" in text
    assert lines_of(reg, PROJECT, q)


def test_the_todo_list_counts_a_postponed_project_overdue_only_after_the_new_day(reg):
    from boostdesk.todo import todo_list

    def overdue(today):
        return [i.app_id for g in todo_list(reg, today, limit=None).groups
                if g.kind.key == "completion_overdue" for i in g.items]

    q = paid_first(reg)
    assert overdue(date(2025, 1, 10)) == [q]
    postpone_acceptance(reg, q, date(2025, 6, 30), DECISION)
    assert overdue(date(2025, 1, 10)) == []
    soon = [i for g in todo_list(reg, date(2025, 6, 20), limit=None).groups
            if g.kind.key == "completion_due_soon" for i in g.items]
    assert [i.app_id for i in soon] == [q] and "延期验收至 2025年6月30日" in soon[0].todo
    assert overdue(date(2025, 7, 1)) == [q]
