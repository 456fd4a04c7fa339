"""Sorting a register list by 状态 puts a held award (核准（暂缓拨付）) as a value of its own,
next to its plain status: it sorted among the plain 核准 rows by its number, so a list
sorted by 状态 mixed the awards to pay with those held, though each row read otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from boostdesk.models.records import PATENT
from boostdesk.rules import recheck
from boostdesk.ui import queries
from boostdesk.ui.queries import Filters
from boostdesk.ui.search_keys import Searcher
from tests.test_finance import add_patent
from tests.test_register_holds import _screen

YEAR = 2022

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _patents(reg) -> dict[str, int]:
    """Three approved patents and one only registered; the first approved one held (its
    grant date corrected out of the window)."""
    ids = {"held": add_patent(reg),
           "pay1": add_patent(reg, name="李四", id_number="110108198506123146",
                              number="ZL202110654321.3"),
           "pay2": add_patent(reg, name="王五", id_number="110108199003071238",
                              number="ZL202110765432.1")}
    reg.save_patent(replace(reg.patent(ids["held"]), grant_date=date(2020, 12, 31)), reason=WHY)
    recheck(reg)
    from boostdesk import award_holds

    assert set(award_holds.held_ids(reg, PATENT, YEAR)) == {ids["held"]}
    return ids


def test_held_awards_sort_by_status_as_their_own_value_in_sql_and_from_memory(reg):
    from boostdesk import award_holds

    ids = _patents(reg)
    held = award_holds.held_ids(reg, PATENT, YEAR).keys()
    searcher = Searcher(reg, queries.PATENT_SPEC)
    up = [ids["pay1"], ids["pay2"], ids["held"]]
    for descending, expected in ((False, up), (True, up[::-1])):
        sql = queries.search_ids(reg, queries.PATENT_SPEC, YEAR, Filters(), "status",
                                 descending, held)
        assert sql == expected
        assert searcher.search_ids(YEAR, Filters(), "status", descending, held) == expected
        assert searcher.search_ids(YEAR, Filters(), "status", descending, held) == expected
    # and a search on top keeps that order
    assert searcher.search_ids(YEAR, Filters(text="ZL"), "status", False, held) == up
    # with nothing held, by status then number as before
    assert searcher.search_ids(YEAR, Filters(), "status") == sorted(ids.values())


def test_a_held_value_sits_between_its_status_and_the_next(reg):
    assert sorted(["paid_final", "paid", queries.held_sort_value("paid"), "paid_first",
                   "approved", queries.held_sort_value("approved"), "publicized"]) == [
        "approved", "approved_held", "paid", "paid ", "paid_final", "paid_first", "publicized"]
    assert queries.held_sort_value("approved_held") == "approved_held"
    assert queries.held_sort_value("publicized_objected") == "publicized_objected"


def test_clicking_the_status_header_puts_the_held_award_after_the_plain_ones(
        reg, tmp_path, qtbot):
    ids = _patents(reg)
    w = _screen(reg, tmp_path, qtbot)
    column = [c.key for c in w.spec.columns].index("status")
    header = w.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().center().__class__(x, 5))
    shown = [w.model.index(r, column).data() for r in range(w.model.rowCount())]
    order = w.model.ids
    if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
        order, shown = order[::-1], shown[::-1]
    assert order == [ids["pay1"], ids["pay2"], ids["held"]]
    assert shown == ["核准", "核准", "核准（暂缓拨付）"]


def test_a_held_project_sorts_where_the_list_reads_it_in_sql_and_from_memory(reg):
    from boostdesk import award_holds
    from boostdesk.models.records import PROJECT
    from tests.test_panel_rerank import _approved_then_stale

    a, _b = _approved_then_stale(reg)
    held = award_holds.held_ids(reg, PROJECT, YEAR).keys()
    assert set(held) == {a}
    searcher = Searcher(reg, queries.PROJECT_SPEC)
    for descending in (False, True):
        sql = queries.search_ids(reg, queries.PROJECT_SPEC, YEAR, Filters(), "status",
                                 descending, held)
        assert searcher.search_ids(YEAR, Filters(), "status", descending, held) == sql
        value = {i: queries.held_sort_value(st) if i in held else st for i, st in
                 reg.conn.execute("SELECT id, status FROM project_applications")}
        assert value[a] == "approved_held"
        assert sql == sorted(value, key=lambda i: (value[i], i), reverse=descending)
