"""A transfer the bank sent back (退汇, owed again) was sent all the same: a paper's ID
correction keeps the name it was sent under, a unit's table may not rename its inventor,
the import's notes and the command line's enterprise correction say what was sent —
as sent and sent back, never 已拨付."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION_2
from PySide6.QtCore import Qt
from test_ui_corrections import a_paid_patent, open_form, payers, retype
from test_ui_person_ids import paid_under_the_typo
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _send_back(reg, app_id, payers_=("federation", "union")):
    """The award's transfers of ``payers_`` sent back by the bank (owed again)."""
    return_payments(
        reg, [x.id for x in payment_lines(reg, 2022, app_ids=[app_id])
              if x.payer in payers_], date(2023, 2, 1), "户名与卡号不符")


# -- 1. a paper's ID number corrected: the name the money left under is kept -------------
def _renamed_then_sent(reg, window, payers_=("federation", "union")):
    """李四's 2022 award approved; 张三's 2023 paper typed with 李四's ID number renamed
    him 张三; 李四's award was then paid under 张三, and the bank sent ``payers_`` back."""
    li, zhang = paid_under_the_typo(reg, window)
    _send_back(reg, li, payers_)
    return li, zhang


def test_a_name_whose_money_all_came_back_is_kept_when_the_id_is_corrected(
        window, qtbot, reg, answers):
    """Nothing of 李四's award stands paid, but its list left under 张三 and the money is
    sent again under the name he has: the ID corrected on 张三's paper does not rename him
    behind the clerk's back, and the clerk is told what was sent — not 登记拨付."""
    li, zhang = _renamed_then_sent(reg, window)
    person = reg.patent(li).person_id
    assert "name" not in reg.paper_changes_to_take_back(person, zhang)
    before = payers(reg, li)

    _screen, form = open_form(qtbot, window, zhang)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    asked = answers.questions[-1]
    assert "“李四”被改名为“张三”，其助推款此后按“张三”已汇出 2 笔（均被银行退回，待重拨），" \
           "姓名不随本次更正改回" in asked, answers.questions
    assert "登记拨付" not in asked and "按 Enter 更正姓名为“李四”" in asked
    assert reg.patent(zhang).id_number == ID_1
    assert reg.patent(li).inventor_name == "张三" and payers(reg, li) == before


def test_a_name_with_part_of_its_money_back_says_how_much_was_sent(window, reg):
    li, zhang = _renamed_then_sent(reg, window, ("union",))
    assert reg.sent_under_name(reg.patent(li).person_id, zhang) == (1, 1)
    assert reg.sent_under_name(reg.patent(li).person_id, li) == (0, 0)  # his only paid paper


# -- 2. a unit's table may not rename an inventor whose money came back -----------------
def _table_renaming(tmp_path, name="张叁"):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    return write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row(
        专利号=INVENTION_2, 专利名称="一种轴承检测方法", 第一发明人=name)])


def test_a_table_renaming_an_inventor_whose_money_came_back_is_refused_saying_so(reg):
    """张三's award was paid and the bank sent both transfers back (owed again, under his
    name): a table giving his ID number as 张叁 is refused whole, saying the money was sent
    and came back — not 已核准 (its status is approved again), nor 已拨付."""
    import pytest

    from boostdesk.models import RegisterError

    app_id = a_paid_patent(reg)
    _send_back(reg, app_id)
    assert reg.patent(app_id).status == "approved"
    count = reg.scalar("SELECT COUNT(*) FROM patent_applications")
    with pytest.raises(RegisterError) as refused:
        reg.insert_patents([PatentApplication(
            2022, title="一种轴承检测方法", patent_number_raw=INVENTION_2, inventor_name="张叁",
            id_number=ID_1, card_number=CARD_1, unit_name="北京市海淀区总工会")])
    message = str(refused.value)
    assert (f"其 2022 年度专利{app_id} 的助推款已汇出 2 笔（均被银行退回，待重拨），拨付清单按"
            "“张三”汇出，被银行退回的仍按此名重拨：不能由汇总表改名，整表未导入") in message
    assert "已核准" not in message and "已拨付" not in message
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == count
    assert reg.patent(app_id).inventor_name == "张三"


def test_the_import_preview_refuses_the_row_saying_what_was_sent(reg, tmp_path):
    from boostdesk.io.duplicates import refuse_renamed_payees
    from boostdesk.io.importer import read_table

    app_id = a_paid_patent(reg)
    _send_back(reg, app_id, ("union",))
    preview = refuse_renamed_payees(reg, read_table(_table_renaming(tmp_path), 2022,
                                                    campaign=reg.campaign(2022)))
    assert not preview.records
    [error] = preview.errors
    assert (f"其 2022 年度专利{app_id} 的助推款已汇出 2 笔（其中 1 笔被银行退回，待重拨），"
            "不能由汇总表改名为“张叁”") in error.message


def test_a_paid_inventor_is_still_refused_as_paid(reg, tmp_path):
    from boostdesk.io.duplicates import refuse_renamed_payees
    from boostdesk.io.importer import read_table

    app_id = a_paid_patent(reg)
    preview = refuse_renamed_payees(reg, read_table(_table_renaming(tmp_path), 2022,
                                                    campaign=reg.campaign(2022)))
    assert f"专利{app_id} 的助推款已登记拨付，不能由汇总表改名为“张叁”" in preview.errors[0].message


# -- 3. the import's notes on a studio whose project's money came back ----------------
def test_a_table_moving_a_studio_whose_money_came_back_says_it_was_sent_not_paid(
        tmp_path, capsys):
    """--update-studios: the studio moves, the returned project keeps the enterprise its
    money went to (sent again there). The note says so, and never 已拨付."""
    from test_import_paid_studio import table
    from test_returned_enterprise_and_studio import _returned
    from test_ui_enterprise_correction import WRONG

    from boostdesk.cli import main
    from boostdesk.models import Register

    db = tmp_path / "r.db"
    with Register.open(db, operator="测试员") as reg:
        app_id = _returned(reg)
    assert main(["import", str(table(tmp_path)), "--db", str(db), "--update-studios"]) == 0
    err = capsys.readouterr().err
    assert (f"其已汇出助推款的项目仍拨付给原收款单位（项目{app_id}：“{WRONG}”），其助推款已汇出 2 笔"
            "（均被银行退回，待重拨），被银行退回的也向它重拨，拨付清单和审批表照旧") in err
    assert "已拨付" not in err


def test_without_the_box_the_note_says_what_was_sent_too(window, qtbot, reg, answers, tmp_path):
    from test_import_paid_studio import table
    from test_returned_enterprise_and_studio import _returned
    from test_ui_enterprise_correction import WRONG
    from test_ui_import import open_dialog, read

    app_id = _returned(reg, payers=("union",))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, table(tmp_path))
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert (f"（已汇出助推款的项目（项目{app_id}：“{WRONG}”），其助推款已汇出 2 笔（其中 1 笔"
            "被银行退回，待重拨），被银行退回的也向它重拨，收款单位按表更新也不会改；") in reasons


# -- 4. the command line's enterprise correction says what was sent -------------------
def test_the_command_lines_enterprise_correction_says_the_money_sent_and_sent_back(
        tmp_path, capsys):
    """As the window asks before it (enterprise_correction_effects), the command's 提示
    names the money sent to the enterprise, paid or sent back — as run_union does."""
    from test_returned_enterprise_and_studio import WHY, _returned
    from test_ui_enterprise_correction import RIGHT, WRONG

    from boostdesk.cli import main
    from boostdesk.models import Register

    db = tmp_path / "r.db"
    with Register.open(db, operator="测试员") as reg:
        _returned(reg)
    capsys.readouterr()
    assert main(["correct", "enterprise", WRONG, RIGHT, "--reason", WHY, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"已将所在单位“{WRONG}”更正为“{RIGHT}”\n提示：“{WRONG}”是 1 项项目的收款单位，"
                          "其助推款已汇出 2 笔（均被银行退回，待重拨）。更正后")
    assert f"被银行退回的按“{RIGHT}”重拨" in out and "已拨付" not in out


def test_an_enterprise_with_nothing_sent_is_corrected_with_no_note(tmp_path, capsys):
    from test_finance import add_project
    from test_ui_enterprise_correction import RIGHT

    from boostdesk.cli import main
    from boostdesk.models import Register

    db = tmp_path / "r.db"
    with Register.open(db, operator="测试员") as reg:
        add_project(reg)
    capsys.readouterr()
    assert main(["correct", "enterprise", RIGHT, RIGHT + "（北京）", "--reason", "执照",
                 "--db", str(db)]) == 0
    assert capsys.readouterr().out == f"已将所在单位“{RIGHT}”更正为“{RIGHT}（北京）”\n"


# -- found on the sweep: a paper's save naming another payee ----------------------------
def test_a_returned_projects_paper_saved_with_another_enterprise_says_sent_not_paid(reg):
    """The refusal said the money was sent and came back, then pointed to 工作室 saying
    已拨付的项目仍拨付给原单位 — of this very project, none of whose money stands paid."""
    from dataclasses import replace

    import pytest
    from test_returned_enterprise_and_studio import _returned

    from boostdesk.models import RegisterError

    app_id = _returned(reg)
    with pytest.raises(RegisterError) as refused:
        reg.save_project(replace(reg.project(app_id), enterprise_name="另一家有限公司"))
    message = str(refused.value)
    assert message.startswith(f"项目{app_id} 的助推款已汇出 2 笔（均被银行退回，待重拨），")
    assert message.endswith("改其所在单位（已汇出助推款的项目仍拨付给原单位，被银行退回的也向它重拨）")
    assert "已拨付" not in message
