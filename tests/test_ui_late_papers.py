"""A clerk back from leave: papers received after the deadline looked like clean ones (a
plain ✓ 合格) and Ctrl+A, Ctrl+M, Enter passed them with the rest, without a word and with
no reason on record. Now the lists say ✓ 合格（逾期报送） in amber (and so their copy),
改变状态 names the late ones and takes an explicit decision — only those on time, or the
late ones accepted with a reason kept in their status history — and so does 资格审核."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_qualified_date import _ctrl_m_on
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_ui_undo_status import a_patent, shift_select

from boostdesk.models.records import PATENT, PATENT_MATERIALS, PROJECT
from boostdesk.ui.status_dialog import StatusDialog
from boostdesk.ui.style import OK_COLOUR, WARNING_COLOUR
from tests.test_panel_support import make_project

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LATE = date(2023, 3, 3)
WHY = "推荐单位来函说明延误原因，经审核同意受理"
VERDICT = 1  # the lists' 资格 column


def four_patents(reg) -> list[int]:
    """Four patents 合格, each its own inventor: the 2nd and 4th received on 2023-03-03."""
    from fixtures.summary_sheets import patent_no, resident_id

    return [a_patent(reg, title=f"专利{i}", patent_number_raw=patent_no(f"20211012345{i}"),
                     id_number=resident_id(f"1101051980010100{i}"), inventor_name=name,
                     received_date=LATE if i % 2 == 0 else date(2022, 10, 30),
                     materials=dict.fromkeys(PATENT_MATERIALS, True),
                     grant_date=date(2021, 6, 1), applied_in_production=True,
                     service_invention=True, frontline=True)
            for i, name in enumerate(("张三", "李四", "王五", "赵六"), start=1)]


def _history(reg, stream, app_id) -> list[str]:
    return [h["reason"] for h in reg.status_history(stream, app_id)][1:]


def _ctrl_m_all(qtbot, window, reg, ids) -> StatusDialog:
    screen = shift_select(qtbot, window, ids, len(ids))
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    assert dialog.target == "qualified"
    return dialog


def test_the_lists_and_their_copy_mark_late_papers(window, qtbot, reg):
    ids = four_patents(reg)
    project = make_project(reg, "逾期项目", "甲工作室", received=LATE)
    screen = window.show_screen(0)
    screen.reload()
    model = screen.model
    rows = {model.id_at(r): r for r in range(model.rowCount())}
    texts = {i: model.data(model.index(rows[i], VERDICT)) for i in ids}
    assert [texts[i] for i in ids] == ["合格", "合格（逾期报送）"] * 2

    def colour(app_id):
        return model.data(model.index(rows[app_id], VERDICT), Qt.ItemDataRole.ForegroundRole)

    assert colour(ids[0]).name() == OK_COLOUR and colour(ids[1]).name() == WARNING_COLOUR
    copied = list(model.copy_texts([rows[i] for i in ids], [VERDICT]))
    assert copied == [[texts[i]] for i in ids]
    projects = window.show_screen(1)
    projects.reload()
    assert projects.model.data(projects.model.index(projects.model.row_of(project), VERDICT)
                               ).endswith("（逾期报送）")


def test_ctrl_m_over_several_names_the_late_and_passes_only_those_on_time(
        window, qtbot, reg, answers):
    ids = four_patents(reg)
    dialog = _ctrl_m_all(qtbot, window, reg, ids)
    note = dialog.late_note.text()
    assert dialog.late_note.isVisible()
    assert f"其中 2 项逾期报送：专利{ids[1]}、专利{ids[3]}（收件日期 2023-03-03，" \
           "晚于报送截止日 2022-11-01，方案三）" in note
    assert "是否受理由审核人决定" in note
    assert dialog.on_time_only.isVisible() and dialog.accept_late.isVisible()
    assert not dialog.late_reason.isVisible()
    press(qtbot, Qt.Key.Key_Return)  # Enter as before: no longer passes them unasked
    assert "所选中有 2 项逾期报送" in dialog.error.text() and dialog.isVisible()
    assert [reg.patent(i).status for i in ids] == ["registered"] * 4
    press(qtbot, Qt.Key.Key_O, ALT)  # 只改按期报送的 2 项 (a button's letter clicks it)
    qtbot.waitUntil(dialog.on_time_only.isChecked)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert [reg.patent(i).status for i in ids] == ["qualified", "registered"] * 2
    said = window.statusBar().currentMessage()
    assert said == (f"已将按期报送的 2 项申报改为“资格审核通过”；逾期报送的专利{ids[1]}、"
                    f"专利{ids[3]}未改，请逐项决定是否受理")


def test_ctrl_m_accepts_the_late_ones_only_with_a_reason_kept_in_their_history(
        window, qtbot, reg, answers):
    ids = four_patents(reg)
    dialog = _ctrl_m_all(qtbot, window, reg, ids)
    press(qtbot, Qt.Key.Key_Y, ALT)  # 同意受理逾期的 2 项，一并改为“资格审核通过”
    qtbot.waitUntil(dialog.accept_late.isChecked)
    assert dialog.late_reason.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert "请写明同意受理逾期报送的理由" in dialog.error.text()
    assert focused() is dialog.late_reason
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert [reg.patent(i).status for i in ids] == ["qualified"] * 4
    assert _history(reg, PATENT, ids[1]) == [f"同意受理逾期报送：{WHY}"]
    assert _history(reg, PATENT, ids[0]) == [""]


def test_one_late_paper_is_said_and_passed_only_with_a_reason(window, qtbot, reg, answers):
    ids = four_patents(reg)
    dialog = _ctrl_m_on(qtbot, window, ids[1])
    assert dialog.late_note.text().count("收件日期 2023-03-03 晚于报送截止日 2022-11-01") == 1
    assert dialog.reason_label.text() == "受理理由（必填）(&R)"
    assert not dialog.on_time_only.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert "须填写受理理由" in dialog.error.text() and focused() is dialog.reason
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert _history(reg, PATENT, ids[1]) == [f"同意受理逾期报送：{WHY}"]


def test_qualification_tab_asks_before_a_batch_with_late_projects(
        window, qtbot, reg, answers):
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会",
                        received=LATE if k % 2 else date(2022, 10, 25)) for k in range(4)]
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    column = tab.COLUMNS.index("自动核对")
    assert [tab.model.text(r, column) for r in range(4)] == ["符合", "符合（逾期报送）"] * 2
    qtbot.keyClick(tab.table, Qt.Key.Key_A, CTRL)
    answers.choice = 0  # 只通过按期报送的 2 项
    qtbot.keyClick(tab.table, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: reg.project(ids[2]).status == "qualified")
    assert answers.choices == [["只通过按期报送的 2 项，逾期的 2 项不改",
                                "同意受理逾期的 2 项，一并通过（须写明理由）"]]
    assert [reg.project(i).status for i in ids] == ["qualified", "registered"] * 2
    # the late ones, accepted with her reason
    tab.pending_only.setChecked(True)
    qtbot.keyClick(tab.table, Qt.Key.Key_A, CTRL)
    answers.text = WHY
    qtbot.keyClick(tab.table, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: reg.project(ids[3]).status == "qualified")
    assert _history(reg, PROJECT, ids[1]) == [f"同意受理逾期报送：{WHY}"]


def test_the_pane_says_a_late_paper_accepted_once_the_reviewer_decided(window, qtbot, reg,
                                                                        answers):
    """After 资格审核通过 with a 受理理由 the pane still asked 是否受理由审核人决定."""
    from boostdesk.ui.detail import DetailPane

    ids = four_patents(reg)
    dialog = _ctrl_m_on(qtbot, window, ids[1])
    press(qtbot, Qt.Key.Key_Return)  # 须填写受理理由: the reason's field takes the keys
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PATENT, ids[3])  # the other late one, undecided: asked still
    assert "是否受理由审核人决定" in pane.toPlainText()
    pane.show_application(PATENT, ids[1])
    text = pane.toPlainText()
    assert "是否受理由审核人决定" not in text
    assert (f"提示：逾期报送，已经审核同意受理（理由：{WHY}）；收件日期 2023-03-03 晚于报送截止日 "
            "2022-11-01（方案三）") in text
