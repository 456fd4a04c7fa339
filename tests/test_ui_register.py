"""The register views: search, filters and sort in SQL; an id-holding model; the main window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fixtures.summary_sheets import CARD_1, INVENTION, UTILITY, card, patent_no, resident_id
from PySide6.QtCore import QSettings, Qt
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models.records import PATENT, PatentApplication, ProjectApplication
from boostdesk.rules import refresh
from boostdesk.ui import main_window as main_window_module
from boostdesk.ui import queries
from boostdesk.ui.main_window import SCREENS, MainWindow
from boostdesk.ui.queries import Filters
from boostdesk.ui.register_model import ApplicationModel
from boostdesk.ui.register_screen import PatentScreen

__all__ = ["answers", "ctx", "qsettings", "window"]


def many_patents(reg, n: int, unit: str = "北京市海淀区总工会", inventor=None) -> list[int]:
    """``n`` patents of ``unit``, each of its own inventor (``inventor(i)``, or 发明人0001)."""
    ids = []
    with reg.transaction():
        for i in range(n):
            ids.append(reg.save_patent(PatentApplication(
                2022, title=f"专利{i:04d}", patent_number_raw=patent_no(f"2021100{i:05d}"),
                inventor_name=inventor(i) if inventor else f"发明人{i:04d}",
                id_number=resident_id(f"11010519800101{i:03d}"),
                card_number=card(f"621700{i:09d}"), unit_name=unit,
            )))
    return ids


def test_search_runs_over_name_number_unit_and_title(reg):
    a = reg.save_patent(PatentApplication(2022, title="一种焊缝检测装置",
                                          patent_number_raw=INVENTION, inventor_name="张三丰",
                                          unit_name="北京市海淀区总工会"))
    b = reg.save_patent(PatentApplication(2022, title="轴承诊断", patent_number_raw=UTILITY,
                                          inventor_name="李四", unit_name="朝阳区总工会"))
    p = reg.save_project(ProjectApplication(2022, title="数控机床精度补偿",
                                            studio_name="王五职工创新工作室", leader="王五"))
    spec = queries.PATENT_SPEC
    assert queries.search_ids(reg, spec, 2022, Filters("10123456")) == [a]  # number fragment
    assert queries.search_ids(reg, spec, 2022, Filters("zl2021")) == [a, b]  # any case
    assert queries.search_ids(reg, spec, 2022, Filters("张三")) == [a]  # two-character name
    assert queries.search_ids(reg, spec, 2022, Filters("海淀 焊缝")) == [a]  # every fragment
    assert queries.search_ids(reg, spec, 2022, Filters("朝阳")) == [b]
    assert queries.search_ids(reg, spec, 2022, Filters("%")) == []  # LIKE wildcards are text
    assert queries.search_ids(reg, spec, 2021, Filters("张三")) == []  # another campaign
    assert queries.search_ids(reg, queries.PROJECT_SPEC, 2022, Filters("工作室")) == [p]
    assert queries.search_ids(reg, queries.PROJECT_SPEC, 2022, Filters("王五")) == [p]


def test_filters_by_unit_status_and_eligibility(reg):
    a = reg.save_patent(PatentApplication(2022, title="甲", patent_number_raw=INVENTION,
                                          inventor_name="张三", card_number=CARD_1,
                                          unit_name="海淀区总工会"))
    b = reg.save_patent(PatentApplication(2022, title="乙", patent_number_raw=UTILITY,
                                          inventor_name="李四", unit_name="朝阳区总工会"))
    spec = queries.PATENT_SPEC
    assert queries.search_ids(reg, spec, 2022, Filters(verdict=queries.UNCHECKED)) == [a, b]
    refresh(reg, 2022)
    reg.set_status(PATENT, a, "qualified")
    units = dict((name, uid) for uid, name in queries.units(reg))
    assert queries.search_ids(reg, spec, 2022, Filters(unit_id=units["朝阳区总工会"])) == [b]
    assert queries.search_ids(reg, spec, 2022, Filters(status="qualified")) == [a]
    assert queries.search_ids(reg, spec, 2022, Filters(verdict=queries.REFUSED)) == [b]  # utility
    assert queries.search_ids(reg, spec, 2022, Filters(verdict=queries.INCOMPLETE)) == [a]
    counts = queries.counts(reg, PATENT, 2022)  # a passed at 资格审核: 合格, as its status says
    assert (counts.registered, counts.eligible, counts.refused, counts.incomplete) == (2, 1, 1, 0)


def test_sort_by_any_column_in_sql(reg):
    ids = many_patents(reg, 5)
    spec = queries.PATENT_SPEC
    assert queries.search_ids(reg, spec, 2022, Filters(), "person", descending=True) == ids[::-1]
    assert queries.search_ids(reg, spec, 2022, Filters(), "number") == ids
    for column in spec.columns:
        assert sorted(queries.search_ids(reg, spec, 2022, Filters(), column.key)) == ids


def test_patent_numbers_typed_every_way_show_and_sort_as_one_form(reg, qapp):
    """Papers write ZL 2021 1 0000002.x, CN…, bare digits: the list showed them as typed,
    so sorting by 专利号 put the CN…, the spaced and the bare ones each in a group of
    their own (a clerk looking for one number twice did not find the two together)."""
    typed = {"0000003": "CN{}", "0000001": "{}", "0000002": "ZL {} "}
    ids = {}
    for digits, form in typed.items():
        number = patent_no(f"20211{digits}")
        spaced = f"{number[2:6]} {number[6]} {number[7:]}" if form.startswith("ZL") else number[2:]
        ids[digits] = reg.save_patent(PatentApplication(
            2022, title=f"专利{digits}", patent_number_raw=form.format(spaced)))
    ids["bad"] = reg.save_patent(PatentApplication(2022, title="无效", patent_number_raw="ZL99"))
    order = queries.search_ids(reg, queries.PATENT_SPEC, 2022, Filters(), "number")
    assert order == [ids["0000001"], ids["0000002"], ids["0000003"], ids["bad"]]
    model = ApplicationModel(reg, queries.PATENT_SPEC, 2022)
    model.search()
    column = [c.key for c in queries.PATENT_SPEC.columns].index("number")
    shown = [model.data(model.index(model.row_of(i), column)) for i in ids.values()]
    assert shown == [patent_no(f"20211{d}") for d in typed] + ["ZL99"]


def test_the_model_holds_ids_and_fetches_rows_on_demand(reg, qapp):
    ids = many_patents(reg, 450)
    refresh(reg, 2022)
    model = ApplicationModel(reg, queries.PATENT_SPEC, 2022)
    model.search()
    assert model.total == 450
    assert model.rowCount() == ApplicationModel.FETCH_CHUNK  # the rest when the view scrolls
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert model._cache == {}  # nothing built until asked for
    index = model.index(300, 3)
    assert model.data(index) == "发明人0300"
    assert len(model._cache) == ApplicationModel.BLOCK  # one block, one query
    verdict = model.index(300, 1)
    assert model.data(verdict) == "待补材料"
    assert model.data(verdict, Qt.ItemDataRole.DecorationRole) is not None
    assert "材料未齐" in model.data(verdict, Qt.ItemDataRole.ToolTipRole)
    assert model.data(verdict, Qt.ItemDataRole.BackgroundRole) is not None
    model.sort(3, Qt.SortOrder.DescendingOrder)
    assert model.id_at(0) == ids[-1]
    assert model.row_of(ids[0]) == 449  # found beyond the fetched rows, which grow to it


def test_the_main_window_lists_every_screen_and_builds_them_lazily(window):
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["专利助推", "创新项目", "工作室", "单位与人员", "专家评审", "公示", "拨付",
                      "打印", "设置", "待办"]
    assert list(window.screens) == [0]  # only the screen in view exists
    for i, (_label, module, _cls) in enumerate(SCREENS):
        enabled = window.enabled(i)
        assert enabled == main_window_module.module_available(module)
        if not enabled:
            assert "尚未包含" in window.nav.item(i).toolTip()
    screen = window.show_screen(2)
    assert screen is not None and set(window.screens) == {0, 2}
    assert window.stack.currentWidget() is screen


def test_a_screen_missing_from_the_build_is_disabled_not_faked(ctx, qtbot, monkeypatch):
    monkeypatch.setattr(main_window_module, "SCREENS",
                        [*SCREENS[:2], ("专家评审", "boostdesk.ui.no_such_screen", "Nothing")])
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert not w.enabled(2)
    assert w.show_screen(2) is None
    assert w.nav.item(2).toolTip() == "专家评审：本版本尚未包含此功能"
    assert w.stack.count() == 1


def test_status_bar_counts_and_the_year_switch(window, reg, ctx):
    from boostdesk.models import plan_2022

    reg.save_campaign(plan_2022().for_year(2023))
    reg.save_patent(PatentApplication(2022, title="甲", patent_number_raw=INVENTION,
                                      inventor_name="张三", card_number=CARD_1))
    refresh(reg, 2022)
    ctx.changed.emit("campaign")
    assert "专利：登记 1 · 合格 0 · 不合格 0 · 待补材料 1" in window.counts_label.text()
    assert window.year_box.count() == 2
    window.year_box.setCurrentIndex(window.year_box.findData(2023))
    assert ctx.year == 2023
    assert "专利：登记 0" in window.counts_label.text()
    assert window.screens[0].model.total == 0
    assert "2023" in window.windowTitle()


def test_window_layout_is_remembered(ctx, qtbot, qsettings):
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1100, 700)  # the offscreen test screen is 800 wide: the height tells
    w.show_screen(1)
    header = w.screens[1].table.horizontalHeader()
    header.resizeSection(3, 333)
    w.close()
    assert qsettings.value("main/screen") == 1
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert qsettings.value("main/geometry") is not None
    assert again.size().height() == 700
    assert again.current_screen() is again.screens[1]
    assert again.screens[1].table.horizontalHeader().sectionSize(3) == 333


def test_the_window_fits_1366_by_768(window):
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    for i in range(len(SCREENS)):
        if window.enabled(i):
            screen = window.show_screen(i)
            assert screen.minimumSizeHint().width() <= 1366 - 150
            assert screen.minimumSizeHint().height() <= 768 - 120, SCREENS[i][0]


def test_settings_in_a_fresh_context_ask_the_operator_once(tmp_path, qapp, answers, monkeypatch):
    from boostdesk.ui.app import ask_operator

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    answers.text = "  王秀兰 "
    assert ask_operator(settings) == "王秀兰"
    answers.text = None  # never asked again
    assert ask_operator(settings) == "王秀兰"
    assert settings.value("operator/name") == "王秀兰"


def search_now(screen: PatentScreen, qtbot, text: str) -> None:
    """Type into the search box and run the search without the typing pause."""
    type_text(qtbot, text, screen.search)
    screen.run_search()


def test_typing_finds_what_another_program_saved_meanwhile(ctx, qtbot, reg):
    a = reg.save_patent(PatentApplication(2022, title="焊缝检测", inventor_name="张伟"))
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    search_now(screen, qtbot, "张")
    assert screen.model.ids == [a]
    assert screen.count.text() == "找到 1 条（共 1 条）"
    script = (
        "import sys\n"
        "from boostdesk.models import Register\n"
        "from boostdesk.models.records import PatentApplication\n"
        "reg = Register.open(sys.argv[1], operator='另一台电脑')\n"
        "reg.save_patent(PatentApplication(2022, title='轴承诊断', inventor_name='张强'))\n"
        "reg.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(reg.path)], check=True, timeout=60,
                   cwd=Path(__file__).resolve().parents[1])
    search_now(screen, qtbot, "强")  # no change announced in this window: the keystroke sees it
    assert len(screen.model.ids) == 1 and screen.model.ids[0] != a
    assert screen.count.text() == "找到 1 条（共 2 条）"
    assert screen.model.data(screen.model.index(0, 3)) == "张强"


def test_a_keystroke_shows_the_first_match_once(ctx, qtbot, reg, monkeypatch):
    ids = [reg.save_patent(PatentApplication(2022, title=f"专利{i}", inventor_name=name))
           for i, name in enumerate(["王芳", "张伟", "张三"])]
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    shown: list[int] = []
    real = screen.detail.show_application
    monkeypatch.setattr(screen.detail, "show_application",
                        lambda stream, app_id: (shown.append(app_id), real(stream, app_id)))
    search_now(screen, qtbot, "张")
    assert screen.model.ids == ids[1:] and shown == [ids[1]]
    shown.clear()
    type_text(qtbot, "三", screen.search)
    screen.run_search()
    assert screen.model.ids == [ids[2]] and shown == [ids[2]]
    shown.clear()
    screen.search.clear()
    screen.run_search()  # the selected one stays selected, and shown: not read again,
    assert screen.current_id() == ids[2] and shown == []  # the register unchanged
    assert "张三" in screen.detail.toPlainText()
    with reg.transaction():  # the register changed: read again
        reg.conn.execute("UPDATE patent_applications SET title = '专利二' WHERE id = ?",
                         (ids[2],))
    screen.run_search()
    assert shown == [ids[2]] and "专利二" in screen.detail.toPlainText()


def test_ctrl_a_then_a_status_change_takes_every_row_found_not_the_first_fetched(
        reg, qtbot, tmp_path):
    """The view holds 200 rows until scrolled; Ctrl+A selects those. 改状态 and 打印审批表
    on "everything selected" act on every application the search found."""
    from PySide6.QtCore import QSettings, Qt

    from boostdesk.ui.context import AppContext
    from boostdesk.ui.register_screen import PatentScreen

    many_patents(reg, 230)
    ctx = AppContext(reg, 2022, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert 1 < screen.selected_count() < 230  # only the rows the view has fetched
    assert sorted(screen.picked_ids()) == sorted(a.id for a in reg.patents(2022))
    dialog = screen.change_status()
    assert len(dialog.app_ids) == 230
    dialog.reject()
    wanted: list[str] = []
    ctx.approval_wanted.connect(wanted.append)
    screen.print_selected()
    assert len(wanted[0].split("，")) == 230
    # two rows picked by hand stay those two
    screen.table.clearSelection()
    screen.table.selectRow(3)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(screen.picked_ids()) == 2


# QMainWindow.saveGeometry() of a 1366×768 window at (200, 100) on a 1920×1080 screen
SAVED_ON_1920 = bytes.fromhex(
    "01d9d0cb00030000000000c8000000640000062100000367000000ca000000660000061f0000036500000000"
    "000000000780000000ca000000660000061f00000365")


def test_a_frame_saved_on_a_larger_screen_falls_back_to_the_default_size(ctx, qtbot, qsettings):
    """Qt refuses to restore a frame saved on a larger screen or at another scale: the window
    came back at its 800×400 minimum, and kept it for good."""
    from PySide6.QtWidgets import QMainWindow

    assert not QMainWindow().restoreGeometry(SAVED_ON_1920)  # on the offscreen 800×600 screen
    qsettings.setValue("main/geometry", SAVED_ON_1920)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    screen = w.screen().availableGeometry()
    assert w.height() == min(768, screen.height() - 40)  # not the 400-high minimum Qt left
