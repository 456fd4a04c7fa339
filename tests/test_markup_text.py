"""Text that looks like markup, formulas or control characters, as clerks type or paste it
(“A<B 与 C>D 的比较”, “<b>王</b>”, “=1+1”, Word's line break): shown and written as typed."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableView, QToolTip
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.models import ProjectApplication, Register
from boostdesk.ui import dialogs
from boostdesk.ui.dialogs import ask_text as real_ask_text
from boostdesk.ui.dialogs import ask_yes_no as real_ask_yes_no
from boostdesk.ui.elided_tips import plain_tips, tip_when_elided

__all__ = ["answers", "ctx", "qsettings", "window"]

TAGGED = "A<B 与 C>D 的比较"  # Qt reads “<B 与 C>” as a bold tag: “AD 的比较” in bold
IMAGE = "<img src=x>焊缝检测"


def shown(text: str, label: QLabel | None = None) -> str:
    """What a label or tooltip shows of ``text``: read as HTML where Qt would."""
    fmt = label.textFormat() if label is not None else Qt.TextFormat.AutoText
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _answer_modal(qtbot, seen: list[str], button: str) -> None:
    """When the modal question opens: note what its text shows, then press ``button``."""
    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, look)
            return
        for label in box.findChildren(QLabel):
            if label.text():
                seen.append(shown(label.text(), label))
        if isinstance(box, QMessageBox):
            next(b for b in box.buttons() if b.text() == button).click()
        else:
            box.reject()
    QTimer.singleShot(0, look)


def test_deleting_a_project_with_a_tag_like_title_asks_about_it_as_typed(
        window, ctx, qtbot, monkeypatch):
    app_id = ctx.reg.save_project(ProjectApplication(
        campaign_year=ctx.year, title=TAGGED, studio_name="李明劳模创新工作室",
        unit_name="海淀区总工会", enterprise_name="北京精工机床有限公司"))
    monkeypatch.setattr(dialogs, "ask_yes_no", real_ask_yes_no)
    screen = window.screen_named("创新项目")
    screen.reload()
    assert screen.select_id(app_id)
    seen: list[str] = []
    _answer_modal(qtbot, seen, "不删除")
    screen.delete_current()
    question = next(t for t in seen if "删除登记号" in t)
    assert f"“{TAGGED}”？\n只应删除录错的申报" in question  # the title, and its line break
    assert ctx.reg.scalar("SELECT count(*) FROM project_applications") == 1


def test_a_question_naming_a_project_shows_the_title_as_typed(qapp, qtbot):
    seen: list[str] = []
    _answer_modal(qtbot, seen, "")
    real_ask_text(None, "不通过资格审核", f"项目“{IMAGE}”不通过的理由：")
    assert f"项目“{IMAGE}”不通过的理由：" in seen


@pytest.mark.parametrize("make", [plain_tips, tip_when_elided])
def test_a_cells_tooltip_shows_a_title_as_typed(qapp, qtbot, make):
    model = QStandardItemModel(1, 1)
    item = QStandardItem("短")
    item.setToolTip(f"{TAGGED}\n李明劳模创新工作室")
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    make(view)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(model.index(0, 0))
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center()))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.isVisible()
    assert shown(QToolTip.text()) == f"{TAGGED}\n李明劳模创新工作室"
    QToolTip.hideText()


def test_a_cut_cells_tooltip_shows_its_text_as_typed(qapp, qtbot):
    title = IMAGE + "：" + "基于机器视觉的轨道车辆转向架焊缝缺陷在线检测系统" * 3
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem(title))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setColumnWidth(0, 80)
    tip_when_elided(view)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(model.index(0, 0))
    QApplication.sendEvent(view.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())))
    assert shown(QToolTip.text()) == title
    QToolTip.hideText()


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def test_the_audit_export_keeps_a_pasted_line_break_and_an_operator_typed_with_equals(
        demo, tmp_path):
    reg = Register.open(demo, operator="=张三")
    try:
        # Word's Shift+Enter, pasted into the form
        reg.save_project(replace(reg.projects(2022)[0], title="焊缝检测\x0b第二行"))
    finally:
        reg.close()
    out = tmp_path / "audit.xlsx"
    assert main(["audit", "--db", str(demo), "--out", str(out)]) == 0
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert [c.data_type for c in cells if c.value == "=张三"] == ["s"]
    assert any("焊缝检测第二行" in str(c.value) for c in cells)
    assert not [c for c in cells if c.data_type == "f"]


def test_the_statistics_keep_a_union_named_with_equals_as_text(demo, tmp_path):
    reg = Register.open(demo, operator="统计员")
    try:
        union = reg.query("SELECT name FROM units ORDER BY id LIMIT 1")[0]["name"]
        reg.rename_unit(union, "=某区总工会", "录入时多打了等号")
    finally:
        reg.close()
    out = tmp_path / "stats.xlsx"
    assert main(["stats", "--db", str(demo), "--out", str(out)]) == 0
    cells = [c for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows()
             for c in row]
    named = [c for c in cells if c.value == "=某区总工会"]
    assert named and {c.data_type for c in named} == {"s"}
    assert not [c for c in cells if c.data_type == "f"]
