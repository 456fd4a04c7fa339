"""The near-name hint beside a form field with a long registered name: it showed at most
three lines, its tail — 「按 F4 改用，否则保存时询问」 — cut off. The key now comes first,
and a name that would take the hint past three lines is shortened in the middle (whole in
the tooltip), at the application's size and at 16 pt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, focused, qsettings, type_text, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

LONG = "北京经济技术开发区亦庄高端装备制造产业园区企业联合会工会委员会"
TYPED = LONG.removesuffix("委员会")  # near: 少了“委员会”


@pytest.fixture(params=[None, 16.0], ids=["normal", "16pt"])
def text_size(request, qapp):
    before = QApplication.font()
    if request.param:
        font = QApplication.font()
        font.setPointSizeF(request.param)
        QApplication.setFont(font)
    yield request.param
    QApplication.setFont(before)


@pytest.mark.parametrize("size", [(1000, 600), (1366, 768)])
def test_the_f4_hint_shows_whole_with_a_long_registered_name(window, reg, qtbot, answers,
                                                              text_size, size, tmp_path):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw="ZL201811455665.6",
                                      unit_name=LONG, enterprise_name="北京中科智测科技有限公司"))
    form = open_new_form(qtbot, window, 0)
    form.resize(*size)
    type_text(qtbot, TYPED)
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)
    hint = form.rows["unit_name"].hint
    qtbot.waitUntil(lambda: "相近" in hint.toolTip())
    # the form laid out again for the hint (a turn of the event loop): none of it cut
    qtbot.waitUntil(lambda: hint.height() >= hint.heightForWidth(hint.width()), timeout=2000)
    form.grab().save(str(tmp_path / f"near_hint_{text_size}_{size[0]}.png"))
    shown = hint.text().replace("\u200b", "")
    assert f"按 F4 改用登记册中相近的“{LONG[:4]}" in shown  # the key first, then the name
    assert shown.endswith("”（少了“委员会”），否则保存时询问</span>")
    # the lines the text takes at the hint's width (its row may be taller: the field's): at
    # most LINES, or the name already down to KEEP characters each side — all the hint can
    # do (a full run's fonts wrapped the shortest form to 4 lines at 161 px; 3 alone)
    lines = round(hint.heightForWidth(hint.width()) / hint.fontMetrics().lineSpacing())
    keep = hint.KEEP
    shortest = f"“{LONG[:keep]}…{LONG[-keep:]}”" in shown
    assert lines <= hint.LINES or shortest, (shown, hint.width(), lines)
    # the name whole where the hint is pointed at
    assert hint.toolTip() == f"按 F4 改用登记册中相近的“{LONG}”（少了“委员会”），否则保存时询问"


def test_a_short_name_is_never_shortened(window, reg, qtbot, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw="ZL201811455665.6",
                                      unit_name="海淀区总工会", enterprise_name="北京中科智测科技有限公司"))
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, "海淀区总公会")
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)
    hint = form.rows["unit_name"].hint
    qtbot.waitUntil(lambda: "相近" in hint.toolTip())
    assert "“海淀区总工会”" in hint.text() and "…" not in hint.text()
