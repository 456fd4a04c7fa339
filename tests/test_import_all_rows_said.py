"""A summary table whose rows all have one verdict (tester, stop 42: 2,000 rows, every one
待补材料) was said 待补材料 2000 行（第 2、3、4、…、31 行 等 2000 行）: now 全部 2000 行, on the
command line, in the import window before the import and in its 导入完成 box; the rows a
second reading finds registered are said so too."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    PATENT_HEADERS,
    patent_no,
    patent_row,
    resident_id,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table

__all__ = ["answers", "ctx", "qsettings", "window"]

SAME_GAP = "待补材料 全部 3 行：汇总表没有收件日期和材料勾选"


def three_rows(tmp_path):
    return write_sheet(tmp_path / "汇总表.xlsx", [
        PATENT_HEADERS, patent_row(第一发明人="甲", 身份证号=ID_1),
        patent_row(序号=2, 第一发明人="乙", 身份证号=ID_2, 专利号=patent_no("202110666666")),
        patent_row(序号=3, 第一发明人="丙", 身份证号=resident_id("11010819900301003"),
                   专利号=patent_no("202110777777"))])


def test_the_command_line_says_all_rows(tmp_path, capsys):
    assert main(["import", str(three_rows(tmp_path)), "--db", str(tmp_path / "r.db")]) == 0
    out = capsys.readouterr().out
    assert "待补 3" in out and SAME_GAP in out, out
    assert "第 2、3、4 行" not in out


def test_the_window_says_all_rows_before_and_after(window, qtbot, reg, answers, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, three_rows(tmp_path))
    qtbot.waitUntil(lambda: dialog.model.verdicts is not None, timeout=10_000)
    assert "不合格 0 行、待补材料 全部 3 行、合格 0 行" in dialog.summary.text()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    text = answers.infos[-1][1]
    assert f"\n{SAME_GAP}" in text and "第 2、3、4 行" not in text, text


def test_a_table_read_again_says_all_its_rows_registered(window, qtbot, reg, answers, tmp_path):
    path = three_rows(tmp_path)
    commit(reg, read_table(path, 2022))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert "已登记（与表中相同）全部 3 行，不再导入" in dialog.summary.text(), dialog.summary.text()


def test_one_row_or_some_rows_are_listed_as_before():
    from boostdesk.io.import_verdicts import rows_counted

    assert rows_counted([2], 1) == "1 行（第 2 行）"
    assert rows_counted([2, 4], 3, "见“原因”列") == "2 行（第 2、4 行，见“原因”列）"
    assert rows_counted([2, 3, 4], 3, "见“原因”列") == "全部 3 行（见“原因”列）"
