"""拨付 at many payment lines (the field report's scale, ``benchmarks/run.py --only lists``):
a keystroke's totals line is summed through the search's mask, not by walking each line
found in Python (15–30 ms of each keystroke at 100,000 lines), and opening the screen
neither walks every cell again at each fit of its columns nor sorts every line for the
payer drop-down. Each is counted as the Python lines run, not timed: the same on a busy
machine."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from test_finance_screen import ctx  # noqa: F401 - the fixture
from test_payments_totals_by_bucket import every_state, listed_summary

from boostdesk.finance import lines as lines_module
from boostdesk.finance.lines import payers_of
from boostdesk.finance.read_lines import payment_lines
from boostdesk.ui import column_widths, payments_screen, payments_tally
from boostdesk.ui.payments_screen import PaymentsScreen

MANY = 6000  # lines: the sample's, again and again


@contextmanager
def lines_run(*modules: object) -> Iterator[list[int]]:
    """The Python lines run in ``modules``' files meanwhile: ``[count]`` when done."""
    files = {str(Path(m.__file__)) for m in modules}  # type: ignore[attr-defined]
    counted = [0]

    def local(_frame: object, event: str, _arg: object) -> Callable | None:
        if event == "line":
            counted[0] += 1
        return local

    def tracer(frame: object, _event: str, _arg: object) -> Callable | None:
        return local if frame.f_code.co_filename in files else None  # type: ignore[attr-defined]

    sys.settrace(tracer)
    try:
        yield counted
    finally:
        sys.settrace(None)


@pytest.fixture
def many(ctx, qtbot, monkeypatch):  # noqa: F811
    """拨付 holding MANY lines of every state, painted, its rows folded."""
    own = every_state(payment_lines(ctx.reg, ctx.year), payments_screen.clock.today())
    made = [dataclasses.replace(own[k % len(own)], id=k + 1) for k in range(MANY)]
    monkeypatch.setattr(payments_screen, "payment_lines",
                        lambda reg, year, *a, **kw: list(made) if year == ctx.year else [])
    screen = PaymentsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 720)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.waitUntil(lambda: screen.model.folded, timeout=20_000)
    return screen


def _type(screen: PaymentsScreen, qtbot, key: str) -> None:
    """One key into the search box as a clerk gives it (Chinese through the input method),
    the search run at once rather than after the typing pause."""
    box = screen.search.box
    box.setFocus()
    if key == "\b":
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
    elif key.isascii():
        qtbot.keyClick(box, key)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(key)
        QApplication.sendEvent(box, event)
    screen.search.flush()


@pytest.mark.parametrize("keys", [("工",), ("工", "\b"), ("z",), ("专", "利", "\b")])
def test_a_keystroke_sums_the_lines_found_without_walking_them(many, qtbot, keys):
    screen = many
    for key in keys[:-1]:
        _type(screen, qtbot, key)
    with lines_run(payments_screen, payments_tally) as run:
        _type(screen, qtbot, keys[-1])
    model = screen.model
    assert len(model.rows) > 500 and not model.counting  # many lines found (or all)
    shown = [screen.by_id[r.id] for r in model.rows] if model.searching else screen.shown
    assert screen.summary.text() == listed_summary(shown, screen.today)
    assert run[0] < 400  # walking the lines found ran ≥ 5 lines of Python each


def test_the_totals_follow_a_search_in_a_sorted_list(many, qtbot):
    screen = many
    screen.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.DescendingOrder)
    screen.model.sort(3, Qt.SortOrder.DescendingOrder)
    for key in ("工", "\b", "专"):
        _type(screen, qtbot, key)
        shown = [screen.by_id[r.id] for r in screen.model.rows]
        assert screen.summary.text() == listed_summary(shown, screen.today)


@pytest.mark.parametrize("keys", [("项", "目"), ("专", "利", "1"), ("工", " ", "专", "利", "2")])
def test_the_totals_follow_a_search_by_reference_number(many, qtbot, keys):
    # 专利1: that paper's lines only (a reference term), not 专利12's
    screen = many
    for key in keys:
        _type(screen, qtbot, key)
    shown = [screen.by_id[r.id] for r in screen.model.rows]
    assert shown and screen.summary.text() == listed_summary(shown, screen.today)


def test_refitting_the_columns_reads_no_cell_again(many):
    screen = many
    with lines_run(column_widths) as run:
        screen._fit_columns()  # as a resize of the window does, on the same rows
    assert run[0] < 200  # a set of each column's cells took a line of Python a row


def test_the_payers_are_sorted_not_every_line(ctx, monkeypatch):  # noqa: F811
    own = payment_lines(ctx.reg, ctx.year)
    made = [dataclasses.replace(own[k % len(own)], id=k + 1) for k in range(MANY)]
    asked = []
    real = lines_module.sort_key
    monkeypatch.setattr(lines_module, "sort_key", lambda text: asked.append(text) or real(text))
    pairs = payers_of(made)
    assert pairs == payers_of(own) and len(pairs) > 1
    assert len(asked) <= 2 * len(pairs)


@pytest.mark.parametrize("amounts", [3, 300])  # by amount; more than a byte numbers: by bucket
def test_the_masked_totals_are_those_of_the_lines_one_by_one(amounts):
    from boostdesk.ui.payments_tally import ShownTally

    ids = list(range(100, 1100))
    tally = {i: (i % 5, 100 * (i % amounts) + 7) for i in ids}
    recovered = {i: i for i in ids if i % 5 == 3}
    shown = ShownTally(ids, tally, recovered, 6, listed=frozenset({2}),
                       returned=frozenset({3, 4}))
    for pick in (lambda i: True, lambda i: i % 3 == 0, lambda i: False, lambda i: i > 900):
        mask = bytes(pick(i) for i in ids)
        assert shown.sums(mask) == shown.of_ids([i for i in ids if pick(i)])
    assert shown.sums(None) == shown.of_ids(ids)
