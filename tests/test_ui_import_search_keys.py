"""An import runs on a worker's connection of its own: its commit used to make the register
list read every paper's search text again (≈ 0.6 s at 100,000 papers, the window frozen).
The worker's journal of the rows it wrote is handed over: the list takes in those rows only,
and they are found and sorted at once."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import (
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    own_card,
    patent_no,
    resident_id,
)
from PySide6.QtCore import QPoint, Qt
from test_ui_import import open_dialog, patent_row, read, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models.records import PatentApplication
from boostdesk.ui import queries, search_keys
from boostdesk.ui.queries import PATENT_SPEC, Filters
from boostdesk.ui.search_keys import Searcher

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ID_3 = resident_id("11010219900101003")


def _click_header(qtbot, view, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_imported_papers_are_found_and_sorted_without_reading_every_text_again(
        window, qtbot, reg, answers, tmp_path, monkeypatch):
    for name, number in (("王五", patent_no("202110555555")), ("赵六", patent_no("202110666666"))):
        reg.save_patent(PatentApplication(2022, title="一种既有装置", patent_number_raw=number,
                                          inventor_name=name, unit_name="北京市海淀区总工会"))
    screen = window.screens[0]
    screen.reload()
    _click_header(qtbot, screen.table, [c.key for c in screen.spec.columns].index("person"))
    assert screen.model.sort_key == "person"
    reads: list[int] = []
    real = search_keys.read_keys
    monkeypatch.setattr(search_keys, "read_keys", lambda *a: (reads.append(1), real(*a))[1])

    path = summary_table(tmp_path / "haidian.xlsx", [
        patent_row(第一发明人=name, 身份证号=id_number, 工会会员互助服务卡号=own_card(id_number),
                   专利号=number, 专利名称=title)
        for name, id_number, number, title in (
            ("阿甲", ID_1, INVENTION, "一种焊缝检测装置"),
            ("钱乙", ID_2, INVENTION_2, "一种新型夹具"),
            ("张丙", ID_3, patent_no("202110777777"), "一种焊缝打磨装置"))])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    dialog.received.setFocus()
    type_text(qtbot, "2022-10-30", dialog.received)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)

    # the list shows them at once, where the sort by 第一发明人 puts them
    qtbot.waitUntil(lambda: screen.model.total == 5, timeout=2000)
    assert screen.model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(), "person")
    assert [screen.model.row_data(r).values["person"] for r in range(5)] == [
        "阿甲", "钱乙", "王五", "张丙", "赵六"]
    press(qtbot, Qt.Key.Key_F, CTRL, window)
    type_text(qtbot, "夹具", screen.search)
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=2000)
    assert screen.model.row_data(0).values["person"] == "钱乙"
    assert reads == []  # the two papers there before were not read again
    assert date(2022, 10, 30) == reg.patents(2022)[-1].received_date


def test_work_alongside_that_committed_rows_hands_nothing_over(ctx, reg, qtbot, monkeypatch):
    """Two workers at once: the second commits after the first has looked at its journal
    but before the window takes it over, so the first's entries are not all that changed —
    nothing is handed over, the list reads everything again and shows both."""
    reg.save_patent(PatentApplication(2022, title="一种既有装置", inventor_name="王五",
                                      patent_number_raw=patent_no("202110555555")))
    searcher = Searcher(reg, PATENT_SPEC)
    assert len(searcher.search_ids(2022, Filters())) == 1
    reads: list[int] = []
    real = search_keys.read_keys
    monkeypatch.setattr(search_keys, "read_keys", lambda *a: (reads.append(1), real(*a))[1])

    def saving(title: str, name: str, number: str):
        def work(worker, _progress, _cancelled):
            worker.save_patent(PatentApplication(2022, title=title, inventor_name=name,
                                                 patent_number_raw=number))
        return work

    shown: list[tuple[list[int], list[int]]] = []

    def reload(_result: object) -> None:  # the list as the first one's end shows it
        shown.append((searcher.search_ids(2022, Filters(), "person"),
                      queries.search_ids(reg, PATENT_SPEC, 2022, Filters(), "person")))

    # each worker ended before the window hears of it (its event loop not run meanwhile)
    ctx.run_long("一", saving("一种慢装置", "钱乙", INVENTION), reload,
                 with_register=True).wait(10_000)
    ctx.run_long("二", saving("一种快装置", "张丙", INVENTION_2), reload,
                 with_register=True).wait(10_000)
    qtbot.waitUntil(lambda: len(shown) == 2 and not ctx.busy, timeout=10_000)
    for found, in_sql in shown:
        assert found == in_sql and len(found) == 3
    assert reads == [1]
