"""办理进度告知单: a status letter for a paper (one page each) and for a union's papers,
printed from the lists (Ctrl+Shift+P, the right-click menu, 文件), from 打印 (its own
文件 choice) and by `boostdesk print progress --ref REF | --union NAME`. Before, 打印
offered only 审批表, 汇总表 and 拨付清单, and an unapproved paper's 审批表 was refused
as if its reference were mistyped (请核对专利号…)."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import clock
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.printing.jobs import PROGRESS, PROGRESS_UNION, PrintJob
from boostdesk.printing.progress import (
    ProgressError,
    find_papers,
    letters,
    write_progress_pdf,
)
from tests.test_finance import add_patent, lines_of

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

DAY = date(2023, 3, 10)
CARD, ID = "6214830112341234", "11010519491231002X"  # add_patent's 张三's
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    """Text without its white space: a paragraph wrapped on the page reads as one."""
    return "".join(text.split())


def _fonts(pdf) -> list[str]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    return [" ".join(x.split()) for x in out]


def _papers(reg) -> dict[str, int]:
    """张三's patent half paid; 李四's waiting for 企业应用证明; 王五's refused."""
    from boostdesk.rules.check import refresh

    paid = add_patent(reg)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PATENT, paid):
        if x.payer == FEDERATION:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-2023-0031")
    base = dict(campaign_year=2022, grant_date=date(2021, 5, 11), unit_name="海淀区总工会",
                enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
                applied_in_production=True, received_date=date(2022, 10, 28))
    lacking = reg.save_patent(PatentApplication(
        title="一种数控机床电池热管理系统", patent_number_raw="ZL202120987654.3",
        inventor_name="李四", id_number="110108198506123146", card_number="6222020200115678",
        materials={"certificate": True, "form": True, "production_proof": False,
                   "union_stamp": True, "unit_stamp": True}, **base))
    refused = reg.save_patent(PatentApplication(
        title="一种配电柜污水处理装置", patent_number_raw="ZL202110987651.8",
        inventor_name="王五", id_number="110101199001011234", card_number="6222020200119999",
        materials={"certificate": True, "form": True, "production_proof": True,
                   "union_stamp": True, "unit_stamp": True}, **base))
    refresh(reg, 2022)
    reg.set_status(PATENT, refused, "refused", "第一发明人不是一线职工（方案一（二）2）")
    return {"paid": paid, "lacking": lacking, "refused": refused}


def test_a_papers_letter_says_where_it_stands_masked_and_signed_by_the_office(reg, tmp_path):
    papers = _papers(reg)
    out = tmp_path / "letter.pdf"
    chosen = letters(reg, find_papers(reg, [f"专利{papers['paid']}，专利{papers['lacking']}"]), DAY)
    assert write_progress_pdf(out, chosen, DAY) == 2  # one page a paper
    text = " ".join(_text(out).split())
    assert text.count("办理进度告知单") == 2 and "北京市总工会2022年职工创新助推计划" in text
    assert "办理状态 核准" in text and "收款会员卡 尾号 1234" in text
    assert "已拨付（2023年2月20日汇至会员卡尾号 1234）" in text
    assert "下一步：海淀区总工会的 ¥1,500.00 将于 2023年3月15日前拨付至会员卡尾号 1234" in text
    assert "第一发明人 张三（身份证号尾号 002X）" in text
    assert CARD not in text and ID not in text and CARD[:6] not in text  # last 4 digits only
    assert "待补 材料未齐：缺企业应用证明（方案一（四）1）" in text
    assert flat("补报所缺材料：纸质材料报送至 北京市职工技术协会（北京市西城区虎坊路13号北京职工服务"
                "中心南配楼2104室）；电子版发送至 jscxfwb@163.com") in flat(text)
    assert text.count("北京市总工会 2023年3月10日") == 2  # the office's name, the day printed
    assert "印章" not in text  # a status letter certifies nothing: no seal
    assert all(" yes yes " in f for f in _fonts(out)), _fonts(out)  # every font embedded


def test_each_letter_of_several_in_one_file_is_numbered_of_its_own_pages(reg, tmp_path):
    papers = _papers(reg)
    out = tmp_path / "letters.pdf"
    chosen = letters(reg, find_papers(reg, [f"专利{papers['paid']}，专利{papers['lacking']}"]), DAY)
    assert write_progress_pdf(out, chosen, DAY) == 2
    for page in (1, 2):  # handed to two people: neither is 第 2 页 共 2 页 of the other's
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page),
                               str(out), "-"], check=True, capture_output=True, text=True).stdout
        assert "第1页共1页" in flat(text), page


def test_a_unions_letter_lists_every_paper_with_its_status_reason_and_money(reg, tmp_path):
    papers = _papers(reg)
    job = PrintJob(kind=PROGRESS_UNION, year=2022, union="海淀")
    with clock.fixed_day(DAY):
        out, pages = job.run(reg, tmp_path)
    assert pages == 1 and out.name == "2022-推荐单位进度告知单-海淀.pdf"
    text = " ".join(_text(out).split())
    assert "致：海淀区总工会；2022 年度申报；打印日期：2023年3月10日" in text
    assert flat("报送 3 项（专利 3、项目 0）；获助推 1 项，助推 ¥3,000.00，已拨付 ¥1,500.00，"
                "未拨付 ¥1,500.00；不合格 1 项；不予助推 1 项。其中本单位应拨（推荐工会分担）"
                "尚未拨付 ¥1,500.00") in flat(text)
    assert f"专利{papers['refused']}" in text and "资格审核不通过：第一发明人不是一线职工" in text
    # 李四's is a utility model (不合格, as its 核对意见 counts it), its materials short too
    assert "不合格：ZL202120987654.3 是实用新型专利" in text
    assert "另待补：材料未齐：缺企业应用证明" in text
    assert flat("待补材料的申报，请补报：纸质材料报送至 北京市职工技术协会（北京市西城区虎坊路13号"
                "北京职工服务中心南配楼2104室）；电子版发送至 jscxfwb@163.com") in flat(text)
    assert text.count("jscxfwb@163.com") == 2  # said once below the table, once to ask


def test_the_command_prints_by_reference_and_by_union_and_refuses_in_words(
        reg, tmp_path, capsys):
    papers = _papers(reg)
    db = ["--db", str(reg.path)]
    reg.close()
    out = tmp_path / "p.pdf"
    assert main(["print", "progress", "--ref", f"专利{papers['paid']}", "--out", str(out),
                 *db]) == 0
    assert capsys.readouterr().out.startswith(f"已生成办理进度告知单（专利{papers['paid']}）1 页")
    assert "一种测试方法" in _text(out)
    assert main(["print", "progress", "--union", "海淀区总工会", "--out", str(out), *db]) == 0
    assert "海淀区总工会 2022 年度 3 项申报" in capsys.readouterr().out
    assert main(["print", "progress", "--union", "西城区总工会", "--out", str(out), *db]) == 1
    assert "没有名为“西城区总工会”的推荐单位" in capsys.readouterr().err
    assert main(["print", "progress", "--ref", "专利99", "--out", str(out), *db]) == 1
    assert "登记册中没有登记号为 专利99 的申报" in capsys.readouterr().err


def test_several_unapproved_papers_are_refused_in_one_line_with_the_way_said_once(reg):
    """Ctrl+P on 20 selected papers not approved said 20 lines alike, each with its advice."""
    from boostdesk.printing.approval import SheetError, load_sheets

    papers = _papers(reg)
    with pytest.raises(SheetError) as refused:
        load_sheets(reg, 2022, [f"专利{papers['lacking']}、专利{papers['refused']}"])
    said = str(refused.value)
    assert said == (f"“专利{papers['lacking']}”（现为“已登记”）；“专利{papers['refused']}”"
                    "（现为“资格审核不通过”）：这 2 项尚未核准助推，不能打印审批表；"
                    "告知办理进度请改选“办理进度告知单”")


def test_sheets_picked_by_their_numbers_read_those_papers_alone(reg, monkeypatch):
    """专利12、项目3 (what the window's Ctrl+P sends) read the papers named, not every
    paper of every year (≈ 3 s at 100,000 before the first sheet)."""
    from boostdesk.printing.approval import load_sheets

    papers = _papers(reg)

    def everything(*args, **kwargs):
        raise AssertionError("read every paper")

    monkeypatch.setattr(reg, "patents", everything)
    monkeypatch.setattr(reg, "projects", everything)
    [sheet] = load_sheets(reg, 2022, [f"专利{papers['paid']}"])
    assert sheet.app.id == papers["paid"]


def test_an_unapproved_papers_approval_sheet_is_refused_as_found_not_mistyped(reg, tmp_path,
                                                                               capsys):
    from boostdesk.printing.approval import SheetError, load_sheets

    papers = _papers(reg)
    with pytest.raises(SheetError) as refused:
        load_sheets(reg, 2022, [f"专利{papers['lacking']}"])
    assert str(refused.value) == (f"“专利{papers['lacking']}”：尚未核准助推（现为“已登记”），"
                                  "不能打印审批表；告知办理进度请改选“办理进度告知单”")
    with pytest.raises(SheetError) as both:  # a typo beside it: 请核对 is said again
        load_sheets(reg, 2022, [f"专利{papers['lacking']}，专利99"])
    assert str(both.value).endswith("。请核对专利号、专利或项目名称、登记号")
    db = ["--db", str(reg.path)]
    reg.close()
    assert main(["print", "approval", "--ref", f"专利{papers['lacking']}",
                 "--out", str(tmp_path / "a.pdf"), *db]) == 1
    assert (f"告知办理进度请用 boostdesk --db {reg.path} print progress --ref 专利{papers['lacking']}"
            in capsys.readouterr().err)


def test_a_reference_naming_nothing_is_refused_naming_it(reg):
    _papers(reg)
    with pytest.raises(ProgressError, match="登记册中没有“一种不存在的方法”"):
        find_papers(reg, ["一种不存在的方法"])
    assert find_papers(reg, ["一种数控机床电池热管理系统"]) == [(PATENT, 2)]  # by its title


# -- in the window -------------------------------------------------------------------------
def _printed(qtbot, window):
    screen = window.current_screen()
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)
    assert not screen.error.text(), screen.error.text()
    return screen


def test_ctrl_shift_p_on_the_list_makes_the_selected_papers_letters_on_print(
        window, qtbot, reg):
    papers = _papers(reg)
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier, window)  # 专利助推
    register = window.current_screen()
    press(qtbot, Qt.Key.Key_F5, widget=window)  # the papers written beside the window
    qtbot.waitUntil(lambda: register.model.rowCount() == 3, timeout=10_000)
    register.table.setFocus()
    row = next(r for r in range(3) if register.model.ids[r] == papers["lacking"])
    register.table.selectRow(row)
    press(qtbot, Qt.Key.Key_P, CTRL_SHIFT)
    screen = _printed(qtbot, window)
    assert screen.kind == PROGRESS and screen.refs.text() == f"专利{papers['lacking']}"
    assert screen.page_count == 1 and "办理进度告知单" in _text(screen.pdf)
    # no seal and no finance's copy for a status letter
    assert not screen.seal_button.isVisible() and not screen.unmasked.isVisible()
    # the list's right-click menu and 文件 offer it too, with its key
    file_entry = next(a for a in window.menuBar().actions()[0].menu().actions()
                      if a.text() == "打印办理进度告知单(&G)")
    assert file_entry.shortcut().toString() == "Ctrl+Shift+P"
    entries = [a.text() for a in register.table.findChild(type(window.menuBar().actions()[0]
                                                                .menu())).actions()]
    assert "打印办理进度告知单(&G)" in entries


def test_print_offers_the_unions_letter_found_by_part_of_its_name(window, qtbot, reg):
    _papers(reg)
    screen = window.screen_named("打印")
    screen.document.setCurrentIndex(screen.document.findData(PROGRESS_UNION))
    assert screen.union.isVisible() and not screen.refs.isVisible()
    screen.union.setFocus()
    type_text(qtbot, "海淀")
    press(qtbot, Qt.Key.Key_Return)
    screen = _printed(qtbot, window)
    assert "致：海淀区总工会" in " ".join(_text(screen.pdf).split())


def test_the_unions_letter_from_its_row_on_people(window, qtbot, reg):
    _papers(reg)
    people = window.screen_named("单位与人员")
    people.reload()
    qtbot.waitUntil(lambda: people.units.rowCount() >= 1)
    row = next(r for r in range(people.units.rowCount())
               if people.units.rows[r][1][0] == "海淀区总工会")
    people.unit_view.setFocus()
    people.unit_view.selectRow(row)
    press(qtbot, Qt.Key.Key_P, CTRL_SHIFT)
    screen = _printed(qtbot, window)
    assert screen.kind == PROGRESS_UNION and screen.union.text() == "海淀区总工会"


def test_a_unions_long_letter_stops_when_cancelled(reg, tmp_path):
    from boostdesk.printing.jobs import JobCancelled
    from boostdesk.printing.progress import union_letter, write_union_progress_pdf

    _papers(reg)
    union, campaign, office = union_letter(reg, 2022, "海淀", DAY)
    with pytest.raises(JobCancelled):
        write_union_progress_pdf(tmp_path / "u.pdf", union, campaign, office, DAY,
                                 cancelled=lambda: True)


def test_a_finding_quoting_a_card_prints_its_last_four_digits_as_the_footer_says(reg, tmp_path):
    """The footer says 卡号只印尾号 4 位: a finding quoting a card another person holds (its
    grouped mask, 6222 **** **** 5678 elsewhere) prints 尾号 5678 in the letter too."""
    from boostdesk.rules.check import refresh

    _papers(reg)
    # the later paper giving the card is the one told 已登记为另一申报人的卡号 (stop 44)
    later = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种焊接夹具", patent_number_raw="ZL202120123457.1",
        grant_date=date(2021, 5, 11), unit_name="海淀区总工会", inventor_name="赵六",
        id_number="110101199201011230", card_number="6222020200115678",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))
    refresh(reg, 2022)
    out = tmp_path / "letter.pdf"
    write_progress_pdf(out, letters(reg, find_papers(reg, [f"专利{later}"]), DAY), DAY)
    text = flat(_text(out))
    assert "互助服务卡号尾号5678已登记为另一申报人的卡号" in text, text  # the finding printed
    assert "*" not in text and "6222" not in text, text
    assert "卡号只印尾号4位" in text
