"""备注 typed on several lines (a team's names, a summary) and kept so — saved, offered back
after a kill, exported — and the pane beside the lists showing what a clerk checks against
the paper: 所在单位, 联系人 and 电话 (masked), 备注 whole."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, fill, focused, press, qsettings, type_text, window

from boostdesk.models.records import PATENT_MATERIALS, PROJECT_MATERIALS, ProjectApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TEAM = "团队成员：赵永刚、李明、王强、张伟、刘洋、陈静、杨帆、黄磊、周杰、吴敏、徐涛、孙丽、马超"
SUMMARY = "项目简介：针对地铁列车车门故障频发的问题，建立基于运行数据的故障预测模型。"


def test_a_project_papers_notes_are_typed_on_lines_and_the_pane_shows_them(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", "李四职工创新工作室")
    fill(qtbot, "1", "n", "李四", "数控机床精度补偿", "智能装备")
    fill(qtbot, "2022-03-01", "y", "2023-12-31", "30", "10", "王五", "13912345678")
    assert focused() is form.editor("remarks")
    type_text(qtbot, TEAM)
    press(qtbot, Qt.Key.Key_Return, SHIFT)  # a line break, as in WPS or WeChat
    type_text(qtbot, SUMMARY)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # the other way round: a line break too
    type_text(qtbot, "附：启动资金拨付证明复印件")
    press(qtbot, Qt.Key.Key_Return)  # Enter moves on, as in every other field
    assert focused() is form.editor("received_date")
    fill(qtbot, "2022-10-28")
    for _ in PROJECT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    [app] = reg.projects(2022)
    assert app.remarks == f"{TEAM}\n{SUMMARY}\n附：启动资金拨付证明复印件"
    screen = window.current_screen()
    assert screen.current_id() == app.id
    shown = screen.detail.toPlainText()
    assert "所在单位\n北京华信数控技术有限公司" in shown
    assert "联系人\n王五" in shown
    assert "联系电话\n139****5678" in shown and "13912345678" not in shown
    assert f"备注\n{TEAM}\n{SUMMARY}\n附：启动资金拨付证明复印件" in shown


def test_a_patents_notes_keep_their_lines_through_a_kill_and_the_pane_masks_the_phone(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法")
    fill(qtbot, INVENTION, "2021-03-05", "张三", ID_1, CARD_1, "13800138000", "y", "y", "y",
         "智能装备")
    type_text(qtbot, "原卡号 6217000012345678 已挂失")
    press(qtbot, Qt.Key.Key_Return, SHIFT)
    type_text(qtbot, "新卡已补办")
    press(qtbot, Qt.Key.Key_Tab)  # Tab leaves the notes (no tab typed into them)
    assert focused() is form.editor("received_date")
    qtbot.waitUntil(lambda: not form._timer.isActive())  # the draft written
    form.hide()  # the window killed

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = open_new_form(qtbot, window, 0)  # 恢复 (answers say yes)
    assert answers.questions and "一种焊缝缺陷的超声检测方法" in answers.questions[-1]
    assert form.editor("remarks").value() == "原卡号 6217000012345678 已挂失\n新卡已补办"
    form.editor("received_date").setFocus()
    fill(qtbot, "2022-10-20")
    for _ in PATENT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert app.remarks == "原卡号 6217000012345678 已挂失\n新卡已补办"
    shown = window.current_screen().detail.toPlainText()
    assert "联系电话\n138****8000" in shown and "13800138000" not in shown
    # the card number a note quotes, masked as everywhere on screen
    assert "备注\n原卡号 6217 **** **** 5678 已挂失\n新卡已补办" in shown


def test_notes_keep_their_lines_and_lose_what_a_workbook_cannot_hold():
    from boostdesk.validate import tidy_lines

    assert tidy_lines("  \n第一行\r\n第二行\u2028第三行\x0b第四行\t末尾\x07\u200b  \n\n") == (
        "第一行\n第二行\n第三行\n第四行 末尾")
    assert tidy_lines("两个  空格\n\n空一行") == "两个  空格\n\n空一行"  # between: as typed


def test_the_summary_workbook_gives_a_note_of_several_lines_a_row_tall_enough(reg, tmp_path):
    from openpyxl import load_workbook

    from boostdesk.io.export_summary import build_summary, write_summary_xlsx

    notes = f"{TEAM}\n{SUMMARY}\n第三行"
    reg.save_project(ProjectApplication(2022, title="数控机床精度补偿", studio_name="李四职工创新工作室",
                                        studio_level="city", leader="李四",
                                        unit_name="北京市朝阳区总工会", remarks=notes))
    reg.save_project(replace(reg.projects(2022)[0], id=None, title="短备注", remarks="无"))
    out = write_summary_xlsx(tmp_path / "s.xlsx", build_summary(reg, "project", 2022))
    sheet = load_workbook(out).active
    column = [c.value for c in sheet[2]].index("备注") + 1
    tall, short = sheet.cell(3, column), sheet.cell(4, column)
    assert (tall.value, tall.alignment.wrap_text) == (notes, True)
    # its lines each wrapped in the 备注 column's width: Excel and WPS keep the height given
    assert sheet.row_dimensions[3].height >= 15 * 3
    assert short.value == "无" and sheet.row_dimensions[4].height is None


def test_the_forms_modules_do_not_import_openpyxl():
    """The day's first form imported openpyxl (≈ 150 ms) for a few dates and the year's
    tiers (io.template): it is the workbooks' alone."""
    code = ("import sys, boostdesk.ui.patent_form, boostdesk.ui.project_form;"
            " print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.split() == ["False"]


def test_the_first_new_paper_after_the_forms_are_warmed_reads_no_names(
        window, qtbot, reg, answers, monkeypatch):
    """boostdesk gui warms the forms once its first screen has painted: the day's first
    Ctrl+N then finds the pinyin table built and the completers' lists read."""
    from boostdesk import pinyin_order
    from boostdesk.models import name_lists
    from boostdesk.ui.form_warmup import NAME_LISTS, warm_forms

    reg.save_project(ProjectApplication(2022, title="先前的项目", studio_name="李四职工创新工作室",
                                        leader="李四", unit_name="北京市朝阳区总工会"))
    assert not reg._names  # no list read by the window itself
    window.show_screen(1)
    focus = focused()
    warmed: list[bool] = []
    warm_forms(window, after_ms=0, done=lambda: warmed.append(True))
    qtbot.waitUntil(lambda: bool(warmed))
    assert set(reg._names) == set(NAME_LISTS) and pinyin_order.table.cache_info().currsize == 1
    qtbot.wait(50)
    # the form built unseen took nothing from the window: its 保存并录入下一份 button, shown
    # before it was the form's, was a window of its own and took the keyboard
    assert QApplication.activeWindow() is window and focused() is focus

    read: list[str] = []
    real = name_lists.NameList.__init__

    def reading(self, conn, table, *args):  # noqa: ANN001, ANN202
        read.append(table)
        real(self, conn, table, *args)

    monkeypatch.setattr(name_lists.NameList, "__init__", reading)
    form = open_new_form(qtbot, window, 1)
    assert read == []
    assert "北京市朝阳区总工会" in form.editor("unit_name").completer().model().stringList()


def test_the_panes_change_lines_mask_a_phone_as_its_head_does(window, qtbot, reg):
    """The pane's 修改记录 showed a phone changed in full (13912345678 → 13987654321) under
    a head that masks it (139****5678), as the audit trail now masks it too."""
    app_id = reg.save_project(ProjectApplication(
        2022, title="数控机床精度补偿", studio_name="李四职工创新工作室", contact_phone="13912345678"))
    app = reg.project(app_id)
    reg.save_project(replace(app, contact_phone="13987654321"))
    app = reg.project(app_id)
    reg.save_project(replace(app, contact_phone="13987004321"))  # hidden digits only
    screen = window.show_screen(1)
    screen.reload()
    assert screen.select_id(app_id)
    qtbot.waitUntil(lambda: "修改记录" in screen.detail.toPlainText())
    shown = screen.detail.toPlainText()
    assert "139****5678 → 139****4321" in shown
    assert "139****4321 → 139****4321（号码不同，中间位已隐去）" in shown
    assert not any(n in shown for n in ("13912345678", "13987654321", "13987004321"))
