"""专家评审: qualification, the panel, assignments, scoring, packages, ranking and tiers.

Thin over :mod:`boostdesk.panel`: each tab shows what a domain function returns and sends
every change through :meth:`AppContext.write` (or :meth:`AppContext.run_long` for the
packages), which stamps the operator, shows errors in Chinese and announces the change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.money import format_money
from boostdesk.panel import experts as ex
from boostdesk.panel import grid as gr
from boostdesk.panel import qualification as qu
from boostdesk.panel import scoring as sc
from boostdesk.panel import tiers as ti
from boostdesk.panel.balance import Shortfall
from boostdesk.panel.errors import PanelError

from . import dialogs
from .column_widths import NamesGiveWay
from .context import AppContext, OpResult, backed_up, error_text
from .copy_rows import copyable
from .elided_tips import PlainTips, plain_tips, tip_when_elided
from .empty_hint import EmptyHint
from .frozen_column import FrozenFirstColumn
from .grid_view import GridView
from .in_view import ReloadInView
from .keep_selection import KeepSelection, current_id
from .many_rows import one_row_only, select_many
from .panel_models import (
    ASSIGNED,
    CONFLICT,
    CONFLICTED,
    DISAGREEMENT,
    MUTED,
    SUBMITTED,
    AssignmentModel,
    GridModel,
    MatrixRow,
    ScoreModel,
    ShadedRowsModel,
)
from .rows_model import Row, RowsModel
from .small_screen import NoteLabel, WrappedTextFits, size_by_current_page
from .style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR, escape
from .theme import themed

REFRESH_ON = ("panel", "project", "campaign", "studio", "all")
READ_ONLY_TIP = "登记册为只读（另一处正在使用），不能修改"
# Columns fit the texts of this many rows (from the first in view), not of Qt's 1,000: the
# model answers in Python, and the header measures again on each reload and selection.
MEASURED_ROWS = 200
_EXPERT_NAME = Qt.ItemDataRole.UserRole + 1  # the 评分录入 box's expert's name, by item
AUTO_LINES_SHOWN = 6  # what 自动均衡分配 took off or left short, before "……另有 N 项"
TITLE_WIDEST = 260  # a project title column no wider: a longer title is elided, tooltip whole


def _view(model: QAbstractItemModel, *, rows_select: bool = True,
          sortable: bool = False) -> QTableView:
    """A list over ``model``: columns sized to their contents, the last one stretched;
    with ``sortable`` a header click sorts (the model keeps the order given until then)."""
    view = QTableView() if rows_select else GridView()  # a grid typed into: Tab leaves at its end
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows_select:
        select_many(view)  # Shift / Ctrl+click, Ctrl+A: Ctrl+C copies them all
        view.setTabKeyNavigation(False)  # Tab leaves a list of rows (↑↓ move in it)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(MEASURED_ROWS)
    # A 60-character title took the room of the scores and tiers beside it: cut, and
    # shown whole when pointed at.
    header.setMaximumSectionSize(TITLE_WIDEST)
    tip_when_elided(view)
    view.setWordWrap(False)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # no sort until a click
        view.setSortingEnabled(True)
    return view


def _error_label() -> QLabel:
    label = NoteLabel()
    label.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed (“<b>王</b>”)
    return label


NO_EXPERTS = "尚无评审专家：先在“评审组与评分细则”中添加专家（姓名、工作单位）"


def _cells(*values: object) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in values)


# -- 资格审核 --------------------------------------------------------------------------------
class QualificationTab(QWidget):
    COLUMNS = ("登记号", "项目名称", "工作室", "级别", "自动核对", "状态", "审核理由", "发现的问题")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[qu.QualificationRow] = []
        self.pending_only = QCheckBox("只看尚未审核的项目")
        self.pending_only.setChecked(True)
        self.pending_only.toggled.connect(lambda _: self.reload())
        self.summary = QLabel()
        self.model = RowsModel(self.COLUMNS, self, sorted_on_load=False)
        self.table = _view(self.model, sortable=True)
        self.table.setAccessibleName("资格审核列表")
        copyable(self.table, ctx.notice.emit)
        EmptyHint(self.table, self._empty_text)
        KeepSelection(self.table, self.model, first=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("审核理由：结论与自动核对不同时必填（如：企业已补交追加投入证明）")
        self.reason.setAccessibleName("审核理由")
        self.reason.setAccessibleDescription(self.reason.placeholderText())
        self.pass_button = QPushButton("通过资格审核")
        self.pass_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button = QPushButton("不通过…")
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.error = _error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.pass_button)
        buttons.addWidget(self.refuse_button)
        top = QHBoxLayout()
        top.addWidget(self.pending_only)
        top.addStretch(1)
        top.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.findings)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def reload(self) -> None:
        self.rows = qu.qualification_rows(self.ctx.reg, self.ctx.year)
        open_rows = [r for r in self.rows if r.project.status in qu.OPEN]
        shown = ([r for r in open_rows if r.project.status == "registered"]
                 if self.pending_only.isChecked() else open_rows)
        waiting = sum(r.project.status == "registered" for r in self.rows)
        passed = sum(r.project.status not in ("registered", "refused") for r in self.rows)
        self.summary.setText(f"待审核 {waiting} 项；已通过 {passed} 项；"
                             f"不通过 {sum(r.project.status == 'refused' for r in self.rows)} 项")
        colour = {"符合": OK_COLOUR, "不符合": ERROR_COLOUR, "待补材料": WARNING_COLOUR}
        rows = []
        for row in shown:
            app = row.project
            problems = "；".join(f.message for f in row.findings)
            cells = _cells(app.id, app.title, app.studio_name,
                           LEVEL_ZH.get(app.studio_level or "", ""), row.verdict,
                           STATUS_ZH.get(app.status, app.status), app.status_reason, problems)
            rows.append(Row(app.id, cells, cell_tips={6: cells[6], 7: problems},
                            colours={4: colour[row.verdict]}))
        self.model.set_rows(rows)  # the selection is kept (or the first row taken)
        self._selected()

    def _empty_text(self) -> str:
        if not self.rows:
            return (f"{self.ctx.year} 年度还没有创新项目申报：在“创新项目”页录入（Ctrl+N）或导入"
                    "汇总表（Ctrl+I）后，在这里逐项审核资格")
        if self.pending_only.isChecked():
            return "没有尚未审核的项目：取消勾选“只看尚未审核的项目”可查看已审核的"
        return "没有可审核的项目"

    def current(self) -> qu.QualificationRow | None:
        pid = current_id(self.table)
        return next((r for r in self.rows if r.project.id == pid), None)

    def _selected(self) -> None:
        row = self.current()
        writable = row is not None and not self.ctx.read_only
        self.pass_button.setEnabled(writable)
        self.refuse_button.setEnabled(writable)
        if row is None:
            self.findings.setText("")
            return
        if not row.findings:
            self.findings.setText(f"<span style='color:{themed(OK_COLOUR)}'>自动核对未发现问题</span>")
            return
        lines = [f"<span style='color:{themed(ERROR_COLOUR if f.blocking else WARNING_COLOUR)}'>"
                 f"{'不符合' if f.blocking else '提示'}：{escape(f.message)}</span>"
                 for f in row.findings]
        self.findings.setText("<br>".join(lines))

    def decide(self, passed: bool) -> bool:
        row = self.current()
        verb = "通过" if passed else "不通过"
        # one at a time: a conclusion against the findings needs its own reason
        if row is None or not one_row_only(self, self.table, f"资格审核{verb}",
                                           "资格审核一次只审一项，请只选中要审核的那一项"):
            return False
        reason = self.reason.text().strip()
        if not passed and not reason and not row.blocking:
            reason = dialogs.ask_text(self, "不通过资格审核",
                                      f"项目“{row.project.title}”不通过的理由：") or ""
            if not reason.strip():
                return False
        pid = row.project.id or 0
        result = self.ctx.write(f"资格审核{verb}“{row.project.title}”",
                                lambda: qu.decide(self.ctx.reg, pid, passed, reason),
                                changed="project", parent=self, title="未能保存审核结论")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self.reason.clear()
        return result.ok


def _texts(grid: Iterable[gr.Criterion]) -> list[tuple[str, str, str]]:
    """A grid as the table shows it (GridModel's texts)."""
    return [(c.name, str(c.max_score), str(c.weight)) for c in grid]


def _settings_values(s: gr.PanelSettings) -> tuple[int, int, float, int]:
    """A year's panel parameters as the spin boxes show them."""
    return s.trim_min_scores, s.trim_each, s.disagreement_sd, s.experts_per_project


# -- 评审组：专家、评分细则、参数 ---------------------------------------------------------------
class SetupTab(QWidget):
    EXPERT_COLUMNS = ("姓名", "工作单位", "专业领域", "联系方式", "分配", "已提交")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.experts: list[ex.Expert] = []
        # the grid and parameters as last read from the register (None: not yet read)
        self._grid_loaded: list[tuple[str, str, str]] | None = None
        self._settings_loaded: tuple[int, int, float, int] | None = None
        self._loaded_year: int | None = None
        self.model = RowsModel(self.EXPERT_COLUMNS, self, right=(4, 5), sorted_on_load=False)
        self.table = _view(self.model, sortable=True)
        self.table.setAccessibleName("评审专家列表")
        copyable(self.table, ctx.notice.emit)
        EmptyHint(self.table, lambda: "尚无评审专家：在下方填写姓名、工作单位（用于回避）后按“添加专家”")
        KeepSelection(self.table, self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._expert_selected())
        self.name = QLineEdit()
        self.name.setPlaceholderText("姓名")
        self.org = QLineEdit()
        self.org.setPlaceholderText("工作单位（用于回避）")
        self.org.setToolTip("与项目所在单位、申报工作室或推荐单位相同的专家，不分配该项目")
        self.field = QLineEdit()
        self.field.setPlaceholderText("专业领域")
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("联系方式")
        self.add_button = QPushButton("添加专家")
        self.add_button.clicked.connect(self.add_expert)
        self.update_button = QPushButton("保存修改")
        self.update_button.clicked.connect(self.update_expert)
        self.remove_button = QPushButton("删除专家")
        self.remove_button.clicked.connect(self.remove_expert)
        # Two fields a line and the buttons under them: four fields and three buttons in one
        # line left each field a few pixels wide on a small laptop at 150 %.
        form = QGridLayout()
        for i, w in enumerate((self.name, self.org, self.field, self.contact)):
            form.addWidget(w, i // 2, i % 2)
        form.setColumnStretch(0, 1)
        form.setColumnStretch(1, 2)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.update_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        experts_box = QGroupBox("评审专家")
        ev = QVBoxLayout(experts_box)
        ev.addWidget(self.table, 1)
        ev.addLayout(form)
        ev.addLayout(buttons)

        self.grid_model = GridModel(self)
        self.grid_table = _view(self.grid_model, rows_select=False)
        self.grid_table.setAccessibleName("评分细则")
        copyable(self.grid_table, ctx.notice.emit)
        self.grid_table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.grid_note = QLabel()
        self.grid_note.setWordWrap(True)
        self.add_row_button = QPushButton("增加一项")
        self.add_row_button.clicked.connect(lambda: self.grid_model.append(gr.Criterion("", 10, 0)))
        self.drop_row_button = QPushButton("删除所选项")
        self.drop_row_button.clicked.connect(
            lambda: self.grid_model.remove(self.grid_table.currentIndex().row()))
        self.default_button = QPushButton("恢复默认")
        self.default_button.clicked.connect(lambda: self._show_grid(gr.DEFAULT_GRID))
        self.save_grid_button = QPushButton("保存评分细则")
        self.save_grid_button.clicked.connect(self.save_grid)
        grid_buttons = QHBoxLayout()
        for b in (self.add_row_button, self.drop_row_button, self.default_button,
                  self.save_grid_button):
            grid_buttons.addWidget(b)
        grid_box = QGroupBox("评分细则（权重合计 100；专家按各项满分打分）")
        gv = QVBoxLayout(grid_box)
        gv.addWidget(self.grid_table, 1)
        gv.addWidget(self.grid_note)
        gv.addLayout(grid_buttons)

        self.trim_min = QSpinBox()
        self.trim_min.setRange(3, 99)
        self.trim_each = QSpinBox()
        self.trim_each.setRange(0, 10)
        self.disagreement = QDoubleSpinBox()
        self.disagreement.setRange(0.1, 100)
        self.disagreement.setDecimals(1)
        self.disagreement.setSuffix(" 分")
        self.per_project = QSpinBox()
        self.per_project.setRange(1, 50)
        self.save_settings_button = QPushButton("保存评审参数")
        self.save_settings_button.clicked.connect(self.save_settings)
        settings_box = QGroupBox("评审参数（本年度）")
        sf = QFormLayout(settings_box)
        sf.addRow("专家人数达到此数时去掉最高、最低分", self.trim_min)
        sf.addRow("去掉最高、最低分各", self.trim_each)
        sf.addRow("标准差超过此值标记“意见分歧”", self.disagreement)
        sf.addRow("自动分配时每个项目的专家人数", self.per_project)
        sf.addRow("", self.save_settings_button)

        self.error = _error_label()
        right = QVBoxLayout()
        right.addWidget(grid_box, 1)
        right.addWidget(settings_box)
        row = QHBoxLayout()
        row.addWidget(experts_box, 3)
        row.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)

    def reload(self) -> None:
        reg, year = self.ctx.reg, self.ctx.year
        self.experts = ex.experts(reg, year)
        counts = ex.assignments(reg, year)
        rows = []
        for e in self.experts:
            mine = [a for a in counts if a.expert_id == e.id]
            rows.append(Row(e.id, _cells(e.name, e.organisation, e.field, e.contact, len(mine),
                                         sum(a.submitted for a in mine))))
        self.model.set_rows(rows)
        locked = gr.scores_recorded(reg, year) > 0
        if year != self._loaded_year:  # another year's typing is not this year's
            self._grid_loaded = self._settings_loaded = None
        self._loaded_year = year
        editable = not locked and not self.ctx.read_only
        # What was typed in the grid and parameters and not yet saved stays through a
        # reload (adding an expert on this tab reloads it), as typed scores do.
        self.grid_table.setCurrentIndex(QModelIndex())  # commits an open cell editor
        grid = gr.criteria(reg, year)
        typed_grid = editable and self._grid_loaded is not None and self._grid_texts() != self._grid_loaded
        if not typed_grid:
            self._show_grid(grid)
        self._grid_loaded = _texts(grid)
        unsaved = typed_grid and self._grid_texts() != self._grid_loaded
        self.grid_note.setText("已有专家评分，评分细则不能再修改" if locked else
                               "评分细则有改动尚未保存（按“保存评分细则”保存）" if unsaved else
                               "导出评分包后修改评分细则，已导出的评分包将不能导入")
        self.grid_model.editable = editable
        for b in (self.add_row_button, self.drop_row_button, self.default_button,
                  self.save_grid_button):
            b.setEnabled(editable)
        self.grid_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers)
        stored = gr.settings(reg, year)
        if not (editable and self._settings_loaded is not None
                and self._typed_settings() != self._settings_loaded):
            self.trim_min.setValue(stored.trim_min_scores)
            self.trim_each.setValue(stored.trim_each)
            self.disagreement.setValue(stored.disagreement_sd)
            self.per_project.setValue(stored.experts_per_project)
        self._settings_loaded = _settings_values(stored)
        self._expert_selected()

    def _show_grid(self, grid: Iterable[gr.Criterion]) -> None:
        self.grid_model.set_grid(grid)

    def _grid_texts(self) -> list[tuple[str, str, str]]:
        return [self.grid_model.texts(r) for r in range(self.grid_model.rowCount())]

    def _typed_settings(self) -> tuple[int, int, float, int]:
        return (self.trim_min.value(), self.trim_each.value(), self.disagreement.value(),
                self.per_project.value())

    def _grid_from_table(self) -> list[gr.Criterion]:
        out = []
        for r in range(self.grid_model.rowCount()):
            texts = [t.strip() for t in self.grid_model.texts(r)]
            for label, text in (("满分", texts[1]), ("权重", texts[2])):
                if not text.isdecimal():
                    raise PanelError(f"第 {r + 1} 项评分细则的{label}应为整数，而不是“{text}”")
            out.append(gr.Criterion(texts[0], int(texts[1]), int(texts[2])))
        return out

    def save_grid(self) -> bool:
        def do() -> None:
            gr.save_grid(self.ctx.reg, self.ctx.year, self._grid_from_table())

        return self._write("保存评分细则", do)

    def save_settings(self) -> bool:
        s = gr.PanelSettings(self.trim_min.value(), self.trim_each.value(),
                             round(self.disagreement.value() * 10), self.per_project.value())
        return self._write("保存评审参数",
                           lambda: gr.save_settings(self.ctx.reg, self.ctx.year, s))

    def _form_expert(self, expert_id: int | None) -> ex.Expert:
        return ex.Expert(self.name.text(), self.org.text(), self.field.text(),
                         self.contact.text(), expert_id)

    def _expert_selected(self) -> None:
        eid = current_id(self.table)
        e = next((x for x in self.experts if x.id == eid), None)
        writable = not self.ctx.read_only
        self.update_button.setEnabled(e is not None and writable)
        self.remove_button.setEnabled(e is not None and writable)
        self.add_button.setEnabled(writable)
        if e is not None:
            self.name.setText(e.name)
            self.org.setText(e.organisation)
            self.field.setText(e.field)
            self.contact.setText(e.contact)

    def add_expert(self) -> bool:
        e = self._form_expert(None)
        return self._write(f"添加专家“{e.name.strip()}”",
                           lambda: ex.save_expert(self.ctx.reg, self.ctx.year, e))

    def update_expert(self) -> bool:
        eid = current_id(self.table)
        if eid is None or not one_row_only(self, self.table, "保存修改",
                                           "下方填写的是一位专家的信息，请只选中要修改的那一位"):
            return False
        e = self._form_expert(eid)
        return self._write(f"修改专家“{e.name.strip()}”",
                           lambda: ex.save_expert(self.ctx.reg, self.ctx.year, e))

    def remove_expert(self) -> bool:
        eid = current_id(self.table)
        e = next((x for x in self.experts if x.id == eid), None)
        if e is None or not one_row_only(self, self.table, "删除专家",
                                         "删除一次只删一位专家，请只选中要删除的那一位"):
            return False
        work = ex.expert_work(self.ctx.reg, eid or 0).text
        if not dialogs.ask_yes_no(self, "删除专家", f"删除专家“{e.name}”？" + (
                f"{work}。" if work else ""), yes="删除", no="取消"):
            return False
        return backed_up(self, f"删除专家“{e.name}”",
                         lambda reg, cancelled: ex.remove_expert(reg, eid, cancelled=cancelled),
                         backs_up=ex.drops_drafts(self.ctx.reg, eid))

    def _write(self, label: str, do: Callable[[], Any]) -> bool:
        result = self.ctx.write(label, do, changed="panel", parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        return result.ok


# -- 分配 ------------------------------------------------------------------------------------
class AssignTab(QWidget):
    """Projects × experts: Space or a double click assigns or withdraws."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.projects: list[Any] = []
        self.panel: list[ex.Expert] = []
        self.model = AssignmentModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("分配专家表")
        plain_tips(self.table)
        EmptyHint(self.table, self._empty_text)
        self.table.setModel(self.model)
        copyable(self.table, ctx.notice.emit)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        self.note = QLabel("空格键或双击：分配 / 取消分配（误登记的回避：撤回）。“回避”为利益冲突（指向单元格查看理由）；"
                           "“冲突”为分配后才发现的利益冲突，其评分不计入排名。")
        self.note.setWordWrap(True)  # a small laptop: wrapped, not the screen scrolled
        self.error = _error_label()
        bar = QHBoxLayout()
        bar.addWidget(self.auto_button)
        bar.addWidget(self.conflict_button)
        bar.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if (obj is self.table and isinstance(event, QKeyEvent)
                and event.type() == QKeyEvent.Type.KeyPress and event.key() == Qt.Key.Key_Space):
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
        rows = []
        for app in self.projects:
            states, reasons = [], {}
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
                elif reason:
                    states.append(CONFLICT)
                    reasons[c] = reason
                    barred.append(f"{e.name}（{reason}）")
                else:
                    states.append("")
            # the experts whose score would count: a conflicted one fills no place
            count = sum(s in (ASSIGNED, SUBMITTED) for s in states)
            short = "" if count >= need else Shortfall(
                app.id or 0, app.title, count, need, len(self.panel), tuple(barred),
                states.count("")).text
            rows.append(MatrixRow(app.id, app.title or "",
                                  f"{app.title}\n{app.studio_name}（{app.enterprise_name}）", count,
                                  tuple(states), reasons, need, short))
        current = self.table.currentIndex()
        keep = (self.model.rows[current.row()].id if current.isValid() else None,
                current.column())
        self.model.set_matrix([f"{e.name}\n{e.organisation}" for e in self.panel], rows)
        self._select(*keep)
        writable = not self.ctx.read_only
        self.auto_button.setEnabled(writable and bool(self.panel))
        self.conflict_button.setEnabled(writable and bool(self.panel))

    def _empty_text(self) -> str:
        text = "还没有待评审的项目：项目在“资格审核”中通过后列在这里，再为每个项目分配专家"
        return text + ("。" + NO_EXPERTS if not self.panel else "")

    def cell(self, row: int, col: int) -> tuple[ex.Expert, Any] | None:
        if row < 0 or col < 2 or row >= len(self.projects) or col - 2 >= len(self.panel):
            return None
        return self.panel[col - 2], self.projects[row]

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
        result = self.ctx.write(f"分配“{app.title}”给{e.name}",
                                lambda: ex.assign(self.ctx.reg, e.id or 0, app.id or 0),
                                changed="panel", parent=self, title="不能分配")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self._select(app.id, col)
        return result.ok

    def _unassign(self, label: str, e: ex.Expert, app: Any,
                  then: Callable[[OpResult], None] | None = None, *,
                  submitted: bool | None = None) -> bool:
        """Taken off; a submitted score with it, after a backup (on a large register in
        the background). ``submitted``: as the office was shown and asked (None: not
        checked): a score stored by another program meanwhile refuses it (the grid then
        reloaded)."""
        eid, pid = e.id or 0, app.id or 0
        # refused (in the background too, once it ends): the grid read again, as it says
        return backed_up(self, label, lambda reg, cancelled: ex.unassign(
            reg, eid, pid, cancelled=cancelled, submitted=submitted), title="未能取消分配",
            backs_up=ex.withdraws_score(self.ctx.reg, eid, pid), then=then,
            refused=lambda result: self._reload_keeping(result.error))

    def _stale(self, e: ex.Expert, app: Any, text: str) -> bool:
        """Whether the register now holds the cell's assignment otherwise than the grid,
        loaded earlier, shows it: another program (`boostdesk panel import`, a second
        window) assigned, withdrew or stored a score since."""
        now = ex.assignment_state(self.ctx.reg, e.id or 0, app.id or 0)
        if text == CONFLICTED:
            k = self._conflict_of(e, app)
            return now is None or k is None or now != k.submitted
        if text in (ASSIGNED, SUBMITTED):
            return now != (text == SUBMITTED)
        return now is not None

    def _conflict_of(self, e: ex.Expert, app: Any) -> ex.ScoreConflict | None:
        return next((k for k in self.conflicted.values()
                     if k.expert_id == e.id and k.project_id == app.id), None)

    def _reloaded(self, app: Any, col: int) -> str | None:
        """The grid read again, the cursor on the cell; its text now (None: the project
        left the grid)."""
        self.reload()
        self._select(app.id, col)
        row = self.model.row_of(app.id)
        return None if row is None else self.model.text(row, col)

    def _reload_keeping(self, error: str) -> None:
        """Read the grid again after a refused write, keeping the refusal said."""
        self.reload()
        self.error.setText(error)

    def _say_changed(self, e: ex.Expert, app: Any, was: str, now: str | None) -> None:
        shown = {"": "未分配", CONFLICT: "回避", ASSIGNED: "评审", SUBMITTED: "已提交",
                 CONFLICTED: "冲突"}
        then = ("已提交的评分不能直接取消分配；专家须回避该项目的，请用“登记回避…”（其评分一并撤回）"
                if now == SUBMITTED else "请核对后再操作")
        became = "已不在待评审项目中" if now is None else f"现为“{shown.get(now, now)}”"
        self.error.setText(
            f"专家“{e.name}”与项目“{app.title}”的分配在表格载入后已被其他程序改动（如 boostdesk "
            f"panel import 导入了评分）：表格已刷新，该单元格原为“{shown.get(was, was)}”，{became}，"
            f"未作改动。{then}")

    def _withdraw_conflicted(self, e: ex.Expert, app: Any) -> bool:
        """Take off an assignment a correction put in conflict, asked first: its score goes
        to the audit trail, and the project may need another expert."""
        k = self._conflict_of(e, app)
        if k is None:  # (read again just before: not reached)
            return False
        what = "撤回其已提交的评分（原评分记入修改记录，登记册先备份）" if k.submitted else ""
        if not dialogs.ask_yes_no(
                self, "取消存在利益冲突的分配",
                f"专家“{e.name}”与项目“{app.title}”存在利益冲突（{k.reason}），其评分不计入排名。"
                f"取消该分配并{what or '记入修改记录'}吗？取消后如专家不足，请另派专家评审。",
                yes="取消分配", no="返回"):
            return False
        return self._unassign(f"取消分配“{app.title}”给{e.name}（利益冲突）", e, app,
                              submitted=k.submitted)

    def _withdraw_declared(self, e: ex.Expert, app: Any) -> bool:
        """A conflict declared on the wrong cell is taken back, with why (audited)."""
        reason = dialogs.ask_text(
            self, "撤回回避登记", f"专家“{e.name}”已登记回避项目“{app.title}”。如为误登记，"
            "请填写撤回的理由（撤回后可再分配；已撤回的评分不会恢复）：")
        if not reason:
            return False
        result = self.ctx.write(f"撤回{e.name}回避“{app.title}”的登记",
                                lambda: ex.withdraw_conflict(self.ctx.reg, e.id or 0,
                                                             app.id or 0, reason),
                                changed="panel", parent=self, title="未能撤回回避登记")
        self.error.setText("" if result.ok else result.error)
        return result.ok

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
            lines = [*added.notes, *added.short]
            # a few lines, not the table pushed off the screen by one per project
            more = len(lines) - AUTO_LINES_SHOWN
            self.error.setText("\n".join(lines[:AUTO_LINES_SHOWN] if more > 0 else lines)
                               + (f"\n……另有 {more} 项未列出：“人数”一栏标出专家不足的项目"
                                  "（指向查看原因），或 boostdesk panel status"
                                  if more > 0 else ""))
            self.ctx.notice.emit(f"已新增 {len(added.added)} 项分配")
        return result.ok

    def ask_conflict(self) -> None:
        current = self.table.currentIndex()
        found = self.cell(current.row(), current.column())
        if found is None:
            self.error.setText("请先在表中选中专家与项目交叉的单元格")
            return
        e, app = found
        text = self.model.text(current.row(), current.column())
        if self._stale(e, app, text):  # a score stored since is asked about, as shown now
            text = self._reloaded(app, current.column()) or ""
        # a 冲突 cell's submitted score goes too: asked about as an 已提交 one is
        conflicted = self._conflict_of(e, app) if text == CONFLICTED else None
        scored = text == SUBMITTED or (conflicted is not None and conflicted.submitted)
        if scored and not dialogs.ask_yes_no(
                self, "撤回已提交的评分",
                f"专家“{e.name}”已提交项目“{app.title}”的评分。登记回避将撤回这份评分，"
                "不再计入排名（原评分记入操作记录，登记册先备份）。继续登记回避吗？",
                yes="撤回评分并登记回避", no="取消"):
            return
        reason = dialogs.ask_text(self, "登记回避", f"专家“{e.name}”回避项目“{app.title}”的理由：")
        if reason:
            self.declare(e, app, reason, submitted=scored)

    def declare(self, e: ex.Expert, app: Any, reason: str, *, submitted: bool | None = None) -> bool:
        """``submitted``: whether the office was asked about withdrawing a submitted score
        (False: a score stored meanwhile by another program refuses it)."""
        eid, pid = e.id or 0, app.id or 0
        # refused (in the background too, once it ends): the grid read again, as it says
        return backed_up(self, f"登记{e.name}回避“{app.title}”",
                         lambda reg, cancelled: ex.declare_conflict(
                             reg, eid, pid, reason, cancelled=cancelled, submitted=submitted),
                         title="未能登记回避", backs_up=ex.withdraws_score(self.ctx.reg, eid, pid),
                         refused=lambda result: self._reload_keeping(result.error))


# -- 评分录入 --------------------------------------------------------------------------------
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


class ScoringTab(QWidget):
    """One expert's grid: projects × criteria, totals live, drafts and submission."""

    scores_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid: tuple[gr.Criterion, ...] = ()
        self.rows: list[sc.SheetRow] = []
        self.problems: dict[tuple[int, int], str] = {}
        self.expert = QComboBox()
        self.expert.setMinimumWidth(220)
        self.expert.currentIndexChanged.connect(self._expert_chosen)
        self.unsaved = False  # scores typed since the grid was loaded or saved
        self._loaded_index = -1
        self.state = QLabel()
        self.barred = QLabel()  # assigned rows a conflict found later keeps off the sheet
        self.barred.setTextFormat(Qt.TextFormat.PlainText)
        self.barred.setWordWrap(True)
        self.barred.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.barred.setAccessibleName("不在此评分的利益冲突项目")
        self.barred.hide()
        self.model = ScoreModel(self)
        self.model.edited.connect(self._edited)
        self.table = ScoreTable()
        self.table.setAccessibleName("评分录入表")
        self.table.setModel(self.model)
        copyable(self.table, ctx.notice.emit)
        self.table.freeze_first_column()
        self.table.setItemDelegate(_EnterMovesOn(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.draft_button = QPushButton("保存草稿")
        self.draft_button.setToolTip("保存已填的评分，暂不提交；草稿不计入排名")
        self.draft_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button = QPushButton("提交评分")
        self.submit_button.setToolTip("全部项目各项均已评分后提交；提交后计入排名")
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        self.error = _error_label()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("评审专家"))
        bar.addWidget(self.expert)
        bar.addWidget(self.state, 1)
        bar.addWidget(self.draft_button)
        bar.addWidget(self.submit_button)
        hint = QLabel("直接输入分数，回车或 Tab 到下一格；每项 0 至满分，可保留一位小数。"
                      "未提交前，只显示本人的评分。")
        hint.setStyleSheet(f"color: {themed('#555')};")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(hint)
        layout.addWidget(self.barred)
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
        """Another expert picked: scores typed for this one are saved first, or kept."""
        if self.unsaved and index != self._loaded_index:
            name = self._expert_name(self._loaded_index)
            if not (dialogs.ask_yes_no(
                    self, "评分尚未保存",
                    f"专家“{name}”的评分有改动尚未保存。保存为草稿后再切换吗？",
                    yes="保存草稿并切换", no="返回继续填写", default_yes=True)
                    and self._save_loaded()):
                self.expert.blockSignals(True)
                self.expert.setCurrentIndex(self._loaded_index)
                self.expert.blockSignals(False)
                return
        self.load_expert()

    def confirm_close(self) -> bool:
        """Whether the window may close: scores typed and not saved are saved as a draft
        first (the operator chooses), else the window stays open with them."""
        if not self.unsaved:
            return True
        name = self._expert_name(self._loaded_index)
        if not dialogs.ask_yes_no(
                self, "评分尚未保存",
                f"专家“{name}”的评分有改动尚未保存，关闭后将丢失。保存为草稿后再退出吗？",
                yes="保存草稿并退出", no="返回继续填写", default_yes=True):
            return False
        return self._save_loaded()

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
        titles = [self.model.text(r, 0) for r in range(len(self.rows))] + [self.model.headers[0]]
        self.table.setColumnWidth(0, min(max(self.table.fontMetrics().horizontalAdvance(t)
                                             for t in titles) + 16, TITLE_WIDEST))
        for k in range(1, self.comment_col):
            self.table.setColumnWidth(k, 100)
        header.setMinimumHeight(self.fontMetrics().height() * 5 + 8)
        if self.table.frozen is not None:
            self.table.frozen.refit()
        if self.rows:
            self.state.setText(
                f"已提交，共 {len(self.rows)} 个项目" if submitted else
                f"草稿：共 {len(self.rows)} 个项目，尚未提交"
                if any(r.scores_x10 for r in self.rows) else
                f"共 {len(self.rows)} 个项目待评分")
        else:
            self.state.setText("该专家没有待评审的项目" if eid is not None else "尚无评审专家")
        barred = sc.sheet_conflicts(self.ctx.reg, eid) if eid is not None else []
        # left off the sheet: said why, not silently
        self.barred.setText(f"另有 {len(barred)} 个项目存在利益冲突，不在此评分："
                            + "、".join(f"“{k.title}”（{k.reason}）" for k in barred)
                            + "：该项不评分、不计入排名，请在“分配专家”中取消该分配，需要时另派专家"
                            if barred else "")
        self.barred.setVisible(bool(barred))
        writable = bool(self.rows) and not self.ctx.read_only
        self.draft_button.setEnabled(writable)
        self.submit_button.setEnabled(writable)
        if self.rows and not self.ctx.read_only:
            self.table.setCurrentIndex(self.model.index(0, 1))

    def _edited(self, r: int, c: int) -> None:
        """A score typed: its problem (if any) named, shown first under the grid."""
        problem = self.model.problems.get((r, c))
        if problem:
            self.problems[(r, c)] = f"项目“{self.rows[r].title}”：{problem}"
        else:
            self.problems.pop((r, c), None)
        self.error.setText(next(iter(self.problems.values()), ""))
        self.unsaved = True
        self.scores_changed.emit()

    def total_text(self, r: int) -> str:
        return self.model.total_text(r)

    def entries(self) -> dict[int, tuple[dict[int, int | None], str]]:
        return {row.project_id: (self.model.row_scores(r), self.model.comments[r])
                for r, row in enumerate(self.rows)}

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


# -- 评分包 ----------------------------------------------------------------------------------
class PackagesTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsModel(("专家", "工作单位", "待评审项目", "已提交", "情况"), self,
                               right=(2, 3), sorted_on_load=False)
        self.table = _view(self.model, sortable=True)
        self.table.setAccessibleName("评分包列表")
        copyable(self.table, ctx.notice.emit)
        EmptyHint(self.table, lambda: NO_EXPERTS + "，在“分配专家”中为其分配项目后，"
                                      "在这里为每位专家导出评分包")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        KeepSelection(self.table, self.model)
        self.export_all_button = QPushButton("导出全部评分包…")
        self.export_all_button.clicked.connect(lambda: self.ask_export(all_experts=True))
        self.export_button = QPushButton("导出所选专家的评分包…")
        self.export_button.clicked.connect(lambda: self.ask_export(all_experts=False))
        self.import_button = QPushButton("导入交回的评分包…")
        self.import_button.clicked.connect(self.ask_import)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setPlaceholderText("导出、导入的结果显示在这里；评分包被拒时逐条列出原因")
        self.log.setAccessibleName("评分包导出、导入结果")
        intro = QLabel(
            "每位专家一个 .xlsx：只能填写评分和评语，其他内容带签名，改动后不能导入。"
            "交回的评分包逐条核对年度、专家、固定内容和分数范围，全部无误才导入"
            "（导出后已结束评审的项目跳过并列出）；再次导入同一专家的评分包将替换原评分，"
            "但早于已导入评分包导出的旧包、同一评分包较早保存的一份、导出后已在“评分录入”"
            "中提交过评分的，不导入。")
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.export_all_button, self.export_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.log, 1)

    def reload(self) -> None:
        from boostdesk.panel.packages import package_projects

        reg, year = self.ctx.reg, self.ctx.year
        done = ex.assignments(reg, year)
        panel = ex.experts(reg, year)
        known = ex.assignment_conflicts(reg, year)
        rows = []
        for e in panel:
            waiting = len(package_projects(reg, year, e.id or 0, known=known))
            mine = [a for a in done if a.expert_id == e.id]
            submitted = sum(a.submitted for a in mine)
            if mine and submitted == len(mine):
                sources = {a.source for a in mine}
                state = "评分包已交回并导入" if sources == {sc.PACKAGE} else "已提交"
            elif any(a.source == sc.SCREEN and not a.submitted for a in mine):
                state = "本机录入中（草稿）"
            elif submitted:  # a package came back; projects assigned since are not in it
                state = (f"已提交 {submitted} 项，{len(mine) - submitted} 项待交回："
                         "新分配的项目请重新导出评分包")
            else:
                state = "待交回" if mine else "未分配项目"
            rows.append(Row(e.name, _cells(e.name, e.organisation, waiting, submitted, state)))
        self.model.set_rows(rows)
        writable = not self.ctx.read_only
        self.import_button.setEnabled(writable)
        self.export_button.setEnabled(writable and bool(panel))
        self.export_all_button.setEnabled(writable and bool(panel))

    def selected_names(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.model.text(r, 0) for r in rows]

    def ask_export(self, all_experts: bool) -> None:
        names = None if all_experts else self.selected_names()
        if names == []:
            self.log.appendPlainText("请先在表中选中专家（可按 Ctrl 多选）")
            return
        folder = QFileDialog.getExistingDirectory(self, "评分包存放到")
        if folder:
            self.export_to(Path(folder), names)

    def export_to(self, folder: Path, names: list[str] | None) -> None:
        from boostdesk.panel.packages import export_packages

        year = self.ctx.year
        experts = [0]  # how many packages the export set out to make

        def work(reg: Any, progress: Any, cancelled: Any) -> list[Path]:
            def noted(done: int, total: int) -> None:
                experts[0] = total
                progress(done, total)

            return export_packages(reg, year, folder, names, noted, cancelled)

        def done(paths: list[Path]) -> None:
            for p in paths:
                self.log.appendPlainText(f"已生成：{p}")
            if paths:
                self.log.appendPlainText(f"共 {len(paths)} 个评分包，存放在 {folder}")
            if task.is_cancelled() and experts[0] > len(paths):  # 取消 between experts
                self.log.appendPlainText(
                    f"已取消：其余 {experts[0] - len(paths)} 位专家的评分包未生成")
            elif task.is_cancelled() and not paths:
                self.log.appendPlainText("已取消，未生成评分包")
            self.ctx.changed.emit("panel")

        task = self.ctx.run_long("正在生成评分包…", work, done,
                                 on_error=lambda exc: self.log.appendPlainText(
                                     f"未能生成评分包：{error_text(exc)}"),
                                 with_register=True, parent=self)

    def ask_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择交回的评分包", "",
                                                "评分包 (*.xlsx);;所有文件 (*)")
        if files:
            self.import_files([Path(f) for f in files])

    def import_files(self, files: list[Path]) -> None:
        from boostdesk.models.register import RegisterError
        from boostdesk.panel.errors import PackageRefused
        from boostdesk.panel.packages import import_package
        from boostdesk.safety.backup import BackupCancelled

        year = self.ctx.year

        def work(reg: Any, progress: Any, cancelled: Any) -> list[tuple[Path, Any]]:
            out: list[tuple[Path, Any]] = []
            for n, f in enumerate(files):
                if cancelled():
                    break
                try:
                    out.append((f, import_package(reg, f, year=year, cancelled=cancelled)))
                except BackupCancelled:  # during the backup of the scores it replaces
                    break
                except RegisterError as exc:
                    # one file refused (or its backup not written) is that file's: the
                    # ones stored before it are said, the ones after it still tried
                    out.append((f, exc))
                progress(n + 1, len(files))
            return out

        def done(results: list[tuple[Path, Any]]) -> None:
            for f, r in results:
                if isinstance(r, PackageRefused):
                    self.log.appendPlainText(f"未导入 {f.name}：")
                    for reason in r.reasons:
                        self.log.appendPlainText(f"  - {reason}")
                elif isinstance(r, RegisterError):
                    self.log.appendPlainText(f"未导入 {f.name}：{error_text(r)}")
                else:
                    self.log.appendPlainText(r.headline(f.name))
                    for line in r.lines:
                        self.log.appendPlainText(f"  - {line}")
            if len(results) < len(files):  # 取消 between files: the rest never read
                self.log.appendPlainText("已取消：未导入 " + "、".join(
                    f.name for f in files[len(results):]))
            self.ctx.changed.emit("panel")

        self.ctx.run_long("正在导入评分包…", work, done,
                          on_error=lambda exc: self.log.appendPlainText(
                              f"未能导入：{error_text(exc)}"),
                          with_register=True, parent=self)


# -- 排名与档次 ------------------------------------------------------------------------------
class RankTab(WrappedTextFits, QWidget):
    COLUMNS = ("级别", "名次", "项目名称", "工作室", "专家数", "平均分", "得分", "标准差",
               "拟助推档次", "理由")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ranking: ti.Ranking | None = None
        self.quotas = QLabel()
        self.quotas.setTextFormat(Qt.TextFormat.RichText)
        # the ranking's own order: levels, then places (no header sorting)
        self.model = ShadedRowsModel(self.COLUMNS, self, right=(1, 4, 5, 6, 7),
                                     sorted_on_load=False)
        self.table = _view(self.model)
        copyable(self.table, ctx.notice.emit)
        NamesGiveWay(self.table, names=(2, 3), through=8, cap=TITLE_WIDEST)  # 得分, 档次 in view
        self.table.setAccessibleName("排名与档次列表")
        EmptyHint(self.table, lambda: "还没有可排名的项目：项目通过资格审核、分配专家并提交评分后"
                                      "在这里排名，并按名额拟定助推档次")
        KeepSelection(self.table, self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.rule = QLabel()  # the year's rule, on reload
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet(f"color: {themed('#555')};")
        self.detail = NoteLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome = NoteLabel()  # what the last override did to the other projects
        self.waiting = QLabel()  # projects whose experts have not all submitted
        self.waiting.setWordWrap(True)
        self.waiting.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.override_button = QPushButton("人工调整档次…")
        self.override_button.clicked.connect(self.ask_override)
        self.clear_button = QPushButton("取消人工调整")
        self.clear_button.clicked.connect(self.clear_override)
        self.adopt_button = QPushButton("采纳为拟助推名单")
        self.adopt_button.setToolTip("按当前排名把项目列为拟助推或未获助推；公示前可撤回")
        self.adopt_button.clicked.connect(self.adopt)
        self.withdraw_button = QPushButton("撤回拟助推名单")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.error = _error_label()
        buttons = QHBoxLayout()
        for b in (self.override_button, self.clear_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.withdraw_button, self.adopt_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quotas)
        layout.addWidget(self.waiting)
        # a few places in view, the page scrolling on a small screen rather than the list
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 4 * self.table.verticalHeader().defaultSectionSize() + 4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.outcome)
        layout.addWidget(self.rule)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def reload(self) -> None:
        self.ranking = ti.rank(self.ctx.reg, self.ctx.year)
        panel_settings = gr.settings(self.ctx.reg, self.ctx.year)
        trim_min = panel_settings.trim_min_scores
        self.rule.setText(f"同分规则：{ti.tie_break_rule(panel_settings)}")
        rows, shades = [], {}
        for row in self.ranking.rows:
            p = row.panel
            tier = format_money(row.amount_fen) if row.amount_fen else "—"
            if row.override is not None:
                tier += "（人工）"
            unfinished = not row.held and row.incomplete
            count: object = p.n if p else ""
            if unfinished and row.progress:
                count = f"{row.progress.submitted}/{row.progress.assigned}"
            cells = _cells(row.level_zh, row.rank or "", row.ref, row.studio, count,
                           sc.format_points(p.mean) if p else "",
                           sc.format_points(p.score) if p else "",
                           f"{p.sd:.2f}" if p and p.sd is not None else "", tier, row.full_reason)
            tips = {9: row.full_reason}
            if p:  # the score the rank rests on, and which of the two it is
                tips[6] = ("去掉最高分、最低分后的平均分（排名依据）" if p.trimmed is not None
                           else f"{p.n} 位专家的平均分（不足 {trim_min} 位，不去掉最高、最低分；排名依据）")
            colours = (dict.fromkeys(range(len(cells)), MUTED) if row.held
                       else {8: OK_COLOUR} if row.amount_fen else {})
            if unfinished:
                colours[4] = WARNING_COLOUR
                tips[4] = (f"评分未齐：{row.progress.text}" if row.progress
                           else "尚未分配评审专家")
            if row.project_id in self.ranking.stale_published or row.amount_fen_fresh:
                colours[8] = WARNING_COLOUR  # the published list is no longer the ranking's
            if p and p.disagreement:
                tips[7] = f"专家意见分歧较大（标准差 {p.sd:.2f}）"
                shades[row.project_id] = {7: DISAGREEMENT}
            rows.append(Row(row.project_id, cells, cell_tips=tips, colours=colours))
        self.model.set_shaded_rows(rows, shades)  # the selection is kept
        waiting = [r for r in self.ranking.candidates() if r.incomplete and r.override is None]
        lines = [self.ranking.undecided_note] if self.ranking.undecided else []
        if self.ranking.conflicts:  # first: a score that must not count, and what to do
            shown = self.ranking.conflicts
            lines.insert(0, f"存在利益冲突、不计入排名的评分 {len(shown)} 个："
                         + "；".join(k.text for k in shown[:3]) + ("……" if len(shown) > 3 else "")
                         + "。" + ti.CONFLICT_ADVICE.strip().split("：", 1)[1])
        if self.ranking.stale:  # first of all: a stamped list the scores now rank otherwise
            stale = self.ranking.stale
            lines.insert(0, "已公示的排名与按现有评分的排名不同（公示后有评分不再计入）："
                         + "；".join(stale[:3]) + ("……" if len(stale) > 3 else "")
                         + "。" + ti.STALE_ADVICE)
        if waiting:
            lines.insert(1 if self.ranking.stale else 0, (
                f"评分未齐 {len(waiting)} 项（专家数一栏为“已交/分配”）：采纳拟助推名单前须交齐评分，"
                "或取消、更换未交专家的分配：" + "；".join(
                    f"“{r.ref}”：{r.progress.text if r.progress else '尚未分配评审专家'}"
                    for r in waiting[:3]) + ("……" if len(waiting) > 3 else "")))
        self.waiting.setVisible(bool(lines))
        self.waiting.setText("\n".join(lines))
        self.quotas.setText("名额：" + "；".join(
            f"{escape(q.tier.name)}（{LEVEL_ZH.get(q.tier.level, '')}）"
            f"<b>{q.used}</b>/{q.tier.quota}"
            + (f"<span style='color:{themed(ERROR_COLOUR)}'> 超出</span>" if q.used > q.tier.quota else "")
            for q in self.ranking.quotas))
        self._selected()

    def current(self) -> ti.RankRow | None:
        pid = current_id(self.table)
        if self.ranking is None or pid is None:
            return None
        return self.ranking.row(pid)

    def _selected(self) -> None:
        row = self.current()
        writable = not self.ctx.read_only
        movable = row is not None and not row.held and writable
        self.override_button.setEnabled(movable)
        self.clear_button.setEnabled(movable and row is not None and row.override is not None)
        has_candidates = bool(self.ranking and self.ranking.candidates())
        self.adopt_button.setEnabled(writable and has_candidates)
        self.withdraw_button.setEnabled(writable and bool(
            self.ranking and any(r.adopted and not r.held for r in self.ranking.rows)))
        if row is None:
            self.detail.setText("")
            return
        p = row.panel
        totals = "、".join(sc.format_points(t, 1) for t in p.totals) if p else "无"
        self.detail.setText(f"“{row.ref}”各专家合计分：{totals}。{row.full_reason}")

    def ask_override(self) -> None:
        row = self.current()
        if row is None or not self._one_project("人工调整档次"):
            return
        dialog = OverrideDialog(self.ctx, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.override(row.project_id, dialog.amount, dialog.reason)

    def _one_project(self, action: str) -> bool:
        """``action`` asked with several projects selected: said why nothing is done."""
        return one_row_only(self, self.table, action,
                            f"{action}一次只对一个项目，请只选中要{action}的那一项")

    def override(self, project_id: int, amount: int | None, reason: str) -> bool:
        return self._write_override(
            "人工调整档次", lambda: ti.set_override(self.ctx.reg, project_id, amount, reason))

    def clear_override(self) -> bool:
        row = self.current()
        if row is None or not self._one_project("取消人工调整"):
            return False
        return self._write_override(
            "取消人工调整", lambda: ti.clear_override(self.ctx.reg, row.project_id))

    def _write_override(self, label: str, do: Callable[[], list[ti.TierChange]]) -> bool:
        """An override, then what it did to the other projects' tiers, under the table."""
        result = self.ctx.write(label, do, changed="panel", parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        if result.ok:
            self.outcome.setText(changes_text(label, result.value))
        return result.ok

    def adopt(self) -> bool:
        self.outcome.clear()
        reason = ""
        # the ranking on screen is the register's (reloaded on every change)
        ranking = self.ranking
        short = [r for r in ranking.candidates() if r.short] if ranking else []
        if ranking and short:  # a decision of the office: asked, with its reason (audited)
            # cited as the year's plan numbers 专业评审, as `panel adopt` says it
            reason = ask_short_reason(self, ti.short_message(short, ranking.review_clause))
            if not reason.strip():
                return False
        year = self.ctx.year
        return backed_up(self, "采纳拟助推名单", lambda reg, cancelled: ti.adopt(
            reg, year, reason, cancelled=cancelled), changed="project")

    def withdraw(self) -> bool:
        return self._write("撤回拟助推名单", lambda: ti.withdraw(self.ctx.reg, self.ctx.year),
                           "project")

    def _write(self, label: str, do: Callable[[], Any], changed: str) -> bool:
        result = self.ctx.write(label, do, changed=changed, parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        return result.ok


def ask_short_reason(parent: QWidget, text: str) -> str:
    """The reason to adopt projects scored by fewer experts than the year asks, or ""."""
    return dialogs.ask_text(
        parent, "评审专家不足",
        text.rpartition("\n")[0] + "\n\n如经研究按现有评分采纳，请写明理由（记入修改记录）；取消则不采纳：") or ""


def changes_text(label: str, changes: list[ti.TierChange]) -> str:
    if not changes:
        return f"{label}后，其他项目的拟助推档次不变"
    return (f"{label}后，以下 {len(changes)} 个项目的拟助推档次随之改变："
            + "；".join(c.text for c in changes))


class OverrideDialog(QDialog):
    """The tier to give a project, with what it would do to the others before it is saved."""

    def __init__(self, ctx: AppContext, row: ti.RankRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("人工调整档次")
        self.ctx, self.project_id = ctx, row.project_id
        self.amount: int | None = None
        self.reason = ""
        self.tier = QComboBox()
        level = row.level if row.level in LEVEL_ZH else None
        for t in ctx.campaign().tiers_for(level) if level else ():
            self.tier.addItem(f"{t.name}（{format_money(t.amount_fen)}）", t.amount_fen)
        self.tier.addItem("不予助推", None)
        self.effects = QLabel()
        self.effects.setWordWrap(True)
        self.effects.setStyleSheet(f"color: {themed(WARNING_COLOUR)};")
        self.tier.currentIndexChanged.connect(lambda _: self._preview())
        self.reason_field = QLineEdit()
        self.reason_field.setPlaceholderText("调整理由（必填，记入审计记录）")
        self.error = _error_label()
        current = QLabel(row.full_reason)
        current.setWordWrap(True)
        title = QLabel(row.ref)
        title.setWordWrap(True)  # a 60-character title ran past the dialog's right edge
        form = QFormLayout()
        form.addRow("项目", title)
        form.addRow("当前", current)
        form.addRow("调整为", self.tier)
        form.addRow("影响", self.effects)
        form.addRow("理由", self.reason_field)
        buttons, _ok = dialogs.ok_cancel_buttons(self, on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self._preview()

    def _preview(self) -> None:
        """The other projects that would lose or change tier (an override takes a place
        inside the quota: set_override)."""
        try:
            changes = ti.override_effects(self.ctx.reg, self.project_id, self.tier.currentData())
        except Exception as exc:  # noqa: BLE001 - a preview that cannot be made says why
            self.effects.setText(f"无法预览：{error_text(exc)}")
            return
        self.effects.setText(
            "其他项目的拟助推档次不变" if not changes else
            f"将使以下 {len(changes)} 个项目的拟助推档次改变：\n"
            + "\n".join(c.text for c in changes))

    def _try_accept(self) -> None:
        reason = self.reason_field.text().strip()
        if not reason:
            self.error.setText("请填写调整理由")
            self.reason_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.amount, self.reason = self.tier.currentData(), reason
        self.accept()


# -- the screen -----------------------------------------------------------------------------
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
