"""专家评审 → 分配专家: the projects × experts grid; Space or a double click assigns or
withdraws, 自动均衡分配 deals the places. What a cell asks of a conflict (登记回避, a
conflicted or wrongly declared cell taken back) and the check that the register still
holds what the grid shows are :mod:`panel_conflict_actions`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.no_enterprise import FILL, UNCHECKED, panel_line, project_tip, unchecked
from boostdesk.panel import experts as ex
from boostdesk.panel import grid as gr
from boostdesk.panel.balance import Shortfall, standing_lines
from boostdesk.panel.near_conflicts import NearOrgs, likely_conflict

from . import dialogs
from .context import AppContext
from .copy_rows import copyable
from .elided_tips import plain_tips
from .empty_hint import EmptyHint
from .many_rows import ListView
from .panel_common import NO_EXPERTS, TITLE_WIDEST, error_label, warning_label
from .panel_conflict_actions import ConflictActions
from .panel_models import (
    ASSIGNED,
    CONFLICT,
    CONFLICTED,
    NEAR,
    SUBMITTED,
    AssignmentModel,
    MatrixRow,
)
from .small_screen import NoteLabel, WrappedTextFits

AUTO_LINES_SHOWN = 6  # what 自动均衡分配 took off and who is short, before "……另有 N 项"


class AssignTab(WrappedTextFits, ConflictActions):
    """Projects × experts: Space or a double click assigns or withdraws."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.projects: list[Any] = []
        self.panel: list[ex.Expert] = []
        self.model = AssignmentModel(self)
        self.table = ListView()
        self.table.setAccessibleName("分配专家表")
        plain_tips(self.table)
        EmptyHint(self.table, self._empty_text)
        self.table.setModel(self.model)
        copyable(self.table, ctx.notice.emit)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # several cells chosen (Shift+arrows, Ctrl+click) are taken off at once: a late
        # expert's fifteen projects were fifteen cancellations
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTabKeyNavigation(False)  # ↑↓←→ move in the matrix, Tab leaves it
        self.table.doubleClicked.connect(lambda i: self.toggle(i.row(), i.column()))
        self.table.installEventFilter(self)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # a 60-character title left room for one expert's column: cut, whole in its tooltip
        self.table.horizontalHeader().setMaximumSectionSize(TITLE_WIDEST)
        self.auto_button = QPushButton("自动均衡分配")
        self.auto_button.setToolTip("为每个待评审项目分配规定人数的专家，避开利益冲突，工作量均衡")
        self.auto_button.clicked.connect(self.auto)
        self.conflict_button = QPushButton("登记回避…")
        self.conflict_button.setToolTip("所选专家申明与所选项目存在利益冲突：取消分配并记录理由")
        self.conflict_button.clicked.connect(self.ask_conflict)
        self.cancel_button = QPushButton("取消所选分配…")
        self.cancel_button.setToolTip("用 Shift+方向键（或按住 Ctrl 点选）选中多个“评审”单元格，"
                                      "按空格或此按钮一次取消这些分配")
        self.cancel_button.clicked.connect(lambda: self.cancel_selected())
        self.note = QLabel("空格键或双击：分配 / 取消分配（误登记的回避：撤回；Shift+方向键选中多格后按空格：一并取消所选分配）。“回避”为利益冲突（理由在表下方，指向单元格也可查看）；"
                           "“冲突”为分配后才发现的利益冲突，其评分不计入排名；“相近”为专家工作单位与项目的单位"
                           "名称相近、可能存在利益冲突（分配前询问）。")
        self.note.setWordWrap(True)  # a small laptop: wrapped, not the screen scrolled
        # projects whose studio has no 所在单位: assigned without 回避 checked, said so
        self.unchecked = warning_label()
        self.unchecked.setVisible(False)
        # assignments standing whose expert's 工作单位 is near the project's names
        self.near_assigned = warning_label()
        self.near_assigned.setAccessibleName("可能存在利益冲突的分配")
        self.near_assigned.setVisible(False)
        # the current cell's reason (a 回避's, a 相近's, a project's lack of experts) where
        # the keyboard is: it was only in the cell's tooltip, for a mouse
        self.cell_line = NoteLabel()
        self.cell_line.setObjectName("assign_cell_reason")
        self.cell_line.setTextFormat(Qt.TextFormat.PlainText)
        self.table.selectionModel().currentChanged.connect(self._show_cell_reason)
        self.model.modelReset.connect(self._show_cell_reason)
        self.error = error_label()
        # the projects short of experts as the grid counts them, whatever was done last
        # (it went with the first 取消分配 after 自动均衡分配, the grid still 3/5)
        self.shortfall = error_label()
        self.shortfall.setAccessibleName("专家不足的项目")
        self._short: list[str] = []
        self._auto_said = ""  # auto's notes as shown under the grid (until replaced)
        bar = QHBoxLayout()
        bar.addWidget(self.auto_button)
        bar.addWidget(self.conflict_button)
        bar.addWidget(self.cancel_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        # under the buttons, the tab's width: beside them (three buttons and the 相近 and
        # Shift lines) it wrapped into a column taller than a small screen gave it
        layout.addWidget(self.note)
        layout.addWidget(self.unchecked)
        layout.addWidget(self.near_assigned)
        # a few projects in view, the page scrolling at large text on a small screen
        # rather than the grid squeezed under the lines around it
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 3 * self.table.verticalHeader().defaultSectionSize() + 4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.cell_line)
        layout.addWidget(self.error)
        layout.addWidget(self.shortfall)

    def _show_cell_reason(self, *_args: Any) -> None:
        index = self.table.currentIndex()
        tip = self.model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole) \
            if index.isValid() and index.column() >= 1 else None
        if tip:
            head = self.model.headerData(index.column(), Qt.Orientation.Horizontal)
            who = str(head or "").replace("\n", "，") if index.column() >= 2 else ""
            tip = f"{who}：{tip}" if who else str(tip)
        self.cell_line.setText(str(tip or ""))

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if (obj is self.table and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space):
            if len(self._picked()) > 1:  # several cells chosen: their assignments off at once
                self.cancel_selected()
            else:
                self.toggle(self.table.currentIndex().row(), self.table.currentIndex().column())
            return True
        return super().eventFilter(obj, event)

    def reload(self) -> None:
        reg, year = self.ctx.reg, self.ctx.year
        self.projects = ex.panel_projects(reg, year)
        self.panel = ex.experts(reg, year)
        declared = ex.declared_conflicts(reg, year)
        done = {(a.expert_id, a.project_id): a for a in ex.assignments(reg, year)}
        self.conflicted = ex.assignment_conflicts(reg, year)
        need = gr.settings(reg, year).experts_per_project
        names = NearOrgs(self.projects, reg)  # a 工作单位 written nearly as the project's names
        near_assigned: list[str] = []
        rows = []
        short_ones: list[Shortfall] = []
        for app in self.projects:
            states, reasons = [], {}
            unsure = project_tip(app)  # no 所在单位: an expert of it is not seen
            barred: list[str] = []
            for c, e in enumerate(self.panel):
                a = done.get((e.id or 0, app.id or 0))
                reason = None if a is not None else ex.conflict(reg, e, app, declared)
                if a is not None and a.id in self.conflicted:
                    states.append(CONFLICTED)
                    barred.append(f"{e.name}（{self.conflicted[a.id].reason}）")
                    reasons[c] = (f"{self.conflicted[a.id].reason}：分配后才发现的利益冲突，"
                                  "其评分不计入排名。空格键或双击取消该分配（评分撤回，记入修改记录），"
                                  "需要时另派专家")
                elif a is not None:
                    states.append(SUBMITTED if a.submitted else ASSIGNED)
                    if (likely := names.likely(e.organisation, app)) is not None:
                        reasons[c] = (f"{likely.text}：请核实；是同一单位的，请登记回避"
                                      "（其评分一并撤回）")
                        near_assigned.append(f"{e.name}—“{app.title}”（{likely.what}"
                                             f"“{likely.name}”）")
                elif reason:
                    states.append(CONFLICT)
                    reasons[c] = reason
                    barred.append(f"{e.name}（{reason}）")
                elif (likely := names.likely(e.organisation, app)) is not None:
                    states.append(NEAR)
                    reasons[c] = (f"{likely.text}。自动均衡分配不分配；空格键或双击时询问，"
                                  "核实确无利益冲突后可分配")
                    barred.append(f"{e.name}（工作单位与{likely.what}名称相近，可能是同一单位）")
                else:
                    states.append("")
                if unsure and c not in reasons:
                    reasons[c] = unsure
            # the experts whose score would count: a conflicted one fills no place
            count = sum(s in (ASSIGNED, SUBMITTED) for s in states)
            shortfall = None if count >= need else Shortfall(
                app.id or 0, app.title, count, need, len(self.panel), tuple(barred),
                states.count(""))
            if shortfall is not None:
                short_ones.append(shortfall)
            short = "" if shortfall is None else shortfall.text + (f"\n{unsure}" if unsure else "")
            where = (f"{app.studio_name}（{app.enterprise_name}）" if not unchecked(app)
                     else f"{app.studio_name}（未登记所在单位）\n{UNCHECKED}：{FILL}")
            rows.append(MatrixRow(app.id, app.title or "", f"{app.title}\n{where}", count,
                                  tuple(states), reasons, need, short, bool(unsure)))
        current = self.table.currentIndex()
        keep = (self.model.rows[current.row()].id if current.isValid() else None,
                current.column())
        self.model.set_matrix([f"{e.name}\n{e.organisation}" for e in self.panel], rows)
        self._select(*keep)
        line = panel_line(self.projects)
        self.unchecked.setText(line)
        self.unchecked.setVisible(bool(line))
        self.near_assigned.setText(
            f"已分配的 {len(near_assigned)} 项中，专家工作单位与项目的单位名称相近、可能存在利益冲突"
            "（指向单元格查看）：" + _few_inline(near_assigned) + "。请核实；是同一单位的，选中该格按"
            "“登记回避…”" if near_assigned else "")
        self.near_assigned.setVisible(bool(near_assigned))
        # as the grid now counts (a 所在单位 filled since turned an assignment 冲突: 2/5)
        self._short = standing_lines(short_ones)
        self._say_short()
        writable = not self.ctx.read_only
        self.auto_button.setEnabled(writable and bool(self.panel))
        self.conflict_button.setEnabled(writable and bool(self.panel))
        self.cancel_button.setEnabled(writable and bool(self.panel))

    def _empty_text(self) -> str:
        text = "还没有待评审的项目：项目在“资格审核”中通过后列在这里，再为每个项目分配专家"
        return text + ("。" + NO_EXPERTS if not self.panel else "")

    def cell(self, row: int, col: int) -> tuple[ex.Expert, Any] | None:
        """The expert and project of the grid's cell as shown: a row of the rows the
        search found, not the row at that place in the whole list (Space on the one
        project found took the first project's assignment off)."""
        if row < 0 or col < 2 or row >= self.model.rowCount() or col - 2 >= len(self.panel):
            return None
        project_id = self.model.rows[row].id
        app = next((p for p in self.projects if p.id == project_id), None)
        return None if app is None else (self.panel[col - 2], app)

    def toggle(self, row: int, col: int) -> bool:
        found = self.cell(row, col)
        if found is None or self.ctx.read_only:
            return False
        e, app = found
        text = self.model.text(row, col)
        if self._stale(e, app, text):
            # another program wrote since the load: a cell that now reads otherwise is
            # shown, not acted on (its withdrawal may take a score nobody was asked about)
            now = self._reloaded(app, col)
            if now != text:
                self._say_changed(e, app, text, now)
                return False
        if text == CONFLICTED:
            return self._withdraw_conflicted(e, app)
        if text == CONFLICT and (e.id, app.id) in ex.declared_conflicts(self.ctx.reg,
                                                                         self.ctx.year):
            return self._withdraw_declared(e, app)
        if text == SUBMITTED:
            self.error.setText(f"专家“{e.name}”已提交该项目的评分，不能取消分配；"
                               "专家须回避该项目的，请用“登记回避…”（其评分一并撤回）")
            return False
        if text == ASSIGNED:
            return self._unassign(f"取消分配“{app.title}”给{e.name}", e, app,
                                  lambda _result: self._select(app.id, col), submitted=False)
        confirmed = False
        if text == NEAR and (near := likely_conflict(e.organisation, app)) is not None:
            if not dialogs.ask_yes_no(
                    self, "可能存在利益冲突",
                    f"{near.text}。\n\n是同一单位的，请不要分配，改为登记回避（或把专家的工作单位改为"
                    f"登记的名称）。已核实确无利益冲突，仍把“{app.title}”分配给{e.name}吗？",
                    yes="仍然分配", no="不分配"):
                self.error.setText(f"未分配“{app.title}”给{e.name}（{near.text}）")
                return False
            confirmed = True
        result = self.ctx.write(f"分配“{app.title}”给{e.name}",
                                lambda: ex.assign(self.ctx.reg, e.id or 0, app.id or 0,
                                                  near_confirmed=confirmed),
                                changed="panel", parent=self, title="不能分配")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self._select(app.id, col)
        return result.ok

    def _picked(self) -> list[tuple[int, int]]:
        """The selected cells of the experts' columns, as (row, column) shown."""
        return sorted((i.row(), i.column()) for i in self.table.selectionModel().selectedIndexes()
                      if i.column() >= 2)

    def cancel_selected(self) -> bool:
        """取消所选分配: the selected 评审 cells' assignments taken off at once, asked first
        (all or none); a submitted score is left (登记回避 withdraws it, one by one), and
        the cells that hold no assignment are passed over, both said."""
        if self.ctx.read_only:
            return False
        cells = [(found, self.model.text(r, c)) for r, c in self._picked()
                 if (found := self.cell(r, c)) is not None]
        chosen = [(e, app) for (e, app), text in cells if text == ASSIGNED]
        submitted = sum(text == SUBMITTED for _found, text in cells)
        left = (f"所选的 {submitted} 项已提交评分，不能直接取消分配（专家须回避的，逐项“登记回避…”，"
                "其评分一并撤回）" if submitted else "")
        if not chosen:
            self.error.setText(left or "所选单元格中没有可取消的分配（“评审”单元格）："
                               "用 Shift+方向键选中多个“评审”单元格后再按空格")
            return False
        by_expert: dict[str, list[str]] = {}
        for e, app in chosen:
            by_expert.setdefault(e.name, []).append(f"“{app.title}”")
        listed = "\n".join(f"{name}：{len(titles)} 项（" + "、".join(titles[:5])
                           + ("等" if len(titles) > 5 else "") + "）"
                           for name, titles in by_expert.items())
        if not dialogs.ask_yes_no(
                self, "取消所选分配",
                f"取消以下 {len(chosen)} 项分配吗？\n\n{listed}\n\n"
                + (f"{left}。\n\n" if left else "") + "取消后项目如专家不足，请另派专家（自动均衡分配）。",
                yes="取消分配", no="返回"):
            return False
        pairs = [(e.id or 0, app.id or 0) for e, app in chosen]
        result = self.ctx.write(f"取消所选 {len(pairs)} 项分配", lambda: ex.unassign_many(
            self.ctx.reg, pairs, shown=dict.fromkeys(pairs, False)),
            changed="panel", parent=self, title="未能取消分配")
        if not result.ok:
            self._reload_keeping(result.error)
            return False
        self.error.setText(f"已取消 {len(pairs)} 项分配" + (f"；{left}" if left else ""))
        self.ctx.notice.emit(f"已取消 {len(pairs)} 项分配")
        return True

    def _select(self, project_id: Any, col: int) -> None:
        """Back to a project's cell after a reload (its row may have moved)."""
        row = self.model.row_of(project_id) if project_id is not None else None
        if row is not None and 0 <= col < self.model.columnCount():
            self.table.setCurrentIndex(self.model.index(row, col))

    def auto(self) -> bool:
        result = self.ctx.write("自动分配评审专家",
                                lambda: ex.auto_assign(self.ctx.reg, self.ctx.year),
                                changed="panel", parent=self, title="未能自动分配")
        if result.ok:
            added = result.value
            self._say_auto(added.notes)
            self.ctx.notice.emit(f"已新增 {len(added.added)} 项分配")
        return result.ok

    def _say_auto(self, notes: list[str]) -> None:
        """自动均衡分配's notes under the grid (what it took off); the projects it left
        short are the standing line's, under them."""
        self._auto_said = _few(notes, "")
        self.error.setText(self._auto_said)
        self._say_short()

    def _say_short(self) -> None:
        """The standing line: the projects short of experts, in the lines auto's notes
        (still shown) leave: a few, not the table pushed off the screen by one a project."""
        notes = (len(self._auto_said.splitlines())
                 if self._auto_said and self.error.text() == self._auto_said else 0)
        self.shortfall.setText(_few(self._short, "“人数”一栏标出专家不足的项目（指向查看原因）",
                                    max(2, AUTO_LINES_SHOWN - notes)))


def _few_inline(items: list[str], shown: int = 3) -> str:
    """The first ``shown`` of ``items`` on one line, then how many more."""
    more = f"等 {len(items)} 项" if len(items) > shown else ""
    return "；".join(items[:shown]) + more


def _few(lines: list[str], where: str, shown: int = AUTO_LINES_SHOWN) -> str:
    """``lines`` joined, the first ``shown`` of them and how many more (``where`` they are
    seen)."""
    more = len(lines) - shown
    if more <= 0:
        return "\n".join(lines)
    return "\n".join(lines[:shown]) + f"\n……另有 {more} 项未列出" + (f"：{where}" if where else "")

