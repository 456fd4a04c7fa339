"""A paper's ID number corrected on its form onto a registered person who was paid.

(Stop 40 left it: the form wrote the paper's card and phone onto him.) The award was paid to
his card: a form's save does not overwrite it, nor his phone — as a union's table sent again
does not (``resend.id_correction``). The paper keeps the card it gives; the clerk is told
what was kept and why, and where his card is corrected (单位与人员 → 人员)."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, CARD_2, ID_1, ID_2, INVENTION_2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_corrections import a_paid_patent, open_form, payers, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models.records import PatentApplication
from boostdesk.rules import refresh

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
PHONE = "13812340046"


def _person(reg, id_number):
    row = reg.conn.execute("SELECT name, card_number, phone FROM people WHERE id_number = ?",
                           (id_number,)).fetchone()
    return tuple(row) if row else None


def _his_paper_typed_wrong(reg) -> int:
    """张三's second paper typed with ID_2, CARD_2 and another phone; checked."""
    app_id = reg.save_patent(PatentApplication(
        2022, title="一种轴承检测方法", patent_number_raw=INVENTION_2,
        grant_date=date(2021, 6, 1), inventor_name="张三", id_number=ID_2, card_number=CARD_2,
        phone="13900002222", unit_name="北京市海淀区总工会", enterprise_name="北京测试有限公司"))
    refresh(reg, 2022)
    return app_id


def _paid_zhang_and_his_paper_typed_wrong(reg):
    """张三 paid (ID_1, CARD_1, his phone); his second paper typed with ID_2, CARD_2."""
    paid = a_paid_patent(reg)
    reg.conn.execute("UPDATE people SET phone = ? WHERE id_number = ?", (PHONE, ID_1))
    return paid, _his_paper_typed_wrong(reg)


def test_the_form_correcting_an_id_onto_a_paid_person_keeps_his_card_and_phone(
        window, qtbot, reg, answers):
    paid, other = _paid_zhang_and_his_paper_typed_wrong(reg)
    before = payers(reg, paid)
    _screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert reg.patent(other).id_number == ID_1  # the correction the clerk confirmed
    assert _person(reg, ID_1) == ("张三", CARD_1, PHONE)
    assert reg.patent(other).card_number == CARD_2  # the paper's own card
    assert payers(reg, paid) == before

    window.ctx.undo_stack.undo()  # the paper back on its number; his facts as they were
    assert reg.patent(other).id_number == ID_2
    assert _person(reg, ID_2) == ("张三", CARD_2, "13900002222")
    assert _person(reg, ID_1) == ("张三", CARD_1, PHONE)
    window.ctx.undo_stack.redo()
    assert reg.patent(other).id_number == ID_1 and _person(reg, ID_1) == ("张三", CARD_1, PHONE)


def test_the_clerk_is_told_before_saving_what_is_kept_and_where_it_is_corrected(
        window, qtbot, reg, answers):
    from boostdesk.safety.privacy import mask_card_grouped

    paid, other = _paid_zhang_and_his_paper_typed_wrong(reg)
    _screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    question = next(q for q in answers.questions if "同一人" in q)
    assert f"在登记册中是“张三”的，其 2022 年度专利{paid} 的助推款已登记拨付" in question
    assert "同名不一定是同一人，请先核对第一发明人的身份证复印件" in question
    assert "保存时不按本表更改此人的卡号、电话" in question
    assert f"卡号仍为 {mask_card_grouped(CARD_1)}，电话仍为 138****0046" in question
    assert f"本表的卡号 {mask_card_grouped(CARD_2)} 只作本申报的卡号" in question
    assert "被银行退回待重拨时" in question and CARD_1 not in question and ID_1 not in question
    assert "已获助推，其登记的卡号、电话不随本申报更改" in window.statusBar().currentMessage()


def test_back_to_correct_on_the_question_saves_nothing(window, qtbot, reg, answers):
    paid, other = _paid_zhang_and_his_paper_typed_wrong(reg)
    answers.yes = False
    _screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert any("同名不一定是同一人" in q for q in answers.questions)
    assert form.isVisible() and reg.patent(other).id_number == ID_2
    assert _person(reg, ID_1) == ("张三", CARD_1, PHONE)
    form.hide()


def test_his_phone_is_corrected_by_saving_the_paper_again(window, qtbot, reg, answers):
    """The paper his now, its 联系电话 shows his: typed again, it is his; the paper's card,
    not typed anew, is still not put over the one his award went to."""
    _paid, other = _paid_zhang_and_his_paper_typed_wrong(reg)
    screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    _screen, form = open_form(qtbot, window, other)
    assert form.editor("phone").value() == PHONE
    retype(qtbot, form, "phone", "13900002222")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert _person(reg, ID_1) == ("张三", CARD_1, "13900002222")


def test_a_person_without_an_award_takes_the_papers_facts_as_before(
        window, qtbot, reg, answers):
    """Not paid nor approved: his newest paper's card and phone are his (each paper its own)."""
    from test_ui_corrections import a_patent

    zhang = a_patent(reg)
    other = _his_paper_typed_wrong(reg)
    _screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert not any("同名不一定是同一人" in q for q in answers.questions)
    assert _person(reg, ID_1) == ("张三", CARD_2, "13900002222")
    assert reg.patent(zhang).card_number == CARD_1


def test_the_register_keeps_them_whoever_saves(reg):
    """The domain, not the form: a save moving a paper onto an awarded person keeps his."""
    from dataclasses import replace

    _paid, other = _paid_zhang_and_his_paper_typed_wrong(reg)
    reg.save_patent(replace(reg.patent(other), id_number=ID_1))
    assert _person(reg, ID_1) == ("张三", CARD_1, PHONE)
    assert reg.patent(other).card_number == CARD_2


def test_an_approved_persons_card_is_kept_too_as_the_import_keeps_it(
        window, qtbot, reg, answers):
    """Approved, nothing sent yet: his approval sheet names his card; kept likewise, but his
    approved paper's card is still corrected on its own form (no 退汇 to wait for)."""
    paid = a_paid_patent(reg, pay=False)
    reg.conn.execute("UPDATE people SET phone = ? WHERE id_number = ?", (PHONE, ID_1))
    other = _his_paper_typed_wrong(reg)
    _screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    question = next(q for q in answers.questions if "同一人" in q)
    assert f"其 2022 年度专利{paid} 的助推款已核准" in question and "退汇" not in question
    assert "待重拨" not in question
    assert _person(reg, ID_1) == ("张三", CARD_1, PHONE)
