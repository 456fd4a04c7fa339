"""The 专利助推 detail pane at 20 pt: at its least width (280, a 960-wide window) the masked
19-digit card number kept on one line was 28 pixels wider than the pane, which scrolled
sideways. Its least width now follows the text's size; a longer number (a patent number
typed oddly) breaks rather than scroll the pane."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from test_ui_large_text import lines_of

from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.ui.detail import DetailPane
from tests.test_panel_support import YEAR

CARD = "6214830112345853111"  # 19 digits: 「6214 **** **** *** 3111」


@pytest.fixture
def text_20_pt(qapp: Any) -> Iterator[None]:
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(20)
    QApplication.setFont(font)
    yield
    QApplication.setFont(before)


def pane_on(reg: Any, qtbot: Any, patent_number: str) -> DetailPane:
    pid = reg.save_patent(PatentApplication(
        YEAR, title="一种基于深度学习的焊缝缺陷识别方法", patent_number_raw=patent_number,
        inventor_name="彭晨", id_number="110102199001018313", card_number=CARD,
        enterprise_name="北京朝华信息系统有限公司"))
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.resize(pane.minimumWidth(), 600)  # as a small window leaves it
    pane.show()
    qtbot.waitExposed(pane)
    pane.show_application(PATENT, pid)
    QApplication.processEvents()
    return pane


def test_at_20_pt_the_pane_at_its_least_width_does_not_scroll_sideways(reg, qtbot, text_20_pt):
    pane = pane_on(reg, qtbot, "ZL201711167486.8")
    assert pane.horizontalScrollBar().maximum() == 0  # was 32
    # each number whole, on a line of its own under its caption
    numbers = ("6214 **** **** *** 3111", "110102********8313", "ZL201711167486.8")
    laid = lines_of(pane.document())
    assert all(any([n] == lines for lines in laid) for n in numbers), laid


def test_a_number_wider_than_the_pane_breaks_rather_than_scroll_it(reg, qtbot, text_20_pt):
    odd = "ZL2017111674868888888888.8"  # as typed on a paper, not a patent number's form
    pane = pane_on(reg, qtbot, odd)
    assert pane.horizontalScrollBar().maximum() == 0
    laid = lines_of(pane.document())
    assert any(len(lines) > 1 and "".join(lines) == odd for lines in laid), laid
    pane.resize(1200, 600)  # wide enough: whole again, beside its caption
    QApplication.processEvents()
    assert any(odd in lines for lines in lines_of(pane.document()))


def test_at_the_shipped_size_the_least_width_is_as_it_was(reg, qtbot):
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    assert pane.minimumWidth() == 280
