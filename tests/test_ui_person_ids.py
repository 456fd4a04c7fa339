"""A person's identity at the intake desk: one person per ID number, so a paper typed with
another's number renames him (asked first). When the clerk later finds the typo and
corrects the number on the paper, nobody may stay renamed by a paper that no longer
names him: his approval sheet and payment lines would print another's name."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import CARD_1, CARD_2, ID_1, ID_2, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_corrections import a_paid_patent, open_form, payers, retype
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models import plan_2022

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def next_year(reg, window) -> None:
    reg.save_campaign(replace(plan_2022(), year=2023))
    window.ctx.set_year(2023)


def test_an_id_typo_corrected_gives_the_renamed_person_his_name_back(
        window, qtbot, reg, answers):
    """李四's 2022 award is approved (sheet printed, lines listed, not paid). 张三's 2023
    paper is typed with 李四's ID number; the clerk is asked and says yes, so 李四 becomes
    张三. Later the clerk sees the typo and corrects the ID on the paper: 李四 is 李四 again
    on his 2022 paper, sheet and lines, with his own card for his next form."""
    li = a_paid_patent(reg, name="李四", id_number=ID_2, card=CARD_2, pay=False)
    before = payers(reg, li)
    next_year(reg, window)
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION_2, id_number=ID_2, name="张三", received="2023-10-20")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert any("李四" in q and "改为“张三”" in q for q in answers.questions), answers.questions
    [zhang] = [a.id for a in reg.patents(2023)]
    assert reg.patent(li).inventor_name == "张三"  # what the clerk agreed to, by mistake
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.current_screen().table)

    screen, form = open_form(qtbot, window, zhang)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors

    assert reg.patent(zhang).inventor_name == "张三" and reg.patent(zhang).id_number == ID_1
    assert reg.patent(li).inventor_name == "李四"
    assert payers(reg, li) == before
    li_now = reg.person_by_id_number(ID_2)
    assert (li_now.name, li_now.card_number) == ("李四", CARD_2)
    assert reg.person_by_id_number(ID_1).card_number == CARD_1

    # Ctrl+Z takes the correction back (李四 renamed again, as before it); Ctrl+Y redoes it
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not answers.errors, answers.errors
    assert reg.patent(zhang).id_number == ID_2 and reg.patent(li).inventor_name == "张三"
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert reg.patent(zhang).id_number == ID_1 and reg.patent(li).inventor_name == "李四"
    assert payers(reg, li) == before


def search_text(reg, app_id) -> str:
    return reg.scalar("SELECT search_text FROM patent_applications WHERE id = ?", (app_id,))


def test_a_paper_deleted_gives_the_person_it_renamed_his_name_back_and_search_follows(ctx, reg):
    """The 2023 paper typed with 李四's number is deleted as typed by mistake (Ctrl+D):
    李四 is 李四 again. While renamed, his 2022 paper was found by the name it showed."""
    from boostdesk.models.records import PATENT, PatentApplication
    from boostdesk.ui import operations

    li = a_paid_patent(reg, name="李四", id_number=ID_2, card=CARD_2, pay=False)
    reg.save_campaign(replace(plan_2022(), year=2023))
    assert operations.save_application(ctx, PatentApplication(
        2023, title="一种轴承检测方法", patent_number_raw=INVENTION_2, inventor_name="张三",
        id_number=ID_2, card_number=CARD_1, unit_name="北京市海淀区总工会")).ok
    [zhang] = [a.id for a in reg.patents(2023)]
    assert reg.patent(li).inventor_name == "张三" and "张三" in search_text(reg, li)

    assert operations.delete_application(ctx, PATENT, zhang).ok
    assert reg.patent(li).inventor_name == "李四" and "李四" in search_text(reg, li)
    assert reg.person_by_id_number(ID_2).card_number == CARD_2
    ctx.undo_stack.undo()
    assert reg.patent(li).inventor_name == "张三"
    ctx.undo_stack.redo()
    assert reg.patent(li).inventor_name == "李四"


def test_a_table_row_typed_with_anothers_id_then_corrected_gives_him_his_name_back(ctx, reg):
    """The same typo came in with a unit's table (imported, 李四 only registered): the ID
    corrected on the paper afterwards puts 李四 back, as for a paper typed at the desk."""
    from boostdesk.models.records import PatentApplication
    from boostdesk.ui import operations

    li = reg.save_patent(PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw=INVENTION, inventor_name="李四",
        id_number=ID_2, card_number=CARD_2, unit_name="北京市海淀区总工会"))
    [zhang] = reg.insert_patents([PatentApplication(
        2022, title="一种轴承检测方法", patent_number_raw=INVENTION_2, inventor_name="张三",
        id_number=ID_2, card_number=CARD_1, unit_name="北京市海淀区总工会")])
    assert reg.patent(li).inventor_name == "张三" and "张三" in search_text(reg, li)
    assert operations.save_application(ctx, replace(zhang, id_number=ID_1)).ok
    assert reg.patent(li).inventor_name == "李四" and "李四" in search_text(reg, li)
    assert reg.person_by_id_number(ID_2).card_number == CARD_2


def test_an_id_typo_corrected_after_the_renamed_persons_award_was_paid_says_where_to_fix(
        window, qtbot, reg, answers):
    """As above, but 李四's 2022 award was paid (under 张三, the name the typo gave him)
    before the clerk noticed. The ID is still corrected on the paper; 李四's paid lines are
    not renamed behind the clerk's back: the clerk is told to correct his name on the 人员
    tab, with a reason (that correction may touch paid lines)."""
    li, zhang = paid_under_the_typo(reg, window)
    before = payers(reg, li)

    _screen, form = open_form(qtbot, window, zhang)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(zhang).id_number == ID_1
    assert "“李四”被改名为“张三”" in answers.questions[-1], answers.questions
    assert "按 Enter 更正姓名为“李四”" in answers.questions[-1]
    assert reg.patent(li).inventor_name == "张三" and payers(reg, li) == before


def paid_under_the_typo(reg, window) -> tuple[int, int]:
    """李四's 2022 award approved; 张三's 2023 paper typed with 李四's ID number renamed him
    张三; then 李四's award paid (under 张三). The two papers' 登记号."""
    from boostdesk.finance.paying import record_paid
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.models.records import PatentApplication
    from boostdesk.ui import operations

    li = a_paid_patent(reg, name="李四", id_number=ID_2, card=CARD_2, pay=False)
    next_year(reg, window)
    assert operations.save_application(window.ctx, PatentApplication(
        2023, title="一种轴承检测方法", patent_number_raw=INVENTION_2, inventor_name="张三",
        id_number=ID_2, card_number=CARD_1, unit_name="北京市海淀区总工会")).ok
    [zhang] = [a.id for a in reg.patents(2023)]
    for line in payment_lines(reg, 2022, app_ids=[li]):
        record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0001")
    return li, zhang


def test_a_paper_given_to_its_real_inventor_takes_its_card_from_the_first(
        window, qtbot, reg, answers):
    """张三's 2023 paper was typed naming 李四 (with 张三's card), making 李四; then 李四's
    own 2022 paper came in with his card. Corrected to 张三, the paper no longer shares its
    card with 李四 (不合格 for 一人一卡 until now), and 李四's next form is filled with his
    own card; Ctrl+Z gives him the paper and its card back, Ctrl+Y takes them again."""
    from boostdesk.models.records import PatentApplication
    from boostdesk.ui import operations

    next_year(reg, window)
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION_2, id_number=ID_2, name="李四", received="2023-10-20")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [paper] = [a.id for a in reg.patents(2023)]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.current_screen().table)
    assert operations.save_application(window.ctx, PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw=INVENTION, inventor_name="李四",
        id_number=ID_2, card_number=CARD_2, unit_name="北京市海淀区总工会")).ok
    assert reg.person_by_id_number(ID_2).card_number == CARD_1  # an earlier year's paper

    screen, form = open_form(qtbot, window, paper)
    retype(qtbot, form, "inventor_name", "张三")
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(paper).inventor_name == "张三" and reg.patent(paper).card_number == CARD_1
    assert reg.person_by_id_number(ID_2).card_number == CARD_2
    assert "UNION_CARD_SHARED" not in reg.scalar(
        "SELECT findings FROM patent_applications WHERE id = ?", (paper,))

    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not answers.errors, answers.errors
    assert reg.patent(paper).id_number == ID_2
    assert reg.person_by_id_number(ID_2).card_number == CARD_1
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert reg.patent(paper).id_number == ID_1
    assert reg.person_by_id_number(ID_2).card_number == CARD_2

    form = open_new_form(qtbot, window, 0)
    retype(qtbot, form, "id_number", ID_2)
    assert form.editor("inventor_name").value() == "李四"
    assert form.editor("card_number").value() == CARD_2
