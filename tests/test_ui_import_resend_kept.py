"""导入汇总表 with a correction table: a registered row the update box would not take (its
project in publicity) says why and how it is corrected instead, the box not offered; a
union's whole table sent again names the papers it lacks in one line, listed on 列出."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PROJECT_HEADERS, write_sheet
from PySide6.QtCore import Qt
from test_import_resend import corrected_table
from test_import_resend_kept import _projects, replace_cell
from test_ui_import import open_dialog, read
from test_ui_import_resend import registered
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models.records import PROJECT
from boostdesk.ui.import_dialog import DIFFERS

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_a_project_in_publicity_is_not_offered_to_the_update_box(
        window, qtbot, reg, answers, tmp_path):
    commit(reg, read_table(write_sheet(tmp_path / "朝阳区项目.xlsx",
                                       [PROJECT_HEADERS, *_projects(5)]), 2022))
    for status in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, 1, status)
    fix = write_sheet(tmp_path / "J01更正.xlsx", [
        PROJECT_HEADERS, replace_cell(_projects(1)[0], "立项日期", date(2022, 2, 1))])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, fix)
    assert dialog.model.rows_with(DIFFERS) == [2]
    summary = dialog.summary.text()
    assert "已登记但与表中不同 1 行（第 2 行，不同之处见“原因”列）：该申报处于“公示”" in summary
    assert "公示名单按登记册公布" in summary and "在“公示”中登记为该项目的异议" in summary
    assert "才改动登记册" not in summary and not dialog.update_registered.isVisible()
    # a one-row correction: the union's four other projects are not named as withdrawn
    assert "不在本表中" not in summary
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "处于“公示”，不按表更新" in reasons and "在“创新项目”中打开该申报更正" in reasons


def test_the_papers_a_whole_table_lacks_are_one_line_listed_on_its_link(
        window, qtbot, reg, answers, tmp_path):
    registered(reg, tmp_path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))  # 王五's paper left out
    summary = dialog.summary.text()
    assert summary.count("不在本表中") == 1
    assert "2022 年度另有 1 项申报不在本表中（本表列出其已登记的 2 项）" in summary
    assert "列出这 1 项" in summary and "专利3（王五" not in summary  # folded
    # reached with Tab, unfolded with Enter
    dialog.summary.setFocus()
    press(qtbot, Qt.Key.Key_Tab, widget=dialog.summary)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.summary)
    qtbot.waitUntil(lambda: "专利3（王五" in dialog.summary.text())
    assert "收起" in dialog.summary.text()
    assert "专利3（王五" in dialog.problem_text()  # each one in the list sent to the union
