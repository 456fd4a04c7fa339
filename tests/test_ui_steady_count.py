"""The count beside a search box keeps its room: typing never moves the box or the filters."""

from __future__ import annotations

from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models.records import PatentApplication
from boostdesk.ui.steady_label import SteadyLabel

__all__ = ["answers", "ctx", "qsettings", "window"]


def geometry(*widgets) -> list[tuple[int, int, int, int]]:
    return [w.geometry().getRect() for w in widgets]


def test_typing_in_the_register_search_moves_neither_the_box_nor_the_filters(
        window, qtbot, reg):
    for i, name in enumerate(["张伟", "王芳", "李娜", "刘洋", "陈静"] * 3):
        reg.save_patent(PatentApplication(2022, title=f"专利{i}", inventor_name=name))
    screen = window.show_screen(0)
    screen.reload()  # saved after the window opened
    qtbot.waitUntil(lambda: screen.count.text() == "共 15 条")
    qtbot.wait(20)  # the window's first layout settles
    bar = (screen.search, screen.unit, screen.status, screen.verdict, screen.count)
    before = geometry(*bar)

    for text in ("张", "伟"):  # 找到 3 条（共 15 条）, then 找到 3 条 again, then none
        type_text(qtbot, text, screen.search)
        screen.run_search()
        qtbot.wait(1)  # the layout settles in the event loop
        assert geometry(*bar) == before, screen.count.text()
    assert screen.count.text() == "找到 3 条（共 15 条）"
    screen.search.setText("没有这个人")
    screen.run_search()
    qtbot.wait(1)
    assert screen.count.text() == "找到 0 条（共 15 条）"
    assert geometry(*bar) == before


def test_a_steady_label_grows_for_a_wider_text_and_never_narrows(qtbot):
    label = SteadyLabel()
    qtbot.addWidget(label)
    label.setText("共 8 条")
    narrow = label.sizeHint().width()
    label.reserve("找到 8 条（共 8 条）")
    wide = label.sizeHint().width()
    assert wide > narrow >= label.fontMetrics().horizontalAdvance("共 8 条")
    label.setText("共 8 条")
    assert label.sizeHint().width() == wide
    assert label.minimumSizeHint().width() < wide  # a narrow window may still squeeze it
    label.setText("找到 8 条（共 8 条） · 已选 2 条")  # selecting makes it wider still
    assert label.sizeHint().width() >= label.fontMetrics().horizontalAdvance(label.text())
    assert label.sizeHint().width() > wide
