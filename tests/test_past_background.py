"""补录往年结果, 撤销补录 and 补录往年名单 back the register up first: on a register of
``context.BACKGROUND_BYTES`` or more they run in the background behind a progress dialog
(the dialog open till done), whose 取消 during the backup stores nothing; a smaller
register as before (test_ui_past_awards)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_backed_up_support import HeldBackup

from boostdesk.panel.past import record_past_award
from boostdesk.ui.past_dialog import WithdrawPastDialog
from tests.test_past_awards import WAN
from tests.test_ui_past_awards import _button, _choose, _opened, _past_item, screen
from tests.test_ui_support import answers, closed, qsettings, type_text  # noqa: F401

__all__ = ["screen"]


def _record_typed(qtbot, w, app_id):
    _choose(w, app_id)
    _past_item(w, "补录往年结果…").trigger()
    dialog = _opened(qtbot)
    type_text(qtbot, "2016-12-20")
    return dialog


def test_a_past_award_on_a_big_register_is_recorded_in_the_background(
        screen, qtbot, reg, monkeypatch, answers):  # noqa: F811
    ids, ctx, w = screen
    dialog = _record_typed(qtbot, w, ids["past"])
    held = HeldBackup(monkeypatch, ctx)
    qtbot.mouseClick(_button(dialog, "补录"), Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
    assert dialog.isVisible() and reg.project(ids["past"]).status != "approved"
    held.finish(qtbot)
    qtbot.waitUntil(lambda: closed(dialog))
    app = reg.project(ids["past"])
    assert (app.status, app.award_fen, app.approved_date) == ("approved", 5 * WAN,
                                                              date(2016, 12, 20))
    assert not answers.errors


def test_cancel_pressed_while_recording_a_past_award_records_nothing(
        screen, qtbot, reg, monkeypatch, answers):  # noqa: F811
    ids, ctx, w = screen
    before = reg.project(ids["past"]).status
    dialog = _record_typed(qtbot, w, ids["past"])
    held = HeldBackup(monkeypatch, ctx)
    qtbot.mouseClick(_button(dialog, "补录"), Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
    held.cancel(qtbot)
    assert dialog.isVisible()  # the form stays as typed, to be saved again or closed
    assert reg.project(ids["past"]).status == before
    assert not answers.errors  # a cancel is no error box
    dialog.reject()


def _withdraw_asked(qtbot, reg, w, app_id):
    record_past_award(reg, app_id, 10 * WAN, date(2016, 12, 20))
    w.reload()
    _choose(w, app_id)
    _past_item(w, "补录往年结果…").trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WithdrawPastDialog)
    dialog.reason_field.setText("档次录错，应为 5 万元")
    return dialog


def test_a_past_award_is_withdrawn_in_the_background(screen, qtbot, reg, monkeypatch,
                                                    answers):  # noqa: F811
    ids, ctx, w = screen
    dialog = _withdraw_asked(qtbot, reg, w, ids["past"])
    held = HeldBackup(monkeypatch, ctx)
    qtbot.mouseClick(_button(dialog, "撤销补录"), Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
    held.finish(qtbot)
    qtbot.waitUntil(lambda: closed(dialog))
    assert reg.project(ids["past"]).status == "not_awarded"


def test_cancel_pressed_while_withdrawing_a_past_award_keeps_it(screen, qtbot, reg,
                                                              monkeypatch, answers):  # noqa: F811
    ids, ctx, w = screen
    dialog = _withdraw_asked(qtbot, reg, w, ids["past"])
    held = HeldBackup(monkeypatch, ctx)
    qtbot.mouseClick(_button(dialog, "撤销补录"), Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
    held.cancel(qtbot)
    assert reg.project(ids["past"]).status == "approved"
    assert dialog.isVisible()
    dialog.reject()


def _past_list(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "2016年补录名单.xlsx"
    wb = Workbook()
    wb.active.append(["项目", "档次（元）", "核准日期"])
    wb.active.append(["数控机床精度补偿", 50000, date(2016, 12, 20)])
    wb.save(path)
    return str(path)


def test_a_years_list_is_recorded_in_the_background(
        screen, qtbot, reg, monkeypatch, answers, tmp_path):  # noqa: F811
    ids, ctx, w = screen
    held = HeldBackup(monkeypatch, ctx)
    assert w.record_past_list(_past_list(tmp_path)) is None  # started: said when done
    held.in_background(qtbot)
    assert reg.project(ids["past"]).status == "registered" and not answers.infos
    held.finish(qtbot)
    assert reg.project(ids["past"]).status == "approved"
    assert "已补录 2016 年度 1 项核准助推，合计 ¥50,000.00" in answers.infos[-1][1]
    assert not answers.errors


def test_cancel_pressed_while_recording_a_years_list_records_nothing(
        screen, qtbot, reg, monkeypatch, answers, tmp_path):  # noqa: F811
    ids, ctx, w = screen
    held = HeldBackup(monkeypatch, ctx)
    w.record_past_list(_past_list(tmp_path))
    held.in_background(qtbot)
    notices = held.cancel(qtbot)
    assert "已取消补录2016年度名单，未保存任何改动" in notices
    assert reg.project(ids["past"]).status == "registered"
    assert not answers.errors and not answers.infos  # a cancel is no error box, nor 已补录
