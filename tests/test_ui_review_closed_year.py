"""改变状态 on a paper its year's close (往年结年) refused: 重新登记 asks first, as 撤销结年
does and as `review decide --yes` wants (the tester's window offered 已登记 with no word of
the close). A reason is asked for, then the question; 取消 leaves the paper as the close
left it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models import plan_2022
from boostdesk.models.records import PATENT
from boostdesk.panel.past_close import CLOSE_REASON, close_year
from boostdesk.rules import recheck
from boostdesk.ui.status_dialog import StatusDialog
from tests.test_past_refusals import _patent, _year_2022

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def test_reopening_a_paper_the_close_refused_asks_first(window, qtbot, reg, answers):
    app_id = _patent(reg, "赵六", "11010519491231002X", "ZL202110123456.7")
    reg.save_campaign(plan_2022().for_year(2023))
    close_year(reg, 2022, patents=True)
    recheck(reg)
    assert reg.patent(app_id).status_reason == CLOSE_REASON
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    assert dialog.target == "registered"
    dialog.reason.setFocus()
    type_text(qtbot, "材料已补正", dialog.reason)
    answers.yes = False  # 取消: nothing changes, the dialog stays
    press(qtbot, Qt.Key.Key_Return)
    [asked] = answers.questions
    assert "2022 年度已结年（" in asked and "该申报为结年结果" in asked and "结年仍有效" in asked
    assert "“编辑”→ 撤销结年…" in asked
    assert reg.patent(app_id).status == "refused" and not closed(dialog)
    answers.yes = True
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog) and reg.patent(app_id).status == "registered", answers.errors


def _closed_2022(reg) -> list[int]:
    """2022's three patents, two the clerk refused and one left undecided, then 2022 closed
    with its patents (the undecided one 资格审核不通过 as the close's result)."""
    ids = list(_year_2022(reg).values())
    reg.save_campaign(plan_2022().for_year(2023))
    close_year(reg, 2022, patents=True)
    recheck(reg)
    return ids


def _all_selected_status_dialog(window, qtbot, ids) -> StatusDialog:
    """专利助推 on 2022, Ctrl+A over the list, Ctrl+M."""
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(ids[0])
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL, screen.table)
    assert len(screen.table.selectionModel().selectedRows()) == len(ids)
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and sorted(dialog.app_ids) == sorted(ids)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    return dialog


def test_several_papers_of_a_closed_year_reopen_at_once_with_one_reason(
        window, qtbot, reg, answers):
    """A closed year's papers selected together and 重新登记: one reason and one question
    for them all (it said 请逐项改变状态: a paper at a time, the reason typed each time);
    每一项 recorded with that reason, in its status history and the trail."""
    ids = _closed_2022(reg)
    dialog = _all_selected_status_dialog(window, qtbot, ids)
    assert dialog.target == "registered"
    press(qtbot, Qt.Key.Key_Return)  # no reason yet: asked for, nothing asked
    assert not closed(dialog) and answers.questions == []
    assert "须填写理由" in dialog.error.text()
    dialog.reason.setFocus()
    type_text(qtbot, "复议后重新审核", dialog.reason)
    answers.yes = False  # 取消: nothing changes, the dialog stays
    press(qtbot, Qt.Key.Key_Return)
    [asked] = answers.questions
    assert "所选 3 项属已结年的年度——2022 年度已结年（" in asked
    assert "（3 项，其中 1 项为结年结果）" in asked and "全部改动或全部不改" in asked
    assert "理由：复议后重新审核" in asked and "结年仍有效" in asked
    assert {reg.patent(i).status for i in ids} == {"refused"} and not closed(dialog)
    answers.yes = True  # 仍要改动（3 项）
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog), (answers.errors, dialog.error.text())
    assert {reg.patent(i).status for i in ids} == {"registered"}
    for i in ids:
        assert reg.patent(i).status_reason == "复议后重新审核"
        assert reg.scalar("SELECT reason FROM status_history WHERE stream = 'patent' AND"
                          " application_id = ? ORDER BY id DESC LIMIT 1", (i,)) == "复议后重新审核"
        [line] = [e for e in reg.audit_trail("patent_applications", i)
                  if e["action"] == "status" and (e["after"] or {}).get("status") == "registered"]
        assert line["after"]["reason"] == "复议后重新审核"


def test_a_closed_years_papers_reopen_all_or_none(window, qtbot, reg, answers):
    """One of them moved meanwhile (another window reopened it): none moved, and the one
    in the way named."""
    ids = _closed_2022(reg)
    dialog = _all_selected_status_dialog(window, qtbot, ids)
    dialog.reason.setFocus()
    type_text(qtbot, "复议后重新审核", dialog.reason)
    reg.set_status(PATENT, ids[2], "registered", "另一窗口已重新登记")
    answers.yes = True
    press(qtbot, Qt.Key.Key_Return)
    assert [reg.patent(i).status for i in ids[:2]] == ["refused", "refused"]
    assert any(f"专利{ids[2]}" in text and "全部未改" in text for _t, text in answers.errors), (
        answers.errors)
