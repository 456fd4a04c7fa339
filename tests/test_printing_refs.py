"""Picking applications for approval sheets: by 登记号 of one stream, by titles with commas,
and from the register view's selection (Ctrl+P)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models.campaign import DISTRICT
from boostdesk.models.records import PATENT, PROJECT, PROJECT_MATERIALS, ProjectApplication
from boostdesk.printing.approval import SheetError, load_sheets
from boostdesk.printing.refs import split_refs
from boostdesk.printing.samples import WAN, YEAR, fill_sample

__all__ = ["answers", "ctx", "qsettings", "window"]

COMMA_TITLE = "焊接机器人离线编程，降本增效"


def _comma_project(reg) -> int:
    """An approved project whose title has a full-width comma in it."""
    app_id = reg.save_project(ProjectApplication(
        campaign_year=YEAR, title=COMMA_TITLE, studio_name="张三焊接技能大师工作室",
        studio_level=DISTRICT, leader="张三", unit_name="海淀区总工会",
        enterprise_name="北京华信数控技术有限公司", approval_date=date(2022, 3, 5),
        startup_funds_paid=True, planned_completion=date(2023, 11, 30),
        total_budget_fen=5 * WAN, requested_fen=3 * WAN, contact_name="张丽",
        contact_phone="010-83570885", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PROJECT_MATERIALS, True)))
    for step in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, app_id, step)
    reg.set_status(PROJECT, app_id, "approved", award_fen=3 * WAN,
                   approved_date=date(2022, 12, 28))
    return app_id


def test_split_refs_keeps_a_known_title_whole_and_splits_the_rest():
    titles = {"焊接机器人离线编程，降本增效", "甲、乙两道工序合并"}
    assert split_refs("焊接机器人离线编程，降本增效，ZL202110123456.7", titles) == [
        "焊接机器人离线编程，降本增效", "ZL202110123456.7"]
    assert split_refs("专利1、项目2；甲、乙两道工序合并", titles) == [
        "专利1", "项目2", "甲、乙两道工序合并"]
    assert split_refs(" ，， ", titles) == []


def test_a_title_with_a_comma_prints_its_sheet(reg):
    fill_sample(reg)
    app_id = _comma_project(reg)
    sheets = load_sheets(reg, YEAR, [COMMA_TITLE])
    assert [(s.app.stream, s.app.id) for s in sheets] == [(PROJECT, app_id)]


def test_a_bare_number_of_both_streams_asks_which(reg):
    fill_sample(reg)  # patents 1-3 and projects 1-2, all approved
    with pytest.raises(SheetError) as refused:
        load_sheets(reg, YEAR, ["1"])
    assert "请写“专利1”或“项目1”" in str(refused.value)
    assert [(s.app.stream, s.app.id) for s in load_sheets(reg, YEAR, ["专利1，项目 2"])] == [
        (PATENT, 1), (PROJECT, 2)]
    assert [s.app.id for s in load_sheets(reg, YEAR, ["3"])] == [3]  # only a patent has 3


def test_ctrl_p_on_the_selected_rows_previews_their_sheets(window, qtbot, reg, ctx):
    fill_sample(reg)
    ctx.set_year(YEAR)
    screen = window.screen_named("专利助推")
    screen.reload()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    screen.table.setFocus()
    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    printing = window.current_screen()
    assert printing is window.screens[7]
    qtbot.waitUntil(lambda: printing.page_count > 0 or bool(printing.error.text()),
                    timeout=20_000)
    assert not printing.error.text()
    assert printing.page_count == 2
    assert printing.job.refs == ("，".join(f"专利{i}" for i in screen.selected_ids()),)


def test_a_title_with_a_comma_typed_on_the_print_screen_previews_its_sheet(ctx, qtbot, reg):
    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    _comma_project(reg)
    ctx.set_year(YEAR)
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))
    type_text(qtbot, f"{COMMA_TITLE}，专利2", screen.refs)
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert not screen.error.text()
    assert screen.page_count == 2


def test_a_sheet_of_an_earlier_year_is_found_from_the_print_screen(reg, tmp_path):
    """The 打印 screen on 2022 (the newest year): a 2021 patent, awarded and paid, applied
    for again in 2022 and refused. Typed in 申报, it was “尚未核准助推” (it was approved,
    in 2021) and its 登记号 “登记册中没有这项申报”, where `print approval --ref` prints it."""
    import subprocess
    from dataclasses import replace

    from stdnum.cn import ric

    from boostdesk.models.records import PatentApplication
    from boostdesk.printing.jobs import APPROVAL, PrintJob

    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR - 1))
    base = "110105198001010010"[:17]
    paper = PatentApplication(
        campaign_year=YEAR - 1, title="一种转炉炼钢终点碳温预测方法",
        patent_number_raw="ZL201911453457.7", inventor_name="黄昊天",
        id_number=base + ric.calc_check_digit(base + "0"), card_number="6214830112340001",
        unit_name="首钢集团工会", enterprise_name="首钢智能装备制造有限公司")
    old = reg.save_patent(paper)
    reg.set_status(PATENT, old, "qualified")
    reg.set_status(PATENT, old, "approved", award_fen=3000_00, approved_date=date(2021, 12, 15))
    again = reg.save_patent(replace(paper, campaign_year=YEAR))
    reg.set_status(PATENT, again, "refused", "该专利已于2021年度获助推，不能重复申报")
    for typed in ("ZL201911453457.7", f"专利{old}"):
        out, pages = PrintJob(APPROVAL, YEAR, refs=(typed,)).run(reg, tmp_path)
        assert pages == 1
        text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                              text=True).stdout
        assert "2021年职工创新助推计划" in text and "黄昊天" in text


PATENT_TITLE = "一种城市供热管网泄漏定位方法"  # the sample's 专利2, approved


def test_a_patent_is_picked_by_its_title_as_a_project_is(reg):
    """打印's 申报 box and `print approval --ref` took project titles only: an approved
    patent typed by its 专利名称 was “登记册中没有这项申报”."""
    fill_sample(reg)
    assert [(s.app.stream, s.app.id) for s in load_sheets(reg, YEAR, [PATENT_TITLE])] == [
        (PATENT, 2)]
    # spaced as it may be pasted, in a list: the title still
    spaced = load_sheets(reg, YEAR, [" 一种城市供热管网 泄漏定位方法，项目1"])
    assert [(s.app.stream, s.app.id) for s in spaced] == [(PATENT, 2), (PROJECT, 1)]


def test_a_patent_title_not_yet_approved_says_so_naming_it(reg):
    from dataclasses import replace

    fill_sample(reg)
    paper = replace(reg.patent(2), id=None, title="一种热力站二次网水力平衡调节方法",
                    patent_number_raw="ZL202110123457.5", status="registered",
                    award_fen=None, approved_date=None)
    new_id = reg.save_patent(paper)
    with pytest.raises(SheetError) as refused:
        load_sheets(reg, YEAR, ["一种热力站二次网水力平衡调节方法"])
    assert str(refused.value) == (f"“一种热力站二次网水力平衡调节方法”（专利{new_id}）：尚未核准助推，"
                                  "不能打印审批表")  # found: no typo advice


def test_a_title_of_two_approved_papers_names_both(reg):
    fill_sample(reg)
    reg.conn.execute("UPDATE project_applications SET title = ? WHERE id = 1", (PATENT_TITLE,))
    with pytest.raises(SheetError) as refused:
        load_sheets(reg, YEAR, [PATENT_TITLE])
    assert f"“{PATENT_TITLE}”：有 2 项已核准的申报同名（专利2、项目1），请写登记号" in str(
        refused.value)
    assert [s.app.id for s in load_sheets(reg, YEAR, ["专利2"])] == [2]


def test_the_command_prints_a_patent_by_its_title_and_audit_finds_it(reg, tmp_path, capsys):
    from boostdesk.cli import main

    fill_sample(reg)
    db = str(reg.path)
    reg.close()
    out = tmp_path / "x.pdf"
    assert main(["print", "approval", "--db", db, "--ref", PATENT_TITLE, "--out", str(out)]) == 0
    assert "已生成审批表 1 页" in capsys.readouterr().out
    assert main(["audit", "--db", db, "--ref", PATENT_TITLE]) == 0
    assert "专利2" in capsys.readouterr().out


def test_a_patent_title_typed_on_the_print_screen_previews_its_sheet(ctx, qtbot, reg):
    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.ui.print_screen import PrintScreen

    fill_sample(reg)
    ctx.set_year(YEAR)
    screen = PrintScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))
    type_text(qtbot, PATENT_TITLE, screen.refs)
    qtbot.keyClick(screen.refs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert not screen.error.text()
    assert screen.page_count == 1
