"""The lists a clerk picks from or reads, in pinyin order as Excel and WPS sort them (张 after
李 after 王), not by code point: completers, the 拨付 screen, `pay list`, `panel expert list`."""

from __future__ import annotations

import json

import pytest
from fixtures.summary_sheets import resident_id
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from test_finance import add_patent, add_project
from test_pinyin_sort import UNITS, UNITS_PINYIN
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.finance.lines import payers_of
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import Register
from boostdesk.models.records import ProjectApplication
from boostdesk.panel.experts import Expert, save_expert
from boostdesk.ui.context import AppContext
from boostdesk.ui.payments_screen import COLUMNS, PaymentsScreen

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


# -- the 拨付 screen and `pay list` ----------------------------------------------------
def test_the_payment_screen_lists_unions_and_its_payer_list_in_pinyin_order(reg, tmp_path,
                                                                            qtbot):
    add_unit_patents(reg)
    context = AppContext(reg, 2022, settings=QSettings(str(tmp_path / "s.ini"),
                                                       QSettings.Format.IniFormat))
    screen = PaymentsScreen(context)
    qtbot.addWidget(screen)
    payers = [screen.payer.itemText(i) for i in range(screen.payer.count())]
    assert payers == ["全部", "北京市总工会", *UNITS_PINYIN]
    column = COLUMNS.index("推荐单位")
    shown = [screen.model.text(r, column) for r in range(screen.model.rowCount())]
    assert list(dict.fromkeys(shown)) == UNITS_PINYIN  # the screen opens grouped by union


def test_payers_of_puts_the_federation_first_then_unions_by_pinyin(reg):
    add_unit_patents(reg)
    add_project(reg, unit="张家口市总工会")
    sync_plan(reg, 2022)
    assert [name for _, name in payers_of(payment_lines(reg, 2022))] == [
        "北京市总工会", *UNITS_PINYIN, "张家口市总工会"]


def test_pay_list_names_the_unions_in_pinyin_order(tmp_path, capsys):
    db = tmp_path / "r.db"
    with Register.open(db) as reg:
        add_unit_patents(reg)
    assert main(["pay", "list", "--db", str(db), "--year", "2022", "--json"]) == 0
    payers = [x["payer"] for x in json.loads(capsys.readouterr().out) if x["payer"] != "北京市总工会"]
    assert list(dict.fromkeys(payers)) == UNITS_PINYIN
    assert main(["pay", "list", "--db", str(db), "--year", "2022", "--payer", "区"]) == 1
    assert "、".join(DISTRICTS_PINYIN) in capsys.readouterr().err  # “区”可指 … in pinyin order


# -- the expert panel ---------------------------------------------------------------
def test_panel_expert_list_and_status_name_experts_in_pinyin_order(tmp_path, capsys):
    db = tmp_path / "r.db"
    args = ["--db", str(db)]
    for name in NAMES:
        assert main(["panel", "expert", "add", name, *args]) == 0
    capsys.readouterr()
    assert main(["panel", "expert", "list", *args]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == NAMES_PINYIN
    assert main(["panel", "status", *args, "--json"]) == 0
    assert [e["expert"] for e in json.loads(capsys.readouterr().out)["experts"]] == NAMES_PINYIN


def test_an_unknown_expert_is_answered_with_the_panel_in_pinyin_order(reg):
    from boostdesk.panel.experts import PanelError, expert_by_name

    for name in NAMES:
        save_expert(reg, 2022, Expert(name, "", "", ""))
    with pytest.raises(PanelError, match="已有：李四、王五、张三"):
        expert_by_name(reg, 2022, "赵六")


def test_rank_names_the_experts_still_to_score_in_pinyin_order(tmp_path, capsys):
    from test_panel_support import make_project

    from boostdesk.panel.experts import assign

    db = tmp_path / "r.db"
    with Register.open(db, operator="测试员") as reg:
        pid = make_project(reg, "数控机床精度补偿", "李四创新工作室")
        reg.set_status("project", pid, "qualified")
        for name in NAMES:
            assign(reg, save_expert(reg, 2022, Expert(name, "", "", "")), pid)
    assert main(["rank", "--db", str(db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["rows"] if isinstance(out, dict) else out
    assert [r["missing_experts"] for r in rows] == [NAMES_PINYIN]  # 已交 0/3，缺 李四、王五、张三
