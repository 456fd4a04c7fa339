"""Importing a unit's summary table through the dialog: preview, refusals, all or nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from fixtures.summary_sheets import CARD_1, CARD_2, ID_1, ID_2, INVENTION, INVENTION_2, patent_no
from PySide6.QtCore import Qt
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.io.template import FIRST_DATA_ROW, write_template
from boostdesk.models.records import PatentApplication
from boostdesk.ui.import_dialog import DIFFERS, DUPLICATE, READY, REFUSED, ImportDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def patent_row(**over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "推荐单位": "北京市海淀区总工会", "所在单位": "北京某某科技有限公司",
        "专利名称": "一种焊缝检测装置", "专利号": INVENTION, "授权公告日": date(2021, 3, 5),
        "第一发明人": "张三", "身份证号": ID_1, "工会会员互助服务卡号": CARD_1,
        "联系电话": "13800138000", "是否一线职工": "是", "是否职务发明": "是",
        "是否已在生产中应用": "是",
    }
    row.update(over)
    return row


def summary_table(path: Path, rows: list[dict[str, object]]) -> Path:
    """The blank template of attachment 2, filled in as a unit would."""
    write_template(path, "patent", 2022)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[FIRST_DATA_ROW - 1]]
    for i, values in enumerate(rows):
        for j, header in enumerate(headers, start=1):
            if header in values:
                ws.cell(FIRST_DATA_ROW + i, j, values[header])
    wb.save(path)
    return path


TWO_GOOD = [
    patent_row(),
    patent_row(专利名称="一种轴承故障诊断方法", 专利号=INVENTION_2, 第一发明人="李四",
               身份证号=ID_2, 工会会员互助服务卡号=CARD_2),
]


def open_dialog(qtbot, window) -> ImportDialog:
    press(qtbot, Qt.Key.Key_I, CTRL, window)
    dialog = window.screens[0].current_form
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def read(qtbot, dialog: ImportDialog, path: Path) -> None:
    dialog.path.setFocus()
    type_text(qtbot, str(path), dialog.path)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.path)  # read off the UI thread
    qtbot.waitUntil(lambda: dialog.preview is not None or "无法" in dialog.summary.text()
                    or "找不到" in dialog.summary.text(), timeout=10_000)


def test_a_summary_table_is_imported_through_the_dialog(window, qtbot, reg, answers, tmp_path):
    path = summary_table(tmp_path / "haidian.xlsx", TWO_GOOD)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.model.rows_with(READY) == [3, 4]
    assert reg.patents() == []  # a preview stores nothing
    assert dialog.import_all.isEnabled() and not dialog.import_rest.isEnabled()
    dialog.received.setFocus()
    type_text(qtbot, "2022-10-30", dialog.received)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    apps = reg.patents(2022)
    assert [a.inventor_name for a in apps] == ["张三", "李四"]
    assert all(a.received_date == date(2022, 10, 30) for a in apps)
    assert answers.infos and "导入 2 行" in answers.infos[-1][1]
    screen = window.screens[0]
    assert screen.model.total == 2
    # the paper materials are not in a summary table: 待补材料 until they are received
    rows = [screen.model.row_data(r) for r in range(2)]
    assert {r.verdict for r in rows} == {"incomplete"}
    assert {f["code"] for r in rows for f in r.findings} == {"MATERIALS_MISSING"}
    assert reg.audit_trail("patent_applications", apps[0].id)[0]["operator"] == "录入员甲"
    screen.table.selectRow(0)  # the detail pane says which file the application came from
    qtbot.waitUntil(lambda: "从汇总表导入：haidian.xlsx" in screen.detail.toPlainText())


def test_refused_rows_are_marked_and_only_skipped_after_confirmation(
        window, qtbot, reg, answers, tmp_path):
    rows = [*TWO_GOOD, patent_row(专利名称="坏行", 专利号="", 授权公告日="2021-13-45",
                                  第一发明人="王五", 是否职务发明="也许")]
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "bad.xlsx", rows))
    model = dialog.model
    assert model.rows_with(REFUSED) == [5]
    line = model.lines[2]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    date_cell = model.index(2, headers.index("授权公告日"))
    assert model.data(date_cell).startswith("✗")  # the refused cell itself is marked
    assert model.data(date_cell, Qt.ItemDataRole.BackgroundRole) is not None
    reasons = model.data(model.index(2, 2))
    assert "授权公告日" in reasons and "是否职务发明" in reasons
    assert line[1] == REFUSED and "第 5 行" in dialog.summary.text()
    assert not dialog.import_all.isEnabled()  # all or nothing while a row is refused

    answers.yes = False
    dialog.commit(skip=True)
    assert "第 5 行" in answers.questions[-1]
    assert reg.patents() == []

    answers.yes = True
    dialog.commit(skip=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert [a.inventor_name for a in reg.patents(2022)] == ["张三", "李四"]


def test_rows_already_in_the_register_are_marked_and_not_imported_twice(
        window, qtbot, reg, answers, tmp_path):
    reg.save_patent(PatentApplication(2022, title="已登记", patent_number_raw=INVENTION,
                                      inventor_name="张三"))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "again.xlsx", TWO_GOOD))
    # registered under another title: what differs is named (io.resend)
    assert dialog.model.rows_with(DIFFERS) == [3] and dialog.model.rows_with(DUPLICATE) == []
    assert "已登记" in dialog.model.data(dialog.model.index(0, 2))
    assert "专利名称：登记册为“已登记”" in dialog.model.data(dialog.model.index(0, 2))
    dialog.commit(skip=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert sorted(a.inventor_name for a in reg.patents(2022)) == ["张三", "李四"]


def test_a_file_that_is_no_summary_table_is_explained(window, qtbot, reg, answers, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("这不是表格", encoding="utf-8")
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.preview is None
    assert "notes.xlsx" in dialog.summary.text()
    assert not dialog.import_all.isEnabled() and not dialog.import_rest.isEnabled()
    assert reg.patents() == []


def test_ctrl_i_imports_from_any_screen(window, qtbot, answers):
    window.show_screen(2)  # 工作室 has no import of its own
    press(qtbot, Qt.Key.Key_I, CTRL, window)
    dialog = window.current_dialog
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()


def _drop(qtbot, target, *files: Path) -> bool:
    """Drag ``files`` (as Explorer gives them) over ``target`` and drop them on it; whether
    the drag was accepted."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    action = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(20, 20), action, mime, buttons, keys)  # Qt: a QPoint here
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, QDropEvent(QPointF(20, 20), action, mime, buttons, keys))
    return True


def test_a_table_dropped_on_the_window_opens_the_import_with_it_read(
        window, qtbot, reg, tmp_path):
    notes = tmp_path / "说明.docx"
    notes.write_bytes(b"PK")
    assert not _drop(qtbot, window, notes)  # not a spreadsheet: the window does not take it
    path = summary_table(tmp_path / "海淀区汇总表.xlsx", TWO_GOOD)
    assert _drop(qtbot, window, notes, path)  # the spreadsheet among the files dragged
    dialog = window.screens[0].current_form
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.path.text() == str(path) and dialog.model.rows_with(READY) == [3, 4]
    assert reg.patents() == []  # read, not stored: the clerk still chooses to import
    # Dropped on the open dialog, another file replaces the first.
    other = summary_table(tmp_path / "朝阳区汇总表.xlsx", TWO_GOOD[:1])
    assert _drop(qtbot, dialog, other)
    qtbot.waitUntil(lambda: dialog.path.text() == str(other) and dialog.preview is not None
                    and dialog.model.rows_with(READY) == [3], timeout=10_000)


def test_the_problems_are_copied_for_an_email_to_the_unit(window, qtbot, reg, tmp_path):
    from PySide6.QtGui import QGuiApplication

    reg.save_patent(PatentApplication(2022, title="已登记", patent_number_raw=INVENTION,
                                      inventor_name="张三"))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "good.xlsx", TWO_GOOD[1:]))
    assert not dialog.copy_problems.isEnabled()  # nothing to send back
    rows = [*TWO_GOOD, patent_row(专利名称="坏行", 专利号="", 授权公告日="2021-13-45",
                                  第一发明人="王五", 是否职务发明="也许")]
    dialog.path.clear()
    read(qtbot, dialog, summary_table(tmp_path / "海淀区.xlsx", rows))
    assert dialog.copy_problems.isEnabled()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_problems, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0].startswith("海淀区.xlsx（") and "1 行无法读取，已登记 1 行（本次有更正 1 行）" in lines[0]
    assert lines[1].startswith("第 3 行：专利") and "已登记" in lines[1]  # sheet order
    assert any(line.startswith("第 5 行“授权公告日”：") for line in lines[2:])
    assert any(line.startswith("第 5 行“是否职务发明”：") for line in lines[2:])
    assert "邮件" in dialog.reasons.text()


def test_a_table_with_a_two_row_header_is_read_by_its_sheet_rows(window, qtbot, tmp_path):
    from fixtures.summary_sheets import patent_row as sheet_row
    from fixtures.summary_sheets import write_sheet

    top = ["序号", "推荐单位", "所在单位", "专利信息", "", "", "第一发明人", "", "", "",
           "是否一线职工", "是否职务发明", "是否已在生产中应用", "备注"]
    sub = ["", "", "", "专利名称", "专利号", "授权公告日", "姓名", "身份证号", "工会会员互助服务卡号",
           "联系电话", "", "", "", ""]
    rows = [sheet_row(), sheet_row(专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2)]
    path = write_sheet(tmp_path / "two.xlsx", [top, sub, *rows],
                       merged=("A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:J1", "K1:K2", "L1:L2",
                               "M1:M2", "N1:N2"))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert "表头在第 1–2 行" in dialog.summary.text()
    assert dialog.model.rows_with(READY) == [3, 4]


def test_the_blank_tables_for_the_units_are_saved_from_the_dialog(qtbot, window, ctx, tmp_path,
                                                                  monkeypatch):
    """空白汇总表… → 附件4: the year's table with the year's examples, where the clerk
    chooses; then read back by the same dialog as an empty table of that kind."""
    from PySide6.QtWidgets import QFileDialog, QPushButton

    dialog = open_dialog(qtbot, window)
    target = tmp_path / "给各单位" / "附件4.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    button = dialog.findChild(QPushButton, "blank_tables")
    project = next(a for a in button.menu().actions() if "附件4" in a.text())
    project.trigger()
    wb = openpyxl.load_workbook(target)
    assert wb.worksheets[0]["A1"].value == "2022年创新项目助推汇总表"
    notes = {r[0]: r[1] for r in wb["填表说明"].iter_rows(values_only=True) if r[0]}
    assert "应在 2022 年内" in notes["立项日期"]
    assert str(target) in dialog.summary.text()
    dialog.path.setText(str(target))
    dialog.read()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.preview.stream == "project" and dialog.preview.records == []


def test_a_row_renaming_an_awarded_inventor_is_marked_refused_in_the_preview(
        window, qtbot, reg, answers, tmp_path):
    """张三's award is approved; a unit's table spells his ID's row 张叁. The import refused
    the whole table while the preview had said 可导入 for every row: the row is marked
    refused there, naming where a misspelt register is corrected, and the others import."""
    from test_ui_corrections import a_paid_patent

    a_paid_patent(reg, number=patent_no("202110777777"), pay=False)
    rows = [patent_row(第一发明人="张叁"), TWO_GOOD[1]]
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "renamed.xlsx", rows))
    assert dialog.model.rows_with(REFUSED) == [3] and dialog.model.rows_with(READY) == [4]
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "已核准" in reasons and "张三" in reasons and "按 Enter 更正姓名" in reasons
    assert ID_1 not in reasons  # masked, as everywhere on screen
    dialog.commit(skip=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert sorted(a.inventor_name for a in reg.patents(2022)) == ["张三", "李四"]


def test_enter_on_the_import_button_reached_by_tab_imports(window, qtbot, reg, answers, tmp_path):
    """The buttons are not auto-default (Enter in the path reads the file): Enter on
    全部导入, reached from the preview with Tab, did nothing; Space did."""
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "haidian.xlsx", TWO_GOOD))
    for _ in range(12):  # from the preview along the bottom row, as a keyboard goes
        if dialog.focusWidget() is dialog.import_all:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.import_all
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert len(reg.patents(2022)) == 2
