"""At 1366×768, the most an office laptop shows: the lists' key columns in view without
scrolling sideways, and a long warning beside a field wrapped across the fields' width,
not down a column five characters wide (nine lines beside 身份证号)."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, ID_1, ID_2, INVENTION_2, own_card
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name


def _right_edge(view, header_text: str) -> int:
    header = view.horizontalHeader()
    model = view.model()
    column = next(i for i in range(model.columnCount())
                  if model.headerData(i, header.orientation()) == header_text)
    return header.sectionViewportPosition(column) + header.sectionSize(column)


def _width(view, header_text: str) -> int:
    header = view.horizontalHeader()
    model = view.model()
    column = next(i for i in range(model.columnCount())
                  if model.headerData(i, header.orientation()) == header_text)
    return header.sectionSize(column)


def test_the_lists_key_columns_fit_a_1366_window(window, qtbot, reg, answers):
    window.resize(1366, 768)
    for screen, last in ((0, "推荐单位"), (1, "级别")):
        window.show_screen(screen)
        QApplication.processEvents()
        assert window.current_screen().detail.width() > 250  # the pane open, as by default
        view = window.current_screen().table
        room = view.viewport().width() - view.verticalScrollBar().sizeHint().width()
        assert _right_edge(view, last) <= room, (last, room)
        # a long union's name whole, not 北京市卫生健康委员…
        assert _width(view, "推荐单位") >= view.fontMetrics().horizontalAdvance(
            "北京经济技术开发区总工会") + 16
    window.show_screen(0)
    view = window.current_screen().table
    header = view.horizontalHeader()
    person = next(i for i in range(view.model().columnCount())
                  if view.model().headerData(i, header.orientation()) == "第一发明人")
    assert header.sectionSize(person) >= view.fontMetrics().horizontalAdvance("阿依古丽·买买提") + 16


def test_a_long_warning_goes_under_its_field_across_the_form(window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="北京市海淀区总工会", inventor_name="张三",
                                      id_number=ID_1, card_number=CARD_1))
    window.resize(1366, 768)
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    form.recheck()
    hint = form.rows["id_number"].hint
    qtbot.waitUntil(lambda: "本年度已有申报" in hint.message)
    qtbot.waitUntil(lambda: form.grid.below)
    editor = form.editor("id_number")
    assert hint.geometry().top() >= editor.geometry().bottom()  # under it
    assert hint.width() >= editor.width()
    assert hint._lines(hint.message, hint.contentsRect().width()) <= form.grid.TALL
    # the warnings gone (another person's ID and card), the hints go back beside
    editor.setText(ID_2)
    form.editor("card_number").setText(own_card(ID_2))
    form.recheck()
    qtbot.waitUntil(lambda: not form.grid.below)
