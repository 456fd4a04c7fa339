"""The 专利助推 list's 状态 of an approved patent whose money waits for the inventor's card:
it said 核准 while 拨付, `pay list` and the detail pane said 待补卡号 / 待更正卡号, so a clerk
scanning the list took it for ready to pay. Now it reads 核准（待补卡号） / 核准（待更正卡号）,
sorts just after 核准 and filters on it, and so do its copy, its export and the pane."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import shown_screen

from boostdesk import award_holds
from boostdesk.finance.card_waits import card_waits
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.models.workflow import CARD_MISSING_STATUS, CARD_STALE_STATUS
from boostdesk.rules import recheck
from boostdesk.ui import queries
from boostdesk.ui.queries import Filters
from boostdesk.ui.register_screen import PatentScreen
from tests.test_finance import add_patent

YEAR = 2022
MISSING, STALE = "核准（待补卡号）", "核准（待更正卡号）"


def _no_card(reg, name: str, id_number: str, number: str) -> int:
    """An approved patent whose inventor gave no union card (the office's 卡号后补)."""
    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title="一种测试方法", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number, card_number="",
        unit_name="海淀区总工会", enterprise_name="北京测试有限公司", frontline=True,
        service_invention=True, applied_in_production=True))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 12, 15))
    return app_id


def _papers(reg) -> dict[str, int]:
    """Four approved patents: 张三's payable, 李四's with no card, 王五's union share sent
    back from his card (not corrected), 赵六's with no card but held (不合格 now)."""
    ids = {"张三": add_patent(reg),
           "李四": _no_card(reg, "李四", "110108198506123146", "ZL202110654321.3"),
           "王五": add_patent(reg, "王五", "110101199003074514", number="ZL202110222222.8"),
           "赵六": _no_card(reg, "赵六", "110101198001010010", "ZL202110111111.X")}
    reg.save_patent(replace(reg.patent(ids["赵六"]), grant_date=date(2020, 12, 31)),
                    reason="录入有误，以申报材料为准")
    recheck(reg)
    sync_plan(reg, YEAR)
    mine = {x.payer: x.id for x in payment_lines(reg, YEAR) if x.app_id == ids["王五"]}
    mark_all_paid(reg, list(mine.values()), date(2023, 3, 8), "丰工-2023-005")
    return_payments(reg, [mine["union"]], date(2023, 3, 10), "会员卡已挂失换卡，原卡号已销户")
    ids["union"] = mine["union"]
    return ids


def test_card_waits_are_the_lines_pay_holds_for_the_card_alone(reg):
    ids = _papers(reg)
    assert set(award_holds.held_ids(reg, PATENT, YEAR)) == {ids["赵六"]}  # 暂缓拨付 first
    assert card_waits(reg, YEAR) == {ids["李四"]: CARD_MISSING_STATUS,
                                     ids["王五"]: CARD_STALE_STATUS}
    keep_card(reg, ids["union"], "经与银行核实系系统临时故障，原卡号无误")
    assert card_waits(reg, YEAR) == {ids["李四"]: CARD_MISSING_STATUS}
    # the SQL path sorts and filters as the search memory does
    spec = queries.PATENT_SPEC
    found = queries.search_ids(reg, spec, YEAR, Filters(status=CARD_MISSING_STATUS))
    assert found == [ids["李四"]]


def _column(w, key: str) -> int:
    return [c.key for c in w.spec.columns].index(key)


def _rows(w) -> list[tuple[str, str]]:
    m = w.table.model()
    person, status = _column(w, "person"), _column(w, "status")
    return [(m.index(r, person).data(), m.index(r, status).data()) for r in range(m.rowCount())]


def _choose(qtbot, w, label: str) -> None:
    """The 状态 filter chosen from the keyboard, as the clerk does: Tab into it, keys down."""
    box = w.status
    box.setFocus()
    index = box.findText(label)
    assert index >= 0, f"状态 filter has no {label}"
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: box.currentText() == label)
    w.reload()


@pytest.fixture
def screen(reg, tmp_path, qtbot):
    ids = _papers(reg)
    w = shown_screen(qtbot, PatentScreen, reg, tmp_path, YEAR, width=1366)
    w.reload()
    return ids, w


def test_the_list_says_the_card_wait_sorts_and_filters_on_it(screen, qtbot):
    _ids, w = screen
    assert dict(_rows(w)) == {"张三": "核准", "李四": MISSING, "王五": STALE,
                              "赵六": "核准（暂缓拨付）"}
    cell = w.table.model().index(_rows(w).index(("李四", MISSING)), _column(w, "status"))
    assert "补填卡号后方可拨付" in cell.data(Qt.ItemDataRole.ToolTipRole)
    # a click on 状态's header: each value just after 核准, before the held one
    header = w.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + _section_centre(header, _column(w, "status")))
    order = [s for _n, s in _rows(w)]
    assert order in (["核准", MISSING, STALE, "核准（暂缓拨付）"],
                     ["核准（暂缓拨付）", STALE, MISSING, "核准"])
    _choose(qtbot, w, MISSING)
    assert _rows(w) == [("李四", MISSING)]
    _choose(qtbot, w, STALE)
    assert _rows(w) == [("王五", STALE)]
    _choose(qtbot, w, "核准")  # every approved award, each named as it stands
    assert len(_rows(w)) == 4


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                  header.height() // 2)


def test_copy_export_and_the_pane_say_it_too(screen, qtbot, tmp_path):
    ids, w = screen
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: MISSING in QApplication.clipboard().text())
    copied = QApplication.clipboard().text()
    assert STALE in copied
    out = tmp_path / "list.xlsx"
    w.save_list_to(out)
    qtbot.waitUntil(out.exists, timeout=10_000)
    cells = [str(c) for ws in load_workbook(out).worksheets
             for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert MISSING in cells and STALE in cells
    row = _rows(w).index(("李四", MISSING))
    w.table.setCurrentIndex(w.table.model().index(row, 0))
    qtbot.waitUntil(lambda: f"状态 {MISSING}" in w.detail.toPlainText())


def test_the_returned_look_up_reads_a_papers_own_trail_lines_by_index(reg):
    """At 100,000 papers the look-up took 1 s at every start: SQLite read every payment's
    trail lines for each approved paper (audit_entity by entity alone)."""
    from boostdesk.finance.card_waits import _SQL

    plan = " ".join(str(r[3]) for r in reg.conn.execute("EXPLAIN QUERY PLAN " + _SQL, (YEAR,)))
    assert "audit_entity (entity=? AND entity_id=?)" in plan, plan
