"""设置's 按本年度新建下一年度…: which year to make and from which year's plan, as
``campaign new --year 2024 --from 2022`` takes them. The new year is any the register has
not (the newest + 1 offered): a 2024 plan re-issued after a year without a campaign is
made from 2022 without a 2023 made first."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from . import dialogs
from .style import ERROR_COLOUR, escape
from .theme import themed

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as ``--year`` takes them (cli.year_number)


class NewYearDialog(QDialog):
    """新年度 (Alt+Y, the newest + 1 to start with) and 按哪个年度的计划 (Alt+F, ``source``
    to start with); below them what the new year keeps (``describe``), or why the year
    typed cannot be made. 新建 (Enter) takes a year the register has not; 取消 (Esc)."""

    def __init__(self, parent: QWidget | None, years: Sequence[int], source: int,
                 describe: Callable[[int, int], str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度")
        self.years = sorted(years)
        self.describe = describe
        self.year = QSpinBox()
        self.year.setObjectName("new_year")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(min(max(self.years) + 1, LAST_YEAR))
        self.year.setSuffix(" 年度")
        self.source = QComboBox()
        self.source.setObjectName("source_year")
        for y in reversed(self.years):
            self.source.addItem(f"{y} 年度", y)
        self.source.setCurrentIndex(self.source.findData(source))
        self.text = QLabel()
        self.text.setObjectName("new_year_text")
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(dialogs.TEXT_DIALOG_WIDTH)
        form = QFormLayout()
        year_label = QLabel("新年度(&Y)")
        year_label.setBuddy(self.year)
        source_label = QLabel("按此年度的计划复制(&F)")
        source_label.setBuddy(self.source)
        form.addRow(year_label, self.year)
        form.addRow(source_label, self.source)
        buttons, self.ok = dialogs.ok_cancel_buttons(self, "新建", on_accept=self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self._show)
        self.source.currentIndexChanged.connect(self._show)
        self._show()
        self.year.setFocus()
        self.year.selectAll()

    def chosen(self) -> tuple[int, int]:
        """(the new year, the year whose plan it copies)."""
        return self.year.value(), int(self.source.currentData())

    def _refusal(self) -> str:
        year = self.year.value()
        if year in self.years:
            return (f"{year} 年度的助推计划已存在：请写登记册中还没有的年度"
                    f"（已有 {'、'.join(str(y) for y in self.years)} 年度）")
        return ""

    def _show(self) -> None:
        refusal = self._refusal()
        year, source = self.chosen()
        if refusal:
            self.text.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(refusal)}</span>")
        else:
            self.text.setText(escape(self.describe(source, year) + "。建好后请逐项核对并按当年方案修改。"))
        self.ok.setEnabled(not refusal)

    def _accept(self) -> None:
        self.year.interpretText()  # a year typed and Enter pressed at once
        self._show()
        if self.ok.isEnabled():
            self.accept()


def ask_new_year(parent: QWidget | None, years: Sequence[int], source: int,
                 describe: Callable[[int, int], str]) -> tuple[int, int] | None:
    """(the new year, the year copied), or None when cancelled."""
    dialog = NewYearDialog(parent, years, source, describe)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
    finally:
        dialog.deleteLater()
