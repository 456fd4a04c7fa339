"""取消 on the summary table's PDF while its rows are laid out: the layout stops (80,000
rows took 4–5 s there, before the first page, with 取消 heard only from the first page on),
no file is left and the screen says 已取消."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from test_printing_screen import choose, ctx, screen
from test_ui_register import many_patents

from boostdesk.io.errors import ExportCancelled
from boostdesk.io.export_summary import build_summary
from boostdesk.printing.common import PagedTable
from boostdesk.printing.jobs import SUMMARY_PATENT
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.printing.summary import write_summary_pdf

__all__ = ["ctx", "screen"]

ROWS = 600  # past the first run of rows the layout lays before it asks again (256)


@pytest.fixture
def laid_out(monkeypatch):
    """The layouts that ran to their end (their pages counted)."""
    ended: list[int] = []
    real = PagedTable.layout

    def layout(self, *args, **kw):
        spans = real(self, *args, **kw)
        ended.append(len(spans))
        return spans

    monkeypatch.setattr(PagedTable, "layout", layout)
    return ended


def when_laying_out(monkeypatch, then) -> None:
    """``then()`` once, as the layout measures its first cell (the clerk presses 取消 then)."""
    real = PagedTable._one_line
    began = threading.Event()

    def one_line(self, text, j):
        if not began.is_set():
            began.set()
            then()
        return real(self, text, j)

    monkeypatch.setattr(PagedTable, "_one_line", one_line)


def test_cancel_during_layout_stops_it_and_writes_nothing(reg, tmp_path, monkeypatch,
                                                          laid_out):
    fill_sample(reg)
    summary = build_summary(reg, "patent", YEAR)
    summary = replace(summary, rows=(summary.rows * ROWS)[:ROWS])
    pressed = threading.Event()
    when_laying_out(monkeypatch, pressed.set)
    out = tmp_path / "summary.pdf"
    with pytest.raises(ExportCancelled, match="已取消"):
        write_summary_pdf(out, summary, cancelled=pressed.is_set)
    assert pressed.is_set() and laid_out == []  # stopped in the layout, not after it
    assert not out.exists()
    assert write_summary_pdf(out, summary) > 1 and laid_out  # uncancelled: the whole table


def test_cancel_on_the_print_screen_while_the_summary_is_laid_out(screen, ctx, qtbot,
                                                                   monkeypatch, laid_out):
    many_patents(ctx.reg, ROWS)
    laying, go_on = threading.Event(), threading.Event()

    def wait_for_the_clerk() -> None:  # the worker holds while the clerk clicks 取消
        laying.set()
        go_on.wait(20)

    when_laying_out(monkeypatch, wait_for_the_clerk)
    choose(screen, SUMMARY_PATENT)
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(laying.is_set, timeout=20_000)
    dialog = next(iter(ctx._tasks)).dialog
    qtbot.waitUntil(dialog.isVisible)  # the progress dialog, shown after 300 ms
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert "已取消" in screen.error.text() and laid_out == []
    assert screen.pdf is None and screen.page_count == 0
    assert not [p for p in screen._tmp.rglob("*.pdf")]  # no partial file behind
    assert screen.preview_button.isEnabled()
