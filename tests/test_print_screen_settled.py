"""打印: the screen as the document arrives (t-recipient, stop 44).

A screenshot taken the moment 生成预览 finished showed the red note cut to its first line
and the page count cut to 第 1 页 共: both were set with the page, and the screen was laid
out for them only at the event loop's next pass. The screen now lays itself out as it
shows the document: whatever looks at it then (a screenshot, a screen reader) reads them
whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_print_screen_void_lists import _two_unions
from test_ui_support import year_context

from boostdesk.printing.jobs import PAYMENTS
from boostdesk.ui.print_screen import PrintScreen


def _generated(screen, qtbot) -> dict[str, object]:
    """生成预览 clicked; the note and the page count as the screen shows them the moment
    it says 已生成… (its status-bar notice: nothing else handled in between)."""
    seen: dict[str, object] = {}

    def look(_said: str) -> None:
        note, count = screen.error, screen.pages_label
        seen.update(text=note.text(), height=note.height(),
                    needs=note.heightForWidth(note.width()), line=note.fontMetrics().lineSpacing(),
                    count=count.text(), width=count.width(), wants=count.sizeHint().width())

    screen.ctx.notice.connect(look)
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    screen.ctx.notice.disconnect(look)
    return seen


def test_the_note_and_the_page_count_are_whole_as_the_preview_arrives(reg, tmp_path, qtbot):
    _two_unions(reg)
    screen = PrintScreen(year_context(reg, tmp_path, 2022, "刘建国"))
    qtbot.addWidget(screen)
    screen.resize(1232, 693)  # the screen's room in a 1366×768 window
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(PAYMENTS))
    _generated(screen, qtbot)
    screen.save_pdf_to(tmp_path / "a.pdf")  # printed: the next preview notes 补打
    seen = _generated(screen, qtbot)
    assert "此前已打印过" in str(seen["text"])
    assert seen["needs"] > seen["line"] * 1.5  # type: ignore[operator]  # wraps: lines
    assert seen["height"] >= seen["needs"], seen  # type: ignore[operator]
    assert str(seen["count"]).startswith("第 1 页 共 ")
    assert seen["width"] >= seen["wants"], seen  # type: ignore[operator]
