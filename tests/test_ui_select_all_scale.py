"""Ctrl+A on a register view, the way the clerk selects every row to move them at once:
the view's header must not look at every row loaded at each repaint (after a save shows
the new paper's row, the last one, all 80,000 rows are loaded: Ctrl+A froze the window
for 5–9 s)."""

from __future__ import annotations

from test_draft_check_scale import _fill
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui.register_model import ApplicationModel

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_the_header_repaints_after_ctrl_a_without_visiting_every_row(
        window, ctx, reg, answers, monkeypatch):
    _fill(reg, 260)
    calls = [0]
    real = ApplicationModel.flags

    def counted(self, index):  # asked of each row by a header looking for a whole column
        calls[0] += 1
        return real(self, index)

    monkeypatch.setattr(ApplicationModel, "flags", counted)
    screen = window.screen_named("专利助推")
    screen.reload()  # written behind its back: read again
    header = screen.table.horizontalHeader()

    def repaint_after_ctrl_a() -> int:
        screen.table.clearSelection()
        screen.table.selectAll()
        calls[0] = 0
        header.grab()
        return calls[0]

    some = repaint_after_ctrl_a()
    assert screen.model.rowCount() == 200
    screen.select_id(screen.model.ids[-1])  # the last row shown: every row loaded
    assert screen.model.rowCount() == 260
    every = repaint_after_ctrl_a()
    assert every <= some + 5, (some, every)
    assert screen.selected_count() == 260  # and Ctrl+A still selects them all
    assert len(screen.selected_ids()) == 260


def test_ctrl_p_over_too_many_rows_says_so_without_gathering_them(
        window, ctx, reg, answers, monkeypatch):
    from boostdesk.ui import register_screen

    _fill(reg, 260)
    monkeypatch.setattr(register_screen, "MAX_SHEETS_PICKED", 100)
    looked_up = [0]
    real = ApplicationModel.id_at

    def counted(self, row):
        looked_up[0] += 1
        return real(self, row)

    monkeypatch.setattr(ApplicationModel, "id_at", counted)
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    screen = window.screen_named("专利助推")
    screen.reload()
    screen.select_id(screen.model.ids[-1])
    screen.table.selectAll()
    looked_up[0] = 0
    screen.print_selected()
    assert notices[-1].startswith("已选 260 项，一次最多挑选 100 项打印审批表")
    assert looked_up[0] == 0


def test_ctrl_a_s_header_counts_what_ctrl_d_fills(window, ctx, reg, answers, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel
    from test_ui_support import press

    _fill(reg, 260)
    screen = window.screen_named("专利助推")
    screen.reload()
    assert screen.model.rowCount() == 200  # fetched so far
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, screen.table)
    assert "已选 260 条" in screen.count.text()  # not the 200 fetched: all Ctrl+D acts on
    dialog = screen.fill_received()
    assert any("为所选 260 项申报填写收件日期" in lb.text() for lb in dialog.findChildren(QLabel))
    dialog.reject()
