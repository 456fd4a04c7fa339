"""A settled objection's finding reversed on review (复核更正), not taken back as a mistaken
entry: the objection was received, the 审批表 says so, and the trail keeps both decisions."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.models.records import PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import (
    close_publicity,
    correct_resolution,
    objections,
    record_objection,
    resolve_objection,
    start_publicity,
    withdraw_entered_in_error,
)
from boostdesk.printing.approval import _review_line, load_sheets
from tests.test_panel_support import YEAR, two_adopted


@pytest.fixture
def published(reg):
    """市级甲项目 and 区级丙项目 in publicity 2022-12-20 … 12-26, not closed yet."""
    ids = two_adopted(reg)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def _reasons(reg, project_id):
    return [h["reason"] for h in reg.status_history(PROJECT, project_id)]


def test_an_upheld_finding_reversed_keeps_the_objection_and_the_sheet_says_it_was_received(
        reg, published):
    """结论有误 was taken back as 误登记: the objection deleted, the 审批表 read 公示期满无异议."""
    a = published["a"]
    oid = record_objection(reg, a, date(2022, 12, 21), "张某", "与他人项目重复")
    resolve_objection(reg, oid, upheld=True, note="项目重复，不予助推", on=date(2022, 12, 22))
    with pytest.raises(PanelError, match="请填写复核理由"):
        correct_resolution(reg, oid, " ", date(2022, 12, 23))
    assert correct_resolution(reg, oid, "经复核两项目内容不同", date(2022, 12, 23)) == "公示"
    [o] = objections(reg, YEAR)
    assert (o.resolution_zh, o.resolved) == ("异议不成立", date(2022, 12, 23))
    assert o.note == ("经复核两项目内容不同（复核更正于 2022-12-23，原于 2022-12-22 按异议成立处理："
                      "项目重复，不予助推）")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    app = reg.project(a)
    assert app.status == "approved"
    assert app.status_reason == "公示期内收到异议，经核实异议不成立"
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    assert "公示期内收到异议，经核实异议不成立" in _review_line(sheet)
    trail = _reasons(reg, a)
    assert "公示异议成立：项目重复，不予助推" in trail
    assert "异议成立的处理经复核更正为异议不成立：经复核两项目内容不同" in trail
    [first, second] = [e for e in reg.audit_trail("objections", oid) if e["action"] == "resolve"]
    assert first["after"]["resolution"] == "异议成立"
    assert (second["after"]["resolution"], second["after"]["corrected_from"]) == (
        "异议不成立", "异议成立")


def test_an_upheld_finding_reversed_after_the_close_approves_as_of_the_close(reg, published):
    a = published["a"]
    oid = record_objection(reg, a, date(2022, 12, 21), "张某", "与他人项目重复")
    resolve_objection(reg, oid, upheld=True, note="项目重复", on=date(2022, 12, 22))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert correct_resolution(reg, oid, "经复核两项目内容不同", date(2023, 1, 3)) == "核准"
    app = reg.project(a)
    assert (app.status, app.approved_date) == ("approved", date(2022, 12, 27))
    assert app.status_reason == ("异议成立的处理经复核更正为异议不成立：经复核两项目内容不同；"
                                 "公示期内收到异议，经核实异议不成立")
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    assert "公示期满无异议" not in _review_line(sheet)
    assert "公示期内收到异议，经核实异议不成立" in _review_line(sheet)


def test_an_objection_on_the_wrong_project_is_still_removed(reg, published):
    """(a) 登记错了项目 stays as it was: the objection goes, 公示期满无异议."""
    a = published["a"]
    oid = record_objection(reg, a, date(2022, 12, 21), "张某", "与他人项目重复")
    resolve_objection(reg, oid, upheld=True, note="项目重复", on=date(2022, 12, 22))
    assert withdraw_entered_in_error(reg, oid, "应登记在区级丙项目上") == "公示"
    assert objections(reg, YEAR) == []
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status_reason == "公示期满无异议"


def test_a_dismissal_corrected_to_upheld_while_the_publicity_is_open(reg, published):
    """异议不成立 could never be corrected, even seconds later."""
    a = published["a"]
    oid = record_objection(reg, a, date(2022, 12, 21), "张某", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 22))
    assert correct_resolution(reg, oid, "复核发现投入数据不实", date(2022, 12, 22)) == "未获助推"
    [o] = objections(reg, YEAR)
    assert o.resolution_zh == "异议成立"
    app = reg.project(a)
    assert app.status == "not_awarded"
    assert app.status_reason == "公示异议成立（复核更正，原结论异议不成立）：复核发现投入数据不实"
    result = close_publicity(reg, YEAR, date(2022, 12, 27))
    assert result.approved == ["区级丙项目"]
    assert reg.project(a).status == "not_awarded"
    assert [e["after"]["resolution"] for e in reg.audit_trail("objections", oid)
            if e["action"] == "resolve"] == ["异议不成立", "异议成立"]
    # and back again, while the freed place is not re-adopted: the note says the last change
    assert correct_resolution(reg, oid, "经研究维持原结论", date(2022, 12, 28)) == "核准"
    assert objections(reg, YEAR)[0].note == (
        "经研究维持原结论（复核更正于 2022-12-28，原于 2022-12-22 按异议成立处理：复核发现投入数据不实）")


def test_a_dismissal_cannot_be_corrected_after_the_close_and_says_what_to_do(reg, published):
    a = published["a"]
    oid = record_objection(reg, a, date(2022, 12, 21), "张某", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 22))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    with pytest.raises(PanelError) as refused:
        correct_resolution(reg, oid, "复核发现投入数据不实", date(2022, 12, 28))
    text = str(refused.value)
    assert "公示已于 2022年12月27日结束" in text and "撤销助推（已拨付，应追回）" in text
    assert reg.project(a).status == "approved"
    assert objections(reg, YEAR)[0].resolution_zh == "异议不成立"


def _cli(reg, *args: str) -> int:
    from boostdesk.cli import main

    return main([*args, "--db", str(reg.path), "--year", str(YEAR)])


def test_the_command_line_corrects_a_finding_either_way_with_a_reason(reg, published, capsys):
    from boostdesk.models import Register

    a, c = published["a"], published["c"]
    upheld = record_objection(reg, a, date(2022, 12, 21), "张某", "与他人项目重复")
    resolve_objection(reg, upheld, upheld=True, note="项目重复", on=date(2022, 12, 22))
    dismissed = record_objection(reg, c, date(2022, 12, 21), "李某", "数据不实")
    resolve_objection(reg, dismissed, upheld=False, note="属实", on=date(2022, 12, 22))
    reg.close()
    assert _cli(reg, "publicity", "resolve", str(upheld), "--correct-to", "dismissed") != 0
    assert "--reason" in capsys.readouterr().err
    assert _cli(reg, "publicity", "resolve", str(upheld), "--correct-to", "dismissed",
                "--reason", "经复核两项目内容不同", "--date", "2022-12-23") == 0
    out = capsys.readouterr().out
    assert "已复核更正异议" in out and "项目“市级甲项目”现为“公示”" in out
    assert _cli(reg, "publicity", "resolve", str(dismissed), "--correct-to", "upheld",
                "--reason", "复核发现数据不实", "--date", "2022-12-23") == 0
    assert "项目“区级丙项目”现为“未获助推”" in capsys.readouterr().out
    assert _cli(reg, "publicity", "close", "--date", "2022-12-27") == 0
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        assert reg2.project(a).status_reason == "公示期内收到异议，经核实异议不成立"
        assert reg2.project(c).status == "not_awarded"
    finally:
        reg2.close()
    # after the close a dismissal stands: the refusal says what to do
    assert _cli(reg, "publicity", "resolve", str(upheld), "--correct-to", "upheld",
                "--reason", "再议") != 0
    err = capsys.readouterr().err
    assert "撤销助推（已拨付，应追回）" in err and f"boostdesk --db {reg.path} pay revoke" in err, err


# -- the 公示 screen -------------------------------------------------------------------------
@pytest.fixture
def screen(reg, published, tmp_path, qtbot, monkeypatch):
    from tests.test_publicity_screen import shown_screen

    return shown_screen(reg, tmp_path, qtbot, monkeypatch, "张主任")


def _states(screen) -> dict[str, str]:
    from tests.test_publicity_screen import _states as states

    return states(screen)


def _click_row(qtbot, view, row: int) -> None:
    from PySide6.QtCore import Qt

    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _pick(qtbot, screen, title: str) -> None:
    """The project's row clicked, then its first objection, as the director picks them."""
    screen.reload()
    _click_row(qtbot, screen.table, list(_states(screen)).index(title))
    _click_row(qtbot, screen.objections, 0)


def _answer(qtbot, screen, fill) -> None:
    """Fill the dialog the next button opens (it runs modal) as the user would, then 确定."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QPushButton

    def run() -> None:
        dialog = screen.dialog
        try:
            fill(dialog)
            ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "确定")
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)


def _alt(qtbot, dialog, letter, button) -> None:
    """Alt+letter where the cursor is, as typed; a mnemonic clicks as animateClick does."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    qtbot.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(button.isChecked, timeout=2000)


def test_the_resolve_dialog_opens_with_no_finding_and_refuses_to_save_without_one(
        reg, published, screen, qtbot):
    """It opened on 异议不成立: a director who only wrote the note recorded a dismissal."""
    from PySide6.QtCore import Qt

    from tests.test_ui_support import type_text

    record_objection(reg, published["a"], date(2022, 12, 21), "张某", "数据不实")
    _pick(qtbot, screen, "市级甲项目")
    seen: list[str] = []

    def fill(dialog) -> None:
        assert not any(b.isChecked() for b in (dialog.dismissed, dialog.upheld, dialog.in_error))
        type_text(qtbot, "经核查数据不实", dialog.note_field)
        ok = next(b for b in dialog.findChildren(type(screen.resolve_button))
                  if b.text() == "确定")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen.append(dialog.error.text())
        assert dialog.isVisible()  # refused, still open
        _alt(qtbot, dialog, Qt.Key.Key_Y, dialog.upheld)
        _alt(qtbot, dialog, Qt.Key.Key_N, dialog.dismissed)
        assert not dialog.upheld.isChecked()
        _alt(qtbot, dialog, Qt.Key.Key_Y, dialog.upheld)

    _answer(qtbot, screen, fill)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    assert seen == ["请选择结论：异议不成立（Alt+N）、异议成立（Alt+Y）或误登记（Alt+W）"]
    assert reg.query("SELECT resolution FROM objections")[0]["resolution"] == "upheld"


def test_an_upheld_finding_is_corrected_to_dismissed_on_the_screen_keeping_the_objection(
        reg, published, screen, qtbot):
    from PySide6.QtCore import Qt

    from tests.test_ui_support import type_text

    oid = record_objection(reg, published["a"], date(2022, 12, 21), "张某", "与他人项目重复")
    resolve_objection(reg, oid, upheld=True, note="项目重复", on=date(2022, 12, 22))
    _pick(qtbot, screen, "市级甲项目")
    assert screen.resolve_button.isEnabled()
    assert "结论有误改为异议不成立" in screen.resolve_button.toolTip()

    def fill(dialog) -> None:
        assert not (dialog.in_error.isChecked() or dialog.reverse.isChecked())
        _alt(qtbot, dialog, Qt.Key.Key_N, dialog.reverse)
        type_text(qtbot, "经复核两项目内容不同", dialog.note_field)

    _answer(qtbot, screen, fill)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    [row] = reg.query("SELECT resolution, resolution_note FROM objections")
    assert row["resolution"] == "dismissed"
    assert row["resolution_note"].startswith("经复核两项目内容不同")
    assert _states(screen)["市级甲项目"] == "公示"


def test_a_dismissal_is_corrected_on_the_screen_while_open_and_greyed_after_saying_why(
        reg, published, screen, qtbot):
    """处理异议 was greyed with no word, and a 不成立 could never be corrected."""
    from PySide6.QtCore import Qt

    from tests.test_ui_support import type_text

    oid = record_objection(reg, published["a"], date(2022, 12, 21), "张某", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 22))
    _pick(qtbot, screen, "市级甲项目")
    assert screen.resolve_button.isEnabled()

    def fill(dialog) -> None:
        assert dialog.reverse.isChecked() and "改为异议成立" in dialog.reverse.text()
        type_text(qtbot, "复核发现投入数据不实", dialog.note_field)

    _answer(qtbot, screen, fill)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    assert reg.query("SELECT resolution FROM objections")[0]["resolution"] == "upheld"
    assert _states(screen)["市级甲项目"] == "异议成立，不予助推"

    late = record_objection(reg, published["c"], date(2022, 12, 21), "李某", "数据不实")
    resolve_objection(reg, late, upheld=False, note="经核查属实", on=date(2022, 12, 22))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    _pick(qtbot, screen, "区级丙项目")
    assert not screen.resolve_button.isEnabled()
    tip = screen.resolve_button.toolTip()
    assert tip.startswith("该异议已处理（异议不成立）；公示已于 2022年12月27日结束")
    assert "撤销助推（已拨付，应追回）" in tip


def test_why_a_settled_objection_cannot_be_corrected_is_said_on_the_screen_by_keyboard(
        reg, published, screen, qtbot):
    """处理异议 greyed after the close said why only in its tooltip: a keyboard user, the
    objection selected with the arrows, heard nothing and Alt+D did nothing."""
    from PySide6.QtCore import Qt

    oid = record_objection(reg, published["c"], date(2022, 12, 21), "李某", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="经核查属实", on=date(2022, 12, 22))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    screen.reload()
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    while screen.current_row().title != "区级丙项目":
        qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    qtbot.keyClick(screen.table, Qt.Key.Key_Tab)  # on to its objections
    assert screen.current_objection() is not None
    assert not screen.resolve_button.isEnabled()
    said = screen.greyed.text()
    assert said.startswith("“处理异议…”暂不可用：该异议已处理（异议不成立）；公示已于 ")
    assert "撤销助推（已拨付，应追回）" in said and screen.greyed.isVisible()
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert screen.current_row().title != "区级丙项目"  # a project without one: nothing to say
    assert "处理异议" not in screen.greyed.text()
