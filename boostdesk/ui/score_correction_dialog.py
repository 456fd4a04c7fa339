"""评分录入's 更正评分…: an expert's submitted score of a project in publicity typed again
with the reason (the rules: panel.score_correction). Each criterion starts at the score
the register holds; only the slip is typed over."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from boostdesk.panel.grid import Criterion
from boostdesk.panel.score_correction import REASON_HINT
from boostdesk.panel.scoring import SheetRow, format_score, parse_score

from . import dialogs
from .form_widgets import TextField, first_too_long, limited
from .panel_common import error_label


class CorrectScoreDialog(QDialog):
    """The project (of ``rows``), its scores and the reason: ``project_id``, ``scores``
    (criterion id -> tenths) and ``reason`` once accepted."""

    def __init__(self, expert: str, rows: list[SheetRow], grid: tuple[Criterion, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("更正评分")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self.rows, self.grid = rows, grid
        self.project_id = 0
        self.scores: dict[int, int | None] = {}
        self.reason = ""
        intro = QLabel(f"更正专家“{expert}”已提交的评分（项目在公示中，或在公示的这批排名中未获助推）："
                       "只改录入有误的各项，"
                       "原评分和理由记入修改记录。更正后排名如有变化，公示名单不会自动改变，"
                       "会提示如何处理（在“公示”中登记为该项目的异议）。")
        intro.setWordWrap(True)
        self.project = QComboBox()
        self.project.setAccessibleName("项目")
        for r in rows:
            self.project.addItem(r.title, r.project_id)
        self.project.currentIndexChanged.connect(self._fill)
        form = QFormLayout()
        form.addRow("项目", self.project)
        self.fields: dict[int, TextField] = {}
        for c in grid:
            field = TextField(self, f"0 至 {c.max_score}")
            field.setAccessibleName(c.name)
            self.fields[c.id or 0] = field
            form.addRow(f"{c.name}（满分 {c.max_score}）", field)
        self.reason_field = limited(TextField(self, REASON_HINT), "reason")
        self.reason_field.setAccessibleName("更正理由")
        form.addRow("更正理由", self.reason_field)
        self.error = error_label()  # wrapped, plain, no room while empty
        buttons, self.ok = dialogs.ok_cancel_buttons(self, "更正评分", on_accept=self._try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        """The chosen project's scores as the register holds them."""
        row = self.rows[self.project.currentIndex()] if self.rows else None
        for cid, field in self.fields.items():
            field.setText(format_score(row.scores_x10.get(cid)) if row else "")

    def _try_accept(self) -> None:
        problems = []
        scores: dict[int, int | None] = {}
        for c in self.grid:
            try:
                scores[c.id or 0] = parse_score(self.fields[c.id or 0].text(), c)
            except ValueError as exc:
                problems.append(str(exc))
        self.reason = self.reason_field.value()
        long = first_too_long(self.reason_field)
        if problems or long is not None:
            self.error.setText(problems[0] if problems else long[1])  # type: ignore[index]
            return
        if not self.reason:
            self.error.setText(f"请填写更正理由（{REASON_HINT}）")
            self.reason_field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.project_id = int(self.project.currentData())
        self.scores = scores
        self.accept()
