"""Text that looks like markup, formulas or control characters, as clerks type or paste it
(“A<B 与 C>D 的比较”, “<b>王</b>”, “=1+1”, Word's line break): shown and written as typed."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableView, QToolTip
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.models import ProjectApplication, Register
from boostdesk.ui import dialogs
from boostdesk.ui.dialogs import ask_text as real_ask_text
from boostdesk.ui.dialogs import ask_yes_no as real_ask_yes_no
from boostdesk.ui.elided_tips import plain_tips, tip_when_elided

__all__ = ["answers", "ctx", "qsettings", "window"]

TAGGED = "A<B 与 C>D 的比较"  # Qt reads “<B 与 C>” as a bold tag: “AD 的比较” in bold
IMAGE = "<img src=x>焊缝检测"

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def shown(text: str, label: QLabel | None = None) -> str:
    """What a label or tooltip shows of ``text``: read as HTML where Qt would."""
    fmt = label.textFormat() if label is not None else Qt.TextFormat.AutoText
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _answer_modal(qtbot, seen: list[str], button: str) -> None:
    """When the modal question opens: note what its text shows, then press ``button``."""
    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, look)
            return
        for label in box.findChildren(QLabel):
            if label.text():
                seen.append(shown(label.text(), label))
        if isinstance(box, QMessageBox):
            next(b for b in box.buttons() if b.text().split("(&")[0] == button).click()
        else:
            box.reject()
    QTimer.singleShot(0, look)


def test_deleting_a_project_with_a_tag_like_title_asks_about_it_as_typed(
        window, ctx, qtbot, monkeypatch):
    app_id = ctx.reg.save_project(ProjectApplication(
        campaign_year=ctx.year, title=TAGGED, studio_name="李明劳模创新工作室",
        unit_name="海淀区总工会", enterprise_name="北京精工机床有限公司"))
    monkeypatch.setattr(dialogs, "ask_yes_no", real_ask_yes_no)
    screen = window.screen_named("创新项目")
    screen.reload()
    assert screen.select_id(app_id)
    seen: list[str] = []
    _answer_modal(qtbot, seen, "不删除")
    screen.delete_current()
    question = next(t for t in seen if f"删除项目{app_id}" in t)
    assert f"“{TAGGED}”？\n只应删除录错的申报" in question  # the title, and its line break
    assert ctx.reg.scalar("SELECT count(*) FROM project_applications") == 1


def test_a_question_naming_a_project_shows_the_title_as_typed(qapp, qtbot):
    seen: list[str] = []
    _answer_modal(qtbot, seen, "")
    real_ask_text(None, "不通过资格审核", f"项目“{IMAGE}”不通过的理由：")
    assert f"项目“{IMAGE}”不通过的理由：" in seen


@pytest.mark.parametrize("make", [plain_tips, tip_when_elided])
def test_a_cells_tooltip_shows_a_title_as_typed(qapp, qtbot, make):
    model = QStandardItemModel(1, 1)
    item = QStandardItem("短")
    item.setToolTip(f"{TAGGED}\n李明劳模创新工作室")
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    make(view)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(model.index(0, 0))
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center()))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.isVisible()
    assert shown(QToolTip.text()) == f"{TAGGED}\n李明劳模创新工作室"
    QToolTip.hideText()


def test_a_cut_cells_tooltip_shows_its_text_as_typed(qapp, qtbot):
    title = IMAGE + "：" + "基于机器视觉的轨道车辆转向架焊缝缺陷在线检测系统" * 3
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem(title))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setColumnWidth(0, 80)
    tip_when_elided(view)
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(model.index(0, 0))
    QApplication.sendEvent(view.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())))
    assert shown(QToolTip.text()) == title
    QToolTip.hideText()


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def test_the_audit_export_keeps_a_pasted_line_break_and_an_operator_typed_with_equals(
        demo, tmp_path):
    reg = Register.open(demo, operator="=张三")
    try:
        # Word's Shift+Enter, pasted into the form
        reg.save_project(replace(reg.projects(2022)[0], title="焊缝检测\x0b第二行"), reason=WHY)
    finally:
        reg.close()
    out = tmp_path / "audit.xlsx"
    assert main(["audit", "--db", str(demo), "--out", str(out)]) == 0
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert [c.data_type for c in cells if c.value == "=张三"] == ["s"]
    assert any("焊缝检测第二行" in str(c.value) for c in cells)
    assert not [c for c in cells if c.data_type == "f"]


def test_the_statistics_keep_a_union_named_with_equals_as_text(demo, tmp_path):
    reg = Register.open(demo, operator="统计员")
    try:
        union = reg.query("SELECT name FROM units ORDER BY id LIMIT 1")[0]["name"]
        reg.rename_unit(union, "=某区总工会", "录入时多打了等号")
    finally:
        reg.close()
    out = tmp_path / "stats.xlsx"
    assert main(["stats", "--db", str(demo), "--out", str(out)]) == 0
    cells = [c for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows()
             for c in row]
    named = [c for c in cells if c.value == "=某区总工会"]
    assert named and {c.data_type for c in named} == {"s"}
    assert not [c for c in cells if c.data_type == "f"]


def _inked(font_file: str, ch: str) -> bool:
    from PIL import ImageFont

    from boostdesk.printing.fonts import fonts_dir

    return ImageFont.truetype(str(fonts_dir() / font_file), 24).getmask(ch).getbbox() is not None


def test_every_character_printed_leaves_ink():
    """“-30℃ 低温电池” printed as “-30 低温电池”: the shipped font maps ℃ to an empty glyph."""
    from boostdesk.printing import fonts

    text = "-30℃ 低温电池、Ⅴ型阀门、Ⅹ射线、5∼10℉、1\u212b 薄膜、吕ǎ"
    with fonts.noting_missing() as missing:
        runs = fonts.font_runs(text)
    files = {fonts.MAIN: fonts.MAIN_FILE, fonts.FALLBACK: fonts.FALLBACK_FILE}
    blank = [ch for font, run in runs for ch in run
             if not ch.isspace() and not _inked(files[font], ch)]
    assert blank == []
    drawn = "".join(run for _font, run in runs)
    assert drawn == "-30°C 低温电池、V型阀门、X射线、5～10°F、1Å 薄膜、吕〓"
    assert missing == [text]  # the pinyin ǎ has no equivalent: 〓, and said so
    assert "ǎ 不在所附字体中" in fonts.missing_note(missing)


def test_the_blank_glyphs_listed_are_the_fonts():
    from boostdesk.printing import fonts

    assert [ch for ch in fonts.BLANK_IN_MAIN if _inked(fonts.MAIN_FILE, ch)] == []
    assert all(_inked(fonts.MAIN_FILE, ch) for ch in "".join(fonts.DRAWN_AS.values()))


def test_an_approval_sheet_prints_degrees_as_the_text_measures_them(tmp_path):
    from boostdesk.printing.canvas_text import text_width, wrap

    text = "-30℃低温电池" * 8
    assert text_width("℃", 10) == text_width("°C", 10)
    assert "".join(wrap(text, 120, 10)) == text


def test_a_row_pasted_with_invisible_characters_reads_as_it_looks(tmp_path):
    """A zero-width space copied from WeChat or a web table, a direction mark from a Word
    table: the ID read as 19 characters (“应为 18 位”) while 18 showed, the union was a
    second 北京市海淀区总工会 that looked the same as the first."""
    from fixtures.summary_sheets import ID_1, INVENTION_2, PATENT_HEADERS, patent_row, write_sheet

    from boostdesk.io.importer import read_table

    path = write_sheet(tmp_path / "pasted.xlsx", [
        PATENT_HEADERS,
        patent_row(),
        patent_row(专利号=INVENTION_2, 身份证号=f"\u202d{ID_1}\u200b",
                   推荐单位="北京市海淀区总工会\u200b", 第一发明人="张\u200d三\ufeff"),
    ])
    preview = read_table(path, 2022)
    assert preview.errors == [] and preview.rows == [2, 3]
    first, second = preview.records
    assert (second.id_number, second.unit_name, second.inventor_name) == (
        first.id_number, first.unit_name, first.inventor_name)
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    with Register.open(db) as reg:
        assert reg.scalar("SELECT count(*) FROM units") == 1
        assert reg.scalar("SELECT count(*) FROM people") == 1


def test_a_form_typed_with_invisible_characters_is_the_same_union_and_a_valid_id(reg):
    """The form's paste goes through the register's name tidying and the ID check."""
    from fixtures.summary_sheets import ID_1

    from boostdesk.validate import ValidationError, check_resident_id

    for pasted in (f"{ID_1}\u200b", f"\u202d{ID_1}\u202c", f"\ufeff{ID_1}"):
        try:
            assert check_resident_id(pasted) == ID_1
        except ValidationError as exc:  # 应为 18 位，实为 19 位 while 18 showed
            pytest.fail(exc.message)
    first = reg.ensure_unit("北京市海淀区总工会")
    assert reg.ensure_unit("北京市海淀区总工会\u200b") == first
    assert reg.ensure_unit("\u200e北京市海淀区总工会") == first


def _people_and_studios(reg) -> None:
    from fixtures.summary_sheets import patent_no, resident_id

    from boostdesk.models.records import PatentApplication

    with reg.transaction():
        for n, (name, enterprise) in enumerate((("张三", "百分百%科技有限公司"),
                                                ("李四", "北京某某科技有限公司"),
                                                ("王五", "ABC精密机械有限公司"))):
            reg.save_patent(PatentApplication(
                2022, title=f"装置{n}", patent_number_raw=patent_no(f"2021100{n:05d}"),
                inventor_name=name, id_number=resident_id(f"11010519800101{n:03d}"),
                enterprise_name=enterprise, unit_name="北京市建设工会"))
        for studio in ("5G创新工作室", "李明劳模创新工作室"):
            reg.save_project(ProjectApplication(2022, title=studio[:2], studio_name=studio,
                                                unit_name="北京市建设工会"))


def test_searching_people_for_a_percent_or_an_underscore_finds_those_typed(window, ctx, qtbot):
    """“%” typed in 人员's search box showed everyone, “_” everyone with a name (SQL LIKE's
    wildcards); the register screens' box took them as text."""
    from test_ui_support import type_text

    _people_and_studios(ctx.reg)
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)
    model = screen.people_view.model()
    assert model.rowCount() == 3
    screen.search.setFocus()
    type_text(qtbot, "%", screen.search)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, 0).data() == "张三"
    screen.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    type_text(qtbot, "_", screen.search)
    qtbot.waitUntil(lambda: model.rowCount() == 0)


def test_a_search_typed_in_full_width_finds_the_names_stored_in_half_width(window, ctx, qtbot):
    """An input method left in full-width mode types ５Ｇ and ＡＢＣ; the names are stored
    folded (5G, ABC), and the register screens' search folds what is typed alike."""
    from test_ui_support import type_text

    _people_and_studios(ctx.reg)
    studios = window.screen_named("工作室")
    assert studios.model.rowCount() == 2
    studios.search.setFocus()
    type_text(qtbot, "５Ｇ", studios.search)
    qtbot.waitUntil(lambda: studios.model.rowCount() != 2)
    assert studios.model.rowCount() == 1 and studios.model.text(0, 0) == "5G创新工作室"
    people = window.screen_named("单位与人员")
    people.tabs.setCurrentIndex(1)
    people.enterprise_search.setFocus()
    type_text(qtbot, "ａｂｃ", people.enterprise_search)
    enterprises = people.enterprise_view.model()
    qtbot.waitUntil(lambda: enterprises.rowCount() == 1)
    assert "ABC精密机械有限公司" in enterprises.index(0, 0).data()


def test_the_ranking_names_a_tier_typed_with_angle_brackets_as_typed(reg, tmp_path, qtbot):
    """名额's line is HTML (the counts in bold): a tier named in 设置 “一档<重点>” lost “<重点>”."""
    from test_ui_support import year_context

    from boostdesk.ui.panel_screen import PanelScreen
    from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, name=f"{t.name}<重点>") if t.name == "5万元" else t for t in c.tiers)))
    a = make_project(reg, "第一名", "工作室甲", CITY)
    to_review(reg, a)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {a: 90})
    screen = PanelScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(screen)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert "；5万元<重点>（市级）0/20；" in shown(tab.quotas.text(), tab.quotas)


def test_the_status_bar_names_the_operator_as_typed(window, ctx):
    ctx.set_operator("王<B>组")
    window.update_counts()
    label = window.operator_label
    assert shown(label.text(), label) == "　操作人：王<B>组"


def test_a_title_pasted_with_line_breaks_is_stored_as_the_importer_reads_it(ctx, qtbot):
    """Copied from an Excel cell written over two lines (Alt+Enter) or a Word table: the
    form kept the line break and tab, a table's import of the same title made one space
    of each, and a resent table then showed the title as changed."""
    from PySide6.QtGui import QGuiApplication

    from boostdesk.ui.project_form import ProjectForm

    form = ProjectForm(ctx)
    qtbot.addWidget(form)
    title = form.editor("title")
    QGuiApplication.clipboard().setText("基于机器视觉的\n焊缝\t检测\u200b装置\x01")
    title.setFocus()
    title.paste()
    values, _problems = form.values()
    # the line break between two hanzi joins them (Chinese has no spaces between words);
    # the tab, a Word table's cell edge, ends the title: the next cell is another fact
    # (tests/test_ui_paste.py), said beside the field
    assert values["title"] == "基于机器视觉的焊缝"
    assert form.editor("title").pasted.endswith("其余未填入：“检测装置”")

