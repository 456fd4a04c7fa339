"""Mobile numbers on screen and in what leaves it: the 人员 list and its Ctrl+C, a note in
the pane, the box of an uncaught error — masked (138****8000) as the pane's head, the
trail and the log mask them."""

from __future__ import annotations

import sys

import pytest
from fixtures.summary_sheets import patent_no, resident_id
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from test_pinyin_sort import shown
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.safety.privacy import mask_log_text
from boostdesk.ui import error_hook
from boostdesk.ui.context import error_text
from boostdesk.ui.detail import DetailPane

__all__ = ["answers", "ctx", "qsettings", "window"]

NOTE = "家属电话 +86 135 1234 5678；备用 135-2345-6789；另 135 3456 7890"


def _person(reg, phone: str = "13800138000", remarks: str = "") -> int:
    with reg.transaction():
        return reg.save_patent(PatentApplication(
            2022, title="一种焊缝缺陷的超声检测方法", patent_number_raw=patent_no("202110012345"),
            inventor_name="张三", id_number=resident_id("11010519800101001"),
            card_number="6217000012345678", phone=phone, remarks=remarks,
            enterprise_name="北京中科智测科技有限公司", unit_name="北京市建设工会"))


def test_the_people_list_shows_and_copies_a_phone_masked(window, ctx, qtbot):
    _person(ctx.reg)
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)
    view = screen.people_view
    phone = screen.people.HEADERS.index("联系电话")
    assert shown(view, phone) == ["138****8000"]
    QGuiApplication.clipboard().clear()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "张三" in QGuiApplication.clipboard().text())
    copied = QGuiApplication.clipboard().text()
    assert "138****8000" in copied and "13800138000" not in copied
    # still found by the whole number typed into the search box
    screen.people.search("13800138000")
    assert shown(view, 0) == ["张三"]


def test_the_pane_masks_a_phone_written_in_the_notes(reg, qtbot):
    app_id = _person(reg, remarks=NOTE)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    assert "家属电话 +86 135 **** 5678；备用 135-****-6789；另 135 **** 7890" in text
    for whole in ("1234 5678", "2345-6789", "3456 7890"):
        assert whole not in text


@pytest.mark.parametrize(("written", "masked"), [
    ("13512345678", "135****5678"),
    ("+86 135 1234 5678", "+86 135 **** 5678"),
    ("+8613512345678", "+86135****5678"),
    ("0086-135-1234-5678", "0086-135-****-5678"),
    ("135-1234-6789", "135-****-6789"),
    ("135 1234 7890", "135 **** 7890"),
    ("电话：135 12345678。", "电话：135 ****5678。"),
])
def test_a_mobile_is_masked_in_free_text_however_it_is_written(written, masked):
    assert mask_log_text(written) == masked


@pytest.mark.parametrize("kept", [
    "ZL202110123456.7", "135123456789", "1351234567", "2022-10-20", "¥13,800,138.00",
    "010-83570885",
])
def test_what_is_no_mobile_is_left_as_written(kept):
    assert mask_log_text(kept) == kept


def test_the_box_of_an_uncaught_error_masks_numbers_as_the_log_does(answers, monkeypatch,
                                                                    tmp_path):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    error_hook.install(lambda: None, lambda: tmp_path / "boostdesk.log")
    try:
        raise RuntimeError("第 3 行 110105199001010012 6217000012345678 13800138000")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    [(title, text)] = answers.errors
    assert title == "程序出错"
    assert "110105********0012" in text and "6217 **** **** 5678" in text and "138****8000" in text
    for whole in ("110105199001010012", "6217000012345678", "13800138000"):
        assert whole not in text
    # a file's path is said whole: the office must find the file it names (a backup's name,
    # its time to the millisecond, had been masked as a card number)
    said = error_text(OSError(2, "找不到", "/tmp/13800138000.xlsx"))
    assert "/tmp/13800138000.xlsx" in said


def test_finance_s_preview_is_deleted_when_打印_is_left(window, ctx, qtbot):
    """README: 打印's previews are deleted once no longer shown. Finance's stayed in the
    temp folder while the window stayed open on another screen."""
    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.printing.samples import YEAR, fill_sample

    fill_sample(ctx.reg)
    ctx.set_year(YEAR)

    def go(key):  # Ctrl+8 打印, Ctrl+1 专利助推, from the list of screens
        window.activateWindow()  # (back from the preview's progress dialog)
        qtbot.waitUntil(window.isActiveWindow)
        window.nav.setFocus()
        press(qtbot, key, Qt.KeyboardModifier.ControlModifier)

    go(Qt.Key.Key_8)
    screen = window.current_screen()
    assert window.nav.currentRow() == 7
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))

    def preview():
        qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: screen.pdf is not None, timeout=20_000)
        return screen.pdf

    masked = preview()
    go(Qt.Key.Key_1)
    go(Qt.Key.Key_8)
    assert screen.pdf == masked and masked.exists()  # nothing private: kept to print
    qtbot.mouseClick(screen.unmasked, Qt.MouseButton.LeftButton)
    finance = preview()
    assert finance.exists()
    go(Qt.Key.Key_1)  # to 专利助推
    assert window.nav.currentRow() == 0
    assert not finance.exists() and screen.pdf is None
    go(Qt.Key.Key_8)
    assert "已在离开“打印”时删除" in screen.image.text()
    assert not screen.print_button.isEnabled()
