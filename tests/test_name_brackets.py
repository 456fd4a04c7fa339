"""A Chinese name's brackets are full-width, as its licence and bank account write them:
北京新疆（集团）有限公司 typed, pasted or sent in a table with (), （） or a mix is stored, shown,
printed and exported so, and is still the one union, enterprise or studio it was, found
whichever brackets are typed. A Latin name keeps ASCII brackets (5G Lab (Beijing))."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from datetime import date

import openpyxl
import pytest
from fixtures.summary_sheets import (
    CARD_1,
    CARD_2,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)
from test_printing import pdf_text, squash
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.io.batch import new_unions
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.models import CITY, PatentApplication, ProjectApplication, Register
from boostdesk.models.records import PROJECT
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.models.search_text import search_key
from boostdesk.panel.experts import (
    Expert,
    assign,
    assignment_conflicts,
    automatic_conflict,
    save_expert,
)
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.printing.payments import (
    build_payment_lists,
    resolve_payer,
    write_payments_pdf,
    write_payments_xlsx,
)
from boostdesk.ui.queries import PATENT_SPEC, PROJECT_SPEC, Filters, search_ids, search_terms
from boostdesk.validate import fold_name_brackets, tidy_name

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

GROUP = "北京新疆（集团）有限公司"
GROUP_UNION = "北京新疆（集团）工会"
PRINTED_ON = date(2023, 1, 20)


@pytest.mark.parametrize("typed", ["北京新疆(集团)有限公司", "北京新疆（集团）有限公司",
                                   "北京新疆（集团)有限公司", "北京新疆(集团）有限公司",
                                   "北京新疆 ( 集团 ) 有限公司", " 北京新疆（集团）有限公司\u200b"])
def test_a_hanzi_name_is_stored_with_full_width_brackets_whatever_was_typed(typed):
    assert tidy_name(typed) == GROUP


@pytest.mark.parametrize("typed, stored", [
    ("5G Lab (Beijing)", "5G Lab (Beijing)"),
    ("5G Lab （Beijing）", "5G Lab (Beijing)"),  # full-width typed in a Latin name: ASCII
    ("ＡＢＢ(中国)有限公司", "ABB（中国）有限公司"),
    ("买买提.艾力", "买买提·艾力"),
])
def test_a_latin_name_keeps_ascii_brackets_and_the_rest_is_tidied_as_before(typed, stored):
    assert tidy_name(typed) == stored
    assert tidy_name(stored) == stored  # stored once, tidied again it stays


def test_a_fragment_s_brackets_are_folded_as_the_stored_name_s():
    assert fold_name_brackets("新疆(集团") == "新疆（集团"
    assert fold_name_brackets("Lab （Bei") == "Lab (Bei"
    assert fold_name_brackets("(") == "("


# -- import ------------------------------------------------------------------------------
def test_tables_writing_the_brackets_either_way_make_one_enterprise_union_and_studio(
        tmp_path, reg):
    half = write_sheet(tmp_path / "half.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位="北京新疆(集团)工会", 所在单位="北京新疆(集团)有限公司")])
    full = write_sheet(tmp_path / "full.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位=GROUP_UNION, 所在单位=GROUP, 专利号=INVENTION_2, 第一发明人="李四",
        身份证号=ID_2, 工会会员互助服务卡号=CARD_2)])
    [first] = commit(reg, read_table(full, 2022))
    preview = read_table(half, 2022)
    assert new_unions(reg, preview) == []  # the union is known: not said to be new
    [second] = commit(reg, preview)
    assert [r[0] for r in reg.conn.execute("SELECT name FROM enterprises")] == [GROUP]
    assert [r[0] for r in reg.conn.execute("SELECT name FROM units")] == [GROUP_UNION]
    for app_id in (first, second):
        assert (reg.patent(app_id).enterprise_name, reg.patent(app_id).unit_name) == (
            GROUP, GROUP_UNION)
    projects = write_sheet(tmp_path / "p.xlsx", [
        PROJECT_HEADERS, project_row(工作室名称="新疆(集团)李四创新工作室"),
        project_row(序号=2, 工作室名称="新疆（集团）李四创新工作室", 项目名称="另一项目")])
    commit(reg, read_table(projects, 2022))
    assert [s.name for s in reg.studios()] == ["新疆（集团）李四创新工作室"]


def test_a_studio_typed_with_ascii_brackets_is_the_registered_one(reg):
    from boostdesk import intake

    reg.save_project(_project("新疆（集团）李四创新工作室"))
    assert reg.studio("新疆(集团)李四创新工作室") is not None
    assert intake.known_studio_for(reg, "新疆(集团)李四创新工作室") is None  # not asked: known


# -- the entry form ----------------------------------------------------------------------
def test_the_patent_form_typed_with_ascii_brackets_stores_full_width(window, qtbot, reg, answers):
    from PySide6.QtCore import Qt
    from test_ui_entry import open_new_form
    from test_ui_support import closed, fill, press

    from boostdesk.models.records import PATENT_MATERIALS

    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京新疆(集团)工会", "北京新疆(集团)有限公司", "一种焊缝缺陷的超声检测方法")
    fill(qtbot, INVENTION, "2021年3月5日", "张三", advance=Qt.Key.Key_Return)
    fill(qtbot, ID_1, CARD_1, "13800138000")
    fill(qtbot, "y", "y", "y")
    fill(qtbot, "智能装备", None, "2022-10-20")
    for _ in PATENT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert (app.unit_name, app.enterprise_name) == (GROUP_UNION, GROUP)
    assert reg.names("enterprises") == [GROUP]


def test_a_completer_offers_the_name_whichever_brackets_are_typed(qtbot):
    from PySide6.QtWidgets import QLineEdit

    from boostdesk.ui.form_widgets import make_completer

    edit = QLineEdit()
    qtbot.addWidget(edit)
    completer = make_completer([GROUP, "5G Lab (Beijing)", "北京中科智测科技有限公司"], edit)
    for typed, found in (("新疆(集团", GROUP), ("新疆（集团", GROUP), ("Lab (", "5G Lab (Beijing)"),
                         ("Lab （", "5G Lab (Beijing)")):
        completer.setCompletionPrefix(typed)
        assert completer.completionCount() == 1, typed
        assert completer.currentCompletion() == found


# -- search ------------------------------------------------------------------------------
def _patent(**kw) -> PatentApplication:
    facts = dict(title="一种焊缝缺陷的超声检测方法", patent_number_raw=INVENTION,
                 grant_date=date(2021, 3, 5), inventor_name="张三", id_number=ID_1,
                 card_number=CARD_1, frontline=True, service_invention=True,
                 applied_in_production=True, unit_name="北京新疆(集团)工会",
                 enterprise_name="北京新疆(集团)有限公司")
    facts.update(kw)
    return PatentApplication(2022, **facts)


def _project(studio: str = "新疆（集团）李四创新工作室", enterprise: str = "北京新疆(集团)有限公司",
             **kw) -> ProjectApplication:
    facts = dict(title="数控机床精度补偿", studio_name=studio, studio_level=CITY, leader="李四",
                 unit_name="北京新疆(集团)工会", enterprise_name=enterprise,
                 approval_date=date(2022, 3, 1), startup_funds_paid=True,
                 planned_completion=date(2023, 12, 31), total_budget_fen=300_000_00,
                 requested_fen=100_000_00, contact_name="王五", contact_phone="13800138000")
    facts.update(kw)
    return ProjectApplication(2022, **facts)


@pytest.mark.parametrize("typed", ["新疆(集团)", "新疆（集团）", "(集团)有限", "（集团"])
def test_the_search_box_finds_a_name_whichever_brackets_are_typed(reg, typed):
    patent = reg.save_patent(_patent())
    project = reg.save_project(_project())
    assert search_ids(reg, PATENT_SPEC, 2022, Filters(typed)) == [patent]
    assert search_ids(reg, PROJECT_SPEC, 2022, Filters(typed)) == [project]
    # the lists searched in memory (工作室, 所在单位) fold a stored name as the terms
    assert all(t in search_key(GROUP, "新疆（集团）李四创新工作室") for t in search_terms(typed))


def test_people_and_studios_screens_find_a_name_whichever_brackets_are_typed(ctx, qtbot):
    from boostdesk.ui.people_screen import PeopleModel, PeopleScreen
    from boostdesk.ui.studio_screen import StudioScreen

    ctx.reg.save_patent(_patent())
    ctx.reg.save_project(_project())
    for typed in ("新疆(集团", "新疆（集团"):
        model = PeopleModel(ctx.reg)
        model.search(typed)
        assert model.ids == [ctx.reg.person_by_id_number(ID_1).id], typed
        people = PeopleScreen(ctx)
        qtbot.addWidget(people)
        people.enterprise_search.setText(typed)
        people._filter_enterprises()
        assert people.enterprises.rowCount() == 1, typed
        studios = StudioScreen(ctx)
        qtbot.addWidget(studios)
        studios.search.setText(typed)
        studios.search_rows()
        assert studios.model.rowCount() == 1, typed


# -- printed and exported ----------------------------------------------------------------
def _approved_project(reg: Register) -> int:
    app_id = reg.save_project(_project())
    for step in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, app_id, step)
    reg.set_status(PROJECT, app_id, "approved", award_fen=100_000_00,
                   approved_date=date(2022, 12, 28))
    sync_plan(reg, 2022)
    return app_id


def test_payment_lists_and_the_approval_sheet_print_the_full_width_brackets(reg, tmp_path):
    app_id = _approved_project(reg)
    lists = build_payment_lists(reg, 2022, 1)
    assert [pl.payer_name for pl in lists][1:] == [GROUP_UNION]
    assert {x.payee for pl in lists for x in pl.lines} == {GROUP}
    pdf = tmp_path / "payments.pdf"
    write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    text = squash(pdf_text(pdf))
    assert GROUP in text and f"付款单位：{GROUP_UNION}" in text
    assert "(集团)" not in text
    xlsx = write_payments_xlsx(tmp_path / "payments.xlsx", lists, printed_on=PRINTED_ON)
    cells = {str(c.value) for ws in openpyxl.load_workbook(xlsx).worksheets
             for row in ws.iter_rows() for c in row if c.value is not None}
    assert GROUP in cells and any(GROUP_UNION in c for c in cells)
    assert not any("(集团)" in c for c in cells)
    sheets = load_sheets(reg, 2022)
    sheet = tmp_path / "approval.pdf"
    write_approval_pdf(sheet, sheets, printed_on=PRINTED_ON)
    text = squash(pdf_text(sheet))
    assert GROUP in text and GROUP_UNION in text and "(集团)" not in text
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    assert reg.project(app_id).enterprise_name == GROUP


def test_finance_asks_for_a_union_s_list_with_either_brackets(reg):
    _approved_project(reg)
    for typed in ("北京新疆(集团)工会", GROUP_UNION, "新疆(集团", "新疆（集团"):
        assert resolve_payer(reg, 2022, typed) == ("union", GROUP_UNION), typed


# -- the expert panel --------------------------------------------------------------------
@pytest.mark.parametrize("organisation", ["北京新疆(集团)有限公司", GROUP, "北京新疆（集团)有限公司"])
@pytest.mark.parametrize("enterprise", ["北京新疆(集团)有限公司", GROUP])
def test_an_expert_from_the_enterprise_is_in_conflict_whichever_brackets(
        reg, organisation, enterprise):
    project = reg.save_project(_project(enterprise=enterprise))
    expert = Expert("赵六", organisation, "机械", id=save_expert(reg, 2022, Expert(
        "赵六", organisation, "机械")))
    assert automatic_conflict(expert, reg.project(project)) == f"专家来自项目所在单位“{GROUP}”"


def test_a_latin_enterprise_meets_its_expert_whichever_brackets(reg):
    project = reg.save_project(_project(enterprise="5G Lab (Beijing)"))
    expert = Expert("赵六", "5G Lab （Beijing）")
    assert automatic_conflict(expert, reg.project(project)) is not None


def test_an_enterprise_corrected_to_the_expert_s_own_shows_the_conflict(reg):
    project = reg.save_project(_project(enterprise="北京新疆有限公司"))
    reg.set_status(PROJECT, project, "qualified")
    reg.set_status(PROJECT, project, "review")
    eid = save_expert(reg, 2022, Expert("赵六", "北京新疆(集团)有限公司", "机械"))
    # the names near (多了“集团”): asked before assigning, confirmed here
    aid = assign(reg, eid, project, near_confirmed=True)
    enterprise = reg.scalar("SELECT id FROM enterprises WHERE name = '北京新疆有限公司'")
    reg.correct_enterprise_name(enterprise, "北京新疆（集团）有限公司", "营业执照写法")
    assert list(assignment_conflicts(reg, 2022)) == [aid]


# -- migration 14 ------------------------------------------------------------------------
def test_the_upgrade_writes_stored_names_full_width_with_an_audit_line_each(tmp_path):
    """A register of schema 13 stored every name's brackets ASCII (NFKC); its names take
    the full-width ones, each change a line of the trail noted 登记册升级. A name another
    row already has (one written otherwise), or two rows coming to one name, are left as
    they are — neither merged nor failing — each with a line saying why."""
    from test_migrations import as_version

    path = tmp_path / "v13.db"
    reg = Register.open(path)
    patent = reg.save_patent(_patent())
    project = reg.save_project(_project(contact_name="王五(财务)"))
    reg.ensure_enterprise("北京昆仑(集团)有限公司")
    reg.ensure_unit("甲(集团)工会")
    reg.close()
    conn = sqlite3.connect(path)
    as_version(conn, 13)
    # what tidy_name would not have written, or an older release left (migration 7's OR IGNORE)
    conn.execute("INSERT INTO enterprises (name) VALUES ('北京昆仑（集团）有限公司')")
    conn.execute("INSERT INTO units (name, kind) VALUES ('甲 (集团)工会', '区')")
    conn.commit()
    names = {t: {r[0] for r in conn.execute(f"SELECT name FROM {t}")}
             for t in ("units", "enterprises", "studios")}
    assert "北京新疆(集团)有限公司" in names["enterprises"]
    conn.close()
    with Register.open(path, operator="升级员") as reg:
        assert reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
        got = reg.patent(patent)
        assert (got.unit_name, got.enterprise_name) == (GROUP_UNION, GROUP)
        got_project = reg.project(project)
        assert (got_project.studio_name, got_project.enterprise_name,
                got_project.contact_name) == ("新疆（集团）李四创新工作室", GROUP, "王五（财务）")
        assert {r[0] for r in reg.conn.execute("SELECT name FROM enterprises")} == {
            GROUP, "北京昆仑(集团)有限公司", "北京昆仑（集团）有限公司"}
        assert {r[0] for r in reg.conn.execute("SELECT name FROM units")} == {
            GROUP_UNION, "甲(集团)工会", "甲 (集团)工会"}
        lines = {(entity, json.loads(before)["name"], json.loads(after)["name"],
                  "reason" in json.loads(after))
                 for entity, before, after in reg.conn.execute(
                     "SELECT entity, before, after FROM audit_events WHERE note = '登记册升级'"
                     " AND operator = '升级员' AND entity NOT IN ('project_applications',"
                     " 'register')")}  # (the upgrade's own line: test_migrations)
        assert lines == {
            ("units", "北京新疆(集团)工会", GROUP_UNION, False),
            ("enterprises", "北京新疆(集团)有限公司", GROUP, False),
            ("studios", "新疆(集团)李四创新工作室", "新疆（集团）李四创新工作室", False),
            # kept as they were, and said so
            ("enterprises", "北京昆仑(集团)有限公司", "北京昆仑(集团)有限公司", True),
            ("units", "甲(集团)工会", "甲(集团)工会", True),
            ("units", "甲 (集团)工会", "甲 (集团)工会", True),
        }
        [contact] = reg.conn.execute(
            "SELECT before, after FROM audit_events WHERE note = '登记册升级' AND entity ="
            " 'project_applications' AND entity_id = ?", (project,)).fetchall()
        assert json.loads(contact[0]) == {"contact_name": "王五(财务)"}
        assert json.loads(contact[1]) == {"contact_name": "王五（财务）"}
        # the search texts fold brackets as NFKC does: the upgraded register still finds it
        assert search_ids(reg, PATENT_SPEC, 2022, Filters("新疆(集团")) == [patent]
        assert search_ids(reg, PATENT_SPEC, 2022, Filters("新疆（集团")) == [patent]
        # a later paper typed the old way is the same enterprise, not a new one
        reg.save_patent(_patent(patent_number_raw=INVENTION_2, inventor_name="李四",
                                id_number=ID_2, card_number=CARD_2))
        assert reg.scalar("SELECT COUNT(*) FROM enterprises WHERE name LIKE '北京新疆%'") == 1
        assert payment_lines(reg, 2022) == []  # nothing approved: no payment line made


def test_the_scoring_tab_keeps_an_expert_s_name_holding_full_width_brackets(reg, tmp_path, qtbot):
    """评分录入 lists an expert as 姓名（工作单位）: cut at its first （ it took 李明（清华） for 李明."""
    from test_ui_support import year_context

    from boostdesk.ui.panel_screen import PanelScreen

    save_expert(reg, 2022, Expert("李明", "北京工业大学", "机械"))
    save_expert(reg, 2022, Expert("李明(清华)", "清华大学", "机械"))
    screen = PanelScreen(year_context(reg, tmp_path, 2022, "刘建国"))
    qtbot.addWidget(screen)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.select_expert("李明(清华)")
    assert tab.expert.currentText() == "李明（清华）（清华大学）"
    assert tab._expert_name(tab.expert.currentIndex()) == "李明（清华）"
    tab.select_expert("李明")
    assert tab._expert_name(tab.expert.currentIndex()) == "李明"


def test_an_expert_named_with_brackets_is_changed_in_place_from_the_command_line(
        tmp_path, capsys):
    from boostdesk.cli import main
    from boostdesk.panel.experts import experts

    db = ["--db", str(tmp_path / "r.db"), "--year", "2022"]
    assert main(["panel", "expert", "add", "李明(清华)", "--org", "清华大学", *db]) == 0
    assert main(["panel", "expert", "add", "李明(清华)", "--org", "清华大学工程物理系", *db]) == 0
    assert "已修改专家“李明（清华）”" in capsys.readouterr().out
    with Register.open(tmp_path / "r.db") as reg:
        assert [(e.name, e.organisation) for e in experts(reg, 2022)] == [
            ("李明（清华）", "清华大学工程物理系")]


def test_a_transfer_returned_before_the_upgrade_is_still_to_the_same_enterprise(reg):
    """退汇 recorded at schema 13 names where it was sent with the brackets ASCII: resent
    to the same enterprise, the clerk is still asked to check the bank's cause is gone."""
    from dataclasses import replace

    _approved_project(reg)
    [line] = [x for x in payment_lines(reg, 2022) if x.payer != "federation" and x.tranche == 1]
    returned = replace(line, paid_date=None, returned_date=date(2023, 2, 6),
                       returned_to="北京新疆(集团)有限公司")
    assert line.payee == GROUP and returned.resent_unchanged


def test_the_findings_notice_finds_a_union_with_either_brackets(reg):
    from boostdesk.io.findings_notice import resolve_union

    reg.save_patent(_patent())
    for typed in ("北京新疆(集团)工会", GROUP_UNION, "新疆(集团", "新疆（集团"):
        assert resolve_union(reg, typed) == GROUP_UNION, typed


def test_a_returned_projects_next_step_says_who_pays_it_again(reg):
    """下一步 names the payer as the one paying (由…重新拨付), not as the payee."""
    from dataclasses import replace

    from boostdesk.finance.payout import money_step

    pid = _approved_project(reg)
    [line] = [x for x in payment_lines(reg, 2022) if x.payer != "federation" and x.tranche == 1]
    returned = replace(line, paid_date=None, returned_date=date(2023, 2, 6),
                       returned_to=GROUP)
    step = money_step(None, [returned], reg.project(pid), reg.campaign(2022),  # type: ignore[arg-type]
                      date(2023, 3, 1))
    assert step.startswith(f"请企业核实收款账户，更正后由{returned.payer_name}重新拨付 ")
    assert step.endswith(" 至该账户")
