"""工作室's search (14,000 studios) sets the rows found again at each keystroke, and the
list sorted them again making every cell's pinyin key afresh: ≈ 0.1–0.3 s frozen after the
typing pause. Each cell text's key is made once now; the order is as before."""

from __future__ import annotations

from PySide6.QtCore import Qt

from boostdesk.ui import rows_model
from boostdesk.ui.rows_model import Row, RowsModel

NAMES = ("张伟职工创新工作室", "李娜劳模创新工作室", "阿依古丽工作室", "王芳工作室", "", "5G工作室")


def _rows() -> list[Row]:
    return [Row(i, (name, f"{i}")) for i, name in enumerate(NAMES)]


def test_rows_set_again_are_sorted_without_making_their_keys_again(qapp, monkeypatch):
    model = RowsModel(("工作室", "序号"))
    made: list[str] = []
    real = rows_model._key

    def key(cell):
        made.append(cell)
        return real(cell)

    monkeypatch.setattr(rows_model, "_key", key)
    model.set_rows(_rows())
    assert len(made) == len(NAMES)
    first = [r.id for r in model.rows]
    assert first == [5, 2, 1, 3, 0, 4]  # digits, then pinyin (a, l, w, z), blanks last
    found = [r for r in _rows() if "创新" in r.cells[0]]
    model.set_rows(found)  # a search
    model.set_rows(_rows())  # cleared
    assert len(made) == len(NAMES)
    assert [r.id for r in model.rows] == first
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r.id for r in model.rows] == [4, 0, 3, 1, 2, 5]
    assert len(made) == len(NAMES)


def test_a_narrow_search_keeps_the_other_rows_keys(qapp, monkeypatch):
    model = RowsModel(("工作室", "序号"))
    made: list[str] = []
    real = rows_model._key
    monkeypatch.setattr(rows_model, "_key", lambda cell: made.append(cell) or real(cell))
    rows = [Row(i, (f"第{i}职工创新工作室", f"{i}")) for i in range(3000)]
    model.set_rows(rows)
    model.set_rows(rows[:2])  # a search finding two
    model.set_rows(rows)  # Esc: every studio again
    assert len(made) == len(rows)
