"""A save, an undo and a status move while the register view is shown: the view takes in
the rows written (``search_keys.Searcher`` from ``models.journal``) instead of reading the
campaign's texts and sorting them again — at 100,000 applications 0.45–0.75 s after every
save, 1–3 s when sorted by a Chinese column. Counted in SQLite steps on a small and a larger
register, never timed; the view shows what it showed before (order, selection, count)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSettings, Qt
from test_draft_check_scale import PATENT, _fill, _id, _number

from boostdesk.models import Register
from boostdesk.rules.check import recheck
from boostdesk.ui import operations, queries
from boostdesk.ui.context import AppContext
from boostdesk.ui.queries import Filters
from boostdesk.ui.register_screen import PatentScreen


def _steps(reg: Register, action: Any) -> int:
    """SQLite's work for ``action``, in thousands of VM instructions."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    reg.conn.set_progress_handler(count, 1000)
    try:
        action()
    finally:
        reg.conn.set_progress_handler(None, 0)
    return steps[0]


def _screen(tmp_path, qtbot, n: int) -> tuple[Register, AppContext, PatentScreen]:
    reg = Register.open(tmp_path / f"r{n}.db", "录入员甲")
    _fill(reg, n)
    recheck(reg)  # the verdicts of the papers filled in, as a save would judge them
    ctx = AppContext(reg, settings=QSettings(str(tmp_path / f"s{n}.ini"),
                                             QSettings.Format.IniFormat))
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    return reg, ctx, screen


def _shown(screen: PatentScreen) -> tuple[list[int], int | None, str]:
    return screen.model.ids, screen.current_id(), screen.count.text()


def test_a_save_in_view_reads_no_more_in_a_large_register(tmp_path, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: None)
    work: dict[int, list[int]] = {}
    for n in (20, 600):
        reg, ctx, screen = _screen(tmp_path, qtbot, n)
        screen.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 第一发明人, pinyin
        screen.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # 专利名称, pinyin
        screen.select_id(7)
        edited = replace(reg.patent(7), title="一种改过名称的装置", inventor_name="阿改")
        new = replace(PATENT, patent_number_raw=_number(900), id_number=_id(900),
                      inventor_name="新发明人")
        steps = [
            _steps(reg, lambda edited=edited, ctx=ctx: operations.save_application(ctx, edited)),
            _steps(reg, lambda ctx=ctx: ctx.undo_stack.undo()),
            _steps(reg, lambda new=new, ctx=ctx: operations.save_application(ctx, new)),
        ]
        work[n] = steps
        # the view as a fresh search shows it: sorted by title
        ids, current, count = _shown(screen)
        assert ids == queries.search_ids(reg, queries.PATENT_SPEC, 2022, Filters(), "title")
        assert current == 7  # the row the clerk was on stays current
        assert count == f"共 {n + 1} 条"
        ctx.shutdown()
        reg.close()
    small, large = work[20], work[600]
    for in_small, in_large in zip(small, large, strict=True):
        assert in_large <= in_small + 10, (small, large)
