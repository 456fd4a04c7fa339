"""The 收件日期 is the office's own date: written without its year (10月28日) it is read in
the year's season wherever she types it — the paper form did, Ctrl+D refused it asking for
the year 照原件, and the import's box took it as empty with nothing said (全部导入 grey).
A table sent again that only adds the 收件日期 its registered rows lack fills them."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PATENT_HEADERS, patent_no, resident_id, write_sheet
from fixtures.summary_sheets import patent_row as sheet_row
from PySide6.QtCore import Qt
from test_ui_import import TWO_GOOD, open_dialog, read, summary_table
from test_ui_import_received import _days, _import
from test_ui_received_days import _ctrl_d, _undated
from test_ui_received_days import _days as days_of
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window
from test_ui_undo_status import shift_select

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_ctrl_d_reads_a_day_without_its_year_in_the_season(window, qtbot, reg, answers):
    ids = _undated(reg)
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "10月28日", dialog.day)
    assert dialog.read_as.text() == "读作 2022-10-28"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert days_of(reg, ids) == [date(2022, 10, 28)] * 3


def test_the_import_box_reads_a_day_without_its_year_and_says_so(
        window, qtbot, reg, answers, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "t.xlsx", TWO_GOOD))
    dialog.received.setFocus()
    type_text(qtbot, "10月28日", dialog.received)
    assert "读作 2022-10-28" in dialog.received_note.text()
    dialog.import_all.setFocus()
    qtbot.waitUntil(dialog.import_all.isEnabled, timeout=10_000)
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert _days(reg) == [date(2022, 10, 28)] * 2


def test_the_import_box_says_why_a_date_is_not_read(window, qtbot, tmp_path):
    dialog = open_dialog(qtbot, window)
    dialog.received.setFocus()
    type_text(qtbot, "6月1日", dialog.received)  # far from the season: its year asked
    assert "日期写得不对" in dialog.received_note.text()
    dialog.reject()


def _dated(tmp_path, name: str, *days: object):
    rows = [[*sheet_row(序号=i, 专利号=patent_no(f"20211012345{i}"), 第一发明人=who,
                        身份证号=resident_id(f"1101051980010100{i}")), day]
            for i, (who, day) in enumerate(zip(("张三", "李四"), days, strict=True), start=1)]
    return write_sheet(tmp_path / name, [[*PATENT_HEADERS, "收件日期"], *rows])


def test_a_resent_table_adding_the_received_dates_fills_them(window, qtbot, reg, answers,
                                                              tmp_path):
    _import(qtbot, window, _dated(tmp_path, "first.xlsx", None, None))
    assert _days(reg) == [None, None]
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, _dated(tmp_path, "again.xlsx", "10月28日", "2022-10-30"))
    assert "表中为已登记、尚无收件日期的 2 份申报填了收件日期" in dialog.summary.text()
    assert "填写 2 项已登记的收件日期" in dialog.import_all.text()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert _days(reg) == [date(2022, 10, 28), date(2022, 10, 30)]
    said = answers.infos[-1][1]
    assert "已按表中收件日期为已登记、尚无收件日期的 2 份申报填写收件日期" in said
    assert "已登记（与表中相同）全部 2 行，不再导入" in said  # as the preview says all rows
