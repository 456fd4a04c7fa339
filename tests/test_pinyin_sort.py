"""Chinese columns sort in pinyin order, as Excel and WPS sort them: a header click on
申报人, 工作室, 推荐单位, 项目名称, people, units, studios shows 安 < 白 < 陈 < 李 < 王 < 张,
not the code-point order (张 U+5F20 before 李 U+674E before 王 U+738B...)."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from test_ui_support import answers, ctx, qsettings, window

from boostdesk import pinyin_order
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.safety.session import open_read_only
from boostdesk.ui import queries
from boostdesk.ui.queries import Filters
from boostdesk.ui.rows_model import RowsModel

__all__ = ["answers", "ctx", "qsettings", "window"]

PINYIN = ["安宁", "白云", "陈晨", "李四", "王五", "张三"]  # an, bai, chen, li, wang, zhang
SHUFFLED = ["张三", "李四", "王五", "陈晨", "安宁", "白云"]
UNITS = ["朝阳区总工会", "北京市建设工会", "海淀区总工会", "东城区总工会", "丰台区总工会"]
UNITS_PINYIN = ["北京市建设工会", "朝阳区总工会", "东城区总工会", "丰台区总工会", "海淀区总工会"]


def click_header(view, column: int) -> None:
    """A click on a column's header, as the clerk does it."""
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def shown(view, column: int) -> list[str]:
    model = view.model()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def column_of(view, header: str) -> int:
    model = view.model()
    return next(c for c in range(model.columnCount())
                if model.headerData(c, Qt.Orientation.Horizontal) == header)


def add_patents(reg) -> None:
    with reg.transaction():
        for n, (name, unit) in enumerate(zip(SHUFFLED, UNITS + ["北京市建设工会"], strict=True)):
            reg.save_patent(PatentApplication(
                2022, title=f"{name[0]}式焊接装置", patent_number_raw=f"ZL 2021 1 {n:07d}",
                inventor_name=name, unit_name=unit))


def add_projects(reg) -> None:
    with reg.transaction():
        for name in SHUFFLED:
            reg.save_project(ProjectApplication(
                2022, title=f"{name}数控改造", studio_name=f"{name}创新工作室", leader=name,
                unit_name="北京市建设工会"))


# -- the order itself ------------------------------------------------------------------------
def test_hanzi_sort_by_pinyin_digits_and_letters_first():
    assert sorted(SHUFFLED, key=pinyin_order.sort_key) == PINYIN
    mixed = ["张三", "ABB公司", "5G创新工作室", "abc", "（筹）", "Zoe", "１０号", "安宁"]
    assert sorted(mixed, key=pinyin_order.sort_key) == [
        "（筹）", "１０号", "5G创新工作室", "ABB公司", "abc", "Zoe", "安宁", "张三"]
    assert pinyin_order.sort_key("ABC") == pinyin_order.sort_key("abc")  # case ignored
    assert pinyin_order.sort_key("ＡＢ１") == pinyin_order.sort_key("ab1")  # full width too


def test_same_syllable_by_tone_and_lu_before_lv_before_luan():
    assert sorted(["路", "卢", "驴", "栾", "鲁", "略"], key=pinyin_order.sort_key) == [
        "卢", "鲁", "路", "驴", "栾", "略"]  # lú lǔ lù, lǘ, luán, lüè
    assert sorted(["张三", "张", "张三丰", "长城", "陈"], key=pinyin_order.sort_key) == [
        "长城", "陈", "张", "张三", "张三丰"]  # 长城 under C; a name before its extension
    assert pinyin_order.sort_key(None) is None


def test_a_hanzi_without_a_reading_sorts_after_the_read_ones_not_among_symbols():
    # 𠮷 (U+20BB7, in 𠮷野家) has no pypinyin reading; 䶿 neither, in the BMP
    assert sorted(["𠮷野", "张三", "（筹）", "1号", "Zoe", "䶿"], key=pinyin_order.sort_key) == [
        "（筹）", "1号", "Zoe", "张三", "䶿", "𠮷野"]


def test_a_compatibility_ideograph_sorts_as_the_hanzi_it_looks_like():
    # 金 U+F90A and 李 U+F9E1 (pasted from a Korean or Japanese source) read jīn and lǐ: a
    # title beginning with one sorted after every read hanzi, 金 after 张
    compat_jin, compat_li = "\uf90a", "\uf9e1"
    assert sorted([f"{compat_jin}属切削", "张力控制", f"{compat_li}氏工法", "马达"],
                  key=pinyin_order.sort_key) == [
        f"{compat_jin}属切削", f"{compat_li}氏工法", "马达", "张力控制"]
    assert pinyin_order.sort_key(compat_jin) == pinyin_order.sort_key("金")


def test_an_extension_i_hanzi_sorts_after_the_read_ones_not_before_the_digits():
    # U+2EBF0 (CJK Extension I, Unicode 15.1) is unknown to older Pythons' unicodedata
    assert sorted(["\U0002ebf0某", "1号", "张三"], key=pinyin_order.sort_key) == [
        "1号", "张三", "\U0002ebf0某"]


def test_without_pypinyin_hanzi_keep_code_point_order_after_letters(monkeypatch):
    """A build missing pypinyin's data still sorts: hanzi by code point, after letters."""
    monkeypatch.setattr(pinyin_order, "_readings", dict)
    pinyin_order.table.cache_clear()
    try:
        assert sorted(["张三", "李四", "Zoe", "1号"], key=pinyin_order.sort_key) == [
            "1号", "Zoe", "张三", "李四"]
    finally:
        pinyin_order.table.cache_clear()


def test_the_window_starts_without_reading_pinyin():
    code = ("import sys; import boostdesk.ui.main_window, boostdesk.ui.queries,"
            " boostdesk.pinyin_order as p; from boostdesk.models import Register;"
            " Register.open(':memory:');"
            " p.sort_key('Zoe 1'); print('pypinyin' in sys.modules, p.table.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.split() == ["False", "0"]


def test_opening_the_window_reads_no_pinyin(tmp_path):
    """The window on a register of Chinese units and names: the first screen (专利助推, its
    推荐单位 filter filled) shows without building the pinyin table; a header click builds it."""
    from boostdesk.models import Register

    with Register.open(tmp_path / "r.db") as reg:
        add_patents(reg)
    code = f"""
import sys
from PySide6.QtCore import QSettings
from boostdesk import pinyin_order
from boostdesk.models import Register
from boostdesk.ui.app import make_application
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow
app = make_application()
reg = Register.open({str(tmp_path / "r.db")!r})
ctx = AppContext(reg, settings=QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
window = MainWindow(ctx)
window.show()
app.processEvents()
screen = window.screen_named("专利助推")
before = pinyin_order.table.cache_info().currsize
screen.unit.showPopup()
print(screen.unit.count(), before, pinyin_order.table.cache_info().currsize)
print([screen.unit.itemText(i) for i in range(1, screen.unit.count())])
ctx.shutdown()
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert out.returncode == 0, out.stderr
    counts, units = out.stdout.splitlines()[-2:]
    assert counts.split() == ["6", "0", "1"]  # built when the list opens, not before
    assert units == repr(UNITS_PINYIN)


# -- the register views ----------------------------------------------------------------------
def test_a_click_on_the_inventor_header_sorts_by_pinyin(window, ctx):
    add_patents(ctx.reg)
    screen = window.screen_named("专利助推")
    screen.run_search()
    view = screen.table
    person = column_of(view, "第一发明人")
    click_header(view, person)
    assert shown(view, person) == PINYIN
    click_header(view, person)
    assert shown(view, person) == PINYIN[::-1]
    unit = column_of(view, "推荐单位")
    click_header(view, unit)
    assert shown(view, unit) == sorted(UNITS + ["北京市建设工会"], key=UNITS_PINYIN.index)
    title = column_of(view, "专利名称")
    click_header(view, title)
    assert [t[0] for t in shown(view, title)] == [n[0] for n in PINYIN]


def test_a_click_on_the_studio_header_sorts_by_pinyin(window, ctx):
    add_projects(ctx.reg)
    screen = window.screen_named("创新项目")
    screen.run_search()
    view = screen.table
    for header, suffix in (("工作室", "创新工作室"), ("领衔人", ""), ("项目名称", "数控改造")):
        column = column_of(view, header)
        click_header(view, column)
        assert shown(view, column) == [n + suffix for n in PINYIN], header


def test_the_unit_filter_lists_units_by_pinyin(window, ctx):
    add_patents(ctx.reg)
    screen = window.screen_named("专利助推")
    screen.unit.showPopup()  # the clerk opens the 推荐单位 list
    listed = [screen.unit.itemText(i) for i in range(1, screen.unit.count())]
    assert listed == UNITS_PINYIN


def test_in_memory_search_keeps_the_pinyin_order(ctx):
    add_patents(ctx.reg)
    from boostdesk.ui.search_keys import Searcher

    searcher = Searcher(ctx.reg, queries.PATENT_SPEC)
    for descending in (False, True):
        ids = searcher.search_ids(2022, Filters("式"), "person", descending)
        assert ids == queries.search_ids(ctx.reg, queries.PATENT_SPEC, 2022, Filters("式"),
                                         "person", descending)
        names = [ctx.reg.patent(i).inventor_name for i in ids]
        assert names == (PINYIN[::-1] if descending else PINYIN)


def test_a_read_only_register_sorts_by_pinyin_too(reg):
    add_patents(reg)
    other = open_read_only(reg.path, "查看员", None)
    try:
        ids = queries.search_ids(other, queries.PATENT_SPEC, 2022, Filters(), "person")
        assert [reg.patent(i).inventor_name for i in ids] == PINYIN
    finally:
        other.close()


# -- lists computed by the domain --------------------------------------------------------------
def test_rows_model_sorts_chinese_cells_by_pinyin(qtbot):
    from PySide6.QtWidgets import QTableView

    model = RowsModel(("姓名", "金额"), sorted_on_load=False)
    model.set_rows([(n, (name, str(n))) for n, name in enumerate(SHUFFLED)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.show()
    qtbot.waitExposed(view)
    click_header(view, 0)
    assert shown(view, 0) in (PINYIN, PINYIN[::-1])
    if shown(view, 0) != PINYIN:
        click_header(view, 0)
    assert shown(view, 0) == PINYIN
    click_header(view, 1)  # numbers still by value
    click_header(view, 1)
    assert shown(view, 1)[0] == "5"


def test_people_and_units_sort_by_pinyin(window, ctx):
    add_patents(ctx.reg)
    screen = window.screen_named("单位与人员")
    screen.reload()
    assert shown(screen.unit_view, 0) == UNITS_PINYIN  # sorted on load by name
    screen.tabs.setCurrentIndex(2)
    view = screen.people_view
    assert shown(view, 0) == PINYIN  # 姓名, ascending on open
    click_header(view, 0)
    assert shown(view, 0) == PINYIN[::-1]


def test_studios_sort_by_pinyin(window, ctx):
    add_projects(ctx.reg)
    screen = window.screen_named("工作室")
    screen.reload()
    assert shown(screen.table, 0) == [n + "创新工作室" for n in PINYIN]
    leader = column_of(screen.table, "领衔人")
    click_header(screen.table, leader)
    assert shown(screen.table, leader) == PINYIN


def test_a_blank_leader_sorts_last_both_ways(window, ctx):
    """As in Excel, and as a missing value does: a row with no 领衔人 typed is not the first
    row of an ascending sort."""
    with ctx.reg.transaction():
        for title, leader in (("甲项目", "张三"), ("乙项目", ""), ("丙项目", "李四")):
            ctx.reg.save_project(ProjectApplication(
                2022, title=title, studio_name=f"{title}工作室", leader=leader,
                unit_name="北京市建设工会"))
    screen = window.screen_named("创新项目")
    screen.run_search()
    view = screen.table
    leader = column_of(view, "领衔人")
    click_header(view, leader)
    assert shown(view, leader) == ["李四", "张三", ""]
    click_header(view, leader)
    assert shown(view, leader) == ["张三", "李四", ""]


def test_the_view_sorts_a_chinese_column_without_sqlite_calling_python_per_row(ctx):
    """At 80,000 patents SQLite calling pinyin_key once a row took twice the time of
    translating each distinct text once: the view's order is made in memory, and is the
    same as the SQL one, blanks, repeats, separators and all."""
    from boostdesk.ui.search_keys import Searcher

    reg = ctx.reg
    with reg.transaction():
        for n, (name, title, unit) in enumerate((
                ("张三", "", "朝阳区总工会"), ("李四", "Ａ型\x1f装置", ""), ("张三", "b型装置", ""),
                ("王五", "一种装置", "北京市建设工会"), ("安宁", "一种装置", "朝阳区总工会"),
                ("", "长城牌装置", "朝阳区总工会"))):
            reg.save_patent(PatentApplication(
                2022, title=title, patent_number_raw=f"ZL 2021 1 {n:07d}", inventor_name=name,
                unit_name=unit))
    reg.conn.execute("UPDATE patent_applications SET unit_id = NULL WHERE id = 2")
    calls: list[str] = []
    reg.conn.set_trace_callback(calls.append)
    searcher = Searcher(reg, queries.PATENT_SPEC)
    orders = {(key, down): searcher.search_ids(2022, Filters(), key, down)
              for key in ("person", "unit", "enterprise") for down in (False, True)}
    reg.conn.set_trace_callback(None)
    assert not [sql for sql in calls if "pinyin_key" in sql]
    for (key, down), ids in orders.items():
        assert ids == queries.search_ids(reg, queries.PATENT_SPEC, 2022, Filters(), key, down)
    for down in (False, True):  # a text holding the separator: SQL's order, read from SQL
        assert searcher.search_ids(2022, Filters(), "title", down) == queries.search_ids(
            reg, queries.PATENT_SPEC, 2022, Filters(), "title", down)
    projects = Searcher(reg, queries.PROJECT_SPEC)
    add_projects(reg)
    for key in ("studio", "leader", "title", "unit"):
        assert projects.search_ids(2022, Filters(), key, True) == queries.search_ids(
            reg, queries.PROJECT_SPEC, 2022, Filters(), key, True)


def test_two_hanzi_read_alike_by_their_syllable_tones_aside():
    """near_names takes 测式 for a slip of 测试 (shì, shì) and 首刚 of 首钢 (gāng, gāng),
    not 首农 of 首钢 (nóng)."""
    assert pinyin_order.sound_alike("式", "试") and pinyin_order.sound_alike("刚", "钢")
    assert pinyin_order.sound_alike("工", "公")  # gōng, gōng
    assert pinyin_order.sound_alike("买", "卖")  # mǎi, mài: tones aside
    assert not pinyin_order.sound_alike("钢", "农")
    assert not pinyin_order.sound_alike("力", "子")
    assert not pinyin_order.sound_alike("a", "a")  # not hanzi: no reading
