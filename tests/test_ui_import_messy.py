"""The 导入汇总表 dialog on tables as unions really fill them (see test_import_messy)."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.set_aside import HIDDEN, OTHER_TABLE
from boostdesk.models import clock
from boostdesk.ui.import_dialog import FIRST_FIELD, READY, REFUSED, ImportDialog

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_yuan_under_a_wan_header_is_marked_in_the_preview(window, qtbot, reg, answers, tmp_path):
    path = write_sheet(tmp_path / "yuan.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="甲"),
        project_row(项目名称="乙", **{"项目总投入（万元）": 300000, "申请助推金额（万元）": 100000}),
    ])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert (model.rows_with(READY), model.rows_with(REFUSED)) == ([2], [3])
    reasons = model.data(model.index(1, 2))
    assert "申请助推金额（万元）" in reasons and "（元）" in reasons
    assert not dialog.import_all.isEnabled()
    assert reg.projects() == []


def test_a_registered_studio_keeps_its_facts_unless_the_box_is_ticked(
        window, qtbot, reg, answers, tmp_path):
    from boostdesk.models.records import ProjectApplication

    reg.save_project(ProjectApplication(
        2022, title="已登记项目", studio_name="李四职工创新工作室", studio_level="city",
        leader="李四", total_budget_fen=3_000_000_00))
    path = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="新项目", 工作室级别="区级", 领衔人="王六")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.update_studios.isVisible() and not dialog.update_studios.isChecked()
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "领衔人表中为王六，登记册为李四" in reasons
    assert "第 2 行：工作室“李四职工创新工作室”的领衔人" in dialog.summary.text()
    assert "登记册为李四" in dialog.problem_text()  # in the e-mail back to the unit
    # The level cell shows what the project will be judged by, the register's, not the row's.
    level = dialog.model.index(0, FIRST_FIELD + dialog.model.fields.index("studio_level"))
    assert dialog.model.data(level) == "市级（表中：区/局/集团级）"
    dialog.update_studios.setChecked(True)
    assert "领衔人由登记册的李四改为表中的王六" in dialog.model.data(dialog.model.index(0, 2))
    assert dialog.model.data(level) == "区/局/集团级"
    dialog.update_studios.setChecked(False)
    assert dialog.model.data(level) == "市级（表中：区/局/集团级）"
    dialog.import_all.click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [studio] = reg.studios()
    assert (studio.level, studio.leader) == ("city", "李四")

    path = write_sheet(tmp_path / "q.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="又一项目", 工作室级别="区级", 领衔人="王六")])
    dialog = ImportDialog(window.ctx, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    read(qtbot, dialog, path)
    dialog.update_studios.setChecked(True)
    dialog.import_all.click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [studio] = reg.studios()
    assert (studio.level, studio.leader) == ("district", "王六")


def test_ten_thousand_rows_show_progress_and_a_cancelled_import_stores_nothing(
        window, qtbot, reg, answers, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import generate
    from PySide6.QtWidgets import QPushButton

    path = generate.write_summary_table(tmp_path / "big.xlsx", 10_000)
    dialog = open_dialog(qtbot, window)
    ctx = window.ctx
    seen: list[tuple[int, int]] = []
    read(qtbot, dialog, path)
    assert dialog.model.rowCount() == 10_000
    assert dialog.import_rest.isEnabled() or dialog.import_all.isEnabled()

    answers.yes = True  # 跳过标出的行 (the generated table repeats a few numbers)
    (dialog.import_all if dialog.import_all.isEnabled() else dialog.import_rest).click()
    qtbot.waitUntil(lambda: bool(ctx._tasks), timeout=5_000)
    task = next(iter(ctx._tasks))
    progress = task.dialog
    qtbot.waitUntil(lambda: progress.value() >= 500, timeout=30_000)
    seen.append((progress.value(), progress.maximum()))
    [cancel] = progress.findChildren(QPushButton)
    assert cancel.text() == "取消"
    cancel.click()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=30_000)
    assert seen and 0 < seen[0][0] < seen[0][1] == 10_000 - len(dialog.model.rows_with("已登记"))
    assert dialog.isVisible() and dialog.imported == []
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 0
    assert reg.scalar("SELECT COUNT(*) FROM people") == 0


def test_a_table_titled_for_another_registered_year_goes_to_that_year(
        window, qtbot, reg, answers, tmp_path):
    """A 2023 table read while the window shows 2022 was judged under 2022's window and
    stored in 2022 (`boostdesk import` takes the title's year): the dialog asks which."""
    from datetime import date

    from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row

    reg.save_campaign(reg.campaign(2022).for_year(2023))
    assert window.ctx.year in (2022, 2023)
    window.ctx.set_year(2022)
    path = write_sheet(tmp_path / "t.xlsx", [
        ["2023年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(授权公告日=date(2022, 3, 5))], merged=("A1:N1",))
    dialog = open_dialog(qtbot, window)
    answers.choice = 0
    read(qtbot, dialog, path)
    assert answers.choices == [["2023 年度（表格标题）", "2022 年度（当前）"]]
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.preview.year == 2023 and "2023 年度" in dialog.windowTitle()
    dialog.import_all.click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert (len(reg.patents(2022)), len(reg.patents(2023))) == (0, 1)
    assert reg.scalar("SELECT eligible FROM patent_applications") == 1  # granted in 2022

    answers.choice = 1  # the window's year, as the clerk chose
    dialog = ImportDialog(window.ctx, window)
    dialog.show()
    path = write_sheet(tmp_path / "u.xlsx", [
        ["2023年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(专利号=INVENTION_2, 授权公告日=date(2021, 3, 5))], merged=("A1:N1",))
    read(qtbot, dialog, path)
    assert dialog.preview.year == 2022
    assert "表格标题写的是 2023 年，本次按 2022 年度导入" in dialog.summary.text()


def test_a_table_titled_for_a_year_past_its_deadline_asks_saying_so(
        window, qtbot, reg, answers, tmp_path):
    """Last year's template filled in with this year's papers: the question names the old
    year's deadline passed and the template the union likely reused."""
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row

    reg.save_campaign(reg.campaign(2022).for_year(2023))
    window.ctx.set_year(2023)
    path = write_sheet(tmp_path / "t.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, patent_row()], merged=("A1:N1",))
    dialog = open_dialog(qtbot, window)
    answers.choice = 0  # Enter: the preselected item, which is the current year (the
    # title's year was just called unlikely; `boostdesk import` refuses it without --year)
    with clock.fixed_day(date(2023, 3, 1)):
        read(qtbot, dialog, path)
    [label] = answers.labels
    assert "2022 年度的材料报送截止日 2022-11-01 已过" in label
    assert "可能用了 2022 年的模板" in label
    assert answers.choices == [["2023 年度（当前）", "2022 年度（表格标题，补报往年）"]]
    assert dialog.preview.year == 2023

    answers.choice = 1  # a late paper for the closed year, chosen on purpose
    dialog = ImportDialog(window.ctx, window)
    dialog.show()
    with clock.fixed_day(date(2023, 3, 1)):
        read(qtbot, dialog, path)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.preview.year == 2022


def test_a_table_titled_for_a_year_without_a_plan_is_asked_about(
        window, qtbot, reg, answers, tmp_path):
    """A 2023 table come in before the office made 2023's plan was read into 2022, judged
    under 2022's grant window, with one orange line to say so: it is asked first, and
    “否” reads nothing in (the README: a table goes into the year its title names)."""
    from datetime import date

    from fixtures.summary_sheets import PATENT_HEADERS, patent_row

    path = write_sheet(tmp_path / "t.xlsx", [
        ["2023年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(授权公告日=date(2022, 3, 5))], merged=("A1:N1",))
    dialog = open_dialog(qtbot, window)
    answers.yes = False
    read(qtbot, dialog, path)
    [question] = answers.questions
    assert "表格标题写的是 2023 年" in question and "还没有 2023 年度" in question
    assert dialog.preview is None and not dialog.import_all.isEnabled()
    assert "未读入" in dialog.summary.text()
    answers.yes = True  # the clerk knows it is 2022's, mistitled
    dialog.read()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.preview is not None and dialog.preview.year == 2022
    assert dialog.import_all.isEnabled()

def test_a_hidden_row_is_marked_in_the_preview(window, qtbot, reg, answers, tmp_path):
    import openpyxl
    from fixtures.summary_sheets import INVENTION, INVENTION_2, PATENT_HEADERS, patent_row

    path = write_sheet(tmp_path / "h.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2)])
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[3].hidden = True
    wb.save(path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    # marked, not 可导入: 全部导入 waits for her choice, 跳过标出的行 skips it (it was
    # greyed out: import everything or close)
    assert (model.rows_with(READY), model.rows_with(HIDDEN)) == ([2], [3])
    assert model.data(model.index(0, 2)) == ""
    assert "隐藏" in model.data(model.index(1, 2))
    assert "第 3 行在表中是隐藏的" in dialog.summary.text()
    assert not dialog.import_all.isEnabled() and dialog.import_rest.isEnabled()
    assert dialog.import_rest.text() == "跳过标出的 1 行，导入 1 行(&S)"
    assert dialog.import_set_aside.isVisible()
    assert dialog.import_set_aside.text() == "仍导入隐藏的行(&H)"
    # the union's copy says the row was left out, not the clerk's buttons
    problems = dialog.problem_text()
    assert "第 3 行在表中是隐藏的" in problems and "跳过标出" not in problems
    assert "仍导入" not in problems
    dialog.import_rest.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_rest)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert "表中隐藏或另一张表的第 3 行" in answers.questions[-1]
    assert [a.patent_number for a in reg.patents(2022)] == [INVENTION]
    assert "导入 1 行" in answers.infos[-1][1]


def test_a_second_table_under_the_main_one_is_marked_and_taken_only_when_ticked(
        window, qtbot, reg, answers, tmp_path):
    """File 06: rows under 附：本单位撤回的申报 and a header again showed 可导入 and were
    stored as new papers, the only word 第 9 行是重复的表头，已跳过."""
    from fixtures.summary_sheets import ID_2, INVENTION_2, PATENT_HEADERS, patent_no, patent_row

    path = write_sheet(tmp_path / "06.xlsx", [
        PATENT_HEADERS, patent_row(), [None], ["附：本单位撤回的申报"], PATENT_HEADERS,
        patent_row(专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2),
        patent_row(序号=2, 专利号=patent_no("202110000003"), 第一发明人="王五", 身份证号="")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert (model.rows_with(READY), model.rows_with(OTHER_TABLE)) == ([2], [6, 7])
    assert model.data(model.index(1, 1)) == OTHER_TABLE
    assert model.data(model.index(1, 2)).startswith("在第 4 行“附：本单位撤回的申报”及第 5 行的表头之下")
    summary = dialog.summary.text()
    assert "第 5 行又是一个表头，其上第 4 行写着“附：本单位撤回的申报”，其下第 6–7 行（2 行）" in summary
    assert "重复的表头" not in summary
    assert not dialog.import_all.isEnabled() and dialog.import_rest.isEnabled()
    dialog.grab().save(str(tmp_path / "second-table.png"))
    # she knows better (a second batch under its own title): Alt+H takes them
    assert dialog.import_set_aside.text() == "仍导入另一张表的行(&H)"
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier, dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.model is not model
                    and dialog.model.rows_with(READY) == [2, 6, 7], timeout=10_000)
    # taken, its rows still say where they come from (as a hidden row does), not a bare 可导入
    model = dialog.model
    assert model.data(model.index(0, 2)) == ""
    assert model.data(model.index(1, 2)) == model.data(model.index(2, 2)) == (
        "此行在表下的另一张表“附：本单位撤回的申报”中（第 5 行的表头之下），将按勾选导入")
    assert dialog.import_all.isEnabled()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert len(reg.patents(2022)) == 3


def test_rows_set_apart_are_said_where_she_sees_them_without_scrolling(
        window, qtbot, reg, answers, tmp_path):
    """The tester's 1400×760 window: the set-apart note came fifth among the summary lines,
    behind the scroll bar, while 跳过标出的 2 行 waited enabled. Now it is the second line,
    in the part of the summary shown."""
    from fixtures.summary_sheets import ID_2, INVENTION_2, PATENT_HEADERS, patent_no, patent_row
    from PySide6.QtGui import QTextDocument

    path = write_sheet(tmp_path / "many-notes.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS, patent_row(),
        patent_row(序号=2, 专利号=patent_no("202110000005"), 第一发明人="钱七",
                   身份证号="", 推荐单位="同上"),
        ["小计", None, None, "2项"], [None, None, None, "注：本表一式两份"],
        [None, None, None, "填表人：张三"], [None, None, None, "审核人：李四"],
        ["附：本单位撤回的申报"], PATENT_HEADERS,
        patent_row(专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_2),
        patent_row(序号=2, 专利号=patent_no("202110000003"), 第一发明人="王五", 身份证号="")])
    dialog = open_dialog(qtbot, window)
    dialog.resize(1400, 760)
    read(qtbot, dialog, path)
    qtbot.waitUntil(lambda: dialog.model is not None
                    and dialog.model.rows_with(OTHER_TABLE) == [11, 12], timeout=10_000)
    qtbot.wait(50)
    lines = dialog.summary.text().split("<br>")
    assert "第 10 行又是一个表头，其上第 9 行写着“附：本单位撤回的申报”" in lines[1]
    assert sum("又是一个表头" in line for line in lines) == 1  # not said twice
    # everything down to it laid out within the summary's shown part, not scrolled to
    doc = QTextDocument()
    doc.setDefaultFont(dialog.summary.font())
    doc.setDocumentMargin(0)
    doc.setHtml("<br>".join(lines[:2]))
    doc.setTextWidth(dialog.summary.width())
    area = dialog.summary_area
    assert area.verticalScrollBar().value() == 0
    # (the area grows to its text at the next layout pass: a loaded machine gets there late)
    qtbot.waitUntil(lambda: doc.size().height() <= area.viewport().height(), timeout=5_000)
    dialog.grab().save(str(tmp_path / "set-apart-first.png"))
    # ticked: still the second line, in bold, now saying they are taken
    press(qtbot, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier, dialog)
    qtbot.waitUntil(lambda: dialog.model.rows_with(OTHER_TABLE) == [], timeout=10_000)
    lines = dialog.summary.text().split("<br>")
    assert "<b>第 10 行又是一个表头，其上第 9 行写着“附：本单位撤回的申报”" in lines[1]
    assert lines[1].endswith("已勾选“仍导入另一张表的行”，将作为本表的申报导入</b></span>")
    assert "默认不导入" not in dialog.summary.text()
    assert sum("又是一个表头" in line for line in lines) == 1


def test_rows_an_xls_filters_out_are_marked_in_the_preview(window, qtbot, reg, answers):
    """An Excel 97-2003 table left filtered: its rows hidden by the filter are marked too."""
    from pathlib import Path

    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, Path(__file__).parent / "fixtures" / "xls-autofilter.xls")
    model = dialog.model
    # set aside as an .xlsx's hidden rows are: marked, not imported unless she takes them
    assert (model.rows_with(READY), model.rows_with(HIDDEN)) == ([3, 5, 7], [4, 6, 8])
    assert [bool(model.data(model.index(i, 2))) for i in range(6)] == [False, True] * 3
    assert "隐藏" in model.data(model.index(1, 2))
    assert "第 4、6、8 行在表中是隐藏的" in dialog.summary.text()


def test_ditto_rows_show_the_union_read_and_a_qianyuan_table_is_refused(
        window, qtbot, reg, answers, tmp_path):
    from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row

    path = write_sheet(tmp_path / "ditto.xlsx", [
        PATENT_HEADERS, patent_row(), patent_row(专利号=INVENTION_2, 推荐单位="同上")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert model.rows_with(READY) == [2, 3]
    unit = FIRST_FIELD + model.fields.index("unit_name")
    assert model.data(model.index(1, unit)) == "北京市海淀区总工会"
    assert "同上" in dialog.summary.text()
    dialog.import_all.click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert {p.unit_name for p in reg.patents()} == {"北京市海淀区总工会"}

    qian = write_sheet(tmp_path / "qian.xlsx", [
        [h.replace("（万元）", "（千元）") for h in PROJECT_HEADERS], project_row()])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, qian)
    assert dialog.preview is None and "千元" in dialog.summary.text()
    assert not dialog.import_all.isEnabled() and not dialog.import_rest.isEnabled()
    assert reg.projects() == []


def test_a_wps_or_csv_table_dropped_on_the_window_is_explained(window, qtbot, reg, tmp_path):
    """海淀区.et (WPS's own format) or a .csv dragged onto the window was not taken, without
    a word, and the file picker did not list them: the clerk never learnt why."""
    from test_ui_import import _drop

    wps = tmp_path / "海淀区.et"
    wps.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert _drop(qtbot, window, wps)
    dialog = window.screens[0].current_form
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: "WPS" in dialog.summary.text(), timeout=10_000)
    text = tmp_path / "朝阳区.csv"
    text.write_text("序号,推荐单位\n1,朝阳区总工会\n", encoding="utf-8")
    assert _drop(qtbot, dialog, text)
    qtbot.waitUntil(lambda: "CSV" in dialog.summary.text(), timeout=10_000)
    assert reg.patents() == []


def test_a_table_read_after_its_dialog_was_deleted_is_dropped(window, qtbot, tmp_path):
    """A monkey walk closed 导入汇总表 while its table was read: the read's end made its model
    on the deleted dialog (RuntimeError: Internal C++ object (ImportDialog) already
    deleted), a 程序出错 box."""
    import shiboken6

    from boostdesk.io.importer import read_table

    path = write_sheet(tmp_path / "t.xlsx", [PROJECT_HEADERS, project_row()])
    read_done = read_table(path, window.ctx.year)
    dialog = ImportDialog(window.ctx, window)
    shiboken6.delete(dialog)
    dialog.show_preview(read_done)  # as the queued end of the read arrives


def test_two_sheets_of_this_years_rows_ask_which_sheet(window, qtbot, reg, answers, tmp_path):
    """第一批 and 第二批 both filled: the first was imported, the second left out with a 提示
    (全部导入 on half the papers). It asks which sheet; 取消 reads nothing in."""
    import openpyxl
    from fixtures.summary_sheets import ID_2, INVENTION_2, PATENT_HEADERS, patent_row

    wb = openpyxl.Workbook()
    wb.active.title = "第一批"
    for row in (PATENT_HEADERS, patent_row()):
        wb.active.append(row)
    second = wb.create_sheet("第二批")
    for row in (PATENT_HEADERS, patent_row(专利号=INVENTION_2, 专利名称="一种轴承故障诊断方法",
                                           第一发明人="李四", 身份证号=ID_2)):
        second.append(row)
    path = tmp_path / "two.xlsx"
    wb.save(path)
    dialog = open_dialog(qtbot, window)
    answers.choice = None  # 取消
    dialog.path.setText(str(path))
    dialog.read()
    qtbot.waitUntil(lambda: "未导入任何数据" in dialog.summary.text(), timeout=10_000)
    assert answers.choices == [["工作表“第一批”（1 行）", "工作表“第二批”（1 行）"]]
    assert "--sheet" not in dialog.summary.text() and dialog.model is None
    assert "工作表“第一批”1 行、工作表“第二批”1 行" in dialog.problem_text()

    answers.choice = 1
    dialog = ImportDialog(window.ctx, window)
    dialog.show()
    read(qtbot, dialog, path)
    qtbot.waitUntil(lambda: dialog.model is not None, timeout=10_000)
    assert dialog.preview.sheet_name == "第二批" and dialog.preview.rows == [2]
    assert "工作表“第一批”也有" in dialog.summary.text()
    dialog.import_all.click()
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert [a.inventor_name for a in reg.patents(2022)] == ["李四"]
    assert "本文件另有工作表“第一批”（1 行）未在本次导入：如尚未导入，请再次读取该文件" in (
        answers.infos[-1][1])


def test_a_row_to_check_says_why_on_its_row(window, qtbot, reg, answers, tmp_path):
    """A blank 推荐单位 taken from the table's other rows, and a row whose last cells look one
    column along: imported, each said in its row's 原因, not only in the 提示 above."""
    from fixtures.summary_sheets import ID_2, INVENTION_2, PATENT_HEADERS, patent_row

    row = patent_row(专利号=INVENTION_2, 专利名称="一种轴承故障诊断方法", 第一发明人="李四",
                     身份证号=ID_2)
    at = PATENT_HEADERS.index("是否一线职工")
    path = write_sheet(tmp_path / "check.xlsx", [
        PATENT_HEADERS, patent_row(推荐单位=None), patent_row(推荐单位="北京市海淀区总工会",
                                                         专利号="ZL202110999999.X",
                                                         第一发明人="王五", 身份证号="110101199001011237"),
        [*row[:at], None, *row[at:-1]]])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert model.rows_with(READY) == [2, 3, 4]
    assert "按本表其他各行的“北京市海淀区总工会”登记" in model.data(model.index(0, 2))
    assert "“是否一线职工”为空，“备注”填的是“是”" in model.data(model.index(2, 2))
    assert "“是否一线职工”为空" in dialog.problem_text()
