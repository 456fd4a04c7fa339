"""专家评审: qualification, the panel, assignments, scoring, packages, ranking and tiers.

Thin over :mod:`boostdesk.panel`: each tab shows what a domain function returns and sends
every change through :meth:`AppContext.write` (or :meth:`AppContext.run_long` for the
packages), which stamps the operator, shows errors in Chinese and announces the change.
This module assembles the tabs, each a module of its own: panel_qualification_tab,
panel_setup_tab, panel_assign_tab (its 回避 and withdrawals: panel_conflict_actions),
panel_scoring_tab, panel_packages_tab and panel_rank_tab; panel_common is what they share.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import dialogs
from .context import AppContext, error_text
from .in_view import ReloadInView
from .page_size import size_by_current_page
from .panel_assign_tab import AssignTab
from .panel_packages_tab import PackagesTab
from .panel_qualification_tab import QualificationTab
from .panel_rank_tab import RankTab
from .panel_scoring_tab import ScoringTab
from .panel_setup_tab import SetupTab
from .screen_focus import focus_in
from .search_box import ListSearch, Searchable
from .style import WARNING_COLOUR
from .theme import themed

REFRESH_ON = ("panel", "project", "campaign", "studio", "all")
READ_ONLY_TIP = "登记册为只读（另一处正在使用），不能修改"


class PanelScreen(QWidget):
    """The 专家评审 screen: one tab per step of the review."""

    # the window's menu entries this screen offers changed (a tab of its own, 导出…)
    offers_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.qualification = QualificationTab(ctx)
        self.setup = SetupTab(ctx)
        self.assign = AssignTab(ctx)
        self.scoring = ScoringTab(ctx)
        self.packages = PackagesTab(ctx)
        self.rank = RankTab(ctx)
        self.tabs = QTabWidget()
        for widget, label in ((self.qualification, "资格审核"), (self.setup, "评审组与评分细则"),
                              (self.assign, "分配专家"), (self.scoring, "评分录入"),
                              (self.packages, "评分包"), (self.rank, "排名与档次")):
            self.tabs.addTab(widget, label)
        size_by_current_page(self.tabs)
        # one box over the tabs, searching the list of the tab in view (评分录入: the sheet
        # of the expert chosen above it)
        self.searched: dict[QWidget, tuple[QAbstractItemView, Searchable, str, str]] = {
            self.qualification: (self.qualification.table, self.qualification.model, "个项目",
                                 "项目、工作室的任一片段，或登记号如 项目6（Ctrl+F）"),
            self.setup: (self.setup.table, self.setup.model, "位专家",
                         "专家姓名、工作单位、专业领域的任一片段（Ctrl+F）"),
            self.assign: (self.assign.table, self.assign.model, "个项目",
                          "项目、工作室、所在单位的任一片段，或登记号如 项目6（Ctrl+F）"),
            self.scoring: (self.scoring.table, self.scoring.model, "个项目",
                           "所选专家的项目：项目、工作室、所在单位的任一片段，或登记号如 项目6"
                           "（Ctrl+F；换专家 Alt+Z）"),
            self.packages: (self.packages.table, self.packages.model, "位专家",
                            "专家姓名、工作单位的任一片段（Ctrl+F）"),
            self.rank: (self.rank.table, self.rank.model, "个项目",
                        "项目、工作室、所在单位的任一片段，或登记号如 项目6（Ctrl+F）"),
        }
        self.search = ListSearch(self, "", "搜索本页列表")
        self.tabs.currentChanged.connect(lambda _: self._tab_changed())
        self.banner = QLabel(READ_ONLY_TIP)
        self.banner.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.banner.setVisible(ctx.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.search.bar())
        layout.addWidget(self.tabs)
        self._stale: set[int] = set(range(self.tabs.count()))
        self._in_view = ReloadInView(self, self._show_current)
        ctx.changed.connect(self._changed)
        ctx.year_changed.connect(self._year_changed)
        self._show_current()

    def _year_changed(self, _year: int) -> None:
        # A method, not a lambda: PySide disconnects it when the screen is deleted
        # (从备份恢复 rebuilds the screens; a lambda would outlive this one).
        self._stale = set(range(self.tabs.count()))
        self._in_view()  # behind another screen: when next shown

    def _changed(self, kind: str) -> None:
        if kind in REFRESH_ON:
            self._stale = set(range(self.tabs.count()))
            self._in_view()

    def refresh(self) -> None:
        """F5: reload the tab in view now, the others when next shown."""
        self._stale = set(range(self.tabs.count()))
        self._show_current()

    @property
    def export_list(self) -> Callable[[], Any] | None:
        """Ctrl+E (文件 → 导出…) on 排名与档次: the 评审汇总表, as a workbook first (the
        entry says xlsx); greyed on the other tabs, which have no export of their own."""
        if self.tabs.currentWidget() is not self.rank:
            return None
        return lambda: self.rank.export_summary(xlsx_first=True)

    @property
    def export_text(self) -> str | None:
        """The 文件 menu's Ctrl+E entry here: what it writes (None: the window's own)."""
        return "导出评审汇总表（xlsx）…" if self.tabs.currentWidget() is self.rank else None

    def _tab_changed(self) -> None:
        self.offers_changed.emit()
        self._show_current()
        # Ctrl+Tab from inside a page: Qt gives the new page the first widget of its chain
        # (分配专家's 自动均衡分配, where a Space meant for the grid dealt every project's
        # experts); the keyboard goes to the page's list instead. On the tab bar it stays.
        had = QApplication.focusWidget()
        if had is not None and self.tabs.isAncestorOf(had) and had is not self.tabs.tabBar():
            focus_in(self.tabs.currentWidget())

    def _show_current(self) -> None:
        self._search_tab()
        index = self.tabs.currentIndex()
        if index in self._stale:
            self._stale.discard(index)
            try:
                self.tabs.widget(index).reload()  # type: ignore[union-attr]
            except Exception as exc:  # noqa: BLE001 - a tab that cannot load says why
                dialogs.show_error(self, "无法显示", error_text(exc))

    def _search_tab(self) -> None:
        """The box onto the list of the tab in view (its text goes on searching there)."""
        view, model, noun, hint = self.searched[self.tabs.currentWidget()]
        self.search.box.setPlaceholderText(hint)
        self.search.box.setToolTip(hint)
        self.search.show_list(view, model, noun)

    def focus_search(self) -> None:
        """Ctrl+F: the box, searching the tab in view (评分录入 too: its expert has Alt+Z)."""
        self.search.focus()

    def focus_list(self) -> None:
        """After a Ctrl+number switch: the list of the tab in view (not its tab bar)."""
        focus_in(self.tabs.currentWidget())

    def confirm_leave(self, doing: str, verb: str) -> bool:
        """Before a year switch, a restore or closing (main_window.may_reload, _may_close):
        scores typed in 评分录入 and not saved asked about, as 设置 asks; kept, the tab shown."""
        if not self.scoring.confirm_leave(doing, verb):
            self.show_tab("评分录入")
            return False
        return True

    def confirm_close(self) -> bool:
        """The main window asks before it closes."""
        return self.confirm_leave("退出", "退出")

    def show_tab(self, label: str) -> QWidget:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == label:
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)  # type: ignore[return-value]  # i < count()
        raise KeyError(label)
