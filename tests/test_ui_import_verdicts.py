"""The import dialog says, before the import, the verdict each row will be stored with
(导入后资格), and after it names the rows by verdict; its notes leave room for the rows."""

from __future__ import annotations

from fixtures.summary_sheets import (
    CARD_2,
    ID_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    UTILITY,
    numbered_name,
    patent_no,
    project_row,
    resident_id,
    write_sheet,
)
from fixtures.summary_sheets import patent_row as sheet_row
from PySide6.QtCore import QPoint, Qt
from test_ui_import import open_dialog, patent_row, read, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.rules.findings import stored_findings
from boostdesk.ui.import_dialog import READY, VERDICT_COLUMN

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_the_preview_says_each_rows_verdict_and_the_result_names_the_rows(
        window, qtbot, reg, answers, tmp_path):
    rows = [patent_row(), patent_row(专利名称="一种轴承故障诊断方法", 专利号=UTILITY,
                                     第一发明人="李四", 身份证号=ID_2, 工会会员互助服务卡号=CARD_2)]
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "t.xlsx", rows))
    model = dialog.model
    qtbot.waitUntil(lambda: model.verdicts is not None, timeout=10_000)
    assert model.headerData(VERDICT_COLUMN, Qt.Orientation.Horizontal) == "导入后资格"
    assert model.rows_with(READY) == [3, 4]  # 可导入 still says it can be stored, no more
    assert model.data(model.index(0, VERDICT_COLUMN)) == "待补材料：缺材料、收件日期"
    refused = model.data(model.index(1, VERDICT_COLUMN))
    assert refused.startswith("不合格：") and "实用新型专利" in refused
    assert "不合格 1 行（第 4 行）、待补材料 1 行（第 3 行）" in dialog.summary.text()

    header = dialog.table.horizontalHeader()  # sorted by the column: the refused row first
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(
        header.sectionViewportPosition(VERDICT_COLUMN) + 20, header.height() // 2))
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["4", "3"]

    dialog.received.setFocus()  # a 收件日期 for the rows: judged again as they will be stored
    type_text(qtbot, "2022-10-30", dialog.received)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: model.verdict(3) is not None
                    and model.verdict(3).text == "待补材料：缺材料", timeout=10_000)
    said = [model.verdict(3).findings, model.verdict(4).findings]
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    text = answers.infos[-1][1]
    assert text.startswith("t.xlsx：导入 2 行：合格 0、不合格 1、待补 1（2022 年度）")
    assert "\n不合格 1 行：\n  第 4 行（李四，专利2）：" in text and "实用新型专利" in text
    assert "\n待补材料 1 行（第 3 行）：汇总表没有材料勾选" in text
    stored = [stored_findings(f) for (f,) in reg.conn.execute(
        "SELECT findings FROM patent_applications ORDER BY id")]
    assert stored == said  # the preview said what the import stored


def test_a_projects_verdict_follows_the_box_keeping_its_studios_facts(
        window, qtbot, reg, answers, tmp_path):
    """A 市级 studio in the register, 区级 in the table, 8 万元 in all: kept at 市级 even its
    lowest tier is over half the budget (不合格); taken from the table it is not."""
    from boostdesk.models.records import ProjectApplication

    reg.save_project(ProjectApplication(
        2022, title="已登记项目", studio_name="李四职工创新工作室", studio_level="city",
        leader="李四", total_budget_fen=3_000_000_00))
    path = write_sheet(tmp_path / "p.xlsx", [PROJECT_HEADERS, project_row(
        工作室级别="区级", **{"项目总投入（万元）": 8, "申请助推金额（万元）": 3})])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    qtbot.waitUntil(lambda: model.verdicts is not None, timeout=10_000)
    judged = model.data(model.index(0, VERDICT_COLUMN))
    assert judged.startswith("不合格：") and "低于最低档 ¥50,000.00" in judged
    dialog.update_studios.click()
    qtbot.waitUntil(lambda: (model.data(model.index(0, VERDICT_COLUMN)) or "").startswith(
        "待补材料"), timeout=10_000)


def test_the_notes_leave_room_for_the_rows_at_760_by_620(window, qtbot, reg, answers, tmp_path):
    """Eight “…不在本表中” notes filled the top of a 760×620 window: four rows showed.
    (They are one line now, their list unfolded on 列出: still scrolled, not pushing.)"""
    people = [{"第一发明人": numbered_name("职工", i), "身份证号": resident_id(f"11010519800101{i:03d}"),
               "专利号": patent_no(f"2021101{i:05d}")} for i in range(10, 19)]
    commit(reg, read_table(write_sheet(tmp_path / "earlier.xlsx", [
        PATENT_HEADERS, *(sheet_row(**p) for p in people)]), 2022))
    dialog = open_dialog(qtbot, window)
    dialog.resize(760, 620)
    # sent again whole but for four of its nine rows: those named as not in it
    read(qtbot, dialog, summary_table(tmp_path / "t.xlsx", [
        patent_row(), *(patent_row(**p) for p in people[:5])]))
    qtbot.waitUntil(lambda: dialog.model is not None and dialog.model.verdicts is not None,
                    timeout=10_000)
    assert dialog.summary.text().count("不在本表中") == 1  # one line, the four folded
    dialog.summary.setFocus()
    press(qtbot, Qt.Key.Key_Tab, widget=dialog.summary)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.summary)  # 列出这 4 项
    qtbot.waitUntil(lambda: "收起" in dialog.summary.text())
    qtbot.wait(50)  # laid out
    assert all(f"（{p['第一发明人']}，" in dialog.summary.text() for p in people[5:])
    row_height = dialog.table.verticalHeader().defaultSectionSize()
    assert dialog.table.viewport().height() >= 9 * row_height
    area = dialog.summary_area
    assert area.verticalScrollBar().maximum() > 0 and area.focusPolicy() == Qt.FocusPolicy.TabFocus
