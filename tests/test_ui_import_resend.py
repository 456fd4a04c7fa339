"""A union's corrected table through 导入汇总表: its registered rows shown unchanged or
differing by field, the register's value beside the table's; taken only when the clerk
ticks 按表更新已登记申报中不同的项, in one go with the new rows."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from test_import_resend import corrected_table, first_table
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.ui.import_dialog import DIFFERS, READY, VERDICT_COLUMN

__all__ = ["answers", "ctx", "qsettings", "window"]


def registered(reg, tmp_path: Path) -> None:
    commit(reg, read_table(first_table(tmp_path), 2022))
    app = next(a for a in reg.patents(2022) if a.inventor_name == "张三")
    reg.save_patent(replace(app, phone="13911112222"))  # corrected at the desk


def renaming(qtbot, dialog) -> None:
    """按表中姓名更正已登记人员的姓名 ticked (Alt+M), the table read again: 张叁 is then
    taken by 按表更新 (unticked, his registered name is kept: asked, not a difference to take)."""
    assert dialog.rename_people.isVisible() and not dialog.rename_people.isChecked()
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier, dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.rename_people.isChecked()
                    and bool(dialog.matches) and not any(
                        d.kept for m in dialog.matches.values() for d in m.differences),
                    timeout=10_000)


def test_a_corrected_table_shows_what_differs_and_updates_only_when_chosen(
        window, qtbot, reg, answers, tmp_path):
    registered(reg, tmp_path)
    path = corrected_table(tmp_path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert model.rows_with(DIFFERS) == [3, 4] and model.rows_with(READY) == [5]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    name = model.index(0, headers.index("第一发明人"))
    assert model.data(name) == "张叁（登记册：张三）"
    assert model.data(name, Qt.ItemDataRole.ForegroundRole) is not None
    reasons = model.data(model.index(1, 2))
    assert "专利2" in reasons and "专利号：登记册为" in reasons
    assert "按表更新不改名" in model.data(model.index(0, 2))
    renaming(qtbot, dialog)
    summary = dialog.summary.text()
    assert "已登记但与表中不同 2 行" in summary and "另有 1 项申报不在本表中" in summary
    # by default the register is left as it is: the differing rows are skipped, marked
    assert dialog.update_registered.isVisible() and not dialog.update_registered.isChecked()
    assert not dialog.import_all.isEnabled() and dialog.import_rest.isEnabled()

    dialog.update_registered.setChecked(True)
    assert dialog.import_all.isEnabled()
    assert dialog.import_all.text() == "全部导入（导入 1 行、更新 2 项已登记的）(&A)"
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    apps = {a.id: a for a in reg.patents(2022)}
    assert (apps[1].inventor_name, apps[1].phone) == ("张叁", "13911112222")  # typed kept
    assert apps[2].patent_number.startswith("ZL202110444444")
    assert sorted(apps) == [1, 2, 3, 4] and apps[4].inventor_name == "赵六"
    assert "按表更新 专利1、专利2" in answers.infos[-1][1]
    screen = window.screens[0]
    screen.reload()
    assert screen.select_id(2)
    qtbot.waitUntil(lambda: f"按汇总表更新：{path.name}" in screen.detail.toPlainText())


def test_left_unticked_the_registered_rows_stay_as_they_are(window, qtbot, reg, answers,
                                                            tmp_path):
    registered(reg, tmp_path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))
    dialog.commit(skip=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert "与登记册不同的第 3、4 行" in answers.questions[-1]
    apps = {a.id: a for a in reg.patents(2022)}
    assert apps[1].inventor_name == "张三" and apps[2].patent_number.startswith("ZL202110654321")
    assert sorted(apps) == [1, 2, 3, 4]  # 李四's corrected number not a second paper


def test_a_corrected_name_is_kept_and_said_so_in_the_preview(window, qtbot, reg, answers,
                                                             tmp_path):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_no, patent_row, write_sheet

    registered(reg, tmp_path)
    reg.correct_person_name(reg.patent(1).person_id, "张叁", "身份证为“张叁”")
    path = write_sheet(tmp_path / "补报.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(第一发明人="张三", 专利号=patent_no("202110777777"), 专利名称="一种新夹具")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "按登记册的“张叁”登记" in reasons and "表中为“张三”" in reasons
    dialog.commit(skip=False)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert {a.inventor_name for a in reg.patents(2022) if a.id in (1, 4)} == {"张叁"}


def test_the_problem_list_asks_the_union_about_the_applications_it_left_out(
        window, qtbot, reg, answers, tmp_path):
    registered(reg, tmp_path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))
    text = dialog.problem_text()
    assert "专利3（王五" in text and "不在本表中：如已撤回，请来函说明" in text
    assert "第 4 行：与已登记的一项申报同一发明人、同一专利名称，本次有更正 1 处（专利号" in text
    assert "登记册中选中" not in text  # the clerk's steps, not the union's


def test_both_boxes_ticked_a_registered_rows_studio_takes_the_tables_level(
        window, qtbot, reg, answers, tmp_path):
    """按表中信息更新已登记的工作室 with 按表更新已登记申报中不同的项: the registered row's
    studio is updated too (it was the new rows' alone), and the preview says so once both
    are ticked."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

    first = write_sheet(tmp_path / "朝阳区项目.xlsx", [PROJECT_HEADERS, project_row()])
    commit(reg, read_table(first, 2022))
    again = write_sheet(tmp_path / "朝阳区项目（更正）.xlsx",
                        [PROJECT_HEADERS, project_row(工作室级别="区级", 备注="更正")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    dialog.update_studios.setChecked(True)
    assert "不按表更新" in "；".join(dialog.model.notes.get(2, []))
    dialog.update_registered.setChecked(True)
    assert "由登记册的市级改为表中的区/局/集团级" in "；".join(dialog.model.notes.get(2, []))
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [project] = reg.projects(2022)
    assert (project.studio_level, project.remarks) == ("district", "更正")


def test_a_table_resent_to_correct_only_a_studio_offers_to_take_its_registered_rows(
        window, qtbot, reg, answers, tmp_path):
    """A union re-sends its table to correct a studio's level only: no application fact
    differs, so 按表更新已登记申报中不同的项 was never offered and the window could not take
    the correction (the command line's --update-registered --update-studios could)."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

    first = write_sheet(tmp_path / "朝阳区项目.xlsx", [PROJECT_HEADERS, project_row()])
    commit(reg, read_table(first, 2022))
    again = write_sheet(tmp_path / "朝阳区项目（更正级别）.xlsx",
                        [PROJECT_HEADERS, project_row(工作室级别="区级")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    assert not dialog.update_registered.isVisible()  # the register's level kept: no work
    dialog.update_studios.setChecked(True)
    assert dialog.update_registered.isVisible()
    dialog.update_registered.setChecked(True)
    assert "更新 1 项已登记的" in dialog.import_all.text()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [project] = reg.projects(2022)
    assert project.studio_level == "district"


def test_the_summary_says_the_ticked_rows_will_be_updated_not_left(window, qtbot, reg,
                                                                   answers, tmp_path):
    """Ticked, 按表更新已登记申报中不同的项 updates the differing rows: the summary said
    they would not be imported and that only ticking the box changes the register."""
    registered(reg, tmp_path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))
    renaming(qtbot, dialog)
    assert "勾选“按表更新已登记申报中不同的项”才改动登记册" in dialog.summary.text()
    dialog.update_registered.setChecked(True)
    summary = dialog.summary.text()
    assert "已登记但与表中不同 2 行（第 3、4 行）：将按表更新不同的项" in summary
    assert "才改动登记册" not in summary
    dialog.update_registered.setChecked(False)
    assert "才改动登记册" in dialog.summary.text()


def test_the_summary_says_a_registered_rows_studio_will_be_updated(window, qtbot, reg,
                                                                   answers, tmp_path):
    """A table re-sent to correct a studio's level only: ticked, its registered row is not
    'already registered, not imported again' but its studio updated."""
    from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

    commit(reg, read_table(write_sheet(tmp_path / "朝阳区项目.xlsx",
                                       [PROJECT_HEADERS, project_row()]), 2022))
    again = write_sheet(tmp_path / "朝阳区项目（更正级别）.xlsx",
                        [PROJECT_HEADERS, project_row(工作室级别="区级")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    dialog.update_studios.setChecked(True)
    summary = dialog.summary.text()
    assert "已登记或重复 1 行（第 2 行），不会再次导入；勾选" in summary
    dialog.update_registered.setChecked(True)
    summary = dialog.summary.text()
    assert "已登记或重复" not in summary
    assert "已登记 1 行（第 2 行）申报与表中相同，将按表更新其工作室" in summary


def test_the_summary_says_an_approved_rows_differences_are_not_taken(window, qtbot, reg,
                                                                     answers, tmp_path):
    """An approved application keeps what it was judged on: ticked or not, its row is
    said not to be updated (not “勾选……才改动登记册”, which would not)."""
    from datetime import date

    registered(reg, tmp_path)
    reg.set_status("patent", 2, "qualified")
    reg.set_status("patent", 2, "approved", award_fen=3000_00, approved_date=date(2022, 12, 1))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))
    renaming(qtbot, dialog)
    for ticked in (False, True):
        dialog.update_registered.setChecked(ticked)
        summary = dialog.summary.text()
        assert "已登记但与表中不同 1 行（第 4 行，" in summary, ticked
        assert "该申报已核准，勾选“按表更新已登记申报中不同的项”也不更新：核准按登记册的各项核定" in summary, ticked
    assert "已登记但与表中不同 1 行（第 3 行）：将按表更新不同的项" in summary


def test_the_received_date_stays_readable_beside_a_long_import_button(window, qtbot, reg,
                                                                     answers, tmp_path):
    """全部导入（导入 1 行、更新 2 项已登记的） and the ticked box on the date's row
    crushed 收件日期 to a few pixels: the date typed there could not be read."""
    from PySide6.QtWidgets import QApplication

    registered(reg, tmp_path)
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, corrected_table(tmp_path))
    dialog.update_registered.setChecked(True)
    dialog.received.setText("2022-10-30")
    QApplication.processEvents()
    needed = dialog.received.fontMetrics().horizontalAdvance("2022-10-30")
    assert dialog.received.width() > needed, (dialog.received.width(), needed)
    assert dialog.import_all.width() >= dialog.import_all.sizeHint().width()


def test_an_update_by_the_table_judges_the_corrected_row_again(window, qtbot, reg, answers,
                                                              tmp_path):
    """专利7's 授权公告日 typed 2022-02-15 (不合格: outside the grant window) corrected in the
    table sent again and taken with 按表更新: the register kept the old verdict ("授权公告日
    2022-02-15 不在…期间") and the status bar its counts until F5 — the window's import ran
    on a worker connection whose noted changes were never re-checked (the command line's
    were, as it closed)."""
    from datetime import date

    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    first = write_sheet(tmp_path / "朝阳区专利.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(授权公告日=date(2022, 2, 15))])
    commit(reg, read_table(first, 2022))
    [app] = reg.patents(2022)
    verdict = "SELECT eligible, findings FROM patent_applications WHERE id = ?"
    ok, findings = reg.conn.execute(verdict, (app.id,)).fetchone()
    assert not ok and "2022-02-15" in findings
    window.update_counts()
    assert "不合格 1" in window.counts_label.text()
    again = write_sheet(tmp_path / "朝阳区专利（修改后）.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(授权公告日=date(2021, 2, 15))])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    dialog.update_registered.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.update_registered)
    assert dialog.update_registered.isChecked()
    assert dialog.import_all.text() == "全部导入（更新 1 项已登记的）(&A)"
    # the 导入后资格 of the row taken: what its application becomes (it was left empty)
    model = dialog.model
    assert model.rows_with(DIFFERS) == [3]
    qtbot.waitUntil(lambda: model.verdicts is not None and 3 in model.verdicts)
    shown = model.data(model.index(0, VERDICT_COLUMN))
    assert shown == "更新后待补材料：缺材料、收件日期（原为不合格）", shown
    assert "2022-02-15" not in model.data(model.index(0, VERDICT_COLUMN),
                                          Qt.ItemDataRole.ToolTipRole)
    [app] = reg.patents(2022)
    assert app.grant_date == date(2022, 2, 15)  # the preview's judging stored nothing
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [app] = reg.patents(2022)
    assert app.grant_date == date(2021, 2, 15)
    ok, findings = reg.conn.execute(verdict, (app.id,)).fetchone()
    assert ok and "2022-02-15" not in findings, findings
    assert ("第 3 行：按表更新 专利1：授权公告日 2022-02-15 → 2021-02-15（不合格 → 待补材料）"
            in answers.infos[-1][1])
    assert "不合格 0 · 待补材料 1" in window.counts_label.text()  # its papers to come
    screen = window.screens[0]
    qtbot.waitUntil(lambda: screen.select_id(app.id))
    qtbot.waitUntil(lambda: "2021-02-15" in screen.detail.toPlainText())
    assert "不在 2021-01-01 至 2021-12-31 期间" not in screen.detail.toPlainText()


def test_another_first_inventors_claim_is_not_taken_when_updating(window, qtbot, reg, answers,
                                                                   tmp_path):
    """朝阳's row names 王五 first inventor of 张三's registered patent: ticking 按表更新 took it
    with the row beside it (李四's corrected phone), replacing 张三 and moving the paper to
    朝阳. It stays marked, said to be a dispute; only the correction is taken."""
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, resident_id, write_sheet
    from test_import_resend import lisi

    registered(reg, tmp_path)
    path = write_sheet(tmp_path / "更正与争议.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 推荐单位="北京市朝阳区总工会", 第一发明人="王五",
                   身份证号=resident_id("11010619920404004")),
        lisi(联系电话="13911113333")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "第一发明人为张三（北京市海淀区总工会推荐）" in reasons
    assert "本表第 3 行的第一发明人为王五（北京市朝阳区总工会推荐）" in reasons
    assert "属争议" in reasons and "专利证书" in reasons
    assert "与登记册不同、争第一发明人或推荐单位的 1 行（第 3 行" in dialog.summary.text()
    # the 结果 column's word, said the same in the list copied for the union (与登记的申报不符)
    assert dialog.model.data(dialog.model.index(0, 1)) == "与登记册不同"
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_problems, Qt.MouseButton.LeftButton)
    head = QGuiApplication.clipboard().text().splitlines()[0]
    assert "与登记册不同 1 行" in head and "不符" not in head, head

    qtbot.mouseClick(dialog.update_registered, Qt.MouseButton.LeftButton)
    assert dialog.update_registered.isChecked()
    assert not dialog.import_all.isEnabled()  # the disputed row is still marked
    assert dialog.import_rest.text() == "跳过标出的 1 行，更新 1 项已登记的(&S)"
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_rest)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert "与登记册不同的第 3 行" in answers.questions[-1]
    apps = {a.id: a for a in reg.patents(2022)}
    assert (apps[1].inventor_name, apps[1].unit_name) == ("张三", "北京市海淀区总工会")
    assert apps[2].phone == "13911113333"


def test_a_rival_claim_repeating_a_registered_rows_number_is_a_dispute_in_order(
        window, qtbot, reg, answers, tmp_path):
    """A table sent again whose rows repeat a registered paper's number with another first
    inventor (王五 above 李四's own row, 赵六 below 张三's): each was a plain 已登记 row, or
    took the paper from its own row; both are disputes now, and the skip question lists
    the marked rows in sheet order (it listed 第 3、5、4、6 行)."""
    from fixtures.summary_sheets import (
        INVENTION,
        INVENTION_2,
        PATENT_HEADERS,
        patent_row,
        resident_id,
        write_sheet,
    )
    from test_import_resend import PUMP, lisi

    from boostdesk.io.resend import SAME

    registered(reg, tmp_path)
    chaoyang = "北京市朝阳区总工会"
    path = write_sheet(tmp_path / "海淀区汇总表（再报）.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 联系电话="13911112222"),
        patent_row(序号=2, 推荐单位=chaoyang, 第一发明人="王五", 专利号=INVENTION_2,
                   身份证号=resident_id("11010619920404004")),
        lisi(序号=3),
        patent_row(序号=4, 推荐单位=chaoyang, 第一发明人="赵六", 专利号=INVENTION,
                   身份证号=resident_id("11010519900505005")),
        patent_row(序号=5, 第一发明人="孙七", 专利号=PUMP, 身份证号=resident_id("11010119700707007"),
                   专利名称="一种泵")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    # 3 and 5 the registered papers as the table gives them: passed over, not marked
    assert model.rows_with(SAME) == [3, 5] and model.rows_with(DIFFERS) == [4, 6]
    assert model.rows_with(READY) == [7]
    said = {row: model.data(model.index(row - 3, 2)) for row in (3, 4, 5, 6)}
    assert said[5].endswith("与表中相同") and said[3].endswith("与表中相同")
    assert "第一发明人为李四（北京市海淀区总工会推荐）" in said[4]
    assert f"本表第 6 行的第一发明人为赵六（{chaoyang}推荐）" in said[6]
    assert "属争议" in said[6] and "打开专利1更正" in said[6]
    assert "与登记册不同、争第一发明人或推荐单位的 2 行（第 4、6 行" in dialog.summary.text()

    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_rest)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert "与登记册不同的第 4、6 行" in answers.questions[-1]
    apps = {a.id: a for a in reg.patents(2022)}
    assert (apps[1].inventor_name, apps[2].inventor_name) == ("张三", "李四")
    assert apps[4].inventor_name == "孙七"
