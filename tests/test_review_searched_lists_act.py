"""A list narrowed by its search box acts on the row the cursor is on, not on the row
that stood at that place in the whole list (review of stop 31's Ctrl+F boxes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_ui_keyboard_screens import window
from test_ui_support import answers, focused, press, qsettings, type_text

from boostdesk.panel import experts as ex
from boostdesk.ui.panel_models import ASSIGNED

__all__ = ["answers", "qsettings", "window"]  # fixtures (the demo register's window)

CTRL = Qt.KeyboardModifier.ControlModifier


def _search(qtbot, screen, text: str) -> None:
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.search.box
    type_text(qtbot, text)
    screen.search.flush()


def _same_cell(tab) -> tuple[int, int]:
    """A project (not the first) and an expert column where that project and the first one
    read alike, assigned (评审) or not: a Space there acts on whichever project the tab
    takes, without a word that it was another."""
    for row in range(1, tab.model.rowCount()):
        for col in range(2, tab.model.columnCount()):
            if tab.model.text(row, col) == tab.model.text(0, col) in ("", ASSIGNED):
                return row, col
    raise AssertionError("the demo has no such cell")


def test_space_on_a_searched_assignment_grid_acts_on_the_project_found(window, qtbot, reg,
                                                                       answers):
    window.switch_to(4)
    screen = window.stack.currentWidget()
    tab = screen.show_tab("分配专家")
    row, col = _same_cell(tab)
    target, first = tab.model.rows[row].id, tab.model.rows[0].id
    expert = tab.panel[col - 2].id
    before = (ex.assignment_state(reg, expert, first), ex.assignment_state(reg, expert, target))
    _search(qtbot, screen, f"项目{target}")
    assert [r.id for r in tab.model.rows] == [target]
    press(qtbot, Qt.Key.Key_Down)  # into the grid, on the project found
    tab.table.setCurrentIndex(tab.model.index(0, col))
    press(qtbot, Qt.Key.Key_Space)  # assigns, or takes the assignment off (asked: yes)
    assert ex.assignment_state(reg, expert, first) == before[0]  # not the first project's
    assert ex.assignment_state(reg, expert, target) != before[1]
    assert not tab.error.text()


def test_a_conflict_asked_on_a_searched_grid_names_the_project_found(window, qtbot, answers):
    window.switch_to(4)
    screen = window.stack.currentWidget()
    tab = screen.show_tab("分配专家")
    row, col = _same_cell(tab)
    target = tab.model.rows[row].id
    _search(qtbot, screen, f"项目{target}")
    found = tab.cell(0, col)  # what 登记回避… and a double click act on
    assert found is not None and found[1].id == target
    assert found[0].id == tab.panel[col - 2].id
