"""专家评审 → 评审组与评分细则: the year's experts, the scoring grid and the panel's
parameters; what was typed and not saved is kept through a reload."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boostdesk.panel import experts as ex
from boostdesk.panel import grid as gr
from boostdesk.panel.errors import PanelError
from boostdesk.panel.near_conflicts import near_advice, registered_near
from boostdesk.validate import mask_contact

from . import dialogs
from .context import AppContext, backed_up
from .copy_rows import copyable
from .empty_hint import EmptyHint
from .keep_selection import KeepSelection, current_id
from .many_rows import one_row_only
from .panel_common import back_to_list, cell_texts, error_label, list_view, warning_label
from .panel_models import GridModel
from .row_search import SearchRowsModel
from .rows_model import Row


def _texts(grid: Iterable[gr.Criterion]) -> list[tuple[str, str, str, str]]:
    """A grid as the table shows it (GridModel's texts)."""
    return [(c.name, str(c.max_score), str(c.weight), c.description) for c in grid]


def _settings_values(s: gr.PanelSettings) -> tuple[int, int, float, int]:
    """A year's panel parameters as the spin boxes show them."""
    return s.trim_min_scores, s.trim_each, s.disagreement_sd, s.experts_per_project


def _about(action: str, name: str) -> str:
    """添加专家“陈志远”; with no name typed, 添加专家 (the title said 未能添加专家“”)."""
    name = name.strip()
    return f"{action}“{name}”" if name else action


class SetupTab(QWidget):
    EXPERT_COLUMNS = ("姓名", "工作单位", "专业领域", "联系方式", "分配", "已提交")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.experts: list[ex.Expert] = []
        # the grid and parameters as last read from the register (None: not yet read)
        self._grid_loaded: list[tuple[str, str, str, str]] | None = None
        self._settings_loaded: tuple[int, int, float, int] | None = None
        self._loaded_year: int | None = None
        self.model = SearchRowsModel(self.EXPERT_COLUMNS, self, right=(4, 5),
                                     sorted_on_load=False)
        self.table = list_view(self.model, sortable=True)
        self.table.setAccessibleName("评审专家列表")
        copyable(self.table, ctx.notice.emit)
        EmptyHint(self.table, lambda: "尚无评审专家：在下方填写姓名、工作单位（用于回避）后按“添加专家”")
        KeepSelection(self.table, self.model).follow(self._expert_selected)  # a search's too
        # Each field named by a visible label, its buddy: with placeholders alone the
        # fields said nothing once an expert's facts filled them, and a screen reader
        # named all four 评审专家 (the group box's title).
        self.name = QLineEdit()
        self.org = QLineEdit()
        self.org.setPlaceholderText("用于回避")
        self.field = QLineEdit()
        self.contact = QLineEdit()
        self.field_labels: list[QLabel] = []
        for typed, label in ((self.name, "姓名"), (self.org, "工作单位"),
                             (self.field, "专业领域"), (self.contact, "联系方式")):
            caption = QLabel(label)
            caption.setBuddy(typed)
            self.field_labels.append(caption)
            why = "（用于回避：与项目所在单位、申报工作室或推荐单位相同的专家，不分配该项目）" \
                if typed is self.org else ""
            typed.setToolTip(f"{label}{why}。按 Enter：姓名为所选专家的，保存修改；"
                             "新的姓名，添加专家")
            typed.returnPressed.connect(self.enter_pressed)
            typed.setMaxLength(2**31 - 1)  # not cut at Qt's 32,767: save_expert says the limit
        # the registered enterprises and unions the 工作单位 typed is near (四方继保公司 for
        # 北京四方继保自动化股份有限公司): 回避 compares names, the exact one missed it
        self.org_note = warning_label()
        self.org_note.setAccessibleName("相近的登记单位")
        self.org_note.setVisible(False)
        self.org.textEdited.connect(lambda text: self._say_near(text))
        self.add_button = QPushButton("添加专家")
        self.add_button.clicked.connect(self.add_expert)
        self.update_button = QPushButton("保存修改")
        self.update_button.clicked.connect(self.update_expert)
        self.remove_button = QPushButton("删除专家")
        self.remove_button.clicked.connect(self.remove_expert)
        self.remove_button.setToolTip("删除所选专家（在专家列表中按 Delete），先问过再删")
        # Delete on the list, as on 专利助推 and 工作室: without it the keyboard had to Tab
        # past the four fields and two buttons to reach 删除专家.
        delete = QAction(self.table)
        delete.setShortcuts([QKeySequence("Delete")])
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.remove_expert)
        self.table.addAction(delete)
        # Two fields a line and the buttons under them: four fields and three buttons in one
        # line left each field a few pixels wide on a small laptop at 150 %.
        self.form = QGridLayout()
        self._two_a_line: bool | None = None
        self._place_fields(two_a_line=True)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.update_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        experts_box = QGroupBox("评审专家")
        ev = QVBoxLayout(experts_box)
        ev.addWidget(self.table, 1)
        ev.addLayout(self.form)
        ev.addWidget(self.org_note)
        self.experts_box = experts_box
        experts_box.installEventFilter(self)  # its width: two fields a line, or one
        ev.addLayout(buttons)

        self.grid_model = GridModel(self)
        self.grid_table = list_view(self.grid_model, rows_select=False)
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
        # Enter in a number box saves, as Enter in the expert fields adds or saves: the
        # keyboard had to Tab on to the button
        for box in (self.trim_min, self.trim_each, self.disagreement, self.per_project):
            box.setToolTip("按 Enter：保存评审参数")
            box.lineEdit().returnPressed.connect(self.save_settings)
        settings_box = QGroupBox("评审参数（本年度）")
        sf = QFormLayout(settings_box)
        sf.addRow("专家人数达到此数时去掉最高、最低分", self.trim_min)
        sf.addRow("去掉最高、最低分各", self.trim_each)
        sf.addRow("标准差（总体）超过此值标记“意见分歧”", self.disagreement)
        sf.addRow("自动分配时每个项目的专家人数", self.per_project)
        sf.addRow("", self.save_settings_button)

        self.error = error_label()
        right = QVBoxLayout()
        right.addWidget(grid_box, 1)
        right.addWidget(settings_box)
        row = QHBoxLayout()
        row.addWidget(experts_box, 3)
        row.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)

    def _place_fields(self, two_a_line: bool) -> None:
        """姓名 and 工作单位 on a line, 专业领域 and 联系方式 under them; where the box is too
        narrow for two (18 pt text) one field a line, its label before it: two a line
        left each field a few characters wide, a unit's name scrolled out of sight."""
        if two_a_line == self._two_a_line:
            return
        self._two_a_line = two_a_line
        fields = (self.name, self.org, self.field, self.contact)
        for label, field in zip(self.field_labels, fields, strict=True):
            self.form.removeWidget(label)
            self.form.removeWidget(field)
        for i, (label, field) in enumerate(zip(self.field_labels, fields, strict=True)):
            row, col = (i // 2, 2 * (i % 2)) if two_a_line else (i, 0)
            self.form.addWidget(label, row, col)
            self.form.addWidget(field, row, col + 1)
        for col, stretch in enumerate((0, 1, 0, 2) if two_a_line else (0, 1, 0, 0)):
            self.form.setColumnStretch(col, stretch)

    def _room_for_two(self) -> bool:
        """Whether two labelled fields a line each show a unit's name (ten characters)."""
        metrics = self.fontMetrics()
        labels = sum(lab.sizeHint().width() for lab in self.field_labels[:2])
        wanted = labels + 2 * metrics.horizontalAdvance("北京市市政工程研究院") + 60
        return self.experts_box.contentsRect().width() >= wanted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.experts_box and event.type() == QEvent.Type.Resize:
            self._place_fields(two_a_line=self._room_for_two())
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        reg, year = self.ctx.reg, self.ctx.year
        self.experts = ex.experts(reg, year)
        counts = ex.assignments(reg, year)
        rows = []
        for e in self.experts:
            mine = [a for a in counts if a.expert_id == e.id]
            rows.append(Row(e.id, cell_texts(e.name, e.organisation, e.field,
                                             mask_contact(e.contact), len(mine),
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
        # locked: one Tab stop, the arrows inside (Tab went through all 21 cells)
        self.grid_table.setTabKeyNavigation(editable)
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

    def _grid_texts(self) -> list[tuple[str, str, str, str]]:
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
            out.append(gr.Criterion(texts[0], int(texts[1]), int(texts[2]),
                                    description=texts[3]))
        return out

    def save_grid(self) -> bool:
        confirmed = False
        out = gr.packages_out(self.ctx.reg, self.ctx.year)
        if out:
            try:
                grid = self._grid_from_table()
            except PanelError:
                grid = []  # said by the save below
            now = [(c.name, c.max_score, c.weight) for c in gr.criteria(self.ctx.reg, self.ctx.year)]
            if grid and [(c.name.strip(), c.max_score, c.weight) for c in grid] != now:
                if not dialogs.ask_yes_no(self, "修改评分细则", gr.packages_out_warning(out)
                                  + "。\n\n仍要修改评分细则吗？", yes="仍然修改(&Y)", no="不修改(&N)"):
                    return False
                confirmed = True

        def do() -> None:
            gr.save_grid(self.ctx.reg, self.ctx.year, self._grid_from_table(),
                         confirmed=confirmed)

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
            # an ID stored in it before the contact refused one: masked as in the list
            self.contact.setText(mask_contact(e.contact))
            self._say_near(e.organisation, f"专家“{e.name}”：")

    def _say_near(self, organisation: str, head: str = "") -> None:
        """The registered names near the 工作单位 typed (or saved: ``head`` says who)."""
        found = registered_near(self.ctx.reg, organisation) if organisation.strip() else []
        self.org_note.setText(head + near_advice(organisation, found) if found else "")
        self.org_note.setVisible(bool(found))

    def enter_pressed(self) -> bool:
        """Enter in a field, as the button beside: 保存修改 while the name typed is the
        selected expert's (his other facts edited), else 添加专家 (Enter did nothing)."""
        eid = current_id(self.table)
        e = next((x for x in self.experts if x.id == eid), None)
        editing = e is not None and ex.same_name(self.name.text(), e.name)
        if self.ctx.read_only:
            self.ctx.notice.emit(getattr(self.ctx.reg, "read_only_message", "登记册只读"))
            return False
        if editing:
            return self.update_expert()
        return self.add_expert()

    def add_expert(self) -> bool:
        """添加专家 (the button or Enter). Added: the four fields emptied and the keyboard
        in 姓名 for the next one — his details left there invited a second add of him or
        the next expert's name typed over them. Refused (a duplicate, an ID as contact):
        the fields kept as typed, to be put right."""
        e = self._form_expert(None)
        if not self._write(_about("添加专家", e.name),
                           lambda: ex.save_expert(self.ctx.reg, self.ctx.year, e)):
            self._name_if_empty()
            return False
        self._ready_for_next(e.name)
        self._say_near(e.organisation, f"已添加专家“{e.name.strip()}”。")  # after the fields clear
        shown = any(ex.same_name(r.cells[0], e.name) for r in self.model.rows)
        if self.model.searching and not shown:  # added, but the list's search hides him
            self.ctx.notice.emit(f"已添加专家“{e.name.strip()}”；当前搜索的结果中没有他，"
                                 "在搜索框按 Esc 清除搜索后可见")
        return True

    def _ready_for_next(self, added: str) -> None:
        """The list shows the one added, in view but not chosen: an expert chosen under
        empty fields would take the next name typed on 保存修改."""
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        row = next((n for n, r in enumerate(self.model.rows)
                    if ex.same_name(r.cells[0], added)), None)
        if row is not None:
            self.table.scrollTo(self.model.index(row, 0))
        for typed in (self.name, self.org, self.field, self.contact):
            typed.clear()
        self._expert_selected()  # 保存修改 and 删除专家 greyed with none chosen
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def update_expert(self) -> bool:
        eid = current_id(self.table)
        if eid is None or not one_row_only(self, self.table, "保存修改",
                                           "下方填写的是一位专家的信息，请只选中要修改的那一位"):
            return False
        e = self._form_expert(eid)
        stored = next((x for x in self.experts if x.id == eid), None)
        # the contact shown masked and left as it was: kept as stored
        kept = stored is not None and e.contact == mask_contact(stored.contact)
        if kept and stored is not None:
            e = ex.Expert(e.name, e.organisation, e.field, stored.contact, eid)
        saved = self._write(_about("修改专家", e.name),
                            lambda: ex.save_expert(self.ctx.reg, self.ctx.year, e,
                                                   contact_given=not kept))
        if not saved:
            self._name_if_empty()
        return saved

    def _name_if_empty(self) -> None:
        """Refused for want of a name (请填写专家姓名): the keyboard in 姓名, to type it —
        it stayed on the button, the field a Shift+Tab round away."""
        if not self.name.text().strip():
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_expert(self) -> bool:
        if self.ctx.read_only:  # Delete on the list: said before asking, not after
            self.ctx.notice.emit(getattr(self.ctx.reg, "read_only_message", "登记册只读"))
            return False
        eid = current_id(self.table)
        e = next((x for x in self.experts if x.id == eid), None)
        if e is None or not one_row_only(self, self.table, "删除专家",
                                         "删除一次只删一位专家，请只选中要删除的那一位"):
            return False
        work = ex.expert_work(self.ctx.reg, eid or 0).text
        sure = dialogs.ask_yes_no(self, "删除专家", f"删除专家“{e.name}”？" + (
            f"{work}。" if work else ""), yes="删除", no="取消")
        at = self.table.currentIndex().row()
        removed = sure and backed_up(
            self, f"删除专家“{e.name}”",
            lambda reg, cancelled: ex.remove_expert(reg, eid, cancelled=cancelled),
            backs_up=ex.drops_drafts(self.ctx.reg, eid), then=lambda _done: self._next_after(at))
        # asked (删除 or 取消): back on the list, where Delete was pressed; the button,
        # greyed once he was gone, handed the keyboard to the next widget
        back_to_list(self.table)
        return removed

    def _next_after(self, at: int) -> None:
        """An expert removed: the one that took his place chosen (his fields shown), not
        none — the cursor left on the first row, unselected, with its buttons."""
        rows = self.model.rowCount()
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(min(max(at, 0), rows - 1))

    def _write(self, label: str, do: Callable[[], Any]) -> bool:
        result = self.ctx.write(label, do, changed="panel", parent=self, title=f"未能{label}")
        self.error.setText("" if result.ok else result.error)
        return result.ok
