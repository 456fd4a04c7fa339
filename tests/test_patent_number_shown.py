"""A patent number is quoted as the lists show it, however the paper or the clerk wrote it
(202111079190.7, ZL2021 1 1015838.4, full-width ＺＬ…): the rules' findings, the form's
questions, the delete and undo texts and the import's notes said it as typed, in as many
forms as there were papers. The register keeps the paper's own writing beside the tidy
form: the same patent written otherwise is one patent for the duplicate checks and the
search, and the form shows what was typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.models.records import PATENT, PATENT_MATERIALS, STREAM_ZH
from boostdesk.rules import check_patent_draft, refresh
from boostdesk.ui.entry_checks import duplicate_patent, person_already_applied
from boostdesk.ui.queries import PATENT_SPEC, Filters, search_ids
from boostdesk.validate import shown_patent_number

__all__ = ["answers", "ctx", "qsettings", "window"]

NUMBER = "ZL202110123456.7"
WRITTEN = ("202110123456.7", "ZL 2021 1 0123456.7", "ＺＬ２０２１１０１２３４５６．７",
           "zl202110123456.7", "CN202110123456.7", "ZL202110123456 7")
OTHER = "ZL202110654321.3"
ID_ZHANG = "110108198001010015"
ID_LI = "110101199003070038"


def _app(number: str, **over: object) -> PatentApplication:
    return replace(PatentApplication(
        campaign_year=2022, title="一种焊缝缺陷识别方法", patent_number_raw=number,
        grant_date=date(2021, 6, 15), inventor_name="张三", id_number=ID_ZHANG,
        card_number="6214680000000000008", phone="13800138000", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="海淀区总工会",
        enterprise_name="北京中科智测科技有限公司", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True)), **over)


@pytest.mark.parametrize("written", WRITTEN)
def test_a_number_is_shown_as_the_list_shows_it(written):
    assert shown_patent_number(written) == NUMBER
    assert shown_patent_number(written, NUMBER) == NUMBER
    assert _app(written).ref == NUMBER


def test_a_number_that_does_not_read_is_shown_as_typed_but_tidy():
    assert shown_patent_number("ＺＬ２０２１１０１２３４５６．８") == "ZL202110123456.8"  # check digit
    assert shown_patent_number("  ") == "" and shown_patent_number("") == ""


@pytest.mark.parametrize("written", WRITTEN)
def test_the_same_patent_written_otherwise_is_one_patent(reg, written):
    first = reg.save_patent(_app(NUMBER))
    again = _app(written, inventor_name="李四", id_number="110101199003070038",
                 title="一种焊缝缺陷识别方法（再次申报）")
    # the form refuses it, naming it as the list does
    said = duplicate_patent(reg, again)
    assert said is not None and said.startswith(f"专利 {NUMBER} 已经登记：2022 年度，专利{first}，")
    # the rules too
    dup = [f.message for f in check_patent_draft(reg, again).findings
           if f.code == "DUPLICATE_APPLICATION"]
    assert dup == [f"专利 {NUMBER} 本年度已有申报（专利{first}），同一专利不能重复申报（方案一（三））"
                   f"：登记册中专利{first}的第一发明人为张三，本申报为李四，"
                   "两人都称是该专利的第一发明人，请按专利证书核定"]
    # stored (as an import may), the paper's writing kept beside the tidy form
    second = reg.save_patent(again)
    stored = reg.patent(second)
    assert (stored.patent_number_raw, stored.patent_number) == (written, NUMBER)
    # the search finds both by either writing
    for typed in ("ZL202110123456.7", "202110123456", "２０２１１０１２３４５６"):
        assert sorted(search_ids(reg, PATENT_SPEC, 2022, Filters(text=typed))) == [first, second]


def test_the_persons_limit_names_the_earlier_paper_as_the_list_does(reg):
    first = reg.save_patent(_app("202110123456.7"))
    second = _app(OTHER, title="一种管道裂纹检测方法")
    question = person_already_applied(reg, second)
    assert f"本年度已有申报：{NUMBER}，专利{first}，状态“已登记”" in question
    finding = [f.message for f in check_patent_draft(reg, second).findings
               if f.code == "PERSON_ALREADY_AWARDED_THIS_YEAR"]
    assert finding == [f"张三 本年度已有在先申报的专利（{NUMBER}，专利{first}），"
                       "每人每年最多享受一次助推（方案一（三））"]


def test_the_import_names_a_registered_number_as_the_list_does(tmp_path, capsys):
    db = tmp_path / "r.db"
    with Register.open(db, operator="王会计") as reg:
        reg.save_campaign(reg.campaign(2022))
        kept = reg.save_patent(_app("ＺＬ２０２１１０１２３４５６．７", unit_name="北京市海淀区总工会"))
        left = reg.save_patent(_app(" 2021 1 0654321.3", unit_name="北京市海淀区总工会",
                                    inventor_name="李四", id_number=ID_LI,
                                    title="一种管道裂纹检测方法"))
        refresh(reg, 2022)
    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(序号=1, 专利号="202110123456.7", 授权公告日=date(2021, 6, 15))])
    capsys.readouterr()
    main(["import", str(table), "--db", str(db)])
    err = capsys.readouterr().err
    assert f"专利 {NUMBER} 已登记（2022 年度，专利{kept}）" in err
    assert "2022 年度另有 1 项申报不在本表中" in err
    assert f"\n  专利{left}（李四，{OTHER}，“一种管道裂纹检测方法”）\n" in err


def test_delete_and_undo_name_the_paper_as_the_list_does(window, qtbot, reg, ctx, answers):
    app_id = reg.save_patent(_app("２０２１１０１２３４５６．７"))
    ctx.set_year(2022)
    screen = window.screen_named("专利助推")
    screen.reload()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
    assert screen.select_id(app_id)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert answers.questions[-1].startswith(f"删除专利{app_id}“{NUMBER}”？")
    qtbot.waitUntil(lambda: not reg.patents(2022))
    qtbot.keyClick(screen.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(reg.patents(2022)) == 1)
    assert window.statusBar().currentMessage() == f"已撤销“删除{STREAM_ZH[PATENT]}申报「{NUMBER}」”"

