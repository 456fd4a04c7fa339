"""The 公示 screen: the period's dates, objections and their resolution, closing."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from test_ui_support import year_context

from boostdesk.panel import publicity as pub
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.ui.publicity_screen import PublicityScreen
from boostdesk.ui.style import ERROR_COLOUR, WARNING_COLOUR
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    make_project,
    one_place_two_publicized,
    score_all,
    to_review,
    two_adopted,
)
from tests.test_recheck import stored_equals_full_check
from tests.test_ui_support import type_text


@pytest.fixture
def ids(reg):
    return two_adopted(reg)


def shown_screen(reg, tmp_path, qtbot, monkeypatch, operator: str = "刘建国"):
    """公示 of YEAR, shown at 1200 × 700, its error boxes silenced (they are said in lines)."""
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    w = PublicityScreen(year_context(reg, tmp_path, YEAR, operator))
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    return w


@pytest.fixture
def screen(reg, tmp_path, qtbot, monkeypatch):
    return shown_screen(reg, tmp_path, qtbot, monkeypatch)


def _states(screen) -> dict[str, str]:
    model = screen.table.model()
    return {model.text(r, 1): model.text(r, 6) for r in range(model.rowCount())}


def _titles(screen) -> list[str]:
    model = screen.table.model()
    return [model.text(r, 1) for r in range(model.rowCount())]


def _click_row(qtbot, view, row: int) -> None:
    """Click the row's second cell, as a user picks a row."""
    rect = view.visualRect(view.model().index(row, 1))
    assert rect.isValid(), "the row is not on screen"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _click_header(qtbot, view, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_waiting_list_then_period_objection_and_closing(ids, screen, reg, qtbot):
    assert screen.batch.currentText() == "待公示：拟助推 2 项"
    assert _states(screen) == {"市级甲项目": "待公示", "区级丙项目": "待公示"}
    assert screen.start_button.isEnabled() and not screen.close_button.isEnabled()
    assert screen.start(date(2022, 12, 20))
    assert screen.batch.currentText() == "第1批：2022年12月20日至2022年12月26日（公示中）"
    assert "2022年12月27日起可结束公示" in screen.info.text()
    assert "合计 ¥130,000.00" in screen.info.text()
    assert not screen.record_objection(ids["c"], date(2022, 12, 28), "某人", "晚到的异议")
    assert "不在公示期" in screen.error.text()
    assert screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    assert _states(screen)["区级丙项目"] == "有异议待处理"
    _click_row(qtbot, screen.table, _titles(screen).index("区级丙项目"))
    assert screen.objections.model().rowCount() == 1 and screen.resolve_button.isEnabled()
    objection = screen.current_objection()
    assert screen.resolve(objection.id, True, "经核实数据不实", date(2022, 12, 24))
    assert _states(screen)["区级丙项目"] == "异议成立，不予助推"
    assert not screen.close_period(date(2022, 12, 26))
    assert "2022年12月27日起方可结束公示" in screen.error.text()
    assert screen.close_period(date(2022, 12, 27))
    assert _states(screen)["市级甲项目"] == "核准"
    a = reg.project(ids["a"])
    assert (a.award_fen, a.approved_date) == (10 * WAN, date(2022, 12, 27))
    assert reg.project(ids["c"]).status == "not_awarded"
    assert "已于2022年12月27日结束" in screen.batch.currentText()
    assert not reg.changes  # each status move re-checked as it was saved
    stored_equals_full_check(reg)


def test_list_exports_after_an_upheld_objection_are_a_correction(ids, screen, reg, tmp_path):
    screen.start(date(2022, 12, 20))
    screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    screen.resolve(screen_objection_id(reg), True, "属实", date(2022, 12, 23))
    pdf = tmp_path / "list.pdf"
    assert screen.export(pdf, "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # the project is marked withdrawn on a 更正, not left out of a list passing as posted
    text = "".join(text.split())
    assert "市级甲项目" in text and "公示名单（更正）" in text and "更正日期：2022年12月23日" in text
    assert "原公示名单第2项“区级丙项目”" in text and "不予助推" in text
    assert screen.export(tmp_path / "list.xlsx", "xlsx")


def screen_objection_id(reg) -> int:
    return reg.scalar("SELECT id FROM objections ORDER BY id DESC LIMIT 1")


def _answer(qtbot, screen, fill) -> None:
    """Fill the dialog the next button opens (it runs modal), as the user would."""

    def run() -> None:
        dialog = screen.dialog
        assert dialog is not None and dialog.isVisible()
        try:
            fill(dialog)
            ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "确定")
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)


def _retype(qtbot, field, text: str) -> None:
    field.selectAll()
    type_text(qtbot, text, field)


def _object(qtbot, screen, day: str, objector: str, content: str, look=None) -> None:
    """登记异议 on the chosen project: its dialog (``look``, if given, first checks what
    it says) filled in as typed, and 确定."""

    def fill(dialog) -> None:
        if look is not None:
            look(dialog)
        _retype(qtbot, dialog.day_field, day)
        type_text(qtbot, objector, dialog.objector_field)
        type_text(qtbot, content, dialog.content_field)

    _answer(qtbot, screen, fill)
    qtbot.mouseClick(screen.object_button, Qt.MouseButton.LeftButton)


def _dismiss(qtbot, screen, note: str, day: str, look=None) -> None:
    """处理异议 on the chosen objection: 异议不成立 clicked on its round button, the note
    and day typed (``look``, if given, first checks what the dialog says), and 确定."""

    def fill(dialog) -> None:
        if look is not None:
            look(dialog)
        qtbot.mouseClick(dialog.dismissed, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.dismissed.height() // 2))
        type_text(qtbot, note, dialog.note_field)
        _retype(qtbot, dialog.day_field, day)

    _answer(qtbot, screen, fill)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)


def _foreground(model, row: int, column: int) -> str | None:
    brush = model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole)
    return brush.color().name() if brush is not None else None


def test_headers_ranking_order_amounts_colours_and_tips(ids, screen, reg):
    model = screen.table.model()
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(model.columnCount())] == [
        "序号", "项目名称", "职工创新工作室", "级别", "所在单位", "拟助推金额", "状态"]
    objections = screen.objections.model()
    assert [objections.headerData(c, horizontal) for c in range(objections.columnCount())] == [
        "编号", "收到日期", "异议人", "异议内容", "处理结论", "处理意见", "处理日期"]
    assert screen.start(date(2022, 12, 20))
    assert screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    # the ranking: city studios first, numbered in that order
    assert [(model.text(r, 0), model.text(r, 1), model.text(r, 5)) for r in range(2)] == [
        ("1", "市级甲项目", "¥100,000.00"), ("2", "区级丙项目", "¥30,000.00")]
    alignment = model.data(model.index(0, 5), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) is None
    assert _foreground(model, 1, 6) == WARNING_COLOUR.lower()
    assert _foreground(model, 0, 6) is None and _foreground(model, 1, 1) is None
    tip = Qt.ItemDataRole.ToolTipRole
    assert model.data(model.index(1, 6), tip) == "异议 1 件，待处理 1 件"
    assert model.data(model.index(0, 6), tip) is None
    screen.table.setCurrentIndex(model.index(1, 0))
    assert objections.text(0, 3) == "数据不实" and objections.text(0, 4) == "待处理"
    assert _foreground(objections, 0, 4) == WARNING_COLOUR.lower()
    assert objections.data(objections.index(0, 3), tip) == "数据不实"
    screen.resolve(screen.current_objection().id, True, "经核实数据不实", date(2022, 12, 24))
    assert _foreground(model, 1, 6) == ERROR_COLOUR.lower()
    assert model.data(model.index(1, 6), tip) == "异议 1 件，均已处理"
    assert _foreground(objections, 0, 4) is None


def test_sorting_by_a_header_keeps_the_chosen_project(ids, screen, qtbot):
    screen.start(date(2022, 12, 20))
    screen.record_objection(ids["a"], date(2022, 12, 22), "某人", "数据不实")
    assert _titles(screen) == ["市级甲项目", "区级丙项目"]
    _click_row(qtbot, screen.table, 0)
    _click_header(qtbot, screen.table, 1)  # 项目名称: 区 sorts before 市
    assert _titles(screen) == ["区级丙项目", "市级甲项目"]
    assert screen.current_row().title == "市级甲项目"
    assert [i.row() for i in screen.table.selectionModel().selectedRows()] == [1]
    assert screen.objections.model().text(0, 3) == "数据不实"  # still its objections
    screen.record_objection(ids["c"], date(2022, 12, 23), "某人", "另一异议")  # reloads
    assert _titles(screen) == ["区级丙项目", "市级甲项目"]  # the user's order stays
    assert screen.current_row().title == "市级甲项目"
    assert screen.objections.model().text(0, 3) == "数据不实"
    _click_header(qtbot, screen.table, 0)  # 序号: back to the ranking
    assert _titles(screen) == ["市级甲项目", "区级丙项目"]
    assert screen.current_row().title == "市级甲项目"


def test_arrow_keys_move_through_the_list_and_the_objections_follow(ids, screen, qtbot):
    screen.start(date(2022, 12, 20))
    screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    _click_row(qtbot, screen.table, 0)
    assert screen.table.hasFocus() or screen.table.viewport().hasFocus()
    assert screen.objections.model().rowCount() == 0 and not screen.resolve_button.isEnabled()
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.current_row().title == "区级丙项目"
    assert screen.objections.model().rowCount() == 1 and screen.resolve_button.isEnabled()
    qtbot.keyClick(screen.table, Qt.Key.Key_Up)
    assert screen.current_row().title == "市级甲项目"
    assert screen.objections.model().rowCount() == 0 and not screen.resolve_button.isEnabled()


def test_the_buttons_act_on_the_chosen_project_and_objection(ids, screen, reg, qtbot):
    screen.start(date(2022, 12, 20))
    _click_row(qtbot, screen.table, _titles(screen).index("区级丙项目"))
    _object(qtbot, screen, "2022-12-22", "某人", "数据不实")
    [row] = reg.query("SELECT project_id, content FROM objections")
    assert (row["project_id"], row["content"]) == (ids["c"], "数据不实")
    assert screen.current_row().title == "区级丙项目"  # kept through the reload
    assert _states(screen)["区级丙项目"] == "有异议待处理"
    _click_row(qtbot, screen.objections, 0)

    def resolution(dialog) -> None:
        qtbot.mouseClick(dialog.upheld, Qt.MouseButton.LeftButton,  # on its round button
                         pos=QPoint(8, dialog.upheld.height() // 2))
        assert dialog.upheld.isChecked()
        type_text(qtbot, "经核实数据不实", dialog.note_field)
        _retype(qtbot, dialog.day_field, "2022-12-24")

    _answer(qtbot, screen, resolution)
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    [row] = reg.query("SELECT resolution, resolution_note, resolved_date FROM objections")
    assert (row["resolution"], row["resolution_note"], row["resolved_date"]) == (
        "upheld", "经核实数据不实", "2022-12-24")
    assert _states(screen) == {"市级甲项目": "公示", "区级丙项目": "异议成立，不予助推"}
    assert screen.current_row().title == "区级丙项目"
    # settled: what is left is taking an upheld one back (tests/test_publicity_holds_screen.py)
    assert screen.resolve_button.isEnabled()
    assert "复核更正异议成立的处理" in screen.resolve_button.toolTip()


def test_a_read_only_register_can_be_browsed_but_not_changed(ids, screen, reg, qtbot):
    screen.start(date(2022, 12, 20))
    screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    _click_row(qtbot, screen.table, 1)
    buttons = (screen.object_button, screen.resolve_button, screen.close_button)
    assert all(b.isEnabled() for b in buttons)
    reg.read_only = True  # another BoostDesk holds the write lock
    screen.reload()
    assert screen.current_row().title == "区级丙项目"
    assert not any(b.isEnabled() for b in (*buttons, screen.start_button))
    _click_row(qtbot, screen.table, 0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.current_row().title == "区级丙项目"
    assert screen.objections.model().text(0, 3) == "数据不实"
    assert screen.xlsx_button.isEnabled() and not any(b.isEnabled() for b in buttons)


def test_a_reload_reads_the_waiting_list_once(ids, screen, monkeypatch):
    calls = []
    read = pub.waiting_rows
    monkeypatch.setattr(pub, "waiting_rows", lambda *a: calls.append(a) or read(*a))
    screen.reload()
    assert len(calls) == 1 and _titles(screen) == ["市级甲项目", "区级丙项目"]


def test_a_list_saved_under_a_name_without_its_extension_gets_it(ids, screen, tmp_path):
    """导出名单 xlsx… with a name typed as 公示名单 (no .xlsx, as Linux's dialog leaves it):
    the file is 公示名单.xlsx, which Excel and the website team's tools open."""
    screen.start(date(2022, 12, 20))
    assert screen.export(tmp_path / "公示名单", "xlsx")
    assert screen.export(tmp_path / "公示名单", "pdf")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("公示")) == [
        "公示名单.pdf", "公示名单.xlsx"]


def test_the_screen_opens_on_the_latest_batch_when_all_are_closed(ids, reg, tmp_path, qtbot):
    """Two closed batches: the screen opened on the first, as if the second did not exist."""
    late = make_project(reg, "补充评审项目", "工作室丁", CITY)
    pub.start_publicity(reg, YEAR, date(2022, 12, 20))
    pub.close_publicity(reg, YEAR, date(2022, 12, 27))
    to_review(reg, late)
    from boostdesk.panel.experts import experts

    score_all(reg, experts(reg, YEAR)[0].id, {late: 70})
    adopt(reg, YEAR)
    pub.start_publicity(reg, YEAR, date(2023, 1, 9))
    pub.close_publicity(reg, YEAR, date(2023, 1, 16))
    w = PublicityScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(w)
    assert w.batch.currentText().startswith("第2批：2023年1月9日")
    assert [r.title for r in w.rows] == ["补充评审项目"]
    # one date style in the line (it said （已于 2023-01-16 结束） beside 2023年1月9日)
    assert w.batch.currentText() == "第2批：2023年1月9日至2023年1月15日（已于2023年1月16日结束）"
    assert "（已于2023年1月16日结束，无异议项目已核准）" in w.info.text()


def test_an_upheld_objection_on_the_screen_names_who_moves_up(reg, screen, qtbot):
    a, b = one_place_two_publicized(reg)
    oid = pub.record_objection(reg, a, date(2022, 12, 22), "匿名", "数据不实")
    notices: list[str] = []
    screen.ctx.notice.connect(notices.append)
    assert screen.resolve(oid, True, "属实", date(2022, 12, 23))
    assert any("名额空出，按排名可递补：“区级乙项目”（3万元）" in n for n in notices)


def test_the_resolve_dialog_takes_back_an_objection_entered_by_mistake(ids, screen, reg):
    from boostdesk.ui.publicity_screen import ResolveDialog

    pub.start_publicity(reg, YEAR, date(2022, 12, 20))
    oid = pub.record_objection(reg, ids["a"], date(2022, 12, 21), "张某", "重复登记")
    dialog = ResolveDialog(pub.objections(reg, YEAR)[0], parent=screen)
    assert "误登记" in dialog.in_error.text()
    assert screen.withdraw(oid, "与异议 1 重复")
    assert pub.objections(reg, YEAR) == []


def _in_dialog(qtbot, screen, keys) -> None:
    """Once the dialog the next key opens is up, type into it as the user would."""

    def run() -> None:
        from PySide6.QtWidgets import QApplication

        dialog = screen.dialog
        assert dialog is not None and dialog.isVisible()
        try:
            dialog.activateWindow()
            qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
            keys(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)


def test_after_a_dialog_the_keyboard_is_back_on_the_list(ids, screen, reg, qtbot):
    """登记异议… saved with Enter, 处理异议… left with Esc: ↑↓ go on in the list the
    dialog acted on (the keyboard was left nowhere)."""
    from PySide6.QtWidgets import QApplication

    screen.start(date(2022, 12, 20))
    screen.activateWindow()
    screen.table.setFocus()
    while screen.current_row().title != "区级丙项目":
        qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    qtbot.keyClick(screen.table, Qt.Key.Key_Tab)  # the objections (none yet)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.object_button

    def objection(dialog) -> None:
        _retype(qtbot, dialog.day_field, "2022-12-22")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_text(qtbot, "某人")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_text(qtbot, "数据不实")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    _in_dialog(qtbot, screen, objection)
    qtbot.keyClick(screen.object_button, Qt.Key.Key_Space)
    assert [r["content"] for r in reg.query("SELECT content FROM objections")] == ["数据不实"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)

    screen.objections.setFocus()
    qtbot.keyClick(screen.objections, Qt.Key.Key_Tab)  # 登记异议…
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.resolve_button
    _in_dialog(qtbot, screen,
               lambda _d: qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape))
    qtbot.keyClick(screen.resolve_button, Qt.Key.Key_Space)
    assert reg.query("SELECT resolution FROM objections")[0]["resolution"] is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.objections)


def test_start_greyed_while_another_batch_is_open_says_why_and_what_to_do(ids, screen, reg,
                                                                          qtbot):
    """The tester's 2022 stream: a re-adopted project waiting, batch 1 still 公示中 with an
    objection open — 开始公示… greyed with no word."""
    pub.start_publicity(reg, YEAR, date(2022, 12, 20))
    pub.record_objection(reg, ids["c"], date(2022, 12, 22), "某人", "数据不实")
    d = make_project(reg, "市级丁项目", "工作室丁", CITY)
    to_review(reg, d)
    from boostdesk.panel.experts import experts

    score_all(reg, experts(reg, YEAR)[0].id, {d: 85})
    adopt(reg, YEAR)
    screen.reload()
    screen.batch.setCurrentIndex(screen.batch.findData(-1))  # 待公示
    assert screen.batch.currentText().startswith("待公示")
    assert not screen.start_button.isEnabled()
    why = ("暂不能开始公示：第1批公示（2022年12月20日至2022年12月26日）尚未结束，有 1 件异议待处理。"
           "请在“公示批次”中选第1批，先处理异议，2022年12月27日起按“结束公示”结束该批后，再开始公示本批")
    assert screen.start_button.toolTip() == why
    assert why in screen.info.text()
    screen.batch.setCurrentIndex(0)  # the open batch: no such tooltip on a greyed start
    assert screen.start_button.toolTip() == ""


def test_the_close_dialog_says_what_the_close_does_and_it_does_it(ids, screen, reg, qtbot):
    """结束公示's words said only 无异议的项目核准助推: a project whose objection was found
    不成立 is approved too, one still being handled waits — the dialog says the close's own
    rule, and the close then does what it said."""
    screen.start(date(2022, 12, 20))
    screen.record_objection(ids["a"], date(2022, 12, 21), "某人", "数据不实")
    objection = reg.scalar("SELECT id FROM objections WHERE project_id = ?", (ids["a"],))
    assert screen.resolve(objection, False, "经核实数据属实", date(2022, 12, 23))
    screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "材料不全")
    said: list[str] = []

    def read_and_close(dialog) -> None:
        said.append(" ".join(lb.text() for lb in dialog.findChildren(QLabel)))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    _in_dialog(qtbot, screen, read_and_close)
    qtbot.mouseClick(screen.close_button, Qt.MouseButton.LeftButton)
    [text] = said
    assert "无异议或异议均不成立的项目核准助推" in text
    assert "异议成立的项目不予助推" in text
    assert "有异议待处理的项目暂不核准" in text
    assert reg.project(ids["a"]).status == "approved"  # its objection found 不成立
    assert reg.project(ids["c"]).status == "publicized"  # still being handled
