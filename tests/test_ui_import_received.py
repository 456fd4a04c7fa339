"""A table imported with its 收件日期 box left empty, imported again with the date: the window
fills the registered papers still without one, as ``import --received`` does
(``received_days.fill_registered``), and says so; a paper dated at the desk keeps its day."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PATENT_HEADERS, own_card, patent_no, resident_id, write_sheet
from fixtures.summary_sheets import patent_row as sheet_row
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_import import TWO_GOOD, open_dialog, patent_row, read, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models.records import PATENT
from boostdesk.ui.import_dialog import READY, SAME

__all__ = ["answers", "ctx", "qsettings", "window"]


def _import(qtbot, window, path, day: str = "") -> None:
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    if day:
        dialog.received.setFocus()
        type_text(qtbot, day, dialog.received)
    dialog.import_all.setFocus()  # the box left: its date taken (editingFinished)
    qtbot.waitUntil(dialog.import_all.isEnabled, timeout=10_000)
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    window.activateWindow()  # back to the list
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _days(reg) -> list[date | None]:
    return [a.received_date for a in reg.patents(2022)]


def test_a_table_imported_again_with_the_date_fills_its_registered_papers(
        window, qtbot, reg, answers, tmp_path):
    path = summary_table(tmp_path / "haidian.xlsx", TWO_GOOD)
    _import(qtbot, window, path)  # the box left empty: 待填收件日期
    assert _days(reg) == [None, None]
    a, b = [p.id for p in reg.patents(2022)]
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.model.rows_with(SAME) == [3, 4]
    summary = dialog.summary.text()
    assert "表中已登记的 2 份申报尚无收件日期" in summary and "表中未填收件日期的按" in summary
    assert not dialog.import_all.isEnabled()  # nothing to do until the date is given
    dialog.received.setFocus()
    type_text(qtbot, "2022-10-28", dialog.received)
    assert dialog.import_all.isEnabled()  # as she types
    assert "填写 2 项已登记的收件日期" in dialog.import_all.text()
    press(qtbot, Qt.Key.Key_Tab)  # the box left: the summary says what the import will do
    qtbot.waitUntil(lambda: "导入时填写收件日期 2022-10-28" in dialog.summary.text(),
                    timeout=10_000)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert _days(reg) == [date(2022, 10, 28)] * 2
    said = answers.infos[-1][1]
    assert "没有新的申报（2022 年度）" in said
    assert f"已为表中已登记、尚无收件日期的 2 份申报填写收件日期 2022-10-28：专利{a}、专利{b}" in said
    assert reg.scalar("SELECT count(*) FROM audit_events WHERE action = 'update'"
                      " AND entity = 'patent_applications'") == 2  # each audited


def test_a_new_row_is_imported_and_a_paper_dated_at_the_desk_keeps_its_day(
        window, qtbot, reg, answers, tmp_path):
    first = summary_table(tmp_path / "first.xlsx", TWO_GOOD)
    _import(qtbot, window, first)
    a, b = [p.id for p in reg.patents(2022)]
    with reg.transaction():  # typed at the desk meanwhile
        reg.conn.execute("UPDATE patent_applications SET received_date = '2022-10-20'"
                         " WHERE id = ?", (b,))
    who = resident_id("11010219900303003")
    third = patent_row(专利名称="一种新的装置", 专利号=patent_no("202110777777"),
                       第一发明人="王五", 身份证号=who, 工会会员互助服务卡号=own_card(who))
    again = summary_table(tmp_path / "again.xlsx", [*TWO_GOOD, third])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    assert dialog.model.rows_with(READY) == [5]
    dialog.received.setFocus()
    type_text(qtbot, "2022-10-28", dialog.received)
    dialog.import_all.setFocus()
    qtbot.waitUntil(lambda: "填写 1 项已登记的收件日期" in dialog.import_all.text(),
                    timeout=10_000)
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    days = {p.id: p.received_date for p in reg.patents(2022)}
    assert days[a] == date(2022, 10, 28) and days[b] == date(2022, 10, 20)
    assert len(days) == 3 and date(2022, 10, 28) == days[max(days)]  # the new row's too
    said = answers.infos[-1][1]
    assert "导入 1 行" in said and f"1 份申报填写收件日期 2022-10-28：专利{a}" in said
    assert reg.application(PATENT, b).received_date == date(2022, 10, 20)


def test_a_received_date_without_its_year_is_read_in_the_season_and_shown(
        window, qtbot, reg, answers, tmp_path):
    path = write_sheet(tmp_path / "dated.xlsx",
                       [[*PATENT_HEADERS, "收件日期"], [*sheet_row(), "10月28日"]])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.model.rows_with(READY) == [2]
    assert "按常见写法读取" in dialog.summary.text()
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "收件日期填“10月28日”，未写年份，读作 2022-10-28" in reasons
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert _days(reg) == [date(2022, 10, 28)]
