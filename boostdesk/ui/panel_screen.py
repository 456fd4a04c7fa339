"""专家评审: qualification, the panel, assignments, scoring, packages, ranking and tiers.

Thin over :mod:`boostdesk.panel`: each tab shows what a domain function returns and sends
every change through :meth:`AppContext.write` (or :meth:`AppContext.run_long` for the
packages), which stamps the operator, shows errors in Chinese and announces the change.
This module assembles the tabs, each a module of its own: panel_qualification_tab,
panel_setup_tab, panel_assign_tab (its 回避 and withdrawals: panel_conflict_actions),
panel_scoring_tab, panel_packages_tab and panel_rank_tab; panel_common is what they share.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from . import dialogs
from .context import AppContext, error_text
from .in_view import ReloadInView
from .panel_assign_tab import AssignTab
from .panel_packages_tab import PackagesTab
from .panel_qualification_tab import QualificationTab
from .panel_rank_tab import RankTab
from .panel_scoring_tab import ScoringTab
from .panel_setup_tab import SetupTab
from .small_screen import size_by_current_page
from .style import WARNING_COLOUR
from .theme import themed

REFRESH_ON = ("panel", "project", "campaign", "studio", "all")
READ_ONLY_TIP = "登记册为只读（另一处正在使用），不能修改"


class PanelScreen(QWidget):
    """The 专家评审 screen: one tab per step of the review."""

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
        self.tabs.currentChanged.connect(lambda _: self._show_current())
        self.banner = QLabel(READ_ONLY_TIP)
        self.banner.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.banner.setVisible(ctx.read_only)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
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

    def _show_current(self) -> None:
        index = self.tabs.currentIndex()
        if index in self._stale:
            self._stale.discard(index)
            try:
                self.tabs.widget(index).reload()  # type: ignore[union-attr]
            except Exception as exc:  # noqa: BLE001 - a tab that cannot load says why
                dialogs.show_error(self, "无法显示", error_text(exc))

    def confirm_close(self) -> bool:
        """The main window asks before it closes: scores typed in 评分录入 and not saved."""
        if not self.scoring.confirm_close():
            self.show_tab("评分录入")
            return False
        return True

    def show_tab(self, label: str) -> QWidget:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == label:
                self.tabs.setCurrentIndex(i)
                return self.tabs.widget(i)  # type: ignore[return-value]  # i < count()
        raise KeyError(label)
