"""The paper forms and their announcements as a clerk with low vision using NVDA met them:
the verdict and findings only in side-panel labels (no Tab stop named them, nothing said
when they changed), the findings not to be scrolled without a mouse, the status bar's
notices silent, 必填 only a red *, the material boxes not tied to 收到的材料.

What is heard is read as NVDA reads it (QAccessible's name and description); what is
announced, through ``announce.listeners`` (PySide6 has no installUpdateHandler)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.ui import announce
from boostdesk.ui.patent_form import PatentForm

__all__ = ["answers", "ctx", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier
FINDINGS_NAME = "核对结果"
NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description


def heard(widget: Any, what: QAccessible.Text = DESCRIPTION) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(what)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[QObject, str]]:
    """Every announcement made during the test, (source, text)."""
    got: list[tuple[QObject, str]] = []
    monkeypatch.setattr(announce, "listeners", [lambda source, text: got.append((source, text))])
    return got


@pytest.fixture
def form(ctx: Any, qtbot: Any) -> PatentForm:
    f = PatentForm(ctx)
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    f.activateWindow()
    return f


def test_the_verdict_and_its_findings_are_heard_on_the_save_buttons_and_the_form(form):
    # the blank paper: 不合格 (no inventor) and its findings, until now only on labels
    for widget in (form, form.save_button, form.next_button):
        text = heard(widget)
        assert text.startswith("按方案核对：不合格——可以保存；登记册照实保存所报内容"), text
        assert "未填写第一发明人姓名" in text  # the first finding, blocking first
        assert f"Alt+J 看{FINDINGS_NAME}" in text


def test_alt_j_reaches_the_findings_which_a_screen_reader_reads_and_the_arrows_scroll(
        form, qtbot):
    form.resize(960, 420)  # 200 % + 16 pt: the list shows two or three of the findings
    qtbot.wait(50)
    press(qtbot, Qt.Key.Key_J, ALT)
    view = focused()
    assert view is form.findings_label
    assert heard(view, NAME) == FINDINGS_NAME
    assert heard(view).startswith("按方案核对：不合格")  # the verdict, heard on arriving
    value = heard(view, QAccessible.Text.Value)
    assert "未填写第一发明人姓名" in value and "收件日期" in value  # every finding, first to last
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    for _ in range(60):
        press(qtbot, Qt.Key.Key_Down)
    assert bar.value() == bar.maximum()  # the last findings brought into view by the keys
    # the last Tab stop: Shift+Tab from the first field reaches it too
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.editor("unit_name")
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused() is view


def test_a_verdict_changed_after_the_pause_is_announced_once_never_per_key(form, qtbot, said):
    inventor = form.editor("inventor_name")
    inventor.setFocus()
    type_text(qtbot, "Zhang")  # a key at a time: 核对中… each time, nothing said
    assert "核对中" in form.verdict_label.text()
    assert said == []
    qtbot.waitUntil(lambda: "核对中" not in form.verdict_label.text(), timeout=3000)
    assert [text for _source, text in said] == [  # (one the 提示 of a name in Latin letters)
        "按方案核对：待补材料（11 项，Alt+J 查看）"]
    assert any("拼音或外文字母" in item for item in form._findings_said)
    assert said[0][0] is form
    # a pause that leaves the verdict as it was says nothing again
    type_text(qtbot, "san")
    qtbot.waitUntil(lambda: "核对中" not in form.verdict_label.text(), timeout=3000)
    assert len(said) == 1
    # an unreadable field: 尚不能保存, said
    type_text(qtbot, "1")
    qtbot.waitUntil(lambda: len(said) == 2, timeout=3000)
    assert said[1][1].startswith("按方案核对：尚不能保存——标红的栏目无法读取")
    assert heard(form.save_button).startswith("按方案核对：尚不能保存")


def test_required_fields_say_bi_tian_and_keep_their_example_and_hint(form, qtbot):
    assert heard(form.editor("unit_name")) == "必填；区、局、集团（公司）工会"
    assert heard(form.editor("enterprise_name")) == "必填"
    assert heard(form.editor("frontline")) == "必填"  # a yes/no box too
    assert heard(form.editor("phone")) == "手机或 010-83570885"  # not required: as it was
    date = form.editor("grant_date")
    date.setFocus()
    type_text(qtbot, "2021.13.5")
    form.recheck()
    assert heard(date) == "必填；“2021.13.5”：没有 13 月"


def test_the_material_boxes_are_named_with_their_question_and_hear_the_materials_note(
        form, qtbot):
    box = form.checks["form"]
    assert heard(box, NAME) == "收到的材料：申报表"
    assert box.text() == "申报表"  # as shown
    assert heard(box) == ""  # the note not shown yet: not heard either
    box.setFocus()
    press(qtbot, Qt.Key.Key_A)  # every paper received
    form.recheck()
    assert heard(box) == "材料齐全"
    press(qtbot, Qt.Key.Key_Space)  # 申报表 taken off
    form.recheck()
    assert heard(form.checks["certificate"]).startswith("材料未齐：缺申报表")


def test_every_status_bar_notice_is_announced_and_again_when_repeated(window, said):
    ctx = window.ctx
    ctx.notice.emit("所选款项已登记拨付；如需更正，先撤销拨付登记")
    ctx.notice.emit("所选款项已登记拨付；如需更正，先撤销拨付登记")  # Enter pressed again
    window.statusBar().showMessage("当前页面没有这项操作", 4000)  # a screen's own line
    bar = window.statusBar()
    assert bar.currentMessage() == "当前页面没有这项操作"
    assert [text for _s, text in said] == ["所选款项已登记拨付；如需更正，先撤销拨付登记"] * 2 + [
        "当前页面没有这项操作"]
    assert all(source is bar for source, _t in said)
    bar.clearMessage()
    assert len(said) == 3  # a cleared bar says nothing


def test_the_import_summary_is_heard_with_the_dialog_and_said_when_it_changes(
        window, qtbot, said):
    from boostdesk.ui.import_dialog import ImportDialog

    dialog = ImportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "导入前不会改动登记册" in heard(dialog)
    dialog.read()  # Enter in the path with nothing typed
    for widget in (dialog, dialog.import_all, dialog.import_rest):
        assert heard(widget) == "请先填写或选择文件"
    assert [text for _s, text in said] == ["请先填写或选择文件"]
    dialog.read()  # the same line again: not said twice
    assert len(said) == 1


def test_the_status_dialog_header_is_heard_with_the_dialog_and_its_ok(form, ctx, qtbot, answers):
    from boostdesk.models.records import PATENT
    from boostdesk.ui.status_dialog import StatusDialog

    form.editor("inventor_name").set_value("张三")
    form.editor("title").set_value("一种焊缝检测方法")
    assert form.save()
    dialog = StatusDialog(ctx, PATENT, form.saved_id)
    qtbot.addWidget(dialog)
    for widget in (dialog, dialog.ok):
        text = heard(widget)
        assert text.startswith("一种焊缝检测方法"), text
        assert "当前状态" in text
