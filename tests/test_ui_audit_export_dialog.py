"""文件 → 导出修改记录…: the auditor's picks of ``boostdesk audit`` (which lines, whose, what
days) in a small dialog, typed at the keyboard, before the file is asked for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models import PatentApplication
from boostdesk.ui.audit_export_dialog import AuditExportDialog
from boostdesk.ui.help_dialogs import shown_text

__all__ = ["answers", "ctx", "qsettings", "window"]


@pytest.fixture
def papers(ctx):
    """蒋伟's patent approved at ¥3,000.00 and withdrawn; 张三's approved, then changed."""
    reg = ctx.reg
    kept = reg.save_patent(PatentApplication(2022, inventor_name="张三", title="一种齿轮"))
    taken = reg.save_patent(PatentApplication(2022, inventor_name="蒋伟", title="一种阀门",
                                              id_number="110106199001016718"))
    reg.operator = "审核员乙"
    for app_id in (kept, taken):
        reg.set_status("patent", app_id, "qualified")
        reg.set_status("patent", app_id, "approved", award_fen=3000_00,
                       approved_date=date(2022, 12, 15))
    reg.operator = "审核员丙"
    reg.set_status("patent", taken, "refused", "授权日不在本年度范围")
    ctx.set_year(2022)
    return kept, taken


def _asked(monkeypatch, tmp_path) -> list[str]:
    """The file dialog answered with a file in ``tmp_path`` named as suggested (the name
    it proposes; its folder is the last export's, test_ui_file_dialog_folders)."""
    names: list[str] = []

    def save(_parent, _title, start, _filter):
        names.append(Path(start).name)
        return str(tmp_path / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    return names


def _open(window, qtbot) -> AuditExportDialog:
    action = next(a for a in window.menuBar().actions()[0].menu().actions()
                  if shown_text(a.text()) == "导出修改记录（xlsx）…")
    action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, AuditExportDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: focused() is dialog.all_lines)  # the cursor in the dialog's first
    return dialog


def _rows(path) -> list[tuple]:
    return list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))


def test_a_persons_withdrawn_awards_typed_and_exported(papers, window, qtbot, tmp_path,
                                                       monkeypatch):
    """↓ picks 撤销的助推, Tab to whose, a name typed, Enter: the file asked, then written."""
    names = _asked(monkeypatch, tmp_path)
    dialog = _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.withdrawn.isChecked()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.year_box  # the year in view, kept
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.ref_field
    type_text(qtbot, "蒋伟")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.operator_field
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.first_field
    type_text(qtbot, "2000-01-01")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已导出修改记录（" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert names == ["蒋伟修改记录（撤销的助推，2000-01-01至最近）.xlsx"]  # no ID in the name
    rows = _rows(tmp_path / names[0])
    assert rows[0][0] == ("修改记录（第一发明人 蒋伟（身份证号 110106********6718），撤销的助推，"
                          "2000-01-01 至 最近，共 1 条）")
    (line,) = rows[3:]
    assert line[2] == "审核员丙" and "助推金额：¥3,000.00 → （空）" in line[6]
    assert "理由：授权日不在本年度范围" in line[6]


def test_changes_after_approval_of_the_year(papers, window, qtbot, tmp_path, monkeypatch):
    """↓↓ picks 核准后的修改; whose left empty: the year's."""
    kept, _taken = papers
    names = _asked(monkeypatch, tmp_path)
    dialog = _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.after_approval.isChecked()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已导出修改记录（" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert names == ["2022年度修改记录（核准后的修改）.xlsx"]
    rows = _rows(tmp_path / names[0])
    assert rows[0][0].startswith("修改记录（2022 年度，核准后的修改，共 ")
    status = [(r[4].split(" ")[0], r[6]) for r in rows[3:] if r[5] == "状态变更"]
    # from each approval on: not the entry nor 资格审核通过 before it; the refusal after it
    assert [(ref, text.split("；")[0]) for ref, text in status] == [
        ("专利1", "状态：资格审核通过 → 核准"), ("专利2", "状态：资格审核通过 → 核准"),
        ("专利2", "状态：核准 → 资格审核不通过")]
    assert not any(r[5] in ("新增", "录入") for r in rows[3:])


def test_a_reference_not_in_the_register_is_said_in_the_dialog(papers, window, qtbot,
                                                               tmp_path, monkeypatch):
    names = _asked(monkeypatch, tmp_path)
    dialog = _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "李四")
    press(qtbot, Qt.Key.Key_Return)
    assert "登记册中没有“李四”" in dialog.error.text()
    assert focused() is dialog.ref_field and not names and dialog.isVisible()
    dialog.ref_field.clear()
    type_text(qtbot, "专利99")
    press(qtbot, Qt.Key.Key_Return)
    assert "没有登记号为 99 的专利申报" in dialog.error.text() and not names


def test_dates_checked_before_the_file_is_asked(papers, window, qtbot, tmp_path, monkeypatch):
    names = _asked(monkeypatch, tmp_path)
    dialog = _open(window, qtbot)
    dialog.first_field.setFocus()
    type_text(qtbot, "2022-12-31")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.last_field
    type_text(qtbot, "2022-12-01")
    press(qtbot, Qt.Key.Key_Return)
    assert "晚于" in dialog.error.text() and not names and focused() is dialog.last_field
    dialog.last_field.clear()
    type_text(qtbot, "2022-13-01")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.error.text().startswith("日期至") and not names


def test_escape_closes_without_asking_for_a_file(papers, window, qtbot, tmp_path, monkeypatch):
    names = _asked(monkeypatch, tmp_path)
    dialog = _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))
    assert not names and not window.ctx.busy
    assert QApplication.activeModalWidget() is None


def test_the_file_dialog_closed_leaves_the_choice_to_change(papers, window, qtbot,
                                                            monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    dialog = _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.withdrawn.isChecked() and not window.ctx.busy


def test_a_project_leaders_name_typed_exports_their_projects(papers, window, qtbot, tmp_path,
                                                            monkeypatch):
    """A leader, registered by name alone: the dialog said 登记册中没有“韩冰”. Typed, the
    leader's projects' lines are exported, the file named by the name."""
    from boostdesk.models import ProjectApplication

    project = window.ctx.reg.save_project(ProjectApplication(
        2022, title="车辆改装", leader="韩冰", studio_name="韩冰车辆改装工作室",
        studio_level="city"))
    names = _asked(monkeypatch, tmp_path)
    _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "韩冰")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "已导出修改记录（" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert names == ["韩冰修改记录.xlsx"]  # accepted: no refusal left the dialog up
    rows = _rows(tmp_path / names[0])
    assert rows[0][0] == "修改记录（领衔人 韩冰（韩冰车辆改装工作室），共 1 条）"
    assert rows[3][4].startswith(f"项目{project} 车辆改装")


def test_a_long_refusal_grows_the_dialog_not_squeezes_its_rows(papers, window, qtbot,
                                                               monkeypatch, tmp_path):
    """A name borne by several leaders, each listed: three lines of refusal. The dialog kept
    the height it opened with and the rows above ran into each other (the hint over 日期从)."""
    from PySide6.QtWidgets import QLabel

    from boostdesk.models import ProjectApplication

    for studio in ("智能检测职工创新工作室", "林涛新能源工作室", "林涛光伏运维工作室"):
        window.ctx.reg.save_project(ProjectApplication(
            2022, title=f"{studio}项目", leader="林涛", studio_name=studio, studio_level="city"))
    names = _asked(monkeypatch, tmp_path)
    dialog = _open(window, qtbot)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "林涛")
    press(qtbot, Qt.Key.Key_Return)
    assert "3 人名为“林涛”" in dialog.error.text() and not names
    qtbot.wait(50)
    (hint,) = [x for x in dialog.findChildren(QLabel) if x.text().startswith("或写一项申报")]
    # each shown whole: given the height its lines take, none drawn over the next row
    assert hint.height() >= hint.sizeHint().height()
    assert dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width())
