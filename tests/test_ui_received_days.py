"""A new clerk's first day, in the window: the papers of a table imported without a 收件日期
get theirs at once (several rows selected, Ctrl+D, the day typed, Enter; Ctrl+Z undoes),
the detail pane says the date is the office's to fill and how, a new register's 待办 shows
the first steps, 帮助 → 工作流程 starts with handing out the 空白汇总表, and the import
preview's 复制问题清单 is offered for a row the plan refuses (a wrong ID check digit)."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import resident_id
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QTextEdit
from test_ui_import import open_dialog, patent_row, read, summary_table
from test_ui_season_guide import opened_help
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_ui_undo_status import shift_select, three_patents

from boostdesk.models.records import PATENT
from boostdesk.ui.received_dialog import ReceivedDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _undated(reg) -> list[int]:
    ids = three_patents(reg)
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = NULL")
    from boostdesk.rules import recheck

    recheck(reg)
    return ids


def _ctrl_d(qtbot, window, screen) -> ReceivedDialog:
    assert focused() is screen.table  # the rows just selected, the key pressed there
    press(qtbot, Qt.Key.Key_D, CTRL)
    dialog = screen.current_form
    assert isinstance(dialog, ReceivedDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.day)
    return dialog


def _days(reg, ids) -> list[date | None]:
    return [reg.application(PATENT, i).received_date for i in ids]


def test_ctrl_d_gives_the_selected_papers_their_received_date_and_ctrl_z_takes_it_back(
        window, qtbot, reg, answers):
    ids = _undated(reg)
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_d(qtbot, window, screen)
    assert any("为所选 3 项申报填写收件日期，其中 3 项尚无收件日期" in lb.text()
               for lb in dialog.findChildren(QLabel))
    type_text(qtbot, "2022-10-28", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert _days(reg, ids) == [date(2022, 10, 28)] * 3
    assert reg.scalar("SELECT sum(incomplete) FROM patent_applications") == 0  # 合格 now
    lines = reg.query("SELECT entity_id FROM audit_events WHERE action = 'update'"
                      " AND entity = 'patent_applications'")
    assert {r["entity_id"] for r in lines} >= set(ids)  # each audited
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # undone, as other bulk changes are
    qtbot.waitUntil(lambda: _days(reg, ids) == [None] * 3)


def test_papers_already_dated_are_left_unless_she_unticks_the_box(window, qtbot, reg, answers):
    ids = _undated(reg)
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = '2022-10-20'"
                         " WHERE id = ?", (ids[0],))
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_d(qtbot, window, screen)
    assert dialog.missing_only.isChecked()  # some dated: those kept
    type_text(qtbot, "2022-10-28", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert _days(reg, ids) == [date(2022, 10, 20), date(2022, 10, 28), date(2022, 10, 28)]


def test_a_day_to_come_is_refused_in_the_dialog(window, qtbot, reg, answers):
    ids = _undated(reg)
    screen = shift_select(qtbot, window, ids, 1)
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "2099-01-01", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "还没到" in dialog.error.text()
    assert focused() is dialog.day and _days(reg, ids[:1]) == [None]
    press(qtbot, Qt.Key.Key_Escape)


def test_the_detail_pane_says_the_office_fills_the_date_and_how(window, qtbot, reg, answers):
    [a] = _undated(reg)[:1]
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(a)
    qtbot.waitUntil(lambda: "收件日期" in screen.detail.toPlainText())
    text = screen.detail.toPlainText()
    assert "未填：由本办按收到纸质申报的日期填写" in text and "Ctrl+D" in text


def test_the_edit_menu_offers_it_with_its_key(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "编辑(&E)")
    entry = next(a for a in edit.actions() if a.text() == "填写收件日期(&D)…")
    assert entry.shortcut().toString() == "Ctrl+D"


def test_a_new_register_s_todo_shows_the_first_steps(window, qtbot, reg):
    screen = window.show_screen(9)  # 待办
    qtbot.waitUntil(lambda: screen.todo is not None, timeout=10_000)
    hint = screen.empty_hint
    qtbot.waitUntil(hint.isVisible)
    assert "登记册中还没有申报" in hint.text() and "空白汇总表" in hint.text()
    assert "Ctrl+N" in hint.text() and "设置（Ctrl+9）" in hint.text()
    assert "今天没有待办事项" not in hint.text()
    assert "暂无" not in screen.summary.text() and "从第一步开始" in screen.summary.text()


def test_the_keys_list_says_ctrl_d(window, qtbot):
    dialog = window.show_keys()
    text = " ".join(lb.text() for lb in dialog.findChildren(QLabel))
    assert "为所选申报一次填写收件日期" in text
    dialog.reject()


def test_the_guide_starts_with_the_blank_tables(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = opened_help(qtbot)
    text = dialog.findChild(QTextEdit, "season_guide").toPlainText()
    assert "下发空白汇总表" in text and "空白汇总表…" in text
    assert text.index("下发空白汇总表") < text.index("发明专利助推")
    dialog.reject()


def test_copy_problem_list_is_offered_for_a_row_the_plan_refuses(window, qtbot, reg, answers,
                                                                tmp_path):
    bad = resident_id("11010519800101001")[:-1] + "0"  # its check digit wrong
    if bad == resident_id("11010519800101001"):
        bad = bad[:-1] + "1"
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "t.xlsx", [patent_row(身份证号=bad)]))
    qtbot.waitUntil(lambda: dialog.model.verdicts is not None, timeout=10_000)
    assert dialog.copy_problems.isEnabled()
    dialog.copy_problems.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    copied = QGuiApplication.clipboard().text()
    assert "按方案核对不合格 1 行" in copied and "第 3 行（张三）：身份证号" in copied
    # not every refusal is a slip the union can correct (a grant date outside the window)
    assert "不符合方案所列条件的，不予助推；如系填写错误，请核对改正后重新报送" in copied
    assert "按方案核对不合格" in dialog.copy_problems.toolTip()
    assert bad not in copied  # masked, as every list sent out


def test_the_import_dialog_says_what_an_empty_date_means(window, qtbot):
    dialog = open_dialog(qtbot, window)
    labels = [lb.text() for lb in dialog.findChildren(QLabel)]
    assert any("留空：这些申报待填收件日期" in t for t in labels)
    assert "由本办填写" in dialog.received.toolTip() and "不默认今天" in dialog.received.toolTip()
    assert dialog.received.text() == ""


def test_a_decided_paper_is_left_when_the_box_is_unticked_and_undo_counts_the_changed(
        window, qtbot, reg, answers):
    from boostdesk.paper_review import APPROVE, PASS, decide

    ids = _undated(reg)
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = '2022-10-25'"
                         " WHERE id = ?", (ids[0],))
    decide(reg, PATENT, ids[0], PASS, day=date(2022, 11, 10))
    decide(reg, PATENT, ids[0], APPROVE, day=date(2022, 11, 20))
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_d(qtbot, window, screen)
    assert any("1 项已审核/核准，按原收件日期审核，不改" in lb.text()
               for lb in dialog.findChildren(QLabel))  # said before she types
    assert "2026" not in dialog.day.placeholderText()  # the year's window, not today
    assert dialog.day.placeholderText() == "如 2022-10-25"
    dialog.missing_only.setChecked(False)
    type_text(qtbot, "2022-11-05", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert _days(reg, ids) == [date(2022, 10, 25), date(2022, 11, 5), date(2022, 11, 5)]
    assert reg.application(PATENT, ids[0]).status == "approved"
    said = window.statusBar().currentMessage()
    assert "已填写 2 项申报的收件日期 2022-11-05" in said
    assert "其中 2 项晚于报送截止日 2022-11-01（方案三），为逾期报送，是否受理待审核人决定" in said
    assert "1 项已审核/核准的申报未改动" in said
    assert window.ctx.undo_stack.undoText() == "填写 2 项申报的收件日期 2022-11-05"


def test_a_day_before_the_plan_is_refused_naming_the_first_day(window, qtbot, reg, answers):
    ids = _undated(reg)
    screen = shift_select(qtbot, window, ids, 2)
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "2022-01-05", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "最早为 2022-10-17" in dialog.error.text()
    assert focused() is dialog.day and _days(reg, ids) == [None] * 3
    press(qtbot, Qt.Key.Key_Escape)


def test_the_list_the_status_bar_and_the_pane_say_it_waits_for_its_received_date(
        window, qtbot, reg, answers):
    from boostdesk.rules.findings import NO_RECEIVED_ZH

    [a] = _undated(reg)[:1]
    screen = window.show_screen(0)
    screen.reload()
    window.update_counts()
    assert "待补材料 3（其中待填收件日期 3）" in window.counts_label.text()
    assert screen.select_id(a)
    column = next(i for i, c in enumerate(screen.model.spec.columns) if c.kind == "verdict")
    cell = screen.model.index(screen.table.currentIndex().row(), column)
    assert screen.model.data(cell) == NO_RECEIVED_ZH
    qtbot.waitUntil(lambda: NO_RECEIVED_ZH in screen.detail.toPlainText())
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)  # its form says the same
    form = screen.current_form
    qtbot.waitUntil(lambda: form is not None and NO_RECEIVED_ZH in form.verdict_label.text())
    press(qtbot, Qt.Key.Key_Escape)


def test_ctrl_d_in_todo_fills_the_selected_papers_waiting_for_their_date(
        window, qtbot, reg, answers):
    ids = _undated(reg)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_0, CTRL)  # 待办
    screen = window.stack.currentWidget()
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 3, timeout=10_000)
    rows = [r for r in range(screen.model.rowCount()) if screen.model.text(r, 0) == "待填收件日期"]
    assert len(rows) == 3
    screen.table.setCurrentIndex(screen.model.index(rows[0], 0))
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier, screen.table)
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier, screen.table)
    press(qtbot, Qt.Key.Key_D, CTRL)
    dialog = screen.current_form
    assert isinstance(dialog, ReceivedDialog) and dialog.isVisible()
    assert sorted(dialog.app_ids) == sorted(ids)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.day)
    type_text(qtbot, "2022-10-28", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert _days(reg, ids) == [date(2022, 10, 28)] * 3


def test_the_import_box_refuses_a_day_before_the_plan(window, qtbot, reg, answers, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "t.xlsx", [patent_row()]))
    qtbot.waitUntil(lambda: dialog.model.verdicts is not None, timeout=10_000)
    dialog.received.setFocus()
    type_text(qtbot, "2022-01-05", dialog.received)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    assert "最早为 2022-10-17" in dialog.summary.text()
    assert reg.scalar("SELECT count(*) FROM patent_applications") == 0
    dialog.reject()


def test_an_approved_paper_alone_is_refused_in_the_dialog_with_no_undo_step(
        window, qtbot, reg, answers):
    from boostdesk.paper_review import APPROVE, PASS, decide

    ids = _undated(reg)
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = '2022-10-25'"
                         " WHERE id = ?", (ids[0],))
    decide(reg, PATENT, ids[0], PASS, day=date(2022, 11, 10))
    decide(reg, PATENT, ids[0], APPROVE, day=date(2022, 11, 20))
    screen = shift_select(qtbot, window, ids, 1)
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "2022-12-01", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "已审核/核准，按原收件日期审核，收件日期不改" in dialog.error.text()
    assert _days(reg, ids[:1]) == [date(2022, 10, 25)]
    assert window.ctx.undo_stack.count() == 0
    press(qtbot, Qt.Key.Key_Escape)


def test_the_paper_form_refuses_a_received_date_after_its_approval(window, qtbot, reg, answers):
    from boostdesk.paper_review import APPROVE, PASS, decide

    ids = _undated(reg)
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET received_date = '2022-10-25'"
                         " WHERE id = ?", (ids[0],))
    decide(reg, PATENT, ids[0], PASS, day=date(2022, 11, 10))
    decide(reg, PATENT, ids[0], APPROVE, day=date(2022, 11, 20))
    screen = shift_select(qtbot, window, ids, 1)
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    form = screen.current_form
    qtbot.waitUntil(lambda: form is not None and form.isVisible())
    form.activateWindow()
    field = form.rows["received_date"].editor
    field.setFocus()
    qtbot.waitUntil(lambda: focused() is field)
    field.selectAll()
    type_text(qtbot, "2022-12-01", field)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert any("晚于本申报的资格审核日期 2022-11-10" in text for _t, text in answers.errors)
    assert _days(reg, ids[:1]) == [date(2022, 10, 25)]
    field.selectAll()
    type_text(qtbot, "2022-01-05", field)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert any("收件日期最早为 2022-10-17" in text for _t, text in answers.errors)
    assert _days(reg, ids[:1]) == [date(2022, 10, 25)]
