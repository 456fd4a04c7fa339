"""专家评审's lists (``panel_common.list_view``): columns sized to their contents as Qt sizes
them, measured once per change of the rows rather than at each layout of the header."""

from __future__ import annotations

import random

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui.panel_common import MEASURED_ROWS, TITLE_WIDEST, list_view
from boostdesk.ui.row_search import SearchRowsModel
from boostdesk.ui.rows_model import Row

COLUMNS = ("登记号", "项目名称", "工作室", "级别", "状态", "发现的问题")
SEARCHES = ("", "焊", "焊接", "zzz", "", "电池", "电", "刘", "", "1", "12", "zzz", "焊")


def rows(n=3000, seed=7):
    pick = random.Random(seed)
    words = ("焊接", "电池", "热处理", "数控", "刘", "王芳", "张伟", "海淀", "北京华信", "节能")
    out = []
    for i in range(1, n + 1):
        title = "".join(pick.choice(words) for _ in range(pick.randint(1, 9)))
        studio = "".join(pick.choice(words) for _ in range(pick.randint(1, 4))) + "工作室"
        out.append(Row(i, (str(i), title, studio, pick.choice(("市级", "区级", "")),
                           pick.choice(("待审核", "已通过")), "；".join(
                               pick.choice(words) for _ in range(pick.randint(0, 6))))))
    return out


def plain_view(model):
    """A table sized to its contents by Qt alone, as the lists were."""
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(MEASURED_ROWS)
    header.setMaximumSectionSize(TITLE_WIDEST)
    return view


def window(qtbot, view):
    """The list over a line that grows with the rows found, as 资格审核's findings."""
    w = QWidget()
    qtbot.addWidget(w)
    note = QLabel()
    note.setWordWrap(True)
    layout = QVBoxLayout(w)
    layout.addWidget(view, 1)
    layout.addWidget(note)
    view.model().modelReset.connect(
        lambda: note.setText("<br>".join(["问题"] * min(6, view.model().rowCount()))))
    w.resize(1100, 560)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_widths_are_those_qt_sizes_to_the_contents(qtbot):
    model = SearchRowsModel(COLUMNS, sorted_on_load=False)
    model.set_rows(rows())
    ours, theirs = list_view(model), plain_view(model)
    shown = [window(qtbot, ours), window(qtbot, theirs)]
    for text in SEARCHES:
        model.set_search(text)
        for view in (ours, theirs):
            view.scrollTo(model.index(min(40, model.rowCount() - 1), 0))
        qtbot.wait(5)
        widths = [[v.horizontalHeader().sectionSize(c) for c in range(len(COLUMNS) - 1)]
                  for v in (ours, theirs)]
        assert widths[0] == widths[1], text
    model.sort(1)  # a header click: the rows measured are others
    qtbot.wait(5)
    assert [ours.horizontalHeader().sectionSize(c) for c in range(len(COLUMNS) - 1)] == \
        [theirs.horizontalHeader().sectionSize(c) for c in range(len(COLUMNS) - 1)]
    assert all(w.isVisible() for w in shown)


class Counting(QStyledItemDelegate):
    def __init__(self, parent):
        super().__init__(parent)
        self.asked = 0

    def sizeHint(self, option, index):  # noqa: N802 - Qt's name
        self.asked += 1
        return super().sizeHint(option, index)


def test_a_search_measures_each_cell_once(qtbot):
    """Few rows then many: the scroll bar comes and the line under the list grows, and Qt
    laid the header out again each time, measuring every cell again (three times)."""
    model = SearchRowsModel(COLUMNS, sorted_on_load=False)
    model.set_rows(rows())
    view = list_view(model)
    counting = Counting(view)
    view.setItemDelegate(counting)
    shown = window(qtbot, view)
    for text in ("zzz", "焊", "12", "", "刘"):
        qtbot.wait(5)
        counting.asked = 0
        model.set_search(text)
        qtbot.wait(20)
        measured = min(MEASURED_ROWS, model.rowCount()) * (len(COLUMNS) - 1)
        assert counting.asked <= measured, text
    assert shown.isVisible()


def test_a_search_back_to_rows_measured_before_measures_none_again(qtbot):
    """资格审核 at 100,000 applications: each keystroke measured 200 rows × 7 columns
    again through the model (≈ 20 ms of a 26 ms keystroke). A text's width is kept: a
    search showing rows measured before (Backspace, the same word again) asks for none."""
    model = SearchRowsModel(COLUMNS, sorted_on_load=False)
    model.set_rows(rows())
    view = list_view(model)
    counting = Counting(view)
    view.setItemDelegate(counting)
    shown = window(qtbot, view)
    for text in ("焊", "", "电池"):  # each measured once
        model.set_search(text)
        qtbot.wait(5)
    for text in ("焊", "", "电池", "焊"):
        counting.asked = 0
        model.set_search(text)
        qtbot.wait(5)
        assert model.rowCount() > MEASURED_ROWS
        assert counting.asked == 0, text
    assert shown.isVisible()


def ladder(n):
    """Rows whose texts widen (and narrow) row by row: the widest measured is the last
    (the first) row measured, so a measure one row off is a width off."""
    return [Row(i, (str(i), "一" * i, "一" * (n - i), "")) for i in range(n)]


def test_each_measure_is_qts_own_wherever_the_list_stands(qtbot):
    """The widths kept by text give what Qt's own measure gives over the same rows: the
    rows in view, then those below and above, at any scroll position, row count and
    precision (every row for -1, those in view for 0), shown or not, and in another font."""
    model = SearchRowsModel(("登记号", "渐宽", "渐窄", "备注"), sorted_on_load=False, right=(0,))
    view = list_view(model)
    hidden = list_view(model)  # never shown: Qt measures from the top, not from the view
    shown = window(qtbot, view)

    def same(*where):
        for v in (view, hidden):
            for c in range(model.columnCount()):
                assert v.sizeHintForColumn(c) == QTableView.sizeHintForColumn(v, c), (
                    *where, c, v is view)

    for n in (0, 1, 12, 90, 450):
        model.set_rows(ladder(n))
        for precision in (MEASURED_ROWS, 25, 1, 0, -1):
            for v in (view, hidden):
                v.horizontalHeader().setResizeContentsPrecision(precision)
            for at in sorted({0, 5, n // 3, n // 2, n - 30, n - 3, n - 1}):
                if 0 <= at < n:
                    view.scrollTo(model.index(at, 0))
                qtbot.wait(1)
                same(n, precision, at)
    model.set_search("一" * 40)
    same("search")
    font = view.font()
    font.setPointSize(font.pointSize() + 6)
    view.setFont(font)
    hidden.setFont(font)
    same("font")
    assert shown.isVisible()
