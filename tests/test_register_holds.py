"""The register lists say which awards are held from payment (award_holds).

拨付, `pay`, the payment lists and the approval sheet hold an award no longer right since
its approval; the intake clerk and the head of office look at 专利助推 and 创新项目. There
an approved-but-held application reads 核准（暂缓拨付） in 状态, its tooltip says why, the
状态 filter 暂缓拨付 lists the held ones, and the detail pane says what to do (拨付's
维持核准…, `boostdesk pay keep`). The exported summary's 审核状态 says it too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from boostdesk import award_holds
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import ON_HOLD, shown_status_zh
from boostdesk.rules import recheck
from boostdesk.ui import queries
from boostdesk.ui.queries import Filters
from boostdesk.ui.search_keys import Searcher
from tests.test_finance import add_patent
from tests.test_panel_rerank import _approved_then_stale
from tests.test_publicity_late import closed  # noqa: F401 - the fixture

YEAR = 2022
HELD_PATENT = "核准（暂缓拨付）"

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _held_patent(reg: Register) -> tuple[int, int]:
    """Two approved patents; the first's grant date corrected out of the window (不合格
    now): its award is held. Returns (held, payable)."""
    held = add_patent(reg)
    payable = add_patent(reg, name="李四", id_number="110108198506123146",
                         number="ZL202110654321.3")
    reg.save_patent(replace(reg.patent(held), grant_date=date(2020, 12, 31)), reason=WHY)
    recheck(reg)
    assert set(award_holds.held_ids(reg, PATENT, YEAR)) == {held}
    return held, payable


# -- the domain ----------------------------------------------------------------------------
def test_held_ids_are_one_streams_holds_by_application(reg):
    held, payable = _held_patent(reg)
    project, _b = _approved_then_stale(reg)
    assert set(award_holds.held_ids(reg, PATENT, YEAR)) == {held}
    assert set(award_holds.held_ids(reg, PROJECT, YEAR)) == {project}
    assert award_holds.held_ids(reg, PATENT, YEAR + 1) == {}
    assert payable not in award_holds.held_ids(reg, PATENT, YEAR)


def test_payment_ids_are_the_unpaid_records_pay_keep_takes(reg):
    held, _payable = _held_patent(reg)
    ids = award_holds.payment_ids(reg, PATENT, held)  # planned by the approval
    sync_plan(reg, YEAR)
    assert award_holds.payment_ids(reg, PATENT, held) == ids
    assert len(ids) == 2 and ids == sorted(ids)  # the federation's part and the union's


def test_a_held_status_reads_with_its_hold():
    assert shown_status_zh("approved", True) == HELD_PATENT
    assert shown_status_zh("paid_first", True) == "首笔拨付（暂缓拨付）"
    assert shown_status_zh("approved") == "核准"
    assert shown_status_zh("approved_held", True) == "核准（暂缓拨付）"  # an objection's too


@pytest.mark.parametrize("sort_key", ["id", "status", "person"])
def test_the_held_filter_lists_the_held_ones_in_sql_and_from_memory(reg, sort_key):
    held, _payable = _held_patent(reg)
    searcher = Searcher(reg, queries.PATENT_SPEC)
    for status in (ON_HOLD, "approved"):
        expected = queries.search_ids(reg, queries.PATENT_SPEC, YEAR, Filters(status=status),
                                      sort_key)
        assert searcher.search_ids(YEAR, Filters(status=status), sort_key) == expected
    assert searcher.search_ids(YEAR, Filters(status=ON_HOLD), sort_key) == [held]
    # kept by the office: no longer held, and the memory sees it
    sync_plan(reg, YEAR)
    award_holds.keep(reg, PATENT, held, "经核实授权公告日登记有误，维持核准")
    assert searcher.search_ids(YEAR, Filters(status=ON_HOLD), sort_key) == []
    assert queries.search_ids(reg, queries.PATENT_SPEC, YEAR, Filters(status=ON_HOLD)) == []


def test_a_project_held_by_its_ranking_is_listed_as_held(reg):
    a, _b = _approved_then_stale(reg)
    searcher = Searcher(reg, queries.PROJECT_SPEC)
    for status in (ON_HOLD, "approved_held"):
        assert searcher.search_ids(YEAR, Filters(status=status)) == [a]
        assert queries.search_ids(reg, queries.PROJECT_SPEC, YEAR, Filters(status=status)) == [a]


def test_an_objection_entered_after_the_close_is_among_the_held_ones_too(reg, closed):  # noqa: F811
    from boostdesk.panel.publicity import record_objection

    searcher = Searcher(reg, queries.PROJECT_SPEC)
    assert searcher.search_ids(YEAR, Filters(status=ON_HOLD)) == []
    record_objection(reg, closed["a"], date(2022, 12, 26), "某职工", "项目数据不实")
    for status in (ON_HOLD, "approved_held"):
        assert searcher.search_ids(YEAR, Filters(status=status)) == [closed["a"]]
        assert queries.search_ids(reg, queries.PROJECT_SPEC, YEAR,
                                  Filters(status=status)) == [closed["a"]]


# -- the 专利助推 screen --------------------------------------------------------------------
def _screen(reg: Register, tmp_path, qtbot, cls_name: str = "PatentScreen"):
    from test_ui_support import year_context

    from boostdesk.ui import register_screen

    w = getattr(register_screen, cls_name)(year_context(reg, tmp_path, YEAR, "王主任"))
    qtbot.addWidget(w)
    w.resize(1280, 640)
    w.show()
    return w


def _cell(w, app_id: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    row = w.model.row_of(app_id)
    column = [c.key for c in w.spec.columns].index(key)
    return w.model.data(w.model.index(row, column), role)


def test_the_patent_list_says_held_with_why_and_filters_the_held_ones(reg, tmp_path, qtbot):
    held, payable = _held_patent(reg)
    w = _screen(reg, tmp_path, qtbot)
    assert _cell(w, held, "status") == HELD_PATENT
    assert _cell(w, payable, "status") == "核准"
    tip = _cell(w, held, "status", Qt.ItemDataRole.ToolTipRole)
    assert "暂缓拨付：核准后经核对为不合格——" in tip and "2020-12-31" in tip
    assert "核准 ¥3,000.00" in tip and "在“拨付”中选中其款项点“维持核准…”" in tip
    assert "pay keep" not in tip
    assert _cell(w, held, "status", Qt.ItemDataRole.ForegroundRole) is not None
    assert _cell(w, payable, "status", Qt.ItemDataRole.ForegroundRole) is None

    # the office picks 暂缓拨付 in the 状态 filter, as a user does: click, then choose
    index = w.status.findData(ON_HOLD)
    assert w.status.itemText(index) == "暂缓拨付"
    w.status.setFocus()
    for _ in range(index):
        qtbot.keyClick(w.status, Qt.Key.Key_Down)
    assert w.status.currentData() == ON_HOLD
    assert w.model.ids == [held]
    assert w.count.text() == "找到 1 条（共 2 条）"
    assert "暂缓拨付：核准后经核对为不合格" in w.detail.toPlainText()


def test_the_detail_pane_says_held_why_and_what_to_do(reg, tmp_path, qtbot):
    held, payable = _held_patent(reg)
    sync_plan(reg, YEAR)
    assert award_holds.payment_ids(reg, PATENT, held)  # its payments, to be found on 拨付
    w = _screen(reg, tmp_path, qtbot)
    w.select_id(held)
    text = w.detail.toPlainText()
    assert f"状态 {HELD_PATENT}" in text
    assert "暂缓拨付：核准后经核对为不合格——" in text
    assert "处理：确属不合格的，在“改变状态”中改为资格审核不通过" in text
    assert "在“拨付”中选中其款项点“维持核准…”写明理由" in text
    assert f"维持核准：在“拨付”中按 Ctrl+F 搜索“专利{held}”，选中其款项，点“维持核准…”写明理由" in text
    assert "boostdesk" not in text and "pay keep" not in text
    w.select_id(payable)
    assert "暂缓拨付" not in w.detail.toPlainText()


def test_kept_on_the_payments_screen_the_list_no_longer_says_held(reg, tmp_path, qtbot):
    held, _payable = _held_patent(reg)
    w = _screen(reg, tmp_path, qtbot)
    w.status.setCurrentIndex(w.status.findData(ON_HOLD))
    assert w.model.ids == [held]
    sync_plan(reg, YEAR)
    w.ctx.write("维持核准", lambda: award_holds.keep(reg, PATENT, held, "经核实登记有误，维持核准"),
                changed="payments")
    assert w.model.ids == []
    w.status.setCurrentIndex(0)
    assert _cell(w, held, "status") == "核准"


def test_the_project_list_says_held_after_a_ranking_change(reg, tmp_path, qtbot):
    a, _b = _approved_then_stale(reg)
    w = _screen(reg, tmp_path, qtbot, "ProjectScreen")
    assert _cell(w, a, "status") == "核准（暂缓拨付）"
    assert "核准后排名已变化" in _cell(w, a, "status", Qt.ItemDataRole.ToolTipRole)
    w.status.setCurrentIndex(w.status.findData(ON_HOLD))
    assert w.model.ids == [a]
    w.status.setCurrentIndex(w.status.findData("approved_held"))
    assert w.model.ids == [a]
    w.select_id(a)
    assert "状态 核准（公示期满无异议），暂缓拨付" in w.detail.toPlainText()
    assert "处理：请在“公示”中点“排名复核…”" in w.detail.toPlainText()


# -- the command line -----------------------------------------------------------------------
def test_the_exported_summary_says_held_in_its_status(reg, tmp_path, capsys):
    from openpyxl import load_workbook

    from boostdesk.cli import main

    held, payable = _held_patent(reg)
    reg.close()
    out = tmp_path / "patents.xlsx"
    assert main(["export", "summary", "patent", "--db", str(reg.path), "--year", str(YEAR),
                 "--out", str(out)]) == 0
    cells = [str(c.value) for row in load_workbook(out).active.iter_rows() for c in row]
    assert cells.count(HELD_PATENT) == 1 and cells.count("核准") == 1


def test_the_patent_list_never_runs_the_projects_ranking(reg, monkeypatch):
    """A patent is held by its findings only: 专利助推's list reads them without the
    ranking (seconds at a large panel) a changed project score would set off."""
    from boostdesk.panel import ranking

    held, _payable = _held_patent(reg)
    a, _b = _approved_then_stale(reg)
    runs = []
    real = ranking.rank
    monkeypatch.setattr(ranking, "rank", lambda *args, **kw: runs.append(1) or real(*args, **kw))
    assert set(award_holds.held_ids(reg, PATENT, YEAR)) == {held} and runs == []
    assert set(award_holds.held_ids(reg, PROJECT, YEAR)) == {a} and runs == [1]
    assert {k for k in award_holds.holds(reg, YEAR) if k[0] == PATENT} == {(PATENT, held)}


def test_the_detail_pane_of_a_patent_never_runs_the_projects_ranking(reg, qtbot, monkeypatch):
    from boostdesk.panel import ranking
    from boostdesk.ui.detail import DetailPane

    held, _payable = _held_patent(reg)
    _approved_then_stale(reg)
    runs = []
    real = ranking.rank
    monkeypatch.setattr(ranking, "rank", lambda *args, **kw: runs.append(1) or real(*args, **kw))
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PATENT, held)
    assert "暂缓拨付：核准后经核对为不合格" in pane.toPlainText() and runs == []
