"""The lists a clerk picks from or reads, in pinyin order as Excel and WPS sort them (张 after
李 after 王), not by code point: completers, the 拨付 screen, `pay list`, `panel expert list`."""

from __future__ import annotations

from fixtures.summary_sheets import resident_id
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_finance import add_patent
from test_pinyin_sort import UNITS, UNITS_PINYIN
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models.records import ProjectApplication

__all__ = ["answers", "ctx", "qsettings", "window"]

# by code point: 东 丰 朝 海 (the units' first characters); by pinyin: chao dong feng hai
DISTRICTS_PINYIN = [u for u in UNITS_PINYIN if "区" in u]
NAMES = ["张三", "李四", "王五"]  # by code point 张 李 王
NAMES_PINYIN = ["李四", "王五", "张三"]


def add_unit_patents(reg) -> None:
    """One approved patent per union, entered in the shuffled order of ``UNITS``."""
    for n, unit in enumerate(UNITS):
        add_patent(reg, name=NAMES[n % 3], unit=unit, number=f"ZL20211012345{n}.{n}",
                   id_number=resident_id(f"1101051949123100{n % 3}"))


def popup_texts(field) -> list[str]:
    completer = field.completer()
    assert completer.popup().isVisible()
    model = completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


# -- completers ---------------------------------------------------------------------
def test_the_unit_completer_offers_units_in_pinyin_order(window, ctx, qtbot):
    add_unit_patents(ctx.reg)
    form = open_new_form(qtbot, window, 0)
    unit = form.rows["unit_name"].editor
    assert QApplication.focusWidget() is unit
    type_text(qtbot, "区", unit)
    qtbot.waitUntil(lambda: unit.completer().popup().isVisible())
    assert popup_texts(unit) == DISTRICTS_PINYIN
    qtbot.keyClick(unit.completer().popup(), Qt.Key.Key_Escape)
    unit.clear()
    type_text(qtbot, "海淀", unit)  # a name's beginning still finds it
    qtbot.waitUntil(lambda: unit.completer().popup().isVisible())
    assert popup_texts(unit) == ["海淀区总工会"]


def test_the_studio_completer_offers_studios_in_pinyin_order(window, ctx, qtbot):
    with ctx.reg.transaction():
        for name in NAMES:
            ctx.reg.save_project(ProjectApplication(
                2022, title=f"{name}项目", studio_name=f"{name}创新工作室", leader=name,
                unit_name="北京市建设工会"))
    form = open_new_form(qtbot, window, 1)
    studio = form.rows["studio_name"].editor
    studio.setFocus()
    type_text(qtbot, "工作室", studio)
    qtbot.waitUntil(lambda: studio.completer().popup().isVisible())
    assert popup_texts(studio) == [n + "创新工作室" for n in NAMES_PINYIN]
    qtbot.keyClick(studio.completer().popup(), Qt.Key.Key_Down)  # the first offered
    qtbot.keyClick(studio.completer().popup(), Qt.Key.Key_Return)
    qtbot.keyClick(studio, Qt.Key.Key_Tab)  # the form fills the studio in while it is open
    assert studio.text() == "李四创新工作室"


def test_the_inventor_completer_offers_people_in_pinyin_order(window, ctx, qtbot):
    add_unit_patents(ctx.reg)
    form = open_new_form(qtbot, window, 0)
    inventor = form.rows["inventor_name"].editor
    inventor.setFocus()
    assert inventor.completer().model().stringList() == NAMES_PINYIN
    type_text(qtbot, "王", inventor)
    qtbot.waitUntil(lambda: inventor.completer().popup().isVisible())
    assert popup_texts(inventor) == ["王五"]


def test_studios_and_their_earlier_awards_come_in_pinyin_order(reg):
    from boostdesk.models.records import StudioAward

    for name in NAMES:
        reg.add_studio_award(StudioAward(f"{name}创新工作室", 2021, "往年项目", 5_000_000, True))
    assert [s.name for s in reg.studios()] == [n + "创新工作室" for n in NAMES_PINYIN]
    assert [a.studio_name for a in reg.studio_awards()] == [n + "创新工作室" for n in NAMES_PINYIN]
