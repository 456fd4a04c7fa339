"""专家评审 → 评分录入: one expert's grid of projects × criteria typed as a spreadsheet,
totals live, saved as a draft or submitted.

The screen's search box (Ctrl+F, panel_screen) searches the sheet as the other tabs' lists:
a score typed on a row found is that project's, saving takes the whole sheet, and the
state beside the expert counts the whole sheet (the box's count, the rows found). The
expert is chosen with Alt+Z (its label's key), Enter there going on into the grid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.panel import experts as ex
from boostdesk.panel import grid as gr
from boostdesk.panel import scoring as sc
from boostdesk.panel.package_closed import closed_for_expert
from boostdesk.panel.published_rerank import raised_advice, stale_advice
from boostdesk.panel.score_correction import correct_scores, correctable

from . import dialogs
from .context import AppContext
from .copy_rows import copyable
from .elided_tips import PlainTips
from .empty_hint import EmptyHint
from .frozen_column import FrozenFirstColumn
from .grid_view import GridView
from .panel_common import TITLE_WIDEST, error_label
from .panel_models import ScoreModel
from .small_screen import WrapRow
from .style import WARNING_COLOUR
from .theme import themed
from .whole_choice import WholeChoice

_EXPERT_NAME = Qt.ItemDataRole.UserRole + 1  # the 评分录入 box's expert's name, by item


class _EnterMovesOn(PlainTips):
    """Enter in a cell commits it and opens the next cell, as in a spreadsheet."""

    def eventFilter(self, editor: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if (isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
            return True
        return super().eventFilter(editor, event)


class ScoreTable(GridView):
    """The grid: moving on (Tab, Enter) skips the cells that cannot be typed in; the
    project's title stays in view (FrozenFirstColumn) when the scores scroll sideways."""

    frozen: FrozenFirstColumn | None = None

    def freeze_first_column(self) -> None:
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen = FrozenFirstColumn(self)
        self.horizontalScrollBar().rangeChanged.connect(lambda *_: self.frozen.place())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.frozen is not None:
            self.frozen.place()

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt's name
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        super().scrollTo(index, hint)
        if self.frozen is not None:
            self.frozen.keep_clear(index)

    def moveCursor(self, action: Any, modifiers: Any) -> QModelIndex:  # noqa: N802
        index = super().moveCursor(action, modifiers)
        moves = (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious)
        if action not in moves or not index.isValid():
            return index
        model = self.model()
        step = 1 if action == QAbstractItemView.CursorAction.MoveNext else -1
        cols, rows = model.columnCount(), model.rowCount()
        r, c = index.row(), index.column()
        for _ in range(rows * cols):
            candidate = model.index(r, c)
            if model.flags(candidate) & Qt.ItemFlag.ItemIsEditable:
                return candidate
            c += step
            if c >= cols:
                c, r = 0, (r + 1) % rows
            elif c < 0:
                c, r = cols - 1, (r - 1) % rows
        return index


class _EnterIntoGrid(QObject):
    """Enter in the expert chooser: on into the grid, its current cell, to type the scores
    (Alt+Z, ↓ to the next expert, Enter)."""

    def __init__(self, chooser: QComboBox, grid: QAbstractItemView) -> None:
        super().__init__(chooser)
        self.chooser, self.grid = chooser, grid
        chooser.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        key = event.key() if event.type() == QEvent.Type.KeyPress else None  # type: ignore[attr-defined]
        if (watched is self.chooser and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.grid.model().rowCount()):
            self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return False


class ScoringTab(QWidget):
    """One expert's grid: projects × criteria, totals live, drafts and submission."""

    scores_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid: tuple[gr.Criterion, ...] = ()
        self.rows: list[sc.SheetRow] = []
        self.problems: dict[tuple[int, int], str] = {}
        self.expert = WholeChoice()  # 陈志远（北京市市政工程研究院） whole at 16 pt
        self.expert.currentIndexChanged.connect(self._expert_chosen)
        self.unsaved = False  # scores typed since the grid was loaded or saved
        self._sheet_state = ""  # what the state says of the whole sheet
        self._loaded_index = -1
        self.state = QLabel()
        self.barred = QLabel()  # assigned rows a conflict found later keeps off the sheet
        self.barred.setTextFormat(Qt.TextFormat.PlainText)
        self.barred.setWordWrap(True)
        self.barred.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.barred.setAccessibleName("不在此评分的利益冲突项目")
        self.barred.hide()
        # assigned rows out of review (adopted, in publicity, approved): why, and what to do
        self.closed = QLabel()
        self.closed.setTextFormat(Qt.TextFormat.PlainText)
        self.closed.setWordWrap(True)
        self.closed.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.closed.setAccessibleName("已结束评审的项目")
        self.closed.hide()
        self.model = ScoreModel(self)
        self.model.edited.connect(self._edited)
        self.table = ScoreTable()
        self.table.setAccessibleName("评分录入表")
        self.table.setModel(self.model)
        copyable(self.table, ctx.notice.emit)
        self.table.freeze_first_column()
        # after the views' own (the grid's and its frozen column's, which share the
        # selection): their reset clears the current cell this one then sets
        self._kept: tuple[int | None, int] = (None, 1)  # the current project, column
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._searched)
        self.table.setItemDelegate(_EnterMovesOn(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # the search's "没有找到…" (search_box.ListSearch); an empty sheet: the state says
        EmptyHint(self.table, lambda: "")
        self.draft_button = QPushButton("保存草稿")
        self.draft_button.setToolTip("保存已填的评分，暂不提交；草稿不计入排名（Ctrl+S）")
        self.draft_button.clicked.connect(lambda: self.save(submit=False))
        # Ctrl+S, as in the forms and 设置: typing a paper's scores, the keyboard is in the
        # grid, which keeps Tab to its last cell, and the buttons sit above it.
        draft = QShortcut(QKeySequence("Ctrl+S"), self)
        draft.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        draft.activated.connect(self.save_draft_key)
        self.submit_button = QPushButton("提交评分")
        self.submit_button.setToolTip("全部项目各项均已评分后提交；提交后计入排名")
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        self.correct_button = QPushButton("更正评分…")
        self.correct_button.setToolTip("项目在公示中、专家评分录入有误的：逐项更正并写明理由")
        self.correct_button.clicked.connect(self.ask_correction)
        self.correct_button.hide()
        self.dialog: QWidget | None = None  # the 更正评分 dialog while open
        self.error = error_label()
        # Ctrl+F is the search, as on every list; the expert, changed once a paper, has the
        # key of its label (Alt+Z: 专家), shown underlined as the menus' are
        chooser = QLabel("评审专家(&Z)")
        chooser.setBuddy(self.expert)
        self.expert.setAccessibleName("评审专家")
        _EnterIntoGrid(self.expert, self.table)
        # wraps where the room is narrower (200 % with 16 pt text): 保存草稿 and 提交评分
        # were past the screen's right edge, the page scrolled sideways
        bar = WrapRow()
        bar.addWidget(chooser)
        bar.addWidget(self.expert)
        bar.addWidget(self.state, 1)
        bar.addWidget(self.draft_button)
        bar.addWidget(self.submit_button)
        bar.addWidget(self.correct_button)
        hint = QLabel("直接输入分数，回车或 Tab 到下一格；每项 0 至满分，可保留一位小数。"
                      "未提交前，只显示本人的评分。")
        hint.setStyleSheet(f"color: {themed('#555')};")
        hint.setWordWrap(True)  # on one line it held the page wider than a small screen
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(hint)
        layout.addWidget(self.barred)
        layout.addWidget(self.closed)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    # columns: 0 project, 1.. criteria, 合计, (专家组均分 once submitted), 评语 (last)
    @property
    def total_col(self) -> int:
        return self.model.total_col

    @property
    def comment_col(self) -> int:
        return self.model.comment_col

    def _expert_chosen(self, index: int) -> None:
        """Another expert picked: scores typed for this one asked about as at a year switch
        (saved as a draft, thrown away, or kept with this expert still chosen)."""
        if (self.unsaved and index != self._loaded_index
                and not self.confirm_leave(f"切换到专家“{self._expert_name(index)}”", "切换")):
            self.expert.blockSignals(True)
            self.expert.setCurrentIndex(self._loaded_index)
            self.expert.blockSignals(False)
            return
        self.load_expert()

    def confirm_leave(self, doing: str, verb: str) -> bool:
        """Before ``doing`` (切换到 2023 年度, 退出, 从备份恢复) loads the grid anew: scores
        typed and not saved asked about as 设置's plan is (main_window.may_reload) —
        保存草稿并… (Enter), 放弃并… (Alt+N, off the Tab path), 返回修改 (Esc): the scores
        kept and ``doing`` not done. True when ``doing`` may go on."""
        self._commit_editor()  # a score still in its cell's editor counts as typed
        if not self.unsaved:
            return True
        name = self._expert_name(self._loaded_index)
        answer = dialogs.ask_or_back(
            self, f"{verb}前保存？",
            f"评分录入中专家“{name}”的评分有改动尚未保存。保存为草稿后{doing}，"
            f"还是放弃这些改动并{doing}？", yes=f"保存草稿并{verb}", no=f"放弃并{verb}")
        if answer is None:
            self.state.setText(f"未{verb}：专家“{name}”的评分有改动，尚未保存")
            return False
        if answer is False:  # thrown away, as chosen: the sheet stored shown again
            self.unsaved = False
            self.load_expert()
            return True
        return self._save_loaded()  # refused (a score out of range): said under the grid

    def confirm_close(self) -> bool:
        """Whether the window may close (its _may_close): asked as at a year switch."""
        return self.confirm_leave("退出", "退出")

    def _commit_editor(self) -> None:
        """The cell being typed taken in, as Enter would (a menu's year switch or Ctrl+Q
        leaves the editor open, its score not yet in the sheet)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _save_loaded(self) -> bool:
        """Save the grid as a draft for the expert it was loaded for."""
        chosen = self.expert.currentIndex()
        self.expert.blockSignals(True)
        self.expert.setCurrentIndex(self._loaded_index)
        self.expert.blockSignals(False)
        ok = self.save(submit=False)
        self.expert.blockSignals(True)
        self.expert.setCurrentIndex(chosen)
        self.expert.blockSignals(False)
        return ok

    def reload(self) -> None:
        if self.unsaved:  # a change elsewhere: the scores typed are kept, the grid reloads
            self.state.setText("评分有改动尚未保存；保存后显示登记册的最新内容")
            return
        current = self.expert.currentData()
        self.expert.blockSignals(True)
        self.expert.clear()
        for e in ex.experts(self.ctx.reg, self.ctx.year):
            self.expert.addItem(f"{e.name}（{e.organisation}）" if e.organisation else e.name, e.id)
            self.expert.setItemData(self.expert.count() - 1, e.name, _EXPERT_NAME)
        index = self.expert.findData(current)
        self.expert.setCurrentIndex(max(index, 0))
        self.expert.blockSignals(False)
        self.expert.follow_choice()
        self.load_expert()

    def _expert_name(self, index: int) -> str:
        """The expert's name at ``index``, kept apart from the shown text: a name may hold
        full-width brackets itself (李明（清华）, tidy_name), so the text is not cut at one."""
        return str(self.expert.itemData(index, _EXPERT_NAME) or "")

    def select_expert(self, name: str) -> None:
        for i in range(self.expert.count()):
            if ex.same_name(self._expert_name(i), name):
                self.expert.setCurrentIndex(i)
                return

    def load_expert(self) -> None:
        eid = self.expert.currentData()
        self.unsaved = False
        self._loaded_index = self.expert.currentIndex()
        self.problems.clear()
        self.error.clear()
        self.grid = gr.criteria(self.ctx.reg, self.ctx.year)
        self.rows = sc.expert_sheet(self.ctx.reg, eid) if eid is not None else []
        submitted = bool(self.rows) and all(r.submitted for r in self.rows)
        means = ({pid: sc.format_points(p.mean)
                  for pid, p in sc.panel_scores(self.ctx.reg, self.ctx.year).items()}
                 if submitted else None)
        self.model.load(self.grid, self.rows, means, editable=not self.ctx.read_only)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(self.comment_col, QHeaderView.ResizeMode.Stretch)
        # A long title is elided (its tooltip gives it whole): sized to it, the column ran
        # past a small screen and the grid scrolled the project out of sight.
        titles = [r.title for r in self.rows] + [self.model.headers[0]]  # found or not
        self.table.setColumnWidth(0, min(max(self.table.fontMetrics().horizontalAdvance(t)
                                             for t in titles) + 16, TITLE_WIDEST))
        # each criterion's column as wide as its header's widest line (bold: the current
        # column's): 100 px cut the lines on both sides at 16 pt
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for k in range(1, self.comment_col):
            lines = str(self.model.headers[k]).split("\n")
            widest = max(metrics.horizontalAdvance(line) for line in lines)
            self.table.setColumnWidth(k, max(100, widest + 16))
        header.setMinimumHeight(self.fontMetrics().height() * 5 + 8)
        if self.table.frozen is not None:
            self.table.frozen.refit()
        self._sheet_state = (
            f"已提交，共 {len(self.rows)} 个项目" if submitted else
            f"草稿：共 {len(self.rows)} 个项目，尚未提交"
            if any(r.scores_x10 for r in self.rows) else
            f"共 {len(self.rows)} 个项目待评分" if self.rows else
            "该专家没有待评审的项目" if eid is not None else "尚无评审专家")
        self._show_state()
        barred = sc.sheet_conflicts(self.ctx.reg, eid) if eid is not None else []
        # left off the sheet: said why, not silently
        self.barred.setText(f"另有 {len(barred)} 个项目存在利益冲突，不在此评分："
                            + "、".join(f"“{k.title}”（{k.reason}）" for k in barred)
                            + "：该项不评分、不计入排名，请在“分配专家”中取消该分配，需要时另派专家"
                            if barred else "")
        self.barred.setVisible(bool(barred))
        closed = closed_for_expert(self.ctx.reg, self.ctx.year, eid) if eid is not None else []
        if closed:  # the scores are not lost: where every expert's are read now
            closed.append("各专家对这些项目的评分见“排名与档次”中的“导出评审汇总表…”（Ctrl+E）")
        self.closed.setText("\n".join(closed))
        self.closed.setVisible(bool(closed))
        self.correct_button.setVisible(bool(closed))
        self.correct_button.setEnabled(not self.ctx.read_only and eid is not None
                                       and bool(correctable(self.ctx.reg, eid)))
        writable = bool(self.rows) and not self.ctx.read_only
        self.draft_button.setEnabled(writable)
        self.submit_button.setEnabled(writable)
        if self.rows and not self.ctx.read_only:
            self.table.setCurrentIndex(self.model.index(0, 1))

    def _show_state(self) -> None:
        """The whole sheet's state; while a search hides some of it, how many it shows."""
        found = self.model.rowCount()
        self.state.setText(self._sheet_state + (
            f"（搜索显示其中 {found} 个）" if self.model.searching and self.rows else ""))

    def _remember_current(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self._kept = (self.model.sheet[self.model.position(current.row())].project_id,
                          current.column())

    def _searched(self) -> None:
        """The rows shown changed: the cursor stays on its project when the search still
        shows it, else goes to the first row found (↓ or Enter in the box lands there)."""
        project, column = self._kept
        row = self.model.row_of(project) if project is not None else None
        if self.model.rowCount() and not self.ctx.read_only:
            column = min(column, self.model.columnCount() - 1) if row is not None else 1
            self.table.setCurrentIndex(self.model.index(row or 0, column))
        self._show_state()

    def _edited(self, p: int, c: int) -> None:
        """A score typed (``p``: the project's position in the sheet, found or not): its
        problem (if any) named, shown first under the grid."""
        problem = self.model.problems.get((p, c))
        if problem:
            self.problems[(p, c)] = f"项目“{self.rows[p].title}”：{problem}"
        else:
            self.problems.pop((p, c), None)
        self.error.setText(next(iter(self.problems.values()), ""))
        self.unsaved = True
        self.scores_changed.emit()

    def total_text(self, r: int) -> str:
        return self.model.total_text(r)

    def entries(self) -> dict[int, tuple[dict[int, int | None], str]]:
        """Every project of the sheet, those a search hides too."""
        return {row.project_id: (self.model.row_scores(p), self.model.comments[p])
                for p, row in enumerate(self.rows)}

    def save_draft_key(self) -> bool:
        """Ctrl+S: the score being typed in a cell taken in (its editor closed, as Enter
        does), then 保存草稿; the keyboard stays in the grid."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)  # commits the editor
        return self.save(submit=False)

    def save(self, submit: bool) -> bool:
        eid = self.expert.currentData()
        if eid is None or not self.rows:
            return False
        if self.problems:
            self.error.setText("请先改正标红的分数：" + next(iter(self.problems.values())))
            return False
        entries = self.entries()
        name = self._expert_name(self.expert.currentIndex())
        label = f"提交专家“{name}”的评分" if submit else f"保存专家“{name}”的评分草稿"
        if result_ok := self._write(label, eid, entries, submit):
            self.unsaved = False
            self.load_expert()  # what was stored, with a reload a change elsewhere deferred
        return result_ok

    def _write(self, label: str, eid: int, entries: dict, submit: bool) -> bool:
        result = self.ctx.write(label, lambda: sc.save_scores(self.ctx.reg, eid, entries,
                                                              submit=submit),
                                changed="panel", parent=self, title="未能保存评分")
        self.error.setText("" if result.ok else result.error)
        return result.ok

    def ask_correction(self) -> None:
        """更正评分…: a score of the expert's in publicity typed again with the reason;
        what the ranking then says of the published list is shown, not acted on."""
        from .score_correction_dialog import CorrectScoreDialog

        eid = self.expert.currentData()
        if eid is None:
            return
        rows = correctable(self.ctx.reg, eid)
        if not rows:
            self.error.setText("该专家没有公示中可更正的评分")
            return
        name = self._expert_name(self.expert.currentIndex())
        dialog = CorrectScoreDialog(name, rows, gr.criteria(self.ctx.reg, self.ctx.year), self)
        self.dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        if not accepted:
            return
        result = self.ctx.write(
            f"更正专家“{name}”的评分", lambda: correct_scores(
                self.ctx.reg, eid, dialog.project_id, dialog.scores, dialog.reason),
            changed="panel", parent=self, title="未能更正评分")
        if not result.ok:
            self.error.setText(result.error)
            return
        done = result.value
        text = f"已更正项目“{done.project}”的评分：{done.changed}。"
        if done.stale:
            text += ("\n更正后已公示的排名与现在的排名不同：\n" + "\n".join(done.stale)
                     + "\n" + stale_advice())
        elif done.raised:
            text += ("\n更正后按现有排名，已公示项目可调高档次：\n" + "\n".join(done.raised)
                     + "\n" + raised_advice())
        else:
            text += "更正后公示项目的档次没有变化。"
        self.error.setText("")
        self.state.setText(text.splitlines()[0])
        dialogs.show_info(self, "评分已更正", text)
