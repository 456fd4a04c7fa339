"""The form: a registered studio's enterprise typed 有限责任公司, 新建所在单位 chosen, then the
studio's facts kept (保留登记册的) — stop 45's re-test found the new spelling registered
for nothing and the status bar saying 已新登记所在单位."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication
from test_studio_two_ways import KNOWN, ROADS, paper
from test_ui_entry import open_new_form
from test_ui_save_box import TAB, clerk
from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

LLC = ROADS.replace("有限公司", "有限责任公司")
SAVE = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_keeping_the_registers_studio_facts_registers_no_enterprise_typed_otherwise(
        window, qtbot, reg, answers, monkeypatch):
    reg.save_project(paper(title="城市桥梁支座病害智能巡检技术攻关"))
    monkeypatch.undo()  # the real boxes
    said: list[str] = []
    window.ctx.notice.connect(said.append)
    form = open_new_form(qtbot, window, 1)
    typed = []
    for entry in ("北京市建设工会", LLC, KNOWN, "1", "n", "刘志强", "冷链仓储温控节能改造",
                  "智能装备", "2022-04-01", "y", "2024-03-31", "300", "10", "刘志强",
                  "13911112222", None, "2022-10-21"):
        typed += [entry, TAB] if entry else [TAB]
    clerk(qtbot, typed)
    # 是否为已登记的所在单位？ 新建所在单位; 工作室信息与登记册不同: 保留登记册的 — clicked
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and box is not form and box.isVisible():
            for button in box.findChildren(QAbstractButton):
                if button.isVisible() and button.text().startswith(("新建所在单位", "保留登记册的")):
                    asked.append(box.windowTitle())
                    button.click()
                    break

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(300)
    qtbot.keyClick(form.editor("title"), *SAVE)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=15000)
    timer.stop()
    assert asked == ["是否为已登记的所在单位？", "工作室信息与登记册不同"], asked
    assert not form.isVisible()
    [saved] = [a for a in reg.projects(2022) if a.title == "冷链仓储温控节能改造"]
    assert (saved.studio_name, saved.enterprise_name) == (KNOWN, ROADS)
    assert reg.scalar("SELECT COUNT(*) FROM enterprises WHERE name = ?", (LLC,)) == 0
    assert said and not any("已新登记" in text for text in said), said


def test_two_studios_of_one_name_are_told_apart_by_their_enterprise_on_screen(window, reg, qtbot):
    """工作室 at 1366×768: the second 智能检测职工创新工作室 (its name cut) and the first
    side by side with their 所在单位, in view without scrolling, sortable as the others."""
    from test_same_name_studios import LOGISTICS, OWN, SMART, STUDIO

    for studio, leader, enterprise, title in ((STUDIO, "林涛", SMART, "分拣线视觉检测系统"),
                                              (OWN, "吴二", LOGISTICS, "物流仓储分拣线效率提升")):
        reg.save_project(paper(title=title, studio_name=studio, leader=leader,
                               contact_name=leader, enterprise_name=enterprise))
    window.resize(1366, 768)
    screen = window.screen_named("工作室")
    header = screen.table.horizontalHeader()
    column = screen.HEADERS.index("所在单位")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    assert header.visualIndex(column) == 1  # beside the name
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    assert header.sectionViewportPosition(column) >= 0 and right <= screen.table.viewport().width()
    shown = {screen.model.text(r, 0): screen.model.text(r, column) for r in range(2)}
    assert shown[STUDIO] == SMART and shown[OWN] == LOGISTICS
    orders = []
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        screen.table.sortByColumn(column, order)
        orders.append([screen.model.text(r, column) for r in range(2)])
    assert orders[0] == orders[1][::-1] and orders[0] != orders[1]
