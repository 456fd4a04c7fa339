"""The Qt binding must not take references off None (PySide6 6.12.0 on Python 3.11 did: the
process aborted once None's count ran out), and the start-up guard catches one that does."""

from __future__ import annotations

import ctypes
import sys

import pytest

from boostdesk.ui.none_guard import IMMORTAL, keep_none_alive, leaks_none

old_python = pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal here")


@old_python
def test_the_installed_binding_keeps_none_alive(qapp):
    from PySide6.QtWidgets import QTableWidgetItem, QWidget

    widget, item = QWidget(), QTableWidgetItem("甲")
    before = sys.getrefcount(None)
    for _ in range(5_000):
        widget.setEnabled(True)
        item.setToolTip("乙")
    assert before - sys.getrefcount(None) < 100


def drop_none() -> None:
    """A call that leaks as PySide6 6.12.0's void methods do."""
    ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))


@old_python
def test_a_leaking_binding_gets_an_immortal_none():
    assert leaks_none(drop_none)
    before = sys.getrefcount(None)
    assert keep_none_alive(drop_none)
    try:
        assert sys.getrefcount(None) > before + IMMORTAL // 2
    finally:
        ctypes.c_ssize_t.from_address(id(None)).value -= IMMORTAL


def test_a_sound_call_is_left_alone():
    before = sys.getrefcount(None)
    assert not keep_none_alive(lambda: None)
    assert abs(sys.getrefcount(None) - before) < 1_000
