"""专家评审 → 排名与档次: the 评审汇总表 written from the window, by keys (Ctrl+E there, as
文件 → 导出当前列表 everywhere; greyed on the panel's other tabs, which have none), and by
its button; the file dialog opening in the folder of the last export."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from test_ui_file_dialog_folders import Dialogs, documents
from test_ui_support import answers, ctx, focused, press, qsettings, window

from tests.test_panel_summary import NAMES, chair_register

__all__ = ["answers", "ctx", "documents", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def chair(reg, tmp_path):
    """The register filled before the window opens on it (made after this fixture)."""
    return chair_register(reg, tmp_path)


@pytest.fixture
def files(monkeypatch) -> Dialogs:
    return Dialogs(monkeypatch)


def _to_rank_tab(qtbot, window):
    """Ctrl+5 (专家评审), then Ctrl+Tab from tab to tab to 排名与档次, as a clerk would."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_5, CTRL, window)
    screen = window.current_screen()
    for _ in range(10):
        if screen.tabs.tabText(screen.tabs.currentIndex()) == "排名与档次":
            break
        press(qtbot, Qt.Key.Key_Tab, CTRL)
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "排名与档次"
    return screen


def test_ctrl_e_on_the_ranking_writes_the_panel_summary(chair, window, ctx, qtbot, tmp_path,
                                                         documents, files):
    screen = _to_rank_tab(qtbot, window)
    assert window.export_action.isEnabled()
    assert window.export_action.text() == "导出评审汇总表（xlsx）(&E)…"
    files.into = tmp_path / "评审会"
    files.into.mkdir()
    press(qtbot, Qt.Key.Key_E, CTRL)
    written = files.into / "2022年度专家评审汇总表.xlsx"
    qtbot.waitUntil(lambda: written.exists() and not ctx.busy, timeout=20_000)
    assert files.asked == [str(documents / "2022年度专家评审汇总表.xlsx")]
    ws = openpyxl.load_workbook(written)["评审汇总表"]
    assert [c.value for c in ws[3]][4:9] == list(NAMES)
    assert "回避" in [c.value for row in ws.iter_rows() for c in row]
    assert "已导出 2022 年度专家评审汇总表" in window.statusBar().currentMessage()
    # the other tabs have no export: Ctrl+E greyed there, and does nothing
    press(qtbot, Qt.Key.Key_Tab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "评分包"
    assert not window.export_action.isEnabled()
    assert window.export_action.text() == "导出当前列表（xlsx）(&E)…"
    press(qtbot, Qt.Key.Key_E, CTRL, focused())
    assert len(files.asked) == 1
    from boostdesk.ui.help_dialogs import OTHER_KEYS  # 帮助 → 快捷键 says it

    assert any(keys == "Ctrl+E" and "排名与档次：导出评审汇总表" in what for keys, what in OTHER_KEYS)


def test_the_button_offers_the_pdf_in_the_folder_of_the_last_export(
        chair, window, ctx, qtbot, tmp_path, documents, files):
    screen = _to_rank_tab(qtbot, window)
    work = tmp_path / "年度工作"
    work.mkdir()
    ctx.settings.setValue("export/folder", str(work))  # an earlier export went there
    files.into = work
    button = screen.rank.findChild(QPushButton, "panel_summary")
    assert button.isEnabled() and "Ctrl+E" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    written = work / "2022年度专家评审汇总表.pdf"
    qtbot.waitUntil(lambda: written.exists() and not ctx.busy, timeout=20_000)
    assert files.asked == [str(written)]
    assert written.read_bytes().startswith(b"%PDF")


def test_the_detail_line_names_whose_total_is_whose(chair, window, qtbot):
    """It listed 各专家合计分 sorted, without names: whose score was dropped as the highest
    and lowest, and who stood aside, could not be told."""
    screen = _to_rank_tab(qtbot, window)
    tab = screen.rank
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier, tab.table)
    assert tab.current().project_id == chair["甲"]
    assert ("各专家合计分：韩雪梅 (90.0)、李文静 85.0、刘振东 80.0、钱志伟 88.0、孙国华 (70.0)"
            "（括号内为去掉的最高分、最低分）") in tab.detail.text()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, tab.table)
    assert "各专家合计分：韩雪梅 80.0、李文静 84.0、刘振东 78.0、钱志伟 回避、孙国华 86.0。" \
        in tab.detail.text()
    assert "计入评分的专家 4 位（钱志伟回避）" in tab.detail.text()
    press(qtbot, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, tab.table)
    assert "韩雪梅 75.0、李文静 未交、刘振东 77.0" in tab.detail.text()


def test_after_adoption_the_empty_scoring_sheet_says_where_the_scores_are(reg, tmp_path, qtbot):
    """评分录入 shows an empty grid for every expert once the list is adopted: it now says
    where each expert's scores are read."""
    from test_ui_support import shown_screen

    from boostdesk.ui.panel_screen import PanelScreen
    from tests.test_panel_summary import _adopted

    ids = chair_register(reg, tmp_path)
    _adopted(reg, ids)
    screen = shown_screen(qtbot, PanelScreen, reg, tmp_path, 2022)
    tab = screen.show_tab("评分录入")
    assert tab.model.rowCount() == 0
    assert "“排名与档次”中的“导出评审汇总表…”（Ctrl+E）" in tab.closed.text()
