"""The import dialog's 按已登记的工作室登记名称相近的工作室: a table's 熊德职工技术创新工作室
taken as the registered 熊德职工创新工作室 when the clerk ticks it, each row saying so."""

from __future__ import annotations

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]

XIONG, XIONG_TECH = "熊德职工创新工作室", "熊德职工技术创新工作室"


def test_the_box_takes_the_registered_studio(window, qtbot, reg, answers, tmp_path):
    from boostdesk.models.records import ProjectApplication

    reg.save_project(ProjectApplication(2022, title="高炉煤气余压发电优化", studio_name=XIONG,
                                        studio_level="city", leader="熊德"))
    path = write_sheet(tmp_path / "p.xlsx", [PROJECT_HEADERS, project_row(
        项目名称="电池包液冷板焊接工艺", 工作室名称=XIONG_TECH, 领衔人="熊德")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    box = dialog.registered_studios
    assert box.isVisible() and not box.isChecked()
    note = dialog.model.data(dialog.model.index(0, 2))
    assert "或导入时勾选“按已登记的工作室登记名称相近的工作室”" in note and "--registered" not in note
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    said = f"第 2 行：工作室“{XIONG_TECH}”按已登记的“{XIONG}”登记"
    qtbot.waitUntil(lambda: said in dialog.summary.text(), timeout=10_000)
    assert f"按已登记的“{XIONG}”登记" in dialog.model.data(dialog.model.index(0, 2))
    dialog.import_all.click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert [s.name for s in reg.studios()] == [XIONG]
