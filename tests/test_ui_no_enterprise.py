"""A 附件4 has no 所在单位 column: the studios it makes have no enterprise, so whether an
expert comes from a project's enterprise (回避) cannot be checked. The office head found it
said nowhere until 拨付: the import, 分配专家 and the studio pane now say it, and once the
enterprise is filled on 工作室 the 分配专家 line counts the experts the grid shows."""

from __future__ import annotations

from pathlib import Path

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_import import open_dialog, read
from test_ui_large_text import fully_shown, large_text
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import PROJECT
from boostdesk.panel.experts import Expert, save_expert

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
LEADERS = ("李四", "王五", "赵六")
POWER = "北京丰台电力公司"  # 李四职工创新工作室's real enterprise, not in the table


def fengtai_table(path: Path) -> Path:
    """丰台's 附件4: three studios, no 所在单位 column (as the plan's table has none)."""
    assert "所在单位" not in PROJECT_HEADERS
    return write_sheet(path, [PROJECT_HEADERS, *(
        project_row(序号=k + 1, 推荐单位="北京市丰台区总工会", 工作室名称=f"{n}职工创新工作室",
                    项目名称=f"丰台项目{k}", 领衔人=n) for k, n in enumerate(LEADERS))])


def _screen(window, qtbot, number: int):
    """Ctrl+number, back in the window (a dialog closed left nothing focused)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    if not window.isAncestorOf(QApplication.focusWidget()):
        window.nav.setFocus()
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
    return window.stack.currentWidget()


def _import(window, qtbot, answers, tmp_path) -> str:
    """Ctrl+I, the table read and imported; the preview's summary as shown."""
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, fengtai_table(tmp_path / "丰台附件4.xlsx"))
    qtbot.waitUntil(lambda: "导入后" in dialog.summary.text() or "合格" in dialog.summary.text())
    preview = dialog.summary.text()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    return preview


def test_the_import_names_the_studios_left_with_no_enterprise(window, qtbot, reg, answers,
                                                              tmp_path):
    preview = _import(window, qtbot, answers, tmp_path)
    named = "“李四职工创新工作室”、“王五职工创新工作室”、“赵六职工创新工作室”"
    assert f"未登记所在单位的工作室：{named}" in preview and "无法核对专家回避" in preview
    title, done = answers.infos[-1]
    assert title == "导入完成"
    assert f"未登记所在单位的工作室：{named}（表中没有所在单位）" in done
    assert "请在“工作室”中填写所在单位，填写前无法核对专家回避" in done


def test_a_studio_registered_with_its_enterprise_is_not_named(window, qtbot, reg, answers,
                                                              tmp_path):
    """王五's studio came with its enterprise on an earlier paper: its projects have it."""
    reg.ensure_studio("王五职工创新工作室", "city", None, reg.ensure_enterprise("北京王五公司"))
    preview = _import(window, qtbot, answers, tmp_path)
    assert "“李四职工创新工作室”、“赵六职工创新工作室”（" in preview
    assert "王五职工创新工作室" not in answers.infos[-1][1].split("未登记所在单位的工作室")[1]


def _on_panel(window, qtbot, answers, tmp_path):
    """The office head's walk: 附件4 imported, its projects qualified, an expert of 李四's
    real enterprise on a panel of three (five asked a project); 分配专家 in view.
    (the tab, 李四's project's row, 甲's column)"""
    _import(window, qtbot, answers, tmp_path)
    reg, year = window.ctx.reg, window.ctx.year
    for app in reg.projects(year):
        reg.set_status(PROJECT, app.id, "qualified")
    for name, org in (("甲", POWER), ("乙", "清华大学"), ("丙", "北京工业大学")):
        save_expert(reg, year, Expert(name, org))
    panel = _screen(window, qtbot, 5)
    tab = panel.show_tab("分配专家")
    panel.refresh()
    row = tab.model.row_of(next(a.id for a in reg.projects(year) if a.leader == "李四"))
    return tab, row, 2 + [e.name for e in tab.panel].index("甲")


def _auto(qtbot, tab) -> None:
    tab.auto_button.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=tab.auto_button)


def _fill_enterprise(window, qtbot, reg):
    """工作室 (Ctrl+3): 李四's studio, Enter, 所在单位 typed, Enter (保存). The screen."""
    studios = _screen(window, qtbot, 3)
    studios.table.setFocus()
    studio_row = next(r for r in range(studios.model.rowCount())
                      if studios.model.id_at(r) == reg.studio("李四职工创新工作室").id)
    studios.table.selectRow(studio_row)
    qtbot.waitUntil(lambda: "李四职工创新工作室" in studios.detail.toPlainText())
    pane = studios.detail.toPlainText()
    press(qtbot, Qt.Key.Key_Return, widget=studios.table)  # 修改工作室
    dialog = studios.current_form
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.enterprise.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.enterprise)
    type_text(qtbot, POWER, dialog.enterprise)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.enterprise)  # 保存
    qtbot.waitUntil(lambda: closed(dialog), timeout=5_000)
    assert reg.studio("李四职工创新工作室").enterprise_name == POWER
    return studios, pane


def test_assigning_says_which_projects_it_cannot_check(window, qtbot, reg, answers, tmp_path):
    """自动均衡分配 gives 甲 李四's project: 分配专家 says 回避 is not checked there."""
    from tests.test_panel_screen import cell

    tab, row, his = _on_panel(window, qtbot, answers, tmp_path)
    assert tab.unchecked.isVisible()
    assert tab.unchecked.text().startswith(
        "3 个项目的工作室未登记所在单位，无法核对专家回避（“丰台项目0”、“丰台项目1”、“丰台项目2”）"
        "：请在“工作室”中填写所在单位")
    _auto(qtbot, tab)
    assert cell(tab.table, row, 1) == "3/5" and cell(tab.table, row, his) == "评审"
    tip = "工作室未登记所在单位，无法核对专家回避：请在“工作室”中填写所在单位"
    assert cell(tab.table, row, his, Qt.ItemDataRole.ToolTipRole) == tip
    assert "（未登记所在单位）" in cell(tab.table, row, 0, Qt.ItemDataRole.ToolTipRole)
    assert tip in cell(tab.table, row, 1, Qt.ItemDataRole.ToolTipRole)  # 人数's why
    assert cell(tab.table, row, 0, Qt.ItemDataRole.BackgroundRole) is not None


def test_the_studio_pane_says_its_enterprise_is_not_registered(window, qtbot, reg, answers,
                                                                 tmp_path):
    """"北京市丰台区总工会 · " ended on a dangling ·; filled, the enterprise is shown."""
    _import(window, qtbot, answers, tmp_path)
    studios, pane = _fill_enterprise(window, qtbot, reg)
    assert "北京市丰台区总工会 · （未登记所在单位）" in pane and "无法核对专家回避" in pane
    qtbot.waitUntil(lambda: f"北京市丰台区总工会 · {POWER}" in studios.detail.toPlainText())
    assert "未登记所在单位" not in studios.detail.toPlainText()


def test_the_shortfall_line_counts_the_experts_the_grid_shows(window, qtbot, reg, answers,
                                                               tmp_path):
    """李四's 所在单位 filled after the assignment: 甲's cell turns 冲突 and the grid shows
    2/5, yet the red line kept saying all three projects had 3."""
    from tests.test_panel_screen import cell

    tab, row, his = _on_panel(window, qtbot, answers, tmp_path)
    _auto(qtbot, tab)
    assert tab.shortfall.text().startswith(
        "评审组只有 3 位专家，少于每个项目应有的 5 位：3 个项目各只有 3 位")
    _fill_enterprise(window, qtbot, reg)
    panel = _screen(window, qtbot, 5)
    assert panel.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: cell(tab.table, row, his) == "冲突")
    assert cell(tab.table, row, 1) == "2/5"
    lines = tab.shortfall.text().splitlines()
    assert lines[0].startswith("评审组只有 3 位专家，少于每个项目应有的 5 位：2 个项目各只有 3 位；")
    assert lines[1].startswith("项目“丰台项目0”有 2 位无利益冲突的专家（应为 5 位）：评审组共 3 位"
                               "专家，其中 甲（专家来自项目所在单位“北京丰台电力公司”） 存在利益冲突")
    # where to change the number asked, in the window (not a command to type)
    assert "boostdesk" not in tab.shortfall.text()
    assert lines[0].endswith("请增加评审专家，或在“评审组与评分细则”的“评审参数”中调整"
                             "“自动分配时每个项目的专家人数”")


def test_the_shortfall_stays_said_while_projects_are_short(window, qtbot, reg, answers,
                                                           tmp_path):
    """After 自动均衡分配 the red line named the projects short of experts; Space on the
    冲突 cell and 取消分配 (as the line says to do) left the grid at 2/5 and 3/5 and the line
    gone: it stood only while auto's message was on screen."""
    from tests.test_panel_screen import cell, click

    tab, row, his = _on_panel(window, qtbot, answers, tmp_path)
    assert tab.shortfall.text() == "3 个项目尚未分配专家（每个项目应有 5 位）：请自动均衡分配或逐一分配"
    _auto(qtbot, tab)
    assert tab.shortfall.text().startswith(
        "评审组只有 3 位专家，少于每个项目应有的 5 位：3 个项目各只有 3 位")
    _fill_enterprise(window, qtbot, reg)
    panel = _screen(window, qtbot, 5)
    qtbot.waitUntil(lambda: cell(tab.table, row, his) == "冲突")
    click(qtbot, tab.table, row, his)
    answers.yes = True  # 取消存在利益冲突的分配？ 取消分配
    press(qtbot, Qt.Key.Key_Space, widget=tab.table)
    qtbot.waitUntil(lambda: cell(tab.table, row, his) == "回避")
    assert cell(tab.table, row, 1) == "2/5"
    lines = tab.shortfall.text().splitlines()
    assert tab.shortfall.isVisible() and len(lines) == 2
    assert lines[0].startswith("评审组只有 3 位专家，少于每个项目应有的 5 位：2 个项目各只有 3 位；")
    assert lines[1].startswith("项目“丰台项目0”有 2 位无利益冲突的专家（应为 5 位）：评审组共 3 位"
                               "专家，其中 甲（专家来自项目所在单位“北京丰台电力公司”） 存在利益冲突")
    press(qtbot, Qt.Key.Key_F5, widget=tab.table)  # read again: still said
    assert tab.shortfall.text().splitlines() == lines
    # the year asks 2: none short, the line gone
    from boostdesk.panel.grid import PanelSettings, save_settings
    save_settings(reg, window.ctx.year, PanelSettings(experts_per_project=2))
    panel.refresh()
    assert tab.shortfall.text() == "" and not tab.shortfall.isVisible()


def test_saving_the_enterprise_says_the_assignments_it_put_in_conflict(window, qtbot, reg,
                                                                      answers, tmp_path):
    """李四's 所在单位 saved on 工作室 turned 甲's assignment 冲突 (his score no longer
    counts) with the status bar saying only 已修改工作室."""
    tab, _row, _his = _on_panel(window, qtbot, answers, tmp_path)
    _auto(qtbot, tab)
    _fill_enterprise(window, qtbot, reg)
    assert window.statusBar().currentMessage() == (
        "已修改工作室“李四职工创新工作室”；1 项专家分配因所在单位相同成为利益冲突，"
        "请到“分配专家”处理")


def test_at_large_text_the_grid_and_its_lines_scroll_not_squeeze(large_text, window, qtbot,
                                                                 reg, answers, tmp_path):
    """960×600 at 18 pt, the shortfall now standing under the grid: the note above, the
    所在单位 line and the red lines left the grid no row and cut the lines; the page
    scrolls instead, a few projects in view and every line whole."""
    from tests.test_panel_screen import cell

    window.resize(960, 600)
    tab, row, _his = _on_panel(window, qtbot, answers, tmp_path)
    _auto(qtbot, tab)
    qtbot.waitUntil(lambda: cell(tab.table, row, 1) == "3/5")
    QApplication.sendPostedEvents()  # the lines' new heights laid out (LayoutRequest)
    QApplication.processEvents()
    grid = tab.table
    assert grid.viewport().height() >= 2 * grid.verticalHeader().defaultSectionSize()
    for label in (tab.note, tab.unchecked, tab.shortfall):
        assert fully_shown(label), label.text()[:20]
