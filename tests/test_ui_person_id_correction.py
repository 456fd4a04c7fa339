"""An auditor finds a paid inventor's ID number typed with two digits swapped: the money
went to his union card, not to the number, so the clerk corrects the number on the 人员 tab
(Ctrl+Enter on his row), with a reason, on every paper, sheet and list; the paid money
stays as it was paid, and the verdicts are judged again on the true number."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_2, ID_1, ID_2, INVENTION_2
from PySide6.QtCore import Qt
from test_printing import pdf_text, squash
from test_ui_corrections import a_paid_patent, open_form, payers, person_dialog, retype
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.finance.read_lines import payment_lines
from boostdesk.labels import mask_id
from boostdesk.models.campaign import plan_2022
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.rules import recheck
from boostdesk.ui.detail import DetailPane

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
# ID_1 with its month's two digits swapped (1980-01-01 typed 1980-10-01): fails the check
WRONG = ID_1[:10] + ID_1[11] + ID_1[10] + ID_1[12:]


def money(reg, app_id):
    return sorted((x.payer_name, x.tranche, x.amount_fen, x.paid_date, x.voucher,
                   x.card_number) for x in payment_lines(reg, 2022, app_ids=[app_id]))


def id_dialog(qtbot, window, name="张三"):
    screen, dialog = person_dialog(qtbot, window, name, CTRL)
    assert dialog is not None and dialog.windowTitle() == f"更正身份证号 — {name}"
    return screen, dialog


def stored_eligible(reg, app_id):
    return reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,))


def test_a_paid_inventors_swapped_id_digits_are_corrected_on_the_people_screen(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, id_number=WRONG)
    paid = money(reg, app_id)
    assert len(paid) == 2 and all(line[3] for line in paid)
    assert stored_eligible(reg, app_id) == 0  # judged 不符合 on the mistyped number
    _screen, dialog = id_dialog(qtbot, window)
    assert dialog.new_number.text() == WRONG  # the whole number, to compare with the copy
    assert "校验位" in dialog.note.text()
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    assert dialog.note.text() == "出生日期 1980-01-01"
    dialog.accept()
    assert answers.errors[-1][1] == "请写明更正原因，它记入修改记录"
    assert reg.patent(app_id).id_number == WRONG
    type_text(qtbot, "审计核对身份证复印件，月份两位录入时颠倒", dialog.reason)
    dialog.accept()

    question = answers.questions[-1]
    assert "“张三”的 1 项申报已登记拨付" in question and "金额和卡号不变" in question
    # which papers: a person-wide change must not surprise (another's paper under his ID)
    assert f"共 1 项申报随之更正：2022 年度专利{app_id}（已拨付）。" in question
    assert closed(dialog)
    assert reg.patent(app_id).id_number == ID_1
    assert reg.person_by_id_number(WRONG) is None
    assert money(reg, app_id) == paid  # the same payers, amounts, dates, vouchers, card
    assert {x.id_number for x in payment_lines(reg, 2022, app_ids=[app_id])} == {ID_1}
    assert stored_eligible(reg, app_id) == 1  # judged again on the true number
    assert reg.audit_trail("people", reg.patent(app_id).person_id)[-1]["after"] == {
        "id_number": ID_1, "reason": "审计核对身份证复印件，月份两位录入时颠倒"}

    window.ctx.undo_stack.undo()  # the wrong number back, though it fails the check digit
    assert reg.patent(app_id).id_number == WRONG and stored_eligible(reg, app_id) == 0
    assert money(reg, app_id) == paid
    window.ctx.undo_stack.redo()
    assert reg.patent(app_id).id_number == ID_1 and stored_eligible(reg, app_id) == 1


def test_an_invalid_corrected_number_is_refused_in_the_dialog(window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, id_number=WRONG)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1[:-1] + ("1" if ID_1[-1] != "1" else "2"), dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    assert answers.errors[-1][1].startswith("更正后的身份证号无效：身份证号校验位应为")
    assert not answers.questions  # refused before asking
    assert reg.patent(app_id).id_number == WRONG


def test_a_number_of_another_person_is_refused_naming_his_papers_and_years(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, id_number=WRONG)
    reg.save_campaign(plan_2022().for_year(2023))
    other = reg.save_patent(PatentApplication(
        2023, title="一种焊缝修补方法", patent_number_raw=INVENTION_2, inventor_name="李四",
        id_number=ID_2, card_number=CARD_2, unit_name="北京市海淀区总工会"))
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_2, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    title, text = answers.errors[-1][:2]
    assert title == "未更正"
    # numbers masked as on every screen (the message box is error_text's)
    assert f"身份证号 {mask_id(ID_2)} 在登记册中已是“李四”的（2023 年度专利{other}）" in text
    assert "未更正" in text and f"把身份证号改为“张三”现登记的号码 {mask_id(WRONG)}" in text
    assert dialog.isVisible() and reg.patent(app_id).id_number == WRONG
    assert reg.patent(other).id_number == ID_2 and reg.patent(other).inventor_name == "李四"


def test_a_corrected_number_is_printed_on_sheets_lists_and_exports(
        window, qtbot, reg, answers, tmp_path):
    from boostdesk.io.export_summary import build_summary
    from boostdesk.printing.approval import load_sheets, write_approval_pdf
    from boostdesk.printing.payments import build_payment_lists, write_payments_pdf

    app_id = a_paid_patent(reg, id_number=WRONG)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    assert reg.patent(app_id).id_number == ID_1

    sheet = tmp_path / "sheet.pdf"
    write_approval_pdf(sheet, load_sheets(reg, 2022), unmasked=True)
    assert ID_1 in squash(pdf_text(sheet)) and WRONG not in squash(pdf_text(sheet))
    lists = build_payment_lists(reg, 2022, 1, unpaid_only=False)
    finance_copy, masked = tmp_path / "f.pdf", tmp_path / "m.pdf"
    write_payments_pdf(finance_copy, lists, unmasked=True)
    write_payments_pdf(masked, lists)
    assert ID_1 in squash(pdf_text(finance_copy))
    assert WRONG not in squash(pdf_text(finance_copy))
    assert mask_id(ID_1) in squash(pdf_text(masked))
    rows = build_summary(reg, PATENT, 2022, unmasked=True).rows
    assert any(ID_1 in row for row in rows) and not any(WRONG in row for row in rows)


def test_the_papers_trail_shows_the_correction_and_where_the_number_changed(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, id_number=WRONG)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对身份证复印件", dialog.reason)
    dialog.accept()
    pane = DetailPane(reg)
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    text = text[text.index("修改记录"):]
    assert "录入员甲 更正身份证号" in text
    # masked both ways alike: the places changed tell them apart
    assert f"身份证号：{mask_id(WRONG)} → {mask_id(ID_1)}（第 11、12 位）" in text
    assert "理由：审计核对身份证复印件" in text
    assert ID_1 not in text and WRONG not in text
    assert {x[2] for x in payers(reg, app_id)} == {reg.patent(app_id).card_number}


def test_the_true_number_typed_on_a_later_paper_is_merged_as_the_refusal_says(
        window, qtbot, reg, answers):
    """2023's paper was typed with the true number: a second 张三. The refusal says to move
    that paper onto the paid record first (its ID typed as the paid one's), then correct:
    one person, both awards' cards and the paid money as they were."""
    from dataclasses import replace

    app_id = a_paid_patent(reg, id_number=WRONG)
    reg.save_campaign(plan_2022().for_year(2023))
    later = reg.save_patent(PatentApplication(
        2023, title="一种焊缝修补方法", patent_number_raw=INVENTION_2, inventor_name="张三",
        id_number=ID_1, card_number=CARD_2, unit_name="北京市海淀区总工会"))
    paid = money(reg, app_id)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    text = answers.errors[-1][1]
    assert f"已是“张三”的（2023 年度专利{later}）" in text and "如两条记录确是同一人" in text
    dialog.reject()

    reg.save_patent(replace(reg.patent(later), id_number=WRONG))  # as the form saves it
    recheck(reg)  # as the window's write does
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    assert reg.patent(app_id).id_number == reg.patent(later).id_number == ID_1
    assert reg.patent(app_id).person_id == reg.patent(later).person_id
    assert reg.patent(later).card_number == CARD_2 and money(reg, app_id) == paid
    assert stored_eligible(reg, app_id) == 1 and stored_eligible(reg, later) == 1


def test_the_paid_paper_opened_after_the_correction_shows_it_and_still_saves_a_remark(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, id_number=WRONG)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    paid = money(reg, app_id)
    _screen, form = open_form(qtbot, window, app_id)
    assert form.editor("id_number").value() == ID_1 and not form.editor("id_number").isEnabled()
    retype(qtbot, form, "remarks", "身份证号经审计更正")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(app_id).remarks == "身份证号经审计更正"
    assert reg.patent(app_id).id_number == ID_1 and money(reg, app_id) == paid


def test_the_paid_papers_form_says_where_its_greyed_id_is_corrected(window, qtbot, reg, answers):
    """The form greys a paid paper's ID: it must not leave the clerk at a dead end."""
    from dataclasses import replace

    from boostdesk.models.register import RegisterError

    app_id = a_paid_patent(reg, id_number=WRONG)
    _screen, form = open_form(qtbot, window, app_id)
    assert not form.editor("id_number").isEnabled()
    banner = form.banner.text()
    assert "“单位与人员”→“人员”" in banner and "Ctrl+Enter 更正身份证号" in banner
    assert "Ctrl+Enter" in form.editor("id_number").toolTip()
    form.reject()
    try:  # any way round the form
        reg.save_patent(replace(reg.patent(app_id), id_number=ID_1))
    except RegisterError as exc:
        assert "身份证号不能再改" in str(exc) and "按 Ctrl+Enter 更正身份证号" in str(exc)
    else:
        raise AssertionError("a paid paper's ID was changed by a save")
    assert reg.patent(app_id).id_number == WRONG


def test_an_undo_finding_the_old_number_taken_since_says_so(window, qtbot, reg, answers):
    """After the correction, a table imported on the command line brought the mistyped
    number back as another person's: Ctrl+Z cannot put it back on 张三, and says why."""
    app_id = a_paid_patent(reg, id_number=WRONG)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    reg.save_campaign(plan_2022().for_year(2023))
    later = reg.save_patent(PatentApplication(
        2023, title="一种焊缝修补方法", patent_number_raw=INVENTION_2, inventor_name="王五",
        id_number=WRONG, card_number=CARD_2, unit_name="北京市海淀区总工会"))
    window.ctx.undo_stack.undo()
    title, text = answers.errors[-1][:2]
    assert title == "无法撤销“更正「张三」的身份证号”"
    assert f"身份证号 {mask_id(WRONG)} 现已是“王五”的（2023 年度专利{later}），不能改回" in text
    assert "请核对身份证复印件" not in text  # the advice for a number typed, not put back
    assert reg.patent(app_id).id_number == ID_1 and reg.patent(later).id_number == WRONG


def test_an_approved_unpaid_award_is_asked_about_its_printed_sheet(window, qtbot, reg, answers):
    """Approved, its sheet printed and signed with the wrong number, not paid yet: the
    clerk is told the sheet changes and is to be printed again."""
    app_id = a_paid_patent(reg, id_number=WRONG, pay=False)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    question = answers.questions[-1]
    assert "“张三”的 1 项申报已核准" in question and "请重新打印" in question
    assert reg.patent(app_id).id_number == ID_1


def test_the_keys_list_names_the_people_tabs_corrections(qapp):
    from boostdesk.ui.help_dialogs import KeysDialog

    keys = dict(KeysDialog([]).rows)
    assert keys["Enter / Ctrl+Enter"] == "单位与人员 → 人员：更正所选人员的姓名 / 身份证号"


def test_merged_onto_the_paid_record_a_second_paper_that_year_loses_its_award(
        window, qtbot, reg, answers):
    """一（三）每人每年最多享受一次助推, judged by the ID number: the same man's second 2022
    paper, typed with the true number, looked like another person's and was 合格. Put on his
    record as the refusal says and the number corrected, it is refused: he was paid for 2022."""
    from dataclasses import replace
    from datetime import date

    app_id = a_paid_patent(reg, id_number=WRONG)
    second = reg.save_patent(PatentApplication(
        2022, title="一种焊缝修补方法", patent_number_raw=INVENTION_2,
        grant_date=date(2021, 6, 1), inventor_name="张三", id_number=ID_1, card_number=CARD_2,
        unit_name="北京市海淀区总工会", enterprise_name="北京测试有限公司", frontline=True,
        service_invention=True, applied_in_production=True))
    recheck(reg)
    assert stored_eligible(reg, second) == 1
    reg.save_patent(replace(reg.patent(second), id_number=WRONG))
    recheck(reg)
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, ID_1, dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    dialog.accept()
    assert "共 2 项申报随之更正" in answers.questions[-1]
    assert stored_eligible(reg, app_id) == 1 and stored_eligible(reg, second) == 0
    findings = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (second,))
    assert "PERSON_ALREADY_AWARDED_THIS_YEAR" in findings and f"专利{app_id}" in findings
