"""打印's preview a killed window left in the temp folder (finance's copy, whole numbers)
was swept only when 打印 was next opened — days later, or never. Now also a few seconds
after the window's first paint (off the start path: a timer, not the start's own work);
a running window's folder is kept."""

from __future__ import annotations

import os
import tempfile

from test_ui_support import answers, ctx, qsettings

from boostdesk.safety.lock import hold
from boostdesk.ui import preview_files

__all__ = ["answers", "ctx", "qsettings"]


def test_a_killed_window_s_preview_is_swept_after_the_next_start(ctx, qtbot, tmp_path,
                                                                  monkeypatch):
    from boostdesk.ui.main_window import MainWindow

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(preview_files, "SWEEP_AFTER_START_MS", 200)
    gone = tmp_path / "boostdesk-print-ended"
    (gone / "x").mkdir(parents=True)
    (gone / ".owner").write_text("")
    (gone / "x" / "2022-审批表-财务联.pdf").write_bytes(b"%PDF")
    os.utime(gone / ".owner", (1, 1))  # left long ago
    running = tmp_path / "boostdesk-print-running"
    running.mkdir()
    owner = hold(running / ".owner")  # another window, open all day
    os.utime(running / ".owner", (1, 1))
    try:
        w = MainWindow(ctx, defer_first_screen=True)  # as a start: the first paint, then the rest
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        qtbot.waitUntil(lambda: not gone.exists(), timeout=5_000)
        assert running.exists()
        w.hide()
        w.deleteLater()
    finally:
        preview_files.remove_previews(running, owner)
