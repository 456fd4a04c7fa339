"""What an intake clerk pastes or types plainly into a search box finds what the entry form
took (tester t4, stop 34):

- a Uyghur name without its dot, 买买提艾力 (and 买买提艾力职工创新工作室), found nothing on
  专利助推, 创新项目, 工作室 and 单位与人员→人员 while every dot, a space and 艾力 did: the
  searches leave the dot out now, of the texts stored before too (no register rebuilt);
- a patent number the form accepts (2021101234567, ZL2021101234567, CN202110123456.7,
  CN 2021 1 0123456.7) found no row, and 打印's 申报 box and `print approval --ref` said
  登记册中没有这项申报: each reads it as the form does (``app_refs``);
- 人员 missed a telephone number and an ID written as the form takes them: 138-0013-8000,
  +86 13800138000, +86 138-0013-8000, 653101-19920505-443X."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from test_ui_support import (
    answers,
    ctx,
    focused,
    press,
    qsettings,
    to_people_tab,
    type_text,
    window,
)

from boostdesk.models import Register
from boostdesk.models.campaign import DISTRICT
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.ui import queries
from boostdesk.ui.queries import PATENT_SPEC, PROJECT_SPEC, Filters
from boostdesk.ui.search_keys import Searcher

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
NAME = "买买提·艾力"
PLAIN = "买买提艾力"
STUDIO = "买买提•艾力 职工创新工作室"  # as pasted: a bullet for the dot, a space
ID = "65310119920505443X"
PHONE = "13800138000"
NUMBER = "ZL 2021 1 0123456.7"  # as the certificate is copied: ZL202110123456.7
NUMBER_FORMS = ["2021101234567", "ZL2021101234567", "CN202110123456.7", "CN 2021 1 0123456.7",
                "ZL202110123456.7", "202110123456.7", "ZL２０２１１０１２３４５６．７",
                "zl 202110123456-7"]


def _papers(reg: Register) -> tuple[int, int]:
    patent = reg.save_patent(PatentApplication(
        2022, title="一种焊缝缺陷的超声检测方法", patent_number_raw=NUMBER,
        grant_date=date(2021, 9, 1), inventor_name="买买提.艾力", id_number=ID, phone=PHONE,
        unit_name="中国航天科工集团第二研究院（北京）工会", enterprise_name="北京新疆（集团）有限公司"))
    project = reg.save_project(ProjectApplication(
        campaign_year=2022, title="基于机器视觉的焊缝缺陷在线检测系统", studio_name=STUDIO,
        studio_level=DISTRICT, leader="买买提.艾力", unit_name="中国航天科工集团第二研究院（北京）工会",
        enterprise_name="北京新疆（集团）有限公司", approval_date=date(2022, 3, 1),
        startup_funds_paid=True, planned_completion=date(2024, 12, 31),
        total_budget_fen=50_000_000, requested_fen=10_000_000, contact_name="古丽·阿不都",
        contact_phone="+86 138-0013-8000", received_date=date(2022, 10, 20)))
    # others, so that a search shows fewer rows than the list
    reg.save_patent(PatentApplication(
        2022, title="一种管道裂纹检测方法", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 3, 5), inventor_name="张伟", id_number="110105198001010016",
        phone="13911112222", unit_name="海淀区总工会", enterprise_name="北京中科智测科技有限公司"))
    reg.save_project(ProjectApplication(
        campaign_year=2022, title="转炉炼钢终点碳温预测模型开发", studio_name="李红兵劳模创新工作室",
        studio_level=DISTRICT, leader="李红兵", unit_name="首钢集团工会",
        enterprise_name="首钢智能装备制造有限公司", approval_date=date(2022, 3, 5),
        startup_funds_paid=True, planned_completion=date(2023, 11, 30),
        total_budget_fen=30_000_000, requested_fen=10_000_000, contact_name="张丽",
        contact_phone="010-83570885", received_date=date(2022, 10, 20)))
    return patent, project


def _found(reg: Register, spec, text: str) -> tuple[list[int], list[int]]:
    """The register view's search in SQL and from memory (they must agree)."""
    filters = Filters(text=text)
    return (queries.search_ids(reg, spec, 2022, filters),
            Searcher(reg, spec).search_ids(2022, filters))


# -- 1. the name without its dot ---------------------------------------------------------
@pytest.mark.parametrize("typed", [PLAIN, "买买提·艾力", "买买提.艾力", "买买提 艾力", "艾力",
                                   "买买提艾"])
def test_the_register_finds_the_name_typed_without_its_dot(reg, typed):
    patent, project = _papers(reg)
    assert _found(reg, PATENT_SPEC, typed) == ([patent], [patent])
    assert _found(reg, PROJECT_SPEC, typed) == ([project], [project])


def test_the_studio_typed_without_its_dot_or_space_finds_the_project(reg):
    _patent, project = _papers(reg)
    for typed in ("买买提艾力职工创新工作室", "买买提·艾力职工创新工作室", "提艾力职工"):
        assert _found(reg, PROJECT_SPEC, typed) == ([project], [project]), typed


def test_texts_stored_with_the_dot_are_found_without_it_no_rebuild(reg):
    """A register saved before keeps 买买提·艾力 in its search texts: found by 买买提艾力 in
    SQL, from memory, and from memory after a save there patched in (its text read again)."""
    patent, project = _papers(reg)
    searcher = Searcher(reg, PATENT_SPEC)
    assert searcher.search_ids(2022, Filters(text="焊缝")) == [patent]  # the memory made

    def as_stored_before() -> None:
        for table in ("patent_applications", "project_applications"):
            reg.conn.execute(f"UPDATE {table} SET search_text = replace(search_text, ?, ?)",
                             (PLAIN, NAME))
        reg.conn.commit()

    as_stored_before()
    assert reg.scalar("SELECT count(*) FROM patent_applications WHERE search_text LIKE ?",
                      (f"%{NAME}%",)) == 1
    assert searcher.search_ids(2022, Filters(text=PLAIN)) == [patent]  # the row patched
    for typed in (PLAIN, NAME, "买买提•艾力职工创新工作室"):
        expected = [] if "工作室" in typed else [patent]
        assert _found(reg, PATENT_SPEC, typed) == (expected, expected), typed
        assert _found(reg, PROJECT_SPEC, typed) == ([project], [project]), typed


def _pasted(qtbot, text: str) -> None:
    """The clipboard pasted into the focused box with Ctrl+V, as the clerk does."""
    QGuiApplication.clipboard().setText(text)
    press(qtbot, Qt.Key.Key_V, CTRL)


def _in_box(qtbot, window, number: int, text: str, *, paste: bool = True, shown=None):
    """Screen ``number`` (Ctrl+number), Ctrl+F, the text pasted (typed) over the box's;
    ``shown(screen)``: the rows the list shows, 2 before the search (the box cleared)."""
    window.nav.setFocus()
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
    screen = window.current_screen()
    to_people_tab(qtbot, screen)
    press(qtbot, Qt.Key.Key_F, CTRL)
    box = focused()
    assert screen.isAncestorOf(box) and box.objectName() == "search"
    if shown is not None:  # the box cleared (Esc) and the whole list shown first
        press(qtbot, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: shown(screen) == 2)
    if paste:
        _pasted(qtbot, text)
    else:
        type_text(qtbot, text)
    assert box.text() == text.strip()
    return screen


def test_every_search_box_finds_the_name_typed_without_its_dot(window, qtbot, reg, ctx):
    patent, project = _papers(reg)
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for typed in (PLAIN, "买买提艾力职工创新工作室"):
        for number, ids in ((1, [patent]), (2, [project])):
            if "工作室" in typed and number == 1:
                continue
            screen = _in_box(qtbot, window, number, typed, paste=number == 1)
            qtbot.waitUntil(lambda s=screen, i=ids: s.model.ids == i)
        studios = _in_box(qtbot, window, 3, typed, shown=lambda s: s.model.rowCount())
        qtbot.waitUntil(lambda s=studios: s.model.rowCount() == 1)
        assert studios.model.data(studios.model.index(0, 0)) == "买买提·艾力职工创新工作室"
    people = _in_box(qtbot, window, 4, PLAIN, shown=lambda s: s.people.rowCount())
    qtbot.waitUntil(lambda: people.people.rowCount() == 1)
    assert people.people.data(people.people.index(0, 0)) == NAME


# -- 2. a patent number as the form reads it ---------------------------------------------
@pytest.mark.parametrize("typed", NUMBER_FORMS)
def test_a_patent_number_is_one_fragment_as_the_form_reads_it(typed):
    from boostdesk.app_refs import patent_number

    assert patent_number(typed) == "ZL202110123456.7"
    assert queries.search_terms(typed) == ["202110123456.7"]
    assert queries.search_terms(f"焊缝 {typed} 艾力") == ["焊缝", "202110123456.7", "艾力"]


@pytest.mark.parametrize("typed", [*NUMBER_FORMS, "202110123456", "ZL202110123456"])
def test_the_register_finds_a_patent_number_written_as_the_form_takes_it(reg, typed):
    patent, _project = _papers(reg)
    assert _found(reg, PATENT_SPEC, typed) == ([patent], [patent])


def test_the_register_box_finds_a_pasted_number(window, qtbot, reg, ctx):
    patent, _project = _papers(reg)
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for typed in ("2021101234567", "CN 2021 1 0123456.7"):
        screen = _in_box(qtbot, window, 1, typed)
        qtbot.waitUntil(lambda s=screen: s.model.ids == [patent])


def _approved(reg: Register) -> int:
    patent, _project = _papers(reg)
    reg.set_status("patent", patent, "qualified")
    reg.set_status("patent", patent, "approved", award_fen=300_000,
                   approved_date=date(2022, 12, 20))
    return patent


@pytest.mark.parametrize("typed", NUMBER_FORMS)
def test_the_approval_sheet_is_found_by_the_number_as_the_form_reads_it(reg, typed):
    from boostdesk.printing.approval import load_sheets

    patent = _approved(reg)
    assert [s.app.id for s in load_sheets(reg, 2022, [typed])] == [patent]
    assert [s.app.id for s in load_sheets(reg, 2022, [f"{typed}，专利{patent}"])] == [patent]


def test_print_and_audit_ref_take_the_number_as_the_form_does(reg, tmp_path, capsys):
    from boostdesk.cli import main

    patent = _approved(reg)
    db = str(reg.path)
    reg.close()
    out = tmp_path / "x.pdf"
    for typed in ("2021101234567", "CN 2021 1 0123456.7"):
        assert main(["print", "approval", "--db", db, "--ref", typed, "--out", str(out)]) == 0
        assert "已生成审批表 1 页" in capsys.readouterr().out
        assert main(["audit", "--db", db, "--ref", typed]) == 0
        assert f"专利{patent}" in capsys.readouterr().out


def test_the_print_screens_box_previews_the_sheet_of_a_number_typed_plainly(ctx, qtbot, reg):
    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.ui.print_screen import PrintScreen

    _approved(reg)
    ctx.set_year(2022)
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))
    type_text(qtbot, "2021101234567", screen.refs)
    qtbot.keyClick(screen.refs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert not screen.error.text()
    assert screen.page_count == 1


# -- 3. a telephone number and an ID as the form takes them ------------------------------
@pytest.mark.parametrize(("typed", "read"), [
    ("138-0013-8000", PHONE), ("+86 13800138000", PHONE), ("+86 138-0013-8000", PHONE),
    ("0086 138 0013 8000", PHONE), ("138 0013 8000", PHONE), ("(010) 8357 0885", "010-83570885"),
    ("010-8357-0885", "010-83570885"), ("8357-0885", "83570885"),  # any area code's
    ("653101-19920505-443X", ID.lower()), ("653101 19920505 443x", ID.lower()),
    ("6531 0119 9205 0544 3X", ID.lower()),
])
def test_a_telephone_number_or_id_written_in_groups_is_one_fragment(typed, read):
    assert queries.search_terms(typed) == [read]
    assert queries.search_terms(f"艾力 {typed}") == ["艾力", read]


@pytest.mark.parametrize("words", [
    "13800138000", "2022", "2022 13800138000", "20220505", "202110123456", "1.5",
    "专利12", "2021-03-05", "653101", "6216 6100 0012 3456 780", "931001234", "2022 0505",
    "010 8357 0885",  # a landline's groups are found as they are (010-83570885)
])
def test_other_numbers_are_left_as_typed(words):
    from boostdesk.app_refs import fold_numbers

    split = words.lower().split()
    assert fold_numbers(split) == split


@pytest.mark.parametrize("typed", ["138-0013-8000", "+86 13800138000", "+86 138-0013-8000",
                                   "138 0013 8000", "13800138000", "653101-19920505-443X",
                                   "653101 19920505 443X", "65310119920505443x", PLAIN])
def test_the_people_list_finds_a_phone_or_id_as_the_form_takes_it(window, qtbot, reg, ctx,
                                                                    typed):
    _papers(reg)
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    people = _in_box(qtbot, window, 4, typed, shown=lambda s: s.people.rowCount())
    qtbot.waitUntil(lambda: people.people.rowCount() == 1)
    assert people.people.data(people.people.index(0, 0)) == NAME
