"""专家评审's 回避 with a 工作单位 written nearly as the project's enterprise: 评审组与评分细则
names the registered names near as it is typed, 分配专家 shows the cell 相近 and asks before
assigning it (不分配 the default), and 自动均衡分配 leaves it, saying why."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_panel_screen import ctx, screen
from test_ui_support import type_text

from boostdesk.panel.experts import Expert, assignments, experts, save_expert
from boostdesk.ui.panel_models import NEAR
from tests.test_panel_support import CITY, YEAR, make_project, to_review

__all__ = ["ctx", "screen"]

SIFANG = "北京四方继保自动化股份有限公司"


def _answer(qtbot, answer) -> list[tuple[str, str]]:
    """The next question box's text and default button, answered by ``answer(box)``."""
    seen: list[tuple[str, str]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        seen.append((box.text(), box.defaultButton().text().split("(&")[0]))
        answer(box)

    QTimer.singleShot(0, look)
    return seen


def test_typing_a_unit_near_a_registered_enterprise_names_it(screen, reg, qtbot):
    make_project(reg, "智能变电站继电保护在线校验装置研发", "王建国职工创新工作室", CITY, enterprise=SIFANG)
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    tab.name.setFocus()
    type_text(qtbot, "钱志伟")
    qtbot.keyClick(tab.name, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.org
    type_text(qtbot, "四方继保公司")
    assert tab.org_note.isVisible()
    assert tab.org_note.text().startswith(f"工作单位“四方继保公司”与登记册中的单位名称相近：“{SIFANG}”")
    qtbot.keyClick(tab.org, Qt.Key.Key_Return)  # 添加专家
    assert [e.name for e in experts(reg, YEAR)] == ["钱志伟"]
    # the fields cleared for the next one: the note stays, saying whose it is
    assert tab.org.text() == "" and tab.org_note.text().startswith("已添加专家“钱志伟”。工作单位")
    type_text(qtbot, "刘振东", tab.name)
    qtbot.keyClick(tab.name, Qt.Key.Key_Tab)
    type_text(qtbot, "北京理工大学")
    assert not tab.org_note.isVisible()


def test_a_near_cell_is_asked_about_and_auto_leaves_it(screen, reg, qtbot):
    pid = make_project(reg, "智能变电站继电保护在线校验装置研发", "王建国职工创新工作室", CITY,
                       enterprise=SIFANG)
    to_review(reg, pid)
    qian = save_expert(reg, YEAR, Expert("钱志伟", "四方继保公司", "电力"))
    save_expert(reg, YEAR, Expert("刘振东", "北京理工大学", "机械"))
    tab = screen.show_tab("分配专家")
    screen.refresh()
    table = tab.table
    col = next(c for c in range(table.model().columnCount())
               if str(table.model().headerData(c, Qt.Orientation.Horizontal)).startswith("钱志伟"))
    index = table.model().index(0, col)
    assert index.data() == NEAR
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(
        f"专家工作单位“四方继保公司”与项目所在单位“{SIFANG}”相近")
    # 自动均衡分配 leaves it and says why
    qtbot.mouseClick(tab.auto_button, Qt.MouseButton.LeftButton)
    assert [a.expert_id for a in assignments(reg, YEAR)] != [] and qian not in [
        a.expert_id for a in assignments(reg, YEAR)]
    assert "专家“钱志伟”的工作单位“四方继保公司”与以下项目的单位名称相近" in tab.error.text()
    # Space on it asks, 不分配 the default: Enter keeps it unassigned
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, col))
    seen = _answer(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    [(text, default)] = seen
    assert default == "不分配"
    assert text.startswith(f"专家工作单位“四方继保公司”与项目所在单位“{SIFANG}”相近")
    assert qian not in [a.expert_id for a in assignments(reg, YEAR)]
    assert "未分配“智能变电站继电保护在线校验装置研发”给钱志伟" in tab.error.text()

    def yes(box):
        [button] = [b for b in box.buttons() if b.text().split("(&")[0] == "仍然分配"]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    seen = _answer(qtbot, yes)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert len(seen) == 1
    assert qian in [a.expert_id for a in assignments(reg, YEAR)]
    assert tab.near_assigned.isVisible()
    assert tab.near_assigned.text().startswith(
        "已分配的 1 项中，专家工作单位与项目的单位名称相近、可能存在利益冲突（指向单元格查看）："
        "钱志伟—“智能变电站继电保护在线校验装置研发”")
