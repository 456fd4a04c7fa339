"""A recommending union's share is paid by that union, and its payment list is stamped
under the name the register gives it. Merging or renaming a union that has paid shares
changes who the lists say paid: asked with each paid share and printed list named, a
reason kept on each share's line, undoable; refused where it would say another paid."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import CARD_2, ID_2, INVENTION_2
from openpyxl import load_workbook
from test_printing import pdf_text, squash
from test_ui_corrections import _unit_row, a_paid_patent
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.audit_log import trail
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import RegisterError
from boostdesk.money import format_money
from boostdesk.printing.payments import (
    build_payment_lists,
    write_payments_pdf,
    write_payments_xlsx,
)

__all__ = ["answers", "ctx", "qsettings", "window"]

SHORT, FULL = "海淀区总工会", "北京市海淀区总工会"
WHY = "两种写法同属海淀区总工会，以工会法人证书为准"


def union_lines(reg, app_id):
    return sorted((x.payer_name, x.amount_fen, x.paid_date, x.voucher)
                  for x in payment_lines(reg, 2022, app_ids=[app_id])
                  if x.payer == "union")


def both_spellings_paid(reg):
    first = a_paid_patent(reg, unit=SHORT)
    second = a_paid_patent(reg, unit=FULL, number=INVENTION_2, name="李四",
                           id_number=ID_2, card=CARD_2)
    return first, second


def test_merging_two_paid_spellings_names_each_share_needs_a_reason_and_undoes(
        window, reg, answers, tmp_path):
    first, second = both_spellings_paid(reg)
    share = next(x for x in payment_lines(reg, 2022, app_ids=[first])
                 if x.payer == "union")
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, SHORT))
    dialog = screen.edit_current()
    dialog.new_name.setText(FULL)
    dialog.accept()
    assert "请写明改名原因" in answers.errors[-1][1]  # the stamped list names the old one
    assert reg.patent(first).unit_name == SHORT and not answers.questions

    dialog.reason.setText(WHY)
    dialog.accept()
    question = answers.questions[-1]
    assert f"专利{first} 一次拨付 {format_money(share.amount_fen)}" in question
    assert "2023-01-10 已拨付，凭证 记-2023-0001" in question
    assert f"已按“{SHORT}”打印盖章的：2022 年度专利助推拨付清单（一次拨付）" in question
    assert reg.patent(first).unit_name == FULL
    assert union_lines(reg, first) == [(FULL, share.amount_fen, share.paid_date, share.voucher)]
    # (every payment line's details name its 付款单位: the rename is known by its action)
    [line] = [x for x in trail(reg, application=("patent", first)) if x.entity == "payments"
              and x.action == "付款单位改名（推荐单位改名或合并）"]
    assert f"付款单位：{SHORT} → {FULL}" in line.details and WHY in line.details
    # the reprinted list, paid lines too, under the one union; a paid line says the name
    # its stamped list and voucher bear
    lists = build_payment_lists(reg, 2022, 1, unpaid_only=False)
    pdf = tmp_path / "lists.pdf"
    write_payments_pdf(pdf, lists)
    text = squash(pdf_text(pdf))  # a wrapped cell's lines come out interleaved
    assert f"付款单位：{FULL}" in text and text.count("付款时单位名为") == 1
    assert [pl.paid_as for pl in lists if pl.payer_name == FULL] == [{share.id: SHORT}]
    xlsx = tmp_path / "lists.xlsx"
    write_payments_xlsx(xlsx, lists)
    cells = [c for ws in load_workbook(xlsx) for row in ws.iter_rows(values_only=True)
             for c in row if c]
    assert f"付款时单位名为“{SHORT}”" in cells

    window.ctx.undo_stack.undo()
    assert reg.patent(first).unit_name == SHORT and reg.patent(second).unit_name == FULL
    assert union_lines(reg, first) == [(SHORT, share.amount_fen, share.paid_date,
                                        share.voucher)]
    assert reg.audit_trail("payments", share.id)[-1]["after"] == {
        "payer_name": SHORT, "reason": "撤销：" + WHY}
    assert not any(pl.paid_as for pl in build_payment_lists(reg, 2022, 1, unpaid_only=False))
    window.ctx.undo_stack.redo()
    assert union_lines(reg, first)[0][0] == FULL


def test_a_paid_union_is_not_merged_into_a_union_of_another_kind(reg):
    """海淀区总工会 into 北京市建设工会 (产业) reads as a slip of the list, not a spelling:
    its paid shares would be recorded as paid by another union."""
    first = a_paid_patent(reg, unit=SHORT)
    a_paid_patent(reg, unit="北京市建设产业工会", number=INVENTION_2, name="李四",
                  id_number=ID_2, card=CARD_2)
    with pytest.raises(RegisterError, match="类别不同"):
        reg.rename_unit(SHORT, "北京市建设产业工会", WHY)
    assert reg.patent(first).unit_name == SHORT
    assert union_lines(reg, first)[0][0] == SHORT


def test_an_unpaid_unions_merge_needs_no_reason(reg):
    first = a_paid_patent(reg, unit=SHORT, pay=False)
    a_paid_patent(reg, unit=FULL, number=INVENTION_2, name="李四", id_number=ID_2,
                  card=CARD_2)
    reg.rename_unit(SHORT, FULL)
    assert reg.patent(first).unit_name == FULL


def test_a_rename_undone_after_a_paper_brought_the_old_spelling_back(reg):
    """海淀区总工会 renamed 北京市海淀区总工会 (paid shares moved, with a reason), then a
    table typed the old spelling again: the undo gives the old name back by merging into
    the row the table made, instead of failing on the name being taken."""
    first = a_paid_patent(reg, unit=SHORT)
    done = reg.rename_unit(SHORT, FULL, WHY)
    later = a_paid_patent(reg, unit=SHORT, number=INVENTION_2, name="李四", id_number=ID_2,
                          card=CARD_2, pay=False)
    reg.unrename_unit(done)
    assert reg.patent(first).unit_name == SHORT and reg.patent(later).unit_name == SHORT
    assert union_lines(reg, first)[0][0] == SHORT


def test_renaming_a_union_with_an_approved_unpaid_award_names_its_sheet(
        window, reg, answers):
    """Approved, not yet paid: no reason needed, but its signed sheet names the old
    spelling — the rename used to go through without a word."""
    app_id = a_paid_patent(reg, unit="北京市海定区总工会", pay=False)
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, "北京市海定区总工会"))
    dialog = screen.edit_current()
    dialog.new_name.setText(FULL)
    dialog.accept()
    assert not answers.errors
    assert f"已核准、推荐单位部分尚未拨付的 专利{app_id}：审批表和拨付清单如已打印" in \
        answers.questions[-1]
    assert reg.patent(app_id).unit_name == FULL


def test_payment_lists_asked_for_by_the_old_spelling_say_where_they_went(reg, tmp_path, capsys):
    """Finance holds the stamped list of 北京市海定区总工会 and asks for it by that name after
    the merge:
    “没有名为…的付款单位” read as if the union and its payments were gone."""
    from boostdesk.cli import main

    a_paid_patent(reg, unit="北京市海定区总工会")
    a_paid_patent(reg, unit=FULL, number=INVENTION_2, name="李四", id_number=ID_2, card=CARD_2)
    reg.rename_unit("北京市海定区总工会", FULL, WHY)
    reg.close()
    out = tmp_path / "lists.pdf"
    assert main(["print", "payments", "--db", str(reg.path), "--tranche", "1", "--payer", "北京市海定区总工会",
                 "--include-paid", "--out", str(out)]) == 1
    assert f"推荐单位“北京市海定区总工会”已改名或并入“{FULL}”" in capsys.readouterr().err


def test_the_dialog_refusing_a_merge_into_another_kind_says_why_and_stays_open(
        window, reg, answers):
    first = a_paid_patent(reg, unit=SHORT)
    a_paid_patent(reg, unit="北京市建设产业工会", number=INVENTION_2, name="李四",
                  id_number=ID_2, card=CARD_2)
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, SHORT))
    dialog = screen.edit_current()
    dialog.new_name.setText("北京市建设产业工会")
    dialog.reason.setText(WHY)
    dialog.accept()
    assert any("类别不同" in text for _title, text in answers.errors), answers.errors
    assert "只把“海淀区总工会”的类别改为产业并保存，再合并" in answers.errors[-1][1]
    assert dialog.isVisible() and reg.patent(first).unit_name == SHORT
    uid = reg.scalar("SELECT id FROM units WHERE name = ?", (SHORT,))
    reg.rename_unit(SHORT, "北京市海淀区总工会（更正）", WHY)  # a rename keeps its reason
    assert reg.audit_trail("units", uid)[-1]["after"]["reason"] == WHY


def test_the_way_the_refusal_gives_merges_the_two_after_the_kind_is_saved(
        window, reg, answers):
    first = a_paid_patent(reg, unit="北京市建设工会")  # guessed 直属基层, truly 产业
    a_paid_patent(reg, unit="北京市建设产业工会", number=INVENTION_2, name="李四",
                  id_number=ID_2, card=CARD_2)
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, "北京市建设工会"))
    dialog = screen.edit_current()
    dialog.kind.setCurrentText("产业")
    dialog.accept()
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, "北京市建设工会"))
    dialog = screen.edit_current()
    dialog.new_name.setText("北京市建设产业工会")
    dialog.reason.setText("同一工会，以工会法人证书为准")
    dialog.accept()
    assert not answers.errors, answers.errors
    assert reg.patent(first).unit_name == "北京市建设产业工会"
