"""The searched lists of 拨付, 专家评审 and 公示 (``row_search.SearchRowsModel``) fold their
rows in the background after a load, each distinct cell once, and search by masks: they
find exactly what folding each row's whole text and testing every row found before."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from boostdesk.models.search_text import search_key
from boostdesk.ui import row_search
from boostdesk.ui.queries import search_terms
from boostdesk.ui.row_search import REF, SearchRowsModel, matches, project_refs
from boostdesk.ui.rows_model import ID_ROLE, Row, RowsModel, _key

CELLS = ("张伟", "王芳", "买买提·艾力", "买买提・艾力", "５Ｇ基站", "5g", "ZL 2019 1 0154870.7",
         "ZL201910154870.7", "北京市总工会", "海淀区总工会", "焊缝检测", "电池热管理", "",
         "项目6号线", "¥3,000.00", "2022-10-20", "退汇待重拨", "（一次拨付）", "\ue000桥梁",
         "养护\ue001工作室", "A\u200bB", "Ⅻ号", "  两个  空格 ", "刘")
SEARCHES = ("张", "张伟", "张", "", "王 芳", "买买提.艾力", "买买提", "５ｇ", "5G 基站", "zl2019",
            "zl", "2019 北京", "项目6", "项目61", "专利7", "项目6 线", "桥梁", "养护", "工作室",
            "ab", "xii", "ⅻ", "两个 空格", "3,000", "（一次", "拨付）", "刘", "没有")


def _rows(n: int, seed: int = 7) -> list[Row]:
    rng = random.Random(seed)
    return [Row(i, tuple(rng.choice(CELLS) for _ in range(4))) for i in range(1, n + 1)]


def _extra(row: Row) -> str:
    return f"{CELLS[row.id % len(CELLS)]} 项目{row.id}号"


def _refs(row: Row) -> tuple[str, ...]:
    return (*project_refs(row), f"专利{row.id % 9}")


def _found_before(rows: list[Row], text: str, sort: tuple[int, Qt.SortOrder] | None
                  ) -> list[object]:
    """What the list found before this change: each row's whole text folded, every row
    tested, the rows found then sorted (stably) if a header was clicked."""
    terms = search_terms(text)
    found = [r for r in rows if not terms or matches(
        search_key(" ".join((*r.cells, _extra(r)))), frozenset(_refs(r)), terms)]
    if sort is not None:
        found.sort(key=lambda r: _key(r.cells[sort[0]]),
                   reverse=sort[1] == Qt.SortOrder.DescendingOrder)
    return [r.id for r in found]


def _shown(model: SearchRowsModel) -> list[object]:
    return [model.id_at(r) for r in range(model.rowCount())]


@pytest.mark.parametrize("sort", [None, (0, Qt.SortOrder.AscendingOrder),
                                  (2, Qt.SortOrder.DescendingOrder)])
def test_a_list_finds_what_folding_each_row_whole_found(qapp, sort):
    rows = _rows(600)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs,
                            sorted_on_load=False)
    model.set_rows(rows)
    if sort is not None:
        model.sort(*sort)
    for text in SEARCHES:
        model.set_search(text)
        assert _shown(model) == _found_before(rows, text, sort), text


def test_every_reference_written_so_finds_that_row_only(qapp):
    rows = _rows(80)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs)
    model.set_rows(rows)
    for text in ("项目6", "项目60", "专利3", "项目6 专利6", "项目7 专利7"):
        assert REF.match(search_terms(text)[0])
        model.set_search(text)
        assert sorted(_shown(model)) == sorted(_found_before(rows, text, None)), text


def test_the_rows_are_folded_between_events_after_a_load(qapp, qtbot):
    rows = _rows(3 * SearchRowsModel.FOLD_ROWS + 17)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs,
                            sorted_on_load=False)
    model.set_rows(rows)
    assert model.rowCount() == len(rows) and not model.folded  # shown at once
    qtbot.waitUntil(lambda: model.folded)
    model.set_search("张 北京")
    assert _shown(model) == _found_before(rows, "张 北京", None)


def test_a_search_before_the_folding_is_done_finds_every_row(qapp):
    rows = _rows(3 * SearchRowsModel.FOLD_ROWS + 17)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs,
                            sorted_on_load=False)
    model.set_rows(rows)
    model._fold_some()  # a slice of it, as the first event after the load does
    model.set_search("王")
    assert model.folded
    assert _shown(model) == _found_before(rows, "王", None)


def test_a_list_reloaded_with_the_same_texts_folds_nothing_again(qapp, monkeypatch):
    rows = _rows(200)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs,
                            sorted_on_load=False)
    model.set_rows(rows)
    model.set_search("张")
    folded: list[str] = []
    real = row_search.search_key
    monkeypatch.setattr(row_search, "search_key", lambda *t: folded.append(t) or real(*t))
    model.set_rows(list(reversed(rows)))  # 拨付 after a payment: the same texts
    assert _shown(model) == _found_before(list(reversed(rows)), "张", None)
    assert folded == []
    model.set_rows([*rows, Row(999, ("新收款人甲", "", "", ""))])  # the new texts alone
    assert 999 not in _shown(model)  # not found by 张
    model.set_search("新收款人")
    assert _shown(model) == [999] and len(folded) == 1  # in one piece


def test_a_header_click_on_a_searched_list_sorts_the_rows_found(qapp):
    rows = _rows(300)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs,
                            sorted_on_load=False)
    model.set_rows(rows)
    model.set_search("王")
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert _shown(model) == _found_before(rows, "王", (1, Qt.SortOrder.DescendingOrder))
    model.set_search("")  # every row, in that order
    assert _shown(model) == _found_before(rows, "", (1, Qt.SortOrder.DescendingOrder))


def test_a_list_model_answers_the_roles_it_did(qapp):
    model = RowsModel(("a", "b"), right=(1,))
    model.set_rows([Row(3, ("x", "1"), "tip", {1: "whole"}, {0: "#c62828"})])
    first, second = model.index(0, 0), model.index(0, 1)
    role = Qt.ItemDataRole
    assert [model.data(first, r) for r in (role.DisplayRole, role.ToolTipRole, ID_ROLE)] == [
        "x", "tip", 3]
    assert model.data(first, role.ForegroundRole) is not None
    assert model.data(second, role.ForegroundRole) is None
    assert model.data(second, role.ToolTipRole) == "whole"
    assert model.data(second, role.TextAlignmentRole) is not None
    assert model.data(first, role.TextAlignmentRole) is None
    assert model.data(first, role.BackgroundRole) is None
    assert model.data(second) == "1"


def test_rows_given_with_their_cells_in_a_list_are_found_too(qapp):
    rows = [Row(1, ["张伟", "北京"]), Row(2, ("王芳", "海淀"))]  # type: ignore[arg-type]
    model = SearchRowsModel(("a", "b"), extra=lambda r: "项目", sorted_on_load=False)
    model.set_rows(rows)
    model.set_search("北京 项目")
    assert _shown(model) == [1]
