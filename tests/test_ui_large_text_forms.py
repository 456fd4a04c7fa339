"""The paper forms at 16–18 pt on a small screen (1920×1080 at 200 % is 960 wide for Qt):
the fields and the 按方案核对 panel beside them held the form 1034 pixels wide (1082 the
project's), wider than the screen, so the clerk moved it sideways on every paper she typed,
and the panel's list of findings was two lines tall. Where both do not fit side by side,
the panel now goes under the fields; the keyboard walks the paper as before."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from test_ui_entry import open_new_form, type_patent
from test_ui_large_text import fully_shown, large_text
from test_ui_near_typing import SLIP, UNION, registered
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models import CITY
from boostdesk.models.records import ProjectApplication

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
ROOM = (960, 600)  # a form's room at 200 % on a 1920×1080 screen, less the taskbar


def settle() -> None:
    for _ in range(3):  # the panel moved under the fields lays the form out once more
        QApplication.processEvents()


def right_edge(widget: QWidget, within: QWidget) -> int:
    return widget.mapTo(within, QPoint(widget.width(), 0)).x()


def assert_fits(form, width: int = ROOM[0], lines: int = 3) -> None:
    """No part of ``form`` past its right edge or behind a sideways scroll bar, every
    caption whole, the panel under the fields with its words whole and its list of
    findings ``lines`` high."""
    assert form.width() <= width, form.width()  # was 1034 (the patent's), 1082 (the project's)
    bar = form.sheet_scroll.horizontalScrollBar()
    assert not bar.isVisible() and bar.maximum() == 0
    viewport = form.sheet_scroll.viewport()
    grid = [form.grid.itemAt(i).widget() for i in range(form.grid.count())]
    shown = [w for w in grid if w is not None and w.isVisibleTo(form)]
    assert len(shown) > 2 * len(form.rows)  # captions, fields, hints, the materials
    past = [(w.objectName() or w.metaObject().className(), right_edge(w, viewport))
            for w in shown if right_edge(w, viewport) > viewport.width()]
    assert not past, (viewport.width(), past)
    cut = [w.text() for w in shown if isinstance(w, QLabel) and not w.wordWrap()
           and w.width() < w.sizeHint().width()]
    assert not cut, cut
    outside = [w.objectName() or w.metaObject().className()
               for w in form.findChildren(QWidget)
               if w.isVisibleTo(form) and w.window() is form and right_edge(w, form) > form.width()]
    assert not outside, outside
    # the panel under the fields, as wide as they are
    sheet, side = form.sheet_scroll.geometry(), form.side_panel.geometry()
    assert side.top() > sheet.bottom() and side.width() >= sheet.width() - 1, (sheet, side)
    line = form.findings_label.fontMetrics().lineSpacing()
    assert form.findings_scroll.height() >= lines * line, form.findings_scroll.height()
    words = [w for w in form.side_panel.findChildren(QLabel)
             if w.isVisibleTo(form) and w.wordWrap() and w is not form.findings_label]
    assert form.verdict_label in words
    cut = [w.text()[:30] for w in words if not fully_shown(w)]
    assert not cut, cut


def test_a_patent_paper_at_18_pt_fits_a_960_wide_screen_and_is_typed_as_before(
        large_text, window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    form.resize(*ROOM)
    settle()
    assert_fits(form)
    # the heading on two lines, whole, rather than holding the form wider
    assert fully_shown(form.findChild(QLabel, "form_heading"))
    # Tab and Enter walk the fields in the paper's order (type_patent types each value
    # into the field the keyboard is in), then the materials, then the buttons
    type_patent(qtbot)
    assert focused() is form.next_button
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.save_button
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [paper] = reg.patents(2022)
    assert (paper.unit_name, paper.enterprise_name, paper.inventor_name, paper.card_number,
            paper.phone, paper.industry) == ("北京市海淀区总工会", "北京中科智测科技有限公司",
                                             "张三", CARD_1, "13800138000", "智能装备")
    assert all(paper.materials.values()) and paper.frontline


def test_the_panel_goes_back_beside_the_fields_when_the_form_is_widened(
        large_text, window, qtbot, reg, answers):
    registered(reg)
    app_id = reg.save_project(ProjectApplication(2022, title="数控机床精度补偿",
                                                 studio_name="李四工作室", studio_level=CITY))
    screen = window.screen_named("创新项目")
    screen.select_id(app_id)
    form = screen.edit_current()
    qtbot.waitExposed(form)
    form.resize(*ROOM)
    settle()
    assert_fits(form)
    assert "市级档次" in form.rows["studio_level"].hint.text()
    # F4, with the panel under the fields, puts in the registered union typed nearly so
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))
    type_text(qtbot, SLIP)
    qtbot.waitUntil(lambda: "F4" in form.rows["unit_name"].hint.toolTip())
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("unit_name").text() == UNION
    form.resize(1500, 700)  # a large screen at 18 pt: the panel beside the fields again
    settle()
    sheet, side = form.sheet_scroll.geometry(), form.side_panel.geometry()
    assert side.left() > sheet.right() and side.top() == sheet.top(), (sheet, side)
    assert form.side_panel.width() <= 380
    form.resize(*ROOM)
    settle()
    assert_fits(form)
    # a short window (960×540 less the taskbar and the title bar): the list gives way to
    # the fields, its panel's words whole
    form.resize(ROOM[0], 470)
    settle()
    assert_fits(form, lines=2)
    assert form.sheet_scroll.height() >= 3 * form.editor("title").height()
    form.reject()


def test_at_the_shipped_size_the_panel_stays_beside_the_fields(window, qtbot):
    """10 pt on a 1280×720 laptop at 150 % (813 wide for the form): as it was."""
    form = open_new_form(qtbot, window, 1)
    form.resize(813, 420)
    settle()
    sheet, side = form.sheet_scroll.geometry(), form.side_panel.geometry()
    assert side.left() > sheet.right() and side.width() >= 220, (sheet, side)
    form.reject()
