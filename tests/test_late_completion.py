"""逾期结题 (二（二）1): an acceptance after the latest completion date is no completion under
the plan. It was recorded and the rest paid without a word (陈静团队数据平台建设 accepted on
2025-03-10, the 2022 plan's limit 2024-12-31): now the office's decision and its reason are
asked for, kept in the trail, and the second tranche is marked on the lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance import add_project, lines_of
from test_ui_support import type_text, year_context

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.late_completion import LateCompletionError, late_line, late_marks
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PROJECT

REASON = "经主任办公会研究同意拨付尾款（疫情停工顺延）"


def paid_first(reg, approval=date(2022, 3, 5), title="陈静团队数据平台建设") -> int:
    """An awarded project whose first tranche is paid in full."""
    q = add_project(reg, approval=approval, title=title)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    assert reg.project(q).status == "paid_first"
    return q


def test_an_acceptance_after_the_campaigns_latest_completion_needs_the_offices_reason(reg):
    q = paid_first(reg, approval=date(2023, 6, 1))  # two years would be 2025-06-01
    with pytest.raises(LateCompletionError, match="晚于最晚结题日期 2024-12-31") as exc:
        record_acceptance(reg, q, date(2025, 3, 10))
    assert exc.value.limit == date(2024, 12, 31)
    assert reg.project(q).status == "paid_first"  # nothing recorded
    assert not any(x.released for x in lines_of(reg, PROJECT, q) if x.tranche == 2)
    reg.operator = "创新办主任"
    record_acceptance(reg, q, date(2025, 3, 10), REASON)
    assert reg.project(q).status == "accepted"
    last = reg.status_history(PROJECT, q)[-1]
    assert last["reason"] == f"逾期结题（最晚 2024-12-31）：{REASON}（创新办主任 登记）"
    [event] = [e for e in reg.audit_trail("project_applications", q)
               if e["action"] == "status" and e["after"]["status"] == "accepted"]
    assert REASON in event["after"]["reason"]
    mark = late_marks(reg, [q])[q]
    assert mark.text == f"逾期结题：{REASON}（创新办主任 登记）"
    lines = lines_of(reg, PROJECT, q)
    assert {late_line(x, {q: mark}) for x in lines if x.tranche == 2} == {mark.text}
    assert {late_line(x, {q: mark}) for x in lines if x.tranche == 1} == {""}


def test_two_years_from_the_projects_approval_is_the_limit_when_earlier(reg):
    q = paid_first(reg, approval=date(2022, 3, 5))
    with pytest.raises(LateCompletionError, match="晚于最晚结题日期 2024-03-05"):
        record_acceptance(reg, q, date(2024, 3, 6))
    record_acceptance(reg, q, date(2024, 3, 5))  # the limit day itself is in time
    assert late_marks(reg, [q]) == {}


def test_the_limit_is_the_campaigns_setting_not_a_date_in_the_code(reg):
    c = reg.campaign(2022)
    reg.save_campaign(replace(c, latest_completion=date(2025, 6, 30), completion_years=3))
    q = paid_first(reg, approval=date(2022, 3, 5))
    record_acceptance(reg, q, date(2025, 3, 5))  # in time under this year's setting
    assert reg.project(q).status == "accepted" and late_marks(reg, [q]) == {}


def test_a_late_reason_for_an_acceptance_in_time_is_refused(reg):
    q = paid_first(reg)
    with pytest.raises(FinanceError, match="不是逾期结题"):
        record_acceptance(reg, q, date(2023, 12, 20), REASON)


def test_the_command_refuses_a_late_acceptance_without_a_reason_and_marks_the_list(reg, capsys):
    from boostdesk.cli import main

    q = paid_first(reg)
    reg.close()
    db = ["--db", str(reg.path), "--operator", "创新办主任"]
    assert main(["pay", "accept", "陈静团队数据平台建设", "--date", "2025-03-10", *db]) == 1
    err = capsys.readouterr().err
    assert "晚于最晚结题日期 2024-03-05" in err and "--late-reason" in err
    assert main(["pay", "accept", "陈静团队数据平台建设", "--date", "2025-03-10",
                 "--late-reason", REASON, *db]) == 0
    out = capsys.readouterr().out
    assert f"逾期结题（最晚 2024-03-05）：{REASON}（创新办主任 登记）" in out
    assert "尾款可拨付" not in out
    assert main(["pay", "list", "--year", "2022", *db]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines()
              if line.endswith(("陈静团队数据平台建设", "]"))]
    assert [(f"[逾期结题：{REASON}（创新办主任 登记）]" in line) for line in listed
            if "尾款" in line] == [True, True]
    assert [line for line in listed if "逾期结题" not in line]  # the first tranche's: none
    assert q


def test_the_window_asks_for_the_reason_and_marks_the_last_tranche(reg, tmp_path, qtbot):
    from boostdesk.ui.payments_screen import PaymentsScreen

    q = paid_first(reg)
    screen = PaymentsScreen(year_context(reg, tmp_path, 2022, "创新办主任"))
    qtbot.addWidget(screen)
    screen.resize(1300, 600)
    screen.show()
    row = screen.model.row_of(next(x.id for x in screen.shown if x.app_id == q))
    index = screen.model.index(row, 1)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(index).center())
    assert screen.accept_button.isEnabled()
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert "最晚结题日期 2024-03-05" in dialog.findChildren(type(screen.summary))[0].text()
    dialog.date_field.selectAll()
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.date_field, "2025-03-10")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "属逾期结题" in dialog.error.text()
    assert reg.project(q).status == "paid_first"
    assert dialog.focusWidget() is dialog.late_field
    type_text(qtbot, REASON, dialog.late_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert reg.project(q).status == "accepted"
    assert REASON in reg.status_history(PROJECT, q)[-1]["reason"]
    last = [x for x in screen.shown if x.app_id == q and x.tranche == 2]
    cells = {screen.model.text(screen.model.row_of(x.id), 1) for x in last}
    assert cells == {"尾款（逾期结题）"}  # the decision is the tooltip's: a cell cut it
    assert f"逾期结题：{REASON}（创新办主任 登记）" in screen.describe(last[0].id)


# -- whose decision: the office's, recorded by a clerk ------------------------------------
def test_the_clerk_who_records_a_late_acceptance_is_named_as_registrar_not_as_who_agreed(reg):
    q = paid_first(reg)
    reg.operator = "财务科刘会计"
    with pytest.raises(LateCompletionError, match="没有写明是谁的决定"):  # names no decision
        record_acceptance(reg, q, date(2025, 3, 10), "疫情停工顺延")
    record_acceptance(reg, q, date(2025, 3, 10), REASON)
    reason = reg.status_history(PROJECT, q)[-1]["reason"]
    assert reason == f"逾期结题（最晚 2024-03-05）：{REASON}（财务科刘会计 登记）"
    assert "经财务科刘会计同意" not in reason
    [event] = [e for e in reg.audit_trail("project_applications", q)
               if e["action"] == "status" and e["after"]["status"] == "accepted"]
    assert event["after"]["reason"] == reason  # the trail reads the same
    # one recorded before that check, naming no decision: shown as the office's
    reg.conn.execute("UPDATE status_history SET reason = ? WHERE application_id = ? AND"
                     " to_status = 'accepted'",
                     ("逾期结题（最晚 2024-03-05），经研究同意：疫情停工顺延（财务科刘会计 登记）", q))
    assert late_marks(reg, [q])[q].text == "逾期结题，经研究同意：疫情停工顺延（财务科刘会计 登记）"


def test_an_acceptance_recorded_in_the_old_wording_is_shown_in_the_new(reg):
    """Registers recorded "经<clerk>同意：" before: the lists show the decision, not the
    clerk's consent."""
    q = paid_first(reg)
    reg.operator = "财务科刘会计"
    record_acceptance(reg, q, date(2025, 3, 10), REASON)
    reg.conn.execute("UPDATE status_history SET reason = ? WHERE application_id = ? AND"
                     " to_status = 'accepted'",
                     (f"逾期结题（最晚 2024-03-05），经财务科刘会计同意：{REASON}", q))
    mark = late_marks(reg, [q])[q]
    assert mark.text == f"逾期结题：{REASON}（财务科刘会计 登记）"
    assert mark.limit == "2024-03-05"


# -- the list finance signs marks it ------------------------------------------------------
def test_the_payment_list_marks_a_late_last_tranche_in_its_remark_pdf_and_xlsx(reg, tmp_path):
    from openpyxl import load_workbook
    from test_printing import pdf_text, squash

    from boostdesk.printing.payments import (
        build_payment_lists,
        write_payments_pdf,
        write_payments_xlsx,
    )

    late = paid_first(reg)
    on_time = paid_first(reg, title="按期结题的项目")
    reg.operator = "财务科刘会计"
    record_acceptance(reg, late, date(2025, 3, 10), "主任办公会研究同意")
    record_acceptance(reg, on_time, date(2023, 12, 20))
    mark = "逾期结题：主任办公会研究同意（财务科刘会计 登记）"
    lists = build_payment_lists(reg, 2022, 2)
    assert lists and all(len(pl.projects) == 2 for pl in lists)
    for pl in lists:
        assert {x.title: pl.late.get(x.id, "") for x in pl.projects} == {
            "陈静团队数据平台建设": mark, "按期结题的项目": ""}
    pdf = tmp_path / "尾款.pdf"
    write_payments_pdf(pdf, lists, printed_on=date(2025, 3, 20))
    text = squash(pdf_text(pdf))
    assert text.count("逾期结题") == len(lists)  # once a list: the late line only
    assert "刘会计登记" in text
    xlsx = tmp_path / "尾款.xlsx"
    write_payments_xlsx(xlsx, lists, printed_on=date(2025, 3, 20))
    for ws in load_workbook(xlsx).worksheets:
        remarks = {row[7]: row[13] for row in ws.iter_rows(min_row=4, values_only=True)
                   if row[1] == "项目"}
        # (the one accepted on time is past its 3 months by the printing day)
        assert remarks == {"陈静团队数据平台建设": mark,
                           "按期结题的项目": "已逾期：应于 2024年3月20日前拨付"}
