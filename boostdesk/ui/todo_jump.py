"""Enter on a 待办 item: the screen it is done on, at its year (and tab), showing that
paper or line chosen — the list searched for it as Ctrl+F would (专利12, 项目6, an
expert's name), its filters set back to 全部 so that none hides it. 单位与人员 → 人员's
查看申报 goes to a person's papers the same way (``show_papers``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QComboBox, QTableView

from boostdesk.todo import TodoItem
from boostdesk.todo.items import PATENTS, PROJECTS, PUBLICITY


def go_to(window: Any, item: TodoItem) -> Any:
    """The item's screen in view and its row chosen; the screen, or None (not in this build)."""
    from .main_window import SCREENS

    ctx = window.ctx
    if (item.year != ctx.year and item.year in ctx.reg.campaign_years()
            and not ctx.set_year(item.year)):
        return None  # 设置's typing kept (its screen in view)
    index = next(i for i, s in enumerate(SCREENS) if s[0] == item.screen)
    screen = window.switch_to(index)
    if screen is None:
        return None
    if item.tab and callable(getattr(screen, "show_tab", None)):
        screen.show_tab(item.tab)
    if item.screen in (PATENTS, PROJECTS):
        _register_screen(screen, item)
    else:
        if item.screen == PUBLICITY:
            _batch(screen, item)
        _listed(screen, item)
    return screen


def _register_screen(screen: Any, item: TodoItem) -> None:
    """专利助推 / 创新项目: every filter back to 全部, the paper found by its 登记号."""
    if item.app_id is None:
        return
    _found(screen, item.ref, item.app_id)


def _found(screen: Any, text: str, app_id: int) -> None:
    """A register screen's filters back to 全部, ``text`` searched, ``app_id`` chosen."""
    for box in (screen.status, screen.verdict, screen.unit):
        if box.currentIndex() != 0:
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
    screen.search.setText(text)
    screen.run_search()
    screen.select_id(app_id)
    screen.table.setFocus()


def show_papers(window: Any, label: str, year: int, text: str, app_id: int) -> Any:
    """专利助推 or 创新项目 (``label``) at ``year``, ``text`` searched as Ctrl+F would,
    ``app_id`` chosen (单位与人员 → 人员's 查看申报); the screen, or None."""
    from .main_window import SCREENS

    if not hasattr(window, "switch_to"):
        return None
    ctx = window.ctx
    if year != ctx.year and year in ctx.reg.campaign_years() and not ctx.set_year(year):
        return None  # 设置's typing kept (its screen in view)
    screen = window.switch_to(next(i for i, s in enumerate(SCREENS) if s[0] == label))
    if screen is not None:
        _found(screen, text, app_id)
    return screen


def _batch(screen: Any, item: TodoItem) -> None:
    """公示: the batch the item is of (its period, or the one holding its project)."""
    period = item.period_id
    if period is None and item.app_id is not None:
        period = screen.ctx.reg.scalar(
            "SELECT period_id FROM proposals WHERE project_id = ?", (item.app_id,))
    index = screen.batch.findData(period) if period is not None else -1
    if index < 0:  # not yet published: the waiting list, the last entry
        index = screen.batch.count() - 1 if item.kind == "adopted_unpublished" else -1
    if index >= 0 and index != screen.batch.currentIndex():
        screen.batch.setCurrentIndex(index)


def _listed(screen: Any, item: TodoItem) -> None:
    """A list searched in its own model (拨付, 公示, 专家评审's tabs): its filters to 全部,
    the item's reference searched, its line (or paper) chosen."""
    for name in ("tranche", "payer", "state"):  # 拨付's filters
        box = getattr(screen, name, None)
        if isinstance(box, QComboBox) and box.currentIndex() != 0:
            box.setCurrentIndex(0)
    search = getattr(screen, "search", None)
    table = _table(screen)
    one = item.app_id is not None or item.line_id is not None or item.kind == "scores_missing"
    if search is not None:  # the item's own search, or none: never the last jump's
        search.box.setText(item.ref if one and item.kind != "scores_complete" else "")
        search.flush()
        search.apply()
    if not one:
        if table is not None:
            table.setFocus()
        return  # a batch: the screen shows it, nothing to choose in it
    if table is None:
        return
    wanted = item.line_id if item.line_id is not None else item.app_id
    model: Any = table.model()  # a RowsModel: rows by id
    row = next((r for r in range(model.rowCount()) if model.id_at(r) == wanted), 0)
    if item.kind == "scores_missing":
        row = 0  # the expert found by name: the one row
    if model.rowCount():
        index = model.index(row, 0)
        table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        table.scrollTo(index)
    table.setFocus()


def _table(screen: Any) -> QTableView | None:
    """The list of the screen (of its tab in view, on 专家评审)."""
    tabs = getattr(screen, "tabs", None)
    holder = tabs.currentWidget() if tabs is not None else screen
    table = getattr(holder, "table", None)
    return table if isinstance(table, QTableView) else None
